/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Citizen ID, unified social credit code and e-licence identifier: the DOMAIN.md vectors,
 * vectors computed independently (python-stdnum), and every rejection with its exact code. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "yc-ids.h"

/* A fixed "today" so that the future-birth rule does not depend on the clock. */
static GDate *
make_date (guint year,
           guint month,
           guint day)
{
  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* Test input may be invalid UTF-8 on purpose; TAP output must stay readable. */
static void
note (const char *input)
{
  g_autofree char *escaped = NULL;

  if (input != NULL && !g_utf8_validate (input, -1, NULL))
    input = escaped = g_strescape (input, NULL);
  g_test_message ("%s", input);
}

static void
assert_rejected (const GError *error,
                 int           code,
                 const char   *fragment)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == YC_ID_ERROR);
  if (error->code != code)
    g_error ("expected code %d, got %d: %s", code, error->code, error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("→ %s", error->message);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("message “%s” does not mention “%s”", error->message, fragment);
}

/* Citizen ID */

typedef struct
{
  const char *id;
  const char *region;
  guint       year, month, day;
  YcSex       sex;
} ValidCitizenId;

static const ValidCitizenId valid_citizen_ids[] = {
  { "11010519491231002X", "110105", 1949, 12, 31, YC_SEX_FEMALE },   /* DOMAIN.md */
  { "440524188001010014", "440524", 1880, 1, 1, YC_SEX_MALE },       /* DOMAIN.md */
  { "11010519491231002x", "110105", 1949, 12, 31, YC_SEX_FEMALE },   /* lower-case x */
  { "320826199003071238", "320826", 1990, 3, 7, YC_SEX_MALE },
  { "320826199003071246", "320826", 1990, 3, 7, YC_SEX_FEMALE },
  { "320826200002290020", "320826", 2000, 2, 29, YC_SEX_FEMALE },    /* leap day */
  { "810000198501010010", "810000", 1985, 1, 1, YC_SEX_MALE },       /* Hong Kong permit */
  { "320826202506150047", "320826", 2025, 6, 15, YC_SEX_FEMALE },    /* born "today" */
};

static void
test_citizen_id_valid (void)
{
  g_autoptr(GDate) today = make_date (2025, 6, 15);

  for (guint i = 0; i < G_N_ELEMENTS (valid_citizen_ids); i++)
    {
      const ValidCitizenId *v = &valid_citizen_ids[i];
      YcCitizenIdInfo info;
      g_autoptr(GError) error = NULL;

      memset (&info, 0xAA, sizeof info);
      note (v->id);
      g_assert_true (yc_citizen_id_check (v->id, today, &info, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (info.region, ==, v->region);
      g_assert_cmpuint (info.year, ==, v->year);
      g_assert_cmpuint (info.month, ==, v->month);
      g_assert_cmpuint (info.day, ==, v->day);
      g_assert_cmpint (info.sex, ==, v->sex);

      /* @info and @error are optional */
      g_assert_true (yc_citizen_id_check (v->id, today, NULL, NULL));
    }
}

typedef struct
{
  const char *id;
  int         code;
  const char *fragment;
} Rejection;

static const Rejection citizen_id_rejections[] = {
  { "", YC_ID_ERROR_EMPTY, NULL },
  { "\xff\xfe" "0105194912310021", YC_ID_ERROR_CHARACTERS, NULL },
  { "11010519491231002", YC_ID_ERROR_LENGTH, "17" },
  { "11010519491231002X1", YC_ID_ERROR_LENGTH, "19" },
  { "１１０１０５１９４９１２３１００２Ｘ", YC_ID_ERROR_CHARACTERS, "full-width" },
  { "1101A519491231002X", YC_ID_ERROR_CHARACTERS, "Character 5" },
  { "11010519491231X02X", YC_ID_ERROR_CHARACTERS, "Character 15" },
  { "110105194912310 2X", YC_ID_ERROR_CHARACTERS, "Character 16" },
  { "11010519491231002Y", YC_ID_ERROR_CHARACTERS, "last character" },
  { "99010519491231002X", YC_ID_ERROR_REGION, "990105" },
  { "000000194912310021", YC_ID_ERROR_REGION, "000000" },
  { "320026199003071238", YC_ID_ERROR_REGION, "city" },
  { "320800199003071238", YC_ID_ERROR_REGION, "county" },
  { "320826199002301238", YC_ID_ERROR_BIRTH_DATE, "1990-02-30" },
  { "320826199013011238", YC_ID_ERROR_BIRTH_DATE, "1990-13-01" },
  { "320826199000011238", YC_ID_ERROR_BIRTH_DATE, "1990-00-01" },
  { "320826199001001238", YC_ID_ERROR_BIRTH_DATE, "1990-01-00" },
  { "320826190002291238", YC_ID_ERROR_BIRTH_DATE, "1900-02-29" },  /* 1900 not a leap year */
  { "320826000001011238", YC_ID_ERROR_BIRTH_DATE, "0000-01-01" },
  { "320826179912311238", YC_ID_ERROR_BIRTH_DATE, "before 1800" },
  { "320826202506160047", YC_ID_ERROR_BIRTH_DATE, "after today" },
  { "110105194912310021", YC_ID_ERROR_CHECKSUM, NULL },            /* DOMAIN.md */
  { "320826199003071239", YC_ID_ERROR_CHECKSUM, NULL },
  { "32082619900307123X", YC_ID_ERROR_CHECKSUM, NULL },
};

static void
test_citizen_id_rejections (void)
{
  g_autoptr(GDate) today = make_date (2025, 6, 15);

  for (guint i = 0; i < G_N_ELEMENTS (citizen_id_rejections); i++)
    {
      const Rejection *r = &citizen_id_rejections[i];
      YcCitizenIdInfo info;
      YcCitizenIdInfo untouched;
      g_autoptr(GError) error = NULL;

      memset (&info, 0x5A, sizeof info);
      untouched = info;
      note (r->id);
      g_assert_false (yc_citizen_id_check (r->id, today, &info, &error));
      assert_rejected (error, r->code, r->fragment);
      /* a rejected number fills nothing */
      g_assert_cmpmem (&info, sizeof info, &untouched, sizeof untouched);
      g_assert_false (yc_citizen_id_check (r->id, today, NULL, NULL));
    }
}

static void
test_citizen_id_null (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (yc_citizen_id_check (NULL, NULL, NULL, &error));
  assert_rejected (error, YC_ID_ERROR_EMPTY, NULL);
}

/* "Future" is relative to the passed day; NULL means the real date. */
static void
test_citizen_id_today (void)
{
  const char *id = "320826202506150047";
  g_autoptr(GDate) before = make_date (2025, 6, 14);
  g_autoptr(GDate) same = make_date (2025, 6, 15);
  g_autoptr(GDate) after = make_date (2031, 1, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) now = g_date_new ();
  g_autofree char *future_id = NULL;
  char digits[18];
  guint sum = 0;
  static const guint weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

  g_assert_false (yc_citizen_id_check (id, before, NULL, &error));
  assert_rejected (error, YC_ID_ERROR_BIRTH_DATE, "2025-06-15");
  g_clear_error (&error);
  g_assert_true (yc_citizen_id_check (id, same, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (yc_citizen_id_check (id, after, NULL, &error));
  g_assert_no_error (error);
  /* the local date: 2025-06-15 has passed */
  g_assert_true (yc_citizen_id_check (id, NULL, NULL, &error));
  g_assert_no_error (error);

  /* someone born in two days, by the local clock (two, so that midnight cannot interfere) */
  g_date_set_time_t (now, time (NULL));
  g_date_add_days (now, 2);
  g_snprintf (digits, sizeof digits, "320826%04u%02u%02u004", g_date_get_year (now),
              g_date_get_month (now), g_date_get_day (now));
  for (guint i = 0; i < 17; i++)
    sum += (guint) (digits[i] - '0') * weights[i];
  future_id = g_strdup_printf ("%s%c", digits, "10X98765432"[sum % 11]);
  g_assert_false (yc_citizen_id_check (future_id, NULL, NULL, &error));
  assert_rejected (error, YC_ID_ERROR_BIRTH_DATE, "after today");
}

/* GB 11643's MOD 11-2 catches every single mistyped digit. */
static void
test_citizen_id_single_digit_errors (void)
{
  g_autoptr(GDate) today = make_date (2025, 6, 15);
  const char *valid = "320826199003071238";
  guint caught = 0;

  for (guint pos = 0; pos < 18; pos++)
    {
      for (char d = '0'; d <= '9'; d++)
        {
          char mutated[19];

          if (d == valid[pos])
            continue;
          memcpy (mutated, valid, sizeof mutated);
          mutated[pos] = d;
          g_assert_false (yc_citizen_id_check (mutated, today, NULL, NULL));
          caught++;
        }
    }
  g_assert_cmpuint (caught, ==, 18 * 9);
}

/* Unified social credit code */

static const char *const valid_usccs[] = {
  "91350100M000100Y43",   /* DOMAIN.md */
  "91110000600037341L",   /* DOMAIN.md */
  "11100000000013127D",   /* central level (10) */
  "N2320826MA1ABCDE3Y",   /* agriculture authority */
  "Y1320826000000001C",   /* "other" authority */
  "A1100000MB00123459",
  "93320826MA1P0Q1R2G",   /* farmers' co-operative */
  "91320826MA1Q000180",   /* check character 0: the weighted sum is a multiple of 31 */
};

static void
test_uscc_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_usccs); i++)
    {
      g_autoptr(GError) error = NULL;

      note (valid_usccs[i]);
      g_assert_cmpint (yc_uscc_check (valid_usccs[i], &error), ==, YC_USCC_VALID);
      g_assert_no_error (error);
      g_assert_cmpint (yc_uscc_check (valid_usccs[i], NULL), ==, YC_USCC_VALID);
    }
}

static const Rejection uscc_rejections[] = {
  { "", YC_ID_ERROR_EMPTY, NULL },
  { "91350100M000100Y4\xc3", YC_ID_ERROR_CHARACTERS, NULL },
  { "91350100M000100Y4", YC_ID_ERROR_LENGTH, "17" },
  { "91350100M000100Y433", YC_ID_ERROR_LENGTH, "19" },
  { "91350100m000100Y43", YC_ID_ERROR_CHARACTERS, "lower-case" },
  { "91350100M0O0100Y43", YC_ID_ERROR_CHARACTERS, "Character 11" },
  { "91350100M000100I43", YC_ID_ERROR_CHARACTERS, "“I”" },
  { "91350100S000100Y43", YC_ID_ERROR_CHARACTERS, "“S”" },
  { "91350100V000100Y43", YC_ID_ERROR_CHARACTERS, "“V”" },
  { "91350100Z000100Y43", YC_ID_ERROR_CHARACTERS, "“Z”" },
  { "91350100M000100Y4-", YC_ID_ERROR_CHARACTERS, "Character 18" },
  { "９1350100M000100Y43", YC_ID_ERROR_CHARACTERS, "full-width" },
  { "01350100M000100Y43", YC_ID_ERROR_FORMAT, "“0”" },
  { "B1350100M000100Y43", YC_ID_ERROR_FORMAT, "“B”" },
  { "90350100M000100Y43", YC_ID_ERROR_FORMAT, "second character" },
  { "9A350100M000100Y43", YC_ID_ERROR_FORMAT, "second character" },
  { "913501A0M000100Y43", YC_ID_ERROR_REGION, "3501A0" },
  { "91990000600037341L", YC_ID_ERROR_REGION, "990000" },
  { "91000000600037341L", YC_ID_ERROR_REGION, "000000" },
};

static void
test_uscc_rejections (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (uscc_rejections); i++)
    {
      const Rejection *r = &uscc_rejections[i];
      g_autoptr(GError) error = NULL;

      note (r->id);
      g_assert_cmpint (yc_uscc_check (r->id, &error), ==, YC_USCC_INVALID);
      assert_rejected (error, r->code, r->fragment);
      g_assert_cmpint (yc_uscc_check (r->id, NULL), ==, YC_USCC_INVALID);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (yc_uscc_check (NULL, &error), ==, YC_USCC_INVALID);
    assert_rejected (error, YC_ID_ERROR_EMPTY, NULL);
  }
}

/* Completing the first 17 characters gives back each valid code; a malformed body fails with
 * the rule it breaks, and nothing is returned. */
static void
test_uscc_complete (void)
{
  static const Rejection rejections[] = {
    { "", YC_ID_ERROR_EMPTY, NULL },
    { "90350100M000100Y4", YC_ID_ERROR_FORMAT, "second character" },
    { "91350100M000100", YC_ID_ERROR_LENGTH, "16" },
    { "91350100M000100Y43", YC_ID_ERROR_LENGTH, "19" },
    { "91350100M000100YI", YC_ID_ERROR_CHARACTERS, "“I”" },
    { "01350100M000100Y4", YC_ID_ERROR_FORMAT, "“0”" },
    { "91990000600037341", YC_ID_ERROR_REGION, "990000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid_usccs); i++)
    {
      g_autofree char *body = g_strndup (valid_usccs[i], 17);
      g_autoptr(GError) error = NULL;
      g_autofree char *code = yc_uscc_complete (body, &error);

      note (valid_usccs[i]);
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, valid_usccs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rejections); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;

      note (rejections[i].id);
      code = yc_uscc_complete (rejections[i].id, &error);
      g_assert_null (code);
      assert_rejected (error, rejections[i].code, rejections[i].fragment);
    }
}

/* Well-formed with a wrong check character: a mismatch a clerk may override, never VALID. */
static void
test_uscc_mismatch (void)
{
  static const char *const mismatches[] = {
    "91350100M000100Y44",
    "91110000600037341M",
    "91110000600073341L",    /* two digits swapped */
  };

  for (guint i = 0; i < G_N_ELEMENTS (mismatches); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (yc_uscc_check (mismatches[i], &error), ==, YC_USCC_CHECKSUM_MISMATCH);
      assert_rejected (error, YC_ID_ERROR_CHECKSUM, "recorded reason");
      g_assert_cmpint (yc_uscc_check (mismatches[i], NULL), ==, YC_USCC_CHECKSUM_MISMATCH);
    }
}

/* Weights are powers of 3 modulo the prime 31: any one wrong character is caught. */
static void
test_uscc_single_character_errors (void)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const char *valid = "91350100M000100Y43";

  for (guint pos = 0; pos < 18; pos++)
    {
      for (const char *c = alphabet; *c != '\0'; c++)
        {
          char mutated[19];

          if (*c == valid[pos])
            continue;
          memcpy (mutated, valid, sizeof mutated);
          mutated[pos] = *c;
          g_assert_cmpint (yc_uscc_check (mutated, NULL), !=, YC_USCC_VALID);
        }
    }
}

/* E-licence identifier */

typedef struct
{
  const char *payload;
  char        check;
} Mod3736Vector;

/* Check characters computed with python-stdnum's iso7064.mod_37_36. */
static const Mod3736Vector mod37_36_vectors[] = {
  { "A12425GABC1234002", 'M' },
  { "L010191350100M000100Y432026000123001", 'H' },
  { "0", '2' },
  { "Z", '4' },
  { "0000", 'G' },
  { "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", '0' },
  { "", 0 },
  { "a12425GABC1234002", 0 },
  { "A12425-GABC", 0 },
  { "A1242\xe4\xb8\xad", 0 },
};

static void
test_mod37_36 (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (mod37_36_vectors); i++)
    {
      note (mod37_36_vectors[i].payload);
      g_assert_cmpint (yc_iso7064_mod37_36 (mod37_36_vectors[i].payload), ==,
                       mod37_36_vectors[i].check);
    }
}

static void
test_elicence_build (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *first = NULL;

  id = yc_elicence_id_build ("L0101", "91350100M000100Y43", "2026000123", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "1.2.156.3005.2.L0101.91350100M000100Y43.2026000123.001.H");
  g_assert_true (yc_elicence_id_check (id, &error));
  g_assert_no_error (error);

  first = yc_elicence_id_build ("L0101", "91350100M000100Y43", "2026000123", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (first, ".2026000123.000."));
  g_assert_true (yc_elicence_id_check (first, NULL));
}

/* Build → check for a spread of inputs, then every single-character corruption is caught. */
static void
test_elicence_round_trip (void)
{
  static const struct
  {
    const char *type;
    const char *issuer;
    const char *serial;
    guint       version;
  } inputs[] = {
    { "L0101", "91350100M000100Y43", "2026000123", 1 },
    { "11100000000013127D001", "11100000000013127D", "320826202600001", 12 },
    { "0", "91110000600037341L", "Z", 999 },
    { "JSYYZZ", "N2320826MA1ABCDE3Y", "000000000000000000000000000000", 7 },
  };
  static const char base36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = yc_elicence_id_build (inputs[i].type, inputs[i].issuer,
                                                  inputs[i].serial, inputs[i].version, &error);
      gsize len;
      guint caught = 0;

      g_assert_no_error (error);
      note (id);
      g_assert_true (yc_elicence_id_check (id, &error));
      g_assert_no_error (error);

      len = strlen (id);
      for (gsize pos = strlen ("1.2.156.3005.2."); pos < len; pos++)
        {
          if (id[pos] == '.')
            continue;
          for (const char *c = base36; *c != '\0'; c++)
            {
              g_autofree char *mutated = NULL;

              if (*c == id[pos])
                continue;
              mutated = g_strdup (id);
              mutated[pos] = *c;
              g_assert_false (yc_elicence_id_check (mutated, NULL));
              caught++;
            }
        }
      g_assert_cmpuint (caught, >, 0);
    }
}

typedef struct
{
  const char *type;
  const char *issuer;
  const char *serial;
  guint       version;
  int         code;
  const char *fragment;
} BuildRejection;

static const BuildRejection build_rejections[] = {
  { "", "91350100M000100Y43", "1", 1, YC_ID_ERROR_EMPTY, "type" },
  { "l0101", "91350100M000100Y43", "1", 1, YC_ID_ERROR_CHARACTERS, "“l”" },
  { "L.01", "91350100M000100Y43", "1", 1, YC_ID_ERROR_CHARACTERS, "“.”" },
  { "L\xff", "91350100M000100Y43", "1", 1, YC_ID_ERROR_CHARACTERS, NULL },
  { "L0101", "", "1", 1, YC_ID_ERROR_EMPTY, "issuing department" },
  { "L0101", "91350100M000100Y4", "1", 1, YC_ID_ERROR_LENGTH, "issuing department" },
  { "L0101", "91350100M000100Y44", "1", 1, YC_ID_ERROR_CHECKSUM, "issuing department" },
  { "L0101", "91350100M000100Y43", "", 1, YC_ID_ERROR_EMPTY, "serial" },
  { "L0101", "91350100M000100Y43", "2026-1", 1, YC_ID_ERROR_CHARACTERS, "“-”" },
  { "L0101", "91350100M000100Y43", "第1号", 1, YC_ID_ERROR_CHARACTERS, "“第”" },
  { "L0101", "91350100M000100Y43", "1", 1000, YC_ID_ERROR_FORMAT, "1000" },
};

static void
test_elicence_build_rejections (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (build_rejections); i++)
    {
      const BuildRejection *r = &build_rejections[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;

      id = yc_elicence_id_build (r->type, r->issuer, r->serial, r->version, &error);
      g_assert_null (id);
      assert_rejected (error, r->code, r->fragment);
    }
}

static const Rejection elicence_rejections[] = {
  { "", YC_ID_ERROR_EMPTY, NULL },
  { "1.2.156.3005.2.L0101.91350100M000100Y43.\xff.001.H", YC_ID_ERROR_CHARACTERS, NULL },
  { "1.2.156.3005.3.L0101.91350100M000100Y43.2026000123.001.H", YC_ID_ERROR_FORMAT,
    "1.2.156.3005.2." },
  { "L0101.91350100M000100Y43.2026000123.001.H", YC_ID_ERROR_FORMAT, "1.2.156.3005.2." },
  { "1.2.156.3005.2.L0101.91350100M000100Y43.2026000123.001", YC_ID_ERROR_FORMAT, "has 4" },
  { "1.2.156.3005.2.L0101.91350100M000100Y43.2026.000123.001.H", YC_ID_ERROR_FORMAT,
    "has 6" },
  { "1.2.156.3005.2..91350100M000100Y43.2026000123.001.H", YC_ID_ERROR_EMPTY, "type" },
  { "1.2.156.3005.2.l0101.91350100M000100Y43.2026000123.001.H", YC_ID_ERROR_CHARACTERS,
    "type" },
  { "1.2.156.3005.2.L0101.91350100M000100Y4.2026000123.001.H", YC_ID_ERROR_LENGTH, "17" },
  { "1.2.156.3005.2.L0101.91350100M000100Y433.2026000123.001.H", YC_ID_ERROR_LENGTH, "19" },
  { "1.2.156.3005.2.L0101.91350100M0001O0Y43.2026000123.001.H", YC_ID_ERROR_CHARACTERS,
    "“O”" },
  { "1.2.156.3005.2.L0101.91350100M0001中0Y43.2026000123.001.H", YC_ID_ERROR_CHARACTERS,
    "“中”" },
  { "1.2.156.3005.2.L0101.91350100M000100Y43..001.H", YC_ID_ERROR_EMPTY, "serial" },
  { "1.2.156.3005.2.L0101.91350100M000100Y43.2026_0123.001.H", YC_ID_ERROR_CHARACTERS,
    "“_”" },
  { "1.2.156.3005.2.L0101.91350100M000100Y43.2026000123.01.H", YC_ID_ERROR_FORMAT, "“01”" },
  { "1.2.156.3005.2.L0101.91350100M000100Y43.2026000123.0A1.H", YC_ID_ERROR_FORMAT,
    "“0A1”" },
  { "1.2.156.3005.2.L0101.91350100M000100Y43.2026000123.001.HH", YC_ID_ERROR_FORMAT,
    "“HH”" },
  { "1.2.156.3005.2.L0101.91350100M000100Y43.2026000123.001.", YC_ID_ERROR_FORMAT, NULL },
  { "1.2.156.3005.2.L0101.91350100M000100Y43.2026000123.001.h", YC_ID_ERROR_FORMAT, "“h”" },
  { "1.2.156.3005.2.L0101.91350100M000100Y43.2026000123.001.G", YC_ID_ERROR_CHECKSUM, NULL },
  { "1.2.156.3005.2.L0101.91350100M000100Y43.2026000132.001.H", YC_ID_ERROR_CHECKSUM, NULL },
};

static void
test_elicence_rejections (void)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (elicence_rejections); i++)
    {
      const Rejection *r = &elicence_rejections[i];

      note (r->id);
      g_assert_false (yc_elicence_id_check (r->id, &error));
      assert_rejected (error, r->code, r->fragment);
      g_clear_error (&error);
      g_assert_false (yc_elicence_id_check (r->id, NULL));
    }

  g_assert_false (yc_elicence_id_check (NULL, &error));
  assert_rejected (error, YC_ID_ERROR_EMPTY, NULL);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ids/citizen/valid", test_citizen_id_valid);
  g_test_add_func ("/ids/citizen/rejections", test_citizen_id_rejections);
  g_test_add_func ("/ids/citizen/null", test_citizen_id_null);
  g_test_add_func ("/ids/citizen/today", test_citizen_id_today);
  g_test_add_func ("/ids/citizen/single-digit-errors", test_citizen_id_single_digit_errors);
  g_test_add_func ("/ids/uscc/valid", test_uscc_valid);
  g_test_add_func ("/ids/uscc/rejections", test_uscc_rejections);
  g_test_add_func ("/ids/uscc/mismatch", test_uscc_mismatch);
  g_test_add_func ("/ids/uscc/complete", test_uscc_complete);
  g_test_add_func ("/ids/uscc/single-character-errors", test_uscc_single_character_errors);
  g_test_add_func ("/ids/elicence/mod37-36", test_mod37_36);
  g_test_add_func ("/ids/elicence/build", test_elicence_build);
  g_test_add_func ("/ids/elicence/round-trip", test_elicence_round_trip);
  g_test_add_func ("/ids/elicence/build-rejections", test_elicence_build_rejections);
  g_test_add_func ("/ids/elicence/rejections", test_elicence_rejections);

  return g_test_run ();
}
