/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-page-writer"

#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <jpeglib.h>
#include <png.h>

#include "yc-page-writer.h"
#include "yc-scan-page-private.h"

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf               jump;
  char                  message[JMSG_LENGTH_MAX];
} JpegError;

struct _YcPageWriter
{
  YcSpool                     *spool;
  YcPageLayout                 layout;
  YcScanMode                   mode;
  YcScanPageFormat             format;
  guint                        width;
  int                          height;          /* -1 until the end when the device can't say */
  gsize                        in_stride;
  gsize                        out_stride;
  double                       resolution;
  guint                        quality;
  guint                        lines;
  guint8                      *row;

  char                        *path;
  FILE                        *file;
  gboolean                     started;
  gboolean                     done;

  char                        *raw_path;        /* lines waiting for an unknown page length */
  FILE                        *raw;

  struct jpeg_compress_struct  jpeg;
  JpegError                    jpeg_error;
  png_structp                  png;
  png_infop                    png_info;
  char                         png_message[256];
};

static void
set_io_error (GError     **error,
              int          saved_errno,
              const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("The page could not be written to %s (%s). Check that the disk has free "
                 "space, then scan again."), path, g_strerror (saved_errno));
}

/* The image library's words are for the log; the clerk is told what to do. */
static void
encoder_failed (GError     **error,
                const char  *encoder,
                const char  *message)
{
  g_message ("%s encoder: %s", encoder, message);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("The scanned image could not be compressed. Close other programs to "
                         "free memory, then scan the page again."));
}

static void
jpeg_error_exit (j_common_ptr cinfo)
{
  JpegError *err = (JpegError *) cinfo->err;

  err->pub.format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

static void
png_error_cb (png_structp  png,
              const char  *message)
{
  YcPageWriter *self = png_get_error_ptr (png);

  g_strlcpy (self->png_message, message, sizeof self->png_message);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp  png,
                const char  *message)
{
  g_debug ("libpng: %s", message);
}

static void
encoder_release (YcPageWriter *self)
{
  if (self->format == YC_SCAN_PAGE_FORMAT_JPEG)
    {
      if (self->started)
        jpeg_destroy_compress (&self->jpeg);
    }
  else if (self->png != NULL)
    png_destroy_write_struct (&self->png, &self->png_info);
  self->started = FALSE;
}

static gboolean
jpeg_begin (YcPageWriter  *self,
            GError       **error)
{
  struct jpeg_compress_struct *cinfo = &self->jpeg;
  guint density = (guint) CLAMP (self->resolution + 0.5, 1, G_MAXUINT16);

  cinfo->err = jpeg_std_error (&self->jpeg_error.pub);
  self->jpeg_error.pub.error_exit = jpeg_error_exit;
  jpeg_create_compress (cinfo);
  self->started = TRUE;
  if (setjmp (self->jpeg_error.jump) != 0)
    {
      encoder_failed (error, "JPEG", self->jpeg_error.message);
      return FALSE;
    }

  jpeg_stdio_dest (cinfo, self->file);
  cinfo->image_width = self->width;
  cinfo->image_height = self->height;
  if (self->mode == YC_SCAN_MODE_COLOR)
    {
      cinfo->input_components = 3;
      cinfo->in_color_space = JCS_RGB;
    }
  else
    {
      cinfo->input_components = 1;
      cinfo->in_color_space = JCS_GRAYSCALE;
    }
  jpeg_set_defaults (cinfo);
  jpeg_set_quality (cinfo, self->quality, TRUE);
  /* Whole-image Huffman optimisation would buffer the page's coefficients in memory. */
  cinfo->optimize_coding = FALSE;
  cinfo->density_unit = 1;
  cinfo->X_density = density;
  cinfo->Y_density = density;
  jpeg_start_compress (cinfo, TRUE);
  return TRUE;
}

static gboolean
png_begin (YcPageWriter  *self,
           GError       **error)
{
  png_uint_32 per_metre = (png_uint_32) (self->resolution / 0.0254 + 0.5);

  self->png = png_create_write_struct (PNG_LIBPNG_VER_STRING, self,
                                       png_error_cb, png_warning_cb);
  if (self->png == NULL)
    {
      encoder_failed (error, "PNG", "out of memory");
      return FALSE;
    }
  self->png_info = png_create_info_struct (self->png);
  self->started = TRUE;
  if (self->png_info == NULL || setjmp (png_jmpbuf (self->png)) != 0)
    {
      encoder_failed (error, "PNG", self->png_message);
      return FALSE;
    }

  png_init_io (self->png, self->file);
  png_set_IHDR (self->png, self->png_info, self->width, self->height, 1, PNG_COLOR_TYPE_GRAY,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_pHYs (self->png, self->png_info, per_metre, per_metre, PNG_RESOLUTION_METER);
  /* Filters do not help 1-bit scans and cost time. */
  png_set_filter (self->png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_write_info (self->png, self->png_info);
  /* SANE says 1 is black, PNG grey says 0 is. */
  png_set_invert_mono (self->png);
  return TRUE;
}

static gboolean
encoder_begin (YcPageWriter  *self,
               GError       **error)
{
  self->file = g_fopen (self->path, "wbx");
  if (self->file == NULL)
    {
      set_io_error (error, errno, self->path);
      return FALSE;
    }

  if (self->format == YC_SCAN_PAGE_FORMAT_JPEG)
    return jpeg_begin (self, error);
  return png_begin (self, error);
}

static gboolean
encoder_row (YcPageWriter  *self,
             guint8        *row,
             GError       **error)
{
  if (self->format == YC_SCAN_PAGE_FORMAT_JPEG)
    {
      JSAMPROW rows[1] = { row };

      if (setjmp (self->jpeg_error.jump) != 0)
        {
          encoder_failed (error, "JPEG", self->jpeg_error.message);
          return FALSE;
        }
      jpeg_write_scanlines (&self->jpeg, rows, 1);
    }
  else
    {
      if (setjmp (png_jmpbuf (self->png)) != 0)
        {
          encoder_failed (error, "PNG", self->png_message);
          return FALSE;
        }
      png_write_row (self->png, row);
    }
  return TRUE;
}

static gboolean
encoder_end (YcPageWriter  *self,
             GError       **error)
{
  FILE *file;

  if (self->format == YC_SCAN_PAGE_FORMAT_JPEG)
    {
      if (setjmp (self->jpeg_error.jump) != 0)
        {
          encoder_failed (error, "JPEG", self->jpeg_error.message);
          return FALSE;
        }
      jpeg_finish_compress (&self->jpeg);
    }
  else
    {
      if (setjmp (png_jmpbuf (self->png)) != 0)
        {
          encoder_failed (error, "PNG", self->png_message);
          return FALSE;
        }
      png_write_end (self->png, self->png_info);
    }
  encoder_release (self);

  /* A full disk shows here, not in the encoder. */
  file = g_steal_pointer (&self->file);
  if (fflush (file) != 0 || ferror (file))
    {
      set_io_error (error, errno != 0 ? errno : EIO, self->path);
      fclose (file);
      return FALSE;
    }
  if (fclose (file) != 0)
    {
      set_io_error (error, errno, self->path);
      return FALSE;
    }
  return TRUE;
}

/* One device line into self->row in the file's layout: 8 bits per sample, or packed bits
 * for black and white. */
static void
convert_line (YcPageWriter *self,
              const guint8 *in)
{
  gsize i;

  switch (self->layout)
    {
    case YC_PAGE_LAYOUT_GRAY1:
    case YC_PAGE_LAYOUT_GRAY8:
    case YC_PAGE_LAYOUT_RGB8:
      memcpy (self->row, in, self->out_stride);
      break;
    case YC_PAGE_LAYOUT_GRAY16:
    case YC_PAGE_LAYOUT_RGB16:
      for (i = 0; i < self->out_stride; i++)
        {
          guint16 sample;

          memcpy (&sample, in + 2 * i, sizeof sample);
          self->row[i] = sample >> 8;
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
write_white_row (YcPageWriter  *self,
                 GError       **error)
{
  memset (self->row, self->layout == YC_PAGE_LAYOUT_GRAY1 ? 0x00 : 0xff, self->out_stride);
  return encoder_row (self, self->row, error);
}

gsize
yc_page_layout_min_stride (YcPageLayout layout,
                           guint        width)
{
  switch (layout)
    {
    case YC_PAGE_LAYOUT_GRAY1:
      return (width + 7) / 8;
    case YC_PAGE_LAYOUT_GRAY8:
      return width;
    case YC_PAGE_LAYOUT_GRAY16:
      return 2 * (gsize) width;
    case YC_PAGE_LAYOUT_RGB8:
      return 3 * (gsize) width;
    case YC_PAGE_LAYOUT_RGB16:
      return 6 * (gsize) width;
    default:
      g_return_val_if_reached (G_MAXSIZE);
    }
}

YcPageWriter *
yc_page_writer_new (YcSpool       *spool,
                    YcPageLayout   layout,
                    guint          width,
                    int            height,
                    gsize          bytes_per_line,
                    double         resolution,
                    guint          jpeg_quality,
                    GError       **error)
{
  g_autoptr(YcPageWriter) self = NULL;

  g_return_val_if_fail (spool != NULL, NULL);
  g_return_val_if_fail (width > 0 && height != 0, NULL);
  g_return_val_if_fail (resolution > 0.0, NULL);
  g_return_val_if_fail (jpeg_quality >= 1 && jpeg_quality <= 100, NULL);

  self = g_new0 (YcPageWriter, 1);
  self->spool = yc_spool_ref (spool);
  self->layout = layout;
  self->width = width;
  self->height = height > 0 ? height : -1;
  self->in_stride = bytes_per_line;
  self->resolution = resolution;
  self->quality = jpeg_quality;

  g_return_val_if_fail (bytes_per_line >= yc_page_layout_min_stride (layout, width), NULL);

  switch (layout)
    {
    case YC_PAGE_LAYOUT_GRAY1:
      self->mode = YC_SCAN_MODE_BLACK_WHITE;
      self->out_stride = (width + 7) / 8;
      break;
    case YC_PAGE_LAYOUT_GRAY8:
    case YC_PAGE_LAYOUT_GRAY16:
      self->mode = YC_SCAN_MODE_GRAY;
      self->out_stride = width;
      break;
    case YC_PAGE_LAYOUT_RGB8:
    case YC_PAGE_LAYOUT_RGB16:
      self->mode = YC_SCAN_MODE_COLOR;
      self->out_stride = 3 * (gsize) width;
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  self->format = self->mode == YC_SCAN_MODE_BLACK_WHITE ? YC_SCAN_PAGE_FORMAT_PNG
                                                        : YC_SCAN_PAGE_FORMAT_JPEG;
  self->row = g_malloc (self->out_stride);
  self->path = yc_spool_new_file_path (spool, self->format == YC_SCAN_PAGE_FORMAT_PNG ? "png"
                                                                                     : "jpg");

  if (self->height < 0)
    {
      self->raw_path = yc_spool_new_file_path (spool, "raw");
      self->raw = g_fopen (self->raw_path, "w+bx");
      if (self->raw == NULL)
        {
          set_io_error (error, errno, self->raw_path);
          g_clear_pointer (&self->raw_path, g_free);
          return NULL;
        }
    }
  else if (!encoder_begin (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
yc_page_writer_add_lines (YcPageWriter  *self,
                          const guint8  *lines,
                          guint          n_lines,
                          GError       **error)
{
  guint i;

  g_return_val_if_fail (self != NULL && !self->done, FALSE);

  for (i = 0; i < n_lines; i++)
    {
      const guint8 *in = lines + i * self->in_stride;

      /* A device that sends more than it announced: the announced page is what we keep. */
      if (self->height > 0 && self->lines >= (guint) self->height)
        {
          self->lines++;
          continue;
        }

      convert_line (self, in);
      if (self->raw != NULL)
        {
          if (fwrite (self->row, 1, self->out_stride, self->raw) != self->out_stride)
            {
              set_io_error (error, errno, self->raw_path);
              return FALSE;
            }
        }
      else if (!encoder_row (self, self->row, error))
        return FALSE;
      self->lines++;
    }
  return TRUE;
}

guint
yc_page_writer_get_lines (YcPageWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->lines;
}

/* The page length is known now: encode the lines kept on disk. */
static gboolean
encode_raw_lines (YcPageWriter  *self,
                  GError       **error)
{
  guint i;

  if (self->lines == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The scanner sent an empty page. Check that the paper is in the "
                             "feeder, then scan again."));
      return FALSE;
    }
  self->height = self->lines;
  if (fflush (self->raw) != 0 || fseek (self->raw, 0, SEEK_SET) != 0)
    {
      set_io_error (error, errno, self->raw_path);
      return FALSE;
    }
  if (!encoder_begin (self, error))
    return FALSE;

  for (i = 0; i < self->lines; i++)
    {
      if (fread (self->row, 1, self->out_stride, self->raw) != self->out_stride)
        {
          set_io_error (error, ferror (self->raw) ? errno : EIO, self->raw_path);
          return FALSE;
        }
      if (!encoder_row (self, self->row, error))
        return FALSE;
    }
  return TRUE;
}

YcScanPage *
yc_page_writer_finish (YcPageWriter  *self,
                       GError       **error)
{
  g_return_val_if_fail (self != NULL && !self->done, NULL);

  if (self->raw != NULL)
    {
      if (!encode_raw_lines (self, error))
        return NULL;
    }
  else
    {
      if (self->lines < (guint) self->height)
        g_debug ("Page ended after %u of %d lines; padding with white",
                 self->lines, self->height);
      for (guint i = self->lines; i < (guint) self->height; i++)
        if (!write_white_row (self, error))
          return NULL;
    }

  if (!encoder_end (self, error))
    return NULL;

  self->done = TRUE;
  return yc_scan_page_new (self->spool, self->path, self->format, self->mode,
                           self->width, self->height, self->resolution);
}

void
yc_page_writer_free (YcPageWriter *self)
{
  if (self == NULL)
    return;

  encoder_release (self);
  if (self->file != NULL)
    fclose (self->file);
  if (!self->done && self->path != NULL)
    g_unlink (self->path);
  if (self->raw != NULL)
    fclose (self->raw);
  if (self->raw_path != NULL)
    g_unlink (self->raw_path);

  g_free (self->raw_path);
  g_free (self->path);
  g_free (self->row);
  yc_spool_unref (self->spool);
  g_free (self);
}
