/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A small HTTP backend for the outbox tests until yichuangd is there to test against: the
 * write endpoints of /api/v1 with idempotency records and case versions kept in SQLite
 * (synchronous=FULL), so that it can be killed with SIGKILL and restarted on the same file.
 * It runs in-process or as a child process ("--serve"). */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _YcTestServer YcTestServer;

/* @delay_ms holds each write's answer back after its effect is committed, so that a kill
 * can land between the two. */
YcTestServer *yc_test_server_new      (const char *db_path,
                                       guint       delay_ms,
                                       GError    **error);
guint         yc_test_server_get_port (YcTestServer *self);
void          yc_test_server_free     (YcTestServer *self);

/* Runs a server in this process until killed, printing the port on stdout. */
int           yc_test_server_main     (const char *db_path,
                                       guint       delay_ms);

/* Read-only checks on a server file (also while the server runs). */
guint         yc_test_server_count    (const char *db_path,
                                       const char *sql);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcTestServer, yc_test_server_free)

G_END_DECLS
