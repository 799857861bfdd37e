/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-test-server"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "yc-test-server.h"

#define START_TIMEOUT_S 60
#define STOP_TIMEOUT_S 60

static const char users_json[] =
  "{\"users\": ["
  "{\"user\": \"clerk1\", \"display_name\": \"窗口一\", \"role\": \"clerk\", "
  "\"window_code\": \"C01\", \"password\": \"" YC_TEST_PASSWORD "\"},"
  "{\"user\": \"clerk2\", \"display_name\": \"窗口二\", \"role\": \"clerk\", "
  "\"window_code\": \"C02\", \"password\": \"" YC_TEST_PASSWORD "\"},"
  "{\"user\": \"town1\", \"display_name\": \"涟城镇\", \"role\": \"township\", "
  "\"township_code\": \"" YC_TEST_TOWNSHIP "\", \"window_code\": \"T01W1\", "
  "\"password\": \"" YC_TEST_PASSWORD "\"},"
  "{\"user\": \"town2\", \"display_name\": \"高沟镇\", \"role\": \"township\", "
  "\"township_code\": \"" YC_TEST_OTHER_TOWNSHIP "\", \"window_code\": \"T02W1\", "
  "\"password\": \"" YC_TEST_PASSWORD "\"},"
  "{\"user\": \"chief_scjg\", \"display_name\": \"市场监管科长\", \"role\": \"chief\", "
  "\"department_code\": \"320826-SCJG\", \"password\": \"" YC_TEST_PASSWORD "\"},"
  "{\"user\": \"chief_mz\", \"display_name\": \"民政科长\", \"role\": \"chief\", "
  "\"department_code\": \"320826-MZ\", \"password\": \"" YC_TEST_PASSWORD "\"},"
  "{\"user\": \"chief_fgw\", \"display_name\": \"发改科长\", \"role\": \"chief\", "
  "\"department_code\": \"320826-FGW\", \"password\": \"" YC_TEST_PASSWORD "\"},"
  "{\"user\": \"chief_shbj\", \"display_name\": \"生态环境科长\", \"role\": \"chief\", "
  "\"department_code\": \"320826-SHBJ\", \"password\": \"" YC_TEST_PASSWORD "\"},"
  "{\"user\": \"chief_zrgh\", \"display_name\": \"自然资源科长\", \"role\": \"chief\", "
  "\"department_code\": \"320826-ZRGH\", \"password\": \"" YC_TEST_PASSWORD "\"},"
  "{\"user\": \"chief_town1\", \"display_name\": \"涟城镇分管领导\", \"role\": \"chief\", "
  "\"township_code\": \"" YC_TEST_TOWNSHIP "\", \"password\": \"" YC_TEST_PASSWORD "\"},"
  "{\"user\": \"admin\", \"display_name\": \"管理员\", \"role\": \"admin\", "
  "\"password\": \"" YC_TEST_PASSWORD "\"}"
  "]}";

static const YcActor actors[] = {
  { (char *) "clerk1", (char *) "窗口一", YC_ROLE_CLERK, NULL, NULL, (char *) "C01" },
  { (char *) "clerk2", (char *) "窗口二", YC_ROLE_CLERK, NULL, NULL, (char *) "C02" },
  { (char *) "town1", (char *) "涟城镇", YC_ROLE_TOWNSHIP, NULL, (char *) YC_TEST_TOWNSHIP,
    (char *) "T01W1" },
  { (char *) "town2", (char *) "高沟镇", YC_ROLE_TOWNSHIP, NULL, (char *) YC_TEST_OTHER_TOWNSHIP,
    (char *) "T02W1" },
  { (char *) "chief_scjg", (char *) "市场监管科长", YC_ROLE_CHIEF, (char *) "320826-SCJG", NULL,
    NULL },
  { (char *) "chief_mz", (char *) "民政科长", YC_ROLE_CHIEF, (char *) "320826-MZ", NULL, NULL },
  { (char *) "chief_fgw", (char *) "发改科长", YC_ROLE_CHIEF, (char *) "320826-FGW", NULL, NULL },
  { (char *) "chief_shbj", (char *) "生态环境科长", YC_ROLE_CHIEF, (char *) "320826-SHBJ", NULL,
    NULL },
  { (char *) "chief_zrgh", (char *) "自然资源科长", YC_ROLE_CHIEF, (char *) "320826-ZRGH", NULL,
    NULL },
  { (char *) "chief_town1", (char *) "涟城镇分管领导", YC_ROLE_CHIEF, NULL,
    (char *) YC_TEST_TOWNSHIP, NULL },
  { (char *) "admin", (char *) "管理员", YC_ROLE_ADMIN, NULL, NULL, NULL },
};

const YcActor *
yc_test_actor (const char *user)
{
  for (guint i = 0; i < G_N_ELEMENTS (actors); i++)
    if (g_str_equal (actors[i].user, user))
      return &actors[i];
  g_assert_not_reached ();
  return NULL;
}

static const char *
source_data_dir (void)
{
  const char *dir = g_getenv ("YC_DATADIR");

  g_assert_nonnull (dir);
  return dir;
}

/* $YICHUANGD, else the one in the build tree. */
static const char *
yichuangd_path (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *env = g_getenv ("YICHUANGD");

      path = env != NULL ? g_strdup (env)
                         : g_build_filename (g_getenv ("YC_BUILDDIR"), "src", "server",
                                             "yichuangd", NULL);
    }
  return path;
}

void
yc_test_remove_database (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

void
yc_test_copy_file (const char *from,
                   const char *to)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (to, contents, length, &error));
  g_assert_no_error (error);
}

static void
prepare_data (YcTestServer *self)
{
  g_autofree char *calendar_from = g_build_filename (source_data_dir (), "calendar", NULL);
  g_autofree char *calendar_to = g_build_filename (self->data_dir, "calendar", NULL);
  g_autofree char *demo = g_build_filename (self->data_dir, "demo", NULL);
  g_autofree char *catalogue_from = g_build_filename (source_data_dir (), "demo",
                                                      "catalogue.json", NULL);
  g_autofree char *catalogue_to = g_build_filename (demo, "catalogue.json", NULL);
  g_autofree char *users = g_build_filename (demo, "users.json", NULL);
  g_autofree char *openapi_from = g_build_filename (source_data_dir (), "openapi.yaml", NULL);
  g_autofree char *openapi_to = g_build_filename (self->data_dir, "openapi.yaml", NULL);
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (calendar_to, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (demo, 0700), ==, 0);
  dir = g_dir_open (calendar_from, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = NULL, *to = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      from = g_build_filename (calendar_from, name, NULL);
      to = g_build_filename (calendar_to, name, NULL);
      yc_test_copy_file (from, to);
    }
  yc_test_copy_file (catalogue_from, catalogue_to);
  yc_test_copy_file (openapi_from, openapi_to);
  g_assert_true (g_file_set_contents (users, users_json, -1, &error));
  g_assert_no_error (error);
}

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  char **line = user_data;
  g_autoptr (GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                     NULL, &error);
  if (*line == NULL)
    *line = g_strdup ("");
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* A test that fails an assertion aborts at once; its server must not outlive it, holding the
 * test's output open until the harness times out. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
launch (YcTestServer *self,
        gboolean      init_demo)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  const char *binary = yichuangd_path ();
  gboolean expired = FALSE;
  guint timeout_id;
  const char *prefix = "listening on ";

  g_assert_nonnull (binary);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* GIO loads GnuTLS with dlopen(), and LeakSanitizer's tracer (GCC 12) crashes at exit
   * walking dynamically allocated thread-local storage. Preloaded, GnuTLS and p11-kit keep
   * their thread-local variables in static TLS, so a TLS server is checked with every root
   * (the ASan runtime, linked in, need not come first then). */
  if (self->tls)
    {
      const char *preload = g_getenv ("LD_PRELOAD");
      const char *asan = g_getenv ("ASAN_OPTIONS");
      g_autofree char *preloads = g_strconcat ("libgnutls.so.30", preload != NULL ? " " : "",
                                               preload, NULL);

      g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", preloads, TRUE);
      if (asan != NULL)
        {
          g_autofree char *options = g_strconcat (asan, ":verify_asan_link_order=0", NULL);

          g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
        }
    }
  if (init_demo)
    self->process = g_subprocess_launcher_spawn (launcher, &error, binary, "--config",
                                                 self->config_path, "--listen", "127.0.0.1:0",
                                                 "--init-demo", NULL);
  else
    self->process = g_subprocess_launcher_spawn (launcher, &error, binary, "--config",
                                                 self->config_path, "--listen", "127.0.0.1:0",
                                                 NULL);
  g_assert_no_error (error);

  /* The first line says where it listens; a server that cannot start closes stdout. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  timeout_id = g_timeout_add_seconds (START_TIMEOUT_S, on_timeout, &expired);
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, on_line, &line);
  while (line == NULL && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timeout_id);
  g_assert_false (expired);
  g_assert_true (g_str_has_prefix (line, prefix));
  g_clear_pointer (&self->base, g_free);
  self->base = g_strconcat (line + strlen (prefix), "/api/v1", NULL);
}

YcTestServer *
yc_test_server_start (const char *extra_config)
{
  YcTestServer *self = g_new0 (YcTestServer, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *config = NULL;

  self->dir = g_dir_make_tmp ("yc-server-XXXXXX", &error);
  g_assert_no_error (error);
  self->config_path = g_build_filename (self->dir, "yichuangd.conf", NULL);
  self->db_path = g_build_filename (self->dir, "yichuangd.db", NULL);
  self->data_dir = g_build_filename (self->dir, "data", NULL);
  self->tls = extra_config != NULL && strstr (extra_config, "tls-certificate") != NULL;
  prepare_data (self);

  /* A cheap password hash keeps the tests fast; the cost is a setting like any other. */
  config = g_strdup_printf ("[server]\ndata-directory=%s\nworkers=16\n"
                            "[store]\ndatabase=%s\n"
                            "[auth]\nargon2-iterations=1\nargon2-memory-kib=64\n%s\n",
                            self->data_dir, self->db_path,
                            extra_config != NULL ? extra_config : "");
  g_assert_true (g_file_set_contents (self->config_path, config, -1, &error));
  g_assert_no_error (error);

  launch (self, TRUE);
  return self;
}

void
yc_test_server_restart (YcTestServer *self)
{
  g_assert_null (self->process);
  launch (self, FALSE);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

/* Bounded: a server that will not stop is killed and fails the test rather than hanging it. */
static void
wait_exit (YcTestServer *self)
{
  gboolean expired = FALSE, exited = FALSE;
  guint timeout_id = g_timeout_add_seconds (STOP_TIMEOUT_S, on_timeout, &expired);

  g_subprocess_wait_async (self->process, NULL, on_exited, &exited);
  while (!exited && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timeout_id);
  if (!exited)
    {
      g_subprocess_force_exit (self->process);
      while (!exited)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (expired);
}

void
yc_test_server_stop (YcTestServer *self)
{
  g_assert_nonnull (self->process);
  g_subprocess_send_signal (self->process, SIGTERM);
  wait_exit (self);
  g_assert_true (g_subprocess_get_if_exited (self->process));
  g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);
  g_clear_object (&self->process);
}

void
yc_test_server_kill (YcTestServer *self)
{
  g_assert_nonnull (self->process);
  g_subprocess_force_exit (self->process);
  wait_exit (self);
  g_assert_true (g_subprocess_get_if_signaled (self->process));
  g_clear_object (&self->process);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

void
yc_test_server_free (YcTestServer *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL)
    yc_test_server_stop (self);
  remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->config_path);
  g_free (self->db_path);
  g_free (self->data_dir);
  g_free (self->base);
  g_free (self);
}

int
yc_test_server_admin (YcTestServer *self,
                      const char   *input,
                      char        **output,
                      const char   *first_arg,
                      ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) yichuangd_path ());
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, self->config_path);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (err != NULL && err[0] != '\0')
    g_test_message ("yichuangd %s: %s", first_arg, err);
  if (output != NULL)
    *output = g_strconcat (out != NULL ? out : "", err != NULL ? err : "", NULL);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* HTTP -------------------------------------------------------------------------------------- */

void
yc_test_response_free (YcTestResponse *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->json, json_node_unref);
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_free (self);
}

JsonObject *
yc_test_object (YcTestResponse *self)
{
  g_assert_nonnull (self->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (self->json));
  return json_node_get_object (self->json);
}

const char *
yc_test_problem_code (YcTestResponse *self)
{
  const char *type = soup_message_headers_get_content_type (self->headers, NULL);
  JsonObject *o;

  if (g_strcmp0 (type, "application/problem+json") != 0 || self->json == NULL ||
      !JSON_NODE_HOLDS_OBJECT (self->json))
    return "";
  o = json_node_get_object (self->json);
  /* The type URI and the short code must agree. */
  g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "type"),
                                   json_object_get_string_member (o, "code")));
  g_assert_cmpint (json_object_get_int_member (o, "status"), ==, self->status);
  return json_object_get_string_member (o, "code");
}

const char *
yc_test_header (YcTestResponse *self,
                const char     *name)
{
  return soup_message_headers_get_one (self->headers, name);
}

YcTestResponse *
yc_test_try_request (SoupSession       *session,
                     const char        *method,
                     const char        *url,
                     const char        *token,
                     const char        *content_type,
                     gconstpointer      body,
                     gssize             length,
                     const char *const *headers,
                     GError           **error)
{
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  YcTestResponse *response;
  SoupMessageHeaders *request_headers;
  GBytes *received;

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (request_headers, "Authorization", auth);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  if ((received = soup_session_send_and_read (session, msg, NULL, error)) == NULL)
    return NULL;
  response = g_new0 (YcTestResponse, 1);
  response->body = received;
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (g_bytes_get_size (response->body) > 0)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL),
                                      g_bytes_get_size (response->body), NULL))
        response->json = json_node_ref (json_parser_get_root (parser));
    }
  return response;
}

YcTestResponse *
yc_test_request (SoupSession       *session,
                 const char        *method,
                 const char        *url,
                 const char        *token,
                 const char        *content_type,
                 gconstpointer      body,
                 gssize             length,
                 const char *const *headers)
{
  g_autoptr (GError) error = NULL;
  YcTestResponse *response = yc_test_try_request (session, method, url, token, content_type,
                                                  body, length, headers, &error);

  g_assert_no_error (error);
  return response;
}

YcTestResponse *
yc_test_get (SoupSession *session,
             const char  *url,
             const char  *token)
{
  return yc_test_request (session, "GET", url, token, NULL, NULL, 0, NULL);
}

YcTestResponse *
yc_test_post_json (SoupSession *session,
                   const char  *url,
                   const char  *token,
                   const char  *json,
                   const char  *idempotency_key)
{
  const char *headers[] = { "Idempotency-Key", idempotency_key, NULL };

  return yc_test_request (session, "POST", url, token, "application/json", json, -1,
                          idempotency_key != NULL ? headers : NULL);
}

char *
yc_test_login (SoupSession  *session,
               YcTestServer *server,
               const char   *user)
{
  g_autofree char *url = g_strconcat (server->base, "/sessions", NULL);
  g_autofree char *body = g_strdup_printf ("{\"user\": \"%s\", \"password\": \"%s\"}", user,
                                           YC_TEST_PASSWORD);
  g_autoptr (YcTestResponse) r = yc_test_post_json (session, url, NULL, body, NULL);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (json_object_get_string_member (yc_test_object (r), "token"));
}

YcCatalogue *
yc_test_catalogue (void)
{
  static YcCatalogue *catalogue;

  if (g_once_init_enter (&catalogue))
    {
      g_autofree char *path = g_build_filename (source_data_dir (), "demo", "catalogue.json",
                                                NULL);
      g_autoptr (GError) error = NULL;
      YcCatalogue *loaded = yc_catalogue_new ();

      g_assert_true (yc_catalogue_load_file (loaded, path, &error));
      g_assert_no_error (error);
      g_once_init_leave (&catalogue, loaded);
    }
  return catalogue;
}

char *
yc_test_case_body (const char *number,
                   const char *item_code,
                   const char *window,
                   const char *township,
                   const char *material_status)
{
  return yc_test_case_body_for (number, item_code, window, township, material_status, "张三",
                                "11010519491231002X");
}

char *
yc_test_case_body_for (const char *number,
                       const char *item_code,
                       const char *window,
                       const char *township,
                       const char *material_status,
                       const char *name,
                       const char *id_number)
{
  YcItem *item = yc_catalogue_get_item (yc_test_catalogue (), item_code);
  g_autoptr (GString) materials = g_string_new ("");
  g_autofree char *township_member = NULL;

  g_assert_nonnull (item);
  for (guint i = 0; i < item->materials->len; i++)
    {
      YcMaterial *m = g_ptr_array_index (item->materials, i);

      g_string_append_printf (materials, "%s{\"code\": \"%s\", \"status\": \"%s\", "
                              "\"original_checked\": true}", i > 0 ? ", " : "", m->code,
                              material_status != NULL ? material_status : "original_seen");
    }
  township_member = township != NULL ? g_strdup_printf ("\"township_code\": \"%s\", ", township)
                                     : g_strdup ("");
  return g_strdup_printf ("{\"number\": \"%s\", \"item_code\": \"%s\", \"window_code\": \"%s\", "
                          "%s\"applicant\": {\"kind\": \"person\", \"name\": \"%s\", "
                          "\"id_number\": \"%s\", \"phone\": \"13800000000\"}, "
                          "\"materials\": [%s]}", number, item_code, window, township_member,
                          name, id_number, materials->str);
}

char *
yc_test_case_number (const char *window,
                     guint       sequence)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y%m%d");

  return g_strdup_printf ("320826-%s-%s-%04u", window, date, sequence);
}
