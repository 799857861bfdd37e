/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake of one item: the applicant (person or organisation, optional agent), the materials
 * checklist, and the written outcome the checklist allows — accept with the committed due
 * date, the one-time notice of exactly the missing and deficient materials, acceptance with
 * materials pending, or refusal with reasons and legal basis. A supply round (补正) shows only
 * the materials the notice named. Every outcome is queued in the outbox, so intake works
 * with the backend down. */
#pragma once

#include <adwaita.h>

#include "yc-core.h"
#include "yc-scan-store.h"

G_BEGIN_DECLS

#define YC_TYPE_INTAKE_PAGE (yc_intake_page_get_type ())
G_DECLARE_FINAL_TYPE (YcIntakePage, yc_intake_page, YC, INTAKE_PAGE, AdwBin)

void         yc_intake_page_start        (YcIntakePage *self,
                                          YcItem       *item);
/* A supply round for @c, which is awaiting materials. */
void         yc_intake_page_start_supply (YcIntakePage *self,
                                          YcItem       *item,
                                          const YcCase *c);

/* The status drop-down and reason field of one material row (NULL when not shown). */
GtkDropDown *yc_intake_page_get_material_status (YcIntakePage *self,
                                                 const char   *code);
GtkEditable *yc_intake_page_get_material_reason (YcIntakePage *self,
                                                 const char   *code);
/* Why the outcome buttons are off, or NULL when the applicant is complete. */
const char  *yc_intake_page_get_problem  (YcIntakePage *self);
/* The originals scanned in this intake, per material (the scanning dialog fills it). */
YcScanStore *yc_intake_page_get_scan_store (YcIntakePage *self);

G_END_DECLS
