/* atelier-batch-header.c: the heading of a batch's jobs in the job list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-batch-header"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-batch-header.h"
#include "atelier-job.h"
#include "atelier-resources.h"

/* The Compare view's action (the window's), which takes job ids. */
#define COMPARE_ACTION "win.compare"

struct _AtelierBatchHeader
{
  GtkWidget    parent_instance;

  /* Template Widgets */
  GtkLabel    *title_label;
  GtkWidget   *compare_button;

  /* Owned References */
  GListModel  *model;
  GtkListItem *item;
  char        *batch_id;
  GStrv        job_ids;

  gulong       items_changed_id;
  guint        update_id;
};

G_DEFINE_FINAL_TYPE (AtelierBatchHeader, atelier_batch_header, GTK_TYPE_WIDGET)

static const char *
batch_at (GListModel *model,
          guint       position)
{
  g_autoptr(AtelierJob) job = g_list_model_get_item (model, position);

  /* The job list keeps its jobs: the string outlives the reference. */
  return job != NULL ? atelier_job_get_batch_id (job) : NULL;
}

static void
hide (AtelierBatchHeader *self)
{
  g_clear_pointer (&self->batch_id, g_free);
  g_clear_pointer (&self->job_ids, g_strfreev);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->compare_button), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
update (AtelierBatchHeader *self)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *title = NULL;
  AtelierJob *job;
  const char *batch;
  guint position, n_items, n = 0;

  if (self->item == NULL || (job = gtk_list_item_get_item (self->item)) == NULL
      || (batch = atelier_job_get_batch_id (job)) == NULL
      || (position = gtk_list_item_get_position (self->item)) == GTK_INVALID_LIST_POSITION
      || (position > 0 && g_strcmp0 (batch_at (self->model, position - 1), batch) == 0))
    {
      hide (self);
      return;
    }

  /* The run this job starts: a batch's jobs are made together, so they
   * sit together in a list sorted by creation. */
  ids = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  n_items = g_list_model_get_n_items (self->model);
  for (guint i = position; i < n_items; i++)
    {
      g_autoptr(AtelierJob) other = g_list_model_get_item (self->model, i);

      if (g_strcmp0 (atelier_job_get_batch_id (other), batch) != 0)
        break;
      /* The list is newest first; Compare shows them in the order made,
       * the order the services were ticked. */
      g_ptr_array_insert (ids, 0, g_strdup (atelier_job_get_id (other)));
      n++;
    }

  g_free (self->batch_id);
  self->batch_id = g_strdup (batch);
  g_strfreev (self->job_ids);
  self->job_ids = (GStrv) g_ptr_array_steal (ids, NULL);

  /* Translators: the heading of jobs sent together to several services */
  title = g_strdup_printf (ngettext ("Batch of %u job", "Batch of %u jobs", n),
                           n);
  gtk_label_set_text (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  /* Target first: the action takes job ids, and a button naming it without
   * them would not match its parameter type. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->compare_button),
                                          g_variant_new_strv ((const char * const *) self->job_ids, -1));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->compare_button), COMPARE_ACTION);
  gtk_widget_set_visible (self->compare_button, n > 1);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static gboolean
update_idle (gpointer data)
{
  AtelierBatchHeader *self = data;

  self->update_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* After the list has moved its rows: the neighbours may have changed. */
static void
on_items_changed (AtelierBatchHeader *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add (update_idle, self);
}

static void
atelier_batch_header_dispose (GObject *object)
{
  AtelierBatchHeader *self = ATELIER_BATCH_HEADER (object);
  GtkWidget *child;

  atelier_batch_header_unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_BATCH_HEADER);
  /* Template children without an id are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (atelier_batch_header_parent_class)->dispose (object);
}

static void
atelier_batch_header_finalize (GObject *object)
{
  AtelierBatchHeader *self = ATELIER_BATCH_HEADER (object);

  g_clear_pointer (&self->batch_id, g_free);
  g_clear_pointer (&self->job_ids, g_strfreev);

  G_OBJECT_CLASS (atelier_batch_header_parent_class)->finalize (object);
}

static void
atelier_batch_header_class_init (AtelierBatchHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_batch_header_dispose;
  object_class->finalize = atelier_batch_header_finalize;

  /* The resources live in a static library: referencing them keeps them
   * linked, and linked they register themselves. */
  atelier_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-batch-header.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierBatchHeader, title_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierBatchHeader, compare_button);

  gtk_widget_class_set_css_name (widget_class, "atelierbatchheader");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_batch_header_init (AtelierBatchHeader *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
atelier_batch_header_new (void)
{
  return g_object_new (ATELIER_TYPE_BATCH_HEADER, NULL);
}

void
atelier_batch_header_bind (AtelierBatchHeader *self,
                           GListModel         *model,
                           GtkListItem        *item)
{
  g_return_if_fail (ATELIER_IS_BATCH_HEADER (self));
  g_return_if_fail (G_IS_LIST_MODEL (model));
  g_return_if_fail (GTK_IS_LIST_ITEM (item));

  atelier_batch_header_unbind (self);
  self->model = g_object_ref (model);
  /* Weak: the item holds the row that holds this header. */
  g_set_weak_pointer (&self->item, item);
  /* Rows rebind all the time while scrolling: keep the id, not a search. */
  self->items_changed_id = g_signal_connect_swapped (model, "items-changed",
                                                     G_CALLBACK (on_items_changed), self);
  update (self);
}

void
atelier_batch_header_unbind (AtelierBatchHeader *self)
{
  g_return_if_fail (ATELIER_IS_BATCH_HEADER (self));

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_clear_object (&self->model);
  g_clear_weak_pointer (&self->item);
  hide (self);
}

const char *
atelier_batch_header_get_batch_id (AtelierBatchHeader *self)
{
  g_return_val_if_fail (ATELIER_IS_BATCH_HEADER (self), NULL);
  return self->batch_id;
}

GStrv
atelier_batch_header_dup_job_ids (AtelierBatchHeader *self)
{
  g_return_val_if_fail (ATELIER_IS_BATCH_HEADER (self), NULL);

  if (self->job_ids == NULL)
    return g_new0 (char *, 1);
  return g_strdupv (self->job_ids);
}
