/* atelier-gltf-accessor.c: accessors, bounds checks and conversion to arrays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <string.h>

#include "atelier-gltf-private.h"

static guint
component_size (guint type)
{
  switch (type)
    {
    case GLTF_BYTE:
    case GLTF_UNSIGNED_BYTE:
      return 1;
    case GLTF_SHORT:
    case GLTF_UNSIGNED_SHORT:
      return 2;
    case GLTF_UNSIGNED_INT:
    case GLTF_FLOAT:
      return 4;
    default:
      return 0;
    }
}

static guint
type_components (const char *type)
{
  static const struct { const char *name; guint n; } types[] = {
    { "SCALAR", 1 }, { "VEC2", 2 }, { "VEC3", 3 }, { "VEC4", 4 },
    { "MAT2", 4 }, { "MAT3", 9 }, { "MAT4", 16 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (type, types[i].name))
      return types[i].n;
  return 0;
}

/* Matrix columns start on 4-byte boundaries. */
static gsize
element_size (const char *type,
              guint       n_components,
              guint       comp_size)
{
  if (g_str_equal (type, "MAT2") && comp_size == 1)
    return 8;
  if (g_str_equal (type, "MAT3") && comp_size == 1)
    return 12;
  if (g_str_equal (type, "MAT3") && comp_size == 2)
    return 24;
  return (gsize) n_components * comp_size;
}

/* offset + stride × (count − 1) + size ≤ limit, overflow-safe */
static gboolean
fits (gsize   offset,
      gsize   stride,
      guint64 count,
      gsize   size,
      gsize   limit)
{
  guint64 span, end;

  if (count == 0)
    return offset <= limit;
  if (__builtin_mul_overflow ((guint64) stride, count - 1, &span) ||
      __builtin_add_overflow (span, (guint64) offset, &end) ||
      __builtin_add_overflow (end, (guint64) size, &end))
    return FALSE;
  return end <= limit;
}

static gboolean
parse_sparse (GltfLoader   *loader,
              GltfAccessor *acc,
              JsonObject   *sparse,
              const char   *ptr,
              GError      **error)
{
  char sub[GLTF_PTR_MAX];
  JsonObject *indices, *values;
  guint64 count, offset, itype;
  GltfView *view;

  if (!gltf_json_uint (sparse, ptr, "count", TRUE, 0, acc->count, &count, error) ||
      !gltf_json_object (sparse, ptr, "indices", TRUE, &indices, error) ||
      !gltf_json_object (sparse, ptr, "values", TRUE, &values, error))
    return FALSE;

  if (count == 0)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr, "count must be at least 1");
      return FALSE;
    }
  acc->sparse_count = count;

  g_snprintf (sub, sizeof sub, "%s/indices", ptr);
  if (!gltf_json_index (indices, sub, "bufferView", TRUE, loader->n_views,
                        &acc->sparse_indices_view, error) ||
      !gltf_json_uint (indices, sub, "byteOffset", FALSE, 0, G_MAXSIZE, &offset, error) ||
      !gltf_json_uint (indices, sub, "componentType", TRUE, 0, G_MAXUINT, &itype, error))
    return FALSE;
  acc->sparse_indices_offset = offset;
  acc->sparse_indices_type = itype;

  if (acc->sparse_indices_type != GLTF_UNSIGNED_BYTE &&
      acc->sparse_indices_type != GLTF_UNSIGNED_SHORT &&
      acc->sparse_indices_type != GLTF_UNSIGNED_INT)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "%s/componentType: invalid value %u",
                  sub, acc->sparse_indices_type);
      return FALSE;
    }

  view = &loader->views[acc->sparse_indices_view];
  if (!fits (offset, component_size (acc->sparse_indices_type), count,
             component_size (acc->sparse_indices_type), view->length))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_BOUNDS, sub,
                  "%" G_GUINT64_FORMAT " sparse indices do not fit in bufferView %d", count,
                  acc->sparse_indices_view);
      return FALSE;
    }

  g_snprintf (sub, sizeof sub, "%s/values", ptr);
  if (!gltf_json_index (values, sub, "bufferView", TRUE, loader->n_views,
                        &acc->sparse_values_view, error) ||
      !gltf_json_uint (values, sub, "byteOffset", FALSE, 0, G_MAXSIZE, &offset, error))
    return FALSE;
  acc->sparse_values_offset = offset;

  view = &loader->views[acc->sparse_values_view];
  if (!fits (offset, acc->element_size, count, acc->element_size, view->length))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_BOUNDS, sub,
                  "%" G_GUINT64_FORMAT " sparse values do not fit in bufferView %d", count,
                  acc->sparse_values_view);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_accessor (GltfLoader   *loader,
                GltfAccessor *acc,
                JsonObject   *obj,
                const char   *ptr,
                GError      **error)
{
  guint64 offset, count, ctype;
  const char *type;
  JsonObject *sparse;

  if (!gltf_json_index (obj, ptr, "bufferView", FALSE, loader->n_views, &acc->view, error) ||
      !gltf_json_uint (obj, ptr, "byteOffset", FALSE, 0, G_MAXSIZE, &offset, error) ||
      !gltf_json_uint (obj, ptr, "componentType", TRUE, 0, G_MAXUINT, &ctype, error) ||
      !gltf_json_bool (obj, ptr, "normalized", FALSE, &acc->normalized, error) ||
      !gltf_json_uint (obj, ptr, "count", TRUE, 0, G_MAXUINT32, &count, error) ||
      !gltf_json_string (obj, ptr, "type", TRUE, &type, error) ||
      !gltf_json_object (obj, ptr, "sparse", FALSE, &sparse, error))
    return FALSE;

  acc->component_type = ctype;
  /* Unknown enum values are only warnings for the validator (newer
   * versions may add some): such an accessor fails only when used. */
  acc->component_size = component_size (acc->component_type);
  acc->n_components = type_components (type);
  if (acc->component_size == 0)
    acc->invalid = "componentType";
  else if (acc->n_components == 0)
    acc->invalid = "type";
  if (acc->invalid != NULL)
    return TRUE;

  if (acc->normalized && (acc->component_type == GLTF_FLOAT ||
                          acc->component_type == GLTF_UNSIGNED_INT))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                  "%s/normalized: only 8- and 16-bit integers can be normalized", ptr);
      return FALSE;
    }

  if (count == 0)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "%s/count: must be at least 1", ptr);
      return FALSE;
    }
  if (count > loader->limits.max_count)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_LIMIT, NULL,
                  "%s/count: %" G_GUINT64_FORMAT " exceeds the limit of %u", ptr, count,
                  loader->limits.max_count);
      return FALSE;
    }

  acc->count = count;
  acc->offset = offset;
  acc->element_size = element_size (type, acc->n_components, acc->component_size);
  acc->stride = acc->element_size;
  acc->element_extent = acc->element_size;
  if (acc->n_components == 4 && acc->element_size == 8 && acc->component_size == 1)
    acc->element_extent = 6;
  else if (acc->n_components == 9 && acc->component_size < 4)
    acc->element_extent = acc->element_size - (4 - 3 * acc->component_size % 4);

  if (acc->view >= 0)
    {
      GltfView *view = &loader->views[acc->view];

      if (view->stride != 0)
        {
          if (view->stride < acc->element_size)
            {
              gltf_error (error, ATELIER_GLTF_ERROR_BOUNDS, ptr,
                          "byteStride %u of bufferView %d is smaller than the element size %"
                          G_GSIZE_FORMAT, view->stride, acc->view, acc->element_size);
              return FALSE;
            }
          acc->stride = view->stride;
        }

      if (offset % acc->component_size != 0 ||
          (view->meshopt == NULL && (view->offset + offset) % acc->component_size != 0))
        {
          gltf_error (error, ATELIER_GLTF_ERROR_BOUNDS, NULL,
                      "%s/byteOffset: %" G_GUINT64_FORMAT " is not aligned to the component size %u",
                      ptr, offset, acc->component_size);
          return FALSE;
        }

      if (!fits (offset, acc->stride, count, acc->element_extent, view->length))
        {
          gltf_error (error, ATELIER_GLTF_ERROR_BOUNDS, ptr,
                      "byteOffset %" G_GUINT64_FORMAT " + stride %" G_GSIZE_FORMAT
                      " × (count %" G_GUINT64_FORMAT " − 1) + element size %" G_GSIZE_FORMAT
                      " exceeds bufferView %d's byteLength %" G_GSIZE_FORMAT,
                      offset, acc->stride, count, acc->element_size, acc->view, view->length);
          return FALSE;
        }
    }
  else if (json_object_has_member (obj, "byteOffset"))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                  "%s/byteOffset: not allowed without a bufferView", ptr);
      return FALSE;
    }

  if (sparse != NULL)
    {
      char sub[GLTF_PTR_MAX];

      g_snprintf (sub, sizeof sub, "%s/sparse", ptr);
      if (!parse_sparse (loader, acc, sparse, sub, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
gltf_accessors_parse (GltfLoader  *loader,
                      GError     **error)
{
  JsonArray *array;
  guint n;

  if (!gltf_json_root_array (loader, "accessors", &array, &n, error))
    return FALSE;

  loader->accessors = g_new0 (GltfAccessor, n);
  loader->n_accessors = n;

  for (guint i = 0; i < n; i++)
    {
      char ptr[GLTF_PTR_MAX];

      g_snprintf (ptr, sizeof ptr, "/accessors/%u", i);
      if (!parse_accessor (loader, &loader->accessors[i],
                           json_array_get_object_element (array, i), ptr, error))
        return FALSE;
    }

  return TRUE;
}

/* Elements per 4 MiB of source data (at least one). */
static inline guint32
chunk_elements (const GltfAccessor *acc)
{
  return MAX (1, (4u << 20) / MAX (acc->stride, 1));
}

static inline float
component_to_float (const guint8 *p,
                    guint         type,
                    gboolean      normalized)
{
  switch (type)
    {
    case GLTF_FLOAT:
      {
        float f;
        memcpy (&f, p, 4);
        return f;
      }
    case GLTF_BYTE:
      {
        gint8 v = (gint8) p[0];
        return normalized ? MAX (v / 127.0f, -1.0f) : (float) v;
      }
    case GLTF_UNSIGNED_BYTE:
      return normalized ? p[0] / 255.0f : (float) p[0];
    case GLTF_SHORT:
      {
        gint16 v;
        memcpy (&v, p, 2);
        return normalized ? MAX (v / 32767.0f, -1.0f) : (float) v;
      }
    case GLTF_UNSIGNED_SHORT:
      {
        guint16 v;
        memcpy (&v, p, 2);
        return normalized ? v / 65535.0f : (float) v;
      }
    case GLTF_UNSIGNED_INT:
      {
        guint32 v;
        memcpy (&v, p, 4);
        return (float) v;
      }
    default:
      g_assert_not_reached ();
    }
}

static inline guint32
read_index (const guint8 *p,
            guint         type)
{
  switch (type)
    {
    case GLTF_UNSIGNED_BYTE:
      return p[0];
    case GLTF_UNSIGNED_SHORT:
      {
        guint16 v;
        memcpy (&v, p, 2);
        return v;
      }
    default:
      {
        guint32 v;
        memcpy (&v, p, 4);
        return v;
      }
    }
}

static void
convert_element (const GltfAccessor *acc,
                 const guint8       *src,
                 guint               n_copy,
                 guint               n_out,
                 float              *dst)
{
  guint c;

  for (c = 0; c < n_copy; c++)
    dst[c] = component_to_float (src + c * acc->component_size, acc->component_type,
                                 acc->normalized);
  for (; c < n_out; c++)
    dst[c] = c == 3 ? 1.0f : 0.0f;
}

static gboolean
apply_sparse_floats (GltfLoader         *loader,
                     const GltfAccessor *acc,
                     const char         *ptr,
                     guint               n_copy,
                     guint               n_out,
                     float              *out,
                     GError            **error)
{
  const guint8 *idx_data, *val_data;
  gsize idx_len, val_len;
  guint idx_size = component_size (acc->sparse_indices_type);

  if (!gltf_view_data (loader, acc->sparse_indices_view, &idx_data, &idx_len, error) ||
      !gltf_view_data (loader, acc->sparse_values_view, &val_data, &val_len, error))
    return FALSE;

  idx_data += acc->sparse_indices_offset;
  val_data += acc->sparse_values_offset;

  for (guint32 i = 0; i < acc->sparse_count; i++)
    {
      guint32 target = read_index (idx_data + (gsize) i * idx_size, acc->sparse_indices_type);

      if (target >= acc->count)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_INDEX, NULL,
                      "%s/sparse/indices: index %u at %u is not below count %u", ptr, target,
                      i, acc->count);
          return FALSE;
        }
      convert_element (acc, val_data + (gsize) i * acc->element_size, n_copy, n_out,
                       out + (gsize) target * n_out);
    }

  return TRUE;
}

gboolean
gltf_accessor_read_floats (GltfLoader  *loader,
                           int          accessor,
                           const char  *ptr,
                           guint        n_out,
                           float       *out,
                           GError     **error)
{
  const GltfAccessor *acc;
  char acc_ptr[GLTF_PTR_MAX];
  const guint8 *data;
  gsize length;
  guint n_copy;

  g_assert (accessor >= 0 && (guint) accessor < loader->n_accessors);
  acc = &loader->accessors[accessor];
  g_snprintf (acc_ptr, sizeof acc_ptr, "/accessors/%d", accessor);
  if (acc->invalid != NULL)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "%s/%s: invalid value", acc_ptr,
                  acc->invalid);
      return FALSE;
    }

  if (acc->n_components > 4)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr, "a matrix accessor cannot be used here");
      return FALSE;
    }
  n_copy = MIN (acc->n_components, n_out);

  if (acc->view < 0)
    {
      for (guint32 i = 0; i < acc->count; i++)
        convert_element (acc, (const guint8 *) "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 0, n_out,
                         out + (gsize) i * n_out);
    }
  else
    {
      if (!gltf_view_data (loader, acc->view, &data, &length, error))
        return FALSE;
      data += acc->offset;

      /* In chunks, so the file pages already copied can be dropped while the
       * rest is read: peak memory stays near the decoded size. */
      for (guint32 start = 0; start < acc->count; start += chunk_elements (acc))
        {
          guint32 end = start + MIN (acc->count - start, chunk_elements (acc));
          const guint8 *src = data + (gsize) start * acc->stride;
          float *dst = out + (gsize) start * n_out;

          if (acc->component_type == GLTF_FLOAT && acc->n_components == n_out &&
              acc->stride == acc->element_size)
            memcpy (dst, src, (gsize) (end - start) * acc->element_size);
          else if (acc->component_type == GLTF_FLOAT && n_copy == n_out)
            for (guint32 i = start; i < end; i++)
              memcpy (out + (gsize) i * n_out, data + (gsize) i * acc->stride, n_out * 4);
          else
            for (guint32 i = start; i < end; i++)
              convert_element (acc, data + (gsize) i * acc->stride, n_copy, n_out,
                               out + (gsize) i * n_out);

          gltf_release_range (loader, src, (gsize) (end - start) * acc->stride);
        }
    }

  if (acc->sparse_count > 0 &&
      !apply_sparse_floats (loader, acc, acc_ptr, n_copy, n_out, out, error))
    return FALSE;

  return TRUE;
}

gboolean
gltf_accessor_read_indices (GltfLoader  *loader,
                            int          accessor,
                            const char  *ptr,
                            guint32     *out,
                            guint32     *max_value,
                            GError     **error)
{
  const GltfAccessor *acc;
  const guint8 *data;
  gsize length;
  guint32 max = 0;

  g_assert (accessor >= 0 && (guint) accessor < loader->n_accessors);
  acc = &loader->accessors[accessor];

  if (acc->invalid != NULL)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "/accessors/%d/%s: invalid value",
                  accessor, acc->invalid);
      return FALSE;
    }
  if (acc->n_components != 1 || (acc->component_type != GLTF_UNSIGNED_BYTE &&
                                 acc->component_type != GLTF_UNSIGNED_SHORT &&
                                 acc->component_type != GLTF_UNSIGNED_INT) || acc->normalized)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr,
                  "indices must be unsigned byte, short or int scalars");
      return FALSE;
    }

  if (acc->view < 0)
    memset (out, 0, (gsize) acc->count * sizeof (guint32));
  else
    {
      if (!gltf_view_data (loader, acc->view, &data, &length, error))
        return FALSE;
      data += acc->offset;

      for (guint32 start = 0; start < acc->count; start += chunk_elements (acc))
        {
          guint32 end = start + MIN (acc->count - start, chunk_elements (acc));

          if (acc->component_type == GLTF_UNSIGNED_INT && acc->stride == 4)
            {
              /* Copy and find the maximum in one pass over the data. */
              for (guint32 i = start; i < end; i++)
                {
                  guint32 v;
                  memcpy (&v, data + (gsize) i * 4, 4);
                  out[i] = v;
                  max = MAX (max, v);
                }
            }
          else if (acc->component_type == GLTF_UNSIGNED_SHORT)
            {
              for (guint32 i = start; i < end; i++)
                {
                  guint16 v;
                  memcpy (&v, data + (gsize) i * acc->stride, 2);
                  out[i] = v;
                  max = MAX (max, v);
                }
            }
          else
            {
              for (guint32 i = start; i < end; i++)
                {
                  out[i] = read_index (data + (gsize) i * acc->stride, acc->component_type);
                  max = MAX (max, out[i]);
                }
            }

          gltf_release_range (loader, data + (gsize) start * acc->stride,
                              (gsize) (end - start) * acc->stride);
        }
    }

  if (acc->sparse_count > 0)
    {
      const guint8 *idx_data, *val_data;
      gsize idx_len, val_len;
      guint idx_size = component_size (acc->sparse_indices_type);

      if (!gltf_view_data (loader, acc->sparse_indices_view, &idx_data, &idx_len, error) ||
          !gltf_view_data (loader, acc->sparse_values_view, &val_data, &val_len, error))
        return FALSE;
      idx_data += acc->sparse_indices_offset;
      val_data += acc->sparse_values_offset;

      max = 0;
      for (guint32 i = 0; i < acc->sparse_count; i++)
        {
          guint32 target = read_index (idx_data + (gsize) i * idx_size, acc->sparse_indices_type);

          if (target >= acc->count)
            {
              gltf_error (error, ATELIER_GLTF_ERROR_INDEX, NULL,
                          "/accessors/%d/sparse/indices: index %u is not below count %u",
                          accessor, target, acc->count);
              return FALSE;
            }
          out[target] = read_index (val_data + (gsize) i * acc->element_size, acc->component_type);
        }
      for (guint32 i = 0; i < acc->count; i++)
        max = MAX (max, out[i]);
    }

  *max_value = max;
  return TRUE;
}
