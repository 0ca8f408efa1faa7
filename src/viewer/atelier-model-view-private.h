/* atelier-model-view-private.h: state shared by the viewer's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-model-view.h"
#include "atelier-render-camera.h"
#include "atelier-render-target.h"

G_BEGIN_DECLS

typedef enum
{
  DRAG_NONE,
  DRAG_ORBIT,
  DRAG_PAN,
} DragKind;

struct _AtelierModelView
{
  GtkGLArea            parent_instance;

  /* GL side: only touched with the context current. */
  AtelierRenderer     *renderer;
  AtelierRenderTarget *target;         /* the cached, multisampled picture */
  gboolean             picture_dirty;  /* draw the model again */
  gboolean             error_set;      /* gtk_gl_area_set_error was ours */
  gboolean             scene_dirty;    /* upload on the next render */
  gboolean             frame_pending;  /* frame the bounds on the next render */
  int                  width;          /* device pixels, from ::resize */
  int                  height;
  AtelierRenderStats   stats;

  /* Model */
  AtelierGltfScene    *scene;
  GDestroyNotify       scene_free;
  GFile               *file;
  GCancellable        *cancellable;
  guint                load_serial;
  gint64               load_started;
  double               load_ms;
  double               progress;
  char                *error_message;

  /* View */
  AtelierRenderCamera  camera;
  AtelierRenderMode    mode;
  gboolean             auto_rotate;
  gboolean             show_grid;
  gboolean             show_wireframe;
  gboolean             show_stats;
  gboolean             show_controls;
  guint                tick_id;
  gint64               last_tick;

  /* Input */
  DragKind             drag;
  double               drag_x;
  double               drag_y;
  double               zoom_scale;

  /* Children, laid over the GL content */
  GtkWidget           *status_page;
  GtkWidget           *progress_box;
  GtkWidget           *progress_bar;
  GtkWidget           *stats_label;
  GtkWidget           *texture_note;   /* textures the loader refused */
  GtkWidget           *controls;
  gint64               stats_updated;
  guint                stats_idle;
};

void atelier_model_view_setup_input (AtelierModelView *self);
void atelier_model_view_queue       (AtelierModelView *self);
/* Uploads a changed scene, frames it if asked, applies the view settings;
 * the GL context must be current. */
void atelier_model_view_sync_scene  (AtelierModelView *self,
                                     int               width,
                                     int               height);
/* The model-view.screenshot action: asks where, then saves. */
void atelier_model_view_screenshot_dialog (AtelierModelView *self);

G_END_DECLS
