/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Arranging real scanned pages and exporting them as one PDF, read back with Poppler. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "yc-scan-document.h"
#include "yc-scanner.h"
#include "yc-test-sane.h"

static YcScanner *scanner;
static char *work_dir;

static YcScanDocument *
document_new (void)
{
  g_autoptr(GError) error = NULL;
  YcScanDocument *document = yc_scan_document_new (work_dir, &error);

  g_assert_no_error (error);
  return document;
}

/* Scans into @document from test:0 (a 10 mm checkerboard). */
static void
scan (YcScanDocument *document,
      YcScanSource    source,
      YcScanMode      mode,
      double          dpi,
      double          width_mm,
      double          height_mm,
      guint           expected_pages)
{
  g_autoptr(YcScanSettings) settings = yc_scan_settings_new ();
  g_autoptr(GError) error = NULL;
  guint n;

  yc_scan_settings_set_device (settings, "test:0");
  yc_scan_settings_set_source (settings, source);
  yc_scan_settings_set_mode (settings, mode);
  yc_scan_settings_set_resolution (settings, dpi);
  yc_scan_settings_set_width_mm (settings, width_mm);
  yc_scan_settings_set_height_mm (settings, height_mm);
  yc_scan_settings_set_device_option (settings, "test-picture", "Grid");
  n = yc_scanner_scan_sync (scanner, settings, document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, expected_pages);
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

/* Editing */

typedef enum { OP_ROTATE, OP_MOVE, OP_REMOVE, OP_REMOVE_ALL } OpKind;

typedef struct
{
  OpKind kind;
  guint  a;
  int    b;
} Op;

typedef struct
{
  const char *name;
  Op          ops[3];
  guint       n_ops;
  /* The original index of each page afterwards, then rotations; -1 ends. */
  int         order[10];
  guint       rotations[10];
  /* items-changed of the last op: position, removed, added */
  guint       changed[3];
} EditCase;

static const EditCase edit_cases[] = {
  { "rotate-clockwise", { { OP_ROTATE, 2, 1 } }, 1,
    { 0, 1, 2, 3, 4, -1 }, { 0, 0, 90, 0, 0 }, { 2, 1, 1 } },
  { "rotate-back", { { OP_ROTATE, 0, -1 } }, 1,
    { 0, 1, 2, 3, 4, -1 }, { 270, 0, 0, 0, 0 }, { 0, 1, 1 } },
  { "rotate-full-turns", { { OP_ROTATE, 1, 5 }, { OP_ROTATE, 1, 4 } }, 2,
    { 0, 1, 2, 3, 4, -1 }, { 0, 90, 0, 0, 0 }, { 1, 1, 1 } },
  { "rotate-half-twice", { { OP_ROTATE, 4, 2 }, { OP_ROTATE, 4, 2 } }, 2,
    { 0, 1, 2, 3, 4, -1 }, { 0, 0, 0, 0, 0 }, { 4, 1, 1 } },
  { "move-down", { { OP_MOVE, 0, 3 } }, 1,
    { 1, 2, 3, 0, 4, -1 }, { 0 }, { 0, 4, 4 } },
  { "move-up", { { OP_MOVE, 4, 1 } }, 1,
    { 0, 4, 1, 2, 3, -1 }, { 0 }, { 1, 4, 4 } },
  { "remove-middle", { { OP_REMOVE, 2 } }, 1,
    { 0, 1, 3, 4, -1 }, { 0 }, { 2, 1, 0 } },
  { "rotate-then-move", { { OP_ROTATE, 1, 1 }, { OP_MOVE, 1, 4 } }, 2,
    { 0, 2, 3, 4, 1, -1 }, { 0, 0, 0, 0, 90 }, { 1, 4, 4 } },
  { "remove-all", { { OP_REMOVE_ALL } }, 1,
    { -1 }, { 0 }, { 0, 5, 0 } },
};

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *last)
{
  last[0] = position;
  last[1] = removed;
  last[2] = added;
}

static void
test_edit (gconstpointer data)
{
  const EditCase *tc = data;
  g_autoptr(YcScanDocument) document = document_new ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint changed[3] = { G_MAXUINT, G_MAXUINT, G_MAXUINT };
  guint n_expected = 0;

  /* The feeder gives ten sheets; the cases work on the first five. */
  scan (document, YC_SCAN_SOURCE_FEEDER, YC_SCAN_MODE_GRAY, 25, 0, 0, 10);
  while (yc_scan_document_get_n_pages (document) > 5)
    yc_scan_document_remove_page (document, 5);
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (paths, g_strdup (yc_scan_page_get_path (yc_scan_document_get_page (document,
                                                                                       i))));

  g_signal_connect (document, "items-changed", G_CALLBACK (on_items_changed), changed);
  for (guint i = 0; i < tc->n_ops; i++)
    {
      const Op *op = &tc->ops[i];

      switch (op->kind)
        {
        case OP_ROTATE:
          yc_scan_document_rotate_page (document, op->a, op->b);
          break;
        case OP_MOVE:
          yc_scan_document_move_page (document, op->a, op->b);
          break;
        case OP_REMOVE:
          yc_scan_document_remove_page (document, op->a);
          break;
        case OP_REMOVE_ALL:
          yc_scan_document_remove_all (document);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  g_assert_cmpuint (changed[0], ==, tc->changed[0]);
  g_assert_cmpuint (changed[1], ==, tc->changed[1]);
  g_assert_cmpuint (changed[2], ==, tc->changed[2]);

  while (n_expected < G_N_ELEMENTS (tc->order) && tc->order[n_expected] >= 0)
    n_expected++;
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, n_expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (document)), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      YcScanPage *page = yc_scan_document_get_page (document, i);

      g_assert_cmpstr (yc_scan_page_get_path (page), ==, g_ptr_array_index (paths, tc->order[i]));
      g_assert_cmpuint (yc_scan_page_get_rotation (page), ==, tc->rotations[i]);
    }

  /* A page that left the document took its file with it. */
  for (guint i = 0; i < paths->len; i++)
    {
      gboolean kept = FALSE;

      for (guint j = 0; j < n_expected; j++)
        kept |= tc->order[j] == (int) i;
      g_assert_true (g_file_test (g_ptr_array_index (paths, i), G_FILE_TEST_EXISTS) == kept);
    }
  g_assert_cmpuint (count_files (yc_scan_document_get_spool_dir (document)), ==, n_expected);
}

static void
test_spool_removed (void)
{
  YcScanDocument *document = document_new ();
  g_autofree char *spool = g_strdup (yc_scan_document_get_spool_dir (document));
  g_autoptr(YcScanPage) kept = NULL;
  g_autofree char *kept_path = NULL;

  scan (document, YC_SCAN_SOURCE_FLATBED, YC_SCAN_MODE_GRAY, 25, 0, 0, 1);
  kept = g_object_ref (yc_scan_document_get_page (document, 0));
  kept_path = g_strdup (yc_scan_page_get_path (kept));

  /* A page still in use outlives its document, and the spool outlives both only until then. */
  g_object_unref (document);
  g_assert_true (g_file_test (kept_path, G_FILE_TEST_IS_REGULAR));
  g_clear_object (&kept);
  g_assert_false (g_file_test (kept_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (spool, G_FILE_TEST_EXISTS));
}

/* The PDF */

static gboolean
contains (const char *haystack,
          gsize       haystack_length,
          const char *needle,
          gsize       needle_length)
{
  const char *end = haystack + haystack_length;

  for (const char *p = haystack; p + needle_length <= end; p++)
    {
      p = memchr (p, needle[0], end - p);
      if (p == NULL || p + needle_length > end)
        return FALSE;
      if (memcmp (p, needle, needle_length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Share of dark pixels in each quarter of the rendered page: a page drawn off its place or
 * at the wrong size leaves a quarter blank. */
static void
assert_page_covered (PopplerPage *page)
{
  double width, height;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint dark[4] = { 0 }, total[4] = { 0 };
  int w, h, stride;
  guint8 *data;

  poppler_page_get_size (page, &width, &height);
  w = (int) ceil (width);
  h = (int) ceil (height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 pixel;
        guint quarter = (y >= h / 2) * 2 + (x >= w / 2);

        memcpy (&pixel, data + y * stride + x * 4, sizeof pixel);
        total[quarter]++;
        if (((pixel >> 16) & 0xff) + ((pixel >> 8) & 0xff) + (pixel & 0xff) < 3 * 96)
          dark[quarter]++;
      }
  cairo_surface_destroy (surface);

  for (guint q = 0; q < 4; q++)
    {
      double share = (double) dark[q] / total[q];

      g_assert_cmpfloat (share, >, 0.3);
      g_assert_cmpfloat (share, <, 0.7);
    }
}

static char *
file_sha256 (const char *path,
             char      **contents,
             gsize      *length)
{
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) *contents, *length);
}

static void
check_pdf (YcScanDocument *document,
           const char     *path,
           const char     *sha256)
{
  PopplerDocument *pdf;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *digest = NULL;
  gsize length;
  guint n = yc_scan_document_get_n_pages (document);

  digest = file_sha256 (path, &contents, &length);
  g_assert_cmpstr (sha256, ==, digest);
  g_assert_cmpuint (strlen (sha256), ==, 64);

  pdf = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, n);

  for (guint i = 0; i < n; i++)
    {
      YcScanPage *page = yc_scan_document_get_page (document, i);
      PopplerPage *pdf_page = poppler_document_get_page (pdf, i);
      gboolean sideways = yc_scan_page_get_rotation (page) % 180 != 0;
      double dpi = yc_scan_page_get_resolution (page);
      guint across = sideways ? yc_scan_page_get_height (page) : yc_scan_page_get_width (page);
      guint down = sideways ? yc_scan_page_get_width (page) : yc_scan_page_get_height (page);
      double width, height;

      /* Each page as large as the paper that was scanned. */
      poppler_page_get_size (pdf_page, &width, &height);
      g_assert_cmpfloat_with_epsilon (width, across * 72.0 / dpi, 0.01);
      g_assert_cmpfloat_with_epsilon (height, down * 72.0 / dpi, 0.01);
      assert_page_covered (pdf_page);

      if (yc_scan_page_get_format (page) == YC_SCAN_PAGE_FORMAT_JPEG)
        {
          g_autofree char *jpeg = NULL;
          gsize jpeg_length;

          /* Embedded byte for byte: never decoded and compressed again. */
          g_file_get_contents (yc_scan_page_get_path (page), &jpeg, &jpeg_length, &error);
          g_assert_no_error (error);
          g_assert_true (contains (contents, length, jpeg, jpeg_length));
        }
      g_object_unref (pdf_page);
    }
  g_object_unref (pdf);
}

static void
fill_mixed_document (YcScanDocument *document)
{
  /* Grey A4-ish (clamped to the device), a sideways-rotated strip, colour, black and white. */
  scan (document, YC_SCAN_SOURCE_FLATBED, YC_SCAN_MODE_GRAY, 100, 0, 0, 1);
  scan (document, YC_SCAN_SOURCE_FLATBED, YC_SCAN_MODE_GRAY, 100, 100, 50, 1);
  scan (document, YC_SCAN_SOURCE_FLATBED, YC_SCAN_MODE_COLOR, 75, 150, 100, 1);
  scan (document, YC_SCAN_SOURCE_FLATBED, YC_SCAN_MODE_BLACK_WHITE, 150, 120, 60, 1);
  yc_scan_document_rotate_page (document, 1, 1);
  yc_scan_document_rotate_page (document, 3, 2);
  yc_scan_document_rotate_page (document, 2, -1);
}

static void
test_pdf_run (void)
{
  g_autoptr(YcScanDocument) document = document_new ();
  g_autofree char *path = g_build_filename (work_dir, "material.pdf", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  fill_mixed_document (document);
  g_assert_true (yc_scan_document_export_pdf_run (document, path, &sha256, NULL, &error));
  g_assert_no_error (error);
  check_pdf (document, path, sha256);

  /* Black and white stays a lossless 1-bit image. */
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_true (contains (contents, length, "/ImageMask true", strlen ("/ImageMask true")));
  g_remove (path);
}

typedef struct
{
  gboolean  done;
  char     *sha256;
} ExportResult;

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportResult *export = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_scan_document_export_pdf_finish (YC_SCAN_DOCUMENT (object), result,
                                                     &export->sha256, &error));
  g_assert_no_error (error);
  export->done = TRUE;
}

static void
test_pdf_async (void)
{
  g_autoptr(YcScanDocument) document = document_new ();
  g_autofree char *path = g_build_filename (work_dir, "material-async.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  PopplerDocument *pdf;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *digest = NULL;
  ExportResult export = { 0 };
  gsize length;

  scan (document, YC_SCAN_SOURCE_FEEDER, YC_SCAN_MODE_COLOR, 50, 0, 0, 10);
  yc_scan_document_export_pdf_async (document, path, NULL, export_done_cb, &export);
  /* Edits after the call don't reach this PDF: it works on a snapshot. */
  yc_scan_document_remove_page (document, 0);
  yc_test_iterate_until (&export.done, 60);

  digest = file_sha256 (path, &contents, &length);
  g_assert_cmpstr (export.sha256, ==, digest);
  pdf = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, 10);
  g_object_unref (pdf);
  g_free (export.sha256);
  g_remove (path);
}

typedef enum
{
  FAIL_EMPTY,
  FAIL_NO_DIRECTORY,
  FAIL_CANCELLED,
  FAIL_PAGE_GONE,
} FailKind;

typedef struct
{
  const char *name;
  FailKind    kind;
  GQuark    (*domain) (void);
  int         code;
  const char *message;
} ExportFailCase;

static const ExportFailCase export_fail_cases[] = {
  { "empty", FAIL_EMPTY, yc_scan_document_error_quark, YC_SCAN_DOCUMENT_ERROR_EMPTY,
    "There are no scanned pages to save." },
  { "no-directory", FAIL_NO_DIRECTORY, yc_scan_document_error_quark,
    YC_SCAN_DOCUMENT_ERROR_WRITE, "The PDF could not be written: No such file or directory" },
  { "cancelled", FAIL_CANCELLED, g_io_error_quark, G_IO_ERROR_CANCELLED, NULL },
  { "page-gone", FAIL_PAGE_GONE, yc_scan_document_error_quark,
    YC_SCAN_DOCUMENT_ERROR_PAGE_UNREADABLE, NULL },
};

static void
test_pdf_fail (gconstpointer data)
{
  const ExportFailCase *tc = data;
  g_autoptr(YcScanDocument) document = document_new ();
  g_autofree char *out_dir = g_build_filename (work_dir, "out", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  path = g_build_filename (out_dir, "material.pdf", NULL);
  if (tc->kind != FAIL_EMPTY)
    scan (document, YC_SCAN_SOURCE_FLATBED, YC_SCAN_MODE_GRAY, 25, 0, 0, 1);
  if (tc->kind != FAIL_EMPTY)
    scan (document, YC_SCAN_SOURCE_FLATBED, YC_SCAN_MODE_BLACK_WHITE, 25, 0, 0, 1);

  switch (tc->kind)
    {
    case FAIL_NO_DIRECTORY:
      g_free (path);
      path = g_build_filename (out_dir, "missing", "material.pdf", NULL);
      break;
    case FAIL_CANCELLED:
      g_cancellable_cancel (cancellable);
      break;
    case FAIL_PAGE_GONE:
      g_assert_cmpint (g_remove (yc_scan_page_get_path (yc_scan_document_get_page (document, 1))),
                       ==, 0);
      break;
    case FAIL_EMPTY:
    default:
      break;
    }

  g_assert_false (yc_scan_document_export_pdf_run (document, path, &sha256, cancellable, &error));
  g_assert_error (error, tc->domain (), tc->code);
  if (tc->message != NULL)
    g_assert_cmpstr (error->message, ==, tc->message);
  if (tc->kind == FAIL_PAGE_GONE)
    g_assert_true (g_str_has_prefix (error->message, "Scanned page 2 could not be read back: "));
  g_assert_null (sha256);
  /* Nothing half-written: no PDF, no temporary file. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (out_dir), ==, 0);
  g_remove (out_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  work_dir = g_dir_make_tmp ("yc-test-scan-document-XXXXXX", &error);
  g_assert_no_error (error);
  yc_test_sane_setup (work_dir);
  scanner = yc_scanner_new ();

  for (guint i = 0; i < G_N_ELEMENTS (edit_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scan-document/edit/%s", edit_cases[i].name);

      g_test_add_data_func (path, &edit_cases[i], test_edit);
    }
  g_test_add_func ("/scan-document/spool-removed", test_spool_removed);
  g_test_add_func ("/scan-document/pdf/run", test_pdf_run);
  g_test_add_func ("/scan-document/pdf/async", test_pdf_async);
  for (guint i = 0; i < G_N_ELEMENTS (export_fail_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scan-document/pdf/fail/%s",
                                               export_fail_cases[i].name);

      g_test_add_data_func (path, &export_fail_cases[i], test_pdf_fail);
    }

  status = g_test_run ();

  g_clear_object (&scanner);
  yc_test_remove_tree (work_dir);
  g_free (work_dir);
  return status;
}
