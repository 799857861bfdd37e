/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A catalogue item in a list model, with its search text worked out once: lower-case code,
 * name, pinyin initials and basic code in one string, so that filtering as the clerk types
 * is a plain substring test with no allocation. */
#pragma once

#include <glib-object.h>

#include "yc-core.h"

G_BEGIN_DECLS

#define YC_TYPE_ITEM_OBJECT (yc_item_object_get_type ())
G_DECLARE_FINAL_TYPE (YcItemObject, yc_item_object, YC, ITEM_OBJECT, GObject)

YcItemObject *yc_item_object_new                 (YcItem       *item,
                                                  const char   *department_name);
YcItem       *yc_item_object_get_item            (YcItemObject *self);
const char   *yc_item_object_get_haystack        (YcItemObject *self);
const char   *yc_item_object_get_department_name (YcItemObject *self);

/* Lower-cases ASCII of @text into @buffer (other bytes kept), at most @size − 1 bytes. */
void          yc_search_fold                     (const char   *text,
                                                  char         *buffer,
                                                  gsize         size);

G_END_DECLS
