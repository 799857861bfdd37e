/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the section chief's, the township's and the supervisor's reads (issue #7; not
 * a test: run it by hand, see tests/bench/README.md).
 *
 * 1. A database with a year of Lianshui volume — 8,000 cases a working day × 250 working days
 *    up to yesterday ≈ 2 M cases — is filled once through the store's bulk path and kept
 *    between runs (DIR/roles.db). The mix: 85 % at the 16 county-hall windows, 15 % at the
 *    township windows (items delegated to the township, and county items it forwards);
 *    parallel (并联审批) construction items among them. Cases older than 12 working days are
 *    finished (closed; some refused, some denied, a few late); younger ones are spread over
 *    every open state, so that the sign-off queues, the townships' forwarded lists and the
 *    overdue list are as full as a busy fortnight makes them. Bodies are real libyc-core
 *    cases, so the routes read them as they would read real ones.
 * 2. The real yichuangd serves that database on loopback; one client asks, one request at a
 *    time, for: a county chief's sign-off queue, a township chief's queue, a township's
 *    forwarded cases (the list and a since= poll), statistics for a year by department, by
 *    item and by window (county and chief's scope), and the overdue list. p50/p99 of each.
 *    Target: ≤ 100 ms p99 each. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "yc-case-view.h"
#include "yc-import.h"
#include "yc-store-sqlite.h"
#include "bench-prefill.h"

#define CASES_PER_DAY 8000
#define DAYS 250
#define RECENT_DAYS 12
#define PASSWORD "yichuang-demo"
#define TEMPLATE_NUMBER "320826-C01-20250102-0001"
#define TEMPLATE_TOWN_NUMBER "320826-T01W1-20250102-0001"
#define TEMPLATE_NAME "模板人"
#define TEMPLATE_ID "11010519491231002X"
#define TEMPLATE_TOWNSHIP "320826100"

static char *opt_dir;
static int opt_cases = DAYS * CASES_PER_DAY;
static int opt_requests = 300;
static gboolean opt_prefill_only;

/* Templates: real cases at every step of each kind of path --------------------------------- */

typedef enum
{
  PATH_HALL,
  PATH_DELEGATED,                /* township case of an item delegated to it */
  PATH_FORWARDED,                /* township case of a county item */
  N_PATHS
} Path;

typedef struct
{
  Path        path;
  const char *item;
  guint       weight;
} Mix;

/* A spread of the demo catalogue: weights per 100 cases. */
static const Mix mix[] = {
  { PATH_HALL, "320826-SCJG-XK-006", 14 },
  { PATH_HALL, "320826-SCJG-XK-005", 8 },
  { PATH_HALL, "320826-SCJG-XK-001", 8 },
  { PATH_HALL, "320826-MZ-QR-001", 10 },
  { PATH_HALL, "320826-GA-QR-001", 12 },
  { PATH_HALL, "320826-RS-GG-002", 10 },
  { PATH_HALL, "320826-ZRGH-QR-001", 10 },
  { PATH_HALL, "320826-JT-XK-002", 6 },
  { PATH_HALL, "320826-ZRGH-XK-001", 4 },     /* parallel: FGW and SHBJ */
  { PATH_HALL, "320826-WJ-XK-002", 3 },
  { PATH_DELEGATED, "320826-SCJG-XK-001", 4 },
  { PATH_DELEGATED, "320826-SCJG-XK-002", 3 },
  { PATH_DELEGATED, "320826-MZ-JF-001", 3 },
  { PATH_FORWARDED, "320826-SCJG-XK-006", 3 },
  { PATH_FORWARDED, "320826-SCJG-XK-005", 2 },
};

typedef enum
{
  END_DONE,                      /* approved, issued, delivered, closed */
  END_REFUSED,
  END_DENIED,
} End;

typedef struct
{
  YcCaseRecord *record;          /* template columns */
  char         *body;
  gboolean      accepted;
  gboolean      decided;
} Step;

typedef struct
{
  const Mix  *mix;
  YcItem     *item;
  GPtrArray  *steps;             /* Step*: the case after each action of the normal path */
  Step       *refused;
  Step       *denied;
} Kind;

static YcActor clerk = { (char *) "bench-clerk", (char *) "Bench", YC_ROLE_CLERK, NULL, NULL,
                         (char *) "C01" };
static YcActor town = { (char *) "bench-town", (char *) "Bench", YC_ROLE_TOWNSHIP, NULL,
                        (char *) TEMPLATE_TOWNSHIP, (char *) "T01W1" };
static YcActor chief = { (char *) "bench-chief", (char *) "Bench", YC_ROLE_CHIEF, NULL, NULL,
                         NULL };
static YcActor town_chief = { (char *) "bench-town-chief", (char *) "Bench", YC_ROLE_CHIEF, NULL,
                              (char *) TEMPLATE_TOWNSHIP, NULL };

static Step *
snapshot (const YcCase *c,
          const YcItem *item,
          YcCalendar   *calendar)
{
  Step *step = g_new0 (Step, 1);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, 12, 2025);
  step->record = yc_case_view_record (c, item, calendar, &today, BENCH_PREFILL_HASH);
  step->body = g_strdup (step->record->body);
  step->accepted = step->record->accepted;
  step->decided = c->decision != YC_CASE_STATE_DRAFT || c->state == YC_CASE_STATE_REFUSED;
  return step;
}

static void
apply (YcCase        *c,
       const YcItem  *item,
       const YcActor *actor,
       YcCaseAction   action,
       YcActionArgs  *args,
       GDateTime     *at)
{
  g_autoptr (GError) error = NULL;

  if (!yc_case_apply (c, item, actor, action, args, at, &error))
    g_error ("template %s %s: %s", item->code, yc_case_action_to_string (action),
             error->message);
}

/* Both (or all) branches of a parallel case, or the one chief. */
static void
sign_off (YcCase       *c,
          const YcItem *item,
          gboolean      township_decides,
          YcCaseAction  action,
          GDateTime    *at)
{
  YcActionArgs reason = { .reason = "依法审查" };

  if (township_decides)
    {
      apply (c, item, &town_chief, action, &reason, at);
      return;
    }
  if (c->branches->len == 0)
    {
      chief.department_code = item->department_code;
      apply (c, item, &chief, action, &reason, at);
      return;
    }
  for (guint i = 0; i < c->branches->len && c->state == YC_CASE_STATE_AWAITING_SIGNOFF; i++)
    {
      YcCaseBranch *branch = g_ptr_array_index (c->branches, i);

      chief.department_code = branch->department_code;
      apply (c, item, &chief, action, &reason, at);
    }
}

static YcCase *
new_case (const YcItem *item,
          Path          path,
          GDateTime    *at)
{
  YcCase *c = yc_case_new (path == PATH_HALL ? TEMPLATE_NUMBER : TEMPLATE_TOWN_NUMBER, item,
                           path == PATH_HALL ? "C01" : "T01W1",
                           path == PATH_HALL ? NULL : TEMPLATE_TOWNSHIP);

  c->applicant.kind = YC_APPLICANT_PERSON;
  c->applicant.name = g_strdup (TEMPLATE_NAME);
  c->applicant.id_number = g_strdup (TEMPLATE_ID);
  c->applicant.phone = g_strdup ("13800000000");
  c->applicant.address = g_strdup ("江苏省淮安市涟水县涟城镇安东路1号");
  for (guint i = 0; i < c->materials->len; i++)
    ((YcCaseMaterial *) g_ptr_array_index (c->materials, i))->status =
      YC_MATERIAL_STATUS_ORIGINAL_SEEN;
  apply (c, item, path == PATH_HALL ? &clerk : &town, YC_ACTION_RECEIVE, NULL, at);
  return c;
}

static Kind *
make_kind (const Mix   *m,
           YcCatalogue *catalogue,
           YcCalendar  *calendar)
{
  Kind *kind = g_new0 (Kind, 1);
  YcItem *item = yc_catalogue_get_item (catalogue, m->item);
  g_autoptr (GDateTime) at = g_date_time_new_local (2025, 1, 2, 9, 30, 0);
  const YcActor *office = m->path == PATH_HALL ? &clerk : &town;
  YcActionArgs courier = { .delivery_method = "courier", .delivery_detail = "SF1234567890" };
  YcActionArgs refusal = { .reason = "不符合受理条件", .legal_basis = "《行政许可法》第三十二条" };
  g_autoptr (YcCase) c = NULL;
  g_autoptr (YcCase) other = NULL;

  if (item == NULL)
    g_error ("the demo catalogue has no item %s", m->item);
  kind->mix = m;
  kind->item = item;
  kind->steps = g_ptr_array_new ();

  c = new_case (item, m->path, at);
  g_ptr_array_add (kind->steps, snapshot (c, item, calendar));
  apply (c, item, office, YC_ACTION_ACCEPT, NULL, at);
  g_ptr_array_add (kind->steps, snapshot (c, item, calendar));
  if (m->path == PATH_FORWARDED)
    {
      apply (c, item, &town, YC_ACTION_FORWARD_TO_COUNTY, NULL, at);
      g_ptr_array_add (kind->steps, snapshot (c, item, calendar));
    }
  apply (c, item, m->path == PATH_DELEGATED ? &town : &clerk, YC_ACTION_START_REVIEW, NULL, at);
  g_ptr_array_add (kind->steps, snapshot (c, item, calendar));
  apply (c, item, m->path == PATH_DELEGATED ? &town : &clerk, YC_ACTION_SUBMIT_SIGNOFF, NULL,
         at);
  g_ptr_array_add (kind->steps, snapshot (c, item, calendar));
  other = yc_case_copy (c);
  sign_off (c, item, m->path == PATH_DELEGATED, YC_ACTION_APPROVE, at);
  g_ptr_array_add (kind->steps, snapshot (c, item, calendar));
  if (m->path == PATH_FORWARDED)
    {
      apply (c, item, &clerk, YC_ACTION_RETURN_TO_TOWNSHIP, NULL, at);
      g_ptr_array_add (kind->steps, snapshot (c, item, calendar));
    }
  apply (c, item, office, YC_ACTION_CERTIFY, NULL, at);
  g_ptr_array_add (kind->steps, snapshot (c, item, calendar));
  apply (c, item, office, YC_ACTION_DELIVER, &courier, at);
  apply (c, item, office, YC_ACTION_CLOSE, NULL, at);
  g_ptr_array_add (kind->steps, snapshot (c, item, calendar));

  /* Denied at sign-off, and closed (a forwarded one goes back to the township first). */
  sign_off (other, item, m->path == PATH_DELEGATED, YC_ACTION_DENY, at);
  if (m->path == PATH_FORWARDED)
    apply (other, item, &clerk, YC_ACTION_RETURN_TO_TOWNSHIP, NULL, at);
  apply (other, item, office, YC_ACTION_CLOSE, NULL, at);
  kind->denied = snapshot (other, item, calendar);

  g_clear_pointer (&other, yc_case_free);
  other = new_case (item, m->path, at);
  apply (other, item, office, YC_ACTION_REFUSE, &refusal, at);
  apply (other, item, office, YC_ACTION_CLOSE, NULL, at);
  kind->refused = snapshot (other, item, calendar);
  return kind;
}

/* Prefill ----------------------------------------------------------------------------------- */

/* The 250 working days up to yesterday, oldest first. */
static GArray *
prefill_days (YcCalendar *calendar)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (GDate));
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  while (days->len < DAYS)
    {
      g_date_subtract_days (&day, 1);
      if (yc_calendar_is_working_day (calendar, &day))
        g_array_prepend_val (days, day);
    }
  return days;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static void
prefill (const char *db_path,
         const char *data_dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStore) store = yc_store_sqlite_open (db_path, YC_STORE_SQLITE_BULK, &error);
  g_autoptr (YcCatalogue) catalogue = yc_catalogue_new ();
  g_autoptr (YcCalendar) calendar = yc_calendar_new ();
  g_autofree char *catalogue_path = g_build_filename (data_dir, "demo", "catalogue.json", NULL);
  g_autofree char *calendar_dir = g_build_filename (data_dir, "calendar", NULL);
  g_autoptr (GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr (GPtrArray) hall_windows = NULL;
  g_autoptr (GPtrArray) townships = NULL;
  g_autoptr (GPtrArray) township_windows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) days = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20260101);
  YcPasswordCost cheap = { 1, 64, 1 };
  gint64 have = bench_count_prefilled (db_path);
  BenchInserter inserter;
  guint total_weight = 0;

  if (store == NULL)
    g_error ("%s", error->message);
  if (have == 0 && !yc_import_demo (store, data_dir, &cheap, &error))
    g_error ("demo data: %s", error->message);
  if (have >= opt_cases)
    {
      g_print ("prefill: %" G_GINT64_FORMAT " cases already in %s\n", have, db_path);
      return;
    }
  if (have > 0)
    g_error ("%s holds %" G_GINT64_FORMAT " of %d cases: remove it and run again", db_path, have,
             opt_cases);
  g_assert_true (yc_catalogue_load_file (catalogue, catalogue_path, NULL));
  g_assert_true (yc_calendar_load_dir (calendar, calendar_dir, NULL));
  hall_windows = yc_catalogue_list_township_windows (catalogue, NULL);
  townships = yc_catalogue_list_townships (catalogue);
  days = prefill_days (calendar);
  for (guint t = 0; t < townships->len; t++)
    {
      YcTownship *township = g_ptr_array_index (townships, t);
      g_autoptr (GPtrArray) tw = yc_catalogue_list_township_windows (catalogue, township->code);

      g_ptr_array_add (township_windows, g_strdup (((YcWindow *) g_ptr_array_index (tw,
                                                                                  0))->code));
    }
  for (guint i = 0; i < G_N_ELEMENTS (mix); i++)
    {
      g_ptr_array_add (kinds, make_kind (&mix[i], catalogue, calendar));
      total_weight += mix[i].weight;
    }

  g_print ("prefill: %d cases over %u working days up to yesterday into %s\n", opt_cases, DAYS,
           db_path);
  bench_inserter_begin (&inserter, store, 50000);
  for (gint64 i = 0; i < opt_cases; i++)
    {
      /* Newest day first, so that a smaller run (--cases) still has a busy fortnight. */
      guint day_index = DAYS - 1 - (guint) (i / CASES_PER_DAY) % DAYS;
      guint in_day = (guint) (i % CASES_PER_DAY);
      guint age = DAYS - 1 - day_index;              /* working days before yesterday */
      const GDate *day = &g_array_index (days, GDate, day_index);
      guint pick = g_rand_int_range (rand, 0, total_weight);
      Kind *kind = NULL;
      Step *step;
      YcCaseRecord r;
      g_autofree char *number = NULL, *received_on = NULL, *accepted_on = NULL;
      g_autofree char *committed_due = NULL, *legal_due = NULL;
      g_autofree char *name = NULL, *window = NULL;
      g_autoptr (GString) body = NULL;
      const char *township = NULL;
      char id[19];
      GDate due, legal;
      int days_used;

      for (guint k = 0; k < kinds->len; k++)
        {
          kind = g_ptr_array_index (kinds, k);
          if (pick < kind->mix->weight)
            break;
          pick -= kind->mix->weight;
        }

      /* Old cases are finished; the last fortnight's are anywhere on their way. */
      if (age >= RECENT_DAYS)
        {
          guint roll = g_rand_int_range (rand, 0, 100);

          step = roll < 3 ? kind->refused : roll < 4 ? kind->denied
                                                    : g_ptr_array_index (kind->steps,
                                                                         kind->steps->len - 1);
        }
      else
        step = g_ptr_array_index (kind->steps, g_rand_int_range (rand, 0, kind->steps->len));

      if (kind->mix->path == PATH_HALL)
        {
          YcWindow *w = g_ptr_array_index (hall_windows, in_day % hall_windows->len);

          window = g_strdup (w->code);
        }
      else
        {
          YcTownship *t = g_ptr_array_index (townships, in_day % townships->len);

          township = t->code;
          window = g_strdup (g_ptr_array_index (township_windows, in_day % townships->len));
          /* Only items delegated to this township take the delegated path. */
          if (kind->mix->path == PATH_DELEGATED && !yc_item_is_delegated_to (kind->item,
                                                                              township))
            g_error ("%s is not delegated to %s", kind->item->code, township);
        }

      number = g_strdup_printf ("320826-%s-%04u%02u%02u-%04u", window, g_date_get_year (day),
                                g_date_get_month (day), g_date_get_day (day),
                                (guint) (i % 9000) + 1);
      name = bench_person_name ((guint) i);
      bench_citizen_id ((guint) i, id);
      received_on = format_date (day);

      body = g_string_new (step->body);
      if (kind->mix->path == PATH_HALL)
        bench_personalise (body, TEMPLATE_NUMBER, number, TEMPLATE_NAME, name, TEMPLATE_ID, id,
                           "C01", window);
      else
        {
          g_autofree char *t = g_strdup_printf ("\"township_code\":\"%s\"", township);

          bench_personalise (body, TEMPLATE_TOWN_NUMBER, number, TEMPLATE_NAME, name,
                             TEMPLATE_ID, id, "T01W1", window);
          g_string_replace (body, "\"township_code\":\"" TEMPLATE_TOWNSHIP "\"", t, 0);
        }

      /* The clock of this case: accepted the day it came in; 95 % decided within the
       * committed limit. */
      r = *step->record;
      yc_calendar_add_working_days (calendar, day, r.committed_limit, &due, NULL);
      yc_calendar_add_working_days (calendar, day, r.legal_limit, &legal, NULL);
      days_used = step->decided ? (int) MIN (age, (g_rand_int_range (rand, 0, 100) < 95
                                                     ? g_rand_int_range (rand, 0,
                                                                         r.committed_limit + 1)
                                                     : r.committed_limit + 1
                                                       + g_rand_int_range (rand, 0, 5)))
                                : (int) age + 1;
      if (step->accepted)
        {
          accepted_on = g_strdup (received_on);
          committed_due = format_date (&due);
          legal_due = format_date (&legal);
        }
      r.number = number;
      r.window_code = window;
      r.township_code = (char *) township;
      r.applicant_name = name;
      r.applicant_id_number = id;
      r.received_on = received_on;
      r.received_at = 1735781400 + (gint64) day_index * 86400 + in_day * 3;
      r.accepted_on = accepted_on;
      r.committed_due = committed_due;
      r.legal_due = legal_due;
      r.days_used = days_used;
      r.on_time = step->decided && step->accepted && days_used <= (int) r.committed_limit;
      r.deadline_status = (char *) (step->decided ? "done"
                                    : !step->accepted ? "not_started"
                                    : days_used > (int) r.committed_limit ? "overdue"
                                    : "on_time");
      r.body = body->str;
      bench_inserter_add (&inserter, &r);
    }
  g_print ("prefill: %d cases in %.0f s (triggers keeping the statistics included)\n",
           opt_cases, bench_inserter_finish (&inserter));
}

/* The server and the requests --------------------------------------------------------------- */

static GSubprocess *
start_server (const char *config_path,
              char      **base)
{
  g_autofree char *binary = g_build_filename (g_getenv ("YC_BUILDDIR"), "src", "server",
                                              "yichuangd", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--config",
                              config_path, "--listen", "127.0.0.1:0", NULL);
  if (process == NULL)
    g_error ("%s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    g_error ("yichuangd did not start");
  while (g_str_has_suffix (line, "/"))
    line[strlen (line) - 1] = '\0';
  *base = g_strconcat (line + strlen ("listening on "), "/api/v1", NULL);
  return process;
}

static char *
login (SoupSession *session,
       const char  *base,
       const char  *user)
{
  g_autofree char *url = g_strconcat (base, "/sessions", NULL);
  g_autofree char *body = g_strdup_printf ("{\"user\": \"%s\", \"password\": \"" PASSWORD "\"}",
                                           user);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL || soup_message_get_status (msg) != 201 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                   g_bytes_get_size (answer), NULL))
    g_error ("sign-in of %s failed", user);
  return g_strdup (json_object_get_string_member (json_node_get_object (
                                                    json_parser_get_root (parser)), "token"));
}

/* One GET; returns its wall time in µs and (nullable) the JSON it answered. */
static gint64
timed_get (SoupSession *session,
           const char  *url,
           const char  *token,
           JsonNode   **json)
{
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start, elapsed;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  start = g_get_monotonic_time ();
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  if (answer == NULL || soup_message_get_status (msg) != 200)
    g_error ("GET %s: %u %s", url, soup_message_get_status (msg),
             error != NULL ? error->message : "");
  if (json != NULL)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      *json = json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                          g_bytes_get_size (answer), NULL)
                ? json_node_ref (json_parser_get_root (parser)) : NULL;
    }
  return elapsed;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *sorted,
               double  p)
{
  guint index = (guint) (p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, gint64, MIN (index, sorted->len - 1)) / 1000.0;
}

typedef struct
{
  const char *name;
  const char *user;
  const char *path;              /* below /api/v1 */
  const char *what;              /* what the answer held, for the report */
} Probe;

int
main (int    argc,
      char **argv)
{
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Where the database is kept", "DIR" },
    { "cases", 0, 0, G_OPTION_ARG_INT, &opt_cases, "Cases to prefill (2000000)", "N" },
    { "requests", 0, 0, G_OPTION_ARG_INT, &opt_requests, "Requests per probe (300)", "N" },
    { "prefill-only", 0, 0, G_OPTION_ARG_NONE, &opt_prefill_only, "Only fill the database",
      NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— sign-off, township and "
                                                             "statistics reads");
  g_autoptr (GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *base = NULL;
  g_autofree char *since = NULL;
  g_autofree char *since_path = NULL;
  g_autoptr (GString) report = g_string_new (NULL);
  g_autoptr (GSubprocess) server = NULL;
  g_autoptr (SoupSession) session = NULL;
  g_autoptr (GHashTable) tokens = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const char *data_dir = g_getenv ("YC_DATADIR");
  gboolean all_met = TRUE;
  g_autofree char *year_from = NULL;
  Probe probes[] = {
    { "sign-off queue, county chief (SCJG)", "chief-scjg", "/signoff-queue?page_size=50", NULL },
    { "sign-off queue, county chief (FGW, parallel branches)", "chief-fgw",
      "/signoff-queue?page_size=50", NULL },
    { "sign-off queue, township chief", "chief-town01", "/signoff-queue?page_size=50", NULL },
    { "township forwarded list (open)", "town01-1", "/township/forwarded?page_size=50", NULL },
    { "township forwarded poll (since=)", "town01-1", NULL, NULL },
    { "statistics by department, a year", "admin", "/statistics?group=department", NULL },
    { "statistics by item, a year", "admin", "/statistics?group=item", NULL },
    { "statistics by window, cut months", "admin", NULL, NULL },
    { "statistics by day, a year", "admin", "/statistics?group=day", NULL },
    { "statistics by item, chief's scope", "chief-scjg", "/statistics?group=item", NULL },
    { "overdue list, first page", "admin", "/statistics/overdue?page_size=50", NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (data_dir == NULL || g_getenv ("YC_BUILDDIR") == NULL)
    g_error ("run through meson (YC_DATADIR and YC_BUILDDIR)");
  if (opt_dir == NULL)
    opt_dir = g_build_filename (g_getenv ("YC_BUILDDIR"), "bench-roles", NULL);
  g_mkdir_with_parents (opt_dir, 0700);
  db_path = g_build_filename (opt_dir, "roles.db", NULL);

  prefill (db_path, data_dir);
  if (opt_prefill_only)
    return 0;

  config_path = g_build_filename (opt_dir, "yichuangd.conf", NULL);
  config = g_strdup_printf ("[server]\ndata-directory=%s\nlog-requests=false\n"
                            "[store]\ndatabase=%s\n"
                            "[auth]\nargon2-iterations=1\nargon2-memory-kib=64\n",
                            data_dir, db_path);
  g_assert_true (g_file_set_contents (config_path, config, -1, NULL));
  server = start_server (config_path, &base);
  session = soup_session_new_with_options ("timeout", 60, NULL);

  /* A year back from today, from the middle of a month: months whole and cut. */
  {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autoptr (GDateTime) back = g_date_time_add_days (now, -365);
    g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");

    year_from = g_date_time_format (back, "%Y-%m-%d");
    probes[7].path = g_strdup_printf ("/statistics?group=window&from=%s&to=%s", year_from, to);
  }

  for (guint p = 0; p < G_N_ELEMENTS (probes); p++)
    if (!g_hash_table_contains (tokens, probes[p].user))
      g_hash_table_insert (tokens, (gpointer) probes[p].user,
                           login (session, base, probes[p].user));

  /* The since= poll asks from a token a little behind the newest change. */
  {
    g_autofree char *url = g_strconcat (base, "/township/forwarded?page_size=1", NULL);
    g_autoptr (JsonNode) json = NULL;
    gint64 token_value;

    timed_get (session, url, g_hash_table_lookup (tokens, "town01-1"), &json);
    token_value = g_ascii_strtoll (json_object_get_string_member (json_node_get_object (json),
                                                                  "sync_token"), NULL, 10);
    since = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (token_value - 20000, 0));
    since_path = g_strdup_printf ("/township/forwarded?since=%s&page_size=50", since);
    probes[4].path = since_path;
  }

  g_string_append_printf (report, "yichuangd reads for chiefs, townships and statistics: %d "
                                  "prefilled cases, %d requests each, one client\n\n",
                          opt_cases, opt_requests);
  g_string_append (report, "| read | p50 ms | p99 ms | max ms | answer |\n"
                           "|---|---:|---:|---:|---|\n");
  for (guint p = 0; p < G_N_ELEMENTS (probes); p++)
    {
      g_autofree char *url = g_strconcat (base, probes[p].path, NULL);
      g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr (JsonNode) json = NULL;
      g_autofree char *what = NULL;
      JsonObject *root;
      double p50, p99, max;

      /* One to warm the page cache, as a server that has been running has. */
      timed_get (session, url, g_hash_table_lookup (tokens, probes[p].user), &json);
      root = json != NULL && JSON_NODE_HOLDS_OBJECT (json) ? json_node_get_object (json) : NULL;
      if (root != NULL && json_object_has_member (root, "total") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (root, "total")))
        what = g_strdup_printf ("%" G_GINT64_FORMAT " cases%s",
                                json_object_get_int_member (root, "total"),
                                json_object_get_boolean_member_with_default (root,
                                                                             "total_capped",
                                                                             FALSE)
                                  ? " (counted to the cap)" : "");
      else if (root != NULL && json_object_has_member (root, "rows"))
        what = g_strdup_printf ("%u rows, %" G_GINT64_FORMAT " cases received",
                                json_array_get_length (json_object_get_array_member (root,
                                                                                     "rows")),
                                json_object_get_int_member (json_object_get_object_member (
                                                              root, "total"), "received"));
      else if (root != NULL && json_object_has_member (root, "items"))
        what = g_strdup_printf ("%u cases",
                                json_array_get_length (json_object_get_array_member (root,
                                                                                     "items")));
      for (int i = 0; i < opt_requests; i++)
        {
          gint64 t = timed_get (session, url, g_hash_table_lookup (tokens, probes[p].user),
                                NULL);

          g_array_append_val (times, t);
        }
      g_array_sort (times, compare_gint64);
      p50 = percentile_ms (times, 0.50);
      p99 = percentile_ms (times, 0.99);
      max = g_array_index (times, gint64, times->len - 1) / 1000.0;
      if (p99 > 100.0)
        all_met = FALSE;
      g_string_append_printf (report, "| %s | %.2f | %.2f | %.2f | %s |\n", probes[p].name, p50,
                              p99, max, what != NULL ? what : "");
      g_print ("%-55s p50 %7.2f ms  p99 %7.2f ms  (%s)\n", probes[p].name, p50, p99,
               what != NULL ? what : "");
    }
  g_string_append_printf (report, "\nTarget ≤ 100 ms p99 each: %s\n", all_met ? "met" : "NOT met");
  g_print ("target ≤ 100 ms p99 each: %s\n", all_met ? "met" : "NOT met");
  {
    g_autofree char *report_path = g_build_filename (opt_dir, "report.md", NULL);

    g_file_set_contents (report_path, report->str, report->len, NULL);
    g_print ("report: %s\n", report_path);
  }

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_free ((char *) probes[7].path);
  return all_met ? 0 : 1;
}
