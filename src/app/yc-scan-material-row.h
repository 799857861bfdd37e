/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a material row of the intake checklist shows of its scans: "n pages attached" and the
 * clerk's "original checked" tick, both kept in the intake's YcScanStore. */
#pragma once

#include <gtk/gtk.h>

#include "yc-scan-store.h"

G_BEGIN_DECLS

GtkWidget *yc_scan_material_row_new (YcScanStore *store,
                                     const char  *code);

G_END_DECLS
