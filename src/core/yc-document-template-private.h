/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The parsed shape of a template, shared by the loader and the renderer. */
#pragma once

#include "yc-document-template.h"

G_BEGIN_DECLS

typedef enum
{
  YC_BLOCK_TITLE,                /* the template's title, centred, title font */
  YC_BLOCK_PARAGRAPH,            /* text with placeholders */
  YC_BLOCK_LIST,                 /* one paragraph per row of a list */
  YC_BLOCK_TABLE,                /* ruled table: rows from a list, or fixed cells */
  YC_BLOCK_SIGNATURE,            /* issuing organ and date: where the seal goes */
  YC_BLOCK_SPACE,                /* blank lines */
} YcBlockKind;

typedef enum
{
  YC_ALIGN_LEFT,
  YC_ALIGN_CENTER,
  YC_ALIGN_RIGHT,
} YcAlign;

typedef enum
{
  YC_FONT_TITLE,
  YC_FONT_BODY,
  YC_FONT_TABLE,
  YC_FONT_FOOTER,
  YC_FONT_SEAL,
  YC_N_FONTS
} YcFontRole;

typedef struct
{
  char   *title;                 /* header cell */
  char   *cell;                  /* cell text with placeholders (row fields and ${index}) */
  double  width;                 /* relative width */
  YcAlign align;
} YcTemplateColumn;

typedef struct
{
  YcBlockKind kind;
  char       *text;              /* paragraph, list item; the organ for a signature */
  char       *date;              /* signature */
  char       *condition;         /* "if": a field or list that must be non-empty */
  char       *negation;          /* "unless": a field or list that must be empty */
  guint       indent;            /* first-line indent in characters */
  YcAlign     align;
  YcFontRole  font;              /* body or table */
  char       *rows;              /* list name (list, table) */
  guint       min_rows;          /* fewer rows is a missing-field error */
  gboolean    header;            /* table: draw the header row */
  GPtrArray  *columns;           /* YcTemplateColumn* (table) */
  GPtrArray  *cells;             /* GStrv per fixed table row; NULL when from a list */
  guint       lines;             /* space */
} YcTemplateBlock;

struct _YcDocumentTemplate
{
  gatomicrefcount ref_count;
  YcDocumentType  type;
  char           *title;
  char           *fonts[YC_N_FONTS];  /* Pango font descriptions, family lists allowed */
  GHashTable     *defaults;           /* field → value used when the document lacks it */
  GPtrArray      *blocks;             /* YcTemplateBlock* */
  GStrv           footer;             /* lines printed on every page */
  char           *page_number;        /* with ${page} and ${pages} */
};

/* TRUE when @name is a non-empty field of @doc, a default of @self, or a list with rows. */
gboolean yc_document_template_has        (const YcDocumentTemplate *self,
                                          const YcDocument         *doc,
                                          const char               *name);
/* Expands ${name} from the row (@list, @row; ${index} is row + 1), then the document, then
 * the template's defaults. A name found nowhere is YC_DOCUMENT_ERROR_MISSING_FIELD. */
char    *yc_document_template_expand     (const YcDocumentTemplate *self,
                                          const YcDocument         *doc,
                                          const char               *list,
                                          guint                     row,
                                          const char               *text,
                                          GError                  **error);
/* Whether the block's "if"/"unless" conditions let it appear in @doc. */
gboolean yc_template_block_applies       (const YcDocumentTemplate *self,
                                          const YcTemplateBlock    *block,
                                          const YcDocument         *doc);

G_END_DECLS
