/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server's local time. GLib 2.74 reloads the local zone from /etc/localtime on every
 * g_date_time_new_now_local () when TZ is unset (a stat and a readlink per call, on every
 * request); the zone is read once here instead. A zone change takes a restart. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GTimeZone *yc_clock_zone     (void);
/* Now, in the local zone. */
GDateTime *yc_clock_now      (void);
/* @at in the local zone. */
GDateTime *yc_clock_to_local (GDateTime *at);

G_END_DECLS
