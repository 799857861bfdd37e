/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scan-spool"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "yc-scan-spool.h"

struct _YcSpool
{
  char *dir;
  gint  next_file;  /* atomic */
};

YcSpool *
yc_spool_new (const char  *parent_dir,
              GError     **error)
{
  g_autofree char *template = NULL;
  YcSpool *self;

  template = g_build_filename (parent_dir != NULL ? parent_dir : g_get_tmp_dir (),
                               "yc-scan-XXXXXX", NULL);
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", template, g_strerror (saved_errno));
      return NULL;
    }

  self = g_atomic_rc_box_new0 (YcSpool);
  self->dir = g_steal_pointer (&template);
  return self;
}

YcSpool *
yc_spool_ref (YcSpool *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
yc_spool_clear (gpointer data)
{
  YcSpool *self = data;

  /* Each page removes its own file and a writer that gives up removes its partial one, so
   * a directory that is not empty here is a bug worth a message. */
  if (g_rmdir (self->dir) != 0)
    g_warning ("Could not remove the scan spool %s: %s", self->dir, g_strerror (errno));
  g_free (self->dir);
}

void
yc_spool_unref (YcSpool *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, yc_spool_clear);
}

const char *
yc_spool_get_dir (YcSpool *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->dir;
}

char *
yc_spool_new_file_path (YcSpool    *self,
                        const char *extension)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  name = g_strdup_printf ("page-%04d.%s", g_atomic_int_add (&self->next_file, 1) + 1, extension);
  return g_build_filename (self->dir, name, NULL);
}
