/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Streams a page's lines, as the scanner delivers them, into its compressed spool file, so
 * that no raw page is held in memory: JPEG for grey and colour, a 1-bit PNG (lossless) for
 * black and white. When the device does not know the page length in advance the converted
 * lines wait in a raw file on disk, not in memory. Used by the scanner thread only. */
#pragma once

#include "yc-scan-page.h"
#include "yc-scan-spool.h"

G_BEGIN_DECLS

/* How the device lays out one line (SANE's conventions). */
typedef enum
{
  YC_PAGE_LAYOUT_GRAY1,   /* packed bits, leftmost pixel in the high bit, 1 = black */
  YC_PAGE_LAYOUT_GRAY8,
  YC_PAGE_LAYOUT_GRAY16,  /* host byte order */
  YC_PAGE_LAYOUT_RGB8,    /* R, G, B interleaved */
  YC_PAGE_LAYOUT_RGB16,
} YcPageLayout;

typedef struct _YcPageWriter YcPageWriter;

/* The shortest line the device may send for @width pixels in @layout. */
gsize         yc_page_layout_min_stride (YcPageLayout   layout,
                                         guint          width);

/* @height is -1 when unknown. @bytes_per_line is the device's line stride (it may pad). */
YcPageWriter *yc_page_writer_new       (YcSpool       *spool,
                                        YcPageLayout   layout,
                                        guint          width,
                                        int            height,
                                        gsize          bytes_per_line,
                                        double         resolution,
                                        guint          jpeg_quality,
                                        GError       **error);
gboolean      yc_page_writer_add_lines (YcPageWriter  *self,
                                        const guint8  *lines,
                                        guint          n_lines,
                                        GError       **error);
/* Lines received so far. */
guint         yc_page_writer_get_lines (YcPageWriter  *self);
/* Completes the file (a short page is padded with white) and hands it to a page object. */
YcScanPage   *yc_page_writer_finish    (YcPageWriter  *self,
                                        GError       **error);
/* Removes whatever the writer created unless yc_page_writer_finish() succeeded. */
void          yc_page_writer_free      (YcPageWriter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcPageWriter, yc_page_writer_free)

G_END_DECLS
