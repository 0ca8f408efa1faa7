/* atelier-sandbox-core3d-design.c: Core3D products, designs and print exports
 *
 * GET  /v1/models                       a bare array: Tee (dtf, dtg), Hoodie (dtf), Mug (dtg)
 * POST /v1/uploads                      multipart, the image in "file" → {id, uri}
 * POST /v1/generations                  {type: "design", data: {model, upload, type,
 *                                        colors?, details?}}: the artwork mapped onto the
 *                                        product's silhouette (pattern: tiled all over;
 *                                        graphic: in the printable zone)
 * GET  /v1/generations/{id or uri}      as image generations; when ok, result.designs
 *                                        [{id, uri}] and images.default.fullsize.url
 * GET  /v1/designs/{id or uri}          {id, uri, model, images.default.fullsize.url}
 * POST /v1/exports                      {design, type: "dtf" | "dtg"}
 * GET  /v1/exports/{id or uri}          pending → running → ok with result.uploads: [a ZIP
 *                                        of PNG pieces: every piece for dtf, the printable
 *                                        zones for dtg]
 *
 * Faults, asked for with the design's "details" (a colour otherwise):
 * "sandbox-fail" (the generation ends "error"), "sandbox-shape-none" (ok,
 * but no design in the result), "sandbox-shape-strings" (result.designs as
 * URI strings), "sandbox-shape-design" (result.design), "sandbox-no-preview"
 * (no images: the design resource has the preview), "sandbox-export-fail"
 * and "sandbox-export-shape" (its exports end "error", or ok with no file).
 * An expired upload link is the generic "expired" fault on GET /presigned/.
 *
 * The state hangs off the sandbox object, so its own files stay untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <archive.h>
#include <math.h>
#include <archive_entry.h>
#include <string.h>

#include "atelier-procedural-private.h"
#include "atelier-sandbox-core3d-private.h"

#define PREVIEW_EDGE      512
#define PIECE_EDGE        384
#define UPLOAD_LIFETIME_S 3600
#define MAX_UPLOAD        ((gsize) 25 * 1024 * 1024)
#define MAX_COLORS        8

#define MODEL_URI      "core3d:model:"
#define UPLOAD_URI     "core3d:upload:"
#define DESIGN_URI     "core3d:design:"
#define GENERATION_URI "core3d:generation:"
#define EXPORT_URI     "core3d:export:"

typedef enum { SHAPE_TEE, SHAPE_HOODIE, SHAPE_MUG } Shape;

typedef struct
{
  const char *id;
  const char *name;
  gboolean    dtf;
  gboolean    dtg;
  Shape       shape;
  const char *platform;
} Product;

static const Product products[] = {
  { "0190f000-7e11-7000-8000-00000000a001", "Tee", TRUE, TRUE, SHAPE_TEE, "printful" },
  { "0190f000-7e11-7000-8000-00000000a002", "Hoodie", TRUE, FALSE, SHAPE_HOODIE, NULL },
  { "0190f000-7e11-7000-8000-00000000a003", "Mug", FALSE, TRUE, SHAPE_MUG, NULL },
};

typedef struct
{
  char               *id;
  AtelierSandboxTask *task;
  JsonNode           *data;
  char               *created_at;
  char               *details;      /* the fault asked for, or a colour */
  const Product      *product;
  char               *design;       /* design id, made when first seen done */
} DesignGeneration;

typedef struct
{
  char          *id;
  const Product *product;
  char          *preview;   /* CDN name */
  char          *details;
} Design;

typedef struct
{
  char               *id;
  AtelierSandboxTask *task;
  char               *design;
  char               *type;
  gboolean            no_file;
  char               *upload;   /* the ZIP's upload id, made when first seen done */
} Export;

typedef struct
{
  GHashTable *generations;  /* id → DesignGeneration */
  GHashTable *designs;      /* id → Design */
  GHashTable *exports;      /* id → Export */
} State;

/* What a render thread needs. */
typedef struct
{
  GBytes        *artwork;
  const Product *product;
  gboolean       pattern;
  guint8         base[4];
  guint8         details[4];
  char          *export_type;  /* NULL: a design preview */
} Render;

static void
generation_free (gpointer data)
{
  DesignGeneration *g = data;

  g_free (g->id);
  _atelier_sandbox_task_unref (g->task);
  json_node_unref (g->data);
  g_free (g->created_at);
  g_free (g->details);
  g_free (g->design);
  g_free (g);
}

static void
design_free (gpointer data)
{
  Design *d = data;

  g_free (d->id);
  g_free (d->preview);
  g_free (d->details);
  g_free (d);
}

static void
export_free (gpointer data)
{
  Export *e = data;

  g_free (e->id);
  _atelier_sandbox_task_unref (e->task);
  g_free (e->design);
  g_free (e->type);
  g_free (e->upload);
  g_free (e);
}

static void
render_free (gpointer data)
{
  Render *r = data;

  g_bytes_unref (r->artwork);
  g_free (r->export_type);
  g_free (r);
}

static void
state_free (gpointer data)
{
  State *state = data;

  g_hash_table_unref (state->generations);
  g_hash_table_unref (state->designs);
  g_hash_table_unref (state->exports);
  g_free (state);
}

static State *
get_state (AtelierSandbox *sandbox)
{
  return g_object_get_data (G_OBJECT (sandbox), "atelier-core3d-design");
}

/* ---- drawing ------------------------------------------------------------------ */

static gboolean
in_box (double x, double y, double x0, double y0, double x1, double y1)
{
  return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

static gboolean
in_circle (double x, double y, double cx, double cy, double r)
{
  return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
}

/* The product's silhouette, in a unit square. */
static gboolean
inside (Shape shape, double x, double y)
{
  switch (shape)
    {
    case SHAPE_TEE:
      return (in_box (x, y, 0.3, 0.2, 0.7, 0.9) || in_box (x, y, 0.12, 0.2, 0.88, 0.38)) &&
             !in_circle (x, y, 0.5, 0.18, 0.08);
    case SHAPE_HOODIE:
      return in_box (x, y, 0.3, 0.22, 0.7, 0.9) || in_box (x, y, 0.1, 0.22, 0.3, 0.62) ||
             in_box (x, y, 0.7, 0.22, 0.9, 0.62) || in_circle (x, y, 0.5, 0.2, 0.13);
    case SHAPE_MUG:
    default:
      return in_box (x, y, 0.22, 0.25, 0.68, 0.8) ||
             (x > 0.68 && in_circle (x, y, 0.7, 0.52, 0.14) && !in_circle (x, y, 0.7, 0.52, 0.08));
    }
}

/* The printable zone (dtg), in the same square. */
static void
zone (Shape shape, double box[4])
{
  static const double zones[][4] = {
    [SHAPE_TEE] = { 0.38, 0.3, 0.62, 0.56 },
    [SHAPE_HOODIE] = { 0.38, 0.38, 0.62, 0.6 },
    [SHAPE_MUG] = { 0.3, 0.35, 0.6, 0.7 },
  };

  memcpy (box, zones[shape], sizeof zones[shape]);
}

static GdkPixbuf *
load_artwork (GBytes   *bytes,
              GError  **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *pixbuf;

  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, error) ||
      !gdk_pixbuf_loader_close (loader, error))
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  return pixbuf ? gdk_pixbuf_add_alpha (pixbuf, FALSE, 0, 0, 0) : NULL;
}

static void
sample (GdkPixbuf *art, double u, double v, guint8 out[4])
{
  int w = gdk_pixbuf_get_width (art), h = gdk_pixbuf_get_height (art);
  int x = CLAMP ((int) (u * w), 0, w - 1), y = CLAMP ((int) (v * h), 0, h - 1);
  const guint8 *p = gdk_pixbuf_read_pixels (art) + y * gdk_pixbuf_get_rowstride (art) + x * 4;

  memcpy (out, p, 4);
}

static void
blend (guint8 *dst, const guint8 src[4])
{
  guint a = src[3];

  for (int c = 0; c < 3; c++)
    dst[c] = (guint8) ((src[c] * a + dst[c] * (255 - a)) / 255);
  dst[3] = 255;
}

/* The design preview: the silhouette in the base colour, the artwork tiled
 * over it (pattern) or in its zone (graphic), outlined in the details
 * colour. */
static GdkPixbuf *
draw_product (const Render *r,
              GdkPixbuf    *art,
              guint         edge)
{
  GdkPixbuf *out = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, edge, edge);
  guint8 *pixels = gdk_pixbuf_get_pixels (out);
  int stride = gdk_pixbuf_get_rowstride (out);
  double box[4], border = 3.0 / edge;

  zone (r->product->shape, box);
  gdk_pixbuf_fill (out, 0x00000000);
  for (guint y = 0; y < edge; y++)
    for (guint x = 0; x < edge; x++)
      {
        double u = (x + 0.5) / edge, v = (y + 0.5) / edge;
        guint8 *p = pixels + y * stride + x * 4;
        guint8 texel[4];

        if (!inside (r->product->shape, u, v))
          continue;
        memcpy (p, r->base, 3);
        p[3] = 255;
        if (r->pattern)
          {
            sample (art, fmod (u * 3, 1), fmod (v * 3, 1), texel);
            blend (p, texel);
          }
        else if (in_box (u, v, box[0], box[1], box[2], box[3]))
          {
            sample (art, (u - box[0]) / (box[2] - box[0]), (v - box[1]) / (box[3] - box[1]),
                    texel);
            blend (p, texel);
          }
        if (!inside (r->product->shape, u - border, v) || !inside (r->product->shape, u + border, v) ||
            !inside (r->product->shape, u, v - border) || !inside (r->product->shape, u, v + border))
          memcpy (p, r->details, 3);
      }
  return out;
}

/* One print piece: the artwork filling it (tiled for a pattern). */
static GdkPixbuf *
draw_piece (const Render *r,
            GdkPixbuf    *art,
            guint         index)
{
  GdkPixbuf *out = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, PIECE_EDGE, PIECE_EDGE);
  guint8 *pixels = gdk_pixbuf_get_pixels (out);
  int stride = gdk_pixbuf_get_rowstride (out);
  double tiles = r->pattern ? 2 + index : 1;

  for (guint y = 0; y < PIECE_EDGE; y++)
    for (guint x = 0; x < PIECE_EDGE; x++)
      {
        guint8 *p = pixels + y * stride + x * 4;
        guint8 texel[4];

        memcpy (p, r->base, 3);
        p[3] = 255;
        sample (art, fmod ((x + 0.5) / PIECE_EDGE * tiles, 1),
                fmod ((y + 0.5) / PIECE_EDGE * tiles, 1), texel);
        blend (p, texel);
      }
  return out;
}

static la_ssize_t
zip_write (struct archive *a,
           void           *data,
           const void     *buffer,
           size_t          length)
{
  g_byte_array_append (data, buffer, length);
  return (la_ssize_t) length;
}

/* dtf: every pattern piece; dtg: the printable zones. */
static const char * const *
piece_names (const Render *r)
{
  static const char * const garment_dtf[] = { "front.png", "back.png", "sleeve-left.png",
                                              "sleeve-right.png", NULL };
  static const char * const hoodie_dtf[] = { "front.png", "back.png", "sleeve-left.png",
                                             "sleeve-right.png", "hood.png", NULL };
  static const char * const garment_dtg[] = { "front-zone.png", NULL };
  static const char * const mug_dtg[] = { "wrap-zone.png", NULL };

  if (g_str_equal (r->export_type, "dtg"))
    return r->product->shape == SHAPE_MUG ? mug_dtg : garment_dtg;
  return r->product->shape == SHAPE_HOODIE ? hoodie_dtf : garment_dtf;
}

static GBytes *
write_zip (const Render  *r,
           GdkPixbuf     *art,
           GError       **error)
{
  g_autoptr(GByteArray) zip = g_byte_array_new ();
  const char * const *names = piece_names (r);
  struct archive *a = archive_write_new ();
  gboolean ok = archive_write_set_format_zip (a) == ARCHIVE_OK &&
                archive_write_open (a, zip, NULL, zip_write, NULL) == ARCHIVE_OK;

  for (guint i = 0; ok && names[i]; i++)
    {
      g_autoptr(GdkPixbuf) piece = draw_piece (r, art, i);
      g_autoptr(GBytes) png = _atelier_procedural_encode (piece, "png", 0, error);
      struct archive_entry *entry;
      gsize len;
      const void *data;

      if (png == NULL)
        {
          archive_write_free (a);
          return NULL;
        }
      data = g_bytes_get_data (png, &len);
      entry = archive_entry_new ();
      archive_entry_set_pathname (entry, names[i]);
      archive_entry_set_size (entry, (la_int64_t) len);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      ok = archive_write_header (a, entry) == ARCHIVE_OK &&
           archive_write_data (a, data, len) == (la_ssize_t) len;
      archive_entry_free (entry);
    }
  ok = archive_write_close (a) == ARCHIVE_OK && ok;
  archive_write_free (a);
  if (!ok)
    {
      g_set_error_literal (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_ENCODE,
                           "Could not write the export ZIP");
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&zip));
}

static GPtrArray *
render_design (gpointer   data,
               GError   **error)
{
  Render *r = data;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GdkPixbuf) art = load_artwork (r->artwork, error);
  GBytes *bytes;

  if (art == NULL)
    return NULL;
  if (r->export_type != NULL)
    bytes = write_zip (r, art, error);
  else
    {
      g_autoptr(GdkPixbuf) preview = draw_product (r, art, PREVIEW_EDGE);

      bytes = _atelier_procedural_encode (preview, "png", 0, error);
    }
  if (bytes == NULL)
    return NULL;
  g_ptr_array_add (results, bytes);
  return g_steal_pointer (&results);
}

/* ---- answers -------------------------------------------------------------------- */

static void
bad (AtelierSandboxCtx *ctx,
     const char        *message)
{
  _atelier_sandbox_respond_error (ctx, SOUP_STATUS_BAD_REQUEST, message, NULL, "validation_error");
}

static void
not_found (AtelierSandboxCtx *ctx,
           const char        *what)
{
  g_autofree char *message = g_strdup_printf ("%s not found", what);

  _atelier_sandbox_respond_error (ctx, SOUP_STATUS_NOT_FOUND, message, NULL, "not_found");
}

static char *
parse_id (const char *segment,
          const char *uri_prefix)
{
  g_autofree char *decoded = g_uri_unescape_string (segment, NULL);

  if (decoded == NULL)
    return NULL;
  if (g_str_has_prefix (decoded, uri_prefix))
    return g_strdup (decoded + strlen (uri_prefix));
  return g_steal_pointer (&decoded);
}

static const Product *
find_product (const char *key)
{
  g_autofree char *id = key ? parse_id (key, MODEL_URI) : NULL;

  for (guint i = 0; id && i < G_N_ELEMENTS (products); i++)
    if (g_str_equal (products[i].id, id))
      return &products[i];
  return NULL;
}

static void
add_images (JsonBuilder *builder,
            const char  *url)
{
  json_builder_set_member_name (builder, "images");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "default");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fullsize");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  if (url != NULL)
    json_builder_add_string_value (builder, url);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
list_models (AtelierSandboxCtx *ctx)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      const Product *p = &products[i];
      g_autofree char *uri = g_strconcat (MODEL_URI, p->id, NULL);
      g_autofree char *name = g_strdup_printf ("product-%s.png", p->id);
      g_autofree char *preview = _atelier_sandbox_cdn_url (ctx->sandbox, name);

      json_builder_begin_object (builder);
      add_string (builder, "id", p->id);
      add_string (builder, "uri", uri);
      add_string (builder, "object", "model");
      add_string (builder, "name", p->name);
      json_builder_set_member_name (builder, "capabilities");
      json_builder_begin_array (builder);
      if (p->dtg)
        json_builder_add_string_value (builder, "dtg");
      if (p->dtf)
        json_builder_add_string_value (builder, "dtf");
      json_builder_end_array (builder);
      add_images (builder, preview);
      if (p->platform != NULL)
        {
          json_builder_set_member_name (builder, "platform");
          json_builder_begin_object (builder);
          add_string (builder, "id", p->platform);
          add_string (builder, "url", "https://www.printful.com/custom/mens/t-shirts");
          json_builder_end_object (builder);
        }
      json_builder_set_member_name (builder, "ratio");
      json_builder_add_double_value (builder, p->shape == SHAPE_MUG ? 0.25 : 1.5);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
create_upload (AtelierSandboxCtx *ctx)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);
  g_autoptr(SoupMultipart) multipart = soup_multipart_new_from_message (headers, ctx->body);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = NULL;
  g_autofree char *uri = NULL;
  GBytes *file = NULL;
  char *name;
  const guint8 *data;
  gsize len = 0;

  for (int i = 0; multipart != NULL && i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autofree char *disposition = NULL;
      g_autoptr(GHashTable) params = NULL;

      if (soup_multipart_get_part (multipart, i, &part_headers, &part_body) &&
          _atelier_sandbox_part_within (part_body, ctx->body) &&
          soup_message_headers_get_content_disposition (part_headers, &disposition, &params) &&
          g_strcmp0 (g_hash_table_lookup (params, "name"), "file") == 0)
        file = part_body;
    }
  if (file == NULL)
    {
      bad (ctx, "Expected a multipart/form-data body with the image in \"file\"");
      return;
    }
  data = g_bytes_get_data (file, &len);
  if (len > MAX_UPLOAD)
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                      "Uploads are limited to 25 MB", NULL, "too_large");
      return;
    }
  if (len < 8 || (memcmp (data, "\x89PNG", 4) != 0 && !(data[0] == 0xFF && data[1] == 0xD8) &&
                  memcmp (data, "RIFF", 4) != 0))
    {
      bad (ctx, "\"file\" must be a PNG, JPEG or WebP image");
      return;
    }

  name = _atelier_sandbox_publish (ctx->sandbox, file, "image/png", "png");
  id = g_uuid_string_random ();
  g_hash_table_insert (ctx->sandbox->core3d_uploads, g_strdup (id), name);
  uri = g_strconcat (UPLOAD_URI, id, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "id", id);
  add_string (builder, "uri", uri);
  add_string (builder, "object", "upload");
  json_builder_end_object (builder);
  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_CREATED, json_builder_get_root (builder));
}

static const char *
state_name (AtelierSandboxTask *task)
{
  switch (_atelier_sandbox_task_get_state (task, NULL))
    {
    case ATELIER_SANDBOX_TASK_PENDING:
      return _atelier_sandbox_task_get_elapsed (task) < 0.075 ? "pending" : "waiting";
    case ATELIER_SANDBOX_TASK_RUNNING: return "running";
    case ATELIER_SANDBOX_TASK_DONE: return "ok";
    case ATELIER_SANDBOX_TASK_FAILED: return "error";
    case ATELIER_SANDBOX_TASK_CANCELED:
    default: return "canceled";
    }
}

static void
add_error (JsonBuilder        *builder,
           AtelierSandboxTask *task)
{
  json_builder_set_member_name (builder, "error");
  if (_atelier_sandbox_task_get_state (task, NULL) == ATELIER_SANDBOX_TASK_FAILED)
    {
      json_builder_begin_object (builder);
      add_string (builder, "message", _atelier_sandbox_task_get_error (task));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
}

static void
respond_generation (AtelierSandboxCtx *ctx,
                    DesignGeneration  *g,
                    gboolean           created)
{
  State *state = get_state (ctx->sandbox);
  gboolean done = !created &&
                  _atelier_sandbox_task_get_state (g->task, NULL) == ATELIER_SANDBOX_TASK_DONE;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *uri = g_strconcat (GENERATION_URI, g->id, NULL);
  g_autofree char *design_uri = NULL;
  g_autofree char *preview = NULL;
  const char *shape = g->details;

  if (done && g->design == NULL)
    {
      Design *d = g_new0 (Design, 1);

      d->id = g_uuid_string_random ();
      d->product = g->product;
      d->preview = g_strdup (g_ptr_array_index (_atelier_sandbox_task_get_names (g->task), 0));
      d->details = g_strdup (g->details);
      g->design = g_strdup (d->id);
      g_hash_table_insert (state->designs, d->id, d);
    }
  if (done)
    {
      Design *d = g_hash_table_lookup (state->designs, g->design);

      design_uri = g_strconcat (DESIGN_URI, g->design, NULL);
      if (g_strcmp0 (shape, "sandbox-no-preview") != 0)
        preview = _atelier_sandbox_presigned_url (ctx->sandbox, d->preview, UPLOAD_LIFETIME_S);
    }

  json_builder_begin_object (builder);
  add_string (builder, "id", g->id);
  add_string (builder, "uri", uri);
  add_string (builder, "object", "generation");
  add_string (builder, "type", "design");
  add_string (builder, "status", created ? "pending" : state_name (g->task));
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, json_node_copy (g->data));
  json_builder_set_member_name (builder, "result");
  if (!done)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      if (g_strcmp0 (shape, "sandbox-shape-none") == 0)
        {
          /* A shape Atelier does not know: nothing names a design. */
          json_builder_set_member_name (builder, "artifacts");
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, "opaque-artifact-1");
          json_builder_end_array (builder);
        }
      else if (g_strcmp0 (shape, "sandbox-shape-strings") == 0)
        {
          json_builder_set_member_name (builder, "designs");
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, design_uri);
          json_builder_end_array (builder);
        }
      else if (g_strcmp0 (shape, "sandbox-shape-design") == 0)
        {
          json_builder_set_member_name (builder, "design");
          json_builder_begin_object (builder);
          add_string (builder, "uri", design_uri);
          json_builder_end_object (builder);
        }
      else
        {
          json_builder_set_member_name (builder, "designs");
          json_builder_begin_array (builder);
          json_builder_begin_object (builder);
          add_string (builder, "id", g->design);
          add_string (builder, "uri", design_uri);
          json_builder_end_object (builder);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  add_images (builder, preview);
  add_error (builder, g->task);
  add_string (builder, "created_at", g->created_at);
  json_builder_end_object (builder);
  _atelier_sandbox_respond_json (ctx, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK,
                                 json_builder_get_root (builder));
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
read_color (JsonNode   *node,
            guint8      rgba[4],
            const char *fallback)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return atelier_procedural_parse_color (fallback, rgba);
  return is_string (node) && atelier_procedural_parse_color (json_node_get_string (node), rgba);
}

void
_atelier_sandbox_core3d_design_create (AtelierSandboxCtx *ctx,
                                       JsonObject        *body)
{
  State *state = get_state (ctx->sandbox);
  JsonObject *data = NULL;
  JsonNode *node;
  const Product *product;
  const char *type, *details = NULL, *upload_name;
  g_autofree char *upload_id = NULL;
  g_autofree char *fail_message = NULL;
  GBytes *artwork;
  DesignGeneration *g;
  Render *r;

  node = json_object_get_member (body, "data");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      bad (ctx, "\"data\" must be an object");
      return;
    }
  data = json_node_get_object (node);

  node = json_object_get_member (data, "model");
  if (!is_string (node) || (product = find_product (json_node_get_string (node))) == NULL)
    {
      bad (ctx, "\"data.model\" must be the URI of a model");
      return;
    }
  node = json_object_get_member (data, "upload");
  if (!is_string (node) ||
      (upload_id = parse_id (json_node_get_string (node), UPLOAD_URI)) == NULL ||
      (upload_name = g_hash_table_lookup (ctx->sandbox->core3d_uploads, upload_id)) == NULL)
    {
      bad (ctx, "\"data.upload\" must be the URI of an upload");
      return;
    }
  if ((artwork = _atelier_sandbox_lookup_blob (ctx->sandbox, upload_name)) == NULL)
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_GONE, "The upload has expired", NULL,
                                      "gone");
      return;
    }
  node = json_object_get_member (data, "type");
  type = is_string (node) ? json_node_get_string (node) : "";
  if (!g_str_equal (type, "pattern") && !g_str_equal (type, "graphic"))
    {
      bad (ctx, "\"data.type\" must be one of pattern, graphic");
      return;
    }
  if (g_str_equal (type, "pattern") && !product->dtf)
    {
      g_autofree char *message = g_strdup_printf ("Model \"%s\" does not support patterns",
                                                  product->name);
      bad (ctx, message);
      return;
    }

  r = g_new0 (Render, 1);
  r->artwork = g_bytes_ref (artwork);
  r->product = product;
  r->pattern = g_str_equal (type, "pattern");
  node = json_object_get_member (data, "colors");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) > 0 &&
      json_array_get_length (json_node_get_array (node)) <= MAX_COLORS)
    {
      if (!read_color (json_array_get_element (json_node_get_array (node), 0), r->base, "white"))
        {
          render_free (r);
          bad (ctx, "\"data.colors\" must hold CSS colours");
          return;
        }
    }
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      render_free (r);
      bad (ctx, "\"data.colors\" must be an array of at most 8 CSS colours");
      return;
    }
  else
    atelier_procedural_parse_color ("white", r->base);

  node = json_object_get_member (data, "details");
  if (is_string (node) && g_str_has_prefix (json_node_get_string (node), "sandbox-"))
    {
      details = json_node_get_string (node);
      atelier_procedural_parse_color ("black", r->details);
    }
  else if (!read_color (node, r->details, "black"))
    {
      render_free (r);
      bad (ctx, "\"data.details\" must be a CSS colour");
      return;
    }
  if (g_strcmp0 (details, ATELIER_SANDBOX_FAIL_WORD) == 0)
    fail_message = g_strdup ("The design failed (sandbox-fail was asked for)");

  g = g_new0 (DesignGeneration, 1);
  g->task = _atelier_sandbox_task_new (ctx->sandbox, "image/png", "png", fail_message,
                                       render_design, r, render_free);
  g->id = g_strdup (_atelier_sandbox_task_get_id (g->task));
  g->data = json_node_copy (json_object_get_member (body, "data"));
  g->created_at = _atelier_sandbox_iso8601_now ();
  g->details = g_strdup (details);
  g->product = product;
  g_hash_table_insert (state->generations, g->id, g);
  respond_generation (ctx, g, TRUE);
}

static void
respond_design (AtelierSandboxCtx *ctx,
                Design            *d)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *uri = g_strconcat (DESIGN_URI, d->id, NULL);
  g_autofree char *model = g_strconcat (MODEL_URI, d->product->id, NULL);
  g_autofree char *preview = _atelier_sandbox_presigned_url (ctx->sandbox, d->preview,
                                                             UPLOAD_LIFETIME_S);

  json_builder_begin_object (builder);
  add_string (builder, "id", d->id);
  add_string (builder, "uri", uri);
  add_string (builder, "object", "design");
  add_string (builder, "model", model);
  add_images (builder, preview);
  json_builder_end_object (builder);
  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
respond_export (AtelierSandboxCtx *ctx,
                Export            *e,
                gboolean           created)
{
  gboolean done = !created &&
                  _atelier_sandbox_task_get_state (e->task, NULL) == ATELIER_SANDBOX_TASK_DONE;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *uri = g_strconcat (EXPORT_URI, e->id, NULL);
  g_autofree char *design = g_strconcat (DESIGN_URI, e->design, NULL);

  if (done && e->upload == NULL)
    {
      e->upload = g_uuid_string_random ();
      g_hash_table_insert (ctx->sandbox->core3d_uploads, g_strdup (e->upload),
                           g_strdup (g_ptr_array_index (_atelier_sandbox_task_get_names (e->task),
                                                        0)));
    }

  json_builder_begin_object (builder);
  add_string (builder, "id", e->id);
  add_string (builder, "uri", uri);
  add_string (builder, "object", "export");
  add_string (builder, "status", created ? "pending" : state_name (e->task));
  add_string (builder, "design", design);
  add_string (builder, "type", e->type);
  json_builder_set_member_name (builder, "result");
  if (!done)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      if (e->no_file)
        add_string (builder, "note", "nothing Atelier knows");
      else
        {
          g_autofree char *upload = g_strconcat (UPLOAD_URI, e->upload, NULL);

          json_builder_set_member_name (builder, "uploads");
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, upload);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  add_error (builder, e->task);
  json_builder_end_object (builder);
  _atelier_sandbox_respond_json (ctx, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK,
                                 json_builder_get_root (builder));
}

static void
create_export (AtelierSandboxCtx *ctx)
{
  State *state = get_state (ctx->sandbox);
  g_autoptr(JsonObject) body = _atelier_sandbox_read_json (ctx);
  g_autofree char *design_id = NULL;
  g_autofree char *fail_message = NULL;
  JsonNode *node;
  const char *type;
  Design *d;
  Export *e;
  Render *r;
  GBytes *artwork;

  if (body == NULL)
    return;
  node = json_object_get_member (body, "design");
  if (!is_string (node) ||
      (design_id = parse_id (json_node_get_string (node), DESIGN_URI)) == NULL ||
      (d = g_hash_table_lookup (state->designs, design_id)) == NULL)
    {
      bad (ctx, "\"design\" must be the URI of a design");
      return;
    }
  node = json_object_get_member (body, "type");
  type = is_string (node) ? json_node_get_string (node) : "";
  if (!g_str_equal (type, "dtf") && !g_str_equal (type, "dtg"))
    {
      bad (ctx, "\"type\" must be one of dtf, dtg");
      return;
    }
  if ((g_str_equal (type, "dtf") && !d->product->dtf) ||
      (g_str_equal (type, "dtg") && !d->product->dtg))
    {
      g_autofree char *message = g_strdup_printf ("Model \"%s\" does not support %s exports",
                                                  d->product->name, type);
      bad (ctx, message);
      return;
    }
  if ((artwork = _atelier_sandbox_lookup_blob (ctx->sandbox, d->preview)) == NULL)
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_GONE, "The design has expired", NULL,
                                      "gone");
      return;
    }
  if (g_strcmp0 (d->details, "sandbox-export-fail") == 0)
    fail_message = g_strdup ("The export failed (sandbox-export-fail was asked for)");

  /* The pieces are cut from the design's render: good enough to check. */
  r = g_new0 (Render, 1);
  r->artwork = g_bytes_ref (artwork);
  r->product = d->product;
  r->pattern = TRUE;
  r->export_type = g_strdup (type);
  atelier_procedural_parse_color ("white", r->base);

  e = g_new0 (Export, 1);
  e->task = _atelier_sandbox_task_new (ctx->sandbox, "application/zip", "zip", fail_message,
                                       render_design, r, render_free);
  e->id = g_strdup (_atelier_sandbox_task_get_id (e->task));
  e->design = g_strdup (d->id);
  e->type = g_strdup (type);
  e->no_file = g_strcmp0 (d->details, "sandbox-export-shape") == 0;
  g_hash_table_insert (state->exports, e->id, e);
  respond_export (ctx, e, TRUE);
}

void
_atelier_sandbox_core3d_design_init (AtelierSandbox *self)
{
  State *state = g_new0 (State, 1);

  state->generations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, generation_free);
  state->designs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, design_free);
  state->exports = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, export_free);
  g_object_set_data_full (G_OBJECT (self), "atelier-core3d-design", state, state_free);

  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      g_autofree char *name = g_strdup_printf ("product-%s.png", products[i].id);
      g_autoptr(GBytes) art = atelier_procedural_image (products[i].name, NULL, 64, 64, "graphic",
                                                        "png", FALSE, NULL);
      Render r = { art, &products[i], FALSE, { 235, 235, 235, 255 }, { 40, 40, 40, 255 }, NULL };
      g_autoptr(GdkPixbuf) pix = art ? load_artwork (art, NULL) : NULL;
      g_autoptr(GdkPixbuf) preview = pix ? draw_product (&r, pix, 128) : NULL;
      g_autoptr(GBytes) png = preview ? _atelier_procedural_encode (preview, "png", 0, NULL) : NULL;

      if (png != NULL)
        _atelier_sandbox_publish_named (self, name, png, "image/png");
    }
}

static const AtelierSandboxRoute routes[] = {
  { "GET", "models", list_models },
  { "POST", "uploads", create_upload },
  { "POST", "exports", create_export },
};

gboolean
_atelier_sandbox_core3d_design_route (AtelierSandboxCtx  *ctx,
                                      char              **parts,
                                      guint               n)
{
  State *state = get_state (ctx->sandbox);
  gboolean get = g_str_equal (ctx->method, "GET");
  gboolean post = g_str_equal (ctx->method, "POST");
  g_autofree char *id = NULL;

  if (_atelier_sandbox_route_collection (ctx, parts, n, routes, G_N_ELEMENTS (routes)))
    return TRUE;

  if (n == 2 && g_str_equal (parts[0], "designs") && get)
    {
      Design *d;

      if (!_atelier_sandbox_check_auth (ctx))
        return TRUE;
      id = parse_id (parts[1], DESIGN_URI);
      if ((d = id ? g_hash_table_lookup (state->designs, id) : NULL) == NULL)
        not_found (ctx, "Design");
      else
        respond_design (ctx, d);
      return TRUE;
    }
  if (n == 2 && g_str_equal (parts[0], "exports") && get)
    {
      Export *e;

      if (!_atelier_sandbox_check_auth (ctx))
        return TRUE;
      id = parse_id (parts[1], EXPORT_URI);
      if ((e = id ? g_hash_table_lookup (state->exports, id) : NULL) == NULL)
        not_found (ctx, "Export");
      else
        respond_export (ctx, e, FALSE);
      return TRUE;
    }

  /* Design generations share /generations with image ones. */
  if ((n == 2 && g_str_equal (parts[0], "generations") && get) ||
      (n == 3 && g_str_equal (parts[0], "generations") && g_str_equal (parts[2], "cancel") && post))
    {
      DesignGeneration *g;

      id = parse_id (parts[1], GENERATION_URI);
      if ((g = id ? g_hash_table_lookup (state->generations, id) : NULL) == NULL)
        return FALSE;
      if (!_atelier_sandbox_check_auth (ctx))
        return TRUE;
      if (n == 3 && !_atelier_sandbox_task_cancel (g->task))
        _atelier_sandbox_respond_error (ctx, SOUP_STATUS_CONFLICT,
                                        "The generation has already finished", NULL, "conflict");
      else
        respond_generation (ctx, g, FALSE);
      return TRUE;
    }
  return FALSE;
}
