/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Citizen ID (GB 11643), unified social credit code (GB 32100) and e-licence identifier
 * (GB/T 36904). Checks run from the coarsest rule to the finest, so the first message a
 * clerk sees names the most obvious mistake. */
#define G_LOG_DOMAIN "yc-ids"

#include "config.h"

#include <string.h>
#include <time.h>

#include <glib/gi18n-lib.h>

#include "yc-ids.h"

G_DEFINE_QUARK (yc-id-error-quark, yc_id_error)

#define CITIZEN_ID_LENGTH 18
#define USCC_LENGTH       18
#define ELICENCE_PREFIX   "1.2.156.3005.2."

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Province-level codes of GB/T 2260, plus 83 for Taiwan residents' residence permits. */
static const char *const province_codes[] = {
  "11", "12", "13", "14", "15",
  "21", "22", "23",
  "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46",
  "50", "51", "52", "53", "54",
  "61", "62", "63", "64", "65",
  "71", "81", "82", "83",
};

static gboolean
is_province_code (const char *digits)
{
  for (guint i = 0; i < G_N_ELEMENTS (province_codes); i++)
    {
      if (strncmp (digits, province_codes[i], 2) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Taiwan, Hong Kong and Macao residents' permits carry the bare province code (810000). */
static gboolean
is_outside_mainland (const char *digits)
{
  return digits[0] == '7' || digits[0] == '8';
}

static gboolean
all_digits (const char *text,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

/* Full-width forms of ASCII (Ｘ, １): what a Chinese input method types when left in 全角. */
static gboolean
is_full_width (gunichar c)
{
  return c >= 0xFF01 && c <= 0xFF5E;
}

static char *
utf8_char_dup (const char *p)
{
  return g_strndup (p, g_utf8_next_char (p) - p);
}

/* Empty, or not text at all. Lengths are then counted in characters, so that "has 17"
 * matches what the clerk sees even with 全角 input. */
static gboolean
check_text (const char *text,
            const char *empty_message,
            const char *unreadable_message,
            GError    **error)
{
  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_EMPTY, empty_message);
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS, unreadable_message);
      return FALSE;
    }
  return TRUE;
}

/* Citizen ID (GB 11643) */

static gboolean
citizen_id_characters (const char *id,
                       GError    **error)
{
  guint pos = 1;

  for (const char *p = id; *p != '\0'; p = g_utf8_next_char (p), pos++)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean ok = c < 0x80 && (g_ascii_isdigit (c)
                                 || (pos == CITIZEN_ID_LENGTH && (c == 'X' || c == 'x')));
      g_autofree char *shown = NULL;

      if (ok)
        continue;

      shown = utf8_char_dup (p);
      if (is_full_width (c))
        g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                     _("Character %u of the ID number is the full-width “%s”; switch the input "
                       "method to half-width and type it again."),
                     pos, shown);
      else if (pos < CITIZEN_ID_LENGTH)
        g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                     _("Character %u of the ID number is “%s”, but the first 17 characters must "
                       "be digits."),
                     pos, shown);
      else
        g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                     _("The last character of the ID number is “%s”, but it must be a digit "
                       "or X."),
                     shown);
      return FALSE;
    }
  return TRUE;
}

static gboolean
citizen_id_region (const char *id,
                   GError    **error)
{
  g_autofree char *region = g_strndup (id, 6);

  if (!is_province_code (id))
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_REGION,
                   _("The ID number begins with the region code %s, but %.2s is not the code "
                     "of any province."),
                   region, region);
      return FALSE;
    }
  if (is_outside_mainland (id))
    return TRUE;
  if (id[2] == '0' && id[3] == '0')
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_REGION,
                   _("The region code %s in the ID number is not valid: its city part "
                     "(digits 3 and 4) cannot be 00."),
                   region);
      return FALSE;
    }
  if (id[4] == '0' && id[5] == '0')
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_REGION,
                   _("The region code %s in the ID number is not valid: its county part "
                     "(digits 5 and 6) cannot be 00."),
                   region);
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

static gboolean
citizen_id_birth (const char  *id,
                  const GDate *today,
                  guint       *year,
                  guint       *month,
                  guint       *day,
                  GError     **error)
{
  g_autofree char *shown = g_strdup_printf ("%.4s-%.2s-%.2s", id + 6, id + 10, id + 12);
  GDate birth;
  GDate now;

  *year = digits_value (id + 6, 4);
  *month = digits_value (id + 10, 2);
  *day = digits_value (id + 12, 2);

  if (!g_date_valid_dmy (*day, *month, *year))
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_BIRTH_DATE,
                   _("The birth date %s in the ID number does not exist."), shown);
      return FALSE;
    }
  /* GB 11643 numbers were also issued to people born in the 1800s (DOMAIN.md's
   * 440524188001010014), so the plausibility bound is 1800, not 1900. */
  if (*year < 1800)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_BIRTH_DATE,
                   _("The birth date %s in the ID number is before 1800."), shown);
      return FALSE;
    }

  g_date_clear (&now, 1);
  if (today != NULL)
    now = *today;
  else
    g_date_set_time_t (&now, time (NULL));

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, *day, *month, *year);
  if (g_date_compare (&birth, &now) > 0)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_BIRTH_DATE,
                   _("The birth date %s in the ID number is after today."), shown);
      return FALSE;
    }
  return TRUE;
}

static char
citizen_id_check_char (const char *id)
{
  static const guint weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  guint sum = 0;

  for (guint i = 0; i < 17; i++)
    sum += (guint) (id[i] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

gboolean
yc_citizen_id_check (const char      *id,
                     const GDate     *today,
                     YcCitizenIdInfo *info,
                     GError         **error)
{
  glong length;
  guint year, month, day;

  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (id,
                   _("Enter the ID number."),
                   _("The ID number contains characters that cannot be read."),
                   error))
    return FALSE;

  length = g_utf8_strlen (id, -1);
  if (length != CITIZEN_ID_LENGTH)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_LENGTH,
                   _("The ID number must have 18 characters; this one has %ld."), length);
      return FALSE;
    }

  if (!citizen_id_characters (id, error)
      || !citizen_id_region (id, error)
      || !citizen_id_birth (id, today, &year, &month, &day, error))
    return FALSE;

  if (g_ascii_toupper (id[17]) != citizen_id_check_char (id))
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_CHECKSUM,
                           _("The last character of the ID number (the check character) does "
                             "not match the first 17 digits; a digit was probably mistyped."));
      return FALSE;
    }

  if (info != NULL)
    {
      memcpy (info->region, id, 6);
      info->region[6] = '\0';
      info->year = year;
      info->month = month;
      info->day = day;
      info->sex = (id[16] - '0') % 2 == 1 ? YC_SEX_MALE : YC_SEX_FEMALE;
    }
  return TRUE;
}

/* Unified social credit code (GB 32100) */

static int
uscc_value (char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (uscc_alphabet, c);
  return p != NULL ? (int) (p - uscc_alphabet) : -1;
}

static char
uscc_check_char (const char *code)
{
  static const guint weights[17] = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };
  guint sum = 0;

  for (guint i = 0; i < 17; i++)
    sum += (guint) uscc_value (code[i]) * weights[i];
  return uscc_alphabet[(31 - sum % 31) % 31];
}

static gboolean
uscc_characters (const char *code,
                 GError    **error)
{
  guint pos = 1;

  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p), pos++)
    {
      gunichar c = g_utf8_get_char (p);
      g_autofree char *shown = NULL;

      if (c < 0x80 && uscc_value ((char) c) >= 0)
        continue;

      shown = utf8_char_dup (p);
      if (is_full_width (c))
        g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                     _("Character %u of the unified social credit code is the full-width “%s”; "
                       "switch the input method to half-width and type it again."),
                     pos, shown);
      else if (c < 0x80 && g_ascii_islower (c))
        g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                     _("Character %u of the unified social credit code is the lower-case “%s”; "
                       "letters in the code are always upper-case."),
                     pos, shown);
      else if (c < 0x80 && g_ascii_isupper (c))
        g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                     _("Character %u of the unified social credit code is “%s”, a letter the "
                       "code never uses (I, O, S, V and Z are left out)."),
                     pos, shown);
      else
        g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                     _("Character %u of the unified social credit code is “%s”; only digits "
                       "and upper-case letters are allowed."),
                     pos, shown);
      return FALSE;
    }
  return TRUE;
}

/* Only what GB 32100 rules out for certain: an unknown registration authority, a category
 * that is not a digit 1-9, a region that is not six digits of a known province (10 is the
 * central level). A real code wrongly refused here could never be overridden. */
static gboolean
uscc_structure (const char *code,
                GError    **error)
{
  g_autofree char *region = g_strndup (code + 2, 6);

  if (strchr ("123456789ANY", code[0]) == NULL)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_FORMAT,
                   _("The unified social credit code begins with “%c”, which is not the code "
                     "of a registration authority."),
                   code[0]);
      return FALSE;
    }
  if (code[1] < '1' || code[1] > '9')
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_FORMAT,
                   _("The second character of the unified social credit code is “%c”, which "
                     "is not the code of an organisation type."),
                   code[1]);
      return FALSE;
    }
  if (!all_digits (region, 6))
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_REGION,
                   _("Characters 3 to 8 of the unified social credit code (%s) must be the six "
                     "digits of a region code."),
                   region);
      return FALSE;
    }
  if (!is_province_code (region) && strncmp (region, "10", 2) != 0)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_REGION,
                   _("Characters 3 to 8 of the unified social credit code (%s) are not a "
                     "region code: %.2s is not the code of any province."),
                   region, region);
      return FALSE;
    }
  return TRUE;
}

YcUsccResult
yc_uscc_check (const char *code,
               GError    **error)
{
  glong length;

  g_return_val_if_fail (error == NULL || *error == NULL, YC_USCC_INVALID);

  if (!check_text (code,
                   _("Enter the unified social credit code."),
                   _("The unified social credit code contains characters that cannot be read."),
                   error))
    return YC_USCC_INVALID;

  length = g_utf8_strlen (code, -1);
  if (length != USCC_LENGTH)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_LENGTH,
                   _("The unified social credit code must have 18 characters; this one has "
                     "%ld."),
                   length);
      return YC_USCC_INVALID;
    }

  if (!uscc_characters (code, error) || !uscc_structure (code, error))
    return YC_USCC_INVALID;

  if (code[17] != uscc_check_char (code))
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_CHECKSUM,
                           _("The check character of the unified social credit code does not "
                             "match the other 17 characters. Compare the code with the "
                             "licence; if it is copied correctly, it can only be accepted with "
                             "a recorded reason."));
      return YC_USCC_CHECKSUM_MISMATCH;
    }
  return YC_USCC_VALID;
}

char *
yc_uscc_complete (const char *body,
                  GError    **error)
{
  g_autofree char *code = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_text (body,
                   _("Enter the unified social credit code."),
                   _("The unified social credit code contains characters that cannot be read."),
                   error))
    return NULL;
  if (g_utf8_strlen (body, -1) != USCC_LENGTH - 1)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_LENGTH,
                   _("The unified social credit code must have 18 characters; this one has "
                     "%ld."),
                   g_utf8_strlen (body, -1) + 1);
      return NULL;
    }
  if (!uscc_characters (body, error))
    return NULL;
  code = g_strdup_printf ("%s%c", body, uscc_check_char (body));
  if (yc_uscc_check (code, error) != YC_USCC_VALID)
    return NULL;
  return g_steal_pointer (&code);
}

/* E-licence identifier (GB/T 36904) */

static int
base36_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

char
yc_iso7064_mod37_36 (const char *payload)
{
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  guint p = 36;

  g_return_val_if_fail (payload != NULL, 0);

  if (*payload == '\0')
    return 0;

  for (const char *c = payload; *c != '\0'; c++)
    {
      int v = base36_value (*c);

      if (v < 0)
        return 0;
      p = (p + (guint) v) % 36;
      if (p == 0)
        p = 36;
      p = (2 * p) % 37;
    }
  return alphabet[(37 - p) % 36];
}

/* The first character of @part outside [0-9A-Z], or NULL when there is none. */
static char *
first_non_base36 (const char *part,
                  gsize       len)
{
  for (const char *p = part; p < part + len; p = g_utf8_next_char (p))
    {
      if (base36_value (*p) < 0)
        return utf8_char_dup (p);
    }
  return NULL;
}

static gboolean
check_type_code (const char *type,
                 gsize       len,
                 GError    **error)
{
  g_autofree char *bad = NULL;

  if (len == 0)
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_EMPTY,
                           _("The licence type code of the e-licence identifier is empty."));
      return FALSE;
    }
  bad = first_non_base36 (type, len);
  if (bad != NULL)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                   _("The licence type code of the e-licence identifier contains “%s”; only "
                     "digits and upper-case letters are allowed."),
                   bad);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_serial (const char *serial,
              gsize       len,
              GError    **error)
{
  g_autofree char *bad = NULL;

  if (len == 0)
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_EMPTY,
                           _("The serial number of the e-licence identifier is empty."));
      return FALSE;
    }
  bad = first_non_base36 (serial, len);
  if (bad != NULL)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                   _("The serial number of the e-licence identifier contains “%s”; only "
                     "digits and upper-case letters are allowed."),
                   bad);
      return FALSE;
    }
  return TRUE;
}

char *
yc_elicence_id_build (const char *type,
                      const char *issuer_uscc,
                      const char *serial,
                      guint       version,
                      GError    **error)
{
  g_autofree char *payload = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (issuer_uscc != NULL, NULL);
  g_return_val_if_fail (serial != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (type, -1, NULL) || !g_utf8_validate (serial, -1, NULL))
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                           _("The e-licence identifier contains characters that cannot be "
                             "read."));
      return NULL;
    }
  if (!check_type_code (type, strlen (type), error))
    return NULL;

  /* We only mint identifiers for issuers whose code is fully valid; a clerk's override for
   * an applicant's code does not extend to our own departments. */
  if (yc_uscc_check (issuer_uscc, &local_error) != YC_USCC_VALID)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s",
                                  _("The issuing department’s code cannot be used: "));
      return NULL;
    }

  if (!check_serial (serial, strlen (serial), error))
    return NULL;
  if (version > 999)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_FORMAT,
                   _("The version of an e-licence identifier has three digits; %u is too "
                     "large."),
                   version);
      return NULL;
    }

  payload = g_strdup_printf ("%s%s%s%03u", type, issuer_uscc, serial, version);
  return g_strdup_printf (ELICENCE_PREFIX "%s.%s.%s.%03u.%c",
                          type, issuer_uscc, serial, version, yc_iso7064_mod37_36 (payload));
}

static gboolean
check_issuer_part (const char *issuer,
                   gsize       len,
                   GError    **error)
{
  glong chars = g_utf8_strlen (issuer, (gssize) len);

  if (chars != USCC_LENGTH)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_LENGTH,
                   _("The issuer’s credit code in the e-licence identifier must have 18 "
                     "characters; it has %ld."),
                   chars);
      return FALSE;
    }
  for (const char *p = issuer; p < issuer + len; p = g_utf8_next_char (p))
    {
      g_autofree char *shown = NULL;

      if (uscc_value (*p) >= 0)
        continue;
      shown = utf8_char_dup (p);
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_CHARACTERS,
                   _("The issuer’s credit code in the e-licence identifier contains “%s”, "
                     "which a credit code never uses."),
                   shown);
      return FALSE;
    }
  return TRUE;
}

gboolean
yc_elicence_id_check (const char *id,
                      GError    **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *payload = NULL;
  guint n_parts;
  char expected;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (id,
                   _("Enter the e-licence identifier."),
                   _("The e-licence identifier contains characters that cannot be read."),
                   error))
    return FALSE;

  if (!g_str_has_prefix (id, ELICENCE_PREFIX))
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_FORMAT,
                           _("An e-licence identifier begins with “1.2.156.3005.2.”."));
      return FALSE;
    }

  parts = g_strsplit (id + strlen (ELICENCE_PREFIX), ".", -1);
  n_parts = g_strv_length (parts);
  if (n_parts != 5)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_FORMAT,
                   _("After “1.2.156.3005.2.” an e-licence identifier has five parts separated "
                     "by dots (type, issuer, serial number, version, check character); this "
                     "one has %u."),
                   n_parts);
      return FALSE;
    }

  if (!check_type_code (parts[0], strlen (parts[0]), error)
      || !check_issuer_part (parts[1], strlen (parts[1]), error)
      || !check_serial (parts[2], strlen (parts[2]), error))
    return FALSE;

  if (strlen (parts[3]) != 3 || !all_digits (parts[3], 3))
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_FORMAT,
                   _("The version in the e-licence identifier must be three digits, such as "
                     "001; it is “%s”."),
                   parts[3]);
      return FALSE;
    }
  if (strlen (parts[4]) != 1 || base36_value (parts[4][0]) < 0)
    {
      g_set_error (error, YC_ID_ERROR, YC_ID_ERROR_FORMAT,
                   _("The check character of the e-licence identifier must be one digit or "
                     "upper-case letter; it is “%s”."),
                   parts[4]);
      return FALSE;
    }

  payload = g_strconcat (parts[0], parts[1], parts[2], parts[3], NULL);
  expected = yc_iso7064_mod37_36 (payload);
  if (parts[4][0] != expected)
    {
      g_set_error_literal (error, YC_ID_ERROR, YC_ID_ERROR_CHECKSUM,
                           _("The check character of the e-licence identifier does not match "
                             "the rest of it; a character was probably mistyped or left "
                             "out."));
      return FALSE;
    }
  return TRUE;
}
