/* atelier-styledna-private.h: what the Style DNA clients share
 *
 * "styledna" (generate) and "styledna-edit" are two services of one
 * account: the same key, address and artworks. The edit client reuses the
 * generate client's size rules, artwork reading and 403 wording from here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-styledna.h"

G_BEGIN_DECLS

/* Style DNA deletes artworks and their images 8 days after creation. */
#define ATELIER_STYLEDNA_RETENTION_US ((gint64) 8 * 24 * 3600 * G_USEC_PER_SEC)

extern const char * const _atelier_styledna_aspect_ratios[];
extern const char * const _atelier_styledna_image_formats[];

/* An input a request cannot go without, with no default or range: the
 * prompts and image addresses of both tables. */
#define ATELIER_STYLEDNA_REQUIRED_SPEC(name, type, label, help) \
  { name, type, label, help, NULL, NULL, 0, 0, ATELIER_PARAM_FLAG_REQUIRED }

/* The size entries both tables share: width and height (512–2048, together,
 * not with aspectRatio) and the file format. */
#define ATELIER_STYLEDNA_SIZE_SPECS \
  { "width", ATELIER_PARAM_INT, N_("Width"), \
    N_("512–2048 pixels, with height; width × height at most 1,763,584"), \
    NULL, NULL, 512, 2048, ATELIER_PARAM_FLAG_ADVANCED, "aspectRatio" }, \
  { "height", ATELIER_PARAM_INT, N_("Height"), \
    N_("512–2048 pixels, with width; width × height at most 1,763,584"), \
    NULL, NULL, 512, 2048, ATELIER_PARAM_FLAG_ADVANCED, "aspectRatio" }, \
  { "imageFormat", ATELIER_PARAM_ENUM, N_("File format"), NULL, "png", \
    _atelier_styledna_image_formats }

/* The shape of an image, last in both tables: aspectRatio (@blurb says when
 * it applies, @flags), or else the size entries. */
#define ATELIER_STYLEDNA_SHAPE_SPECS(blurb, flags) \
  { "aspectRatio", ATELIER_PARAM_ENUM, N_("Aspect ratio"), blurb, \
    NULL, _atelier_styledna_aspect_ratios, 0, 0, flags, "width,height" }, \
  ATELIER_STYLEDNA_SIZE_SPECS

/* What both clients set in class_init: the account's artworks (polled at
 * v2/artworks/:id and read by _atelier_styledna_parse_artwork), its 403
 * wording, @validate (NULL: _atelier_styledna_validate), and a submission that POSTs the parameters as JSON
 * to @path (static: a string literal). */
void                 _atelier_styledna_class_setup   (AtelierServiceClientClass *client_class,
                                                      gboolean (*validate) (AtelierServiceClient *,
                                                                            GHashTable *,
                                                                            GError **),
                                                      const char                *path);
/* A parameter given or defaulted, by the client's own table. */
const char          *_atelier_styledna_get           (AtelierServiceClient     *self,
                                                      GHashTable               *params,
                                                      const char               *name);

/* The rules of both: the image addresses (URL parameters) http(s), width
 * and height together, not with aspectRatio, their area at most
 * ATELIER_STYLEDNA_MAX_AREA. */
gboolean             _atelier_styledna_validate      (AtelierServiceClient     *client,
                                                      GHashTable               *params,
                                                      GError                  **error);

G_END_DECLS
