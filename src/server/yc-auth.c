/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-auth"

#include "config.h"

#include <string.h>

#include "yc-auth.h"
#include "yc-crypto.h"

YcActor *
yc_actor_new_from_user (const YcUserRecord *user)
{
  YcActor *actor;
  YcRole role;

  if (!yc_role_from_string (user->role, &role))
    return NULL;
  actor = g_new0 (YcActor, 1);
  actor->user = g_strdup (user->name);
  actor->display_name = g_strdup (user->display_name);
  actor->role = role;
  actor->department_code = g_strdup (user->department_code);
  actor->township_code = g_strdup (user->township_code);
  actor->window_code = g_strdup (user->window_code);
  return actor;
}

void
yc_actor_free (YcActor *actor)
{
  if (actor == NULL)
    return;
  g_free (actor->user);
  g_free (actor->display_name);
  g_free (actor->department_code);
  g_free (actor->township_code);
  g_free (actor->window_code);
  g_free (actor);
}

char *
yc_auth_bearer_token (const char *authorization)
{
  const char *token;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;
  token = authorization + 7;
  while (*token == ' ')
    token++;
  /* Our tokens are 43 base64url characters; anything else cannot be one. */
  if (strlen (token) != 43)
    return NULL;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return NULL;
  return g_strdup (token);
}

char *
yc_auth_token_hash (const char *token)
{
  return yc_sha256_hex_string (token);
}

void
yc_auth_read_scope (const YcActor *actor,
                    const char   **department,
                    const char   **township)
{
  *department = NULL;
  *township = NULL;
  switch (actor->role)
    {
    case YC_ROLE_TOWNSHIP:
      /* Township staff see their township's cases; with no township set, none. */
      *township = actor->township_code != NULL ? actor->township_code : "";
      break;
    case YC_ROLE_CHIEF:
      /* A township chief sees the township; a county chief, like the hall, sees every case:
       * parallel items put branches of one case before several departments' chiefs. */
      if (actor->township_code != NULL)
        *township = actor->township_code;
      break;
    case YC_ROLE_CLERK:
    case YC_ROLE_ADMIN:
    default:
      /* The county hall's windows take in any item ("一窗办结"), so a clerk may look up any
       * case, as may the administrator. */
      break;
    }
}

gboolean
yc_auth_may_read_case (const YcActor      *actor,
                       const YcCaseRecord *record)
{
  const char *department, *township;

  yc_auth_read_scope (actor, &department, &township);
  if (department != NULL && g_strcmp0 (record->department_code, department) != 0)
    return FALSE;
  if (township != NULL && g_strcmp0 (record->township_code, township) != 0)
    return FALSE;
  return TRUE;
}

JsonNode *
yc_user_to_json (const YcUserRecord *user)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, user->name);
  json_builder_set_member_name (b, "display_name");
  json_builder_add_string_value (b, user->display_name);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, user->role);
  json_builder_set_member_name (b, "department_code");
  if (user->department_code != NULL)
    json_builder_add_string_value (b, user->department_code);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "township_code");
  if (user->township_code != NULL)
    json_builder_add_string_value (b, user->township_code);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "window_code");
  if (user->window_code != NULL)
    json_builder_add_string_value (b, user->window_code);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
