/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The department's 行政许可专用章 as it appears on paper: drawn from configuration (red ring,
 * five-pointed star, the department's name on the upper arc, the seal's purpose below) or an
 * official image the county supplies. Where it goes is the renderer's business (GB/T 9704 rule);
 * whether it may appear at all is the seal authorisation's (yc-document.h). */
#pragma once

#include <glib-object.h>
#include <cairo.h>
#include <pango/pango.h>

G_BEGIN_DECLS

#define YC_SEAL_DEFAULT_DIAMETER_MM 42.0
#define YC_SEAL_DEFAULT_PURPOSE     "行政许可专用章"

typedef struct _YcSeal YcSeal;

#define YC_TYPE_SEAL (yc_seal_get_type ())
GType   yc_seal_get_type     (void) G_GNUC_CONST;

/* @purpose NULL gives 行政许可专用章; @diameter_mm 0 gives 42 mm. */
YcSeal *yc_seal_new_drawn    (const char *organ,
                              const char *purpose,
                              double      diameter_mm);
/* A PNG with a transparent or white background, drawn at @diameter_mm across (0: 42 mm).
 * Errors: YC_DOCUMENT_ERROR_SEAL. */
YcSeal *yc_seal_new_from_png (const char *path,
                              double      diameter_mm,
                              GError    **error);
YcSeal *yc_seal_ref          (YcSeal *self);
void    yc_seal_unref        (YcSeal *self);

/* A Pango font description (family list allowed) for the drawn lettering. */
void    yc_seal_set_font     (YcSeal     *self,
                              const char *font);
/* Diameter in points. */
double  yc_seal_get_diameter (const YcSeal *self);

/* Draws the seal centred on (@cx, @cy) in user units of points, multiplied over what is
 * already there, as the ink of a real seal is. Lettering becomes outlines, not text, so the
 * page's text layer holds only the document. @context may be NULL. */
void    yc_seal_draw         (YcSeal       *self,
                              cairo_t      *cr,
                              PangoContext *context,
                              double        cx,
                              double        cy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSeal, yc_seal_unref)

G_END_DECLS
