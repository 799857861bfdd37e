/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-config"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "yc-config.h"
#include "yc-server-error.h"

YcServerConfig *
yc_server_config_new (void)
{
  YcServerConfig *self = g_new0 (YcServerConfig, 1);

  self->listen_host = g_strdup ("127.0.0.1");
  self->listen_port = 8080;
  self->db_path = g_strdup ("yichuangd.db");
  self->cache_mib = 512;
  self->data_dir = yc_server_config_default_data_dir ();
  self->workers = 16;
  self->max_batch = 256;
  self->worker_nice = 5;
  self->json_body_max = 1024 * 1024;
  self->attachment_max = 25 * 1024 * 1024;
  self->session_hours = 12;
  self->login_window_minutes = 15;
  self->login_max_per_user = 5;
  self->login_max_per_address = 20;
  self->password_cost = YC_PASSWORD_COST_DEFAULT;
  self->verify_per_minute = 60;
  self->idempotency_days = 7;
  self->log_requests = TRUE;
  return self;
}

void
yc_server_config_free (YcServerConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->listen_host);
  g_free (self->db_path);
  g_free (self->data_dir);
  g_free (self->tls_certificate);
  g_free (self->tls_key);
  g_free (self->verify_public_url);
  g_free (self->language);
  g_free (self);
}

char *
yc_server_config_default_data_dir (void)
{
  const char *env = g_getenv ("YC_DATADIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (g_file_test (PKGDATADIR "/openapi.yaml", G_FILE_TEST_EXISTS))
    return g_strdup (PKGDATADIR);
  return g_strdup (SOURCE_DATADIR);
}

gboolean
yc_server_config_set_listen (YcServerConfig *self,
                             const char     *listen,
                             GError        **error)
{
  const char *colon = strrchr (listen, ':');
  g_autofree char *host = NULL;
  char *end = NULL;
  guint64 port;

  if (colon == NULL)
    goto bad;
  port = g_ascii_strtoull (colon + 1, &end, 10);
  if (end == colon + 1 || *end != '\0' || port > 65535)
    goto bad;
  host = g_strndup (listen, colon - listen);
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }
  g_free (self->listen_host);
  self->listen_host = host[0] != '\0' ? g_steal_pointer (&host) : g_strdup ("0.0.0.0");
  self->listen_port = (guint) port;
  return TRUE;

bad:
  g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_CONFIG,
               "“%s” is not host:port (for example 127.0.0.1:8080)", listen);
  return FALSE;
}

static gboolean
read_uint (GKeyFile   *file,
           const char *group,
           const char *key,
           guint64     min,
           guint64     max,
           guint64    *out,
           GError    **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *text = g_key_file_get_string (file, group, key, &local);
  char *end = NULL;
  guint64 value;

  if (text == NULL)
    return TRUE;               /* absent: keep the default */
  value = g_ascii_strtoull (g_strstrip (text), &end, 10);
  if (end == text || *end != '\0' || value < min || value > max)
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_CONFIG,
                   "[%s] %s must be a whole number from %" G_GUINT64_FORMAT " to %"
                   G_GUINT64_FORMAT, group, key, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

#define READ_UINT(group, key, min, max, field)                                  \
  G_STMT_START {                                                                \
    guint64 v_ = (guint64) (field);                                             \
    if (!read_uint (file, group, key, min, max, &v_, error))                    \
      return FALSE;                                                             \
    field = v_;                                                                 \
  } G_STMT_END

static void
read_string (GKeyFile   *file,
             const char *group,
             const char *key,
             char      **field)
{
  g_autofree char *value = g_key_file_get_string (file, group, key, NULL);

  if (value != NULL)
    {
      g_free (*field);
      *field = g_strdup (g_strstrip (value));
    }
}

gboolean
yc_server_config_load_file (YcServerConfig *self,
                            const char     *path,
                            GError        **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autofree char *listen = NULL;
  g_autoptr (GError) local = NULL;
  gboolean log_requests;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_CONFIG, "Cannot read %s: %s", path,
                   local->message);
      return FALSE;
    }

  listen = g_key_file_get_string (file, "server", "listen", NULL);
  if (listen != NULL && !yc_server_config_set_listen (self, g_strstrip (listen), error))
    return FALSE;
  read_string (file, "server", "tls-certificate", &self->tls_certificate);
  read_string (file, "server", "tls-key", &self->tls_key);
  read_string (file, "server", "data-directory", &self->data_dir);
  READ_UINT ("server", "workers", 1, 1024, self->workers);
  READ_UINT ("server", "max-batch", 1, 10000, self->max_batch);
  READ_UINT ("server", "worker-nice", 0, 19, self->worker_nice);
  READ_UINT ("server", "json-body-max", 1024, 64 * 1024 * 1024, self->json_body_max);
  READ_UINT ("server", "attachment-max", 1024, G_GUINT64_CONSTANT (1) << 32,
             self->attachment_max);
  log_requests = g_key_file_get_boolean (file, "server", "log-requests", &local);
  if (local == NULL)
    self->log_requests = log_requests;
  g_clear_error (&local);

  read_string (file, "server", "language", &self->language);
  if (self->language != NULL && !g_str_equal (self->language, "zh-CN") &&
      !g_str_equal (self->language, "en"))
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_CONFIG,
                   "%s: [server] language must be zh-CN or en, not “%s”", path,
                   self->language);
      return FALSE;
    }

  read_string (file, "store", "database", &self->db_path);
  READ_UINT ("store", "cache-mib", 16, 64 * 1024, self->cache_mib);

  READ_UINT ("auth", "session-hours", 1, 24 * 30, self->session_hours);
  READ_UINT ("auth", "login-window-minutes", 1, 24 * 60, self->login_window_minutes);
  READ_UINT ("auth", "login-max-failures-per-user", 1, 1000, self->login_max_per_user);
  READ_UINT ("auth", "login-max-failures-per-address", 1, 100000, self->login_max_per_address);
  READ_UINT ("auth", "argon2-iterations", 1, 100, self->password_cost.iterations);
  READ_UINT ("auth", "argon2-memory-kib", 8, 4 * 1024 * 1024, self->password_cost.memory_kib);
  READ_UINT ("auth", "argon2-parallelism", 1, 64, self->password_cost.parallelism);

  READ_UINT ("verify", "max-per-minute", 1, 100000, self->verify_per_minute);
  read_string (file, "verify", "public-url", &self->verify_public_url);
  READ_UINT ("idempotency", "keep-days", 1, 365, self->idempotency_days);
  return TRUE;
}
