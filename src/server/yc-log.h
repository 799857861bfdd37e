/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Logging to stderr in a journal-friendly form: straight into the journal when stderr is a
 * journal stream, otherwise one line per message with a <priority> prefix and key=value
 * fields (request id, method, path, status, duration, user). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void yc_log_init (void);

G_END_DECLS
