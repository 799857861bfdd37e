/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue: lookups by code over departments, townships, windows and every published
 * version of every item. Loading is all or nothing: a document is read and checked in full,
 * against itself and against what is already held, before anything is added. */
#define G_LOG_DOMAIN "yc-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-catalogue-private.h"

struct _YcCatalogue
{
  GObject     parent_instance;

  GHashTable *departments;       /* code → YcDepartment* */
  GHashTable *townships;         /* code → YcTownship* */
  GHashTable *windows;           /* code → YcWindow* */
  GHashTable *items;             /* code → GPtrArray of YcItem*, oldest version first */
  GPtrArray  *sorted_items;      /* newest versions by code, kept up to date on every change so
                                  * that reads never write (several threads may read) */
};

G_DEFINE_FINAL_TYPE (YcCatalogue, yc_catalogue, G_TYPE_OBJECT)

static void
yc_catalogue_finalize (GObject *object)
{
  YcCatalogue *self = YC_CATALOGUE (object);

  g_clear_pointer (&self->sorted_items, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->windows, g_hash_table_unref);
  g_clear_pointer (&self->townships, g_hash_table_unref);
  g_clear_pointer (&self->departments, g_hash_table_unref);

  G_OBJECT_CLASS (yc_catalogue_parent_class)->finalize (object);
}

static void
yc_catalogue_class_init (YcCatalogueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_catalogue_finalize;
}

static void
yc_catalogue_init (YcCatalogue *self)
{
  /* Keys are the values' own code strings, so only the values are freed. */
  self->departments = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) yc_department_unref);
  self->townships = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) yc_township_unref);
  self->windows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) yc_window_unref);
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->sorted_items = g_ptr_array_new ();
}

YcCatalogue *
yc_catalogue_new (void)
{
  return g_object_new (YC_TYPE_CATALOGUE, NULL);
}

/* A document being loaded: everything parsed, nothing yet in the catalogue. */
typedef struct
{
  GHashTable *departments;
  GHashTable *townships;
  GHashTable *windows;
  GHashTable *item_keys;         /* "code\nversion" → YcItem*, to find duplicates */
  GPtrArray  *departments_list;
  GPtrArray  *townships_list;
  GPtrArray  *windows_list;
  GPtrArray  *items_list;
} Pending;

static void
pending_clear (Pending *pending)
{
  g_clear_pointer (&pending->departments, g_hash_table_unref);
  g_clear_pointer (&pending->townships, g_hash_table_unref);
  g_clear_pointer (&pending->windows, g_hash_table_unref);
  g_clear_pointer (&pending->item_keys, g_hash_table_unref);
  g_clear_pointer (&pending->departments_list, g_ptr_array_unref);
  g_clear_pointer (&pending->townships_list, g_ptr_array_unref);
  g_clear_pointer (&pending->windows_list, g_ptr_array_unref);
  g_clear_pointer (&pending->items_list, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pending, pending_clear)

static void
pending_init (Pending *pending)
{
  pending->departments = g_hash_table_new (g_str_hash, g_str_equal);
  pending->townships = g_hash_table_new (g_str_hash, g_str_equal);
  pending->windows = g_hash_table_new (g_str_hash, g_str_equal);
  pending->item_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pending->departments_list = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                              yc_department_unref);
  pending->townships_list = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_township_unref);
  pending->windows_list = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_window_unref);
  pending->items_list = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_item_unref);
}

static gboolean
has_department (YcCatalogue *self,
                Pending     *pending,
                const char  *code)
{
  return g_hash_table_contains (self->departments, code)
         || (pending != NULL && g_hash_table_contains (pending->departments, code));
}

static gboolean
has_township (YcCatalogue *self,
              Pending     *pending,
              const char  *code)
{
  return g_hash_table_contains (self->townships, code)
         || (pending != NULL && g_hash_table_contains (pending->townships, code));
}

/* @held: already in the catalogue, rather than twice in the document. */
static gboolean
duplicate_error (GError    **error,
                 const char *owner,
                 const char *code,
                 gboolean    held)
{
  if (held)
    yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_DUPLICATE, owner, "code",
                                  _("“%s” is already in the catalogue"), code);
  else
    yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_DUPLICATE, owner, "code",
                                  _("“%s” appears twice in the file"), code);
  return FALSE;
}

/* Reads one of the four arrays of the document; @read parses one element. */
typedef gpointer (*ReadFunc) (JsonNode *node, gboolean strict, guint index, GError **error);

static gboolean
read_array (JsonObject *root,
            const char *member,
            ReadFunc    read,
            GPtrArray  *into,
            GError    **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_PARSE,
                   _("The catalogue’s “%s” must be a list"), member);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gpointer element = read (json_array_get_element (array, i), TRUE, i + 1, error);

      if (element == NULL)
        return FALSE;
      g_ptr_array_add (into, element);
    }

  return TRUE;
}

static gboolean
check_organisation (YcCatalogue *self,
                    Pending     *pending,
                    GError     **error)
{
  for (guint i = 0; i < pending->departments_list->len; i++)
    {
      YcDepartment *department = g_ptr_array_index (pending->departments_list, i);
      g_autofree char *owner = g_strdup_printf (_("Department “%s”"), department->code);

      if (has_department (self, pending, department->code))
        return duplicate_error (error, owner, department->code,
                                g_hash_table_contains (self->departments, department->code));
      g_hash_table_add (pending->departments, department->code);
    }

  for (guint i = 0; i < pending->townships_list->len; i++)
    {
      YcTownship *township = g_ptr_array_index (pending->townships_list, i);
      g_autofree char *owner = g_strdup_printf (_("Township “%s”"), township->code);

      if (has_township (self, pending, township->code))
        return duplicate_error (error, owner, township->code,
                                g_hash_table_contains (self->townships, township->code));
      g_hash_table_add (pending->townships, township->code);
    }

  for (guint i = 0; i < pending->windows_list->len; i++)
    {
      YcWindow *window = g_ptr_array_index (pending->windows_list, i);
      g_autofree char *owner = g_strdup_printf (_("Window “%s”"), window->code);

      if (g_hash_table_contains (self->windows, window->code)
          || g_hash_table_contains (pending->windows, window->code))
        return duplicate_error (error, owner, window->code,
                                g_hash_table_contains (self->windows, window->code));
      if (window->township_code != NULL && !has_township (self, pending, window->township_code))
        {
          yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_REFERENCE, owner,
                                        "township_code", _("township “%s” is not in the catalogue"),
                                        window->township_code);
          return FALSE;
        }
      g_hash_table_add (pending->windows, window->code);
    }

  return TRUE;
}

static gboolean
check_department_reference (YcCatalogue *self,
                            Pending     *pending,
                            const char  *owner,
                            const char  *field,
                            const char  *code,
                            GError     **error)
{
  if (code == NULL || has_department (self, pending, code))
    return TRUE;

  yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_REFERENCE, owner, field,
                                _("department “%s” is not in the catalogue"), code);
  return FALSE;
}

static guint
newest_version (YcCatalogue *self,
                const char  *code)
{
  GPtrArray *versions = g_hash_table_lookup (self->items, code);

  if (versions == NULL)
    return 0;

  return ((YcItem *) g_ptr_array_index (versions, versions->len - 1))->version;
}

/* Everything an item names must exist, in the catalogue or in @pending (may be NULL), and
 * its version must be newer than any held. */
static gboolean
check_item (YcCatalogue  *self,
            Pending      *pending,
            const YcItem *item,
            GError      **error)
{
  g_autofree char *owner = yc_item_owner_label (item);
  guint newest = newest_version (self, item->code);

  if (newest == item->version)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_DUPLICATE, owner, "version",
                                    _("version %u of this item is already in the catalogue"),
                                    item->version);
      return FALSE;
    }
  if (newest > item->version)
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "version",
                                    _("must be newer than version %u, already in the catalogue"),
                                    newest);
      return FALSE;
    }

  if (!check_department_reference (self, pending, owner, "department_code",
                                   item->department_code, error)
      || !check_department_reference (self, pending, owner, "entrusted_department_code",
                                      item->entrusted_department_code, error))
    return FALSE;

  for (guint i = 0; item->parallel_departments != NULL && item->parallel_departments[i]; i++)
    {
      if (!check_department_reference (self, pending, owner, "parallel_departments",
                                       item->parallel_departments[i], error))
        return FALSE;
    }

  for (guint i = 0; item->townships != NULL && item->townships[i] != NULL; i++)
    {
      if (!has_township (self, pending, item->townships[i]))
        {
          yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_REFERENCE, owner, "townships",
                                        _("township “%s” is not in the catalogue"),
                                        item->townships[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static int
compare_item_versions (gconstpointer a,
                       gconstpointer b)
{
  const YcItem *x = *(YcItem * const *) a;
  const YcItem *y = *(YcItem * const *) b;
  int c = strcmp (x->code, y->code);

  if (c != 0)
    return c;

  return (x->version > y->version) - (x->version < y->version);
}

static gboolean
check_items (YcCatalogue *self,
             Pending     *pending,
             GError     **error)
{
  for (guint i = 0; i < pending->items_list->len; i++)
    {
      YcItem *item = g_ptr_array_index (pending->items_list, i);
      char *key = g_strdup_printf ("%s\n%u", item->code, item->version);

      if (!g_hash_table_insert (pending->item_keys, key, item))
        {
          g_autofree char *owner = yc_item_owner_label (item);

          yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_DUPLICATE, owner, "code",
                                        _("this code and version appear twice in the file"));
          return FALSE;
        }
      if (!check_item (self, pending, item, error))
        return FALSE;
    }

  /* Versions of one item are added oldest first, whatever their order in the file. */
  g_ptr_array_sort (pending->items_list, compare_item_versions);
  return TRUE;
}

/* Adds @item to the versions of its code; returns whether the code is new. */
static gboolean
insert_item (YcCatalogue *self,
             YcItem      *item)
{
  GPtrArray *versions = g_hash_table_lookup (self->items, item->code);
  gboolean is_new = versions == NULL;

  if (is_new)
    {
      versions = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_item_unref);
      g_hash_table_insert (self->items, item->code, versions);
    }
  g_ptr_array_add (versions, yc_item_ref (item));

  return is_new;
}

/* Every catalogue struct starts with its code. */
static int
compare_by_code (gconstpointer a,
                 gconstpointer b)
{
  const char * const *x = *(const char * const * const *) a;
  const char * const *y = *(const char * const * const *) b;

  return strcmp (*x, *y);
}

/* After a bulk load: one sort rather than an insertion per item. */
static void
rebuild_sorted_items (YcCatalogue *self)
{
  GHashTableIter iter;
  gpointer value;

  g_ptr_array_set_size (self->sorted_items, 0);
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *versions = value;

      g_ptr_array_add (self->sorted_items, g_ptr_array_index (versions, versions->len - 1));
    }
  g_ptr_array_sort (self->sorted_items, compare_by_code);
}

/* After one added item: binary search for its place; a new version takes the old one's. */
static void
update_sorted_items (YcCatalogue *self,
                     YcItem      *item,
                     gboolean     is_new)
{
  guint low = 0;
  guint high = self->sorted_items->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      const YcItem *other = g_ptr_array_index (self->sorted_items, mid);

      if (strcmp (other->code, item->code) < 0)
        low = mid + 1;
      else
        high = mid;
    }

  if (is_new)
    g_ptr_array_insert (self->sorted_items, low, item);
  else
    self->sorted_items->pdata[low] = item;
}

static gboolean
is_document_member (const char *name)
{
  static const char * const members[] = {
    "departments", "townships", "windows", "items", NULL
  };

  return g_strv_contains (members, name);
}

gboolean
yc_catalogue_load_data (YcCatalogue *self,
                        const char  *json,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Pending) pending = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GList) members = NULL;
  JsonNode *root;
  JsonObject *object;

  g_return_val_if_fail (YC_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_PARSE,
                   _("The catalogue is not valid JSON: %s"), local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_PARSE,
                   _("The catalogue must be a JSON object with departments, townships, "
                     "windows and items"));
      return FALSE;
    }

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!is_document_member (l->data))
        {
          g_set_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_PARSE,
                       _("The catalogue has an unknown member “%s” (expected departments, "
                         "townships, windows and items)"), (const char *) l->data);
          return FALSE;
        }
    }

  pending_init (&pending);
  if (!read_array (object, "departments", (ReadFunc) yc_department_from_json_full,
                   pending.departments_list, error)
      || !read_array (object, "townships", (ReadFunc) yc_township_from_json_full,
                      pending.townships_list, error)
      || !read_array (object, "windows", (ReadFunc) yc_window_from_json_full,
                      pending.windows_list, error)
      || !read_array (object, "items", (ReadFunc) yc_item_from_json_full,
                      pending.items_list, error)
      || !check_organisation (self, &pending, error)
      || !check_items (self, &pending, error))
    return FALSE;

  /* Everything checked: nothing below can fail. */
  for (guint i = 0; i < pending.departments_list->len; i++)
    {
      YcDepartment *department = g_ptr_array_index (pending.departments_list, i);

      g_hash_table_insert (self->departments, department->code, yc_department_ref (department));
    }
  for (guint i = 0; i < pending.townships_list->len; i++)
    {
      YcTownship *township = g_ptr_array_index (pending.townships_list, i);

      g_hash_table_insert (self->townships, township->code, yc_township_ref (township));
    }
  for (guint i = 0; i < pending.windows_list->len; i++)
    {
      YcWindow *window = g_ptr_array_index (pending.windows_list, i);

      g_hash_table_insert (self->windows, window->code, yc_window_ref (window));
    }
  for (guint i = 0; i < pending.items_list->len; i++)
    insert_item (self, g_ptr_array_index (pending.items_list, i));
  if (pending.items_list->len > 0)
    rebuild_sorted_items (self);

  return TRUE;
}

gboolean
yc_catalogue_load_file (YcCatalogue *self,
                        const char  *path,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (YC_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  if (!yc_catalogue_load_data (self, contents, length, error))
    {
      g_autofree char *basename = g_path_get_basename (path);

      /* TRANSLATORS: the file name before a message: "catalogue.json: Item “X” version 1, …" */
      g_prefix_error (error, _("%s: "), basename);
      return FALSE;
    }

  return TRUE;
}

gboolean
yc_catalogue_add_item (YcCatalogue *self,
                       YcItem      *item,
                       GError     **error)
{
  g_return_val_if_fail (YC_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!yc_item_validate (item, error) || !check_item (self, NULL, item, error))
    return FALSE;

  /* Not published yet, so it may still be completed. */
  if (item->initials == NULL)
    item->initials = yc_pinyin_initials (item->name);

  update_sorted_items (self, item, insert_item (self, item));
  return TRUE;
}

YcDepartment *
yc_catalogue_get_department (YcCatalogue *self,
                             const char  *code)
{
  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  return code != NULL ? g_hash_table_lookup (self->departments, code) : NULL;
}

YcTownship *
yc_catalogue_get_township (YcCatalogue *self,
                           const char  *code)
{
  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  return code != NULL ? g_hash_table_lookup (self->townships, code) : NULL;
}

YcWindow *
yc_catalogue_get_window (YcCatalogue *self,
                         const char  *code)
{
  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  return code != NULL ? g_hash_table_lookup (self->windows, code) : NULL;
}

YcItem *
yc_catalogue_get_item (YcCatalogue *self,
                       const char  *code)
{
  GPtrArray *versions;

  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  if (code == NULL || (versions = g_hash_table_lookup (self->items, code)) == NULL)
    return NULL;

  return g_ptr_array_index (versions, versions->len - 1);
}

YcItem *
yc_catalogue_get_item_version (YcCatalogue *self,
                               const char  *code,
                               guint        version)
{
  GPtrArray *versions;

  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  if (code == NULL || (versions = g_hash_table_lookup (self->items, code)) == NULL)
    return NULL;

  for (guint i = 0; i < versions->len; i++)
    {
      YcItem *item = g_ptr_array_index (versions, i);

      if (item->version == version)
        return item;
    }

  return NULL;
}

guint
yc_catalogue_get_n_items (YcCatalogue *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE (self), 0);

  return g_hash_table_size (self->items);
}

static GPtrArray *
sorted_values (GHashTable *table)
{
  g_autoptr(GPtrArray) array = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (array, value);
  g_ptr_array_sort (array, compare_by_code);

  return g_steal_pointer (&array);
}

GPtrArray *
yc_catalogue_list_departments (YcCatalogue *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  return sorted_values (self->departments);
}

GPtrArray *
yc_catalogue_list_townships (YcCatalogue *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  return sorted_values (self->townships);
}

GPtrArray *
yc_catalogue_list_windows (YcCatalogue *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  return sorted_values (self->windows);
}

typedef gboolean (*ItemFilter) (const YcItem *item, gconstpointer data);

static GPtrArray *
filter_items (YcCatalogue  *self,
              ItemFilter    filter,
              gconstpointer data)
{
  GPtrArray *sorted = self->sorted_items;
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; i < sorted->len; i++)
    {
      const YcItem *item = g_ptr_array_index (sorted, i);

      if (filter == NULL || filter (item, data))
        g_ptr_array_add (result, (gpointer) item);
    }

  return result;
}

GPtrArray *
yc_catalogue_list_items (YcCatalogue *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  return filter_items (self, NULL, NULL);
}

GPtrArray *
yc_catalogue_list_item_versions (YcCatalogue *self,
                                 const char  *code)
{
  GPtrArray *versions;
  GPtrArray *result;

  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  if (code == NULL || (versions = g_hash_table_lookup (self->items, code)) == NULL)
    return NULL;

  /* Not g_ptr_array_copy(): the copy would inherit the free function. */
  result = g_ptr_array_sized_new (versions->len);
  g_ptr_array_extend (result, versions, NULL, NULL);
  return result;
}

static gboolean
is_delegated (const YcItem *item,
              gconstpointer township_code)
{
  return yc_item_is_delegated_to (item, township_code);
}

GPtrArray *
yc_catalogue_list_township_items (YcCatalogue *self,
                                  const char  *township_code)
{
  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (township_code != NULL, NULL);

  return filter_items (self, is_delegated, township_code);
}

static gboolean
is_implemented_by (const YcItem *item,
                   gconstpointer department_code)
{
  return g_strcmp0 (item->department_code, department_code) == 0;
}

GPtrArray *
yc_catalogue_list_department_items (YcCatalogue *self,
                                    const char  *department_code)
{
  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (department_code != NULL, NULL);

  return filter_items (self, is_implemented_by, department_code);
}

GPtrArray *
yc_catalogue_list_township_windows (YcCatalogue *self,
                                    const char  *township_code)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *result;

  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  all = sorted_values (self->windows);
  result = g_ptr_array_new ();
  for (guint i = 0; i < all->len; i++)
    {
      YcWindow *window = g_ptr_array_index (all, i);

      if (g_strcmp0 (window->township_code, township_code) == 0)
        g_ptr_array_add (result, window);
    }

  return result;
}

static gboolean
matches_query (const YcItem *item,
               gconstpointer data)
{
  const char *query = data;

  if (g_str_is_ascii (query))
    {
      gsize len = strlen (query);

      /* @query is lower case already; codes are compared as typed, ignoring case. */
      return (item->initials != NULL && strncmp (item->initials, query, len) == 0)
             || g_ascii_strncasecmp (item->code, query, len) == 0;
    }

  return strstr (item->name, query) != NULL;
}

GPtrArray *
yc_catalogue_find_items (YcCatalogue *self,
                         const char  *query)
{
  g_autofree char *needle = NULL;

  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!g_utf8_validate (query, -1, NULL))
    return g_ptr_array_new ();

  needle = g_strstrip (g_utf8_normalize (query, -1, G_NORMALIZE_NFKC));
  if (*needle == '\0')
    return g_ptr_array_new ();

  if (g_str_is_ascii (needle))
    {
      char *lower = g_ascii_strdown (needle, -1);

      g_free (needle);
      needle = lower;
    }

  return filter_items (self, matches_query, needle);
}

JsonNode *
yc_catalogue_to_json (YcCatalogue *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) townships = NULL;
  g_autoptr(GPtrArray) windows = NULL;
  GPtrArray *items;

  g_return_val_if_fail (YC_IS_CATALOGUE (self), NULL);

  departments = yc_catalogue_list_departments (self);
  townships = yc_catalogue_list_townships (self);
  windows = yc_catalogue_list_windows (self);
  items = self->sorted_items;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "departments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < departments->len; i++)
    json_builder_add_value (builder, yc_department_to_json (g_ptr_array_index (departments, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "townships");
  json_builder_begin_array (builder);
  for (guint i = 0; i < townships->len; i++)
    json_builder_add_value (builder, yc_township_to_json (g_ptr_array_index (townships, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "windows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < windows->len; i++)
    json_builder_add_value (builder, yc_window_to_json (g_ptr_array_index (windows, i)));
  json_builder_end_array (builder);

  /* Every version, so that loading the result restores the history too. */
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      const YcItem *newest = g_ptr_array_index (items, i);
      GPtrArray *versions = g_hash_table_lookup (self->items, newest->code);

      for (guint j = 0; j < versions->len; j++)
        json_builder_add_value (builder, yc_item_to_json (g_ptr_array_index (versions, j)));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
