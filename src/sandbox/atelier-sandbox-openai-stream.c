/* atelier-sandbox-openai-stream.c: OpenAI's streamed images (stream=true)
 *
 * The answer is text/event-stream: `partial_images` partial events, each the
 * final image blurred less than the one before (rendered small and scaled
 * up, so they visibly sharpen), then one completed event per image with the
 * usage. Events go a stream interval apart (atelier_sandbox_set_stream_interval()),
 * the completed one when the answer without streaming would come (a quarter
 * of the job duration) unless the partials need longer.
 * The stream-* faults change it: cut, an error event, no completed event,
 * an event too large for any client, "[DONE]" at the end, the final image
 * before the last partial.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <string.h>

#include "atelier-procedural-private.h"
#include "atelier-sandbox-openai-private.h"

#define HUGE_BYTES (G_GUINT64_CONSTANT (2) << 30)
#define HUGE_CHUNK (64 * 1024)

typedef struct
{
  AtelierSandboxCtx      *ctx;      /* a reference on its message */
  GPtrArray              *events;   /* GBytes, NULL where the fault strikes */
  guint                   next;
  guint                   timer;
  guint                   interval_ms;
  guint64                 huge_sent;
} Streamer;

static void
streamer_free (Streamer *streamer)
{
  g_clear_handle_id (&streamer->timer, g_source_remove);
  g_ptr_array_unref (streamer->events);
  g_free (streamer);
}

/* ---- rendering (a worker thread) ----------------------------------------- */

/* The final images, then the partials: the first image at 1/8, 1/16,
 * 1/32 of its size (the last partial the sharpest), scaled back up. */
static GPtrArray *
render_stream (gpointer   data,
               GError   **error)
{
  OpenaiJob *job = data;
  g_autoptr(GPtrArray) results = _atelier_sandbox_openai_render (data, error);
  g_autoptr(GdkPixbuf) final = NULL;
  guint width, height;

  if (results == NULL || job->partials == 0)
    return g_steal_pointer (&results);
  if ((final = _atelier_sandbox_decode_image (g_ptr_array_index (results, 0), error)) == NULL)
    return NULL;
  width = gdk_pixbuf_get_width (final);
  height = gdk_pixbuf_get_height (final);

  for (guint i = 0; i < job->partials; i++)
    {
      guint divisor = 8u << (job->partials - 1 - i);
      g_autoptr(GdkPixbuf) small = gdk_pixbuf_scale_simple (final, MAX (width / divisor, 1),
                                                            MAX (height / divisor, 1),
                                                            GDK_INTERP_BILINEAR);
      g_autoptr(GdkPixbuf) blurred = gdk_pixbuf_scale_simple (small, width, height,
                                                              GDK_INTERP_BILINEAR);
      GBytes *bytes = _atelier_procedural_encode (blurred, job->output_format, job->compression,
                                                  error);

      if (bytes == NULL)
        return NULL;
      g_ptr_array_add (results, bytes);
    }
  return g_steal_pointer (&results);
}

/* ---- the events ------------------------------------------------------------ */

static GBytes *
event_bytes (const char *type,
             JsonNode   *data)
{
  g_autoptr(JsonNode) owned = data;
  g_autofree char *json = json_to_string (owned, FALSE);
  char *text = g_strdup_printf ("event: %s\ndata: %s\n\n", type, json);

  return g_bytes_new_take (text, strlen (text));
}

static GBytes *
image_event (AtelierSandboxCtx *ctx,
             OpenaiJob         *job,
             const char        *name,
             int                partial_index)
{
  const char *prefix = job->edit ? "image_edit" : "image_generation";
  g_autofree char *type = g_strconcat (prefix, partial_index >= 0 ? ".partial_image"
                                                                  : ".completed", NULL);
  GBytes *blob = _atelier_sandbox_lookup_blob (ctx->sandbox, name);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (blob, &len);
  g_autofree char *b64 = g_base64_encode (data, len);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "b64_json");
  json_builder_add_string_value (builder, b64);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, g_get_real_time () / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "size");
  json_builder_add_string_value (builder, job->size);
  json_builder_set_member_name (builder, "quality");
  json_builder_add_string_value (builder, job->quality);
  json_builder_set_member_name (builder, "background");
  json_builder_add_string_value (builder, job->background);
  json_builder_set_member_name (builder, "output_format");
  json_builder_add_string_value (builder, job->output_format);
  if (partial_index >= 0)
    {
      json_builder_set_member_name (builder, "partial_image_index");
      json_builder_add_int_value (builder, partial_index);
    }
  else
    {
      json_builder_set_member_name (builder, "usage");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "total_tokens");
      json_builder_add_int_value (builder, 250 + 100 * job->partials);
      json_builder_set_member_name (builder, "input_tokens");
      json_builder_add_int_value (builder, 50);
      json_builder_set_member_name (builder, "output_tokens");
      json_builder_add_int_value (builder, 200 + 100 * job->partials);
      json_builder_set_member_name (builder, "input_tokens_details");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text_tokens");
      json_builder_add_int_value (builder, 50);
      json_builder_set_member_name (builder, "image_tokens");
      json_builder_add_int_value (builder, job->input ? 200 : 0);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  return event_bytes (type, json_builder_get_root (builder));
}

static GBytes *
error_event (void)
{
  static const char text[] =
    "event: error\n"
    "data: {\"type\":\"error\",\"error\":{\"type\":\"server_error\","
    "\"code\":\"image_generation_failed\",\"param\":null,"
    "\"message\":\"The image could not be finished (sandbox stream-error fault).\"}}\n\n";

  return g_bytes_new_static (text, strlen (text));
}

/* ---- writing ----------------------------------------------------------------- */

static char huge_filler[HUGE_CHUNK];

static void
huge_wrote_chunk_cb (SoupServerMessage *msg,
                     Streamer          *streamer)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  guint64 left = HUGE_BYTES - streamer->huge_sent;

  if (left == 0)
    {
      soup_message_body_complete (body);
      return;
    }
  left = MIN (left, HUGE_CHUNK);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, huge_filler, left);
  streamer->huge_sent += left;
}

static void
start_huge (Streamer *streamer)
{
  static const char head[] = "event: image_generation.partial_image\n"
                             "data: {\"type\":\"image_generation.partial_image\",\"b64_json\":\"";
  SoupServerMessage *msg = streamer->ctx->msg;

  if (huge_filler[0] == '\0')
    memset (huge_filler, 'A', sizeof huge_filler);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            head, strlen (head));
  streamer->huge_sent = strlen (head);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (huge_wrote_chunk_cb), streamer);
  soup_server_message_unpause (msg);
}

/* As a server that crashed mid-stream: the socket shuts without the
 * chunked body's end. (Stealing the connection while libsoup is writing
 * the body corrupts its state; a shutdown makes its next write fail, and it
 * cleans up as after any lost client.) */
static void
cut (Streamer *streamer)
{
  GSocket *socket = soup_server_message_get_socket (streamer->ctx->msg);

  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
  /* Something to write, so libsoup finds out now. */
  soup_message_body_append (soup_server_message_get_response_body (streamer->ctx->msg),
                            SOUP_MEMORY_STATIC, "data: ", 6);
  soup_server_message_unpause (streamer->ctx->msg);
}

static gboolean
send_next (gpointer data)
{
  Streamer *streamer = data;
  AtelierSandboxCtx *ctx = streamer->ctx;
  SoupMessageBody *body = soup_server_message_get_response_body (ctx->msg);
  GPtrArray *events = streamer->events;
  int fault = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (ctx->msg), "atelier-stream-fault"));
  GBytes *event;

  streamer->timer = 0;
  if (ctx->finished)
    return G_SOURCE_REMOVE;

  if (streamer->next >= events->len)
    {
      soup_message_body_complete (body);
      soup_server_message_unpause (ctx->msg);
      return G_SOURCE_REMOVE;
    }

  event = g_ptr_array_index (events, streamer->next++);
  if (event == NULL)
    {
      if (fault == ATELIER_SANDBOX_FAULT_STREAM_CUT)
        cut (streamer);
      else
        start_huge (streamer);
      return G_SOURCE_REMOVE;
    }

  soup_message_body_append_bytes (body, event);
  /* The last event ends the stream at once. */
  if (streamer->next >= events->len)
    soup_message_body_complete (body);
  soup_server_message_unpause (ctx->msg);
  if (streamer->next < events->len)
    streamer->timer = g_timeout_add (streamer->interval_ms, send_next, streamer);
  return G_SOURCE_REMOVE;
}

/* The events in the order they go, the fault worked in. */
static GPtrArray *
plan_events (AtelierSandboxCtx  *ctx,
             OpenaiJob          *job,
             GPtrArray          *names,
             int                 fault)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) partials = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) finals = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < job->partials; i++)
    g_ptr_array_add (partials, image_event (ctx, job, g_ptr_array_index (names, job->n + i), i));
  for (guint i = 0; i < job->n; i++)
    g_ptr_array_add (finals, image_event (ctx, job, g_ptr_array_index (names, i), -1));

  switch (fault)
    {
    case ATELIER_SANDBOX_FAULT_STREAM_CUT:
    case ATELIER_SANDBOX_FAULT_STREAM_HUGE:
    case ATELIER_SANDBOX_FAULT_STREAM_ERROR:
      /* One good event first, so the failure is mid-stream. */
      g_ptr_array_add (events, g_bytes_ref (partials->len > 0 ? partials->pdata[0]
                                                              : finals->pdata[0]));
      g_ptr_array_add (events, fault == ATELIER_SANDBOX_FAULT_STREAM_ERROR ? error_event () : NULL);
      return events;

    case ATELIER_SANDBOX_FAULT_STREAM_NO_COMPLETED:
      g_ptr_array_extend_and_steal (events, g_steal_pointer (&partials));
      return events;

    case ATELIER_SANDBOX_FAULT_STREAM_FINAL_FIRST:
      if (partials->len > 0)
        {
          GBytes *last = g_ptr_array_steal_index (partials, partials->len - 1);

          g_ptr_array_extend_and_steal (events, g_steal_pointer (&partials));
          g_ptr_array_extend_and_steal (events, g_steal_pointer (&finals));
          g_ptr_array_add (events, last);
          return events;
        }
      break;

    default:
      break;
    }

  g_ptr_array_extend_and_steal (events, g_steal_pointer (&partials));
  g_ptr_array_extend_and_steal (events, g_steal_pointer (&finals));
  if (fault == ATELIER_SANDBOX_FAULT_STREAM_DONE)
    g_ptr_array_add (events, g_bytes_new_static ("data: [DONE]\n\n", 14));
  return events;
}

static void
stream_ready (AtelierSandboxCtx  *ctx,
              AtelierSandboxTask *task)
{
  OpenaiJob *job = g_object_get_data (G_OBJECT (ctx->msg), "atelier-openai-job");
  GPtrArray *names = _atelier_sandbox_task_get_names (task);
  int fault = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (ctx->msg), "atelier-stream-fault"));
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (ctx->msg);
  gboolean missing = names->len != job->n + job->partials;
  Streamer *streamer;

  for (guint i = 0; i < names->len; i++)
    missing |= _atelier_sandbox_lookup_blob (ctx->sandbox, g_ptr_array_index (names, i)) == NULL;
  if (_atelier_sandbox_task_get_error (task) != NULL || missing)
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                      "The server had an error while processing your request.",
                                      NULL, NULL);
      return;
    }

  streamer = g_new0 (Streamer, 1);
  streamer->ctx = ctx;
  streamer->events = plan_events (ctx, job, names, fault);
  streamer->interval_ms = atelier_sandbox_get_stream_interval (ctx->sandbox);
  /* The message owns it: a client that leaves ends the timer with it. */
  g_object_set_data_full (G_OBJECT (ctx->msg), "atelier-openai-streamer", streamer,
                          (GDestroyNotify) streamer_free);

  soup_server_message_set_status (ctx->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_body_set_accumulate (soup_server_message_get_response_body (ctx->msg), FALSE);
  _atelier_sandbox_ctx_resume (ctx);
  send_next (streamer);
}

void
_atelier_sandbox_openai_stream (AtelierSandboxCtx *ctx,
                                OpenaiJob         *job)
{
  g_autoptr(AtelierSandboxTask) task = NULL;
  OpenaiJob *copy = _atelier_sandbox_openai_job_copy (job);
  guint answer_ms = ctx->sandbox->job_duration_ms / 4;
  guint partials_ms = job->partials * atelier_sandbox_get_stream_interval (ctx->sandbox);

  g_object_set_data_full (G_OBJECT (ctx->msg), "atelier-openai-job", job,
                          _atelier_sandbox_openai_job_free);
  task = _atelier_sandbox_task_new (ctx->sandbox,
                                    _atelier_procedural_mime_type (job->output_format),
                                    g_str_equal (job->output_format, "jpeg") ? "jpg"
                                                                             : job->output_format,
                                    NULL, render_stream, copy, _atelier_sandbox_openai_job_free);
  /* As a service would: the final image when an answer without streaming
   * would come, the partials before it (as far as the interval allows). */
  _atelier_sandbox_task_wait (task, ctx, answer_ms > partials_ms ? answer_ms - partials_ms : 0,
                              stream_ready);
}
