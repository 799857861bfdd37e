/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-print-job"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <cups/cups.h>

#include "yc-print-job.h"

#define POLL_INTERVAL_US (100 * 1000)
#define CONNECT_TIMEOUT_MS 5000
#define A4_MEDIA "iso_a4_210x297mm"

struct _YcPrintJob
{
  GObject          parent_instance;
  char            *printer;
  char            *title;
  GBytes          *pdf;
  guint            copies;
  gboolean         duplex;
  gboolean         duplex_used;
  guint            timeout;
  int              job_id;
  YcPrintJobState  state;
  GMainContext    *context;      /* where "state" is notified; NULL: in the calling thread */
  GMutex           lock;
};

G_DEFINE_FINAL_TYPE (YcPrintJob, yc_print_job, G_TYPE_OBJECT)
G_DEFINE_QUARK (yc-print-error-quark, yc_print_error)

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  YcPrintJob      *self;
  YcPrintJobState  state;
} StateChange;

static gboolean
apply_state (gpointer data)
{
  StateChange *change = data;

  g_mutex_lock (&change->self->lock);
  change->self->state = change->state;
  g_mutex_unlock (&change->self->lock);
  g_object_notify_by_pspec (G_OBJECT (change->self), properties[PROP_STATE]);
  return G_SOURCE_REMOVE;
}

static void
state_change_free (gpointer data)
{
  StateChange *change = data;

  g_object_unref (change->self);
  g_free (change);
}

static void
set_state (YcPrintJob      *self,
           YcPrintJobState  state)
{
  StateChange *change = g_new0 (StateChange, 1);

  change->self = g_object_ref (self);
  change->state = state;
  if (self->context != NULL)
    {
      /* Always from the caller's loop, never in this thread (g_main_context_invoke would run
       * it here whenever the context happens to be free). */
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, apply_state, change, state_change_free);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
  else
    {
      apply_state (change);
      state_change_free (change);
    }
}

/* ---- talking to cupsd ------------------------------------------------------------------ */

typedef struct
{
  int    cancel;                 /* httpConnect2's cancel flag */
  gulong handler;
} Cancel;

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  ((Cancel *) data)->cancel = 1;
}

static http_t *
connect_server (GCancellable *cancellable,
                GError      **error)
{
  Cancel cancel = { 0, 0 };
  http_t *http;

  if (cancellable != NULL)
    cancel.handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), &cancel, NULL);
  http = httpConnect2 (cupsServer (), ippPort (), NULL, AF_UNSPEC, cupsEncryption (), 1,
                       CONNECT_TIMEOUT_MS, &cancel.cancel);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, cancel.handler);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_pointer (&http, httpClose);
      return NULL;
    }
  if (http == NULL)
    g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_SERVER_UNREACHABLE,
                 _("The print server (%s) cannot be reached. Check that the CUPS service is "
                   "running, then print again."), cupsServer ());
  return http;
}

static gboolean
lost (http_t  *http,
      GError **error)
{
  g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_CONNECTION_LOST,
               _("The connection to the print server was lost (%s). Check the printer’s queue "
                 "before printing again, so that nothing is printed twice."),
               cupsLastErrorString ());
  return FALSE;
}

static gboolean
server_gone (void)
{
  ipp_status_t status = cupsLastError ();

  return status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || status == IPP_STATUS_ERROR_INTERNAL;
}

static char *
printer_uri (const char *printer)
{
  char uri[HTTP_MAX_URI];

  httpAssembleURIf (HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", ippPort (),
                    "/printers/%s", printer);
  return g_strdup (uri);
}

static gboolean
has_keyword (ipp_t      *response,
             const char *attribute,
             const char *keyword)
{
  ipp_attribute_t *attr = ippFindAttribute (response, attribute, IPP_TAG_KEYWORD);

  return attr != NULL && ippContainsString (attr, keyword);
}

/* Looks the queue up and checks that it will take a job now. */
static gboolean
check_printer (http_t      *http,
               const char  *printer,
               gboolean    *duplex,
               GError     **error)
{
  static const char * const wanted[] = {
    "printer-state", "printer-is-accepting-jobs", "sides-supported", "printer-state-message",
  };
  g_autofree char *uri = printer_uri (printer);
  ipp_t *request = ippNewRequest (IPP_OP_GET_PRINTER_ATTRIBUTES);
  ipp_t *response;
  ipp_attribute_t *attr;
  gboolean ok = TRUE;

  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  response = cupsDoRequest (http, request, "/");
  if (cupsLastError () == IPP_STATUS_ERROR_NOT_FOUND)
    {
      g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_PRINTER_NOT_FOUND,
                   _("The printer “%s” does not exist on the print server. Choose the window’s "
                     "printer again in the preferences."), printer);
      ok = FALSE;
    }
  else if (response == NULL || server_gone ())
    ok = lost (http, error);
  else if (cupsLastError () > IPP_STATUS_OK_CONFLICTING)
    {
      g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_SUBMIT_FAILED,
                   _("The print server refused to describe the printer “%s”: %s"), printer,
                   cupsLastErrorString ());
      ok = FALSE;
    }
  else if ((attr = ippFindAttribute (response, "printer-state", IPP_TAG_ENUM)) != NULL
           && ippGetInteger (attr, 0) == IPP_PSTATE_STOPPED)
    {
      g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_PRINTER_DISABLED,
                   _("The printer “%s” is paused. Resume it (or ask the administrator to), "
                     "then print again."), printer);
      ok = FALSE;
    }
  else if ((attr = ippFindAttribute (response, "printer-is-accepting-jobs",
                                     IPP_TAG_BOOLEAN)) != NULL && !ippGetBoolean (attr, 0))
    {
      g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_PRINTER_REJECTING,
                   _("The printer “%s” is not accepting jobs. Ask the administrator to enable "
                     "it, then print again."), printer);
      ok = FALSE;
    }
  else
    *duplex = has_keyword (response, "sides-supported", "two-sided-long-edge");
  ippDelete (response);
  return ok;
}

static void
cancel_job (http_t     *http,
            const char *printer,
            int         job_id)
{
  cupsCancelJob2 (http, printer, job_id, 0);
}

static gboolean
submit (YcPrintJob   *self,
        http_t       *http,
        gboolean      duplex,
        GCancellable *cancellable,
        GError      **error)
{
  cups_option_t *options = NULL;
  int n_options = 0;
  g_autofree char *copies = g_strdup_printf ("%u", self->copies);
  gsize size;
  const guint8 *data = g_bytes_get_data (self->pdf, &size);
  http_status_t status;

  /* The queue's default paper is often Letter: ask for A4 by name. */
  n_options = cupsAddOption ("media", A4_MEDIA, n_options, &options);
  n_options = cupsAddOption ("copies", copies, n_options, &options);
  self->duplex_used = self->duplex && duplex;
  n_options = cupsAddOption ("sides", self->duplex_used ? "two-sided-long-edge" : "one-sided",
                             n_options, &options);
  self->job_id = cupsCreateJob (http, self->printer, self->title, n_options, options);
  cupsFreeOptions (n_options, options);
  if (self->job_id <= 0)
    {
      self->job_id = 0;
      if (server_gone ())
        return lost (http, error);
      g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_SUBMIT_FAILED,
                   _("The printer “%s” refused the job: %s"), self->printer,
                   cupsLastErrorString ());
      return FALSE;
    }

  status = cupsStartDocument (http, self->printer, self->job_id, self->title, CUPS_FORMAT_PDF,
                              1);
  for (gsize offset = 0; status == HTTP_STATUS_CONTINUE && offset < size; offset += 65536)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      status = cupsWriteRequestData (http, (const char *) data + offset,
                                     MIN (65536, size - offset));
    }
  if (status != HTTP_STATUS_CONTINUE
      || cupsFinishDocument (http, self->printer) > IPP_STATUS_OK_CONFLICTING
      || g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GError) local_error = NULL;

      if (!g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        g_set_error (&local_error, YC_PRINT_ERROR, YC_PRINT_ERROR_SUBMIT_FAILED,
                     _("The document could not be sent to the printer “%s”: %s"),
                     self->printer, cupsLastErrorString ());
      cancel_job (http, self->printer, self->job_id);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Whether the queue is paused; a job waiting on it will not print. */
static gboolean
queue_stopped (http_t     *http,
               const char *uri)
{
  static const char * const wanted[] = { "printer-state" };
  ipp_t *request = ippNewRequest (IPP_OP_GET_PRINTER_ATTRIBUTES);
  ipp_t *response;
  ipp_attribute_t *attr;
  gboolean stopped;

  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  response = cupsDoRequest (http, request, "/");
  attr = response != NULL ? ippFindAttribute (response, "printer-state", IPP_TAG_ENUM) : NULL;
  stopped = attr != NULL && ippGetInteger (attr, 0) == IPP_PSTATE_STOPPED;
  ippDelete (response);
  return stopped;
}

/* Polls the job until CUPS says how it ended. */
static gboolean
follow (YcPrintJob   *self,
        http_t       *http,
        GCancellable *cancellable,
        GError      **error)
{
  static const char * const wanted[] = { "job-state", "job-state-reasons" };
  g_autofree char *uri = printer_uri (self->printer);
  gint64 deadline = g_get_monotonic_time () + (gint64) self->timeout * G_USEC_PER_SEC;
  YcPrintJobState shown = YC_PRINT_JOB_STATE_PENDING;

  set_state (self, shown);
  for (;;)
    {
      ipp_t *request = ippNewRequest (IPP_OP_GET_JOB_ATTRIBUTES);
      ipp_t *response;
      ipp_attribute_t *attr;
      ipp_jstate_t jstate;
      gboolean printer_stopped;

      ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
      ippAddInteger (request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", self->job_id);
      ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                     G_N_ELEMENTS (wanted), NULL, wanted);
      response = cupsDoRequest (http, request, "/");
      if (response == NULL || cupsLastError () > IPP_STATUS_OK_CONFLICTING)
        {
          ippDelete (response);
          return lost (http, error);
        }
      attr = ippFindAttribute (response, "job-state", IPP_TAG_ENUM);
      jstate = attr != NULL ? (ipp_jstate_t) ippGetInteger (attr, 0) : IPP_JSTATE_PENDING;
      printer_stopped = has_keyword (response, "job-state-reasons", "printer-stopped");
      ippDelete (response);
      if (!printer_stopped && jstate < IPP_JSTATE_STOPPED)
        printer_stopped = queue_stopped (http, uri);

      switch (jstate)
        {
        case IPP_JSTATE_COMPLETED:
          set_state (self, YC_PRINT_JOB_STATE_COMPLETED);
          return TRUE;
        case IPP_JSTATE_CANCELED:
          set_state (self, YC_PRINT_JOB_STATE_CANCELLED);
          g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_JOB_CANCELLED,
                       _("The print job was cancelled on the print server; the document was "
                         "not printed."));
          return FALSE;
        case IPP_JSTATE_ABORTED:
          set_state (self, YC_PRINT_JOB_STATE_ABORTED);
          g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_JOB_ABORTED,
                       _("The print system gave up on the job (printer or filter error); the "
                         "document was not printed. Check the printer, then print again."));
          return FALSE;
        case IPP_JSTATE_STOPPED:
        case IPP_JSTATE_PENDING:
        case IPP_JSTATE_HELD:
        case IPP_JSTATE_PROCESSING:
        default:
          if (jstate == IPP_JSTATE_STOPPED || printer_stopped)
            {
              /* Cancel rather than leave it to print by surprise after a reprint. */
              cancel_job (http, self->printer, self->job_id);
              set_state (self, YC_PRINT_JOB_STATE_STOPPED);
              g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_JOB_STOPPED,
                           _("The printer “%s” stopped (paused, out of paper or in error); the "
                             "job was cancelled and the document not printed. Check the "
                             "printer, then print again."), self->printer);
              return FALSE;
            }
          if (jstate == IPP_JSTATE_PROCESSING && shown != YC_PRINT_JOB_STATE_PROCESSING)
            set_state (self, shown = YC_PRINT_JOB_STATE_PROCESSING);
          break;
        }

      if (g_cancellable_is_cancelled (cancellable) || g_get_monotonic_time () > deadline)
        {
          cancel_job (http, self->printer, self->job_id);
          set_state (self, YC_PRINT_JOB_STATE_CANCELLED);
          if (!g_cancellable_set_error_if_cancelled (cancellable, error))
            g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_TIMEOUT,
                         _("The printer “%s” did not finish the job within %u seconds; the job "
                           "was cancelled. Check the printer, then print again."),
                         self->printer, self->timeout);
          return FALSE;
        }
      g_usleep (POLL_INTERVAL_US);
    }
}

static char *attribute_text (ipp_t *response, const char *name, ipp_tag_t tag);

static gboolean
resolve_default (YcPrintJob  *self,
                 http_t      *http,
                 GError     **error)
{
  ipp_t *response = cupsDoRequest (http, ippNewRequest (IPP_OP_CUPS_GET_DEFAULT), "/");
  g_autofree char *name = response != NULL ? attribute_text (response, "printer-name",
                                                             IPP_TAG_NAME) : NULL;

  ippDelete (response);
  if (name == NULL)
    {
      g_set_error_literal (error, YC_PRINT_ERROR, YC_PRINT_ERROR_PRINTER_NOT_FOUND,
                           _("No printer is chosen for this window and the print system has "
                             "no default printer. Choose the window's printer in "
                             "Preferences."));
      return FALSE;
    }
  g_free (self->printer);
  self->printer = g_steal_pointer (&name);
  return TRUE;
}

gboolean
yc_print_job_run (YcPrintJob   *self,
                  GCancellable *cancellable,
                  GError      **error)
{
  http_t *http;
  gboolean duplex = FALSE;
  gboolean ok;

  g_return_val_if_fail (YC_IS_PRINT_JOB (self), FALSE);
  g_return_val_if_fail (self->state == YC_PRINT_JOB_STATE_NEW, FALSE);

  set_state (self, YC_PRINT_JOB_STATE_SUBMITTING);
  if (self->pdf == NULL || g_bytes_get_size (self->pdf) == 0)
    {
      set_state (self, YC_PRINT_JOB_STATE_FAILED);
      g_set_error (error, YC_PRINT_ERROR, YC_PRINT_ERROR_INVALID,
                   _("Nothing to print: the printer or the document is missing."));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || (http = connect_server (cancellable, error)) == NULL)
    {
      set_state (self, YC_PRINT_JOB_STATE_FAILED);
      return FALSE;
    }
  /* No queue named for the window: the print server's default, resolved now, on this thread. */
  if ((self->printer == NULL || *self->printer == '\0') && !resolve_default (self, http, error))
    {
      httpClose (http);
      set_state (self, YC_PRINT_JOB_STATE_FAILED);
      return FALSE;
    }
  ok = check_printer (http, self->printer, &duplex, error)
       && !g_cancellable_set_error_if_cancelled (cancellable, error)
       && submit (self, http, duplex, cancellable, error);
  if (!ok)
    set_state (self, YC_PRINT_JOB_STATE_FAILED);
  else
    ok = follow (self, http, cancellable, error);
  httpClose (http);
  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (yc_print_job_run (source, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
yc_print_job_run_async (YcPrintJob          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_PRINT_JOB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_print_job_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  g_task_run_in_thread (task, run_thread);
}

gboolean
yc_print_job_run_finish (YcPrintJob   *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_print_job_run_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

YcPrintJob *
yc_print_job_new (const char *printer,
                  GBytes     *pdf,
                  const char *title)
{
  YcPrintJob *self = g_object_new (YC_TYPE_PRINT_JOB, NULL);

  self->printer = g_strdup (printer);
  self->pdf = pdf != NULL ? g_bytes_ref (pdf) : NULL;
  self->title = g_strdup (title != NULL ? title : "document");
  return self;
}

void
yc_print_job_set_copies (YcPrintJob *self,
                         guint       copies)
{
  g_return_if_fail (YC_IS_PRINT_JOB (self));
  g_return_if_fail (copies >= 1 && copies <= 99);
  self->copies = copies;
}

void
yc_print_job_set_duplex (YcPrintJob *self,
                         gboolean    duplex)
{
  g_return_if_fail (YC_IS_PRINT_JOB (self));
  self->duplex = duplex;
}

void
yc_print_job_set_timeout (YcPrintJob *self,
                          guint       seconds)
{
  g_return_if_fail (YC_IS_PRINT_JOB (self));
  self->timeout = MAX (seconds, 1);
}

const char *
yc_print_job_get_printer (YcPrintJob *self)
{
  return self->printer;
}

guint
yc_print_job_get_copies (YcPrintJob *self)
{
  return self->copies;
}

gboolean
yc_print_job_get_duplex_used (YcPrintJob *self)
{
  return self->duplex_used;
}

int
yc_print_job_get_job_id (YcPrintJob *self)
{
  return self->job_id;
}

YcPrintJobState
yc_print_job_get_state (YcPrintJob *self)
{
  YcPrintJobState state;

  g_mutex_lock (&self->lock);
  state = self->state;
  g_mutex_unlock (&self->lock);
  return state;
}

static void
yc_print_job_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  YcPrintJob *self = YC_PRINT_JOB (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, yc_print_job_get_state (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_print_job_finalize (GObject *object)
{
  YcPrintJob *self = YC_PRINT_JOB (object);

  g_free (self->printer);
  g_free (self->title);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (yc_print_job_parent_class)->finalize (object);
}

static void
yc_print_job_class_init (YcPrintJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = yc_print_job_get_property;
  object_class->finalize = yc_print_job_finalize;
  properties[PROP_STATE] = g_param_spec_uint ("state", NULL, NULL, 0,
                                              YC_PRINT_JOB_STATE_FAILED, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS
                                              | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_print_job_init (YcPrintJob *self)
{
  g_mutex_init (&self->lock);
  self->copies = 1;
  self->timeout = 120;
}

/* ---- printers -------------------------------------------------------------------------- */

void
yc_printer_free (YcPrinter *printer)
{
  if (printer == NULL)
    return;
  g_free (printer->name);
  g_free (printer->info);
  g_free (printer->location);
  g_free (printer);
}

static int
compare_printers (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 ((*(YcPrinter * const *) a)->name, (*(YcPrinter * const *) b)->name);
}

static char *
attribute_text (ipp_t      *response,
                const char *name,
                ipp_tag_t   tag)
{
  ipp_attribute_t *attr = ippFindAttribute (response, name, tag);
  const char *text = attr != NULL ? ippGetString (attr, 0, NULL) : NULL;

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

GPtrArray *
yc_print_list_printers (GCancellable *cancellable,
                        GError      **error)
{
  static const char * const wanted[] = {
    "printer-name", "printer-info", "printer-location", "printer-state",
    "printer-is-accepting-jobs", "sides-supported", "printer-type",
  };
  g_autoptr(GPtrArray) printers = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_printer_free);
  http_t *http = connect_server (cancellable, error);
  ipp_t *request, *response;
  ipp_attribute_t *attr;
  g_autofree char *default_name = NULL;

  if (http == NULL)
    return NULL;

  /* The server's default queue. */
  request = ippNewRequest (IPP_OP_CUPS_GET_DEFAULT);
  response = cupsDoRequest (http, request, "/");
  if (response != NULL)
    default_name = attribute_text (response, "printer-name", IPP_TAG_NAME);
  ippDelete (response);

  request = ippNewRequest (IPP_OP_CUPS_GET_PRINTERS);
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  response = cupsDoRequest (http, request, "/");
  if (response == NULL
      || (cupsLastError () > IPP_STATUS_OK_CONFLICTING
          && cupsLastError () != IPP_STATUS_ERROR_NOT_FOUND))
    {
      ippDelete (response);
      lost (http, error);
      httpClose (http);
      return NULL;
    }

  /* One group of attributes per printer, separated by IPP_TAG_ZERO. */
  for (attr = ippFirstAttribute (response); attr != NULL; attr = ippNextAttribute (response))
    {
      g_autoptr(YcPrinter) printer = NULL;

      while (attr != NULL && ippGetGroupTag (attr) != IPP_TAG_PRINTER)
        attr = ippNextAttribute (response);
      if (attr == NULL)
        break;
      printer = g_new0 (YcPrinter, 1);
      printer->accepting = TRUE;
      for (; attr != NULL && ippGetGroupTag (attr) == IPP_TAG_PRINTER;
           attr = ippNextAttribute (response))
        {
          const char *name = ippGetName (attr);

          if (g_strcmp0 (name, "printer-name") == 0)
            printer->name = g_strdup (ippGetString (attr, 0, NULL));
          else if (g_strcmp0 (name, "printer-info") == 0)
            printer->info = g_strdup (ippGetString (attr, 0, NULL));
          else if (g_strcmp0 (name, "printer-location") == 0)
            printer->location = g_strdup (ippGetString (attr, 0, NULL));
          else if (g_strcmp0 (name, "printer-state") == 0)
            printer->stopped = ippGetInteger (attr, 0) == IPP_PSTATE_STOPPED;
          else if (g_strcmp0 (name, "printer-is-accepting-jobs") == 0)
            printer->accepting = ippGetBoolean (attr, 0);
          else if (g_strcmp0 (name, "sides-supported") == 0)
            printer->duplex = ippContainsString (attr, "two-sided-long-edge");
        }
      if (printer->name != NULL)
        {
          printer->is_default = g_strcmp0 (printer->name, default_name) == 0;
          g_ptr_array_add (printers, g_steal_pointer (&printer));
        }
      if (attr == NULL)
        break;
    }
  ippDelete (response);
  httpClose (http);
  g_ptr_array_sort (printers, compare_printers);
  return g_steal_pointer (&printers);
}

static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *printers = yc_print_list_printers (cancellable, &error);

  if (printers != NULL)
    g_task_return_pointer (task, printers, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
yc_print_list_printers_async (GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, yc_print_list_printers_async);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
yc_print_list_printers_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
