/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-preview"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <poppler.h>

#include "yc-preview.h"

/* Refuse pages whose image would not fit in memory sensibly (about 200 megapixels). */
#define MAX_PIXELS (200.0 * 1000 * 1000)
/* Poppler calls are serialised process-wide (see poppler_lock): one worker is enough. */
#define MAX_WORKERS 1
/* How long the process's exit waits for a page being drawn to finish. */
#define EXIT_WAIT_MS 10000

/* One opened PDF. A preview and each job on a worker hold their own reference, so the worker
 * never uses a document another thread has freed, and whichever thread drops the last
 * reference frees Poppler's objects: a worker does so before it reports itself done. */
typedef struct
{
  gatomicrefcount  ref;
  PopplerDocument *document;
  GBytes          *pdf;
  guint            n_pages;
} Doc;

/* Every Poppler call in the process, one at a time. A lock per document is not enough:
 * drawing a page of one document while another is being opened made poppler_document_get_page()
 * fail now and then (a few children in a hundred in the exit test). */
static GMutex poppler_lock;

struct _YcPreview
{
  GObject  parent_instance;
  Doc     *doc;
};

G_DEFINE_FINAL_TYPE (YcPreview, yc_preview, G_TYPE_OBJECT)
G_DEFINE_QUARK (yc-preview-error-quark, yc_preview_error)

static Doc *
doc_ref (Doc *doc)
{
  g_atomic_ref_count_inc (&doc->ref);
  return doc;
}

static void
doc_unref (Doc *doc)
{
  if (!g_atomic_ref_count_dec (&doc->ref))
    return;
  g_mutex_lock (&poppler_lock);
  g_object_unref (doc->document);
  g_mutex_unlock (&poppler_lock);
  g_bytes_unref (doc->pdf);
  g_free (doc);
}

static Doc *
doc_open (GBytes  *pdf,
          GError **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document;
  Doc *doc;

  g_mutex_lock (&poppler_lock);
  document = poppler_document_new_from_bytes (pdf, NULL, &local_error);
  g_mutex_unlock (&poppler_lock);
  if (document == NULL)
    {
      g_set_error (error, YC_PREVIEW_ERROR, YC_PREVIEW_ERROR_INVALID,
                   _("The document cannot be previewed: %s"), local_error->message);
      return NULL;
    }
  doc = g_new0 (Doc, 1);
  g_atomic_ref_count_init (&doc->ref);
  doc->document = document;
  doc->pdf = g_bytes_ref (pdf);
  g_mutex_lock (&poppler_lock);
  doc->n_pages = poppler_document_get_n_pages (document);
  g_mutex_unlock (&poppler_lock);
  return doc;
}

static gboolean
doc_get_page_size (Doc    *doc,
                   guint   page,
                   double *width,
                   double *height)
{
  PopplerPage *p;

  if (page >= doc->n_pages)
    return FALSE;
  g_mutex_lock (&poppler_lock);
  p = poppler_document_get_page (doc->document, page);
  poppler_page_get_size (p, width, height);
  g_object_unref (p);
  g_mutex_unlock (&poppler_lock);
  return TRUE;
}

static cairo_surface_t *
doc_render (Doc           *doc,
            guint          page,
            double         scale,
            GCancellable  *cancellable,
            GError       **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  PopplerPage *p;
  double width, height;
  int w, h;
  cairo_t *cr;

  if (page >= doc->n_pages)
    {
      g_set_error (error, YC_PREVIEW_ERROR, YC_PREVIEW_ERROR_PAGE,
                   _("Page %u does not exist; the document has %u pages"), page + 1,
                   doc->n_pages);
      return NULL;
    }
  scale = CLAMP (scale, YC_PREVIEW_MIN_SCALE, YC_PREVIEW_MAX_SCALE);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  g_mutex_lock (&poppler_lock);
  p = poppler_document_get_page (doc->document, page);
  poppler_page_get_size (p, &width, &height);
  w = (int) ceil (width * scale);
  h = (int) ceil (height * scale);
  if (w <= 0 || h <= 0 || (double) w * h > MAX_PIXELS)
    {
      g_object_unref (p);
      g_mutex_unlock (&poppler_lock);
      g_set_error (error, YC_PREVIEW_ERROR, YC_PREVIEW_ERROR_RENDER,
                   _("Page %u is too large to preview at this zoom"), page + 1);
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (p, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  g_object_unref (p);
  g_mutex_unlock (&poppler_lock);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, YC_PREVIEW_ERROR, YC_PREVIEW_ERROR_RENDER,
                   _("Page %u could not be drawn: %s"), page + 1, cairo_status_to_string (status));
      return NULL;
    }
  cairo_surface_flush (surface);
  return surface;
}

/* ---- workers -------------------------------------------------------------------------------
 * Not g_task_run_in_thread(): there the worker drops its reference to the GTask after the task
 * has returned, so the GTask, its source preview and the preview's Poppler document could be
 * finalised on the worker at any later moment, even while the process runs its exit handlers
 * and Poppler's globals are being destroyed. Here the GTask never leaves the caller's thread:
 * a job carries its own references (the document, the PDF, the cancellable), the worker drops
 * those it took before it reports itself done, and the result goes back to the task's main
 * context, which returns the task. */

typedef enum
{
  JOB_OPEN,
  JOB_RENDER,
} JobKind;

typedef struct
{
  JobKind          kind;
  GTask           *task;         /* touched only on the task's context */
  GMainContext    *context;
  GCancellable    *cancellable;
  guint            generation;   /* yc_preview_drain() cancels jobs of older generations */
  GBytes          *pdf;          /* JOB_OPEN */
  Doc             *doc;          /* JOB_RENDER: the worker's reference; JOB_OPEN: result */
  guint            page;
  double           scale;
  cairo_surface_t *surface;      /* JOB_RENDER: result */
  GError          *error;
} Job;

static GMutex workers_lock;
static GCond workers_cond;
static GThreadPool *workers_pool;
static guint workers_busy;       /* jobs queued or running */
static guint workers_generation;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->task);
  g_main_context_unref (job->context);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->pdf, g_bytes_unref);
  g_clear_pointer (&job->doc, doc_unref);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_clear_error (&job->error);
  g_free (job);
}

static gboolean
job_cancelled (Job     *job,
               GError **error)
{
  gboolean drained;

  if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
    return TRUE;
  g_mutex_lock (&workers_lock);
  drained = job->generation != workers_generation;
  g_mutex_unlock (&workers_lock);
  if (drained)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("The preview was closed"));
  return drained;
}

/* On the task's context: hands the worker's result to the task. */
static gboolean
job_complete (gpointer data)
{
  Job *job = data;

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else if (job->kind == JOB_OPEN)
    {
      YcPreview *self = g_object_new (YC_TYPE_PREVIEW, NULL);

      self->doc = g_steal_pointer (&job->doc);
      g_task_return_pointer (job->task, self, g_object_unref);
    }
  else
    g_task_return_pointer (job->task, g_steal_pointer (&job->surface),
                           (GDestroyNotify) cairo_surface_destroy);
  return G_SOURCE_REMOVE;
}

static void
job_run (gpointer data,
         gpointer unused)
{
  Job *job = data;
  GSource *source;

  if (!job_cancelled (job, &job->error))
    {
      if (job->kind == JOB_OPEN)
        job->doc = doc_open (job->pdf, &job->error);
      else
        job->surface = doc_render (job->doc, job->page, job->scale, job->cancellable,
                                   &job->error);
    }
  /* A result nobody will take is freed here, and the worker's own reference to the document
   * is dropped here: Poppler is released on this thread, before the job counts as done. */
  if (job->error == NULL && job_cancelled (job, &job->error))
    {
      g_clear_pointer (&job->surface, cairo_surface_destroy);
      g_clear_pointer (&job->doc, doc_unref);
    }
  if (job->kind == JOB_RENDER || job->error != NULL)
    g_clear_pointer (&job->doc, doc_unref);
  g_clear_pointer (&job->pdf, g_bytes_unref);

  /* From here on the job belongs to the task's context; this thread does not touch it. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[yc-preview] job complete");
  g_source_set_callback (source, job_complete, job, job_free);
  g_source_attach (source, job->context);
  g_source_unref (source);

  g_mutex_lock (&workers_lock);
  workers_busy--;
  g_cond_broadcast (&workers_cond);
  g_mutex_unlock (&workers_lock);
}

static void
drain_at_exit (void)
{
  if (!yc_preview_drain (EXIT_WAIT_MS))
    g_warning ("A document page was still being drawn when the application exited");
}

static void
job_submit (Job *job)
{
  g_autoptr(GError) error = NULL;

  job->context = g_main_context_ref_thread_default ();
  job->cancellable = g_task_get_cancellable (job->task);
  if (job->cancellable != NULL)
    g_object_ref (job->cancellable);

  g_mutex_lock (&workers_lock);
  if (workers_pool == NULL)
    {
      workers_pool = g_thread_pool_new (job_run, NULL, MAX_WORKERS, FALSE, &error);
      g_assert_no_error (error);      /* a non-exclusive pool cannot fail to be created */
      /* A last guard: registered after the destructors of Poppler's globals, so it runs
       * before them. The application still drains at shutdown (yc_preview_drain()). */
      atexit (drain_at_exit);
    }
  job->generation = workers_generation;
  workers_busy++;
  g_mutex_unlock (&workers_lock);
  g_thread_pool_push (workers_pool, job, NULL);
}

gboolean
yc_preview_drain (guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean idle;

  g_mutex_lock (&workers_lock);
  workers_generation++;
  while (workers_busy > 0 && g_cond_wait_until (&workers_cond, &workers_lock, deadline))
    ;
  idle = workers_busy == 0;
  g_mutex_unlock (&workers_lock);
  return idle;
}

/* ---- the preview ----------------------------------------------------------------------- */

YcPreview *
yc_preview_new (GBytes  *pdf,
                GError **error)
{
  YcPreview *self;
  Doc *doc;

  g_return_val_if_fail (pdf != NULL, NULL);

  if ((doc = doc_open (pdf, error)) == NULL)
    return NULL;
  self = g_object_new (YC_TYPE_PREVIEW, NULL);
  self->doc = doc;
  return self;
}

void
yc_preview_new_async (GBytes              *pdf,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Job *job;

  g_return_if_fail (pdf != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_OPEN;
  job->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, yc_preview_new_async);
  job->pdf = g_bytes_ref (pdf);
  job_submit (job);
}

YcPreview *
yc_preview_new_finish (GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
yc_preview_get_n_pages (YcPreview *self)
{
  g_return_val_if_fail (YC_IS_PREVIEW (self), 0);
  return self->doc->n_pages;
}

gboolean
yc_preview_get_page_size (YcPreview *self,
                          guint      page,
                          double    *width,
                          double    *height)
{
  g_return_val_if_fail (YC_IS_PREVIEW (self), FALSE);
  return doc_get_page_size (self->doc, page, width, height);
}

cairo_surface_t *
yc_preview_render_page (YcPreview     *self,
                        guint          page,
                        double         scale,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_return_val_if_fail (YC_IS_PREVIEW (self), NULL);
  return doc_render (self->doc, page, scale, cancellable, error);
}

void
yc_preview_render_page_async (YcPreview           *self,
                              guint                page,
                              double               scale,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (YC_IS_PREVIEW (self));

  job = g_new0 (Job, 1);
  job->kind = JOB_RENDER;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, yc_preview_render_page_async);
  job->doc = doc_ref (self->doc);
  job->page = page;
  job->scale = scale;
  job_submit (job);
}

cairo_surface_t *
yc_preview_render_page_finish (YcPreview     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_preview_render_page_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
yc_preview_finalize (GObject *object)
{
  YcPreview *self = YC_PREVIEW (object);

  g_clear_pointer (&self->doc, doc_unref);
  G_OBJECT_CLASS (yc_preview_parent_class)->finalize (object);
}

static void
yc_preview_class_init (YcPreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_preview_finalize;
}

static void
yc_preview_init (YcPreview *self)
{
}
