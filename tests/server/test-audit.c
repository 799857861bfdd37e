/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit trail resists quiet edits: after real traffic, `yichuangd verify-audit` passes;
 * each way of tampering with a copy of the database file (sqlite3 API, as an intruder with
 * the file would) is detected and named. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "yc-audit.h"
#include "yc-test-server.h"

static YcTestServer *server;

static void
make_traffic (void)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *clerk = yc_test_login (session, server, "clerk1");
  g_autofree char *cases = g_strconcat (server->base, "/cases", NULL);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *number = yc_test_case_number ("C01", i);
      g_autofree char *body = yc_test_case_body (number, YC_TEST_HALL_ITEM, "C01", NULL, NULL);
      g_autofree char *one = g_strconcat (server->base, "/cases/", number, NULL);
      g_autofree char *accept = g_strconcat (one, "/actions/accept", NULL);
      g_autoptr (YcTestResponse) c = yc_test_post_json (session, cases, clerk, body, NULL);
      g_autoptr (YcTestResponse) a = yc_test_post_json (session, accept, clerk,
                                                        "{\"version\": 1}", NULL);
      g_autoptr (YcTestResponse) g = yc_test_get (session, one, clerk);

      g_assert_cmpuint (c->status, ==, 201);
      g_assert_cmpuint (a->status, ==, 200);
      g_assert_cmpuint (g->status, ==, 200);
    }
}

/* A copy of the (stopped) server's database with @sql applied to it. */
static char *
tampered_copy (const char *name,
               const char *sql)
{
  g_autofree char *path = g_build_filename (server->dir, name, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  sqlite3 *db;
  char *message = NULL;

  g_assert_true (g_file_get_contents (server->db_path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_changes (db) > 0 || strstr (sql, "INSERT") != NULL, ==, TRUE);
  sqlite3_close (db);
  return g_steal_pointer (&path);
}

static void
test_intact (void)
{
  g_autofree char *output = NULL;

  g_assert_cmpint (yc_test_server_admin (server, NULL, &output, "verify-audit", NULL), ==, 0);
  g_assert_nonnull (strstr (output, "intact"));
}

static void
test_tampering (void)
{
  struct
  {
    const char *what;
    const char *sql;
    const char *says;
  } cases[] = {
    { "edit-actor", "UPDATE audit_log SET actor = 'mallory' WHERE id = 3", "altered" },
    { "edit-detail", "UPDATE audit_log SET detail = '{}' WHERE action = 'case.accept' "
                     "AND id = (SELECT min (id) FROM audit_log WHERE action = 'case.accept')",
      "altered" },
    { "erase-read", "DELETE FROM audit_log WHERE id = (SELECT min (id) FROM audit_log "
                    "WHERE action = 'case.read')", "missing" },
    { "erase-last", "DELETE FROM audit_log WHERE id = (SELECT max (id) FROM audit_log)",
      "ends at" },
    { "rehash-one", "UPDATE audit_log SET actor = 'mallory', hash = '"
                    "0000000000000000000000000000000000000000000000000000000000000001' "
                    "WHERE id = 2", "altered" },
    { "forge-tail", "INSERT INTO audit_log (id, at, actor, address, action, case_number, detail,"
                    " prev_hash, hash) SELECT max (id) + 1, 0, 'mallory', '-', 'case.read', NULL,"
                    " '{}', (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), 'x' "
                    "FROM audit_log", "altered" },
    { "renumber", "UPDATE audit_log SET id = id + 1000 WHERE id = (SELECT max (id) FROM "
                  "audit_log)", "missing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("tampered-%s.db", cases[i].what);
      g_autofree char *copy = tampered_copy (name, cases[i].sql);
      g_autofree char *output = NULL;
      int status;

      status = yc_test_server_admin (server, NULL, &output, "--db", copy, "verify-audit", NULL);
      g_test_message ("%s: %d %s", cases[i].what, status, output);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (output, "BROKEN"));
      g_assert_nonnull (strstr (output, cases[i].says));
    }
}

static void
test_every_write_and_read_recorded (void)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  const char *expected[] = { "session.login", "case.receive", "case.accept", "case.read" };

  g_assert_cmpint (sqlite3_open_v2 (server->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM audit_log WHERE action = ?",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, expected[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_test_message ("%s: %d", expected[i], sqlite3_column_int (stmt, 0));
      g_assert_cmpint (sqlite3_column_int (stmt, 0), >=, g_str_equal (expected[i],
                                                                       "session.login") ? 1 : 3);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = yc_test_server_start (NULL);
  make_traffic ();
  yc_test_server_stop (server);

  g_test_add_func ("/server/audit/intact", test_intact);
  g_test_add_func ("/server/audit/recorded", test_every_write_and_read_recorded);
  g_test_add_func ("/server/audit/tampering", test_tampering);
  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
