/* atelier-output.h: one result file, written so that a half file is never seen
 *
 * Bytes go to "NAME.part" beside the target; the first ones decide the type
 * (PNG, JPEG, WebP, GLB, glTF JSON), a cap bounds the size, and only a
 * complete file is renamed to "NAME.<ext>" (fsync the file, rename, fsync
 * the folder). Whatever is not committed is removed. New files are private
 * to the person (0600), new folders too (0700).
 *
 * Errors: ATELIER_HTTP_ERROR_UNSUPPORTED_TYPE and _TOO_LARGE for what the
 * service sent (the codes callers already act on), G_IO_ERROR for the disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ATELIER_TYPE_OUTPUT (atelier_output_get_type ())
G_DECLARE_FINAL_TYPE (AtelierOutput, atelier_output, ATELIER, OUTPUT, GObject)

/* Nothing touches the disk before atelier_output_open(). */
AtelierOutput *atelier_output_new                (const char          *dest_base,
                                                  gsize                max_bytes);
const char    *atelier_output_get_part_path      (AtelierOutput       *self);
/* The type from the magic bytes: NULL until enough bytes were written. */
const char    *atelier_output_get_extension      (AtelierOutput       *self);
goffset        atelier_output_get_size           (AtelierOutput       *self);
/* Creates the folder and an empty part file; opening again (a retried
 * download) starts the file over. */
gboolean       atelier_output_open               (AtelierOutput       *self,
                                                  GError             **error);
/* Checks the cap and the type, then writes. The blocking form is for
 * threads; the async one writes off the main loop. */
gboolean       atelier_output_write              (AtelierOutput       *self,
                                                  const guint8        *data,
                                                  gsize                len,
                                                  GError             **error);
void           atelier_output_write_bytes_async  (AtelierOutput       *self,
                                                  GBytes              *bytes,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean       atelier_output_write_bytes_finish (AtelierOutput       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Durable, then visible: returns the final path "NAME.<ext>". On failure
 * the part file is removed. */
char          *atelier_output_commit             (AtelierOutput       *self,
                                                  GError             **error);
void           atelier_output_commit_async       (AtelierOutput       *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
char          *atelier_output_commit_finish      (AtelierOutput       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Closes and removes the part file; finalizing an uncommitted output does
 * the same. */
void           atelier_output_discard            (AtelierOutput       *self);

/* Magic-byte sniffing shared with the loader and tests: "png", "jpg", "webp",
 * "glb", "gltf" or NULL. */
const char    *atelier_sniff_extension           (const guint8        *data,
                                                  gsize                len);
/* Writes @bytes the same way to "@dest_base.<ext>" (blocking). */
char          *atelier_write_output              (const char          *dest_base,
                                                  GBytes              *bytes,
                                                  GError             **error);

G_END_DECLS
