/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The section chief's, the township's and the supervisor's side of /api/v1 (issue #7): the
 * sign-off queue and batch sign-off, the township's cases at the county, statistics and the
 * overdue list (JSON, or CSV to save), and a case's scans. Same conventions as
 * yc-rest-client.h: GTask _async/_finish pairs, answers as JSON nodes, YC_REST_ERROR. */
#pragma once

#include "yc-rest-client.h"

G_BEGIN_DECLS

/* GET /signoff-queue → {items, page, page_size, total, total_capped}; @item (nullable) keeps
 * one item's cases (routine ones for a batch). */
void      yc_rest_client_get_signoff_queue_async   (YcRestClient        *self,
                                                    const char          *item,
                                                    guint                page,
                                                    guint                page_size,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonNode *yc_rest_client_get_signoff_queue_finish  (YcRestClient  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);

/* One decision of a batch sign-off: a case the chief looked at and confirmed. */
typedef struct
{
  const char *number;
  gint64      version;           /* the version the chief saw */
  gboolean    approve;           /* FALSE: deny */
  const char *reason;            /* approval conditions, or the written reason of a denial */
  const char *branch_department; /* a parallel case's branch; NULL: the chief's own */
} YcSignoffDecision;

char     *yc_rest_path_signoff_batch               (void);
/* {"decisions": [… "confirmed": true]}: build it only from cases confirmed one by one. */
JsonNode *yc_rest_signoff_batch_body               (const YcSignoffDecision *decisions,
                                                    guint                    n_decisions);
/* POST /signoff/batch → {results: [{number, status, case | problem}], approved, denied,
 * refused}. Each case is decided on its own; a refused one changes nothing. */
void      yc_rest_client_signoff_batch_async       (YcRestClient            *self,
                                                    const YcSignoffDecision *decisions,
                                                    guint                    n_decisions,
                                                    const char              *idempotency_key,
                                                    GCancellable            *cancellable,
                                                    GAsyncReadyCallback      callback,
                                                    gpointer                 user_data);
JsonNode *yc_rest_client_signoff_batch_finish      (YcRestClient  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);

/* GET /township/forwarded → {items, answered, …, sync_token, more}. @since (nullable) is an
 * earlier sync_token: only what changed after it. @all adds the closed cases. */
void      yc_rest_client_get_forwarded_async       (YcRestClient        *self,
                                                    const char          *since,
                                                    gboolean             all,
                                                    guint                page,
                                                    guint                page_size,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonNode *yc_rest_client_get_forwarded_finish      (YcRestClient  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);

/* GET /statistics → {group, from, to, rows, total}. @group: "window", "department", "item",
 * "township" or "day"; @from, @to: YYYY-MM-DD or NULL. */
void      yc_rest_client_get_statistics_async      (YcRestClient        *self,
                                                    const char          *group,
                                                    const char          *from,
                                                    const char          *to,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonNode *yc_rest_client_get_statistics_finish     (YcRestClient  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);
/* The same as CSV (UTF-8 with a byte-order mark), to save as a file. */
void      yc_rest_client_get_statistics_csv_async  (YcRestClient        *self,
                                                    const char          *group,
                                                    const char          *from,
                                                    const char          *to,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GBytes   *yc_rest_client_get_statistics_csv_finish (YcRestClient  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);

/* GET /statistics/overdue → {items, page, page_size, total, total_capped}. */
void      yc_rest_client_get_overdue_async         (YcRestClient        *self,
                                                    guint                page,
                                                    guint                page_size,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonNode *yc_rest_client_get_overdue_finish        (YcRestClient  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);

/* GET /cases/{number}/attachments → [{id, material_code, content_type, size, …}]. */
void      yc_rest_client_list_attachments_async    (YcRestClient        *self,
                                                    const char          *number,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonNode *yc_rest_client_list_attachments_finish   (YcRestClient  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);
/* GET /attachments/{id}: the scan as uploaded (PDF, PNG or JPEG). */
void      yc_rest_client_get_attachment_async      (YcRestClient        *self,
                                                    gint64               id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GBytes   *yc_rest_client_get_attachment_finish     (YcRestClient  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);

G_END_DECLS
