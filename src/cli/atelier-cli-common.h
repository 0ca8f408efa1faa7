/* atelier-cli-common.h: what every service-facing command sets up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-engine.h"
#include "atelier-sandbox.h"

G_BEGIN_DECLS

typedef struct
{
  AtelierHttp    *http;
  AtelierHistory *history;
  AtelierEngine  *engine;
  AtelierSandbox *sandbox;   /* offline mode only */
  GMainLoop      *loop;
} AtelierCliContext;

/* Opens the shared history and registers every provider. @offline forces
 * the embedded sandbox; it is also used when no service is configured. */
AtelierCliContext *atelier_cli_context_new  (gboolean            offline,
                                             GError            **error);
void               atelier_cli_context_free (AtelierCliContext  *ctx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierCliContext, atelier_cli_context_free)

/* Runs the main loop until @job leaves the states in @until_mask is false:
 * i.e. returns once done() says so. */
typedef gboolean (*AtelierCliDoneFunc) (AtelierCliContext *ctx,
                                        gpointer           data);
void               atelier_cli_context_run  (AtelierCliContext  *ctx,
                                             AtelierCliDoneFunc  done,
                                             gpointer            data);

void               atelier_cli_print_job    (AtelierJob         *job,
                                             gboolean            json);

/* The listing of the Core3D client @provider_id (styles for "core3d",
 * products for "core3d-design"), asked afresh; NULL after printing why,
 * prefixed "atelier-cli @command:". */
GPtrArray         *atelier_cli_core3d_listing (AtelierCliContext *ctx,
                                               const char        *command,
                                               const char        *provider_id);
/* Prints @builder's value as indented JSON on standard output. */
void               atelier_cli_print_json     (JsonBuilder       *builder);

/* The provider id for --provider @provider (may be NULL) and --endpoint
 * @endpoint (NULL: @provider itself): "openai:NAME" for a named endpoint. */
char              *atelier_cli_provider_id  (const char         *provider,
                                             const char         *endpoint,
                                             GError            **error);

G_END_DECLS
