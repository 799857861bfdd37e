/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-test-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdio.h>

#include "yc-test-server.h"

struct _YcTestServer
{
  SoupServer *server;
  sqlite3    *db;
  guint       delay_ms;
  guint       port;
};

static const char *schema =
  "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;"
  "CREATE TABLE IF NOT EXISTS requests (id INTEGER PRIMARY KEY, key TEXT, path TEXT);"
  "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, status INTEGER, body TEXT);"
  "CREATE TABLE IF NOT EXISTS cases (number TEXT PRIMARY KEY, version INTEGER, state TEXT);"
  "CREATE TABLE IF NOT EXISTS actions (id INTEGER PRIMARY KEY, number TEXT, action TEXT,"
  "  version INTEGER);";

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("test server: %s: %s", sql, msg);
}

static char *
problem (guint       status,
         const char *type,
         const char *detail,
         const char *field)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, status);
  json_builder_set_member_name (b, "detail");
  json_builder_add_string_value (b, detail);
  if (field != NULL)
    {
      json_builder_set_member_name (b, "invalid-params");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, field);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, "unknown item");
      json_builder_end_object (b);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static char *
case_answer (const char *number,
             gint64      version,
             const char *state)
{
  return g_strdup_printf ("{\"case\":{\"number\":\"%s\",\"version\":%" G_GINT64_FORMAT
                          ",\"state\":\"%s\"},\"allowed_actions\":[]}",
                          number, version, state);
}

static gint64
case_version (sqlite3    *db,
              const char *number)
{
  sqlite3_stmt *stmt;
  gint64 version = -1;

  sqlite3_prepare_v2 (db, "SELECT version FROM cases WHERE number = ?", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* Applies one write and records its answer under the key, in one transaction. */
static void
apply_write (YcTestServer *self,
             const char   *key,
             const char   *path,
             JsonObject   *body,
             guint        *status,
             char        **answer)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);   /* "", api, v1, cases, n, actions, a */
  guint n = g_strv_length (parts);
  sqlite3_stmt *stmt;

  if (n == 4 && g_str_equal (parts[3], "cases"))
    {
      const char *number = json_object_get_string_member_with_default (body, "number", "");
      const char *item = json_object_get_string_member_with_default (body, "item_code", "");

      if (g_str_equal (item, "INVALID"))
        {
          *status = 422;
          *answer = problem (422, "invalid", "The item does not exist.", "item_code");
        }
      else if (case_version (self->db, number) >= 0)
        {
          *status = 409;
          *answer = problem (409, "case-number-taken", "The case number is already used.",
                             NULL);
        }
      else
        {
          sqlite3_prepare_v2 (self->db, "INSERT INTO cases VALUES (?, 1, 'received')", -1,
                              &stmt, NULL);
          sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
          sqlite3_step (stmt);
          sqlite3_finalize (stmt);
          *status = 201;
          *answer = case_answer (number, 1, "received");
        }
    }
  else if (n == 7 && g_str_equal (parts[3], "cases") && g_str_equal (parts[5], "actions"))
    {
      const char *number = parts[4];
      gint64 current = case_version (self->db, number);
      JsonNode *v = json_object_get_member (body, "version");
      gint64 sent = v != NULL && JSON_NODE_HOLDS_VALUE (v) ? json_node_get_int (v) : -1;

      if (current < 0)
        {
          *status = 404;
          *answer = problem (404, "not-found", "No such case.", NULL);
        }
      else if (sent != current)
        {
          *status = 409;
          *answer = problem (409, "stale-case", "The case was changed meanwhile.", NULL);
        }
      else
        {
          sqlite3_prepare_v2 (self->db, "UPDATE cases SET version = version + 1, state = ? "
                                        "WHERE number = ?", -1, &stmt, NULL);
          sqlite3_bind_text (stmt, 1, parts[6], -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
          sqlite3_step (stmt);
          sqlite3_finalize (stmt);
          sqlite3_prepare_v2 (self->db, "INSERT INTO actions (number, action, version) "
                                        "VALUES (?, ?, ?)", -1, &stmt, NULL);
          sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, parts[6], -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 3, sent);
          sqlite3_step (stmt);
          sqlite3_finalize (stmt);
          *status = 200;
          *answer = case_answer (number, current + 1, parts[6]);
        }
    }
  else
    {
      *status = 404;
      *answer = problem (404, "not-found", "No such endpoint.", NULL);
    }

  sqlite3_prepare_v2 (self->db, "INSERT INTO answers VALUES (?, ?, ?)", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, *status);
  sqlite3_bind_text (stmt, 3, *answer, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static gboolean
unpause_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *body)
{
  const char *type = status >= 400 ? "application/problem+json" : "application/json";

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  YcTestServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (req, "Idempotency-Key");
  const char *auth = soup_message_headers_get_one (req, "Authorization");
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *answer = NULL;
  sqlite3_stmt *stmt;
  guint status = 0;

  if (g_str_equal (path, "/api/v1/health"))
    {
      respond (msg, 200, "{\"status\":\"ok\"}");
      return;
    }

  if (g_str_equal (path, "/api/v1/sessions") && g_str_equal (method, "POST"))
    {
      json = json_from_string (body->data != NULL ? body->data : "", NULL);
      if (json != NULL && JSON_NODE_HOLDS_OBJECT (json)
          && g_strcmp0 (json_object_get_string_member_with_default (
                          json_node_get_object (json), "password", ""), "secret") == 0)
        respond (msg, 201, "{\"token\":\"t-1\",\"expires_at\":\"2030-01-01T00:00:00Z\","
                           "\"user\":{\"user\":\"clerk\",\"display_name\":\"Wang\","
                           "\"role\":\"clerk\",\"window_code\":\"C07\"}}");
      else
        {
          g_autofree char *p = problem (401, "wrong-password", "login failed (backend wording)",
                                        NULL);

          respond (msg, 401, p);
        }
      return;
    }

  if (g_strcmp0 (auth, "Bearer t-1") != 0)
    {
      g_autofree char *p = problem (401, "unauthorized", "No session.", NULL);

      respond (msg, 401, p);
      return;
    }

  if (g_str_equal (path, "/api/v1/sessions/current") && g_str_equal (method, "DELETE"))
    {
      soup_server_message_set_status (msg, 204, NULL);
      return;
    }

  if (g_str_equal (path, "/api/v1/me"))
    {
      respond (msg, 200, "{\"user\":\"clerk\",\"display_name\":\"Wang\",\"role\":\"clerk\","
                         "\"window_code\":\"C07\"}");
      return;
    }

  if (!g_str_equal (method, "POST") || key == NULL)
    {
      g_autofree char *p = problem (400, "bad-request", "POST with an Idempotency-Key only.",
                                    NULL);

      respond (msg, 400, p);
      return;
    }

  exec (self->db, "BEGIN IMMEDIATE");
  sqlite3_prepare_v2 (self->db, "INSERT INTO requests (key, path) VALUES (?, ?)", -1, &stmt,
                      NULL);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (self->db, "SELECT status, body FROM answers WHERE key = ?", -1, &stmt,
                      NULL);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      status = sqlite3_column_int (stmt, 0);
      answer = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);

  if (answer == NULL)
    {
      json = json_from_string (body->data != NULL ? body->data : "", NULL);
      if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
        {
          status = 400;
          answer = problem (400, "bad-request", "Body is not a JSON object.", NULL);
        }
      else
        apply_write (self, key, path, json_node_get_object (json), &status, &answer);
    }
  exec (self->db, "COMMIT");

  respond (msg, status, answer);
  if (self->delay_ms > 0)
    {
      soup_server_message_pause (msg);
      g_timeout_add (self->delay_ms, unpause_cb, g_object_ref (msg));
    }
}

YcTestServer *
yc_test_server_new (const char  *db_path,
                    guint        delay_ms,
                    GError     **error)
{
  g_autoptr(YcTestServer) self = g_new0 (YcTestServer, 1);
  GSList *uris;

  self->delay_ms = delay_ms;
  if (sqlite3_open (db_path, &self->db) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot open %s", db_path);
      return NULL;
    }
  exec (self->db, schema);

  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, "/api/v1", handle, self, NULL);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return NULL;
  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return g_steal_pointer (&self);
}

guint
yc_test_server_get_port (YcTestServer *self)
{
  return self->port;
}

void
yc_test_server_free (YcTestServer *self)
{
  if (self == NULL)
    return;
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self);
}

int
yc_test_server_main (const char *db_path,
                     guint       delay_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTestServer) server = yc_test_server_new (db_path, delay_ms, &error);
  g_autoptr(GMainLoop) loop = NULL;

  if (server == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("%u\n", server->port);
  fflush (stdout);
  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}

guint
yc_test_server_count (const char *db_path,
                      const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint count = 0;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
          && sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return count;
}
