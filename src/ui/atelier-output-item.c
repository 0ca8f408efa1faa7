/* atelier-output-item.c: one output of a job, as a tile of the gallery shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-output-item"

#include "config.h"

#include <string.h>

#include "atelier-output-item.h"

struct _AtelierOutputItem
{
  GObject     parent_instance;

  AtelierJob *job;
  guint       index;
  guint       n_in_job;
  char       *path;
  char       *image_path;
  gboolean    is_model;
};

G_DEFINE_FINAL_TYPE (AtelierOutputItem, atelier_output_item, G_TYPE_OBJECT)

/* Without an allocation: counting runs over every job of the history. */
static gboolean
has_suffix (const char *path,
            const char *suffix)
{
  size_t len = strlen (path), slen = strlen (suffix);

  return len >= slen && g_ascii_strcasecmp (path + len - slen, suffix) == 0;
}

static gboolean
is_image (const char *path)
{
  return has_suffix (path, ".png") || has_suffix (path, ".jpg")
      || has_suffix (path, ".jpeg") || has_suffix (path, ".webp");
}

static gboolean
is_model (const char *path)
{
  return has_suffix (path, ".glb") || has_suffix (path, ".gltf");
}

/* Whether @path is a tile of its own for a job of @kind. */
static gboolean
is_tile (AtelierJobKind  kind,
         const char     *path)
{
  return kind == ATELIER_JOB_KIND_MODEL ? is_model (path) : is_image (path);
}

static const char *const *
shown_outputs (AtelierJob *job)
{
  /* A job shows what it made once it is done; the files of one still
   * downloading may be incomplete. */
  if (atelier_job_get_status (job) != ATELIER_JOB_STATUS_DONE)
    return NULL;
  return atelier_job_get_outputs (job);
}

guint
atelier_output_item_count_for_job (AtelierJob *job)
{
  const char *const *outputs;
  AtelierJobKind kind;
  guint n = 0;

  g_return_val_if_fail (ATELIER_IS_JOB (job), 1);

  outputs = shown_outputs (job);
  kind = atelier_job_get_kind (job);
  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    if (is_tile (kind, outputs[i]))
      n++;
  return MAX (n, 1);
}

static void
atelier_output_item_finalize (GObject *object)
{
  AtelierOutputItem *self = ATELIER_OUTPUT_ITEM (object);

  g_clear_object (&self->job);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->image_path, g_free);

  G_OBJECT_CLASS (atelier_output_item_parent_class)->finalize (object);
}

static void
atelier_output_item_class_init (AtelierOutputItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_output_item_finalize;
}

static void
atelier_output_item_init (AtelierOutputItem *self)
{
}

AtelierOutputItem *
atelier_output_item_new (AtelierJob *job,
                         guint       index)
{
  AtelierOutputItem *self;
  const char *const *outputs;
  AtelierJobKind kind;
  const char *preview = NULL;
  guint n = 0;

  g_return_val_if_fail (ATELIER_IS_JOB (job), NULL);

  self = g_object_new (ATELIER_TYPE_OUTPUT_ITEM, NULL);
  self->job = g_object_ref (job);
  self->index = index;

  outputs = shown_outputs (job);
  kind = atelier_job_get_kind (job);
  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    {
      if (preview == NULL && is_image (outputs[i]))
        preview = outputs[i];
      if (!is_tile (kind, outputs[i]))
        continue;
      if (n == index)
        self->path = g_strdup (outputs[i]);
      n++;
    }
  self->n_in_job = MAX (n, 1);

  if (self->path != NULL && is_model (self->path))
    {
      self->is_model = TRUE;
      self->image_path = g_strdup (preview);
    }
  else
    self->image_path = g_strdup (self->path);
  return self;
}

AtelierJob *
atelier_output_item_get_job (AtelierOutputItem *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_ITEM (self), NULL);
  return self->job;
}

guint
atelier_output_item_get_index (AtelierOutputItem *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_ITEM (self), 0);
  return self->index;
}

guint
atelier_output_item_get_n_in_job (AtelierOutputItem *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_ITEM (self), 1);
  return self->n_in_job;
}

const char *
atelier_output_item_get_path (AtelierOutputItem *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_ITEM (self), NULL);
  return self->path;
}

gboolean
atelier_output_item_is_model (AtelierOutputItem *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_ITEM (self), FALSE);
  return self->is_model;
}

const char *
atelier_output_item_get_image_path (AtelierOutputItem *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_ITEM (self), NULL);
  return self->image_path;
}
