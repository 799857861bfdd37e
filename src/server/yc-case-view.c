/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-case-view"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "yc-case-view.h"

void
yc_today (GDate *today)
{
  g_autoptr (GDateTime) now = yc_clock_now ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static const YcCaseEvent *
first_event (const YcCase *c,
             YcCaseAction  action)
{
  const char *name = yc_case_action_to_string (action);

  for (guint i = 0; i < c->events->len; i++)
    {
      const YcCaseEvent *event = g_ptr_array_index (c->events, i);

      if (g_strcmp0 (event->action, name) == 0)
        return event;
    }
  return NULL;
}

/* The columns for @c from a deadline and body already computed. Takes @body. */
static YcCaseRecord *
record_from (const YcCase     *c,
             const YcItem     *item,
             const YcDeadline *deadline,
             const GDate      *today,
             char             *body,
             const char       *create_hash)
{
  YcCaseRecord *r = g_new0 (YcCaseRecord, 1);
  const YcCaseEvent *received = first_event (c, YC_ACTION_RECEIVE);

  r->number = g_strdup (c->number);
  r->item_code = g_strdup (c->item_code);
  r->item_version = c->item_version;
  r->department_code = g_strdup (c->department_code);
  r->window_code = g_strdup (c->window_code);
  r->township_code = g_strdup (c->township_code);
  r->state = g_strdup (yc_case_state_to_string (c->state));
  r->applicant_name = g_strdup (c->applicant.name != NULL ? c->applicant.name : "");
  r->applicant_id_number = g_ascii_strup (c->applicant.id_number != NULL
                                            ? c->applicant.id_number : "", -1);
  if (received != NULL && received->at != NULL)
    {
      g_autoptr (GDateTime) local = yc_clock_to_local (received->at);

      r->received_at = g_date_time_to_unix (received->at);
      r->received_on = g_date_time_format (local, "%Y-%m-%d");
    }
  else
    {
      r->received_at = g_get_real_time () / G_USEC_PER_SEC;
      r->received_on = yc_format_iso_date (today);
    }
  r->accepted_on = yc_format_iso_date (&deadline->accepted_on);
  r->committed_due = yc_format_iso_date (&deadline->committed_due);
  r->legal_due = yc_format_iso_date (&deadline->legal_due);
  r->deadline_status = g_strdup (yc_deadline_status_to_string (deadline->status));
  r->accepted = g_date_valid (&deadline->accepted_on);
  r->refused = first_event (c, YC_ACTION_REFUSE) != NULL;
  r->decided = deadline->status == YC_DEADLINE_DONE;
  r->on_time = r->decided && deadline->finished_on_time;
  r->days_used = deadline->days_used;
  r->committed_limit = item->committed_limit;
  r->legal_limit = item->legal_limit;
  r->version = c->version;
  r->updated_at = g_get_real_time () / G_USEC_PER_SEC;
  r->received_by = g_strdup (c->received_by != NULL ? c->received_by : "");
  r->create_hash = g_strdup (create_hash);
  r->body = body;
  return r;
}

static char *
case_text (const YcCase *c)
{
  g_autoptr (JsonNode) node = yc_case_to_json (c);

  return yc_json_to_string (node);
}

YcCaseRecord *
yc_case_view_record (const YcCase *c,
                     const YcItem *item,
                     YcCalendar   *calendar,
                     const GDate  *today,
                     const char   *create_hash)
{
  YcDeadline deadline;

  yc_case_deadline (c, item, calendar, today, &deadline);
  return record_from (c, item, &deadline, today, case_text (c), create_hash);
}

/* {"case": …, "deadline": …, "allowed_actions": […]} from the parts' texts: the case is
 * serialised once for both the store and the answer. */
static GBytes *
view_bytes (const char       *case_json,
            const YcDeadline *deadline,
            const YcCase     *c,
            const YcItem     *item,
            const YcActor    *actor)
{
  g_autoptr (JsonNode) deadline_node = yc_deadline_to_json (deadline);
  g_autofree char *deadline_json = yc_json_to_string (deadline_node);
  g_autoptr (GArray) allowed = yc_case_allowed_actions (c, item, actor);
  GString *s = g_string_sized_new (strlen (case_json) + strlen (deadline_json) + 256);

  g_string_append (s, "{\"case\":");
  g_string_append (s, case_json);
  g_string_append (s, ",\"deadline\":");
  g_string_append (s, deadline_json);
  g_string_append (s, ",\"allowed_actions\":[");
  for (guint i = 0; i < allowed->len; i++)
    g_string_append_printf (s, "%s\"%s\"", i > 0 ? "," : "",
                            yc_case_action_to_string (g_array_index (allowed, guint, i)));
  g_string_append (s, "]}");
  return g_string_free_to_bytes (s);
}

JsonNode *
yc_case_view_to_json (const YcCase  *c,
                      const YcItem  *item,
                      const YcActor *actor,
                      YcCalendar    *calendar,
                      const GDate   *today)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = case_text (c);
  g_autoptr (GBytes) bytes = NULL;
  YcDeadline deadline;

  yc_case_deadline (c, item, calendar, today, &deadline);
  bytes = view_bytes (text, &deadline, c, item, actor);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), NULL))
    g_assert_not_reached ();
  return json_node_ref (json_parser_get_root (parser));
}

YcResponse *
yc_case_view_render (guint          status,
                     const YcCase  *c,
                     const YcItem  *item,
                     const YcActor *actor,
                     YcCalendar    *calendar,
                     const GDate   *today,
                     const char    *create_hash,
                     YcCaseRecord **record)
{
  g_autofree char *text = case_text (c);
  g_autoptr (GBytes) bytes = NULL;
  YcResponse *response;
  YcDeadline deadline;

  yc_case_deadline (c, item, calendar, today, &deadline);
  bytes = view_bytes (text, &deadline, c, item, actor);
  response = yc_response_new (status, "application/json", bytes);
  response->etag = yc_case_etag (c->version);
  if (status == 201)
    response->location = g_strdup_printf ("/api/v1/cases/%s", c->number);
  if (record != NULL)
    *record = record_from (c, item, &deadline, today, g_steal_pointer (&text), create_hash);
  return response;
}

char *
yc_case_etag (gint64 version)
{
  return g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
}

gboolean
yc_case_parse_etag (const char *text,
                    gint64     *version)
{
  g_autofree char *copy = NULL;
  char *p, *end = NULL;
  gint64 value;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  p = copy;
  if (g_str_has_prefix (p, "W/"))
    p += 2;
  if (*p == '"')
    {
      gsize len = strlen (p);

      if (len < 3 || p[len - 1] != '"')
        return FALSE;
      p[len - 1] = '\0';
      p++;
    }
  if (!g_ascii_isdigit (*p))
    return FALSE;
  value = g_ascii_strtoll (p, &end, 10);
  if (*end != '\0' || value < 0)
    return FALSE;
  *version = value;
  return TRUE;
}

YcResponse *
yc_case_view_response (guint          status,
                       const YcCase  *c,
                       const YcItem  *item,
                       const YcActor *actor,
                       YcCalendar    *calendar,
                       const GDate   *today)
{
  return yc_case_view_render (status, c, item, actor, calendar, today, NULL, NULL);
}

static char *
mask_id_number (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;
  GString *out;

  if (len <= 8)
    return g_strdup (id != NULL ? id : "");
  /* Enough for a clerk to tell two applicants apart, not enough to copy. */
  out = g_string_new_len (id, 4);
  for (gsize i = 4; i < len - 4; i++)
    g_string_append_c (out, '*');
  g_string_append (out, id + len - 4);
  return g_string_free (out, FALSE);
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

JsonNode *
yc_case_summary_to_json (const YcCaseRecord *r,
                         YcCalendar         *calendar,
                         const GDate        *today)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GDateTime) received = g_date_time_new_from_unix_local (r->received_at);
  g_autofree char *received_text = g_date_time_format_iso8601 (received);
  g_autofree char *masked = mask_id_number (r->applicant_id_number);
  const char *status = r->deadline_status;
  gboolean has_days_left = FALSE;
  int days_left = 0;
  GDate due;

  /* The stored status was right when the case was last written; the clock has moved since. */
  if (r->committed_due != NULL && yc_parse_iso_date (r->committed_due, &due) &&
      (g_str_equal (status, "on_time") || g_str_equal (status, "warning") ||
       g_str_equal (status, "overdue")))
    {
      days_left = yc_calendar_working_days_between (calendar, today, &due, NULL);
      has_days_left = TRUE;
      if (days_left < 0)
        status = "overdue";
      else if (days_left <= YC_DEADLINE_WARNING_DAYS)
        status = "warning";
      else
        status = "on_time";
    }

  json_builder_begin_object (b);
  add_string_or_null (b, "number", r->number);
  add_string_or_null (b, "item_code", r->item_code);
  json_builder_set_member_name (b, "item_version");
  json_builder_add_int_value (b, r->item_version);
  add_string_or_null (b, "department_code", r->department_code);
  add_string_or_null (b, "window_code", r->window_code);
  add_string_or_null (b, "township_code", r->township_code);
  add_string_or_null (b, "state", r->state);
  add_string_or_null (b, "applicant_name", r->applicant_name);
  add_string_or_null (b, "applicant_id_masked", masked);
  add_string_or_null (b, "received_at", received_text);
  add_string_or_null (b, "accepted_on", r->accepted_on);
  add_string_or_null (b, "committed_due", r->committed_due);
  add_string_or_null (b, "legal_due", r->legal_due);
  add_string_or_null (b, "deadline_status", status);
  json_builder_set_member_name (b, "days_left");
  if (has_days_left)
    json_builder_add_int_value (b, days_left);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, r->version);
  json_builder_set_member_name (b, "change_seq");
  json_builder_add_int_value (b, r->change_seq);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

YcCase *
yc_case_view_parse_body (const char *body,
                         GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, body, -1, error))
    return NULL;
  return yc_case_from_json (json_parser_get_root (parser), error);
}

YcResponse *
yc_problem_from_case_error (const GError *error)
{
  guint status = 422;
  const char *code = "invalid";
  const char *title = _("The request breaks a rule");

  if (error->domain == YC_CASE_ERROR)
    {
      switch ((YcCaseError) error->code)
        {
        case YC_CASE_ERROR_ILLEGAL_TRANSITION:
          status = 409;
          code = "illegal-transition";
          title = _("Not possible in the case’s current state");
          break;
        case YC_CASE_ERROR_FORBIDDEN:
          status = 403;
          code = "forbidden";
          title = _("Not allowed");
          break;
        case YC_CASE_ERROR_SEPARATION_OF_DUTIES:
          status = 403;
          code = "separation-of-duties";
          title = _("Separation of duties");
          break;
        case YC_CASE_ERROR_NOT_NOTICED:
          code = "not-noticed";
          title = _("Not named in the one-time notice");
          break;
        case YC_CASE_ERROR_MATERIALS_OUTSTANDING:
          code = "materials-outstanding";
          title = _("Materials are still outstanding");
          break;
        case YC_CASE_ERROR_MISSING_ARGUMENT:
          code = "missing-argument";
          title = _("Something the action needs is missing");
          break;
        case YC_CASE_ERROR_PARSE:
        case YC_CASE_ERROR_INVALID:
        default:
          break;
        }
    }
  return yc_problem_response (status, code, title, error->message);
}
