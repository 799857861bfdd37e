/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real desk window against a real yichuangd (demo county, port 0, temporary database),
 * driven through its actions and widgets: sign in, find an item by pinyin initials, a bad
 * citizen ID (error shown, accept impossible), fix it, one material missing → one-time
 * notice → awaiting_materials with exactly that material; a second case accepted; both in
 * the queue with the right due dates. A PNG of each main screen is saved in the build dir. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "yc-application.h"
#include "yc-case-page.h"
#include "yc-catalogue-page.h"
#include "yc-desk-window.h"
#include "yc-intake-page.h"
#include "yc-item-object.h"
#include "yc-queue-page.h"
#include "yc-sign-in-page.h"
#include "yc-test-desk.h"

#define ITEM_NAME "个体工商户设立登记"

static char         *tmp_dir;
static GSubprocess  *server;
static char         *server_url;
static YcApplication *app;
static YcDeskWindow  *window;

/* ---- plumbing (the rest is in yc-test-desk.c) ----------------------------------------- */

static void
screenshot (const char *name)
{
  yc_test_screenshot (GTK_WIDGET (window), name);
}

static gboolean
action_enabled (gpointer    widget,
                const char *action)
{
  /* A button bound to the action is sensitive exactly when the action is enabled. */
  GtkWidget *button = NULL;
  const char *names[][2] = {
    { "intake.accept", "accept_button" },
    { "intake.notice", "notice_button" },
    { "intake.accept-pending", "pending_button" },
    { "intake.refuse", "refuse_button" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i][0], action))
      button = yc_test_child (widget, YC_TYPE_INTAKE_PAGE, names[i][1]);
  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

/* ---- the backend ---------------------------------------------------------------------- */

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
  screenshot ("sign-in.png");

  /* A wrong password gets its own message and leaves the clerk on the sign-in screen. */
  yc_test_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "password_row"), "not-the-password");
  yc_sign_in_page_submit (page);
  g_assert_true (yc_test_wait_for (yc_test_sign_in_error_shown, page));
  g_assert_nonnull (strstr (yc_sign_in_page_get_error (page), "password"));
  g_assert_true (yc_test_is_screen (window, "sign-in"));
  screenshot ("sign-in-wrong-password.png");

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
  screenshot ("catalogue.png");
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

static char *
intake_with_notice (YcItem *item)
{
  YcIntakePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "intake_page");
  GtkLabel *info = yc_test_child (page, YC_TYPE_INTAKE_PAGE, "id_info_label");
  const YcMaterial *missing = g_ptr_array_index (item->materials, 0);
  char *number = NULL;

  g_assert_true (missing->required);
  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "name_row"), "张桂兰");
  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "phone_row"), "13912345678");
  gtk_widget_activate_action (GTK_WIDGET (page), "intake.all-present", NULL);

  /* A wrong check digit: the error is shown and no outcome is possible. */
  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "id_row"), "110105194912310021");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (info), "error"));
  g_assert_cmpstr (gtk_label_get_text (info), !=, "");
  g_assert_nonnull (yc_intake_page_get_problem (page));
  g_assert_false (action_enabled (page, "intake.accept"));
  g_assert_false (action_enabled (page, "intake.notice"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "intake.accept", NULL)
                  && !yc_test_is_screen (window, "intake"));
  screenshot ("intake-bad-id.png");

  /* Fixed: birth date and sex read from it, accept possible. */
  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "id_row"), "11010519491231002X");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (info), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (info), "1949-12-31"));
  g_assert_null (yc_intake_page_get_problem (page));
  g_assert_true (action_enabled (page, "intake.accept"));

  /* One material missing: the notice, and nothing else, is the way on. */
  gtk_drop_down_set_selected (yc_intake_page_get_material_status (page, missing->code),
                              YC_MATERIAL_STATUS_MISSING);
  yc_test_set_text (yc_intake_page_get_material_reason (page, missing->code), "未带申请书");
  g_assert_false (action_enabled (page, "intake.accept"));
  g_assert_true (action_enabled (page, "intake.notice"));
  screenshot ("intake.png");

  number = yc_test_act_for_case_number (window, page, "intake.notice");
  g_assert_true (yc_test_is_screen (window, "catalogue"));
  return number;
}

static char *
intake_accepted (void)
{
  YcIntakePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "intake_page");

  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "name_row"), "李建华");
  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "id_row"), "440524188001010014");
  gtk_widget_activate_action (GTK_WIDGET (page), "intake.all-present", NULL);
  yc_test_settle ();
  g_assert_true (action_enabled (page, "intake.accept"));
  return yc_test_act_for_case_number (window, page, "intake.accept");
}

static gboolean
outbox_drained (gpointer data)
{
  YcOutbox *outbox = yc_application_get_outbox (app);

  return yc_outbox_get_pending_count (outbox) == 0 && yc_outbox_is_idle (outbox);
}

typedef struct
{
  const char *numbers[2];
} Wanted;

static GObject *
queue_row (const char *number)
{
  YcQueuePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "queue_page");
  GListModel *rows = yc_queue_page_get_rows (page);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (rows, i);
      g_autofree char *row_number = NULL;
      gboolean waiting;

      g_object_get (row, "number", &row_number, "waiting", &waiting, NULL);
      if (g_strcmp0 (row_number, number) == 0 && !waiting)
        return g_steal_pointer (&row);
    }
  return NULL;
}

static gboolean
queue_has (gpointer data)
{
  Wanted *wanted = data;
  YcQueuePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "queue_page");

  if (yc_queue_page_is_loading (page))
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GObject) row = queue_row (wanted->numbers[i]);

      if (row == NULL)
        {
          if (!yc_queue_page_is_loading (page))
            yc_queue_page_refresh (page, FALSE);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
row_string (GObject    *row,
            const char *property)
{
  char *value = NULL;

  g_object_get (row, property, &value, NULL);
  return value;
}

static gboolean
case_loaded (gpointer page)
{
  return yc_case_page_get_case (page) != NULL;
}

static void
check_queue_and_cases (const char *notice_number,
                       const char *accepted_number,
                       YcItem     *item)
{
  Wanted wanted = { { notice_number, accepted_number } };
  YcCalendar *calendar = yc_application_get_calendar (app);
  YcQueuePage *queue = yc_test_child (window, YC_TYPE_DESK_WINDOW, "queue_page");
  YcCasePage *case_page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "case_page");
  g_autoptr(GObject) noticed_row = NULL;
  g_autoptr(GObject) accepted_row = NULL;
  g_autofree char *noticed_state = NULL;
  g_autofree char *noticed_due = NULL;
  g_autofree char *accepted_state = NULL;
  g_autofree char *accepted_due = NULL;
  g_autofree char *expected_due = NULL;
  const YcCase *c;
  guint noticed = 0;
  GDate today, due;

  g_assert_true (yc_test_wait_for (outbox_drained, NULL));
  g_assert_cmpuint (yc_outbox_get_conflict_count (yc_application_get_outbox (app)), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-queue", NULL));
  g_assert_true (yc_test_is_screen (window, "queue"));
  /* Everything is on the backend now: what the queue shows after a refresh is the truth. */
  yc_queue_page_refresh (queue, TRUE);
  g_assert_true (yc_test_wait_for (queue_has, &wanted));

  /* The committed due date is the calendar's, from the day of acceptance. */
  yc_application_get_today (app, &today);
  yc_calendar_add_working_days (calendar, &today, item->committed_limit, &due, NULL);
  expected_due = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&due),
                                  g_date_get_month (&due), g_date_get_day (&due));

  noticed_row = queue_row (notice_number);
  accepted_row = queue_row (accepted_number);
  noticed_state = row_string (noticed_row, "state");
  noticed_due = row_string (noticed_row, "due");
  accepted_state = row_string (accepted_row, "state");
  accepted_due = row_string (accepted_row, "due");
  g_assert_cmpstr (noticed_state, ==, "awaiting_materials");
  g_assert_null (noticed_due);   /* not accepted: the clock has not started */
  g_assert_cmpstr (accepted_state, ==, "accepted");
  g_assert_cmpstr (accepted_due, ==, expected_due);
  screenshot ("queue.png");

  /* The scanner types the number and Enter: the case opens. */
  yc_test_set_text (yc_test_child (queue, YC_TYPE_QUEUE_PAGE, "search_entry"), notice_number);
  g_signal_emit_by_name (yc_test_child (queue, YC_TYPE_QUEUE_PAGE, "search_entry"), "activate");
  g_assert_true (yc_test_is_screen (window, "case"));
  g_assert_true (yc_test_wait_for (case_loaded, case_page));
  c = yc_case_page_get_case (case_page);
  g_assert_cmpint (c->state, ==, YC_CASE_STATE_AWAITING_MATERIALS);
  /* Exactly the one material marked missing is named by the notice. */
  for (guint i = 0; i < c->materials->len; i++)
    {
      const YcCaseMaterial *cm = g_ptr_array_index (c->materials, i);

      if (cm->noticed)
        {
          noticed++;
          g_assert_cmpstr (cm->code, ==, ((YcMaterial *) item->materials->pdata[0])->code);
          g_assert_cmpint (cm->status, ==, YC_MATERIAL_STATUS_MISSING);
        }
    }
  g_assert_cmpuint (noticed, ==, 1);
  g_assert_nonnull (yc_case_page_get_allowed_actions (case_page));
  screenshot ("case.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL));
  g_assert_true (yc_test_is_screen (window, "queue"));
}

static const char *
outbox_label (void)
{
  return gtk_button_get_label (yc_test_child (window, YC_TYPE_DESK_WINDOW, "outbox_button"));
}

static gboolean
waiting_offline (gpointer data)
{
  YcOutbox *outbox = yc_application_get_outbox (app);
  gboolean online = TRUE;

  g_object_get (outbox, "online", &online, NULL);
  return !online && yc_outbox_get_pending_count (outbox) == GPOINTER_TO_UINT (data);
}

static gboolean
waiting_row (gpointer number)
{
  YcQueuePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "queue_page");
  GListModel *rows = yc_queue_page_get_rows (page);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (rows, i);
      g_autofree char *row_number = NULL;
      gboolean waiting;

      g_object_get (row, "number", &row_number, "waiting", &waiting, NULL);
      if (g_strcmp0 (row_number, number) == 0 && waiting)
        return TRUE;
    }
  return FALSE;
}

static gboolean
accepted_in_queue (gpointer number)
{
  YcQueuePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "queue_page");
  g_autoptr(GObject) row = NULL;
  g_autofree char *state = NULL;

  if (yc_queue_page_is_loading (page))
    return FALSE;
  row = queue_row (number);
  if (row == NULL)
    {
      yc_queue_page_refresh (page, FALSE);
      return FALSE;
    }
  state = row_string (row, "state");
  return g_strcmp0 (state, "accepted") == 0;
}

/* The backend goes away: intake goes on, the header says how many wait, the queue shows the
 * intake as waiting; the backend comes back and everything goes out. */
static char *
offline_intake (void)
{
  YcOutbox *outbox = yc_application_get_outbox (app);
  YcQueuePage *queue = yc_test_child (window, YC_TYPE_DESK_WINDOW, "queue_page");
  char *number;

  g_subprocess_send_signal (server, SIGKILL);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&server);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-catalogue", NULL));
  yc_catalogue_page_set_query (yc_test_child (window, YC_TYPE_DESK_WINDOW, "catalogue_page"),
                               "gtgsh");
  yc_test_settle ();
  start_intake ();
  number = intake_accepted ();
  g_assert_true (yc_test_wait_for (waiting_offline, GUINT_TO_POINTER (2)));
  g_assert_nonnull (strstr (outbox_label (), "2"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-queue", NULL));
  yc_queue_page_refresh (queue, TRUE);
  g_assert_true (yc_test_wait_for (waiting_row, number));
  screenshot ("queue-offline.png");

  start_server ();
  g_settings_set_string (yc_application_get_settings (app), "backend-url", server_url);
  yc_outbox_start (outbox);   /* what the outbox dialog's Send Now does */
  g_assert_true (yc_test_wait_for (outbox_drained, NULL));
  g_assert_cmpuint (yc_outbox_get_conflict_count (outbox), ==, 0);
  g_assert_true (yc_test_wait_for (accepted_in_queue, number));
  return number;
}

static void
test_desk (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  YcItem *item;

  start_server ();
  g_settings_set_string (yc_application_get_settings (app), "backend-url", "http://127.0.0.1:1");
  g_application_activate (G_APPLICATION (app));
  window = YC_DESK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  yc_test_settle ();

  sign_in ();
  g_test_message ("signed in");
  item = yc_item_ref (find_item ());
  g_test_message ("found %s", item->code);
  start_intake ();
  first = intake_with_notice (item);
  g_test_message ("one-time notice: %s", first);
  g_assert_true (yc_test_is_screen (window, "catalogue"));

  yc_catalogue_page_set_query (yc_test_child (window, YC_TYPE_DESK_WINDOW, "catalogue_page"),
                               "gtgsh");
  yc_test_settle ();
  start_intake ();
  second = intake_accepted ();
  g_test_message ("accepted: %s", second);
  g_assert_cmpstr (first, !=, second);

  check_queue_and_cases (first, second, item);
  third = offline_intake ();
  g_test_message ("taken in offline and sent later: %s", third);
  g_assert_cmpstr (third, !=, second);
  yc_item_unref (item);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = yc_test_desk_dirs ("yc-desk-XXXXXX");
  app = yc_test_desk_app (&argc, &argv);

  g_test_add_func ("/desk/intake-notice-accept-queue", test_desk);
  status = g_test_run ();

  yc_test_desk_finish (window, &server, &app, &tmp_dir);
  g_free (server_url);
  return status;
}
