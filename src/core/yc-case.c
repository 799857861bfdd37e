/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case record: construction, deep copy, the JSON codec and the applicant check.
 * Only yc-case-machine.c changes a case's state; nothing here decides what may happen. */
#define G_LOG_DOMAIN "yc-case"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case.h"
#include "yc-case-machine.h"
#include "yc-catalogue.h"
#include "yc-ids.h"

G_DEFINE_QUARK (yc-case-error-quark, yc_case_error)

G_DEFINE_BOXED_TYPE (YcCase, yc_case, yc_case_copy, yc_case_free)

typedef struct
{
  const char *name;
  const char *label;
} NameLabel;

/* Indexed by YcCaseState. */
static const NameLabel state_names[YC_CASE_N_STATES] = {
  { "draft", N_("Draft") },
  { "received", N_("Received") },
  { "awaiting_materials", N_("Awaiting materials") },
  { "accepted", N_("Accepted") },
  { "accepted_pending_materials", N_("Accepted with materials pending") },
  { "refused", N_("Refused") },
  { "in_review", N_("In review") },
  { "suspended", N_("Suspended") },
  { "forwarded_to_county", N_("Forwarded to the county") },
  { "returned_to_township", N_("Returned to the township") },
  { "awaiting_signoff", N_("Awaiting sign-off") },
  { "approved", N_("Approved") },
  { "denied", N_("Denied") },
  { "certified", N_("Certificate issued") },
  { "delivered", N_("Delivered") },
  { "closed", N_("Closed") },
};

/* Indexed by YcMaterialStatus. */
static const NameLabel material_status_names[] = {
  { "pending", N_("Not checked") },
  { "original_seen", N_("Original checked") },
  { "copy_received", N_("Copy received") },
  { "missing", N_("Missing") },
  { "deficient", N_("Deficient") },
};

const char *
yc_case_state_to_string (YcCaseState state)
{
  g_return_val_if_fail ((guint) state < YC_CASE_N_STATES, NULL);
  return state_names[state].name;
}

gboolean
yc_case_state_from_string (const char  *str,
                           YcCaseState *state)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < YC_CASE_N_STATES; i++)
    {
      if (g_str_equal (str, state_names[i].name))
        {
          if (state != NULL)
            *state = (YcCaseState) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
yc_case_state_get_label (YcCaseState state)
{
  g_return_val_if_fail ((guint) state < YC_CASE_N_STATES, NULL);
  return _(state_names[state].label);
}

const char *
yc_material_status_to_string (YcMaterialStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (material_status_names), NULL);
  return material_status_names[status].name;
}

gboolean
yc_material_status_from_string (const char       *str,
                                YcMaterialStatus *status)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (material_status_names); i++)
    {
      if (g_str_equal (str, material_status_names[i].name))
        {
          if (status != NULL)
            *status = (YcMaterialStatus) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
yc_material_status_get_label (YcMaterialStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (material_status_names), NULL);
  return _(material_status_names[status].label);
}

/* Materials, events and branches */

YcCaseMaterial *
yc_case_material_new (const char      *code,
                      YcMaterialStatus status,
                      const char      *reason)
{
  YcCaseMaterial *material = g_new0 (YcCaseMaterial, 1);

  material->code = g_strdup (code);
  material->status = status;
  material->reason = g_strdup (reason);
  return material;
}

void
yc_case_material_free (YcCaseMaterial *material)
{
  if (material == NULL)
    return;
  g_free (material->code);
  g_free (material->reason);
  g_free (material);
}

static YcCaseMaterial *
case_material_copy (const YcCaseMaterial *src)
{
  YcCaseMaterial *material = yc_case_material_new (src->code, src->status, src->reason);

  material->noticed = src->noticed;
  material->original_checked = src->original_checked;
  return material;
}

static void
case_event_free (YcCaseEvent *event)
{
  g_free (event->action);
  g_free (event->user);
  g_free (event->role);
  g_free (event->window_code);
  g_clear_pointer (&event->at, g_date_time_unref);
  g_free (event->reason);
  g_free (event);
}

static YcCaseEvent *
case_event_copy (const YcCaseEvent *src)
{
  YcCaseEvent *event = g_new0 (YcCaseEvent, 1);

  event->action = g_strdup (src->action);
  event->from = src->from;
  event->to = src->to;
  event->user = g_strdup (src->user);
  event->role = g_strdup (src->role);
  event->window_code = g_strdup (src->window_code);
  event->at = src->at != NULL ? g_date_time_ref (src->at) : NULL;
  event->reason = g_strdup (src->reason);
  return event;
}

static void
case_branch_free (YcCaseBranch *branch)
{
  g_free (branch->department_code);
  g_free (branch->user);
  g_free (branch->reason);
  g_free (branch);
}

static YcCaseBranch *
case_branch_copy (const YcCaseBranch *src)
{
  YcCaseBranch *branch = g_new0 (YcCaseBranch, 1);

  branch->department_code = g_strdup (src->department_code);
  branch->state = src->state;
  branch->user = g_strdup (src->user);
  branch->reason = g_strdup (src->reason);
  return branch;
}

/* Applicant */

void
yc_applicant_clear (YcApplicant *applicant)
{
  g_clear_pointer (&applicant->name, g_free);
  g_clear_pointer (&applicant->id_number, g_free);
  g_clear_pointer (&applicant->uscc_override_reason, g_free);
  g_clear_pointer (&applicant->phone, g_free);
  g_clear_pointer (&applicant->address, g_free);
  g_clear_pointer (&applicant->agent_name, g_free);
  g_clear_pointer (&applicant->agent_id_number, g_free);
  g_clear_pointer (&applicant->agent_phone, g_free);
  applicant->kind = YC_APPLICANT_PERSON;
}

static void
applicant_copy (const YcApplicant *src,
                YcApplicant       *dest)
{
  dest->kind = src->kind;
  dest->name = g_strdup (src->name);
  dest->id_number = g_strdup (src->id_number);
  dest->uscc_override_reason = g_strdup (src->uscc_override_reason);
  dest->phone = g_strdup (src->phone);
  dest->address = g_strdup (src->address);
  dest->agent_name = g_strdup (src->agent_name);
  dest->agent_id_number = g_strdup (src->agent_id_number);
  dest->agent_phone = g_strdup (src->agent_phone);
}

static gboolean
has_text (const char *str)
{
  if (str == NULL)
    return FALSE;
  for (; *str != '\0'; str = g_utf8_next_char (str))
    {
      if (!g_unichar_isspace (g_utf8_get_char (str)))
        return TRUE;
    }
  return FALSE;
}

gboolean
yc_applicant_validate (const YcApplicant *applicant,
                       const GDate       *today,
                       GError           **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (applicant != NULL, FALSE);

  if (!has_text (applicant->name))
    {
      g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                           _("Enter the applicant’s name."));
      return FALSE;
    }

  if (!has_text (applicant->id_number))
    {
      g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                           applicant->kind == YC_APPLICANT_ORGANISATION
                             ? _("Enter the applicant’s unified social credit code.")
                             : _("Enter the applicant’s citizen ID number."));
      return FALSE;
    }

  switch (applicant->kind)
    {
    case YC_APPLICANT_PERSON:
      if (!yc_citizen_id_check (applicant->id_number, today, NULL, &local_error))
        {
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                       _("Applicant’s citizen ID number: %s"), local_error->message);
          return FALSE;
        }
      break;

    case YC_APPLICANT_ORGANISATION:
      switch (yc_uscc_check (applicant->id_number, &local_error))
        {
        case YC_USCC_VALID:
          break;
        case YC_USCC_CHECKSUM_MISMATCH:
          if (has_text (applicant->uscc_override_reason))
            break;
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                       _("Applicant’s unified social credit code: %s If the code is printed "
                         "this way on the business licence, record why you accept it."),
                       local_error->message);
          return FALSE;
        case YC_USCC_INVALID:
        default:
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                       _("Applicant’s unified social credit code: %s"),
                       local_error != NULL ? local_error->message : "");
          return FALSE;
        }
      break;

    default:
      g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                           _("Choose whether the applicant is a person or an organisation."));
      return FALSE;
    }

  if (has_text (applicant->agent_name) || has_text (applicant->agent_id_number))
    {
      g_clear_error (&local_error);
      if (!has_text (applicant->agent_name))
        {
          g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                               _("Enter the agent’s name, or clear the agent’s ID number."));
          return FALSE;
        }
      if (!has_text (applicant->agent_id_number))
        {
          g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                               _("Enter the agent’s citizen ID number."));
          return FALSE;
        }
      if (!yc_citizen_id_check (applicant->agent_id_number, today, NULL, &local_error))
        {
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                       _("Agent’s citizen ID number: %s"), local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

/* The case */

YcCase *
yc_case_new (const char   *number,
             const YcItem *item,
             const char   *window_code,
             const char   *township_code)
{
  YcCase *self;

  g_return_val_if_fail (item != NULL, NULL);

  self = g_new0 (YcCase, 1);
  self->number = g_strdup (number);
  self->item_code = g_strdup (item->code);
  self->item_version = item->version;
  self->department_code = g_strdup (item->department_code);
  self->window_code = g_strdup (window_code);
  self->township_code = g_strdup (township_code);
  self->state = YC_CASE_STATE_DRAFT;
  self->state_before_suspension = YC_CASE_STATE_DRAFT;
  self->decision = YC_CASE_STATE_DRAFT;
  self->applicant.kind = YC_APPLICANT_PERSON;
  self->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) case_event_free);
  self->branches = g_ptr_array_new_with_free_func ((GDestroyNotify) case_branch_free);

  for (guint i = 0; item->materials != NULL && i < item->materials->len; i++)
    {
      const YcMaterial *material = g_ptr_array_index (item->materials, i);

      g_ptr_array_add (self->materials,
                       yc_case_material_new (material->code, YC_MATERIAL_STATUS_PENDING, NULL));
    }

  return self;
}

/* An empty case for the decoder: arrays present, every field NULL. */
static YcCase *
case_alloc (void)
{
  YcCase *self = g_new0 (YcCase, 1);

  self->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) case_event_free);
  self->branches = g_ptr_array_new_with_free_func ((GDestroyNotify) case_branch_free);
  return self;
}

void
yc_case_free (YcCase *self)
{
  if (self == NULL)
    return;
  g_free (self->number);
  g_free (self->item_code);
  g_free (self->department_code);
  g_free (self->window_code);
  g_free (self->township_code);
  yc_applicant_clear (&self->applicant);
  g_clear_pointer (&self->materials, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->branches, g_ptr_array_unref);
  g_free (self->received_by);
  g_free (self->decided_by);
  g_free (self->decision_reason);
  g_free (self->refusal_reason);
  g_free (self->refusal_basis);
  g_free (self->delivery_method);
  g_free (self->delivery_detail);
  g_free (self);
}

YcCase *
yc_case_copy (const YcCase *self)
{
  YcCase *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = case_alloc ();
  copy->number = g_strdup (self->number);
  copy->item_code = g_strdup (self->item_code);
  copy->item_version = self->item_version;
  copy->department_code = g_strdup (self->department_code);
  copy->window_code = g_strdup (self->window_code);
  copy->township_code = g_strdup (self->township_code);
  copy->state = self->state;
  copy->state_before_suspension = self->state_before_suspension;
  copy->decision = self->decision;
  applicant_copy (&self->applicant, &copy->applicant);
  for (guint i = 0; i < self->materials->len; i++)
    g_ptr_array_add (copy->materials, case_material_copy (g_ptr_array_index (self->materials, i)));
  for (guint i = 0; i < self->events->len; i++)
    g_ptr_array_add (copy->events, case_event_copy (g_ptr_array_index (self->events, i)));
  for (guint i = 0; i < self->branches->len; i++)
    g_ptr_array_add (copy->branches, case_branch_copy (g_ptr_array_index (self->branches, i)));
  copy->received_by = g_strdup (self->received_by);
  copy->decided_by = g_strdup (self->decided_by);
  copy->decision_reason = g_strdup (self->decision_reason);
  copy->refusal_reason = g_strdup (self->refusal_reason);
  copy->refusal_basis = g_strdup (self->refusal_basis);
  copy->delivery_method = g_strdup (self->delivery_method);
  copy->delivery_detail = g_strdup (self->delivery_detail);
  copy->version = self->version;
  return copy;
}

YcCaseMaterial *
yc_case_find_material (const YcCase *self,
                       const char   *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (code == NULL)
    return NULL;
  for (guint i = 0; i < self->materials->len; i++)
    {
      YcCaseMaterial *material = g_ptr_array_index (self->materials, i);

      if (g_strcmp0 (material->code, code) == 0)
        return material;
    }
  return NULL;
}

/* RFC 3339: "2026-11-29T09:15:02+08:00", with ".250000" when there are microseconds. GLib's
 * own ISO 8601 writer shortens the offset to "+08", which many readers reject. */
static char *
format_time (GDateTime *datetime)
{
  if (g_date_time_get_microsecond (datetime) != 0)
    return g_date_time_format (datetime, "%Y-%m-%dT%H:%M:%S.%f%:z");
  return g_date_time_format (datetime, "%Y-%m-%dT%H:%M:%S%:z");
}

/* JSON encoding. Every key is always written (null for an absent string) so that the
 * shape is stable and from_json (to_json (x)) reproduces x exactly. */

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_applicant (JsonBuilder       *builder,
               const YcApplicant *applicant)
{
  json_builder_begin_object (builder);
  add_string (builder, "kind",
              applicant->kind == YC_APPLICANT_ORGANISATION ? "organisation" : "person");
  add_string (builder, "name", applicant->name);
  add_string (builder, "id_number", applicant->id_number);
  add_string (builder, "uscc_override_reason", applicant->uscc_override_reason);
  add_string (builder, "phone", applicant->phone);
  add_string (builder, "address", applicant->address);
  add_string (builder, "agent_name", applicant->agent_name);
  add_string (builder, "agent_id_number", applicant->agent_id_number);
  add_string (builder, "agent_phone", applicant->agent_phone);
  json_builder_end_object (builder);
}

static void
add_material (JsonBuilder          *builder,
              const YcCaseMaterial *material)
{
  json_builder_begin_object (builder);
  add_string (builder, "code", material->code);
  add_string (builder, "status", yc_material_status_to_string (material->status));
  add_string (builder, "reason", material->reason);
  json_builder_set_member_name (builder, "noticed");
  json_builder_add_boolean_value (builder, material->noticed);
  json_builder_set_member_name (builder, "original_checked");
  json_builder_add_boolean_value (builder, material->original_checked);
  json_builder_end_object (builder);
}

JsonNode *
yc_case_material_to_json (const YcCaseMaterial *material)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (material != NULL, NULL);
  add_material (builder, material);
  return json_builder_get_root (builder);
}

JsonNode *
yc_applicant_to_json (const YcApplicant *applicant)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (applicant != NULL, NULL);
  add_applicant (builder, applicant);
  return json_builder_get_root (builder);
}

JsonNode *
yc_case_to_json (const YcCase *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "number", self->number);
  add_string (builder, "item_code", self->item_code);
  json_builder_set_member_name (builder, "item_version");
  json_builder_add_int_value (builder, self->item_version);
  add_string (builder, "department_code", self->department_code);
  add_string (builder, "window_code", self->window_code);
  add_string (builder, "township_code", self->township_code);
  add_string (builder, "state", yc_case_state_to_string (self->state));
  add_string (builder, "state_before_suspension",
              yc_case_state_to_string (self->state_before_suspension));
  add_string (builder, "decision",
              self->decision == YC_CASE_STATE_DRAFT ? NULL
                                                    : yc_case_state_to_string (self->decision));

  json_builder_set_member_name (builder, "applicant");
  add_applicant (builder, &self->applicant);

  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->materials->len; i++)
    add_material (builder, g_ptr_array_index (self->materials, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->events->len; i++)
    {
      const YcCaseEvent *event = g_ptr_array_index (self->events, i);
      g_autofree char *at = event->at != NULL ? format_time (event->at) : NULL;

      json_builder_begin_object (builder);
      add_string (builder, "action", event->action);
      add_string (builder, "from", yc_case_state_to_string (event->from));
      add_string (builder, "to", yc_case_state_to_string (event->to));
      add_string (builder, "user", event->user);
      add_string (builder, "role", event->role);
      add_string (builder, "window_code", event->window_code);
      add_string (builder, "at", at);
      add_string (builder, "reason", event->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "branches");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->branches->len; i++)
    {
      const YcCaseBranch *branch = g_ptr_array_index (self->branches, i);

      json_builder_begin_object (builder);
      add_string (builder, "department_code", branch->department_code);
      add_string (builder, "state", yc_case_state_to_string (branch->state));
      add_string (builder, "user", branch->user);
      add_string (builder, "reason", branch->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_string (builder, "received_by", self->received_by);
  add_string (builder, "decided_by", self->decided_by);
  add_string (builder, "decision_reason", self->decision_reason);
  add_string (builder, "refusal_reason", self->refusal_reason);
  add_string (builder, "refusal_basis", self->refusal_basis);
  add_string (builder, "delivery_method", self->delivery_method);
  add_string (builder, "delivery_detail", self->delivery_detail);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, self->version);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* JSON decoding. Absent optional keys read as null; a value of the wrong type is a
 * YC_CASE_ERROR_PARSE that names the field by its path ("events[2].at"). */

static gboolean
parse_fail (GError    **error,
            const char *path,
            const char *what)
{
  g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_PARSE,
               _("Case data field “%s”: %s"), path, what);
  return FALSE;
}

static gboolean
read_string (JsonObject *object,
             const char *prefix,
             const char *key,
             gboolean    required,
             char      **out,
             GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *path = g_strconcat (prefix, key, NULL);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return parse_fail (error, path, _("missing"));
      *out = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return parse_fail (error, path, _("expected text"));
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_int (JsonObject *object,
          const char *prefix,
          const char *key,
          gint64      min,
          gint64     *out,
          GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *path = g_strconcat (prefix, key, NULL);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return parse_fail (error, path, _("missing"));
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return parse_fail (error, path, _("expected a whole number"));
  *out = json_node_get_int (node);
  if (*out < min)
    return parse_fail (error, path, _("number out of range"));
  return TRUE;
}

static gboolean
read_bool (JsonObject *object,
           const char *prefix,
           const char *key,
           gboolean   *out,
           GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *path = g_strconcat (prefix, key, NULL);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = FALSE;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return parse_fail (error, path, _("expected true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_state (JsonObject  *object,
            const char  *prefix,
            const char  *key,
            YcCaseState *out,
            GError     **error)
{
  g_autofree char *str = NULL;
  g_autofree char *path = g_strconcat (prefix, key, NULL);

  if (!read_string (object, prefix, key, TRUE, &str, error))
    return FALSE;
  if (!yc_case_state_from_string (str, out))
    return parse_fail (error, path, _("unknown case state"));
  return TRUE;
}

static JsonArray *
read_array (JsonObject *object,
            const char *key,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      parse_fail (error, key, _("missing"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      parse_fail (error, key, _("expected a list"));
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
element_object (JsonArray  *array,
                guint       index_,
                const char *key,
                char      **prefix,
                GError    **error)
{
  JsonNode *node = json_array_get_element (array, index_);

  *prefix = g_strdup_printf ("%s[%u].", key, index_);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", key, index_);

      parse_fail (error, path, _("expected an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

static YcCaseMaterial *
material_from_object (JsonObject *object,
                      const char *prefix,
                      GError    **error)
{
  g_autoptr (YcCaseMaterial) material = g_new0 (YcCaseMaterial, 1);
  g_autofree char *status = NULL;
  g_autofree char *path = g_strconcat (prefix, "status", NULL);

  if (!read_string (object, prefix, "code", TRUE, &material->code, error)
      || !read_string (object, prefix, "status", TRUE, &status, error)
      || !read_string (object, prefix, "reason", FALSE, &material->reason, error)
      || !read_bool (object, prefix, "noticed", &material->noticed, error)
      || !read_bool (object, prefix, "original_checked", &material->original_checked, error))
    return NULL;
  if (!yc_material_status_from_string (status, &material->status))
    {
      parse_fail (error, path, _("unknown material status"));
      return NULL;
    }
  return g_steal_pointer (&material);
}

YcCaseMaterial *
yc_case_material_from_json (JsonNode *node,
                            GError  **error)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      parse_fail (error, "material", _("expected an object"));
      return NULL;
    }
  return material_from_object (json_node_get_object (node), "", error);
}

static gboolean
applicant_from_object (JsonObject  *object,
                       const char  *prefix,
                       YcApplicant *applicant,
                       GError     **error)
{
  g_autofree char *kind = NULL;
  g_autofree char *path = g_strconcat (prefix, "kind", NULL);

  yc_applicant_clear (applicant);
  if (!read_string (object, prefix, "kind", TRUE, &kind, error))
    goto fail;
  if (g_str_equal (kind, "person"))
    applicant->kind = YC_APPLICANT_PERSON;
  else if (g_str_equal (kind, "organisation"))
    applicant->kind = YC_APPLICANT_ORGANISATION;
  else
    {
      parse_fail (error, path, _("expected “person” or “organisation”"));
      goto fail;
    }
  if (!read_string (object, prefix, "name", FALSE, &applicant->name, error)
      || !read_string (object, prefix, "id_number", FALSE, &applicant->id_number, error)
      || !read_string (object, prefix, "uscc_override_reason", FALSE,
                       &applicant->uscc_override_reason, error)
      || !read_string (object, prefix, "phone", FALSE, &applicant->phone, error)
      || !read_string (object, prefix, "address", FALSE, &applicant->address, error)
      || !read_string (object, prefix, "agent_name", FALSE, &applicant->agent_name, error)
      || !read_string (object, prefix, "agent_id_number", FALSE, &applicant->agent_id_number,
                       error)
      || !read_string (object, prefix, "agent_phone", FALSE, &applicant->agent_phone, error))
    goto fail;
  return TRUE;

fail:
  yc_applicant_clear (applicant);
  return FALSE;
}

gboolean
yc_applicant_from_json (JsonNode    *node,
                        YcApplicant *applicant,
                        GError     **error)
{
  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (applicant != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      yc_applicant_clear (applicant);
      return parse_fail (error, "applicant", _("expected an object"));
    }
  return applicant_from_object (json_node_get_object (node), "applicant.", applicant, error);
}

static YcCaseEvent *
event_from_object (JsonObject *object,
                   const char *prefix,
                   GError    **error)
{
  YcCaseEvent *event = g_new0 (YcCaseEvent, 1);
  g_autofree char *at = NULL;
  g_autofree char *action_path = g_strconcat (prefix, "action", NULL);
  g_autofree char *at_path = g_strconcat (prefix, "at", NULL);

  if (!read_string (object, prefix, "action", TRUE, &event->action, error)
      || !read_state (object, prefix, "from", &event->from, error)
      || !read_state (object, prefix, "to", &event->to, error)
      || !read_string (object, prefix, "user", FALSE, &event->user, error)
      || !read_string (object, prefix, "role", FALSE, &event->role, error)
      || !read_string (object, prefix, "window_code", FALSE, &event->window_code, error)
      || !read_string (object, prefix, "at", TRUE, &at, error)
      || !read_string (object, prefix, "reason", FALSE, &event->reason, error))
    goto fail;
  if (!yc_case_action_from_string (event->action, NULL))
    {
      parse_fail (error, action_path, _("unknown action"));
      goto fail;
    }
  /* No default zone: a time without an offset is ambiguous and rejected. */
  event->at = g_date_time_new_from_iso8601 (at, NULL);
  if (event->at == NULL)
    {
      parse_fail (error, at_path, _("expected an ISO 8601 date and time with a UTC offset"));
      goto fail;
    }
  return event;

fail:
  case_event_free (event);
  return NULL;
}

static YcCaseBranch *
branch_from_object (JsonObject *object,
                    const char *prefix,
                    GError    **error)
{
  YcCaseBranch *branch = g_new0 (YcCaseBranch, 1);
  g_autofree char *path = g_strconcat (prefix, "state", NULL);

  if (!read_string (object, prefix, "department_code", TRUE, &branch->department_code, error)
      || !read_state (object, prefix, "state", &branch->state, error)
      || !read_string (object, prefix, "user", FALSE, &branch->user, error)
      || !read_string (object, prefix, "reason", FALSE, &branch->reason, error))
    goto fail;
  if (branch->state != YC_CASE_STATE_AWAITING_SIGNOFF && branch->state != YC_CASE_STATE_APPROVED
      && branch->state != YC_CASE_STATE_DENIED)
    {
      parse_fail (error, path, _("expected “awaiting_signoff”, “approved” or “denied”"));
      goto fail;
    }
  return branch;

fail:
  case_branch_free (branch);
  return NULL;
}

YcCase *
yc_case_from_json (JsonNode *node,
                   GError  **error)
{
  g_autoptr (YcCase) self = NULL;
  JsonObject *object;
  JsonNode *applicant;
  JsonArray *array;
  g_autofree char *decision = NULL;
  gint64 number;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      parse_fail (error, "case", _("expected an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  self = case_alloc ();

  if (!read_string (object, "", "number", FALSE, &self->number, error)
      || !read_string (object, "", "item_code", TRUE, &self->item_code, error)
      || !read_int (object, "", "item_version", 1, &number, error))
    return NULL;
  self->item_version = (guint) MIN (number, G_MAXUINT);
  if (!read_string (object, "", "department_code", FALSE, &self->department_code, error)
      || !read_string (object, "", "window_code", FALSE, &self->window_code, error)
      || !read_string (object, "", "township_code", FALSE, &self->township_code, error)
      || !read_state (object, "", "state", &self->state, error)
      || !read_state (object, "", "state_before_suspension", &self->state_before_suspension,
                      error)
      || !read_string (object, "", "decision", FALSE, &decision, error))
    return NULL;

  if (decision == NULL)
    self->decision = YC_CASE_STATE_DRAFT;
  else if (g_str_equal (decision, "approved"))
    self->decision = YC_CASE_STATE_APPROVED;
  else if (g_str_equal (decision, "denied"))
    self->decision = YC_CASE_STATE_DENIED;
  else
    {
      parse_fail (error, "decision", _("expected null, “approved” or “denied”"));
      return NULL;
    }

  applicant = json_object_get_member (object, "applicant");
  if (applicant == NULL || !JSON_NODE_HOLDS_OBJECT (applicant))
    {
      parse_fail (error, "applicant", _("expected an object"));
      return NULL;
    }
  if (!applicant_from_object (json_node_get_object (applicant), "applicant.", &self->applicant,
                              error))
    return NULL;

  if ((array = read_array (object, "materials", error)) == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *prefix = NULL;
      JsonObject *element = element_object (array, i, "materials", &prefix, error);
      YcCaseMaterial *material;

      if (element == NULL || (material = material_from_object (element, prefix, error)) == NULL)
        return NULL;
      g_ptr_array_add (self->materials, material);
    }

  if ((array = read_array (object, "events", error)) == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *prefix = NULL;
      JsonObject *element = element_object (array, i, "events", &prefix, error);
      YcCaseEvent *event;

      if (element == NULL || (event = event_from_object (element, prefix, error)) == NULL)
        return NULL;
      g_ptr_array_add (self->events, event);
    }

  if ((array = read_array (object, "branches", error)) == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *prefix = NULL;
      JsonObject *element = element_object (array, i, "branches", &prefix, error);
      YcCaseBranch *branch;

      if (element == NULL || (branch = branch_from_object (element, prefix, error)) == NULL)
        return NULL;
      g_ptr_array_add (self->branches, branch);
    }

  if (!read_string (object, "", "received_by", FALSE, &self->received_by, error)
      || !read_string (object, "", "decided_by", FALSE, &self->decided_by, error)
      || !read_string (object, "", "decision_reason", FALSE, &self->decision_reason, error)
      || !read_string (object, "", "refusal_reason", FALSE, &self->refusal_reason, error)
      || !read_string (object, "", "refusal_basis", FALSE, &self->refusal_basis, error)
      || !read_string (object, "", "delivery_method", FALSE, &self->delivery_method, error)
      || !read_string (object, "", "delivery_detail", FALSE, &self->delivery_detail, error)
      || !read_int (object, "", "version", 0, &self->version, error))
    return NULL;

  return g_steal_pointer (&self);
}
