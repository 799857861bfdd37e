/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-sniff"

#include "config.h"

#include <string.h>

#include "yc-sniff.h"

const char *
yc_sniff_content_type (const guint8 *data,
                       gsize         len)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff };

  if (data == NULL)
    return NULL;
  if (len >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return "application/pdf";
  if (len >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "image/png";
  if (len >= sizeof jpeg && memcmp (data, jpeg, sizeof jpeg) == 0)
    return "image/jpeg";
  return NULL;
}

const char *
yc_sniff_extension (const char *content_type)
{
  if (g_strcmp0 (content_type, "application/pdf") == 0)
    return "pdf";
  if (g_strcmp0 (content_type, "image/png") == 0)
    return "png";
  if (g_strcmp0 (content_type, "image/jpeg") == 0)
    return "jpg";
  return "bin";
}
