/* atelier-http.c: one SoupSession, retries, streaming with size caps
 *
 * Redirects are followed by hand so the bearer token can be dropped the
 * moment a hop leaves the API origin; libsoup would carry it along.
 *
 * Nothing a server sends is trusted: bodies are capped, JSON goes through
 * atelier_json_parse(), base64 files are written as they arrive, every
 * message is cleaned of secrets, and a watchdog ends an attempt that takes
 * too long or trickles (libsoup's timeout is per read, so one byte every
 * few seconds would otherwise hold a job forever).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-http"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-history.h"
#include "atelier-http-private.h"
#include "atelier-json.h"
#include "atelier-output.h"
#include "atelier-secrets.h"
#include "atelier-service.h"
#include "atelier-sse-reader.h"

#define CHUNK_SIZE        (64 * 1024)
#define ERROR_BODY_MAX    (64 * 1024)
#define MAX_REDIRECTS     5

#define DEFAULT_DEADLINE_MS          (10 * 60 * 1000)
#define DEFAULT_DOWNLOAD_DEADLINE_MS (60 * 60 * 1000)
#define DEFAULT_MIN_RATE             1024
#define DEFAULT_RATE_WINDOW_MS       (30 * 1000)

struct _AtelierHttp
{
  GObject      parent_instance;
  SoupSession *session;
  guint        backoff_base_ms;
  guint        backoff_cap_ms;
  guint        retry_after_cap_ms;
  guint        max_attempts;
  guint64      request_count;
  guint        deadline_ms;
  guint        download_deadline_ms;
  guint        min_rate;       /* bytes per second */
  guint        rate_window_ms;
  char        *spool_dir;
};

G_DEFINE_FINAL_TYPE (AtelierHttp, atelier_http, G_TYPE_OBJECT)

typedef enum {
  MODE_JSON,
  MODE_DOWNLOAD,
  MODE_EVENTS,    /* text/event-stream, or JSON when the server did not stream */
} Mode;

typedef struct
{
  AtelierHttp        *http;
  AtelierHttpRequest *req;
  GCancellable       *cancellable; /* the caller's */
  Mode                mode;
  char               *url;         /* current hop */
  guint               attempt;
  guint               redirects;
  gboolean            sent;
  SoupMessage        *msg;
  GInputStream       *stream;
  guint               status;
  gboolean            reading_error_body;
  GByteArray         *buffer;
  goffset             received;
  goffset             expected;    /* Content-Length, -1 unknown */
  /* downloads */
  char               *dest_base;
  AtelierOutput      *output;
  goffset             total;
  AtelierHttpProgressFunc progress;
  gpointer            progress_data;
  /* inline files of a JSON answer */
  AtelierHttpInline  *inline_reader;
  GHashTable         *files;
  /* a streamed answer */
  AtelierSseReader   *sse;
  AtelierHttpEventDestFunc event_dest;
  AtelierHttpEventFunc event_func;
  gpointer            event_data;
  /* this attempt: its own cancellable, so the watchdog can end it */
  GCancellable       *attempt_cancellable;
  gulong              cancel_handler;
  GError             *abort_error;
  guint               watchdog;
  gint64              attempt_started;
  gboolean            answering;   /* headers arrived: the rate counts */
  gint64              window_started;
  goffset             window_received;
} Exchange;

static void start_attempt (GTask *task);
static void end_attempt   (Exchange *ex);

static void
exchange_free (Exchange *ex)
{
  end_attempt (ex);
  /* An output never committed removes its part file. */
  g_clear_object (&ex->output);
  g_clear_pointer (&ex->inline_reader, atelier_http_inline_free);
  g_clear_pointer (&ex->files, g_hash_table_unref);
  g_clear_object (&ex->sse);
  g_clear_object (&ex->stream);
  g_clear_object (&ex->msg);
  g_clear_pointer (&ex->buffer, g_byte_array_unref);
  g_clear_pointer (&ex->req, atelier_http_request_unref);
  g_clear_object (&ex->cancellable);
  g_clear_object (&ex->http);
  g_free (ex->url);
  g_free (ex->dest_base);
  g_free (ex);
}

static void
atelier_http_dispose (GObject *object)
{
  AtelierHttp *self = (AtelierHttp *)object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (atelier_http_parent_class)->dispose (object);
}

static void
atelier_http_finalize (GObject *object)
{
  AtelierHttp *self = (AtelierHttp *)object;

  g_clear_pointer (&self->spool_dir, g_free);

  G_OBJECT_CLASS (atelier_http_parent_class)->finalize (object);
}

static void
atelier_http_class_init (AtelierHttpClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = atelier_http_dispose;
  G_OBJECT_CLASS (klass)->finalize = atelier_http_finalize;
}

/* Tests shorten the limits without waiting minutes. */
static guint
env_ms (const char *name,
        double      unit_ms,
        guint       fallback)
{
  const char *value = g_getenv (name);
  char *end = NULL;
  double v;

  if (value == NULL)
    return fallback;
  v = g_ascii_strtod (value, &end);
  if (end == value || !(v >= 0 && v * unit_ms <= G_MAXUINT))
    return fallback;
  return (guint) (v * unit_ms);
}

static void
atelier_http_init (AtelierHttp *self)
{
  self->session = soup_session_new_with_options ("user-agent", "Atelier/" PACKAGE_VERSION,
                                                 "timeout", 120,
                                                 "idle-timeout", 60,
                                                 "max-conns", 64,
                                                 "max-conns-per-host", 16,
                                                 NULL);
  self->backoff_base_ms = 500;
  self->backoff_cap_ms = 8000;
  self->retry_after_cap_ms = 60000;
  self->max_attempts = 3;
  self->deadline_ms = env_ms ("ATELIER_HTTP_DEADLINE_MS", 1, DEFAULT_DEADLINE_MS);
  self->download_deadline_ms = env_ms ("ATELIER_HTTP_DEADLINE_MS", 1,
                                       DEFAULT_DOWNLOAD_DEADLINE_MS);
  self->min_rate = env_ms ("ATELIER_HTTP_MIN_RATE", 1, DEFAULT_MIN_RATE);
  self->rate_window_ms = env_ms ("ATELIER_HTTP_MIN_RATE_WINDOW", 1000, DEFAULT_RATE_WINDOW_MS);
}

AtelierHttp *
atelier_http_new (void)
{
  return g_object_new (ATELIER_TYPE_HTTP, NULL);
}

void
atelier_http_set_backoff (AtelierHttp *self,
                          guint        base_ms,
                          guint        cap_ms,
                          guint        retry_after_cap_ms)
{
  g_return_if_fail (ATELIER_IS_HTTP (self));
  self->backoff_base_ms = base_ms;
  self->backoff_cap_ms = cap_ms;
  self->retry_after_cap_ms = retry_after_cap_ms;
}

void
atelier_http_set_max_attempts (AtelierHttp *self,
                               guint        attempts)
{
  g_return_if_fail (ATELIER_IS_HTTP (self));
  self->max_attempts = MAX (attempts, 1);
}

void
atelier_http_set_limits (AtelierHttp *self,
                         guint        deadline_ms,
                         guint        download_deadline_ms,
                         guint        min_rate,
                         guint        window_ms)
{
  g_return_if_fail (ATELIER_IS_HTTP (self));
  self->deadline_ms = deadline_ms;
  self->download_deadline_ms = download_deadline_ms;
  self->min_rate = min_rate;
  self->rate_window_ms = window_ms;
}

void
atelier_http_set_spool_dir (AtelierHttp *self,
                            const char  *dir)
{
  g_return_if_fail (ATELIER_IS_HTTP (self));
  g_free (self->spool_dir);
  self->spool_dir = g_strdup (dir);
}

char *
atelier_http_get_spool_dir (AtelierHttp *self)
{
  g_return_val_if_fail (ATELIER_IS_HTTP (self), NULL);
  return self->spool_dir ? g_strdup (self->spool_dir) : atelier_library_dir ();
}

guint64
atelier_http_get_request_count (AtelierHttp *self)
{
  g_return_val_if_fail (ATELIER_IS_HTTP (self), 0);
  return self->request_count;
}

SoupSession *
atelier_http_get_session (AtelierHttp *self)
{
  g_return_val_if_fail (ATELIER_IS_HTTP (self), NULL);
  return self->session;
}

GError *
atelier_http_json_error (GError *json_error)
{
  GError *error;

  if (g_error_matches (json_error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE))
    error = g_error_new (ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TOO_LARGE,
                         _("The service sent an answer Atelier will not read: %s"),
                         json_error->message);
  else
    error = g_error_new (ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_MALFORMED,
                         _("The service sent an answer that is not valid JSON (%s). Retry "
                           "later."), json_error->message);
  g_error_free (json_error);
  return error;
}

/* Service error bodies come in several shapes; take the first message.
 * Not cleaned yet: the caller scrubs. */
char *
atelier_http_service_message (const char *data,
                              gsize       len)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  JsonNode *node;

  if (data == NULL || len == 0 ||
      (root = atelier_json_parse (data, (gssize) MIN (len, G_MAXSSIZE), ERROR_BODY_MAX,
                                  NULL)) == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  obj = json_node_get_object (root);

  if ((node = json_object_get_member (obj, "error")))
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *e = json_node_get_object (node);
          const char *m = json_object_get_string_member_with_default (e, "message", NULL);
          if (m)
            return g_strdup (m);
        }
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
               !json_object_has_member (obj, "message"))
        return g_strdup (json_node_get_string (node));
    }
  for (const char * const *k = (const char * const[]) { "message", "detail", "error_message", NULL };
       *k; k++)
    {
      node = json_object_get_member (obj, *k);
      if (node == NULL)
        continue;
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          /* NestJS-style validation errors: a list of strings. */
          JsonArray *ar = json_node_get_array (node);
          GString *s = g_string_new (NULL);
          for (guint i = 0; i < json_array_get_length (ar); i++)
            {
              JsonNode *el = json_array_get_element (ar, i);
              if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING)
                g_string_append_printf (s, "%s%s", s->len ? "; " : "", json_node_get_string (el));
            }
          if (s->len)
            return g_string_free (s, FALSE);
          g_string_free (s, TRUE);
        }
    }

  return NULL;
}

/* What each status means to the person, and what they can do about it.
 * Status 0 ends the table and stands for any other 4xx. */
static const struct {
  guint       status;
  int         code;
  const char *what;
  const char *advice;
} status_messages[] = {
  { 400, ATELIER_HTTP_ERROR_BAD_REQUEST, N_("The service refused the request"),
    N_("Check the parameters and try again.") },
  { 401, ATELIER_HTTP_ERROR_UNAUTHORIZED, N_("The service did not accept the token"),
    N_("Set a new token in Preferences, then retry.") },
  { 402, ATELIER_HTTP_ERROR_PAYMENT_REQUIRED, N_("Not enough credits"),
    N_("Buy more credits, then retry.") },
  { 403, ATELIER_HTTP_ERROR_FORBIDDEN, N_("Access denied"),
    N_("Check that the account may use this feature.") },
  { 404, ATELIER_HTTP_ERROR_NOT_FOUND, N_("Not found"),
    N_("The service no longer knows this job.") },
  { 410, ATELIER_HTTP_ERROR_NOT_FOUND, N_("Not found"),
    N_("The service no longer knows this job.") },
  { 408, ATELIER_HTTP_ERROR_TIMEOUT, N_("The service timed out"), N_("Retry in a moment.") },
  { 422, ATELIER_HTTP_ERROR_UNPROCESSABLE, N_("The service refused the content"),
    N_("Rephrase the prompt and try again.") },
  { 429, ATELIER_HTTP_ERROR_RATE_LIMITED, N_("Too many requests"),
    N_("Wait a moment, then retry.") },
  { 500, ATELIER_HTTP_ERROR_SERVER, N_("The service had a problem"),
    N_("Retry in a few seconds.") },
  { 0, ATELIER_HTTP_ERROR_FAILED, N_("Unexpected answer"), NULL },
};

static GError *
status_error (Exchange *ex,
              GBytes   *body)
{
  guint status = ex->status;
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  /* A service that echoes the token back (in its message, or in the reason
   * phrase) must not get it into ours. */
  g_autofree char *detail = atelier_scrub_secrets_take (atelier_http_service_message (data, len));
  g_autofree char *reason = atelier_scrub_secrets (ex->msg ? soup_message_get_reason_phrase (ex->msg)
                                                           : NULL);
  guint i;

  if (ex->mode == MODE_DOWNLOAD && (status == 403 || status == 404 || status == 410))
    return g_error_new (ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_EXPIRED,
                        _("The download link has expired or is no longer valid (HTTP %u). "
                          "Run the job again to get a fresh result."), status);

  if (detail == NULL || *detail == '\0')
    {
      g_free (detail);
      detail = g_strdup (reason ? reason : "");
    }

  for (i = 0; status_messages[i].status != 0; i++)
    if (status_messages[i].status == (status >= 500 ? 500 : status))
      break;

  return g_error_new (ATELIER_HTTP_ERROR, status_messages[i].code, "%s (HTTP %u)%s%s. %s",
                      _(status_messages[i].what), status, *detail ? ": " : "", detail,
                      status_messages[i].advice ? _(status_messages[i].advice) : "");
}

static GError *
connection_error (const GError *error)
{
  g_autofree char *what = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TIMEOUT,
                        _("The service did not answer in time. Check the connection and retry."));
  what = atelier_scrub_secrets (error->message);
  return g_error_new (ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_CONNECTION,
                      _("Could not reach the service (%s). Check the connection and retry."),
                      what);
}

/* ---- the watchdog ------------------------------------------------------- */

static gboolean
watchdog_cb (gpointer data)
{
  Exchange *ex = data;
  AtelierHttp *http = ex->http;
  gint64 now = g_get_monotonic_time ();
  guint deadline_ms = ex->mode == MODE_DOWNLOAD ? http->download_deadline_ms : http->deadline_ms;

  /* A stream's events may each take many reads: count every byte. Between
   * events a stream may rest while the service works (the deadline still
   * holds); an event under way must keep coming like any body. */
  if (ex->sse != NULL)
    {
      ex->received = (goffset) atelier_sse_reader_get_bytes_read (ex->sse);
      if (atelier_sse_reader_get_pending (ex->sse) == 0)
        {
          ex->window_started = now;
          ex->window_received = ex->received;
        }
    }

  if (deadline_ms > 0 && now - ex->attempt_started > (gint64) deadline_ms * 1000)
    {
      ex->abort_error = g_error_new (ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TIMEOUT,
                                     _("The service took more than %u s over one exchange and "
                                       "was given up on. Check the connection and retry."),
                                     MAX (deadline_ms / 1000, 1));
    }
  else if (ex->answering && http->rate_window_ms > 0 &&
           now - ex->window_started >= (gint64) http->rate_window_ms * 1000)
    {
      double seconds = (now - ex->window_started) / (double) G_USEC_PER_SEC;
      goffset got = ex->received - ex->window_received;

      if (got < http->min_rate * seconds)
        {
          g_autofree char *rate = g_format_size_full (http->min_rate, G_FORMAT_SIZE_IEC_UNITS);

          ex->abort_error = g_error_new (ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TIMEOUT,
                                         _("The transfer was slower than %s/s for %.*f s and was "
                                           "given up on. Check the connection and retry."),
                                         rate, seconds < 10 ? 1 : 0, seconds);
        }
      ex->window_started = now;
      ex->window_received = ex->received;
    }

  if (ex->abort_error == NULL)
    return G_SOURCE_CONTINUE;

  /* Whatever is in flight comes back cancelled and finds abort_error. */
  ex->watchdog = 0;
  g_cancellable_cancel (ex->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
cancel_attempt_cb (GCancellable *cancellable,
                   GCancellable *attempt)
{
  g_cancellable_cancel (attempt);
}

static void
begin_attempt (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint tick;

  end_attempt (ex);
  ex->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    ex->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_attempt_cb),
                                                g_object_ref (ex->attempt_cancellable),
                                                g_object_unref);
  ex->attempt_started = g_get_monotonic_time ();
  ex->answering = FALSE;
  /* Often enough to be near the limits, rarely enough to cost nothing. */
  tick = CLAMP (ex->http->rate_window_ms / 4, 50, 1000);
  ex->watchdog = g_timeout_add (tick, watchdog_cb, ex);
}

/* The answer has started: from now on it must keep coming. */
static void
answer_started (Exchange *ex)
{
  ex->answering = TRUE;
  ex->window_started = g_get_monotonic_time ();
  ex->window_received = ex->received;
}

/* The body is in (or the attempt over): nothing more to watch. */
static void
stop_watchdog (Exchange *ex)
{
  g_clear_handle_id (&ex->watchdog, g_source_remove);
}

static void
end_attempt (Exchange *ex)
{
  stop_watchdog (ex);
  if (ex->cancel_handler != 0)
    g_cancellable_disconnect (ex->cancellable, ex->cancel_handler);
  ex->cancel_handler = 0;
  g_clear_object (&ex->attempt_cancellable);
  g_clear_pointer (&ex->abort_error, g_error_free);
}

/* What to retry is atelier-error.c's table; here only whether the request
 * may have reached the service: it did once it was sent or answered. */
static gboolean
retry_allowed (Exchange     *ex,
               guint         status,
               const GError *error)
{
  if (ex->attempt + 1 >= ex->http->max_attempts || !atelier_error_is_transient (error))
    return FALSE;

  switch (ex->req->retry)
    {
    case ATELIER_RETRY_IDEMPOTENT:
      return TRUE;
    case ATELIER_RETRY_SUBMIT:
      /* Anything else may already have been paid for. */
      return atelier_error_is_resend_safe (error, ex->sent || status != 0);
    case ATELIER_RETRY_NEVER:
    default:
      return FALSE;
    }
}

static guint
retry_delay_ms (Exchange *ex)
{
  AtelierHttp *http = ex->http;
  SoupMessageHeaders *headers = ex->msg ? soup_message_get_response_headers (ex->msg) : NULL;
  const char *value;
  guint delay;

  if (headers && (value = soup_message_headers_get_one (headers, "retry-after-ms")))
    {
      double ms = g_ascii_strtod (value, NULL);
      if (ms > 0)
        return MIN ((guint) ms, http->retry_after_cap_ms);
    }
  if (headers && (value = soup_message_headers_get_one (headers, "Retry-After")))
    {
      char *end = NULL;
      gint64 s = g_ascii_strtoll (value, &end, 10);

      if (end != value && s >= 0)
        return (guint) MIN ((guint64) s * 1000, http->retry_after_cap_ms);
      else
        {
          g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          if (when != NULL)
            {
              GTimeSpan span = g_date_time_difference (when, now);
              return (guint) CLAMP (span / 1000, 0, http->retry_after_cap_ms);
            }
        }
    }

  /* Like OpenAI's SDKs: 0.5 s × 2ⁿ capped, minus up to 25 % jitter. */
  delay = MIN ((guint64) http->backoff_base_ms << MIN (ex->attempt, 16), http->backoff_cap_ms);
  return delay - (guint) (delay * g_random_double_range (0, 0.25));
}

static gboolean
retry_cb (gpointer data)
{
  GTask *task = data;
  Exchange *ex = g_task_get_task_data (task);

  ex->attempt++;
  start_attempt (task);
  return G_SOURCE_REMOVE;
}

static void
reset_body_state (Exchange *ex)
{
  g_clear_object (&ex->sse);
  g_clear_object (&ex->stream);
  g_clear_object (&ex->output);
  g_clear_pointer (&ex->inline_reader, atelier_http_inline_free);
  ex->received = 0;
  ex->expected = -1;
  ex->reading_error_body = FALSE;
  if (ex->buffer)
    g_byte_array_set_size (ex->buffer, 0);
}

/* Takes ownership of @error. */
static void
fail_or_retry (GTask  *task,
               guint   status,
               GError *error)
{
  Exchange *ex = g_task_get_task_data (task);

  stop_watchdog (ex);
  if (g_task_return_error_if_cancelled (task))
    {
      g_error_free (error);
      g_object_unref (task);
      return;
    }
  /* The watchdog ended the attempt: say why, not "cancelled". */
  if (ex->abort_error != NULL)
    {
      g_error_free (error);
      error = g_steal_pointer (&ex->abort_error);
    }

  if (retry_allowed (ex, status, error))
    {
      guint delay = retry_delay_ms (ex);
      g_autofree char *url = atelier_scrub_secrets (ex->url);

      g_debug ("%s %s: %s; retrying in %u ms (attempt %u)", ex->req->method, url,
               error->message, delay, ex->attempt + 2);
      g_error_free (error);
      reset_body_state (ex);
      g_timeout_add_full (G_PRIORITY_DEFAULT, delay, retry_cb, task, NULL);
      return;
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
wrote_body_cb (SoupMessage *msg,
               GTask       *task)
{
  Exchange *ex = g_task_get_task_data (task);

  if (!ex->sent)
    {
      ex->sent = TRUE;
      if (ex->req->sent_func)
        ex->req->sent_func (ex->req, ex->req->sent_data);
    }
}

static void read_next (GTask *task);

#define PARSE_IN_THREAD_BYTES (64 * 1024)

static JsonNode *
parse_json (GByteArray  *buffer,
            gsize        max_bytes,
            GError     **error)
{
  GError *local_error = NULL;
  JsonNode *root;

  if (buffer->len == 0)
    {
      /* 204 and friends: an empty object keeps callers simple. */
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (node, json_object_new ());
      return node;
    }

  /* Bounded: json-glib recursing on ~100 KB of "[" overflowed the stack of
   * the thread below. */
  root = atelier_json_parse ((const char *) buffer->data, buffer->len, max_bytes, &local_error);
  if (root == NULL)
    g_propagate_error (error, atelier_http_json_error (local_error));
  return root;
}

/* In a worker thread: the whole answer (@ex->buffer), or the end of one
 * read as it arrived (@ex->inline_reader). */
static void
parse_json_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Exchange *ex = task_data;
  GError *error = NULL;
  JsonNode *node;

  if (ex->inline_reader != NULL && ex->received > 0)
    node = atelier_http_inline_finish (ex->inline_reader, &error);
  else
    node = parse_json (ex->buffer, ex->req->max_bytes, &error);

  if (node == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
parse_json_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *ex = g_task_get_task_data (task);
  GError *error = NULL;
  JsonNode *node = g_task_propagate_pointer (G_TASK (result), &error);

  if (node == NULL)
    {
      /* Not JSON, too deep: the same answer may come right next time. */
      fail_or_retry (task, ex->status, error);
      return;
    }
  if (ex->inline_reader != NULL)
    ex->files = atelier_http_inline_steal_files (ex->inline_reader);
  g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
  g_object_unref (task);
}

static void
finish_json (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);
  GTask *inner;

  /* Answers run to megabytes, and inline files are written to disk: off
   * the loop with those. */
  if (ex->buffer->len <= PARSE_IN_THREAD_BYTES && ex->inline_reader == NULL)
    {
      GError *error = NULL;
      JsonNode *node = parse_json (ex->buffer, ex->req->max_bytes, &error);

      if (node == NULL)
        {
          fail_or_retry (task, ex->status, error);
          return;
        }
      g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
      g_object_unref (task);
      return;
    }

  inner = g_task_new (NULL, NULL, parse_json_done, task);
  g_task_set_source_tag (inner, finish_json);
  g_task_set_task_data (inner, ex, NULL);
  g_task_run_in_thread (inner, parse_json_thread);
  g_object_unref (inner);
}

static void
commit_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  char *path = atelier_output_commit_finish (ATELIER_OUTPUT (object), result, &error);

  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
  g_object_unref (task);
}

static void
finish_download (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);

  atelier_output_commit_async (ex->output, g_task_get_cancellable (task), commit_done_cb, task);
}

static void
body_complete (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);

  stop_watchdog (ex);
  if (ex->reading_error_body)
    {
      g_autoptr(GBytes) body = g_bytes_new (ex->buffer->data, ex->buffer->len);
      fail_or_retry (task, ex->status, status_error (ex, body));
    }
  else if (ex->mode != MODE_DOWNLOAD)
    finish_json (task);
  else
    finish_download (task);
}

/* A write, or an inline chunk, failed: the watchdog's doing, the caller's
 * cancellation, or what the writer says (type, cap, disk: not retried). */
static void
write_failed (GTask  *task,
              GError *error)
{
  Exchange *ex = g_task_get_task_data (task);

  if (ex->abort_error != NULL || atelier_error_is_transient (error))
    {
      fail_or_retry (task, 0, error);
      return;
    }
  stop_watchdog (ex);
  if (g_task_return_error_if_cancelled (task))
    g_error_free (error);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!atelier_output_write_bytes_finish (ATELIER_OUTPUT (object), result, &error))
    {
      write_failed (task, error);
      return;
    }

  read_next (task);
}

typedef struct
{
  Exchange *ex;     /* kept alive by the outer task, which waits for this one */
  GBytes   *bytes;
} Chunk;

static void
chunk_free (Chunk *chunk)
{
  g_bytes_unref (chunk->bytes);
  g_free (chunk);
}

static void
inline_feed_thread (GTask        *inner,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Chunk *chunk = task_data;
  GError *error = NULL;

  if (atelier_http_inline_feed (chunk->ex->inline_reader, chunk->bytes, &error))
    g_task_return_boolean (inner, TRUE);
  else
    g_task_return_error (inner, error);
}

static void
inline_fed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      write_failed (task, error);
      return;
    }
  read_next (task);
}

/* Decodes base64 files out of the chunk, in a worker thread (disk writes,
 * fsync at each file's end); the next read waits for it. */
static void
feed_inline (GTask  *task,
             GBytes *bytes)
{
  Exchange *ex = g_task_get_task_data (task);
  GTask *inner = g_task_new (NULL, ex->attempt_cancellable, inline_fed_cb, task);
  Chunk *chunk = g_new0 (Chunk, 1);

  chunk->ex = ex;
  chunk->bytes = g_bytes_ref (bytes);
  g_task_set_source_tag (inner, feed_inline);
  g_task_set_task_data (inner, chunk, (GDestroyNotify) chunk_free);
  g_task_run_in_thread (inner, inline_feed_thread);
  g_object_unref (inner);
}

/* What the body may weigh as it arrives. Inline files have their own caps;
 * this only keeps escapes and line breaks from making it endless. */
static guint64
body_cap (Exchange *ex)
{
  AtelierHttpRequest *req = ex->req;

  if (ex->reading_error_body)
    return ERROR_BODY_MAX;
  if (ex->inline_reader != NULL)
    return (guint64) req->max_bytes +
           (guint64) req->inline_max_files * (req->inline_max_file_bytes / 3 * 4 * 2 + 4096);
  return req->max_bytes;
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *ex = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const guint8 *data;
  guint64 cap;
  gboolean downloading;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      /* Dropped mid-body, or ended by the watchdog. */
      fail_or_retry (task, 0, connection_error (error));
      return;
    }

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      /* libsoup reports a connection closed mid-body as a clean end. */
      if (ex->expected > 0 && ex->received < ex->expected && !ex->reading_error_body)
        {
          fail_or_retry (task, 0,
                         g_error_new (ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_CONNECTION,
                                      _("The connection was dropped before the whole answer "
                                        "arrived (%lld of %lld bytes). Check the connection "
                                        "and retry."),
                                      (long long) ex->received, (long long) ex->expected));
          return;
        }
      body_complete (task);
      return;
    }

  downloading = ex->mode == MODE_DOWNLOAD && !ex->reading_error_body;
  cap = body_cap (ex);
  /* A download's cap is its writer's. */
  if (!downloading && (guint64) ex->received + len > cap)
    {
      g_autofree char *size = g_format_size_full (cap, G_FORMAT_SIZE_IEC_UNITS);

      if (ex->reading_error_body)
        {
          body_complete (task);
          return;
        }
      stop_watchdog (ex);
      g_task_return_new_error (task, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TOO_LARGE,
                               _("The answer is larger than the %s allowed; it was not saved."),
                               size);
      g_object_unref (task);
      return;
    }
  ex->received += len;

  if (downloading)
    {
      if (ex->progress)
        ex->progress (ex->received, ex->total, ex->progress_data);
      atelier_output_write_bytes_async (ex->output, bytes, ex->attempt_cancellable,
                                        write_done_cb, task);
      return;
    }
  if (ex->inline_reader != NULL && !ex->reading_error_body)
    {
      feed_inline (task, bytes);
      return;
    }

  g_byte_array_append (ex->buffer, data, len);
  read_next (task);
}

static void
read_next (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (ex->stream, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   ex->attempt_cancellable, read_cb, task);
}

static void
return_too_large (GTask *task,
                  gsize  cap)
{
  g_autofree char *size = g_format_size_full (cap, G_FORMAT_SIZE_IEC_UNITS);

  stop_watchdog (g_task_get_task_data (task));
  g_task_return_new_error (task, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TOO_LARGE,
                           _("The answer is larger than the %s allowed; it was not saved."),
                           size);
  g_object_unref (task);
}

static void
return_failed (GTask      *task,
               const char *message)
{
  stop_watchdog (g_task_get_task_data (task));
  g_task_return_new_error (task, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_FAILED, "%s", message);
  g_object_unref (task);
}

/* ---- streamed answers ---------------------------------------------------- */

static gboolean
is_event_stream (SoupMessageHeaders *headers)
{
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  return type != NULL && g_ascii_strcasecmp (type, "text/event-stream") == 0;
}

typedef struct
{
  Exchange   *ex;         /* kept alive by the outer task, which waits for this one */
  GBytes     *data;
  char       *dest_base;  /* NULL: the spool folder */
  GHashTable *files;
} EventParse;

static void
event_parse_free (EventParse *parse)
{
  g_bytes_unref (parse->data);
  g_free (parse->dest_base);
  g_clear_pointer (&parse->files, g_hash_table_unref);
  g_free (parse);
}

/* In a worker thread: the event's JSON, its base64 file written on the way. */
static void
event_parse_thread (GTask        *inner,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  EventParse *parse = task_data;
  Exchange *ex = parse->ex;
  GError *error = NULL;
  JsonNode *node = NULL;

  if (ex->req->inline_member != NULL)
    {
      g_autofree char *spool = NULL;
      AtelierHttpInline *reader;

      if (parse->dest_base != NULL)
        reader = atelier_http_inline_new_at (ex->req, parse->dest_base);
      else
        {
          spool = ex->http->spool_dir ? g_strdup (ex->http->spool_dir) : atelier_library_dir ();
          reader = atelier_http_inline_new (ex->req, spool);
        }
      if (atelier_http_inline_feed (reader, parse->data, &error))
        node = atelier_http_inline_finish (reader, &error);
      if (node != NULL)
        parse->files = atelier_http_inline_steal_files (reader);
      atelier_http_inline_free (reader);
    }
  else
    {
      GError *json_error = NULL;

      node = atelier_json_parse_bytes (parse->data, ex->req->max_bytes, &json_error);
      if (node == NULL)
        error = atelier_http_json_error (json_error);
    }

  if (node == NULL)
    g_task_return_error (inner, error);
  else
    g_task_return_pointer (inner, node, (GDestroyNotify) json_node_unref);
}

static void next_event (GTask *task);

/* The stream is over, well: "[DONE]", or a clean close. */
static void
events_done (GTask *task)
{
  stop_watchdog (g_task_get_task_data (task));
  g_task_return_pointer (task, NULL, NULL);
  g_object_unref (task);
}

/* Ends the exchange with @error as it is: the service's own word (an error
 * event), or what the consumer found. Not retried. */
static void
events_fail (GTask  *task,
             GError *error)
{
  stop_watchdog (g_task_get_task_data (task));
  if (g_task_return_error_if_cancelled (task))
    g_error_free (error);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
event_parsed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *ex = g_task_get_task_data (task);
  EventParse *parse = g_task_get_task_data (G_TASK (result));
  const char *type = g_object_get_data (G_OBJECT (result), "atelier-event-type");
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = g_task_propagate_pointer (G_TASK (result), &error);
  if (node == NULL)
    {
      /* Not JSON, or the file was refused (type, cap, disk): an answer
       * that is no answer, failed or retried like a malformed body. */
      if (ex->abort_error != NULL || atelier_error_is_transient (error))
        fail_or_retry (task, ex->status, error);
      else
        events_fail (task, error);
      return;
    }
  if (!ex->event_func (type, node, parse->files, ex->event_data, &error))
    {
      /* What the consumer did not take goes now, not when the thread lets go. */
      g_clear_pointer (&parse->files, g_hash_table_unref);
      events_fail (task, error);
      return;
    }
  g_clear_pointer (&parse->files, g_hash_table_unref);
  next_event (task);
}

static void
event_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *ex = g_task_get_task_data (task);
  g_autoptr(AtelierSseEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  EventParse *parse;
  GTask *inner;
  gsize len;
  const char *data;

  event = atelier_sse_reader_next_finish (ATELIER_SSE_READER (object), result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, ATELIER_SSE_ERROR, ATELIER_SSE_ERROR_TOO_LARGE))
        events_fail (task, g_error_new_literal (ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TOO_LARGE,
                                                error->message));
      else
        /* Dropped mid-stream, or ended by the watchdog. */
        fail_or_retry (task, 0, connection_error (error));
      return;
    }
  ex->received = (goffset) atelier_sse_reader_get_bytes_read (ex->sse);
  if (event == NULL)
    {
      events_done (task);
      return;
    }
  data = g_bytes_get_data (event->data, &len);
  if (len == 6 && memcmp (data, "[DONE]", 6) == 0)
    {
      events_done (task);
      return;
    }

  parse = g_new0 (EventParse, 1);
  parse->ex = ex;
  parse->data = g_bytes_ref (event->data);
  parse->dest_base = ex->event_dest ? ex->event_dest (event->type, ex->event_data) : NULL;
  inner = g_task_new (NULL, ex->attempt_cancellable, event_parsed_cb, task);
  g_task_set_source_tag (inner, event_cb);
  g_task_set_task_data (inner, parse, (GDestroyNotify) event_parse_free);
  g_object_set_data_full (G_OBJECT (inner), "atelier-event-type", g_strdup (event->type),
                          g_free);
  g_task_run_in_thread (inner, event_parse_thread);
  g_object_unref (inner);
}

static void
next_event (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);

  atelier_sse_reader_next_async (ex->sse, ex->attempt_cancellable, event_cb, task);
}

static void
read_events (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);

  ex->sse = atelier_sse_reader_new (ex->stream, ex->req->max_event_bytes);
  next_event (task);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *ex = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  goffset length;

  ex->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (ex->stream == NULL)
    {
      fail_or_retry (task, 0, connection_error (error));
      return;
    }

  ex->status = soup_message_get_status (ex->msg);
  headers = soup_message_get_response_headers (ex->msg);
  answer_started (ex);

  if (SOUP_STATUS_IS_REDIRECTION (ex->status) &&
      soup_message_headers_get_one (headers, "Location") != NULL)
    {
      GUri *base = soup_message_get_uri (ex->msg);
      g_autoptr(GUri) next = NULL;

      if (!g_str_equal (ex->req->method, "GET") || ex->redirects >= MAX_REDIRECTS)
        {
          return_failed (task, _("The service redirected the request too often or in a way "
                                 "that cannot be followed safely."));
          return;
        }
      next = g_uri_parse_relative (base, soup_message_headers_get_one (headers, "Location"),
                                   SOUP_HTTP_URI_FLAGS, NULL);
      if (next == NULL)
        {
          return_failed (task, _("The service redirected to an invalid address."));
          return;
        }
      g_free (ex->url);
      ex->url = g_uri_to_string (next);
      ex->redirects++;
      reset_body_state (ex);
      start_attempt (task);
      return;
    }

  length = soup_message_headers_get_content_length (headers);
  ex->expected = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                 ? length : -1;

  if (!SOUP_STATUS_IS_SUCCESSFUL (ex->status))
    {
      ex->reading_error_body = TRUE;
      read_next (task);
      return;
    }

  if (ex->mode == MODE_EVENTS && is_event_stream (headers))
    {
      read_events (task);
      return;
    }

  if (ex->mode != MODE_DOWNLOAD && ex->req->inline_member != NULL)
    {
      g_autofree char *spool = ex->http->spool_dir ? g_strdup (ex->http->spool_dir)
                                                   : atelier_library_dir ();

      ex->inline_reader = atelier_http_inline_new (ex->req, spool);
    }

  if (length > 0 && (guint64) length > body_cap (ex))
    {
      return_too_large (task, (gsize) MIN (body_cap (ex), G_MAXSIZE));
      return;
    }

  if (ex->mode == MODE_DOWNLOAD)
    {
      ex->total = length > 0 ? length : -1;
      ex->output = atelier_output_new (ex->dest_base, ex->req->max_bytes);
      if (!atelier_output_open (ex->output, &error))
        {
          stop_watchdog (ex);
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
    }

  read_next (task);
}

/* Only http(s) with a host: a file:// "result" must not get near libsoup
 * (which warns and fails) or anything else. */
static GUri *
parse_web_address (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  return g_steal_pointer (&uri);
}

static void
start_attempt (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);
  AtelierHttpRequest *req = ex->req;
  SoupMessageHeaders *headers;
  g_autoptr(GUri) uri = NULL;

  begin_attempt (task);
  g_clear_object (&ex->msg);
  ex->sent = FALSE;
  if ((uri = parse_web_address (ex->url)) == NULL)
    {
      g_autofree char *shown = atelier_scrub_secrets (ex->url);

      stop_watchdog (ex);
      g_task_return_new_error (task, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_FAILED,
                               _("“%s” is not a web address Atelier can use (only http and "
                                 "https are)."), shown);
      g_object_unref (task);
      return;
    }
  ex->msg = soup_message_new_from_uri (req->method, uri);

  soup_message_add_flags (ex->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (ex->msg);

  /* The rule that keeps tokens off CDNs: same origin as the API, per hop. */
  if (req->token != NULL && atelier_url_same_origin (ex->url, req->api_base))
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", req->token);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  for (guint i = 0; i + 1 < req->headers->len; i += 2)
    soup_message_headers_replace (headers, req->headers->pdata[i], req->headers->pdata[i + 1]);
  if (ex->mode == MODE_JSON)
    soup_message_headers_replace (headers, "Accept", "application/json");
  else if (ex->mode == MODE_EVENTS)
    soup_message_headers_replace (headers, "Accept", "text/event-stream, application/json");

  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (ex->msg, req->content_type, req->body);

  g_signal_connect (ex->msg, "wrote-body", G_CALLBACK (wrote_body_cb), task);

  ex->http->request_count++;
  soup_session_send_async (ex->http->session, ex->msg, G_PRIORITY_DEFAULT,
                           ex->attempt_cancellable, send_cb, task);
}

static GTask *
exchange_new (AtelierHttp        *self,
              AtelierHttpRequest *req,
              Mode                mode,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data,
              gpointer            source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Exchange *ex = g_new0 (Exchange, 1);

  g_task_set_source_tag (task, source_tag);
  ex->http = g_object_ref (self);
  ex->req = atelier_http_request_ref (req);
  ex->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  ex->mode = mode;
  ex->url = g_strdup (req->url);
  ex->buffer = g_byte_array_new ();
  g_task_set_task_data (task, ex, (GDestroyNotify) exchange_free);
  return task;
}

void
atelier_http_send_json_async (AtelierHttp         *self,
                              AtelierHttpRequest  *req,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ATELIER_IS_HTTP (self));
  g_return_if_fail (req != NULL);

  task = exchange_new (self, req, MODE_JSON, cancellable, callback, user_data,
                       atelier_http_send_json_async);
  start_attempt (task);
}

void
atelier_http_send_events_async (AtelierHttp              *self,
                                AtelierHttpRequest       *req,
                                AtelierHttpEventDestFunc  dest,
                                AtelierHttpEventFunc      func,
                                gpointer                  func_data,
                                GCancellable             *cancellable,
                                GAsyncReadyCallback       callback,
                                gpointer                  user_data)
{
  GTask *task;
  Exchange *ex;

  g_return_if_fail (ATELIER_IS_HTTP (self));
  g_return_if_fail (req != NULL);
  g_return_if_fail (func != NULL);

  task = exchange_new (self, req, MODE_EVENTS, cancellable, callback, user_data,
                       atelier_http_send_events_async);
  ex = g_task_get_task_data (task);
  ex->event_dest = dest;
  ex->event_func = func;
  ex->event_data = func_data;
  start_attempt (task);
}

gboolean
atelier_http_send_events_finish (AtelierHttp   *self,
                                 GAsyncResult  *result,
                                 JsonNode     **answer,
                                 GHashTable   **files,
                                 GError       **error)
{
  Exchange *ex;
  GError *local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  ex = g_task_get_task_data (G_TASK (result));
  root = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (answer != NULL)
    *answer = root;
  else
    g_clear_pointer (&root, json_node_unref);
  if (files != NULL)
    *files = root != NULL ? g_steal_pointer (&ex->files) : NULL;
  return TRUE;
}

JsonNode *
atelier_http_send_json_finish (AtelierHttp   *self,
                               GAsyncResult  *result,
                               guint         *status_out,
                               GError       **error)
{
  return atelier_http_send_json_finish_files (self, result, status_out, NULL, error);
}

JsonNode *
atelier_http_send_json_finish_files (AtelierHttp   *self,
                                     GAsyncResult  *result,
                                     guint         *status_out,
                                     GHashTable   **files,
                                     GError       **error)
{
  Exchange *ex;
  JsonNode *root;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  ex = g_task_get_task_data (G_TASK (result));
  if (status_out)
    *status_out = ex->status;
  root = g_task_propagate_pointer (G_TASK (result), error);
  if (files != NULL)
    *files = root != NULL ? g_steal_pointer (&ex->files) : NULL;
  return root;
}

void
atelier_http_download_async (AtelierHttp             *self,
                             AtelierHttpRequest      *req,
                             const char              *dest_base,
                             AtelierHttpProgressFunc  progress,
                             gpointer                 progress_data,
                             GCancellable            *cancellable,
                             GAsyncReadyCallback      callback,
                             gpointer                 user_data)
{
  GTask *task;
  Exchange *ex;

  g_return_if_fail (ATELIER_IS_HTTP (self));
  g_return_if_fail (req != NULL);
  g_return_if_fail (dest_base != NULL);

  task = exchange_new (self, req, MODE_DOWNLOAD, cancellable, callback, user_data,
                       atelier_http_download_async);
  ex = g_task_get_task_data (task);
  ex->dest_base = g_strdup (dest_base);
  ex->progress = progress;
  ex->progress_data = progress_data;
  ex->req->retry = ATELIER_RETRY_IDEMPOTENT;
  start_attempt (task);
}

char *
atelier_http_download_finish (AtelierHttp   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
