/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The item picker: type-to-filter over names, codes and pinyin initials, a department filter,
 * recent and favourite items, and the selected item's guide beside the list. Emits
 * "start-intake" with the chosen item. */
#pragma once

#include <adwaita.h>

#include "yc-core.h"

G_BEGIN_DECLS

#define YC_TYPE_CATALOGUE_PAGE (yc_catalogue_page_get_type ())
G_DECLARE_FINAL_TYPE (YcCataloguePage, yc_catalogue_page, YC, CATALOGUE_PAGE, AdwBin)

void        yc_catalogue_page_set_catalogue (YcCataloguePage *self,
                                             YcCatalogue     *catalogue);
/* What the search field shows, filtered as typed. */
void        yc_catalogue_page_set_query     (YcCataloguePage *self,
                                             const char      *query);
void        yc_catalogue_page_focus_search  (YcCataloguePage *self);
/* The filtered list (YcItemObject) and the selected item (NULL if none). */
GListModel *yc_catalogue_page_get_results   (YcCataloguePage *self);
YcItem     *yc_catalogue_page_get_selected  (YcCataloguePage *self);

G_END_DECLS
