/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue: the demo data through the codec, every rejection path (exact code, the field
 * and item named, nothing added), versions, lookups, the item picker and pinyin initials. */
#include "config.h"

#include <locale.h>

#include "yc-catalogue.h"
#include "yc-ids.h"

#define SCJG "320826-SCJG"
#define GTGSH_ITEM "320826-SCJG-XK-001"  /* 个体工商户设立登记 */
#define MARRIAGE_ITEM "320826-MZ-QR-001" /* 内地居民结婚登记 */
#define FOOD_ITEM "320826-SCJG-XK-004"   /* 食品经营许可, versions 1 and 2 */
#define LIANCHENG "320826100"
#define GAOGOU "320826101"

static char *
demo_path (const char *name)
{
  const char *datadir = g_getenv ("YC_DATADIR");

  return g_build_filename (datadir != NULL ? datadir : SOURCE_DATADIR, "demo", name, NULL);
}

static YcCatalogue *
load_demo (void)
{
  g_autoptr(YcCatalogue) catalogue = yc_catalogue_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = demo_path ("catalogue.json");

  yc_catalogue_load_file (catalogue, path, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&catalogue);
}

static JsonNode *
parse_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
parse_demo_file (const char *name)
{
  g_autofree char *path = demo_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return parse_json (contents);
}

static guint
count_han (const char *str)
{
  guint n = 0;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
        n++;
    }

  return n;
}

static guint
count_ascii_alnum (const char *str)
{
  guint n = 0;

  for (const char *p = str; *p != '\0'; p++)
    n += g_ascii_isalnum (*p) ? 1 : 0;

  return n;
}

/* Demo data */

static void
test_demo_loads (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(GPtrArray) items = yc_catalogue_list_items (catalogue);
  g_autoptr(GPtrArray) departments = yc_catalogue_list_departments (catalogue);
  g_autoptr(GPtrArray) townships = yc_catalogue_list_townships (catalogue);
  g_autoptr(GHashTable) implementing = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 legal = 0, committed = 0;
  guint allows_missing = 0, parallel = 0, delegated = 0, licences = 0, charged = 0;

  g_assert_cmpuint (items->len, >=, 40);
  g_assert_cmpuint (yc_catalogue_get_n_items (catalogue), ==, items->len);
  g_assert_cmpuint (departments->len, >=, 12);
  g_assert_cmpuint (townships->len, ==, 19);

  /* Every department issues certificates, so each has its own valid credit code. */
  {
    g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < departments->len; i++)
      {
        YcDepartment *department = g_ptr_array_index (departments, i);

        g_assert_nonnull (department->uscc);
        g_assert_cmpint (yc_uscc_check (department->uscc, NULL), ==, YC_USCC_VALID);
        g_assert_true (g_str_has_prefix (department->uscc, "11320826"));
        g_assert_true (g_hash_table_add (codes, department->uscc));
      }
  }

  for (guint i = 0; i < townships->len; i++)
    {
      YcTownship *township = g_ptr_array_index (townships, i);
      g_autoptr(GPtrArray) windows = yc_catalogue_list_township_windows (catalogue,
                                                                         township->code);

      g_assert_true (g_str_has_prefix (township->code, "320826"));
      g_assert_cmpuint (strlen (township->code), ==, 9);
      g_assert_cmpuint (windows->len, >=, 1);
      g_assert_true (g_str_has_prefix (township->phone, "0517-8"));
    }

  for (guint i = 0; i < items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (items, i);
      gboolean has_optional = FALSE;

      g_hash_table_add (implementing, item->department_code);
      legal += item->legal_limit;
      committed += item->committed_limit;
      parallel += g_strv_length (item->parallel_departments) > 0;
      delegated += g_strv_length (item->townships) > 0;
      licences += item->licence_type != NULL;
      charged += item->charged;
      g_assert_true (g_str_has_prefix (item->phone, "0517-8"));
      g_assert_cmpuint (strlen (item->phone), ==, 13);
      g_assert_nonnull (item->legal_basis);
      g_assert_cmpuint (item->materials->len, >=, 1);
      for (guint m = 0; m < item->materials->len; m++)
        {
          const YcMaterial *material = g_ptr_array_index (item->materials, m);

          has_optional |= !material->essential;
        }
      /* 容缺受理 is only meaningful with something that may be missing. */
      if (item->allows_missing)
        {
          g_assert_true (has_optional);
          allows_missing++;
        }
      if (item->type == YC_ITEM_TYPE_LICENSING)
        g_assert_nonnull (item->refusal_basis);
    }

  g_assert_cmpuint (g_hash_table_size (implementing), >=, 12);
  g_assert_cmpuint (allows_missing, >=, 5);
  g_assert_cmpuint (parallel, >=, 4);
  g_assert_cmpuint (delegated, >=, 10);
  g_assert_cmpuint (licences, >=, 20);
  g_assert_cmpuint (charged, >=, 3);
  /* The article: committed limits 80.9 % shorter than the legal ones on average. */
  g_test_message ("committed limits %.1f %% shorter than legal",
                  100.0 * (1.0 - (double) committed / (double) legal));
  g_assert_cmpfloat ((double) committed / (double) legal, >, 0.15);
  g_assert_cmpfloat ((double) committed / (double) legal, <, 0.25);

  for (guint n = 1; n <= 16; n++)
    {
      g_autofree char *code = g_strdup_printf ("C%02u", n);
      YcWindow *window = yc_catalogue_get_window (catalogue, code);

      g_assert_nonnull (window);
      g_assert_null (window->township_code);
    }
}

static void
test_demo_construction (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  const struct
  {
    const char *code;
    const char *parallel[4];
  } cases[] = {
    { "320826-ZRGH-XK-002", { "320826-SHBJ", "320826-ZJ", "320826-RF", NULL } },
    { "320826-ZJ-XK-001", { "320826-ZRGH", "320826-RF", "320826-SHBJ", NULL } },
    { "320826-ZRGH-QR-002", { "320826-ZJ", "320826-SWJ", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      YcItem *item = yc_catalogue_get_item (catalogue, cases[i].code);

      g_assert_nonnull (item);
      g_assert_cmpstrv (item->parallel_departments, cases[i].parallel);
      for (guint p = 0; cases[i].parallel[p] != NULL; p++)
        g_assert_nonnull (yc_catalogue_get_department (catalogue, cases[i].parallel[p]));
    }

  /* Property transfer: 1 week → 1 day (article); registration entrusted to its centre. */
  g_assert_cmpuint (yc_catalogue_get_item (catalogue, "320826-ZRGH-QR-002")->committed_limit,
                    ==, 1);
  g_assert_cmpstr (yc_catalogue_get_item (catalogue, "320826-ZRGH-QR-002")
                   ->entrusted_department_code, ==, "320826-BDC");
}

/* Every string in the demo files: each Han character gets an initial. */
static void
check_strings (JsonNode *node,
               guint    *checked)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        check_strings (json_object_get_member (object, l->data), checked);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        check_strings (json_array_get_element (array, i), checked);
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *str = json_node_get_string (node);
      g_autofree char *initials = yc_pinyin_initials (str);
      g_autofree char *normal = g_utf8_normalize (str, -1, G_NORMALIZE_NFKC);

      if (strlen (initials) != count_han (normal) + count_ascii_alnum (normal))
        g_error ("“%s” → “%s”: a character lost its initial", str, initials);
      *checked += count_han (str);
    }
}

static void
test_demo_pinyin_complete (void)
{
  const char * const files[] = { "catalogue.json", "users.json" };
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(JsonNode) root = parse_demo_file (files[i]);

      check_strings (root, &checked);
    }

  g_test_message ("%u Han characters checked", checked);
  g_assert_cmpuint (checked, >, 5000);
}

static void
test_demo_item_initials (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(GPtrArray) items = yc_catalogue_list_items (catalogue);

  for (guint i = 0; i < items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (items, i);
      g_autofree char *computed = yc_pinyin_initials (item->name);

      /* The file leaves initials to the loader: they are computed, one per character. */
      g_assert_cmpstr (item->initials, ==, computed);
      g_assert_cmpuint (strlen (item->initials), ==, count_han (item->name));
    }

  g_assert_cmpstr (yc_catalogue_get_item (catalogue, GTGSH_ITEM)->initials, ==, "gtgshsldj");
  /* 多音字 as they occur in the demo names: 行业 hángyè, 重特大/重度 zhòng. */
  g_assert_cmpstr (yc_catalogue_get_item (catalogue, "320826-GA-XK-001")->initials, ==,
                   "lgytzhyxkzhf");
  g_assert_cmpstr (yc_catalogue_get_item (catalogue, "320826-YB-JF-001")->initials, ==,
                   "ztdjbyljz");
  g_assert_cmpstr (yc_catalogue_get_item (catalogue, "320826-MZ-JF-003")->initials, ==,
                   "kncjrshbthzdcjrhlbt");
  g_assert_cmpstr (yc_catalogue_get_item (catalogue, "320826-CZ-GG-001")->initials, ==,
                   "kjryxxcj");
}

static void
test_demo_users (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(JsonNode) root = parse_demo_file ("users.json");
  JsonArray *users = json_object_get_array_member (json_node_get_object (root), "users");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) chiefs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) staffed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = yc_catalogue_list_items (catalogue);
  g_autoptr(GPtrArray) townships = yc_catalogue_list_townships (catalogue);
  guint roles[4] = { 0 };

  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      const char *login = json_object_get_string_member (user, "user");
      const char *role = json_object_get_string_member (user, "role");
      const char *department = json_object_get_string_member_with_default (user,
                                                                           "department_code",
                                                                           NULL);
      const char *township = json_object_get_string_member_with_default (user, "township_code",
                                                                         NULL);
      const char *window_code = json_object_get_string_member_with_default (user,
                                                                            "window_code", NULL);
      YcWindow *window = yc_catalogue_get_window (catalogue, window_code);

      g_assert_true (g_hash_table_add (names, (gpointer) login));
      g_assert_cmpuint (strlen (json_object_get_string_member (user, "password")), >=, 8);
      g_assert_cmpuint (count_han (json_object_get_string_member (user, "display_name")), >=, 2);

      if (g_str_equal (role, "clerk"))
        {
          roles[0]++;
          g_assert_nonnull (window);
          g_assert_null (window->township_code);
          g_assert_null (department);
          g_assert_null (township);
        }
      else if (g_str_equal (role, "township"))
        {
          roles[1]++;
          g_assert_nonnull (yc_catalogue_get_township (catalogue, township));
          g_assert_nonnull (window);
          g_assert_cmpstr (window->township_code, ==, township);
          g_hash_table_add (staffed, (gpointer) township);
        }
      else if (g_str_equal (role, "chief"))
        {
          roles[2]++;
          /* A department chief or a township chief, never both. */
          g_assert_true ((department == NULL) != (township == NULL));
          if (department != NULL)
            g_assert_nonnull (yc_catalogue_get_department (catalogue, department));
          else
            g_assert_nonnull (yc_catalogue_get_township (catalogue, township));
          g_hash_table_add (chiefs, (gpointer) (department != NULL ? department : township));
        }
      else
        {
          g_assert_cmpstr (role, ==, "admin");
          roles[3]++;
        }
    }

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    g_assert_cmpuint (roles[r], >=, 1);
  g_assert_cmpuint (roles[0], ==, 16);

  /* Every department that implements an item and every township has someone to sign off. */
  for (guint i = 0; i < items->len; i++)
    g_assert_true (g_hash_table_contains (chiefs,
                                          ((YcItem *) g_ptr_array_index (items, i))
                                          ->department_code));
  for (guint i = 0; i < townships->len; i++)
    {
      YcTownship *township = g_ptr_array_index (townships, i);

      g_assert_true (g_hash_table_contains (chiefs, township->code));
      g_assert_true (g_hash_table_contains (staffed, township->code));
    }
}

/* Codec */

static void
assert_strv_equal (GStrv a,
                   GStrv b)
{
  g_assert_cmpuint (a != NULL ? g_strv_length (a) : 0, ==, b != NULL ? g_strv_length (b) : 0);
  for (guint i = 0; a != NULL && a[i] != NULL; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

static void
assert_items_equal (const YcItem *a,
                    const YcItem *b)
{
  g_assert_cmpstr (a->code, ==, b->code);
  g_assert_cmpstr (a->basic_code, ==, b->basic_code);
  g_assert_cmpuint (a->version, ==, b->version);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->initials, ==, b->initials);
  g_assert_cmpint (a->type, ==, b->type);
  g_assert_cmpstr (a->department_code, ==, b->department_code);
  g_assert_cmpstr (a->entrusted_department_code, ==, b->entrusted_department_code);
  g_assert_cmpstr (a->legal_basis, ==, b->legal_basis);
  g_assert_cmpstr (a->conditions, ==, b->conditions);
  g_assert_cmpstr (a->procedure, ==, b->procedure);
  g_assert_cmpuint (a->legal_limit, ==, b->legal_limit);
  g_assert_cmpuint (a->committed_limit, ==, b->committed_limit);
  g_assert_cmpstr (a->limit_note, ==, b->limit_note);
  g_assert_cmpint (a->charged, ==, b->charged);
  g_assert_cmpstr (a->fee_basis, ==, b->fee_basis);
  g_assert_cmpstr (a->fee_description, ==, b->fee_description);
  g_assert_cmpstr (a->place, ==, b->place);
  g_assert_cmpstr (a->hours, ==, b->hours);
  g_assert_cmpstr (a->phone, ==, b->phone);
  g_assert_cmpstr (a->complaint_phone, ==, b->complaint_phone);
  g_assert_cmpuint (a->visits, ==, b->visits);
  g_assert_cmpstr (a->licence_type, ==, b->licence_type);
  g_assert_cmpstr (a->refusal_basis, ==, b->refusal_basis);
  g_assert_cmpint (a->allows_missing, ==, b->allows_missing);
  assert_strv_equal (a->townships, b->townships);
  assert_strv_equal (a->parallel_departments, b->parallel_departments);

  g_assert_cmpuint (a->materials->len, ==, b->materials->len);
  for (guint i = 0; i < a->materials->len; i++)
    {
      const YcMaterial *x = g_ptr_array_index (a->materials, i);
      const YcMaterial *y = g_ptr_array_index (b->materials, i);

      g_assert_cmpstr (x->code, ==, y->code);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpint (x->required, ==, y->required);
      g_assert_cmpint (x->essential, ==, y->essential);
      g_assert_cmpint (x->format, ==, y->format);
      g_assert_cmpuint (x->copies, ==, y->copies);
      g_assert_cmpstr (x->size, ==, y->size);
      g_assert_cmpstr (x->source, ==, y->source);
      g_assert_cmpstr (x->standard, ==, y->standard);
      g_assert_cmpstr (x->kind, ==, y->kind);
    }
}

static void
test_codec_round_trip (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(GPtrArray) items = yc_catalogue_list_items (catalogue);
  g_autoptr(GPtrArray) departments = yc_catalogue_list_departments (catalogue);
  g_autoptr(GPtrArray) townships = yc_catalogue_list_townships (catalogue);
  g_autoptr(GPtrArray) windows = yc_catalogue_list_windows (catalogue);
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    {
      const YcItem *newest = g_ptr_array_index (items, i);
      g_autoptr(GPtrArray) versions = yc_catalogue_list_item_versions (catalogue, newest->code);

      for (guint v = 0; v < versions->len; v++, n++)
        {
          const YcItem *item = g_ptr_array_index (versions, v);
          g_autoptr(JsonNode) node = yc_item_to_json (item);
          g_autoptr(GError) error = NULL;
          g_autoptr(YcItem) copy = yc_item_from_json (node, &error);
          g_autoptr(JsonNode) again = NULL;

          g_assert_no_error (error);
          assert_items_equal (item, copy);
          again = yc_item_to_json (copy);
          g_assert_true (json_node_equal (node, again));
        }
    }
  g_assert_cmpuint (n, ==, items->len + 1);

  for (guint i = 0; i < departments->len; i++)
    {
      YcDepartment *department = g_ptr_array_index (departments, i);
      g_autoptr(JsonNode) node = yc_department_to_json (department);
      g_autoptr(GError) error = NULL;
      g_autoptr(YcDepartment) copy = yc_department_from_json (node, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (copy->code, ==, department->code);
      g_assert_cmpstr (copy->name, ==, department->name);
      g_assert_cmpstr (copy->short_name, ==, department->short_name);
      g_assert_cmpstr (copy->seal_name, ==, department->seal_name);
      g_assert_cmpstr (copy->phone, ==, department->phone);
      g_assert_cmpstr (copy->complaint_phone, ==, department->complaint_phone);
      g_assert_cmpstr (copy->uscc, ==, department->uscc);
    }

  for (guint i = 0; i < townships->len; i++)
    {
      YcTownship *township = g_ptr_array_index (townships, i);
      g_autoptr(JsonNode) node = yc_township_to_json (township);
      g_autoptr(GError) error = NULL;
      g_autoptr(YcTownship) copy = yc_township_from_json (node, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (copy->code, ==, township->code);
      g_assert_cmpstr (copy->name, ==, township->name);
      g_assert_cmpstr (copy->phone, ==, township->phone);
    }

  for (guint i = 0; i < windows->len; i++)
    {
      YcWindow *window = g_ptr_array_index (windows, i);
      g_autoptr(JsonNode) node = yc_window_to_json (window);
      g_autoptr(GError) error = NULL;
      g_autoptr(YcWindow) copy = yc_window_from_json (node, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (copy->code, ==, window->code);
      g_assert_cmpstr (copy->name, ==, window->name);
      g_assert_cmpstr (copy->township_code, ==, window->township_code);
    }
}

static void
test_catalogue_round_trip (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(YcCatalogue) copy = yc_catalogue_new ();
  g_autoptr(JsonNode) node = yc_catalogue_to_json (catalogue);
  g_autofree char *json = json_to_string (node, FALSE);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;

  yc_catalogue_load_data (copy, json, -1, &error);
  g_assert_no_error (error);
  again = yc_catalogue_to_json (copy);
  g_assert_true (json_node_equal (node, again));
  /* The history comes along. */
  g_assert_nonnull (yc_catalogue_get_item_version (copy, FOOD_ITEM, 1));
  g_assert_cmpuint (yc_catalogue_get_item (copy, FOOD_ITEM)->version, ==, 2);
}

/* Defaults and the codecs' tolerance of members they do not know. */
static void
test_codec_defaults (void)
{
  g_autoptr(JsonNode) node = parse_json ("{\"code\": \"X-1\", \"name\": \"个体工商户设立登记\", "
                                         "\"type\": \"licensing\", \"department_code\": \"D\", "
                                         "\"legal_limit\": 3, \"committed_limit\": 1, "
                                         "\"etag\": \"from a newer server\", \"place\": \"\", "
                                         "\"materials\": [{\"code\": \"M01\", "
                                         "\"name\": \"申请书\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(YcItem) item = yc_item_from_json (node, &error);
  const YcMaterial *material;
  g_autoptr(JsonNode) window_node = parse_json ("{\"code\": \"C01\", \"name\": \"1号\", "
                                                "\"extra\": 1}");
  g_autoptr(YcWindow) window = yc_window_from_json (window_node, &error);
  g_autoptr(JsonNode) department_node = parse_json ("{\"code\": \"D\", \"name\": \"民政局\"}");
  g_autoptr(YcDepartment) department = yc_department_from_json (department_node, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (item->version, ==, 1);
  g_assert_cmpuint (item->visits, ==, 1);
  g_assert_false (item->charged);
  g_assert_false (item->allows_missing);
  g_assert_null (item->place);
  g_assert_cmpstr (item->initials, ==, "gtgshsldj");
  g_assert_cmpuint (g_strv_length (item->townships), ==, 0);
  g_assert_cmpuint (g_strv_length (item->parallel_departments), ==, 0);

  material = yc_item_find_material (item, "M01");
  g_assert_nonnull (material);
  g_assert_true (material->required);
  g_assert_true (material->essential);
  g_assert_cmpint (material->format, ==, YC_MATERIAL_FORMAT_ORIGINAL);
  g_assert_cmpuint (material->copies, ==, 1);
  g_assert_cmpstr (material->kind, ==, "document");
  g_assert_null (yc_item_find_material (item, "M02"));
  g_assert_false (yc_item_is_delegated_to (item, LIANCHENG));
  g_assert_false (yc_item_is_delegated_to (item, NULL));

  g_assert_null (window->township_code);
  /* The seal reads the department's name unless told otherwise. */
  g_assert_cmpstr (department->seal_name, ==, "民政局");
}

static void
test_enums (void)
{
  const YcItemType types[] = {
    YC_ITEM_TYPE_LICENSING, YC_ITEM_TYPE_PAYMENT, YC_ITEM_TYPE_CONFIRMATION,
    YC_ITEM_TYPE_PUBLIC_SERVICE, YC_ITEM_TYPE_OTHER,
  };
  const YcMaterialFormat formats[] = {
    YC_MATERIAL_FORMAT_ORIGINAL, YC_MATERIAL_FORMAT_COPY,
    YC_MATERIAL_FORMAT_ORIGINAL_AND_COPY, YC_MATERIAL_FORMAT_ELECTRONIC,
  };
  YcItemType type;
  YcMaterialFormat format;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_assert_true (yc_item_type_from_string (yc_item_type_to_string (types[i]), &type));
      g_assert_cmpint (type, ==, types[i]);
      g_assert_nonnull (yc_item_type_get_label (types[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_assert_true (yc_material_format_from_string (yc_material_format_to_string (formats[i]),
                                                     &format));
      g_assert_cmpint (format, ==, formats[i]);
      g_assert_nonnull (yc_material_format_get_label (formats[i]));
    }

  g_assert_cmpstr (yc_item_type_to_string (YC_ITEM_TYPE_PUBLIC_SERVICE), ==, "public_service");
  g_assert_cmpstr (yc_material_format_to_string (YC_MATERIAL_FORMAT_ORIGINAL_AND_COPY), ==,
                   "original_and_copy");
  g_assert_null (yc_item_type_to_string ((YcItemType) 2));
  g_assert_null (yc_item_type_get_label ((YcItemType) 2));
  g_assert_null (yc_material_format_to_string ((YcMaterialFormat) 9));
  g_assert_null (yc_material_format_get_label ((YcMaterialFormat) 9));
  g_assert_false (yc_item_type_from_string ("Licensing", &type));
  g_assert_false (yc_item_type_from_string (NULL, &type));
  g_assert_false (yc_material_format_from_string ("scan", &format));
}

static void
test_boxed (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  YcItem *item = yc_catalogue_get_item (catalogue, GTGSH_ITEM);
  YcItem *copy = g_boxed_copy (yc_item_get_type (), item);
  YcDepartment *department = yc_catalogue_get_department (catalogue, SCJG);
  YcDepartment *department_copy = g_boxed_copy (yc_department_get_type (), department);
  YcTownship *township = yc_catalogue_get_township (catalogue, LIANCHENG);
  YcTownship *township_copy = g_boxed_copy (yc_township_get_type (), township);
  YcWindow *window = yc_catalogue_get_window (catalogue, "C07");
  YcWindow *window_copy = g_boxed_copy (yc_window_get_type (), window);

  /* Published versions are immutable, so a copy is a reference. */
  g_assert_true (copy == item);
  g_assert_true (department_copy == department);
  g_assert_true (township_copy == township);
  g_assert_true (window_copy == window);
  g_boxed_free (yc_item_get_type (), copy);
  g_boxed_free (yc_department_get_type (), department_copy);
  g_boxed_free (yc_township_get_type (), township_copy);
  g_boxed_free (yc_window_get_type (), window_copy);

  /* A reference outlives the catalogue. */
  item = yc_item_ref (item);
  g_clear_object (&catalogue);
  g_assert_cmpstr (item->name, ==, "个体工商户设立登记");
  yc_item_unref (item);
}

/* Rejections */

/* A small valid document; each case below breaks one thing in it. */
static const char base_document[] =
  "{\"departments\": ["
  "  {\"code\": \"T-A\", \"name\": \"甲局\"},"
  "  {\"code\": \"T-B\", \"name\": \"乙局\"}],"
  " \"townships\": [{\"code\": \"999999100\", \"name\": \"甲镇\"}],"
  " \"windows\": ["
  "  {\"code\": \"Z01\", \"name\": \"甲窗口\"},"
  "  {\"code\": \"Z02W1\", \"name\": \"甲镇窗口\", \"township_code\": \"999999100\"}],"
  " \"items\": [{\"code\": \"T-A-1\", \"version\": 1, \"name\": \"食品经营许可\","
  "   \"type\": \"licensing\", \"department_code\": \"T-A\", \"legal_limit\": 20,"
  "   \"committed_limit\": 5, \"townships\": [\"999999100\"],"
  "   \"parallel_departments\": [\"T-B\"],"
  "   \"materials\": [{\"code\": \"M01\", \"name\": \"申请书\", \"format\": \"original\","
  "     \"copies\": 1, \"kind\": \"form\"},"
  "    {\"code\": \"M02\", \"name\": \"营业执照\", \"format\": \"copy\"}]}]}";

typedef struct
{
  const char *name;
  const char *path;      /* "items.0.materials.1"; "" for the root */
  const char *member;    /* member to set; "+" appends @value to the array at @path */
  const char *value;     /* JSON, or NULL to remove the member */
  YcCatalogueError code;
  const char *mentions[3]; /* what the message must name: the item and the field */
} Rejection;

static const Rejection rejections[] = {
  /* A department's credit code goes onto every certificate it issues: malformed, or well
   * formed with a wrong check character, it is refused. */
  { "department-uscc-checksum", "departments.0", "uscc", "\"113208260141000012\"",
    YC_CATALOGUE_ERROR_INVALID, { "T-A", "“uscc”", "check character" } },
  { "department-uscc-short", "departments.0", "uscc", "\"11320826014100001\"",
    YC_CATALOGUE_ERROR_INVALID, { "T-A", "“uscc”", "18 characters" } },
  { "department-uscc-letter", "departments.1", "uscc", "\"1132082601410000I1\"",
    YC_CATALOGUE_ERROR_INVALID, { "T-B", "“uscc”", "“I”" } },
  { "department-uscc-not-text", "departments.0", "uscc", "113208260141",
    YC_CATALOGUE_ERROR_PARSE, { "T-A", "“uscc”" } },
  { "missing-item-name", "items.0", "name", NULL, YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“name”" } },
  { "blank-item-name", "items.0", "name", "\"  \"", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“name”" } },
  { "missing-item-code", "items.0", "code", NULL, YC_CATALOGUE_ERROR_INVALID,
    { "#1", "“code”" } },
  { "item-code-not-text", "items.0", "code", "7", YC_CATALOGUE_ERROR_PARSE,
    { "#1", "“code”" } },
  { "bad-item-code", "items.0", "code", "\"T A 1\"", YC_CATALOGUE_ERROR_INVALID,
    { "“code”" } },
  { "committed-over-legal", "items.0", "committed_limit", "25", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“committed_limit”", "25" } },
  { "zero-legal-limit", "items.0", "legal_limit", "0", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“legal_limit”" } },
  { "missing-legal-limit", "items.0", "legal_limit", NULL, YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“legal_limit”" } },
  { "zero-committed-limit", "items.0", "committed_limit", "0", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“committed_limit”" } },
  { "negative-limit", "items.0", "legal_limit", "-3", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“legal_limit”" } },
  { "limit-as-text", "items.0", "legal_limit", "\"20\"", YC_CATALOGUE_ERROR_PARSE,
    { "T-A-1", "“legal_limit”" } },
  { "limit-not-whole", "items.0", "legal_limit", "20.5", YC_CATALOGUE_ERROR_PARSE,
    { "T-A-1", "“legal_limit”" } },
  { "zero-version", "items.0", "version", "0", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“version”" } },
  { "unknown-department", "items.0", "department_code", "\"T-X\"",
    YC_CATALOGUE_ERROR_REFERENCE, { "T-A-1", "“department_code”", "T-X" } },
  { "missing-department", "items.0", "department_code", NULL, YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“department_code”" } },
  { "unknown-entrusted-department", "items.0", "entrusted_department_code", "\"T-X\"",
    YC_CATALOGUE_ERROR_REFERENCE, { "T-A-1", "“entrusted_department_code”", "T-X" } },
  { "bad-entrusted-department", "items.0", "entrusted_department_code", "\"T X\"",
    YC_CATALOGUE_ERROR_INVALID, { "T-A-1", "“entrusted_department_code”" } },
  { "unknown-parallel-department", "items.0", "parallel_departments", "[\"T-B\", \"T-X\"]",
    YC_CATALOGUE_ERROR_REFERENCE, { "T-A-1", "“parallel_departments”", "T-X" } },
  { "parallel-department-twice", "items.0", "parallel_departments", "[\"T-B\", \"T-B\"]",
    YC_CATALOGUE_ERROR_DUPLICATE, { "T-A-1", "“parallel_departments”" } },
  { "unknown-township", "items.0", "townships", "[\"999999101\"]",
    YC_CATALOGUE_ERROR_REFERENCE, { "T-A-1", "“townships”", "999999101" } },
  { "township-twice", "items.0", "townships", "[\"999999100\", \"999999100\"]",
    YC_CATALOGUE_ERROR_DUPLICATE, { "T-A-1", "“townships”" } },
  { "bad-township-in-item", "items.0", "townships", "[\"9999\"]",
    YC_CATALOGUE_ERROR_INVALID, { "T-A-1", "“townships”" } },
  { "townships-not-list", "items.0", "townships", "\"999999100\"", YC_CATALOGUE_ERROR_PARSE,
    { "T-A-1", "“townships”" } },
  { "townships-not-codes", "items.0", "townships", "[100]", YC_CATALOGUE_ERROR_PARSE,
    { "T-A-1", "“townships”" } },
  { "bad-type", "items.0", "type", "\"permit\"", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“type”", "permit" } },
  { "missing-type", "items.0", "type", NULL, YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“type”" } },
  { "bad-basic-code", "items.0", "basic_code", "\"01-17\"", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“basic_code”" } },
  { "bad-initials", "items.0", "initials", "\"SPJYXK\"", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“initials”" } },
  { "bad-licence-type", "items.0", "licence_type", "\"1.2.156\"", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“licence_type”" } },
  { "charged-without-fee", "items.0", "charged", "true", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "“fee_description”" } },
  { "charged-not-boolean", "items.0", "charged", "1", YC_CATALOGUE_ERROR_PARSE,
    { "T-A-1", "“charged”" } },
  { "name-not-text", "items.0", "name", "42", YC_CATALOGUE_ERROR_PARSE,
    { "T-A-1", "“name”" } },
  { "unknown-item-field", "items.0", "comitted_limit", "5", YC_CATALOGUE_ERROR_PARSE,
    { "T-A-1", "“comitted_limit”" } },
  { "item-not-object", "items", "+", "\"T-A-2\"", YC_CATALOGUE_ERROR_PARSE, { "#2" } },
  { "materials-not-list", "items.0", "materials", "{}", YC_CATALOGUE_ERROR_PARSE,
    { "T-A-1", "“materials”" } },
  { "material-code-twice", "items.0.materials.1", "code", "\"M01\"",
    YC_CATALOGUE_ERROR_DUPLICATE, { "T-A-1", "M01", "“code”" } },
  { "material-without-code", "items.0.materials.1", "code", NULL, YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "material #2", "“code”" } },
  { "material-without-name", "items.0.materials.1", "name", NULL, YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "M02", "“name”" } },
  { "zero-copies", "items.0.materials.0", "copies", "0", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "M01", "“copies”" } },
  { "bad-format", "items.0.materials.0", "format", "\"scan\"", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "M01", "“format”" } },
  { "bad-kind", "items.0.materials.0", "kind", "\"id_card\"", YC_CATALOGUE_ERROR_INVALID,
    { "T-A-1", "M01", "“kind”" } },
  { "unknown-material-field", "items.0.materials.0", "original", "true",
    YC_CATALOGUE_ERROR_PARSE, { "T-A-1", "M01", "“original”" } },
  { "material-not-object", "items.0.materials", "+", "[]", YC_CATALOGUE_ERROR_PARSE,
    { "T-A-1", "material #3" } },
  { "item-twice", "items", "+", "{\"code\": \"T-A-1\", \"name\": \"再次\", \"type\": \"other\","
    " \"department_code\": \"T-A\", \"legal_limit\": 1, \"committed_limit\": 1}",
    YC_CATALOGUE_ERROR_DUPLICATE, { "T-A-1", "“code”" } },
  { "department-twice", "departments", "+", "{\"code\": \"T-A\", \"name\": \"又一个甲局\"}",
    YC_CATALOGUE_ERROR_DUPLICATE, { "T-A", "“code”", "twice" } },
  { "department-without-name", "departments.1", "name", NULL, YC_CATALOGUE_ERROR_INVALID,
    { "T-B", "“name”" } },
  { "department-without-code", "departments.1", "code", NULL, YC_CATALOGUE_ERROR_INVALID,
    { "#2", "“code”" } },
  { "unknown-department-field", "departments.0", "seal", "\"甲\"", YC_CATALOGUE_ERROR_PARSE,
    { "T-A", "“seal”" } },
  { "department-not-object", "departments", "+", "1", YC_CATALOGUE_ERROR_PARSE, { "#3" } },
  { "township-code-twice", "townships", "+", "{\"code\": \"999999100\", \"name\": \"乙镇\"}",
    YC_CATALOGUE_ERROR_DUPLICATE, { "999999100", "“code”" } },
  { "township-code-short", "townships.0", "code", "\"99999910\"", YC_CATALOGUE_ERROR_INVALID,
    { "99999910", "“code”" } },
  { "township-code-letters", "townships.0", "code", "\"99999910A\"",
    YC_CATALOGUE_ERROR_INVALID, { "“code”" } },
  { "township-without-name", "townships.0", "name", NULL, YC_CATALOGUE_ERROR_INVALID,
    { "999999100", "“name”" } },
  { "unknown-township-field", "townships.0", "area", "1", YC_CATALOGUE_ERROR_PARSE,
    { "999999100", "“area”" } },
  { "window-lower-case", "windows.0", "code", "\"z01\"", YC_CATALOGUE_ERROR_INVALID,
    { "z01", "“code”" } },
  { "window-too-long", "windows.0", "code", "\"Z01234567\"", YC_CATALOGUE_ERROR_INVALID,
    { "Z01234567", "“code”" } },
  { "window-punctuation", "windows.0", "code", "\"Z-1\"", YC_CATALOGUE_ERROR_INVALID,
    { "Z-1", "“code”" } },
  { "window-empty-code", "windows.0", "code", "\"\"", YC_CATALOGUE_ERROR_INVALID,
    { "#1", "“code”" } },
  { "window-without-name", "windows.0", "name", NULL, YC_CATALOGUE_ERROR_INVALID,
    { "Z01", "“name”" } },
  { "window-twice", "windows", "+", "{\"code\": \"Z01\", \"name\": \"又一个\"}",
    YC_CATALOGUE_ERROR_DUPLICATE, { "Z01", "“code”" } },
  { "window-unknown-township", "windows.1", "township_code", "\"999999102\"",
    YC_CATALOGUE_ERROR_REFERENCE, { "Z02W1", "“township_code”", "999999102" } },
  { "window-bad-township", "windows.1", "township_code", "\"1\"", YC_CATALOGUE_ERROR_INVALID,
    { "Z02W1", "“township_code”" } },
  { "unknown-window-field", "windows.0", "printer", "\"lp0\"", YC_CATALOGUE_ERROR_PARSE,
    { "Z01", "“printer”" } },
  { "unknown-top-level", "", "services", "[]", YC_CATALOGUE_ERROR_PARSE, { "“services”" } },
  { "items-not-list", "", "items", "{}", YC_CATALOGUE_ERROR_PARSE, { "“items”" } },
};

static JsonNode *
node_at (JsonNode   *root,
         const char *path)
{
  g_auto(GStrv) steps = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  for (guint i = 0; steps[i] != NULL && *steps[i] != '\0'; i++)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        node = json_array_get_element (json_node_get_array (node),
                                       (guint) g_ascii_strtoull (steps[i], NULL, 10));
      else
        node = json_object_get_member (json_node_get_object (node), steps[i]);
      g_assert_nonnull (node);
    }

  return node;
}

static char *
apply_rejection (const Rejection *rejection)
{
  g_autoptr(JsonNode) root = parse_json (base_document);
  JsonNode *target = node_at (root, rejection->path);

  if (g_str_equal (rejection->member, "+"))
    json_array_add_element (json_node_get_array (target), parse_json (rejection->value));
  else if (rejection->value == NULL)
    json_object_remove_member (json_node_get_object (target), rejection->member);
  else
    json_object_set_member (json_node_get_object (target), rejection->member,
                            parse_json (rejection->value));

  return json_to_string (root, FALSE);
}

static void
test_base_document_is_valid (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(GError) error = NULL;
  guint before = yc_catalogue_get_n_items (catalogue);

  yc_catalogue_load_data (catalogue, base_document, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_catalogue_get_n_items (catalogue), ==, before + 1);
  g_assert_nonnull (yc_catalogue_get_department (catalogue, "T-A"));
  g_assert_nonnull (yc_catalogue_get_township (catalogue, "999999100"));
  g_assert_nonnull (yc_catalogue_get_window (catalogue, "Z02W1"));
}

static void
assert_unchanged (YcCatalogue *catalogue,
                  guint        items,
                  guint        departments,
                  guint        townships,
                  guint        windows)
{
  g_autoptr(GPtrArray) d = yc_catalogue_list_departments (catalogue);
  g_autoptr(GPtrArray) t = yc_catalogue_list_townships (catalogue);
  g_autoptr(GPtrArray) w = yc_catalogue_list_windows (catalogue);

  g_assert_cmpuint (yc_catalogue_get_n_items (catalogue), ==, items);
  g_assert_cmpuint (d->len, ==, departments);
  g_assert_cmpuint (t->len, ==, townships);
  g_assert_cmpuint (w->len, ==, windows);
  /* Not even the parts of the document that were fine. */
  g_assert_null (yc_catalogue_get_department (catalogue, "T-A"));
  g_assert_null (yc_catalogue_get_department (catalogue, "T-B"));
  g_assert_null (yc_catalogue_get_township (catalogue, "999999100"));
  g_assert_null (yc_catalogue_get_window (catalogue, "Z01"));
  g_assert_null (yc_catalogue_get_item (catalogue, "T-A-1"));
}

static void
test_rejection (gconstpointer data)
{
  const Rejection *rejection = data;
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(GPtrArray) departments = yc_catalogue_list_departments (catalogue);
  g_autoptr(GPtrArray) townships = yc_catalogue_list_townships (catalogue);
  g_autoptr(GPtrArray) windows = yc_catalogue_list_windows (catalogue);
  guint items = yc_catalogue_get_n_items (catalogue);
  g_autofree char *json = apply_rejection (rejection);
  g_autoptr(GError) error = NULL;

  g_assert_false (yc_catalogue_load_data (catalogue, json, -1, &error));
  g_assert_error (error, YC_CATALOGUE_ERROR, (int) rejection->code);
  g_test_message ("%s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (rejection->mentions) && rejection->mentions[i]; i++)
    {
      if (strstr (error->message, rejection->mentions[i]) == NULL)
        g_error ("“%s” does not name %s", error->message, rejection->mentions[i]);
    }

  assert_unchanged (catalogue, items, departments->len, townships->len, windows->len);
}

static void
test_reject_not_json (void)
{
  const struct
  {
    const char *json;
    const char *mentions;
  } cases[] = {
    { "{\"departments\": [", "JSON" },
    { "[]", "object" },
    { "\"catalogue\"", "object" },
    { "", "JSON" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(YcCatalogue) catalogue = yc_catalogue_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (yc_catalogue_load_data (catalogue, cases[i].json, -1, &error));
      g_assert_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, cases[i].mentions));
      g_assert_cmpuint (yc_catalogue_get_n_items (catalogue), ==, 0);
    }
}

/* Loading what is already held: each code is added once. */
static void
test_reject_reload (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autofree char *path = demo_path ("catalogue.json");
  g_autoptr(GError) error = NULL;
  guint items = yc_catalogue_get_n_items (catalogue);

  g_assert_false (yc_catalogue_load_file (catalogue, path, &error));
  g_assert_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_DUPLICATE);
  /* The file is named, for the administrator who has several. */
  g_assert_true (g_str_has_prefix (error->message, "catalogue.json: "));
  g_assert_nonnull (strstr (error->message, "already in the catalogue"));
  g_assert_cmpuint (yc_catalogue_get_n_items (catalogue), ==, items);
}

static void
test_reject_missing_file (void)
{
  g_autoptr(YcCatalogue) catalogue = yc_catalogue_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = demo_path ("no-such-catalogue.json");

  g_assert_false (yc_catalogue_load_file (catalogue, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* Versions */

static YcItem *
new_item (const char *code,
          guint       version,
          const char *department)
{
  YcItem *item = yc_item_new ();
  YcMaterial *material = yc_material_new ();

  item->code = g_strdup (code);
  item->version = version;
  item->name = g_strdup ("重新申领居住证");
  item->department_code = g_strdup (department);
  item->legal_limit = 15;
  item->committed_limit = 3;
  material->code = g_strdup ("M01");
  material->name = g_strdup ("居民身份证");
  g_ptr_array_add (item->materials, material);

  return item;
}

static void
test_versions (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(YcItem) v1 = new_item ("320826-GA-QR-009", 1, "320826-GA");
  g_autoptr(YcItem) v2 = new_item ("320826-GA-QR-009", 2, "320826-GA");
  g_autoptr(YcItem) again = new_item ("320826-GA-QR-009", 2, "320826-GA");
  g_autoptr(YcItem) older = new_item ("320826-GA-QR-009", 1, "320826-GA");
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  guint items = yc_catalogue_get_n_items (catalogue);

  g_assert_true (yc_catalogue_add_item (catalogue, v1, &error));
  g_assert_no_error (error);
  /* Initials are filled in before publication. */
  g_assert_cmpstr (v1->initials, ==, "cxsljzz");
  g_assert_cmpuint (yc_catalogue_get_n_items (catalogue), ==, items + 1);

  v2->committed_limit = 1;
  g_assert_true (yc_catalogue_add_item (catalogue, v2, &error));
  g_assert_no_error (error);
  g_assert_true (yc_catalogue_get_item (catalogue, "320826-GA-QR-009") == v2);
  g_assert_true (yc_catalogue_get_item_version (catalogue, "320826-GA-QR-009", 1) == v1);
  g_assert_true (yc_catalogue_get_item_version (catalogue, "320826-GA-QR-009", 2) == v2);
  g_assert_null (yc_catalogue_get_item_version (catalogue, "320826-GA-QR-009", 3));
  g_assert_null (yc_catalogue_get_item_version (catalogue, "320826-GA-QR-999", 1));
  g_assert_null (yc_catalogue_get_item_version (catalogue, NULL, 1));
  g_assert_cmpuint (yc_catalogue_get_n_items (catalogue), ==, items + 1);

  versions = yc_catalogue_list_item_versions (catalogue, "320826-GA-QR-009");
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_true (g_ptr_array_index (versions, 0) == v1);
  g_assert_true (g_ptr_array_index (versions, 1) == v2);
  g_assert_null (yc_catalogue_list_item_versions (catalogue, "320826-GA-QR-999"));

  /* The same version again, or an older one: refused, nothing changes. */
  g_assert_false (yc_catalogue_add_item (catalogue, again, &error));
  g_assert_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "“version”"));
  g_clear_error (&error);
  g_assert_false (yc_catalogue_add_item (catalogue, older, &error));
  g_assert_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "320826-GA-QR-009"));
  g_clear_error (&error);
  g_assert_true (yc_catalogue_get_item (catalogue, "320826-GA-QR-009") == v2);
  g_clear_pointer (&versions, g_ptr_array_unref);
  versions = yc_catalogue_list_item_versions (catalogue, "320826-GA-QR-009");
  g_assert_cmpuint (versions->len, ==, 2);
}

static void
test_versions_in_file (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(YcCatalogue) fresh = yc_catalogue_new ();
  g_autoptr(GError) error = NULL;
  /* A later file may carry only the new version; its department is already held. */
  const char *update =
    "{\"items\": [{\"code\": \"" FOOD_ITEM "\", \"version\": 3, \"name\": \"食品经营许可\","
    " \"type\": \"licensing\", \"department_code\": \"" SCJG "\", \"legal_limit\": 10,"
    " \"committed_limit\": 1}]}";
  const char *stale =
    "{\"items\": [{\"code\": \"" FOOD_ITEM "\", \"version\": 2, \"name\": \"食品经营许可\","
    " \"type\": \"licensing\", \"department_code\": \"" SCJG "\", \"legal_limit\": 10,"
    " \"committed_limit\": 1}]}";
  /* Versions out of order in one file are added oldest first. */
  const char *reversed =
    "{\"departments\": [{\"code\": \"D\", \"name\": \"甲局\"}], \"items\": ["
    " {\"code\": \"I\", \"version\": 2, \"name\": \"乙\", \"type\": \"other\","
    "  \"department_code\": \"D\", \"legal_limit\": 2, \"committed_limit\": 1},"
    " {\"code\": \"I\", \"version\": 1, \"name\": \"甲\", \"type\": \"other\","
    "  \"department_code\": \"D\", \"legal_limit\": 2, \"committed_limit\": 1}]}";

  g_assert_cmpuint (yc_catalogue_get_item (catalogue, FOOD_ITEM)->version, ==, 2);
  g_assert_cmpuint (yc_catalogue_get_item_version (catalogue, FOOD_ITEM, 1)->legal_limit, ==,
                    20);
  g_assert_cmpuint (yc_catalogue_get_item (catalogue, FOOD_ITEM)->legal_limit, ==, 10);

  g_assert_false (yc_catalogue_load_data (catalogue, stale, -1, &error));
  g_assert_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_DUPLICATE);
  g_clear_error (&error);

  g_assert_true (yc_catalogue_load_data (catalogue, update, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yc_catalogue_get_item (catalogue, FOOD_ITEM)->version, ==, 3);
  g_assert_nonnull (yc_catalogue_get_item_version (catalogue, FOOD_ITEM, 1));
  g_assert_nonnull (yc_catalogue_get_item_version (catalogue, FOOD_ITEM, 2));

  g_assert_true (yc_catalogue_load_data (fresh, reversed, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (yc_catalogue_get_item (fresh, "I")->name, ==, "乙");
}

static void
test_add_item_rejections (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(YcItem) unknown = new_item ("320826-X-1", 1, "320826-NOPE");
  g_autoptr(YcItem) too_long = new_item ("320826-X-2", 1, "320826-GA");
  g_autoptr(YcItem) bad_type = new_item ("320826-X-3", 1, "320826-GA");
  g_autoptr(YcItem) bad_format = new_item ("320826-X-4", 1, "320826-GA");
  g_autoptr(YcItem) no_kind = new_item ("320826-X-5", 1, "320826-GA");
  g_autoptr(YcItem) no_code = new_item (NULL, 1, "320826-GA");
  g_autoptr(GError) error = NULL;
  guint items = yc_catalogue_get_n_items (catalogue);

  g_assert_false (yc_catalogue_add_item (catalogue, unknown, &error));
  g_assert_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_REFERENCE);
  g_clear_error (&error);

  too_long->committed_limit = 16;
  g_assert_false (yc_catalogue_add_item (catalogue, too_long, &error));
  g_assert_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“committed_limit”"));
  g_clear_error (&error);

  bad_type->type = (YcItemType) 3;
  g_assert_false (yc_catalogue_add_item (catalogue, bad_type, &error));
  g_assert_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“type”"));
  g_clear_error (&error);

  ((YcMaterial *) g_ptr_array_index (bad_format->materials, 0))->format = (YcMaterialFormat) 7;
  g_assert_false (yc_catalogue_add_item (catalogue, bad_format, &error));
  g_assert_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“format”"));
  g_clear_error (&error);

  g_clear_pointer (&((YcMaterial *) g_ptr_array_index (no_kind->materials, 0))->kind, g_free);
  g_assert_false (yc_catalogue_add_item (catalogue, no_kind, &error));
  g_assert_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“kind”"));
  g_clear_error (&error);

  g_assert_false (yc_catalogue_add_item (catalogue, no_code, &error));
  g_assert_error (error, YC_CATALOGUE_ERROR, YC_CATALOGUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "without a code"));
  g_clear_error (&error);

  g_assert_cmpuint (yc_catalogue_get_n_items (catalogue), ==, items);
  g_assert_null (yc_catalogue_get_item (catalogue, "320826-X-2"));
}

/* Lookups */

static gboolean
contains_item (GPtrArray  *items,
               const char *code)
{
  for (guint i = 0; i < items->len; i++)
    {
      if (g_str_equal (((YcItem *) g_ptr_array_index (items, i))->code, code))
        return TRUE;
    }

  return FALSE;
}

static void
assert_sorted (GPtrArray *array)
{
  /* Every catalogue struct starts with its code. */
  for (guint i = 1; i < array->len; i++)
    g_assert_cmpint (strcmp (*(char **) g_ptr_array_index (array, i - 1),
                             *(char **) g_ptr_array_index (array, i)), <, 0);
}

static void
test_lookups (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(GPtrArray) items = yc_catalogue_list_items (catalogue);
  g_autoptr(GPtrArray) departments = yc_catalogue_list_departments (catalogue);
  g_autoptr(GPtrArray) townships = yc_catalogue_list_townships (catalogue);
  g_autoptr(GPtrArray) windows = yc_catalogue_list_windows (catalogue);
  g_autoptr(GPtrArray) scjg = yc_catalogue_list_department_items (catalogue, SCJG);
  g_autoptr(GPtrArray) none = yc_catalogue_list_department_items (catalogue, "320826-NOPE");

  assert_sorted (items);
  assert_sorted (departments);
  assert_sorted (townships);
  assert_sorted (windows);
  assert_sorted (scjg);

  g_assert_cmpstr (yc_catalogue_get_department (catalogue, SCJG)->short_name, ==, "市场监管局");
  g_assert_cmpstr (yc_catalogue_get_township (catalogue, LIANCHENG)->name, ==, "涟城镇");
  g_assert_cmpstr (yc_catalogue_get_window (catalogue, "T02W2")->township_code, ==, GAOGOU);
  g_assert_null (yc_catalogue_get_department (catalogue, "320826-NOPE"));
  g_assert_null (yc_catalogue_get_department (catalogue, NULL));
  g_assert_null (yc_catalogue_get_township (catalogue, "320826999"));
  g_assert_null (yc_catalogue_get_window (catalogue, "C99"));
  g_assert_null (yc_catalogue_get_item (catalogue, "320826-NOPE-1"));
  g_assert_null (yc_catalogue_get_item (catalogue, NULL));

  g_assert_cmpuint (scjg->len, >=, 6);
  for (guint i = 0; i < scjg->len; i++)
    g_assert_cmpstr (((YcItem *) g_ptr_array_index (scjg, i))->department_code, ==, SCJG);
  g_assert_true (contains_item (scjg, GTGSH_ITEM));
  g_assert_cmpuint (none->len, ==, 0);

  /* Listing returns newest versions only, one per code. */
  g_assert_cmpuint (yc_catalogue_get_item_version (catalogue, FOOD_ITEM, 1)->version, ==, 1);
  for (guint i = 0; i < items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (items, i);

      g_assert_true (yc_catalogue_get_item (catalogue, item->code) == item);
    }
}

/* Items added one by one keep every listing sorted, newest versions only. */
static void
test_add_keeps_order (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  const char * const codes[] = { "000-FIRST", "ZZZ-LAST", "320826-GA-QR-0025", GTGSH_ITEM };
  guint before = yc_catalogue_get_n_items (catalogue);

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(YcItem) item = new_item (codes[i], 1, "320826-GA");
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GError) error = NULL;

      /* The demo's 个体工商户设立登记 is at version 1: this one must be newer. */
      if (g_str_equal (codes[i], GTGSH_ITEM))
        item->version = 2;
      g_assert_true (yc_catalogue_add_item (catalogue, item, &error));
      g_assert_no_error (error);

      items = yc_catalogue_list_items (catalogue);
      assert_sorted (items);
      g_assert_true (g_ptr_array_find (items, item, NULL));
      g_assert_cmpuint (items->len, ==, yc_catalogue_get_n_items (catalogue));
    }

  g_assert_cmpuint (yc_catalogue_get_n_items (catalogue), ==, before + 3);
  g_assert_cmpuint (yc_catalogue_get_item (catalogue, GTGSH_ITEM)->version, ==, 2);
}

static void
test_delegation (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(GPtrArray) local = yc_catalogue_list_township_items (catalogue, LIANCHENG);
  g_autoptr(GPtrArray) nowhere = yc_catalogue_list_township_items (catalogue, "320826999");
  g_autoptr(GPtrArray) hall = yc_catalogue_list_township_windows (catalogue, NULL);
  g_autoptr(GPtrArray) gaogou = yc_catalogue_list_township_windows (catalogue, GAOGOU);
  YcItem *gtgsh = yc_catalogue_get_item (catalogue, GTGSH_ITEM);
  YcItem *marriage = yc_catalogue_get_item (catalogue, MARRIAGE_ITEM);

  /* 个体工商户设立登记 is done in every township (县乡通办); marriage only in the county. */
  g_assert_true (yc_item_is_delegated_to (gtgsh, LIANCHENG));
  g_assert_true (yc_item_is_delegated_to (gtgsh, "320826201"));
  g_assert_false (yc_item_is_delegated_to (marriage, LIANCHENG));
  g_assert_false (yc_item_is_delegated_to (gtgsh, "320826999"));

  g_assert_true (contains_item (local, GTGSH_ITEM));
  g_assert_true (contains_item (local, "320826-MZ-JF-001"));
  g_assert_false (contains_item (local, MARRIAGE_ITEM));
  g_assert_cmpuint (local->len, >=, 10);
  assert_sorted (local);
  for (guint i = 0; i < local->len; i++)
    g_assert_true (yc_item_is_delegated_to (g_ptr_array_index (local, i), LIANCHENG));
  g_assert_cmpuint (nowhere->len, ==, 0);

  g_assert_cmpuint (hall->len, ==, 16);
  assert_sorted (hall);
  g_assert_cmpuint (gaogou->len, ==, 2);
  g_assert_cmpstr (((YcWindow *) g_ptr_array_index (gaogou, 0))->code, ==, "T02W1");
}

static void
test_find_items (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  const struct
  {
    const char *query;
    const char *expect;  /* an item that must be found */
    guint       min;
  } cases[] = {
    { "gtgsh", GTGSH_ITEM, 3 },
    { "GTGSH", GTGSH_ITEM, 3 },
    { "ｇｔｇｓｈ", GTGSH_ITEM, 3 },
    { " gtgshsldj ", GTGSH_ITEM, 1 },
    { "个体工商户", GTGSH_ITEM, 3 },
    { "结婚", MARRIAGE_ITEM, 1 },
    { "320826-scjg-xk-00", GTGSH_ITEM, 6 },
    { "bdc", "320826-ZRGH-QR-003", 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) found = yc_catalogue_find_items (catalogue, cases[i].query);

      g_assert_true (contains_item (found, cases[i].expect));
      g_assert_cmpuint (found->len, >=, cases[i].min);
      assert_sorted (found);
    }

  {
    g_autoptr(GPtrArray) found = yc_catalogue_find_items (catalogue, "gtgsh");

    /* Initials are prefixes: the three 个体工商户 items and nothing else. */
    g_assert_cmpuint (found->len, ==, 3);
    for (guint i = 0; i < found->len; i++)
      g_assert_true (g_str_has_prefix (((YcItem *) g_ptr_array_index (found, i))->initials,
                                       "gtgsh"));
  }

  {
    g_autoptr(GPtrArray) blank = yc_catalogue_find_items (catalogue, "  ");
    g_autoptr(GPtrArray) empty = yc_catalogue_find_items (catalogue, "");
    g_autoptr(GPtrArray) nothing = yc_catalogue_find_items (catalogue, "qqqqq");
    g_autoptr(GPtrArray) absent = yc_catalogue_find_items (catalogue, "火星");
    g_autoptr(GPtrArray) broken = yc_catalogue_find_items (catalogue, "gt\xff");

    g_assert_cmpuint (blank->len, ==, 0);
    g_assert_cmpuint (empty->len, ==, 0);
    g_assert_cmpuint (nothing->len, ==, 0);
    g_assert_cmpuint (absent->len, ==, 0);
    g_assert_cmpuint (broken->len, ==, 0);
  }
}

/* Pinyin */

static void
test_pinyin (void)
{
  const struct
  {
    const char *name;
    const char *initials;
  } cases[] = {
    { "个体工商户设立登记", "gtgshsldj" },
    { "食品经营许可", "spjyxk" },
    { "涟水县", "lsx" },
    /* 多音字: the phrase decides (行 xíng/háng, 重 zhòng/chóng, 长 cháng/zhǎng, 给 gěi/jǐ). */
    { "行政许可", "xzxk" },
    { "旅馆业特种行业许可证核发", "lgytzhyxkzhf" },
    { "银行开户", "yhkh" },
    { "重特大疾病医疗救助", "ztdjbyljz" },
    { "重新申领居民身份证", "cxsljmsfz" },
    { "长期护理保险", "cqhlbx" },
    { "县长信箱", "xzxx" },
    { "行政给付", "xzjf" },
    { "会计人员信息采集", "kjryxxcj" },
    { "计量器具校准", "jlqjjz" },
    { "学校", "xx" },
    /* Level 2 of GB2312 (ordered by radical, not by reading). */
    { "盱眙县", "xyx" },
    { "沭阳县", "syx" },
    { "邳州市", "pzs" },
    /* Letters, digits, full width, and what has no reading. */
    { "ISO9001认证", "iso9001rz" },
    { "ＡＢ１２食品", "ab12sp" },
    { "二〇二五年", "elewn" },
    { "《食品安全法》第35条", "spaqfd35t" },
    { "", "" },
    { "—·（）", "" },
    { "\xf0\x9f\x98\x80食品", "sp" },
    { "\xf0\xa0\x80\x80食品", "sp" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *initials = yc_pinyin_initials (cases[i].name);

      g_assert_cmpstr (initials, ==, cases[i].initials);
    }
}

static void
test_pinyin_invalid_utf8 (void)
{
  g_autofree char *initials = yc_pinyin_initials ("食\xff品");

  g_assert_cmpstr (initials, ==, "sp");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalogue/demo/loads", test_demo_loads);
  g_test_add_func ("/catalogue/demo/construction", test_demo_construction);
  g_test_add_func ("/catalogue/demo/pinyin-complete", test_demo_pinyin_complete);
  g_test_add_func ("/catalogue/demo/item-initials", test_demo_item_initials);
  g_test_add_func ("/catalogue/demo/users", test_demo_users);
  g_test_add_func ("/catalogue/codec/round-trip", test_codec_round_trip);
  g_test_add_func ("/catalogue/codec/catalogue-round-trip", test_catalogue_round_trip);
  g_test_add_func ("/catalogue/codec/defaults", test_codec_defaults);
  g_test_add_func ("/catalogue/codec/enums", test_enums);
  g_test_add_func ("/catalogue/codec/boxed", test_boxed);
  g_test_add_func ("/catalogue/reject/base-is-valid", test_base_document_is_valid);
  for (guint i = 0; i < G_N_ELEMENTS (rejections); i++)
    {
      g_autofree char *path = g_strdup_printf ("/catalogue/reject/%s", rejections[i].name);

      g_test_add_data_func (path, &rejections[i], test_rejection);
    }
  g_test_add_func ("/catalogue/reject/not-json", test_reject_not_json);
  g_test_add_func ("/catalogue/reject/reload", test_reject_reload);
  g_test_add_func ("/catalogue/reject/missing-file", test_reject_missing_file);
  g_test_add_func ("/catalogue/versions/add", test_versions);
  g_test_add_func ("/catalogue/versions/file", test_versions_in_file);
  g_test_add_func ("/catalogue/versions/add-rejections", test_add_item_rejections);
  g_test_add_func ("/catalogue/lookups", test_lookups);
  g_test_add_func ("/catalogue/add-keeps-order", test_add_keeps_order);
  g_test_add_func ("/catalogue/delegation", test_delegation);
  g_test_add_func ("/catalogue/find-items", test_find_items);
  g_test_add_func ("/catalogue/pinyin/table", test_pinyin);
  g_test_add_func ("/catalogue/pinyin/invalid-utf8", test_pinyin_invalid_utf8);

  return g_test_run ();
}
