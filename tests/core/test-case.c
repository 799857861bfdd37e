/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case record: construction, copy, the JSON codec (round trip and every shape error) and
 * the applicant check. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "yc-core.h"

static const char item_json[] =
  "{\"code\": \"11320826MB1234567X4000117001\", \"basic_code\": \"000117001000\","
  " \"version\": 2, \"name\": \"个体工商户设立登记\", \"type\": \"licensing\","
  " \"department_code\": \"320826-SCJG\", \"legal_basis\": \"《促进个体工商户发展条例》\","
  " \"legal_limit\": 20, \"committed_limit\": 5, \"allows_missing\": true,"
  " \"townships\": [], \"parallel_departments\": [],"
  " \"materials\": ["
  "  {\"code\": \"M01\", \"name\": \"登记申请书\", \"required\": true, \"essential\": true,"
  "   \"format\": \"original\", \"copies\": 1},"
  "  {\"code\": \"M02\", \"name\": \"经营场所证明\", \"required\": true, \"essential\": false,"
  "   \"format\": \"copy\", \"copies\": 1}"
  " ]}";

static YcItem *item;

static YcCaseEvent *
event_new (const char *action,
           YcCaseState from,
           YcCaseState to,
           const char *user,
           const char *iso,
           const char *reason)
{
  YcCaseEvent *event = g_new0 (YcCaseEvent, 1);

  event->action = g_strdup (action);
  event->from = from;
  event->to = to;
  event->user = g_strdup (user);
  event->role = g_strdup ("clerk");
  event->window_code = g_strdup ("C07");
  event->at = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (event->at);
  event->reason = g_strdup (reason);
  return event;
}

/* A case with every field set, odd characters included, and events in three offsets. */
static YcCase *
rich_case (void)
{
  YcCase *self = yc_case_new ("320826-C07-20261129-0042", item, "C07", "320826100");
  YcCaseMaterial *material;
  YcCaseBranch *branch;

  self->state = YC_CASE_STATE_SUSPENDED;
  self->state_before_suspension = YC_CASE_STATE_IN_REVIEW;
  self->decision = YC_CASE_STATE_APPROVED;
  self->applicant.kind = YC_APPLICANT_ORGANISATION;
  self->applicant.name = g_strdup ("涟水县\"一窗\"商贸有限公司");
  self->applicant.id_number = g_strdup ("91350100M000100Y44");
  self->applicant.uscc_override_reason = g_strdup ("营业执照原件所载代码如此");
  self->applicant.phone = g_strdup ("0517-82345678");
  self->applicant.address = g_strdup ("涟水县红日大道1号\n二楼");
  self->applicant.agent_name = g_strdup ("王小明");
  self->applicant.agent_id_number = g_strdup ("11010519491231002X");
  self->applicant.agent_phone = g_strdup ("13800000000");

  material = yc_case_find_material (self, "M01");
  material->status = YC_MATERIAL_STATUS_ORIGINAL_SEEN;
  material->original_checked = TRUE;
  material = yc_case_find_material (self, "M02");
  material->status = YC_MATERIAL_STATUS_DEFICIENT;
  material->reason = g_strdup ("未加盖公章\t（需补正）");
  material->noticed = TRUE;

  g_ptr_array_add (self->events, event_new ("receive", YC_CASE_STATE_DRAFT,
                                            YC_CASE_STATE_RECEIVED, "li",
                                            "2026-11-29T09:15:02+08:00", NULL));
  g_ptr_array_add (self->events, event_new ("accept", YC_CASE_STATE_RECEIVED,
                                            YC_CASE_STATE_ACCEPTED, "li",
                                            "2026-11-29T01:20:00.250000Z", "当场受理"));
  g_ptr_array_add (self->events, event_new ("suspend", YC_CASE_STATE_IN_REVIEW,
                                            YC_CASE_STATE_SUSPENDED, "zhou",
                                            "2026-11-30T10:00:00-05:30", "专家评审"));

  branch = g_new0 (YcCaseBranch, 1);
  branch->department_code = g_strdup ("D-A");
  branch->state = YC_CASE_STATE_APPROVED;
  branch->user = g_strdup ("a");
  branch->reason = g_strdup ("同意");
  g_ptr_array_add (self->branches, branch);
  branch = g_new0 (YcCaseBranch, 1);
  branch->department_code = g_strdup ("D-B");
  branch->state = YC_CASE_STATE_AWAITING_SIGNOFF;
  g_ptr_array_add (self->branches, branch);

  self->received_by = g_strdup ("li");
  self->decided_by = g_strdup ("wu");
  self->decision_reason = g_strdup ("附条件同意");
  self->refusal_reason = g_strdup ("—");
  self->refusal_basis = g_strdup ("《行政许可法》第三十二条");
  self->delivery_method = g_strdup ("courier");
  self->delivery_detail = g_strdup ("SF1234567890");
  self->version = 7;
  return self;
}

static char *
to_string (const YcCase *self)
{
  g_autoptr (JsonNode) node = yc_case_to_json (self);

  return json_to_string (node, TRUE);
}

static YcCase *
from_string (const char *text,
             GError    **error)
{
  g_autoptr (JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return yc_case_from_json (node, error);
}

static void
test_new (void)
{
  g_autoptr (YcCase) self = yc_case_new (NULL, item, "C07", NULL);

  g_assert_null (self->number);
  g_assert_cmpstr (self->item_code, ==, item->code);
  g_assert_cmpuint (self->item_version, ==, 2);
  g_assert_cmpstr (self->department_code, ==, "320826-SCJG");
  g_assert_cmpstr (self->window_code, ==, "C07");
  g_assert_null (self->township_code);
  g_assert_cmpint (self->state, ==, YC_CASE_STATE_DRAFT);
  g_assert_cmpint (self->decision, ==, YC_CASE_STATE_DRAFT);
  g_assert_cmpuint (self->materials->len, ==, 2);
  g_assert_cmpuint (self->events->len, ==, 0);
  g_assert_cmpuint (self->branches->len, ==, 0);
  g_assert_cmpint (self->version, ==, 0);
  g_assert_cmpint (yc_case_find_material (self, "M02")->status, ==, YC_MATERIAL_STATUS_PENDING);
  g_assert_null (yc_case_find_material (self, "M03"));
  g_assert_null (yc_case_find_material (self, NULL));
}

static void
test_round_trip (void)
{
  g_autoptr (YcCase) self = rich_case ();
  g_autoptr (YcCase) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = to_string (self);
  g_autofree char *second = NULL;

  back = from_string (first, &error);
  g_assert_no_error (error);
  second = to_string (back);
  g_assert_cmpstr (first, ==, second);

  /* times keep their instant and their offset */
  g_assert_nonnull (strstr (first, "\"2026-11-29T09:15:02+08:00\""));
  g_assert_nonnull (strstr (first, "\"2026-11-29T01:20:00.250000+00:00\""));
  g_assert_nonnull (strstr (first, "\"2026-11-30T10:00:00-05:30\""));
  for (guint i = 0; i < self->events->len; i++)
    {
      const YcCaseEvent *a = g_ptr_array_index (self->events, i);
      const YcCaseEvent *b = g_ptr_array_index (back->events, i);

      g_assert_true (g_date_time_equal (a->at, b->at));
      g_assert_cmpint (g_date_time_get_utc_offset (a->at), ==,
                       g_date_time_get_utc_offset (b->at));
    }
  g_assert_cmpint (back->state_before_suspension, ==, YC_CASE_STATE_IN_REVIEW);
  g_assert_cmpint (back->decision, ==, YC_CASE_STATE_APPROVED);
  g_assert_cmpstr (back->applicant.address, ==, "涟水县红日大道1号\n二楼");
  g_assert_true (yc_case_find_material (back, "M02")->noticed);
  g_assert_cmpint (back->version, ==, 7);

  /* a fresh case with its nulls round-trips too */
  {
    g_autoptr (YcCase) fresh = yc_case_new (NULL, item, NULL, NULL);
    g_autoptr (YcCase) fresh_back = NULL;
    g_autofree char *a = to_string (fresh);
    g_autofree char *b = NULL;

    fresh_back = from_string (a, &error);
    g_assert_no_error (error);
    b = to_string (fresh_back);
    g_assert_cmpstr (a, ==, b);
    g_assert_cmpint (fresh_back->decision, ==, YC_CASE_STATE_DRAFT);
  }
}

static void
test_copy (void)
{
  g_autoptr (YcCase) self = rich_case ();
  g_autoptr (YcCase) copy = yc_case_copy (self);
  g_autofree char *a = to_string (self);
  g_autofree char *b = to_string (copy);
  YcCase *boxed;

  g_assert_cmpstr (a, ==, b);
  /* deep: changing the copy leaves the original alone */
  yc_case_find_material (copy, "M01")->status = YC_MATERIAL_STATUS_MISSING;
  g_assert_cmpint (yc_case_find_material (self, "M01")->status, ==,
                   YC_MATERIAL_STATUS_ORIGINAL_SEEN);
  g_assert_true (g_ptr_array_index (copy->events, 0) != g_ptr_array_index (self->events, 0));

  g_assert_true (G_TYPE_IS_BOXED (YC_TYPE_CASE));
  g_assert_cmpstr (g_type_name (YC_TYPE_CASE), ==, "YcCase");
  boxed = g_boxed_copy (YC_TYPE_CASE, self);
  g_assert_cmpstr (boxed->number, ==, self->number);
  g_boxed_free (YC_TYPE_CASE, boxed);
}

/* Shape errors: each mutation of a valid document must give YC_CASE_ERROR_PARSE naming the
 * field. */

typedef struct
{
  const char *object;        /* "", "applicant", "materials", "events", "branches" (element 0) */
  const char *key;
  const char *value;         /* JSON text, or NULL to remove the member */
  const char *fragment;      /* the message names this */
} ShapeRow;

static const ShapeRow shape_rows[] = {
  { "", "item_code", NULL, "item_code" },
  { "", "item_code", "12", "item_code" },
  { "", "item_version", "0", "item_version" },
  { "", "item_version", "\"2\"", "item_version" },
  { "", "item_version", NULL, "item_version" },
  { "", "number", "[]", "number" },
  { "", "state", "\"limbo\"", "state" },
  { "", "state", NULL, "state" },
  { "", "state_before_suspension", "3", "state_before_suspension" },
  { "", "decision", "\"closed\"", "decision" },
  { "", "applicant", "\"someone\"", "applicant" },
  { "", "applicant", NULL, "applicant" },
  { "", "materials", "{}", "materials" },
  { "", "materials", NULL, "materials" },
  { "", "materials", "[1]", "materials[0]" },
  { "", "events", "null", "events" },
  { "", "events", "[\"x\"]", "events[0]" },
  { "", "branches", "7", "branches" },
  { "", "branches", "[[]]", "branches[0]" },
  { "", "received_by", "false", "received_by" },
  { "", "delivery_detail", "1.5", "delivery_detail" },
  { "", "version", "-1", "version" },
  { "", "version", "1.5", "version" },
  { "applicant", "kind", "\"robot\"", "applicant.kind" },
  { "applicant", "kind", NULL, "applicant.kind" },
  { "applicant", "name", "{}", "applicant.name" },
  { "applicant", "agent_phone", "5", "applicant.agent_phone" },
  { "materials", "code", NULL, "materials[0].code" },
  { "materials", "status", "\"lost\"", "materials[0].status" },
  { "materials", "noticed", "\"yes\"", "materials[0].noticed" },
  { "materials", "reason", "3", "materials[0].reason" },
  { "events", "action", "\"teleport\"", "events[0].action" },
  { "events", "from", "\"nowhere\"", "events[0].from" },
  { "events", "to", NULL, "events[0].to" },
  { "events", "at", "\"2026-11-29T09:15:02\"", "events[0].at" },
  { "events", "at", "\"yesterday\"", "events[0].at" },
  { "events", "at", NULL, "events[0].at" },
  { "events", "user", "[]", "events[0].user" },
  { "branches", "department_code", NULL, "branches[0].department_code" },
  { "branches", "state", "\"draft\"", "branches[0].state" },
  { "branches", "state", "\"nope\"", "branches[0].state" },
  { "branches", "reason", "0", "branches[0].reason" },
};

static void
test_shape_errors (void)
{
  g_autoptr (YcCase) self = rich_case ();
  g_autofree char *text = to_string (self);

  for (guint i = 0; i < G_N_ELEMENTS (shape_rows); i++)
    {
      const ShapeRow *row = &shape_rows[i];
      g_autoptr (JsonNode) node = json_from_string (text, NULL);
      JsonObject *object = json_node_get_object (node);
      g_autoptr (YcCase) parsed = NULL;
      g_autoptr (GError) error = NULL;

      if (*row->object != '\0')
        {
          JsonNode *member = json_object_get_member (object, row->object);

          if (JSON_NODE_HOLDS_ARRAY (member))
            object = json_array_get_object_element (json_node_get_array (member), 0);
          else
            object = json_node_get_object (member);
        }
      if (row->value == NULL)
        json_object_remove_member (object, row->key);
      else
        json_object_set_member (object, row->key, json_from_string (row->value, NULL));

      parsed = yc_case_from_json (node, &error);
      g_assert_null (parsed);
      g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_PARSE);
      g_test_message ("%s.%s → %s", row->object, row->key, error->message);
      if (strstr (error->message, row->fragment) == NULL)
        g_error ("“%s” does not name %s", error->message, row->fragment);
    }

  /* not an object at all */
  {
    g_autoptr (JsonNode) array = json_from_string ("[1, 2]", NULL);
    g_autoptr (GError) error = NULL;

    g_assert_null (yc_case_from_json (array, &error));
    g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_PARSE);
  }
}

/* Optional members may be absent; other keys are ignored. */
static void
test_minimal_document (void)
{
  static const char text[] =
    "{\"version\": 0, \"events\": [], \"branches\": [], \"extra\": true,"
    " \"state\": \"received\", \"state_before_suspension\": \"draft\","
    " \"item_version\": 1, \"item_code\": \"X\","
    " \"applicant\": {\"kind\": \"person\", \"name\": \"张三\"},"
    " \"materials\": [{\"code\": \"M01\", \"status\": \"missing\"}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (YcCase) self = from_string (text, &error);

  g_assert_no_error (error);
  g_assert_cmpint (self->state, ==, YC_CASE_STATE_RECEIVED);
  g_assert_null (self->number);
  g_assert_null (self->township_code);
  g_assert_cmpint (self->decision, ==, YC_CASE_STATE_DRAFT);
  g_assert_cmpstr (self->applicant.name, ==, "张三");
  g_assert_null (self->applicant.id_number);
  g_assert_false (yc_case_find_material (self, "M01")->noticed);
}

static void
test_material_json (void)
{
  g_autoptr (YcCaseMaterial) material = yc_case_material_new ("M02", YC_MATERIAL_STATUS_DEFICIENT,
                                                              "未签字");
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (YcCaseMaterial) back = NULL;
  g_autoptr (JsonNode) bad = json_from_string ("{\"code\": \"M02\", \"status\": \"lost\"}", NULL);
  g_autoptr (JsonNode) not_object = json_from_string ("\"M02\"", NULL);
  g_autoptr (GError) error = NULL;

  material->noticed = TRUE;
  node = yc_case_material_to_json (material);
  back = yc_case_material_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->code, ==, "M02");
  g_assert_cmpint (back->status, ==, YC_MATERIAL_STATUS_DEFICIENT);
  g_assert_cmpstr (back->reason, ==, "未签字");
  g_assert_true (back->noticed);
  g_assert_false (back->original_checked);

  g_assert_null (yc_case_material_from_json (bad, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (yc_case_material_from_json (not_object, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_PARSE);
}

static void
test_applicant_json (void)
{
  g_autoptr (YcCase) self = rich_case ();
  g_autoptr (JsonNode) node = yc_applicant_to_json (&self->applicant);
  g_autoptr (JsonNode) bad = json_from_string ("{\"kind\": \"person\", \"name\": 3}", NULL);
  g_autoptr (JsonNode) not_object = json_from_string ("3", NULL);
  g_autoptr (GError) error = NULL;
  YcApplicant back = { 0 };

  g_assert_true (yc_applicant_from_json (node, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpint (back.kind, ==, YC_APPLICANT_ORGANISATION);
  g_assert_cmpstr (back.name, ==, self->applicant.name);
  g_assert_cmpstr (back.uscc_override_reason, ==, self->applicant.uscc_override_reason);
  g_assert_cmpstr (back.agent_id_number, ==, "11010519491231002X");

  /* on error the applicant is left cleared */
  g_assert_false (yc_applicant_from_json (bad, &back, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_PARSE);
  g_assert_null (back.name);
  g_assert_null (back.agent_id_number);
  g_clear_error (&error);
  g_assert_false (yc_applicant_from_json (not_object, &back, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_PARSE);
  yc_applicant_clear (&back);
}

/* The applicant check */

typedef struct
{
  const char     *path;
  YcApplicantKind kind;
  const char     *name;
  const char     *id;
  const char     *override;
  const char     *agent_name;
  const char     *agent_id;
  gboolean        valid;
} ApplicantRow;

static const ApplicantRow applicant_rows[] = {
  { "person", YC_APPLICANT_PERSON, "王小明", "11010519491231002X", NULL, NULL, NULL, TRUE },
  { "person-lower-x", YC_APPLICANT_PERSON, "王小明", "11010519491231002x", NULL, NULL, NULL,
    TRUE },
  { "person-bad-check", YC_APPLICANT_PERSON, "王小明", "110105194912310021", NULL, NULL, NULL,
    FALSE },
  { "person-no-id", YC_APPLICANT_PERSON, "王小明", NULL, NULL, NULL, NULL, FALSE },
  { "person-blank-id", YC_APPLICANT_PERSON, "王小明", "  ", NULL, NULL, NULL, FALSE },
  { "person-born-later", YC_APPLICANT_PERSON, "王小明", "320826202706150041", NULL, NULL, NULL,
    FALSE },
  { "no-name", YC_APPLICANT_PERSON, NULL, "11010519491231002X", NULL, NULL, NULL, FALSE },
  { "blank-name", YC_APPLICANT_PERSON, " \t　", "11010519491231002X", NULL, NULL, NULL, FALSE },
  { "organisation", YC_APPLICANT_ORGANISATION, "某公司", "91350100M000100Y43", NULL, NULL, NULL,
    TRUE },
  { "organisation-2", YC_APPLICANT_ORGANISATION, "某公司", "91110000600037341L", NULL, NULL,
    NULL, TRUE },
  { "uscc-mismatch", YC_APPLICANT_ORGANISATION, "某公司", "91350100M000100Y44", NULL, NULL,
    NULL, FALSE },
  { "uscc-mismatch-blank-reason", YC_APPLICANT_ORGANISATION, "某公司", "91350100M000100Y44",
    "  ", NULL, NULL, FALSE },
  { "uscc-mismatch-overridden", YC_APPLICANT_ORGANISATION, "某公司", "91350100M000100Y44",
    "执照原件如此", NULL, NULL, TRUE },
  { "uscc-malformed-overridden", YC_APPLICANT_ORGANISATION, "某公司", "91350100M0001OOY43",
    "执照原件如此", NULL, NULL, FALSE },
  { "uscc-short", YC_APPLICANT_ORGANISATION, "某公司", "9135", NULL, NULL, NULL, FALSE },
  { "organisation-no-code", YC_APPLICANT_ORGANISATION, "某公司", NULL, NULL, NULL, NULL, FALSE },
  { "organisation-citizen-id", YC_APPLICANT_ORGANISATION, "某公司", "11010519491231002X", NULL,
    NULL, NULL, FALSE },
  { "agent", YC_APPLICANT_ORGANISATION, "某公司", "91350100M000100Y43", NULL, "李四",
    "440524188001010014", TRUE },
  { "agent-no-id", YC_APPLICANT_ORGANISATION, "某公司", "91350100M000100Y43", NULL, "李四", NULL,
    FALSE },
  { "agent-bad-id", YC_APPLICANT_PERSON, "王小明", "11010519491231002X", NULL, "李四",
    "110105194912310021", FALSE },
  { "agent-id-no-name", YC_APPLICANT_PERSON, "王小明", "11010519491231002X", NULL, NULL,
    "440524188001010014", FALSE },
};

static void
test_applicant_validate (gconstpointer data)
{
  const ApplicantRow *row = data;
  g_autoptr (GDate) today = g_date_new_dmy (29, G_DATE_NOVEMBER, 2026);
  g_autoptr (GError) error = NULL;
  YcApplicant applicant = { 0 };

  applicant.kind = row->kind;
  applicant.name = g_strdup (row->name);
  applicant.id_number = g_strdup (row->id);
  applicant.uscc_override_reason = g_strdup (row->override);
  applicant.agent_name = g_strdup (row->agent_name);
  applicant.agent_id_number = g_strdup (row->agent_id);

  if (row->valid)
    {
      g_assert_true (yc_applicant_validate (&applicant, today, &error));
      g_assert_no_error (error);
    }
  else
    {
      g_assert_false (yc_applicant_validate (&applicant, today, &error));
      g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID);
      g_assert_cmpuint (strlen (error->message), >, 0);
      g_test_message ("%s", error->message);
    }
  yc_applicant_clear (&applicant);
}

static void
test_string_maps (void)
{
  for (guint i = 0; i < YC_CASE_N_STATES; i++)
    {
      YcCaseState state;

      g_assert_true (yc_case_state_from_string (yc_case_state_to_string (i), &state));
      g_assert_cmpuint (state, ==, i);
      g_assert_cmpuint (strlen (yc_case_state_get_label (i)), >, 0);
    }
  for (guint i = 0; i <= YC_MATERIAL_STATUS_DEFICIENT; i++)
    {
      YcMaterialStatus status;

      g_assert_true (yc_material_status_from_string (yc_material_status_to_string (i), &status));
      g_assert_cmpuint (status, ==, i);
      g_assert_cmpuint (strlen (yc_material_status_get_label (i)), >, 0);
    }
  g_assert_cmpstr (yc_case_state_to_string (YC_CASE_STATE_ACCEPTED_PENDING_MATERIALS), ==,
                   "accepted_pending_materials");
  g_assert_cmpstr (yc_material_status_to_string (YC_MATERIAL_STATUS_ORIGINAL_SEEN), ==,
                   "original_seen");
  g_assert_false (yc_case_state_from_string ("Received", NULL));
  g_assert_false (yc_case_state_from_string (NULL, NULL));
  g_assert_false (yc_material_status_from_string ("gone", NULL));
  g_assert_false (yc_material_status_from_string (NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  node = json_from_string (item_json, &error);
  g_assert_no_error (error);
  item = yc_item_from_json (node, &error);
  g_assert_no_error (error);

  g_test_add_func ("/case/new", test_new);
  g_test_add_func ("/case/round-trip", test_round_trip);
  g_test_add_func ("/case/copy", test_copy);
  g_test_add_func ("/case/shape-errors", test_shape_errors);
  g_test_add_func ("/case/minimal-document", test_minimal_document);
  g_test_add_func ("/case/material-json", test_material_json);
  g_test_add_func ("/case/applicant-json", test_applicant_json);
  for (guint i = 0; i < G_N_ELEMENTS (applicant_rows); i++)
    {
      g_autofree char *path = g_strconcat ("/case/applicant/", applicant_rows[i].path, NULL);

      g_test_add_data_func (path, &applicant_rows[i], test_applicant_validate);
    }
  g_test_add_func ("/case/string-maps", test_string_maps);

  status = g_test_run ();
  g_clear_pointer (&item, yc_item_unref);
  return status;
}
