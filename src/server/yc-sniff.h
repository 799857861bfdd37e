/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a file is, from its first bytes: the only types a scan may be. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "application/pdf", "image/png", "image/jpeg", or NULL for anything else. */
const char *yc_sniff_content_type (const guint8 *data,
                                   gsize         len);
/* The file name extension for one of those types ("pdf", "png", "jpg"). */
const char *yc_sniff_extension    (const char *content_type);

G_END_DECLS
