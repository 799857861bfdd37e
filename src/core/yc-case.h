/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A case (办件): one application for one catalogue item version at one window.
 * The struct is plain data; only yc-case-machine.c changes its state. JSON codec round-trips. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "yc-types.h"

G_BEGIN_DECLS

#define YC_CASE_ERROR (yc_case_error_quark ())

typedef enum
{
  YC_CASE_ERROR_PARSE,           /* JSON not of the documented shape */
  YC_CASE_ERROR_INVALID,         /* a field breaks a rule; message names it */
  YC_CASE_ERROR_ILLEGAL_TRANSITION, /* action not possible from the current state */
  YC_CASE_ERROR_FORBIDDEN,       /* this actor may not do it (role, department, township) */
  YC_CASE_ERROR_SEPARATION_OF_DUTIES, /* nobody signs off their own intake */
  YC_CASE_ERROR_NOT_NOTICED,     /* supply round names a material the one-time notice did not */
  YC_CASE_ERROR_MATERIALS_OUTSTANDING, /* certificate held: 缺件 materials not yet supplied */
  YC_CASE_ERROR_MISSING_ARGUMENT, /* a reason, list or field the action needs */
} YcCaseError;

GQuark yc_case_error_quark (void);

typedef enum
{
  YC_CASE_STATE_DRAFT,
  YC_CASE_STATE_RECEIVED,
  YC_CASE_STATE_AWAITING_MATERIALS,
  YC_CASE_STATE_ACCEPTED,
  YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS,
  YC_CASE_STATE_REFUSED,
  YC_CASE_STATE_IN_REVIEW,
  YC_CASE_STATE_SUSPENDED,
  YC_CASE_STATE_FORWARDED_TO_COUNTY,
  YC_CASE_STATE_RETURNED_TO_TOWNSHIP,
  YC_CASE_STATE_AWAITING_SIGNOFF,
  YC_CASE_STATE_APPROVED,
  YC_CASE_STATE_DENIED,
  YC_CASE_STATE_CERTIFIED,
  YC_CASE_STATE_DELIVERED,
  YC_CASE_STATE_CLOSED,
  YC_CASE_N_STATES
} YcCaseState;

/* Stable lower_snake names used in JSON and URLs ("awaiting_materials"). */
const char *yc_case_state_to_string   (YcCaseState state);
gboolean    yc_case_state_from_string (const char *str, YcCaseState *state);
/* Translated name for people ("Awaiting materials" / "待补正"). */
const char *yc_case_state_get_label   (YcCaseState state);

typedef enum
{
  YC_APPLICANT_PERSON,
  YC_APPLICANT_ORGANISATION,
} YcApplicantKind;

typedef struct
{
  YcApplicantKind kind;
  char *name;
  char *id_number;               /* citizen ID (person) or USCC (organisation) */
  char *uscc_override_reason;    /* set when a clerk accepted a USCC checksum mismatch */
  char *phone;
  char *address;
  char *agent_name;              /* 代办人, NULL when none */
  char *agent_id_number;
  char *agent_phone;
} YcApplicant;

typedef enum
{
  YC_MATERIAL_STATUS_PENDING,        /* not yet checked */
  YC_MATERIAL_STATUS_ORIGINAL_SEEN,  /* original checked (验核原件) */
  YC_MATERIAL_STATUS_COPY_RECEIVED,
  YC_MATERIAL_STATUS_MISSING,
  YC_MATERIAL_STATUS_DEFICIENT,      /* with a reason */
} YcMaterialStatus;

const char *yc_material_status_to_string   (YcMaterialStatus status);
gboolean    yc_material_status_from_string (const char *str, YcMaterialStatus *status);
/* Translated name for people ("Original checked" / "已验原件"). */
const char *yc_material_status_get_label   (YcMaterialStatus status);

typedef struct
{
  char            *code;         /* the item's material code */
  YcMaterialStatus status;
  char            *reason;       /* why deficient or missing; NULL otherwise */
  gboolean         noticed;      /* named by the one-time notice */
  gboolean         original_checked; /* the clerk ticked "original checked" */
} YcCaseMaterial;

typedef struct
{
  char        *action;           /* yc_case_action_to_string () */
  YcCaseState  from;
  YcCaseState  to;
  char        *user;
  char        *role;
  char        *window_code;      /* may be NULL */
  GDateTime   *at;
  char        *reason;           /* may be NULL */
} YcCaseEvent;

/* 并联审批: one branch per department of a parallel item. */
typedef struct
{
  char        *department_code;
  YcCaseState  state;            /* AWAITING_SIGNOFF, APPROVED or DENIED */
  char        *user;             /* who decided; NULL while open */
  char        *reason;
} YcCaseBranch;

struct _YcCase
{
  char        *number;           /* yc-case-number.h */
  char        *item_code;
  guint        item_version;
  char        *department_code;
  char        *window_code;
  char        *township_code;    /* NULL when taken in at the county hall */
  YcCaseState  state;
  YcCaseState  state_before_suspension;
  YcCaseState  decision;         /* APPROVED or DENIED once decided, else DRAFT */
  YcApplicant  applicant;
  GPtrArray   *materials;        /* YcCaseMaterial*, one per item material, owned */
  GPtrArray   *events;           /* YcCaseEvent*, oldest first, owned */
  GPtrArray   *branches;         /* YcCaseBranch*, empty unless parallel, owned */
  char        *received_by;      /* user who took it in */
  char        *decided_by;       /* chief who signed off */
  char        *decision_reason;  /* denial reason or approval conditions */
  char        *refusal_reason;
  char        *refusal_basis;
  char        *delivery_method;  /* "pickup" | "courier" */
  char        *delivery_detail;  /* collector's ID number or courier tracking number */
  gint64       version;          /* bumped by every applied action (optimistic locking) */
};

YcCase     *yc_case_new        (const char *number,
                                const YcItem *item,
                                const char *window_code,
                                const char *township_code);
void        yc_case_free       (YcCase *self);
YcCase     *yc_case_copy       (const YcCase *self);
GType       yc_case_get_type   (void) G_GNUC_CONST;
#define YC_TYPE_CASE (yc_case_get_type ())

YcCaseMaterial *yc_case_find_material (const YcCase *self, const char *code);

/* JSON: one member per struct field, same names; enums as their lower_snake strings;
 * "decision" null until decided; event "at" RFC 3339 with offset ("…T09:15:02+08:00");
 * absent strings null. Every member is always written. */
JsonNode   *yc_case_to_json    (const YcCase *self);
YcCase     *yc_case_from_json  (JsonNode *node, GError **error);

/* One checklist entry, e.g. for building YcActionArgs.materials; reason may be NULL. */
YcCaseMaterial *yc_case_material_new       (const char      *code,
                                            YcMaterialStatus status,
                                            const char      *reason);
void            yc_case_material_free      (YcCaseMaterial *material);
JsonNode       *yc_case_material_to_json   (const YcCaseMaterial *material);
YcCaseMaterial *yc_case_material_from_json (JsonNode *node, GError **error);

/* Frees the strings of @applicant, not the struct. */
void        yc_applicant_clear     (YcApplicant *applicant);
JsonNode   *yc_applicant_to_json   (const YcApplicant *applicant);
/* Fills @applicant (cleared first) from a JSON object; on error @applicant is left cleared. */
gboolean    yc_applicant_from_json (JsonNode *node, YcApplicant *applicant, GError **error);
/* Checks the applicant: name present; citizen ID (person) or USCC (organisation, with a
 * recorded override reason when only the checksum fails); agent ID when an agent is named. */
gboolean    yc_applicant_validate (const YcApplicant *applicant,
                                   const GDate       *today,
                                   GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCase, yc_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCaseMaterial, yc_case_material_free)

G_END_DECLS
