/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue and the calendar, answered from the in-memory copy. */
#define G_LOG_DOMAIN "yc-routes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-routes.h"
#include "yc-server-private.h"

static gboolean
etag_matches (YcRequest  *request,
              const char *etag)
{
  const char *header = yc_request_header (request, "if-none-match");
  g_auto (GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

YcResponse *
yc_route_catalogue (YcServer  *server,
                    YcRequest *request)
{
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  YcResponse *response;

  if (etag_matches (request, data->catalogue_etag))
    response = yc_response_new_empty (304);
  else
    response = yc_response_new (200, "application/json", data->catalogue_json);
  response->etag = g_strdup (data->catalogue_etag);
  return response;
}

static gboolean
parse_uint (const char *text,
            guint64     min,
            guint64     max,
            guint64    *out)
{
  char *end = NULL;
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

YcResponse *
yc_route_item (YcServer  *server,
               YcRequest *request)
{
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  const char *code = yc_request_param (request, "code");
  const char *version_text = yc_request_query (request, "version");
  g_autoptr (JsonNode) node = NULL;
  YcItem *item;
  guint64 version = 0;

  if (version_text != NULL && !parse_uint (version_text, 1, G_MAXUINT32, &version))
    return yc_problem_invalid_param ("version", _("must be a whole number from 1"));
  item = version_text != NULL
           ? yc_catalogue_get_item_version (data->catalogue, code, (guint) version)
           : yc_catalogue_get_item (data->catalogue, code);
  if (item == NULL)
    return yc_problem_response (404, "no-such-item", _("No such item"),
                                _("The catalogue has no item (or item version) with this code."));
  node = yc_item_to_json (item);
  return yc_response_new_json (200, node);
}

typedef JsonNode *(*ToJson) (gconstpointer element);

static YcResponse *
list_response (GPtrArray *list,
               ToJson     to_json)
{
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < list->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (list, i)));
  json_node_set_array (node, array);
  return yc_response_new_json (200, node);
}

YcResponse *
yc_route_departments (YcServer  *server,
                      YcRequest *request)
{
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autoptr (GPtrArray) list = yc_catalogue_list_departments (data->catalogue);

  return list_response (list, (ToJson) yc_department_to_json);
}

YcResponse *
yc_route_townships (YcServer  *server,
                    YcRequest *request)
{
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autoptr (GPtrArray) list = yc_catalogue_list_townships (data->catalogue);

  return list_response (list, (ToJson) yc_township_to_json);
}

YcResponse *
yc_route_windows (YcServer  *server,
                  YcRequest *request)
{
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autoptr (GPtrArray) list = yc_catalogue_list_windows (data->catalogue);

  return list_response (list, (ToJson) yc_window_to_json);
}

YcResponse *
yc_route_calendar_years (YcServer  *server,
                         YcRequest *request)
{
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autoptr (GArray) years = yc_calendar_list_years (data->calendar);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "years");
  json_builder_begin_array (b);
  for (guint i = 0; i < years->len; i++)
    json_builder_add_int_value (b, g_array_index (years, int, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return yc_response_new_json (200, root);
}

YcResponse *
yc_route_calendar_year (YcServer  *server,
                        YcRequest *request)
{
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autofree char *json = NULL;
  g_autoptr (GBytes) body = NULL;
  guint64 year;

  if (!parse_uint (yc_request_param (request, "year"), 1900, 2200, &year))
    return yc_problem_invalid_param ("year", _("must be a year such as 2026"));
  json = yc_calendar_year_to_json (data->calendar, (int) year);
  if (json == NULL)
    return yc_problem_response (404, "no-such-year", _("No calendar for that year"),
                                _("This server has no working-day calendar for that year."));
  body = g_bytes_new_take (json, strlen (json));
  json = NULL;
  return yc_response_new (200, "application/json", body);
}
