/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The clerk's window: sign-in, then the catalogue and the queue, intake and the case view,
 * with the outbox count always in the header. */
#pragma once

#include <adwaita.h>

#include "yc-application.h"

G_BEGIN_DECLS

#define YC_TYPE_DESK_WINDOW (yc_desk_window_get_type ())
G_DECLARE_FINAL_TYPE (YcDeskWindow, yc_desk_window, YC, DESK_WINDOW, AdwApplicationWindow)

YcDeskWindow *yc_desk_window_new           (YcApplication *app);
/* "sign-in", "catalogue", "queue", "intake" or "case". */
const char   *yc_desk_window_get_screen    (YcDeskWindow  *self);
/* TRUE once the catalogue and the calendar of the session are there. */
gboolean      yc_desk_window_is_ready      (YcDeskWindow  *self);
void          yc_desk_window_show_toast    (YcDeskWindow  *self,
                                            const char    *message);
/* The last toast shown (for tests and the screen reader log). */
const char   *yc_desk_window_get_last_toast (YcDeskWindow *self);

G_END_DECLS
