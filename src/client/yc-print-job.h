/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One-click printing of an official document to the window's CUPS printer (libcups, the server
 * from CUPS_SERVER or the client configuration): A4 requested explicitly, copies, two-sided only
 * when the printer offers it, and the job followed until CUPS says it completed, or stopped,
 * was cancelled or aborted. A job is "printed" only when CUPS reports it completed.
 * The _async functions run on a worker thread and never block the caller's main loop. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define YC_PRINT_ERROR (yc_print_error_quark ())

typedef enum
{
  YC_PRINT_ERROR_SERVER_UNREACHABLE, /* cupsd not running or not reachable */
  YC_PRINT_ERROR_PRINTER_NOT_FOUND,  /* no such queue */
  YC_PRINT_ERROR_PRINTER_DISABLED,   /* the queue is paused (cupsdisable) */
  YC_PRINT_ERROR_PRINTER_REJECTING,  /* the queue accepts no jobs (cupsreject) */
  YC_PRINT_ERROR_SUBMIT_FAILED,      /* CUPS refused the job or the document */
  YC_PRINT_ERROR_JOB_STOPPED,        /* the job stopped (printer paused or in error); cancelled */
  YC_PRINT_ERROR_JOB_CANCELLED,      /* cancelled on the server */
  YC_PRINT_ERROR_JOB_ABORTED,        /* the print system gave up on it */
  YC_PRINT_ERROR_CONNECTION_LOST,    /* the server went away while the job was followed */
  YC_PRINT_ERROR_TIMEOUT,            /* not finished in time; cancelled */
  YC_PRINT_ERROR_INVALID,            /* empty document, no printer name, bad copies */
} YcPrintError;

GQuark yc_print_error_quark (void);

typedef enum
{
  YC_PRINT_JOB_STATE_NEW,
  YC_PRINT_JOB_STATE_SUBMITTING,
  YC_PRINT_JOB_STATE_PENDING,
  YC_PRINT_JOB_STATE_PROCESSING,
  YC_PRINT_JOB_STATE_COMPLETED,
  YC_PRINT_JOB_STATE_STOPPED,
  YC_PRINT_JOB_STATE_CANCELLED,
  YC_PRINT_JOB_STATE_ABORTED,
  YC_PRINT_JOB_STATE_FAILED,     /* never reached the printer */
} YcPrintJobState;

#define YC_TYPE_PRINT_JOB (yc_print_job_get_type ())
G_DECLARE_FINAL_TYPE (YcPrintJob, yc_print_job, YC, PRINT_JOB, GObject)

/* @printer: the CUPS queue; NULL or empty: the print server's default queue, resolved when
 * the job runs (then yc_print_job_get_printer() names it). @pdf: the document; @title: the
 * job name shown in the queue. */
YcPrintJob      *yc_print_job_new          (const char *printer,
                                            GBytes     *pdf,
                                            const char *title);
void             yc_print_job_set_copies   (YcPrintJob *self,
                                            guint       copies);
/* Asks for two-sided printing (long edge); used only if the printer offers it. */
void             yc_print_job_set_duplex   (YcPrintJob *self,
                                            gboolean    duplex);
/* How long to follow the job before giving up (default 120 s). */
void             yc_print_job_set_timeout  (YcPrintJob *self,
                                            guint       seconds);

const char      *yc_print_job_get_printer  (YcPrintJob *self);
guint            yc_print_job_get_copies   (YcPrintJob *self);
/* TRUE once the job was sent two-sided. */
gboolean         yc_print_job_get_duplex_used (YcPrintJob *self);
/* The CUPS job id, 0 until submitted. */
int              yc_print_job_get_job_id   (YcPrintJob *self);
/* Notified on the main context that started the job. */
YcPrintJobState  yc_print_job_get_state    (YcPrintJob *self);

/* Submits and follows the job, blocking; TRUE only when CUPS reports it completed. */
gboolean         yc_print_job_run          (YcPrintJob   *self,
                                            GCancellable *cancellable,
                                            GError      **error);
void             yc_print_job_run_async    (YcPrintJob          *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean         yc_print_job_run_finish   (YcPrintJob   *self,
                                            GAsyncResult *result,
                                            GError      **error);

/* A print queue as CUPS describes it. */
typedef struct
{
  char     *name;
  char     *info;                /* description, may be NULL */
  char     *location;            /* may be NULL */
  gboolean  is_default;
  gboolean  accepting;
  gboolean  stopped;             /* paused */
  gboolean  duplex;              /* offers two-sided-long-edge */
} YcPrinter;

void       yc_printer_free          (YcPrinter *printer);

/* Element type YcPrinter, sorted by name. */
GPtrArray *yc_print_list_printers        (GCancellable        *cancellable,
                                          GError             **error);
void       yc_print_list_printers_async  (GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GPtrArray *yc_print_list_printers_finish (GAsyncResult        *result,
                                          GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcPrinter, yc_printer_free)

G_END_DECLS
