/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Schema history. Never edit a published migration: append a new one. Each runs in its own
 * transaction together with its schema_migrations row. */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-store-sqlite-migrations.h"

/* Migration 2 (issue #7): what the sign-off queue, the township's forwarded list, the overdue
 * list and the statistics read, so that each answers in milliseconds over millions of cases.
 *
 * Partial indexes hold only the few rows each list is about (cases waiting for sign-off, open
 * township cases, open accepted cases), so they cost little on the write path.
 *
 * Statistics come from running totals kept by triggers, per received day and per received
 * month, in four dimensions: item, window, department (with the township, "" for the hall)
 * and, for township cases, item per township. A query over a year adds up some thousand
 * month rows plus the days of the months it cuts, instead of scanning every case. A case
 * contributes: received 1; accepted; refused; and, once accepted and decided (approved or
 * denied), decided, on_time and its working days and limits. */
#define STATS_COLS \
  "dim, period, key, department_code, township_code, received, accepted, refused, decided, " \
  "on_time, days_used, committed_limit, legal_limit"

#define STATS_TABLE(name) \
  "CREATE TABLE " name " (" \
  "  dim TEXT NOT NULL," \
  "  period TEXT NOT NULL," \
  "  key TEXT NOT NULL," \
  "  department_code TEXT NOT NULL," \
  "  township_code TEXT NOT NULL," \
  "  received INTEGER NOT NULL," \
  "  accepted INTEGER NOT NULL," \
  "  refused INTEGER NOT NULL," \
  "  decided INTEGER NOT NULL," \
  "  on_time INTEGER NOT NULL," \
  "  days_used INTEGER NOT NULL," \
  "  committed_limit INTEGER NOT NULL," \
  "  legal_limit INTEGER NOT NULL," \
  "  PRIMARY KEY (dim, period, key, department_code, township_code)) WITHOUT ROWID;"

/* The counted columns of case @r ("new" or "old"). */
#define STATS_VALUES(r) \
  r ".received_on AS received_on, " r ".department_code AS department_code, " \
  r ".accepted AS accepted, " r ".refused AS refused, " r ".decided AS decided, " \
  r ".on_time AS on_time, " r ".days_used AS days_used, " \
  r ".committed_limit AS committed_limit, " r ".legal_limit AS legal_limit"

/* The four dimension rows of case @r with sign @sign. */
#define STATS_ROWS(r, sign) \
  "SELECT 'item' AS dim, " r ".item_code AS key, '' AS town, " sign " AS sign, " \
  STATS_VALUES (r) " " \
  "UNION ALL SELECT 'window', " r ".window_code, coalesce (" r ".township_code, ''), " sign ", " \
  STATS_VALUES (r) " " \
  "UNION ALL SELECT 'department', " r ".department_code, coalesce (" r ".township_code, ''), " \
  sign ", " STATS_VALUES (r) " " \
  "UNION ALL SELECT 'township_item', " r ".item_code, " r ".township_code, " sign ", " \
  STATS_VALUES (r) " WHERE " r ".township_code IS NOT NULL"

/* Adds the rows of @source (from STATS_ROWS) into table @table at period @period. */
#define STATS_UPSERT(table, period, source) \
  "INSERT INTO " table " (" STATS_COLS ") " \
  "SELECT d.dim, " period ", d.key, d.department_code, d.town, d.sign, d.sign * d.accepted, " \
  "  d.sign * d.refused, d.sign * (d.decided AND d.accepted), " \
  "  d.sign * (d.decided AND d.accepted AND d.on_time), " \
  "  d.sign * (CASE WHEN d.decided AND d.accepted THEN d.days_used ELSE 0 END), " \
  "  d.sign * (CASE WHEN d.decided AND d.accepted THEN d.committed_limit ELSE 0 END), " \
  "  d.sign * (CASE WHEN d.decided AND d.accepted THEN d.legal_limit ELSE 0 END) " \
  "FROM (" source ") AS d WHERE 1 " \
  "ON CONFLICT DO UPDATE SET received = received + excluded.received, " \
  "  accepted = accepted + excluded.accepted, refused = refused + excluded.refused, " \
  "  decided = decided + excluded.decided, on_time = on_time + excluded.on_time, " \
  "  days_used = days_used + excluded.days_used, " \
  "  committed_limit = committed_limit + excluded.committed_limit, " \
  "  legal_limit = legal_limit + excluded.legal_limit;"

/* The cases already there, for the backfill. */
#define STATS_BACKFILL(dim, key, town, where) \
  "INSERT INTO stats_day (" STATS_COLS ") " \
  "SELECT '" dim "', received_on, " key ", department_code, " town ", count (*), " \
  "  sum (accepted), sum (refused), sum (decided AND accepted), " \
  "  sum (decided AND accepted AND on_time), " \
  "  sum (CASE WHEN decided AND accepted THEN days_used ELSE 0 END), " \
  "  sum (CASE WHEN decided AND accepted THEN committed_limit ELSE 0 END), " \
  "  sum (CASE WHEN decided AND accepted THEN legal_limit ELSE 0 END) " \
  "FROM cases " where " GROUP BY 2, 3, 4, 5;"

#define MIGRATION_3_REPORTS \
  /* The sign-off queue: a department's, a parallel item's, a township's. */ \
  "CREATE INDEX cases_signoff_department ON cases " \
  "  (department_code, committed_due, number, township_code, item_code, item_version) " \
  "  WHERE state = 'awaiting_signoff';" \
  "CREATE INDEX cases_signoff_item ON cases " \
  "  (item_code, committed_due, number, township_code, item_version) " \
  "  WHERE state = 'awaiting_signoff';" \
  "CREATE INDEX cases_signoff_township ON cases " \
  "  (township_code, committed_due, number, item_code, item_version) " \
  "  WHERE state = 'awaiting_signoff' AND township_code IS NOT NULL;" \
  /* A township's open cases, and its changes for since=. */ \
  "CREATE INDEX cases_township_open ON cases (township_code, received_at) " \
  "  WHERE township_code IS NOT NULL AND state <> 'closed';" \
  "CREATE INDEX cases_township_changes ON cases (township_code, change_seq) " \
  "  WHERE township_code IS NOT NULL;" \
  /* Open accepted cases by committed due date: the overdue list and counts. */ \
  "CREATE INDEX cases_open_due ON cases " \
  "  (committed_due, number, department_code, township_code, window_code, item_code, " \
  "   received_on) " \
  "  WHERE accepted = 1 AND decided = 0 AND state <> 'suspended';" \
  "CREATE INDEX cases_open_due_department ON cases (department_code, committed_due, number) " \
  "  WHERE accepted = 1 AND decided = 0 AND state <> 'suspended';" \
  STATS_TABLE ("stats_day") \
  STATS_TABLE ("stats_month") \
  STATS_BACKFILL ("item", "item_code", "''", "") \
  STATS_BACKFILL ("window", "window_code", "coalesce (township_code, '')", "") \
  STATS_BACKFILL ("department", "department_code", "coalesce (township_code, '')", "") \
  STATS_BACKFILL ("township_item", "item_code", "township_code", \
                  "WHERE township_code IS NOT NULL") \
  "INSERT INTO stats_month (" STATS_COLS ") " \
  "SELECT dim, substr (period, 1, 7), key, department_code, township_code, sum (received), " \
  "  sum (accepted), sum (refused), sum (decided), sum (on_time), sum (days_used), " \
  "  sum (committed_limit), sum (legal_limit) FROM stats_day GROUP BY 1, 2, 3, 4, 5;" \
  "CREATE TRIGGER cases_stats_insert AFTER INSERT ON cases BEGIN " \
  STATS_UPSERT ("stats_day", "d.received_on", STATS_ROWS ("new", "1")) \
  STATS_UPSERT ("stats_month", "substr (d.received_on, 1, 7)", STATS_ROWS ("new", "1")) \
  "END;" \
  /* Most actions change none of what is counted: the trigger fires only when they do. */ \
  "CREATE TRIGGER cases_stats_update AFTER UPDATE ON cases " \
  "WHEN old.accepted IS NOT new.accepted OR old.refused IS NOT new.refused " \
  "  OR old.decided IS NOT new.decided OR old.on_time IS NOT new.on_time " \
  "  OR (new.decided AND old.days_used IS NOT new.days_used) " \
  "  OR old.committed_limit IS NOT new.committed_limit " \
  "  OR old.legal_limit IS NOT new.legal_limit OR old.received_on IS NOT new.received_on " \
  "  OR old.item_code IS NOT new.item_code OR old.window_code IS NOT new.window_code " \
  "  OR old.department_code IS NOT new.department_code " \
  "  OR old.township_code IS NOT new.township_code BEGIN " \
  STATS_UPSERT ("stats_day", "d.received_on", \
                STATS_ROWS ("old", "-1") " UNION ALL " STATS_ROWS ("new", "1")) \
  STATS_UPSERT ("stats_month", "substr (d.received_on, 1, 7)", \
                STATS_ROWS ("old", "-1") " UNION ALL " STATS_ROWS ("new", "1")) \
  "END;" \
  "CREATE TRIGGER cases_stats_delete AFTER DELETE ON cases BEGIN " \
  STATS_UPSERT ("stats_day", "d.received_on", STATS_ROWS ("old", "-1")) \
  STATS_UPSERT ("stats_month", "substr (d.received_on, 1, 7)", STATS_ROWS ("old", "-1")) \
  "END;"

/* Migration 4 (issue #7), kept up by triggers like migration 3's totals:
 *  - open_due: the open cases counted by committed due date, so that "overdue now" per window,
 *    department or item is a sum over a few hundred rows rather than a count over every open
 *    case — a busy fortnight can leave tens of thousands open. A case counts while it is
 *    accepted, not decided and not suspended; the same four dimensions as the statistics.
 *  - signoff_branches: the open branches of parallel cases (并联审批) waiting for sign-off, one
 *    row per department, so that a branch department's queue does not read every parallel
 *    case's body. Only sign-off-phase writes touch it. */
#define OPEN_ROWS(r, sign) \
  "SELECT 'item' AS dim, " r ".item_code AS key, '' AS town, " sign " AS sign, " \
  r ".department_code AS department_code, " r ".committed_due AS due, " \
  r ".received_on AS received_on " \
  "UNION ALL SELECT 'window', " r ".window_code, coalesce (" r ".township_code, ''), " sign \
  ", " r ".department_code, " r ".committed_due, " r ".received_on " \
  "UNION ALL SELECT 'department', " r ".department_code, coalesce (" r ".township_code, ''), " \
  sign ", " r ".department_code, " r ".committed_due, " r ".received_on " \
  "UNION ALL SELECT 'township_item', " r ".item_code, " r ".township_code, " sign ", " \
  r ".department_code, " r ".committed_due, " r ".received_on WHERE " r ".township_code IS NOT NULL"

#define IS_OPEN(r) \
  "(" r ".accepted = 1 AND " r ".decided = 0 AND " r ".state <> 'suspended' AND " \
  r ".committed_due IS NOT NULL)"

#define OPEN_UPSERT(source) \
  "INSERT INTO open_due (dim, committed_due, key, department_code, township_code, " \
  "  received_on, n) " \
  "SELECT d.dim, d.due, d.key, d.department_code, d.town, d.received_on, d.sign " \
  "FROM (" source ") AS d WHERE 1 " \
  "ON CONFLICT DO UPDATE SET n = n + excluded.n;"

#define BRANCHES_OF_NEW \
  "INSERT INTO signoff_branches (department_code, committed_due, number, item_code) " \
  "SELECT json_extract (b.value, '$.department_code'), coalesce (new.committed_due, ''), " \
  "  new.number, new.item_code FROM json_each (new.body, '$.branches') AS b " \
  "WHERE new.state = 'awaiting_signoff' " \
  "  AND json_extract (b.value, '$.state') = 'awaiting_signoff';"

#define MIGRATION_4_OPEN_CASES \
  "CREATE TABLE open_due (" \
  "  dim TEXT NOT NULL," \
  "  committed_due TEXT NOT NULL," \
  "  key TEXT NOT NULL," \
  "  department_code TEXT NOT NULL," \
  "  township_code TEXT NOT NULL," \
  "  received_on TEXT NOT NULL," \
  "  n INTEGER NOT NULL," \
  "  PRIMARY KEY (dim, committed_due, key, department_code, township_code, received_on)) " \
  "  WITHOUT ROWID;" \
  "INSERT INTO open_due SELECT 'item', committed_due, item_code, department_code, '', " \
  "  received_on, count (*) FROM cases WHERE " IS_OPEN ("cases") " GROUP BY 1, 2, 3, 4, 5, 6;" \
  "INSERT INTO open_due SELECT 'window', committed_due, window_code, department_code, " \
  "  coalesce (township_code, ''), received_on, count (*) FROM cases WHERE " IS_OPEN ("cases") \
  "  GROUP BY 1, 2, 3, 4, 5, 6;" \
  "INSERT INTO open_due SELECT 'department', committed_due, department_code, department_code, " \
  "  coalesce (township_code, ''), received_on, count (*) FROM cases WHERE " IS_OPEN ("cases") \
  "  GROUP BY 1, 2, 3, 4, 5, 6;" \
  "INSERT INTO open_due SELECT 'township_item', committed_due, item_code, department_code, " \
  "  township_code, received_on, count (*) FROM cases WHERE " IS_OPEN ("cases") \
  "  AND township_code IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6;" \
  "CREATE TRIGGER cases_open_insert AFTER INSERT ON cases WHEN " IS_OPEN ("new") " BEGIN " \
  OPEN_UPSERT (OPEN_ROWS ("new", "1")) \
  "END;" \
  "CREATE TRIGGER cases_open_update AFTER UPDATE ON cases " \
  "WHEN " IS_OPEN ("old") " IS NOT " IS_OPEN ("new") " OR (" IS_OPEN ("new") " AND (" \
  "  old.committed_due IS NOT new.committed_due OR old.received_on IS NOT new.received_on " \
  "  OR old.item_code IS NOT new.item_code OR old.window_code IS NOT new.window_code " \
  "  OR old.department_code IS NOT new.department_code " \
  "  OR old.township_code IS NOT new.township_code)) BEGIN " \
  OPEN_UPSERT ("SELECT * FROM (" OPEN_ROWS ("old", "-1") ") WHERE " IS_OPEN ("old") \
               " UNION ALL SELECT * FROM (" OPEN_ROWS ("new", "1") ") WHERE " \
               IS_OPEN ("new")) \
  "END;" \
  "CREATE TRIGGER cases_open_delete AFTER DELETE ON cases WHEN " IS_OPEN ("old") " BEGIN " \
  OPEN_UPSERT (OPEN_ROWS ("old", "-1")) \
  "END;" \
  "CREATE TABLE signoff_branches (" \
  "  department_code TEXT NOT NULL," \
  "  committed_due TEXT NOT NULL," \
  "  number TEXT NOT NULL," \
  "  item_code TEXT NOT NULL," \
  "  PRIMARY KEY (department_code, committed_due, number)) WITHOUT ROWID;" \
  "CREATE INDEX signoff_branches_case ON signoff_branches (number);" \
  "INSERT INTO signoff_branches SELECT json_extract (b.value, '$.department_code'), " \
  "  coalesce (c.committed_due, ''), c.number, c.item_code " \
  "  FROM cases AS c INDEXED BY cases_signoff_item, json_each (c.body, '$.branches') AS b " \
  "  WHERE c.state = 'awaiting_signoff' " \
  "    AND json_extract (b.value, '$.state') = 'awaiting_signoff';" \
  "CREATE TRIGGER cases_branches_insert AFTER INSERT ON cases " \
  "WHEN new.state = 'awaiting_signoff' BEGIN " BRANCHES_OF_NEW "END;" \
  "CREATE TRIGGER cases_branches_update AFTER UPDATE ON cases " \
  "WHEN old.state = 'awaiting_signoff' OR new.state = 'awaiting_signoff' BEGIN " \
  "  DELETE FROM signoff_branches WHERE number = old.number;" \
  BRANCHES_OF_NEW \
  "END;" \
  "CREATE TRIGGER cases_branches_delete AFTER DELETE ON cases " \
  "WHEN old.state = 'awaiting_signoff' BEGIN " \
  "  DELETE FROM signoff_branches WHERE number = old.number;" \
  "END;"

static const YcMigration migrations[] = {
  { 1,
    /* People and their sessions. */
    "CREATE TABLE users ("
    "  name TEXT PRIMARY KEY,"
    "  display_name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('clerk','township','chief','admin')),"
    "  department_code TEXT,"
    "  township_code TEXT,"
    "  window_code TEXT,"
    "  password_hash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE sessions ("
    "  token_hash TEXT PRIMARY KEY,"
    "  user_name TEXT NOT NULL REFERENCES users (name),"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL);"
    "CREATE INDEX sessions_user ON sessions (user_name);"
    "CREATE INDEX sessions_expiry ON sessions (expires_at);"
    "CREATE TABLE login_failures ("
    "  id INTEGER PRIMARY KEY,"
    "  user_name TEXT NOT NULL,"
    "  address TEXT NOT NULL,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX login_failures_user ON login_failures (user_name, at);"
    "CREATE INDEX login_failures_address ON login_failures (address, at);"
    /* Retries of a POST return the first answer. */
    "CREATE TABLE idempotency ("
    "  user_name TEXT NOT NULL,"
    "  key TEXT NOT NULL,"
    "  request_hash TEXT NOT NULL,"
    "  status INTEGER NOT NULL,"
    "  content_type TEXT NOT NULL,"
    "  etag TEXT,"
    "  location TEXT,"
    "  body BLOB NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  PRIMARY KEY (user_name, key));"
    "CREATE INDEX idempotency_age ON idempotency (created_at);"
    /* Catalogue and calendar as imported JSON; published item versions never change. */
    "CREATE TABLE catalogue_entries ("
    "  kind TEXT NOT NULL CHECK (kind IN ('department','township','window','item')),"
    "  code TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 0,"
    "  json TEXT NOT NULL,"
    "  PRIMARY KEY (kind, code, version));"
    "CREATE TABLE calendar_years ("
    "  year INTEGER PRIMARY KEY,"
    "  json TEXT NOT NULL);"
    /* Cases: the body is the core's JSON; the columns are derived for search and statistics. */
    "CREATE TABLE cases ("
    "  id INTEGER PRIMARY KEY,"
    "  number TEXT NOT NULL UNIQUE,"
    "  item_code TEXT NOT NULL,"
    "  item_version INTEGER NOT NULL,"
    "  department_code TEXT NOT NULL,"
    "  window_code TEXT NOT NULL,"
    "  township_code TEXT,"
    "  state TEXT NOT NULL,"
    "  applicant_name TEXT NOT NULL,"
    "  applicant_id_number TEXT NOT NULL,"
    "  received_at INTEGER NOT NULL,"
    "  received_on TEXT NOT NULL,"
    "  accepted_on TEXT,"
    "  committed_due TEXT,"
    "  legal_due TEXT,"
    "  deadline_status TEXT NOT NULL,"
    "  accepted INTEGER NOT NULL,"
    "  refused INTEGER NOT NULL,"
    "  decided INTEGER NOT NULL,"
    "  on_time INTEGER NOT NULL,"
    "  days_used INTEGER NOT NULL,"
    "  committed_limit INTEGER NOT NULL,"
    "  legal_limit INTEGER NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  change_seq INTEGER NOT NULL UNIQUE,"
    "  updated_at INTEGER NOT NULL,"
    "  received_by TEXT NOT NULL,"
    "  create_hash TEXT NOT NULL,"
    "  body TEXT NOT NULL);"
    "CREATE INDEX cases_id_number ON cases (applicant_id_number);"
    "CREATE INDEX cases_name ON cases (applicant_name);"
    "CREATE INDEX cases_received ON cases (received_at);"
    "CREATE INDEX cases_window ON cases (window_code, received_at);"
    "CREATE INDEX cases_department ON cases (department_code, state, committed_due);"
    "CREATE INDEX cases_township ON cases (township_code, received_at)"
    "  WHERE township_code IS NOT NULL;"
    "CREATE INDEX cases_state_due ON cases (state, committed_due);"
    /* Scans: content-addressed blobs, attachments point at them. */
    "CREATE TABLE blobs ("
    "  sha256 TEXT PRIMARY KEY,"
    "  size INTEGER NOT NULL,"
    "  data BLOB NOT NULL);"
    "CREATE TABLE attachments ("
    "  id INTEGER PRIMARY KEY,"
    "  case_number TEXT NOT NULL REFERENCES cases (number),"
    "  material_code TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL REFERENCES blobs (sha256),"
    "  size INTEGER NOT NULL,"
    "  content_type TEXT NOT NULL,"
    "  uploaded_by TEXT NOT NULL,"
    "  uploaded_at INTEGER NOT NULL);"
    "CREATE INDEX attachments_case ON attachments (case_number);"
    /* Issued documents, every seal use, every public verification. */
    "CREATE TABLE documents ("
    "  verification_id TEXT PRIMARY KEY,"
    "  case_number TEXT NOT NULL REFERENCES cases (number),"
    "  kind TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  department_code TEXT NOT NULL,"
    "  seal_authorised INTEGER NOT NULL,"
    "  authorised_by TEXT,"
    "  holder TEXT NOT NULL,"
    "  issued_by TEXT NOT NULL,"
    "  issued_at INTEGER NOT NULL);"
    "CREATE INDEX documents_case ON documents (case_number);"
    "CREATE TABLE seal_uses ("
    "  id INTEGER PRIMARY KEY,"
    "  verification_id TEXT NOT NULL REFERENCES documents (verification_id),"
    "  department_code TEXT NOT NULL,"
    "  case_number TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  used_by TEXT NOT NULL,"
    "  authorised_by TEXT,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX seal_uses_department ON seal_uses (department_code, at);"
    "CREATE TABLE verify_log ("
    "  id INTEGER PRIMARY KEY,"
    "  verification_id TEXT NOT NULL,"
    "  found INTEGER NOT NULL,"
    "  address TEXT NOT NULL,"
    "  at INTEGER NOT NULL);"
    /* The hash-chained audit trail and its head (so that cutting the tail shows too). */
    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  address TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  case_number TEXT,"
    "  detail TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL);"
    "CREATE INDEX audit_case ON audit_log (case_number, id) WHERE case_number IS NOT NULL;"
    "CREATE TABLE audit_head ("
    "  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),"
    "  last_id INTEGER NOT NULL,"
    "  last_hash TEXT NOT NULL);" },
  { 2,
    /* Lists run newest first by row id, which a per-window or per-township index carries
     * anyway: one index less to write on every intake, narrower ones on the rest. */
    "DROP INDEX cases_received;"
    "DROP INDEX cases_window;"
    "CREATE INDEX cases_window ON cases (window_code);"
    "DROP INDEX cases_township;"
    "CREATE INDEX cases_township ON cases (township_code) WHERE township_code IS NOT NULL;" },
  { 3, MIGRATION_3_REPORTS },
  { 4, MIGRATION_4_OPEN_CASES },
};

const YcMigration *
yc_store_sqlite_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
