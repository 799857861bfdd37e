/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case state machine (DESIGN.md): the only place that decides what may happen next.
 * Pure: no I/O, the clock is passed in. The server enforces it; the client asks it which
 * actions to show. */
#pragma once

#include "yc-case.h"
#include "yc-catalogue.h"
#include "yc-calendar.h"

G_BEGIN_DECLS

typedef enum
{
  YC_ROLE_CLERK,                 /* 综合窗口 at the county hall */
  YC_ROLE_TOWNSHIP,              /* 乡镇便民服务中心 staff */
  YC_ROLE_CHIEF,                 /* 科长: department_code set; township chief: township_code set */
  YC_ROLE_ADMIN,
} YcRole;

const char *yc_role_to_string   (YcRole role);
gboolean    yc_role_from_string (const char *str, YcRole *role);

struct _YcActor
{
  char   *user;                  /* login name, unique */
  char   *display_name;
  YcRole  role;
  char   *department_code;       /* chiefs of a county department */
  char   *township_code;         /* township staff and township chiefs */
  char   *window_code;           /* where a clerk sits; may be NULL */
};

typedef enum
{
  YC_ACTION_RECEIVE,             /* draft → received (收件) */
  YC_ACTION_REQUEST_MATERIALS,   /* received → awaiting_materials (the one-time notice) */
  YC_ACTION_SUPPLY,              /* awaiting_materials → received/accepted …; 补正 round */
  YC_ACTION_ACCEPT,              /* received → accepted (受理) */
  YC_ACTION_ACCEPT_PENDING,      /* received → accepted_pending_materials (容缺受理) */
  YC_ACTION_REFUSE,              /* received/awaiting_materials → refused (不予受理) */
  YC_ACTION_START_REVIEW,        /* accepted… → in_review */
  YC_ACTION_SUSPEND,             /* → suspended, clock stops, reason recorded */
  YC_ACTION_RESUME,              /* suspended → the state it left */
  YC_ACTION_FORWARD_TO_COUNTY,   /* township case of a county item → forwarded_to_county */
  YC_ACTION_RETURN_TO_TOWNSHIP,  /* county decided a forwarded case → returned_to_township */
  YC_ACTION_SUBMIT_SIGNOFF,      /* → awaiting_signoff */
  YC_ACTION_APPROVE,             /* sign-off: awaiting_signoff → approved */
  YC_ACTION_DENY,                /* sign-off: awaiting_signoff → denied (reason required) */
  YC_ACTION_CERTIFY,             /* approved → certified (seal applied) */
  YC_ACTION_DELIVER,             /* certified → delivered (pickup with ID, or courier) */
  YC_ACTION_CLOSE,               /* delivered/refused/denied → closed */
  YC_N_ACTIONS
} YcCaseAction;

/* Stable lower_snake names, also the REST action path ("request_materials"). */
const char *yc_case_action_to_string   (YcCaseAction action);
gboolean    yc_case_action_from_string (const char *str, YcCaseAction *action);
/* Translated name for buttons and messages ("Accept" / "受理"). */
const char *yc_case_action_get_label   (YcCaseAction action);

/* 行政许可法 Art. 32: the window answers (notice, acceptance or refusal) within this many
 * working days of receipt, or the application counts as accepted on the day it was received. */
#define YC_NOTICE_WORKING_DAYS 5

typedef struct
{
  const char *reason;            /* refusal, denial, suspension; approval conditions */
  const char *legal_basis;       /* refusal */
  /* REQUEST_MATERIALS: YcCaseMaterial* naming the missing/deficient ones (with reasons);
   * SUPPLY: the materials handed in now (status ORIGINAL_SEEN/COPY_RECEIVED);
   * RECEIVE/ACCEPT/ACCEPT_PENDING: the checklist as the clerk marked it. Not owned. */
  GPtrArray  *materials;
  const char *branch_department; /* APPROVE/DENY of one parallel branch */
  const char *delivery_method;   /* DELIVER: "pickup" | "courier" */
  const char *delivery_detail;   /* collector's citizen ID (checked) or tracking number */
} YcActionArgs;

/* Whether @actor may take @action on @self now, ignoring arguments. The error names the rule. */
gboolean yc_case_can        (const YcCase  *self,
                             const YcItem  *item,
                             const YcActor *actor,
                             YcCaseAction   action,
                             GError       **error);
/* Applies @action: checks yc_case_can(), the arguments and every guard, then changes @self,
 * appends one event and bumps version. On error @self is unchanged. */
gboolean yc_case_apply      (YcCase             *self,
                             const YcItem       *item,
                             const YcActor      *actor,
                             YcCaseAction        action,
                             const YcActionArgs *args,
                             GDateTime          *now,
                             GError            **error);
/* Actions yc_case_can() allows, as YcCaseAction values in an array of guint. */
GArray  *yc_case_allowed_actions (const YcCase  *self,
                                  const YcItem  *item,
                                  const YcActor *actor);
/* TRUE when a seal may be applied to a certificate for this case (signed off, not held). */
gboolean yc_case_seal_authorised (const YcCase *self,
                                  const YcItem *item,
                                  GError      **error);

typedef enum
{
  YC_DEADLINE_NOT_STARTED,       /* not accepted yet */
  YC_DEADLINE_ON_TIME,
  YC_DEADLINE_WARNING,           /* ≤ warning_days working days left */
  YC_DEADLINE_OVERDUE,
  YC_DEADLINE_STOPPED,           /* suspended: clock stopped */
  YC_DEADLINE_DONE,              /* decided in time or late; see finished_on_time */
} YcDeadlineStatus;

const char *yc_deadline_status_to_string (YcDeadlineStatus status);

typedef struct
{
  YcDeadlineStatus status;
  GDate    accepted_on;          /* invalid (g_date_valid false) when not started */
  GDate    committed_due;        /* accepted_on + committed limit + suspended working days */
  GDate    legal_due;
  int      days_left;            /* working days from today to committed_due */
  int      days_used;            /* working days used so far (or until decided) */
  guint    suspended_days;       /* working days excluded while suspended */
  gboolean finished_on_time;     /* for DONE */
  gboolean estimated;            /* a date lies in a year with no calendar data */
} YcDeadline;

#define YC_DEADLINE_WARNING_DAYS 1

void      yc_case_deadline  (const YcCase *self,
                             const YcItem *item,
                             YcCalendar   *calendar,
                             const GDate  *today,
                             YcDeadline   *out);
JsonNode *yc_deadline_to_json (const YcDeadline *deadline);

G_END_DECLS
