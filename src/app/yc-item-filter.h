/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue filter: typed text (matched against YcItemObject's precomputed search text),
 * a department, and an optional set of item codes (recent or favourite items). Changing the
 * text tells the model whether the result can only shrink or grow, so that a keystroke
 * re-tests only what it has to. No allocation per keystroke. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YC_TYPE_ITEM_FILTER (yc_item_filter_get_type ())
G_DECLARE_FINAL_TYPE (YcItemFilter, yc_item_filter, YC, ITEM_FILTER, GtkFilter)

#define YC_ITEM_FILTER_MAX_QUERY 256

YcItemFilter *yc_item_filter_new            (void);
void          yc_item_filter_set_query      (YcItemFilter *self,
                                             const char   *query);
const char   *yc_item_filter_get_query      (YcItemFilter *self);
/* NULL: every department. */
void          yc_item_filter_set_department (YcItemFilter *self,
                                             const char   *department_code);
/* NULL: every item; otherwise only these codes (the set is referenced, not copied). */
void          yc_item_filter_set_codes      (YcItemFilter *self,
                                             GHashTable   *codes);

G_END_DECLS
