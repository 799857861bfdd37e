/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the benchmarks' prefills share: synthetic applicants (a pure function of an index),
 * how many prefilled cases a database already holds, a template case body made personal, and
 * the bulk insert loop (one transaction per batch, with progress). */
#pragma once

#include "yc-store.h"

G_BEGIN_DECLS

/* Prefilled rows carry this create_hash, so that a run can tell them from its own. */
#define BENCH_PREFILL_HASH "prefill"

/* A valid 18-character citizen ID (Lianshui region, born 1950 + index % 20000 days, sequence
 * (index / 20000) % 1000, check digit). */
void     bench_citizen_id     (guint index,
                               char  out[19]);
char    *bench_person_name    (guint index);
/* Cases with create_hash BENCH_PREFILL_HASH in the database at @path (0 if none or no file). */
gint64   bench_count_prefilled (const char *path);
/* Replaces the template's number, applicant name and ID number in @body, and (when @window is
 * not @template_window) its window_code member. */
void     bench_personalise    (GString    *body,
                               const char *template_number,
                               const char *number,
                               const char *template_name,
                               const char *name,
                               const char *template_id,
                               const char *id,
                               const char *template_window,
                               const char *window);

/* Every run measures the same database, not one grown by the runs before it: right after the
 * prefill, bench_marks_save notes the highest row id of each table a run adds to (cases,
 * audit entries, stored answers, sessions, login failures, verifications) in @marks_path;
 * bench_forget_runs deletes every row above those marks and points the audit head back at the
 * last prefilled entry, so that the chain stays whole. It returns the cases it deleted, or -1
 * when there are no marks. */
void     bench_marks_save      (const char *db_path,
                                const char *marks_path);
gint64   bench_forget_runs     (const char *db_path,
                                const char *marks_path);
/* All cases in the database at @path. */
gint64   bench_count_cases     (const char *path);

typedef struct
{
  YcStore *store;
  gint64   inserted;
  gint64   started_us;
  guint    batch;
} BenchInserter;

/* Bulk inserts into @store, committed every @batch cases; any failure ends the program. */
void     bench_inserter_begin  (BenchInserter *self,
                                YcStore       *store,
                                guint          batch);
void     bench_inserter_add    (BenchInserter *self,
                                YcCaseRecord  *record);
/* Commits the last batch; the seconds it all took. */
double   bench_inserter_finish (BenchInserter *self);

G_END_DECLS
