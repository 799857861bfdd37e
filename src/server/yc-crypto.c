/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-crypto"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "yc-crypto.h"

#define BASE32_ID_LEN 26

void
yc_random_bytes (guint8 *buf,
                 gsize   len)
{
  gsize got = 0;

  while (got < len)
    {
      ssize_t n = getrandom (buf + got, len - got, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_error ("getrandom failed: %s", g_strerror (errno));
        }
      got += n;
    }
}

char *
yc_random_token (void)
{
  guint8 raw[32];
  char *text;

  yc_random_bytes (raw, sizeof raw);
  text = g_base64_encode (raw, sizeof raw);
  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  memset (raw, 0, sizeof raw);
  return text;
}

char *
yc_random_base32_id (void)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  guint8 raw[16];
  GString *out = g_string_sized_new (BASE32_ID_LEN + 1);
  guint buffer = 0;
  int bits = 0;

  yc_random_bytes (raw, sizeof raw);
  for (gsize i = 0; i < sizeof raw; i++)
    {
      buffer = (buffer << 8) | raw[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (out, alphabet[(buffer << (5 - bits)) & 31]);
  return g_string_free (out, FALSE);
}

gboolean
yc_is_base32_id (const char *text)
{
  if (text == NULL || strlen (text) != BASE32_ID_LEN)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= '2' && *p <= '7')))
      return FALSE;
  return TRUE;
}

char *
yc_sha256_hex (gconstpointer data,
               gsize         len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

char *
yc_sha256_hex_string (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

gboolean
yc_is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}
