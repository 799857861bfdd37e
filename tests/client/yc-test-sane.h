/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A private SANE configuration with only the test backend (TESTING.md). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes @dir/sane.d (dll.conf = "test", a copy of /etc/sane.d/test.conf) and points
 * SANE_CONFIG_DIR at it; call before the first sane_init(). */
void yc_test_sane_setup    (const char *dir);
/* The @page-th page started from now on (1 for the next) gets @status ("SANE_STATUS_JAMMED")
 * from the test backend's read-return-value option, as a page that faults part-way through a
 * feeder batch; the page after it starts clean. */
void yc_test_sane_fault_at_page (guint       page,
                                 const char *status);
/* Removes @path and everything below it. */
void yc_test_remove_tree   (const char *path);
/* Runs the default main context until *@flag, failing after @timeout_s seconds. */
void yc_test_iterate_until (gboolean   *flag,
                            guint       timeout_s);

G_END_DECLS
