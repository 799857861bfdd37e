/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yichuangd over TLS (--tls-cert/--tls-key or the config file): a client that trusts the
 * county's certificate talks to it; one that does not is refused before anything is sent.
 * The certificate in tests/server/data is self-signed, for tests only. */
#include "config.h"

#include "yc-test-server.h"

static void
test_tls (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "server", "data", "test-cert.pem",
                                                 NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "server", "data", "test-key.pem",
                                                NULL);
  g_autofree char *config = g_strdup_printf ("[server]\ntls-certificate=%s\ntls-key=%s\n", cert,
                                             key);
  g_autoptr (YcTestServer) server = yc_test_server_start (config);
  g_autoptr (GError) error = NULL;
  g_autoptr (GTlsDatabase) trust = g_tls_file_database_new (cert, &error);
  g_autoptr (SoupSession) trusting = soup_session_new_with_options ("tls-database", trust, NULL);
  g_autoptr (SoupSession) doubting = soup_session_new ();
  g_autofree char *health = NULL;
  g_autofree char *token = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (server->base, "https://127.0.0.1:"));
  health = g_strconcat (server->base, "/health", NULL);
  {
    g_autoptr (YcTestResponse) r = yc_test_get (trusting, health, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
  token = yc_test_login (trusting, server, "clerk1");
  g_assert_nonnull (token);
  {
    g_autoptr (YcTestResponse) r = yc_test_try_request (doubting, "GET", health, NULL, NULL,
                                                        NULL, 0, NULL, &error);

    g_assert_null (r);
    g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
    g_clear_error (&error);
  }
  /* Plain HTTP on the TLS port gets nowhere. */
  {
    g_autoptr (GString) plain = g_string_new (health);
    g_autoptr (YcTestResponse) r = NULL;

    g_string_replace (plain, "https://", "http://", 1);
    r = yc_test_try_request (doubting, "GET", plain->str, NULL, NULL, NULL, 0, NULL, &error);
    g_assert_true (r == NULL || r->status >= 400);
    g_clear_error (&error);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/tls", test_tls);
  return g_test_run ();
}
