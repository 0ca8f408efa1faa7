/* atelier-core3d.h: Core3D image generations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-core3d-client.h"

G_BEGIN_DECLS

/* One entry of GET /generation-styles. */
typedef struct
{
  char  *id;                 /* "vector-art": the value of the style parameter */
  char  *name;               /* "Vector Art" */
  char  *preview;            /* preview image URL, may be NULL */
  char  *uri;                /* "core3d:generation-style:…", may be NULL */
  char **types;              /* target types it supports: "graphic", "pattern"… */
  char **transparent_types;  /* the subset that supports transparency */
  char **prompt_types;       /* the subset that takes a prompt */
} AtelierCore3dStyle;

#define ATELIER_TYPE_CORE3D_STYLE (atelier_core3d_style_get_type ())
GType               atelier_core3d_style_get_type (void) G_GNUC_CONST;
AtelierCore3dStyle *atelier_core3d_style_copy     (const AtelierCore3dStyle *style);
void                atelier_core3d_style_free     (AtelierCore3dStyle       *style);
gboolean            atelier_core3d_style_supports (const AtelierCore3dStyle *style,
                                                   const char               *type);
gboolean            atelier_core3d_style_supports_transparency (const AtelierCore3dStyle *style,
                                                                const char               *type);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierCore3dStyle, atelier_core3d_style_free)

#define ATELIER_TYPE_CORE3D_PROVIDER (atelier_core3d_provider_get_type ())
G_DECLARE_FINAL_TYPE (AtelierCore3dProvider, atelier_core3d_provider, ATELIER, CORE3D_PROVIDER, AtelierCore3dClient)

/* The styles, as the Core3D client lists them (atelier_core3d_client_list_async()):
 * fetched once (later calls answer from the cache unless @refresh) and
 * offered as the style parameter's choices; "styles-changed" is emitted
 * when the list changes. Finishes with a GPtrArray of AtelierCore3dStyle
 * (copies). */
#define atelier_core3d_provider_list_styles_async(self, refresh, cancellable, callback, data) \
  atelier_core3d_client_list_async (ATELIER_CORE3D_CLIENT (self), refresh, cancellable, \
                                    callback, data)
#define atelier_core3d_provider_list_styles_finish(self, result, error) \
  atelier_core3d_client_list_finish (ATELIER_CORE3D_CLIENT (self), result, error)
/* The cached styles, or NULL before the first successful listing (borrowed). */
GPtrArray       *atelier_core3d_provider_get_styles         (AtelierCore3dProvider *self);

G_END_DECLS
