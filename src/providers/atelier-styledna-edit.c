/* atelier-styledna-edit.c: Style DNA edit (Tengr.ai), an image changed by a prompt
 *
 * POST /v2/style-dna/edit starts an artwork like /generate does, polled at
 * /v2/artworks/:id. The client shares the Style DNA account (key, address,
 * settings) and the generate client's size rules and artwork reading
 * (atelier-styledna-private.h). Every rule is checked before a request:
 * an edit is paid for once it is accepted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-styledna"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-provider-util.h"
#include "atelier-styledna-edit.h"
#include "atelier-styledna-private.h"

#define MAX_PROMPT_WORDS   256
#define MAX_NEGATIVE_WORDS 64
/* "aspectRatio … has effect only if imageGuidance is set to low". */
#define LOW_GUIDANCE       "1"

struct _AtelierStylednaEditProvider
{
  AtelierServiceClient parent_instance;
};

G_DEFINE_FINAL_TYPE (AtelierStylednaEditProvider, atelier_styledna_edit_provider, ATELIER_TYPE_SERVICE_CLIENT)

static const AtelierParamSpec specs[] = {
  ATELIER_STYLEDNA_REQUIRED_SPEC ("imageUrl", ATELIER_PARAM_URL, N_("Image"),
                                  N_("Address of the image to edit, e.g. a Style DNA result "
                                     "(kept for 8 days)")),
  ATELIER_STYLEDNA_REQUIRED_SPEC ("prompt", ATELIER_PARAM_TEXT, N_("Prompt"),
                                  N_("What to change, at most 256 words")),
  { "negativePrompt", ATELIER_PARAM_TEXT, N_("Avoid"),
    N_("What the result should not show, at most 64 words"),
    NULL, NULL, 0, 0, ATELIER_PARAM_FLAG_ADVANCED },
  { "imageGuidance", ATELIER_PARAM_INT, N_("Image guidance"),
    N_("How closely to keep to the image: 1 low, 2 medium, 3 high"),
    "2", NULL, 1, 3, ATELIER_PARAM_FLAG_NONE },
  { "modification", ATELIER_PARAM_INT, N_("Modification"), N_("How much to change, 1–5"),
    NULL, NULL, 1, 5, ATELIER_PARAM_FLAG_ADVANCED },
  { "creativity", ATELIER_PARAM_INT, N_("Creativity"), N_("How freely to interpret, 1–5"),
    NULL, NULL, 1, 5, ATELIER_PARAM_FLAG_ADVANCED },
  { "effort", ATELIER_PARAM_INT, N_("Effort"), N_("1 quick to 5 thorough"),
    NULL, NULL, 1, 5, ATELIER_PARAM_FLAG_ADVANCED },
  ATELIER_STYLEDNA_SHAPE_SPECS (N_("Only with image guidance 1 (low); not with width and height"),
                                ATELIER_PARAM_FLAG_ADVANCED),
};

static const AtelierParamTable table = { specs, G_N_ELEMENTS (specs) };

/* ---- parameters -------------------------------------------------------- */

static guint
count_words (const char *text)
{
  g_auto(GStrv) words = g_regex_split_simple ("\\s+", text, 0, 0);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      n++;
  return n;
}

static gboolean
edit_validate (AtelierServiceClient  *client,
               GHashTable            *params,
               GError               **error)
{
  const char *prompt = _atelier_styledna_get (client, params, "prompt");
  const char *negative = _atelier_styledna_get (client, params, "negativePrompt");
  const char *guidance = _atelier_styledna_get (client, params, "imageGuidance");
  guint n;

  if (prompt != NULL && (n = count_words (prompt)) > MAX_PROMPT_WORDS)
    return atelier_param_refuse (error, _("prompt must be at most %u words (it has %u)"),
                                 MAX_PROMPT_WORDS, n);
  if (negative != NULL && (n = count_words (negative)) > MAX_NEGATIVE_WORDS)
    return atelier_param_refuse (error, _("negativePrompt must be at most %u words (it has %u)"),
                                 MAX_NEGATIVE_WORDS, n);

  if (_atelier_styledna_get (client, params, "aspectRatio") != NULL &&
      g_strcmp0 (guidance, LOW_GUIDANCE) != 0)
    return atelier_param_refuse (error, _("aspectRatio works only with imageGuidance 1 (low), "
                                          "not %s: lower the guidance or leave the aspect ratio "
                                          "out"), guidance);

  return _atelier_styledna_validate (client, params, error);
}

/* ---- a finished job's result ------------------------------------------- */

gboolean
atelier_styledna_result_is_available (AtelierJob  *job,
                                      GError     **error)
{
  const char *provider;

  g_return_val_if_fail (ATELIER_IS_JOB (job), FALSE);

  provider = atelier_job_get_provider (job);
  if (!g_str_equal (provider, "styledna") && !g_str_equal (provider, "styledna-edit"))
    {
      g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_UNSUPPORTED,
                   _("Only Style DNA results can be edited in their style."));
      return FALSE;
    }
  if (atelier_job_get_status (job) != ATELIER_JOB_STATUS_DONE ||
      atelier_job_get_remote_id (job) == NULL)
    {
      g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_UNSUPPORTED,
                   _("This Style DNA job has no result yet."));
      return FALSE;
    }
  if (g_get_real_time () - atelier_job_get_created (job) >= ATELIER_STYLEDNA_RETENTION_US)
    {
      g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_UNSUPPORTED,
                   _("Style DNA deletes results after 8 days, and this one is older. Give the "
                     "image’s address instead."));
      return FALSE;
    }
  return TRUE;
}

static gpointer
read_result_url (AtelierServiceClient  *self,
                 JsonNode              *root,
                 GError               **error)
{
  g_autoptr(AtelierRemoteStatus) status = atelier_service_client_read_status (self, root, FALSE,
                                                                              error);

  if (status == NULL)
    return NULL;
  if (status->state != ATELIER_REMOTE_DONE || status->outputs->len == 0)
    {
      g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_UNSUPPORTED,
                   _("Style DNA no longer has a result for this job."));
      return NULL;
    }
  return g_strdup (g_ptr_array_index (status->outputs, 0));
}

static void
result_url_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  GError *error = NULL;
  char *url = atelier_service_client_send_finish (ATELIER_SERVICE_CLIENT (object), result, &error);

  /* Deleted early, or made with another key. */
  if (g_error_matches (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_NOT_FOUND))
    {
      g_clear_error (&error);
      g_set_error (&error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_UNSUPPORTED,
                   _("Style DNA no longer has a result for this job."));
    }
  if (url == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, url, g_free);
}

void
atelier_styledna_edit_provider_result_url_async (AtelierStylednaEditProvider *self,
                                                 AtelierJob                  *job,
                                                 GCancellable                *cancellable,
                                                 GAsyncReadyCallback          callback,
                                                 gpointer                     user_data)
{
  AtelierServiceClient *client = (AtelierServiceClient *) self;
  GTask *task;
  GError *error = NULL;
  g_autoptr(AtelierHttpRequest) req = NULL;

  g_return_if_fail (ATELIER_IS_STYLEDNA_EDIT_PROVIDER (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  if (!atelier_styledna_result_is_available (job, &error))
    {
      g_task_report_error (self, callback, user_data,
                           atelier_styledna_edit_provider_result_url_async, error);
      return;
    }
  task = atelier_service_client_start_task (client, cancellable, callback, user_data,
                                            atelier_styledna_edit_provider_result_url_async);
  if (task == NULL)
    return;

  req = atelier_service_client_status_request (client, atelier_job_get_remote_id (job));
  atelier_service_client_send_async (client, req, read_result_url, g_free, cancellable,
                                     result_url_cb, task);
}

char *
atelier_styledna_edit_provider_result_url_finish (AtelierStylednaEditProvider  *self,
                                                  GAsyncResult                 *result,
                                                  GError                      **error)
{
  g_return_val_if_fail (ATELIER_IS_STYLEDNA_EDIT_PROVIDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- object ------------------------------------------------------------ */

static void
atelier_styledna_edit_provider_class_init (AtelierStylednaEditProviderClass *klass)
{
  AtelierServiceClientClass *client_class = ATELIER_SERVICE_CLIENT_CLASS (klass);

  atelier_service_client_class_set_service (client_class, "styledna-edit",
                                            N_("Style DNA edit"), &table);
  client_class->account = "styledna";
  _atelier_styledna_class_setup (client_class, edit_validate, "v2/style-dna/edit");
}

static void
atelier_styledna_edit_provider_init (AtelierStylednaEditProvider *self)
{
}
