/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One official document of a case, issued and shown: the verification id is reserved on the
 * backend, the PDF rendered off the main thread with that URL in its QR code, its SHA-256
 * registered, then previewed (zoom, page through) and printed — with one click to the window's
 * printer, or through the print dialog. Every opening is a new issue, logged on the server. */
#pragma once

#include <adwaita.h>

#include "yc-core.h"

G_BEGIN_DECLS

#define YC_TYPE_DOCUMENT_VIEW (yc_document_view_get_type ())
G_DECLARE_FINAL_TYPE (YcDocumentView, yc_document_view, YC, DOCUMENT_VIEW, AdwWindow)

/* @kind: a backend document kind ("acceptance", "missing_materials", "refusal",
 * "certificate", "receipt") or the case view's name for it. @print_now prints with one click
 * as soon as the document is ready. */
YcDocumentView *yc_document_view_new        (GtkWindow    *parent,
                                             const YcCase *kase,
                                             const char   *kind,
                                             gboolean      print_now);
/* The backend kind this view issues; NULL for a name that is no document. */
const char     *yc_document_view_kind_for   (const char *name);
/* 0 until the preview shows a page; then the 1-based page shown. */
guint           yc_document_view_get_page   (YcDocumentView *self);
/* The PDF as issued (NULL until ready). */
GBytes         *yc_document_view_get_pdf    (YcDocumentView *self);

/* Opens a view for each document the case view asks for (its "document-requested"). */
void            yc_document_view_follow     (GtkWidget *case_page);

G_END_DECLS
