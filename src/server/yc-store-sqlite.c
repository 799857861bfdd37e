/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SQLite store. Every statement is prepared once per connection and cached; values are
 * always bound, never spliced into SQL. The few statements whose shape depends on which
 * filters a search uses are assembled from fixed fragments and cached by their text. */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "yc-sqlite-vfs.h"
#include "yc-store-sqlite.h"
#include "yc-store-sqlite-migrations.h"
#include "yc-store-sqlite-private.h"

#define BUSY_TIMEOUT_MS 5000

typedef enum
{
  STMT_BEGIN_READ,
  STMT_BEGIN_WRITE,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_SAVEPOINT,
  STMT_RELEASE,
  STMT_ROLLBACK_TO,
  STMT_USER_INSERT,
  STMT_USER_LOOKUP,
  STMT_USER_UPDATE,
  STMT_USER_LIST,
  STMT_SESSION_INSERT,
  STMT_SESSION_LOOKUP,
  STMT_SESSION_DELETE,
  STMT_SESSIONS_DELETE_USER,
  STMT_SESSIONS_PURGE,
  STMT_LOGIN_FAILURE_ADD,
  STMT_LOGIN_FAILURE_COUNT_USER,
  STMT_LOGIN_FAILURE_COUNT_ADDRESS,
  STMT_LOGIN_FAILURE_CLEAR,
  STMT_LOGIN_FAILURE_PURGE,
  STMT_IDEM_LOOKUP,
  STMT_IDEM_INSERT,
  STMT_IDEM_PURGE,
  STMT_CATALOGUE_PUT,
  STMT_CATALOGUE_GET,
  STMT_CATALOGUE_LIST,
  STMT_CALENDAR_PUT,
  STMT_CALENDAR_LIST,
  STMT_CASE_INSERT,
  STMT_CASE_GET,
  STMT_CASE_UPDATE,
  STMT_CASE_EXISTS,
  STMT_SYNC_TOKEN,
  STMT_BLOB_PUT,
  STMT_BLOB_GET,
  STMT_ATTACHMENT_INSERT,
  STMT_ATTACHMENT_GET,
  STMT_ATTACHMENT_LIST,
  STMT_DOCUMENT_INSERT,
  STMT_DOCUMENT_GET,
  STMT_DOCUMENT_LIST,
  STMT_DOCUMENT_SET_SHA256,
  STMT_SEAL_USE_INSERT,
  STMT_VERIFY_LOG_INSERT,
  STMT_AUDIT_HEAD,
  STMT_AUDIT_HEAD_SET,
  STMT_AUDIT_INSERT,
  STMT_AUDIT_LIST_CASE,
  STMT_AUDIT_ALL,
  STMT_MIGRATION_MAX,
  STMT_MIGRATION_ADD,
  N_STMTS
} StmtId;

#define USER_COLS \
  "name, display_name, role, department_code, township_code, window_code, password_hash, " \
  "disabled, created_at"

/* ?1..?27 in this order for insert and update; SELECT adds change_seq (26) and body (27). */
#define CASE_COLS \
  "number, item_code, item_version, department_code, window_code, township_code, state, " \
  "applicant_name, applicant_id_number, received_at, received_on, accepted_on, " \
  "committed_due, legal_due, deadline_status, accepted, refused, decided, on_time, " \
  "days_used, committed_limit, legal_limit, version, updated_at, received_by, create_hash"

#define NEXT_SEQ "(SELECT coalesce (max (change_seq), 0) + 1 FROM cases)"

#define ATTACHMENT_COLS \
  "id, case_number, material_code, sha256, size, content_type, uploaded_by, uploaded_at"

#define DOCUMENT_COLS \
  "verification_id, case_number, kind, sha256, department_code, seal_authorised, " \
  "authorised_by, holder, issued_by, issued_at"

#define AUDIT_COLS "id, at, actor, address, action, case_number, detail, prev_hash, hash"

static const char *const stmt_sql[N_STMTS] = {
  [STMT_BEGIN_READ] = "BEGIN DEFERRED",
  [STMT_BEGIN_WRITE] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_SAVEPOINT] = "SAVEPOINT job",
  [STMT_RELEASE] = "RELEASE job",
  [STMT_ROLLBACK_TO] = "ROLLBACK TO job",
  [STMT_USER_INSERT] = "INSERT INTO users (" USER_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  [STMT_USER_LOOKUP] = "SELECT " USER_COLS " FROM users WHERE name = ?",
  [STMT_USER_UPDATE] = "UPDATE users SET display_name = ?2, role = ?3, department_code = ?4, "
                       "township_code = ?5, window_code = ?6, password_hash = ?7, "
                       "disabled = ?8 WHERE name = ?1",
  [STMT_USER_LIST] = "SELECT " USER_COLS " FROM users ORDER BY name",
  [STMT_SESSION_INSERT] = "INSERT INTO sessions (token_hash, user_name, created_at, expires_at) "
                          "VALUES (?, ?, ?, ?)",
  [STMT_SESSION_LOOKUP] = "SELECT u.name, u.display_name, u.role, u.department_code, "
                          "u.township_code, u.window_code, u.password_hash, u.disabled, "
                          "u.created_at, s.expires_at FROM sessions s "
                          "JOIN users u ON u.name = s.user_name "
                          "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0",
  [STMT_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?",
  [STMT_SESSIONS_DELETE_USER] = "DELETE FROM sessions WHERE user_name = ?",
  [STMT_SESSIONS_PURGE] = "DELETE FROM sessions WHERE expires_at <= ?",
  [STMT_LOGIN_FAILURE_ADD] = "INSERT INTO login_failures (user_name, address, at) "
                             "VALUES (?, ?, ?)",
  [STMT_LOGIN_FAILURE_COUNT_USER] = "SELECT count (*) FROM login_failures "
                                    "WHERE user_name = ? AND at >= ?",
  [STMT_LOGIN_FAILURE_COUNT_ADDRESS] = "SELECT count (*) FROM login_failures "
                                       "WHERE address = ? AND at >= ?",
  [STMT_LOGIN_FAILURE_CLEAR] = "DELETE FROM login_failures WHERE user_name = ?",
  [STMT_LOGIN_FAILURE_PURGE] = "DELETE FROM login_failures WHERE at < ?",
  [STMT_IDEM_LOOKUP] = "SELECT request_hash, status, content_type, etag, location, body "
                       "FROM idempotency WHERE user_name = ? AND key = ?",
  [STMT_IDEM_INSERT] = "INSERT INTO idempotency (user_name, key, request_hash, status, "
                       "content_type, etag, location, body, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  [STMT_IDEM_PURGE] = "DELETE FROM idempotency WHERE created_at < ?",
  [STMT_CATALOGUE_PUT] = "INSERT INTO catalogue_entries (kind, code, version, json) "
                         "VALUES (?, ?, ?, ?) ON CONFLICT (kind, code, version) "
                         "DO UPDATE SET json = excluded.json",
  [STMT_CATALOGUE_GET] = "SELECT kind, code, version, json FROM catalogue_entries "
                         "WHERE kind = ? AND code = ? AND version = ?",
  [STMT_CATALOGUE_LIST] = "SELECT kind, code, version, json FROM catalogue_entries "
                          "ORDER BY kind, code, version",
  [STMT_CALENDAR_PUT] = "INSERT INTO calendar_years (year, json) VALUES (?, ?) "
                        "ON CONFLICT (year) DO UPDATE SET json = excluded.json",
  [STMT_CALENDAR_LIST] = "SELECT year, json FROM calendar_years ORDER BY year",
  [STMT_CASE_INSERT] = "INSERT INTO cases (" CASE_COLS ", body, change_seq) VALUES ("
                       "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                       "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, "
                       NEXT_SEQ ") RETURNING change_seq",
  [STMT_CASE_GET] = "SELECT " CASE_COLS ", change_seq, body FROM cases WHERE number = ?",
  /* Only what an action can change, so that indexes on the rest are left alone. */
  [STMT_CASE_UPDATE] = "UPDATE cases SET state = ?7, accepted_on = ?12, committed_due = ?13, "
                       "legal_due = ?14, deadline_status = ?15, accepted = ?16, refused = ?17, "
                       "decided = ?18, on_time = ?19, days_used = ?20, version = ?23, "
                       "updated_at = ?24, body = ?27, change_seq = " NEXT_SEQ " "
                       "WHERE number = ?1 AND version = ?28 RETURNING change_seq",
  [STMT_CASE_EXISTS] = "SELECT 1 FROM cases WHERE number = ?",
  [STMT_SYNC_TOKEN] = "SELECT coalesce (max (change_seq), 0) FROM cases",
  [STMT_BLOB_PUT] = "INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?) "
                    "ON CONFLICT (sha256) DO NOTHING",
  [STMT_BLOB_GET] = "SELECT data FROM blobs WHERE sha256 = ?",
  [STMT_ATTACHMENT_INSERT] = "INSERT INTO attachments (case_number, material_code, sha256, "
                             "size, content_type, uploaded_by, uploaded_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
  [STMT_ATTACHMENT_GET] = "SELECT " ATTACHMENT_COLS " FROM attachments WHERE id = ?",
  [STMT_ATTACHMENT_LIST] = "SELECT " ATTACHMENT_COLS " FROM attachments "
                           "WHERE case_number = ? ORDER BY id",
  [STMT_DOCUMENT_INSERT] = "INSERT INTO documents (" DOCUMENT_COLS ") "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  [STMT_DOCUMENT_GET] = "SELECT " DOCUMENT_COLS " FROM documents WHERE verification_id = ?",
  [STMT_DOCUMENT_LIST] = "SELECT " DOCUMENT_COLS " FROM documents WHERE case_number = ? "
                         "ORDER BY issued_at, verification_id",
  [STMT_DOCUMENT_SET_SHA256] = "UPDATE documents SET sha256 = ? "
                               "WHERE verification_id = ? AND sha256 = ''",
  [STMT_SEAL_USE_INSERT] = "INSERT INTO seal_uses (verification_id, department_code, "
                           "case_number, kind, used_by, authorised_by, at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)",
  [STMT_VERIFY_LOG_INSERT] = "INSERT INTO verify_log (verification_id, found, address, at) "
                             "VALUES (?, ?, ?, ?)",
  [STMT_AUDIT_HEAD] = "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1",
  [STMT_AUDIT_HEAD_SET] = "INSERT INTO audit_head (singleton, last_id, last_hash) "
                          "VALUES (1, ?, ?) ON CONFLICT (singleton) DO UPDATE SET "
                          "last_id = excluded.last_id, last_hash = excluded.last_hash",
  [STMT_AUDIT_INSERT] = "INSERT INTO audit_log (" AUDIT_COLS ") "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  [STMT_AUDIT_LIST_CASE] = "SELECT " AUDIT_COLS " FROM audit_log WHERE case_number = ? "
                           "ORDER BY id",
  [STMT_AUDIT_ALL] = "SELECT " AUDIT_COLS " FROM audit_log ORDER BY id",
  [STMT_MIGRATION_MAX] = "SELECT coalesce (max (version), 0) FROM schema_migrations",
  [STMT_MIGRATION_ADD] = "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
};

struct _YcStoreSqlite
{
  GObject             parent_instance;
  sqlite3            *db;
  char               *path;
  YcStoreSqliteFlags  flags;
  gboolean            read_only;
  int                 schema_version;
  sqlite3_stmt       *stmts[N_STMTS];
  GHashTable         *dynamic;           /* SQL text → sqlite3_stmt* */
  guint               nested;            /* read transactions begun inside an open one */
  gboolean            deferred;          /* commits are made durable by sync_log */
  int                 log_fd;            /* the WAL, opened by sync_log; -1 until then */
};

static void yc_store_sqlite_iface_init (YcStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YcStoreSqlite, yc_store_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (YC_TYPE_STORE,
                                                      yc_store_sqlite_iface_init))

static void
yc_store_sqlite_finalize (GObject *object)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (object);

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->dynamic, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  if (self->log_fd >= 0)
    close (self->log_fd);
  g_free (self->path);

  G_OBJECT_CLASS (yc_store_sqlite_parent_class)->finalize (object);
}

static void
yc_store_sqlite_class_init (YcStoreSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_store_sqlite_finalize;
}

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

static void
yc_store_sqlite_init (YcStoreSqlite *self)
{
  self->log_fd = -1;
  self->dynamic = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
}

/* Errors ------------------------------------------------------------------------------------ */

static int
error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      return YC_STORE_ERROR_CONFLICT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return YC_STORE_ERROR_BUSY;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return YC_STORE_ERROR_IO;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return YC_STORE_ERROR_CORRUPT;
    default:
      return YC_STORE_ERROR_FAILED;
    }
}

static gboolean
set_error (YcStoreSqlite *self,
           int            rc,
           const char    *what,
           GError       **error)
{
  g_set_error (error, YC_STORE_ERROR, error_code_for (rc), "%s: %s (%d)", what,
               self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc), rc);
  return FALSE;
}

static gboolean
not_found (GError    **error,
           const char *what)
{
  g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND, "%s not found", what);
  return FALSE;
}

/* Statements -------------------------------------------------------------------------------- */

static sqlite3_stmt *
get_stmt (YcStoreSqlite *self,
          StmtId         id,
          GError       **error)
{
  sqlite3_stmt *stmt = self->stmts[id];

  if (stmt == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                                   &stmt, NULL);

      if (rc != SQLITE_OK)
        {
          set_error (self, rc, "prepare", error);
          return NULL;
        }
      self->stmts[id] = stmt;
    }
  return stmt;
}

static sqlite3_stmt *
get_dynamic_stmt (YcStoreSqlite *self,
                  const char    *sql,
                  GError       **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->dynamic, sql);

  if (stmt == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

      if (rc != SQLITE_OK)
        {
          set_error (self, rc, "prepare", error);
          return NULL;
        }
      g_hash_table_insert (self->dynamic, g_strdup (sql), stmt);
    }
  return stmt;
}

static void
done (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* Runs a statement that returns no rows (or whose rows are ignored). */
static gboolean
run_stmt (YcStoreSqlite *self,
          sqlite3_stmt  *stmt,
          const char    *what,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  done (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_error (self, rc, what, error);
  return TRUE;
}

/* Steps to the first row: TRUE with *found set, or FALSE on error (statement reset). */
static gboolean
step_row (YcStoreSqlite *self,
          sqlite3_stmt  *stmt,
          const char    *what,
          gboolean      *found,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      return TRUE;
    }
  *found = FALSE;
  if (rc == SQLITE_DONE)
    return TRUE;
  done (stmt);
  return set_error (self, rc, what, error);
}

typedef gpointer (*ReadRow) (sqlite3_stmt *stmt);

/* Steps a statement whose parameters are bound to its one row, read by @read; NULL with
 * NOT_FOUND naming @thing when there is none. */
static gpointer
read_one (YcStoreSqlite *self,
          sqlite3_stmt  *stmt,
          ReadRow        read,
          const char    *doing,
          const char    *thing,
          GError       **error)
{
  gpointer row;
  gboolean found;

  if (!step_row (self, stmt, doing, &found, error))
    return NULL;
  row = found ? read (stmt) : NULL;
  done (stmt);
  if (row == NULL)
    not_found (error, thing);
  return row;
}

/* Every row of a statement whose parameters are bound, each read by @read. */
static GPtrArray *
read_all (YcStoreSqlite *self,
          sqlite3_stmt  *stmt,
          ReadRow        read,
          GDestroyNotify free_row,
          const char    *doing,
          GError       **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (free_row);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (stmt));
  done (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, doing, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Opening and migrating --------------------------------------------------------------------- */

static gboolean
exec_pragma (YcStoreSqlite *self,
             const char    *pragma,
             GError       **error)
{
  /* Fixed text, no values from anywhere: the one place sqlite3_exec is used besides schema. */
  int rc = sqlite3_exec (self->db, pragma, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_error (self, rc, pragma, error);
  return TRUE;
}

static gboolean
configure (YcStoreSqlite *self,
           GError       **error)
{
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);

  if (!self->read_only && !exec_pragma (self, "PRAGMA journal_mode = WAL", error))
    return FALSE;
  /* After a checkpoint resets the log, its file shrinks back to this (see yc-checkpointer.h). */
  if (!exec_pragma (self, "PRAGMA journal_size_limit = 536870912", error))
    return FALSE;
  if (!exec_pragma (self, (self->flags & YC_STORE_SQLITE_BULK)
                            ? "PRAGMA synchronous = OFF"
                            : "PRAGMA synchronous = FULL", error))
    return FALSE;
  return exec_pragma (self, "PRAGMA foreign_keys = ON", error) &&
         /* The writing connection is the one everything waits for: it keeps the indexes it
          * touches in memory. Readers are many and each look at little. */
         exec_pragma (self, (self->flags & YC_STORE_SQLITE_BULK) ? "PRAGMA cache_size = -1048576"
                            : self->read_only ? "PRAGMA cache_size = -32768"
                                              : "PRAGMA cache_size = -524288", error) &&
         exec_pragma (self, "PRAGMA temp_store = MEMORY", error) &&
         (!self->read_only || exec_pragma (self, "PRAGMA query_only = ON", error));
}

static gboolean
migrate (YcStoreSqlite *self,
         GError       **error)
{
  const YcMigration *migrations;
  guint n_migrations;
  sqlite3_stmt *stmt;
  gboolean found;
  int current;

  migrations = yc_store_sqlite_migrations (&n_migrations);

  if (!exec_pragma (self, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                          "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)", error))
    return FALSE;

  if ((stmt = get_stmt (self, STMT_MIGRATION_MAX, error)) == NULL ||
      !step_row (self, stmt, "schema version", &found, error))
    return FALSE;
  current = found ? sqlite3_column_int (stmt, 0) : 0;
  done (stmt);

  if (current > (int) n_migrations)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_SCHEMA,
                   "The database is at schema version %d but this yichuangd knows only %u; "
                   "use a newer yichuangd", current, n_migrations);
      return FALSE;
    }

  for (guint i = 0; i < n_migrations; i++)
    {
      const YcMigration *m = &migrations[i];
      int rc;

      if (m->version <= current)
        continue;

      if (!yc_store_begin_write (YC_STORE (self), error))
        return FALSE;
      rc = sqlite3_exec (self->db, m->sql, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_SCHEMA, "Migration %d failed: %s",
                       m->version, sqlite3_errmsg (self->db));
          yc_store_rollback (YC_STORE (self));
          return FALSE;
        }
      if ((stmt = get_stmt (self, STMT_MIGRATION_ADD, error)) == NULL)
        {
          yc_store_rollback (YC_STORE (self));
          return FALSE;
        }
      sqlite3_bind_int (stmt, 1, m->version);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      if (!run_stmt (self, stmt, "record migration", error) ||
          !yc_store_commit (YC_STORE (self), error))
        {
          yc_store_rollback (YC_STORE (self));
          return FALSE;
        }
      g_info ("Applied schema migration %d", m->version);
      current = m->version;
    }

  self->schema_version = current;
  return TRUE;
}

static YcStoreSqlite *
open_connection (const char         *path,
                 YcStoreSqliteFlags  flags,
                 gboolean            read_only,
                 GError            **error)
{
  g_autoptr (YcStoreSqlite) self = g_object_new (YC_TYPE_STORE_SQLITE, NULL);
  int rc;

  self->path = g_strdup (path);
  self->flags = flags;
  self->read_only = read_only;

  /* Every connection through the same VFS: it changes only how the log is written and keeps
   * the unix VFS beneath, whose locks and shared memory all connections of a file share. */
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        yc_sqlite_vfs_name ());
  if (rc != SQLITE_OK)
    {
      g_set_error (error, YC_STORE_ERROR, error_code_for (rc), "Cannot open database %s: %s",
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  if (!configure (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

YcStore *
yc_store_sqlite_open (const char         *path,
                      YcStoreSqliteFlags  flags,
                      GError            **error)
{
  g_autoptr (YcStoreSqlite) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if ((self = open_connection (path, flags, FALSE, error)) == NULL || !migrate (self, error))
    return NULL;
  return YC_STORE (g_steal_pointer (&self));
}

void
yc_store_sqlite_set_auto_checkpoint (YcStoreSqlite *self,
                                     int            pages)
{
  sqlite3_wal_autocheckpoint (self->db, pages);
}

gboolean
yc_store_sqlite_set_cache_size (YcStoreSqlite *self,
                                guint          mib,
                                GError       **error)
{
  /* A whole number from the configuration, never from a request. */
  g_autofree char *pragma = g_strdup_printf ("PRAGMA cache_size = -%" G_GUINT64_FORMAT,
                                             (guint64) mib * 1024);

  return exec_pragma (self, pragma, error);
}

/* How long a restart waits for the readers of the old log: requests read for a few
 * milliseconds, and the writer is held meanwhile. */
#define RESTART_WAIT_MS 20

/* SQLite's own busy timeout sleeps 1, 2, 5, 10 ms between tries; readers finish within a
 * fraction of that, and the writer is waiting. */
static int
restart_busy (void *data,
              int   count)
{
  const gint64 *deadline = data;

  if (g_get_monotonic_time () >= *deadline)
    return 0;
  g_usleep (100);
  return 1;
}

static gboolean
sqlite_checkpoint (YcStore         *store,
                   YcCheckpointMode mode,
                   guint           *log_pages,
                   GError         **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  gint64 restart_deadline = g_get_monotonic_time () + RESTART_WAIT_MS * 1000;
  int n_log = 0;
  int rc;

  /* Without a restart, SQLite starts the log afresh only when a writer begins at a moment the
   * log is wholly copied: under a steady stream of commits that moment never comes, and the
   * log grows into new disk blocks for as long as the stream lasts. SQLite's RESTART copies
   * everything and waits until no reader uses the log, so that the next commit starts it
   * again from the beginning. */
  if (mode == YC_CHECKPOINT_RESTART)
    sqlite3_busy_handler (self->db, restart_busy, &restart_deadline);
  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL,
                                  mode == YC_CHECKPOINT_RESTART ? SQLITE_CHECKPOINT_RESTART
                                                                : SQLITE_CHECKPOINT_PASSIVE,
                                  &n_log, NULL);
  if (mode == YC_CHECKPOINT_RESTART)
    sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  if (mode == YC_CHECKPOINT_RESTART && rc == SQLITE_OK)
    n_log = 0;
  if (log_pages != NULL)
    *log_pages = MAX (n_log, 0);

  /* Busy means someone else is checkpointing, or a reader of the old log held on: try later. */
  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
    return set_error (self, rc, "checkpoint", error);

  /* SQLite flushes the database file only when a checkpoint reaches the end of the log, which
   * under steady writes only a restart does: then with every page copied since the last one. */
  if (mode == YC_CHECKPOINT_FLUSH)
    {
      sqlite3_file *file = NULL;

      rc = sqlite3_file_control (self->db, "main", SQLITE_FCNTL_FILE_POINTER, &file);
      if (rc == SQLITE_OK && file != NULL && file->pMethods != NULL)
        rc = file->pMethods->xSync (file, SQLITE_SYNC_NORMAL);
      if (rc != SQLITE_OK)
        return set_error (self, rc, "flush after checkpoint", error);
    }
  return TRUE;
}

/* Commits at synchronous=NORMAL write their frames to the WAL without flushing it (SQLite
 * still flushes the log's header when it starts it afresh, and log and database around every
 * checkpoint); sync_log flushes the frames. Together: what synchronous=FULL gives, with the
 * flush off the writer's path. */
static gboolean
sqlite_defer_durability (YcStore *store,
                         GError **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);

  if (self->read_only || (self->flags & YC_STORE_SQLITE_BULK))
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED,
                           "Only the writing connection defers durability");
      return FALSE;
    }
  if (!exec_pragma (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  self->deferred = TRUE;
  return TRUE;
}

/* Runs on the flushing thread, never on the connection's: it touches only its own descriptor
 * of the log, which SQLite keeps (and never replaces) while the database is open. */
static gboolean
sqlite_sync_log (YcStore *store,
                 GError **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  struct stat st;

  g_return_val_if_fail (self->deferred, FALSE);

  if (self->log_fd < 0)
    {
      g_autofree char *log_path = g_strconcat (self->path, "-wal", NULL);

      self->log_fd = g_open (log_path, O_RDONLY | O_CLOEXEC, 0);
      if (self->log_fd < 0)
        {
          int saved = errno;

          g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                       "Cannot open the write-ahead log %s: %s", log_path, g_strerror (saved));
          return FALSE;
        }
    }
  /* Flushing a file nobody can reach any more would promise what a restart cannot find. */
  if (fstat (self->log_fd, &st) != 0 || st.st_nlink == 0)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                   "The write-ahead log of %s was removed while the database was open",
                   self->path);
      return FALSE;
    }
  if (fdatasync (self->log_fd) != 0)
    {
      int saved = errno;

      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                   "Cannot flush the write-ahead log of %s: %s", self->path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

int
yc_store_sqlite_schema_version (YcStoreSqlite *self)
{
  return self->schema_version;
}

int
yc_store_sqlite_latest_schema (void)
{
  guint n;

  yc_store_sqlite_migrations (&n);
  return (int) n;
}

static YcStore *
sqlite_open_another (YcStore *store,
                     GError **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  YcStoreSqlite *other;

  other = open_connection (self->path, self->flags & ~YC_STORE_SQLITE_BULK, TRUE, error);
  if (other == NULL)
    return NULL;
  other->schema_version = self->schema_version;
  return YC_STORE (other);
}

/* Transactions ------------------------------------------------------------------------------ */

static gboolean
run_simple (YcStoreSqlite *self,
            StmtId         id,
            GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, id, error);

  return stmt != NULL && run_stmt (self, stmt, stmt_sql[id], error);
}

static gboolean
sqlite_begin_read (YcStore *store,
                   GError **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);

  /* Inside a transaction already (a request reading under one snapshot): join it. */
  if (!sqlite3_get_autocommit (self->db))
    {
      self->nested++;
      return TRUE;
    }
  return run_simple (self, STMT_BEGIN_READ, error);
}

static gboolean
sqlite_begin_write (YcStore *store,
                    GError **error)
{
  return run_simple (YC_STORE_SQLITE (store), STMT_BEGIN_WRITE, error);
}

static gboolean
sqlite_commit (YcStore *store,
               GError **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);

  if (self->nested > 0)
    {
      self->nested--;
      return TRUE;
    }
  return run_simple (self, STMT_COMMIT, error);
}

static void
sqlite_rollback (YcStore *store)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);

  if (self->nested > 0)
    {
      self->nested--;
      return;
    }
  /* SQLite may already have rolled back by itself (I/O error, disk full). */
  if (!sqlite3_get_autocommit (self->db))
    run_simple (self, STMT_ROLLBACK, NULL);
}

static gboolean
sqlite_savepoint (YcStore *store,
                  GError **error)
{
  return run_simple (YC_STORE_SQLITE (store), STMT_SAVEPOINT, error);
}

static gboolean
sqlite_release (YcStore *store,
                GError **error)
{
  return run_simple (YC_STORE_SQLITE (store), STMT_RELEASE, error);
}

static void
sqlite_rollback_to (YcStore *store)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);

  if (!sqlite3_get_autocommit (self->db) && run_simple (self, STMT_ROLLBACK_TO, NULL))
    run_simple (self, STMT_RELEASE, NULL);
}

/* Users and sessions ------------------------------------------------------------------------ */

static void
bind_user (sqlite3_stmt       *stmt,
           const YcUserRecord *user)
{
  bind_text (stmt, 1, user->name);
  bind_text (stmt, 2, user->display_name);
  bind_text (stmt, 3, user->role);
  bind_text (stmt, 4, user->department_code);
  bind_text (stmt, 5, user->township_code);
  bind_text (stmt, 6, user->window_code);
  bind_text (stmt, 7, user->password_hash);
  sqlite3_bind_int (stmt, 8, user->disabled ? 1 : 0);
  sqlite3_bind_int64 (stmt, 9, user->created_at);
}

static YcUserRecord *
read_user (sqlite3_stmt *stmt)
{
  YcUserRecord *user = g_new0 (YcUserRecord, 1);

  user->name = column_text (stmt, 0);
  user->display_name = column_text (stmt, 1);
  user->role = column_text (stmt, 2);
  user->department_code = column_text (stmt, 3);
  user->township_code = column_text (stmt, 4);
  user->window_code = column_text (stmt, 5);
  user->password_hash = column_text (stmt, 6);
  user->disabled = sqlite3_column_int (stmt, 7) != 0;
  user->created_at = sqlite3_column_int64 (stmt, 8);
  return user;
}

static gboolean
sqlite_user_insert (YcStore            *store,
                    const YcUserRecord *user,
                    GError            **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_USER_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  bind_user (stmt, user);
  return run_stmt (self, stmt, "add user", error);
}

static YcUserRecord *
sqlite_user_lookup (YcStore    *store,
                    const char *name,
                    GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_USER_LOOKUP, error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, name);
  return read_one (self, stmt, (ReadRow) read_user, "look up user", "user", error);
}

static gboolean
sqlite_user_update (YcStore            *store,
                    const YcUserRecord *user,
                    GError            **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_USER_UPDATE, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, user->name);
  bind_text (stmt, 2, user->display_name);
  bind_text (stmt, 3, user->role);
  bind_text (stmt, 4, user->department_code);
  bind_text (stmt, 5, user->township_code);
  bind_text (stmt, 6, user->window_code);
  bind_text (stmt, 7, user->password_hash);
  sqlite3_bind_int (stmt, 8, user->disabled ? 1 : 0);
  if (!run_stmt (self, stmt, "update user", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return not_found (error, "user");
  return TRUE;
}

static GPtrArray *
sqlite_user_list (YcStore *store,
                  GError **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_USER_LIST, error);

  if (stmt == NULL)
    return NULL;
  return read_all (self, stmt, (ReadRow) read_user, (GDestroyNotify) yc_user_record_free, "list users", error);
}

static gboolean
sqlite_session_insert (YcStore    *store,
                       const char *token_hash,
                       const char *user,
                       gint64      created_at,
                       gint64      expires_at,
                       GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_SESSION_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  bind_text (stmt, 2, user);
  sqlite3_bind_int64 (stmt, 3, created_at);
  sqlite3_bind_int64 (stmt, 4, expires_at);
  return run_stmt (self, stmt, "add session", error);
}

static YcUserRecord *
sqlite_session_lookup (YcStore    *store,
                       const char *token_hash,
                       gint64      now,
                       gint64     *expires_at,
                       GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_SESSION_LOOKUP, error);
  YcUserRecord *user = NULL;
  gboolean found;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!step_row (self, stmt, "look up session", &found, error))
    return NULL;
  if (found)
    {
      user = read_user (stmt);
      if (expires_at != NULL)
        *expires_at = sqlite3_column_int64 (stmt, 9);
    }
  done (stmt);
  if (user == NULL)
    not_found (error, "session");
  return user;
}

static gboolean
run_with_text (YcStoreSqlite *self,
               StmtId         id,
               const char    *text,
               GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, id, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, text);
  return run_stmt (self, stmt, stmt_sql[id], error);
}

static gboolean
run_with_int64 (YcStoreSqlite *self,
                StmtId         id,
                gint64         value,
                GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, id, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, value);
  return run_stmt (self, stmt, stmt_sql[id], error);
}

static gboolean
sqlite_session_delete (YcStore    *store,
                       const char *token_hash,
                       GError    **error)
{
  return run_with_text (YC_STORE_SQLITE (store), STMT_SESSION_DELETE, token_hash, error);
}

static gboolean
sqlite_sessions_delete_user (YcStore    *store,
                             const char *user,
                             GError    **error)
{
  return run_with_text (YC_STORE_SQLITE (store), STMT_SESSIONS_DELETE_USER, user, error);
}

static gboolean
sqlite_sessions_purge (YcStore *store,
                       gint64   now,
                       GError **error)
{
  return run_with_int64 (YC_STORE_SQLITE (store), STMT_SESSIONS_PURGE, now, error);
}

/* Login throttling -------------------------------------------------------------------------- */

static gboolean
sqlite_login_failure_add (YcStore    *store,
                          const char *user,
                          const char *address,
                          gint64      at,
                          GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_LOGIN_FAILURE_ADD, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, user);
  bind_text (stmt, 2, address);
  sqlite3_bind_int64 (stmt, 3, at);
  if (!run_stmt (self, stmt, "record login failure", error))
    return FALSE;
  /* Keep the table small: a day of history is more than any window needs. */
  return run_with_int64 (self, STMT_LOGIN_FAILURE_PURGE, at - 86400, error);
}

static gboolean
count_since (YcStoreSqlite *self,
             StmtId         id,
             const char    *key,
             gint64         since,
             guint         *count,
             GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, id, error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, since);
  if (!step_row (self, stmt, "count login failures", &found, error))
    return FALSE;
  *count = found ? (guint) sqlite3_column_int64 (stmt, 0) : 0;
  done (stmt);
  return TRUE;
}

static gboolean
sqlite_login_failure_count (YcStore    *store,
                            const char *user,
                            const char *address,
                            gint64      since,
                            guint      *by_user,
                            guint      *by_address,
                            GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);

  return count_since (self, STMT_LOGIN_FAILURE_COUNT_USER, user, since, by_user, error) &&
         count_since (self, STMT_LOGIN_FAILURE_COUNT_ADDRESS, address, since, by_address, error);
}

static gboolean
sqlite_login_failure_clear (YcStore    *store,
                            const char *user,
                            GError    **error)
{
  return run_with_text (YC_STORE_SQLITE (store), STMT_LOGIN_FAILURE_CLEAR, user, error);
}

/* Idempotency ------------------------------------------------------------------------------- */

static YcStoredResponse *
sqlite_idempotency_lookup (YcStore    *store,
                           const char *user,
                           const char *key,
                           GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_IDEM_LOOKUP, error);
  YcStoredResponse *response = NULL;
  gboolean found;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, user);
  bind_text (stmt, 2, key);
  if (!step_row (self, stmt, "look up idempotency key", &found, error))
    return NULL;
  if (found)
    {
      response = g_new0 (YcStoredResponse, 1);
      response->request_hash = column_text (stmt, 0);
      response->status = sqlite3_column_int (stmt, 1);
      response->content_type = column_text (stmt, 2);
      response->etag = column_text (stmt, 3);
      response->location = column_text (stmt, 4);
      response->body = g_bytes_new (sqlite3_column_blob (stmt, 5),
                                    sqlite3_column_bytes (stmt, 5));
    }
  done (stmt);
  if (response == NULL)
    not_found (error, "idempotency key");
  return response;
}

static gboolean
sqlite_idempotency_insert (YcStore                *store,
                           const char             *user,
                           const char             *key,
                           const YcStoredResponse *response,
                           gint64                  at,
                           GError                **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_IDEM_INSERT, error);
  gsize size = 0;
  gconstpointer data = response->body != NULL ? g_bytes_get_data (response->body, &size) : "";

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, user);
  bind_text (stmt, 2, key);
  bind_text (stmt, 3, response->request_hash);
  sqlite3_bind_int (stmt, 4, response->status);
  bind_text (stmt, 5, response->content_type);
  bind_text (stmt, 6, response->etag);
  bind_text (stmt, 7, response->location);
  sqlite3_bind_blob64 (stmt, 8, data != NULL ? data : "", size, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, at);
  return run_stmt (self, stmt, "store idempotent response", error);
}

static gboolean
sqlite_idempotency_purge (YcStore *store,
                          gint64   before,
                          GError **error)
{
  return run_with_int64 (YC_STORE_SQLITE (store), STMT_IDEM_PURGE, before, error);
}

/* Catalogue and calendar -------------------------------------------------------------------- */

static YcCatalogueRecord *
read_catalogue (sqlite3_stmt *stmt)
{
  YcCatalogueRecord *record = g_new0 (YcCatalogueRecord, 1);

  record->kind = column_text (stmt, 0);
  record->code = column_text (stmt, 1);
  record->version = sqlite3_column_int (stmt, 2);
  record->json = column_text (stmt, 3);
  return record;
}

static gboolean
sqlite_catalogue_put (YcStore                 *store,
                      const YcCatalogueRecord *record,
                      GError                 **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_CATALOGUE_PUT, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, record->kind);
  bind_text (stmt, 2, record->code);
  sqlite3_bind_int (stmt, 3, record->version);
  bind_text (stmt, 4, record->json);
  return run_stmt (self, stmt, "store catalogue entry", error);
}

static YcCatalogueRecord *
sqlite_catalogue_get (YcStore    *store,
                      const char *kind,
                      const char *code,
                      guint       version,
                      GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_CATALOGUE_GET, error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, kind);
  bind_text (stmt, 2, code);
  sqlite3_bind_int (stmt, 3, version);
  return read_one (self, stmt, (ReadRow) read_catalogue, "look up catalogue entry",
                   "catalogue entry", error);
}

static GPtrArray *
sqlite_catalogue_list (YcStore *store,
                       GError **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_CATALOGUE_LIST, error);

  if (stmt == NULL)
    return NULL;
  return read_all (self, stmt, (ReadRow) read_catalogue, (GDestroyNotify) yc_catalogue_record_free, "list catalogue", error);
}

static gboolean
sqlite_calendar_put (YcStore    *store,
                     int         year,
                     const char *json,
                     GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_CALENDAR_PUT, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  bind_text (stmt, 2, json);
  return run_stmt (self, stmt, "store calendar year", error);
}

static GPtrArray *
sqlite_calendar_list (YcStore *store,
                      GError **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_CALENDAR_LIST, error);
  g_autoptr (GPtrArray) years = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (years, g_strdup_printf ("%d", sqlite3_column_int (stmt, 0)));
      g_ptr_array_add (years, column_text (stmt, 1));
    }
  done (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "list calendar years", error);
      return NULL;
    }
  return g_steal_pointer (&years);
}

/* Cases ------------------------------------------------------------------------------------- */

static void
bind_case (sqlite3_stmt       *stmt,
           const YcCaseRecord *c)
{
  bind_text (stmt, 1, c->number);
  bind_text (stmt, 2, c->item_code);
  sqlite3_bind_int (stmt, 3, c->item_version);
  bind_text (stmt, 4, c->department_code);
  bind_text (stmt, 5, c->window_code);
  bind_text (stmt, 6, c->township_code);
  bind_text (stmt, 7, c->state);
  bind_text (stmt, 8, c->applicant_name);
  bind_text (stmt, 9, c->applicant_id_number);
  sqlite3_bind_int64 (stmt, 10, c->received_at);
  bind_text (stmt, 11, c->received_on);
  bind_text (stmt, 12, c->accepted_on);
  bind_text (stmt, 13, c->committed_due);
  bind_text (stmt, 14, c->legal_due);
  bind_text (stmt, 15, c->deadline_status);
  sqlite3_bind_int (stmt, 16, c->accepted ? 1 : 0);
  sqlite3_bind_int (stmt, 17, c->refused ? 1 : 0);
  sqlite3_bind_int (stmt, 18, c->decided ? 1 : 0);
  sqlite3_bind_int (stmt, 19, c->on_time ? 1 : 0);
  sqlite3_bind_int (stmt, 20, c->days_used);
  sqlite3_bind_int (stmt, 21, c->committed_limit);
  sqlite3_bind_int (stmt, 22, c->legal_limit);
  sqlite3_bind_int64 (stmt, 23, c->version);
  sqlite3_bind_int64 (stmt, 24, c->updated_at);
  bind_text (stmt, 25, c->received_by);
  bind_text (stmt, 26, c->create_hash);
  bind_text (stmt, 27, c->body);
}

static YcCaseRecord *
read_case (sqlite3_stmt *stmt,
           gboolean      with_body)
{
  YcCaseRecord *c = g_new0 (YcCaseRecord, 1);

  c->number = column_text (stmt, 0);
  c->item_code = column_text (stmt, 1);
  c->item_version = sqlite3_column_int (stmt, 2);
  c->department_code = column_text (stmt, 3);
  c->window_code = column_text (stmt, 4);
  c->township_code = column_text (stmt, 5);
  c->state = column_text (stmt, 6);
  c->applicant_name = column_text (stmt, 7);
  c->applicant_id_number = column_text (stmt, 8);
  c->received_at = sqlite3_column_int64 (stmt, 9);
  c->received_on = column_text (stmt, 10);
  c->accepted_on = column_text (stmt, 11);
  c->committed_due = column_text (stmt, 12);
  c->legal_due = column_text (stmt, 13);
  c->deadline_status = column_text (stmt, 14);
  c->accepted = sqlite3_column_int (stmt, 15) != 0;
  c->refused = sqlite3_column_int (stmt, 16) != 0;
  c->decided = sqlite3_column_int (stmt, 17) != 0;
  c->on_time = sqlite3_column_int (stmt, 18) != 0;
  c->days_used = sqlite3_column_int (stmt, 19);
  c->committed_limit = sqlite3_column_int (stmt, 20);
  c->legal_limit = sqlite3_column_int (stmt, 21);
  c->version = sqlite3_column_int64 (stmt, 22);
  c->updated_at = sqlite3_column_int64 (stmt, 23);
  c->received_by = column_text (stmt, 24);
  c->create_hash = column_text (stmt, 25);
  c->change_seq = sqlite3_column_int64 (stmt, 26);
  if (with_body)
    c->body = column_text (stmt, 27);
  return c;
}

static gboolean
sqlite_case_insert (YcStore      *store,
                    YcCaseRecord *record,
                    GError      **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_CASE_INSERT, error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  bind_case (stmt, record);
  if (!step_row (self, stmt, "insert case", &found, error))
    return FALSE;
  record->change_seq = found ? sqlite3_column_int64 (stmt, 0) : 0;
  /* RETURNING rows are produced before the statement completes: finish it. */
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      int rc = sqlite3_reset (stmt);

      sqlite3_clear_bindings (stmt);
      return set_error (self, rc, "insert case", error);
    }
  done (stmt);
  return TRUE;
}

static YcCaseRecord *
sqlite_case_get (YcStore    *store,
                 const char *number,
                 GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_CASE_GET, error);
  YcCaseRecord *record;
  gboolean found;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, number);
  if (!step_row (self, stmt, "read case", &found, error))
    return NULL;
  record = found ? read_case (stmt, TRUE) : NULL;
  done (stmt);
  if (record == NULL)
    not_found (error, "case");
  return record;
}

static gboolean
case_exists (YcStoreSqlite *self,
             const char    *number,
             gboolean      *exists,
             GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_CASE_EXISTS, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, number);
  if (!step_row (self, stmt, "find case", exists, error))
    return FALSE;
  done (stmt);
  return TRUE;
}

static gboolean
sqlite_case_update (YcStore      *store,
                    YcCaseRecord *record,
                    gint64        expected_version,
                    GError      **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_CASE_UPDATE, error);
  gboolean found, exists;

  if (stmt == NULL)
    return FALSE;
  bind_case (stmt, record);
  sqlite3_bind_int64 (stmt, 28, expected_version);
  if (!step_row (self, stmt, "update case", &found, error))
    return FALSE;
  if (found)
    {
      record->change_seq = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          int rc = sqlite3_reset (stmt);

          sqlite3_clear_bindings (stmt);
          return set_error (self, rc, "update case", error);
        }
      done (stmt);
      return TRUE;
    }
  done (stmt);
  if (!case_exists (self, record->number, &exists, error))
    return FALSE;
  if (!exists)
    return not_found (error, "case");
  g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT,
               "Case %s is no longer at version %" G_GINT64_FORMAT, record->number,
               expected_version);
  return FALSE;
}

/* Whether @q is shaped like a citizen ID or USCC (then matched exactly, else as a name prefix). */
static gboolean
looks_like_id_number (const char *q)
{
  gsize len = strlen (q);

  if (len != 15 && len != 18)
    return FALSE;
  for (const char *p = q; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

typedef struct
{
  GString   *where;
  GPtrArray *values;             /* char*, bound in order */
} Filter;

static void
filter_add (Filter     *f,
            const char *clause,
            const char *value)
{
  g_string_append (f->where, " AND ");
  g_string_append (f->where, clause);
  g_ptr_array_add (f->values, g_strdup (value));
}

static void
build_case_filter (const YcCaseQuery *q,
                   Filter            *f)
{
  if (q->number != NULL)
    filter_add (f, "number = ?", q->number);
  if (q->id_number != NULL)
    {
      g_autofree char *up = g_ascii_strup (q->id_number, -1);

      filter_add (f, "applicant_id_number = ?", up);
    }
  if (q->q != NULL)
    {
      if (looks_like_id_number (q->q))
        {
          g_autofree char *up = g_ascii_strup (q->q, -1);

          filter_add (f, "applicant_id_number = ?", up);
        }
      else
        {
          /* Prefix range: every UTF-8 string starting with q sorts below q + 0xFF. */
          g_autofree char *upper = g_strconcat (q->q, "\xff", NULL);

          filter_add (f, "applicant_name >= ?", q->q);
          g_string_append (f->where, " AND applicant_name < ?");
          g_ptr_array_add (f->values, g_steal_pointer (&upper));
        }
    }
  if (q->state != NULL)
    filter_add (f, "state = ?", q->state);
  if (q->window != NULL)
    filter_add (f, "window_code = ?", q->window);
  if (q->department != NULL)
    filter_add (f, "department_code = ?", q->department);
  if (q->township != NULL)
    filter_add (f, "township_code = ?", q->township);
  if (q->due_before != NULL)
    filter_add (f, "committed_due < ?", q->due_before);
  if (q->scope_department != NULL)
    filter_add (f, "department_code = ?", q->scope_department);
  if (q->scope_township != NULL)
    filter_add (f, "township_code = ?", q->scope_township);
  if (q->has_since)
    {
      g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, q->since);

      filter_add (f, "change_seq > ?", since);
    }
}

static void
bind_values (sqlite3_stmt *stmt,
             GPtrArray    *values)
{
  for (guint i = 0; i < values->len; i++)
    bind_text (stmt, i + 1, g_ptr_array_index (values, i));
}

static GPtrArray *
sqlite_case_search (YcStore           *store,
                    const YcCaseQuery *q,
                    guint              total_cap,
                    guint             *total,
                    gboolean          *capped,
                    gint64            *sync_token,
                    GError           **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  g_autoptr (GString) where = g_string_new ("1");
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (
    (GDestroyNotify) yc_case_record_free);
  Filter f = { where, values };
  g_autofree char *count_sql = NULL;
  g_autofree char *rows_sql = NULL;
  sqlite3_stmt *stmt;
  gboolean found;
  gint64 n;
  int rc;

  build_case_filter (q, &f);

  if (!yc_store_begin_read (store, error))
    return NULL;

  /* Counting every match of a broad filter over millions of rows is slow and useless to a
   * clerk: count up to the cap. */
  count_sql = g_strdup_printf ("SELECT count (*) FROM (SELECT 1 FROM cases WHERE %s LIMIT %u)",
                               where->str, total_cap + 1);
  if ((stmt = get_dynamic_stmt (self, count_sql, error)) == NULL)
    goto fail;
  bind_values (stmt, values);
  if (!step_row (self, stmt, "count cases", &found, error))
    goto fail;
  n = found ? sqlite3_column_int64 (stmt, 0) : 0;
  done (stmt);
  *capped = n > total_cap;
  *total = *capped ? total_cap : (guint) n;

  rows_sql = g_strdup_printf ("SELECT " CASE_COLS ", change_seq FROM cases WHERE %s "
                              "ORDER BY %s LIMIT ? OFFSET ?",
                              where->str,
                              q->has_since ? "change_seq" : "id DESC");
  if ((stmt = get_dynamic_stmt (self, rows_sql, error)) == NULL)
    goto fail;
  bind_values (stmt, values);
  sqlite3_bind_int64 (stmt, values->len + 1, q->page_size);
  sqlite3_bind_int64 (stmt, values->len + 2, (gint64) (q->page - 1) * q->page_size);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_case (stmt, FALSE));
  done (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, "search cases", error);
      goto fail;
    }

  if ((stmt = get_stmt (self, STMT_SYNC_TOKEN, error)) == NULL ||
      !step_row (self, stmt, "sync token", &found, error))
    goto fail;
  *sync_token = found ? sqlite3_column_int64 (stmt, 0) : 0;
  done (stmt);

  if (!yc_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&rows);

fail:
  yc_store_rollback (store);
  return NULL;
}

/* Attachments ------------------------------------------------------------------------------- */

static gboolean
sqlite_blob_put (YcStore    *store,
                 const char *sha256,
                 GBytes     *data,
                 GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_BLOB_PUT, error);
  gsize size;
  gconstpointer bytes = g_bytes_get_data (data, &size);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, sha256);
  sqlite3_bind_int64 (stmt, 2, size);
  sqlite3_bind_blob64 (stmt, 3, bytes != NULL ? bytes : "", size, SQLITE_STATIC);
  return run_stmt (self, stmt, "store blob", error);
}

static GBytes *
sqlite_blob_get (YcStore    *store,
                 const char *sha256,
                 GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_BLOB_GET, error);
  GBytes *bytes = NULL;
  gboolean found;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, sha256);
  if (!step_row (self, stmt, "read blob", &found, error))
    return NULL;
  if (found)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  done (stmt);
  if (bytes == NULL)
    not_found (error, "blob");
  return bytes;
}

static YcAttachmentRecord *
read_attachment (sqlite3_stmt *stmt)
{
  YcAttachmentRecord *a = g_new0 (YcAttachmentRecord, 1);

  a->id = sqlite3_column_int64 (stmt, 0);
  a->case_number = column_text (stmt, 1);
  a->material_code = column_text (stmt, 2);
  a->sha256 = column_text (stmt, 3);
  a->size = sqlite3_column_int64 (stmt, 4);
  a->content_type = column_text (stmt, 5);
  a->uploaded_by = column_text (stmt, 6);
  a->uploaded_at = sqlite3_column_int64 (stmt, 7);
  return a;
}

static gboolean
sqlite_attachment_insert (YcStore            *store,
                          YcAttachmentRecord *a,
                          GError            **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_ATTACHMENT_INSERT, error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, a->case_number);
  bind_text (stmt, 2, a->material_code);
  bind_text (stmt, 3, a->sha256);
  sqlite3_bind_int64 (stmt, 4, a->size);
  bind_text (stmt, 5, a->content_type);
  bind_text (stmt, 6, a->uploaded_by);
  sqlite3_bind_int64 (stmt, 7, a->uploaded_at);
  if (!step_row (self, stmt, "add attachment", &found, error))
    return FALSE;
  a->id = found ? sqlite3_column_int64 (stmt, 0) : 0;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      int rc = sqlite3_reset (stmt);

      sqlite3_clear_bindings (stmt);
      return set_error (self, rc, "add attachment", error);
    }
  done (stmt);
  return TRUE;
}

static YcAttachmentRecord *
sqlite_attachment_get (YcStore *store,
                       gint64   id,
                       GError **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_ATTACHMENT_GET, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return read_one (self, stmt, (ReadRow) read_attachment, "read attachment", "attachment", error);
}

static GPtrArray *
sqlite_attachment_list (YcStore    *store,
                        const char *case_number,
                        GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_ATTACHMENT_LIST, error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, case_number);
  return read_all (self, stmt, (ReadRow) read_attachment, (GDestroyNotify) yc_attachment_record_free, "list attachments", error);
}

/* Documents, seals, verification ------------------------------------------------------------ */

static YcDocumentRecord *
read_document (sqlite3_stmt *stmt)
{
  YcDocumentRecord *d = g_new0 (YcDocumentRecord, 1);

  d->verification_id = column_text (stmt, 0);
  d->case_number = column_text (stmt, 1);
  d->kind = column_text (stmt, 2);
  d->sha256 = column_text (stmt, 3);
  d->department_code = column_text (stmt, 4);
  d->seal_authorised = sqlite3_column_int (stmt, 5) != 0;
  d->authorised_by = column_text (stmt, 6);
  d->holder = column_text (stmt, 7);
  d->issued_by = column_text (stmt, 8);
  d->issued_at = sqlite3_column_int64 (stmt, 9);
  return d;
}

static gboolean
sqlite_document_insert (YcStore                *store,
                        const YcDocumentRecord *d,
                        GError                **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_DOCUMENT_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->verification_id);
  bind_text (stmt, 2, d->case_number);
  bind_text (stmt, 3, d->kind);
  bind_text (stmt, 4, d->sha256);
  bind_text (stmt, 5, d->department_code);
  sqlite3_bind_int (stmt, 6, d->seal_authorised ? 1 : 0);
  bind_text (stmt, 7, d->authorised_by);
  bind_text (stmt, 8, d->holder);
  bind_text (stmt, 9, d->issued_by);
  sqlite3_bind_int64 (stmt, 10, d->issued_at);
  return run_stmt (self, stmt, "record document", error);
}

static YcDocumentRecord *
sqlite_document_get (YcStore    *store,
                     const char *verification_id,
                     GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_DOCUMENT_GET, error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, verification_id);
  return read_one (self, stmt, (ReadRow) read_document, "read document", "document", error);
}

static GPtrArray *
sqlite_document_list (YcStore    *store,
                      const char *case_number,
                      GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_DOCUMENT_LIST, error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, case_number);
  return read_all (self, stmt, (ReadRow) read_document, (GDestroyNotify) yc_document_record_free, "list documents", error);
}

/* Only a reservation (empty hash) takes one; NOT_FOUND otherwise, nothing changed. */
static gboolean
sqlite_document_set_sha256 (YcStore    *store,
                            const char *verification_id,
                            const char *sha256,
                            GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_DOCUMENT_SET_SHA256, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, sha256);
  bind_text (stmt, 2, verification_id);
  if (!run_stmt (self, stmt, "register document hash", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      not_found (error, "document reservation");
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_seal_use_insert (YcStore                *store,
                        const YcDocumentRecord *d,
                        const char             *used_by,
                        gint64                  at,
                        GError                **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_SEAL_USE_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->verification_id);
  bind_text (stmt, 2, d->department_code);
  bind_text (stmt, 3, d->case_number);
  bind_text (stmt, 4, d->kind);
  bind_text (stmt, 5, used_by);
  bind_text (stmt, 6, d->authorised_by);
  sqlite3_bind_int64 (stmt, 7, at);
  return run_stmt (self, stmt, "record seal use", error);
}

static gboolean
sqlite_verify_log_insert (YcStore    *store,
                          const char *verification_id,
                          gboolean    found,
                          const char *address,
                          gint64      at,
                          GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_VERIFY_LOG_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, verification_id);
  sqlite3_bind_int (stmt, 2, found ? 1 : 0);
  bind_text (stmt, 3, address);
  sqlite3_bind_int64 (stmt, 4, at);
  return run_stmt (self, stmt, "log verification", error);
}

/* Audit ------------------------------------------------------------------------------------- */

static YcAuditRecord *
read_audit (sqlite3_stmt *stmt)
{
  YcAuditRecord *a = g_new0 (YcAuditRecord, 1);

  a->id = sqlite3_column_int64 (stmt, 0);
  a->at = sqlite3_column_int64 (stmt, 1);
  a->actor = column_text (stmt, 2);
  a->address = column_text (stmt, 3);
  a->action = column_text (stmt, 4);
  a->case_number = column_text (stmt, 5);
  a->detail = column_text (stmt, 6);
  a->prev_hash = column_text (stmt, 7);
  a->hash = column_text (stmt, 8);
  return a;
}

static gboolean
sqlite_audit_head (YcStore *store,
                   gint64  *id,
                   char   **hash,
                   GError **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_AUDIT_HEAD, error);
  gboolean found;

  if (stmt == NULL || !step_row (self, stmt, "read audit head", &found, error))
    return FALSE;
  *id = found ? sqlite3_column_int64 (stmt, 0) : 0;
  *hash = found ? column_text (stmt, 1) : NULL;
  done (stmt);
  return TRUE;
}

static gboolean
sqlite_audit_insert (YcStore             *store,
                     const YcAuditRecord *a,
                     GError             **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_AUDIT_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a->id);
  sqlite3_bind_int64 (stmt, 2, a->at);
  bind_text (stmt, 3, a->actor);
  bind_text (stmt, 4, a->address);
  bind_text (stmt, 5, a->action);
  bind_text (stmt, 6, a->case_number);
  bind_text (stmt, 7, a->detail);
  bind_text (stmt, 8, a->prev_hash);
  bind_text (stmt, 9, a->hash);
  if (!run_stmt (self, stmt, "append audit entry", error))
    return FALSE;

  if ((stmt = get_stmt (self, STMT_AUDIT_HEAD_SET, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a->id);
  bind_text (stmt, 2, a->hash);
  return run_stmt (self, stmt, "move audit head", error);
}

static GPtrArray *
sqlite_audit_list_case (YcStore    *store,
                        const char *case_number,
                        GError    **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_AUDIT_LIST_CASE, error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, case_number);
  return read_all (self, stmt, (ReadRow) read_audit, (GDestroyNotify) yc_audit_record_free, "list audit entries", error);
}

static gboolean
sqlite_audit_foreach (YcStore     *store,
                      YcAuditFunc  func,
                      gpointer     user_data,
                      GError     **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  sqlite3_stmt *stmt = get_stmt (self, STMT_AUDIT_ALL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (YcAuditRecord) record = read_audit (stmt);

      if (!func (record, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  done (stmt);
  if (rc != SQLITE_DONE)
    return set_error (self, rc, "read audit trail", error);
  return TRUE;
}

/* For the reports (yc-store-sqlite-reports.c) ------------------------------------------------ */

sqlite3_stmt *
yc_store_sqlite_prepare (YcStoreSqlite *self,
                         const char    *sql,
                         GError       **error)
{
  return get_dynamic_stmt (self, sql, error);
}

gboolean
yc_store_sqlite_fail (YcStoreSqlite *self,
                      int            rc,
                      const char    *what,
                      GError       **error)
{
  return set_error (self, rc, what, error);
}

const char *
yc_store_sqlite_case_columns (void)
{
  return CASE_COLS ", change_seq, body";
}

YcCaseRecord *
yc_store_sqlite_read_case (sqlite3_stmt *stmt,
                           gboolean      with_body)
{
  return read_case (stmt, with_body);
}

static void
yc_store_sqlite_iface_init (YcStoreInterface *iface)
{
  iface->open_another = sqlite_open_another;
  iface->checkpoint = sqlite_checkpoint;
  iface->defer_durability = sqlite_defer_durability;
  iface->sync_log = sqlite_sync_log;
  iface->begin_read = sqlite_begin_read;
  iface->begin_write = sqlite_begin_write;
  iface->commit = sqlite_commit;
  iface->rollback = sqlite_rollback;
  iface->savepoint = sqlite_savepoint;
  iface->release = sqlite_release;
  iface->rollback_to = sqlite_rollback_to;
  iface->user_insert = sqlite_user_insert;
  iface->user_lookup = sqlite_user_lookup;
  iface->user_update = sqlite_user_update;
  iface->user_list = sqlite_user_list;
  iface->session_insert = sqlite_session_insert;
  iface->session_lookup = sqlite_session_lookup;
  iface->session_delete = sqlite_session_delete;
  iface->sessions_delete_user = sqlite_sessions_delete_user;
  iface->sessions_purge = sqlite_sessions_purge;
  iface->login_failure_add = sqlite_login_failure_add;
  iface->login_failure_count = sqlite_login_failure_count;
  iface->login_failure_clear = sqlite_login_failure_clear;
  iface->idempotency_lookup = sqlite_idempotency_lookup;
  iface->idempotency_insert = sqlite_idempotency_insert;
  iface->idempotency_purge = sqlite_idempotency_purge;
  iface->catalogue_put = sqlite_catalogue_put;
  iface->catalogue_get = sqlite_catalogue_get;
  iface->catalogue_list = sqlite_catalogue_list;
  iface->calendar_put = sqlite_calendar_put;
  iface->calendar_list = sqlite_calendar_list;
  iface->case_insert = sqlite_case_insert;
  iface->case_get = sqlite_case_get;
  iface->case_update = sqlite_case_update;
  iface->case_search = sqlite_case_search;
  iface->blob_put = sqlite_blob_put;
  iface->blob_get = sqlite_blob_get;
  iface->attachment_insert = sqlite_attachment_insert;
  iface->attachment_get = sqlite_attachment_get;
  iface->attachment_list = sqlite_attachment_list;
  iface->document_insert = sqlite_document_insert;
  iface->document_get = sqlite_document_get;
  iface->document_list = sqlite_document_list;
  iface->document_set_sha256 = sqlite_document_set_sha256;
  iface->seal_use_insert = sqlite_seal_use_insert;
  iface->verify_log_insert = sqlite_verify_log_insert;
  iface->audit_head = sqlite_audit_head;
  iface->audit_insert = sqlite_audit_insert;
  iface->audit_list_case = sqlite_audit_list_case;
  iface->audit_foreach = sqlite_audit_foreach;
  yc_store_sqlite_reports_iface_init (iface);
}
