/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The section chief's sign-off (签批): the queue of cases waiting for this chief, nearest
 * committed due date first, and batch sign-off of routine cases. A batch is no shortcut past
 * the rules: each case must be confirmed one by one by the chief, carries the version the chief
 * saw, and is decided on its own through libyc-core's yc_case_apply, exactly as a single
 * POST /cases/{number}/actions/approve would; one refusal leaves the others alone. */
#define G_LOG_DOMAIN "yc-routes"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-routes.h"
#include "yc-routes-reports.h"
#include "yc-audit.h"
#include "yc-auth.h"
#include "yc-case-view.h"
#include "yc-server-private.h"

#define BATCH_MAX 50
#define REASON_MAX 2000

static YcResponse *
chiefs_only (void)
{
  return yc_problem_response (403, "forbidden", _("Not allowed"),
                              _("Only section chiefs sign off cases."));
}

/* The problem code of a core error, as yc_problem_from_case_error names it. */
static const char *
case_error_code (const GError *error)
{
  if (error->domain != YC_CASE_ERROR)
    return "invalid";
  switch ((YcCaseError) error->code)
    {
    case YC_CASE_ERROR_ILLEGAL_TRANSITION:
      return "illegal-transition";
    case YC_CASE_ERROR_FORBIDDEN:
      return "forbidden";
    case YC_CASE_ERROR_SEPARATION_OF_DUTIES:
      return "separation-of-duties";
    case YC_CASE_ERROR_NOT_NOTICED:
      return "not-noticed";
    case YC_CASE_ERROR_MATERIALS_OUTSTANDING:
      return "materials-outstanding";
    case YC_CASE_ERROR_MISSING_ARGUMENT:
      return "missing-argument";
    case YC_CASE_ERROR_PARSE:
    case YC_CASE_ERROR_INVALID:
    default:
      return "invalid";
    }
}

static JsonNode *
branches_to_json (const YcCase *c)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < c->branches->len; i++)
    {
      const YcCaseBranch *branch = g_ptr_array_index (c->branches, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "department_code");
      json_builder_add_string_value (b, branch->department_code);
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, yc_case_state_to_string (branch->state));
      json_builder_set_member_name (b, "user");
      branch->user != NULL ? json_builder_add_string_value (b, branch->user)
                           : json_builder_add_null_value (b);
      json_builder_set_member_name (b, "reason");
      branch->reason != NULL ? json_builder_add_string_value (b, branch->reason)
                             : json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* One queue entry: the case's summary, whether this chief may sign it off now (and if not,
 * why), who took it in, and for a parallel case every branch. */
static JsonNode *
queue_entry (const YcCaseRecord *record,
             YcCountyData       *data,
             const YcActor      *actor,
             const GDate        *today)
{
  g_autoptr (JsonObject) o = yc_report_case_summary (record, data, today);
  g_autoptr (YcCase) c = yc_case_view_parse_body (record->body, NULL);
  g_autoptr (GError) error = NULL;
  YcItem *item = yc_catalogue_get_item_version (data->catalogue, record->item_code,
                                                record->item_version);
  gboolean signable = FALSE;

  json_object_set_string_member (o, "received_by", record->received_by);
  if (c != NULL && item != NULL)
    signable = yc_case_can (c, item, actor, YC_ACTION_APPROVE, &error);
  else
    g_set_error_literal (&error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                         _("The case or its catalogue item cannot be read."));
  json_object_set_boolean_member (o, "signable", signable);
  if (signable)
    json_object_set_null_member (o, "not_signable");
  else
    {
      JsonObject *why = json_object_new ();

      json_object_set_string_member (why, "code", case_error_code (error));
      json_object_set_string_member (why, "detail", error->message);
      json_object_set_object_member (o, "not_signable", why);
    }
  if (c != NULL && c->branches->len > 0)
    json_object_set_member (o, "branches", branches_to_json (c));
  else
    json_object_set_null_member (o, "branches");
  return json_node_init_object (json_node_alloc (), o);
}

YcResponse *
yc_route_signoff_queue (YcServer  *server,
                        YcRequest *request)
{
  static const char *const known[] = { "item", "page", "page_size", NULL };
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autoptr (YcProblem) problem = yc_problem_new (422, "invalid-params",
                                                  _("Some parameters of the request are not "
                                                    "valid"));
  const YcActor *actor = request->actor;
  g_auto (GStrv) delegations = NULL;
  g_auto (GStrv) parallel_items = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) root = NULL;
  YcSignoffQuery query = { 0 };
  YcResponse *refusal;
  gboolean capped = FALSE;
  guint total = 0;
  YcStore *store;
  GDate today;

  if (actor->role != YC_ROLE_CHIEF ||
      (actor->township_code == NULL && actor->department_code == NULL))
    return chiefs_only ();

  yc_report_reject_unknown (request, problem, known);
  query.item = yc_report_query_string (request, problem, "item", 64);
  yc_report_query_page (request, problem, &query.page, &query.page_size);
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));

  if (actor->township_code != NULL)
    {
      /* A township's chief signs off the items delegated to the township. */
      delegations = yc_report_delegations (data->catalogue, NULL, actor->township_code);
      query.township = actor->township_code;
      query.delegated = TRUE;
    }
  else
    {
      /* A county chief: the department's cases, not those a township decides, and the
       * branches of parallel cases that wait for this department. */
      delegations = yc_report_delegations (data->catalogue, NULL, NULL);
      parallel_items = yc_report_parallel_items (data->catalogue);
      query.department = actor->department_code;
      query.delegated = FALSE;
      query.parallel_items = (const char *const *) parallel_items;
      query.branch_department = actor->department_code;
    }
  query.delegations = (const char *const *) delegations;

  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    return yc_problem_from_store_error (error);
  rows = yc_store_signoff_queue (store, &query, YC_REPORT_TOTAL_CAP, &total, &capped, &error);
  yc_server_release_reader (server, store);
  if (rows == NULL)
    return yc_problem_from_store_error (error);
  if ((refusal = yc_report_audit_list (server, request, "signoff.queue", rows->len)))
    return refusal;

  yc_today (&today);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    json_builder_add_value (b, queue_entry (g_ptr_array_index (rows, i), data, actor, &today));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "page");
  json_builder_add_int_value (b, query.page);
  json_builder_set_member_name (b, "page_size");
  json_builder_add_int_value (b, query.page_size);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, total);
  json_builder_set_member_name (b, "total_capped");
  json_builder_add_boolean_value (b, capped);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return yc_response_new_json (200, root);
}

/* Batch sign-off ---------------------------------------------------------------------------- */

typedef struct
{
  char        *number;
  gint64       version;
  YcCaseAction action;
  char        *reason;
  char        *branch_department;
} Decision;

static void
decision_free (gpointer data)
{
  Decision *d = data;

  g_free (d->number);
  g_free (d->reason);
  g_free (d->branch_department);
  g_free (d);
}

typedef struct
{
  YcRequest    *request;
  YcCountyData *data;
  GPtrArray    *decisions;       /* Decision* */
  JsonBuilder  *results;         /* built in the writer, reset if the job is undone */
  guint         n_approved;
  guint         n_denied;
  guint         n_refused;
} BatchJob;

static void
result_problem (BatchJob   *job,
                const char *number,
                guint       status,
                const char *code,
                const char *detail)
{
  JsonBuilder *b = job->results;

  job->n_refused++;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "number");
  json_builder_add_string_value (b, number);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, status);
  json_builder_set_member_name (b, "problem");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "detail");
  json_builder_add_string_value (b, detail);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* Decides one case inside the writer's transaction. FALSE only for a store failure (the whole
 * batch is then undone); a refusal of this case is a result, not a failure. */
static gboolean
decide_one (BatchJob       *job,
            YcStore        *store,
            const Decision *d,
            GError        **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (YcCaseRecord) record = NULL;
  g_autoptr (YcCaseRecord) updated = NULL;
  g_autoptr (YcCase) c = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (JsonNode) view = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *audit_action = NULL;
  g_autofree char *version = NULL;
  YcActionArgs args = { 0 };
  const char *from;
  YcItem *item;
  GDate today;

  record = yc_store_case_get (store, d->number, &local);
  if (record == NULL)
    {
      if (!g_error_matches (local, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      result_problem (job, d->number, 404, "no-such-case", _("There is no case with this number."));
      return TRUE;
    }
  if (!yc_auth_may_read_case (job->request->actor, record))
    {
      result_problem (job, d->number, 403, "forbidden",
                      _("This case belongs to another township."));
      return TRUE;
    }
  if (record->version != d->version)
    {
      g_autofree char *message = g_strdup_printf (
        _("Case %s was changed by someone else after you opened it. Reload it and try again."),
        d->number);

      result_problem (job, d->number, 409, "stale-case", message);
      return TRUE;
    }
  if ((c = yc_case_view_parse_body (record->body, error)) == NULL)
    return FALSE;
  item = yc_catalogue_get_item_version (job->data->catalogue, c->item_code, c->item_version);
  if (item == NULL)
    {
      result_problem (job, d->number, 503, "catalogue-incomplete",
                      _("The item version of this case is missing from the catalogue. Ask the "
                        "administrator to import it."));
      return TRUE;
    }

  args.reason = d->reason;
  args.branch_department = d->branch_department;
  now = yc_clock_now ();
  if (!yc_case_apply (c, item, job->request->actor, d->action, &args, now, &local))
    {
      g_autoptr (YcResponse) mapped = yc_problem_from_case_error (local);

      result_problem (job, d->number, mapped->status, case_error_code (local), local->message);
      return TRUE;
    }

  yc_today (&today);
  from = record->state;
  updated = yc_case_view_record (c, item, job->data->calendar, &today, record->create_hash);
  updated->received_at = record->received_at;
  g_free (updated->received_on);
  updated->received_on = g_strdup (record->received_on);
  if (!yc_store_case_update (store, updated, record->version, error))
    return FALSE;

  version = g_strdup_printf ("%" G_GINT64_FORMAT, updated->version);
  detail = yc_json_detail ("from", from, "to", updated->state, "version", version, "batch",
                           "true", NULL);
  audit_action = g_strconcat ("case.", yc_case_action_to_string (d->action), NULL);
  if (!yc_audit_append (store, job->request->user->name, job->request->address, audit_action,
                        record->number, detail, error))
    return FALSE;

  if (d->action == YC_ACTION_APPROVE)
    job->n_approved++;
  else
    job->n_denied++;
  view = yc_case_view_to_json (c, item, job->request->actor, job->data->calendar, &today);
  json_builder_begin_object (job->results);
  json_builder_set_member_name (job->results, "number");
  json_builder_add_string_value (job->results, d->number);
  json_builder_set_member_name (job->results, "status");
  json_builder_add_int_value (job->results, 200);
  json_builder_set_member_name (job->results, "case");
  json_builder_add_value (job->results, g_steal_pointer (&view));
  json_builder_end_object (job->results);
  return TRUE;
}

static gboolean
batch_job (YcStore     *store,
           gpointer     user_data,
           YcResponse **response,
           GError     **error)
{
  BatchJob *job = user_data;
  g_autoptr (JsonNode) root = NULL;
  JsonBuilder *b;

  /* The writer may run a job again after undoing it: start each run afresh. */
  g_clear_object (&job->results);
  job->results = b = json_builder_new ();
  job->n_approved = job->n_denied = job->n_refused = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < job->decisions->len; i++)
    if (!decide_one (job, store, g_ptr_array_index (job->decisions, i), error))
      return FALSE;
  json_builder_end_array (b);
  json_builder_set_member_name (b, "approved");
  json_builder_add_int_value (b, job->n_approved);
  json_builder_set_member_name (b, "denied");
  json_builder_add_int_value (b, job->n_denied);
  json_builder_set_member_name (b, "refused");
  json_builder_add_int_value (b, job->n_refused);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  *response = yc_response_new_json (200, root);
  return TRUE;
}

/* One entry of "decisions"; problems are named "decisions[i].field". */
static Decision *
parse_decision (YcProblem *problem,
                JsonNode  *node,
                guint      index)
{
  static const char *const known[] = {
    "number", "version", "decision", "reason", "branch_department", "confirmed", NULL,
  };
  g_autofree char *prefix = g_strdup_printf ("decisions[%u].", index);
  const char *number = NULL, *decision = NULL, *reason = NULL, *branch = NULL;
  gboolean confirmed = FALSE;
  gint64 version = 0;
  YcCaseNumber parsed;
  YcFields fields;
  Decision *d;
  guint before = yc_problem_n_params (problem);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *name = g_strdup_printf ("decisions[%u]", index);

      yc_problem_add_param (problem, name, _("must be an object"));
      return NULL;
    }
  fields = (YcFields) { json_node_get_object (node), problem, prefix };
  yc_fields_reject_unknown (&fields, known);
  if (yc_fields_string (&fields, "number", TRUE, 40, &number) &&
      !yc_case_number_parse (number, &parsed, NULL))
    yc_fields_error (&fields, "number", _("not a case number"));
  yc_fields_int (&fields, "version", TRUE, 1, G_MAXINT64, &version);
  if (yc_fields_string (&fields, "decision", TRUE, 16, &decision) &&
      !g_str_equal (decision, "approve") && !g_str_equal (decision, "deny"))
    yc_fields_error (&fields, "decision", _("must be approve or deny"));
  yc_fields_string (&fields, "reason", FALSE, REASON_MAX, &reason);
  yc_fields_string (&fields, "branch_department", FALSE, 32, &branch);
  /* The chief looked at this case and confirmed it: a batch never signs unseen cases. */
  if (!yc_fields_bool (&fields, "confirmed", &confirmed) || !confirmed)
    yc_fields_error (&fields, "confirmed",
                     _("each case must be confirmed by the chief (true) before it is signed "
                       "off"));
  if (yc_problem_n_params (problem) > before)
    return NULL;

  d = g_new0 (Decision, 1);
  d->number = g_strdup (number);
  d->version = version;
  d->action = g_str_equal (decision, "approve") ? YC_ACTION_APPROVE : YC_ACTION_DENY;
  d->reason = g_strdup (reason);
  d->branch_department = g_strdup (branch);
  return d;
}

YcResponse *
yc_route_signoff_batch (YcServer  *server,
                        YcRequest *request)
{
  static const char *const known[] = { "decisions", NULL };
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  YcResponse *problem_response = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (YcProblem) problem = NULL;
  g_autoptr (GPtrArray) decisions = g_ptr_array_new_with_free_func (decision_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = NULL;
  YcResponse *response;
  YcFields fields;
  BatchJob job = { 0 };

  if (request->actor->role != YC_ROLE_CHIEF)
    return chiefs_only ();
  if ((root = yc_request_parse_json (request, &problem_response)) == NULL)
    return problem_response;

  problem = yc_problem_new (422, "invalid-params", _("Some fields of the request are not valid"));
  fields = (YcFields) { json_node_get_object (root), problem, "" };
  yc_fields_reject_unknown (&fields, known);
  if (yc_fields_array (&fields, "decisions", TRUE, BATCH_MAX, &array) &&
      json_array_get_length (array) == 0)
    yc_fields_error (&fields, "decisions", _("name at least one case"));
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      Decision *d = parse_decision (problem, json_array_get_element (array, i), i);

      if (d == NULL)
        continue;
      if (g_hash_table_contains (seen, d->number))
        {
          g_autofree char *name = g_strdup_printf ("decisions[%u].number", i);

          yc_problem_add_param (problem, name, _("listed twice"));
          decision_free (d);
          continue;
        }
      g_hash_table_add (seen, d->number);
      g_ptr_array_add (decisions, d);
    }
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));

  job = (BatchJob) { request, data, decisions, NULL, 0, 0, 0 };
  response = yc_server_commit (server, request, batch_job, &job);
  g_clear_object (&job.results);
  return response;
}
