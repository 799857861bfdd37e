/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Durability: kill -9 the server in the middle of a burst of intakes from several clients,
 * start it again on the same file, and find every acknowledged case there, whole, and
 * nothing half-written; then the clients resend what they never heard back about, under the
 * same Idempotency-Keys, and each application exists exactly once. Then the same with many
 * more clients, each taking a case in and accepting it, so that the writer's groups are large
 * and mixed when the server dies: every intake and every acceptance answered 2xx is there.
 * Last, a disk that stops confirming its writes: nothing unconfirmed is answered 2xx. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "yc-test-server.h"

#define N_CLIENTS 8
#define MAX_PER_CLIENT 2000

typedef struct
{
  guint      index;
  char      *window;
  char      *token;
  GPtrArray *acknowledged;       /* numbers answered 201 */
  GPtrArray *unanswered;         /* numbers sent when the server died (at most one) */
  GPtrArray *keys;               /* idempotency key per number sent */
  GPtrArray *bodies;
  guint      sent;
} Client;

static YcTestServer *server;
static volatile gint stop_sending;
static volatile gint n_acknowledged;   /* answers so far, across clients */

/* Lets the burst get going: until @n answers have come back (however slow the machine, up to
 * a minute), and a little longer. */
static void
wait_for_answers (gint n)
{
  for (guint i = 0; i < 600 && g_atomic_int_get (&n_acknowledged) < n; i++)
    g_usleep (100 * 1000);
  g_usleep (300 * 1000);
}

static gpointer
run_client (gpointer data)
{
  Client *c = data;
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server->base, "/cases", NULL);

  /* Sequence numbers are per window and day; 5000 + i keeps clear of other tests. */
  for (guint i = 0; i < MAX_PER_CLIENT && !g_atomic_int_get (&stop_sending); i++)
    {
      char *number = yc_test_case_number (c->window, 5000 + i);
      char *body = yc_test_case_body (number, YC_TEST_HALL_ITEM, c->window, NULL, NULL);
      char *key = g_uuid_string_random ();
      const char *headers[] = { "Idempotency-Key", key, NULL };
      g_autoptr (GError) error = NULL;
      g_autoptr (YcTestResponse) r = NULL;

      g_ptr_array_add (c->keys, key);
      g_ptr_array_add (c->bodies, body);
      c->sent++;
      r = yc_test_try_request (session, "POST", url, c->token, "application/json", body, -1,
                               headers, &error);
      if (r == NULL)
        {
          /* The server died under this request: the client does not know its fate. */
          g_ptr_array_add (c->unanswered, number);
          break;
        }
      g_assert_cmpuint (r->status, ==, 201);
      g_ptr_array_add (c->acknowledged, number);
      g_atomic_int_inc (&n_acknowledged);
    }
  return NULL;
}

static gint64
count (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_kill_during_burst (void)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  Client clients[N_CLIENTS];
  GThread *threads[N_CLIENTS];
  guint acknowledged = 0, unanswered = 0, sent = 0;
  g_autofree char *admin = NULL;
  sqlite3 *db;
  char *check = NULL;

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      clients[i] = (Client) { 0 };
      clients[i].index = i;
      clients[i].window = g_strdup_printf ("C%02u", i + 1);
      clients[i].token = yc_test_login (session, server, "clerk1");
      clients[i].acknowledged = g_ptr_array_new_with_free_func (g_free);
      clients[i].unanswered = g_ptr_array_new_with_free_func (g_free);
      clients[i].keys = g_ptr_array_new_with_free_func (g_free);
      clients[i].bodies = g_ptr_array_new_with_free_func (g_free);
    }
  for (guint i = 0; i < N_CLIENTS; i++)
    threads[i] = g_thread_new ("client", run_client, &clients[i]);

  /* Let the burst get going, then pull the plug. */
  wait_for_answers (4 * N_CLIENTS);
  yc_test_server_kill (server);
  g_atomic_int_set (&stop_sending, 1);
  for (guint i = 0; i < N_CLIENTS; i++)
    g_thread_join (threads[i]);

  yc_test_server_restart (server);
  admin = yc_test_login (session, server, "admin");

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      acknowledged += clients[i].acknowledged->len;
      unanswered += clients[i].unanswered->len;
      sent += clients[i].sent;
      for (guint j = 0; j < clients[i].acknowledged->len; j++)
        {
          const char *number = g_ptr_array_index (clients[i].acknowledged, j);
          g_autofree char *url = g_strconcat (server->base, "/cases/", number, NULL);
          g_autoptr (YcTestResponse) r = yc_test_get (session, url, admin);
          JsonObject *c;

          g_assert_cmpuint (r->status, ==, 200);
          c = json_object_get_object_member (yc_test_object (r), "case");
          g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, "received");
          g_assert_cmpint (json_object_get_int_member (c, "version"), ==, 1);
          g_assert_cmpstr (json_object_get_string_member (
                             json_object_get_object_member (c, "applicant"), "name"), ==,
                           "张三");
        }
    }
  g_test_message ("%u sent, %u acknowledged before the kill, %u unanswered", sent, acknowledged,
                  unanswered);
  g_assert_cmpuint (acknowledged, >, 0);
  g_assert_cmpuint (unanswered, >, 0);

  /* Nothing half-written: every stored case came with its audit entry and its stored answer,
   * and the database is sound. Cases stored = acknowledged + those of unanswered requests
   * that had committed before the kill. */
  g_assert_cmpint (sqlite3_open_v2 (server->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  {
    sqlite3_stmt *stmt;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    check = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    g_assert_cmpstr (check, ==, "ok");
    g_free (check);
  }
  {
    gint64 cases = count (db, "SELECT count (*) FROM cases");
    gint64 receives = count (db, "SELECT count (*) FROM audit_log WHERE action = "
                                 "'case.receive'");
    gint64 answers = count (db, "SELECT count (*) FROM idempotency WHERE status = 201");
    gint64 orphans = count (db, "SELECT count (*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM "
                                "audit_log a WHERE a.case_number = c.number AND a.action = "
                                "'case.receive')");

    g_assert_cmpint (cases, >=, acknowledged);
    g_assert_cmpint (cases, <=, acknowledged + unanswered);
    g_assert_cmpint (receives, ==, cases);
    g_assert_cmpint (answers, ==, cases);
    g_assert_cmpint (orphans, ==, 0);
  }

  /* The clients resend what they never heard about, with the same keys. */
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autofree char *url = g_strconcat (server->base, "/cases", NULL);
      Client *c = &clients[i];

      for (guint j = 0; j < c->unanswered->len; j++)
        {
          guint last = c->sent - 1;
          const char *headers[] = { "Idempotency-Key", g_ptr_array_index (c->keys, last), NULL };
          g_autofree char *token = yc_test_login (session, server, "clerk1");
          g_autoptr (YcTestResponse) r = yc_test_request (session, "POST", url, token,
                                                          "application/json",
                                                          g_ptr_array_index (c->bodies, last),
                                                          -1, headers);

          g_assert_cmpuint (r->status, ==, 201);
        }
    }
  g_assert_cmpint (count (db, "SELECT count (*) FROM cases"), ==, acknowledged + unanswered);
  g_assert_cmpint (count (db, "SELECT count (*) FROM audit_log WHERE action = 'case.receive'"),
                   ==, acknowledged + unanswered);
  sqlite3_close (db);

  yc_test_server_stop (server);
  {
    g_autofree char *output = NULL;

    g_assert_cmpint (yc_test_server_admin (server, NULL, &output, "verify-audit", NULL), ==, 0);
  }

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_free (clients[i].window);
      g_free (clients[i].token);
      g_ptr_array_unref (clients[i].acknowledged);
      g_ptr_array_unref (clients[i].unanswered);
      g_ptr_array_unref (clients[i].keys);
      g_ptr_array_unref (clients[i].bodies);
    }
}

#define N_PAIR_CLIENTS 32
#define MAX_PAIRS 900

typedef struct
{
  guint      index;
  guint      first;              /* sequence numbers of its own, whichever run this is */
  char      *window;
  char      *token;
  GPtrArray *created;            /* numbers answered 201 */
  GPtrArray *accepted;           /* numbers whose accept was answered 200 */
} PairClient;

static gpointer
run_pair_client (gpointer data)
{
  PairClient *c = data;
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *cases = g_strconcat (server->base, "/cases", NULL);

  for (guint i = 0; i < MAX_PAIRS && !g_atomic_int_get (&stop_sending); i++)
    {
      char *number = yc_test_case_number (c->window, c->first + 1000 * (c->index / 8) + i);
      g_autofree char *body = yc_test_case_body (number, YC_TEST_HALL_ITEM, c->window, NULL,
                                                 NULL);
      g_autofree char *accept = g_strconcat (server->base, "/cases/", number,
                                             "/actions/accept", NULL);
      g_autofree char *key1 = g_uuid_string_random ();
      g_autofree char *key2 = g_uuid_string_random ();
      const char *headers1[] = { "Idempotency-Key", key1, NULL };
      const char *headers2[] = { "Idempotency-Key", key2, NULL };
      g_autoptr (GError) error = NULL;
      g_autoptr (YcTestResponse) r1 = NULL;
      g_autoptr (YcTestResponse) r2 = NULL;

      r1 = yc_test_try_request (session, "POST", cases, c->token, "application/json", body, -1,
                                headers1, &error);
      if (r1 == NULL)
        {
          g_free (number);
          break;
        }
      g_assert_cmpuint (r1->status, ==, 201);
      g_ptr_array_add (c->created, number);
      r2 = yc_test_try_request (session, "POST", accept, c->token, "application/json",
                                "{\"version\": 1}", -1, headers2, &error);
      if (r2 == NULL)
        break;
      g_assert_cmpuint (r2->status, ==, 200);
      g_ptr_array_add (c->accepted, g_strdup (number));
      g_atomic_int_inc (&n_acknowledged);
    }
  return NULL;
}

/* @graceful: SIGTERM instead of kill -9. A stopping server must still answer, or drop without
 * an answer, every request it took: nothing answered 2xx may be missing, and it exits 0. */
static void
interrupt_pairs (gboolean graceful)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  PairClient clients[N_PAIR_CLIENTS];
  GThread *threads[N_PAIR_CLIENTS];
  guint created = 0, accepted = 0;
  g_autofree char *admin = NULL;
  sqlite3 *db;

  yc_test_server_restart (server);
  g_atomic_int_set (&stop_sending, 0);
  g_atomic_int_set (&n_acknowledged, 0);
  for (guint i = 0; i < N_PAIR_CLIENTS; i++)
    {
      clients[i] = (PairClient) { 0 };
      clients[i].index = i;
      clients[i].first = graceful ? 5000 : 1000;
      clients[i].window = g_strdup_printf ("C%02u", 9 + i % 8);
      clients[i].token = yc_test_login (session, server, "clerk1");
      clients[i].created = g_ptr_array_new_with_free_func (g_free);
      clients[i].accepted = g_ptr_array_new_with_free_func (g_free);
    }
  for (guint i = 0; i < N_PAIR_CLIENTS; i++)
    threads[i] = g_thread_new ("pairs", run_pair_client, &clients[i]);
  wait_for_answers (2 * N_PAIR_CLIENTS);
  if (graceful)
    yc_test_server_stop (server);
  else
    yc_test_server_kill (server);
  g_atomic_int_set (&stop_sending, 1);
  for (guint i = 0; i < N_PAIR_CLIENTS; i++)
    g_thread_join (threads[i]);

  yc_test_server_restart (server);
  admin = yc_test_login (session, server, "admin");
  for (guint i = 0; i < N_PAIR_CLIENTS; i++)
    {
      PairClient *c = &clients[i];

      created += c->created->len;
      accepted += c->accepted->len;
      for (guint j = 0; j < c->created->len; j++)
        {
          const char *number = g_ptr_array_index (c->created, j);
          gboolean was_accepted = j < c->accepted->len;
          g_autofree char *url = g_strconcat (server->base, "/cases/", number, NULL);
          g_autoptr (YcTestResponse) r = yc_test_get (session, url, admin);
          JsonObject *o;

          g_assert_cmpuint (r->status, ==, 200);
          o = json_object_get_object_member (yc_test_object (r), "case");
          /* An acknowledged acceptance is there; an unacknowledged one may or may not be. */
          if (was_accepted)
            {
              g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "accepted");
              g_assert_cmpint (json_object_get_int_member (o, "version"), ==, 2);
            }
        }
    }
  g_test_message ("%u intakes and %u acceptances acknowledged before the %s", created,
                  accepted, graceful ? "stop" : "kill");
  g_assert_cmpuint (accepted, >, 0);

  /* Nothing half-written: each accepted case has its audit entry and its kept answer. */
  g_assert_cmpint (sqlite3_open_v2 (server->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (count (db, "SELECT count (*) FROM cases c WHERE c.state = 'accepted' AND "
                              "NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.case_number = "
                              "c.number AND a.action = 'case.accept')"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count (*) FROM cases WHERE state = 'accepted'"), ==,
                   count (db, "SELECT count (*) FROM idempotency WHERE status = 200"));
  g_assert_cmpint (count (db, "SELECT count (*) FROM cases WHERE state = 'accepted'"), >=,
                   accepted);
  sqlite3_close (db);

  yc_test_server_stop (server);
  {
    g_autofree char *output = NULL;

    g_assert_cmpint (yc_test_server_admin (server, NULL, &output, "verify-audit", NULL), ==, 0);
  }
  for (guint i = 0; i < N_PAIR_CLIENTS; i++)
    {
      g_free (clients[i].window);
      g_free (clients[i].token);
      g_ptr_array_unref (clients[i].created);
      g_ptr_array_unref (clients[i].accepted);
    }
}

static void
test_kill_during_pairs (void)
{
  interrupt_pairs (FALSE);
}

static void
test_stop_during_pairs (void)
{
  interrupt_pairs (TRUE);
}

static YcTestResponse *
post_case (SoupSession *session,
           const char  *token,
           const char  *body,
           const char  *key)
{
  g_autofree char *url = g_strconcat (server->base, "/cases", NULL);
  const char *headers[] = { "Idempotency-Key", key, NULL };

  return yc_test_request (session, "POST", url, token, "application/json", body, -1, headers);
}

/* The disk stops confirming (here: the write-ahead log is removed under the running server,
 * so that its flush fails): the write that was waiting for the flush is answered 503
 * not-confirmed, not 201; a read that could show it is refused too, and so is every write
 * after it. Restarted, the server takes the same request again, under the same key, exactly
 * once. */
static void
test_flush_failure (void)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *wal = NULL;
  g_autofree char *token = NULL;
  g_autofree char *first = yc_test_case_number ("C01", 7001);
  g_autofree char *second = yc_test_case_number ("C01", 7002);
  g_autofree char *first_body = yc_test_case_body (first, YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *second_body = yc_test_case_body (second, YC_TEST_HALL_ITEM, "C01", NULL,
                                                    NULL);
  g_autofree char *second_key = g_uuid_string_random ();
  g_autofree char *first_key = g_uuid_string_random ();
  g_autofree char *first_url = NULL;

  yc_test_server_restart (server);
  token = yc_test_login (session, server, "clerk1");
  {
    g_autoptr (YcTestResponse) r = post_case (session, token, first_body, first_key);

    g_assert_cmpuint (r->status, ==, 201);
  }

  wal = g_strconcat (server->db_path, "-wal", NULL);
  g_assert_cmpint (g_unlink (wal), ==, 0);
  {
    g_autoptr (YcTestResponse) r = post_case (session, token, second_body, second_key);

    g_assert_cmpuint (r->status, ==, 503);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "not-confirmed");
    g_assert_nonnull (strstr (json_object_get_string_member (yc_test_object (r), "detail"),
                              "send it again"));
  }
  first_url = g_strconcat (server->base, "/cases/", first, NULL);
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, first_url, token);

    g_assert_cmpuint (r->status, ==, 503);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "not-confirmed");
  }
  {
    g_autofree char *key = g_uuid_string_random ();
    g_autoptr (YcTestResponse) r = post_case (session, token, first_body, key);

    g_assert_cmpuint (r->status, ==, 503);
  }

  yc_test_server_kill (server);
  yc_test_server_restart (server);
  g_clear_pointer (&token, g_free);
  token = yc_test_login (session, server, "clerk1");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (YcTestResponse) r = post_case (session, token, second_body, second_key);
      JsonObject *o;

      g_assert_cmpuint (r->status, ==, 201);
      o = json_object_get_object_member (yc_test_object (r), "case");
      g_assert_cmpstr (json_object_get_string_member (o, "number"), ==, second);
      g_assert_cmpint (json_object_get_int_member (o, "version"), ==, 1);
    }
  yc_test_server_stop (server);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = yc_test_server_start ("[server]\nlog-requests=false\n");
  g_test_add_func ("/server/crash/kill-during-burst", test_kill_during_burst);
  g_test_add_func ("/server/crash/kill-during-pairs", test_kill_during_pairs);
  g_test_add_func ("/server/crash/stop-during-pairs", test_stop_during_pairs);
  g_test_add_func ("/server/crash/flush-failure", test_flush_failure);
  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
