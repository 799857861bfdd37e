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
  char       *file;              /* the original */
  int         index;
  int         version;           /* the original's fontversion */
  FcLangSet  *langs;             /* the original's languages */
  char       *subset;            /* its GB 2312 subset, NULL when the face is left alone */
  gboolean    running;           /* sets document text, not only the template's own words */
  GHashTable *words;             /* characters of the template's own words it sets */
  char       *front;             /* subset of those, when the face sets nothing else */
} Face;

struct _YcDocumentFonts
{
  GHashTable *faces;             /* "file:index" → Face* */
  guint       n_subsets;
  gboolean    dirty;             /* faces changed since the font map's configuration */
};

static void
face_free (Face *face)
{
  g_free (face->file);
  g_clear_pointer (&face->langs, FcLangSetDestroy);
  g_free (face->subset);
  g_clear_pointer (&face->words, g_hash_table_unref);
  g_free (face->front);
  g_free (face);
}

YcDocumentFonts *
yc_document_fonts_new (void)
{
  YcDocumentFonts *self = g_new0 (YcDocumentFonts, 1);

  self->faces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) face_free);
  return self;
}

void
yc_document_fonts_free (YcDocumentFonts *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->faces);
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

/* ASCII and the characters of @words: a front subset's character set. */
static void
add_words (hb_set_t   *set,
           GHashTable *words)
{
  GHashTableIter iter;
  gpointer ch;

  add_range (set, 0x20, 0x7e);
  g_hash_table_iter_init (&iter, words);
  while (g_hash_table_iter_next (&iter, &ch, NULL))
    hb_set_add (set, GPOINTER_TO_UINT (ch));
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

static int
compare_chars (gconstpointer a,
               gconstpointer b)
{
  gunichar x = *(const gunichar *) a, y = *(const gunichar *) b;

  return x < y ? -1 : x > y;
}

static char *
cache_dir (void)
{
  const char *dir = g_getenv ("YC_FONT_CACHE_DIR");

  return dir != NULL ? g_strdup (dir)
         : g_build_filename (g_get_user_cache_dir (), "yichuang", "fonts", NULL);
}

/* Returns the path of the subset of @file with the characters of @words, or of GB 2312 when
 * @words is NULL (made now or found in the cache), or NULL to use @file as it is. */
static char *
subset_face (const char *file,
             int         index,
             GHashTable *words)
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
  if (words != NULL)
    {
      /* The cache file is named after the characters too, in a stable order. */
      g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
      g_autoptr(GString) list = g_string_new (key);
      GHashTableIter iter;
      gpointer ch;

      g_hash_table_iter_init (&iter, words);
      while (g_hash_table_iter_next (&iter, &ch, NULL))
        {
          gunichar c = GPOINTER_TO_UINT (ch);

          g_array_append_val (chars, c);
        }
      g_array_sort (chars, compare_chars);
      g_string_append (list, ":words:");
      for (guint i = 0; i < chars->len; i++)
        g_string_append_unichar (list, g_array_index (chars, gunichar, i));
      g_free (key);
      key = g_string_free (g_steal_pointer (&list), FALSE);
    }
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
  if (words != NULL)
    add_words (hb_subset_input_unicode_set (input), words);
  else
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

/* Adds @path to @config's application fonts, ahead of the original: fontconfig favours the
 * higher font version when all else ties, and the languages must tie too (a subset of a few
 * characters would otherwise not count as Chinese and sort behind the original). */
static gboolean
add_ahead (FcConfig   *config,
           const char *path,
           const Face *face,
           int         rank)
{
  FcFontSet *fonts;

  if (!FcConfigAppFontAddFile (config, (const FcChar8 *) path))
    return FALSE;
  fonts = FcConfigGetFonts (config, FcSetApplication);
  for (int i = 0; fonts != NULL && i < fonts->nfont; i++)
    {
      FcChar8 *file = NULL;

      if (FcPatternGetString (fonts->fonts[i], FC_FILE, 0, &file) == FcResultMatch
          && g_strcmp0 ((const char *) file, path) == 0)
        {
          FcPatternDel (fonts->fonts[i], FC_FONTVERSION);
          FcPatternAddInteger (fonts->fonts[i], FC_FONTVERSION, face->version + rank);
          if (face->langs != NULL)
            {
              FcPatternDel (fonts->fonts[i], FC_LANG);
              FcPatternAddLangSet (fonts->fonts[i], FC_LANG, face->langs);
            }
        }
    }
  return TRUE;
}

/* A configuration like the system's, with each subset ahead of its original and each front
 * subset ahead of that. */
static void
install (YcDocumentFonts *self,
         PangoFontMap    *font_map)
{
  FcConfig *config = FcInitLoadConfig ();
  FcFontSet *system = FcConfigGetFonts (NULL, FcSetSystem);
  FcFontSet *fonts;
  GHashTableIter iter;
  Face *face;
  gboolean first = TRUE;

  if (config == NULL)
    return;
  g_hash_table_iter_init (&iter, self->faces);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &face))
    {
      if (face->subset != NULL && add_ahead (config, face->subset, face, 1))
        first = FALSE;
      if (face->front != NULL && add_ahead (config, face->front, face, 2))
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

/* The face behind @description, looked up and subset on first sight; NULL when fontconfig
 * finds none. */
static Face *
lookup_face (YcDocumentFonts *self,
             const char      *description)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (description);
  FcPattern *match = match_face (desc);
  FcChar8 *file = NULL;
  FcLangSet *langs = NULL;
  g_autofree char *key = NULL;
  Face *face;

  if (match == NULL)
    return NULL;
  if (FcPatternGetString (match, FC_FILE, 0, &file) != FcResultMatch)
    {
      FcPatternDestroy (match);
      return NULL;
    }
  face = g_new0 (Face, 1);
  face->file = g_strdup ((const char *) file);
  FcPatternGetInteger (match, FC_INDEX, 0, &face->index);
  FcPatternGetInteger (match, FC_FONTVERSION, 0, &face->version);
  if (FcPatternGetLangSet (match, FC_LANG, 0, &langs) == FcResultMatch)
    face->langs = FcLangSetCopy (langs);
  FcPatternDestroy (match);
  key = g_strdup_printf ("%s:%d", face->file, face->index);
  if (g_hash_table_contains (self->faces, key))
    {
      face_free (face);
      return g_hash_table_lookup (self->faces, key);
    }
  face->words = g_hash_table_new (NULL, NULL);
  face->subset = subset_face (face->file, face->index, NULL);
  if (face->subset != NULL)
    {
      self->n_subsets++;
      self->dirty = TRUE;
    }
  g_hash_table_insert (self->faces, g_steal_pointer (&key), face);
  return face;
}

void
yc_document_fonts_prepare (YcDocumentFonts *self,
                           const char      *description,
                           gboolean         running,
                           const char      *words)
{
  Face *face = lookup_face (self, description);

  if (face == NULL || face->subset == NULL)
    return;
  if (running && !face->running)
    {
      face->running = TRUE;
      self->dirty |= face->front != NULL;
    }
  for (const char *p = words; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (!g_unichar_isspace (ch) && !g_hash_table_contains (face->words, GUINT_TO_POINTER (ch)))
        {
          g_hash_table_add (face->words, GUINT_TO_POINTER (ch));
          self->dirty |= !face->running;
        }
    }
}

void
yc_document_fonts_install (YcDocumentFonts *self,
                           PangoFontMap    *font_map)
{
  GHashTableIter iter;
  Face *face;

  g_return_if_fail (PANGO_IS_FC_FONT_MAP (font_map));

  if (!self->dirty)
    return;
  self->dirty = FALSE;
  g_hash_table_iter_init (&iter, self->faces);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &face))
    {
      g_clear_pointer (&face->front, g_free);
      if (face->subset != NULL && !face->running && g_hash_table_size (face->words) > 0)
        face->front = subset_face (face->file, face->index, face->words);
    }
  install (self, font_map);
}
