/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One scanned page, already compressed in a spool file (JPEG for grey and colour, 1-bit PNG
 * for black and white). The file lives as long as the page object. Items of YcScanDocument. */
#pragma once

#include <gio/gio.h>

#include "yc-scan-settings.h"

G_BEGIN_DECLS

typedef enum
{
  YC_SCAN_PAGE_FORMAT_JPEG,
  YC_SCAN_PAGE_FORMAT_PNG,
} YcScanPageFormat;

#define YC_TYPE_SCAN_PAGE_FORMAT (yc_scan_page_format_get_type ())
GType yc_scan_page_format_get_type (void) G_GNUC_CONST;

#define YC_TYPE_SCAN_PAGE (yc_scan_page_get_type ())
G_DECLARE_FINAL_TYPE (YcScanPage, yc_scan_page, YC, SCAN_PAGE, GObject)

/* The spool file, for a thumbnail (GdkTexture and GdkPixbuf read both formats). */
const char       *yc_scan_page_get_path          (YcScanPage *self);
GFile            *yc_scan_page_get_file          (YcScanPage *self);
YcScanPageFormat  yc_scan_page_get_format        (YcScanPage *self);
YcScanMode        yc_scan_page_get_mode          (YcScanPage *self);
/* Pixels as scanned, before rotation. */
guint             yc_scan_page_get_width         (YcScanPage *self);
guint             yc_scan_page_get_height        (YcScanPage *self);
/* The resolution the device really scanned at, in dots per inch. */
double            yc_scan_page_get_resolution    (YcScanPage *self);
/* Clockwise, in degrees: 0, 90, 180 or 270 (YcScanDocument rotates). */
guint             yc_scan_page_get_rotation      (YcScanPage *self);
/* The page in PDF points (1/72 inch), rotation applied. */
double            yc_scan_page_get_width_points  (YcScanPage *self);
double            yc_scan_page_get_height_points (YcScanPage *self);
/* Bytes in the spool file. */
guint64           yc_scan_page_get_file_size     (YcScanPage *self);

G_END_DECLS
