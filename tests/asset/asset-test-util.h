/* asset-test-util.h: fixtures and scene comparison for the asset tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-gltf.h"

G_BEGIN_DECLS

/* A fresh temporary directory, removed by asset_test_run(). */
char     *asset_test_tmpdir          (void);
/* g_test_run(), then removes the temporary directories. */
int       asset_test_run             (void);
/* Writes a sandbox GLB to @dir; returns its path. */
char     *asset_test_procedural      (const char *dir,
                                      const char *prompt,
                                      guint       faces,
                                      gboolean    normals,
                                      guint       texture_size,
                                      const char *texture_format);
/* $ATELIER_SHARED_DIR/gltf-corpus/real/@name, or NULL (the caller skips). */
char     *asset_test_corpus_file     (const char *name);

/* Asserts that @b shows what @a shows: the same meshes, materials,
 * textures, samplers, images (pixels too when @pixels) and instances.
 * Positions are compared in world space, within @tolerance × the scene's
 * size (0: exactly, arrays and matrices alike); other attributes within
 * @tolerance × 10. */
void      asset_test_assert_same     (const AtelierGltfScene *a,
                                      const AtelierGltfScene *b,
                                      double                  tolerance,
                                      gboolean                pixels);

G_END_DECLS
