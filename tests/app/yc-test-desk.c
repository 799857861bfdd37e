/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#include <adwaita.h>

#include "yc-catalogue-page.h"
#include "yc-sign-in-page.h"
#include "yc-test-desk.h"

#define WAIT_SECONDS 60

/* ---- the backend ---------------------------------------------------------------------- */

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
yc_test_server_start (const char   *dir,
                      GSubprocess **process,
                      char        **url)
{
  yc_test_server_start_at (dir, "127.0.0.1:0", process, url);
}

void
yc_test_server_start_at (const char   *dir,
                         const char   *address,
                         GSubprocess **process,
                         char        **url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *exe = g_build_filename (g_getenv ("YC_BUILDDIR"), "src", "server",
                                           "yichuangd", NULL);
  g_autofree char *db = g_build_filename (dir, "county.sqlite", NULL);
  gboolean fresh = !g_file_test (db, G_FILE_TEST_EXISTS);
  g_autofree char *config = g_build_filename (dir, "yichuangd.conf", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  GSubprocess *server;

  /* Cheap password hashing: the demo county has a hundred users to hash at start. */
  g_assert_true (g_file_set_contents (config, "[auth]\nargon2-iterations=1\n"
                                              "argon2-memory-kib=8\n", -1, &error));
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, exe,
                                        "--config", config,
                                        "--listen", address, "--db", db,
                                        "--data-dir", g_getenv ("YC_DATADIR"),
                                        fresh ? "--init-demo" : NULL, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on "));

  g_clear_object (process);
  *process = server;
  g_free (*url);
  *url = g_strdup (line + strlen ("listening on "));
  while (g_str_has_suffix (*url, "/"))
    (*url)[strlen (*url) - 1] = '\0';
}

void
yc_test_server_stop (GSubprocess **process)
{
  if (*process == NULL)
    return;
  g_subprocess_send_signal (*process, SIGTERM);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}

/* ---- the process ---------------------------------------------------------------------- */

char *
yc_test_desk_dirs (const char *tmpl)
{
  char *tmp_dir = g_dir_make_tmp (tmpl, NULL);
  g_autofree char *data = g_build_filename (tmp_dir, "data", NULL);
  g_autofree char *cache = g_build_filename (tmp_dir, "cache", NULL);

  g_assert_nonnull (tmp_dir);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  return tmp_dir;
}

YcApplication *
yc_test_desk_app (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;
  YcApplication *app;

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  app = yc_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

void
yc_test_desk_finish (gpointer        window,
                     GSubprocess   **server,
                     YcApplication **app,
                     char          **tmp_dir)
{
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  yc_test_settle ();
  yc_test_server_stop (server);
  g_clear_object (app);
  yc_test_desk_remove_tree (*tmp_dir);
  g_clear_pointer (tmp_dir, g_free);
}

void
yc_test_desk_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (path, name, NULL);

      yc_test_desk_remove_tree (sub);
    }
  g_remove (path);
}

/* ---- driving the window --------------------------------------------------------------- */

gboolean
yc_test_wait_for (YcTestCondition cond,
                  gpointer        data)
{
  return yc_test_wait_for_seconds (cond, data, WAIT_SECONDS);
}

gboolean
yc_test_wait_for_seconds (YcTestCondition cond,
                          gpointer        data,
                          int             seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

void
yc_test_settle (void)
{
  gint64 end = g_get_monotonic_time () + 300 * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

gpointer
yc_test_child (gpointer    widget,
               GType       type,
               const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

void
yc_test_set_text (gpointer    editable,
                  const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  yc_test_settle ();
}

typedef struct
{
  YcDeskWindow *window;
  const char   *screen;
} ScreenWait;

static gboolean
on_screen (gpointer data)
{
  ScreenWait *w = data;

  return g_strcmp0 (yc_desk_window_get_screen (w->window), w->screen) == 0;
}

gboolean
yc_test_is_screen (YcDeskWindow *window,
                   const char   *name)
{
  ScreenWait w = { window, name };

  return on_screen (&w);
}

gboolean
yc_test_wait_screen (YcDeskWindow *window,
                     const char   *name,
                     int           seconds)
{
  ScreenWait w = { window, name };

  return yc_test_wait_for_seconds (on_screen, &w, seconds);
}

typedef struct
{
  YcDeskWindow *window;
  char         *before;          /* the toast shown before the action */
  char         *number;
} ToastWait;

/* A new toast that starts with a case number of window C07. */
static gboolean
toast_with_number (gpointer data)
{
  ToastWait *wait = data;
  const char *toast = yc_desk_window_get_last_toast (wait->window);

  if (toast == NULL || g_strcmp0 (toast, wait->before) == 0 ||
      !g_str_has_prefix (toast, "320826-C07-"))
    return FALSE;
  wait->number = g_strndup (toast, strlen ("320826-C07-20261129-0001"));
  return TRUE;
}

char *
yc_test_act_for_case_number (YcDeskWindow *window,
                             gpointer      widget,
                             const char   *action)
{
  ToastWait wait = { window, g_strdup (yc_desk_window_get_last_toast (window)), NULL };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (widget), action, NULL));
  g_assert_true (yc_test_wait_for (toast_with_number, &wait));
  g_free (wait.before);
  return wait.number;
}

gboolean
yc_test_sign_in_error_shown (gpointer page)
{
  return yc_sign_in_page_get_error (page) != NULL;
}

static gboolean
window_ready (gpointer window)
{
  return yc_desk_window_is_ready (window);
}

void
yc_test_wait_catalogue (YcDeskWindow *window)
{
  ScreenWait w = { window, "catalogue" };

  g_assert_true (yc_test_wait_for (on_screen, &w));
  g_assert_true (yc_test_wait_for (window_ready, window));
}

static gboolean
one_result (gpointer page)
{
  GListModel *results = yc_catalogue_page_get_results (page);
  YcItem *selected = yc_catalogue_page_get_selected (page);

  return g_list_model_get_n_items (results) >= 1 && selected != NULL;
}

YcItem *
yc_test_find_item (YcDeskWindow *window,
                   const char   *keys)
{
  YcCataloguePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "catalogue_page");
  GtkEditable *search = yc_test_child (page, YC_TYPE_CATALOGUE_PAGE, "search_entry");

  for (const char *p = keys; *p != '\0'; p++)
    {
      g_autofree char *prefix = g_strndup (keys, p - keys + 1);

      gtk_editable_set_text (search, prefix);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_true (yc_test_wait_for (one_result, page));
  return yc_catalogue_page_get_selected (page);
}

void
yc_test_screenshot (GtkWidget  *widget,
                    const char *name)
{
  int width = 0, height = 0;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  GskRenderer *renderer;

  paintable = gtk_widget_paintable_new (widget);
  /* A screen that has just been switched to is drawn at the next frame: try a few times. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      yc_test_settle ();
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                        &GRAPHENE_RECT_INIT (0, 0, width, height));
  dir = g_build_filename (g_getenv ("YC_BUILDDIR"), "screenshots", NULL);
  path = g_build_filename (dir, name, NULL);
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}
