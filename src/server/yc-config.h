/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yichuangd's settings: defaults, then the GKeyFile given with --config, then the command line.
 * data/yichuangd.conf.sample.in documents every key. */
#pragma once

#include <glib.h>

#include "yc-password.h"

G_BEGIN_DECLS

typedef struct
{
  char          *listen_host;
  guint          listen_port;    /* 0: let the kernel choose */
  char          *db_path;
  guint          cache_mib;      /* page cache of the writing connection */
  char          *data_dir;       /* openapi.yaml, demo/, calendar/ */
  char          *tls_certificate;
  char          *tls_key;
  guint          workers;        /* request threads */
  guint          max_batch;      /* writes per group commit */
  guint          worker_nice;    /* request threads' nice value above the writer's */
  gsize          json_body_max;  /* bytes */
  gsize          attachment_max; /* bytes */
  guint          session_hours;
  guint          login_window_minutes;
  guint          login_max_per_user;
  guint          login_max_per_address;
  YcPasswordCost password_cost;
  guint          verify_per_minute; /* per address */
  char          *verify_public_url; /* what QR codes point at; NULL: this server as asked */
  guint          idempotency_days;
  gboolean       log_requests;
  char          *language;       /* replies when the client names none: "zh-CN", "en"; NULL:
                                  * as the server's environment (LANGUAGE, LC_MESSAGES) says */
} YcServerConfig;

YcServerConfig *yc_server_config_new       (void);
void            yc_server_config_free      (YcServerConfig *self);
/* Overrides the defaults with the keys present in @path. */
gboolean        yc_server_config_load_file (YcServerConfig *self,
                                            const char     *path,
                                            GError        **error);
/* "host:port", "[v6]:port" or ":port". */
gboolean        yc_server_config_set_listen (YcServerConfig *self,
                                             const char     *listen,
                                             GError        **error);
/* Where the shipped data is: $YC_DATADIR, the installed pkgdatadir, or the source tree. */
char           *yc_server_config_default_data_dir (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcServerConfig, yc_server_config_free)

G_END_DECLS
