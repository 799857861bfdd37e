/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases: intake, reading, search and every state-machine action. The server never takes a
 * state from the client: each change is libyc-core's yc_case_apply on the stored case, and is
 * written only if nobody changed the case meanwhile (version check in the writer). */
#define G_LOG_DOMAIN "yc-routes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-routes.h"
#include "yc-audit.h"
#include "yc-auth.h"
#include "yc-case-view.h"
#include "yc-crypto.h"
#include "yc-server-private.h"

#define REASON_MAX 2000
#define MATERIALS_MAX 200
#define PAGE_SIZE_DEFAULT 50
#define PAGE_SIZE_MAX 200
#define TOTAL_CAP 10000

/* Shared with the attachment and document routes ------------------------------------------- */

static YcResponse *
no_such_case (void)
{
  return yc_problem_response (404, "no-such-case", _("No such case"),
                              _("There is no case with this number."));
}

YcCaseRecord *
yc_routes_load_case (YcServer    *server,
                     YcRequest   *request,
                     YcResponse **problem)
{
  const char *number = yc_request_param (request, "number");
  g_autoptr (GError) error = NULL;
  YcCaseNumber parsed;
  YcCaseRecord *record;
  YcStore *store;

  if (!yc_case_number_parse (number, &parsed, &error))
    {
      *problem = yc_problem_response (400, "invalid-case-number", _("Not a case number"),
                                      error->message);
      return NULL;
    }
  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    {
      *problem = yc_problem_from_store_error (error);
      return NULL;
    }
  record = yc_store_case_get (store, number, &error);
  yc_server_release_reader (server, store);
  if (record == NULL)
    {
      *problem = g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND)
                   ? no_such_case ()
                   : yc_problem_from_store_error (error);
      return NULL;
    }
  if (!yc_auth_may_read_case (request->actor, record))
    {
      *problem = yc_problem_response (403, "forbidden", _("Not allowed"),
                                      _("This case belongs to another township."));
      yc_case_record_free (record);
      return NULL;
    }
  return record;
}

static void
case_material_free (gpointer data)
{
  YcCaseMaterial *material = data;

  g_free (material->code);
  g_free (material->reason);
  g_free (material);
}

/* [{code, status, reason, original_checked}] → YcCaseMaterial*; "noticed" is the server's to
 * decide and may not be sent. */
GPtrArray *
yc_routes_parse_materials (YcProblem    *problem,
                           JsonArray    *array,
                           const YcItem *item)
{
  static const char *const known[] = { "code", "status", "reason", "original_checked", NULL };
  GPtrArray *materials = g_ptr_array_new_with_free_func (case_material_free);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *prefix = g_strdup_printf ("materials[%u].", i);
      const char *code = NULL, *status = NULL, *reason = NULL;
      gboolean original_checked = FALSE;
      YcMaterialStatus status_value = YC_MATERIAL_STATUS_PENDING;
      YcFields fields;
      YcCaseMaterial *material;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *name = g_strdup_printf ("materials[%u]", i);

          yc_problem_add_param (problem, name, _("must be an object"));
          continue;
        }
      fields = (YcFields) { json_node_get_object (node), problem, prefix };
      yc_fields_reject_unknown (&fields, known);
      yc_fields_string (&fields, "code", TRUE, 32, &code);
      yc_fields_string (&fields, "status", TRUE, 32, &status);
      yc_fields_string (&fields, "reason", FALSE, REASON_MAX, &reason);
      yc_fields_bool (&fields, "original_checked", &original_checked);
      if (status != NULL && !yc_material_status_from_string (status, &status_value))
        yc_fields_error (&fields, "status",
                         _("must be pending, original_seen, copy_received, missing or "
                           "deficient"));
      if (code != NULL && item != NULL && yc_item_find_material (item, code) == NULL)
        yc_fields_error (&fields, "code", _("the item has no material with this code"));
      for (guint j = 0; code != NULL && j < materials->len; j++)
        {
          YcCaseMaterial *other = g_ptr_array_index (materials, j);

          if (g_str_equal (other->code, code))
            yc_fields_error (&fields, "code", _("listed twice"));
        }
      if (code == NULL)
        continue;

      material = g_new0 (YcCaseMaterial, 1);
      material->code = g_strdup (code);
      material->status = status_value;
      material->reason = g_strdup (reason);
      material->original_checked = original_checked;
      g_ptr_array_add (materials, material);
    }
  return materials;
}

/* Intake ------------------------------------------------------------------------------------ */

static gboolean
parse_applicant (YcProblem   *problem,
                 JsonObject  *object,
                 YcApplicant *applicant)
{
  static const char *const known[] = {
    "kind", "name", "id_number", "uscc_override_reason", "phone", "address", "agent_name",
    "agent_id_number", "agent_phone", NULL,
  };
  YcFields fields = { object, problem, "applicant." };
  const char *kind = NULL, *name = NULL, *id_number = NULL, *override = NULL, *phone = NULL;
  const char *address = NULL, *agent_name = NULL, *agent_id = NULL, *agent_phone = NULL;
  guint before = yc_problem_n_params (problem);

  yc_fields_reject_unknown (&fields, known);
  yc_fields_string (&fields, "kind", TRUE, 16, &kind);
  yc_fields_string (&fields, "name", TRUE, 200, &name);
  yc_fields_string (&fields, "id_number", TRUE, 32, &id_number);
  yc_fields_string (&fields, "uscc_override_reason", FALSE, REASON_MAX, &override);
  yc_fields_string (&fields, "phone", FALSE, 32, &phone);
  yc_fields_string (&fields, "address", FALSE, 500, &address);
  yc_fields_string (&fields, "agent_name", FALSE, 200, &agent_name);
  yc_fields_string (&fields, "agent_id_number", FALSE, 32, &agent_id);
  yc_fields_string (&fields, "agent_phone", FALSE, 32, &agent_phone);

  if (kind != NULL && g_str_equal (kind, "person"))
    applicant->kind = YC_APPLICANT_PERSON;
  else if (kind != NULL && g_str_equal (kind, "organisation"))
    applicant->kind = YC_APPLICANT_ORGANISATION;
  else if (kind != NULL)
    yc_fields_error (&fields, "kind", _("must be person or organisation"));

  applicant->name = g_strdup (name);
  applicant->id_number = id_number != NULL ? g_ascii_strup (id_number, -1) : NULL;
  applicant->uscc_override_reason = g_strdup (override);
  applicant->phone = g_strdup (phone);
  applicant->address = g_strdup (address);
  applicant->agent_name = g_strdup (agent_name);
  applicant->agent_id_number = agent_id != NULL ? g_ascii_strup (agent_id, -1) : NULL;
  applicant->agent_phone = g_strdup (agent_phone);
  return yc_problem_n_params (problem) == before;
}

/* Owns what it needs: the request thread is gone by the time the writer runs it. */
typedef struct
{
  YcRequest    *request;
  YcCaseRecord *record;
  YcResponse   *response;        /* the 201 prepared outside the writer */
  YcCountyData *data;
  GDate         today;
} CreateJob;

static void
create_job_free (gpointer data)
{
  CreateJob *job = data;

  g_clear_pointer (&job->record, yc_case_record_free);
  g_clear_pointer (&job->response, yc_response_free);
  g_clear_pointer (&job->data, yc_county_data_unref);
  g_free (job);
}

static YcResponse *
number_taken (const char *number)
{
  YcProblem *problem = yc_problem_new (409, "case-number-taken",
                                       _("The case number is already taken"));

  yc_problem_set_detail (problem,
                         _("Case number %s already belongs to a different application. Give "
                           "this application a new number."), number);
  return yc_problem_to_response (problem);
}

static gboolean
create_job (YcStore     *store,
            gpointer     user_data,
            YcResponse **response,
            GError     **error)
{
  CreateJob *job = user_data;
  g_autoptr (GError) local = NULL;
  g_autoptr (YcCaseRecord) existing = NULL;
  g_autofree char *detail = NULL;

  if (yc_store_case_insert (store, job->record, &local))
    {
      g_autofree char *item_version = g_strdup_printf ("%u", job->record->item_version);

      detail = yc_json_detail ("item_code", job->record->item_code, "item_version",
                               item_version, "state", job->record->state, NULL);
      if (!yc_audit_append (store, job->request->user->name, job->request->address,
                            "case.receive", job->record->number, detail, error))
        return FALSE;
      *response = g_steal_pointer (&job->response);
      return TRUE;
    }
  if (!g_error_matches (local, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  /* The number exists: the same application sent again is answered with the case as it is
   * now; anything else is a clash the client must resolve. */
  if ((existing = yc_store_case_get (store, job->record->number, error)) == NULL)
    return FALSE;
  if (!g_str_equal (existing->create_hash, job->record->create_hash))
    {
      *response = number_taken (job->record->number);
      return TRUE;
    }
  {
    g_autoptr (YcCase) c = yc_case_view_parse_body (existing->body, error);
    YcItem *item;

    if (c == NULL)
      return FALSE;
    item = yc_catalogue_get_item_version (job->data->catalogue, c->item_code, c->item_version);
    if (item == NULL)
      {
        *response = number_taken (job->record->number);
        return TRUE;
      }
    *response = yc_case_view_response (201, c, item, job->request->actor,
                                       job->data->calendar, &job->today);
  }
  return TRUE;
}

YcResponse *
yc_route_case_create (YcServer  *server,
                      YcRequest *request)
{
  static const char *const known[] = {
    "number", "item_code", "item_version", "window_code", "township_code", "applicant",
    "materials", NULL,
  };
  YcResponse *problem_response = NULL;
  g_autoptr (JsonNode) root = yc_request_parse_json (request, &problem_response);
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autoptr (YcProblem) problem = NULL;
  g_autoptr (GPtrArray) materials = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (YcCase) c = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *create_hash = NULL;
  const char *number = NULL, *item_code = NULL, *window_code = NULL, *township_code = NULL;
  gint64 item_version = 0;
  JsonObject *applicant_object = NULL;
  JsonArray *materials_array = NULL;
  YcApplicant applicant = { 0 };
  YcCaseNumber parsed;
  YcItem *item = NULL;
  YcActionArgs args = { 0 };
  YcFields fields;
  CreateJob *job;
  GDate today;

  if (root == NULL)
    return problem_response;

  problem = yc_problem_new (422, "invalid-params", _("Some fields of the request are not valid"));
  fields = (YcFields) { json_node_get_object (root), problem, "" };
  yc_fields_reject_unknown (&fields, known);
  yc_fields_string (&fields, "number", TRUE, 40, &number);
  yc_fields_string (&fields, "item_code", TRUE, 64, &item_code);
  yc_fields_int (&fields, "item_version", FALSE, 1, G_MAXUINT32, &item_version);
  yc_fields_string (&fields, "window_code", TRUE, 8, &window_code);
  yc_fields_string (&fields, "township_code", FALSE, 16, &township_code);
  if (yc_fields_object (&fields, "applicant", TRUE, &applicant_object))
    parse_applicant (problem, applicant_object, &applicant);
  yc_fields_array (&fields, "materials", FALSE, MATERIALS_MAX, &materials_array);

  if (number != NULL && !yc_case_number_parse (number, &parsed, &error))
    {
      yc_fields_error (&fields, "number", error->message);
      g_clear_error (&error);
    }
  else if (number != NULL && window_code != NULL && !g_str_equal (parsed.window, window_code))
    yc_fields_error (&fields, "number", _("the window in the number is not window_code"));

  if (item_code != NULL)
    {
      item = item_version > 0
               ? yc_catalogue_get_item_version (data->catalogue, item_code, (guint) item_version)
               : yc_catalogue_get_item (data->catalogue, item_code);
      if (item == NULL)
        yc_fields_error (&fields, item_version > 0 ? "item_version" : "item_code",
                         _("the catalogue has no such item"));
    }
  if (window_code != NULL && yc_catalogue_get_window (data->catalogue, window_code) == NULL)
    yc_fields_error (&fields, "window_code", _("no such window"));
  if (township_code != NULL &&
      yc_catalogue_get_township (data->catalogue, township_code) == NULL)
    yc_fields_error (&fields, "township_code", _("no such township"));
  materials = yc_routes_parse_materials (problem, materials_array, item);

  yc_today (&today);
  if (yc_problem_n_params (problem) == 0 && !yc_applicant_validate (&applicant, &today, &error))
    {
      yc_fields_error (&fields, "applicant", error->message);
      g_clear_error (&error);
    }
  if (yc_problem_n_params (problem) > 0)
    {
      yc_applicant_clear (&applicant);
      return yc_problem_to_response (g_steal_pointer (&problem));
    }

  c = yc_case_new (number, item, window_code, township_code);
  yc_applicant_clear (&c->applicant);
  c->applicant = applicant;        /* the case owns the strings now */
  args.materials = materials;
  now = yc_clock_now ();
  if (!yc_case_apply (c, item, request->actor, YC_ACTION_RECEIVE, &args, now, &error))
    return yc_problem_from_case_error (error);

  create_hash = yc_sha256_hex (g_bytes_get_data (request->body, NULL),
                               g_bytes_get_size (request->body));
  job = g_new0 (CreateJob, 1);
  job->request = request;
  job->response = yc_case_view_render (201, c, item, request->actor, data->calendar, &today,
                                       create_hash, &job->record);
  job->data = yc_county_data_ref (data);
  job->today = today;
  return yc_server_commit_later (server, request, create_job, job, create_job_free);
}

/* Reading ----------------------------------------------------------------------------------- */

YcResponse *
yc_route_case_get (YcServer  *server,
                   YcRequest *request)
{
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  YcResponse *problem = NULL;
  g_autoptr (YcCaseRecord) record = yc_routes_load_case (server, request, &problem);
  g_autoptr (YcCase) c = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *etag = NULL;
  const char *if_none_match;
  YcItem *item;
  GDate today;
  gint64 version;

  if (record == NULL)
    return problem;

  etag = yc_case_etag (record->version);
  if_none_match = yc_request_header (request, "if-none-match");
  if (if_none_match != NULL && yc_case_parse_etag (if_none_match, &version) &&
      version == record->version)
    {
      YcResponse *response = yc_response_new_empty (304);

      response->etag = g_steal_pointer (&etag);
      return response;
    }

  if ((c = yc_case_view_parse_body (record->body, &error)) == NULL)
    return yc_problem_from_store_error (error);
  item = yc_catalogue_get_item_version (data->catalogue, c->item_code, c->item_version);
  if (item == NULL)
    return yc_problem_response (503, "catalogue-incomplete", _("The catalogue is incomplete"),
                                _("The item version of this case is missing from the "
                                  "catalogue. Ask the administrator to import it."));

  /* Personal data leaves the server only once the read is on record. */
  if (!yc_server_audit (server, request, "case.read", record->number, NULL, &error))
    return yc_problem_from_store_error (error);

  yc_today (&today);
  return yc_case_view_response (200, c, item, request->actor, data->calendar, &today);
}

static const char *
query_string (YcRequest  *request,
              YcProblem  *problem,
              const char *name,
              gsize       max_chars)
{
  const char *value = yc_request_query (request, name);

  if (value == NULL || value[0] == '\0')
    return NULL;
  if (!g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > (glong) max_chars)
    {
      yc_problem_add_param (problem, name, _("too long or not text"));
      return NULL;
    }
  return value;
}

static gboolean
query_uint (YcRequest  *request,
            YcProblem  *problem,
            const char *name,
            guint64     min,
            guint64     max,
            guint64    *out)
{
  const char *value = yc_request_query (request, name);
  char *end = NULL;
  guint64 n;

  if (value == NULL)
    return FALSE;
  if (!g_ascii_isdigit (value[0]) || (n = g_ascii_strtoull (value, &end, 10), *end != '\0') ||
      n < min || n > max)
    {
      g_autofree char *lo = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GUINT64_FORMAT, max);
      g_autofree char *reason = g_strdup_printf (_("must be a whole number from %s to %s"), lo,
                                                 hi);

      yc_problem_add_param (problem, name, reason);
      return FALSE;
    }
  *out = n;
  return TRUE;
}

YcResponse *
yc_route_case_list (YcServer  *server,
                    YcRequest *request)
{
  static const char *const known[] = {
    "number", "q", "id_number", "state", "window", "department", "township", "due_before",
    "page", "page_size", "since", NULL,
  };
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autoptr (YcProblem) problem = yc_problem_new (422, "invalid-params",
                                                  _("Some parameters of the request are not "
                                                    "valid"));
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonObject) detail = json_object_new ();
  g_autoptr (JsonNode) detail_node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *detail_text = NULL;
  g_autofree char *token_text = NULL;
  YcCaseQuery q = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  guint64 page = 1, page_size = PAGE_SIZE_DEFAULT, since = 0;
  guint total = 0;
  gboolean capped = FALSE, more = FALSE;
  gint64 sync_token = 0;
  YcCaseState state;
  YcStore *store;
  GDate date, today;

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_strv_contains (known, key))
      yc_problem_add_param (problem, key, _("unknown parameter"));

  q.number = query_string (request, problem, "number", 40);
  q.q = query_string (request, problem, "q", 64);
  q.id_number = query_string (request, problem, "id_number", 32);
  q.state = query_string (request, problem, "state", 32);
  q.window = query_string (request, problem, "window", 8);
  q.department = query_string (request, problem, "department", 32);
  q.township = query_string (request, problem, "township", 16);
  q.due_before = query_string (request, problem, "due_before", 10);
  query_uint (request, problem, "page", 1, 100000, &page);
  query_uint (request, problem, "page_size", 1, PAGE_SIZE_MAX, &page_size);
  q.has_since = query_uint (request, problem, "since", 0, G_MAXINT64, &since);
  if (q.state != NULL && !yc_case_state_from_string (q.state, &state))
    yc_problem_add_param (problem, "state", _("not a case state"));
  if (q.due_before != NULL && !yc_parse_iso_date (q.due_before, &date))
    yc_problem_add_param (problem, "due_before", _("must be a date YYYY-MM-DD"));
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));

  q.since = (gint64) since;
  q.page = q.has_since ? 1 : (guint) page;
  q.page_size = (guint) page_size;
  yc_auth_read_scope (request->actor, &q.scope_department, &q.scope_township);

  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    return yc_problem_from_store_error (error);
  rows = yc_store_case_search (store, &q, TOTAL_CAP, &total, &capped, &sync_token, &error);
  yc_server_release_reader (server, store);
  if (rows == NULL)
    return yc_problem_from_store_error (error);

  /* A sync that did not fit in one page continues after the last row it got. */
  if (q.has_since && rows->len == q.page_size && total > q.page_size)
    {
      sync_token = ((YcCaseRecord *) g_ptr_array_index (rows, rows->len - 1))->change_seq;
      more = TRUE;
    }

  if (rows->len > 0)
    {
      g_hash_table_iter_init (&iter, request->query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        json_object_set_string_member (detail, key, value);
      json_object_set_int_member (detail, "results", rows->len);
      json_node_set_object (detail_node, detail);
      detail_text = yc_json_to_string (detail_node);
      if (!yc_server_audit (server, request, "case.search", NULL, detail_text, &error))
        return yc_problem_from_store_error (error);
    }

  yc_today (&today);
  token_text = g_strdup_printf ("%" G_GINT64_FORMAT, sync_token);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    json_builder_add_value (b, yc_case_summary_to_json (g_ptr_array_index (rows, i),
                                                        data->calendar, &today));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "page");
  json_builder_add_int_value (b, q.page);
  json_builder_set_member_name (b, "page_size");
  json_builder_add_int_value (b, q.page_size);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, total);
  json_builder_set_member_name (b, "total_capped");
  json_builder_add_boolean_value (b, capped);
  json_builder_set_member_name (b, "sync_token");
  json_builder_add_string_value (b, token_text);
  json_builder_set_member_name (b, "more");
  json_builder_add_boolean_value (b, more);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return yc_response_new_json (200, root);
}

/* Actions ----------------------------------------------------------------------------------- */

/* Owns what it needs: the request thread is gone by the time the writer runs it. */
typedef struct
{
  YcRequest    *request;
  YcCaseRecord *record;
  gint64        expected_version;
  const char   *action;          /* the request's */
  char         *from;
  YcResponse   *response;
} ActionJob;

static void
action_job_free (gpointer data)
{
  ActionJob *job = data;

  g_clear_pointer (&job->record, yc_case_record_free);
  g_clear_pointer (&job->response, yc_response_free);
  g_free (job->from);
  g_free (job);
}

static YcResponse *
stale_case (const char *number,
            gint64      current)
{
  YcProblem *problem = yc_problem_new (409, "stale-case",
                                       _("Someone else changed the case meanwhile"));

  yc_problem_set_detail (problem,
                         _("Case %s was changed by someone else after you opened it. Reload it "
                           "and try again."), number);
  if (current > 0)
    yc_problem_set_member (problem, "current_version", json_node_init_int (json_node_alloc (),
                                                                           current));
  return yc_problem_to_response (problem);
}

static gboolean
action_job (YcStore     *store,
            gpointer     user_data,
            YcResponse **response,
            GError     **error)
{
  ActionJob *job = user_data;
  g_autoptr (GError) local = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *audit_action = NULL;
  g_autofree char *version = NULL;

  if (!yc_store_case_update (store, job->record, job->expected_version, &local))
    {
      if (g_error_matches (local, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT))
        {
          *response = stale_case (job->record->number, 0);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  version = g_strdup_printf ("%" G_GINT64_FORMAT, job->record->version);
  detail = yc_json_detail ("from", job->from, "to", job->record->state, "version", version,
                           NULL);
  audit_action = g_strconcat ("case.", job->action, NULL);
  if (!yc_audit_append (store, job->request->user->name, job->request->address, audit_action,
                        job->record->number, detail, error))
    return FALSE;
  *response = g_steal_pointer (&job->response);
  return TRUE;
}

YcResponse *
yc_route_case_action (YcServer  *server,
                      YcRequest *request)
{
  static const char *const known[] = {
    "version", "reason", "legal_basis", "materials", "branch_department", "delivery_method",
    "delivery_detail", NULL,
  };
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  const char *action_name = yc_request_param (request, "action");
  YcResponse *problem_response = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (YcProblem) problem = NULL;
  g_autoptr (YcCaseRecord) record = NULL;
  g_autoptr (YcCase) c = NULL;
  g_autoptr (GPtrArray) materials = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = NULL;
  const char *if_match = yc_request_header (request, "if-match");
  gint64 body_version = 0, header_version = 0;
  gboolean has_body_version, has_header_version = FALSE;
  JsonArray *materials_array = NULL;
  YcActionArgs args = { 0 };
  YcCaseAction action;
  YcFields fields;
  YcItem *item;
  ActionJob *job;
  GDate today;

  if (!yc_case_action_from_string (action_name, &action))
    return yc_problem_response (404, "no-such-action", _("No such action"),
                                _("The case state machine has no action of this name."));
  if ((root = yc_request_parse_json (request, &problem_response)) == NULL)
    return problem_response;

  problem = yc_problem_new (422, "invalid-params", _("Some fields of the request are not valid"));
  fields = (YcFields) { json_node_get_object (root), problem, "" };
  yc_fields_reject_unknown (&fields, known);
  has_body_version = yc_fields_int (&fields, "version", FALSE, 1, G_MAXINT64, &body_version);
  yc_fields_string (&fields, "reason", FALSE, REASON_MAX, &args.reason);
  yc_fields_string (&fields, "legal_basis", FALSE, REASON_MAX, &args.legal_basis);
  yc_fields_array (&fields, "materials", FALSE, MATERIALS_MAX, &materials_array);
  yc_fields_string (&fields, "branch_department", FALSE, 32, &args.branch_department);
  yc_fields_string (&fields, "delivery_method", FALSE, 16, &args.delivery_method);
  yc_fields_string (&fields, "delivery_detail", FALSE, 64, &args.delivery_detail);
  if (if_match != NULL)
    {
      has_header_version = yc_case_parse_etag (if_match, &header_version);
      if (!has_header_version)
        yc_problem_add_param (problem, "If-Match", _("must be the case’s ETag, such as \"3\""));
    }
  if (!has_body_version && if_match == NULL && json_object_get_member (fields.object,
                                                                       "version") == NULL)
    yc_fields_error (&fields, "version",
                     _("required (or send the case’s ETag in If-Match)"));
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));

  if ((record = yc_routes_load_case (server, request, &problem_response)) == NULL)
    return problem_response;
  if ((has_body_version && body_version != record->version) ||
      (has_header_version && header_version != record->version))
    return stale_case (record->number, record->version);

  if ((c = yc_case_view_parse_body (record->body, &error)) == NULL)
    return yc_problem_from_store_error (error);
  item = yc_catalogue_get_item_version (data->catalogue, c->item_code, c->item_version);
  if (item == NULL)
    return yc_problem_response (503, "catalogue-incomplete", _("The catalogue is incomplete"),
                                _("The item version of this case is missing from the "
                                  "catalogue. Ask the administrator to import it."));

  materials = yc_routes_parse_materials (problem, materials_array, item);
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));
  args.materials = materials;

  now = yc_clock_now ();
  if (!yc_case_apply (c, item, request->actor, action, &args, now, &error))
    return yc_problem_from_case_error (error);

  yc_today (&today);
  job = g_new0 (ActionJob, 1);
  job->request = request;
  job->expected_version = record->version;
  job->action = action_name;
  job->from = g_strdup (record->state);
  job->response = yc_case_view_render (200, c, item, request->actor, data->calendar, &today,
                                       record->create_hash, &job->record);
  return yc_server_commit_later (server, request, action_job, job, action_job_free);
}

/* The audit trail of a case ----------------------------------------------------------------- */

YcResponse *
yc_route_case_audit (YcServer  *server,
                     YcRequest *request)
{
  YcResponse *problem = NULL;
  g_autoptr (YcCaseRecord) record = yc_routes_load_case (server, request, &problem);
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  YcStore *store;

  if (record == NULL)
    return problem;
  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    return yc_problem_from_store_error (error);
  entries = yc_store_audit_list_case (store, record->number, &error);
  yc_server_release_reader (server, store);
  if (entries == NULL)
    return yc_problem_from_store_error (error);

  for (guint i = 0; i < entries->len; i++)
    {
      YcAuditRecord *entry = g_ptr_array_index (entries, i);
      g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (entry->at / G_USEC_PER_SEC);
      g_autoptr (JsonParser) parser = json_parser_new_immutable ();
      JsonObject *o = json_object_new ();
      g_autofree char *at_text = g_date_time_format_iso8601 (at);

      json_object_set_int_member (o, "id", entry->id);
      json_object_set_string_member (o, "at", at_text);
      json_object_set_string_member (o, "actor", entry->actor);
      json_object_set_string_member (o, "action", entry->action);
      if (json_parser_load_from_data (parser, entry->detail, -1, NULL))
        json_object_set_member (o, "detail", json_node_copy (json_parser_get_root (parser)));
      else
        json_object_set_null_member (o, "detail");
      json_object_set_string_member (o, "hash", entry->hash);
      json_array_add_object_element (array, o);
    }
  json_node_set_array (root, array);
  return yc_response_new_json (200, root);
}
