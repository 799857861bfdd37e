/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Canary for tests/lsan.supp and the tests' environment: loses one string allocated through
 * GLib, the way nearly all of our own leaks would be allocated (or, with --object, one GObject
 * whose reference is never dropped). Run under LeakSanitizer with our suppressions it must
 * fail; with --free it frees what it made and must pass, so the failure is the leak alone. */
#include "config.h"

#define G_LOG_DOMAIN "yc-lsan-canary"

#include <string.h>

#include <glib-object.h>

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

static G_GNUC_NO_INLINE void
make_an_object (gboolean free_it)
{
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);

  if (free_it)
    g_object_unref (object);
}

int
main (int   argc,
      char *argv[])
{
  gboolean object = FALSE, free_it = FALSE;

  for (int i = 1; i < argc; i++)
    {
      object |= g_str_equal (argv[i], "--object");
      free_it |= g_str_equal (argv[i], "--free");
    }
  if (object)
    make_an_object (free_it);
  else
    g_print ("copied %" G_GSIZE_FORMAT " bytes\n", copy_a_string (free_it));
  g_print ("%s\n", free_it ? "freed" : "leaked");
  return 0;
}
