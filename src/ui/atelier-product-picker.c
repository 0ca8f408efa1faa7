/* atelier-product-picker.c: Core3D's products to choose from, with their previews
 *
 * A preview is a picture on Core3D's CDN: it is fetched like any download
 * (no token, a size cap, the type checked by its first bytes), kept in the
 * cache so the next picker shows it at once, and decoded in a worker
 * thread at thumbnail size, a few at a time. Until it is there, and when it
 * cannot be had, the row shows a placeholder; the picker works either way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-product-picker"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "atelier-product-picker.h"
#include "atelier-texture-loader.h"

/* Shown at 64 px, decoded for a 2× screen at most. */
#define PREVIEW_SIZE      64
#define PREVIEW_DECODE    (2 * PREVIEW_SIZE)
/* A product picture, not a print file. */
#define PREVIEW_MAX_BYTES ((gsize) 8 * 1024 * 1024)
#define MAX_DOWNLOADS     3

struct _AtelierProductPicker
{
  GtkWidget     parent_instance;

  GtkWidget    *scroller;
  GtkListBox   *list;

  /* Owned References */
  AtelierHttp  *http;
  GPtrArray    *products;   /* AtelierCore3dProduct */
  GPtrArray    *images;     /* GtkImage, one per product (borrowed from the rows) */
  GCancellable *cancellable;
  GQueue        waiting;    /* GUINT_TO_POINTER (index) of previews not yet asked for */
  guint         in_flight;
  guint         n_previews;
  guint         n_failed;
};

enum {
  PROP_0,
  PROP_SELECTED,
  PROP_N_PREVIEWS,
  N_PROPS
};

enum {
  PRODUCT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierProductPicker, atelier_product_picker, GTK_TYPE_WIDGET)

typedef struct
{
  AtelierProductPicker *self;
  guint                 index;
} Preview;

static void fetch_next (AtelierProductPicker *self);

static void
preview_free (Preview *preview)
{
  g_object_unref (preview->self);
  g_free (preview);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Preview, preview_free)

static const AtelierCore3dProduct *
product_at (AtelierProductPicker *self,
            guint                 index)
{
  return g_ptr_array_index (self->products, index);
}

static void
set_image_name (AtelierProductPicker *self,
                guint                 index,
                const char           *format)
{
  g_autofree char *name = g_strdup_printf (format, product_at (self, index)->name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (g_ptr_array_index (self->images, index)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* A preview is done with, shown or not: the next one may start. */
static void
preview_done (AtelierProductPicker *self,
              guint                 index,
              GdkTexture           *texture,
              const GError         *error)
{
  GtkImage *image;

  /* Cancelled: the picker is going away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->images == NULL)
    return;
  image = g_ptr_array_index (self->images, index);
  self->in_flight--;
  if (texture != NULL)
    {
      gtk_image_set_from_paintable (image, GDK_PAINTABLE (texture));
      gtk_widget_remove_css_class (GTK_WIDGET (image), "dim-label");
      /* Translators: the accessible name of a product's picture, e.g. "Preview of Tee" */
      set_image_name (self, index, _("Preview of %s"));
      self->n_previews++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PREVIEWS]);
    }
  else
    {
      if (error != NULL)
        g_debug ("No preview of %s: %s", product_at (self, index)->name, error->message);
      gtk_image_set_from_icon_name (image, "image-missing-symbolic");
      /* Translators: the accessible name of a product's placeholder picture */
      set_image_name (self, index, _("No preview of %s"));
      self->n_failed++;
    }
  fetch_next (self);
}

static void
preview_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Preview) preview = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = atelier_texture_load_finish (result, &error);

  preview_done (preview->self, preview->index, texture, error);
}

static void
load (Preview    *preview,
      const char *path)
{
  atelier_texture_load_async (path, PREVIEW_DECODE, preview->self->cancellable,
                              preview_loaded, preview);
}

static void
preview_downloaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Preview) preview = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = atelier_http_download_finish (ATELIER_HTTP (source), result, &error);

  if (path == NULL)
    {
      preview_done (preview->self, preview->index, NULL, error);
      return;
    }
  load (g_steal_pointer (&preview), path);
}

static char *
cache_base (const char *url)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);

  return g_build_filename (g_get_user_cache_dir (), "atelier", "core3d-products", hash, NULL);
}

/* What an earlier picker kept of @base: the download names it by its type. */
static char *
cached_file (const char *base)
{
  static const char * const exts[] = { "png", "jpg", "webp", NULL };

  for (guint i = 0; exts[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", base, exts[i]);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static void
fetch (AtelierProductPicker *self,
       guint                 index)
{
  const AtelierCore3dProduct *product = product_at (self, index);
  g_autofree char *base = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(AtelierHttpRequest) req = NULL;
  Preview *preview;

  self->in_flight++;
  if (product->preview == NULL || self->http == NULL ||
      (!g_str_has_prefix (product->preview, "https://") &&
       !g_str_has_prefix (product->preview, "http://")))
    {
      preview_done (self, index, NULL, NULL);
      return;
    }

  preview = g_new0 (Preview, 1);
  preview->self = g_object_ref (self);
  preview->index = index;
  base = cache_base (product->preview);
  if ((cached = cached_file (base)) != NULL)
    {
      load (preview, cached);
      return;
    }

  dir = g_path_get_dirname (base);
  g_mkdir_with_parents (dir, 0700);
  /* No token: atelier_http_request_set_auth() is not called. */
  req = atelier_http_request_new ("GET", product->preview);
  atelier_http_request_set_max_bytes (req, PREVIEW_MAX_BYTES);
  atelier_http_download_async (self->http, req, base, NULL, NULL, self->cancellable,
                               preview_downloaded, preview);
}

static void
fetch_next (AtelierProductPicker *self)
{
  while (self->in_flight < MAX_DOWNLOADS && !g_queue_is_empty (&self->waiting))
    fetch (self, GPOINTER_TO_UINT (g_queue_pop_head (&self->waiting)));
}

/* What a product supports, in words. */
static const char *
supports_text (const AtelierCore3dProduct *product)
{
  gboolean dtf = atelier_core3d_product_supports (product, "dtf");
  gboolean dtg = atelier_core3d_product_supports (product, "dtg");

  if (dtf && dtg)
    return _("All-over print and printable zones: a pattern or a graphic");
  if (dtf)
    return _("All-over print: a pattern or a graphic");
  if (dtg)
    return _("Printable zones: a graphic");
  return _("Core3D does not say what it supports");
}

static GtkWidget *
make_row (AtelierProductPicker       *self,
          const AtelierCore3dProduct *product)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_icon_name ("image-x-generic-symbolic");
  const char *supports = supports_text (product);
  /* Translators: the accessible name of a product's picture while it loads */
  g_autofree char *loading = g_strdup_printf (_("Loading the preview of %s"), product->name);

  gtk_image_set_pixel_size (GTK_IMAGE (image), PREVIEW_SIZE);
  gtk_widget_set_size_request (image, PREVIEW_SIZE, PREVIEW_SIZE);
  gtk_widget_set_margin_top (image, 6);
  gtk_widget_set_margin_bottom (image, 6);
  gtk_widget_add_css_class (image, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, loading, -1);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), product->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), supports);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, product->name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, supports,
                                  -1);
  g_ptr_array_add (self->images, image);
  return row;
}

static void
on_selected_rows_changed (AtelierProductPicker *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
on_row_activated (AtelierProductPicker *self)
{
  g_signal_emit (self, signals[PRODUCT_ACTIVATED], 0);
}

static guint
get_selected_index (AtelierProductPicker *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  return row != NULL ? (guint) gtk_list_box_row_get_index (row) : GTK_INVALID_LIST_POSITION;
}

static void
atelier_product_picker_dispose (GObject *object)
{
  AtelierProductPicker *self = ATELIER_PRODUCT_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_queue_clear (&self->waiting);
  g_clear_object (&self->http);
  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_pointer (&self->images, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_product_picker_parent_class)->dispose (object);
}

static void
atelier_product_picker_finalize (GObject *object)
{
  AtelierProductPicker *self = ATELIER_PRODUCT_PICKER (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_product_picker_parent_class)->finalize (object);
}

static void
atelier_product_picker_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  AtelierProductPicker *self = ATELIER_PRODUCT_PICKER (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_uint (value, get_selected_index (self));
      break;
    case PROP_N_PREVIEWS:
      g_value_set_uint (value, self->n_previews);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_product_picker_class_init (AtelierProductPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_product_picker_dispose;
  object_class->finalize = atelier_product_picker_finalize;
  object_class->get_property = atelier_product_picker_get_property;

  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PREVIEWS] =
    g_param_spec_uint ("n-previews", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PRODUCT_ACTIVATED] =
    g_signal_new ("product-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "atelierproductpicker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_product_picker_init (AtelierProductPicker *self)
{
  self->cancellable = g_cancellable_new ();
  self->images = g_ptr_array_new ();

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Products"), -1);
  g_signal_connect_object (self->list, "selected-rows-changed",
                           G_CALLBACK (on_selected_rows_changed), self, G_CONNECT_SWAPPED);
  /* A click chooses; Enter or a double click chooses and goes on. */
  gtk_list_box_set_activate_on_single_click (self->list, FALSE);
  g_signal_connect_object (self->list, "row-activated",
                           G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->list));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
atelier_product_picker_new (AtelierHttp *http,
                            GPtrArray   *products)
{
  AtelierProductPicker *self;

  g_return_val_if_fail (http == NULL || ATELIER_IS_HTTP (http), NULL);
  g_return_val_if_fail (products != NULL, NULL);

  self = g_object_new (ATELIER_TYPE_PRODUCT_PICKER, NULL);
  self->http = http != NULL ? g_object_ref (http) : NULL;
  self->products = g_ptr_array_ref (products);
  for (guint i = 0; i < products->len; i++)
    {
      gtk_list_box_append (self->list, make_row (self, product_at (self, i)));
      g_queue_push_tail (&self->waiting, GUINT_TO_POINTER (i));
    }
  if (products->len > 0)
    atelier_product_picker_select (self, 0);
  fetch_next (self);
  return GTK_WIDGET (self);
}

const AtelierCore3dProduct *
atelier_product_picker_get_selected (AtelierProductPicker *self)
{
  guint index;

  g_return_val_if_fail (ATELIER_IS_PRODUCT_PICKER (self), NULL);

  index = get_selected_index (self);
  return self->products != NULL && index < self->products->len ? product_at (self, index) : NULL;
}

void
atelier_product_picker_select (AtelierProductPicker *self,
                               guint                 index)
{
  g_return_if_fail (ATELIER_IS_PRODUCT_PICKER (self));

  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, (int) index));
}

guint
atelier_product_picker_get_n_previews (AtelierProductPicker *self)
{
  g_return_val_if_fail (ATELIER_IS_PRODUCT_PICKER (self), 0);

  return self->n_previews;
}

guint
atelier_product_picker_get_n_failed (AtelierProductPicker *self)
{
  g_return_val_if_fail (ATELIER_IS_PRODUCT_PICKER (self), 0);

  return self->n_failed;
}
