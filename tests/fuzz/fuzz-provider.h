/* fuzz-provider.h: what every service-client harness shares
 *
 * A harness includes its client's .c (so its static answer readers are in
 * reach), then this. The first input byte picks what reads the answer, the
 * rest is the answer's body: parsed the way the HTTP layer parses it, read
 * by the client, and whatever comes out checked against what the
 * service-client base promises (at most ATELIER_MAX_OUTPUTS results, http(s)
 * links or usable refs, usable ids, no token in anything kept).
 *
 * Build and run (clang, ASan + UBSan):
 *   CC=clang CXX=clang++ meson setup /work/build-fuzz -Dfuzzing=true -Dui=disabled
 *   meson compile -C /work/build-fuzz fuzz-openai fuzz-core3d fuzz-image3d fuzz-styledna
 *   /work/build-fuzz/tests/fuzz/fuzz-core3d -dict=tests/fuzz/answers.dict \
 *       -max_total_time=300 /tmp/corpus-core3d tests/fuzz/answer-seeds/core3d
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdint.h>
#include <string.h>

#include "atelier-http.h"
#include "atelier-json.h"
#include "atelier-provider-util.h"
#include "atelier-secrets.h"
#include "atelier-service-client.h"

#define FUZZ_TOKEN "fuzz-token-0123456789"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static AtelierServiceClient *
fuzz_client (GType type)
{
  static AtelierServiceClient *client;

  if (client == NULL)
    {
      AtelierServiceClientClass *klass = g_type_class_ref (type);
      g_autoptr(AtelierServiceConfig) config =
        atelier_service_config_new (klass->id, "http://127.0.0.1:9/base", FUZZ_TOKEN);

      /* Never sends anything: only its answer readers are used. */
      client = g_object_new (type, "config", config, NULL);
    }
  return client;
}

/* The answer's body as the HTTP layer parses it; NULL when it refuses it. */
static JsonNode *
fuzz_parse (const uint8_t *data,
            size_t         size)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = atelier_json_parse ((const char *) data, (gssize) size,
                                       ATELIER_HTTP_JSON_MAX_BYTES, &error);

  g_assert ((root == NULL) != (error == NULL));
  return root;
}

static void
fuzz_check_error (const GError *error)
{
  g_assert (error != NULL && error->message != NULL && *error->message != '\0');
  g_assert (g_utf8_validate (error->message, -1, NULL));
  g_assert (strstr (error->message, FUZZ_TOKEN) == NULL);
}

static gboolean
fuzz_is_link (const char *ref)
{
  return atelier_is_http_url (ref);
}

/* What the base promises of any status it hands on. */
static void
fuzz_check_status (AtelierServiceClient *client,
                   AtelierRemoteStatus  *status)
{
  gboolean refs = ATELIER_SERVICE_CLIENT_GET_CLASS (client)->fetch_request != NULL;

  g_assert (status->outputs->len + status->files->len <= ATELIER_MAX_OUTPUTS);
  g_assert (status->files->len == 0);   /* no inline files without an exchange */
  for (guint i = 0; i < status->outputs->len; i++)
    {
      const char *ref = g_ptr_array_index (status->outputs, i);

      g_assert (fuzz_is_link (ref) || (refs && atelier_service_client_id_is_usable (ref)));
      g_assert (strstr (ref, FUZZ_TOKEN) == NULL);
    }
  if (status->remote_id != NULL)
    {
      g_assert (atelier_service_client_id_is_usable (status->remote_id));
      g_assert (strstr (status->remote_id, FUZZ_TOKEN) == NULL);
    }
  if (status->message != NULL)
    {
      g_assert (g_utf8_validate (status->message, -1, NULL));
      g_assert (strstr (status->message, FUZZ_TOKEN) == NULL);
    }
  g_assert (status->progress == -1 || (status->progress >= 0 && status->progress <= 1));
}

/* A submission's answer and a poll's, as the base reads them. */
static void
fuzz_read_status (AtelierServiceClient *client,
                  JsonNode             *root,
                  gboolean              submitted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierRemoteStatus) status =
    atelier_service_client_read_status (client, root, submitted, &error);

  g_assert ((status == NULL) != (error == NULL));
  if (status != NULL)
    fuzz_check_status (client, status);
  else
    fuzz_check_error (error);
}
