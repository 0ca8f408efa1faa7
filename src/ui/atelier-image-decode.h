/* atelier-image-decode.h: images decoded within the shared size limit, thumbnails small
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Decodes @path, fitted into @max_size × @max_size keeping its aspect
 * (never enlarged; 0: full size). The header is read first: an image over
 * ATELIER_IMAGE_MAX_PIXELS or ATELIER_IMAGE_MAX_EDGE fails with
 * ATELIER_IMAGE_ERROR_TOO_LARGE before anything is decoded, also for formats
 * the probe does not know (gdk-pixbuf's size-prepared stops them). A
 * thumbnail never holds the full image: PNG and WebP are scaled while they
 * decode, JPEG decodes at 1/2, 1/4 or 1/8. Safe in any thread. */
GdkPixbuf *atelier_image_decode (const char    *path,
                                 int            max_size,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_END_DECLS
