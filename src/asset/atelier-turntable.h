/* atelier-turntable.h: a model turning once around, as an animated WebP
 *
 * Rendered headless through src/render (its own EGL context, made current
 * on the calling thread: from a GTK program, call these from a worker, as
 * atelier_turntable_write_file_async() does) and encoded with libwebp's
 * animation encoder. The animation loops forever and its last frame leads
 * back into the first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-gltf.h"
#include "atelier-renderer.h"

G_BEGIN_DECLS

#define ATELIER_TURNTABLE_ERROR (atelier_turntable_error_quark ())
typedef enum
{
  ATELIER_TURNTABLE_ERROR_FAILED = 1,
  ATELIER_TURNTABLE_ERROR_UNSUPPORTED,  /* an output type this build cannot encode */
  ATELIER_TURNTABLE_ERROR_IO,
} AtelierTurntableError;
GQuark atelier_turntable_error_quark (void) G_GNUC_CONST;

typedef struct
{
  int               width;        /* default 512 */
  int               height;       /* default 512 */
  guint             frames;       /* one full turn, default 36 */
  double            seconds;      /* of one turn, default 3 */
  AtelierRenderMode mode;         /* default shaded */
  gboolean          transparent;  /* WebP with alpha */
  int               quality;      /* WebP 1..100, default 80; 100: lossless */
  int               samples;      /* < 0: chosen from the triangle count */
} AtelierTurntableOptions;

void     atelier_turntable_options_init      (AtelierTurntableOptions       *options);

/* Writes @path (.webp) atomically. @progress (0..1) on this thread. */
gboolean atelier_turntable_write             (const AtelierGltfScene        *scene,
                                              const char                    *path,
                                              const AtelierTurntableOptions *options,
                                              GCancellable                  *cancellable,
                                              AtelierGltfProgressFunc        progress,
                                              gpointer                       progress_data,
                                              GError                       **error);

/* Loads @model_path and writes @path in a worker; @progress on the caller's
 * main context. For the window's "Export turntable…". */
void     atelier_turntable_write_file_async  (const char                    *model_path,
                                              const char                    *path,
                                              const AtelierTurntableOptions *options,
                                              AtelierGltfProgressFunc        progress,
                                              gpointer                       progress_data,
                                              GCancellable                  *cancellable,
                                              GAsyncReadyCallback            callback,
                                              gpointer                       user_data);
gboolean atelier_turntable_write_file_finish (GAsyncResult                  *result,
                                              GError                       **error);

G_END_DECLS
