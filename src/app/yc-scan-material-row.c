/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scan-material-row"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-scan-material-row.h"

typedef struct
{
  YcScanStore    *store;  /* weak: the store outlives the rows of its intake page */
  char           *code;
  GtkLabel       *pages;
  GtkCheckButton *checked;
} Suffix;

static void
suffix_free (gpointer data)
{
  Suffix *suffix = data;

  g_clear_weak_pointer (&suffix->store);
  g_free (suffix->code);
  g_free (suffix);
}

static void
show_scans (Suffix *suffix)
{
  guint n = yc_scan_store_get_n_pages (suffix->store, suffix->code);
  g_autofree char *text = g_strdup_printf (ngettext ("%u page attached",
                                                        "%u pages attached", n), n);

  gtk_label_set_text (suffix->pages, text);
  gtk_widget_set_visible (GTK_WIDGET (suffix->pages), n > 0);
  gtk_check_button_set_active (suffix->checked,
                               yc_scan_store_get_original_checked (suffix->store, suffix->code));
}

static void
on_changed (YcScanStore *store,
            const char  *code,
            Suffix      *suffix)
{
  if (g_strcmp0 (code, suffix->code) == 0)
    show_scans (suffix);
}

static void
on_toggled (GtkCheckButton *button,
            Suffix         *suffix)
{
  if (suffix->store != NULL)
    yc_scan_store_set_original_checked (suffix->store, suffix->code,
                                        gtk_check_button_get_active (button));
}

static void
on_destroy (GtkWidget *box,
            Suffix    *suffix)
{
  if (suffix->store != NULL)
    g_signal_handlers_disconnect_by_data (suffix->store, suffix);
}

GtkWidget *
yc_scan_material_row_new (YcScanStore *store,
                          const char  *code)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  Suffix *suffix = g_new0 (Suffix, 1);

  g_return_val_if_fail (YC_IS_SCAN_STORE (store), NULL);
  g_set_weak_pointer (&suffix->store, store);
  suffix->code = g_strdup (code);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  suffix->pages = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (suffix->pages), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (suffix->pages));
  suffix->checked = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (_("Original checked")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (suffix->checked),
                               _("The original was compared with what was scanned"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (suffix->checked));
  show_scans (suffix);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), suffix);
  g_signal_connect (suffix->checked, "toggled", G_CALLBACK (on_toggled), suffix);
  g_signal_connect (box, "destroy", G_CALLBACK (on_destroy), suffix);
  g_object_set_data_full (G_OBJECT (box), "yc-scan-suffix", suffix, suffix_free);
  return box;
}
