/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-seal"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "yc-document.h"
#include "yc-seal.h"
#include "yc-seal-codec.h"

#define MM (72.0 / 25.4)
/* Printers print seals at 600 dpi; finer is not seen on paper. */
#define STENCIL_DPI 600.0

struct _YcSeal
{
  gatomicrefcount  ref_count;
  char            *organ;
  char            *purpose;
  char            *font;
  double           diameter;     /* points */
  cairo_surface_t *image;        /* official image, or NULL for the drawn seal */
  cairo_surface_t *opaque;       /* the image over white, for PDF; made on first use */
  cairo_path_t    *lettering;    /* star and lettering, centred on 0,0; made on first use */
  cairo_surface_t *stencil;      /* ring and lettering as a 1-bit mask with its CCITT G4 code,
                                  * for PDF; made on first use */
  GMutex           lock;
};

G_DEFINE_BOXED_TYPE (YcSeal, yc_seal, yc_seal_ref, yc_seal_unref)

/* Seal red (about #E60012), the colour of 印泥 on white paper. */
static const double seal_red[3] = { 0.902, 0.0, 0.071 };

static YcSeal *
seal_new (double diameter_mm)
{
  YcSeal *self = g_new0 (YcSeal, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  self->diameter = (diameter_mm > 0 ? diameter_mm : YC_SEAL_DEFAULT_DIAMETER_MM) * MM;
  self->font = g_strdup ("Noto Serif CJK SC Bold");
  return self;
}

YcSeal *
yc_seal_new_drawn (const char *organ,
                   const char *purpose,
                   double      diameter_mm)
{
  YcSeal *self;

  g_return_val_if_fail (organ != NULL && *organ != '\0', NULL);
  g_return_val_if_fail (diameter_mm >= 0 && diameter_mm < 100, NULL);

  self = seal_new (diameter_mm);
  self->organ = g_strdup (organ);
  self->purpose = g_strdup (purpose != NULL ? purpose : YC_SEAL_DEFAULT_PURPOSE);
  return self;
}

YcSeal *
yc_seal_new_from_png (const char *path,
                      double      diameter_mm,
                      GError    **error)
{
  cairo_surface_t *image;
  int width, height;
  YcSeal *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (diameter_mm >= 0 && diameter_mm < 100, NULL);

  image = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_SEAL,
                   _("The seal image %s cannot be read as PNG"), path);
      cairo_surface_destroy (image);
      return NULL;
    }
  width = cairo_image_surface_get_width (image);
  height = cairo_image_surface_get_height (image);
  /* A seal is round: a strongly oblong image is the wrong file, not a seal. */
  if (width < 64 || height < 64 || width > height * 1.1 || height > width * 1.1)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_SEAL,
                   _("The seal image %s is %d × %d pixels; a seal image must be square and at "
                     "least 64 pixels across"), path, width, height);
      cairo_surface_destroy (image);
      return NULL;
    }
  self = seal_new (diameter_mm);
  self->image = image;
  return self;
}

YcSeal *
yc_seal_ref (YcSeal *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_seal_unref (YcSeal *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->organ);
  g_free (self->purpose);
  g_free (self->font);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_pointer (&self->opaque, cairo_surface_destroy);
  g_clear_pointer (&self->lettering, cairo_path_destroy);
  g_clear_pointer (&self->stencil, cairo_surface_destroy);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
yc_seal_set_font (YcSeal     *self,
                  const char *font)
{
  g_return_if_fail (self != NULL && font != NULL);
  g_mutex_lock (&self->lock);
  g_free (self->font);
  self->font = g_strdup (font);
  g_clear_pointer (&self->lettering, cairo_path_destroy);
  g_clear_pointer (&self->stencil, cairo_surface_destroy);
  g_mutex_unlock (&self->lock);
}

double
yc_seal_get_diameter (const YcSeal *self)
{
  return self->diameter;
}

static PangoLayout *
glyph_layout (PangoContext *context,
              const char   *font,
              double        size)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  return layout;
}

/* Adds the outline of @text, its ink centred on the origin, scaled to @width × ink height. */
static void
add_text_path (cairo_t     *cr,
               PangoLayout *layout,
               const char  *text,
               double       width,
               double       centre_y)
{
  PangoRectangle logical;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  cairo_save (cr);
  cairo_scale (cr, width / (logical.width / (double) PANGO_SCALE), 1.0);
  cairo_move_to (cr, -logical.width / 2.0 / PANGO_SCALE, -centre_y);
  pango_cairo_layout_path (cr, layout);
  cairo_restore (cr);
}

/* The vertical centre of an ideograph's ink below the layout's top, for @layout's size. */
static double
ideograph_centre (PangoLayout *layout)
{
  PangoRectangle ink;

  pango_layout_set_text (layout, "国", -1);
  pango_layout_get_extents (layout, &ink, NULL);
  return (ink.y + ink.height / 2.0) / PANGO_SCALE;
}

static void
add_star (cairo_t *cr,
          double   radius)
{
  for (int i = 0; i < 10; i++)
    {
      double r = (i % 2 == 0) ? radius : radius * 0.382;
      double a = -G_PI / 2 + i * G_PI / 5;

      if (i == 0)
        cairo_move_to (cr, r * cos (a), r * sin (a));
      else
        cairo_line_to (cr, r * cos (a), r * sin (a));
    }
  cairo_close_path (cr);
}

/* Star and lettering as one path (glyph outlines, so that the page's text is only the
 * document's), centred on the origin. Drawn once per seal and kept: outlining glyphs costs
 * more than filling the path again. */
static cairo_path_t *
make_lettering (YcSeal       *self,
                PangoContext *context)
{
  double d = self->diameter, r = d / 2;
  double ring = 0.028 * d;
  double h = 0.15 * d;                         /* character height on the arc */
  double rc = r - ring - 0.03 * d - h / 2;     /* radius of the characters' centres */
  glong n = g_utf8_strlen (self->organ, -1);
  double step_needed = (h * 0.85 * 1.08) / rc;
  double step = MIN (220.0 / 180.0 * G_PI / n, 2 * step_needed);
  double cw = MIN (h * 0.85, step * rc / 1.08);
  g_autoptr(PangoLayout) arc = glyph_layout (context, self->font, h);
  g_autoptr(PangoLayout) line = glyph_layout (context, self->font, 0.12 * d);
  double centre = ideograph_centre (arc);
  const char *p = self->organ;
  double purpose_h = 0.12 * d;
  glong purpose_n = g_utf8_strlen (self->purpose, -1);
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  cairo_path_t *path;

  /* Star, a little above the centre as on county seals. */
  cairo_save (cr);
  cairo_translate (cr, 0, -0.02 * d);
  add_star (cr, 0.15 * d);
  cairo_restore (cr);

  /* The department's name along the upper arc, each character upright towards the rim. */
  for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      char ch[8] = { 0 };
      double a = -G_PI / 2 + (i - (n - 1) / 2.0) * step;

      g_unichar_to_utf8 (g_utf8_get_char (p), ch);
      cairo_save (cr);
      cairo_translate (cr, rc * cos (a), rc * sin (a));
      cairo_rotate (cr, a + G_PI / 2);
      add_text_path (cr, arc, ch, cw, centre);
      cairo_restore (cr);
    }

  /* The purpose, straight, below the star. */
  if (purpose_n > 0)
    {
      cairo_save (cr);
      cairo_translate (cr, 0, 0.27 * d);
      add_text_path (cr, line, self->purpose, MIN (0.62 * d, purpose_n * purpose_h * 0.9),
                     ideograph_centre (line));
      cairo_restore (cr);
    }
  path = cairo_copy_path (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
  return path;
}

/* Ring, star and lettering in the current source, centred on the origin. Called with the
 * lock held. */
static void
fill_drawn (YcSeal       *self,
            cairo_t      *cr,
            PangoContext *context)
{
  double ring = 0.028 * self->diameter;

  if (self->lettering == NULL)
    self->lettering = make_lettering (self, context);
  cairo_new_path (cr);
  cairo_set_line_width (cr, ring);
  cairo_arc (cr, 0, 0, self->diameter / 2 - ring / 2, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_append_path (cr, self->lettering);
  cairo_fill (cr);
}

/* The drawn seal as a 1-bit mask at STENCIL_DPI carrying its own CCITT G4 code: a PDF surface
 * then copies those few kilobytes as they are, where the outlines would be thousands of
 * points to print and compress in every document. Called with the lock held. */
static cairo_surface_t *
make_stencil (YcSeal       *self,
              PangoContext *context)
{
  double scale = STENCIL_DPI / 72.0;
  int size = (int) ceil (self->diameter * scale) + 2;
  cairo_surface_t *stencil = cairo_image_surface_create (CAIRO_FORMAT_A1, size, size);
  cairo_t *cr = cairo_create (stencil);
  g_autoptr(GBytes) g4 = NULL;

  cairo_translate (cr, size / 2.0, size / 2.0);
  cairo_scale (cr, scale, scale);
  fill_drawn (self, cr, context);
  cairo_destroy (cr);
  cairo_surface_flush (stencil);

  g4 = yc_seal_codec_g4 (stencil);
  if (g4 != NULL)
    {
      g_autofree char *params = g_strdup_printf ("Columns=%d Rows=%d K=-1 BlackIs1=true",
                                                 size, size);
      gsize length;
      const void *code = g_bytes_get_data (g4, &length);

      cairo_surface_set_mime_data (stencil, CAIRO_MIME_TYPE_CCITT_FAX, code, length,
                                   (cairo_destroy_func_t) g_bytes_unref, g_bytes_ref (g4));
      cairo_surface_set_mime_data (stencil, CAIRO_MIME_TYPE_CCITT_FAX_PARAMS,
                                   (const unsigned char *) params, strlen (params), g_free,
                                   params);
      params = NULL;
    }
  return stencil;
}

/* The official image over white: multiplied over the page it leaves exactly the same ink as
 * the image with its transparency, and a PDF surface need not compress a transparency mask
 * for it in every document (a quarter less time and size). */
static cairo_surface_t *
make_opaque (cairo_surface_t *image)
{
  cairo_surface_t *opaque = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                        cairo_image_surface_get_width (image),
                                                        cairo_image_surface_get_height (image));
  cairo_t *cr = cairo_create (opaque);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (opaque);
  return opaque;
}

/* Whether @cr draws a PDF, which is made many times over, rather than pixels or a preview. */
static gboolean
is_pdf (cairo_t *cr)
{
  return cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_PDF;
}

void
yc_seal_draw (YcSeal       *self,
              cairo_t      *cr,
              PangoContext *context,
              double        cx,
              double        cy)
{
  PangoContext *own = NULL;

  g_return_if_fail (self != NULL && cr != NULL);

  if (context == NULL)
    context = own = pango_cairo_create_context (cr);

  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_set_operator (cr, CAIRO_OPERATOR_MULTIPLY);
  if (self->image != NULL)
    {
      double w = cairo_image_surface_get_width (self->image);
      cairo_surface_t *image = self->image;

      if (is_pdf (cr))
        {
          g_mutex_lock (&self->lock);
          if (self->opaque == NULL)
            self->opaque = make_opaque (self->image);
          image = self->opaque;
          g_mutex_unlock (&self->lock);
        }
      cairo_scale (cr, self->diameter / w, self->diameter / w);
      cairo_set_source_surface (cr, image, -w / 2,
                                -cairo_image_surface_get_height (self->image) / 2.0);
      cairo_paint (cr);
    }
  else
    {
      g_mutex_lock (&self->lock);
      cairo_set_source_rgb (cr, seal_red[0], seal_red[1], seal_red[2]);
      if (is_pdf (cr))
        {
          double size;

          if (self->stencil == NULL)
            self->stencil = make_stencil (self, context);
          size = cairo_image_surface_get_width (self->stencil);
          cairo_scale (cr, 72.0 / STENCIL_DPI, 72.0 / STENCIL_DPI);
          cairo_mask_surface (cr, self->stencil, -size / 2, -size / 2);
        }
      else
        fill_drawn (self, cr, context);
      g_mutex_unlock (&self->lock);
    }
  cairo_restore (cr);
  g_clear_object (&own);
}
