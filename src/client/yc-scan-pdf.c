/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scan-pdf"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <png.h>

#include "yc-scan-document.h"
#include "yc-scan-pdf.h"

typedef struct
{
  FILE      *file;
  GChecksum *checksum;
  int        saved_errno;
} Sink;

static void
yc_scan_pdf_page_free (gpointer data)
{
  YcScanPdfPage *snap = data;

  g_clear_object (&snap->page);
  g_free (snap->path);
  g_free (snap);
}

GPtrArray *
yc_scan_pdf_snapshot (GListModel *pages)
{
  GPtrArray *snapshot;
  guint n = g_list_model_get_n_items (pages);

  snapshot = g_ptr_array_new_full (n, yc_scan_pdf_page_free);
  for (guint i = 0; i < n; i++)
    {
      YcScanPdfPage *snap = g_new0 (YcScanPdfPage, 1);

      snap->page = g_list_model_get_item (pages, i);
      snap->path = g_strdup (yc_scan_page_get_path (snap->page));
      snap->format = yc_scan_page_get_format (snap->page);
      snap->width = yc_scan_page_get_width (snap->page);
      snap->height = yc_scan_page_get_height (snap->page);
      snap->resolution = yc_scan_page_get_resolution (snap->page);
      snap->rotation = yc_scan_page_get_rotation (snap->page);
      g_ptr_array_add (snapshot, snap);
    }
  return snapshot;
}

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (fwrite (data, 1, length, sink->file) != length)
    {
      sink->saved_errno = errno;
      return CAIRO_STATUS_WRITE_ERROR;
    }
  g_checksum_update (sink->checksum, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
page_error (GError             **error,
            const YcScanPdfPage *snap,
            guint                index,
            const char          *reason)
{
  g_set_error (error, YC_SCAN_DOCUMENT_ERROR, YC_SCAN_DOCUMENT_ERROR_PAGE_UNREADABLE,
               /* Translators: %u is the page number, %s why it failed */
               _("Scanned page %u could not be read back: %s"), index + 1, reason);
  g_debug ("%s: %s", snap->path, reason);
}

/* The JPEG goes into the PDF unchanged. An empty recording surface of the page's size carries
 * it: cairo emits the mime data and needs no pixels, where an image surface would be copied
 * (22 MB for a colour A4 page at 300 dpi) each time a page is recorded. */
static cairo_surface_t *
load_jpeg (const YcScanPdfPage  *snap,
           guint                 index,
           GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  cairo_rectangle_t extents = { 0, 0, snap->width, snap->height };
  cairo_surface_t *surface;
  char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (snap->path, &data, &length, &local_error))
    {
      page_error (error, snap, index, local_error->message);
      return NULL;
    }

  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR, &extents);
  if (cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, (unsigned char *) data,
                                   length, g_free, data) != CAIRO_STATUS_SUCCESS)
    {
      g_free (data);
      cairo_surface_destroy (surface);
      page_error (error, snap, index, cairo_status_to_string (CAIRO_STATUS_NO_MEMORY));
      return NULL;
    }
  return surface;
}

static void
png_error_cb (png_structp  png,
              const char  *message)
{
  g_strlcpy (png_get_error_ptr (png), message, 256);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp  png,
                const char  *message)
{
  g_debug ("libpng: %s", message);
}

static guint8
reverse_bits (guint8 b)
{
  b = (b & 0xf0) >> 4 | (b & 0x0f) << 4;
  b = (b & 0xcc) >> 2 | (b & 0x33) << 2;
  b = (b & 0xaa) >> 1 | (b & 0x55) << 1;
  return b;
}

/* A 1-bit page into an A1 surface where 1 is ink, painted later as a stencil mask so that the
 * PDF keeps it as a lossless 1-bit image. */
static cairo_surface_t *
load_png (const YcScanPdfPage  *snap,
          guint                 index,
          GError              **error)
{
  char message[256] = "";
  cairo_surface_t *volatile surface = NULL;
  png_structp png = NULL;
  png_infop info = NULL;
  FILE *file;

  file = g_fopen (snap->path, "rb");
  if (file == NULL)
    {
      page_error (error, snap, index, g_strerror (errno));
      return NULL;
    }

  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, message, png_error_cb, png_warning_cb);
  if (png != NULL)
    info = png_create_info_struct (png);
  if (png == NULL || info == NULL || setjmp (png_jmpbuf (png)) != 0)
    {
      page_error (error, snap, index, *message != '\0' ? message : "PNG");
      png_destroy_read_struct (&png, &info, NULL);
      if (surface != NULL)
        cairo_surface_destroy (surface);
      fclose (file);
      return NULL;
    }

  png_init_io (png, file);
  png_read_info (png, info);
  if (png_get_image_width (png, info) != snap->width
      || png_get_image_height (png, info) != snap->height
      || png_get_bit_depth (png, info) != 1
      || png_get_color_type (png, info) != PNG_COLOR_TYPE_GRAY
      || png_get_interlace_type (png, info) != PNG_INTERLACE_NONE)
    png_error (png, "not the page that was scanned");
  png_set_invert_mono (png);
  png_read_update_info (png, info);

  surface = cairo_image_surface_create (CAIRO_FORMAT_A1, snap->width, snap->height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    png_error (png, cairo_status_to_string (cairo_surface_status (surface)));

  {
    guint8 *data = cairo_image_surface_get_data (surface);
    int stride = cairo_image_surface_get_stride (surface);
    gsize row_bytes = (snap->width + 7) / 8;

    cairo_surface_flush (surface);
    for (guint y = 0; y < snap->height; y++)
      {
        guint8 *row = data + (gsize) y * stride;

        png_read_row (png, row, NULL);
        /* cairo's A1 puts the first pixel in the low bit on little-endian hosts. */
        if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
          for (gsize i = 0; i < row_bytes; i++)
            row[i] = reverse_bits (row[i]);
      }
    cairo_surface_mark_dirty (surface);
  }
  png_read_end (png, NULL);
  png_destroy_read_struct (&png, &info, NULL);
  fclose (file);
  return surface;
}

/* Scans are placed at their real size: one pixel is 72/dpi points. */
static void
place_page (cairo_t             *cr,
            const YcScanPdfPage *snap,
            double               page_width,
            double               page_height)
{
  double scale = 72.0 / snap->resolution;

  switch (snap->rotation)
    {
    case 90:
      cairo_translate (cr, page_width, 0);
      cairo_rotate (cr, G_PI / 2);
      break;
    case 180:
      cairo_translate (cr, page_width, page_height);
      cairo_rotate (cr, G_PI);
      break;
    case 270:
      cairo_translate (cr, 0, page_height);
      cairo_rotate (cr, -G_PI / 2);
      break;
    default:
      break;
    }
  cairo_scale (cr, scale, scale);
}

static gboolean
draw_page (cairo_surface_t      *pdf,
           const YcScanPdfPage  *snap,
           guint                 index,
           GError              **error)
{
  cairo_surface_t *image;
  cairo_t *cr;
  gboolean sideways = snap->rotation % 180 != 0;
  double width = (sideways ? snap->height : snap->width) * 72.0 / snap->resolution;
  double height = (sideways ? snap->width : snap->height) * 72.0 / snap->resolution;

  if (snap->format == YC_SCAN_PAGE_FORMAT_JPEG)
    image = load_jpeg (snap, index, error);
  else
    image = load_png (snap, index, error);
  if (image == NULL)
    return FALSE;

  cairo_pdf_surface_set_size (pdf, width, height);
  cr = cairo_create (pdf);
  if (snap->format == YC_SCAN_PAGE_FORMAT_JPEG)
    {
      place_page (cr, snap, width, height);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
    }
  else
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      place_page (cr, snap, width, height);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_mask_surface (cr, image, 0, 0);
    }
  /* Show the page before dropping the image: the page's recording holds a snapshot of it,
   * which would otherwise be copied when the image goes away. */
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  return TRUE;
}

gboolean
yc_scan_pdf_write (GPtrArray     *snapshot,
                   const char    *path,
                   char         **sha256,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree char *temp_path = NULL;
  g_autoptr(GError) local_error = NULL;
  cairo_surface_t *pdf;
  cairo_status_t status;
  Sink sink = { 0 };
  int fd;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (snapshot->len == 0)
    {
      g_set_error_literal (error, YC_SCAN_DOCUMENT_ERROR, YC_SCAN_DOCUMENT_ERROR_EMPTY,
                           _("There are no scanned pages to save."));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  temp_path = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp (temp_path);
  if (fd < 0 || (sink.file = fdopen (fd, "wb")) == NULL)
    {
      int saved_errno = errno;

      if (fd >= 0)
        {
          close (fd);
          g_unlink (temp_path);
        }
      g_set_error (error, YC_SCAN_DOCUMENT_ERROR, YC_SCAN_DOCUMENT_ERROR_WRITE,
                   _("The PDF could not be written: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sink.checksum = checksum;
  pdf = cairo_pdf_surface_create_for_stream (sink_write, &sink, 595.0, 842.0);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_CREATOR, "Yichuang");

  for (guint i = 0; i < snapshot->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error)
          || !draw_page (pdf, g_ptr_array_index (snapshot, i), i, &local_error))
        break;
    }

  cairo_surface_finish (pdf);
  status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);

  if (local_error == NULL && status != CAIRO_STATUS_SUCCESS)
    g_set_error (&local_error, YC_SCAN_DOCUMENT_ERROR, YC_SCAN_DOCUMENT_ERROR_WRITE,
                 _("The PDF could not be written: %s"),
                 status == CAIRO_STATUS_WRITE_ERROR && sink.saved_errno != 0
                   ? g_strerror (sink.saved_errno) : cairo_status_to_string (status));

  /* Durable before it replaces anything: the PDF is what travels with the case. */
  if (local_error == NULL
      && (fflush (sink.file) != 0 || fsync (fileno (sink.file)) != 0))
    g_set_error (&local_error, YC_SCAN_DOCUMENT_ERROR, YC_SCAN_DOCUMENT_ERROR_WRITE,
                 _("The PDF could not be written: %s"), g_strerror (errno));
  if (fclose (sink.file) != 0 && local_error == NULL)
    g_set_error (&local_error, YC_SCAN_DOCUMENT_ERROR, YC_SCAN_DOCUMENT_ERROR_WRITE,
                 _("The PDF could not be written: %s"), g_strerror (errno));
  if (local_error == NULL && g_rename (temp_path, path) != 0)
    g_set_error (&local_error, YC_SCAN_DOCUMENT_ERROR, YC_SCAN_DOCUMENT_ERROR_WRITE,
                 _("The PDF could not be written: %s"), g_strerror (errno));

  if (local_error != NULL)
    {
      g_unlink (temp_path);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (sha256 != NULL)
    *sha256 = g_strdup (g_checksum_get_string (checksum));
  return TRUE;
}
