/* atelier-job-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-job-list"

#include "config.h"

#include <string.h>

#include "atelier-job-list.h"

struct _AtelierJobList
{
  GObject     parent_instance;
  GPtrArray  *jobs;   /* newest first */
  GHashTable *by_id;  /* borrowed id → borrowed job */
  gboolean    loading;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierJobList, atelier_job_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return ATELIER_TYPE_JOB;
}

static guint
get_n_items (GListModel *model)
{
  return ATELIER_JOB_LIST (model)->jobs->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  AtelierJobList *self = ATELIER_JOB_LIST (model);

  if (position >= self->jobs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->jobs, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
items_changed (AtelierJobList *self,
               guint           position,
               guint           removed,
               guint           added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
atelier_job_list_finalize (GObject *object)
{
  AtelierJobList *self = (AtelierJobList *)object;

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_job_list_parent_class)->finalize (object);
}

static void
atelier_job_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AtelierJobList *self = ATELIER_JOB_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->jobs->len);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_job_list_class_init (AtelierJobListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atelier_job_list_finalize;
  object_class->get_property = atelier_job_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* TRUE while more of the history is on its way into the list. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_job_list_init (AtelierJobList *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

AtelierJobList *
atelier_job_list_new (void)
{
  return g_object_new (ATELIER_TYPE_JOB_LIST, NULL);
}

void
atelier_job_list_add (AtelierJobList *self,
                      AtelierJob     *job)
{
  gint64 created;
  guint lo = 0, hi;

  g_return_if_fail (ATELIER_IS_JOB_LIST (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  if (g_hash_table_contains (self->by_id, atelier_job_get_id (job)))
    return;

  /* Binary search: new jobs land at 0 in O(log n), and loading a history
   * that is already sorted appends without shifting. */
  created = atelier_job_get_created (job);
  hi = self->jobs->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      AtelierJob *other = g_ptr_array_index (self->jobs, mid);

      if (atelier_job_get_created (other) >= created)
        lo = mid + 1;
      else
        hi = mid;
    }

  g_ptr_array_insert (self->jobs, lo, g_object_ref (job));
  g_hash_table_insert (self->by_id, (gpointer) atelier_job_get_id (job), job);
  items_changed (self, lo, 0, 1);
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  gint64 x = atelier_job_get_created (*(AtelierJob **) a);
  gint64 y = atelier_job_get_created (*(AtelierJob **) b);

  return (x < y) - (x > y);
}

void
atelier_job_list_add_all (AtelierJobList *self,
                          GPtrArray      *jobs)
{
  g_autoptr(GPtrArray) fresh = NULL;
  guint pos = 0, next = 0;

  g_return_if_fail (ATELIER_IS_JOB_LIST (self));
  g_return_if_fail (jobs != NULL);

  fresh = g_ptr_array_sized_new (jobs->len);
  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);

      if (g_hash_table_insert (self->by_id, (gpointer) atelier_job_get_id (job), job))
        g_ptr_array_add (fresh, job);
    }
  /* Stable: jobs made in the same microsecond keep the order given. */
  g_ptr_array_sort (fresh, newest_first);

  /* One walk down the list; each run of jobs that goes between the same
   * two listed ones is inserted and announced at once. A page of older
   * jobs is a single run at the end, unless jobs from further back were
   * listed before it (changed by another process). */
  while (next < fresh->len)
    {
      gint64 created = atelier_job_get_created (g_ptr_array_index (fresh, next));
      guint end = next, len = self->jobs->len, n;

      while (pos < len && atelier_job_get_created (g_ptr_array_index (self->jobs, pos)) >= created)
        pos++;
      while (end < fresh->len
             && (pos == len || atelier_job_get_created (g_ptr_array_index (self->jobs, pos))
                               < atelier_job_get_created (g_ptr_array_index (fresh, end))))
        end++;

      n = end - next;
      g_ptr_array_set_size (self->jobs, len + n);
      memmove (&self->jobs->pdata[pos + n], &self->jobs->pdata[pos], (len - pos) * sizeof (gpointer));
      for (guint i = 0; i < n; i++)
        self->jobs->pdata[pos + i] = g_object_ref (g_ptr_array_index (fresh, next + i));
      items_changed (self, pos, 0, n);
      pos += n;
      next = end;
    }
}

gboolean
atelier_job_list_remove (AtelierJobList *self,
                         AtelierJob     *job)
{
  guint position;

  g_return_val_if_fail (ATELIER_IS_JOB_LIST (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_JOB (job), FALSE);

  if (!g_ptr_array_find (self->jobs, job, &position))
    return FALSE;

  g_hash_table_remove (self->by_id, atelier_job_get_id (job));
  g_ptr_array_remove_index (self->jobs, position);
  items_changed (self, position, 1, 0);
  return TRUE;
}

AtelierJob *
atelier_job_list_lookup (AtelierJobList *self,
                         const char     *id)
{
  g_return_val_if_fail (ATELIER_IS_JOB_LIST (self), NULL);

  return id ? g_hash_table_lookup (self->by_id, id) : NULL;
}

guint
atelier_job_list_get_n_jobs (AtelierJobList *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_LIST (self), 0);
  return self->jobs->len;
}

AtelierJob *
atelier_job_list_get_job (AtelierJobList *self,
                          guint           position)
{
  g_return_val_if_fail (ATELIER_IS_JOB_LIST (self), NULL);

  return position < self->jobs->len ? g_ptr_array_index (self->jobs, position) : NULL;
}

gboolean
atelier_job_list_get_loading (AtelierJobList *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_LIST (self), FALSE);
  return self->loading;
}

void
atelier_job_list_set_loading (AtelierJobList *self,
                              gboolean        loading)
{
  g_return_if_fail (ATELIER_IS_JOB_LIST (self));

  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}
