/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What route handlers use of the server (worker-thread safe). */
#pragma once

#include "yc-server.h"
#include "yc-router.h"
#include "yc-county-data.h"
#include "yc-writer.h"

G_BEGIN_DECLS

const YcServerConfig *yc_server_get_config  (YcServer *self);
/* A read-only connection for this thread; give it back with yc_server_release_reader. */
YcStore      *yc_server_acquire_reader      (YcServer *self,
                                             GError  **error);
void          yc_server_release_reader      (YcServer *self,
                                             YcStore  *store);
YcCountyData *yc_server_get_county_data     (YcServer *self);

/* Runs @func in the writer's next transaction and waits until it is durable. */
gboolean      yc_server_write               (YcServer   *self,
                                             YcWriteFunc func,
                                             gpointer    user_data,
                                             GError    **error);

/* A write that answers the request. @func builds *response (a problem if it refuses, having
 * written nothing) or fails with a store error. With an Idempotency-Key the answer is stored
 * in the same transaction, and a request already answered gets the stored answer instead. */
typedef gboolean (*YcCommitFunc) (YcStore     *store,
                                  gpointer     user_data,
                                  YcResponse **response,
                                  GError     **error);
YcResponse   *yc_server_commit              (YcServer    *self,
                                             YcRequest   *request,
                                             YcCommitFunc func,
                                             gpointer     user_data);
/* As yc_server_commit, but the request thread does not wait: returns NULL, which the route
 * returns as its answer; the answer is sent once the commit is durable, and @destroy then
 * frees @user_data (which must own everything @func needs). Only on a request thread. */
YcResponse   *yc_server_commit_later        (YcServer      *self,
                                             YcRequest     *request,
                                             YcCommitFunc   func,
                                             gpointer       user_data,
                                             GDestroyNotify destroy);

/* Appends an audit entry for @request in its own durable write (reads of personal data). */
gboolean      yc_server_audit               (YcServer   *self,
                                             YcRequest  *request,
                                             const char *action,
                                             const char *case_number,
                                             const char *detail_json,
                                             GError    **error);

/* 422 idempotency-key-reused: the key came with a different request before. */
YcResponse   *yc_server_idempotency_mismatch (void);

/* FALSE when @address has used up its verification lookups for this minute. */
gboolean      yc_server_verify_allowed      (YcServer   *self,
                                             const char *address);

G_END_DECLS
