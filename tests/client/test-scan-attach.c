/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole path of a material's originals: scanned on the SANE test backend, arranged,
 * exported as one PDF, sent through the outbox with its SHA-256 and attached to a case on a
 * real yichuangd (the server tests' fixture), then read back from the server with Poppler. */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <poppler.h>

#include "yc-outbox.h"
#include "yc-rest-client.h"
#include "yc-scan-document.h"
#include "yc-scanner.h"
#include "yc-test-sane.h"
/* The server tests' fixture (a real yichuangd), not this directory's stand-in. */
#include "../server/yc-test-server.h"

#define MATERIAL "M01"

static YcScanner *scanner;
static char *work_dir;

static void
scan_page (YcScanDocument *document,
           YcScanMode      mode)
{
  g_autoptr(YcScanSettings) settings = yc_scan_settings_new_for_purpose (YC_SCAN_PURPOSE_DOCUMENT);
  g_autoptr(GError) error = NULL;

  yc_scan_settings_set_device (settings, "test:0");
  yc_scan_settings_set_mode (settings, mode);
  yc_scan_settings_set_resolution (settings, 100);
  yc_scan_settings_set_device_option (settings, "test-picture", "Grid");
  g_assert_cmpuint (yc_scanner_scan_sync (scanner, settings, document, NULL, &error), ==, 1);
  g_assert_no_error (error);
}

typedef struct
{
  gboolean  done;
  char     *sha256;
} Export;

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_scan_document_export_pdf_finish (YC_SCAN_DOCUMENT (object), result,
                                                     &export->sha256, &error));
  g_assert_no_error (error);
  export->done = TRUE;
}

static gboolean
outbox_done (YcOutbox *outbox)
{
  return yc_outbox_get_pending_count (outbox) == 0 && yc_outbox_is_idle (outbox);
}

static void
test_attach (void)
{
  g_autoptr(YcTestServer) server = yc_test_server_start (NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *token = yc_test_login (session, server, "clerk1");
  g_autofree char *number = yc_test_case_number ("C01", 1);
  g_autofree char *case_body = yc_test_case_body (number, YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *cases_url = g_strconcat (server->base, "/cases", NULL);
  g_autofree char *root = g_strndup (server->base, strlen (server->base) - strlen ("/api/v1"));
  g_autofree char *pdf_path = g_build_filename (work_dir, "material.pdf", NULL);
  g_autofree char *outbox_path = g_build_filename (work_dir, "outbox.sqlite", NULL);
  g_autofree char *attach_path = yc_rest_path_attachments (number);
  g_autoptr(YcScanDocument) document = NULL;
  g_autoptr(YcRestClient) client = NULL;
  g_autoptr(YcOutbox) outbox = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  YcOutboxEntry *entry;
  PopplerDocument *read_back;
  Export export = { 0 };
  char *contents = NULL;
  gsize length;
  gint64 id, deadline;

  {
    g_autoptr(YcTestResponse) r = yc_test_post_json (session, cases_url, token, case_body, NULL);

    g_assert_cmpuint (r->status, ==, 201);
  }

  /* Three sheets: grey, grey turned a quarter, black and white. */
  document = yc_scan_document_new (work_dir, &error);
  g_assert_no_error (error);
  scan_page (document, YC_SCAN_MODE_GRAY);
  scan_page (document, YC_SCAN_MODE_GRAY);
  scan_page (document, YC_SCAN_MODE_BLACK_WHITE);
  yc_scan_document_rotate_page (document, 1, 1);
  yc_scan_document_export_pdf_async (document, pdf_path, NULL, export_done_cb, &export);
  yc_test_iterate_until (&export.done, 60);

  g_file_get_contents (pdf_path, &contents, &length, &error);
  g_assert_no_error (error);
  pdf = g_bytes_new_take (contents, length);

  /* As the intake screen sends it: through the outbox, with the hash the server checks. */
  client = yc_rest_client_new (root);
  yc_rest_client_set_token (client, token);
  outbox = yc_outbox_new (outbox_path, client, &error);
  g_assert_no_error (error);
  yc_outbox_set_retry_delays (outbox, 50, 500);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_entry_free);
  entry = yc_outbox_entry_new ("attachment", number, attach_path, "application/pdf", pdf,
                               "Scan " MATERIAL);
  yc_outbox_entry_set_header (entry, "X-Content-SHA256", export.sha256);
  yc_outbox_entry_set_header (entry, "X-Material-Code", MATERIAL);
  g_ptr_array_add (entries, entry);
  g_assert_true (yc_outbox_enqueue (outbox, entries, &error));
  g_assert_no_error (error);
  yc_outbox_start (outbox);

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!outbox_done (outbox))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (yc_outbox_get_conflict_count (outbox), ==, 0);
  sent = yc_outbox_list (outbox, YC_OUTBOX_STATE_SENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sent->len, ==, 1);
  entry = g_ptr_array_index (sent, 0);
  g_assert_cmpuint (entry->http_status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (entry->response),
                                                  "sha256"), ==, export.sha256);
  id = json_object_get_int_member (json_node_get_object (entry->response), "id");

  /* The case lists it, with our hash and size. */
  {
    g_autofree char *u = g_strdup_printf ("%s/cases/%s/attachments", server->base, number);
    g_autoptr(YcTestResponse) r = yc_test_get (session, u, token);
    JsonArray *list;
    JsonObject *item;

    g_assert_cmpuint (r->status, ==, 200);
    list = json_node_get_array (r->json);
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    item = json_array_get_object_element (list, 0);
    g_assert_cmpstr (json_object_get_string_member (item, "sha256"), ==, export.sha256);
    g_assert_cmpstr (json_object_get_string_member (item, "material_code"), ==, MATERIAL);
    g_assert_cmpstr (json_object_get_string_member (item, "content_type"), ==,
                     "application/pdf");
    g_assert_cmpint (json_object_get_int_member (item, "size"), ==, (gint64) length);
  }

  /* What the server keeps is our PDF, byte for byte, and it opens with the right pages. */
  {
    g_autofree char *u = g_strdup_printf ("%s/attachments/%" G_GINT64_FORMAT, server->base, id);
    g_autoptr(YcTestResponse) r = yc_test_get (session, u, token);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_true (g_bytes_equal (r->body, pdf));
    read_back = poppler_document_new_from_bytes (r->body, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (poppler_document_get_n_pages (read_back), ==, 3);
    for (int i = 0; i < 3; i++)
      {
        PopplerPage *page = poppler_document_get_page (read_back, i);
        YcScanPage *scanned = yc_scan_document_get_page (document, i);
        double width, height;

        poppler_page_get_size (page, &width, &height);
        g_assert_cmpfloat_with_epsilon (width, yc_scan_page_get_width_points (scanned), 0.01);
        g_assert_cmpfloat_with_epsilon (height, yc_scan_page_get_height_points (scanned), 0.01);
        g_object_unref (page);
      }
    g_object_unref (read_back);
  }

  g_free (export.sha256);
  g_clear_object (&outbox);
  yc_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  work_dir = g_dir_make_tmp ("yc-test-scan-attach-XXXXXX", &error);
  g_assert_no_error (error);
  yc_test_sane_setup (work_dir);
  scanner = yc_scanner_new ();

  g_test_add_func ("/scan-attach/outbox-to-yichuangd", test_attach);

  status = g_test_run ();

  g_clear_object (&scanner);
  yc_test_remove_tree (work_dir);
  g_free (work_dir);
  return status;
}
