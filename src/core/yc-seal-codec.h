/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The drawn seal's mask coded once in a form a PDF takes as it is: cairo copies attached CCITT
 * data instead of compressing the pixels again for every document. */
#pragma once

#include <glib.h>
#include <cairo.h>

G_BEGIN_DECLS

/* An A1 image as CCITT G4, black = painted; NULL on failure. */
GBytes *yc_seal_codec_g4 (cairo_surface_t *image);

G_END_DECLS
