/* provider-fixture.h: an in-process sandbox, an engine and one provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-engine.h"
#include "atelier-error.h"
#include "atelier-providers.h"
#include "atelier-sandbox.h"

G_BEGIN_DECLS

typedef struct
{
  char            *tmpdir;
  AtelierSandbox  *sandbox;
  AtelierHttp     *http;
  AtelierEngine   *engine;
  AtelierProvider *provider;
} Fixture;

/* Call first in main(): private XDG dirs, fast polling. */
void        fixture_init_env        (void);
void        fixture_setup           (Fixture       *f,
                                     const char    *service_id);
/* Also checks that no Authorization header ever reached the CDN listener. */
/* The same, with @adjust changing the provider's config before it is made. */
typedef void (*FixtureAdjustFunc) (Fixture              *f,
                                   AtelierServiceConfig *config);
void        fixture_setup_with      (Fixture           *f,
                                     const char        *service_id,
                                     FixtureAdjustFunc  adjust);
void        fixture_teardown        (Fixture       *f,
                                     gconstpointer  data);
/* Params from "key", "value", … NULL. */
GHashTable *fixture_params          (const char    *first_key,
                                     ...) G_GNUC_NULL_TERMINATED;
/* Creates the job (which must validate) and runs the main loop until it
 * finishes. Returns a new reference. */
AtelierJob *fixture_run             (Fixture       *f,
                                     GHashTable    *params);
void        fixture_wait            (Fixture       *f,
                                     AtelierJob    *job);
/* Refused before any request: the sandbox saw nothing. Returns the message. */
char       *fixture_refused         (Fixture       *f,
                                     GHashTable    *params);
void        fixture_fault_status    (Fixture       *f,
                                     const char    *match,
                                     guint          status,
                                     guint          retry_after_s,
                                     guint          times);
void        fixture_fault           (Fixture       *f,
                                     const char    *match,
                                     AtelierSandboxFaultKind kind,
                                     guint          times);
void        fixture_assert_done     (AtelierJob    *job,
                                     guint          n_outputs,
                                     const char    *extension);
void        fixture_assert_failed   (AtelierJob    *job,
                                     const char    *needle);
/* Writes a small PNG (or non-image bytes) into the temp dir. */
char       *fixture_write_file      (Fixture       *f,
                                     const char    *name,
                                     gboolean       png);

G_END_DECLS
