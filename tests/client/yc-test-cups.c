/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <cups/cups.h>

#include "yc-test-cups.h"

#define CUPSD "/usr/sbin/cupsd"

static char *cups_dir;
static char *server;
static GSubprocess *cupsd;

static char *
path_in (const char *name)
{
  return g_build_filename (cups_dir, name, NULL);
}

int
yc_test_cups_free_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  int port;

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  port = ntohs (addr.sin_port);
  close (fd);
  return port;
}

static gboolean
port_open (int port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  gboolean ok;

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (port);
  ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
  close (fd);
  return ok;
}

void
yc_test_cups_run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH
                               | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status,
                               &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

static void
owned_by_lp (const char *path)
{
  struct passwd *lp = getpwnam ("lp");

  if (geteuid () == 0 && lp != NULL)
    g_assert_cmpint (chown (path, lp->pw_uid, lp->pw_gid), ==, 0);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

gboolean
yc_test_cups_start (void)
{
  const char *dirs[] = { "spool", "cache", "state", "log", "tmp", "out" };
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL, *files = NULL, *conf_path = NULL, *files_path = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  int port;

  if (!g_file_test (CUPSD, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  port = yc_test_cups_free_port ();
  cups_dir = g_dir_make_tmp ("yc-cups-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (cups_dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = path_in (dirs[i]);

      g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
      if (i == 0 || i >= 4)
        owned_by_lp (dir);
    }

  /* Job files and history are kept, so that a test reads back what each job sent. */
  conf = g_strdup_printf ("Listen 127.0.0.1:%d\nLogLevel warn\nDefaultAuthType None\n"
                          "PreserveJobFiles Yes\nPreserveJobHistory Yes\n"
                          "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                          "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
                          "<Policy default>\n  <Limit All>\n    Order deny,allow\n"
                          "    Allow all\n  </Limit>\n</Policy>\n", port);
  files = g_strdup_printf ("ServerRoot %1$s\nRequestRoot %1$s/spool\nCacheDir %1$s/cache\n"
                           "StateDir %1$s/state\nTempDir %1$s/tmp\nErrorLog %1$s/log/error_log\n"
                           "AccessLog %1$s/log/access_log\nPageLog %1$s/log/page_log\n"
                           "FileDevice Yes\n%2$s", cups_dir,
                           geteuid () == 0 ? "User lp\nGroup lp\n" : "");
  conf_path = path_in ("cupsd.conf");
  files_path = path_in ("cups-files.conf");
  g_assert_true (g_file_set_contents (conf_path, conf, -1, NULL));
  g_assert_true (g_file_set_contents (files_path, files, -1, NULL));

  server = g_strdup_printf ("127.0.0.1:%d", port);
  g_setenv ("CUPS_SERVER", server, TRUE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                       | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  cupsd = g_subprocess_launcher_spawn (launcher, &error, CUPSD, "-f", "-c", conf_path, "-s",
                                       files_path, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 100 && !port_open (port); i++)
    g_usleep (100 * 1000);
  g_assert_true (port_open (port));
  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (path, name, NULL);

      remove_tree (sub);
    }
  g_remove (path);
}

void
yc_test_cups_stop (void)
{
  if (cupsd != NULL)
    {
      g_subprocess_send_signal (cupsd, SIGTERM);
      g_subprocess_wait (cupsd, NULL, NULL);
      g_clear_object (&cupsd);
    }
  if (cups_dir != NULL)
    remove_tree (cups_dir);
  g_clear_pointer (&cups_dir, g_free);
  g_clear_pointer (&server, g_free);
}

char *
yc_test_cups_path (const char *name)
{
  return path_in (name);
}

const char *
yc_test_cups_server (void)
{
  return server;
}

void
yc_test_cups_add_printer (const char *name,
                          gboolean    is_default)
{
  yc_test_cups_add_printer_ppd (name, YC_TEST_CUPS_PDF_PPD, is_default);
}

void
yc_test_cups_add_printer_ppd (const char *name,
                              const char *ppd,
                              gboolean    is_default)
{
  g_autofree char *uri = g_strdup_printf ("file://%s/out/%s.prn", cups_dir, name);
  const char *add[] = { "lpadmin", "-p", name, "-E", "-v", uri, "-m", ppd, NULL };
  const char *set_default[] = { "lpadmin", "-d", name, NULL };

  yc_test_cups_run_tool (add);
  if (is_default)
    yc_test_cups_run_tool (set_default);
}

void
yc_test_cups_job_clear (YcTestCupsJob *job)
{
  g_clear_pointer (&job->sides, g_free);
  g_clear_pointer (&job->media, g_free);
  g_clear_pointer (&job->printer, g_free);
}

void
yc_test_cups_job_get (int            job_id,
                      YcTestCupsJob *job)
{
  http_t *http = httpConnect2 (cupsServer (), ippPort (), NULL, AF_UNSPEC,
                               HTTP_ENCRYPTION_NEVER, 1, 5000, NULL);
  ipp_t *request = ippNewRequest (IPP_OP_GET_JOB_ATTRIBUTES);
  ipp_t *response;
  ipp_attribute_t *attr;
  char uri[HTTP_MAX_URI];

  memset (job, 0, sizeof *job);
  g_assert_nonnull (http);
  httpAssembleURIf (HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", ippPort (),
                    "/jobs/%d", job_id);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
  response = cupsDoRequest (http, request, "/");
  g_assert_nonnull (response);
  g_assert_cmpint (ippGetStatusCode (response), <=, IPP_STATUS_OK_CONFLICTING);
  if ((attr = ippFindAttribute (response, "job-state", IPP_TAG_ENUM)) != NULL)
    job->state = ippGetInteger (attr, 0);
  if ((attr = ippFindAttribute (response, "copies", IPP_TAG_INTEGER)) != NULL)
    job->copies = ippGetInteger (attr, 0);
  if ((attr = ippFindAttribute (response, "sides", IPP_TAG_KEYWORD)) != NULL)
    job->sides = g_strdup (ippGetString (attr, 0, NULL));
  if ((attr = ippFindAttribute (response, "media", IPP_TAG_ZERO)) != NULL)
    job->media = g_strdup (ippGetString (attr, 0, NULL));
  if ((attr = ippFindAttribute (response, "job-printer-uri", IPP_TAG_URI)) != NULL)
    {
      const char *printer_uri = ippGetString (attr, 0, NULL);
      const char *slash = strrchr (printer_uri, '/');

      job->printer = g_strdup (slash != NULL ? slash + 1 : printer_uri);
    }
  ippDelete (response);
  httpClose (http);
}

int
yc_test_cups_job_wait_final (int job_id)
{
  for (guint i = 0; i < 600; i++)
    {
      g_auto(YcTestCupsJob) job = { 0 };

      yc_test_cups_job_get (job_id, &job);
      if (job.state >= IPP_JSTATE_STOPPED)
        return job.state;
      g_usleep (100 * 1000);
    }
  return 0;
}

char *
yc_test_cups_job_document_sha256 (int job_id)
{
  g_autofree char *name = g_strdup_printf ("d%05d-001", job_id);
  g_autofree char *rel = g_build_filename ("spool", name, NULL);
  g_autofree char *path = path_in (rel);
  g_autofree char *contents = NULL;
  gsize size;

  if (!g_file_get_contents (path, &contents, &size, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, size);
}
