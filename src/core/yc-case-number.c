/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "RRRRRR-WWW-YYYYMMDD-NNNN": region, window, date, sequence. Parsing is strict (no spaces,
 * no lower case) because the text is a key the server compares byte for byte. */
#define G_LOG_DOMAIN "yc-case-number"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-case-number.h"
#include "yc-ids.h"

#define WINDOW_MAX 8

static gboolean
all_digits (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }
  return TRUE;
}

static gboolean
window_characters_valid (const char *window)
{
  for (const char *p = window; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && !g_ascii_isupper (*p))
        return FALSE;
    }
  return TRUE;
}

static guint
digits_value (const char *p,
              guint       len)
{
  guint value = 0;

  for (guint i = 0; i < len; i++)
    value = value * 10 + (guint) (p[i] - '0');
  return value;
}

char *
yc_case_number_format (const YcCaseNumber *number)
{
  gsize window_len;

  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (strnlen (number->region, sizeof number->region) == 6, NULL);
  g_return_val_if_fail (all_digits (number->region), NULL);
  window_len = strnlen (number->window, sizeof number->window);
  g_return_val_if_fail (window_len >= 1 && window_len <= WINDOW_MAX, NULL);
  g_return_val_if_fail (window_characters_valid (number->window), NULL);
  g_return_val_if_fail (number->year <= 9999, NULL);
  g_return_val_if_fail (g_date_valid_dmy ((GDateDay) number->day, (GDateMonth) number->month,
                                          (GDateYear) number->year),
                        NULL);
  g_return_val_if_fail (number->sequence >= 1 && number->sequence <= 9999, NULL);

  return g_strdup_printf ("%s-%s-%04u%02u%02u-%04u", number->region, number->window,
                          number->year, number->month, number->day, number->sequence);
}

static gboolean
parse_region (const char *part,
              GError    **error)
{
  if (strlen (part) != 6 || !all_digits (part))
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_REGION,
                   _("The region part of the case number is “%s”; it must be six digits, "
                     "such as 320826."),
                   part);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_window (const char *part,
              GError    **error)
{
  /* Characters first: "窗窗窗" is wrong for its characters, not for its nine bytes. */
  if (*part != '\0' && !window_characters_valid (part))
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                   _("The window part of the case number is “%s”; it may contain only digits "
                     "and upper-case letters."),
                   part);
      return FALSE;
    }
  if (*part == '\0' || strlen (part) > WINDOW_MAX)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_LENGTH,
                   _("The window part of the case number is “%s”; it must have 1 to 8 "
                     "characters."),
                   part);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_date (const char *part,
            guint      *year,
            guint      *month,
            guint      *day,
            GError    **error)
{
  if (strlen (part) != 8)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_LENGTH,
                   _("The date part of the case number is “%s”; it must be eight digits, "
                     "year, month and day, such as 20261129."),
                   part);
      return FALSE;
    }
  if (!all_digits (part))
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                   _("The date part of the case number is “%s”; it must be eight digits, "
                     "year, month and day, such as 20261129."),
                   part);
      return FALSE;
    }

  *year = digits_value (part, 4);
  *month = digits_value (part + 4, 2);
  *day = digits_value (part + 6, 2);
  if (!g_date_valid_dmy ((GDateDay) *day, (GDateMonth) *month, (GDateYear) *year))
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_BIRTH_DATE,
                   _("The date %.4s-%.2s-%.2s in the case number does not exist."),
                   part, part + 4, part + 6);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_sequence (const char *part,
                guint      *sequence,
                GError    **error)
{
  if (strlen (part) != 4)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_LENGTH,
                   _("The sequence part of the case number is “%s”; it must be four digits, "
                     "such as 0042."),
                   part);
      return FALSE;
    }
  if (!all_digits (part))
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                   _("The sequence part of the case number is “%s”; it must be four digits, "
                     "such as 0042."),
                   part);
      return FALSE;
    }
  *sequence = digits_value (part, 4);
  if (*sequence == 0)
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_FORMAT,
                           _("The sequence part of the case number cannot be 0000; it starts "
                             "at 0001."));
      return FALSE;
    }
  return TRUE;
}

gboolean
yc_case_number_parse (const char   *text,
                      YcCaseNumber *number,
                      GError      **error)
{
  g_auto(GStrv) parts = NULL;
  guint year, month, day, sequence;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_EMPTY, _("Enter the case number."));
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                           _("The case number contains characters that cannot be read."));
      return FALSE;
    }

  parts = g_strsplit (text, "-", -1);
  if (g_strv_length (parts) != 4)
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_FORMAT,
                           _("A case number has four parts separated by hyphens: region, "
                             "window, date and sequence, such as 320826-C07-20261129-0042."));
      return FALSE;
    }

  if (!parse_region (parts[0], error)
      || !parse_window (parts[1], error)
      || !parse_date (parts[2], &year, &month, &day, error)
      || !parse_sequence (parts[3], &sequence, error))
    return FALSE;

  if (number != NULL)
    {
      memset (number, 0, sizeof *number);
      memcpy (number->region, parts[0], 6);
      memcpy (number->window, parts[1], strlen (parts[1]));
      number->year = year;
      number->month = month;
      number->day = day;
      number->sequence = sequence;
    }
  return TRUE;
}
