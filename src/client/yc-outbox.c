/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "yc-outbox.h"

#define SCHEMA_VERSION 1

struct _YcOutbox
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;
  GMutex        db_lock;           /* one statement sequence at a time across threads */
  YcRestClient *client;

  gboolean      running;
  gboolean      busy;              /* a write is in flight or being recorded */
  guint         retry_source;
  guint         failures;          /* consecutive transient failures of the head entry */
  guint         retry_base_ms;
  guint         retry_max_ms;
  GCancellable *cancellable;

  guint         pending_count;
  guint         conflict_count;
  gboolean      online;
  char         *last_error;
};

G_DEFINE_FINAL_TYPE (YcOutbox, yc_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PENDING_COUNT,
  PROP_CONFLICT_COUNT,
  PROP_ONLINE,
  PROP_LAST_ERROR,
  N_PROPS
};

enum {
  ENTRY_SENT,
  ENTRY_CONFLICT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (yc-outbox-error-quark, yc_outbox_error)

static const char *schema_sql =
  "CREATE TABLE IF NOT EXISTS entries ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL,"
  "  case_number TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  body BLOB NOT NULL,"
  "  headers TEXT,"
  "  summary TEXT NOT NULL,"
  "  state INTEGER NOT NULL DEFAULT 0,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  error_code INTEGER NOT NULL DEFAULT -1,"
  "  http_status INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  sent_at INTEGER,"
  "  response TEXT);"
  "CREATE INDEX IF NOT EXISTS entries_state ON entries (state, id);"
  "CREATE INDEX IF NOT EXISTS entries_case ON entries (case_number, id);"
  "CREATE TABLE IF NOT EXISTS sequences ("
  "  window TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  last INTEGER NOT NULL,"
  "  PRIMARY KEY (window, day));"
  "CREATE TABLE IF NOT EXISTS case_versions ("
  "  case_number TEXT PRIMARY KEY,"
  "  version INTEGER NOT NULL);";

#define ENTRY_COLUMNS \
  "id, idempotency_key, kind, case_number, path, content_type, body, headers, summary, " \
  "state, attempts, last_error, error_code, http_status, created_at, response"

const char *
yc_outbox_state_to_string (YcOutboxState state)
{
  switch (state)
    {
    case YC_OUTBOX_STATE_PENDING:
      return "pending";
    case YC_OUTBOX_STATE_SENT:
      return "sent";
    case YC_OUTBOX_STATE_CONFLICT:
      return "conflict";
    case YC_OUTBOX_STATE_DISCARDED:
      return "discarded";
    default:
      return NULL;
    }
}

/* ---- entries -------------------------------------------------------------------------- */

YcOutboxEntry *
yc_outbox_entry_new (const char *kind,
                     const char *case_number,
                     const char *path,
                     const char *content_type,
                     GBytes     *body,
                     const char *summary)
{
  YcOutboxEntry *self;

  g_return_val_if_fail (kind != NULL && case_number != NULL && path != NULL, NULL);

  self = g_new0 (YcOutboxEntry, 1);
  self->kind = g_strdup (kind);
  self->case_number = g_strdup (case_number);
  self->path = g_strdup (path);
  self->content_type = g_strdup (content_type != NULL ? content_type : "application/json");
  self->body = body != NULL ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  self->summary = g_strdup (summary != NULL ? summary : path);
  self->error_code = -1;
  return self;
}

YcOutboxEntry *
yc_outbox_entry_new_json (const char *kind,
                          const char *case_number,
                          const char *path,
                          JsonNode   *body,
                          const char *summary)
{
  g_autofree char *text = json_to_string (body, FALSE);
  gsize length = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

  return yc_outbox_entry_new (kind, case_number, path, "application/json", bytes, summary);
}

void
yc_outbox_entry_set_header (YcOutboxEntry *self,
                            const char    *name,
                            const char    *value)
{
  if (self->headers == NULL)
    self->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (self->headers, g_strdup (name), g_strdup (value));
}

YcOutboxEntry *
yc_outbox_entry_copy (const YcOutboxEntry *self)
{
  YcOutboxEntry *copy = g_new0 (YcOutboxEntry, 1);

  *copy = *self;
  copy->idempotency_key = g_strdup (self->idempotency_key);
  copy->kind = g_strdup (self->kind);
  copy->case_number = g_strdup (self->case_number);
  copy->path = g_strdup (self->path);
  copy->content_type = g_strdup (self->content_type);
  copy->body = self->body != NULL ? g_bytes_ref (self->body) : NULL;
  copy->summary = g_strdup (self->summary);
  copy->last_error = g_strdup (self->last_error);
  copy->response = self->response != NULL ? json_node_copy (self->response) : NULL;
  copy->headers = NULL;
  if (self->headers != NULL)
    {
      GHashTableIter iter;
      gpointer k, v;

      g_hash_table_iter_init (&iter, self->headers);
      while (g_hash_table_iter_next (&iter, &k, &v))
        yc_outbox_entry_set_header (copy, k, v);
    }
  return copy;
}

void
yc_outbox_entry_free (YcOutboxEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->idempotency_key);
  g_free (self->kind);
  g_free (self->case_number);
  g_free (self->path);
  g_free (self->content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->headers, g_hash_table_unref);
  g_free (self->summary);
  g_free (self->last_error);
  g_clear_pointer (&self->response, json_node_unref);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (YcOutboxEntry, yc_outbox_entry, yc_outbox_entry_copy, yc_outbox_entry_free)

static char *
headers_to_json (GHashTable *headers)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer k, v;

  if (headers == NULL || g_hash_table_size (headers) == 0)
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, headers);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      json_builder_set_member_name (builder, k);
      json_builder_add_string_value (builder, v);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static GHashTable *
headers_from_json (const char *text)
{
  g_autoptr(JsonNode) node = NULL;
  GHashTable *headers;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (text == NULL)
    return NULL;
  node = json_from_string (text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    if (JSON_NODE_HOLDS_VALUE (value))
      g_hash_table_replace (headers, g_strdup (name), g_strdup (json_node_get_string (value)));
  return headers;
}

static char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static YcOutboxEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  YcOutboxEntry *entry = g_new0 (YcOutboxEntry, 1);
  g_autofree char *headers = NULL;
  g_autofree char *response = NULL;
  const void *blob;
  int blob_size;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->idempotency_key = column_text (stmt, 1);
  entry->kind = column_text (stmt, 2);
  entry->case_number = column_text (stmt, 3);
  entry->path = column_text (stmt, 4);
  entry->content_type = column_text (stmt, 5);
  blob = sqlite3_column_blob (stmt, 6);
  blob_size = sqlite3_column_bytes (stmt, 6);
  entry->body = g_bytes_new (blob, blob_size);
  headers = column_text (stmt, 7);
  entry->headers = headers_from_json (headers);
  entry->summary = column_text (stmt, 8);
  entry->state = sqlite3_column_int (stmt, 9);
  entry->attempts = sqlite3_column_int (stmt, 10);
  entry->last_error = column_text (stmt, 11);
  entry->error_code = sqlite3_column_int (stmt, 12);
  entry->http_status = sqlite3_column_int (stmt, 13);
  entry->created_at = sqlite3_column_int64 (stmt, 14);
  response = column_text (stmt, 15);
  entry->response = response != NULL ? json_from_string (response, NULL) : NULL;
  return entry;
}

/* ---- database ------------------------------------------------------------------------- */

static gboolean
db_error (YcOutbox  *self,
          GError   **error)
{
  g_set_error (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_DATABASE,
               _("The outbox file %s cannot be written (%s). Intake is not saved: free disk "
                 "space or call the administrator."),
               self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
db_exec (YcOutbox    *self,
         const char  *sql,
         GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_error (self, error);
  return TRUE;
}

static sqlite3_stmt *
db_prepare (YcOutbox    *self,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      db_error (self, error);
      return NULL;
    }
  return stmt;
}

static gboolean
db_open (YcOutbox  *self,
         GError   **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int version = 0;
  sqlite3_stmt *stmt;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_DATABASE,
                   _("The outbox folder %s cannot be created: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    return db_error (self, error);

  /* WAL keeps readers off the writer; FULL makes each commit durable before we go on, so a
   * write is on disk before it is ever sent. */
  if (!db_exec (self, "PRAGMA journal_mode=WAL", error)
      || !db_exec (self, "PRAGMA synchronous=FULL", error)
      || !db_exec (self, "PRAGMA busy_timeout=5000", error))
    return FALSE;

  stmt = db_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_DATABASE,
                   _("The outbox file %s was written by a newer Yichuang. Update this "
                     "client; the file is left untouched."),
                   self->path);
      return FALSE;
    }
  if (version < SCHEMA_VERSION)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE; %s PRAGMA user_version=%d; "
                                              "COMMIT;", schema_sql, SCHEMA_VERSION);

      if (!db_exec (self, sql, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

static guint
count_state (YcOutbox      *self,
             YcOutboxState  state)
{
  sqlite3_stmt *stmt = NULL;
  guint count = 0;

  if (sqlite3_prepare_v2 (self->db, "SELECT COUNT(*) FROM entries WHERE state = ?", -1,
                          &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_int (stmt, 1, state);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* Re-reads the counts and notifies; main thread only. */
static void
refresh_counts (YcOutbox *self)
{
  guint pending, conflict;

  g_mutex_lock (&self->db_lock);
  pending = count_state (self, YC_OUTBOX_STATE_PENDING);
  conflict = count_state (self, YC_OUTBOX_STATE_CONFLICT);
  g_mutex_unlock (&self->db_lock);

  if (pending != self->pending_count)
    {
      self->pending_count = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
    }
  if (conflict != self->conflict_count)
    {
      self->conflict_count = conflict;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICT_COUNT]);
    }
}

static void
set_online (YcOutbox   *self,
            gboolean    online,
            const char *last_error)
{
  if (self->online != online)
    {
      self->online = online;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
    }
  if (g_strcmp0 (self->last_error, last_error) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (last_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }
}

/* ---- the object ----------------------------------------------------------------------- */

static void
yc_outbox_dispose (GObject *object)
{
  YcOutbox *self = YC_OUTBOX (object);

  yc_outbox_stop (self);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (yc_outbox_parent_class)->dispose (object);
}

static void
yc_outbox_finalize (GObject *object)
{
  YcOutbox *self = YC_OUTBOX (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->db_lock);
  g_clear_object (&self->cancellable);
  g_free (self->path);
  g_free (self->last_error);
  G_OBJECT_CLASS (yc_outbox_parent_class)->finalize (object);
}

static void
yc_outbox_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YcOutbox *self = YC_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->pending_count);
      break;
    case PROP_CONFLICT_COUNT:
      g_value_set_uint (value, self->conflict_count);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_outbox_class_init (YcOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_outbox_dispose;
  object_class->finalize = yc_outbox_finalize;
  object_class->get_property = yc_outbox_get_property;

  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFLICT_COUNT] =
    g_param_spec_uint ("conflict-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The entry as recorded, with the backend's answer. */
  signals[ENTRY_SENT] =
    g_signal_new ("entry-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, YC_TYPE_OUTBOX_ENTRY | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* The entry as recorded, with the refusal in last_error. */
  signals[ENTRY_CONFLICT] =
    g_signal_new ("entry-conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, YC_TYPE_OUTBOX_ENTRY | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
yc_outbox_init (YcOutbox *self)
{
  g_mutex_init (&self->db_lock);
  self->retry_base_ms = 1000;
  self->retry_max_ms = 60000;
  self->online = TRUE;
}

YcOutbox *
yc_outbox_new (const char    *path,
               YcRestClient  *client,
               GError       **error)
{
  g_autoptr(YcOutbox) self = NULL;

  g_return_val_if_fail (YC_IS_REST_CLIENT (client), NULL);

  self = g_object_new (YC_TYPE_OUTBOX, NULL);
  self->client = g_object_ref (client);
  self->path = path != NULL ? g_strdup (path)
                            : g_build_filename (g_get_user_data_dir (), "yichuang",
                                                "outbox.sqlite", NULL);
  if (!db_open (self, error))
    return NULL;
  refresh_counts (self);
  return g_steal_pointer (&self);
}

const char *
yc_outbox_get_path (YcOutbox *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), NULL);
  return self->path;
}

YcRestClient *
yc_outbox_get_client (YcOutbox *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), NULL);
  return self->client;
}

void
yc_outbox_set_retry_delays (YcOutbox *self,
                            guint     base_ms,
                            guint     max_ms)
{
  g_return_if_fail (YC_IS_OUTBOX (self));
  self->retry_base_ms = MAX (base_ms, 1);
  self->retry_max_ms = MAX (max_ms, self->retry_base_ms);
}

/* ---- case numbers --------------------------------------------------------------------- */

char *
yc_outbox_mint_case_number (YcOutbox     *self,
                            const char   *region,
                            const char   *window,
                            const GDate  *date,
                            GError      **error)
{
  YcCaseNumber number = { 0 };
  char day[16];
  sqlite3_stmt *stmt = NULL;
  guint last = 0;
  char *text = NULL;

  g_return_val_if_fail (YC_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (region != NULL && window != NULL && g_date_valid (date), NULL);

  g_snprintf (day, sizeof day, "%04u%02u%02u", g_date_get_year (date),
              g_date_get_month (date), g_date_get_day (date));

  g_mutex_lock (&self->db_lock);
  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    goto out;

  stmt = db_prepare (self, "SELECT last FROM sequences WHERE window = ? AND day = ?", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_text (stmt, 1, window, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (last >= 9999)
    {
      g_set_error (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_SEQUENCE_FULL,
                   _("All 9999 case numbers of window %s for today are used. Take further "
                     "intake at another window."),
                   window);
      goto rollback;
    }

  stmt = db_prepare (self, "INSERT INTO sequences (window, day, last) VALUES (?, ?, ?) "
                           "ON CONFLICT (window, day) DO UPDATE SET last = excluded.last",
                     error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_text (stmt, 1, window, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, last + 1);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      db_error (self, error);
      goto rollback;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  g_strlcpy (number.region, region, sizeof number.region);
  g_strlcpy (number.window, window, sizeof number.window);
  number.year = g_date_get_year (date);
  number.month = g_date_get_month (date);
  number.day = g_date_get_day (date);
  number.sequence = last + 1;

  if (!db_exec (self, "COMMIT", error))
    goto rollback;
  text = yc_case_number_format (&number);
  goto out;

rollback:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
out:
  g_mutex_unlock (&self->db_lock);
  return text;
}

typedef struct
{
  char  *region;
  char  *window;
  GDate  date;
} MintData;

static void
mint_data_free (gpointer data)
{
  MintData *md = data;

  g_free (md->region);
  g_free (md->window);
  g_free (md);
}

static void
mint_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MintData *md = task_data;
  GError *error = NULL;
  char *number = yc_outbox_mint_case_number (source_object, md->region, md->window, &md->date,
                                             &error);

  if (number == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, number, g_free);
}

void
yc_outbox_mint_case_number_async (YcOutbox            *self,
                                  const char          *region,
                                  const char          *window,
                                  const GDate         *date,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MintData *md;

  g_return_if_fail (YC_IS_OUTBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_outbox_mint_case_number_async);
  md = g_new0 (MintData, 1);
  md->region = g_strdup (region);
  md->window = g_strdup (window);
  md->date = *date;
  g_task_set_task_data (task, md, mint_data_free);
  g_task_run_in_thread (task, mint_thread);
}

char *
yc_outbox_mint_case_number_finish (YcOutbox      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, yc_outbox_mint_case_number_async),
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- queueing ------------------------------------------------------------------------- */

static gboolean
enqueue_locked (YcOutbox   *self,
                GPtrArray  *entries,
                GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 now = g_get_real_time ();

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  stmt = db_prepare (self,
                     "INSERT INTO entries (idempotency_key, kind, case_number, path, "
                     "content_type, body, headers, summary, state, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)", error);
  if (stmt == NULL)
    goto rollback;

  for (guint i = 0; i < entries->len; i++)
    {
      YcOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *headers = headers_to_json (entry->headers);
      gsize size;
      const void *body = g_bytes_get_data (entry->body, &size);

      if (entry->idempotency_key == NULL)
        entry->idempotency_key = yc_rest_new_idempotency_key ();

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      sqlite3_bind_text (stmt, 1, entry->idempotency_key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, entry->kind, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, entry->case_number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, entry->path, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, entry->content_type, -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 6, size > 0 ? body : "", (int) size, SQLITE_TRANSIENT);
      if (headers != NULL)
        sqlite3_bind_text (stmt, 7, headers, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, entry->summary, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 9, now);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          db_error (self, error);
          goto rollback;
        }
      entry->id = sqlite3_last_insert_rowid (self->db);
      entry->state = YC_OUTBOX_STATE_PENDING;
      entry->created_at = now;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!db_exec (self, "COMMIT", error))
    goto rollback;
  return TRUE;

rollback:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  for (guint i = 0; i < entries->len; i++)
    ((YcOutboxEntry *) g_ptr_array_index (entries, i))->id = 0;
  return FALSE;
}

static gboolean
enqueue_any_thread (YcOutbox   *self,
                    GPtrArray  *entries,
                    GError    **error)
{
  gboolean ok;

  g_mutex_lock (&self->db_lock);
  ok = enqueue_locked (self, entries, error);
  g_mutex_unlock (&self->db_lock);
  return ok;
}

gboolean
yc_outbox_enqueue (YcOutbox   *self,
                   GPtrArray  *entries,
                   GError    **error)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  if (!enqueue_any_thread (self, entries, error))
    return FALSE;
  refresh_counts (self);
  yc_outbox_start (self);
  return TRUE;
}

static void
enqueue_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (enqueue_any_thread (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
yc_outbox_enqueue_async (YcOutbox            *self,
                         GPtrArray           *entries,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_OUTBOX (self));
  g_return_if_fail (entries != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_outbox_enqueue_async);
  /* The caller's entries get their ids and keys; they must stay alive until the callback. */
  g_task_set_task_data (task, g_ptr_array_ref (entries), (GDestroyNotify) g_ptr_array_unref);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, enqueue_thread);
}

gboolean
yc_outbox_enqueue_finish (YcOutbox      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, yc_outbox_enqueue_async), FALSE);

  ok = g_task_propagate_boolean (G_TASK (result), error);
  if (ok)
    {
      refresh_counts (self);
      yc_outbox_start (self);
    }
  return ok;
}

/* ---- reading -------------------------------------------------------------------------- */

GPtrArray *
yc_outbox_list (YcOutbox       *self,
                YcOutboxState   state,
                GError        **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (YC_IS_OUTBOX (self), NULL);

  g_mutex_lock (&self->db_lock);
  stmt = db_prepare (self, "SELECT " ENTRY_COLUMNS " FROM entries WHERE state = ? ORDER BY id",
                     error);
  if (stmt != NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_entry_free);
      sqlite3_bind_int (stmt, 1, state);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (list, entry_from_row (stmt));
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->db_lock);
  return g_steal_pointer (&list);
}

static YcOutboxEntry *
get_entry_locked (YcOutbox  *self,
                  gint64     id)
{
  sqlite3_stmt *stmt = NULL;
  YcOutboxEntry *entry = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT " ENTRY_COLUMNS " FROM entries WHERE id = ?", -1,
                          &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    entry = entry_from_row (stmt);
  sqlite3_finalize (stmt);
  return entry;
}

YcOutboxEntry *
yc_outbox_get_entry (YcOutbox  *self,
                     gint64     id,
                     GError   **error)
{
  YcOutboxEntry *entry;

  g_return_val_if_fail (YC_IS_OUTBOX (self), NULL);

  g_mutex_lock (&self->db_lock);
  entry = get_entry_locked (self, id);
  g_mutex_unlock (&self->db_lock);
  if (entry == NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_NOT_FOUND,
                   _("Outbox entry %s does not exist."), number);
    }
  return entry;
}

guint
yc_outbox_get_pending_count (YcOutbox *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), 0);
  return self->pending_count;
}

guint
yc_outbox_get_conflict_count (YcOutbox *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), 0);
  return self->conflict_count;
}

static gboolean
change_conflict (YcOutbox       *self,
                 gint64          id,
                 YcOutboxState   to,
                 GError        **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_mutex_lock (&self->db_lock);
  stmt = db_prepare (self, "UPDATE entries SET state = ?, attempts = 0 "
                           "WHERE id = ? AND state = ?", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int (stmt, 1, to);
      sqlite3_bind_int64 (stmt, 2, id);
      sqlite3_bind_int (stmt, 3, YC_OUTBOX_STATE_CONFLICT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        db_error (self, error);
      else if (sqlite3_changes (self->db) == 0)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          g_set_error (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_NOT_FOUND,
                       _("Outbox entry %s is not refused by the backend, so it cannot be "
                         "retried or discarded."), number);
        }
      else
        ok = TRUE;
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->db_lock);

  if (ok)
    {
      refresh_counts (self);
      yc_outbox_start (self);
    }
  return ok;
}

gboolean
yc_outbox_retry_entry (YcOutbox  *self,
                       gint64     id,
                       GError   **error)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), FALSE);
  return change_conflict (self, id, YC_OUTBOX_STATE_PENDING, error);
}

gboolean
yc_outbox_discard_entry (YcOutbox  *self,
                         gint64     id,
                         GError   **error)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), FALSE);
  return change_conflict (self, id, YC_OUTBOX_STATE_DISCARDED, error);
}

/* ---- sending -------------------------------------------------------------------------- */

/* The oldest pending entry that is not held behind a conflict of the same case. */
static YcOutboxEntry *
next_entry (YcOutbox *self)
{
  sqlite3_stmt *stmt = NULL;
  YcOutboxEntry *entry = NULL;

  g_mutex_lock (&self->db_lock);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT " ENTRY_COLUMNS " FROM entries o WHERE state = 0 AND NOT "
                          "EXISTS (SELECT 1 FROM entries c WHERE c.state = 2 AND "
                          "c.case_number = o.case_number AND c.id < o.id) ORDER BY id LIMIT 1",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        entry = entry_from_row (stmt);
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->db_lock);
  return entry;
}

static gint64
known_version (YcOutbox   *self,
               const char *case_number)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  g_mutex_lock (&self->db_lock);
  if (sqlite3_prepare_v2 (self->db, "SELECT version FROM case_versions WHERE case_number = ?",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, case_number, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->db_lock);
  return version;
}

/* An action queued while the case's version was unknown ("version": null) gets the version
 * the backend gave in its answer to the case's previous write. */
static GBytes *
body_for_sending (YcOutbox      *self,
                  YcOutboxEntry *entry)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *obj;
  gint64 version;
  gsize size;
  const char *data = g_bytes_get_data (entry->body, &size);
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (g_strcmp0 (entry->content_type, "application/json") != 0 || size == 0)
    return g_bytes_ref (entry->body);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, size, NULL))
    return g_bytes_ref (entry->body);
  node = json_node_ref (json_parser_get_root (parser));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return g_bytes_ref (entry->body);
  obj = json_node_get_object (node);
  if (!json_object_has_member (obj, "version") || !json_object_get_null_member (obj, "version"))
    return g_bytes_ref (entry->body);

  version = known_version (self, entry->case_number);
  if (version < 0)
    return g_bytes_ref (entry->body);
  json_object_set_int_member (obj, "version", version);
  text = json_to_string (node, FALSE);
  length = strlen (text);
  return g_bytes_new_take (g_steal_pointer (&text), length);
}

static gint64
version_from_answer (JsonNode *answer)
{
  JsonObject *obj;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return -1;
  obj = json_node_get_object (answer);
  if (json_object_has_member (obj, "case")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "case")))
    obj = json_object_get_object_member (obj, "case");
  if (!json_object_has_member (obj, "version"))
    return -1;
  return json_object_get_int_member (obj, "version");
}

typedef enum
{
  OUTCOME_SENT,
  OUTCOME_TRANSIENT,
  OUTCOME_CONFLICT,
} Outcome;

typedef struct
{
  YcOutboxEntry *entry;
  Outcome        outcome;
  JsonNode      *answer;
  GError        *error;
  guint          status;
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *sd = data;

  yc_outbox_entry_free (sd->entry);
  g_clear_pointer (&sd->answer, json_node_unref);
  g_clear_error (&sd->error);
  g_free (sd);
}

static void schedule_retry (YcOutbox *self);
static void send_next      (YcOutbox *self);

/* Runs in a worker: the commit of the outcome waits for the disk. */
static void
record_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  YcOutbox *self = source_object;
  SendData *sd = task_data;
  sqlite3_stmt *stmt = NULL;
  GError *error = NULL;
  const char *sql;
  g_autofree char *response = NULL;
  gint64 version;

  g_mutex_lock (&self->db_lock);
  if (!db_exec (self, "BEGIN IMMEDIATE", &error))
    goto out;

  switch (sd->outcome)
    {
    case OUTCOME_SENT:
      sql = "UPDATE entries SET state = 1, attempts = attempts + 1, sent_at = ?, "
            "response = ?, http_status = ?, last_error = NULL, error_code = -1 WHERE id = ?";
      break;
    case OUTCOME_CONFLICT:
      sql = "UPDATE entries SET state = 2, attempts = attempts + 1, sent_at = ?, "
            "response = ?, http_status = ?, last_error = ?, error_code = ? WHERE id = ?";
      break;
    case OUTCOME_TRANSIENT:
    default:
      sql = "UPDATE entries SET attempts = attempts + 1, last_error = ?, error_code = ? "
            "WHERE id = ?";
      break;
    }
  stmt = db_prepare (self, sql, &error);
  if (stmt == NULL)
    goto rollback;

  response = sd->answer != NULL ? json_to_string (sd->answer, FALSE) : NULL;
  if (sd->outcome == OUTCOME_TRANSIENT)
    {
      sqlite3_bind_text (stmt, 1, sd->error->message, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, sd->error->domain == YC_REST_ERROR ? sd->error->code : -1);
      sqlite3_bind_int64 (stmt, 3, sd->entry->id);
    }
  else
    {
      sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
      if (response != NULL)
        sqlite3_bind_text (stmt, 2, response, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 3, sd->status);
      if (sd->outcome == OUTCOME_SENT)
        sqlite3_bind_int64 (stmt, 4, sd->entry->id);
      else
        {
          sqlite3_bind_text (stmt, 4, sd->error->message, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (stmt, 5, sd->error->domain == YC_REST_ERROR ? sd->error->code : -1);
          sqlite3_bind_int64 (stmt, 6, sd->entry->id);
        }
    }
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      db_error (self, &error);
      goto rollback;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  version = sd->outcome == OUTCOME_SENT ? version_from_answer (sd->answer) : -1;
  if (version >= 0)
    {
      stmt = db_prepare (self, "INSERT INTO case_versions (case_number, version) VALUES (?, ?) "
                               "ON CONFLICT (case_number) DO UPDATE SET version = "
                               "excluded.version", &error);
      if (stmt == NULL)
        goto rollback;
      sqlite3_bind_text (stmt, 1, sd->entry->case_number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, version);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          db_error (self, &error);
          goto rollback;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  if (!db_exec (self, "COMMIT", &error))
    goto rollback;
  goto out;

rollback:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
out:
  g_mutex_unlock (&self->db_lock);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
recorded (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  YcOutbox *self = YC_OUTBOX (source);
  SendData *sd = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(YcOutboxEntry) entry = NULL;

  self->busy = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Could not write the outcome: the entry stays pending and is resent later under the
       * same key, which the backend answers from its record. */
      g_warning ("recording an outbox outcome failed: %s", error->message);
      set_online (self, self->online, error->message);
      self->failures++;
      schedule_retry (self);
      return;
    }

  g_mutex_lock (&self->db_lock);
  entry = get_entry_locked (self, sd->entry->id);
  g_mutex_unlock (&self->db_lock);
  refresh_counts (self);

  switch (sd->outcome)
    {
    case OUTCOME_SENT:
      self->failures = 0;
      set_online (self, TRUE, NULL);
      if (entry != NULL)
        g_signal_emit (self, signals[ENTRY_SENT], 0, entry);
      send_next (self);
      break;
    case OUTCOME_CONFLICT:
      self->failures = 0;
      set_online (self, TRUE, sd->error->message);
      if (entry != NULL)
        g_signal_emit (self, signals[ENTRY_CONFLICT], 0, entry);
      send_next (self);
      break;
    case OUTCOME_TRANSIENT:
    default:
      self->failures++;
      set_online (self,
                  !g_error_matches (sd->error, YC_REST_ERROR, YC_REST_ERROR_UNREACHABLE),
                  sd->error->message);
      schedule_retry (self);
      break;
    }
}

static void
posted (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(YcOutbox) self = user_data;
  g_autoptr(GTask) task = NULL;
  SendData *sd = g_object_steal_data (G_OBJECT (self), "yc-outbox-in-flight");

  sd->answer = yc_rest_client_post_finish (YC_REST_CLIENT (source), result, &sd->status,
                                           &sd->error);
  if (sd->error == NULL)
    sd->outcome = OUTCOME_SENT;
  else if (g_error_matches (sd->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped: the entry simply stays pending, no attempt counted. If sending was
       * started again meanwhile, go on. */
      send_data_free (sd);
      self->busy = FALSE;
      send_next (self);
      return;
    }
  else if (yc_rest_error_is_transient (sd->error))
    sd->outcome = OUTCOME_TRANSIENT;
  else
    {
      sd->outcome = OUTCOME_CONFLICT;
      sd->status = yc_rest_error_get_status (sd->error);
    }

  task = g_task_new (self, NULL, recorded, NULL);
  g_task_set_source_tag (task, posted);
  g_task_set_task_data (task, sd, send_data_free);
  g_task_run_in_thread (task, record_thread);
}

static void
send_next (YcOutbox *self)
{
  g_autoptr(GBytes) body = NULL;
  SendData *sd;

  if (!self->running || self->busy)
    return;
  g_clear_handle_id (&self->retry_source, g_source_remove);

  sd = g_new0 (SendData, 1);
  sd->entry = next_entry (self);
  if (sd->entry == NULL)
    {
      send_data_free (sd);
      return;
    }

  self->busy = TRUE;
  body = body_for_sending (self, sd->entry);
  g_object_set_data (G_OBJECT (self), "yc-outbox-in-flight", sd);
  yc_rest_client_post_async (self->client, sd->entry->path, sd->entry->content_type, body,
                             sd->entry->headers, sd->entry->idempotency_key, self->cancellable,
                             posted, g_object_ref (self));
}

static gboolean
retry_cb (gpointer user_data)
{
  YcOutbox *self = user_data;

  self->retry_source = 0;
  send_next (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (YcOutbox *self)
{
  guint64 delay;
  guint shift = MIN (self->failures, 16);

  if (!self->running)
    return;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  delay = (guint64) self->retry_base_ms << (shift > 0 ? shift - 1 : 0);
  delay = MIN (delay, self->retry_max_ms);
  /* Up to a quarter of jitter, so that windows coming back together do not all knock at once. */
  delay += g_random_int_range (0, (gint32) MAX (delay / 4, 1));
  g_debug ("next attempt in %" G_GUINT64_FORMAT " ms", delay);
  self->retry_source = g_timeout_add ((guint) delay, retry_cb, self);
}

void
yc_outbox_start (YcOutbox *self)
{
  g_return_if_fail (YC_IS_OUTBOX (self));

  if (!self->running)
    {
      self->running = TRUE;
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  self->failures = 0;
  send_next (self);
}

void
yc_outbox_stop (YcOutbox *self)
{
  g_return_if_fail (YC_IS_OUTBOX (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
yc_outbox_is_idle (YcOutbox *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), TRUE);
  return !self->busy;
}
