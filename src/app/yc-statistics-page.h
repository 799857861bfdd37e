/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Is the service centre faster?" for section chiefs and the administrator: received,
 * accepted, refused, overdue, on-time % and average working days against the committed and
 * legal limits, per window, department, item, township or day, as a bar chart and a table;
 * exported as CSV for a spreadsheet. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_STATISTICS_PAGE (yc_statistics_page_get_type ())
G_DECLARE_FINAL_TYPE (YcStatisticsPage, yc_statistics_page, YC, STATISTICS_PAGE, AdwBin)

void     yc_statistics_page_refresh      (YcStatisticsPage *self);
/* TRUE while figures are being fetched or a CSV file written. */
gboolean yc_statistics_page_is_busy      (YcStatisticsPage *self);
/* "window", "department", "item", "township" or "day". */
void     yc_statistics_page_set_group    (YcStatisticsPage *self,
                                          const char       *group);
guint    yc_statistics_page_get_n_rows   (YcStatisticsPage *self);
/* Writes the figures shown as CSV to @file (what the save dialog does). */
void     yc_statistics_page_export_to    (YcStatisticsPage *self,
                                          GFile            *file);
/* The last error or confirmation shown, or NULL. */
const char *yc_statistics_page_get_message (YcStatisticsPage *self);

G_END_DECLS
