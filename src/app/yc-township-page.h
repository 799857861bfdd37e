/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The township's cases at the county (县乡通办): every case of a county item it forwarded,
 * where it stands (with the county, answered, finished) and how many working days it has
 * waited. It polls the backend for changes and, when the county answers, tells the staff
 * with a toast and a desktop notification so that they can finish the case ("不出镇办成事"). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_TOWNSHIP_PAGE (yc_township_page_get_type ())
G_DECLARE_FINAL_TYPE (YcTownshipPage, yc_township_page, YC, TOWNSHIP_PAGE, AdwBin)

/* @full forgets what it has and reads the list again; otherwise only the changes. */
void        yc_township_page_refresh          (YcTownshipPage *self,
                                               gboolean        full);
gboolean    yc_township_page_is_loading       (YcTownshipPage *self);
/* Seconds between polls while signed in (default 20). */
void        yc_township_page_set_poll_seconds (YcTownshipPage *self,
                                               guint           seconds);
guint       yc_township_page_get_n_cases      (YcTownshipPage *self);
/* "with_county", "answered" or "finished" for a listed case, else NULL. */
const char *yc_township_page_get_standing     (YcTownshipPage *self,
                                               const char     *number);
/* Working days the case has waited at the county, or -1. */
int         yc_township_page_get_days_waited  (YcTownshipPage *self,
                                               const char     *number);
/* The last notice of an answer shown, or NULL. */
const char *yc_township_page_get_last_notice  (YcTownshipPage *self);

G_END_DECLS
