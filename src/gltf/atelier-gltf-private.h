/* atelier-gltf-private.h: state shared by the loader's stages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "atelier-gltf.h"

G_BEGIN_DECLS

/* glTF component types */
#define GLTF_BYTE           5120
#define GLTF_UNSIGNED_BYTE  5121
#define GLTF_SHORT          5122
#define GLTF_UNSIGNED_SHORT 5123
#define GLTF_UNSIGNED_INT   5125
#define GLTF_FLOAT          5126

/* JSON pointers stay short: names inside them are truncated. */
#define GLTF_PTR_MAX 256

typedef struct
{
  const guint8 *data;     /* NULL: no data (a meshopt fallback buffer) */
  gsize         length;   /* declared byteLength, <= available bytes */
  GBytes       *owned;    /* data: URIs and external files */
  const char   *uri;      /* loaded on first use */
  gboolean      loaded;
} GltfBuffer;

typedef struct
{
  int         buffer;
  gsize       offset;
  gsize       length;
  guint       stride;     /* 0: tightly packed */
  JsonObject *meshopt;    /* EXT_meshopt_compression, or NULL */
  guint8     *decoded;    /* meshopt output, decoded on first use */
  gsize       decoded_length;
} GltfView;

typedef struct
{
  int      view;          /* -1: all zeros (sparse may override) */
  gsize    offset;
  guint    component_type;
  guint    component_size;
  guint    n_components;
  gboolean normalized;
  guint32  count;
  gsize    element_size;  /* with matrix column padding */
  gsize    element_extent;/* bytes the last element reaches (no trailing padding) */
  const char *invalid;    /* unknown type: an error only when used */
  gsize    stride;
  guint32  sparse_count;  /* 0: not sparse */
  int      sparse_indices_view;
  gsize    sparse_indices_offset;
  guint    sparse_indices_type;
  int      sparse_values_view;
  gsize    sparse_values_offset;
} GltfAccessor;

typedef struct
{
  float  local[16];
  int    parent;
  int    mesh;
  guint  n_children;
  int   *children;
} GltfNode;

/* The scene handed out, with what only the loader needs to free it. */
typedef struct
{
  AtelierGltfScene  pub;
  GObject         **pixbufs;  /* per image: owner of pixels, or NULL */
} GltfSceneReal;

typedef struct _GltfLoader GltfLoader;
typedef struct _GltfImageJobs GltfImageJobs;

struct _GltfLoader
{
  AtelierGltfLimits        limits;
  const guint8            *data;
  gsize                    size;
  const char              *base_dir;
  /* data is a private read-only file mapping whose consumed pages may be
   * dropped to keep peak memory near the decoded size */
  gboolean                 drop_pages;

  JsonParser              *parser;
  JsonObject              *root;
  gboolean                 is_glb;
  const guint8            *bin;
  gsize                    bin_length;
  gboolean                 has_bin;

  GltfBuffer              *buffers;
  guint                    n_buffers;
  GltfView                *views;
  guint                    n_views;
  GltfAccessor            *accessors;
  guint                    n_accessors;
  GltfNode                *nodes;
  guint                    n_nodes;

  gboolean                 quantization;
  gsize                    decoded_bytes;

  AtelierGltfScene        *scene;
  GltfImageJobs           *image_jobs;

  GCancellable            *cancellable;
  AtelierGltfProgressFunc  progress;
  gpointer                 progress_data;
};

/* Error helpers: messages read "<pointer>: <problem>" */
void      gltf_error               (GError          **error,
                                    AtelierGltfError  code,
                                    const char       *ptr,
                                    const char       *format,
                                    ...) G_GNUC_PRINTF (4, 5);

/* atelier-gltf-json.c */
JsonParser *gltf_json_parse        (GltfLoader       *loader,
                                    const char       *text,
                                    gsize             length,
                                    GError          **error);
gboolean  gltf_json_uint           (JsonObject       *obj,
                                    const char       *ptr,
                                    const char       *name,
                                    gboolean          required,
                                    guint64           def,
                                    guint64           max,
                                    guint64          *out,
                                    GError          **error);
gboolean  gltf_json_index          (JsonObject       *obj,
                                    const char       *ptr,
                                    const char       *name,
                                    gboolean          required,
                                    guint             n,
                                    int              *out,
                                    GError          **error);
gboolean  gltf_json_number         (JsonObject       *obj,
                                    const char       *ptr,
                                    const char       *name,
                                    double            def,
                                    double           *out,
                                    GError          **error);
gboolean  gltf_json_bool           (JsonObject       *obj,
                                    const char       *ptr,
                                    const char       *name,
                                    gboolean          def,
                                    gboolean         *out,
                                    GError          **error);
gboolean  gltf_json_string         (JsonObject       *obj,
                                    const char       *ptr,
                                    const char       *name,
                                    gboolean          required,
                                    const char      **out,
                                    GError          **error);
gboolean  gltf_json_object         (JsonObject       *obj,
                                    const char       *ptr,
                                    const char       *name,
                                    gboolean          required,
                                    JsonObject      **out,
                                    GError          **error);
gboolean  gltf_json_array          (JsonObject       *obj,
                                    const char       *ptr,
                                    const char       *name,
                                    gboolean          required,
                                    JsonArray       **out,
                                    GError          **error);
gboolean  gltf_json_floats         (JsonObject       *obj,
                                    const char       *ptr,
                                    const char       *name,
                                    guint             n,
                                    float            *out,
                                    GError          **error);
JsonObject *gltf_json_element_object (JsonArray     *array,
                                    guint             i,
                                    const char       *ptr,
                                    GError          **error);
gboolean  gltf_json_element_index  (JsonArray        *array,
                                    guint             i,
                                    const char       *ptr,
                                    guint             n,
                                    int              *out,
                                    GError          **error);
gboolean  gltf_json_root_array     (GltfLoader       *loader,
                                    const char       *name,
                                    JsonArray       **out,
                                    guint            *n,
                                    GError          **error);
JsonObject *gltf_json_extension    (JsonObject       *obj,
                                    const char       *name);

/* atelier-gltf-glb.c */
gboolean  gltf_glb_is_glb          (const guint8     *data,
                                    gsize             size);
gboolean  gltf_glb_parse           (GltfLoader       *loader,
                                    const guint8    **json,
                                    gsize            *json_length,
                                    GError          **error);

/* atelier-gltf-buffer.c */
gboolean  gltf_uri_load            (GltfLoader       *loader,
                                    const char       *uri,
                                    const char       *ptr,
                                    GBytes          **out,
                                    GError          **error);
gboolean  gltf_buffers_load        (GltfLoader       *loader,
                                    GError          **error);
gboolean  gltf_buffer_ensure       (GltfLoader       *loader,
                                    guint             buffer,
                                    GError          **error);
gboolean  gltf_views_load          (GltfLoader       *loader,
                                    GError          **error);
gboolean  gltf_view_data           (GltfLoader       *loader,
                                    int               view,
                                    const guint8    **data,
                                    gsize            *length,
                                    GError          **error);
gboolean  gltf_charge              (GltfLoader       *loader,
                                    gsize             n_bytes,
                                    const char       *ptr,
                                    GError          **error);
gpointer  gltf_try_alloc_large     (gsize             size);
void      gltf_release_range       (GltfLoader       *loader,
                                    const void       *data,
                                    gsize             length);

/* atelier-gltf-accessor.c */
gboolean  gltf_accessors_parse     (GltfLoader       *loader,
                                    GError          **error);
gboolean  gltf_accessor_read_floats (GltfLoader      *loader,
                                    int               accessor,
                                    const char       *ptr,
                                    guint             n_out,
                                    float            *out,
                                    GError          **error);
gboolean  gltf_accessor_read_indices (GltfLoader     *loader,
                                    int               accessor,
                                    const char       *ptr,
                                    guint32          *out,
                                    guint32          *max_value,
                                    GError          **error);

/* atelier-gltf-mesh.c */
gboolean  gltf_meshes_load         (GltfLoader       *loader,
                                    GError          **error);

/* atelier-gltf-normals.c */
void      gltf_compute_normals     (AtelierGltfPrimitive *prim);
void      gltf_compute_tangents    (AtelierGltfPrimitive *prim,
                                    const float          *uv);
guint64   gltf_primitive_triangles (const AtelierGltfPrimitive *prim);

/* atelier-gltf-material.c */
gboolean  gltf_materials_load      (GltfLoader       *loader,
                                    GError          **error);

/* atelier-gltf-image.c */
gboolean  gltf_images_start        (GltfLoader       *loader,
                                    GError          **error);
void      gltf_images_finish       (GltfLoader       *loader);
/* The image's MIME type and size from its header (atelier_image_probe);
 * FALSE when it is not a PNG, JPEG or WebP with a readable header. */
gboolean  gltf_image_sniff         (const guint8     *data,
                                    gsize             length,
                                    const char      **mime_type,
                                    guint32          *width,
                                    guint32          *height);
/* atelier-gltf-codecs.c: RGBA8, exactly width × height, or NULL and @error */
guint8   *gltf_decode_png          (const guint8     *data,
                                    gsize             length,
                                    guint32           width,
                                    guint32           height,
                                    char            **error);
guint8   *gltf_decode_jpeg         (const guint8     *data,
                                    gsize             length,
                                    guint32           width,
                                    guint32           height,
                                    char            **error);
guint8   *gltf_decode_webp         (const guint8     *data,
                                    gsize             length,
                                    guint32           width,
                                    guint32           height,
                                    char            **error);
void      gltf_image_free_pixels   (AtelierGltfScene *scene,
                                    guint             i);

/* atelier-gltf-scene.c */
gboolean  gltf_nodes_load          (GltfLoader       *loader,
                                    GError          **error);
gboolean  gltf_scenes_load         (GltfLoader       *loader,
                                    GError          **error);

/* atelier-gltf-validate.c */
gboolean  gltf_validate_other      (GltfLoader       *loader,
                                    GError          **error);

/* atelier-gltf-meshopt.c */
gboolean  gltf_meshopt_available   (void);
gboolean  gltf_meshopt_decode      (GltfLoader       *loader,
                                    guint             view,
                                    GError          **error);

/* atelier-gltf.c */
AtelierGltfScene *gltf_load        (GBytes                  *bytes,
                                    const char              *base_dir,
                                    const AtelierGltfLimits *limits,
                                    gboolean                 drop_pages,
                                    GCancellable            *cancellable,
                                    AtelierGltfProgressFunc  progress,
                                    gpointer                 progress_data,
                                    GError                 **error);
AtelierGltfScene *gltf_load_path   (const char              *path,
                                    const AtelierGltfLimits *limits,
                                    GCancellable            *cancellable,
                                    AtelierGltfProgressFunc  progress,
                                    gpointer                 progress_data,
                                    GError                 **error);
gboolean  gltf_check_cancelled     (GltfLoader       *loader,
                                    GError          **error);
void      gltf_report              (GltfLoader       *loader,
                                    double            fraction);

G_END_DECLS
