/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's cases: state, applicant, item, due date and working days left, coloured
 * on-time / warning / overdue; a state filter; search by case number (a barcode scanner
 * typing the number and Enter opens the case), applicant name or ID. Refreshes
 * incrementally with since=. Intakes still in the outbox show as waiting to be sent. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_QUEUE_PAGE (yc_queue_page_get_type ())
G_DECLARE_FINAL_TYPE (YcQueuePage, yc_queue_page, YC, QUEUE_PAGE, AdwBin)

/* @full forgets the sync token and reloads. */
void        yc_queue_page_refresh      (YcQueuePage *self,
                                        gboolean     full);
void        yc_queue_page_focus_search (YcQueuePage *self);
/* The rows shown (GObjects with properties number, state, applicant, item, due, days-left,
 * deadline-status, waiting). */
GListModel *yc_queue_page_get_rows     (YcQueuePage *self);
/* TRUE while a refresh is on its way. */
gboolean    yc_queue_page_is_loading   (YcQueuePage *self);

G_END_DECLS
