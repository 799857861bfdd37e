/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One scanner as SANE found it; items of yc_scanner_get_devices(). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define YC_TYPE_SCAN_DEVICE (yc_scan_device_get_type ())
G_DECLARE_FINAL_TYPE (YcScanDevice, yc_scan_device, YC, SCAN_DEVICE, GObject)

YcScanDevice *yc_scan_device_new        (const char   *name,
                                         const char   *vendor,
                                         const char   *model,
                                         const char   *kind);
/* The SANE name to put in YcScanSettings:device ("test:0", "genesys:libusb:001:004"). */
const char   *yc_scan_device_get_name   (YcScanDevice *self);
const char   *yc_scan_device_get_vendor (YcScanDevice *self);
const char   *yc_scan_device_get_model  (YcScanDevice *self);
/* "flatbed scanner", "sheetfed scanner", "virtual device"… as the backend says it. */
const char   *yc_scan_device_get_kind   (YcScanDevice *self);
/* "Vendor Model", for a list a clerk chooses from. */
const char   *yc_scan_device_get_label  (YcScanDevice *self);

G_END_DECLS
