/* atelier-sandbox-process.c: the offline sandbox in a child process, on first use
 *
 * The parent owns the listening socket for the whole run and watches it
 * only while no sandbox serves; the child serves on a copy of it. The
 * kernel queues connections on the socket, not on a process, so a client
 * that connects while the child is being (re)started is served by it, and
 * only connections a crashed child had accepted are lost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <signal.h>
#include <unistd.h>

#include "atelier-sandbox-private.h"
#include "atelier-sandbox-process.h"

/* The fd the child finds the listening socket on. */
#define CHILD_SOCKET_FD 3
/* A child that ends by itself sooner than this after starting never
 * served: after a few such, the command is taken as broken. */
#define QUICK_EXIT_US   (2 * G_USEC_PER_SEC)
#define MAX_QUICK_EXITS 2
/* After crashes in a row, wait before watching the socket again (doubled
 * per crash up to the maximum), so a request that kills every child does
 * not spin. */
#define RESTART_DELAY_MS     250
#define RESTART_DELAY_MAX_MS 8000

struct _AtelierSandboxProcess
{
  GObject         parent_instance;

  /* Owned References */
  GStrv           argv;          /* NULL: in this process */
  GSocket        *socket;
  GSource        *watch;
  GSubprocess    *child;
  GCancellable   *cancellable;
  AtelierSandbox *in_process;

  guint           port;
  guint           n_starts;
  guint           quick_exits;
  guint           crashes;       /* in a row */
  guint           restart_id;
  gint64          started_at;
  gboolean        stopped;
};

G_DEFINE_FINAL_TYPE (AtelierSandboxProcess, atelier_sandbox_process, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void arm_watch (AtelierSandboxProcess *self);

static void
atelier_sandbox_process_dispose (GObject *object)
{
  atelier_sandbox_process_stop (ATELIER_SANDBOX_PROCESS (object));

  G_OBJECT_CLASS (atelier_sandbox_process_parent_class)->dispose (object);
}

static void
atelier_sandbox_process_finalize (GObject *object)
{
  AtelierSandboxProcess *self = ATELIER_SANDBOX_PROCESS (object);

  g_clear_pointer (&self->argv, g_strfreev);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_sandbox_process_parent_class)->finalize (object);
}

static void
atelier_sandbox_process_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  AtelierSandboxProcess *self = ATELIER_SANDBOX_PROCESS (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, atelier_sandbox_process_get_running (self));
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_sandbox_process_class_init (AtelierSandboxProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_sandbox_process_dispose;
  object_class->finalize = atelier_sandbox_process_finalize;
  object_class->get_property = atelier_sandbox_process_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_sandbox_process_init (AtelierSandboxProcess *self)
{
  self->cancellable = g_cancellable_new ();
}

AtelierSandboxProcess *
atelier_sandbox_process_new (const char * const *argv)
{
  AtelierSandboxProcess *self = g_object_new (ATELIER_TYPE_SANDBOX_PROCESS, NULL);

  g_return_val_if_fail (argv == NULL || argv[0] != NULL, NULL);

  self->argv = g_strdupv ((char **) argv);
  return self;
}

gboolean
atelier_sandbox_process_listen (AtelierSandboxProcess  *self,
                                GError                **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (ATELIER_IS_SANDBOX_PROCESS (self), FALSE);
  g_return_val_if_fail (self->socket == NULL, FALSE);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, 128);
  if (!g_socket_bind (socket, address, FALSE, error) || !g_socket_listen (socket, error))
    return FALSE;
  if ((local = g_socket_get_local_address (socket, error)) == NULL)
    return FALSE;

  self->socket = g_steal_pointer (&socket);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  self->stopped = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  g_debug ("Offline sandbox waiting for its first client on 127.0.0.1:%u", self->port);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);

  arm_watch (self);
  return TRUE;
}

static void
set_started (AtelierSandboxProcess *self)
{
  self->n_starts++;
  self->started_at = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
start_in_process (AtelierSandboxProcess *self)
{
  g_autoptr(GError) error = NULL;

  self->in_process = atelier_sandbox_new ();
  if (!atelier_sandbox_start_on_socket (self->in_process, self->socket, &error))
    {
      /* Nothing more to try: clients get "connection refused" from now. */
      g_warning ("Could not start the offline sandbox: %s", error->message);
      g_clear_object (&self->in_process);
      g_socket_close (self->socket, NULL);
      return;
    }
  set_started (self);
}

static void child_exited_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
start_child (AtelierSandboxProcess *self)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  if (self->argv == NULL || self->quick_exits >= MAX_QUICK_EXITS)
    {
      start_in_process (self);
      return;
    }

  /* stdin is a pipe only we hold: the child stops when it closes. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  fd = dup (g_socket_get_fd (self->socket));
  if (fd < 0)
    {
      g_warning ("Could not hand the offline sandbox its socket: %s", g_strerror (errno));
      start_in_process (self);
      return;
    }
  g_subprocess_launcher_take_fd (launcher, fd, CHILD_SOCKET_FD);

  self->child = g_subprocess_launcher_spawnv (launcher, (const char * const *) self->argv,
                                              &error);
  if (self->child == NULL)
    {
      g_warning ("Could not start the offline sandbox process, running it in this one: %s",
                 error->message);
      start_in_process (self);
      return;
    }

  g_debug ("Offline sandbox started as process %s", g_subprocess_get_identifier (self->child));
  g_subprocess_wait_async (self->child, self->cancellable, child_exited_cb,
                           g_object_ref (self));
  set_started (self);
}

static gboolean
incoming_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  AtelierSandboxProcess *self = user_data;

  /* From now on the child accepts; this connection waits in the queue. */
  g_clear_pointer (&self->watch, g_source_unref);
  start_child (self);
  return G_SOURCE_REMOVE;
}

static void
arm_watch (AtelierSandboxProcess *self)
{
  if (self->watch != NULL || self->socket == NULL || self->stopped)
    return;

  self->watch = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (incoming_cb), self, NULL);
  g_source_attach (self->watch, g_main_context_get_thread_default ());
}

static gboolean
restart_cb (gpointer user_data)
{
  AtelierSandboxProcess *self = user_data;

  self->restart_id = 0;
  arm_watch (self);
  return G_SOURCE_REMOVE;
}

static void
child_exited_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AtelierSandboxProcess) self = user_data;
  GSubprocess *child = G_SUBPROCESS (source);
  g_autoptr(GError) error = NULL;
  gint64 lived;

  if (!g_subprocess_wait_finish (child, result, &error) || self->child != child)
    return;

  lived = g_get_monotonic_time () - self->started_at;
  if (g_subprocess_get_if_signaled (child))
    {
      guint delay = RESTART_DELAY_MS << MIN (self->crashes, 5);

      g_warning ("The offline sandbox process ended with signal %d (%s); "
                 "it starts again with the next request",
                 g_subprocess_get_term_sig (child), g_strsignal (g_subprocess_get_term_sig (child)));
      self->crashes++;
      self->quick_exits = 0;
      g_clear_object (&self->child);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      if (self->crashes > 1)
        {
          self->restart_id = g_timeout_add (MIN (delay, RESTART_DELAY_MAX_MS), restart_cb, self);
          return;
        }
    }
  else
    {
      g_warning ("The offline sandbox process ended with status %d",
                 g_subprocess_get_exit_status (child));
      self->crashes = 0;
      self->quick_exits = lived < QUICK_EXIT_US ? self->quick_exits + 1 : 0;
      g_clear_object (&self->child);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }

  arm_watch (self);
}

guint
atelier_sandbox_process_get_port (AtelierSandboxProcess *self)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX_PROCESS (self), 0);

  return self->port;
}

char *
atelier_sandbox_process_get_url (AtelierSandboxProcess *self,
                                 const char            *service_id)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX_PROCESS (self), NULL);
  g_return_val_if_fail (service_id != NULL, NULL);

  return _atelier_sandbox_url_for_port (self->port, service_id);
}

gboolean
atelier_sandbox_process_get_running (AtelierSandboxProcess *self)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX_PROCESS (self), FALSE);

  return self->child != NULL || self->in_process != NULL;
}

guint
atelier_sandbox_process_get_n_starts (AtelierSandboxProcess *self)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX_PROCESS (self), 0);

  return self->n_starts;
}

const char *
atelier_sandbox_process_get_identifier (AtelierSandboxProcess *self)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX_PROCESS (self), NULL);

  return self->child ? g_subprocess_get_identifier (self->child) : NULL;
}

void
atelier_sandbox_process_stop (AtelierSandboxProcess *self)
{
  gboolean was_running;

  g_return_if_fail (ATELIER_IS_SANDBOX_PROCESS (self));

  was_running = atelier_sandbox_process_get_running (self);
  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->restart_id, g_source_remove);
  if (self->watch != NULL)
    g_source_destroy (self->watch);
  g_clear_pointer (&self->watch, g_source_unref);

  if (self->child != NULL)
    {
      /* Closing stdin is enough; SIGTERM in case it is stuck. */
      g_output_stream_close (g_subprocess_get_stdin_pipe (self->child), NULL, NULL);
      g_subprocess_send_signal (self->child, SIGTERM);
      g_clear_object (&self->child);
    }
  if (self->in_process != NULL)
    {
      atelier_sandbox_stop (self->in_process);
      g_clear_object (&self->in_process);
    }
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);

  if (was_running)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* ---- the child ---- */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
stdin_cb (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  char buf[256];
  gssize got = read (fd, buf, sizeof buf);

  /* End of file: the parent is gone or wants us gone. The source goes
   * with the loop. */
  if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
    g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
atelier_sandbox_process_serve_child (void)
{
  g_autoptr(AtelierSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;
  guint sigint, sigterm, input;

  g_set_prgname ("atelier-sandbox");
  socket = g_socket_new_from_fd (CHILD_SOCKET_FD, &error);
  if (socket == NULL)
    {
      g_printerr ("atelier sandbox: no listening socket on fd %d: %s\n", CHILD_SOCKET_FD,
                  error->message);
      return 1;
    }

  sandbox = atelier_sandbox_new ();
  if (!atelier_sandbox_start_on_socket (sandbox, socket, &error))
    {
      g_printerr ("atelier sandbox: cannot serve: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm = g_unix_signal_add (SIGTERM, quit_cb, loop);
  input = g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_source_remove (input);

  atelier_sandbox_stop (sandbox);
  return 0;
}
