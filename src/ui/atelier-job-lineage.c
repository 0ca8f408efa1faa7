/* atelier-job-lineage.c: links to a job's parent and children
 *
 * The parent is the job's parent-id; the children are the jobs whose
 * parent-id is this job's, found in the engine's list (which changes as
 * jobs are made, so the links follow it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-lineage"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-job-lineage.h"

struct _AtelierJobLineage
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  AtelierEngine  *engine;
  AtelierJob     *job;
  gulong          list_handler;
};

G_DEFINE_FINAL_TYPE (AtelierJobLineage, atelier_job_lineage, GTK_TYPE_WIDGET)

/* "Core3D product design · Tee", or the prompt. */
static char *
describe (AtelierJobLineage *self,
          AtelierJob        *job)
{
  AtelierProvider *provider = self->engine != NULL
                              ? atelier_engine_get_provider (self->engine,
                                                             atelier_job_get_provider (job))
                              : NULL;
  const char *name = provider != NULL ? atelier_provider_get_display_name (provider)
                                      : atelier_job_get_provider (job);
  const char *what = atelier_job_get_prompt (job);

  if (what == NULL || *what == '\0')
    what = atelier_job_get_param (job, "type");
  if (what == NULL || *what == '\0')
    return g_strdup (name);
  return g_strdup_printf ("%s · %s", name, what);
}

static void
add_link (AtelierJobLineage *self,
          const char        *heading,
          AtelierJob        *job)
{
  g_autofree char *label = describe (self, job);
  g_autofree char *text = g_strdup_printf ("%s %s", heading, label);
  GtkWidget *button = gtk_button_new_with_label (text);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))),
                           PANGO_ELLIPSIZE_END);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-job");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", atelier_job_get_id (job));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  gtk_box_append (GTK_BOX (self->box), button);
}

static void
refill (AtelierJobLineage *self)
{
  GtkWidget *child;
  GListModel *jobs;
  const char *parent_id;
  gboolean any = FALSE;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);

  if (self->job != NULL && self->engine != NULL)
    {
      jobs = G_LIST_MODEL (atelier_engine_get_jobs (self->engine));
      parent_id = atelier_job_get_parent_id (self->job);
      if (parent_id != NULL)
        {
          AtelierJob *parent = atelier_job_list_lookup (atelier_engine_get_jobs (self->engine),
                                                        parent_id);

          if (parent != NULL)
            {
              /* Translators: a link to the job this one was made from */
              add_link (self, _("Made from:"), parent);
              any = TRUE;
            }
        }
      for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
        {
          g_autoptr(AtelierJob) other = g_list_model_get_item (jobs, i);

          if (g_strcmp0 (atelier_job_get_parent_id (other), atelier_job_get_id (self->job)) == 0)
            {
              /* Translators: a link to a job made from this one */
              add_link (self, _("Made from this:"), other);
              any = TRUE;
            }
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self), any);
}

static void
on_items_changed (AtelierJobLineage *self)
{
  refill (self);
}

void
atelier_job_lineage_set_engine (AtelierJobLineage *self,
                                AtelierEngine     *engine)
{
  g_return_if_fail (ATELIER_IS_JOB_LINEAGE (self));

  if (self->engine != NULL)
    g_clear_signal_handler (&self->list_handler, atelier_engine_get_jobs (self->engine));
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    self->list_handler = g_signal_connect_swapped (atelier_engine_get_jobs (engine), "items-changed",
                                                   G_CALLBACK (on_items_changed), self);
  refill (self);
}

static void
on_job_notify (AtelierJobLineage *self)
{
  refill (self);
}

void
atelier_job_lineage_set_job (AtelierJobLineage *self,
                             AtelierJob        *job)
{
  g_return_if_fail (ATELIER_IS_JOB_LINEAGE (self));

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, on_job_notify, self);
  g_set_object (&self->job, job);
  if (job != NULL)
    g_signal_connect_swapped (job, "notify::parent-id", G_CALLBACK (on_job_notify), self);
  refill (self);
}

static void
atelier_job_lineage_dispose (GObject *object)
{
  AtelierJobLineage *self = ATELIER_JOB_LINEAGE (object);

  atelier_job_lineage_set_job (self, NULL);
  if (self->engine != NULL)
    g_clear_signal_handler (&self->list_handler, atelier_engine_get_jobs (self->engine));
  g_clear_object (&self->engine);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (atelier_job_lineage_parent_class)->dispose (object);
}

static void
atelier_job_lineage_class_init (AtelierJobLineageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = atelier_job_lineage_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "atelierjoblineage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_job_lineage_init (AtelierJobLineage *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_margin_start (self->box, 6);
  gtk_widget_set_margin_end (self->box, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Related jobs"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
atelier_job_lineage_new (void)
{
  return g_object_new (ATELIER_TYPE_JOB_LINEAGE, NULL);
}
