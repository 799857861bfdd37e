/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The route handlers (private to yichuangd). Each runs on a worker thread with its request
 * and returns the whole answer. */
#pragma once

#include "yc-router.h"

G_BEGIN_DECLS

YcResponse *yc_route_health             (YcServer *server, YcRequest *request);
YcResponse *yc_route_openapi            (YcServer *server, YcRequest *request);

YcResponse *yc_route_login              (YcServer *server, YcRequest *request);
YcResponse *yc_route_logout             (YcServer *server, YcRequest *request);
YcResponse *yc_route_me                 (YcServer *server, YcRequest *request);

YcResponse *yc_route_catalogue          (YcServer *server, YcRequest *request);
YcResponse *yc_route_item               (YcServer *server, YcRequest *request);
YcResponse *yc_route_departments        (YcServer *server, YcRequest *request);
YcResponse *yc_route_townships          (YcServer *server, YcRequest *request);
YcResponse *yc_route_windows            (YcServer *server, YcRequest *request);
YcResponse *yc_route_calendar_years     (YcServer *server, YcRequest *request);
YcResponse *yc_route_calendar_year      (YcServer *server, YcRequest *request);

YcResponse *yc_route_case_create        (YcServer *server, YcRequest *request);
YcResponse *yc_route_case_list          (YcServer *server, YcRequest *request);
YcResponse *yc_route_case_get           (YcServer *server, YcRequest *request);
YcResponse *yc_route_case_action        (YcServer *server, YcRequest *request);
YcResponse *yc_route_case_audit         (YcServer *server, YcRequest *request);

YcResponse *yc_route_attachment_upload  (YcServer *server, YcRequest *request);
YcResponse *yc_route_attachment_list    (YcServer *server, YcRequest *request);
YcResponse *yc_route_attachment_get     (YcServer *server, YcRequest *request);

YcResponse *yc_route_document_issue     (YcServer *server, YcRequest *request);
YcResponse *yc_route_document_list      (YcServer *server, YcRequest *request);
YcResponse *yc_route_document_register  (YcServer *server, YcRequest *request);
YcResponse *yc_route_document_reprint   (YcServer *server, YcRequest *request);
YcResponse *yc_route_verify             (YcServer *server, YcRequest *request);

YcResponse *yc_route_statistics         (YcServer *server, YcRequest *request);

/* Section chiefs, townships and supervision (issue #7) */
YcResponse *yc_route_signoff_queue      (YcServer *server, YcRequest *request);
YcResponse *yc_route_signoff_batch      (YcServer *server, YcRequest *request);
YcResponse *yc_route_township_forwarded (YcServer *server, YcRequest *request);
YcResponse *yc_route_statistics_overdue (YcServer *server, YcRequest *request);

/* Helpers the case, attachment and document routes share. */

/* The case of the {number} path parameter, if it exists and the actor may read it. */
YcCaseRecord *yc_routes_load_case       (YcServer    *server,
                                         YcRequest   *request,
                                         YcResponse **problem);
/* The checklist of a request body; errors go into @problem. @item may be NULL. */
GPtrArray    *yc_routes_parse_materials (YcProblem    *problem,
                                         JsonArray    *array,
                                         const YcItem *item);

G_END_DECLS
