/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-import"

#include "config.h"

#include <string.h>

#include "yc-import.h"
#include "yc-core.h"
#include "yc-crypto.h"
#include "yc-http.h"
#include "yc-server-error.h"

static JsonNode *
parse_json (const char *json,
            gssize      length,
            GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, json, length, error))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static gboolean
put (YcStore    *store,
     const char *kind,
     const char *code,
     guint       version,
     JsonNode   *node,
     GError    **error)
{
  g_autofree char *text = yc_json_to_string (node);
  YcCatalogueRecord record = { (char *) kind, (char *) code, version, text };

  return yc_store_catalogue_put (store, &record, error);
}

static gboolean
put_item (YcStore  *store,
          JsonNode *element,
          GError  **error)
{
  g_autoptr (YcItem) item = yc_item_from_json (element, error);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (YcCatalogueRecord) existing = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *text = NULL;

  if (item == NULL)
    return FALSE;
  node = yc_item_to_json (item);
  text = yc_json_to_string (node);
  existing = yc_store_catalogue_get (store, "item", item->code, item->version, &local);
  if (existing != NULL)
    {
      if (g_str_equal (existing->json, text))
        return TRUE;
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "Item %s version %u is already published with different contents; "
                   "publish the change as a new version", item->code, item->version);
      return FALSE;
    }
  if (!g_error_matches (local, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return put (store, "item", item->code, item->version, node, error);
}

static gboolean
import_catalogue_txn (YcStore     *store,
                      YcCatalogue *catalogue,
                      JsonNode    *root,
                      guint       *n_items,
                      GError     **error)
{
  g_autoptr (GPtrArray) departments = yc_catalogue_list_departments (catalogue);
  g_autoptr (GPtrArray) townships = yc_catalogue_list_townships (catalogue);
  g_autoptr (GPtrArray) windows = yc_catalogue_list_windows (catalogue);
  JsonObject *object = json_node_get_object (root);
  JsonArray *items;

  for (guint i = 0; i < departments->len; i++)
    {
      YcDepartment *d = g_ptr_array_index (departments, i);
      g_autoptr (JsonNode) node = yc_department_to_json (d);

      if (!put (store, "department", d->code, 0, node, error))
        return FALSE;
    }
  for (guint i = 0; i < townships->len; i++)
    {
      YcTownship *t = g_ptr_array_index (townships, i);
      g_autoptr (JsonNode) node = yc_township_to_json (t);

      if (!put (store, "township", t->code, 0, node, error))
        return FALSE;
    }
  for (guint i = 0; i < windows->len; i++)
    {
      YcWindow *w = g_ptr_array_index (windows, i);
      g_autoptr (JsonNode) node = yc_window_to_json (w);

      if (!put (store, "window", w->code, 0, node, error))
        return FALSE;
    }

  items = json_object_has_member (object, "items") ? json_object_get_array_member (object,
                                                                                   "items")
                                                   : NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      if (!put_item (store, json_array_get_element (items, i), error))
        return FALSE;
      (*n_items)++;
    }
  return TRUE;
}

gboolean
yc_import_catalogue (YcStore    *store,
                     const char *json,
                     gssize      length,
                     guint      *n_items,
                     GError    **error)
{
  g_autoptr (YcCatalogue) catalogue = yc_catalogue_new ();
  g_autoptr (JsonNode) root = NULL;
  guint count = 0;

  /* The core checks shape and every cross-reference before anything is written. */
  if (!yc_catalogue_load_data (catalogue, json, length, error))
    return FALSE;
  if ((root = parse_json (json, length, error)) == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "A catalogue document is a JSON object");
      return FALSE;
    }
  if (!yc_store_begin_write (store, error))
    return FALSE;
  if (!import_catalogue_txn (store, catalogue, root, &count, error) ||
      !yc_store_commit (store, error))
    {
      yc_store_rollback (store);
      return FALSE;
    }
  if (n_items != NULL)
    *n_items = count;
  return TRUE;
}

gboolean
yc_import_calendar (YcStore    *store,
                    const char *json,
                    gssize      length,
                    int        *year,
                    GError    **error)
{
  g_autoptr (YcCalendar) calendar = yc_calendar_new ();
  g_autoptr (GArray) years = NULL;

  if (!yc_calendar_load_data (calendar, json, length, error))
    return FALSE;
  years = yc_calendar_list_years (calendar);
  if (years->len != 1)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "A calendar file holds exactly one year");
      return FALSE;
    }
  {
    int y = g_array_index (years, int, 0);
    g_autofree char *normalised = yc_calendar_year_to_json (calendar, y);

    if (!yc_store_begin_write (store, error))
      return FALSE;
    if (!yc_store_calendar_put (store, y, normalised, error) || !yc_store_commit (store, error))
      {
        yc_store_rollback (store);
        return FALSE;
      }
    if (year != NULL)
      *year = y;
  }
  return TRUE;
}

gboolean
yc_import_check_user (const YcUserRecord *user,
                      GError            **error)
{
  YcRole role;

  if (user->name == NULL || user->name[0] == '\0' || strlen (user->name) > 64)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "A user name has 1 to 64 characters");
      return FALSE;
    }
  for (const char *p = user->name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
        {
          g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                       "User name “%s”: use letters, digits, '.', '_' or '-'", user->name);
          return FALSE;
        }
    }
  if (!yc_role_from_string (user->role, &role))
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "Role “%s” is not one of clerk, township, chief, admin",
                   user->role != NULL ? user->role : "");
      return FALSE;
    }
  if (role == YC_ROLE_TOWNSHIP && user->township_code == NULL)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "Township staff need a township code");
      return FALSE;
    }
  if (role == YC_ROLE_CHIEF && user->township_code == NULL && user->department_code == NULL)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "A chief needs a department code (county) or a township code");
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_user (YcStore            *store,
             const YcUserRecord *user,
             const char         *hash,
             GError            **error)
{
  YcUserRecord copy = *user;

  copy.password_hash = (char *) hash;
  if (copy.display_name == NULL)
    copy.display_name = copy.name;
  if (copy.created_at == 0)
    copy.created_at = g_get_real_time () / G_USEC_PER_SEC;
  return yc_store_user_insert (store, &copy, error);
}

gboolean
yc_import_add_user (YcStore              *store,
                    const YcUserRecord   *user,
                    const char           *password,
                    const YcPasswordCost *cost,
                    GError              **error)
{
  g_autofree char *hash = NULL;

  if (!yc_import_check_user (user, error) ||
      (hash = yc_password_hash (password, cost, error)) == NULL)
    return FALSE;
  return insert_user (store, user, hash, error);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

typedef struct
{
  YcUserRecord user;             /* strings borrowed from the document */
  const char  *password;
  char        *hash;
  GError      *error;
} PendingUser;

static void
pending_user_free (gpointer data)
{
  PendingUser *p = data;

  g_free (p->hash);
  g_clear_error (&p->error);
  g_free (p);
}

static void
hash_pending (gpointer data,
              gpointer user_data)
{
  PendingUser *p = data;

  p->hash = yc_password_hash (p->password, user_data, &p->error);
}

/* The hash made ahead for @name, if it was made from @password at @cost. */
static char *
known_hash (JsonObject           *hashes,
            const char           *name,
            const char           *password,
            const YcPasswordCost *cost)
{
  g_autofree char *prefix = yc_password_cost_prefix (cost);
  g_autofree char *sha256 = NULL;
  JsonNode *node;
  const char *made_from, *hash;

  if (hashes == NULL || (node = json_object_get_member (hashes, name)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  made_from = member_string (json_node_get_object (node), "password_sha256");
  hash = member_string (json_node_get_object (node), "password_hash");
  if (made_from == NULL || hash == NULL || !g_str_has_prefix (hash, prefix))
    return NULL;
  sha256 = yc_sha256_hex_string (password);
  return g_ascii_strcasecmp (sha256, made_from) == 0 ? g_strdup (hash) : NULL;
}

gboolean
yc_import_users (YcStore              *store,
                 const char           *json,
                 gssize                length,
                 JsonObject           *hashes,
                 const YcPasswordCost *cost,
                 guint                *n_added,
                 GError              **error)
{
  g_autoptr (JsonNode) root = parse_json (json, length, error);
  g_autoptr (GPtrArray) pending = g_ptr_array_new_with_free_func (pending_user_free);
  GThreadPool *pool;
  JsonArray *users = NULL;

  if (root == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (root))
    users = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root) &&
           json_object_has_member (json_node_get_object (root), "users"))
    users = json_object_get_array_member (json_node_get_object (root), "users");
  if (users == NULL)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "A users file is a list of users");
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonNode *element = json_array_get_element (users, i);
      g_autoptr (YcUserRecord) existing = NULL;
      PendingUser *p;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      o = json_node_get_object (element);
      p = g_new0 (PendingUser, 1);
      g_ptr_array_add (pending, p);
      p->user.name = (char *) (member_string (o, "user") != NULL ? member_string (o, "user")
                                                                  : member_string (o, "name"));
      p->user.display_name = (char *) member_string (o, "display_name");
      p->user.role = (char *) member_string (o, "role");
      p->user.department_code = (char *) member_string (o, "department_code");
      p->user.township_code = (char *) member_string (o, "township_code");
      p->user.window_code = (char *) member_string (o, "window_code");
      p->password = member_string (o, "password");

      if (p->user.name != NULL &&
          (existing = yc_store_user_lookup (store, p->user.name, NULL)) != NULL)
        {
          g_ptr_array_remove_index (pending, pending->len - 1);
          continue;
        }
      if (!yc_import_check_user (&p->user, error) ||
          !yc_password_acceptable (p->password, error))
        {
          g_prefix_error (error, "User %u (%s): ", i + 1,
                          p->user.name != NULL ? p->user.name : "?");
          return FALSE;
        }
      p->hash = known_hash (hashes, p->user.name, p->password, cost);
    }

  /* argon2id is meant to be slow: the rest are hashed side by side, one per core. */
  pool = g_thread_pool_new (hash_pending, (gpointer) cost, (int) g_get_num_processors (), FALSE,
                            NULL);
  for (guint i = 0; i < pending->len; i++)
    {
      PendingUser *p = g_ptr_array_index (pending, i);

      if (p->hash == NULL)
        g_thread_pool_push (pool, p, NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);
  for (guint i = 0; i < pending->len; i++)
    {
      PendingUser *p = g_ptr_array_index (pending, i);

      if (p->error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&p->error), "User %s: ",
                                      p->user.name);
          return FALSE;
        }
    }

  if (!yc_store_begin_write (store, error))
    return FALSE;
  for (guint i = 0; i < pending->len; i++)
    {
      PendingUser *p = g_ptr_array_index (pending, i);

      if (!insert_user (store, &p->user, p->hash, error))
        {
          g_prefix_error (error, "User %s: ", p->user.name);
          yc_store_rollback (store);
          return FALSE;
        }
    }
  if (!yc_store_commit (store, error))
    {
      yc_store_rollback (store);
      return FALSE;
    }
  if (n_added != NULL)
    *n_added = pending->len;
  return TRUE;
}

static gboolean
import_file (YcStore              *store,
             const char           *path,
             const char           *what,
             JsonObject           *hashes,
             const YcPasswordCost *cost,
             GError              **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  gboolean ok;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  if (g_str_equal (what, "catalogue"))
    ok = yc_import_catalogue (store, contents, length, NULL, error);
  else if (g_str_equal (what, "calendar"))
    ok = yc_import_calendar (store, contents, length, NULL, error);
  else
    ok = yc_import_users (store, contents, length, hashes, cost, NULL, error);
  if (!ok)
    g_prefix_error (error, "%s: ", path);
  return ok;
}

/* data/demo/password-hashes.json's "users" object, or NULL when there is none. */
static JsonNode *
load_known_hashes (const char *path,
                   GError    **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonNode) root = NULL;
  gsize length;
  JsonNode *users;

  if (!g_file_get_contents (path, &contents, &length, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return json_node_new (JSON_NODE_NULL);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if ((root = parse_json (contents, length, error)) == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (users = json_object_get_member (json_node_get_object (root), "users")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (users))
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_INVALID,
                   "%s: not {\"users\": {name: {password_sha256, password_hash}}}", path);
      return NULL;
    }
  return json_node_ref (users);
}

gboolean
yc_import_demo (YcStore              *store,
                const char           *data_dir,
                const YcPasswordCost *cost,
                GError              **error)
{
  g_autofree char *calendar_dir = g_build_filename (data_dir, "calendar", NULL);
  g_autofree char *catalogue = g_build_filename (data_dir, "demo", "catalogue.json", NULL);
  g_autofree char *users = g_build_filename (data_dir, "demo", "users.json", NULL);
  g_autofree char *hashes_path = g_build_filename (data_dir, "demo", "password-hashes.json",
                                                   NULL);
  g_autoptr (GDir) dir = g_dir_open (calendar_dir, 0, error);
  g_autoptr (JsonNode) hashes = NULL;
  const char *name;

  if (dir == NULL || (hashes = load_known_hashes (hashes_path, error)) == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, "cn-") || !g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (calendar_dir, name, NULL);
      if (!import_file (store, path, "calendar", NULL, cost, error))
        return FALSE;
    }
  return import_file (store, catalogue, "catalogue", NULL, cost, error) &&
         import_file (store, users, "users",
                      JSON_NODE_HOLDS_OBJECT (hashes) ? json_node_get_object (hashes) : NULL,
                      cost, error);
}
