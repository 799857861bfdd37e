/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-application"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-application.h"
#include "yc-preferences-window.h"
#include "yc-desk-window.h"
#include "yc-preview.h"

#define SCHEMA_ID "io.github.yichuang.Yichuang"
#define RECENT_MAX 20
/* How long shutdown waits for a document page being drawn (one page takes well under this). */
#define PREVIEW_DRAIN_MS 5000

struct _YcApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  YcRestClient   *client;
  YcOutbox       *outbox;
  GError         *outbox_error;
  YcTokenStore   *token_store;

  YcSession      *session;
  YcCatalogue    *catalogue;
  YcCalendar     *calendar;
};

G_DEFINE_FINAL_TYPE (YcApplication, yc_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CATALOGUE,
  PROP_CALENDAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  YcApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  YcPreferencesWindow *prefs = yc_preferences_window_new (parent);

  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  YcApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Yichuang developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Yichuang"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Take in any service item at any window of the county "
                                       "service centre"),
                         "developer-name", _("The Yichuang developers"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/yichuang/yichuang",
                         NULL);
}

/* The desk window to show a toast in: the most recently focused (the list is in focus order). */
static YcDeskWindow *
toast_window (YcApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (YC_IS_DESK_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
help_shown (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (YcApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  YcDeskWindow *window;

  if (gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* No program takes help: URIs (yelp is not installed): say what to install. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    message = g_strdup (_("Help could not be opened: no help viewer is installed on this "
                          "computer. Ask the IT department to install yelp."));
  else
    message = g_strdup_printf (_("Help could not be opened: %s"), error->message);
  g_message ("%s", message);
  if ((window = toast_window (self)) != NULL)
    yc_desk_window_show_toast (window, message);
}

static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  YcApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* yelp shows the help in the desktop's language. */
  gtk_show_uri_full (parent, "help:yichuang", GDK_CURRENT_TIME, NULL, help_shown,
                     g_object_ref (self));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action },
  { "help", help_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

static void
yc_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (yc_desk_window_new (YC_APPLICATION (app)));
  gtk_window_present (window);
}

static void
backend_url_changed (GSettings     *settings,
                     const char    *key,
                     YcApplication *self)
{
  g_autofree char *url = g_settings_get_string (settings, "backend-url");

  yc_rest_client_set_base_url (self->client, url);
}

static void
yc_application_startup (GApplication *app)
{
  YcApplication *self = YC_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.help", { "F1", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.show-catalogue", { "<Control>1", "F2", NULL } },
    { "win.show-queue", { "<Control>2", "F3", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.open-case", { "<Control>o", NULL } },
    { "win.go-back", { "<Alt>Left", NULL } },
    { "win.refresh", { "F5", "<Control>r", NULL } },
    { "win.show-outbox", { "<Control><Shift>o", NULL } },
    { "win.sign-out", { "<Control><Shift>q", NULL } },
    { "catalogue.start-intake", { "<Control>n", NULL } },
    { "catalogue.toggle-favourite", { "<Control>d", NULL } },
    { "intake.accept", { "<Control>Return", NULL } },
    { "intake.notice", { "<Control><Shift>n", NULL } },
    { "intake.accept-pending", { "<Control><Shift>p", NULL } },
    { "intake.refuse", { "<Control><Shift>r", NULL } },
    { "intake.all-present", { "<Control><Shift>a", NULL } },
  };
  g_autofree char *url = NULL;

  G_APPLICATION_CLASS (yc_application_parent_class)->startup (app);
  g_application_set_default (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  self->settings = g_settings_new (SCHEMA_ID);
  url = g_settings_get_string (self->settings, "backend-url");
  self->client = yc_rest_client_new (url);
  g_signal_connect (self->settings, "changed::backend-url", G_CALLBACK (backend_url_changed),
                    self);
  self->token_store = yc_token_store_new (TRUE);
  self->outbox = yc_outbox_new (g_getenv ("YC_OUTBOX_PATH"), self->client,
                                &self->outbox_error);
  if (self->outbox == NULL)
    g_warning ("outbox: %s", self->outbox_error->message);
}

static void
yc_application_shutdown (GApplication *app)
{
  YcApplication *self = YC_APPLICATION (app);

  if (self->outbox != NULL)
    yc_outbox_stop (self->outbox);
  /* The windows are closed and their renders cancelled; a page still being drawn must not
   * meet Poppler's teardown at exit. */
  if (!yc_preview_drain (PREVIEW_DRAIN_MS))
    g_warning ("a document page was still being drawn at shutdown");
  G_APPLICATION_CLASS (yc_application_parent_class)->shutdown (app);
}

static int
yc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "yichuang", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
yc_application_finalize (GObject *object)
{
  YcApplication *self = YC_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->outbox);
  g_clear_error (&self->outbox_error);
  g_clear_object (&self->client);
  g_clear_object (&self->token_store);
  g_clear_pointer (&self->session, yc_session_free);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->calendar);
  G_OBJECT_CLASS (yc_application_parent_class)->finalize (object);
}

static void
yc_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcApplication *self = YC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_boxed (value, self->session);
      break;
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_application_class_init (YcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = yc_application_finalize;
  object_class->get_property = yc_application_get_property;
  app_class->activate = yc_application_activate;
  app_class->startup = yc_application_startup;
  app_class->shutdown = yc_application_shutdown;
  app_class->handle_local_options = yc_application_handle_local_options;

  properties[PROP_SESSION] =
    g_param_spec_boxed ("session", NULL, NULL, YC_TYPE_SESSION,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL, YC_TYPE_CATALOGUE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALENDAR] =
    g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_application_init (YcApplication *self)
{
  static const GOptionEntry options[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

YcApplication *
yc_application_new (void)
{
  return g_object_new (YC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* The same resources whatever the app id (.Devel builds). */
                       "resource-base-path", "/io/github/yichuang/Yichuang",
                       NULL);
}

GSettings *
yc_application_get_settings (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->settings;
}

YcRestClient *
yc_application_get_client (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->client;
}

YcOutbox *
yc_application_get_outbox (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->outbox;
}

const GError *
yc_application_get_outbox_error (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->outbox_error;
}

YcTokenStore *
yc_application_get_token_store (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->token_store;
}

const YcSession *
yc_application_get_session (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->session;
}

void
yc_application_set_session (YcApplication   *self,
                            const YcSession *session)
{
  g_return_if_fail (YC_IS_APPLICATION (self));

  g_clear_pointer (&self->session, yc_session_free);
  if (session != NULL)
    self->session = yc_session_copy (session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

YcCatalogue *
yc_application_get_catalogue (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->catalogue;
}

void
yc_application_set_catalogue (YcApplication *self,
                              YcCatalogue   *catalogue)
{
  g_return_if_fail (YC_IS_APPLICATION (self));

  if (g_set_object (&self->catalogue, catalogue))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
}

YcCalendar *
yc_application_get_calendar (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->calendar;
}

void
yc_application_set_calendar (YcApplication *self,
                             YcCalendar    *calendar)
{
  g_return_if_fail (YC_IS_APPLICATION (self));

  if (g_set_object (&self->calendar, calendar))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALENDAR]);
}

const char *
yc_application_get_window_code (YcApplication *self)
{
  g_autofree char *setting = NULL;

  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);

  setting = g_settings_get_string (self->settings, "window-code");
  if (setting[0] != '\0')
    return g_intern_string (setting);
  if (self->session != NULL && self->session->actor.window_code != NULL)
    return self->session->actor.window_code;
  return NULL;
}

static gboolean
is_region (const char *text)
{
  if (text == NULL || strlen (text) < 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

char *
yc_application_get_region (YcApplication *self)
{
  const char *window_code = yc_application_get_window_code (self);

  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);

  if (self->catalogue != NULL)
    {
      YcWindow *window = window_code != NULL
                           ? yc_catalogue_get_window (self->catalogue, window_code) : NULL;
      g_autoptr(GPtrArray) departments = NULL;

      if (window != NULL && is_region (window->township_code))
        return g_strndup (window->township_code, 6);
      if (self->session != NULL && is_region (self->session->actor.township_code))
        return g_strndup (self->session->actor.township_code, 6);
      /* County hall: the departments' codes start with the county's region. */
      departments = yc_catalogue_list_departments (self->catalogue);
      for (guint i = 0; i < departments->len; i++)
        {
          YcDepartment *dept = g_ptr_array_index (departments, i);

          if (is_region (dept->code))
            return g_strndup (dept->code, 6);
        }
    }
  return g_strdup ("000000");
}

void
yc_application_remember_item (YcApplication *self,
                              const char    *code)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-items");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_strv_builder_add (builder, code);
  for (guint i = 0; old[i] != NULL && n < RECENT_MAX; i++)
    if (!g_str_equal (old[i], code))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-items", (const char * const *) recent);
}

void
yc_application_toggle_favourite (YcApplication *self,
                                 const char    *code)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "favourite-items");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) favourites = NULL;
  gboolean found = FALSE;

  for (guint i = 0; old[i] != NULL; i++)
    {
      if (g_str_equal (old[i], code))
        found = TRUE;
      else
        g_strv_builder_add (builder, old[i]);
    }
  if (!found)
    g_strv_builder_add (builder, code);
  favourites = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "favourite-items", (const char * const *) favourites);
}

void
yc_application_get_today (YcApplication *self,
                          GDate         *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}
