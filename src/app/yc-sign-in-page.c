/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-sign-in-page"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-application.h"
#include "yc-sign-in-page.h"

struct _YcSignInPage
{
  AdwBin        parent_instance;

  AdwEntryRow  *backend_row;
  AdwEntryRow  *user_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkButton    *sign_in_button;
  GtkSpinner   *spinner;

  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (YcSignInPage, yc_sign_in_page, ADW_TYPE_BIN)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
yc_sign_in_page_show_error (YcSignInPage *self,
                            const char   *message)
{
  g_return_if_fail (YC_IS_SIGN_IN_PAGE (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

const char *
yc_sign_in_page_get_error (YcSignInPage *self)
{
  g_return_val_if_fail (YC_IS_SIGN_IN_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

static void
set_busy (YcSignInPage *self,
          gboolean      busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
}

static void
token_saved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!yc_token_store_save_finish (YC_TOKEN_STORE (source), result, &error))
    g_debug ("token not kept: %s", error->message);
}

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcSignInPage) self = user_data;
  YcApplication *app = YC_APPLICATION_DEFAULT;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcSession) session = NULL;

  session = yc_rest_client_sign_in_finish (YC_REST_CLIENT (source), result, &error);
  set_busy (self, FALSE);
  if (session == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      yc_sign_in_page_show_error (self, error->message);
      if (g_error_matches (error, YC_REST_ERROR, YC_REST_ERROR_WRONG_PASSWORD))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      else if (g_error_matches (error, YC_REST_ERROR, YC_REST_ERROR_UNREACHABLE)
               || g_error_matches (error, YC_REST_ERROR, YC_REST_ERROR_TLS))
        gtk_widget_grab_focus (GTK_WIDGET (self->backend_row));
      return;
    }

  yc_sign_in_page_show_error (self, NULL);
  g_settings_set_string (yc_application_get_settings (app), "last-user", session->actor.user);
  yc_token_store_save_async (yc_application_get_token_store (app),
                             yc_rest_client_get_base_url (YC_REST_CLIENT (source)),
                             session->actor.user, session->token, NULL, token_saved, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[SIGNED_IN], 0, session);
}

void
yc_sign_in_page_submit (YcSignInPage *self)
{
  YcApplication *app = YC_APPLICATION_DEFAULT;
  YcRestClient *client = yc_application_get_client (app);
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->backend_row));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  g_return_if_fail (YC_IS_SIGN_IN_PAGE (self));

  if (*user == '\0' || *password == '\0')
    {
      yc_sign_in_page_show_error (self, _("Enter your user name and password."));
      gtk_widget_grab_focus (GTK_WIDGET (*user == '\0' ? self->user_row : self->password_row));
      return;
    }

  g_settings_set_string (yc_application_get_settings (app), "backend-url", url);
  yc_rest_client_set_base_url (client, url);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  yc_sign_in_page_show_error (self, NULL);
  yc_rest_client_sign_in_async (client, user, password, self->cancellable, signed_in,
                                g_object_ref (self));
}

void
yc_sign_in_page_reset (YcSignInPage *self)
{
  YcApplication *app = YC_APPLICATION_DEFAULT;
  GSettings *settings = yc_application_get_settings (app);
  g_autofree char *url = g_settings_get_string (settings, "backend-url");
  g_autofree char *user = g_settings_get_string (settings, "last-user");

  gtk_editable_set_text (GTK_EDITABLE (self->backend_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (*user != '\0' ? self->password_row : self->user_row));
}

static void
on_sign_in_clicked (YcSignInPage *self)
{
  yc_sign_in_page_submit (self);
}

static void
on_row_activated (YcSignInPage *self,
                  AdwEntryRow  *row)
{
  if (row == self->backend_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
  else if (row == self->user_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    yc_sign_in_page_submit (self);
}

static void
yc_sign_in_page_dispose (GObject *object)
{
  YcSignInPage *self = YC_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (yc_sign_in_page_parent_class)->dispose (object);
}

static void
yc_sign_in_page_class_init (YcSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_sign_in_page_dispose;

  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, YC_TYPE_SESSION | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yichuang/Yichuang/yc-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, backend_row);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
yc_sign_in_page_init (YcSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
