/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reprints from the desk's side, headless, on a real yichuangd: the issued copy kept under the
 * case (the newest of a kind wins; a name that would leave the directory is refused), and
 * yc_rest_client_reprint_document_async sending those bytes' SHA-256: logged once per key as
 * document.reprint, refused with CONFLICT for other bytes and for a document never registered,
 * NOT_FOUND for an unknown id, FORBIDDEN for a chief. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "yc-rest-documents.h"
#include "../server/yc-test-server.h"

static YcTestServer *server;
static SoupSession *session;

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static YcRestClient *
client_for (const char *user)
{
  g_autofree char *root = g_strndup (server->base, strlen (server->base) - strlen ("/api/v1"));
  g_autofree char *token = yc_test_login (session, server, user);
  YcRestClient *client = yc_rest_client_new (root);

  yc_rest_client_set_token (client, token);
  return client;
}

static JsonNode *
reprint (YcRestClient *client,
         const char   *id,
         GBytes       *pdf,
         const char   *key,
         GError      **error)
{
  Wait wait = { NULL };
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  JsonNode *answer;

  yc_rest_client_reprint_document_async (client, id, pdf, key, NULL, on_done, &wait);
  while (wait.result == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (wait.result);
  answer = yc_rest_client_reprint_document_finish (client, wait.result, error);
  g_object_unref (wait.result);
  return answer;
}

static guint
reprints_logged (const char *token,
                 const char *number,
                 const char *id)
{
  g_autofree char *u = g_strdup_printf ("%s/cases/%s/audit", server->base, number);
  g_autoptr (YcTestResponse) r = yc_test_get (session, u, token);
  JsonArray *entries;
  guint n = 0;

  g_assert_cmpuint (r->status, ==, 200);
  entries = json_node_get_array (r->json);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);

      n += g_str_equal (json_object_get_string_member (e, "action"), "document.reprint") &&
           g_strcmp0 (json_object_get_string_member_with_default (
                        json_object_get_object_member (e, "detail"), "verification_id", NULL),
                      id) == 0;
    }
  return n;
}

/* Reserves an acceptance notice on a new accepted case; registers @pdf for it unless NULL. */
static char *
issue (const char *token,
       const char *number,
       GBytes     *pdf)
{
  g_autofree char *cases = g_strconcat (server->base, "/cases", NULL);
  g_autofree char *body = yc_test_case_body (number, YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *docs = g_strdup_printf ("%s/cases/%s/documents", server->base, number);
  char *id;

  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token, body, NULL);

    g_assert_cmpuint (r->status, ==, 201);
  }
  {
    g_autofree char *u = g_strdup_printf ("%s/cases/%s/actions/accept", server->base, number);
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token, "{\"version\": 1}",
                                                      NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, docs, token,
                                                      "{\"kind\": \"acceptance\"}", NULL);

    g_assert_cmpuint (r->status, ==, 201);
    id = g_strdup (json_object_get_string_member (yc_test_object (r), "verification_id"));
  }
  if (pdf != NULL)
    {
      g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
      g_autofree char *u = g_strdup_printf ("%s/documents/%s/sha256", server->base, id);
      g_autofree char *b = g_strdup_printf ("{\"sha256\": \"%s\"}", sha);
      g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token, b, NULL);

      g_assert_cmpuint (r->status, ==, 200);
    }
  return id;
}

static void
test_kept_copies (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yc-issued-XXXXXX", NULL);
  g_autoptr (GBytes) first = g_bytes_new_static ("%PDF-1.5 first", 14);
  g_autoptr (GBytes) second = g_bytes_new_static ("%PDF-1.5 second", 15);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) loaded = NULL;
  g_autoptr (JsonNode) facts = json_from_string ("{\"type\": \"certificate\"}", NULL);
  g_autoptr (JsonNode) facts_back = NULL;
  g_autofree char *id = NULL;
  const char *const bad_names[] = { "../etc", "a/b", "", ".hidden", NULL };

  g_assert_false (yc_issued_documents_has (dir, "320826-C01-20260305-0001", "certificate"));
  loaded = yc_issued_documents_load (dir, "320826-C01-20260305-0001", "certificate", &id, NULL,
                                     &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (yc_issued_documents_save (dir, "320826-C01-20260305-0001", "certificate",
                                           "AAAAFIRST", first, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (yc_issued_documents_save (dir, "320826-C01-20260305-0001", "certificate",
                                           "BBBBSECOND", second, facts, &error));
  g_assert_no_error (error);
  g_assert_true (yc_issued_documents_has (dir, "320826-C01-20260305-0001", "certificate"));
  g_assert_false (yc_issued_documents_has (dir, "320826-C01-20260305-0001", "receipt"));

  /* The newest of the kind, with its facts. */
  loaded = yc_issued_documents_load (dir, "320826-C01-20260305-0001", "certificate", &id,
                                     &facts_back, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, second));
  g_assert_cmpstr (id, ==, "BBBBSECOND");
  g_assert_nonnull (facts_back);
  g_assert_true (json_node_equal (facts, facts_back));

  /* Names that would leave the directory: refused, nothing written. */
  for (guint i = 0; bad_names[i] != NULL; i++)
    {
      g_autoptr (GError) e = NULL;

      g_assert_false (yc_issued_documents_save (dir, bad_names[i], "certificate", "CCCC", first,
                                                NULL, &e));
      g_assert_error (e, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_false (yc_issued_documents_has (dir, bad_names[i], "certificate"));
    }
  {
    g_autoptr (GError) e = NULL;

    g_assert_false (yc_issued_documents_save (dir, "320826-C01-20260305-0002", "certificate",
                                              "../x", first, NULL, &e));
    g_assert_error (e, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_false (yc_issued_documents_has (dir, "320826-C01-20260305-0002", "certificate"));
  }
  {
    g_autofree char *case_dir = g_build_filename (dir, "320826-C01-20260305-0001", NULL);
    const char *names[] = { "certificate-AAAAFIRST.pdf", "certificate-BBBBSECOND.pdf",
                            "certificate-BBBBSECOND.json", "certificate.latest" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (case_dir, names[i], NULL);

        g_assert_cmpint (g_remove (path), ==, 0);
      }
    g_assert_cmpint (g_rmdir (case_dir), ==, 0);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
  }
}

static void
test_reprint (void)
{
  g_autoptr (YcRestClient) clerk = client_for ("clerk1");
  g_autoptr (YcRestClient) chief = client_for ("chief_scjg");
  g_autofree char *token = yc_test_login (session, server, "clerk1");
  g_autofree char *number = yc_test_case_number ("C01", 7);
  g_autofree char *other_number = yc_test_case_number ("C01", 8);
  g_autoptr (GBytes) pdf = g_bytes_new_static ("%PDF-1.5 the notice as issued", 29);
  g_autoptr (GBytes) altered = g_bytes_new_static ("%PDF-1.5 the notice, altered", 28);
  g_autofree char *id = issue (token, number, pdf);
  g_autofree char *unregistered = issue (token, other_number, NULL);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);

  /* Same key twice: one entry; a new key: another. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) answer = reprint (clerk, id, pdf, i < 2 ? "key-1" : "key-2", &error);
      JsonObject *o;

      g_assert_no_error (error);
      o = json_node_get_object (answer);
      g_assert_cmpstr (json_object_get_string_member (o, "verification_id"), ==, id);
      g_assert_cmpstr (json_object_get_string_member (o, "sha256"), ==, sha);
      g_assert_cmpuint (reprints_logged (token, number, id), ==, i < 2 ? 1 : 2);
    }

  {
    struct
    {
      YcRestClient *client;
      const char   *id;
      GBytes       *pdf;
      int           code;
      const char   *problem;
    } refusals[] = {
      { clerk, id, altered, YC_REST_ERROR_CONFLICT, "document-differs" },
      { clerk, unregistered, pdf, YC_REST_ERROR_CONFLICT, "document-not-registered" },
      { clerk, "AAAAAAAAAAAAAAAAAAAAAAAAAA", pdf, YC_REST_ERROR_NOT_FOUND, "no-such-document" },
      { chief, id, pdf, YC_REST_ERROR_FORBIDDEN, "forbidden" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *key = g_strdup_printf ("refused-%u", i);
        g_autoptr (JsonNode) answer = reprint (refusals[i].client, refusals[i].id,
                                               refusals[i].pdf, key, &error);

        g_test_message ("refusal %u: %s", i, error != NULL ? error->message : "none");
        g_assert_null (answer);
        g_assert_error (error, YC_REST_ERROR, refusals[i].code);
        g_assert_true (g_str_has_suffix (yc_rest_error_get_problem_type (error),
                                         refusals[i].problem));
      }
  }
  g_assert_cmpuint (reprints_logged (token, number, id), ==, 2);
  g_assert_cmpuint (reprints_logged (token, other_number, unregistered), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = yc_test_server_start ("[server]\nlog-requests=false\n");
  session = soup_session_new ();
  g_test_add_func ("/client/documents/kept-copies", test_kept_copies);
  g_test_add_func ("/client/documents/reprint", test_reprint);
  status = g_test_run ();
  g_object_unref (session);
  yc_test_server_free (server);
  return status;
}
