/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every SANE status as a message the clerk can act on. */
#define G_LOG_DOMAIN "yc-scanner"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-scanner-private.h"

G_DEFINE_QUARK (yc-scanner-error-quark, yc_scanner_error)

GError *
yc_scanner_error_from_status (SANE_Status status)
{
  YcScannerError code;
  const char *message;

  switch (status)
    {
    case SANE_STATUS_GOOD:
      return NULL;
    case SANE_STATUS_JAMMED:
      code = YC_SCANNER_ERROR_JAMMED;
      message = _("The paper is jammed in the scanner. Remove the paper and try again.");
      break;
    case SANE_STATUS_COVER_OPEN:
      code = YC_SCANNER_ERROR_COVER_OPEN;
      message = _("The scanner cover is open. Close it and try again.");
      break;
    case SANE_STATUS_NO_DOCS:
      code = YC_SCANNER_ERROR_FEEDER_EMPTY;
      message = _("There is no paper in the scanner. Load the pages and try again.");
      break;
    case SANE_STATUS_DEVICE_BUSY:
      code = YC_SCANNER_ERROR_BUSY;
      message = _("The scanner is busy. Wait until it is free and try again.");
      break;
    case SANE_STATUS_IO_ERROR:
    case SANE_STATUS_EOF:
      code = YC_SCANNER_ERROR_IO;
      message = _("The scanner stopped responding. Check its cable and power, then try again.");
      break;
    case SANE_STATUS_ACCESS_DENIED:
      code = YC_SCANNER_ERROR_ACCESS_DENIED;
      message = _("This computer is not allowed to use the scanner. Ask the administrator "
                  "for access.");
      break;
    case SANE_STATUS_NO_MEM:
      code = YC_SCANNER_ERROR_NO_MEMORY;
      message = _("The scanner ran out of memory. Choose a lower resolution and try again.");
      break;
    case SANE_STATUS_UNSUPPORTED:
    case SANE_STATUS_INVAL:
      code = YC_SCANNER_ERROR_UNSUPPORTED;
      message = _("The scanner does not accept these settings. Choose other settings and "
                  "try again.");
      break;
    case SANE_STATUS_CANCELLED:
      code = YC_SCANNER_ERROR_FAILED;
      message = _("Scanning was stopped on the scanner itself. Scan again when ready.");
      break;
    default:
      code = YC_SCANNER_ERROR_FAILED;
      message = _("The scanner reported an unexpected error. Try again, and restart the "
                  "scanner if it keeps happening.");
      break;
    }

  g_debug ("SANE status %d (%s)", status, sane_strstatus (status));
  return g_error_new_literal (YC_SCANNER_ERROR, code, message);
}
