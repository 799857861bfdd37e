/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scanner against SANE's real test backend (TESTING.md), with its fault injection, and
 * the scanned document read back with libjpeg, libpng and Poppler. */
#include "config.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <jpeglib.h>
#include <png.h>

#include "yc-scan-device.h"
#include "yc-scan-document.h"
#include "yc-scanner-options.h"
#include "yc-scanner.h"
#include "yc-test-sane.h"

#define MM_PER_INCH 25.4
/* The test device rounds any scan area to 200 × 200 mm. */
#define TEST_AREA_MM 200.0

static YcScanner *scanner;
static char *work_dir;

/* Helpers */

static YcScanSettings *
settings_new (YcScanSource  source,
              YcScanMode    mode,
              double        dpi)
{
  YcScanSettings *settings = yc_scan_settings_new ();

  yc_scan_settings_set_device (settings, "test:0");
  yc_scan_settings_set_source (settings, source);
  yc_scan_settings_set_mode (settings, mode);
  yc_scan_settings_set_resolution (settings, dpi);
  /* A4: more than the device has, so it must clamp. */
  yc_scan_settings_set_width_mm (settings, 210.0);
  yc_scan_settings_set_height_mm (settings, 297.0);
  yc_scan_settings_set_device_option (settings, "test-picture", "Grid");
  return settings;
}

static YcScanDocument *
document_new (void)
{
  g_autoptr(GError) error = NULL;
  YcScanDocument *document = yc_scan_document_new (work_dir, &error);

  g_assert_no_error (error);
  return document;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static guint
expected_pixels (double dpi)
{
  /* As the test backend computes it. */
  return (guint) (dpi * TEST_AREA_MM / MM_PER_INCH);
}

typedef struct
{
  gboolean        done;
  guint           n_pages;
  GError         *error;
  gint64          finished_at;
} ScanResult;

static void
scan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ScanResult *scan = user_data;

  scan->n_pages = yc_scanner_scan_finish (YC_SCANNER (object), result, &scan->error);
  scan->finished_at = g_get_monotonic_time ();
  scan->done = TRUE;
}

typedef struct
{
  guint           started;
  guint           progress;
  guint           pages_done;
  guint           documents_done;
  guint           failed;
  GError         *failure;
  YcScanSettings *applied;
  int             last_height;
  guint           last_width;
  double          last_dpi;
} Signals;

static void
on_page_started (YcScanner  *s,
                 guint       page,
                 guint       width,
                 int         height,
                 double      dpi,
                 YcScanMode  mode,
                 Signals    *sig)
{
  sig->started++;
  sig->last_width = width;
  sig->last_height = height;
  sig->last_dpi = dpi;
}

static void
on_page_progress (YcScanner *s,
                  guint      page,
                  guint      lines,
                  int        total,
                  Signals   *sig)
{
  if (lines > 0)
    sig->progress++;
}

static void
on_page_done (YcScanner  *s,
              YcScanPage *page,
              Signals    *sig)
{
  sig->pages_done++;
}

static void
on_document_done (YcScanner *s,
                  guint      n_pages,
                  Signals   *sig)
{
  sig->documents_done++;
}

static void
on_failed (YcScanner *s,
           GError    *error,
           Signals   *sig)
{
  sig->failed++;
  g_clear_error (&sig->failure);
  sig->failure = g_error_copy (error);
}

static void
on_settings_applied (YcScanner      *s,
                     YcScanSettings *applied,
                     Signals        *sig)
{
  g_set_object (&sig->applied, applied);
}

static void
signals_connect (Signals *sig)
{
  memset (sig, 0, sizeof *sig);
  g_signal_connect (scanner, "page-started", G_CALLBACK (on_page_started), sig);
  g_signal_connect (scanner, "page-progress", G_CALLBACK (on_page_progress), sig);
  g_signal_connect (scanner, "page-done", G_CALLBACK (on_page_done), sig);
  g_signal_connect (scanner, "document-done", G_CALLBACK (on_document_done), sig);
  g_signal_connect (scanner, "failed", G_CALLBACK (on_failed), sig);
  g_signal_connect (scanner, "settings-applied", G_CALLBACK (on_settings_applied), sig);
}

static void
signals_disconnect (Signals *sig)
{
  g_signal_handlers_disconnect_by_data (scanner, sig);
  g_clear_error (&sig->failure);
  g_clear_object (&sig->applied);
}

typedef struct
{
  guint width;
  guint height;
  guint components;
  guint density;
  guint dark;
  guint light;
} ImageInfo;

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf               jump;
} TestJpegError;

static void
test_jpeg_error_exit (j_common_ptr cinfo)
{
  longjmp (((TestJpegError *) cinfo->err)->jump, 1);
}

/* Decodes the whole spool file, independently of the code under test. */
static ImageInfo
read_jpeg (const char *path)
{
  struct jpeg_decompress_struct cinfo;
  TestJpegError jerr;
  ImageInfo info = { 0 };
  g_autofree guint8 *row = NULL;
  FILE *file = g_fopen (path, "rb");

  g_assert_nonnull (file);
  cinfo.err = jpeg_std_error (&jerr.pub);
  jerr.pub.error_exit = test_jpeg_error_exit;
  if (setjmp (jerr.jump) != 0)
    g_error ("%s is not a valid JPEG", path);
  jpeg_create_decompress (&cinfo);
  jpeg_stdio_src (&cinfo, file);
  jpeg_read_header (&cinfo, TRUE);
  info.width = cinfo.image_width;
  info.height = cinfo.image_height;
  info.components = cinfo.num_components;
  info.density = cinfo.density_unit == 1 ? cinfo.X_density : 0;
  cinfo.out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress (&cinfo);
  row = g_malloc (cinfo.output_width);
  while (cinfo.output_scanline < cinfo.output_height)
    {
      JSAMPROW rows[1] = { row };

      jpeg_read_scanlines (&cinfo, rows, 1);
      for (guint x = 0; x < cinfo.output_width; x++)
        {
          if (row[x] < 64)
            info.dark++;
          else if (row[x] > 192)
            info.light++;
        }
    }
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  fclose (file);
  return info;
}

static ImageInfo
read_png (const char *path)
{
  png_image image = { .version = PNG_IMAGE_VERSION };
  ImageInfo info = { 0 };
  g_autofree guint8 *pixels = NULL;
  png_structp png;
  png_infop header;
  png_uint_32 res_x, res_y;
  int unit, depth, color;
  FILE *file;

  /* Header facts through the low-level API, pixels through the simplified one. */
  file = g_fopen (path, "rb");
  g_assert_nonnull (file);
  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  header = png_create_info_struct (png);
  png_init_io (png, file);
  png_read_info (png, header);
  png_get_IHDR (png, header, NULL, NULL, &depth, &color, NULL, NULL, NULL);
  g_assert_cmpint (depth, ==, 1);
  g_assert_cmpint (color, ==, PNG_COLOR_TYPE_GRAY);
  g_assert_true (png_get_pHYs (png, header, &res_x, &res_y, &unit));
  g_assert_cmpint (unit, ==, PNG_RESOLUTION_METER);
  info.density = (guint) (res_x * 0.0254 + 0.5);
  png_destroy_read_struct (&png, &header, NULL);
  fclose (file);

  g_assert_true (png_image_begin_read_from_file (&image, path));
  image.format = PNG_FORMAT_GRAY;
  pixels = g_malloc (PNG_IMAGE_SIZE (image));
  g_assert_true (png_image_finish_read (&image, NULL, pixels, 0, NULL));
  info.width = image.width;
  info.height = image.height;
  info.components = 1;
  for (gsize i = 0; i < (gsize) image.width * image.height; i++)
    {
      if (pixels[i] < 64)
        info.dark++;
      else if (pixels[i] > 192)
        info.light++;
    }
  return info;
}

/* Discovery */

static void
on_devices_changed (YcScanner *s,
                    gboolean  *flag)
{
  *flag = TRUE;
}

static void
test_discovery (void)
{
  GListModel *devices = yc_scanner_get_devices (scanner);
  gboolean changed = FALSE;
  gulong handler;
  gboolean found[2] = { FALSE, FALSE };

  handler = g_signal_connect (scanner, "devices-changed", G_CALLBACK (on_devices_changed),
                              &changed);
  yc_scanner_refresh_devices (scanner);
  yc_test_iterate_until (&changed, 30);
  g_signal_handler_disconnect (scanner, handler);

  g_assert_cmpuint (g_list_model_get_item_type (devices), ==, YC_TYPE_SCAN_DEVICE);
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(YcScanDevice) device = g_list_model_get_item (devices, i);
      const char *name = yc_scan_device_get_name (device);

      if (g_str_equal (name, "test:0"))
        found[0] = TRUE;
      else if (g_str_equal (name, "test:1"))
        found[1] = TRUE;
      g_assert_cmpstr (yc_scan_device_get_label (device), ==, "Noname frontend-tester");
      g_assert_cmpstr (yc_scan_device_get_kind (device), ==, "virtual device");
    }
  g_assert_true (found[0] && found[1]);
}

/* One page from the glass */

typedef struct
{
  const char        *name;
  YcScanMode         mode;
  double             dpi;
  YcScanPageFormat   format;
  guint              components;
  /* Backend options that make the device send its lines differently; NULL-terminated pairs. */
  const char        *options[5];
  /* Pixels expected when not the whole 200 mm area; 0 for the whole area. */
  guint              width;
  guint              height;
  /* The device can't tell the page length in advance (a hand scanner). */
  gboolean           unknown_length;
} FlatbedCase;

static const FlatbedCase flatbed_cases[] = {
  { "gray-300", YC_SCAN_MODE_GRAY, 300, YC_SCAN_PAGE_FORMAT_JPEG, 1 },
  { "color-150", YC_SCAN_MODE_COLOR, 150, YC_SCAN_PAGE_FORMAT_JPEG, 3 },
  /* The test device has no lineart mode: 1-bit grey stands in. */
  { "black-white-200", YC_SCAN_MODE_BLACK_WHITE, 200, YC_SCAN_PAGE_FORMAT_PNG, 1 },
  /* 16 bits a sample, reduced to 8 on the way into the JPEG. */
  { "gray-16-bit", YC_SCAN_MODE_GRAY, 100, YC_SCAN_PAGE_FORMAT_JPEG, 1, { "depth", "16" } },
  { "color-16-bit", YC_SCAN_MODE_COLOR, 100, YC_SCAN_PAGE_FORMAT_JPEG, 3, { "depth", "16" } },
  /* Lines padded past their pixels, and reads that end in the middle of a line. */
  { "padded-lines", YC_SCAN_MODE_COLOR, 100, YC_SCAN_PAGE_FORMAT_JPEG, 3, { "ppl-loss", "7" },
    787 - 7, 787 },
  { "short-reads", YC_SCAN_MODE_GRAY, 100, YC_SCAN_PAGE_FORMAT_JPEG, 1,
    { "read-limit", "yes", "read-limit-size", "1001" } },
  { "short-reads-black-white", YC_SCAN_MODE_BLACK_WHITE, 100, YC_SCAN_PAGE_FORMAT_PNG, 1,
    { "read-limit", "yes", "read-limit-size", "33" } },
  /* 110 × 170 mm of unknown length: the lines wait on disk until the end. */
  { "unknown-length", YC_SCAN_MODE_GRAY, 100, YC_SCAN_PAGE_FORMAT_JPEG, 1,
    { "hand-scanner", "yes" }, 433, 669, TRUE },
};

static void
test_flatbed (gconstpointer data)
{
  const FlatbedCase *tc = data;
  g_autoptr(YcScanSettings) settings = settings_new (YC_SCAN_SOURCE_FLATBED, tc->mode, tc->dpi);
  g_autoptr(YcScanDocument) document = document_new ();
  g_autoptr(GError) error = NULL;
  guint width = tc->width != 0 ? tc->width : expected_pixels (tc->dpi);
  guint height = tc->height != 0 ? tc->height : expected_pixels (tc->dpi);
  YcScanPage *page;
  ImageInfo info;
  Signals sig;
  guint n;

  for (guint i = 0; tc->options[i] != NULL; i += 2)
    yc_scan_settings_set_device_option (settings, tc->options[i], tc->options[i + 1]);

  signals_connect (&sig);
  n = yc_scanner_scan_sync (scanner, settings, document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 1);
  g_assert_cmpuint (sig.started, ==, 1);
  g_assert_cmpuint (sig.pages_done, ==, 1);
  g_assert_cmpuint (sig.documents_done, ==, 1);
  g_assert_cmpuint (sig.failed, ==, 0);
  g_assert_cmpuint (sig.last_width, ==, width);
  g_assert_cmpint (sig.last_height, ==, tc->unknown_length ? -1 : (int) height);

  /* What the device took: the area clamped, the resolution read back. */
  g_assert_nonnull (sig.applied);
  g_assert_cmpstr (yc_scan_settings_get_device (sig.applied), ==, "test:0");
  if (tc->width == 0)
    {
      g_assert_cmpfloat_with_epsilon (yc_scan_settings_get_width_mm (sig.applied), TEST_AREA_MM,
                                      1e-6);
      g_assert_cmpfloat_with_epsilon (yc_scan_settings_get_height_mm (sig.applied),
                                      TEST_AREA_MM, 1e-6);
    }
  g_assert_cmpfloat (yc_scan_settings_get_resolution (sig.applied), ==, tc->dpi);
  g_assert_cmpint (yc_scan_settings_get_mode (sig.applied), ==, tc->mode);
  g_assert_cmpint (yc_scan_settings_get_source (sig.applied), ==, YC_SCAN_SOURCE_FLATBED);

  page = yc_scan_document_get_page (document, 0);
  g_assert_cmpuint (yc_scan_page_get_width (page), ==, width);
  g_assert_cmpuint (yc_scan_page_get_height (page), ==, height);
  g_assert_cmpfloat (yc_scan_page_get_resolution (page), ==, tc->dpi);
  g_assert_cmpint (yc_scan_page_get_mode (page), ==, tc->mode);
  g_assert_cmpint (yc_scan_page_get_format (page), ==, tc->format);
  g_assert_cmpfloat_with_epsilon (yc_scan_page_get_width_points (page), width * 72.0 / tc->dpi,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (yc_scan_page_get_height_points (page),
                                  height * 72.0 / tc->dpi, 1e-9);

  info = tc->format == YC_SCAN_PAGE_FORMAT_JPEG ? read_jpeg (yc_scan_page_get_path (page))
                                                : read_png (yc_scan_page_get_path (page));
  g_assert_cmpuint (info.width, ==, width);
  g_assert_cmpuint (info.height, ==, height);
  g_assert_cmpuint (info.components, ==, tc->components);
  g_assert_cmpuint (info.density, ==, (guint) tc->dpi);
  /* The 10 mm checkerboard came through: ink and paper in about equal parts, not a page
   * padded with white. */
  g_assert_cmpfloat ((double) info.dark / (width * height), >, 0.3);
  g_assert_cmpfloat ((double) info.light / (width * height), >, 0.3);
  /* Only the page file is left: no raw lines, no partial file. */
  g_assert_cmpuint (count_files (yc_scan_document_get_spool_dir (document)), ==, 1);

  signals_disconnect (&sig);
}

/* The feeder */

static void
on_scanning_notify (YcScanner  *s,
                    GParamSpec *pspec,
                    GString    *log)
{
  g_string_append_c (log, yc_scanner_get_scanning (s) ? '1' : '0');
}

static void
test_feeder (void)
{
  g_autoptr(YcScanSettings) settings = settings_new (YC_SCAN_SOURCE_FEEDER, YC_SCAN_MODE_GRAY,
                                                     300);
  g_autoptr(YcScanDocument) document = document_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) scanning = g_string_new (NULL);
  Signals sig;
  gulong handler;
  guint n;

  signals_connect (&sig);
  handler = g_signal_connect (scanner, "notify::scanning", G_CALLBACK (on_scanning_notify),
                              scanning);
  n = yc_scanner_scan_sync (scanner, settings, document, NULL, &error);
  g_signal_handler_disconnect (scanner, handler);
  /* Busy once for the whole batch, and free again by the time the job has ended. */
  g_assert_cmpstr (scanning->str, ==, "10");
  /* An empty feeder after the tenth page is the clean end of the batch. */
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 10);
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 10);
  g_assert_cmpuint (sig.pages_done, ==, 10);
  g_assert_cmpuint (sig.documents_done, ==, 1);
  g_assert_cmpuint (sig.failed, ==, 0);
  g_assert_cmpint (yc_scan_settings_get_source (sig.applied), ==, YC_SCAN_SOURCE_FEEDER);
  g_assert_cmpuint (count_files (yc_scan_document_get_spool_dir (document)), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      YcScanPage *page = yc_scan_document_get_page (document, i);

      g_assert_cmpuint (yc_scan_page_get_width (page), ==, expected_pixels (300));
      g_assert_cmpuint (yc_scan_page_get_height (page), ==, expected_pixels (300));
    }
  g_assert_false (yc_scanner_get_scanning (scanner));
  signals_disconnect (&sig);
}

static void
test_duplex_fallback (void)
{
  g_autoptr(YcScanSettings) settings = settings_new (YC_SCAN_SOURCE_FEEDER_DUPLEX,
                                                     YC_SCAN_MODE_COLOR, 50);
  g_autoptr(YcScanDocument) document = document_new ();
  g_autoptr(GError) error = NULL;
  Signals sig;
  guint n;

  /* The test device has no duplex: one side of each sheet, and it says so. */
  signals_connect (&sig);
  n = yc_scanner_scan_sync (scanner, settings, document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 10);
  g_assert_cmpint (yc_scan_settings_get_source (sig.applied), ==, YC_SCAN_SOURCE_FEEDER);
  g_assert_cmpint (yc_scan_page_get_mode (yc_scan_document_get_page (document, 9)), ==,
                   YC_SCAN_MODE_COLOR);
  signals_disconnect (&sig);
}

/* Faults: each gives its message, and earlier pages stay */

typedef struct
{
  const char     *status;
  YcScanSource    source;
  YcScannerError  code;
  const char     *message;
} FaultCase;

static const FaultCase fault_cases[] = {
  { "SANE_STATUS_JAMMED", YC_SCAN_SOURCE_FEEDER, YC_SCANNER_ERROR_JAMMED,
    "The paper is jammed in the scanner. Remove the paper and try again." },
  { "SANE_STATUS_COVER_OPEN", YC_SCAN_SOURCE_FLATBED, YC_SCANNER_ERROR_COVER_OPEN,
    "The scanner cover is open. Close it and try again." },
  { "SANE_STATUS_IO_ERROR", YC_SCAN_SOURCE_FLATBED, YC_SCANNER_ERROR_IO,
    "The scanner stopped responding. Check its cable and power, then try again." },
  { "SANE_STATUS_NO_DOCS", YC_SCAN_SOURCE_FEEDER, YC_SCANNER_ERROR_FEEDER_EMPTY,
    "There is no paper in the scanner. Load the pages and try again." },
  { "SANE_STATUS_DEVICE_BUSY", YC_SCAN_SOURCE_FLATBED, YC_SCANNER_ERROR_BUSY,
    "The scanner is busy. Wait until it is free and try again." },
  { "SANE_STATUS_ACCESS_DENIED", YC_SCAN_SOURCE_FLATBED, YC_SCANNER_ERROR_ACCESS_DENIED,
    "This computer is not allowed to use the scanner. Ask the administrator for access." },
  { "SANE_STATUS_NO_MEM", YC_SCAN_SOURCE_FLATBED, YC_SCANNER_ERROR_NO_MEMORY,
    "The scanner ran out of memory. Choose a lower resolution and try again." },
  { "SANE_STATUS_INVAL", YC_SCAN_SOURCE_FLATBED, YC_SCANNER_ERROR_UNSUPPORTED,
    "The scanner does not accept these settings. Choose other settings and try again." },
  { "SANE_STATUS_CANCELLED", YC_SCAN_SOURCE_FLATBED, YC_SCANNER_ERROR_FAILED,
    "Scanning was stopped on the scanner itself. Scan again when ready." },
};

static void
test_fault (gconstpointer data)
{
  const FaultCase *tc = data;
  g_autoptr(YcScanSettings) good = settings_new (YC_SCAN_SOURCE_FLATBED, YC_SCAN_MODE_GRAY, 50);
  g_autoptr(YcScanSettings) faulty = settings_new (tc->source, YC_SCAN_MODE_GRAY, 50);
  g_autoptr(YcScanDocument) document = document_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first_path = NULL;
  const char *spool;
  Signals sig;
  guint n;

  n = yc_scanner_scan_sync (scanner, good, document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  first_path = g_strdup (yc_scan_page_get_path (yc_scan_document_get_page (document, 0)));

  signals_connect (&sig);
  yc_scan_settings_set_device_option (faulty, "read-return-value", tc->status);

  n = yc_scanner_scan_sync (scanner, faulty, document, NULL, &error);
  g_assert_error (error, YC_SCANNER_ERROR, (int) tc->code);
  g_assert_cmpstr (error->message, ==, tc->message);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (sig.failed, ==, 1);
  g_assert_error (sig.failure, YC_SCANNER_ERROR, (int) tc->code);
  g_assert_cmpuint (sig.pages_done, ==, 0);
  g_assert_cmpuint (sig.documents_done, ==, 0);
  g_clear_error (&error);

  /* The earlier page is untouched, and the failed one left nothing behind. */
  spool = yc_scan_document_get_spool_dir (document);
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 1);
  g_assert_cmpstr (yc_scan_page_get_path (yc_scan_document_get_page (document, 0)), ==,
                   first_path);
  g_assert_true (g_file_test (first_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_files (spool), ==, 1);

  /* The clerk clears the fault and goes on: the next page follows the first. */
  n = yc_scanner_scan_sync (scanner, good, document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 2);
  g_assert_cmpuint (count_files (spool), ==, 2);
  signals_disconnect (&sig);
}

/* A fault part-way through a feeder batch: the pages before it stay, in order, and the clerk
 * continues with a second batch that follows them. */

typedef struct
{
  const char     *status;
  guint           page;     /* 1-based: the page that faults */
  YcScannerError  code;
} BatchFaultCase;

static const BatchFaultCase batch_fault_cases[] = {
  { "SANE_STATUS_JAMMED", 3, YC_SCANNER_ERROR_JAMMED },
  { "SANE_STATUS_COVER_OPEN", 7, YC_SCANNER_ERROR_COVER_OPEN },
  { "SANE_STATUS_IO_ERROR", 1, YC_SCANNER_ERROR_IO },
};

static void
test_batch_fault (gconstpointer data)
{
  const BatchFaultCase *tc = data;
  g_autoptr(YcScanSettings) settings = settings_new (YC_SCAN_SOURCE_FEEDER, YC_SCAN_MODE_GRAY,
                                                     50);
  g_autoptr(YcScanDocument) document = document_new ();
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *spool = yc_scan_document_get_spool_dir (document);
  guint kept_pages = tc->page - 1;
  Signals sig;
  guint n;

  signals_connect (&sig);
  yc_test_sane_fault_at_page (tc->page, tc->status);
  n = yc_scanner_scan_sync (scanner, settings, document, NULL, &error);
  g_assert_error (error, YC_SCANNER_ERROR, (int) tc->code);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (sig.failed, ==, 1);
  g_assert_cmpuint (sig.documents_done, ==, 0);
  g_assert_cmpuint (sig.started, ==, tc->page);
  g_assert_cmpuint (sig.pages_done, ==, kept_pages);
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, kept_pages);
  /* The faulted page left no file behind. */
  g_assert_cmpuint (count_files (spool), ==, kept_pages);
  for (guint i = 0; i < kept_pages; i++)
    g_ptr_array_add (kept, g_strdup (yc_scan_page_get_path (yc_scan_document_get_page (document,
                                                                                        i))));
  g_clear_error (&error);
  signals_disconnect (&sig);

  /* The clerk clears the fault and puts the stack back: the device opens afresh and its feeder
   * gives its ten sheets, appended after the kept pages, which have not moved. */
  signals_connect (&sig);
  n = yc_scanner_scan_sync (scanner, settings, document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 10);
  g_assert_cmpuint (sig.failed, ==, 0);
  g_assert_cmpuint (sig.documents_done, ==, 1);
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, kept_pages + 10);
  g_assert_cmpuint (count_files (spool), ==, kept_pages + 10);
  for (guint i = 0; i < kept_pages; i++)
    g_assert_cmpstr (yc_scan_page_get_path (yc_scan_document_get_page (document, i)), ==,
                     g_ptr_array_index (kept, i));
  /* Spool files are numbered as they arrive: the document lists them in scanning order. */
  for (guint i = 1; i < kept_pages + 10; i++)
    g_assert_cmpint (g_strcmp0 (yc_scan_page_get_path (yc_scan_document_get_page (document,
                                                                                   i - 1)),
                                yc_scan_page_get_path (yc_scan_document_get_page (document, i))),
                     <, 0);
  signals_disconnect (&sig);
}

typedef struct
{
  const char     *name;
  const char     *device;
  const char     *option;
  const char     *value;
  YcScannerError  code;
  const char     *message;
} RejectCase;

static const RejectCase reject_cases[] = {
  { "unknown-device", "test:7", NULL, NULL, YC_SCANNER_ERROR_NO_DEVICE,
    "The chosen scanner was not found. Check that it is connected and switched on, or choose "
    "another one." },
  { "unknown-option", "test:0", "no-such-option", "1", YC_SCANNER_ERROR_UNSUPPORTED,
    "The scanner has no setting “no-such-option”. Check the scanner configuration." },
  { "bad-bool", "test:0", "read-delay", "maybe", YC_SCANNER_ERROR_UNSUPPORTED,
    "The scanner does not accept “maybe” for the setting “read-delay”. Check the scanner "
    "configuration." },
  { "bad-choice", "test:0", "test-picture", "Landscape", YC_SCANNER_ERROR_UNSUPPORTED,
    "The scanner does not accept “Landscape” for the setting “test-picture”. Check the scanner "
    "configuration." },
};

static void
test_reject (gconstpointer data)
{
  const RejectCase *tc = data;
  g_autoptr(YcScanSettings) settings = settings_new (YC_SCAN_SOURCE_FLATBED, YC_SCAN_MODE_GRAY,
                                                     50);
  g_autoptr(YcScanDocument) document = document_new ();
  g_autoptr(GError) error = NULL;
  guint n;

  yc_scan_settings_set_device (settings, tc->device);
  if (tc->option != NULL)
    yc_scan_settings_set_device_option (settings, tc->option, tc->value);
  n = yc_scanner_scan_sync (scanner, settings, document, NULL, &error);
  g_assert_error (error, YC_SCANNER_ERROR, (int) tc->code);
  g_assert_cmpstr (error->message, ==, tc->message);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 0);
  g_assert_cmpuint (count_files (yc_scan_document_get_spool_dir (document)), ==, 0);
}

/* Cancel in the middle of a slow page */

static void
on_progress_cancel (YcScanner    *s,
                    guint         page,
                    guint         lines,
                    int           total,
                    GCancellable *cancellable)
{
  if (lines > 0 && !g_cancellable_is_cancelled (cancellable))
    {
      g_object_set_data (G_OBJECT (cancellable), "cancelled-at",
                         GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ()));
      g_object_set_data (G_OBJECT (cancellable), "lines", GUINT_TO_POINTER (lines));
      g_cancellable_cancel (cancellable);
    }
}

typedef struct
{
  const char *name;
  gboolean    select_fd;
} CancelCase;

static const CancelCase cancel_cases[] = {
  { "blocking-read", FALSE },   /* stops after the read in progress returns */
  { "select-fd", TRUE },        /* the wakeup pipe interrupts the wait at once */
};

static void
test_cancel (gconstpointer data)
{
  const CancelCase *tc = data;
  g_autoptr(YcScanSettings) settings = settings_new (YC_SCAN_SOURCE_FLATBED, YC_SCAN_MODE_GRAY,
                                                     300);
  g_autoptr(YcScanDocument) document = document_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  ScanResult scan = { 0 };
  Signals sig;
  gulong handler;
  gint64 cancelled_at;
  guint progress_at_cancel, n;

  /* 200 ms after each buffer: a 300 dpi page takes many seconds. */
  yc_scan_settings_set_device_option (settings, "read-delay", "yes");
  yc_scan_settings_set_device_option (settings, "read-delay-duration", "200000");
  if (tc->select_fd)
    yc_scan_settings_set_device_option (settings, "select-fd", "yes");

  signals_connect (&sig);
  handler = g_signal_connect (scanner, "page-progress", G_CALLBACK (on_progress_cancel),
                              cancellable);
  yc_scanner_scan_async (scanner, settings, document, cancellable, scan_done_cb, &scan);
  yc_test_iterate_until (&scan.done, 60);
  g_signal_handler_disconnect (scanner, handler);

  cancelled_at = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cancellable),
                                                                "cancelled-at"));
  progress_at_cancel = sig.progress;
  g_assert_cmpint (cancelled_at, >, 0);
  g_assert_error (scan.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancel took %.3f s",
                  (scan.finished_at - cancelled_at) / (double) G_USEC_PER_SEC);
  /* At most one read (200 ms) plus stopping the device; bounded generously for a loaded
   * machine. */
  g_assert_cmpint (scan.finished_at - cancelled_at, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (scan.n_pages, ==, 0);
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 0);
  g_assert_cmpuint (sig.pages_done, ==, 0);
  g_assert_cmpuint (sig.failed, ==, 0);
  g_clear_error (&scan.error);

  /* Nothing of the dropped page arrives later, and its partial file is gone. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpuint (sig.progress, ==, progress_at_cancel);
  g_assert_cmpuint (count_files (yc_scan_document_get_spool_dir (document)), ==, 0);
  signals_disconnect (&sig);

  /* The device is free again at once. */
  g_clear_object (&settings);
  settings = settings_new (YC_SCAN_SOURCE_FLATBED, YC_SCAN_MODE_GRAY, 50);
  n = yc_scanner_scan_sync (scanner, settings, document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
}

static void
test_cancel_waiting (void)
{
  g_autoptr(YcScanSettings) settings = settings_new (YC_SCAN_SOURCE_FEEDER, YC_SCAN_MODE_GRAY,
                                                     50);
  g_autoptr(YcScanDocument) document = document_new ();
  ScanResult first = { 0 }, second = { 0 };

  /* Two jobs queued, both cancelled before the thread gets far: neither adds a page. */
  yc_scanner_scan_async (scanner, settings, document, NULL, scan_done_cb, &first);
  yc_scanner_scan_async (scanner, settings, document, NULL, scan_done_cb, &second);
  yc_scanner_cancel (scanner);
  yc_test_iterate_until (&first.done, 30);
  yc_test_iterate_until (&second.done, 30);
  g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 0);
  g_clear_error (&first.error);
  g_clear_error (&second.error);
}

/* Option negotiation against constraints the test device does not have */

typedef struct
{
  const char            *name;
  SANE_Value_Type        type;
  SANE_Constraint_Type   constraint;
  double                 min, max, quant;
  SANE_Word              words[6];
  double                 wanted;
  double                 expected;
} ClosestCase;

static const ClosestCase closest_cases[] = {
  { "int-range-step-1", SANE_TYPE_INT, SANE_CONSTRAINT_RANGE, 1, 1200, 1, { 0 }, 299.6, 300 },
  { "int-range-clamp-high", SANE_TYPE_INT, SANE_CONSTRAINT_RANGE, 75, 600, 0, { 0 }, 1200, 600 },
  { "int-range-clamp-low", SANE_TYPE_INT, SANE_CONSTRAINT_RANGE, 75, 600, 0, { 0 }, 10, 75 },
  { "fixed-range-step-50", SANE_TYPE_FIXED, SANE_CONSTRAINT_RANGE, 50, 600, 50, { 0 }, 330, 350 },
  { "fixed-range-step-down", SANE_TYPE_FIXED, SANE_CONSTRAINT_RANGE, 50, 600, 50, { 0 }, 310,
    300 },
  { "fixed-range-step-max", SANE_TYPE_FIXED, SANE_CONSTRAINT_RANGE, 100, 575, 50, { 0 }, 600,
    550 },
  { "int-list-nearest", SANE_TYPE_INT, SANE_CONSTRAINT_WORD_LIST, 0, 0, 0,
    { 4, 75, 150, 300, 600 }, 200, 150 },
  { "int-list-tie-goes-up", SANE_TYPE_INT, SANE_CONSTRAINT_WORD_LIST, 0, 0, 0,
    { 4, 75, 150, 300, 600 }, 225, 300 },
  { "int-list-above", SANE_TYPE_INT, SANE_CONSTRAINT_WORD_LIST, 0, 0, 0,
    { 4, 75, 150, 300, 600 }, 1200, 600 },
  { "int-unconstrained", SANE_TYPE_INT, SANE_CONSTRAINT_NONE, 0, 0, 0, { 0 }, 299.6, 300 },
};

static void
test_closest (gconstpointer data)
{
  const ClosestCase *tc = data;
  SANE_Option_Descriptor option = { 0 };
  SANE_Range range;
  SANE_Word words[6];
  gboolean fixed = tc->type == SANE_TYPE_FIXED;

  option.name = "resolution";
  option.type = tc->type;
  option.size = sizeof (SANE_Word);
  option.constraint_type = tc->constraint;
  if (tc->constraint == SANE_CONSTRAINT_RANGE)
    {
      range.min = fixed ? SANE_FIX (tc->min) : (SANE_Word) tc->min;
      range.max = fixed ? SANE_FIX (tc->max) : (SANE_Word) tc->max;
      range.quant = fixed ? SANE_FIX (tc->quant) : (SANE_Word) tc->quant;
      option.constraint.range = &range;
    }
  else if (tc->constraint == SANE_CONSTRAINT_WORD_LIST)
    {
      memcpy (words, tc->words, sizeof words);
      option.constraint.word_list = words;
    }
  g_assert_cmpfloat_with_epsilon (yc_sane_closest_value (&option, tc->wanted), tc->expected,
                                  1e-3);
}

typedef struct
{
  const char           *name;
  const char           *offered[5];
  YcScanMode            mode;
  const char           *expected;
} ModeNameCase;

static const ModeNameCase mode_name_cases[] = {
  { "british-colour", { "Lineart", "Grey", "Colour", NULL }, YC_SCAN_MODE_COLOR, "Colour" },
  { "british-grey", { "Lineart", "Grey", "Colour", NULL }, YC_SCAN_MODE_GRAY, "Grey" },
  { "binary", { "Binary", "Gray", "Color", NULL }, YC_SCAN_MODE_BLACK_WHITE, "Binary" },
  { "black-and-white", { "Black & White", "True Gray", "24bit Color", NULL },
    YC_SCAN_MODE_BLACK_WHITE, "Black & White" },
  { "vendor-colour", { "Black & White", "True Gray", "24bit Color", NULL }, YC_SCAN_MODE_COLOR,
    "24bit Color" },
  { "any-case", { "lineart", "gray", "color", NULL }, YC_SCAN_MODE_GRAY, "gray" },
  { "no-lineart", { "Gray", "Color", NULL }, YC_SCAN_MODE_BLACK_WHITE, NULL },
};

static void
test_mode_names (gconstpointer data)
{
  const ModeNameCase *tc = data;

  g_assert_cmpstr (yc_sane_match_string (tc->offered, yc_sane_mode_names (tc->mode)), ==,
                   tc->expected);
}

typedef struct
{
  const char   *name;
  const char   *offered[5];
  YcScanSource  source;
  const char   *expected;
} SourceNameCase;

static const SourceNameCase source_name_cases[] = {
  { "flatbed", { "Flatbed", "ADF", "ADF Duplex", NULL }, YC_SCAN_SOURCE_FLATBED, "Flatbed" },
  { "feeder", { "Flatbed", "ADF", "ADF Duplex", NULL }, YC_SCAN_SOURCE_FEEDER, "ADF" },
  { "duplex", { "Flatbed", "ADF", "ADF Duplex", NULL }, YC_SCAN_SOURCE_FEEDER_DUPLEX,
    "ADF Duplex" },
  { "feeder-front", { "Flatbed", "ADF Front", "ADF Back", NULL }, YC_SCAN_SOURCE_FEEDER,
    "ADF Front" },
  { "no-duplex", { "Flatbed", "Automatic Document Feeder", NULL }, YC_SCAN_SOURCE_FEEDER_DUPLEX,
    NULL },
};

static void
test_source_names (gconstpointer data)
{
  const SourceNameCase *tc = data;

  g_assert_cmpstr (yc_sane_match_string (tc->offered, yc_sane_source_names (tc->source)), ==,
                   tc->expected);
}

/* main */

/* Defaults per material */

typedef struct
{
  const char    *name;
  YcScanPurpose  purpose;
  YcScanMode     mode;
  double         dpi;
  double         width_mm;
  double         height_mm;
} PurposeCase;

static const PurposeCase purpose_cases[] = {
  { "document", YC_SCAN_PURPOSE_DOCUMENT, YC_SCAN_MODE_GRAY, 300, 210, 297 },
  { "photo", YC_SCAN_PURPOSE_PHOTO, YC_SCAN_MODE_COLOR, 300, 210, 297 },
  { "id-card", YC_SCAN_PURPOSE_ID_CARD, YC_SCAN_MODE_COLOR, 300, 100, 70 },
};

static void
test_purpose (gconstpointer data)
{
  const PurposeCase *tc = data;
  g_autoptr(YcScanSettings) settings = yc_scan_settings_new_for_purpose (tc->purpose);
  g_autoptr(YcScanSettings) copy = NULL;

  g_assert_cmpint (yc_scan_settings_get_mode (settings), ==, tc->mode);
  g_assert_cmpfloat (yc_scan_settings_get_resolution (settings), ==, tc->dpi);
  g_assert_cmpfloat (yc_scan_settings_get_width_mm (settings), ==, tc->width_mm);
  g_assert_cmpfloat (yc_scan_settings_get_height_mm (settings), ==, tc->height_mm);
  g_assert_cmpint (yc_scan_settings_get_source (settings), ==, YC_SCAN_SOURCE_FLATBED);
  g_assert_null (yc_scan_settings_get_device (settings));

  yc_scan_settings_set_device_option (settings, "adf-auto-scan", "yes");
  copy = yc_scan_settings_copy (settings);
  g_assert_cmpint (yc_scan_settings_get_mode (copy), ==, tc->mode);
  g_assert_cmpfloat (yc_scan_settings_get_height_mm (copy), ==, tc->height_mm);
  g_assert_cmpstr (g_hash_table_lookup (yc_scan_settings_get_device_options (copy),
                                        "adf-auto-scan"), ==, "yes");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  work_dir = g_dir_make_tmp ("yc-test-scanner-XXXXXX", &error);
  g_assert_no_error (error);
  yc_test_sane_setup (work_dir);
  scanner = yc_scanner_new ();

  g_test_add_func ("/scanner/discovery", test_discovery);
  for (guint i = 0; i < G_N_ELEMENTS (purpose_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scanner/purpose/%s", purpose_cases[i].name);

      g_test_add_data_func (path, &purpose_cases[i], test_purpose);
    }
  for (guint i = 0; i < G_N_ELEMENTS (flatbed_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scanner/flatbed/%s", flatbed_cases[i].name);

      g_test_add_data_func (path, &flatbed_cases[i], test_flatbed);
    }
  g_test_add_func ("/scanner/feeder/ten-pages", test_feeder);
  g_test_add_func ("/scanner/feeder/duplex-fallback", test_duplex_fallback);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scanner/fault/%s", fault_cases[i].status);

      g_test_add_data_func (path, &fault_cases[i], test_fault);
    }
  for (guint i = 0; i < G_N_ELEMENTS (batch_fault_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scanner/feeder/fault-at-page-%u/%s",
                                               batch_fault_cases[i].page,
                                               batch_fault_cases[i].status);

      g_test_add_data_func (path, &batch_fault_cases[i], test_batch_fault);
    }
  for (guint i = 0; i < G_N_ELEMENTS (reject_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scanner/reject/%s", reject_cases[i].name);

      g_test_add_data_func (path, &reject_cases[i], test_reject);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cancel_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scanner/cancel/slow-page/%s",
                                               cancel_cases[i].name);

      g_test_add_data_func (path, &cancel_cases[i], test_cancel);
    }
  g_test_add_func ("/scanner/cancel/waiting-jobs", test_cancel_waiting);
  for (guint i = 0; i < G_N_ELEMENTS (closest_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scanner/options/closest/%s",
                                               closest_cases[i].name);

      g_test_add_data_func (path, &closest_cases[i], test_closest);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mode_name_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scanner/options/mode/%s",
                                               mode_name_cases[i].name);

      g_test_add_data_func (path, &mode_name_cases[i], test_mode_names);
    }
  for (guint i = 0; i < G_N_ELEMENTS (source_name_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scanner/options/source/%s",
                                               source_name_cases[i].name);

      g_test_add_data_func (path, &source_name_cases[i], test_source_names);
    }

  status = g_test_run ();

  g_clear_object (&scanner);
  yc_test_remove_tree (work_dir);
  g_free (work_dir);
  return status;
}
