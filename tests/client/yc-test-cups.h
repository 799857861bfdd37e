/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A private cupsd for tests (TESTING.md): its own directories under /tmp, a free loopback port,
 * CUPS_SERVER set for libcups and GTK, job files and history preserved so that a test can read
 * what a job asked for (IPP job attributes) and the bytes it sent (the spooled document). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YC_TEST_CUPS_PDF_PPD "lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd"

/* FALSE when cupsd is not installed (the caller skips). Sets CUPS_SERVER: call it before any
 * thread is started. */
gboolean    yc_test_cups_start             (void);
/* Stops cupsd and removes its directory. */
void        yc_test_cups_stop              (void);
const char *yc_test_cups_server            (void);
/* A PDF queue writing to out/<name>.prn; the default destination when @is_default. */
void        yc_test_cups_add_printer       (const char *name,
                                            gboolean    is_default);
/* The same with another PPD (or driver URI), for a queue with other capabilities. */
void        yc_test_cups_add_printer_ppd   (const char *name,
                                            const char *ppd,
                                            gboolean    is_default);
/* @name inside cupsd's directory (out/<queue>.prn holds what a queue printed). */
char       *yc_test_cups_path              (const char *name);
/* Runs a CUPS command-line tool (lpadmin, cupsdisable …); aborts the test if it fails. */
void        yc_test_cups_run_tool          (const char * const *argv);
/* A loopback port nothing listens on (bound, then released). */
int         yc_test_cups_free_port         (void);

typedef struct
{
  int   state;                   /* ipp_jstate_t: 9 completed */
  int   copies;
  char *sides;
  char *media;
  char *printer;                 /* the queue, from job-printer-uri */
} YcTestCupsJob;

void        yc_test_cups_job_clear         (YcTestCupsJob *job);
/* What cupsd recorded for @job_id (asserts that it knows the job). */
void        yc_test_cups_job_get           (int            job_id,
                                            YcTestCupsJob *job);
/* Waits (bounded) until the job reached a final state; returns that state. */
int         yc_test_cups_job_wait_final    (int            job_id);
/* SHA-256 of the document the job sent, as cupsd spooled it; NULL if not kept. */
char       *yc_test_cups_job_document_sha256 (int job_id);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (YcTestCupsJob, yc_test_cups_job_clear)

G_END_DECLS
