/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Three desk clients — a township's staff, the county clerk and the section chief — each its
 * own process with its own window, outbox and session, on one real yichuangd (demo county):
 *
 *   township  takes a county item in, accepts it (its scan attached) and forwards it;
 *   clerk     reviews it and submits it for sign-off, and does the same for a hall case;
 *   chief     lands on the sign-off queue, opens the forwarded case (scan and draft
 *             certificate side by side), approves it with conditions, opens the hall case,
 *             ticks it and signs it off as a batch; then the statistics, exported as CSV;
 *   clerk     returns the forwarded case to the township; certifies the hall case — the sealed
 *             certificate is issued and printed to the window's printer on a private cupsd,
 *             the job completes and the bytes it sent are the ones registered for
 *             verification — and hands it over (a wrong collector's ID is refused as typed,
 *             the right one goes);
 *   township  is told that the county answered, issues the certificate, hands it over by
 *             courier and sees the case finished.
 *
 * The processes coordinate only through the backend and a few files naming case numbers, as
 * three windows in a real service centre would. Screenshots go to $YC_BUILDDIR/screenshots:
 * signoff-queue.png, township-forwarded.png, township-answered.png, statistics.png. */
#include "config.h"

#include <cairo-pdf.h>
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
#include "yc-handover-dialog.h"
#include "yc-queue-page.h"
#include "yc-sign-in-page.h"
#include "yc-signoff-page.h"
#include "yc-statistics-page.h"
#include "yc-township-page.h"
#include "yc-test-cups.h"
#include "yc-test-desk.h"

#define WAIT_SECONDS 180
#define PASSWORD "yichuang-demo"
#define COUNTY_ITEM "320826-SCJG-XK-006"     /* not delegated to any township */
#define TOWNSHIP "320826100"
#define COLLECTOR_ID "11010519491231002X"
#define PRINTER "window01"

static YcApplication *app;
static YcDeskWindow  *window;
static const char    *work_dir;
static const char    *server_url;
static SoupSession   *soup;
static gboolean       have_cups;

/* ---- plumbing ------------------------------------------------------------------------- */

/* The shared plumbing (yc-test-desk.c), with this test's longer bound. */
static gboolean
wait_for (YcTestCondition cond,
          gpointer        data)
{
  return yc_test_wait_for_seconds (cond, data, WAIT_SECONDS);
}

static gpointer
role_page (const char *name)
{
  AdwViewStack *stack = yc_test_child (window, YC_TYPE_DESK_WINDOW, "view_stack");
  GtkWidget *page = adw_view_stack_get_child_by_name (stack, name);

  g_assert_nonnull (page);
  return page;
}

/* Back from a case to the desk, on the page @name. */
static void
show_page (const char *name)
{
  if (g_strcmp0 (yc_desk_window_get_screen (window), "case") == 0)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL);
  adw_view_stack_set_visible_child_name (yc_test_child (window, YC_TYPE_DESK_WINDOW, "view_stack"),
                                         name);
  yc_test_settle ();
  g_assert_true (yc_test_is_screen (window, name));
}

static void
screenshot (const char *name)
{
  yc_test_screenshot (GTK_WIDGET (window), name);
}

static gboolean
window_ready (gpointer data)
{
  return yc_desk_window_is_ready (window);
}

static void
open_window (void)
{
  g_application_activate (G_APPLICATION (app));
  window = YC_DESK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 780);
  yc_test_settle ();
}

static void
sign_in (const char *user,
         const char *landing)
{
  YcSignInPage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "sign_in_page");

  g_assert_true (yc_test_is_screen (window, "sign-in"));
  gtk_editable_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "backend_row"), server_url);
  gtk_editable_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "user_row"), user);
  gtk_editable_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "password_row"), PASSWORD);
  yc_test_settle ();
  yc_sign_in_page_submit (page);
  /* Each role lands where its work is. */
  g_assert_true (yc_test_wait_screen (window, landing, WAIT_SECONDS));
  g_assert_true (wait_for (window_ready, NULL));
  g_message ("%s signed in, on %s", user, landing);
}

/* Files in the shared work directory carry case numbers from one desk to another. */
static void
publish (const char *name,
         const char *value)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, value, -1, NULL));
}

static gboolean
published (gpointer name)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static char *
await (const char *name)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);
  char *value = NULL;

  g_assert_true (wait_for (published, (gpointer) name));
  g_assert_true (g_file_get_contents (path, &value, NULL, NULL));
  return value;
}

/* ---- what a window took in (through the backend, as the outbox would send it) ---------- */

static char *
token (void)
{
  return g_strdup (yc_rest_client_get_token (yc_application_get_client (app)));
}

static void
post (const char        *path,
      const char        *content_type,
      GBytes            *body,
      const char *const *headers)
{
  g_autofree char *url = g_strconcat (server_url, "/api/v1", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *bearer = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  bearer = token ();
  auth = g_strconcat ("Bearer ", bearer, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i],
                                  headers[i + 1]);
  soup_message_set_request_body_from_bytes (msg, content_type, body);
  answer = soup_session_send_and_read (soup, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) >= 300)
    g_error ("POST %s: %u %.*s", path, soup_message_get_status (msg),
             (int) g_bytes_get_size (answer), (const char *) g_bytes_get_data (answer, NULL));
}

static JsonNode *
get_json (const char *path)
{
  g_autofree char *url = g_strconcat (server_url, "/api/v1", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *bearer = token ();
  g_autofree char *auth = g_strconcat ("Bearer ", bearer, NULL);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  answer = soup_session_send_and_read (soup, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  node = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);
  return node;
}

static char *
take_in (const char *window_code,
         const char *township,
         guint       sequence)
{
  YcCatalogue *catalogue = yc_application_get_catalogue (app);
  YcItem *item = yc_catalogue_get_item (catalogue, COUNTY_ITEM);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y%m%d");
  char *number = g_strdup_printf ("320826-%s-%s-%04u", window_code, date, sequence);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;

  g_string_printf (body, "{\"number\": \"%s\", \"item_code\": \"%s\", \"window_code\": \"%s\", "
                         "%s%s%s\"applicant\": {\"kind\": \"person\", \"name\": \"陈秀英\", "
                         "\"id_number\": \"" COLLECTOR_ID "\", \"phone\": \"13905170000\", "
                         "\"address\": \"江苏省涟水县涟城镇安东路8号\"}, \"materials\": [",
                   number, COUNTY_ITEM, window_code, township != NULL ? "\"township_code\": \""
                                                                     : "",
                   township != NULL ? township : "", township != NULL ? "\", " : "");
  for (guint i = 0; i < item->materials->len; i++)
    {
      YcMaterial *m = g_ptr_array_index (item->materials, i);

      g_string_append_printf (body, "%s{\"code\": \"%s\", \"status\": \"original_seen\"}",
                              i > 0 ? ", " : "", m->code);
    }
  g_string_append (body, "]}");
  bytes = g_bytes_new (body->str, body->len);
  post ("/cases", "application/json",
        bytes, (const char *const[]) { "Idempotency-Key", number, NULL });
  return number;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A one-page scan of the application form (a PDF as the scanning module makes them). */
static void
attach_scan (const char *number)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, 595, 842);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *path = g_strdup_printf ("/cases/%s/attachments", number);
  g_autofree char *key = g_strdup_printf ("scan-%s", number);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_rectangle (cr, 60, 80, 475, 40);
  cairo_fill (cr);
  for (int line = 0; line < 20; line++)
    {
      cairo_rectangle (cr, 60, 160 + line * 28, 300 + (line * 37) % 170, 6);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  bytes = g_bytes_new (pdf->data, pdf->len);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  post (path, "application/pdf", bytes,
        (const char *const[]) { "Idempotency-Key", key, "X-Material-Code", "M01",
                                "X-Content-SHA256", sha, NULL });
}

/* ---- the case view -------------------------------------------------------------------- */

typedef struct
{
  const char *number;
  const char *state;
} CaseWait;

static void
open_case (const char *number)
{
  g_signal_emit_by_name (yc_test_child (window, YC_TYPE_DESK_WINDOW, "queue_page"), "open-case",
                         number);
  g_assert_true (yc_test_is_screen (window, "case"));
}

static gboolean
case_in_state (gpointer data)
{
  CaseWait *wait = data;
  YcCasePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "case_page");
  const YcCase *c = yc_case_page_get_case (page);

  return c != NULL && g_strcmp0 (c->number, wait->number) == 0 &&
         g_str_equal (yc_case_state_to_string (c->state), wait->state);
}

/* Reloads the case now and then until it is in @state (another desk moves it). */
static gboolean
case_reaches (gpointer data)
{
  static gint64 last;
  gint64 now = g_get_monotonic_time ();

  if (case_in_state (data))
    return TRUE;
  if (now - last > 2 * G_USEC_PER_SEC)
    {
      last = now;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
    }
  return FALSE;
}

static gboolean
action_allowed (YcCaseAction action)
{
  GArray *allowed = yc_case_page_get_allowed_actions (yc_test_child (window, YC_TYPE_DESK_WINDOW,
                                                                     "case_page"));

  for (guint i = 0; allowed != NULL && i < allowed->len; i++)
    if (g_array_index (allowed, guint, i) == (guint) action)
      return TRUE;
  return FALSE;
}

/* Presses the case view's button for @action and waits until the case is in @then. */
static void
run (const char   *number,
     YcCaseAction  action,
     const char   *then)
{
  CaseWait wait = { number, then };

  g_assert_true (action_allowed (action));
  g_assert_true (gtk_widget_activate_action (yc_test_child (window, YC_TYPE_DESK_WINDOW,
                                                            "case_page"),
                                             "case.run-action", "s",
                                             yc_case_action_to_string (action)));
  g_assert_true (wait_for (case_in_state, &wait));
  g_message ("%s: %s → %s", number, yc_case_action_to_string (action), then);
}

static void
reach (const char *number,
       const char *state)
{
  CaseWait wait = { number, state };

  open_case (number);
  g_assert_true (wait_for (case_reaches, &wait));
}

static AdwMessageDialog *
handover_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static void
hand_over (const char *number,
           const char *method,
           const char *bad,
           const char *good)
{
  AdwMessageDialog *dialog;

  g_assert_true (action_allowed (YC_ACTION_DELIVER));
  g_assert_true (gtk_widget_activate_action (yc_test_child (window, YC_TYPE_DESK_WINDOW,
                                                            "case_page"),
                                             "case.run-action", "s", "deliver"));
  yc_test_settle ();
  dialog = handover_dialog ();
  g_assert_nonnull (dialog);
  /* What is wrong is refused as it is typed; what is right goes. */
  yc_handover_dialog_fill (dialog, method, bad);
  g_assert_false (yc_handover_dialog_is_valid (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "hand-over"));
  yc_handover_dialog_fill (dialog, method, good);
  g_assert_true (yc_handover_dialog_is_valid (dialog));
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, "hand-over");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  {
    CaseWait wait = { number, "delivered" };

    g_assert_true (wait_for (case_in_state, &wait));
  }
}

/* ---- the certificate on paper -------------------------------------------------------- */

static gboolean
certificate_printed (gpointer data)
{
  YcDocumentView **found = data;
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (YC_IS_DOCUMENT_VIEW (toplevel) &&
          yc_document_view_get_n_printed (YC_DOCUMENT_VIEW (toplevel)) > 0)
        {
          *found = YC_DOCUMENT_VIEW (toplevel);
          return TRUE;
        }
    }
  return FALSE;
}

/* Certifying printed the sealed certificate: CUPS completed the job on the window's printer,
 * the document it was sent is byte for byte the one registered for verification, and the
 * paper names the issuing department with its credit code. */
static void
check_certificate_printed (const char *number)
{
  YcDocumentView *view = NULL;
  YcCatalogue *catalogue = yc_application_get_catalogue (app);
  YcDepartment *department = NULL;
  const YcCase *kase;
  g_auto(YcTestCupsJob) job = { 0 };
  g_autofree char *path = g_strdup_printf ("/cases/%s/documents", number);
  g_autoptr(JsonNode) documents = NULL;
  g_autofree char *printed_sha = NULL;
  const char *registered_sha = NULL;
  const char *id;
  int job_id;

  if (!have_cups)
    {
      g_test_message ("cupsd not installed: the certificate's print is not checked");
      return;
    }
  g_assert_true (wait_for (certificate_printed, &view));
  id = yc_document_view_get_verification_id (view);
  g_assert_nonnull (id);
  job_id = yc_document_view_get_last_job_id (view);
  g_assert_cmpint (job_id, >, 0);
  g_assert_cmpint (yc_test_cups_job_wait_final (job_id), ==, IPP_JSTATE_COMPLETED);
  yc_test_cups_job_get (job_id, &job);
  g_assert_cmpstr (job.printer, ==, PRINTER);
  g_assert_cmpstr (job.media, ==, "iso_a4_210x297mm");

  documents = get_json (path);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (documents)); i++)
    {
      JsonObject *d = json_array_get_object_element (json_node_get_array (documents), i);

      if (g_str_equal (json_object_get_string_member (d, "verification_id"), id))
        {
          g_assert_cmpstr (json_object_get_string_member (d, "kind"), ==, "certificate");
          g_assert_true (json_object_get_boolean_member (
                           json_object_get_object_member (d, "seal"), "authorised"));
          registered_sha = json_object_get_string_member (d, "sha256");
        }
    }
  g_assert_nonnull (registered_sha);
  printed_sha = yc_test_cups_job_document_sha256 (job_id);
  g_assert_cmpstr (printed_sha, ==, registered_sha);

  kase = yc_case_page_get_case (yc_test_child (window, YC_TYPE_DESK_WINDOW, "case_page"));
  g_assert_nonnull (kase);
  department = yc_catalogue_get_department (catalogue, kase->department_code);
  g_assert_nonnull (department);
  g_assert_cmpstr (yc_document_view_get_fact (view, "issuer_uscc"), ==, department->uscc);
  g_assert_nonnull (strstr (yc_document_view_get_fact (view, "licence_id"), department->uscc));
  g_message ("%s: certificate %s printed as job %d, SHA-256 %s", number, id, job_id,
             printed_sha);
  gtk_window_destroy (GTK_WINDOW (view));
  yc_test_settle ();
}

/* ---- the township --------------------------------------------------------------------- */

static gboolean
forwarded_standing (gpointer data)
{
  const char *const *want = data;     /* number, standing */
  YcTownshipPage *page = role_page ("forwarded");

  return g_strcmp0 (yc_township_page_get_standing (page, want[0]), want[1]) == 0;
}

static gboolean
notice_about (gpointer number)
{
  const char *notice = yc_township_page_get_last_notice (role_page ("forwarded"));

  return notice != NULL && strstr (notice, number) != NULL;
}

static void
township_role (void)
{
  g_autofree char *number = NULL;

  sign_in ("town01-1", "catalogue");
  number = take_in ("T01W1", TOWNSHIP, 1);
  attach_scan (number);
  open_case (number);
  {
    CaseWait wait = { number, "received" };

    g_assert_true (wait_for (case_in_state, &wait));
  }
  /* A county item: the township may not review it, only forward it. */
  g_assert_false (action_allowed (YC_ACTION_START_REVIEW));
  run (number, YC_ACTION_ACCEPT, "accepted");
  g_assert_false (action_allowed (YC_ACTION_START_REVIEW));
  run (number, YC_ACTION_FORWARD_TO_COUNTY, "forwarded_to_county");
  publish ("forwarded", number);

  yc_township_page_set_poll_seconds (role_page ("forwarded"), 2);
  show_page ("forwarded");
  g_assert_true (wait_for (forwarded_standing,
                           (gpointer) (const char *const[]) { number, "with_county" }));
  g_assert_cmpint (yc_township_page_get_days_waited (role_page ("forwarded"), number), ==, 0);
  screenshot ("township-forwarded.png");

  /* The county answers: the staff are told, in the window and on the desktop. */
  g_assert_true (wait_for (notice_about, number));
  g_assert_true (wait_for (forwarded_standing,
                           (gpointer) (const char *const[]) { number, "answered" }));
  g_assert_nonnull (strstr (yc_desk_window_get_last_toast (window), number));
  screenshot ("township-answered.png");

  /* 不出镇办成事: the certificate is issued at the township and sent on. */
  g_signal_emit_by_name (role_page ("forwarded"), "open-case", number);
  {
    CaseWait wait = { number, "returned_to_township" };

    g_assert_true (wait_for (case_in_state, &wait));
  }
  /* Not before the county's desk has seen its own answer land: certifying at once would move
   * the case on while a loaded county desk still waits to show returned_to_township. */
  g_free (await ("returned-forwarded"));
  run (number, YC_ACTION_CERTIFY, "certified");
  hand_over (number, "courier", "SF 12", "SF1234567890");
  show_page ("forwarded");
  g_assert_true (wait_for (forwarded_standing,
                           (gpointer) (const char *const[]) { number, "finished" }));
  screenshot ("township-finished.png");
}

/* ---- the section chief ---------------------------------------------------------------- */

static gboolean
queue_lists (gpointer number)
{
  YcSignoffPage *page = role_page ("signoff");
  static gint64 last;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < yc_signoff_page_get_n_cases (page); i++)
    if (g_strcmp0 (yc_signoff_page_get_case_number (page, i), number) == 0)
      return TRUE;
  if (!yc_signoff_page_is_loading (page) && now - last > 2 * G_USEC_PER_SEC)
    {
      last = now;
      yc_signoff_page_refresh (page);
    }
  return FALSE;
}

static gboolean
queue_lacks (gpointer number)
{
  YcSignoffPage *page = role_page ("signoff");

  if (yc_signoff_page_is_loading (page) || yc_signoff_page_is_busy (page))
    return FALSE;
  for (guint i = 0; i < yc_signoff_page_get_n_cases (page); i++)
    if (g_strcmp0 (yc_signoff_page_get_case_number (page, i), number) == 0)
      return FALSE;
  return TRUE;
}

static gboolean
case_ready (gpointer data)
{
  return yc_signoff_page_is_case_ready (role_page ("signoff"));
}

static gboolean
statistics_shown (gpointer data)
{
  YcStatisticsPage *page = role_page ("statistics");

  return !yc_statistics_page_is_busy (page) && yc_statistics_page_get_n_rows (page) > 0;
}

static gboolean
file_saved (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS) &&
         !yc_statistics_page_is_busy (role_page ("statistics"));
}

static void
chief_role (void)
{
  YcSignoffPage *page;
  g_autofree char *forwarded = NULL;
  g_autofree char *hall = NULL;
  g_autofree char *csv_path = g_build_filename (work_dir, "statistics.csv", NULL);
  g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
  g_autofree char *contents = NULL;

  sign_in ("chief-scjg", "signoff");
  page = role_page ("signoff");
  forwarded = await ("submitted-forwarded");
  hall = await ("submitted-hall");
  g_assert_true (wait_for (queue_lists, forwarded));
  g_assert_true (wait_for (queue_lists, hall));
  g_assert_true (yc_signoff_page_is_signable (page, forwarded));

  /* A case not opened yet cannot be ticked for a batch (the queue may have opened the first
   * case by itself when it took the focus). */
  yc_test_settle ();
  g_assert_false (yc_signoff_page_set_checked (page,
                                               g_strcmp0 (yc_signoff_page_get_selected (page),
                                                          hall) == 0 ? forwarded : hall,
                                               TRUE));

  /* The forwarded case: its scan and the draft certificate side by side, then approved with
   * a condition that the draft shows. */
  g_assert_true (yc_signoff_page_select (page, forwarded));
  g_assert_true (wait_for (case_ready, NULL));
  g_assert_cmpuint (yc_signoff_page_get_n_scans (page), ==, 1);
  yc_signoff_page_set_conditions (page, "每年4月前报送年度报告");
  g_assert_true (wait_for (case_ready, NULL));
  g_assert_true (yc_signoff_page_has_draft (page));
  screenshot ("signoff-queue.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "signoff.approve", NULL));
  g_assert_true (wait_for (queue_lacks, forwarded));
  publish ("approved-forwarded", forwarded);

  /* The hall case: opened, ticked, signed off in a batch. */
  g_assert_true (yc_signoff_page_select (page, hall));
  g_assert_true (wait_for (case_ready, NULL));
  g_assert_true (yc_signoff_page_set_checked (page, hall, TRUE));
  yc_signoff_page_sign_checked (page);
  g_assert_true (wait_for (queue_lacks, hall));
  publish ("approved-hall", hall);

  /* Is it faster? The department's figures, and the same as a CSV file. */
  show_page ("statistics");
  yc_statistics_page_set_group (role_page ("statistics"), "item");
  g_assert_true (wait_for (statistics_shown, NULL));
  screenshot ("statistics.png");
  yc_statistics_page_export_to (role_page ("statistics"), csv);
  g_assert_true (wait_for (file_saved, csv_path));
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbfitem,name,received"));
  g_assert_nonnull (strstr (contents, COUNTY_ITEM));
}

/* ---- the county clerk ----------------------------------------------------------------- */

static void
clerk_role (void)
{
  g_autofree char *forwarded = NULL;
  g_autofree char *hall = NULL;

  sign_in ("clerk01", "catalogue");
  hall = take_in ("C01", NULL, 1);
  open_case (hall);
  {
    CaseWait wait = { hall, "received" };

    g_assert_true (wait_for (case_in_state, &wait));
  }
  run (hall, YC_ACTION_ACCEPT, "accepted");
  run (hall, YC_ACTION_START_REVIEW, "in_review");
  run (hall, YC_ACTION_SUBMIT_SIGNOFF, "awaiting_signoff");
  /* A clerk never signs off. */
  g_assert_false (action_allowed (YC_ACTION_APPROVE));
  publish ("submitted-hall", hall);

  forwarded = await ("forwarded");
  reach (forwarded, "forwarded_to_county");
  run (forwarded, YC_ACTION_START_REVIEW, "in_review");
  run (forwarded, YC_ACTION_SUBMIT_SIGNOFF, "awaiting_signoff");
  publish ("submitted-forwarded", forwarded);

  /* Signed off: the county's answer goes back to the township, which issues it. */
  g_free (await ("approved-forwarded"));
  reach (forwarded, "approved");
  g_assert_false (action_allowed (YC_ACTION_CERTIFY));
  run (forwarded, YC_ACTION_RETURN_TO_TOWNSHIP, "returned_to_township");
  publish ("returned-forwarded", forwarded);

  /* The hall case is the window's to certify and hand over. */
  g_free (await ("approved-hall"));
  reach (hall, "approved");
  run (hall, YC_ACTION_CERTIFY, "certified");
  check_certificate_printed (hall);
  hand_over (hall, "pickup", "110105194912310021", COLLECTOR_ID);
}

/* ---- the three processes -------------------------------------------------------------- */

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
spawn (const char *exe,
       const char *role)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *home = g_build_filename (work_dir, role, NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "YC_E2E_ROLE", role, TRUE);
  g_subprocess_launcher_setenv (launcher, "YC_E2E_DIR", work_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "YC_E2E_SERVER", server_url, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, exe, NULL);
  g_assert_no_error (error);
  return process;
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
    ((char *) server_url)[strlen (server_url) - 1] = '\0';
  return server;
}

typedef struct
{
  GSubprocess *process;
  gboolean     done;
} Child;

static gboolean
children_done (gpointer data)
{
  Child *children = data;

  return children[0].done && children[1].done;
}

static void
on_child_exit (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Child *c = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  c->done = TRUE;
}

static const char *exe_path;

static void
test_three_desks (void)
{
  g_autoptr(GSubprocess) server = start_server ();
  Child children[2] = { 0 };

  children[0].process = spawn (exe_path, "township");
  children[1].process = spawn (exe_path, "chief");
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    g_subprocess_wait_async (children[i].process, NULL, on_child_exit, &children[i]);

  open_window ();
  clerk_role ();

  g_assert_true (wait_for (children_done, children));
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      g_test_message ("%s exited with %d", i == 0 ? "township" : "chief",
                      g_subprocess_get_exit_status (children[i].process));
      g_assert_true (g_subprocess_get_if_exited (children[i].process));
      g_assert_cmpint (g_subprocess_get_exit_status (children[i].process), ==, 0);
      g_object_unref (children[i].process);
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

static void
start_app (void)
{
  g_autoptr(GError) error = NULL;

  adw_init ();
  app = yc_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  soup = soup_session_new ();
}

static void
stop_app (void)
{
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  yc_test_settle ();
  g_clear_object (&app);
  g_clear_object (&soup);
}

int
main (int   argc,
      char *argv[])
{
  const char *role = g_getenv ("YC_E2E_ROLE");
  g_autofree char *home = NULL;
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;
  int status;

  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  if (role != NULL)
    {
      /* One of the other two desks, started by the test below. */
      work_dir = g_getenv ("YC_E2E_DIR");
      server_url = g_getenv ("YC_E2E_SERVER");
      gtk_init ();
      start_app ();
      open_window ();
      if (g_str_equal (role, "township"))
        township_role ();
      else
        chief_role ();
      stop_app ();
      return 0;
    }

  exe_path = argv[0];
  /* The window's printer: a private cupsd whose default queue the other desks inherit too
   * (CUPS_SERVER), started before any thread. */
  have_cups = yc_test_cups_start ();
  if (have_cups)
    yc_test_cups_add_printer (PRINTER, TRUE);
  work_dir = g_dir_make_tmp ("yc-roles-XXXXXX", NULL);
  home = g_build_filename (work_dir, "clerk", NULL);
  data = g_build_filename (home, "data", NULL);
  cache = g_build_filename (home, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  start_app ();

  g_test_add_func ("/roles/township-clerk-chief", test_three_desks);
  status = g_test_run ();

  stop_app ();
  yc_test_cups_stop ();
  remove_tree (work_dir);
  g_free ((char *) work_dir);
  g_free ((char *) server_url);
  return status;
}
