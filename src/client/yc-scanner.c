/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The thread model follows GNOME Document Scanner: a worker thread owns SANE and pops
 * requests; what it has to say goes through a notification queue and an idle on the
 * creator's main context, so order is kept. Jobs carry ids so that the main side can drop
 * what a cancelled job still sends. */
#define G_LOG_DOMAIN "yc-scanner"

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <sane/sane.h>

#include "yc-page-writer.h"
#include "yc-scan-device.h"
#include "yc-scan-document-private.h"
#include "yc-scanner-options.h"
#include "yc-scanner-private.h"

/* Read this much per sane_read() (whole lines), report progress this often, and look at the
 * requests at least this often while waiting for a device that offers a select fd. */
#define READ_CHUNK (128 * 1024)
#define PROGRESS_INTERVAL_US (50 * 1000)
#define POLL_INTERVAL_MS 1000

/* SANE is one session per process: sane_init() to sane_exit() runs under this lock. */
static GMutex sane_session;

typedef enum
{
  REQUEST_REDETECT,
  REQUEST_SCAN,
  REQUEST_SOURCES,
  REQUEST_CANCEL,
  REQUEST_QUIT,
} RequestKind;

typedef struct
{
  RequestKind     kind;
  guint           job_id;
  YcScanSettings *settings;
  YcSpool        *spool;
  char           *device;
} Request;

typedef enum
{
  NOTIFY_DEVICES,
  NOTIFY_SCANNING,
  NOTIFY_APPLIED,
  NOTIFY_PAGE_STARTED,
  NOTIFY_PROGRESS,
  NOTIFY_PAGE_DONE,
  NOTIFY_JOB_DONE,
  NOTIFY_SOURCES,
} NotifyKind;

typedef struct
{
  NotifyKind      kind;
  guint           job_id;
  GPtrArray      *devices;
  gboolean        scanning;
  YcScanSettings *applied;
  guint           page_number;
  guint           width;
  int             height;
  double          resolution;
  YcScanMode      mode;
  guint           lines;
  YcScanPage     *page;
  guint           n_pages;
  GError         *error;
  gboolean        stopped;
  guint           sources;
} Notify;

/* What the two threads share; reference counted so that idles may outlive the scanner. The
 * wakeup pipe gets a byte with each request, so that a worker waiting on a device's select
 * fd sees a cancel at once. */
typedef struct
{
  GAsyncQueue  *requests;
  GAsyncQueue  *notifications;
  GMainContext *context;
  GWeakRef      owner;
  int           wakeup[2];
} Channel;

/* The worker's own state: only the scanner thread touches it. */
typedef struct
{
  Channel     *channel;
  gboolean     sane_ready;
  SANE_Handle  handle;
  char        *open_device;
  GPtrArray   *device_names;
  GQueue       deferred;       /* requests that came in during a job */
  gboolean     scanning;
  gboolean     quit;
} Worker;

/* A job as the main side sees it. */
typedef struct
{
  YcScanner      *scanner;
  guint           id;
  GTask          *task;
  YcScanDocument *document;
  GCancellable   *cancellable;  /* ours; the caller's one chains into it */
  GCancellable   *caller_cancellable;
  gulong          cancel_handler;
  gulong          caller_handler;
  gint            cancelled;    /* atomic: a cancel may come from any thread */
  guint           n_pages;
} Job;

struct _YcScanner
{
  GObject     parent_instance;

  Channel    *channel;
  GThread    *thread;
  Worker     *worker;
  GListStore *devices;
  GHashTable *jobs;             /* id → Job */
  GHashTable *queries;          /* id → GTask, of yc_scanner_query_sources_async() */
  guint       next_job_id;
  gboolean    scanning;
};

G_DEFINE_FINAL_TYPE (YcScanner, yc_scanner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCANNING,
  N_PROPS
};

enum {
  DEVICES_CHANGED,
  SETTINGS_APPLIED,
  PAGE_STARTED,
  PAGE_PROGRESS,
  PAGE_DONE,
  DOCUMENT_DONE,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Requests and notifications */

static Request *
request_new (RequestKind kind,
             guint       job_id)
{
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->job_id = job_id;
  return request;
}

static void
request_free (Request *request)
{
  g_clear_object (&request->settings);
  g_clear_pointer (&request->spool, yc_spool_unref);
  g_free (request->device);
  g_free (request);
}

static Notify *
notify_new (NotifyKind kind,
            guint      job_id)
{
  Notify *notify = g_new0 (Notify, 1);

  notify->kind = kind;
  notify->job_id = job_id;
  return notify;
}

static void
notify_free (Notify *notify)
{
  g_clear_pointer (&notify->devices, g_ptr_array_unref);
  g_clear_object (&notify->applied);
  g_clear_object (&notify->page);
  g_clear_error (&notify->error);
  g_free (notify);
}

static Channel *
channel_new (YcScanner *owner)
{
  Channel *channel = g_atomic_rc_box_new0 (Channel);

  channel->requests = g_async_queue_new_full ((GDestroyNotify) request_free);
  channel->notifications = g_async_queue_new_full ((GDestroyNotify) notify_free);
  channel->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&channel->owner, owner);
  if (!g_unix_open_pipe (channel->wakeup, FD_CLOEXEC, NULL)
      || !g_unix_set_fd_nonblocking (channel->wakeup[0], TRUE, NULL)
      || !g_unix_set_fd_nonblocking (channel->wakeup[1], TRUE, NULL))
    g_error ("Could not make the scanner's wakeup pipe: %s", g_strerror (errno));
  return channel;
}

static void
channel_push (Channel *channel,
              Request *request)
{
  g_async_queue_push (channel->requests, request);
  /* A full pipe already wakes the worker. */
  if (write (channel->wakeup[1], "", 1) < 0 && errno != EAGAIN)
    g_warning ("Could not wake the scanner thread: %s", g_strerror (errno));
}

static void
channel_drain_wakeup (Channel *channel)
{
  char buffer[64];

  while (read (channel->wakeup[0], buffer, sizeof buffer) > 0)
    ;
}

static void
channel_clear (gpointer data)
{
  Channel *channel = data;

  g_async_queue_unref (channel->requests);
  g_async_queue_unref (channel->notifications);
  g_main_context_unref (channel->context);
  g_weak_ref_clear (&channel->owner);
  close (channel->wakeup[0]);
  close (channel->wakeup[1]);
}

static void
channel_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, channel_clear);
}

static void yc_scanner_handle_notify (YcScanner *self,
                                      Notify    *notify);

/* One idle per notification, each taking the oldest: order holds whatever the idles do. */
static gboolean
channel_dispatch (gpointer data)
{
  Channel *channel = data;
  g_autoptr(YcScanner) owner = g_weak_ref_get (&channel->owner);
  Notify *notify = g_async_queue_try_pop (channel->notifications);

  if (notify == NULL)
    return G_SOURCE_REMOVE;
  if (owner != NULL)
    yc_scanner_handle_notify (owner, notify);
  notify_free (notify);
  return G_SOURCE_REMOVE;
}

static void
worker_notify (Worker *worker,
               Notify *notify)
{
  GSource *source;

  g_async_queue_push (worker->channel->notifications, notify);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, channel_dispatch,
                         g_atomic_rc_box_acquire (worker->channel), channel_unref);
  g_source_set_static_name (source, "[yc-scanner] notify");
  g_source_attach (source, worker->channel->context);
  g_source_unref (source);
}

/* The scanner thread */

static void
worker_set_scanning (Worker   *worker,
                     gboolean  scanning)
{
  Notify *notify;

  if (worker->scanning == scanning)
    return;
  worker->scanning = scanning;
  notify = notify_new (NOTIFY_SCANNING, 0);
  notify->scanning = scanning;
  worker_notify (worker, notify);
}

static void
worker_close_device (Worker *worker)
{
  if (worker->handle == NULL)
    return;
  sane_cancel (worker->handle);
  sane_close (worker->handle);
  worker->handle = NULL;
  g_clear_pointer (&worker->open_device, g_free);
}

static void
worker_redetect (Worker *worker)
{
  const SANE_Device **list = NULL;
  GPtrArray *devices = g_ptr_array_new_with_free_func (g_object_unref);
  Notify *notify;
  SANE_Status status = SANE_STATUS_INVAL;

  g_ptr_array_set_size (worker->device_names, 0);
  if (worker->sane_ready)
    status = sane_get_devices (&list, SANE_FALSE);
  if (status == SANE_STATUS_GOOD)
    for (guint i = 0; list[i] != NULL; i++)
      {
        g_ptr_array_add (devices, yc_scan_device_new (list[i]->name, list[i]->vendor,
                                                      list[i]->model, list[i]->type));
        g_ptr_array_add (worker->device_names, g_strdup (list[i]->name));
      }
  else
    g_debug ("sane_get_devices: %s", sane_strstatus (status));

  notify = notify_new (NOTIFY_DEVICES, 0);
  notify->devices = devices;
  worker_notify (worker, notify);
}

static gboolean
worker_knows_device (Worker     *worker,
                     const char *name)
{
  for (guint i = 0; i < worker->device_names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (worker->device_names, i), name) == 0)
      return TRUE;
  return FALSE;
}

static void
worker_report_job (Worker   *worker,
                   guint     job_id,
                   guint     n_pages,
                   GError   *error,
                   gboolean  stopped)
{
  Notify *notify = notify_new (NOTIFY_JOB_DONE, job_id);

  notify->n_pages = n_pages;
  notify->error = error;
  notify->stopped = stopped;
  worker_notify (worker, notify);
}

/* A cancel for a job that has not started: it ends without touching the device. */
static gboolean
worker_drop_deferred_job (Worker *worker,
                          guint   job_id)
{
  for (GList *l = worker->deferred.head; l != NULL; l = l->next)
    {
      Request *request = l->data;

      if (request->kind == REQUEST_SCAN && request->job_id == job_id)
        {
          g_queue_delete_link (&worker->deferred, l);
          request_free (request);
          worker_report_job (worker, job_id, 0, NULL, TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

/* Between two reads: TRUE when the running job must stop. Other requests wait. */
static gboolean
worker_should_stop (Worker *worker,
                    guint   job_id)
{
  Request *request;
  gboolean stop = FALSE;

  channel_drain_wakeup (worker->channel);
  while ((request = g_async_queue_try_pop (worker->channel->requests)) != NULL)
    {
      switch (request->kind)
        {
        case REQUEST_CANCEL:
          if (request->job_id == job_id)
            stop = TRUE;
          else
            worker_drop_deferred_job (worker, request->job_id);
          request_free (request);
          break;
        case REQUEST_QUIT:
          worker->quit = TRUE;
          stop = TRUE;
          request_free (request);
          break;
        case REQUEST_REDETECT:
        case REQUEST_SCAN:
        case REQUEST_SOURCES:
        default:
          g_queue_push_tail (&worker->deferred, request);
          break;
        }
    }
  return stop;
}

static gboolean
worker_open (Worker      *worker,
             const char  *device,
             GError     **error)
{
  SANE_Status status;

  if (worker->handle != NULL && g_strcmp0 (worker->open_device, device) == 0)
    return TRUE;
  worker_close_device (worker);

  status = sane_open (device, &worker->handle);
  if (status == SANE_STATUS_GOOD)
    {
      worker->open_device = g_strdup (device);
      return TRUE;
    }
  worker->handle = NULL;

  g_debug ("sane_open (%s): %s", device, sane_strstatus (status));
  if (status == SANE_STATUS_DEVICE_BUSY || status == SANE_STATUS_ACCESS_DENIED)
    g_propagate_error (error, yc_scanner_error_from_status (status));
  else if (!worker_knows_device (worker, device))
    g_set_error_literal (error, YC_SCANNER_ERROR, YC_SCANNER_ERROR_NO_DEVICE,
                         _("The chosen scanner was not found. Check that it is connected and "
                           "switched on, or choose another one."));
  else
    g_set_error_literal (error, YC_SCANNER_ERROR, YC_SCANNER_ERROR_OPEN_FAILED,
                         _("The scanner could not be opened. Check that it is switched on "
                           "and not in use by another program."));
  return FALSE;
}

static gboolean
layout_from_parameters (const SANE_Parameters *parameters,
                        YcPageLayout          *layout)
{
  if (parameters->format == SANE_FRAME_GRAY)
    {
      if (parameters->depth == 1)
        *layout = YC_PAGE_LAYOUT_GRAY1;
      else if (parameters->depth == 8)
        *layout = YC_PAGE_LAYOUT_GRAY8;
      else if (parameters->depth == 16)
        *layout = YC_PAGE_LAYOUT_GRAY16;
      else
        return FALSE;
      return TRUE;
    }
  if (parameters->format == SANE_FRAME_RGB)
    {
      if (parameters->depth == 8)
        *layout = YC_PAGE_LAYOUT_RGB8;
      else if (parameters->depth == 16)
        *layout = YC_PAGE_LAYOUT_RGB16;
      else
        return FALSE;
      return TRUE;
    }
  /* Three-pass colour (one frame per channel) would need the whole page in memory. */
  return FALSE;
}

static YcScanMode
mode_from_layout (YcPageLayout layout)
{
  switch (layout)
    {
    case YC_PAGE_LAYOUT_GRAY1:
      return YC_SCAN_MODE_BLACK_WHITE;
    case YC_PAGE_LAYOUT_RGB8:
    case YC_PAGE_LAYOUT_RGB16:
      return YC_SCAN_MODE_COLOR;
    case YC_PAGE_LAYOUT_GRAY8:
    case YC_PAGE_LAYOUT_GRAY16:
    default:
      return YC_SCAN_MODE_GRAY;
    }
}

typedef enum
{
  PAGE_RESULT_DONE,
  PAGE_RESULT_NO_DOCS,      /* the feeder ran out before this page sent anything */
  PAGE_RESULT_FAILED,
  PAGE_RESULT_STOPPED,
} PageResult;

/* With a device's select fd: TRUE once it has something to read, FALSE when a request came
 * in or a while passed (the caller looks at the requests and comes back). */
static gboolean
worker_wait_readable (Worker *worker,
                      int     fd)
{
  struct pollfd fds[2] = {
    { .fd = fd, .events = POLLIN },
    { .fd = worker->channel->wakeup[0], .events = POLLIN },
  };
  int n = poll (fds, G_N_ELEMENTS (fds), POLL_INTERVAL_MS);

  if (n < 0)
    return errno != EINTR;
  return fds[0].revents != 0;
}

/* Streams one page from sane_read() into its spool file, whole lines at a time. */
static PageResult
worker_read_page (Worker                *worker,
                  guint                  job_id,
                  guint                  page_number,
                  const SANE_Parameters *parameters,
                  YcPageWriter          *writer,
                  GError               **error)
{
  gsize stride = parameters->bytes_per_line;
  gsize capacity = MAX (1, READ_CHUNK / stride) * stride;
  g_autofree guint8 *buffer = g_malloc (capacity);
  gsize used = 0;
  guint64 received = 0;
  gint64 last_progress = 0;
  SANE_Int select_fd = -1;

  /* Where the device offers one, wait on its fd and the wakeup pipe together: a cancel need
   * not wait for a read that may block for long (a warming lamp, a slow feeder). */
  if (sane_get_select_fd (worker->handle, &select_fd) != SANE_STATUS_GOOD)
    select_fd = -1;

  for (;;)
    {
      SANE_Status status;
      SANE_Int length = 0;
      gsize n_lines;
      gint64 now;

      if (worker_should_stop (worker, job_id))
        return PAGE_RESULT_STOPPED;
      if (select_fd >= 0 && !worker_wait_readable (worker, select_fd))
        continue;

      status = sane_read (worker->handle, buffer + used, capacity - used, &length);
      if (status == SANE_STATUS_EOF)
        {
          if (used > 0)
            g_debug ("Page ended with %" G_GSIZE_FORMAT " bytes of a partial line", used);
          return PAGE_RESULT_DONE;
        }
      if (status == SANE_STATUS_NO_DOCS && received == 0)
        return PAGE_RESULT_NO_DOCS;
      if (status != SANE_STATUS_GOOD)
        {
          g_propagate_error (error, yc_scanner_error_from_status (status));
          return PAGE_RESULT_FAILED;
        }

      used += length;
      received += length;
      n_lines = used / stride;
      if (n_lines > 0)
        {
          g_autoptr(GError) local_error = NULL;

          if (!yc_page_writer_add_lines (writer, buffer, n_lines, &local_error))
            {
              g_set_error (error, YC_SCANNER_ERROR, YC_SCANNER_ERROR_SPOOL,
                           _("The scanned page could not be saved: %s"), local_error->message);
              return PAGE_RESULT_FAILED;
            }
          memmove (buffer, buffer + n_lines * stride, used - n_lines * stride);
          used -= n_lines * stride;
        }

      now = g_get_monotonic_time ();
      if (now - last_progress >= PROGRESS_INTERVAL_US)
        {
          Notify *notify = notify_new (NOTIFY_PROGRESS, job_id);

          notify->page_number = page_number;
          notify->lines = yc_page_writer_get_lines (writer);
          notify->height = parameters->lines;
          worker_notify (worker, notify);
          last_progress = now;
        }
    }
}

/* One page: start, parameters, lines, file. */
static PageResult
worker_scan_page (Worker          *worker,
                  guint            job_id,
                  YcSpool         *spool,
                  YcScanSettings  *applied,
                  guint            page_number,
                  GError         **error)
{
  g_autoptr(YcPageWriter) writer = NULL;
  g_autoptr(GError) local_error = NULL;
  SANE_Parameters parameters;
  YcPageLayout layout;
  SANE_Status status;
  PageResult result;
  Notify *notify;

  status = sane_start (worker->handle);
  if (status == SANE_STATUS_NO_DOCS)
    return PAGE_RESULT_NO_DOCS;
  if (status == SANE_STATUS_GOOD)
    status = sane_get_parameters (worker->handle, &parameters);
  if (status != SANE_STATUS_GOOD)
    {
      g_propagate_error (error, yc_scanner_error_from_status (status));
      return PAGE_RESULT_FAILED;
    }

  if (!layout_from_parameters (&parameters, &layout) || parameters.pixels_per_line <= 0
      || parameters.lines == 0 || parameters.bytes_per_line <= 0
      || (gsize) parameters.bytes_per_line
           < yc_page_layout_min_stride (layout, parameters.pixels_per_line))
    {
      g_debug ("Unsupported frame: format %d, depth %d", parameters.format, parameters.depth);
      g_set_error_literal (error, YC_SCANNER_ERROR, YC_SCANNER_ERROR_UNSUPPORTED,
                           _("This scanner sends images in a form Yichuang cannot take. "
                             "Choose grey or black and white and try again."));
      return PAGE_RESULT_FAILED;
    }

  notify = notify_new (NOTIFY_PAGE_STARTED, job_id);
  notify->page_number = page_number;
  notify->width = parameters.pixels_per_line;
  notify->height = parameters.lines > 0 ? parameters.lines : -1;
  notify->resolution = yc_scan_settings_get_resolution (applied);
  notify->mode = mode_from_layout (layout);
  worker_notify (worker, notify);

  writer = yc_page_writer_new (spool, layout, parameters.pixels_per_line, parameters.lines,
                               parameters.bytes_per_line,
                               yc_scan_settings_get_resolution (applied),
                               yc_scan_settings_get_jpeg_quality (applied), &local_error);
  if (writer == NULL)
    {
      g_set_error (error, YC_SCANNER_ERROR, YC_SCANNER_ERROR_SPOOL,
                   _("The scanned page could not be saved: %s"), local_error->message);
      return PAGE_RESULT_FAILED;
    }

  result = worker_read_page (worker, job_id, page_number, &parameters, writer, error);
  if (result == PAGE_RESULT_DONE)
    {
      YcScanPage *page = yc_page_writer_finish (writer, &local_error);

      if (page == NULL)
        {
          g_set_error (error, YC_SCANNER_ERROR, YC_SCANNER_ERROR_SPOOL,
                       _("The scanned page could not be saved: %s"), local_error->message);
          return PAGE_RESULT_FAILED;
        }
      notify = notify_new (NOTIFY_PAGE_DONE, job_id);
      notify->page_number = page_number;
      notify->page = page;
      worker_notify (worker, notify);
    }
  return result;
}

static gboolean
worker_has_scan_waiting (Worker *worker)
{
  for (GList *l = worker->deferred.head; l != NULL; l = l->next)
    if (((Request *) l->data)->kind == REQUEST_SCAN)
      return TRUE;
  return g_async_queue_length (worker->channel->requests) > 0;
}

static void
worker_run_job (Worker  *worker,
                Request *request)
{
  g_autoptr(YcScanSettings) applied = NULL;
  g_autoptr(GPtrArray) restore = NULL;
  GError *error = NULL;
  const char *device = yc_scan_settings_get_device (request->settings);
  gboolean stopped = FALSE;
  gboolean feeder;
  guint n_pages = 0;
  Notify *notify;

  worker_set_scanning (worker, TRUE);

  if (!worker->sane_ready)
    g_set_error_literal (&error, YC_SCANNER_ERROR, YC_SCANNER_ERROR_FAILED,
                         _("Scanner support could not be started on this computer."));
  else if (device == NULL && worker->device_names->len == 0)
    worker_redetect (worker);
  if (error == NULL && device == NULL)
    {
      if (worker->device_names->len == 0)
        g_set_error_literal (&error, YC_SCANNER_ERROR, YC_SCANNER_ERROR_NO_DEVICE,
                             _("No scanner was found. Connect the scanner, switch it on and "
                               "search again."));
      else
        device = g_ptr_array_index (worker->device_names, 0);
    }

  if (error == NULL && worker_open (worker, device, &error))
    {
      applied = yc_sane_negotiate (worker->handle, request->settings, &restore, &error);
      if (applied != NULL)
        {
          yc_scan_settings_set_device (applied, device);
          notify = notify_new (NOTIFY_APPLIED, request->job_id);
          notify->applied = g_object_ref (applied);
          worker_notify (worker, notify);
        }
    }

  feeder = applied != NULL && yc_scan_settings_get_source (applied) != YC_SCAN_SOURCE_FLATBED;
  while (error == NULL && !stopped)
    {
      PageResult result;

      if (worker_should_stop (worker, request->job_id))
        {
          stopped = TRUE;
          break;
        }

      result = worker_scan_page (worker, request->job_id, request->spool, applied, n_pages,
                                 &error);
      if (result == PAGE_RESULT_STOPPED)
        stopped = TRUE;
      else if (result == PAGE_RESULT_NO_DOCS)
        {
          /* An empty feeder after at least one page is how a batch ends. */
          if (!feeder || n_pages == 0)
            error = yc_scanner_error_from_status (SANE_STATUS_NO_DOCS);
          break;
        }
      else if (result == PAGE_RESULT_DONE)
        {
          n_pages++;
          if (!feeder)
            break;
        }
    }

  if (worker->handle != NULL)
    {
      sane_cancel (worker->handle);
      /* Backend-specific options were for this job only. */
      if (restore != NULL)
        yc_sane_restore (worker->handle, restore);
      /* Reopen after a fault: a device recovers more surely from a fresh start. */
      if (error != NULL)
        worker_close_device (worker);
    }
  /* The spool directory belongs to the document again before the job is reported. */
  g_clear_pointer (&request->spool, yc_spool_unref);

  /* Jobs in a row share the open device; an idle scanner lets it go so that other programs
   * can use it and the next job starts from a fresh open. Before the job's end is reported,
   * so that its callback finds the scanner free. */
  if (!worker_has_scan_waiting (worker))
    {
      worker_close_device (worker);
      worker_set_scanning (worker, FALSE);
    }
  worker_report_job (worker, request->job_id, n_pages, error, stopped);
}

/* Opens the device for a moment (or uses it open between jobs) to read its sources. */
static void
worker_query_sources (Worker  *worker,
                      Request *request)
{
  Notify *notify = notify_new (NOTIFY_SOURCES, request->job_id);

  if (!worker->sane_ready)
    notify->error = g_error_new_literal (YC_SCANNER_ERROR, YC_SCANNER_ERROR_FAILED,
                                         _("Scanner support could not be started on this "
                                           "computer."));
  else if (worker_open (worker, request->device, &notify->error))
    {
      notify->sources = yc_sane_query_sources (worker->handle);
      if (!worker_has_scan_waiting (worker))
        worker_close_device (worker);
    }
  worker_notify (worker, notify);
}

static void
worker_handle (Worker  *worker,
               Request *request)
{
  switch (request->kind)
    {
    case REQUEST_REDETECT:
      worker_redetect (worker);
      break;
    case REQUEST_SCAN:
      worker_run_job (worker, request);
      break;
    case REQUEST_SOURCES:
      worker_query_sources (worker, request);
      break;
    case REQUEST_CANCEL:
      worker_drop_deferred_job (worker, request->job_id);
      break;
    case REQUEST_QUIT:
      worker->quit = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }
}

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  SANE_Int version = 0;
  SANE_Status status;

  g_mutex_lock (&sane_session);
  status = sane_init (&version, NULL);
  worker->sane_ready = status == SANE_STATUS_GOOD;
  if (!worker->sane_ready)
    g_warning ("sane_init: %s", sane_strstatus (status));
  else
    g_debug ("SANE %d.%d.%d", SANE_VERSION_MAJOR (version), SANE_VERSION_MINOR (version),
             SANE_VERSION_BUILD (version));

  while (!worker->quit)
    {
      Request *request = g_queue_pop_head (&worker->deferred);

      if (request == NULL)
        {
          if (worker->scanning && !worker_has_scan_waiting (worker))
            worker_set_scanning (worker, FALSE);
          request = g_async_queue_pop (worker->channel->requests);
        }
      worker_handle (worker, request);
      request_free (request);
    }

  worker_close_device (worker);
  if (worker->sane_ready)
    sane_exit ();
  g_mutex_unlock (&sane_session);
  return NULL;
}

static void
worker_free (Worker *worker)
{
  g_queue_clear_full (&worker->deferred, (GDestroyNotify) request_free);
  g_ptr_array_unref (worker->device_names);
  channel_unref (worker->channel);
  g_free (worker);
}

/* The main side */

static void
job_free (Job *job)
{
  if (job->caller_handler != 0)
    g_cancellable_disconnect (job->caller_cancellable, job->caller_handler);
  if (job->cancel_handler != 0)
    g_cancellable_disconnect (job->cancellable, job->cancel_handler);
  g_clear_object (&job->caller_cancellable);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->document);
  g_clear_object (&job->task);
  g_free (job);
}

static void
job_cancelled_cb (GCancellable *cancellable,
                  Job          *job)
{
  /* Progress and pages still on their way for this job are dropped from now on. */
  if (g_atomic_int_compare_and_exchange (&job->cancelled, 0, 1))
    channel_push (job->scanner->channel, request_new (REQUEST_CANCEL, job->id));
}

static void
job_caller_cancelled_cb (GCancellable *cancellable,
                         Job          *job)
{
  g_cancellable_cancel (job->cancellable);
}

static Job *
yc_scanner_lookup_job (YcScanner *self,
                       guint      job_id)
{
  Job *job = g_hash_table_lookup (self->jobs, GUINT_TO_POINTER (job_id));

  if (job == NULL || g_atomic_int_get (&job->cancelled))
    return NULL;
  return job;
}

static void
yc_scanner_finish_job (YcScanner *self,
                       Notify    *notify)
{
  Job *job = g_hash_table_lookup (self->jobs, GUINT_TO_POINTER (notify->job_id));
  g_autoptr(GTask) task = NULL;

  if (job == NULL)
    return;
  task = g_object_ref (job->task);

  if (g_atomic_int_get (&job->cancelled) || notify->stopped)
    {
      g_hash_table_remove (self->jobs, GUINT_TO_POINTER (notify->job_id));
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "%s", _("Scanning was cancelled."));
    }
  else if (notify->error != NULL)
    {
      GError *error = g_steal_pointer (&notify->error);

      g_hash_table_remove (self->jobs, GUINT_TO_POINTER (notify->job_id));
      g_signal_emit (self, signals[FAILED], 0, error);
      g_task_return_error (task, error);
    }
  else
    {
      guint n_pages = job->n_pages;

      g_hash_table_remove (self->jobs, GUINT_TO_POINTER (notify->job_id));
      g_signal_emit (self, signals[DOCUMENT_DONE], 0, n_pages);
      g_task_return_int (task, n_pages);
    }
}

static void
yc_scanner_finish_query (YcScanner *self,
                         Notify    *notify)
{
  g_autoptr(GTask) task = NULL;

  if (!g_hash_table_steal_extended (self->queries, GUINT_TO_POINTER (notify->job_id), NULL,
                                    (gpointer *) &task))
    return;
  if (notify->error != NULL)
    g_task_return_error (task, g_steal_pointer (&notify->error));
  else
    g_task_return_int (task, notify->sources);
}

static void
yc_scanner_handle_notify (YcScanner *self,
                          Notify    *notify)
{
  Job *job;

  switch (notify->kind)
    {
    case NOTIFY_DEVICES:
      g_list_store_splice (self->devices, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->devices)),
                           notify->devices->pdata, notify->devices->len);
      g_signal_emit (self, signals[DEVICES_CHANGED], 0);
      break;
    case NOTIFY_SCANNING:
      if (self->scanning != notify->scanning)
        {
          self->scanning = notify->scanning;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);
        }
      break;
    case NOTIFY_APPLIED:
      if (yc_scanner_lookup_job (self, notify->job_id) != NULL)
        g_signal_emit (self, signals[SETTINGS_APPLIED], 0, notify->applied);
      break;
    case NOTIFY_PAGE_STARTED:
      if (yc_scanner_lookup_job (self, notify->job_id) != NULL)
        g_signal_emit (self, signals[PAGE_STARTED], 0, notify->page_number, notify->width,
                       notify->height, notify->resolution, notify->mode);
      break;
    case NOTIFY_PROGRESS:
      if (yc_scanner_lookup_job (self, notify->job_id) != NULL)
        g_signal_emit (self, signals[PAGE_PROGRESS], 0, notify->page_number, notify->lines,
                       notify->height);
      break;
    case NOTIFY_PAGE_DONE:
      job = yc_scanner_lookup_job (self, notify->job_id);
      if (job != NULL)
        {
          job->n_pages++;
          yc_scan_document_append_page (job->document, notify->page);
          g_signal_emit (self, signals[PAGE_DONE], 0, notify->page);
        }
      break;
    case NOTIFY_JOB_DONE:
      yc_scanner_finish_job (self, notify);
      break;
    case NOTIFY_SOURCES:
      yc_scanner_finish_query (self, notify);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
yc_scanner_dispose (GObject *object)
{
  YcScanner *self = YC_SCANNER (object);

  if (self->thread != NULL)
    {
      channel_push (self->channel, request_new (REQUEST_QUIT, 0));
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->worker, worker_free);
    }

  G_OBJECT_CLASS (yc_scanner_parent_class)->dispose (object);
}

static void
yc_scanner_finalize (GObject *object)
{
  YcScanner *self = YC_SCANNER (object);

  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->queries, g_hash_table_unref);
  g_clear_object (&self->devices);
  g_clear_pointer (&self->channel, channel_unref);

  G_OBJECT_CLASS (yc_scanner_parent_class)->finalize (object);
}

static void
yc_scanner_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  YcScanner *self = YC_SCANNER (object);

  switch (prop_id)
    {
    case PROP_SCANNING:
      g_value_set_boolean (value, self->scanning);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_scanner_constructed (GObject *object)
{
  YcScanner *self = YC_SCANNER (object);

  G_OBJECT_CLASS (yc_scanner_parent_class)->constructed (object);

  self->channel = channel_new (self);
  self->worker = g_new0 (Worker, 1);
  self->worker->channel = g_atomic_rc_box_acquire (self->channel);
  self->worker->device_names = g_ptr_array_new_with_free_func (g_free);
  g_queue_init (&self->worker->deferred);

  channel_push (self->channel, request_new (REQUEST_REDETECT, 0));
  self->thread = g_thread_new ("yc-scanner", worker_thread, self->worker);
}

static void
yc_scanner_class_init (YcScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = yc_scanner_constructed;
  object_class->dispose = yc_scanner_dispose;
  object_class->finalize = yc_scanner_finalize;
  object_class->get_property = yc_scanner_get_property;

  properties[PROP_SCANNING] =
    g_param_spec_boolean ("scanning", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DEVICES_CHANGED] =
    g_signal_new ("devices-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SETTINGS_APPLIED] =
    g_signal_new ("settings-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, YC_TYPE_SCAN_SETTINGS);
  signals[PAGE_STARTED] =
    g_signal_new ("page-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 5,
                  G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT, G_TYPE_DOUBLE, YC_TYPE_SCAN_MODE);
  signals[PAGE_PROGRESS] =
    g_signal_new ("page-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT);
  signals[PAGE_DONE] =
    g_signal_new ("page-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, YC_TYPE_SCAN_PAGE);
  signals[DOCUMENT_DONE] =
    g_signal_new ("document-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
yc_scanner_init (YcScanner *self)
{
  self->devices = g_list_store_new (YC_TYPE_SCAN_DEVICE);
  self->jobs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) job_free);
  self->queries = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->next_job_id = 1;
}

YcScanner *
yc_scanner_new (void)
{
  return g_object_new (YC_TYPE_SCANNER, NULL);
}

void
yc_scanner_refresh_devices (YcScanner *self)
{
  g_return_if_fail (YC_IS_SCANNER (self));

  channel_push (self->channel, request_new (REQUEST_REDETECT, 0));
}

GListModel *
yc_scanner_get_devices (YcScanner *self)
{
  g_return_val_if_fail (YC_IS_SCANNER (self), NULL);
  return G_LIST_MODEL (self->devices);
}

gboolean
yc_scanner_get_scanning (YcScanner *self)
{
  g_return_val_if_fail (YC_IS_SCANNER (self), FALSE);
  return self->scanning;
}

void
yc_scanner_scan_async (YcScanner           *self,
                       YcScanSettings      *settings,
                       YcScanDocument      *document,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;
  Job *job;

  g_return_if_fail (YC_IS_SCANNER (self));
  g_return_if_fail (YC_IS_SCAN_SETTINGS (settings));
  g_return_if_fail (YC_IS_SCAN_DOCUMENT (document));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_scanner_scan_async);
  if (g_task_return_error_if_cancelled (task))
    return;

  job = g_new0 (Job, 1);
  job->scanner = self;
  job->id = self->next_job_id++;
  job->task = g_object_ref (task);
  job->document = g_object_ref (document);
  job->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->jobs, GUINT_TO_POINTER (job->id), job);

  request = request_new (REQUEST_SCAN, job->id);
  request->settings = yc_scan_settings_copy (settings);
  request->spool = yc_spool_ref (yc_scan_document_get_spool (document));
  channel_push (self->channel, request);

  /* After the request: a cancel must never overtake the job it cancels. */
  job->cancel_handler = g_cancellable_connect (job->cancellable, G_CALLBACK (job_cancelled_cb),
                                               job, NULL);
  if (cancellable != NULL)
    {
      job->caller_cancellable = g_object_ref (cancellable);
      job->caller_handler = g_cancellable_connect (cancellable,
                                                   G_CALLBACK (job_caller_cancelled_cb),
                                                   job, NULL);
    }
}

guint
yc_scanner_scan_finish (YcScanner     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  gssize n_pages;

  g_return_val_if_fail (YC_IS_SCANNER (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_scanner_scan_async, 0);

  n_pages = g_task_propagate_int (G_TASK (result), error);
  return n_pages > 0 ? (guint) n_pages : 0;
}

static void
scan_sync_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

guint
yc_scanner_scan_sync (YcScanner       *self,
                      YcScanSettings  *settings,
                      YcScanDocument  *document,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (YC_IS_SCANNER (self), 0);

  yc_scanner_scan_async (self, settings, document, cancellable, scan_sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (self->channel->context, TRUE);
  return yc_scanner_scan_finish (self, result, error);
}

void
yc_scanner_cancel (YcScanner *self)
{
  GHashTableIter iter;
  gpointer value;
  g_autoptr(GPtrArray) cancellables = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (YC_IS_SCANNER (self));

  /* Cancel outside the iteration: handlers run synchronously. */
  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (cancellables, g_object_ref (((Job *) value)->cancellable));
  for (guint i = 0; i < cancellables->len; i++)
    g_cancellable_cancel (g_ptr_array_index (cancellables, i));
}

void
yc_scanner_query_sources_async (YcScanner           *self,
                                const char          *device,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (YC_IS_SCANNER (self));
  g_return_if_fail (device != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_scanner_query_sources_async);
  request = request_new (REQUEST_SOURCES, self->next_job_id++);
  request->device = g_strdup (device);
  g_hash_table_insert (self->queries, GUINT_TO_POINTER (request->job_id), g_object_ref (task));
  channel_push (self->channel, request);
}

guint
yc_scanner_query_sources_finish (YcScanner     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  gssize sources;

  g_return_val_if_fail (YC_IS_SCANNER (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == yc_scanner_query_sources_async, 0);

  sources = g_task_propagate_int (G_TASK (result), error);
  return sources > 0 ? (guint) sources : 0;
}
