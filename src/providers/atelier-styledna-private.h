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

/* width and height together, not with aspectRatio, their area at most
 * ATELIER_STYLEDNA_MAX_AREA: the rules of /generate and /edit alike. */
gboolean             _atelier_styledna_check_size    (const AtelierParamTable  *table,
                                                      GHashTable               *params,
                                                      GError                  **error);
/* parse_status of both: an artwork record (GET /v2/artworks/:id). */
AtelierRemoteStatus *_atelier_styledna_parse_artwork (AtelierServiceClient     *self,
                                                      JsonObject               *answer,
                                                      gboolean                  submitted,
                                                      GError                  **error);
/* map_error of both: a 403 says which scope or domain the key lacks. */
GError              *_atelier_styledna_map_error     (AtelierServiceClient     *self,
                                                      GError                   *error);

G_END_DECLS
