/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Randomness from the kernel and SHA-256, for tokens, verification ids and hash chains. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fills @buf from getrandom(2); aborts only if the kernel cannot give randomness at all. */
void     yc_random_bytes        (guint8 *buf,
                                 gsize   len);
/* 32 random bytes as unpadded base64url (43 characters): a session token. */
char    *yc_random_token        (void);
/* 128 random bits as unpadded RFC 4648 base32 (26 characters, A-Z2-7): fits a QR code's
 * alphanumeric mode and cannot be guessed. */
char    *yc_random_base32_id    (void);
gboolean yc_is_base32_id        (const char *text);

char    *yc_sha256_hex          (gconstpointer data,
                                 gsize         len);
char    *yc_sha256_hex_string   (const char *text);
gboolean yc_is_sha256_hex       (const char *text);

G_END_DECLS
