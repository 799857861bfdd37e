/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "bench-prefill.h"

static const char *const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
  "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
};
static const char *const given[] = {
  "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
  "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "文", "华", "红", "建国", "志强", "玉兰",
  "海燕", "春梅", "国华", "德明", "子涵", "浩然", "雨桐", "思远", "欣怡", "宇航",
};

void
bench_citizen_id (guint index,
                  char  out[19])
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  GDate birth;
  int sum = 0;

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 1, 1, 1950);
  g_date_add_days (&birth, index % 20000);
  g_snprintf (out, 19, "320826%04u%02u%02u%03u", g_date_get_year (&birth),
              g_date_get_month (&birth), g_date_get_day (&birth), (index / 20000) % 1000);
  for (int i = 0; i < 17; i++)
    sum += (out[i] - '0') * weights[i];
  out[17] = "10X98765432"[sum % 11];
  out[18] = '\0';
}

char *
bench_person_name (guint index)
{
  return g_strconcat (surnames[index % G_N_ELEMENTS (surnames)],
                      given[(index / G_N_ELEMENTS (surnames)) % G_N_ELEMENTS (given)], NULL);
}

gint64
bench_count_prefilled (const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 n = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return 0;
    }
  if (sqlite3_prepare_v2 (db, "SELECT count (*) FROM cases WHERE create_hash = '"
                          BENCH_PREFILL_HASH "'", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static const char *const run_tables[] = {
  "cases", "audit_log", "idempotency", "sessions", "login_failures", "verify_log",
};

static sqlite3 *
open_or_die (const char *path)
{
  sqlite3 *db;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

gint64
bench_count_cases (const char *path)
{
  sqlite3 *db = open_or_die (path);
  gint64 n = query_int (db, "SELECT count (*) FROM cases");

  sqlite3_close (db);
  return n;
}

void
bench_marks_save (const char *db_path,
                  const char *marks_path)
{
  g_autoptr (GKeyFile) marks = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  sqlite3 *db = open_or_die (db_path);

  for (guint i = 0; i < G_N_ELEMENTS (run_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (rowid), 0) FROM %s",
                                              run_tables[i]);

      g_key_file_set_int64 (marks, "prefill", run_tables[i], query_int (db, sql));
    }
  sqlite3_close (db);
  if (!g_key_file_save_to_file (marks, marks_path, &error))
    g_error ("%s", error->message);
}

gint64
bench_forget_runs (const char *db_path,
                   const char *marks_path)
{
  g_autoptr (GKeyFile) marks = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  sqlite3 *db;
  gint64 before;
  gint64 audit_mark;

  if (!g_key_file_load_from_file (marks, marks_path, G_KEY_FILE_NONE, NULL))
    return -1;
  db = open_or_die (db_path);
  before = query_int (db, "SELECT count (*) FROM cases");
  exec_or_die (db, "BEGIN IMMEDIATE");
  for (guint i = 0; i < G_N_ELEMENTS (run_tables); i++)
    {
      gint64 mark = g_key_file_get_int64 (marks, "prefill", run_tables[i], &error);
      g_autofree char *sql = NULL;

      if (error != NULL)
        g_error ("%s: %s", marks_path, error->message);
      sql = g_strdup_printf ("DELETE FROM %s WHERE rowid > %" G_GINT64_FORMAT, run_tables[i],
                             mark);
      exec_or_die (db, sql);
    }
  audit_mark = g_key_file_get_int64 (marks, "prefill", "audit_log", NULL);
  if (audit_mark > 0)
    {
      g_autofree char *sql = g_strdup_printf (
        "UPDATE audit_head SET last_id = a.id, last_hash = a.hash FROM "
        "(SELECT id, hash FROM audit_log WHERE id = %" G_GINT64_FORMAT ") AS a", audit_mark);

      exec_or_die (db, sql);
    }
  else
    exec_or_die (db, "DELETE FROM audit_head");
  exec_or_die (db, "COMMIT");
  /* Copied and flushed now, so that the next run does not share the disk with the writeback
   * of these deletions. */
  exec_or_die (db, "PRAGMA wal_checkpoint (TRUNCATE)");
  before -= query_int (db, "SELECT count (*) FROM cases");
  sqlite3_close (db);
  return before;
}

void
bench_personalise (GString    *body,
                   const char *template_number,
                   const char *number,
                   const char *template_name,
                   const char *name,
                   const char *template_id,
                   const char *id,
                   const char *template_window,
                   const char *window)
{
  g_string_replace (body, template_number, number, 0);
  g_string_replace (body, template_name, name, 0);
  g_string_replace (body, template_id, id, 0);
  if (!g_str_equal (window, template_window))
    {
      g_autofree char *from = g_strdup_printf ("\"window_code\":\"%s\"", template_window);
      g_autofree char *to = g_strdup_printf ("\"window_code\":\"%s\"", window);

      g_string_replace (body, from, to, 0);
    }
}

void
bench_inserter_begin (BenchInserter *self,
                      YcStore       *store,
                      guint          batch)
{
  g_autoptr (GError) error = NULL;

  *self = (BenchInserter) { store, 0, g_get_monotonic_time (), MAX (batch, 1) };
  if (!yc_store_begin_write (store, &error))
    g_error ("%s", error->message);
}

void
bench_inserter_add (BenchInserter *self,
                    YcCaseRecord  *record)
{
  g_autoptr (GError) error = NULL;

  if (!yc_store_case_insert (self->store, record, &error))
    g_error ("insert %s: %s", record->number, error->message);
  if (++self->inserted % self->batch == 0)
    {
      if (!yc_store_commit (self->store, &error) || !yc_store_begin_write (self->store, &error))
        g_error ("%s", error->message);
      g_print ("prefill: %" G_GINT64_FORMAT " (%.0f/s)\n", self->inserted,
               self->inserted / ((g_get_monotonic_time () - self->started_us) / 1e6));
    }
}

double
bench_inserter_finish (BenchInserter *self)
{
  g_autoptr (GError) error = NULL;

  if (!yc_store_commit (self->store, &error))
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - self->started_us) / 1e6;
}
