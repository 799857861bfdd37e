/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Is it faster?": counts, on-time % and working days against the committed and legal limits
 * per window, department, item, township or day, and the list of open cases past their
 * committed due date; as JSON, or as CSV for a spreadsheet. From the store's running totals
 * (migration 3), so a year of the county answers in milliseconds. */
#define G_LOG_DOMAIN "yc-routes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "yc-routes.h"
#include "yc-routes-reports.h"
#include "yc-case-view.h"
#include "yc-server-private.h"

/* Who sees what: the administrator everything, a chief their department or township. */
static YcResponse *
statistics_scope (YcRequest   *request,
                  const char **scope_department,
                  const char **scope_township)
{
  *scope_department = NULL;
  *scope_township = NULL;
  switch (request->actor->role)
    {
    case YC_ROLE_ADMIN:
      return NULL;
    case YC_ROLE_CHIEF:
      if (request->actor->township_code != NULL)
        *scope_township = request->actor->township_code;
      else
        *scope_department = request->actor->department_code != NULL
                              ? request->actor->department_code : "";
      return NULL;
    case YC_ROLE_CLERK:
    case YC_ROLE_TOWNSHIP:
    default:
      return yc_problem_response (403, "forbidden", _("Not allowed"),
                                  _("Statistics are for section chiefs and the administrator."));
    }
}

static double
ratio (gint64 numerator,
       gint64 denominator,
       double scale)
{
  return denominator > 0 ? (double) numerator * scale / (double) denominator : NAN;
}

/* How much shorter @part is than @whole, in per cent. */
static double
shorter (gint64 part,
         gint64 whole)
{
  return whole > 0 ? 100.0 * (1.0 - (double) part / (double) whole) : NAN;
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isnan (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, round (value * 10.0) / 10.0);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_figures (JsonBuilder           *b,
             const YcStatisticsRow *row)
{
  add_int (b, "received", row->received);
  add_int (b, "accepted", row->accepted);
  add_int (b, "refused", row->refused);
  add_int (b, "decided", row->decided);
  add_int (b, "on_time", row->on_time);
  add_int (b, "overdue", row->overdue);
  add_number (b, "on_time_pct", ratio (row->on_time, row->decided, 100.0));
  add_number (b, "avg_working_days", ratio (row->sum_days_used, row->decided, 1.0));
  add_number (b, "avg_committed_limit", ratio (row->sum_committed_limit, row->decided, 1.0));
  add_number (b, "avg_legal_limit", ratio (row->sum_legal_limit, row->decided, 1.0));
  add_number (b, "committed_vs_legal_pct",
              shorter (row->sum_committed_limit, row->sum_legal_limit));
  add_number (b, "actual_vs_legal_pct", shorter (row->sum_days_used, row->sum_legal_limit));
}

static void
csv_figures (GString               *csv,
             const YcStatisticsRow *row)
{
  yc_csv_field_int (csv, row->received);
  yc_csv_field_int (csv, row->accepted);
  yc_csv_field_int (csv, row->refused);
  yc_csv_field_int (csv, row->decided);
  yc_csv_field_int (csv, row->on_time);
  yc_csv_field_int (csv, row->overdue);
  yc_csv_field_double (csv, ratio (row->on_time, row->decided, 100.0));
  yc_csv_field_double (csv, ratio (row->sum_days_used, row->decided, 1.0));
  yc_csv_field_double (csv, ratio (row->sum_committed_limit, row->decided, 1.0));
  yc_csv_field_double (csv, ratio (row->sum_legal_limit, row->decided, 1.0));
  yc_csv_field_double (csv, shorter (row->sum_committed_limit, row->sum_legal_limit));
  yc_csv_field_double (csv, shorter (row->sum_days_used, row->sum_legal_limit));
  yc_csv_end_row (csv);
}

/* What people call the thing a row is about. */
static const char *
key_name (YcCatalogue      *catalogue,
          YcStatisticsGroup group,
          const char       *key)
{
  YcDepartment *department;
  YcTownship *township;
  YcWindow *window;
  YcItem *item;

  switch (group)
    {
    case YC_STATISTICS_BY_WINDOW:
      window = yc_catalogue_get_window (catalogue, key);
      return window != NULL ? window->name : key;
    case YC_STATISTICS_BY_DEPARTMENT:
      department = yc_catalogue_get_department (catalogue, key);
      return department != NULL ? department->name : key;
    case YC_STATISTICS_BY_ITEM:
      item = yc_catalogue_get_item (catalogue, key);
      return item != NULL ? item->name : key;
    case YC_STATISTICS_BY_TOWNSHIP:
      if (*key == '\0')
        return _("County hall");
      township = yc_catalogue_get_township (catalogue, key);
      return township != NULL ? township->name : key;
    case YC_STATISTICS_BY_DAY:
    default:
      return key;
    }
}

static void
add_to_total (YcStatisticsRow       *total,
              const YcStatisticsRow *row)
{
  total->received += row->received;
  total->accepted += row->accepted;
  total->refused += row->refused;
  total->decided += row->decided;
  total->on_time += row->on_time;
  total->overdue += row->overdue;
  total->sum_days_used += row->sum_days_used;
  total->sum_committed_limit += row->sum_committed_limit;
  total->sum_legal_limit += row->sum_legal_limit;
}

static const char *const csv_figure_columns[] = {
  "received", "accepted", "refused", "decided", "on_time", "overdue", "on_time_pct",
  "avg_working_days", "avg_committed_limit", "avg_legal_limit", "committed_vs_legal_pct",
  "actual_vs_legal_pct", NULL,
};

YcResponse *
yc_route_statistics (YcServer  *server,
                     YcRequest *request)
{
  static const char *const known[] = { "group", "from", "to", "format", NULL };
  static const char *const groups[] = { "window", "department", "day", "item", "township",
                                        NULL };
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autoptr (YcProblem) problem = yc_problem_new (422, "invalid-params",
                                                  _("Some parameters of the request are not "
                                                    "valid"));
  const char *group = yc_request_query (request, "group");
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *today_text = NULL;
  YcStatisticsQuery query = { 0 };
  YcStatisticsRow total = { 0 };
  YcResponse *refusal;
  gboolean csv;
  YcStore *store;
  GDate today;

  if ((refusal = statistics_scope (request, &query.scope_department, &query.scope_township)))
    return refusal;

  yc_report_reject_unknown (request, problem, known);
  if (group == NULL)
    group = "window";
  if (!g_strv_contains (groups, group))
    yc_problem_add_param (problem, "group",
                          _("must be window, department, day, item or township"));
  for (guint i = 0; groups[i] != NULL; i++)
    if (g_str_equal (groups[i], group))
      query.group = (YcStatisticsGroup) i;
  query.from = yc_report_query_date (request, problem, "from");
  query.to = yc_report_query_date (request, problem, "to");
  csv = yc_report_wants_csv (request, problem);
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));

  yc_today (&today);
  today_text = yc_format_iso_date (&today);
  query.today = today_text;
  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    return yc_problem_from_store_error (error);
  rows = yc_store_statistics (store, &query, &error);
  yc_server_release_reader (server, store);
  if (rows == NULL)
    return yc_problem_from_store_error (error);
  for (guint i = 0; i < rows->len; i++)
    add_to_total (&total, g_ptr_array_index (rows, i));

  if (csv)
    {
      GString *text = g_string_new (NULL);
      g_autofree char *filename = g_strdup_printf ("statistics-%s-%s.csv", group, today_text);

      yc_csv_field (text, group);
      yc_csv_field (text, "name");
      for (guint i = 0; csv_figure_columns[i] != NULL; i++)
        yc_csv_field (text, csv_figure_columns[i]);
      yc_csv_end_row (text);
      for (guint i = 0; i < rows->len; i++)
        {
          YcStatisticsRow *row = g_ptr_array_index (rows, i);

          yc_csv_field (text, row->key);
          yc_csv_field (text, key_name (data->catalogue, query.group, row->key));
          csv_figures (text, row);
        }
      yc_csv_field (text, "total");
      yc_csv_field (text, _("Total"));
      csv_figures (text, &total);
      return yc_csv_response (text, filename);
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "group");
  json_builder_add_string_value (b, group);
  json_builder_set_member_name (b, "from");
  query.from != NULL ? json_builder_add_string_value (b, query.from)
                     : json_builder_add_null_value (b);
  json_builder_set_member_name (b, "to");
  query.to != NULL ? json_builder_add_string_value (b, query.to)
                   : json_builder_add_null_value (b);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      YcStatisticsRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "key");
      json_builder_add_string_value (b, row->key);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, key_name (data->catalogue, query.group, row->key));
      add_figures (b, row);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "total");
  json_builder_begin_object (b);
  add_figures (b, &total);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return yc_response_new_json (200, root);
}

/* Overdue cases ----------------------------------------------------------------------------- */

YcResponse *
yc_route_statistics_overdue (YcServer  *server,
                             YcRequest *request)
{
  static const char *const known[] = {
    "department", "window", "item", "township", "from", "to", "page", "page_size", "format",
    NULL,
  };
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autoptr (YcProblem) problem = yc_problem_new (422, "invalid-params",
                                                  _("Some parameters of the request are not "
                                                    "valid"));
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *today_text = NULL;
  YcOverdueQuery query = { 0 };
  YcResponse *refusal;
  gboolean csv, capped = FALSE;
  guint total = 0;
  YcStore *store;
  GDate today;

  if ((refusal = statistics_scope (request, &query.scope_department, &query.scope_township)))
    return refusal;

  yc_report_reject_unknown (request, problem, known);
  query.department = yc_report_query_string (request, problem, "department", 32);
  query.window = yc_report_query_string (request, problem, "window", 8);
  query.item = yc_report_query_string (request, problem, "item", 64);
  query.township = yc_report_query_string (request, problem, "township", 16);
  query.from = yc_report_query_date (request, problem, "from");
  query.to = yc_report_query_date (request, problem, "to");
  yc_report_query_page (request, problem, &query.page, &query.page_size);
  csv = yc_report_wants_csv (request, problem);
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));

  /* A CSV export is the whole list (up to the cap), not one page. */
  if (csv)
    {
      query.page = 1;
      query.page_size = YC_REPORT_TOTAL_CAP;
    }
  yc_today (&today);
  today_text = yc_format_iso_date (&today);
  query.today = today_text;
  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    return yc_problem_from_store_error (error);
  rows = yc_store_overdue_cases (store, &query, YC_REPORT_TOTAL_CAP, &total, &capped, &error);
  yc_server_release_reader (server, store);
  if (rows == NULL)
    return yc_problem_from_store_error (error);
  if ((refusal = yc_report_audit_list (server, request, "statistics.overdue", rows->len)))
    return refusal;

  if (csv)
    {
      GString *text = g_string_new (NULL);
      g_autofree char *filename = g_strdup_printf ("overdue-%s.csv", today_text);
      const char *const columns[] = {
        "number", "item_code", "item_name", "department_code", "window_code", "township_code",
        "applicant_name", "state", "accepted_on", "committed_due", "legal_due",
        "working_days_overdue", NULL,
      };

      for (guint i = 0; columns[i] != NULL; i++)
        yc_csv_field (text, columns[i]);
      yc_csv_end_row (text);
      for (guint i = 0; i < rows->len; i++)
        {
          YcCaseRecord *r = g_ptr_array_index (rows, i);
          YcItem *item = yc_catalogue_get_item_version (data->catalogue, r->item_code,
                                                        r->item_version);
          GDate due;

          yc_csv_field (text, r->number);
          yc_csv_field (text, r->item_code);
          yc_csv_field (text, item != NULL ? item->name : NULL);
          yc_csv_field (text, r->department_code);
          yc_csv_field (text, r->window_code);
          yc_csv_field (text, r->township_code);
          yc_csv_field (text, r->applicant_name);
          yc_csv_field (text, r->state);
          yc_csv_field (text, r->accepted_on);
          yc_csv_field (text, r->committed_due);
          yc_csv_field (text, r->legal_due);
          if (yc_parse_iso_date (r->committed_due, &due))
            yc_csv_field_int (text, yc_calendar_working_days_between (data->calendar, &due,
                                                                      &today, NULL));
          else
            yc_csv_field (text, NULL);
          yc_csv_end_row (text);
        }
      return yc_csv_response (text, filename);
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      YcCaseRecord *r = g_ptr_array_index (rows, i);
      g_autoptr (JsonObject) o = yc_report_case_summary (r, data, &today);
      GDate due;

      if (yc_parse_iso_date (r->committed_due, &due))
        json_object_set_int_member (o, "working_days_overdue",
                                    yc_calendar_working_days_between (data->calendar, &due,
                                                                      &today, NULL));
      json_builder_add_value (b, json_node_init_object (json_node_alloc (), o));
    }
  json_builder_end_array (b);
  add_int (b, "page", query.page);
  add_int (b, "page_size", query.page_size);
  add_int (b, "total", total);
  json_builder_set_member_name (b, "total_capped");
  json_builder_add_boolean_value (b, capped);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return yc_response_new_json (200, root);
}
