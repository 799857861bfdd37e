/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A case as the API shows it and as the store indexes it: the view {case, deadline,
 * allowed_actions}, the summary row of a list, the derived columns, and core errors mapped to
 * HTTP problems. */
#pragma once

#include "yc-clock.h"
#include "yc-http.h"

G_BEGIN_DECLS

void          yc_today                  (GDate *today);

/* The row to store for @c; @create_hash and @received_at carry over from the first write. */
YcCaseRecord *yc_case_view_record       (const YcCase *c,
                                         const YcItem *item,
                                         YcCalendar   *calendar,
                                         const GDate  *today,
                                         const char   *create_hash);
JsonNode     *yc_case_view_to_json      (const YcCase  *c,
                                         const YcItem  *item,
                                         const YcActor *actor,
                                         YcCalendar    *calendar,
                                         const GDate   *today);
/* The view as a response with ETag (and Location for 201) and, when @record is not NULL,
 * the row to store — the case serialised and its deadline computed once for both. */
YcResponse   *yc_case_view_render       (guint          status,
                                         const YcCase  *c,
                                         const YcItem  *item,
                                         const YcActor *actor,
                                         YcCalendar    *calendar,
                                         const GDate   *today,
                                         const char    *create_hash,
                                         YcCaseRecord **record);
/* The view as a 200/201 response with ETag and (for 201) Location. */
YcResponse   *yc_case_view_response     (guint          status,
                                         const YcCase  *c,
                                         const YcItem  *item,
                                         const YcActor *actor,
                                         YcCalendar    *calendar,
                                         const GDate   *today);
JsonNode     *yc_case_summary_to_json   (const YcCaseRecord *record,
                                         YcCalendar         *calendar,
                                         const GDate        *today);
YcCase       *yc_case_view_parse_body   (const char *body,
                                         GError    **error);
char         *yc_case_etag              (gint64 version);
/* "\"12\"", "W/\"12\"" or "12" → 12; FALSE if it is none of those. */
gboolean      yc_case_parse_etag        (const char *text,
                                         gint64     *version);

/* Core errors (YC_CASE_ERROR, YC_ID_ERROR, …) as problems with their stable codes. */
YcResponse   *yc_problem_from_case_error (const GError *error);

G_END_DECLS
