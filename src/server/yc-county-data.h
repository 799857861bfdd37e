/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue and working-day calendar the server answers from: built from the store at
 * start (and on SIGHUP), then shared read-only by every worker thread. */
#pragma once

#include "yc-store.h"
#include "yc-core.h"

G_BEGIN_DECLS

typedef struct
{
  YcCatalogue *catalogue;
  YcCalendar  *calendar;
  GBytes      *catalogue_json;   /* yc_catalogue_to_json (), serialised once */
  char        *catalogue_etag;   /* quoted SHA-256 of catalogue_json */
  guint        n_items;
} YcCountyData;

YcCountyData *yc_county_data_load  (YcStore *store,
                                    GError **error);
YcCountyData *yc_county_data_ref   (YcCountyData *self);
void          yc_county_data_unref (YcCountyData *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCountyData, yc_county_data_unref)

G_END_DECLS
