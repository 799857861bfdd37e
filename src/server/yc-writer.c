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
} Job;

struct _YcWriter
{
  YcStore     *store;
  GThread     *thread;
  GAsyncQueue *queue;
  guint        max_batch;
  GMutex       lock;
  GCond        finished_cond;
  guint64      n_jobs;
  guint64      n_commits;
};

static void
finish_jobs (YcWriter  *self,
             GPtrArray *batch,
             GError    *batch_error)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < batch->len; i++)
    {
      Job *job = g_ptr_array_index (batch, i);

      if (batch_error != NULL && job->error == NULL)
        job->error = g_error_copy (batch_error);
      job->finished = TRUE;
    }
  self->n_jobs += batch->len;
  if (batch_error == NULL)
    self->n_commits++;
  g_cond_broadcast (&self->finished_cond);
  g_mutex_unlock (&self->lock);
}

static void
run_batch (YcWriter  *self,
           GPtrArray *batch)
{
  g_autoptr (GError) error = NULL;

  if (!yc_store_begin_write (self->store, &error))
    {
      finish_jobs (self, batch, error);
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
  finish_jobs (self, batch, error);
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
  g_cond_init (&self->finished_cond);
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

  g_async_queue_push (self->queue, &job);
  g_mutex_lock (&self->lock);
  while (!job.finished)
    g_cond_wait (&self->finished_cond, &self->lock);
  g_mutex_unlock (&self->lock);

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
  g_mutex_unlock (&self->lock);
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
  g_cond_clear (&self->finished_cond);
  g_object_unref (self->store);
  g_free (self);
}
