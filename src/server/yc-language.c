/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-language"

#include "config.h"

#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "yc-language.h"

/* The catalogues po/LINGUAS ships, besides the English msgids. */
#define CHINESE_CATALOGUE "zh_CN"

static const char *default_tag = "en";
static locale_t english = (locale_t) 0;
static locale_t chinese = (locale_t) 0;

void
yc_language_init (void)
{
  const char *header;

  if (english != (locale_t) 0)
    return;
  /* A found catalogue has a non-empty header: the server's own locale and LANGUAGE decide
   * the default, as they did before requests could choose. */
  header = dgettext (GETTEXT_PACKAGE, "");
  if (header != NULL && header[0] != '\0')
    default_tag = "zh-CN";
  /* LANGUAGE is read only where LC_MESSAGES is not "C": it steers the Chinese locale and
   * leaves the English one alone. Set while the process has one thread. */
  g_setenv ("LANGUAGE", CHINESE_CATALOGUE, TRUE);
  english = newlocale (LC_MESSAGES_MASK, "C", duplocale (LC_GLOBAL_LOCALE));
  chinese = newlocale (LC_MESSAGES_MASK, "C.UTF-8", duplocale (LC_GLOBAL_LOCALE));
  if (chinese == (locale_t) 0)
    g_warning ("The C.UTF-8 locale is missing: replies cannot be given in Chinese");
  if (english == (locale_t) 0)
    english = duplocale (LC_GLOBAL_LOCALE);
  /* The main thread answers a few requests itself (unknown paths, bodies too large). */
  uselocale (yc_language_get_locale (default_tag));
}

void
yc_language_set_default (const char *tag)
{
  default_tag = g_str_equal (tag, "zh-CN") ? "zh-CN" : "en";
  uselocale (yc_language_get_locale (default_tag));
}

/* The quality of one Accept-Language entry, 0 to 1000; -1 when it is malformed. */
static int
entry_quality (const char *params)
{
  const char *q = strstr (params, "q=");
  double value;
  char *end = NULL;

  if (q == NULL)
    return 1000;
  value = g_ascii_strtod (q + 2, &end);
  if (end == q + 2 || value < 0 || value > 1)
    return -1;
  return (int) (value * 1000 + 0.5);
}

/* "zh-CN", "en" or NULL for a language range we have no catalogue for. */
static const char *
range_tag (const char *range)
{
  if (g_ascii_strcasecmp (range, "zh") == 0 || g_ascii_strncasecmp (range, "zh-", 3) == 0)
    {
      /* Traditional script and the regions that write it are not what the catalogue is. */
      if (strstr (range, "-Hant") != NULL || strstr (range, "-hant") != NULL ||
          g_ascii_strcasecmp (range, "zh-TW") == 0 || g_ascii_strcasecmp (range, "zh-HK") == 0 ||
          g_ascii_strcasecmp (range, "zh-MO") == 0)
        return NULL;
      return "zh-CN";
    }
  if (g_ascii_strcasecmp (range, "en") == 0 || g_ascii_strncasecmp (range, "en-", 3) == 0)
    return "en";
  return NULL;
}

const char *
yc_language_negotiate (const char *accept_language)
{
  g_auto (GStrv) entries = NULL;
  const char *best = NULL;
  int best_q = 0;

  if (accept_language == NULL)
    return default_tag;
  entries = g_strsplit (accept_language, ",", 32);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      char *semicolon = strchr (entries[i], ';');
      const char *tag;
      int q;

      q = semicolon != NULL ? entry_quality (semicolon + 1) : 1000;
      if (semicolon != NULL)
        *semicolon = '\0';
      tag = range_tag (g_strstrip (entries[i]));
      /* The first of equal qualities wins: the list is in the client's order. */
      if (tag != NULL && q > best_q)
        {
          best = tag;
          best_q = q;
        }
    }
  return best != NULL ? best : default_tag;
}

locale_t
yc_language_get_locale (const char *tag)
{
  if (english == (locale_t) 0)
    return LC_GLOBAL_LOCALE;
  if (g_str_equal (tag, "zh-CN") && chinese != (locale_t) 0)
    return chinese;
  return english;
}
