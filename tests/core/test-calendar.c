/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The working-day calendar against the State Council notices as DOMAIN.md lists them, against
 * a day-by-day reference walk, and every way a calendar file can be refused. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "yc-calendar.h"

static GDate
make_date (guint year,
           guint month,
           guint day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return date;
}

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static char *
calendar_dir (void)
{
  const char *datadir = g_getenv ("YC_DATADIR");

  return g_build_filename (datadir != NULL ? datadir : SOURCE_DATADIR, "calendar", NULL);
}

static YcCalendar *
shipped_calendar (void)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autofree char *dir = calendar_dir ();
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_calendar_load_dir (calendar, dir, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&calendar);
}

/* DOMAIN.md, typed in independently of data/calendar. */
typedef struct
{
  guint year, month1, day1, month2, day2;
} DayRange;

static const DayRange notice_off[] = {
  { 2025, 1, 1, 1, 1 }, { 2025, 1, 28, 2, 4 }, { 2025, 4, 4, 4, 6 }, { 2025, 5, 1, 5, 5 },
  { 2025, 5, 31, 6, 2 }, { 2025, 10, 1, 10, 8 },
  { 2026, 1, 1, 1, 3 }, { 2026, 2, 15, 2, 23 }, { 2026, 4, 4, 4, 6 }, { 2026, 5, 1, 5, 5 },
  { 2026, 6, 19, 6, 21 }, { 2026, 9, 25, 9, 27 }, { 2026, 10, 1, 10, 7 },
};

static const DayRange notice_worked[] = {
  { 2025, 1, 26, 1, 26 }, { 2025, 2, 8, 2, 8 }, { 2025, 4, 27, 4, 27 }, { 2025, 9, 28, 9, 28 },
  { 2025, 10, 11, 10, 11 },
  { 2026, 1, 4, 1, 4 }, { 2026, 2, 14, 2, 14 }, { 2026, 2, 28, 2, 28 }, { 2026, 5, 9, 5, 9 },
  { 2026, 9, 20, 9, 20 }, { 2026, 10, 10, 10, 10 },
};

static gboolean
in_ranges (const DayRange *ranges,
           guint           n_ranges,
           const GDate    *date)
{
  for (guint i = 0; i < n_ranges; i++)
    {
      GDate first = make_date (ranges[i].year, ranges[i].month1, ranges[i].day1);
      GDate last = make_date (ranges[i].year, ranges[i].month2, ranges[i].day2);

      if (g_date_compare (date, &first) >= 0 && g_date_compare (date, &last) <= 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
notice_says_working (const GDate *date)
{
  if (in_ranges (notice_worked, G_N_ELEMENTS (notice_worked), date))
    return TRUE;
  if (in_ranges (notice_off, G_N_ELEMENTS (notice_off), date))
    return FALSE;
  return g_date_get_weekday (date) <= G_DATE_FRIDAY;
}

static void
test_shipped_years (void)
{
  g_autoptr(YcCalendar) calendar = shipped_calendar ();
  g_autoptr(GArray) years = yc_calendar_list_years (calendar);

  g_assert_cmpuint (years->len, >=, 2);
  g_assert_true (yc_calendar_has_year (calendar, 2025));
  g_assert_true (yc_calendar_has_year (calendar, 2026));
  g_assert_false (yc_calendar_has_year (calendar, 2024));
  for (guint i = 1; i < years->len; i++)
    g_assert_cmpint (g_array_index (years, int, i - 1), <, g_array_index (years, int, i));
}

/* Every day of 2025 and 2026 as the notices say. */
static void
test_shipped_days (void)
{
  g_autoptr(YcCalendar) calendar = shipped_calendar ();
  GDate date = make_date (2025, 1, 1);
  GDate end = make_date (2027, 1, 1);
  guint days = 0;
  int working[2] = { 0, 0 };

  for (; g_date_compare (&date, &end) < 0; g_date_add_days (&date, 1))
    {
      gboolean expected = notice_says_working (&date);

      if (yc_calendar_is_working_day (calendar, &date) != expected)
        {
          g_autofree char *text = date_text (&date);

          g_error ("%s: expected %s", text, expected ? "working" : "off");
        }
      days++;
      working[g_date_get_year (&date) - 2025] += expected ? 1 : 0;
    }
  g_assert_cmpuint (days, ==, 730);

  /* a whole year counted at once agrees with the notice */
  for (guint year = 2025; year <= 2026; year++)
    {
      GDate from = make_date (year - 1, 12, 31);
      GDate to = make_date (year, 12, 31);
      gboolean estimated = TRUE;

      g_assert_cmpint (yc_calendar_working_days_between (calendar, &from, &to, &estimated), ==,
                       working[year - 2025]);
      g_assert_false (estimated);
    }
}

typedef struct
{
  guint    year, month, day;
  gboolean working;
} DayCase;

static const DayCase day_cases[] = {
  { 2026, 2, 13, TRUE },         /* Friday before the Spring Festival */
  { 2026, 2, 14, TRUE },         /* Saturday, worked */
  { 2026, 2, 16, FALSE },        /* Monday, off */
  { 2026, 2, 23, FALSE },        /* Monday, last day off */
  { 2026, 2, 24, TRUE },
  { 2026, 2, 28, TRUE },         /* Saturday, worked */
  { 2026, 1, 4, TRUE },          /* Sunday, worked */
  { 2026, 9, 20, TRUE },         /* Sunday, worked */
  { 2026, 10, 10, TRUE },        /* Saturday, worked */
  { 2026, 3, 7, FALSE },         /* an ordinary Saturday */
  { 2025, 1, 26, TRUE },         /* Sunday, worked */
  { 2025, 4, 27, TRUE },         /* Sunday, worked */
  { 2025, 9, 28, TRUE },         /* Sunday, worked */
  { 2025, 10, 8, FALSE },        /* Wednesday, last day of National Day */
  { 2025, 10, 9, TRUE },
  { 2025, 10, 11, TRUE },        /* Saturday, worked */
  { 2027, 1, 1, TRUE },          /* no data: a Friday counts */
  { 2027, 1, 2, FALSE },
  { 2024, 12, 31, TRUE },
};

static void
test_is_working_day (void)
{
  g_autoptr(YcCalendar) calendar = shipped_calendar ();

  for (guint i = 0; i < G_N_ELEMENTS (day_cases); i++)
    {
      const DayCase *c = &day_cases[i];
      GDate date = make_date (c->year, c->month, c->day);

      g_test_message ("%u-%02u-%02u", c->year, c->month, c->day);
      g_assert_cmpint (yc_calendar_is_working_day (calendar, &date), ==, c->working);
    }
}

typedef struct
{
  guint    year, month, day;
  guint    n;
  guint    due_year, due_month, due_day;
  gboolean estimated;
} AddCase;

static const AddCase add_cases[] = {
  /* accepted Friday 2026-02-13 with 2 working days committed is due Tuesday 2026-02-24 */
  { 2026, 2, 13, 2, 2026, 2, 24, FALSE },
  { 2026, 2, 13, 1, 2026, 2, 14, FALSE },
  { 2026, 2, 13, 0, 2026, 2, 13, FALSE },
  { 2026, 2, 14, 1, 2026, 2, 24, FALSE },
  { 2026, 2, 27, 1, 2026, 2, 28, FALSE },
  { 2026, 2, 27, 2, 2026, 3, 2, FALSE },
  /* the 2025 National Day and Mid-Autumn stretch, with its worked Sunday and Saturday */
  { 2025, 9, 26, 1, 2025, 9, 28, FALSE },
  { 2025, 9, 28, 1, 2025, 9, 29, FALSE },
  { 2025, 9, 30, 1, 2025, 10, 9, FALSE },
  { 2025, 9, 30, 2, 2025, 10, 10, FALSE },
  { 2025, 9, 30, 3, 2025, 10, 11, FALSE },
  { 2025, 9, 30, 4, 2025, 10, 13, FALSE },
  { 2025, 10, 3, 1, 2025, 10, 9, FALSE },
  /* the 2025 Spring Festival */
  { 2025, 1, 24, 1, 2025, 1, 26, FALSE },
  { 2025, 1, 24, 3, 2025, 2, 5, FALSE },
  /* 2026 → 2027: no data for 2027, weekends only and estimated */
  { 2026, 12, 30, 1, 2026, 12, 31, FALSE },
  { 2026, 12, 31, 1, 2027, 1, 1, TRUE },
  { 2026, 12, 31, 3, 2027, 1, 5, TRUE },
  { 2026, 12, 25, 20, 2027, 1, 22, TRUE },
  /* 2024 → 2025: no day of 2024 is examined, so nothing is estimated */
  { 2024, 12, 31, 1, 2025, 1, 2, FALSE },
  { 2024, 12, 30, 1, 2024, 12, 31, TRUE },
  /* 2025 → 2026 across New Year */
  { 2025, 12, 31, 1, 2026, 1, 4, FALSE },
  /* legal limits: 20 and 45 working days */
  { 2026, 9, 21, 20, 2026, 10, 26, FALSE },
  { 2026, 1, 5, 45, 2026, 3, 13, FALSE },
};

static void
test_add_working_days (void)
{
  g_autoptr(YcCalendar) calendar = shipped_calendar ();

  for (guint i = 0; i < G_N_ELEMENTS (add_cases); i++)
    {
      const AddCase *c = &add_cases[i];
      GDate start = make_date (c->year, c->month, c->day);
      GDate expected = make_date (c->due_year, c->due_month, c->due_day);
      GDate due;
      gboolean estimated = !c->estimated;
      g_autofree char *got = NULL;

      g_test_message ("%u-%02u-%02u + %u", c->year, c->month, c->day, c->n);
      yc_calendar_add_working_days (calendar, &start, c->n, &due, &estimated);
      got = date_text (&due);
      if (g_date_compare (&due, &expected) != 0)
        g_error ("%u-%02u-%02u + %u gave %s, expected %u-%02u-%02u", c->year, c->month,
                 c->day, c->n, got, c->due_year, c->due_month, c->due_day);
      g_assert_cmpint (estimated, ==, c->estimated);

      /* between is the inverse of add */
      estimated = !c->estimated;
      g_assert_cmpint (yc_calendar_working_days_between (calendar, &start, &due, &estimated),
                       ==, (int) c->n);
      g_assert_cmpint (estimated, ==, c->estimated);
      g_assert_cmpint (yc_calendar_working_days_between (calendar, &due, &start, NULL), ==,
                       -(int) c->n);

      /* @estimated is optional, and @result may be @start */
      yc_calendar_add_working_days (calendar, &start, c->n, &start, NULL);
      g_assert_cmpint (g_date_compare (&start, &expected), ==, 0);
    }
}

/* A plain walk, one day at a time: what add and between must agree with. */
static void
reference_add (YcCalendar  *calendar,
               const GDate *start,
               guint        n,
               GDate       *due,
               gboolean    *estimated)
{
  *due = *start;
  *estimated = FALSE;
  while (n > 0)
    {
      g_date_add_days (due, 1);
      if (!yc_calendar_has_year (calendar, g_date_get_year (due)))
        *estimated = TRUE;
      if (yc_calendar_is_working_day (calendar, due))
        n--;
    }
}

static void
test_against_reference (void)
{
  static const guint steps[] = { 0, 1, 2, 3, 5, 10, 20, 30, 45, 60, 260, 400 };
  g_autoptr(YcCalendar) calendar = shipped_calendar ();
  GDate start = make_date (2024, 11, 1);
  GDate end = make_date (2027, 2, 28);
  guint checked = 0;

  for (; g_date_compare (&start, &end) <= 0; g_date_add_days (&start, 3))
    {
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        {
          GDate due, expected;
          gboolean estimated, expected_estimated, between_estimated;

          yc_calendar_add_working_days (calendar, &start, steps[i], &due, &estimated);
          reference_add (calendar, &start, steps[i], &expected, &expected_estimated);
          if (g_date_compare (&due, &expected) != 0 || estimated != expected_estimated)
            {
              g_autofree char *from = date_text (&start);
              g_autofree char *got = date_text (&due);
              g_autofree char *want = date_text (&expected);

              g_error ("%s + %u: got %s (%d), expected %s (%d)", from, steps[i], got,
                       estimated, want, expected_estimated);
            }
          g_assert_cmpint (yc_calendar_working_days_between (calendar, &start, &due,
                                                             &between_estimated),
                           ==, (int) steps[i]);
          g_assert_cmpint (between_estimated, ==, expected_estimated);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 3000);
}

typedef struct
{
  guint    y1, m1, d1;
  guint    y2, m2, d2;
  int      count;
  gboolean estimated;
} BetweenCase;

static const BetweenCase between_cases[] = {
  { 2026, 2, 13, 2026, 2, 24, 2, FALSE },
  { 2026, 2, 24, 2026, 2, 13, -2, FALSE },
  { 2026, 2, 13, 2026, 2, 13, 0, FALSE },
  { 2026, 2, 15, 2026, 2, 23, 0, FALSE },          /* the whole Spring Festival */
  { 2025, 9, 30, 2025, 10, 8, 0, FALSE },          /* the whole National Day */
  { 2026, 12, 31, 2026, 12, 31, 0, FALSE },
  { 2026, 12, 31, 2027, 1, 4, 2, TRUE },           /* Fri 1st and Mon 4th */
  { 2027, 1, 4, 2026, 12, 31, -2, TRUE },
  { 2024, 12, 31, 2025, 1, 2, 1, FALSE },
};

static void
test_between (void)
{
  g_autoptr(YcCalendar) calendar = shipped_calendar ();

  for (guint i = 0; i < G_N_ELEMENTS (between_cases); i++)
    {
      const BetweenCase *c = &between_cases[i];
      GDate from = make_date (c->y1, c->m1, c->d1);
      GDate to = make_date (c->y2, c->m2, c->d2);
      gboolean estimated = !c->estimated;

      g_test_message ("%u-%02u-%02u .. %u-%02u-%02u", c->y1, c->m1, c->d1, c->y2, c->m2,
                      c->d2);
      g_assert_cmpint (yc_calendar_working_days_between (calendar, &from, &to, &estimated), ==,
                       c->count);
      g_assert_cmpint (estimated, ==, c->estimated);
    }

  /* several years at once equals the sum of a day-by-day walk */
  {
    GDate from = make_date (2023, 12, 31);
    GDate to = make_date (2028, 1, 1);
    GDate day = from;
    int expected = 0;
    gboolean estimated = FALSE;

    while (g_date_compare (&day, &to) < 0)
      {
        g_date_add_days (&day, 1);
        expected += yc_calendar_is_working_day (calendar, &day) ? 1 : 0;
      }
    g_assert_cmpint (yc_calendar_working_days_between (calendar, &from, &to, &estimated), ==,
                     expected);
    g_assert_true (estimated);
  }
}

/* A year with no data is Monday to Friday, for any year GDate holds. */
static void
test_weekdays_only (void)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  GDate day = make_date (1, 1, 1);
  GDate due;
  gboolean estimated = FALSE;

  g_assert_cmpint (g_date_get_weekday (&day), ==, G_DATE_MONDAY);
  for (guint year = 1; year < 4000; year += 37)
    {
      GDate first = make_date (year, 1, 1);
      GDate last = make_date (year, 12, 31);
      int expected = 0;

      day = first;
      for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
        {
          gboolean weekday = g_date_get_weekday (&day) <= G_DATE_FRIDAY;

          g_assert_cmpint (yc_calendar_is_working_day (calendar, &day), ==, weekday);
          expected += weekday ? 1 : 0;
        }
      if (year > 1)
        {
          g_date_subtract_days (&first, 1);
          g_assert_cmpint (yc_calendar_working_days_between (calendar, &first, &last,
                                                             &estimated),
                           ==, expected);
        }
    }

  /* a Monday plus five is the next Monday */
  day = make_date (2031, 3, 3);
  yc_calendar_add_working_days (calendar, &day, 5, &due, &estimated);
  g_assert_true (estimated);
  g_assert_cmpuint (g_date_get_julian (&due), ==, g_date_get_julian (&day) + 7);

  /* far away, whole years are crossed without day-by-day work */
  day = make_date (2000, 1, 3);
  yc_calendar_add_working_days (calendar, &day, 5 * 52 * 100, &due, &estimated);
  g_assert_cmpint (yc_calendar_working_days_between (calendar, &day, &due, NULL), ==,
                   5 * 52 * 100);
  g_assert_cmpint (g_date_get_weekday (&due), ==, G_DATE_MONDAY);
}

static void
test_past_last_year (void)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  GDate start = make_date (65000, 1, 1);
  GDate due;
  gboolean estimated = FALSE;

  g_test_expect_message ("yc-calendar", G_LOG_LEVEL_CRITICAL, "*after the year 65535*");
  yc_calendar_add_working_days (calendar, &start, G_MAXUINT, &due, &estimated);
  g_test_assert_expected_messages ();
  g_assert_false (g_date_valid (&due));
  g_assert_true (estimated);
}

/* Loading at run time */

static const char calendar_2027[] =
  "{\"year\": 2027, \"source\": \"test notice\", \"holidays\": ["
  " {\"name\": \"元旦\", \"off\": [\"2027-01-01\", \"2027-01-02\", \"2027-01-03\"]},"
  " {\"name\": \"春节\", \"off\": [\"2027-02-05\", \"2027-02-06\", \"2027-02-07\","
  "   \"2027-02-08\", \"2027-02-09\", \"2027-02-10\", \"2027-02-11\"],"
  "  \"worked\": [\"2027-01-31\", \"2027-02-20\"]}]}";

static void
test_load_string (void)
{
  g_autoptr(YcCalendar) calendar = shipped_calendar ();
  g_autoptr(GError) error = NULL;
  GDate start = make_date (2026, 12, 31);
  GDate friday = make_date (2027, 1, 1);
  GDate sunday = make_date (2027, 1, 31);
  GDate due;
  gboolean estimated = FALSE;

  g_assert_true (yc_calendar_is_working_day (calendar, &friday));
  g_assert_false (yc_calendar_is_working_day (calendar, &sunday));

  g_assert_true (yc_calendar_load_data (calendar, calendar_2027, -1, &error));
  g_assert_no_error (error);
  g_assert_true (yc_calendar_has_year (calendar, 2027));
  g_assert_false (yc_calendar_is_working_day (calendar, &friday));
  g_assert_true (yc_calendar_is_working_day (calendar, &sunday));

  /* the year boundary is exact now */
  yc_calendar_add_working_days (calendar, &start, 1, &due, &estimated);
  g_assert_false (estimated);
  g_assert_cmpuint (g_date_get_day (&due), ==, 4);

  /* an explicit length need not end at a NUL */
  {
    g_autoptr(YcCalendar) other = yc_calendar_new ();
    g_autofree char *padded = g_strconcat (calendar_2027, "garbage", NULL);

    g_assert_true (yc_calendar_load_data (other, padded, strlen (calendar_2027), &error));
    g_assert_no_error (error);
    g_assert_true (yc_calendar_has_year (other, 2027));
  }
}

static void
test_replace_year (void)
{
  g_autoptr(YcCalendar) calendar = shipped_calendar ();
  g_autoptr(GArray) before = yc_calendar_list_years (calendar);
  g_autoptr(GArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  GDate monday = make_date (2026, 2, 16);
  GDate saturday = make_date (2026, 2, 14);
  GDate start = make_date (2026, 2, 13);
  GDate due;
  const char *corrected =
    "{\"year\": 2026, \"source\": \"corrected notice\", \"holidays\": ["
    " {\"name\": \"春节\", \"off\": [\"2026-02-17\"], \"worked\": []}]}";

  g_assert_false (yc_calendar_is_working_day (calendar, &monday));
  g_assert_true (yc_calendar_load_data (calendar, corrected, -1, &error));
  g_assert_no_error (error);

  after = yc_calendar_list_years (calendar);
  g_assert_cmpmem (before->data, before->len * sizeof (int), after->data,
                   after->len * sizeof (int));
  g_assert_true (yc_calendar_is_working_day (calendar, &monday));
  g_assert_false (yc_calendar_is_working_day (calendar, &saturday));
  yc_calendar_add_working_days (calendar, &start, 2, &due, NULL);
  g_assert_cmpuint (g_date_get_day (&due), ==, 18);

  json = yc_calendar_year_to_json (calendar, 2026);
  g_assert_nonnull (strstr (json, "corrected notice"));
  g_assert_null (strstr (json, "2026-02-16"));
}

static void
test_list_years_sorted (void)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GArray) years = NULL;
  static const int order[] = { 2030, 2001, 2015 };

  years = yc_calendar_list_years (calendar);
  g_assert_cmpuint (years->len, ==, 0);
  g_clear_pointer (&years, g_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"year\": %d, \"source\": \"s\", "
                                               "\"holidays\": []}", order[i]);

      g_assert_true (yc_calendar_load_data (calendar, json, -1, NULL));
    }
  years = yc_calendar_list_years (calendar);
  g_assert_cmpuint (years->len, ==, 3);
  g_assert_cmpint (g_array_index (years, int, 0), ==, 2001);
  g_assert_cmpint (g_array_index (years, int, 1), ==, 2015);
  g_assert_cmpint (g_array_index (years, int, 2), ==, 2030);
}

/* to_json is the documented format: it loads back to the same calendar. */
static void
test_to_json_round_trip (void)
{
  g_autoptr(YcCalendar) calendar = shipped_calendar ();
  g_autoptr(GArray) years = yc_calendar_list_years (calendar);

  g_assert_null (yc_calendar_year_to_json (calendar, 1999));

  for (guint i = 0; i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      g_autoptr(YcCalendar) copy = yc_calendar_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *json = yc_calendar_year_to_json (calendar, year);
      g_autofree char *again = NULL;
      GDate day = make_date ((guint) year, 1, 1);

      g_assert_nonnull (json);
      g_assert_nonnull (strstr (json, "\"source\""));
      g_assert_true (yc_calendar_load_data (copy, json, -1, &error));
      g_assert_no_error (error);
      again = yc_calendar_year_to_json (copy, year);
      g_assert_cmpstr (json, ==, again);

      for (; g_date_get_year (&day) == (guint) year; g_date_add_days (&day, 1))
        g_assert_cmpint (yc_calendar_is_working_day (copy, &day), ==,
                         yc_calendar_is_working_day (calendar, &day));
    }
}

typedef struct
{
  const char *json;
  int         code;
  const char *fragment;
} Rejection;

#define YEAR_2026(holidays) \
  "{\"year\": 2026, \"source\": \"s\", \"holidays\": [" holidays "]}"
#define HOLIDAY(body) YEAR_2026 ("{\"name\": \"春节\", " body "}")

static const Rejection rejections[] = {
  { "", YC_CALENDAR_ERROR_PARSE, NULL },
  { "not json", YC_CALENDAR_ERROR_PARSE, "JSON" },
  { "{\"year\": 2026,", YC_CALENDAR_ERROR_PARSE, "JSON" },
  { "[2026]", YC_CALENDAR_ERROR_PARSE, "object" },
  { "\"2026\"", YC_CALENDAR_ERROR_PARSE, "object" },
  { "{}", YC_CALENDAR_ERROR_PARSE, "year" },
  { "{\"year\": \"2026\", \"source\": \"s\", \"holidays\": []}", YC_CALENDAR_ERROR_PARSE,
    "year" },
  { "{\"year\": 2026.5, \"source\": \"s\", \"holidays\": []}", YC_CALENDAR_ERROR_PARSE,
    "year" },
  { "{\"year\": [2026], \"source\": \"s\", \"holidays\": []}", YC_CALENDAR_ERROR_PARSE,
    "year" },
  { "{\"year\": 2026, \"holidays\": []}", YC_CALENDAR_ERROR_PARSE, "source" },
  { "{\"year\": 2026, \"source\": 7, \"holidays\": []}", YC_CALENDAR_ERROR_PARSE, "source" },
  { "{\"year\": 2026, \"source\": \"\", \"holidays\": []}", YC_CALENDAR_ERROR_PARSE,
    "source" },
  { "{\"year\": 2026, \"source\": \"s\"}", YC_CALENDAR_ERROR_PARSE, "holidays" },
  { "{\"year\": 2026, \"source\": \"s\", \"holidays\": {}}", YC_CALENDAR_ERROR_PARSE,
    "holidays" },
  { "{\"year\": 2026, \"source\": \"s\", \"holidays\": [], \"note\": 1}",
    YC_CALENDAR_ERROR_PARSE, "“note”" },
  { YEAR_2026 ("5"), YC_CALENDAR_ERROR_PARSE, "Holiday 1" },
  { YEAR_2026 ("{\"name\": \"元旦\"}, []"), YC_CALENDAR_ERROR_PARSE, "Holiday 2" },
  { YEAR_2026 ("{\"off\": [\"2026-01-01\"]}"), YC_CALENDAR_ERROR_PARSE, "name" },
  { YEAR_2026 ("{\"name\": \"\"}"), YC_CALENDAR_ERROR_PARSE, "name" },
  { YEAR_2026 ("{\"name\": 1}"), YC_CALENDAR_ERROR_PARSE, "name" },
  { HOLIDAY ("\"workd\": [\"2026-02-14\"]"), YC_CALENDAR_ERROR_PARSE, "“workd”" },
  { HOLIDAY ("\"off\": \"2026-02-16\""), YC_CALENDAR_ERROR_PARSE, "list" },
  { HOLIDAY ("\"worked\": {}"), YC_CALENDAR_ERROR_PARSE, "list" },
  { HOLIDAY ("\"off\": [20260216]"), YC_CALENDAR_ERROR_PARSE, "not a date" },
  { HOLIDAY ("\"off\": [null]"), YC_CALENDAR_ERROR_PARSE, "not a date" },
  { HOLIDAY ("\"off\": [\"2026/02/16\"]"), YC_CALENDAR_ERROR_PARSE, "2026/02/16" },
  { HOLIDAY ("\"off\": [\"2026-2-16\"]"), YC_CALENDAR_ERROR_PARSE, "YYYY-MM-DD" },
  { HOLIDAY ("\"off\": [\" 2026-02-16\"]"), YC_CALENDAR_ERROR_PARSE, "YYYY-MM-DD" },
  { HOLIDAY ("\"off\": [\"2026-02-1a\"]"), YC_CALENDAR_ERROR_PARSE, "YYYY-MM-DD" },
  { HOLIDAY ("\"off\": [\"2026 02-16\"]"), YC_CALENDAR_ERROR_PARSE, "YYYY-MM-DD" },
  { HOLIDAY ("\"off\": [\"tomorrow\"]"), YC_CALENDAR_ERROR_PARSE, "tomorrow" },
  { "{\"year\": 1899, \"source\": \"s\", \"holidays\": []}", YC_CALENDAR_ERROR_INVALID,
    "1899" },
  { "{\"year\": 10000, \"source\": \"s\", \"holidays\": []}", YC_CALENDAR_ERROR_INVALID,
    "10000" },
  { "{\"year\": -2026, \"source\": \"s\", \"holidays\": []}", YC_CALENDAR_ERROR_INVALID,
    "-2026" },
  { HOLIDAY ("\"off\": [\"2026-02-30\"]"), YC_CALENDAR_ERROR_INVALID, "2026-02-30" },
  { HOLIDAY ("\"off\": [\"2026-13-01\"]"), YC_CALENDAR_ERROR_INVALID, "2026-13-01" },
  { HOLIDAY ("\"off\": [\"2026-02-00\"]"), YC_CALENDAR_ERROR_INVALID, "2026-02-00" },
  { HOLIDAY ("\"off\": [\"2025-12-31\"]"), YC_CALENDAR_ERROR_INVALID, "2025-12-31" },
  { HOLIDAY ("\"worked\": [\"2027-01-02\"]"), YC_CALENDAR_ERROR_INVALID, "2027-01-02" },
  { HOLIDAY ("\"off\": [\"2026-02-16\", \"2026-02-16\"]"), YC_CALENDAR_ERROR_INVALID,
    "twice" },
  { YEAR_2026 ("{\"name\": \"a\", \"off\": [\"2026-05-01\"]},"
               "{\"name\": \"b\", \"off\": [\"2026-05-01\"]}"),
    YC_CALENDAR_ERROR_INVALID, "twice" },
  { HOLIDAY ("\"worked\": [\"2026-02-14\", \"2026-02-14\"]"), YC_CALENDAR_ERROR_INVALID,
    "twice" },
  { HOLIDAY ("\"off\": [\"2026-02-14\"], \"worked\": [\"2026-02-14\"]"),
    YC_CALENDAR_ERROR_INVALID, "both" },
  { YEAR_2026 ("{\"name\": \"a\", \"worked\": [\"2026-02-28\"]},"
               "{\"name\": \"b\", \"off\": [\"2026-02-28\"]}"),
    YC_CALENDAR_ERROR_INVALID, "both" },
  { HOLIDAY ("\"worked\": [\"2026-02-16\"]"), YC_CALENDAR_ERROR_INVALID, "weekday" },
  /* a good holiday before the bad one must not survive either */
  { YEAR_2026 ("{\"name\": \"元旦\", \"off\": [\"2026-01-01\"]},"
               "{\"name\": \"春节\", \"off\": [\"2026-02-31\"]}"),
    YC_CALENDAR_ERROR_INVALID, "2026-02-31" },
};

static void
test_rejections (void)
{
  g_autoptr(YcCalendar) calendar = shipped_calendar ();
  g_autofree char *before = yc_calendar_year_to_json (calendar, 2026);
  g_autoptr(GArray) years_before = yc_calendar_list_years (calendar);

  for (guint i = 0; i < G_N_ELEMENTS (rejections); i++)
    {
      const Rejection *r = &rejections[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GArray) years_after = NULL;

      g_test_message ("%s", r->json);
      g_assert_false (yc_calendar_load_data (calendar, r->json, -1, &error));
      g_assert_nonnull (error);
      g_test_message ("→ %s", error->message);
      g_assert_error (error, YC_CALENDAR_ERROR, r->code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (r->fragment != NULL && strstr (error->message, r->fragment) == NULL)
        g_error ("“%s” does not mention “%s”", error->message, r->fragment);

      /* nothing changed */
      after = yc_calendar_year_to_json (calendar, 2026);
      g_assert_cmpstr (after, ==, before);
      years_after = yc_calendar_list_years (calendar);
      g_assert_cmpmem (years_before->data, years_before->len * sizeof (int),
                       years_after->data, years_after->len * sizeof (int));
    }
}

/* Files and folders */

typedef struct
{
  char *dir;
} TempDir;

static void
temp_dir_setup (TempDir      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("yc-calendar-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
temp_dir_teardown (TempDir      *fixture,
                   gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->dir);
}

static void
write_file (TempDir    *fixture,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

static char *
year_json (int year)
{
  return g_strdup_printf ("{\"year\": %d, \"source\": \"s\", \"holidays\": ["
                          "{\"name\": \"元旦\", \"off\": [\"%d-01-01\"]}]}", year, year);
}

static void
test_load_file (TempDir      *fixture,
                gconstpointer data)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *good = year_json (2031);
  g_autofree char *good_path = g_build_filename (fixture->dir, "cn-2031.json", NULL);
  g_autofree char *bad_path = g_build_filename (fixture->dir, "cn-2032.json", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "cn-2099.json", NULL);
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", good, NULL);
  g_autofree char *bom_path = g_build_filename (fixture->dir, "bom.json", NULL);

  write_file (fixture, "cn-2031.json", good);
  write_file (fixture, "cn-2032.json", "{\"year\": 2032, \"source\": \"s\"}");
  write_file (fixture, "bom.json", bom);

  g_assert_true (yc_calendar_load_file (calendar, good_path, &error));
  g_assert_no_error (error);
  g_assert_true (yc_calendar_has_year (calendar, 2031));

  g_assert_false (yc_calendar_load_file (calendar, bad_path, &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, bad_path));
  g_assert_false (yc_calendar_has_year (calendar, 2032));
  g_clear_error (&error);

  g_assert_false (yc_calendar_load_file (calendar, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  /* a byte-order mark from a Windows editor is harmless */
  g_assert_true (yc_calendar_load_file (calendar, bom_path, &error));
  g_assert_no_error (error);
}

static void
test_load_dir (TempDir      *fixture,
               gconstpointer data)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = NULL;
  g_autofree char *y2031 = year_json (2031);
  g_autofree char *y2032 = year_json (2032);

  write_file (fixture, "cn-2031.json", y2031);
  write_file (fixture, "cn-2032.json", y2032);
  write_file (fixture, "README.md", "not a calendar");
  write_file (fixture, "de-2031.json", "not a calendar either");

  g_assert_true (yc_calendar_load_dir (calendar, fixture->dir, &error));
  g_assert_no_error (error);
  years = yc_calendar_list_years (calendar);
  g_assert_cmpuint (years->len, ==, 2);

  /* one bad file and nothing from the folder is taken */
  {
    g_autoptr(YcCalendar) fresh = yc_calendar_new ();
    g_autofree char *y2033 = year_json (2033);

    write_file (fixture, "cn-2033.json", y2033);
    write_file (fixture, "cn-2034.json", "{");
    g_assert_false (yc_calendar_load_dir (fresh, fixture->dir, &error));
    g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "cn-2034.json"));
    g_assert_false (yc_calendar_has_year (fresh, 2031));
    g_assert_false (yc_calendar_has_year (fresh, 2033));
    g_clear_error (&error);
  }
}

static void
test_load_dir_wrong_name (TempDir      *fixture,
                          gconstpointer data)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *y2031 = year_json (2031);
  g_autofree char *y2032 = year_json (2032);

  write_file (fixture, "cn-2031.json", y2031);
  write_file (fixture, "cn-2033.json", y2032);
  g_assert_false (yc_calendar_load_dir (calendar, fixture->dir, &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cn-2033.json"));
  g_assert_false (yc_calendar_has_year (calendar, 2031));
}

static void
test_load_dir_same_year (TempDir      *fixture,
                         gconstpointer data)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *y2031 = year_json (2031);

  write_file (fixture, "cn-2031.json", y2031);
  write_file (fixture, "cn-2031-corrected.json", y2031);
  g_assert_false (yc_calendar_load_dir (calendar, fixture->dir, &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cn-2031-corrected.json"));
  g_assert_false (yc_calendar_has_year (calendar, 2031));
}

static void
test_load_dir_missing (void)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (yc_calendar_load_dir (calendar, "/nonexistent/yc-calendar", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/shipped/years", test_shipped_years);
  g_test_add_func ("/calendar/shipped/days", test_shipped_days);
  g_test_add_func ("/calendar/is-working-day", test_is_working_day);
  g_test_add_func ("/calendar/add", test_add_working_days);
  g_test_add_func ("/calendar/add/reference", test_against_reference);
  g_test_add_func ("/calendar/between", test_between);
  g_test_add_func ("/calendar/weekdays-only", test_weekdays_only);
  g_test_add_func ("/calendar/past-last-year", test_past_last_year);
  g_test_add_func ("/calendar/load/string", test_load_string);
  g_test_add_func ("/calendar/load/replace", test_replace_year);
  g_test_add_func ("/calendar/load/sorted", test_list_years_sorted);
  g_test_add_func ("/calendar/to-json", test_to_json_round_trip);
  g_test_add_func ("/calendar/load/rejections", test_rejections);
  g_test_add ("/calendar/load/file", TempDir, NULL, temp_dir_setup, test_load_file,
              temp_dir_teardown);
  g_test_add ("/calendar/load/dir", TempDir, NULL, temp_dir_setup, test_load_dir,
              temp_dir_teardown);
  g_test_add ("/calendar/load/dir-wrong-name", TempDir, NULL, temp_dir_setup,
              test_load_dir_wrong_name, temp_dir_teardown);
  g_test_add ("/calendar/load/dir-same-year", TempDir, NULL, temp_dir_setup,
              test_load_dir_same_year, temp_dir_teardown);
  g_test_add_func ("/calendar/load/dir-missing", test_load_dir_missing);

  return g_test_run ();
}
