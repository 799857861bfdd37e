/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-document-fonts"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <pango/pangofc-fontmap.h>

#include "yc-document-fonts.h"

/* A CFF table bigger than this makes every document slow; smaller fonts are left alone. */
#define LARGE_CFF (2 * 1024 * 1024)
/* Bump when the character set or the subsetting changes, so old cache files are not reused. */
#define SUBSET_VERSION "gb2312-desub-nohint-2"

typedef struct
{
  char *subset;                  /* the subset file */
  int   version;                 /* the original's fontversion */
} Subset;

struct _YcDocumentFonts
{
  GHashTable *subsets;           /* "file:index" → Subset*, NULL for a face left alone */
  guint       n_subsets;
};

static void
subset_free (Subset *subset)
{
  if (subset == NULL)
    return;
  g_free (subset->subset);
  g_free (subset);
}

YcDocumentFonts *
yc_document_fonts_new (void)
{
  YcDocumentFonts *self = g_new0 (YcDocumentFonts, 1);

  self->subsets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) subset_free);
  return self;
}

void
yc_document_fonts_free (YcDocumentFonts *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->subsets);
  g_free (self);
}

guint
yc_document_fonts_get_n_subsets (YcDocumentFonts *self)
{
  return self->n_subsets;
}

/* The face fontconfig picks for @desc, as pango would ask for it. */
static FcPattern *
match_face (const PangoFontDescription *desc)
{
  FcPattern *pattern = FcPatternCreate ();
  g_auto(GStrv) families = g_strsplit (pango_font_description_get_family (desc) != NULL
                                       ? pango_font_description_get_family (desc) : "serif",
                                       ",", -1);
  FcResult result;
  FcPattern *match;

  for (guint i = 0; families[i] != NULL; i++)
    {
      g_strstrip (families[i]);
      if (*families[i] != '\0')
        FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) families[i]);
    }
  FcPatternAddInteger (pattern, FC_WEIGHT,
                       FcWeightFromOpenType (pango_font_description_get_weight (desc)));
  FcPatternAddString (pattern, FC_LANG, (const FcChar8 *) "zh-cn");
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (NULL, pattern, &result);
  FcPatternDestroy (pattern);
  return match;
}

static void
add_range (hb_set_t *set,
           gunichar  first,
           gunichar  last)
{
  hb_set_add_range (set, first, last);
}

/* GB 2312 (levels 1 and 2 and its symbols), ASCII and Latin-1, general and CJK punctuation,
 * full-width forms: what notices and certificates are written in. */
static void
add_gb2312 (hb_set_t *set)
{
  GIConv cd = g_iconv_open ("UTF-8", "GB2312");

  add_range (set, 0x20, 0x24f);
  add_range (set, 0x2000, 0x206f);
  add_range (set, 0x2100, 0x22ff);
  add_range (set, 0x2460, 0x24ff);
  add_range (set, 0x3000, 0x303f);
  add_range (set, 0xff00, 0xffef);
  if (cd == (GIConv) -1)
    return;
  for (int hi = 0xa1; hi <= 0xf7; hi++)
    {
      for (int lo = 0xa1; lo <= 0xfe; lo++)
        {
          char in[2] = { (char) hi, (char) lo }, out[8] = { 0 };
          char *ip = in, *op = out;
          gsize il = 2, ol = sizeof out - 1;

          if (g_iconv (cd, &ip, &il, &op, &ol) != (gsize) -1)
            hb_set_add (set, g_utf8_get_char (out));
        }
    }
  g_iconv_close (cd);
}

static char *
cache_dir (void)
{
  const char *dir = g_getenv ("YC_FONT_CACHE_DIR");

  return dir != NULL ? g_strdup (dir)
         : g_build_filename (g_get_user_cache_dir (), "yichuang", "fonts", NULL);
}

/* Returns the subset's path (made now or found in the cache), or NULL to use @file as it is. */
static char *
subset_face (const char *file,
             int         index)
{
  g_autofree char *dir = cache_dir ();
  g_autofree char *key = NULL, *name = NULL, *path = NULL;
  GStatBuf st;
  hb_blob_t *blob, *cff, *result;
  hb_face_t *face, *subset;
  hb_subset_input_t *input;
  unsigned int length;
  const char *data;
  gboolean large;

  if (g_stat (file, &st) != 0)
    return NULL;
  key = g_strdup_printf ("%s:%d:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":" SUBSET_VERSION,
                         file, index, (gint64) st.st_size, (gint64) st.st_mtime);
  name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  path = g_build_filename (dir, name, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);

  blob = hb_blob_create_from_file_or_fail (file);
  if (blob == NULL)
    return NULL;
  face = hb_face_create (blob, index);
  hb_blob_destroy (blob);
  cff = hb_face_reference_table (face, HB_TAG ('C', 'F', 'F', ' '));
  large = hb_blob_get_length (cff) > LARGE_CFF;
  hb_blob_destroy (cff);
  if (!large || (input = hb_subset_input_create_or_fail ()) == NULL)
    {
      hb_face_destroy (face);
      return NULL;
    }
  add_gb2312 (hb_subset_input_unicode_set (input));
  /* Without subroutines the subset is a little larger but far quicker for cairo to embed.
   * cairo copies the whole CFF table twice for every document that uses the face, so bytes
   * count: hints (for screens at small sizes, not for print) are a sixth of them. */
  hb_subset_input_set_flags (input, HB_SUBSET_FLAGS_DESUBROUTINIZE | HB_SUBSET_FLAGS_NO_HINTING);
  subset = hb_subset_or_fail (face, input);
  hb_subset_input_destroy (input);
  hb_face_destroy (face);
  if (subset == NULL)
    return NULL;
  result = hb_face_reference_blob (subset);
  data = hb_blob_get_data (result, &length);
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents (path, data, length, NULL))
    g_clear_pointer (&path, g_free);
  hb_blob_destroy (result);
  hb_face_destroy (subset);
  return g_steal_pointer (&path);
}

/* A configuration like the system's, with each subset ahead of its original. */
static void
install (YcDocumentFonts *self,
         PangoFontMap    *font_map)
{
  FcConfig *config = FcInitLoadConfig ();
  FcFontSet *system = FcConfigGetFonts (NULL, FcSetSystem);
  FcFontSet *fonts;
  GHashTableIter iter;
  Subset *subset;
  gboolean first = TRUE;

  if (config == NULL)
    return;
  g_hash_table_iter_init (&iter, self->subsets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &subset))
    {
      if (subset == NULL || !FcConfigAppFontAddFile (config, (const FcChar8 *) subset->subset))
        continue;
      /* Prefer the subset: fontconfig favours the higher font version when all else ties. */
      fonts = FcConfigGetFonts (config, FcSetApplication);
      for (int i = 0; fonts != NULL && i < fonts->nfont; i++)
        {
          FcChar8 *file = NULL;

          if (FcPatternGetString (fonts->fonts[i], FC_FILE, 0, &file) == FcResultMatch
              && g_strcmp0 ((const char *) file, subset->subset) == 0)
            {
              FcPatternDel (fonts->fonts[i], FC_FONTVERSION);
              FcPatternAddInteger (fonts->fonts[i], FC_FONTVERSION, subset->version + 1);
            }
        }
      first = FALSE;
    }
  fonts = FcConfigGetFonts (config, FcSetApplication);
  if (first || fonts == NULL || system == NULL)
    {
      FcConfigDestroy (config);
      return;
    }
  for (int i = 0; i < system->nfont; i++)
    {
      FcPatternReference (system->fonts[i]);
      if (!FcFontSetAdd (fonts, system->fonts[i]))
        FcPatternDestroy (system->fonts[i]);
    }
  FcConfigSetRescanInterval (config, 0);
  pango_fc_font_map_set_config (PANGO_FC_FONT_MAP (font_map), config);
  FcConfigDestroy (config);
}

void
yc_document_fonts_prepare (YcDocumentFonts *self,
                           PangoFontMap    *font_map,
                           const char      *description)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (description);
  FcPattern *match;
  FcChar8 *file = NULL;
  int index = 0, version = 0;
  g_autofree char *key = NULL;
  Subset *subset = NULL;
  char *path;

  g_return_if_fail (PANGO_IS_FC_FONT_MAP (font_map));

  match = match_face (desc);
  if (match == NULL)
    return;
  if (FcPatternGetString (match, FC_FILE, 0, &file) != FcResultMatch)
    {
      FcPatternDestroy (match);
      return;
    }
  FcPatternGetInteger (match, FC_INDEX, 0, &index);
  FcPatternGetInteger (match, FC_FONTVERSION, 0, &version);
  key = g_strdup_printf ("%s:%d", (const char *) file, index);
  if (g_hash_table_contains (self->subsets, key))
    {
      FcPatternDestroy (match);
      return;
    }
  path = subset_face ((const char *) file, index);
  FcPatternDestroy (match);
  if (path != NULL)
    {
      subset = g_new0 (Subset, 1);
      subset->subset = path;
      subset->version = version;
      self->n_subsets++;
    }
  g_hash_table_insert (self->subsets, g_steal_pointer (&key), subset);
  if (subset != NULL)
    install (self, font_map);
}
