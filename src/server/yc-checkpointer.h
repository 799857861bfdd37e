/* SPDX-License-Identifier: GPL-3.0-or-later */
/* YcCheckpointer: the thread that folds the store's log into its main file a few times a
 * second, on a connection of its own, so that no commit waits for it. When the log has grown
 * past a limit it also starts it again from the beginning, holding the writer for those few
 * milliseconds: otherwise, under a steady stream of commits, the log would never restart and
 * every commit would extend the file into fresh disk blocks. */
#pragma once

#include "yc-store.h"
#include "yc-writer.h"

G_BEGIN_DECLS

typedef struct _YcCheckpointer YcCheckpointer;

/* Every 250 ms while there are new commits. */
#define YC_CHECKPOINTER_INTERVAL_US (250 * 1000)
/* 256 MiB of log (of 4 KiB pages): at full load a restart every few seconds, each holding the
 * writer for about 20 ms; what a restart after a crash reads stays bounded; and the main file
 * is flushed every few seconds, not after every few hundred commits. With what comes in while
 * the main file is flushed, the log stays under the 512 MiB a restart lets the file keep
 * (journal_size_limit): the file is reused in place, never cut back and regrown. */
#define YC_CHECKPOINTER_RESTART_PAGES 65536

typedef struct
{
  guint64 checkpoints;
  guint64 restarts;              /* the log started again from its beginning */
  guint64 held_us;               /* time the writer was held for restarts */
  guint   log_pages;             /* what the log held after the last checkpoint */
} YcCheckpointerStats;

/* @store is the checkpointer's own connection (a reference is taken); @writer the one whose
 * commits fill the log. A thread starts when @interval_us is not 0; with 0, the caller runs
 * yc_checkpointer_run_once itself. */
YcCheckpointer *yc_checkpointer_new       (YcStore  *store,
                                           YcWriter *writer,
                                           guint     restart_pages,
                                           guint64   interval_us);
/* One checkpoint, and a restart if the log holds @restart_pages or more. */
gboolean        yc_checkpointer_run_once  (YcCheckpointer      *self,
                                           GError             **error);
void            yc_checkpointer_get_stats (YcCheckpointer      *self,
                                           YcCheckpointerStats *stats);
/* Stops the thread after a last checkpoint, so that a clean stop leaves the log empty. */
void            yc_checkpointer_free      (YcCheckpointer      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCheckpointer, yc_checkpointer_free)

G_END_DECLS
