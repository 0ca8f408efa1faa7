/* atelier-sandbox-openai-private.h: what the OpenAI dialect's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdarg.h>

#include "atelier-sandbox-private.h"

G_BEGIN_DECLS

typedef struct
{
  char      *model;
  gboolean   gpt;
  char      *prompt;
  guint      n;
  guint      width;
  guint      height;
  char      *size;
  char      *quality;
  gboolean   b64;
  char      *output_format;
  guint      compression;
  gboolean   transparent;
  char      *background;
  GdkPixbuf *input;   /* edits: the first image */
  GdkPixbuf *mask;
  gboolean   edit;
  gboolean   stream;  /* answer text/event-stream (atelier-sandbox-openai-stream.c) */
  guint      partials;
} OpenaiJob;

/* A copy for the render thread. */
OpenaiJob *_atelier_sandbox_openai_job_copy (const OpenaiJob   *job);
/* The job's images, encoded (a render function of AtelierSandboxTask). */
GPtrArray *_atelier_sandbox_openai_render   (gpointer           data,
                                             GError           **error);
/* Renders and answers a streaming job: its partial images (the final one,
 * blurred less and less), then one completed event per image. */
void       _atelier_sandbox_openai_stream   (AtelierSandboxCtx *ctx,
                                             OpenaiJob         *job);

void       _atelier_sandbox_openai_job_free (gpointer           data);
/* Answers 400 with the message in OpenAI's error shape. */
void       _atelier_sandbox_openai_failv    (AtelierSandboxCtx *ctx,
                                             const char        *param,
                                             const char        *code,
                                             const char        *format,
                                             va_list            args) G_GNUC_PRINTF (4, 0);
/* Checks every parameter but the images (answering 400 on the first bad
 * one); @edit selects the edits endpoint's rules. */
OpenaiJob *_atelier_sandbox_openai_validate (AtelierSandboxCtx *ctx,
                                             JsonObject        *params,
                                             gboolean           edit);

G_END_DECLS
