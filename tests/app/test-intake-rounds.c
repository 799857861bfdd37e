/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The two intake outcomes besides plain acceptance, through the real desk window under Xvfb
 * against a real yichuangd, each state read back from the backend:
 *  - supply round (补正): a one-time notice names two materials; the supply screen shows
 *    exactly those two; recording nothing is impossible; one supplied leaves the case
 *    awaiting materials, the other moves it to received; accepting it then gives the
 *    committed due date of the calendar.
 *  - acceptance with materials pending (容缺受理): with the item's non-essential material
 *    missing it is the way on and plain acceptance is not; an essential one missing rules it
 *    out; an item that does not allow it never offers it; the case is accepted pending
 *    materials with its due date and that material still missing.
 * Saves supply.png and accept-pending.png. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "yc-application.h"
#include "yc-case-page.h"
#include "yc-catalogue-page.h"
#include "yc-desk-window.h"
#include "yc-intake-page.h"
#include "yc-queue-page.h"
#include "yc-sign-in-page.h"
#include "yc-test-desk.h"

#define ITEM_QUERY "gtgsh"               /* 个体工商户设立登记: allows missing materials */
#define STRICT_ITEM "320826-SCJG-XK-002" /* 个体工商户变更登记: does not */

static char          *tmp_dir;
static GSubprocess   *server;
static char          *server_url;
static YcApplication *app;
static YcDeskWindow  *window;

/* ---- the window ----------------------------------------------------------------------- */

static gpointer
page_of (const char *name)
{
  return yc_test_child (window, YC_TYPE_DESK_WINDOW, name);
}

static void
sign_in (void)
{
  YcSignInPage *page = page_of ("sign_in_page");

  if (!yc_test_is_screen (window, "sign-in"))
    return;  /* the other test signed in */
  yc_test_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "backend_row"), server_url);
  yc_test_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "user_row"), "clerk07");
  yc_test_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "password_row"),
                    "yichuang-demo");
  yc_sign_in_page_submit (page);
  yc_test_wait_catalogue (window);
}

static gboolean
item_selected (gpointer code)
{
  YcItem *item = yc_catalogue_page_get_selected (page_of ("catalogue_page"));

  return item != NULL && (code == NULL || g_str_equal (item->code, code));
}

/* Finds the item as a clerk would and opens its intake; returns the item. */
static YcItem *
start_intake (const char *query,
              const char *code)
{
  YcCataloguePage *catalogue = page_of ("catalogue_page");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-catalogue", NULL));
  yc_catalogue_page_set_query (catalogue, query);
  g_assert_true (yc_test_wait_for (item_selected, (gpointer) code));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (catalogue), "catalogue.start-intake",
                                             NULL));
  g_assert_true (yc_test_is_screen (window, "intake"));
  return yc_catalogue_page_get_selected (catalogue);
}

static void
fill_applicant (const char *name,
                const char *id)
{
  YcIntakePage *page = page_of ("intake_page");

  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "name_row"), name);
  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "phone_row"), "13912345678");
  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "id_row"), id);
}

static void
set_status (const char       *code,
            YcMaterialStatus  status,
            const char       *reason)
{
  YcIntakePage *page = page_of ("intake_page");
  GtkDropDown *dropdown = yc_intake_page_get_material_status (page, code);

  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (dropdown, status);
  if (reason != NULL)
    yc_test_set_text (yc_intake_page_get_material_reason (page, code), reason);
  yc_test_settle ();
}

static gboolean
enabled (const char *action)
{
  /* A button bound to the action is sensitive exactly when the action is enabled. */
  const char *names[][2] = {
    { "intake.accept", "accept_button" },
    { "intake.notice", "notice_button" },
    { "intake.accept-pending", "pending_button" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i][0], action))
      return gtk_widget_is_sensitive (yc_test_child (page_of ("intake_page"),
                                                     YC_TYPE_INTAKE_PAGE, names[i][1]));
  g_assert_not_reached ();
}

static gboolean
shown (const char *button)
{
  return gtk_widget_get_visible (yc_test_child (page_of ("intake_page"), YC_TYPE_INTAKE_PAGE,
                                                button));
}

static void
on_submitted (YcIntakePage *page,
              const char   *number,
              const char   *message,
              char        **out)
{
  g_assert_nonnull (number);  /* NULL: the intake page refused, with @message */
  *out = g_strdup (message);
}

static gboolean
is_set (gpointer pointer)
{
  return *(char **) pointer != NULL;
}

/* Runs an intake action; returns the message the clerk is shown (starts with the case
 * number). */
static char *
run_intake (const char *action)
{
  YcIntakePage *page = page_of ("intake_page");
  char *message = NULL;
  gulong handler = g_signal_connect (page, "submitted", G_CALLBACK (on_submitted), &message);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, NULL));
  g_assert_true (yc_test_wait_for (is_set, &message));
  g_signal_handler_disconnect (page, handler);
  g_assert_true (g_str_has_prefix (message, "320826-C07-"));
  return message;
}

static gboolean
outbox_drained (gpointer data)
{
  YcOutbox *outbox = yc_application_get_outbox (app);

  return yc_outbox_get_pending_count (outbox) == 0 && yc_outbox_is_idle (outbox);
}

static void
wait_sent (void)
{
  g_assert_true (yc_test_wait_for (outbox_drained, NULL));
  g_assert_cmpuint (yc_outbox_get_conflict_count (yc_application_get_outbox (app)), ==, 0);
}

static gboolean
case_loaded (gpointer number)
{
  const YcCase *c = yc_case_page_get_case (page_of ("case_page"));

  return c != NULL && g_str_equal (c->number, number);
}

/* The queue's search field, as the barcode scanner uses it. */
static void
open_case (const char *number)
{
  GtkWidget *search = yc_test_child (page_of ("queue_page"), YC_TYPE_QUEUE_PAGE,
                                     "search_entry");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-queue", NULL));
  yc_test_set_text (search, number);
  g_signal_emit_by_name (search, "activate");
  g_assert_true (yc_test_is_screen (window, "case"));
  g_assert_true (yc_test_wait_for (case_loaded, (gpointer) number));
}

static gboolean
allowed (YcCaseAction action)
{
  GArray *actions = yc_case_page_get_allowed_actions (page_of ("case_page"));

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    if (g_array_index (actions, guint, i) == action)
      return TRUE;
  return FALSE;
}

/* ---- the backend's view --------------------------------------------------------------- */

/* GET /cases/NUMBER as the signed-in clerk: {"case": …, "deadline": …}. */
static JsonNode *
backend_case (const char *number)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/api/v1/cases/%s", server_url, number);
  g_autofree char *auth = g_strconcat ("Bearer ",
                                       yc_rest_client_get_token (yc_application_get_client (app)),
                                       NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), &error));
  return json_node_copy (json_parser_get_root (parser));
}

static const char *
case_state (JsonNode *view)
{
  JsonObject *c = json_object_get_object_member (json_node_get_object (view), "case");

  return json_object_get_string_member (c, "state");
}

static const char *
committed_due (JsonNode *view)
{
  JsonObject *deadline = json_object_get_object_member (json_node_get_object (view),
                                                        "deadline");

  return json_object_get_string_member_with_default (deadline, "committed_due", NULL);
}

static JsonObject *
case_material (JsonNode   *view,
               const char *code)
{
  JsonObject *c = json_object_get_object_member (json_node_get_object (view), "case");
  JsonArray *materials = json_object_get_array_member (c, "materials");

  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonObject *m = json_array_get_object_element (materials, i);

      if (g_str_equal (json_object_get_string_member (m, "code"), code))
        return m;
    }
  g_assert_not_reached ();
}

/* The codes of the materials the notice named, sorted, comma-separated. */
static char *
noticed_codes (JsonNode *view)
{
  JsonObject *c = json_object_get_object_member (json_node_get_object (view), "case");
  JsonArray *materials = json_object_get_array_member (c, "materials");
  GString *codes = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonObject *m = json_array_get_object_element (materials, i);

      if (json_object_get_boolean_member (m, "noticed"))
        g_string_append_printf (codes, "%s%s", codes->len > 0 ? "," : "",
                                json_object_get_string_member (m, "code"));
    }
  return g_string_free (codes, FALSE);
}

/* The calendar's committed due date from today. */
static char *
expected_due (const YcItem *item)
{
  GDate today, due;

  yc_application_get_today (app, &today);
  yc_calendar_add_working_days (yc_application_get_calendar (app), &today,
                                item->committed_limit, &due, NULL);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&due), g_date_get_month (&due),
                          g_date_get_day (&due));
}

static char *
number_of (const char *toast)
{
  return g_strndup (toast, strlen ("320826-C07-20261129-0001"));
}

/* ---- the tests ------------------------------------------------------------------------ */

static void
test_supply_round (void)
{
  g_autoptr(YcItem) item = NULL;
  g_autofree char *toast = NULL;
  g_autofree char *number = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *due = NULL;
  g_autoptr(JsonNode) view = NULL;

  sign_in ();
  item = yc_item_ref (start_intake (ITEM_QUERY, NULL));
  fill_applicant ("王秀英", "11010519491231002X");
  g_assert_true (gtk_widget_activate_action (page_of ("intake_page"), "intake.all-present",
                                             NULL));
  set_status ("M01", YC_MATERIAL_STATUS_MISSING, "未带申请书");
  set_status ("M03", YC_MATERIAL_STATUS_DEFICIENT, "租赁协议未签字");
  toast = run_intake ("intake.notice");
  number = number_of (toast);
  wait_sent ();
  view = backend_case (number);
  g_assert_cmpstr (case_state (view), ==, "awaiting_materials");
  codes = noticed_codes (view);
  g_assert_cmpstr (codes, ==, "M01,M03");
  g_assert_null (committed_due (view));
  g_clear_pointer (&view, json_node_unref);

  /* The supply screen: exactly the noticed materials, and nothing to record yet. */
  open_case (number);
  g_assert_true (allowed (YC_ACTION_SUPPLY));
  g_assert_false (allowed (YC_ACTION_ACCEPT));
  g_assert_true (gtk_widget_activate_action (page_of ("case_page"), "case.run-action", "s",
                                             "supply"));
  g_assert_true (yc_test_is_screen (window, "intake"));
  for (guint i = 0; i < item->materials->len; i++)
    {
      const YcMaterial *m = g_ptr_array_index (item->materials, i);
      gboolean noticed = g_str_equal (m->code, "M01") || g_str_equal (m->code, "M03");

      g_assert_true ((yc_intake_page_get_material_status (page_of ("intake_page"), m->code)
                      != NULL) == noticed);
    }
  g_assert_false (enabled ("intake.accept"));
  g_assert_false (shown ("notice_button"));
  g_assert_false (shown ("pending_button"));
  yc_test_screenshot (GTK_WIDGET (window), "supply.png");

  /* One of the two: the case still waits for the other. */
  set_status ("M01", YC_MATERIAL_STATUS_ORIGINAL_SEEN, NULL);
  g_assert_true (enabled ("intake.accept"));
  g_free (run_intake ("intake.accept"));
  wait_sent ();
  view = backend_case (number);
  g_assert_cmpstr (case_state (view), ==, "awaiting_materials");
  g_assert_cmpstr (json_object_get_string_member (case_material (view, "M01"), "status"), ==,
                   "original_seen");
  g_clear_pointer (&view, json_node_unref);

  /* The other: received, then accepted with the committed due date. */
  open_case (number);
  g_assert_true (gtk_widget_activate_action (page_of ("case_page"), "case.run-action", "s",
                                             "supply"));
  g_assert_nonnull (yc_intake_page_get_material_status (page_of ("intake_page"), "M03"));
  g_assert_null (yc_intake_page_get_material_status (page_of ("intake_page"), "M02"));
  set_status ("M03", YC_MATERIAL_STATUS_COPY_RECEIVED, NULL);
  g_free (run_intake ("intake.accept"));
  wait_sent ();
  view = backend_case (number);
  g_assert_cmpstr (case_state (view), ==, "received");
  g_clear_pointer (&view, json_node_unref);

  open_case (number);
  g_assert_true (allowed (YC_ACTION_ACCEPT));
  g_assert_false (allowed (YC_ACTION_SUPPLY));
  g_assert_true (gtk_widget_activate_action (page_of ("case_page"), "case.run-action", "s",
                                             "accept"));
  wait_sent ();
  view = backend_case (number);
  due = expected_due (item);
  g_assert_cmpstr (case_state (view), ==, "accepted");
  g_assert_cmpstr (committed_due (view), ==, due);
}

static void
test_accept_pending (void)
{
  g_autoptr(YcItem) item = NULL;
  g_autofree char *toast = NULL;
  g_autofree char *number = NULL;
  g_autofree char *due = NULL;
  g_autoptr(JsonNode) view = NULL;

  sign_in ();

  /* An item that does not allow it never offers it. */
  g_assert_false (start_intake (STRICT_ITEM, STRICT_ITEM)->allows_missing);
  g_assert_false (shown ("pending_button"));

  item = yc_item_ref (start_intake (ITEM_QUERY, NULL));
  g_assert_true (item->allows_missing);
  g_assert_true (shown ("pending_button"));
  fill_applicant ("赵志强", "440524188001010014");
  g_assert_true (gtk_widget_activate_action (page_of ("intake_page"), "intake.all-present",
                                             NULL));
  g_assert_true (enabled ("intake.accept"));
  g_assert_false (enabled ("intake.accept-pending"));  /* nothing is missing */

  /* The non-essential material missing: pending acceptance, not plain acceptance. */
  set_status ("M03", YC_MATERIAL_STATUS_MISSING, NULL);
  g_assert_false (enabled ("intake.accept"));
  g_assert_true (enabled ("intake.accept-pending"));

  /* An essential one missing as well: only the notice is left. */
  set_status ("M01", YC_MATERIAL_STATUS_MISSING, NULL);
  g_assert_false (enabled ("intake.accept-pending"));
  g_assert_false (enabled ("intake.accept"));
  set_status ("M01", YC_MATERIAL_STATUS_ORIGINAL_SEEN, NULL);
  g_assert_true (enabled ("intake.accept-pending"));
  yc_test_screenshot (GTK_WIDGET (window), "accept-pending.png");

  toast = run_intake ("intake.accept-pending");
  number = number_of (toast);
  due = expected_due (item);
  g_assert_nonnull (strstr (toast, due));
  wait_sent ();
  view = backend_case (number);
  g_assert_cmpstr (case_state (view), ==, "accepted_pending_materials");
  g_assert_cmpstr (committed_due (view), ==, due);
  g_assert_cmpstr (json_object_get_string_member (case_material (view, "M03"), "status"), ==,
                   "missing");
  g_assert_cmpstr (json_object_get_string_member (case_material (view, "M01"), "status"), ==,
                   "original_seen");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = yc_test_desk_dirs ("yc-rounds-XXXXXX");
  app = yc_test_desk_app (&argc, &argv);

  yc_test_server_start (tmp_dir, &server, &server_url);
  g_settings_set_string (yc_application_get_settings (app), "backend-url", server_url);
  g_application_activate (G_APPLICATION (app));
  window = YC_DESK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  yc_test_settle ();

  g_test_add_func ("/intake/supply-round", test_supply_round);
  g_test_add_func ("/intake/accept-pending-materials", test_accept_pending);
  status = g_test_run ();

  yc_test_desk_finish (window, &server, &app, &tmp_dir);
  g_free (server_url);
  return status;
}
