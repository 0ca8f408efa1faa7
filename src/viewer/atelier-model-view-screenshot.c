/* atelier-model-view-screenshot.c: saving what the viewer shows
 *
 * Drawn again offscreen rather than read from GtkGLArea's buffer, so the
 * size is free, the background can be left out, and the overlays are not
 * in the picture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-viewer"

#include "config.h"

#include <adwaita.h>
#include <epoxy/gl.h>
#include <glib/gi18n.h>

#include "atelier-headless.h"
#include "atelier-model-view-private.h"
#include "atelier-render-target.h"

/* Screenshots */

static void
free_pixels (guchar   *pixels,
             gpointer  user_data)
{
  g_free (pixels);
}

GdkPixbuf *
atelier_model_view_screenshot (AtelierModelView  *self,
                               int                width,
                               int                height,
                               gboolean           transparent,
                               GError           **error)
{
  GtkGLArea *area = GTK_GL_AREA (self);
  g_autoptr(AtelierRenderTarget) target = NULL;
  static const float clear[4] = { 0, 0, 0, 0 };
  static const float background[4] = { 0.20f, 0.20f, 0.21f, 1.0f };
  guint8 *rgba;

  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), NULL);

  if (!gtk_widget_get_realized (GTK_WIDGET (self)) || self->renderer == NULL)
    {
      g_set_error_literal (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_CONTEXT,
                           _("The 3D view is not ready"));
      return NULL;
    }

  if (width <= 0 || height <= 0)
    {
      int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
      width = MAX (gtk_widget_get_width (GTK_WIDGET (self)) * scale, 1);
      height = MAX (gtk_widget_get_height (GTK_WIDGET (self)) * scale, 1);
    }

  gtk_gl_area_make_current (area);
  if (!(target = atelier_render_target_new_readback (width, height,
                                                     atelier_render_pick_samples (self->stats.triangles),
                                                     error)))
    return NULL;

  atelier_model_view_sync_scene (self, width, height);
  atelier_render_target_bind (target);
  if (transparent)
    {
      atelier_renderer_set_background (self->renderer, clear);
      atelier_renderer_set_show_grid (self->renderer, FALSE);
    }
  atelier_renderer_draw (self->renderer, &self->camera, width, height);
  rgba = atelier_render_target_read_rgba (target);
  atelier_renderer_set_background (self->renderer, background);
  atelier_renderer_set_show_grid (self->renderer, self->show_grid);

  /* GtkGLArea rebinds its own framebuffer before its next render. */
  glBindFramebuffer (GL_FRAMEBUFFER, 0);
  self->picture_dirty = TRUE;

  return gdk_pixbuf_new_from_data (rgba, GDK_COLORSPACE_RGB, TRUE, 8, width, height, width * 4,
                                   free_pixels, NULL);
}

gboolean
atelier_model_view_save_screenshot (AtelierModelView  *self,
                                    GFile             *file,
                                    gboolean           transparent,
                                    GError           **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(path = g_file_get_path (file)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Screenshots can only be saved to local files"));
      return FALSE;
    }
  if (!(pixbuf = atelier_model_view_screenshot (self, 0, 0, transparent, error)))
    return FALSE;

  return atelier_headless_write_png (gdk_pixbuf_read_pixels (pixbuf),
                                     gdk_pixbuf_get_width (pixbuf),
                                     gdk_pixbuf_get_height (pixbuf),
                                     transparent, path, error);
}


static void
show_error (AtelierModelView *self,
            const char       *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Screenshot Not Saved"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dialog_response (GtkNativeDialog  *dialog,
                 int               response,
                 AtelierModelView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      const char *choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "transparent");
      g_autoptr(GError) error = NULL;

      if (!atelier_model_view_save_screenshot (self, file, g_strcmp0 (choice, "true") == 0, &error))
        show_error (self, error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

void
atelier_model_view_screenshot_dialog (AtelierModelView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  dialog = gtk_file_chooser_native_new (_("Save Screenshot"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

  gtk_file_filter_set_name (filter, _("PNG Images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "transparent",
                               _("Transparent background"), NULL, NULL);

  if (self->file != NULL)
    {
      g_autofree char *base = g_file_get_basename (self->file);
      char *dot = strrchr (base, '.');
      if (dot)
        *dot = '\0';
      name = g_strdup_printf ("%s.png", base);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name ? name : _("Model.png"));

  g_signal_connect (dialog, "response", G_CALLBACK (dialog_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
