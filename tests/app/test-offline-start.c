/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening the desk while the backend is down, under Xvfb against a real yichuangd: a clerk
 * signs in (the session and the catalogue are kept), the backend dies and the desk is
 * opened again. Without the kept catalogue it stays on the sign-in screen; with it, it opens
 * offline (the header says so and how many items wait), an intake goes to the outbox, and
 * when the backend comes back on its address the intake arrives, accepted. Saves
 * offline-start.png. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>

#include "yc-application.h"
#include "yc-catalogue-page.h"
#include "yc-desk-window.h"
#include "yc-intake-page.h"
#include "yc-sign-in-page.h"
#include "yc-test-desk.h"

static char          *tmp_dir;
static GSubprocess   *server;
static char          *server_url;
static YcApplication *app;
static YcDeskWindow  *window;

static gpointer
page_of (const char *name)
{
  return yc_test_child (window, YC_TYPE_DESK_WINDOW, name);
}

static const char *
outbox_label (void)
{
  return gtk_button_get_label (page_of ("outbox_button"));
}

static gboolean
label_is (gpointer text)
{
  return g_strcmp0 (outbox_label (), text) == 0;
}

static char *
cache_file (const char *name)
{
  return g_build_filename (g_get_user_cache_dir (), "yichuang", name, NULL);
}

/* A fresh window, as after a restart: nothing of the last session is left in memory but
 * the token in the (in-memory) token store. */
static void
reopen (void)
{
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  yc_test_settle ();
  yc_application_set_session (app, NULL);
  yc_application_set_catalogue (app, NULL);
  g_application_activate (G_APPLICATION (app));
  window = YC_DESK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
}

static gboolean
is_file (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static void
sign_in (void)
{
  YcSignInPage *page = page_of ("sign_in_page");
  g_autofree char *catalogue = cache_file ("catalogue.json");
  g_autofree char *session = cache_file ("session.json");

  g_assert_true (yc_test_is_screen (window, "sign-in"));
  yc_test_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "backend_row"), server_url);
  yc_test_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "user_row"), "clerk07");
  yc_test_set_text (yc_test_child (page, YC_TYPE_SIGN_IN_PAGE, "password_row"),
                    "yichuang-demo");
  yc_sign_in_page_submit (page);
  yc_test_wait_catalogue (window);
  /* The desk keeps both after showing the catalogue, without holding the clerk up. */
  g_assert_true (yc_test_wait_for (is_file, catalogue));
  g_assert_true (yc_test_wait_for (is_file, session));
}

static gboolean
item_selected (gpointer data)
{
  return yc_catalogue_page_get_selected (page_of ("catalogue_page")) != NULL;
}

static void
on_submitted (YcIntakePage *page,
              const char   *number,
              const char   *message,
              char        **out)
{
  g_assert_nonnull (number);
  *out = g_strdup (number);
}

static gboolean
is_set (gpointer pointer)
{
  return *(char **) pointer != NULL;
}

static char *
intake_accepted (void)
{
  YcCataloguePage *catalogue = page_of ("catalogue_page");
  YcIntakePage *page = page_of ("intake_page");
  char *number = NULL;
  gulong handler;

  yc_catalogue_page_set_query (catalogue, "gtgsh");
  g_assert_true (yc_test_wait_for (item_selected, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (catalogue), "catalogue.start-intake",
                                             NULL));
  g_assert_true (yc_test_is_screen (window, "intake"));
  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "name_row"), "孙丽娟");
  yc_test_set_text (yc_test_child (page, YC_TYPE_INTAKE_PAGE, "id_row"), "11010519491231002X");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "intake.all-present", NULL));
  yc_test_settle ();
  handler = g_signal_connect (page, "submitted", G_CALLBACK (on_submitted), &number);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "intake.accept", NULL));
  g_assert_true (yc_test_wait_for (is_set, &number));
  g_signal_handler_disconnect (page, handler);
  return number;
}

static gboolean
outbox_drained (gpointer data)
{
  YcOutbox *outbox = yc_application_get_outbox (app);

  return yc_outbox_get_pending_count (outbox) == 0 && yc_outbox_is_idle (outbox);
}

/* GET /cases/NUMBER's state, as the signed-in clerk. */
static char *
backend_state (const char *number)
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
  JsonObject *c;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), &error));
  c = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                     "case");
  return g_strdup (json_object_get_string_member (c, "state"));
}

static void
test_offline_start (void)
{
  g_autofree char *catalogue = cache_file ("catalogue.json");
  g_autofree char *aside = g_strconcat (catalogue, ".aside", NULL);
  g_autofree char *address = NULL;
  g_autofree char *number = NULL;
  g_autofree char *state = NULL;
  YcOutbox *outbox = yc_application_get_outbox (app);

  sign_in ();
  address = g_strdup (server_url + strlen ("http://"));

  /* The backend dies; the desk is opened again. */
  g_subprocess_send_signal (server, SIGKILL);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&server);

  /* No catalogue kept: nothing to work with, so the clerk stays at the sign-in screen. */
  g_assert_cmpint (g_rename (catalogue, aside), ==, 0);
  reopen ();
  yc_test_settle ();
  yc_test_settle ();
  g_assert_true (yc_test_is_screen (window, "sign-in"));

  /* With it: the desk opens offline, and says so. */
  g_assert_cmpint (g_rename (aside, catalogue), ==, 0);
  reopen ();
  yc_test_wait_catalogue (window);
  g_assert_cmpstr (yc_application_get_session (app)->actor.user, ==, "clerk07");
  g_assert_cmpstr (yc_application_get_window_code (app), ==, "C07");
  g_assert_true (yc_test_wait_for (label_is, (gpointer) "Offline · 0 waiting"));

  number = intake_accepted ();
  g_assert_cmpuint (yc_outbox_get_pending_count (outbox), >=, 1);
  g_assert_true (yc_test_wait_for (label_is, (gpointer) "Offline · 2 waiting"));
  yc_test_screenshot (GTK_WIDGET (window), "offline-start.png");

  /* The backend comes back where it was: the intake arrives, accepted. */
  yc_test_server_start_at (tmp_dir, address, &server, &server_url);
  g_assert_true (yc_test_wait_for (outbox_drained, NULL));
  g_assert_cmpuint (yc_outbox_get_conflict_count (outbox), ==, 0);
  g_assert_true (yc_test_wait_for (label_is, (gpointer) "All sent"));
  state = backend_state (number);
  g_assert_cmpstr (state, ==, "accepted");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = yc_test_desk_dirs ("yc-offline-XXXXXX");
  app = yc_test_desk_app (&argc, &argv);
  /* Retries come quickly once the backend is back. */
  yc_outbox_set_retry_delays (yc_application_get_outbox (app), 100, 500);

  yc_test_server_start (tmp_dir, &server, &server_url);
  g_settings_set_string (yc_application_get_settings (app), "backend-url", server_url);
  reopen ();
  yc_test_settle ();

  g_test_add_func ("/desk/offline-start", test_offline_start);
  status = g_test_run ();

  yc_test_desk_finish (window, &server, &app, &tmp_dir);
  g_free (server_url);
  return status;
}
