/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "yc-http.h"
#include "yc-auth.h"

/* Deeper than any document we accept; keeps a hostile body from exhausting the stack of the
 * recursive JSON parser. */
#define MAX_JSON_DEPTH 32

YcRequest *
yc_request_new (void)
{
  YcRequest *self = g_new0 (YcRequest, 1);

  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->body = g_bytes_new (NULL, 0);
  return self;
}

void
yc_request_free (YcRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->request_id);
  g_free (self->method);
  g_free (self->path);
  g_hash_table_unref (self->params);
  g_hash_table_unref (self->query);
  g_hash_table_unref (self->headers);
  g_bytes_unref (self->body);
  g_free (self->address);
  yc_user_record_free (self->user);
  yc_actor_free (self->actor);
  g_free (self->token_hash);
  g_free (self->idempotency_key);
  g_free (self->request_hash);
  g_free (self);
}

const char *
yc_request_header (YcRequest  *self,
                   const char *lower_name)
{
  return g_hash_table_lookup (self->headers, lower_name);
}

const char *
yc_request_param (YcRequest  *self,
                  const char *name)
{
  return g_hash_table_lookup (self->params, name);
}

const char *
yc_request_query (YcRequest  *self,
                  const char *name)
{
  return g_hash_table_lookup (self->query, name);
}

YcResponse *
yc_response_new (guint       status,
                 const char *content_type,
                 GBytes     *body)
{
  YcResponse *self = g_new0 (YcResponse, 1);

  self->status = status;
  self->content_type = g_strdup (content_type);
  self->body = body != NULL ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  self->cacheable = TRUE;
  return self;
}

char *
yc_json_to_string (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

char *
yc_json_detail (const char *first_name,
                ...)
{
  g_autoptr (JsonObject) object = json_object_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        json_object_set_string_member (object, name, value);
      name = va_arg (args, const char *);
    }
  va_end (args);
  json_node_set_object (node, object);
  return yc_json_to_string (node);
}

YcResponse *
yc_response_new_json (guint     status,
                      JsonNode *node)
{
  char *text = yc_json_to_string (node);
  g_autoptr (GBytes) body = g_bytes_new_take (text, strlen (text));

  return yc_response_new (status, "application/json", body);
}

YcResponse *
yc_response_new_empty (guint status)
{
  return yc_response_new (status, NULL, NULL);
}

void
yc_response_free (YcResponse *self)
{
  if (self == NULL)
    return;
  g_free (self->content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->etag);
  g_free (self->location);
  g_free (self->allow);
  g_free (self->content_disposition);
  g_free (self);
}

YcStoredResponse *
yc_response_to_stored (const YcResponse *self,
                       const char       *request_hash)
{
  YcStoredResponse *stored = g_new0 (YcStoredResponse, 1);

  stored->request_hash = g_strdup (request_hash);
  stored->status = self->status;
  stored->content_type = g_strdup (self->content_type != NULL ? self->content_type : "");
  stored->etag = g_strdup (self->etag);
  stored->location = g_strdup (self->location);
  stored->body = g_bytes_ref (self->body);
  return stored;
}

YcResponse *
yc_response_from_stored (const YcStoredResponse *stored)
{
  YcResponse *self = yc_response_new (stored->status,
                                      stored->content_type[0] != '\0' ? stored->content_type
                                                                      : NULL,
                                      stored->body);

  self->etag = g_strdup (stored->etag);
  self->location = g_strdup (stored->location);
  self->replayed = TRUE;
  return self;
}

/* Problems ---------------------------------------------------------------------------------- */

struct _YcProblem
{
  guint       status;
  char       *code;
  char       *title;
  char       *detail;
  JsonArray  *params;
  JsonObject *members;
};

YcProblem *
yc_problem_new (guint       status,
                const char *code,
                const char *title)
{
  YcProblem *self = g_new0 (YcProblem, 1);

  self->status = status;
  self->code = g_strdup (code);
  self->title = g_strdup (title);
  self->params = json_array_new ();
  self->members = json_object_new ();
  return self;
}

void
yc_problem_set_detail (YcProblem  *self,
                       const char *format,
                       ...)
{
  va_list args;

  g_free (self->detail);
  va_start (args, format);
  self->detail = g_strdup_vprintf (format, args);
  va_end (args);
}

void
yc_problem_add_param (YcProblem  *self,
                      const char *name,
                      const char *reason)
{
  JsonObject *param = json_object_new ();

  json_object_set_string_member (param, "name", name);
  json_object_set_string_member (param, "reason", reason);
  json_array_add_object_element (self->params, param);
}

void
yc_problem_set_member (YcProblem  *self,
                       const char *name,
                       JsonNode   *value)
{
  json_object_set_member (self->members, name, value);
}

guint
yc_problem_n_params (YcProblem *self)
{
  return json_array_get_length (self->params);
}

void
yc_problem_free (YcProblem *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->title);
  g_free (self->detail);
  json_array_unref (self->params);
  json_object_unref (self->members);
  g_free (self);
}

YcResponse *
yc_problem_to_response (YcProblem *self)
{
  g_autoptr (JsonObject) root = json_object_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *type = g_strconcat (YC_PROBLEM_TYPE_PREFIX, self->code, NULL);
  g_autoptr (GList) names = json_object_get_members (self->members);
  YcResponse *response;
  char *text;

  json_object_set_string_member (root, "type", type);
  json_object_set_string_member (root, "code", self->code);
  json_object_set_string_member (root, "title", self->title);
  json_object_set_int_member (root, "status", self->status);
  json_object_set_string_member (root, "detail",
                                 self->detail != NULL ? self->detail : self->title);
  if (json_array_get_length (self->params) > 0)
    json_object_set_array_member (root, "invalid-params", json_array_ref (self->params));
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (root, l->data,
                            json_node_copy (json_object_get_member (self->members, l->data)));

  json_node_set_object (node, root);
  text = yc_json_to_string (node);
  {
    g_autoptr (GBytes) body = g_bytes_new_take (text, strlen (text));

    response = yc_response_new (self->status, "application/problem+json", body);
  }
  yc_problem_free (self);
  return response;
}

YcResponse *
yc_problem_response (guint       status,
                     const char *code,
                     const char *title,
                     const char *detail)
{
  YcProblem *problem = yc_problem_new (status, code, title);

  if (detail != NULL)
    yc_problem_set_detail (problem, "%s", detail);
  return yc_problem_to_response (problem);
}

YcResponse *
yc_problem_invalid_param (const char *name,
                          const char *reason)
{
  YcProblem *problem = yc_problem_new (422, "invalid-params",
                                       _("Some fields of the request are not valid"));

  yc_problem_add_param (problem, name, reason);
  yc_problem_set_detail (problem, "%s: %s", name, reason);
  return yc_problem_to_response (problem);
}

YcResponse *
yc_problem_from_store_error (const GError *error)
{
  YcResponse *response;

  /* Nothing here is the caller's fault; the details go to the log, not to the client. */
  g_warning ("Store error: %s", error->message);
  if (g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_BUSY))
    {
      response = yc_problem_response (503, "busy", _("The server is busy"),
                                      _("The server is busy. Try again in a moment."));
      response->retry_after = 1;
    }
  else if (g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_DURABLE))
    {
      /* It may or may not be on disk: only a retry under the same key settles it. */
      response = yc_problem_response (503, "not-confirmed",
                                      _("The server could not confirm the save"),
                                      _("The server’s disk did not confirm that this was "
                                        "saved. Keep it and send it again once the "
                                        "administrator has restarted the server; it will not "
                                        "be done twice."));
      response->retry_after = 30;
    }
  else
    {
      response = yc_problem_response (503, "storage-unavailable",
                                      _("The server cannot save right now"),
                                      _("The server could not save or read the data. Nothing "
                                        "was changed; try again, and tell the administrator "
                                        "if it persists."));
      response->retry_after = 5;
    }
  response->cacheable = FALSE;
  return response;
}

/* JSON bodies ------------------------------------------------------------------------------- */

/* Nesting depth, and nothing after the top-level value (json-glib would ignore it). */
static const char *
json_shape_problem (const char *data,
                    gsize       len)
{
  gboolean in_string = FALSE, started = FALSE;
  int depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (started && depth == 0)
        {
          if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return _("There is more after the JSON document.");
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          started = TRUE;
          if (++depth > MAX_JSON_DEPTH)
            return _("The body is nested too deeply.");
        }
      else if (c == '}' || c == ']')
        depth--;
    }
  return NULL;
}

JsonNode *
yc_request_parse_json (YcRequest   *self,
                       YcResponse **problem_response)
{
  const char *content_type = yc_request_header (self, "content-type");
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (self->body, &len);
  g_autofree char *media = NULL;
  const char *shape;

  if (content_type != NULL)
    {
      const char *semi = strchr (content_type, ';');

      media = g_strstrip (g_ascii_strdown (content_type, semi != NULL ? semi - content_type
                                                                      : -1));
    }
  if (media == NULL || !g_str_equal (media, "application/json"))
    {
      *problem_response = yc_problem_response (415, "unsupported-media-type",
                                               _("The body must be JSON"),
                                               _("Send the body as application/json."));
      return NULL;
    }
  if (len == 0 || data == NULL)
    {
      *problem_response = yc_problem_response (400, "malformed-json",
                                               _("The body is not valid JSON"),
                                               _("The request has no body."));
      return NULL;
    }
  if (!g_utf8_validate (data, len, NULL))
    {
      *problem_response = yc_problem_response (400, "malformed-json",
                                               _("The body is not valid JSON"),
                                               _("The body is not valid UTF-8."));
      return NULL;
    }
  if ((shape = json_shape_problem (data, len)) != NULL)
    {
      *problem_response = yc_problem_response (400, "malformed-json",
                                               _("The body is not valid JSON"), shape);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &error))
    {
      YcProblem *problem = yc_problem_new (400, "malformed-json",
                                           _("The body is not valid JSON"));

      yc_problem_set_detail (problem, "%s", error->message);
      *problem_response = yc_problem_to_response (problem);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (
                                                                          parser)))
    {
      *problem_response = yc_problem_response (400, "malformed-json",
                                               _("The body is not valid JSON"),
                                               _("The body must be a JSON object."));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

void
yc_fields_error (YcFields   *fields,
                 const char *name,
                 const char *reason)
{
  g_autofree char *path = g_strconcat (fields->prefix, name, NULL);

  yc_problem_add_param (fields->problem, path, reason);
}

void
yc_fields_reject_unknown (YcFields          *fields,
                          const char *const *known)
{
  g_autoptr (GList) names = json_object_get_members (fields->object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (!g_strv_contains (known, l->data))
        yc_fields_error (fields, l->data, _("unknown field"));
    }
}

static JsonNode *
member (YcFields   *fields,
        const char *name,
        gboolean    required)
{
  JsonNode *node = json_object_get_member (fields->object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        yc_fields_error (fields, name, _("required"));
      return NULL;
    }
  return node;
}

gboolean
yc_fields_string (YcFields    *fields,
                  const char  *name,
                  gboolean     required,
                  gsize        max_chars,
                  const char **out)
{
  JsonNode *node = member (fields, name, required);
  const char *value;

  *out = NULL;
  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      yc_fields_error (fields, name, _("must be a string"));
      return FALSE;
    }
  value = json_node_get_string (node);
  if (g_utf8_strlen (value, -1) > (glong) max_chars)
    {
      g_autofree char *reason = g_strdup_printf (_("longer than %u characters"),
                                                 (guint) max_chars);

      yc_fields_error (fields, name, reason);
      return FALSE;
    }
  for (const char *p = value; *p != '\0'; p++)
    {
      if ((guchar) * p < 0x20 && *p != '\n' && *p != '\t')
        {
          yc_fields_error (fields, name, _("contains control characters"));
          return FALSE;
        }
    }
  if (required && value[0] == '\0')
    {
      yc_fields_error (fields, name, _("required"));
      return FALSE;
    }
  *out = value[0] != '\0' ? value : NULL;
  return *out != NULL;
}

gboolean
yc_fields_int (YcFields   *fields,
               const char *name,
               gboolean    required,
               gint64      min,
               gint64      max,
               gint64     *out)
{
  JsonNode *node = member (fields, name, required);
  gint64 value;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      yc_fields_error (fields, name, _("must be a whole number"));
      return FALSE;
    }
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_autofree char *lo = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GINT64_FORMAT, max);
      g_autofree char *reason = g_strdup_printf (_("must be between %s and %s"), lo, hi);

      yc_fields_error (fields, name, reason);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
yc_fields_bool (YcFields   *fields,
                const char *name,
                gboolean   *out)
{
  JsonNode *node = member (fields, name, FALSE);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      yc_fields_error (fields, name, _("must be true or false"));
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
yc_fields_array (YcFields   *fields,
                 const char *name,
                 gboolean    required,
                 guint       max_len,
                 JsonArray **out)
{
  JsonNode *node = member (fields, name, required);

  *out = NULL;
  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      yc_fields_error (fields, name, _("must be a list"));
      return FALSE;
    }
  if (json_array_get_length (json_node_get_array (node)) > max_len)
    {
      g_autofree char *reason = g_strdup_printf (_("more than %u entries"), max_len);

      yc_fields_error (fields, name, reason);
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
yc_fields_object (YcFields    *fields,
                  const char  *name,
                  gboolean     required,
                  JsonObject **out)
{
  JsonNode *node = member (fields, name, required);

  *out = NULL;
  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      yc_fields_error (fields, name, _("must be an object"));
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
yc_parse_iso_date (const char *text,
                   GDate      *date)
{
  guint y, m, d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  y = atoi (text);
  m = atoi (text + 5);
  d = atoi (text + 8);
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

char *
yc_format_iso_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}
