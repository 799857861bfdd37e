/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outbox against a real HTTP backend on loopback: durability before sending, ordering,
 * retries with backoff, conflicts kept for the clerk, and exactly-once delivery when the
 * backend or the client itself is killed with SIGKILL in the middle of a sync. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>

#include "yc-outbox.h"
#include "yc-test-server.h"

#define WAIT_SECONDS 30

typedef struct
{
  char *dir;
  char *outbox_path;
  char *server_db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("yc-outbox-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->outbox_path = g_build_filename (f->dir, "sub", "outbox.sqlite", NULL);
  f->server_db = g_build_filename (f->dir, "server.sqlite", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->outbox_path);
  g_free (f->server_db);
}

/* Iterates the main context until @cond holds or the time is up. */
typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition cond,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
outbox_drained (gpointer data)
{
  YcOutbox *outbox = data;

  return yc_outbox_get_pending_count (outbox) == 0 && yc_outbox_is_idle (outbox);
}

static char *
url_for_port (guint port)
{
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* A port nothing listens on: bound, then closed again. */
static guint
dead_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);

  g_socket_listener_close (listener);
  return port;
}

static GPtrArray *
intake_entries (const char *number,
                gboolean    with_accept,
                const char *item_code)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_entry_free);
  g_autofree char *body = g_strdup_printf ("{\"number\":\"%s\",\"item_code\":\"%s\","
                                           "\"item_version\":1,\"window_code\":\"C07\"}",
                                           number, item_code);
  g_autoptr(JsonNode) create = json_from_string (body, NULL);
  g_autofree char *cases = yc_rest_path_cases ();

  g_ptr_array_add (entries, yc_outbox_entry_new_json ("create_case", number, cases, create,
                                                      number));
  if (with_accept)
    {
      g_autoptr(JsonNode) action = yc_rest_action_body (NULL, -1);
      g_autofree char *path = yc_rest_path_case_action (number, "accept");

      g_ptr_array_add (entries, yc_outbox_entry_new_json ("action", number, path, action,
                                                          number));
    }
  return entries;
}

static char *
number_for (guint i)
{
  return g_strdup_printf ("320826-C07-20261129-%04u", i);
}

static YcOutbox *
new_outbox (Fixture    *f,
            const char *url)
{
  g_autoptr(YcRestClient) client = yc_rest_client_new (url);
  g_autoptr(GError) error = NULL;
  YcOutbox *outbox;

  yc_rest_client_set_token (client, "t-1");
  outbox = yc_outbox_new (f->outbox_path, client, &error);
  g_assert_no_error (error);
  yc_outbox_set_retry_delays (outbox, 10, 100);
  return outbox;
}

/* ---- case numbers --------------------------------------------------------------------- */

static void
test_mint (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate day, next_day;
  static const struct {
    const char *window;
    int         day_offset;
    const char *expected;
  } table[] = {
    { "C07", 0, "320826-C07-20261129-0001" },
    { "C07", 0, "320826-C07-20261129-0002" },
    { "C08", 0, "320826-C08-20261129-0001" },
    { "C07", 1, "320826-C07-20261130-0001" },
    { "C07", 0, "320826-C07-20261129-0003" },
  };

  g_date_set_dmy (&day, 29, G_DATE_NOVEMBER, 2026);
  next_day = day;
  g_date_add_days (&next_day, 1);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(YcOutbox) outbox = new_outbox (f, "http://127.0.0.1:1");

      for (guint i = 0; i < G_N_ELEMENTS (table); i++)
        {
          g_autofree char *number = NULL;

          number = yc_outbox_mint_case_number (outbox, "320826", table[i].window,
                                               table[i].day_offset ? &next_day : &day,
                                               &error);
          g_assert_no_error (error);
          if (round == 0)
            g_assert_cmpstr (number, ==, table[i].expected);
          else
            /* After reopening the file the sequence goes on, never repeats. */
            g_assert_cmpstr (number, !=, table[i].expected);
        }
    }
}

static void
test_mint_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(YcOutbox) outbox = new_outbox (f, "http://127.0.0.1:1");
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  sqlite3 *db;
  GDate day;

  g_date_set_dmy (&day, 29, G_DATE_NOVEMBER, 2026);
  number = yc_outbox_mint_case_number (outbox, "320826", "C07", &day, &error);
  g_assert_no_error (error);
  g_clear_pointer (&number, g_free);

  g_assert_cmpint (sqlite3_open (f->outbox_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE sequences SET last = 9999", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  number = yc_outbox_mint_case_number (outbox, "320826", "C07", &day, &error);
  g_assert_error (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_SEQUENCE_FULL);
  g_assert_null (number);
  g_clear_error (&error);
  /* Nothing half-written: the sequence is still at 9999, another window still works. */
  g_assert_cmpuint (yc_test_server_count (f->outbox_path, "SELECT last FROM sequences "
                                                          "WHERE window = 'C07'"), ==, 9999);
  number = yc_outbox_mint_case_number (outbox, "320826", "C08", &day, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, "320826-C08-20261129-0001");
}

/* ---- offline, then back --------------------------------------------------------------- */

static gboolean
attempted_twice (gpointer data)
{
  g_autoptr(YcOutboxEntry) entry = yc_outbox_get_entry (data, 1, NULL);

  return entry != NULL && entry->attempts >= 2;
}

static void
test_offline_then_back (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *dead = url_for_port (dead_port ());
  g_autoptr(YcOutbox) outbox = new_outbox (f, dead);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTestServer) server = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(YcOutboxEntry) first = NULL;
  gboolean online = TRUE;
  g_autofree char *last_error = NULL;

  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *number = number_for (i);
      g_autoptr(GPtrArray) entries = intake_entries (number, TRUE, "ITEM");

      g_assert_true (yc_outbox_enqueue (outbox, entries, &error));
      g_assert_no_error (error);
      g_assert_cmpint (((YcOutboxEntry *) entries->pdata[0])->id, >, 0);
    }
  g_assert_cmpuint (yc_outbox_get_pending_count (outbox), ==, 10);

  /* Committed before any send: another connection sees every row. */
  g_assert_cmpuint (yc_test_server_count (f->outbox_path, "SELECT COUNT(*) FROM entries "
                                                          "WHERE state = 0"), ==, 10);

  /* The backend is down: the head entry is retried with backoff, nothing is lost. */
  g_assert_true (wait_for (attempted_twice, outbox));
  g_object_get (outbox, "online", &online, "last-error", &last_error, NULL);
  g_assert_false (online);
  g_assert_nonnull (last_error);
  first = yc_outbox_get_entry (outbox, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->error_code, ==, YC_REST_ERROR_UNREACHABLE);
  g_assert_cmpuint (yc_outbox_get_pending_count (outbox), ==, 10);

  /* It comes back (at a new address): everything goes out, in order, once. */
  server = yc_test_server_new (f->server_db, 0, &error);
  g_assert_no_error (error);
  url = url_for_port (yc_test_server_get_port (server));
  yc_rest_client_set_base_url (yc_outbox_get_client (outbox), url);
  yc_outbox_start (outbox);
  g_assert_true (wait_for (outbox_drained, outbox));

  g_assert_cmpuint (yc_outbox_get_conflict_count (outbox), ==, 0);
  g_assert_cmpuint (yc_test_server_count (f->server_db, "SELECT COUNT(*) FROM cases"), ==, 5);
  g_assert_cmpuint (yc_test_server_count (f->server_db, "SELECT COUNT(*) FROM cases WHERE "
                                                        "version = 2 AND state = 'accept'"),
                    ==, 5);
  /* "version": null was filled in from the create's answer. */
  g_assert_cmpuint (yc_test_server_count (f->server_db, "SELECT COUNT(*) FROM actions WHERE "
                                                        "version = 1"), ==, 5);
  g_assert_cmpuint (yc_test_server_count (f->server_db, "SELECT COUNT(*) FROM requests"), ==,
                    10);
  /* In order: create, accept, create, accept … as queued. */
  g_assert_cmpuint (yc_test_server_count (f->server_db,
                                          "SELECT COUNT(*) FROM requests WHERE "
                                          "(id % 2 = 1) != (path = '/api/v1/cases')"), ==, 0);
  pending = yc_outbox_list (outbox, YC_OUTBOX_STATE_SENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 10);
  for (guint i = 1; i < pending->len; i++)
    g_assert_cmpint (((YcOutboxEntry *) pending->pdata[i - 1])->id, <,
                     ((YcOutboxEntry *) pending->pdata[i])->id);
  g_assert_nonnull (((YcOutboxEntry *) pending->pdata[0])->response);
}

/* ---- conflicts ------------------------------------------------------------------------ */

static void
on_conflict (YcOutbox      *outbox,
             YcOutboxEntry *entry,
             gpointer       data)
{
  guint *count = data;

  (*count)++;
}

static gboolean
conflicts_at_least (gpointer data)
{
  YcOutbox *outbox = data;
  guint wanted = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (outbox), "wanted"));

  return yc_outbox_get_conflict_count (outbox) >= wanted && yc_outbox_is_idle (outbox);
}

static void
test_conflicts (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTestServer) server = yc_test_server_new (f->server_db, 0, &error);
  g_autofree char *url = url_for_port (yc_test_server_get_port (server));
  g_autoptr(YcOutbox) outbox = new_outbox (f, url);
  g_autofree char *taken = number_for (1);
  g_autofree char *other = number_for (2);
  g_autofree char *bad = number_for (3);
  g_autoptr(GPtrArray) first = intake_entries (taken, FALSE, "ITEM");
  g_autoptr(GPtrArray) clash = intake_entries (taken, TRUE, "ITEM");
  g_autoptr(GPtrArray) fine = intake_entries (other, TRUE, "ITEM");
  g_autoptr(GPtrArray) invalid = intake_entries (bad, FALSE, "INVALID");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) held = NULL;
  YcOutboxEntry *c0, *c1;
  guint signalled = 0;

  g_signal_connect (outbox, "entry-conflict", G_CALLBACK (on_conflict), &signalled);

  g_assert_true (yc_outbox_enqueue (outbox, first, &error));
  g_assert_true (wait_for (outbox_drained, outbox));

  /* Same number again (another workstation used it): 409 → conflict, never dropped; the
   * accept queued behind it for the same case is held; other cases go through. */
  g_assert_true (yc_outbox_enqueue (outbox, clash, &error));
  g_assert_true (yc_outbox_enqueue (outbox, fine, &error));
  g_assert_true (yc_outbox_enqueue (outbox, invalid, &error));
  g_assert_no_error (error);
  g_object_set_data (G_OBJECT (outbox), "wanted", GUINT_TO_POINTER (2));
  g_assert_true (wait_for (conflicts_at_least, outbox));

  g_assert_cmpuint (signalled, ==, 2);
  g_assert_cmpuint (yc_outbox_get_conflict_count (outbox), ==, 2);
  g_assert_cmpuint (yc_outbox_get_pending_count (outbox), ==, 1);
  conflicts = yc_outbox_list (outbox, YC_OUTBOX_STATE_CONFLICT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 2);
  c0 = conflicts->pdata[0];
  c1 = conflicts->pdata[1];
  g_assert_cmpstr (c0->case_number, ==, taken);
  g_assert_cmpint (c0->error_code, ==, YC_REST_ERROR_CONFLICT);
  g_assert_cmpuint (c0->http_status, ==, 409);
  g_assert_cmpstr (c0->last_error, ==, "The case number is already used.");
  g_assert_cmpstr (c1->case_number, ==, bad);
  g_assert_cmpint (c1->error_code, ==, YC_REST_ERROR_INVALID);
  g_assert_cmpuint (c1->http_status, ==, 422);

  held = yc_outbox_list (outbox, YC_OUTBOX_STATE_PENDING, &error);
  g_assert_cmpuint (held->len, ==, 1);
  g_assert_cmpstr (((YcOutboxEntry *) held->pdata[0])->kind, ==, "action");
  g_assert_cmpstr (((YcOutboxEntry *) held->pdata[0])->case_number, ==, taken);
  g_assert_cmpuint (yc_test_server_count (f->server_db, "SELECT COUNT(*) FROM cases WHERE "
                                                        "state = 'accept'"), ==, 1);

  /* Retrying a conflict that still clashes gives the same answer (the backend's record). */
  g_assert_true (yc_outbox_retry_entry (outbox, c0->id, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (conflicts_at_least, outbox));
  g_assert_cmpuint (yc_outbox_get_conflict_count (outbox), ==, 2);

  /* Only conflicts can be retried or discarded. */
  g_assert_false (yc_outbox_discard_entry (outbox, ((YcOutboxEntry *) held->pdata[0])->id,
                                           &error));
  g_assert_error (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Given up, the held accept goes out and lands on the case the first intake made. */
  g_assert_true (yc_outbox_discard_entry (outbox, c0->id, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (outbox_drained, outbox));
  g_assert_cmpuint (yc_outbox_get_conflict_count (outbox), ==, 1);
  g_assert_cmpuint (yc_test_server_count (f->outbox_path, "SELECT COUNT(*) FROM entries WHERE "
                                                          "state = 3"), ==, 1);
  g_assert_cmpuint (yc_test_server_count (f->server_db, "SELECT COUNT(*) FROM cases WHERE "
                                                        "state = 'accept'"), ==, 2);
}

/* ---- killing the backend or the client ------------------------------------------------ */

typedef struct
{
  GSubprocess *process;
  guint        port;
} Child;

static void
child_start (Child       *child,
             const char  *mode,
             const char  *path,
             const char  *arg2,
             const char  *arg3)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  child->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                     "/proc/self/exe", mode, path, arg2, arg3, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  child->port = (guint) g_ascii_strtoull (line, NULL, 10);
}

static void
child_kill (Child *child)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (child->process, SIGKILL);
  g_subprocess_wait (child->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (child->process));
  g_clear_object (&child->process);
}

typedef struct
{
  const char *db;
  guint       answers;
} AnswersWanted;

static gboolean
answers_reached (gpointer data)
{
  AnswersWanted *w = data;

  return yc_test_server_count (w->db, "SELECT COUNT(*) FROM answers") >= w->answers;
}

#define KILL_INTAKES 20

static void
assert_exactly_once (Fixture *f)
{
  g_assert_cmpuint (yc_test_server_count (f->server_db, "SELECT COUNT(*) FROM cases"), ==,
                    KILL_INTAKES);
  g_assert_cmpuint (yc_test_server_count (f->server_db, "SELECT COUNT(*) FROM cases WHERE "
                                                        "version = 2"), ==, KILL_INTAKES);
  g_assert_cmpuint (yc_test_server_count (f->server_db, "SELECT COUNT(*) FROM actions"), ==,
                    KILL_INTAKES);
  g_assert_cmpuint (yc_test_server_count (f->server_db, "SELECT COUNT(*) FROM answers"), ==,
                    2 * KILL_INTAKES);
  g_assert_cmpuint (yc_test_server_count (f->outbox_path, "SELECT COUNT(*) FROM entries "
                                                          "WHERE state = 1"), ==,
                    2 * KILL_INTAKES);
}

static void
test_server_killed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(YcOutbox) outbox = NULL;
  g_autofree char *url = NULL;
  g_autofree char *url2 = NULL;
  AnswersWanted wanted = { f->server_db, 8 };
  Child server = { 0 };
  g_autoptr(GError) error = NULL;

  /* Answers held back 30 ms after the commit: the kill lands between effect and answer. */
  child_start (&server, "--serve", f->server_db, "30", NULL);
  url = url_for_port (server.port);
  outbox = new_outbox (f, url);
  for (guint i = 1; i <= KILL_INTAKES; i++)
    {
      g_autofree char *number = number_for (i);
      g_autoptr(GPtrArray) entries = intake_entries (number, TRUE, "ITEM");

      g_assert_true (yc_outbox_enqueue (outbox, entries, &error));
    }

  g_assert_true (wait_for (answers_reached, &wanted));
  child_kill (&server);
  g_assert_cmpuint (yc_outbox_get_pending_count (outbox), >, 0);

  /* Let it fail against the dead backend for a while, then bring it back. */
  wait_ms (300);
  g_assert_false (yc_outbox_is_idle (outbox) && yc_outbox_get_pending_count (outbox) == 0);
  child_start (&server, "--serve", f->server_db, "0", NULL);
  url2 = url_for_port (server.port);
  yc_rest_client_set_base_url (yc_outbox_get_client (outbox), url2);
  yc_outbox_start (outbox);
  g_assert_true (wait_for (outbox_drained, outbox));
  child_kill (&server);

  g_assert_cmpuint (yc_outbox_get_conflict_count (outbox), ==, 0);
  assert_exactly_once (f);
}

static void
test_client_killed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(YcOutbox) outbox = NULL;
  g_autofree char *url = NULL;
  g_autofree char *count = g_strdup_printf ("%u", KILL_INTAKES);
  AnswersWanted wanted = { f->server_db, 6 };
  Child server = { 0 };
  Child client = { 0 };

  child_start (&server, "--serve", f->server_db, "30", NULL);
  url = url_for_port (server.port);
  /* The client child answers "0" once all intakes are committed, then starts sending. */
  child_start (&client, "--client", f->outbox_path, url, count);
  g_assert_true (wait_for (answers_reached, &wanted));
  child_kill (&client);
  g_assert_cmpuint (yc_test_server_count (f->server_db, "SELECT COUNT(*) FROM answers"), <,
                    2 * KILL_INTAKES);

  /* A new client process on the same file finishes the job, nothing twice. */
  outbox = new_outbox (f, url);
  g_assert_cmpuint (yc_outbox_get_pending_count (outbox), >, 0);
  yc_outbox_start (outbox);
  g_assert_true (wait_for (outbox_drained, outbox));
  child_kill (&server);

  g_assert_cmpuint (yc_outbox_get_conflict_count (outbox), ==, 0);
  assert_exactly_once (f);
}

static int
client_main (const char *path,
             const char *url,
             guint       intakes)
{
  g_autoptr(YcRestClient) client = yc_rest_client_new (url);
  g_autoptr(YcOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;

  yc_rest_client_set_token (client, "t-1");
  outbox = yc_outbox_new (path, client, &error);
  if (outbox == NULL)
    g_error ("%s", error->message);
  yc_outbox_stop (outbox);
  for (guint i = 1; i <= intakes; i++)
    {
      g_autofree char *number = number_for (i);
      g_autoptr(GPtrArray) entries = intake_entries (number, TRUE, "ITEM");

      if (!yc_outbox_enqueue (outbox, entries, &error))
        g_error ("%s", error->message);
      yc_outbox_stop (outbox);
    }
  g_print ("0\n");
  fflush (stdout);
  yc_outbox_start (outbox);
  while (!outbox_drained (outbox))
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 4 && g_str_equal (argv[1], "--serve"))
    return yc_test_server_main (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
  if (argc >= 5 && g_str_equal (argv[1], "--client"))
    return client_main (argv[2], argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10));

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/outbox/mint", Fixture, NULL, fixture_set_up, test_mint, fixture_tear_down);
  g_test_add ("/outbox/mint-full", Fixture, NULL, fixture_set_up, test_mint_full,
              fixture_tear_down);
  g_test_add ("/outbox/offline-then-back", Fixture, NULL, fixture_set_up,
              test_offline_then_back, fixture_tear_down);
  g_test_add ("/outbox/conflicts", Fixture, NULL, fixture_set_up, test_conflicts,
              fixture_tear_down);
  g_test_add ("/outbox/server-killed", Fixture, NULL, fixture_set_up, test_server_killed,
              fixture_tear_down);
  g_test_add ("/outbox/client-killed", Fixture, NULL, fixture_set_up, test_client_killed,
              fixture_tear_down);

  return g_test_run ();
}
