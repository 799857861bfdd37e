/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Workstation preferences: the backend address (with a connection test), the window code,
 * the printer and the scanner. Everything is a GSettings key. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_PREFERENCES_WINDOW (yc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (YcPreferencesWindow, yc_preferences_window, YC, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

YcPreferencesWindow *yc_preferences_window_new (GtkWindow *parent);

G_END_DECLS
