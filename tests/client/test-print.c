/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One-click printing against a private cupsd on a free loopback port (TESTING.md): the job
 * lands as PDF with A4 requested; a paused, rejecting or missing printer, a printer paused or
 * a job cancelled while it prints, a job that never finishes and a stopped cupsd each give
 * their own error, and no job is reported printed that CUPS did not complete. */
#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include <cups/cups.h>

#include "yc-document-render.h"
#include "yc-print-job.h"
#include "yc-test-cups.h"

#define PS_PPD "drv:///sample.drv/generic.ppd"  /* sides-supported: one-sided only */
#define CASE_NUMBER "320826-C07-20260305-0042"

static GBytes *document;

static GBytes *
render_document (void)
{
  g_autoptr(YcDocumentRenderer) renderer = yc_document_renderer_new ();
  g_autofree char *dir = yc_document_template_default_dir ();
  g_autoptr(YcDocument) doc = yc_document_new (YC_DOCUMENT_RECEIPT);
  g_autoptr(GError) error = NULL;
  const char *fields[][2] = {
    { "case_number", CASE_NUMBER }, { "applicant_name", "涟水县清风食品有限公司" },
    { "item_name", "食品经营许可" }, { "issuing_department", "涟水县市场监督管理局" },
    { "window_name", "综合受理7号窗口" }, { "clerk_name", "张敏" },
    { "contact_phone", "0517-82345678" }, { "complaint_phone", "0517-12345" },
    { "received_date", "2026年3月5日" }, { "issue_date", "2026年3月5日" },
  };
  GBytes *bytes;

  g_assert_true (yc_document_renderer_load_templates (renderer, dir, &error));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    yc_document_set_field (doc, fields[i][0], fields[i][1]);
  yc_document_add_row (doc, "materials", "name", "营业执照", "original", "已验核",
                       "kept", "复印件1份", NULL);
  yc_document_set_verification_url (doc, "https://zwfw.lianshui.gov.cn/v/Zk3pQ8");
  bytes = yc_document_renderer_render (renderer, doc, NULL, NULL, &error);
  g_assert_no_error (error);
  return bytes;
}

static char *
read_output (const char *device)
{
  g_autofree char *rel = g_build_filename ("out", device, NULL);
  g_autofree char *path = yc_test_cups_path (rel);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static void
forget_output (const char *device)
{
  g_autofree char *rel = g_build_filename ("out", device, NULL);
  g_autofree char *path = yc_test_cups_path (rel);

  g_unlink (path);
}

/* What the job asked for, as cupsd recorded it. */
static void
check_requested (int         job_id,
                 const char *media,
                 int         copies,
                 const char *sides)
{
  http_t *http = httpConnect2 (cupsServer (), ippPort (), NULL, AF_UNSPEC,
                               HTTP_ENCRYPTION_NEVER, 1, 5000, NULL);
  ipp_t *request = ippNewRequest (IPP_OP_GET_JOB_ATTRIBUTES);
  ipp_t *response;
  ipp_attribute_t *attr;
  char uri[HTTP_MAX_URI];

  g_assert_nonnull (http);
  httpAssembleURIf (HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", ippPort (),
                    "/jobs/%d", job_id);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
  response = cupsDoRequest (http, request, "/");
  g_assert_nonnull (response);
  attr = ippFindAttribute (response, "media", IPP_TAG_ZERO);
  g_assert_nonnull (attr);
  g_assert_cmpstr (ippGetString (attr, 0, NULL), ==, media);
  attr = ippFindAttribute (response, "copies", IPP_TAG_INTEGER);
  g_assert_nonnull (attr);
  g_assert_cmpint (ippGetInteger (attr, 0), ==, copies);
  attr = ippFindAttribute (response, "sides", IPP_TAG_KEYWORD);
  g_assert_nonnull (attr);
  g_assert_cmpstr (ippGetString (attr, 0, NULL), ==, sides);
  ippDelete (response);
  httpClose (http);
}

/* The job's state as cupsd has it now. */
static ipp_jstate_t
server_job_state (int job_id)
{
  http_t *http = httpConnect2 (cupsServer (), ippPort (), NULL, AF_UNSPEC,
                               HTTP_ENCRYPTION_NEVER, 1, 5000, NULL);
  ipp_t *request = ippNewRequest (IPP_OP_GET_JOB_ATTRIBUTES);
  ipp_t *response;
  ipp_attribute_t *attr;
  ipp_jstate_t state;
  char uri[HTTP_MAX_URI];

  g_assert_nonnull (http);
  httpAssembleURIf (HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", ippPort (),
                    "/jobs/%d", job_id);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
  response = cupsDoRequest (http, request, "/");
  g_assert_nonnull (response);
  attr = ippFindAttribute (response, "job-state", IPP_TAG_ENUM);
  g_assert_nonnull (attr);
  state = ippGetInteger (attr, 0);
  ippDelete (response);
  httpClose (http);
  return state;
}

/* A queue whose printer does not answer (nothing listens on its port): CUPS keeps the job
 * printing and retries. */
static void
add_unreachable_printer (const char *name)
{
  g_autofree char *uri = g_strdup_printf ("socket://127.0.0.1:%d", yc_test_cups_free_port ());
  const char *argv[] = { "lpadmin", "-p", name, "-E", "-v", uri, "-m", YC_TEST_CUPS_PDF_PPD, NULL };

  yc_test_cups_run_tool (argv);
}

/* ---- following a job from a main loop ----------------------------------------------------- */

typedef struct
{
  GMainLoop  *loop;
  gboolean    done;
  gboolean    ok;
  GError     *error;
  guint       ticks;             /* the main loop kept running while the job was followed */
  GArray     *states;            /* as notified, on the main thread */
  GThread    *main_thread;
  /* when CUPS reports the job printing: pause this queue, or cancel through the cancellable */
  const char   *pause_on_processing;
  GCancellable *cancel_on_processing;
} Follow;

static gboolean
tick (gpointer data)
{
  ((Follow *) data)->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
on_state (YcPrintJob *job,
          GParamSpec *pspec,
          Follow     *f)
{
  YcPrintJobState state = yc_print_job_get_state (job);

  g_assert_true (g_thread_self () == f->main_thread);
  g_array_append_val (f->states, state);
  if (state == YC_PRINT_JOB_STATE_PROCESSING && f->pause_on_processing != NULL)
    {
      const char *argv[] = { "cupsdisable", f->pause_on_processing, NULL };

      yc_test_cups_run_tool (argv);
    }
  if (state == YC_PRINT_JOB_STATE_PROCESSING && f->cancel_on_processing != NULL)
    g_cancellable_cancel (f->cancel_on_processing);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Follow *f = data;

  f->ok = yc_print_job_run_finish (YC_PRINT_JOB (source), result, &f->error);
  f->done = TRUE;
  g_main_loop_quit (f->loop);
}

static void
follow_job (YcPrintJob *job,
            Follow     *f)
{
  guint timer = g_timeout_add (10, tick, f);
  gulong handler;

  f->loop = g_main_loop_new (NULL, FALSE);
  f->states = g_array_new (FALSE, FALSE, sizeof (YcPrintJobState));
  f->main_thread = g_thread_self ();
  handler = g_signal_connect (job, "notify::state", G_CALLBACK (on_state), f);
  yc_print_job_run_async (job, f->cancel_on_processing, on_done, f);
  g_main_loop_run (f->loop);
  /* deliver the last notifications queued before the task returned */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_handler_disconnect (job, handler);
  g_source_remove (timer);
  g_main_loop_unref (f->loop);
}

static void
follow_clear (Follow *f)
{
  g_clear_error (&f->error);
  g_clear_pointer (&f->states, g_array_unref);
}

static YcPrintJobState
last_state (Follow *f)
{
  return g_array_index (f->states, YcPrintJobState, f->states->len - 1);
}

/* ---- tests ------------------------------------------------------------------------------- */

static void
test_list_printers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) printers = yc_print_list_printers (NULL, &error);
  guint found = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < printers->len; i++)
    {
      YcPrinter *p = g_ptr_array_index (printers, i);

      if (g_str_equal (p->name, "window7"))
        {
          g_assert_true (p->accepting);
          g_assert_false (p->stopped);
          g_assert_true (p->duplex);
          g_assert_true (p->is_default);
          found++;
        }
      else if (g_str_equal (p->name, "simplex"))
        {
          g_assert_false (p->duplex);
          g_assert_false (p->is_default);
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 2);
}

static void
test_a4_job (void)
{
  g_autoptr(YcPrintJob) job = yc_print_job_new ("window7", document, "受理凭证");
  g_autofree char *prn = NULL, *prn_path = NULL, *text = NULL;
  Follow f = { 0 };
  int status = 0;

  forget_output ("window7.prn");
  yc_print_job_set_copies (job, 2);
  yc_print_job_set_duplex (job, TRUE);
  follow_job (job, &f);
  g_assert_no_error (f.error);
  g_assert_true (f.ok);
  g_assert_cmpint (yc_print_job_get_job_id (job), >, 0);
  g_assert_true (yc_print_job_get_duplex_used (job));
  g_assert_cmpint (yc_print_job_get_state (job), ==, YC_PRINT_JOB_STATE_COMPLETED);
  g_assert_cmpint (last_state (&f), ==, YC_PRINT_JOB_STATE_COMPLETED);
  g_assert_cmpint (g_array_index (f.states, YcPrintJobState, 0), ==,
                   YC_PRINT_JOB_STATE_SUBMITTING);
  g_assert_cmpuint (f.ticks, >, 0);

  /* what the printer receives: PJL asking for A4, two-sided, then the PDF */
  prn = read_output ("window7.prn");
  g_assert_nonnull (prn);
  g_assert_nonnull (strstr (prn, "@PJL SET PAPER=A4"));
  g_assert_null (strstr (prn, "@PJL SET PAPER=LETTER"));
  g_assert_nonnull (strstr (prn, "@PJL SET DUPLEX=ON"));
  g_assert_nonnull (strstr (prn, "%PDF-"));
  check_requested (yc_print_job_get_job_id (job), "iso_a4_210x297mm", 2, "two-sided-long-edge");
  {
    g_autofree char *rel = g_build_filename ("out", "window7.prn", NULL);
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", NULL, "-", NULL };

    prn_path = yc_test_cups_path (rel);
    argv[3] = prn_path;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH
                                 | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, &status,
                                 NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (text, CASE_NUMBER));
  }
  follow_clear (&f);
}

/* No queue named (the window's printer left empty): the print server's default takes it. */
static void
test_default_printer (void)
{
  g_autoptr(YcPrintJob) job = yc_print_job_new (NULL, document, "受理凭证");
  g_autoptr(GError) error = NULL;
  g_autofree char *prn = NULL;

  forget_output ("window7.prn");
  g_assert_null (yc_print_job_get_printer (job));
  g_assert_true (yc_print_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (yc_print_job_get_printer (job), ==, "window7");
  g_assert_cmpint (yc_print_job_get_state (job), ==, YC_PRINT_JOB_STATE_COMPLETED);
  prn = read_output ("window7.prn");
  g_assert_nonnull (prn);
  g_assert_nonnull (strstr (prn, "%PDF-"));
  check_requested (yc_print_job_get_job_id (job), "iso_a4_210x297mm", 1, "one-sided");
}

static void
test_simplex_printer (void)
{
  g_autoptr(YcPrintJob) job = yc_print_job_new ("simplex", document, "受理凭证");
  g_autoptr(GError) error = NULL;
  g_autofree char *prn = NULL;

  yc_print_job_set_duplex (job, TRUE);
  g_assert_true (yc_print_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (yc_print_job_get_duplex_used (job));
  g_assert_cmpint (yc_print_job_get_state (job), ==, YC_PRINT_JOB_STATE_COMPLETED);
  check_requested (yc_print_job_get_job_id (job), "iso_a4_210x297mm", 1, "one-sided");
  prn = read_output ("simplex.prn");
  g_assert_nonnull (prn);
  g_assert_true (g_str_has_prefix (prn, "%!PS"));
}

typedef struct
{
  const char *name;
  const char *printer;
  const char *before;            /* tool run on window7 before the job, and its undo after */
  const char *after;
  int         code;
} Refusal;

static const Refusal refusals[] = {
  { "disabled", "window7", "cupsdisable", "cupsenable", YC_PRINT_ERROR_PRINTER_DISABLED },
  { "rejecting", "window7", "cupsreject", "cupsaccept", YC_PRINT_ERROR_PRINTER_REJECTING },
  { "missing", "window99", NULL, NULL, YC_PRINT_ERROR_PRINTER_NOT_FOUND },
};

static void
test_refused (gconstpointer data)
{
  const Refusal *r = data;
  g_autoptr(YcPrintJob) job = yc_print_job_new (r->printer, document, "受理凭证");
  Follow f = { 0 };

  forget_output ("window7.prn");
  if (r->before != NULL)
    {
      const char *argv[] = { r->before, "window7", NULL };

      yc_test_cups_run_tool (argv);
    }
  follow_job (job, &f);
  if (r->after != NULL)
    {
      const char *argv[] = { r->after, "window7", NULL };

      yc_test_cups_run_tool (argv);
    }
  g_assert_false (f.ok);
  g_assert_error (f.error, YC_PRINT_ERROR, r->code);
  g_assert_cmpint (yc_print_job_get_job_id (job), ==, 0);
  g_assert_cmpint (yc_print_job_get_state (job), ==, YC_PRINT_JOB_STATE_FAILED);
  g_assert_cmpint (last_state (&f), ==, YC_PRINT_JOB_STATE_FAILED);
  /* nothing reached the printer */
  g_assert_null (read_output ("window7.prn"));
  follow_clear (&f);
}

/* The job never finishes: after the timeout it is cancelled and reported as not printed. */
static void
test_timeout (void)
{
  g_autoptr(YcPrintJob) job = yc_print_job_new ("offline1", document, "受理凭证");
  Follow f = { 0 };

  add_unreachable_printer ("offline1");
  yc_print_job_set_timeout (job, 3);
  follow_job (job, &f);
  g_assert_false (f.ok);
  g_assert_error (f.error, YC_PRINT_ERROR, YC_PRINT_ERROR_TIMEOUT);
  g_assert_cmpint (yc_print_job_get_job_id (job), >, 0);
  g_assert_cmpint (last_state (&f), ==, YC_PRINT_JOB_STATE_CANCELLED);
  g_assert_cmpint (server_job_state (yc_print_job_get_job_id (job)), ==, IPP_JSTATE_CANCELED);
  follow_clear (&f);
}

/* The printer is paused while our job prints: the job is reported stopped, not printed, and
 * taken off the queue so that it cannot print by surprise after a reprint. */
static void
test_stopped_while_printing (void)
{
  g_autoptr(YcPrintJob) job = yc_print_job_new ("offline2", document, "受理凭证");
  const char *enable[] = { "cupsenable", "offline2", NULL };
  Follow f = { 0 };

  add_unreachable_printer ("offline2");
  f.pause_on_processing = "offline2";
  follow_job (job, &f);
  yc_test_cups_run_tool (enable);
  g_assert_false (f.ok);
  g_assert_error (f.error, YC_PRINT_ERROR, YC_PRINT_ERROR_JOB_STOPPED);
  g_assert_cmpint (last_state (&f), ==, YC_PRINT_JOB_STATE_STOPPED);
  g_assert_cmpint (server_job_state (yc_print_job_get_job_id (job)), ==, IPP_JSTATE_CANCELED);
  follow_clear (&f);
}

/* The clerk cancels while the job prints: cancelled on the server too. */
static void
test_cancelled_while_printing (void)
{
  g_autoptr(YcPrintJob) job = yc_print_job_new ("offline3", document, "受理凭证");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Follow f = { 0 };

  add_unreachable_printer ("offline3");
  f.cancel_on_processing = cancellable;
  follow_job (job, &f);
  g_assert_false (f.ok);
  g_assert_error (f.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (server_job_state (yc_print_job_get_job_id (job)), ==, IPP_JSTATE_CANCELED);
  follow_clear (&f);
}

static void
test_invalid (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(YcPrintJob) job = yc_print_job_new ("window7", empty, "空");
  g_autoptr(GError) error = NULL;

  g_assert_false (yc_print_job_run (job, NULL, &error));
  g_assert_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_INVALID);
  g_assert_cmpint (yc_print_job_get_state (job), ==, YC_PRINT_JOB_STATE_FAILED);
}

static void
test_cancelled_before (void)
{
  g_autoptr(YcPrintJob) job = yc_print_job_new ("window7", document, "受理凭证");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  forget_output ("window7.prn");
  g_cancellable_cancel (cancellable);
  g_assert_false (yc_print_job_run (job, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (yc_print_job_get_job_id (job), ==, 0);
  g_assert_null (read_output ("window7.prn"));
}

/* Last: with cupsd gone, both listing and printing say so. */
static void
test_server_stopped (void)
{
  g_autoptr(YcPrintJob) job = yc_print_job_new ("window7", document, "受理凭证");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  Follow f = { 0 };

  yc_test_cups_stop ();
  printers = yc_print_list_printers (NULL, &error);
  g_assert_null (printers);
  g_assert_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_SERVER_UNREACHABLE);
  follow_job (job, &f);
  g_assert_false (f.ok);
  g_assert_error (f.error, YC_PRINT_ERROR, YC_PRINT_ERROR_SERVER_UNREACHABLE);
  g_assert_cmpint (yc_print_job_get_job_id (job), ==, 0);
  g_assert_cmpint (yc_print_job_get_state (job), ==, YC_PRINT_JOB_STATE_FAILED);
  follow_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* font subsets in the build directory, not in $HOME */
  if (g_getenv ("YC_BUILDDIR") != NULL)
    {
      g_autofree char *fonts = g_build_filename (g_getenv ("YC_BUILDDIR"), "font-cache", NULL);

      g_setenv ("YC_FONT_CACHE_DIR", fonts, TRUE);
    }
  if (!yc_test_cups_start ())
    {
      g_test_skip ("cupsd is not installed");
      return g_test_run ();
    }
  yc_test_cups_add_printer ("window7", TRUE);
  yc_test_cups_add_printer_ppd ("simplex", PS_PPD, FALSE);
  document = render_document ();

  g_test_add_func ("/print/list-printers", test_list_printers);
  g_test_add_func ("/print/a4-job", test_a4_job);
  g_test_add_func ("/print/default-printer", test_default_printer);
  g_test_add_func ("/print/simplex-printer", test_simplex_printer);
  g_test_add_func ("/print/invalid", test_invalid);
  g_test_add_func ("/print/cancelled-before-start", test_cancelled_before);
  g_test_add_func ("/print/timeout", test_timeout);
  g_test_add_func ("/print/stopped-while-printing", test_stopped_while_printing);
  g_test_add_func ("/print/cancelled-while-printing", test_cancelled_while_printing);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strconcat ("/print/refused/", refusals[i].name, NULL);

      g_test_add_data_func (path, &refusals[i], test_refused);
    }
  g_test_add_func ("/print/zz-server/stopped", test_server_stopped);

  status = g_test_run ();

  yc_test_cups_stop ();
  g_bytes_unref (document);
  return status;
}
