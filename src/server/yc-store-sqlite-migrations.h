/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The numbered schema migrations of the SQLite store (private to yc-store-sqlite.c). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int         version;
  const char *sql;
} YcMigration;

/* In ascending version order, versions 1..n without gaps. */
const YcMigration *yc_store_sqlite_migrations (guint *n_migrations);

G_END_DECLS
