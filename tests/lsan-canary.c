/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Canary for tests/lsan.supp: loses one string allocated through GLib, the way nearly all of
 * our own leaks would be allocated. Run under LeakSanitizer with our suppressions it must
 * fail; with --free it frees the string and must pass, so the failure is the leak alone. */
#include "config.h"

#define G_LOG_DOMAIN "yc-lsan-canary"

#include <string.h>

#include <glib.h>

/* Not inlined, so no pointer to the string survives in main's frame or registers. */
static G_GNUC_NO_INLINE gsize
copy_a_string (gboolean free_it)
{
  char *copy = g_strdup ("lost on purpose: LeakSanitizer must report this string");
  gsize length = strlen (copy);

  if (free_it)
    g_free (copy);
  return length;
}

int
main (int   argc,
      char *argv[])
{
  gboolean free_it = argc > 1 && g_strcmp0 (argv[1], "--free") == 0;

  g_print ("copied %" G_GSIZE_FORMAT " bytes, %s\n", copy_a_string (free_it),
           free_it ? "freed" : "leaked");
  return 0;
}
