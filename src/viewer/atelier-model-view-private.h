/* atelier-model-view-private.h: state shared by the viewer's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-model-view.h"
#include "atelier-render-camera.h"
#include "atelier-render-target.h"

G_BEGIN_DECLS

/* The scene, shared with a level-of-detail worker that may outlive it in
 * the view. */
typedef struct _SceneRef SceneRef;
SceneRef *scene_ref_new   (AtelierGltfScene *scene,
                           GDestroyNotify    free_func);
SceneRef *scene_ref_ref   (SceneRef         *ref);
void      scene_ref_unref (SceneRef         *ref);

typedef enum
{
  LOD_NOT_NEEDED,   /* fast enough, nothing to simplify, or no scene */
  LOD_MEASURING,    /* timing full frames */
  LOD_BUILDING,     /* a worker simplifies */
  LOD_READY,        /* built (maybe a better one is on its way) */
} LodState;

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
  AtelierRenderTarget *shown_target;   /* target, when it has the picture */
  GPtrArray           *moving_frames;  /* simplified pictures, see snapshot */
  gpointer             moving_current; /* the one shown */
  gboolean             picture_dirty;  /* draw the model again */
  gboolean             error_set;      /* gtk_gl_area_set_error was ours */
  gboolean             scene_dirty;    /* upload on the next render */
  gboolean             frame_pending;  /* frame the bounds on the next render */
  int                  width;          /* device pixels, from ::resize */
  int                  height;
  AtelierRenderStats   stats;

  /* Model */
  AtelierGltfScene    *scene;          /* scene_ref's, borrowed */
  SceneRef            *scene_ref;
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

  /* Level of detail while moving (atelier-model-view-lod.c) */
  LodState             lod_state;
  guint                lod_serial;     /* a new scene ignores older workers */
  GCancellable        *lod_cancellable;
  AtelierRenderLod    *lod_pending;    /* built, to upload on the next render */
  gboolean             lod_remove;     /* drop the uploaded one on the next render */
  gboolean             lod_installed;  /* the renderer has one */
  gboolean             lod_rebuilt;
  double               lod_ratio;
  guint                full_frames;
  double               full_ms;        /* fastest full frame timed */
  guint                lod_frames;
  double               lod_ms;
  double               moving_scale;   /* of width and height while simplified */
  guint                moving_count;   /* simplified frames drawn */
  guint                lod_idle;
  guint64              preview_triangles;
  gboolean             simplify_while_moving;
  gboolean             moving;         /* the camera moved in the last REST_MS */
  gboolean             simplified;     /* frames now draw the simplified model */
  gint64               last_motion;
  guint                rest_id;

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
  GtkWidget           *hint_label;     /* "Simplified while moving" */
  gint64               stats_updated;
  guint                stats_idle;
};

void atelier_model_view_setup_input (AtelierModelView *self);
/* The camera moved (drag, scroll, keys, turntable, API): simplify for a
 * while if that helps. */
void atelier_model_view_note_motion  (AtelierModelView *self);
/* A new scene (or none): time again, forget the old simplified one. */
void atelier_model_view_lod_reset    (AtelierModelView *self);
void atelier_model_view_lod_dispose  (AtelierModelView *self);
/* Whether the frame about to be drawn should be timed, and its time. */
gboolean atelier_model_view_lod_wants_timing (AtelierModelView *self);
void atelier_model_view_lod_frame    (AtelierModelView *self,
                                      double            ms);
/* Uploads a newly built simplified model; context current. */
void atelier_model_view_lod_upload   (AtelierModelView *self);
/* Recomputes "simplified" (and the hint) from moving and what is built. */
void atelier_model_view_update_simplified (AtelierModelView *self);
void atelier_model_view_notify_preview (AtelierModelView *self);
void atelier_model_view_queue       (AtelierModelView *self);
/* Uploads a changed scene, frames it if asked, applies the view settings;
 * the GL context must be current. */
void atelier_model_view_sync_scene  (AtelierModelView *self,
                                     int               width,
                                     int               height);
/* The model-view.screenshot action: asks where, then saves. */
void atelier_model_view_screenshot_dialog (AtelierModelView *self);

G_END_DECLS
