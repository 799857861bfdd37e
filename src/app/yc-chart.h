/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Is it faster?" as a picture: one line per window, department or item with three bars —
 * the average working days actually used, the committed limit and the legal limit — and the
 * on-time share. Drawn with cairo; the rows come from GET /statistics. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_TYPE_CHART (yc_chart_get_type ())
G_DECLARE_FINAL_TYPE (YcChart, yc_chart, YC, CHART, GtkWidget)

GtkWidget *yc_chart_new      (void);
/* @rows: the "rows" array of a statistics answer (name, on_time_pct, avg_working_days,
 * avg_committed_limit, avg_legal_limit); NULL clears. */
void       yc_chart_set_rows (YcChart   *self,
                              JsonArray *rows);
guint      yc_chart_get_n_rows (YcChart *self);

G_END_DECLS
