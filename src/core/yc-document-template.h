/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A document template: the wording, layout blocks and fonts of one document type, kept as JSON
 * data a county can edit (data/templates/<type>.json, format in data/templates/README.md).
 * Placeholders are ${field}; a template is checked when loaded, so that a county's edit that
 * drops a part the law requires (the footer facts, the signature) is refused at once. */
#pragma once

#include <glib-object.h>

#include "yc-document.h"

G_BEGIN_DECLS

typedef struct _YcDocumentTemplate YcDocumentTemplate;

#define YC_TYPE_DOCUMENT_TEMPLATE (yc_document_template_get_type ())
GType               yc_document_template_get_type      (void) G_GNUC_CONST;

/* Errors are YC_DOCUMENT_ERROR_TEMPLATE and name the part that is wrong. */
YcDocumentTemplate *yc_document_template_new_from_data (const char *json,
                                                        gssize      length,
                                                        GError    **error);
YcDocumentTemplate *yc_document_template_new_from_file (const char *path,
                                                        GError    **error);
YcDocumentTemplate *yc_document_template_ref           (YcDocumentTemplate *self);
void                yc_document_template_unref         (YcDocumentTemplate *self);

YcDocumentType      yc_document_template_get_doc_type  (const YcDocumentTemplate *self);
/* The title as written in the template, placeholders unexpanded. */
const char         *yc_document_template_get_title     (const YcDocumentTemplate *self);

/* The installed templates directory, or $YC_DATADIR/templates when that is set (tests). */
char               *yc_document_template_default_dir   (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDocumentTemplate, yc_document_template_unref)

G_END_DECLS
