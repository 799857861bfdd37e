/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-rest-documents"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "yc-rest-documents.h"

#define LATEST_SUFFIX ".latest"

char *
yc_rest_path_document_reprint (const char *verification_id)
{
  g_autofree char *escaped = g_uri_escape_string (verification_id, NULL, FALSE);

  return g_strconcat ("/documents/", escaped, "/reprint", NULL);
}

static void
reprint_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  JsonNode *answer = yc_rest_client_post_finish (YC_REST_CLIENT (source), result, NULL, &error);

  if (answer == NULL && error != NULL)
    g_task_return_error (task, error);
  else if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_clear_pointer (&answer, json_node_unref);
      g_task_return_new_error (task, YC_REST_ERROR, YC_REST_ERROR_SERVER, "%s",
                               _("The backend gave no account of the reprint."));
    }
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) json_node_unref);
}

void
yc_rest_client_reprint_document_async (YcRestClient        *self,
                                       const char          *verification_id,
                                       GBytes              *pdf,
                                       const char          *idempotency_key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *sha = NULL, *path = NULL, *text = NULL;
  g_autoptr(GBytes) body = NULL;
  GTask *task;
  gsize len;

  g_return_if_fail (YC_IS_REST_CLIENT (self));
  g_return_if_fail (verification_id != NULL && pdf != NULL && idempotency_key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_rest_client_reprint_document_async);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  path = yc_rest_path_document_reprint (verification_id);
  text = g_strdup_printf ("{\"sha256\": \"%s\"}", sha);
  len = strlen (text);
  body = g_bytes_new_take (g_steal_pointer (&text), len);
  yc_rest_client_post_async (self, path, NULL, body, NULL, idempotency_key, cancellable,
                             reprint_done, task);
}

JsonNode *
yc_rest_client_reprint_document_finish (YcRestClient  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, yc_rest_client_reprint_document_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the documents this desk issued ------------------------------------------------------- */

/* A case number or kind becomes one path segment: nothing that climbs or splits. */
static gboolean
safe_segment (const char *text)
{
  if (text == NULL || *text == '\0' || text[0] == '.')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
case_dir (const char *dir,
          const char *case_number)
{
  if (dir != NULL)
    return g_build_filename (dir, case_number, NULL);
  return g_build_filename (g_get_user_data_dir (), "yichuang", "issued", case_number, NULL);
}

static gboolean
check_names (const char  *case_number,
             const char  *kind,
             const char  *verification_id,
             GError     **error)
{
  if (!safe_segment (case_number) || !safe_segment (kind)
      || (verification_id != NULL && !safe_segment (verification_id)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a case number this desk keeps documents under."),
                   case_number != NULL ? case_number : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
yc_issued_documents_save (const char  *dir,
                          const char  *case_number,
                          const char  *kind,
                          const char  *verification_id,
                          GBytes      *pdf,
                          JsonNode    *facts,
                          GError     **error)
{
  g_autofree char *where = NULL, *name = NULL, *path = NULL, *latest = NULL;
  g_autofree char *latest_name = NULL, *facts_path = NULL, *facts_text = NULL;
  gsize size;
  gconstpointer data;

  g_return_val_if_fail (pdf != NULL, FALSE);

  if (!check_names (case_number, kind, verification_id, error) || verification_id == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("The document has no verification code."));
      return FALSE;
    }
  where = case_dir (dir, case_number);
  if (g_mkdir_with_parents (where, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The issued document could not be kept in %s: %s"), where,
                   g_strerror (saved));
      return FALSE;
    }
  name = g_strdup_printf ("%s-%s.pdf", kind, verification_id);
  path = g_build_filename (where, name, NULL);
  data = g_bytes_get_data (pdf, &size);
  latest_name = g_strconcat (kind, LATEST_SUFFIX, NULL);
  latest = g_build_filename (where, latest_name, NULL);
  facts_path = g_strdup_printf ("%s/%s-%s.json", where, kind, verification_id);
  if (facts != NULL)
    facts_text = json_to_string (facts, FALSE);
  /* The files first, then the pointer to them: a crash between leaves the older one current. */
  return g_file_set_contents_full (path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error)
         && (facts_text == NULL
             || g_file_set_contents_full (facts_path, facts_text, -1,
                                          G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
         && g_file_set_contents_full (latest, verification_id, -1,
                                      G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

GBytes *
yc_issued_documents_load (const char  *dir,
                          const char  *case_number,
                          const char  *kind,
                          char       **verification_id,
                          JsonNode   **facts,
                          GError     **error)
{
  g_autofree char *where = NULL, *latest = NULL, *latest_name = NULL, *id = NULL;
  g_autofree char *name = NULL, *path = NULL, *facts_path = NULL, *facts_text = NULL;
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize size = 0;

  if (!check_names (case_number, kind, NULL, error))
    return NULL;
  where = case_dir (dir, case_number);
  latest_name = g_strconcat (kind, LATEST_SUFFIX, NULL);
  latest = g_build_filename (where, latest_name, NULL);
  if (!g_file_get_contents (latest, &id, NULL, &local_error) || !safe_segment (g_strstrip (id)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("This desk holds no issued copy of that document; open it to issue it."));
      return NULL;
    }
  name = g_strdup_printf ("%s-%s.pdf", kind, id);
  path = g_build_filename (where, name, NULL);
  if (!g_file_get_contents (path, &contents, &size, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("This desk holds no issued copy of that document; open it to issue it."));
      return NULL;
    }
  if (facts != NULL)
    {
      facts_path = g_strdup_printf ("%s/%s-%s.json", where, kind, id);
      *facts = g_file_get_contents (facts_path, &facts_text, NULL, NULL)
                 ? json_from_string (facts_text, NULL) : NULL;
    }
  if (verification_id != NULL)
    *verification_id = g_steal_pointer (&id);
  return g_bytes_new_take (contents, size);
}

gboolean
yc_issued_documents_has (const char *dir,
                         const char *case_number,
                         const char *kind)
{
  g_autofree char *where = NULL, *latest = NULL, *latest_name = NULL;

  if (!check_names (case_number, kind, NULL, NULL))
    return FALSE;
  where = case_dir (dir, case_number);
  latest_name = g_strconcat (kind, LATEST_SUFFIX, NULL);
  latest = g_build_filename (where, latest_name, NULL);
  return g_file_test (latest, G_FILE_TEST_IS_REGULAR);
}
