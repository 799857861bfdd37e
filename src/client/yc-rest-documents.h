/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printing an issued official document again. The backend keeps only the SHA-256 of what it
 * registered, so the desk keeps the bytes it issued (one file per verification id under the
 * user's data directory) and a reprint sends exactly those: POST /documents/{id}/reprint logs
 * it (audit action document.reprint) and adds no document and no seal use. */
#pragma once

#include "yc-rest-client.h"

G_BEGIN_DECLS

char     *yc_rest_path_document_reprint            (const char *verification_id);

/* POST /documents/{id}/reprint {"sha256": SHA-256 of @pdf} → the Document as issued. A file
 * that is not the registered one is YC_REST_ERROR_CONFLICT ("document-differs"). */
void      yc_rest_client_reprint_document_async    (YcRestClient        *self,
                                                    const char          *verification_id,
                                                    GBytes              *pdf,
                                                    const char          *idempotency_key,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonNode *yc_rest_client_reprint_document_finish   (YcRestClient  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);

/* The documents this desk issued. @dir NULL: $XDG_DATA_HOME/yichuang/issued. Files are
 * <dir>/<case number>/<kind>-<verification id>.pdf, with the document's facts beside it as
 * JSON (yc_document_to_json; optional); the newest of a kind is the one a reprint sends. Read
 * and written whole: call them from a worker thread. */
gboolean  yc_issued_documents_save                 (const char  *dir,
                                                    const char  *case_number,
                                                    const char  *kind,
                                                    const char  *verification_id,
                                                    GBytes      *pdf,
                                                    JsonNode    *facts,
                                                    GError     **error);
/* The newest @kind issued for @case_number on this desk, its verification id and facts (NULL
 * when none were kept); NULL with G_IO_ERROR_NOT_FOUND when no such document is kept. */
GBytes   *yc_issued_documents_load                 (const char  *dir,
                                                    const char  *case_number,
                                                    const char  *kind,
                                                    char       **verification_id,
                                                    JsonNode   **facts,
                                                    GError     **error);
gboolean  yc_issued_documents_has                  (const char  *dir,
                                                    const char  *case_number,
                                                    const char  *kind);

G_END_DECLS
