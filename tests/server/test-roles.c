/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who may do what, through HTTP. Cases of every kind (hall, delegated to a township,
 * forwarded to the county, parallel, 容缺) are walked through their states; at each state
 * every action is tried by every kind of user (clerk, own and other township, chief of the
 * case's and of another department, township chief, administrator). The expected answer is
 * what libyc-core's yc_case_apply says for the same case, actor and arguments: refusals must
 * come back with the matching status and problem code and change nothing; each allowed
 * transition is carried out on a twin case and must land where the core says. Explicit checks
 * pin the rules the oracle must itself obey (a chief takes no intake, nobody signs off their
 * own intake, no seal before sign-off, a township decides only delegated items). */
#include "config.h"

#include <string.h>

#include "yc-test-server.h"

typedef struct
{
  const char *user;
  const char *action;
  const char *extra;             /* JSON members added to {"version": n} */
} Step;

typedef struct
{
  const char *name;
  const char *user;              /* who takes it in */
  const char *item;
  const char *window;
  const char *township;
  const char *missing;           /* a material marked missing at intake, or NULL */
  const Step *steps;
  guint       n_steps;
} Scenario;

#define REASON "\"reason\": \"依法审查\""
#define REFUSAL "\"reason\": \"不符合受理条件\", \"legal_basis\": \"《行政许可法》第三十二条\""
#define COURIER "\"delivery_method\": \"courier\", \"delivery_detail\": \"SF1234567890\""

static const Step hall_steps[] = {
  { "clerk1", "accept", NULL },
  { "clerk1", "start_review", NULL },
  { "clerk1", "suspend", REASON },
  { "clerk1", "resume", REASON },
  { "clerk1", "submit_signoff", NULL },
  { "chief_scjg", "approve", REASON },
  { "clerk1", "certify", NULL },
  { "clerk1", "deliver", COURIER },
  { "clerk1", "close", NULL },
};

static const Step notice_steps[] = {
  { "clerk1", "request_materials",
    "\"materials\": [{\"code\": \"M02\", \"status\": \"deficient\", \"reason\": \"复印不清\"}]" },
  { "clerk1", "supply", "\"materials\": [{\"code\": \"M02\", \"status\": \"original_seen\"}]" },
  { "clerk1", "refuse", REFUSAL },
  { "clerk1", "close", NULL },
};

static const Step denial_steps[] = {
  { "clerk1", "accept", NULL },
  { "clerk1", "start_review", NULL },
  { "clerk1", "submit_signoff", NULL },
  { "chief_scjg", "deny", REASON },
  { "clerk1", "close", NULL },
};

static const Step delegated_steps[] = {
  { "town1", "accept", NULL },
  { "town1", "start_review", NULL },
  { "town1", "submit_signoff", NULL },
  { "chief_town1", "approve", REASON },
  { "town1", "certify", NULL },
};

static const Step forwarded_steps[] = {
  { "town1", "accept", NULL },
  { "town1", "forward_to_county", NULL },
  { "clerk1", "start_review", NULL },
  { "clerk1", "submit_signoff", NULL },
  { "chief_scjg", "approve", REASON },
  { "clerk1", "return_to_township", NULL },
  { "town1", "certify", NULL },
};

static const Step parallel_steps[] = {
  { "clerk1", "accept", NULL },
  { "clerk1", "start_review", NULL },
  { "clerk1", "submit_signoff", NULL },
  { "chief_fgw", "approve", REASON },
  { "chief_shbj", "approve", REASON },
};

static const Step pending_steps[] = {
  { "clerk1", "accept_pending", NULL },
  { "clerk1", "start_review", NULL },
  { "clerk1", "submit_signoff", NULL },
  { "chief_scjg", "approve", REASON },
  { "clerk1", "supply", "\"materials\": [{\"code\": \"M05\", \"status\": \"original_seen\"}]" },
  { "clerk1", "certify", NULL },
};

static const Scenario scenarios[] = {
  { "hall", "clerk2", YC_TEST_HALL_ITEM, "C02", NULL, NULL, hall_steps,
    G_N_ELEMENTS (hall_steps) },
  { "notice", "clerk2", YC_TEST_HALL_ITEM, "C02", NULL, NULL, notice_steps,
    G_N_ELEMENTS (notice_steps) },
  { "denial", "clerk2", YC_TEST_HALL_ITEM, "C02", NULL, NULL, denial_steps,
    G_N_ELEMENTS (denial_steps) },
  { "delegated", "town1", YC_TEST_DELEGATED_ITEM, "T01W1", YC_TEST_TOWNSHIP, NULL,
    delegated_steps, G_N_ELEMENTS (delegated_steps) },
  { "forwarded", "town1", YC_TEST_HALL_ITEM, "T01W1", YC_TEST_TOWNSHIP, NULL, forwarded_steps,
    G_N_ELEMENTS (forwarded_steps) },
  { "parallel", "clerk2", YC_TEST_PARALLEL_ITEM, "C02", NULL, NULL, parallel_steps,
    G_N_ELEMENTS (parallel_steps) },
  { "pending", "clerk2", YC_TEST_MISSING_ITEM, "C02", NULL, "M05", pending_steps,
    G_N_ELEMENTS (pending_steps) },
};

/* One of each kind of user. */
static const char *const users[] = {
  "clerk1", "town1", "town2", "chief_scjg", "chief_fgw", "chief_town1", "admin",
};

static YcTestServer *server;
static SoupSession *session;
static GHashTable *tokens;
static guint sequence = 1;
static guint n_refused, n_allowed;

static const char *
token (const char *user)
{
  char *t = g_hash_table_lookup (tokens, user);

  if (t == NULL)
    {
      t = yc_test_login (session, server, user);
      g_hash_table_insert (tokens, g_strdup (user), t);
    }
  return t;
}

static YcTestResponse *
post (const char *user,
      const char *number,
      const char *action,
      gint64      version,
      const char *extra)
{
  g_autofree char *url = g_strdup_printf ("%s/cases/%s/actions/%s", server->base, number,
                                          action);
  g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "%s%s}", version,
                                           extra != NULL ? ", " : "", extra != NULL ? extra : "");

  return yc_test_post_json (session, url, token (user), body, NULL);
}

static JsonObject *
case_of (YcTestResponse *r)
{
  return json_object_get_object_member (yc_test_object (r), "case");
}

/* The case as the server has it, read by @user. */
static YcTestResponse *
fetch (const char *number,
       const char *user)
{
  g_autofree char *url = g_strdup_printf ("%s/cases/%s", server->base, number);
  YcTestResponse *r = yc_test_get (session, url, token (user));

  g_assert_cmpuint (r->status, ==, 200);
  return r;
}

static char *
intake (const Scenario *s)
{
  YcItem *item = yc_catalogue_get_item (yc_test_catalogue (), s->item);
  g_autoptr (GString) materials = g_string_new (NULL);
  g_autofree char *url = g_strconcat (server->base, "/cases", NULL);
  char *number = yc_test_case_number (s->window, sequence++);
  g_autofree char *township = s->township != NULL
                                ? g_strdup_printf ("\"township_code\": \"%s\", ", s->township)
                                : g_strdup ("");
  g_autofree char *body = NULL;
  g_autoptr (YcTestResponse) r = NULL;

  for (guint i = 0; i < item->materials->len; i++)
    {
      YcMaterial *m = g_ptr_array_index (item->materials, i);
      gboolean missing = g_strcmp0 (m->code, s->missing) == 0;

      g_string_append_printf (materials, "%s{\"code\": \"%s\", \"status\": \"%s\"%s}",
                              i > 0 ? ", " : "", m->code,
                              missing ? "missing" : "original_seen",
                              missing ? ", \"reason\": \"未带\"" : "");
    }
  body = g_strdup_printf ("{\"number\": \"%s\", \"item_code\": \"%s\", \"window_code\": \"%s\", "
                          "%s\"applicant\": {\"kind\": \"person\", \"name\": \"赵六\", "
                          "\"id_number\": \"320826198001010015\"}, \"materials\": [%s]}",
                          number, s->item, s->window, township, materials->str);
  r = yc_test_post_json (session, url, token (s->user), body, NULL);
  if (r->status != 201)
    g_test_message ("%.*s", (int) g_bytes_get_size (r->body),
                    (const char *) g_bytes_get_data (r->body, NULL));
  g_assert_cmpuint (r->status, ==, 201);
  return number;
}

static void
run_step (const char *number,
          const Step *step)
{
  g_autoptr (YcTestResponse) now = fetch (number, "admin");
  g_autoptr (YcTestResponse) r = post (step->user, number, step->action,
                                       json_object_get_int_member (case_of (now), "version"),
                                       step->extra);

  if (r->status != 200)
    g_test_message ("%s by %s: %.*s", step->action, step->user,
                    (int) g_bytes_get_size (r->body),
                    (const char *) g_bytes_get_data (r->body, NULL));
  g_assert_cmpuint (r->status, ==, 200);
}

/* A fresh case of @s brought through its first @n_steps steps. */
static char *
twin (const Scenario *s,
      guint           n_steps)
{
  char *number = intake (s);

  for (guint i = 0; i < n_steps; i++)
    run_step (number, &s->steps[i]);
  return number;
}

/* Arguments that satisfy the parser (and, where the action needs them, the rules). */
static char *
extra_for (YcCaseAction  action,
           const YcCase *c,
           const YcItem *item)
{
  const YcMaterial *first = g_ptr_array_index (item->materials, 0);
  const char *noticed = first->code;

  for (guint i = 0; i < c->materials->len; i++)
    {
      YcCaseMaterial *m = g_ptr_array_index (c->materials, i);

      if (m->noticed)
        {
          noticed = m->code;
          break;
        }
    }
  switch (action)
    {
    case YC_ACTION_REQUEST_MATERIALS:
      return g_strdup_printf ("\"materials\": [{\"code\": \"%s\", \"status\": \"missing\", "
                              "\"reason\": \"未带\"}]", first->code);
    case YC_ACTION_SUPPLY:
      return g_strdup_printf ("\"materials\": [{\"code\": \"%s\", \"status\": "
                              "\"original_seen\"}]", noticed);
    case YC_ACTION_REFUSE:
      return g_strdup (REFUSAL);
    case YC_ACTION_SUSPEND:
    case YC_ACTION_RESUME:
    case YC_ACTION_APPROVE:
    case YC_ACTION_DENY:
      return g_strdup (REASON);
    case YC_ACTION_DELIVER:
      return g_strdup (COURIER);
    case YC_ACTION_RECEIVE:
    case YC_ACTION_ACCEPT:
    case YC_ACTION_ACCEPT_PENDING:
    case YC_ACTION_START_REVIEW:
    case YC_ACTION_FORWARD_TO_COUNTY:
    case YC_ACTION_RETURN_TO_TOWNSHIP:
    case YC_ACTION_SUBMIT_SIGNOFF:
    case YC_ACTION_CERTIFY:
    case YC_ACTION_CLOSE:
    case YC_N_ACTIONS:
    default:
      return NULL;
    }
}

/* The same arguments as the core sees them. */
static void
args_for (YcActionArgs *args,
          GPtrArray    *materials,
          YcCaseAction  action,
          const YcCase *c,
          const YcItem *item)
{
  g_autofree char *extra = extra_for (action, c, item);
  g_autofree char *json = g_strdup_printf ("{%s}", extra != NULL ? extra : "");
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o;

  *args = (YcActionArgs) { 0 };
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (o, "materials"))
    {
      JsonArray *array = json_object_get_array_member (o, "materials");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *m = json_array_get_object_element (array, i);
          YcMaterialStatus status;

          g_assert_true (yc_material_status_from_string (json_object_get_string_member (m,
                                                                                        "status"),
                                                         &status));
          g_ptr_array_add (materials, yc_case_material_new (
                                        json_object_get_string_member (m, "code"), status,
                                        json_object_get_string_member_with_default (m, "reason",
                                                                                    NULL)));
        }
      args->materials = materials;
    }
  /* Static strings that outlive the parser. */
  if (json_object_has_member (o, "legal_basis"))
    args->legal_basis = "《行政许可法》第三十二条";
  if (json_object_has_member (o, "reason"))
    args->reason = g_str_equal (json_object_get_string_member (o, "reason"), "依法审查")
                     ? "依法审查" : "不符合受理条件";
  if (json_object_has_member (o, "delivery_method"))
    {
      args->delivery_method = "courier";
      args->delivery_detail = "SF1234567890";
    }
}

static void
expected_problem (const GError *error,
                  guint        *status,
                  const char  **code)
{
  *status = 422;
  *code = "invalid";
  g_assert_true (error->domain == YC_CASE_ERROR);
  switch ((YcCaseError) error->code)
    {
    case YC_CASE_ERROR_ILLEGAL_TRANSITION:
      *status = 409;
      *code = "illegal-transition";
      break;
    case YC_CASE_ERROR_FORBIDDEN:
      *status = 403;
      *code = "forbidden";
      break;
    case YC_CASE_ERROR_SEPARATION_OF_DUTIES:
      *status = 403;
      *code = "separation-of-duties";
      break;
    case YC_CASE_ERROR_NOT_NOTICED:
      *code = "not-noticed";
      break;
    case YC_CASE_ERROR_MATERIALS_OUTSTANDING:
      *code = "materials-outstanding";
      break;
    case YC_CASE_ERROR_MISSING_ARGUMENT:
      *code = "missing-argument";
      break;
    case YC_CASE_ERROR_PARSE:
    case YC_CASE_ERROR_INVALID:
    default:
      break;
    }
}

/* Township staff and township chiefs see only their township's cases. */
static gboolean
may_read (const YcActor *actor,
          const YcCase  *c)
{
  if (actor->role == YC_ROLE_TOWNSHIP || (actor->role == YC_ROLE_CHIEF &&
                                          actor->township_code != NULL))
    return g_strcmp0 (actor->township_code, c->township_code) == 0;
  return TRUE;
}

static gboolean
lists_action (YcTestResponse *r,
              const char     *action)
{
  JsonArray *allowed = json_object_get_array_member (yc_test_object (r), "allowed_actions");

  for (guint i = 0; i < json_array_get_length (allowed); i++)
    if (g_str_equal (json_array_get_string_element (allowed, i), action))
      return TRUE;
  return FALSE;
}

/* Every user, every action, at the state the case of @s is in after @done steps. */
static void
check_state (const Scenario *s,
             const char     *number,
             guint           done)
{
  g_autoptr (YcTestResponse) before = fetch (number, "admin");
  g_autoptr (YcTestResponse) after = NULL;
  g_autoptr (YcCase) c = yc_case_from_json (json_object_get_member (yc_test_object (before),
                                                                    "case"), NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  YcItem *item;

  g_assert_nonnull (c);
  item = yc_catalogue_get_item_version (yc_test_catalogue (), c->item_code, c->item_version);
  g_test_message ("%s: state %s", s->name, yc_case_state_to_string (c->state));

  for (guint u = 0; u < G_N_ELEMENTS (users); u++)
    {
      const YcActor *actor = yc_test_actor (users[u]);
      g_autoptr (YcTestResponse) view = NULL;

      if (may_read (actor, c))
        view = fetch (number, users[u]);

      for (guint a = 0; a < YC_N_ACTIONS; a++)
        {
          const char *action = yc_case_action_to_string (a);
          g_autofree char *extra = extra_for (a, c, item);
          g_autoptr (GPtrArray) materials = g_ptr_array_new_with_free_func (
            (GDestroyNotify) yc_case_material_free);
          g_autoptr (YcCase) copy = yc_case_copy (c);
          g_autoptr (GError) error = NULL;
          YcActionArgs args;
          gboolean allowed;
          guint status = 403;
          const char *code = "forbidden";

          args_for (&args, materials, a, c, item);
          allowed = may_read (actor, c) &&
                    yc_case_apply (copy, item, actor, a, &args, now, &error);
          if (!may_read (actor, c))
            ;                    /* the server refuses before the core is asked */
          else if (!allowed)
            expected_problem (error, &status, &code);

          if (!allowed)
            {
              g_autoptr (YcTestResponse) r = post (users[u], number, action, c->version, extra);

              if (r->status != status || g_strcmp0 (yc_test_problem_code (r), code) != 0)
                g_test_message ("%s/%s: %s by %s: expected %u %s, got %u %s (%s)", s->name,
                                yc_case_state_to_string (c->state), action, users[u], status,
                                code, r->status, yc_test_problem_code (r),
                                error != NULL ? error->message : "scope");
              g_assert_cmpuint (r->status, ==, status);
              g_assert_cmpstr (yc_test_problem_code (r), ==, code);
              n_refused++;
              continue;
            }

          /* Allowed: the view offers it, and a twin case makes the move. */
          g_assert_true (lists_action (view, action) ||
                         !yc_case_can (c, item, actor, a, NULL));
          {
            g_autofree char *other = twin (s, done);
            g_autoptr (YcTestResponse) t = fetch (other, "admin");
            g_autoptr (YcTestResponse) r = post (users[u], other, action,
                                                 json_object_get_int_member (case_of (t),
                                                                             "version"),
                                                 extra);

            if (r->status != 200)
              g_test_message ("%s: %s by %s: %.*s", s->name, action, users[u],
                              (int) g_bytes_get_size (r->body),
                              (const char *) g_bytes_get_data (r->body, NULL));
            g_assert_cmpuint (r->status, ==, 200);
            g_assert_cmpstr (json_object_get_string_member (case_of (r), "state"), ==,
                             yc_case_state_to_string (copy->state));
            n_allowed++;
          }
        }
    }

  /* Every refusal left the case as it was. */
  after = fetch (number, "admin");
  g_assert_cmpint (json_object_get_int_member (case_of (after), "version"), ==, c->version);
}

static void
test_scenario (gconstpointer data)
{
  const Scenario *s = data;
  g_autofree char *number = intake (s);

  for (guint i = 0; i <= s->n_steps; i++)
    {
      check_state (s, number, i);
      if (i < s->n_steps)
        run_step (number, &s->steps[i]);
    }
  g_test_message ("%s: %u refusals and %u transitions checked", s->name, n_refused, n_allowed);
}

/* Rules stated outright, so that the oracle above cannot drift into allowing them. */
static void
test_explicit_rules (void)
{
  const Scenario *hall = &scenarios[0];
  const Scenario *forwarded = &scenarios[4];
  const Scenario *pending = &scenarios[6];
  g_autofree char *received = twin (hall, 0);
  g_autofree char *awaiting = twin (hall, 5);
  g_autofree char *forwarded_awaiting = twin (forwarded, 4);
  g_autofree char *held = twin (pending, 4);
  g_autofree char *township_case = twin (forwarded, 0);
  struct
  {
    const char *number;
    const char *user;
    const char *action;
    const char *extra;
    guint       status;
    const char *code;
  } rules[] = {
    { received, "chief_scjg", "accept", NULL, 403, "forbidden" },
    { received, "admin", "accept", NULL, 403, "forbidden" },
    { received, "clerk1", "certify", NULL, 409, "illegal-transition" },
    { awaiting, "clerk1", "approve", REASON, 403, "forbidden" },
    { awaiting, "chief_fgw", "approve", REASON, 403, "forbidden" },
    { awaiting, "chief_town1", "approve", REASON, 403, "forbidden" },
    { awaiting, "chief_scjg", "deny", NULL, 422, "missing-argument" },
    { forwarded_awaiting, "town1", "approve", REASON, 403, "forbidden" },
    { forwarded_awaiting, "chief_town1", "approve", REASON, 403, "forbidden" },
    { township_case, "town2", "accept", NULL, 403, "forbidden" },
    { township_case, "chief_town1", "accept", NULL, 403, "forbidden" },
    { held, "clerk1", "certify", NULL, 422, "materials-outstanding" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr (YcTestResponse) now = fetch (rules[i].number, "admin");
      gint64 version = json_object_get_int_member (case_of (now), "version");
      g_autoptr (YcTestResponse) r = post (rules[i].user, rules[i].number, rules[i].action,
                                           version, rules[i].extra);
      g_autoptr (YcTestResponse) later = fetch (rules[i].number, "admin");

      g_test_message ("%s by %s", rules[i].action, rules[i].user);
      g_assert_cmpuint (r->status, ==, rules[i].status);
      g_assert_cmpstr (yc_test_problem_code (r), ==, rules[i].code);
      g_assert_cmpint (json_object_get_int_member (case_of (later), "version"), ==, version);
    }

  /* No certificate seal either while materials are held. */
  {
    g_autofree char *url = g_strdup_printf ("%s/cases/%s/documents", server->base, held);
    g_autoptr (YcTestResponse) r = yc_test_post_json (
      session, url, token ("clerk1"),
      "{\"kind\": \"certificate\", \"sha256\": "
      "\"0000000000000000000000000000000000000000000000000000000000000000\"}", NULL);

    g_assert_cmpuint (r->status, ==, 422);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "materials-outstanding");
  }
}

/* A clerk promoted to chief may not sign off what they took in themselves. */
static void
test_separation_of_duties (void)
{
  g_autofree char *output = NULL;
  g_autofree char *url = g_strconcat (server->base, "/cases", NULL);
  g_autofree char *number = yc_test_case_number ("C03", sequence++);
  g_autofree char *body = yc_test_case_body (number, YC_TEST_HALL_ITEM, "C03", NULL, NULL);
  g_autofree char *promo = NULL;

  g_assert_cmpint (yc_test_server_admin (server, YC_TEST_PASSWORD "\n", &output, "add-user",
                                         "promo", "--role", "clerk", "--window", "C03", NULL),
                   ==, 0);
  promo = yc_test_login (session, server, "promo");
  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, url, promo, body, NULL);

    g_assert_cmpuint (r->status, ==, 201);
  }
  run_step (number, &(Step) { "clerk1", "accept", NULL });
  run_step (number, &(Step) { "clerk1", "start_review", NULL });
  run_step (number, &(Step) { "clerk1", "submit_signoff", NULL });

  g_assert_cmpint (yc_test_server_admin (server, NULL, NULL, "update-user", "promo", "--role",
                                         "chief", "--department", "320826-SCJG", "--window", "",
                                         NULL), ==, 0);
  /* The promotion ended the old session. */
  {
    g_autofree char *me = g_strconcat (server->base, "/me", NULL);
    g_autoptr (YcTestResponse) r = yc_test_get (session, me, promo);

    g_assert_cmpuint (r->status, ==, 401);
  }
  g_free (promo);
  promo = yc_test_login (session, server, "promo");
  {
    g_autofree char *act = g_strdup_printf ("%s/cases/%s/actions/approve", server->base, number);
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, act, promo,
                                                      "{\"version\": 4, " REASON "}", NULL);

    g_assert_cmpuint (r->status, ==, 403);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "separation-of-duties");
  }
  run_step (number, &(Step) { "chief_scjg", "approve", REASON });
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = yc_test_server_start ("[server]\nlog-requests=false\n");
  session = soup_session_new ();
  tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/server/roles/%s", scenarios[i].name);

      g_test_add_data_func (path, &scenarios[i], test_scenario);
    }
  g_test_add_func ("/server/roles/explicit", test_explicit_rules);
  g_test_add_func ("/server/roles/separation-of-duties", test_separation_of_duties);
  status = g_test_run ();

  g_hash_table_unref (tokens);
  g_object_unref (session);
  yc_test_server_free (server);
  return status;
}
