/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON member readers for the catalogue codecs. Each names the field it rejects, so that an
 * administrator can find the line in a file of a thousand items. */
#define G_LOG_DOMAIN "yc-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-catalogue-private.h"

G_DEFINE_QUARK (yc-catalogue-error-quark, yc_catalogue_error)

void
yc_catalogue_set_field_error (GError    **error,
                              int         code,
                              const char *owner,
                              const char *field,
                              const char *format,
                              ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: "Item “X”, field “copies”: must be 1 or more" */
  g_set_error (error, YC_CATALOGUE_ERROR, code, _("%s, field “%s”: %s"), owner, field, detail);
}

gboolean
yc_json_check_members (JsonObject         *object,
                       const char * const *known,
                       const char         *owner,
                       GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_strv_contains (known, name))
        {
          yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_PARSE, owner, name,
                                        _("not a known field (check its spelling)"));
          return FALSE;
        }
    }

  return TRUE;
}

JsonObject *
yc_json_expect_object (JsonNode   *node,
                       const char *owner,
                       GError    **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      /* TRANSLATORS: "Item #3: must be a JSON object" */
      g_set_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_PARSE,
                   _("%s: must be a JSON object"), owner);
      return NULL;
    }

  return json_node_get_object (node);
}

/* The member's node, or NULL when absent or null (both mean "not given"). */
static JsonNode *
get_member (JsonObject *object,
            const char *field)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

gboolean
yc_json_get_string (JsonObject  *object,
                    const char  *field,
                    const char  *owner,
                    char       **out,
                    GError     **error)
{
  JsonNode *node = get_member (object, field);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_PARSE, owner, field,
                                    _("must be a text value"));
      return FALSE;
    }

  /* Empty means "not given", so that NULL and "" round-trip alike. */
  if (*json_node_get_string (node) != '\0')
    *out = json_node_dup_string (node);

  return TRUE;
}

gboolean
yc_json_get_uint (JsonObject  *object,
                  const char  *field,
                  guint        default_value,
                  const char  *owner,
                  guint       *out,
                  GError     **error)
{
  JsonNode *node = get_member (object, field);
  gint64 value;

  *out = default_value;
  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_INT64)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_PARSE, owner, field,
                                    _("must be a whole number"));
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < 0 || value > G_MAXUINT)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, field,
                                    _("%s is out of range (0 or more)"), text);
      return FALSE;
    }

  *out = (guint) value;
  return TRUE;
}

gboolean
yc_json_get_bool (JsonObject  *object,
                  const char  *field,
                  gboolean     default_value,
                  const char  *owner,
                  gboolean    *out,
                  GError     **error)
{
  JsonNode *node = get_member (object, field);

  *out = default_value;
  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_PARSE, owner, field,
                                    _("must be true or false"));
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
yc_json_get_strv (JsonObject  *object,
                  const char  *field,
                  const char  *owner,
                  GStrv       *out,
                  GError     **error)
{
  JsonNode *node = get_member (object, field);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  *out = NULL;
  if (node == NULL)
    {
      *out = g_strv_builder_end (builder);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto not_strings;

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        goto not_strings;
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;

not_strings:
  yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_PARSE, owner, field,
                                _("must be a list of codes"));
  return FALSE;
}

void
yc_json_add_string (JsonBuilder *builder,
                    const char  *field,
                    const char  *value)
{
  if (value == NULL || *value == '\0')
    return;

  json_builder_set_member_name (builder, field);
  json_builder_add_string_value (builder, value);
}

void
yc_json_add_strv (JsonBuilder        *builder,
                  const char         *field,
                  const char * const *values)
{
  json_builder_set_member_name (builder, field);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

gboolean
yc_str_is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        return FALSE;
    }

  return TRUE;
}

gboolean
yc_catalogue_code_is_valid (const char *code)
{
  gsize len;

  if (code == NULL)
    return FALSE;

  len = strlen (code);
  if (len == 0 || len > 64)
    return FALSE;

  for (const char *p = code; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
        return FALSE;
    }

  return TRUE;
}

gboolean
yc_township_code_is_valid (const char *code)
{
  if (code == NULL || strlen (code) != 9)
    return FALSE;

  for (const char *p = code; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

gboolean
yc_window_code_is_valid (const char *code)
{
  gsize len;

  if (code == NULL)
    return FALSE;

  len = strlen (code);
  if (len == 0 || len > 8)
    return FALSE;

  for (const char *p = code; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && !g_ascii_isupper (*p))
        return FALSE;
    }

  return TRUE;
}
