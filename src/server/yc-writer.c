/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-writer"

#include "config.h"

#include <locale.h>

#include "yc-writer.h"

/* Two threads. The writer runs each group of jobs in one transaction and commits it; where the
 * store can split a commit from its flush, the commit only reaches the operating system and the
 * writer goes straight on to the next group, while the flusher makes the groups committed so far
 * durable with one flush and only then wakes their callers. A group costs the writer the time
 * to run it, not that plus a disk flush; while a flush runs, the next group takes in whatever
 * arrives, and groups that still queue up behind a slow flush share the next one. */

typedef struct
{
  YcWriteFunc func;
  gpointer    user_data;
  GError     *error;
  gboolean    finished;
  gboolean    stop;              /* the sentinel that ends the thread */
  GCond       cond;              /* signalled when finished: only this job's caller wakes */
  locale_t    locale;            /* the caller's: messages in the language it answers in */
  YcWriteDone done;              /* a submitted job: nobody waits, this is called instead */
} Job;

struct _YcWriter
{
  YcStore     *store;
  GThread     *thread;
  GThread     *flusher;
  GAsyncQueue *queue;
  guint        max_batch;
  gboolean     deferred;         /* commits are made durable by the flusher */

  GMutex       lock;             /* everything below */
  GPtrArray   *unflushed;        /* jobs committed but not yet durable, in commit order */
  guint64      committing;       /* transactions begun committing: what a reader may see */
  guint64      committed;        /* transactions whose commit returned */
  guint64      durable;          /* transactions flushed */
  GError      *broken;           /* a flush failed: nothing is acknowledged any more */
  gboolean     flushing;
  gboolean     stopping;
  gboolean     in_batch;         /* the writer is between begin and commit */
  gboolean     held;             /* yc_writer_hold: the writer begins nothing new */
  GCond        flush_cond;       /* wakes the flusher */
  GCond        durable_cond;     /* wakes readers waiting for a horizon */
  GCond        hold_cond;        /* a batch ended, or a hold was released */
  guint64      n_jobs;
  guint64      n_commits;
  guint64      n_flushes;
  guint64      job_us;
  guint64      commit_us;
  guint64      flush_us;
};

/* With the lock held. A waiting caller is woken; a submitted job goes to @done, whose
 * callbacks run once the lock is released (see complete). */
static void
finish_locked (YcWriter  *self,
               GPtrArray *jobs,
               GError    *error,
               GPtrArray *done)
{
  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      if (error != NULL)
        {
          g_clear_error (&job->error);
          job->error = g_error_copy (error);
        }
      job->finished = TRUE;
      if (job->done != NULL)
        g_ptr_array_add (done, job);
      else
        g_cond_signal (&job->cond);
    }
}

/* Without the lock: a callback may take as long as it likes and queue more work. */
static void
complete (GPtrArray *done)
{
  for (guint i = 0; i < done->len; i++)
    {
      Job *job = g_ptr_array_index (done, i);

      job->done (job->error, job->user_data);
      g_clear_error (&job->error);
      g_free (job);
    }
  g_ptr_array_set_size (done, 0);
}

static void
failed_batch (YcWriter  *self,
              GPtrArray *batch,
              GError    *error,
              GPtrArray *done)
{
  g_mutex_lock (&self->lock);
  self->n_jobs += batch->len;
  finish_locked (self, batch, error, done);
  g_mutex_unlock (&self->lock);
}

/* FALSE when the transaction itself failed; a job's own failure is undone by its savepoint. */
static gboolean
run_job (YcWriter *self,
         Job      *job,
         GError  **error)
{
  locale_t previous;
  gboolean ok;

  if (!yc_store_savepoint (self->store, error))
    return FALSE;
  /* The caller's locale: messages in the language its request is answered in. */
  previous = uselocale (job->locale);
  ok = job->func (self->store, job->user_data, &job->error);
  uselocale (previous);
  if (ok)
    return yc_store_release (self->store, error);
  if (job->error == NULL)
    g_set_error_literal (&job->error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED, "write failed");
  yc_store_rollback_to (self->store);
  return TRUE;
}

static gboolean
flush_busy (YcWriter *self)
{
  gboolean busy;

  g_mutex_lock (&self->lock);
  busy = self->flushing || self->unflushed->len > 0;
  g_mutex_unlock (&self->lock);
  return busy;
}

/* Returns TRUE if it took the stop sentinel off the queue. */
static gboolean
run_batch (YcWriter  *self,
           GPtrArray *batch,
           GPtrArray *done)
{
  g_autoptr (GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 committing;
  gboolean stop = FALSE;

  g_mutex_lock (&self->lock);
  if (self->broken != NULL)
    {
      self->n_jobs += batch->len;
      finish_locked (self, batch, self->broken, done);
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  g_mutex_unlock (&self->lock);

  if (!yc_store_begin_write (self->store, &error))
    {
      failed_batch (self, batch, error, done);
      return FALSE;
    }

  for (guint i = 0; i < batch->len && error == NULL; i++)
    run_job (self, g_ptr_array_index (batch, i), &error);

  /* While the last commit is still being flushed, a commit now would only wait behind it:
   * take in what has arrived meanwhile, so that one commit and one flush serve more requests
   * (and the pages they share are written once). */
  while (error == NULL && batch->len < self->max_batch && self->deferred && flush_busy (self))
    {
      Job *job = g_async_queue_try_pop (self->queue);

      if (job == NULL)
        break;
      if (job->stop)
        {
          g_free (job);
          stop = TRUE;
          break;
        }
      g_ptr_array_add (batch, job);
      run_job (self, job, &error);
    }

  committing = g_get_monotonic_time ();
  if (error == NULL)
    {
      g_mutex_lock (&self->lock);
      self->committing++;
      g_mutex_unlock (&self->lock);
      yc_store_commit (self->store, &error);
    }
  if (error != NULL)
    {
      g_warning ("Write transaction of %u jobs failed: %s", batch->len, error->message);
      yc_store_rollback (self->store);
    }

  g_mutex_lock (&self->lock);
  /* A commit that failed counts too: it left nothing to flush, and a reader that looked while
   * it was committing must not wait for it for ever. */
  self->committed = self->committing;
  self->n_jobs += batch->len;
  self->job_us += committing - started;
  self->commit_us += g_get_monotonic_time () - committing;
  if (error != NULL)
    {
      /* Nothing in this batch happened, including what the jobs believe they did. */
      finish_locked (self, batch, error, done);
    }
  else
    {
      self->n_commits++;
      if (self->broken != NULL)
        finish_locked (self, batch, self->broken, done);
      else if (self->deferred)
        g_ptr_array_extend (self->unflushed, batch, NULL, NULL);
      else
        finish_locked (self, batch, NULL, done);
    }
  if (self->deferred)
    g_cond_signal (&self->flush_cond);
  else
    {
      self->durable = self->committed;
      g_cond_broadcast (&self->durable_cond);
    }
  g_mutex_unlock (&self->lock);
  return stop;
}

static gpointer
writer_thread (gpointer data)
{
  YcWriter *self = data;
  g_autoptr (GPtrArray) batch = g_ptr_array_new ();
  g_autoptr (GPtrArray) done = g_ptr_array_new ();
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
        {
          g_mutex_lock (&self->lock);
          while (self->held)
            g_cond_wait (&self->hold_cond, &self->lock);
          self->in_batch = TRUE;
          g_mutex_unlock (&self->lock);

          if (run_batch (self, batch, done))
            stopping = TRUE;

          g_mutex_lock (&self->lock);
          self->in_batch = FALSE;
          g_cond_broadcast (&self->hold_cond);
          g_mutex_unlock (&self->lock);
        }
      complete (done);
    }
  return NULL;
}

static gpointer
flusher_thread (gpointer data)
{
  YcWriter *self = data;
  g_autoptr (GPtrArray) flushing = g_ptr_array_new ();
  g_autoptr (GPtrArray) done = g_ptr_array_new ();

  g_mutex_lock (&self->lock);
  for (;;)
    {
      g_autoptr (GError) error = NULL;
      guint64 target;
      gint64 started;

      while ((self->durable == self->committed || self->broken != NULL) && !self->stopping)
        g_cond_wait (&self->flush_cond, &self->lock);
      if (self->durable == self->committed || self->broken != NULL)
        break;

      /* Everything committed so far: one flush covers every transaction before it. */
      target = self->committed;
      g_ptr_array_extend_and_steal (flushing, g_steal_pointer (&self->unflushed));
      self->unflushed = g_ptr_array_new ();
      self->flushing = TRUE;
      g_mutex_unlock (&self->lock);

      started = g_get_monotonic_time ();
      if (!yc_store_sync_log (self->store, &error))
        g_warning ("Committed writes could not be made durable; refusing every write from "
                    "now on (restart yichuangd once the disk is sound): %s", error->message);

      g_mutex_lock (&self->lock);
      self->flushing = FALSE;
      self->flush_us += g_get_monotonic_time () - started;
      self->n_flushes++;
      if (error != NULL)
        self->broken = g_error_new (YC_STORE_ERROR, YC_STORE_ERROR_NOT_DURABLE,
                                    "Committed writes could not be flushed to disk: %s",
                                    error->message);
      else
        self->durable = target;
      finish_locked (self, flushing, self->broken, done);
      g_ptr_array_set_size (flushing, 0);
      g_cond_broadcast (&self->durable_cond);
      if (done->len > 0)
        {
          g_mutex_unlock (&self->lock);
          complete (done);
          g_mutex_lock (&self->lock);
        }
    }
  g_mutex_unlock (&self->lock);
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
  self->unflushed = g_ptr_array_new ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->flush_cond);
  g_cond_init (&self->durable_cond);
  g_cond_init (&self->hold_cond);

  if (yc_store_can_defer_durability (store))
    {
      g_autoptr (GError) error = NULL;

      /* Not deferring is slower, never less safe: go on with durable commits. */
      self->deferred = yc_store_defer_durability (store, &error);
      if (!self->deferred)
        g_warning ("Every commit waits for its own flush: %s", error->message);
    }
  if (self->deferred)
    self->flusher = g_thread_new ("yc-flusher", flusher_thread, self);
  self->thread = g_thread_new ("yc-writer", writer_thread, self);
  return self;
}

gboolean
yc_writer_run (YcWriter   *self,
               YcWriteFunc func,
               gpointer    user_data,
               GError    **error)
{
  Job job = { func, user_data, NULL, FALSE, FALSE, { 0 }, uselocale ((locale_t) 0), NULL };

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
yc_writer_submit (YcWriter   *self,
                  YcWriteFunc func,
                  YcWriteDone done,
                  gpointer    user_data)
{
  Job *job;

  g_return_if_fail (done != NULL);
  job = g_new0 (Job, 1);
  job->func = func;
  job->user_data = user_data;
  job->locale = uselocale ((locale_t) 0);
  job->done = done;
  g_async_queue_push (self->queue, job);
}

guint64
yc_writer_horizon (YcWriter *self)
{
  guint64 horizon;

  g_mutex_lock (&self->lock);
  horizon = self->committing;
  g_mutex_unlock (&self->lock);
  return horizon;
}

void
yc_writer_hold (YcWriter *self)
{
  g_mutex_lock (&self->lock);
  g_warn_if_fail (!self->held);     /* one holder at a time: the checkpointer */
  self->held = TRUE;
  while (self->in_batch)
    g_cond_wait (&self->hold_cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

void
yc_writer_release (YcWriter *self)
{
  g_mutex_lock (&self->lock);
  self->held = FALSE;
  g_cond_broadcast (&self->hold_cond);
  g_mutex_unlock (&self->lock);
}

gboolean
yc_writer_wait_durable (YcWriter *self,
                        guint64   horizon,
                        GError  **error)
{
  gboolean ok;

  g_mutex_lock (&self->lock);
  while (self->durable < horizon && self->broken == NULL)
    g_cond_wait (&self->durable_cond, &self->lock);
  ok = self->durable >= horizon;
  if (!ok)
    g_propagate_error (error, g_error_copy (self->broken));
  g_mutex_unlock (&self->lock);
  return ok;
}

void
yc_writer_get_stats (YcWriter      *self,
                     YcWriterStats *stats)
{
  g_mutex_lock (&self->lock);
  stats->jobs = self->n_jobs;
  stats->commits = self->n_commits;
  stats->flushes = self->n_flushes;
  stats->job_us = self->job_us;
  stats->commit_us = self->commit_us;
  stats->flush_us = self->flush_us;
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
  if (self->flusher != NULL)
    {
      g_mutex_lock (&self->lock);
      self->stopping = TRUE;
      g_cond_signal (&self->flush_cond);
      g_mutex_unlock (&self->lock);
      g_thread_join (self->flusher);
    }
  g_async_queue_unref (self->queue);
  g_ptr_array_unref (self->unflushed);
  g_clear_error (&self->broken);
  g_cond_clear (&self->flush_cond);
  g_cond_clear (&self->durable_cond);
  g_cond_clear (&self->hold_cond);
  g_mutex_clear (&self->lock);
  g_object_unref (self->store);
  g_free (self);
}
