/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The API end to end over real HTTP: sessions, catalogue, a case's whole life, idempotent
 * retries, stale and concurrent writes, the one-time-notice rule, search and sync, scans,
 * documents and their public verification, statistics, and the audit of reads. */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "yc-test-server.h"

static YcTestServer *server;
static SoupSession *session;
static GHashTable *tokens;
static guint next_sequence = 1;

static const char *
token (const char *user)
{
  char *t = g_hash_table_lookup (tokens, user);

  if (t == NULL)
    {
      t = yc_test_login (session, server, user);
      g_hash_table_insert (tokens, g_strdup (user), t);
    }
  return t;
}

static char *
url (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static char *
url (const char *format,
     ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return g_strconcat (server->base, path, NULL);
}

static char *
new_number (const char *window)
{
  return yc_test_case_number (window, next_sequence++);
}

/* Creates a case at @window by @user and returns its number. */
static char *
create_case (const char *user,
             const char *item,
             const char *window,
             const char *township,
             const char *status)
{
  char *number = new_number (window);
  g_autofree char *body = yc_test_case_body (number, item, window, township, status);
  g_autofree char *u = url ("/cases");
  g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token (user), body, NULL);

  g_assert_cmpuint (r->status, ==, 201);
  return number;
}

static gint64
case_version (YcTestResponse *r)
{
  return json_object_get_int_member (json_object_get_object_member (yc_test_object (r), "case"),
                                     "version");
}

static const char *
case_state (YcTestResponse *r)
{
  return json_object_get_string_member (json_object_get_object_member (yc_test_object (r),
                                                                       "case"), "state");
}

static YcTestResponse *
get_case (const char *number)
{
  g_autofree char *u = url ("/cases/%s", number);

  return yc_test_get (session, u, token ("admin"));
}

/* POST an action with "version" set to the case's current one plus @extra members. */
static YcTestResponse *
act (const char *user,
     const char *number,
     const char *action,
     const char *extra)
{
  g_autoptr (YcTestResponse) current = get_case (number);
  g_autofree char *u = url ("/cases/%s/actions/%s", number, action);
  g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "%s%s}",
                                           case_version (current),
                                           extra != NULL ? ", " : "",
                                           extra != NULL ? extra : "");

  return yc_test_post_json (session, u, token (user), body, NULL);
}

static void
act_ok (const char *user,
        const char *number,
        const char *action,
        const char *extra,
        const char *expect_state)
{
  g_autoptr (YcTestResponse) r = act (user, number, action, extra);

  if (r->status != 200)
    g_test_message ("%s %s by %s: %u %.*s", number, action, user, r->status,
                    (int) g_bytes_get_size (r->body),
                    (const char *) g_bytes_get_data (r->body, NULL));
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (case_state (r), ==, expect_state);
}

static gboolean
has_allowed (YcTestResponse *r,
             const char     *action)
{
  JsonArray *allowed = json_object_get_array_member (yc_test_object (r), "allowed_actions");

  for (guint i = 0; i < json_array_get_length (allowed); i++)
    if (g_str_equal (json_array_get_string_element (allowed, i), action))
      return TRUE;
  return FALSE;
}

static gint64
count_rows (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (server->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Sessions ---------------------------------------------------------------------------------- */

static void
test_public (void)
{
  g_autofree char *health = url ("/health");
  g_autofree char *openapi = url ("/openapi.yaml");
  g_autoptr (YcTestResponse) h = yc_test_get (session, health, NULL);
  g_autoptr (YcTestResponse) o = yc_test_get (session, openapi, NULL);
  JsonArray *years;

  g_assert_cmpuint (h->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (yc_test_object (h), "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (yc_test_object (h), "items"), ==, 63);
  years = json_object_get_array_member (yc_test_object (h), "calendar_years");
  g_assert_cmpuint (json_array_get_length (years), >=, 2);

  g_assert_cmpuint (o->status, ==, 200);
  g_assert_true (g_str_has_prefix (yc_test_header (o, "Content-Type"), "application/yaml"));
  g_assert_true (g_str_has_prefix (g_bytes_get_data (o->body, NULL), "openapi: 3"));
}

static void
test_sessions (void)
{
  g_autofree char *me = url ("/me");
  g_autofree char *sessions = url ("/sessions");
  g_autofree char *current = url ("/sessions/current");
  g_autofree char *t = NULL;

  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, me, NULL);

    g_assert_cmpuint (r->status, ==, 401);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "unauthorised");
    g_assert_nonnull (yc_test_header (r, "WWW-Authenticate"));
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, me,
                                                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    g_assert_cmpuint (r->status, ==, 401);
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, me, "not a token");

    g_assert_cmpuint (r->status, ==, 401);
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (
      session, sessions, NULL, "{\"user\": \"clerk1\", \"password\": \"wrong-password\"}", NULL);

    g_assert_cmpuint (r->status, ==, 401);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "login-failed");
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (
      session, sessions, NULL, "{\"user\": \"nobody\", \"password\": \"wrong-password\"}", NULL);

    g_assert_cmpuint (r->status, ==, 401);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "login-failed");
  }

  t = yc_test_login (session, server, "clerk1");
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, me, t);
    JsonObject *o;

    g_assert_cmpuint (r->status, ==, 200);
    o = yc_test_object (r);
    g_assert_cmpstr (json_object_get_string_member (o, "user"), ==, "clerk1");
    g_assert_cmpstr (json_object_get_string_member (o, "role"), ==, "clerk");
    g_assert_cmpstr (json_object_get_string_member (o, "window_code"), ==, "C01");
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_request (session, "DELETE", current, t, NULL, NULL, 0,
                                                    NULL);

    g_assert_cmpuint (r->status, ==, 204);
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, me, t);

    g_assert_cmpuint (r->status, ==, 401);
  }
  /* The session table holds hashes, never the token itself. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM sessions WHERE token_hash = "
                                            "'%s'", t);

    g_assert_cmpint (count_rows (sql), ==, 0);
  }
}

static void
test_rate_limit (void)
{
  g_autofree char *sessions = url ("/sessions");
  g_autofree char *good = g_strdup_printf ("{\"user\": \"chief_mz\", \"password\": \"%s\"}",
                                           YC_TEST_PASSWORD);
  g_autofree char *output = NULL;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr (YcTestResponse) r = yc_test_post_json (
        session, sessions, NULL, "{\"user\": \"chief_mz\", \"password\": \"guess-guess\"}",
        NULL);

      g_assert_cmpuint (r->status, ==, 401);
    }
  /* Even the right password is refused now, until the window passes or an admin resets. */
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, sessions, NULL, good, NULL);

    g_assert_cmpuint (r->status, ==, 429);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "too-many-attempts");
    g_assert_nonnull (yc_test_header (r, "Retry-After"));
  }
  g_assert_cmpint (yc_test_server_admin (server, YC_TEST_PASSWORD "\n", &output,
                                         "reset-password", "chief_mz", NULL), ==, 0);
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, sessions, NULL, good, NULL);

    g_assert_cmpuint (r->status, ==, 201);
  }
}

/* A sign-in retried with its Idempotency-Key gets the first answer, the same token, and makes
 * no second session; the token is not kept readable, and the password is checked every time. */
static void
test_sessions_idempotent (void)
{
  g_autofree char *sessions = url ("/sessions");
  g_autofree char *me = url ("/me");
  g_autofree char *good = g_strdup_printf ("{\"user\": \"chief_fgw\", \"password\": \"%s\"}",
                                           YC_TEST_PASSWORD);
  const char *key = "login-retry-0001";
  const char *first_token, *second_token;
  g_autoptr (YcTestResponse) first = NULL;
  g_autoptr (YcTestResponse) second = NULL;
  gint64 before = count_rows ("SELECT count (*) FROM sessions WHERE user_name = 'chief_fgw'");
  gint64 logins = count_rows ("SELECT count (*) FROM audit_log WHERE action = 'session.login' "
                              "AND actor = 'chief_fgw'");

  first = yc_test_post_json (session, sessions, NULL, good, key);
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_null (yc_test_header (first, "Idempotent-Replayed"));
  first_token = json_object_get_string_member (yc_test_object (first), "token");

  second = yc_test_post_json (session, sessions, NULL, good, key);
  g_assert_cmpuint (second->status, ==, 201);
  g_assert_cmpstr (yc_test_header (second, "Idempotent-Replayed"), ==, "true");
  second_token = json_object_get_string_member (yc_test_object (second), "token");
  g_assert_cmpstr (second_token, ==, first_token);
  g_assert_cmpstr (json_object_get_string_member (yc_test_object (second), "expires_at"), ==,
                   json_object_get_string_member (yc_test_object (first), "expires_at"));
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, me, second_token);

    g_assert_cmpuint (r->status, ==, 200);
  }
  g_assert_cmpint (count_rows ("SELECT count (*) FROM sessions WHERE user_name = 'chief_fgw'"), ==,
                   before + 1);
  g_assert_cmpint (count_rows ("SELECT count (*) FROM audit_log WHERE action = "
                               "'session.login' AND actor = 'chief_fgw'"), ==, logins + 1);

  /* What is kept holds neither the token nor the password. */
  {
    g_autofree char *sql = g_strdup_printf (
      "SELECT count (*) FROM idempotency WHERE user_name = 'chief_fgw' AND key = '%s' AND "
      "instr (body, '%s') = 0 AND instr (body, '%s') = 0 AND instr (body, 'argon2id$') > 0",
      key, first_token, YC_TEST_PASSWORD);

    g_assert_cmpint (count_rows (sql), ==, 1);
  }

  /* The key does not stand in for the password. */
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (
      session, sessions, NULL, "{\"user\": \"chief_fgw\", \"password\": \"wrong-password\"}",
      key);

    g_assert_cmpuint (r->status, ==, 401);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "login-failed");
    g_assert_null (yc_test_header (r, "Idempotent-Replayed"));
  }
  /* Another user's key space is their own: the same key signs chief_shbj in afresh. */
  {
    g_autofree char *other = g_strdup_printf ("{\"user\": \"chief_shbj\", \"password\": "
                                              "\"%s\"}", YC_TEST_PASSWORD);
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, sessions, NULL, other, key);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_null (yc_test_header (r, "Idempotent-Replayed"));
    g_assert_cmpstr (json_object_get_string_member (yc_test_object (r), "token"), !=,
                     first_token);
  }
  /* A key that is not 1–128 visible characters is refused before anything is done. */
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, sessions, NULL, good, "a b");

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpint (count_rows ("SELECT count (*) FROM sessions WHERE user_name = 'chief_fgw'"),
                     ==, before + 1);
  }
}

static void
test_disabled_user (void)
{
  g_autofree char *me = url ("/me");
  g_autofree char *t = yc_test_login (session, server, "clerk2");
  g_autofree char *sessions = url ("/sessions");
  g_autofree char *good = g_strdup_printf ("{\"user\": \"clerk2\", \"password\": \"%s\"}",
                                           YC_TEST_PASSWORD);

  g_assert_cmpint (yc_test_server_admin (server, NULL, NULL, "disable-user", "clerk2", NULL), ==,
                   0);
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, me, t);

    g_assert_cmpuint (r->status, ==, 401);
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, sessions, NULL, good, NULL);

    g_assert_cmpuint (r->status, ==, 401);
  }
  g_assert_cmpint (yc_test_server_admin (server, NULL, NULL, "enable-user", "clerk2", NULL), ==,
                   0);
  g_hash_table_remove (tokens, "clerk2");
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, me, token ("clerk2"));

    g_assert_cmpuint (r->status, ==, 200);
  }
}

/* Catalogue --------------------------------------------------------------------------------- */

static void
test_catalogue (void)
{
  g_autofree char *catalogue = url ("/catalogue");
  g_autofree char *etag = NULL;

  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, catalogue, token ("clerk1"));

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (yc_test_object (r),
                                                                           "departments")), ==,
                      21);
    etag = g_strdup (yc_test_header (r, "ETag"));
    g_assert_nonnull (etag);
  }
  {
    const char *headers[] = { "If-None-Match", etag, NULL };
    g_autoptr (YcTestResponse) r = yc_test_request (session, "GET", catalogue, token ("clerk1"),
                                                    NULL, NULL, 0, headers);

    g_assert_cmpuint (r->status, ==, 304);
    g_assert_cmpuint (g_bytes_get_size (r->body), ==, 0);
  }

  struct
  {
    const char *path;
    guint       status;
    const char *code;            /* problem code, or NULL */
    gint64      version;         /* item version expected, or array length, or 0 */
  } cases[] = {
    { "/items/320826-SCJG-XK-004", 200, NULL, 2 },
    { "/items/320826-SCJG-XK-004?version=1", 200, NULL, 1 },
    { "/items/320826-SCJG-XK-004?version=3", 404, "no-such-item", 0 },
    { "/items/320826-SCJG-XK-004?version=x", 422, "invalid-params", 0 },
    { "/items/NOPE", 404, "no-such-item", 0 },
    { "/departments", 200, NULL, 21 },
    { "/townships", 200, NULL, 19 },
    { "/windows", 200, NULL, 39 },
    { "/calendar/2026", 200, NULL, 0 },
    { "/calendar/1999", 404, "no-such-year", 0 },
    { "/calendar/twenty", 422, "invalid-params", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *u = url ("%s", cases[i].path);
      g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk1"));

      g_test_message ("%s", cases[i].path);
      g_assert_cmpuint (r->status, ==, cases[i].status);
      if (cases[i].code != NULL)
        g_assert_cmpstr (yc_test_problem_code (r), ==, cases[i].code);
      else if (JSON_NODE_HOLDS_ARRAY (r->json))
        g_assert_cmpint (json_array_get_length (json_node_get_array (r->json)), ==,
                         cases[i].version);
      else if (cases[i].version > 0)
        g_assert_cmpint (json_object_get_int_member (yc_test_object (r), "version"), ==,
                         cases[i].version);
    }
  {
    g_autofree char *u = url ("/calendar");
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk1"));

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (yc_test_object (r),
                                                                           "years")), >=, 2);
  }
  /* Each department is served with the credit code its certificates carry, as imported. */
  {
    g_autofree char *u = url ("/departments");
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk1"));
    g_autofree char *path = g_build_filename (server->data_dir, "demo", "catalogue.json", NULL);
    g_autoptr (JsonParser) parser = json_parser_new ();
    g_autoptr (GHashTable) demo = g_hash_table_new (g_str_hash, g_str_equal);
    JsonArray *file, *served;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_true (json_parser_load_from_file (parser, path, NULL));
    file = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "departments");
    for (guint i = 0; i < json_array_get_length (file); i++)
      {
        JsonObject *d = json_array_get_object_element (file, i);

        g_hash_table_insert (demo, (gpointer) json_object_get_string_member (d, "code"),
                             (gpointer) json_object_get_string_member (d, "uscc"));
      }
    served = json_node_get_array (r->json);
    g_assert_cmpuint (json_array_get_length (served), ==, g_hash_table_size (demo));
    for (guint i = 0; i < json_array_get_length (served); i++)
      {
        JsonObject *d = json_array_get_object_element (served, i);
        const char *uscc = json_object_get_string_member_with_default (d, "uscc", NULL);

        g_assert_nonnull (uscc);
        g_assert_cmpuint (strlen (uscc), ==, 18);
        g_assert_cmpstr (uscc, ==, g_hash_table_lookup (demo, json_object_get_string_member (
                                                              d, "code")));
      }
  }
}

/* A case's life ----------------------------------------------------------------------------- */

static void
test_lifecycle (void)
{
  g_autofree char *number = new_number ("C01");
  g_autofree char *body = yc_test_case_body (number, YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *cases = url ("/cases");

  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token ("clerk1"), body,
                                                      NULL);
    g_autofree char *location = g_strdup_printf ("/api/v1/cases/%s", number);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpstr (yc_test_header (r, "ETag"), ==, "\"1\"");
    g_assert_cmpstr (yc_test_header (r, "Location"), ==, location);
    g_assert_cmpstr (case_state (r), ==, "received");
    g_assert_true (has_allowed (r, "accept"));
    g_assert_true (json_object_has_member (yc_test_object (r), "deadline"));
  }
  {
    g_autofree char *u = url ("/cases/%s", number);
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("chief_scjg"));

    g_assert_cmpuint (r->status, ==, 200);
    /* A chief takes no intake action. */
    g_assert_false (has_allowed (r, "accept"));
  }

  act_ok ("clerk2", number, "accept", NULL, "accepted");
  act_ok ("clerk2", number, "start_review", NULL, "in_review");
  act_ok ("clerk1", number, "suspend", "\"reason\": \"专家评审\"", "suspended");
  act_ok ("clerk1", number, "resume", "\"reason\": \"评审结束\"", "in_review");
  act_ok ("clerk1", number, "submit_signoff", NULL, "awaiting_signoff");
  {
    g_autoptr (YcTestResponse) r = act ("clerk1", number, "approve", NULL);

    g_assert_cmpuint (r->status, ==, 403);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "forbidden");
  }
  act_ok ("chief_scjg", number, "approve", NULL, "approved");
  act_ok ("clerk1", number, "certify", NULL, "certified");
  {
    g_autoptr (YcTestResponse) r = act ("clerk1", number, "deliver",
                                        "\"delivery_method\": \"pickup\", "
                                        "\"delivery_detail\": \"110105194912310021\"");

    /* A collector's ID that fails its checksum is refused. */
    g_assert_cmpuint (r->status, ==, 422);
  }
  act_ok ("clerk1", number, "deliver", "\"delivery_method\": \"pickup\", "
          "\"delivery_detail\": \"11010519491231002X\"", "delivered");
  act_ok ("clerk1", number, "close", NULL, "closed");

  {
    g_autofree char *u = url ("/cases/%s/audit", number);
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk1"));
    JsonArray *entries;
    guint transitions = 0;

    g_assert_cmpuint (r->status, ==, 200);
    entries = json_node_get_array (r->json);
    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *e = json_array_get_object_element (entries, i);
        const char *action = json_object_get_string_member (e, "action");

        if (g_str_has_prefix (action, "case.") && !g_str_equal (action, "case.read"))
          transitions++;
        g_assert_cmpuint (strlen (json_object_get_string_member (e, "hash")), ==, 64);
      }
    /* receive, accept, start_review, suspend, resume, submit, approve, certify, deliver,
     * close; the refused attempts left no trace of a change. */
    g_assert_cmpuint (transitions, ==, 10);
  }
}

/* Idempotency ------------------------------------------------------------------------------- */

static void
test_idempotency (void)
{
  g_autofree char *number = new_number ("C01");
  g_autofree char *body = yc_test_case_body (number, YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *other = yc_test_case_body_for (number, YC_TEST_HALL_ITEM, "C01", NULL, NULL,
                                                  "李四", "320826198001010015");
  g_autofree char *cases = url ("/cases");
  g_autofree char *list = url ("/cases?number=%s", number);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *first = NULL;

  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token ("clerk1"), body,
                                                      key);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_null (yc_test_header (r, "Idempotent-Replayed"));
    first = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token ("clerk1"), body,
                                                      key);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpstr (yc_test_header (r, "Idempotent-Replayed"), ==, "true");
    g_assert_cmpmem (first, strlen (first), g_bytes_get_data (r->body, NULL),
                     g_bytes_get_size (r->body));
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, list, token ("clerk1"));

    g_assert_cmpint (json_object_get_int_member (yc_test_object (r), "total"), ==, 1);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE case_number "
                                            "= '%s' AND action = 'case.receive'", number);

    g_assert_cmpint (count_rows (sql), ==, 1);
  }
  /* The same key for something else is refused, and changes nothing. */
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token ("clerk1"), other,
                                                      key);

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "idempotency-key-reused");
  }
  /* Without a key: the very same application again is answered with the case; a different
   * application under the number is a clash. */
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token ("clerk1"), body,
                                                      NULL);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpint (case_version (r), ==, 1);
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token ("clerk1"), other,
                                                      NULL);

    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "case-number-taken");
  }
  /* An action retried with its key happens once. */
  {
    g_autofree char *u = url ("/cases/%s/actions/accept", number);
    g_autofree char *akey = g_uuid_string_random ();
    g_autoptr (YcTestResponse) a = yc_test_post_json (session, u, token ("clerk1"),
                                                      "{\"version\": 1}", akey);
    g_autoptr (YcTestResponse) b = yc_test_post_json (session, u, token ("clerk1"),
                                                      "{\"version\": 1}", akey);
    g_autoptr (YcTestResponse) now = get_case (number);

    g_autoptr (YcTestResponse) c = NULL;
    g_autoptr (YcTestResponse) later = NULL;

    g_assert_cmpuint (a->status, ==, 200);
    g_assert_cmpuint (b->status, ==, 200);
    g_assert_cmpstr (yc_test_header (b, "Idempotent-Replayed"), ==, "true");
    g_assert_cmpmem (g_bytes_get_data (a->body, NULL), g_bytes_get_size (a->body),
                     g_bytes_get_data (b->body, NULL), g_bytes_get_size (b->body));
    g_assert_cmpint (case_version (now), ==, 2);
    /* The key again with another request: refused as reused, not as a stale version. */
    c = yc_test_post_json (session, u, token ("clerk1"), "{\"version\": 2}", akey);
    g_assert_cmpuint (c->status, ==, 422);
    g_assert_cmpstr (yc_test_problem_code (c), ==, "idempotency-key-reused");
    later = get_case (number);
    g_assert_cmpint (case_version (later), ==, 2);
  }
  /* Keys belong to a user: another user's identical key is a new request. */
  {
    g_autofree char *n2 = new_number ("C02");
    g_autofree char *b2 = yc_test_case_body (n2, YC_TEST_HALL_ITEM, "C02", NULL, NULL);
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token ("clerk2"), b2, key);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_null (yc_test_header (r, "Idempotent-Replayed"));
  }
}

/* Versions ---------------------------------------------------------------------------------- */

static void
test_stale (void)
{
  g_autofree char *number = create_case ("clerk1", YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *accept = url ("/cases/%s/actions/accept", number);
  g_autofree char *review = url ("/cases/%s/actions/start_review", number);

  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, accept, token ("clerk1"),
                                                      "{\"version\": 1}", NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (yc_test_header (r, "ETag"), ==, "\"2\"");
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, review, token ("clerk1"),
                                                      "{\"version\": 1}", NULL);

    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "stale-case");
    g_assert_cmpint (json_object_get_int_member (yc_test_object (r), "current_version"), ==, 2);
  }
  {
    const char *headers[] = { "If-Match", "\"1\"", NULL };
    g_autoptr (YcTestResponse) r = yc_test_request (session, "POST", review, token ("clerk1"),
                                                    "application/json", "{}", -1, headers);

    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "stale-case");
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, review, token ("clerk1"), "{}",
                                                      NULL);

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "invalid-params");
  }
  {
    const char *headers[] = { "If-Match", "\"2\"", NULL };
    g_autoptr (YcTestResponse) r = yc_test_request (session, "POST", review, token ("clerk1"),
                                                    "application/json", "{}", -1, headers);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (case_state (r), ==, "in_review");
  }
}

typedef struct
{
  const char *url;
  const char *token;
  const char *body;
  guint       status;
  char       *code;
} Racer;

static GMutex race_lock;
static GCond race_cond;
static guint race_ready;
static guint race_total = 2;

static gpointer
race (gpointer data)
{
  Racer *racer = data;
  g_autoptr (SoupSession) own = soup_session_new ();
  g_autoptr (YcTestResponse) r = NULL;

  /* All requests leave together. */
  g_mutex_lock (&race_lock);
  race_ready++;
  g_cond_broadcast (&race_cond);
  while (race_ready < race_total)
    g_cond_wait (&race_cond, &race_lock);
  g_mutex_unlock (&race_lock);

  r = yc_test_post_json (own, racer->url, racer->token, racer->body, NULL);
  racer->status = r->status;
  racer->code = g_strdup (yc_test_problem_code (r));
  return NULL;
}

static void
test_concurrent_conflict (void)
{
  for (guint round = 0; round < 5; round++)
    {
      g_autofree char *number = create_case ("clerk1", YC_TEST_HALL_ITEM, "C01", NULL, NULL);
      g_autofree char *accept = url ("/cases/%s/actions/accept", number);
      g_autofree char *refuse = url ("/cases/%s/actions/refuse", number);
      Racer a = { accept, token ("clerk1"), "{\"version\": 1}", 0, NULL };
      Racer b = { refuse, token ("clerk2"),
                  "{\"version\": 1, \"reason\": \"材料虚假\", \"legal_basis\": \"《行政许可法》第三十二条\"}",
                  0, NULL };
      GThread *ta, *tb;
      g_autoptr (YcTestResponse) now = NULL;

      race_ready = 0;
      race_total = 2;
      ta = g_thread_new ("a", race, &a);
      tb = g_thread_new ("b", race, &b);
      g_thread_join (ta);
      g_thread_join (tb);

      g_test_message ("round %u: accept %u %s, refuse %u %s", round, a.status, a.code, b.status,
                      b.code);
      /* Exactly one wins; the other is told the case moved on. */
      g_assert_true ((a.status == 200 && b.status == 409) || (a.status == 409 && b.status == 200));
      g_assert_cmpstr (a.status == 409 ? a.code : b.code, ==, "stale-case");
      now = get_case (number);
      g_assert_cmpint (case_version (now), ==, 2);
      g_assert_cmpstr (case_state (now), ==, a.status == 200 ? "accepted" : "refused");
      g_free (a.code);
      g_free (b.code);
    }
}

/* Intakes that reach the writer together share its transaction (group commit): one whose
 * number is taken by another application gets its 409 alone, and every other one is there,
 * with its audit entry. */
#define GROUP_RACERS 16

static void
test_concurrent_group (void)
{
  g_autofree char *taken = create_case ("clerk1", YC_TEST_HALL_ITEM, "C05", NULL, NULL);
  g_autofree char *cases = url ("/cases");
  g_autofree char *clash = yc_test_case_body_for (taken, YC_TEST_HALL_ITEM, "C05", NULL, NULL,
                                                  "赵六", "11010519491231002X");
  Racer racers[GROUP_RACERS];
  char *numbers[GROUP_RACERS];
  char *bodies[GROUP_RACERS];
  GThread *threads[GROUP_RACERS];
  gint64 audit_before = count_rows ("SELECT count (*) FROM audit_log WHERE action = "
                                    "'case.receive'");
  guint created = 0, refused = 0;

  for (guint i = 0; i < GROUP_RACERS; i++)
    {
      numbers[i] = i == GROUP_RACERS / 2 ? g_strdup (taken) : new_number ("C05");
      bodies[i] = i == GROUP_RACERS / 2
                    ? g_strdup (clash)
                    : yc_test_case_body (numbers[i], YC_TEST_HALL_ITEM, "C05", NULL, NULL);
      racers[i] = (Racer) { cases, token ("clerk1"), bodies[i], 0, NULL };
    }
  race_ready = 0;
  race_total = GROUP_RACERS;
  for (guint i = 0; i < GROUP_RACERS; i++)
    threads[i] = g_thread_new ("intake", race, &racers[i]);
  for (guint i = 0; i < GROUP_RACERS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < GROUP_RACERS; i++)
    {
      if (i == GROUP_RACERS / 2)
        {
          g_assert_cmpuint (racers[i].status, ==, 409);
          g_assert_cmpstr (racers[i].code, ==, "case-number-taken");
          refused++;
        }
      else
        {
          g_autoptr (YcTestResponse) r = get_case (numbers[i]);
          g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE "
                                                  "action = 'case.receive' AND "
                                                  "case_number = '%s'", numbers[i]);

          g_assert_cmpuint (racers[i].status, ==, 201);
          g_assert_cmpuint (r->status, ==, 200);
          g_assert_cmpint (count_rows (sql), ==, 1);
          created++;
        }
    }
  g_assert_cmpuint (refused, ==, 1);
  g_assert_cmpuint (created, ==, GROUP_RACERS - 1);
  g_assert_cmpint (count_rows ("SELECT count (*) FROM audit_log WHERE action = "
                               "'case.receive'"), ==, audit_before + GROUP_RACERS - 1);
  /* The first application keeps its number, untouched. */
  {
    g_autoptr (YcTestResponse) r = get_case (taken);

    g_assert_cmpint (case_version (r), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                       json_object_get_object_member (yc_test_object (r), "case"), "applicant"),
                       "name"), ==, "张三");
  }
  for (guint i = 0; i < GROUP_RACERS; i++)
    {
      g_free (numbers[i]);
      g_free (bodies[i]);
      g_free (racers[i].code);
    }
}

/* The one-time notice ----------------------------------------------------------------------- */

static void
test_one_time_notice (void)
{
  g_autofree char *number = new_number ("C01");
  g_autofree char *body = NULL;
  g_autofree char *cases = url ("/cases");
  g_autoptr (GString) materials = g_string_new (NULL);

  /* M01-M04 of the hall item; M03 missing at the counter. */
  body = g_strdup_printf ("{\"number\": \"%s\", \"item_code\": \"%s\", \"window_code\": \"C01\", "
                          "\"applicant\": {\"kind\": \"person\", \"name\": \"王五\", "
                          "\"id_number\": \"320826199002150022\"}, \"materials\": ["
                          "{\"code\": \"M01\", \"status\": \"original_seen\"},"
                          "{\"code\": \"M02\", \"status\": \"original_seen\"},"
                          "{\"code\": \"M03\", \"status\": \"missing\", \"reason\": \"未带\"},"
                          "{\"code\": \"M04\", \"status\": \"original_seen\"}]}", number,
                          YC_TEST_HALL_ITEM);
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token ("clerk1"), body,
                                                      NULL);

    g_assert_cmpuint (r->status, ==, 201);
  }
  {
    g_autoptr (YcTestResponse) r = act ("clerk1", number, "accept", NULL);

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "invalid");
  }
  act_ok ("clerk1", number, "request_materials",
          "\"materials\": [{\"code\": \"M03\", \"status\": \"missing\", \"reason\": \"未带\"}]",
          "awaiting_materials");
  {
    g_autoptr (YcTestResponse) before = get_case (number);
    g_autoptr (YcTestResponse) r = act ("clerk1", number, "supply",
                                        "\"materials\": [{\"code\": \"M02\", \"status\": "
                                        "\"original_seen\"}]");
    g_autoptr (YcTestResponse) after = get_case (number);

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "not-noticed");
    g_assert_cmpint (case_version (after), ==, case_version (before));
  }
  act_ok ("clerk1", number, "supply",
          "\"materials\": [{\"code\": \"M03\", \"status\": \"original_seen\"}]", "received");
  {
    g_autoptr (YcTestResponse) r = act ("clerk1", number, "request_materials",
                                        "\"materials\": [{\"code\": \"M01\", \"status\": "
                                        "\"deficient\", \"reason\": \"模糊\"}]");

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "not-noticed");
  }
  act_ok ("clerk1", number, "accept", NULL, "accepted");
  /* The client may not mark materials "noticed" itself. */
  {
    g_autoptr (YcTestResponse) r = act ("clerk1", number, "start_review",
                                        "\"materials\": [{\"code\": \"M01\", \"status\": "
                                        "\"original_seen\", \"noticed\": true}]");

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "invalid-params");
  }
}

/* Search and sync --------------------------------------------------------------------------- */

static JsonObject *
list (YcTestResponse **holder,
      const char      *user,
      const char      *query)
{
  g_autofree char *u = url ("/cases?%s", query);

  *holder = yc_test_get (session, u, token (user));
  g_assert_cmpuint ((*holder)->status, ==, 200);
  return yc_test_object (*holder);
}

static void
test_search (void)
{
  struct
  {
    const char *name;
    const char *id;
  } people[] = {
    { "欧阳修", "320826197511200033" },
    { "欧阳询", "320826200106300043" },
    { "司马光", "320826196612120054" },
  };
  g_autofree char *cases = url ("/cases");
  g_autofree char *token_before = NULL;
  g_autofree char *town_number = NULL;
  g_autofree char *first_number = NULL;

  {
    g_autoptr (YcTestResponse) r = NULL;

    token_before = g_strdup (json_object_get_string_member (list (&r, "clerk1", "page_size=1"),
                                                            "sync_token"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *number = new_number ("C02");
      g_autofree char *body = yc_test_case_body_for (number, YC_TEST_HALL_ITEM, "C02", NULL,
                                                     NULL, people[i].name, people[i].id);
      g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token ("clerk2"), body,
                                                        NULL);

      g_assert_cmpuint (r->status, ==, 201);
      if (i == 0)
        first_number = g_strdup (number);
    }

  {
    g_autoptr (YcTestResponse) r = NULL;
    g_autofree char *q = g_uri_escape_string ("欧阳", NULL, FALSE);
    g_autofree char *query = g_strdup_printf ("q=%s", q);
    JsonObject *o = list (&r, "clerk1", query);
    JsonArray *items = json_object_get_array_member (o, "items");

    g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                    "applicant_id_masked"), ==,
                     "3208**********0043");
  }
  {
    g_autoptr (YcTestResponse) r = NULL;
    JsonObject *o = list (&r, "clerk1", "q=320826196612120054");

    g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 1);
  }
  {
    g_autoptr (YcTestResponse) r = NULL;
    JsonObject *o = list (&r, "clerk1", "id_number=320826197511200033&window=C02");

    g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 1);
  }
  {
    g_autoptr (YcTestResponse) r = NULL;
    g_autofree char *query = g_strdup_printf ("number=%s", first_number);
    JsonObject *o = list (&r, "clerk1", query);

    g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 1);
  }
  /* Since the token taken before: exactly the three new cases, oldest change first, and a
   * page of two says there is more. */
  {
    g_autoptr (YcTestResponse) r = NULL;
    g_autofree char *query = g_strdup_printf ("since=%s&page_size=2", token_before);
    JsonObject *o = list (&r, "clerk1", query);
    JsonArray *items = json_object_get_array_member (o, "items");
    g_autoptr (YcTestResponse) r2 = NULL;
    g_autofree char *query2 = NULL;
    JsonObject *o2;

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_true (json_object_get_boolean_member (o, "more"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                    "number"), ==, first_number);
    query2 = g_strdup_printf ("since=%s&page_size=2",
                              json_object_get_string_member (o, "sync_token"));
    o2 = list (&r2, "clerk1", query2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o2, "items")), ==, 1);
    g_assert_false (json_object_get_boolean_member (o2, "more"));
  }
  /* Paging. */
  {
    g_autoptr (YcTestResponse) r1 = NULL, r2 = NULL;
    JsonObject *p1 = list (&r1, "clerk1", "window=C02&page_size=1&page=1");
    JsonObject *p2 = list (&r2, "clerk1", "window=C02&page_size=1&page=2");
    const char *a = json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (p1, "items"), 0), "number");
    const char *b = json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (p2, "items"), 0), "number");

    g_assert_cmpstr (a, !=, b);
    g_assert_cmpint (json_object_get_int_member (p1, "total"), >=, 3);
  }

  /* A township sees its own township's cases only. */
  town_number = create_case ("town1", YC_TEST_DELEGATED_ITEM, "T01W1", YC_TEST_TOWNSHIP, NULL);
  {
    g_autoptr (YcTestResponse) r = NULL;
    JsonObject *o = list (&r, "town1", "page_size=200");
    JsonArray *items = json_object_get_array_member (o, "items");

    g_assert_cmpuint (json_array_get_length (items), >=, 1);
    for (guint i = 0; i < json_array_get_length (items); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i),
                                                      "township_code"), ==, YC_TEST_TOWNSHIP);
  }
  {
    g_autoptr (YcTestResponse) r = NULL;
    JsonObject *o = list (&r, "town2", "page_size=200");

    g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 0);
  }
  {
    g_autofree char *u = url ("/cases/%s", town_number);
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("town2"));

    g_assert_cmpuint (r->status, ==, 403);
  }

  struct
  {
    const char *query;
    const char *param;
  } bad[] = {
    { "state=nonsense", "state" },
    { "page=0", "page" },
    { "page_size=201", "page_size" },
    { "since=-1", "since" },
    { "due_before=2026-02-30", "due_before" },
    { "windw=C01", "windw" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *u = url ("/cases?%s", bad[i].query);
      g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk1"));
      JsonArray *params;

      g_assert_cmpuint (r->status, ==, 422);
      params = json_object_get_array_member (yc_test_object (r), "invalid-params");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (params, 0),
                                                      "name"), ==, bad[i].param);
    }
}

/* Scans ------------------------------------------------------------------------------------- */

static const guint8 pdf_bytes[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
static const guint8 png_bytes[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
static const guint8 gif_bytes[] = "GIF89a\x01\x00\x01\x00";

static YcTestResponse *
upload (const char   *number,
        const char   *user,
        const char   *content_type,
        const guint8 *data,
        gsize         len,
        const char   *material,
        const char   *sha)
{
  g_autofree char *u = url ("/cases/%s/attachments", number);
  g_autofree char *real_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  const char *headers[] = {
    "X-Content-SHA256", sha != NULL ? sha : real_sha,
    material != NULL ? "X-Material-Code" : NULL, material, NULL,
  };

  return yc_test_request (session, "POST", u, token (user), content_type, data, len, headers);
}

static void
test_attachments (void)
{
  g_autofree char *number = create_case ("clerk1", YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  gint64 id;

  {
    g_autoptr (YcTestResponse) r = upload (number, "clerk1", "application/pdf", pdf_bytes,
                                           sizeof pdf_bytes - 1, "M01", NULL);
    g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, pdf_bytes,
                                                        sizeof pdf_bytes - 1);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (yc_test_object (r), "sha256"), ==, sha);
    g_assert_cmpstr (json_object_get_string_member (yc_test_object (r), "content_type"), ==,
                     "application/pdf");
    id = json_object_get_int_member (yc_test_object (r), "id");
  }
  {
    g_autofree char *u = url ("/attachments/%" G_GINT64_FORMAT, id);
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk2"));

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (yc_test_header (r, "Content-Type"), ==, "application/pdf");
    g_assert_cmpmem (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body), pdf_bytes,
                     sizeof pdf_bytes - 1);
  }
  {
    g_autofree char *u = url ("/cases/%s/attachments", number);
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk1"));

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (r->json)), ==, 1);
  }

  struct
  {
    const char   *user;
    const char   *content_type;
    const guint8 *data;
    gsize         len;
    const char   *material;
    const char   *sha;
    guint         status;
    const char   *code;
  } bad[] = {
    { "clerk1", "application/pdf", png_bytes, sizeof png_bytes, "M01", NULL, 422,
      "content-type-mismatch" },
    { "clerk1", "image/gif", gif_bytes, sizeof gif_bytes - 1, "M01", NULL, 415,
      "unsupported-media-type" },
    { "clerk1", "image/png", gif_bytes, sizeof gif_bytes - 1, "M01", NULL, 415,
      "unsupported-media-type" },
    { "clerk1", "image/png", png_bytes, sizeof png_bytes, "M01",
      "0000000000000000000000000000000000000000000000000000000000000000", 422,
      "sha256-mismatch" },
    { "clerk1", "image/png", png_bytes, sizeof png_bytes, "M01", "xyz", 422, "invalid-params" },
    { "clerk1", "image/png", png_bytes, sizeof png_bytes, NULL, NULL, 422, "invalid-params" },
    { "clerk1", "image/png", png_bytes, sizeof png_bytes, "M99", NULL, 422, "invalid-params" },
    { "chief_scjg", "image/png", png_bytes, sizeof png_bytes, "M01", NULL, 403, "forbidden" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (YcTestResponse) r = upload (number, bad[i].user, bad[i].content_type,
                                             bad[i].data, bad[i].len, bad[i].material,
                                             bad[i].sha);

      g_test_message ("bad upload %u", i);
      g_assert_cmpuint (r->status, ==, bad[i].status);
      g_assert_cmpstr (yc_test_problem_code (r), ==, bad[i].code);
    }
  /* Too big for the limit set in this suite's configuration (64 KiB). */
  {
    gsize len = 70 * 1024;
    g_autofree guint8 *big = g_malloc0 (len);
    g_autoptr (YcTestResponse) r = NULL;

    memcpy (big, "%PDF-1.4\n", 9);
    r = upload (number, "clerk1", "application/pdf", big, len, "M01", NULL);
    g_assert_cmpuint (r->status, ==, 413);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "body-too-large");
  }
  {
    g_autofree char *u = url ("/cases/%s/attachments", number);
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk1"));

    /* Nothing of the refused uploads was kept. */
    g_assert_cmpuint (json_array_get_length (json_node_get_array (r->json)), ==, 1);
    g_assert_cmpint (count_rows ("SELECT count (*) FROM blobs"), ==, 1);
  }
  {
    g_autofree char *u = url ("/attachments/999999");
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk1"));

    g_assert_cmpuint (r->status, ==, 404);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "no-such-attachment");
  }
  {
    g_autofree char *u = url ("/attachments/..%%2F..%%2Fetc%%2Fpasswd");
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk1"));

    g_assert_cmpuint (r->status, >=, 400);
    g_assert_cmpuint (r->status, <, 500);
  }
}

/* Documents and verification ---------------------------------------------------------------- */

static YcTestResponse *
issue (const char *number,
       const char *user,
       const char *kind)
{
  g_autofree char *u = url ("/cases/%s/documents", number);
  g_autofree char *body = g_strdup_printf ("{\"kind\": \"%s\", \"sha256\": \"%s\"}", kind,
                                           "ab12ab12ab12ab12ab12ab12ab12ab12"
                                           "ab12ab12ab12ab12ab12ab12ab12ab12");

  return yc_test_post_json (session, u, token (user), body, NULL);
}

static void
test_documents (void)
{
  g_autofree char *number = create_case ("clerk1", YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *verification = NULL;
  gint64 seals_before = count_rows ("SELECT count (*) FROM seal_uses");
  gint64 lookups_before = count_rows ("SELECT count (*) FROM verify_log");

  {
    g_autoptr (YcTestResponse) r = issue (number, "clerk1", "acceptance");

    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "document-not-applicable");
  }
  {
    g_autoptr (YcTestResponse) r = issue (number, "clerk1", "receipt");

    g_assert_cmpuint (r->status, ==, 201);
  }
  act_ok ("clerk1", number, "accept", NULL, "accepted");
  {
    g_autoptr (YcTestResponse) r = issue (number, "clerk1", "acceptance");
    JsonObject *seal;

    g_assert_cmpuint (r->status, ==, 201);
    verification = g_strdup (json_object_get_string_member (yc_test_object (r),
                                                            "verification_id"));
    g_assert_cmpuint (strlen (verification), ==, 26);
    {
      g_autofree char *expected = g_strdup_printf ("%s/verify/%s", server->base, verification);

      g_assert_cmpstr (json_object_get_string_member (yc_test_object (r), "verification_url"),
                       ==, expected);
    }
    seal = json_object_get_object_member (yc_test_object (r), "seal");
    g_assert_true (json_object_get_boolean_member (seal, "authorised"));
    g_assert_cmpstr (json_object_get_string_member (seal, "authorised_by"), ==, "clerk1");
    g_assert_cmpstr (json_object_get_string_member (seal, "department_code"), ==,
                     "320826-SCJG");
  }
  {
    g_autoptr (YcTestResponse) r = issue (number, "clerk1", "refusal");

    g_assert_cmpuint (r->status, ==, 409);
  }
  /* No certificate, no seal before sign-off. */
  {
    g_autoptr (YcTestResponse) r = issue (number, "clerk1", "certificate");

    g_assert_cmpuint (r->status, >=, 400);
    g_assert_cmpuint (r->status, <, 500);
    g_assert_cmpstr (yc_test_problem_code (r), !=, "");
  }
  {
    g_autoptr (YcTestResponse) r = issue (number, "clerk1", "licence");

    g_assert_cmpuint (r->status, ==, 422);
  }
  {
    g_autoptr (YcTestResponse) r = issue (number, "chief_scjg", "receipt");

    g_assert_cmpuint (r->status, ==, 403);
  }

  act_ok ("clerk1", number, "start_review", NULL, "in_review");
  act_ok ("clerk1", number, "submit_signoff", NULL, "awaiting_signoff");
  act_ok ("chief_scjg", number, "approve", NULL, "approved");
  {
    g_autoptr (YcTestResponse) r = issue (number, "clerk1", "certificate");
    JsonObject *seal;

    g_assert_cmpuint (r->status, ==, 201);
    seal = json_object_get_object_member (yc_test_object (r), "seal");
    g_assert_cmpstr (json_object_get_string_member (seal, "authorised_by"), ==, "chief_scjg");
  }
  g_assert_cmpint (count_rows ("SELECT count (*) FROM seal_uses"), ==, seals_before + 3);

  /* The public check, without signing in. */
  {
    g_autofree char *u = url ("/verify/%s", verification);
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, NULL);
    JsonObject *o;

    g_assert_cmpuint (r->status, ==, 200);
    o = yc_test_object (r);
    g_assert_true (json_object_get_boolean_member (o, "genuine"));
    g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "acceptance");
    g_assert_cmpstr (json_object_get_string_member (o, "case_number"), ==, number);
    g_assert_cmpstr (json_object_get_string_member (o, "holder"), ==, "张三");
    g_assert_cmpstr (json_object_get_string_member (o, "department"), ==, "涟水县市场监督管理局");
  }
  {
    g_autofree char *lower = g_ascii_strdown (verification, -1);
    g_autofree char *u = url ("/verify/%s", lower);
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
  {
    const char *unknown[] = { "AAAAAAAAAAAAAAAAAAAAAAAAAA", "not-a-code", "%27%3B--" };

    for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
      {
        g_autofree char *u = url ("/verify/%s", unknown[i]);
        g_autoptr (YcTestResponse) r = yc_test_get (session, u, NULL);

        g_assert_cmpuint (r->status, ==, 404);
        g_assert_cmpstr (yc_test_problem_code (r), ==, "unknown-document");
        g_assert_false (json_object_get_boolean_member (yc_test_object (r), "genuine"));
      }
  }
  g_assert_cmpint (count_rows ("SELECT count (*) FROM verify_log"), ==, lookups_before + 5);
  g_assert_cmpint (count_rows ("SELECT count (*) FROM verify_log WHERE found = 1"), ==, 2);
}

/* The two-step issue: reserve an id (and the seal) for the QR code, register the PDF's hash
 * once; only a registered document verifies. */
static YcTestResponse *
register_hash (const char *id,
               const char *user,
               const char *sha256)
{
  g_autofree char *u = url ("/documents/%s/sha256", id);
  g_autofree char *body = g_strdup_printf ("{\"sha256\": \"%s\"}", sha256);

  return yc_test_post_json (session, u, token (user), body, NULL);
}

static guint
verify_status (const char *id)
{
  g_autofree char *u = url ("/verify/%s", id);
  g_autoptr (YcTestResponse) r = yc_test_get (session, u, NULL);

  return r->status;
}

static void
test_document_reservation (void)
{
  g_autofree char *number = create_case ("clerk1", YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;
  const char *sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  const char *other = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
  gint64 seals_before = count_rows ("SELECT count (*) FROM seal_uses");
  gint64 audit_before;

  act_ok ("clerk1", number, "accept", NULL, "accepted");
  {
    g_autofree char *u = url ("/cases/%s/documents", number);
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token ("clerk1"),
                                                      "{\"kind\": \"acceptance\"}", NULL);
    JsonObject *o;

    g_assert_cmpuint (r->status, ==, 201);
    o = yc_test_object (r);
    id = g_strdup (json_object_get_string_member (o, "verification_id"));
    g_assert_cmpuint (strlen (id), ==, 26);
    g_assert_true (json_object_get_null_member (o, "sha256"));
    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (o, "seal"),
                                                   "authorised"));
  }
  /* The seal is granted (and logged) at the reservation, the hash not yet known. */
  g_assert_cmpint (count_rows ("SELECT count (*) FROM seal_uses"), ==, seals_before + 1);
  g_assert_cmpuint (verify_status (id), ==, 404);

  /* Rejections write nothing. */
  audit_before = count_rows ("SELECT count (*) FROM audit_log");
  {
    static const struct { const char *who; const char *sha; guint status; const char *code; }
    rejected[] = {
      { "clerk1", "xyz", 422, "invalid-params" },
      { "chief_scjg", NULL, 403, "forbidden" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
      {
        g_autoptr (YcTestResponse) r = register_hash (id, rejected[i].who,
                                                      rejected[i].sha != NULL ? rejected[i].sha
                                                                              : sha);

        g_test_message ("register by %s", rejected[i].who);
        g_assert_cmpuint (r->status, ==, rejected[i].status);
        g_assert_cmpstr (yc_test_problem_code (r), ==, rejected[i].code);
      }
  }
  {
    g_autoptr (YcTestResponse) r = register_hash ("AAAAAAAAAAAAAAAAAAAAAAAAAA", "clerk1", sha);

    g_assert_cmpuint (r->status, ==, 404);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "no-such-document");
  }
  g_assert_cmpint (count_rows ("SELECT count (*) FROM audit_log"), ==, audit_before);
  sql = g_strdup_printf ("SELECT count (*) FROM documents WHERE verification_id = '%s' "
                         "AND sha256 = ''", id);
  g_assert_cmpint (count_rows (sql), ==, 1);

  {
    g_autoptr (YcTestResponse) r = register_hash (id, "clerk1", sha);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (yc_test_object (r), "sha256"), ==, sha);
  }
  g_assert_cmpint (count_rows ("SELECT count (*) FROM audit_log WHERE action = "
                               "'document.register'"), >=, 1);
  audit_before = count_rows ("SELECT count (*) FROM audit_log");
  /* The same hash again is a retry; a different one is refused and changes nothing. */
  {
    g_autoptr (YcTestResponse) r = register_hash (id, "clerk1", sha);

    g_assert_cmpuint (r->status, ==, 200);
  }
  {
    g_autoptr (YcTestResponse) r = register_hash (id, "clerk1", other);

    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "document-already-registered");
  }
  g_assert_cmpint (count_rows ("SELECT count (*) FROM audit_log"), ==, audit_before);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM documents WHERE verification_id = '%s' "
                         "AND sha256 = '%s'", id, sha);
  g_assert_cmpint (count_rows (sql), ==, 1);

  {
    g_autofree char *u = url ("/verify/%s", id);
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_true (json_object_get_boolean_member (yc_test_object (r), "genuine"));
    g_assert_cmpstr (json_object_get_string_member (yc_test_object (r), "sha256"), ==, sha);
  }
}

/* Statistics -------------------------------------------------------------------------------- */

static void
test_statistics (void)
{
  g_autofree char *number = create_case ("clerk1", YC_TEST_HALL_ITEM, "C01", NULL, NULL);

  act_ok ("clerk1", number, "accept", NULL, "accepted");
  {
    g_autofree char *u = url ("/statistics?group=window");
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("admin"));
    JsonArray *rows;
    gboolean seen = FALSE;

    g_assert_cmpuint (r->status, ==, 200);
    rows = json_object_get_array_member (yc_test_object (r), "rows");
    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        JsonObject *row = json_array_get_object_element (rows, i);

        if (g_str_equal (json_object_get_string_member (row, "key"), "C01"))
          {
            seen = TRUE;
            g_assert_cmpint (json_object_get_int_member (row, "received"), >=, 1);
            g_assert_cmpint (json_object_get_int_member (row, "accepted"), >=, 1);
            g_assert_true (json_object_has_member (row, "on_time_pct"));
            g_assert_true (json_object_has_member (row, "avg_legal_limit"));
          }
      }
    g_assert_true (seen);
  }
  {
    g_autofree char *u = url ("/statistics?group=department");
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("chief_zrgh"));
    JsonArray *rows;

    g_assert_cmpuint (r->status, ==, 200);
    rows = json_object_get_array_member (yc_test_object (r), "rows");
    for (guint i = 0; i < json_array_get_length (rows); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, i),
                                                      "key"), ==, "320826-ZRGH");
  }
  {
    g_autofree char *u = url ("/statistics?group=day&from=2020-01-01&to=2099-12-31");
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("admin"));

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (yc_test_object (r),
                                                                           "rows")), >=, 1);
  }
  {
    const char *bad[] = { "group=week", "from=yesterday", "to=2026-13-01", "colour=red" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *u = url ("/statistics?%s", bad[i]);
        g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("admin"));

        g_assert_cmpuint (r->status, ==, 422);
      }
  }
  {
    g_autofree char *u = url ("/statistics");
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk1"));

    g_assert_cmpuint (r->status, ==, 403);
  }
}

/* Reads of personal data leave a trace ------------------------------------------------------ */

static void
test_audited_reads (void)
{
  g_autofree char *number = create_case ("clerk1", YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE case_number = "
                                          "'%s' AND action = 'case.read' AND actor = 'clerk2'",
                                          number);
  g_autofree char *u = url ("/cases/%s", number);

  g_assert_cmpint (count_rows (sql), ==, 0);
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk2"));

    g_assert_cmpuint (r->status, ==, 200);
  }
  g_assert_cmpint (count_rows (sql), ==, 1);
  /* An unchanged copy (304) carries no personal data. */
  {
    const char *headers[] = { "If-None-Match", "\"1\"", NULL };
    g_autoptr (YcTestResponse) r = yc_test_request (session, "GET", u, token ("clerk2"), NULL,
                                                    NULL, 0, headers);

    g_assert_cmpuint (r->status, ==, 304);
  }
  g_assert_cmpint (count_rows (sql), ==, 1);
  g_assert_cmpint (count_rows ("SELECT count (*) FROM audit_log WHERE action = 'case.search' "
                               "AND actor = 'clerk1'"), >=, 1);
}

/* The administrator's imports, then a reload without a restart (SIGHUP). */
static void
test_admin_imports (void)
{
  g_autofree char *year = g_build_filename (server->dir, "cn-2027.json", NULL);
  g_autofree char *bad = g_build_filename (server->dir, "broken.json", NULL);
  g_autofree char *catalogue = g_build_filename (server->data_dir, "demo", "catalogue.json",
                                                 NULL);
  g_autofree char *changed = g_build_filename (server->dir, "changed.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *output = NULL;
  g_autofree char *years_url = url ("/calendar");
  g_autoptr (GString) edited = NULL;
  gboolean seen = FALSE;

  g_assert_true (g_file_set_contents (year, "{\"year\": 2027, \"source\": \"测试\", "
                                      "\"holidays\": [{\"name\": \"元旦\", \"off\": "
                                      "[\"2027-01-01\"], \"worked\": []}]}", -1, NULL));
  g_assert_cmpint (yc_test_server_admin (server, NULL, &output, "import-calendar", year, NULL),
                   ==, 0);
  g_clear_pointer (&output, g_free);

  /* A broken file and a changed published version are refused whole. */
  g_assert_true (g_file_set_contents (bad, "{\"departments\": [", -1, NULL));
  g_assert_cmpint (yc_test_server_admin (server, NULL, &output, "import-catalogue", bad, NULL),
                   ==, 1);
  g_clear_pointer (&output, g_free);
  /* A new department whose credit code fails its check character is refused, and with it the
   * whole file. */
  {
    g_autofree char *wrong = g_build_filename (server->dir, "wrong-uscc.json", NULL);
    g_autofree char *u = url ("/departments");

    g_assert_true (g_file_set_contents (wrong, "{\"departments\": [{\"code\": \"320826-NEW\", "
                                        "\"name\": \"涟水县新设局\", \"uscc\": "
                                        "\"113208260141000012\"}]}", -1, NULL));
    g_assert_cmpint (yc_test_server_admin (server, NULL, &output, "import-catalogue", wrong,
                                           NULL), ==, 1);
    g_assert_nonnull (strstr (output, "uscc"));
    g_assert_nonnull (strstr (output, "320826-NEW"));
    g_clear_pointer (&output, g_free);
    g_assert_cmpint (count_rows ("SELECT count (*) FROM catalogue_entries WHERE kind = "
                                 "'department' AND code = '320826-NEW'"), ==, 0);
    {
      g_autoptr (YcTestResponse) r = yc_test_get (session, u, token ("clerk1"));

      g_assert_cmpuint (json_array_get_length (json_node_get_array (r->json)), ==, 21);
    }
  }
  g_assert_true (g_file_get_contents (catalogue, &contents, NULL, NULL));
  edited = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (edited, "个体工商户设立登记", "个体工商户设立登记（改）", 1),
                    ==, 1);
  g_assert_true (g_file_set_contents (changed, edited->str, -1, NULL));
  g_assert_cmpint (yc_test_server_admin (server, NULL, &output, "import-catalogue", changed,
                                         NULL), ==, 1);
  g_assert_nonnull (strstr (output, "new version"));
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (yc_test_server_admin (server, NULL, &output, "import-catalogue", catalogue,
                                         NULL), ==, 0);

  g_subprocess_send_signal (server->process, SIGHUP);
  for (guint i = 0; i < 100 && !seen; i++)
    {
      g_autoptr (YcTestResponse) r = yc_test_get (session, years_url, token ("clerk1"));
      JsonArray *years = json_object_get_array_member (yc_test_object (r), "years");

      for (guint j = 0; j < json_array_get_length (years); j++)
        seen |= json_array_get_int_element (years, j) == 2027;
      if (!seen)
        g_usleep (50 * 1000);
    }
  g_assert_true (seen);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  server = yc_test_server_start ("[server]\nattachment-max=65536\n");
  session = soup_session_new ();
  tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_test_add_func ("/server/api/public", test_public);
  g_test_add_func ("/server/api/sessions", test_sessions);
  g_test_add_func ("/server/api/sessions-idempotent", test_sessions_idempotent);
  g_test_add_func ("/server/api/rate-limit", test_rate_limit);
  g_test_add_func ("/server/api/disabled-user", test_disabled_user);
  g_test_add_func ("/server/api/catalogue", test_catalogue);
  g_test_add_func ("/server/api/lifecycle", test_lifecycle);
  g_test_add_func ("/server/api/idempotency", test_idempotency);
  g_test_add_func ("/server/api/stale", test_stale);
  g_test_add_func ("/server/api/concurrent-conflict", test_concurrent_conflict);
  g_test_add_func ("/server/api/concurrent-group", test_concurrent_group);
  g_test_add_func ("/server/api/one-time-notice", test_one_time_notice);
  g_test_add_func ("/server/api/search", test_search);
  g_test_add_func ("/server/api/attachments", test_attachments);
  g_test_add_func ("/server/api/documents", test_documents);
  g_test_add_func ("/server/api/document-reservation", test_document_reservation);
  g_test_add_func ("/server/api/statistics", test_statistics);
  g_test_add_func ("/server/api/audited-reads", test_audited_reads);
  g_test_add_func ("/server/api/admin-imports", test_admin_imports);
  status = g_test_run ();

  g_hash_table_unref (tokens);
  g_object_unref (session);
  yc_test_server_free (server);
  return status;
}
