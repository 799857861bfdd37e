/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preview of a real document off the main thread: page count, sizes at two zooms, ink where
 * the document has it, and a clear error for a missing page or a file that is not a PDF. */
#include "config.h"

#include <math.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "yc-document-render.h"
#include "yc-preview.h"

static GBytes *
render_document (guint rows)
{
  g_autoptr(YcDocumentRenderer) renderer = yc_document_renderer_new ();
  g_autofree char *dir = yc_document_template_default_dir ();
  g_autoptr(YcDocument) doc = yc_document_new (YC_DOCUMENT_MISSING_MATERIALS);
  g_autoptr(YcSealAuthorisation) auth = yc_seal_authorisation_new (YC_SEAL_KIND_NOTICE,
                                                                   "seal-use-1", "clerk.zhang");
  g_autoptr(GError) error = NULL;
  const char *fields[][2] = {
    { "case_number", "320826-C07-20260305-0042" }, { "applicant_name", "王芳" },
    { "item_name", "个体工商户设立登记" }, { "issuing_department", "涟水县市场监督管理局" },
    { "window_name", "综合受理7号窗口" }, { "clerk_name", "张敏" },
    { "contact_phone", "0517-82345678" }, { "complaint_phone", "0517-12345" },
    { "received_date", "2026年3月5日" }, { "issue_date", "2026年3月5日" },
    { "place", "涟水县政务服务中心" },
  };
  GBytes *bytes;

  g_assert_true (yc_document_renderer_load_templates (renderer, dir, &error));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    yc_document_set_field (doc, fields[i][0], fields[i][1]);
  for (guint i = 0; i < rows; i++)
    yc_document_add_row (doc, "materials", "name", "经营场所使用证明", "problem", "未提交",
                         "requirement", "复印件1份", NULL);
  yc_document_set_verification_url (doc, "https://zwfw.lianshui.gov.cn/v/Zk3pQ8");
  yc_document_set_seal_authorisation (doc, auth);
  bytes = yc_document_renderer_render (renderer, doc, NULL, NULL, &error);
  g_assert_no_error (error);
  return bytes;
}

typedef struct
{
  GMainLoop       *loop;
  GThread         *main_thread;
  YcPreview       *preview;
  cairo_surface_t *surface;
  GError          *error;
  gboolean         done;
} Wait;

static void
on_preview (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Wait *w = data;

  g_assert_true (g_thread_self () == w->main_thread);
  w->preview = yc_preview_new_finish (result, &w->error);
  w->done = TRUE;
  g_main_loop_quit (w->loop);
}

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *w = data;

  g_assert_true (g_thread_self () == w->main_thread);
  w->surface = yc_preview_render_page_finish (YC_PREVIEW (source), result, &w->error);
  w->done = TRUE;
  g_main_loop_quit (w->loop);
}

static YcPreview *
open_preview (GBytes  *pdf,
              GError **error)
{
  Wait w = { g_main_loop_new (NULL, FALSE), g_thread_self () };

  yc_preview_new_async (pdf, NULL, on_preview, &w);
  g_assert_false (w.done);       /* never answered on the caller's stack */
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.preview;
}

static cairo_surface_t *
render_page (YcPreview *preview,
             guint      page,
             double     scale,
             GError   **error)
{
  Wait w = { g_main_loop_new (NULL, FALSE), g_thread_self () };

  yc_preview_render_page_async (preview, page, scale, NULL, on_page, &w);
  g_assert_false (w.done);
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.surface;
}

/* Drops the test's reference and waits, at most 5 s, for the worker thread that rendered last
 * to drop its own: a preview finalised on a worker while the process exits takes Poppler down
 * under the exit handlers (a crash after the last test, about one run in four). */
static void
close_preview (YcPreview *preview)
{
  gpointer weak = preview;

  g_object_add_weak_pointer (G_OBJECT (preview), &weak);
  g_object_unref (preview);
  for (guint i = 0; g_atomic_pointer_get (&weak) != NULL && i < 500; i++)
    g_usleep (10 * 1000);
  g_assert_null (g_atomic_pointer_get (&weak));
}

static guint
count_ink (cairo_surface_t *surface,
           gboolean         red)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);
  guint n = 0;

  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (data + y * stride);

      for (int x = 0; x < w; x++)
        {
          guint r = (row[x] >> 16) & 0xff, g = (row[x] >> 8) & 0xff, b = row[x] & 0xff;

          n += red ? (r > 170 && g < 110 && b < 110) : (r < 80 && g < 80 && b < 80);
        }
    }
  return n;
}

typedef struct
{
  const char *name;
  guint       rows;
  guint       pages;
} PreviewCase;

static const PreviewCase cases[] = {
  { "one-page", 2, 1 },
  { "two-pages", 14, 2 },
};

static void
test_preview (gconstpointer data)
{
  const PreviewCase *c = data;
  g_autoptr(GBytes) pdf = render_document (c->rows);
  g_autoptr(GError) error = NULL;
  YcPreview *preview = open_preview (pdf, &error);
  guint red = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (yc_preview_get_n_pages (preview), ==, c->pages);
  for (guint page = 0; page < c->pages; page++)
    {
      double w, h;
      static const double scales[] = { 1.0, 2.0 };

      g_assert_true (yc_preview_get_page_size (preview, page, &w, &h));
      g_assert_cmpfloat_with_epsilon (w, 595.276, 0.01);
      g_assert_cmpfloat_with_epsilon (h, 841.89, 0.01);
      for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
        {
          cairo_surface_t *surface = render_page (preview, page, scales[s], &error);

          g_assert_no_error (error);
          g_assert_cmpint (cairo_image_surface_get_width (surface), ==, (int) ceil (w * scales[s]));
          g_assert_cmpint (cairo_image_surface_get_height (surface), ==,
                           (int) ceil (h * scales[s]));
          g_assert_cmpuint (count_ink (surface, FALSE), >, 1000 * scales[s]);
          if (s == 0)
            red += count_ink (surface, TRUE) > 0;
          cairo_surface_destroy (surface);
        }
    }
  /* the seal shows on exactly one page */
  g_assert_cmpuint (red, ==, 1);
  close_preview (preview);
}

static void
test_page_out_of_range (void)
{
  g_autoptr(GBytes) pdf = render_document (1);
  g_autoptr(GError) error = NULL;
  YcPreview *preview = open_preview (pdf, &error);
  cairo_surface_t *surface;
  double w, h;

  g_assert_no_error (error);
  g_assert_false (yc_preview_get_page_size (preview, 1, &w, &h));
  surface = render_page (preview, 1, 1.0, &error);
  g_assert_null (surface);
  g_assert_error (error, YC_PREVIEW_ERROR, YC_PREVIEW_ERROR_PAGE);
  close_preview (preview);
}

static void
test_not_a_pdf (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("%PDF-1.5 but not really", 23);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcPreview) preview = open_preview (junk, &error);

  g_assert_null (preview);
  g_assert_error (error, YC_PREVIEW_ERROR, YC_PREVIEW_ERROR_INVALID);
}

/* ---- a preview dropped while its worker renders, then the process exits at once ----------- */

#define EXIT_PAGES 4

/* A page the view no longer shows: drawn before the cancellation, or cancelled. */
static void
on_page_dropped (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = yc_preview_render_page_finish (YC_PREVIEW (source), result, &error);

  if (surface != NULL)
    cairo_surface_destroy (surface);
  else
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
on_opened_dropped (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcPreview) preview = yc_preview_new_finish (result, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *(gboolean *) data = TRUE;
}

/* In the child: opens the PDF the parent wrote, starts renders of several pages at a large
 * zoom, cancels them, drops the preview and returns, so the process exits while a worker is
 * (without the fix) still inside Poppler. */
static void
exit_while_rendering_child (gboolean wait)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *contents = NULL;
  cairo_surface_t *surface;
  gboolean opened = FALSE;
  YcPreview *preview;
  gsize length;

  g_assert_true (g_file_get_contents (g_getenv ("YC_TEST_PREVIEW_PDF"), &contents, &length,
                                      &error));
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  preview = open_preview (pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_preview_get_n_pages (preview), >=, EXIT_PAGES);
  /* a page drawn and shown: its worker may still hold the last reference to the preview */
  surface = render_page (preview, 0, 1.0, &error);
  g_assert_no_error (error);
  cairo_surface_destroy (surface);
  /* pages still being drawn when the view closes */
  for (guint page = 1; page < EXIT_PAGES; page++)
    yc_preview_render_page_async (preview, page, 2.0, cancellable, on_page_dropped, NULL);
  g_object_unref (preview);
  /* a preview being opened when the view closes: the caller hears "cancelled" at once while
   * the worker goes on reading the document */
  yc_preview_new_async (pdf, cancellable, on_opened_dropped, &opened);
  g_usleep (g_random_int_range (0, 5 * 1000));
  g_cancellable_cancel (cancellable);
  while (!opened)
    g_main_context_iteration (NULL, TRUE);
  if (wait)
    g_assert_true (TRUE);
}

typedef struct
{
  const char *name;
  gboolean    wait;     /* the app's shutdown path; otherwise the library's exit guard */
  guint       runs;     /* without the fix about one child in thirty crashed */
} ExitCase;

static const ExitCase exit_cases[] = {
  { "exit-at-once", FALSE, 30 },
  { "drain-then-exit", TRUE, 10 },
};

static void
test_exit_while_rendering (gconstpointer data)
{
  const ExitCase *c = data;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  if (g_test_subprocess ())
    {
      exit_while_rendering_child (c->wait);
      return;
    }
  /* many materials: a document of several pages, written once for all the children */
  pdf = render_document (80);
  fd = g_file_open_tmp ("yc-preview-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                      &error));
  g_setenv ("YC_TEST_PREVIEW_PDF", path, TRUE);
  /* glibc fills freed memory in the children, so that a use after free crashes there */
  g_setenv ("MALLOC_PERTURB_", "165", FALSE);
  for (guint run = 0; run < c->runs; run++)
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
    }
  g_unsetenv ("YC_TEST_PREVIEW_PDF");
  g_assert_cmpint (g_unlink (path), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* font subsets in the build directory, not in $HOME */
  if (g_getenv ("YC_BUILDDIR") != NULL)
    {
      g_autofree char *fonts = g_build_filename (g_getenv ("YC_BUILDDIR"), "font-cache", NULL);

      g_setenv ("YC_FONT_CACHE_DIR", fonts, TRUE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/preview/render/", cases[i].name, NULL);

      g_test_add_data_func (path, &cases[i], test_preview);
    }
  g_test_add_func ("/preview/page-out-of-range", test_page_out_of_range);
  g_test_add_func ("/preview/not-a-pdf", test_not_a_pdf);
  for (guint i = 0; i < G_N_ELEMENTS (exit_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/preview/", exit_cases[i].name, NULL);

      g_test_add_data_func (path, &exit_cases[i], test_exit_while_rendering);
    }
  return g_test_run ();
}
