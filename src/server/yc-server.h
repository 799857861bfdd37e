/* SPDX-License-Identifier: GPL-3.0-or-later */
/* YcServer: yichuangd's HTTP front. The main loop owns libsoup; requests are copied into
 * YcRequest and handled on a pool of worker threads, each with its own read connection;
 * writes go through the single group-committing writer (yc-writer.h). */
#pragma once

#include <glib-object.h>

#include "yc-config.h"

G_BEGIN_DECLS

#define YC_TYPE_SERVER (yc_server_get_type ())
G_DECLARE_FINAL_TYPE (YcServer, yc_server, YC, SERVER, GObject)

/* Opens and migrates the store and loads the catalogue. Copies @config. */
YcServer *yc_server_new              (const YcServerConfig *config,
                                      GError              **error);
gboolean  yc_server_listen           (YcServer *self,
                                      GError  **error);
/* The first listening URI, e.g. "http://127.0.0.1:38817" (after yc_server_listen). */
char     *yc_server_get_uri          (YcServer *self);
/* Rebuilds the catalogue and calendar from the store (after an import). */
gboolean  yc_server_reload           (YcServer *self,
                                      GError  **error);
/* Stops listening, lets running requests finish and closes the store. */
void      yc_server_stop             (YcServer *self);

G_END_DECLS
