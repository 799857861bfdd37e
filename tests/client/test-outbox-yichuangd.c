/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The REST client and the outbox against the real yichuangd (demo county, port 0, temporary
 * database): sign in, catalogue and calendar, then intakes sent while the backend is killed
 * with SIGKILL and restarted, and while the client process itself is killed — every intake
 * arrives exactly once and is accepted. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>

#include "yc-outbox.h"

#define WAIT_SECONDS 90
#define ITEM_CODE "320826-SCJG-XK-001"

static char *tmp_dir;
static char *db_path;
static char *config_path;

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition cond,
          gpointer  data)
{
  gint64 end = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* ---- the backend ---------------------------------------------------------------------- */

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
start_server (char **url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *exe = g_build_filename (g_getenv ("YC_BUILDDIR"), "src", "server",
                                           "yichuangd", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  gboolean fresh = !g_file_test (db_path, G_FILE_TEST_EXISTS);
  GSubprocess *server;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, exe, "--config", config_path,
                                        "--listen", "127.0.0.1:0", "--db", db_path,
                                        "--data-dir", g_getenv ("YC_DATADIR"),
                                        fresh ? "--init-demo" : NULL, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  *url = g_strdup (line + strlen ("listening on "));
  while (g_str_has_suffix (*url, "/"))
    (*url)[strlen (*url) - 1] = '\0';
  return server;
}

static void
kill_process (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_false (g_subprocess_get_if_exited (process));
}

/* ---- requests ------------------------------------------------------------------------- */

static YcSession *
sign_in (YcRestClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  YcSession *session;

  yc_rest_client_sign_in_async (client, "clerk07", "yichuang-demo", NULL, store_result,
                                &result);
  g_assert_true (wait_for (has_result, &result));
  session = yc_rest_client_sign_in_finish (client, result, &error);
  g_assert_no_error (error);
  return session;
}

/* Cases of window C07 as the backend lists them: number → state. */
static GHashTable *
list_cases (YcRestClient *client,
            guint        *total)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  YcCaseQuery query = { .window = "C07", .page_size = 200 };
  GHashTable *cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *items;

  yc_rest_client_list_cases_async (client, &query, NULL, store_result, &result);
  g_assert_true (wait_for (has_result, &result));
  page = yc_rest_client_list_cases_finish (client, result, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (page), "items");
  *total = (guint) json_object_get_int_member (json_node_get_object (page), "total");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      g_hash_table_replace (cases, g_strdup (json_object_get_string_member (o, "number")),
                            g_strdup (json_object_get_string_member (o, "state")));
    }
  return cases;
}

static JsonNode *
create_body (const char   *number,
             const YcItem *item)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  YcApplicant applicant = { 0 };

  applicant.kind = YC_APPLICANT_PERSON;
  applicant.name = (char *) "李建华";
  applicant.id_number = (char *) "440524188001010014";
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "number");
  json_builder_add_string_value (b, number);
  json_builder_set_member_name (b, "item_code");
  json_builder_add_string_value (b, item->code);
  json_builder_set_member_name (b, "item_version");
  json_builder_add_int_value (b, item->version);
  json_builder_set_member_name (b, "window_code");
  json_builder_add_string_value (b, "C07");
  json_builder_set_member_name (b, "applicant");
  json_builder_add_value (b, yc_applicant_to_json (&applicant));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The checklist with every material handed in as its format asks. */
static GPtrArray *
all_present (const YcItem *item)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);

  for (guint i = 0; i < item->materials->len; i++)
    {
      const YcMaterial *m = g_ptr_array_index (item->materials, i);
      YcCaseMaterial *cm;

      if (!m->required)
        continue;
      cm = yc_case_material_new (m->code, m->format == YC_MATERIAL_FORMAT_COPY
                                            ? YC_MATERIAL_STATUS_COPY_RECEIVED
                                            : YC_MATERIAL_STATUS_ORIGINAL_SEEN, NULL);
      cm->original_checked = cm->status == YC_MATERIAL_STATUS_ORIGINAL_SEEN;
      g_ptr_array_add (list, cm);
    }
  return list;
}

/* One intake as the desk queues it: create, then accept with the version left to the outbox. */
static char *
queue_intake (YcOutbox     *outbox,
              const YcItem *item)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) materials = all_present (item);
  g_autoptr(JsonNode) create = NULL;
  g_autoptr(JsonNode) accept = NULL;
  g_autofree char *cases = yc_rest_path_cases ();
  g_autofree char *path = NULL;
  char *number;
  YcActionArgs args = { 0 };
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  number = yc_outbox_mint_case_number (outbox, "320826", "C07", &today, &error);
  g_assert_no_error (error);

  create = create_body (number, item);
  args.materials = materials;
  accept = yc_rest_action_body (&args, -1);
  path = yc_rest_path_case_action (number, "accept");
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_entry_free);
  g_ptr_array_add (entries, yc_outbox_entry_new_json ("create_case", number, cases, create,
                                                      number));
  g_ptr_array_add (entries, yc_outbox_entry_new_json ("action", number, path, accept,
                                                      number));
  g_assert_true (yc_outbox_enqueue (outbox, entries, &error));
  g_assert_no_error (error);
  return number;
}

static YcCatalogue *
fetch_catalogue (YcRestClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(YcCatalogue) unchanged = NULL;
  YcCatalogue *catalogue;

  yc_rest_client_get_catalogue_async (client, NULL, NULL, store_result, &result);
  g_assert_true (wait_for (has_result, &result));
  catalogue = yc_rest_client_get_catalogue_finish (client, result, &etag, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
  g_assert_nonnull (yc_catalogue_get_item (catalogue, ITEM_CODE));

  /* The same ETag again: nothing to download. */
  g_assert_nonnull (etag);
  yc_rest_client_get_catalogue_async (client, etag, NULL, store_result, &again);
  g_assert_true (wait_for (has_result, &again));
  unchanged = yc_rest_client_get_catalogue_finish (client, again, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (unchanged);
  return catalogue;
}

static void
test_calendar (YcRestClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  GDate day;

  yc_rest_client_get_calendar_async (client, NULL, store_result, &result);
  g_assert_true (wait_for (has_result, &result));
  calendar = yc_rest_client_get_calendar_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_true (yc_calendar_has_year (calendar, 2026));
  /* 2026-02-14 is a Saturday worked under the State Council's notice. */
  g_date_set_dmy (&day, 14, G_DATE_FEBRUARY, 2026);
  g_assert_true (yc_calendar_is_working_day (calendar, &day));
}

/* ---- the scenario --------------------------------------------------------------------- */

#define FIRST_BATCH 12
#define SECOND_BATCH 10

typedef struct
{
  YcOutbox *outbox;
  guint     sent;
} SentWanted;

static gboolean
sent_at_least (gpointer data)
{
  SentWanted *w = data;
  g_autoptr(GPtrArray) sent = yc_outbox_list (w->outbox, YC_OUTBOX_STATE_SENT, NULL);

  return sent != NULL && sent->len >= w->sent;
}

static gboolean
drained (gpointer data)
{
  return yc_outbox_get_pending_count (data) == 0 && yc_outbox_is_idle (data);
}

typedef struct
{
  YcRestClient *client;
  guint         cases;
} CasesWanted;

static gboolean
backend_has (gpointer data)
{
  CasesWanted *w = data;
  guint total = 0;
  g_autoptr(GHashTable) cases = list_cases (w->client, &total);

  return total >= w->cases;
}

static void
assert_all_accepted_once (YcRestClient *client,
                          GPtrArray    *numbers)
{
  guint total = 0;
  g_autoptr(GHashTable) cases = list_cases (client, &total);

  /* Exactly the cases queued: none lost, none twice. */
  g_assert_cmpuint (total, ==, numbers->len);
  for (guint i = 0; i < numbers->len; i++)
    g_assert_cmpstr (g_hash_table_lookup (cases, numbers->pdata[i]), ==, "accepted");
}

static void
test_kills (void)
{
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GSubprocess) client_process = NULL;
  g_autofree char *url = NULL;
  g_autofree char *url2 = NULL;
  g_autofree char *outbox_path = g_build_filename (tmp_dir, "outbox.sqlite", NULL);
  g_autoptr(YcRestClient) client = NULL;
  g_autoptr(YcSession) session = NULL;
  g_autoptr(YcCatalogue) catalogue = NULL;
  g_autoptr(YcOutbox) outbox = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *count = g_strdup_printf ("%u", SECOND_BATCH);
  SentWanted sent_wanted;
  CasesWanted cases_wanted;
  YcItem *item;

  server = start_server (&url);
  client = yc_rest_client_new (url);
  session = sign_in (client);
  g_assert_cmpstr (session->actor.window_code, ==, "C07");
  catalogue = fetch_catalogue (client);
  test_calendar (client);
  item = yc_catalogue_get_item (catalogue, ITEM_CODE);

  /* 1. The backend is killed in the middle of a sync and comes back on the same file. */
  outbox = yc_outbox_new (outbox_path, client, &error);
  g_assert_no_error (error);
  yc_outbox_set_retry_delays (outbox, 20, 200);
  for (guint i = 0; i < FIRST_BATCH; i++)
    g_ptr_array_add (numbers, queue_intake (outbox, item));
  sent_wanted = (SentWanted) { outbox, 7 };
  g_assert_true (wait_for (sent_at_least, &sent_wanted));
  kill_process (server);
  g_clear_object (&server);
  g_assert_cmpuint (yc_outbox_get_pending_count (outbox), >, 0);

  server = start_server (&url2);
  yc_rest_client_set_base_url (client, url2);
  yc_outbox_start (outbox);
  g_assert_true (wait_for (drained, outbox));
  g_assert_cmpuint (yc_outbox_get_conflict_count (outbox), ==, 0);
  assert_all_accepted_once (client, numbers);
  g_clear_object (&outbox);

  /* 2. The client process is killed in the middle of a sync; a new one finishes the job. */
  client_process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/proc/self/exe",
                                     "--client", outbox_path, url2,
                                     yc_rest_client_get_token (client), count, NULL);
  g_assert_no_error (error);
  {
    g_autoptr(GDataInputStream) out =
      g_data_input_stream_new (g_subprocess_get_stdout_pipe (client_process));
    g_autofree char *line = NULL;

    /* The child prints its numbers once every intake is committed, then sends. */
    for (guint i = 0; i < SECOND_BATCH; i++)
      {
        line = g_data_input_stream_read_line (out, NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_nonnull (line);
        g_ptr_array_add (numbers, g_steal_pointer (&line));
      }
  }
  cases_wanted = (CasesWanted) { client, FIRST_BATCH + 3 };
  g_assert_true (wait_for (backend_has, &cases_wanted));
  kill_process (client_process);

  outbox = yc_outbox_new (outbox_path, client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_outbox_get_pending_count (outbox), >, 0);
  yc_outbox_start (outbox);
  g_assert_true (wait_for (drained, outbox));
  g_assert_cmpuint (yc_outbox_get_conflict_count (outbox), ==, 0);
  assert_all_accepted_once (client, numbers);

  kill_process (server);
}

static int
client_main (const char *path,
             const char *url,
             const char *token,
             guint       intakes)
{
  g_autoptr(YcRestClient) client = yc_rest_client_new (url);
  g_autoptr(YcCatalogue) catalogue = NULL;
  g_autoptr(YcOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);

  yc_rest_client_set_token (client, token);
  catalogue = fetch_catalogue (client);
  outbox = yc_outbox_new (path, client, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < intakes; i++)
    {
      g_ptr_array_add (numbers, queue_intake (outbox, yc_catalogue_get_item (catalogue,
                                                                              ITEM_CODE)));
      yc_outbox_stop (outbox);
    }
  for (guint i = 0; i < numbers->len; i++)
    printf ("%s\n", (char *) numbers->pdata[i]);
  fflush (stdout);
  yc_outbox_start (outbox);
  while (!drained (outbox))
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (path, name, NULL);

      remove_tree (sub);
    }
  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (argc >= 6 && g_str_equal (argv[1], "--client"))
    return client_main (argv[2], argv[3], argv[4], (guint) g_ascii_strtoull (argv[5], NULL, 10));

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("yc-outbox-yichuangd-XXXXXX", NULL);
  db_path = g_build_filename (tmp_dir, "county.sqlite", NULL);
  config_path = g_build_filename (tmp_dir, "yichuangd.conf", NULL);
  /* Cheap password hashing: the demo county has a hundred users to hash at start. */
  g_file_set_contents (config_path, "[auth]\nargon2-iterations=1\nargon2-memory-kib=8\n", -1,
                       NULL);

  g_test_add_func ("/outbox-yichuangd/kill-backend-and-client", test_kills);
  status = g_test_run ();

  remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (db_path);
  g_free (config_path);
  return status;
}
