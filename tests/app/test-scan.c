/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scanning the originals from the intake screen, under Xvfb, against SANE's test backend and a
 * real yichuangd: open the scan dialog for a material, check that it offers test:0's sources,
 * scan two pages from test:0 (flatbed, grey) with an injected fault and a stopped slow page in
 * between (pages kept), delete one, scan a feeder batch that jams on its third sheet and
 * continue it (twelve pages more), attach, tick "original checked", accept the intake, and
 * read back from the backend one attachment for that material whose PDF has all thirteen
 * pages. Saves scan.png and scan-fault.png. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <poppler.h>

#include "yc-application.h"
#include "yc-catalogue-page.h"
#include "yc-desk-window.h"
#include "yc-intake-page.h"
#include "yc-scan-dialog.h"
#include "yc-sign-in-page.h"
#include "yc-test-desk.h"
#include "yc-test-sane.h"

#define ITEM_NAME "个体工商户设立登记"

static char         *tmp_dir;
static GSubprocess  *server;
static char         *server_url;
static YcApplication *app;
static YcDeskWindow  *window;

/* ---- the backend (yc-test-desk.c) ---------------------------------------------------- */

static void
start_server (void)
{
  yc_test_server_start (tmp_dir, &server, &server_url);
}

/* ---- the steps ------------------------------------------------------------------------ */

static void
sign_in (void)
{
  YcSignInPage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "sign_in_page");

  g_assert_true (yc_test_is_screen (window, "sign-in"));
  yc_test_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "backend_row"), server_url);
  yc_test_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "user_row"), "clerk07");

  yc_test_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "password_row"), "yichuang-demo");
  yc_sign_in_page_submit (page);
  yc_test_wait_catalogue (window);
  g_assert_cmpstr (yc_application_get_session (app)->actor.user, ==, "clerk07");
  g_assert_cmpstr (yc_application_get_window_code (app), ==, "C07");
}

static YcItem *
find_item (void)
{
  YcItem *item = yc_test_find_item (window, "gtgsh");

  g_assert_cmpstr (item->name, ==, ITEM_NAME);
  return item;
}

static void
start_intake (void)
{
  YcCataloguePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "catalogue_page");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "catalogue.start-intake",
                                             NULL));
  g_assert_true (yc_test_is_screen (window, "intake"));
}

static gboolean
outbox_drained (gpointer data)
{
  YcOutbox *outbox = yc_application_get_outbox (app);

  return yc_outbox_get_pending_count (outbox) == 0 && yc_outbox_is_idle (outbox);
}

/* ---- scanning ------------------------------------------------------------------------ */

static YcScanDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (YC_IS_SCAN_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return YC_SCAN_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
device_found (gpointer dialog)
{
  return yc_scan_dialog_get_device (dialog) != NULL;
}

static gboolean
sources_known (gpointer dialog)
{
  return yc_scan_dialog_get_sources (dialog) != NULL;
}

/* The source row offers exactly what the device lists: test:0 has the glass and a feeder but
 * no duplex. */
static void
check_sources (YcScanDialog *dialog)
{
  static const char * const expected[] = { "Flatbed", "Document feeder" };
  GListModel *sources;

  g_assert_true (yc_test_wait_for (sources_known, dialog));
  sources = yc_scan_dialog_get_sources (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (sources), i), ==,
                     expected[i]);
}

/* The combo row showing @model, as a clerk finds it in the dialog. */
static AdwComboRow *
find_combo_row (GtkWidget  *widget,
                GListModel *model)
{
  if (ADW_IS_COMBO_ROW (widget) && adw_combo_row_get_model (ADW_COMBO_ROW (widget)) == model)
    return ADW_COMBO_ROW (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      AdwComboRow *row = find_combo_row (c, model);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static gboolean
dialog_idle (gpointer dialog)
{
  return !yc_scan_dialog_is_busy (dialog);
}

static gboolean
attached (gpointer code)
{
  YcIntakePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "intake_page");

  return yc_scan_store_get_n_pages (yc_intake_page_get_scan_store (page), code) > 0;
}

static gboolean
dialog_gone (gpointer data)
{
  return find_dialog () == NULL;
}

static void
scan_one (YcScanDialog *dialog,
          guint         expected)
{
  YcScanDocument *document = yc_scan_dialog_get_document (dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.scan", NULL));
  g_assert_true (yc_scan_dialog_is_busy (dialog));
  g_assert_true (yc_test_wait_for (dialog_idle, dialog));
  g_assert_null (yc_scan_dialog_get_problem (dialog));
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, expected);
  g_assert_cmpint (yc_scan_page_get_mode (yc_scan_document_get_page (document, expected - 1)),
                   ==, YC_SCAN_MODE_GRAY);
}

/* A feeder batch that jams on its third sheet: the two before it stay after the page already
 * there, and the clerk continues from the fault; the feeder's ten sheets follow in order. */
static void
scan_feeder_with_jam (YcScanDialog *dialog)
{
  YcScanDocument *document = yc_scan_dialog_get_document (dialog);
  AdwComboRow *source_row = find_combo_row (GTK_WIDGET (dialog),
                                            yc_scan_dialog_get_sources (dialog));
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (source_row);
  adw_combo_row_set_selected (source_row, 1);
  yc_test_sane_fault_at_page (3, "SANE_STATUS_JAMMED");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.scan", NULL));
  g_assert_true (yc_test_wait_for (dialog_idle, dialog));
  g_assert_cmpstr (yc_scan_dialog_get_problem (dialog), ==,
                   "The paper is jammed in the scanner. Remove the paper and try again.");
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (kept, g_strdup (yc_scan_page_get_path (yc_scan_document_get_page (document,
                                                                                        i))));

  /* "Continue Scanning" beside the fault. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.scan", NULL));
  g_assert_true (yc_test_wait_for (dialog_idle, dialog));
  g_assert_null (yc_scan_dialog_get_problem (dialog));
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 13);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (yc_scan_page_get_path (yc_scan_document_get_page (document, i)), ==,
                     g_ptr_array_index (kept, i));
  adw_combo_row_set_selected (source_row, 0);
}

static void
scan_material (const char *code)
{
  YcIntakePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "intake_page");
  YcScanStore *store = yc_intake_page_get_scan_store (page);
  YcScanDialog *dialog;
  YcScanDocument *document;
  g_autofree char *kept = NULL;
  gint64 stop_started;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "intake.attach-scan", "s",
                                             code));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  document = yc_scan_dialog_get_document (dialog);
  g_assert_true (yc_test_wait_for (device_found, dialog));
  g_assert_cmpstr (yc_scan_dialog_get_device (dialog), ==, "test:0");
  check_sources (dialog);

  /* Two pages from the glass, one at a time, as they arrive; a fault in between shows its
   * message and keeps the first page, and the clerk continues. */
  scan_one (dialog, 1);
  kept = g_strdup (yc_scan_page_get_path (yc_scan_document_get_page (document, 0)));
  yc_scan_dialog_set_device_option (dialog, "read-return-value", "SANE_STATUS_COVER_OPEN");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.scan", NULL));
  g_assert_true (yc_test_wait_for (dialog_idle, dialog));
  g_assert_cmpstr (yc_scan_dialog_get_problem (dialog), ==,
                   "The scanner cover is open. Close it and try again.");
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 1);
  g_assert_cmpstr (yc_scan_page_get_path (yc_scan_document_get_page (document, 0)), ==, kept);
  yc_test_screenshot (GTK_WIDGET (dialog), "scan-fault.png");
  yc_scan_dialog_set_device_option (dialog, "read-return-value", NULL);

  /* Stop in the middle of a slow page: it ends promptly and nothing is added. */
  yc_scan_dialog_set_device_option (dialog, "read-delay", "yes");
  yc_scan_dialog_set_device_option (dialog, "read-delay-duration", "200000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.scan", NULL));
  g_usleep (300 * 1000);
  yc_test_settle ();
  g_assert_true (yc_scan_dialog_is_busy (dialog));
  stop_started = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.cancel", NULL));
  g_assert_true (yc_test_wait_for (dialog_idle, dialog));
  g_test_message ("stopped after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - stop_started) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - stop_started, <, 5 * G_USEC_PER_SEC);
  g_assert_null (yc_scan_dialog_get_problem (dialog));
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 1);
  yc_scan_dialog_set_device_option (dialog, "read-delay", NULL);
  yc_scan_dialog_set_device_option (dialog, "read-delay-duration", NULL);

  scan_one (dialog, 2);
  g_free (kept);
  kept = g_strdup (yc_scan_page_get_path (yc_scan_document_get_page (document, 1)));
  yc_test_screenshot (GTK_WIDGET (dialog), "scan.png");

  /* The first is deleted: the second is what stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.remove-page", "u", 0));
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 1);
  g_assert_cmpstr (yc_scan_page_get_path (yc_scan_document_get_page (document, 0)), ==, kept);

  scan_feeder_with_jam (dialog);

  g_assert_cmpuint (yc_scan_store_get_n_pages (store, code), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.attach", NULL));
  g_assert_true (yc_test_wait_for (attached, (gpointer) code));
  g_assert_true (yc_test_wait_for (dialog_gone, NULL));
  g_assert_cmpuint (yc_scan_store_get_n_pages (store, code), ==, 13);
  g_assert_cmpuint (strlen (yc_scan_store_get_sha256 (store, code)), ==, 64);
  yc_scan_store_set_original_checked (store, code, TRUE);
  {
    g_autofree char *scanner = g_settings_get_string (yc_application_get_settings (app),
                                                      "scanner");

    g_assert_cmpstr (scanner, ==, "test:0");
  }
}

static char *
accept_intake (void)
{
  YcIntakePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "intake_page");

  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "name_row"), "李建华");
  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "id_row"), "440524188001010014");
  gtk_widget_activate_action (GTK_WIDGET (page), "intake.all-present", NULL);
  yc_test_settle ();
  return yc_test_act_for_case_number (window, page, "intake.accept");
}

static GBytes *
backend_get (const char *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server_url, "/api/v1", path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ",
                                       yc_rest_client_get_token (yc_application_get_client (app)),
                                       NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return body;
}

static JsonNode *
backend_get_json (const char *path)
{
  g_autoptr(GBytes) body = backend_get (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
check_backend (const char *number,
               const char *code)
{
  g_autofree char *list_path = g_strdup_printf ("/cases/%s/attachments", number);
  g_autofree char *case_path = g_strdup_printf ("/cases/%s", number);
  g_autoptr(JsonNode) list = backend_get_json (list_path);
  g_autoptr(JsonNode) c = backend_get_json (case_path);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_path = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  JsonArray *attachments = json_node_get_array (list);
  JsonArray *materials;
  JsonObject *item;
  PopplerDocument *document;
  gboolean found = FALSE;

  g_assert_cmpuint (json_array_get_length (attachments), ==, 1);
  item = json_array_get_object_element (attachments, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "material_code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (item, "content_type"), ==, "application/pdf");
  pdf_path = g_strdup_printf ("/attachments/%" G_GINT64_FORMAT,
                              json_object_get_int_member (item, "id"));
  pdf = backend_get (pdf_path);
  g_checksum_update (sum, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  g_assert_cmpstr (g_checksum_get_string (sum), ==,
                   json_object_get_string_member (item, "sha256"));
  document = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 13);
  g_object_unref (document);

  /* The clerk's tick is recorded with the case's materials. */
  materials = json_object_get_array_member (
    json_object_get_object_member (json_node_get_object (c), "case"), "materials");
  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonObject *m = json_array_get_object_element (materials, i);

      if (g_strcmp0 (json_object_get_string_member (m, "code"), code) == 0)
        {
          g_assert_true (json_object_get_boolean_member (m, "original_checked"));
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_scan (void)
{
  g_autofree char *number = NULL;
  g_autofree char *code = NULL;
  YcItem *item;

  start_server ();
  /* The workstation's scanner, chosen once: the dialog starts on it. */
  g_settings_set_string (yc_application_get_settings (app), "scanner", "test:0");
  g_application_activate (G_APPLICATION (app));
  window = YC_DESK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  yc_test_settle ();

  sign_in ();
  item = yc_item_ref (find_item ());
  start_intake ();
  code = g_strdup (((YcMaterial *) g_ptr_array_index (item->materials, 0))->code);
  scan_material (code);
  g_test_message ("attached thirteen pages to %s", code);
  number = accept_intake ();
  g_test_message ("accepted: %s", number);
  g_assert_true (yc_test_wait_for (outbox_drained, NULL));
  g_assert_cmpuint (yc_outbox_get_conflict_count (yc_application_get_outbox (app)), ==, 0);
  check_backend (number, code);
  yc_item_unref (item);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = yc_test_desk_dirs ("yc-scan-XXXXXX");
  g_setenv ("TMPDIR", tmp_dir, TRUE);
  /* Only SANE's test backend, before the scanner's first sane_init(). */
  yc_test_sane_setup (tmp_dir);

  app = yc_test_desk_app (&argc, &argv);

  g_test_add_func ("/scan/intake-scan-delete-attach", test_scan);
  status = g_test_run ();

  yc_test_desk_finish (window, &server, &app, &tmp_dir);
  g_free (server_url);
  return status;
}
