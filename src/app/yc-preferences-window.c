/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-application.h"
#include "yc-preferences-window.h"

struct _YcPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *backend_row;
  GtkLabel             *test_label;
  GtkButton            *test_button;
  AdwEntryRow          *window_row;
  AdwEntryRow          *printer_row;
  AdwEntryRow          *scanner_row;

  YcRestClient         *probe;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (YcPreferencesWindow, yc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
tested (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(YcPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_rest_client_health_finish (YC_REST_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->test_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->test_label), "error");
    }
  else
    {
      gtk_label_set_text (self->test_label, _("The backend answers."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_label), "error");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
}

static void
on_test_clicked (YcPreferencesWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  /* A client of its own: testing an address must not disturb the session. */
  g_clear_object (&self->probe);
  self->probe = yc_rest_client_new (gtk_editable_get_text (GTK_EDITABLE (self->backend_row)));
  gtk_label_set_text (self->test_label, _("Testing…"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_label), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  yc_rest_client_health_async (self->probe, self->cancellable, tested, g_object_ref (self));
}

static void
yc_preferences_window_dispose (GObject *object)
{
  YcPreferencesWindow *self = YC_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->probe);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (yc_preferences_window_parent_class)->dispose (object);
}

static void
yc_preferences_window_class_init (YcPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yichuang/Yichuang/"
                                               "yc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, backend_row);
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, test_label);
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, window_row);
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, printer_row);
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, scanner_row);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked);
}

static void
yc_preferences_window_init (YcPreferencesWindow *self)
{
  GSettings *settings = yc_application_get_settings (YC_APPLICATION_DEFAULT);

  gtk_widget_init_template (GTK_WIDGET (self));
  g_settings_bind (settings, "backend-url", self->backend_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-code", self->window_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "printer", self->printer_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "scanner", self->scanner_row, "text", G_SETTINGS_BIND_DEFAULT);
}

YcPreferencesWindow *
yc_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (YC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}
