/* atelier-image-probe.h: an image's format and size from its header, without decoding
 *
 * Every place that decodes an image (list thumbnails, the image view, glTF
 * textures) asks this first and refuses images over one limit, so a 2 MB
 * file claiming 30000 × 30000 pixels costs a few reads instead of 3.6 GB.
 * GLib only: the glTF loader, the UI and the core all link it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one limit for decoding an image anywhere in Atelier: 100 megapixels
 * (400 MB as RGBA; a 10000² image, more than any generation service sends)
 * and 16384 pixels a side (the largest GL texture most drivers, llvmpipe
 * included, accept; it also bounds a row for extreme aspect ratios). */
#define ATELIER_IMAGE_MAX_PIXELS 100000000u
#define ATELIER_IMAGE_MAX_EDGE   16384u

#define ATELIER_IMAGE_ERROR (atelier_image_error_quark ())
typedef enum
{
  ATELIER_IMAGE_ERROR_TOO_LARGE = 1,  /* over the limit above: shown as "too large to show" */
  ATELIER_IMAGE_ERROR_MALFORMED,      /* a PNG, JPEG or WebP whose header is broken */
} AtelierImageError;
GQuark atelier_image_error_quark (void) G_GNUC_CONST;

typedef enum
{
  ATELIER_IMAGE_FORMAT_UNKNOWN,
  ATELIER_IMAGE_FORMAT_PNG,
  ATELIER_IMAGE_FORMAT_JPEG,
  ATELIER_IMAGE_FORMAT_WEBP,
} AtelierImageFormat;

typedef enum
{
  ATELIER_IMAGE_PROBE_UNKNOWN,    /* not PNG, JPEG or WebP */
  ATELIER_IMAGE_PROBE_TRUNCATED,  /* a known format whose header goes on past the data */
  ATELIER_IMAGE_PROBE_MALFORMED,  /* a known format with an invalid header */
  ATELIER_IMAGE_PROBE_OK,         /* width and height are set (both ≥ 1) */
} AtelierImageProbeResult;

typedef struct
{
  AtelierImageFormat format;
  guint32            width;
  guint32            height;
  gboolean           interlaced;  /* PNG Adam7 or progressive JPEG */
} AtelierImageInfo;

/* Reads only headers; safe on any bytes. @info is always set (zero sizes
 * unless the result is OK). Services declare one type and send another, so
 * only the magic bytes count, never a name or a MIME type. */
AtelierImageProbeResult atelier_image_probe        (const guint8     *data,
                                                    gsize             length,
                                                    AtelierImageInfo *info);
/* Reads as little of @path as the header needs (JPEG metadata before the
 * frame header can be long: up to 16 MiB are read). An unknown format is
 * not an error (@info->format is then UNKNOWN); a broken header of a known
 * one is ATELIER_IMAGE_ERROR_MALFORMED. */
gboolean                atelier_image_probe_file   (const char       *path,
                                                    AtelierImageInfo *info,
                                                    GError          **error);
const char             *atelier_image_format_mime_type (AtelierImageFormat format);

gboolean                atelier_image_size_allowed (guint64           width,
                                                    guint64           height);
/* ATELIER_IMAGE_ERROR_TOO_LARGE, saying the size and the limit, when
 * not allowed. */
gboolean                atelier_image_check_size   (guint64           width,
                                                    guint64           height,
                                                    GError          **error);

G_END_DECLS
