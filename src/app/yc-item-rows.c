/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-item-rows"

#include "config.h"

#include "yc-item-rows.h"

/* ---- one row -------------------------------------------------------------------------- */

struct _YcItemRow
{
  GObject       parent_instance;
  YcItemObject *item;
};

G_DEFINE_FINAL_TYPE (YcItemRow, yc_item_row, G_TYPE_OBJECT)

enum {
  ROW_PROP_0,
  ROW_PROP_ITEM,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

static void
yc_item_row_finalize (GObject *object)
{
  g_clear_object (&YC_ITEM_ROW (object)->item);
  G_OBJECT_CLASS (yc_item_row_parent_class)->finalize (object);
}

static void
yc_item_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case ROW_PROP_ITEM:
      g_value_set_object (value, YC_ITEM_ROW (object)->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_item_row_class_init (YcItemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_item_row_finalize;
  object_class->get_property = yc_item_row_get_property;
  row_properties[ROW_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, YC_TYPE_ITEM_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
yc_item_row_init (YcItemRow *self)
{
}

YcItemObject *
yc_item_row_get_item (YcItemRow *self)
{
  g_return_val_if_fail (YC_IS_ITEM_ROW (self), NULL);
  return self->item;
}

/* Takes @item; notifies only when the row shows something else. */
static void
row_set_item (YcItemRow    *self,
              YcItemObject *item)
{
  if (self->item == item)
    {
      g_clear_object (&item);
      return;
    }
  g_clear_object (&self->item);
  self->item = item;
  g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_ITEM]);
}

/* ---- the rows ------------------------------------------------------------------------- */

struct _YcItemRows
{
  GObject     parent_instance;

  GListModel *source;
  GPtrArray  *rows;      /* YcItemRow* or NULL: made when first asked for, then kept */
  guint       n_items;   /* what the views were last told */
};

static void yc_item_rows_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YcItemRows, yc_item_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      yc_item_rows_model_init))

static GType
yc_item_rows_get_item_type (GListModel *model)
{
  return YC_TYPE_ITEM_ROW;
}

static guint
yc_item_rows_get_n_items (GListModel *model)
{
  return YC_ITEM_ROWS (model)->n_items;
}

static gpointer
yc_item_rows_get_item (GListModel *model,
                       guint       position)
{
  YcItemRows *self = YC_ITEM_ROWS (model);
  YcItemRow *row;

  if (position >= self->n_items)
    return NULL;
  if (position >= self->rows->len)
    g_ptr_array_set_size (self->rows, position + 1);
  row = g_ptr_array_index (self->rows, position);
  if (row == NULL)
    {
      row = g_object_new (YC_TYPE_ITEM_ROW, NULL);
      row->item = g_list_model_get_item (self->source, position);
      self->rows->pdata[position] = row;
    }
  return g_object_ref (row);
}

static void
yc_item_rows_model_init (GListModelInterface *iface)
{
  iface->get_item_type = yc_item_rows_get_item_type;
  iface->get_n_items = yc_item_rows_get_n_items;
  iface->get_item = yc_item_rows_get_item;
}

/* The rows from @position on may show other items now: those made so far follow, and the
 * views hear only about the rows that came or went at the end. */
static void
on_source_changed (GListModel *source,
                   guint       position,
                   guint       removed,
                   guint       added,
                   YcItemRows *self)
{
  guint before = self->n_items;
  guint after = g_list_model_get_n_items (source);

  for (guint i = position; i < self->rows->len; i++)
    {
      YcItemRow *row = g_ptr_array_index (self->rows, i);

      if (row == NULL)
        continue;
      /* A row nobody else holds has no widget and no selection on it: let it go, so that
       * a keystroke costs what is on screen, not every row ever scrolled past. */
      if (G_OBJECT (row)->ref_count == 1)
        {
          g_clear_object (&self->rows->pdata[i]);
          continue;
        }
      row_set_item (row, i < after ? g_list_model_get_item (source, i) : NULL);
    }
  while (self->rows->len > 0 && g_ptr_array_index (self->rows, self->rows->len - 1) == NULL)
    g_ptr_array_set_size (self->rows, self->rows->len - 1);
  self->n_items = after;
  if (after > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, after - before);
  else if (after < before)
    g_list_model_items_changed (G_LIST_MODEL (self), after, before - after, 0);
}

static void
clear_row (gpointer row)
{
  if (row != NULL)
    g_object_unref (row);
}

static void
yc_item_rows_dispose (GObject *object)
{
  YcItemRows *self = YC_ITEM_ROWS (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, on_source_changed, self);
  g_clear_object (&self->source);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (yc_item_rows_parent_class)->dispose (object);
}

static void
yc_item_rows_class_init (YcItemRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = yc_item_rows_dispose;
}

static void
yc_item_rows_init (YcItemRows *self)
{
  self->rows = g_ptr_array_new_with_free_func (clear_row);
}

YcItemRows *
yc_item_rows_new (GListModel *source)
{
  YcItemRows *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);

  self = g_object_new (YC_TYPE_ITEM_ROWS, NULL);
  self->source = g_object_ref (source);
  self->n_items = g_list_model_get_n_items (source);
  g_signal_connect (source, "items-changed", G_CALLBACK (on_source_changed), self);
  return self;
}
