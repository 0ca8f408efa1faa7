/* atelier-core3d-export.c: "Core3D print export", a design as print artwork
 *
 * POST /exports {design, type: "dtf" | "dtg"}, polled at GET /exports/{uri}
 * until "ok". The result is a ZIP of 300 DPI pieces kept as an upload,
 * resolved like an image (GET /uploads/{uri} → a presigned link, fetched
 * without the token); the engine saves it in the library.
 *
 * Which result field names the ZIP is not documented: find_archive() is the
 * one place that looks for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-core3d"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-core3d-export.h"
#include "atelier-error.h"
#include "atelier-provider-util.h"

static const char * const export_types[] = { "dtf", "dtg", NULL };

static const AtelierParamSpec specs[] = {
  { "design", ATELIER_PARAM_STRING, N_("Design"),
    N_("The Core3D design to export (core3d:design:…)"), NULL, NULL, 0, 200,
    ATELIER_PARAM_FLAG_REQUIRED },
  { "type", ATELIER_PARAM_ENUM, N_("Print"),
    N_("dtf: artwork for every pattern piece (all-over print); dtg: the printable zones only"),
    "dtf", export_types },
  { "model", ATELIER_PARAM_STRING, N_("Product"),
    N_("The design's product (core3d:model:…), to check it supports this print"), NULL, NULL,
    0, 200, ATELIER_PARAM_FLAG_ADVANCED },
};

static const AtelierParamTable table = { specs, G_N_ELEMENTS (specs) };

struct _AtelierCore3dExportProvider
{
  AtelierCore3dClient parent_instance;
};

G_DEFINE_FINAL_TYPE (AtelierCore3dExportProvider, atelier_core3d_export_provider,
                     ATELIER_TYPE_CORE3D_CLIENT)

GHashTable *
atelier_core3d_export_params_for_job (AtelierJob  *design_job,
                                      const char  *type,
                                      GError     **error)
{
  const char *design = atelier_job_get_result (design_job, "design");
  const char *model = atelier_job_get_result (design_job, "model");
  g_autoptr(GHashTable) params = atelier_params_new ();

  if (design == NULL || atelier_job_get_status (design_job) != ATELIER_JOB_STATUS_DONE)
    {
      atelier_param_refuse (error, _("design: job %s made no Core3D design"),
                            atelier_job_get_id (design_job));
      return NULL;
    }
  if (model == NULL)
    model = atelier_job_get_param (design_job, "model");

  g_hash_table_insert (params, g_strdup ("design"), g_strdup (design));
  if (type != NULL)
    g_hash_table_insert (params, g_strdup ("type"), g_strdup (type));
  if (model != NULL)
    g_hash_table_insert (params, g_strdup ("model"), g_strdup (model));
  return g_steal_pointer (&params);
}

static gboolean
export_validate (AtelierServiceClient  *client,
                 GHashTable            *params,
                 GError               **error)
{
  const char *design = atelier_param_get (&table, params, "design");
  const AtelierCore3dProduct *product =
    atelier_core3d_client_listed (ATELIER_CORE3D_CLIENT (client), params);
  const char *type = atelier_param_get (&table, params, "type");

  if (!g_str_has_prefix (design, ATELIER_CORE3D_DESIGN_URI))
    return atelier_param_refuse (error, _("design: “%s” is not a Core3D design URI "
                                          "(core3d:design:…)"), design);
  if (product == NULL)
    return TRUE; /* unknown product: the service is the judge */
  if (!atelier_core3d_product_supports (product, type))
    {
      g_autofree char *caps = g_strjoinv (", ", product->capabilities);

      return atelier_param_refuse (error, _("type: “%s” cannot be exported as %s; it supports %s"),
                                   product->name, type, *caps ? caps : _("no print export"));
    }
  return TRUE;
}

/* {design, type} */
static AtelierHttpRequest *
export_submission (AtelierServiceClient  *client,
                   GHashTable            *params,
                   GError               **error)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "design", atelier_param_get (&table, params, "design"));
  json_object_set_string_member (body, "type", atelier_param_get (&table, params, "type"));
  return atelier_service_client_post_json (client, "exports", body);
}

/* ---- the answer ------------------------------------------------------------ */

static const char *
upload_of (JsonNode *node)
{
  const char *value = atelier_json_element_string (node, "uri", "url");

  if (value != NULL && (g_str_has_prefix (value, ATELIER_CORE3D_UPLOAD_URI) ||
                        atelier_is_http_url (value)))
    return value;
  return NULL;
}

/* The ZIP a finished export made. Undocumented, so in this order:
 * result.uploads[] (as image generations give theirs), result.upload,
 * result.url (a link), then any core3d:upload: value in the result. */
static const char *
find_archive (JsonNode *result_node)
{
  JsonObject *result = atelier_json_object (result_node);
  JsonArray *uploads = atelier_json_get_array (result, "uploads");
  const char *ref;

  for (guint i = 0; uploads != NULL && i < json_array_get_length (uploads); i++)
    if ((ref = upload_of (json_array_get_element (uploads, i))) != NULL)
      return ref;
  if (result != NULL && ((ref = upload_of (json_object_get_member (result, "upload"))) != NULL ||
                         (ref = upload_of (json_object_get_member (result, "url"))) != NULL))
    return ref;
  /* The result itself may be the upload's URI. */
  return atelier_core3d_find_uri (result_node, ATELIER_CORE3D_UPLOAD_URI);
}

static gboolean
read_export (AtelierCore3dClient  *client,
             AtelierRemoteStatus  *status,
             JsonObject           *answer,
             GError              **error)
{
  const char *ref;

  if (status->state != ATELIER_REMOTE_DONE)
    return TRUE;
  if ((ref = find_archive (json_object_get_member (answer, "result"))) == NULL)
    return atelier_core3d_client_unnamed (client, status, answer,
                                          _("Core3D reported the export finished, but its answer "
                                            "names no file (looked for result.uploads[], "
                                            "result.upload, result.url and any core3d:upload: "
                                            "value). The answer is kept with the job for a bug "
                                            "report."));
  atelier_remote_status_set_result (status, "archive", ref);
  g_ptr_array_add (status->outputs, g_strdup (ref));
  return TRUE;
}

/* ---- object ------------------------------------------------------------------ */

static void
atelier_core3d_export_provider_class_init (AtelierCore3dExportProviderClass *klass)
{
  AtelierServiceClientClass *client_class = ATELIER_SERVICE_CLIENT_CLASS (klass);
  AtelierCore3dClientClass *klass3d = ATELIER_CORE3D_CLIENT_CLASS (klass);

  atelier_service_client_class_set_service (client_class, "core3d-export",
                                            N_("Core3D print export"), &table);
  client_class->validate = export_validate;
  client_class->submission = export_submission;
  client_class->status_path = "exports/";
  client_class->cancel_suffix = NULL;
  /* A job that names its product is checked against the products first. */
  atelier_core3d_products_class_setup (klass3d);
  atelier_core3d_client_class_set_jobs (klass3d, read_export,
                                        N_("Core3D could not export the design: %s"),
                                        N_("Core3D could not export the design. Try again, or "
                                           "choose the other print type."));
}

static void
atelier_core3d_export_provider_init (AtelierCore3dExportProvider *self)
{
}
