/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-desk-window"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-case-page.h"
#include "yc-catalogue-page.h"
#include "yc-desk-roles.h"
#include "yc-desk-window.h"
#include "yc-document-view.h"
#include "yc-intake-page.h"
#include "yc-queue-page.h"
#include "yc-session-cache.h"
#include "yc-sign-in-page.h"

struct _YcDeskWindow
{
  AdwApplicationWindow  parent_instance;

  AdwHeaderBar         *header;
  GtkButton            *back_button;
  AdwViewSwitcherTitle *switcher_title;
  GtkButton            *outbox_button;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  YcSignInPage         *sign_in_page;
  YcCataloguePage      *catalogue_page;
  YcQueuePage          *queue_page;
  YcIntakePage         *intake_page;
  YcCasePage           *case_page;

  GCancellable         *cancellable;
  char                 *last_toast;
  gboolean              catalogue_ready;
  gboolean              calendar_ready;
  const char           *desk_screen;   /* the last view-stack page shown (interned) */
  char                 *stored_user;   /* whose token the token store kept */
  gboolean              offline;       /* opened without the backend, not back yet */
  guint                 probe_id;      /* while offline: is the backend back? */
  gboolean              probing;
};

/* While the desk works offline, how often it asks whether the backend is back. */
#define PROBE_SECONDS 2

G_DEFINE_FINAL_TYPE (YcDeskWindow, yc_desk_window, ADW_TYPE_APPLICATION_WINDOW)

/* The default application: the window's own is not set yet while it is constructed. */
static YcApplication *
app_of (YcDeskWindow *self)
{
  return YC_APPLICATION_DEFAULT;
}

void
yc_desk_window_show_toast (YcDeskWindow *self,
                           const char   *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  adw_toast_set_timeout (toast, 6);
  /* The newest outcome matters: it replaces the one on screen. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
yc_desk_window_get_last_toast (YcDeskWindow *self)
{
  return self->last_toast;
}

gboolean
yc_desk_window_is_ready (YcDeskWindow *self)
{
  return self->catalogue_ready && self->calendar_ready;
}

const char *
yc_desk_window_get_screen (YcDeskWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);

  if (g_strcmp0 (page, "desk") == 0)
    return adw_view_stack_get_visible_child_name (self->view_stack);
  return page;
}

static void
show_screen (YcDeskWindow *self,
             const char   *screen)
{
  gboolean desk = adw_view_stack_get_child_by_name (self->view_stack, screen) != NULL;
  gboolean signed_in = !g_str_equal (screen, "sign-in");

  gtk_stack_set_visible_child_name (self->main_stack, desk ? "desk" : screen);
  if (desk)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, screen);
      self->desk_screen = g_intern_string (screen);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          g_str_equal (screen, "intake") || g_str_equal (screen, "case"));
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_title), desk);
  gtk_widget_set_visible (GTK_WIDGET (self->outbox_button), signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-catalogue", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-queue", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-case", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", signed_in);
  if (g_str_equal (screen, "queue"))
    yc_queue_page_refresh (self->queue_page, FALSE);
}

/* ---- the outbox in the header --------------------------------------------------------- */

static void
update_outbox_button (YcDeskWindow *self)
{
  YcOutbox *outbox = yc_application_get_outbox (app_of (self));
  guint pending = outbox != NULL ? yc_outbox_get_pending_count (outbox) : 0;
  guint conflicts = outbox != NULL ? yc_outbox_get_conflict_count (outbox) : 0;
  g_autofree char *label = NULL;
  gboolean online = TRUE;

  if (outbox != NULL)
    g_object_get (outbox, "online", &online, NULL);
  if (outbox == NULL)
    label = g_strdup (_("Outbox unavailable"));
  else if (conflicts > 0)
    label = g_strdup_printf (ngettext ("%u refused", "%u refused", conflicts), conflicts);
  else if (self->offline || (pending > 0 && !online))
    label = g_strdup_printf (ngettext ("Offline · %u waiting", "Offline · %u waiting", pending),
                             pending);
  else if (pending > 0)
    label = g_strdup_printf (ngettext ("%u waiting", "%u waiting", pending), pending);
  else
    label = g_strdup (_("All sent"));
  gtk_button_set_label (self->outbox_button, label);
  if (conflicts > 0 || outbox == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->outbox_button), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->outbox_button), "error");
}

static void
on_entry_conflict (YcDeskWindow  *self,
                   YcOutboxEntry *entry)
{
  g_autofree char *message = g_strdup_printf (_("%s was refused by the backend: %s"),
                                              entry->summary,
                                              entry->last_error != NULL ? entry->last_error
                                                                        : "");

  yc_desk_window_show_toast (self, message);
}

static void
on_conflict_button (GtkButton    *button,
                    YcDeskWindow *self)
{
  YcOutbox *outbox = yc_application_get_outbox (app_of (self));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "entry-id"));
  gboolean retry = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "retry"));
  g_autoptr(GError) error = NULL;
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);

  if (!(retry ? yc_outbox_retry_entry (outbox, id, &error)
              : yc_outbox_discard_entry (outbox, id, &error)))
    yc_desk_window_show_toast (self, error->message);
  if (row != NULL)
    gtk_widget_set_sensitive (row, FALSE);
}

static GtkWidget *
conflict_button (YcDeskWindow *self,
                 const char   *label,
                 gint64        id,
                 gboolean      retry)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "entry-id", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data (G_OBJECT (button), "retry", GINT_TO_POINTER (retry));
  g_signal_connect (button, "clicked", G_CALLBACK (on_conflict_button), self);
  return button;
}

static void
show_outbox_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  YcDeskWindow *self = YC_DESK_WINDOW (widget);
  YcOutbox *outbox = yc_application_get_outbox (app_of (self));
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *body = NULL;
  g_autofree char *last_error = NULL;
  GtkWidget *list, *scrolled, *dialog;

  if (outbox == NULL)
    {
      yc_desk_window_show_toast (self, yc_application_get_outbox_error (app_of (self))->message);
      return;
    }
  pending = yc_outbox_list (outbox, YC_OUTBOX_STATE_PENDING, NULL);
  conflicts = yc_outbox_list (outbox, YC_OUTBOX_STATE_CONFLICT, NULL);
  g_object_get (outbox, "last-error", &last_error, NULL);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      YcOutboxEntry *e = g_ptr_array_index (conflicts, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->summary);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), e->last_error);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 conflict_button (self, _("_Retry"), e->id, TRUE));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 conflict_button (self, _("_Discard"), e->id, FALSE));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  for (guint i = 0; pending != NULL && i < pending->len; i++)
    {
      YcOutboxEntry *e = g_ptr_array_index (pending, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf (ngettext ("Waiting · %u attempt", "Waiting · %u attempts",
                                            e->attempts), e->attempts);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->summary);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  body = g_strdup_printf (_("%u waiting to be sent, %u refused by the backend. Nothing is "
                            "lost: waiting entries go out as soon as the backend answers.%s%s"),
                          pending != NULL ? pending->len : 0,
                          conflicts != NULL ? conflicts->len : 0,
                          last_error != NULL ? "\n" : "", last_error != NULL ? last_error : "");
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Outbox"), body);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"),
                                    "send", _("_Send Now"), NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_signal_connect_swapped (dialog, "response::send", G_CALLBACK (yc_outbox_start), outbox);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- catalogue and calendar ----------------------------------------------------------- */

static char *
cache_path (const char *name)
{
  return g_build_filename (g_get_user_cache_dir (), "yichuang", name, NULL);
}

static void
set_catalogue (YcDeskWindow *self,
               YcCatalogue  *catalogue)
{
  yc_application_set_catalogue (app_of (self), catalogue);
  yc_catalogue_page_set_catalogue (self->catalogue_page, catalogue);
  self->catalogue_ready = TRUE;
}

static void
load_cached_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autofree char *path = cache_path ("catalogue.json");
  g_autoptr(YcCatalogue) catalogue = yc_catalogue_new ();
  GError *error = NULL;

  if (!yc_catalogue_load_file (catalogue, path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&catalogue), g_object_unref);
}

static void
cached_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  YcDeskWindow *self = YC_DESK_WINDOW (source);
  g_autoptr(YcCatalogue) catalogue = g_task_propagate_pointer (G_TASK (result), NULL);
  const char *message = user_data;

  if (catalogue != NULL)
    {
      set_catalogue (self, catalogue);
      yc_desk_window_show_toast (self, _("Working offline with the catalogue kept at this "
                                         "workstation."));
    }
  else
    yc_desk_window_show_toast (self, message);
}

static void
catalogue_fetched (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcDeskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(YcCatalogue) catalogue = NULL;
  g_autoptr(GTask) task = NULL;

  catalogue = yc_rest_client_get_catalogue_finish (YC_REST_CLIENT (source), result, &etag,
                                                   &raw, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (catalogue != NULL)
    {
      g_autofree char *path = cache_path ("catalogue.json");
      g_autofree char *dir = g_path_get_dirname (path);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      set_catalogue (self, catalogue);
      /* Kept for working offline after a restart. */
      g_mkdir_with_parents (dir, 0700);
      g_file_replace_contents_bytes_async (file, raw, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                           NULL, NULL, NULL);
      return;
    }
  task = g_task_new (self, NULL, cached_loaded,
                     (gpointer) g_intern_string (error != NULL ? error->message : ""));
  g_task_run_in_thread (task, load_cached_thread);
}

static void
calendar_dir_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autofree char *installed = g_build_filename (PKGDATADIR, "calendar", NULL);
  const char *dir = g_file_test (installed, G_FILE_TEST_IS_DIR) ? installed
                                                                : SOURCE_DATADIR "/calendar";

  /* A calendar that fails to load still counts weekends (and says the dates are estimates). */
  yc_calendar_load_dir (calendar, dir, NULL);
  g_task_return_pointer (task, g_steal_pointer (&calendar), g_object_unref);
}

static void
calendar_dir_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  YcDeskWindow *self = YC_DESK_WINDOW (source);
  g_autoptr(YcCalendar) calendar = g_task_propagate_pointer (G_TASK (result), NULL);

  yc_application_set_calendar (app_of (self), calendar);
  self->calendar_ready = TRUE;
}

static void
calendar_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(YcDeskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(GTask) task = NULL;

  calendar = yc_rest_client_get_calendar_finish (YC_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (calendar != NULL)
    {
      yc_application_set_calendar (app_of (self), calendar);
      self->calendar_ready = TRUE;
      return;
    }
  task = g_task_new (self, NULL, calendar_dir_loaded, NULL);
  g_task_run_in_thread (task, calendar_dir_thread);
}

static void
load_reference_data (YcDeskWindow *self)
{
  YcRestClient *client = yc_application_get_client (app_of (self));

  self->catalogue_ready = FALSE;
  self->calendar_ready = FALSE;
  yc_rest_client_get_catalogue_async (client, NULL, self->cancellable, catalogue_fetched,
                                      g_object_ref (self));
  yc_rest_client_get_calendar_async (client, self->cancellable, calendar_fetched,
                                     g_object_ref (self));
}

/* ---- session -------------------------------------------------------------------------- */

static void
on_signed_in (YcDeskWindow    *self,
              const YcSession *session)
{
  YcApplication *app = app_of (self);
  YcOutbox *outbox = yc_application_get_outbox (app);
  const char *window_code;
  g_autofree char *subtitle = NULL;

  yc_application_set_session (app, session);
  if (!self->offline)
    {
      YcRestClient *client = yc_application_get_client (app);
      g_autoptr(GError) error = NULL;

      /* Kept for an offline start after a restart (yc-session-cache.h). */
      if (!yc_session_cache_save (NULL, yc_rest_client_get_base_url (client), session, &error))
        g_warning ("Cannot keep the session for working offline: %s", error->message);
    }
  window_code = yc_application_get_window_code (app);
  subtitle = g_strdup_printf ("%s · %s", session->actor.display_name,
                              window_code != NULL ? window_code : _("no window"));
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  if (outbox != NULL)
    yc_outbox_start (outbox);
  load_reference_data (self);
  /* Each role lands where its work is (yc-desk-roles.c). */
  show_screen (self, yc_desk_roles_apply (self->view_stack, &session->actor));
  if (g_strcmp0 (self->desk_screen, "catalogue") == 0)
    yc_catalogue_page_focus_search (self->catalogue_page);
}

/* The backend answered again after an offline start: the session is confirmed, and what
 * waits in the outbox goes out now. The clerk stays where they are. */
static void
back_online (YcDeskWindow    *self,
             const YcSession *session)
{
  YcApplication *app = app_of (self);
  YcRestClient *client = yc_application_get_client (app);
  g_autoptr(GError) error = NULL;

  self->offline = FALSE;
  g_clear_handle_id (&self->probe_id, g_source_remove);
  yc_application_set_session (app, session);
  if (!yc_session_cache_save (NULL, yc_rest_client_get_base_url (client), session, &error))
    g_warning ("Cannot keep the session for working offline: %s", error->message);
  if (yc_application_get_outbox (app) != NULL)
    yc_outbox_start (yc_application_get_outbox (app));
  update_outbox_button (self);
  yc_desk_window_show_toast (self, _("The backend is back: waiting items are being sent."));
}

static void
probed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(YcDeskWindow) self = user_data;
  g_autoptr(YcSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = yc_rest_client_get_me_finish (YC_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->probing = FALSE;
  if (session != NULL && self->offline)
    back_online (self, session);
  else if (g_error_matches (error, YC_REST_ERROR, YC_REST_ERROR_UNAUTHORIZED) && self->offline)
    {
      /* The session ended while we were away: the outbox keeps everything until the clerk
       * signs in again. */
      self->offline = FALSE;
      g_clear_handle_id (&self->probe_id, g_source_remove);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.sign-out", NULL);
      yc_sign_in_page_show_error (self->sign_in_page, error->message);
    }
}

static gboolean
probe (gpointer user_data)
{
  YcDeskWindow *self = user_data;
  YcRestClient *client = yc_application_get_client (app_of (self));

  if (!self->probing)
    {
      self->probing = TRUE;
      yc_rest_client_get_me_async (client, self->cancellable, probed, g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

/* The backend cannot be reached at start, but the token store kept a session: with the
 * user's last session and a catalogue kept on disk for this backend, the desk opens offline;
 * intake goes to the outbox. FALSE if either is missing. */
static gboolean
start_offline (YcDeskWindow *self)
{
  YcRestClient *client = yc_application_get_client (app_of (self));
  g_autofree char *catalogue = cache_path ("catalogue.json");
  g_autoptr(YcSession) session = NULL;

  if (!g_file_test (catalogue, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  session = yc_session_cache_load (NULL, yc_rest_client_get_base_url (client),
                                   self->stored_user, yc_rest_client_get_token (client));
  if (session == NULL)
    return FALSE;
  self->offline = TRUE;
  on_signed_in (self, session);
  update_outbox_button (self);
  self->probe_id = g_timeout_add_seconds (PROBE_SECONDS, probe, self);
  return TRUE;
}

static void
resumed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(YcDeskWindow) self = user_data;
  g_autoptr(YcSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = yc_rest_client_get_me_finish (YC_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (session != NULL)
    on_signed_in (self, session);
  else if (!g_error_matches (error, YC_REST_ERROR, YC_REST_ERROR_UNREACHABLE)
           || !start_offline (self))
    yc_rest_client_set_token (YC_REST_CLIENT (source), NULL);
}

static void
token_found (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(YcDeskWindow) self = user_data;
  g_autofree char *token = NULL;
  YcRestClient *client;

  g_clear_pointer (&self->stored_user, g_free);
  token = yc_token_store_lookup_finish (YC_TOKEN_STORE (source), result, &self->stored_user,
                                        NULL);
  if (token == NULL || !g_str_equal (gtk_stack_get_visible_child_name (self->main_stack),
                                     "sign-in"))
    return;
  client = yc_application_get_client (app_of (self));
  yc_rest_client_set_token (client, token);
  yc_rest_client_get_me_async (client, self->cancellable, resumed, g_object_ref (self));
}

static void
signed_out (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  yc_rest_client_sign_out_finish (YC_REST_CLIENT (source), result, NULL);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  YcDeskWindow *self = YC_DESK_WINDOW (widget);
  YcApplication *app = app_of (self);
  YcRestClient *client = yc_application_get_client (app);

  self->offline = FALSE;
  g_clear_handle_id (&self->probe_id, g_source_remove);
  update_outbox_button (self);
  yc_token_store_clear_async (yc_application_get_token_store (app),
                              yc_rest_client_get_base_url (client), NULL, NULL, NULL);
  yc_rest_client_sign_out_async (client, NULL, signed_out, NULL);
  if (yc_application_get_outbox (app) != NULL)
    yc_outbox_stop (yc_application_get_outbox (app));
  yc_application_set_session (app, NULL);
  yc_desk_roles_apply (self->view_stack, NULL);
  yc_sign_in_page_reset (self->sign_in_page);
  show_screen (self, "sign-in");
}

/* ---- navigation ----------------------------------------------------------------------- */

static void
on_start_intake (YcDeskWindow *self,
                 YcItem       *item)
{
  if (yc_application_get_calendar (app_of (self)) == NULL)
    {
      yc_desk_window_show_toast (self, _("The working-day calendar is still loading."));
      return;
    }
  yc_intake_page_start (self->intake_page, item);
  show_screen (self, "intake");
}

static void
on_submitted (YcDeskWindow *self,
              const char   *number,
              const char   *message)
{
  yc_desk_window_show_toast (self, message);
  if (number == NULL)
    return;
  yc_catalogue_page_set_query (self->catalogue_page, "");
  show_screen (self, "catalogue");
  yc_catalogue_page_focus_search (self->catalogue_page);
}

static void
on_open_case (YcDeskWindow *self,
              const char   *number)
{
  yc_case_page_load (self->case_page, number);
  show_screen (self, "case");
}

static void
on_supply_requested (YcDeskWindow *self,
                     const YcCase *c)
{
  YcCatalogue *catalogue = yc_application_get_catalogue (app_of (self));
  YcItem *item = catalogue != NULL
                   ? yc_catalogue_get_item_version (catalogue, c->item_code, c->item_version)
                   : NULL;

  if (item == NULL)
    return;
  yc_intake_page_start_supply (self->intake_page, item, c);
  show_screen (self, "intake");
}

static void
show_catalogue_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  YcDeskWindow *self = YC_DESK_WINDOW (widget);

  show_screen (self, "catalogue");
  yc_catalogue_page_focus_search (self->catalogue_page);
}

static void
show_queue_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  YcDeskWindow *self = YC_DESK_WINDOW (widget);

  show_screen (self, "queue");
  yc_queue_page_focus_search (self->queue_page);
}

static void
find_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  YcDeskWindow *self = YC_DESK_WINDOW (widget);
  const char *screen = yc_desk_window_get_screen (self);

  if (g_strcmp0 (screen, "queue") == 0)
    yc_queue_page_focus_search (self->queue_page);
  else if (g_strcmp0 (screen, "sign-in") != 0)
    show_catalogue_action (widget, name, param);
}

static void
go_back_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  YcDeskWindow *self = YC_DESK_WINDOW (widget);
  const char *screen = yc_desk_window_get_screen (self);

  if (g_strcmp0 (screen, "case") == 0)
    show_screen (self, self->desk_screen != NULL ? self->desk_screen : "queue");
  else if (g_strcmp0 (screen, "intake") == 0)
    show_screen (self, "catalogue");
}

static void
refresh_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  YcDeskWindow *self = YC_DESK_WINDOW (widget);
  const char *screen = yc_desk_window_get_screen (self);

  if (g_strcmp0 (screen, "case") == 0)
    yc_case_page_load (self->case_page, yc_case_page_get_number (self->case_page));
  else if (g_strcmp0 (screen, "queue") == 0)
    yc_queue_page_refresh (self->queue_page, TRUE);
  else if (screen != NULL && g_strv_contains ((const char *const[]) { "signoff", "forwarded",
                                                                      "statistics", NULL },
                                              screen))
    yc_desk_roles_refresh (self->view_stack, screen);
  else
    load_reference_data (self);
}

static void
on_outbox_notify (YcDeskWindow *self)
{
  update_outbox_button (self);
}

static void
yc_desk_window_constructed (GObject *object)
{
  YcDeskWindow *self = YC_DESK_WINDOW (object);
  YcApplication *app = app_of (self);
  YcOutbox *outbox = yc_application_get_outbox (app);
  YcRestClient *client = yc_application_get_client (app);

  G_OBJECT_CLASS (yc_desk_window_parent_class)->constructed (object);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
  if (outbox != NULL)
    {
      g_signal_connect_object (outbox, "notify", G_CALLBACK (on_outbox_notify), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (outbox, "entry-conflict", G_CALLBACK (on_entry_conflict), self,
                               G_CONNECT_SWAPPED);
    }
  update_outbox_button (self);
  yc_desk_roles_add_pages (self, self->view_stack, G_CALLBACK (on_open_case));
  yc_sign_in_page_reset (self->sign_in_page);
  show_screen (self, "sign-in");

  /* A session kept in the keyring from an earlier run skips the password. */
  yc_token_store_lookup_async (yc_application_get_token_store (app),
                               yc_rest_client_get_base_url (client), self->cancellable,
                               token_found, g_object_ref (self));
}

static void
yc_desk_window_dispose (GObject *object)
{
  YcDeskWindow *self = YC_DESK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->probe_id, g_source_remove);
  g_clear_pointer (&self->stored_user, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_DESK_WINDOW);
  g_clear_pointer (&self->last_toast, g_free);
  G_OBJECT_CLASS (yc_desk_window_parent_class)->dispose (object);
}

static void
yc_desk_window_class_init (YcDeskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_desk_window_constructed;
  object_class->dispose = yc_desk_window_dispose;

  g_type_ensure (YC_TYPE_SIGN_IN_PAGE);
  g_type_ensure (YC_TYPE_CATALOGUE_PAGE);
  g_type_ensure (YC_TYPE_QUEUE_PAGE);
  g_type_ensure (YC_TYPE_INTAKE_PAGE);
  g_type_ensure (YC_TYPE_CASE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yichuang/Yichuang/yc-desk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, header);
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, outbox_button);
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, catalogue_page);
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, queue_page);
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, intake_page);
  gtk_widget_class_bind_template_child (widget_class, YcDeskWindow, case_page);
  gtk_widget_class_bind_template_callback (widget_class, on_signed_in);
  gtk_widget_class_bind_template_callback (widget_class, on_start_intake);
  gtk_widget_class_bind_template_callback (widget_class, on_submitted);
  gtk_widget_class_bind_template_callback (widget_class, on_open_case);
  gtk_widget_class_bind_template_callback (widget_class, on_supply_requested);

  gtk_widget_class_install_action (widget_class, "win.show-catalogue", NULL,
                                   show_catalogue_action);
  gtk_widget_class_install_action (widget_class, "win.show-queue", NULL, show_queue_action);
  gtk_widget_class_install_action (widget_class, "win.open-case", NULL, show_queue_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.show-outbox", NULL, show_outbox_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
}

static void
yc_desk_window_init (YcDeskWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  yc_document_view_follow (GTK_WIDGET (self->case_page));
}

YcDeskWindow *
yc_desk_window_new (YcApplication *app)
{
  return g_object_new (YC_TYPE_DESK_WINDOW, "application", app, NULL);
}
