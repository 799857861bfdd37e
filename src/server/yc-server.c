/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "yc-server-private.h"
#include "yc-audit.h"
#include "yc-auth.h"
#include "yc-checkpointer.h"
#include "yc-crypto.h"
#include "yc-language.h"
#include "yc-store-sqlite.h"

#define IDEMPOTENCY_KEY_MAX 128
#define MAINTENANCE_INTERVAL_S 3600

struct _YcServer
{
  GObject         parent_instance;
  YcServerConfig *config;
  GMainContext   *context;
  SoupServer     *soup;
  GThreadPool    *pool;
  YcWriter       *writer;
  GAsyncQueue    *readers;          /* idle read connections */
  YcStore        *prototype;        /* opens further read connections */
  GMutex          data_lock;
  YcCountyData   *data;
  GMutex          verify_lock;
  GHashTable     *verify_counts;    /* address → count in verify_minute */
  gint64          verify_minute;
  guint           maintenance_id;
  gboolean        stopped;
  YcCheckpointer *checkpointer;
  GMutex          delivery_lock;
  GCond           delivery_cond;
  GPtrArray      *deliveries;       /* answers waiting for the main loop */
  guint           submitted;        /* requests with the writer that nobody waits for */
};

G_DEFINE_FINAL_TYPE (YcServer, yc_server, G_TYPE_OBJECT)

/* One request in flight: created on the main loop, handled on a worker, delivered back. */
typedef struct
{
  YcServer          *server;
  SoupServerMessage *msg;
  YcRequest         *request;
  YcResponse        *response;
  gulong             disconnected_id;
  gboolean           disconnected;
  gboolean           maintenance;
} Dispatch;

static void
yc_server_finalize (GObject *object)
{
  YcServer *self = YC_SERVER (object);

  yc_server_stop (self);
  g_clear_pointer (&self->config, yc_server_config_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->data, yc_county_data_unref);
  g_clear_pointer (&self->verify_counts, g_hash_table_unref);
  g_mutex_clear (&self->data_lock);
  g_mutex_clear (&self->verify_lock);
  g_clear_pointer (&self->deliveries, g_ptr_array_unref);
  g_mutex_clear (&self->delivery_lock);
  g_cond_clear (&self->delivery_cond);

  G_OBJECT_CLASS (yc_server_parent_class)->finalize (object);
}

static void
yc_server_class_init (YcServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_server_finalize;
}

static void
yc_server_init (YcServer *self)
{
  g_mutex_init (&self->data_lock);
  g_mutex_init (&self->verify_lock);
  g_mutex_init (&self->delivery_lock);
  g_cond_init (&self->delivery_cond);
  self->deliveries = g_ptr_array_new ();
  self->verify_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->readers = g_async_queue_new_full (g_object_unref);
}

/* Worker-side helpers ----------------------------------------------------------------------- */

const YcServerConfig *
yc_server_get_config (YcServer *self)
{
  return self->config;
}

/* While a worker handles a request, every read it makes goes through one connection and one
 * snapshot, begun at the first read and ended before the request waits for the writer (so
 * that the log can be checkpointed meanwhile). */
typedef struct
{
  YcStore  *store;
  gboolean  in_transaction;
  guint64   horizon;             /* the writer's transactions these reads may have seen */
  Dispatch *dispatch;
  gboolean  submitted;           /* handed to the writer: answered from there */
} RequestReads;

static GPrivate request_reads;

static gboolean deliver_all (gpointer data);

/* Answers go back to the main loop in batches: one wake-up for all that are ready, however
 * many threads produced them. */
static void
queue_delivery (YcServer *self,
                Dispatch *d,
                gboolean  was_submitted)
{
  g_mutex_lock (&self->delivery_lock);
  if (self->deliveries->len == 0)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_all, g_object_ref (self), g_object_unref);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
  g_ptr_array_add (self->deliveries, d);
  /* In the same breath as queueing it, so that yc_server_stop, once the count is zero, finds
   * every answer on the main loop. */
  if (was_submitted && --self->submitted == 0)
    g_cond_broadcast (&self->delivery_cond);
  g_mutex_unlock (&self->delivery_lock);
}

static YcStore *
pool_pop (YcServer *self,
          GError  **error)
{
  YcStore *store = g_async_queue_try_pop (self->readers);

  if (store != NULL)
    return store;
  return yc_store_open_another (self->prototype, error);
}

YcStore *
yc_server_acquire_reader (YcServer *self,
                          GError  **error)
{
  RequestReads *reads = g_private_get (&request_reads);

  if (reads == NULL)
    return pool_pop (self, error);
  if (reads->store == NULL && (reads->store = pool_pop (self, error)) == NULL)
    return NULL;
  if (!reads->in_transaction)
    {
      if (!yc_store_begin_read (reads->store, error))
        return NULL;
      reads->in_transaction = TRUE;
    }
  return reads->store;
}

void
yc_server_release_reader (YcServer *self,
                          YcStore  *store)
{
  RequestReads *reads = g_private_get (&request_reads);

  if (store == NULL || (reads != NULL && reads->store == store))
    return;
  g_async_queue_push (self->readers, store);
}

static void
end_request_reads (YcServer *self)
{
  RequestReads *reads = g_private_get (&request_reads);

  if (reads != NULL && reads->in_transaction)
    {
      yc_store_rollback (reads->store);
      reads->in_transaction = FALSE;
      reads->horizon = MAX (reads->horizon, yc_writer_horizon (self->writer));
    }
}

YcCountyData *
yc_server_get_county_data (YcServer *self)
{
  YcCountyData *data;

  g_mutex_lock (&self->data_lock);
  data = yc_county_data_ref (self->data);
  g_mutex_unlock (&self->data_lock);
  return data;
}

gboolean
yc_server_write (YcServer   *self,
                 YcWriteFunc func,
                 gpointer    user_data,
                 GError    **error)
{
  end_request_reads (self);
  return yc_writer_run (self->writer, func, user_data, error);
}

typedef struct
{
  YcRequest   *request;
  YcCommitFunc func;
  gpointer     user_data;
  YcResponse  *response;
} CommitJob;

YcResponse *
yc_server_idempotency_mismatch (void)
{
  YcResponse *response;

  response = yc_problem_response (422, "idempotency-key-reused",
                                  _("This Idempotency-Key was used for another request"),
                                  _("The Idempotency-Key was already used for a different "
                                    "request. Use a new key for a new request."));
  response->cacheable = FALSE;
  return response;
}

static gboolean
commit_job (YcStore *store,
            gpointer user_data,
            GError **error)
{
  CommitJob *job = user_data;
  YcRequest *request = job->request;

  g_clear_pointer (&job->response, yc_response_free);

  if (request->idempotency_key != NULL)
    {
      g_autoptr (GError) local = NULL;
      g_autoptr (YcStoredResponse) stored = yc_store_idempotency_lookup (store,
                                                                         request->user->name,
                                                                         request->idempotency_key,
                                                                         &local);

      if (stored != NULL)
        {
          job->response = g_str_equal (stored->request_hash, request->request_hash)
                            ? yc_response_from_stored (stored)
                            : yc_server_idempotency_mismatch ();
          return TRUE;
        }
      if (!g_error_matches (local, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }

  if (!job->func (store, job->user_data, &job->response, error))
    return FALSE;
  g_assert (job->response != NULL);

  if (request->idempotency_key != NULL && job->response->cacheable)
    {
      g_autoptr (YcStoredResponse) stored = yc_response_to_stored (job->response,
                                                                   request->request_hash);

      if (!yc_store_idempotency_insert (store, request->user->name, request->idempotency_key,
                                        stored, g_get_real_time () / G_USEC_PER_SEC, error))
        return FALSE;
    }
  return TRUE;
}

YcResponse *
yc_server_commit (YcServer    *self,
                  YcRequest   *request,
                  YcCommitFunc func,
                  gpointer     user_data)
{
  CommitJob job = { request, func, user_data, NULL };
  g_autoptr (GError) error = NULL;

  end_request_reads (self);
  if (!yc_writer_run (self->writer, commit_job, &job, &error))
    {
      g_clear_pointer (&job.response, yc_response_free);
      return yc_problem_from_store_error (error);
    }
  return job.response;
}

/* A commit whose answer is sent from the writer's side once durable, so that no request
 * thread sleeps through the flush: at full load that is a wake-up and a thread switch less
 * per request, and few request threads suffice. */
typedef struct
{
  CommitJob      commit;
  GDestroyNotify destroy;
  Dispatch      *dispatch;
  locale_t       locale;
} SubmittedCommit;

static void
submitted_done (const GError *error,
                gpointer      user_data)
{
  SubmittedCommit *submitted = user_data;
  Dispatch *d = submitted->dispatch;

  if (error != NULL)
    {
      locale_t previous = uselocale (submitted->locale);

      g_clear_pointer (&submitted->commit.response, yc_response_free);
      d->response = yc_problem_from_store_error ((GError *) error);
      uselocale (previous);
    }
  else
    d->response = g_steal_pointer (&submitted->commit.response);
  if (submitted->destroy != NULL)
    submitted->destroy (submitted->commit.user_data);
  g_free (submitted);
  queue_delivery (d->server, d, TRUE);
}

YcResponse *
yc_server_commit_later (YcServer      *self,
                        YcRequest     *request,
                        YcCommitFunc   func,
                        gpointer       user_data,
                        GDestroyNotify destroy)
{
  RequestReads *reads = g_private_get (&request_reads);
  SubmittedCommit *submitted;

  if (reads == NULL || reads->dispatch == NULL)
    {
      YcResponse *response = yc_server_commit (self, request, func, user_data);

      if (destroy != NULL)
        destroy (user_data);
      return response;
    }
  end_request_reads (self);
  /* Back in the pool before the answer can go out: the client's next request may arrive
   * before this thread runs again, and would otherwise open a connection of its own. */
  if (reads->store != NULL)
    g_async_queue_push (self->readers, g_steal_pointer (&reads->store));
  submitted = g_new0 (SubmittedCommit, 1);
  submitted->commit = (CommitJob) { request, func, user_data, NULL };
  submitted->destroy = destroy;
  submitted->dispatch = reads->dispatch;
  submitted->locale = uselocale ((locale_t) 0);
  reads->submitted = TRUE;
  g_mutex_lock (&self->delivery_lock);
  self->submitted++;
  g_mutex_unlock (&self->delivery_lock);
  yc_writer_submit (self->writer, commit_job, submitted_done, submitted);
  return NULL;
}

typedef struct
{
  YcRequest  *request;
  const char *action;
  const char *case_number;
  const char *detail;
} AuditJob;

static gboolean
audit_job (YcStore *store,
           gpointer user_data,
           GError **error)
{
  AuditJob *job = user_data;

  return yc_audit_append (store, job->request->user != NULL ? job->request->user->name : "-",
                          job->request->address, job->action, job->case_number, job->detail,
                          error);
}

gboolean
yc_server_audit (YcServer   *self,
                 YcRequest  *request,
                 const char *action,
                 const char *case_number,
                 const char *detail_json,
                 GError    **error)
{
  AuditJob job = { request, action, case_number, detail_json };

  end_request_reads (self);
  return yc_writer_run (self->writer, audit_job, &job, error);
}

gboolean
yc_server_verify_allowed (YcServer   *self,
                          const char *address)
{
  gint64 minute = g_get_monotonic_time () / (60 * G_USEC_PER_SEC);
  guint count;

  g_mutex_lock (&self->verify_lock);
  if (minute != self->verify_minute)
    {
      g_hash_table_remove_all (self->verify_counts);
      self->verify_minute = minute;
    }
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->verify_counts, address)) + 1;
  g_hash_table_replace (self->verify_counts, g_strdup (address), GUINT_TO_POINTER (count));
  g_mutex_unlock (&self->verify_lock);
  return count <= self->config->verify_per_minute;
}

/* Authentication and dispatch (worker threads) ---------------------------------------------- */

static YcResponse *
unauthorised (const char *detail)
{
  YcResponse *response = yc_problem_response (401, "unauthorised", _("Please sign in"), detail);

  response->www_authenticate = TRUE;
  response->cacheable = FALSE;
  return response;
}

static YcResponse *
authenticate (YcServer  *self,
              YcRequest *request)
{
  g_autofree char *token = yc_auth_bearer_token (yc_request_header (request, "authorization"));
  g_autoptr (GError) error = NULL;
  YcStore *store;

  if (token == NULL)
    return unauthorised (_("Sign in first: this request needs a session token."));

  request->token_hash = yc_auth_token_hash (token);
  if ((store = yc_server_acquire_reader (self, &error)) == NULL)
    return yc_problem_from_store_error (error);
  request->user = yc_store_session_lookup (store, request->token_hash,
                                           g_get_real_time () / G_USEC_PER_SEC, NULL, &error);
  yc_server_release_reader (self, store);

  if (request->user == NULL)
    {
      if (!g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        return yc_problem_from_store_error (error);
      return unauthorised (_("Your session has ended. Sign in again."));
    }
  request->actor = yc_actor_new_from_user (request->user);
  if (request->actor == NULL)
    return yc_problem_response (403, "forbidden", _("Not allowed"),
                                _("Your account has no valid role. Ask the administrator."));
  return NULL;
}

static gboolean
idempotency_key_ok (const char *key)
{
  gsize len = strlen (key);

  if (len == 0 || len > IDEMPOTENCY_KEY_MAX)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (*p < 0x21 || *p > 0x7e)
      return FALSE;
  return TRUE;
}

static char *
request_hash (YcRequest *request)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *parts[] = {
    request->method, request->path, yc_request_header (request, "content-type"),
    yc_request_header (request, "x-material-code"),
    yc_request_header (request, "x-content-sha256"),
  };
  gsize len;
  const guchar *data = g_bytes_get_data (request->body, &len);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_checksum_update (sum, (const guchar *) (parts[i] != NULL ? parts[i] : ""), -1);
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  if (len > 0)
    g_checksum_update (sum, data, len);
  return g_strdup (g_checksum_get_string (sum));
}

/* The answer stored under the request's Idempotency-Key, or NULL (also when it cannot be
 * read: the caller's own answer then stands). */
static YcResponse *
idempotent_replay (YcServer  *self,
                   YcRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YcStoredResponse) stored = NULL;
  YcStore *store;

  if ((store = yc_server_acquire_reader (self, &error)) == NULL)
    return NULL;
  stored = yc_store_idempotency_lookup (store, request->user->name, request->idempotency_key,
                                        &error);
  yc_server_release_reader (self, store);
  if (stored == NULL)
    {
      if (!g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        g_debug ("Cannot look up an idempotent answer: %s", error->message);
      return NULL;
    }
  if (!g_str_equal (stored->request_hash, request->request_hash))
    return yc_server_idempotency_mismatch ();
  return yc_response_from_stored (stored);
}

static YcResponse *
handle (YcServer  *self,
        YcRequest *request)
{
  const YcRoute *route = NULL;
  g_autofree char *allow = NULL;
  YcResponse *response;

  switch (yc_router_match (request->method, request->path, request->params, &route, &allow))
    {
    case YC_ROUTE_NO_PATH:
      return yc_problem_response (404, "no-such-resource", _("Not found"),
                                  _("There is no such address in this API."));
    case YC_ROUTE_WRONG_METHOD:
      response = yc_problem_response (405, "method-not-allowed", _("Method not allowed"),
                                      _("This address does not take that method."));
      response->allow = g_steal_pointer (&allow);
      return response;
    case YC_ROUTE_FOUND:
    default:
      break;
    }

  if (!(route->flags & YC_ROUTE_PUBLIC) && (response = authenticate (self, request)) != NULL)
    return response;

  if (g_str_equal (request->method, "POST"))
    {
      const char *key = yc_request_header (request, "idempotency-key");

      if (key != NULL)
        {
          if (!idempotency_key_ok (key))
            return yc_problem_invalid_param ("Idempotency-Key",
                                             _("must be 1 to 128 visible ASCII characters"));
          request->idempotency_key = g_strdup (key);
          if (route->flags & YC_ROUTE_OWN_IDEMPOTENCY)
            return route->handler (self, request);
          request->request_hash = request_hash (request);
        }
    }

  response = route->handler (self, request);
  /* A refusal may be a retry that its own first attempt now stands in the way of (a case
   * action's version moved on): the first answer is the answer. Only refusals look, so the
   * path of a request that goes ahead reads nothing more; the writer checks every commit. */
  if (response != NULL && response->status >= 400 && request->request_hash != NULL)
    {
      YcResponse *replay = idempotent_replay (self, request);

      if (replay != NULL)
        {
          yc_response_free (response);
          response = replay;
        }
    }
  return response;
}

/* Maintenance: expired sessions and old idempotency records go. */
static gboolean
maintenance_job (YcStore *store,
                 gpointer user_data,
                 GError **error)
{
  YcServer *self = user_data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return yc_store_sessions_purge (store, now, error) &&
         yc_store_idempotency_purge (store, now - (gint64) self->config->idempotency_days * 86400,
                                     error);
}

/* Main loop side ---------------------------------------------------------------------------- */

static void
log_request (YcServer *self,
             Dispatch *d)
{
  YcRequest *request = d->request;
  gint64 us = g_get_monotonic_time () - request->started_us;
  char status[8], duration[32];

  if (!self->config->log_requests)
    return;
  g_snprintf (status, sizeof status, "%u", d->response->status);
  g_snprintf (duration, sizeof duration, "%" G_GINT64_FORMAT, us / 1000);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO,
                    "REQUEST_ID", request->request_id,
                    "HTTP_METHOD", request->method,
                    "HTTP_PATH", request->path,
                    "HTTP_STATUS", status,
                    "DURATION_MS", duration,
                    "USER", request->user != NULL ? request->user->name : "-",
                    "REMOTE_ADDR", request->address,
                    "MESSAGE", "%s %s → %s (%s ms)", request->method, request->path, status,
                    duration);
}

static void
dispatch_free (Dispatch *d)
{
  if (d->msg != NULL && d->disconnected_id != 0)
    g_signal_handler_disconnect (d->msg, d->disconnected_id);
  g_clear_object (&d->msg);
  g_clear_pointer (&d->request, yc_request_free);
  g_clear_pointer (&d->response, yc_response_free);
  g_clear_object (&d->server);
  g_free (d);
}

/* Problem titles and details are written in the language the client asked for. */
static void
set_language_headers (SoupMessageHeaders *headers,
                      const char         *tag)
{
  soup_message_headers_replace (headers, "Content-Language", tag);
  soup_message_headers_replace (headers, "Vary", "Accept-Language");
}

static void
deliver (Dispatch *d)
{
  YcResponse *r = d->response;
  SoupMessageHeaders *headers;

  if (d->maintenance || d->disconnected)
    goto out;

  headers = soup_server_message_get_response_headers (d->msg);
  soup_server_message_set_status (d->msg, r->status, NULL);
  soup_message_headers_replace (headers, "X-Request-Id", d->request->request_id);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (r->content_type != NULL)
    soup_message_headers_replace (headers, "Content-Type", r->content_type);
  if (g_strcmp0 (r->content_type, "application/problem+json") == 0)
    set_language_headers (headers, yc_language_negotiate (g_hash_table_lookup (
                                     d->request->headers, "accept-language")));
  if (r->etag != NULL)
    soup_message_headers_replace (headers, "ETag", r->etag);
  if (r->location != NULL)
    soup_message_headers_replace (headers, "Location", r->location);
  if (r->allow != NULL)
    soup_message_headers_replace (headers, "Allow", r->allow);
  if (r->content_disposition != NULL)
    soup_message_headers_replace (headers, "Content-Disposition", r->content_disposition);
  if (r->replayed)
    soup_message_headers_replace (headers, "Idempotent-Replayed", "true");
  if (r->www_authenticate)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"yichuangd\"");
  if (r->retry_after > 0)
    {
      char seconds[16];

      g_snprintf (seconds, sizeof seconds, "%u", r->retry_after);
      soup_message_headers_replace (headers, "Retry-After", seconds);
    }
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  if (r->status != 304 && r->status != 204 && g_bytes_get_size (r->body) > 0)
    soup_message_body_append_bytes (soup_server_message_get_response_body (d->msg), r->body);
  soup_server_message_unpause (d->msg);
  log_request (d->server, d);

out:
  dispatch_free (d);
}

static gboolean
deliver_all (gpointer data)
{
  YcServer *self = data;
  g_autoptr (GPtrArray) ready = NULL;

  g_mutex_lock (&self->delivery_lock);
  ready = g_steal_pointer (&self->deliveries);
  self->deliveries = g_ptr_array_new ();
  g_mutex_unlock (&self->delivery_lock);
  for (guint i = 0; i < ready->len; i++)
    deliver (g_ptr_array_index (ready, i));
  return G_SOURCE_REMOVE;
}

/* Request threads yield to the writer (and to the main loop): every write waits for the
 * writer, and on a machine short of processor time a writer that has to queue behind dozens
 * of request threads holds up every one of them. Raising one's own nice value needs no
 * privilege; it is per thread on Linux. */
static void
lower_worker_priority (YcServer *self)
{
  static GPrivate lowered;

  if (self->config->worker_nice == 0 || g_private_get (&lowered) != NULL)
    return;
  g_private_set (&lowered, GINT_TO_POINTER (1));
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid),
                   (int) self->config->worker_nice) != 0)
    g_debug ("Cannot lower a request thread's priority: %s", g_strerror (errno));
}

static void
worker (gpointer data,
        gpointer user_data)
{
  Dispatch *d = data;
  YcServer *self = user_data;

  lower_worker_priority (self);

  if (d->maintenance)
    {
      g_autoptr (GError) error = NULL;

      if (!yc_writer_run (self->writer, maintenance_job, self, &error))
        g_warning ("Maintenance failed: %s", error->message);
    }
  else
    {
      RequestReads reads = { NULL, FALSE, 0, d, FALSE };
      g_autoptr (GError) error = NULL;
      const char *accept = g_hash_table_lookup (d->request->headers, "accept-language");
      locale_t previous = uselocale (yc_language_get_locale (yc_language_negotiate (accept)));
      YcResponse *response;

      g_private_set (&request_reads, &reads);
      response = handle (self, d->request);
      end_request_reads (self);
      g_private_set (&request_reads, NULL);
      if (reads.store != NULL)
        g_async_queue_push (self->readers, reads.store);
      /* Answered by the writer's side once durable, and perhaps already freed: hands off. */
      if (reads.submitted)
        {
          g_assert (response == NULL);
          uselocale (previous);
          return;
        }
      d->response = response;
      /* Nobody is shown a write that a crash could still take back. */
      if (!yc_writer_wait_durable (self->writer, reads.horizon, &error))
        {
          g_clear_pointer (&d->response, yc_response_free);
          d->response = yc_problem_from_store_error (error);
        }
      uselocale (previous);
    }

  /* Always through the main loop, which may not be running (at shutdown) and must be the only
   * thread that touches libsoup. */
  queue_delivery (self, d, FALSE);
}

static void
on_disconnected (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Dispatch *d = user_data;

  d->disconnected = TRUE;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  GHashTable *headers = user_data;
  char *lower = g_ascii_strdown (name, -1);

  /* The first of repeated headers counts; a second Idempotency-Key cannot sneak in. */
  if (g_hash_table_contains (headers, lower))
    g_free (lower);
  else
    g_hash_table_insert (headers, lower, g_strdup (value));
}

/* Only the main loop numbers requests. An id ties log lines to an answer and need not be
 * secret: a random start per process and a count, rather than a system call per request. */
static char *
new_request_id (void)
{
  static guint64 next;

  if (next == 0)
    yc_random_bytes ((guint8 *) &next, sizeof next);
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x", next++);
}

static void
server_callback (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  YcServer *self = user_data;
  Dispatch *d;
  YcRequest *request;
  GHashTableIter iter;
  gpointer key, value;

  if (soup_server_message_get_status (msg) != 0)
    return;                    /* answered early (body too large) */

  if (!g_str_has_prefix (path, YC_API_PREFIX "/"))
    {
      const char *accept = soup_message_headers_get_one (
        soup_server_message_get_request_headers (msg), "Accept-Language");
      locale_t previous = uselocale (yc_language_get_locale (yc_language_negotiate (accept)));
      g_autoptr (YcResponse) r = yc_problem_response (404, "no-such-resource", _("Not found"),
                                                      _("The API is under /api/v1/."));

      uselocale (previous);
      set_language_headers (soup_server_message_get_response_headers (msg),
                            yc_language_negotiate (accept));
      soup_server_message_set_status (msg, r->status, NULL);
      soup_server_message_set_response (msg, r->content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (r->body, NULL),
                                        g_bytes_get_size (r->body));
      return;
    }

  request = yc_request_new ();
  request->request_id = new_request_id ();
  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path + strlen (YC_API_PREFIX));
  request->address = g_strdup (soup_server_message_get_remote_host (msg));
  if (request->address == NULL)
    request->address = g_strdup ("-");
  request->started_us = g_get_monotonic_time ();
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                request->headers);
  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (request->query, g_strdup (key), g_strdup (value));
    }
  g_bytes_unref (request->body);
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  d = g_new0 (Dispatch, 1);
  d->server = g_object_ref (self);
  d->msg = g_object_ref (msg);
  d->request = request;
  d->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), d);
  soup_server_message_pause (msg);
  g_thread_pool_push (self->pool, d, NULL);
}

/* Bodies over the limit are answered before they are read into memory. */
typedef struct
{
  YcServer *server;
  goffset   limit;
  goffset   seen;
} BodyGuard;

static void
too_large (SoupServerMessage *msg,
           goffset            limit)
{
  const char *accept = soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "Accept-Language");
  locale_t previous = uselocale (yc_language_get_locale (yc_language_negotiate (accept)));
  YcProblem *problem = yc_problem_new (413, "body-too-large", _("The request is too large"));
  g_autoptr (YcResponse) r = NULL;
  g_autofree char *bytes = g_strdup_printf ("%" G_GOFFSET_FORMAT, limit);

  yc_problem_set_detail (problem, _("The body may be at most %s bytes."), bytes);
  r = yc_problem_to_response (problem);
  uselocale (previous);
  set_language_headers (soup_server_message_get_response_headers (msg),
                        yc_language_negotiate (accept));
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_server_message_set_status (msg, r->status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
  soup_server_message_set_response (msg, r->content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (r->body, NULL),
                                    g_bytes_get_size (r->body));
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  BodyGuard *guard = user_data;

  guard->seen += g_bytes_get_size (chunk);
  if (guard->seen > guard->limit && soup_server_message_get_status (msg) == 0)
    too_large (msg, guard->limit);
}

static void
free_guard (gpointer  data,
            GClosure *closure)
{
  g_free (data);
}

static void
early_callback (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  YcServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const YcRoute *route = NULL;
  BodyGuard *guard;
  goffset limit = self->config->json_body_max;

  if (g_str_has_prefix (path, YC_API_PREFIX "/") &&
      yc_router_match ("POST", path + strlen (YC_API_PREFIX), NULL, &route, NULL) ==
      YC_ROUTE_FOUND && (route->flags & YC_ROUTE_RAW_BODY))
    limit = self->config->attachment_max;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      if (soup_message_headers_get_content_length (headers) > limit)
        too_large (msg, limit);
      return;
    }
  guard = g_new0 (BodyGuard, 1);
  guard->server = self;
  guard->limit = limit;
  g_signal_connect_data (msg, "got-chunk", G_CALLBACK (on_got_chunk), guard, free_guard, 0);
}

static gboolean
maintenance_tick (gpointer user_data)
{
  YcServer *self = user_data;
  Dispatch *d = g_new0 (Dispatch, 1);

  d->server = g_object_ref (self);
  d->maintenance = TRUE;
  g_thread_pool_push (self->pool, d, NULL);
  return G_SOURCE_CONTINUE;
}

/* Life cycle -------------------------------------------------------------------------------- */

static YcServerConfig *
copy_config (const YcServerConfig *config)
{
  YcServerConfig *copy = g_memdup2 (config, sizeof *config);

  copy->listen_host = g_strdup (config->listen_host);
  copy->db_path = g_strdup (config->db_path);
  copy->data_dir = g_strdup (config->data_dir);
  copy->tls_certificate = g_strdup (config->tls_certificate);
  copy->tls_key = g_strdup (config->tls_key);
  copy->verify_public_url = g_strdup (config->verify_public_url);
  copy->language = g_strdup (config->language);
  return copy;
}

YcServer *
yc_server_new (const YcServerConfig *config,
               GError              **error)
{
  g_autoptr (YcServer) self = g_object_new (YC_TYPE_SERVER, NULL);
  g_autoptr (YcStore) store = NULL;
  g_autoptr (YcStore) checkpoint_store = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;

  self->config = copy_config (config);
  self->context = g_main_context_ref_thread_default ();

  if ((store = yc_store_sqlite_open (config->db_path, YC_STORE_SQLITE_DEFAULT, error)) == NULL)
    return NULL;
  if ((self->data = yc_county_data_load (store, error)) == NULL)
    return NULL;
  if ((self->prototype = yc_store_open_another (store, error)) == NULL)
    return NULL;
  yc_store_sqlite_set_auto_checkpoint (YC_STORE_SQLITE (store), 0);
  if (!yc_store_sqlite_set_cache_size (YC_STORE_SQLITE (store), config->cache_mib, error))
    return NULL;
  if ((checkpoint_store = yc_store_open_another (store, error)) == NULL)
    return NULL;
  self->writer = yc_writer_new (store, config->max_batch);
  self->checkpointer = yc_checkpointer_new (checkpoint_store, self->writer,
                                            YC_CHECKPOINTER_RESTART_PAGES,
                                            YC_CHECKPOINTER_INTERVAL_US);

  if (config->tls_certificate != NULL)
    {
      certificate = g_tls_certificate_new_from_files (config->tls_certificate,
                                                      config->tls_key != NULL
                                                        ? config->tls_key
                                                        : config->tls_certificate,
                                                      error);
      if (certificate == NULL)
        return NULL;
    }
  self->soup = soup_server_new ("server-header", "yichuangd/" PACKAGE_VERSION " ",
                                "tls-certificate", certificate, NULL);
  soup_server_add_early_handler (self->soup, NULL, early_callback, self, NULL);
  soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);

  /* Exclusive: the workers are started once and kept, rather than made and destroyed with
   * each burst of requests. */
  self->pool = g_thread_pool_new (worker, self, config->workers, TRUE, error);
  if (self->pool == NULL)
    return NULL;
  self->maintenance_id = g_timeout_add_seconds (MAINTENANCE_INTERVAL_S, maintenance_tick, self);
  return g_steal_pointer (&self);
}

gboolean
yc_server_listen (YcServer *self,
                  GError  **error)
{
  g_autoptr (GInetAddress) address = g_inet_address_new_from_string (self->config->listen_host);
  g_autoptr (GSocketAddress) socket_address = NULL;
  SoupServerListenOptions options = 0;

  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", self->config->listen_host);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, self->config->listen_port);
  if (self->config->tls_certificate != NULL)
    options |= SOUP_SERVER_LISTEN_HTTPS;
  return soup_server_listen (self->soup, socket_address, options, error);
}

char *
yc_server_get_uri (YcServer *self)
{
  GSList *uris = soup_server_get_uris (self->soup);
  char *text = NULL;

  if (uris != NULL)
    {
      GUri *uri = uris->data;

      text = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri),
                              g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return text;
}

gboolean
yc_server_reload (YcServer *self,
                  GError  **error)
{
  g_autoptr (GError) local = NULL;
  YcCountyData *data, *old;
  YcStore *store;

  if ((store = yc_server_acquire_reader (self, error)) == NULL)
    return FALSE;
  data = yc_county_data_load (store, &local);
  yc_server_release_reader (self, store);
  if (data == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_mutex_lock (&self->data_lock);
  old = self->data;
  self->data = data;
  g_mutex_unlock (&self->data_lock);
  yc_county_data_unref (old);
  return TRUE;
}

void
yc_server_stop (YcServer *self)
{
  YcStore *store;

  if (self->stopped)
    return;
  self->stopped = TRUE;

  if (self->maintenance_id != 0)
    g_source_remove (self->maintenance_id);
  self->maintenance_id = 0;
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  /* Let every request that got in finish (and commit), then hand back their answers. */
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
  g_mutex_lock (&self->delivery_lock);
  while (self->submitted > 0)
    g_cond_wait (&self->delivery_cond, &self->delivery_lock);
  g_mutex_unlock (&self->delivery_lock);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  if (self->checkpointer != NULL)
    {
      YcCheckpointerStats stats;

      yc_checkpointer_get_stats (self->checkpointer, &stats);
      g_message ("Checkpointed %" G_GUINT64_FORMAT " times; the log started again %"
                 G_GUINT64_FORMAT " times, holding the writer %" G_GUINT64_FORMAT " ms in all",
                 stats.checkpoints, stats.restarts, stats.held_us / 1000);
    }
  g_clear_pointer (&self->checkpointer, yc_checkpointer_free);
  g_clear_object (&self->soup);
  if (self->writer != NULL)
    {
      YcWriterStats stats;

      yc_writer_get_stats (self->writer, &stats);
      g_message ("Wrote %" G_GUINT64_FORMAT " requests in %" G_GUINT64_FORMAT " commits "
                 "(%" G_GUINT64_FORMAT " ms running, %" G_GUINT64_FORMAT " ms committing) "
                 "and %" G_GUINT64_FORMAT " flushes (%" G_GUINT64_FORMAT " ms)",
                 stats.jobs, stats.commits, stats.job_us / 1000, stats.commit_us / 1000,
                 stats.flushes, stats.flush_us / 1000);
    }
  g_clear_pointer (&self->writer, yc_writer_free);
  while ((store = g_async_queue_try_pop (self->readers)) != NULL)
    g_object_unref (store);
  g_clear_pointer (&self->readers, g_async_queue_unref);
  g_clear_object (&self->prototype);
}
