/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A private temporary directory for one document's page files, removed when the last page
 * and the document that use it are gone. Reference counted atomically: the scanner thread
 * writes into it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _YcSpool YcSpool;

/* In @parent_dir, or the system's temporary directory when NULL. */
YcSpool    *yc_spool_new           (const char  *parent_dir,
                                    GError     **error);
YcSpool    *yc_spool_ref           (YcSpool     *self);
void        yc_spool_unref         (YcSpool     *self);
const char *yc_spool_get_dir       (YcSpool     *self);
/* A fresh file name in the directory ("page-0007.jpg"); nothing is created. */
char       *yc_spool_new_file_path (YcSpool     *self,
                                    const char  *extension);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSpool, yc_spool_unref)

G_END_DECLS
