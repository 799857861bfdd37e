/* SPDX-License-Identifier: GPL-3.0-or-later */
/* YcWriter: the one thread that writes. Callers on any thread hand it a function and wait;
 * it runs whatever has queued up in one transaction (each job under its own savepoint, so a
 * failing job leaves the others alone) and commits once: group commit, so that a durable
 * fsync per commit is shared by every request that arrived meanwhile. A job returns only after
 * its commit is on disk. */
#pragma once

#include "yc-store.h"

G_BEGIN_DECLS

typedef struct _YcWriter YcWriter;

/* Runs inside the writer's transaction. Return FALSE with @error to undo this job's writes. */
typedef gboolean (*YcWriteFunc) (YcStore *store,
                                 gpointer user_data,
                                 GError **error);

/* Takes a reference on @store, which from now on belongs to the writer thread. */
YcWriter *yc_writer_new  (YcStore *store,
                          guint    max_batch);
gboolean  yc_writer_run  (YcWriter   *self,
                          YcWriteFunc func,
                          gpointer    user_data,
                          GError    **error);
/* Finishes queued jobs, then stops the thread. */
void      yc_writer_free (YcWriter *self);

typedef struct
{
  guint64 jobs;
  guint64 commits;
  guint64 job_us;                /* time spent running jobs */
  guint64 commit_us;             /* time spent committing (the durable write) */
} YcWriterStats;

void      yc_writer_get_stats (YcWriter      *self,
                               YcWriterStats *stats);
/* Jobs waiting for the writer's next transaction. */
guint     yc_writer_queued    (YcWriter      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcWriter, yc_writer_free)

G_END_DECLS
