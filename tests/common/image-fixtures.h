/* image-fixtures.h: decompression bombs made in a few milliseconds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A valid 8-bit PNG (@channels 3: RGB, 4: RGBA) of @width × @height black
 * pixels. Every row is the same, so one deflate block of zeros is made once
 * and repeated: 30000 × 30000 RGB costs ~2.6 MB and a few ms, not the
 * seconds zlib needs to compress 2.7 GB. */
GBytes   *image_fixture_zero_png   (guint32      width,
                                    guint32      height,
                                    guint        channels);
/* The same, written to @path. */
gboolean  image_fixture_write_png  (const char  *path,
                                    guint32      width,
                                    guint32      height,
                                    guint        channels,
                                    GError     **error);
/* Headers alone (no pixel data), for probes: a baseline JPEG SOF0 after an
 * APP0 segment, and the three WebP flavours. */
GBytes   *image_fixture_jpeg_header (guint16     width,
                                     guint16     height);
GBytes   *image_fixture_webp_header (const char *chunk,
                                     guint32     width,
                                     guint32     height);

/* Peak RSS of this process so far, in MiB (getrusage). */
double    image_fixture_peak_rss_mib (void);

G_END_DECLS
