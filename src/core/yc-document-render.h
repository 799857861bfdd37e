/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Draws a document with its template straight to PDF (cairo + pango, no office suite):
 * A4, the GB/T 9704 text block and 22 × 28 grid, fonts embedded, a footer with the case facts
 * and "page x of y" on every page, the verification QR code bottom right, and the seal — only
 * when the document carries a seal authorisation — over the issuing organ and date.
 * One renderer per thread: it owns its font map. */
#pragma once

#include <glib-object.h>

#include "yc-document.h"
#include "yc-document-template.h"
#include "yc-seal.h"

G_BEGIN_DECLS

/* A rectangle on one page, in points from the page's top-left corner. */
typedef struct
{
  guint  page;                   /* 0-based */
  double x;
  double y;
  double width;
  double height;
} YcDocumentBox;

/* Where the renderer put what the seal rule is about, for review and for tests. */
typedef struct
{
  guint         n_pages;
  gboolean      sealed;
  YcDocumentBox seal;            /* the seal's square; set even when not sealed (its place) */
  YcDocumentBox organ;           /* the issuing organ's name */
  YcDocumentBox date;            /* the date line */
  YcDocumentBox last_text;       /* the last line of text above the signature */
  YcDocumentBox qr;              /* the QR code, at the same place on every page */
  YcDocumentBox text_block;      /* GB/T 9704 text block */
} YcDocumentGeometry;

#define YC_TYPE_DOCUMENT_RENDERER (yc_document_renderer_get_type ())
G_DECLARE_FINAL_TYPE (YcDocumentRenderer, yc_document_renderer, YC, DOCUMENT_RENDERER, GObject)

YcDocumentRenderer *yc_document_renderer_new            (void);
/* Loads <type>.json for every document type from @dir; on error none is replaced. */
gboolean            yc_document_renderer_load_templates (YcDocumentRenderer *self,
                                                         const char         *dir,
                                                         GError            **error);
void                yc_document_renderer_set_template   (YcDocumentRenderer *self,
                                                         YcDocumentTemplate *tmpl);
YcDocumentTemplate *yc_document_renderer_get_template   (YcDocumentRenderer *self,
                                                         YcDocumentType      type);

/* Renders @doc to PDF bytes. @seal is the department's seal appearance; NULL draws one from
 * the signature's organ name. The seal is applied only when @doc carries a fitting seal
 * authorisation. @geometry (nullable) receives the placement. Nothing is returned on error. */
GBytes             *yc_document_renderer_render         (YcDocumentRenderer *self,
                                                         YcDocument         *doc,
                                                         YcSeal             *seal,
                                                         YcDocumentGeometry *geometry,
                                                         GError            **error);
/* The same, written to @path atomically: on error no file is created or changed. */
gboolean            yc_document_renderer_render_to_file (YcDocumentRenderer *self,
                                                         YcDocument         *doc,
                                                         YcSeal             *seal,
                                                         const char         *path,
                                                         YcDocumentGeometry *geometry,
                                                         GError            **error);

/* Renders @doc with a renderer shared by the whole process and serialised by a lock, for
 * callers on worker threads that render now and then (the app's preview, drafts), which would
 * otherwise pay fontconfig, the templates and the fonts again for every document. The
 * templates come from @dir, loaded on first use and again when @dir or a template file
 * changes; an error loading them is returned as from yc_document_renderer_load_templates(). */
GBytes             *yc_document_renderer_render_shared  (const char         *dir,
                                                         YcDocument         *doc,
                                                         YcSeal             *seal,
                                                         YcDocumentGeometry *geometry,
                                                         GError            **error);

G_END_DECLS
