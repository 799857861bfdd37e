/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-routes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "yc-routes-reports.h"
#include "yc-case-view.h"
#include "yc-server-private.h"

void
yc_report_reject_unknown (YcRequest         *request,
                          YcProblem         *problem,
                          const char *const *known)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_strv_contains (known, key))
      yc_problem_add_param (problem, key, _("unknown parameter"));
}

const char *
yc_report_query_string (YcRequest  *request,
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

gboolean
yc_report_query_uint (YcRequest  *request,
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

const char *
yc_report_query_date (YcRequest  *request,
                      YcProblem  *problem,
                      const char *name)
{
  const char *value = yc_request_query (request, name);
  GDate date;

  if (value == NULL)
    return NULL;
  if (!yc_parse_iso_date (value, &date))
    {
      yc_problem_add_param (problem, name, _("must be a date YYYY-MM-DD"));
      return NULL;
    }
  return value;
}

void
yc_report_query_page (YcRequest *request,
                      YcProblem *problem,
                      guint     *page,
                      guint     *page_size)
{
  guint64 value;

  *page = 1;
  *page_size = YC_REPORT_PAGE_SIZE_DEFAULT;
  if (yc_report_query_uint (request, problem, "page", 1, 100000, &value))
    *page = (guint) value;
  if (yc_report_query_uint (request, problem, "page_size", 1, YC_REPORT_PAGE_SIZE_MAX, &value))
    *page_size = (guint) value;
}

/* The q-value Accept gives @type (exact or type/ *), 0 when it is not acceptable. */
static double
accept_quality (const char *accept,
                const char *type)
{
  g_auto (GStrv) ranges = g_strsplit (accept, ",", -1);
  double best = 0;

  for (guint i = 0; ranges[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (ranges[i], ";", -1);
      g_autofree char *range = g_ascii_strdown (g_strstrip (parts[0]), -1);
      double q = 1;

      for (guint j = 1; parts[j] != NULL; j++)
        {
          const char *param = g_strstrip (parts[j]);

          if (g_str_has_prefix (param, "q="))
            q = g_ascii_strtod (param + 2, NULL);
        }
      if (g_str_equal (range, type))
        best = MAX (best, q + 0.001);    /* the exact type wins a tie */
    }
  return best;
}

gboolean
yc_report_wants_csv (YcRequest *request,
                     YcProblem *problem)
{
  const char *format = yc_request_query (request, "format");
  const char *accept = yc_request_header (request, "accept");

  if (format != NULL)
    {
      if (g_str_equal (format, "csv"))
        return TRUE;
      if (!g_str_equal (format, "json"))
        yc_problem_add_param (problem, "format", _("must be json or csv"));
      return FALSE;
    }
  if (accept == NULL)
    return FALSE;
  return accept_quality (accept, "text/csv") > MAX (accept_quality (accept, "application/json"),
                                                    0);
}

static void
csv_separator (GString *csv)
{
  if (csv->len > 0 && csv->str[csv->len - 1] != '\n')
    g_string_append_c (csv, ',');
}

void
yc_csv_field (GString    *csv,
              const char *value)
{
  csv_separator (csv);
  if (value == NULL)
    return;
  /* Quote what needs it, and neutralise a leading formula character (CSV injection). */
  if (strpbrk (value, ",\"\r\n") != NULL || strchr ("=+-@", value[0]) != NULL)
    {
      g_string_append_c (csv, '"');
      if (value[0] != '\0' && strchr ("=+-@", value[0]) != NULL)
        g_string_append_c (csv, '\'');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else
    g_string_append (csv, value);
}

void
yc_csv_field_int (GString *csv,
                  gint64   value)
{
  csv_separator (csv);
  g_string_append_printf (csv, "%" G_GINT64_FORMAT, value);
}

void
yc_csv_field_double (GString *csv,
                     double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  csv_separator (csv);
  if (!isnan (value))
    g_string_append (csv, g_ascii_formatd (buffer, sizeof buffer, "%.1f", value));
}

void
yc_csv_end_row (GString *csv)
{
  g_string_append (csv, "\r\n");
}

YcResponse *
yc_csv_response (GString    *csv,
                 const char *filename)
{
  g_autoptr (GBytes) body = NULL;
  YcResponse *response;

  g_string_prepend (csv, "\xef\xbb\xbf");
  body = g_string_free_to_bytes (csv);
  response = yc_response_new (200, "text/csv; charset=utf-8", body);
  response->content_disposition = g_strdup_printf ("attachment; filename=\"%s\"", filename);
  return response;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GStrv
yc_report_delegations (YcCatalogue *catalogue,
                       const char  *department,
                       const char  *township)
{
  g_autoptr (GPtrArray) items = department != NULL
                                  ? yc_catalogue_list_department_items (catalogue, department)
                                  : yc_catalogue_list_items (catalogue);
  g_autoptr (GPtrArray) pairs = g_ptr_array_new ();

  for (guint i = 0; i < items->len; i++)
    {
      YcItem *newest = g_ptr_array_index (items, i);
      g_autoptr (GPtrArray) versions = yc_catalogue_list_item_versions (catalogue,
                                                                        newest->code);

      for (guint v = 0; versions != NULL && v < versions->len; v++)
        {
          YcItem *item = g_ptr_array_index (versions, v);

          for (guint t = 0; item->townships != NULL && item->townships[t] != NULL; t++)
            if (township == NULL || g_str_equal (item->townships[t], township))
              g_ptr_array_add (pairs, g_strdup_printf ("%s/%u@%s", item->code, item->version,
                                                       item->townships[t]));
        }
    }
  g_ptr_array_sort (pairs, compare_strings);
  g_ptr_array_add (pairs, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&pairs), FALSE);
}

GStrv
yc_report_parallel_items (YcCatalogue *catalogue)
{
  g_autoptr (GPtrArray) items = yc_catalogue_list_items (catalogue);
  g_autoptr (GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; i < items->len; i++)
    {
      YcItem *newest = g_ptr_array_index (items, i);
      g_autoptr (GPtrArray) versions = yc_catalogue_list_item_versions (catalogue,
                                                                        newest->code);
      gboolean wanted = FALSE;

      /* Any version: a case keeps the version it was taken in under. */
      for (guint v = 0; versions != NULL && v < versions->len; v++)
        {
          YcItem *item = g_ptr_array_index (versions, v);
          const char *const *departments = (const char *const *) item->parallel_departments;

          if (departments != NULL && departments[0] != NULL)
            wanted = TRUE;
        }
      if (wanted)
        g_ptr_array_add (codes, g_strdup (newest->code));
    }
  g_ptr_array_add (codes, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&codes), FALSE);
}

YcResponse *
yc_report_audit_list (YcServer   *server,
                      YcRequest  *request,
                      const char *action,
                      guint       n)
{
  g_autoptr (JsonObject) detail = json_object_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (n == 0)
    return NULL;
  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_string_member (detail, key, value);
  json_object_set_int_member (detail, "results", n);
  json_node_set_object (node, detail);
  text = yc_json_to_string (node);
  if (!yc_server_audit (server, request, action, NULL, text, &error))
    return yc_problem_from_store_error (error);
  return NULL;
}

JsonObject *
yc_report_case_summary (const YcCaseRecord *record,
                        YcCountyData       *data,
                        const GDate        *today)
{
  g_autoptr (JsonNode) node = yc_case_summary_to_json (record, data->calendar, today);
  JsonObject *object = json_object_ref (json_node_get_object (node));
  YcItem *item = yc_catalogue_get_item_version (data->catalogue, record->item_code,
                                                record->item_version);

  if (item != NULL)
    json_object_set_string_member (object, "item_name", item->name);
  else
    json_object_set_null_member (object, "item_name");
  return object;
}
