/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit trail: append-only and hash-chained. Each entry's hash covers its own fields and
 * the previous entry's hash, and the store keeps the head, so an edited, removed or truncated
 * entry breaks the chain where it happened. */
#pragma once

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_AUDIT_GENESIS \
  "0000000000000000000000000000000000000000000000000000000000000000"

/* The hash an entry must carry, from its fields and prev_hash. */
char    *yc_audit_compute_hash (const YcAuditRecord *record);

/* Appends one entry; call inside a write transaction. @detail_json: an object, or NULL. */
gboolean yc_audit_append       (YcStore    *store,
                                const char *actor,
                                const char *address,
                                const char *action,
                                const char *case_number,
                                const char *detail_json,
                                GError    **error);

/* Walks the whole chain. FALSE with YC_SERVER_ERROR_AUDIT_BROKEN naming the first bad entry;
 * @n_entries (nullable) counts the entries read. */
gboolean yc_audit_verify       (YcStore *store,
                                gint64  *n_entries,
                                GError **error);

G_END_DECLS
