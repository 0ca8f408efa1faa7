/* atelier-output.c: result files, streamed to a part file and renamed whole
 *
 * The library folder is what the job list, the thumbnailer and the viewer
 * read; a file there is complete or absent. Renaming is atomic, but only
 * after the data and then the folder entry are on disk does a crash right
 * after "done" leave the file that the history points to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-output"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atelier-error.h"
#include "atelier-output.h"

/* Enough for every signature below (WebP needs 12). */
#define SNIFF_BYTES 12

struct _AtelierOutput
{
  GObject     parent_instance;

  char       *dest_base;
  char       *part_path;
  char       *final_path;
  gsize       max_bytes;
  int         fd;
  dev_t       dev;           /* of the part file this output made */
  ino_t       ino;
  goffset     size;
  guint8      head[SNIFF_BYTES];
  gsize       head_len;
  const char *ext;
};

G_DEFINE_FINAL_TYPE (AtelierOutput, atelier_output, G_TYPE_OBJECT)

static void
atelier_output_finalize (GObject *object)
{
  AtelierOutput *self = (AtelierOutput *)object;

  atelier_output_discard (self);
  g_clear_pointer (&self->dest_base, g_free);
  g_clear_pointer (&self->part_path, g_free);
  g_clear_pointer (&self->final_path, g_free);

  G_OBJECT_CLASS (atelier_output_parent_class)->finalize (object);
}

static void
atelier_output_class_init (AtelierOutputClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_output_finalize;
}

static void
atelier_output_init (AtelierOutput *self)
{
  self->fd = -1;
}

AtelierOutput *
atelier_output_new (const char *dest_base,
                    gsize       max_bytes)
{
  AtelierOutput *self;

  g_return_val_if_fail (dest_base != NULL, NULL);

  self = g_object_new (ATELIER_TYPE_OUTPUT, NULL);
  self->dest_base = g_strdup (dest_base);
  self->part_path = g_strdup_printf ("%s.part", dest_base);
  self->max_bytes = max_bytes > 0 ? max_bytes : G_MAXSIZE;
  return self;
}

const char *
atelier_output_get_part_path (AtelierOutput *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT (self), NULL);
  return self->part_path;
}

const char *
atelier_output_get_extension (AtelierOutput *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT (self), NULL);
  return self->ext;
}

goffset
atelier_output_get_size (AtelierOutput *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT (self), 0);
  return self->size;
}

const char *
atelier_sniff_extension (const guint8 *data,
                         gsize         len)
{
  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return "jpg";
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  if (len >= 4 && memcmp (data, "glTF", 4) == 0)
    return "glb";
  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '{')
        return "gltf";
      if (!g_ascii_isspace (data[i]))
        break;
    }
  return NULL;
}

/* What a download may be: an image or model, or a ZIP (Core3D's print
 * exports). Inputs go through atelier_sniff_extension alone, which knows no
 * archives, so a ZIP is never sent as an image. */
static const char *
sniff_output (const guint8 *data,
              gsize         len)
{
  const char *ext = atelier_sniff_extension (data, len);

  if (ext == NULL && len >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    return "zip";
  return ext;
}

static void
close_fd (AtelierOutput *self)
{
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
}

/* Whether the part path still is the file this output made. */
static gboolean
owns_part_file (AtelierOutput *self)
{
  struct stat st;

  return self->ino != 0 && lstat (self->part_path, &st) == 0 &&
         st.st_dev == self->dev && st.st_ino == self->ino;
}

/* Only the file this output made: a cancelled download finishing late
 * must not remove the part file of the retry that replaced it. */
static void
discard_part_file (AtelierOutput *self)
{
  close_fd (self);
  if (self->final_path == NULL && owns_part_file (self))
    g_unlink (self->part_path);
  self->ino = 0;
}

void
atelier_output_discard (AtelierOutput *self)
{
  g_return_if_fail (ATELIER_IS_OUTPUT (self));
  discard_part_file (self);
}

gboolean
atelier_output_open (AtelierOutput  *self,
                     GError        **error)
{
  g_autofree char *dir = NULL;
  struct stat st;

  g_return_val_if_fail (ATELIER_IS_OUTPUT (self), FALSE);
  g_return_val_if_fail (self->final_path == NULL, FALSE);

  self->size = 0;
  self->head_len = 0;
  self->ext = NULL;

  dir = g_path_get_dirname (self->dest_base);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }

  /* A new file each time, never one already there: not a link planted at
   * the part path, nor the file of an earlier attempt still writing. */
  discard_part_file (self);
  if (g_unlink (self->part_path) != 0 && errno != ENOENT)
    g_debug ("Could not remove %s: %s", self->part_path, g_strerror (errno));
  self->fd = g_open (self->part_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (self->fd < 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not create “%s”: %s"), self->part_path, g_strerror (errsv));
      return FALSE;
    }
  if (fstat (self->fd, &st) == 0)
    {
      self->dev = st.st_dev;
      self->ino = st.st_ino;
    }
  return TRUE;
}

static gboolean
unsupported_type (AtelierOutput  *self,
                  GError        **error)
{
  atelier_output_discard (self);
  g_set_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_UNSUPPORTED_TYPE,
               _("The downloaded file is not a PNG, JPEG, WebP or glTF file. "
                 "The service may have sent an error page instead."));
  return FALSE;
}

gboolean
atelier_output_write (AtelierOutput  *self,
                      const guint8   *data,
                      gsize           len,
                      GError        **error)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (self->fd < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("Could not write the download: the file is closed."));
      return FALSE;
    }

  if ((guint64) self->size + len > self->max_bytes)
    {
      atelier_output_discard (self);
      g_set_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TOO_LARGE,
                   _("The answer is larger than the %zu MB allowed; it was not saved."),
                   self->max_bytes / (1024 * 1024));
      return FALSE;
    }

  /* Typed by what arrives, not by what a header claims: an error page sent
   * with 200 stops here, after a few bytes. */
  if (self->ext == NULL)
    {
      gsize take = MIN (len, SNIFF_BYTES - self->head_len);

      memcpy (self->head + self->head_len, data, take);
      self->head_len += take;
      if (self->head_len == SNIFF_BYTES)
        {
          self->ext = sniff_output (self->head, self->head_len);
          if (self->ext == NULL)
            return unsupported_type (self, error);
        }
    }

  for (gsize off = 0; off < len; )
    {
      gssize n = write (self->fd, data + off, len - off);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int errsv = n < 0 ? errno : ENOSPC;
          atelier_output_discard (self);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       _("Could not write the download: %s"), g_strerror (errsv));
          return FALSE;
        }
      off += n;
    }
  self->size += len;
  return TRUE;
}

static void
write_bytes_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  GError *error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (atelier_output_write (source_object, data, len, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
atelier_output_write_bytes_async (AtelierOutput       *self,
                                  GBytes              *bytes,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ATELIER_IS_OUTPUT (self));
  g_return_if_fail (bytes != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_output_write_bytes_async);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, write_bytes_thread);
}

gboolean
atelier_output_write_bytes_finish (AtelierOutput  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The rename is only durable once the folder's entry is; a file system
 * that cannot sync folders still has the complete file. */
static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_debug ("Could not sync the folder %s: %s", dir, g_strerror (errno));
  close (fd);
}

char *
atelier_output_commit (AtelierOutput  *self,
                       GError        **error)
{
  g_autofree char *final_path = NULL;
  int errsv = 0;

  g_return_val_if_fail (ATELIER_IS_OUTPUT (self), NULL);

  if (self->final_path != NULL)
    return g_strdup (self->final_path);
  if (self->fd < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("Could not write the download: the file is closed."));
      return NULL;
    }

  if (self->ext == NULL)
    self->ext = sniff_output (self->head, self->head_len);
  if (self->ext == NULL)
    {
      unsupported_type (self, error);
      return NULL;
    }

  /* Durable before visible. The descriptor is closed whatever fsync says. */
  if (fsync (self->fd) != 0)
    errsv = errno;
  if (close (self->fd) != 0 && errsv == 0)
    errsv = errno;
  self->fd = -1;
  if (errsv != 0)
    {
      atelier_output_discard (self);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not write the download: %s"), g_strerror (errsv));
      return NULL;
    }

  final_path = g_strdup_printf ("%s.%s", self->dest_base, self->ext);
  if (!owns_part_file (self))
    errsv = ENOENT;
  else if (g_rename (self->part_path, final_path) != 0)
    errsv = errno;
  if (errsv != 0)
    {
      atelier_output_discard (self);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not move the download into place: %s"), g_strerror (errsv));
      return NULL;
    }
  sync_folder (final_path);

  self->final_path = g_steal_pointer (&final_path);
  return g_strdup (self->final_path);
}

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  char *path = atelier_output_commit (source_object, &error);

  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

void
atelier_output_commit_async (AtelierOutput       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ATELIER_IS_OUTPUT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_output_commit_async);
  g_task_run_in_thread (task, commit_thread);
}

char *
atelier_output_commit_finish (AtelierOutput  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
atelier_write_output (const char  *dest_base,
                      GBytes      *bytes,
                      GError     **error)
{
  g_autoptr(AtelierOutput) output = NULL;
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (dest_base != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  /* Refused before anything is created. */
  if (sniff_output (data, len) == NULL)
    {
      g_set_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_UNSUPPORTED_TYPE,
                   _("The result is not a PNG, JPEG, WebP or glTF file."));
      return NULL;
    }

  output = atelier_output_new (dest_base, 0);
  if (!atelier_output_open (output, error) ||
      !atelier_output_write (output, data, len, error))
    return NULL;
  return atelier_output_commit (output, error);
}
