/* test-sandbox-process.c: the window's sandbox, a child process started on first use
 *
 * This binary is also the child: with ATELIER_SANDBOX_SERVER_ARG it serves,
 * as the window's binary does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "atelier-sandbox-process.h"
#include "sandbox-test-util.h"

static char *self_exe;

typedef struct
{
  AtelierSandboxProcess *process;
  TestFixture            client;
} ProcessFixture;

static void
process_setup (ProcessFixture *fixture,
               gconstpointer   data)
{
  const char *argv[] = { self_exe, ATELIER_SANDBOX_SERVER_ARG, NULL };
  const char * const *command = data ? data : argv;
  g_autoptr(GError) error = NULL;

  fixture->process = atelier_sandbox_process_new (command);
  g_assert_true (atelier_sandbox_process_listen (fixture->process, &error));
  g_assert_no_error (error);
  fixture->client.session = soup_session_new_with_options ("timeout", 20, NULL);
  fixture->client.base = g_strdup_printf ("http://127.0.0.1:%u",
                                          atelier_sandbox_process_get_port (fixture->process));
}

static void
process_teardown (ProcessFixture *fixture,
                  gconstpointer   data)
{
  AtelierSandboxProcess *process = fixture->process;

  atelier_sandbox_process_stop (fixture->process);
  g_clear_object (&fixture->client.session);
  /* The cancelled wait for the child lets go of it on a later iteration. */
  g_object_add_weak_pointer (G_OBJECT (process), (gpointer *) &process);
  g_clear_object (&fixture->process);
  for (guint i = 0; i < 100 && process != NULL; i++)
    test_wait (10);
  g_assert_null (process);
  g_clear_pointer (&fixture->client.base, g_free);
}

static TestReply *
balance (ProcessFixture *fixture)
{
  return test_get (&fixture->client, "/api/balance", TOKEN);
}

static void
wait_until_stopped (ProcessFixture *fixture)
{
  for (guint i = 0; i < 500 && atelier_sandbox_process_get_running (fixture->process); i++)
    test_wait (10);
  g_assert_false (atelier_sandbox_process_get_running (fixture->process));
}

static gboolean
process_exists (pid_t pid)
{
  return kill (pid, 0) == 0 || errno != ESRCH;
}

static void
wait_for_exit (pid_t pid)
{
  for (guint i = 0; i < 500 && process_exists (pid); i++)
    test_wait (10);
  g_assert_false (process_exists (pid));
}

/* Nothing runs until the first client connects; that client is served. */
static void
test_lazy (ProcessFixture *fixture,
           gconstpointer   data)
{
  g_autoptr(TestReply) first = NULL;
  g_autoptr(TestReply) second = NULL;
  g_autofree char *url = atelier_sandbox_process_get_url (fixture->process, "openai");
  g_autofree char *expected = g_strdup_printf ("%s/v1", fixture->client.base);

  g_assert_cmpstr (url, ==, expected);
  test_wait (200);
  g_assert_false (atelier_sandbox_process_get_running (fixture->process));
  g_assert_cmpuint (atelier_sandbox_process_get_n_starts (fixture->process), ==, 0);

  first = balance (fixture);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_true (atelier_sandbox_process_get_running (fixture->process));
  g_assert_nonnull (atelier_sandbox_process_get_identifier (fixture->process));

  second = balance (fixture);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpuint (atelier_sandbox_process_get_n_starts (fixture->process), ==, 1);
}

/* A child that dies (here: SIGKILL, as a crash would) takes nothing else
 * down; the next request starts a new one. */
static void
test_crash_restart (ProcessFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(TestReply) before = balance (fixture);
  g_autoptr(TestReply) after = NULL;
  g_autofree char *first_id = g_strdup (atelier_sandbox_process_get_identifier (fixture->process));
  pid_t pid = (pid_t) g_ascii_strtoll (first_id, NULL, 10);

  g_assert_cmpuint (before->status, ==, 200);
  g_assert_cmpint (pid, >, 1);

  g_test_expect_message ("atelier-sandbox", G_LOG_LEVEL_WARNING, "*ended with signal 9*");
  kill (pid, SIGKILL);
  wait_until_stopped (fixture);
  g_test_assert_expected_messages ();

  after = balance (fixture);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpuint (atelier_sandbox_process_get_n_starts (fixture->process), ==, 2);
  g_assert_cmpstr (atelier_sandbox_process_get_identifier (fixture->process), !=, first_id);
}

/* Stopping ends the child; so does its stdin closing, however the parent
 * went (what keeps it from outliving a killed window). */
static void
test_child_ends (ProcessFixture *fixture,
                 gconstpointer   data)
{
  g_autoptr(TestReply) reply = balance (fixture);
  pid_t pid = (pid_t) g_ascii_strtoll (atelier_sandbox_process_get_identifier (fixture->process),
                                       NULL, 10);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TestReply) direct = NULL;
  TestFixture client = { .session = fixture->client.session };

  g_assert_cmpuint (reply->status, ==, 200);
  atelier_sandbox_process_stop (fixture->process);
  g_assert_false (atelier_sandbox_process_get_running (fixture->process));
  wait_for_exit (pid);

  /* The same command, started by hand, then its stdin closed. */
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  local = g_socket_get_local_address (socket, &error);
  client.base = g_strdup_printf ("http://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  g_subprocess_launcher_take_fd (launcher, dup (g_socket_get_fd (socket)), 3);
  child = g_subprocess_launcher_spawn (launcher, &error, self_exe, ATELIER_SANDBOX_SERVER_ARG,
                                       NULL);
  g_assert_no_error (error);
  direct = test_get (&client, "/api/balance", TOKEN);
  g_assert_cmpuint (direct->status, ==, 200);

  g_output_stream_close (g_subprocess_get_stdin_pipe (child), NULL, NULL);
  g_assert_true (g_subprocess_wait_check (child, NULL, &error));
  g_assert_no_error (error);
  g_free (client.base);
}

/* A command that cannot start leaves the sandbox running in this process. */
static const char * const missing_command[] = { "/nonexistent/atelier", ATELIER_SANDBOX_SERVER_ARG,
                                                NULL };

static void
test_fallback_missing (ProcessFixture *fixture,
                       gconstpointer   data)
{
  g_autoptr(TestReply) reply = NULL;

  g_test_expect_message ("atelier-sandbox", G_LOG_LEVEL_WARNING, "*running it in this one*");
  reply = balance (fixture);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_true (atelier_sandbox_process_get_running (fixture->process));
  g_assert_null (atelier_sandbox_process_get_identifier (fixture->process));
}

/* A command that ends at once, again and again, is given up for the same. */
static const char * const failing_command[] = { "/bin/false", NULL };

static void
test_fallback_failing (ProcessFixture *fixture,
                       gconstpointer   data)
{
  g_autoptr(TestReply) reply = NULL;

  g_test_expect_message ("atelier-sandbox", G_LOG_LEVEL_WARNING, "*ended with status 1*");
  g_test_expect_message ("atelier-sandbox", G_LOG_LEVEL_WARNING, "*ended with status 1*");
  reply = balance (fixture);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpuint (atelier_sandbox_process_get_n_starts (fixture->process), ==, 3);
  g_assert_null (atelier_sandbox_process_get_identifier (fixture->process));
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], ATELIER_SANDBOX_SERVER_ARG))
    return atelier_sandbox_process_serve_child ();

  g_test_init (&argc, &argv, NULL);
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self_exe);

#define ADD(path, data, func) \
  g_test_add ("/sandbox/process/" path, ProcessFixture, data, process_setup, func, process_teardown)
  ADD ("lazy", NULL, test_lazy);
  ADD ("crash-restart", NULL, test_crash_restart);
  ADD ("child-ends", NULL, test_child_ends);
  ADD ("fallback-missing", missing_command, test_fallback_missing);
  ADD ("fallback-failing", failing_command, test_fallback_failing);
#undef ADD

  return g_test_run ();
}
