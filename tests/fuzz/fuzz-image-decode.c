/* fuzz-image-decode.c: libFuzzer harness over the UI's image decoding
 *
 * atelier_image_decode (src/ui/atelier-image-decode.c: the probe, the
 * streaming PNG thumbnailer, libwebp's scaler, gdk-pixbuf behind a
 * size-prepared gate) on arbitrary files. The source is compiled in here,
 * so the fuzzing build needs no GTK (-Dui=disabled).
 *
 *   meson compile -C /work/build-fuzz fuzz-image-decode
 *   /work/build-fuzz/tests/fuzz/fuzz-image-decode -dict=tests/fuzz/image.dict \
 *       -max_total_time=300 -rss_limit_mb=4096 /tmp/corpus-decode tests/fuzz/image-seeds
 *
 * Each input is decoded as a 64 px thumbnail, and at full size when its
 * header is small (a valid 10000² header would make gdk-pixbuf allocate
 * 400 MB per run). A decoded picture must have the size asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "atelier-image-decode.h"
#include "atelier-image-probe.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *path;

static void
decode (int max_size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = atelier_image_decode (path, max_size, NULL, &error);

  g_assert ((pixbuf == NULL) != (error == NULL));
  if (pixbuf == NULL)
    {
      g_assert (error->message != NULL);
      return;
    }
  g_assert (atelier_image_size_allowed (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf)));
  if (max_size > 0)
    g_assert (gdk_pixbuf_get_width (pixbuf) <= max_size && gdk_pixbuf_get_height (pixbuf) <= max_size);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  AtelierImageInfo info;
  FILE *file;

  if (path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("fuzz-image-XXXXXX", NULL);

      g_assert (dir != NULL);
      path = g_build_filename (dir, "input", NULL);
    }
  /* Not g_file_set_contents: replacing a file fsyncs it, 20 ms a run. */
  file = fopen (path, "wb");
  g_assert (file != NULL);
  g_assert (fwrite (data, 1, size, file) == size);
  fclose (file);

  decode (64);
  /* Unknown formats can still claim any size: gdk-pixbuf decides. */
  if (atelier_image_probe (data, size, &info) == ATELIER_IMAGE_PROBE_OK &&
      (guint64) info.width * info.height <= 1024 * 1024)
    decode (0);

  return 0;
}
