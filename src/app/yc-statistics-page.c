/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-statistics-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "yc-application.h"
#include "yc-chart.h"
#include "yc-rest-roles.h"
#include "yc-roles-util.h"
#include "yc-statistics-page.h"

/* In the order of the drop-down. */
static const char *const groups[] = { "window", "department", "item", "township", "day" };

struct _YcStatisticsPage
{
  AdwBin        parent_instance;

  GtkDropDown  *group_dropdown;
  GtkEntry     *from_entry;
  GtkEntry     *to_entry;
  GtkLabel     *summary_label;
  YcChart      *chart;
  GtkGrid      *table;

  GCancellable *cancellable;
  guint         n_rows;
  guint         busy;
  char         *message;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (YcStatisticsPage, yc_statistics_page, ADW_TYPE_BIN)

static void
say (YcStatisticsPage *self,
     const char       *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  yc_roles_show_toast (GTK_WIDGET (self), message);
}

static const char *
group_key (YcStatisticsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->group_dropdown);

  return selected < G_N_ELEMENTS (groups) ? groups[selected] : groups[0];
}

/* A date typed YYYY-MM-DD, NULL when blank; FALSE (and a message) when it is not a date. */
static gboolean
read_date (YcStatisticsPage *self,
           GtkEntry         *entry,
           const char      **out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  guint y, m, d;
  char tail;

  *out = NULL;
  if (*text == '\0')
    return TRUE;
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 || !g_date_valid_dmy (d, m, y))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date: type it as "
                                                    "2026-03-31."), text);

      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      say (self, message);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  *out = text;
  return TRUE;
}

static double
number (JsonObject *o,
        const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NAN : json_node_get_double (node);
}

static char *
format_number (double value,
               gboolean percent)
{
  if (isnan (value))
    return g_strdup ("—");
  return g_strdup_printf (percent ? "%.1f%%" : "%.1f", value);
}

static void
table_cell (YcStatisticsPage *self,
            const char       *text,
            int               column,
            int               row,
            gboolean          heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  if (column == 0)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
    }
  else
    gtk_widget_add_css_class (label, "numeric");
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  gtk_grid_attach (self->table, label, column, row, 1, 1);
}

static void
fill_table (YcStatisticsPage *self,
            JsonArray        *rows)
{
  const char *headings[] = {
    _("Name"), _("Received"), _("Accepted"), _("Refused"), _("Overdue"), _("On time"),
    _("Working days"), _("Committed"), _("Legal"),
  };
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    table_cell (self, headings[c], c, 0, TRUE);
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *o = json_array_get_object_element (rows, r);
      const char *ints[] = { "received", "accepted", "refused", "overdue" };
      const char *averages[] = { "avg_working_days", "avg_committed_limit", "avg_legal_limit" };
      g_autofree char *on_time = format_number (number (o, "on_time_pct"), TRUE);
      int column = 0;

      table_cell (self, json_object_get_string_member (o, "name"), column++, r + 1, FALSE);
      for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   json_object_get_int_member (o, ints[i]));

          table_cell (self, text, column++, r + 1, FALSE);
        }
      table_cell (self, on_time, column++, r + 1, FALSE);
      for (guint i = 0; i < G_N_ELEMENTS (averages); i++)
        {
          g_autofree char *text = format_number (number (o, averages[i]), FALSE);

          table_cell (self, text, column++, r + 1, FALSE);
        }
    }
}

static void
statistics_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcStatisticsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = yc_rest_client_get_statistics_finish (YC_REST_CLIENT (source),
                                                                   result, &error);
  g_autofree char *on_time = NULL, *days = NULL, *committed = NULL, *legal = NULL;
  g_autofree char *shorter = NULL, *summary = NULL;
  JsonObject *root, *total;
  JsonArray *rows;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (node == NULL)
    {
      say (self, error->message);
      return;
    }
  root = json_node_get_object (node);
  rows = json_object_get_array_member (root, "rows");
  total = json_object_get_object_member (root, "total");
  self->n_rows = json_array_get_length (rows);
  yc_chart_set_rows (self->chart, rows);
  fill_table (self, rows);

  on_time = format_number (number (total, "on_time_pct"), TRUE);
  days = format_number (number (total, "avg_working_days"), FALSE);
  committed = format_number (number (total, "avg_committed_limit"), FALSE);
  legal = format_number (number (total, "avg_legal_limit"), FALSE);
  shorter = format_number (number (total, "actual_vs_legal_pct"), TRUE);
  summary = g_strdup_printf (_("%d received, %d accepted, %d refused, %d overdue now. Decided "
                               "on time: %s. On average %s working days against a committed %s "
                               "and a legal %s: %s shorter than the law allows."),
                             (int) json_object_get_int_member (total, "received"),
                             (int) json_object_get_int_member (total, "accepted"),
                             (int) json_object_get_int_member (total, "refused"),
                             (int) json_object_get_int_member (total, "overdue"), on_time, days,
                             committed, legal, shorter);
  gtk_label_set_label (self->summary_label, summary);
}

void
yc_statistics_page_refresh (YcStatisticsPage *self)
{
  const char *from, *to;

  g_return_if_fail (YC_IS_STATISTICS_PAGE (self));

  if (yc_application_get_session (YC_APPLICATION_DEFAULT) == NULL ||
      !read_date (self, self->from_entry, &from) || !read_date (self, self->to_entry, &to))
    return;
  if (self->busy > 0)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->busy = 0;
    }
  self->busy++;
  yc_rest_client_get_statistics_async (yc_application_get_client (YC_APPLICATION_DEFAULT),
                                       group_key (self), from, to, self->cancellable,
                                       statistics_loaded, g_object_ref (self));
}

/* ---- CSV ------------------------------------------------------------------------------ */

static void
csv_written (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(YcStatisticsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (G_FILE (source));
  g_autofree char *message = NULL;

  self->busy--;
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    message = g_strdup_printf (_("Could not save %s: %s"), name, error->message);
  else
    message = g_strdup_printf (_("Saved %s"), name);
  say (self, message);
}

typedef struct
{
  YcStatisticsPage *self;
  GFile            *file;
} Export;

static void
csv_fetched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(YcStatisticsPage) self = export->self;
  g_autoptr(GFile) file = export->file;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = yc_rest_client_get_statistics_csv_finish (YC_REST_CLIENT (source),
                                                                    result, &error);

  g_free (export);
  if (csv == NULL)
    {
      self->busy--;
      say (self, error->message);
      return;
    }
  g_file_replace_contents_bytes_async (file, csv, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, csv_written, g_object_ref (self));
}

void
yc_statistics_page_export_to (YcStatisticsPage *self,
                              GFile            *file)
{
  Export *export;
  const char *from, *to;

  g_return_if_fail (YC_IS_STATISTICS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!read_date (self, self->from_entry, &from) || !read_date (self, self->to_entry, &to))
    return;
  export = g_new0 (Export, 1);
  export->self = g_object_ref (self);
  export->file = g_object_ref (file);
  self->busy++;
  yc_rest_client_get_statistics_csv_async (yc_application_get_client (YC_APPLICATION_DEFAULT),
                                           group_key (self), from, to, NULL, csv_fetched,
                                           export);
}

static void
on_chooser_response (GtkNativeDialog  *chooser,
                     int               response,
                     YcStatisticsPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        yc_statistics_page_export_to (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  YcStatisticsPage *self = YC_STATISTICS_PAGE (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *suggested = g_strdup_printf ("statistics-%s-%s.csv", group_key (self), day);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export Statistics"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV spreadsheet"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
refresh_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  yc_statistics_page_refresh (YC_STATISTICS_PAGE (widget));
}

static void
on_group_changed (YcStatisticsPage *self)
{
  yc_statistics_page_refresh (self);
}

static void
on_dates_activate (YcStatisticsPage *self)
{
  yc_statistics_page_refresh (self);
}

/* ---- for tests and the window --------------------------------------------------------- */

gboolean
yc_statistics_page_is_busy (YcStatisticsPage *self)
{
  return self->busy > 0;
}

void
yc_statistics_page_set_group (YcStatisticsPage *self,
                              const char       *group)
{
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_str_equal (groups[i], group))
      gtk_drop_down_set_selected (self->group_dropdown, i);
}

guint
yc_statistics_page_get_n_rows (YcStatisticsPage *self)
{
  return self->n_rows;
}

const char *
yc_statistics_page_get_message (YcStatisticsPage *self)
{
  return self->message;
}

static void
yc_statistics_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yc_statistics_page_parent_class)->map (widget);
  yc_statistics_page_refresh (YC_STATISTICS_PAGE (widget));
}

static void
yc_statistics_page_dispose (GObject *object)
{
  YcStatisticsPage *self = YC_STATISTICS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_STATISTICS_PAGE);
  g_clear_pointer (&self->message, g_free);
  G_OBJECT_CLASS (yc_statistics_page_parent_class)->dispose (object);
}

static void
yc_statistics_page_class_init (YcStatisticsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_statistics_page_dispose;
  widget_class->map = yc_statistics_page_map;

  g_type_ensure (YC_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yichuang/Yichuang/"
                                               "yc-statistics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcStatisticsPage, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcStatisticsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, YcStatisticsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, YcStatisticsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, YcStatisticsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, YcStatisticsPage, table);
  gtk_widget_class_bind_template_callback (widget_class, on_group_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_dates_activate);

  gtk_widget_class_install_action (widget_class, "statistics.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "statistics.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "statistics.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "statistics.export", NULL);
}

static void
yc_statistics_page_init (YcStatisticsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
