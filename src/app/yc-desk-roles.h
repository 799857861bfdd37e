/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Each kind of user lands where their work is: a clerk on the catalogue and queue (intake); a
 * section chief on the sign-off queue and statistics; township staff on intake and the cases
 * at the county; the administrator on statistics. This adds those pages to the desk's view
 * stack and shows the ones the signed-in user works with. */
#pragma once

#include "yc-desk-window.h"

G_BEGIN_DECLS

/* Adds the sign-off ("signoff"), township ("forwarded") and statistics ("statistics") pages
 * to @stack; their "open-case" (number) goes to @open_case (swapped, on @window). */
void        yc_desk_roles_add_pages (YcDeskWindow *window,
                                     AdwViewStack *stack,
                                     GCallback     open_case);
/* Shows the pages @actor works with and returns the screen to land on. */
const char *yc_desk_roles_apply     (AdwViewStack  *stack,
                                     const YcActor *actor);
/* Brings the role page @screen up to date (nothing for other screens). */
void        yc_desk_roles_refresh   (AdwViewStack *stack,
                                     const char   *screen);

G_END_DECLS
