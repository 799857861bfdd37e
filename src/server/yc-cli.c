/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The yichuangd command line: run the server, or one administrative subcommand. */
#define G_LOG_DOMAIN "yichuangd"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "yc-cli.h"
#include "yc-audit.h"
#include "yc-config.h"
#include "yc-http.h"
#include "yc-import.h"
#include "yc-language.h"
#include "yc-log.h"
#include "yc-server.h"
#include "yc-server-error.h"
#include "yc-store-sqlite.h"

typedef struct
{
  char    *config_path;
  char    *listen;
  char    *db;
  char    *data_dir;
  char    *tls_cert;
  char    *tls_key;
  gboolean init_demo;
  char    *role;
  char    *display_name;
  char    *department;
  char    *township;
  char    *window;
  char   **rest;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->config_path);
  g_free (o->listen);
  g_free (o->db);
  g_free (o->data_dir);
  g_free (o->tls_cert);
  g_free (o->tls_key);
  g_free (o->role);
  g_free (o->display_name);
  g_free (o->department);
  g_free (o->township);
  g_free (o->window);
  g_strfreev (o->rest);
}

static const char summary[] =
  "Commands (the default is to run the server):\n"
  "  add-user NAME --role ROLE [--display-name N] [--department C] [--township C] "
  "[--window C]\n"
  "                        the password is read from standard input\n"
  "  disable-user NAME     sign the user out and refuse further sign-ins\n"
  "  enable-user NAME\n"
  "  update-user NAME [--role ROLE] [--display-name N] [--department C] [--township C] "
  "[--window C]\n"
  "                        change a user's post (ends their sessions)\n"
  "  reset-password NAME   the new password is read from standard input\n"
  "  import-catalogue FILE a catalogue document (see data/demo)\n"
  "  import-calendar FILE  one year of working days (see data/calendar)\n"
  "  verify-audit          check the hash chain of the audit trail";

static char *
read_password (GError **error)
{
  char buffer[1100];
  gsize len;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "Give the password on standard input");
      return NULL;
    }
  len = strlen (buffer);
  while (len > 0 && (buffer[len - 1] == '\n' || buffer[len - 1] == '\r'))
    buffer[--len] = '\0';
  return g_strdup (buffer);
}

static gboolean
admin_audit (YcStore    *store,
             const char *action,
             const char *user,
             GError    **error)
{
  g_autofree char *detail = yc_json_detail ("user", user, NULL);

  if (!yc_store_begin_write (store, error))
    return FALSE;
  if (!yc_audit_append (store, "admin", "local", action, NULL, detail, error) ||
      !yc_store_commit (store, error))
    {
      yc_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

static gboolean
cmd_add_user (YcStore              *store,
              const YcServerConfig *config,
              Options              *o,
              const char           *name,
              GError              **error)
{
  g_autofree char *password = NULL;
  YcUserRecord user = { 0 };

  if (o->role == NULL)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID, "add-user needs --role");
      return FALSE;
    }
  if ((password = read_password (error)) == NULL)
    return FALSE;
  user.name = (char *) name;
  user.display_name = o->display_name != NULL ? o->display_name : (char *) name;
  user.role = o->role;
  user.department_code = o->department;
  user.township_code = o->township;
  user.window_code = o->window;
  if (!yc_store_begin_write (store, error))
    return FALSE;
  if (!yc_import_add_user (store, &user, password, &config->password_cost, error) ||
      !yc_store_commit (store, error))
    {
      yc_store_rollback (store);
      return FALSE;
    }
  memset (password, 0, strlen (password));
  return admin_audit (store, "admin.add_user", name, error);
}

static void
replace (char      **field,
         const char *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = value[0] != '\0' ? g_strdup (value) : NULL;   /* "" clears the field */
}

static gboolean
cmd_update_user (YcStore              *store,
                 const YcServerConfig *config,
                 Options              *o,
                 const char           *command,
                 const char           *name,
                 GError              **error)
{
  g_autoptr (YcUserRecord) user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *action = NULL;

  if (g_str_equal (command, "reset-password") && (password = read_password (error)) == NULL)
    return FALSE;
  if ((user = yc_store_user_lookup (store, name, error)) == NULL)
    return FALSE;
  if (password != NULL)
    {
      g_free (user->password_hash);
      if ((user->password_hash = yc_password_hash (password, &config->password_cost,
                                                   error)) == NULL)
        return FALSE;
    }
  else if (g_str_equal (command, "update-user"))
    {
      replace (&user->role, o->role);
      replace (&user->display_name, o->display_name);
      replace (&user->department_code, o->department);
      replace (&user->township_code, o->township);
      replace (&user->window_code, o->window);
      if (user->display_name == NULL)
        user->display_name = g_strdup (user->name);
      if (!yc_import_check_user (user, error))
        return FALSE;
    }
  else
    user->disabled = g_str_equal (command, "disable-user");

  if (!yc_store_begin_write (store, error))
    return FALSE;
  /* A new password or a disabled account ends every session the user had. */
  if (!yc_store_user_update (store, user, error) ||
      !yc_store_sessions_delete_user (store, name, error) ||
      !yc_store_login_failure_clear (store, name, error) ||
      !yc_store_commit (store, error))
    {
      yc_store_rollback (store);
      return FALSE;
    }
  action = g_strdup_printf ("admin.%s", command);
  g_strdelimit (action, "-", '_');
  return admin_audit (store, action, name, error);
}

static gboolean
cmd_import (YcStore    *store,
            const char *command,
            const char *path,
            GError    **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  guint n_items = 0;
  int year = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  if (g_str_equal (command, "import-catalogue"))
    {
      if (!yc_import_catalogue (store, contents, length, &n_items, error))
        return FALSE;
      g_print ("Imported %u items from %s\n", n_items, path);
      return admin_audit (store, "admin.import_catalogue", NULL, error);
    }
  if (!yc_import_calendar (store, contents, length, &year, error))
    return FALSE;
  g_print ("Imported the working-day calendar of %d\n", year);
  return admin_audit (store, "admin.import_calendar", NULL, error);
}

static int
run_command (YcServerConfig *config,
             Options        *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStore) store = NULL;
  const char *command = o->rest[0];
  const char *argument = o->rest[1];
  static const char *const with_argument[] = {
    "add-user", "disable-user", "enable-user", "update-user", "reset-password",
    "import-catalogue", "import-calendar", NULL,
  };
  gboolean ok;

  if (!g_strv_contains (with_argument, command) && !g_str_equal (command, "verify-audit"))
    {
      g_printerr ("Unknown command “%s”. Try yichuangd --help.\n", command);
      return 2;
    }
  if (g_strv_contains (with_argument, command) && argument == NULL)
    {
      g_printerr ("%s needs an argument. Try yichuangd --help.\n", command);
      return 2;
    }
  if ((store = yc_store_sqlite_open (config->db_path, YC_STORE_SQLITE_DEFAULT, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (g_str_equal (command, "verify-audit"))
    {
      gint64 n = 0;

      if (!yc_audit_verify (store, &n, &error))
        {
          g_printerr ("Audit trail BROKEN: %s\n", error->message);
          return 1;
        }
      g_print ("Audit trail intact: %" G_GINT64_FORMAT " entries\n", n);
      return 0;
    }
  if (g_str_equal (command, "add-user"))
    ok = cmd_add_user (store, config, o, argument, &error);
  else if (g_str_has_prefix (command, "import-"))
    ok = cmd_import (store, command, argument, &error);
  else
    ok = cmd_update_user (store, config, o, command, argument, &error);
  if (!ok)
    {
      g_printerr ("%s: %s\n", command, error->message);
      return 1;
    }
  return 0;
}

typedef struct
{
  GMainLoop *loop;
  YcServer  *server;
} RunState;

static gboolean
on_quit_signal (gpointer user_data)
{
  RunState *state = user_data;

  g_message ("Stopping");
  g_main_loop_quit (state->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_reload_signal (gpointer user_data)
{
  RunState *state = user_data;
  g_autoptr (GError) error = NULL;

  if (yc_server_reload (state->server, &error))
    g_message ("Reloaded the catalogue and the calendar");
  else
    g_warning ("Reload failed, keeping the old catalogue: %s", error->message);
  return G_SOURCE_CONTINUE;
}

static int
run_server (YcServerConfig *config,
            Options        *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YcServer) server = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *uri = NULL;
  RunState state;
  guint sources[3];

  if (o->init_demo)
    {
      g_autoptr (YcStore) store = yc_store_sqlite_open (config->db_path,
                                                        YC_STORE_SQLITE_DEFAULT, &error);

      if (store == NULL || !yc_import_demo (store, config->data_dir, &config->password_cost,
                                            &error))
        {
          g_printerr ("Cannot load the demo data: %s\n", error->message);
          return 1;
        }
      g_message ("Loaded the demo data from %s", config->data_dir);
    }

  if ((server = yc_server_new (config, &error)) == NULL || !yc_server_listen (server, &error))
    {
      g_printerr ("yichuangd cannot start: %s\n", error->message);
      return 1;
    }
  uri = yc_server_get_uri (server);
  g_print ("listening on %s\n", uri);
  fflush (stdout);
  g_message ("Listening on %s with database %s", uri, config->db_path);

  loop = g_main_loop_new (NULL, FALSE);
  state = (RunState) { loop, server };
  sources[0] = g_unix_signal_add (SIGTERM, on_quit_signal, &state);
  sources[1] = g_unix_signal_add (SIGINT, on_quit_signal, &state);
  sources[2] = g_unix_signal_add (SIGHUP, on_reload_signal, &state);
  g_main_loop_run (loop);
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    g_source_remove (sources[i]);
  yc_server_stop (server);
  return 0;
}

int
yc_cli_main (int    argc,
             char **argv)
{
  Options o = { 0 };
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &o.config_path, "Configuration file", "FILE" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &o.listen, "Address to listen on (port 0: any)",
      "HOST:PORT" },
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &o.db, "SQLite database", "PATH" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &o.data_dir, "Shipped data (openapi, demo)",
      "DIR" },
    { "init-demo", 0, 0, G_OPTION_ARG_NONE, &o.init_demo, "Load the demo catalogue, users and "
      "calendars first", NULL },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &o.tls_cert, "TLS certificate (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &o.tls_key, "TLS private key (PEM)", "FILE" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &o.role, "add-user: clerk, township, chief or admin",
      "ROLE" },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &o.display_name, "add-user: full name",
      "NAME" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &o.department, "add-user: department code",
      "CODE" },
    { "township", 0, 0, G_OPTION_ARG_STRING, &o.township, "add-user: township code", "CODE" },
    { "window", 0, 0, G_OPTION_ARG_STRING, &o.window, "add-user: window code", "CODE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.rest, NULL, "[COMMAND [ARG]]" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (YcServerConfig) config = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* $YC_LOCALEDIR: the translations of a build tree (tests, uninstalled runs). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("YC_LOCALEDIR") != NULL ? g_getenv ("YC_LOCALEDIR")
                                                                     : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  yc_language_init ();
  yc_log_init ();

  context = g_option_context_new ("— the Yichuang county backend");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, summary);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      options_clear (&o);
      return 2;
    }

  config = yc_server_config_new ();
  if ((o.config_path != NULL && !yc_server_config_load_file (config, o.config_path, &error)) ||
      (o.listen != NULL && !yc_server_config_set_listen (config, o.listen, &error)))
    {
      g_printerr ("%s\n", error->message);
      options_clear (&o);
      return 2;
    }
  if (config->language != NULL)
    yc_language_set_default (config->language);
  if (o.db != NULL)
    {
      g_free (config->db_path);
      config->db_path = g_strdup (o.db);
    }
  if (o.data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_strdup (o.data_dir);
    }
  if (o.tls_cert != NULL)
    {
      g_free (config->tls_certificate);
      config->tls_certificate = g_strdup (o.tls_cert);
    }
  if (o.tls_key != NULL)
    {
      g_free (config->tls_key);
      config->tls_key = g_strdup (o.tls_key);
    }

  if (o.rest != NULL && o.rest[0] != NULL)
    status = run_command (config, &o);
  else
    status = run_server (config, &o);
  options_clear (&o);
  return status;
}
