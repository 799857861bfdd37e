/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The working-day calendar. Each loaded year keeps a running count of working days
 * (working[d] = working days among days 1..d of the year); a year without data gets the same
 * count from a closed formula for Monday to Friday. Counting and adding working days is then
 * a lookup and a binary search per year crossed, with no allocation: list views call it for
 * every case they show. */
#define G_LOG_DOMAIN "yc-calendar"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "yc-calendar.h"

G_DEFINE_QUARK (yc-calendar-error-quark, yc_calendar_error)

#define YEAR_MIN 1900
#define YEAR_MAX 9999

typedef enum
{
  DAY_USUAL,
  DAY_OFF,
  DAY_WORKED,
} DayStatus;

typedef struct
{
  char   *name;
  GArray *off;                   /* guint16 day of the year, in the order of the file */
  GArray *worked;
} Holiday;

typedef struct
{
  int        year;
  guint32    jan1;               /* GDate Julian day of 1 January */
  guint      n_days;
  char      *source;
  GPtrArray *holidays;           /* Holiday* */
  guint16    working[367];
} YearData;

struct _YcCalendar
{
  GObject    parent_instance;

  /* Readers (every date computation) may run in several threads; loading takes the lock
   * for writing, so an update pushed by the backend never shows half a year. */
  GRWLock    lock;
  GPtrArray *years;              /* YearData*, ascending by year */
};

G_DEFINE_FINAL_TYPE (YcCalendar, yc_calendar, G_TYPE_OBJECT)

static void
holiday_free (Holiday *holiday)
{
  g_free (holiday->name);
  g_array_unref (holiday->off);
  g_array_unref (holiday->worked);
  g_free (holiday);
}

static void
year_data_free (YearData *data)
{
  g_free (data->source);
  g_ptr_array_unref (data->holidays);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YearData, year_data_free)

/* Julian day (GDate's: 1 January of year 1 is day 1, a Monday) of 1 January of @year. */
static guint32
julian_jan1 (guint year)
{
  guint32 y = year - 1;

  return y * 365 + y / 4 - y / 100 + y / 400 + 1;
}

static guint
days_in_year (guint year)
{
  return g_date_is_leap_year ((GDateYear) year) ? 366 : 365;
}

/* Mondays to Fridays among Julian days 1..@julian. */
static guint32
weekdays_through (guint32 julian)
{
  return julian / 7 * 5 + MIN (julian % 7, 5);
}

static gboolean
julian_is_weekend (guint32 julian)
{
  return (julian - 1) % 7 >= 5;
}

/* The arithmetic sees every year alike: loaded data, or weekdays only. */
typedef struct
{
  guint32         jan1;
  guint           n_days;
  const YearData *data;
} YearView;

static const YearData *
find_year (YcCalendar *self,
           int         year)
{
  guint lo = 0;
  guint hi = self->years->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const YearData *data = g_ptr_array_index (self->years, mid);

      if (data->year == year)
        return data;
      if (data->year < year)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

static void
year_view_init (YearView   *view,
                YcCalendar *self,
                guint       year)
{
  view->jan1 = julian_jan1 (year);
  view->n_days = days_in_year (year);
  view->data = find_year (self, (int) year);
}

/* Working days among days 1..@day of the year (@day in 0..n_days). */
static guint
year_view_count (const YearView *view,
                 guint           day)
{
  if (view->data != NULL)
    return view->data->working[day];
  if (day == 0)
    return 0;
  return weekdays_through (view->jan1 + day - 1) - weekdays_through (view->jan1 - 1);
}

/* Parsing */

static gboolean
parse_error (GError    **error,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
parse_error (GError    **error,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_PARSE,
                                                format, args));
  va_end (args);
  return FALSE;
}

static gboolean
only_members (JsonObject         *object,
              const char * const *allowed,
              char              **unknown)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          *unknown = g_strdup (l->data);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* "YYYY-MM-DD" exactly; anything else is not a date at all (PARSE), while 2026-02-30 is a
 * date that does not exist (INVALID). */
static gboolean
parse_date_text (const char *text,
                 guint      *year,
                 guint      *month,
                 guint      *day)
{
  static const char pattern[] = "dddd-dd-dd";
  guint values[3] = { 0, 0, 0 };
  guint field = 0;

  if (strlen (text) != strlen (pattern))
    return FALSE;
  for (guint i = 0; pattern[i] != '\0'; i++)
    {
      if (pattern[i] == '-')
        {
          if (text[i] != '-')
            return FALSE;
          field++;
          continue;
        }
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      values[field] = values[field] * 10 + (guint) (text[i] - '0');
    }
  *year = values[0];
  *month = values[1];
  *day = values[2];
  return TRUE;
}

static gboolean
parse_days (YearData   *data,
            guint8     *status,
            JsonObject *object,
            const char *member,
            const char *holiday,
            DayStatus   kind,
            GArray     *days,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return parse_error (error, _("“%s” of holiday “%s” must be a list of dates such as "
                                 "“%d-02-16”."),
                        member, holiday, data->year);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text;
      guint year, month, day;
      GDate date;
      guint16 doy;

      if (!node_is_string (element))
        return parse_error (error, _("“%s” of holiday “%s” lists something that is not a date "
                                     "in quotes such as “%d-02-16”."),
                            member, holiday, data->year);
      text = json_node_get_string (element);
      if (!parse_date_text (text, &year, &month, &day))
        return parse_error (error, _("“%s” in holiday “%s” is not a date written as "
                                     "YYYY-MM-DD."),
                            text, holiday);

      if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
        {
          g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                       _("The date %s in holiday “%s” does not exist."), text, holiday);
          return FALSE;
        }
      if ((int) year != data->year)
        {
          g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                       _("The date %s in holiday “%s” is not in %d, the year of this "
                         "calendar."),
                       text, holiday, data->year);
          return FALSE;
        }

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
      doy = (guint16) g_date_get_day_of_year (&date);

      if (status[doy] != DAY_USUAL)
        {
          if (status[doy] == kind)
            g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                         _("The date %s is listed twice."), text);
          else
            g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                         _("The date %s is listed both as a day off and as a worked day."),
                         text);
          return FALSE;
        }
      /* 调休 only ever moves work onto a weekend; a worked weekday is a typing mistake. */
      if (kind == DAY_WORKED && !julian_is_weekend (data->jan1 + doy - 1))
        {
          g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                       _("The date %s in holiday “%s” is a weekday; only a Saturday or a "
                         "Sunday can be listed as worked."),
                       text, holiday);
          return FALSE;
        }

      status[doy] = (guint8) kind;
      g_array_append_val (days, doy);
    }
  return TRUE;
}

static gboolean
parse_holiday (YearData *data,
               guint8   *status,
               JsonNode *node,
               guint     index,
               GError  **error)
{
  static const char * const allowed[] = { "name", "off", "worked", NULL };
  JsonObject *object;
  JsonNode *name_node;
  const char *name;
  g_autofree char *unknown = NULL;
  Holiday *holiday;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return parse_error (error, _("Holiday %u must be an object with “name”, “off” and "
                                 "“worked”."),
                        index);
  object = json_node_get_object (node);

  name_node = json_object_get_member (object, "name");
  if (!node_is_string (name_node) || *json_node_get_string (name_node) == '\0')
    return parse_error (error, _("Holiday %u needs a “name”, such as “春节”."), index);
  name = json_node_get_string (name_node);

  if (!only_members (object, allowed, &unknown))
    return parse_error (error, _("Holiday “%s” has an entry “%s”; only “name”, “off” and "
                                 "“worked” are allowed."),
                        name, unknown);

  holiday = g_new0 (Holiday, 1);
  holiday->name = g_strdup (name);
  holiday->off = g_array_new (FALSE, FALSE, sizeof (guint16));
  holiday->worked = g_array_new (FALSE, FALSE, sizeof (guint16));
  g_ptr_array_add (data->holidays, holiday);

  return parse_days (data, status, object, "off", name, DAY_OFF, holiday->off, error)
         && parse_days (data, status, object, "worked", name, DAY_WORKED, holiday->worked,
                        error);
}

static YearData *
year_data_parse (const char *json,
                 gssize      length,
                 GError    **error)
{
  static const char * const allowed[] = { "year", "source", "holidays", NULL };
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) json_error = NULL;
  g_autoptr(YearData) data = NULL;
  g_autofree char *unknown = NULL;
  guint8 status[367] = { 0 };
  JsonNode *root;
  JsonObject *object;
  JsonNode *node;
  JsonArray *holidays;
  gint64 year;
  guint count = 0;

  /* A byte-order mark is what some editors put at the start of a UTF-8 file. */
  if ((length < 0 || length >= 3) && strncmp (json, "\xEF\xBB\xBF", 3) == 0)
    {
      json += 3;
      length = length < 0 ? length : length - 3;
    }

  if (!json_parser_load_from_data (parser, json, length, &json_error))
    {
      parse_error (error, _("The calendar is not valid JSON: %s"), json_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      parse_error (error, _("The calendar must be a JSON object with “year”, “source” and "
                            "“holidays”."));
      return NULL;
    }
  object = json_node_get_object (root);
  if (!only_members (object, allowed, &unknown))
    {
      parse_error (error, _("The calendar has an entry “%s”; only “year”, “source” and "
                            "“holidays” are allowed."),
                   unknown);
      return NULL;
    }

  node = json_object_get_member (object, "year");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      parse_error (error, _("The calendar needs a “year” written as a whole number, such as "
                            "2026."));
      return NULL;
    }
  year = json_node_get_int (node);
  if (year < YEAR_MIN || year > YEAR_MAX)
    {
      g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, year);

      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("The calendar year %s is out of range; it must be between 1900 and "
                     "9999."),
                   shown);
      return NULL;
    }

  node = json_object_get_member (object, "source");
  if (!node_is_string (node) || *json_node_get_string (node) == '\0')
    {
      parse_error (error, _("The calendar needs a “source”: the title of the State Council "
                            "notice it copies, as text."));
      return NULL;
    }

  data = g_new0 (YearData, 1);
  data->year = (int) year;
  data->jan1 = julian_jan1 ((guint) year);
  data->n_days = days_in_year ((guint) year);
  data->source = g_strdup (json_node_get_string (node));
  data->holidays = g_ptr_array_new_with_free_func ((GDestroyNotify) holiday_free);

  node = json_object_get_member (object, "holidays");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      parse_error (error, _("The calendar needs “holidays”, a list of holidays (it may be "
                            "empty)."));
      return NULL;
    }
  holidays = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (holidays); i++)
    {
      if (!parse_holiday (data, status, json_array_get_element (holidays, i), i + 1, error))
        return NULL;
    }

  for (guint d = 1; d <= data->n_days; d++)
    {
      gboolean working;

      if (status[d] == DAY_USUAL)
        working = !julian_is_weekend (data->jan1 + d - 1);
      else
        working = status[d] == DAY_WORKED;
      count += working ? 1 : 0;
      data->working[d] = (guint16) count;
    }

  return g_steal_pointer (&data);
}

/* Loading */

static int
compare_years (gconstpointer a,
               gconstpointer b)
{
  const YearData *ya = *(const YearData * const *) a;
  const YearData *yb = *(const YearData * const *) b;

  return (ya->year > yb->year) - (ya->year < yb->year);
}

/* Takes ownership of every element of @loaded; call with the write lock held. */
static void
install_years (YcCalendar *self,
               GPtrArray  *loaded)
{
  for (guint i = 0; i < loaded->len; i++)
    {
      YearData *data = g_steal_pointer (&g_ptr_array_index (loaded, i));
      gboolean replaced = FALSE;

      for (guint j = 0; j < self->years->len; j++)
        {
          YearData *old = g_ptr_array_index (self->years, j);

          if (old->year == data->year)
            {
              g_ptr_array_index (self->years, j) = data;
              year_data_free (old);
              replaced = TRUE;
              break;
            }
        }
      if (!replaced)
        g_ptr_array_add (self->years, data);
    }
  g_ptr_array_sort (self->years, compare_years);
}

gboolean
yc_calendar_load_data (YcCalendar  *self,
                       const char  *json,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(GPtrArray) loaded = NULL;
  YearData *data;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = year_data_parse (json, length, error);
  if (data == NULL)
    return FALSE;

  loaded = g_ptr_array_new ();
  g_ptr_array_add (loaded, data);
  g_rw_lock_writer_lock (&self->lock);
  install_years (self, loaded);
  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}

static YearData *
year_data_load_file (const char *path,
                     GError    **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  YearData *data;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  data = year_data_parse (contents, (gssize) length, error);
  if (data == NULL)
    g_prefix_error (error, "%s: ", path);
  return data;
}

gboolean
yc_calendar_load_file (YcCalendar  *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GPtrArray) loaded = NULL;
  YearData *data;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = year_data_load_file (path, error);
  if (data == NULL)
    return FALSE;

  loaded = g_ptr_array_new ();
  g_ptr_array_add (loaded, data);
  g_rw_lock_writer_lock (&self->lock);
  install_years (self, loaded);
  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* All files or none: one bad file leaves the calendar as it was. */
gboolean
yc_calendar_load_dir (YcCalendar  *self,
                      const char  *dir,
                      GError     **error)
{
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  const char *name;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  handle = g_dir_open (dir, 0, error);
  if (handle == NULL)
    return FALSE;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      if (g_str_has_prefix (name, "cn-") && g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_strings);

  loaded = g_ptr_array_new_with_free_func ((GDestroyNotify) year_data_free);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *stem = g_strndup (file + 3, strlen (file) - strlen ("cn-.json"));
      YearData *data = year_data_load_file (path, error);

      if (data == NULL)
        return FALSE;
      g_ptr_array_add (loaded, data);

      if (strlen (stem) == 4 && g_ascii_isdigit (stem[0]) && g_ascii_isdigit (stem[1])
          && g_ascii_isdigit (stem[2]) && g_ascii_isdigit (stem[3])
          && atoi (stem) != data->year)
        {
          g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                       _("%s holds the calendar for %d; rename it cn-%d.json or correct its "
                         "“year”."),
                       path, data->year, data->year);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        {
          const YearData *other = g_ptr_array_index (loaded, j);

          if (other->year == data->year)
            {
              g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                           _("%s and %s both hold the calendar for %d; keep only one."),
                           (const char *) g_ptr_array_index (names, j), file, data->year);
              return FALSE;
            }
        }
    }

  g_ptr_array_set_free_func (loaded, NULL);
  g_rw_lock_writer_lock (&self->lock);
  install_years (self, loaded);
  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}

/* Queries */

gboolean
yc_calendar_has_year (YcCalendar *self,
                      int         year)
{
  gboolean found;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);

  g_rw_lock_reader_lock (&self->lock);
  found = find_year (self, year) != NULL;
  g_rw_lock_reader_unlock (&self->lock);
  return found;
}

GArray *
yc_calendar_list_years (YcCalendar *self)
{
  GArray *years;

  g_return_val_if_fail (YC_IS_CALENDAR (self), NULL);

  g_rw_lock_reader_lock (&self->lock);
  years = g_array_sized_new (FALSE, FALSE, sizeof (int), self->years->len);
  for (guint i = 0; i < self->years->len; i++)
    {
      const YearData *data = g_ptr_array_index (self->years, i);

      g_array_append_val (years, data->year);
    }
  g_rw_lock_reader_unlock (&self->lock);
  return years;
}

static void
add_days (JsonBuilder    *builder,
          const YearData *data,
          const char     *member,
          GArray         *days)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < days->len; i++)
    {
      GDate date;
      char text[16];

      g_date_clear (&date, 1);
      g_date_set_julian (&date, data->jan1 + g_array_index (days, guint16, i) - 1);
      g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (&date),
                  g_date_get_month (&date), g_date_get_day (&date));
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_array (builder);
}

char *
yc_calendar_year_to_json (YcCalendar *self,
                          int         year)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  const YearData *data;

  g_return_val_if_fail (YC_IS_CALENDAR (self), NULL);

  g_rw_lock_reader_lock (&self->lock);
  data = find_year (self, year);
  if (data == NULL)
    {
      g_rw_lock_reader_unlock (&self->lock);
      return NULL;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "year");
  json_builder_add_int_value (builder, data->year);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, data->source);
  json_builder_set_member_name (builder, "holidays");
  json_builder_begin_array (builder);
  for (guint i = 0; i < data->holidays->len; i++)
    {
      const Holiday *holiday = g_ptr_array_index (data->holidays, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, holiday->name);
      add_days (builder, data, "off", holiday->off);
      add_days (builder, data, "worked", holiday->worked);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  g_rw_lock_reader_unlock (&self->lock);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

gboolean
yc_calendar_is_working_day (YcCalendar  *self,
                            const GDate *date)
{
  const YearData *data;
  guint day;
  gboolean working;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  day = g_date_get_day_of_year (date);
  g_rw_lock_reader_lock (&self->lock);
  data = find_year (self, g_date_get_year (date));
  if (data != NULL)
    working = data->working[day] != data->working[day - 1];
  else
    working = !julian_is_weekend (g_date_get_julian (date));
  g_rw_lock_reader_unlock (&self->lock);
  return working;
}

void
yc_calendar_add_working_days (YcCalendar  *self,
                              const GDate *start,
                              guint        n,
                              GDate       *result,
                              gboolean    *estimated)
{
  gboolean guessed = FALSE;
  guint year;
  guint day;
  guint remaining = n;
  guint32 julian = 0;

  g_return_if_fail (YC_IS_CALENDAR (self));
  g_return_if_fail (start != NULL && g_date_valid (start));
  g_return_if_fail (result != NULL);

  year = g_date_get_year (start);
  day = g_date_get_day_of_year (start);
  julian = g_date_get_julian (start);

  g_rw_lock_reader_lock (&self->lock);
  while (remaining > 0)
    {
      YearView view;
      guint base, available;

      if (year > G_MAXUINT16)
        break;
      year_view_init (&view, self, year);
      if (view.data == NULL && day < view.n_days)
        guessed = TRUE;

      base = year_view_count (&view, day);
      available = year_view_count (&view, view.n_days) - base;
      if (remaining <= available)
        {
          /* the first day after @day whose running count reaches base + remaining */
          guint target = base + remaining;
          guint lo = day + 1;
          guint hi = view.n_days;

          while (lo < hi)
            {
              guint mid = lo + (hi - lo) / 2;

              if (year_view_count (&view, mid) >= target)
                hi = mid;
              else
                lo = mid + 1;
            }
          julian = view.jan1 + lo - 1;
          remaining = 0;
          break;
        }
      remaining -= available;
      year++;
      day = 0;
    }
  g_rw_lock_reader_unlock (&self->lock);

  if (estimated != NULL)
    *estimated = guessed;
  g_date_clear (result, 1);
  if (remaining > 0)
    {
      g_critical ("%s: %u working days from %u-%02u-%02u end after the year %u",
                  G_STRFUNC, n, g_date_get_year (start), g_date_get_month (start),
                  g_date_get_day (start), G_MAXUINT16);
      return;
    }
  g_date_set_julian (result, julian);
}

/* Working days in (from, to] with from <= to. */
static int
count_forward (YcCalendar  *self,
               const GDate *from,
               const GDate *to,
               gboolean    *guessed)
{
  guint y1 = g_date_get_year (from);
  guint y2 = g_date_get_year (to);
  guint d1 = g_date_get_day_of_year (from);
  guint d2 = g_date_get_day_of_year (to);
  YearView view;
  guint total;

  year_view_init (&view, self, y1);
  if (y1 == y2)
    {
      if (view.data == NULL && d2 > d1)
        *guessed = TRUE;
      return (int) (year_view_count (&view, d2) - year_view_count (&view, d1));
    }

  if (view.data == NULL && d1 < view.n_days)
    *guessed = TRUE;
  total = year_view_count (&view, view.n_days) - year_view_count (&view, d1);
  for (guint y = y1 + 1; y < y2; y++)
    {
      year_view_init (&view, self, y);
      if (view.data == NULL)
        *guessed = TRUE;
      total += year_view_count (&view, view.n_days);
    }
  year_view_init (&view, self, y2);
  if (view.data == NULL)
    *guessed = TRUE;
  return (int) (total + year_view_count (&view, d2));
}

int
yc_calendar_working_days_between (YcCalendar  *self,
                                  const GDate *from,
                                  const GDate *to,
                                  gboolean    *estimated)
{
  gboolean guessed = FALSE;
  int count;

  g_return_val_if_fail (YC_IS_CALENDAR (self), 0);
  g_return_val_if_fail (from != NULL && g_date_valid (from), 0);
  g_return_val_if_fail (to != NULL && g_date_valid (to), 0);

  g_rw_lock_reader_lock (&self->lock);
  if (g_date_compare (from, to) <= 0)
    count = count_forward (self, from, to, &guessed);
  else
    count = -count_forward (self, to, from, &guessed);
  g_rw_lock_reader_unlock (&self->lock);

  if (estimated != NULL)
    *estimated = guessed;
  return count;
}

/* Object */

static void
yc_calendar_finalize (GObject *object)
{
  YcCalendar *self = YC_CALENDAR (object);

  g_ptr_array_unref (self->years);
  g_rw_lock_clear (&self->lock);

  G_OBJECT_CLASS (yc_calendar_parent_class)->finalize (object);
}

static void
yc_calendar_class_init (YcCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_calendar_finalize;
}

static void
yc_calendar_init (YcCalendar *self)
{
  g_rw_lock_init (&self->lock);
  self->years = g_ptr_array_new_with_free_func ((GDestroyNotify) year_data_free);
}

YcCalendar *
yc_calendar_new (void)
{
  return g_object_new (YC_TYPE_CALENDAR, NULL);
}
