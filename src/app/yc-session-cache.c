/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-session-cache"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "yc-session-cache.h"

char *
yc_session_cache_get_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "yichuang", "session.json", NULL);
}

static void
add (JsonBuilder *b,
     const char  *name,
     const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

gboolean
yc_session_cache_save (const char       *path,
                       const char       *backend_url,
                       const YcSession  *session,
                       GError          **error)
{
  g_autofree char *default_path = path == NULL ? yc_session_cache_get_path () : NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (backend_url != NULL && session != NULL, FALSE);

  path = path != NULL ? path : default_path;
  json_builder_begin_object (b);
  add (b, "backend_url", backend_url);
  add (b, "user", session->actor.user);
  add (b, "display_name", session->actor.display_name);
  add (b, "role", yc_role_to_string (session->actor.role));
  add (b, "department_code", session->actor.department_code);
  add (b, "township_code", session->actor.township_code);
  add (b, "window_code", session->actor.window_code);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static char *
dup_member (JsonObject *obj,
            const char *name)
{
  const char *value = json_object_get_string_member_with_default (obj, name, NULL);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

YcSession *
yc_session_cache_load (const char *path,
                       const char *backend_url,
                       const char *user,
                       const char *token)
{
  g_autofree char *default_path = path == NULL ? yc_session_cache_get_path () : NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(YcSession) session = NULL;
  JsonNode *root;
  JsonObject *obj;
  const char *role;

  g_return_val_if_fail (backend_url != NULL && token != NULL, NULL);

  path = path != NULL ? path : default_path;
  if (!json_parser_load_from_file (parser, path, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  obj = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (obj, "backend_url", NULL),
                 backend_url) != 0
      || (user != NULL
          && g_strcmp0 (json_object_get_string_member_with_default (obj, "user", NULL),
                        user) != 0))
    return NULL;

  session = g_new0 (YcSession, 1);
  session->token = g_strdup (token);
  session->actor.user = dup_member (obj, "user");
  session->actor.display_name = dup_member (obj, "display_name");
  session->actor.department_code = dup_member (obj, "department_code");
  session->actor.township_code = dup_member (obj, "township_code");
  session->actor.window_code = dup_member (obj, "window_code");
  role = json_object_get_string_member_with_default (obj, "role", NULL);
  if (session->actor.user == NULL || role == NULL
      || !yc_role_from_string (role, &session->actor.role))
    return NULL;
  if (session->actor.display_name == NULL)
    session->actor.display_name = g_strdup (session->actor.user);
  return g_steal_pointer (&session);
}
