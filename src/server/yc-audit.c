/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-audit"

#include "config.h"

#include <string.h>

#include "yc-audit.h"
#include "yc-server-error.h"

static void
feed (GChecksum  *sum,
      const char *field)
{
  /* Length-prefixed, so that no choice of field contents can imitate another entry. */
  char prefix[32];
  gsize len = field != NULL ? strlen (field) : 0;

  g_snprintf (prefix, sizeof prefix, "%c%" G_GSIZE_FORMAT ":", field != NULL ? 's' : 'n', len);
  g_checksum_update (sum, (const guchar *) prefix, -1);
  if (field != NULL)
    g_checksum_update (sum, (const guchar *) field, len);
}

char *
yc_audit_compute_hash (const YcAuditRecord *r)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  char numbers[64];

  g_snprintf (numbers, sizeof numbers, "%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, r->id, r->at);
  feed (sum, "yc-audit-1");
  feed (sum, numbers);
  feed (sum, r->actor);
  feed (sum, r->address);
  feed (sum, r->action);
  feed (sum, r->case_number);
  feed (sum, r->detail);
  feed (sum, r->prev_hash);
  return g_strdup (g_checksum_get_string (sum));
}

gboolean
yc_audit_append (YcStore    *store,
                 const char *actor,
                 const char *address,
                 const char *action,
                 const char *case_number,
                 const char *detail_json,
                 GError    **error)
{
  g_autofree char *head_hash = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  YcAuditRecord record = { 0 };
  gint64 head_id;

  if (!yc_store_audit_head (store, &head_id, &head_hash, error))
    return FALSE;

  prev = head_hash != NULL ? g_steal_pointer (&head_hash) : g_strdup (YC_AUDIT_GENESIS);
  record.id = head_id + 1;
  record.at = g_get_real_time ();
  record.actor = (char *) (actor != NULL ? actor : "-");
  record.address = (char *) (address != NULL ? address : "-");
  record.action = (char *) action;
  record.case_number = (char *) case_number;
  record.detail = (char *) (detail_json != NULL ? detail_json : "{}");
  record.prev_hash = prev;
  hash = yc_audit_compute_hash (&record);
  record.hash = hash;
  return yc_store_audit_insert (store, &record, error);
}

typedef struct
{
  gint64  expected_id;
  char   *prev_hash;
  gint64  count;
  GError *error;
} VerifyState;

static gboolean
verify_one (const YcAuditRecord *record,
            gpointer             user_data)
{
  VerifyState *state = user_data;
  g_autofree char *hash = NULL;

  state->count++;
  if (record->id != state->expected_id)
    {
      g_set_error (&state->error, YC_SERVER_ERROR, YC_SERVER_ERROR_AUDIT_BROKEN,
                   "Audit entry %" G_GINT64_FORMAT " is missing (next present: %" G_GINT64_FORMAT
                   ")", state->expected_id, record->id);
      return FALSE;
    }
  if (g_strcmp0 (record->prev_hash, state->prev_hash) != 0)
    {
      g_set_error (&state->error, YC_SERVER_ERROR, YC_SERVER_ERROR_AUDIT_BROKEN,
                   "Audit entry %" G_GINT64_FORMAT " does not follow the entry before it",
                   record->id);
      return FALSE;
    }
  hash = yc_audit_compute_hash (record);
  if (g_strcmp0 (hash, record->hash) != 0)
    {
      g_set_error (&state->error, YC_SERVER_ERROR, YC_SERVER_ERROR_AUDIT_BROKEN,
                   "Audit entry %" G_GINT64_FORMAT " was altered after it was written",
                   record->id);
      return FALSE;
    }
  g_free (state->prev_hash);
  state->prev_hash = g_strdup (record->hash);
  state->expected_id++;
  return TRUE;
}

gboolean
yc_audit_verify (YcStore *store,
                 gint64  *n_entries,
                 GError **error)
{
  VerifyState state = { 1, g_strdup (YC_AUDIT_GENESIS), 0, NULL };
  g_autofree char *head_hash = NULL;
  gint64 head_id = 0;
  gboolean ok = FALSE;

  if (!yc_store_begin_read (store, error))
    goto out;
  if (!yc_store_audit_foreach (store, verify_one, &state, error) ||
      !yc_store_audit_head (store, &head_id, &head_hash, error))
    {
      yc_store_rollback (store);
      goto out;
    }
  yc_store_rollback (store);

  if (state.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&state.error));
      goto out;
    }
  /* The chain read is intact; it must also end where the head says. */
  if (head_id != state.expected_id - 1 ||
      (head_id > 0 && g_strcmp0 (head_hash, state.prev_hash) != 0))
    {
      g_set_error (error, YC_SERVER_ERROR, YC_SERVER_ERROR_AUDIT_BROKEN,
                   "The audit trail ends at entry %" G_GINT64_FORMAT " but was last written at "
                   "entry %" G_GINT64_FORMAT, state.expected_id - 1, head_id);
      goto out;
    }
  ok = TRUE;

out:
  if (n_entries != NULL)
    *n_entries = state.count;
  g_clear_error (&state.error);
  g_free (state.prev_hash);
  return ok;
}
