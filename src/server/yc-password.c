/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-password"

#include "config.h"

#include <argon2.h>
#include <stdio.h>
#include <string.h>

#include "yc-password.h"
#include "yc-crypto.h"
#include "yc-server-error.h"

#define SALT_LEN 16
#define HASH_LEN 32

gboolean
yc_password_acceptable (const char *password,
                        GError    **error)
{
  if (password == NULL || g_utf8_strlen (password, -1) < YC_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "A password needs at least %d characters", YC_PASSWORD_MIN_LENGTH);
      return FALSE;
    }
  return TRUE;
}

char *
yc_password_cost_prefix (const YcPasswordCost *cost)
{
  return g_strdup_printf ("$argon2id$v=%d$m=%u,t=%u,p=%u$", ARGON2_VERSION_NUMBER,
                          cost->memory_kib, cost->iterations, cost->parallelism);
}

char *
yc_password_hash (const char           *password,
                  const YcPasswordCost *cost,
                  GError              **error)
{
  guint8 salt[SALT_LEN];
  gsize encoded_len;
  g_autofree char *encoded = NULL;
  int rc;

  if (!yc_password_acceptable (password, error))
    return NULL;

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

#define SEAL_MAX 256

static gboolean
seal_key (const char           *password,
          const YcPasswordCost *cost,
          const guint8         *salt,
          guint8               *key,
          gsize                 len,
          GError              **error)
{
  int rc = argon2id_hash_raw (cost->iterations, cost->memory_kib, cost->parallelism, password,
                              strlen (password), salt, SALT_LEN, key, len);

  if (rc != ARGON2_OK)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_FAILED, "argon2id: %s",
                   argon2_error_message (rc));
      return FALSE;
    }
  return TRUE;
}

static void
append_hex (GString      *s,
            const guint8 *data,
            gsize         len)
{
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
}

static gboolean
parse_hex (const char *text,
           gsize       text_len,
           guint8     *out,
           gsize       len)
{
  if (text_len != 2 * len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]), lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

char *
yc_password_seal (const char           *password,
                  const char           *secret,
                  const YcPasswordCost *cost,
                  GError              **error)
{
  gsize len = strlen (secret);
  guint8 salt[SALT_LEN];
  guint8 key[SEAL_MAX];
  g_autoptr (GString) sealed = g_string_new (NULL);

  if (len == 0 || len > SEAL_MAX)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "A sealed secret has 1 to %d bytes", SEAL_MAX);
      return NULL;
    }
  yc_random_bytes (salt, sizeof salt);
  if (!seal_key (password, cost, salt, key, len, error))
    return NULL;
  for (gsize i = 0; i < len; i++)
    key[i] ^= (guint8) secret[i];
  g_string_append_printf (sealed, "argon2id$t=%u,m=%u,p=%u$", cost->iterations,
                          cost->memory_kib, cost->parallelism);
  append_hex (sealed, salt, sizeof salt);
  g_string_append_c (sealed, '$');
  append_hex (sealed, key, len);
  memset (key, 0, sizeof key);
  return g_string_free (g_steal_pointer (&sealed), FALSE);
}

char *
yc_password_unseal (const char *password,
                    const char *sealed,
                    GError    **error)
{
  YcPasswordCost cost;
  guint8 salt[SALT_LEN];
  guint8 key[SEAL_MAX];
  const char *salt_hex, *data_hex;
  gsize len;
  int consumed = 0;
  char *secret;

  if (sealed == NULL ||
      sscanf (sealed, "argon2id$t=%u,m=%u,p=%u$%n", &cost.iterations, &cost.memory_kib,
              &cost.parallelism, &consumed) != 3 || consumed == 0 ||
      (data_hex = strchr ((salt_hex = sealed + consumed), '$')) == NULL ||
      !parse_hex (salt_hex, data_hex - salt_hex, salt, sizeof salt) ||
      (len = strlen (++data_hex) / 2) == 0 || len > SEAL_MAX ||
      !parse_hex (data_hex, strlen (data_hex), key, len))
    {
      g_set_error_literal (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                           "Not a sealed secret");
      return NULL;
    }
  secret = g_malloc0 (len + 1);
  if (!seal_key (password, &cost, salt, (guint8 *) secret, len, error))
    {
      g_free (secret);
      return NULL;
    }
  for (gsize i = 0; i < len; i++)
    secret[i] ^= (char) key[i];
  return secret;
}
