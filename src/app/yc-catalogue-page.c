/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-catalogue-page"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-application.h"
#include "yc-catalogue-page.h"
#include "yc-item-list.h"
#include "yc-item-object.h"
#include "yc-item-rows.h"

typedef enum
{
  SCOPE_ALL,
  SCOPE_RECENT,
  SCOPE_FAVOURITES,
} Scope;

struct _YcCataloguePage
{
  AdwBin              parent_instance;

  GtkSearchEntry     *search_entry;
  GtkDropDown        *department_dropdown;
  GtkDropDown        *scope_dropdown;
  GtkGridView        *list_view;
  GtkLabel           *count_label;
  GtkLabel           *guide_title;
  GtkLabel           *guide_subtitle;
  GtkBox             *guide_box;
  GtkButton          *start_button;
  GtkStack           *guide_stack;

  YcCatalogue        *catalogue;
  YcItemList         *list;
  YcItemRows         *rows;              /* what the list view shows: stable rows over list */
  GtkSingleSelection *selection;
  GPtrArray          *bound;             /* GtkListItem*: the rows with a widget now */
  YcItem             *guide_item;        /* the item the guide shows */
  GPtrArray          *department_codes;  /* index in the dropdown − 1 → code */
  GHashTable         *favourites;        /* item codes, kept in step with the setting */
  guint               guide_idle;
};

G_DEFINE_FINAL_TYPE (YcCataloguePage, yc_catalogue_page, ADW_TYPE_BIN)

enum {
  START_INTAKE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static YcItem *
selected_item (YcCataloguePage *self)
{
  YcItemRow *row = gtk_single_selection_get_selected_item (self->selection);
  YcItemObject *object = row != NULL ? yc_item_row_get_item (row) : NULL;

  return object != NULL ? yc_item_object_get_item (object) : NULL;
}

YcItem *
yc_catalogue_page_get_selected (YcCataloguePage *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_PAGE (self), NULL);
  return selected_item (self);
}

GListModel *
yc_catalogue_page_get_results (YcCataloguePage *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_PAGE (self), NULL);
  return G_LIST_MODEL (self->list);
}

/* ---- the guide ------------------------------------------------------------------------ */

static void
guide_add (YcCataloguePage *self,
           const char      *heading,
           const char      *text)
{
  GtkWidget *label;

  if (text == NULL || *text == '\0')
    return;
  label = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (self->guide_box, label);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_box_append (self->guide_box, label);
}

static char *
materials_text (const YcItem *item)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < item->materials->len; i++)
    {
      const YcMaterial *m = g_ptr_array_index (item->materials, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a materials list line: number, name, format, copies, required or not */
      g_string_append_printf (text, _("%u. %s — %s, %u × (%s)"), i + 1, m->name,
                              yc_material_format_get_label (m->format), m->copies,
                              m->required ? _("required") : _("optional"));
    }
  return g_string_free (text, FALSE);
}

static gboolean
update_guide (gpointer user_data)
{
  YcCataloguePage *self = user_data;
  YcItem *item = selected_item (self);
  GtkWidget *child;
  g_autofree char *limits = NULL;
  g_autofree char *materials = NULL;
  g_autofree char *phones = NULL;
  g_autofree char *fees = NULL;
  YcDepartment *dept;

  self->guide_idle = 0;
  /* Typing often keeps the same item on top: its guide is already there. */
  if (item == self->guide_item && item != NULL)
    return G_SOURCE_REMOVE;
  g_clear_pointer (&self->guide_item, yc_item_unref);
  if (item != NULL)
    self->guide_item = yc_item_ref (item);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->guide_box))) != NULL)
    gtk_box_remove (self->guide_box, child);

  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), item != NULL);
  gtk_stack_set_visible_child_name (self->guide_stack, item != NULL ? "guide" : "empty");
  if (item == NULL)
    return G_SOURCE_REMOVE;

  dept = self->catalogue != NULL
           ? yc_catalogue_get_department (self->catalogue, item->department_code) : NULL;
  gtk_label_set_text (self->guide_title, item->name);
  gtk_label_set_text (self->guide_subtitle,
                      dept != NULL ? dept->name : item->department_code);

  limits = g_strdup_printf (_("Committed: %u working days · Legal limit: %u working days"),
                            item->committed_limit, item->legal_limit);
  materials = materials_text (item);
  phones = g_strdup_printf (_("Enquiries %s · Complaints %s"),
                            item->phone != NULL ? item->phone : "—",
                            item->complaint_phone != NULL ? item->complaint_phone : "—");
  fees = item->charged ? g_strdup (item->fee_description != NULL ? item->fee_description : "")
                       : g_strdup (_("Free of charge"));

  guide_add (self, _("Time Limits"), limits);
  guide_add (self, _("Note"), item->limit_note);
  guide_add (self, _("Acceptance Conditions"), item->conditions);
  guide_add (self, _("Materials"), materials);
  guide_add (self, _("Fees"), fees);
  guide_add (self, _("Place"), item->place);
  guide_add (self, _("Hours"), item->hours);
  guide_add (self, _("Phones"), phones);
  guide_add (self, _("Legal Basis"), item->legal_basis);
  guide_add (self, _("Procedure"), item->procedure);
  return G_SOURCE_REMOVE;
}

/* The guide follows the selection after the keystroke is drawn, never inside it. */
static void
queue_guide_update (YcCataloguePage *self)
{
  if (self->guide_idle == 0)
    self->guide_idle = g_idle_add_full (G_PRIORITY_LOW, update_guide, self, NULL);
}

static void
update_count (YcCataloguePage *self)
{
  guint n = yc_item_list_get_n_matches (self->list);
  g_autofree char *text = g_strdup_printf (ngettext ("%u item", "%u items", n), n);

  gtk_label_set_text (self->count_label, text);
}

/* ---- filtering ------------------------------------------------------------------------ */

static void
on_search_changed (YcCataloguePage *self)
{
  yc_item_list_set_query (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

void
yc_catalogue_page_set_query (YcCataloguePage *self,
                             const char      *query)
{
  g_return_if_fail (YC_IS_CATALOGUE_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query);
  /* Same path as typing (search-delay is 0 but the signal may come later). */
  yc_item_list_set_query (self->list, query);
}

void
yc_catalogue_page_focus_search (YcCataloguePage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_department_changed (YcCataloguePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->department_dropdown);
  const char *code = NULL;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && self->department_codes != NULL
      && selected - 1 < self->department_codes->len)
    code = g_ptr_array_index (self->department_codes, selected - 1);
  yc_item_list_set_department (self->list, code);
}

static void
update_scope (YcCataloguePage *self)
{
  GSettings *settings = yc_application_get_settings (YC_APPLICATION_DEFAULT);
  Scope scope = gtk_drop_down_get_selected (self->scope_dropdown);
  g_auto(GStrv) codes = NULL;
  g_autoptr(GHashTable) set = NULL;

  if (scope == SCOPE_ALL)
    {
      yc_item_list_set_codes (self->list, NULL);
      return;
    }
  codes = g_settings_get_strv (settings, scope == SCOPE_RECENT ? "recent-items"
                                                               : "favourite-items");
  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; codes[i] != NULL; i++)
    g_hash_table_add (set, g_strdup (codes[i]));
  yc_item_list_set_codes (self->list, set);
}

/* A new result starts at its top: the best match selected, the list scrolled up. */
static void
on_items_changed (YcCataloguePage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  update_count (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  if (adjustment != NULL && gtk_adjustment_get_value (adjustment) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  queue_guide_update (self);
}

void
yc_catalogue_page_set_catalogue (YcCataloguePage *self,
                                 YcCatalogue     *catalogue)
{
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GtkStringList) names = NULL;

  g_return_if_fail (YC_IS_CATALOGUE_PAGE (self));

  g_set_object (&self->catalogue, catalogue);
  g_clear_pointer (&self->department_codes, g_ptr_array_unref);
  names = gtk_string_list_new (NULL);
  gtk_string_list_append (names, _("All Departments"));
  self->department_codes = g_ptr_array_new_with_free_func (g_free);

  if (catalogue != NULL)
    {
      departments = yc_catalogue_list_departments (catalogue);
      for (guint i = 0; i < departments->len; i++)
        {
          YcDepartment *dept = g_ptr_array_index (departments, i);

          gtk_string_list_append (names, dept->short_name != NULL ? dept->short_name
                                                                  : dept->name);
          g_ptr_array_add (self->department_codes, g_strdup (dept->code));
        }
    }
  gtk_drop_down_set_model (self->department_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->department_dropdown, 0);
  yc_item_list_set_catalogue (self->list, catalogue);
}

/* ---- list rows ------------------------------------------------------------------------ */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *caption = gtk_label_new (NULL);
  GtkWidget *star = gtk_image_new_from_icon_name ("starred-symbolic");

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), caption);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), star);
  gtk_list_item_set_child (list_item, box);
}

/* Fills a row's widgets from the item its row holds now; called on bind and whenever typing
 * puts another item on that row, so that row widgets are kept, never rebuilt. */
static void
label_row (GtkListItem     *list_item,
           YcCataloguePage *self)
{
  YcItemRow *row = gtk_list_item_get_item (list_item);
  YcItemObject *object = row != NULL ? yc_item_row_get_item (row) : NULL;
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *texts = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *caption = gtk_widget_get_next_sibling (name);
  GtkWidget *star = gtk_widget_get_next_sibling (texts);
  g_autofree char *text = NULL;
  const char *dept;
  YcItem *item;

  if (object == NULL)
    return;  /* the row is going away */
  item = yc_item_object_get_item (object);
  dept = yc_item_object_get_department_name (object);
  text = g_strdup_printf ("%s · %s", item->code, dept != NULL ? dept : item->department_code);
  gtk_label_set_text (GTK_LABEL (name), item->name);
  gtk_label_set_text (GTK_LABEL (caption), text);
  gtk_widget_set_visible (star, g_hash_table_contains (self->favourites, item->code));
}

static void
on_row_item (YcItemRow   *row,
             GParamSpec  *pspec,
             GtkListItem *list_item)
{
  label_row (list_item, g_object_get_data (G_OBJECT (list_item), "yc-page"));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          YcCataloguePage          *self)
{
  g_object_set_data (G_OBJECT (list_item), "yc-page", self);
  g_signal_connect (gtk_list_item_get_item (list_item), "notify::item",
                    G_CALLBACK (on_row_item), list_item);
  g_ptr_array_add (self->bound, list_item);
  label_row (list_item, self);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            YcCataloguePage          *self)
{
  gpointer row = gtk_list_item_get_item (list_item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, on_row_item, list_item);
  g_ptr_array_remove_fast (self->bound, list_item);
}

/* ---- actions -------------------------------------------------------------------------- */

static void
start_intake (YcCataloguePage *self)
{
  YcItem *item = selected_item (self);

  if (item != NULL)
    g_signal_emit (self, signals[START_INTAKE], 0, item);
}

static void
start_intake_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  start_intake (YC_CATALOGUE_PAGE (widget));
}

static void
toggle_favourite_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  YcCataloguePage *self = YC_CATALOGUE_PAGE (widget);
  YcItem *item = selected_item (self);

  if (item == NULL)
    return;
  /* The settings' change redraws the stars (on_settings_changed). */
  yc_application_toggle_favourite (YC_APPLICATION_DEFAULT, item->code);
  update_scope (self);
}

static void
on_list_activated (YcCataloguePage *self,
                   guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  start_intake (self);
}

static void
on_search_activate (YcCataloguePage *self)
{
  start_intake (self);
}

static gboolean
on_search_key (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               YcCataloguePage       *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint next;

  /* Arrow keys move the selection while typing continues in the search field. */
  if (keyval == GDK_KEY_Down && n > 0)
    next = selected == GTK_INVALID_LIST_POSITION ? 0 : MIN (selected + 1, n - 1);
  else if (keyval == GDK_KEY_Up && n > 0 && selected != GTK_INVALID_LIST_POSITION)
    next = selected > 0 ? selected - 1 : 0;
  else
    return FALSE;
  gtk_single_selection_set_selected (self->selection, next);
  /* Every match is in the list: keep the selected one in sight. */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", next);
  return TRUE;
}

/* Rows are labelled on every keystroke: they read the favourites from here, not GSettings. */
static void
load_favourites (YcCataloguePage *self)
{
  GSettings *settings = yc_application_get_settings (YC_APPLICATION_DEFAULT);
  g_auto(GStrv) codes = g_settings_get_strv (settings, "favourite-items");

  g_hash_table_remove_all (self->favourites);
  for (guint i = 0; codes[i] != NULL; i++)
    g_hash_table_add (self->favourites, g_strdup (codes[i]));
}

static void
on_settings_changed (YcCataloguePage *self)
{
  load_favourites (self);
  for (guint i = 0; i < self->bound->len; i++)
    label_row (g_ptr_array_index (self->bound, i), self);
  if (gtk_drop_down_get_selected (self->scope_dropdown) != SCOPE_ALL)
    update_scope (self);
}

static void
yc_catalogue_page_dispose (GObject *object)
{
  YcCataloguePage *self = YC_CATALOGUE_PAGE (object);

  g_clear_handle_id (&self->guide_idle, g_source_remove);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->list);
  g_clear_pointer (&self->guide_item, yc_item_unref);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->department_codes, g_ptr_array_unref);
  g_clear_pointer (&self->favourites, g_hash_table_unref);
  G_OBJECT_CLASS (yc_catalogue_page_parent_class)->dispose (object);
}

/* After dispose: the list view unbinds its rows while the template is torn down. */
static void
yc_catalogue_page_finalize (GObject *object)
{
  g_ptr_array_unref (YC_CATALOGUE_PAGE (object)->bound);
  G_OBJECT_CLASS (yc_catalogue_page_parent_class)->finalize (object);
}

static void
yc_catalogue_page_class_init (YcCataloguePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_catalogue_page_dispose;
  object_class->finalize = yc_catalogue_page_finalize;

  signals[START_INTAKE] =
    g_signal_new ("start-intake", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, yc_item_get_type () | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yichuang/Yichuang/"
                                               "yc-catalogue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcCataloguePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YcCataloguePage, department_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcCataloguePage, scope_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcCataloguePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, YcCataloguePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, YcCataloguePage, guide_title);
  gtk_widget_class_bind_template_child (widget_class, YcCataloguePage, guide_subtitle);
  gtk_widget_class_bind_template_child (widget_class, YcCataloguePage, guide_box);
  gtk_widget_class_bind_template_child (widget_class, YcCataloguePage, guide_stack);
  gtk_widget_class_bind_template_child (widget_class, YcCataloguePage, start_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_department_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_scope);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activated);

  gtk_widget_class_install_action (widget_class, "catalogue.start-intake", NULL,
                                   start_intake_action);
  gtk_widget_class_install_action (widget_class, "catalogue.toggle-favourite", NULL,
                                   toggle_favourite_action);
}

static void
yc_catalogue_page_init (YcCataloguePage *self)
{
  GtkListItemFactory *factory;
  GtkEventController *keys;
  g_autoptr(GtkStringList) scopes = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->favourites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load_favourites (self);
  self->bound = g_ptr_array_new ();
  self->list = yc_item_list_new ();
  self->rows = yc_item_rows_new (G_LIST_MODEL (self->list));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->list, "items-changed", G_CALLBACK (on_items_changed), self);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (queue_guide_update), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_grid_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  scopes = gtk_string_list_new ((const char *[]) { _("All Items"), _("Recent"),
                                                   _("Favourites"), NULL });
  gtk_drop_down_set_model (self->scope_dropdown, G_LIST_MODEL (scopes));

  gtk_search_entry_set_search_delay (self->search_entry, 0);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  g_signal_connect_object (yc_application_get_settings (YC_APPLICATION_DEFAULT), "changed",
                           G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
  update_count (self);
}
