/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scans feeder batches into one document and exports the PDF, as the desk client does, and
 * prints its figures. Driven by tests/bench/bench-scan, which measures it against the
 * standard tools; SANE_CONFIG_DIR comes from there. */
#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>

#include <gio/gio.h>

#include "yc-scan-document.h"
#include "yc-scanner.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(YcScanner) scanner = NULL;
  g_autoptr(YcScanDocument) document = NULL;
  g_autoptr(YcScanSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *device = g_strdup ("test:0");
  g_autofree char *mode = g_strdup ("gray");
  g_autofree char *picture = g_strdup ("Color pattern");
  g_autofree char *output = NULL;
  g_autofree char *spool = NULL;
  g_autofree char *sha256 = NULL;
  int dpi = 300, batches = 1, quality = 85;
  gint64 start, scanned, exported;
  guint n_pages = 0;
  struct rusage usage;
  GOptionEntry entries[] = {
    { "device", 0, 0, G_OPTION_ARG_STRING, &device, "SANE device", "NAME" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "gray, color or black-white", "MODE" },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, "Resolution", "DPI" },
    { "batches", 0, 0, G_OPTION_ARG_INT, &batches, "Feeder batches in one document", "N" },
    { "quality", 0, 0, G_OPTION_ARG_INT, &quality, "JPEG quality", "Q" },
    { "picture", 0, 0, G_OPTION_ARG_STRING, &picture, "Test backend picture", "NAME" },
    { "spool", 0, 0, G_OPTION_ARG_FILENAME, &spool, "Spool parent directory", "DIR" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "PDF to write", "FILE" },
    { NULL }
  };
  GEnumClass *modes;
  GEnumValue *value;

  context = g_option_context_new ("- scan feeder batches into one PDF");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || output == NULL)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--output is required");
      return 2;
    }

  modes = g_type_class_ref (YC_TYPE_SCAN_MODE);
  value = g_enum_get_value_by_nick (modes, mode);
  if (value == NULL)
    {
      g_printerr ("Unknown mode %s\n", mode);
      return 2;
    }

  settings = yc_scan_settings_new ();
  yc_scan_settings_set_device (settings, device);
  yc_scan_settings_set_source (settings, YC_SCAN_SOURCE_FEEDER);
  yc_scan_settings_set_mode (settings, value->value);
  yc_scan_settings_set_resolution (settings, dpi);
  yc_scan_settings_set_jpeg_quality (settings, quality);
  if (picture != NULL && *picture != '\0')
    yc_scan_settings_set_device_option (settings, "test-picture", picture);
  g_type_class_unref (modes);

  document = yc_scan_document_new (spool, &error);
  if (document == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  scanner = yc_scanner_new ();

  start = g_get_monotonic_time ();
  for (int i = 0; i < batches; i++)
    {
      n_pages += yc_scanner_scan_sync (scanner, settings, document, NULL, &error);
      if (error != NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  scanned = g_get_monotonic_time ();
  if (!yc_scan_document_export_pdf_run (document, output, &sha256, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  exported = g_get_monotonic_time ();

  getrusage (RUSAGE_SELF, &usage);
  g_print ("pages=%u scan_s=%.3f export_s=%.3f total_s=%.3f maxrss_kb=%ld sha256=%s\n",
           n_pages, (scanned - start) / 1e6, (exported - scanned) / 1e6,
           (exported - start) / 1e6, usage.ru_maxrss, sha256);
  return 0;
}
