/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scan-store"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-rest-client.h"
#include "yc-scan-store.h"

typedef struct
{
  GBytes   *pdf;
  char     *sha256;
  guint     n_pages;
  gboolean  original_checked;
} Scan;

struct _YcScanStore
{
  GObject     parent_instance;
  GHashTable *scans;  /* code → Scan*; codes in insertion order in @codes */
  GPtrArray  *codes;
};

G_DEFINE_FINAL_TYPE (YcScanStore, yc_scan_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
scan_free (gpointer data)
{
  Scan *scan = data;

  g_clear_pointer (&scan->pdf, g_bytes_unref);
  g_free (scan->sha256);
  g_free (scan);
}

static Scan *
lookup (YcScanStore *self,
        const char  *code,
        gboolean     create)
{
  Scan *scan = g_hash_table_lookup (self->scans, code);

  if (scan == NULL && create)
    {
      scan = g_new0 (Scan, 1);
      g_hash_table_insert (self->scans, g_strdup (code), scan);
      g_ptr_array_add (self->codes, g_strdup (code));
    }
  return scan;
}

YcScanStore *
yc_scan_store_new (void)
{
  return g_object_new (YC_TYPE_SCAN_STORE, NULL);
}

void
yc_scan_store_clear (YcScanStore *self)
{
  g_autoptr(GPtrArray) codes = NULL;

  g_return_if_fail (YC_IS_SCAN_STORE (self));
  codes = g_steal_pointer (&self->codes);
  self->codes = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_remove_all (self->scans);
  for (guint i = 0; i < codes->len; i++)
    g_signal_emit (self, signals[CHANGED], 0, g_ptr_array_index (codes, i));
}

void
yc_scan_store_set_pdf (YcScanStore *self,
                       const char  *code,
                       GBytes      *pdf,
                       const char  *sha256,
                       guint        n_pages)
{
  Scan *scan;

  g_return_if_fail (YC_IS_SCAN_STORE (self));
  g_return_if_fail (pdf != NULL && sha256 != NULL);
  scan = lookup (self, code, TRUE);
  g_clear_pointer (&scan->pdf, g_bytes_unref);
  scan->pdf = g_bytes_ref (pdf);
  g_free (scan->sha256);
  scan->sha256 = g_strdup (sha256);
  scan->n_pages = n_pages;
  g_signal_emit (self, signals[CHANGED], 0, code);
}

guint
yc_scan_store_get_n_pages (YcScanStore *self,
                           const char  *code)
{
  Scan *scan = lookup (self, code, FALSE);

  return scan != NULL && scan->pdf != NULL ? scan->n_pages : 0;
}

const char *
yc_scan_store_get_sha256 (YcScanStore *self,
                          const char  *code)
{
  Scan *scan = lookup (self, code, FALSE);

  return scan != NULL ? scan->sha256 : NULL;
}

void
yc_scan_store_set_original_checked (YcScanStore *self,
                                    const char  *code,
                                    gboolean     checked)
{
  Scan *scan;

  g_return_if_fail (YC_IS_SCAN_STORE (self));
  scan = lookup (self, code, TRUE);
  if (scan->original_checked == !!checked)
    return;
  scan->original_checked = !!checked;
  g_signal_emit (self, signals[CHANGED], 0, code);
}

gboolean
yc_scan_store_get_original_checked (YcScanStore *self,
                                    const char  *code)
{
  Scan *scan = lookup (self, code, FALSE);

  return scan != NULL && scan->original_checked;
}

void
yc_scan_store_add_entries (YcScanStore *self,
                           const char  *number,
                           GPtrArray   *entries)
{
  g_autofree char *path = yc_rest_path_attachments (number);

  g_return_if_fail (YC_IS_SCAN_STORE (self));
  for (guint i = 0; i < self->codes->len; i++)
    {
      const char *code = g_ptr_array_index (self->codes, i);
      Scan *scan = lookup (self, code, FALSE);
      g_autofree char *summary = NULL;
      YcOutboxEntry *entry;

      if (scan->pdf == NULL)
        continue;
      summary = g_strdup_printf (_("Scan of %s for %s"), code, number);
      entry = yc_outbox_entry_new ("attachment", number, path, "application/pdf", scan->pdf,
                                   summary);
      /* The backend checks the hash and files the PDF under the material. */
      yc_outbox_entry_set_header (entry, "X-Content-SHA256", scan->sha256);
      yc_outbox_entry_set_header (entry, "X-Material-Code", code);
      g_ptr_array_add (entries, entry);
    }
}

static void
yc_scan_store_finalize (GObject *object)
{
  YcScanStore *self = YC_SCAN_STORE (object);

  g_clear_pointer (&self->scans, g_hash_table_unref);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  G_OBJECT_CLASS (yc_scan_store_parent_class)->finalize (object);
}

static void
yc_scan_store_class_init (YcScanStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_scan_store_finalize;
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
yc_scan_store_init (YcScanStore *self)
{
  self->scans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, scan_free);
  self->codes = g_ptr_array_new_with_free_func (g_free);
}
