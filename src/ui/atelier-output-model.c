/* atelier-output-model.c: a list of jobs flattened into their outputs
 *
 * GtkFlattenListModel over a GtkMapListModel would make a GListStore of
 * items for every job up front, and again on every refilter: with 10,000
 * jobs, typing in the search would allocate tens of thousands of objects
 * per key. Here a refilter costs one pass of counting (file names only),
 * positions are a prefix sum searched in O(log n), and items exist only
 * for the tiles on screen and the selection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-output-model"

#include "config.h"

#include <gtk/gtk.h>

#include "atelier-output-model.h"

struct _AtelierOutputModel
{
  GObject     parent_instance;

  GListModel *jobs;
  /* starts[i]: position of job i's first item; one more entry than jobs,
   * the last being the number of items. */
  GArray     *starts;
  /* Items alive: (job, index) → AtelierOutputItem, weak. */
  GHashTable *items;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierOutputModel, atelier_output_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_JOBS,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  AtelierJob *job;
  guint       index;
} ItemKey;

static guint
item_key_hash (gconstpointer key)
{
  const ItemKey *k = key;

  return g_direct_hash (k->job) ^ (k->index * 2654435761u);
}

static gboolean
item_key_equal (gconstpointer a,
                gconstpointer b)
{
  const ItemKey *x = a, *y = b;

  return x->job == y->job && x->index == y->index;
}

static guint
start_of (AtelierOutputModel *self,
          guint               job_position)
{
  return g_array_index (self->starts, guint, job_position);
}

static guint
n_jobs (AtelierOutputModel *self)
{
  return self->starts->len - 1;
}

static guint
count_at (GListModel *jobs,
          guint       position)
{
  g_autoptr(AtelierJob) job = g_list_model_get_item (jobs, position);

  return job != NULL ? atelier_output_item_count_for_job (job) : 0;
}

static GType
get_item_type (GListModel *model)
{
  return ATELIER_TYPE_OUTPUT_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  AtelierOutputModel *self = ATELIER_OUTPUT_MODEL (model);

  return start_of (self, n_jobs (self));
}

/* Weak references are told during dispose: the item still holds its job. */
static void
item_finalized (gpointer  data,
                GObject  *where_the_object_was)
{
  AtelierOutputModel *self = data;
  AtelierOutputItem *item = (AtelierOutputItem *) where_the_object_was;
  ItemKey key = { atelier_output_item_get_job (item), atelier_output_item_get_index (item) };

  if (g_hash_table_lookup (self->items, &key) == item)
    g_hash_table_remove (self->items, &key);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  AtelierOutputModel *self = ATELIER_OUTPUT_MODEL (model);
  guint lo = 0, hi = n_jobs (self);
  g_autoptr(AtelierJob) job = NULL;
  AtelierOutputItem *item;
  ItemKey key, *stored;

  if (position >= get_n_items (model))
    return NULL;

  /* The last job whose first item is at or before @position. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (start_of (self, mid) <= position)
        lo = mid;
      else
        hi = mid;
    }

  job = g_list_model_get_item (self->jobs, lo);
  key.job = job;
  key.index = position - start_of (self, lo);
  item = g_hash_table_lookup (self->items, &key);
  if (item != NULL)
    return g_object_ref (item);

  item = atelier_output_item_new (job, key.index);
  stored = g_new (ItemKey, 1);
  *stored = key;
  /* The key borrows the item's own reference on the job. */
  g_hash_table_insert (self->items, stored, item);
  g_object_weak_ref (G_OBJECT (item), item_finalized, self);
  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* Replaces the counts of jobs [position, position + removed) with those of
 * @added jobs now there, and says which items changed. */
static void
splice (AtelierOutputModel *self,
        guint               position,
        guint               removed,
        guint               added)
{
  guint old_first = start_of (self, position);
  guint old_end = start_of (self, position + removed);
  guint old_total = start_of (self, n_jobs (self));
  g_autoptr(GArray) fresh = g_array_sized_new (FALSE, FALSE, sizeof (guint), added);
  guint at = old_first, delta;

  for (guint i = 0; i < added; i++)
    {
      g_array_append_val (fresh, at);
      at += count_at (self->jobs, position + i);
    }

  /* starts[position .. position + removed) make way for the new ones; those
   * after move by the difference. */
  g_array_remove_range (self->starts, position, removed);
  g_array_insert_vals (self->starts, position, fresh->data, added);
  delta = at - old_end;
  for (guint i = position + added; i < self->starts->len; i++)
    g_array_index (self->starts, guint, i) += delta;

  if (old_end - old_first != 0 || at - old_first != 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), old_first, old_end - old_first, at - old_first);
      if (start_of (self, n_jobs (self)) != old_total)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

static void
on_jobs_changed (GListModel         *jobs,
                 guint               position,
                 guint               removed,
                 guint               added,
                 AtelierOutputModel *self)
{
  splice (self, position, removed, added);
}

static void
forget_items (AtelierOutputModel *self,
              AtelierJob         *job)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (job == NULL || ((ItemKey *) key)->job == job)
      {
        g_object_weak_unref (value, item_finalized, self);
        g_hash_table_iter_remove (&iter);
      }
}

static void
atelier_output_model_dispose (GObject *object)
{
  AtelierOutputModel *self = ATELIER_OUTPUT_MODEL (object);

  if (self->jobs != NULL)
    g_signal_handlers_disconnect_by_func (self->jobs, on_jobs_changed, self);
  g_clear_object (&self->jobs);
  if (self->items != NULL)
    forget_items (self, NULL);

  G_OBJECT_CLASS (atelier_output_model_parent_class)->dispose (object);
}

static void
atelier_output_model_finalize (GObject *object)
{
  AtelierOutputModel *self = ATELIER_OUTPUT_MODEL (object);

  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->starts, g_array_unref);

  G_OBJECT_CLASS (atelier_output_model_parent_class)->finalize (object);
}

static void
atelier_output_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AtelierOutputModel *self = ATELIER_OUTPUT_MODEL (object);

  switch (prop_id)
    {
    case PROP_JOBS:
      g_value_set_object (value, self->jobs);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, get_n_items (G_LIST_MODEL (self)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_output_model_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AtelierOutputModel *self = ATELIER_OUTPUT_MODEL (object);

  switch (prop_id)
    {
    case PROP_JOBS:
      atelier_output_model_set_jobs (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_output_model_class_init (AtelierOutputModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_output_model_dispose;
  object_class->finalize = atelier_output_model_finalize;
  object_class->get_property = atelier_output_model_get_property;
  object_class->set_property = atelier_output_model_set_property;

  properties[PROP_JOBS] =
    g_param_spec_object ("jobs", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_output_model_init (AtelierOutputModel *self)
{
  guint zero = 0;

  self->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (self->starts, zero);
  self->items = g_hash_table_new_full (item_key_hash, item_key_equal, g_free, NULL);
}

AtelierOutputModel *
atelier_output_model_new (GListModel *jobs)
{
  return g_object_new (ATELIER_TYPE_OUTPUT_MODEL, "jobs", jobs, NULL);
}

GListModel *
atelier_output_model_get_jobs (AtelierOutputModel *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_MODEL (self), NULL);

  return self->jobs;
}

void
atelier_output_model_set_jobs (AtelierOutputModel *self,
                               GListModel         *jobs)
{
  guint removed;

  g_return_if_fail (ATELIER_IS_OUTPUT_MODEL (self));
  g_return_if_fail (jobs == NULL || G_IS_LIST_MODEL (jobs));

  if (self->jobs == jobs)
    return;

  removed = n_jobs (self);
  if (self->jobs != NULL)
    g_signal_handlers_disconnect_by_func (self->jobs, on_jobs_changed, self);
  g_set_object (&self->jobs, jobs);
  if (jobs != NULL)
    g_signal_connect (jobs, "items-changed", G_CALLBACK (on_jobs_changed), self);
  splice (self, 0, removed, jobs != NULL ? g_list_model_get_n_items (jobs) : 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOBS]);
}

guint
atelier_output_model_find_job (AtelierOutputModel *self,
                               AtelierJob         *job)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_MODEL (self), GTK_INVALID_LIST_POSITION);

  /* New jobs are on top, and a job that just finished is new. */
  for (guint i = 0; i < n_jobs (self); i++)
    {
      g_autoptr(AtelierJob) other = g_list_model_get_item (self->jobs, i);

      if (other == job)
        return start_of (self, i);
    }
  return GTK_INVALID_LIST_POSITION;
}

void
atelier_output_model_job_changed (AtelierOutputModel *self,
                                  AtelierJob         *job)
{
  g_return_if_fail (ATELIER_IS_OUTPUT_MODEL (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  forget_items (self, job);
  for (guint i = 0; i < n_jobs (self); i++)
    {
      g_autoptr(AtelierJob) other = g_list_model_get_item (self->jobs, i);

      if (other == job)
        {
          splice (self, i, 1, 1);
          return;
        }
    }
}
