/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the SQLite store's other files share with yc-store-sqlite.c. */
#pragma once

#include <sqlite3.h>

#include "yc-store-sqlite.h"

G_BEGIN_DECLS

/* A prepared statement for @sql, cached on the connection by its text. */
sqlite3_stmt *yc_store_sqlite_prepare       (YcStoreSqlite *self,
                                             const char    *sql,
                                             GError       **error);
/* Sets @error from SQLite's result code @rc; returns FALSE. */
gboolean      yc_store_sqlite_fail          (YcStoreSqlite *self,
                                             int            rc,
                                             const char    *what,
                                             GError       **error);
/* The columns yc_store_sqlite_read_case () reads, in its order, body last. */
const char   *yc_store_sqlite_case_columns  (void);
YcCaseRecord *yc_store_sqlite_read_case     (sqlite3_stmt *stmt,
                                             gboolean      with_body);

/* yc-store-sqlite-reports.c: statistics, the sign-off queue, forwarded and overdue cases. */
void          yc_store_sqlite_reports_iface_init (YcStoreInterface *iface);

G_END_DECLS
