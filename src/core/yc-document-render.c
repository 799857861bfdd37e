/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-document-render"

#include "config.h"

#include <math.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "yc-document-fonts.h"
#include "yc-document-render.h"
#include "yc-document-template-private.h"

/* GB/T 9704-2012 on A4, in points. */
#define MM           (72.0 / 25.4)
#define PAGE_WIDTH   (210.0 * MM)
#define PAGE_HEIGHT  (297.0 * MM)
#define BLOCK_LEFT   (28.0 * MM)
#define BLOCK_TOP    (37.0 * MM)
#define BLOCK_WIDTH  (156.0 * MM)
#define BLOCK_HEIGHT (225.0 * MM)
#define BLOCK_RIGHT  (BLOCK_LEFT + BLOCK_WIDTH)
#define BLOCK_BOTTOM (BLOCK_TOP + BLOCK_HEIGHT)
#define GRID_LINES   22
#define GRID_CHARS   28
#define PITCH        (BLOCK_HEIGHT / GRID_LINES)  /* line pitch, ≈ 29 pt */
#define CHAR_PITCH   (BLOCK_WIDTH / GRID_CHARS)   /* character pitch, ≈ 15.8 pt */
#define QR_SIZE      (22.0 * MM)
#define FOOTER_TOP   (BLOCK_BOTTOM + 4.0 * MM)
#define CELL_PAD_X   (1.5 * MM)
#define CELL_PAD_Y   (1.2 * MM)

/* A template's fonts, parsed once when the template is set rather than for every document. */
typedef struct
{
  PangoFontDescription *fonts[YC_N_FONTS];
  PangoFontDescription *bold[YC_N_FONTS];  /* the same in bold, for table headers */
  PangoAttrList        *grid;         /* body letter spacing to the grid pitch, or NULL */
} Style;

struct _YcDocumentRenderer
{
  GObject             parent_instance;
  YcDocumentTemplate *templates[YC_DOCUMENT_N_TYPES];
  Style               styles[YC_DOCUMENT_N_TYPES];
  PangoFontMap       *font_map;
  PangoContext       *context;
  YcDocumentFonts    *fonts;
  YcSeal             *drawn_seal;   /* the last seal drawn from an organ name, kept for reuse */
  char               *drawn_key;    /* its organ and font */
};

G_DEFINE_FINAL_TYPE (YcDocumentRenderer, yc_document_renderer, G_TYPE_OBJECT)

typedef enum
{
  BOX_LINE,
  BOX_ROW,
  BOX_SPACE,
  BOX_SIGNATURE,
} BoxKind;

typedef struct _Table Table;

/* One unit of vertical placement: a line of text, a table row, blank space, the signature. */
typedef struct
{
  BoxKind      kind;
  double       height;
  gboolean     keep_with_next;
  PangoLayout *layout;           /* line: the paragraph it belongs to */
  int          line;             /* line: index in the paragraph */
  double       line_x;           /* line: left of the line from the block's left */
  double       baseline;         /* line: baseline below the box's top */
  GPtrArray   *cells;            /* row: PangoLayout* per column */
  Table       *table;            /* row */
} Box;

struct _Table
{
  guint    n_columns;
  double  *x;                    /* column left from the block's left */
  double  *width;
  Box     *header;               /* NULL when the table has none */
  guint    header_page;          /* page the header was last drawn on, G_MAXUINT before */
};

typedef struct
{
  guint  box;                    /* index in Layout.boxes */
  guint  page;
  double y;
} Placement;

typedef struct
{
  YcDocumentRenderer   *renderer;
  YcDocumentTemplate   *tmpl;
  YcDocument           *doc;
  const Style          *style;
  char                 *title;        /* expanded */
  GPtrArray            *boxes;        /* Box* */
  GPtrArray            *tables;       /* Table* */
  GArray               *placements;   /* Placement */
  guint                 n_pages;
  /* the signature */
  PangoLayout          *organ;
  PangoLayout          *date;
  double                seal_diameter;
  double                centre_x;     /* of the organ, date and seal */
  double                organ_y;      /* top of the organ line = the seal's centre */
  guint                 signature_page;
  YcDocumentBox         last_text;
} Layout;

static void
box_free (Box *box)
{
  g_clear_object (&box->layout);
  g_clear_pointer (&box->cells, g_ptr_array_unref);
  g_free (box);
}

static void
table_free (Table *table)
{
  g_free (table->x);
  g_free (table->width);
  g_free (table);
}

static void
layout_clear (Layout *l)
{
  g_clear_pointer (&l->title, g_free);
  g_clear_pointer (&l->boxes, g_ptr_array_unref);
  g_clear_pointer (&l->tables, g_ptr_array_unref);
  g_clear_pointer (&l->placements, g_array_unref);
  g_clear_object (&l->organ);
  g_clear_object (&l->date);
}

static Box *
box_add (Layout *l,
         BoxKind kind,
         double  height)
{
  Box *box = g_new0 (Box, 1);

  box->kind = kind;
  box->height = height;
  g_ptr_array_add (l->boxes, box);
  return box;
}

static double
font_size (const PangoFontDescription *desc)
{
  return pango_font_description_get_size (desc) / (double) PANGO_SCALE;
}

static void
style_clear (Style *style)
{
  for (guint i = 0; i < YC_N_FONTS; i++)
    {
      g_clear_pointer (&style->fonts[i], pango_font_description_free);
      g_clear_pointer (&style->bold[i], pango_font_description_free);
    }
  g_clear_pointer (&style->grid, pango_attr_list_unref);
}

static void
style_init (Style                    *style,
            const YcDocumentTemplate *tmpl)
{
  double spacing;

  style_clear (style);
  for (guint i = 0; i < YC_N_FONTS; i++)
    {
      style->fonts[i] = pango_font_description_from_string (tmpl->fonts[i]);
      style->bold[i] = pango_font_description_copy (style->fonts[i]);
      pango_font_description_set_weight (style->bold[i], PANGO_WEIGHT_BOLD);
    }

  /* 28 characters to the line: full-width characters advance by exactly CHAR_PITCH. */
  spacing = CHAR_PITCH - font_size (style->fonts[YC_FONT_BODY]);
  if (fabs (spacing) < 0.2 * font_size (style->fonts[YC_FONT_BODY]))
    {
      style->grid = pango_attr_list_new ();
      pango_attr_list_insert (style->grid,
                              pango_attr_letter_spacing_new ((int) (spacing * PANGO_SCALE)));
    }
}

static PangoLayout *
new_layout (Layout                     *l,
            const PangoFontDescription *font,
            const char                 *text,
            double                      width,
            YcAlign                     align,
            guint                       indent)
{
  PangoLayout *layout = pango_layout_new (l->renderer->context);
  static const PangoAlignment alignments[] = {
    [YC_ALIGN_LEFT] = PANGO_ALIGN_LEFT,
    [YC_ALIGN_CENTER] = PANGO_ALIGN_CENTER,
    [YC_ALIGN_RIGHT] = PANGO_ALIGN_RIGHT,
  };

  pango_layout_set_font_description (layout, font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, alignments[align]);
  pango_layout_set_indent (layout, (int) (indent * CHAR_PITCH * PANGO_SCALE));
  if (font == l->style->fonts[YC_FONT_BODY] && l->style->grid != NULL)
    pango_layout_set_attributes (layout, l->style->grid);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
add_paragraph (Layout     *l,
               const char *text,
               YcFontRole  role,
               YcAlign     align,
               guint       indent,
               gboolean    keep)
{
  /* A hair wider than 28 pitches so that rounding never drops the 28th character. */
  g_autoptr(PangoLayout) layout = new_layout (l, l->style->fonts[role], text, BLOCK_WIDTH + 1.0,
                                              align, indent);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  int line = 0;

  do
    {
      PangoRectangle logical;
      double h, baseline;
      Box *box;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      h = logical.height / (double) PANGO_SCALE;
      baseline = (pango_layout_iter_get_baseline (iter) - logical.y) / (double) PANGO_SCALE;
      box = box_add (l, BOX_LINE, role == YC_FONT_TITLE ? MAX (PITCH, h * 1.15) : MAX (PITCH, h));
      box->layout = g_object_ref (layout);
      box->line = line++;
      box->line_x = logical.x / (double) PANGO_SCALE;
      box->baseline = (box->height - h) / 2 + baseline;
      box->keep_with_next = keep;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

/* The expanded texts of a table row: the header when @row is G_MAXUINT, else the row's cells
 * (fixed, or from the block's list). */
static GStrv
expand_row (Layout                *l,
            const YcTemplateBlock *block,
            guint                  row,
            GError               **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint c = 0; c < block->columns->len; c++)
    {
      const YcTemplateColumn *column = g_ptr_array_index (block->columns, c);
      g_autofree char *text = NULL;

      if (row == G_MAXUINT)
        text = yc_document_template_expand (l->tmpl, l->doc, NULL, 0, column->title, error);
      else if (block->cells != NULL)
        text = yc_document_template_expand (l->tmpl, l->doc, NULL, 0,
                                            ((GStrv) g_ptr_array_index (block->cells, row))[c],
                                            error);
      else
        text = yc_document_template_expand (l->tmpl, l->doc, block->rows, row, column->cell,
                                            error);
      if (text == NULL)
        return NULL;
      g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

/* A table row of @block (see expand_row() for @row), or NULL. */
static Box *
add_row (Layout                *l,
         Table                 *table,
         const YcTemplateBlock *block,
         guint                  row,
         GError               **error)
{
  gboolean header = row == G_MAXUINT;
  g_auto(GStrv) texts = expand_row (l, block, row, error);
  Box *box;
  double height = 0;

  if (texts == NULL)
    return NULL;
  box = box_add (l, BOX_ROW, 0);
  box->table = table;
  box->cells = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint c = 0; c < table->n_columns; c++)
    {
      const YcTemplateColumn *column = g_ptr_array_index (block->columns, c);
      PangoLayout *cell = new_layout (l, (header ? l->style->bold : l->style->fonts)[block->font],
                                      texts[c], table->width[c] - 2 * CELL_PAD_X,
                                      header ? YC_ALIGN_CENTER : column->align, 0);
      PangoRectangle logical;

      pango_layout_get_extents (cell, NULL, &logical);
      height = MAX (height, logical.height / (double) PANGO_SCALE);
      g_ptr_array_add (box->cells, cell);
    }
  box->height = MAX (PITCH, height + 2 * CELL_PAD_Y);
  return box;
}

/* FALSE with YC_DOCUMENT_ERROR_MISSING_FIELD when the list has fewer than @min rows. */
static gboolean
check_rows (Layout      *l,
            const char  *list,
            guint        n,
            guint        min,
            GError     **error)
{
  if (n >= min)
    return TRUE;
  g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_MISSING_FIELD,
               _("The list “%s” needs at least %u rows for the %s template"), list, min,
               yc_document_type_to_string (l->tmpl->type));
  return FALSE;
}

static gboolean
add_table (Layout                *l,
           const YcTemplateBlock *block,
           GError               **error)
{
  Table *table = g_new0 (Table, 1);
  double total = 0, x = 0;
  guint n_rows;

  g_ptr_array_add (l->tables, table);
  table->n_columns = block->columns->len;
  table->x = g_new0 (double, table->n_columns);
  table->width = g_new0 (double, table->n_columns);
  table->header_page = G_MAXUINT;
  for (guint c = 0; c < table->n_columns; c++)
    total += ((YcTemplateColumn *) g_ptr_array_index (block->columns, c))->width;
  for (guint c = 0; c < table->n_columns; c++)
    {
      YcTemplateColumn *column = g_ptr_array_index (block->columns, c);

      table->x[c] = x;
      table->width[c] = BLOCK_WIDTH * column->width / total;
      x += table->width[c];
    }

  if (block->header)
    {
      table->header = add_row (l, table, block, G_MAXUINT, error);
      if (table->header == NULL)
        return FALSE;
      table->header->keep_with_next = TRUE;
    }

  n_rows = block->cells != NULL ? block->cells->len
           : yc_document_get_n_rows (l->doc, block->rows);
  if (block->cells == NULL && !check_rows (l, block->rows, n_rows, MAX (block->min_rows, 1),
                                           error))
    return FALSE;
  for (guint r = 0; r < n_rows; r++)
    {
      if (add_row (l, table, block, r, error) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_signature (Layout                *l,
               const YcTemplateBlock *block,
               GError               **error)
{
  g_autofree char *organ = yc_document_template_expand (l->tmpl, l->doc, NULL, 0, block->text,
                                                        error);
  g_autofree char *date = NULL;
  PangoRectangle organ_rect, date_rect;
  double right;

  if (organ == NULL)
    return FALSE;
  date = yc_document_template_expand (l->tmpl, l->doc, NULL, 0, block->date, error);
  if (date == NULL)
    return FALSE;
  l->organ = new_layout (l, l->style->fonts[YC_FONT_BODY], organ, -1, YC_ALIGN_LEFT, 0);
  l->date = new_layout (l, l->style->fonts[YC_FONT_BODY], date, -1, YC_ALIGN_LEFT, 0);
  pango_layout_get_extents (l->organ, NULL, &organ_rect);
  pango_layout_get_extents (l->date, NULL, &date_rect);
  if (organ_rect.width / PANGO_SCALE > BLOCK_WIDTH || date_rect.width / PANGO_SCALE > BLOCK_WIDTH)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_LAYOUT,
                   _("The issuing organ or the date is longer than a line"));
      return FALSE;
    }

  /* The date ends four characters in from the right; the organ is centred on the date, or
   * ends two characters in when it is the longer one; the seal is centred on both and stays
   * inside the text block. */
  right = BLOCK_RIGHT - 4 * CHAR_PITCH;
  l->centre_x = right - date_rect.width / 2.0 / PANGO_SCALE;
  if (l->centre_x + organ_rect.width / 2.0 / PANGO_SCALE > BLOCK_RIGHT - 2 * CHAR_PITCH)
    l->centre_x = BLOCK_RIGHT - 2 * CHAR_PITCH - organ_rect.width / 2.0 / PANGO_SCALE;
  l->centre_x = CLAMP (l->centre_x, BLOCK_LEFT + l->seal_diameter / 2,
                       BLOCK_RIGHT - l->seal_diameter / 2);
  box_add (l, BOX_SIGNATURE, 0);
  return TRUE;
}

static gboolean
build_boxes (Layout  *l,
             GError **error)
{
  for (guint i = 0; i < l->tmpl->blocks->len; i++)
    {
      const YcTemplateBlock *block = g_ptr_array_index (l->tmpl->blocks, i);

      if (!yc_template_block_applies (l->tmpl, block, l->doc))
        continue;

      switch (block->kind)
        {
        case YC_BLOCK_TITLE:
          add_paragraph (l, l->title, YC_FONT_TITLE, YC_ALIGN_CENTER, 0, TRUE);
          break;

        case YC_BLOCK_PARAGRAPH:
          {
            g_autofree char *text = yc_document_template_expand (l->tmpl, l->doc, NULL, 0,
                                                                 block->text, error);
            if (text == NULL)
              return FALSE;
            add_paragraph (l, text, block->font, block->align, block->indent, FALSE);
          }
          break;

        case YC_BLOCK_LIST:
          {
            guint n = yc_document_get_n_rows (l->doc, block->rows);

            if (!check_rows (l, block->rows, n, block->min_rows, error))
              return FALSE;
            for (guint r = 0; r < n; r++)
              {
                g_autofree char *text = yc_document_template_expand (l->tmpl, l->doc,
                                                                     block->rows, r,
                                                                     block->text, error);
                if (text == NULL)
                  return FALSE;
                add_paragraph (l, text, block->font, block->align, block->indent, FALSE);
              }
          }
          break;

        case YC_BLOCK_TABLE:
          if (!add_table (l, block, error))
            return FALSE;
          break;

        case YC_BLOCK_SIGNATURE:
          if (!add_signature (l, block, error))
            return FALSE;
          break;

        case YC_BLOCK_SPACE:
          box_add (l, BOX_SPACE, block->lines * PITCH);
          break;

        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

static double
grid_ceil (double y)
{
  return BLOCK_TOP + ceil ((y - BLOCK_TOP) / PITCH - 1e-6) * PITCH;
}

static void
place (Layout *l,
       guint   box,
       guint   page,
       double  y)
{
  Placement p = { box, page, y };

  g_array_append_val (l->placements, p);
}

static gboolean
is_text (const Box *box)
{
  return box->kind == BOX_LINE || box->kind == BOX_ROW;
}

static Box *
placed_box (Layout *l,
            gint    placement)
{
  return g_ptr_array_index (l->boxes, g_array_index (l->placements, Placement, placement).box);
}

/* Lays the boxes out on pages, starting a new page before each box in @breaks. Sets @retry to
 * G_MAXUINT when done, or to a box that must start a new page so that the signature (and so
 * the seal) does not stand on a page without text; FALSE with @error when the content cannot
 * be laid out. */
static gboolean
paginate (Layout  *l,
          GArray  *breaks,
          guint   *retry,
          GError **error)
{
  guint page = 0;
  double y = BLOCK_TOP;
  gint last_text = -1;           /* placement index of the last text on this page */
  gint first_text = -1;          /* and of the first */

  g_array_set_size (l->placements, 0);
  *retry = G_MAXUINT;
  for (guint t = 0; t < l->tables->len; t++)
    ((Table *) g_ptr_array_index (l->tables, t))->header_page = G_MAXUINT;

  for (guint i = 0; i < l->boxes->len; i++)
    {
      Box *box = g_ptr_array_index (l->boxes, i);
      gboolean forced = FALSE;
      double need = box->height;

      for (guint b = 0; b < breaks->len; b++)
        forced |= g_array_index (breaks, guint, b) == i;

      if (box->kind == BOX_SPACE)
        {
          if (first_text < 0)
            continue;            /* no blank lines at the top of a page */
          if (y + box->height > BLOCK_BOTTOM)
            {
              page++, y = BLOCK_TOP, first_text = last_text = -1;
              continue;
            }
          place (l, i, page, y);
          y += box->height;
          continue;
        }

      if (box->kind == BOX_SIGNATURE)
        {
          double r = l->seal_diameter / 2;
          gint t, first;
          guint move;

          if (last_text >= 0)
            {
              /* Blank lines before the signature collapse: the seal's top must come within
               * one line of the text. */
              const Placement *p = &g_array_index (l->placements, Placement, last_text);
              double text_bottom = p->y + ((Box *) g_ptr_array_index (l->boxes, p->box))->height;

              l->organ_y = grid_ceil (text_bottom + r);
              if (MAX (l->organ_y + 2 * PITCH, l->organ_y + r) <= BLOCK_BOTTOM)
                {
                  l->signature_page = page;
                  l->last_text = (YcDocumentBox) { page, BLOCK_LEFT, p->y, BLOCK_WIDTH,
                                                   text_bottom - p->y };
                  place (l, i, page, text_bottom);
                  y = MAX (l->organ_y + 2 * PITCH, l->organ_y + r);
                  continue;
                }
            }

          /* It does not fit below the last text: carry the last lines over with it, so that
           * the seal never stands on a page without text. */
          for (t = (gint) l->placements->len - 1; t >= 0 && !is_text (placed_box (l, t)); t--)
            ;
          if (t < 0)
            {
              g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_LAYOUT,
                           _("The document has no text above its signature"));
              return FALSE;
            }
          for (first = t; first > 0 && g_array_index (l->placements, Placement, first - 1).page
                          == g_array_index (l->placements, Placement, t).page; first--)
            ;
          if (t == first)
            {
              g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_LAYOUT,
                           _("The signature and seal do not fit below the text"));
              return FALSE;
            }
          move = g_array_index (l->placements, Placement, t).box;
          /* Two lines of a paragraph rather than one, when the page keeps some. */
          if (t - 1 > first && placed_box (l, t)->kind == BOX_LINE
              && placed_box (l, t - 1)->kind == BOX_LINE
              && placed_box (l, t - 1)->layout == placed_box (l, t)->layout)
            move = g_array_index (l->placements, Placement, t - 1).box;
          *retry = move;
          return TRUE;
        }

      if (box->keep_with_next && i + 1 < l->boxes->len
          && is_text (g_ptr_array_index (l->boxes, i + 1)))
        need += ((Box *) g_ptr_array_index (l->boxes, i + 1))->height;
      if (box->height > BLOCK_HEIGHT - PITCH)
        {
          g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_LAYOUT,
                       _("A table row is taller than a page"));
          return FALSE;
        }
      if (first_text >= 0 && (forced || y + need > BLOCK_BOTTOM))
        page++, y = BLOCK_TOP, first_text = last_text = -1;

      /* A table carried onto a new page repeats its header. */
      if (box->kind == BOX_ROW && box->table->header != NULL)
        {
          if (box == box->table->header)
            box->table->header_page = page;
          else if (box->table->header_page != page)
            {
              guint header = 0;

              g_ptr_array_find (l->boxes, box->table->header, &header);
              if (first_text < 0)
                first_text = l->placements->len;
              place (l, header, page, y);
              y += box->table->header->height;
              box->table->header_page = page;
            }
        }

      last_text = l->placements->len;
      if (first_text < 0)
        first_text = last_text;
      place (l, i, page, y);
      y += box->height;
    }
  l->n_pages = page + 1;
  return TRUE;
}

static gboolean
lay_out (Layout  *l,
         GError **error)
{
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint attempt = 0; attempt < 4; attempt++)
    {
      guint retry;

      if (!paginate (l, breaks, &retry, error))
        return FALSE;
      if (retry == G_MAXUINT)
        return TRUE;
      g_array_append_val (breaks, retry);
    }
  g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_LAYOUT,
               _("The signature and seal do not fit below the text"));
  return FALSE;
}

static void
show_line (cairo_t     *cr,
           PangoLayout *layout,
           int          line,
           double       x,
           double       baseline)
{
  cairo_move_to (cr, x, baseline);
  pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (layout, line));
}

static void
draw_row (cairo_t   *cr,
          const Box *box,
          double     y)
{
  Table *table = box->table;

  cairo_set_line_width (cr, 0.75);
  for (guint c = 0; c < table->n_columns; c++)
    {
      PangoLayout *cell = g_ptr_array_index (box->cells, c);
      PangoRectangle logical;

      cairo_rectangle (cr, BLOCK_LEFT + table->x[c], y, table->width[c], box->height);
      cairo_stroke (cr);
      pango_layout_get_extents (cell, NULL, &logical);
      cairo_move_to (cr, BLOCK_LEFT + table->x[c] + CELL_PAD_X,
                     y + (box->height - logical.height / (double) PANGO_SCALE) / 2);
      pango_cairo_show_layout (cr, cell);
    }
}

/* A one-line layout drawn on a grid line starting at @top; returns its logical box. */
static YcDocumentBox
draw_grid_line (cairo_t     *cr,
                PangoLayout *layout,
                guint        page,
                double       centre_x,
                double       top)
{
  PangoRectangle logical;
  double w, h, x, y;

  pango_layout_get_extents (layout, NULL, &logical);
  w = logical.width / (double) PANGO_SCALE;
  h = logical.height / (double) PANGO_SCALE;
  x = centre_x - w / 2;
  y = top + (PITCH - h) / 2;
  if (cr != NULL)
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }
  return (YcDocumentBox) { page, x, y, w, h };
}

/* The QR code as a 1-bit mask, one pixel a module, scaled up without smoothing: a few hundred
 * bytes of image where rectangles would be a few thousand numbers to print and compress. */
static void
draw_qr (cairo_t *cr,
         QRcode  *qr,
         double   x,
         double   y)
{
  cairo_surface_t *mask = cairo_image_surface_create (CAIRO_FORMAT_A1, qr->width, qr->width);
  int stride = cairo_image_surface_get_stride (mask);
  unsigned char *data;
  cairo_pattern_t *pattern;

  cairo_surface_flush (mask);
  data = cairo_image_surface_get_data (mask);
  for (int row = 0; row < qr->width; row++)
    {
      for (int col = 0; col < qr->width; col++)
        {
          if (!(qr->data[row * qr->width + col] & 1))
            continue;
          /* A1 pixels fill each 32-bit unit from its least significant bit on little-endian
           * machines, from its most significant bit on big-endian ones. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
          data[row * stride + col / 8] |= 1 << (col % 8);
#else
          data[row * stride + col / 8] |= 0x80 >> (col % 8);
#endif
        }
    }
  cairo_surface_mark_dirty (mask);

  pattern = cairo_pattern_create_for_surface (mask);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, QR_SIZE / qr->width, QR_SIZE / qr->width);
  cairo_mask (cr, pattern);
  cairo_restore (cr);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (mask);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static char *
page_number (const YcDocumentTemplate *tmpl,
             guint                     page,
             guint                     pages)
{
  g_autofree char *p = g_strdup_printf ("%u", page);
  g_autofree char *n = g_strdup_printf ("%u", pages);
  g_auto(GStrv) parts = g_strsplit (tmpl->page_number, "${pages}", -1);
  g_autofree char *with_total = g_strjoinv (n, parts);
  g_auto(GStrv) parts2 = g_strsplit (with_total, "${page}", -1);

  return g_strjoinv (p, parts2);
}

static GBytes *
draw (Layout             *l,
      YcSeal             *seal,
      gboolean            sealed,
      QRcode             *qr,
      const char         *footer,
      YcDocumentGeometry *geometry,
      GError            **error)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint next = 0;
  double qr_x = BLOCK_RIGHT - QR_SIZE, qr_y = FOOTER_TOP;

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, l->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Yichuang " PACKAGE_VERSION);
  cr = cairo_create (surface);

  for (guint page = 0; page < l->n_pages; page++)
    {
      g_autofree char *number = page_number (l->tmpl, page + 1, l->n_pages);
      g_autofree char *footer_text = g_strconcat (footer, "\n", number, NULL);
      g_autoptr(PangoLayout) foot = new_layout (l, l->style->fonts[YC_FONT_FOOTER], footer_text,
                                                qr_x - 3 * MM - BLOCK_LEFT, YC_ALIGN_LEFT, 0);

      cairo_set_source_rgb (cr, 0, 0, 0);
      for (; next < l->placements->len; next++)
        {
          const Placement *p = &g_array_index (l->placements, Placement, next);
          const Box *box = g_ptr_array_index (l->boxes, p->box);

          if (p->page != page)
            break;
          switch (box->kind)
            {
            case BOX_LINE:
              show_line (cr, box->layout, box->line, BLOCK_LEFT + box->line_x,
                         p->y + box->baseline);
              break;
            case BOX_ROW:
              draw_row (cr, box, p->y);
              break;
            case BOX_SIGNATURE:
              draw_grid_line (cr, l->organ, page, l->centre_x, l->organ_y);
              draw_grid_line (cr, l->date, page, l->centre_x, l->organ_y + PITCH);
              break;
            case BOX_SPACE:
              break;
            default:
              g_assert_not_reached ();
            }
        }

      /* Footer: a hairline, the case facts and the page number, the QR code to the right. */
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, BLOCK_LEFT, BLOCK_BOTTOM + 2 * MM);
      cairo_line_to (cr, BLOCK_RIGHT, BLOCK_BOTTOM + 2 * MM);
      cairo_stroke (cr);
      cairo_move_to (cr, BLOCK_LEFT, FOOTER_TOP);
      pango_cairo_show_layout (cr, foot);
      draw_qr (cr, qr, qr_x, qr_y);

      if (sealed && page == l->signature_page)
        yc_seal_draw (seal, cr, l->renderer->context, l->centre_x, l->organ_y);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_RENDER,
                   _("The PDF could not be drawn: %s"), cairo_status_to_string (status));
      g_byte_array_unref (bytes);
      return NULL;
    }

  if (geometry != NULL)
    {
      double r = l->seal_diameter / 2;

      geometry->n_pages = l->n_pages;
      geometry->sealed = sealed;
      geometry->seal = (YcDocumentBox) { l->signature_page, l->centre_x - r, l->organ_y - r,
                                         2 * r, 2 * r };
      geometry->organ = draw_grid_line (NULL, l->organ, l->signature_page, l->centre_x,
                                        l->organ_y);
      geometry->date = draw_grid_line (NULL, l->date, l->signature_page, l->centre_x,
                                       l->organ_y + PITCH);
      geometry->last_text = l->last_text;
      geometry->qr = (YcDocumentBox) { l->n_pages - 1, qr_x, qr_y, QR_SIZE, QR_SIZE };
      geometry->text_block = (YcDocumentBox) { 0, BLOCK_LEFT, BLOCK_TOP, BLOCK_WIDTH,
                                               BLOCK_HEIGHT };
    }
  return g_byte_array_free_to_bytes (bytes);
}

GBytes *
yc_document_renderer_render (YcDocumentRenderer *self,
                             YcDocument         *doc,
                             YcSeal             *seal,
                             YcDocumentGeometry *geometry,
                             GError            **error)
{
  YcDocumentType type;
  Layout l = { 0 };
  g_autoptr(YcSeal) own_seal = NULL;
  g_autoptr(GError) seal_error = NULL;
  g_autoptr(GString) footer = g_string_new (NULL);
  gboolean sealed;
  QRcode *qr;
  GBytes *bytes = NULL;
  const char *url;

  g_return_val_if_fail (YC_IS_DOCUMENT_RENDERER (self), NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  type = yc_document_get_doc_type (doc);
  if (self->templates[type] == NULL)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_TEMPLATE,
                   _("No template is loaded for the %s document"),
                   yc_document_type_to_string (type));
      return NULL;
    }
  sealed = yc_document_check_seal (doc, &seal_error);
  if (seal_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&seal_error));
      return NULL;
    }
  url = yc_document_get_verification_url (doc);
  if (url == NULL)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_MISSING_FIELD,
                   _("The document has no verification address for its QR code"));
      return NULL;
    }

  yc_document_fonts_install (self->fonts, self->font_map);
  l.renderer = self;
  l.tmpl = self->templates[type];
  l.doc = doc;
  l.style = &self->styles[type];
  l.boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);
  l.tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  l.placements = g_array_new (FALSE, FALSE, sizeof (Placement));
  l.seal_diameter = seal != NULL ? yc_seal_get_diameter (seal)
                    : YC_SEAL_DEFAULT_DIAMETER_MM * MM;

  l.title = yc_document_template_expand (l.tmpl, doc, NULL, 0, l.tmpl->title, error);
  if (l.title == NULL || !build_boxes (&l, error) || !lay_out (&l, error))
    goto out;

  for (guint i = 0; l.tmpl->footer[i] != NULL; i++)
    {
      g_autofree char *line = yc_document_template_expand (l.tmpl, doc, NULL, 0,
                                                           l.tmpl->footer[i], error);
      if (line == NULL)
        goto out;
      g_string_append_printf (footer, "%s%s", i > 0 ? "\n" : "", line);
    }

  if (sealed && seal == NULL)
    {
      g_autofree char *key = g_strconcat (pango_layout_get_text (l.organ), "\n",
                                          l.tmpl->fonts[YC_FONT_SEAL], NULL);

      if (self->drawn_seal == NULL || g_strcmp0 (key, self->drawn_key) != 0)
        {
          g_clear_pointer (&self->drawn_seal, yc_seal_unref);
          self->drawn_seal = yc_seal_new_drawn (pango_layout_get_text (l.organ), NULL, 0);
          yc_seal_set_font (self->drawn_seal, l.tmpl->fonts[YC_FONT_SEAL]);
          g_free (self->drawn_key);
          self->drawn_key = g_steal_pointer (&key);
        }
      own_seal = yc_seal_ref (self->drawn_seal);
      seal = own_seal;
    }

  qr = QRcode_encodeString (url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_RENDER,
                   _("The verification address is too long for a QR code"));
      goto out;
    }
  bytes = draw (&l, seal, sealed, qr, footer->str, geometry, error);
  QRcode_free (qr);

out:
  layout_clear (&l);
  return bytes;
}

gboolean
yc_document_renderer_render_to_file (YcDocumentRenderer *self,
                                     YcDocument         *doc,
                                     YcSeal             *seal,
                                     const char         *path,
                                     YcDocumentGeometry *geometry,
                                     GError            **error)
{
  g_autoptr(GBytes) bytes = yc_document_renderer_render (self, doc, seal, geometry, error);
  g_autoptr(GError) local_error = NULL;

  if (bytes == NULL)
    return FALSE;
  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            &local_error))
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_RENDER,
                   _("The document could not be saved: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* @text without its ${placeholders}: the template's own words. */
static char *
own_words (const char *text)
{
  GString *words = g_string_new (NULL);

  while (*text != '\0')
    {
      const char *start = strstr (text, "${"), *end;

      if (start == NULL || (end = strchr (start, '}')) == NULL)
        {
          g_string_append (words, text);
          break;
        }
      g_string_append_len (words, text, start - text);
      text = end + 1;
    }
  return g_string_free (words, FALSE);
}

/* Body, table and footer set any text; the title and table headers set the template's own
 * words (the certificate's title excepted, which falls through to the full subset); the
 * seal's lettering becomes outlines. */
static void
prepare_fonts (YcDocumentRenderer       *self,
               const YcDocumentTemplate *tmpl,
               const Style              *style)
{
  g_autofree char *title = own_words (tmpl->title);

  yc_document_fonts_prepare (self->fonts, tmpl->fonts[YC_FONT_BODY], TRUE, NULL);
  yc_document_fonts_prepare (self->fonts, tmpl->fonts[YC_FONT_TABLE], TRUE, NULL);
  yc_document_fonts_prepare (self->fonts, tmpl->fonts[YC_FONT_FOOTER], TRUE, NULL);
  yc_document_fonts_prepare (self->fonts, tmpl->fonts[YC_FONT_TITLE], FALSE, title);
  yc_document_fonts_prepare (self->fonts, tmpl->fonts[YC_FONT_SEAL], FALSE, NULL);
  for (guint i = 0; i < tmpl->blocks->len; i++)
    {
      const YcTemplateBlock *block = g_ptr_array_index (tmpl->blocks, i);
      g_autofree char *bold = NULL;

      if (block->kind != YC_BLOCK_TABLE || !block->header)
        continue;
      bold = pango_font_description_to_string (style->bold[block->font]);
      for (guint c = 0; c < block->columns->len; c++)
        {
          const YcTemplateColumn *column = g_ptr_array_index (block->columns, c);
          g_autofree char *words = own_words (column->title);

          yc_document_fonts_prepare (self->fonts, bold, FALSE, words);
        }
    }
}

void
yc_document_renderer_set_template (YcDocumentRenderer *self,
                                   YcDocumentTemplate *tmpl)
{
  YcDocumentType type;

  g_return_if_fail (YC_IS_DOCUMENT_RENDERER (self));
  g_return_if_fail (tmpl != NULL);

  type = yc_document_template_get_doc_type (tmpl);
  g_clear_pointer (&self->templates[type], yc_document_template_unref);
  self->templates[type] = yc_document_template_ref (tmpl);
  style_init (&self->styles[type], tmpl);
  prepare_fonts (self, tmpl, &self->styles[type]);
}

YcDocumentTemplate *
yc_document_renderer_get_template (YcDocumentRenderer *self,
                                   YcDocumentType      type)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_RENDERER (self), NULL);
  g_return_val_if_fail (type < YC_DOCUMENT_N_TYPES, NULL);
  return self->templates[type];
}

gboolean
yc_document_renderer_load_templates (YcDocumentRenderer *self,
                                     const char         *dir,
                                     GError            **error)
{
  YcDocumentTemplate *loaded[YC_DOCUMENT_N_TYPES] = { NULL };
  gboolean ok = TRUE;

  g_return_val_if_fail (YC_IS_DOCUMENT_RENDERER (self), FALSE);

  for (guint i = 0; ok && i < YC_DOCUMENT_N_TYPES; i++)
    {
      g_autofree char *name = g_strconcat (yc_document_type_to_string (i), ".json", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      loaded[i] = yc_document_template_new_from_file (path, error);
      if (loaded[i] == NULL)
        ok = FALSE;
      else if (yc_document_template_get_doc_type (loaded[i]) != i)
        {
          g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_TEMPLATE,
                       _("The template %s is for another document type"), path);
          ok = FALSE;
        }
    }
  for (guint i = 0; i < YC_DOCUMENT_N_TYPES; i++)
    {
      if (ok)
        yc_document_renderer_set_template (self, loaded[i]);
      g_clear_pointer (&loaded[i], yc_document_template_unref);
    }
  return ok;
}

/* What the template files of @dir look like now: their names, sizes and modification times. */
static char *
templates_stamp (const char *dir)
{
  GString *stamp = g_string_new (dir);

  for (guint i = 0; i < YC_DOCUMENT_N_TYPES; i++)
    {
      g_autofree char *name = g_strconcat (yc_document_type_to_string (i), ".json", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_stat (path, &st) != 0)
        g_string_append_printf (stamp, "\n%s -", name);
      else
        g_string_append_printf (stamp, "\n%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, name,
                                (gint64) st.st_size, (gint64) st.st_mtime);
    }
  return g_string_free (stamp, FALSE);
}

GBytes *
yc_document_renderer_render_shared (const char         *dir,
                                    YcDocument         *doc,
                                    YcSeal             *seal,
                                    YcDocumentGeometry *geometry,
                                    GError            **error)
{
  static GMutex lock;
  static YcDocumentRenderer *shared;
  static char *loaded;               /* templates_stamp() of what @shared holds */
  g_autofree char *stamp = NULL;
  GBytes *bytes = NULL;

  g_return_val_if_fail (dir != NULL && doc != NULL, NULL);

  stamp = templates_stamp (dir);
  g_mutex_lock (&lock);
  if (shared == NULL)
    shared = yc_document_renderer_new ();
  if (g_strcmp0 (stamp, loaded) == 0 || yc_document_renderer_load_templates (shared, dir, error))
    {
      if (g_strcmp0 (stamp, loaded) != 0)
        {
          g_free (loaded);
          loaded = g_steal_pointer (&stamp);
        }
      bytes = yc_document_renderer_render (shared, doc, seal, geometry, error);
    }
  g_mutex_unlock (&lock);
  return bytes;
}

static void
yc_document_renderer_finalize (GObject *object)
{
  YcDocumentRenderer *self = YC_DOCUMENT_RENDERER (object);

  for (guint i = 0; i < YC_DOCUMENT_N_TYPES; i++)
    {
      g_clear_pointer (&self->templates[i], yc_document_template_unref);
      style_clear (&self->styles[i]);
    }
  g_clear_object (&self->context);
  g_clear_object (&self->font_map);
  g_clear_pointer (&self->fonts, yc_document_fonts_free);
  g_clear_pointer (&self->drawn_seal, yc_seal_unref);
  g_free (self->drawn_key);
  G_OBJECT_CLASS (yc_document_renderer_parent_class)->finalize (object);
}

static void
yc_document_renderer_class_init (YcDocumentRendererClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_document_renderer_finalize;
}

static void
yc_document_renderer_init (YcDocumentRenderer *self)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Layout in points, unhinted, so that the PDF is the same at any resolution. */
  self->font_map = pango_cairo_font_map_new ();
  self->fonts = yc_document_fonts_new ();
  self->context = pango_font_map_create_context (self->font_map);
  pango_cairo_context_set_resolution (self->context, 72.0);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  pango_context_set_language (self->context, pango_language_from_string ("zh-cn"));
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
}

YcDocumentRenderer *
yc_document_renderer_new (void)
{
  return g_object_new (YC_TYPE_DOCUMENT_RENDERER, NULL);
}
