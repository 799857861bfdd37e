/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-document-template"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "yc-document-template-private.h"

G_DEFINE_BOXED_TYPE (YcDocumentTemplate, yc_document_template,
                     yc_document_template_ref, yc_document_template_unref)

/* Free stand-ins for FangSong and XiaoBiaoSong on Debian; the real faces win when installed
 * because they come first in each family list. */
static const char * const default_fonts[YC_N_FONTS] = {
  [YC_FONT_TITLE] = "方正小标宋简体,FZXiaoBiaoSong-B05S,Noto Serif CJK SC Bold 22",
  [YC_FONT_BODY] = "仿宋_GB2312,仿宋,FangSong,Noto Serif CJK SC 16",
  [YC_FONT_TABLE] = "仿宋_GB2312,仿宋,FangSong,Noto Serif CJK SC 14",
  [YC_FONT_FOOTER] = "Noto Serif CJK SC 9",
  [YC_FONT_SEAL] = "Noto Serif CJK SC Bold",
};
static const char * const font_roles[YC_N_FONTS] = {
  "title", "body", "table", "footer", "seal",
};

/* Every notice and certificate names these on every page (DOMAIN.md). */
static const char * const footer_required[] = {
  "case_number", "window_name", "clerk_name", "contact_phone", "complaint_phone",
};

static void
column_free (YcTemplateColumn *column)
{
  g_free (column->title);
  g_free (column->cell);
  g_free (column);
}

static void
block_free (YcTemplateBlock *block)
{
  g_free (block->text);
  g_free (block->date);
  g_free (block->condition);
  g_free (block->negation);
  g_free (block->rows);
  g_clear_pointer (&block->columns, g_ptr_array_unref);
  g_clear_pointer (&block->cells, g_ptr_array_unref);
  g_free (block);
}

YcDocumentTemplate *
yc_document_template_ref (YcDocumentTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_document_template_unref (YcDocumentTemplate *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->title);
  for (guint i = 0; i < YC_N_FONTS; i++)
    g_free (self->fonts[i]);
  g_hash_table_unref (self->defaults);
  g_ptr_array_unref (self->blocks);
  g_strfreev (self->footer);
  g_free (self->page_number);
  g_free (self);
}

YcDocumentType
yc_document_template_get_doc_type (const YcDocumentTemplate *self)
{
  return self->type;
}

const char *
yc_document_template_get_title (const YcDocumentTemplate *self)
{
  return self->title;
}

char *
yc_document_template_default_dir (void)
{
  const char *datadir = g_getenv ("YC_DATADIR");

  return g_build_filename (datadir != NULL ? datadir : PKGDATADIR, "templates", NULL);
}

static gboolean
template_error (GError    **error,
                const char *format,
                ...) G_GNUC_PRINTF (2, 3);

static gboolean
template_error (GError    **error,
                const char *format,
                ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_TEMPLATE, message);
  return FALSE;
}

/* Calls @func for each placeholder name in @text; FALSE on bad syntax or when @func says so. */
typedef gboolean (*PlaceholderFunc) (const char *name, gpointer data, GError **error);

static gboolean
scan_placeholders (const char     *text,
                   GString        *out,
                   PlaceholderFunc func,
                   gpointer        data,
                   GError        **error)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *start = strstr (p, "${");
      const char *end;
      g_autofree char *name = NULL;

      if (start == NULL)
        {
          if (out != NULL)
            g_string_append (out, p);
          break;
        }
      if (out != NULL)
        g_string_append_len (out, p, start - p);
      end = strchr (start + 2, '}');
      if (end == NULL)
        return template_error (error, _("The template text “%s” has a “${” without its “}”"),
                               text);
      name = g_strndup (start + 2, end - start - 2);
      if (*name == '\0' || strspn (name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen (name))
        return template_error (error, _("The template placeholder “${%s}” is not a lower-case "
                                        "field name"), name);
      if (!func (name, data, error))
        return FALSE;
      p = end + 1;
    }
  return TRUE;
}

static gboolean
accept_any (const char *name,
            gpointer    data,
            GError    **error)
{
  return TRUE;
}

static gboolean
check_text (const char *text,
            GError    **error)
{
  return scan_placeholders (text, NULL, accept_any, NULL, error);
}

static gboolean
note_name (const char *name,
           gpointer    data,
           GError    **error)
{
  g_hash_table_add (data, g_strdup (name));
  return TRUE;
}

gboolean
yc_document_template_has (const YcDocumentTemplate *self,
                          const YcDocument         *doc,
                          const char               *name)
{
  return yc_document_get_field (doc, name) != NULL
         || g_hash_table_contains (self->defaults, name)
         || yc_document_get_n_rows (doc, name) > 0;
}

gboolean
yc_template_block_applies (const YcDocumentTemplate *self,
                           const YcTemplateBlock    *block,
                           const YcDocument         *doc)
{
  if (block->condition != NULL && !yc_document_template_has (self, doc, block->condition))
    return FALSE;
  if (block->negation != NULL && yc_document_template_has (self, doc, block->negation))
    return FALSE;
  return TRUE;
}

typedef struct
{
  const YcDocumentTemplate *self;
  const YcDocument         *doc;
  const char               *list;
  guint                     row;
  GString                  *out;
} Expansion;

static gboolean
expand_one (const char *name,
            gpointer    data,
            GError    **error)
{
  Expansion *e = data;
  const char *value = NULL;

  if (e->list != NULL)
    {
      if (g_str_equal (name, "index"))
        {
          g_string_append_printf (e->out, "%u", e->row + 1);
          return TRUE;
        }
      value = yc_document_get_row_field (e->doc, e->list, e->row, name);
    }
  if (value == NULL)
    value = yc_document_get_field (e->doc, name);
  if (value == NULL)
    value = g_hash_table_lookup (e->self->defaults, name);
  if (value == NULL)
    {
      if (e->list != NULL)
        g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_MISSING_FIELD,
                     _("Row %u of “%s” lacks the field “%s” that the %s template needs"),
                     e->row + 1, e->list, name, yc_document_type_to_string (e->self->type));
      else
        g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_MISSING_FIELD,
                     _("The document lacks the field “%s” that the %s template needs"),
                     name, yc_document_type_to_string (e->self->type));
      return FALSE;
    }
  g_string_append (e->out, value);
  return TRUE;
}

char *
yc_document_template_expand (const YcDocumentTemplate *self,
                             const YcDocument         *doc,
                             const char               *list,
                             guint                     row,
                             const char               *text,
                             GError                  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  Expansion e = { self, doc, list, row, out };

  if (!scan_placeholders (text, out, expand_one, &e, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_uint (JsonObject *object,
          const char *name,
          guint       fallback,
          guint       max,
          guint      *out,
          GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || (value = json_node_get_int (node)) < 0 || value > max)
    return template_error (error, _("The template member “%s” is not a whole number from 0 "
                                    "to %u"), name, max);
  *out = value;
  return TRUE;
}

static gboolean
get_align (JsonObject *object,
           YcAlign     fallback,
           YcAlign    *out,
           GError    **error)
{
  const char *align = get_string (object, "align");

  if (align == NULL)
    *out = fallback;
  else if (g_str_equal (align, "left"))
    *out = YC_ALIGN_LEFT;
  else if (g_str_equal (align, "center"))
    *out = YC_ALIGN_CENTER;
  else if (g_str_equal (align, "right"))
    *out = YC_ALIGN_RIGHT;
  else
    return template_error (error, _("The template alignment “%s” is not left, center or "
                                    "right"), align);
  return TRUE;
}

static gboolean
parse_columns (YcTemplateBlock *block,
               JsonArray       *columns,
               GError         **error)
{
  block->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonNode *node = json_array_get_element (columns, i);
      YcTemplateColumn *column;
      JsonObject *object;
      JsonNode *width;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return template_error (error, _("Table column %u of the template is not an object"),
                               i + 1);
      object = json_node_get_object (node);
      column = g_new0 (YcTemplateColumn, 1);
      g_ptr_array_add (block->columns, column);
      column->title = g_strdup (get_string (object, "title"));
      column->cell = g_strdup (get_string (object, "cell"));
      width = json_object_get_member (object, "width");
      column->width = width != NULL && JSON_NODE_HOLDS_VALUE (width)
                      ? json_node_get_double (width) : 1.0;
      if (column->title == NULL || (block->rows != NULL && column->cell == NULL)
          || !(column->width > 0.0 && column->width < 100.0))
        return template_error (error, _("Table column %u of the template needs a title, a cell "
                                        "and a positive width"), i + 1);
      if (!get_align (object, YC_ALIGN_LEFT, &column->align, error)
          || !check_text (column->title, error)
          || (column->cell != NULL && !check_text (column->cell, error)))
        return FALSE;
    }
  if (block->columns->len == 0)
    return template_error (error, _("A table in the template has no columns"));
  return TRUE;
}

static gboolean
parse_cells (YcTemplateBlock *block,
             JsonArray       *cells,
             GError         **error)
{
  block->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint r = 0; r < json_array_get_length (cells); r++)
    {
      JsonNode *node = json_array_get_element (cells, r);
      JsonArray *row;
      GStrvBuilder *builder;

      if (!JSON_NODE_HOLDS_ARRAY (node)
          || json_array_get_length (row = json_node_get_array (node)) != block->columns->len)
        return template_error (error, _("Row %u of a fixed table in the template does not have "
                                        "one text per column"), r + 1);
      builder = g_strv_builder_new ();
      for (guint c = 0; c < json_array_get_length (row); c++)
        {
          const char *text = json_array_get_string_element (row, c);

          g_strv_builder_add (builder, text != NULL ? text : "");
        }
      g_ptr_array_add (block->cells, g_strv_builder_end (builder));
      g_strv_builder_unref (builder);
      for (char **t = g_ptr_array_index (block->cells, r); *t != NULL; t++)
        {
          if (!check_text (*t, error))
            return FALSE;
        }
    }
  return TRUE;
}

static YcTemplateBlock *
parse_block (JsonNode *node,
             guint     index,
             GError  **error)
{
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  YcTemplateBlock *block;
  JsonObject *object;
  const char *kind, *font;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      template_error (error, _("Block %u of the template is not an object"), index + 1);
      return NULL;
    }
  object = json_node_get_object (node);
  block = g_new0 (YcTemplateBlock, 1);
  g_ptr_array_add (holder, block);
  kind = get_string (object, "type");
  block->condition = g_strdup (get_string (object, "if"));
  block->negation = g_strdup (get_string (object, "unless"));
  block->font = YC_FONT_BODY;
  if ((font = get_string (object, "font")) != NULL)
    {
      if (g_str_equal (font, "table"))
        block->font = YC_FONT_TABLE;
      else if (!g_str_equal (font, "body"))
        {
          template_error (error, _("Block %u of the template names the font “%s”; use body or "
                                   "table"), index + 1, font);
          return NULL;
        }
    }

  if (g_strcmp0 (kind, "title") == 0)
    block->kind = YC_BLOCK_TITLE;
  else if (g_strcmp0 (kind, "paragraph") == 0 || g_strcmp0 (kind, "list") == 0)
    {
      block->kind = g_str_equal (kind, "list") ? YC_BLOCK_LIST : YC_BLOCK_PARAGRAPH;
      block->text = g_strdup (get_string (object, "text"));
      block->rows = g_strdup (get_string (object, "rows"));
      if (block->text == NULL || (block->kind == YC_BLOCK_LIST && block->rows == NULL))
        {
          template_error (error, _("Block %u of the template needs its text (and rows for a "
                                   "list)"), index + 1);
          return NULL;
        }
      if (!get_uint (object, "indent", block->kind == YC_BLOCK_LIST ? 2 : 2, 20, &block->indent,
                     error)
          || !get_align (object, YC_ALIGN_LEFT, &block->align, error)
          || !get_uint (object, "min_rows", 0, 1000, &block->min_rows, error)
          || !check_text (block->text, error))
        return NULL;
    }
  else if (g_strcmp0 (kind, "table") == 0)
    {
      JsonNode *header = json_object_get_member (object, "header");

      block->kind = YC_BLOCK_TABLE;
      if (block->font == YC_FONT_BODY && json_object_get_member (object, "font") == NULL)
        block->font = YC_FONT_TABLE;
      block->rows = g_strdup (get_string (object, "rows"));
      block->header = header == NULL || json_node_get_boolean (header);
      member = json_object_get_member (object, "columns");
      if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
        {
          template_error (error, _("Table block %u of the template has no column list"),
                          index + 1);
          return NULL;
        }
      if (!parse_columns (block, json_node_get_array (member), error)
          || !get_uint (object, "min_rows", 0, 1000, &block->min_rows, error))
        return NULL;
      member = json_object_get_member (object, "cells");
      if ((block->rows == NULL) == (member == NULL)
          || (member != NULL && !JSON_NODE_HOLDS_ARRAY (member)))
        {
          template_error (error, _("Table block %u of the template needs either rows (a list "
                                   "name) or fixed cells"), index + 1);
          return NULL;
        }
      if (member != NULL && !parse_cells (block, json_node_get_array (member), error))
        return NULL;
    }
  else if (g_strcmp0 (kind, "signature") == 0)
    {
      block->kind = YC_BLOCK_SIGNATURE;
      block->text = g_strdup (get_string (object, "organ"));
      block->date = g_strdup (get_string (object, "date"));
      if (block->text == NULL || block->date == NULL)
        {
          template_error (error, _("The signature block of the template needs the organ and "
                                   "the date"));
          return NULL;
        }
      if (block->condition != NULL || block->negation != NULL)
        {
          template_error (error, _("The signature block of the template cannot be "
                                   "conditional"));
          return NULL;
        }
      if (!check_text (block->text, error) || !check_text (block->date, error))
        return NULL;
    }
  else if (g_strcmp0 (kind, "space") == 0)
    {
      block->kind = YC_BLOCK_SPACE;
      if (!get_uint (object, "lines", 1, 10, &block->lines, error))
        return NULL;
    }
  else
    {
      template_error (error, _("Block %u of the template has the unknown type “%s”"),
                      index + 1, kind != NULL ? kind : "");
      return NULL;
    }
  return g_ptr_array_steal_index (holder, 0);
}

static gboolean
parse_template (YcDocumentTemplate *self,
                JsonNode           *root,
                GError            **error)
{
  JsonObject *object;
  JsonNode *member;
  guint signatures = 0;
  g_autoptr(GHashTable) footer_names = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                              g_free, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return template_error (error, _("The template is not a JSON object"));
  object = json_node_get_object (root);

  if (!yc_document_type_from_string (get_string (object, "type"), &self->type))
    return template_error (error, _("The template names no known document type"));
  self->title = g_strdup (get_string (object, "title"));
  if (self->title == NULL || *self->title == '\0')
    return template_error (error, _("The template has no title"));
  if (!check_text (self->title, error))
    return FALSE;

  for (guint i = 0; i < YC_N_FONTS; i++)
    self->fonts[i] = g_strdup (default_fonts[i]);
  if ((member = json_object_get_member (object, "fonts")) != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        return template_error (error, _("The template’s fonts are not an object"));
      for (guint i = 0; i < YC_N_FONTS; i++)
        {
          const char *font = get_string (json_node_get_object (member), font_roles[i]);

          if (font != NULL)
            {
              g_free (self->fonts[i]);
              self->fonts[i] = g_strdup (font);
            }
        }
    }

  if ((member = json_object_get_member (object, "defaults")) != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return template_error (error, _("The template’s defaults are not an object"));
      json_object_iter_init (&iter, json_node_get_object (member));
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
            return template_error (error, _("The template default “%s” is not text"), name);
          g_hash_table_insert (self->defaults, g_strdup (name),
                               g_strdup (json_node_get_string (value)));
        }
    }

  member = json_object_get_member (object, "blocks");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member)
      || json_array_get_length (json_node_get_array (member)) == 0)
    return template_error (error, _("The template has no blocks"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (member)); i++)
    {
      YcTemplateBlock *block = parse_block (json_array_get_element (json_node_get_array (member),
                                                                    i), i, error);
      if (block == NULL)
        return FALSE;
      g_ptr_array_add (self->blocks, block);
      signatures += block->kind == YC_BLOCK_SIGNATURE;
    }
  if (signatures != 1)
    return template_error (error, _("The template must have exactly one signature block (the "
                                    "issuing organ and date), not %u"), signatures);

  member = json_object_get_member (object, "footer");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return template_error (error, _("The template has no footer lines"));
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    JsonArray *lines = json_node_get_array (member);

    for (guint i = 0; i < json_array_get_length (lines); i++)
      {
        const char *line = json_array_get_string_element (lines, i);

        if (line == NULL
            || !scan_placeholders (line, NULL, note_name, footer_names, error))
          return line == NULL ? template_error (error, _("Footer line %u of the template is not "
                                                         "text"), i + 1) : FALSE;
        g_strv_builder_add (builder, line);
      }
    self->footer = g_strv_builder_end (builder);
  }
  self->page_number = g_strdup (get_string (object, "page_number"));
  if (self->page_number == NULL)
    self->page_number = g_strdup ("第 ${page} 页 共 ${pages} 页");
  if (strstr (self->page_number, "${page}") == NULL
      || strstr (self->page_number, "${pages}") == NULL)
    return template_error (error, _("The template’s page number must show ${page} and "
                                    "${pages}"));
  for (guint i = 0; i < G_N_ELEMENTS (footer_required); i++)
    {
      if (!g_hash_table_contains (footer_names, footer_required[i]))
        return template_error (error, _("The template’s footer must show ${%s} on every page"),
                               footer_required[i]);
    }
  return TRUE;
}

YcDocumentTemplate *
yc_document_template_new_from_data (const char *json,
                                    gssize      length,
                                    GError    **error)
{
  g_autoptr(YcDocumentTemplate) self = g_new0 (YcDocumentTemplate, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_atomic_ref_count_init (&self->ref_count);
  self->defaults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      template_error (error, _("The template is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (!parse_template (self, json_parser_get_root (parser), error))
    return NULL;
  return g_steal_pointer (&self);
}

YcDocumentTemplate *
yc_document_template_new_from_file (const char *path,
                                    GError    **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  YcDocumentTemplate *self;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      template_error (error, _("The template %s cannot be read: %s"), path, local_error->message);
      return NULL;
    }
  self = yc_document_template_new_from_data (contents, length, &local_error);
  if (self == NULL)
    g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_TEMPLATE, "%s: %s", path,
                 local_error->message);
  return self;
}
