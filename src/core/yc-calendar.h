/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The working-day calendar (调休): Monday to Friday unless a loaded year lists an exception.
 * Years come as data (data/calendar/cn-YYYY.json, format in data/calendar/README.md) and can
 * be loaded at run time. Arithmetic that reaches a year with no data counts weekends only and
 * says so through @estimated. */
#pragma once

#include <glib-object.h>

#include "yc-types.h"

G_BEGIN_DECLS

#define YC_CALENDAR_ERROR (yc_calendar_error_quark ())

typedef enum
{
  YC_CALENDAR_ERROR_PARSE,       /* not JSON, or not the documented shape */
  YC_CALENDAR_ERROR_INVALID,     /* a date that does not exist, or outside the file's year */
} YcCalendarError;

GQuark yc_calendar_error_quark (void);

#define YC_TYPE_CALENDAR (yc_calendar_get_type ())
G_DECLARE_FINAL_TYPE (YcCalendar, yc_calendar, YC, CALENDAR, GObject)

YcCalendar *yc_calendar_new               (void);
/* Loading a year that is already there replaces it. */
gboolean    yc_calendar_load_data         (YcCalendar  *self,
                                           const char  *json,
                                           gssize       length,
                                           GError     **error);
gboolean    yc_calendar_load_file         (YcCalendar  *self,
                                           const char  *path,
                                           GError     **error);
/* Every cn-*.json in @dir. */
gboolean    yc_calendar_load_dir          (YcCalendar  *self,
                                           const char  *dir,
                                           GError     **error);
gboolean    yc_calendar_has_year          (YcCalendar  *self,
                                           int          year);
/* Sorted ascending; free with g_array_unref. Element type int. */
GArray     *yc_calendar_list_years        (YcCalendar  *self);
/* The year as JSON in the documented format (for the REST API); NULL if not loaded. */
char       *yc_calendar_year_to_json      (YcCalendar  *self,
                                           int          year);

gboolean    yc_calendar_is_working_day    (YcCalendar  *self,
                                           const GDate *date);
/* The @n-th working day after @start (@start itself never counts; n == 0 gives @start).
 * @estimated (nullable) is set TRUE when any day examined lies in a year with no data. */
void        yc_calendar_add_working_days  (YcCalendar  *self,
                                           const GDate *start,
                                           guint        n,
                                           GDate       *result,
                                           gboolean    *estimated);
/* Working days in (from, to]; negative when @to is before @from, so that
 * between (a, add (a, n)) == n. */
int         yc_calendar_working_days_between (YcCalendar  *self,
                                              const GDate *from,
                                              const GDate *to,
                                              gboolean    *estimated);

G_END_DECLS
