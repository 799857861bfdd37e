/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scanning the originals of one material: the scanner (chosen once per workstation), source,
 * colour mode and resolution with the defaults of the material's kind; pages appear as they
 * arrive; rotate, reorder, delete; Attach exports the PDF off the main thread into the
 * intake's YcScanStore. Faults are shown and the pages scanned so far are kept. */
#pragma once

#include <adwaita.h>

#include "yc-catalogue.h"
#include "yc-scan-document.h"
#include "yc-scan-store.h"

G_BEGIN_DECLS

#define YC_TYPE_SCAN_DIALOG (yc_scan_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcScanDialog, yc_scan_dialog, YC, SCAN_DIALOG, AdwWindow)

YcScanDialog   *yc_scan_dialog_new          (GtkWindow        *parent,
                                             const YcMaterial *material,
                                             YcScanStore      *store);
/* For tests: the pages so far, the last fault shown (NULL if none), whether a job runs. */
YcScanDocument *yc_scan_dialog_get_document (YcScanDialog     *self);
const char     *yc_scan_dialog_get_problem  (YcScanDialog     *self);
gboolean        yc_scan_dialog_is_busy      (YcScanDialog     *self);
/* A backend-specific option for this workstation's device, set by name after the well-known
 * ones on every later scan (see yc_scan_settings_set_device_option); NULL @value forgets it. */
void            yc_scan_dialog_set_device_option (YcScanDialog *self,
                                                  const char   *name,
                                                  const char   *value);
/* The labels of the sources offered, once the device has said which it has; else NULL. */
GListModel     *yc_scan_dialog_get_sources  (YcScanDialog     *self);
/* The device in use once discovery found it, else NULL. */
const char     *yc_scan_dialog_get_device   (YcScanDialog     *self);

G_END_DECLS
