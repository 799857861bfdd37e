/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table of /api/v1. Keep data/openapi.yaml in step (tests/server/test-openapi.c checks). */
#define G_LOG_DOMAIN "yc-router"

#include "config.h"

#include "yc-routes.h"

static const YcRoute routes[] = {
  { "GET", "/health", YC_ROUTE_PUBLIC, yc_route_health },
  { "GET", "/openapi.yaml", YC_ROUTE_PUBLIC, yc_route_openapi },

  { "POST", "/sessions", YC_ROUTE_PUBLIC | YC_ROUTE_OWN_IDEMPOTENCY, yc_route_login },
  { "DELETE", "/sessions/current", YC_ROUTE_DEFAULT, yc_route_logout },
  { "GET", "/me", YC_ROUTE_DEFAULT, yc_route_me },

  { "GET", "/catalogue", YC_ROUTE_DEFAULT, yc_route_catalogue },
  { "GET", "/items/{code}", YC_ROUTE_DEFAULT, yc_route_item },
  { "GET", "/departments", YC_ROUTE_DEFAULT, yc_route_departments },
  { "GET", "/townships", YC_ROUTE_DEFAULT, yc_route_townships },
  { "GET", "/windows", YC_ROUTE_DEFAULT, yc_route_windows },
  { "GET", "/calendar", YC_ROUTE_DEFAULT, yc_route_calendar_years },
  { "GET", "/calendar/{year}", YC_ROUTE_DEFAULT, yc_route_calendar_year },

  { "POST", "/cases", YC_ROUTE_DEFAULT, yc_route_case_create },
  { "GET", "/cases", YC_ROUTE_DEFAULT, yc_route_case_list },
  { "GET", "/cases/{number}", YC_ROUTE_DEFAULT, yc_route_case_get },
  { "POST", "/cases/{number}/actions/{action}", YC_ROUTE_DEFAULT, yc_route_case_action },
  { "GET", "/cases/{number}/audit", YC_ROUTE_DEFAULT, yc_route_case_audit },

  { "POST", "/cases/{number}/attachments", YC_ROUTE_RAW_BODY, yc_route_attachment_upload },
  { "GET", "/cases/{number}/attachments", YC_ROUTE_DEFAULT, yc_route_attachment_list },
  { "GET", "/attachments/{id}", YC_ROUTE_DEFAULT, yc_route_attachment_get },

  { "POST", "/cases/{number}/documents", YC_ROUTE_DEFAULT, yc_route_document_issue },
  { "GET", "/cases/{number}/documents", YC_ROUTE_DEFAULT, yc_route_document_list },
  { "POST", "/documents/{id}/sha256", YC_ROUTE_DEFAULT, yc_route_document_register },
  { "POST", "/documents/{id}/reprint", YC_ROUTE_DEFAULT, yc_route_document_reprint },
  { "GET", "/verify/{id}", YC_ROUTE_PUBLIC, yc_route_verify },

  { "GET", "/statistics", YC_ROUTE_DEFAULT, yc_route_statistics },

  /* Section chiefs, townships and supervision (issue #7) */
  { "GET", "/signoff-queue", YC_ROUTE_DEFAULT, yc_route_signoff_queue },
  { "POST", "/signoff/batch", YC_ROUTE_DEFAULT, yc_route_signoff_batch },
  { "GET", "/township/forwarded", YC_ROUTE_DEFAULT, yc_route_township_forwarded },
  { "GET", "/statistics/overdue", YC_ROUTE_DEFAULT, yc_route_statistics_overdue },
};

const YcRoute *
yc_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
