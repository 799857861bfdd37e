/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue list model: what it matches (names, codes, pinyin initials, departments,
 * recent/favourite sets), that narrowing re-tests give the same result as a full scan, that
 * the rows shown are capped, and that its items-changed signals, applied to a copy, always
 * reproduce the model exactly (the views rely on them). */
#include "config.h"

#include "yc-item-list.h"
#include "yc-item-object.h"
#include "yc-item-rows.h"

static YcCatalogue *
demo_catalogue (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("YC_DATADIR"), "demo", "catalogue.json",
                                            NULL);
  g_autoptr(GError) error = NULL;
  YcCatalogue *catalogue = yc_catalogue_new ();

  g_assert_true (yc_catalogue_load_file (catalogue, path, &error));
  g_assert_no_error (error);
  return catalogue;
}

/* A plain copy of the model kept only through items-changed. */
typedef struct
{
  GPtrArray *rows;
} Mirror;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->rows->len);
  g_ptr_array_remove_range (mirror->rows, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->rows, position + i, g_list_model_get_item (model, position + i));
}

static void
assert_mirror (GListModel *model,
               Mirror     *mirror)
{
  g_assert_cmpuint (mirror->rows->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < mirror->rows->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_true (item == g_ptr_array_index (mirror->rows, i));
    }
}

/* What a full scan would give, by brute force over the catalogue. */
static guint
expected_matches (YcCatalogue *catalogue,
                  const char  *query,
                  const char  *department)
{
  g_autoptr(GPtrArray) items = yc_catalogue_list_items (catalogue);
  g_autofree char *folded = g_ascii_strdown (query, -1);
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    {
      YcItem *item = g_ptr_array_index (items, i);
      g_autofree char *code = g_ascii_strdown (item->code, -1);
      g_autofree char *initials = g_ascii_strdown (item->initials != NULL ? item->initials : "",
                                                   -1);
      g_autofree char *basic = g_ascii_strdown (item->basic_code != NULL ? item->basic_code : "",
                                                -1);

      if (department != NULL && g_strcmp0 (item->department_code, department) != 0)
        continue;
      if (*folded == '\0' || strstr (code, folded) || strstr (item->name, folded)
          || strstr (initials, folded) || strstr (basic, folded))
        n++;
    }
  return n;
}

static void
test_queries (void)
{
  g_autoptr(YcCatalogue) catalogue = demo_catalogue ();
  g_autoptr(YcItemList) list = yc_item_list_new ();
  Mirror mirror = { g_ptr_array_new_with_free_func (g_object_unref) };
  static const struct {
    const char *query;
    const char *department;
    const char *first_name;  /* NULL: don't care */
  } table[] = {
    { "g", NULL, NULL },
    { "gt", NULL, NULL },
    { "gtg", NULL, NULL },
    { "gtgs", NULL, NULL },
    { "gtgsh", NULL, "个体工商户设立登记" },
    { "  GTGSH ", NULL, "个体工商户设立登记" },
    { "gtgs", NULL, NULL },
    { "", NULL, NULL },
    { "工商", NULL, NULL },
    { "个体工商户设立", NULL, "个体工商户设立登记" },
    { "320826-scjg-xk-001", NULL, "个体工商户设立登记" },
    { "320826", "320826-MZ", NULL },
    { "", "320826-SCJG", NULL },
    { "g", "320826-SCJG", NULL },
    { "gt", "320826-SCJG", NULL },
    { "g", NULL, NULL },           /* the department changed: "g" is not the one typed */
    { "gt", NULL, NULL },
    { "gtg", NULL, NULL },
    { "gt", NULL, NULL },          /* backspaces: the results typed on the way */
    { "g", NULL, NULL },
    { "gx", NULL, NULL },
    { "zzzzzz", NULL, NULL },
    { "", NULL, NULL },
  };

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &mirror);
  yc_item_list_set_catalogue (list, catalogue);
  assert_mirror (G_LIST_MODEL (list), &mirror);
  g_assert_cmpuint (yc_item_list_get_n_total (list), ==, yc_catalogue_get_n_items (catalogue));

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (table[i].query));

      yc_item_list_set_department (list, table[i].department);
      yc_item_list_set_query (list, table[i].query);
      assert_mirror (G_LIST_MODEL (list), &mirror);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                        expected_matches (catalogue, trimmed, table[i].department));
      if (table[i].first_name != NULL)
        {
          g_autoptr(YcItemObject) first = g_list_model_get_item (G_LIST_MODEL (list), 0);

          g_assert_nonnull (first);
          g_assert_cmpstr (yc_item_object_get_item (first)->name, ==, table[i].first_name);
        }
    }
  g_ptr_array_unref (mirror.rows);
}

static void
test_codes_and_limit (void)
{
  g_autoptr(YcCatalogue) catalogue = demo_catalogue ();
  g_autoptr(YcItemList) list = yc_item_list_new ();
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  Mirror mirror = { g_ptr_array_new_with_free_func (g_object_unref) };
  g_autoptr(YcItemObject) only = NULL;

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &mirror);
  yc_item_list_set_catalogue (list, catalogue);

  /* Favourites: only the codes in the set. */
  g_hash_table_add (codes, (gpointer) "320826-SCJG-XK-001");
  yc_item_list_set_codes (list, codes);
  assert_mirror (G_LIST_MODEL (list), &mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  only = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (yc_item_object_get_item (only)->code, ==, "320826-SCJG-XK-001");
  yc_item_list_set_codes (list, NULL);

  /* A cap on the rows shown; the number of matches stays known. */
  yc_item_list_set_limit (list, 10);
  assert_mirror (G_LIST_MODEL (list), &mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
  g_assert_cmpuint (yc_item_list_get_n_matches (list), ==, yc_catalogue_get_n_items (catalogue));
  yc_item_list_set_query (list, "gtgsh");
  assert_mirror (G_LIST_MODEL (list), &mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    MIN (10, expected_matches (catalogue, "gtgsh", NULL)));
  yc_item_list_set_query (list, "");
  yc_item_list_set_limit (list, G_MAXUINT);
  assert_mirror (G_LIST_MODEL (list), &mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    yc_catalogue_get_n_items (catalogue));

  yc_item_list_set_catalogue (list, NULL);
  assert_mirror (G_LIST_MODEL (list), &mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_ptr_array_unref (mirror.rows);
}

static void
on_row_notify (YcItemRow  *row,
               GParamSpec *pspec,
               guint      *count)
{
  (*count)++;
}

/* The list widget's model: the same row objects stay at their positions while the clerk
 * types, each showing the list's item at its position; only the rows that show another item
 * say so, and only the change of length is reported as items-changed. */
static void
test_rows (void)
{
  g_autoptr(YcCatalogue) catalogue = demo_catalogue ();
  g_autoptr(YcItemList) list = yc_item_list_new ();
  g_autoptr(YcItemRows) rows = yc_item_rows_new (G_LIST_MODEL (list));
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  Mirror mirror = { g_ptr_array_new_with_free_func (g_object_unref) };
  static const char *queries[] = { "g", "gt", "gtgsh", "gt", "", "工商", "zzzzzz", "" };
  guint notified = 0;

  g_signal_connect (rows, "items-changed", G_CALLBACK (on_items_changed), &mirror);
  yc_item_list_set_catalogue (list, catalogue);
  assert_mirror (G_LIST_MODEL (rows), &mirror);
  /* A view holds its first rows (and only those). */
  for (guint i = 0; i < 30; i++)
    {
      YcItemRow *row = g_list_model_get_item (G_LIST_MODEL (rows), i);

      g_signal_connect (row, "notify::item", G_CALLBACK (on_row_notify), &notified);
      g_ptr_array_add (held, row);
    }

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      gpointer before[30];
      guint expected = 0;
      guint n;

      for (guint i = 0; i < held->len; i++)
        before[i] = yc_item_row_get_item (g_ptr_array_index (held, i));
      notified = 0;
      yc_item_list_set_query (list, queries[q]);
      n = g_list_model_get_n_items (G_LIST_MODEL (list));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, n);
      assert_mirror (G_LIST_MODEL (rows), &mirror);
      for (guint i = 0; i < held->len; i++)
        {
          YcItemRow *row = g_ptr_array_index (held, i);
          g_autoptr(GObject) now = i < n ? g_list_model_get_item (G_LIST_MODEL (list), i) : NULL;

          g_assert_true ((GObject *) yc_item_row_get_item (row) == now);
          if ((gpointer) now != before[i])
            expected++;
          if (i < n)
            {
              g_autoptr(GObject) same = g_list_model_get_item (G_LIST_MODEL (rows), i);

              g_assert_true (same == (GObject *) row);
            }
        }
      /* Exactly the rows that show another item said so. */
      g_assert_cmpuint (notified, ==, expected);
    }
  g_ptr_array_unref (mirror.rows);
}

static void
test_fold (void)
{
  static const struct {
    const char *text;
    gsize       size;
    const char *expected;
  } table[] = {
    { "GtGsH", 16, "gtgsh" },
    { "个体ABC", 16, "个体abc" },
    { "个体", 5, "个" },     /* cut inside 体: the whole character goes */
    { "个体", 4, "个" },
    { "个体", 3, "" },
    { NULL, 4, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      char buffer[16];

      yc_search_fold (table[i].text, buffer, table[i].size);
      g_assert_cmpstr (buffer, ==, table[i].expected);
      g_assert_true (g_utf8_validate (buffer, -1, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/item-list/queries", test_queries);
  g_test_add_func ("/item-list/codes-and-limit", test_codes_and_limit);
  g_test_add_func ("/item-list/rows", test_rows);
  g_test_add_func ("/item-list/fold", test_fold);
  return g_test_run ();
}
