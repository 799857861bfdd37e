/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The section chief's sign-off queue (签批): the cases waiting for this chief, nearest committed
 * deadline first; the chosen case with its scans and the draft certificate side by side;
 * approve (optionally with conditions) or deny with a written reason; and batch sign-off of
 * routine cases, where each case must have been opened and ticked by the chief and is still
 * decided on its own by the backend. Cases the chief took in are listed but cannot be signed. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_SIGNOFF_PAGE (yc_signoff_page_get_type ())
G_DECLARE_FINAL_TYPE (YcSignoffPage, yc_signoff_page, YC, SIGNOFF_PAGE, AdwBin)

void        yc_signoff_page_refresh         (YcSignoffPage *self);
/* TRUE while the queue is being fetched. */
gboolean    yc_signoff_page_is_loading      (YcSignoffPage *self);
guint       yc_signoff_page_get_n_cases     (YcSignoffPage *self);
/* The case at @position in queue order, or NULL. */
const char *yc_signoff_page_get_case_number (YcSignoffPage *self,
                                             guint          position);
/* Whether the chief may sign the listed case @number off (FALSE for their own intake). */
gboolean    yc_signoff_page_is_signable     (YcSignoffPage *self,
                                             const char    *number);
/* Opens @number beside the queue; FALSE when it is not listed. */
gboolean    yc_signoff_page_select          (YcSignoffPage *self,
                                             const char    *number);
/* The case opened beside the queue, or NULL. */
const char *yc_signoff_page_get_selected    (YcSignoffPage *self);
/* TRUE once the opened case, its list of scans and its draft certificate are shown. */
gboolean    yc_signoff_page_is_case_ready   (YcSignoffPage *self);
guint       yc_signoff_page_get_n_scans     (YcSignoffPage *self);
gboolean    yc_signoff_page_has_draft       (YcSignoffPage *self);
void        yc_signoff_page_set_conditions  (YcSignoffPage *self,
                                             const char    *conditions);
/* Ticks @number for batch sign-off; refused (FALSE) unless it was opened and is signable. */
gboolean    yc_signoff_page_set_checked     (YcSignoffPage *self,
                                             const char    *number,
                                             gboolean       checked);
/* Sends the ticked cases as one batch (what the confirmation dialog's answer does). */
void        yc_signoff_page_sign_checked    (YcSignoffPage *self);
/* TRUE while a batch or a single decision is on its way. */
gboolean    yc_signoff_page_is_busy         (YcSignoffPage *self);

G_END_DECLS
