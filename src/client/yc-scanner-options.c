/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scanner"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sane/saneopts.h>

#include "yc-scanner-options.h"
#include "yc-scanner-private.h"

#define MM_PER_INCH 25.4

/* Option names drivers use besides the standard ones. */
#define OPTION_DOC_SOURCE "doc-source"            /* Samsung */
#define OPTION_SCAN_RESOLUTION "scan-resolution"  /* Lexmark */
#define OPTION_DUPLEX "duplex"
#define OPTION_PAGE_WIDTH "page-width"
#define OPTION_PAGE_HEIGHT "page-height"

static const char * const flatbed_names[] = {
  "Flatbed", "FlatBed", "Normal", "Document Table", "Platen", "Auto", NULL
};
static const char * const feeder_names[] = {
  "ADF Front", "Automatic Document Feeder", "ADF", "ADF Simplex", "Document Feeder",
  "Automatic Document Feeder(left aligned)", "Automatic Document Feeder(centrally aligned)",
  NULL
};
static const char * const duplex_names[] = {
  "ADF Duplex", "Duplex ADF", "Duplex", "ADF Duplex - Long-Edge Binding",
  "Automatic Document Feeder(centrally aligned,Duplex)",
  "Automatic Document Feeder(left aligned,Duplex)", NULL
};
static const char * const color_names[] = {
  SANE_VALUE_SCAN_MODE_COLOR, "Colour", "24bit Color[Fast]", "24bit Color", "24-bit Color",
  "Color - 16 Million Colors", "True Color", NULL
};
static const char * const gray_names[] = {
  SANE_VALUE_SCAN_MODE_GRAY, "Grey", "Grayscale", "Greyscale", "8-bit Grayscale", "True Gray",
  "Grayscale - 256 Levels", NULL
};
static const char * const lineart_names[] = {
  SANE_VALUE_SCAN_MODE_LINEART, "Binary", "Black & White", "Black and White",
  "1-bit Black & White", "Black and White - Line Art", "Monochrome", "Thresholded", NULL
};

const char *
yc_sane_match_string (const SANE_String_Const *list,
                      const char * const      *wanted)
{
  g_return_val_if_fail (wanted != NULL, NULL);

  if (list == NULL)
    return NULL;
  for (guint i = 0; wanted[i] != NULL; i++)
    for (guint j = 0; list[j] != NULL; j++)
      if (g_ascii_strcasecmp (list[j], wanted[i]) == 0)
        return list[j];
  return NULL;
}

const char * const *
yc_sane_mode_names (YcScanMode mode)
{
  switch (mode)
    {
    case YC_SCAN_MODE_COLOR:
      return color_names;
    case YC_SCAN_MODE_GRAY:
      return gray_names;
    case YC_SCAN_MODE_BLACK_WHITE:
      return lineart_names;
    default:
      g_return_val_if_reached (gray_names);
    }
}

const char * const *
yc_sane_source_names (YcScanSource source)
{
  switch (source)
    {
    case YC_SCAN_SOURCE_FLATBED:
      return flatbed_names;
    case YC_SCAN_SOURCE_FEEDER:
      return feeder_names;
    case YC_SCAN_SOURCE_FEEDER_DUPLEX:
      return duplex_names;
    default:
      g_return_val_if_reached (flatbed_names);
    }
}

static double
word_to_double (const SANE_Option_Descriptor *option,
                SANE_Word                     word)
{
  return option->type == SANE_TYPE_FIXED ? SANE_UNFIX (word) : (double) word;
}

static SANE_Word
double_to_word (const SANE_Option_Descriptor *option,
                double                        value)
{
  return option->type == SANE_TYPE_FIXED ? SANE_FIX (value) : (SANE_Word) lround (value);
}

double
yc_sane_closest_value (const SANE_Option_Descriptor *option,
                       double                        wanted)
{
  g_return_val_if_fail (option != NULL, wanted);
  g_return_val_if_fail (option->type == SANE_TYPE_INT || option->type == SANE_TYPE_FIXED, wanted);

  switch (option->constraint_type)
    {
    case SANE_CONSTRAINT_RANGE:
      {
        const SANE_Range *range = option->constraint.range;
        double min = word_to_double (option, range->min);
        double max = word_to_double (option, range->max);
        double quant = word_to_double (option, range->quant);
        double value = CLAMP (wanted, min, max);

        if (quant > 0)
          {
            value = min + round ((value - min) / quant) * quant;
            if (value > max)
              value -= quant;
          }
        return option->type == SANE_TYPE_INT ? round (value) : value;
      }
    case SANE_CONSTRAINT_WORD_LIST:
      {
        const SANE_Word *list = option->constraint.word_list;
        double best = wanted;
        double best_distance = INFINITY;

        /* Ties go to the larger value: more detail rather than less. */
        for (SANE_Int i = 1; i <= list[0]; i++)
          {
            double value = word_to_double (option, list[i]);
            double distance = fabs (value - wanted);

            if (distance < best_distance || (distance == best_distance && value > best))
              {
                best = value;
                best_distance = distance;
              }
          }
        return best;
      }
    case SANE_CONSTRAINT_NONE:
    case SANE_CONSTRAINT_STRING_LIST:
    default:
      return option->type == SANE_TYPE_INT ? round (wanted) : wanted;
    }
}

typedef struct
{
  SANE_Handle  handle;
  GHashTable  *index;  /* option name → number */
} Options;

static void
options_index (Options *options)
{
  const SANE_Option_Descriptor *option;

  options->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (SANE_Int n = 1; (option = sane_get_option_descriptor (options->handle, n)) != NULL; n++)
    {
      if (option->type == SANE_TYPE_GROUP || option->name == NULL || *option->name == '\0')
        continue;
      g_hash_table_insert (options->index, g_strdup (option->name), GINT_TO_POINTER (n));
    }
}

/* The descriptor is fetched again each time: setting one option may change others. */
static const SANE_Option_Descriptor *
options_find (Options    *options,
              const char *name,
              SANE_Int   *number)
{
  const SANE_Option_Descriptor *option;
  gpointer value;

  if (!g_hash_table_lookup_extended (options->index, name, NULL, &value))
    return NULL;
  *number = GPOINTER_TO_INT (value);
  option = sane_get_option_descriptor (options->handle, *number);
  if (option == NULL || !SANE_OPTION_IS_ACTIVE (option->cap)
      || !SANE_OPTION_IS_SETTABLE (option->cap))
    return NULL;
  return option;
}

/* After SANE_INFO_RELOAD_OPTIONS a frontend must fetch the descriptors again before it touches
 * any option (some backends refuse until it has). */
static void
reload_descriptors (SANE_Handle handle)
{
  for (SANE_Int n = 1; sane_get_option_descriptor (handle, n) != NULL; n++)
    ;
}

static SANE_Status
set_value (SANE_Handle  handle,
           SANE_Int     number,
           void        *value)
{
  SANE_Status status;
  SANE_Int info = 0;

  status = sane_control_option (handle, number, SANE_ACTION_SET_VALUE, value, &info);
  if (status == SANE_STATUS_GOOD && (info & SANE_INFO_RELOAD_OPTIONS))
    reload_descriptors (handle);
  return status;
}

static SANE_Status
options_set (Options    *options,
             SANE_Int    number,
             const char *name,
             void       *value)
{
  SANE_Status status = set_value (options->handle, number, value);

  if (status != SANE_STATUS_GOOD)
    g_debug ("Setting option %s failed: %s", name, sane_strstatus (status));
  return status;
}

static gboolean
options_set_string (Options    *options,
                    const char *name,
                    const char *value)
{
  const SANE_Option_Descriptor *option;
  g_autofree char *buffer = NULL;
  SANE_Int number;

  option = options_find (options, name, &number);
  if (option == NULL || option->type != SANE_TYPE_STRING || option->size <= 0)
    return FALSE;
  buffer = g_malloc0 (option->size);
  g_strlcpy (buffer, value, option->size);
  return options_set (options, number, name, buffer) == SANE_STATUS_GOOD;
}

static gboolean
options_set_bool (Options    *options,
                  const char *name,
                  gboolean    value)
{
  const SANE_Option_Descriptor *option;
  SANE_Bool word = value ? SANE_TRUE : SANE_FALSE;
  SANE_Int number;

  option = options_find (options, name, &number);
  if (option == NULL || option->type != SANE_TYPE_BOOL)
    return FALSE;
  return options_set (options, number, name, &word) == SANE_STATUS_GOOD;
}

/* Sets a single INT or FIXED option to the closest allowed value and reads back what the
 * device kept. */
static gboolean
options_set_number (Options    *options,
                    const char *name,
                    double      wanted,
                    double     *applied)
{
  const SANE_Option_Descriptor *option;
  SANE_Word word;
  SANE_Int number;

  option = options_find (options, name, &number);
  if (option == NULL || (option->type != SANE_TYPE_INT && option->type != SANE_TYPE_FIXED)
      || option->size != sizeof (SANE_Word))
    return FALSE;

  word = double_to_word (option, yc_sane_closest_value (option, wanted));
  if (options_set (options, number, name, &word) != SANE_STATUS_GOOD)
    return FALSE;
  if (sane_control_option (options->handle, number, SANE_ACTION_GET_VALUE, &word, NULL)
      != SANE_STATUS_GOOD)
    return FALSE;
  if (applied != NULL)
    *applied = word_to_double (option, word);
  return TRUE;
}

static const SANE_String_Const *
options_string_list (Options    *options,
                     const char *name)
{
  const SANE_Option_Descriptor *option;
  SANE_Int number;

  option = options_find (options, name, &number);
  if (option == NULL || option->type != SANE_TYPE_STRING
      || option->constraint_type != SANE_CONSTRAINT_STRING_LIST)
    return NULL;
  return option->constraint.string_list;
}

static gboolean
options_allow_word (Options    *options,
                    const char *name,
                    SANE_Word   value)
{
  const SANE_Option_Descriptor *option;
  SANE_Int number;

  option = options_find (options, name, &number);
  if (option == NULL || option->type != SANE_TYPE_INT)
    return FALSE;
  return yc_sane_closest_value (option, value) == value;
}

static gboolean
negotiate_source (Options         *options,
                  YcScanSettings  *applied,
                  GError         **error)
{
  YcScanSource wanted = yc_scan_settings_get_source (applied);
  const SANE_String_Const *list;
  const char *source_option = SANE_NAME_SCAN_SOURCE;
  const char *name = NULL;
  gboolean duplex = FALSE;

  list = options_string_list (options, source_option);
  if (list == NULL)
    {
      source_option = OPTION_DOC_SOURCE;
      list = options_string_list (options, source_option);
    }

  if (list != NULL)
    {
      if (wanted == YC_SCAN_SOURCE_FEEDER_DUPLEX)
        {
          name = yc_sane_match_string (list, duplex_names);
          duplex = name != NULL;
        }
      if (name == NULL && wanted != YC_SCAN_SOURCE_FLATBED)
        {
          name = yc_sane_match_string (list, feeder_names);
          if (name == NULL)
            {
              g_set_error_literal (error, YC_SCANNER_ERROR, YC_SCANNER_ERROR_UNSUPPORTED,
                                   _("This scanner has no document feeder. Put the pages on "
                                     "the glass one at a time."));
              return FALSE;
            }
        }
      if (name == NULL)
        name = yc_sane_match_string (list, flatbed_names);
      /* A sheet-fed scanner has no glass: its one source gives the single page. */
      if (name != NULL)
        options_set_string (options, source_option, name);
    }

  /* Some devices switch duplex on beside the feeder source instead. */
  if (wanted == YC_SCAN_SOURCE_FEEDER_DUPLEX && !duplex)
    duplex = options_set_bool (options, OPTION_DUPLEX, TRUE);
  else if (wanted != YC_SCAN_SOURCE_FEEDER_DUPLEX)
    options_set_bool (options, OPTION_DUPLEX, FALSE);

  if (wanted == YC_SCAN_SOURCE_FEEDER_DUPLEX && !duplex)
    {
      g_debug ("No duplex on this device; scanning one side");
      yc_scan_settings_set_source (applied, YC_SCAN_SOURCE_FEEDER);
    }
  return TRUE;
}

guint
yc_sane_sources_from_list (const SANE_String_Const *list,
                           gboolean                 duplex_switch)
{
  guint sources = 0;

  if (yc_sane_match_string (list, flatbed_names) != NULL)
    sources |= 1 << YC_SCAN_SOURCE_FLATBED;
  if (yc_sane_match_string (list, feeder_names) != NULL)
    sources |= 1 << YC_SCAN_SOURCE_FEEDER;
  if (yc_sane_match_string (list, duplex_names) != NULL
      || (duplex_switch && (sources & (1 << YC_SCAN_SOURCE_FEEDER)) != 0))
    sources |= 1 << YC_SCAN_SOURCE_FEEDER_DUPLEX;
  return sources != 0 ? sources : 1 << YC_SCAN_SOURCE_FLATBED;
}

guint
yc_sane_query_sources (SANE_Handle handle)
{
  Options options = { handle, NULL };
  const SANE_Option_Descriptor *duplex;
  const SANE_String_Const *list;
  SANE_Int number;
  guint sources;

  options_index (&options);
  list = options_string_list (&options, SANE_NAME_SCAN_SOURCE);
  if (list == NULL)
    list = options_string_list (&options, OPTION_DOC_SOURCE);
  duplex = options_find (&options, OPTION_DUPLEX, &number);
  sources = yc_sane_sources_from_list (list, duplex != NULL && duplex->type == SANE_TYPE_BOOL);
  g_hash_table_unref (options.index);
  return sources;
}

static void
negotiate_mode (Options        *options,
                YcScanSettings *applied)
{
  YcScanMode wanted = yc_scan_settings_get_mode (applied);
  const SANE_String_Const *list = options_string_list (options, SANE_NAME_SCAN_MODE);
  const char *name = yc_sane_match_string (list, yc_sane_mode_names (wanted));
  gboolean lineart = wanted == YC_SCAN_MODE_BLACK_WHITE && name != NULL;
  YcScanMode mode;

  if (name != NULL)
    options_set_string (options, SANE_NAME_SCAN_MODE, name);
  else if (list != NULL && wanted != YC_SCAN_MODE_GRAY)
    {
      /* No such mode: grey, and black and white from 1-bit grey where the device has it. */
      name = yc_sane_match_string (list, gray_names);
      if (name != NULL)
        {
          options_set_string (options, SANE_NAME_SCAN_MODE, name);
          if (wanted != YC_SCAN_MODE_BLACK_WHITE
              || !options_allow_word (options, SANE_NAME_BIT_DEPTH, 1))
            yc_scan_settings_set_mode (applied, YC_SCAN_MODE_GRAY);
        }
    }

  /* A lineart mode brings its own depth. */
  mode = yc_scan_settings_get_mode (applied);
  if (mode == YC_SCAN_MODE_BLACK_WHITE && !lineart)
    options_set_number (options, SANE_NAME_BIT_DEPTH, 1, NULL);
  else if (mode != YC_SCAN_MODE_BLACK_WHITE)
    options_set_number (options, SANE_NAME_BIT_DEPTH, 8, NULL);
}

static void
negotiate_resolution (Options        *options,
                      YcScanSettings *applied)
{
  double wanted = yc_scan_settings_get_resolution (applied);
  double dpi = 0.0;

  if (!options_set_number (options, SANE_NAME_SCAN_RESOLUTION, wanted, &dpi)
      && !options_set_number (options, OPTION_SCAN_RESOLUTION, wanted, &dpi)
      && options_set_number (options, SANE_NAME_SCAN_X_RESOLUTION, wanted, &dpi))
    options_set_number (options, SANE_NAME_SCAN_Y_RESOLUTION, dpi, NULL);

  if (dpi >= 1.0)
    yc_scan_settings_set_resolution (applied, dpi);
  else
    g_debug ("The device has no resolution option; assuming %.0f dpi", wanted);
}

static double
mm_to_unit (const SANE_Option_Descriptor *option,
            double                        mm,
            double                        dpi)
{
  return option->unit == SANE_UNIT_PIXEL ? mm * dpi / MM_PER_INCH : mm;
}

static double
unit_to_mm (const SANE_Option_Descriptor *option,
            double                        value,
            double                        dpi)
{
  return option->unit == SANE_UNIT_PIXEL ? value * MM_PER_INCH / dpi : value;
}

/* From the top-left corner: @size_mm of it, or all the device can do when 0. */
static double
negotiate_axis (Options    *options,
                const char *tl_name,
                const char *br_name,
                const char *page_name,
                double      size_mm,
                double      dpi)
{
  const SANE_Option_Descriptor *tl_option, *br_option, *page_option;
  SANE_Int number;
  double tl = 0.0, br = 0.0;

  tl_option = options_find (options, tl_name, &number);
  if (tl_option != NULL)
    options_set_number (options, tl_name, -G_MAXDOUBLE, &tl);

  page_option = options_find (options, page_name, &number);
  if (page_option != NULL && size_mm > 0.0)
    options_set_number (options, page_name, mm_to_unit (page_option, size_mm, dpi), NULL);

  /* Without the option the device scans what it scans: say so with 0, "all of it". */
  br_option = options_find (options, br_name, &number);
  if (br_option == NULL)
    return 0.0;
  if (size_mm > 0.0)
    options_set_number (options, br_name, tl + mm_to_unit (br_option, size_mm, dpi), &br);
  else
    options_set_number (options, br_name, G_MAXDOUBLE, &br);
  return unit_to_mm (br_option, br - tl, dpi);
}

static gboolean
parse_bool (const char *text,
            SANE_Bool  *value)
{
  static const char * const yes[] = { "yes", "true", "on", "1", NULL };
  static const char * const no[] = { "no", "false", "off", "0", NULL };

  for (guint i = 0; yes[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      {
        *value = SANE_TRUE;
        return TRUE;
      }
  for (guint i = 0; no[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      {
        *value = SANE_FALSE;
        return TRUE;
      }
  return FALSE;
}

typedef struct
{
  SANE_Int  number;
  gpointer  value;
} Saved;

static void
saved_free (gpointer data)
{
  Saved *saved = data;

  g_free (saved->value);
  g_free (saved);
}

/* Devices keep what a frontend set, some even across sane_open(): remember the old value. */
static void
save_option (Options                      *options,
             const SANE_Option_Descriptor *option,
             SANE_Int                      number,
             GPtrArray                    *restore)
{
  Saved *saved;

  if (option->type == SANE_TYPE_BUTTON || option->size <= 0
      || !(option->cap & SANE_CAP_SOFT_DETECT))
    return;
  saved = g_new0 (Saved, 1);
  saved->number = number;
  saved->value = g_malloc0 (option->size);
  if (sane_control_option (options->handle, number, SANE_ACTION_GET_VALUE, saved->value, NULL)
      != SANE_STATUS_GOOD)
    {
      saved_free (saved);
      return;
    }
  /* Restored last-set-first, so that an option set twice ends at its first value. */
  g_ptr_array_insert (restore, 0, saved);
}

void
yc_sane_restore (SANE_Handle  handle,
                 GPtrArray   *restore)
{
  g_return_if_fail (restore != NULL);

  for (guint i = 0; i < restore->len; i++)
    {
      Saved *saved = g_ptr_array_index (restore, i);
      SANE_Status status;

      status = set_value (handle, saved->number, saved->value);
      if (status != SANE_STATUS_GOOD)
        g_debug ("Restoring option %d failed: %s", saved->number, sane_strstatus (status));
    }
  g_ptr_array_set_size (restore, 0);
}

static gboolean
set_device_option (Options     *options,
                   const char  *name,
                   const char  *text,
                   GPtrArray   *restore,
                   GError     **error)
{
  const SANE_Option_Descriptor *option;
  SANE_Status status = SANE_STATUS_INVAL;
  SANE_Int number;

  option = options_find (options, name, &number);
  if (option == NULL)
    {
      g_set_error (error, YC_SCANNER_ERROR, YC_SCANNER_ERROR_UNSUPPORTED,
                   /* Translators: %s is the name of a scanner setting */
                   _("The scanner has no setting “%s”. Check the scanner configuration."), name);
      return FALSE;
    }
  save_option (options, option, number, restore);

  switch (option->type)
    {
    case SANE_TYPE_BOOL:
      {
        SANE_Bool value;

        if (parse_bool (text, &value))
          status = options_set (options, number, name, &value);
      }
      break;
    case SANE_TYPE_INT:
    case SANE_TYPE_FIXED:
      {
        char *end = NULL;
        double value = g_ascii_strtod (text, &end);

        if (end != text && *end == '\0' && option->size == sizeof (SANE_Word))
          status = options_set_number (options, name, value, NULL) ? SANE_STATUS_GOOD
                                                                   : SANE_STATUS_INVAL;
      }
      break;
    case SANE_TYPE_STRING:
      {
        const char *value = text;

        if (option->constraint_type == SANE_CONSTRAINT_STRING_LIST)
          value = yc_sane_match_string (option->constraint.string_list,
                                        (const char * const[]) { text, NULL });
        if (value != NULL)
          status = options_set_string (options, name, value) ? SANE_STATUS_GOOD
                                                             : SANE_STATUS_INVAL;
      }
      break;
    case SANE_TYPE_BUTTON:
      status = options_set (options, number, name, NULL);
      break;
    case SANE_TYPE_GROUP:
    default:
      break;
    }

  if (status != SANE_STATUS_GOOD)
    {
      g_set_error (error, YC_SCANNER_ERROR, YC_SCANNER_ERROR_UNSUPPORTED,
                   /* Translators: the first %s is a value, the second a scanner setting */
                   _("The scanner does not accept “%s” for the setting “%s”. Check the "
                     "scanner configuration."), text, name);
      return FALSE;
    }
  return TRUE;
}

YcScanSettings *
yc_sane_negotiate (SANE_Handle      handle,
                   YcScanSettings  *wanted,
                   GPtrArray      **restore,
                   GError         **error)
{
  g_autoptr(YcScanSettings) applied = yc_scan_settings_copy (wanted);
  Options options = { handle, NULL };
  GHashTableIter iter;
  gpointer name, value;
  gboolean ok = TRUE;
  double dpi;

  g_return_val_if_fail (restore != NULL, NULL);

  *restore = g_ptr_array_new_with_free_func (saved_free);
  options_index (&options);

  /* In this order: the source and the mode change which resolutions and areas exist. */
  if (!negotiate_source (&options, applied, error))
    ok = FALSE;

  if (ok)
    {
      negotiate_mode (&options, applied);
      negotiate_resolution (&options, applied);
      dpi = yc_scan_settings_get_resolution (applied);
      yc_scan_settings_set_width_mm (applied,
                                     negotiate_axis (&options, SANE_NAME_SCAN_TL_X,
                                                     SANE_NAME_SCAN_BR_X, OPTION_PAGE_WIDTH,
                                                     yc_scan_settings_get_width_mm (wanted), dpi));
      yc_scan_settings_set_height_mm (applied,
                                      negotiate_axis (&options, SANE_NAME_SCAN_TL_Y,
                                                      SANE_NAME_SCAN_BR_Y, OPTION_PAGE_HEIGHT,
                                                      yc_scan_settings_get_height_mm (wanted),
                                                      dpi));

      g_hash_table_iter_init (&iter, yc_scan_settings_get_device_options (wanted));
      while (ok && g_hash_table_iter_next (&iter, &name, &value))
        ok = set_device_option (&options, name, value, *restore, error);
    }

  g_hash_table_unref (options.index);
  return ok ? g_steal_pointer (&applied) : NULL;
}
