/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk application: owns the services every screen uses (settings, REST client, outbox,
 * token store) and the data of the signed-in session (user, catalogue, calendar). */
#pragma once

#include <adwaita.h>

#include "yc-core.h"
#include "yc-outbox.h"
#include "yc-rest-client.h"
#include "yc-token-store.h"

G_BEGIN_DECLS

#define YC_TYPE_APPLICATION (yc_application_get_type ())
G_DECLARE_FINAL_TYPE (YcApplication, yc_application, YC, APPLICATION, AdwApplication)

#define YC_APPLICATION_DEFAULT (YC_APPLICATION (g_application_get_default ()))

YcApplication   *yc_application_new              (void);
GSettings       *yc_application_get_settings     (YcApplication *self);
YcRestClient    *yc_application_get_client       (YcApplication *self);
/* NULL when the outbox file could not be opened (see yc_application_get_outbox_error). */
YcOutbox        *yc_application_get_outbox       (YcApplication *self);
const GError    *yc_application_get_outbox_error (YcApplication *self);
YcTokenStore    *yc_application_get_token_store  (YcApplication *self);

/* NULL until signed in. */
const YcSession *yc_application_get_session      (YcApplication *self);
void             yc_application_set_session      (YcApplication *self,
                                                  const YcSession *session);
YcCatalogue     *yc_application_get_catalogue    (YcApplication *self);
void             yc_application_set_catalogue    (YcApplication *self,
                                                  YcCatalogue   *catalogue);
YcCalendar      *yc_application_get_calendar     (YcApplication *self);
void             yc_application_set_calendar     (YcApplication *self,
                                                  YcCalendar    *calendar);

/* The window this workstation serves: the setting, else the user's. */
const char      *yc_application_get_window_code  (YcApplication *self);
/* The six-digit region that case numbers start with. */
char            *yc_application_get_region       (YcApplication *self);
/* Puts @code first in the recent items (at most 20 kept). */
void             yc_application_remember_item    (YcApplication *self,
                                                  const char    *code);
void             yc_application_toggle_favourite (YcApplication *self,
                                                  const char    *code);

/* Today as the clerk's calendar sees it (local date). */
void             yc_application_get_today        (YcApplication *self,
                                                  GDate         *today);

G_END_DECLS
