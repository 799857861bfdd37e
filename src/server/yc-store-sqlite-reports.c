/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SQLite store's reports (issue #7): statistics from the running totals of migration 3,
 * the sign-off queue, a township's forwarded cases and the overdue list, each on a partial
 * index that holds only the rows it is about. As everywhere in the store, values are bound,
 * never spliced; the SQL is assembled from fixed fragments and cached by its text. Lists of
 * codes travel as one JSON array parameter read with json_each (). */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "yc-store-sqlite-private.h"

/* Where-clauses with their bound values ----------------------------------------------------- */

typedef enum
{
  VALUE_TEXT,
  VALUE_INT,
} ValueKind;

typedef struct
{
  ValueKind kind;
  char     *text;
  gint64    number;
} Value;

typedef struct
{
  GString *sql;
  GArray  *values;               /* Value, bound in order */
} Sql;

static void
value_clear (gpointer data)
{
  Value *value = data;

  g_free (value->text);
}

static void
sql_init (Sql *q)
{
  q->sql = g_string_new (NULL);
  q->values = g_array_new (FALSE, TRUE, sizeof (Value));
  g_array_set_clear_func (q->values, value_clear);
}

static void
sql_clear (Sql *q)
{
  g_string_free (q->sql, TRUE);
  g_array_unref (q->values);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sql, sql_clear)

static void
sql_append (Sql        *q,
            const char *text)
{
  g_string_append (q->sql, text);
}

/* Appends @clause, whose one "?" takes @text. */
static void
sql_text (Sql        *q,
          const char *clause,
          const char *text)
{
  Value value = { VALUE_TEXT, g_strdup (text), 0 };

  g_string_append (q->sql, clause);
  g_array_append_val (q->values, value);
}

static void
sql_int (Sql        *q,
         const char *clause,
         gint64      number)
{
  Value value = { VALUE_INT, NULL, number };

  g_string_append (q->sql, clause);
  g_array_append_val (q->values, value);
}

static char *
strv_to_json (const char *const *strv)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static void
sql_list (Sql               *q,
          const char        *clause,
          const char *const *strv)
{
  g_autofree char *json = strv_to_json (strv);

  sql_text (q, clause, json);
}

static gboolean
strv_empty (const char *const *strv)
{
  return strv == NULL || strv[0] == NULL;
}

static sqlite3_stmt *
sql_prepare (YcStoreSqlite *self,
             Sql           *q,
             GError       **error)
{
  sqlite3_stmt *stmt = yc_store_sqlite_prepare (self, q->sql->str, error);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < q->values->len; i++)
    {
      Value *value = &g_array_index (q->values, Value, i);

      if (value->kind == VALUE_TEXT)
        sqlite3_bind_text (stmt, i + 1, value->text, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, i + 1, value->number);
    }
  return stmt;
}

static void
done (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* A "SELECT count (*) FROM (… LIMIT cap + 1)" over @q's rows. */
static gboolean
count_capped (YcStoreSqlite *self,
              Sql           *q,
              guint          total_cap,
              guint         *total,
              gboolean      *capped,
              GError       **error)
{
  g_auto (Sql) count = { 0 };
  sqlite3_stmt *stmt;
  gint64 n = 0;
  int rc;

  sql_init (&count);
  sql_append (&count, "SELECT count (*) FROM (");
  g_string_append (count.sql, q->sql->str);
  for (guint i = 0; i < q->values->len; i++)
    {
      Value *value = &g_array_index (q->values, Value, i);
      Value copy = { value->kind, g_strdup (value->text), value->number };

      g_array_append_val (count.values, copy);
    }
  sql_int (&count, " LIMIT ?)", (gint64) total_cap + 1);
  if ((stmt = sql_prepare (self, &count, error)) == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  done (stmt);
  if (rc != SQLITE_ROW)
    return yc_store_sqlite_fail (self, rc, "count cases", error);
  *capped = n > total_cap;
  *total = *capped ? total_cap : (guint) n;
  return TRUE;
}

/* Runs @q (which selects yc_store_sqlite_case_columns ()) and reads every row. */
static GPtrArray *
read_cases (YcStoreSqlite *self,
            Sql           *q,
            gboolean       with_body,
            GError       **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (
    (GDestroyNotify) yc_case_record_free);
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = sql_prepare (self, q, error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, yc_store_sqlite_read_case (stmt, with_body));
  done (stmt);
  if (rc != SQLITE_DONE)
    {
      yc_store_sqlite_fail (self, rc, "list cases", error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* The "code/version@township" of a township case, as YcSignoffQuery.delegations lists them. */
#define DELEGATION_PAIR "(item_code || '/' || item_version || '@' || township_code)"

/* Statistics -------------------------------------------------------------------------------- */

/* The first day of the month after @date's. */
static void
next_month (GDate *date)
{
  g_date_set_day (date, 1);
  g_date_add_months (date, 1);
}

static char *
format_month (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u", g_date_get_year (date), g_date_get_month (date));
}

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static gboolean
parse_day (const char *text,
           GDate      *date)
{
  guint y, m, d;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/* Splits [from, to] (either may be NULL: open) into the whole months in it and the days of the
 * months it cuts: months [m_from, m_to], days [d1_from, d1_to) and [d2_from, d2_to]. An empty
 * part has from > to. */
typedef struct
{
  char *m_from, *m_to;
  char *d1_from, *d1_to;
  char *d2_from, *d2_to;
} Range;

static void
range_clear (Range *r)
{
  g_free (r->m_from);
  g_free (r->m_to);
  g_free (r->d1_from);
  g_free (r->d1_to);
  g_free (r->d2_from);
  g_free (r->d2_to);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Range, range_clear)

static void
range_split (const char *from,
             const char *to,
             Range      *r)
{
  GDate first, last, month_start, after;
  gboolean has_from = parse_day (from, &first);
  gboolean has_to = parse_day (to, &last);

  /* Whole months start at the first month-start on or after @from … */
  if (has_from)
    {
      month_start = first;
      if (g_date_get_day (&month_start) != 1)
        next_month (&month_start);
      r->m_from = format_month (&month_start);
      r->d1_from = format_day (&first);
      r->d1_to = format_day (&month_start);
    }
  else
    {
      r->m_from = g_strdup ("0000-00");
      r->d1_from = g_strdup ("~");
      r->d1_to = g_strdup ("");
    }
  /* … and end with the last month whose last day is on or before @to. */
  if (has_to)
    {
      after = last;
      g_date_add_days (&after, 1);
      if (g_date_get_day (&after) != 1)
        g_date_set_day (&after, 1);
      /* @after is now the first day of the first month not wholly inside. */
      month_start = after;
      g_date_subtract_months (&month_start, 1);
      r->m_to = format_month (&month_start);
      r->d2_from = format_day (&after);
      r->d2_to = format_day (&last);
    }
  else
    {
      r->m_to = g_strdup ("9999-99");
      r->d2_from = g_strdup ("~");
      r->d2_to = g_strdup ("");
    }
  /* No whole month between them: days only, [from, to + 1). */
  if (g_strcmp0 (r->m_from, r->m_to) > 0)
    {
      after = last;
      g_date_add_days (&after, 1);
      g_free (r->d1_to);
      r->d1_to = format_day (&after);
      g_free (r->d2_from);
      r->d2_from = g_strdup ("~");
      g_free (r->d2_to);
      r->d2_to = g_strdup ("");
    }
}

static void
stats_scope (Sql                     *q,
             const YcStatisticsQuery *query)
{
  if (query->scope_department != NULL)
    sql_text (q, " AND department_code = ?", query->scope_department);
  if (query->scope_township != NULL)
    sql_text (q, " AND township_code = ?", query->scope_township);
}

typedef struct
{
  const char *dim;
  const char *key;               /* over the running totals */
  const char *open_key;          /* the same over the open cases by due date (open_due) */
} Grouping;

static Grouping
grouping_for (const YcStatisticsQuery *query)
{
  gboolean township_scope = query->scope_township != NULL;

  switch (query->group)
    {
    case YC_STATISTICS_BY_ITEM:
      return (Grouping) { township_scope ? "township_item" : "item", "key", "key" };
    case YC_STATISTICS_BY_WINDOW:
      return (Grouping) { "window", "key", "key" };
    case YC_STATISTICS_BY_DEPARTMENT:
      return (Grouping) { "department", "department_code", "department_code" };
    case YC_STATISTICS_BY_DAY:
      return (Grouping) { "department", "period", "received_on" };
    case YC_STATISTICS_BY_TOWNSHIP:
      return (Grouping) { "department", "township_code", "township_code" };
    default:
      g_assert_not_reached ();
    }
  return (Grouping) { 0 };
}

static void
stats_part (Sql                     *q,
            const YcStatisticsQuery *query,
            const char              *table,
            const char              *dim,
            const char              *from,
            const char              *to,
            gboolean                 to_inclusive)
{
  sql_append (q, "SELECT * FROM ");
  sql_append (q, table);
  sql_text (q, " WHERE dim = ?", dim);
  sql_text (q, " AND period >= ?", from);
  sql_text (q, to_inclusive ? " AND period <= ?" : " AND period < ?", to);
  stats_scope (q, query);
}

static gboolean
add_overdue (YcStoreSqlite           *self,
             const YcStatisticsQuery *query,
             const Grouping          *grouping,
             GPtrArray               *rows,
             GError                 **error)
{
  g_autoptr (GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto (Sql) q = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (query->today == NULL)
    return TRUE;
  for (guint i = 0; i < rows->len; i++)
    {
      YcStatisticsRow *row = g_ptr_array_index (rows, i);

      g_hash_table_insert (by_key, row->key, row);
    }

  /* Open cases counted by committed due date (migration 4): a sum over few rows. */
  sql_init (&q);
  sql_append (&q, "SELECT ");
  sql_append (&q, grouping->open_key);
  sql_text (&q, ", sum (n) FROM open_due WHERE dim = ?", grouping->dim);
  sql_text (&q, " AND committed_due < ?", query->today);
  if (query->from != NULL)
    sql_text (&q, " AND received_on >= ?", query->from);
  if (query->to != NULL)
    sql_text (&q, " AND received_on <= ?", query->to);
  stats_scope (&q, query);
  sql_append (&q, " GROUP BY 1 HAVING sum (n) > 0");
  if ((stmt = sql_prepare (self, &q, error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      YcStatisticsRow *row = g_hash_table_lookup (by_key, key != NULL ? key : "");

      /* Counted when received in the range, so it has a totals row unless the totals are
       * missing (a database restored without them): then it gets one of its own. */
      if (row == NULL)
        {
          row = g_new0 (YcStatisticsRow, 1);
          row->key = g_strdup (key != NULL ? key : "");
          g_ptr_array_add (rows, row);
          g_hash_table_insert (by_key, row->key, row);
        }
      row->overdue = sqlite3_column_int64 (stmt, 1);
    }
  done (stmt);
  if (rc != SQLITE_DONE)
    return yc_store_sqlite_fail (self, rc, "count overdue cases", error);
  return TRUE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const YcStatisticsRow *ra = *(YcStatisticsRow *const *) a;
  const YcStatisticsRow *rb = *(YcStatisticsRow *const *) b;

  return strcmp (ra->key, rb->key);
}

static GPtrArray *
sqlite_statistics (YcStore                 *store,
                   const YcStatisticsQuery *query,
                   GError                 **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (
    (GDestroyNotify) yc_statistics_row_free);
  Grouping grouping = grouping_for (query);
  g_auto (Range) range = { 0 };
  g_auto (Sql) q = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  range_split (query->from, query->to, &range);
  sql_init (&q);
  sql_append (&q, "SELECT ");
  sql_append (&q, grouping.key);
  sql_append (&q, ", sum (received), sum (accepted), sum (refused), sum (decided), "
                  "sum (on_time), sum (days_used), sum (committed_limit), sum (legal_limit) "
                  "FROM (");
  if (query->group == YC_STATISTICS_BY_DAY)
    {
      /* One row per day: the daily totals over the whole range. */
      stats_part (&q, query, "stats_day", grouping.dim,
                  query->from != NULL ? query->from : "", query->to != NULL ? query->to : "~",
                  TRUE);
    }
  else
    {
      stats_part (&q, query, "stats_month", grouping.dim, range.m_from, range.m_to, TRUE);
      sql_append (&q, " UNION ALL ");
      stats_part (&q, query, "stats_day", grouping.dim, range.d1_from, range.d1_to, FALSE);
      sql_append (&q, " UNION ALL ");
      stats_part (&q, query, "stats_day", grouping.dim, range.d2_from, range.d2_to, TRUE);
    }
  sql_append (&q, ") GROUP BY 1 HAVING sum (received) > 0 ORDER BY 1");

  if (!yc_store_begin_read (store, error))
    return NULL;
  if ((stmt = sql_prepare (self, &q, error)) == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      YcStatisticsRow *row = g_new0 (YcStatisticsRow, 1);
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      row->key = g_strdup (key != NULL ? key : "");
      row->received = sqlite3_column_int64 (stmt, 1);
      row->accepted = sqlite3_column_int64 (stmt, 2);
      row->refused = sqlite3_column_int64 (stmt, 3);
      row->decided = sqlite3_column_int64 (stmt, 4);
      row->on_time = sqlite3_column_int64 (stmt, 5);
      row->sum_days_used = sqlite3_column_int64 (stmt, 6);
      row->sum_committed_limit = sqlite3_column_int64 (stmt, 7);
      row->sum_legal_limit = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (rows, row);
    }
  done (stmt);
  if (rc != SQLITE_DONE)
    {
      yc_store_sqlite_fail (self, rc, "statistics", error);
      goto fail;
    }
  if (!add_overdue (self, query, &grouping, rows, error))
    goto fail;
  if (!yc_store_commit (store, error))
    goto fail;
  g_ptr_array_sort (rows, compare_rows);
  return g_steal_pointer (&rows);

fail:
  yc_store_rollback (store);
  return NULL;
}

/* The sign-off queue ------------------------------------------------------------------------ */

static void
not_delegated (Sql                  *q,
               const YcSignoffQuery *query)
{
  if (strv_empty (query->delegations))
    return;
  sql_list (q, " AND (township_code IS NULL OR " DELEGATION_PAIR
               " NOT IN (SELECT value FROM json_each (?)))", query->delegations);
}

/* Part one of the queue: "SELECT @columns FROM cases WHERE …", on its partial index, which
 * holds every column the filters read (left to itself the planner takes a wider index and
 * reads each case's row). */
static void
signoff_cases (Sql                  *q,
               const YcSignoffQuery *query,
               const char           *columns)
{
  sql_append (q, "SELECT ");
  sql_append (q, columns);
  sql_append (q, query->department != NULL ? " FROM cases INDEXED BY cases_signoff_department"
                                           : " FROM cases INDEXED BY cases_signoff_township");
  sql_append (q, " WHERE state = 'awaiting_signoff'");
  if (query->department != NULL)
    sql_text (q, " AND department_code = ?", query->department);
  if (query->township != NULL)
    sql_text (q, " AND township_code = ?", query->township);
  if (!strv_empty (query->parallel_items))
    sql_list (q, " AND item_code NOT IN (SELECT value FROM json_each (?))",
              query->parallel_items);
  if (query->delegated)
    sql_list (q, " AND township_code IS NOT NULL AND " DELEGATION_PAIR
                 " IN (SELECT value FROM json_each (?))", query->delegations);
  else
    not_delegated (q, query);
  if (query->item != NULL)
    sql_text (q, " AND item_code = ?", query->item);
}

/* Part two: the open branches of @branch_department (migration 4's signoff_branches; the
 * core opens branches only for cases a township does not decide). */
static void
signoff_branch_cases (Sql                  *q,
                      const YcSignoffQuery *query,
                      const char           *columns)
{
  sql_append (q, "SELECT ");
  sql_append (q, columns);
  sql_text (q, " FROM signoff_branches WHERE department_code = ?", query->branch_department);
  if (query->item != NULL)
    sql_text (q, " AND item_code = ?", query->item);
}

/* Both parts as one compound of @columns. */
static void
signoff_keys (Sql                  *q,
              const YcSignoffQuery *query,
              const char           *columns)
{
  signoff_cases (q, query, columns);
  if (query->branch_department != NULL)
    {
      sql_append (q, " UNION ALL ");
      signoff_branch_cases (q, query, columns);
    }
}

static GPtrArray *
sqlite_signoff_queue (YcStore              *store,
                      const YcSignoffQuery *query,
                      guint                 total_cap,
                      guint                *total,
                      gboolean             *capped,
                      GError              **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  g_autoptr (GPtrArray) rows = NULL;
  g_auto (Sql) q = { 0 };
  g_auto (Sql) keys = { 0 };

  g_return_val_if_fail (query->department != NULL || query->township != NULL, NULL);

  sql_init (&keys);
  signoff_keys (&keys, query, "number");

  /* The page is chosen on the keys alone — a compound SELECT with its own ORDER BY is merged
   * in order, each part walking its partial index — and only its rows are then read whole. */
  sql_init (&q);
  sql_append (&q, "SELECT ");
  sql_append (&q, yc_store_sqlite_case_columns ());
  sql_append (&q, " FROM cases WHERE number IN (SELECT number FROM (");
  signoff_keys (&q, query, "number, committed_due");
  sql_append (&q, " ORDER BY committed_due, number");
  sql_int (&q, " LIMIT ?", query->page_size);
  sql_int (&q, " OFFSET ?", (gint64) (query->page - 1) * query->page_size);
  sql_append (&q, ")) ORDER BY committed_due, number");

  if (!yc_store_begin_read (store, error))
    return NULL;
  if (!count_capped (self, &keys, total_cap, total, capped, error) ||
      (rows = read_cases (self, &q, TRUE, error)) == NULL ||
      !yc_store_commit (store, error))
    {
      yc_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* A township's forwarded cases -------------------------------------------------------------- */

#define FORWARDED_STATES \
  "('forwarded_to_county', 'in_review', 'suspended', 'awaiting_signoff', 'approved', " \
  "'denied', 'returned_to_township', 'certified', 'delivered', 'closed')"

static void
forwarded_where (Sql                    *q,
                 const YcForwardedQuery *query)
{
  /* The partial index that holds what is asked: open cases, or every change. */
  sql_append (q, query->has_since ? " FROM cases INDEXED BY cases_township_changes"
                 : query->open_only ? " FROM cases INDEXED BY cases_township_open"
                 : " FROM cases");
  sql_text (q, " WHERE township_code = ? AND township_code IS NOT NULL", query->township);
  sql_append (q, " AND accepted = 1 AND refused = 0 AND state IN " FORWARDED_STATES);
  if (!strv_empty (query->delegations))
    sql_list (q, " AND " DELEGATION_PAIR " NOT IN (SELECT value FROM json_each (?))",
              query->delegations);
  if (query->has_since)
    sql_int (q, " AND change_seq > ?", query->since);
  else if (query->open_only)
    sql_append (q, " AND state <> 'closed'");
}

static gboolean
sync_token (YcStoreSqlite *self,
            gint64        *token,
            GError       **error)
{
  sqlite3_stmt *stmt = yc_store_sqlite_prepare (self, "SELECT coalesce (max (change_seq), 0) "
                                                      "FROM cases", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *token = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  done (stmt);
  if (rc != SQLITE_ROW)
    return yc_store_sqlite_fail (self, rc, "sync token", error);
  return TRUE;
}

static GPtrArray *
sqlite_forwarded_cases (YcStore                *store,
                        const YcForwardedQuery *query,
                        guint                   total_cap,
                        guint                  *total,
                        gboolean               *capped,
                        gint64                 *token,
                        GError                **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  g_autoptr (GPtrArray) rows = NULL;
  g_auto (Sql) q = { 0 };
  g_auto (Sql) keys = { 0 };

  g_return_val_if_fail (query->township != NULL, NULL);

  sql_init (&keys);
  sql_append (&keys, "SELECT 1");
  forwarded_where (&keys, query);

  sql_init (&q);
  sql_append (&q, "SELECT ");
  sql_append (&q, yc_store_sqlite_case_columns ());
  forwarded_where (&q, query);
  sql_append (&q, query->has_since ? " ORDER BY change_seq"
                                   : " ORDER BY received_at DESC, number DESC");
  sql_int (&q, " LIMIT ?", query->page_size);
  sql_int (&q, " OFFSET ?", (gint64) (query->page - 1) * query->page_size);

  if (!yc_store_begin_read (store, error))
    return NULL;
  if (!count_capped (self, &keys, total_cap, total, capped, error) ||
      (rows = read_cases (self, &q, TRUE, error)) == NULL ||
      !sync_token (self, token, error) || !yc_store_commit (store, error))
    {
      yc_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Overdue cases ----------------------------------------------------------------------------- */

static void
overdue_where (Sql                  *q,
               const YcOverdueQuery *query)
{
  sql_text (q, " FROM cases WHERE accepted = 1 AND decided = 0 AND state <> 'suspended' "
               "AND committed_due < ?", query->today);
  if (query->department != NULL)
    sql_text (q, " AND department_code = ?", query->department);
  if (query->window != NULL)
    sql_text (q, " AND window_code = ?", query->window);
  if (query->item != NULL)
    sql_text (q, " AND item_code = ?", query->item);
  if (query->township != NULL)
    sql_text (q, " AND township_code = ?", query->township);
  if (query->from != NULL)
    sql_text (q, " AND received_on >= ?", query->from);
  if (query->to != NULL)
    sql_text (q, " AND received_on <= ?", query->to);
  if (query->scope_department != NULL)
    sql_text (q, " AND department_code = ?", query->scope_department);
  if (query->scope_township != NULL)
    sql_text (q, " AND township_code = ?", query->scope_township);
}

static GPtrArray *
sqlite_overdue_cases (YcStore              *store,
                      const YcOverdueQuery *query,
                      guint                 total_cap,
                      guint                *total,
                      gboolean             *capped,
                      GError              **error)
{
  YcStoreSqlite *self = YC_STORE_SQLITE (store);
  g_autoptr (GPtrArray) rows = NULL;
  g_auto (Sql) q = { 0 };
  g_auto (Sql) keys = { 0 };

  g_return_val_if_fail (query->today != NULL, NULL);

  sql_init (&keys);
  sql_append (&keys, "SELECT 1");
  overdue_where (&keys, query);

  sql_init (&q);
  sql_append (&q, "SELECT ");
  sql_append (&q, yc_store_sqlite_case_columns ());
  overdue_where (&q, query);
  sql_append (&q, " ORDER BY committed_due, number");
  sql_int (&q, " LIMIT ?", query->page_size);
  sql_int (&q, " OFFSET ?", (gint64) (query->page - 1) * query->page_size);

  if (!yc_store_begin_read (store, error))
    return NULL;
  if (!count_capped (self, &keys, total_cap, total, capped, error) ||
      (rows = read_cases (self, &q, FALSE, error)) == NULL || !yc_store_commit (store, error))
    {
      yc_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

void
yc_store_sqlite_reports_iface_init (YcStoreInterface *iface)
{
  iface->statistics = sqlite_statistics;
  iface->signoff_queue = sqlite_signoff_queue;
  iface->forwarded_cases = sqlite_forwarded_cases;
  iface->overdue_cases = sqlite_overdue_cases;
}
