/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "yc-server-error.h"

G_DEFINE_QUARK (yc-server-error-quark, yc_server_error)
