/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the session token lives between runs: the desktop keyring (libsecret) when one is
 * running, otherwise only in memory for this run. One token per backend URL. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define YC_TYPE_TOKEN_STORE (yc_token_store_get_type ())
G_DECLARE_FINAL_TYPE (YcTokenStore, yc_token_store, YC, TOKEN_STORE, GObject)

/* @use_keyring FALSE keeps tokens in memory only (tests, kiosk set-ups). The keyring is also
 * skipped when there is no session bus, so that nothing is autolaunched. */
YcTokenStore *yc_token_store_new            (gboolean       use_keyring);
/* FALSE once the keyring failed or was never there: tokens then last for this run only. */
gboolean      yc_token_store_uses_keyring   (YcTokenStore  *self);

void          yc_token_store_save_async     (YcTokenStore        *self,
                                             const char          *backend_url,
                                             const char          *user,
                                             const char          *token,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      yc_token_store_save_finish    (YcTokenStore  *self,
                                             GAsyncResult  *result,
                                             GError       **error);

/* The token is NULL (no error) when none is kept for @backend_url. */
void          yc_token_store_lookup_async   (YcTokenStore        *self,
                                             const char          *backend_url,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char         *yc_token_store_lookup_finish  (YcTokenStore  *self,
                                             GAsyncResult  *result,
                                             char         **user,
                                             GError       **error);

void          yc_token_store_clear_async    (YcTokenStore        *self,
                                             const char          *backend_url,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      yc_token_store_clear_finish   (YcTokenStore  *self,
                                             GAsyncResult  *result,
                                             GError       **error);

G_END_DECLS
