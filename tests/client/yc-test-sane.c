/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>

#include <glib/gstdio.h>
#include <sane/sane.h>

#include "yc-test-sane.h"

#define READ_RETURN_VALUE "read-return-value"

/* A fault armed for a later page: starts left before it (atomic; 0 when none), the status to
 * inject, and whether the device still has it set. The last two are the scanner thread's. */
static gint fault_countdown;
static const char *fault_status;
static gboolean fault_set;

void
yc_test_sane_setup (const char *dir)
{
  g_autofree char *sane_dir = g_build_filename (dir, "sane.d", NULL);
  g_autofree char *dll = g_build_filename (sane_dir, "dll.conf", NULL);
  g_autofree char *conf = g_build_filename (sane_dir, "test.conf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_cmpint (g_mkdir_with_parents (sane_dir, 0700), ==, 0);
  g_file_set_contents (dll, "test\n", -1, &error);
  g_assert_no_error (error);
  g_file_get_contents ("/etc/sane.d/test.conf", &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (conf, contents, length, &error);
  g_assert_no_error (error);
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);

  /* The test backend's reader thread leaks its picture buffer when it is cancelled (a fault
   * or a cancel). Keeping the module loaded past sane_exit() lets LeakSanitizer name it, so
   * that tests/lsan.supp can suppress exactly that library and nothing of ours. */
  if (dlopen (SANE_BACKEND_DIR "/libsane-test.so.1", RTLD_NOW | RTLD_LOCAL) == NULL)
    g_test_message ("test backend not pinned: %s", dlerror ());
}

/* libsane's reader threads (sanei_thread) make themselves asynchronously cancellable, and
 * sane_cancel() or the end of a page cancels them. Cancelled inside malloc() or free(), one
 * leaves the allocator locked and a later thread hangs (seen about once in a hundred runs
 * with MALLOC_PERTURB_). Deferred cancellation acts at the reader's write(), usleep() and
 * sleep() instead: as prompt, and never inside the allocator. The executable exports this
 * (export_dynamic) so that it wins over libc for the dlopen()ed backend; the scanner code
 * under test is unchanged. */
int
pthread_setcanceltype (int  type,
                       int *oldtype)
{
  static int (*real_setcanceltype) (int, int *);

  if (real_setcanceltype == NULL)
    real_setcanceltype = (int (*) (int, int *)) dlsym (RTLD_NEXT, "pthread_setcanceltype");
  return real_setcanceltype (PTHREAD_CANCEL_DEFERRED, oldtype);
}

void
yc_test_sane_fault_at_page (guint       page,
                            const char *status)
{
  g_assert_cmpuint (page, >, 0);
  fault_status = status;
  /* Published by the atomic store, before the job's request reaches the scanner thread. */
  g_atomic_int_set (&fault_countdown, (gint) page);
}

static void
set_read_return_value (SANE_Handle  handle,
                       const char  *value)
{
  const SANE_Option_Descriptor *option;

  for (SANE_Int i = 1; (option = sane_get_option_descriptor (handle, i)) != NULL; i++)
    if (g_strcmp0 (option->name, READ_RETURN_VALUE) == 0)
      {
        g_autofree char *buffer = g_malloc0 (option->size);

        g_strlcpy (buffer, value, option->size);
        g_assert_cmpint (sane_control_option (handle, i, SANE_ACTION_SET_VALUE, buffer, NULL),
                         ==, SANE_STATUS_GOOD);
        return;
      }
  g_error ("The device has no %s option", READ_RETURN_VALUE);
}

/* The scanner code under test calls this sane_start() (the test executable defines it): it
 * sets the backend's own fault injection just before the armed page starts, and takes it off
 * at the next start, between pages where the device accepts option changes. */
SANE_Status
sane_start (SANE_Handle handle)
{
  static SANE_Status (*real_start) (SANE_Handle);

  if (real_start == NULL)
    real_start = (SANE_Status (*) (SANE_Handle)) dlsym (RTLD_NEXT, "sane_start");
  if (fault_set)
    {
      set_read_return_value (handle, "Default");
      fault_set = FALSE;
    }
  if (g_atomic_int_get (&fault_countdown) > 0 && g_atomic_int_dec_and_test (&fault_countdown))
    {
      set_read_return_value (handle, fault_status);
      fault_set = TRUE;
    }
  return real_start (handle);
}

void
yc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        yc_test_remove_tree (child);
      }
  g_remove (path);
}

void
yc_test_iterate_until (gboolean *flag,
                       guint     timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (!*flag)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}
