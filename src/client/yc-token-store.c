/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-token-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "yc-token-store.h"

struct _YcTokenStore
{
  GObject     parent_instance;
  gboolean    use_keyring;
  GHashTable *memory;            /* backend URL → "user\ntoken" */
};

G_DEFINE_FINAL_TYPE (YcTokenStore, yc_token_store, G_TYPE_OBJECT)

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.yichuang.Yichuang.Session", SECRET_SCHEMA_NONE,
    {
      { "backend", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

static void
yc_token_store_finalize (GObject *object)
{
  YcTokenStore *self = YC_TOKEN_STORE (object);

  g_clear_pointer (&self->memory, g_hash_table_unref);
  G_OBJECT_CLASS (yc_token_store_parent_class)->finalize (object);
}

static void
yc_token_store_class_init (YcTokenStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_token_store_finalize;
}

static void
yc_token_store_init (YcTokenStore *self)
{
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

YcTokenStore *
yc_token_store_new (gboolean use_keyring)
{
  YcTokenStore *self = g_object_new (YC_TYPE_TOKEN_STORE, NULL);

  /* Without a session bus, GDBus would try to autolaunch one: never do that behind the
   * clerk's back. */
  self->use_keyring = use_keyring && g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;
  return self;
}

gboolean
yc_token_store_uses_keyring (YcTokenStore *self)
{
  g_return_val_if_fail (YC_IS_TOKEN_STORE (self), FALSE);
  return self->use_keyring;
}

static char *
encode_secret (const char *user,
               const char *token)
{
  return g_strconcat (user, "\n", token, NULL);
}

static char *
decode_secret (const char  *secret,
               char       **user)
{
  const char *nl = secret != NULL ? strchr (secret, '\n') : NULL;

  if (nl == NULL || nl[1] == '\0')
    return NULL;
  if (user != NULL)
    *user = g_strndup (secret, nl - secret);
  return g_strdup (nl + 1);
}

typedef struct
{
  char *backend_url;
  char *secret;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *sd = data;

  g_free (sd->backend_url);
  g_free (sd->secret);
  g_free (sd);
}

static void
keyring_saved (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcTokenStore *self = g_task_get_source_object (task);
  SaveData *sd = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* No keyring after all: keep it for this run. */
      g_debug ("keyring unavailable, token kept in memory: %s", error->message);
      self->use_keyring = FALSE;
      g_hash_table_replace (self->memory, g_strdup (sd->backend_url), g_strdup (sd->secret));
    }
  g_task_return_boolean (task, TRUE);
}

void
yc_token_store_save_async (YcTokenStore        *self,
                           const char          *backend_url,
                           const char          *user,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  SaveData *sd;

  g_return_if_fail (YC_IS_TOKEN_STORE (self));
  g_return_if_fail (backend_url != NULL && user != NULL && token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_token_store_save_async);
  sd = g_new0 (SaveData, 1);
  sd->backend_url = g_strdup (backend_url);
  sd->secret = encode_secret (user, token);
  g_task_set_task_data (task, sd, save_data_free);

  if (!self->use_keyring)
    {
      g_hash_table_replace (self->memory, g_strdup (backend_url), g_strdup (sd->secret));
      g_task_return_boolean (task, TRUE);
      return;
    }

  label = g_strdup_printf (_("Yichuang session at %s"), backend_url);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, sd->secret,
                         cancellable, keyring_saved, g_steal_pointer (&task),
                         "backend", backend_url, NULL);
}

gboolean
yc_token_store_save_finish (YcTokenStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, yc_token_store_save_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
keyring_looked_up (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcTokenStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("keyring unavailable: %s", error->message);
      self->use_keyring = FALSE;
    }
  g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

void
yc_token_store_lookup_async (YcTokenStore        *self,
                             const char          *backend_url,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_TOKEN_STORE (self));
  g_return_if_fail (backend_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_token_store_lookup_async);

  if (!self->use_keyring || g_hash_table_contains (self->memory, backend_url))
    {
      g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->memory, backend_url)),
                             g_free);
      return;
    }

  secret_password_lookup (token_schema (), cancellable, keyring_looked_up,
                          g_steal_pointer (&task), "backend", backend_url, NULL);
}

char *
yc_token_store_lookup_finish (YcTokenStore  *self,
                              GAsyncResult  *result,
                              char         **user,
                              GError       **error)
{
  g_autofree char *secret = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, yc_token_store_lookup_async), NULL);

  if (user != NULL)
    *user = NULL;
  secret = g_task_propagate_pointer (G_TASK (result), error);
  return decode_secret (secret, user);
}

static void
keyring_cleared (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_debug ("keyring clear failed: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

void
yc_token_store_clear_async (YcTokenStore        *self,
                            const char          *backend_url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_TOKEN_STORE (self));
  g_return_if_fail (backend_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_token_store_clear_async);
  g_hash_table_remove (self->memory, backend_url);

  if (!self->use_keyring)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  secret_password_clear (token_schema (), cancellable, keyring_cleared,
                         g_steal_pointer (&task), "backend", backend_url, NULL);
}

gboolean
yc_token_store_clear_finish (YcTokenStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, yc_token_store_clear_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
