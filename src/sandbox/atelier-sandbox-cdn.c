/* atelier-sandbox-cdn.c: the "other host" that serves results
 *
 * /cdn/<name> serves a result as is (OpenAI url results, image3d models,
 * Style DNA artworks); /presigned/<name>?X-Expires=…&X-Signature=… serves
 * the same store behind an S3-like signature that expires (Core3D uploads).
 * Both paths work on either listener, but the URLs handed out point at the
 * CDN listener.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "atelier-sandbox-private.h"

typedef struct
{
  GBytes *bytes;
  char   *content_type;
  gint64  credits;       /* a checkout page: credits granted on first visit */
} Blob;

static void
blob_free (gpointer data)
{
  Blob *blob = data;

  g_bytes_unref (blob->bytes);
  g_free (blob->content_type);
  g_free (blob);
}

void
_atelier_sandbox_cdn_init (AtelierSandbox *self)
{
  self->blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, blob_free);
  g_queue_init (&self->blob_order);
  self->blob_cap = ATELIER_SANDBOX_CDN_CAP;
}

void
_atelier_sandbox_cdn_clear (AtelierSandbox *self)
{
  g_queue_clear_full (&self->blob_order, g_free);
  g_clear_pointer (&self->blobs, g_hash_table_unref);
  self->blob_bytes = 0;
}

void
_atelier_sandbox_publish_named (AtelierSandbox *self,
                                const char     *name,
                                GBytes         *bytes,
                                const char     *content_type)
{
  Blob *blob = g_new0 (Blob, 1);

  blob->bytes = g_bytes_ref (bytes);
  blob->content_type = g_strdup (content_type);
  g_hash_table_replace (self->blobs, g_strdup (name), blob);
}

char *
_atelier_sandbox_publish (AtelierSandbox *self,
                          GBytes         *bytes,
                          const char     *content_type,
                          const char     *extension)
{
  g_autofree char *uuid = g_uuid_string_random ();
  char *name = g_strdup_printf ("%s.%s", uuid, extension);

  _atelier_sandbox_publish_named (self, name, bytes, content_type);
  g_queue_push_tail (&self->blob_order, g_strdup (name));
  self->blob_bytes += g_bytes_get_size (bytes);

  /* The newest result always stays, however large. */
  while (self->blob_bytes > self->blob_cap && self->blob_order.length > 1)
    {
      g_autofree char *oldest = g_queue_pop_head (&self->blob_order);
      Blob *blob = g_hash_table_lookup (self->blobs, oldest);

      if (blob != NULL)
        {
          self->blob_bytes -= g_bytes_get_size (blob->bytes);
          g_hash_table_remove (self->blobs, oldest);
        }
      g_debug ("Evicted %s from the CDN store", oldest);
    }

  return name;
}

void
_atelier_sandbox_publish_checkout (AtelierSandbox *self,
                                   const char     *name,
                                   GBytes         *page,
                                   gint64          credits)
{
  Blob *blob;

  _atelier_sandbox_publish_named (self, name, page, "text/html; charset=utf-8");
  blob = g_hash_table_lookup (self->blobs, name);
  blob->credits = credits;
}

GBytes *
_atelier_sandbox_lookup_blob (AtelierSandbox *self,
                              const char     *name)
{
  Blob *blob = g_hash_table_lookup (self->blobs, name);

  return blob ? blob->bytes : NULL;
}

char *
_atelier_sandbox_cdn_url (AtelierSandbox *self,
                          const char     *name)
{
  return g_strdup_printf ("http://127.0.0.1:%u/cdn/%s", self->cdn_port, name);
}

static char *
sign (AtelierSandbox *self,
      const char     *name,
      const char     *expires)
{
  g_autofree char *message = g_strdup_printf ("%s\n%s", name, expires);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) self->secret,
                                    strlen (self->secret), message, -1);
}

char *
_atelier_sandbox_presigned_url (AtelierSandbox *self,
                                const char     *name,
                                guint           lifetime_s)
{
  g_autofree char *expires = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              g_get_real_time () / G_USEC_PER_SEC + lifetime_s);
  g_autofree char *signature = sign (self, name, expires);

  return g_strdup_printf ("http://127.0.0.1:%u/presigned/%s?X-Expires=%s&X-Signature=%s",
                          self->cdn_port, name, expires, signature);
}

void
_atelier_sandbox_cdn_serve (AtelierSandboxCtx *ctx)
{
  AtelierSandbox *self = ctx->sandbox;
  gboolean presigned = g_str_has_prefix (ctx->path, "/presigned/");
  const char *name = ctx->path + strlen (presigned ? "/presigned/" : "/cdn/");
  Blob *blob;

  if (!g_str_equal (ctx->method, "GET") && !g_str_equal (ctx->method, "HEAD"))
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                      "Only GET and HEAD are allowed here", NULL, "MethodNotAllowed");
      return;
    }

  if (presigned)
    {
      const char *expires = ctx->query ? g_hash_table_lookup (ctx->query, "X-Expires") : NULL;
      const char *signature = ctx->query ? g_hash_table_lookup (ctx->query, "X-Signature") : NULL;
      g_autofree char *expected = NULL;

      if (expires == NULL || signature == NULL)
        {
          _atelier_sandbox_respond_error (ctx, SOUP_STATUS_FORBIDDEN,
                                          "Query-string authentication requires the X-Expires "
                                          "and X-Signature parameters", NULL, NULL);
          return;
        }
      expected = sign (self, name, expires);
      if (!g_str_equal (expected, signature))
        {
          _atelier_sandbox_respond_error (ctx, SOUP_STATUS_FORBIDDEN,
                                          "The request signature we calculated does not match "
                                          "the signature you provided", NULL, NULL);
          return;
        }
      if (g_ascii_strtoll (expires, NULL, 10) < g_get_real_time () / G_USEC_PER_SEC)
        {
          _atelier_sandbox_respond_error (ctx, SOUP_STATUS_FORBIDDEN, "Request has expired",
                                          NULL, NULL);
          return;
        }
    }

  blob = g_hash_table_lookup (self->blobs, name);
  if (blob == NULL)
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_NOT_FOUND,
                                      "The specified key does not exist.", NULL, NULL);
      return;
    }

  if (blob->credits > 0 && g_str_equal (ctx->method, "GET"))
    {
      self->balance += blob->credits;
      blob->credits = 0;
    }

  _atelier_sandbox_respond (ctx, SOUP_STATUS_OK, blob->content_type, blob->bytes);
}
