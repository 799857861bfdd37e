/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-writer"

#include "config.h"

#include "yc-writer.h"

typedef struct
{
  YcWriteFunc func;
  gpointer    user_data;
  GError     *error;
  gboolean    finished;
  gboolean    stop;              /* the sentinel that ends the thread */
  GCond       cond;              /* signalled when finished: only this job's caller wakes */
} Job;

struct _YcWriter
{
  YcStore     *store;
  GThread     *thread;
  GAsyncQueue *queue;
  guint        max_batch;
  GMutex       lock;
  guint64      n_jobs;
  guint64      n_commits;
  guint64      job_us;
  guint64      commit_us;
};

static void
finish_jobs (YcWriter  *self,
             GPtrArray *batch,
             GError    *batch_error,
             gint64     job_us,
             gint64     commit_us)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < batch->len; i++)
    {
      Job *job = g_ptr_array_index (batch, i);

      if (batch_error != NULL && job->error == NULL)
        job->error = g_error_copy (batch_error);
      job->finished = TRUE;
      g_cond_signal (&job->cond);
    }
  self->n_jobs += batch->len;
  if (batch_error == NULL)
    self->n_commits++;
  self->job_us += job_us;
  self->commit_us += commit_us;
  g_mutex_unlock (&self->lock);
}

static void
run_batch (YcWriter  *self,
           GPtrArray *batch)
{
  g_autoptr (GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 committing;

  if (!yc_store_begin_write (self->store, &error))
    {
      finish_jobs (self, batch, error, 0, 0);
      return;
    }

  for (guint i = 0; i < batch->len; i++)
    {
      Job *job = g_ptr_array_index (batch, i);

      if (!yc_store_savepoint (self->store, &error))
        break;
      if (job->func (self->store, job->user_data, &job->error))
        {
          if (!yc_store_release (self->store, &error))
            break;
        }
      else
        {
          if (job->error == NULL)
            g_set_error_literal (&job->error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED,
                                 "write failed");
          yc_store_rollback_to (self->store);
        }
    }

  committing = g_get_monotonic_time ();
  if (error == NULL)
    yc_store_commit (self->store, &error);
  if (error != NULL)
    {
      g_warning ("Write transaction of %u jobs failed: %s", batch->len, error->message);
      yc_store_rollback (self->store);
      /* Nothing in this batch happened, including what the jobs believe they did. */
      for (guint i = 0; i < batch->len; i++)
        {
          Job *job = g_ptr_array_index (batch, i);

          g_clear_error (&job->error);
        }
    }
  finish_jobs (self, batch, error, committing - started, g_get_monotonic_time () - committing);
}

static gpointer
writer_thread (gpointer data)
{
  YcWriter *self = data;
  g_autoptr (GPtrArray) batch = g_ptr_array_new ();
  gboolean stopping = FALSE;

  while (!stopping)
    {
      Job *job = g_async_queue_pop (self->queue);

      g_ptr_array_set_size (batch, 0);
      while (job != NULL)
        {
          if (job->stop)
            {
              stopping = TRUE;
              g_free (job);
              break;
            }
          g_ptr_array_add (batch, job);
          if (batch->len >= self->max_batch)
            break;
          job = g_async_queue_try_pop (self->queue);
        }
      if (batch->len > 0)
        run_batch (self, batch);
    }
  return NULL;
}

YcWriter *
yc_writer_new (YcStore *store,
               guint    max_batch)
{
  YcWriter *self = g_new0 (YcWriter, 1);

  self->store = g_object_ref (store);
  self->queue = g_async_queue_new ();
  self->max_batch = MAX (max_batch, 1);
  g_mutex_init (&self->lock);
  self->thread = g_thread_new ("yc-writer", writer_thread, self);
  return self;
}

gboolean
yc_writer_run (YcWriter   *self,
               YcWriteFunc func,
               gpointer    user_data,
               GError    **error)
{
  Job job = { func, user_data, NULL, FALSE, FALSE };

  g_cond_init (&job.cond);
  g_async_queue_push (self->queue, &job);
  g_mutex_lock (&self->lock);
  while (!job.finished)
    g_cond_wait (&job.cond, &self->lock);
  g_mutex_unlock (&self->lock);
  g_cond_clear (&job.cond);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }
  return TRUE;
}

void
yc_writer_get_stats (YcWriter      *self,
                     YcWriterStats *stats)
{
  g_mutex_lock (&self->lock);
  stats->jobs = self->n_jobs;
  stats->commits = self->n_commits;
  stats->job_us = self->job_us;
  stats->commit_us = self->commit_us;
  g_mutex_unlock (&self->lock);
}

guint
yc_writer_queued (YcWriter *self)
{
  return MAX (g_async_queue_length (self->queue), 0);
}

void
yc_writer_free (YcWriter *self)
{
  Job *stop;

  if (self == NULL)
    return;
  stop = g_new0 (Job, 1);
  stop->stop = TRUE;
  g_async_queue_push (self->queue, stop);
  g_thread_join (self->thread);
  g_async_queue_unref (self->queue);
  g_mutex_clear (&self->lock);
  g_object_unref (self->store);
  g_free (self);
}
