/* atelier-core3d-products.h: Core3D's products (GET /models), read and cached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-core3d-client.h"

G_BEGIN_DECLS

#define ATELIER_CORE3D_MODEL_URI  "core3d:model:"
#define ATELIER_CORE3D_DESIGN_URI "core3d:design:"
#define ATELIER_CORE3D_UPLOAD_URI "core3d:upload:"

/* One entry of GET /models. */
typedef struct
{
  char   *id;
  char   *uri;           /* "core3d:model:…": what a design generation takes */
  char   *name;          /* "Tee" */
  char  **capabilities;  /* "dtf" (all-over print), "dtg" (printable zones)… */
  char   *preview;       /* images.default.fullsize.url, may be NULL */
  char   *platform_url;  /* platform.url, may be NULL */
  double  ratio;         /* width of the UV space in metres (default 1) */
} AtelierCore3dProduct;

#define ATELIER_TYPE_CORE3D_PRODUCT (atelier_core3d_product_get_type ())
GType                 atelier_core3d_product_get_type (void) G_GNUC_CONST;
AtelierCore3dProduct *atelier_core3d_product_copy     (const AtelierCore3dProduct *product);
void                  atelier_core3d_product_free     (AtelierCore3dProduct       *product);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierCore3dProduct, atelier_core3d_product_free)

gboolean atelier_core3d_product_supports   (const AtelierCore3dProduct *product,
                                            const char                 *capability);
/* Whether a design of @type ("pattern" | "graphic") can go on it: a pattern
 * covers the whole garment, so it needs all-over print (dtf); a graphic
 * fits printable zones (dtg) or all-over print. A product that lists no
 * capability is left to the service. */
gboolean atelier_core3d_product_takes_type (const AtelierCore3dProduct *product,
                                            const char                 *type);
/* "pattern, graphic": what it takes, for a message. */
char    *atelier_core3d_product_list_types (const AtelierCore3dProduct *product);

/* The one reading of GET /models: a bare array (or {data: […]}). An
 * AtelierAnswerFunc returning a GPtrArray of AtelierCore3dProduct. */
gpointer atelier_core3d_parse_products     (AtelierServiceClient  *client,
                                            JsonNode              *root,
                                            GError               **error);
/* images.default.fullsize.url of a product, a generation or a design: an
 * http(s) link, or NULL. */
const char *atelier_core3d_preview_link    (JsonObject                 *obj);
/* By URI, id or name (case-insensitive); NULL when none. */
const AtelierCore3dProduct *atelier_core3d_products_find (GPtrArray  *products,
                                                          const char *key);

/* The products, oldest first: a stable order for the picker (a sort order is
 * what tells the sandbox's Core3D listing from OpenAI's, both at /v1/models). */
#define ATELIER_CORE3D_PRODUCTS_PATH "models?sort=created_at"

/* A new array of copies, for a caller to keep. */
GPtrArray            *atelier_core3d_products_copy (GPtrArray *products);

/* For class_init of a client that keeps the products (design, export): its
 * listing, checked by the model parameter. */
void                  atelier_core3d_products_class_setup (AtelierCore3dClientClass *klass);

G_END_DECLS
