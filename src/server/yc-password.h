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

/* At least YC_PASSWORD_MIN_LENGTH characters. */
gboolean yc_password_acceptable (const char *password,
                                 GError    **error);
/* "$argon2id$v=19$m=…,t=…,p=…$": the prefix of every hash made at @cost (caller frees). */
char    *yc_password_cost_prefix (const YcPasswordCost *cost);
char    *yc_password_hash   (const char           *password,
                             const YcPasswordCost *cost,
                             GError              **error);
gboolean yc_password_verify (const char *encoded,
                             const char *password);
/* Spends the time a verification at @cost takes, for unknown users: no timing oracle
 * that tells which names exist. */
void     yc_password_burn   (const char           *password,
                             const YcPasswordCost *cost);

/* A short secret (a session token) kept so that only the password opens it again: XORed with
 * an argon2id key from the password and a fresh salt, in the form
 * "argon2id$t=3,m=65536,p=1$<salt hex>$<sealed hex>". For answering a repeated sign-in with
 * the first answer without keeping the token itself. */
char    *yc_password_seal   (const char           *password,
                             const char           *secret,
                             const YcPasswordCost *cost,
                             GError              **error);
/* NULL with an error when @sealed is not in that form. */
char    *yc_password_unseal (const char           *password,
                             const char           *sealed,
                             GError              **error);

G_END_DECLS
