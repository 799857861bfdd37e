/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scans of the applicant's materials. The body is the file itself; its type is read from its
 * first bytes (the header only has to agree), its SHA-256 must match what the client computed,
 * and it is kept in the store by that hash: nothing from the request names a file. */
#define G_LOG_DOMAIN "yc-routes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-routes.h"
#include "yc-audit.h"
#include "yc-auth.h"
#include "yc-case-view.h"
#include "yc-crypto.h"
#include "yc-server-private.h"
#include "yc-sniff.h"

static JsonNode *
attachment_to_json (const YcAttachmentRecord *a)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (a->uploaded_at);
  g_autofree char *at_text = g_date_time_format_iso8601 (at);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, a->id);
  json_builder_set_member_name (b, "case_number");
  json_builder_add_string_value (b, a->case_number);
  json_builder_set_member_name (b, "material_code");
  json_builder_add_string_value (b, a->material_code);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, a->sha256);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, a->size);
  json_builder_set_member_name (b, "content_type");
  json_builder_add_string_value (b, a->content_type);
  json_builder_set_member_name (b, "uploaded_by");
  json_builder_add_string_value (b, a->uploaded_by);
  json_builder_set_member_name (b, "uploaded_at");
  json_builder_add_string_value (b, at_text);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
media_type (const char *header)
{
  const char *semi;

  if (header == NULL)
    return NULL;
  semi = strchr (header, ';');
  return g_strstrip (g_ascii_strdown (header, semi != NULL ? semi - header : -1));
}

typedef struct
{
  YcRequest          *request;
  YcAttachmentRecord *record;
} UploadJob;

static gboolean
upload_job (YcStore     *store,
            gpointer     user_data,
            YcResponse **response,
            GError     **error)
{
  UploadJob *job = user_data;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *id = NULL;

  if (!yc_store_blob_put (store, job->record->sha256, job->request->body, error) ||
      !yc_store_attachment_insert (store, job->record, error))
    return FALSE;
  id = g_strdup_printf ("%" G_GINT64_FORMAT, job->record->id);
  detail = yc_json_detail ("attachment", id, "material_code", job->record->material_code,
                           "sha256", job->record->sha256, NULL);
  if (!yc_audit_append (store, job->request->user->name, job->request->address,
                        "attachment.add", job->record->case_number, detail, error))
    return FALSE;
  node = attachment_to_json (job->record);
  *response = yc_response_new_json (201, node);
  (*response)->location = g_strdup_printf ("/api/v1/attachments/%" G_GINT64_FORMAT,
                                           job->record->id);
  return TRUE;
}

YcResponse *
yc_route_attachment_upload (YcServer  *server,
                            YcRequest *request)
{
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  YcResponse *problem = NULL;
  g_autoptr (YcCaseRecord) record = NULL;
  g_autoptr (YcAttachmentRecord) attachment = NULL;
  g_autofree char *declared = media_type (yc_request_header (request, "content-type"));
  g_autofree char *declared_sha = NULL;
  g_autofree char *actual_sha = NULL;
  const char *material_code = yc_request_header (request, "x-material-code");
  const char *sha_header = yc_request_header (request, "x-content-sha256");
  gsize size;
  const guint8 *bytes = g_bytes_get_data (request->body, &size);
  const char *sniffed;
  YcItem *item;
  UploadJob job;

  if ((record = yc_routes_load_case (server, request, &problem)) == NULL)
    return problem;
  if (request->actor->role != YC_ROLE_CLERK && request->actor->role != YC_ROLE_TOWNSHIP)
    return yc_problem_response (403, "forbidden", _("Not allowed"),
                                _("Only window staff attach scans to a case."));

  if (declared == NULL || (!g_str_equal (declared, "application/pdf") &&
                           !g_str_equal (declared, "image/png") &&
                           !g_str_equal (declared, "image/jpeg")))
    return yc_problem_response (415, "unsupported-media-type",
                                _("Only PDF, PNG and JPEG scans are accepted"),
                                _("Send the scan as application/pdf, image/png or image/jpeg."));
  if (size == 0)
    return yc_problem_invalid_param ("body", _("the file is empty"));
  sniffed = yc_sniff_content_type (bytes, size);
  if (sniffed == NULL)
    return yc_problem_response (415, "unsupported-media-type",
                                _("Only PDF, PNG and JPEG scans are accepted"),
                                _("The file is not a PDF, PNG or JPEG file."));
  if (!g_str_equal (sniffed, declared))
    {
      YcProblem *p = yc_problem_new (422, "content-type-mismatch",
                                     _("The file is not of the type declared"));

      yc_problem_set_detail (p, _("The file is %s but was sent as %s."), sniffed, declared);
      yc_problem_add_param (p, "Content-Type", _("does not match the file’s contents"));
      return yc_problem_to_response (p);
    }

  if (material_code == NULL || material_code[0] == '\0')
    return yc_problem_invalid_param ("X-Material-Code", _("required"));
  item = yc_catalogue_get_item_version (data->catalogue, record->item_code,
                                        record->item_version);
  if (item == NULL || yc_item_find_material (item, material_code) == NULL)
    return yc_problem_invalid_param ("X-Material-Code",
                                     _("the case’s item has no material with this code"));

  if (sha_header == NULL)
    return yc_problem_invalid_param ("X-Content-SHA256", _("required"));
  declared_sha = g_ascii_strdown (sha_header, -1);
  if (!yc_is_sha256_hex (declared_sha))
    return yc_problem_invalid_param ("X-Content-SHA256", _("must be 64 hexadecimal digits"));
  actual_sha = yc_sha256_hex (bytes, size);
  if (!g_str_equal (actual_sha, declared_sha))
    {
      YcProblem *p = yc_problem_new (422, "sha256-mismatch",
                                     _("The file arrived damaged"));

      yc_problem_set_detail (p, "%s", _("The file’s SHA-256 does not match X-Content-SHA256: "
                                        "it changed on the way. Send it again."));
      yc_problem_add_param (p, "X-Content-SHA256", _("does not match the body"));
      return yc_problem_to_response (p);
    }

  attachment = g_new0 (YcAttachmentRecord, 1);
  attachment->case_number = g_strdup (record->number);
  attachment->material_code = g_strdup (material_code);
  attachment->sha256 = g_steal_pointer (&actual_sha);
  attachment->size = size;
  attachment->content_type = g_strdup (sniffed);
  attachment->uploaded_by = g_strdup (request->user->name);
  attachment->uploaded_at = g_get_real_time () / G_USEC_PER_SEC;

  job = (UploadJob) { request, attachment };
  return yc_server_commit (server, request, upload_job, &job);
}

YcResponse *
yc_route_attachment_list (YcServer  *server,
                          YcRequest *request)
{
  YcResponse *problem = NULL;
  g_autoptr (YcCaseRecord) record = yc_routes_load_case (server, request, &problem);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  YcStore *store;

  if (record == NULL)
    return problem;
  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    return yc_problem_from_store_error (error);
  list = yc_store_attachment_list (store, record->number, &error);
  yc_server_release_reader (server, store);
  if (list == NULL)
    return yc_problem_from_store_error (error);
  for (guint i = 0; i < list->len; i++)
    json_array_add_element (array, attachment_to_json (g_ptr_array_index (list, i)));
  json_node_set_array (root, array);
  return yc_response_new_json (200, root);
}

YcResponse *
yc_route_attachment_get (YcServer  *server,
                         YcRequest *request)
{
  const char *id_text = yc_request_param (request, "id");
  g_autoptr (YcAttachmentRecord) attachment = NULL;
  g_autoptr (YcCaseRecord) record = NULL;
  g_autoptr (GBytes) data = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *detail = NULL;
  char *end = NULL;
  gint64 id;
  YcStore *store;
  YcResponse *response;

  if (id_text == NULL || !g_ascii_isdigit (id_text[0]) || strlen (id_text) > 18 ||
      (id = g_ascii_strtoll (id_text, &end, 10), *end != '\0') || id <= 0)
    return yc_problem_response (400, "invalid-attachment-id", _("Not an attachment number"),
                                _("An attachment is named by a whole number."));

  if ((store = yc_server_acquire_reader (server, &error)) == NULL)
    return yc_problem_from_store_error (error);
  if ((attachment = yc_store_attachment_get (store, id, &error)) != NULL &&
      (record = yc_store_case_get (store, attachment->case_number, &error)) != NULL)
    data = yc_store_blob_get (store, attachment->sha256, &error);
  yc_server_release_reader (server, store);
  if (data == NULL)
    {
      if (g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        return yc_problem_response (404, "no-such-attachment", _("No such attachment"),
                                    _("There is no attachment with this number."));
      return yc_problem_from_store_error (error);
    }
  if (!yc_auth_may_read_case (request->actor, record))
    return yc_problem_response (403, "forbidden", _("Not allowed"),
                                _("This case belongs to another township."));

  detail = yc_json_detail ("attachment", id_text, NULL);
  if (!yc_server_audit (server, request, "attachment.read", record->number, detail, &error))
    return yc_problem_from_store_error (error);

  response = yc_response_new (200, attachment->content_type, data);
  response->etag = g_strdup_printf ("\"%s\"", attachment->sha256);
  response->content_disposition = g_strdup_printf ("attachment; filename=\"%" G_GINT64_FORMAT
                                                   ".%s\"", id,
                                                   yc_sniff_extension (attachment->content_type));
  return response;
}
