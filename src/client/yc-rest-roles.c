/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-rest-client"

#include "config.h"

#include "yc-rest-roles.h"
#include "yc-rest-client-private.h"

/* "?a=1&b=x" from name/value pairs (NULL or empty values left out), ending with NULL. */
static char *
path_with_query (const char *path,
                 const char *first_name,
                 ...) G_GNUC_NULL_TERMINATED;

static char *
path_with_query (const char *path,
                 const char *first_name,
                 ...)
{
  GString *out = g_string_new (path);
  gboolean first = TRUE;
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *escaped = NULL;

      if (value == NULL || *value == '\0')
        continue;
      escaped = g_uri_escape_string (value, NULL, FALSE);
      g_string_append_printf (out, "%c%s=%s", first ? '?' : '&', name, escaped);
      first = FALSE;
    }
  va_end (args);
  return g_string_free (out, FALSE);
}

static char *
uint_or_null (guint value)
{
  return value > 0 ? g_strdup_printf ("%u", value) : NULL;
}

void
yc_rest_client_get_signoff_queue_async (YcRestClient        *self,
                                        const char          *item,
                                        guint                page,
                                        guint                page_size,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *page_text = uint_or_null (page);
  g_autofree char *size_text = uint_or_null (page_size);
  g_autofree char *path = path_with_query ("/signoff-queue", "item", item, "page", page_text,
                                           "page_size", size_text, NULL);

  yc_rest_client_get_json_async (self, path, yc_rest_client_get_signoff_queue_async,
                                 cancellable, callback, user_data);
}

JsonNode *
yc_rest_client_get_signoff_queue_finish (YcRestClient  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return yc_rest_client_get_json_finish (self, result, yc_rest_client_get_signoff_queue_async,
                                         error);
}

char *
yc_rest_path_signoff_batch (void)
{
  return g_strdup ("/signoff/batch");
}

JsonNode *
yc_rest_signoff_batch_body (const YcSignoffDecision *decisions,
                            guint                    n_decisions)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "decisions");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_decisions; i++)
    {
      const YcSignoffDecision *d = &decisions[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "number");
      json_builder_add_string_value (b, d->number);
      json_builder_set_member_name (b, "version");
      json_builder_add_int_value (b, d->version);
      json_builder_set_member_name (b, "decision");
      json_builder_add_string_value (b, d->approve ? "approve" : "deny");
      if (d->reason != NULL && *d->reason != '\0')
        {
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, d->reason);
        }
      if (d->branch_department != NULL)
        {
          json_builder_set_member_name (b, "branch_department");
          json_builder_add_string_value (b, d->branch_department);
        }
      json_builder_set_member_name (b, "confirmed");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
batch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *node = yc_rest_client_post_finish (YC_REST_CLIENT (source), result, NULL, &error);

  if (node == NULL && error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

void
yc_rest_client_signoff_batch_async (YcRestClient            *self,
                                    const YcSignoffDecision *decisions,
                                    guint                    n_decisions,
                                    const char              *idempotency_key,
                                    GCancellable            *cancellable,
                                    GAsyncReadyCallback      callback,
                                    gpointer                 user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *path = yc_rest_path_signoff_batch ();
  g_autoptr(GBytes) bytes = NULL;
  GTask *task;
  char *text;
  gsize length;

  g_return_if_fail (YC_IS_REST_CLIENT (self));
  g_return_if_fail (decisions != NULL || n_decisions == 0);
  g_return_if_fail (idempotency_key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_rest_client_signoff_batch_async);
  body = yc_rest_signoff_batch_body (decisions, n_decisions);
  json_generator_set_root (gen, body);
  text = json_generator_to_data (gen, &length);
  bytes = g_bytes_new_take (text, length);
  yc_rest_client_post_async (self, path, NULL, bytes, NULL, idempotency_key, cancellable,
                             batch_done, task);
}

JsonNode *
yc_rest_client_signoff_batch_finish (YcRestClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, yc_rest_client_signoff_batch_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
yc_rest_client_get_forwarded_async (YcRestClient        *self,
                                    const char          *since,
                                    gboolean             all,
                                    guint                page,
                                    guint                page_size,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *page_text = uint_or_null (page);
  g_autofree char *size_text = uint_or_null (page_size);
  g_autofree char *path = path_with_query ("/township/forwarded", "since", since,
                                           "state", all ? "all" : NULL, "page", page_text,
                                           "page_size", size_text, NULL);

  yc_rest_client_get_json_async (self, path, yc_rest_client_get_forwarded_async, cancellable,
                                 callback, user_data);
}

JsonNode *
yc_rest_client_get_forwarded_finish (YcRestClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return yc_rest_client_get_json_finish (self, result, yc_rest_client_get_forwarded_async,
                                         error);
}

void
yc_rest_client_get_statistics_async (YcRestClient        *self,
                                     const char          *group,
                                     const char          *from,
                                     const char          *to,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = path_with_query ("/statistics", "group", group, "from", from, "to", to,
                                           NULL);

  yc_rest_client_get_json_async (self, path, yc_rest_client_get_statistics_async, cancellable,
                                 callback, user_data);
}

JsonNode *
yc_rest_client_get_statistics_finish (YcRestClient  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return yc_rest_client_get_json_finish (self, result, yc_rest_client_get_statistics_async,
                                         error);
}

void
yc_rest_client_get_statistics_csv_async (YcRestClient        *self,
                                         const char          *group,
                                         const char          *from,
                                         const char          *to,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = path_with_query ("/statistics", "group", group, "from", from, "to", to,
                                           NULL);

  yc_rest_client_get_bytes_async (self, path, "text/csv, application/problem+json",
                                  yc_rest_client_get_statistics_csv_async, cancellable, callback,
                                  user_data);
}

GBytes *
yc_rest_client_get_statistics_csv_finish (YcRestClient  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return yc_rest_client_get_bytes_finish (self, result, yc_rest_client_get_statistics_csv_async,
                                          error);
}

void
yc_rest_client_get_overdue_async (YcRestClient        *self,
                                  guint                page,
                                  guint                page_size,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *page_text = uint_or_null (page);
  g_autofree char *size_text = uint_or_null (page_size);
  g_autofree char *path = path_with_query ("/statistics/overdue", "page", page_text,
                                           "page_size", size_text, NULL);

  yc_rest_client_get_json_async (self, path, yc_rest_client_get_overdue_async, cancellable,
                                 callback, user_data);
}

JsonNode *
yc_rest_client_get_overdue_finish (YcRestClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return yc_rest_client_get_json_finish (self, result, yc_rest_client_get_overdue_async, error);
}

void
yc_rest_client_list_attachments_async (YcRestClient        *self,
                                       const char          *number,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (number != NULL);
  path = yc_rest_path_attachments (number);
  yc_rest_client_get_json_async (self, path, yc_rest_client_list_attachments_async, cancellable,
                                 callback, user_data);
}

JsonNode *
yc_rest_client_list_attachments_finish (YcRestClient  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return yc_rest_client_get_json_finish (self, result, yc_rest_client_list_attachments_async,
                                         error);
}

void
yc_rest_client_get_attachment_async (YcRestClient        *self,
                                     gint64               id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("/attachments/%" G_GINT64_FORMAT, id);

  yc_rest_client_get_bytes_async (self, path, "application/pdf, image/png, image/jpeg, "
                                  "application/problem+json",
                                  yc_rest_client_get_attachment_async, cancellable, callback,
                                  user_data);
}

GBytes *
yc_rest_client_get_attachment_finish (YcRestClient  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return yc_rest_client_get_bytes_finish (self, result, yc_rest_client_get_attachment_async,
                                          error);
}
