/* atelier-gltf-glb.c: the GLB container (header, JSON and BIN chunks)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <string.h>

#include "atelier-gltf-private.h"

#define GLB_MAGIC      0x46546C67u /* "glTF" */
#define GLB_CHUNK_JSON 0x4E4F534Au
#define GLB_CHUNK_BIN  0x004E4942u

static guint32
read_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

gboolean
gltf_glb_is_glb (const guint8 *data,
                 gsize         size)
{
  return size >= 4 && read_u32 (data) == GLB_MAGIC;
}

gboolean
gltf_glb_parse (GltfLoader    *loader,
                const guint8 **json,
                gsize         *json_length,
                GError       **error)
{
  const guint8 *data = loader->data;
  gsize size = loader->size;
  guint32 version, length;
  gsize offset = 12;
  guint n_chunks = 0;
  gboolean have_json = FALSE;

  if (size < 12)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                  "GLB: unexpected end of header (%" G_GSIZE_FORMAT " bytes)", size);
      return FALSE;
    }

  if (read_u32 (data) != GLB_MAGIC)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL, "GLB: invalid magic 0x%08x",
                  read_u32 (data));
      return FALSE;
    }

  version = read_u32 (data + 4);
  if (version != 2)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                  "GLB: unsupported version %u (only 2 is known)", version);
      return FALSE;
    }

  length = read_u32 (data + 8);
  if (length < 20)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                  "GLB: declared length %u is too small", length);
      return FALSE;
    }
  if (length > size)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                  "GLB: declared length %u exceeds the file size %" G_GSIZE_FORMAT
                  " (truncated file?)", length, size);
      return FALSE;
    }
  /* Bytes after the declared length are ignored, as the validator only warns. */

  while (offset < length)
    {
      guint32 chunk_length, chunk_type;
      gsize end;

      if (length - offset < 8)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                      "GLB: unexpected end of chunk header at byte %" G_GSIZE_FORMAT, offset);
          return FALSE;
        }

      chunk_length = read_u32 (data + offset);
      chunk_type = read_u32 (data + offset + 4);
      offset += 8;

      if (chunk_length % 4 != 0)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                      "GLB: chunk %u length %u is not aligned to 4 bytes", n_chunks,
                      chunk_length);
          return FALSE;
        }

      if (!g_size_checked_add (&end, offset, chunk_length) || end > length)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                      "GLB: chunk %u length %u does not fit in the file (%u bytes)",
                      n_chunks, chunk_length, length);
          return FALSE;
        }

      if (n_chunks == 0 && chunk_type != GLB_CHUNK_JSON)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                      "GLB: the first chunk must be JSON, found type 0x%08x", chunk_type);
          return FALSE;
        }

      if (chunk_type == GLB_CHUNK_JSON)
        {
          if (have_json)
            {
              gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                          "GLB: duplicate JSON chunk");
              return FALSE;
            }
          if (chunk_length == 0)
            {
              gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                          "GLB: the JSON chunk is empty");
              return FALSE;
            }
          have_json = TRUE;
          *json = data + offset;
          *json_length = chunk_length;
        }
      else if (chunk_type == GLB_CHUNK_BIN)
        {
          if (loader->has_bin)
            {
              gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                          "GLB: duplicate BIN chunk");
              return FALSE;
            }
          if (n_chunks != 1)
            {
              gltf_error (error, ATELIER_GLTF_ERROR_CONTAINER, NULL,
                          "GLB: the BIN chunk must be the second chunk");
              return FALSE;
            }
          loader->has_bin = TRUE;
          loader->bin = data + offset;
          loader->bin_length = chunk_length;
        }
      /* Unknown chunk types are skipped, as the specification asks. */

      offset = end;
      n_chunks++;
    }

  /* JSON text may be padded with trailing spaces (0x20); those are valid JSON. */
  return TRUE;
}
