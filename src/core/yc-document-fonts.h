/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Speed for CJK PDF output. cairo 1.16 copies and parses the whole CFF table of every face it
 * embeds, twice per document, and compresses the subset it makes: for Noto Serif CJK (about
 * 20 MB of CFF in a TTC) that is most of the time a notice takes. So the renderer puts a
 * GB 2312 subset of each such face (made once with HarfBuzz, cached on disk) in front of the
 * original: same family, a higher font version so that fontconfig prefers it, the original
 * behind it for any character the subset lacks. A face that only sets the templates' own words
 * (the bold of titles and table headers) gets a subset of just those words in front of that.
 * Any failure here only means a larger face is used. */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

typedef struct _YcDocumentFonts YcDocumentFonts;

YcDocumentFonts *yc_document_fonts_new     (void);
void             yc_document_fonts_free    (YcDocumentFonts *self);

/* Makes sure the face behind @description (a Pango font description, family list allowed)
 * has its subset. @running: the face sets document text (fields, any character); otherwise it
 * sets only the template's own @words (titles, table headers) or draws outlines (the seal), and
 * such a face also gets a small subset of @words in front, the GB 2312 one behind it for any
 * other character: a face costs cairo time in proportion to its size in every document. The
 * cache directory is $YC_FONT_CACHE_DIR or <user cache>/yichuang/fonts. */
void             yc_document_fonts_prepare (YcDocumentFonts *self,
                                            const char      *description,
                                            gboolean         running,
                                            const char      *words);
/* Gives @font_map (a PangoFcFontMap) a fontconfig configuration with every subset in front of
 * its original, when that changed since the last call. */
void             yc_document_fonts_install (YcDocumentFonts *self,
                                            PangoFontMap    *font_map);
/* Number of faces that have a subset in front of them. */
guint            yc_document_fonts_get_n_subsets (YcDocumentFonts *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDocumentFonts, yc_document_fonts_free)

G_END_DECLS
