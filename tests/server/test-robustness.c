/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bad input gets the right 4xx as problem+json, never a 500, and changes nothing: garbage
 * JSON, wrong types, unknown fields, oversized bodies, bad identifiers, random bytes. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "yc-test-server.h"

static YcTestServer *server;
static SoupSession *session;
static char *clerk;
static char *number;             /* an existing case */

static char *
expand (const char *path)
{
  g_autoptr (GString) s = g_string_new (path);

  g_string_replace (s, "{n}", number, 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gint64
count_changes (void)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 n;

  /* Everything that would show a write: cases, their versions, attachments, documents. */
  g_assert_cmpint (sqlite3_open_v2 (server->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT (SELECT count (*) FROM cases) * 1000000 + "
                                       "(SELECT sum (version) FROM cases) * 1000 + "
                                       "(SELECT count (*) FROM attachments) + "
                                       "(SELECT count (*) FROM documents)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

typedef struct
{
  const char *what;
  const char *method;
  const char *path;              /* {n}: the existing case number */
  const char *content_type;
  const char *body;
  guint       status;
  const char *code;
  const char *param;             /* an invalid-params name expected, or NULL */
} BadRequest;

static const BadRequest bad_requests[] = {
  { "not json", "POST", "/cases", "application/json", "{number: 1", 400, "malformed-json",
    NULL },
  { "empty body", "POST", "/cases", "application/json", "", 400, "malformed-json", NULL },
  { "json array", "POST", "/cases", "application/json", "[1, 2]", 400, "malformed-json", NULL },
  { "json string", "POST", "/cases", "application/json", "\"case\"", 400, "malformed-json",
    NULL },
  { "trailing garbage", "POST", "/cases", "application/json", "{} {}", 400, "malformed-json",
    NULL },
  { "bad utf-8", "POST", "/cases", "application/json", "{\"number\": \"\xff\xfe\"}", 400,
    "malformed-json", NULL },
  { "deep nesting", "POST", "/cases", "application/json",
    "{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    400, "malformed-json", NULL },
  { "form body", "POST", "/cases", "application/x-www-form-urlencoded", "number=1", 415,
    "unsupported-media-type", NULL },
  { "no content type", "POST", "/cases", NULL, NULL, 415, "unsupported-media-type", NULL },
  { "empty object", "POST", "/cases", "application/json", "{}", 422, "invalid-params",
    "number" },
  { "number not a string", "POST", "/cases", "application/json",
    "{\"number\": 42, \"item_code\": \"x\", \"window_code\": \"C01\", \"applicant\": {}}", 422,
    "invalid-params", "number" },
  { "unknown field", "POST", "/cases", "application/json",
    "{\"number\": \"320826-C01-20261129-0001\", \"item_code\": \"320826-SCJG-XK-006\", "
    "\"window_code\": \"C01\", \"state\": \"approved\", \"applicant\": {\"kind\": \"person\", "
    "\"name\": \"A\", \"id_number\": \"11010519491231002X\"}}", 422, "invalid-params",
    "state" },
  { "unknown applicant field", "POST", "/cases", "application/json",
    "{\"number\": \"320826-C01-20261129-0001\", \"item_code\": \"320826-SCJG-XK-006\", "
    "\"window_code\": \"C01\", \"applicant\": {\"kind\": \"person\", \"name\": \"A\", "
    "\"id_number\": \"11010519491231002X\", \"age\": 3}}", 422, "invalid-params",
    "applicant.age" },
  { "bad citizen id", "POST", "/cases", "application/json",
    "{\"number\": \"320826-C01-20261129-0001\", \"item_code\": \"320826-SCJG-XK-006\", "
    "\"window_code\": \"C01\", \"applicant\": {\"kind\": \"person\", \"name\": \"A\", "
    "\"id_number\": \"110105194912310021\"}}", 422, "invalid-params", "applicant" },
  { "bad case number", "POST", "/cases", "application/json",
    "{\"number\": \"C01-1\", \"item_code\": \"320826-SCJG-XK-006\", \"window_code\": \"C01\", "
    "\"applicant\": {\"kind\": \"person\", \"name\": \"A\", \"id_number\": "
    "\"11010519491231002X\"}}", 422, "invalid-params", "number" },
  { "window not in number", "POST", "/cases", "application/json",
    "{\"number\": \"320826-C02-20261129-0001\", \"item_code\": \"320826-SCJG-XK-006\", "
    "\"window_code\": \"C01\", \"applicant\": {\"kind\": \"person\", \"name\": \"A\", "
    "\"id_number\": \"11010519491231002X\"}}", 422, "invalid-params", "number" },
  { "no such item", "POST", "/cases", "application/json",
    "{\"number\": \"320826-C01-20261129-0001\", \"item_code\": \"NOPE\", \"window_code\": "
    "\"C01\", \"applicant\": {\"kind\": \"person\", \"name\": \"A\", \"id_number\": "
    "\"11010519491231002X\"}}", 422, "invalid-params", "item_code" },
  { "material not a list", "POST", "/cases", "application/json",
    "{\"number\": \"320826-C01-20261129-0001\", \"item_code\": \"320826-SCJG-XK-006\", "
    "\"window_code\": \"C01\", \"materials\": {}, \"applicant\": {\"kind\": \"person\", "
    "\"name\": \"A\", \"id_number\": \"11010519491231002X\"}}", 422, "invalid-params",
    "materials" },
  { "material status", "POST", "/cases", "application/json",
    "{\"number\": \"320826-C01-20261129-0001\", \"item_code\": \"320826-SCJG-XK-006\", "
    "\"window_code\": \"C01\", \"materials\": [{\"code\": \"M01\", \"status\": \"lost\"}], "
    "\"applicant\": {\"kind\": \"person\", \"name\": \"A\", \"id_number\": "
    "\"11010519491231002X\"}}", 422, "invalid-params", "materials[0].status" },
  { "version as string", "POST", "/cases/{n}/actions/accept", "application/json",
    "{\"version\": \"1\"}", 422, "invalid-params", "version" },
  { "version fraction", "POST", "/cases/{n}/actions/accept", "application/json",
    "{\"version\": 1.5}", 422, "invalid-params", "version" },
  { "version negative", "POST", "/cases/{n}/actions/accept", "application/json",
    "{\"version\": -1}", 422, "invalid-params", "version" },
  { "action unknown field", "POST", "/cases/{n}/actions/accept", "application/json",
    "{\"version\": 1, \"state\": \"approved\"}", 422, "invalid-params", "state" },
  { "reason not text", "POST", "/cases/{n}/actions/refuse", "application/json",
    "{\"version\": 1, \"reason\": [\"a\"]}", 422, "invalid-params", "reason" },
  { "no such action", "POST", "/cases/{n}/actions/teleport", "application/json",
    "{\"version\": 1}", 404, "no-such-action", NULL },
  { "malformed case number", "GET", "/cases/not-a-case-number", NULL, NULL, 400,
    "invalid-case-number", NULL },
  { "case number sql", "GET", "/cases/1'%20OR%20'1'='1", NULL, NULL, 400,
    "invalid-case-number", NULL },
  { "unknown case", "GET", "/cases/320826-C01-20261129-9999", NULL, NULL, 404, "no-such-case",
    NULL },
  { "action on unknown case", "POST", "/cases/320826-C01-20261129-9999/actions/accept",
    "application/json", "{\"version\": 1}", 404, "no-such-case", NULL },
  { "attachment id text", "GET", "/attachments/abc", NULL, NULL, 400, "invalid-attachment-id",
    NULL },
  { "attachment id negative", "GET", "/attachments/-3", NULL, NULL, 400,
    "invalid-attachment-id", NULL },
  { "attachment id huge", "GET", "/attachments/99999999999999999999999", NULL, NULL, 400,
    "invalid-attachment-id", NULL },
  { "document kind", "POST", "/cases/{n}/documents", "application/json",
    "{\"kind\": 5, \"sha256\": \"00\"}", 422, "invalid-params", "kind" },
  { "idempotency key too long", "POST", "/cases/{n}/actions/accept", "application/json",
    "{\"version\": 1}", 422, "invalid-params", "Idempotency-Key" },
  { "no such route", "GET", "/casez", NULL, NULL, 404, "no-such-resource", NULL },
  { "wrong method", "PUT", "/cases", "application/json", "{}", 405, "method-not-allowed", NULL },
  { "outside the api", "GET", "/../etc/passwd", NULL, NULL, 404, "no-such-resource", NULL },
};

static void
test_bad_requests (void)
{
  gint64 before = count_changes ();
  g_autofree char *long_key = g_strnfill (300, 'k');

  for (guint i = 0; i < G_N_ELEMENTS (bad_requests); i++)
    {
      const BadRequest *b = &bad_requests[i];
      g_autofree char *path = expand (b->path);
      g_autofree char *url = g_strconcat (server->base, path, NULL);
      const char *headers[] = { "Idempotency-Key", long_key, NULL };
      g_autoptr (YcTestResponse) r = NULL;

      r = yc_test_request (session, b->method, url, clerk, b->content_type, b->body,
                           b->body != NULL ? -1 : 0,
                           g_str_equal (b->what, "idempotency key too long") ? headers : NULL);
      g_test_message ("%s: %u %s", b->what, r->status, yc_test_problem_code (r));
      g_assert_cmpuint (r->status, ==, b->status);
      if (b->code != NULL)
        {
          g_assert_cmpstr (yc_test_header (r, "Content-Type"), ==, "application/problem+json");
          g_assert_cmpstr (yc_test_problem_code (r), ==, b->code);
        }
      if (b->param != NULL)
        {
          JsonArray *params = json_object_get_array_member (yc_test_object (r),
                                                            "invalid-params");
          gboolean named = FALSE;

          for (guint j = 0; j < json_array_get_length (params); j++)
            named |= g_str_equal (json_object_get_string_member (
                                    json_array_get_object_element (params, j), "name"),
                                  b->param);
          g_assert_true (named);
        }
    }
  g_assert_cmpint (count_changes (), ==, before);
}

/* The same with a full invalid-params list: every bad field of one request is named. */
static void
test_all_fields_named (void)
{
  g_autofree char *url = g_strconcat (server->base, "/cases", NULL);
  g_autoptr (YcTestResponse) r = yc_test_post_json (
    session, url, clerk,
    "{\"number\": 1, \"item_code\": [], \"window_code\": \"C01\", \"bogus\": true, "
    "\"applicant\": {\"kind\": \"robot\", \"name\": \"\", \"id_number\": \"X\"}}", NULL);
  JsonArray *params;

  g_assert_cmpuint (r->status, ==, 422);
  params = json_object_get_array_member (yc_test_object (r), "invalid-params");
  g_assert_cmpuint (json_array_get_length (params), >=, 5);
}

static void
test_oversized (void)
{
  gsize len = 20 * 1024;
  g_autofree char *big = g_malloc (len + 1);
  g_autofree char *url = g_strconcat (server->base, "/cases", NULL);
  g_autoptr (YcTestResponse) r = NULL;
  gint64 before = count_changes ();

  /* Valid JSON, too long for this suite's 16 KiB limit. */
  memset (big, ' ', len);
  big[0] = '{';
  big[len - 1] = '}';
  big[len] = '\0';
  r = yc_test_post_json (session, url, clerk, big, NULL);
  g_assert_cmpuint (r->status, ==, 413);
  g_assert_cmpstr (yc_test_problem_code (r), ==, "body-too-large");
  g_assert_cmpint (count_changes (), ==, before);

  /* The same sent in chunks, with no length announced. */
  {
    g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_data (big, len, NULL);
    g_autoptr (GBytes) answer = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree char *auth = g_strconcat ("Bearer ", clerk, NULL);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  auth);
    soup_message_set_request_body (msg, "application/json", stream, -1);
    answer = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
    g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_request_headers (msg)),
                     ==, SOUP_ENCODING_CHUNKED);
  }
  g_assert_cmpint (count_changes (), ==, before);

  /* The server is fine afterwards. */
  {
    g_autofree char *health = g_strconcat (server->base, "/health", NULL);
    g_autoptr (SoupSession) fresh = soup_session_new ();
    g_autoptr (YcTestResponse) h = yc_test_get (fresh, health, NULL);

    g_assert_cmpuint (h->status, ==, 200);
  }
}

/* Random bytes at every write endpoint: always a 4xx, never a 5xx, never a change. */
static void
test_random_bodies (void)
{
  const char *paths[] = { "/cases", "/cases/{n}/actions/accept", "/cases/{n}/documents",
                          "/sessions" };
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261129);
  gint64 before = count_changes ();

  for (guint round = 0; round < 200; round++)
    {
      const char *path = paths[round % G_N_ELEMENTS (paths)];
      g_autofree char *p = expand (path);
      g_autofree char *url = g_strconcat (server->base, p, NULL);
      gsize len = g_rand_int_range (rand, 0, 512);
      g_autofree guint8 *body = g_malloc (len + 1);
      g_autoptr (YcTestResponse) r = NULL;

      for (gsize i = 0; i < len; i++)
        {
          /* Mostly JSON-ish characters, so the parser gets somewhere. */
          static const char alphabet[] = "{}[]\":,0123456789.-truefalsnl \\ué";

          body[i] = g_rand_boolean (rand) ? alphabet[g_rand_int_range (rand, 0,
                                                                       sizeof alphabet - 1)]
                                          : (guint8) g_rand_int_range (rand, 0, 256);
        }
      r = yc_test_request (session, "POST", url, clerk, "application/json", body, len, NULL);
      g_assert_cmpuint (r->status, >=, 400);
      g_assert_cmpuint (r->status, <, 500);
      g_assert_cmpstr (yc_test_problem_code (r), !=, "");
    }
  g_assert_cmpint (count_changes (), ==, before);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = yc_test_server_start ("[server]\njson-body-max=16384\n");
  session = soup_session_new ();
  clerk = yc_test_login (session, server, "clerk1");
  {
    g_autofree char *url = g_strconcat (server->base, "/cases", NULL);
    g_autofree char *body = NULL;
    g_autoptr (YcTestResponse) r = NULL;

    number = yc_test_case_number ("C01", 77);
    body = yc_test_case_body (number, YC_TEST_HALL_ITEM, "C01", NULL, NULL);
    r = yc_test_post_json (session, url, clerk, body, NULL);
    g_assert_cmpuint (r->status, ==, 201);
  }

  g_test_add_func ("/server/robustness/bad-requests", test_bad_requests);
  g_test_add_func ("/server/robustness/all-fields-named", test_all_fields_named);
  g_test_add_func ("/server/robustness/oversized", test_oversized);
  g_test_add_func ("/server/robustness/random-bodies", test_random_bodies);
  status = g_test_run ();

  g_free (clerk);
  g_free (number);
  g_object_unref (session);
  yc_test_server_free (server);
  return status;
}
