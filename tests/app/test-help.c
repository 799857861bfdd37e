/* SPDX-License-Identifier: GPL-3.0-or-later */
/* F1 (app.help) on a machine where no program opens help: URIs — yelp removed from the
 * help scheme in a private mimeapps.list — shows the desk a toast that says so and what to
 * install, and opens nothing. No backend is needed: the desk stays on the sign-in screen. */
#include "config.h"

#include <glib/gstdio.h>

#include "yc-application.h"
#include "yc-desk-window.h"
#include "yc-test-desk.h"

static char          *tmp_dir;
static YcApplication *app;
static YcDeskWindow  *window;
static GSubprocess   *server;     /* none: stays NULL */

static gboolean
has_toast (gpointer data)
{
  return yc_desk_window_get_last_toast (window) != NULL;
}

static void
test_help_without_viewer (void)
{
  g_autoptr(GAppInfo) handler = g_app_info_get_default_for_uri_scheme ("help");
  /* The msgid: the test runs in the C locale. */
  const char *expected = "Help could not be opened: no help viewer is installed on this "
                         "computer. Ask the IT department to install yelp.";

  if (handler != NULL)
    {
      g_autofree char *skip = g_strdup_printf ("%s still opens help: URIs",
                                               g_app_info_get_id (handler));
      g_test_skip (skip);
      return;
    }
  g_assert_null (yc_desk_window_get_last_toast (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  g_assert_true (yc_test_wait_for (has_toast, NULL));
  g_assert_cmpstr (yc_desk_window_get_last_toast (window), ==, expected);
  /* Still the one desk window: nothing else was opened. */
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
}

/* A private XDG_CONFIG_HOME whose mimeapps.list takes every system handler (yelp's among
 * them) off the help: scheme. Before GLib reads the variable. */
static void
remove_help_handlers (void)
{
  g_autofree char *config = g_build_filename (tmp_dir, "config", NULL);
  g_autofree char *list = g_build_filename (config, "mimeapps.list", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("[Removed Associations]\nx-scheme-handler/help=");
  g_autoptr(GKeyFile) cache = g_key_file_new ();
  const char * const *dirs;

  /* Every handler the system's desktop files declare for help:, from their mime caches. */
  for (dirs = g_get_system_data_dirs (); *dirs != NULL; dirs++)
    {
      g_autofree char *path = g_build_filename (*dirs, "applications", "mimeinfo.cache", NULL);
      g_autofree char *ids = NULL;

      if (g_key_file_load_from_file (cache, path, G_KEY_FILE_NONE, NULL) &&
          (ids = g_key_file_get_string (cache, "MIME Cache", "x-scheme-handler/help", NULL)))
        g_string_append (text, ids);
    }
  g_string_append (text, "yelp.desktop;\n");
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_true (g_file_set_contents (list, text->str, -1, &error));
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = yc_test_desk_dirs ("yc-help-XXXXXX");
  remove_help_handlers ();
  app = yc_test_desk_app (&argc, &argv);
  /* Nothing listens there: the desk stays on the sign-in screen. */
  g_settings_set_string (yc_application_get_settings (app), "backend-url", "http://127.0.0.1:9");
  g_application_activate (G_APPLICATION (app));
  window = YC_DESK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  yc_test_settle ();

  g_test_add_func ("/desk/help-without-viewer", test_help_without_viewer);
  status = g_test_run ();

  yc_test_desk_finish (window, &server, &app, &tmp_dir);
  return status;
}
