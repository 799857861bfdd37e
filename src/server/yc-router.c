/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-router"

#include "config.h"

#include <string.h>

#include "yc-router.h"

/* Patterns split once into segments; a request's path is split once per match. */
typedef struct
{
  GStrv segments;
  guint n;
} Compiled;

static Compiled *
compiled_routes (void)
{
  static Compiled *compiled;

  if (g_once_init_enter (&compiled))
    {
      const YcRoute *routes;
      guint n;
      Compiled *c;

      routes = yc_routes (&n);
      c = g_new0 (Compiled, n);
      for (guint i = 0; i < n; i++)
        {
          c[i].segments = g_strsplit (routes[i].pattern, "/", -1);
          c[i].n = g_strv_length (c[i].segments);
        }
      g_once_init_leave (&compiled, c);
    }
  return compiled;
}

static gboolean
is_variable (const char *segment,
             gsize      *len)
{
  *len = strlen (segment);
  return *len > 2 && segment[0] == '{' && segment[*len - 1] == '}';
}

static gboolean
match_segments (const Compiled *pattern,
                GStrv           path,
                guint           n,
                GHashTable     *params)
{
  gsize len;

  if (pattern->n != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (is_variable (pattern->segments[i], &len))
        {
          if (path[i][0] == '\0')
            return FALSE;
        }
      else if (!g_str_equal (pattern->segments[i], path[i]))
        return FALSE;
    }
  for (guint i = 0; params != NULL && i < n; i++)
    {
      if (is_variable (pattern->segments[i], &len))
        g_hash_table_replace (params, g_strndup (pattern->segments[i] + 1, len - 2),
                              g_strdup (path[i]));
    }
  return TRUE;
}

YcRouteMatch
yc_router_match (const char     *method,
                 const char     *path,
                 GHashTable     *params,
                 const YcRoute **route,
                 char          **allow)
{
  const char *want = g_str_equal (method, "HEAD") ? "GET" : method;
  g_autoptr (GString) methods = NULL;
  g_auto (GStrv) segments = g_strsplit (path, "/", -1);
  guint n_segments = g_strv_length (segments);
  Compiled *compiled = compiled_routes ();
  const YcRoute *routes;
  guint n;

  *route = NULL;
  routes = yc_routes (&n);
  for (guint i = 0; i < n; i++)
    {
      if (!match_segments (&compiled[i], segments, n_segments, NULL))
        continue;
      if (g_str_equal (routes[i].method, want))
        {
          *route = &routes[i];
          match_segments (&compiled[i], segments, n_segments, params);
          return YC_ROUTE_FOUND;
        }
      if (methods == NULL)
        methods = g_string_new (NULL);
      else
        g_string_append (methods, ", ");
      g_string_append (methods, routes[i].method);
    }
  if (methods == NULL)
    return YC_ROUTE_NO_PATH;
  if (allow != NULL)
    *allow = g_string_free (g_steal_pointer (&methods), FALSE);
  return YC_ROUTE_WRONG_METHOD;
}
