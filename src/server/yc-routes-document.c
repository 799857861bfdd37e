/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issued documents and the public check of their QR codes. The QR code must be on the paper
 * before the PDF's SHA-256 exists, so issuing takes two steps: POST …/documents reserves an
 * unguessable verification id (and grants the seal), the desk renders the PDF with its URL,
 * then POST /documents/{id}/sha256 registers the hash, once. Only registered documents verify
 * as genuine; POST /documents/{id}/reprint logs printing those same bytes again. A seal is
 * authorised only where the rules allow it (a certificate only after
 * sign-off and with no 容缺 material outstanding), and every use of a seal is logged. */
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

static const char *const document_kinds[] = {
  "acceptance", "missing_materials", "refusal", "certificate", "receipt", NULL,
};

static gboolean
has_event (const YcCase *c,
           YcCaseAction  action)
{
  const char *name = yc_case_action_to_string (action);

  for (guint i = 0; i < c->events->len; i++)
    {
      const YcCaseEvent *event = g_ptr_array_index (c->events, i);

      if (g_strcmp0 (event->action, name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Where the QR code on the paper sends a phone: the configured public address, else this
 * server as the client reached it. */
static char *
verification_url (YcServer   *server,
                  YcRequest  *request,
                  const char *id)
{
  const YcServerConfig *config = yc_server_get_config (server);
  const char *host = yc_request_header (request, "host");

  if (config->verify_public_url != NULL)
    {
      g_autofree char *base = g_strdup (config->verify_public_url);

      while (g_str_has_suffix (base, "/"))
        base[strlen (base) - 1] = '\0';
      return g_strdup_printf ("%s" YC_API_PREFIX "/verify/%s", base, id);
    }
  if (host == NULL || strpbrk (host, "/\\\" <>") != NULL)
    host = "localhost";
  return g_strdup_printf ("%s://%s" YC_API_PREFIX "/verify/%s",
                          config->tls_certificate != NULL ? "https" : "http", host, id);
}

static JsonNode *
document_to_json (const YcDocumentRecord *d,
                  const char             *url)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (d->issued_at);
  g_autofree char *at_text = g_date_time_format_iso8601 (at);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "verification_id");
  json_builder_add_string_value (b, d->verification_id);
  json_builder_set_member_name (b, "verification_url");
  json_builder_add_string_value (b, url);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, d->kind);
  json_builder_set_member_name (b, "case_number");
  json_builder_add_string_value (b, d->case_number);
  json_builder_set_member_name (b, "sha256");
  if (d->sha256 != NULL && d->sha256[0] != '\0')
    json_builder_add_string_value (b, d->sha256);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "issued_by");
  json_builder_add_string_value (b, d->issued_by);
  json_builder_set_member_name (b, "issued_at");
  json_builder_add_string_value (b, at_text);
  json_builder_set_member_name (b, "seal");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "authorised");
  json_builder_add_boolean_value (b, d->seal_authorised);
  json_builder_set_member_name (b, "authorised_by");
  if (d->authorised_by != NULL)
    json_builder_add_string_value (b, d->authorised_by);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "department_code");
  json_builder_add_string_value (b, d->department_code);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

typedef struct
{
  YcServer         *server;
  YcRequest        *request;
  YcDocumentRecord *document;
} IssueJob;

static gboolean
issue_job (YcStore     *store,
           gpointer     user_data,
           YcResponse **response,
           GError     **error)
{
  IssueJob *job = user_data;
  YcDocumentRecord *d = job->document;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *url = verification_url (job->server, job->request, d->verification_id);

  if (!yc_store_document_insert (store, d, error))
    return FALSE;
  if (d->seal_authorised &&
      !yc_store_seal_use_insert (store, d, job->request->user->name, d->issued_at, error))
    return FALSE;
  detail = yc_json_detail ("kind", d->kind, "verification_id", d->verification_id, "sha256",
                           d->sha256[0] != '\0' ? d->sha256 : NULL, "seal",
                           d->seal_authorised ? d->department_code : NULL, NULL);
  if (!yc_audit_append (store, job->request->user->name, job->request->address,
                        d->seal_authorised ? "document.issue_sealed" : "document.issue",
                        d->case_number, detail, error))
    return FALSE;
  node = document_to_json (d, url);
  *response = yc_response_new_json (201, node);
  return TRUE;
}

static YcResponse *
not_applicable (const char *kind)
{
  YcProblem *problem = yc_problem_new (409, "document-not-applicable",
                                       _("This document does not fit the case"));

  yc_problem_set_detail (problem, _("The case has had no decision that a “%s” document "
                                    "records."), kind);
  return yc_problem_to_response (problem);
}

YcResponse *
yc_route_document_issue (YcServer  *server,
                         YcRequest *request)
{
  static const char *const known[] = { "kind", "sha256", NULL };
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  YcResponse *problem_response = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (YcProblem) problem = NULL;
  g_autoptr (YcCaseRecord) record = NULL;
  g_autoptr (YcCase) c = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (YcDocumentRecord) document = NULL;
  g_autofree char *sha = NULL;
  const char *kind = NULL, *sha_text = NULL;
  const char *authorised_by;
  YcFields fields;
  YcItem *item;
  IssueJob job;

  if ((root = yc_request_parse_json (request, &problem_response)) == NULL)
    return problem_response;
  problem = yc_problem_new (422, "invalid-params", _("Some fields of the request are not valid"));
  fields = (YcFields) { json_node_get_object (root), problem, "" };
  yc_fields_reject_unknown (&fields, known);
  if (yc_fields_string (&fields, "kind", TRUE, 32, &kind) && !g_strv_contains (document_kinds,
                                                                              kind))
    yc_fields_error (&fields, "kind",
                     _("must be acceptance, missing_materials, refusal, certificate or "
                       "receipt"));
  /* Without sha256 this is a reservation; the hash follows through POST /documents/{id}/sha256. */
  if (yc_fields_string (&fields, "sha256", FALSE, 64, &sha_text) && sha_text != NULL)
    {
      sha = g_ascii_strdown (sha_text, -1);
      if (!yc_is_sha256_hex (sha))
        yc_fields_error (&fields, "sha256", _("must be 64 hexadecimal digits"));
    }
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));

  if ((record = yc_routes_load_case (server, request, &problem_response)) == NULL)
    return problem_response;
  if (request->actor->role != YC_ROLE_CLERK && request->actor->role != YC_ROLE_TOWNSHIP)
    return yc_problem_response (403, "forbidden", _("Not allowed"),
                                _("Only window staff issue documents."));
  if ((c = yc_case_view_parse_body (record->body, &error)) == NULL)
    return yc_problem_from_store_error (error);
  item = yc_catalogue_get_item_version (data->catalogue, c->item_code, c->item_version);
  if (item == NULL)
    return yc_problem_response (503, "catalogue-incomplete", _("The catalogue is incomplete"),
                                _("The item version of this case is missing from the "
                                  "catalogue. Ask the administrator to import it."));

  /* Notices carry the acceptance seal the window holds for the department; a certificate the
   * licensing seal, which only the chief's sign-off authorises. */
  authorised_by = request->user->name;
  if (g_str_equal (kind, "certificate"))
    {
      if (!yc_case_seal_authorised (c, item, &error))
        return yc_problem_from_case_error (error);
      authorised_by = c->decided_by;
    }
  else if ((g_str_equal (kind, "acceptance") &&
            !has_event (c, YC_ACTION_ACCEPT) && !has_event (c, YC_ACTION_ACCEPT_PENDING)) ||
           (g_str_equal (kind, "missing_materials") &&
            !has_event (c, YC_ACTION_REQUEST_MATERIALS) &&
            !has_event (c, YC_ACTION_ACCEPT_PENDING)) ||
           (g_str_equal (kind, "refusal") && !has_event (c, YC_ACTION_REFUSE)))
    return not_applicable (kind);

  document = g_new0 (YcDocumentRecord, 1);
  document->verification_id = yc_random_base32_id ();
  document->case_number = g_strdup (c->number);
  document->kind = g_strdup (kind);
  document->sha256 = sha != NULL ? g_steal_pointer (&sha) : g_strdup ("");
  document->department_code = g_strdup (c->department_code);
  document->seal_authorised = TRUE;
  document->authorised_by = g_strdup (authorised_by);
  document->holder = g_strdup (c->applicant.name != NULL ? c->applicant.name : "");
  document->issued_by = g_strdup (request->user->name);
  document->issued_at = g_get_real_time () / G_USEC_PER_SEC;

  job = (IssueJob) { server, request, document };
  return yc_server_commit (server, request, issue_job, &job);
}

YcResponse *
yc_route_document_list (YcServer  *server,
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
  list = yc_store_document_list (store, record->number, &error);
  yc_server_release_reader (server, store);
  if (list == NULL)
    return yc_problem_from_store_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      YcDocumentRecord *d = g_ptr_array_index (list, i);
      g_autofree char *url = verification_url (server, request, d->verification_id);

      json_array_add_element (array, document_to_json (d, url));
    }
  json_node_set_array (root, array);
  return yc_response_new_json (200, root);
}

/* Registering the hash of a reserved document ------------------------------------------------ */

/* Registering and reprinting both name a document by its id and its bytes by their SHA-256. */
typedef struct
{
  YcServer   *server;
  YcRequest  *request;
  const char *id;
  const char *sha256;
} DocumentHashJob;

static YcResponse *
no_such_document (void)
{
  return yc_problem_response (404, "no-such-document", _("No such document"),
                              _("No document was reserved with this verification code."));
}

/* The document with its verification URL. */
static YcResponse *
document_response (const DocumentHashJob  *job,
                   const YcDocumentRecord *d)
{
  g_autofree char *url = verification_url (job->server, job->request, d->verification_id);
  g_autoptr (JsonNode) node = document_to_json (d, url);

  return yc_response_new_json (200, node);
}

/* Logs @action on the document's case and answers with the document. */
static gboolean
answer_audited (YcStore                *store,
                const DocumentHashJob  *job,
                const YcDocumentRecord *d,
                const char             *action,
                YcResponse            **response,
                GError                **error)
{
  g_autofree char *detail = yc_json_detail ("kind", d->kind, "verification_id",
                                            d->verification_id, "sha256", d->sha256, NULL);

  if (!yc_audit_append (store, job->request->user->name, job->request->address, action,
                        d->case_number, detail, error))
    return FALSE;
  *response = document_response (job, d);
  return TRUE;
}

/* Reads a window's {"sha256": …} about document {id} and commits @run with it. */
static YcResponse *
commit_document_hash (YcServer      *server,
                      YcRequest     *request,
                      const char    *forbidden_detail,
                      YcCommitFunc   run)
{
  static const char *const known[] = { "sha256", NULL };
  g_autofree char *id = g_ascii_strup (yc_request_param (request, "id"), -1);
  YcResponse *problem_response = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (YcProblem) problem = NULL;
  g_autofree char *sha = NULL;
  const char *sha_text = NULL;
  YcFields fields;
  DocumentHashJob job;

  if ((root = yc_request_parse_json (request, &problem_response)) == NULL)
    return problem_response;
  problem = yc_problem_new (422, "invalid-params", _("Some fields of the request are not valid"));
  fields = (YcFields) { json_node_get_object (root), problem, "" };
  yc_fields_reject_unknown (&fields, known);
  if (yc_fields_string (&fields, "sha256", TRUE, 64, &sha_text))
    {
      sha = g_ascii_strdown (sha_text, -1);
      if (!yc_is_sha256_hex (sha))
        yc_fields_error (&fields, "sha256", _("must be 64 hexadecimal digits"));
    }
  if (yc_problem_n_params (problem) > 0)
    return yc_problem_to_response (g_steal_pointer (&problem));
  if (request->actor->role != YC_ROLE_CLERK && request->actor->role != YC_ROLE_TOWNSHIP)
    return yc_problem_response (403, "forbidden", _("Not allowed"), forbidden_detail);
  if (!yc_is_base32_id (id))
    return no_such_document ();

  job = (DocumentHashJob) { server, request, id, sha };
  return yc_server_commit (server, request, run, &job);
}

static gboolean
register_job (YcStore     *store,
              gpointer     user_data,
              YcResponse **response,
              GError     **error)
{
  DocumentHashJob *job = user_data;
  g_autoptr (YcDocumentRecord) d = NULL;
  g_autoptr (GError) local_error = NULL;

  if ((d = yc_store_document_get (store, job->id, &local_error)) == NULL)
    {
      if (!g_error_matches (local_error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *response = no_such_document ();
      return TRUE;
    }
  /* Who rendered the paper registers it: nobody else has seen those bytes. */
  if (g_strcmp0 (d->issued_by, job->request->user->name) != 0)
    {
      *response = yc_problem_response (403, "forbidden", _("Not allowed"),
                                       _("Only the clerk who issued the document registers "
                                         "it."));
      return TRUE;
    }
  if (d->sha256[0] != '\0')
    {
      if (g_str_equal (d->sha256, job->sha256))
        {
          *response = document_response (job, d);
          return TRUE;
        }
      *response = yc_problem_response (409, "document-already-registered",
                                       _("The document is already registered"),
                                       _("A different file was registered for this "
                                         "verification code. Issue a new document."));
      return TRUE;
    }
  if (!yc_store_document_set_sha256 (store, d->verification_id, job->sha256, error))
    return FALSE;
  g_free (d->sha256);
  d->sha256 = g_strdup (job->sha256);
  return answer_audited (store, job, d, "document.register", response, error);
}

YcResponse *
yc_route_document_register (YcServer  *server,
                            YcRequest *request)
{
  return commit_document_hash (server, request, _("Only window staff issue documents."), register_job);
}

/* Printing an issued document again ---------------------------------------------------------- */

/* A reprint is the same paper once more: the registered bytes (the desk proves it holds them by
 * their SHA-256), under the same verification id, so it adds no document and no seal use, only
 * an audit entry saying who printed it again and when. */
static gboolean
reprint_job (YcStore     *store,
             gpointer     user_data,
             YcResponse **response,
             GError     **error)
{
  DocumentHashJob *job = user_data;
  g_autoptr (YcDocumentRecord) d = NULL;
  g_autoptr (YcCaseRecord) record = NULL;
  g_autoptr (GError) local_error = NULL;

  if ((d = yc_store_document_get (store, job->id, &local_error)) == NULL)
    {
      if (!g_error_matches (local_error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *response = no_such_document ();
      return TRUE;
    }
  /* Only where the case may be read: a township reprints its own township's papers. */
  if ((record = yc_store_case_get (store, d->case_number, error)) == NULL)
    return FALSE;
  if (!yc_auth_may_read_case (job->request->actor, record))
    {
      *response = yc_problem_response (403, "forbidden", _("Not allowed"),
                                       _("This case belongs to another township."));
      return TRUE;
    }
  if (d->sha256[0] == '\0')
    {
      *response = yc_problem_response (409, "document-not-registered",
                                       _("The document was never issued"),
                                       _("No file was registered for this verification code, "
                                         "so there is nothing to print again. Issue the "
                                         "document anew."));
      return TRUE;
    }
  if (!g_str_equal (d->sha256, job->sha256))
    {
      *response = yc_problem_response (409, "document-differs",
                                       _("Not the issued document"),
                                       _("The file to be printed is not the one registered for "
                                         "this verification code. Print the issued file, or "
                                         "issue the document anew."));
      return TRUE;
    }
  return answer_audited (store, job, d, "document.reprint", response, error);
}

YcResponse *
yc_route_document_reprint (YcServer  *server,
                           YcRequest *request)
{
  return commit_document_hash (server, request, _("Only window staff print documents."), reprint_job);
}

/* Public verification ----------------------------------------------------------------------- */

typedef struct
{
  const char *id;
  gboolean    found;
  const char *address;
} VerifyLogJob;

static gboolean
verify_log_job (YcStore *store,
                gpointer user_data,
                GError **error)
{
  VerifyLogJob *job = user_data;

  return yc_store_verify_log_insert (store, job->id, job->found, job->address,
                                     g_get_real_time () / G_USEC_PER_SEC, error);
}

static YcResponse *
unknown_document (void)
{
  YcProblem *problem = yc_problem_new (404, "unknown-document",
                                       _("Not a document issued here"));

  yc_problem_set_detail (problem, "%s",
                         _("No document with this verification code was issued by this "
                           "service centre. It may be forged, or the code was mistyped."));
  yc_problem_set_member (problem, "genuine", json_node_init_boolean (json_node_alloc (), FALSE));
  return yc_problem_to_response (problem);
}

YcResponse *
yc_route_verify (YcServer  *server,
                 YcRequest *request)
{
  g_autoptr (YcCountyData) data = yc_server_get_county_data (server);
  const char *raw_id = yc_request_param (request, "id");
  g_autofree char *id = g_ascii_strup (raw_id, -1);
  g_autoptr (YcDocumentRecord) document = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GDateTime) at = NULL;
  g_autofree char *at_text = NULL;
  YcDepartment *department;
  VerifyLogJob log_job;
  YcStore *store;

  if (!yc_server_verify_allowed (server, request->address))
    {
      YcResponse *response = yc_problem_response (429, "too-many-lookups",
                                                  _("Too many lookups"),
                                                  _("Too many verification lookups from this "
                                                    "address. Wait a minute."));

      response->retry_after = 60;
      return response;
    }

  if (yc_is_base32_id (id))
    {
      /* A reservation whose hash never came is no document: nothing was printed for it. */
      if ((store = yc_server_acquire_reader (server, &error)) == NULL)
        return yc_problem_from_store_error (error);
      document = yc_store_document_get (store, id, &error);
      yc_server_release_reader (server, store);
      if (document == NULL && !g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        return yc_problem_from_store_error (error);
      g_clear_error (&error);
      if (document != NULL && document->sha256[0] == '\0')
        g_clear_pointer (&document, yc_document_record_free);
    }

  /* Every lookup is on record, genuine or not (a run of unknown codes is worth noticing). */
  log_job = (VerifyLogJob) { yc_is_base32_id (id) ? id : "(malformed)", document != NULL,
                             request->address };
  if (!yc_server_write (server, verify_log_job, &log_job, &error))
    return yc_problem_from_store_error (error);
  g_info ("Verification of %s from %s: %s", log_job.id, request->address,
          document != NULL ? "genuine" : "unknown");

  if (document == NULL)
    return unknown_document ();

  department = yc_catalogue_get_department (data->catalogue, document->department_code);
  at = g_date_time_new_from_unix_local (document->issued_at);
  at_text = g_date_time_format_iso8601 (at);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "genuine");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "verification_id");
  json_builder_add_string_value (b, document->verification_id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, document->kind);
  json_builder_set_member_name (b, "case_number");
  json_builder_add_string_value (b, document->case_number);
  json_builder_set_member_name (b, "holder");
  json_builder_add_string_value (b, document->holder);
  json_builder_set_member_name (b, "department_code");
  json_builder_add_string_value (b, document->department_code);
  json_builder_set_member_name (b, "department");
  json_builder_add_string_value (b, department != NULL ? department->name
                                                       : document->department_code);
  if (department != NULL && department->uscc != NULL)
    {
      json_builder_set_member_name (b, "department_uscc");
      json_builder_add_string_value (b, department->uscc);
    }
  json_builder_set_member_name (b, "issued_at");
  json_builder_add_string_value (b, at_text);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, document->sha256);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return yc_response_new_json (200, root);
}
