/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Made by the page writer (scanner thread), rotated by YcScanDocument. */
#pragma once

#include "yc-scan-page.h"
#include "yc-scan-spool.h"

G_BEGIN_DECLS

/* Takes ownership of the file at @path (removed when the page is finalized). */
YcScanPage *yc_scan_page_new          (YcSpool          *spool,
                                       const char       *path,
                                       YcScanPageFormat  format,
                                       YcScanMode        mode,
                                       guint             width,
                                       guint             height,
                                       double            resolution);
void        yc_scan_page_set_rotation (YcScanPage       *self,
                                       guint             rotation);

G_END_DECLS
