/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The checkpointer on a real SQLite file: under steady writes it starts the log again from its
 * beginning, so that the file is reused instead of growing; a reader of the old log holds the
 * restart off without being disturbed and without the writer staying held; and under
 * concurrent writers and readers every committed row survives, the log stays bounded and the
 * database checks clean when opened without the server's VFS; killed while the log restarts
 * over and over, every acknowledged row is there after recovery. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "yc-checkpointer.h"
#include "yc-store-sqlite.h"
#include "yc-test-server.h"
#include "yc-writer.h"

typedef struct
{
  char     *dir;
  char     *path;
  char     *wal;
  YcStore  *store;               /* the writer's */
  YcWriter *writer;
} Fixture;

static void
setup (Fixture      *f,
       gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("yc-checkpointer-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->wal = g_strconcat (f->path, "-wal", NULL);
  f->store = yc_store_sqlite_open (f->path, YC_STORE_SQLITE_DEFAULT, &error);
  g_assert_no_error (error);
  yc_store_sqlite_set_auto_checkpoint (YC_STORE_SQLITE (f->store), 0);
  f->writer = yc_writer_new (f->store, 64);
}

static void
teardown (Fixture      *f,
          gconstpointer data)
{
  g_clear_pointer (&f->writer, yc_writer_free);
  g_clear_object (&f->store);
  yc_test_remove_database (f->path);
  g_rmdir (f->dir);
  g_free (f->wal);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
add_row (YcStore *store,
         gpointer user_data,
         GError **error)
{
  return yc_store_login_failure_add (store, "load", "addr", 1, error);
}

static void
write_rows (Fixture *f,
            guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_true (yc_writer_run (f->writer, add_row, NULL, &error));
      g_assert_no_error (error);
    }
}

static guint
count_rows (YcStore *store)
{
  g_autoptr (GError) error = NULL;
  guint by_user = 0;
  guint by_address = 0;

  g_assert_true (yc_store_login_failure_count (store, "load", "addr", 0, &by_user, &by_address,
                                               &error));
  g_assert_no_error (error);
  return by_user;
}

static goffset
log_size (Fixture *f)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (f->wal, &st), ==, 0);
  return st.st_size;
}

static YcCheckpointer *
new_checkpointer (Fixture *f,
                  guint    restart_pages,
                  guint64  interval_us)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStore) store = yc_store_open_another (f->store, &error);

  g_assert_no_error (error);
  return yc_checkpointer_new (store, f->writer, restart_pages, interval_us);
}

static void
run_once (YcCheckpointer      *checkpointer,
          YcCheckpointerStats *stats)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (yc_checkpointer_run_once (checkpointer, &error));
  g_assert_no_error (error);
  yc_checkpointer_get_stats (checkpointer, stats);
}

/* Each commit here appends a few pages to the log. SQLite itself starts the log again only
 * when a commit begins with the whole log copied; under steady load someone is always behind
 * (here a reader in the middle of a read while the checkpoint runs), so a passive checkpoint
 * leaves the log to grow. Restarted, the next commits overwrite it from its start. */
static void
test_restart (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (YcCheckpointer) passive = new_checkpointer (f, 0, 0);
  g_autoptr (YcCheckpointer) restarting = new_checkpointer (f, 64, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStore) reader = yc_store_open_another (f->store, &error);
  YcCheckpointerStats stats;
  goffset size;

  g_assert_no_error (error);
  write_rows (f, 100);
  g_assert_true (yc_store_begin_read (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_rows (reader), ==, 100);
  write_rows (f, 1);
  run_once (passive, &stats);
  yc_store_rollback (reader);
  g_assert_cmpuint (stats.restarts, ==, 0);
  g_assert_cmpuint (stats.log_pages, >=, 100);
  size = log_size (f);
  write_rows (f, 20);
  g_assert_cmpint (log_size (f), >, size);

  run_once (restarting, &stats);
  g_assert_cmpuint (stats.restarts, ==, 1);
  g_assert_cmpuint (stats.log_pages, ==, 0);
  size = log_size (f);
  write_rows (f, 60);
  g_assert_cmpint (log_size (f), ==, size);

  run_once (restarting, &stats);
  g_assert_cmpuint (stats.restarts, ==, 2);

  /* Below the limit, no restart: the log goes on. */
  write_rows (f, 10);
  run_once (restarting, &stats);
  g_assert_cmpuint (stats.restarts, ==, 2);
  g_assert_cmpuint (stats.log_pages, >, 0);
  g_assert_cmpuint (stats.log_pages, <, 64);

  g_assert_cmpuint (count_rows (reader), ==, 191);
}

/* A reader in the middle of a read of the old log: the restart gives up after a short wait,
 * the writer goes on, and the reader still sees what it saw. Once it is done, the restart
 * goes through. */
static void
test_reader_holds_off (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (YcCheckpointer) checkpointer = new_checkpointer (f, 16, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStore) reader = yc_store_open_another (f->store, &error);
  YcCheckpointerStats stats;

  g_assert_no_error (error);
  write_rows (f, 40);
  g_assert_true (yc_store_begin_read (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_rows (reader), ==, 40);
  write_rows (f, 40);

  run_once (checkpointer, &stats);
  g_assert_cmpuint (stats.restarts, ==, 0);
  g_assert_cmpuint (stats.log_pages, >=, 16);
  g_assert_cmpuint (stats.held_us, >, 0);
  write_rows (f, 5);
  g_assert_cmpuint (count_rows (reader), ==, 40);
  yc_store_rollback (reader);

  run_once (checkpointer, &stats);
  g_assert_cmpuint (stats.restarts, ==, 1);
  write_rows (f, 5);
  g_assert_cmpuint (count_rows (reader), ==, 90);
}

/* Writers and readers at full speed with the checkpointer's own thread restarting often: each
 * reader sees the count only grow, nothing committed is lost, and the database is sound. */
typedef struct
{
  Fixture  *f;
  gint     *stop;
  gint      rows;
} Worker;

static gpointer
writer_main (gpointer data)
{
  Worker *w = data;

  while (!g_atomic_int_get (w->stop))
    {
      write_rows (w->f, 1);
      g_atomic_int_inc (&w->rows);
    }
  return NULL;
}

static gpointer
reader_main (gpointer data)
{
  Worker *w = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStore) store = yc_store_open_another (w->f->store, &error);
  guint last = 0;

  g_assert_no_error (error);
  while (!g_atomic_int_get (w->stop))
    {
      guint now = count_rows (store);

      g_assert_cmpuint (now, >=, last);
      last = now;
    }
  return NULL;
}

#define N_WRITERS 16
#define N_WORKERS (N_WRITERS + 4)

static void
test_under_load (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (YcCheckpointer) checkpointer = new_checkpointer (f, 32, 2000);
  gint stop = 0;
  Worker workers[N_WORKERS];
  GThread *threads[N_WORKERS];
  YcCheckpointerStats stats = { 0 };
  YcWriterStats writer_stats = { 0 };
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  guint written = 0;
  goffset largest = 0;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      workers[i] = (Worker) { f, &stop, 0 };
      threads[i] = g_thread_new ("load", i < N_WRITERS ? writer_main : reader_main, &workers[i]);
    }
  /* Every commit appends at least one page to the log: without restarts, 2,000 commits
   * would leave more than 8 MB of it. */
  while ((stats.restarts < 5 || writer_stats.commits < 2000) &&
         g_get_monotonic_time () < deadline)
    {
      g_usleep (1000);
      largest = MAX (largest, log_size (f));
      yc_checkpointer_get_stats (checkpointer, &stats);
      yc_writer_get_stats (f->writer, &writer_stats);
    }
  g_atomic_int_set (&stop, 1);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      if (i < N_WRITERS)
        written += workers[i].rows;
    }
  g_clear_pointer (&checkpointer, yc_checkpointer_free);
  g_test_message ("%u rows in %" G_GUINT64_FORMAT " commits, %" G_GUINT64_FORMAT
                  " checkpoints, %" G_GUINT64_FORMAT " restarts (writer held %" G_GUINT64_FORMAT
                  " us), log at most %" G_GOFFSET_FORMAT " B", written, writer_stats.commits,
                  stats.checkpoints, stats.restarts, stats.held_us, largest);
  g_assert_cmpuint (stats.restarts, >=, 5);
  g_assert_cmpuint (writer_stats.commits, >=, 2000);
  g_assert_cmpint (largest, <, 4 * 1024 * 1024);
  g_assert_cmpuint (count_rows (f->store), ==, written);

  /* The plain unix VFS, as an administrator's sqlite3 would open it. */
  g_clear_pointer (&f->writer, yc_writer_free);
  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM login_failures", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, written);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* The child writes and restarts the log as fast as it can, telling the parent each row id it
 * got acknowledged; the parent kills it mid-stream and opens what is left. */
#define KILL_WRITERS 8

typedef struct
{
  YcWriter *writer;
  int       acks;
  gint     *next;
  GMutex   *lock;
} KillWriter;

static gboolean
add_numbered (YcStore *store,
              gpointer user_data,
              GError **error)
{
  g_autofree char *user = g_strdup_printf ("row-%d", GPOINTER_TO_INT (user_data));

  return yc_store_login_failure_add (store, user, "addr", 1, error);
}

static gpointer
kill_writer_main (gpointer data)
{
  KillWriter *w = data;

  for (;;)
    {
      gint row = g_atomic_int_add (w->next, 1);

      if (!yc_writer_run (w->writer, add_numbered, GINT_TO_POINTER (row), NULL))
        _exit (3);
      g_mutex_lock (w->lock);
      if (write (w->acks, &row, sizeof row) != sizeof row)
        _exit (4);
      g_mutex_unlock (w->lock);
    }
  return NULL;
}

static void
child_writes (const char *path,
              int         acks)
{
  YcStore *store = yc_store_sqlite_open (path, YC_STORE_SQLITE_DEFAULT, NULL);
  YcWriter *writer;
  YcCheckpointer *checkpointer;
  GMutex lock;
  gint next = 0;
  KillWriter w;

  if (store == NULL)
    _exit (2);
  yc_store_sqlite_set_auto_checkpoint (YC_STORE_SQLITE (store), 0);
  writer = yc_writer_new (store, 64);
  checkpointer = yc_checkpointer_new (yc_store_open_another (store, NULL), writer, 16, 1000);
  g_mutex_init (&lock);
  w = (KillWriter) { writer, acks, &next, &lock };
  for (guint i = 0; i < KILL_WRITERS; i++)
    g_thread_new ("kill-writer", kill_writer_main, &w);
  /* Restarts go down the pipe too, as negative numbers. */
  for (gint restarts = 0;;)
    {
      YcCheckpointerStats stats;

      g_usleep (5000);
      yc_checkpointer_get_stats (checkpointer, &stats);
      if (stats.restarts > (guint64) restarts)
        {
          restarts = -(gint) stats.restarts;
          g_mutex_lock (&lock);
          if (write (acks, &restarts, sizeof restarts) != sizeof restarts)
            _exit (4);
          g_mutex_unlock (&lock);
          restarts = -restarts;
        }
    }
}

static void
test_killed_while_restarting (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-checkpointer-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr (GArray) acked = g_array_new (FALSE, FALSE, sizeof (gint));
  g_autoptr (YcStore) store = NULL;
  gint64 until;
  int fds[2];
  int status;
  pid_t child;
  gint row;
  gint restarts = 0;

  g_assert_no_error (error);
  /* The schema first, so that the child's threads start on a database that exists. */
  store = yc_store_sqlite_open (path, YC_STORE_SQLITE_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (pipe (fds), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      close (fds[0]);
      child_writes (path, fds[1]);
    }
  close (fds[1]);
  until = g_get_monotonic_time () + 1500 * 1000;
  while (g_get_monotonic_time () < until && read (fds[0], &row, sizeof row) == sizeof row)
    {
      if (row >= 0)
        g_array_append_val (acked, row);
      else
        restarts = -row;
    }
  g_assert_cmpint (kill (child, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status));
  /* Anything still in the pipe was acknowledged before the kill. */
  while (read (fds[0], &row, sizeof row) == sizeof row)
    if (row >= 0)
      g_array_append_val (acked, row);
  close (fds[0]);
  g_test_message ("%u rows acknowledged and %d restarts before the kill", acked->len, restarts);
  g_assert_cmpuint (acked->len, >=, 100);
  g_assert_cmpint (restarts, >=, 3);

  store = yc_store_sqlite_open (path, YC_STORE_SQLITE_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < acked->len; i++)
    {
      g_autofree char *user = g_strdup_printf ("row-%d", g_array_index (acked, gint, i));
      guint by_user = 0;
      guint by_address = 0;

      g_assert_true (yc_store_login_failure_count (store, user, "none", 0, &by_user,
                                                   &by_address, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (by_user, ==, 1);
    }
  g_clear_object (&store);
  yc_test_remove_database (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/checkpointer/restart", Fixture, NULL, setup, test_restart, teardown);
  g_test_add ("/server/checkpointer/reader-holds-off", Fixture, NULL, setup,
              test_reader_holds_off, teardown);
  g_test_add ("/server/checkpointer/under-load", Fixture, NULL, setup, test_under_load,
              teardown);
  g_test_add_func ("/server/checkpointer/killed-while-restarting",
                   test_killed_while_restarting);
  return g_test_run ();
}
