/* atelier-cli-commands.h: one function per `atelier-cli` command
 *
 * Each returns the process exit status: 0 success, 1 the job failed or input
 * was invalid (message on stderr), 2 usage error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ATELIER_CLI_EXIT_OK      0
#define ATELIER_CLI_EXIT_FAILED  1
#define ATELIER_CLI_EXIT_USAGE   2

int atelier_cli_generate (int argc, char **argv);
int atelier_cli_batch    (int argc, char **argv);
int atelier_cli_jobs     (int argc, char **argv);
int atelier_cli_styles   (int argc, char **argv);
int atelier_cli_products (int argc, char **argv);
int atelier_cli_export   (int argc, char **argv);
int atelier_cli_balance  (int argc, char **argv);
int atelier_cli_sandbox  (int argc, char **argv);
int atelier_cli_info     (int argc, char **argv);
int atelier_cli_render   (int argc, char **argv);
int atelier_cli_optimize (int argc, char **argv);
int atelier_cli_turntable (int argc, char **argv);
int atelier_cli_texture  (int argc, char **argv);
int atelier_cli_models   (int argc, char **argv);
int atelier_cli_endpoints (int argc, char **argv);
int atelier_cli_spend    (int argc, char **argv);

/* Parses @entries from argv (argv[0] is the command name); on failure prints
 * the error and help to stderr and returns FALSE. */
gboolean atelier_cli_parse (const char   *command,
                            const char   *parameter_string,
                            const char   *summary,
                            GOptionEntry *entries,
                            int          *argc,
                            char       ***argv);

G_END_DECLS
