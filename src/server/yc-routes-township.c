/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A township's cases at the county (县乡通办): each forwarded case with where it stands, the
 * working days it has waited since it was forwarded, and whether the county has answered.
 * With since= the township's desk polls only what changed, and tells its staff when an answer
 * came back. */
#define G_LOG_DOMAIN "yc-routes"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-routes.h"
#include "yc-routes-reports.h"
#include "yc-case-view.h"
#include "yc-server-private.h"

static const YcCaseEvent *
last_event (const YcCase *c,
            YcCaseAction  action)
{
  const char *name = yc_case_action_to_string (action);

  for (guint i = c->events->len; i > 0; i--)
    {
      const YcCaseEvent *event = g_ptr_array_index (c->events, i - 1);

      if (g_strcmp0 (event->action, name) == 0)
        return event;
    }
  return NULL;
}

static void
date_of (GDateTime *at,
         GDate     *date)
{
  g_autoptr (GDateTime) local = yc_clock_to_local (at);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

static void
set_time (JsonObject *o,
          const char *name,
          GDateTime  *at)
{
  g_autofree char *text = NULL;

  if (at == NULL)
    {
      json_object_set_null_member (o, name);
      return;
    }
  text = g_date_time_format_iso8601 (at);
  json_object_set_string_member (o, name, text);
}

/* Where the case stands for the township: "with_county" until the county returns it, then
 * "answered" until the township issues the certificate or closes it, then "finished". */
static const char *
standing (YcCaseState state)
{
  switch (state)
    {
    case YC_CASE_STATE_RETURNED_TO_TOWNSHIP:
      return "answered";
    case YC_CASE_STATE_CERTIFIED:
    case YC_CASE_STATE_DELIVERED:
    case YC_CASE_STATE_CLOSED:
      return "finished";
    case YC_CASE_STATE_FORWARDED_TO_COUNTY:
    case YC_CASE_STATE_IN_REVIEW:
    case YC_CASE_STATE_SUSPENDED:
    case YC_CASE_STATE_AWAITING_SIGNOFF:
    case YC_CASE_STATE_APPROVED:
    case YC_CASE_STATE_DENIED:
    case YC_CASE_STATE_DRAFT:
    case YC_CASE_STATE_RECEIVED:
    case YC_CASE_STATE_AWAITING_MATERIALS:
    case YC_CASE_STATE_ACCEPTED:
    case YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS:
    case YC_CASE_STATE_REFUSED:
    case YC_CASE_N_STATES:
    default:
      return "with_county";
    }
}

static JsonNode *
forwarded_entry (const YcCaseRecord *record,
                 YcCountyData       *data,
                 const GDate        *today)
{
  g_autoptr (JsonObject) o = yc_report_case_summary (record, data, today);
  g_autoptr (YcCase) c = yc_case_view_parse_body (record->body, NULL);
  const YcCaseEvent *forwarded = c != NULL ? last_event (c, YC_ACTION_FORWARD_TO_COUNTY) : NULL;
  const YcCaseEvent *returned = c != NULL ? last_event (c, YC_ACTION_RETURN_TO_TOWNSHIP) : NULL;
  GDate from, until;

  json_object_set_string_member (o, "standing",
                                 standing (c != NULL ? c->state : YC_CASE_STATE_DRAFT));
  set_time (o, "forwarded_at", forwarded != NULL ? forwarded->at : NULL);
  set_time (o, "answered_at", returned != NULL ? returned->at : NULL);
  json_object_set_boolean_member (o, "county_answered", returned != NULL);
  if (c != NULL && c->decision != YC_CASE_STATE_DRAFT)
    json_object_set_string_member (o, "decision", yc_case_state_to_string (c->decision));
  else
    json_object_set_null_member (o, "decision");
  if (c != NULL && c->decision_reason != NULL)
    json_object_set_string_member (o, "decision_reason", c->decision_reason);
  else
    json_object_set_null_member (o, "decision_reason");
  /* Waited: from the day it went to the county to the day the answer came, or today. */
  if (forwarded != NULL)
    {
      date_of (forwarded->at, &from);
      if (returned != NULL)
        date_of (returned->at, &until);
      else
        until = *today;
      json_object_set_int_member (o, "working_days_waited",
                                  MAX (0, yc_calendar_working_days_between (data->calendar,
                                                                            &from, &until,
                                                                            NULL)));
    }
  else
    json_object_set_null_member (o, "working_days_waited");
  return json_node_init_object (json_node_alloc (), o);
}

YcResponse *
yc_route_township_forwarded (YcServer  *server,
                             YcRequest *request)
{
  static const char *const known[] = { "state", "since", "page", "page_size", NULL };
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autoptr (YcProblem) problem = yc_problem_new (422, "invalid-params",
                                                  _("Some parameters of the request are not "
                                                    "valid"));
  const char *township = request->actor->township_code;
  const char *state = yc_request_query (request, "state");
  g_auto (GStrv) delegations = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *token_text = NULL;
  YcForwardedQuery query = { 0 };
  YcResponse *refusal;
  gboolean capped = FALSE, more = FALSE;
  guint total = 0, answered = 0;
  gint64 sync_token = 0;
  guint64 since = 0;
  YcStore *store;
  GDate today;

  if ((request->actor->role != YC_ROLE_TOWNSHIP && request->actor->role != YC_ROLE_CHIEF) ||
      township == NULL)
    return yc_problem_response (403, "forbidden", _("Not allowed"),
                                _("Only township staff follow the cases their township "
                                  "forwarded to the county."));

  yc_report_reject_unknown (request, problem, known);
  if (state != NULL && !g_str_equal (state, "open") && !g_str_equal (state, "all"))
    yc_problem_add_param (problem, "state", _("must be open or all"));
  query.has_since = yc_report_query_uint (request, problem, "since", 0, G_MAXINT64, &since);
  yc_report_query_page (request, problem, &query.page, &query.page_size);
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));

  delegations = yc_report_delegations (data->catalogue, NULL, township);
  query.township = township;
  query.delegations = (const char *const *) delegations;
  query.open_only = state == NULL || g_str_equal (state, "open");
  query.since = (gint64) since;
  if (query.has_since)
    query.page = 1;

  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    return yc_problem_from_store_error (error);
  rows = yc_store_forwarded_cases (store, &query, YC_REPORT_TOTAL_CAP, &total, &capped,
                                   &sync_token, &error);
  yc_server_release_reader (server, store);
  if (rows == NULL)
    return yc_problem_from_store_error (error);
  if ((refusal = yc_report_audit_list (server, request, "township.forwarded", rows->len)))
    return refusal;

  /* A sync that did not fit in one page continues after the last row it got. */
  if (query.has_since && rows->len == query.page_size && total > query.page_size)
    {
      sync_token = ((YcCaseRecord *) g_ptr_array_index (rows, rows->len - 1))->change_seq;
      more = TRUE;
    }

  yc_today (&today);
  token_text = g_strdup_printf ("%" G_GINT64_FORMAT, sync_token);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      YcCaseRecord *record = g_ptr_array_index (rows, i);

      if (g_str_equal (record->state, "returned_to_township"))
        answered++;
      json_builder_add_value (b, forwarded_entry (record, data, &today));
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "answered");
  json_builder_add_int_value (b, answered);
  json_builder_set_member_name (b, "page");
  json_builder_add_int_value (b, query.page);
  json_builder_set_member_name (b, "page_size");
  json_builder_add_int_value (b, query.page_size);
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
