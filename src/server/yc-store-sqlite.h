/* SPDX-License-Identifier: GPL-3.0-or-later */
/* YcStoreSqlite: the county's store. WAL with synchronous=FULL (a commit that returned is on
 * disk), numbered migrations applied at open, cached prepared statements only. */
#pragma once

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_STORE_SQLITE (yc_store_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (YcStoreSqlite, yc_store_sqlite, YC, STORE_SQLITE, GObject)

typedef enum
{
  YC_STORE_SQLITE_DEFAULT = 0,
  /* Bulk loading only (benchmark prefill): synchronous=OFF, no durability promise. */
  YC_STORE_SQLITE_BULK = 1 << 0,
} YcStoreSqliteFlags;

/* Opens (creating if needed) and migrates the database at @path. This connection may write;
 * yc_store_open_another () gives read-only connections to the same file. */
YcStore *yc_store_sqlite_open           (const char         *path,
                                         YcStoreSqliteFlags  flags,
                                         GError            **error);
/* Pages of WAL after which a commit checkpoints by itself (SQLite's default 1000); 0 leaves
 * checkpoints to yc_store_checkpoint () on another connection. */
void     yc_store_sqlite_set_auto_checkpoint (YcStoreSqlite *self,
                                              int            pages);
/* The page cache of this connection, in MiB. */
gboolean yc_store_sqlite_set_cache_size      (YcStoreSqlite *self,
                                              guint          mib,
                                              GError       **error);
/* The schema version the database is at after opening. */
int      yc_store_sqlite_schema_version (YcStoreSqlite *self);
/* Number of migrations this build knows. */
int      yc_store_sqlite_latest_schema  (void);

G_END_DECLS
