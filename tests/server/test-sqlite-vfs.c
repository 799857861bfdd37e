/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The VFS that writes each WAL frame in one call: real databases through it stay whole, a
 * copy of database and log (what a crash leaves) opens with the plain VFS, the log gets one
 * write per frame, and a write that fails fails the commit and loses nothing else.
 *
 * Writes are counted by a VFS of this test's own beneath the shim ("yc-test-count", over
 * unix): it opens each file in place through unix and, for logs, swaps in a copy of unix's
 * methods whose xWrite counts (and fails on request) before calling unix's. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "yc-sqlite-vfs.h"
#include "yc-store-sqlite.h"
#include "yc-test-server.h"

#define COUNT_VFS "yc-test-count"
#define SHIM_VFS "yc-test-wal"
#define PAGE_SIZE 4096
#define FRAME_SIZE (24 + PAGE_SIZE)
#define ROWS_PER_COMMIT 3
#define PAYLOAD_SIZE 3000

typedef struct
{
  guint  writes;
  guint  wal_headers;   /* 32 bytes: the log's own header */
  guint  frame_headers; /* 24 bytes */
  guint  pages;         /* a page alone */
  guint  frames;        /* header and page together */
  guint  other;
  guint  fail_at;       /* the write (counting from 1) that fails; 0: none */
} WriteCounts;

static WriteCounts counts;
static sqlite3_io_methods count_methods;
static const sqlite3_io_methods *unix_methods;

static int
count_write (sqlite3_file  *file,
             const void    *data,
             int            amount,
             sqlite3_int64  offset)
{
  counts.writes++;
  if (counts.fail_at == counts.writes)
    return SQLITE_IOERR_WRITE;
  if (amount == 32)
    counts.wal_headers++;
  else if (amount == 24)
    counts.frame_headers++;
  else if (amount == PAGE_SIZE)
    counts.pages++;
  else if (amount == FRAME_SIZE)
    counts.frames++;
  else
    counts.other++;
  return unix_methods->xWrite (file, data, amount, offset);
}

static int
count_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *file,
            int           flags,
            int          *out_flags)
{
  sqlite3_vfs *unix_vfs = vfs->pAppData;
  int rc = unix_vfs->xOpen (unix_vfs, name, file, flags, out_flags);

  if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL))
    {
      if (unix_methods == NULL)
        {
          unix_methods = file->pMethods;
          count_methods = *unix_methods;
          count_methods.xWrite = count_write;
        }
      g_assert_true (file->pMethods == unix_methods);
      file->pMethods = &count_methods;
    }
  return rc;
}

static void
register_count_vfs (void)
{
  static sqlite3_vfs vfs;
  sqlite3_vfs *unix_vfs = sqlite3_vfs_find ("unix");

  g_assert_nonnull (unix_vfs);
  vfs = *unix_vfs;
  vfs.pNext = NULL;
  vfs.zName = COUNT_VFS;
  vfs.pAppData = unix_vfs;
  vfs.xOpen = count_open;
  g_assert_cmpint (sqlite3_vfs_register (&vfs, 0), ==, SQLITE_OK);
}

/* Databases --------------------------------------------------------------------------------- */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
setup (Fixture      *f,
       gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("yc-sqlite-vfs-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  memset (&counts, 0, sizeof counts);
}

static void
teardown (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);

  yc_test_remove_database (f->path);
  yc_test_remove_database (copy);
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static sqlite3 *
open_db (const char *path,
         const char *vfs)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs),
                   ==, SQLITE_OK);
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);
  exec (db, "PRAGMA page_size = 4096");
  exec (db, "PRAGMA journal_mode = WAL");
  exec (db, "PRAGMA synchronous = FULL");
  /* The frames stay in the log until a test checkpoints. */
  exec (db, "PRAGMA wal_autocheckpoint = 0");
  exec (db, "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, tag TEXT, payload BLOB)");
  exec (db, "CREATE INDEX IF NOT EXISTS t_tag ON t (tag)");
  return db;
}

/* Each row's payload follows from its id, so a reader can tell every byte is right. */
static void
fill_payload (guint8 *payload,
              gint64  id)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed ((guint32) id);

  for (guint i = 0; i < PAYLOAD_SIZE; i++)
    payload[i] = (guint8) g_rand_int (rand);
}

/* Commits @n transactions of ROWS_PER_COMMIT rows (several pages each), ids from @first. */
static int
write_commits (sqlite3 *db,
               gint64   first,
               guint    n)
{
  sqlite3_stmt *stmt;
  guint8 payload[PAYLOAD_SIZE];
  gint64 id = first;
  int rc = SQLITE_OK;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO t (id, tag, payload) VALUES (?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint c = 0; c < n && rc == SQLITE_OK; c++)
    {
      exec (db, "BEGIN IMMEDIATE");
      for (guint r = 0; r < ROWS_PER_COMMIT; r++, id++)
        {
          g_autofree char *tag = g_strdup_printf ("tag-%08" G_GINT64_FORMAT, id);

          fill_payload (payload, id);
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_text (stmt, 2, tag, -1, SQLITE_TRANSIENT);
          sqlite3_bind_blob (stmt, 3, payload, PAYLOAD_SIZE, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          sqlite3_reset (stmt);
        }
      rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        rc = sqlite3_extended_errcode (db);
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Every row from 1 to @n_rows is there with its payload, and nothing else. */
static void
assert_rows (sqlite3 *db,
             gint64   n_rows)
{
  sqlite3_stmt *stmt;
  guint8 expected[PAYLOAD_SIZE];
  gint64 next = 1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, tag, payload FROM t ORDER BY id", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *tag = g_strdup_printf ("tag-%08" G_GINT64_FORMAT, next);

      g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, next);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, tag);
      fill_payload (expected, next);
      g_assert_cmpmem (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2), expected,
                       PAYLOAD_SIZE);
      next++;
    }
  g_assert_cmpint (sqlite3_finalize (stmt), ==, SQLITE_OK);
  g_assert_cmpint (next - 1, ==, n_rows);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt;
  char *text;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static void
assert_integrity (sqlite3 *db)
{
  g_autofree char *result = query_text (db, "PRAGMA integrity_check");

  g_assert_cmpstr (result, ==, "ok");
}

static gint64
file_size (const char *path,
           const char *suffix)
{
  g_autofree char *file = g_strconcat (path, suffix, NULL);
  GStatBuf st;

  return g_stat (file, &st) == 0 ? (gint64) st.st_size : -1;
}

/* 1. The store's connections go through the shim; a second connection reads what the first
 * wrote, from the log and after a checkpoint. */
static void
test_store_round_trip (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStore) store = NULL;
  g_autoptr (YcStore) reader = NULL;
  g_autofree char *checkpoint = NULL;
  sqlite3 *writer;
  sqlite3 *other;

  /* The store creates and migrates the database: its own commits go through the shim. */
  store = yc_store_sqlite_open (f->path, YC_STORE_SQLITE_DEFAULT, &error);
  g_assert_no_error (error);
  reader = yc_store_open_another (store, &error);
  g_assert_no_error (error);

  /* Opening the store registered the shim, and not as the default. */
  g_assert_nonnull (sqlite3_vfs_find ("yc-unix"));
  g_assert_cmpstr (sqlite3_vfs_find (NULL)->zName, ==, "unix");

  writer = open_db (f->path, yc_sqlite_vfs_name ());
  g_assert_cmpint (write_commits (writer, 1, 200), ==, SQLITE_OK);
  g_assert_cmpint (file_size (f->path, "-wal"), >, 200 * FRAME_SIZE);

  other = open_db (f->path, yc_sqlite_vfs_name ());
  assert_rows (other, 200 * ROWS_PER_COMMIT);
  assert_integrity (other);

  checkpoint = query_text (writer, "PRAGMA wal_checkpoint(TRUNCATE)");
  g_assert_cmpstr (checkpoint, ==, "0"); /* not busy */
  g_assert_cmpint (file_size (f->path, "-wal"), ==, 0);
  assert_rows (other, 200 * ROWS_PER_COMMIT);
  assert_integrity (other);
  assert_rows (writer, 200 * ROWS_PER_COMMIT);

  g_assert_cmpint (sqlite3_close (other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (writer), ==, SQLITE_OK);
}

/* 2. Database and log as a crash leaves them, opened with the plain VFS: every committed row
 * is there, so every frame is in the file byte for byte. The spilling case makes SQLite write
 * frames before the commit, change them in place and rewrite their headers
 * (walRewriteChecksums ()), at synchronous=NORMAL, where nothing syncs the log after the
 * commit: those headers must be in the file when COMMIT returns. */
typedef struct
{
  const char *name;
  const char *synchronous;
  gboolean    spill;
} CrashCase;

static const CrashCase crash_cases[] = {
  { "commits", "PRAGMA synchronous = FULL", FALSE },
  { "spilled-and-rewritten", "PRAGMA synchronous = NORMAL", TRUE },
};

static void
rewrite_payloads (sqlite3 *db,
                  gint64   first,
                  gint64   last)
{
  sqlite3_stmt *stmt;
  guint8 payload[PAYLOAD_SIZE];

  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE t SET payload = ? WHERE id = ?", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  for (gint64 id = first; id <= last; id++)
    {
      fill_payload (payload, id);
      sqlite3_bind_blob (stmt, 1, payload, PAYLOAD_SIZE, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, id);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
}

static void
test_crash_copy (Fixture      *f,
                 gconstpointer data)
{
  const CrashCase *c = data;
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  sqlite3 *writer = open_db (f->path, SHIM_VFS);
  sqlite3 *db;
  g_autofree char *text = NULL;
  gint64 rows = 60 * ROWS_PER_COMMIT;

  exec (writer, c->synchronous);
  g_assert_cmpint (write_commits (writer, 1, 60), ==, SQLITE_OK);
  if (c->spill)
    {
      /* A cache of a few pages spills the new rows' pages to the log before the commit;
       * giving them their payloads changes frames already written in this transaction. */
      exec (writer, "PRAGMA cache_size = 4");
      exec (writer, "BEGIN IMMEDIATE");
      counts.frame_headers = 0;
      exec (writer, "INSERT INTO t (id, tag, payload) "
                    "WITH RECURSIVE n (i) AS (SELECT 181 UNION ALL SELECT i + 1 FROM n "
                    "                         WHERE i < 300) "
                    "SELECT i, printf ('tag-%08d', i), zeroblob (3000) FROM n");
      rewrite_payloads (writer, 181, 300);
      exec (writer, "COMMIT");
      rows = 300;
      /* Headers went alone: rewritten ones, the only ones the shim passes through. */
      g_assert_cmpuint (counts.frame_headers, >, 0);
    }

  yc_test_copy_file (f->path, copy);
  yc_test_copy_file (wal, copy_wal);
  /* The rows are in the log only: the database file is a few pages, the log their frames. */
  g_assert_cmpint (file_size (copy, ""), <=, 4 * PAGE_SIZE);
  g_assert_cmpint (file_size (copy, "-wal"), >, 60 * FRAME_SIZE);
  g_assert_cmpint ((file_size (copy, "-wal") - 32) % FRAME_SIZE, ==, 0);

  g_assert_cmpint (sqlite3_open_v2 (copy, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  text = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (text, ==, "wal");
  assert_rows (db, rows);
  assert_integrity (db);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (writer), ==, SQLITE_OK);
}

typedef struct
{
  const char *name;
  const char *vfs;
  guint       writes_per_frame;
} CountCase;

static const CountCase count_cases[] = {
  { "shim", SHIM_VFS, 1 },
  { "plain", COUNT_VFS, 2 },
};

static int
count_frames (void       *data,
              sqlite3    *db,
              const char *name,
              int         frames_in_log)
{
  *(int *) data = frames_in_log;
  return SQLITE_OK;
}

/* 3. One write per frame through the shim, two without it. */
static void
test_writes_per_frame (Fixture      *f,
                       gconstpointer data)
{
  const CountCase *c = data;
  sqlite3 *db = open_db (f->path, c->vfs);
  /* The schema's commit started the log before the counting began. */
  int frames_before = (int) ((file_size (f->path, "-wal") - 32) / FRAME_SIZE);
  int frames = 0;

  sqlite3_wal_hook (db, count_frames, &frames);
  memset (&counts, 0, sizeof counts);
  g_assert_cmpint (write_commits (db, 1, 20), ==, SQLITE_OK);

  g_assert_cmpint (frames - frames_before, >=, 20 * ROWS_PER_COMMIT);
  g_assert_cmpint (frames, ==, (file_size (f->path, "-wal") - 32) / FRAME_SIZE);
  frames -= frames_before;
  g_test_message ("%s: %d frames, %u writes to the log (%u log headers, %u frames, "
                  "%u frame headers, %u pages, %u other)", c->name, frames, counts.writes,
                  counts.wal_headers, counts.frames, counts.frame_headers, counts.pages,
                  counts.other);
  g_assert_cmpint (frames_before, >, 0);
  g_assert_cmpuint (counts.wal_headers, ==, 0);
  g_assert_cmpuint (counts.other, ==, 0);
  g_assert_cmpuint (counts.writes, ==, (guint) frames * c->writes_per_frame);
  if (c->writes_per_frame == 1)
    g_assert_cmpuint (counts.frames, ==, (guint) frames);
  else
    {
      g_assert_cmpuint (counts.frame_headers, ==, (guint) frames);
      g_assert_cmpuint (counts.pages, ==, (guint) frames);
    }

  /* A checkpoint that resets the log: the next commit writes the log's header afresh. */
  exec (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  memset (&counts, 0, sizeof counts);
  g_assert_cmpint (write_commits (db, 1 + 20 * ROWS_PER_COMMIT, 1), ==, SQLITE_OK);
  g_test_message ("%s after reset: %d frames, %u writes (%u log headers)", c->name, frames,
                  counts.writes, counts.wal_headers);
  g_assert_cmpuint (counts.wal_headers, ==, 1);
  g_assert_cmpuint (counts.writes, ==, 1 + (guint) frames * c->writes_per_frame);

  assert_rows (db, 21 * ROWS_PER_COMMIT);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* 4. A write to the log that fails (the first frame of a commit, or a later one) fails the
 * commit; after reopening, the earlier commits are there and the failed one is not. */
static void
test_failed_write (Fixture      *f,
                   gconstpointer data)
{
  guint nth = GPOINTER_TO_UINT (data);
  sqlite3 *db = open_db (f->path, SHIM_VFS);
  sqlite3 *reopened;

  g_assert_cmpint (write_commits (db, 1, 5), ==, SQLITE_OK);
  counts.fail_at = counts.writes + nth;
  g_assert_cmpint (write_commits (db, 1 + 5 * ROWS_PER_COMMIT, 1), ==, SQLITE_IOERR_WRITE);
  g_assert_cmpuint (counts.writes, >=, counts.fail_at);
  counts.fail_at = 0;
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_open_v2 (f->path, &reopened, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  assert_rows (reopened, 5 * ROWS_PER_COMMIT);
  assert_integrity (reopened);
  g_assert_cmpint (sqlite3_close (reopened), ==, SQLITE_OK);
}

/* The file on its own ------------------------------------------------------------------------ */

typedef enum
{
  STEP_END,
  STEP_WRITE,      /* write size bytes at offset */
  STEP_FAIL_NEXT,  /* the next write beneath fails */
  STEP_SYNC,       /* expect rc */
  STEP_FILE_SIZE,  /* expect rc, and size if it succeeds */
  STEP_READ,       /* expect rc */
  STEP_CLOSE,      /* expect rc */
} StepKind;

typedef struct
{
  StepKind kind;
  gint64   offset;
  int      size;
  int      rc;
  guint    writes_after; /* writes that reached the VFS beneath after this step */
} Step;

typedef struct
{
  const char *name;
  Step        steps[6];
  gint64      final_size;  /* of the file after the steps */
  gint64      written[3];  /* offsets whose bytes must be in the file, -1 ends */
  int         sizes[3];
} FileCase;

static const FileCase file_cases[] = {
  { "header-then-page",
    { { STEP_WRITE, 32, 24, SQLITE_OK, 0 }, { STEP_WRITE, 56, PAGE_SIZE, SQLITE_OK, 1 },
      { STEP_CLOSE, 0, 0, SQLITE_OK, 1 } },
    32 + FRAME_SIZE, { 32, 56, -1 }, { 24, PAGE_SIZE } },
  { "log-header-passes",
    { { STEP_WRITE, 0, 32, SQLITE_OK, 1 }, { STEP_CLOSE, 0, 0, SQLITE_OK, 1 } },
    32, { 0, -1 }, { 32 } },
  { "not-adjacent",
    { { STEP_WRITE, 32, 24, SQLITE_OK, 0 }, { STEP_WRITE, 200, 100, SQLITE_OK, 2 },
      { STEP_CLOSE, 0, 0, SQLITE_OK, 2 } },
    300, { 32, 200, -1 }, { 24, 100 } },
  { "two-headers",
    { { STEP_WRITE, 32, 24, SQLITE_OK, 0 }, { STEP_WRITE, 100, 24, SQLITE_OK, 1 },
      { STEP_CLOSE, 0, 0, SQLITE_OK, 2 } },
    124, { 32, 100, -1 }, { 24, 24 } },
  { "size-flushes",
    { { STEP_WRITE, 32, 24, SQLITE_OK, 0 }, { STEP_FILE_SIZE, 56, 0, SQLITE_OK, 1 },
      { STEP_CLOSE, 0, 0, SQLITE_OK, 1 } },
    56, { 32, -1 }, { 24 } },
  { "read-flushes",
    { { STEP_WRITE, 32, 24, SQLITE_OK, 0 }, { STEP_READ, 32, 24, SQLITE_OK, 1 },
      { STEP_CLOSE, 0, 0, SQLITE_OK, 1 } },
    56, { 32, -1 }, { 24 } },
  { "close-flushes",
    { { STEP_WRITE, 32, 24, SQLITE_OK, 0 }, { STEP_CLOSE, 0, 0, SQLITE_OK, 1 } },
    56, { 32, -1 }, { 24 } },
  { "sync-reports-failed-header",
    { { STEP_WRITE, 32, 24, SQLITE_OK, 0 }, { STEP_FAIL_NEXT },
      { STEP_SYNC, 0, 0, SQLITE_IOERR_WRITE, 1 }, { STEP_SYNC, 0, 0, SQLITE_OK, 1 },
      { STEP_CLOSE, 0, 0, SQLITE_OK, 1 } },
    0, { -1 }, { 0 } },
  { "close-reports-failed-header",
    { { STEP_WRITE, 32, 24, SQLITE_OK, 0 }, { STEP_FAIL_NEXT },
      { STEP_CLOSE, 0, 0, SQLITE_IOERR_WRITE, 1 } },
    0, { -1 }, { 0 } },
  { "rewritten-header-passes",
    { { STEP_WRITE, 32, 24, SQLITE_OK, 0 }, { STEP_WRITE, 56, PAGE_SIZE, SQLITE_OK, 1 },
      { STEP_READ, 32, FRAME_SIZE, SQLITE_OK, 1 }, { STEP_WRITE, 32, 24, SQLITE_OK, 2 },
      { STEP_CLOSE, 0, 0, SQLITE_OK, 2 } },
    32 + FRAME_SIZE, { 32, 56, -1 }, { 24, PAGE_SIZE } },
  { "header-after-read-elsewhere",
    { { STEP_READ, 32, 24, SQLITE_IOERR_SHORT_READ, 0 }, { STEP_WRITE, 56, 24, SQLITE_OK, 0 },
      { STEP_CLOSE, 0, 0, SQLITE_OK, 1 } },
    80, { 56, -1 }, { 24 } },
  { "failed-frame",
    { { STEP_WRITE, 32, 24, SQLITE_OK, 0 }, { STEP_FAIL_NEXT },
      { STEP_WRITE, 56, PAGE_SIZE, SQLITE_IOERR_WRITE, 1 },
      { STEP_FILE_SIZE, 0, 0, SQLITE_OK, 1 }, { STEP_CLOSE, 0, 0, SQLITE_OK, 1 } },
    0, { -1 }, { 0 } },
};

static void
pattern (guint8 *bytes,
         gint64  offset,
         int     size)
{
  for (int i = 0; i < size; i++)
    bytes[i] = (guint8) ((offset + i) * 7 + 3);
}

static void
test_file (Fixture      *f,
           gconstpointer data)
{
  const FileCase *c = data;
  sqlite3_vfs *vfs = sqlite3_vfs_find (SHIM_VFS);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree sqlite3_file *file = g_malloc0 (vfs->szOsFile);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  guint8 bytes[FRAME_SIZE];
  gsize length;
  int out_flags;

  /* unix finds the log's permissions from its database. */
  g_file_set_contents (f->path, "", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vfs->xOpen (vfs, wal, file, SQLITE_OPEN_WAL | SQLITE_OPEN_READWRITE |
                                                 SQLITE_OPEN_CREATE, &out_flags), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (c->steps) && c->steps[i].kind != STEP_END; i++)
    {
      const Step *s = &c->steps[i];
      sqlite3_int64 size = -1;

      switch (s->kind)
        {
        case STEP_WRITE:
          pattern (bytes, s->offset, s->size);
          g_assert_cmpint (file->pMethods->xWrite (file, bytes, s->size, s->offset), ==, s->rc);
          break;
        case STEP_FAIL_NEXT:
          counts.fail_at = counts.writes + 1;
          continue;
        case STEP_SYNC:
          g_assert_cmpint (file->pMethods->xSync (file, SQLITE_SYNC_NORMAL), ==, s->rc);
          break;
        case STEP_FILE_SIZE:
          g_assert_cmpint (file->pMethods->xFileSize (file, &size), ==, s->rc);
          g_assert_cmpint (size, ==, s->offset);
          break;
        case STEP_READ:
          g_assert_cmpint (file->pMethods->xRead (file, bytes, s->size, s->offset), ==, s->rc);
          if (s->rc != SQLITE_OK)
            break;
          {
            guint8 expected[FRAME_SIZE];

            pattern (expected, s->offset, s->size);
            g_assert_cmpmem (bytes, s->size, expected, s->size);
          }
          break;
        case STEP_CLOSE:
          g_assert_cmpint (file->pMethods->xClose (file), ==, s->rc);
          break;
        case STEP_END:
        default:
          g_assert_not_reached ();
        }
      g_assert_cmpuint (counts.writes, ==, s->writes_after);
    }

  g_file_get_contents (wal, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpint ((gint64) length, ==, c->final_size);
  for (guint i = 0; i < G_N_ELEMENTS (c->written) && c->written[i] >= 0; i++)
    {
      pattern (bytes, c->written[i], c->sizes[i]);
      g_assert_cmpmem (contents + c->written[i], c->sizes[i], bytes, c->sizes[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  register_count_vfs ();
  g_assert_cmpint (yc_sqlite_vfs_register (SHIM_VFS, COUNT_VFS), ==, SQLITE_OK);
  /* Not the default: connections that ask for nothing keep unix. */
  g_assert_cmpstr (sqlite3_vfs_find (NULL)->zName, ==, "unix");

  g_test_add ("/sqlite-vfs/store-round-trip", Fixture, NULL, setup, test_store_round_trip,
              teardown);
  for (guint i = 0; i < G_N_ELEMENTS (crash_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sqlite-vfs/crash-copy/%s",
                                               crash_cases[i].name);

      g_test_add (path, Fixture, &crash_cases[i], setup, test_crash_copy, teardown);
    }
  for (guint i = 0; i < G_N_ELEMENTS (count_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sqlite-vfs/writes-per-frame/%s",
                                               count_cases[i].name);

      g_test_add (path, Fixture, &count_cases[i], setup, test_writes_per_frame, teardown);
    }
  for (guint nth = 1; nth <= 3; nth++)
    {
      g_autofree char *path = g_strdup_printf ("/sqlite-vfs/failed-write/%u", nth);

      g_test_add (path, Fixture, GUINT_TO_POINTER (nth), setup, test_failed_write, teardown);
    }
  for (guint i = 0; i < G_N_ELEMENTS (file_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sqlite-vfs/file/%s", file_cases[i].name);

      g_test_add (path, Fixture, &file_cases[i], setup, test_file, teardown);
    }
  return g_test_run ();
}
