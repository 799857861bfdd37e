/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store interface: thin dispatch to the implementation, and the record destructors. */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-store.h"

G_DEFINE_QUARK (yc-store-error-quark, yc_store_error)
G_DEFINE_INTERFACE (YcStore, yc_store, G_TYPE_OBJECT)

static void
yc_store_default_init (YcStoreInterface *iface)
{
}

#define IFACE(self) (YC_STORE_GET_IFACE (self))

void
yc_user_record_free (YcUserRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->display_name);
  g_free (self->role);
  g_free (self->department_code);
  g_free (self->township_code);
  g_free (self->window_code);
  g_free (self->password_hash);
  g_free (self);
}

void
yc_case_record_free (YcCaseRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->number);
  g_free (self->item_code);
  g_free (self->department_code);
  g_free (self->window_code);
  g_free (self->township_code);
  g_free (self->state);
  g_free (self->applicant_name);
  g_free (self->applicant_id_number);
  g_free (self->received_on);
  g_free (self->accepted_on);
  g_free (self->committed_due);
  g_free (self->legal_due);
  g_free (self->deadline_status);
  g_free (self->received_by);
  g_free (self->create_hash);
  g_free (self->body);
  g_free (self);
}

void
yc_attachment_record_free (YcAttachmentRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->case_number);
  g_free (self->material_code);
  g_free (self->sha256);
  g_free (self->content_type);
  g_free (self->uploaded_by);
  g_free (self);
}

void
yc_document_record_free (YcDocumentRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->verification_id);
  g_free (self->case_number);
  g_free (self->kind);
  g_free (self->sha256);
  g_free (self->department_code);
  g_free (self->authorised_by);
  g_free (self->holder);
  g_free (self->issued_by);
  g_free (self);
}

void
yc_audit_record_free (YcAuditRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->actor);
  g_free (self->address);
  g_free (self->action);
  g_free (self->case_number);
  g_free (self->detail);
  g_free (self->prev_hash);
  g_free (self->hash);
  g_free (self);
}

void
yc_stored_response_free (YcStoredResponse *self)
{
  if (self == NULL)
    return;
  g_free (self->request_hash);
  g_free (self->content_type);
  g_free (self->etag);
  g_free (self->location);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

void
yc_statistics_row_free (YcStatisticsRow *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self);
}

void
yc_catalogue_record_free (YcCatalogueRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self->code);
  g_free (self->json);
  g_free (self);
}

YcStore *
yc_store_open_another (YcStore *self, GError **error)
{
  return IFACE (self)->open_another (self, error);
}

gboolean
yc_store_checkpoint (YcStore *self, YcCheckpointMode mode, guint *log_pages, GError **error)
{
  return IFACE (self)->checkpoint (self, mode, log_pages, error);
}

gboolean
yc_store_can_defer_durability (YcStore *self)
{
  return IFACE (self)->defer_durability != NULL;
}

gboolean
yc_store_defer_durability (YcStore *self, GError **error)
{
  return IFACE (self)->defer_durability (self, error);
}

gboolean
yc_store_sync_log (YcStore *self, GError **error)
{
  return IFACE (self)->sync_log (self, error);
}

gboolean
yc_store_begin_read (YcStore *self, GError **error)
{
  return IFACE (self)->begin_read (self, error);
}

gboolean
yc_store_begin_write (YcStore *self, GError **error)
{
  return IFACE (self)->begin_write (self, error);
}

gboolean
yc_store_commit (YcStore *self, GError **error)
{
  return IFACE (self)->commit (self, error);
}

void
yc_store_rollback (YcStore *self)
{
  IFACE (self)->rollback (self);
}

gboolean
yc_store_savepoint (YcStore *self, GError **error)
{
  return IFACE (self)->savepoint (self, error);
}

gboolean
yc_store_release (YcStore *self, GError **error)
{
  return IFACE (self)->release (self, error);
}

void
yc_store_rollback_to (YcStore *self)
{
  IFACE (self)->rollback_to (self);
}

gboolean
yc_store_user_insert (YcStore *self, const YcUserRecord *user, GError **error)
{
  return IFACE (self)->user_insert (self, user, error);
}

YcUserRecord *
yc_store_user_lookup (YcStore *self, const char *name, GError **error)
{
  return IFACE (self)->user_lookup (self, name, error);
}

gboolean
yc_store_user_update (YcStore *self, const YcUserRecord *user, GError **error)
{
  return IFACE (self)->user_update (self, user, error);
}

GPtrArray *
yc_store_user_list (YcStore *self, GError **error)
{
  return IFACE (self)->user_list (self, error);
}

gboolean
yc_store_session_insert (YcStore    *self,
                         const char *token_hash,
                         const char *user,
                         gint64      created_at,
                         gint64      expires_at,
                         GError    **error)
{
  return IFACE (self)->session_insert (self, token_hash, user, created_at, expires_at, error);
}

YcUserRecord *
yc_store_session_lookup (YcStore    *self,
                         const char *token_hash,
                         gint64      now,
                         gint64     *expires_at,
                         GError    **error)
{
  return IFACE (self)->session_lookup (self, token_hash, now, expires_at, error);
}

gboolean
yc_store_session_delete (YcStore *self, const char *token_hash, GError **error)
{
  return IFACE (self)->session_delete (self, token_hash, error);
}

gboolean
yc_store_sessions_delete_user (YcStore *self, const char *user, GError **error)
{
  return IFACE (self)->sessions_delete_user (self, user, error);
}

gboolean
yc_store_sessions_purge (YcStore *self, gint64 now, GError **error)
{
  return IFACE (self)->sessions_purge (self, now, error);
}

gboolean
yc_store_login_failure_add (YcStore    *self,
                            const char *user,
                            const char *address,
                            gint64      at,
                            GError    **error)
{
  return IFACE (self)->login_failure_add (self, user, address, at, error);
}

gboolean
yc_store_login_failure_count (YcStore    *self,
                              const char *user,
                              const char *address,
                              gint64      since,
                              guint      *by_user,
                              guint      *by_address,
                              GError    **error)
{
  return IFACE (self)->login_failure_count (self, user, address, since, by_user, by_address,
                                            error);
}

gboolean
yc_store_login_failure_clear (YcStore *self, const char *user, GError **error)
{
  return IFACE (self)->login_failure_clear (self, user, error);
}

YcStoredResponse *
yc_store_idempotency_lookup (YcStore    *self,
                             const char *user,
                             const char *key,
                             GError    **error)
{
  return IFACE (self)->idempotency_lookup (self, user, key, error);
}

gboolean
yc_store_idempotency_insert (YcStore                *self,
                             const char             *user,
                             const char             *key,
                             const YcStoredResponse *response,
                             gint64                  at,
                             GError                **error)
{
  return IFACE (self)->idempotency_insert (self, user, key, response, at, error);
}

gboolean
yc_store_idempotency_purge (YcStore *self, gint64 before, GError **error)
{
  return IFACE (self)->idempotency_purge (self, before, error);
}

gboolean
yc_store_catalogue_put (YcStore *self, const YcCatalogueRecord *record, GError **error)
{
  return IFACE (self)->catalogue_put (self, record, error);
}

YcCatalogueRecord *
yc_store_catalogue_get (YcStore    *self,
                        const char *kind,
                        const char *code,
                        guint       version,
                        GError    **error)
{
  return IFACE (self)->catalogue_get (self, kind, code, version, error);
}

GPtrArray *
yc_store_catalogue_list (YcStore *self, GError **error)
{
  return IFACE (self)->catalogue_list (self, error);
}

gboolean
yc_store_calendar_put (YcStore *self, int year, const char *json, GError **error)
{
  return IFACE (self)->calendar_put (self, year, json, error);
}

GPtrArray *
yc_store_calendar_list (YcStore *self, GError **error)
{
  return IFACE (self)->calendar_list (self, error);
}

gboolean
yc_store_case_insert (YcStore *self, YcCaseRecord *record, GError **error)
{
  return IFACE (self)->case_insert (self, record, error);
}

YcCaseRecord *
yc_store_case_get (YcStore *self, const char *number, GError **error)
{
  return IFACE (self)->case_get (self, number, error);
}

gboolean
yc_store_case_update (YcStore      *self,
                      YcCaseRecord *record,
                      gint64        expected_version,
                      GError      **error)
{
  return IFACE (self)->case_update (self, record, expected_version, error);
}

GPtrArray *
yc_store_case_search (YcStore           *self,
                      const YcCaseQuery *query,
                      guint              total_cap,
                      guint             *total,
                      gboolean          *capped,
                      gint64            *sync_token,
                      GError           **error)
{
  return IFACE (self)->case_search (self, query, total_cap, total, capped, sync_token, error);
}

gboolean
yc_store_blob_put (YcStore *self, const char *sha256, GBytes *data, GError **error)
{
  return IFACE (self)->blob_put (self, sha256, data, error);
}

GBytes *
yc_store_blob_get (YcStore *self, const char *sha256, GError **error)
{
  return IFACE (self)->blob_get (self, sha256, error);
}

gboolean
yc_store_attachment_insert (YcStore *self, YcAttachmentRecord *record, GError **error)
{
  return IFACE (self)->attachment_insert (self, record, error);
}

YcAttachmentRecord *
yc_store_attachment_get (YcStore *self, gint64 id, GError **error)
{
  return IFACE (self)->attachment_get (self, id, error);
}

GPtrArray *
yc_store_attachment_list (YcStore *self, const char *case_number, GError **error)
{
  return IFACE (self)->attachment_list (self, case_number, error);
}

gboolean
yc_store_document_insert (YcStore *self, const YcDocumentRecord *record, GError **error)
{
  return IFACE (self)->document_insert (self, record, error);
}

YcDocumentRecord *
yc_store_document_get (YcStore *self, const char *verification_id, GError **error)
{
  return IFACE (self)->document_get (self, verification_id, error);
}

GPtrArray *
yc_store_document_list (YcStore *self, const char *case_number, GError **error)
{
  return IFACE (self)->document_list (self, case_number, error);
}

gboolean
yc_store_document_set_sha256 (YcStore    *self,
                              const char *verification_id,
                              const char *sha256,
                              GError    **error)
{
  return IFACE (self)->document_set_sha256 (self, verification_id, sha256, error);
}

gboolean
yc_store_seal_use_insert (YcStore                *self,
                          const YcDocumentRecord *document,
                          const char             *used_by,
                          gint64                  at,
                          GError                **error)
{
  return IFACE (self)->seal_use_insert (self, document, used_by, at, error);
}

gboolean
yc_store_verify_log_insert (YcStore    *self,
                            const char *verification_id,
                            gboolean    found,
                            const char *address,
                            gint64      at,
                            GError    **error)
{
  return IFACE (self)->verify_log_insert (self, verification_id, found, address, at, error);
}

gboolean
yc_store_audit_head (YcStore *self, gint64 *id, char **hash, GError **error)
{
  return IFACE (self)->audit_head (self, id, hash, error);
}

gboolean
yc_store_audit_insert (YcStore *self, const YcAuditRecord *record, GError **error)
{
  return IFACE (self)->audit_insert (self, record, error);
}

GPtrArray *
yc_store_audit_list_case (YcStore *self, const char *case_number, GError **error)
{
  return IFACE (self)->audit_list_case (self, case_number, error);
}

gboolean
yc_store_audit_foreach (YcStore *self, YcAuditFunc func, gpointer user_data, GError **error)
{
  return IFACE (self)->audit_foreach (self, func, user_data, error);
}
