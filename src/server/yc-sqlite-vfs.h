/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An SQLite VFS that writes each WAL frame (24-byte header and page) in one call to the VFS
 * beneath instead of two: syscalls are what a commit costs on the county's virtual machines. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers, not as the default, a VFS called @name over the VFS called @base (NULL: the
 * default one). Call once per name. Returns an SQLite result code. */
int         yc_sqlite_vfs_register (const char *name,
                                    const char *base);
/* The name of that VFS over the default one, registered on the first call (thread-safe); every
 * connection of the server opens its database through it. */
const char *yc_sqlite_vfs_name     (void);

G_END_DECLS
