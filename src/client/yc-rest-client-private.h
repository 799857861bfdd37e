/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the other yc-rest-*.c files use of YcRestClient: GET calls that answer the parsed JSON
 * or the raw body, with the client's session, token and error mapping. */
#pragma once

#include "yc-rest-client.h"

G_BEGIN_DECLS

/* GET @path (below /api/v1) → its JSON. @source_tag tags the task (the public _async). */
void      yc_rest_client_get_json_async   (YcRestClient        *self,
                                           const char          *path,
                                           gpointer             source_tag,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
JsonNode *yc_rest_client_get_json_finish  (YcRestClient  *self,
                                           GAsyncResult  *result,
                                           gpointer       source_tag,
                                           GError       **error);
/* GET @path asking for @accept (nullable: JSON) → the body as sent. */
void      yc_rest_client_get_bytes_async  (YcRestClient        *self,
                                           const char          *path,
                                           const char          *accept,
                                           gpointer             source_tag,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GBytes   *yc_rest_client_get_bytes_finish (YcRestClient  *self,
                                           GAsyncResult  *result,
                                           gpointer       source_tag,
                                           GError       **error);

/* The Accept-Language header for the user's languages (g_get_language_names ()), so that the
 * backend writes its problem details in the language the desk is shown in; English last, as
 * the desk falls back to its English msgids. */
char     *yc_rest_accept_language         (const char *const *language_names);

G_END_DECLS
