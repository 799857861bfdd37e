/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A list model for the catalogue's list widget: row k is always the same YcItemRow object,
 * whose "item" (a YcItemObject of the source model) changes as the clerk types. GTK 4.8's
 * list widgets destroy and rebuild the widget of every row an items-changed removes, so a
 * keystroke over an ordinary model rebuilds every live row; over stable rows they keep their
 * widgets, and only the rows whose item changed relabel themselves ("notify::item").
 * Items-changed reports only the change of length, at the end. */
#pragma once

#include <gio/gio.h>

#include "yc-item-object.h"

G_BEGIN_DECLS

#define YC_TYPE_ITEM_ROW (yc_item_row_get_type ())
G_DECLARE_FINAL_TYPE (YcItemRow, yc_item_row, YC, ITEM_ROW, GObject)

/* The source's item at this row now (NULL once the row is gone). */
YcItemObject *yc_item_row_get_item  (YcItemRow  *self);

#define YC_TYPE_ITEM_ROWS (yc_item_rows_get_type ())
G_DECLARE_FINAL_TYPE (YcItemRows, yc_item_rows, YC, ITEM_ROWS, GObject)

/* @source: a model of YcItemObject. */
YcItemRows   *yc_item_rows_new      (GListModel *source);

G_END_DECLS
