/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libyc-client's calls for section chiefs, townships and statistics (yc-rest-roles.h) against a
 * real yichuangd (the server tests' fixture): the queue, a batch with one decision that the
 * server refuses and one it takes, the township's forwarded cases with since=, statistics as
 * JSON and as CSV, the overdue list, a case's scans; and the errors the desk shows. */
#include "config.h"

#include <string.h>

#include "yc-rest-roles.h"
/* The server tests' fixture (a real yichuangd), not this directory's stand-in. */
#include "../server/yc-test-server.h"

static YcTestServer *server;
static SoupSession *session;
static guint sequence = 1;

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

static GAsyncResult *
wait_result (Wait *wait)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (wait->result == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (wait->result);
  return wait->result;
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

static void
post_ok (const char *user,
         const char *path,
         const char *body)
{
  g_autofree char *token = yc_test_login (session, server, user);
  g_autofree char *url = g_strconcat (server->base, path, NULL);
  g_autoptr (YcTestResponse) r = yc_test_post_json (session, url, token, body, NULL);

  g_assert_cmpuint (r->status, <, 300);
}

static gint64
version_of (const char *number)
{
  g_autofree char *token = yc_test_login (session, server, "admin");
  g_autofree char *url = g_strdup_printf ("%s/cases/%s", server->base, number);
  g_autoptr (YcTestResponse) r = yc_test_get (session, url, token);

  return json_object_get_int_member (json_object_get_object_member (yc_test_object (r), "case"),
                                     "version");
}

static void
act (const char *user,
     const char *number,
     const char *action)
{
  g_autofree char *path = g_strdup_printf ("/cases/%s/actions/%s", number, action);
  g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", "
                                           "\"reason\": \"同意\"}", version_of (number));

  post_ok (user, path, body);
}

static char *
awaiting_case (const char *window,
               const char *township)
{
  char *number = yc_test_case_number (window, sequence++);
  g_autofree char *body = yc_test_case_body (number, YC_TEST_HALL_ITEM, window, township, NULL);
  const char *taker = township != NULL ? "town1" : "clerk1";

  post_ok (taker, "/cases", body);
  act (taker, number, "accept");
  if (township != NULL)
    act (taker, number, "forward_to_county");
  act ("clerk1", number, "start_review");
  act ("clerk1", number, "submit_signoff");
  return number;
}

static void
test_signoff (void)
{
  g_autoptr (YcRestClient) chief = client_for ("chief_scjg");
  g_autoptr (YcRestClient) clerk = client_for ("clerk1");
  g_autofree char *first = awaiting_case ("C01", NULL);
  g_autofree char *second = awaiting_case ("C01", NULL);
  g_autoptr (JsonNode) queue = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = yc_rest_new_idempotency_key ();
  Wait wait = { 0 };
  YcSignoffDecision decisions[] = {
    { first, version_of (first), TRUE, "附条件", NULL },
    { second, version_of (second) + 5, TRUE, NULL, NULL },   /* not what the server has */
  };
  JsonArray *results;

  yc_rest_client_get_signoff_queue_async (chief, YC_TEST_HALL_ITEM, 1, 50, NULL, on_done, &wait);
  queue = yc_rest_client_get_signoff_queue_finish (chief, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (queue), "total"), ==, 2);

  /* A clerk has no queue: the error says so, with its status. */
  yc_rest_client_get_signoff_queue_async (clerk, NULL, 0, 0, NULL, on_done, &wait);
  g_assert_null (yc_rest_client_get_signoff_queue_finish (clerk, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, YC_REST_ERROR, YC_REST_ERROR_FORBIDDEN);
  g_assert_cmpuint (yc_rest_error_get_status (error), ==, 403);
  g_clear_error (&error);

  yc_rest_client_signoff_batch_async (chief, decisions, G_N_ELEMENTS (decisions), key, NULL,
                                      on_done, &wait);
  answer = yc_rest_client_signoff_batch_finish (chief, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 0),
                                               "status"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 1),
                                               "status"), ==, 409);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "approved"), ==,
                   1);
}

static void
test_forwarded_and_statistics (void)
{
  g_autoptr (YcRestClient) town = client_for ("town1");
  g_autoptr (YcRestClient) admin = client_for ("admin");
  g_autofree char *number = awaiting_case ("T01W1", YC_TEST_TOWNSHIP);
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) changes = NULL;
  g_autoptr (JsonNode) statistics = NULL;
  g_autoptr (JsonNode) overdue = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autoptr (GError) error = NULL;
  const char *token;
  Wait wait = { 0 };
  JsonArray *items;

  yc_rest_client_get_forwarded_async (town, NULL, FALSE, 0, 0, NULL, on_done, &wait);
  first = yc_rest_client_get_forwarded_finish (town, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  token = json_object_get_string_member (json_node_get_object (first), "sync_token");

  act ("chief_scjg", number, "approve");
  act ("clerk1", number, "return_to_township");
  yc_rest_client_get_forwarded_async (town, token, TRUE, 0, 0, NULL, on_done, &wait);
  changes = yc_rest_client_get_forwarded_finish (town, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (changes), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items, 0),
                                                 "county_answered"));

  yc_rest_client_get_statistics_async (admin, "window", NULL, NULL, NULL, on_done, &wait);
  statistics = yc_rest_client_get_statistics_finish (admin, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_node_get_object (statistics), "total"), "received"), ==, 3);

  yc_rest_client_get_statistics_csv_async (admin, "window", NULL, NULL, NULL, on_done, &wait);
  csv = yc_rest_client_get_statistics_csv_finish (admin, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (csv, NULL), "\xef\xbb\xbfwindow,name,"));

  yc_rest_client_get_overdue_async (admin, 1, 10, NULL, on_done, &wait);
  overdue = yc_rest_client_get_overdue_finish (admin, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (overdue), "items"));

  /* Bad parameters come back as field errors. */
  yc_rest_client_get_statistics_async (admin, "week", NULL, NULL, NULL, on_done, &wait);
  g_assert_null (yc_rest_client_get_statistics_finish (admin, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, YC_REST_ERROR, YC_REST_ERROR_INVALID);
  g_assert_cmpstr (((YcFieldError *) g_ptr_array_index (yc_rest_error_get_field_errors (error),
                                                        0))->name, ==, "group");
}

static void
test_attachments (void)
{
  g_autoptr (YcRestClient) chief = client_for ("chief_scjg");
  g_autofree char *number = awaiting_case ("C01", NULL);
  g_autofree char *token = yc_test_login (session, server, "clerk1");
  g_autofree char *url = g_strdup_printf ("%s/cases/%s/attachments", server->base, number);
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0"
                            "\x1f\x15\xc4\x89\0\0\0\rIDATx\x9c" "c\xf8\xff\xff?\0\x05\xfe\x02"
                            "\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xae" "B`\x82";
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) png,
                                                      sizeof png - 1);
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (GBytes) scan = NULL;
  g_autoptr (GError) error = NULL;
  Wait wait = { 0 };
  JsonArray *array;

  {
    const char *const headers[] = { "Idempotency-Key", "scan-1", "X-Material-Code", "M01",
                                    "X-Content-SHA256", sha, NULL };
    g_autoptr (YcTestResponse) r = yc_test_request (session, "POST", url, token, "image/png",
                                                    png, sizeof png - 1, headers);

    g_assert_cmpuint (r->status, ==, 201);
  }
  yc_rest_client_list_attachments_async (chief, number, NULL, on_done, &wait);
  list = yc_rest_client_list_attachments_finish (chief, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  yc_rest_client_get_attachment_async (chief, json_object_get_int_member (
                                         json_array_get_object_element (array, 0), "id"),
                                       NULL, on_done, &wait);
  scan = yc_rest_client_get_attachment_finish (chief, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (scan), ==, sizeof png - 1);
  g_assert_cmpmem (g_bytes_get_data (scan, NULL), g_bytes_get_size (scan), png, sizeof png - 1);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = yc_test_server_start ("[server]\nlog-requests=false\n");
  session = soup_session_new ();
  g_test_add_func ("/client/roles/signoff", test_signoff);
  g_test_add_func ("/client/roles/forwarded-statistics", test_forwarded_and_statistics);
  g_test_add_func ("/client/roles/attachments", test_attachments);
  status = g_test_run ();
  g_object_unref (session);
  yc_test_server_free (server);
  return status;
}
