/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-router"

#include "config.h"

#include <string.h>

#include "yc-router.h"

static gboolean
match_pattern (const char *pattern,
               const char *path,
               GHashTable *params)
{
  g_auto (GStrv) pp = g_strsplit (pattern, "/", -1);
  g_auto (GStrv) sp = g_strsplit (path, "/", -1);
  guint n = g_strv_length (pp);

  if (g_strv_length (sp) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (pp[i]);

      if (len > 2 && pp[i][0] == '{' && pp[i][len - 1] == '}')
        {
          if (sp[i][0] == '\0')
            return FALSE;
          continue;
        }
      if (!g_str_equal (pp[i], sp[i]))
        return FALSE;
    }
  if (params != NULL)
    {
      for (guint i = 0; i < n; i++)
        {
          gsize len = strlen (pp[i]);

          if (len > 2 && pp[i][0] == '{' && pp[i][len - 1] == '}')
            g_hash_table_replace (params, g_strndup (pp[i] + 1, len - 2), g_strdup (sp[i]));
        }
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
  const YcRoute *routes;
  guint n;

  *route = NULL;
  routes = yc_routes (&n);
  for (guint i = 0; i < n; i++)
    {
      if (!match_pattern (routes[i].pattern, path, NULL))
        continue;
      if (g_str_equal (routes[i].method, want))
        {
          *route = &routes[i];
          match_pattern (routes[i].pattern, path, params);
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
