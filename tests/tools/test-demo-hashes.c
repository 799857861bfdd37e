/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo users' hashes made ahead: the shipped file matches users.json (every user, made
 * from that password, at the default cost, each with its own salt, and they verify);
 * --init-demo's import takes them as they are at that cost, hashes afresh at any other cost
 * or when a password changed; and the generator writes such a file. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "yc-crypto.h"
#include "yc-import.h"
#include "yc-password.h"
#include "yc-store-sqlite.h"

static const char *generator_path;

static JsonNode *
load (const char *path)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static char *
demo_path (const char *name)
{
  return g_build_filename (g_getenv ("YC_DATADIR"), "demo", name, NULL);
}

/* The salt part of "$argon2id$v=19$m=…,t=…,p=…$SALT$HASH". */
static char *
salt_of (const char *encoded)
{
  g_auto (GStrv) parts = g_strsplit (encoded, "$", -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 6);
  return g_strdup (parts[4]);
}

static void
test_shipped_file (void)
{
  g_autofree char *users_path = demo_path ("users.json");
  g_autofree char *hashes_path = demo_path ("password-hashes.json");
  g_autoptr (JsonNode) users_root = load (users_path);
  g_autoptr (JsonNode) hashes_root = load (hashes_path);
  g_autoptr (GHashTable) salts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  YcPasswordCost cost = YC_PASSWORD_COST_DEFAULT;
  g_autofree char *prefix = yc_password_cost_prefix (&cost);
  JsonArray *users = json_object_get_array_member (json_node_get_object (users_root), "users");
  JsonObject *hashes = json_object_get_object_member (json_node_get_object (hashes_root),
                                                      "users");
  guint n = json_array_get_length (users);

  g_assert_cmpuint (n, >, 50);
  g_assert_cmpuint (json_object_get_size (hashes), ==, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      const char *name = json_object_get_string_member (user, "user");
      const char *password = json_object_get_string_member (user, "password");
      g_autofree char *sha256 = yc_sha256_hex_string (password);
      JsonObject *entry = json_object_get_object_member (hashes, name);
      const char *hash;

      g_assert_nonnull (entry);
      g_assert_cmpstr (json_object_get_string_member (entry, "password_sha256"), ==, sha256);
      hash = json_object_get_string_member (entry, "password_hash");
      g_assert_true (g_str_has_prefix (hash, prefix));
      g_assert_true (g_hash_table_add (salts, salt_of (hash)));
      /* argon2id at full cost is slow on purpose: the first and the last prove the file. */
      if (i == 0 || i == n - 1)
        {
          g_assert_true (yc_password_verify (hash, password));
          g_assert_false (yc_password_verify (hash, "not-the-password"));
        }
    }
  g_assert_cmpuint (g_hash_table_size (salts), ==, n);
}

typedef struct
{
  char    *dir;
  char    *path;
  YcStore *store;
} Store;

static void
store_open (Store *s)
{
  g_autoptr (GError) error = NULL;

  s->dir = g_dir_make_tmp ("yc-demo-hashes-XXXXXX", &error);
  g_assert_no_error (error);
  s->path = g_build_filename (s->dir, "county.sqlite", NULL);
  s->store = yc_store_sqlite_open (s->path, YC_STORE_SQLITE_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
store_close (Store *s)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&s->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (s->path, suffixes[i], NULL);

      g_unlink (p);
    }
  g_rmdir (s->dir);
  g_free (s->path);
  g_free (s->dir);
}

static char *
stored_hash (Store      *s,
             const char *name)
{
  g_autoptr (YcUserRecord) user = yc_store_user_lookup (s->store, name, NULL);

  g_assert_nonnull (user);
  return g_strdup (user->password_hash);
}

static void
test_init_demo_takes_them (void)
{
  g_autofree char *hashes_path = demo_path ("password-hashes.json");
  g_autoptr (JsonNode) hashes_root = load (hashes_path);
  JsonObject *hashes = json_object_get_object_member (json_node_get_object (hashes_root),
                                                      "users");
  g_autoptr (GList) names = json_object_get_members (hashes);
  g_autoptr (GError) error = NULL;
  YcPasswordCost cost = YC_PASSWORD_COST_DEFAULT;
  Store s = { 0 };
  gint64 t0;

  store_open (&s);
  t0 = g_get_monotonic_time ();
  g_assert_true (yc_import_demo (s.store, g_getenv ("YC_DATADIR"), &cost, &error));
  g_assert_no_error (error);
  g_test_message ("demo import at the default cost: %.2f s",
                  (g_get_monotonic_time () - t0) / 1e6);
  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *hash = stored_hash (&s, l->data);

      g_assert_cmpstr (hash, ==, json_object_get_string_member (
                         json_object_get_object_member (hashes, l->data), "password_hash"));
    }
  store_close (&s);
}

static void
test_other_cost_hashes_afresh (void)
{
  g_autofree char *hashes_path = demo_path ("password-hashes.json");
  g_autoptr (JsonNode) hashes_root = load (hashes_path);
  JsonObject *hashes = json_object_get_object_member (json_node_get_object (hashes_root),
                                                      "users");
  g_autoptr (GError) error = NULL;
  YcPasswordCost cheap = { 1, 64, 1 };
  g_autofree char *prefix = yc_password_cost_prefix (&cheap);
  g_autofree char *admin = NULL;
  Store s = { 0 };

  store_open (&s);
  g_assert_true (yc_import_demo (s.store, g_getenv ("YC_DATADIR"), &cheap, &error));
  g_assert_no_error (error);
  admin = stored_hash (&s, "admin");
  g_assert_true (g_str_has_prefix (admin, prefix));
  g_assert_cmpstr (admin, !=, json_object_get_string_member (
                     json_object_get_object_member (hashes, "admin"), "password_hash"));
  g_assert_true (yc_password_verify (admin, "yichuang-demo"));
  store_close (&s);
}

/* A hash made from another password is not taken, even at the right cost. */
static void
test_changed_password_hashes_afresh (void)
{
  const char *users = "{\"users\": [{\"user\": \"clerk\", \"role\": \"clerk\", "
                      "\"window_code\": \"C01\", \"password\": \"a-new-password\"}]}";
  YcPasswordCost cheap = { 1, 64, 1 };
  g_autofree char *old_hash = yc_password_hash ("the-old-password", &cheap, NULL);
  g_autofree char *old_sha = yc_sha256_hex_string ("the-old-password");
  g_autoptr (JsonObject) hashes = json_object_new ();
  g_autoptr (JsonObject) entry = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = NULL;
  Store s = { 0 };
  guint added = 0;

  json_object_set_string_member (entry, "password_sha256", old_sha);
  json_object_set_string_member (entry, "password_hash", old_hash);
  json_object_set_object_member (hashes, "clerk", json_object_ref (entry));
  store_open (&s);
  g_assert_true (yc_import_users (s.store, users, -1, hashes, &cheap, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 1);
  hash = stored_hash (&s, "clerk");
  g_assert_cmpstr (hash, !=, old_hash);
  g_assert_true (yc_password_verify (hash, "a-new-password"));
  g_assert_false (yc_password_verify (hash, "the-old-password"));

  /* A second import leaves the user as it is. */
  g_assert_true (yc_import_users (s.store, users, -1, NULL, &cheap, &added, &error));
  g_assert_cmpuint (added, ==, 0);
  store_close (&s);
}

static void
test_generator (void)
{
  const char *users = "{\"users\": [{\"user\": \"a\", \"role\": \"admin\", \"password\": "
                      "\"password-of-a\"}, {\"user\": \"b\", \"role\": \"admin\", "
                      "\"password\": \"password-of-b\"}]}";
  g_autofree char *dir = g_dir_make_tmp ("yc-demo-gen-XXXXXX", NULL);
  g_autofree char *input = g_build_filename (dir, "users.json", NULL);
  g_autofree char *output = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *sha_a = yc_sha256_hex_string ("password-of-a");
  const char *argv[] = { generator_path, input, NULL };
  int status;
  JsonObject *hashes, *a, *b;

  g_assert_true (g_file_set_contents (input, users, -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &output, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (json_parser_load_from_data (parser, output, -1, &error));
  hashes = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "users");
  g_assert_cmpuint (json_object_get_size (hashes), ==, 2);
  a = json_object_get_object_member (hashes, "a");
  b = json_object_get_object_member (hashes, "b");
  g_assert_cmpstr (json_object_get_string_member (a, "password_sha256"), ==, sha_a);
  g_assert_true (yc_password_verify (json_object_get_string_member (a, "password_hash"),
                                     "password-of-a"));
  g_assert_true (yc_password_verify (json_object_get_string_member (b, "password_hash"),
                                     "password-of-b"));
  g_unlink (input);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  generator_path = argv[1];
  g_test_add_func ("/tools/demo-hashes/shipped-file", test_shipped_file);
  g_test_add_func ("/tools/demo-hashes/init-demo-takes-them", test_init_demo_takes_them);
  g_test_add_func ("/tools/demo-hashes/other-cost", test_other_cost_hashes_afresh);
  g_test_add_func ("/tools/demo-hashes/changed-password", test_changed_password_hashes_afresh);
  g_test_add_func ("/tools/demo-hashes/generator", test_generator);
  return g_test_run ();
}
