/* atelier-gltf-buffer.c: buffers (GLB BIN, data: URIs, files) and bufferViews
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atelier-gltf-private.h"

gboolean
gltf_charge (GltfLoader  *loader,
             gsize        n_bytes,
             const char  *ptr,
             GError     **error)
{
  gsize total;

  if (!g_size_checked_add (&total, loader->decoded_bytes, n_bytes) ||
      total > loader->limits.max_decoded_bytes)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_LIMIT, ptr,
                  "decoded data would exceed the limit of %" G_GSIZE_FORMAT " bytes",
                  loader->limits.max_decoded_bytes);
      return FALSE;
    }

  loader->decoded_bytes = total;
  return TRUE;
}

/* Output arrays of several MB are aligned for transparent huge pages: a
 * 1M-face model would otherwise take ~11,000 page faults to fill. Freed
 * with g_free () like any other allocation (GLib's is free ()). */
gpointer
gltf_try_alloc_large (gsize size)
{
  const gsize huge = 2u << 20;
  gsize rounded;
  void *mem = NULL;

  if (size < 2 * huge || !g_size_checked_add (&rounded, size, huge - 1))
    return g_try_malloc (MAX (size, 1));

  rounded &= ~(huge - 1);
  if (posix_memalign (&mem, huge, rounded) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  madvise (mem, rounded, MADV_HUGEPAGE);
#endif
  return mem;
}

void
gltf_release_range (GltfLoader *loader,
                    const void *data,
                    gsize       length)
{
  static gsize page_size;
  guintptr start, end, lo, hi;

  /* Small ranges are not worth a system call. */
  if (!loader->drop_pages || length < (1u << 20))
    return;

  if (page_size == 0)
    page_size = (gsize) sysconf (_SC_PAGESIZE);

  lo = (guintptr) loader->data;
  hi = lo + loader->size;
  start = (guintptr) data;
  end = start + length;
  if (start < lo || end > hi)
    return;

  start = (start + page_size - 1) & ~(guintptr) (page_size - 1);
  end &= ~(guintptr) (page_size - 1);
  if (end > start)
    madvise ((void *) start, end - start, MADV_DONTNEED);
}

static gboolean
decode_data_uri (GltfLoader  *loader,
                 const char  *uri,
                 const char  *ptr,
                 GBytes     **out,
                 GError     **error)
{
  const char *comma = strchr (uri, ',');
  const char *payload;
  gsize payload_length;

  if (comma == NULL)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr, "malformed data: URI (no comma)");
      return FALSE;
    }

  payload = comma + 1;
  payload_length = strlen (payload);

  if (comma - uri >= 7 && strncmp (comma - 7, ";base64", 7) == 0)
    {
      gsize capacity = payload_length / 4 * 3 + 3;
      g_autofree guint8 *decoded = NULL;
      gint state = 0;
      guint save = 0;
      gsize n;

      if (!gltf_charge (loader, capacity, ptr, error))
        return FALSE;

      decoded = g_malloc (capacity);
      n = g_base64_decode_step (payload, payload_length, decoded, &state, &save);
      *out = g_bytes_new_take (g_steal_pointer (&decoded), n);
      return TRUE;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      GBytes *bytes;

      if (!gltf_charge (loader, payload_length, ptr, error))
        return FALSE;

      bytes = g_uri_unescape_bytes (payload, payload_length, NULL, &local_error);
      if (bytes == NULL)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr, "malformed data: URI: %s",
                      local_error->message);
          return FALSE;
        }
      *out = bytes;
      return TRUE;
    }
}

/* Whether @path is @root or below it; both absolute and canonical. */
static gboolean
path_is_inside (const char *path,
                const char *root)
{
  gsize n = strlen (root);

  /* "/" is the only root that already ends in a separator. */
  if (n == 1)
    return TRUE;
  return strncmp (path, root, n) == 0 && path[n] == '/';
}

/* The real path of @relative if it may be read for a .gltf in the loader's
 * base folder: inside that folder once every symlink is followed, unless the
 * limits allow leaving it (a file the person opened themselves). */
static char *
resolve_external (GltfLoader  *loader,
                  const char  *relative,
                  const char  *ptr,
                  GError     **error)
{
  g_autofree char *path = g_build_filename (loader->base_dir, relative, NULL);
  g_autofree char *real = NULL;
  g_autofree char *root = NULL;
  int saved;

  /* "../x.bin" is refused by its text, before the disk is asked whether
   * such a file exists; symlinks are checked once resolved. */
  if (!loader->limits.allow_outside_folder)
    {
      g_autofree char *lexical_root = g_canonicalize_filename (loader->base_dir, NULL);
      g_autofree char *lexical = g_canonicalize_filename (relative, lexical_root);

      if (!path_is_inside (lexical, lexical_root))
        goto outside;
    }

  real = realpath (path, NULL);
  if (real == NULL)
    {
      saved = errno;
      gltf_error (error, ATELIER_GLTF_ERROR_IO, ptr, "cannot open “%s”: %s", relative,
                  g_strerror (saved));
      return NULL;
    }
  if (loader->limits.allow_outside_folder)
    return g_steal_pointer (&real);

  root = realpath (loader->base_dir, NULL);
  if (root == NULL)
    {
      saved = errno;
      gltf_error (error, ATELIER_GLTF_ERROR_IO, ptr, "cannot resolve the model's folder: %s",
                  g_strerror (saved));
      return NULL;
    }
  if (path_is_inside (real, root) && !g_str_equal (real, root))
    return g_steal_pointer (&real);

outside:
  gltf_error (error, ATELIER_GLTF_ERROR_IO, ptr,
              "“%s” is outside the model's folder, and only files inside it are read",
              relative);
  return NULL;
}

gboolean
gltf_uri_load (GltfLoader  *loader,
               const char  *uri,
               const char  *ptr,
               GBytes     **out,
               GError     **error)
{
  g_autofree char *relative = NULL;
  g_autofree char *real = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  int fd;

  if (g_ascii_strncasecmp (uri, "data:", 5) == 0)
    return decode_data_uri (loader, uri, ptr, out, error);

  /* file: URIs name any path on the machine; other schemes need a network. */
  if (g_uri_peek_scheme (uri) != NULL)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_IO, ptr,
                  "only data: URIs and relative paths are supported");
      return FALSE;
    }

  if (loader->base_dir == NULL)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_IO, ptr,
                  "external file “%s” cannot be resolved (no base directory)", uri);
      return FALSE;
    }

  relative = g_uri_unescape_string (uri, NULL);
  if (relative == NULL || *relative == '\0' || g_path_is_absolute (relative))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr, "invalid relative URI “%s”", uri);
      return FALSE;
    }

  real = resolve_external (loader, relative, ptr, error);
  if (real == NULL)
    return FALSE;

  /* Not blocking (a FIFO would wait for a writer forever) and not following
   * a symlink swapped in since it was resolved; only regular files. */
  fd = open (real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      gltf_error (error, ATELIER_GLTF_ERROR_IO, ptr, "cannot open “%s”: %s", relative,
                  g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      gltf_error (error, ATELIER_GLTF_ERROR_IO, ptr, "“%s” is not a regular file", relative);
      return FALSE;
    }
  if ((guint64) st.st_size > loader->limits.max_file_size)
    {
      close (fd);
      gltf_error (error, ATELIER_GLTF_ERROR_LIMIT, ptr,
                  "“%s” exceeds the file size limit", relative);
      return FALSE;
    }

  mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
  close (fd);
  if (mapped == NULL)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_IO, ptr, "%s", local_error->message);
      return FALSE;
    }

  *out = g_mapped_file_get_bytes (mapped);
  return TRUE;
}

gboolean
gltf_buffers_load (GltfLoader  *loader,
                   GError     **error)
{
  JsonArray *array;
  guint n;

  if (!gltf_json_root_array (loader, "buffers", &array, &n, error))
    return FALSE;

  loader->buffers = g_new0 (GltfBuffer, n);
  loader->n_buffers = n;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      GltfBuffer *buffer = &loader->buffers[i];
      char ptr[GLTF_PTR_MAX];
      guint64 length;

      g_snprintf (ptr, sizeof ptr, "/buffers/%u", i);

      if (!gltf_json_uint (obj, ptr, "byteLength", TRUE, 0, G_MAXSIZE, &length, error) ||
          !gltf_json_string (obj, ptr, "uri", FALSE, &buffer->uri, error))
        return FALSE;

      if (length == 0)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "%s/byteLength: must be at least 1",
                      ptr);
          return FALSE;
        }
      buffer->length = length;

      /* The GLB's own buffer is checked now: its size is known. */
      if (buffer->uri == NULL && i == 0 && loader->is_glb)
        {
          if (!gltf_buffer_ensure (loader, i, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* Buffers load on first use, so unused placeholders and URIs do no harm. */
gboolean
gltf_buffer_ensure (GltfLoader  *loader,
                    guint        index,
                    GError     **error)
{
  GltfBuffer *buffer = &loader->buffers[index];
  char ptr[GLTF_PTR_MAX];
  gsize available;

  if (buffer->loaded)
    {
      if (buffer->data == NULL)
        goto no_data;
      return TRUE;
    }
  buffer->loaded = TRUE;

  g_snprintf (ptr, sizeof ptr, "/buffers/%u", index);

  if (buffer->uri != NULL)
    {
      g_autofree char *uri_ptr = g_strconcat (ptr, "/uri", NULL);

      if (!gltf_uri_load (loader, buffer->uri, uri_ptr, &buffer->owned, error))
        return FALSE;
      buffer->data = g_bytes_get_data (buffer->owned, &available);
      if (buffer->data == NULL)
        buffer->data = (const guint8 *) "";
    }
  else if (index == 0 && loader->is_glb && loader->has_bin)
    {
      buffer->data = loader->bin;
      available = loader->bin_length;
    }
  else
    goto no_data;

  if (available < buffer->length)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_BOUNDS, ptr,
                  "byteLength %" G_GSIZE_FORMAT " exceeds the %" G_GSIZE_FORMAT
                  " bytes of data", buffer->length, available);
      buffer->data = NULL;
      return FALSE;
    }
  return TRUE;

no_data:
  gltf_error (error, ATELIER_GLTF_ERROR_BOUNDS, ptr,
              index == 0 && loader->is_glb ? "the GLB has no BIN chunk for this buffer"
                                           : "buffer has no uri and no data");
  return FALSE;
}

static gboolean
check_range (const char  *ptr,
             guint64      offset,
             guint64      length,
             gsize        limit,
             const char  *what,
             GError     **error)
{
  guint64 end;

  if (__builtin_add_overflow (offset, length, &end) || end > limit)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_BOUNDS, ptr,
                  "byteOffset %" G_GUINT64_FORMAT " + byteLength %" G_GUINT64_FORMAT
                  " exceeds the %s length %" G_GSIZE_FORMAT, offset, length, what, limit);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_meshopt (GltfLoader  *loader,
               GltfView    *view,
               JsonObject  *ext,
               const char  *ptr,
               GError     **error)
{
  int buffer;
  guint64 offset, length, stride, count, need;
  const char *mode, *filter;

  if (!gltf_json_index (ext, ptr, "buffer", TRUE, loader->n_buffers, &buffer, error) ||
      !gltf_json_uint (ext, ptr, "byteOffset", FALSE, 0, G_MAXSIZE, &offset, error) ||
      !gltf_json_uint (ext, ptr, "byteLength", TRUE, 0, G_MAXSIZE, &length, error) ||
      !gltf_json_uint (ext, ptr, "byteStride", TRUE, 0, 256, &stride, error) ||
      !gltf_json_uint (ext, ptr, "count", TRUE, 0, G_MAXUINT32, &count, error) ||
      !gltf_json_string (ext, ptr, "mode", TRUE, &mode, error) ||
      !gltf_json_string (ext, ptr, "filter", FALSE, &filter, error))
    return FALSE;

  if (!check_range (ptr, offset, length, loader->buffers[buffer].length, "buffer", error))
    return FALSE;
  if (stride == 0 || __builtin_mul_overflow (count, stride, &need) || need > view->length)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_BOUNDS, ptr,
                  "count × byteStride does not fit the bufferView's byteLength");
      return FALSE;
    }

  return TRUE;
}

gboolean
gltf_views_load (GltfLoader  *loader,
                 GError     **error)
{
  JsonArray *array;
  guint n;

  if (!gltf_json_root_array (loader, "bufferViews", &array, &n, error))
    return FALSE;

  loader->views = g_new0 (GltfView, n);
  loader->n_views = n;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      GltfView *view = &loader->views[i];
      char ptr[GLTF_PTR_MAX];
      guint64 offset, length, stride, target;
      GltfBuffer *buffer;

      g_snprintf (ptr, sizeof ptr, "/bufferViews/%u", i);

      if (!gltf_json_index (obj, ptr, "buffer", TRUE, loader->n_buffers, &view->buffer, error) ||
          !gltf_json_uint (obj, ptr, "byteOffset", FALSE, 0, G_MAXSIZE, &offset, error) ||
          !gltf_json_uint (obj, ptr, "byteLength", TRUE, 0, G_MAXSIZE, &length, error) ||
          !gltf_json_uint (obj, ptr, "byteStride", FALSE, 0, 252, &stride, error))
        return FALSE;

      if (length == 0)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr, "byteLength must be at least 1");
          return FALSE;
        }
      if (json_object_has_member (obj, "byteStride") && (stride < 4 || stride % 4 != 0))
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr,
                      "byteStride %" G_GUINT64_FORMAT " must be a multiple of 4 in 4..252",
                      stride);
          return FALSE;
        }
      if (stride > length)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_BOUNDS, NULL,
                      "%s/byteStride: %" G_GUINT64_FORMAT " exceeds byteLength %" G_GUINT64_FORMAT,
                      ptr, stride, length);
          return FALSE;
        }
      if (stride != 0 && gltf_json_uint (obj, ptr, "target", FALSE, 0, G_MAXUINT32, &target, NULL) &&
          target == 34963)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                      "%s/byteStride: index data (target 34963) must be tightly packed", ptr);
          return FALSE;
        }

      buffer = &loader->buffers[view->buffer];
      if (!check_range (ptr, offset, length, buffer->length, "buffer", error))
        return FALSE;

      view->offset = offset;
      view->length = length;
      view->stride = stride;
      view->meshopt = gltf_json_extension (obj, "EXT_meshopt_compression");

      if (view->meshopt != NULL)
        {
          char ext_ptr[GLTF_PTR_MAX];

          g_snprintf (ext_ptr, sizeof ext_ptr, "%s/extensions/EXT_meshopt_compression", ptr);
          if (!parse_meshopt (loader, view, view->meshopt, ext_ptr, error))
            return FALSE;
        }
    }

  return TRUE;
}

gboolean
gltf_view_data (GltfLoader    *loader,
                int            view_index,
                const guint8 **data,
                gsize         *length,
                GError       **error)
{
  GltfView *view;

  g_assert (view_index >= 0 && (guint) view_index < loader->n_views);
  view = &loader->views[view_index];

  if (view->meshopt != NULL)
    {
      if (view->decoded == NULL && !gltf_meshopt_decode (loader, view_index, error))
        return FALSE;
      /* Still set unless the build fell back to the uncompressed data. */
      if (view->meshopt != NULL)
        {
          *data = view->decoded;
          *length = view->decoded_length;
          return TRUE;
        }
    }

  if (!gltf_buffer_ensure (loader, view->buffer, error))
    return FALSE;
  *data = loader->buffers[view->buffer].data + view->offset;
  *length = view->length;
  return TRUE;
}
