/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Is it faster?": counts and working-day averages per window, department, item or day. */
#define G_LOG_DOMAIN "yc-routes"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-routes.h"
#include "yc-server-private.h"

static void
add_ratio (JsonBuilder *b,
           const char  *name,
           gint64       numerator,
           gint64       denominator,
           double       scale)
{
  json_builder_set_member_name (b, name);
  if (denominator > 0)
    json_builder_add_double_value (b, (double) numerator * scale / (double) denominator);
  else
    json_builder_add_null_value (b);
}

YcResponse *
yc_route_statistics (YcServer  *server,
                     YcRequest *request)
{
  static const char *const known[] = { "group", "from", "to", NULL };
  g_autoptr (YcProblem) problem = yc_problem_new (422, "invalid-params",
                                                  _("Some parameters of the request are not "
                                                    "valid"));
  const char *group = yc_request_query (request, "group");
  const char *from = yc_request_query (request, "from");
  const char *to = yc_request_query (request, "to");
  const char *scope_department = NULL, *scope_township = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) root = NULL;
  YcStatisticsGroup group_value = YC_STATISTICS_BY_WINDOW;
  GHashTableIter iter;
  gpointer key, value;
  YcStore *store;
  GDate date;

  switch (request->actor->role)
    {
    case YC_ROLE_ADMIN:
      break;
    case YC_ROLE_CHIEF:
      if (request->actor->township_code != NULL)
        scope_township = request->actor->township_code;
      else
        scope_department = request->actor->department_code != NULL
                             ? request->actor->department_code : "";
      break;
    case YC_ROLE_CLERK:
    case YC_ROLE_TOWNSHIP:
    default:
      return yc_problem_response (403, "forbidden", _("Not allowed"),
                                  _("Statistics are for section chiefs and the administrator."));
    }

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_strv_contains (known, key))
      yc_problem_add_param (problem, key, _("unknown parameter"));
  if (group == NULL || g_str_equal (group, "window"))
    group_value = YC_STATISTICS_BY_WINDOW;
  else if (g_str_equal (group, "department"))
    group_value = YC_STATISTICS_BY_DEPARTMENT;
  else if (g_str_equal (group, "day"))
    group_value = YC_STATISTICS_BY_DAY;
  else if (g_str_equal (group, "item"))
    group_value = YC_STATISTICS_BY_ITEM;
  else
    yc_problem_add_param (problem, "group", _("must be window, department, day or item"));
  if (group == NULL)
    group = "window";
  if (from != NULL && !yc_parse_iso_date (from, &date))
    yc_problem_add_param (problem, "from", _("must be a date YYYY-MM-DD"));
  if (to != NULL && !yc_parse_iso_date (to, &date))
    yc_problem_add_param (problem, "to", _("must be a date YYYY-MM-DD"));
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));

  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    return yc_problem_from_store_error (error);
  rows = yc_store_statistics (store, group_value, from, to, scope_department, scope_township,
                              &error);
  yc_server_release_reader (server, store);
  if (rows == NULL)
    return yc_problem_from_store_error (error);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "group");
  json_builder_add_string_value (b, group);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      YcStatisticsRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "key");
      json_builder_add_string_value (b, row->key != NULL ? row->key : "");
      json_builder_set_member_name (b, "received");
      json_builder_add_int_value (b, row->received);
      json_builder_set_member_name (b, "accepted");
      json_builder_add_int_value (b, row->accepted);
      json_builder_set_member_name (b, "refused");
      json_builder_add_int_value (b, row->refused);
      json_builder_set_member_name (b, "decided");
      json_builder_add_int_value (b, row->decided);
      add_ratio (b, "on_time_pct", row->on_time, row->decided, 100.0);
      add_ratio (b, "avg_working_days", row->sum_days_used, row->decided, 1.0);
      add_ratio (b, "avg_committed_limit", row->sum_committed_limit, row->decided, 1.0);
      add_ratio (b, "avg_legal_limit", row->sum_legal_limit, row->decided, 1.0);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return yc_response_new_json (200, root);
}
