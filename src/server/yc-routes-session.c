/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signing in and out, who am I, and the two public service routes (health, OpenAPI). */
#define G_LOG_DOMAIN "yc-routes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-routes.h"
#include "yc-audit.h"
#include "yc-auth.h"
#include "yc-crypto.h"
#include "yc-password.h"
#include "yc-server-private.h"

YcResponse *
yc_route_health (YcServer  *server,
                 YcRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GArray) years = NULL;
  g_autofree char *head_hash = NULL;
  gint64 head_id;
  YcStore *store;
  gboolean ok;

  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    return yc_problem_from_store_error (error);
  ok = yc_store_audit_head (store, &head_id, &head_hash, &error);
  yc_server_release_reader (server, store);
  if (!ok)
    return yc_problem_from_store_error (error);

  years = yc_calendar_list_years (data->calendar);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "ok");
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "items");
  json_builder_add_int_value (b, data->n_items);
  json_builder_set_member_name (b, "calendar_years");
  json_builder_begin_array (b);
  for (guint i = 0; i < years->len; i++)
    json_builder_add_int_value (b, g_array_index (years, int, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return yc_response_new_json (200, root);
}

YcResponse *
yc_route_openapi (YcServer  *server,
                  YcRequest *request)
{
  const YcServerConfig *config = yc_server_get_config (server);
  g_autofree char *path = g_build_filename (config->data_dir, "openapi.yaml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GBytes) body = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return yc_problem_response (404, "no-such-resource", _("Not found"),
                                _("The API description is not installed on this server."));
  body = g_bytes_new_take (g_steal_pointer (&contents), length);
  return yc_response_new (200, "application/yaml; charset=utf-8", body);
}

/* Sign in ----------------------------------------------------------------------------------- */

typedef struct
{
  const char       *user;
  const char       *address;
  const char       *token_hash;
  gint64            now;
  gint64            expires_at;
  const char       *key;         /* Idempotency-Key, nullable */
  YcStoredResponse *answer;      /* with @key: the answer to keep, its token sealed */
  YcStoredResponse *earlier;     /* with @key: the answer kept by a sign-in before */
} LoginJob;

static gboolean
record_failure (YcStore *store,
                gpointer user_data,
                GError **error)
{
  LoginJob *job = user_data;
  g_autoptr (JsonObject) detail = json_object_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_object_set_string_member (detail, "user", job->user);
  json_node_set_object (node, detail);
  text = yc_json_to_string (node);
  return yc_store_login_failure_add (store, job->user, job->address, job->now, error) &&
         yc_audit_append (store, "-", job->address, "session.login_failed", NULL, text, error);
}

static gboolean
record_login (YcStore *store,
              gpointer user_data,
              GError **error)
{
  LoginJob *job = user_data;

  if (job->key != NULL)
    {
      g_autoptr (GError) local = NULL;

      /* A retry that overtook the first sign-in's look-up: the first one stands. */
      if ((job->earlier = yc_store_idempotency_lookup (store, job->user, job->key,
                                                       &local)) != NULL)
        return TRUE;
      if (!g_error_matches (local, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  return yc_store_session_insert (store, job->token_hash, job->user, job->now, job->expires_at,
                                  error) &&
         yc_store_login_failure_clear (store, job->user, error) &&
         yc_audit_append (store, job->user, job->address, "session.login", NULL, NULL, error) &&
         (job->key == NULL ||
          yc_store_idempotency_insert (store, job->user, job->key, job->answer, job->now, error));
}

static JsonNode *
session_answer (const char         *token,
                gint64              expires_at,
                const YcUserRecord *user)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GDateTime) expires = g_date_time_new_from_unix_utc (expires_at);
  g_autofree char *expires_text = g_date_time_format_iso8601 (expires);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, token);
  json_builder_set_member_name (b, "expires_at");
  json_builder_add_string_value (b, expires_text);
  json_builder_set_member_name (b, "user");
  json_builder_add_value (b, yc_user_to_json (user));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A sign-in's key is the user's: the hash covers the name, never the password (which is
 * checked again on every retry before anything kept is opened). */
static char *
login_hash (const char *name)
{
  g_autofree char *text = g_strconcat ("POST\n/sessions\n", name, NULL);

  return yc_sha256_hex (text, strlen (text));
}

/* The first answer again: the kept token opened with the password just verified. */
static YcResponse *
login_replay (YcRequest              *request,
              const YcStoredResponse *earlier,
              const char             *password)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *token = NULL;
  JsonObject *object;
  YcResponse *response;
  gsize len;
  const char *body = g_bytes_get_data (earlier->body, &len);

  if (!g_str_equal (earlier->request_hash, request->request_hash))
    return yc_server_idempotency_mismatch ();
  if (!json_parser_load_from_data (parser, body, len, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      (object = json_node_get_object (json_parser_get_root (parser))) == NULL ||
      (token = yc_password_unseal (password, json_object_get_string_member_with_default (
                                     object, "token", NULL), &error)) == NULL)
    {
      g_autoptr (GError) kept = g_error_new (YC_STORE_ERROR, YC_STORE_ERROR_CORRUPT,
                                             "A kept sign-in answer cannot be opened: %s",
                                             error != NULL ? error->message : "not an object");

      return yc_problem_from_store_error (kept);
    }
  json_object_set_string_member (object, "token", token);
  response = yc_response_new_json (earlier->status, json_parser_get_root (parser));
  response->replayed = TRUE;
  return response;
}

static YcResponse *
login_failed (void)
{
  return yc_problem_response (401, "login-failed", _("Sign-in failed"),
                              _("The user name or the password is wrong."));
}

YcResponse *
yc_route_login (YcServer  *server,
                YcRequest *request)
{
  static const char *const known[] = { "user", "password", NULL };
  const YcServerConfig *config = yc_server_get_config (server);
  YcResponse *problem_response = NULL;
  g_autoptr (JsonNode) root = yc_request_parse_json (request, &problem_response);
  g_autoptr (YcProblem) problem = NULL;
  g_autoptr (YcUserRecord) user = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  const char *name = NULL, *password = NULL;
  guint by_user = 0, by_address = 0;
  LoginJob job = { 0 };
  YcFields fields;
  YcStore *store;
  gboolean verified, written;

  if (root == NULL)
    return problem_response;

  problem = yc_problem_new (422, "invalid-params", _("Some fields of the request are not valid"));
  fields = (YcFields) { json_node_get_object (root), problem, "" };
  yc_fields_reject_unknown (&fields, known);
  yc_fields_string (&fields, "user", TRUE, 64, &name);
  yc_fields_string (&fields, "password", TRUE, 1024, &password);
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));

  job.user = name;
  job.address = request->address;
  job.now = g_get_real_time () / G_USEC_PER_SEC;

  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    return yc_problem_from_store_error (error);
  if (!yc_store_login_failure_count (store, name, request->address,
                                     job.now - (gint64) config->login_window_minutes * 60,
                                     &by_user, &by_address, &error))
    {
      yc_server_release_reader (server, store);
      return yc_problem_from_store_error (error);
    }
  if (by_user >= config->login_max_per_user || by_address >= config->login_max_per_address)
    {
      YcResponse *response;

      yc_server_release_reader (server, store);
      response = yc_problem_response (429, "too-many-attempts", _("Too many sign-in attempts"),
                                      _("Too many wrong passwords. Wait a few minutes, or ask "
                                        "the administrator to reset the password."));
      response->retry_after = config->login_window_minutes * 60;
      return response;
    }
  user = yc_store_user_lookup (store, name, &error);
  yc_server_release_reader (server, store);
  if (user == NULL && !g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
    return yc_problem_from_store_error (error);
  g_clear_error (&error);

  /* The same work whether or not the name exists. */
  if (user != NULL)
    verified = yc_password_verify (user->password_hash, password);
  else
    {
      yc_password_burn (password, &config->password_cost);
      verified = FALSE;
    }

  if (!verified || user->disabled)
    {
      if (!yc_server_write (server, record_failure, &job, &error))
        return yc_problem_from_store_error (error);
      return login_failed ();
    }

  if (request->idempotency_key != NULL)
    {
      g_autoptr (YcStoredResponse) earlier = NULL;

      g_free (request->request_hash);
      request->request_hash = login_hash (name);
      job.key = request->idempotency_key;
      if ((store = yc_server_acquire_reader (server, &error)) == NULL)
        return yc_problem_from_store_error (error);
      earlier = yc_store_idempotency_lookup (store, name, job.key, &error);
      yc_server_release_reader (server, store);
      if (earlier != NULL)
        return login_replay (request, earlier, password);
      if (!g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        return yc_problem_from_store_error (error);
      g_clear_error (&error);
    }

  token = yc_random_token ();
  token_hash = yc_auth_token_hash (token);
  job.token_hash = token_hash;
  job.expires_at = job.now + (gint64) config->session_hours * 3600;
  answer = session_answer (token, job.expires_at, user);
  if (job.key != NULL)
    {
      g_autofree char *sealed = yc_password_seal (password, token, &config->password_cost,
                                                  &error);
      g_autoptr (JsonNode) kept = NULL;
      g_autoptr (YcResponse) kept_response = NULL;

      if (sealed == NULL)
        return yc_problem_from_store_error (error);
      kept = session_answer (sealed, job.expires_at, user);
      kept_response = yc_response_new_json (201, kept);
      job.answer = yc_response_to_stored (kept_response, request->request_hash);
    }
  written = yc_server_write (server, record_login, &job, &error);
  g_clear_pointer (&job.answer, yc_stored_response_free);
  if (!written)
    return yc_problem_from_store_error (error);
  if (job.earlier != NULL)
    {
      YcResponse *response = login_replay (request, job.earlier, password);

      yc_stored_response_free (job.earlier);
      return response;
    }
  return yc_response_new_json (201, answer);
}

static gboolean
record_logout (YcStore *store,
               gpointer user_data,
               GError **error)
{
  YcRequest *request = user_data;

  return yc_store_session_delete (store, request->token_hash, error) &&
         yc_audit_append (store, request->user->name, request->address, "session.logout", NULL,
                          NULL, error);
}

YcResponse *
yc_route_logout (YcServer  *server,
                 YcRequest *request)
{
  g_autoptr (GError) error = NULL;

  if (!yc_server_write (server, record_logout, request, &error))
    return yc_problem_from_store_error (error);
  return yc_response_new_empty (204);
}

YcResponse *
yc_route_me (YcServer  *server,
             YcRequest *request)
{
  g_autoptr (JsonNode) node = yc_user_to_json (request->user);

  return yc_response_new_json (200, node);
}
