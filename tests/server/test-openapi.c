/* SPDX-License-Identifier: GPL-3.0-or-later */
/* data/openapi.yaml and the routing table describe the same API: every route is documented,
 * every documented route exists (by the table, and by asking a running server). */
#include "config.h"

#include <string.h>

#include "yc-router.h"
#include "yc-test-server.h"

typedef struct
{
  char    *method;               /* upper case */
  char    *path;
  gboolean idempotency_key;      /* lists the Idempotency-Key parameter */
} Operation;

static void
operation_free (gpointer data)
{
  Operation *op = data;

  g_free (op->method);
  g_free (op->path);
  g_free (op);
}

/* The paths block of the document: "  /path:" lines, each followed by "    method:" lines.
 * A deliberately small reader for the shape data/openapi.yaml keeps. */
static GPtrArray *
documented_operations (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("YC_DATADIR"), "openapi.yaml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *ops = g_ptr_array_new_with_free_func (operation_free);
  const char *current = NULL;
  Operation *op = NULL;
  gboolean in_paths = FALSE;
  static const char *const methods[] = { "get", "post", "put", "patch", "delete", NULL };

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_equal (line, "paths:"))
        {
          in_paths = TRUE;
          continue;
        }
      if (!in_paths)
        continue;
      if (line[0] != ' ' && line[0] != '\0')
        break;                   /* the next top-level key */
      if (g_str_has_prefix (line, "  /") && g_str_has_suffix (line, ":"))
        {
          current = line + 2;
          op = NULL;
        }
      else if (current != NULL && g_str_has_prefix (line, "    ") && line[4] != ' ')
        {
          g_autofree char *key = g_strndup (line + 4, strcspn (line + 4, ":"));

          op = NULL;
          if (g_strv_contains (methods, key))
            {
              op = g_new0 (Operation, 1);
              op->method = g_ascii_strup (key, -1);
              op->path = g_strndup (current, strlen (current) - 1);
              g_ptr_array_add (ops, op);
            }
        }
      else if (op != NULL &&
               strstr (line, "$ref: '#/components/parameters/IdempotencyKey'") != NULL)
        op->idempotency_key = TRUE;
    }
  return ops;
}

static gboolean
documented (GPtrArray  *ops,
            const char *method,
            const char *path)
{
  for (guint i = 0; i < ops->len; i++)
    {
      Operation *op = g_ptr_array_index (ops, i);

      if (g_str_equal (op->method, method) && g_str_equal (op->path, path))
        return TRUE;
    }
  return FALSE;
}

static void
test_table_matches_document (void)
{
  g_autoptr (GPtrArray) ops = documented_operations ();
  const YcRoute *routes;
  guint n;

  routes = yc_routes (&n);
  g_assert_cmpuint (ops->len, >, 10);
  for (guint i = 0; i < n; i++)
    {
      if (!documented (ops, routes[i].method, routes[i].pattern))
        g_error ("%s %s is served but not in openapi.yaml", routes[i].method,
                 routes[i].pattern);
    }
  for (guint i = 0; i < ops->len; i++)
    {
      Operation *op = g_ptr_array_index (ops, i);
      gboolean found = FALSE;

      for (guint j = 0; j < n && !found; j++)
        found = g_str_equal (routes[j].method, op->method) &&
                g_str_equal (routes[j].pattern, op->path);
      if (!found)
        g_error ("%s %s is in openapi.yaml but not served", op->method, op->path);
    }
  g_assert_cmpuint (ops->len, ==, n);
}

/* The issue: every POST honours Idempotency-Key, and the document says so for each one. */
static void
test_every_post_takes_a_key (void)
{
  g_autoptr (GPtrArray) ops = documented_operations ();
  guint posts = 0;

  for (guint i = 0; i < ops->len; i++)
    {
      Operation *op = g_ptr_array_index (ops, i);

      if (!g_str_equal (op->method, "POST"))
        continue;
      posts++;
      if (!op->idempotency_key)
        g_error ("POST %s does not list the Idempotency-Key parameter", op->path);
    }
  g_assert_cmpuint (posts, >, 5);
  g_assert_true (documented (ops, "POST", "/sessions"));
}

/* Every documented operation answers, on a live server, as something other than "no such
 * address" or "wrong method" — with placeholder parameters it may well be a 4xx of its own. */
static void
test_live_server_knows_every_operation (void)
{
  g_autoptr (GPtrArray) ops = documented_operations ();
  g_autoptr (YcTestServer) server = yc_test_server_start (NULL);
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *token = yc_test_login (session, server, "admin");

  for (guint i = 0; i < ops->len; i++)
    {
      Operation *op = g_ptr_array_index (ops, i);
      g_autoptr (GString) path = g_string_new (op->path);
      g_autofree char *url = NULL;
      g_autoptr (YcTestResponse) r = NULL;

      g_string_replace (path, "{number}", "320826-C01-20261129-0001", 0);
      g_string_replace (path, "{action}", "accept", 0);
      g_string_replace (path, "{code}", "320826-SCJG-XK-001", 0);
      g_string_replace (path, "{year}", "2026", 0);
      g_string_replace (path, "{id}", "1", 0);
      url = g_strconcat (server->base, path->str, NULL);
      r = yc_test_request (session, op->method, url, token, "application/json", "{}", -1, NULL);
      g_test_message ("%s %s → %u %s", op->method, path->str, r->status,
                      yc_test_problem_code (r));
      g_assert_cmpstr (yc_test_problem_code (r), !=, "no-such-resource");
      g_assert_cmpuint (r->status, !=, 405);
      g_assert_cmpuint (r->status, <, 500);
    }
  /* And the negative: an undocumented one is not served. */
  {
    g_autofree char *url = g_strconcat (server->base, "/cases/x/y/z", NULL);
    g_autoptr (YcTestResponse) r = yc_test_get (session, url, token);

    g_assert_cmpuint (r->status, ==, 404);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "no-such-resource");
  }
  {
    g_autofree char *url = g_strconcat (server->base, "/catalogue", NULL);
    g_autoptr (YcTestResponse) r = yc_test_request (session, "DELETE", url, token, NULL, NULL, 0,
                                                    NULL);

    g_assert_cmpuint (r->status, ==, 405);
    g_assert_cmpstr (yc_test_header (r, "Allow"), ==, "GET");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/openapi/table", test_table_matches_document);
  g_test_add_func ("/server/openapi/idempotency-key", test_every_post_takes_a_key);
  g_test_add_func ("/server/openapi/live", test_live_server_knows_every_operation);
  return g_test_run ();
}
