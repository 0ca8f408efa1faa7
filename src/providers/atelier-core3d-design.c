/* atelier-core3d-design.c: "Core3D product design", artwork put on a product
 *
 * POST /generations {type: "design", data: {model, upload, type, colors,
 * details}}, polled like an image generation, on the same account. The
 * artwork is an upload: a Core3D image job's, one given by URI, or a local
 * image sent first with POST /uploads (multipart, field "file"). Products
 * come from GET /models and are kept like the style list: they fill the
 * model parameter's choices and let validation refuse a product or an
 * apply type before anything is sent.
 *
 * Which field of a finished design generation names the design is not
 * documented: find_design() is the one place that looks for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-core3d"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-core3d-design.h"
#include "atelier-error.h"
#include "atelier-output.h"
#include "atelier-provider-util.h"

#define MAX_UPLOAD_BYTES ((gsize) 25 * 1024 * 1024)

enum {
  SPEC_MODEL,
  SPEC_TYPE,
  SPEC_COLORS,
  SPEC_DETAILS,
  SPEC_IMAGE,
  SPEC_UPLOAD,
  N_SPECS
};

static const char * const no_models[] = { NULL };
static const char * const apply_types[] = { "pattern", "graphic", NULL };

static const AtelierParamSpec specs[N_SPECS] = {
  [SPEC_MODEL] = { "model", ATELIER_PARAM_ENUM, N_("Product"),
                   N_("The product to put the artwork on, by name or URI; the list comes "
                      "from Core3D"),
                   NULL, no_models, 0, 0,
                   ATELIER_PARAM_FLAG_REQUIRED | ATELIER_PARAM_FLAG_OPEN_ENUM |
                   ATELIER_PARAM_FLAG_SERVICE_CHOICES },
  [SPEC_TYPE] = { "type", ATELIER_PARAM_ENUM, N_("Apply as"),
                  N_("pattern: repeated over the whole product (needs all-over print, dtf); "
                     "graphic: one motif on a printable zone (dtg) or anywhere (dtf)"),
                  "pattern", apply_types },
  [SPEC_COLORS] = { "colors", ATELIER_PARAM_COLORS, N_("Colours"),
                    N_("CSS colours of the product, like black or #ff8800"), NULL, NULL, 0, 8 },
  [SPEC_DETAILS] = { "details", ATELIER_PARAM_STRING, N_("Detail colour"),
                     N_("A CSS colour for details such as trims and seams"), NULL, NULL, 0, 64 },
  [SPEC_IMAGE] = { "image", ATELIER_PARAM_FILE, N_("Artwork"),
                   N_("A PNG, JPEG or WebP image, uploaded to Core3D first"), NULL, NULL, 0, 0,
                   0, "upload" },
  [SPEC_UPLOAD] = { "upload", ATELIER_PARAM_STRING, N_("Artwork upload"),
                    N_("A Core3D upload URI (core3d:upload:…), e.g. of a Core3D image"),
                    NULL, NULL, 0, 200, ATELIER_PARAM_FLAG_ADVANCED, "image" },
};

static const AtelierParamTable table = { specs, N_SPECS };

struct _AtelierCore3dDesignProvider
{
  AtelierCore3dClient parent_instance;
};

G_DEFINE_FINAL_TYPE (AtelierCore3dDesignProvider, atelier_core3d_design_provider,
                     ATELIER_TYPE_CORE3D_CLIENT)

#define CORE3D(client) ATELIER_CORE3D_CLIENT (client)

/* ---- products -------------------------------------------------------------- */

GPtrArray *
atelier_core3d_design_provider_get_products (AtelierCore3dDesignProvider *self)
{
  g_return_val_if_fail (ATELIER_IS_CORE3D_DESIGN_PROVIDER (self), NULL);
  return atelier_core3d_client_get_items (CORE3D (self));
}

/* ---- parameters ------------------------------------------------------------ */

static gboolean
design_validate (AtelierServiceClient  *client,
                 GHashTable            *params,
                 GError               **error)
{
  const char *upload = atelier_param_get (&table, params, "upload");
  const char *image = atelier_param_get (&table, params, "image");
  const char *model = atelier_param_get (&table, params, "model");
  const char *type = atelier_param_get (&table, params, "type");
  GPtrArray *products = atelier_core3d_client_get_items (CORE3D (client));
  const AtelierCore3dProduct *product;

  if (upload == NULL && image == NULL)
    return atelier_param_refuse (error, _("upload: there is no artwork: give an image file "
                                          "(image), a Core3D upload (upload=core3d:upload:…) "
                                          "or a finished image job"));
  if (upload != NULL && !g_str_has_prefix (upload, ATELIER_CORE3D_UPLOAD_URI))
    return atelier_param_refuse (error, _("upload: “%s” is not a Core3D upload URI "
                                          "(core3d:upload:…)"), upload);
  if (products == NULL || model == NULL)
    return TRUE; /* checked again once listed, before anything is sent */

  if ((product = atelier_core3d_products_find (products, model)) == NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < products->len; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "",
                                ((AtelierCore3dProduct *) g_ptr_array_index (products, i))->name);
      return atelier_param_refuse (error, _("model: “%s” is not a Core3D product; choose one "
                                            "of %s"), model, names->str);
    }
  if (!atelier_core3d_product_takes_type (product, type))
    {
      g_autofree char *types = atelier_core3d_product_list_types (product);

      return atelier_param_refuse (error, _("type: a %s cannot go on “%s”, which takes %s "
                                            "(a pattern needs all-over print, dtf)"),
                                   type, product->name, types);
    }
  return TRUE;
}

gboolean
atelier_core3d_design_take_artwork (AtelierJob  *source,
                                    GHashTable  *params,
                                    GError     **error)
{
  const char * const *outputs = atelier_job_get_outputs (source);
  const char *uploads = atelier_job_get_result (source, "uploads");
  const char *path = outputs[0];

  if (atelier_job_get_status (source) != ATELIER_JOB_STATUS_DONE || path == NULL ||
      atelier_job_get_kind (source) != ATELIER_JOB_KIND_IMAGE)
    return atelier_param_refuse (error, _("upload: job %s has no finished image to put on a "
                                          "product"), atelier_job_get_id (source));

  /* A Core3D image is on the service already: no need to send it again. */
  if (g_strcmp0 (atelier_job_get_provider (source), "core3d") == 0 && uploads != NULL &&
      g_str_has_prefix (uploads, ATELIER_CORE3D_UPLOAD_URI))
    {
      g_auto(GStrv) list = g_strsplit (uploads, ",", 2);

      g_hash_table_insert (params, g_strdup ("upload"), g_strdup (list[0]));
      return TRUE;
    }
  if (!g_str_has_suffix (path, ".png") && !g_str_has_suffix (path, ".jpg") &&
      !g_str_has_suffix (path, ".webp"))
    return atelier_param_refuse (error, _("upload: job %s made no PNG, JPEG or WebP image"),
                                 atelier_job_get_id (source));
  g_hash_table_insert (params, g_strdup ("image"), g_strdup (path));
  return TRUE;
}

/* ---- the submission ---------------------------------------------------------- */

/* {type: "design", data: {type, colors, details, the product's URI, the
 * upload}} */
static AtelierHttpRequest *
generation_request (AtelierServiceClient *client,
                    GHashTable           *params,
                    const char           *upload)
{
  const char *model = atelier_param_get (&table, params, "model");
  const AtelierCore3dProduct *product = atelier_core3d_client_listed (CORE3D (client), params);
  /* The table gives type, colors and details typed; the rest is resolved. */
  JsonNode *data = atelier_params_to_json (&table, params);

  json_object_set_string_member (json_node_get_object (data), "model",
                                 product != NULL ? product->uri : model);
  json_object_set_string_member (json_node_get_object (data), "upload", upload);
  return atelier_core3d_client_generation (CORE3D (client), "design", data);
}

static gpointer
parse_new_upload (AtelierServiceClient  *client,
                  JsonNode              *root,
                  GError               **error)
{
  JsonObject *obj = atelier_json_object (root);
  const char *uri = atelier_json_get_string (obj, "uri");
  const char *id = atelier_json_get_string (obj, "id");

  if (uri != NULL && g_str_has_prefix (uri, ATELIER_CORE3D_UPLOAD_URI))
    return g_strdup (uri);
  if (id != NULL && *id != '\0')
    return g_str_has_prefix (id, ATELIER_CORE3D_UPLOAD_URI)
           ? g_strdup (id) : g_strconcat (ATELIER_CORE3D_UPLOAD_URI, id, NULL);
  return atelier_service_client_protocol_error (client, "uri", error);
}

static void
uploaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *upload = NULL;
  g_autoptr(AtelierHttpRequest) req = NULL;
  GError *error = NULL;

  upload = atelier_service_client_send_finish (ATELIER_SERVICE_CLIENT (object), result, &error);
  if (upload == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  req = generation_request (ATELIER_SERVICE_CLIENT (object),
                            atelier_job_get_params (g_task_get_task_data (task)), upload);
  atelier_service_client_submit (ATELIER_SERVICE_CLIENT (object), req, g_steal_pointer (&task));
}

/* POST /uploads, multipart with the file in "file". */
static AtelierHttpRequest *
upload_request (AtelierServiceClient  *client,
                const char           *path,
                GError              **error)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  AtelierHttpRequest *req;
  const char *ext;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  if (len > MAX_UPLOAD_BYTES)
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("image: “%s” is larger than 25 MB"), name);
      return NULL;
    }
  ext = atelier_sniff_extension ((const guint8 *) data, len);
  if (ext == NULL || (!g_str_equal (ext, "png") && !g_str_equal (ext, "jpg") &&
                      !g_str_equal (ext, "webp")))
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("image: “%s” is not a PNG, JPEG or WebP image"), name);
      return NULL;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  soup_multipart_append_form_file (multipart, "file", name,
                                   g_str_equal (ext, "png") ? "image/png" :
                                   g_str_equal (ext, "jpg") ? "image/jpeg" : "image/webp",
                                   bytes);
  req = atelier_service_client_request (client, "POST", "uploads");
  atelier_http_request_set_multipart (req, g_steal_pointer (&multipart));
  /* Not paid for: a second upload only leaves a spare copy. */
  atelier_http_request_set_retry (req, ATELIER_RETRY_SUBMIT);
  return req;
}

/* Once checked against the products (or not, when they could not be
 * listed): the artwork uploaded when it is a local file, then the
 * generation sent. */
static void
design_send (AtelierCore3dClient *client,
             AtelierJob          *job,
             GTask               *task,
             const GError        *listing_error)
{
  AtelierServiceClient *self = ATELIER_SERVICE_CLIENT (client);
  GHashTable *params = atelier_job_get_params (job);
  const char *model = atelier_param_get (&table, params, "model");
  const char *upload = atelier_param_get (&table, params, "upload");
  g_autoptr(AtelierHttpRequest) req = NULL;
  GError *refused = NULL;

  if (atelier_core3d_client_listed (client, params) == NULL &&
      (model == NULL || !g_str_has_prefix (model, ATELIER_CORE3D_MODEL_URI)))
    {
      /* A name needs the list; a URI can go as it is, the service judging. */
      if (listing_error != NULL)
        g_task_return_error (task, g_error_copy (listing_error));
      else
        g_task_return_new_error (task, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                                 _("model: “%s” is not a Core3D product"), model);
      g_object_unref (task);
      return;
    }
  if (upload != NULL)
    {
      req = generation_request (self, params, upload);
      atelier_service_client_submit (self, req, task);
      return;
    }
  if ((req = upload_request (self, atelier_param_get (&table, params, "image"), &refused)) == NULL)
    {
      g_task_return_error (task, refused);
      g_object_unref (task);
      return;
    }
  atelier_service_client_send_async (self, req, parse_new_upload, g_free,
                                     g_task_get_cancellable (task), uploaded_cb, task);
}

/* ---- the answer ---------------------------------------------------------------- */

static char *
design_uri_of (JsonNode *node)
{
  const char *value = atelier_json_element_string (node, "uri", NULL);

  if (value != NULL && g_str_has_prefix (value, ATELIER_CORE3D_DESIGN_URI))
    return g_strdup (value);
  /* {id: "<uuid>"} in a list of designs is a design's id. */
  value = atelier_json_element_string (node, "id", NULL);
  if (value != NULL && *value != '\0' && JSON_NODE_HOLDS_OBJECT (node))
    return g_str_has_prefix (value, ATELIER_CORE3D_DESIGN_URI)
           ? g_strdup (value) : g_strconcat (ATELIER_CORE3D_DESIGN_URI, value, NULL);
  return NULL;
}

/* The design a finished generation made. Undocumented, so in this order:
 * result.designs[].uri (what third-party code reads), result.designs[] as
 * strings, result.design (a string or an object), then any core3d:design:
 * value anywhere in the result. */
static char *
find_design (JsonNode *result_node)
{
  JsonObject *result = atelier_json_object (result_node);
  JsonArray *designs = atelier_json_get_array (result, "designs");
  const char *anywhere;
  char *uri;

  for (guint i = 0; designs != NULL && i < json_array_get_length (designs); i++)
    if ((uri = design_uri_of (json_array_get_element (designs, i))) != NULL)
      return uri;
  if ((uri = design_uri_of (json_object_get_member (result, "design"))) != NULL)
    return uri;
  anywhere = atelier_core3d_find_uri (result_node, ATELIER_CORE3D_DESIGN_URI);
  return g_strdup (anywhere);
}

static gboolean
read_design_generation (AtelierCore3dClient  *client,
                        AtelierRemoteStatus  *status,
                        JsonObject           *answer,
                        GError              **error)
{
  JsonObject *data = atelier_json_object (json_object_get_member (answer, "data"));
  JsonNode *result_node = json_object_get_member (answer, "result");
  JsonObject *result = atelier_json_object (result_node);
  g_autofree char *design = NULL;
  JsonArray *uploads;
  const char *preview;

  /* What it was made from, as the service understood it. */
  if (atelier_json_get_string (data, "upload") != NULL)
    atelier_remote_status_set_result (status, "upload", atelier_json_get_string (data, "upload"));
  if (atelier_json_get_string (data, "model") != NULL)
    atelier_remote_status_set_result (status, "model", atelier_json_get_string (data, "model"));
  if (status->state != ATELIER_REMOTE_DONE)
    return TRUE;

  if (result == NULL || (design = find_design (result_node)) == NULL)
    return atelier_core3d_client_unnamed (client, status, answer,
                                          _("Core3D reported the design finished, but its answer "
                                            "names no design (looked for result.designs[].uri, "
                                            "result.designs[], result.design and any "
                                            "core3d:design: value). The answer is kept with the "
                                            "job for a bug report."));
  atelier_remote_status_set_result (status, "design", design);

  /* The preview: the generation's render, else the result's uploads, else
   * whatever the design resource shows (fetch_request asks it). */
  uploads = atelier_json_get_array (result, "uploads");
  if ((preview = atelier_core3d_preview_link (answer)) == NULL && uploads != NULL &&
      json_array_get_length (uploads) > 0)
    preview = atelier_json_element_string (json_array_get_element (uploads, 0), "uri", "id");
  g_ptr_array_add (status->outputs, g_strdup (preview != NULL ? preview : design));
  return TRUE;
}

/* ---- object ------------------------------------------------------------------ */

static void
atelier_core3d_design_provider_class_init (AtelierCore3dDesignProviderClass *klass)
{
  AtelierServiceClientClass *client_class = ATELIER_SERVICE_CLIENT_CLASS (klass);
  AtelierCore3dClientClass *klass3d = ATELIER_CORE3D_CLIENT_CLASS (klass);

  /* The products fill the model parameter's choices. */
  atelier_core3d_products_class_setup (klass3d);
  atelier_service_client_class_set_service (client_class, "core3d-design",
                                            N_("Core3D product design"), &table);
  atelier_core3d_client_class_set_jobs (klass3d, read_design_generation,
                                        N_("Core3D could not put the artwork on the product: %s"),
                                        N_("Core3D could not put the artwork on the product. Try "
                                           "again, or choose another product or type."));
  client_class->validate = design_validate;
  /* The artwork may have to be uploaded first. */
  klass3d->send = design_send;
}

static void
atelier_core3d_design_provider_init (AtelierCore3dDesignProvider *self)
{
}
