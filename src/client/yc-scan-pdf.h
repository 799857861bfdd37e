/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes scanned pages as one PDF with cairo: JPEG spool files embed byte for byte
 * (CAIRO_MIME_TYPE_JPEG), 1-bit pages become lossless stencil masks. Thread-safe: it works
 * on a snapshot of the pages and touches no GObject state. */
#pragma once

#include <gio/gio.h>

#include "yc-scan-page.h"

G_BEGIN_DECLS

typedef struct
{
  YcScanPage       *page;      /* keeps the spool file alive while writing */
  char             *path;
  YcScanPageFormat  format;
  guint             width;
  guint             height;
  double            resolution;
  guint             rotation;
} YcScanPdfPage;

/* (element-type YcScanPdfPage) with its free function set. */
GPtrArray *yc_scan_pdf_snapshot (GListModel    *pages);
gboolean   yc_scan_pdf_write    (GPtrArray     *snapshot,
                                 const char    *path,
                                 char         **sha256,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_END_DECLS
