/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Requests and responses as the route handlers see them: plain data that a worker thread owns
 * (never a SoupServerMessage, which belongs to the main loop). Errors are RFC 9457 problem
 * documents with a stable type, a short title, a detail a clerk can act on and invalid-params
 * naming each bad field. */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-store.h"
#include "yc-core.h"

G_BEGIN_DECLS

#define YC_PROBLEM_TYPE_PREFIX "urn:yichuang:problem:"

typedef struct
{
  char         *request_id;
  char         *method;
  char         *path;            /* below /api/v1, e.g. "/cases/320826-C07-20261129-0042" */
  GHashTable   *params;          /* path parameters by name */
  GHashTable   *query;           /* decoded query parameters; never NULL */
  GHashTable   *headers;         /* lower-case name → value */
  GBytes       *body;            /* never NULL */
  char         *address;         /* peer IP address */
  gint64        started_us;      /* monotonic */
  YcUserRecord *user;            /* set once authenticated */
  YcActor      *actor;
  char         *token_hash;      /* of the bearer token */
  char         *idempotency_key; /* nullable */
  char         *request_hash;    /* SHA-256 over method, path and body */
} YcRequest;

typedef struct
{
  guint       status;
  char       *content_type;
  GBytes     *body;
  char       *etag;              /* nullable, quoted */
  char       *location;          /* nullable */
  char       *allow;             /* nullable, for 405 */
  guint       retry_after;       /* seconds; 0 = none */
  gboolean    replayed;          /* the stored answer to an earlier request with this key */
  gboolean    www_authenticate;  /* 401: ask for a bearer token */
  gboolean    cacheable;         /* may be stored under an idempotency key */
  char       *content_disposition;
} YcResponse;

YcRequest  *yc_request_new              (void);
void        yc_request_free             (YcRequest *self);
const char *yc_request_header           (YcRequest  *self,
                                         const char *lower_name);
const char *yc_request_param            (YcRequest  *self,
                                         const char *name);
const char *yc_request_query            (YcRequest  *self,
                                         const char *name);

YcResponse *yc_response_new             (guint       status,
                                         const char *content_type,
                                         GBytes     *body);
YcResponse *yc_response_new_json        (guint     status,
                                         JsonNode *node);
YcResponse *yc_response_new_empty       (guint status);
void        yc_response_free            (YcResponse *self);
/* The stored form (idempotency) and back. */
YcStoredResponse *yc_response_to_stored (const YcResponse *self,
                                         const char       *request_hash);
YcResponse *yc_response_from_stored     (const YcStoredResponse *stored);

char       *yc_json_to_string           (JsonNode *node);
/* A JSON object of string members from name/value pairs (NULL values skipped), ending with
 * NULL: for audit details. */
char       *yc_json_detail              (const char *first_name,
                                         ...) G_GNUC_NULL_TERMINATED;

/* Problems ---------------------------------------------------------------------------------- */

typedef struct _YcProblem YcProblem;

/* @code is the stable last part of the type URI ("stale-case"); @title is translated. */
YcProblem  *yc_problem_new              (guint       status,
                                         const char *code,
                                         const char *title);
void        yc_problem_set_detail       (YcProblem  *self,
                                         const char *format,
                                         ...) G_GNUC_PRINTF (2, 3);
void        yc_problem_add_param        (YcProblem  *self,
                                         const char *name,
                                         const char *reason);
/* An extension member (e.g. "genuine": false). Takes ownership of @value. */
void        yc_problem_set_member       (YcProblem  *self,
                                         const char *name,
                                         JsonNode   *value);
guint       yc_problem_n_params         (YcProblem *self);
void        yc_problem_free             (YcProblem *self);
/* Consumes @self. */
YcResponse *yc_problem_to_response      (YcProblem *self);

/* The common ones. */
YcResponse *yc_problem_response         (guint       status,
                                         const char *code,
                                         const char *title,
                                         const char *detail);
YcResponse *yc_problem_invalid_param    (const char *name,
                                         const char *reason);
YcResponse *yc_problem_from_store_error (const GError *error);

/* Reading JSON request bodies strictly ------------------------------------------------------ */

/* Checks Content-Type, nesting depth and syntax, and that the root is an object. On failure
 * returns NULL and sets *@problem_response. */
JsonNode   *yc_request_parse_json       (YcRequest   *self,
                                         YcResponse **problem_response);

/* Field readers that collect every problem into @problem (named "prefix.field") instead of
 * stopping at the first. Each returns FALSE when the field is absent or wrong. */
typedef struct
{
  JsonObject *object;
  YcProblem  *problem;
  const char *prefix;            /* "" or "applicant." */
} YcFields;

/* Every member not in @known (NULL-terminated) is an "unknown field" problem. */
void        yc_fields_reject_unknown    (YcFields          *fields,
                                         const char *const *known);
gboolean    yc_fields_string            (YcFields    *fields,
                                         const char  *name,
                                         gboolean     required,
                                         gsize        max_chars,
                                         const char **out);
gboolean    yc_fields_int               (YcFields   *fields,
                                         const char *name,
                                         gboolean    required,
                                         gint64      min,
                                         gint64      max,
                                         gint64     *out);
gboolean    yc_fields_bool              (YcFields   *fields,
                                         const char *name,
                                         gboolean   *out);
gboolean    yc_fields_array             (YcFields   *fields,
                                         const char *name,
                                         gboolean    required,
                                         guint       max_len,
                                         JsonArray **out);
gboolean    yc_fields_object            (YcFields    *fields,
                                         const char  *name,
                                         gboolean     required,
                                         JsonObject **out);
void        yc_fields_error             (YcFields   *fields,
                                         const char *name,
                                         const char *reason);

/* Dates as YYYY-MM-DD (strict). */
gboolean    yc_parse_iso_date           (const char *text,
                                         GDate      *date);
char       *yc_format_iso_date          (const GDate *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcRequest, yc_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcResponse, yc_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcProblem, yc_problem_free)

G_END_DECLS
