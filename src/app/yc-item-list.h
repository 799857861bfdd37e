/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue as a filtered list model (YcItemObject). Built for typing: the search text of
 * every item sits in one contiguous buffer, the matching positions in an array allocated once,
 * a keystroke that only narrows the query re-tests only the current matches, and a backspace
 * back to a query typed on the way brings its result back without a scan. No GObject call
 * and no allocation per item per keystroke; one items-changed per change. */
#pragma once

#include <gio/gio.h>

#include "yc-core.h"

G_BEGIN_DECLS

#define YC_TYPE_ITEM_LIST (yc_item_list_get_type ())
G_DECLARE_FINAL_TYPE (YcItemList, yc_item_list, YC, ITEM_LIST, GObject)

#define YC_ITEM_LIST_MAX_QUERY 256

YcItemList *yc_item_list_new            (void);
/* Replaces every item: the newest versions of @catalogue (NULL empties the list). */
void        yc_item_list_set_catalogue  (YcItemList  *self,
                                         YcCatalogue *catalogue);
/* Typed text, matched (ASCII case-insensitively) against code, name, pinyin initials and basic
 * code. Blank matches everything. */
void        yc_item_list_set_query      (YcItemList  *self,
                                         const char  *query);
const char *yc_item_list_get_query      (YcItemList  *self);
/* NULL: every department. */
void        yc_item_list_set_department (YcItemList  *self,
                                         const char  *department_code);
/* NULL: every item; otherwise only items whose code is in @codes (a set of strings). */
void        yc_item_list_set_codes      (YcItemList  *self,
                                         GHashTable  *codes);
/* Shows at most @limit matching rows (the views' cost grows with what they show); the
 * number of matches stays known. */
void        yc_item_list_set_limit      (YcItemList  *self,
                                         guint        limit);
/* Every match, shown or not. */
guint       yc_item_list_get_n_matches  (YcItemList  *self);
/* Items before filtering. */
guint       yc_item_list_get_n_total    (YcItemList  *self);

G_END_DECLS
