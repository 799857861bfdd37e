/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scan-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "yc-application.h"
#include "yc-scan-device.h"
#include "yc-scan-dialog.h"
#include "yc-scanner.h"

#define THUMB_WIDTH 96
#define THUMB_HEIGHT 128

static const double resolutions[] = { 150, 200, 300, 400, 600 };
/* Indexed by YcScanSource. */
static const char * const source_labels[] = {
  N_("Flatbed"), N_("Document feeder"), N_("Document feeder, both sides"),
};

struct _YcScanDialog
{
  AdwWindow        parent_instance;

  AdwComboRow     *device_row;
  AdwComboRow     *source_row;
  AdwComboRow     *mode_row;
  AdwComboRow     *resolution_row;
  GtkProgressBar  *progress;
  GtkLabel        *status_label;
  GtkWidget       *continue_button;
  GtkListBox      *pages;

  YcScanner       *scanner;       /* shared by the application: SANE is process-wide */
  YcScanDocument  *document;
  YcScanStore     *store;
  char            *code;
  YcScanPurpose    purpose;
  YcScanSource     default_source;  /* of the material's kind */
  YcScanSource     source_values[G_N_ELEMENTS (source_labels)];  /* source_row's items */
  guint            n_sources;
  gboolean         sources_known;   /* source_row lists what the device says it has */
  GCancellable    *sources_cancellable;
  GPtrArray       *device_names;  /* char*, in the order of device_row's model */
  GHashTable      *device_options;/* name → value, for every scan */
  GCancellable    *cancellable;   /* the running scan or export */
  char            *problem;
  gboolean         scanning;
  gboolean         exporting;
  gboolean         filling;       /* device_row is being refilled: not the clerk's choice */
  gboolean         disposed;      /* closed while a job ran: its end touches no widget */
};

G_DEFINE_FINAL_TYPE (YcScanDialog, yc_scan_dialog, ADW_TYPE_WINDOW)

/* ---- helpers -------------------------------------------------------------------------- */

static YcScanner *
shared_scanner (void)
{
  GApplication *app = g_application_get_default ();
  YcScanner *scanner = g_object_get_data (G_OBJECT (app), "yc-scanner");

  /* One scanner for the process; it goes (sane_exit) with the application. */
  if (scanner == NULL)
    {
      scanner = yc_scanner_new ();
      g_object_set_data_full (G_OBJECT (app), "yc-scanner", scanner, g_object_unref);
    }
  return scanner;
}

static GSettings *
settings_of (void)
{
  return yc_application_get_settings (YC_APPLICATION (g_application_get_default ()));
}

static void
update_actions (YcScanDialog *self)
{
  gboolean idle = !self->scanning && !self->exporting && self->document != NULL;
  guint n = self->document != NULL ? yc_scan_document_get_n_pages (self->document) : 0;

  if (self->disposed)
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.scan",
                                 idle && self->device_names->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.cancel", !idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.attach", idle && n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.remove-page", idle && n > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pages), idle);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), !idle);
}

/* The fault stays in the dialog, next to the button that goes on, until the next scan. Not a
 * toast: libadwaita 1.2 frees a toast dismissed while it is still sliding in and then runs its
 * animation's handler on the freed memory (a crash in the display test). */
static void
show_problem (YcScanDialog *self,
              const char   *message,
              gboolean      can_continue)
{
  if (self->disposed)
    return;
  g_free (self->problem);
  self->problem = g_strdup (message);
  gtk_label_set_text (self->status_label, message);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_visible (self->continue_button, can_continue);
}

static void
show_status (YcScanDialog *self,
             const char   *message)
{
  if (self->disposed)
    return;
  gtk_label_set_text (self->status_label, message);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_visible (self->continue_button, FALSE);
}

/* ---- sources -------------------------------------------------------------------------- */

static YcScanSource
selected_source (YcScanDialog *self)
{
  guint i = adw_combo_row_get_selected (self->source_row);

  return i < self->n_sources ? self->source_values[i] : self->default_source;
}

/* Offers the sources in @sources (bits of YcScanSource), keeping the clerk's choice where the
 * device has it, else the material's default, else the first. */
static void
fill_sources (YcScanDialog *self,
              guint         sources)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  YcScanSource current = selected_source (self);
  guint selected = G_MAXUINT;

  self->n_sources = 0;
  for (guint i = 0; i < G_N_ELEMENTS (source_labels); i++)
    if ((sources & (1u << i)) != 0)
      {
        if (i == current || (i == self->default_source && selected == G_MAXUINT))
          selected = self->n_sources;
        self->source_values[self->n_sources++] = i;
        gtk_string_list_append (labels, _(source_labels[i]));
      }
  adw_combo_row_set_model (self->source_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->source_row, selected != G_MAXUINT ? selected : 0);
}

static void
sources_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(YcScanDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  guint sources = yc_scanner_query_sources_finish (YC_SCANNER (source), result, &error);

  /* A device that cannot be opened keeps the full list: scanning says what is wrong. */
  if (self->disposed || error != NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Sources of the scanner: %s", error->message);
      return;
    }
  fill_sources (self, sources);
  self->sources_known = TRUE;
}

static void
query_sources (YcScanDialog *self)
{
  const char *device = yc_scan_dialog_get_device (self);

  g_cancellable_cancel (self->sources_cancellable);
  g_clear_object (&self->sources_cancellable);
  self->sources_known = FALSE;
  if (device == NULL)
    return;
  self->sources_cancellable = g_cancellable_new ();
  yc_scanner_query_sources_async (self->scanner, device, self->sources_cancellable,
                                  sources_done, g_object_ref (self));
}

GListModel *
yc_scan_dialog_get_sources (YcScanDialog *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DIALOG (self), NULL);
  return self->sources_known ? adw_combo_row_get_model (self->source_row) : NULL;
}

/* ---- devices -------------------------------------------------------------------------- */

static void
on_devices_changed (YcScanDialog *self)
{
  GListModel *devices = yc_scanner_get_devices (self->scanner);
  g_autofree char *saved = g_settings_get_string (settings_of (), "scanner");
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  /* Kept alive by a job's callback after it was closed: its rows are gone. */
  if (self->disposed)
    return;
  g_ptr_array_set_size (self->device_names, 0);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(YcScanDevice) device = g_list_model_get_item (devices, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", yc_scan_device_get_label (device),
                                                yc_scan_device_get_name (device));

      if (g_strcmp0 (saved, yc_scan_device_get_name (device)) == 0)
        selected = i;
      g_ptr_array_add (self->device_names, g_strdup (yc_scan_device_get_name (device)));
      gtk_string_list_append (labels, label);
    }
  self->filling = TRUE;
  adw_combo_row_set_model (self->device_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->device_row, selected);
  self->filling = FALSE;
  if (self->device_names->len == 0)
    show_problem (self, _("No scanner was found. Check that it is switched on and connected, "
                          "then search again."), FALSE);
  else if (self->problem == NULL)
    show_status (self, _("Place the original and press Scan."));
  update_actions (self);
  query_sources (self);
}

static void
on_device_selected (YcScanDialog *self)
{
  guint i = adw_combo_row_get_selected (self->device_row);

  /* Chosen once per workstation: the clerk's choice is remembered. */
  if (!self->filling && i < self->device_names->len)
    {
      g_settings_set_string (settings_of (), "scanner",
                             g_ptr_array_index (self->device_names, i));
      query_sources (self);
    }
}

void
yc_scan_dialog_set_device_option (YcScanDialog *self,
                                  const char   *name,
                                  const char   *value)
{
  g_return_if_fail (YC_IS_SCAN_DIALOG (self));
  g_return_if_fail (name != NULL);
  if (value == NULL)
    g_hash_table_remove (self->device_options, name);
  else
    g_hash_table_replace (self->device_options, g_strdup (name), g_strdup (value));
}

const char *
yc_scan_dialog_get_device (YcScanDialog *self)
{
  guint i;

  g_return_val_if_fail (YC_IS_SCAN_DIALOG (self), NULL);
  i = adw_combo_row_get_selected (self->device_row);
  return i < self->device_names->len ? g_ptr_array_index (self->device_names, i) : NULL;
}

/* ---- scanning ------------------------------------------------------------------------- */

static void
on_page_started (YcScanDialog *self,
                 guint         page)
{
  g_autofree char *text = g_strdup_printf (_("Scanning page %u…"),
                                           yc_scan_document_get_n_pages (self->document) + 1);

  if (self->disposed)
    return;
  show_status (self, text);
  gtk_progress_bar_set_fraction (self->progress, 0.0);
}

static void
on_page_progress (YcScanDialog *self,
                  guint         page,
                  guint         lines,
                  gint          total_lines)
{
  if (self->disposed)
    return;
  if (total_lines > 0)
    gtk_progress_bar_set_fraction (self->progress, MIN (1.0, (double) lines / total_lines));
  else
    gtk_progress_bar_pulse (self->progress);
}

static void
scan_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcScanDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  guint added = yc_scanner_scan_finish (YC_SCANNER (source), result, &error);

  self->scanning = FALSE;
  g_clear_object (&self->cancellable);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_status (self, _("Scanning stopped. The pages scanned so far are kept."));
  else if (error != NULL)
    show_problem (self, error->message, TRUE);
  else
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u page scanned.",
                                                            "%u pages scanned.", added),
                                               added);

      show_status (self, text);
    }
  update_actions (self);
}

static void
scan_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  YcScanDialog *self = YC_SCAN_DIALOG (widget);
  g_autoptr(YcScanSettings) settings = yc_scan_settings_new_for_purpose (self->purpose);
  guint resolution = adw_combo_row_get_selected (self->resolution_row);
  const char *device = yc_scan_dialog_get_device (self);

  if (self->scanning || self->exporting || device == NULL)
    return;
  yc_scan_settings_set_device (settings, device);
  yc_scan_settings_set_source (settings, selected_source (self));
  yc_scan_settings_set_mode (settings, adw_combo_row_get_selected (self->mode_row));
  if (resolution < G_N_ELEMENTS (resolutions))
    yc_scan_settings_set_resolution (settings, resolutions[resolution]);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->device_options);
    while (g_hash_table_iter_next (&iter, &key, &value))
      yc_scan_settings_set_device_option (settings, key, value);
  }
  g_settings_set_string (settings_of (), "scanner", device);

  g_clear_pointer (&self->problem, g_free);
  show_status (self, _("Scanning…"));
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  self->scanning = TRUE;
  self->cancellable = g_cancellable_new ();
  update_actions (self);
  yc_scanner_scan_async (self->scanner, settings, self->document, self->cancellable, scan_done,
                         g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  YcScanDialog *self = YC_SCAN_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
refresh_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  YcScanDialog *self = YC_SCAN_DIALOG (widget);

  show_status (self, _("Searching for scanners…"));
  yc_scanner_refresh_devices (self->scanner);
}

/* ---- attaching ------------------------------------------------------------------------ */

typedef struct
{
  YcScanDialog *self;
  char         *dir;
  char         *path;
  char         *sha256;
  guint         n_pages;
} Export;

static void
export_free (Export *export)
{
  g_remove (export->path);
  g_rmdir (export->dir);
  g_object_unref (export->self);
  g_free (export->dir);
  g_free (export->path);
  g_free (export->sha256);
  g_free (export);
}

static void
export_failed (YcScanDialog *self,
               const GError *error)
{
  g_autofree char *message = NULL;

  self->exporting = FALSE;
  g_clear_object (&self->cancellable);
  update_actions (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  message = g_strdup_printf (_("The PDF could not be made: %s"), error->message);
  show_problem (self, message, FALSE);
}

static void
pdf_loaded (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Export *export = user_data;
  YcScanDialog *self = export->self;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  g_autoptr(GBytes) pdf = NULL;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      export_failed (self, error);
      export_free (export);
      return;
    }
  pdf = g_bytes_new_take (contents, length);
  yc_scan_store_set_pdf (self->store, self->code, pdf, export->sha256, export->n_pages);
  self->exporting = FALSE;
  g_clear_object (&self->cancellable);
  update_actions (self);
  export_free (export);
  if (!self->disposed)
    gtk_window_close (GTK_WINDOW (self));
}

static void
pdf_exported (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  if (!yc_scan_document_export_pdf_finish (YC_SCAN_DOCUMENT (source), result, &export->sha256,
                                           &error))
    {
      export_failed (export->self, error);
      export_free (export);
      return;
    }
  file = g_file_new_for_path (export->path);
  g_file_load_contents_async (file, export->self->cancellable, pdf_loaded, export);
}

static void
attach_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  YcScanDialog *self = YC_SCAN_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  Export *export;
  char *dir;

  if (self->scanning || self->exporting || yc_scan_document_get_n_pages (self->document) == 0)
    return;
  dir = g_dir_make_tmp ("yc-scan-pdf-XXXXXX", &error);
  if (dir == NULL)
    {
      export_failed (self, error);
      return;
    }
  export = g_new0 (Export, 1);
  export->self = g_object_ref (self);
  export->dir = dir;
  export->path = g_build_filename (dir, "material.pdf", NULL);
  export->n_pages = yc_scan_document_get_n_pages (self->document);
  self->exporting = TRUE;
  self->cancellable = g_cancellable_new ();
  show_status (self, _("Making the PDF…"));
  update_actions (self);
  yc_scan_document_export_pdf_async (self->document, export->path, self->cancellable,
                                     pdf_exported, export);
}

/* ---- the pages ------------------------------------------------------------------------ */

static void
remove_page_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  YcScanDialog *self = YC_SCAN_DIALOG (widget);
  guint position = g_variant_get_uint32 (param);

  if (position < yc_scan_document_get_n_pages (self->document))
    yc_scan_document_remove_page (self->document, position);
  update_actions (self);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  YcScanPage *page = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GdkPixbuf *turned;
  GError *error = NULL;
  guint rotation = yc_scan_page_get_rotation (page);

  /* Decoding a 300 dpi page takes long enough to stall the window: not on the main thread. */
  pixbuf = gdk_pixbuf_new_from_file_at_scale (yc_scan_page_get_path (page), THUMB_WIDTH,
                                              THUMB_HEIGHT, TRUE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The page turns clockwise; gdk-pixbuf counts counter-clockwise. */
  turned = gdk_pixbuf_rotate_simple (pixbuf, (360 - rotation) % 360);
  g_task_return_pointer (task, turned, g_object_unref);
}

static void
thumbnail_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GdkPixbuf) pixbuf = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GdkTexture) texture = NULL;

  if (pixbuf == NULL)
    return;
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_picture_set_paintable (GTK_PICTURE (source), GDK_PAINTABLE (texture));
}

static int
row_position (GtkWidget *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
}

static void
on_page_button (GtkButton    *button,
                YcScanDialog *self)
{
  const char *what = g_object_get_data (G_OBJECT (button), "what");
  int position = row_position (GTK_WIDGET (button));
  guint n = yc_scan_document_get_n_pages (self->document);

  if (position < 0 || (guint) position >= n || self->scanning || self->exporting)
    return;
  if (g_str_equal (what, "left"))
    yc_scan_document_rotate_page (self->document, position, -1);
  else if (g_str_equal (what, "right"))
    yc_scan_document_rotate_page (self->document, position, 1);
  else if (g_str_equal (what, "up") && position > 0)
    yc_scan_document_move_page (self->document, position, position - 1);
  else if (g_str_equal (what, "down") && (guint) position + 1 < n)
    yc_scan_document_move_page (self->document, position, position + 1);
  else if (g_str_equal (what, "delete"))
    gtk_widget_activate_action (GTK_WIDGET (self), "scan.remove-page", "u", (guint) position);
}

static GtkWidget *
page_button (YcScanDialog *self,
             const char   *icon,
             const char   *tooltip,
             const char   *what)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data (G_OBJECT (button), "what", (gpointer) what);
  g_signal_connect (button, "clicked", G_CALLBACK (on_page_button), self);
  return button;
}

static GtkWidget *
create_page_row (gpointer item,
                 gpointer user_data)
{
  YcScanDialog *self = user_data;
  YcScanPage *page = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *picture = gtk_picture_new ();
  g_autofree char *subtitle = NULL;
  g_autoptr(GTask) task = NULL;

  subtitle = g_strdup_printf (_("%u × %u pixels, %.0f dpi"), yc_scan_page_get_width (page),
                              yc_scan_page_get_height (page),
                              yc_scan_page_get_resolution (page));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Page"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_size_request (picture, THUMB_WIDTH, THUMB_HEIGHT);
  gtk_widget_add_css_class (picture, "card");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), picture);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             page_button (self, "object-rotate-left-symbolic",
                                          _("Rotate left"), "left"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             page_button (self, "object-rotate-right-symbolic",
                                          _("Rotate right"), "right"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             page_button (self, "go-up-symbolic", _("Move up"), "up"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             page_button (self, "go-down-symbolic", _("Move down"), "down"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             page_button (self, "user-trash-symbolic", _("Delete page"),
                                          "delete"));

  task = g_task_new (picture, NULL, thumbnail_done, NULL);
  g_task_set_task_data (task, g_object_ref (page), g_object_unref);
  g_task_run_in_thread (task, thumbnail_thread);
  return row;
}

static void
on_pages_changed (YcScanDialog *self)
{
  update_actions (self);
}

/* ---- the window ----------------------------------------------------------------------- */

static GtkWidget *
combo (const char         *title,
       const char * const *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  return row;
}

static void
build (YcScanDialog *self)
{
  const char *modes[] = { _("Colour"), _("Grey"), _("Black and white"), NULL };
  g_autoptr(GPtrArray) dpi = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *box, *header, *group, *scroll, *button, *buttons, *refresh;

  for (guint i = 0; i < G_N_ELEMENTS (resolutions); i++)
    g_ptr_array_add (dpi, g_strdup_printf (_("%.0f dpi"), resolutions[i]));
  g_ptr_array_add (dpi, NULL);

  gtk_window_set_default_size (GTK_WINDOW (self), 720, 640);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_window_set_content (ADW_WINDOW (self), box);

  header = adw_header_bar_new ();
  button = gtk_button_new_with_mnemonic (_("_Attach"));
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "scan.attach");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), button);
  gtk_box_append (GTK_BOX (box), header);

  scroll = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (box), scroll);
  {
    GtkWidget *clamp = adw_clamp_new ();
    GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

    gtk_widget_set_margin_top (inner, 12);
    gtk_widget_set_margin_bottom (inner, 12);
    gtk_widget_set_margin_start (inner, 12);
    gtk_widget_set_margin_end (inner, 12);
    adw_clamp_set_child (ADW_CLAMP (clamp), inner);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), clamp);

    group = adw_preferences_group_new ();
    self->device_row = ADW_COMBO_ROW (combo (_("Scanner"), NULL));
    refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");
    gtk_widget_set_valign (refresh, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class (refresh, "flat");
    gtk_widget_set_tooltip_text (refresh, _("Search for scanners again"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (refresh), "scan.refresh");
    adw_action_row_add_suffix (ADW_ACTION_ROW (self->device_row), refresh);
    self->source_row = ADW_COMBO_ROW (combo (_("Source"), NULL));
    self->mode_row = ADW_COMBO_ROW (combo (_("Colour Mode"), modes));
    self->resolution_row = ADW_COMBO_ROW (combo (_("Resolution"),
                                                 (const char * const *) dpi->pdata));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->device_row));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->source_row));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->mode_row));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               GTK_WIDGET (self->resolution_row));
    gtk_box_append (GTK_BOX (inner), group);

    buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
    button = gtk_button_new_with_mnemonic (_("_Scan"));
    gtk_widget_add_css_class (button, "pill");
    gtk_widget_add_css_class (button, "suggested-action");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "scan.scan");
    gtk_box_append (GTK_BOX (buttons), button);
    button = gtk_button_new_with_mnemonic (_("_Stop"));
    gtk_widget_add_css_class (button, "pill");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "scan.cancel");
    gtk_box_append (GTK_BOX (buttons), button);
    gtk_box_append (GTK_BOX (inner), buttons);

    self->status_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_wrap (self->status_label, TRUE);
    gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->status_label));
    self->continue_button = gtk_button_new_with_label (_("Continue Scanning"));
    gtk_widget_set_halign (self->continue_button, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class (self->continue_button, "pill");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->continue_button), "scan.scan");
    gtk_widget_set_visible (self->continue_button, FALSE);
    gtk_box_append (GTK_BOX (inner), self->continue_button);
    self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
    gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->progress));

    self->pages = GTK_LIST_BOX (gtk_list_box_new ());
    gtk_list_box_set_selection_mode (self->pages, GTK_SELECTION_NONE);
    gtk_widget_add_css_class (GTK_WIDGET (self->pages), "boxed-list");
    gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->pages));
  }
}

static gboolean
on_close_request (YcScanDialog *self)
{
  /* Closing stops the device; pages already attached stay in the store. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return FALSE;
}

YcScanDocument *
yc_scan_dialog_get_document (YcScanDialog *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DIALOG (self), NULL);
  return self->document;
}

const char *
yc_scan_dialog_get_problem (YcScanDialog *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DIALOG (self), NULL);
  return self->problem;
}

gboolean
yc_scan_dialog_is_busy (YcScanDialog *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DIALOG (self), FALSE);
  return self->scanning || self->exporting;
}

static YcScanPurpose
purpose_of (const YcMaterial *material)
{
  if (g_strcmp0 (material->kind, "photo") == 0)
    return YC_SCAN_PURPOSE_PHOTO;
  if (g_strcmp0 (material->kind, "id-card") == 0)
    return YC_SCAN_PURPOSE_ID_CARD;
  return YC_SCAN_PURPOSE_DOCUMENT;
}

YcScanDialog *
yc_scan_dialog_new (GtkWindow        *parent,
                    const YcMaterial *material,
                    YcScanStore      *store)
{
  YcScanDialog *self = g_object_new (YC_TYPE_SCAN_DIALOG, "transient-for", parent,
                                     "modal", TRUE, NULL);
  g_autoptr(YcScanSettings) defaults = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  double dpi;
  guint nearest = 0;

  self->store = g_object_ref (store);
  self->code = g_strdup (material->code);
  self->purpose = purpose_of (material);
  title = g_strdup_printf (_("Scan: %s"), material->name);
  gtk_window_set_title (GTK_WINDOW (self), title);

  /* The defaults of the material's kind (300 dpi grey for documents, colour for photos). */
  defaults = yc_scan_settings_new_for_purpose (self->purpose);
  /* Every source until the device says which it has. */
  self->default_source = yc_scan_settings_get_source (defaults);
  fill_sources (self, (1u << G_N_ELEMENTS (source_labels)) - 1);
  adw_combo_row_set_selected (self->mode_row, yc_scan_settings_get_mode (defaults));
  dpi = yc_scan_settings_get_resolution (defaults);
  for (guint i = 0; i < G_N_ELEMENTS (resolutions); i++)
    if (ABS (resolutions[i] - dpi) < ABS (resolutions[nearest] - dpi))
      nearest = i;
  adw_combo_row_set_selected (self->resolution_row, nearest);

  self->document = yc_scan_document_new (NULL, &error);
  if (self->document == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Pages cannot be saved: %s"),
                                                  error->message);

      show_problem (self, message, FALSE);
      update_actions (self);
      return self;
    }
  gtk_list_box_bind_model (self->pages, G_LIST_MODEL (self->document), create_page_row, self,
                           NULL);
  g_signal_connect_object (self->document, "items-changed", G_CALLBACK (on_pages_changed), self,
                           G_CONNECT_SWAPPED);

  self->scanner = g_object_ref (shared_scanner ());
  g_signal_connect_object (self->scanner, "devices-changed", G_CALLBACK (on_devices_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scanner, "page-started", G_CALLBACK (on_page_started), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scanner, "page-progress", G_CALLBACK (on_page_progress), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->device_row, "notify::selected",
                            G_CALLBACK (on_device_selected), self);
  show_status (self, _("Searching for scanners…"));
  /* Discovery runs on the scanner's thread; a second dialog finds the list already there. */
  if (g_list_model_get_n_items (yc_scanner_get_devices (self->scanner)) > 0)
    on_devices_changed (self);
  update_actions (self);
  return self;
}

static void
yc_scan_dialog_dispose (GObject *object)
{
  YcScanDialog *self = YC_SCAN_DIALOG (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->sources_cancellable);
  if (self->pages != NULL)
    gtk_list_box_bind_model (self->pages, NULL, NULL, NULL, NULL);
  G_OBJECT_CLASS (yc_scan_dialog_parent_class)->dispose (object);
}

static void
yc_scan_dialog_finalize (GObject *object)
{
  YcScanDialog *self = YC_SCAN_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->sources_cancellable);
  g_clear_object (&self->scanner);
  g_clear_object (&self->document);
  g_clear_object (&self->store);
  g_clear_pointer (&self->device_names, g_ptr_array_unref);
  g_clear_pointer (&self->device_options, g_hash_table_unref);
  g_free (self->code);
  g_free (self->problem);
  G_OBJECT_CLASS (yc_scan_dialog_parent_class)->finalize (object);
}

static void
yc_scan_dialog_class_init (YcScanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_scan_dialog_dispose;
  object_class->finalize = yc_scan_dialog_finalize;
  gtk_widget_class_install_action (widget_class, "scan.scan", NULL, scan_action);
  gtk_widget_class_install_action (widget_class, "scan.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "scan.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "scan.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "scan.remove-page", "u", remove_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
yc_scan_dialog_init (YcScanDialog *self)
{
  self->device_names = g_ptr_array_new_with_free_func (g_free);
  self->device_options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  build (self);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}
