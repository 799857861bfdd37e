/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case state machine: every action from every state for every kind of actor, the
 * separation of duties, the one-time notice, 容缺 hold and release, parallel sign-off, the
 * township flows, and deadlines across the 2026 Spring Festival. Every rejection is checked
 * for its exact code and for leaving the case exactly as it was. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "yc-core.h"

#define T_DELEGATED "320826100"   /* the main item is delegated to this township */
#define T_COUNTY    "320826101"   /* … and not to this one */
#define DEPT        "320826-SCJG"

/* Catalogue items, built through the catalogue's own JSON codec. */

static const char item_main_json[] =
  "{\"code\": \"11320826MB1234567X4000117001\", \"basic_code\": \"000117001000\","
  " \"version\": 1, \"name\": \"个体工商户设立登记\", \"type\": \"licensing\","
  " \"department_code\": \"" DEPT "\", \"legal_basis\": \"《促进个体工商户发展条例》\","
  " \"legal_limit\": 20, \"committed_limit\": 5, \"allows_missing\": true,"
  " \"refusal_basis\": \"《行政许可法》第三十二条\","
  " \"townships\": [\"" T_DELEGATED "\"], \"parallel_departments\": [],"
  " \"materials\": ["
  "  {\"code\": \"M01\", \"name\": \"登记申请书\", \"required\": true, \"essential\": true,"
  "   \"format\": \"original\", \"copies\": 1},"
  "  {\"code\": \"M02\", \"name\": \"经营场所证明\", \"required\": true, \"essential\": false,"
  "   \"format\": \"copy\", \"copies\": 1},"
  "  {\"code\": \"M03\", \"name\": \"委托书\", \"required\": false, \"essential\": false,"
  "   \"format\": \"original\", \"copies\": 1},"
  "  {\"code\": \"M04\", \"name\": \"从业人员名单\", \"required\": true, \"essential\": false,"
  "   \"format\": \"copy\", \"copies\": 1}"
  " ]}";

static const char item_strict_json[] =
  "{\"code\": \"11320826MB1234567X4000117002\", \"basic_code\": \"000117002000\","
  " \"version\": 3, \"name\": \"食品经营许可\", \"type\": \"licensing\","
  " \"department_code\": \"" DEPT "\", \"legal_basis\": \"《食品安全法》\","
  " \"legal_limit\": 20, \"committed_limit\": 10, \"allows_missing\": false,"
  " \"townships\": [], \"parallel_departments\": [],"
  " \"materials\": ["
  "  {\"code\": \"M01\", \"name\": \"申请书\", \"required\": true, \"essential\": false,"
  "   \"format\": \"original\", \"copies\": 1}"
  " ]}";

static const char item_parallel_json[] =
  "{\"code\": \"11320826MB1234567X4000117003\", \"basic_code\": \"000117003000\","
  " \"version\": 1, \"name\": \"建设工程施工许可\", \"type\": \"licensing\","
  " \"department_code\": \"D-A\", \"legal_basis\": \"《建筑法》\","
  " \"legal_limit\": 45, \"committed_limit\": 15, \"allows_missing\": false,"
  " \"townships\": [], \"parallel_departments\": [\"D-A\", \"D-B\", \"D-C\"],"
  " \"materials\": ["
  "  {\"code\": \"M01\", \"name\": \"施工图\", \"required\": true, \"essential\": true,"
  "   \"format\": \"original\", \"copies\": 1}"
  " ]}";

static YcItem *item_main;
static YcItem *item_strict;
static YcItem *item_parallel;
static YcCalendar *calendar;

static YcItem *
load_item (const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (json, &error);
  YcItem *item;

  g_assert_no_error (error);
  item = yc_item_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  return item;
}

/* Actors, by the names the tables use. */

typedef struct
{
  const char *name;
  const char *user;
  YcRole      role;
  const char *department;
  const char *township;
  const char *window;
} ActorSpec;

static const ActorSpec actor_specs[] = {
  { "clerk1", "li", YC_ROLE_CLERK, NULL, NULL, "C01" },
  { "clerk2", "zhou", YC_ROLE_CLERK, NULL, NULL, "C02" },
  { "town1", "zhao", YC_ROLE_TOWNSHIP, NULL, T_DELEGATED, "T101" },
  { "town1b", "sun", YC_ROLE_TOWNSHIP, NULL, T_DELEGATED, "T102" },
  { "town2", "qian", YC_ROLE_TOWNSHIP, NULL, T_COUNTY, "T201" },
  { "chief", "wu", YC_ROLE_CHIEF, DEPT, NULL, NULL },
  { "chief_li", "li", YC_ROLE_CHIEF, DEPT, NULL, NULL },        /* clerk1 as a chief */
  { "chief_other", "zheng", YC_ROLE_CHIEF, "320826-ZJJ", NULL, NULL },
  { "chief_t1", "feng", YC_ROLE_CHIEF, NULL, T_DELEGATED, NULL },
  { "chief_zhao", "zhao", YC_ROLE_CHIEF, NULL, T_DELEGATED, NULL }, /* town1 as a chief */
  { "chief_t2", "chen", YC_ROLE_CHIEF, NULL, T_COUNTY, NULL },
  { "admin", "admin", YC_ROLE_ADMIN, NULL, NULL, NULL },
  { "chief_a", "a", YC_ROLE_CHIEF, "D-A", NULL, NULL },
  { "chief_b", "b", YC_ROLE_CHIEF, "D-B", NULL, NULL },
  { "chief_c", "c", YC_ROLE_CHIEF, "D-C", NULL, NULL },
  { "chief_d", "d", YC_ROLE_CHIEF, "D-D", NULL, NULL },
};

/* The actors the state table is run for. */
static const char *const table_actors[] = {
  "clerk1", "clerk2", "town1", "town1b", "town2", "chief", "chief_li", "chief_other",
  "chief_t1", "chief_zhao", "chief_t2", "admin",
};

static YcActor actors[G_N_ELEMENTS (actor_specs)];

static void
actors_init (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (actor_specs); i++)
    {
      actors[i].user = g_strdup (actor_specs[i].user);
      actors[i].display_name = g_strdup (actor_specs[i].user);
      actors[i].role = actor_specs[i].role;
      actors[i].department_code = g_strdup (actor_specs[i].department);
      actors[i].township_code = g_strdup (actor_specs[i].township);
      actors[i].window_code = g_strdup (actor_specs[i].window);
    }
}

static void
actors_clear (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (actor_specs); i++)
    {
      g_free (actors[i].user);
      g_free (actors[i].display_name);
      g_free (actors[i].department_code);
      g_free (actors[i].township_code);
      g_free (actors[i].window_code);
    }
}

static const YcActor *
actor (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (actor_specs); i++)
    {
      if (g_str_equal (actor_specs[i].name, name))
        return &actors[i];
    }
  g_error ("no actor %s", name);
  return NULL;
}

/* Arguments */

typedef struct
{
  YcActionArgs args;
  GPtrArray   *materials;
} Args;

/* "M01=original_seen M02=deficient:印章不清" */
static GPtrArray *
materials_from_spec (const char *spec)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);
  g_auto (GStrv) entries = g_strsplit (spec, " ", -1);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_auto (GStrv) parts = NULL;
      g_auto (GStrv) status_reason = NULL;
      YcMaterialStatus status;

      if (*entries[i] == '\0')
        continue;
      parts = g_strsplit (entries[i], "=", 2);
      status_reason = g_strsplit (parts[1], ":", 2);
      if (!yc_material_status_from_string (status_reason[0], &status))
        status = (YcMaterialStatus) 42;     /* deliberately out of range */
      g_ptr_array_add (list, yc_case_material_new (parts[0], status, status_reason[1]));
    }
  return list;
}

static void
args_set_materials (Args       *a,
                    const char *spec)
{
  g_clear_pointer (&a->materials, g_ptr_array_unref);
  a->materials = spec != NULL ? materials_from_spec (spec) : NULL;
  a->args.materials = a->materials;
}

/* Arguments good enough for every action in the tables below. */
static void
args_default (Args         *a,
              const YcItem *item,
              YcCaseAction  action)
{
  memset (a, 0, sizeof *a);
  switch (action)
    {
    case YC_ACTION_REQUEST_MATERIALS:
      args_set_materials (a, "M02=missing");
      break;
    case YC_ACTION_SUPPLY:
      args_set_materials (a, "M02=copy_received");
      break;
    case YC_ACTION_ACCEPT:
      args_set_materials (a, item == item_main ? "M01=original_seen M02=copy_received "
                                                 "M04=copy_received"
                                               : "M01=original_seen");
      break;
    case YC_ACTION_ACCEPT_PENDING:
      args_set_materials (a, "M01=original_seen M02=missing M04=copy_received");
      break;
    case YC_ACTION_REFUSE:
      a->args.reason = "申请事项不属于本机关职权范围";
      a->args.legal_basis = "《行政许可法》第三十二条第一款第二项";
      break;
    case YC_ACTION_SUSPEND:
      a->args.reason = "现场核查";
      break;
    case YC_ACTION_RESUME:
      a->args.reason = "核查完毕";
      break;
    case YC_ACTION_DENY:
      a->args.reason = "不符合法定条件";
      break;
    case YC_ACTION_DELIVER:
      a->args.delivery_method = "courier";
      a->args.delivery_detail = "SF1234567890";
      break;
    case YC_ACTION_RECEIVE:
    case YC_ACTION_START_REVIEW:
    case YC_ACTION_FORWARD_TO_COUNTY:
    case YC_ACTION_RETURN_TO_TOWNSHIP:
    case YC_ACTION_SUBMIT_SIGNOFF:
    case YC_ACTION_APPROVE:
    case YC_ACTION_CERTIFY:
    case YC_ACTION_CLOSE:
    case YC_N_ACTIONS:
    default:
      break;
    }
}

static void
args_clear (Args *a)
{
  g_clear_pointer (&a->materials, g_ptr_array_unref);
}

/* Cases */

static GDateTime *
at (const char *date_time)
{
  g_autoptr (GTimeZone) beijing = g_time_zone_new_identifier ("+08:00");
  GDateTime *result = g_date_time_new_from_iso8601 (date_time, beijing);

  g_assert_nonnull (result);
  return result;
}

static YcCase *
new_case (const YcItem *item,
          const char   *township)
{
  YcCase *self = yc_case_new ("320826-C01-20260302-0001", item,
                              township != NULL ? "T101" : "C01", township);

  self->applicant.kind = YC_APPLICANT_PERSON;
  self->applicant.name = g_strdup ("王小明");
  self->applicant.id_number = g_strdup ("11010519491231002X");
  self->applicant.phone = g_strdup ("13800000000");
  return self;
}

static char *
case_json (const YcCase *self)
{
  g_autoptr (JsonNode) node = yc_case_to_json (self);

  return json_to_string (node, FALSE);
}

/* Applies "action@actor[@YYYY-MM-DD]" steps separated by spaces; each must succeed. The
 * clock starts on 2026-03-02 and advances a minute per step unless a date is given. */
static void
run_steps (YcCase       *self,
           const YcItem *item,
           const char   *steps)
{
  g_auto (GStrv) tokens = g_strsplit (steps, " ", -1);
  g_autoptr (GDateTime) now = at ("2026-03-02T09:00:00");

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      g_auto (GStrv) parts = NULL;
      g_autoptr (GError) error = NULL;
      YcCaseAction action;
      Args a;

      if (*tokens[i] == '\0')
        continue;
      parts = g_strsplit (tokens[i], "@", 3);
      g_assert_true (yc_case_action_from_string (parts[0], &action));
      if (parts[2] != NULL)
        {
          g_autofree char *iso = g_strconcat (parts[2], "T10:00:00", NULL);

          g_date_time_unref (now);
          now = at (iso);
        }
      else
        {
          GDateTime *later = g_date_time_add_minutes (now, 1);

          g_date_time_unref (now);
          now = later;
        }
      args_default (&a, item, action);
      if (!yc_case_apply (self, item, actor (parts[1]), action, &a.args, now, &error))
        g_error ("step %s failed: %s", tokens[i], error->message);
      args_clear (&a);
    }
}

static YcCase *
case_after (const YcItem *item,
            const char   *township,
            const char   *steps)
{
  YcCase *self = new_case (item, township);

  run_steps (self, item, steps);
  return self;
}

/* Applies one action that must be refused with @code and must leave the case untouched. */
static void
assert_rejected (YcCase             *self,
                 const YcItem       *item,
                 const char         *who,
                 YcCaseAction        action,
                 const YcActionArgs *args,
                 YcCaseError         code)
{
  g_autofree char *before = case_json (self);
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = at ("2026-03-20T10:00:00");

  g_assert_false (yc_case_apply (self, item, actor (who), action, args, now, &error));
  g_assert_nonnull (error);
  if (error->domain != YC_CASE_ERROR || error->code != (int) code)
    g_error ("%s by %s: expected code %d, got %d: %s", yc_case_action_to_string (action), who,
             code, error->code, error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), >, 0);
  after = case_json (self);
  g_assert_cmpstr (before, ==, after);
}

static void
assert_applies (YcCase             *self,
                const YcItem       *item,
                const char         *who,
                YcCaseAction        action,
                const YcActionArgs *args,
                YcCaseState         expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = at ("2026-03-20T10:00:00");
  gint64 version = self->version;
  guint events = self->events->len;
  YcCaseState from = self->state;
  const YcCaseEvent *event;

  if (!yc_case_apply (self, item, actor (who), action, args, now, &error))
    g_error ("%s by %s failed: %s", yc_case_action_to_string (action), who, error->message);
  g_assert_cmpint (self->version, ==, version + 1);
  g_assert_cmpuint (self->events->len, ==, events + 1);
  event = g_ptr_array_index (self->events, events);
  g_assert_cmpstr (event->action, ==, yc_case_action_to_string (action));
  g_assert_cmpstr (event->user, ==, actor (who)->user);
  g_assert_cmpstr (event->role, ==, yc_role_to_string (actor (who)->role));
  g_assert_cmpint (event->from, ==, from);
  g_assert_cmpint (event->to, ==, expected);
  g_assert_cmpint (self->state, ==, expected);
}

/* The state table: for each kind of case and each reachable state, which actions are
 * possible and who may take them. Everything else must be refused: ILLEGAL_TRANSITION for an
 * action the state does not allow, FORBIDDEN for anyone not listed (admin always),
 * SEPARATION_OF_DUTIES for the one who took the case in. */

#define HALL_STEPS "receive@clerk1"
#define HALL_REVIEW HALL_STEPS " accept@clerk2 start_review@clerk1"
#define HALL_SIGNOFF HALL_REVIEW " submit_signoff@clerk2"
#define DELEG_STEPS "receive@town1"
#define DELEG_REVIEW DELEG_STEPS " accept@town1b start_review@town1"
#define DELEG_SIGNOFF DELEG_REVIEW " submit_signoff@town1"
#define FWD_STEPS "receive@town2"
#define FWD_COUNTY FWD_STEPS " accept@town2 forward_to_county@town2"
#define FWD_REVIEW FWD_COUNTY " start_review@clerk1"
#define FWD_SIGNOFF FWD_REVIEW " submit_signoff@clerk2"

typedef struct
{
  const char *path;
  const char *township;
  const char *steps;
  YcCaseState state;
  const char *actions;   /* possible now */
  const char *who;       /* who may take them */
  const char *sod;       /* who is refused for separation of duties */
} StateRow;

static const StateRow state_rows[] = {
  { "hall/draft", NULL, "", YC_CASE_STATE_DRAFT, "receive", "clerk1 clerk2", NULL },
  { "hall/received", NULL, HALL_STEPS, YC_CASE_STATE_RECEIVED,
    "request_materials accept accept_pending refuse", "clerk1 clerk2", NULL },
  { "hall/awaiting", NULL, HALL_STEPS " request_materials@clerk1",
    YC_CASE_STATE_AWAITING_MATERIALS, "supply refuse", "clerk1 clerk2", NULL },
  { "hall/refused", NULL, HALL_STEPS " refuse@clerk1", YC_CASE_STATE_REFUSED, "close",
    "clerk1 clerk2", NULL },
  { "hall/accepted", NULL, HALL_STEPS " accept@clerk1", YC_CASE_STATE_ACCEPTED, "start_review",
    "clerk1 clerk2", NULL },
  { "hall/accepted-pending", NULL, HALL_STEPS " accept_pending@clerk1",
    YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS, "start_review supply", "clerk1 clerk2", NULL },
  { "hall/in-review", NULL, HALL_REVIEW, YC_CASE_STATE_IN_REVIEW, "suspend submit_signoff",
    "clerk1 clerk2", NULL },
  { "hall/suspended", NULL, HALL_REVIEW " suspend@clerk1", YC_CASE_STATE_SUSPENDED, "resume",
    "clerk1 clerk2", NULL },
  { "hall/signoff", NULL, HALL_SIGNOFF, YC_CASE_STATE_AWAITING_SIGNOFF, "approve deny",
    "chief", "chief_li" },
  { "hall/approved", NULL, HALL_SIGNOFF " approve@chief", YC_CASE_STATE_APPROVED, "certify",
    "clerk1 clerk2", NULL },
  { "hall/denied", NULL, HALL_SIGNOFF " deny@chief", YC_CASE_STATE_DENIED, "close",
    "clerk1 clerk2", NULL },
  { "hall/certified", NULL, HALL_SIGNOFF " approve@chief certify@clerk1",
    YC_CASE_STATE_CERTIFIED, "deliver", "clerk1 clerk2", NULL },
  { "hall/delivered", NULL, HALL_SIGNOFF " approve@chief certify@clerk1 deliver@clerk2",
    YC_CASE_STATE_DELIVERED, "close", "clerk1 clerk2", NULL },
  { "hall/closed", NULL, HALL_SIGNOFF " approve@chief certify@clerk1 deliver@clerk2 close@clerk1",
    YC_CASE_STATE_CLOSED, "", "", NULL },

  { "delegated/draft", T_DELEGATED, "", YC_CASE_STATE_DRAFT, "receive", "town1 town1b", NULL },
  { "delegated/received", T_DELEGATED, DELEG_STEPS, YC_CASE_STATE_RECEIVED,
    "request_materials accept accept_pending refuse", "town1 town1b", NULL },
  { "delegated/awaiting", T_DELEGATED, DELEG_STEPS " request_materials@town1",
    YC_CASE_STATE_AWAITING_MATERIALS, "supply refuse", "town1 town1b", NULL },
  { "delegated/refused", T_DELEGATED, DELEG_STEPS " refuse@town1", YC_CASE_STATE_REFUSED,
    "close", "town1 town1b", NULL },
  { "delegated/accepted", T_DELEGATED, DELEG_STEPS " accept@town1", YC_CASE_STATE_ACCEPTED,
    "start_review", "town1 town1b", NULL },
  { "delegated/accepted-pending", T_DELEGATED, DELEG_STEPS " accept_pending@town1",
    YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS, "start_review supply", "town1 town1b", NULL },
  { "delegated/in-review", T_DELEGATED, DELEG_REVIEW, YC_CASE_STATE_IN_REVIEW,
    "suspend submit_signoff", "town1 town1b", NULL },
  { "delegated/suspended", T_DELEGATED, DELEG_REVIEW " suspend@town1b",
    YC_CASE_STATE_SUSPENDED, "resume", "town1 town1b", NULL },
  { "delegated/signoff", T_DELEGATED, DELEG_SIGNOFF, YC_CASE_STATE_AWAITING_SIGNOFF,
    "approve deny", "chief_t1", "chief_zhao" },
  { "delegated/approved", T_DELEGATED, DELEG_SIGNOFF " approve@chief_t1",
    YC_CASE_STATE_APPROVED, "certify", "town1 town1b", NULL },
  { "delegated/denied", T_DELEGATED, DELEG_SIGNOFF " deny@chief_t1", YC_CASE_STATE_DENIED,
    "close", "town1 town1b", NULL },
  { "delegated/certified", T_DELEGATED, DELEG_SIGNOFF " approve@chief_t1 certify@town1",
    YC_CASE_STATE_CERTIFIED, "deliver", "town1 town1b", NULL },
  { "delegated/delivered", T_DELEGATED,
    DELEG_SIGNOFF " approve@chief_t1 certify@town1 deliver@town1b", YC_CASE_STATE_DELIVERED,
    "close", "town1 town1b", NULL },
  { "delegated/closed", T_DELEGATED,
    DELEG_SIGNOFF " approve@chief_t1 certify@town1 deliver@town1b close@town1",
    YC_CASE_STATE_CLOSED, "", "", NULL },

  { "forwarded/draft", T_COUNTY, "", YC_CASE_STATE_DRAFT, "receive", "town2", NULL },
  { "forwarded/received", T_COUNTY, FWD_STEPS, YC_CASE_STATE_RECEIVED,
    "request_materials accept accept_pending refuse", "town2", NULL },
  { "forwarded/awaiting", T_COUNTY, FWD_STEPS " request_materials@town2",
    YC_CASE_STATE_AWAITING_MATERIALS, "supply refuse", "town2", NULL },
  { "forwarded/refused", T_COUNTY, FWD_STEPS " refuse@town2", YC_CASE_STATE_REFUSED, "close",
    "town2", NULL },
  { "forwarded/accepted", T_COUNTY, FWD_STEPS " accept@town2", YC_CASE_STATE_ACCEPTED,
    "forward_to_county", "town2", NULL },
  { "forwarded/accepted-pending", T_COUNTY, FWD_STEPS " accept_pending@town2",
    YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS, "forward_to_county supply", "town2", NULL },
  { "forwarded/at-county", T_COUNTY, FWD_COUNTY, YC_CASE_STATE_FORWARDED_TO_COUNTY,
    "start_review", "clerk1 clerk2", NULL },
  { "forwarded/in-review", T_COUNTY, FWD_REVIEW, YC_CASE_STATE_IN_REVIEW,
    "suspend submit_signoff", "clerk1 clerk2", NULL },
  { "forwarded/suspended", T_COUNTY, FWD_REVIEW " suspend@clerk2", YC_CASE_STATE_SUSPENDED,
    "resume", "clerk1 clerk2", NULL },
  /* clerk1 ("li") did not take this case in, so as a chief he may decide it. */
  { "forwarded/signoff", T_COUNTY, FWD_SIGNOFF, YC_CASE_STATE_AWAITING_SIGNOFF, "approve deny",
    "chief chief_li", NULL },
  { "forwarded/approved", T_COUNTY, FWD_SIGNOFF " approve@chief", YC_CASE_STATE_APPROVED,
    "return_to_township", "clerk1 clerk2", NULL },
  { "forwarded/denied", T_COUNTY, FWD_SIGNOFF " deny@chief", YC_CASE_STATE_DENIED,
    "return_to_township", "clerk1 clerk2", NULL },
  { "forwarded/returned-approved", T_COUNTY, FWD_SIGNOFF " approve@chief return_to_township@clerk1",
    YC_CASE_STATE_RETURNED_TO_TOWNSHIP, "certify", "town2", NULL },
  { "forwarded/returned-denied", T_COUNTY, FWD_SIGNOFF " deny@chief return_to_township@clerk1",
    YC_CASE_STATE_RETURNED_TO_TOWNSHIP, "close", "town2", NULL },
  { "forwarded/certified", T_COUNTY,
    FWD_SIGNOFF " approve@chief return_to_township@clerk1 certify@town2",
    YC_CASE_STATE_CERTIFIED, "deliver", "town2", NULL },
  { "forwarded/delivered", T_COUNTY,
    FWD_SIGNOFF " approve@chief return_to_township@clerk1 certify@town2 deliver@town2",
    YC_CASE_STATE_DELIVERED, "close", "town2", NULL },
  { "forwarded/closed", T_COUNTY,
    FWD_SIGNOFF " approve@chief return_to_township@clerk1 certify@town2 deliver@town2 "
    "close@town2", YC_CASE_STATE_CLOSED, "", "", NULL },
};

static gboolean
word_in (const char *word,
         const char *list)
{
  g_auto (GStrv) words = g_strsplit (list != NULL ? list : "", " ", -1);

  return g_strv_contains ((const char *const *) words, word);
}

static void
test_state_table (gconstpointer data)
{
  const StateRow *row = data;
  g_autoptr (YcCase) self = case_after (item_main, row->township, row->steps);
  guint allowed_total = 0;

  g_assert_cmpstr (yc_case_state_to_string (self->state), ==,
                   yc_case_state_to_string (row->state));

  for (guint a = 0; a < G_N_ELEMENTS (table_actors); a++)
    {
      const char *who = table_actors[a];
      g_autoptr (GArray) allowed = yc_case_allowed_actions (self, item_main, actor (who));
      guint expected_allowed = 0;

      for (guint i = 0; i < YC_N_ACTIONS; i++)
        {
          YcCaseAction action = (YcCaseAction) i;
          const char *name = yc_case_action_to_string (action);
          g_autoptr (GError) error = NULL;
          gboolean possible = word_in (name, row->actions);
          gboolean may;
          int code = -1;
          gboolean listed = FALSE;
          Args args;

          if (g_str_equal (who, "admin"))
            code = YC_CASE_ERROR_FORBIDDEN;
          else if (!possible)
            code = YC_CASE_ERROR_ILLEGAL_TRANSITION;
          else if (word_in (who, row->who))
            code = -1;
          else if (row->sod != NULL && word_in (who, row->sod))
            code = YC_CASE_ERROR_SEPARATION_OF_DUTIES;
          else
            code = YC_CASE_ERROR_FORBIDDEN;

          may = yc_case_can (self, item_main, actor (who), action, &error);
          if (code < 0)
            {
              if (!may)
                g_error ("%s: %s by %s refused: %s", row->path, name, who, error->message);
              expected_allowed++;
            }
          else
            {
              if (may)
                g_error ("%s: %s by %s allowed, expected error %d", row->path, name, who, code);
              if (error->code != code)
                g_error ("%s: %s by %s: expected error %d, got %d: %s", row->path, name, who,
                         code, error->code, error->message);
            }

          for (guint k = 0; k < allowed->len; k++)
            listed |= g_array_index (allowed, guint, k) == i;
          g_assert_true (listed == (code < 0));

          /* apply agrees with can, and a refusal leaves the case as it was */
          args_default (&args, item_main, action);
          if (code < 0)
            {
              g_autoptr (YcCase) copy = yc_case_copy (self);
              g_autoptr (GError) apply_error = NULL;
              g_autoptr (GDateTime) now = at ("2026-03-20T10:00:00");

              if (!yc_case_apply (copy, item_main, actor (who), action, &args.args, now,
                                  &apply_error))
                g_error ("%s: %s by %s: %s", row->path, name, who, apply_error->message);
              g_assert_cmpint (copy->version, ==, self->version + 1);
              g_assert_cmpuint (copy->events->len, ==, self->events->len + 1);
              allowed_total++;
            }
          else
            assert_rejected (self, item_main, who, action, &args.args, (YcCaseError) code);
          args_clear (&args);
        }
      g_assert_cmpuint (allowed->len, ==, expected_allowed);
    }

  /* every row names at least one allowed action, except the closed ones */
  g_assert_true (allowed_total > 0 || *row->actions == '\0');
}

/* Separation of duties */

static void
test_separation_of_duties (void)
{
  g_autoptr (YcCase) self = case_after (item_main, NULL, HALL_SIGNOFF);
  g_autoptr (GError) error = NULL;
  Args args = { 0 };

  /* received_by names li */
  g_assert_cmpstr (self->received_by, ==, "li");
  assert_rejected (self, item_main, "chief_li", YC_ACTION_APPROVE, NULL,
                   YC_CASE_ERROR_SEPARATION_OF_DUTIES);
  args.args.reason = "不符合条件";
  assert_rejected (self, item_main, "chief_li", YC_ACTION_DENY, &args.args,
                   YC_CASE_ERROR_SEPARATION_OF_DUTIES);

  /* the RECEIVE event alone is enough, even if received_by were changed */
  g_free (self->received_by);
  self->received_by = g_strdup ("someone-else");
  assert_rejected (self, item_main, "chief_li", YC_ACTION_APPROVE, NULL,
                   YC_CASE_ERROR_SEPARATION_OF_DUTIES);

  /* … and received_by alone is enough without a matching event */
  g_free (self->received_by);
  self->received_by = g_strdup ("wu");
  assert_rejected (self, item_main, "chief", YC_ACTION_APPROVE, NULL,
                   YC_CASE_ERROR_SEPARATION_OF_DUTIES);
  g_assert_false (yc_case_can (self, item_main, actor ("chief"), YC_ACTION_DENY, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_SEPARATION_OF_DUTIES);
}

/* Wrong actors: the message names the rule. */

typedef struct
{
  const char  *township;
  const char  *steps;
  const char  *who;
  YcCaseAction action;
  const char  *fragment;   /* a code the message must name */
} ForbiddenRow;

static const ForbiddenRow forbidden_rows[] = {
  { NULL, HALL_SIGNOFF, "chief_other", YC_ACTION_APPROVE, DEPT },
  { NULL, HALL_SIGNOFF, "chief_t1", YC_ACTION_APPROVE, "11320826MB1234567X4000117001" },
  { NULL, HALL_SIGNOFF, "clerk2", YC_ACTION_APPROVE, DEPT },
  { T_DELEGATED, DELEG_SIGNOFF, "chief", YC_ACTION_APPROVE, T_DELEGATED },
  { T_DELEGATED, DELEG_SIGNOFF, "chief_t2", YC_ACTION_APPROVE, T_DELEGATED },
  { T_DELEGATED, DELEG_SIGNOFF, "town1", YC_ACTION_APPROVE, T_DELEGATED },
  { T_DELEGATED, DELEG_STEPS, "town2", YC_ACTION_ACCEPT, T_COUNTY },
  { T_DELEGATED, DELEG_STEPS, "clerk1", YC_ACTION_ACCEPT, T_DELEGATED },
  { T_COUNTY, FWD_SIGNOFF, "chief_t2", YC_ACTION_APPROVE, T_COUNTY },
  { T_COUNTY, FWD_STEPS, "clerk1", YC_ACTION_ACCEPT, T_COUNTY },
  { T_COUNTY, FWD_REVIEW, "town2", YC_ACTION_SUBMIT_SIGNOFF, NULL },
  { NULL, HALL_STEPS, "town1", YC_ACTION_ACCEPT, NULL },
  { NULL, HALL_STEPS, "chief", YC_ACTION_ACCEPT, NULL },
  { NULL, HALL_STEPS, "admin", YC_ACTION_ACCEPT, NULL },
};

static void
test_forbidden_messages (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (forbidden_rows); i++)
    {
      const ForbiddenRow *row = &forbidden_rows[i];
      g_autoptr (YcCase) self = case_after (item_main, row->township, row->steps);
      g_autoptr (GError) error = NULL;

      g_assert_false (yc_case_can (self, item_main, actor (row->who), row->action, &error));
      g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_FORBIDDEN);
      g_test_message ("%s → %s", row->who, error->message);
      if (row->fragment != NULL && strstr (error->message, row->fragment) == NULL)
        g_error ("“%s” does not name %s", error->message, row->fragment);
    }
}

static void
test_illegal_messages (void)
{
  g_autoptr (YcCase) self = case_after (item_main, NULL, HALL_STEPS);
  g_autoptr (GError) error = NULL;

  /* the message names the action and the state by their labels */
  g_assert_false (yc_case_can (self, item_main, actor ("clerk1"), YC_ACTION_CERTIFY, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_ILLEGAL_TRANSITION);
  g_assert_nonnull (strstr (error->message, yc_case_action_get_label (YC_ACTION_CERTIFY)));
  g_assert_nonnull (strstr (error->message, yc_case_state_get_label (YC_CASE_STATE_RECEIVED)));
}

/* The item a case belongs to must be the one given. */
static void
test_wrong_item (void)
{
  g_autoptr (YcCase) self = case_after (item_main, NULL, HALL_STEPS);
  g_autoptr (GError) error = NULL;

  g_assert_false (yc_case_can (self, item_strict, actor ("clerk1"), YC_ACTION_ACCEPT, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID);
  assert_rejected (self, item_strict, "clerk1", YC_ACTION_ACCEPT, NULL, YC_CASE_ERROR_INVALID);
}

/* Intake arguments: receive and accept */

static void
test_receive_checks_applicant (void)
{
  g_autoptr (YcCase) self = new_case (item_main, NULL);
  Args args = { 0 };

  g_free (self->applicant.id_number);
  self->applicant.id_number = g_strdup ("110105194912310021");   /* bad check digit */
  assert_rejected (self, item_main, "clerk1", YC_ACTION_RECEIVE, NULL, YC_CASE_ERROR_INVALID);

  g_free (self->applicant.id_number);
  self->applicant.id_number = g_strdup ("11010519491231002X");
  args_set_materials (&args, "M09=original_seen");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_RECEIVE, &args.args,
                   YC_CASE_ERROR_INVALID);
  args_set_materials (&args, "M01=original_seen M01=copy_received");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_RECEIVE, &args.args,
                   YC_CASE_ERROR_INVALID);
  args_set_materials (&args, "M01=bogus");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_RECEIVE, &args.args,
                   YC_CASE_ERROR_INVALID);
  args_set_materials (&args, "M01=deficient");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_RECEIVE, &args.args,
                   YC_CASE_ERROR_MISSING_ARGUMENT);

  args_set_materials (&args, "M01=original_seen M02=deficient:复印不清 M03=missing");
  assert_applies (self, item_main, "clerk1", YC_ACTION_RECEIVE, &args.args,
                  YC_CASE_STATE_RECEIVED);
  g_assert_cmpstr (self->received_by, ==, "li");
  g_assert_cmpint (yc_case_find_material (self, "M01")->status, ==,
                   YC_MATERIAL_STATUS_ORIGINAL_SEEN);
  g_assert_true (yc_case_find_material (self, "M01")->original_checked);
  g_assert_cmpstr (yc_case_find_material (self, "M02")->reason, ==, "复印不清");
  g_assert_false (yc_case_find_material (self, "M02")->noticed);
  g_assert_cmpint (yc_case_find_material (self, "M04")->status, ==, YC_MATERIAL_STATUS_PENDING);
  g_assert_cmpstr (((YcCaseEvent *) g_ptr_array_index (self->events, 0))->window_code, ==,
                   "C01");
  args_clear (&args);
}

static void
test_accept_requires_materials (void)
{
  g_autoptr (YcCase) self = case_after (item_main, NULL, HALL_STEPS);
  Args args = { 0 };

  /* nothing checked in yet */
  assert_rejected (self, item_main, "clerk1", YC_ACTION_ACCEPT, NULL, YC_CASE_ERROR_INVALID);
  /* an optional material may be missing, a required one may not */
  args_set_materials (&args, "M01=original_seen M02=copy_received M04=missing");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_ACCEPT, &args.args,
                   YC_CASE_ERROR_INVALID);
  args_set_materials (&args, "M01=original_seen M02=copy_received M03=missing "
                             "M04=copy_received");
  assert_applies (self, item_main, "clerk1", YC_ACTION_ACCEPT, &args.args,
                  YC_CASE_STATE_ACCEPTED);
  g_assert_cmpint (yc_case_find_material (self, "M03")->status, ==, YC_MATERIAL_STATUS_MISSING);
  args_clear (&args);
}

static void
test_refuse (void)
{
  g_autoptr (YcCase) self = case_after (item_strict, NULL, HALL_STEPS);
  g_autoptr (YcCase) other = case_after (item_main, NULL, HALL_STEPS);
  Args args = { 0 };

  assert_rejected (self, item_strict, "clerk1", YC_ACTION_REFUSE, NULL,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  args.args.reason = "   ";
  assert_rejected (self, item_strict, "clerk1", YC_ACTION_REFUSE, &args.args,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  /* the strict item has no default refusal basis */
  args.args.reason = "不属于本机关职权范围";
  assert_rejected (self, item_strict, "clerk1", YC_ACTION_REFUSE, &args.args,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  args.args.legal_basis = "《行政许可法》第三十二条";
  assert_applies (self, item_strict, "clerk1", YC_ACTION_REFUSE, &args.args,
                  YC_CASE_STATE_REFUSED);
  g_assert_cmpstr (self->refusal_reason, ==, "不属于本机关职权范围");
  g_assert_cmpstr (self->refusal_basis, ==, "《行政许可法》第三十二条");

  /* the main item has one: it is used when none is given */
  args.args.legal_basis = NULL;
  assert_applies (other, item_main, "clerk1", YC_ACTION_REFUSE, &args.args,
                  YC_CASE_STATE_REFUSED);
  g_assert_cmpstr (other->refusal_basis, ==, item_main->refusal_basis);
}

/* The one-time notice (一次性告知) */

static void
test_one_time_notice (void)
{
  g_autoptr (YcCase) self = case_after (item_main, NULL, HALL_STEPS);
  Args args = { 0 };

  /* the notice must name something, and only missing or deficient materials */
  assert_rejected (self, item_main, "clerk1", YC_ACTION_REQUEST_MATERIALS, NULL,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  args_set_materials (&args, "");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_REQUEST_MATERIALS, &args.args,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  args_set_materials (&args, "M02=copy_received");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_REQUEST_MATERIALS, &args.args,
                   YC_CASE_ERROR_INVALID);
  args_set_materials (&args, "M02=missing M04=deficient");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_REQUEST_MATERIALS, &args.args,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  args_set_materials (&args, "M02=missing M99=missing");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_REQUEST_MATERIALS, &args.args,
                   YC_CASE_ERROR_INVALID);
  args_set_materials (&args, "M02=missing M02=deficient:x");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_REQUEST_MATERIALS, &args.args,
                   YC_CASE_ERROR_INVALID);

  args_set_materials (&args, "M02=missing M04=deficient:缺少签名");
  args.args.reason = "当场告知";
  assert_applies (self, item_main, "clerk1", YC_ACTION_REQUEST_MATERIALS, &args.args,
                  YC_CASE_STATE_AWAITING_MATERIALS);
  args.args.reason = NULL;
  g_assert_true (yc_case_find_material (self, "M02")->noticed);
  g_assert_true (yc_case_find_material (self, "M04")->noticed);
  g_assert_false (yc_case_find_material (self, "M01")->noticed);
  g_assert_cmpstr (yc_case_find_material (self, "M04")->reason, ==, "缺少签名");
  g_assert_cmpstr (((YcCaseEvent *) g_ptr_array_index (self->events, 1))->reason, ==, "当场告知");

  /* supplying something the notice did not name is the supervision event */
  args_set_materials (&args, "M01=original_seen");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_SUPPLY, &args.args,
                   YC_CASE_ERROR_NOT_NOTICED);
  args_set_materials (&args, "M02=copy_received M03=original_seen");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_SUPPLY, &args.args,
                   YC_CASE_ERROR_NOT_NOTICED);
  assert_rejected (self, item_main, "clerk1", YC_ACTION_SUPPLY, NULL,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  args_set_materials (&args, "M02=missing");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_SUPPLY, &args.args,
                   YC_CASE_ERROR_INVALID);
  /* the window cannot accept while waiting */
  assert_rejected (self, item_main, "clerk1", YC_ACTION_ACCEPT, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);

  /* partial supply keeps it waiting; the last one brings it back to received */
  args_set_materials (&args, "M02=copy_received");
  assert_applies (self, item_main, "clerk2", YC_ACTION_SUPPLY, &args.args,
                  YC_CASE_STATE_AWAITING_MATERIALS);
  args_set_materials (&args, "M04=copy_received");
  assert_applies (self, item_main, "clerk2", YC_ACTION_SUPPLY, &args.args,
                  YC_CASE_STATE_RECEIVED);
  g_assert_null (yc_case_find_material (self, "M04")->reason);
  g_assert_cmpint (yc_case_find_material (self, "M04")->status, ==,
                   YC_MATERIAL_STATUS_COPY_RECEIVED);

  /* a second round may only name what the first notice named */
  args_set_materials (&args, "M01=missing");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_REQUEST_MATERIALS, &args.args,
                   YC_CASE_ERROR_NOT_NOTICED);
  args_set_materials (&args, "M04=deficient:签名与身份证不符 M03=missing");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_REQUEST_MATERIALS, &args.args,
                   YC_CASE_ERROR_NOT_NOTICED);
  args_set_materials (&args, "M04=deficient:签名与身份证不符");
  assert_applies (self, item_main, "clerk1", YC_ACTION_REQUEST_MATERIALS, &args.args,
                  YC_CASE_STATE_AWAITING_MATERIALS);
  args_set_materials (&args, "M04=original_seen");
  assert_applies (self, item_main, "clerk1", YC_ACTION_SUPPLY, &args.args,
                  YC_CASE_STATE_RECEIVED);

  /* M01 was never checked: acceptance still needs it, then goes through */
  assert_rejected (self, item_main, "clerk1", YC_ACTION_ACCEPT, NULL, YC_CASE_ERROR_INVALID);
  args_set_materials (&args, "M01=original_seen");
  assert_applies (self, item_main, "clerk1", YC_ACTION_ACCEPT, &args.args,
                  YC_CASE_STATE_ACCEPTED);
  args_clear (&args);
}

/* 容缺受理 after a notice may leave out only what the notice named. */
static void
test_accept_pending_after_notice (void)
{
  g_autoptr (YcCase) self = case_after (item_main, NULL, HALL_STEPS);
  Args args = { 0 };

  args_set_materials (&args, "M02=missing");
  assert_applies (self, item_main, "clerk1", YC_ACTION_REQUEST_MATERIALS, &args.args,
                  YC_CASE_STATE_AWAITING_MATERIALS);
  args_set_materials (&args, "M02=copy_received");
  assert_applies (self, item_main, "clerk1", YC_ACTION_SUPPLY, &args.args,
                  YC_CASE_STATE_RECEIVED);
  args_set_materials (&args, "M01=original_seen M02=copy_received M04=missing");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_ACCEPT_PENDING, &args.args,
                   YC_CASE_ERROR_NOT_NOTICED);
  args_set_materials (&args, "M01=original_seen M02=missing M04=copy_received");
  assert_applies (self, item_main, "clerk1", YC_ACTION_ACCEPT_PENDING, &args.args,
                  YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS);
  args_clear (&args);
}

/* 缺件: acceptance with materials missing, certificate held until they come */

static void
test_accept_pending_rules (void)
{
  g_autoptr (YcCase) self = case_after (item_main, NULL, HALL_STEPS);
  g_autoptr (YcCase) strict = case_after (item_strict, NULL, HALL_STEPS);
  g_autoptr (GError) error = NULL;
  Args args = { 0 };

  /* the item must allow it */
  g_assert_false (yc_case_can (strict, item_strict, actor ("clerk1"),
                               YC_ACTION_ACCEPT_PENDING, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_ILLEGAL_TRANSITION);
  args_set_materials (&args, "M01=missing");
  assert_rejected (strict, item_strict, "clerk1", YC_ACTION_ACCEPT_PENDING, &args.args,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);

  /* an essential material may not be missing */
  args_set_materials (&args, "M01=missing M02=missing M04=copy_received");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_ACCEPT_PENDING, &args.args,
                   YC_CASE_ERROR_INVALID);
  /* an unchecked one must be marked first */
  args_set_materials (&args, "M01=original_seen M02=missing");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_ACCEPT_PENDING, &args.args,
                   YC_CASE_ERROR_INVALID);
  /* nothing missing: that is a normal acceptance */
  args_set_materials (&args, "M01=original_seen M02=copy_received M04=copy_received");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_ACCEPT_PENDING, &args.args,
                   YC_CASE_ERROR_INVALID);
  /* a deficient one needs its reason */
  args_set_materials (&args, "M01=original_seen M02=deficient M04=copy_received");
  assert_rejected (self, item_main, "clerk1", YC_ACTION_ACCEPT_PENDING, &args.args,
                   YC_CASE_ERROR_MISSING_ARGUMENT);

  args_set_materials (&args, "M01=original_seen M02=deficient:未盖章 M04=missing");
  assert_applies (self, item_main, "clerk1", YC_ACTION_ACCEPT_PENDING, &args.args,
                  YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS);
  g_assert_true (yc_case_find_material (self, "M02")->noticed);
  g_assert_true (yc_case_find_material (self, "M04")->noticed);
  g_assert_false (yc_case_find_material (self, "M01")->noticed);

  /* supplying one keeps the state; the last one makes it a plain acceptance */
  args_set_materials (&args, "M02=copy_received");
  assert_applies (self, item_main, "clerk2", YC_ACTION_SUPPLY, &args.args,
                  YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS);
  args_set_materials (&args, "M01=original_seen");
  assert_rejected (self, item_main, "clerk2", YC_ACTION_SUPPLY, &args.args,
                   YC_CASE_ERROR_NOT_NOTICED);
  args_set_materials (&args, "M04=copy_received");
  assert_applies (self, item_main, "clerk2", YC_ACTION_SUPPLY, &args.args,
                  YC_CASE_STATE_ACCEPTED);
  /* and then nothing is outstanding */
  assert_rejected (self, item_main, "clerk2", YC_ACTION_SUPPLY, &args.args,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  args_clear (&args);
}

static gboolean
allows (const YcCase *self,
        const YcItem *item,
        const char   *who,
        YcCaseAction  action)
{
  g_autoptr (GArray) allowed = yc_case_allowed_actions (self, item, actor (who));

  for (guint i = 0; i < allowed->len; i++)
    {
      if (g_array_index (allowed, guint, i) == action)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  const char *path;
  const char *township;
  const char *steps;       /* up to approval, with M02 outstanding */
  const char *finisher;    /* who certifies */
  YcCaseState held_state;
} HoldRow;

static const HoldRow hold_rows[] = {
  { "hall", NULL,
    "receive@clerk1 accept_pending@clerk1 start_review@clerk2 submit_signoff@clerk2 "
    "approve@chief", "clerk2", YC_CASE_STATE_APPROVED },
  { "delegated", T_DELEGATED,
    "receive@town1 accept_pending@town1 start_review@town1 submit_signoff@town1 "
    "approve@chief_t1", "town1b", YC_CASE_STATE_APPROVED },
  { "forwarded", T_COUNTY,
    "receive@town2 accept_pending@town2 forward_to_county@town2 start_review@clerk1 "
    "submit_signoff@clerk1 approve@chief return_to_township@clerk2", "town2",
    YC_CASE_STATE_RETURNED_TO_TOWNSHIP },
};

static void
test_certificate_held (gconstpointer data)
{
  const HoldRow *row = data;
  g_autoptr (YcCase) self = case_after (item_main, row->township, row->steps);
  g_autoptr (GError) error = NULL;
  Args args = { 0 };

  g_assert_cmpint (self->state, ==, row->held_state);
  g_assert_cmpint (self->decision, ==, YC_CASE_STATE_APPROVED);
  g_assert_false (yc_case_seal_authorised (self, item_main, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_MATERIALS_OUTSTANDING);
  g_assert_nonnull (strstr (error->message, "经营场所证明"));
  g_clear_error (&error);
  assert_rejected (self, item_main, row->finisher, YC_ACTION_CERTIFY, NULL,
                   YC_CASE_ERROR_MATERIALS_OUTSTANDING);
  g_assert_false (allows (self, item_main, row->finisher, YC_ACTION_CERTIFY));
  g_assert_true (allows (self, item_main, row->finisher, YC_ACTION_SUPPLY));

  args_set_materials (&args, "M02=copy_received");
  assert_applies (self, item_main, row->finisher, YC_ACTION_SUPPLY, &args.args,
                  row->held_state);
  g_assert_true (yc_case_seal_authorised (self, item_main, &error));
  g_assert_no_error (error);
  g_assert_false (allows (self, item_main, row->finisher, YC_ACTION_SUPPLY));
  assert_applies (self, item_main, row->finisher, YC_ACTION_CERTIFY, NULL,
                  YC_CASE_STATE_CERTIFIED);
  g_assert_true (yc_case_seal_authorised (self, item_main, NULL));
  args_clear (&args);
}

static void
test_supply_while_under_review (void)
{
  g_autoptr (YcCase) self = case_after (item_main, NULL,
                                        "receive@clerk1 accept_pending@clerk1 "
                                        "start_review@clerk2 suspend@clerk2");
  Args args = { 0 };

  args_set_materials (&args, "M02=original_seen");
  assert_applies (self, item_main, "clerk1", YC_ACTION_SUPPLY, &args.args,
                  YC_CASE_STATE_SUSPENDED);
  g_assert_true (yc_case_find_material (self, "M02")->original_checked);
  args_clear (&args);
}

static void
test_seal_needs_approval (void)
{
  g_autoptr (YcCase) self = case_after (item_main, NULL, HALL_SIGNOFF);
  g_autoptr (YcCase) denied = case_after (item_main, NULL, HALL_SIGNOFF " deny@chief");
  g_autoptr (GError) error = NULL;

  g_assert_false (yc_case_seal_authorised (self, item_main, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_ILLEGAL_TRANSITION);
  g_clear_error (&error);
  g_assert_false (yc_case_seal_authorised (denied, item_main, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_ILLEGAL_TRANSITION);
}

/* Suspension */

static void
test_suspend_resume (void)
{
  g_autoptr (YcCase) self = case_after (item_main, NULL, HALL_REVIEW);
  Args args = { 0 };

  assert_rejected (self, item_main, "clerk1", YC_ACTION_SUSPEND, NULL,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  args.args.reason = "专家评审";
  assert_applies (self, item_main, "clerk1", YC_ACTION_SUSPEND, &args.args,
                  YC_CASE_STATE_SUSPENDED);
  g_assert_cmpint (self->state_before_suspension, ==, YC_CASE_STATE_IN_REVIEW);
  args.args.reason = "";
  assert_rejected (self, item_main, "clerk1", YC_ACTION_RESUME, &args.args,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  assert_rejected (self, item_main, "clerk1", YC_ACTION_SUBMIT_SIGNOFF, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  args.args.reason = "评审结束";
  assert_applies (self, item_main, "clerk2", YC_ACTION_RESUME, &args.args,
                  YC_CASE_STATE_IN_REVIEW);
  g_assert_cmpstr (((YcCaseEvent *) g_ptr_array_index (self->events,
                                                       self->events->len - 1))->reason,
                   ==, "评审结束");
}

/* Parallel approval (并联审批) */

static void
test_parallel_all_approve (void)
{
  g_autoptr (YcCase) self = case_after (item_parallel, NULL,
                                        "receive@clerk1 accept@clerk1 start_review@clerk1 "
                                        "submit_signoff@clerk2");
  Args args = { 0 };

  g_assert_cmpuint (self->branches->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (((YcCaseBranch *) g_ptr_array_index (self->branches, i))->state, ==,
                     YC_CASE_STATE_AWAITING_SIGNOFF);

  /* a department without a branch, and a chief deciding another's branch */
  assert_rejected (self, item_parallel, "chief_d", YC_ACTION_APPROVE, NULL,
                   YC_CASE_ERROR_FORBIDDEN);
  assert_rejected (self, item_parallel, "chief", YC_ACTION_APPROVE, NULL,
                   YC_CASE_ERROR_FORBIDDEN);
  args.args.branch_department = "D-C";
  assert_rejected (self, item_parallel, "chief_b", YC_ACTION_APPROVE, &args.args,
                   YC_CASE_ERROR_FORBIDDEN);

  args.args.branch_department = "D-A";
  args.args.reason = "同意";
  assert_applies (self, item_parallel, "chief_a", YC_ACTION_APPROVE, &args.args,
                  YC_CASE_STATE_AWAITING_SIGNOFF);
  g_assert_cmpint (self->decision, ==, YC_CASE_STATE_DRAFT);
  /* once decided, a branch stays decided */
  assert_rejected (self, item_parallel, "chief_a", YC_ACTION_DENY, &args.args,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  g_assert_false (allows (self, item_parallel, "chief_a", YC_ACTION_APPROVE));
  g_assert_true (allows (self, item_parallel, "chief_b", YC_ACTION_APPROVE));

  args.args.branch_department = NULL;     /* defaults to the chief's department */
  assert_applies (self, item_parallel, "chief_b", YC_ACTION_APPROVE, &args.args,
                  YC_CASE_STATE_AWAITING_SIGNOFF);
  args.args.reason = "同意，附条件";
  assert_applies (self, item_parallel, "chief_c", YC_ACTION_APPROVE, &args.args,
                  YC_CASE_STATE_APPROVED);
  g_assert_cmpint (self->decision, ==, YC_CASE_STATE_APPROVED);
  g_assert_cmpstr (self->decided_by, ==, "c");
  g_assert_cmpstr (self->decision_reason, ==, "同意，附条件");
  for (guint i = 0; i < 3; i++)
    {
      const YcCaseBranch *branch = g_ptr_array_index (self->branches, i);

      g_assert_cmpint (branch->state, ==, YC_CASE_STATE_APPROVED);
      g_assert_nonnull (branch->user);
    }
  assert_applies (self, item_parallel, "clerk2", YC_ACTION_CERTIFY, NULL,
                  YC_CASE_STATE_CERTIFIED);
}

static void
test_parallel_one_denial (void)
{
  g_autoptr (YcCase) self = case_after (item_parallel, NULL,
                                        "receive@clerk1 accept@clerk1 start_review@clerk1 "
                                        "submit_signoff@clerk2 approve@chief_a");
  Args args = { 0 };

  assert_rejected (self, item_parallel, "chief_b", YC_ACTION_DENY, NULL,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  args.args.reason = "消防设计不符合规范";
  assert_applies (self, item_parallel, "chief_b", YC_ACTION_DENY, &args.args,
                  YC_CASE_STATE_DENIED);
  g_assert_cmpint (self->decision, ==, YC_CASE_STATE_DENIED);
  g_assert_cmpstr (self->decided_by, ==, "b");
  g_assert_cmpstr (self->decision_reason, ==, "消防设计不符合规范");
  g_assert_cmpint (((YcCaseBranch *) g_ptr_array_index (self->branches, 1))->state, ==,
                   YC_CASE_STATE_DENIED);
  /* the third department has nothing left to decide */
  assert_rejected (self, item_parallel, "chief_c", YC_ACTION_APPROVE, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  assert_rejected (self, item_parallel, "clerk1", YC_ACTION_CERTIFY, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  assert_applies (self, item_parallel, "clerk1", YC_ACTION_CLOSE, NULL, YC_CASE_STATE_CLOSED);
}

/* Township flows end to end */

static void
test_township_delegated_flow (void)
{
  g_autoptr (YcCase) self = case_after (item_main, T_DELEGATED, DELEG_REVIEW);
  Args args = { 0 };

  /* the township decides: it never goes to the county */
  assert_rejected (self, item_main, "town1", YC_ACTION_FORWARD_TO_COUNTY, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  assert_applies (self, item_main, "town1b", YC_ACTION_SUBMIT_SIGNOFF, NULL,
                  YC_CASE_STATE_AWAITING_SIGNOFF);
  g_assert_cmpuint (self->branches->len, ==, 0);
  assert_rejected (self, item_main, "chief", YC_ACTION_APPROVE, NULL, YC_CASE_ERROR_FORBIDDEN);
  assert_applies (self, item_main, "chief_t1", YC_ACTION_APPROVE, NULL, YC_CASE_STATE_APPROVED);
  g_assert_cmpstr (self->decided_by, ==, "feng");
  assert_applies (self, item_main, "town1", YC_ACTION_CERTIFY, NULL, YC_CASE_STATE_CERTIFIED);

  /* pickup: the collector's ID is checked */
  args.args.delivery_method = "pickup";
  assert_rejected (self, item_main, "town1", YC_ACTION_DELIVER, &args.args,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  args.args.delivery_detail = "110105194912310021";
  assert_rejected (self, item_main, "town1", YC_ACTION_DELIVER, &args.args,
                   YC_CASE_ERROR_INVALID);
  args.args.delivery_detail = " 11010519491231002x ";
  assert_applies (self, item_main, "town1", YC_ACTION_DELIVER, &args.args,
                  YC_CASE_STATE_DELIVERED);
  g_assert_cmpstr (self->delivery_method, ==, "pickup");
  g_assert_cmpstr (self->delivery_detail, ==, "11010519491231002X");
  assert_applies (self, item_main, "town1b", YC_ACTION_CLOSE, NULL, YC_CASE_STATE_CLOSED);
  g_assert_cmpint (self->version, ==, (gint64) self->events->len);
}

static void
test_township_forwarded_flow (void)
{
  g_autoptr (YcCase) self = case_after (item_main, T_COUNTY, FWD_STEPS " accept@town2");
  Args args = { 0 };

  /* a non-delegated item is not reviewed at the township */
  assert_rejected (self, item_main, "town2", YC_ACTION_START_REVIEW, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  assert_rejected (self, item_main, "clerk1", YC_ACTION_FORWARD_TO_COUNTY, NULL,
                   YC_CASE_ERROR_FORBIDDEN);
  assert_applies (self, item_main, "town2", YC_ACTION_FORWARD_TO_COUNTY, NULL,
                  YC_CASE_STATE_FORWARDED_TO_COUNTY);
  assert_rejected (self, item_main, "town2", YC_ACTION_START_REVIEW, NULL,
                   YC_CASE_ERROR_FORBIDDEN);
  assert_applies (self, item_main, "clerk2", YC_ACTION_START_REVIEW, NULL,
                  YC_CASE_STATE_IN_REVIEW);
  assert_applies (self, item_main, "clerk2", YC_ACTION_SUBMIT_SIGNOFF, NULL,
                  YC_CASE_STATE_AWAITING_SIGNOFF);
  /* the township may never decide it, not even its chief */
  assert_rejected (self, item_main, "chief_t2", YC_ACTION_APPROVE, NULL,
                   YC_CASE_ERROR_FORBIDDEN);
  assert_rejected (self, item_main, "chief_other", YC_ACTION_APPROVE, NULL,
                   YC_CASE_ERROR_FORBIDDEN);
  assert_applies (self, item_main, "chief", YC_ACTION_APPROVE, NULL, YC_CASE_STATE_APPROVED);
  /* the county does not certify: the township finishes the case */
  assert_rejected (self, item_main, "clerk2", YC_ACTION_CERTIFY, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  assert_rejected (self, item_main, "town2", YC_ACTION_RETURN_TO_TOWNSHIP, NULL,
                   YC_CASE_ERROR_FORBIDDEN);
  assert_applies (self, item_main, "clerk2", YC_ACTION_RETURN_TO_TOWNSHIP, NULL,
                  YC_CASE_STATE_RETURNED_TO_TOWNSHIP);
  assert_rejected (self, item_main, "town2", YC_ACTION_CLOSE, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  assert_rejected (self, item_main, "clerk2", YC_ACTION_CERTIFY, NULL, YC_CASE_ERROR_FORBIDDEN);
  assert_applies (self, item_main, "town2", YC_ACTION_CERTIFY, NULL, YC_CASE_STATE_CERTIFIED);

  /* courier: a plausible tracking number */
  args.args.delivery_method = "courier";
  assert_rejected (self, item_main, "town2", YC_ACTION_DELIVER, &args.args,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  args.args.delivery_detail = "SF 12";
  assert_rejected (self, item_main, "town2", YC_ACTION_DELIVER, &args.args,
                   YC_CASE_ERROR_INVALID);
  args.args.delivery_method = "drone";
  assert_rejected (self, item_main, "town2", YC_ACTION_DELIVER, &args.args,
                   YC_CASE_ERROR_INVALID);
  args.args.delivery_method = NULL;
  assert_rejected (self, item_main, "town2", YC_ACTION_DELIVER, &args.args,
                   YC_CASE_ERROR_MISSING_ARGUMENT);
  args.args.delivery_method = "courier";
  args.args.delivery_detail = "YT-9876543210";
  assert_applies (self, item_main, "town2", YC_ACTION_DELIVER, &args.args,
                  YC_CASE_STATE_DELIVERED);
  g_assert_cmpstr (self->delivery_detail, ==, "YT-9876543210");
  assert_applies (self, item_main, "town2", YC_ACTION_CLOSE, NULL, YC_CASE_STATE_CLOSED);
}

static void
test_township_forwarded_denied (void)
{
  g_autoptr (YcCase) self = case_after (item_main, T_COUNTY, FWD_SIGNOFF " deny@chief");

  assert_rejected (self, item_main, "clerk1", YC_ACTION_CLOSE, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  assert_applies (self, item_main, "clerk1", YC_ACTION_RETURN_TO_TOWNSHIP, NULL,
                  YC_CASE_STATE_RETURNED_TO_TOWNSHIP);
  g_assert_cmpint (self->decision, ==, YC_CASE_STATE_DENIED);
  assert_rejected (self, item_main, "town2", YC_ACTION_CERTIFY, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  assert_applies (self, item_main, "town2", YC_ACTION_CLOSE, NULL, YC_CASE_STATE_CLOSED);
}

/* Hall cases cannot be forwarded or returned. */
static void
test_hall_not_forwarded (void)
{
  g_autoptr (YcCase) accepted = case_after (item_main, NULL, HALL_STEPS " accept@clerk1");
  g_autoptr (YcCase) approved = case_after (item_main, NULL, HALL_SIGNOFF " approve@chief");

  assert_rejected (accepted, item_main, "clerk1", YC_ACTION_FORWARD_TO_COUNTY, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
  assert_rejected (approved, item_main, "clerk1", YC_ACTION_RETURN_TO_TOWNSHIP, NULL,
                   YC_CASE_ERROR_ILLEGAL_TRANSITION);
}

/* Deadlines across the 2026 Spring Festival (off 2-15..2-23; Saturdays 2-14 and 2-28 worked).
 * Main item: committed 5, legal 20 working days. */

typedef struct
{
  const char      *path;
  const char      *steps;
  const char      *today;
  YcDeadlineStatus status;
  const char      *accepted_on;     /* NULL: not started */
  const char      *committed_due;
  const char      *legal_due;
  int              days_left;
  int              days_used;
  guint            suspended_days;
  gboolean         finished_on_time;
} DeadlineRow;

#define ACCEPT_0212 "receive@clerk1@2026-02-12 accept@clerk1@2026-02-12"

static const DeadlineRow deadline_rows[] = {
  { "not-started", "receive@clerk1@2026-02-12", "2026-02-13", YC_DEADLINE_NOT_STARTED,
    NULL, NULL, NULL, 0, 0, 0, FALSE },
  { "awaiting", "receive@clerk1@2026-02-12 request_materials@clerk1@2026-02-12", "2026-03-02",
    YC_DEADLINE_NOT_STARTED, NULL, NULL, NULL, 0, 0, 0, FALSE },
  /* 2-13 Fri, 2-14 Sat (worked), holiday, 2-24, 2-25, 2-26 */
  { "on-time", ACCEPT_0212, "2026-02-13", YC_DEADLINE_ON_TIME,
    "2026-02-12", "2026-02-26", "2026-03-18", 4, 1, 0, FALSE },
  { "during-holiday", ACCEPT_0212, "2026-02-18", YC_DEADLINE_ON_TIME,
    "2026-02-12", "2026-02-26", "2026-03-18", 3, 2, 0, FALSE },
  { "warning", ACCEPT_0212, "2026-02-25", YC_DEADLINE_WARNING,
    "2026-02-12", "2026-02-26", "2026-03-18", 1, 4, 0, FALSE },
  { "due-today", ACCEPT_0212, "2026-02-26", YC_DEADLINE_WARNING,
    "2026-02-12", "2026-02-26", "2026-03-18", 0, 5, 0, FALSE },
  { "overdue", ACCEPT_0212, "2026-02-27", YC_DEADLINE_OVERDUE,
    "2026-02-12", "2026-02-26", "2026-03-18", -1, 6, 0, FALSE },
  /* suspended 2-13 → 2-25: 2-14, 2-24, 2-25 do not count */
  { "suspended-resumed",
    ACCEPT_0212 " start_review@clerk1@2026-02-12 suspend@clerk1@2026-02-13 "
    "resume@clerk1@2026-02-25", "2026-02-26", YC_DEADLINE_ON_TIME,
    "2026-02-12", "2026-03-02", "2026-03-23", 3, 2, 3, FALSE },
  /* still suspended: the due date moves with today */
  { "suspended-now",
    ACCEPT_0212 " start_review@clerk1@2026-02-12 suspend@clerk1@2026-02-13", "2026-02-24",
    YC_DEADLINE_STOPPED, "2026-02-12", "2026-02-28", "2026-03-20", 4, 1, 2, FALSE },
  { "done-on-time",
    ACCEPT_0212 " start_review@clerk1@2026-02-13 submit_signoff@clerk1@2026-02-24 "
    "approve@chief@2026-02-26 certify@clerk1@2026-03-02", "2026-03-10", YC_DEADLINE_DONE,
    "2026-02-12", "2026-02-26", "2026-03-18", 0, 5, 0, TRUE },
  { "done-late",
    ACCEPT_0212 " start_review@clerk1@2026-02-13 submit_signoff@clerk1@2026-02-24 "
    "deny@chief@2026-02-27", "2026-03-10", YC_DEADLINE_DONE,
    "2026-02-12", "2026-02-26", "2026-03-18", -1, 6, 0, FALSE },
  /* the clock starts at acceptance, not while the applicant gathers materials */
  { "after-notice",
    "receive@clerk1@2026-02-10 request_materials@clerk1@2026-02-10 supply@clerk1@2026-02-24 "
    "accept@clerk1@2026-02-25", "2026-02-26", YC_DEADLINE_ON_TIME,
    "2026-02-25", "2026-03-03", "2026-03-24", 4, 1, 0, FALSE },
  /* answered 8 working days after receipt (> 5): counts as accepted on receipt */
  { "late-answer", "receive@clerk1@2026-02-10 accept@clerk1@2026-02-27", "2026-02-27",
    YC_DEADLINE_OVERDUE, "2026-02-10", "2026-02-24", "2026-03-16", -3, 8, 0, FALSE },
  { "refused-in-time", "receive@clerk1@2026-02-10 refuse@clerk1@2026-02-13", "2026-03-10",
    YC_DEADLINE_DONE, NULL, NULL, NULL, 0, 0, 0, TRUE },
  { "refused-late", "receive@clerk1@2026-02-10 refuse@clerk1@2026-02-27 close@clerk1",
    "2026-03-10", YC_DEADLINE_DONE, NULL, NULL, NULL, 0, 0, 0, FALSE },
};

static void
parse_date (const char *text,
            GDate      *date)
{
  g_date_clear (date, 1);
  g_date_set_parse (date, text);
  g_assert_true (g_date_valid (date));
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  char buffer[16] = "";

  if (expected == NULL)
    {
      g_assert_false (g_date_valid (date));
      return;
    }
  g_assert_true (g_date_valid (date));
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  g_assert_cmpstr (buffer, ==, expected);
}

static void
test_deadline (gconstpointer data)
{
  const DeadlineRow *row = data;
  g_autoptr (YcCase) self = case_after (item_main, NULL, row->steps);
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;
  YcDeadline deadline;
  GDate today;

  parse_date (row->today, &today);
  yc_case_deadline (self, item_main, calendar, &today, &deadline);

  g_assert_cmpstr (yc_deadline_status_to_string (deadline.status), ==,
                   yc_deadline_status_to_string (row->status));
  assert_date (&deadline.accepted_on, row->accepted_on);
  assert_date (&deadline.committed_due, row->committed_due);
  assert_date (&deadline.legal_due, row->legal_due);
  g_assert_cmpint (deadline.days_left, ==, row->days_left);
  g_assert_cmpint (deadline.days_used, ==, row->days_used);
  g_assert_cmpuint (deadline.suspended_days, ==, row->suspended_days);
  g_assert_cmpint (deadline.finished_on_time, ==, row->finished_on_time);
  g_assert_false (deadline.estimated);

  node = yc_deadline_to_json (&deadline);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==,
                   yc_deadline_status_to_string (row->status));
  if (row->committed_due != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, "committed_due"), ==,
                     row->committed_due);
  else
    g_assert_true (json_object_get_null_member (object, "committed_due"));
  g_assert_cmpint (json_object_get_int_member (object, "days_left"), ==, row->days_left);
  g_assert_cmpint (json_object_get_int_member (object, "suspended_days"), ==,
                   row->suspended_days);
  g_assert_cmpint (json_object_get_boolean_member (object, "finished_on_time"), ==,
                   row->finished_on_time);
}

/* A due date in a year the calendar has no data for is marked estimated. */
static void
test_deadline_estimated (void)
{
  g_autoptr (YcCase) self = new_case (item_main, NULL);
  g_autoptr (YcCalendar) empty = yc_calendar_new ();
  YcDeadline deadline;
  GDate today;

  run_steps (self, item_main, ACCEPT_0212);
  parse_date ("2026-02-13", &today);
  yc_case_deadline (self, item_main, empty, &today, &deadline);
  g_assert_true (deadline.estimated);
  /* weekends only: 2-13, 2-16 … 2-19 */
  assert_date (&deadline.committed_due, "2026-02-19");
}

static void
test_string_maps (void)
{
  for (guint i = 0; i < YC_N_ACTIONS; i++)
    {
      YcCaseAction action;

      g_assert_true (yc_case_action_from_string (yc_case_action_to_string (i), &action));
      g_assert_cmpuint (action, ==, i);
      g_assert_cmpuint (strlen (yc_case_action_get_label (i)), >, 0);
    }
  for (guint i = 0; i <= YC_ROLE_ADMIN; i++)
    {
      YcRole role;

      g_assert_true (yc_role_from_string (yc_role_to_string (i), &role));
      g_assert_cmpuint (role, ==, i);
    }
  g_assert_cmpstr (yc_case_action_to_string (YC_ACTION_REQUEST_MATERIALS), ==,
                   "request_materials");
  g_assert_cmpstr (yc_role_to_string (YC_ROLE_TOWNSHIP), ==, "township");
  g_assert_cmpstr (yc_deadline_status_to_string (YC_DEADLINE_NOT_STARTED), ==, "not_started");
  g_assert_false (yc_case_action_from_string ("approve ", NULL));
  g_assert_false (yc_case_action_from_string (NULL, NULL));
  g_assert_false (yc_role_from_string ("root", NULL));
  g_assert_false (yc_role_from_string (NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *calendar_dir = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  item_main = load_item (item_main_json);
  item_strict = load_item (item_strict_json);
  item_parallel = load_item (item_parallel_json);
  calendar = yc_calendar_new ();
  calendar_dir = g_build_filename (g_getenv ("YC_DATADIR"), "calendar", NULL);
  if (!yc_calendar_load_dir (calendar, calendar_dir, &error))
    g_error ("calendar data: %s", error->message);
  actors_init ();

  for (guint i = 0; i < G_N_ELEMENTS (state_rows); i++)
    {
      g_autofree char *path = g_strconcat ("/case-machine/table/", state_rows[i].path, NULL);

      g_test_add_data_func (path, &state_rows[i], test_state_table);
    }
  g_test_add_func ("/case-machine/separation-of-duties", test_separation_of_duties);
  g_test_add_func ("/case-machine/forbidden-messages", test_forbidden_messages);
  g_test_add_func ("/case-machine/illegal-messages", test_illegal_messages);
  g_test_add_func ("/case-machine/wrong-item", test_wrong_item);
  g_test_add_func ("/case-machine/receive", test_receive_checks_applicant);
  g_test_add_func ("/case-machine/accept", test_accept_requires_materials);
  g_test_add_func ("/case-machine/refuse", test_refuse);
  g_test_add_func ("/case-machine/one-time-notice", test_one_time_notice);
  g_test_add_func ("/case-machine/accept-pending/after-notice",
                   test_accept_pending_after_notice);
  g_test_add_func ("/case-machine/accept-pending/rules", test_accept_pending_rules);
  for (guint i = 0; i < G_N_ELEMENTS (hold_rows); i++)
    {
      g_autofree char *path = g_strconcat ("/case-machine/accept-pending/held/",
                                           hold_rows[i].path, NULL);

      g_test_add_data_func (path, &hold_rows[i], test_certificate_held);
    }
  g_test_add_func ("/case-machine/accept-pending/supply-while-suspended",
                   test_supply_while_under_review);
  g_test_add_func ("/case-machine/seal-needs-approval", test_seal_needs_approval);
  g_test_add_func ("/case-machine/suspend-resume", test_suspend_resume);
  g_test_add_func ("/case-machine/parallel/all-approve", test_parallel_all_approve);
  g_test_add_func ("/case-machine/parallel/one-denial", test_parallel_one_denial);
  g_test_add_func ("/case-machine/township/delegated", test_township_delegated_flow);
  g_test_add_func ("/case-machine/township/forwarded", test_township_forwarded_flow);
  g_test_add_func ("/case-machine/township/forwarded-denied", test_township_forwarded_denied);
  g_test_add_func ("/case-machine/hall-not-forwarded", test_hall_not_forwarded);
  for (guint i = 0; i < G_N_ELEMENTS (deadline_rows); i++)
    {
      g_autofree char *path = g_strconcat ("/case-machine/deadline/", deadline_rows[i].path,
                                           NULL);

      g_test_add_data_func (path, &deadline_rows[i], test_deadline);
    }
  g_test_add_func ("/case-machine/deadline/estimated", test_deadline_estimated);
  g_test_add_func ("/case-machine/string-maps", test_string_maps);

  status = g_test_run ();

  actors_clear ();
  g_clear_object (&calendar);
  g_clear_pointer (&item_main, yc_item_unref);
  g_clear_pointer (&item_strict, yc_item_unref);
  g_clear_pointer (&item_parallel, yc_item_unref);
  return status;
}
