/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pages of one material as the clerk arranges them (rotate, reorder, delete), and their
 * export as one PDF: JPEG pages embed as they are, black-and-white pages stay lossless, each
 * page as large as the paper that was scanned. A GListModel of YcScanPage for the UI.
 * Edits happen on the main thread; the export works on a snapshot in a worker thread. */
#pragma once

#include <gio/gio.h>

#include "yc-scan-page.h"

G_BEGIN_DECLS

#define YC_SCAN_DOCUMENT_ERROR (yc_scan_document_error_quark ())

typedef enum
{
  YC_SCAN_DOCUMENT_ERROR_EMPTY,          /* no page to export */
  YC_SCAN_DOCUMENT_ERROR_PAGE_UNREADABLE,/* a spool file is gone or damaged */
  YC_SCAN_DOCUMENT_ERROR_WRITE,          /* the PDF could not be written */
} YcScanDocumentError;

GQuark yc_scan_document_error_quark (void);

#define YC_TYPE_SCAN_DOCUMENT (yc_scan_document_get_type ())
G_DECLARE_FINAL_TYPE (YcScanDocument, yc_scan_document, YC, SCAN_DOCUMENT, GObject)

/* Page files go to a new private directory in @spool_parent (NULL: the temporary directory),
 * removed with the last page. */
YcScanDocument *yc_scan_document_new               (const char           *spool_parent,
                                                    GError              **error);
/* The spool directory, for diagnostics and tests. */
const char     *yc_scan_document_get_spool_dir     (YcScanDocument       *self);
guint           yc_scan_document_get_n_pages       (YcScanDocument       *self);
/* (transfer none) */
YcScanPage     *yc_scan_document_get_page          (YcScanDocument       *self,
                                                    guint                 position);
void            yc_scan_document_append_page       (YcScanDocument       *self,
                                                    YcScanPage           *page);
/* Quarter turns, clockwise when positive. */
void            yc_scan_document_rotate_page       (YcScanDocument       *self,
                                                    guint                 position,
                                                    int                   quarter_turns);
/* The page at @from ends up at @to. */
void            yc_scan_document_move_page         (YcScanDocument       *self,
                                                    guint                 from,
                                                    guint                 to);
void            yc_scan_document_remove_page       (YcScanDocument       *self,
                                                    guint                 position);
void            yc_scan_document_remove_all        (YcScanDocument       *self);

/* Writes the PDF to @path (through a temporary file in the same directory, so @path is either
 * complete or untouched) and gives its SHA-256 in lower-case hex. Blocking: for worker
 * threads, tools and tests. */
gboolean        yc_scan_document_export_pdf_run    (YcScanDocument       *self,
                                                    const char           *path,
                                                    char                **sha256,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void            yc_scan_document_export_pdf_async  (YcScanDocument       *self,
                                                    const char           *path,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean        yc_scan_document_export_pdf_finish (YcScanDocument       *self,
                                                    GAsyncResult         *result,
                                                    char                **sha256,
                                                    GError              **error);

G_END_DECLS
