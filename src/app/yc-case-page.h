/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One case: its state and deadline, the materials, the audit trail as a timeline, the
 * documents, and only the actions the core state machine allows this user now. Documents
 * are previewed and printed by the documents module through "document-requested". */
#pragma once

#include <adwaita.h>

#include "yc-core.h"

G_BEGIN_DECLS

#define YC_TYPE_CASE_PAGE (yc_case_page_get_type ())
G_DECLARE_FINAL_TYPE (YcCasePage, yc_case_page, YC, CASE_PAGE, AdwBin)

void          yc_case_page_load       (YcCasePage *self,
                                       const char *number);
const char   *yc_case_page_get_number (YcCasePage *self);
/* The case as last read (NULL while loading or after an error). */
const YcCase *yc_case_page_get_case   (YcCasePage *self);
/* Allowed actions as YcCaseAction values (guint), or NULL. */
GArray       *yc_case_page_get_allowed_actions (YcCasePage *self);

G_END_DECLS
