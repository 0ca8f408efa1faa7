/* atelier-model-view.h: the 3D model viewer widget
 *
 * A GtkGLArea that shows one glTF/GLB model with the PBR renderer from
 * src/render, plus everything a person needs around it: orbit (drag), pan
 * (middle or Shift+drag), zoom (scroll, pinch), frame (double-click or F),
 * reset (R), keys 1–6 (display modes), W, G, T, O (wireframe, grid,
 * turntable, orthographic), a toolbar (render mode, wireframe, grid, turntable,
 * perspective/orthographic, frame, screenshot, statistics), a progress
 * overlay with Cancel while a file loads in a worker, and a readable error
 * page when it cannot be shown. Dropping a file on it opens that file.
 *
 * Embedding:
 *
 *   GtkWidget *view = atelier_model_view_new ();
 *   atelier_model_view_load_file (ATELIER_MODEL_VIEW (view), file);
 *
 * Actions (for menus and shortcuts; the toolbar uses them too):
 *   model-view.frame, model-view.reset, model-view.screenshot,
 *   model-view.cancel, and the boolean property actions
 *   model-view.auto-rotate, .orthographic, .show-grid, .show-wireframe,
 *   .show-stats.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atelier-gltf.h"
#include "atelier-renderer.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_RENDER_MODE (atelier_render_mode_get_type ())
GType atelier_render_mode_get_type (void) G_GNUC_CONST;

#define ATELIER_TYPE_MODEL_VIEW (atelier_model_view_get_type ())
G_DECLARE_FINAL_TYPE (AtelierModelView, atelier_model_view, ATELIER, MODEL_VIEW, GtkGLArea)

GtkWidget         *atelier_model_view_new               (void);

/* Loading. Starts loading @file in a worker (cancelling any load in
 * progress); the model is framed when it arrives. Also the "file" property.
 * NULL clears the view. */
void               atelier_model_view_load_file         (AtelierModelView       *self,
                                                         GFile                  *file);
/* The same with the loader's @limits (NULL: the defaults). A .gltf reads
 * external files only inside its own folder unless @limits allow leaving
 * it: for a file the person opened, never for a downloaded one. */
void               atelier_model_view_load_file_full    (AtelierModelView       *self,
                                                         GFile                  *file,
                                                         const AtelierGltfLimits *limits);
GFile             *atelier_model_view_get_file          (AtelierModelView       *self);
void               atelier_model_view_cancel_load       (AtelierModelView       *self);
/* Shows an already loaded scene; takes ownership. */
void               atelier_model_view_set_scene         (AtelierModelView       *self,
                                                         AtelierGltfScene       *scene);
/* The same for a scene made some other way, freed with @free_func. */
void               atelier_model_view_set_scene_full    (AtelierModelView       *self,
                                                         AtelierGltfScene       *scene,
                                                         GDestroyNotify          free_func);
/* The same, keeping the camera where it is when a scene was shown: for
 * another version of the same model (an optimized preview). */
void               atelier_model_view_replace_scene     (AtelierModelView       *self,
                                                         AtelierGltfScene       *scene,
                                                         GDestroyNotify          free_func);
const AtelierGltfScene *atelier_model_view_get_scene    (AtelierModelView       *self);
/* "loading", "progress" (0..1) and "error-message" (NULL when fine) are
 * read-only properties with notify. */
gboolean           atelier_model_view_get_loading       (AtelierModelView       *self);
double             atelier_model_view_get_progress      (AtelierModelView       *self);
const char        *atelier_model_view_get_error_message (AtelierModelView       *self);

/* Display. Each is also a property of the same name. */
void               atelier_model_view_set_mode          (AtelierModelView       *self,
                                                         AtelierRenderMode       mode);
AtelierRenderMode  atelier_model_view_get_mode          (AtelierModelView       *self);
void               atelier_model_view_set_auto_rotate   (AtelierModelView       *self,
                                                         gboolean                auto_rotate);
gboolean           atelier_model_view_get_auto_rotate   (AtelierModelView       *self);
void               atelier_model_view_set_orthographic  (AtelierModelView       *self,
                                                         gboolean                orthographic);
gboolean           atelier_model_view_get_orthographic  (AtelierModelView       *self);
void               atelier_model_view_set_show_grid     (AtelierModelView       *self,
                                                         gboolean                show_grid);
gboolean           atelier_model_view_get_show_grid     (AtelierModelView       *self);
void               atelier_model_view_set_show_wireframe (AtelierModelView      *self,
                                                         gboolean                show_wireframe);
gboolean           atelier_model_view_get_show_wireframe (AtelierModelView      *self);
void               atelier_model_view_set_show_stats    (AtelierModelView       *self,
                                                         gboolean                show_stats);
gboolean           atelier_model_view_get_show_stats    (AtelierModelView       *self);
/* The toolbar; hide it when embedding with your own controls. */
void               atelier_model_view_set_show_controls (AtelierModelView       *self,
                                                         gboolean                show_controls);
gboolean           atelier_model_view_get_show_controls (AtelierModelView       *self);

/* Camera. */
void               atelier_model_view_frame             (AtelierModelView       *self);
void               atelier_model_view_reset_camera      (AtelierModelView       *self);
/* Turns the camera around the model by @yaw and @pitch radians, as a drag
 * does (so it counts as moving, see "simplified"). */
void               atelier_model_view_orbit             (AtelierModelView       *self,
                                                         double                  yaw,
                                                         double                  pitch);

/* Level of detail. Where full frames are slow (software GL), a simplified
 * model is built in the background and drawn while the camera moves; 200 ms
 * after the last move the view draws full detail again. "simplified" (and
 * "status-hint", a sentence for an overlay) say which one is shown;
 * "preview-triangles" how many triangles the simplified one has (0 until
 * it exists). All are read-only properties with notify, except
 * "simplify-while-moving" (default TRUE). */
void               atelier_model_view_set_simplify_while_moving (AtelierModelView *self,
                                                         gboolean                simplify);
gboolean           atelier_model_view_get_simplify_while_moving (AtelierModelView *self);
gboolean           atelier_model_view_get_simplified    (AtelierModelView       *self);
const char        *atelier_model_view_get_status_hint   (AtelierModelView       *self);
guint64            atelier_model_view_get_preview_triangles (AtelierModelView   *self);

/* Renderer statistics of the last frame (zeros before the first one). */
void               atelier_model_view_get_stats         (AtelierModelView       *self,
                                                         AtelierRenderStats     *stats);

/* Screenshots, drawn offscreen at @width × @height device pixels (0 = the
 * widget's size). Need the widget to be realized. With @transparent the
 * background and grid are left out. */
GdkPixbuf         *atelier_model_view_screenshot        (AtelierModelView       *self,
                                                         int                     width,
                                                         int                     height,
                                                         gboolean                transparent,
                                                         GError                **error);
gboolean           atelier_model_view_save_screenshot   (AtelierModelView       *self,
                                                         GFile                  *file,
                                                         gboolean                transparent,
                                                         GError                **error);

G_END_DECLS
