/* SPDX-License-Identifier: GPL-3.0-or-later */
/* YcWriter: the one thread that writes. Callers on any thread hand it a function and wait
 * (or submit it with a callback and go on); it runs whatever has queued up in one transaction (each job under its own savepoint, so a
 * failing job leaves the others alone) and commits once: group commit, so that a durable
 * flush per commit is shared by every request that arrived meanwhile. Where the store allows,
 * the flush runs on a thread of its own while the next transaction runs. A job returns (or its
 * callback is called) only after its commit is on disk; a reader that may have seen a commit
 * waits for the same. */
#pragma once

#include "yc-store.h"

G_BEGIN_DECLS

typedef struct _YcWriter YcWriter;

/* Runs inside the writer's transaction. Return FALSE with @error to undo this job's writes. */
typedef gboolean (*YcWriteFunc) (YcStore *store,
                                 gpointer user_data,
                                 GError **error);

/* Called once a submitted job is durable (@error NULL) or has failed, on one of the writer's
 * threads; it owns nothing of @error. */
typedef void (*YcWriteDone) (const GError *error,
                             gpointer      user_data);

/* Takes a reference on @store, which from now on belongs to the writer thread. */
YcWriter *yc_writer_new  (YcStore *store,
                          guint    max_batch);
gboolean  yc_writer_run  (YcWriter   *self,
                          YcWriteFunc func,
                          gpointer    user_data,
                          GError    **error);
/* As yc_writer_run, without waiting: @done is called when it would have returned. */
void      yc_writer_submit (YcWriter   *self,
                            YcWriteFunc func,
                            YcWriteDone done,
                            gpointer    user_data);
/* What a read snapshot taken before this call may include: take it after reading. */
guint64   yc_writer_horizon      (YcWriter *self);
/* Returns once every transaction up to @horizon is on disk; FALSE if it never will be (the
 * disk failed a flush: from then on every write fails too). */
gboolean  yc_writer_wait_durable (YcWriter *self,
                                  guint64   horizon,
                                  GError  **error);
/* Returns once the writer is between transactions, and keeps it there (jobs queue up
 * meanwhile) until yc_writer_release: for work on the store that no write may overlap. */
void      yc_writer_hold    (YcWriter *self);
void      yc_writer_release (YcWriter *self);

/* Finishes queued jobs, then stops the threads. Not while held. */
void      yc_writer_free (YcWriter *self);

typedef struct
{
  guint64 jobs;
  guint64 commits;
  guint64 job_us;                /* time spent running jobs */
  guint64 flushes;
  guint64 commit_us;             /* time spent committing */
  guint64 flush_us;              /* time spent flushing commits to disk, beside the writer */
} YcWriterStats;

void      yc_writer_get_stats (YcWriter      *self,
                               YcWriterStats *stats);
/* Jobs waiting for the writer's next transaction. */
guint     yc_writer_queued    (YcWriter      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcWriter, yc_writer_free)

G_END_DECLS
