/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case state machine: the only place that decides what may happen to a case next.
 *
 * Three kinds of case
 *   hall       township_code NULL: taken in at the county hall.
 *   delegated  township case of an item delegated to that township (yc_item_is_delegated_to):
 *              the township handles and decides it ("不出镇办成事").
 *   forwarded  township case of an item not delegated to it: the township takes it in and
 *              accepts it, the county reviews and decides it, the township finishes it
 *              ("县乡通办"). A township never decides such an item.
 *
 * Transitions (state --ACTION--> state), with the arguments and guards yc_case_apply checks
 *   draft      --RECEIVE-->            received     applicant valid (yc_applicant_validate);
 *                                                    optional checklist; records received_by
 *   received   --REQUEST_MATERIALS-->  awaiting_materials
 *                                       the one-time notice: ≥ 1 material, each MISSING or
 *                                       DEFICIENT (DEFICIENT needs a reason); marks them noticed.
 *                                       A later round (after supply) may name only materials
 *                                       the first notice named, else NOT_NOTICED.
 *   awaiting_materials --SUPPLY-->     awaiting_materials, or received once every noticed
 *                                       material is ORIGINAL_SEEN/COPY_RECEIVED. The case goes
 *                                       back to received, not straight to accepted: acceptance
 *                                       is a written, dated decision the window takes after
 *                                       checking what came in (it may still refuse).
 *                                       SUPPLY names only noticed materials, else NOT_NOTICED.
 *   received   --ACCEPT-->             accepted     every required material ORIGINAL_SEEN or
 *                                                    COPY_RECEIVED (after the checklist)
 *   received   --ACCEPT_PENDING-->     accepted_pending_materials (容缺受理)
 *                                       item->allows_missing (else ILLEGAL_TRANSITION); ≥ 1
 *                                       required material absent, each MISSING/DEFICIENT, none
 *                                       essential, and — if a notice was issued — each named by
 *                                       it (else NOT_NOTICED). Marks them noticed: the
 *                                       materials-pending list is their notice.
 *   received, awaiting_materials --REFUSE--> refused
 *                                       reason, and legal basis (args, else item->refusal_basis)
 *   accepted, accepted_pending_materials --START_REVIEW--> in_review     (hall, delegated)
 *   accepted, accepted_pending_materials --FORWARD_TO_COUNTY--> forwarded_to_county (forwarded)
 *   forwarded_to_county --START_REVIEW--> in_review
 *   in_review  --SUSPEND-->  suspended (reason; clock stops) --RESUME--> state_before_suspension
 *                                       (reason)
 *   in_review  --SUBMIT_SIGNOFF-->     awaiting_signoff; for an item with parallel_departments
 *                                       (not delegated) one open branch per department
 *   awaiting_signoff --APPROVE/DENY--> approved / denied   DENY needs a reason. Parallel: each
 *                                       department's chief decides its branch (args->
 *                                       branch_department, default the chief's department);
 *                                       the case is approved when every branch approved and
 *                                       denied as soon as one branch denies.
 *   approved, denied --RETURN_TO_TOWNSHIP--> returned_to_township   (forwarded only)
 *   approved   --CERTIFY--> certified   (hall, delegated) }  yc_case_seal_authorised: not
 *   returned_to_township --CERTIFY--> certified (approved) }  held for 容缺 materials
 *                                       (else MATERIALS_OUTSTANDING)
 *   certified  --DELIVER-->            delivered    "pickup" with the collector's citizen ID
 *                                                    (checked) or "courier" with a tracking number
 *   delivered, refused --CLOSE--> closed; denied --CLOSE--> closed (hall, delegated);
 *   returned_to_township --CLOSE--> closed (denied)
 *   SUPPLY is also allowed, state unchanged, from accepted_pending_materials up to approved or
 *   returned_to_township while a required material is outstanding (容缺: "发证补齐"); the case
 *   in accepted_pending_materials becomes accepted when the last one comes in.
 *
 * Who acts
 *   ADMIN takes no case action. CHIEF only APPROVE/DENY. Every other action is the office's:
 *   hall cases and forwarded cases while with the county (forwarded_to_county, in_review,
 *   suspended, awaiting_signoff, approved, denied) → CLERK; otherwise TOWNSHIP staff whose
 *   township_code is the case's.
 *   APPROVE/DENY: delegated → a CHIEF with the case's township_code; hall and forwarded → a
 *   county CHIEF (no township_code) of the case's department, or of an open branch when
 *   parallel. Nobody approves or denies a case they took in (received_by or a RECEIVE event):
 *   SEPARATION_OF_DUTIES.
 *
 * Order of checks (so that callers and tests see one stable code): item matches the case
 * (INVALID); admin (FORBIDDEN); state (ILLEGAL_TRANSITION); actor (FORBIDDEN); separation of
 * duties; held certificate (MATERIALS_OUTSTANDING); then, in yc_case_apply only, the arguments
 * (MISSING_ARGUMENT, INVALID, NOT_NOTICED). yc_case_apply validates everything before it
 * writes anything, so on error the case is unchanged; on success it appends one event and
 * bumps version.
 *
 * Deadline (yc_case_deadline), derived only from the events, the item and the calendar
 *   accepted_on    date of the ACCEPT/ACCEPT_PENDING event: time spent awaiting materials does
 *                  not count (Art. 32). But if the window's first answer (notice, acceptance
 *                  or refusal) came more than YC_NOTICE_WORKING_DAYS working days after
 *                  RECEIVE, the case counts as accepted on the day it was received.
 *   suspended      Σ working days in (SUSPEND date, RESUME date], or up to today while suspended.
 *   committed_due  add_working_days (accepted_on, committed_limit + suspended); legal_due alike.
 *   decided        the APPROVE/DENY event that decided the case, or REFUSE.
 *   days_used      working days from accepted_on to today (or the decision) less suspended.
 *   days_left      working days from today to committed_due (for a decided case: from the
 *                  decision date, i.e. the margin it was decided with).
 *   status         DONE once decided (finished_on_time: decided on or before committed_due; a
 *                  refusal: the first answer came within YC_NOTICE_WORKING_DAYS), NOT_STARTED
 *                  before acceptance, STOPPED while suspended, OVERDUE when days_left < 0,
 *                  WARNING when days_left ≤ YC_DEADLINE_WARNING_DAYS, else ON_TIME.
 */
#define G_LOG_DOMAIN "yc-case-machine"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-case-machine.h"
#include "yc-ids.h"

typedef struct
{
  const char *name;
  const char *label;
} NameLabel;

static const char *const role_names[] = { "clerk", "township", "chief", "admin" };

/* Indexed by YcCaseAction. */
static const NameLabel action_names[YC_N_ACTIONS] = {
  { "receive", N_("Receive") },
  { "request_materials", N_("Request materials") },
  { "supply", N_("Supply materials") },
  { "accept", N_("Accept") },
  { "accept_pending", N_("Accept with materials pending") },
  { "refuse", N_("Refuse") },
  { "start_review", N_("Start review") },
  { "suspend", N_("Suspend") },
  { "resume", N_("Resume") },
  { "forward_to_county", N_("Forward to the county") },
  { "return_to_township", N_("Return to the township") },
  { "submit_signoff", N_("Submit for sign-off") },
  { "approve", N_("Approve") },
  { "deny", N_("Deny") },
  { "certify", N_("Issue certificate") },
  { "deliver", N_("Deliver") },
  { "close", N_("Close") },
};

static const char *const deadline_status_names[] = {
  "not_started", "on_time", "warning", "overdue", "stopped", "done",
};

const char *
yc_role_to_string (YcRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

gboolean
yc_role_from_string (const char *str,
                     YcRole     *role)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      if (g_str_equal (str, role_names[i]))
        {
          if (role != NULL)
            *role = (YcRole) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
yc_case_action_to_string (YcCaseAction action)
{
  g_return_val_if_fail ((guint) action < YC_N_ACTIONS, NULL);
  return action_names[action].name;
}

gboolean
yc_case_action_from_string (const char   *str,
                            YcCaseAction *action)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < YC_N_ACTIONS; i++)
    {
      if (g_str_equal (str, action_names[i].name))
        {
          if (action != NULL)
            *action = (YcCaseAction) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
yc_case_action_get_label (YcCaseAction action)
{
  g_return_val_if_fail ((guint) action < YC_N_ACTIONS, NULL);
  return _(action_names[action].label);
}

const char *
yc_deadline_status_to_string (YcDeadlineStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (deadline_status_names), NULL);
  return deadline_status_names[status];
}

/* Helpers */

typedef enum
{
  KIND_HALL,
  KIND_DELEGATED,
  KIND_FORWARDED,
} CaseKind;

static CaseKind
case_kind (const YcCase *self,
           const YcItem *item)
{
  if (self->township_code == NULL)
    return KIND_HALL;
  if (yc_item_is_delegated_to (item, self->township_code))
    return KIND_DELEGATED;
  return KIND_FORWARDED;
}

/* A forwarded case in one of these states is in the county's hands. */
static gboolean
with_county (const YcCase *self)
{
  switch (self->state)
    {
    case YC_CASE_STATE_FORWARDED_TO_COUNTY:
    case YC_CASE_STATE_IN_REVIEW:
    case YC_CASE_STATE_SUSPENDED:
    case YC_CASE_STATE_AWAITING_SIGNOFF:
    case YC_CASE_STATE_APPROVED:
    case YC_CASE_STATE_DENIED:
      return TRUE;
    case YC_CASE_STATE_DRAFT:
    case YC_CASE_STATE_RECEIVED:
    case YC_CASE_STATE_AWAITING_MATERIALS:
    case YC_CASE_STATE_ACCEPTED:
    case YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS:
    case YC_CASE_STATE_REFUSED:
    case YC_CASE_STATE_RETURNED_TO_TOWNSHIP:
    case YC_CASE_STATE_CERTIFIED:
    case YC_CASE_STATE_DELIVERED:
    case YC_CASE_STATE_CLOSED:
    case YC_CASE_N_STATES:
    default:
      return FALSE;
    }
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

static gboolean
status_present (YcMaterialStatus status)
{
  return status == YC_MATERIAL_STATUS_ORIGINAL_SEEN || status == YC_MATERIAL_STATUS_COPY_RECEIVED;
}

static gboolean
material_required (const YcItem *item,
                   const char   *code)
{
  const YcMaterial *material = yc_item_find_material (item, code);

  return material != NULL && material->required;
}

/* The name a clerk knows the material by. */
static const char *
material_name (const YcItem *item,
               const char   *code)
{
  const YcMaterial *material = yc_item_find_material (item, code);

  return material != NULL && material->name != NULL ? material->name : code;
}

/* A required material not yet handed in: the certificate is held. */
static const YcCaseMaterial *
first_outstanding (const YcCase *self,
                   const YcItem *item)
{
  for (guint i = 0; i < self->materials->len; i++)
    {
      const YcCaseMaterial *material = g_ptr_array_index (self->materials, i);

      if (material_required (item, material->code) && !status_present (material->status))
        return material;
    }
  return NULL;
}

static gboolean
event_is (const YcCaseEvent *event,
          YcCaseAction       action)
{
  return g_strcmp0 (event->action, yc_case_action_to_string (action)) == 0;
}

static gboolean
has_event (const YcCase *self,
           YcCaseAction  action)
{
  for (guint i = 0; i < self->events->len; i++)
    {
      if (event_is (g_ptr_array_index (self->events, i), action))
        return TRUE;
    }
  return FALSE;
}

static gboolean
took_in (const YcCase *self,
         const char   *user)
{
  if (user == NULL)
    return FALSE;
  if (g_strcmp0 (self->received_by, user) == 0)
    return TRUE;
  for (guint i = 0; i < self->events->len; i++)
    {
      const YcCaseEvent *event = g_ptr_array_index (self->events, i);

      if (event_is (event, YC_ACTION_RECEIVE) && g_strcmp0 (event->user, user) == 0)
        return TRUE;
    }
  return FALSE;
}

static YcCaseBranch *
find_branch (const YcCase *self,
             const char   *department_code)
{
  if (department_code == NULL)
    return NULL;
  for (guint i = 0; i < self->branches->len; i++)
    {
      YcCaseBranch *branch = g_ptr_array_index (self->branches, i);

      if (g_strcmp0 (branch->department_code, department_code) == 0)
        return branch;
    }
  return NULL;
}

static const char *
or_dash (const char *str)
{
  return str != NULL ? str : "—";
}

/* Errors */

static gboolean
illegal (GError      **error,
         const YcCase *self,
         YcCaseAction  action,
         const char   *hint)
{
  if (hint != NULL)
    g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_ILLEGAL_TRANSITION,
                 _("“%s” is not possible while the case is “%s”: %s"),
                 yc_case_action_get_label (action), yc_case_state_get_label (self->state), hint);
  else
    g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_ILLEGAL_TRANSITION,
                 _("“%s” is not possible while the case is “%s”."),
                 yc_case_action_get_label (action), yc_case_state_get_label (self->state));
  return FALSE;
}

/* Whether @action is possible from the case's state, for any actor. */
static gboolean
check_state (const YcCase *self,
             const YcItem *item,
             CaseKind      kind,
             YcCaseAction  action,
             GError      **error)
{
  YcCaseState state = self->state;
  gboolean accepted = state == YC_CASE_STATE_ACCEPTED
                      || state == YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS;

  switch (action)
    {
    case YC_ACTION_RECEIVE:
      if (state == YC_CASE_STATE_DRAFT)
        return TRUE;
      break;

    case YC_ACTION_REQUEST_MATERIALS:
    case YC_ACTION_ACCEPT:
      if (state == YC_CASE_STATE_RECEIVED)
        return TRUE;
      break;

    case YC_ACTION_ACCEPT_PENDING:
      if (state != YC_CASE_STATE_RECEIVED)
        break;
      if (!item->allows_missing)
        return illegal (error, self, action,
                        _("this item does not allow acceptance with materials pending."));
      return TRUE;

    case YC_ACTION_REFUSE:
      if (state == YC_CASE_STATE_RECEIVED || state == YC_CASE_STATE_AWAITING_MATERIALS)
        return TRUE;
      break;

    case YC_ACTION_SUPPLY:
      if (state == YC_CASE_STATE_AWAITING_MATERIALS)
        return TRUE;
      if (self->decision != YC_CASE_STATE_DENIED
          && (accepted || state == YC_CASE_STATE_IN_REVIEW || state == YC_CASE_STATE_SUSPENDED
              || state == YC_CASE_STATE_FORWARDED_TO_COUNTY
              || state == YC_CASE_STATE_AWAITING_SIGNOFF || state == YC_CASE_STATE_APPROVED
              || state == YC_CASE_STATE_RETURNED_TO_TOWNSHIP))
        {
          if (first_outstanding (self, item) != NULL)
            return TRUE;
          return illegal (error, self, action, _("no materials are outstanding."));
        }
      break;

    case YC_ACTION_START_REVIEW:
      if (state == YC_CASE_STATE_FORWARDED_TO_COUNTY)
        return TRUE;
      if (!accepted)
        break;
      if (kind == KIND_FORWARDED)
        return illegal (error, self, action,
                        _("the item is not delegated to this township; forward the case to "
                          "the county."));
      return TRUE;

    case YC_ACTION_SUSPEND:
      if (state == YC_CASE_STATE_IN_REVIEW)
        return TRUE;
      break;

    case YC_ACTION_RESUME:
      if (state == YC_CASE_STATE_SUSPENDED)
        return TRUE;
      break;

    case YC_ACTION_FORWARD_TO_COUNTY:
      if (!accepted)
        break;
      if (kind == KIND_FORWARDED)
        return TRUE;
      return illegal (error, self, action,
                      kind == KIND_DELEGATED
                        ? _("the item is delegated to this township, which decides it itself.")
                        : _("only township cases go to the county."));

    case YC_ACTION_RETURN_TO_TOWNSHIP:
      if (state != YC_CASE_STATE_APPROVED && state != YC_CASE_STATE_DENIED)
        break;
      if (kind == KIND_FORWARDED)
        return TRUE;
      return illegal (error, self, action,
                      _("only cases a township forwarded go back to a township."));

    case YC_ACTION_SUBMIT_SIGNOFF:
      if (state == YC_CASE_STATE_IN_REVIEW)
        return TRUE;
      break;

    case YC_ACTION_APPROVE:
    case YC_ACTION_DENY:
      if (state == YC_CASE_STATE_AWAITING_SIGNOFF)
        return TRUE;
      break;

    case YC_ACTION_CERTIFY:
      if (state == YC_CASE_STATE_APPROVED)
        {
          if (kind == KIND_FORWARDED)
            return illegal (error, self, action, _("return the case to the township first."));
          return TRUE;
        }
      if (state == YC_CASE_STATE_RETURNED_TO_TOWNSHIP)
        {
          if (self->decision == YC_CASE_STATE_APPROVED)
            return TRUE;
          return illegal (error, self, action,
                          _("the county denied the application; close the case."));
        }
      break;

    case YC_ACTION_DELIVER:
      if (state == YC_CASE_STATE_CERTIFIED)
        return TRUE;
      break;

    case YC_ACTION_CLOSE:
      if (state == YC_CASE_STATE_DELIVERED || state == YC_CASE_STATE_REFUSED)
        return TRUE;
      if (state == YC_CASE_STATE_DENIED)
        {
          if (kind == KIND_FORWARDED)
            return illegal (error, self, action, _("return the case to the township first."));
          return TRUE;
        }
      if (state == YC_CASE_STATE_RETURNED_TO_TOWNSHIP)
        {
          if (self->decision == YC_CASE_STATE_DENIED)
            return TRUE;
          return illegal (error, self, action,
                          _("the county approved the application; issue the certificate "
                            "first."));
        }
      break;

    case YC_N_ACTIONS:
    default:
      break;
    }

  return illegal (error, self, action, NULL);
}

static gboolean
forbidden (GError    **error,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static gboolean
forbidden (GError    **error,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_FORBIDDEN, message);
  return FALSE;
}

/* APPROVE/DENY: who signs off (the state is already known to be awaiting_signoff). */
static gboolean
check_decider (const YcCase  *self,
               const YcItem  *item,
               CaseKind       kind,
               const YcActor *actor,
               GError       **error)
{
  if (kind == KIND_DELEGATED)
    {
      if (actor->role != YC_ROLE_CHIEF)
        return forbidden (error, _("Only the chief of township %s may approve or deny this case."),
                          self->township_code);
      if (g_strcmp0 (actor->township_code, self->township_code) == 0)
        return TRUE;
      if (actor->township_code == NULL)
        return forbidden (error,
                          _("Item %s is delegated to township %s: the township’s chief decides "
                            "it, not the county department."),
                          item->code, self->township_code);
      return forbidden (error, _("This case belongs to township %s; you are chief of township %s."),
                        self->township_code, actor->township_code);
    }

  if (actor->role != YC_ROLE_CHIEF)
    return forbidden (error,
                      _("Only the section chief of department %s may approve or deny this case."),
                      or_dash (self->department_code));
  if (actor->township_code != NULL)
    return forbidden (error,
                      _("Item %s is not delegated to township %s: only the county department "
                        "may decide it."),
                      item->code, actor->township_code);

  if (self->branches->len > 0)
    {
      const YcCaseBranch *branch = find_branch (self, actor->department_code);

      if (branch == NULL)
        return forbidden (error,
                          _("This parallel case has no sign-off for your department %s."),
                          or_dash (actor->department_code));
      if (branch->state != YC_CASE_STATE_AWAITING_SIGNOFF)
        {
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_ILLEGAL_TRANSITION,
                       _("Department %s has already decided its part of this parallel case."),
                       branch->department_code);
          return FALSE;
        }
      return TRUE;
    }

  if (g_strcmp0 (actor->department_code, self->department_code) != 0)
    return forbidden (error, _("Department %s decides this case; you are chief of %s."),
                      or_dash (self->department_code), or_dash (actor->department_code));
  return TRUE;
}

/* Every action but APPROVE/DENY belongs to the office that holds the case. */
static gboolean
check_actor (const YcCase  *self,
             const YcItem  *item,
             CaseKind       kind,
             const YcActor *actor,
             YcCaseAction   action,
             GError       **error)
{
  gboolean county_office;

  if (action == YC_ACTION_APPROVE || action == YC_ACTION_DENY)
    return check_decider (self, item, kind, actor, error);

  if (actor->role == YC_ROLE_CHIEF)
    return forbidden (error, _("Section chiefs only approve or deny cases; the window takes every "
                               "other step."));

  county_office = kind == KIND_HALL || (kind == KIND_FORWARDED && with_county (self));
  if (county_office)
    {
      if (actor->role == YC_ROLE_CLERK)
        return TRUE;
      if (kind == KIND_HALL)
        return forbidden (error, _("Township staff act only on cases taken in at their own "
                                   "township."));
      return forbidden (error, _("The case is with the county; the township acts again once the "
                                 "county returns it."));
    }

  if (actor->role == YC_ROLE_TOWNSHIP)
    {
      if (g_strcmp0 (actor->township_code, self->township_code) == 0)
        return TRUE;
      return forbidden (error, _("This case belongs to township %s; you work for township %s."),
                        self->township_code, or_dash (actor->township_code));
    }
  if (kind == KIND_DELEGATED)
    return forbidden (error,
                      _("Township %s handles this case itself: the item is delegated to it."),
                      self->township_code);
  return forbidden (error, _("Township %s handles this case until it forwards it to the county."),
                    self->township_code);
}

static gboolean
check_item (const YcCase *self,
            const YcItem *item,
            GError      **error)
{
  if (g_strcmp0 (self->item_code, item->code) == 0 && self->item_version == item->version)
    return TRUE;
  g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
               _("This case is for item %s version %u, not item %s version %u."),
               or_dash (self->item_code), self->item_version, or_dash (item->code),
               item->version);
  return FALSE;
}

gboolean
yc_case_seal_authorised (const YcCase *self,
                         const YcItem *item,
                         GError      **error)
{
  const YcCaseMaterial *outstanding;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  if (self->decision != YC_CASE_STATE_APPROVED
      || (self->state != YC_CASE_STATE_APPROVED
          && self->state != YC_CASE_STATE_RETURNED_TO_TOWNSHIP
          && self->state != YC_CASE_STATE_CERTIFIED && self->state != YC_CASE_STATE_DELIVERED))
    {
      g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_ILLEGAL_TRANSITION,
                   _("The case is “%s”: a seal may be applied only after approval."),
                   yc_case_state_get_label (self->state));
      return FALSE;
    }

  outstanding = first_outstanding (self, item);
  if (outstanding != NULL)
    {
      g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_MATERIALS_OUTSTANDING,
                   _("The certificate is held until “%s” is handed in (accepted with materials "
                     "pending)."),
                   material_name (item, outstanding->code));
      return FALSE;
    }
  return TRUE;
}

gboolean
yc_case_can (const YcCase  *self,
             const YcItem  *item,
             const YcActor *actor,
             YcCaseAction   action,
             GError       **error)
{
  CaseKind kind;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail ((guint) action < YC_N_ACTIONS, FALSE);

  if (!check_item (self, item, error))
    return FALSE;

  if (actor->role != YC_ROLE_CLERK && actor->role != YC_ROLE_TOWNSHIP
      && actor->role != YC_ROLE_CHIEF)
    return forbidden (error, _("Administrators manage the service centre but do not act on "
                               "cases."));

  kind = case_kind (self, item);
  if (!check_state (self, item, kind, action, error))
    return FALSE;
  if (!check_actor (self, item, kind, actor, action, error))
    return FALSE;

  if ((action == YC_ACTION_APPROVE || action == YC_ACTION_DENY) && took_in (self, actor->user))
    {
      g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_SEPARATION_OF_DUTIES,
                           _("You took in this case, so someone else must approve or deny it."));
      return FALSE;
    }

  if (action == YC_ACTION_CERTIFY && !yc_case_seal_authorised (self, item, error))
    return FALSE;

  return TRUE;
}

GArray *
yc_case_allowed_actions (const YcCase  *self,
                         const YcItem  *item,
                         const YcActor *actor)
{
  GArray *actions = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (self != NULL, actions);
  g_return_val_if_fail (item != NULL, actions);
  g_return_val_if_fail (actor != NULL, actions);

  for (guint action = 0; action < YC_N_ACTIONS; action++)
    {
      if (yc_case_can (self, item, actor, (YcCaseAction) action, NULL))
        g_array_append_val (actions, action);
    }
  return actions;
}

/* yc_case_apply: validation builds a plan, the commit cannot fail. */

typedef struct
{
  gboolean         touched;          /* status, reason, original_checked change */
  YcMaterialStatus status;
  const char      *reason;
  gboolean         original_checked;
  gboolean         set_noticed;
} MaterialChange;

typedef struct
{
  YcCaseState     to;
  MaterialChange *materials;         /* one per case material */
  YcCaseBranch   *branch;            /* the parallel branch decided, or NULL */
  gboolean        new_branches;
  const char     *refusal_basis;
  const char     *delivery_method;
  char           *delivery_detail;   /* normalised, owned */
} Plan;

static int
material_index (const YcCase *self,
                const char   *code)
{
  for (guint i = 0; code != NULL && i < self->materials->len; i++)
    {
      const YcCaseMaterial *material = g_ptr_array_index (self->materials, i);

      if (g_strcmp0 (material->code, code) == 0)
        return (int) i;
    }
  return -1;
}

static YcMaterialStatus
planned_status (const YcCase *self,
                const Plan   *plan,
                guint         i)
{
  const YcCaseMaterial *material = g_ptr_array_index (self->materials, i);

  return plan->materials[i].touched ? plan->materials[i].status : material->status;
}

static gboolean
not_noticed (GError      **error,
             const YcItem *item,
             const char   *code)
{
  g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_NOT_NOTICED,
               _("“%s” was not named in the one-time notice, so the applicant may not be asked "
                 "for it now (Administrative Licensing Law, Art. 32)."),
               material_name (item, code));
  return FALSE;
}

/* Looks up one entry of args->materials; sets *index_ or fails naming the material. */
static gboolean
plan_entry (const YcCase         *self,
            const Plan           *plan,
            const YcCaseMaterial *entry,
            int                  *index_,
            GError              **error)
{
  *index_ = material_index (self, entry->code);
  if (*index_ < 0)
    {
      g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                   _("Material “%s” is not on this item’s list."), or_dash (entry->code));
      return FALSE;
    }
  if (plan->materials[*index_].touched)
    {
      g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                   _("Material “%s” is listed twice."), entry->code);
      return FALSE;
    }
  if ((guint) entry->status > YC_MATERIAL_STATUS_DEFICIENT)
    {
      g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                   _("Material “%s” has an unknown status."), entry->code);
      return FALSE;
    }
  return TRUE;
}

static void
plan_set (Plan                 *plan,
          int                   index_,
          const YcCaseMaterial *entry)
{
  MaterialChange *change = &plan->materials[index_];
  gboolean present = status_present (entry->status);

  change->touched = TRUE;
  change->status = entry->status;
  change->reason = present || !has_text (entry->reason) ? NULL : entry->reason;
  change->original_checked = entry->original_checked
                             || entry->status == YC_MATERIAL_STATUS_ORIGINAL_SEEN;
}

static gboolean
need_reason (GError      **error,
             const YcItem *item,
             const char   *code)
{
  g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_MISSING_ARGUMENT,
               _("Say what is wrong with “%s”."), material_name (item, code));
  return FALSE;
}

/* RECEIVE, ACCEPT, ACCEPT_PENDING: the checklist as the clerk marked it (optional). */
static gboolean
plan_checklist (const YcCase       *self,
                const YcItem       *item,
                const YcActionArgs *args,
                Plan               *plan,
                GError            **error)
{
  for (guint i = 0; args->materials != NULL && i < args->materials->len; i++)
    {
      const YcCaseMaterial *entry = g_ptr_array_index (args->materials, i);
      int index_;

      if (!plan_entry (self, plan, entry, &index_, error))
        return FALSE;
      if (entry->status == YC_MATERIAL_STATUS_DEFICIENT && !has_text (entry->reason))
        return need_reason (error, item, entry->code);
      plan_set (plan, index_, entry);
    }
  return TRUE;
}

static gboolean
plan_request_materials (const YcCase       *self,
                        const YcItem       *item,
                        const YcActionArgs *args,
                        Plan               *plan,
                        GError            **error)
{
  gboolean notice_issued = has_event (self, YC_ACTION_REQUEST_MATERIALS);

  if (args->materials == NULL || args->materials->len == 0)
    {
      g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_MISSING_ARGUMENT,
                           _("Name every missing or deficient material in the one-time "
                             "notice."));
      return FALSE;
    }

  for (guint i = 0; i < args->materials->len; i++)
    {
      const YcCaseMaterial *entry = g_ptr_array_index (args->materials, i);
      const YcCaseMaterial *material;
      int index_;

      if (!plan_entry (self, plan, entry, &index_, error))
        return FALSE;
      if (entry->status != YC_MATERIAL_STATUS_MISSING
          && entry->status != YC_MATERIAL_STATUS_DEFICIENT)
        {
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                       _("“%s”: a one-time notice lists only missing or deficient materials."),
                       material_name (item, entry->code));
          return FALSE;
        }
      if (entry->status == YC_MATERIAL_STATUS_DEFICIENT && !has_text (entry->reason))
        return need_reason (error, item, entry->code);
      material = g_ptr_array_index (self->materials, index_);
      if (notice_issued && !material->noticed)
        return not_noticed (error, item, entry->code);
      plan_set (plan, index_, entry);
      plan->materials[index_].set_noticed = TRUE;
    }

  plan->to = YC_CASE_STATE_AWAITING_MATERIALS;
  return TRUE;
}

static gboolean
plan_supply (const YcCase       *self,
             const YcItem       *item,
             const YcActionArgs *args,
             Plan               *plan,
             GError            **error)
{
  gboolean all_in = TRUE;

  if (args->materials == NULL || args->materials->len == 0)
    {
      g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_MISSING_ARGUMENT,
                           _("Tick the materials the applicant has handed in."));
      return FALSE;
    }

  for (guint i = 0; i < args->materials->len; i++)
    {
      const YcCaseMaterial *entry = g_ptr_array_index (args->materials, i);
      const YcCaseMaterial *material;
      int index_;

      if (!plan_entry (self, plan, entry, &index_, error))
        return FALSE;
      material = g_ptr_array_index (self->materials, index_);
      if (!material->noticed)
        return not_noticed (error, item, entry->code);
      if (!status_present (entry->status))
        {
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                       _("“%s”: mark it as original checked or copy received."),
                       material_name (item, entry->code));
          return FALSE;
        }
      plan_set (plan, index_, entry);
    }

  plan->to = self->state;
  if (self->state == YC_CASE_STATE_AWAITING_MATERIALS)
    {
      for (guint i = 0; i < self->materials->len; i++)
        {
          const YcCaseMaterial *material = g_ptr_array_index (self->materials, i);

          if (material->noticed && !status_present (planned_status (self, plan, i)))
            all_in = FALSE;
        }
      if (all_in)
        plan->to = YC_CASE_STATE_RECEIVED;
    }
  else if (self->state == YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS)
    {
      for (guint i = 0; i < self->materials->len; i++)
        {
          const YcCaseMaterial *material = g_ptr_array_index (self->materials, i);

          if (material_required (item, material->code)
              && !status_present (planned_status (self, plan, i)))
            all_in = FALSE;
        }
      if (all_in)
        plan->to = YC_CASE_STATE_ACCEPTED;
    }
  return TRUE;
}

static gboolean
plan_accept (const YcCase       *self,
             const YcItem       *item,
             const YcActionArgs *args,
             Plan               *plan,
             GError            **error)
{
  if (!plan_checklist (self, item, args, plan, error))
    return FALSE;

  for (guint i = 0; i < self->materials->len; i++)
    {
      const YcCaseMaterial *material = g_ptr_array_index (self->materials, i);

      if (material_required (item, material->code)
          && !status_present (planned_status (self, plan, i)))
        {
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                       _("“%s” is required and has not been checked in: ask for it with a "
                         "one-time notice, or accept with materials pending if the item "
                         "allows it."),
                       material_name (item, material->code));
          return FALSE;
        }
    }

  plan->to = YC_CASE_STATE_ACCEPTED;
  return TRUE;
}

static gboolean
plan_accept_pending (const YcCase       *self,
                     const YcItem       *item,
                     const YcActionArgs *args,
                     Plan               *plan,
                     GError            **error)
{
  gboolean notice_issued = has_event (self, YC_ACTION_REQUEST_MATERIALS);
  guint absent = 0;

  if (!plan_checklist (self, item, args, plan, error))
    return FALSE;

  for (guint i = 0; i < self->materials->len; i++)
    {
      const YcCaseMaterial *material = g_ptr_array_index (self->materials, i);
      const YcMaterial *wanted = yc_item_find_material (item, material->code);
      YcMaterialStatus status = planned_status (self, plan, i);

      if (wanted == NULL || !wanted->required || status_present (status))
        continue;
      if (status == YC_MATERIAL_STATUS_PENDING)
        {
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                       _("“%s” has not been checked yet: check it in, or mark it as missing "
                         "or deficient."),
                       material_name (item, material->code));
          return FALSE;
        }
      if (wanted->essential)
        {
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                       _("“%s” is essential and may not be missing: ask for it with a one-time "
                         "notice."),
                       material_name (item, material->code));
          return FALSE;
        }
      if (notice_issued && !material->noticed)
        return not_noticed (error, item, material->code);
      plan->materials[i].set_noticed = TRUE;
      absent++;
    }

  if (absent == 0)
    {
      g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                           _("Every required material is in: accept the case normally."));
      return FALSE;
    }

  plan->to = YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS;
  return TRUE;
}

static gboolean
plan_decision (const YcCase       *self,
               const YcActor      *actor,
               YcCaseAction        action,
               const YcActionArgs *args,
               Plan               *plan,
               GError            **error)
{
  const char *department;
  gboolean all_approved = TRUE;

  if (action == YC_ACTION_DENY && !has_text (args->reason))
    {
      g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_MISSING_ARGUMENT,
                           _("Give the reason for the denial; the applicant receives it in "
                             "writing."));
      return FALSE;
    }

  if (self->branches->len == 0)
    {
      plan->to = action == YC_ACTION_APPROVE ? YC_CASE_STATE_APPROVED : YC_CASE_STATE_DENIED;
      return TRUE;
    }

  department = args->branch_department != NULL ? args->branch_department
                                               : actor->department_code;
  if (g_strcmp0 (department, actor->department_code) != 0)
    return forbidden (error, _("You may decide only your own department’s part (%s)."),
                      or_dash (actor->department_code));
  plan->branch = find_branch (self, department);

  for (guint i = 0; i < self->branches->len; i++)
    {
      const YcCaseBranch *branch = g_ptr_array_index (self->branches, i);

      if (branch != plan->branch && branch->state != YC_CASE_STATE_APPROVED)
        all_approved = FALSE;
    }

  if (action == YC_ACTION_DENY)
    plan->to = YC_CASE_STATE_DENIED;
  else if (all_approved)
    plan->to = YC_CASE_STATE_APPROVED;
  else
    plan->to = YC_CASE_STATE_AWAITING_SIGNOFF;
  return TRUE;
}

static gboolean
tracking_number_valid (const char *str)
{
  gsize length = strlen (str);

  if (length < 6 || length > 40)
    return FALSE;
  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
    }
  return TRUE;
}

static gboolean
plan_deliver (const YcActionArgs *args,
              const GDate        *today,
              Plan               *plan,
              GError            **error)
{
  g_autofree char *detail = NULL;
  g_autoptr (GError) local_error = NULL;

  if (!has_text (args->delivery_method))
    {
      g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_MISSING_ARGUMENT,
                           _("Choose pickup or courier delivery."));
      return FALSE;
    }
  detail = g_strstrip (g_strdup (args->delivery_detail != NULL ? args->delivery_detail : ""));

  if (g_str_equal (args->delivery_method, "pickup"))
    {
      if (*detail == '\0')
        {
          g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_MISSING_ARGUMENT,
                               _("Enter the citizen ID number of the person collecting the "
                                 "certificate."));
          return FALSE;
        }
      if (!yc_citizen_id_check (detail, today, NULL, &local_error))
        {
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                       _("Collector’s citizen ID number: %s"), local_error->message);
          return FALSE;
        }
      plan->delivery_method = "pickup";
      plan->delivery_detail = g_ascii_strup (detail, -1);
      return TRUE;
    }

  if (g_str_equal (args->delivery_method, "courier"))
    {
      if (*detail == '\0')
        {
          g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_MISSING_ARGUMENT,
                               _("Enter the courier tracking number."));
          return FALSE;
        }
      if (!tracking_number_valid (detail))
        {
          g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
                       _("The tracking number “%s” is not valid: use 6 to 40 letters, digits "
                         "or hyphens."),
                       detail);
          return FALSE;
        }
      plan->delivery_method = "courier";
      plan->delivery_detail = g_steal_pointer (&detail);
      return TRUE;
    }

  g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID,
               _("Unknown delivery method “%s”: choose pickup or courier."),
               args->delivery_method);
  return FALSE;
}

static gboolean
require_reason (const YcActionArgs *args,
                const char         *message,
                GError            **error)
{
  if (has_text (args->reason))
    return TRUE;
  g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_MISSING_ARGUMENT, message);
  return FALSE;
}

/* Checks the arguments and every guard of @action; fills @plan. Writes nothing to @self. */
static gboolean
plan_action (const YcCase       *self,
             const YcItem       *item,
             const YcActor      *actor,
             YcCaseAction        action,
             const YcActionArgs *args,
             const GDate        *today,
             Plan               *plan,
             GError            **error)
{
  g_autoptr (GError) local_error = NULL;

  switch (action)
    {
    case YC_ACTION_RECEIVE:
      if (!plan_checklist (self, item, args, plan, error))
        return FALSE;
      if (!yc_applicant_validate (&self->applicant, today, error))
        return FALSE;
      plan->to = YC_CASE_STATE_RECEIVED;
      return TRUE;

    case YC_ACTION_REQUEST_MATERIALS:
      return plan_request_materials (self, item, args, plan, error);

    case YC_ACTION_SUPPLY:
      return plan_supply (self, item, args, plan, error);

    case YC_ACTION_ACCEPT:
      return plan_accept (self, item, args, plan, error);

    case YC_ACTION_ACCEPT_PENDING:
      return plan_accept_pending (self, item, args, plan, error);

    case YC_ACTION_REFUSE:
      if (!require_reason (args, _("Give the reasons for refusing the application."), error))
        return FALSE;
      plan->refusal_basis = has_text (args->legal_basis)   ? args->legal_basis
                            : has_text (item->refusal_basis) ? item->refusal_basis
                                                             : NULL;
      if (plan->refusal_basis == NULL)
        {
          g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_MISSING_ARGUMENT,
                               _("Give the legal basis for refusing the application."));
          return FALSE;
        }
      plan->to = YC_CASE_STATE_REFUSED;
      return TRUE;

    case YC_ACTION_START_REVIEW:
      plan->to = YC_CASE_STATE_IN_REVIEW;
      return TRUE;

    case YC_ACTION_SUSPEND:
      if (!require_reason (args,
                           _("Give the reason for suspending the case (hearing, testing, expert "
                             "review …); the applicant is told in writing."),
                           error))
        return FALSE;
      plan->to = YC_CASE_STATE_SUSPENDED;
      return TRUE;

    case YC_ACTION_RESUME:
      if (!require_reason (args, _("Say why the case resumes."), error))
        return FALSE;
      plan->to = self->state_before_suspension;
      return TRUE;

    case YC_ACTION_FORWARD_TO_COUNTY:
      plan->to = YC_CASE_STATE_FORWARDED_TO_COUNTY;
      return TRUE;

    case YC_ACTION_RETURN_TO_TOWNSHIP:
      plan->to = YC_CASE_STATE_RETURNED_TO_TOWNSHIP;
      return TRUE;

    case YC_ACTION_SUBMIT_SIGNOFF:
      plan->to = YC_CASE_STATE_AWAITING_SIGNOFF;
      plan->new_branches = case_kind (self, item) != KIND_DELEGATED
                           && item->parallel_departments != NULL
                           && item->parallel_departments[0] != NULL;
      return TRUE;

    case YC_ACTION_APPROVE:
    case YC_ACTION_DENY:
      return plan_decision (self, actor, action, args, plan, error);

    case YC_ACTION_CERTIFY:
      plan->to = YC_CASE_STATE_CERTIFIED;
      return TRUE;

    case YC_ACTION_DELIVER:
      if (!plan_deliver (args, today, plan, error))
        return FALSE;
      plan->to = YC_CASE_STATE_DELIVERED;
      return TRUE;

    case YC_ACTION_CLOSE:
      plan->to = YC_CASE_STATE_CLOSED;
      return TRUE;

    case YC_N_ACTIONS:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static void
replace_string (char      **field,
                const char *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
commit (YcCase             *self,
        const YcItem       *item,
        const YcActor      *actor,
        YcCaseAction        action,
        const YcActionArgs *args,
        GDateTime          *now,
        Plan               *plan)
{
  YcCaseEvent *event = g_new0 (YcCaseEvent, 1);
  const char *reason = has_text (args->reason) ? args->reason : NULL;

  for (guint i = 0; i < self->materials->len; i++)
    {
      YcCaseMaterial *material = g_ptr_array_index (self->materials, i);
      const MaterialChange *change = &plan->materials[i];

      if (change->touched)
        {
          material->status = change->status;
          replace_string (&material->reason, change->reason);
          material->original_checked = change->original_checked;
        }
      if (change->set_noticed)
        material->noticed = TRUE;
    }

  switch (action)
    {
    case YC_ACTION_RECEIVE:
      replace_string (&self->received_by, actor->user);
      break;
    case YC_ACTION_REFUSE:
      replace_string (&self->refusal_reason, reason);
      replace_string (&self->refusal_basis, plan->refusal_basis);
      break;
    case YC_ACTION_SUSPEND:
      self->state_before_suspension = self->state;
      break;
    case YC_ACTION_SUBMIT_SIGNOFF:
      g_ptr_array_set_size (self->branches, 0);
      for (guint i = 0; plan->new_branches && item->parallel_departments[i] != NULL; i++)
        {
          YcCaseBranch *branch = g_new0 (YcCaseBranch, 1);

          branch->department_code = g_strdup (item->parallel_departments[i]);
          branch->state = YC_CASE_STATE_AWAITING_SIGNOFF;
          g_ptr_array_add (self->branches, branch);
        }
      break;
    case YC_ACTION_APPROVE:
    case YC_ACTION_DENY:
      if (plan->branch != NULL)
        {
          plan->branch->state = action == YC_ACTION_APPROVE ? YC_CASE_STATE_APPROVED
                                                            : YC_CASE_STATE_DENIED;
          replace_string (&plan->branch->user, actor->user);
          replace_string (&plan->branch->reason, reason);
        }
      if (plan->to != YC_CASE_STATE_AWAITING_SIGNOFF)
        {
          self->decision = plan->to;
          replace_string (&self->decided_by, actor->user);
          replace_string (&self->decision_reason, reason);
        }
      break;
    case YC_ACTION_DELIVER:
      replace_string (&self->delivery_method, plan->delivery_method);
      g_free (self->delivery_detail);
      self->delivery_detail = g_steal_pointer (&plan->delivery_detail);
      break;
    case YC_ACTION_REQUEST_MATERIALS:
    case YC_ACTION_SUPPLY:
    case YC_ACTION_ACCEPT:
    case YC_ACTION_ACCEPT_PENDING:
    case YC_ACTION_START_REVIEW:
    case YC_ACTION_RESUME:
    case YC_ACTION_FORWARD_TO_COUNTY:
    case YC_ACTION_RETURN_TO_TOWNSHIP:
    case YC_ACTION_CERTIFY:
    case YC_ACTION_CLOSE:
    case YC_N_ACTIONS:
    default:
      break;
    }

  event->action = g_strdup (yc_case_action_to_string (action));
  event->from = self->state;
  event->to = plan->to;
  event->user = g_strdup (actor->user);
  event->role = g_strdup (yc_role_to_string (actor->role));
  event->window_code = g_strdup (actor->window_code);
  event->at = g_date_time_ref (now);
  event->reason = g_strdup (reason);
  g_ptr_array_add (self->events, event);

  self->state = plan->to;
  self->version++;
}

static void
date_of (GDateTime *datetime,
         GDate     *date)
{
  int year, month, day;

  g_date_time_get_ymd (datetime, &year, &month, &day);
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

gboolean
yc_case_apply (YcCase             *self,
               const YcItem       *item,
               const YcActor      *actor,
               YcCaseAction        action,
               const YcActionArgs *args,
               GDateTime          *now,
               GError            **error)
{
  static const YcActionArgs no_args = { 0 };
  g_autofree MaterialChange *changes = NULL;
  Plan plan = { 0 };
  GDate today;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!yc_case_can (self, item, actor, action, error))
    return FALSE;

  if (args == NULL)
    args = &no_args;
  date_of (now, &today);
  changes = g_new0 (MaterialChange, self->materials->len + 1);
  plan.materials = changes;
  plan.to = self->state;

  ok = plan_action (self, item, actor, action, args, &today, &plan, error);
  if (ok)
    commit (self, item, actor, action, args, now, &plan);
  g_free (plan.delivery_detail);
  return ok;
}

/* Deadline */

static gboolean
event_action (const YcCaseEvent *event,
              YcCaseAction      *action)
{
  return yc_case_action_from_string (event->action, action);
}

void
yc_case_deadline (const YcCase *self,
                  const YcItem *item,
                  YcCalendar   *calendar,
                  const GDate  *today,
                  YcDeadline   *out)
{
  const YcCaseEvent *receive = NULL, *first_answer = NULL, *accept = NULL, *decision = NULL;
  const YcCaseEvent *suspended_at = NULL;
  GDate date, other, end;
  gboolean estimated = FALSE;
  gboolean answered_in_time = TRUE;
  int suspended = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (item != NULL);
  g_return_if_fail (YC_IS_CALENDAR (calendar));
  g_return_if_fail (today != NULL && g_date_valid (today));
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  g_date_clear (&out->accepted_on, 1);
  g_date_clear (&out->committed_due, 1);
  g_date_clear (&out->legal_due, 1);
  out->status = YC_DEADLINE_NOT_STARTED;

  for (guint i = 0; i < self->events->len; i++)
    {
      const YcCaseEvent *event = g_ptr_array_index (self->events, i);
      YcCaseAction action;

      if (!event_action (event, &action) || decision != NULL)
        continue;
      switch (action)
        {
        case YC_ACTION_RECEIVE:
          if (receive == NULL)
            receive = event;
          break;
        case YC_ACTION_ACCEPT:
        case YC_ACTION_ACCEPT_PENDING:
          if (accept == NULL)
            accept = event;
          G_GNUC_FALLTHROUGH;
        case YC_ACTION_REQUEST_MATERIALS:
          if (receive != NULL && first_answer == NULL)
            first_answer = event;
          break;
        case YC_ACTION_REFUSE:
          if (receive != NULL && first_answer == NULL)
            first_answer = event;
          decision = event;
          break;
        case YC_ACTION_APPROVE:
        case YC_ACTION_DENY:
          if (event->to == YC_CASE_STATE_APPROVED || event->to == YC_CASE_STATE_DENIED)
            decision = event;
          break;
        case YC_ACTION_SUSPEND:
          if (accept != NULL)
            suspended_at = event;
          break;
        case YC_ACTION_RESUME:
          if (suspended_at != NULL)
            {
              date_of (suspended_at->at, &date);
              date_of (event->at, &other);
              suspended += MAX (0, yc_calendar_working_days_between (calendar, &date, &other,
                                                                     &estimated));
              suspended_at = NULL;
            }
          break;
        case YC_ACTION_SUPPLY:
        case YC_ACTION_START_REVIEW:
        case YC_ACTION_FORWARD_TO_COUNTY:
        case YC_ACTION_RETURN_TO_TOWNSHIP:
        case YC_ACTION_SUBMIT_SIGNOFF:
        case YC_ACTION_CERTIFY:
        case YC_ACTION_DELIVER:
        case YC_ACTION_CLOSE:
        case YC_N_ACTIONS:
        default:
          break;
        }
    }

  /* Did the window answer (notice, acceptance, refusal) within the legal period? */
  if (receive != NULL && first_answer != NULL)
    {
      date_of (receive->at, &date);
      date_of (first_answer->at, &other);
      answered_in_time = yc_calendar_working_days_between (calendar, &date, &other, &estimated)
                         <= YC_NOTICE_WORKING_DAYS;
    }

  if (accept == NULL)
    {
      if (decision != NULL)
        {
          out->status = YC_DEADLINE_DONE;   /* refused */
          out->finished_on_time = answered_in_time;
        }
      out->estimated = estimated;
      return;
    }

  if (answered_in_time)
    date_of (accept->at, &out->accepted_on);
  else
    date_of (receive->at, &out->accepted_on);   /* answered late: accepted on receipt */

  if (decision != NULL)
    date_of (decision->at, &end);
  else
    end = *today;

  if (suspended_at != NULL)
    {
      date_of (suspended_at->at, &date);
      suspended += MAX (0, yc_calendar_working_days_between (calendar, &date, &end,
                                                             &estimated));
    }
  out->suspended_days = (guint) suspended;

  yc_calendar_add_working_days (calendar, &out->accepted_on, item->committed_limit + suspended,
                                &out->committed_due, &estimated);
  yc_calendar_add_working_days (calendar, &out->accepted_on, item->legal_limit + suspended,
                                &out->legal_due, &estimated);
  out->days_used = MAX (0, yc_calendar_working_days_between (calendar, &out->accepted_on, &end,
                                                             &estimated)
                             - suspended);
  out->days_left = yc_calendar_working_days_between (calendar, &end, &out->committed_due,
                                                     &estimated);
  out->estimated = estimated;

  if (decision != NULL)
    {
      out->status = YC_DEADLINE_DONE;
      out->finished_on_time = g_date_compare (&end, &out->committed_due) <= 0;
    }
  else
    {
      if (suspended_at != NULL)
        out->status = YC_DEADLINE_STOPPED;
      else if (out->days_left < 0)
        out->status = YC_DEADLINE_OVERDUE;
      else if (out->days_left <= YC_DEADLINE_WARNING_DAYS)
        out->status = YC_DEADLINE_WARNING;
      else
        out->status = YC_DEADLINE_ON_TIME;
    }
}

static void
add_date (JsonBuilder *builder,
          const char  *key,
          const GDate *date)
{
  json_builder_set_member_name (builder, key);
  if (g_date_valid (date))
    {
      char buffer[16];

      g_snprintf (buffer, sizeof buffer, "%04u-%02u-%02u", g_date_get_year (date),
                  (guint) g_date_get_month (date), g_date_get_day (date));
      json_builder_add_string_value (builder, buffer);
    }
  else
    json_builder_add_null_value (builder);
}

JsonNode *
yc_deadline_to_json (const YcDeadline *deadline)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (deadline != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, yc_deadline_status_to_string (deadline->status));
  add_date (builder, "accepted_on", &deadline->accepted_on);
  add_date (builder, "committed_due", &deadline->committed_due);
  add_date (builder, "legal_due", &deadline->legal_due);
  json_builder_set_member_name (builder, "days_left");
  json_builder_add_int_value (builder, deadline->days_left);
  json_builder_set_member_name (builder, "days_used");
  json_builder_add_int_value (builder, deadline->days_used);
  json_builder_set_member_name (builder, "suspended_days");
  json_builder_add_int_value (builder, deadline->suspended_days);
  json_builder_set_member_name (builder, "finished_on_time");
  json_builder_add_boolean_value (builder, deadline->finished_on_time);
  json_builder_set_member_name (builder, "estimated");
  json_builder_add_boolean_value (builder, deadline->estimated);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
