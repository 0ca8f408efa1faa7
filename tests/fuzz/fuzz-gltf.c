/* fuzz-gltf.c: libFuzzer harness over the whole loader
 *
 * Build and run (clang, ASan + UBSan):
 *   CC=clang CXX=clang++ meson setup /work/build-fuzz -Dfuzzing=true -Dui=disabled
 *   meson compile -C /work/build-fuzz fuzz-gltf
 *   /work/build-fuzz/tests/gltf/test-gltf-loader --write-seeds /tmp/seeds
 *   /work/build-fuzz/tests/gltf/test-gltf-hostile --write-seeds /tmp/seeds
 *   /work/build-fuzz/tests/fuzz/fuzz-gltf -dict=tests/fuzz/gltf.dict \
 *       -max_total_time=600 -jobs=1 /tmp/corpus /tmp/seeds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "atelier-gltf.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(AtelierGltfScene) scene = NULL;
  g_autoptr(GError) error = NULL;
  AtelierGltfLimits limits;

  /* Small caps keep each run fast. Images are only sniffed unless
   * ATELIER_FUZZ_IMAGES=1 asks to exercise the decoders' error paths too. */
  atelier_gltf_limits_init (&limits);
  limits.max_decoded_bytes = 64 << 20;
  limits.max_count = 1 << 20;
  limits.decode_images = g_strcmp0 (g_getenv ("ATELIER_FUZZ_IMAGES"), "1") == 0;

  scene = atelier_gltf_load_bytes (bytes, NULL, &limits, &error);
  g_assert ((scene == NULL) != (error == NULL));
  if (error != NULL)
    g_assert (error->message != NULL && error->message[0] != '\0');

  return 0;
}
