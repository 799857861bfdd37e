/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-queue-page"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-application.h"
#include "yc-queue-page.h"

#define PAGE_SIZE 200
#define REFRESH_SECONDS 30

/* ---- one row -------------------------------------------------------------------------- */

#define YC_TYPE_QUEUE_ROW (yc_queue_row_get_type ())
G_DECLARE_FINAL_TYPE (YcQueueRow, yc_queue_row, YC, QUEUE_ROW, GObject)

struct _YcQueueRow
{
  GObject  parent_instance;
  char    *number;
  char    *state;
  char    *applicant;
  char    *item;
  char    *due;
  int      days_left;
  char    *deadline_status;
  gboolean waiting;
};

G_DEFINE_FINAL_TYPE (YcQueueRow, yc_queue_row, G_TYPE_OBJECT)

enum {
  ROW_PROP_0,
  ROW_PROP_NUMBER,
  ROW_PROP_STATE,
  ROW_PROP_APPLICANT,
  ROW_PROP_ITEM,
  ROW_PROP_DUE,
  ROW_PROP_DAYS_LEFT,
  ROW_PROP_DEADLINE_STATUS,
  ROW_PROP_WAITING,
  ROW_N_PROPS
};

static void
yc_queue_row_finalize (GObject *object)
{
  YcQueueRow *self = YC_QUEUE_ROW (object);

  g_free (self->number);
  g_free (self->state);
  g_free (self->applicant);
  g_free (self->item);
  g_free (self->due);
  g_free (self->deadline_status);
  G_OBJECT_CLASS (yc_queue_row_parent_class)->finalize (object);
}

static void
yc_queue_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  YcQueueRow *self = YC_QUEUE_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case ROW_PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case ROW_PROP_APPLICANT:
      g_value_set_string (value, self->applicant);
      break;
    case ROW_PROP_ITEM:
      g_value_set_string (value, self->item);
      break;
    case ROW_PROP_DUE:
      g_value_set_string (value, self->due);
      break;
    case ROW_PROP_DAYS_LEFT:
      g_value_set_int (value, self->days_left);
      break;
    case ROW_PROP_DEADLINE_STATUS:
      g_value_set_string (value, self->deadline_status);
      break;
    case ROW_PROP_WAITING:
      g_value_set_boolean (value, self->waiting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_queue_row_class_init (YcQueueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yc_queue_row_finalize;
  object_class->get_property = yc_queue_row_get_property;
  g_object_class_install_property (object_class, ROW_PROP_NUMBER,
                                   g_param_spec_string ("number", NULL, NULL, NULL, flags));
  g_object_class_install_property (object_class, ROW_PROP_STATE,
                                   g_param_spec_string ("state", NULL, NULL, NULL, flags));
  g_object_class_install_property (object_class, ROW_PROP_APPLICANT,
                                   g_param_spec_string ("applicant", NULL, NULL, NULL, flags));
  g_object_class_install_property (object_class, ROW_PROP_ITEM,
                                   g_param_spec_string ("item", NULL, NULL, NULL, flags));
  g_object_class_install_property (object_class, ROW_PROP_DUE,
                                   g_param_spec_string ("due", NULL, NULL, NULL, flags));
  g_object_class_install_property (object_class, ROW_PROP_DAYS_LEFT,
                                   g_param_spec_int ("days-left", NULL, NULL, G_MININT,
                                                     G_MAXINT, 0, flags));
  g_object_class_install_property (object_class, ROW_PROP_DEADLINE_STATUS,
                                   g_param_spec_string ("deadline-status", NULL, NULL, NULL,
                                                        flags));
  g_object_class_install_property (object_class, ROW_PROP_WAITING,
                                   g_param_spec_boolean ("waiting", NULL, NULL, FALSE, flags));
}

static void
yc_queue_row_init (YcQueueRow *self)
{
}

static const char *
member (JsonObject *obj,
        const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static YcQueueRow *
row_from_json (JsonObject *obj)
{
  YcQueueRow *row = g_object_new (YC_TYPE_QUEUE_ROW, NULL);
  YcCatalogue *catalogue = yc_application_get_catalogue (YC_APPLICATION_DEFAULT);
  const char *item_code = member (obj, "item_code");
  YcItem *item = catalogue != NULL && item_code != NULL
                   ? yc_catalogue_get_item (catalogue, item_code) : NULL;

  row->number = g_strdup (member (obj, "number"));
  row->state = g_strdup (member (obj, "state"));
  row->applicant = g_strdup (member (obj, "applicant_name"));
  row->item = g_strdup (item != NULL ? item->name : item_code);
  row->due = g_strdup (member (obj, "committed_due"));
  row->deadline_status = g_strdup (member (obj, "deadline_status"));
  if (json_object_has_member (obj, "days_left")
      && JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "days_left")))
    row->days_left = (int) json_object_get_int_member (obj, "days_left");
  return row;
}

/* ---- the page ------------------------------------------------------------------------- */

struct _YcQueuePage
{
  AdwBin          parent_instance;

  GtkSearchEntry *search_entry;
  GtkDropDown    *state_dropdown;
  GtkListView    *list_view;
  GtkLabel       *status_label;
  GtkStack       *stack;

  GListStore     *rows;
  GHashTable     *by_number;    /* number → YcQueueRow (borrowed from rows) */
  char           *sync_token;
  GCancellable   *cancellable;
  guint           timer;
  gboolean        loading;
  gboolean        again;        /* something changed while a refresh was on its way */
  gboolean        replace;      /* the refresh on its way replaces every row */
};

G_DEFINE_FINAL_TYPE (YcQueuePage, yc_queue_page, ADW_TYPE_BIN)

enum {
  OPEN_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GListModel *
yc_queue_page_get_rows (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return G_LIST_MODEL (self->rows);
}

gboolean
yc_queue_page_is_loading (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), FALSE);
  return self->loading;
}

void
yc_queue_page_focus_search (YcQueuePage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean
find_position (YcQueuePage *self,
               YcQueueRow  *row,
               guint       *position)
{
  return g_list_store_find (self->rows, row, position);
}

/* Adds or replaces by number; the newest first. */
static void
upsert (YcQueuePage *self,
        YcQueueRow  *row)
{
  YcQueueRow *old;
  guint position;

  if (row->number == NULL)
    return;
  old = g_hash_table_lookup (self->by_number, row->number);
  if (old != NULL && find_position (self, old, &position))
    {
      g_hash_table_replace (self->by_number, g_strdup (row->number), row);
      g_list_store_splice (self->rows, position, 1, (gpointer *) &row, 1);
      return;
    }
  g_hash_table_replace (self->by_number, g_strdup (row->number), row);
  g_list_store_insert (self->rows, 0, row);
}

static void
remove_number (YcQueuePage *self,
               const char  *number)
{
  YcQueueRow *old = g_hash_table_lookup (self->by_number, number);
  guint position;

  if (old != NULL && find_position (self, old, &position))
    g_list_store_remove (self->rows, position);
  g_hash_table_remove (self->by_number, number);
}

/* Intakes the backend has not seen yet. */
static void
add_waiting (YcQueuePage *self)
{
  YcOutbox *outbox = yc_application_get_outbox (YC_APPLICATION_DEFAULT);
  YcCatalogue *catalogue = yc_application_get_catalogue (YC_APPLICATION_DEFAULT);
  g_autoptr(GPtrArray) pending = NULL;

  if (outbox == NULL)
    return;
  pending = yc_outbox_list (outbox, YC_OUTBOX_STATE_PENDING, NULL);
  for (guint i = 0; pending != NULL && i < pending->len; i++)
    {
      YcOutboxEntry *entry = g_ptr_array_index (pending, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(YcQueueRow) row = NULL;
      JsonObject *obj, *applicant;
      const char *item_code;
      const char *data;
      gsize size;
      YcItem *item;

      if (!g_str_equal (entry->kind, "create_case")
          || g_hash_table_contains (self->by_number, entry->case_number))
        continue;
      /* The body is bytes, not a string: no terminating NUL. */
      data = g_bytes_get_data (entry->body, &size);
      if (!json_parser_load_from_data (parser, data, size, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      obj = json_node_get_object (json_parser_get_root (parser));
      row = g_object_new (YC_TYPE_QUEUE_ROW, NULL);
      row->number = g_strdup (entry->case_number);
      row->waiting = TRUE;
      row->state = g_strdup ("received");
      item_code = member (obj, "item_code");
      item = catalogue != NULL && item_code != NULL
               ? yc_catalogue_get_item (catalogue, item_code) : NULL;
      row->item = g_strdup (item != NULL ? item->name : item_code);
      if (json_object_has_member (obj, "applicant")
          && JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "applicant")))
        {
          applicant = json_object_get_object_member (obj, "applicant");
          row->applicant = g_strdup (member (applicant, "name"));
        }
      upsert (self, row);
    }
}

static void
set_status (YcQueuePage *self,
            const char  *text,
            gboolean     error)
{
  gtk_label_set_text (self->status_label, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
refresh_again (gpointer user_data)
{
  g_autoptr(YcQueuePage) self = user_data;

  if (self->rows != NULL)
    yc_queue_page_refresh (self, FALSE);
}

static void
listed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(YcQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;
  JsonObject *obj;
  JsonArray *items = NULL;

  page = yc_rest_client_list_cases_finish (YC_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (self->again)
    {
      self->again = FALSE;
      g_idle_add_once ((GSourceOnceFunc) refresh_again, g_object_ref (self));
    }
  if (page == NULL || !JSON_NODE_HOLDS_OBJECT (page))
    {
      add_waiting (self);
      set_status (self, error != NULL ? error->message : _("The backend sent no list."), TRUE);
      gtk_stack_set_visible_child_name (self->stack,
                                        g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0
                                          ? "list" : "empty");
      return;
    }

  obj = json_node_get_object (page);
  /* A full reload replaces the rows only once there is something to show instead. */
  if (self->replace)
    {
      self->replace = FALSE;
      g_hash_table_remove_all (self->by_number);
      g_list_store_remove_all (self->rows);
    }
  if (json_object_has_member (obj, "items"))
    items = json_object_get_array_member (obj, "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autoptr(YcQueueRow) row = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      row = row_from_json (json_node_get_object (node));
      upsert (self, row);
    }
  g_free (self->sync_token);
  self->sync_token = g_strdup (member (obj, "sync_token"));
  add_waiting (self);

  now = g_date_time_new_now_local ();
  time = g_date_time_format (now, "%H:%M:%S");
  text = g_strdup_printf (_("Updated at %s"), time);
  set_status (self, text, FALSE);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0
                                      ? "list" : "empty");
}

static const char *
selected_state (YcQueuePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->state_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return yc_case_state_to_string ((YcCaseState) (selected - 1));
}

void
yc_queue_page_refresh (YcQueuePage *self,
                       gboolean     full)
{
  YcApplication *app = YC_APPLICATION_DEFAULT;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  YcCaseQuery query = { 0 };

  g_return_if_fail (YC_IS_QUEUE_PAGE (self));

  if (yc_application_get_session (app) == NULL)
    return;

  if (full)
    {
      g_clear_pointer (&self->sync_token, g_free);
      self->replace = TRUE;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  query.state = selected_state (self);
  query.page_size = PAGE_SIZE;
  if (*text != '\0')
    query.q = text;
  else
    query.window = yc_application_get_window_code (app);
  query.since = self->sync_token;
  self->loading = TRUE;
  yc_rest_client_list_cases_async (yc_application_get_client (app), &query, self->cancellable,
                                   listed, g_object_ref (self));
}

static gboolean
refresh_tick (gpointer user_data)
{
  YcQueuePage *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->loading)
    yc_queue_page_refresh (self, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
on_search_activate (YcQueuePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *number = g_strstrip (g_ascii_strup (text, -1));
  YcCaseNumber parsed;

  /* A barcode scanner types the number and Enter: open the case straight away. */
  if (yc_case_number_parse (number, &parsed, NULL))
    {
      g_signal_emit (self, signals[OPEN_CASE], 0, number);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      return;
    }
  yc_queue_page_refresh (self, TRUE);
}

static void
on_search_changed (YcQueuePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* While a number is being typed or scanned, wait for Enter. */
  if (g_ascii_isdigit (text[0]) && strlen (text) < 18)
    return;
  yc_queue_page_refresh (self, TRUE);
}

static void
on_activate (YcQueuePage *self,
             guint        position)
{
  g_autoptr(YcQueueRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), position);

  if (row != NULL)
    g_signal_emit (self, signals[OPEN_CASE], 0, row->number);
}

/* ---- rows ----------------------------------------------------------------------------- */

static GtkWidget *
cell (int         width_chars,
      gboolean    expand)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  gtk_widget_set_hexpand (label, expand);
  return label;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *number = cell (24, FALSE);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_add_css_class (number, "monospace");
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), cell (10, FALSE));   /* state */
  gtk_box_append (GTK_BOX (box), cell (10, FALSE));   /* applicant */
  gtk_box_append (GTK_BOX (box), cell (16, TRUE));    /* item */
  gtk_box_append (GTK_BOX (box), cell (18, FALSE));   /* due and days left */
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  YcQueueRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *number = gtk_widget_get_first_child (box);
  GtkWidget *state = gtk_widget_get_next_sibling (number);
  GtkWidget *applicant = gtk_widget_get_next_sibling (state);
  GtkWidget *item = gtk_widget_get_next_sibling (applicant);
  GtkWidget *due = gtk_widget_get_next_sibling (item);
  const char *classes[] = { "deadline-on-time", "deadline-warning", "deadline-overdue" };
  g_autofree char *due_text = NULL;
  YcCaseState case_state;

  gtk_label_set_text (GTK_LABEL (number), row->number);
  if (row->waiting)
    gtk_label_set_text (GTK_LABEL (state), _("Waiting to send"));
  else if (row->state != NULL && yc_case_state_from_string (row->state, &case_state))
    gtk_label_set_text (GTK_LABEL (state), yc_case_state_get_label (case_state));
  else
    gtk_label_set_text (GTK_LABEL (state), row->state != NULL ? row->state : "");
  gtk_label_set_text (GTK_LABEL (applicant), row->applicant != NULL ? row->applicant : "");
  gtk_label_set_text (GTK_LABEL (item), row->item != NULL ? row->item : "");

  if (row->due != NULL)
    due_text = g_strdup_printf (ngettext ("%s · %d day left", "%s · %d days left",
                                          ABS (row->days_left)),
                                row->due, row->days_left);
  gtk_label_set_text (GTK_LABEL (due), due_text != NULL ? due_text : "");
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (box, classes[i]);
  if (g_strcmp0 (row->deadline_status, "on_time") == 0)
    gtk_widget_add_css_class (box, classes[0]);
  else if (g_strcmp0 (row->deadline_status, "warning") == 0)
    gtk_widget_add_css_class (box, classes[1]);
  else if (g_strcmp0 (row->deadline_status, "overdue") == 0)
    gtk_widget_add_css_class (box, classes[2]);
}

static void
on_entry_sent (YcQueuePage   *self,
               YcOutboxEntry *entry)
{
  YcQueueRow *row = g_hash_table_lookup (self->by_number, entry->case_number);

  /* The backend has it now: its own row replaces the waiting one. */
  if (row != NULL && row->waiting)
    remove_number (self, entry->case_number);
  if (self->loading)
    self->again = TRUE;
  else
    yc_queue_page_refresh (self, FALSE);
}

static void
yc_queue_page_dispose (GObject *object)
{
  YcQueuePage *self = YC_QUEUE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_pointer (&self->by_number, g_hash_table_unref);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->sync_token, g_free);
  G_OBJECT_CLASS (yc_queue_page_parent_class)->dispose (object);
}

static void
yc_queue_page_class_init (YcQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_queue_page_dispose;

  signals[OPEN_CASE] =
    g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yichuang/Yichuang/yc-queue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
}

static void
on_state_changed (YcQueuePage *self)
{
  yc_queue_page_refresh (self, TRUE);
}

static void
yc_queue_page_init (YcQueuePage *self)
{
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);
  GtkListItemFactory *factory;
  YcOutbox *outbox = yc_application_get_outbox (YC_APPLICATION_DEFAULT);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_list_store_new (YC_TYPE_QUEUE_ROW);
  self->by_number = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_single_selection_new (
                             G_LIST_MODEL (g_object_ref (self->rows)))));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  gtk_string_list_append (states, _("All States"));
  for (YcCaseState s = YC_CASE_STATE_DRAFT; s < YC_CASE_N_STATES; s++)
    gtk_string_list_append (states, yc_case_state_get_label (s));
  gtk_drop_down_set_model (self->state_dropdown, G_LIST_MODEL (states));
  g_signal_connect_swapped (self->state_dropdown, "notify::selected",
                            G_CALLBACK (on_state_changed), self);

  gtk_search_entry_set_search_delay (self->search_entry, 300);
  if (outbox != NULL)
    g_signal_connect_object (outbox, "entry-sent", G_CALLBACK (on_entry_sent), self,
                             G_CONNECT_SWAPPED);
  self->timer = g_timeout_add_seconds (REFRESH_SECONDS, refresh_tick, self);
}
