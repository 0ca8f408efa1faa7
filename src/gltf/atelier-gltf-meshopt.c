/* atelier-gltf-meshopt.c: EXT_meshopt_compression bufferViews via libmeshoptimizer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <string.h>

#include "atelier-gltf-private.h"
#ifdef HAVE_MESHOPT
#include <meshoptimizer.h>
#endif

gboolean
gltf_meshopt_available (void)
{
#ifdef HAVE_MESHOPT
  return TRUE;
#else
  return FALSE;
#endif
}

gboolean
gltf_meshopt_decode (GltfLoader  *loader,
                     guint        index,
                     GError     **error)
{
  GltfView *view = &loader->views[index];
  char ptr[GLTF_PTR_MAX];

  g_snprintf (ptr, sizeof ptr, "/bufferViews/%u/extensions/EXT_meshopt_compression", index);

#ifdef HAVE_MESHOPT
  {
    JsonObject *ext = view->meshopt;
    const char *mode, *filter;
    guint64 offset, length, stride, count;
    int buffer;
    const guint8 *src;
    int rc;

    /* Already validated in gltf_views_load (). */
    if (!gltf_json_index (ext, ptr, "buffer", TRUE, loader->n_buffers, &buffer, error) ||
        !gltf_json_uint (ext, ptr, "byteOffset", FALSE, 0, G_MAXSIZE, &offset, error) ||
        !gltf_json_uint (ext, ptr, "byteLength", TRUE, 0, G_MAXSIZE, &length, error) ||
        !gltf_json_uint (ext, ptr, "byteStride", TRUE, 0, 256, &stride, error) ||
        !gltf_json_uint (ext, ptr, "count", TRUE, 0, G_MAXUINT32, &count, error) ||
        !gltf_json_string (ext, ptr, "mode", TRUE, &mode, error) ||
        !gltf_json_string (ext, ptr, "filter", FALSE, &filter, error))
      return FALSE;

    if (!gltf_buffer_ensure (loader, buffer, error) ||
        !gltf_charge (loader, view->length, ptr, error))
      return FALSE;
    view->decoded = g_try_malloc0 (view->length);
    if (view->decoded == NULL)
      {
        gltf_error (error, ATELIER_GLTF_ERROR_LIMIT, ptr, "out of memory");
        return FALSE;
      }
    view->decoded_length = view->length;
    src = loader->buffers[buffer].data + offset;

    if (g_str_equal (mode, "ATTRIBUTES"))
      {
        if (stride % 4 != 0)
          {
            gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr,
                        "byteStride must be a multiple of 4 for ATTRIBUTES");
            return FALSE;
          }
        rc = meshopt_decodeVertexBuffer (view->decoded, count, stride, src, length);
      }
    else if (g_str_equal (mode, "TRIANGLES") || g_str_equal (mode, "INDICES"))
      {
        if (stride != 2 && stride != 4)
          {
            gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr, "byteStride must be 2 or 4 for %s",
                        mode);
            return FALSE;
          }
        if (mode[0] == 'T' && count % 3 != 0)
          {
            gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr,
                        "count must be a multiple of 3 for TRIANGLES");
            return FALSE;
          }
        if (mode[0] == 'T')
          rc = meshopt_decodeIndexBuffer (view->decoded, count, stride, src, length);
        else
          rc = meshopt_decodeIndexSequence (view->decoded, count, stride, src, length);
      }
    else
      {
        gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr, "unknown mode “%s”", mode);
        return FALSE;
      }

    if (rc != 0)
      {
        gltf_error (error, ATELIER_GLTF_ERROR_FAILED, ptr, "meshopt decoding failed (%d)", rc);
        return FALSE;
      }

    if (filter == NULL || g_str_equal (filter, "NONE"))
      return TRUE;

    if (mode[0] != 'A')
      {
        gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr, "filters apply to ATTRIBUTES only");
        return FALSE;
      }
    if (g_str_equal (filter, "OCTAHEDRAL") && (stride == 4 || stride == 8))
      meshopt_decodeFilterOct (view->decoded, count, stride);
    else if (g_str_equal (filter, "QUATERNION") && stride == 8)
      meshopt_decodeFilterQuat (view->decoded, count, stride);
    else if (g_str_equal (filter, "EXPONENTIAL"))
      meshopt_decodeFilterExp (view->decoded, count, stride);
    else
      {
        gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr,
                    "filter “%s” does not fit byteStride %" G_GUINT64_FORMAT, filter, stride);
        return FALSE;
      }
    return TRUE;
  }
#else
  {
    /* Without the decoder, an optional extension falls back to plain data. */
    if (gltf_buffer_ensure (loader, view->buffer, NULL))
      {
        view->meshopt = NULL;
        return TRUE;
      }
    gltf_error (error, ATELIER_GLTF_ERROR_UNSUPPORTED, ptr,
                "EXT_meshopt_compression is not supported by this build");
    return FALSE;
  }
#endif
}
