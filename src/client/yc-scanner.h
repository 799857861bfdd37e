/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scanner: one thread makes every sane_* call (sane_init to sane_exit), fed through a
 * request queue; what it finds comes back as signals on the main context of the thread that
 * created the scanner. Pages are compressed to the document's spool as they arrive and
 * appended to the YcScanDocument given to yc_scanner_scan_async(). One scanner per process
 * (SANE is process-wide); a second one waits for the first to be gone.
 *
 * Signals, all on the creator's main context:
 *   devices-changed ()                          after each search; see yc_scanner_get_devices()
 *   settings-applied (YcScanSettings *applied)  what the device took, after fallbacks
 *   page-started (guint page, guint width, gint height, gdouble dpi, YcScanMode mode)
 *                                               height is -1 when the device can't say
 *   page-progress (guint page, guint lines, gint total_lines)
 *   page-done (YcScanPage *page)                already appended to the document
 *   document-done (guint n_pages)               the job ended cleanly
 *   failed (GError *error)                      a YC_SCANNER_ERROR; earlier pages stay
 *   notify::scanning
 * Progress and pages of a job cancelled on this side are never delivered afterwards. */
#pragma once

#include <gio/gio.h>

#include "yc-scan-document.h"
#include "yc-scan-settings.h"

G_BEGIN_DECLS

#define YC_SCANNER_ERROR (yc_scanner_error_quark ())

typedef enum
{
  YC_SCANNER_ERROR_NO_DEVICE,       /* none found, or not the one asked for */
  YC_SCANNER_ERROR_OPEN_FAILED,     /* found but could not be opened */
  YC_SCANNER_ERROR_BUSY,
  YC_SCANNER_ERROR_JAMMED,
  YC_SCANNER_ERROR_COVER_OPEN,
  YC_SCANNER_ERROR_FEEDER_EMPTY,    /* no paper, and no page scanned in this job */
  YC_SCANNER_ERROR_IO,
  YC_SCANNER_ERROR_ACCESS_DENIED,
  YC_SCANNER_ERROR_NO_MEMORY,
  YC_SCANNER_ERROR_UNSUPPORTED,     /* settings or an image format the device or we can't do */
  YC_SCANNER_ERROR_SPOOL,           /* the page could not be saved to disk */
  YC_SCANNER_ERROR_FAILED,
} YcScannerError;

GQuark yc_scanner_error_quark (void);

#define YC_TYPE_SCANNER (yc_scanner_get_type ())
G_DECLARE_FINAL_TYPE (YcScanner, yc_scanner, YC, SCANNER, GObject)

/* Starts the thread and a first search for devices. */
YcScanner  *yc_scanner_new             (void);
void        yc_scanner_refresh_devices (YcScanner            *self);
/* (transfer none): a GListModel of YcScanDevice, updated after each search. */
GListModel *yc_scanner_get_devices     (YcScanner            *self);
gboolean    yc_scanner_get_scanning    (YcScanner            *self);

/* Scans into @document with @settings (copied): one page from the glass, or the feeder until
 * it is empty. Jobs run one after another. Cancelling @cancellable (or yc_scanner_cancel())
 * stops the device; the job then ends with G_IO_ERROR_CANCELLED. */
void        yc_scanner_scan_async      (YcScanner            *self,
                                        YcScanSettings       *settings,
                                        YcScanDocument       *document,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
/* Pages this job added; 0 with @error set on failure (pages scanned before stay). */
guint       yc_scanner_scan_finish     (YcScanner            *self,
                                        GAsyncResult         *result,
                                        GError              **error);
/* Runs the creator's main context until the job ends: for tools and tests, never from a UI
 * callback. Signals are still emitted. */
guint       yc_scanner_scan_sync       (YcScanner            *self,
                                        YcScanSettings       *settings,
                                        YcScanDocument       *document,
                                        GCancellable         *cancellable,
                                        GError              **error);
/* The sources @device offers, as bits (1 << YcScanSource), read from its options on the
 * scanner thread after any job before it; YC_SCANNER_ERROR when it cannot be opened. */
void        yc_scanner_query_sources_async  (YcScanner           *self,
                                             const char          *device,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
guint       yc_scanner_query_sources_finish (YcScanner           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* Cancels every job that is running or waiting. */
void        yc_scanner_cancel          (YcScanner            *self);

G_END_DECLS
