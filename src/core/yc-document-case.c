/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-document-case"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "yc-case-machine.h"
#include "yc-document-case.h"
#include "yc-ids.h"

const char *
yc_material_format_label (YcMaterialFormat format)
{
  switch (format)
    {
    case YC_MATERIAL_FORMAT_ORIGINAL:
      return "原件";
    case YC_MATERIAL_FORMAT_COPY:
      return "复印件";
    case YC_MATERIAL_FORMAT_ORIGINAL_AND_COPY:
      return "原件及复印件";
    case YC_MATERIAL_FORMAT_ELECTRONIC:
      return "电子件";
    default:
      g_return_val_if_reached ("");
    }
}

YcSeal *
yc_seal_new_for_department (const YcDepartment *department)
{
  const char *name;
  g_autofree char *arc = NULL;

  g_return_val_if_fail (department != NULL, NULL);

  name = department->seal_name != NULL ? department->seal_name : department->name;
  arc = g_str_has_suffix (name, YC_SEAL_DEFAULT_PURPOSE) && !g_str_equal (name,
                                                                          YC_SEAL_DEFAULT_PURPOSE)
        ? g_strndup (name, strlen (name) - strlen (YC_SEAL_DEFAULT_PURPOSE)) : g_strdup (name);
  return yc_seal_new_drawn (arc, YC_SEAL_DEFAULT_PURPOSE, 0);
}

static const YcMaterial *
item_material (const YcItem *item,
               const char   *code)
{
  for (guint i = 0; item->materials != NULL && i < item->materials->len; i++)
    {
      const YcMaterial *material = g_ptr_array_index (item->materials, i);

      if (g_strcmp0 (material->code, code) == 0)
        return material;
    }
  return NULL;
}

static void
set_date (YcDocument  *doc,
          const char  *field,
          const GDate *date)
{
  g_autofree char *text = yc_document_format_date (date);

  yc_document_set_field (doc, field, text);
}

/* The day the case was received (收件), from its event history. */
static gboolean
received_on (const YcCase *kase,
             GDate        *date)
{
  for (guint i = 0; kase->events != NULL && i < kase->events->len; i++)
    {
      const YcCaseEvent *event = g_ptr_array_index (kase->events, i);

      if (g_strcmp0 (event->action, yc_case_action_to_string (YC_ACTION_RECEIVE)) == 0
          && event->at != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (event->at);

          g_date_clear (date, 1);
          g_date_set_dmy (date, g_date_time_get_day_of_month (local),
                          g_date_time_get_month (local), g_date_time_get_year (local));
          return TRUE;
        }
    }
  return FALSE;
}

static char *
requirement (const YcMaterial *material)
{
  GString *text = g_string_new (yc_material_format_label (material->format));

  if (material->format != YC_MATERIAL_FORMAT_ELECTRONIC)
    g_string_append_printf (text, "%u份", MAX (material->copies, 1));
  if (material->size != NULL)
    g_string_append_printf (text, "，%s", material->size);
  if (material->standard != NULL)
    g_string_append_printf (text, "；%s", material->standard);
  return g_string_free (text, FALSE);
}

static gboolean
missing_field (GError    **error,
               const char *what)
{
  g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_MISSING_FIELD,
               _("The document cannot be made without %s"), what);
  return FALSE;
}

static gboolean
set_common (YcDocument                  *doc,
            const YcCase                *kase,
            const YcItem                *item,
            const YcDocumentCaseContext *ctx,
            GError                     **error)
{
  const YcDepartment *dept = ctx->department;
  GDate received;

  if (dept == NULL || ctx->window == NULL || ctx->clerk_name == NULL || ctx->issued == NULL)
    return missing_field (error, _("the department, the window, the clerk and the date"));
  if (ctx->verification_url == NULL)
    return missing_field (error, _("the backend’s verification address"));

  yc_document_set_field (doc, "case_number", kase->number);
  yc_document_set_field (doc, "item_name", item->name);
  yc_document_set_field (doc, "item_code", item->code);
  yc_document_set_field (doc, "applicant_name", kase->applicant.name);
  yc_document_set_field (doc, "applicant_id", kase->applicant.id_number);
  yc_document_set_field (doc, "applicant_phone", kase->applicant.phone);
  yc_document_set_field (doc, "agent_name", kase->applicant.agent_name);
  yc_document_set_field (doc, "issuing_department", dept->name);
  yc_document_set_field (doc, "window_name", ctx->window->name);
  yc_document_set_field (doc, "clerk_name", ctx->clerk_name);
  yc_document_set_field (doc, "contact_phone", item->phone != NULL ? item->phone : dept->phone);
  yc_document_set_field (doc, "complaint_phone", item->complaint_phone != NULL
                         ? item->complaint_phone : dept->complaint_phone);
  yc_document_set_field (doc, "place", item->place);
  yc_document_set_field (doc, "hours", item->hours);
  set_date (doc, "issue_date", ctx->issued);
  set_date (doc, "received_date", received_on (kase, &received) ? &received : ctx->issued);
  yc_document_set_verification_url (doc, ctx->verification_url);
  return TRUE;
}

static gboolean
state_error (GError        **error,
             YcDocumentType  type,
             const YcCase   *kase)
{
  g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_CASE_STATE,
               _("Case %s (%s) is not at the point where a %s document is issued"),
               kase->number, yc_case_state_to_string (kase->state),
               yc_document_type_to_string (type));
  return FALSE;
}

static gboolean
fill_acceptance (YcDocument                  *doc,
                 const YcCase                *kase,
                 const YcItem                *item,
                 const YcDocumentCaseContext *ctx,
                 GError                     **error)
{
  YcDeadline deadline = { 0 };
  g_autofree char *legal = NULL, *committed = NULL;

  if (ctx->calendar == NULL)
    return missing_field (error, _("the working-day calendar"));
  yc_case_deadline (kase, item, ctx->calendar, ctx->issued, &deadline);
  if (deadline.status == YC_DEADLINE_NOT_STARTED || !g_date_valid (&deadline.committed_due))
    return state_error (error, YC_DOCUMENT_ACCEPTANCE, kase);

  legal = g_strdup_printf ("%u", item->legal_limit);
  committed = g_strdup_printf ("%u", item->committed_limit);
  yc_document_set_field (doc, "legal_limit", legal);
  yc_document_set_field (doc, "committed_limit", committed);
  set_date (doc, "accepted_date", &deadline.accepted_on);
  set_date (doc, "completion_date", &deadline.committed_due);
  set_date (doc, "legal_due_date", &deadline.legal_due);

  /* 容缺受理: the non-essential materials still owed, supplied when the certificate is
   * collected. */
  for (guint i = 0; kase->materials != NULL && i < kase->materials->len; i++)
    {
      const YcCaseMaterial *m = g_ptr_array_index (kase->materials, i);
      const YcMaterial *material = item_material (item, m->code);
      g_autofree char *req = NULL;

      if (material == NULL || (m->status != YC_MATERIAL_STATUS_MISSING
                               && m->status != YC_MATERIAL_STATUS_DEFICIENT))
        continue;
      req = requirement (material);
      yc_document_add_row (doc, "pending_materials", "name", material->name,
                           "requirement", req, NULL);
    }
  return TRUE;
}

static gboolean
fill_missing (YcDocument                  *doc,
              const YcCase                *kase,
              const YcItem                *item,
              const YcDocumentCaseContext *ctx,
              GError                     **error)
{
  for (guint i = 0; kase->materials != NULL && i < kase->materials->len; i++)
    {
      const YcCaseMaterial *m = g_ptr_array_index (kase->materials, i);
      const YcMaterial *material = item_material (item, m->code);
      g_autofree char *req = NULL;
      const char *problem;

      if (m->status != YC_MATERIAL_STATUS_MISSING && m->status != YC_MATERIAL_STATUS_DEFICIENT)
        continue;
      if (material == NULL)
        {
          g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_MISSING_FIELD,
                       _("Material %s of case %s is not in the item’s materials list"), m->code,
                       kase->number);
          return FALSE;
        }
      problem = m->reason != NULL ? m->reason
                : m->status == YC_MATERIAL_STATUS_MISSING ? "未提交" : NULL;
      if (problem == NULL)
        {
          g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_MISSING_FIELD,
                       _("The deficient material “%s” needs a reason for the one-time notice"),
                       material->name);
          return FALSE;
        }
      req = requirement (material);
      yc_document_add_row (doc, "materials", "name", material->name, "problem", problem,
                           "requirement", req, NULL);
    }
  if (yc_document_get_n_rows (doc, "materials") == 0)
    return state_error (error, YC_DOCUMENT_MISSING_MATERIALS, kase);

  if (ctx->supply_days > 0)
    {
      GDate due;

      if (ctx->calendar == NULL)
        return missing_field (error, _("the working-day calendar"));
      yc_calendar_add_working_days (ctx->calendar, ctx->issued, ctx->supply_days, &due, NULL);
      set_date (doc, "supply_deadline", &due);
    }
  return TRUE;
}

static gboolean
fill_refusal (YcDocument   *doc,
              const YcCase *kase,
              const YcItem *item,
              GError      **error)
{
  const char *basis = kase->refusal_basis != NULL ? kase->refusal_basis : item->refusal_basis;

  if (kase->state != YC_CASE_STATE_REFUSED
      && !(kase->state == YC_CASE_STATE_CLOSED && kase->refusal_reason != NULL))
    return state_error (error, YC_DOCUMENT_REFUSAL, kase);
  if (kase->refusal_reason == NULL || basis == NULL)
    return missing_field (error, _("the reason and the legal basis of the refusal"));
  yc_document_set_field (doc, "refusal_reason", kase->refusal_reason);
  yc_document_set_field (doc, "refusal_basis", basis);
  return TRUE;
}

char *
yc_document_licence_serial (const char *case_number)
{
  GString *serial;

  if (case_number == NULL)
    return NULL;
  serial = g_string_new (NULL);
  for (const char *p = case_number; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (serial, g_ascii_toupper (*p));
  if (serial->len == 0)
    return (g_string_free (serial, TRUE), NULL);
  return g_string_free (serial, FALSE);
}

static char *
licence_name (const YcItem *item)
{
  if (g_str_has_suffix (item->name, "证"))
    return g_strdup (item->name);
  if (g_str_has_suffix (item->name, "许可"))
    return g_strconcat (item->name, "证", NULL);
  return g_strdup ("行政许可证");
}

static gboolean
fill_certificate (YcDocument                  *doc,
                  const YcCase                *kase,
                  const YcItem                *item,
                  const YcDocumentCaseContext *ctx,
                  GError                     **error)
{
  g_autofree char *id = NULL, *name = NULL, *from = NULL, *until = NULL, *validity = NULL;
  g_autofree char *serial = NULL;
  const char *issuer;

  if (kase->decision != YC_CASE_STATE_APPROVED)
    return state_error (error, YC_DOCUMENT_CERTIFICATE, kase);
  /* The issuing organ's code comes from the catalogue and the serial from the case unless the
   * caller says otherwise, so that every certificate of a case carries the same identifier. */
  issuer = ctx->issuer_uscc != NULL ? ctx->issuer_uscc
           : ctx->department != NULL ? ctx->department->uscc : NULL;
  serial = ctx->licence_serial != NULL ? g_strdup (ctx->licence_serial)
           : yc_document_licence_serial (kase->number);
  if (item->licence_type == NULL || issuer == NULL || serial == NULL)
    return missing_field (error, _("the licence type, the issuer’s credit code and the serial"));
  id = yc_elicence_id_build (item->licence_type, issuer, serial, MAX (ctx->licence_version, 1),
                             error);
  if (id == NULL)
    return FALSE;
  name = licence_name (item);
  from = yc_document_format_date (ctx->issued);
  until = ctx->valid_until != NULL ? yc_document_format_date (ctx->valid_until) : NULL;
  validity = until != NULL ? g_strdup_printf ("%s至%s", from, until) : g_strdup ("长期");
  yc_document_set_field (doc, "licence_name", name);
  yc_document_set_field (doc, "licence_id", id);
  yc_document_set_field (doc, "licence_serial", serial);
  yc_document_set_field (doc, "issuer_uscc", issuer);
  yc_document_set_field (doc, "holder_name", kase->applicant.name);
  yc_document_set_field (doc, "holder_id", kase->applicant.id_number);
  yc_document_set_field (doc, "holder_address", kase->applicant.address);
  yc_document_set_field (doc, "scope", ctx->scope != NULL ? ctx->scope : item->name);
  yc_document_set_field (doc, "validity", validity);
  yc_document_set_field (doc, "conditions", kase->decision_reason);
  return TRUE;
}

static gboolean
fill_receipt (YcDocument   *doc,
              const YcCase *kase,
              const YcItem *item,
              GError      **error)
{
  for (guint i = 0; kase->materials != NULL && i < kase->materials->len; i++)
    {
      const YcCaseMaterial *m = g_ptr_array_index (kase->materials, i);
      const YcMaterial *material = item_material (item, m->code);
      gboolean seen = m->original_checked || m->status == YC_MATERIAL_STATUS_ORIGINAL_SEEN;
      g_autofree char *kept = NULL;

      if (material == NULL || (!seen && m->status != YC_MATERIAL_STATUS_COPY_RECEIVED))
        continue;
      /* What the window keeps: the original when the item asks for the original, otherwise
       * the copies; an original that is only checked goes back to the applicant. */
      switch (material->format)
        {
        case YC_MATERIAL_FORMAT_ORIGINAL:
          kept = g_strdup_printf ("原件%u份", MAX (material->copies, 1));
          break;
        case YC_MATERIAL_FORMAT_ELECTRONIC:
          kept = g_strdup ("电子件");
          break;
        case YC_MATERIAL_FORMAT_COPY:
        case YC_MATERIAL_FORMAT_ORIGINAL_AND_COPY:
        default:
          kept = g_strdup_printf ("复印件%u份", MAX (material->copies, 1));
          break;
        }
      yc_document_add_row (doc, "materials", "name", material->name,
                           "original", !seen ? "—"
                           : material->format == YC_MATERIAL_FORMAT_ORIGINAL ? "已验核"
                           : "已验核，原件退回",
                           "kept", kept, NULL);
    }
  if (yc_document_get_n_rows (doc, "materials") == 0)
    return state_error (error, YC_DOCUMENT_RECEIPT, kase);
  return TRUE;
}

YcDocument *
yc_document_new_for_case (YcDocumentType               type,
                          const YcCase                *kase,
                          const YcItem                *item,
                          const YcDocumentCaseContext *context,
                          GError                     **error)
{
  g_autoptr(YcDocument) doc = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (type < YC_DOCUMENT_N_TYPES, NULL);
  g_return_val_if_fail (kase != NULL && item != NULL && context != NULL, NULL);

  doc = yc_document_new (type);
  if (!set_common (doc, kase, item, context, error))
    return NULL;
  switch (type)
    {
    case YC_DOCUMENT_ACCEPTANCE:
      ok = fill_acceptance (doc, kase, item, context, error);
      break;
    case YC_DOCUMENT_MISSING_MATERIALS:
      ok = fill_missing (doc, kase, item, context, error);
      break;
    case YC_DOCUMENT_REFUSAL:
      ok = fill_refusal (doc, kase, item, error);
      break;
    case YC_DOCUMENT_CERTIFICATE:
      ok = fill_certificate (doc, kase, item, context, error);
      break;
    case YC_DOCUMENT_RECEIPT:
      ok = fill_receipt (doc, kase, item, error);
      break;
    case YC_DOCUMENT_N_TYPES:
    default:
      g_assert_not_reached ();
    }
  return ok ? g_steal_pointer (&doc) : NULL;
}
