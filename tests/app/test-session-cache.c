/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session kept for an offline start: it comes back only for the same backend and user,
 * with the token it is given (the token itself is never written), and a missing, unreadable
 * or foreign file gives nothing. */
#include "config.h"

#include <glib/gstdio.h>

#include "yc-session-cache.h"

#define BACKEND "http://127.0.0.1:8080"

static void
test_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yc-session-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "session.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  YcSession session = {
    .token = (char *) "secret-token",
    .actor = {
      .user = (char *) "clerk07",
      .display_name = (char *) "王丽",
      .role = YC_ROLE_CLERK,
      .window_code = (char *) "C07",
    },
  };
  static const struct {
    const char *backend;
    const char *user;       /* NULL: whoever was kept */
    gboolean    found;
  } table[] = {
    { BACKEND, "clerk07", TRUE },
    { BACKEND, NULL, TRUE },
    { BACKEND, "clerk08", FALSE },
    { "http://127.0.0.1:8081", "clerk07", FALSE },
  };

  g_assert_true (yc_session_cache_save (path, BACKEND, &session, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, "secret-token"));

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(YcSession) loaded = yc_session_cache_load (path, table[i].backend,
                                                           table[i].user, "kept-token");

      g_assert_true ((loaded != NULL) == table[i].found);
      if (loaded == NULL)
        continue;
      g_assert_cmpstr (loaded->token, ==, "kept-token");
      g_assert_cmpstr (loaded->actor.user, ==, "clerk07");
      g_assert_cmpstr (loaded->actor.display_name, ==, "王丽");
      g_assert_cmpint (loaded->actor.role, ==, YC_ROLE_CLERK);
      g_assert_cmpstr (loaded->actor.window_code, ==, "C07");
      g_assert_null (loaded->actor.department_code);
      g_assert_null (loaded->actor.township_code);
    }
  g_remove (path);
  g_free (text);
  text = g_path_get_dirname (path);
  g_rmdir (text);
  g_rmdir (dir);
}

static void
test_unusable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yc-session-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "session.json", NULL);
  static const char *contents[] = {
    NULL,                                                   /* no file */
    "{\"backend_url\": \"" BACKEND "\", \"user\": \"clerk07\"",   /* cut short */
    "[]",
    "{\"backend_url\": \"" BACKEND "\", \"user\": \"clerk07\", \"role\": \"janitor\"}",
    "{\"backend_url\": \"" BACKEND "\", \"role\": \"clerk\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autoptr(YcSession) loaded = NULL;

      if (contents[i] != NULL)
        g_assert_true (g_file_set_contents (path, contents[i], -1, NULL));
      loaded = yc_session_cache_load (path, BACKEND, "clerk07", "kept-token");
      g_assert_null (loaded);
    }
  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session-cache/round-trip", test_round_trip);
  g_test_add_func ("/session-cache/unusable", test_unusable);
  return g_test_run ();
}
