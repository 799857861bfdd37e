/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-township-page"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-application.h"
#include "yc-rest-roles.h"
#include "yc-roles-util.h"
#include "yc-township-page.h"

#define PAGE_SIZE 200
#define POLL_SECONDS 20

struct _YcTownshipPage
{
  AdwBin          parent_instance;

  GtkLabel       *count_label;
  GtkCheckButton *closed_check;
  GtkLabel       *answered_label;
  GtkStack       *stack;
  GtkListBox     *list;

  GCancellable   *cancellable;
  GHashTable     *cases;         /* number → JsonObject (ref) */
  char           *sync_token;    /* NULL until the first full read */
  char           *last_notice;
  gboolean        loading;
  guint           poll_seconds;
  guint           poll_id;
};

G_DEFINE_FINAL_TYPE (YcTownshipPage, yc_township_page, ADW_TYPE_BIN)

enum {
  OPEN_CASE,
  COUNTY_ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_poll (YcTownshipPage *self);

/* What the staff read about where a case stands. */
static char *
standing_text (JsonObject *o)
{
  const char *standing = json_object_get_string_member_with_default (o, "standing", "");
  const char *state = json_object_get_string_member_with_default (o, "state", "");
  const char *decision = json_object_get_string_member_with_default (o, "decision", NULL);
  YcCaseState value;

  if (g_str_equal (standing, "answered"))
    return g_strdup (g_strcmp0 (decision, "approved") == 0
                       ? _("The county approved it: issue the certificate")
                       : _("The county denied it: tell the applicant and close the case"));
  if (g_str_equal (standing, "finished"))
    return g_strdup_printf (_("Finished here (%s)"),
                            yc_case_state_from_string (state, &value)
                              ? yc_case_state_get_label (value) : state);
  return g_strdup_printf (_("At the county: %s"), yc_case_state_from_string (state, &value)
                                                    ? yc_case_state_get_label (value) : state);
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
case_row_new (JsonObject *o)
{
  const char *number = json_object_get_string_member (o, "number");
  const char *standing = json_object_get_string_member_with_default (o, "standing", "");
  JsonNode *waited = json_object_get_member (o, "working_days_waited");
  g_autofree char *title = g_strdup_printf ("%s · %s", number,
                                            json_object_get_string_member (o, "applicant_name"));
  g_autofree char *where = standing_text (o);
  g_autofree char *days = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *days_label;

  if (waited != NULL && !JSON_NODE_HOLDS_NULL (waited))
    {
      gint64 n = json_node_get_int (waited);

      days = g_strdup_printf (ngettext ("Waited %d working day", "Waited %d working days",
                                        (gulong) n), (int) n);
    }
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), label_new (title, "heading"));
  gtk_box_append (GTK_BOX (text), label_new (json_object_get_string_member_with_default (
                                               o, "item_name", ""), "dim-label"));
  gtk_box_append (GTK_BOX (text),
                  label_new (where, g_str_equal (standing, "answered") ? "accent" : NULL));
  gtk_box_append (GTK_BOX (box), text);
  days_label = label_new (days != NULL ? days : "", "numeric");
  gtk_widget_set_valign (days_label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), days_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "number", g_strdup (number), g_free);
  return row;
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  JsonObject *oa = *(JsonObject *const *) a;
  JsonObject *ob = *(JsonObject *const *) b;

  return -g_strcmp0 (json_object_get_string_member (oa, "received_at"),
                     json_object_get_string_member (ob, "received_at"));
}

static void
rebuild (YcTownshipPage *self)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree char *count = NULL;
  guint answered = 0;
  GtkWidget *child;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->cases);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);

  g_ptr_array_sort (sorted, newest_first);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < sorted->len; i++)
    {
      JsonObject *o = g_ptr_array_index (sorted, i);

      if (g_strcmp0 (json_object_get_string_member (o, "standing"), "answered") == 0)
        answered++;
      gtk_list_box_append (self->list, case_row_new (o));
    }
  count = g_strdup_printf (ngettext ("%u case forwarded to the county",
                                     "%u cases forwarded to the county", sorted->len),
                           sorted->len);
  gtk_label_set_label (self->count_label, count);
  if (answered > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("The county answered %u case: finish "
                                                         "it here.",
                                                         "The county answered %u cases: finish "
                                                         "them here.", answered), answered);

      gtk_label_set_label (self->answered_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->answered_label), answered > 0);
  gtk_stack_set_visible_child_name (self->stack, sorted->len > 0 ? "list" : "empty");
}

/* The staff are told when the county has answered, in the window and on the desktop. */
static void
notify_answer (YcTownshipPage *self,
               JsonObject     *o)
{
  const char *number = json_object_get_string_member (o, "number");
  gboolean approved = g_strcmp0 (json_object_get_string_member_with_default (o, "decision",
                                                                             NULL),
                                 "approved") == 0;
  g_autofree char *id = g_strdup_printf ("county-answered-%s", number);
  g_autoptr(GNotification) notification = NULL;

  g_free (self->last_notice);
  self->last_notice = approved
                        ? g_strdup_printf (_("The county approved case %s: issue the "
                                             "certificate."), number)
                        : g_strdup_printf (_("The county denied case %s: tell the applicant."),
                                           number);
  yc_roles_show_toast (GTK_WIDGET (self), self->last_notice);
  notification = g_notification_new (_("The county answered"));
  g_notification_set_body (notification, self->last_notice);
  g_application_send_notification (G_APPLICATION (YC_APPLICATION_DEFAULT), id, notification);
  g_signal_emit (self, signals[COUNTY_ANSWERED], 0, number, approved);
}

static void
forwarded_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(YcTownshipPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean first = self->sync_token == NULL;
  gboolean all = gtk_check_button_get_active (self->closed_check);
  JsonObject *root;
  JsonArray *items;

  node = yc_rest_client_get_forwarded_finish (YC_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (node == NULL)
    {
      /* Offline: try again at the next poll. */
      g_debug ("forwarded cases: %s", error->message);
      schedule_poll (self);
      return;
    }
  root = json_node_get_object (node);
  items = json_object_get_array_member (root, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      const char *number = json_object_get_string_member (o, "number");
      JsonObject *before = g_hash_table_lookup (self->cases, number);
      gboolean answered = json_object_get_boolean_member_with_default (o, "county_answered",
                                                                       FALSE);

      if (!first && answered &&
          g_strcmp0 (json_object_get_string_member (o, "standing"), "answered") == 0 &&
          (before == NULL ||
           !json_object_get_boolean_member_with_default (before, "county_answered", FALSE)))
        notify_answer (self, o);
      if (!all && g_strcmp0 (json_object_get_string_member (o, "state"), "closed") == 0)
        g_hash_table_remove (self->cases, number);
      else
        g_hash_table_insert (self->cases, g_strdup (number), json_object_ref (o));
    }
  g_free (self->sync_token);
  self->sync_token = g_strdup (json_object_get_string_member (root, "sync_token"));
  rebuild (self);
  if (json_object_get_boolean_member_with_default (root, "more", FALSE))
    yc_township_page_refresh (self, FALSE);
  else
    schedule_poll (self);
}

void
yc_township_page_refresh (YcTownshipPage *self,
                          gboolean        full)
{
  g_return_if_fail (YC_IS_TOWNSHIP_PAGE (self));

  if (yc_application_get_session (YC_APPLICATION_DEFAULT) == NULL)
    return;
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (full)
    {
      g_clear_pointer (&self->sync_token, g_free);
      g_hash_table_remove_all (self->cases);
    }
  self->loading = TRUE;
  yc_rest_client_get_forwarded_async (yc_application_get_client (YC_APPLICATION_DEFAULT),
                                      self->sync_token,
                                      gtk_check_button_get_active (self->closed_check), 1,
                                      PAGE_SIZE, self->cancellable, forwarded_loaded,
                                      g_object_ref (self));
}

static gboolean
poll_timeout (gpointer user_data)
{
  YcTownshipPage *self = user_data;

  self->poll_id = 0;
  yc_township_page_refresh (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (YcTownshipPage *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  self->poll_id = g_timeout_add_seconds (self->poll_seconds, poll_timeout, self);
}

static void
on_closed_toggled (YcTownshipPage *self)
{
  yc_township_page_refresh (self, TRUE);
}

static void
on_row_activated (YcTownshipPage *self,
                  GtkListBoxRow  *row)
{
  g_signal_emit (self, signals[OPEN_CASE], 0, g_object_get_data (G_OBJECT (row), "number"));
}

gboolean
yc_township_page_is_loading (YcTownshipPage *self)
{
  return self->loading;
}

void
yc_township_page_set_poll_seconds (YcTownshipPage *self,
                                   guint           seconds)
{
  self->poll_seconds = MAX (seconds, 1);
  if (self->poll_id != 0)
    schedule_poll (self);
}

guint
yc_township_page_get_n_cases (YcTownshipPage *self)
{
  return g_hash_table_size (self->cases);
}

const char *
yc_township_page_get_standing (YcTownshipPage *self,
                               const char     *number)
{
  JsonObject *o = g_hash_table_lookup (self->cases, number);

  return o != NULL ? json_object_get_string_member (o, "standing") : NULL;
}

int
yc_township_page_get_days_waited (YcTownshipPage *self,
                                  const char     *number)
{
  JsonObject *o = g_hash_table_lookup (self->cases, number);
  JsonNode *node = o != NULL ? json_object_get_member (o, "working_days_waited") : NULL;

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? (int) json_node_get_int (node) : -1;
}

const char *
yc_township_page_get_last_notice (YcTownshipPage *self)
{
  return self->last_notice;
}

static void
yc_township_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yc_township_page_parent_class)->map (widget);
  yc_township_page_refresh (YC_TOWNSHIP_PAGE (widget), FALSE);
}

static void
yc_township_page_dispose (GObject *object)
{
  YcTownshipPage *self = YC_TOWNSHIP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_TOWNSHIP_PAGE);
  g_clear_pointer (&self->cases, g_hash_table_unref);
  g_clear_pointer (&self->sync_token, g_free);
  g_clear_pointer (&self->last_notice, g_free);
  G_OBJECT_CLASS (yc_township_page_parent_class)->dispose (object);
}

static void
yc_township_page_class_init (YcTownshipPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_township_page_dispose;
  widget_class->map = yc_township_page_map;

  /* (case number): the staff want to act on it. */
  signals[OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* (case number, approved): the county returned the case with its decision. */
  signals[COUNTY_ANSWERED] = g_signal_new ("county-answered", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yichuang/Yichuang/"
                                               "yc-township-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcTownshipPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, YcTownshipPage, closed_check);
  gtk_widget_class_bind_template_child (widget_class, YcTownshipPage, answered_label);
  gtk_widget_class_bind_template_child (widget_class, YcTownshipPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YcTownshipPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_closed_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
yc_township_page_init (YcTownshipPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) json_object_unref);
  self->cancellable = g_cancellable_new ();
  self->poll_seconds = POLL_SECONDS;
}
