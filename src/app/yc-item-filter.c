/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-item-filter"

#include "config.h"

#include "yc-item-filter.h"
#include "yc-item-object.h"

struct _YcItemFilter
{
  GtkFilter   parent_instance;
  char        query[YC_ITEM_FILTER_MAX_QUERY];
  char       *department_code;
  GHashTable *codes;
};

G_DEFINE_FINAL_TYPE (YcItemFilter, yc_item_filter, GTK_TYPE_FILTER)

static gboolean
yc_item_filter_match (GtkFilter *filter,
                      gpointer   item)
{
  YcItemFilter *self = YC_ITEM_FILTER (filter);
  YcItemObject *object = item;
  YcItem *yc_item = yc_item_object_get_item (object);

  if (self->department_code != NULL
      && g_strcmp0 (yc_item->department_code, self->department_code) != 0)
    return FALSE;
  if (self->codes != NULL && !g_hash_table_contains (self->codes, yc_item->code))
    return FALSE;
  return self->query[0] == '\0' || strstr (yc_item_object_get_haystack (object), self->query);
}

static GtkFilterMatch
yc_item_filter_get_strictness (GtkFilter *filter)
{
  YcItemFilter *self = YC_ITEM_FILTER (filter);

  if (self->query[0] == '\0' && self->department_code == NULL && self->codes == NULL)
    return GTK_FILTER_MATCH_ALL;
  return GTK_FILTER_MATCH_SOME;
}

static void
yc_item_filter_finalize (GObject *object)
{
  YcItemFilter *self = YC_ITEM_FILTER (object);

  g_free (self->department_code);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  G_OBJECT_CLASS (yc_item_filter_parent_class)->finalize (object);
}

static void
yc_item_filter_class_init (YcItemFilterClass *klass)
{
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = yc_item_filter_finalize;
  filter_class->match = yc_item_filter_match;
  filter_class->get_strictness = yc_item_filter_get_strictness;
}

static void
yc_item_filter_init (YcItemFilter *self)
{
}

YcItemFilter *
yc_item_filter_new (void)
{
  return g_object_new (YC_TYPE_ITEM_FILTER, NULL);
}

void
yc_item_filter_set_query (YcItemFilter *self,
                          const char   *query)
{
  char folded[YC_ITEM_FILTER_MAX_QUERY];
  GtkFilterChange change;
  gsize start = 0;

  g_return_if_fail (YC_IS_ITEM_FILTER (self));

  /* Leading and trailing blanks are typing noise. */
  while (query != NULL && g_ascii_isspace (query[start]))
    start++;
  yc_search_fold (query != NULL ? query + start : NULL, folded, sizeof folded);
  for (gsize len = strlen (folded); len > 0 && g_ascii_isspace (folded[len - 1]); len--)
    folded[len - 1] = '\0';

  if (strcmp (folded, self->query) == 0)
    return;

  /* A query that contains the old one can only match fewer items, and the other way round. */
  if (strstr (folded, self->query) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (self->query, folded) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  memcpy (self->query, folded, sizeof folded);
  gtk_filter_changed (GTK_FILTER (self), change);
}

const char *
yc_item_filter_get_query (YcItemFilter *self)
{
  g_return_val_if_fail (YC_IS_ITEM_FILTER (self), NULL);
  return self->query;
}

void
yc_item_filter_set_department (YcItemFilter *self,
                               const char   *department_code)
{
  GtkFilterChange change;

  g_return_if_fail (YC_IS_ITEM_FILTER (self));

  if (g_strcmp0 (department_code, self->department_code) == 0)
    return;
  if (self->department_code == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (department_code == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;
  g_free (self->department_code);
  self->department_code = g_strdup (department_code);
  gtk_filter_changed (GTK_FILTER (self), change);
}

void
yc_item_filter_set_codes (YcItemFilter *self,
                          GHashTable   *codes)
{
  g_return_if_fail (YC_IS_ITEM_FILTER (self));

  if (codes == self->codes)
    return;
  g_clear_pointer (&self->codes, g_hash_table_unref);
  self->codes = codes != NULL ? g_hash_table_ref (codes) : NULL;
  gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}
