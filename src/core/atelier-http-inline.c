/* atelier-http-inline.c: an answer's base64 files, written as they arrive
 *
 * The reader (atelier-json-inline.c) hands each value's decoded bytes to an
 * AtelierOutput, so an image is never held in memory, whole or as base64;
 * the answer keeps a placeholder in its place. The placeholder carries a
 * random word of this answer's own, so a server cannot name a file it did
 * not send (or any other path) by writing a placeholder itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-http"

#include "config.h"

#include <glib/gstdio.h>

#include "atelier-error.h"
#include "atelier-http-private.h"
#include "atelier-json-inline.h"
#include "atelier-json.h"
#include "atelier-output.h"

struct _AtelierHttpInline
{
  AtelierJsonInline *reader;
  AtelierOutput     *output;      /* the value being written */
  GHashTable        *files;       /* placeholder → path */
  char              *nonce;
  char              *dir;
  char              *name;        /* NULL: "inline-<nonce>" */
  char              *dest_base;   /* the whole path instead (one event of a stream) */
  guint              first;
  gsize              max_file_bytes;
  gsize              max_skeleton;
};

static void
unlink_path (gpointer path)
{
  g_unlink (path);
  g_free (path);
}

static gboolean
sink_begin (gpointer   user_data,
            guint      index,
            GError   **error)
{
  AtelierHttpInline *self = user_data;
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;

  if (self->dest_base != NULL)
    dest = index == 0 ? g_strdup (self->dest_base)
                      : g_strdup_printf ("%s-%u", self->dest_base, index + 1);
  else if (self->name != NULL)
    name = g_strdup_printf ("%s-%u", self->name, self->first + index);
  else
    name = g_strdup_printf ("inline-%.12s-%u", self->nonce, index + 1);
  if (dest == NULL)
    dest = g_build_filename (self->dir, name, NULL);

  g_clear_object (&self->output);
  self->output = atelier_output_new (dest, self->max_file_bytes);
  return atelier_output_open (self->output, error);
}

static gboolean
sink_write (gpointer       user_data,
            const guint8  *data,
            gsize          len,
            GError       **error)
{
  AtelierHttpInline *self = user_data;

  return atelier_output_write (self->output, data, len, error);
}

static char *
sink_end (gpointer   user_data,
          guint      index,
          GError   **error)
{
  AtelierHttpInline *self = user_data;
  g_autoptr(AtelierOutput) output = g_steal_pointer (&self->output);
  char *path = atelier_output_commit (output, error);
  char *placeholder;

  if (path == NULL)
    return NULL;
  placeholder = g_strdup_printf ("atelier-inline:%s:%u", self->nonce, index);
  g_hash_table_insert (self->files, g_strdup (placeholder), path);
  return placeholder;
}

static const AtelierJsonInlineSink sink = { sink_begin, sink_write, sink_end };

AtelierHttpInline *
atelier_http_inline_new (AtelierHttpRequest *req,
                         const char         *spool_dir)
{
  AtelierHttpInline *self = g_new0 (AtelierHttpInline, 1);

  g_return_val_if_fail (req->inline_member != NULL, NULL);

  self->nonce = g_strdup_printf ("%08x%08x%08x%08x", g_random_int (), g_random_int (),
                                 g_random_int (), g_random_int ());
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unlink_path);
  self->dir = g_strdup (spool_dir);
  self->name = g_strdup (req->inline_name);
  self->first = req->inline_first;
  self->max_file_bytes = req->inline_max_file_bytes;
  self->max_skeleton = req->max_bytes;
  self->reader = atelier_json_inline_new (req->inline_member, req->max_bytes,
                                          req->inline_max_files, &sink, self);
  return self;
}

AtelierHttpInline *
atelier_http_inline_new_at (AtelierHttpRequest *req,
                            const char         *dest_base)
{
  g_autofree char *dir = g_path_get_dirname (dest_base);
  AtelierHttpInline *self = atelier_http_inline_new (req, dir);

  self->dest_base = g_strdup (dest_base);
  return self;
}

void
atelier_http_inline_free (AtelierHttpInline *self)
{
  if (self == NULL)
    return;
  atelier_json_inline_free (self->reader);
  /* An output never committed removes its part file. */
  g_clear_object (&self->output);
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_free (self->nonce);
  g_free (self->dir);
  g_free (self->name);
  g_free (self->dest_base);
  g_free (self);
}

/* The writer's errors (type, cap, disk) already say what went wrong. */
static GError *
as_http_error (GError *error)
{
  if (error->domain == ATELIER_JSON_ERROR)
    return atelier_http_json_error (error);
  return error;
}

gboolean
atelier_http_inline_feed (AtelierHttpInline  *self,
                          GBytes             *bytes,
                          GError            **error)
{
  GError *local_error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (!atelier_json_inline_feed (self->reader, data, len, &local_error))
    {
      g_propagate_error (error, as_http_error (local_error));
      return FALSE;
    }
  return TRUE;
}

JsonNode *
atelier_http_inline_finish (AtelierHttpInline  *self,
                            GError            **error)
{
  g_autoptr(GBytes) skeleton = NULL;
  GError *local_error = NULL;
  JsonNode *root;

  skeleton = atelier_json_inline_finish (self->reader, &local_error);
  if (skeleton == NULL)
    {
      g_propagate_error (error, as_http_error (local_error));
      return NULL;
    }
  root = atelier_json_parse_bytes (skeleton, self->max_skeleton, &local_error);
  if (root == NULL)
    g_propagate_error (error, as_http_error (local_error));
  return root;
}

GHashTable *
atelier_http_inline_steal_files (AtelierHttpInline *self)
{
  return g_steal_pointer (&self->files);
}
