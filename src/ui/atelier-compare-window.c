/* atelier-compare-window.c: two outputs, of one job or of two, side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-compare-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-compare-window.h"
#include "atelier-providers.h"
#include "atelier-resources.h"
#include "atelier-texture-loader.h"

/* Enough to see detail at 2× zoom of a 1024 px result without holding a
 * huge original twice. */
#define COMPARE_MAX_SIZE 2048

struct _AtelierCompareWindow
{
  AdwWindow           parent_instance;

  /* Template Widgets */
  GtkDropDown        *left_picker;
  GtkDropDown        *right_picker;
  AtelierCompareView *view;

  /* Owned References */
  GPtrArray          *paths;     /* one per choice */
  GtkStringList      *labels;    /* the pickers' model, one per choice */
  GCancellable       *loads[2];  /* the image being loaded for each side */
};

G_DEFINE_FINAL_TYPE (AtelierCompareWindow, atelier_compare_window, ADW_TYPE_WINDOW)

static gboolean
is_image_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".png") || g_str_has_suffix (lower, ".jpg")
      || g_str_has_suffix (lower, ".jpeg") || g_str_has_suffix (lower, ".webp");
}

typedef struct
{
  AtelierCompareWindow *self;
  AtelierCompareSide    side;
  GCancellable         *cancellable;
} Load;

static void
load_free (Load *load)
{
  g_object_unref (load->self);
  g_object_unref (load->cancellable);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static void
texture_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = atelier_texture_load_finish (result, &error);

  /* Another image was picked for that side since. */
  if (g_cancellable_is_cancelled (load->cancellable) || load->self->view == NULL)
    return;
  if (texture == NULL)
    g_debug ("Could not load an image to compare: %s", error->message);
  atelier_compare_view_set_texture (load->self->view, load->side, texture);
}

static void
load_side (AtelierCompareWindow *self,
           AtelierCompareSide    side)
{
  GtkDropDown *picker = side == ATELIER_COMPARE_SIDE_LEFT ? self->left_picker : self->right_picker;
  guint index = gtk_drop_down_get_selected (picker);
  Load *load;

  g_cancellable_cancel (self->loads[side]);
  g_set_object (&self->loads[side], g_cancellable_new ());
  atelier_compare_view_set_texture (self->view, side, NULL);
  if (index >= self->paths->len)
    return;
  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->side = side;
  load->cancellable = g_object_ref (self->loads[side]);
  atelier_texture_load_async (g_ptr_array_index (self->paths, index), COMPARE_MAX_SIZE,
                              self->loads[side], texture_loaded, load);
}

static void
on_left_selected (AtelierCompareWindow *self)
{
  load_side (self, ATELIER_COMPARE_SIDE_LEFT);
}

static void
on_right_selected (AtelierCompareWindow *self)
{
  load_side (self, ATELIER_COMPARE_SIDE_RIGHT);
}

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierCompareWindow *self = ATELIER_COMPARE_WINDOW (widget);
  guint left = gtk_drop_down_get_selected (self->left_picker);

  gtk_drop_down_set_selected (self->left_picker, gtk_drop_down_get_selected (self->right_picker));
  gtk_drop_down_set_selected (self->right_picker, left);
}

/* The header's zoom buttons are not inside the view, where its actions are. */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierCompareWindow *self = ATELIER_COMPARE_WINDOW (widget);

  g_autofree char *name = g_strconcat ("compare.", action_name + strlen ("compare-window."), NULL);

  gtk_widget_activate_action (GTK_WIDGET (self->view), name, NULL);
}

static void
on_zoom_changed (AtelierCompareWindow *self)
{
  double zoom = atelier_compare_view_get_zoom (self->view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare-window.zoom-out", zoom > 1.0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare-window.zoom-reset", zoom > 1.0);
}

static void
atelier_compare_window_dispose (GObject *object)
{
  AtelierCompareWindow *self = ATELIER_COMPARE_WINDOW (object);

  for (guint i = 0; i < 2; i++)
    {
      g_cancellable_cancel (self->loads[i]);
      g_clear_object (&self->loads[i]);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_COMPARE_WINDOW);
  g_clear_pointer (&self->paths, g_ptr_array_unref);
  g_clear_object (&self->labels);

  G_OBJECT_CLASS (atelier_compare_window_parent_class)->dispose (object);
}

static void
atelier_compare_window_class_init (AtelierCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_compare_window_dispose;

  atelier_get_resource ();
  g_type_ensure (ATELIER_TYPE_COMPARE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierCompareWindow, left_picker);
  gtk_widget_class_bind_template_child (widget_class, AtelierCompareWindow, right_picker);
  gtk_widget_class_bind_template_child (widget_class, AtelierCompareWindow, view);

  gtk_widget_class_install_action (widget_class, "compare-window.swap", NULL, swap_action);
  gtk_widget_class_install_action (widget_class, "compare-window.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "compare-window.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "compare-window.zoom-reset", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
atelier_compare_window_init (AtelierCompareWindow *self)
{
  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->labels = gtk_string_list_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->left_picker, G_LIST_MODEL (self->labels));
  gtk_drop_down_set_model (self->right_picker, G_LIST_MODEL (self->labels));
  g_signal_connect_swapped (self->left_picker, "notify::selected", G_CALLBACK (on_left_selected), self);
  g_signal_connect_swapped (self->right_picker, "notify::selected", G_CALLBACK (on_right_selected), self);
  g_signal_connect_swapped (self->view, "notify::zoom", G_CALLBACK (on_zoom_changed), self);
  on_zoom_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

GtkWidget *
atelier_compare_window_new (void)
{
  return g_object_new (ATELIER_TYPE_COMPARE_WINDOW, NULL);
}

static char *
choice_label (AtelierJob *job,
              guint       index,
              guint       n,
              gboolean    several_jobs,
              const char *path)
{
  g_autofree char *image = NULL;
  const char *prompt = atelier_job_get_prompt (job);
  g_autofree char *short_prompt = NULL;
  g_autofree char *start = NULL;
  const char *service;

  if (atelier_job_get_output_starred (job, path))
    /* Translators: one image of a job's several, in the compare picker */
    image = g_strdup_printf (_("Image %u of %u, starred"), index + 1, n);
  else
    image = g_strdup_printf (_("Image %u of %u"), index + 1, n);
  if (!several_jobs || prompt == NULL || *prompt == '\0')
    return g_steal_pointer (&image);

  if (g_utf8_strlen (prompt, -1) > 40)
    {
      start = g_utf8_substring (prompt, 0, 39);
      short_prompt = g_strconcat (start, "…", NULL);
    }
  else
    short_prompt = g_strdup (prompt);
  /* The jobs of a batch share their prompt: the service tells them apart.
   * Translators: the service, the job's prompt, then which of its images */
  service = atelier_providers_get_display_name (atelier_job_get_provider (job));
  return g_strdup_printf (_("%s: %s — %s"),
                          service != NULL ? service : atelier_job_get_provider (job),
                          short_prompt, image);
}

gboolean
atelier_compare_window_set_jobs (AtelierCompareWindow *self,
                                 AtelierJob * const   *jobs,
                                 guint                 n_jobs)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  int firsts[2] = { -1, -1 };
  guint jobs_with_images = 0;

  g_return_val_if_fail (ATELIER_IS_COMPARE_WINDOW (self), FALSE);

  g_ptr_array_set_size (self->paths, 0);
  for (guint j = 0; j < n_jobs; j++)
    {
      const char *const *outputs = atelier_job_get_outputs (jobs[j]);
      guint n = 0, k = 0;

      for (guint i = 0; outputs[i] != NULL; i++)
        n += is_image_path (outputs[i]);
      if (n == 0)
        continue;
      if (jobs_with_images < 2)
        firsts[jobs_with_images] = (int) self->paths->len;
      jobs_with_images++;
      for (guint i = 0; outputs[i] != NULL; i++)
        {
          if (!is_image_path (outputs[i]))
            continue;
          g_ptr_array_add (self->paths, g_strdup (outputs[i]));
          g_ptr_array_add (labels, choice_label (jobs[j], k++, n, n_jobs > 1, outputs[i]));
        }
    }
  g_ptr_array_add (labels, NULL);

  g_signal_handlers_block_by_func (self->left_picker, on_left_selected, self);
  g_signal_handlers_block_by_func (self->right_picker, on_right_selected, self);
  gtk_string_list_splice (self->labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->labels)),
                          (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->left_picker, firsts[0] >= 0 ? (guint) firsts[0] : GTK_INVALID_LIST_POSITION);
  if (firsts[1] < 0 && self->paths->len >= 2)
    firsts[1] = firsts[0] + 1;
  gtk_drop_down_set_selected (self->right_picker, firsts[1] >= 0 ? (guint) firsts[1] : GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_by_func (self->left_picker, on_left_selected, self);
  g_signal_handlers_unblock_by_func (self->right_picker, on_right_selected, self);
  load_side (self, ATELIER_COMPARE_SIDE_LEFT);
  load_side (self, ATELIER_COMPARE_SIDE_RIGHT);

  return self->paths->len >= 2;
}

static guint
find_choice (AtelierCompareWindow *self,
             const char           *path)
{
  for (guint i = 0; path != NULL && i < self->paths->len; i++)
    if (g_str_equal (g_ptr_array_index (self->paths, i), path))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

gboolean
atelier_compare_window_show_outputs (AtelierCompareWindow *self,
                                     const char           *left,
                                     const char           *right)
{
  guint a, b;

  g_return_val_if_fail (ATELIER_IS_COMPARE_WINDOW (self), FALSE);

  a = find_choice (self, left);
  b = find_choice (self, right);
  if (a == GTK_INVALID_LIST_POSITION || b == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_drop_down_set_selected (self->left_picker, a);
  gtk_drop_down_set_selected (self->right_picker, b);
  return TRUE;
}

const char *
atelier_compare_window_get_output (AtelierCompareWindow *self,
                                   AtelierCompareSide    side)
{
  guint index;

  g_return_val_if_fail (ATELIER_IS_COMPARE_WINDOW (self), NULL);

  index = gtk_drop_down_get_selected (side == ATELIER_COMPARE_SIDE_LEFT ? self->left_picker
                                                                        : self->right_picker);
  return index < self->paths->len ? g_ptr_array_index (self->paths, index) : NULL;
}

AtelierCompareView *
atelier_compare_window_get_view (AtelierCompareWindow *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPARE_WINDOW (self), NULL);

  return self->view;
}
