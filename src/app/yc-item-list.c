/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-item-list"

#include "config.h"

#include "yc-item-list.h"
#include "yc-item-object.h"

struct _YcItemList
{
  GObject    parent_instance;

  GPtrArray *objects;      /* YcItemObject*, every item, catalogue order */
  char      *haystacks;    /* every item's search text, NUL-separated, one block */
  guint     *offsets;      /* item → start of its text in haystacks */
  guint16   *departments;  /* item → department number (index in department_codes) */
  gboolean  *in_codes;     /* item → in the recent/favourite set */
  GPtrArray *department_codes;

  guint     *visible;      /* positions of the matching items, capacity objects->len */
  guint      n_visible;
  guint     *previous;     /* the last result, to tell the views only what changed */

  guint      limit;        /* at most this many rows are shown */

  /* The results of the shorter queries typed on the way to this one, oldest first: a
   * backspace restores them instead of scanning every item again. */
  GPtrArray *history;      /* Step* */

  char       query[YC_ITEM_LIST_MAX_QUERY];
  int        department;   /* −1: all */
  gboolean   use_codes;
};

typedef struct
{
  char   query[YC_ITEM_LIST_MAX_QUERY];
  guint *visible;
  guint  n_visible;
} Step;

#define HISTORY_MAX 32

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->visible);
  g_free (step);
}

static void yc_item_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YcItemList, yc_item_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      yc_item_list_model_init))

static GType
yc_item_list_get_item_type (GListModel *model)
{
  return YC_TYPE_ITEM_OBJECT;
}

static guint
shown (YcItemList *self,
       guint       n)
{
  return MIN (n, self->limit);
}

static guint
yc_item_list_get_n_items (GListModel *model)
{
  YcItemList *self = YC_ITEM_LIST (model);

  return shown (self, self->n_visible);
}

static gpointer
yc_item_list_get_item (GListModel *model,
                       guint       position)
{
  YcItemList *self = YC_ITEM_LIST (model);

  if (position >= shown (self, self->n_visible))
    return NULL;
  return g_object_ref (g_ptr_array_index (self->objects, self->visible[position]));
}

static void
yc_item_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = yc_item_list_get_item_type;
  iface->get_n_items = yc_item_list_get_n_items;
  iface->get_item = yc_item_list_get_item;
}

static void
clear (YcItemList *self)
{
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  g_clear_pointer (&self->haystacks, g_free);
  g_clear_pointer (&self->offsets, g_free);
  g_clear_pointer (&self->departments, g_free);
  g_clear_pointer (&self->in_codes, g_free);
  g_clear_pointer (&self->department_codes, g_ptr_array_unref);
  g_clear_pointer (&self->visible, g_free);
  g_clear_pointer (&self->previous, g_free);
  self->n_visible = 0;
  g_ptr_array_set_size (self->history, 0);
}

static void
yc_item_list_finalize (GObject *object)
{
  clear (YC_ITEM_LIST (object));
  g_ptr_array_unref (YC_ITEM_LIST (object)->history);
  G_OBJECT_CLASS (yc_item_list_parent_class)->finalize (object);
}

static void
yc_item_list_class_init (YcItemListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_item_list_finalize;
}

static void
yc_item_list_init (YcItemList *self)
{
  self->department = -1;
  self->limit = G_MAXUINT;
  self->history = g_ptr_array_new_with_free_func (step_free);
}

YcItemList *
yc_item_list_new (void)
{
  return g_object_new (YC_TYPE_ITEM_LIST, NULL);
}

static guint
n_total (YcItemList *self)
{
  return self->objects != NULL ? self->objects->len : 0;
}

guint
yc_item_list_get_n_total (YcItemList *self)
{
  g_return_val_if_fail (YC_IS_ITEM_LIST (self), 0);
  return n_total (self);
}

static gboolean
matches (YcItemList *self,
         guint       i)
{
  if (self->department >= 0 && self->departments[i] != self->department)
    return FALSE;
  if (self->use_codes && !self->in_codes[i])
    return FALSE;
  return self->query[0] == '\0' || strstr (self->haystacks + self->offsets[i], self->query);
}

typedef enum
{
  NARROWER,   /* only current matches can still match */
  ANY,
} Change;

/* Tells the views once, about the changed middle only: rows that stay at the top or the
 * bottom are not rebuilt. @old/@before: what they were shown. */
static void
publish (YcItemList  *self,
         const guint *old,
         guint        before)
{
  guint n = self->n_visible;
  guint head = 0, tail = 0;

  /* What the views see: the first rows only. */
  before = shown (self, before);
  n = shown (self, n);
  while (head < before && head < n && old[head] == self->visible[head])
    head++;
  while (tail < before - head && tail < n - head
         && old[before - 1 - tail] == self->visible[n - 1 - tail])
    tail++;
  if (before - head - tail > 0 || n - head - tail > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), head, before - head - tail,
                                n - head - tail);
}

/* Recomputes the visible positions and publishes them. */
static void
refilter (YcItemList *self,
          Change      change)
{
  guint before = self->n_visible;
  guint *old = self->visible;
  guint n = 0;

  if (self->objects == NULL)
    return;
  /* Two buffers, allocated with the catalogue: swap them, never allocate here. */
  self->visible = self->previous;
  self->previous = old;
  if (change == NARROWER)
    {
      for (guint k = 0; k < before; k++)
        if (matches (self, old[k]))
          self->visible[n++] = old[k];
    }
  else
    {
      for (guint i = 0; i < self->objects->len; i++)
        if (matches (self, i))
          self->visible[n++] = i;
    }
  self->n_visible = n;
  publish (self, old, before);
}

/* Keeps the current result before a narrower query replaces it. */
static void
remember (YcItemList *self)
{
  Step *step = g_new (Step, 1);

  memcpy (step->query, self->query, sizeof step->query);
  step->visible = g_memdup2 (self->visible, self->n_visible * sizeof (guint));
  step->n_visible = self->n_visible;
  if (self->history->len == HISTORY_MAX)
    g_ptr_array_remove_index (self->history, 0);
  g_ptr_array_add (self->history, step);
}

/* A query typed earlier on the way here: its result comes back, and what was typed after it
 * is forgotten. FALSE if there is none. */
static gboolean
recall (YcItemList *self,
        const char *query)
{
  for (guint i = self->history->len; i > 0; i--)
    {
      Step *step = g_ptr_array_index (self->history, i - 1);
      guint before = self->n_visible;
      guint *old = self->visible;

      if (strcmp (step->query, query) != 0)
        continue;
      self->visible = self->previous;
      self->previous = old;
      memcpy (self->visible, step->visible, step->n_visible * sizeof (guint));
      self->n_visible = step->n_visible;
      memcpy (self->query, step->query, sizeof self->query);
      g_ptr_array_set_size (self->history, i - 1);
      publish (self, old, before);
      return TRUE;
    }
  return FALSE;
}

void
yc_item_list_set_catalogue (YcItemList  *self,
                            YcCatalogue *catalogue)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GHashTable) department_index = NULL;
  GString *text;
  guint before;

  g_return_if_fail (YC_IS_ITEM_LIST (self));

  before = shown (self, self->n_visible);
  clear (self);
  if (before > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, before, 0);
  if (catalogue == NULL)
    return;

  departments = yc_catalogue_list_departments (catalogue);
  department_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->department_codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < departments->len && i < G_MAXUINT16; i++)
    {
      YcDepartment *dept = g_ptr_array_index (departments, i);

      g_ptr_array_add (self->department_codes, g_strdup (dept->code));
      g_hash_table_insert (department_index, self->department_codes->pdata[i],
                           GUINT_TO_POINTER (i + 1));
    }

  items = yc_catalogue_list_items (catalogue);
  self->objects = g_ptr_array_new_full (items->len, g_object_unref);
  self->offsets = g_new (guint, items->len + 1);
  self->departments = g_new0 (guint16, items->len + 1);
  self->in_codes = g_new0 (gboolean, items->len + 1);
  self->visible = g_new (guint, items->len + 1);
  self->previous = g_new (guint, items->len + 1);
  text = g_string_sized_new (items->len * 64);
  for (guint i = 0; i < items->len; i++)
    {
      YcItem *item = g_ptr_array_index (items, i);
      YcDepartment *dept = yc_catalogue_get_department (catalogue, item->department_code);
      YcItemObject *object = yc_item_object_new (item, dept != NULL && dept->short_name != NULL
                                                         ? dept->short_name
                                                         : dept != NULL ? dept->name : NULL);
      gpointer index = g_hash_table_lookup (department_index, item->department_code);

      g_ptr_array_add (self->objects, object);
      self->offsets[i] = text->len;
      g_string_append (text, yc_item_object_get_haystack (object));
      g_string_append_c (text, '\0');
      /* An unknown department never equals a selected one. */
      self->departments[i] = index != NULL ? GPOINTER_TO_UINT (index) - 1 : G_MAXUINT16;
    }
  self->haystacks = g_string_free (text, FALSE);
  refilter (self, ANY);
}

void
yc_item_list_set_query (YcItemList *self,
                        const char *query)
{
  char folded[YC_ITEM_LIST_MAX_QUERY];
  gsize start = 0;
  Change change;

  g_return_if_fail (YC_IS_ITEM_LIST (self));

  /* Leading and trailing blanks are typing noise. */
  while (query != NULL && g_ascii_isspace (query[start]))
    start++;
  yc_search_fold (query != NULL ? query + start : NULL, folded, sizeof folded);
  for (gsize len = strlen (folded); len > 0 && g_ascii_isspace (folded[len - 1]); len--)
    folded[len - 1] = '\0';
  if (strcmp (folded, self->query) == 0)
    return;

  if (self->objects != NULL && recall (self, folded))
    return;
  /* A query that contains the old one can only match fewer items. */
  change = strstr (folded, self->query) != NULL ? NARROWER : ANY;
  if (self->objects == NULL || change == ANY)
    g_ptr_array_set_size (self->history, 0);
  else
    remember (self);
  memcpy (self->query, folded, sizeof folded);
  refilter (self, change);
}

const char *
yc_item_list_get_query (YcItemList *self)
{
  g_return_val_if_fail (YC_IS_ITEM_LIST (self), NULL);
  return self->query;
}

void
yc_item_list_set_department (YcItemList *self,
                             const char *department_code)
{
  int department = -1;
  Change change;

  g_return_if_fail (YC_IS_ITEM_LIST (self));

  for (guint i = 0; department_code != NULL && self->department_codes != NULL
                    && i < self->department_codes->len; i++)
    if (g_str_equal (self->department_codes->pdata[i], department_code))
      department = (int) i;
  if (department == self->department)
    return;
  change = self->department < 0 ? NARROWER : ANY;
  self->department = department;
  g_ptr_array_set_size (self->history, 0);
  refilter (self, change);
}

void
yc_item_list_set_codes (YcItemList *self,
                        GHashTable *codes)
{
  g_return_if_fail (YC_IS_ITEM_LIST (self));

  self->use_codes = codes != NULL;
  for (guint i = 0; self->objects != NULL && i < self->objects->len; i++)
    {
      YcItem *item = yc_item_object_get_item (g_ptr_array_index (self->objects, i));

      self->in_codes[i] = codes != NULL && g_hash_table_contains (codes, item->code);
    }
  g_ptr_array_set_size (self->history, 0);
  refilter (self, ANY);
}

void
yc_item_list_set_limit (YcItemList *self,
                        guint       limit)
{
  guint before, after;

  g_return_if_fail (YC_IS_ITEM_LIST (self));

  before = shown (self, self->n_visible);
  self->limit = MAX (limit, 1);
  after = shown (self, self->n_visible);
  if (before != after)
    g_list_model_items_changed (G_LIST_MODEL (self), MIN (before, after),
                                before > after ? before - after : 0,
                                after > before ? after - before : 0);
}

guint
yc_item_list_get_n_matches (YcItemList *self)
{
  g_return_val_if_fail (YC_IS_ITEM_LIST (self), 0);
  return self->n_visible;
}
