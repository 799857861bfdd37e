/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the clerk asks of the scanner for one material. The scanner negotiates these with the
 * device's own options and reports what it could apply (YcScanner::settings-applied). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  YC_SCAN_SOURCE_FLATBED,        /* one page from the glass */
  YC_SCAN_SOURCE_FEEDER,         /* the document feeder until it is empty */
  YC_SCAN_SOURCE_FEEDER_DUPLEX,  /* both sides; the plain feeder where the device has no duplex */
} YcScanSource;

typedef enum
{
  YC_SCAN_MODE_COLOR,
  YC_SCAN_MODE_GRAY,
  YC_SCAN_MODE_BLACK_WHITE,      /* one bit per pixel, kept lossless */
} YcScanMode;

/* Defaults per kind of material (yc_scan_settings_new_for_purpose). */
typedef enum
{
  YC_SCAN_PURPOSE_DOCUMENT,      /* 300 dpi grey, A4 */
  YC_SCAN_PURPOSE_PHOTO,         /* 300 dpi colour, A4 */
  YC_SCAN_PURPOSE_ID_CARD,       /* 300 dpi colour, a card-sized area */
} YcScanPurpose;

#define YC_TYPE_SCAN_SOURCE (yc_scan_source_get_type ())
#define YC_TYPE_SCAN_MODE (yc_scan_mode_get_type ())
#define YC_TYPE_SCAN_PURPOSE (yc_scan_purpose_get_type ())
GType yc_scan_source_get_type  (void) G_GNUC_CONST;
GType yc_scan_mode_get_type    (void) G_GNUC_CONST;
GType yc_scan_purpose_get_type (void) G_GNUC_CONST;

#define YC_TYPE_SCAN_SETTINGS (yc_scan_settings_get_type ())
G_DECLARE_FINAL_TYPE (YcScanSettings, yc_scan_settings, YC, SCAN_SETTINGS, GObject)

YcScanSettings *yc_scan_settings_new               (void);
YcScanSettings *yc_scan_settings_new_for_purpose   (YcScanPurpose   purpose);
YcScanSettings *yc_scan_settings_copy              (YcScanSettings *self);

/* The SANE device name ("test:0"); NULL for the first scanner found. */
const char     *yc_scan_settings_get_device        (YcScanSettings *self);
void            yc_scan_settings_set_device        (YcScanSettings *self,
                                                    const char     *device);
YcScanSource    yc_scan_settings_get_source        (YcScanSettings *self);
void            yc_scan_settings_set_source        (YcScanSettings *self,
                                                    YcScanSource    source);
YcScanMode      yc_scan_settings_get_mode          (YcScanSettings *self);
void            yc_scan_settings_set_mode          (YcScanSettings *self,
                                                    YcScanMode      mode);
/* Dots per inch; the device's closest allowed value is used. */
double          yc_scan_settings_get_resolution    (YcScanSettings *self);
void            yc_scan_settings_set_resolution    (YcScanSettings *self,
                                                    double          dpi);
/* Scan area from the top-left corner in millimetres; 0 means the whole area the device has.
 * Clamped to what the device can do. */
double          yc_scan_settings_get_width_mm      (YcScanSettings *self);
void            yc_scan_settings_set_width_mm      (YcScanSettings *self,
                                                    double          mm);
double          yc_scan_settings_get_height_mm     (YcScanSettings *self);
void            yc_scan_settings_set_height_mm     (YcScanSettings *self,
                                                    double          mm);
/* JPEG quality (1–100) for grey and colour pages. */
guint           yc_scan_settings_get_jpeg_quality  (YcScanSettings *self);
void            yc_scan_settings_set_jpeg_quality  (YcScanSettings *self,
                                                    guint           quality);

/* Backend-specific options set by name after the well-known ones, for a workstation's own
 * device (e.g. "adf-auto-scan" = "yes"); values are parsed by the option's type. */
void            yc_scan_settings_set_device_option (YcScanSettings *self,
                                                    const char     *name,
                                                    const char     *value);
/* (element-type utf8 utf8): name → value; never NULL. */
GHashTable     *yc_scan_settings_get_device_options (YcScanSettings *self);

G_END_DECLS
