/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signed-in user as the backend last described them (name, role, window; never the
 * token, which stays in the token store), kept on disk per backend so that the desk can open
 * offline after a restart while the backend cannot be reached. */
#pragma once

#include "yc-rest-client.h"

G_BEGIN_DECLS

/* $XDG_CACHE_HOME/yichuang/session.json; NULL @path in the calls below means this. */
char      *yc_session_cache_get_path (void);
gboolean   yc_session_cache_save     (const char       *path,
                                      const char       *backend_url,
                                      const YcSession  *session,
                                      GError          **error);
/* The session kept for @user at @backend_url, carrying @token; NULL if none was kept (or for
 * another backend or user). */
YcSession *yc_session_cache_load     (const char       *path,
                                      const char       *backend_url,
                                      const char       *user,
                                      const char       *token);

G_END_DECLS
