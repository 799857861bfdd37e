/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-document"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "yc-document.h"

struct _YcDocument
{
  gatomicrefcount      ref_count;
  YcDocumentType       type;
  GHashTable          *fields;   /* name → value */
  GHashTable          *lists;    /* list name → GPtrArray of GHashTable (row) */
  char                *verification_url;
  YcSealAuthorisation *seal;
};

G_DEFINE_QUARK (yc-document-error-quark, yc_document_error)
G_DEFINE_BOXED_TYPE (YcDocument, yc_document, yc_document_ref, yc_document_unref)
G_DEFINE_BOXED_TYPE (YcSealAuthorisation, yc_seal_authorisation,
                     yc_seal_authorisation_copy, yc_seal_authorisation_free)

static const char * const type_names[YC_DOCUMENT_N_TYPES] = {
  [YC_DOCUMENT_ACCEPTANCE] = "acceptance",
  [YC_DOCUMENT_MISSING_MATERIALS] = "missing_materials",
  [YC_DOCUMENT_REFUSAL] = "refusal",
  [YC_DOCUMENT_CERTIFICATE] = "certificate",
  [YC_DOCUMENT_RECEIPT] = "receipt",
};

static const char * const seal_kind_names[] = { "notice", "certificate" };

const char *
yc_document_type_to_string (YcDocumentType type)
{
  g_return_val_if_fail (type < YC_DOCUMENT_N_TYPES, NULL);
  return type_names[type];
}

gboolean
yc_document_type_from_string (const char     *str,
                              YcDocumentType *type)
{
  for (guint i = 0; str != NULL && i < YC_DOCUMENT_N_TYPES; i++)
    {
      if (g_str_equal (str, type_names[i]))
        {
          *type = i;
          return TRUE;
        }
    }
  return FALSE;
}

YcSealKind
yc_document_type_seal_kind (YcDocumentType type)
{
  return type == YC_DOCUMENT_CERTIFICATE ? YC_SEAL_KIND_CERTIFICATE : YC_SEAL_KIND_NOTICE;
}

YcSealAuthorisation *
yc_seal_authorisation_new (YcSealKind  kind,
                           const char *id,
                           const char *user)
{
  YcSealAuthorisation *self = g_new0 (YcSealAuthorisation, 1);

  self->kind = kind;
  self->id = g_strdup (id);
  self->user = g_strdup (user);
  return self;
}

YcSealAuthorisation *
yc_seal_authorisation_copy (const YcSealAuthorisation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return yc_seal_authorisation_new (self->kind, self->id, self->user);
}

void
yc_seal_authorisation_free (YcSealAuthorisation *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->user);
  g_free (self);
}

JsonNode *
yc_seal_authorisation_to_json (const YcSealAuthorisation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, seal_kind_names[self->kind]);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, self->user);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

YcSealAuthorisation *
yc_seal_authorisation_from_json (JsonNode *node,
                                 GError  **error)
{
  JsonObject *object;
  const char *kind, *id, *user;
  YcSealKind k;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_PARSE,
                   _("The seal authorisation is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  kind = member_string (object, "kind");
  id = member_string (object, "id");
  user = member_string (object, "user");
  if (g_strcmp0 (kind, "notice") == 0)
    k = YC_SEAL_KIND_NOTICE;
  else if (g_strcmp0 (kind, "certificate") == 0)
    k = YC_SEAL_KIND_CERTIFICATE;
  else
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_PARSE,
                   _("The seal authorisation has no valid kind (notice or certificate)"));
      return NULL;
    }
  if (id == NULL || *id == '\0' || user == NULL || *user == '\0')
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_PARSE,
                   _("The seal authorisation lacks its record id or the authorising user"));
      return NULL;
    }
  return yc_seal_authorisation_new (k, id, user);
}

static gboolean
valid_name (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
        return FALSE;
    }
  return TRUE;
}

static GHashTable *
new_map (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

YcDocument *
yc_document_new (YcDocumentType type)
{
  YcDocument *self;

  g_return_val_if_fail (type < YC_DOCUMENT_N_TYPES, NULL);

  self = g_new0 (YcDocument, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->type = type;
  self->fields = new_map ();
  self->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  return self;
}

YcDocument *
yc_document_ref (YcDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_document_unref (YcDocument *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_unref (self->fields);
  g_hash_table_unref (self->lists);
  g_free (self->verification_url);
  yc_seal_authorisation_free (self->seal);
  g_free (self);
}

YcDocumentType
yc_document_get_doc_type (const YcDocument *self)
{
  return self->type;
}

void
yc_document_set_field (YcDocument *self,
                       const char *name,
                       const char *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (valid_name (name));

  if (value == NULL || *value == '\0')
    g_hash_table_remove (self->fields, name);
  else
    g_hash_table_insert (self->fields, g_strdup (name), g_strdup (value));
}

const char *
yc_document_get_field (const YcDocument *self,
                       const char       *name)
{
  return g_hash_table_lookup (self->fields, name);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
sorted_keys (GHashTable *table)
{
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (table, NULL);
  GStrv copy;

  copy = g_strdupv ((GStrv) keys);
  g_qsort_with_data (copy, g_strv_length (copy), sizeof (char *), compare_strings, NULL);
  return copy;
}

GStrv
yc_document_list_fields (const YcDocument *self)
{
  return sorted_keys (self->fields);
}

static GPtrArray *
ensure_list (YcDocument *self,
             const char *list)
{
  GPtrArray *rows = g_hash_table_lookup (self->lists, list);

  if (rows == NULL)
    {
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
      g_hash_table_insert (self->lists, g_strdup (list), rows);
    }
  return rows;
}

guint
yc_document_add_row (YcDocument *self,
                     const char *list,
                     ...)
{
  GPtrArray *rows;
  GHashTable *row;
  const char *name;
  va_list args;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (valid_name (list), 0);

  rows = ensure_list (self, list);
  row = new_map ();
  va_start (args, list);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_warn_if_fail (valid_name (name));
      if (value != NULL && *value != '\0')
        g_hash_table_insert (row, g_strdup (name), g_strdup (value));
    }
  va_end (args);
  g_ptr_array_add (rows, row);
  return rows->len - 1;
}

guint
yc_document_get_n_rows (const YcDocument *self,
                        const char       *list)
{
  GPtrArray *rows = g_hash_table_lookup (self->lists, list);

  return rows != NULL ? rows->len : 0;
}

const char *
yc_document_get_row_field (const YcDocument *self,
                           const char       *list,
                           guint             index,
                           const char       *name)
{
  GPtrArray *rows = g_hash_table_lookup (self->lists, list);

  if (rows == NULL || index >= rows->len)
    return NULL;
  return g_hash_table_lookup (g_ptr_array_index (rows, index), name);
}

void
yc_document_set_verification_url (YcDocument *self,
                                  const char *url)
{
  g_return_if_fail (self != NULL);
  g_free (self->verification_url);
  self->verification_url = (url != NULL && *url != '\0') ? g_strdup (url) : NULL;
}

const char *
yc_document_get_verification_url (const YcDocument *self)
{
  return self->verification_url;
}

void
yc_document_set_seal_authorisation (YcDocument                *self,
                                    const YcSealAuthorisation *auth)
{
  g_return_if_fail (self != NULL);
  g_clear_pointer (&self->seal, yc_seal_authorisation_free);
  if (auth != NULL)
    self->seal = yc_seal_authorisation_copy (auth);
}

const YcSealAuthorisation *
yc_document_get_seal_authorisation (const YcDocument *self)
{
  return self->seal;
}

gboolean
yc_document_check_seal (const YcDocument *self,
                        GError          **error)
{
  if (self->seal == NULL)
    return FALSE;
  if (self->seal->kind != yc_document_type_seal_kind (self->type))
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_SEAL,
                   self->type == YC_DOCUMENT_CERTIFICATE
                   ? _("A certificate may bear the seal only after the chief’s sign-off")
                   : _("A notice may bear the seal only with the window’s acceptance authority"));
      return FALSE;
    }
  if (self->seal->id == NULL || *self->seal->id == '\0'
      || self->seal->user == NULL || *self->seal->user == '\0')
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_SEAL,
                   _("The seal authorisation lacks its record id or the authorising user"));
      return FALSE;
    }
  return TRUE;
}

static void
add_map (JsonBuilder *builder,
         GHashTable  *map)
{
  g_auto(GStrv) keys = sorted_keys (map);

  json_builder_begin_object (builder);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, keys[i]);
      json_builder_add_string_value (builder, g_hash_table_lookup (map, keys[i]));
    }
  json_builder_end_object (builder);
}

JsonNode *
yc_document_to_json (const YcDocument *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) lists = sorted_keys (self->lists);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type_names[self->type]);
  json_builder_set_member_name (builder, "fields");
  add_map (builder, self->fields);
  json_builder_set_member_name (builder, "lists");
  json_builder_begin_object (builder);
  for (guint i = 0; lists[i] != NULL; i++)
    {
      GPtrArray *rows = g_hash_table_lookup (self->lists, lists[i]);

      json_builder_set_member_name (builder, lists[i]);
      json_builder_begin_array (builder);
      for (guint r = 0; r < rows->len; r++)
        add_map (builder, g_ptr_array_index (rows, r));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  if (self->verification_url != NULL)
    {
      json_builder_set_member_name (builder, "verification_url");
      json_builder_add_string_value (builder, self->verification_url);
    }
  if (self->seal != NULL)
    {
      json_builder_set_member_name (builder, "seal_authorisation");
      json_builder_add_value (builder, yc_seal_authorisation_to_json (self->seal));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_map (JsonNode    *node,
          GHashTable  *map,
          const char  *where,
          GError     **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_PARSE,
                   _("“%s” in the document is not a JSON object"), where);
      return FALSE;
    }
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (!valid_name (name) || !JSON_NODE_HOLDS_VALUE (value)
          || json_node_get_value_type (value) != G_TYPE_STRING)
        {
          g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_PARSE,
                       _("Field “%s” in “%s” is not a lower-case name with a text value"),
                       name, where);
          return FALSE;
        }
      if (*json_node_get_string (value) != '\0')
        g_hash_table_insert (map, g_strdup (name), g_strdup (json_node_get_string (value)));
    }
  return TRUE;
}

YcDocument *
yc_document_from_json (JsonNode *node,
                       GError  **error)
{
  g_autoptr(YcDocument) self = NULL;
  JsonObject *object;
  JsonNode *member;
  YcDocumentType type;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_PARSE,
                   _("The document is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!yc_document_type_from_string (member_string (object, "type"), &type))
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_PARSE,
                   _("The document has no known type"));
      return NULL;
    }
  self = yc_document_new (type);

  if ((member = json_object_get_member (object, "fields")) != NULL
      && !read_map (member, self->fields, "fields", error))
    return NULL;

  if ((member = json_object_get_member (object, "lists")) != NULL)
    {
      JsonObjectIter iter;
      const char *list;
      JsonNode *rows;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_PARSE,
                       _("“%s” in the document is not a JSON object"), "lists");
          return NULL;
        }
      json_object_iter_init (&iter, json_node_get_object (member));
      while (json_object_iter_next (&iter, &list, &rows))
        {
          GPtrArray *array;
          JsonArray *items;

          if (!valid_name (list) || !JSON_NODE_HOLDS_ARRAY (rows))
            {
              g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_PARSE,
                           _("List “%s” in the document is not an array of rows"), list);
              return NULL;
            }
          array = ensure_list (self, list);
          items = json_node_get_array (rows);
          for (guint i = 0; i < json_array_get_length (items); i++)
            {
              GHashTable *row = new_map ();

              g_ptr_array_add (array, row);
              if (!read_map (json_array_get_element (items, i), row, list, error))
                return NULL;
            }
        }
    }

  yc_document_set_verification_url (self, member_string (object, "verification_url"));

  if ((member = json_object_get_member (object, "seal_authorisation")) != NULL
      && !JSON_NODE_HOLDS_NULL (member))
    {
      self->seal = yc_seal_authorisation_from_json (member, error);
      if (self->seal == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

char *
yc_document_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  return g_strdup_printf ("%u年%u月%u日", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}
