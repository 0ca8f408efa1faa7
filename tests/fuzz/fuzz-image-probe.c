/* fuzz-image-probe.c: libFuzzer harness over the image header probe
 *
 * Build and run (clang, ASan + UBSan), seeds from test-image-probe:
 *   CC=clang CXX=clang++ meson setup /work/build-fuzz -Dfuzzing=true -Dui=disabled
 *   meson compile -C /work/build-fuzz fuzz-image-probe
 *   mkdir -p /tmp/corpus-probe     # new inputs go here, not into the seeds
 *   /work/build-fuzz/tests/fuzz/fuzz-image-probe -dict=tests/fuzz/image.dict \
 *       -max_total_time=300 /tmp/corpus-probe tests/fuzz/image-seeds
 *
 * Checks more than "no crash": a size is only ever reported with OK, every
 * OK size is at least 1 × 1, a prefix of the input never reports a
 * different size than the whole (a header is read front to back), and the
 * limit check agrees with its own error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "atelier-image-probe.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  AtelierImageInfo info, prefix;
  AtelierImageProbeResult result;
  GError *error = NULL;
  gboolean allowed;

  /* A copy of exactly @size bytes, so ASan sees any read past the end. */
  guint8 *copy = g_memdup2 (data, size);

  result = atelier_image_probe (copy, size, &info);
  g_assert (result >= ATELIER_IMAGE_PROBE_UNKNOWN && result <= ATELIER_IMAGE_PROBE_OK);
  if (result == ATELIER_IMAGE_PROBE_OK)
    {
      g_assert (info.format != ATELIER_IMAGE_FORMAT_UNKNOWN);
      g_assert (info.width >= 1 && info.height >= 1);
      g_assert (atelier_image_format_mime_type (info.format) != NULL);

      allowed = atelier_image_check_size (info.width, info.height, &error);
      g_assert (allowed == atelier_image_size_allowed (info.width, info.height));
      g_assert (allowed == (error == NULL));
      g_assert (allowed || error->message[0] != '\0');
      g_clear_error (&error);
    }
  else
    g_assert (info.width == 0 && info.height == 0);
  if (result == ATELIER_IMAGE_PROBE_UNKNOWN)
    g_assert (info.format == ATELIER_IMAGE_FORMAT_UNKNOWN);

  /* Half the input: OK there means the same size here. */
  if (atelier_image_probe (copy, size / 2, &prefix) == ATELIER_IMAGE_PROBE_OK)
    {
      g_assert (result == ATELIER_IMAGE_PROBE_OK);
      g_assert (prefix.width == info.width && prefix.height == info.height);
      g_assert (prefix.format == info.format);
    }

  g_free (copy);
  return 0;
}
