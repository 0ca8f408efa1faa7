/* atelier-image-probe.c: an image's format and size from its header, without decoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-image-probe"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atelier-image-probe.h"

/* What probe_file reads first, and at most (for JPEGs with long metadata). */
#define HEAD_SIZE     (64u * 1024)
#define MAX_HEAD_SIZE (16u * 1024 * 1024)

G_DEFINE_QUARK (atelier-image-error-quark, atelier_image_error)

static guint32
be16 (const guint8 *p)
{
  return ((guint32) p[0] << 8) | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
le24 (const guint8 *p)
{
  return p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16);
}

static AtelierImageProbeResult
probe_png (const guint8     *d,
           gsize             n,
           AtelierImageInfo *info)
{
  /* The signature, then IHDR: length 13, width, height, depth, colour
   * type, compression, filter, interlace. */
  if (n < 8 + 8 + 13)
    return ATELIER_IMAGE_PROBE_TRUNCATED;
  if (be32 (d + 8) != 13 || memcmp (d + 12, "IHDR", 4) != 0)
    return ATELIER_IMAGE_PROBE_MALFORMED;

  info->width = be32 (d + 16);
  info->height = be32 (d + 20);
  info->interlaced = d[28] == 1;
  /* The spec caps both at 2³¹ − 1. */
  if (info->width == 0 || info->height == 0 || info->width > G_MAXINT32 || info->height > G_MAXINT32)
    return ATELIER_IMAGE_PROBE_MALFORMED;
  return ATELIER_IMAGE_PROBE_OK;
}

static gboolean
is_sof (guint8 marker)
{
  /* SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

static AtelierImageProbeResult
probe_jpeg (const guint8     *d,
            gsize             n,
            AtelierImageInfo *info)
{
  gsize i = 2;

  for (;;)
    {
      guint8 marker;
      guint32 length;

      if (i >= n)
        return ATELIER_IMAGE_PROBE_TRUNCATED;
      if (d[i] != 0xFF)
        return ATELIER_IMAGE_PROBE_MALFORMED;
      /* Any number of fill bytes may precede a marker. */
      while (i < n && d[i] == 0xFF)
        i++;
      if (i >= n)
        return ATELIER_IMAGE_PROBE_TRUNCATED;
      marker = d[i++];

      /* Markers without a length. */
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
        continue;
      /* Image data or the end before any frame header. */
      if (marker == 0x00 || marker == 0xD8 || marker == 0xD9 || marker == 0xDA)
        return ATELIER_IMAGE_PROBE_MALFORMED;

      if (n - i < 2)
        return ATELIER_IMAGE_PROBE_TRUNCATED;
      length = be16 (d + i);
      if (length < 2)
        return ATELIER_IMAGE_PROBE_MALFORMED;

      if (is_sof (marker))
        {
          /* Length, precision, height, width, component count. */
          if (length < 8)
            return ATELIER_IMAGE_PROBE_MALFORMED;
          if (n - i < 8)
            return ATELIER_IMAGE_PROBE_TRUNCATED;
          info->height = be16 (d + i + 3);
          info->width = be16 (d + i + 5);
          info->interlaced = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
          /* A height of 0 defers to a DNL marker after the first scan,
           * which decoders refuse and no service writes. */
          if (info->width == 0 || info->height == 0)
            return ATELIER_IMAGE_PROBE_MALFORMED;
          return ATELIER_IMAGE_PROBE_OK;
        }

      i += length;
    }
}

static guint32
le32 (const guint8 *p)
{
  return p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static AtelierImageProbeResult
probe_webp (const guint8     *d,
            gsize             n,
            AtelierImageInfo *info)
{
  /* RIFF, size, WEBP, then the first chunk's tag and size at 12..19. */
  if (n < 20)
    return ATELIER_IMAGE_PROBE_TRUNCATED;

  if (memcmp (d + 12, "VP8 ", 4) == 0)
    {
      /* A 3-byte frame tag (bit 0 clear on a key frame), the start code,
       * 14-bit sizes with 2 scaling bits. */
      if (n < 30)
        return ATELIER_IMAGE_PROBE_TRUNCATED;
      if ((d[20] & 1) != 0 || d[23] != 0x9D || d[24] != 0x01 || d[25] != 0x2A)
        return ATELIER_IMAGE_PROBE_MALFORMED;
      info->width = (d[26] | (d[27] << 8)) & 0x3FFF;
      info->height = (d[28] | (d[29] << 8)) & 0x3FFF;
    }
  else if (memcmp (d + 12, "VP8L", 4) == 0)
    {
      /* A signature byte, then 14 bits each of width − 1 and height − 1. */
      guint32 bits;

      if (n < 25)
        return ATELIER_IMAGE_PROBE_TRUNCATED;
      if (d[20] != 0x2F)
        return ATELIER_IMAGE_PROBE_MALFORMED;
      bits = le32 (d + 21);
      info->width = (bits & 0x3FFF) + 1;
      info->height = ((bits >> 14) & 0x3FFF) + 1;
    }
  else if (memcmp (d + 12, "VP8X", 4) == 0)
    {
      /* Flags, 3 reserved bytes, 24 bits each of canvas width − 1 and
       * height − 1: up to 16M a side, so this is where WebP bombs are. */
      if (n < 30)
        return ATELIER_IMAGE_PROBE_TRUNCATED;
      info->width = le24 (d + 24) + 1;
      info->height = le24 (d + 27) + 1;
    }
  else
    return ATELIER_IMAGE_PROBE_MALFORMED;

  if (info->width == 0 || info->height == 0)
    return ATELIER_IMAGE_PROBE_MALFORMED;
  return ATELIER_IMAGE_PROBE_OK;
}

AtelierImageProbeResult
atelier_image_probe (const guint8     *data,
                     gsize             length,
                     AtelierImageInfo *info)
{
  AtelierImageProbeResult result;

  g_return_val_if_fail (data != NULL || length == 0, ATELIER_IMAGE_PROBE_UNKNOWN);
  g_return_val_if_fail (info != NULL, ATELIER_IMAGE_PROBE_UNKNOWN);

  memset (info, 0, sizeof *info);

  if (length >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    {
      info->format = ATELIER_IMAGE_FORMAT_PNG;
      result = probe_png (data, length, info);
    }
  else if (length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    {
      info->format = ATELIER_IMAGE_FORMAT_JPEG;
      result = probe_jpeg (data, length, info);
    }
  else if (length >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    {
      info->format = ATELIER_IMAGE_FORMAT_WEBP;
      result = probe_webp (data, length, info);
    }
  else
    return ATELIER_IMAGE_PROBE_UNKNOWN;

  if (result != ATELIER_IMAGE_PROBE_OK)
    info->width = info->height = 0;
  return result;
}

const char *
atelier_image_format_mime_type (AtelierImageFormat format)
{
  switch (format)
    {
    case ATELIER_IMAGE_FORMAT_PNG:
      return "image/png";
    case ATELIER_IMAGE_FORMAT_JPEG:
      return "image/jpeg";
    case ATELIER_IMAGE_FORMAT_WEBP:
      return "image/webp";
    case ATELIER_IMAGE_FORMAT_UNKNOWN:
    default:
      return NULL;
    }
}

gboolean
atelier_image_size_allowed (guint64 width,
                            guint64 height)
{
  return width >= 1 && height >= 1 &&
         width <= ATELIER_IMAGE_MAX_EDGE && height <= ATELIER_IMAGE_MAX_EDGE &&
         width * height <= ATELIER_IMAGE_MAX_PIXELS;
}

gboolean
atelier_image_check_size (guint64   width,
                          guint64   height,
                          GError  **error)
{
  if (atelier_image_size_allowed (width, height))
    return TRUE;

  if (width == 0 || height == 0)
    {
      g_set_error_literal (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_MALFORMED,
                           _("The image has no pixels"));
      return FALSE;
    }
  /* Formatted first: a 64-bit format macro inside _() cuts the message
   * short for xgettext. */
  g_autofree char *w = g_strdup_printf ("%" G_GUINT64_FORMAT, width);
  g_autofree char *h = g_strdup_printf ("%" G_GUINT64_FORMAT, height);

  /* The pixel count says more than the side, when both are over. */
  if (width <= ATELIER_IMAGE_MAX_PIXELS && height <= ATELIER_IMAGE_MAX_PIXELS &&
      width * height <= ATELIER_IMAGE_MAX_PIXELS)
    g_set_error (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_TOO_LARGE,
                 /* Translators: an image's width and height, then the largest
                  * side Atelier decodes, e.g. "30000 × 200 pixels, wider or
                  * taller than the 16384 pixels Atelier shows" */
                 _("%s × %s pixels, wider or taller than the %u pixels Atelier shows"),
                 w, h, ATELIER_IMAGE_MAX_EDGE);
  else
    g_set_error (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_TOO_LARGE,
                 /* Translators: an image's width and height, then the limit in
                  * megapixels, e.g. "12000 × 12000 pixels, more than the 100
                  * megapixels Atelier shows" */
                 _("%s × %s pixels, more than the %u megapixels Atelier shows"),
                 w, h, ATELIER_IMAGE_MAX_PIXELS / 1000000);
  return FALSE;
}

/* Reads up to @want bytes from the start of @fd into @buffer. */
static gssize
read_head (int     fd,
           guint8 *buffer,
           gsize   want)
{
  gsize done = 0;

  while (done < want)
    {
      gssize n = pread (fd, buffer + done, want - done, (off_t) done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += n;
    }
  return (gssize) done;
}

gboolean
atelier_image_probe_file (const char       *path,
                          AtelierImageInfo *info,
                          GError          **error)
{
  g_autofree guint8 *buffer = NULL;
  gsize want = HEAD_SIZE;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  memset (info, 0, sizeof *info);

  /* Non-blocking so a FIFO put where an image was expected cannot hang
   * the caller; only regular files are read. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s: %s", path, g_strerror (saved));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s is not a regular file"), path);
      return FALSE;
    }

  for (;;)
    {
      AtelierImageProbeResult result;
      gssize n;

      buffer = g_realloc (buffer, want);
      n = read_head (fd, buffer, want);
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "%s: %s", path, g_strerror (saved));
          return FALSE;
        }

      result = atelier_image_probe (buffer, n, info);
      if (result == ATELIER_IMAGE_PROBE_TRUNCATED && (gsize) n == want && want < MAX_HEAD_SIZE)
        {
          want *= 4;
          continue;
        }

      close (fd);
      if (result == ATELIER_IMAGE_PROBE_OK || result == ATELIER_IMAGE_PROBE_UNKNOWN)
        return TRUE;

      g_set_error (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_MALFORMED,
                   /* Translators: %s is a format name: PNG, JPEG or WebP */
                   _("The file is not a valid %s image (its header is damaged or cut short)"),
                   info->format == ATELIER_IMAGE_FORMAT_PNG ? "PNG"
                   : info->format == ATELIER_IMAGE_FORMAT_JPEG ? "JPEG" : "WebP");
      return FALSE;
    }
}
