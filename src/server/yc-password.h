/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Password hashes: argon2id, memory-hard, in the standard encoded form ($argon2id$v=19$…) so
 * that raising the cost later leaves existing hashes verifiable. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint32 iterations;            /* t_cost */
  guint32 memory_kib;            /* m_cost */
  guint32 parallelism;
} YcPasswordCost;

/* t=3, 64 MiB, 1 lane: about a tenth of a second on the county's server. */
#define YC_PASSWORD_COST_DEFAULT ((YcPasswordCost) { 3, 65536, 1 })
#define YC_PASSWORD_MIN_LENGTH 8

char    *yc_password_hash   (const char           *password,
                             const YcPasswordCost *cost,
                             GError              **error);
gboolean yc_password_verify (const char *encoded,
                             const char *password);
/* Spends the time a verification at @cost takes, for unknown users: no timing oracle
 * that tells which names exist. */
void     yc_password_burn   (const char           *password,
                             const YcPasswordCost *cost);

G_END_DECLS
