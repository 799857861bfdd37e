/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk client's side of the yichuangd REST API (/api/v1). Every call is a GTask
 * _async/_finish pair on the caller's main context; answers come back as JSON nodes that the
 * caller decodes with the libyc-core codecs. Failures become YC_REST_ERROR codes whose
 * messages a clerk can act on; problem+json field errors stay attached to the GError. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yc-core.h"

G_BEGIN_DECLS

#define YC_REST_ERROR (yc_rest_error_quark ())

typedef enum
{
  YC_REST_ERROR_UNREACHABLE,     /* no answer: network down, backend stopped, bad address */
  YC_REST_ERROR_TLS,             /* the backend's certificate was not trusted */
  YC_REST_ERROR_UNAUTHORIZED,    /* no session, or it expired: sign in again */
  YC_REST_ERROR_WRONG_PASSWORD,  /* sign-in refused */
  YC_REST_ERROR_FORBIDDEN,       /* signed in, but this user may not do it */
  YC_REST_ERROR_CONFLICT,        /* 409: someone changed the case first, or a number clash */
  YC_REST_ERROR_INVALID,         /* 400/422: the request broke a rule; see the field errors */
  YC_REST_ERROR_NOT_FOUND,
  YC_REST_ERROR_SERVER,          /* 5xx or an answer we cannot read */
} YcRestError;

GQuark yc_rest_error_quark (void);

typedef struct
{
  char *name;                    /* the request field, e.g. "applicant.id_number" */
  char *reason;
} YcFieldError;

/* Details kept in a YC_REST_ERROR GError; all may be 0/NULL. Transfer none. */
guint       yc_rest_error_get_status       (const GError *error);
const char *yc_rest_error_get_problem_type (const GError *error);
/* YcFieldError* elements, or NULL when the answer named no field. */
GPtrArray  *yc_rest_error_get_field_errors (const GError *error);
/* Whether a write that failed like this may succeed later unchanged (the outbox retries it). */
gboolean    yc_rest_error_is_transient     (const GError *error);

/* The user behind a session, as GET /me and POST /sessions describe it. */
typedef struct
{
  char      *token;
  GDateTime *expires_at;         /* may be NULL */
  YcActor    actor;
} YcSession;

YcSession *yc_session_copy (const YcSession *self);
void       yc_session_free (YcSession *self);
#define YC_TYPE_SESSION (yc_session_get_type ())
GType      yc_session_get_type (void) G_GNUC_CONST;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSession, yc_session_free)

/* GET /cases query; NULL/0 members are left out. */
typedef struct
{
  const char *number;
  const char *q;                 /* applicant name or ID */
  const char *state;
  const char *window;
  const char *since;             /* the sync_token of an earlier page */
  guint       page;              /* one-based */
  guint       page_size;
} YcCaseQuery;

#define YC_TYPE_REST_CLIENT (yc_rest_client_get_type ())
G_DECLARE_FINAL_TYPE (YcRestClient, yc_rest_client, YC, REST_CLIENT, GObject)

/* @base_url is the backend's root, e.g. "https://yc.lianshui.gov.cn" (/api/v1 is added). */
YcRestClient *yc_rest_client_new          (const char   *base_url);
const char   *yc_rest_client_get_base_url (YcRestClient *self);
void          yc_rest_client_set_base_url (YcRestClient *self,
                                           const char   *base_url);
const char   *yc_rest_client_get_token    (YcRestClient *self);
/* Used for every call but sign-in; NULL forgets it. */
void          yc_rest_client_set_token    (YcRestClient *self,
                                           const char   *token);
/* Trust a self-signed backend certificate (PEM file); NULL trusts the system store only. */
gboolean      yc_rest_client_set_ca_file  (YcRestClient *self,
                                           const char   *path,
                                           GError      **error);

/* GET /health: TRUE when the backend answers. */
void          yc_rest_client_health_async  (YcRestClient        *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      yc_rest_client_health_finish (YcRestClient  *self,
                                            GAsyncResult  *result,
                                            GError       **error);

/* POST /sessions; on success the token is kept for later calls. */
void          yc_rest_client_sign_in_async  (YcRestClient        *self,
                                             const char          *user,
                                             const char          *password,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
YcSession    *yc_rest_client_sign_in_finish (YcRestClient  *self,
                                             GAsyncResult  *result,
                                             GError       **error);

/* DELETE /sessions/current; the token is forgotten whatever the answer. */
void          yc_rest_client_sign_out_async  (YcRestClient        *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      yc_rest_client_sign_out_finish (YcRestClient  *self,
                                              GAsyncResult  *result,
                                              GError       **error);

/* GET /me with the current token (resuming a stored session). */
void          yc_rest_client_get_me_async  (YcRestClient        *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
YcSession    *yc_rest_client_get_me_finish (YcRestClient  *self,
                                            GAsyncResult  *result,
                                            GError       **error);

/* GET /catalogue, parsed off the main thread. @etag (nullable) is the one of a copy the caller
 * holds: when unchanged the result is NULL with no error. @new_etag (nullable) receives the
 * answer's ETag. */
void          yc_rest_client_get_catalogue_async  (YcRestClient        *self,
                                                   const char          *etag,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
YcCatalogue  *yc_rest_client_get_catalogue_finish (YcRestClient  *self,
                                                   GAsyncResult  *result,
                                                   char         **new_etag,
                                                   GBytes       **raw,
                                                   GError       **error);

/* GET /calendar and each year it lists, loaded into one calendar. */
void          yc_rest_client_get_calendar_async  (YcRestClient        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
YcCalendar   *yc_rest_client_get_calendar_finish (YcRestClient  *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);

/* GET /cases/{number} → {case, deadline, allowed_actions}. */
void          yc_rest_client_get_case_async  (YcRestClient        *self,
                                              const char          *number,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
JsonNode     *yc_rest_client_get_case_finish (YcRestClient  *self,
                                              GAsyncResult  *result,
                                              GError       **error);

/* GET /cases?… → {items, page, page_size, total, sync_token}. */
void          yc_rest_client_list_cases_async  (YcRestClient        *self,
                                                const YcCaseQuery   *query,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
JsonNode     *yc_rest_client_list_cases_finish (YcRestClient  *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* GET /cases/{number}/audit. */
void          yc_rest_client_get_audit_async  (YcRestClient        *self,
                                               const char          *number,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
JsonNode     *yc_rest_client_get_audit_finish (YcRestClient  *self,
                                               GAsyncResult  *result,
                                               GError       **error);

/* Any write: POST @path (below /api/v1) with @body under @idempotency_key. @body is JSON
 * unless @content_type says otherwise; @headers (nullable) adds request headers. This is what
 * the outbox replays; the wrappers below build the paths. */
void          yc_rest_client_post_async  (YcRestClient        *self,
                                          const char          *path,
                                          const char          *content_type,
                                          GBytes              *body,
                                          GHashTable          *headers,
                                          const char          *idempotency_key,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* The answer's JSON (NULL for an empty 2xx body). @status (nullable) gets the HTTP status. */
JsonNode     *yc_rest_client_post_finish (YcRestClient  *self,
                                          GAsyncResult  *result,
                                          guint         *status,
                                          GError       **error);

/* Paths of the writes, for callers that queue them in the outbox. Free with g_free. */
char         *yc_rest_path_cases        (void);
char         *yc_rest_path_case_action  (const char *number,
                                         const char *action);
char         *yc_rest_path_attachments  (const char *number);
char         *yc_rest_path_documents    (const char *number);

/* A new idempotency key (random UUID). */
char         *yc_rest_new_idempotency_key (void);

/* The JSON body of a case action from its arguments; @version < 0 leaves "version" null for
 * the outbox to fill in from the case's last known version. */
JsonNode     *yc_rest_action_body (const YcActionArgs *args,
                                   gint64              version);

G_END_DECLS
