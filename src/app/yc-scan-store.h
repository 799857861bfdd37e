/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scans of one intake, per material code: the attached PDF with its SHA-256 and page
 * count, and whether the clerk checked the original. The case number is only minted when the
 * intake is submitted, so the PDFs wait here and go into the outbox in the same transaction as
 * the case (yc_scan_store_add_entries). */
#pragma once

#include <gio/gio.h>

#include "yc-outbox.h"

G_BEGIN_DECLS

#define YC_TYPE_SCAN_STORE (yc_scan_store_get_type ())
G_DECLARE_FINAL_TYPE (YcScanStore, yc_scan_store, YC, SCAN_STORE, GObject)

/* Signal: changed (const char *code), after any change to that material. */
YcScanStore *yc_scan_store_new                  (void);
void         yc_scan_store_clear                (YcScanStore *self);
/* Replaces the material's PDF. */
void         yc_scan_store_set_pdf              (YcScanStore *self,
                                                 const char  *code,
                                                 GBytes      *pdf,
                                                 const char  *sha256,
                                                 guint        n_pages);
/* 0 when nothing is attached. */
guint        yc_scan_store_get_n_pages          (YcScanStore *self,
                                                 const char  *code);
/* (transfer none) NULL when nothing is attached. */
const char  *yc_scan_store_get_sha256           (YcScanStore *self,
                                                 const char  *code);
void         yc_scan_store_set_original_checked (YcScanStore *self,
                                                 const char  *code,
                                                 gboolean     checked);
gboolean     yc_scan_store_get_original_checked (YcScanStore *self,
                                                 const char  *code);
/* Appends one "attachment" YcOutboxEntry per attached PDF of case @number to @entries. */
void         yc_scan_store_add_entries          (YcScanStore *self,
                                                 const char  *number,
                                                 GPtrArray   *entries);

G_END_DECLS
