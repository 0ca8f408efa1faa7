/* test-core3d-design.c: Core3D products, product designs and print exports
 * against the sandbox, over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#include "atelier-core3d-design.h"
#include "atelier-core3d-export.h"
#include "provider-fixture.h"

#define GET_MODELS       "GET /v1/models"
#define POST_GENERATIONS "POST /v1/generations"
#define POST_UPLOADS     "POST /v1/uploads"
#define POST_EXPORTS     "POST /v1/exports"

typedef struct
{
  Fixture          base;
  AtelierProvider *images;   /* "core3d", on the same account */
  AtelierProvider *exports;  /* "core3d-export" */
} DesignFixture;

static AtelierProvider *
add_provider (DesignFixture *f,
              const char    *id)
{
  g_autofree char *url = atelier_sandbox_get_url (f->base.sandbox, "core3d");
  g_autoptr(AtelierServiceConfig) config = atelier_service_config_new ("core3d", url,
                                                                       ATELIER_SANDBOX_TOKEN);
  AtelierProvider *provider = atelier_providers_create (id, f->base.http, config);

  atelier_engine_add_provider (f->base.engine, provider);
  return provider;
}

static void
setup (DesignFixture *f,
       gconstpointer  data)
{
  fixture_setup (&f->base, "core3d-design");
  f->images = add_provider (f, "core3d");
  f->exports = add_provider (f, "core3d-export");
}

static void
teardown (DesignFixture *f,
          gconstpointer  data)
{
  g_clear_object (&f->images);
  g_clear_object (&f->exports);
  fixture_teardown (&f->base, data);
}

static AtelierCore3dDesignProvider *
designs (DesignFixture *f)
{
  return ATELIER_CORE3D_DESIGN_PROVIDER (f->base.provider);
}

static void
products_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = atelier_core3d_design_provider_list_products_finish (ATELIER_CORE3D_DESIGN_PROVIDER (object),
                                                              result, &error);
  g_assert_no_error (error);
}

static GPtrArray *
list_products (DesignFixture *f)
{
  GPtrArray *products = NULL;

  atelier_core3d_design_provider_list_products_async (designs (f), FALSE, NULL, products_cb,
                                                      &products);
  while (products == NULL)
    g_main_context_iteration (NULL, TRUE);
  return products;
}

static AtelierJob *
run_on (DesignFixture   *f,
        const char      *provider_id,
        GHashTable      *params)
{
  g_autoptr(GError) error = NULL;
  AtelierJob *job = atelier_engine_create_job (f->base.engine, provider_id, params, &error);

  g_assert_no_error (error);
  g_object_ref (job);
  fixture_wait (&f->base, job);
  return job;
}

static AtelierJob *
run_image (DesignFixture *f)
{
  g_autoptr(GHashTable) params = fixture_params ("style", "vector-art", "type", "pattern",
                                                 "prompt", "lazy cats", NULL);
  AtelierJob *job = run_on (f, "core3d", params);

  fixture_assert_done (job, 1, "png");
  return job;
}

static AtelierJob *
run_design (DesignFixture *f,
            GHashTable    *params)
{
  return run_on (f, "core3d-design", params);
}

static void
assert_design (AtelierJob *job)
{
  fixture_assert_done (job, 1, "png");
  g_assert_true (g_str_has_prefix (atelier_job_get_result (job, "design"), "core3d:design:"));
  g_assert_true (g_str_has_prefix (atelier_job_get_result (job, "model"), "core3d:model:"));
}

/* ---- products ------------------------------------------------------------ */

static void
test_products (DesignFixture *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) products = list_products (f);
  g_autoptr(GPtrArray) again = NULL;
  const AtelierCore3dProduct *tee, *mug;
  const AtelierParamSpec *spec;

  g_assert_cmpuint (products->len, ==, 3);
  tee = atelier_core3d_products_find (products, "tee");
  g_assert_nonnull (tee);
  g_assert_true (g_str_has_prefix (tee->uri, "core3d:model:"));
  g_assert_true (atelier_core3d_product_supports (tee, "dtf"));
  g_assert_true (atelier_core3d_product_supports (tee, "dtg"));
  g_assert_true (g_str_has_prefix (tee->preview, "http"));
  g_assert_nonnull (tee->platform_url);
  g_assert_true (atelier_core3d_products_find (products, tee->uri) == tee);
  mug = atelier_core3d_products_find (products, "Mug");
  g_assert_false (atelier_core3d_product_takes_type (mug, "pattern"));
  g_assert_true (atelier_core3d_product_takes_type (mug, "graphic"));

  /* The form offers them, and they are asked for once. */
  spec = atelier_param_table_lookup (atelier_provider_get_params (f->base.provider), "model");
  g_assert_true (g_strv_contains (spec->choices, tee->uri));
  again = list_products (f);
  g_assert_cmpuint (again->len, ==, 3);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->base.sandbox, GET_MODELS), ==, 1);
}

/* ---- designs ------------------------------------------------------------- */

static void
test_from_image_job (DesignFixture *f,
                     gconstpointer  data)
{
  g_autoptr(AtelierJob) image = run_image (f);
  g_autoptr(GHashTable) params = fixture_params ("model", "Tee", "type", "pattern",
                                                 "colors", "black", "details", "gold", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierJob) job = NULL;

  g_assert_true (atelier_core3d_design_take_artwork (image, params, &error));
  g_assert_no_error (error);
  /* A Core3D image is used by its upload, not sent again. */
  g_assert_cmpstr (g_hash_table_lookup (params, "upload"), ==,
                   atelier_job_get_result (image, "uploads"));
  job = run_design (f, params);
  assert_design (job);
  g_assert_cmpstr (atelier_job_get_result (job, "upload"), ==,
                   atelier_job_get_result (image, "uploads"));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->base.sandbox, POST_UPLOADS), ==, 0);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->base.sandbox, POST_GENERATIONS), ==, 2);
}

static void
test_from_png (DesignFixture *f,
               gconstpointer  data)
{
  g_autofree char *png = fixture_write_file (&f->base, "logo.png", TRUE);
  g_autoptr(GHashTable) params = fixture_params ("model", "Mug", "type", "graphic", "image", png,
                                                 NULL);
  g_autoptr(AtelierJob) job = run_design (f, params);

  assert_design (job);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->base.sandbox, POST_UPLOADS), ==, 1);
  g_assert_true (g_str_has_prefix (atelier_job_get_result (job, "upload"), "core3d:upload:"));
}

static void
test_from_upload_uri (DesignFixture *f,
                      gconstpointer  data)
{
  g_autoptr(AtelierJob) image = run_image (f);
  g_autoptr(GHashTable) params = fixture_params ("model", "Hoodie", "type", "graphic",
                                                 "upload", atelier_job_get_result (image, "uploads"),
                                                 NULL);
  g_autoptr(AtelierJob) job = run_design (f, params);

  assert_design (job);
  /* The model went by its URI, whatever name was given. */
  g_assert_cmpuint (atelier_sandbox_count_requests (f->base.sandbox, POST_UPLOADS), ==, 0);
}

/* Where the design and its preview are found, for each shape the sandbox
 * can answer with. */
static void
test_result_shapes (DesignFixture *f,
                    gconstpointer  data)
{
  static const char *shapes[] = { "sandbox-shape-strings", "sandbox-shape-design",
                                  "sandbox-no-preview" };
  g_autoptr(AtelierJob) image = run_image (f);

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autoptr(GHashTable) params = fixture_params ("model", "Tee", "type", "graphic",
                                                     "details", shapes[i],
                                                     "upload",
                                                     atelier_job_get_result (image, "uploads"),
                                                     NULL);
      g_autoptr(AtelierJob) job = run_design (f, params);

      g_test_message ("shape %s", shapes[i]);
      assert_design (job);
    }
  /* Without a render in the generation, the design resource has one. */
  g_assert_cmpuint (atelier_sandbox_count_requests (f->base.sandbox, "GET /v1/designs/"), ==, 1);
}

static void
test_design_faults (DesignFixture *f,
                    gconstpointer  data)
{
  g_autoptr(AtelierJob) image = run_image (f);
  const char *upload = atelier_job_get_result (image, "uploads");
  g_autoptr(GHashTable) failing = fixture_params ("model", "Tee", "details", "sandbox-fail",
                                                  "upload", upload, NULL);
  g_autoptr(GHashTable) unknown = fixture_params ("model", "Tee", "details", "sandbox-shape-none",
                                                  "upload", upload, NULL);
  g_autoptr(GHashTable) refused = fixture_params ("model", "Tee", "upload", upload, NULL);
  g_autoptr(AtelierJob) failed = run_design (f, failing);
  g_autoptr(AtelierJob) odd = run_design (f, unknown);
  g_autoptr(AtelierJob) error_status = NULL;
  const char *answer;

  fixture_assert_failed (failed, "Core3D could not put the artwork on the product");
  g_assert_null (atelier_job_get_result (failed, "design"));

  /* An answer without a design: said so, and kept for a bug report. */
  fixture_assert_failed (odd, "names no design");
  answer = atelier_job_get_result (odd, "answer");
  g_assert_nonnull (answer);
  g_assert_nonnull (strstr (answer, "opaque-artifact-1"));
  g_assert_null (strstr (answer, ATELIER_SANDBOX_TOKEN));
  g_assert_null (atelier_job_get_outputs (odd)[0]);

  /* An error status from the service itself. */
  fixture_fault_status (&f->base, POST_GENERATIONS, 500, 0, 5);
  error_status = run_design (f, refused);
  fixture_assert_failed (error_status, NULL);
}

static void
test_design_refused (DesignFixture *f,
                     gconstpointer  data)
{
  g_autoptr(AtelierJob) image = run_image (f);
  const char *upload = atelier_job_get_result (image, "uploads");
  g_autoptr(GPtrArray) products = list_products (f);
  g_autofree char *png = fixture_write_file (&f->base, "logo.png", TRUE);
  g_autofree char *text = fixture_write_file (&f->base, "notes.png", FALSE);
  struct
  {
    GHashTable *params;
    const char *needle;
  } cases[] = {
    { fixture_params ("model", "Sock", "upload", upload, NULL), "model: “Sock”" },
    { fixture_params ("model", "Mug", "type", "pattern", "upload", upload, NULL), "type:" },
    { fixture_params ("model", "Tee", NULL), "upload: there is no artwork" },
    { fixture_params ("model", "Tee", "upload", "https://example.com/a.png", NULL), "upload:" },
    { fixture_params ("model", "Tee", "image", png, "upload", upload, NULL), NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = fixture_refused (&f->base, cases[i].params);

      if (cases[i].needle != NULL && strstr (message, cases[i].needle) == NULL)
        g_error ("“%s” is not in “%s”", cases[i].needle, message);
      g_hash_table_unref (cases[i].params);
    }

  /* Not an image: found when it is read, still before anything is sent. */
  {
    g_autoptr(GHashTable) params = fixture_params ("model", "Tee", "image", text, NULL);
    g_autoptr(AtelierJob) job = NULL;

    atelier_sandbox_clear_requests (f->base.sandbox);
    job = run_design (f, params);
    fixture_assert_failed (job, "not a PNG, JPEG or WebP");
    g_assert_cmpuint (atelier_sandbox_get_requests (f->base.sandbox)->len, ==, 0);
  }
}

/* ---- exports ------------------------------------------------------------- */

static GPtrArray *
zip_names (const char *path)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      guint8 magic[8] = { 0 };

      /* Each piece is a real PNG. */
      g_assert_cmpint (archive_read_data (a, magic, sizeof magic), ==, sizeof magic);
      g_assert_cmpint (memcmp (magic, "\x89PNG\r\n\x1a\n", 8), ==, 0);
      g_ptr_array_add (names, g_strdup (archive_entry_pathname (entry)));
    }
  archive_read_free (a);
  return names;
}

static AtelierJob *
run_export (DesignFixture *f,
            AtelierJob    *design,
            const char    *type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) params = atelier_core3d_export_params_for_job (design, type, &error);

  g_assert_no_error (error);
  return run_on (f, "core3d-export", params);
}

static void
assert_zip (AtelierJob         *job,
            const char * const *expected)
{
  const char * const *outputs = atelier_job_get_outputs (job);
  g_autoptr(GPtrArray) names = NULL;

  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpuint (g_strv_length ((char **) outputs), ==, 1);
  g_assert_true (g_str_has_suffix (outputs[0], ".zip"));
  names = zip_names (outputs[0]);
  g_assert_cmpuint (names->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i]; i++)
    g_assert_cmpstr (g_ptr_array_index (names, i), ==, expected[i]);
}

static AtelierJob *
tee_design (DesignFixture *f,
            const char    *details)
{
  g_autoptr(AtelierJob) image = run_image (f);
  g_autoptr(GHashTable) params = fixture_params ("model", "Tee", "type", "pattern",
                                                 "upload", atelier_job_get_result (image, "uploads"),
                                                 details ? "details" : NULL, details, NULL);
  AtelierJob *job = run_design (f, params);

  assert_design (job);
  return job;
}

static void
test_export_types (DesignFixture *f,
                   gconstpointer  data)
{
  static const char * const dtf[] = { "front.png", "back.png", "sleeve-left.png",
                                      "sleeve-right.png", NULL };
  static const char * const dtg[] = { "front-zone.png", NULL };
  g_autoptr(AtelierJob) design = tee_design (f, NULL);
  g_autoptr(AtelierJob) all_over = run_export (f, design, "dtf");
  g_autoptr(AtelierJob) zones = run_export (f, design, "dtg");

  assert_zip (all_over, dtf);
  assert_zip (zones, dtg);
  g_assert_true (g_str_has_prefix (atelier_job_get_result (all_over, "archive"), "core3d:upload:"));
  g_assert_true (g_str_has_prefix (atelier_job_get_remote_id (zones), "core3d:export:"));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->base.sandbox, POST_EXPORTS), ==, 2);
}

static void
test_export_faults (DesignFixture *f,
                    gconstpointer  data)
{
  g_autoptr(AtelierJob) failing = tee_design (f, "sandbox-export-fail");
  g_autoptr(AtelierJob) odd = tee_design (f, "sandbox-export-shape");
  g_autoptr(AtelierJob) plain = tee_design (f, NULL);
  g_autoptr(AtelierJob) failed = run_export (f, failing, "dtf");
  g_autoptr(AtelierJob) unknown = run_export (f, odd, "dtf");
  g_autoptr(AtelierJob) expired_once = NULL;
  g_autoptr(AtelierJob) expired = NULL;
  g_autoptr(AtelierJob) error_status = NULL;

  fixture_assert_failed (failed, "Core3D could not export the design");
  fixture_assert_failed (unknown, "names no file");
  g_assert_nonnull (strstr (atelier_job_get_result (unknown, "answer"), "nothing Atelier knows"));

  /* An expired link is asked for again once… */
  fixture_fault (&f->base, "GET /presigned/", ATELIER_SANDBOX_FAULT_EXPIRED, 1);
  expired_once = run_export (f, plain, "dtg");
  g_assert_cmpint (atelier_job_get_status (expired_once), ==, ATELIER_JOB_STATUS_DONE);
  /* …and a second expiry is a failure that keeps the export for Retry. */
  fixture_fault (&f->base, "GET /presigned/", ATELIER_SANDBOX_FAULT_EXPIRED, 2);
  expired = run_export (f, plain, "dtf");
  fixture_assert_failed (expired, NULL);
  g_assert_true (atelier_job_get_retry_safe (expired));
  g_assert_nonnull (atelier_job_get_pending_outputs (expired)[0]);

  fixture_fault_status (&f->base, POST_EXPORTS, 500, 0, 5);
  error_status = run_export (f, plain, "dtf");
  fixture_assert_failed (error_status, NULL);
}

static void
test_export_refused (DesignFixture *f,
                     gconstpointer  data)
{
  g_autoptr(AtelierJob) image = run_image (f);
  g_autoptr(GHashTable) params = fixture_params ("model", "Mug", "type", "graphic",
                                                 "upload", atelier_job_get_result (image, "uploads"),
                                                 NULL);
  g_autoptr(AtelierJob) mug = run_design (f, params);
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GHashTable) bad = fixture_params ("design", "core3d:upload:1", NULL);
  g_autoptr(GError) error = NULL;

  assert_design (mug);
  /* A mug has only printable zones: no all-over export goes out. */
  atelier_sandbox_clear_requests (f->base.sandbox);
  job = run_export (f, mug, "dtf");
  fixture_assert_failed (job, "type:");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->base.sandbox, POST_EXPORTS), ==, 0);

  /* Not a design; and a job that made none. */
  g_clear_object (&job);
  job = atelier_engine_create_job (f->base.engine, "core3d-export", bad, &error);
  g_assert_null (job);
  g_assert_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_null (atelier_core3d_export_params_for_job (image, "dtf", &error));
  g_assert_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_CONFLICT);
}

int
main (int argc, char *argv[])
{
  fixture_init_env ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, DesignFixture, NULL, setup, func, teardown)
  ADD ("/core3d-design/products", test_products);
  ADD ("/core3d-design/from-image-job", test_from_image_job);
  ADD ("/core3d-design/from-png", test_from_png);
  ADD ("/core3d-design/from-upload-uri", test_from_upload_uri);
  ADD ("/core3d-design/result-shapes", test_result_shapes);
  ADD ("/core3d-design/faults", test_design_faults);
  ADD ("/core3d-design/refused", test_design_refused);
  ADD ("/core3d-export/types", test_export_types);
  ADD ("/core3d-export/faults", test_export_faults);
  ADD ("/core3d-export/refused", test_export_refused);
  return g_test_run ();
}
