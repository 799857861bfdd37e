/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of yichuangd (not a test: run it by hand, see tests/bench/README.md).
 *
 * 1. A database with a year of Lianshui volume (8,000 cases a day × 250 days ≈ 2 M cases) is
 *    filled once through the store's bulk path and kept between runs.
 * 2. The real yichuangd serves it on loopback; a C load generator (raw sockets, HTTP/1.1
 *    keep-alive, one thread and connection per client) takes cases in and accepts them —
 *    POST /cases then POST …/actions/accept, each a durable write — at 1, 8 and 64 concurrent
 *    clients: throughput and p50/p99 of the pair's latency (--create-only: intakes alone).
 * 3. Search by ID number and by case number on that database: p50/p99.
 * 4. The baseline: the same rows (case, audit entry, audit head, stored answer; then the
 *    update and its audit and answer), one transaction per request, through the sqlite3 CLI
 *    with the same durability settings (WAL, synchronous=FULL). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "yc-case-view.h"
#include "yc-import.h"
#include "yc-store-sqlite.h"
#include "bench-prefill.h"

#define CASES_PER_DAY 8000
#define WINDOWS 16
#define BENCH_PASSWORD "bench-password"

static GPid server_pid;
static char *opt_dir;
static int opt_cases = 2000000;
static int opt_duration = 10;
static int opt_warmup = 10;
static gboolean opt_create_only;
static char *opt_clients = NULL;
static int opt_raw = 3000;
static int opt_searches = 2000;
static gboolean opt_prefill_only;
static int opt_workers = 16;
static int opt_cache_mib = 2048;
static int opt_worker_nice = -1;

/* Synthetic people and numbers, a pure function of the case's index ------------------------- */

/* Working day @day (0-based) of 2025, weekends skipped. */
static void
prefill_date (guint  day,
              GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, 2, 1, 2025);
  while (day > 0 || g_date_get_weekday (date) >= G_DATE_SATURDAY)
    {
      if (g_date_get_weekday (date) < G_DATE_SATURDAY)
        day--;
      g_date_add_days (date, 1);
    }
}

static char *
prefill_number (guint index)
{
  guint in_day = index % CASES_PER_DAY;
  GDate date;

  prefill_date (index / CASES_PER_DAY, &date);
  return g_strdup_printf ("320826-C%02u-%04u%02u%02u-%04u", in_day % WINDOWS + 1,
                          g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date), in_day / WINDOWS + 1);
}

/* Prefill ----------------------------------------------------------------------------------- */

#define TEMPLATE_NUMBER "320826-C01-20250102-0001"
#define TEMPLATE_NAME "模板人"
#define TEMPLATE_ID "11010519491231002X"

typedef struct
{
  YcCaseRecord *record;
  char         *body;
} Template;

static YcActor clerk = { (char *) "bench", (char *) "Bench", YC_ROLE_CLERK, NULL, NULL,
                         (char *) "C01" };
static YcActor chief = { (char *) "bench_chief", (char *) "Bench chief", YC_ROLE_CHIEF,
                         (char *) "320826-SCJG", NULL, NULL };

static Template *
make_template (YcCatalogue *catalogue,
               YcCalendar  *calendar,
               const char  *item_code,
               guint        progress)
{
  YcItem *item = yc_catalogue_get_item (catalogue, item_code);
  g_autoptr (YcCase) c = yc_case_new (TEMPLATE_NUMBER, item, "C01", NULL);
  g_autoptr (GDateTime) at = g_date_time_new_local (2025, 1, 2, 9, 30, 0);
  g_autoptr (GError) error = NULL;
  YcActionArgs none = { 0 };
  YcActionArgs reason = { .reason = "同意" };
  YcActionArgs courier = { .delivery_method = "courier", .delivery_detail = "SF1234567890" };
  struct
  {
    const YcActor *actor;
    YcCaseAction   action;
    YcActionArgs  *args;
  } path[] = {
    { &clerk, YC_ACTION_RECEIVE, &none },
    { &clerk, YC_ACTION_ACCEPT, &none },
    { &clerk, YC_ACTION_START_REVIEW, &none },
    { &clerk, YC_ACTION_SUBMIT_SIGNOFF, &none },
    { &chief, YC_ACTION_APPROVE, &reason },
    { &clerk, YC_ACTION_CERTIFY, &none },
    { &clerk, YC_ACTION_DELIVER, &courier },
    { &clerk, YC_ACTION_CLOSE, &none },
  };
  Template *t = g_new0 (Template, 1);
  GDate today;

  c->applicant.kind = YC_APPLICANT_PERSON;
  c->applicant.name = g_strdup (TEMPLATE_NAME);
  c->applicant.id_number = g_strdup (TEMPLATE_ID);
  c->applicant.phone = g_strdup ("13800000000");
  c->applicant.address = g_strdup ("江苏省淮安市涟水县涟城镇安东路1号");
  for (guint i = 0; i < c->materials->len; i++)
    ((YcCaseMaterial *) g_ptr_array_index (c->materials, i))->status =
      YC_MATERIAL_STATUS_ORIGINAL_SEEN;
  for (guint i = 0; i <= progress && i < G_N_ELEMENTS (path); i++)
    {
      chief.department_code = item->department_code;
      if (!yc_case_apply (c, item, path[i].actor, path[i].action, path[i].args, at, &error))
        g_error ("template %s step %u: %s", item_code, i, error->message);
    }
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, 12, 2025);
  t->record = yc_case_view_record (c, item, calendar, &today, BENCH_PREFILL_HASH);
  t->body = g_strdup (t->record->body);
  return t;
}

static void
load_reference (YcStore    *store,
                const char *data_dir)
{
  g_autofree char *catalogue = g_build_filename (data_dir, "demo", "catalogue.json", NULL);
  g_autofree char *calendar_dir = g_build_filename (data_dir, "calendar", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  YcPasswordCost cheap = { 1, 64, 1 };
  const char *users[][3] = {
    { "bench", "clerk", NULL }, { "bench_chief", "chief", "320826-SCJG" },
  };
  g_autoptr (GDir) dir = NULL;
  const char *name;
  gsize len;

  g_assert_true (g_file_get_contents (catalogue, &contents, &len, &error));
  if (!yc_import_catalogue (store, contents, len, NULL, &error))
    g_error ("catalogue: %s", error->message);
  dir = g_dir_open (calendar_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (calendar_dir, name, NULL);
      g_autofree char *year = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_assert_true (g_file_get_contents (path, &year, &len, NULL));
      if (!yc_import_calendar (store, year, len, NULL, &error))
        g_error ("%s: %s", name, error->message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr (YcUserRecord) existing = yc_store_user_lookup (store, users[i][0], NULL);
      YcUserRecord user = { (char *) users[i][0], (char *) users[i][0], (char *) users[i][1],
                            (char *) users[i][2], NULL, NULL, NULL, FALSE, 0 };

      if (existing != NULL)
        continue;
      g_assert_true (yc_store_begin_write (store, NULL));
      if (!yc_import_add_user (store, &user, BENCH_PASSWORD, &cheap, &error))
        g_error ("user: %s", error->message);
      g_assert_true (yc_store_commit (store, NULL));
    }
}

static void
prefill (const char *db_path,
         const char *data_dir)
{
  static const char *const items[] = {
    "320826-SCJG-XK-001", "320826-SCJG-XK-006", "320826-MZ-QR-001", "320826-GA-QR-001",
    "320826-RS-GG-002", "320826-BDC-QR-001", "320826-JT-XK-002", "320826-WJ-XK-002",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStore) store = yc_store_sqlite_open (db_path, YC_STORE_SQLITE_BULK, &error);
  g_autoptr (YcCatalogue) catalogue = yc_catalogue_new ();
  g_autoptr (YcCalendar) calendar = yc_calendar_new ();
  g_autofree char *catalogue_path = g_build_filename (data_dir, "demo", "catalogue.json", NULL);
  g_autofree char *calendar_dir = g_build_filename (data_dir, "calendar", NULL);
  g_autoptr (GPtrArray) templates = g_ptr_array_new ();
  gint64 have = bench_count_prefilled (db_path);
  BenchInserter inserter;

  if (store == NULL)
    g_error ("%s", error->message);
  load_reference (store, data_dir);
  if (have >= opt_cases)
    {
      g_print ("prefill: %" G_GINT64_FORMAT " cases already in %s\n", have, db_path);
      return;
    }
  g_assert_true (yc_catalogue_load_file (catalogue, catalogue_path, NULL));
  g_assert_true (yc_calendar_load_dir (calendar, calendar_dir, NULL));

  /* A realistic mix: most cases of a past year are finished, some still open. */
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      const char *code = yc_catalogue_get_item (catalogue, items[i]) != NULL
                           ? items[i] : "320826-SCJG-XK-006";

      g_ptr_array_add (templates, make_template (catalogue, calendar, code, 7));
      g_ptr_array_add (templates, make_template (catalogue, calendar, code, i % 4 + 1));
    }

  g_print ("prefill: adding %" G_GINT64_FORMAT " cases to %s\n", opt_cases - have, db_path);
  bench_inserter_begin (&inserter, store, 20000);
  for (gint64 i = have; i < opt_cases; i++)
    {
      Template *t = g_ptr_array_index (templates, (i * 7 + i / 13) % (templates->len));
      YcCaseRecord r = *t->record;
      g_autofree char *number = prefill_number (i);
      g_autofree char *name = bench_person_name (i);
      g_autofree char *window = g_strdup_printf ("C%02u", (guint) (i % CASES_PER_DAY) % WINDOWS
                                                          + 1);
      g_autoptr (GString) body = g_string_new (t->body);
      GDate date;
      char id[19];
      g_autofree char *received_on = NULL;

      bench_citizen_id (i, id);
      prefill_date (i / CASES_PER_DAY, &date);
      received_on = yc_format_iso_date (&date);
      bench_personalise (body, TEMPLATE_NUMBER, number, TEMPLATE_NAME, name, TEMPLATE_ID, id,
                         "C01", window);
      r.number = number;
      r.applicant_name = name;
      r.applicant_id_number = id;
      r.window_code = window;
      r.received_on = received_on;
      r.received_at = 1735781400 + (i / CASES_PER_DAY) * 86400 + (i % CASES_PER_DAY) * 3;
      r.body = body->str;
      bench_inserter_add (&inserter, &r);
    }
  g_print ("prefill: %d cases in %.0f s\n", opt_cases, bench_inserter_finish (&inserter));
  for (guint i = 0; i < templates->len; i++)
    {
      Template *t = g_ptr_array_index (templates, i);

      yc_case_record_free (t->record);
      g_free (t->body);
      g_free (t);
    }
}

/* The server -------------------------------------------------------------------------------- */

static GSubprocess *
start_server (const char *config_path,
              guint      *port)
{
  g_autofree char *binary = g_build_filename (g_getenv ("YC_BUILDDIR"), "src", "server",
                                              "yichuangd", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;
  const char *colon;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--config",
                              config_path, "--listen", "127.0.0.1:0", NULL);
  if (process == NULL)
    g_error ("%s", error->message);
  server_pid = atoi (g_subprocess_get_identifier (process));
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "listening on ") ||
      (colon = strrchr (line, ':')) == NULL)
    g_error ("yichuangd did not start");
  *port = atoi (colon + 1);
  return process;
}

/* A minimal HTTP/1.1 client over one keep-alive connection ---------------------------------- */

typedef struct
{
  int     fd;
  GString *in;
} Conn;

static void
conn_open (Conn *c,
           guint port)
{
  struct sockaddr_in addr = { 0 };
  int one = 1;

  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  c->fd = socket (AF_INET, SOCK_STREAM, 0);
  setsockopt (c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect (c->fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    g_error ("connect: %s", g_strerror (errno));
  c->in = g_string_sized_new (16384);
}

static void
conn_close (Conn *c)
{
  close (c->fd);
  g_string_free (c->in, TRUE);
}

/* Sends one request and reads the answer; returns the status, the body in *body. */
static guint
conn_request (Conn       *c,
              const char *method,
              const char *path,
              const char *token,
              const char *key,
              const char *body,
              GString    *answer)
{
  g_autoptr (GString) req = g_string_sized_new (2048);
  gsize sent = 0, content_length = 0;
  char *end, *cl;
  guint status;

  g_string_append_printf (req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, path);
  if (token != NULL)
    g_string_append_printf (req, "Authorization: Bearer %s\r\n", token);
  if (key != NULL)
    g_string_append_printf (req, "Idempotency-Key: %s\r\n", key);
  if (body != NULL)
    g_string_append_printf (req, "Content-Type: application/json\r\nContent-Length: %zu\r\n",
                            strlen (body));
  g_string_append (req, "\r\n");
  if (body != NULL)
    g_string_append (req, body);
  while (sent < req->len)
    {
      ssize_t n = write (c->fd, req->str + sent, req->len - sent);

      if (n <= 0)
        g_error ("write: %s", g_strerror (errno));
      sent += n;
    }

  g_string_truncate (c->in, 0);
  while ((end = strstr (c->in->str, "\r\n\r\n")) == NULL)
    {
      char buf[16384];
      ssize_t n = read (c->fd, buf, sizeof buf);

      if (n <= 0)
        g_error ("read: %s", n < 0 ? g_strerror (errno) : "closed");
      g_string_append_len (c->in, buf, n);
    }
  status = atoi (c->in->str + 9);
  cl = g_strstr_len (c->in->str, end - c->in->str, "Content-Length: ");
  if (cl != NULL)
    content_length = strtoul (cl + 16, NULL, 10);
  while (c->in->len < (gsize) (end - c->in->str) + 4 + content_length)
    {
      char buf[16384];
      gsize header_len = end - c->in->str;
      ssize_t n = read (c->fd, buf, sizeof buf);

      if (n <= 0)
        g_error ("read body: %s", n < 0 ? g_strerror (errno) : "closed");
      g_string_append_len (c->in, buf, n);
      end = c->in->str + header_len;
    }
  if (answer != NULL)
    {
      g_string_truncate (answer, 0);
      g_string_append_len (answer, end + 4, content_length);
    }
  return status;
}

static char *
login (guint       port,
       const char *user)
{
  Conn c;
  g_autoptr (GString) answer = g_string_new (NULL);
  g_autofree char *body = g_strdup_printf ("{\"user\": \"%s\", \"password\": \"%s\"}", user,
                                           BENCH_PASSWORD);
  const char *t;
  guint status;

  conn_open (&c, port);
  status = conn_request (&c, "POST", "/api/v1/sessions", NULL, NULL, body, answer);
  conn_close (&c);
  if (status != 201 || (t = strstr (answer->str, "\"token\":\"")) == NULL)
    g_error ("login %s: %u %s", user, status, answer->str);
  return g_strndup (t + 9, 43);
}

/* Load -------------------------------------------------------------------------------------- */

typedef struct
{
  guint    port;
  char    *token;
  guint    client;
  char    *date;                 /* YYYYMMDD of this run's numbers */
  gint64   deadline;
  GArray  *latencies;            /* gint64 µs per create+accept */
  guint    errors;
} Worker;

static gint window_sequence[WINDOWS];

static gpointer
work (gpointer data)
{
  Worker *w = data;
  g_autoptr (GString) answer = g_string_new (NULL);
  guint window = w->client % WINDOWS;
  Conn c;

  conn_open (&c, w->port);
  while (g_get_monotonic_time () < w->deadline)
    {
      guint seq = g_atomic_int_add (&window_sequence[window], 1) + 1;
      g_autofree char *number = g_strdup_printf ("320826-C%02u-%s-%04u", window + 1, w->date,
                                                 seq);
      g_autofree char *name = bench_person_name (seq * 31 + window);
      g_autofree char *create = NULL;
      g_autofree char *accept = NULL;
      g_autofree char *key1 = g_uuid_string_random ();
      g_autofree char *key2 = g_uuid_string_random ();
      char id[19];
      gint64 t0;

      if (seq > 9999)
        break;
      bench_citizen_id (seq * WINDOWS + window + 7, id);
      create = g_strdup_printf ("{\"number\": \"%s\", \"item_code\": \"320826-SCJG-XK-006\", "
                                "\"window_code\": \"C%02u\", \"applicant\": {\"kind\": "
                                "\"person\", \"name\": \"%s\", \"id_number\": \"%s\", "
                                "\"phone\": \"13800000000\"}, \"materials\": ["
                                "{\"code\": \"M01\", \"status\": \"original_seen\"},"
                                "{\"code\": \"M02\", \"status\": \"original_seen\"},"
                                "{\"code\": \"M03\", \"status\": \"copy_received\"},"
                                "{\"code\": \"M04\", \"status\": \"original_seen\"}]}",
                                number, window + 1, name, id);
      accept = g_strdup_printf ("/api/v1/cases/%s/actions/accept", number);
      t0 = g_get_monotonic_time ();
      if (conn_request (&c, "POST", "/api/v1/cases", w->token, key1, create, answer) != 201 ||
          (!opt_create_only &&
           conn_request (&c, "POST", accept, w->token, key2, "{\"version\": 1}", answer) != 200))
        {
          if (w->errors++ < 3)
            g_printerr ("error: %s\n", answer->str);
          continue;
        }
      g_array_append_val (w->latencies, (gint64) { g_get_monotonic_time () - t0 });
    }
  conn_close (&c);
  return NULL;
}

static gint
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
  if (sorted->len == 0)
    return 0;
  return g_array_index (sorted, gint64, MIN (sorted->len - 1,
                                             (guint) (p * sorted->len))) / 1000.0;
}

typedef struct
{
  guint  clients;
  double per_second;
  double p50;
  double p99;
  guint  errors;
  double server_cpu_us;          /* server CPU time per create+accept pair */
  double client_cpu_us;          /* this load generator's, on the same cores */
} LoadResult;

/* User + system CPU time of this process so far, in µs. */
static gint64
own_cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* User + system CPU time of the server so far, in µs. */
static gint64
server_cpu_us (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", server_pid);
  g_autofree char *stat = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after = strrchr (stat, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", -1);
  /* Fields 14 and 15 of stat(5), counted from the state field (3). */
  return (g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10)) *
         (G_USEC_PER_SEC / sysconf (_SC_CLK_TCK));
}

static LoadResult
run_load (guint       port,
          char      **tokens,
          guint       clients,
          const char *date,
          int         duration)
{
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  Worker *workers = g_new0 (Worker, clients);
  GThread **threads = g_new0 (GThread *, clients);
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64) duration * G_USEC_PER_SEC;
  gint64 cpu_before = server_cpu_us ();
  gint64 own_before = own_cpu_us ();
  LoadResult result = { clients, 0, 0, 0, 0, 0, 0 };
  double elapsed;

  for (guint i = 0; i < clients; i++)
    {
      workers[i] = (Worker) { port, tokens[i], i, (char *) date, deadline,
                              g_array_new (FALSE, FALSE, sizeof (gint64)), 0 };
      threads[i] = g_thread_new ("client", work, &workers[i]);
    }
  for (guint i = 0; i < clients; i++)
    {
      g_thread_join (threads[i]);
      g_array_append_vals (all, workers[i].latencies->data, workers[i].latencies->len);
      result.errors += workers[i].errors;
      g_array_unref (workers[i].latencies);
    }
  elapsed = (g_get_monotonic_time () - start) / 1e6;
  g_array_sort (all, compare_gint64);
  result.per_second = all->len / elapsed;
  result.p50 = percentile_ms (all, 0.50);
  result.p99 = percentile_ms (all, 0.99);
  if (all->len > 0)
    {
      result.server_cpu_us = (server_cpu_us () - cpu_before) / (double) all->len;
      result.client_cpu_us = (own_cpu_us () - own_before) / (double) all->len;
    }
  g_free (workers);
  g_free (threads);
  return result;
}

typedef struct
{
  double p50;
  double p99;
  guint  found;
} SearchResult;

typedef enum
{
  SEARCH_BY_ID,
  SEARCH_BY_NUMBER,
  SEARCH_MISS,                   /* an ID nobody has: the search alone, nothing to audit */
} SearchKind;

static SearchResult
run_search (guint       port,
            const char *token,
            SearchKind  kind)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GString) answer = g_string_new (NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (kind + 1);
  SearchResult result = { 0 };
  Conn c;

  conn_open (&c, port);
  for (int i = 0; i < opt_searches; i++)
    {
      guint index = g_rand_int_range (rand, 0, opt_cases);
      g_autofree char *path = NULL;
      gint64 t0;
      char id[19];

      if (kind == SEARCH_BY_ID || kind == SEARCH_MISS)
        {
          /* The prefill's sequence digits stay below 100 (2 M / 20,000 birth dates): an ID
           * with a sequence of 500 or more belongs to nobody. */
          bench_citizen_id (kind == SEARCH_MISS ? index % 20000 + 20000 * (500 + index % 400)
                                                : index, id);
          path = g_strdup_printf ("/api/v1/cases?id_number=%s", id);
        }
      else
        {
          g_autofree char *number = prefill_number (index);

          path = g_strdup_printf ("/api/v1/cases?number=%s", number);
        }
      t0 = g_get_monotonic_time ();
      if (conn_request (&c, "GET", path, token, NULL, NULL, answer) != 200)
        g_error ("search: %s", answer->str);
      g_array_append_val (times, (gint64) { g_get_monotonic_time () - t0 });
      if (strstr (answer->str, "\"total\":0,") == NULL)
        result.found++;
    }
  conn_close (&c);
  g_array_sort (times, compare_gint64);
  result.p50 = percentile_ms (times, 0.50);
  result.p99 = percentile_ms (times, 0.99);
  return result;
}

/* The baseline through the sqlite3 CLI ------------------------------------------------------ */

static char *
sql_quote (const char *text)
{
  g_autoptr (GString) s = g_string_new ("'");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (s, '\'');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static double
run_raw (const char *db_path,
         const char *dir,
         const char *date)
{
  g_autofree char *script_path = g_build_filename (dir, "raw-baseline.sql", NULL);
  g_autoptr (GString) sql = g_string_new ("PRAGMA journal_mode = WAL;\n"
                                          "PRAGMA synchronous = FULL;\n"
                                          "PRAGMA foreign_keys = ON;\n"
                                          "PRAGMA busy_timeout = 5000;\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *body = NULL, *quoted_body = NULL, *view = NULL;
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "x", -1);
  g_autofree char *read_command = NULL;
  gint64 t0;
  double elapsed;

  /* A case body and a view of the size the server writes. */
  body = g_strnfill (1900, 'b');
  quoted_body = sql_quote (body);
  view = g_strnfill (2600, 'v');
  for (int i = 0; i < opt_raw; i++)
    {
      g_autofree char *number = g_strdup_printf ("320826-R%02d-%s-%04d", i % 16 + 1, date,
                                                 i / 16 + 1);
      char id[19];

      bench_citizen_id (i + 4000000, id);
      g_string_append_printf (
        sql,
        "BEGIN IMMEDIATE;\n"
        "INSERT INTO cases (number, item_code, item_version, department_code, window_code, "
        "township_code, state, applicant_name, applicant_id_number, received_at, received_on, "
        "accepted_on, committed_due, legal_due, deadline_status, accepted, refused, decided, "
        "on_time, days_used, committed_limit, legal_limit, version, updated_at, received_by, "
        "create_hash, body, change_seq) VALUES ('%s', '320826-SCJG-XK-006', 1, '320826-SCJG', "
        "'C01', NULL, 'received', '基准人', '%s', 1764400000, '2026-11-29', NULL, NULL, NULL, "
        "'not_started', 0, 0, 0, 0, 0, 2, 15, 1, 1764400000, 'bench', '%s', %s, "
        "(SELECT coalesce (max (change_seq), 0) + 1 FROM cases));\n"
        "INSERT INTO audit_log (id, at, actor, address, action, case_number, detail, prev_hash, "
        "hash) VALUES ((SELECT coalesce (max (id), 0) + 1 FROM audit_log), 1764400000000000, "
        "'bench', '127.0.0.1', 'case.receive', '%s', '{\"item_code\":\"320826-SCJG-XK-006\"}', "
        "'%s', '%s');\n"
        "INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, (SELECT max (id) FROM "
        "audit_log), '%s') ON CONFLICT (singleton) DO UPDATE SET last_id = excluded.last_id, "
        "last_hash = excluded.last_hash;\n"
        "INSERT INTO idempotency (user_name, key, request_hash, status, content_type, etag, "
        "location, body, created_at) VALUES ('bench', 'raw-c-%d-%s', '%s', 201, "
        "'application/json', '\"1\"', NULL, '%s', 1764400000);\n"
        "COMMIT;\n"
        "BEGIN IMMEDIATE;\n"
        "UPDATE cases SET state = 'accepted', accepted_on = '2026-11-29', committed_due = "
        "'2026-12-01', legal_due = '2026-12-18', deadline_status = 'on_time', accepted = 1, "
        "version = 2, body = %s, change_seq = (SELECT coalesce (max (change_seq), 0) + 1 FROM "
        "cases) WHERE number = '%s' AND version = 1;\n"
        "INSERT INTO audit_log (id, at, actor, address, action, case_number, detail, prev_hash, "
        "hash) VALUES ((SELECT coalesce (max (id), 0) + 1 FROM audit_log), 1764400000000000, "
        "'bench', '127.0.0.1', 'case.accept', '%s', '{\"from\":\"received\"}', '%s', '%s');\n"
        "INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, (SELECT max (id) FROM "
        "audit_log), '%s') ON CONFLICT (singleton) DO UPDATE SET last_id = excluded.last_id, "
        "last_hash = excluded.last_hash;\n"
        "INSERT INTO idempotency (user_name, key, request_hash, status, content_type, etag, "
        "location, body, created_at) VALUES ('bench', 'raw-a-%d-%s', '%s', 200, "
        "'application/json', '\"2\"', NULL, '%s', 1764400000);\n"
        "COMMIT;\n",
        number, id, hash, quoted_body, number, hash, hash, hash, i, date, hash, view,
        quoted_body, number, number, hash, hash, hash, i, date, hash, view);
    }
  if (!g_file_set_contents (script_path, sql->str, sql->len, &error))
    g_error ("%s", error->message);

  t0 = g_get_monotonic_time ();
  read_command = g_strdup_printf (".read '%s'", script_path);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "sqlite3", db_path,
                              read_command, NULL);
  if (process == NULL)
    g_error ("sqlite3: %s", error->message);
  g_subprocess_wait_check (process, NULL, &error);
  elapsed = (g_get_monotonic_time () - t0) / 1e6;
  if (error != NULL)
    g_error ("sqlite3: %s", error->message);
  g_unlink (script_path);
  return opt_raw / elapsed;
}

/* Each run's cases, answers and audit entries are deleted again after it (and before the
 * next, should a run have been cut short): every run measures the prefilled volume. */
static void
keep_to_prefill (const char *db_path,
                 const char *marks_path)
{
  gint64 removed = bench_forget_runs (db_path, marks_path);
  gint64 prefilled;
  gint64 all;

  if (removed > 0)
    g_print ("removed the %" G_GINT64_FORMAT " cases a run added\n", removed);
  if (removed >= 0)
    return;
  prefilled = bench_count_prefilled (db_path);
  all = bench_count_cases (db_path);
  if (all == prefilled)
    bench_marks_save (db_path, marks_path);
  else
    g_printerr ("warning: %s holds %" G_GINT64_FORMAT " cases besides the %" G_GINT64_FORMAT
                " prefilled ones, added by runs that did not delete theirs: the figures are for "
                "a larger database than the prefill (delete the file to start afresh)\n",
                db_path, all - prefilled, prefilled);
}

int
main (int    argc,
      char **argv)
{
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Where the database is kept", "DIR" },
    { "cases", 0, 0, G_OPTION_ARG_INT, &opt_cases, "Cases to prefill (2000000)", "N" },
    { "duration", 0, 0, G_OPTION_ARG_INT, &opt_duration, "Seconds per load level (10)", "S" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &opt_warmup,
      "Seconds of load at the highest level before measuring (10)", "S" },
    { "create-only", 0, 0, G_OPTION_ARG_NONE, &opt_create_only,
      "Intakes alone, no acceptance: creations per second", NULL },
    { "clients", 0, 0, G_OPTION_ARG_STRING, &opt_clients, "Concurrency levels (1,8,64)",
      "LIST" },
    { "raw", 0, 0, G_OPTION_ARG_INT, &opt_raw, "Pairs for the sqlite3 baseline (3000)", "N" },
    { "searches", 0, 0, G_OPTION_ARG_INT, &opt_searches, "Searches of each kind (2000)", "N" },
    { "workers", 0, 0, G_OPTION_ARG_INT, &opt_workers, "Server request threads (16)", "N" },
    { "cache-mib", 0, 0, G_OPTION_ARG_INT, &opt_cache_mib, "Writer page cache (2048)", "MIB" },
    { "worker-nice", 0, 0, G_OPTION_ARG_INT, &opt_worker_nice,
      "Request threads' nice value (the server's default)", "N" },
    { "prefill-only", 0, 0, G_OPTION_ARG_NONE, &opt_prefill_only, "Only fill the database",
      NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— yichuangd benchmark");
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) server = NULL;
  g_autofree char *db_path = NULL, *config_path = NULL, *config = NULL, *counter_path = NULL;
  g_autofree char *data_dir = NULL, *date = NULL, *counter = NULL, *marks_path = NULL;
  g_auto (GStrv) levels = NULL;
  g_autoptr (GString) report = g_string_new (NULL);
  g_autoptr (GDateTime) run_day = NULL;
  g_autoptr (GDateTime) first_day = g_date_time_new_local (2030, 1, 1, 0, 0, 0);
  char **tokens = NULL;
  guint port, n_tokens = 0, run = 0;
  gint64 n_cases;
  double raw;
  SearchResult by_id, by_number, miss;
  const char *rate, *unit;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (g_getenv ("YC_BUILDDIR") == NULL || g_getenv ("YC_DATADIR") == NULL)
    {
      g_printerr ("Run through meson (meson test -C build --benchmark bench-server) or set "
                  "YC_BUILDDIR and YC_DATADIR.\n");
      return 2;
    }
  data_dir = g_strdup (g_getenv ("YC_DATADIR"));
  if (opt_dir == NULL)
    opt_dir = g_build_filename (g_getenv ("YC_BUILDDIR"), "bench-server", NULL);
  g_mkdir_with_parents (opt_dir, 0700);
  db_path = g_build_filename (opt_dir, "bench.db", NULL);
  config_path = g_build_filename (opt_dir, "yichuangd.conf", NULL);
  levels = g_strsplit (opt_clients != NULL ? opt_clients : "1,8,64", ",", -1);

  /* Each run takes its numbers on a day of its own, so runs never clash. */
  counter_path = g_build_filename (opt_dir, "runs", NULL);
  if (g_file_get_contents (counter_path, &counter, NULL, NULL))
    run = atoi (counter) + 1;
  g_free (counter);
  counter = g_strdup_printf ("%u\n", run);
  g_file_set_contents (counter_path, counter, -1, NULL);
  run_day = g_date_time_add_days (first_day, run);
  date = g_date_time_format (run_day, "%Y%m%d");

  prefill (db_path, data_dir);
  marks_path = g_build_filename (opt_dir, "prefill-marks", NULL);
  keep_to_prefill (db_path, marks_path);
  if (opt_prefill_only)
    return 0;
  n_cases = bench_count_cases (db_path);

  raw = run_raw (db_path, opt_dir, date);
  g_print ("raw sqlite3 baseline: %.0f create+accept pairs/s (one transaction per request, "
           "WAL, synchronous=FULL)\n", raw);

  config = g_strdup_printf ("[server]\ndata-directory=%s\nworkers=%d\nmax-batch=512\n"
                            "log-requests=false\n[store]\ndatabase=%s\ncache-mib=%d\n"
                            "[auth]\nargon2-iterations=1\nargon2-memory-kib=64\n",
                            data_dir, opt_workers, db_path, opt_cache_mib);
  if (opt_worker_nice >= 0)
    {
      g_autofree char *nice = g_strdup_printf ("[server]\nworker-nice=%d\n", opt_worker_nice);
      char *both = g_strconcat (config, nice, NULL);

      g_free (config);
      config = both;
    }
  g_file_set_contents (config_path, config, -1, NULL);
  server = start_server (config_path, &port);

  for (guint l = 0; levels[l] != NULL; l++)
    n_tokens = MAX (n_tokens, (guint) atoi (levels[l]));
  tokens = g_new0 (char *, n_tokens + 1);
  for (guint i = 0; i < n_tokens; i++)
    tokens[i] = login (port, "bench");

  g_string_append_printf (report, "yichuangd benchmark: %" G_GINT64_FORMAT " cases in the "
                                  "database, %d s per level\n\n", n_cases, opt_duration);
  /* What one timed unit of work is. */
  rate = opt_create_only ? "creations" : "create+accept";
  unit = opt_create_only ? "creation" : "pair";

  /* A server that has run a while has its page cache filled; a fresh one spends the first
   * seconds faulting in memory for it. Measured, but apart. */
  if (opt_warmup > 0)
    {
      guint most = 0;
      LoadResult r;

      for (guint l = 0; levels[l] != NULL; l++)
        most = MAX (most, (guint) atoi (levels[l]));
      r = run_load (port, tokens, most, date, opt_warmup);
      g_print ("warm-up, %u clients for %d s: %.0f %s/s, server CPU %.0f us per %s (not "
               "counted below)\n", most, opt_warmup, r.per_second, rate, r.server_cpu_us, unit);
      g_string_append_printf (report, "Warm-up (not counted): %u clients for %d s, %.0f %s/s, "
                                      "server CPU %.0f us per %s.\n\n",
                              most, opt_warmup, r.per_second, rate, r.server_cpu_us, unit);
    }
  g_string_append_printf (report, "| clients | %s/s | p50 ms | p99 ms | errors | "
                                  "server CPU us/%s | load generator CPU us/%s |\n"
                                  "|---:|---:|---:|---:|---:|---:|---:|\n", rate, unit, unit);
  for (guint l = 0; levels[l] != NULL; l++)
    {
      LoadResult r = run_load (port, tokens, atoi (levels[l]), date, opt_duration);

      g_print ("%3u clients: %7.0f %s/s, p50 %.2f ms, p99 %.2f ms, %u errors, "
               "server CPU %.0f us per %s (load generator %.0f)\n", r.clients, r.per_second,
               rate, r.p50, r.p99, r.errors, r.server_cpu_us, unit, r.client_cpu_us);
      g_string_append_printf (report, "| %u | %.0f | %.2f | %.2f | %u | %.0f | %.0f |\n",
                              r.clients, r.per_second, r.p50, r.p99, r.errors, r.server_cpu_us,
                              r.client_cpu_us);
    }
  by_id = run_search (port, tokens[0], SEARCH_BY_ID);
  by_number = run_search (port, tokens[0], SEARCH_BY_NUMBER);
  miss = run_search (port, tokens[0], SEARCH_MISS);
  g_print ("search by ID number: p50 %.2f ms, p99 %.2f ms (%u/%d found)\n", by_id.p50,
           by_id.p99, by_id.found, opt_searches);
  g_print ("search by case number: p50 %.2f ms, p99 %.2f ms (%u/%d found)\n", by_number.p50,
           by_number.p99, by_number.found, opt_searches);
  g_print ("search finding nobody (no audit write): p50 %.2f ms, p99 %.2f ms (%u/%d found)\n",
           miss.p50, miss.p99, miss.found, opt_searches);
  g_string_append_printf (report, "\nraw sqlite3 CLI baseline: %.0f pairs/s\n"
                                  "search by ID number: p50 %.2f ms, p99 %.2f ms\n"
                                  "search by case number: p50 %.2f ms, p99 %.2f ms\n"
                                  "search finding nobody (no audit write): p50 %.2f ms, "
                                  "p99 %.2f ms\n",
                          raw, by_id.p50, by_id.p99, by_number.p50, by_number.p99, miss.p50,
                          miss.p99);

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  keep_to_prefill (db_path, marks_path);
  {
    g_autofree char *report_path = g_build_filename (opt_dir, "report.md", NULL);

    g_file_set_contents (report_path, report->str, -1, NULL);
    g_print ("report: %s\n", report_path);
  }
  g_strfreev (tokens);
  return 0;
}
