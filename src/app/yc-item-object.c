/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-item-object"

#include "config.h"

#include "yc-item-object.h"

struct _YcItemObject
{
  GObject  parent_instance;
  YcItem  *item;
  char    *haystack;
  char    *department_name;
};

G_DEFINE_FINAL_TYPE (YcItemObject, yc_item_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_CODE,
  PROP_DEPARTMENT_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yc_item_object_finalize (GObject *object)
{
  YcItemObject *self = YC_ITEM_OBJECT (object);

  g_clear_pointer (&self->item, yc_item_unref);
  g_free (self->haystack);
  g_free (self->department_name);
  G_OBJECT_CLASS (yc_item_object_parent_class)->finalize (object);
}

static void
yc_item_object_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcItemObject *self = YC_ITEM_OBJECT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->item->name);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->item->code);
      break;
    case PROP_DEPARTMENT_NAME:
      g_value_set_string (value, self->department_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_item_object_class_init (YcItemObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_item_object_finalize;
  object_class->get_property = yc_item_object_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEPARTMENT_NAME] =
    g_param_spec_string ("department-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_item_object_init (YcItemObject *self)
{
}

void
yc_search_fold (const char *text,
                char       *buffer,
                gsize       size)
{
  gsize i = 0;

  g_return_if_fail (size > 0);

  for (; text != NULL && text[i] != '\0' && i + 1 < size; i++)
    buffer[i] = g_ascii_tolower (text[i]);
  /* Cut in the middle of a character: drop its first bytes too. */
  if (text != NULL && ((guchar) text[i] & 0xC0) == 0x80)
    {
      while (i > 0 && ((guchar) buffer[i - 1] & 0xC0) == 0x80)
        i--;
      if (i > 0)
        i--;
    }
  buffer[i] = '\0';
}

static void
append_folded (GString    *str,
               const char *text)
{
  if (text == NULL)
    return;
  if (str->len > 0)
    g_string_append_c (str, '\n');
  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (str, g_ascii_tolower (*p));
}

YcItemObject *
yc_item_object_new (YcItem     *item,
                    const char *department_name)
{
  YcItemObject *self = g_object_new (YC_TYPE_ITEM_OBJECT, NULL);
  GString *haystack = g_string_new (NULL);

  self->item = yc_item_ref (item);
  self->department_name = g_strdup (department_name);
  /* '\n' between parts, so that a query never matches across two of them. */
  append_folded (haystack, item->code);
  append_folded (haystack, item->name);
  append_folded (haystack, item->initials);
  append_folded (haystack, item->basic_code);
  self->haystack = g_string_free (haystack, FALSE);
  return self;
}

YcItem *
yc_item_object_get_item (YcItemObject *self)
{
  g_return_val_if_fail (YC_IS_ITEM_OBJECT (self), NULL);
  return self->item;
}

const char *
yc_item_object_get_haystack (YcItemObject *self)
{
  g_return_val_if_fail (YC_IS_ITEM_OBJECT (self), NULL);
  return self->haystack;
}

const char *
yc_item_object_get_department_name (YcItemObject *self)
{
  g_return_val_if_fail (YC_IS_ITEM_OBJECT (self), NULL);
  return self->department_name;
}
