/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the report routes share (sign-off queue, township forwarded list, statistics, overdue
 * list): strict query parameters, CSV answers, the catalogue facts the store's report queries
 * take, and the audit of lists that show personal data. */
#pragma once

#include "yc-county-data.h"
#include "yc-routes.h"

G_BEGIN_DECLS

#define YC_REPORT_PAGE_SIZE_DEFAULT 50
#define YC_REPORT_PAGE_SIZE_MAX 200
#define YC_REPORT_TOTAL_CAP 10000

/* Each query parameter not in @known (NULL-terminated) is an "unknown parameter" problem. */
void        yc_report_reject_unknown (YcRequest         *request,
                                      YcProblem         *problem,
                                      const char *const *known);
/* The parameter's value, NULL when absent or empty; too long or not UTF-8 is a problem. */
const char *yc_report_query_string   (YcRequest  *request,
                                      YcProblem  *problem,
                                      const char *name,
                                      gsize       max_chars);
/* FALSE when absent or not a whole number in [@min, @max] (then a problem). */
gboolean    yc_report_query_uint     (YcRequest  *request,
                                      YcProblem  *problem,
                                      const char *name,
                                      guint64     min,
                                      guint64     max,
                                      guint64    *out);
/* A YYYY-MM-DD parameter, or NULL. */
const char *yc_report_query_date     (YcRequest  *request,
                                      YcProblem  *problem,
                                      const char *name);
/* page and page_size with their defaults. */
void        yc_report_query_page     (YcRequest *request,
                                      YcProblem *problem,
                                      guint     *page,
                                      guint     *page_size);
/* TRUE for ?format=csv, or an Accept header that prefers text/csv over JSON. */
gboolean    yc_report_wants_csv      (YcRequest *request,
                                      YcProblem *problem);

/* One CSV field (RFC 4180 quoting), and the end of a row. */
void        yc_csv_field             (GString    *csv,
                                      const char *value);
void        yc_csv_field_int         (GString *csv,
                                      gint64   value);
/* NAN writes an empty field. */
void        yc_csv_field_double      (GString *csv,
                                      double   value);
void        yc_csv_end_row           (GString *csv);
/* text/csv in UTF-8 with a byte-order mark (so that spreadsheet programs on Chinese Windows
 * read it as UTF-8), offered as a download named @filename. Consumes @csv. */
YcResponse *yc_csv_response          (GString    *csv,
                                      const char *filename);

/* "code/version@township" for every item version delegated to a township, of @department's
 * items (NULL: every department's) and to @township (NULL: any township). */
GStrv       yc_report_delegations    (YcCatalogue *catalogue,
                                      const char  *department,
                                      const char  *township);
/* Codes of items decided in parallel branches (any version of the item). */
GStrv       yc_report_parallel_items (YcCatalogue *catalogue);

/* Records that @request listed @n cases with personal data (nothing when @n is 0). */
YcResponse *yc_report_audit_list     (YcServer   *server,
                                      YcRequest  *request,
                                      const char *action,
                                      guint       n);

/* The summary of a case row (yc_case_summary_to_json) with its item's name added. */
JsonObject *yc_report_case_summary   (const YcCaseRecord *record,
                                      YcCountyData       *data,
                                      const GDate        *today);

G_END_DECLS
