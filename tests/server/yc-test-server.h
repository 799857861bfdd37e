/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server tests' fixture: a real yichuangd on 127.0.0.1 (port 0, read from its first line
 * of output) over a real SQLite file in a temporary directory, with the demo catalogue and
 * calendars and a fixed set of test users; and a small synchronous HTTP helper. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "yc-core.h"

G_BEGIN_DECLS

#define YC_TEST_PASSWORD "test-password-1"

/* Test users: name, role, department, township, window. All share YC_TEST_PASSWORD. */
#define YC_TEST_HALL_ITEM "320826-SCJG-XK-006"        /* county only, no 容缺 */
#define YC_TEST_MISSING_ITEM "320826-SCJG-XK-005"     /* county only, allows 容缺 (M05) */
#define YC_TEST_DELEGATED_ITEM "320826-SCJG-XK-002"   /* delegated to every township */
#define YC_TEST_PARALLEL_ITEM "320826-ZRGH-XK-001"    /* parallel: FGW and SHBJ */
#define YC_TEST_TOWNSHIP "320826100"
#define YC_TEST_OTHER_TOWNSHIP "320826101"

/* The actor of a test user, as the server knows it (static, do not free). */
const YcActor *yc_test_actor           (const char *user);
/* The demo catalogue as the tests read it (static). */
YcCatalogue   *yc_test_catalogue       (void);

typedef struct
{
  char        *dir;              /* temporary: config, database, data */
  char        *config_path;
  char        *db_path;
  char        *data_dir;
  char        *base;             /* "http://127.0.0.1:PORT/api/v1" */
  GSubprocess *process;
  gboolean     tls;
} YcTestServer;

/* Starts a fresh server. @extra_config (nullable) is appended to the configuration file. */
YcTestServer *yc_test_server_start     (const char *extra_config);
/* Starts the server again on the same database (after stop or kill). */
void          yc_test_server_restart   (YcTestServer *self);
/* SIGTERM, and asserts a clean exit (under ASan: no leak). */
void          yc_test_server_stop      (YcTestServer *self);
/* SIGKILL, no questions asked. */
void          yc_test_server_kill      (YcTestServer *self);
void          yc_test_server_free      (YcTestServer *self);
/* Copies a whole file, failing the test if it cannot. */
void          yc_test_copy_file        (const char *from,
                                        const char *to);
/* Unlinks an SQLite database and whatever files it keeps beside it (log, shared memory,
 * rollback journal), as far as they exist. */
void          yc_test_remove_database  (const char *path);
/* Runs "yichuangd --config … COMMAND ARGS…" with @input on stdin; returns its exit status
 * and (nullable) its standard output and error. */
int           yc_test_server_admin     (YcTestServer *self,
                                        const char   *input,
                                        char        **output,
                                        const char   *first_arg,
                                        ...) G_GNUC_NULL_TERMINATED;

typedef struct
{
  guint               status;
  GBytes             *body;
  JsonNode           *json;      /* NULL unless the body parsed as JSON */
  SoupMessageHeaders *headers;
} YcTestResponse;

void            yc_test_response_free (YcTestResponse *self);
/* The problem code ("stale-case") of a problem+json answer, or "". */
const char     *yc_test_problem_code  (YcTestResponse *self);
const char     *yc_test_header        (YcTestResponse *self,
                                       const char     *name);
JsonObject     *yc_test_object        (YcTestResponse *self);

/* One request; @token, @content_type and @body may be NULL. @headers: name, value pairs,
 * NULL-terminated (may be NULL). */
YcTestResponse *yc_test_request       (SoupSession       *session,
                                       const char        *method,
                                       const char        *url,
                                       const char        *token,
                                       const char        *content_type,
                                       gconstpointer      body,
                                       gssize             length,
                                       const char *const *headers);
/* The same, but a transport failure (server gone) is an error rather than a test failure. */
YcTestResponse *yc_test_try_request   (SoupSession       *session,
                                       const char        *method,
                                       const char        *url,
                                       const char        *token,
                                       const char        *content_type,
                                       gconstpointer      body,
                                       gssize             length,
                                       const char *const *headers,
                                       GError           **error);
YcTestResponse *yc_test_get           (SoupSession *session,
                                       const char  *url,
                                       const char  *token);
YcTestResponse *yc_test_post_json     (SoupSession *session,
                                       const char  *url,
                                       const char  *token,
                                       const char  *json,
                                       const char  *idempotency_key);
/* Signs in and returns the token (asserts success). */
char           *yc_test_login         (SoupSession  *session,
                                       YcTestServer *server,
                                       const char   *user);

/* A body for POST /cases: a valid person applicant, every material of the item marked as
 * @status ("original_seen" when NULL). */
char           *yc_test_case_body     (const char *number,
                                       const char *item_code,
                                       const char *window,
                                       const char *township,
                                       const char *material_status);
/* The same with a chosen applicant (a person). */
char           *yc_test_case_body_for (const char *number,
                                       const char *item_code,
                                       const char *window,
                                       const char *township,
                                       const char *material_status,
                                       const char *name,
                                       const char *id_number);
/* "320826-<window>-<today>-<seq>". */
char           *yc_test_case_number   (const char *window,
                                       guint       sequence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcTestResponse, yc_test_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcTestServer, yc_test_server_free)

G_END_DECLS
