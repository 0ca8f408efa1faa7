/* atelier-model-thumbnail.h: list thumbnails of 3D models, rendered headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Renders @path (a .glb/.gltf) off the main thread, through a PNG cached in
 * $XDG_CACHE_HOME/atelier/thumbnails, and loads it at @size px. */
void        atelier_model_thumbnail_async  (const char          *path,
                                            int                  size,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GdkTexture *atelier_model_thumbnail_finish (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
