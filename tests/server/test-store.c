/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SQLite store and the writer on their own: migrations, durability settings, version
 * checks, search, idempotency records, the audit chain and group commit. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "yc-audit.h"
#include "yc-server-error.h"
#include "yc-store-sqlite.h"
#include "yc-test-server.h"
#include "yc-writer.h"

typedef struct
{
  char    *dir;
  char    *path;
  YcStore *store;
} Fixture;

static void
setup (Fixture      *f,
       gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("yc-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = yc_store_sqlite_open (f->path, YC_STORE_SQLITE_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture      *f,
          gconstpointer data)
{
  g_clear_object (&f->store);
  yc_test_remove_database (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
pragma_int (const char *path,
            const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_migrations (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStore) again = NULL;
  sqlite3 *db;

  g_assert_cmpint (yc_store_sqlite_schema_version (YC_STORE_SQLITE (f->store)), ==,
                   yc_store_sqlite_latest_schema ());
  g_assert_cmpint (pragma_int (f->path, "SELECT count (*) FROM schema_migrations"), ==,
                   yc_store_sqlite_latest_schema ());
  /* Opening again applies nothing twice. */
  again = yc_store_sqlite_open (f->path, YC_STORE_SQLITE_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&again);
  g_assert_cmpint (pragma_int (f->path, "SELECT count (*) FROM schema_migrations"), ==,
                   yc_store_sqlite_latest_schema ());

  /* A database from a newer yichuangd is refused rather than damaged. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO schema_migrations VALUES (999, 0)", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  again = yc_store_sqlite_open (f->path, YC_STORE_SQLITE_DEFAULT, &error);
  g_assert_null (again);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_SCHEMA);
}

static void
test_durability_settings (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStore) reader = yc_store_open_another (f->store, &error);
  YcUserRecord user = { (char *) "u", (char *) "U", (char *) "clerk", NULL, NULL, NULL,
                        (char *) "$argon2id$x", FALSE, 1 };

  g_assert_no_error (error);
  {
    sqlite3 *db;
    sqlite3_stmt *stmt;

    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  /* Read connections cannot write, whatever a bug upstairs might try. */
  g_assert_false (yc_store_user_insert (reader, &user, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (yc_store_user_insert (f->store, &user, &error));
  g_assert_no_error (error);
  /* Foreign keys are enforced: a session for nobody is refused. */
  g_assert_false (yc_store_session_insert (f->store, "h", "nobody", 1, 2, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
}

static void
test_sessions (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  YcUserRecord user = { (char *) "u", (char *) "U", (char *) "clerk", NULL, NULL, (char *) "C01",
                        (char *) "$argon2id$x", FALSE, 1 };
  g_autoptr (YcUserRecord) found = NULL;
  gint64 expires = 0;

  g_assert_true (yc_store_user_insert (f->store, &user, &error));
  g_assert_true (yc_store_session_insert (f->store, "h1", "u", 100, 200, &error));
  g_assert_true (yc_store_session_insert (f->store, "h2", "u", 100, 900, &error));
  found = yc_store_session_lookup (f->store, "h1", 150, &expires, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->window_code, ==, "C01");
  g_assert_cmpint (expires, ==, 200);
  g_clear_pointer (&found, yc_user_record_free);

  /* Expired: gone for lookups at once, and from the table at the next purge. */
  g_assert_null (yc_store_session_lookup (f->store, "h1", 200, NULL, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (yc_store_sessions_purge (f->store, 500, &error));
  g_assert_cmpint (pragma_int (f->path, "SELECT count (*) FROM sessions"), ==, 1);

  /* A disabled account has no live session. */
  user.disabled = TRUE;
  g_assert_true (yc_store_user_update (f->store, &user, &error));
  g_assert_null (yc_store_session_lookup (f->store, "h2", 150, NULL, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
}

static YcCaseRecord *
make_case (const char *number,
           const char *name,
           const char *id_number,
           const char *window)
{
  YcCaseRecord *r = g_new0 (YcCaseRecord, 1);

  r->number = g_strdup (number);
  r->item_code = g_strdup ("ITEM");
  r->item_version = 1;
  r->department_code = g_strdup ("D1");
  r->window_code = g_strdup (window);
  r->state = g_strdup ("received");
  r->applicant_name = g_strdup (name);
  r->applicant_id_number = g_strdup (id_number);
  r->received_at = 1000;
  r->received_on = g_strdup ("2026-11-29");
  r->deadline_status = g_strdup ("not_started");
  r->committed_limit = 2;
  r->legal_limit = 20;
  r->version = 1;
  r->updated_at = 1000;
  r->received_by = g_strdup ("clerk");
  r->create_hash = g_strdup ("hash");
  r->body = g_strdup ("{}");
  return r;
}

static void
test_cases (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YcCaseRecord) a = make_case ("N-1", "欧阳修", "320826197511200033", "C01");
  g_autoptr (YcCaseRecord) b = make_case ("N-2", "欧阳询", "320826200106300043", "C02");
  g_autoptr (YcCaseRecord) dup = make_case ("N-1", "someone", "X", "C01");
  g_autoptr (YcCaseRecord) got = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  YcCaseQuery q = { 0 };
  guint total;
  gboolean capped;
  gint64 token, seq_a;

  g_assert_true (yc_store_case_insert (f->store, a, &error));
  g_assert_no_error (error);
  g_assert_true (yc_store_case_insert (f->store, b, &error));
  g_assert_cmpint (b->change_seq, >, a->change_seq);
  g_assert_false (yc_store_case_insert (f->store, dup, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Optimistic locking. */
  seq_a = a->change_seq;
  a->version = 2;
  g_free (a->state);
  a->state = g_strdup ("accepted");
  g_assert_false (yc_store_case_update (f->store, a, 7, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (yc_store_case_update (f->store, a, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (a->change_seq, >, b->change_seq);
  got = yc_store_case_get (f->store, "N-1", &error);
  g_assert_cmpstr (got->state, ==, "accepted");
  g_assert_cmpint (got->version, ==, 2);
  g_assert_null (yc_store_case_get (f->store, "N-9", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  q.q = "欧阳";
  q.page = 1;
  q.page_size = 10;
  rows = yc_store_case_search (f->store, &q, 100, &total, &capped, &token, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 2);
  g_assert_false (capped);
  g_assert_cmpint (token, ==, a->change_seq);
  g_clear_pointer (&rows, g_ptr_array_unref);

  q.q = "320826200106300043";
  rows = yc_store_case_search (f->store, &q, 100, &total, &capped, &token, &error);
  g_assert_cmpuint (total, ==, 1);
  g_assert_cmpstr (((YcCaseRecord *) rows->pdata[0])->number, ==, "N-2");
  g_assert_null (((YcCaseRecord *) rows->pdata[0])->body);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* since: only what changed after the token, in change order. */
  q.q = NULL;
  q.has_since = TRUE;
  q.since = seq_a;
  rows = yc_store_case_search (f->store, &q, 100, &total, &capped, &token, &error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((YcCaseRecord *) rows->pdata[0])->number, ==, "N-2");
  g_assert_cmpstr (((YcCaseRecord *) rows->pdata[1])->number, ==, "N-1");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* The caller's scope is a filter no query can widen. */
  q.has_since = FALSE;
  q.scope_township = "320826100";
  rows = yc_store_case_search (f->store, &q, 100, &total, &capped, &token, &error);
  g_assert_cmpuint (total, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* The total stops counting at the cap. */
  q.scope_township = NULL;
  rows = yc_store_case_search (f->store, &q, 1, &total, &capped, &token, &error);
  g_assert_cmpuint (total, ==, 1);
  g_assert_true (capped);
}

static void
test_idempotency_records (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = g_bytes_new_static ("{\"a\":1}", 7);
  YcStoredResponse stored = { (char *) "rh", 201, (char *) "application/json", (char *) "\"1\"",
                              NULL, body };
  g_autoptr (YcStoredResponse) got = NULL;

  g_assert_true (yc_store_idempotency_insert (f->store, "u", "k", &stored, 100, &error));
  g_assert_false (yc_store_idempotency_insert (f->store, "u", "k", &stored, 100, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  got = yc_store_idempotency_lookup (f->store, "u", "k", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->status, ==, 201);
  g_assert_cmpstr (got->etag, ==, "\"1\"");
  g_assert_true (g_bytes_equal (got->body, body));
  g_assert_null (yc_store_idempotency_lookup (f->store, "other", "k", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (yc_store_idempotency_purge (f->store, 101, &error));
  g_assert_null (yc_store_idempotency_lookup (f->store, "u", "k", &error));
}

static void
test_audit_chain (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 n = 0;
  sqlite3 *db;

  g_assert_true (yc_audit_verify (f->store, &n, &error));
  g_assert_cmpint (n, ==, 0);
  for (int i = 0; i < 5; i++)
    {
      g_assert_true (yc_store_begin_write (f->store, &error));
      g_assert_true (yc_audit_append (f->store, "clerk", "127.0.0.1", "case.read", "N-1",
                                      "{\"x\":\"y\"}", &error));
      g_assert_true (yc_store_commit (f->store, &error));
      g_assert_no_error (error);
    }
  g_assert_true (yc_audit_verify (f->store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 5);

  /* Someone with the database file removes the last entry. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log WHERE id = 5", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (yc_audit_verify (f->store, NULL, &error));
  g_assert_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_AUDIT_BROKEN);
}

/* Group commit: many threads at once share commits, and each one's write is there. */
typedef struct
{
  YcWriter *writer;
  guint     thread;
} Pusher;

static gboolean
add_failure (YcStore *store,
             gpointer user_data,
             GError **error)
{
  const char *key = user_data;

  return yc_store_login_failure_add (store, key, "addr", g_get_real_time () / G_USEC_PER_SEC,
                                     error);
}

static gboolean
fail_job (YcStore *store,
          gpointer user_data,
          GError **error)
{
  /* Writes something, then fails: the savepoint must take the write back. */
  if (!yc_store_login_failure_add (store, "doomed", "addr", 1, error))
    return FALSE;
  g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED, "refused");
  return FALSE;
}

static gpointer
push (gpointer data)
{
  Pusher *p = data;

  for (int i = 0; i < 20; i++)
    {
      g_autofree char *key = g_strdup_printf ("t%u", p->thread);
      g_autoptr (GError) error = NULL;

      if (i == 10)
        {
          g_assert_false (yc_writer_run (p->writer, fail_job, NULL, &error));
          g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED);
          continue;
        }
      g_assert_true (yc_writer_run (p->writer, add_failure, key, &error));
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_group_commit (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (YcWriter) writer = yc_writer_new (f->store, 64);
  Pusher pushers[32];
  GThread *threads[32];
  YcWriterStats stats;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      pushers[i] = (Pusher) { writer, i };
      threads[i] = g_thread_new ("push", push, &pushers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  yc_writer_get_stats (writer, &stats);
  g_test_message ("%" G_GUINT64_FORMAT " jobs in %" G_GUINT64_FORMAT " commits", stats.jobs,
                  stats.commits);
  g_assert_cmpuint (stats.jobs, ==, 32 * 20);
  g_assert_cmpuint (stats.commits, <=, stats.jobs);
  /* The flushes ran beside the writer, each covering one or more commits. */
  g_assert_cmpuint (stats.flushes, >=, 1);
  g_assert_cmpuint (stats.flushes, <=, stats.commits);
  g_assert_true (yc_writer_wait_durable (writer, yc_writer_horizon (writer), NULL));
  g_clear_pointer (&writer, yc_writer_free);

  g_assert_cmpint (pragma_int (f->path, "SELECT count (*) FROM login_failures"), ==, 32 * 19);
  g_assert_cmpint (pragma_int (f->path, "SELECT count (*) FROM login_failures "
                                        "WHERE user_name = 'doomed'"), ==, 0);
}

/* A commit is acknowledged only once its flush has succeeded. The log vanishing under an open
 * database is a flush that cannot succeed: the write that committed meanwhile is answered with
 * an error, a reader that may have seen it is refused, and so is every write after it (the
 * disk is no longer trusted until an administrator restarts the server). */
static void
test_flush_failure (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (YcWriter) writer = yc_writer_new (f->store, 64);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (yc_writer_run (writer, add_failure, (gpointer) "before", &error));
  g_assert_no_error (error);
  g_assert_true (yc_writer_wait_durable (writer, yc_writer_horizon (writer), &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_unlink (wal), ==, 0);
  g_test_expect_message ("yc-writer", G_LOG_LEVEL_WARNING,
                         "Committed writes could not be made durable*removed*");
  g_assert_false (yc_writer_run (writer, add_failure, (gpointer) "unflushed", &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_DURABLE);
  g_assert_nonnull (strstr (error->message, "removed"));
  g_clear_error (&error);

  g_assert_false (yc_writer_wait_durable (writer, yc_writer_horizon (writer), &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_DURABLE);
  g_clear_error (&error);

  g_assert_false (yc_writer_run (writer, add_failure, (gpointer) "after", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_DURABLE);
}

/* Submitted jobs: nobody waits, the callback is the answer. It comes only once the job's
 * commit is durable (another connection sees it then), with the job's own error for a job
 * that failed, and with NOT_DURABLE for one whose flush failed; freeing the writer calls every
 * outstanding callback first. */
typedef struct
{
  const char *path;
  GMutex      lock;
  guint       done;
  guint       failed;
  guint       not_durable;
  guint       visible;
} Submitted;

static gboolean
submitted_add (YcStore *store,
               gpointer user_data,
               GError **error)
{
  return add_failure (store, (gpointer) "submitted", error);
}

static void
submitted_done (const GError *error,
                gpointer      user_data)
{
  Submitted *s = user_data;
  gint64 rows = error != NULL ? 0 : pragma_int (s->path, "SELECT count (*) FROM login_failures "
                                                         "WHERE user_name = 'submitted'");

  g_mutex_lock (&s->lock);
  s->done++;
  if (g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED))
    s->failed++;
  else if (g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_DURABLE))
    s->not_durable++;
  else
    {
      g_assert_no_error (error);
      /* At least this job's row, seen by a connection of its own: it is committed. */
      if (rows >= 1)
        s->visible++;
    }
  g_mutex_unlock (&s->lock);
}

static void
test_submitted (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (YcWriter) writer = yc_writer_new (f->store, 64);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  Submitted s = { f->path };
  YcWriterStats stats;

  g_mutex_init (&s.lock);
  for (guint i = 0; i < 40; i++)
    yc_writer_submit (writer, i % 10 == 9 ? fail_job : submitted_add, submitted_done, &s);
  /* Freeing waits for the queue and calls every callback. */
  yc_writer_get_stats (writer, &stats);
  g_clear_pointer (&writer, yc_writer_free);
  g_assert_cmpuint (s.done, ==, 40);
  g_assert_cmpuint (s.failed, ==, 4);
  g_assert_cmpuint (s.visible, ==, 36);
  g_assert_cmpint (pragma_int (f->path, "SELECT count (*) FROM login_failures "
                                        "WHERE user_name = 'submitted'"), ==, 36);
  g_assert_cmpint (pragma_int (f->path, "SELECT count (*) FROM login_failures "
                                        "WHERE user_name = 'doomed'"), ==, 0);

  /* A flush that fails: the submitted job is answered NOT_DURABLE, never success. */
  writer = yc_writer_new (f->store, 64);
  g_assert_cmpint (g_unlink (wal), ==, 0);
  g_test_expect_message ("yc-writer", G_LOG_LEVEL_WARNING,
                         "Committed writes could not be made durable*removed*");
  s.done = s.visible = 0;
  yc_writer_submit (writer, submitted_add, submitted_done, &s);
  g_clear_pointer (&writer, yc_writer_free);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (s.done, ==, 1);
  g_assert_cmpuint (s.not_durable, ==, 1);
  g_assert_cmpuint (s.visible, ==, 0);
  g_mutex_clear (&s.lock);
}

/* One group, one bad request: N intakes queue up while the writer is held, so that they run
 * in one transaction; the one whose number is taken has already written its audit entry when
 * it fails. It alone gets an error, its audit entry goes with it, the others commit, and the
 * audit chain runs through them in the order they were committed. */
#define GROUP_SIZE 12
#define GROUP_BAD 5

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean entered;              /* the gate job is running: the writer is in a transaction */
  gboolean open;
} Gate;

typedef struct
{
  YcWriter *writer;
  Gate     *gate;
  guint     index;
  char     *number;
  gboolean  ok;
  GError   *error;
} Intake;

static gboolean
gate_job (YcStore *store,
          gpointer user_data,
          GError **error)
{
  Gate *gate = user_data;

  g_mutex_lock (&gate->lock);
  gate->entered = TRUE;
  g_cond_broadcast (&gate->cond);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
  return TRUE;
}

static gboolean
intake_job (YcStore *store,
            gpointer user_data,
            GError **error)
{
  Intake *in = user_data;
  g_autoptr (YcCaseRecord) r = make_case (in->number, "张三", "11010519491231002X", "C01");

  /* The audit entry first, as a route might: the failure must take it back. */
  return yc_audit_append (store, "clerk", "127.0.0.1", "case.receive", in->number, NULL,
                          error) &&
         yc_store_case_insert (store, r, error);
}

static gpointer
run_gate (gpointer data)
{
  Intake *in = data;

  g_assert_true (yc_writer_run (in->writer, gate_job, in->gate, NULL));
  return NULL;
}

static gpointer
run_intake (gpointer data)
{
  Intake *in = data;

  in->ok = yc_writer_run (in->writer, intake_job, in, &in->error);
  return NULL;
}

static void
test_group_one_failure (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (YcWriter) writer = yc_writer_new (f->store, 64);
  g_autoptr (GError) error = NULL;
  g_autoptr (YcCaseRecord) taken = make_case ("N-TAKEN", "李四", "11010519491231002X", "C01");
  Gate gate = { .entered = FALSE, .open = FALSE };
  Intake gate_holder = { writer, &gate, 0, NULL, FALSE, NULL };
  Intake intakes[GROUP_SIZE];
  GThread *threads[GROUP_SIZE];
  GThread *gate_thread;
  YcWriterStats before, after;
  guint failed = 0;
  gint64 n = 0;

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  g_assert_true (yc_store_begin_write (f->store, &error));
  g_assert_true (yc_store_case_insert (f->store, taken, &error));
  g_assert_true (yc_store_commit (f->store, &error));

  /* Hold the writer inside a transaction, and queue the group behind it. */
  gate_thread = g_thread_new ("gate", run_gate, &gate_holder);
  g_mutex_lock (&gate.lock);
  while (!gate.entered)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);
  g_assert_cmpuint (yc_writer_queued (writer), ==, 0);
  for (guint i = 0; i < GROUP_SIZE; i++)
    {
      intakes[i] = (Intake) { writer, NULL, i, NULL, FALSE, NULL };
      intakes[i].number = i == GROUP_BAD ? g_strdup ("N-TAKEN") : g_strdup_printf ("N-%02u", i);
      threads[i] = g_thread_new ("intake", run_intake, &intakes[i]);
    }
  for (guint i = 0; i < 5000 && yc_writer_queued (writer) < GROUP_SIZE; i++)
    g_usleep (1000);
  g_assert_cmpuint (yc_writer_queued (writer), ==, GROUP_SIZE);
  yc_writer_get_stats (writer, &before);

  g_mutex_lock (&gate.lock);
  gate.open = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);
  g_thread_join (gate_thread);
  for (guint i = 0; i < GROUP_SIZE; i++)
    g_thread_join (threads[i]);
  yc_writer_get_stats (writer, &after);

  /* The gate's transaction, then the whole group in one more. */
  g_assert_cmpuint (after.commits - before.commits, ==, 2);
  g_assert_cmpuint (after.jobs - before.jobs, ==, GROUP_SIZE + 1);
  for (guint i = 0; i < GROUP_SIZE; i++)
    {
      if (i == GROUP_BAD)
        {
          g_assert_false (intakes[i].ok);
          g_assert_error (intakes[i].error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
          failed++;
        }
      else
        {
          g_assert_true (intakes[i].ok);
          g_assert_no_error (intakes[i].error);
        }
    }
  g_assert_cmpuint (failed, ==, 1);
  g_clear_pointer (&writer, yc_writer_free);

  g_assert_cmpint (pragma_int (f->path, "SELECT count (*) FROM cases"), ==, GROUP_SIZE);
  g_assert_cmpint (pragma_int (f->path, "SELECT count (*) FROM cases WHERE number = 'N-TAKEN' "
                                        "AND applicant_name = '李四'"), ==, 1);
  g_assert_cmpint (pragma_int (f->path, "SELECT count (*) FROM audit_log"), ==, GROUP_SIZE - 1);
  g_assert_cmpint (pragma_int (f->path, "SELECT count (*) FROM audit_log "
                                        "WHERE case_number = 'N-TAKEN'"), ==, 0);
  /* Consecutive ids, no gap where the failed entry was, and each chained to the one before. */
  g_assert_cmpint (pragma_int (f->path, "SELECT max (id) - min (id) + 1 FROM audit_log"), ==,
                   GROUP_SIZE - 1);
  g_assert_true (yc_audit_verify (f->store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, GROUP_SIZE - 1);

  for (guint i = 0; i < GROUP_SIZE; i++)
    {
      g_free (intakes[i].number);
      g_clear_error (&intakes[i].error);
    }
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/store/migrations", Fixture, NULL, setup, test_migrations, teardown);
  g_test_add ("/server/store/durability-settings", Fixture, NULL, setup,
              test_durability_settings, teardown);
  g_test_add ("/server/store/sessions", Fixture, NULL, setup, test_sessions, teardown);
  g_test_add ("/server/store/cases", Fixture, NULL, setup, test_cases, teardown);
  g_test_add ("/server/store/idempotency", Fixture, NULL, setup, test_idempotency_records,
              teardown);
  g_test_add ("/server/store/audit-chain", Fixture, NULL, setup, test_audit_chain, teardown);
  g_test_add ("/server/store/group-commit", Fixture, NULL, setup, test_group_commit, teardown);
  g_test_add ("/server/store/flush-failure", Fixture, NULL, setup, test_flush_failure, teardown);
  g_test_add ("/server/store/submitted", Fixture, NULL, setup, test_submitted, teardown);
  g_test_add ("/server/store/group-one-failure", Fixture, NULL, setup, test_group_one_failure,
              teardown);
  return g_test_run ();
}
