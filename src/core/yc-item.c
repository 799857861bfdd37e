/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Service items (政务服务事项) and their materials lists: the struct, its JSON codec and the
 * rules one item must meet on its own. Cross-references are checked by YcCatalogue. */
#define G_LOG_DOMAIN "yc-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-catalogue-private.h"

/* Names and labels */

static const struct
{
  YcItemType  type;
  const char *name;
} item_types[] = {
  { YC_ITEM_TYPE_LICENSING, "licensing" },
  { YC_ITEM_TYPE_PAYMENT, "payment" },
  { YC_ITEM_TYPE_CONFIRMATION, "confirmation" },
  { YC_ITEM_TYPE_PUBLIC_SERVICE, "public_service" },
  { YC_ITEM_TYPE_OTHER, "other" },
};

const char *
yc_item_type_to_string (YcItemType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_types); i++)
    {
      if (item_types[i].type == type)
        return item_types[i].name;
    }

  return NULL;
}

gboolean
yc_item_type_from_string (const char *str,
                          YcItemType *type)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (item_types); i++)
    {
      if (g_str_equal (item_types[i].name, str))
        {
          if (type != NULL)
            *type = item_types[i].type;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
yc_item_type_get_label (YcItemType type)
{
  switch (type)
    {
    case YC_ITEM_TYPE_LICENSING:
      return C_("item type", "Administrative licensing");
    case YC_ITEM_TYPE_PAYMENT:
      return C_("item type", "Administrative payment");
    case YC_ITEM_TYPE_CONFIRMATION:
      return C_("item type", "Administrative confirmation");
    case YC_ITEM_TYPE_PUBLIC_SERVICE:
      return C_("item type", "Public service");
    case YC_ITEM_TYPE_OTHER:
      return C_("item type", "Other");
    default:
      return NULL;
    }
}

static const char * const format_names[] = {
  [YC_MATERIAL_FORMAT_ORIGINAL] = "original",
  [YC_MATERIAL_FORMAT_COPY] = "copy",
  [YC_MATERIAL_FORMAT_ORIGINAL_AND_COPY] = "original_and_copy",
  [YC_MATERIAL_FORMAT_ELECTRONIC] = "electronic",
};

const char *
yc_material_format_to_string (YcMaterialFormat format)
{
  if ((guint) format >= G_N_ELEMENTS (format_names))
    return NULL;

  return format_names[format];
}

gboolean
yc_material_format_from_string (const char       *str,
                                YcMaterialFormat *format)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_str_equal (format_names[i], str))
        {
          if (format != NULL)
            *format = (YcMaterialFormat) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
yc_material_format_get_label (YcMaterialFormat format)
{
  switch (format)
    {
    case YC_MATERIAL_FORMAT_ORIGINAL:
      return C_("material format", "Original");
    case YC_MATERIAL_FORMAT_COPY:
      return C_("material format", "Copy");
    case YC_MATERIAL_FORMAT_ORIGINAL_AND_COPY:
      return C_("material format", "Original and copy");
    case YC_MATERIAL_FORMAT_ELECTRONIC:
      return C_("material format", "Electronic");
    default:
      return NULL;
    }
}

/* What the scanner defaults to for a material. */
static const char * const material_kinds[] = { "document", "photo", "id-card", "form", NULL };

/* Materials */

YcMaterial *
yc_material_new (void)
{
  YcMaterial *self = g_new0 (YcMaterial, 1);

  self->required = TRUE;
  self->essential = TRUE;
  self->format = YC_MATERIAL_FORMAT_ORIGINAL;
  self->copies = 1;
  self->kind = g_strdup ("document");

  return self;
}

void
yc_material_free (YcMaterial *self)
{
  if (self == NULL)
    return;

  g_free (self->code);
  g_free (self->name);
  g_free (self->size);
  g_free (self->source);
  g_free (self->standard);
  g_free (self->kind);
  g_free (self);
}

/* Items */

static void
yc_item_clear (YcItem *self)
{
  g_free (self->code);
  g_free (self->basic_code);
  g_free (self->name);
  g_free (self->initials);
  g_free (self->department_code);
  g_free (self->entrusted_department_code);
  g_free (self->legal_basis);
  g_free (self->conditions);
  g_free (self->procedure);
  g_free (self->limit_note);
  g_free (self->fee_basis);
  g_free (self->fee_description);
  g_free (self->place);
  g_free (self->hours);
  g_free (self->phone);
  g_free (self->complaint_phone);
  g_free (self->licence_type);
  g_free (self->refusal_basis);
  g_clear_pointer (&self->materials, g_ptr_array_unref);
  g_strfreev (self->townships);
  g_strfreev (self->parallel_departments);
}

YcItem *
yc_item_new (void)
{
  YcItem *self = g_atomic_rc_box_new0 (YcItem);

  self->version = 1;
  self->type = YC_ITEM_TYPE_LICENSING;
  self->visits = 1;
  self->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_free);
  self->townships = g_new0 (char *, 1);
  self->parallel_departments = g_new0 (char *, 1);

  return self;
}

YcItem *
yc_item_ref (YcItem *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
yc_item_unref (YcItem *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) yc_item_clear);
}

G_DEFINE_BOXED_TYPE (YcItem, yc_item, yc_item_ref, yc_item_unref)

const YcMaterial *
yc_item_find_material (const YcItem *self,
                       const char   *material_code)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (material_code != NULL, NULL);

  for (guint i = 0; self->materials != NULL && i < self->materials->len; i++)
    {
      const YcMaterial *material = g_ptr_array_index (self->materials, i);

      if (g_strcmp0 (material->code, material_code) == 0)
        return material;
    }

  return NULL;
}

gboolean
yc_item_is_delegated_to (const YcItem *self,
                         const char   *township_code)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (township_code == NULL || self->townships == NULL)
    return FALSE;

  return g_strv_contains ((const char * const *) self->townships, township_code);
}

char *
yc_item_owner_label (const YcItem *self)
{
  if (self->code == NULL)
    return g_strdup (_("Item without a code"));

  /* TRANSLATORS: "Item “320826-SCJG-XK-001” version 2" */
  return g_strdup_printf (_("Item “%s” version %u"), self->code, self->version);
}

static gboolean
is_initials (const char *str)
{
  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_basic_code (const char *str)
{
  if (strlen (str) != 12)
    return FALSE;

  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && !g_ascii_isupper (*p))
        return FALSE;
    }

  return TRUE;
}

/* Licence type codes go into GB/T 36904 identifiers, whose check covers 0-9A-Z only. */
static gboolean
is_licence_type (const char *str)
{
  gsize len = strlen (str);

  if (len == 0 || len > 32)
    return FALSE;

  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && !g_ascii_isupper (*p))
        return FALSE;
    }

  return TRUE;
}

static gboolean
validate_material (const YcMaterial *material,
                   guint             index,
                   const char       *item_owner,
                   GHashTable       *seen,
                   GError          **error)
{
  g_autofree char *owner = NULL;

  if (material->code != NULL)
    /* TRANSLATORS: "Item “X” version 1, material “M01”" */
    owner = g_strdup_printf (_("%s, material “%s”"), item_owner, material->code);
  else
    owner = g_strdup_printf (_("%s, material #%u"), item_owner, index + 1);

  if (!yc_catalogue_code_is_valid (material->code))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "code",
                                    _("a code of letters, digits, “-”, “_” or “.” is required"));
      return FALSE;
    }
  if (!g_hash_table_add (seen, material->code))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_DUPLICATE, owner, "code",
                                    _("“%s” appears twice in this item’s materials"),
                                    material->code);
      return FALSE;
    }
  if (yc_str_is_blank (material->name))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "name",
                                    _("required, but missing or blank"));
      return FALSE;
    }
  if (material->copies == 0)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "copies",
                                    _("must be 1 or more"));
      return FALSE;
    }
  if (yc_material_format_to_string (material->format) == NULL)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "format",
                                    _("%d is not a known format"), (int) material->format);
      return FALSE;
    }
  if (material->kind == NULL || !g_strv_contains (material_kinds, material->kind))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "kind",
                                    _("“%s” is not one of document, photo, id-card, form"),
                                    material->kind != NULL ? material->kind : "");
      return FALSE;
    }

  return TRUE;
}

/* Codes in @codes are well formed (by @is_valid) and none appears twice. */
static gboolean
validate_code_list (const char * const *codes,
                    gboolean (*is_valid) (const char *),
                    const char         *owner,
                    const char         *field,
                    GError            **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      if (!is_valid (codes[i]))
        {
          yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, field,
                                        _("“%s” is not a well-formed code"), codes[i]);
          return FALSE;
        }
      if (!g_hash_table_add (seen, (gpointer) codes[i]))
        {
          yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_DUPLICATE, owner, field,
                                        _("“%s” appears twice"), codes[i]);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
yc_item_validate (const YcItem *self,
                  GError      **error)
{
  g_autofree char *owner = NULL;
  g_autoptr(GHashTable) seen = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  owner = yc_item_owner_label (self);

  if (!yc_catalogue_code_is_valid (self->code))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "code",
                                    _("a code of letters, digits, “-”, “_” or “.” is required"));
      return FALSE;
    }
  if (self->version == 0)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "version",
                                    _("must be 1 or more"));
      return FALSE;
    }
  if (yc_str_is_blank (self->name))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "name",
                                    _("required, but missing or blank"));
      return FALSE;
    }
  if (self->basic_code != NULL && !is_basic_code (self->basic_code))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "basic_code",
                                    _("“%s” is not 12 capital letters or digits"),
                                    self->basic_code);
      return FALSE;
    }
  if (self->initials != NULL && !is_initials (self->initials))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "initials",
                                    _("“%s” is not lower-case letters and digits"),
                                    self->initials);
      return FALSE;
    }
  if (yc_item_type_to_string (self->type) == NULL)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "type",
                                    _("%d is not a known item type"), (int) self->type);
      return FALSE;
    }
  if (!yc_catalogue_code_is_valid (self->department_code))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner,
                                    "department_code", _("a department code is required"));
      return FALSE;
    }
  if (self->entrusted_department_code != NULL
      && !yc_catalogue_code_is_valid (self->entrusted_department_code))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner,
                                    "entrusted_department_code",
                                    _("“%s” is not a well-formed code"),
                                    self->entrusted_department_code);
      return FALSE;
    }
  if (self->legal_limit == 0)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "legal_limit",
                                    _("must be at least 1 working day"));
      return FALSE;
    }
  if (self->committed_limit == 0)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner,
                                    "committed_limit", _("must be at least 1 working day"));
      return FALSE;
    }
  if (self->committed_limit > self->legal_limit)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner,
                                    "committed_limit",
                                    _("%u working days is longer than the legal limit of %u"),
                                    self->committed_limit, self->legal_limit);
      return FALSE;
    }
  if (self->licence_type != NULL && !is_licence_type (self->licence_type))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "licence_type",
                                    _("“%s” is not 1 to 32 capital letters or digits"),
                                    self->licence_type);
      return FALSE;
    }
  if (self->charged && yc_str_is_blank (self->fee_description))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner,
                                    "fee_description",
                                    _("a charged item must say what it charges"));
      return FALSE;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; self->materials != NULL && i < self->materials->len; i++)
    {
      if (!validate_material (g_ptr_array_index (self->materials, i), i, owner, seen, error))
        return FALSE;
    }

  return validate_code_list ((const char * const *) self->townships,
                             yc_township_code_is_valid, owner, "townships", error)
         && validate_code_list ((const char * const *) self->parallel_departments,
                                yc_catalogue_code_is_valid, owner, "parallel_departments",
                                error);
}

/* JSON */

static const char * const material_fields[] = {
  "code", "name", "required", "essential", "format", "copies", "size", "source", "standard",
  "kind", NULL
};

static const char * const item_fields[] = {
  "code", "basic_code", "version", "name", "initials", "type", "department_code",
  "entrusted_department_code", "legal_basis", "conditions", "procedure", "legal_limit",
  "committed_limit", "limit_note", "charged", "fee_basis", "fee_description", "place", "hours",
  "phone", "complaint_phone", "visits", "licence_type", "refusal_basis", "allows_missing",
  "materials", "townships", "parallel_departments", NULL
};

static YcMaterial *
material_from_json (JsonNode   *node,
                    gboolean    strict,
                    guint       index,
                    const char *item_owner,
                    GError    **error)
{
  g_autoptr(YcMaterial) self = yc_material_new ();
  g_autofree char *owner = g_strdup_printf (_("%s, material #%u"), item_owner, index + 1);
  g_autofree char *format = NULL;
  g_autofree char *kind = NULL;
  JsonObject *object;

  if ((object = yc_json_expect_object (node, owner, error)) == NULL)
    return NULL;

  if (!yc_json_get_string (object, "code", owner, &self->code, error))
    return NULL;
  if (self->code != NULL)
    {
      g_free (owner);
      owner = g_strdup_printf (_("%s, material “%s”"), item_owner, self->code);
    }

  if ((strict && !yc_json_check_members (object, material_fields, owner, error))
      || !yc_json_get_string (object, "name", owner, &self->name, error)
      || !yc_json_get_bool (object, "required", TRUE, owner, &self->required, error)
      || !yc_json_get_bool (object, "essential", TRUE, owner, &self->essential, error)
      || !yc_json_get_string (object, "format", owner, &format, error)
      || !yc_json_get_uint (object, "copies", 1, owner, &self->copies, error)
      || !yc_json_get_string (object, "size", owner, &self->size, error)
      || !yc_json_get_string (object, "source", owner, &self->source, error)
      || !yc_json_get_string (object, "standard", owner, &self->standard, error)
      || !yc_json_get_string (object, "kind", owner, &kind, error))
    return NULL;

  if (format != NULL && !yc_material_format_from_string (format, &self->format))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "format",
                                    _("“%s” is not one of original, copy, original_and_copy, "
                                      "electronic"), format);
      return NULL;
    }
  if (kind != NULL)
    {
      g_free (self->kind);
      self->kind = g_steal_pointer (&kind);
    }

  return g_steal_pointer (&self);
}

YcItem *
yc_item_from_json_full (JsonNode *node,
                        gboolean  strict,
                        guint     index,
                        GError  **error)
{
  g_autoptr(YcItem) self = yc_item_new ();
  g_autofree char *owner = g_strdup_printf (_("Item #%u"), index);
  g_autofree char *type = NULL;
  JsonObject *object;
  JsonNode *materials;

  if ((object = yc_json_expect_object (node, owner, error)) == NULL)
    return NULL;

  if (!yc_json_get_string (object, "code", owner, &self->code, error)
      || !yc_json_get_uint (object, "version", 1, owner, &self->version, error))
    return NULL;
  if (self->code == NULL)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "code",
                                    _("required, but missing or blank"));
      return NULL;
    }
  g_free (owner);
  owner = yc_item_owner_label (self);

  g_strfreev (self->townships);
  g_strfreev (self->parallel_departments);
  self->townships = self->parallel_departments = NULL;

  if ((strict && !yc_json_check_members (object, item_fields, owner, error))
      || !yc_json_get_string (object, "basic_code", owner, &self->basic_code, error)
      || !yc_json_get_string (object, "name", owner, &self->name, error)
      || !yc_json_get_string (object, "initials", owner, &self->initials, error)
      || !yc_json_get_string (object, "type", owner, &type, error)
      || !yc_json_get_string (object, "department_code", owner, &self->department_code, error)
      || !yc_json_get_string (object, "entrusted_department_code", owner,
                              &self->entrusted_department_code, error)
      || !yc_json_get_string (object, "legal_basis", owner, &self->legal_basis, error)
      || !yc_json_get_string (object, "conditions", owner, &self->conditions, error)
      || !yc_json_get_string (object, "procedure", owner, &self->procedure, error)
      || !yc_json_get_uint (object, "legal_limit", 0, owner, &self->legal_limit, error)
      || !yc_json_get_uint (object, "committed_limit", 0, owner, &self->committed_limit, error)
      || !yc_json_get_string (object, "limit_note", owner, &self->limit_note, error)
      || !yc_json_get_bool (object, "charged", FALSE, owner, &self->charged, error)
      || !yc_json_get_string (object, "fee_basis", owner, &self->fee_basis, error)
      || !yc_json_get_string (object, "fee_description", owner, &self->fee_description, error)
      || !yc_json_get_string (object, "place", owner, &self->place, error)
      || !yc_json_get_string (object, "hours", owner, &self->hours, error)
      || !yc_json_get_string (object, "phone", owner, &self->phone, error)
      || !yc_json_get_string (object, "complaint_phone", owner, &self->complaint_phone, error)
      || !yc_json_get_uint (object, "visits", 1, owner, &self->visits, error)
      || !yc_json_get_string (object, "licence_type", owner, &self->licence_type, error)
      || !yc_json_get_string (object, "refusal_basis", owner, &self->refusal_basis, error)
      || !yc_json_get_bool (object, "allows_missing", FALSE, owner, &self->allows_missing,
                            error)
      || !yc_json_get_strv (object, "townships", owner, &self->townships, error)
      || !yc_json_get_strv (object, "parallel_departments", owner,
                            &self->parallel_departments, error))
    return NULL;

  if (type == NULL)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "type",
                                    _("required, but missing or blank"));
      return NULL;
    }
  if (!yc_item_type_from_string (type, &self->type))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "type",
                                    _("“%s” is not one of licensing, payment, confirmation, "
                                      "public_service, other"), type);
      return NULL;
    }

  materials = json_object_get_member (object, "materials");
  if (materials != NULL && !JSON_NODE_HOLDS_NULL (materials))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (materials))
        {
          yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_PARSE, owner, "materials",
                                        _("must be a list of materials"));
          return NULL;
        }

      array = json_node_get_array (materials);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          YcMaterial *material = material_from_json (json_array_get_element (array, i),
                                                     strict, i, owner, error);

          if (material == NULL)
            return NULL;
          g_ptr_array_add (self->materials, material);
        }
    }

  if (!yc_item_validate (self, error))
    return NULL;

  if (self->initials == NULL)
    self->initials = yc_pinyin_initials (self->name);

  return g_steal_pointer (&self);
}

YcItem *
yc_item_from_json (JsonNode *node,
                   GError  **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return yc_item_from_json_full (node, FALSE, 1, error);
}

static void
material_to_json (JsonBuilder      *builder,
                  const YcMaterial *material)
{
  json_builder_begin_object (builder);
  yc_json_add_string (builder, "code", material->code);
  yc_json_add_string (builder, "name", material->name);
  json_builder_set_member_name (builder, "required");
  json_builder_add_boolean_value (builder, material->required);
  json_builder_set_member_name (builder, "essential");
  json_builder_add_boolean_value (builder, material->essential);
  yc_json_add_string (builder, "format", yc_material_format_to_string (material->format));
  json_builder_set_member_name (builder, "copies");
  json_builder_add_int_value (builder, material->copies);
  yc_json_add_string (builder, "size", material->size);
  yc_json_add_string (builder, "source", material->source);
  yc_json_add_string (builder, "standard", material->standard);
  yc_json_add_string (builder, "kind", material->kind);
  json_builder_end_object (builder);
}

static void
add_uint (JsonBuilder *builder,
          const char  *field,
          guint        value)
{
  json_builder_set_member_name (builder, field);
  json_builder_add_int_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *field,
          gboolean     value)
{
  json_builder_set_member_name (builder, field);
  json_builder_add_boolean_value (builder, value);
}

JsonNode *
yc_item_to_json (const YcItem *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  yc_json_add_string (builder, "code", self->code);
  yc_json_add_string (builder, "basic_code", self->basic_code);
  add_uint (builder, "version", self->version);
  yc_json_add_string (builder, "name", self->name);
  yc_json_add_string (builder, "initials", self->initials);
  yc_json_add_string (builder, "type", yc_item_type_to_string (self->type));
  yc_json_add_string (builder, "department_code", self->department_code);
  yc_json_add_string (builder, "entrusted_department_code", self->entrusted_department_code);
  yc_json_add_string (builder, "legal_basis", self->legal_basis);
  yc_json_add_string (builder, "conditions", self->conditions);
  yc_json_add_string (builder, "procedure", self->procedure);
  add_uint (builder, "legal_limit", self->legal_limit);
  add_uint (builder, "committed_limit", self->committed_limit);
  yc_json_add_string (builder, "limit_note", self->limit_note);
  add_bool (builder, "charged", self->charged);
  yc_json_add_string (builder, "fee_basis", self->fee_basis);
  yc_json_add_string (builder, "fee_description", self->fee_description);
  yc_json_add_string (builder, "place", self->place);
  yc_json_add_string (builder, "hours", self->hours);
  yc_json_add_string (builder, "phone", self->phone);
  yc_json_add_string (builder, "complaint_phone", self->complaint_phone);
  add_uint (builder, "visits", self->visits);
  yc_json_add_string (builder, "licence_type", self->licence_type);
  yc_json_add_string (builder, "refusal_basis", self->refusal_basis);
  add_bool (builder, "allows_missing", self->allows_missing);

  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  for (guint i = 0; self->materials != NULL && i < self->materials->len; i++)
    material_to_json (builder, g_ptr_array_index (self->materials, i));
  json_builder_end_array (builder);

  yc_json_add_strv (builder, "townships", (const char * const *) self->townships);
  yc_json_add_strv (builder, "parallel_departments",
                    (const char * const *) self->parallel_departments);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
