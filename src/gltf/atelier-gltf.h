/* atelier-gltf.h: the glTF 2.0 / GLB loader: bytes in, scene out
 *
 * The scene is CPU-side and upload-ready: de-indexed accessors become plain
 * float/uint32 arrays, transforms are baked to world matrices per instance,
 * images are decoded to RGBA8. No GL, no widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ATELIER_GLTF_ERROR (atelier_gltf_error_quark ())
typedef enum
{
  ATELIER_GLTF_ERROR_FAILED = 1,
  ATELIER_GLTF_ERROR_CONTAINER,    /* GLB header, chunks, alignment */
  ATELIER_GLTF_ERROR_JSON,         /* syntax or type */
  ATELIER_GLTF_ERROR_INDEX,        /* an index out of range */
  ATELIER_GLTF_ERROR_BOUNDS,       /* accessor/bufferView outside its buffer */
  ATELIER_GLTF_ERROR_UNSUPPORTED,  /* a required extension we cannot do */
  ATELIER_GLTF_ERROR_LIMIT,        /* a size or count cap */
  ATELIER_GLTF_ERROR_IMAGE,        /* an image could not be decoded */
  ATELIER_GLTF_ERROR_IO,
} AtelierGltfError;
GQuark atelier_gltf_error_quark (void) G_GNUC_CONST;

/* Values are glTF's (which are GL's). */
typedef enum
{
  ATELIER_GLTF_MODE_POINTS         = 0,
  ATELIER_GLTF_MODE_LINES          = 1,
  ATELIER_GLTF_MODE_LINE_LOOP      = 2,
  ATELIER_GLTF_MODE_LINE_STRIP     = 3,
  ATELIER_GLTF_MODE_TRIANGLES      = 4,
  ATELIER_GLTF_MODE_TRIANGLE_STRIP = 5,
  ATELIER_GLTF_MODE_TRIANGLE_FAN   = 6,
} AtelierGltfMode;

typedef enum
{
  ATELIER_GLTF_ALPHA_OPAQUE,
  ATELIER_GLTF_ALPHA_MASK,
  ATELIER_GLTF_ALPHA_BLEND,
} AtelierGltfAlphaMode;

typedef struct
{
  int   texture;        /* index into scene->textures, -1 = none */
  int   texcoord;       /* 0 or 1 */
  float scale;          /* normalTexture.scale / occlusionTexture.strength, else 1 */
  /* KHR_texture_transform, identity when absent */
  float offset[2];
  float rotation;
  float uv_scale[2];
} AtelierGltfTextureRef;

typedef struct
{
  char                 *name;
  float                 base_color_factor[4];
  float                 metallic_factor;
  float                 roughness_factor;
  float                 emissive_factor[3];
  float                 emissive_strength;  /* KHR_materials_emissive_strength, 1 */
  AtelierGltfTextureRef base_color;         /* sRGB */
  AtelierGltfTextureRef metallic_roughness; /* linear, B = metal, G = rough */
  AtelierGltfTextureRef normal;
  AtelierGltfTextureRef occlusion;          /* R */
  AtelierGltfTextureRef emissive;           /* sRGB */
  AtelierGltfAlphaMode  alpha_mode;
  float                 alpha_cutoff;
  gboolean              double_sided;
  gboolean              unlit;              /* KHR_materials_unlit */
} AtelierGltfMaterial;

typedef struct
{
  /* GL enum values as in glTF; 0 = unset (renderer picks linear/mipmap). */
  guint mag_filter;
  guint min_filter;
  guint wrap_s;         /* default 10497 REPEAT */
  guint wrap_t;
} AtelierGltfSampler;

typedef struct
{
  char   *mime_type;    /* from magic bytes: image/png, image/jpeg, image/webp */
  int     width;
  int     height;
  guint8 *pixels;       /* RGBA8, width*height*4, NULL if decoding failed */
  char   *error;        /* why decoding failed (texture is then ignored) */
} AtelierGltfImage;

typedef struct
{
  int image;            /* index into scene->images, -1 = none */
  int sampler;          /* index into scene->samplers, -1 = default */
} AtelierGltfTexture;

typedef struct
{
  AtelierGltfMode mode;
  guint32  vertex_count;
  float   *positions;   /* 3 per vertex, always set */
  float   *normals;     /* 3 per vertex; computed when absent for triangles */
  float   *tangents;    /* 4 per vertex or NULL (generated when a normal map needs it) */
  float   *texcoords0;  /* 2 per vertex or NULL */
  float   *texcoords1;  /* 2 per vertex or NULL */
  float   *colors;      /* 4 per vertex (RGBA linear) or NULL */
  guint32 *indices;     /* NULL when not indexed */
  guint32  index_count;
  int      material;    /* index into scene->materials, -1 = default material */
  float    min[3];      /* local bounds */
  float    max[3];
} AtelierGltfPrimitive;

typedef struct
{
  char                 *name;
  AtelierGltfPrimitive *primitives;
  guint                 n_primitives;
} AtelierGltfMesh;

/* A mesh placed in the world: one per node that has a mesh. */
typedef struct
{
  int   mesh;
  int   node;
  float world[16];      /* column-major, as cglm's mat4 */
} AtelierGltfInstance;

typedef struct
{
  AtelierGltfMesh     *meshes;
  guint                n_meshes;
  AtelierGltfMaterial *materials;
  guint                n_materials;
  AtelierGltfTexture  *textures;
  guint                n_textures;
  AtelierGltfSampler  *samplers;
  guint                n_samplers;
  AtelierGltfImage    *images;
  guint                n_images;
  AtelierGltfInstance *instances;
  guint                n_instances;

  /* Summary for `atelier-cli info` and the stats overlay. */
  guint    n_scenes;
  guint    n_nodes;
  guint64  n_vertices;   /* over instances */
  guint64  n_triangles;  /* over instances */
  float    min[3];       /* world bounds of the default scene */
  float    max[3];
  GStrv    extensions_used;
  GStrv    extensions_required;
  gsize    file_size;
} AtelierGltfScene;

typedef struct
{
  gsize   max_file_size;      /* default 1 GiB */
  gsize   max_decoded_bytes;  /* default 2 GiB, geometry + pixels */
  guint   max_count;          /* any array's length, default 16M */
  gboolean decode_images;     /* default TRUE */
  /* External files of a .gltf (buffers, images) must resolve inside the
   * .gltf's own folder, symlinks followed: a downloaded model cannot make
   * the loader read "../../.ssh/id_rsa". TRUE lets relative paths leave it
   * ("../textures/a.png", common in hand-made assets), for a file a person
   * chose to open. Absolute paths, file: URIs and anything but regular
   * files are refused either way. Default FALSE. */
  gboolean allow_outside_folder;
} AtelierGltfLimits;

void              atelier_gltf_limits_init   (AtelierGltfLimits *limits);

/* @base_dir resolves external URIs of a .gltf (NULL: external URIs are an
 * error), within it unless @limits allow_outside_folder. Errors name the
 * problem and a JSON pointer ("/accessors/3/count"). */
AtelierGltfScene *atelier_gltf_load_bytes    (GBytes                  *bytes,
                                              const char              *base_dir,
                                              const AtelierGltfLimits *limits,
                                              GError                 **error);
AtelierGltfScene *atelier_gltf_load_file     (const char              *path,
                                              const AtelierGltfLimits *limits,
                                              GError                 **error);
/* Loads in a worker thread with the default limits. @progress (0..1) is
 * called on the caller's main context. */
typedef void (*AtelierGltfProgressFunc) (double fraction, gpointer user_data);
void              atelier_gltf_load_async    (GFile                   *file,
                                              AtelierGltfProgressFunc  progress,
                                              gpointer                 progress_data,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data);
/* The same with @limits (NULL: the defaults); finish with
 * atelier_gltf_load_finish (). */
void              atelier_gltf_load_async_full (GFile                 *file,
                                              const AtelierGltfLimits *limits,
                                              AtelierGltfProgressFunc  progress,
                                              gpointer                 progress_data,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data);
AtelierGltfScene *atelier_gltf_load_finish   (GAsyncResult            *result,
                                              GError                 **error);
void              atelier_gltf_scene_free    (AtelierGltfScene        *scene);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierGltfScene, atelier_gltf_scene_free)

G_END_DECLS
