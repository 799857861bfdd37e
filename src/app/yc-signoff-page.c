/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-signoff-page"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-application.h"
#include "yc-draft-certificate.h"
#include "yc-rest-roles.h"
#include "yc-roles-util.h"
#include "yc-signoff-page.h"

#define PAGE_SIZE 200
#define REFRESH_SECONDS 60
/* Typing conditions redraws the draft once the chief pauses. */
#define DRAFT_DELAY_MS 600

struct _YcSignoffPage
{
  AdwBin        parent_instance;

  GtkLabel     *count_label;
  GtkButton    *batch_button;
  GtkStack     *list_stack;
  GtkListBox   *queue_list;
  GtkStack     *detail_stack;
  GtkLabel     *title_label;
  GtkLabel     *subtitle_label;
  GtkLabel     *warning_label;
  GtkDropDown  *scan_dropdown;
  GtkStack     *scan_stack;
  GtkLabel     *scan_status_label;
  GtkPicture   *scan_picture;
  GtkStack     *draft_stack;
  GtkLabel     *draft_status_label;
  GtkPicture   *draft_picture;
  GtkEntry     *conditions_entry;

  GCancellable *cancellable;     /* the queue */
  GCancellable *detail_cancellable;
  GPtrArray    *entries;         /* JsonObject*, queue order */
  GHashTable   *viewed;          /* numbers the chief opened */
  GHashTable   *checked;         /* numbers ticked for the batch */
  char         *selected;
  YcCase       *kase;            /* the opened case as read */
  JsonArray    *attachments;
  gboolean      loading;
  gboolean      busy;
  gboolean      scans_ready;
  gboolean      draft_ready;
  guint         refresh_id;
  guint         draft_id;
  gboolean      rebuilding;
};

G_DEFINE_FINAL_TYPE (YcSignoffPage, yc_signoff_page, ADW_TYPE_BIN)

static YcRestClient *
client (void)
{
  return yc_application_get_client (YC_APPLICATION_DEFAULT);
}

static JsonObject *
entry_for (YcSignoffPage *self,
           const char    *number)
{
  for (guint i = 0; number != NULL && i < self->entries->len; i++)
    {
      JsonObject *o = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (json_object_get_string_member (o, "number"), number) == 0)
        return o;
    }
  return NULL;
}

static gboolean
entry_signable (JsonObject *o)
{
  return o != NULL && json_object_get_boolean_member_with_default (o, "signable", FALSE);
}

static void
update_actions (YcSignoffPage *self)
{
  JsonObject *o = entry_for (self, self->selected);
  gboolean open = self->kase != NULL && entry_signable (o) && !self->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signoff.approve", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signoff.deny", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signoff.batch",
                                 g_hash_table_size (self->checked) > 0 && !self->busy);
}

static void
update_batch_label (YcSignoffPage *self)
{
  guint n = g_hash_table_size (self->checked);
  g_autofree char *label = NULL;

  if (n == 0)
    label = g_strdup (_("_Sign Off Checked"));
  else
    label = g_strdup_printf (ngettext ("_Sign Off %u Checked", "_Sign Off %u Checked", n), n);
  gtk_button_set_label (self->batch_button, label);
  update_actions (self);
}

/* ---- the queue ------------------------------------------------------------------------ */

static void
on_check_toggled (GtkCheckButton *check,
                  YcSignoffPage  *self)
{
  const char *number = g_object_get_data (G_OBJECT (check), "number");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->checked, g_strdup (number));
  else
    g_hash_table_remove (self->checked, number);
  update_batch_label (self);
}

static GtkWidget *
label_new (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
queue_row_new (YcSignoffPage *self,
               JsonObject    *o)
{
  const char *number = json_object_get_string_member (o, "number");
  const char *item = json_object_get_string_member_with_default (o, "item_name", NULL);
  const char *due = json_object_get_string_member_with_default (o, "committed_due", "");
  const char *css = NULL;
  g_autofree char *days = yc_roles_days_left_text (o, &css);
  g_autofree char *title = g_strdup_printf ("%s · %s", number,
                                            json_object_get_string_member (o, "applicant_name"));
  g_autofree char *when = g_strdup_printf (_("Due %s · %s"), due, days != NULL ? days : "");
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *deadline = label_new (when, css);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  g_object_set_data_full (G_OBJECT (check), "number", g_strdup (number), g_free);
  gtk_widget_set_tooltip_text (check, _("Tick for batch sign-off (open the case first)"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_hash_table_contains (self->checked, number));
  gtk_widget_set_sensitive (check, entry_signable (o) && g_hash_table_contains (self->viewed,
                                                                                 number));
  g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled), self);
  gtk_box_append (GTK_BOX (box), check);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), label_new (title, "heading"));
  gtk_box_append (GTK_BOX (text), label_new (item != NULL ? item
                                             : json_object_get_string_member (o, "item_code"),
                                             "dim-label"));
  gtk_box_append (GTK_BOX (text), deadline);
  if (!entry_signable (o))
    {
      JsonObject *why = json_object_get_object_member (o, "not_signable");
      const char *code = why != NULL ? json_object_get_string_member (why, "code") : "";

      gtk_box_append (GTK_BOX (text),
                      label_new (g_strcmp0 (code, "separation-of-duties") == 0
                                   ? _("You took this case in: another chief signs it off")
                                   : _("Not yours to sign off now"), "error"));
    }
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "number", g_strdup (number), g_free);
  g_object_set_data (G_OBJECT (row), "check", check);
  return row;
}

static void
rebuild_list (YcSignoffPage *self,
              guint          total)
{
  GtkWidget *child;
  guint overdue = 0;
  g_autofree char *count = NULL;

  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list))) != NULL)
    gtk_list_box_remove (self->queue_list, child);
  for (guint i = 0; i < self->entries->len; i++)
    {
      JsonObject *o = g_ptr_array_index (self->entries, i);
      GtkWidget *row = queue_row_new (self, o);

      if (g_strcmp0 (json_object_get_string_member (o, "deadline_status"), "overdue") == 0)
        overdue++;
      gtk_list_box_append (self->queue_list, row);
      if (g_strcmp0 (json_object_get_string_member (o, "number"), self->selected) == 0)
        gtk_list_box_select_row (self->queue_list, GTK_LIST_BOX_ROW (row));
    }
  self->rebuilding = FALSE;

  count = g_strdup_printf (ngettext ("%u case waiting for sign-off, %u overdue",
                                     "%u cases waiting for sign-off, %u overdue", total),
                           total, overdue);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->list_stack, self->entries->len > 0 ? "list" : "empty");

  /* The case opened may have been signed off meanwhile. */
  if (self->selected != NULL && entry_for (self, self->selected) == NULL)
    {
      g_clear_pointer (&self->selected, g_free);
      g_clear_pointer (&self->kase, yc_case_free);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
    }
  update_batch_label (self);
}

static void
queue_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(YcSignoffPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  JsonArray *items;
  GHashTableIter iter;
  gpointer key;

  node = yc_rest_client_get_signoff_queue_finish (YC_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (node == NULL)
    {
      yc_roles_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  root = json_node_get_object (node);
  items = json_object_get_array_member (root, "items");
  g_ptr_array_set_size (self->entries, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (self->entries, json_object_ref (json_array_get_object_element (items, i)));
  /* Ticks of cases no longer waiting go. */
  g_hash_table_iter_init (&iter, self->checked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!entry_signable (entry_for (self, key)))
      g_hash_table_iter_remove (&iter);
  rebuild_list (self, (guint) json_object_get_int_member (root, "total"));
}

void
yc_signoff_page_refresh (YcSignoffPage *self)
{
  g_return_if_fail (YC_IS_SIGNOFF_PAGE (self));

  if (yc_application_get_session (YC_APPLICATION_DEFAULT) == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  yc_rest_client_get_signoff_queue_async (client (), NULL, 1, PAGE_SIZE, self->cancellable,
                                          queue_loaded, g_object_ref (self));
}

static gboolean
refresh_timeout (gpointer user_data)
{
  YcSignoffPage *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->busy)
    yc_signoff_page_refresh (self);
  return G_SOURCE_CONTINUE;
}

/* ---- the opened case ------------------------------------------------------------------ */

/* A loaded page in @picture, or why it could not be loaded in @status. */
static void
show_picture (GtkStack     *stack,
              GtkPicture   *picture,
              GtkLabel     *status,
              GdkTexture   *texture,
              const GError *error)
{
  if (texture == NULL)
    {
      gtk_label_set_label (status, error->message);
      gtk_stack_set_visible_child_name (stack, "none");
      return;
    }
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (stack, "picture");
}

static void
draft_picture_loaded (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(YcSignoffPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = yc_roles_picture_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_picture (self->draft_stack, self->draft_picture, self->draft_status_label, texture, error);
  self->draft_ready = TRUE;
}

static void
draft_rendered (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YcSignoffPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = yc_draft_certificate_render_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (pdf == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("No draft certificate: %s"), error->message);

      gtk_label_set_label (self->draft_status_label, text);
      gtk_stack_set_visible_child_name (self->draft_stack, "none");
      self->draft_ready = TRUE;
      return;
    }
  yc_roles_picture_load_async (pdf, self->detail_cancellable, draft_picture_loaded,
                               g_object_ref (self));
}

static void
render_draft (YcSignoffPage *self)
{
  YcApplication *app = YC_APPLICATION_DEFAULT;
  YcCatalogue *catalogue = yc_application_get_catalogue (app);
  YcItem *item;

  g_clear_handle_id (&self->draft_id, g_source_remove);
  self->draft_ready = FALSE;
  item = catalogue != NULL && self->kase != NULL
           ? yc_catalogue_get_item_version (catalogue, self->kase->item_code,
                                            self->kase->item_version)
           : NULL;
  if (item == NULL)
    {
      gtk_label_set_label (self->draft_status_label,
                           _("The catalogue of this case’s item is not loaded yet."));
      gtk_stack_set_visible_child_name (self->draft_stack, "none");
      self->draft_ready = TRUE;
      return;
    }
  gtk_label_set_label (self->draft_status_label, _("Drawing the draft certificate…"));
  yc_draft_certificate_render_async (self->kase, item, catalogue,
                                     yc_application_get_calendar (app),
                                     gtk_editable_get_text (GTK_EDITABLE (self->conditions_entry)),
                                     self->detail_cancellable, draft_rendered,
                                     g_object_ref (self));
}

static gboolean
draft_timeout (gpointer user_data)
{
  YcSignoffPage *self = user_data;

  self->draft_id = 0;
  render_draft (self);
  return G_SOURCE_REMOVE;
}

static void
on_conditions_changed (YcSignoffPage *self)
{
  if (self->kase == NULL)
    return;
  g_clear_handle_id (&self->draft_id, g_source_remove);
  self->draft_id = g_timeout_add (DRAFT_DELAY_MS, draft_timeout, self);
}

static void
scan_picture_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YcSignoffPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = yc_roles_picture_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_picture (self->scan_stack, self->scan_picture, self->scan_status_label, texture, error);
}

static void
scan_fetched (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(YcSignoffPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = yc_rest_client_get_attachment_finish (YC_REST_CLIENT (source),
                                                                  result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      gtk_label_set_label (self->scan_status_label, error->message);
      return;
    }
  yc_roles_picture_load_async (bytes, self->detail_cancellable, scan_picture_loaded,
                               g_object_ref (self));
}

static void
show_scan (YcSignoffPage *self,
           guint          position)
{
  JsonObject *a;

  if (self->attachments == NULL || position >= json_array_get_length (self->attachments))
    return;
  a = json_array_get_object_element (self->attachments, position);
  gtk_label_set_label (self->scan_status_label, _("Loading the scan…"));
  gtk_stack_set_visible_child_name (self->scan_stack, "none");
  yc_rest_client_get_attachment_async (client (), json_object_get_int_member (a, "id"),
                                       self->detail_cancellable, scan_fetched,
                                       g_object_ref (self));
}

static void
on_scan_chosen (YcSignoffPage *self)
{
  guint position = gtk_drop_down_get_selected (self->scan_dropdown);

  if (position != GTK_INVALID_LIST_POSITION)
    show_scan (self, position);
}

static void
attachments_listed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(YcSignoffPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = yc_rest_client_list_attachments_finish (YC_REST_CLIENT (source),
                                                                     result, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  YcCatalogue *catalogue = yc_application_get_catalogue (YC_APPLICATION_DEFAULT);
  YcItem *item = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->attachments, json_array_unref);
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    self->attachments = json_array_ref (json_node_get_array (node));
  if (catalogue != NULL && self->kase != NULL)
    item = yc_catalogue_get_item_version (catalogue, self->kase->item_code,
                                          self->kase->item_version);
  for (guint i = 0; self->attachments != NULL && i < json_array_get_length (self->attachments);
       i++)
    {
      JsonObject *a = json_array_get_object_element (self->attachments, i);
      const char *code = json_object_get_string_member_with_default (a, "material_code", "");
      const YcMaterial *m = item != NULL ? yc_item_find_material (item, code) : NULL;

      gtk_string_list_append (names, m != NULL ? m->name : code);
    }
  gtk_drop_down_set_model (self->scan_dropdown, G_LIST_MODEL (names));
  self->scans_ready = TRUE;
  if (self->attachments == NULL || json_array_get_length (self->attachments) == 0)
    {
      gtk_label_set_label (self->scan_status_label,
                           error != NULL ? error->message
                                         : _("No scans were attached to this case."));
      gtk_stack_set_visible_child_name (self->scan_stack, "none");
      return;
    }
  gtk_drop_down_set_selected (self->scan_dropdown, 0);
  show_scan (self, 0);
}

static void
case_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcSignoffPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) view = yc_rest_client_get_case_finish (YC_REST_CLIENT (source), result,
                                                             &error);
  JsonObject *o = entry_for (self, self->selected);
  JsonObject *root;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *css = NULL;
  g_autofree char *days = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->kase, yc_case_free);
  root = view != NULL && JSON_NODE_HOLDS_OBJECT (view) ? json_node_get_object (view) : NULL;
  if (root != NULL && json_object_has_member (root, "case"))
    self->kase = yc_case_from_json (json_object_get_member (root, "case"), &error);
  if (self->kase == NULL || o == NULL)
    {
      yc_roles_show_toast (GTK_WIDGET (self), error != NULL ? error->message
                                                            : _("The case could not be read."));
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  days = yc_roles_days_left_text (o, &css);
  title = g_strdup_printf ("%s · %s", self->kase->number, self->kase->applicant.name);
  subtitle = g_strdup_printf (_("%s · committed due %s (%s) · taken in by %s"),
                              json_object_get_string_member_with_default (o, "item_name", ""),
                              json_object_get_string_member_with_default (o, "committed_due",
                                                                          ""),
                              days != NULL ? days : "",
                              self->kase->received_by != NULL ? self->kase->received_by : "");
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, subtitle);
  if (!entry_signable (o))
    {
      JsonObject *why = json_object_get_object_member (o, "not_signable");

      gtk_label_set_label (self->warning_label,
                           why != NULL ? json_object_get_string_member (why, "detail") : "");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), !entry_signable (o));
  gtk_stack_set_visible_child_name (self->detail_stack, "case");

  /* Opened: it may now be ticked for a batch. */
  g_hash_table_add (self->viewed, g_strdup (self->kase->number));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "number"), self->kase->number) == 0)
      gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (row), "check"), entry_signable (o));

  yc_rest_client_list_attachments_async (client (), self->kase->number,
                                         self->detail_cancellable, attachments_listed,
                                         g_object_ref (self));
  render_draft (self);
  update_actions (self);
}

static void
open_case (YcSignoffPage *self,
           const char    *number)
{
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  self->detail_cancellable = g_cancellable_new ();
  g_free (self->selected);
  self->selected = g_strdup (number);
  g_clear_pointer (&self->kase, yc_case_free);
  self->scans_ready = FALSE;
  self->draft_ready = FALSE;
  gtk_picture_set_paintable (self->scan_picture, NULL);
  gtk_picture_set_paintable (self->draft_picture, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->conditions_entry), "");
  g_clear_handle_id (&self->draft_id, g_source_remove);
  update_actions (self);
  yc_rest_client_get_case_async (client (), number, self->detail_cancellable, case_read,
                                 g_object_ref (self));
}

static void
on_row_selected (YcSignoffPage *self,
                 GtkListBoxRow *row)
{
  const char *number;

  if (row == NULL || self->rebuilding)
    return;
  number = g_object_get_data (G_OBJECT (row), "number");
  if (g_strcmp0 (number, self->selected) != 0 || self->kase == NULL)
    open_case (self, number);
}

/* ---- decisions ------------------------------------------------------------------------ */

static void
queue_decision (YcSignoffPage *self,
                YcCaseAction   action,
                const char    *reason)
{
  YcOutbox *outbox = yc_application_get_outbox (YC_APPLICATION_DEFAULT);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (
    (GDestroyNotify) yc_outbox_entry_free);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;
  YcActionArgs args = { 0 };

  if (outbox == NULL || self->kase == NULL)
    return;
  args.reason = reason;
  /* The version the chief read: if the case moved on, the backend refuses (409) and the
   * outbox keeps the refusal for the chief to see. */
  body = yc_rest_action_body (&args, self->kase->version);
  path = yc_rest_path_case_action (self->kase->number, yc_case_action_to_string (action));
  summary = g_strdup_printf ("%s %s", yc_case_action_get_label (action), self->kase->number);
  g_ptr_array_add (entries, yc_outbox_entry_new_json ("action", self->kase->number, path, body,
                                                      summary));
  if (!yc_outbox_enqueue (outbox, entries, &error))
    {
      yc_roles_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  self->busy = TRUE;
  update_actions (self);
}

static void
approve_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  YcSignoffPage *self = YC_SIGNOFF_PAGE (widget);

  queue_decision (self, YC_ACTION_APPROVE,
                  gtk_editable_get_text (GTK_EDITABLE (self->conditions_entry)));
}

static void
on_reason_changed (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "deny", *text != '\0');
}

static void
on_deny_response (AdwMessageDialog *dialog,
                  const char       *response,
                  YcSignoffPage    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_str_equal (response, "deny"))
    queue_decision (self, YC_ACTION_DENY, gtk_editable_get_text (entry));
  g_object_unref (self);
}

static void
deny_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  YcSignoffPage *self = YC_SIGNOFF_PAGE (widget);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (self->kase == NULL)
    return;
  heading = g_strdup_printf (_("Deny %s?"), self->kase->number);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("The applicant receives the reason in writing, in the "
                                     "decision document."));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason for the denial (required)"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "deny", _("_Deny"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "deny",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "deny", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_deny_response), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
batch_sent (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(YcSignoffPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = yc_rest_client_signoff_batch_finish (YC_REST_CLIENT (source),
                                                                  result, &error);
  g_autoptr(GString) message = g_string_new (NULL);
  JsonObject *root;
  JsonArray *results;

  self->busy = FALSE;
  if (node == NULL)
    {
      yc_roles_show_toast (GTK_WIDGET (self), error != NULL ? error->message : "");
      update_actions (self);
      return;
    }
  root = json_node_get_object (node);
  g_string_printf (message, ngettext ("%u case signed off", "%u cases signed off",
                                      (gulong) json_object_get_int_member (root, "approved")),
                   (guint) json_object_get_int_member (root, "approved"));
  results = json_object_get_array_member (root, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      JsonObject *problem = json_object_has_member (r, "problem")
                              ? json_object_get_object_member (r, "problem") : NULL;

      if (problem != NULL)
        g_string_append_printf (message, _("; %s refused: %s"),
                                json_object_get_string_member (r, "number"),
                                json_object_get_string_member (problem, "detail"));
      g_hash_table_remove (self->checked, json_object_get_string_member (r, "number"));
    }
  yc_roles_show_toast (GTK_WIDGET (self), message->str);
  update_batch_label (self);
  yc_signoff_page_refresh (self);
}

void
yc_signoff_page_sign_checked (YcSignoffPage *self)
{
  g_autoptr(GArray) decisions = g_array_new (FALSE, TRUE, sizeof (YcSignoffDecision));
  g_autofree char *key = yc_rest_new_idempotency_key ();
  GHashTableIter iter;
  gpointer number;

  g_return_if_fail (YC_IS_SIGNOFF_PAGE (self));

  g_hash_table_iter_init (&iter, self->checked);
  while (g_hash_table_iter_next (&iter, &number, NULL))
    {
      JsonObject *o = entry_for (self, number);
      YcSignoffDecision d = { 0 };

      if (!entry_signable (o) || !g_hash_table_contains (self->viewed, number))
        continue;
      d.number = number;
      d.version = json_object_get_int_member (o, "version");
      d.approve = TRUE;
      g_array_append_val (decisions, d);
    }
  if (decisions->len == 0)
    return;
  self->busy = TRUE;
  update_actions (self);
  yc_rest_client_signoff_batch_async (client (), (YcSignoffDecision *) decisions->data,
                                      decisions->len, key, self->cancellable, batch_sent,
                                      g_object_ref (self));
}

static void
on_batch_response (AdwMessageDialog *dialog,
                   const char       *response,
                   YcSignoffPage    *self)
{
  if (g_str_equal (response, "sign"))
    yc_signoff_page_sign_checked (self);
  g_object_unref (self);
}

static void
batch_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  YcSignoffPage *self = YC_SIGNOFF_PAGE (widget);
  g_autoptr(GString) body = g_string_new (NULL);
  guint n = g_hash_table_size (self->checked);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GHashTableIter iter;
  gpointer number;

  if (n == 0)
    return;
  /* The list the chief confirms: each case ticked after it was opened. */
  g_hash_table_iter_init (&iter, self->checked);
  while (g_hash_table_iter_next (&iter, &number, NULL))
    {
      JsonObject *o = entry_for (self, number);

      if (o != NULL)
        g_string_append_printf (body, "%s · %s · %s\n", (const char *) number,
                                json_object_get_string_member (o, "applicant_name"),
                                json_object_get_string_member_with_default (o, "item_name",
                                                                            ""));
    }
  heading = g_strdup_printf (ngettext ("Approve %u case?", "Approve %u cases?", n), n);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "sign", _("_Approve All"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_batch_response), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  yc_signoff_page_refresh (YC_SIGNOFF_PAGE (widget));
}

static void
on_outbox_entry_done (YcSignoffPage *self,
                      YcOutboxEntry *entry)
{
  if (!self->busy || self->kase == NULL ||
      g_strcmp0 (entry->case_number, self->kase->number) != 0)
    return;
  self->busy = FALSE;
  update_actions (self);
  yc_signoff_page_refresh (self);
}

/* ---- for tests and the window --------------------------------------------------------- */

gboolean
yc_signoff_page_is_loading (YcSignoffPage *self)
{
  return self->loading;
}

gboolean
yc_signoff_page_is_busy (YcSignoffPage *self)
{
  return self->busy;
}

guint
yc_signoff_page_get_n_cases (YcSignoffPage *self)
{
  return self->entries->len;
}

const char *
yc_signoff_page_get_case_number (YcSignoffPage *self,
                                 guint          position)
{
  if (position >= self->entries->len)
    return NULL;
  return json_object_get_string_member (g_ptr_array_index (self->entries, position), "number");
}

gboolean
yc_signoff_page_is_signable (YcSignoffPage *self,
                             const char    *number)
{
  return entry_signable (entry_for (self, number));
}

gboolean
yc_signoff_page_select (YcSignoffPage *self,
                        const char    *number)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "number"), number) == 0)
      {
        gtk_list_box_select_row (self->queue_list, GTK_LIST_BOX_ROW (row));
        return TRUE;
      }
  return FALSE;
}

const char *
yc_signoff_page_get_selected (YcSignoffPage *self)
{
  return self->selected;
}

gboolean
yc_signoff_page_is_case_ready (YcSignoffPage *self)
{
  return self->kase != NULL && self->scans_ready && self->draft_ready && self->draft_id == 0;
}

guint
yc_signoff_page_get_n_scans (YcSignoffPage *self)
{
  return self->attachments != NULL ? json_array_get_length (self->attachments) : 0;
}

gboolean
yc_signoff_page_has_draft (YcSignoffPage *self)
{
  return gtk_picture_get_paintable (self->draft_picture) != NULL;
}

void
yc_signoff_page_set_conditions (YcSignoffPage *self,
                                const char    *conditions)
{
  gtk_editable_set_text (GTK_EDITABLE (self->conditions_entry), conditions);
}

gboolean
yc_signoff_page_set_checked (YcSignoffPage *self,
                             const char    *number,
                             gboolean       checked)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "number"), number) == 0)
      {
        GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");

        if (!gtk_widget_get_sensitive (check))
          return FALSE;
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), checked);
        return TRUE;
      }
  return FALSE;
}

/* ---- the object ----------------------------------------------------------------------- */

static void
yc_signoff_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yc_signoff_page_parent_class)->map (widget);
  yc_signoff_page_refresh (YC_SIGNOFF_PAGE (widget));
}

static void
yc_signoff_page_dispose (GObject *object)
{
  YcSignoffPage *self = YC_SIGNOFF_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->detail_cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->draft_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_SIGNOFF_PAGE);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->viewed, g_hash_table_unref);
  g_clear_pointer (&self->checked, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->kase, yc_case_free);
  g_clear_pointer (&self->attachments, json_array_unref);
  G_OBJECT_CLASS (yc_signoff_page_parent_class)->dispose (object);
}

static void
yc_signoff_page_class_init (YcSignoffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_signoff_page_dispose;
  widget_class->map = yc_signoff_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yichuang/Yichuang/yc-signoff-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, batch_button);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, queue_list);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, warning_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, scan_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, scan_stack);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, scan_status_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, scan_picture);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, draft_stack);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, draft_status_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, draft_picture);
  gtk_widget_class_bind_template_child (widget_class, YcSignoffPage, conditions_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_conditions_changed);

  gtk_widget_class_install_action (widget_class, "signoff.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "signoff.deny", NULL, deny_action);
  gtk_widget_class_install_action (widget_class, "signoff.batch", NULL, batch_action);
  gtk_widget_class_install_action (widget_class, "signoff.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "signoff.approve", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "signoff.deny", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "signoff.batch",
                                       NULL);
}

static void
yc_signoff_page_init (YcSignoffPage *self)
{
  YcOutbox *outbox = yc_application_get_outbox (YC_APPLICATION_DEFAULT);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->viewed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->detail_cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->scan_dropdown, "notify::selected",
                            G_CALLBACK (on_scan_chosen), self);
  if (outbox != NULL)
    {
      g_signal_connect_object (outbox, "entry-sent", G_CALLBACK (on_outbox_entry_done), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (outbox, "entry-conflict", G_CALLBACK (on_outbox_entry_done),
                               self, G_CONNECT_SWAPPED);
    }
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_timeout, self);
  update_batch_label (self);
}
