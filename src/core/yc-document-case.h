/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From a real case and its catalogue item to the fields of an official document. The field
 * names are the templates' contract (data/templates/README.md). */
#pragma once

#include "yc-document.h"
#include "yc-seal.h"
#include "yc-case.h"
#include "yc-catalogue.h"
#include "yc-calendar.h"

G_BEGIN_DECLS

/* What the case does not hold: where, who, when, and the backend's verification address. */
typedef struct
{
  const YcDepartment *department;       /* the implementing department: issuing organ, phones */
  const YcWindow     *window;
  const char         *clerk_name;
  YcCalendar         *calendar;         /* committed completion date, supply deadline */
  const GDate        *issued;           /* the document's date */
  const char         *verification_url; /* from the backend, unguessable */
  guint               supply_days;      /* working days to supply missing materials; 0: no date */
  /* certificates */
  const char         *issuer_uscc;      /* NULL: the department's unified social credit code */
  const char         *licence_serial;   /* GB/T 36904 serial; NULL: from the case number */
  guint               licence_version;
  const char         *scope;            /* 许可范围 / 经营项目 */
  const GDate        *valid_until;      /* NULL: 长期 */
} YcDocumentCaseContext;

/* Errors: YC_DOCUMENT_ERROR_CASE_STATE when the case is not at the point where @type is issued
 * (no missing material for a one-time notice, not refused, not approved for a certificate…);
 * YC_DOCUMENT_ERROR_MISSING_FIELD when the context lacks what the document needs. */
YcDocument *yc_document_new_for_case (YcDocumentType               type,
                                      const YcCase                *kase,
                                      const YcItem                *item,
                                      const YcDocumentCaseContext *context,
                                      GError                     **error);

/* The department's drawn seal: its seal_name (or name) on the arc, 行政许可专用章 below; a
 * seal_name that already ends with the purpose is split there. */
YcSeal     *yc_seal_new_for_department (const YcDepartment *department);

/* The GB/T 36904 serial of a case's certificate: the letters and digits of its case number
 * ("320826-C01-20260213-0001" → "320826C01202602130001"); NULL when there are none. */
char       *yc_document_licence_serial (const char *case_number);

/* 原件 / 复印件 / 原件及复印件 / 电子件 */
const char *yc_material_format_label (YcMaterialFormat format);

G_END_DECLS
