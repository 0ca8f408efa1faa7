/* atelier-sandbox.c: lifecycle, listeners, request log and control endpoint
 *
 * Both listeners share one dispatcher: every request is logged, matched
 * against the fault queue, then routed to its dialect. The control endpoint
 * (/_sandbox/…, API listener, atelier-sandbox-control.c) lets other processes
 * that hold the sandbox's key inject faults, change settings and read the
 * request log; it is not logged. Requests are dispatched in two steps: when
 * their headers are in (early: the key and the body cap are checked, before
 * any of the body is read) and when their body is complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sys/random.h>

#include "atelier-sandbox-private.h"

#define DEFAULT_JOB_DURATION_MS 2000
#define DEFAULT_BALANCE         580

G_DEFINE_FINAL_TYPE (AtelierSandbox, atelier_sandbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JOB_DURATION,
  PROP_PORT,
  PROP_CDN_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char               *match;
  AtelierSandboxFault fault;
  guint               times;
} FaultEntry;

static void
fault_entry_free (gpointer data)
{
  FaultEntry *entry = data;

  g_free (entry->match);
  g_free (entry);
}

static void
request_clear (gpointer data)
{
  AtelierSandboxRequest *request = data;

  g_free (request->method);
  g_free (request->path);
  g_free (request->authorization);
}

static void
request_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, request_clear);
}

static void
atelier_sandbox_dispose (GObject *object)
{
  atelier_sandbox_stop (ATELIER_SANDBOX (object));

  G_OBJECT_CLASS (atelier_sandbox_parent_class)->dispose (object);
}

static void
atelier_sandbox_finalize (GObject *object)
{
  AtelierSandbox *self = ATELIER_SANDBOX (object);

  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  _atelier_sandbox_cdn_clear (self);
  g_clear_pointer (&self->core3d_generations, g_hash_table_unref);
  g_clear_pointer (&self->core3d_uploads, g_hash_table_unref);
  g_clear_pointer (&self->image3d_tasks, g_hash_table_unref);
  g_clear_pointer (&self->styledna_artworks, g_hash_table_unref);
  g_clear_pointer (&self->secret, g_free);
  g_clear_pointer (&self->control_key, g_free);

  G_OBJECT_CLASS (atelier_sandbox_parent_class)->finalize (object);
}

static void
atelier_sandbox_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AtelierSandbox *self = ATELIER_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_JOB_DURATION:
      g_value_set_uint (value, self->job_duration_ms);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_CDN_PORT:
      g_value_set_uint (value, self->cdn_port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_sandbox_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AtelierSandbox *self = ATELIER_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_JOB_DURATION:
      atelier_sandbox_set_job_duration (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_sandbox_class_init (AtelierSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_sandbox_dispose;
  object_class->finalize = atelier_sandbox_finalize;
  object_class->get_property = atelier_sandbox_get_property;
  object_class->set_property = atelier_sandbox_set_property;

  properties[PROP_JOB_DURATION] =
    g_param_spec_uint ("job-duration", NULL, NULL, 0, G_MAXUINT, DEFAULT_JOB_DURATION_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CDN_PORT] =
    g_param_spec_uint ("cdn-port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* 128 bits from the kernel: the key keeps other local users' processes out
 * of the control endpoints, so GLib's seeded generator will not do. */
static char *
new_key (void)
{
  guint8 bytes[16];
  GString *key = g_string_sized_new (2 * sizeof bytes);
  gssize got = getrandom (bytes, sizeof bytes, 0);

  if (got != (gssize) sizeof bytes)
    g_error ("Cannot read random bytes for the sandbox key: %s", g_strerror (errno));
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (key, "%02x", bytes[i]);
  return g_string_free (key, FALSE);
}

static void
atelier_sandbox_init (AtelierSandbox *self)
{
  self->job_duration_ms = DEFAULT_JOB_DURATION_MS;
  /* The window's sandbox is a child process: scripts and tests pace its
   * streams from the environment. */
  if (g_getenv ("ATELIER_SANDBOX_STREAM_INTERVAL_MS") != NULL)
    self->stream_interval_ms = (guint) CLAMP (g_ascii_strtoll (g_getenv ("ATELIER_SANDBOX_STREAM_INTERVAL_MS"),
                                                               NULL, 10), 0, 600 * 1000);
  self->balance = DEFAULT_BALANCE;
  self->secret = g_uuid_string_random ();
  self->control_key = new_key ();
  self->body_budget = ATELIER_SANDBOX_BODY_BUDGET;
  self->faults = g_ptr_array_new_with_free_func (fault_entry_free);
  self->requests = g_ptr_array_new_with_free_func (request_release);

  _atelier_sandbox_cdn_init (self);
  _atelier_sandbox_core3d_init (self);
  _atelier_sandbox_image3d_init (self);
  _atelier_sandbox_styledna_init (self);
}

AtelierSandbox *
atelier_sandbox_new (void)
{
  return g_object_new (ATELIER_TYPE_SANDBOX, NULL);
}

const char *
atelier_sandbox_get_control_key (AtelierSandbox *self)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), NULL);

  return self->control_key;
}

void
atelier_sandbox_set_job_duration (AtelierSandbox *self,
                                  guint           ms)
{
  g_return_if_fail (ATELIER_IS_SANDBOX (self));

  if (self->job_duration_ms == ms)
    return;
  self->job_duration_ms = ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_DURATION]);
}

guint
atelier_sandbox_get_job_duration (AtelierSandbox *self)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), 0);

  return self->job_duration_ms;
}

void
atelier_sandbox_set_stream_interval (AtelierSandbox *self,
                                     guint           ms)
{
  g_return_if_fail (ATELIER_IS_SANDBOX (self));
  self->stream_interval_ms = ms;
}

guint
atelier_sandbox_get_stream_interval (AtelierSandbox *self)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), 0);
  return self->stream_interval_ms > 0 ? self->stream_interval_ms : self->job_duration_ms / 4;
}

void
atelier_sandbox_set_balance (AtelierSandbox *self,
                             gint64          credits)
{
  g_return_if_fail (ATELIER_IS_SANDBOX (self));

  self->balance = credits;
}

gint64
atelier_sandbox_get_balance (AtelierSandbox *self)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), 0);

  return self->balance;
}

void
atelier_sandbox_set_image3d_concurrency (AtelierSandbox *self,
                                         guint           max_jobs)
{
  g_return_if_fail (ATELIER_IS_SANDBOX (self));

  self->image3d_concurrency = max_jobs;
}

/* ---- request log ---- */

static void
message_finished_cb (SoupServerMessage *msg,
                     AtelierSandboxCtx *ctx)
{
  ctx->finished = TRUE;
  if (ctx->record != NULL && ctx->record->status == 0)
    ctx->record->status = soup_server_message_get_status (msg);
}

/* A paused message whose connection goes away (client hung up, server
 * stopped) gets no "finished": after this it must not be unpaused. */
static void
message_disconnected_cb (SoupServerMessage *msg,
                         AtelierSandboxCtx *ctx)
{
  ctx->finished = TRUE;
}

static void
ctx_free (gpointer data)
{
  AtelierSandboxCtx *ctx = data;

  if (ctx->record != NULL)
    g_atomic_rc_box_release_full (ctx->record, request_clear);
  g_clear_pointer (&ctx->query, g_hash_table_unref);
  g_clear_pointer (&ctx->body, g_bytes_unref);
  g_free (ctx->method);
  g_free (ctx->path);
  g_object_unref (ctx->sandbox);
  g_free (ctx);
}

GPtrArray *
atelier_sandbox_get_requests (AtelierSandbox *self)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), NULL);

  return self->requests;
}

guint
atelier_sandbox_count_requests (AtelierSandbox *self,
                                const char     *match)
{
  guint count = 0;

  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      AtelierSandboxRequest *request = g_ptr_array_index (self->requests, i);
      g_autofree char *line = g_strdup_printf ("%s %s", request->method, request->path);

      if (match == NULL || g_str_has_prefix (line, match))
        count++;
    }

  return count;
}

void
atelier_sandbox_clear_requests (AtelierSandbox *self)
{
  g_return_if_fail (ATELIER_IS_SANDBOX (self));

  g_ptr_array_set_size (self->requests, 0);
}

/* ---- faults ---- */

void
atelier_sandbox_add_fault (AtelierSandbox            *self,
                           const char                *match,
                           const AtelierSandboxFault *fault,
                           guint                      times)
{
  FaultEntry *entry;

  g_return_if_fail (ATELIER_IS_SANDBOX (self));
  g_return_if_fail (match != NULL);
  g_return_if_fail (fault != NULL);

  if (times == 0)
    return;

  entry = g_new0 (FaultEntry, 1);
  entry->match = g_strdup (match);
  entry->fault = *fault;
  entry->times = times;
  g_ptr_array_add (self->faults, entry);
}

void
atelier_sandbox_clear_faults (AtelierSandbox *self)
{
  g_return_if_fail (ATELIER_IS_SANDBOX (self));

  g_ptr_array_set_size (self->faults, 0);
}

/* Pops the first fault whose match is a prefix of "METHOD /path". */
gboolean
_atelier_sandbox_take_fault (AtelierSandbox      *self,
                            const char          *method,
                            const char          *path,
                            AtelierSandboxFault *fault)
{
  g_autofree char *line = g_strdup_printf ("%s %s", method, path);

  for (guint i = 0; i < self->faults->len; i++)
    {
      FaultEntry *entry = g_ptr_array_index (self->faults, i);

      if (!g_str_has_prefix (line, entry->match))
        continue;

      *fault = entry->fault;
      if (--entry->times == 0)
        g_ptr_array_remove_index (self->faults, i);
      return TRUE;
    }

  return FALSE;
}

/* ---- dispatch ---- */

static AtelierSandboxCtx *
ctx_new (AtelierSandbox    *self,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gboolean           cdn)
{
  AtelierSandboxCtx *ctx = g_new0 (AtelierSandboxCtx, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  ctx->sandbox = g_object_ref (self);
  ctx->msg = msg;
  ctx->method = g_strdup (soup_server_message_get_method (msg));
  ctx->path = g_strdup (path);
  ctx->query = query ? g_hash_table_ref (query) : NULL;
  ctx->cdn = cdn;
  ctx->dialect = cdn ? ATELIER_SANDBOX_DIALECT_CDN : _atelier_sandbox_dialect_for_path (path);
  if (g_str_has_prefix (path, "/cdn/") || g_str_has_prefix (path, "/presigned/"))
    ctx->dialect = ATELIER_SANDBOX_DIALECT_CDN;

  g_object_set_data_full (G_OBJECT (msg), "atelier-sandbox-ctx", ctx, ctx_free);
  g_signal_connect (msg, "finished", G_CALLBACK (message_finished_cb), ctx);
  g_signal_connect (msg, "disconnected", G_CALLBACK (message_disconnected_cb), ctx);

  if (!cdn && g_str_has_prefix (path, "/_sandbox/"))
    {
      ctx->dialect = ATELIER_SANDBOX_DIALECT_CONTROL;
      return ctx;
    }

  ctx->record = g_atomic_rc_box_new0 (AtelierSandboxRequest);
  ctx->record->method = g_strdup (ctx->method);
  ctx->record->path = g_strdup (path);
  ctx->record->cdn = cdn;
  ctx->record->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_ptr_array_add (self->requests, g_atomic_rc_box_acquire (ctx->record));

  g_debug ("%s %s%s", ctx->method, path, cdn ? " (cdn)" : "");
  return ctx;
}

/* The headers are in, the body is not: refuse what can be refused now
 * (no control key, a body over its cap) before reading any of it. */
static void
early_dispatch (AtelierSandbox    *self,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gboolean           cdn)
{
  AtelierSandboxCtx *ctx = ctx_new (self, msg, path, query, cdn);

  _atelier_sandbox_body_begin (ctx, ctx->dialect == ATELIER_SANDBOX_DIALECT_CONTROL &&
                                    !_atelier_sandbox_control_check_key (ctx));
}

static void
dispatch (AtelierSandbox    *self,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gboolean           cdn)
{
  AtelierSandboxCtx *ctx = g_object_get_data (G_OBJECT (msg), "atelier-sandbox-ctx");

  /* libsoup calls the early handler first for every request it hands on. */
  g_return_if_fail (ctx != NULL);

  ctx->body = _atelier_sandbox_body_take (ctx);

  if (ctx->dialect == ATELIER_SANDBOX_DIALECT_CONTROL)
    {
      _atelier_sandbox_control (ctx);
      return;
    }

  if (_atelier_sandbox_apply_fault (ctx))
    return;

  _atelier_sandbox_route (ctx);
}

static void
api_early_handler (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  early_dispatch (user_data, msg, path, query, FALSE);
}

static void
cdn_early_handler (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  early_dispatch (user_data, msg, path, query, TRUE);
}

static void
api_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  dispatch (user_data, msg, path, query, FALSE);
}

static void
cdn_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  dispatch (user_data, msg, path, query, TRUE);
}

static gboolean
bound_port (SoupServer  *server,
            guint       *bound,
            GError     **error)
{
  g_autoptr(GSocketAddress) local = NULL;
  GSList *listeners;

  /* From the socket rather than soup_server_get_uris(), which leaks an
   * address per call in libsoup 3.2. */
  listeners = soup_server_get_listeners (server);
  local = listeners ? g_socket_get_local_address (listeners->data, error) : NULL;
  g_slist_free (listeners);
  if (local == NULL)
    return FALSE;

  *bound = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return TRUE;
}

static gboolean
listen_on (SoupServer  *server,
           guint        port,
           guint       *bound,
           GError     **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  if (!soup_server_listen (server, address, 0, error))
    return FALSE;
  return bound_port (server, bound, error);
}

static void
make_servers (AtelierSandbox *self)
{
  self->api = soup_server_new ("server-header", "atelier-sandbox ", NULL);
  self->cdn = soup_server_new ("server-header", "atelier-sandbox-cdn ", NULL);
  soup_server_add_early_handler (self->api, NULL, api_early_handler, self, NULL);
  soup_server_add_early_handler (self->cdn, NULL, cdn_early_handler, self, NULL);
  soup_server_add_handler (self->api, NULL, api_handler, self, NULL);
  soup_server_add_handler (self->cdn, NULL, cdn_handler, self, NULL);
}

static gboolean
started (AtelierSandbox *self)
{
  g_debug ("Sandbox listening on 127.0.0.1:%u, CDN on 127.0.0.1:%u", self->port, self->cdn_port);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CDN_PORT]);
  return TRUE;
}

gboolean
atelier_sandbox_start (AtelierSandbox  *self,
                       guint            port,
                       GError         **error)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->api == NULL, FALSE);

  make_servers (self);
  if (!listen_on (self->api, port, &self->port, error) ||
      !listen_on (self->cdn, 0, &self->cdn_port, error))
    {
      atelier_sandbox_stop (self);
      return FALSE;
    }

  return started (self);
}

gboolean
atelier_sandbox_start_on_socket (AtelierSandbox  *self,
                                 GSocket         *socket,
                                 GError         **error)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);
  g_return_val_if_fail (self->api == NULL, FALSE);

  make_servers (self);
  if (!soup_server_listen_socket (self->api, socket, 0, error) ||
      !bound_port (self->api, &self->port, error) ||
      !listen_on (self->cdn, 0, &self->cdn_port, error))
    {
      atelier_sandbox_stop (self);
      return FALSE;
    }

  return started (self);
}

void
atelier_sandbox_stop (AtelierSandbox *self)
{
  g_return_if_fail (ATELIER_IS_SANDBOX (self));

  if (self->api != NULL)
    soup_server_disconnect (self->api);
  if (self->cdn != NULL)
    soup_server_disconnect (self->cdn);
  g_clear_object (&self->api);
  g_clear_object (&self->cdn);
  self->port = self->cdn_port = 0;
}

guint
atelier_sandbox_get_port (AtelierSandbox *self)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), 0);

  return self->port;
}

guint
atelier_sandbox_get_cdn_port (AtelierSandbox *self)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), 0);

  return self->cdn_port;
}

char *
_atelier_sandbox_url_for_port (guint       port,
                               const char *service_id)
{
  if (g_str_equal (service_id, "openai") || g_str_equal (service_id, "core3d"))
    return g_strdup_printf ("http://127.0.0.1:%u/v1", port);
  if (g_str_equal (service_id, "image3d") || g_str_equal (service_id, "styledna") ||
      g_str_equal (service_id, "styledna-edit"))
    return g_strdup_printf ("http://127.0.0.1:%u", port);
  return NULL;
}

char *
atelier_sandbox_get_url (AtelierSandbox *self,
                         const char     *service_id)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), NULL);
  g_return_val_if_fail (service_id != NULL, NULL);

  return _atelier_sandbox_url_for_port (self->port, service_id);
}

char **
atelier_sandbox_get_environment (AtelierSandbox *self)
{
  static const char *ids[] = { "openai", "core3d", "image3d", "styledna" };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *upper = g_ascii_strup (ids[i], -1);
      g_autofree char *url = atelier_sandbox_get_url (self, ids[i]);
      g_autofree char *url_line = g_strdup_printf ("ATELIER_%s_URL=%s", upper, url);
      g_autofree char *token_line = g_strdup_printf ("ATELIER_%s_TOKEN=%s", upper,
                                                     ATELIER_SANDBOX_TOKEN);

      g_strv_builder_add (builder, url_line);
      g_strv_builder_add (builder, token_line);
    }

  return g_strv_builder_end (builder);
}
