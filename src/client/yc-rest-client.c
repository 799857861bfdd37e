/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-rest-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "yc-rest-client.h"
#include "yc-rest-client-private.h"

#define API_PREFIX "/api/v1"
#define REQUEST_TIMEOUT_SECONDS 20

struct _YcRestClient
{
  GObject      parent_instance;
  SoupSession *session;
  char        *base_url;
  char        *token;
  char        *accept_language;
};

G_DEFINE_FINAL_TYPE (YcRestClient, yc_rest_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- errors --------------------------------------------------------------------------- */

typedef struct
{
  guint      status;
  char      *type;
  GPtrArray *fields;
} YcRestErrorPrivate;

static void
yc_field_error_free (gpointer data)
{
  YcFieldError *fe = data;

  g_free (fe->name);
  g_free (fe->reason);
  g_free (fe);
}

static void
yc_rest_error_private_init (YcRestErrorPrivate *priv)
{
  priv->status = 0;
  priv->type = NULL;
  priv->fields = NULL;
}

static void
yc_rest_error_private_copy (const YcRestErrorPrivate *src,
                            YcRestErrorPrivate       *dest)
{
  dest->status = src->status;
  dest->type = g_strdup (src->type);
  dest->fields = NULL;
  if (src->fields != NULL)
    {
      dest->fields = g_ptr_array_new_with_free_func (yc_field_error_free);
      for (guint i = 0; i < src->fields->len; i++)
        {
          const YcFieldError *fe = g_ptr_array_index (src->fields, i);
          YcFieldError *copy = g_new0 (YcFieldError, 1);

          copy->name = g_strdup (fe->name);
          copy->reason = g_strdup (fe->reason);
          g_ptr_array_add (dest->fields, copy);
        }
    }
}

static void
yc_rest_error_private_clear (YcRestErrorPrivate *priv)
{
  g_clear_pointer (&priv->type, g_free);
  g_clear_pointer (&priv->fields, g_ptr_array_unref);
}

G_DEFINE_EXTENDED_ERROR (YcRestError, yc_rest_error)

guint
yc_rest_error_get_status (const GError *error)
{
  YcRestErrorPrivate *priv = yc_rest_error_get_private (error);

  return priv != NULL ? priv->status : 0;
}

const char *
yc_rest_error_get_problem_type (const GError *error)
{
  YcRestErrorPrivate *priv = yc_rest_error_get_private (error);

  return priv != NULL ? priv->type : NULL;
}

GPtrArray *
yc_rest_error_get_field_errors (const GError *error)
{
  YcRestErrorPrivate *priv = yc_rest_error_get_private (error);

  return priv != NULL ? priv->fields : NULL;
}

gboolean
yc_rest_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != YC_REST_ERROR)
    return FALSE;

  switch ((YcRestError) error->code)
    {
    case YC_REST_ERROR_UNREACHABLE:
    case YC_REST_ERROR_TLS:
    case YC_REST_ERROR_UNAUTHORIZED:
    case YC_REST_ERROR_SERVER:
      return TRUE;
    case YC_REST_ERROR_WRONG_PASSWORD:
    case YC_REST_ERROR_FORBIDDEN:
    case YC_REST_ERROR_CONFLICT:
    case YC_REST_ERROR_INVALID:
    case YC_REST_ERROR_NOT_FOUND:
    default:
      return FALSE;
    }
}

/* A transport failure: no HTTP answer at all. */
static GError *
transport_error (YcRestClient *self,
                 const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (YC_REST_ERROR, YC_REST_ERROR_TLS,
                        _("The backend at %s could not prove its identity (certificate not "
                          "trusted). Ask the administrator to check the backend's certificate; "
                          "do not sign in until it is fixed."),
                        self->base_url);

  g_debug ("transport error: %s", error->message);
  return g_error_new (YC_REST_ERROR, YC_REST_ERROR_UNREACHABLE,
                      _("Cannot reach the backend at %s. Check the network cable and the "
                        "backend address in Preferences; intake keeps working and is sent "
                        "when the backend is back."),
                      self->base_url);
}

static char *
default_message (YcRestError code)
{
  switch (code)
    {
    case YC_REST_ERROR_UNAUTHORIZED:
      return g_strdup (_("Your session has ended. Sign in again to continue."));
    case YC_REST_ERROR_WRONG_PASSWORD:
      return g_strdup (_("Wrong user name or password. Check both and try again."));
    case YC_REST_ERROR_FORBIDDEN:
      return g_strdup (_("You are not allowed to do this for this case."));
    case YC_REST_ERROR_CONFLICT:
      return g_strdup (_("The case was changed by someone else. Reload it and try again."));
    case YC_REST_ERROR_INVALID:
      return g_strdup (_("The backend refused the request: some fields are not valid."));
    case YC_REST_ERROR_NOT_FOUND:
      return g_strdup (_("Not found on the backend. Check the case number."));
    case YC_REST_ERROR_SERVER:
      return g_strdup (_("The backend failed to answer properly. Try again in a moment; if "
                         "it keeps happening, call the administrator."));
    case YC_REST_ERROR_UNREACHABLE:
    case YC_REST_ERROR_TLS:
    default:
      return g_strdup (_("The backend did not answer."));
    }
}

/* Maps an HTTP error answer (problem+json when the backend wrote it) to a GError. */
static GError *
http_error (guint         status,
            gboolean      signing_in,
            JsonNode     *problem)
{
  YcRestError code;
  JsonObject *obj = NULL;
  const char *detail = NULL;
  const char *title = NULL;
  g_autofree char *message = NULL;
  GError *error;
  YcRestErrorPrivate *priv;

  if (status == 401)
    code = signing_in ? YC_REST_ERROR_WRONG_PASSWORD : YC_REST_ERROR_UNAUTHORIZED;
  else if (status == 403)
    code = YC_REST_ERROR_FORBIDDEN;
  else if (status == 404)
    code = YC_REST_ERROR_NOT_FOUND;
  else if (status == 409 || status == 412)
    code = YC_REST_ERROR_CONFLICT;
  else if (status == 502 || status == 503 || status == 504)
    code = YC_REST_ERROR_UNREACHABLE;  /* a proxy in front of a stopped backend */
  else if (status >= 400 && status < 500)
    code = YC_REST_ERROR_INVALID;
  else
    code = YC_REST_ERROR_SERVER;

  if (problem != NULL && JSON_NODE_HOLDS_OBJECT (problem))
    {
      obj = json_node_get_object (problem);
      detail = json_object_get_string_member_with_default (obj, "detail", NULL);
      title = json_object_get_string_member_with_default (obj, "title", NULL);
    }

  /* The wrong-password and unreachable messages are ours, so that they stay distinct and
   * translated whatever the backend writes. */
  if (code == YC_REST_ERROR_WRONG_PASSWORD || code == YC_REST_ERROR_UNREACHABLE)
    message = default_message (code);
  else if (detail != NULL && *detail != '\0')
    message = g_strdup (detail);
  else if (title != NULL && *title != '\0')
    message = g_strdup (title);
  else
    message = default_message (code);

  error = g_error_new_literal (YC_REST_ERROR, code, message);
  priv = yc_rest_error_get_private (error);
  priv->status = status;

  if (obj != NULL)
    {
      JsonArray *params = NULL;

      priv->type = g_strdup (json_object_get_string_member_with_default (obj, "type", NULL));
      if (json_object_has_member (obj, "invalid-params")
          && JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "invalid-params")))
        params = json_object_get_array_member (obj, "invalid-params");

      if (params != NULL && json_array_get_length (params) > 0)
        {
          priv->fields = g_ptr_array_new_with_free_func (yc_field_error_free);
          for (guint i = 0; i < json_array_get_length (params); i++)
            {
              JsonNode *node = json_array_get_element (params, i);
              JsonObject *p;
              YcFieldError *fe;

              if (!JSON_NODE_HOLDS_OBJECT (node))
                continue;
              p = json_node_get_object (node);
              fe = g_new0 (YcFieldError, 1);
              fe->name = g_strdup (json_object_get_string_member_with_default (p, "name", ""));
              fe->reason = g_strdup (json_object_get_string_member_with_default (p, "reason",
                                                                                  ""));
              g_ptr_array_add (priv->fields, fe);
            }
        }
    }

  return error;
}

/* ---- sessions ------------------------------------------------------------------------- */

static void
yc_actor_clear_fields (YcActor *actor)
{
  g_clear_pointer (&actor->user, g_free);
  g_clear_pointer (&actor->display_name, g_free);
  g_clear_pointer (&actor->department_code, g_free);
  g_clear_pointer (&actor->township_code, g_free);
  g_clear_pointer (&actor->window_code, g_free);
}

YcSession *
yc_session_copy (const YcSession *self)
{
  YcSession *copy = g_new0 (YcSession, 1);

  copy->token = g_strdup (self->token);
  copy->expires_at = self->expires_at != NULL ? g_date_time_ref (self->expires_at) : NULL;
  copy->actor.user = g_strdup (self->actor.user);
  copy->actor.display_name = g_strdup (self->actor.display_name);
  copy->actor.role = self->actor.role;
  copy->actor.department_code = g_strdup (self->actor.department_code);
  copy->actor.township_code = g_strdup (self->actor.township_code);
  copy->actor.window_code = g_strdup (self->actor.window_code);
  return copy;
}

void
yc_session_free (YcSession *self)
{
  if (self == NULL)
    return;
  g_free (self->token);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  yc_actor_clear_fields (&self->actor);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (YcSession, yc_session, yc_session_copy, yc_session_free)

static char *
dup_member (JsonObject *obj,
            const char *name)
{
  const char *value = json_object_get_string_member_with_default (obj, name, NULL);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static YcSession *
session_from_json (JsonNode    *node,
                   const char  *token,
                   GError     **error)
{
  g_autoptr(YcSession) session = g_new0 (YcSession, 1);
  JsonObject *obj;
  JsonObject *user;
  const char *role;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  obj = json_node_get_object (node);

  /* POST /sessions wraps the user; GET /me is the user itself. */
  if (json_object_has_member (obj, "user")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "user")))
    user = json_object_get_object_member (obj, "user");
  else
    user = obj;

  session->token = dup_member (obj, "token");
  if (session->token == NULL)
    session->token = g_strdup (token);
  if (json_object_has_member (obj, "expires_at"))
    {
      const char *at = json_object_get_string_member_with_default (obj, "expires_at", NULL);

      if (at != NULL)
        session->expires_at = g_date_time_new_from_iso8601 (at, NULL);
    }

  session->actor.user = dup_member (user, "user");
  session->actor.display_name = dup_member (user, "display_name");
  session->actor.department_code = dup_member (user, "department_code");
  session->actor.township_code = dup_member (user, "township_code");
  session->actor.window_code = dup_member (user, "window_code");
  role = json_object_get_string_member_with_default (user, "role", NULL);
  if (session->actor.user == NULL || session->token == NULL || role == NULL
      || !yc_role_from_string (role, &session->actor.role))
    goto bad;
  if (session->actor.display_name == NULL)
    session->actor.display_name = g_strdup (session->actor.user);

  return g_steal_pointer (&session);

bad:
  g_set_error_literal (error, YC_REST_ERROR, YC_REST_ERROR_SERVER,
                       _("The backend sent a session the client cannot read. Check that "
                         "client and backend versions match."));
  return NULL;
}

/* ---- the object ----------------------------------------------------------------------- */

static void
yc_rest_client_finalize (GObject *object)
{
  YcRestClient *self = YC_REST_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->accept_language, g_free);

  G_OBJECT_CLASS (yc_rest_client_parent_class)->finalize (object);
}

static void
yc_rest_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcRestClient *self = YC_REST_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_rest_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcRestClient *self = YC_REST_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      yc_rest_client_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_TOKEN:
      yc_rest_client_set_token (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_rest_client_class_init (YcRestClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_rest_client_finalize;
  object_class->get_property = yc_rest_client_get_property;
  object_class->set_property = yc_rest_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_rest_client_init (YcRestClient *self)
{
  self->session = soup_session_new ();
  soup_session_set_timeout (self->session, REQUEST_TIMEOUT_SECONDS);
  soup_session_set_user_agent (self->session, "yichuang/" PACKAGE_VERSION);
  self->base_url = g_strdup ("");
  self->accept_language = yc_rest_accept_language (g_get_language_names ());
}

YcRestClient *
yc_rest_client_new (const char *base_url)
{
  return g_object_new (YC_TYPE_REST_CLIENT, "base-url", base_url, NULL);
}

const char *
yc_rest_client_get_base_url (YcRestClient *self)
{
  g_return_val_if_fail (YC_IS_REST_CLIENT (self), NULL);
  return self->base_url;
}

void
yc_rest_client_set_base_url (YcRestClient *self,
                             const char   *base_url)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (YC_IS_REST_CLIENT (self));

  clean = g_strstrip (g_strdup (base_url != NULL ? base_url : ""));
  while (g_str_has_suffix (clean, "/"))
    clean[strlen (clean) - 1] = '\0';
  if (g_strcmp0 (clean, self->base_url) == 0)
    return;
  g_free (self->base_url);
  self->base_url = g_steal_pointer (&clean);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
yc_rest_client_get_token (YcRestClient *self)
{
  g_return_val_if_fail (YC_IS_REST_CLIENT (self), NULL);
  return self->token;
}

void
yc_rest_client_set_token (YcRestClient *self,
                          const char   *token)
{
  g_return_if_fail (YC_IS_REST_CLIENT (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;
  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

gboolean
yc_rest_client_set_ca_file (YcRestClient *self,
                            const char   *path,
                            GError      **error)
{
  g_autoptr(GTlsDatabase) db = NULL;

  g_return_val_if_fail (YC_IS_REST_CLIENT (self), FALSE);

  if (path != NULL)
    {
      db = g_tls_file_database_new (path, error);
      if (db == NULL)
        return FALSE;
    }
  soup_session_set_tls_database (self->session, db);
  return TRUE;
}

/* ---- requests ------------------------------------------------------------------------- */

typedef struct
{
  SoupMessage *msg;
  gboolean     signing_in;
  char        *etag;       /* the If-None-Match we sent */
} Request;

static void
request_free (gpointer data)
{
  Request *req = data;

  g_clear_object (&req->msg);
  g_free (req->etag);
  g_free (req);
}

/* The answer of a finished request, as JSON or a GError. */
typedef struct
{
  guint     status;
  JsonNode *json;
  GBytes   *raw;
  char     *etag;
} Answer;

static void
answer_free (gpointer data)
{
  Answer *answer = data;

  g_clear_pointer (&answer->json, json_node_unref);
  g_clear_pointer (&answer->raw, g_bytes_unref);
  g_free (answer->etag);
  g_free (answer);
}

char *
yc_rest_accept_language (const char *const *language_names)
{
  g_autoptr (GString) header = g_string_new (NULL);
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  guint tenths = 10;

  /* "zh_CN.UTF-8", "zh_CN", "zh.UTF-8", "zh", "C" → "zh-CN, zh;q=0.9, en;q=0.8" */
  for (guint i = 0; language_names != NULL && language_names[i] != NULL; i++)
    {
      const char *name = language_names[i];
      char *tag;

      if (strchr (name, '.') != NULL || strchr (name, '@') != NULL ||
          g_str_equal (name, "C") || g_str_equal (name, "POSIX") || *name == '\0')
        continue;
      tag = g_strdelimit (g_strdup (name), "_", '-');
      if (g_ptr_array_find_with_equal_func (seen, tag, g_str_equal, NULL))
        {
          g_free (tag);
          continue;
        }
      g_ptr_array_add (seen, tag);
    }
  if (!g_ptr_array_find_with_equal_func (seen, "en", g_str_equal, NULL))
    g_ptr_array_add (seen, g_strdup ("en"));
  for (guint i = 0; i < seen->len; i++)
    {
      if (i > 0)
        g_string_append (header, ", ");
      g_string_append (header, g_ptr_array_index (seen, i));
      if (tenths < 10)
        g_string_append_printf (header, ";q=0.%u", tenths);
      if (tenths > 1)
        tenths--;
    }
  return g_string_free (g_steal_pointer (&header), FALSE);
}

static SoupMessage *
build_message (YcRestClient *self,
               const char   *method,
               const char   *path,
               GError      **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessage *msg;
  SoupMessageHeaders *headers;

  url = g_strconcat (self->base_url, API_PREFIX, path, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
                      && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, YC_REST_ERROR, YC_REST_ERROR_UNREACHABLE,
                   _("“%s” is not a backend address. Enter it as https://host:port in "
                     "Preferences."),
                   self->base_url);
      return NULL;
    }

  msg = soup_message_new_from_uri (method, uri);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json, application/problem+json");
  soup_message_headers_replace (headers, "Accept-Language", self->accept_language);
  if (self->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", auth);
    }
  return msg;
}

static void
request_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcRestClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) json = NULL;
  SoupMessageHeaders *headers;
  const char *content_type;
  guint status;
  Answer *answer;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, transport_error (self, error));
      return;
    }

  status = soup_message_get_status (req->msg);
  headers = soup_message_get_response_headers (req->msg);
  content_type = soup_message_headers_get_content_type (headers, NULL);

  if (g_bytes_get_size (bytes) > 0 && content_type != NULL
      && (g_str_equal (content_type, "application/json")
          || g_str_equal (content_type, "application/problem+json")))
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      if (json_parser_load_from_data (parser, data, size, NULL))
        json = json_node_ref (json_parser_get_root (parser));
    }

  if (status == 304)
    {
      answer = g_new0 (Answer, 1);
      answer->status = status;
      answer->etag = g_strdup (req->etag);
      g_task_return_pointer (task, answer, answer_free);
      return;
    }

  if (status < 200 || status >= 300)
    {
      g_task_return_error (task, http_error (status, req->signing_in, json));
      return;
    }

  answer = g_new0 (Answer, 1);
  answer->status = status;
  answer->json = g_steal_pointer (&json);
  answer->raw = g_steal_pointer (&bytes);
  answer->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  g_task_return_pointer (task, answer, answer_free);
}

/* Starts one request; the task returns an Answer. */
static GTask *
start_request (YcRestClient        *self,
               const char          *method,
               const char          *path,
               const char          *content_type,
               GBytes              *body,
               GHashTable          *extra_headers,
               const char          *idempotency_key,
               const char          *etag,
               gboolean             signing_in,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task;
  Request *req;
  GError *error = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  req = g_new0 (Request, 1);
  req->signing_in = signing_in;
  req->etag = g_strdup (etag);
  g_task_set_task_data (task, req, request_free);

  req->msg = build_message (self, method, path, &error);
  if (req->msg == NULL)
    {
      g_task_return_error (task, error);
      return task;
    }

  if (body != NULL)
    soup_message_set_request_body_from_bytes (req->msg,
                                              content_type != NULL ? content_type
                                                                   : "application/json",
                                              body);
  if (idempotency_key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (req->msg),
                                  "Idempotency-Key", idempotency_key);
  if (etag != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (req->msg),
                                  "If-None-Match", etag);
  if (extra_headers != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, extra_headers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        soup_message_headers_replace (soup_message_get_request_headers (req->msg),
                                      key, value);
    }

  soup_session_send_and_read_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                                    cancellable, request_done, g_object_ref (task));
  return task;
}

static GBytes *
json_to_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize length;
  char *data;

  json_generator_set_root (gen, node);
  data = json_generator_to_data (gen, &length);
  return g_bytes_new_take (data, length);
}

/* Most calls: a GET or POST whose answer is the JSON root. */
static void
json_call_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  Answer *answer;

  answer = g_task_propagate_pointer (G_TASK (result), &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task,
                         answer->json != NULL ? json_node_ref (answer->json) : NULL,
                         (GDestroyNotify) json_node_unref);
  answer_free (answer);
}

static void
json_call (YcRestClient        *self,
           const char          *method,
           const char          *path,
           JsonNode            *body,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GBytes) bytes = body != NULL ? json_to_bytes (body) : NULL;
  g_autoptr(GTask) inner = NULL;

  g_task_set_source_tag (outer, source_tag);
  inner = start_request (self, method, path, NULL, bytes, NULL, NULL, NULL, FALSE, source_tag,
                         cancellable, json_call_done, outer);
}

static gpointer
json_call_finish (YcRestClient  *self,
                  GAsyncResult  *result,
                  gpointer       source_tag,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
escape_segment (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

/* ---- for the other yc-rest-*.c files (yc-rest-client-private.h) ----------------------- */

void
yc_rest_client_get_json_async (YcRestClient        *self,
                               const char          *path,
                               gpointer             source_tag,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (YC_IS_REST_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  json_call (self, "GET", path, NULL, source_tag, cancellable, callback, user_data);
}

JsonNode *
yc_rest_client_get_json_finish (YcRestClient  *self,
                                GAsyncResult  *result,
                                gpointer       source_tag,
                                GError       **error)
{
  return json_call_finish (self, result, source_tag, error);
}

static void
bytes_call_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  Answer *answer = g_task_propagate_pointer (G_TASK (result), &error);

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task,
                         answer->raw != NULL ? g_bytes_ref (answer->raw) : g_bytes_new (NULL, 0),
                         (GDestroyNotify) g_bytes_unref);
  answer_free (answer);
}

void
yc_rest_client_get_bytes_async (YcRestClient        *self,
                                const char          *path,
                                const char          *accept,
                                gpointer             source_tag,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GHashTable) headers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (YC_IS_REST_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, source_tag);
  if (accept != NULL)
    g_hash_table_insert (headers, (gpointer) "Accept", (gpointer) accept);
  inner = start_request (self, "GET", path, NULL, NULL, headers, NULL, NULL, FALSE, source_tag,
                         cancellable, bytes_call_done, outer);
}

GBytes *
yc_rest_client_get_bytes_finish (YcRestClient  *self,
                                 GAsyncResult  *result,
                                 gpointer       source_tag,
                                 GError       **error)
{
  return json_call_finish (self, result, source_tag, error);
}

/* ---- endpoints ------------------------------------------------------------------------ */

void
yc_rest_client_health_async (YcRestClient        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (YC_IS_REST_CLIENT (self));
  json_call (self, "GET", "/health", NULL, yc_rest_client_health_async,
             cancellable, callback, user_data);
}

gboolean
yc_rest_client_health_finish (YcRestClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = json_call_finish (self, result, yc_rest_client_health_async,
                                               &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char *token;
} SessionCall;

static void
session_answer_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcRestClient *self = g_task_get_source_object (task);
  GError *error = NULL;
  Answer *answer;
  YcSession *session;

  answer = g_task_propagate_pointer (G_TASK (result), &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  session = session_from_json (answer->json, self->token, &error);
  answer_free (answer);
  if (session == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  yc_rest_client_set_token (self, session->token);
  g_task_return_pointer (task, session, (GDestroyNotify) yc_session_free);
}

void
yc_rest_client_sign_in_async (YcRestClient        *self,
                              const char          *user,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (YC_IS_REST_CLIENT (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (password != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, user);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  bytes = json_to_bytes (body);

  /* A stale token must not ride along with a fresh sign-in. */
  yc_rest_client_set_token (self, NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, yc_rest_client_sign_in_async);
  inner = start_request (self, "POST", "/sessions", NULL, bytes, NULL, NULL, NULL, TRUE,
                         yc_rest_client_sign_in_async, cancellable, session_answer_done, outer);
}

YcSession *
yc_rest_client_sign_in_finish (YcRestClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return json_call_finish (self, result, yc_rest_client_sign_in_async, error);
}

static void
sign_out_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  Answer *answer = g_task_propagate_pointer (G_TASK (result), &error);

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  answer_free (answer);
  g_task_return_boolean (task, TRUE);
}

void
yc_rest_client_sign_out_async (YcRestClient        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (YC_IS_REST_CLIENT (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, yc_rest_client_sign_out_async);
  inner = start_request (self, "DELETE", "/sessions/current", NULL, NULL, NULL, NULL, NULL,
                         FALSE, yc_rest_client_sign_out_async, cancellable, sign_out_done, outer);
  /* The message already carries the token; forget it now. */
  yc_rest_client_set_token (self, NULL);
}

gboolean
yc_rest_client_sign_out_finish (YcRestClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, yc_rest_client_sign_out_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
yc_rest_client_get_me_async (YcRestClient        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (YC_IS_REST_CLIENT (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, yc_rest_client_get_me_async);
  inner = start_request (self, "GET", "/me", NULL, NULL, NULL, NULL, NULL, FALSE,
                         yc_rest_client_get_me_async, cancellable, session_answer_done, outer);
}

YcSession *
yc_rest_client_get_me_finish (YcRestClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return json_call_finish (self, result, yc_rest_client_get_me_async, error);
}

/* Catalogue: fetched on the main context, parsed in a worker thread (100 k items). */
typedef struct
{
  GBytes *raw;
  char   *etag;
} CatalogueResult;

static void
catalogue_result_free (gpointer data)
{
  CatalogueResult *res = data;

  g_clear_pointer (&res->raw, g_bytes_unref);
  g_free (res->etag);
  g_free (res);
}

static void
parse_catalogue_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  CatalogueResult *res = task_data;
  g_autoptr(YcCatalogue) catalogue = yc_catalogue_new ();
  GError *error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (res->raw, &size);

  if (!yc_catalogue_load_data (catalogue, data, size, &error))
    {
      GError *wrapped = g_error_new (YC_REST_ERROR, YC_REST_ERROR_SERVER,
                                     _("The backend's catalogue could not be read: %s"),
                                     error->message);
      g_error_free (error);
      g_task_return_error (task, wrapped);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&catalogue), g_object_unref);
}

static void
catalogue_fetched (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  Answer *answer = g_task_propagate_pointer (G_TASK (result), &error);
  CatalogueResult *res;

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  res = g_new0 (CatalogueResult, 1);
  res->etag = g_strdup (answer->etag);
  g_task_set_task_data (task, res, catalogue_result_free);

  if (answer->status == 304 || answer->raw == NULL)
    {
      answer_free (answer);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  res->raw = g_bytes_ref (answer->raw);
  answer_free (answer);
  g_task_run_in_thread (task, parse_catalogue_thread);
}

void
yc_rest_client_get_catalogue_async (YcRestClient        *self,
                                    const char          *etag,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (YC_IS_REST_CLIENT (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, yc_rest_client_get_catalogue_async);
  inner = start_request (self, "GET", "/catalogue", NULL, NULL, NULL, NULL, etag, FALSE,
                         yc_rest_client_get_catalogue_async, cancellable, catalogue_fetched,
                         outer);
}

YcCatalogue *
yc_rest_client_get_catalogue_finish (YcRestClient  *self,
                                     GAsyncResult  *result,
                                     char         **new_etag,
                                     GBytes       **raw,
                                     GError       **error)
{
  CatalogueResult *res;
  YcCatalogue *catalogue;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result,
                                                  yc_rest_client_get_catalogue_async), NULL);

  catalogue = g_task_propagate_pointer (G_TASK (result), error);
  res = g_task_get_task_data (G_TASK (result));
  if (new_etag != NULL)
    *new_etag = res != NULL ? g_strdup (res->etag) : NULL;
  if (raw != NULL)
    *raw = res != NULL && res->raw != NULL && catalogue != NULL ? g_bytes_ref (res->raw) : NULL;
  return catalogue;
}

/* Calendar: the list of years, then each year. */
typedef struct
{
  YcCalendar *calendar;
  GArray     *years;
  guint       next;
} CalendarCall;

static void
calendar_call_free (gpointer data)
{
  CalendarCall *call = data;

  g_clear_object (&call->calendar);
  g_clear_pointer (&call->years, g_array_unref);
  g_free (call);
}

static void calendar_fetch_next (GTask *task);

static void
calendar_year_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CalendarCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  Answer *answer = g_task_propagate_pointer (G_TASK (result), &error);
  gsize size;
  const char *data;

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_bytes_get_data (answer->raw, &size);
  if (!yc_calendar_load_data (call->calendar, data, size, &error))
    {
      g_task_return_new_error (task, YC_REST_ERROR, YC_REST_ERROR_SERVER,
                               _("The backend's working-day calendar could not be read: %s"),
                               error->message);
      g_error_free (error);
      answer_free (answer);
      return;
    }
  answer_free (answer);
  calendar_fetch_next (g_steal_pointer (&task));
}

static void
calendar_fetch_next (GTask *task)
{
  YcRestClient *self = g_task_get_source_object (task);
  CalendarCall *call = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  g_autoptr(GTask) inner = NULL;

  if (call->next >= call->years->len)
    {
      g_task_return_pointer (task, g_steal_pointer (&call->calendar), g_object_unref);
      g_object_unref (task);
      return;
    }

  path = g_strdup_printf ("/calendar/%d", g_array_index (call->years, int, call->next++));
  inner = start_request (self, "GET", path, NULL, NULL, NULL, NULL, NULL, FALSE,
                         yc_rest_client_get_calendar_async, g_task_get_cancellable (task),
                         calendar_year_done, task);
}

static void
add_year (GArray   *years,
          JsonNode *node)
{
  int year = 0;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    year = (int) json_node_get_int (node);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    year = (int) json_object_get_int_member_with_default (json_node_get_object (node),
                                                           "year", 0);
  if (year > 1900 && year < 3000)
    g_array_append_val (years, year);
}

static void
calendar_list_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CalendarCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  Answer *answer = g_task_propagate_pointer (G_TASK (result), &error);
  JsonArray *array = NULL;

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Either [2025, 2026] or {"years": [2025, 2026]} (or year objects with a "year" member). */
  if (answer->json != NULL && JSON_NODE_HOLDS_ARRAY (answer->json))
    array = json_node_get_array (answer->json);
  else if (answer->json != NULL && JSON_NODE_HOLDS_OBJECT (answer->json)
           && json_object_has_member (json_node_get_object (answer->json), "years"))
    array = json_object_get_array_member (json_node_get_object (answer->json), "years");

  if (array == NULL)
    {
      answer_free (answer);
      g_task_return_new_error (task, YC_REST_ERROR, YC_REST_ERROR_SERVER,
                               _("The backend's working-day calendar could not be read."));
      return;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    add_year (call->years, json_array_get_element (array, i));
  answer_free (answer);
  calendar_fetch_next (g_steal_pointer (&task));
}

void
yc_rest_client_get_calendar_async (YcRestClient        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  CalendarCall *call;
  GTask *outer;

  g_return_if_fail (YC_IS_REST_CLIENT (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, yc_rest_client_get_calendar_async);
  call = g_new0 (CalendarCall, 1);
  call->calendar = yc_calendar_new ();
  call->years = g_array_new (FALSE, FALSE, sizeof (int));
  g_task_set_task_data (outer, call, calendar_call_free);

  inner = start_request (self, "GET", "/calendar", NULL, NULL, NULL, NULL, NULL, FALSE,
                         yc_rest_client_get_calendar_async, cancellable, calendar_list_done,
                         outer);
}

YcCalendar *
yc_rest_client_get_calendar_finish (YcRestClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return json_call_finish (self, result, yc_rest_client_get_calendar_async, error);
}

void
yc_rest_client_get_case_async (YcRestClient        *self,
                               const char          *number,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_REST_CLIENT (self));
  g_return_if_fail (number != NULL);

  escaped = escape_segment (number);
  path = g_strconcat ("/cases/", escaped, NULL);
  json_call (self, "GET", path, NULL, yc_rest_client_get_case_async,
             cancellable, callback, user_data);
}

JsonNode *
yc_rest_client_get_case_finish (YcRestClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return json_call_finish (self, result, yc_rest_client_get_case_async, error);
}

static void
append_param (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_c (query, query->len == 0 ? '?' : '&');
  g_string_append_printf (query, "%s=%s", name, escaped);
}

void
yc_rest_client_list_cases_async (YcRestClient        *self,
                                 const YcCaseQuery   *query,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GString) params = g_string_new (NULL);
  g_autofree char *path = NULL;
  char num[16];

  g_return_if_fail (YC_IS_REST_CLIENT (self));

  if (query != NULL)
    {
      append_param (params, "number", query->number);
      append_param (params, "q", query->q);
      append_param (params, "state", query->state);
      append_param (params, "window", query->window);
      append_param (params, "since", query->since);
      if (query->page > 0)
        {
          g_snprintf (num, sizeof num, "%u", query->page);
          append_param (params, "page", num);
        }
      if (query->page_size > 0)
        {
          g_snprintf (num, sizeof num, "%u", query->page_size);
          append_param (params, "page_size", num);
        }
    }
  path = g_strconcat ("/cases", params->str, NULL);
  json_call (self, "GET", path, NULL, yc_rest_client_list_cases_async,
             cancellable, callback, user_data);
}

JsonNode *
yc_rest_client_list_cases_finish (YcRestClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return json_call_finish (self, result, yc_rest_client_list_cases_async, error);
}

void
yc_rest_client_get_audit_async (YcRestClient        *self,
                                const char          *number,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (YC_IS_REST_CLIENT (self));
  g_return_if_fail (number != NULL);

  escaped = escape_segment (number);
  path = g_strconcat ("/cases/", escaped, "/audit", NULL);
  json_call (self, "GET", path, NULL, yc_rest_client_get_audit_async,
             cancellable, callback, user_data);
}

JsonNode *
yc_rest_client_get_audit_finish (YcRestClient  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return json_call_finish (self, result, yc_rest_client_get_audit_async, error);
}

static void
post_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  Answer *answer = g_task_propagate_pointer (G_TASK (result), &error);

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, answer, answer_free);
}

void
yc_rest_client_post_async (YcRestClient        *self,
                           const char          *path,
                           const char          *content_type,
                           GBytes              *body,
                           GHashTable          *headers,
                           const char          *idempotency_key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (YC_IS_REST_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (idempotency_key != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, yc_rest_client_post_async);
  inner = start_request (self, "POST", path, content_type, body, headers, idempotency_key, NULL,
                         FALSE, yc_rest_client_post_async, cancellable, post_done, outer);
}

JsonNode *
yc_rest_client_post_finish (YcRestClient  *self,
                            GAsyncResult  *result,
                            guint         *status,
                            GError       **error)
{
  Answer *answer;
  JsonNode *json;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, yc_rest_client_post_async), NULL);

  if (status != NULL)
    *status = 0;
  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return NULL;
  if (status != NULL)
    *status = answer->status;
  json = answer->json != NULL ? json_node_ref (answer->json) : NULL;
  answer_free (answer);
  return json;
}

char *
yc_rest_path_cases (void)
{
  return g_strdup ("/cases");
}

char *
yc_rest_path_case_action (const char *number,
                          const char *action)
{
  g_autofree char *escaped = escape_segment (number);

  return g_strconcat ("/cases/", escaped, "/actions/", action, NULL);
}

char *
yc_rest_path_attachments (const char *number)
{
  g_autofree char *escaped = escape_segment (number);

  return g_strconcat ("/cases/", escaped, "/attachments", NULL);
}

char *
yc_rest_path_documents (const char *number)
{
  g_autofree char *escaped = escape_segment (number);

  return g_strconcat ("/cases/", escaped, "/documents", NULL);
}

char *
yc_rest_new_idempotency_key (void)
{
  return g_uuid_string_random ();
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

JsonNode *
yc_rest_action_body (const YcActionArgs *args,
                     gint64              version)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  if (version >= 0)
    json_builder_add_int_value (builder, version);
  else
    json_builder_add_null_value (builder);

  if (args != NULL)
    {
      add_optional_string (builder, "reason", args->reason);
      add_optional_string (builder, "legal_basis", args->legal_basis);
      add_optional_string (builder, "branch_department", args->branch_department);
      add_optional_string (builder, "delivery_method", args->delivery_method);
      add_optional_string (builder, "delivery_detail", args->delivery_detail);
      if (args->materials != NULL)
        {
          json_builder_set_member_name (builder, "materials");
          json_builder_begin_array (builder);
          for (guint i = 0; i < args->materials->len; i++)
            {
              const YcCaseMaterial *m = g_ptr_array_index (args->materials, i);

              json_builder_begin_object (builder);
              add_optional_string (builder, "code", m->code);
              add_optional_string (builder, "status", yc_material_status_to_string (m->status));
              add_optional_string (builder, "reason", m->reason);
              json_builder_set_member_name (builder, "original_checked");
              json_builder_add_boolean_value (builder, m->original_checked);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
