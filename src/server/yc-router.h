/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The routing table of /api/v1: one row per method and path pattern ("/cases/{number}").
 * data/openapi.yaml documents exactly these rows; a test holds the two together. */
#pragma once

#include "yc-http.h"

G_BEGIN_DECLS

typedef struct _YcServer YcServer;

typedef YcResponse *(*YcRouteHandler) (YcServer  *server,
                                       YcRequest *request);

typedef enum
{
  YC_ROUTE_DEFAULT = 0,
  YC_ROUTE_PUBLIC = 1 << 0,         /* no bearer token needed */
  YC_ROUTE_RAW_BODY = 1 << 1,       /* the body is a file, with the larger size limit */
  /* A POST that keeps its own answer to a retry (sign-in: the token is stored sealed by the
   * password, and the request's hash leaves the password out). */
  YC_ROUTE_OWN_IDEMPOTENCY = 1 << 2,
} YcRouteFlags;

typedef struct
{
  const char    *method;
  const char    *pattern;
  YcRouteFlags   flags;
  YcRouteHandler handler;
} YcRoute;

#define YC_API_PREFIX "/api/v1"

const YcRoute *yc_routes         (guint *n_routes);

typedef enum
{
  YC_ROUTE_FOUND,
  YC_ROUTE_NO_PATH,
  YC_ROUTE_WRONG_METHOD,
} YcRouteMatch;

/* Fills @params (may be NULL) with the pattern's variables. On WRONG_METHOD, *@allow lists
 * the methods the path does take. HEAD matches GET. */
YcRouteMatch   yc_router_match   (const char     *method,
                                  const char     *path,
                                  GHashTable     *params,
                                  const YcRoute **route,
                                  char          **allow);

G_END_DECLS
