/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who is asking: bearer tokens (random, stored only as SHA-256), actors built from user
 * records, and who may read which case. */
#pragma once

#include "yc-store.h"
#include "yc-core.h"

G_BEGIN_DECLS

/* NULL when the user record's role is not one we know. */
YcActor  *yc_actor_new_from_user    (const YcUserRecord *user);
void      yc_actor_free             (YcActor *actor);

/* The token of an "Authorization: Bearer <token>" header, or NULL. */
char     *yc_auth_bearer_token      (const char *authorization);
char     *yc_auth_token_hash        (const char *token);

/* The part of the county a user may see: NULL for everything. */
void      yc_auth_read_scope        (const YcActor *actor,
                                     const char   **department,
                                     const char   **township);
gboolean  yc_auth_may_read_case     (const YcActor      *actor,
                                     const YcCaseRecord *record);

JsonNode *yc_user_to_json           (const YcUserRecord *user);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcActor, yc_actor_free)

G_END_DECLS
