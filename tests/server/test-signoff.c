/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Section chiefs and townships through HTTP, on a real yichuangd: the sign-off queue (whose
 * cases, in which order, which may not be signed), batch sign-off (each case confirmed and
 * decided on its own), the seal only after sign-off, a township deciding only delegated items,
 * a 缺件 certificate held until the materials come, parallel approval with a denial and with
 * every approval, and the township's list of cases at the county. Every refusal is checked for
 * its status and problem code and for having changed nothing. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "yc-test-server.h"

#define REASON "\"reason\": \"符合法定条件\""
#define ZERO_SHA "0000000000000000000000000000000000000000000000000000000000000000"

static YcTestServer *server;
static SoupSession *session;
static GHashTable *tokens;
static guint sequence = 1;

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

static char *
url (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static char *
url (const char *format,
     ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return g_strconcat (server->base, path, NULL);
}

static YcTestResponse *
get (const char *user,
     const char *path)
{
  g_autofree char *u = url ("%s", path);

  return yc_test_get (session, u, token (user));
}

static JsonObject *
case_view (const char *number)
{
  g_autofree char *path = g_strdup_printf ("/cases/%s", number);
  g_autoptr (YcTestResponse) r = get ("admin", path);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_ref (json_object_get_object_member (yc_test_object (r), "case"));
}

static gint64
version_of (const char *number)
{
  g_autoptr (JsonObject) c = case_view (number);

  return json_object_get_int_member (c, "version");
}

static char *
state_of (const char *number)
{
  g_autoptr (JsonObject) c = case_view (number);

  return g_strdup (json_object_get_string_member (c, "state"));
}

static YcTestResponse *
act (const char *user,
     const char *number,
     const char *action,
     const char *extra)
{
  g_autofree char *u = url ("/cases/%s/actions/%s", number, action);
  g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "%s%s}",
                                           version_of (number), extra != NULL ? ", " : "",
                                           extra != NULL ? extra : "");

  return yc_test_post_json (session, u, token (user), body, NULL);
}

static void
act_ok (const char *user,
        const char *number,
        const char *action,
        const char *extra)
{
  g_autoptr (YcTestResponse) r = act (user, number, action, extra);

  if (r->status != 200)
    g_error ("%s by %s on %s: %u %s", action, user, number, r->status,
             (const char *) g_bytes_get_data (r->body, NULL));
}

/* A refusal: the status and code, and the case unchanged. */
static void
act_refused (const char *user,
             const char *number,
             const char *action,
             const char *extra,
             guint       status,
             const char *code)
{
  gint64 before = version_of (number);
  g_autoptr (YcTestResponse) r = act (user, number, action, extra);

  g_assert_cmpuint (r->status, ==, status);
  g_assert_cmpstr (yc_test_problem_code (r), ==, code);
  g_assert_cmpint (version_of (number), ==, before);
}

/* Takes a case in as @user; @missing (nullable) is marked missing. */
static char *
intake (const char *user,
        const char *item_code,
        const char *window,
        const char *township,
        const char *missing)
{
  YcItem *item = yc_catalogue_get_item (yc_test_catalogue (), item_code);
  g_autoptr (GString) materials = g_string_new (NULL);
  g_autofree char *u = url ("/cases");
  char *number = yc_test_case_number (window, sequence++);
  g_autofree char *township_member = township != NULL
                                       ? g_strdup_printf ("\"township_code\": \"%s\", ", township)
                                       : g_strdup ("");
  g_autofree char *body = NULL;
  g_autoptr (YcTestResponse) r = NULL;

  for (guint i = 0; i < item->materials->len; i++)
    {
      YcMaterial *m = g_ptr_array_index (item->materials, i);
      gboolean absent = g_strcmp0 (m->code, missing) == 0;

      g_string_append_printf (materials, "%s{\"code\": \"%s\", \"status\": \"%s\"%s}",
                              i > 0 ? ", " : "", m->code, absent ? "missing" : "original_seen",
                              absent ? ", \"reason\": \"未带\"" : "");
    }
  body = g_strdup_printf ("{\"number\": \"%s\", \"item_code\": \"%s\", \"window_code\": \"%s\", "
                          "%s\"applicant\": {\"kind\": \"person\", \"name\": \"李四\", "
                          "\"id_number\": \"440524188001010014\"}, \"materials\": [%s]}",
                          number, item_code, window, township_member, materials->str);
  r = yc_test_post_json (session, u, token (user), body, NULL);
  g_assert_cmpuint (r->status, ==, 201);
  return number;
}

/* A hall case of @item brought to awaiting_signoff. */
static char *
hall_awaiting (const char *item)
{
  char *number = intake ("clerk1", item, "C01", NULL, NULL);

  act_ok ("clerk1", number, "accept", NULL);
  act_ok ("clerk1", number, "start_review", NULL);
  act_ok ("clerk1", number, "submit_signoff", NULL);
  return number;
}

/* A township case of @item (not delegated) forwarded and brought to awaiting_signoff. */
static char *
forwarded_awaiting (const char *item)
{
  char *number = intake ("town1", item, "T01W1", YC_TEST_TOWNSHIP, NULL);

  act_ok ("town1", number, "accept", NULL);
  act_ok ("town1", number, "forward_to_county", NULL);
  act_ok ("clerk1", number, "start_review", NULL);
  act_ok ("clerk1", number, "submit_signoff", NULL);
  return number;
}

static char *
delegated_awaiting (void)
{
  char *number = intake ("town1", YC_TEST_DELEGATED_ITEM, "T01W1", YC_TEST_TOWNSHIP, NULL);

  act_ok ("town1", number, "accept", NULL);
  act_ok ("town1", number, "start_review", NULL);
  act_ok ("town1", number, "submit_signoff", NULL);
  return number;
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

/* The queue of @user as (number → entry) and in order. */
typedef struct
{
  GPtrArray  *numbers;           /* char*, queue order */
  GHashTable *entries;           /* number → JsonObject (ref) */
  guint       total;
} Queue;

static void
queue_free (Queue *q)
{
  g_ptr_array_unref (q->numbers);
  g_hash_table_unref (q->entries);
  g_free (q);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Queue, queue_free)

static Queue *
queue_of (const char *user,
          const char *params)
{
  g_autofree char *path = g_strdup_printf ("/signoff-queue?page_size=200%s", params);
  g_autoptr (YcTestResponse) r = get (user, path);
  Queue *q = g_new0 (Queue, 1);
  JsonArray *items;
  const char *previous_due = "";

  g_assert_cmpuint (r->status, ==, 200);
  q->numbers = g_ptr_array_new_with_free_func (g_free);
  q->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) json_object_unref);
  q->total = json_object_get_int_member (yc_test_object (r), "total");
  items = json_object_get_array_member (yc_test_object (r), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      const char *number = json_object_get_string_member (o, "number");
      const char *due = json_object_get_string_member (o, "committed_due");

      /* Nearest committed due date first. */
      g_assert_cmpstr (previous_due, <=, due);
      previous_due = due;
      g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "awaiting_signoff");
      g_ptr_array_add (q->numbers, g_strdup (number));
      g_hash_table_insert (q->entries, g_strdup (number), json_object_ref (o));
    }
  g_assert_cmpuint (q->total, ==, q->numbers->len);
  return q;
}

static gboolean
queued (Queue      *q,
        const char *number)
{
  return g_hash_table_contains (q->entries, number);
}

/* Whose queue a case is in -------------------------------------------------------------------- */

static void
test_queue (void)
{
  g_autofree char *short_limit = hall_awaiting ("320826-SCJG-XK-001");   /* committed 1 day */
  g_autofree char *long_limit = hall_awaiting ("320826-SCJG-XK-005");    /* committed 5 days */
  g_autofree char *hall = hall_awaiting (YC_TEST_HALL_ITEM);             /* committed 2 days */
  g_autofree char *forwarded = forwarded_awaiting (YC_TEST_HALL_ITEM);
  g_autofree char *delegated = delegated_awaiting ();
  g_autofree char *parallel = hall_awaiting (YC_TEST_PARALLEL_ITEM);
  g_autofree char *other_department = hall_awaiting ("320826-MZ-QR-001");
  g_autofree char *accepted = intake ("clerk1", YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  struct
  {
    const char *user;
    const char *number;
    gboolean    listed;
  } expected[] = {
    { "chief_scjg", short_limit, TRUE },
    { "chief_scjg", long_limit, TRUE },
    { "chief_scjg", hall, TRUE },
    { "chief_scjg", forwarded, TRUE },          /* the county decides a forwarded case */
    { "chief_scjg", delegated, FALSE },         /* the township decides a delegated one */
    { "chief_scjg", parallel, FALSE },
    { "chief_scjg", other_department, FALSE },
    { "chief_scjg", accepted, FALSE },
    { "chief_town1", delegated, TRUE },
    { "chief_town1", forwarded, FALSE },
    { "chief_town1", hall, FALSE },
    { "chief_fgw", parallel, TRUE },            /* each branch's department */
    { "chief_shbj", parallel, TRUE },
    { "chief_zrgh", parallel, FALSE },          /* the lead department has no branch */
    { "chief_mz", other_department, TRUE },
    { "chief_mz", hall, FALSE },
  };

  act_ok ("clerk1", accepted, "accept", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (Queue) q = queue_of (expected[i].user, "");

      g_test_message ("%s: %s", expected[i].user, expected[i].number);
      g_assert_cmpint (queued (q, expected[i].number), ==, expected[i].listed);
      if (expected[i].listed)
        {
          JsonObject *o = g_hash_table_lookup (q->entries, expected[i].number);

          g_assert_true (json_object_get_boolean_member (o, "signable"));
          g_assert_true (json_object_get_null_member (o, "not_signable"));
          g_assert_true (json_object_has_member (o, "days_left"));
          g_assert_nonnull (json_object_get_string_member (o, "item_name"));
        }
    }

  /* The one-day item comes before the two-day ones, which come before the five-day one. */
  {
    g_autoptr (Queue) q = queue_of ("chief_scjg", "");
    guint a = 0, b = 0, c = 0;

    g_assert_true (g_ptr_array_find_with_equal_func (q->numbers, short_limit, g_str_equal, &a));
    g_assert_true (g_ptr_array_find_with_equal_func (q->numbers, hall, g_str_equal, &b));
    g_assert_true (g_ptr_array_find_with_equal_func (q->numbers, long_limit, g_str_equal, &c));
    g_assert_cmpuint (a, <, b);
    g_assert_cmpuint (b, <, c);
  }

  /* The parallel case shows its branches; once FGW decided, it leaves FGW's queue only. */
  {
    g_autoptr (Queue) q = queue_of ("chief_shbj", "");
    JsonArray *branches = json_object_get_array_member (g_hash_table_lookup (q->entries,
                                                                             parallel),
                                                        "branches");

    g_assert_cmpuint (json_array_get_length (branches), ==, 2);
  }
  act_ok ("chief_fgw", parallel, "approve", REASON);
  {
    g_autoptr (Queue) fgw = queue_of ("chief_fgw", "");
    g_autoptr (Queue) shbj = queue_of ("chief_shbj", "");

    g_assert_false (queued (fgw, parallel));
    g_assert_true (queued (shbj, parallel));
  }

  /* One item only, for a batch of routine cases. */
  {
    g_autoptr (Queue) q = queue_of ("chief_scjg", "&item=320826-SCJG-XK-005");

    g_assert_true (queued (q, long_limit));
    g_assert_false (queued (q, hall));
  }

  /* Paging keeps the order. */
  {
    g_autoptr (Queue) all = queue_of ("chief_scjg", "");
    g_autoptr (YcTestResponse) r = get ("chief_scjg", "/signoff-queue?page=2&page_size=1");
    JsonArray *items = json_object_get_array_member (yc_test_object (r), "items");

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                    "number"), ==,
                     g_ptr_array_index (all->numbers, 1));
  }

  /* Not for clerks, township staff or the administrator; strict parameters. */
  {
    const char *const not_chiefs[] = { "clerk1", "town1", "admin" };

    for (guint i = 0; i < G_N_ELEMENTS (not_chiefs); i++)
      {
        g_autoptr (YcTestResponse) r = get (not_chiefs[i], "/signoff-queue");

        g_assert_cmpuint (r->status, ==, 403);
        g_assert_cmpstr (yc_test_problem_code (r), ==, "forbidden");
      }
  }
  {
    const char *const bad[] = { "page=0", "page_size=201", "colour=red", "page=x" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *path = g_strdup_printf ("/signoff-queue?%s", bad[i]);
        g_autoptr (YcTestResponse) r = get ("chief_scjg", path);

        g_assert_cmpuint (r->status, ==, 422);
        g_assert_cmpstr (yc_test_problem_code (r), ==, "invalid-params");
      }
  }

  /* The queue shows applicants' names: each read that returned cases is on the audit trail. */
  g_assert_cmpint (count_rows ("SELECT count (*) FROM audit_log WHERE action = 'signoff.queue' "
                               "AND actor = 'chief_scjg'"), >=, 1);
}

/* Separation of duties: listed, not signable, refused alone and in a batch ------------------- */

static void
test_own_intake (void)
{
  g_autofree char *output = NULL;
  g_autofree char *number = NULL;

  g_assert_cmpint (yc_test_server_admin (server, YC_TEST_PASSWORD "\n", &output, "add-user",
                                         "promo", "--role", "clerk", "--window", "C03", NULL),
                   ==, 0);
  g_hash_table_insert (tokens, g_strdup ("promo"), yc_test_login (session, server, "promo"));
  number = intake ("promo", YC_TEST_HALL_ITEM, "C03", NULL, NULL);
  act_ok ("clerk1", number, "accept", NULL);
  act_ok ("clerk1", number, "start_review", NULL);
  act_ok ("clerk1", number, "submit_signoff", NULL);

  g_assert_cmpint (yc_test_server_admin (server, NULL, NULL, "update-user", "promo", "--role",
                                         "chief", "--department", "320826-SCJG", "--window", "",
                                         NULL), ==, 0);
  g_hash_table_insert (tokens, g_strdup ("promo"), yc_test_login (session, server, "promo"));

  {
    g_autoptr (Queue) q = queue_of ("promo", "");
    JsonObject *o = g_hash_table_lookup (q->entries, number);
    JsonObject *why;

    g_assert_nonnull (o);
    g_assert_false (json_object_get_boolean_member (o, "signable"));
    why = json_object_get_object_member (o, "not_signable");
    g_assert_cmpstr (json_object_get_string_member (why, "code"), ==, "separation-of-duties");
    g_assert_cmpstr (json_object_get_string_member (o, "received_by"), ==, "promo");
  }
  act_refused ("promo", number, "approve", REASON, 403, "separation-of-duties");
  {
    g_autofree char *u = url ("/signoff/batch");
    g_autofree char *body = g_strdup_printf ("{\"decisions\": [{\"number\": \"%s\", "
                                             "\"version\": %" G_GINT64_FORMAT ", "
                                             "\"decision\": \"approve\", \"confirmed\": true}]}",
                                             number, version_of (number));
    gint64 before = version_of (number);
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token ("promo"), body, NULL);
    JsonObject *result;

    g_assert_cmpuint (r->status, ==, 200);
    result = json_array_get_object_element (json_object_get_array_member (yc_test_object (r),
                                                                          "results"), 0);
    g_assert_cmpint (json_object_get_int_member (result, "status"), ==, 403);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result,
                                                                                   "problem"),
                                                    "code"), ==, "separation-of-duties");
    g_assert_cmpint (version_of (number), ==, before);
  }
  /* Another chief of the department may. */
  act_ok ("chief_scjg", number, "approve", REASON);
}

/* Batch sign-off ---------------------------------------------------------------------------- */

static char *
decision (const char *number,
          gint64      version,
          const char *verdict,
          const char *extra)
{
  return g_strdup_printf ("{\"number\": \"%s\", \"version\": %" G_GINT64_FORMAT ", "
                          "\"decision\": \"%s\"%s%s}", number, version, verdict,
                          extra != NULL ? ", " : "", extra != NULL ? extra : "");
}

static YcTestResponse *
batch (const char *user,
       const char *decisions,
       const char *key)
{
  g_autofree char *u = url ("/signoff/batch");
  g_autofree char *body = g_strdup_printf ("{\"decisions\": [%s]}", decisions);

  return yc_test_post_json (session, u, token (user), body, key);
}

static void
test_batch (void)
{
  g_autofree char *ok = hall_awaiting (YC_TEST_HALL_ITEM);
  g_autofree char *denied = hall_awaiting (YC_TEST_HALL_ITEM);
  g_autofree char *stale = hall_awaiting (YC_TEST_HALL_ITEM);
  g_autofree char *foreign = hall_awaiting ("320826-MZ-QR-001");
  g_autofree char *early = intake ("clerk1", YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *no_reason = hall_awaiting (YC_TEST_HALL_ITEM);
  g_autofree char *d_ok = decision (ok, version_of (ok), "approve",
                                    "\"reason\": \"附条件：按期年检\", \"confirmed\": true");
  g_autofree char *d_denied = decision (denied, version_of (denied), "deny",
                                        "\"reason\": \"材料不实\", \"confirmed\": true");
  g_autofree char *d_stale = decision (stale, version_of (stale) - 1, "approve",
                                       "\"confirmed\": true");
  g_autofree char *d_foreign = decision (foreign, version_of (foreign), "approve",
                                         "\"confirmed\": true");
  g_autofree char *d_early = decision (early, version_of (early), "approve",
                                       "\"confirmed\": true");
  g_autofree char *d_no_reason = decision (no_reason, version_of (no_reason), "deny",
                                           "\"confirmed\": true");
  g_autofree char *missing_number = yc_test_case_number ("C01", 9999);
  g_autofree char *d_missing = decision (missing_number, 1, "approve", "\"confirmed\": true");
  g_autofree char *all = g_strjoin (", ", d_ok, d_denied, d_stale, d_foreign, d_early,
                                    d_no_reason, d_missing, NULL);
  struct
  {
    const char *number;
    guint       status;
    const char *code;            /* NULL: decided */
    const char *state;           /* afterwards */
  } expected[] = {
    { ok, 200, NULL, "approved" },
    { denied, 200, NULL, "denied" },
    { stale, 409, "stale-case", "awaiting_signoff" },
    { foreign, 403, "forbidden", "awaiting_signoff" },
    { early, 409, "illegal-transition", "received" },
    { no_reason, 422, "missing-argument", "awaiting_signoff" },
    { missing_number, 404, "no-such-case", NULL },
  };
  gint64 versions[G_N_ELEMENTS (expected)];
  g_autofree char *key = yc_test_case_number ("C01", 7777);
  JsonArray *results;

  for (guint i = 0; i + 1 < G_N_ELEMENTS (expected); i++)
    versions[i] = version_of (expected[i].number);

  /* One unconfirmed entry refuses the whole batch; nothing is written. */
  {
    g_autofree char *unconfirmed = decision (ok, version_of (ok), "approve", NULL);
    g_autofree char *two = g_strjoin (", ", d_denied, unconfirmed, NULL);
    g_autoptr (YcTestResponse) r = batch ("chief_scjg", two, NULL);

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "invalid-params");
    g_assert_nonnull (strstr (g_bytes_get_data (r->body, NULL), "decisions[1].confirmed"));
    g_assert_cmpint (version_of (ok), ==, versions[0]);
    g_assert_cmpint (version_of (denied), ==, versions[1]);
  }
  /* Malformed batches. */
  {
    g_autofree char *twice = g_strjoin (", ", d_ok, d_ok, NULL);
    g_autofree char *bad_verdict = decision (ok, versions[0], "maybe", "\"confirmed\": true");
    g_autoptr (GString) too_many = g_string_new (NULL);
    const char *bodies[] = { twice, bad_verdict, "", NULL };

    for (guint i = 0; i < 51; i++)
      g_string_append_printf (too_many, "%s%s", i > 0 ? ", " : "", d_ok);
    bodies[3] = too_many->str;
    for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
      {
        g_autoptr (YcTestResponse) r = batch ("chief_scjg", bodies[i], NULL);

        g_assert_cmpuint (r->status, ==, 422);
        g_assert_cmpint (version_of (ok), ==, versions[0]);
      }
  }
  /* Only chiefs. */
  {
    g_autoptr (YcTestResponse) r = batch ("clerk1", d_ok, NULL);

    g_assert_cmpuint (r->status, ==, 403);
    g_assert_cmpint (version_of (ok), ==, versions[0]);
  }

  /* The batch: each case on its own. */
  {
    g_autoptr (YcTestResponse) r = batch ("chief_scjg", all, key);

    g_assert_cmpuint (r->status, ==, 200);
    results = json_object_get_array_member (yc_test_object (r), "results");
    g_assert_cmpuint (json_array_get_length (results), ==, G_N_ELEMENTS (expected));
    g_assert_cmpint (json_object_get_int_member (yc_test_object (r), "approved"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (yc_test_object (r), "denied"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (yc_test_object (r), "refused"), ==, 5);
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        JsonObject *result = json_array_get_object_element (results, i);

        g_test_message ("batch result %u", i);
        g_assert_cmpstr (json_object_get_string_member (result, "number"), ==,
                         expected[i].number);
        g_assert_cmpint (json_object_get_int_member (result, "status"), ==, expected[i].status);
        if (expected[i].code != NULL)
          g_assert_cmpstr (json_object_get_string_member (
                             json_object_get_object_member (result, "problem"), "code"), ==,
                           expected[i].code);
        if (expected[i].state != NULL)
          {
            g_autofree char *state = state_of (expected[i].number);

            g_assert_cmpstr (state, ==, expected[i].state);
            g_assert_cmpint (version_of (expected[i].number), ==,
                             versions[i] + (expected[i].code == NULL ? 1 : 0));
          }
      }
  }
  /* The conditions are the decision's reason, recorded as such. */
  {
    g_autoptr (JsonObject) c = case_view (ok);

    g_assert_cmpstr (json_object_get_string_member (c, "decision_reason"), ==,
                     "附条件：按期年检");
    g_assert_cmpstr (json_object_get_string_member (c, "decided_by"), ==, "chief_scjg");
  }
  /* Sent again with the same key: the first answer, nothing decided twice. */
  {
    g_autoptr (YcTestResponse) r = batch ("chief_scjg", all, key);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (yc_test_header (r, "Idempotent-Replayed"), ==, "true");
    g_assert_cmpint (version_of (ok), ==, versions[0] + 1);
  }
  g_assert_cmpint (count_rows ("SELECT count (*) FROM audit_log WHERE action = 'case.approve' "
                               "AND detail LIKE '%\"batch\":\"true\"%'"), >=, 1);
}

/* The seal only after sign-off -------------------------------------------------------------- */

static YcTestResponse *
issue_certificate (const char *user,
                   const char *number)
{
  g_autofree char *u = url ("/cases/%s/documents", number);

  return yc_test_post_json (session, u, token (user),
                            "{\"kind\": \"certificate\", \"sha256\": \"" ZERO_SHA "\"}", NULL);
}

static gint64
seal_uses (const char *number)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM seal_uses WHERE "
                                          "case_number = '%s' AND kind = 'certificate'", number);

  return count_rows (sql);
}

static void
test_seal_after_signoff (void)
{
  g_autofree char *number = hall_awaiting (YC_TEST_HALL_ITEM);

  /* Waiting for sign-off: no certificate seal, no certify. */
  {
    g_autoptr (YcTestResponse) r = issue_certificate ("clerk1", number);

    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "illegal-transition");
    g_assert_cmpint (seal_uses (number), ==, 0);
  }
  act_refused ("clerk1", number, "certify", NULL, 409, "illegal-transition");

  act_ok ("chief_scjg", number, "approve", REASON);
  {
    g_autoptr (YcTestResponse) r = issue_certificate ("clerk1", number);
    JsonObject *seal;

    g_assert_cmpuint (r->status, ==, 201);
    seal = json_object_get_object_member (yc_test_object (r), "seal");
    g_assert_true (json_object_get_boolean_member (seal, "authorised"));
    g_assert_cmpstr (json_object_get_string_member (seal, "authorised_by"), ==, "chief_scjg");
    g_assert_cmpint (seal_uses (number), ==, 1);
  }
  act_ok ("clerk1", number, "certify", NULL);
  act_refused ("clerk1", number, "deliver",
               "\"delivery_method\": \"pickup\", \"delivery_detail\": \"110105194912310021\"",
               422, "invalid");
  act_ok ("clerk1", number, "deliver",
          "\"delivery_method\": \"pickup\", \"delivery_detail\": \"11010519491231002X\"");
}

/* A township decides only what is delegated to it ------------------------------------------- */

static void
test_township_delegation (void)
{
  g_autofree char *forwarded = forwarded_awaiting (YC_TEST_HALL_ITEM);
  g_autofree char *delegated = delegated_awaiting ();

  act_refused ("chief_town1", forwarded, "approve", REASON, 403, "forbidden");
  act_refused ("town1", forwarded, "approve", REASON, 403, "forbidden");
  act_refused ("chief_scjg", delegated, "approve", REASON, 403, "forbidden");
  {
    g_autofree char *d = decision (forwarded, version_of (forwarded), "approve",
                                   "\"confirmed\": true");
    gint64 before = version_of (forwarded);
    g_autoptr (YcTestResponse) r = batch ("chief_town1", d, NULL);
    JsonObject *result = json_array_get_object_element (
      json_object_get_array_member (yc_test_object (r), "results"), 0);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (result, "status"), ==, 403);
    g_assert_cmpint (version_of (forwarded), ==, before);
  }
  act_ok ("chief_town1", delegated, "approve", REASON);
  act_ok ("town1", delegated, "certify", NULL);
  act_ok ("chief_scjg", forwarded, "approve", REASON);
}

/* 缺件: the certificate is held until the missing material comes ------------------------------ */

static void
test_missing_materials (void)
{
  g_autofree char *number = intake ("clerk2", YC_TEST_MISSING_ITEM, "C02", NULL, "M05");

  act_ok ("clerk1", number, "accept_pending", NULL);
  act_ok ("clerk1", number, "start_review", NULL);
  act_ok ("clerk1", number, "submit_signoff", NULL);
  act_ok ("chief_scjg", number, "approve", REASON);

  act_refused ("clerk1", number, "certify", NULL, 422, "materials-outstanding");
  {
    g_autoptr (YcTestResponse) r = issue_certificate ("clerk1", number);

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "materials-outstanding");
    g_assert_cmpint (seal_uses (number), ==, 0);
  }
  /* A material the notice did not name may not be asked for now. */
  act_refused ("clerk1", number, "supply",
               "\"materials\": [{\"code\": \"M01\", \"status\": \"original_seen\"}]", 422,
               "not-noticed");

  act_ok ("clerk1", number, "supply",
          "\"materials\": [{\"code\": \"M05\", \"status\": \"original_seen\"}]");
  {
    g_autoptr (YcTestResponse) r = issue_certificate ("clerk1", number);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpint (seal_uses (number), ==, 1);
  }
  act_ok ("clerk1", number, "certify", NULL);
  {
    g_autofree char *state = state_of (number);

    g_assert_cmpstr (state, ==, "certified");
  }
}

/* 并联审批 ----------------------------------------------------------------------------------- */

static const char *
branch_state (JsonObject *c,
              const char *department)
{
  JsonArray *branches = json_object_get_array_member (c, "branches");

  for (guint i = 0; i < json_array_get_length (branches); i++)
    {
      JsonObject *b = json_array_get_object_element (branches, i);

      if (g_str_equal (json_object_get_string_member (b, "department_code"), department))
        return json_object_get_string_member (b, "state");
    }
  return NULL;
}

static void
test_parallel (void)
{
  g_autofree char *denied = hall_awaiting (YC_TEST_PARALLEL_ITEM);
  g_autofree char *approved = hall_awaiting (YC_TEST_PARALLEL_ITEM);

  /* One denial stops the case, with its reason. */
  act_refused ("chief_zrgh", denied, "approve", REASON, 403, "forbidden");
  act_ok ("chief_fgw", denied, "approve", REASON);
  act_refused ("chief_fgw", denied, "approve", REASON, 409, "illegal-transition");
  {
    g_autofree char *state = state_of (denied);

    g_assert_cmpstr (state, ==, "awaiting_signoff");
  }
  act_ok ("chief_shbj", denied, "deny", "\"reason\": \"环评未通过\"");
  {
    g_autoptr (JsonObject) c = case_view (denied);

    g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, "denied");
    g_assert_cmpstr (json_object_get_string_member (c, "decision_reason"), ==, "环评未通过");
    g_assert_cmpstr (branch_state (c, "320826-FGW"), ==, "approved");
    g_assert_cmpstr (branch_state (c, "320826-SHBJ"), ==, "denied");
  }
  act_refused ("clerk1", denied, "certify", NULL, 409, "illegal-transition");

  /* Every branch approves: the case is approved and certified. */
  {
    g_autofree char *d = decision (approved, version_of (approved), "approve",
                                   "\"confirmed\": true");
    g_autoptr (YcTestResponse) r = batch ("chief_shbj", d, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (yc_test_object (r), "approved"), ==, 1);
  }
  {
    g_autofree char *state = state_of (approved);

    g_assert_cmpstr (state, ==, "awaiting_signoff");
  }
  act_ok ("chief_fgw", approved, "approve", REASON);
  {
    g_autoptr (JsonObject) c = case_view (approved);

    g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, "approved");
    g_assert_cmpstr (branch_state (c, "320826-FGW"), ==, "approved");
    g_assert_cmpstr (branch_state (c, "320826-SHBJ"), ==, "approved");
  }
  act_ok ("clerk1", approved, "certify", NULL);
}

/* The township's cases at the county -------------------------------------------------------- */

static JsonObject *
forwarded_entry (YcTestResponse *r,
                 const char     *number)
{
  JsonArray *items = json_object_get_array_member (yc_test_object (r), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (o, "number"), number))
        return o;
    }
  return NULL;
}

static char *
sync_token_of (YcTestResponse *r)
{
  return g_strdup (json_object_get_string_member (yc_test_object (r), "sync_token"));
}

static void
test_forwarded (void)
{
  g_autofree char *number = intake ("town1", YC_TEST_HALL_ITEM, "T01W1", YC_TEST_TOWNSHIP, NULL);
  g_autofree char *delegated = delegated_awaiting ();
  g_autofree char *token_before = NULL;
  g_autofree char *token_answered = NULL;

  act_ok ("town1", number, "accept", NULL);
  {
    /* Accepted but not forwarded yet: not at the county. */
    g_autoptr (YcTestResponse) r = get ("town1", "/township/forwarded");

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_null (forwarded_entry (r, number));
  }
  act_ok ("town1", number, "forward_to_county", NULL);
  {
    g_autoptr (YcTestResponse) r = get ("town1", "/township/forwarded");
    JsonObject *o = forwarded_entry (r, number);

    g_assert_nonnull (o);
    g_assert_cmpstr (json_object_get_string_member (o, "standing"), ==, "with_county");
    g_assert_false (json_object_get_boolean_member (o, "county_answered"));
    g_assert_cmpint (json_object_get_int_member (o, "working_days_waited"), ==, 0);
    g_assert_nonnull (json_object_get_string_member (o, "forwarded_at"));
    g_assert_null (forwarded_entry (r, delegated));
    token_before = sync_token_of (r);
  }
  {
    /* The other township does not see it; a clerk has no such list. */
    g_autoptr (YcTestResponse) other = get ("town2", "/township/forwarded");
    g_autoptr (YcTestResponse) clerk = get ("clerk1", "/township/forwarded");
    g_autoptr (YcTestResponse) chief = get ("chief_town1", "/township/forwarded");

    g_assert_cmpuint (other->status, ==, 200);
    g_assert_null (forwarded_entry (other, number));
    g_assert_cmpuint (clerk->status, ==, 403);
    g_assert_cmpstr (yc_test_problem_code (clerk), ==, "forbidden");
    g_assert_nonnull (forwarded_entry (chief, number));
  }

  act_ok ("clerk1", number, "start_review", NULL);
  act_ok ("clerk1", number, "submit_signoff", NULL);
  act_ok ("chief_scjg", number, "approve", REASON);
  {
    g_autofree char *path = g_strdup_printf ("/township/forwarded?since=%s", token_before);
    g_autoptr (YcTestResponse) r = get ("town1", path);
    JsonObject *o = forwarded_entry (r, number);

    g_assert_nonnull (o);
    g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "approved");
    g_assert_cmpstr (json_object_get_string_member (o, "standing"), ==, "with_county");
    g_assert_false (json_object_get_boolean_member (o, "county_answered"));
  }
  act_ok ("clerk1", number, "return_to_township", NULL);
  {
    g_autofree char *path = g_strdup_printf ("/township/forwarded?since=%s", token_before);
    g_autoptr (YcTestResponse) r = get ("town1", path);
    JsonObject *o = forwarded_entry (r, number);

    g_assert_nonnull (o);
    g_assert_true (json_object_get_boolean_member (o, "county_answered"));
    g_assert_cmpstr (json_object_get_string_member (o, "standing"), ==, "answered");
    g_assert_cmpstr (json_object_get_string_member (o, "decision"), ==, "approved");
    g_assert_nonnull (json_object_get_string_member (o, "answered_at"));
    g_assert_cmpint (json_object_get_int_member (yc_test_object (r), "answered"), >=, 1);
    token_answered = sync_token_of (r);
  }
  {
    /* Nothing changed since: an empty answer, the same token. */
    g_autofree char *path = g_strdup_printf ("/township/forwarded?since=%s", token_answered);
    g_autoptr (YcTestResponse) r = get ("town1", path);

    g_assert_null (forwarded_entry (r, number));
  }

  /* The township finishes it: certificate, hand-over, closed. */
  act_ok ("town1", number, "certify", NULL);
  act_ok ("town1", number, "deliver",
          "\"delivery_method\": \"courier\", \"delivery_detail\": \"SF1234567890\"");
  act_ok ("town1", number, "close", NULL);
  {
    g_autofree char *path = g_strdup_printf ("/township/forwarded?since=%s", token_answered);
    g_autoptr (YcTestResponse) changes = get ("town1", path);
    g_autoptr (YcTestResponse) open = get ("town1", "/township/forwarded");
    g_autoptr (YcTestResponse) all = get ("town1", "/township/forwarded?state=all");
    JsonObject *o = forwarded_entry (changes, number);

    g_assert_nonnull (o);
    g_assert_cmpstr (json_object_get_string_member (o, "standing"), ==, "finished");
    g_assert_null (forwarded_entry (open, number));
    g_assert_nonnull (forwarded_entry (all, number));
  }
  {
    const char *const bad[] = { "state=closed", "since=-1", "page_size=0", "colour=red" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *path = g_strdup_printf ("/township/forwarded?%s", bad[i]);
        g_autoptr (YcTestResponse) r = get ("town1", path);

        g_assert_cmpuint (r->status, ==, 422);
      }
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

  g_test_add_func ("/server/signoff/queue", test_queue);
  g_test_add_func ("/server/signoff/own-intake", test_own_intake);
  g_test_add_func ("/server/signoff/batch", test_batch);
  g_test_add_func ("/server/signoff/seal-after-signoff", test_seal_after_signoff);
  g_test_add_func ("/server/signoff/township-delegation", test_township_delegation);
  g_test_add_func ("/server/signoff/missing-materials", test_missing_materials);
  g_test_add_func ("/server/signoff/parallel", test_parallel);
  g_test_add_func ("/server/township/forwarded", test_forwarded);
  status = g_test_run ();

  g_hash_table_unref (tokens);
  g_object_unref (session);
  yc_test_server_free (server);
  return status;
}
