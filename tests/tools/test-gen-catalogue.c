/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-gen-catalogue writes catalogues that load, at the asked size, the same for the same seed,
 * with names whose every Chinese character has a pinyin initial. */
#include "config.h"

#include <locale.h>

#include <gio/gio.h>

#include "yc-catalogue.h"
#include "yc-ids.h"

static const char *generator;

/* Runs the generator; returns its standard output, or NULL when it failed. */
static char *
run_generator (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, (gpointer) generator);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);

  if (!g_subprocess_get_successful (process))
    return NULL;

  return g_steal_pointer (&out);
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

static void
test_loads (void)
{
  const char * const args[] = { "--items", "1007", "--departments", "44", "--seed", "7", NULL };
  g_autofree char *json = run_generator (args);
  g_autoptr(YcCatalogue) catalogue = yc_catalogue_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) townships = NULL;
  g_autoptr(GPtrArray) found = NULL;
  guint64 legal = 0, committed = 0;
  guint delegated = 0, parallel = 0, allows_missing = 0;

  g_assert_nonnull (json);
  yc_catalogue_load_data (catalogue, json, -1, &error);
  g_assert_no_error (error);

  items = yc_catalogue_list_items (catalogue);
  departments = yc_catalogue_list_departments (catalogue);
  townships = yc_catalogue_list_townships (catalogue);
  g_assert_cmpuint (items->len, ==, 1007);
  g_assert_cmpuint (departments->len, ==, 44);
  g_assert_cmpuint (townships->len, ==, 19);

  /* Every department is an issuing organ with its own valid credit code. */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < departments->len; i++)
      {
        const YcDepartment *d = g_ptr_array_index (departments, i);

        g_assert_nonnull (d->uscc);
        g_assert_cmpint (yc_uscc_check (d->uscc, NULL), ==, YC_USCC_VALID);
        g_assert_true (g_hash_table_add (seen, d->uscc));
      }
  }

  for (guint i = 0; i < items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (items, i);

      /* No Chinese character of a name goes without its initial. */
      g_assert_cmpuint (strlen (item->initials), ==, count_han (item->name));
      legal += item->legal_limit;
      committed += item->committed_limit;
      delegated += g_strv_length (item->townships) > 0;
      parallel += g_strv_length (item->parallel_departments) > 0;
      allows_missing += item->allows_missing;
    }

  /* Committed limits about a fifth of the legal ones, as in the article. */
  g_test_message ("committed/legal = %.3f", (double) committed / (double) legal);
  g_assert_cmpfloat ((double) committed / (double) legal, >, 0.12);
  g_assert_cmpfloat ((double) committed / (double) legal, <, 0.28);
  g_assert_cmpuint (delegated, >, 100);
  g_assert_cmpuint (parallel, >, 10);
  g_assert_cmpuint (allows_missing, >, 100);

  /* 食品经营… filters by its initials. */
  found = yc_catalogue_find_items (catalogue, "spjy");
  g_assert_cmpuint (found->len, >, 0);
  for (guint i = 0; i < found->len; i++)
    g_assert_true (g_str_has_prefix (((YcItem *) g_ptr_array_index (found, i))->name, "食品经营"));
}

static void
test_deterministic (void)
{
  const char * const seven[] = { "--items", "50", "--seed", "7", NULL };
  const char * const eight[] = { "--items", "50", "--seed", "8", NULL };
  g_autofree char *a = run_generator (seven);
  g_autofree char *b = run_generator (seven);
  g_autofree char *c = run_generator (eight);

  g_assert_nonnull (a);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
}

static void
test_bad_arguments (void)
{
  const char * const *cases[] = {
    (const char * const[]) { "--departments", "0", NULL },
    (const char * const[]) { "--items", "-1", NULL },
    (const char * const[]) { "--items", "many", NULL },
    (const char * const[]) { "--townships", "900", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = run_generator (cases[i]);

      g_assert_null (out);
    }
}

static void
test_empty (void)
{
  const char * const args[] = { "--items", "0", "--departments", "1", "--townships", "0", NULL };
  g_autofree char *json = run_generator (args);
  g_autoptr(YcCatalogue) catalogue = yc_catalogue_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (json);
  yc_catalogue_load_data (catalogue, json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_catalogue_get_n_items (catalogue), ==, 0);
}

/* 100,000 items: run with -m slow (too long for every build under ASan). */
static void
test_scale (void)
{
  const char * const args[] = { "--items", "100000", "--departments", "44", NULL };
  g_autofree char *json = NULL;
  g_autoptr(YcCatalogue) catalogue = yc_catalogue_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  if (!g_test_slow ())
    {
      g_test_skip ("run with -m slow");
      return;
    }

  json = run_generator (args);
  g_assert_nonnull (json);
  g_test_message ("generated %zu bytes in %.2f s", strlen (json), g_timer_elapsed (timer, NULL));
  g_timer_start (timer);
  yc_catalogue_load_data (catalogue, json, -1, &error);
  g_assert_no_error (error);
  g_test_message ("loaded in %.2f s", g_timer_elapsed (timer, NULL));
  g_assert_cmpuint (yc_catalogue_get_n_items (catalogue), ==, 100000);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  generator = argc > 1 ? argv[1] : g_getenv ("YC_GEN_CATALOGUE");
  if (generator == NULL)
    g_error ("usage: test-gen-catalogue [GTEST-OPTIONS] PATH-TO-yc-gen-catalogue");

  g_test_add_func ("/gen-catalogue/loads", test_loads);
  g_test_add_func ("/gen-catalogue/deterministic", test_deterministic);
  g_test_add_func ("/gen-catalogue/bad-arguments", test_bad_arguments);
  g_test_add_func ("/gen-catalogue/empty", test_empty);
  g_test_add_func ("/gen-catalogue/scale", test_scale);

  return g_test_run ();
}
