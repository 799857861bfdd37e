/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One official document of a case, issued and shown: the verification id is reserved on the
 * backend, the PDF rendered off the main thread with that URL in its QR code, its SHA-256
 * registered, then previewed (zoom, page through) and printed — with one click to the window's
 * printer (copies, two-sided), or through the print dialog. Every opening is a new issue, logged
 * on the server; printing it again, or opening this desk's issued copy to reprint it, sends the
 * same bytes and is logged on the server as a reprint. Certificates show their facts (issuer
 * and credit code, licence identifier, holder, scope, validity) beside the page. */
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
/* The newest issued copy of @kind this desk keeps for @kase, printed again as is (a reprint,
 * logged); @print_now prints it with one click when it is shown. */
YcDocumentView *yc_document_view_new_reprint (GtkWindow    *parent,
                                              const YcCase *kase,
                                              const char   *kind,
                                              gboolean      print_now);
/* Whether this desk keeps an issued copy of that document of @kase to reprint. */
gboolean        yc_document_view_can_reprint (const YcCase *kase,
                                              const char   *name);
/* The backend kind this view issues; NULL for a name that is no document. */
const char     *yc_document_view_kind_for   (const char *name);
/* 0 until the preview shows a page; then the 1-based page shown. */
guint           yc_document_view_get_page   (YcDocumentView *self);
/* The PDF as issued (NULL until ready). */
GBytes         *yc_document_view_get_pdf    (YcDocumentView *self);

/* A certificate's fact shown beside the preview, by field name ("issuer_uscc", "licence_id",
 * "holder_name", "scope", "validity", …); NULL when not shown. */
const char     *yc_document_view_get_fact            (YcDocumentView *self,
                                                      const char     *field);
const char     *yc_document_view_get_verification_id (YcDocumentView *self);
/* One-click prints CUPS completed, and the last one's job id (0 before). */
guint           yc_document_view_get_n_printed       (YcDocumentView *self);
int             yc_document_view_get_last_job_id     (YcDocumentView *self);
/* The copies the next one-click print asks for (1 to 99), as the spin button sets them. */
void            yc_document_view_set_copies          (YcDocumentView *self,
                                                      guint           copies);

/* Opens a view for each document the case view asks for ("document-requested", and
 * "reprint-requested" for this desk's issued copy). */
void            yc_document_view_follow     (GtkWidget *case_page);

G_END_DECLS
