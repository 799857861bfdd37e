/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The REST client against real HTTP(S) on loopback: sessions, and every failure the clerk
 * must be able to tell apart (wrong password, unreachable backend, untrusted certificate),
 * problem+json field errors, cancellation, and the in-memory token store. */
#include "config.h"

#include <glib/gstdio.h>

#include "yc-rest-client.h"
#include "yc-rest-client-private.h"
#include "yc-test-server.h"
#include "yc-token-store.h"

typedef struct
{
  char         *dir;
  YcTestServer *server;
  char         *url;
  YcRestClient *client;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  f->dir = g_dir_make_tmp ("yc-rest-XXXXXX", NULL);
  db = g_build_filename (f->dir, "server.sqlite", NULL);
  f->server = yc_test_server_new (db, GPOINTER_TO_UINT (data), &error);
  g_assert_no_error (error);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", yc_test_server_get_port (f->server));
  f->client = yc_rest_client_new (f->url);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *names[] = { "server.sqlite", "server.sqlite-wal", "server.sqlite-shm" };

  g_clear_object (&f->client);
  g_clear_pointer (&f->server, yc_test_server_free);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);

      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->url);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

static YcSession *
sign_in (YcRestClient *client,
         const char   *password,
         GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  yc_rest_client_sign_in_async (client, "clerk", password, NULL, store_result, &result);
  return yc_rest_client_sign_in_finish (client, wait_result (&result), error);
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcSession) session = sign_in (f->client, "secret", &error);
  g_autoptr(YcSession) me = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) out_result = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (session->token, ==, "t-1");
  g_assert_cmpstr (session->actor.user, ==, "clerk");
  g_assert_cmpstr (session->actor.display_name, ==, "Wang");
  g_assert_cmpstr (session->actor.window_code, ==, "C07");
  g_assert_cmpint (session->actor.role, ==, YC_ROLE_CLERK);
  g_assert_nonnull (session->expires_at);
  g_assert_cmpstr (yc_rest_client_get_token (f->client), ==, "t-1");

  yc_rest_client_get_me_async (f->client, NULL, store_result, &result);
  me = yc_rest_client_get_me_finish (f->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (me->actor.user, ==, "clerk");
  g_assert_cmpstr (me->token, ==, "t-1");

  yc_rest_client_sign_out_async (f->client, NULL, store_result, &out_result);
  g_assert_null (yc_rest_client_get_token (f->client));
  yc_rest_client_sign_out_finish (f->client, wait_result (&out_result), &error);
  g_assert_no_error (error);
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcSession) session = sign_in (f->client, "guess", &error);

  g_assert_null (session);
  g_assert_error (error, YC_REST_ERROR, YC_REST_ERROR_WRONG_PASSWORD);
  g_assert_cmpuint (yc_rest_error_get_status (error), ==, 401);
  g_assert_cmpstr (yc_rest_error_get_problem_type (error), ==, "wrong-password");
  /* Our own, translatable words, whatever the backend wrote. */
  g_assert_null (strstr (error->message, "backend wording"));
  g_assert_null (yc_rest_client_get_token (f->client));
}

static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(YcSession) me = NULL;

  yc_rest_client_set_token (f->client, "expired");
  yc_rest_client_get_me_async (f->client, NULL, store_result, &result);
  me = yc_rest_client_get_me_finish (f->client, wait_result (&result), &error);
  g_assert_null (me);
  g_assert_error (error, YC_REST_ERROR, YC_REST_ERROR_UNAUTHORIZED);
  g_assert_true (yc_rest_error_is_transient (error));
}

static char *
failure_message (YcRestClient *client,
                 int           expected_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcSession) session = sign_in (client, "secret", &error);

  g_assert_null (session);
  g_assert_error (error, YC_REST_ERROR, expected_code);
  return g_strdup (error->message);
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autoptr(YcRestClient) dead = NULL;
  g_autoptr(YcRestClient) nonsense = yc_rest_client_new ("yc.example");
  g_autofree char *unreachable = NULL;
  g_autofree char *wrong_password = NULL;
  g_autofree char *bad_address = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcSession) session = NULL;

  g_socket_listener_close (listener);
  dead = yc_rest_client_new (url);
  unreachable = failure_message (dead, YC_REST_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (unreachable, url));

  session = sign_in (f->client, "guess", &error);
  g_assert_error (error, YC_REST_ERROR, YC_REST_ERROR_WRONG_PASSWORD);
  wrong_password = g_strdup (error->message);
  g_assert_cmpstr (unreachable, !=, wrong_password);

  bad_address = failure_message (nonsense, YC_REST_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (bad_address, "yc.example"));
}

/* HTTPS with a certificate the client does not trust, then does. */
static void
tls_body (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "client", "data",
                                                      "tls-cert.pem", NULL);
  g_autofree char *key_path = g_test_build_filename (G_TEST_DIST, "client", "data",
                                                     "tls-key.pem", NULL);
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (cert_path, key_path,
                                                                      &error);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(YcRestClient) client = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autofree char *url = NULL;
  g_autofree char *tls_message = NULL;
  GSList *uris;

  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", cert, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY |
                                           SOUP_SERVER_LISTEN_HTTPS, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = yc_rest_client_new (url);
  tls_message = failure_message (client, YC_REST_ERROR_TLS);
  g_assert_nonnull (strstr (tls_message, url));

  /* Trusting the county's own CA file: the TLS failure is gone (no handler: 404). */
  g_assert_true (yc_rest_client_set_ca_file (client, cert_path, &error));
  g_assert_no_error (error);
  yc_rest_client_health_async (client, NULL, store_result, &result2);
  g_assert_false (yc_rest_client_health_finish (client, wait_result (&result2), &error));
  g_assert_error (error, YC_REST_ERROR, YC_REST_ERROR_NOT_FOUND);
  soup_server_disconnect (server);
}

/* In a child process that preloads GnuTLS: GIO loads it with dlopen(), and LeakSanitizer's
 * tracer (GCC 12) crashes at exit walking dynamically allocated thread-local storage.
 * Preloaded, GnuTLS and p11-kit keep theirs in static TLS, so the child's leak scan sees every
 * root (and the ASan runtime, linked in, need not come first). */
static void
test_tls (void)
{
  g_autofree char *saved_asan = g_strdup (g_getenv ("ASAN_OPTIONS"));
  g_autofree char *saved_preload = g_strdup (g_getenv ("LD_PRELOAD"));
  g_autofree char *asan = NULL;
  g_autofree char *preload = NULL;

  if (g_test_subprocess ())
    {
      tls_body ();
      return;
    }
  preload = g_strconcat ("libgnutls.so.30", saved_preload != NULL ? " " : "", saved_preload,
                         NULL);
  g_setenv ("LD_PRELOAD", preload, TRUE);
  if (saved_asan != NULL)
    {
      asan = g_strconcat (saved_asan, ":verify_asan_link_order=0", NULL);
      g_setenv ("ASAN_OPTIONS", asan, TRUE);
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (saved_asan != NULL)
    g_setenv ("ASAN_OPTIONS", saved_asan, TRUE);
  if (saved_preload != NULL)
    g_setenv ("LD_PRELOAD", saved_preload, TRUE);
  else
    g_unsetenv ("LD_PRELOAD");
  g_test_trap_assert_passed ();
}

static JsonNode *
post (YcRestClient  *client,
      const char    *path,
      const char    *body,
      guint         *status,
      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autofree char *key = yc_rest_new_idempotency_key ();

  yc_rest_client_post_async (client, path, NULL, bytes, NULL, key, NULL, store_result,
                             &result);
  return yc_rest_client_post_finish (client, wait_result (&result), status, error);
}

static void
test_problems (Fixture       *f,
               gconstpointer  data)
{
  static const struct {
    const char *path;
    const char *body;
    int         code;
    guint       status;
    const char *field;
  } table[] = {
    { "/cases", "{\"number\":\"320826-C07-20261129-0001\",\"item_code\":\"I\"}", -1, 201, NULL },
    { "/cases", "{\"number\":\"320826-C07-20261129-0001\",\"item_code\":\"I\"}",
      YC_REST_ERROR_CONFLICT, 409, NULL },
    { "/cases", "{\"number\":\"320826-C07-20261129-0002\",\"item_code\":\"INVALID\"}",
      YC_REST_ERROR_INVALID, 422, "item_code" },
    { "/cases/320826-C07-20261129-0009/actions/accept", "{\"version\":1}",
      YC_REST_ERROR_NOT_FOUND, 404, NULL },
    { "/cases/320826-C07-20261129-0001/actions/accept", "{\"version\":7}",
      YC_REST_ERROR_CONFLICT, 409, NULL },
    { "/cases", "[]", YC_REST_ERROR_INVALID, 400, NULL },
  };

  yc_rest_client_set_token (f->client, "t-1");
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = NULL;
      guint status = 0;

      answer = post (f->client, table[i].path, table[i].body, &status, &error);
      if (table[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (status, ==, table[i].status);
          g_assert_nonnull (answer);
          continue;
        }
      g_assert_null (answer);
      g_assert_error (error, YC_REST_ERROR, table[i].code);
      g_assert_cmpuint (yc_rest_error_get_status (error), ==, table[i].status);
      g_assert_false (yc_rest_error_is_transient (error));
      if (table[i].field != NULL)
        {
          GPtrArray *fields = yc_rest_error_get_field_errors (error);
          g_autoptr(GError) copy = g_error_copy (error);

          g_assert_nonnull (fields);
          g_assert_cmpuint (fields->len, ==, 1);
          g_assert_cmpstr (((YcFieldError *) fields->pdata[0])->name, ==, table[i].field);
          g_assert_cmpstr (((YcFieldError *) fields->pdata[0])->reason, ==, "unknown item");
          /* Field errors survive a copy (GTask, signal handlers). */
          g_assert_cmpuint (yc_rest_error_get_field_errors (copy)->len, ==, 1);
        }
      else
        g_assert_null (yc_rest_error_get_field_errors (error));
    }
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(JsonNode) answer = NULL;

  yc_rest_client_set_token (f->client, "t-1");
  /* The fixture holds every answer back 500 ms. */
  yc_rest_client_post_async (f->client, "/cases", NULL, body, NULL, "k-1", cancellable,
                             store_result, &result);
  g_cancellable_cancel (cancellable);
  answer = yc_rest_client_post_finish (f->client, wait_result (&result), NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_paths (void)
{
  g_autofree char *action = yc_rest_path_case_action ("320826-C07-20261129-0001", "accept");
  g_autofree char *attach = yc_rest_path_attachments ("a b");
  g_autofree char *key1 = yc_rest_new_idempotency_key ();
  g_autofree char *key2 = yc_rest_new_idempotency_key ();
  g_autoptr(JsonNode) body = yc_rest_action_body (NULL, -1);
  g_autoptr(JsonNode) body2 = yc_rest_action_body (NULL, 4);

  g_assert_cmpstr (action, ==, "/cases/320826-C07-20261129-0001/actions/accept");
  g_assert_cmpstr (attach, ==, "/cases/a%20b/attachments");
  g_assert_true (g_uuid_string_is_valid (key1));
  g_assert_cmpstr (key1, !=, key2);
  g_assert_true (json_object_get_null_member (json_node_get_object (body), "version"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (body2), "version"), ==, 4);
}

static void
test_token_store (void)
{
  g_autoptr(YcTokenStore) store = yc_token_store_new (FALSE);
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GAsyncResult) r4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *user = NULL;
  g_autofree char *gone = NULL;

  g_assert_false (yc_token_store_uses_keyring (store));
  yc_token_store_save_async (store, "https://a", "clerk", "t-9", NULL, store_result, &r1);
  g_assert_true (yc_token_store_save_finish (store, wait_result (&r1), &error));
  yc_token_store_lookup_async (store, "https://a", NULL, store_result, &r2);
  token = yc_token_store_lookup_finish (store, wait_result (&r2), &user, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "t-9");
  g_assert_cmpstr (user, ==, "clerk");

  yc_token_store_clear_async (store, "https://a", NULL, store_result, &r3);
  g_assert_true (yc_token_store_clear_finish (store, wait_result (&r3), &error));
  yc_token_store_lookup_async (store, "https://a", NULL, store_result, &r4);
  gone = yc_token_store_lookup_finish (store, wait_result (&r4), NULL, &error);
  g_assert_no_error (error);
  g_assert_null (gone);
}

/* The desk asks yichuangd for its clerk's language (#8). */
static void
test_accept_language (void)
{
  static const struct
  {
    const char *names;           /* g_get_language_names (), ';'-separated */
    const char *header;
  } cases[] = {
    { "zh_CN.UTF-8;zh_CN;zh.UTF-8;zh;C", "zh-CN, zh;q=0.9, en;q=0.8" },
    { "zh_CN;zh;C", "zh-CN, zh;q=0.9, en;q=0.8" },
    { "en_GB.UTF-8;en_GB;en.UTF-8;en;C", "en-GB, en;q=0.9" },
    { "C.UTF-8;C", "en" },
    { "C", "en" },
    { "", "en" },
    { "de_DE@euro;de_DE;de;C", "de-DE, de;q=0.9, en;q=0.8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (GStrv) names = g_strsplit (cases[i].names, ";", -1);
      g_autofree char *header = NULL;

      if (*cases[i].names == '\0')
        g_clear_pointer (&names, g_strfreev);
      header = yc_rest_accept_language ((const char *const *) names);
      g_assert_cmpstr (header, ==, cases[i].header);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rest/sign-in", Fixture, NULL, fixture_set_up, test_sign_in, fixture_tear_down);
  g_test_add ("/rest/wrong-password", Fixture, NULL, fixture_set_up, test_wrong_password,
              fixture_tear_down);
  g_test_add ("/rest/unauthorized", Fixture, NULL, fixture_set_up, test_unauthorized,
              fixture_tear_down);
  g_test_add ("/rest/unreachable", Fixture, NULL, fixture_set_up, test_unreachable,
              fixture_tear_down);
  g_test_add_func ("/rest/tls", test_tls);
  g_test_add ("/rest/problems", Fixture, NULL, fixture_set_up, test_problems,
              fixture_tear_down);
  g_test_add ("/rest/cancel", Fixture, GUINT_TO_POINTER (500), fixture_set_up, test_cancel,
              fixture_tear_down);
  g_test_add_func ("/rest/paths", test_paths);
  g_test_add_func ("/rest/token-store", test_token_store);
  g_test_add_func ("/rest/accept-language", test_accept_language);

  return g_test_run ();
}
