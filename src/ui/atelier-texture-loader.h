/* atelier-texture-loader.h: images decoded off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Loads @path scaled to fit @max_size × @max_size (keeping its aspect; 0
 * means full size) in a worker thread. Thumbnails are cached. An image over
 * the shared limit (atelier-image-probe.h) fails with
 * ATELIER_IMAGE_ERROR_TOO_LARGE, its message saying the size, before any
 * decoding; a thumbnail never costs the full-size image. */
void        atelier_texture_load_async  (const char          *path,
                                         int                  max_size,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GdkTexture *atelier_texture_load_finish (GAsyncResult        *result,
                                         GError             **error);
/* A cached thumbnail, or NULL, without any I/O. */
GdkTexture *atelier_texture_lookup      (const char          *path,
                                         int                  max_size);
/* Forget a file (it was deleted or replaced). */
void        atelier_texture_forget      (const char          *path);

G_END_DECLS
