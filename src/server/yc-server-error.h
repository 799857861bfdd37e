/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Errors of yichuangd outside the store and the core. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YC_SERVER_ERROR (yc_server_error_quark ())

typedef enum
{
  YC_SERVER_ERROR_INVALID,       /* an argument or configuration value breaks a rule */
  YC_SERVER_ERROR_CONFIG,        /* the configuration file cannot be used */
  YC_SERVER_ERROR_AUDIT_BROKEN,  /* the audit chain does not verify */
  YC_SERVER_ERROR_FAILED,
} YcServerError;

GQuark yc_server_error_quark (void);

G_END_DECLS
