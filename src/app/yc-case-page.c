/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-application.h"
#include "yc-audit-entry.h"
#include "yc-case-page.h"
#include "yc-document-view.h"
#include "yc-handover-dialog.h"

struct _YcCasePage
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  AdwStatusPage       *error_page;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkLabel            *state_label;
  GtkLabel            *deadline_label;
  GtkBox              *actions_box;
  AdwPreferencesGroup *materials_group;
  AdwPreferencesGroup *documents_group;
  AdwPreferencesGroup *timeline_group;

  char                *number;
  YcCase              *c;
  GArray              *allowed;
  GPtrArray           *dynamic_rows;   /* (group, row) pairs to remove on reload */
  GCancellable        *cancellable;
  char                *print_certificate_of; /* certified by this desk: print when it shows */
};

G_DEFINE_FINAL_TYPE (YcCasePage, yc_case_page, ADW_TYPE_BIN)

enum {
  SUPPLY_REQUESTED,
  DOCUMENT_REQUESTED,
  REPRINT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
yc_case_page_get_number (YcCasePage *self)
{
  return self->number;
}

const YcCase *
yc_case_page_get_case (YcCasePage *self)
{
  return self->c;
}

GArray *
yc_case_page_get_allowed_actions (YcCasePage *self)
{
  return self->allowed;
}

static void
clear_dynamic (YcCasePage *self)
{
  GtkWidget *child;

  for (guint i = 0; i + 1 < self->dynamic_rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->dynamic_rows, i),
                                  g_ptr_array_index (self->dynamic_rows, i + 1));
  g_ptr_array_set_size (self->dynamic_rows, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
    gtk_box_remove (self->actions_box, child);
}

static void
add_row (YcCasePage          *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         GtkWidget           *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->dynamic_rows, group);
  g_ptr_array_add (self->dynamic_rows, row);
}

static void
show_error (YcCasePage   *self,
            const GError *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* ---- the parts of a case -------------------------------------------------------------- */

static void
show_materials (YcCasePage *self,
                YcItem     *item)
{
  for (guint i = 0; i < self->c->materials->len; i++)
    {
      const YcCaseMaterial *cm = g_ptr_array_index (self->c->materials, i);
      const YcMaterial *m = item != NULL ? yc_item_find_material (item, cm->code) : NULL;
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf ("%s%s%s%s", yc_material_status_get_label (cm->status),
                                  cm->reason != NULL ? " · " : "",
                                  cm->reason != NULL ? cm->reason : "",
                                  cm->noticed ? _(" · named in the one-time notice") : "");
      add_row (self, self->materials_group, m != NULL ? m->name : cm->code, subtitle, NULL);
    }
}

static void
add_document (YcCasePage *self,
              const char *kind,
              const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *preview = gtk_button_new_from_icon_name ("document-print-preview-symbolic");
  GtkWidget *print = gtk_button_new_from_icon_name ("document-print-symbolic");

  gtk_widget_set_tooltip_text (preview, _("Preview"));
  gtk_widget_set_tooltip_text (print, _("Print"));
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (preview, "flat");
  gtk_widget_add_css_class (print, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (preview), "case.preview-document");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (preview), "s", kind);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (print), "case.print-document");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (print), "s", kind);
  gtk_box_append (GTK_BOX (box), preview);
  gtk_box_append (GTK_BOX (box), print);
  /* The copy this desk issued, printed again as it was (logged as a reprint). */
  if (yc_document_view_can_reprint (self->c, kind))
    {
      GtkWidget *reprint = gtk_button_new_from_icon_name ("view-refresh-symbolic");

      gtk_widget_set_tooltip_text (reprint, _("Reprint the issued copy"));
      gtk_widget_add_css_class (reprint, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (reprint), "case.reprint-document");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (reprint), "s", kind);
      gtk_box_append (GTK_BOX (box), reprint);
    }
  add_row (self, self->documents_group, title, NULL, box);
}

/* The written documents a case in this state has (rendered by the documents module). */
static void
show_documents (YcCasePage *self)
{
  gboolean noticed = FALSE;

  for (guint i = 0; i < self->c->materials->len; i++)
    if (((YcCaseMaterial *) g_ptr_array_index (self->c->materials, i))->noticed)
      noticed = TRUE;

  add_document (self, "receipt", _("Receipt of Application"));
  if (noticed)
    add_document (self, "one-time-notice", _("One-Time Notice of Missing Materials"));
  if (self->c->state == YC_CASE_STATE_REFUSED)
    add_document (self, "refusal", _("Notice of Refusal"));
  if (self->c->state != YC_CASE_STATE_RECEIVED
      && self->c->state != YC_CASE_STATE_AWAITING_MATERIALS
      && self->c->state != YC_CASE_STATE_REFUSED && self->c->state != YC_CASE_STATE_DRAFT)
    {
      add_document (self, "acceptance", _("Notice of Acceptance"));
      add_document (self, "completion-time", _("Completion-Time Notice"));
    }
  if (self->c->state == YC_CASE_STATE_CERTIFIED || self->c->state == YC_CASE_STATE_DELIVERED
      || self->c->state == YC_CASE_STATE_CLOSED)
    add_document (self, "certificate", _("Certificate"));
}

static void
show_actions (YcCasePage *self)
{
  for (guint i = 0; self->allowed != NULL && i < self->allowed->len; i++)
    {
      YcCaseAction action = g_array_index (self->allowed, guint, i);
      GtkWidget *button = gtk_button_new_with_label (yc_case_action_get_label (action));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.run-action");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                        yc_case_action_to_string (action));
      if (action == YC_ACTION_REFUSE || action == YC_ACTION_DENY)
        gtk_widget_add_css_class (button, "destructive-action");
      gtk_box_append (self->actions_box, button);
    }
  if (self->allowed == NULL || self->allowed->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No action is open to you on this case now."));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->actions_box, label);
    }
}

static void
show_deadline (YcCasePage *self,
               YcItem     *item)
{
  YcCalendar *calendar = yc_application_get_calendar (YC_APPLICATION_DEFAULT);
  YcDeadline deadline;
  g_autofree char *text = NULL;
  const char *classes[] = { "deadline-on-time", "deadline-warning", "deadline-overdue" };
  GDate today;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->deadline_label), classes[i]);
  if (item == NULL || calendar == NULL)
    {
      gtk_label_set_text (self->deadline_label, "");
      return;
    }
  yc_application_get_today (YC_APPLICATION_DEFAULT, &today);
  yc_case_deadline (self->c, item, calendar, &today, &deadline);
  switch (deadline.status)
    {
    case YC_DEADLINE_ON_TIME:
    case YC_DEADLINE_WARNING:
    case YC_DEADLINE_OVERDUE:
      text = g_strdup_printf (ngettext ("Due %04u-%02u-%02u · %d working day left",
                                        "Due %04u-%02u-%02u · %d working days left",
                                        ABS (deadline.days_left)),
                              g_date_get_year (&deadline.committed_due),
                              g_date_get_month (&deadline.committed_due),
                              g_date_get_day (&deadline.committed_due), deadline.days_left);
      gtk_widget_add_css_class (GTK_WIDGET (self->deadline_label),
                                classes[deadline.status == YC_DEADLINE_ON_TIME ? 0
                                        : deadline.status == YC_DEADLINE_WARNING ? 1 : 2]);
      break;
    case YC_DEADLINE_STOPPED:
      text = g_strdup (_("Clock stopped while the case is suspended"));
      break;
    case YC_DEADLINE_DONE:
      text = g_strdup (deadline.finished_on_time ? _("Decided in time") : _("Decided late"));
      break;
    case YC_DEADLINE_NOT_STARTED:
    default:
      text = g_strdup (_("Not accepted yet: the clock has not started"));
      break;
    }
  gtk_label_set_text (self->deadline_label, text);
}

static void
show_case (YcCasePage *self)
{
  YcApplication *app = YC_APPLICATION_DEFAULT;
  YcCatalogue *catalogue = yc_application_get_catalogue (app);
  const YcSession *session = yc_application_get_session (app);
  YcItem *item = catalogue != NULL
                   ? yc_catalogue_get_item_version (catalogue, self->c->item_code,
                                                    self->c->item_version) : NULL;
  g_autofree char *subtitle = NULL;

  clear_dynamic (self);
  g_clear_pointer (&self->allowed, g_array_unref);
  /* The same rules the backend enforces decide which buttons there are. */
  if (item != NULL && session != NULL)
    self->allowed = yc_case_allowed_actions (self->c, item, &session->actor);

  gtk_label_set_text (self->title_label, self->c->number);
  subtitle = g_strdup_printf ("%s · %s", item != NULL ? item->name : self->c->item_code,
                              self->c->applicant.name != NULL ? self->c->applicant.name : "");
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_label_set_text (self->state_label, yc_case_state_get_label (self->c->state));
  show_deadline (self, item);
  show_actions (self);
  show_materials (self, item);
  show_documents (self);
  gtk_stack_set_visible_child_name (self->stack, "case");
}

static void
audit_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(YcCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) audit = NULL;
  JsonArray *entries = NULL;
  YcCatalogue *catalogue;
  YcItem *item;

  audit = yc_rest_client_get_audit_finish (YC_REST_CLIENT (source), result, &error);
  if (audit == NULL || self->c == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_row (self, self->timeline_group, _("The audit trail could not be read"),
                 error->message, NULL);
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (audit))
    entries = json_node_get_array (audit);
  catalogue = yc_application_get_catalogue (YC_APPLICATION_DEFAULT);
  item = catalogue != NULL ? yc_catalogue_get_item_version (catalogue, self->c->item_code,
                                                            self->c->item_version) : NULL;
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonNode *detail;
      JsonObject *o;
      g_autofree char *title = NULL;
      g_autofree char *at = NULL;
      g_autofree char *facts = NULL;
      g_autofree char *subtitle = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      detail = json_object_get_member (o, "detail");
      /* The clerk reads what happened in words, not the backend's ids and JSON. */
      title = yc_audit_entry_dup_title (json_object_get_string_member_with_default (o, "action",
                                                                                    NULL));
      at = yc_audit_entry_dup_time (json_object_get_string_member_with_default (o, "at", NULL));
      facts = yc_audit_entry_dup_facts (detail != NULL && JSON_NODE_HOLDS_OBJECT (detail)
                                          ? json_node_get_object (detail) : NULL, item);
      subtitle = g_strdup_printf ("%s · %s%s%s", at,
                                  json_object_get_string_member_with_default (o, "actor", ""),
                                  *facts != '\0' ? " · " : "", facts);
      add_row (self, self->timeline_group, title, subtitle, NULL);
    }
}

static void
case_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) view = NULL;
  JsonObject *obj;

  view = yc_rest_client_get_case_finish (YC_REST_CLIENT (source), result, &error);
  if (view == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  obj = JSON_NODE_HOLDS_OBJECT (view) ? json_node_get_object (view) : NULL;
  if (obj != NULL && json_object_has_member (obj, "case"))
    self->c = yc_case_from_json (json_object_get_member (obj, "case"), &error);
  if (self->c == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, YC_REST_ERROR, YC_REST_ERROR_SERVER,
                             _("The backend sent a case the client cannot read."));
      show_error (self, error);
      return;
    }
  show_case (self);
  /* Certify is seal + certificate + print: once the backend has the case certified, the
   * certificate is issued and goes to the window's printer. */
  if (self->print_certificate_of != NULL &&
      g_str_equal (self->print_certificate_of, self->c->number) &&
      self->c->state == YC_CASE_STATE_CERTIFIED)
    {
      g_clear_pointer (&self->print_certificate_of, g_free);
      g_signal_emit (self, signals[DOCUMENT_REQUESTED], 0, self->c->number, "certificate",
                     TRUE);
    }
  yc_rest_client_get_audit_async (YC_REST_CLIENT (source), self->number, self->cancellable,
                                  audit_read, g_object_ref (self));
}

void
yc_case_page_load (YcCasePage *self,
                   const char *number)
{
  YcRestClient *client = yc_application_get_client (YC_APPLICATION_DEFAULT);

  g_return_if_fail (YC_IS_CASE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (number != self->number)
    {
      g_free (self->number);
      self->number = g_strdup (number);
    }
  g_clear_pointer (&self->c, yc_case_free);
  clear_dynamic (self);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  yc_rest_client_get_case_async (client, self->number, self->cancellable, case_read,
                                 g_object_ref (self));
}

/* ---- actions -------------------------------------------------------------------------- */

static void
queue_action (YcCasePage   *self,
              YcCaseAction  action,
              const char   *reason,
              const char   *legal_basis,
              const char   *delivery_method,
              const char   *delivery_detail)
{
  YcOutbox *outbox = yc_application_get_outbox (YC_APPLICATION_DEFAULT);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;
  YcActionArgs args = { 0 };

  if (outbox == NULL || self->c == NULL)
    return;
  args.reason = reason;
  args.legal_basis = legal_basis;
  args.delivery_method = delivery_method;
  args.delivery_detail = delivery_detail;
  /* The version read: if someone changed the case meanwhile the backend answers 409 and the
   * outbox keeps it as a conflict for the clerk. */
  body = yc_rest_action_body (&args, self->c->version);
  path = yc_rest_path_case_action (self->c->number, yc_case_action_to_string (action));
  summary = g_strdup_printf ("%s %s", yc_case_action_get_label (action), self->c->number);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_entry_free);
  g_ptr_array_add (entries, yc_outbox_entry_new_json ("action", self->c->number, path, body,
                                                      summary));
  if (!yc_outbox_enqueue (outbox, entries, &error))
    {
      show_error (self, error);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->actions_box), FALSE);
}

typedef struct
{
  YcCasePage   *self;
  YcCaseAction  action;
  GtkEditable  *first;
  GtkEditable  *second;
} ReasonDialog;

static void
on_reason_response (AdwMessageDialog *dialog,
                    const char       *response,
                    ReasonDialog     *rd)
{
  if (g_str_equal (response, "ok"))
    {
      const char *first = gtk_editable_get_text (rd->first);
      const char *second = rd->second != NULL ? gtk_editable_get_text (rd->second) : NULL;

      if (rd->action == YC_ACTION_DELIVER)
        queue_action (rd->self, rd->action, NULL, NULL, *second != '\0' ? "courier" : "pickup",
                      *second != '\0' ? second : first);
      else
        queue_action (rd->self, rd->action, first, second, NULL, NULL);
    }
  g_object_unref (rd->self);
  g_free (rd);
}

static GtkEditable *
dialog_entry (GtkBox     *box,
              const char *placeholder,
              const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_box_append (box, entry);
  return GTK_EDITABLE (entry);
}

static void
ask_and_run (YcCasePage   *self,
             YcCaseAction  action)
{
  YcCatalogue *catalogue = yc_application_get_catalogue (YC_APPLICATION_DEFAULT);
  YcItem *item = catalogue != NULL
                   ? yc_catalogue_get_item_version (catalogue, self->c->item_code,
                                                    self->c->item_version) : NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  ReasonDialog *rd = g_new0 (ReasonDialog, 1);
  GtkWidget *dialog;

  rd->self = g_object_ref (self);
  rd->action = action;
  if (action == YC_ACTION_DELIVER)
    {
      rd->first = dialog_entry (GTK_BOX (box), _("Collector’s citizen ID (pickup)"), NULL);
      rd->second = dialog_entry (GTK_BOX (box), _("Courier tracking number"), NULL);
    }
  else
    {
      rd->first = dialog_entry (GTK_BOX (box), _("Reason"), NULL);
      if (action == YC_ACTION_REFUSE)
        rd->second = dialog_entry (GTK_BOX (box), _("Legal basis"),
                                   item != NULL ? item->refusal_basis : NULL);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   yc_case_action_get_label (action), NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "ok", yc_case_action_get_label (action), NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_signal_connect (dialog, "response", G_CALLBACK (on_reason_response), rd);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_handover (const char *method,
             const char *detail,
             gpointer    user_data)
{
  queue_action (YC_CASE_PAGE (user_data), YC_ACTION_DELIVER, NULL, NULL, method, detail);
}

static void
run_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  YcCasePage *self = YC_CASE_PAGE (widget);
  YcCaseAction action;

  if (self->c == NULL || !yc_case_action_from_string (g_variant_get_string (param, NULL),
                                                      &action))
    return;

  switch (action)
    {
    case YC_ACTION_SUPPLY:
      g_signal_emit (self, signals[SUPPLY_REQUESTED], 0, self->c);
      break;
    case YC_ACTION_REFUSE:
    case YC_ACTION_SUSPEND:
    case YC_ACTION_DENY:
      ask_and_run (self, action);
      break;
    case YC_ACTION_DELIVER:
      /* Pickup with the collector's ID checked as typed, or courier (yc-handover-dialog.c). */
      yc_handover_dialog_present (GTK_WINDOW (gtk_widget_get_root (widget)), self->c->number,
                                  on_handover, g_object_ref (self), g_object_unref);
      break;
    case YC_ACTION_CERTIFY:
      g_free (self->print_certificate_of);
      self->print_certificate_of = g_strdup (self->c->number);
      queue_action (self, action, NULL, NULL, NULL, NULL);
      break;
    case YC_ACTION_RECEIVE:
    case YC_ACTION_REQUEST_MATERIALS:
    case YC_ACTION_ACCEPT:
    case YC_ACTION_ACCEPT_PENDING:
    case YC_ACTION_START_REVIEW:
    case YC_ACTION_RESUME:
    case YC_ACTION_FORWARD_TO_COUNTY:
    case YC_ACTION_RETURN_TO_TOWNSHIP:
    case YC_ACTION_SUBMIT_SIGNOFF:
    case YC_ACTION_APPROVE:
    case YC_ACTION_CLOSE:
    case YC_N_ACTIONS:
    default:
      queue_action (self, action, NULL, NULL, NULL, NULL);
      break;
    }
}

static void
document_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  YcCasePage *self = YC_CASE_PAGE (widget);

  if (self->c != NULL && g_str_equal (name, "case.reprint-document"))
    g_signal_emit (self, signals[REPRINT_REQUESTED], 0, self->c->number,
                   g_variant_get_string (param, NULL));
  else if (self->c != NULL)
    g_signal_emit (self, signals[DOCUMENT_REQUESTED], 0, self->c->number,
                   g_variant_get_string (param, NULL),
                   g_str_equal (name, "case.print-document"));
}

static void
on_entry_done (YcCasePage    *self,
               YcOutboxEntry *entry)
{
  if (self->number != NULL && g_strcmp0 (entry->case_number, self->number) == 0)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->actions_box), TRUE);
      yc_case_page_load (self, self->number);
    }
}

static void
yc_case_page_dispose (GObject *object)
{
  YcCasePage *self = YC_CASE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->dynamic_rows, g_ptr_array_unref);
  g_clear_pointer (&self->c, yc_case_free);
  g_clear_pointer (&self->allowed, g_array_unref);
  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->print_certificate_of, g_free);
  G_OBJECT_CLASS (yc_case_page_parent_class)->dispose (object);
}

static void
yc_case_page_class_init (YcCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_case_page_dispose;

  signals[SUPPLY_REQUESTED] =
    g_signal_new ("supply-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, YC_TYPE_CASE | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* (case number, document kind, print?): the documents module renders and prints. */
  signals[DOCUMENT_REQUESTED] =
    g_signal_new ("document-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /* (case number, document kind): print this desk's issued copy again. */
  signals[REPRINT_REQUESTED] =
    g_signal_new ("reprint-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yichuang/Yichuang/yc-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, stack);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, deadline_label);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, materials_group);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, documents_group);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, timeline_group);

  gtk_widget_class_install_action (widget_class, "case.run-action", "s", run_action);
  gtk_widget_class_install_action (widget_class, "case.preview-document", "s", document_action);
  gtk_widget_class_install_action (widget_class, "case.print-document", "s", document_action);
  gtk_widget_class_install_action (widget_class, "case.reprint-document", "s", document_action);
}

static void
yc_case_page_init (YcCasePage *self)
{
  YcOutbox *outbox = yc_application_get_outbox (YC_APPLICATION_DEFAULT);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->dynamic_rows = g_ptr_array_new ();
  if (outbox != NULL)
    {
      g_signal_connect_object (outbox, "entry-sent", G_CALLBACK (on_entry_done), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (outbox, "entry-conflict", G_CALLBACK (on_entry_done), self,
                               G_CONNECT_SWAPPED);
    }
}
