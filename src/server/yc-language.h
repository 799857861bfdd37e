/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The language a reply is written in. Problem titles and details are translated with gettext
 * on whichever thread builds them, so each request runs under a per-thread locale
 * (uselocale) chosen from its Accept-Language: "C" gives the English msgids, "C.UTF-8" with
 * LANGUAGE naming the server's catalogue gives the translation. Both locales are built into
 * glibc, so no generated locale is needed on the host. */
#pragma once

#include <locale.h>

#include <glib.h>

G_BEGIN_DECLS

/* Once, after setlocale () and bindtextdomain () and before any other thread starts: notes
 * the language the server's own environment asks for (the default reply language) and sets
 * LANGUAGE so that the per-thread Chinese locale finds the catalogue. */
void        yc_language_init       (void);
/* The configured default ("zh-CN" or "en") instead of the environment's; for the main
 * thread too. */
void        yc_language_set_default (const char *tag);
/* The language tag of the reply to a request with this Accept-Language header (nullable):
 * "zh-CN" or "en"; the server's default when the header names neither. */
const char *yc_language_negotiate  (const char *accept_language);
/* The per-thread locale for a tag from yc_language_negotiate (); owned by the module. */
locale_t    yc_language_get_locale (const char *tag);

G_END_DECLS
