/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which sources a scanner offers: read from the source option's list on SANE's test backend,
 * and from lists the test device does not have. */
#include "config.h"

#include <gio/gio.h>

#include "yc-scanner-options.h"
#include "yc-scanner.h"
#include "yc-test-sane.h"

#define FLATBED (1u << YC_SCAN_SOURCE_FLATBED)
#define FEEDER (1u << YC_SCAN_SOURCE_FEEDER)
#define DUPLEX (1u << YC_SCAN_SOURCE_FEEDER_DUPLEX)

static YcScanner *scanner;
static char *work_dir;

typedef struct
{
  const char        *name;
  const char        *list[5];
  gboolean           duplex_switch;
  guint              expected;
} ListCase;

static const ListCase list_cases[] = {
  { "flatbed-and-feeder", { "Flatbed", "Automatic Document Feeder", NULL }, FALSE,
    FLATBED | FEEDER },
  { "feeder-duplex-switch", { "Flatbed", "ADF", NULL }, TRUE, FLATBED | FEEDER | DUPLEX },
  { "duplex-source", { "Flatbed", "ADF Front", "ADF Duplex", NULL }, FALSE,
    FLATBED | FEEDER | DUPLEX },
  { "sheet-fed", { "ADF Front", "ADF Back", "ADF Duplex", NULL }, FALSE, FEEDER | DUPLEX },
  { "switch-without-feeder", { "Flatbed", NULL }, TRUE, FLATBED },
  { "unknown-names", { "Transparency Unit", NULL }, FALSE, FLATBED },
  { "no-list", { NULL }, FALSE, FLATBED },
};

static void
test_from_list (gconstpointer data)
{
  const ListCase *tc = data;
  const SANE_String_Const *list = tc->list[0] != NULL ? tc->list : NULL;

  g_assert_cmphex (yc_sane_sources_from_list (list, tc->duplex_switch), ==, tc->expected);
}

typedef struct
{
  gboolean  done;
  guint     sources;
  GError   *error;
} QueryResult;

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  QueryResult *query = user_data;

  query->sources = yc_scanner_query_sources_finish (YC_SCANNER (object), result, &query->error);
  query->done = TRUE;
}

typedef struct
{
  const char     *device;
  guint           expected;
  YcScannerError  code;     /* when expected is 0 */
} DeviceCase;

static const DeviceCase device_cases[] = {
  /* Both test devices list "Flatbed" and "Automatic Document Feeder", and no duplex. */
  { "test:0", FLATBED | FEEDER, 0 },
  { "test:1", FLATBED | FEEDER, 0 },
  { "test:7", 0, YC_SCANNER_ERROR_NO_DEVICE },
};

static void
test_device (gconstpointer data)
{
  const DeviceCase *tc = data;
  QueryResult query = { 0 };

  yc_scanner_query_sources_async (scanner, tc->device, NULL, query_done_cb, &query);
  yc_test_iterate_until (&query.done, 30);
  if (tc->expected == 0)
    {
      g_assert_error (query.error, YC_SCANNER_ERROR, (int) tc->code);
      g_assert_cmpuint (query.sources, ==, 0);
      g_clear_error (&query.error);
    }
  else
    {
      g_assert_no_error (query.error);
      g_assert_cmphex (query.sources, ==, tc->expected);
    }
  g_assert_false (yc_scanner_get_scanning (scanner));
}

static void
test_during_scan (void)
{
  g_autoptr(YcScanSettings) settings = yc_scan_settings_new ();
  g_autoptr(YcScanDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  QueryResult query = { 0 };
  guint n;

  /* Asked while a batch runs, the answer waits for the batch and does not disturb it. */
  document = yc_scan_document_new (work_dir, &error);
  g_assert_no_error (error);
  yc_scan_settings_set_device (settings, "test:0");
  yc_scan_settings_set_source (settings, YC_SCAN_SOURCE_FEEDER);
  yc_scan_settings_set_resolution (settings, 50);
  yc_scanner_scan_async (scanner, settings, document, NULL, NULL, NULL);
  yc_scanner_query_sources_async (scanner, "test:0", NULL, query_done_cb, &query);
  n = yc_scanner_scan_sync (scanner, settings, document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 10);
  yc_test_iterate_until (&query.done, 30);
  g_assert_no_error (query.error);
  g_assert_cmphex (query.sources, ==, FLATBED | FEEDER);
  /* Both batches of ten, the query between them. */
  g_assert_cmpuint (yc_scan_document_get_n_pages (document), ==, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  work_dir = g_dir_make_tmp ("yc-test-scan-sources-XXXXXX", &error);
  g_assert_no_error (error);
  yc_test_sane_setup (work_dir);
  scanner = yc_scanner_new ();

  for (guint i = 0; i < G_N_ELEMENTS (list_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scan-sources/list/%s", list_cases[i].name);

      g_test_add_data_func (path, &list_cases[i], test_from_list);
    }
  for (guint i = 0; i < G_N_ELEMENTS (device_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scan-sources/device/%s",
                                               device_cases[i].device);

      g_test_add_data_func (path, &device_cases[i], test_device);
    }
  g_test_add_func ("/scan-sources/during-scan", test_during_scan);

  status = g_test_run ();

  g_clear_object (&scanner);
  yc_test_remove_tree (work_dir);
  g_free (work_dir);
  return status;
}
