/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-password"

#include "config.h"

#include <argon2.h>
#include <string.h>

#include "yc-password.h"
#include "yc-crypto.h"
#include "yc-server-error.h"

#define SALT_LEN 16
#define HASH_LEN 32

char *
yc_password_hash (const char           *password,
                  const YcPasswordCost *cost,
                  GError              **error)
{
  guint8 salt[SALT_LEN];
  gsize encoded_len;
  g_autofree char *encoded = NULL;
  int rc;

  if (password == NULL || g_utf8_strlen (password, -1) < YC_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "A password needs at least %d characters", YC_PASSWORD_MIN_LENGTH);
      return NULL;
    }

  yc_random_bytes (salt, sizeof salt);
  encoded_len = argon2_encodedlen (cost->iterations, cost->memory_kib, cost->parallelism,
                                   SALT_LEN, HASH_LEN, Argon2_id);
  encoded = g_malloc0 (encoded_len);
  rc = argon2id_hash_encoded (cost->iterations, cost->memory_kib, cost->parallelism,
                              password, strlen (password), salt, sizeof salt, HASH_LEN,
                              encoded, encoded_len);
  if (rc != ARGON2_OK)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_FAILED, "argon2id: %s",
                   argon2_error_message (rc));
      return NULL;
    }
  return g_steal_pointer (&encoded);
}

gboolean
yc_password_verify (const char *encoded,
                    const char *password)
{
  if (encoded == NULL || password == NULL || !g_str_has_prefix (encoded, "$argon2id$"))
    return FALSE;
  return argon2id_verify (encoded, password, strlen (password)) == ARGON2_OK;
}

void
yc_password_burn (const char           *password,
                  const YcPasswordCost *cost)
{
  static const guint8 salt[SALT_LEN] = "yichuang-decoy!";
  guint8 hash[HASH_LEN];
  const char *text = password != NULL ? password : "";

  argon2id_hash_raw (cost->iterations, cost->memory_kib, cost->parallelism, text, strlen (text),
                     salt, sizeof salt, hash, sizeof hash);
}
