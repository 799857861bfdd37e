/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Statistics and the overdue list. The store answers from running totals kept by triggers
 * (migration 2); here they are held against the plain answer — the same figures computed by
 * one SQL query over every case — for every grouping, scope and a spread of date ranges that
 * cut months in every way, over random cases some of which existed before the migration
 * (backfill), some inserted after it and some changed since (triggers). Then through HTTP on a
 * real yichuangd: JSON and CSV, scopes, refusals, and a case that went overdue weeks ago. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "yc-case-view.h"
#include "yc-store-sqlite.h"
#include "yc-store-sqlite-migrations.h"
#include "yc-test-server.h"

#define N_BEFORE 300
#define N_AFTER 300
#define TODAY "2025-06-16"

static const char *const items[][2] = {
  { "I-A", "D1" }, { "I-B", "D1" }, { "I-C", "D2" }, { "I-D", "D3" }, { "I-E", "D3" },
};
static const char *const windows[] = { "C01", "C02", "C03", "T01W1", "T02W1" };
static const char *const states[] = {
  "received", "accepted", "in_review", "suspended", "awaiting_signoff", "approved", "closed",
  "refused",
};

/* A random case row as the server would store it. */
static YcCaseRecord *
random_record (GRand *rand,
               guint  index)
{
  YcCaseRecord *r = g_new0 (YcCaseRecord, 1);
  guint item = g_rand_int_range (rand, 0, G_N_ELEMENTS (items));
  guint window = g_rand_int_range (rand, 0, G_N_ELEMENTS (windows));
  GDate received, due;

  g_date_clear (&received, 1);
  g_date_set_dmy (&received, 20, 11, 2024);
  g_date_add_days (&received, g_rand_int_range (rand, 0, 200));
  due = received;
  g_date_add_days (&due, g_rand_int_range (rand, 1, 40));

  r->number = g_strdup_printf ("320826-C01-20250101-%04u", index);
  r->item_code = g_strdup (items[item][0]);
  r->item_version = 1;
  r->department_code = g_strdup (items[item][1]);
  r->window_code = g_strdup (windows[window]);
  r->township_code = window >= 3 ? g_strdup (window == 3 ? "T1" : "T2") : NULL;
  r->state = g_strdup (states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))]);
  r->applicant_name = g_strdup ("某某");
  r->applicant_id_number = g_strdup ("11010519491231002X");
  r->received_at = 1700000000 + index;
  r->received_on = yc_format_iso_date (&received);
  r->refused = g_str_equal (r->state, "refused");
  r->accepted = !r->refused && !g_str_equal (r->state, "received");
  r->decided = r->refused || g_str_equal (r->state, "approved") || g_str_equal (r->state,
                                                                               "closed");
  r->accepted_on = r->accepted ? g_strdup (r->received_on) : NULL;
  r->committed_due = r->accepted ? yc_format_iso_date (&due) : NULL;
  r->legal_due = g_strdup (r->committed_due);
  r->deadline_status = g_strdup (r->decided ? "done" : "on_time");
  r->on_time = r->decided && g_rand_boolean (rand);
  r->days_used = g_rand_int_range (rand, 0, 30);
  r->committed_limit = g_rand_int_range (rand, 1, 10);
  r->legal_limit = r->committed_limit + g_rand_int_range (rand, 0, 20);
  r->version = 1;
  r->updated_at = r->received_at;
  r->received_by = g_strdup ("clerk");
  r->create_hash = g_strdup ("test");
  r->body = g_strdup ("{}");
  return r;
}

static void
insert_raw (sqlite3            *db,
            const YcCaseRecord *r,
            gint64              seq)
{
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "INSERT INTO cases (number, item_code, item_version, department_code, window_code, "
    "township_code, state, applicant_name, applicant_id_number, received_at, received_on, "
    "accepted_on, committed_due, legal_due, deadline_status, accepted, refused, decided, "
    "on_time, days_used, committed_limit, legal_limit, version, change_seq, updated_at, "
    "received_by, create_hash, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, r->number, -1, NULL);
  sqlite3_bind_text (stmt, 2, r->item_code, -1, NULL);
  sqlite3_bind_int (stmt, 3, r->item_version);
  sqlite3_bind_text (stmt, 4, r->department_code, -1, NULL);
  sqlite3_bind_text (stmt, 5, r->window_code, -1, NULL);
  sqlite3_bind_text (stmt, 6, r->township_code, -1, NULL);
  sqlite3_bind_text (stmt, 7, r->state, -1, NULL);
  sqlite3_bind_text (stmt, 8, r->applicant_name, -1, NULL);
  sqlite3_bind_text (stmt, 9, r->applicant_id_number, -1, NULL);
  sqlite3_bind_int64 (stmt, 10, r->received_at);
  sqlite3_bind_text (stmt, 11, r->received_on, -1, NULL);
  sqlite3_bind_text (stmt, 12, r->accepted_on, -1, NULL);
  sqlite3_bind_text (stmt, 13, r->committed_due, -1, NULL);
  sqlite3_bind_text (stmt, 14, r->legal_due, -1, NULL);
  sqlite3_bind_text (stmt, 15, r->deadline_status, -1, NULL);
  sqlite3_bind_int (stmt, 16, r->accepted);
  sqlite3_bind_int (stmt, 17, r->refused);
  sqlite3_bind_int (stmt, 18, r->decided);
  sqlite3_bind_int (stmt, 19, r->on_time);
  sqlite3_bind_int (stmt, 20, r->days_used);
  sqlite3_bind_int (stmt, 21, r->committed_limit);
  sqlite3_bind_int (stmt, 22, r->legal_limit);
  sqlite3_bind_int64 (stmt, 23, r->version);
  sqlite3_bind_int64 (stmt, 24, seq);
  sqlite3_bind_int64 (stmt, 25, r->updated_at);
  sqlite3_bind_text (stmt, 26, r->received_by, -1, NULL);
  sqlite3_bind_text (stmt, 27, r->create_hash, -1, NULL);
  sqlite3_bind_text (stmt, 28, r->body, -1, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* The plain answer: one GROUP BY over the cases. */
typedef struct
{
  const char        *name;
  YcStatisticsGroup  group;
  const char        *case_key;
} Group;

static const Group groups[] = {
  { "window", YC_STATISTICS_BY_WINDOW, "window_code" },
  { "department", YC_STATISTICS_BY_DEPARTMENT, "department_code" },
  { "day", YC_STATISTICS_BY_DAY, "received_on" },
  { "item", YC_STATISTICS_BY_ITEM, "item_code" },
  { "township", YC_STATISTICS_BY_TOWNSHIP, "coalesce (township_code, '')" },
};

static char *
oracle_rows (sqlite3                 *db,
             const Group             *group,
             const YcStatisticsQuery *q)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  g_autoptr (GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_string_printf (sql, "SELECT %s, count (*), sum (accepted), sum (refused), "
                        "sum (decided AND accepted), sum (decided AND accepted AND on_time), "
                        "sum (CASE WHEN decided AND accepted THEN days_used ELSE 0 END), "
                        "sum (CASE WHEN decided AND accepted THEN committed_limit ELSE 0 END), "
                        "sum (CASE WHEN decided AND accepted THEN legal_limit ELSE 0 END), "
                        "sum (accepted AND NOT decided AND state <> 'suspended' "
                        "     AND committed_due < ?5) "
                        "FROM cases WHERE received_on >= coalesce (?1, '') "
                        "AND received_on <= coalesce (?2, '~') "
                        "AND (?3 IS NULL OR department_code = ?3) "
                        "AND (?4 IS NULL OR township_code = ?4) GROUP BY 1 ORDER BY 1",
                   group->case_key);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, q->from, -1, NULL);
  sqlite3_bind_text (stmt, 2, q->to, -1, NULL);
  sqlite3_bind_text (stmt, 3, q->scope_department, -1, NULL);
  sqlite3_bind_text (stmt, 4, q->scope_township, -1, NULL);
  sqlite3_bind_text (stmt, 5, q->today, -1, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (out, "%s", sqlite3_column_text (stmt, 0));
      for (int i = 1; i <= 9; i++)
        g_string_append_printf (out, " %" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, i));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
store_rows (YcStore                 *store,
            const YcStatisticsQuery *q)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = yc_store_statistics (store, q, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      YcStatisticsRow *r = g_ptr_array_index (rows, i);

      g_string_append_printf (out, "%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                   " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                   " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                   " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                   " %" G_GINT64_FORMAT "\n",
                              r->key, r->received, r->accepted, r->refused, r->decided,
                              r->on_time, r->sum_days_used, r->sum_committed_limit,
                              r->sum_legal_limit, r->overdue);
    }
  return g_string_free (out, FALSE);
}

static void
test_totals_match_cases (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-reports-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autoptr (YcStore) store = NULL;
  const YcMigration *migrations;
  guint n_migrations, compared = 0;
  sqlite3 *db;
  /* Ranges that cut months every way: inside one month, across a month boundary, whole
   * months, open at either end, across a year, empty. */
  const char *const ranges[][2] = {
    { NULL, NULL }, { "2025-02-01", "2025-02-28" }, { "2025-02-10", "2025-02-20" },
    { "2025-01-15", "2025-03-10" }, { "2024-12-31", "2025-01-01" }, { NULL, "2025-01-31" },
    { "2025-03-01", NULL }, { "2024-11-20", "2025-06-08" }, { "2025-04-30", "2025-05-01" },
    { "2025-07-01", "2025-06-01" }, { "2024-12-15", "2025-04-14" },
  };
  const char *const scopes[][2] = {
    { NULL, NULL }, { "D1", NULL }, { "D3", NULL }, { NULL, "T1" },
  };

  g_assert_no_error (error);

  /* A database at schema 1 with cases in it: migration 2 must count them (backfill). */
  migrations = yc_store_sqlite_migrations (&n_migrations);
  g_assert_cmpuint (n_migrations, >=, 2);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE schema_migrations (version INTEGER PRIMARY "
                                     "KEY, applied_at INTEGER NOT NULL);"
                                     "INSERT INTO schema_migrations VALUES (1, 0);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, migrations[0].sql, NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < N_BEFORE; i++)
    {
      g_autoptr (YcCaseRecord) r = random_record (rand, i);

      insert_raw (db, r, i + 1);
    }
  sqlite3_close (db);

  /* Then through the store: inserts and updates go through the triggers. */
  store = yc_store_sqlite_open (path, YC_STORE_SQLITE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_begin_write (store, &error));
  for (guint i = N_BEFORE; i < N_BEFORE + N_AFTER; i++)
    {
      g_autoptr (YcCaseRecord) r = random_record (rand, i);

      g_assert_true (yc_store_case_insert (store, r, &error));
    }
  for (guint i = 0; i < N_BEFORE + N_AFTER; i += 3)
    {
      g_autofree char *number = g_strdup_printf ("320826-C01-20250101-%04u", i);
      g_autoptr (YcCaseRecord) r = yc_store_case_get (store, number, &error);
      gint64 version = r->version;

      g_assert_no_error (error);
      /* Decide it, or take the decision back into review, or only touch it. */
      r->decided = !r->decided && r->accepted;
      r->on_time = r->decided && (i % 2 == 0);
      r->days_used += 1;
      g_free (r->state);
      r->state = g_strdup (r->decided ? "approved" : r->accepted ? "in_review" : "received");
      r->version++;
      g_assert_true (yc_store_case_update (store, r, version, &error));
    }
  g_assert_true (yc_store_commit (store, &error));

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (guint s = 0; s < G_N_ELEMENTS (scopes); s++)
      for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
        {
          YcStatisticsQuery q = { groups[g].group, ranges[r][0], ranges[r][1], TODAY,
                                  scopes[s][0], scopes[s][1] };
          g_autofree char *expected = oracle_rows (db, &groups[g], &q);
          g_autofree char *got = store_rows (store, &q);

          g_test_message ("group %s, scope %s/%s, %s … %s", groups[g].name,
                          scopes[s][0], scopes[s][1], ranges[r][0], ranges[r][1]);
          g_assert_cmpstr (got, ==, expected);
          compared++;
        }

  /* The overdue list is the overdue cases, longest overdue first, paged. */
  {
    YcOverdueQuery q = { TODAY, NULL, NULL, NULL, NULL, NULL, NULL, "D1", NULL, 1, 7 };
    g_autoptr (GString) expected = g_string_new (NULL);
    g_autoptr (GString) got = g_string_new (NULL);
    sqlite3_stmt *stmt;
    guint total = 0;
    gboolean capped = TRUE;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT number FROM cases WHERE accepted AND NOT "
                                             "decided AND state <> 'suspended' AND "
                                             "committed_due < ?1 AND department_code = 'D1' "
                                             "ORDER BY committed_due, number", -1, &stmt, NULL),
                     ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, TODAY, -1, NULL);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (expected, "%s\n", sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);

    for (q.page = 1; q.page < 100; q.page++)
      {
        g_autoptr (GPtrArray) rows = yc_store_overdue_cases (YC_STORE (store), &q, 10000,
                                                             &total, &capped, &error);

        g_assert_no_error (error);
        g_assert_false (capped);
        for (guint i = 0; i < rows->len; i++)
          g_string_append_printf (got, "%s\n",
                                  ((YcCaseRecord *) g_ptr_array_index (rows, i))->number);
        if (rows->len < q.page_size)
          break;
      }
    g_assert_cmpuint (total, >, 0);
    g_assert_cmpstr (got->str, ==, expected->str);
  }
  sqlite3_close (db);
  g_test_message ("%u statistics queries compared", compared);

  g_clear_object (&store);
  yc_test_remove_database (path);
  g_rmdir (dir);
}

/* Through HTTP ------------------------------------------------------------------------------ */

static YcTestServer *server;
static SoupSession *session;
static GHashTable *tokens;

static const char *
token (const char *user)
{
  char *t = g_hash_table_lookup (tokens, user);

  if (t == NULL)
    {
      t = yc_test_login (session, server, user);
      g_hash_table_insert (tokens, g_strdup (user), t);
    }
  return t;
}

static YcTestResponse *
get (const char        *user,
     const char        *path,
     const char *const *headers)
{
  g_autofree char *u = g_strconcat (server->base, path, NULL);

  return yc_test_request (session, "GET", u, token (user), NULL, NULL, 0, headers);
}

static gint64
count_rows (const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (server->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* A case the window accepted @days_ago calendar days ago and never decided, written into the
 * server's database as the server would have written it then. */
static char *
old_open_case (guint days_ago)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStore) store = yc_store_sqlite_open (server->db_path, YC_STORE_SQLITE_DEFAULT,
                                                    &error);
  g_autoptr (YcCalendar) calendar = yc_calendar_new ();
  g_autofree char *calendar_dir = g_build_filename (g_getenv ("YC_DATADIR"), "calendar", NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) then = g_date_time_add_days (now, -(int) days_ago);
  g_autofree char *date = g_date_time_format (then, "%Y%m%d");
  char *number = g_strdup_printf ("320826-C05-%s-0001", date);
  YcItem *item = yc_catalogue_get_item (yc_test_catalogue (), YC_TEST_HALL_ITEM);
  g_autoptr (YcCase) c = yc_case_new (number, item, "C05", NULL);
  g_autoptr (YcCaseRecord) record = NULL;
  GDate today;

  g_assert_no_error (error);
  g_assert_true (yc_calendar_load_dir (calendar, calendar_dir, &error));
  c->applicant.kind = YC_APPLICANT_PERSON;
  c->applicant.name = g_strdup ("王五");
  c->applicant.id_number = g_strdup ("11010519491231002X");
  for (guint i = 0; i < c->materials->len; i++)
    ((YcCaseMaterial *) g_ptr_array_index (c->materials, i))->status =
      YC_MATERIAL_STATUS_ORIGINAL_SEEN;
  g_assert_true (yc_case_apply (c, item, yc_test_actor ("clerk1"), YC_ACTION_RECEIVE, NULL,
                                then, &error));
  g_assert_true (yc_case_apply (c, item, yc_test_actor ("clerk1"), YC_ACTION_ACCEPT, NULL,
                                then, &error));
  g_assert_true (yc_case_apply (c, item, yc_test_actor ("clerk1"), YC_ACTION_START_REVIEW,
                                NULL, then, &error));
  yc_today (&today);
  record = yc_case_view_record (c, item, calendar, &today, "old");
  g_assert_true (yc_store_begin_write (store, &error));
  g_assert_true (yc_store_case_insert (store, record, &error));
  g_assert_true (yc_store_commit (store, &error));
  g_assert_no_error (error);
  return number;
}

static void
intake (const char *user,
        const char *item,
        const char *window,
        const char *township,
        guint       sequence)
{
  g_autofree char *u = g_strconcat (server->base, "/cases", NULL);
  g_autofree char *number = yc_test_case_number (window, sequence);
  g_autofree char *body = yc_test_case_body (number, item, window, township, NULL);
  g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token (user), body, NULL);

  g_assert_cmpuint (r->status, ==, 201);
}

static JsonObject *
row_with_key (YcTestResponse *r,
              const char     *key)
{
  JsonArray *rows = json_object_get_array_member (yc_test_object (r), "rows");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (row, "key"), key))
        return row;
    }
  return NULL;
}

static void
test_http_statistics (void)
{
  g_autofree char *overdue = (intake ("town1", YC_TEST_DELEGATED_ITEM, "T01W1", YC_TEST_TOWNSHIP,
                                      1),
                              intake ("clerk1", "320826-MZ-QR-001", "C01", NULL, 2),
                              old_open_case (40));
  gint64 expected_overdue = count_rows ("SELECT count (*) FROM cases WHERE accepted AND NOT "
                                        "decided AND state <> 'suspended' AND committed_due < "
                                        "date ('now', 'localtime') AND item_code = '"
                                        YC_TEST_HALL_ITEM "'");
  gint64 expected_received = count_rows ("SELECT count (*) FROM cases WHERE item_code = '"
                                         YC_TEST_HALL_ITEM "'");
  g_autoptr (YcTestResponse) json = get ("admin", "/statistics?group=item", NULL);
  JsonObject *row = row_with_key (json, YC_TEST_HALL_ITEM);
  JsonObject *total = json_object_get_object_member (yc_test_object (json), "total");

  g_assert_cmpuint (json->status, ==, 200);
  g_assert_nonnull (row);
  g_assert_cmpint (expected_overdue, >=, 1);
  g_assert_cmpint (json_object_get_int_member (row, "overdue"), ==, expected_overdue);
  g_assert_cmpint (json_object_get_int_member (row, "received"), ==, expected_received);
  g_assert_cmpint (json_object_get_int_member (total, "received"), ==,
                   count_rows ("SELECT count (*) FROM cases"));
  g_assert_nonnull (json_object_get_string_member (row, "name"));

  /* CSV, asked for either way: BOM, a header, one line per row and the total. */
  {
    const char *const accept[] = { "Accept", "text/csv", NULL };
    g_autoptr (YcTestResponse) by_header = get ("admin", "/statistics?group=item", accept);
    g_autoptr (YcTestResponse) by_format = get ("admin", "/statistics?group=item&format=csv",
                                                NULL);
    gsize size;
    const char *text = g_bytes_get_data (by_header->body, &size);
    g_autofree char *copy = g_strndup (text, size);
    g_auto (GStrv) lines = g_strsplit (copy, "\r\n", -1);
    guint n_rows = json_array_get_length (json_object_get_array_member (yc_test_object (json),
                                                                        "rows"));
    g_autofree char *total_line = g_strdup_printf ("total,Total,%" G_GINT64_FORMAT ",",
                                                   json_object_get_int_member (total,
                                                                               "received"));

    g_assert_cmpuint (by_header->status, ==, 200);
    g_assert_true (g_str_has_prefix (yc_test_header (by_header, "Content-Type"), "text/csv"));
    g_assert_nonnull (strstr (yc_test_header (by_header, "Content-Disposition"), ".csv"));
    g_assert_true (g_str_has_prefix (copy, "\xef\xbb\xbfitem,name,received,accepted"));
    g_assert_cmpuint (g_strv_length (lines), ==, n_rows + 3);   /* header, rows, total, "" */
    g_assert_true (g_str_has_prefix (lines[n_rows + 1], total_line));
    g_assert_true (g_bytes_equal (by_header->body, by_format->body));
  }

  /* The township grouping names the county hall. */
  {
    g_autoptr (YcTestResponse) r = get ("admin", "/statistics?group=township", NULL);
    JsonObject *hall = row_with_key (r, "");

    g_assert_nonnull (hall);
    g_assert_cmpstr (json_object_get_string_member (hall, "name"), ==, "County hall");
  }

  /* A chief sees the department; a township's chief the township. */
  {
    g_autoptr (YcTestResponse) r = get ("chief_mz", "/statistics?group=department", NULL);
    JsonArray *rows = json_object_get_array_member (yc_test_object (r), "rows");

    g_assert_cmpuint (json_array_get_length (rows), ==, 1);

    for (guint i = 0; i < json_array_get_length (rows); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, i),
                                                      "key"), ==, "320826-MZ");
  }
  {
    g_autoptr (YcTestResponse) r = get ("chief_town1", "/statistics?group=township", NULL);
    JsonArray *rows = json_object_get_array_member (yc_test_object (r), "rows");

    g_assert_cmpuint (json_array_get_length (rows), ==, 1);

    for (guint i = 0; i < json_array_get_length (rows); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, i),
                                                      "key"), ==, YC_TEST_TOWNSHIP);
  }

  /* Refusals. */
  {
    const char *const bad[] = { "group=week", "format=xml", "from=2026-02-30", "colour=red" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *path = g_strdup_printf ("/statistics?%s", bad[i]);
        g_autoptr (YcTestResponse) r = get ("admin", path, NULL);

        g_assert_cmpuint (r->status, ==, 422);
        g_assert_cmpstr (yc_test_problem_code (r), ==, "invalid-params");
      }
  }
  {
    const char *const not_allowed[] = { "clerk1", "town1" };

    for (guint i = 0; i < G_N_ELEMENTS (not_allowed); i++)
      {
        g_autoptr (YcTestResponse) a = get (not_allowed[i], "/statistics", NULL);
        g_autoptr (YcTestResponse) b = get (not_allowed[i], "/statistics/overdue", NULL);

        g_assert_cmpuint (a->status, ==, 403);
        g_assert_cmpuint (b->status, ==, 403);
      }
  }

  /* The overdue list: the old case, how many working days late, in CSV too; audited. */
  {
    g_autoptr (YcTestResponse) r = get ("chief_scjg", "/statistics/overdue", NULL);
    JsonArray *list = json_object_get_array_member (yc_test_object (r), "items");
    gboolean found = FALSE;
    gint64 audited = count_rows ("SELECT count (*) FROM audit_log "
                                 "WHERE action = 'statistics.overdue'");

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpint (audited, >=, 1);
    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *o = json_array_get_object_element (list, i);

        g_assert_cmpstr (json_object_get_string_member (o, "department_code"), ==,
                         "320826-SCJG");
        if (g_str_equal (json_object_get_string_member (o, "number"), overdue))
          {
            found = TRUE;
            g_assert_cmpint (json_object_get_int_member (o, "working_days_overdue"), >, 0);
            g_assert_cmpstr (json_object_get_string_member (o, "deadline_status"), ==,
                             "overdue");
          }
      }
    g_assert_true (found);
  }
  {
    g_autoptr (YcTestResponse) mz = get ("chief_mz", "/statistics/overdue", NULL);
    g_autoptr (YcTestResponse) csv = get ("admin", "/statistics/overdue?format=csv", NULL);
    g_autofree char *text = g_strndup (g_bytes_get_data (csv->body, NULL),
                                       g_bytes_get_size (csv->body));

    g_assert_cmpuint (mz->status, ==, 200);
    g_assert_null (strstr (g_bytes_get_data (mz->body, NULL), overdue));
    g_assert_nonnull (strstr (text, overdue));
    g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbfnumber,item_code,item_name"));
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = yc_test_server_start ("[server]\nlog-requests=false\n");
  session = soup_session_new ();
  tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_test_add_func ("/server/reports/totals-match-cases", test_totals_match_cases);
  g_test_add_func ("/server/reports/http", test_http_statistics);
  status = g_test_run ();

  g_hash_table_unref (tokens);
  g_object_unref (session);
  yc_test_server_free (server);
  return status;
}
