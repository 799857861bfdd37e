/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Case numbers: format ↔ parse round trips and every rejection with the part it names. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "yc-case-number.h"
#include "yc-ids.h"

typedef struct
{
  const char  *text;
  YcCaseNumber number;
} Valid;

static const Valid valid_numbers[] = {
  { "320826-C07-20261129-0042", { "320826", "C07", 2026, 11, 29, 42 } },
  { "320826-1-20240229-0001", { "320826", "1", 2024, 2, 29, 1 } },
  { "110105-ABCDEFGH-19991231-9999", { "110105", "ABCDEFGH", 1999, 12, 31, 9999 } },
  { "000000-Z-00010101-0100", { "000000", "Z", 1, 1, 1, 100 } },
};

static void
test_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_numbers); i++)
    {
      const Valid *v = &valid_numbers[i];
      YcCaseNumber parsed;
      g_autoptr(GError) error = NULL;
      g_autofree char *formatted = NULL;
      g_autofree char *again = NULL;

      g_test_message ("%s", v->text);
      memset (&parsed, 0xAA, sizeof parsed);
      g_assert_true (yc_case_number_parse (v->text, &parsed, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (parsed.region, ==, v->number.region);
      g_assert_cmpstr (parsed.window, ==, v->number.window);
      g_assert_cmpuint (parsed.year, ==, v->number.year);
      g_assert_cmpuint (parsed.month, ==, v->number.month);
      g_assert_cmpuint (parsed.day, ==, v->number.day);
      g_assert_cmpuint (parsed.sequence, ==, v->number.sequence);

      formatted = yc_case_number_format (&v->number);
      g_assert_cmpstr (formatted, ==, v->text);
      again = yc_case_number_format (&parsed);
      g_assert_cmpstr (again, ==, v->text);

      g_assert_true (yc_case_number_parse (v->text, NULL, NULL));
    }
}

typedef struct
{
  const char *text;
  int         code;
  const char *fragment;
} Rejection;

static const Rejection rejections[] = {
  { "", YC_ID_ERROR_EMPTY, NULL },
  { "320826-C07-2026\xff" "129-0042", YC_ID_ERROR_CHARACTERS, "cannot be read" },
  { "320826-C07-20261129", YC_ID_ERROR_FORMAT, "four parts" },
  { "320826-C07-20261129-0042-1", YC_ID_ERROR_FORMAT, "four parts" },
  { "320826C0720261129 0042", YC_ID_ERROR_FORMAT, "four parts" },
  { "32082-C07-20261129-0042", YC_ID_ERROR_REGION, "“32082”" },
  { "3208260-C07-20261129-0042", YC_ID_ERROR_REGION, "region" },
  { "32O826-C07-20261129-0042", YC_ID_ERROR_REGION, "region" },
  { "-C07-20261129-0042", YC_ID_ERROR_REGION, "region" },
  { "320826--20261129-0042", YC_ID_ERROR_LENGTH, "window" },
  { "320826-C07C07C07-20261129-0042", YC_ID_ERROR_LENGTH, "window" },
  { "320826-c07-20261129-0042", YC_ID_ERROR_CHARACTERS, "“c07”" },
  { "320826-C 7-20261129-0042", YC_ID_ERROR_CHARACTERS, "window" },
  { "320826-窗07-20261129-0042", YC_ID_ERROR_CHARACTERS, "window" },
  { "320826-窗窗窗-20261129-0042", YC_ID_ERROR_CHARACTERS, "window" },
  { "320826-C07-2026112-0042", YC_ID_ERROR_LENGTH, "date part" },
  { "320826-C07-202611290-0042", YC_ID_ERROR_LENGTH, "date part" },
  { "320826-C07-2026112A-0042", YC_ID_ERROR_CHARACTERS, "date part" },
  { "320826-C07-20260230-0042", YC_ID_ERROR_BIRTH_DATE, "2026-02-30" },
  { "320826-C07-20261301-0042", YC_ID_ERROR_BIRTH_DATE, "2026-13-01" },
  { "320826-C07-20261100-0042", YC_ID_ERROR_BIRTH_DATE, "2026-11-00" },
  { "320826-C07-00001129-0042", YC_ID_ERROR_BIRTH_DATE, "0000-11-29" },
  { "320826-C07-21000229-0042", YC_ID_ERROR_BIRTH_DATE, "2100-02-29" },
  { "320826-C07-20261129-042", YC_ID_ERROR_LENGTH, "sequence" },
  { "320826-C07-20261129-00042", YC_ID_ERROR_LENGTH, "sequence" },
  { "320826-C07-20261129-", YC_ID_ERROR_LENGTH, "sequence" },
  { "320826-C07-20261129-00a2", YC_ID_ERROR_CHARACTERS, "“00a2”" },
  { "320826-C07-20261129-0000", YC_ID_ERROR_FORMAT, "0001" },
};

static void
test_rejections (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rejections); i++)
    {
      const Rejection *r = &rejections[i];
      YcCaseNumber number;
      YcCaseNumber untouched;
      g_autoptr(GError) error = NULL;
      g_autofree char *shown = g_strescape (r->text, NULL);

      g_test_message ("%s", shown);
      memset (&number, 0x5A, sizeof number);
      untouched = number;
      g_assert_false (yc_case_number_parse (r->text, &number, &error));
      g_assert_nonnull (error);
      g_test_message ("→ %s", error->message);
      g_assert_true (error->domain == YC_ID_ERROR);
      g_assert_cmpint (error->code, ==, r->code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (r->fragment != NULL)
        g_assert_nonnull (strstr (error->message, r->fragment));
      /* nothing half-written */
      g_assert_cmpmem (&number, sizeof number, &untouched, sizeof untouched);
      g_assert_false (yc_case_number_parse (r->text, NULL, NULL));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (yc_case_number_parse (NULL, NULL, &error));
    g_assert_error (error, YC_ID_ERROR, YC_ID_ERROR_EMPTY);
  }
}

/* Formatting refuses what parsing would refuse: a number it printed always reads back. */
static const YcCaseNumber unformattable[] = {
  { "32082", "C07", 2026, 11, 29, 42 },
  { "32082A", "C07", 2026, 11, 29, 42 },
  { "320826", "", 2026, 11, 29, 42 },
  { "320826", "c07", 2026, 11, 29, 42 },
  { "320826", "C07", 2026, 2, 30, 42 },
  { "320826", "C07", 10000, 1, 1, 42 },
  { "320826", "C07", 2026, 11, 29, 0 },
  { "320826", "C07", 2026, 11, 29, 10000 },
};

static void
test_format_rejects (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (unformattable); i++)
    {
      char *text;

      g_test_expect_message ("yc-case-number", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
      text = yc_case_number_format (&unformattable[i]);
      g_test_assert_expected_messages ();
      g_assert_null (text);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case-number/valid", test_valid);
  g_test_add_func ("/case-number/rejections", test_rejections);
  g_test_add_func ("/case-number/format-rejects", test_format_rejects);

  return g_test_run ();
}
