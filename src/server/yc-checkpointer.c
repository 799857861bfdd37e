/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-checkpoint"

#include "config.h"

#include "yc-checkpointer.h"

struct _YcCheckpointer
{
  YcStore  *store;
  YcWriter *writer;
  guint     restart_pages;
  guint64   interval_us;
  GThread  *thread;
  guint64   last_commits;

  GMutex    lock;                /* everything below */
  GCond     cond;
  gboolean  stopping;
  YcCheckpointerStats stats;
};

/* Copying the log into the main file does not flush the main file (SQLite flushes it only when
 * a checkpoint reaches the end of the log); a restart must, and the writer waits meanwhile.
 * So the main file is flushed first while nobody waits, twice: the first flush takes what was
 * copied since the last restart, the second only what was copied during the first, and the
 * writer waits for the few milliseconds that are left. */
#define FLUSH_ROUNDS 2

gboolean
yc_checkpointer_run_once (YcCheckpointer *self,
                          GError        **error)
{
  guint log_pages = 0;
  gint64 held = 0;
  gboolean restarted = FALSE;
  gboolean ok;

  if (!yc_store_checkpoint (self->store, YC_CHECKPOINT_PASSIVE, &log_pages, error))
    return FALSE;

  if (self->restart_pages > 0 && log_pages >= self->restart_pages)
    {
      for (guint i = 0; i < FLUSH_ROUNDS; i++)
        if (!yc_store_checkpoint (self->store, YC_CHECKPOINT_FLUSH, &log_pages, error))
          return FALSE;

      held = g_get_monotonic_time ();
      yc_writer_hold (self->writer);
      ok = yc_store_checkpoint (self->store, YC_CHECKPOINT_RESTART, &log_pages, error);
      yc_writer_release (self->writer);
      held = g_get_monotonic_time () - held;
      if (!ok)
        return FALSE;
      restarted = log_pages == 0;
    }

  g_mutex_lock (&self->lock);
  self->stats.checkpoints++;
  self->stats.log_pages = log_pages;
  self->stats.held_us += held;
  if (restarted)
    self->stats.restarts++;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gpointer
checkpointer_thread (gpointer data)
{
  YcCheckpointer *self = data;

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      gint64 until = g_get_monotonic_time () + self->interval_us;
      g_autoptr (GError) error = NULL;
      YcWriterStats stats;

      while (!self->stopping && g_cond_wait_until (&self->cond, &self->lock, until))
        ;
      if (self->stopping)
        break;
      g_mutex_unlock (&self->lock);

      yc_writer_get_stats (self->writer, &stats);
      if (stats.commits != self->last_commits && !yc_checkpointer_run_once (self, &error))
        g_warning ("Checkpoint failed: %s", error->message);
      self->last_commits = stats.commits;

      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

YcCheckpointer *
yc_checkpointer_new (YcStore  *store,
                     YcWriter *writer,
                     guint     restart_pages,
                     guint64   interval_us)
{
  YcCheckpointer *self = g_new0 (YcCheckpointer, 1);

  self->store = g_object_ref (store);
  self->writer = writer;
  self->restart_pages = restart_pages;
  self->interval_us = interval_us;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  if (interval_us > 0)
    self->thread = g_thread_new ("yc-checkpoint", checkpointer_thread, self);
  return self;
}

void
yc_checkpointer_get_stats (YcCheckpointer      *self,
                           YcCheckpointerStats *stats)
{
  g_mutex_lock (&self->lock);
  *stats = self->stats;
  g_mutex_unlock (&self->lock);
}

void
yc_checkpointer_free (YcCheckpointer *self)
{
  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->stopping = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
      g_thread_join (self->thread);
    }
  /* A last one, so that a clean stop leaves the log empty. */
  yc_store_checkpoint (self->store, YC_CHECKPOINT_PASSIVE, NULL, NULL);
  g_object_unref (self->store);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
