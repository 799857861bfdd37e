/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For the scanner, which writes pages into the document's spool directory. */
#pragma once

#include "yc-scan-document.h"
#include "yc-scan-spool.h"

G_BEGIN_DECLS

YcSpool *yc_scan_document_get_spool (YcScanDocument *self);

G_END_DECLS
