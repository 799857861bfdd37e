/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the scanner's files: SANE status → the clerk's message. */
#pragma once

#include <sane/sane.h>

#include "yc-scanner.h"

G_BEGIN_DECLS

/* NULL for SANE_STATUS_GOOD. */
GError *yc_scanner_error_from_status (SANE_Status status);

G_END_DECLS
