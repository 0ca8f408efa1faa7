/* atelier-sandbox-process.h: the offline sandbox in a child process, on first use
 *
 * What the window runs for offline mode. The port is bound at once, so
 * services can be given their URL, but no sandbox code runs until a client
 * connects: then the serving command starts (the window's own binary with
 * ATELIER_SANDBOX_SERVER_ARG) with the listening socket as its fd 3. A
 * crash there takes only the child down, and the next connection starts a
 * new one. The child stops when its stdin closes, so it never outlives the
 * window, however the window ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The argument that makes a binary serve as the child (see
 * atelier_sandbox_process_serve_child()). */
#define ATELIER_SANDBOX_SERVER_ARG "--sandbox-server"

#define ATELIER_TYPE_SANDBOX_PROCESS (atelier_sandbox_process_get_type ())
G_DECLARE_FINAL_TYPE (AtelierSandboxProcess, atelier_sandbox_process, ATELIER, SANDBOX_PROCESS,
                      GObject)

/* @argv: the serving command, which gets the listening socket as fd 3 (NULL:
 * serve in this process, still on first use). If it cannot be started, the
 * sandbox runs in this process instead, with a warning. */
AtelierSandboxProcess *atelier_sandbox_process_new        (const char * const    *argv);
/* Binds 127.0.0.1 on a free port and waits for the first client. */
gboolean               atelier_sandbox_process_listen     (AtelierSandboxProcess *self,
                                                           GError               **error);
guint                  atelier_sandbox_process_get_port   (AtelierSandboxProcess *self);
/* As atelier_sandbox_get_url(). */
char                  *atelier_sandbox_process_get_url    (AtelierSandboxProcess *self,
                                                           const char            *service_id);
/* Whether a sandbox serves right now ("running" property). */
gboolean               atelier_sandbox_process_get_running (AtelierSandboxProcess *self);
/* How many times a sandbox was started (a restart after a crash counts). */
guint                  atelier_sandbox_process_get_n_starts (AtelierSandboxProcess *self);
/* The child's process id as a string, or NULL (none, or in-process). */
const char            *atelier_sandbox_process_get_identifier (AtelierSandboxProcess *self);
/* Stops the child (stdin closed, SIGTERM) and the listening socket. */
void                   atelier_sandbox_process_stop       (AtelierSandboxProcess *self);

/* The child's side: serves on the listening socket at fd 3 until stdin
 * closes, SIGTERM or SIGINT. Returns the exit status. */
int                    atelier_sandbox_process_serve_child (void);

G_END_DECLS
