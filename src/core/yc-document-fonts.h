/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Speed for CJK PDF output. cairo 1.16 reads, parses and compresses the whole CFF table of
 * every font it embeds, once per document: for Noto Serif CJK (about 20 MB of CFF in a TTC)
 * that is most of the time a notice takes. So the renderer puts a GB 2312 subset of each such
 * face (made once with HarfBuzz, cached on disk) in front of the original: same family, a
 * higher font version so that fontconfig prefers it, the original behind it for any character
 * the subset lacks. Any failure here only means the full face is used. */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

typedef struct _YcDocumentFonts YcDocumentFonts;

YcDocumentFonts *yc_document_fonts_new     (void);
void             yc_document_fonts_free    (YcDocumentFonts *self);

/* Makes sure the faces behind @description (a Pango font description, family list allowed)
 * have their subsets; when that adds a face, gives @font_map (a PangoFcFontMap) a fontconfig
 * configuration with every subset in front. The cache directory is $YC_FONT_CACHE_DIR or
 * <user cache>/yichuang/fonts. */
void             yc_document_fonts_prepare (YcDocumentFonts *self,
                                            PangoFontMap    *font_map,
                                            const char      *description);
/* Number of faces that have a subset in front of them. */
guint            yc_document_fonts_get_n_subsets (YcDocumentFonts *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDocumentFonts, yc_document_fonts_free)

G_END_DECLS
