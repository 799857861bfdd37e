/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sign-in: backend address, user and password, with a distinct message for a wrong password,
 * an unreachable backend and an untrusted certificate. Emits "signed-in" with the session. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_SIGN_IN_PAGE (yc_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (YcSignInPage, yc_sign_in_page, YC, SIGN_IN_PAGE, AdwBin)

/* Shows @message (or hides the message when NULL), e.g. "session ended". */
void        yc_sign_in_page_show_error  (YcSignInPage *self,
                                         const char   *message);
const char *yc_sign_in_page_get_error   (YcSignInPage *self);
/* Starts signing in with what the fields hold (what the button does). */
void        yc_sign_in_page_submit      (YcSignInPage *self);
void        yc_sign_in_page_reset       (YcSignInPage *self);

G_END_DECLS
