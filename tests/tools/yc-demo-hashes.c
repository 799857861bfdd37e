/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes data/demo/password-hashes.json: an argon2id hash, at the server's default cost and
 * with a salt of its own, of each demo user's (public) password, so that
 * `yichuangd --init-demo` need not spend half a minute hashing them. yichuangd takes a hash
 * only when the password's SHA-256 and the cost match; run this again whenever users.json or
 * YC_PASSWORD_COST_DEFAULT changes:
 *
 *   build/tests/tools/yc-demo-hashes data/demo/users.json > data/demo/password-hashes.json */
#include "config.h"

#include <json-glib/json-glib.h>

#include "yc-crypto.h"
#include "yc-password.h"

typedef struct
{
  const char *name;
  const char *password;
  char       *hash;
  GError     *error;
} Entry;

static void
hash_entry (gpointer data,
            gpointer user_data)
{
  Entry *e = data;
  YcPasswordCost cost = YC_PASSWORD_COST_DEFAULT;

  e->hash = yc_password_hash (e->password, &cost, &e->error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonArray *users;
  Entry *entries;
  GThreadPool *pool;
  guint n;

  if (argc != 2)
    {
      g_printerr ("Usage: %s USERS.JSON > password-hashes.json\n", argv[0]);
      return 2;
    }
  if (!json_parser_load_from_file (parser, argv[1], &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      (users = json_object_get_array_member (json_node_get_object (
         json_parser_get_root (parser)), "users")) == NULL)
    {
      g_printerr ("%s: not {\"users\": [...]}\n", argv[1]);
      return 1;
    }

  n = json_array_get_length (users);
  entries = g_new0 (Entry, n);
  pool = g_thread_pool_new (hash_entry, NULL, (int) g_get_num_processors (), FALSE, NULL);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *o = json_array_get_object_element (users, i);

      entries[i].name = json_object_get_string_member_with_default (o, "user", NULL);
      entries[i].password = json_object_get_string_member_with_default (o, "password", NULL);
      if (entries[i].name == NULL || entries[i].password == NULL)
        {
          g_printerr ("%s: user %u has no user or password\n", argv[1], i + 1);
          return 1;
        }
      g_thread_pool_push (pool, &entries[i], NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "about");
  json_builder_add_string_value (b, "argon2id hashes of the demo users' public password, made "
                                    "by tests/tools/yc-demo-hashes; demo only");
  json_builder_set_member_name (b, "users");
  json_builder_begin_object (b);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sha256 = NULL;

      if (entries[i].hash == NULL)
        {
          g_printerr ("%s: %s\n", entries[i].name, entries[i].error->message);
          return 1;
        }
      sha256 = yc_sha256_hex_string (entries[i].password);
      json_builder_set_member_name (b, entries[i].name);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "password_sha256");
      json_builder_add_string_value (b, sha256);
      json_builder_set_member_name (b, "password_hash");
      json_builder_add_string_value (b, entries[i].hash);
      json_builder_end_object (b);
      g_free (entries[i].hash);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
  g_free (entries);
  return 0;
}
