/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A certificate from the case page to paper and back again, on a real yichuangd (demo county)
 * and a private cupsd, in the real desk window under Xvfb:
 *
 *   the clerk certifies a signed-off case: the certificate is issued, previewed beside its
 *   facts (issuing department and its credit code, the GB/T 36904 identifier built from them,
 *   holder, scope, validity) and printed: one copy, one-sided, A4, the job completed and the
 *   bytes sent those registered for verification (build/screenshots/document.png);
 *   two-sided is switched on and two copies chosen: printing again is a reprint — the job asks
 *   for 2 copies, two-sided-long-edge, sends the same bytes, and the backend logs
 *   document.reprint under the same verification id without a new document;
 *   the case page then offers the desk's issued copy: reprinted from there with one click, it
 *   is the same document again, two-sided as this workstation remembers;
 *   a case this desk only submitted, certified elsewhere, prints nothing here. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <cups/cups.h>

#include "yc-application.h"
#include "yc-case-page.h"
#include "yc-desk-window.h"
#include "yc-document-view.h"
#include "yc-sign-in-page.h"
#include "yc-test-cups.h"
#include "yc-test-desk.h"

#define WAIT_SECONDS 120
#define PASSWORD "yichuang-demo"
#define ITEM "320826-SCJG-XK-006"
#define PRINTER "window01"

static YcApplication *app;
static YcDeskWindow  *window;
static char          *work_dir;
static char          *server_url;
static SoupSession   *soup;

/* ---- plumbing ------------------------------------------------------------------------- */

/* The shared plumbing (yc-test-desk.c), with this test's longer bound. */
static gboolean
wait_for (YcTestCondition cond,
          gpointer        data)
{
  return yc_test_wait_for_seconds (cond, data, WAIT_SECONDS);
}

static gboolean
window_ready (gpointer data)
{
  return yc_desk_window_is_ready (window);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
start_server (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *exe = g_build_filename (g_getenv ("YC_BUILDDIR"), "src", "server",
                                           "yichuangd", NULL);
  g_autofree char *db = g_build_filename (work_dir, "county.sqlite", NULL);
  g_autofree char *config = g_build_filename (work_dir, "yichuangd.conf", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  g_assert_true (g_file_set_contents (config, "[auth]\nargon2-iterations=1\n"
                                              "argon2-memory-kib=8\n", -1, &error));
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, exe, "--config", config, "--listen",
                                        "127.0.0.1:0", "--db", db, "--data-dir",
                                        g_getenv ("YC_DATADIR"), "--init-demo", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  server_url = g_strdup (line + strlen ("listening on "));
  while (g_str_has_suffix (server_url, "/"))
    server_url[strlen (server_url) - 1] = '\0';
  return server;
}

/* ---- the backend, as other desks would move the case ---------------------------------- */

static JsonNode *
request (const char *method,
         const char *path,
         const char *bearer,
         const char *body,
         guint       expect)
{
  g_autofree char *url = g_strconcat (server_url, "/api/v1", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *auth = g_strconcat ("Bearer ", bearer != NULL ? bearer : "", NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (bearer != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key",
                                    key);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (soup, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != expect)
    g_error ("%s %s: %u %.*s", method, path, soup_message_get_status (msg),
             (int) g_bytes_get_size (answer), (const char *) g_bytes_get_data (answer, NULL));
  node = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);
  return node;
}

static char *
login (const char *user)
{
  g_autofree char *body = g_strdup_printf ("{\"user\": \"%s\", \"password\": \"" PASSWORD "\"}",
                                           user);
  g_autoptr(JsonNode) answer = request ("POST", "/sessions", NULL, body, 201);

  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
}

static void
act (const char *token,
     const char *number,
     const char *action)
{
  g_autofree char *path = g_strdup_printf ("/cases/%s", number);
  g_autoptr(JsonNode) view = request ("GET", path, token, NULL, 200);
  JsonObject *c = json_object_get_object_member (json_node_get_object (view), "case");
  g_autofree char *action_path = g_strdup_printf ("/cases/%s/actions/%s", number, action);
  g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}",
                                           json_object_get_int_member (c, "version"));
  g_autoptr(JsonNode) answer = request ("POST", action_path, token, body, 200);
}

/* A case of ITEM taken in at C01, accepted and in review. */
static char *
reviewed_case (const char *clerk,
               guint       sequence)
{
  YcItem *item = yc_catalogue_get_item (yc_application_get_catalogue (app), ITEM);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y%m%d");
  char *number = g_strdup_printf ("320826-C01-%s-%04u", date, sequence);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(JsonNode) created = NULL;

  g_assert_nonnull (item);
  g_string_printf (body, "{\"number\": \"%s\", \"item_code\": \"" ITEM "\", \"window_code\": "
                         "\"C01\", \"applicant\": {\"kind\": \"person\", \"name\": \"陈秀英\", "
                         "\"id_number\": \"11010519491231002X\", \"phone\": \"13905170000\", "
                         "\"address\": \"江苏省涟水县涟城镇安东路8号\"}, \"materials\": [",
                   number);
  for (guint i = 0; i < item->materials->len; i++)
    g_string_append_printf (body, "%s{\"code\": \"%s\", \"status\": \"original_seen\"}",
                            i > 0 ? ", " : "",
                            ((YcMaterial *) g_ptr_array_index (item->materials, i))->code);
  g_string_append (body, "]}");
  created = request ("POST", "/cases", clerk, body->str, 201);
  act (clerk, number, "accept");
  act (clerk, number, "start_review");
  return number;
}

/* The same, signed off by the chief. */
static char *
approved_case (const char *clerk)
{
  g_autofree char *chief = login ("chief-scjg");
  char *number = reviewed_case (clerk, 1);

  act (clerk, number, "submit_signoff");
  act (chief, number, "approve");
  return number;
}

static gboolean
any_document_view (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (YC_IS_DOCUMENT_VIEW (toplevel))
        return TRUE;
    }
  return FALSE;
}

/* The entries of the case's audit trail for @action naming @id. */
static guint
audit_entries (const char *token,
               const char *number,
               const char *action,
               const char *id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%s/audit", number);
  g_autoptr(JsonNode) audit = request ("GET", path, token, NULL, 200);
  JsonArray *entries = json_node_get_array (audit);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);
      JsonObject *detail = json_object_get_object_member (e, "detail");

      n += g_str_equal (json_object_get_string_member (e, "action"), action) &&
           g_strcmp0 (json_object_get_string_member_with_default (detail, "verification_id",
                                                                  NULL), id) == 0;
    }
  return n;
}

/* The certificates issued for the case; the registered SHA-256 of @id replaces *@sha. */
static guint
certificates (const char  *token,
              const char  *number,
              const char  *id,
              char       **sha)
{
  g_autofree char *path = g_strdup_printf ("/cases/%s/documents", number);
  g_autoptr(JsonNode) list = request ("GET", path, token, NULL, 200);
  JsonArray *documents = json_node_get_array (list);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (documents); i++)
    {
      JsonObject *d = json_array_get_object_element (documents, i);

      if (!g_str_equal (json_object_get_string_member (d, "kind"), "certificate"))
        continue;
      n++;
      if (g_str_equal (json_object_get_string_member (d, "verification_id"), id))
        {
          g_free (*sha);
          *sha = g_strdup (json_object_get_string_member (d, "sha256"));
        }
    }
  return n;
}

/* ---- the desk ------------------------------------------------------------------------- */

typedef struct
{
  YcDocumentView *view;
  guint           printed;
} ViewWait;

/* A document view other than @wait->view has printed (or @wait->view printed @printed). */
static gboolean
view_printed (gpointer data)
{
  ViewWait *wait = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (YC_IS_DOCUMENT_VIEW (toplevel) &&
          yc_document_view_get_n_printed (YC_DOCUMENT_VIEW (toplevel)) >= wait->printed &&
          (wait->printed > 1 || YC_DOCUMENT_VIEW (toplevel) != wait->view))
        {
          wait->view = YC_DOCUMENT_VIEW (toplevel);
          return TRUE;
        }
    }
  return FALSE;
}

/* The preview shows its first page: it is drawn apart from the print, and may finish last. */
static gboolean
view_shows_page (gpointer data)
{
  return yc_document_view_get_page (YC_DOCUMENT_VIEW (data)) > 0;
}

typedef struct
{
  const char *number;
  const char *state;
} CaseWait;

static gboolean
case_in_state (gpointer data)
{
  CaseWait *wait = data;
  const YcCase *c = yc_case_page_get_case (yc_test_child (window, YC_TYPE_DESK_WINDOW,
                                                          "case_page"));

  return c != NULL && g_strcmp0 (c->number, wait->number) == 0 &&
         g_str_equal (yc_case_state_to_string (c->state), wait->state);
}

static gboolean
reprint_offered (gpointer data)
{
  const YcCase *c = yc_case_page_get_case (yc_test_child (window, YC_TYPE_DESK_WINDOW,
                                                          "case_page"));

  return c != NULL && yc_document_view_can_reprint (c, "certificate");
}

/* The job as cupsd has it: completed on the window's printer, A4, as asked; the bytes sent. */
static char *
check_job (int         job_id,
           int         copies,
           const char *sides)
{
  g_auto(YcTestCupsJob) job = { 0 };

  g_assert_cmpint (job_id, >, 0);
  g_assert_cmpint (yc_test_cups_job_wait_final (job_id), ==, IPP_JSTATE_COMPLETED);
  yc_test_cups_job_get (job_id, &job);
  g_assert_cmpstr (job.printer, ==, PRINTER);
  g_assert_cmpstr (job.media, ==, "iso_a4_210x297mm");
  g_assert_cmpint (job.copies, ==, copies);
  g_assert_cmpstr (job.sides, ==, sides);
  return yc_test_cups_job_document_sha256 (job_id);
}

static void
test_certify_preview_print_reprint (void)
{
  g_autoptr(GSubprocess) server = NULL;
  GSettings *settings;
  g_autofree char *clerk = NULL, *number = NULL, *id = NULL, *registered = NULL;
  g_autofree char *first = NULL, *second = NULL, *third = NULL;
  YcCatalogue *catalogue;
  YcDepartment *department;
  YcItem *item;
  ViewWait wait = { NULL, 1 };
  YcDocumentView *view;
  const char *licence_id;
  GtkWidget *case_page;

  if (!g_file_test ("/usr/sbin/cupsd", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("cupsd is not installed");
      return;
    }
  server = start_server ();
  g_application_activate (G_APPLICATION (app));
  window = YC_DESK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 780);
  yc_test_settle ();
  settings = yc_application_get_settings (app);
  g_settings_set_string (settings, "printer", PRINTER);
  g_settings_set_boolean (settings, "print-duplex", FALSE);

  {
    YcSignInPage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "sign_in_page");

    gtk_editable_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "backend_row"), server_url);
    gtk_editable_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "user_row"), "clerk01");
    gtk_editable_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "password_row"), PASSWORD);
    yc_test_settle ();
    yc_sign_in_page_submit (page);
    g_assert_true (wait_for (window_ready, NULL));
  }
  clerk = g_strdup (yc_rest_client_get_token (yc_application_get_client (app)));
  number = approved_case (clerk);
  catalogue = yc_application_get_catalogue (app);
  item = yc_catalogue_get_item (catalogue, ITEM);
  department = yc_catalogue_get_department (catalogue, item->department_code);
  g_assert_nonnull (department->uscc);

  /* Certify from the case page: the certificate is issued, shown and printed at once. */
  g_signal_emit_by_name (yc_test_child (window, YC_TYPE_DESK_WINDOW, "queue_page"), "open-case",
                         number);
  case_page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "case_page");
  {
    CaseWait approved = { number, "approved" }, certified = { number, "certified" };

    g_assert_true (wait_for (case_in_state, &approved));
    g_assert_true (gtk_widget_activate_action (case_page, "case.run-action", "s", "certify"));
    g_assert_true (wait_for (case_in_state, &certified));
  }
  g_assert_true (wait_for (view_printed, &wait));
  view = wait.view;
  id = g_strdup (yc_document_view_get_verification_id (view));
  g_assert_true (wait_for (view_shows_page, view));
  g_assert_cmpuint (yc_document_view_get_page (view), ==, 1);

  /* Beside the page: the issuer with its code, the identifier built from them, the rest. */
  licence_id = yc_document_view_get_fact (view, "licence_id");
  g_assert_cmpstr (yc_document_view_get_fact (view, "issuing_department"), ==,
                   department->name);
  g_assert_cmpstr (yc_document_view_get_fact (view, "issuer_uscc"), ==, department->uscc);
  g_assert_nonnull (licence_id);
  g_assert_true (g_str_has_prefix (licence_id, "1.2.156.3005.2."));
  g_assert_nonnull (strstr (licence_id, department->uscc));
  g_assert_nonnull (strstr (licence_id, yc_document_view_get_fact (view, "licence_serial")));
  g_assert_true (yc_elicence_id_check (licence_id, NULL));
  g_assert_cmpstr (yc_document_view_get_fact (view, "holder_name"), ==, "陈秀英");
  g_assert_nonnull (yc_document_view_get_fact (view, "scope"));
  g_assert_nonnull (yc_document_view_get_fact (view, "validity"));
  gtk_window_set_default_size (GTK_WINDOW (view), 1100, 780);
  yc_test_screenshot (GTK_WIDGET (view), "document.png");

  g_assert_cmpuint (certificates (clerk, number, id, &registered), ==, 1);
  first = check_job (yc_document_view_get_last_job_id (view), 1, "one-sided");
  g_assert_cmpstr (first, ==, registered);
  g_assert_cmpuint (audit_entries (clerk, number, "document.reprint", id), ==, 0);

  /* Two-sided is the workstation's choice, copies the document's: printing again is a
   * reprint of the same bytes, on the record. */
  g_settings_set_boolean (settings, "print-duplex", TRUE);
  yc_document_view_set_copies (view, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "doc.print", NULL));
  wait.printed = 2;
  g_assert_true (wait_for (view_printed, &wait));
  g_assert_true (wait.view == view);
  second = check_job (yc_document_view_get_last_job_id (view), 2, "two-sided-long-edge");
  g_assert_cmpstr (second, ==, registered);
  g_assert_cmpuint (audit_entries (clerk, number, "document.reprint", id), ==, 1);
  g_assert_cmpuint (certificates (clerk, number, id, &registered), ==, 1);
  gtk_window_destroy (GTK_WINDOW (view));
  yc_test_settle ();

  /* From the case page: the desk's issued copy, reprinted with one click, two-sided as
   * remembered, one copy. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  g_assert_true (wait_for (reprint_offered, NULL));
  g_assert_true (gtk_widget_activate_action (case_page, "case.reprint-document", "s",
                                             "certificate"));
  wait = (ViewWait) { view, 1 };
  g_assert_true (wait_for (view_printed, &wait));
  view = wait.view;
  g_assert_cmpstr (yc_document_view_get_verification_id (view), ==, id);
  g_assert_cmpstr (yc_document_view_get_fact (view, "issuer_uscc"), ==, department->uscc);
  third = check_job (yc_document_view_get_last_job_id (view), 1, "two-sided-long-edge");
  g_assert_cmpstr (third, ==, registered);
  g_assert_cmpuint (audit_entries (clerk, number, "document.reprint", id), ==, 2);
  g_assert_cmpuint (certificates (clerk, number, id, &registered), ==, 1);
  gtk_window_destroy (GTK_WINDOW (view));
  yc_test_settle ();

  /* Only certifying prints: a case this desk only submitted for sign-off, certified elsewhere,
   * gets no certificate from this desk when it shows up certified. */
  {
    g_autofree char *chief = login ("chief-scjg");
    g_autofree char *other = reviewed_case (clerk, 2);
    g_autofree char *none = NULL;
    CaseWait in_review = { other, "in_review" }, awaiting = { other, "awaiting_signoff" };
    CaseWait certified = { other, "certified" };

    g_signal_emit_by_name (yc_test_child (window, YC_TYPE_DESK_WINDOW, "queue_page"), "open-case",
                           other);
    g_assert_true (wait_for (case_in_state, &in_review));
    g_assert_true (gtk_widget_activate_action (case_page, "case.run-action", "s",
                                               "submit_signoff"));
    g_assert_true (wait_for (case_in_state, &awaiting));
    act (chief, other, "approve");
    act (clerk, other, "certify");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
    g_assert_true (wait_for (case_in_state, &certified));
    yc_test_settle ();
    g_assert_false (any_document_view ());
    g_assert_cmpuint (certificates (clerk, other, "", &none), ==, 0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  yc_test_settle ();
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (path, name, NULL);

      remove_tree (sub);
    }
  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data = NULL, *cache = NULL;
  g_autoptr(GError) error = NULL;
  gboolean have_cups;
  int status;

  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  /* Before any thread: CUPS_SERVER for libcups. */
  have_cups = yc_test_cups_start ();
  if (have_cups)
    yc_test_cups_add_printer (PRINTER, TRUE);
  work_dir = g_dir_make_tmp ("yc-document-XXXXXX", NULL);
  data = g_build_filename (work_dir, "data", NULL);
  cache = g_build_filename (work_dir, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = yc_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  soup = soup_session_new ();

  g_test_add_func ("/document/certify-preview-print-reprint",
                   test_certify_preview_print_reprint);
  status = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  yc_test_settle ();
  g_clear_object (&app);
  g_clear_object (&soup);
  yc_test_cups_stop ();
  remove_tree (work_dir);
  g_free (work_dir);
  g_free (server_url);
  return status;
}
