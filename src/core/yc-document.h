/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An official document before it is drawn: its type, a flat map of fields, named lists of rows
 * (each row a small field map), the verification URL for its QR code and, when the backend has
 * granted one, the seal authorisation. The wording comes from a template (yc-document-template.h);
 * the document only carries the facts. JSON codec round-trips. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_DOCUMENT_ERROR (yc_document_error_quark ())

typedef enum
{
  YC_DOCUMENT_ERROR_TEMPLATE,      /* template unreadable or not of the documented shape */
  YC_DOCUMENT_ERROR_MISSING_FIELD, /* a field or row list the template needs is absent or empty */
  YC_DOCUMENT_ERROR_SEAL,          /* seal authorisation unfit for the document; bad seal image */
  YC_DOCUMENT_ERROR_LAYOUT,        /* the content cannot be laid out on A4 */
  YC_DOCUMENT_ERROR_RENDER,        /* cairo failed or the file could not be written */
  YC_DOCUMENT_ERROR_PARSE,         /* document JSON not of the documented shape */
  YC_DOCUMENT_ERROR_CASE_STATE,    /* the case is not at the point where this document is issued */
} YcDocumentError;

GQuark yc_document_error_quark (void);

typedef enum
{
  YC_DOCUMENT_ACCEPTANCE,        /* 受理通知书, with the committed completion date (办结时限告知) */
  YC_DOCUMENT_MISSING_MATERIALS, /* 缺补材料一次性告知书 */
  YC_DOCUMENT_REFUSAL,           /* 不予受理事项情况说明 */
  YC_DOCUMENT_CERTIFICATE,       /* 许可证 / 证照 of an approved case */
  YC_DOCUMENT_RECEIPT,           /* 材料接收凭证 */
  YC_DOCUMENT_N_TYPES
} YcDocumentType;

/* Stable lower_snake names used in JSON, template file names and URLs ("missing_materials"),
 * the same as the backend's document kinds. */
const char *yc_document_type_to_string   (YcDocumentType type);
gboolean    yc_document_type_from_string (const char     *str,
                                          YcDocumentType *type);

typedef enum
{
  YC_SEAL_KIND_NOTICE,           /* the window's acceptance authority */
  YC_SEAL_KIND_CERTIFICATE,      /* the chief's sign-off */
} YcSealKind;

/* The kind of authorisation a document type needs before it may bear the seal. */
YcSealKind  yc_document_type_seal_kind   (YcDocumentType type);

/* Granted by the backend for one use of the department's seal; the backend logs the use. */
typedef struct
{
  YcSealKind kind;
  char      *id;                 /* the seal-use record on the server */
  char      *user;               /* who authorised: the clerk (notices) or the chief */
} YcSealAuthorisation;

#define YC_TYPE_SEAL_AUTHORISATION (yc_seal_authorisation_get_type ())
GType                yc_seal_authorisation_get_type  (void) G_GNUC_CONST;
YcSealAuthorisation *yc_seal_authorisation_new       (YcSealKind                 kind,
                                                      const char                *id,
                                                      const char                *user);
YcSealAuthorisation *yc_seal_authorisation_copy      (const YcSealAuthorisation *self);
void                 yc_seal_authorisation_free      (YcSealAuthorisation       *self);
JsonNode            *yc_seal_authorisation_to_json   (const YcSealAuthorisation *self);
YcSealAuthorisation *yc_seal_authorisation_from_json (JsonNode                  *node,
                                                      GError                   **error);

typedef struct _YcDocument YcDocument;

#define YC_TYPE_DOCUMENT (yc_document_get_type ())
GType           yc_document_get_type        (void) G_GNUC_CONST;

YcDocument     *yc_document_new             (YcDocumentType type);
YcDocument     *yc_document_ref             (YcDocument *self);
void            yc_document_unref           (YcDocument *self);

YcDocumentType  yc_document_get_doc_type    (const YcDocument *self);

/* Field names are [a-z0-9_]+. A NULL or empty @value removes the field. */
void            yc_document_set_field       (YcDocument *self,
                                             const char *name,
                                             const char *value);
const char     *yc_document_get_field       (const YcDocument *self,
                                             const char       *name);
/* Sorted field names; free with g_strfreev. */
GStrv           yc_document_list_fields     (const YcDocument *self);

/* Appends a row to the list @list from NULL-terminated name, value pairs; returns its index. */
guint           yc_document_add_row         (YcDocument *self,
                                             const char *list,
                                             ...) G_GNUC_NULL_TERMINATED;
guint           yc_document_get_n_rows      (const YcDocument *self,
                                             const char       *list);
const char     *yc_document_get_row_field   (const YcDocument *self,
                                             const char       *list,
                                             guint             index,
                                             const char       *name);

void            yc_document_set_verification_url (YcDocument *self,
                                                  const char *url);
const char     *yc_document_get_verification_url (const YcDocument *self);

/* Copies @auth; NULL removes the authorisation (the document is then drawn without a seal). */
void            yc_document_set_seal_authorisation (YcDocument                *self,
                                                    const YcSealAuthorisation *auth);
const YcSealAuthorisation *
                yc_document_get_seal_authorisation (const YcDocument *self);
/* TRUE when an authorisation is present and fits the type (kind, id and user); FALSE with
 * YC_DOCUMENT_ERROR_SEAL when one is present but does not fit; FALSE without an error when
 * there is none. */
gboolean        yc_document_check_seal      (const YcDocument *self,
                                             GError          **error);

JsonNode       *yc_document_to_json         (const YcDocument *self);
YcDocument     *yc_document_from_json       (JsonNode *node,
                                             GError  **error);

/* "2026年3月5日": Arabic numerals, full year, no zero padding (GB/T 9704). */
char           *yc_document_format_date     (const GDate *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDocument, yc_document_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSealAuthorisation, yc_seal_authorisation_free)

G_END_DECLS
