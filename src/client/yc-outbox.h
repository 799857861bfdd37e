/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The offline outbox: every write the clerk makes is first committed to a local SQLite file
 * (WAL, synchronous=FULL) with its idempotency key, and only then sent to the backend, oldest
 * first. A dead network or a stopped backend only delays the writes (retried with backoff);
 * a crash or kill of the client loses nothing, and a resent write is answered from the
 * backend's idempotency record instead of being done twice. A write the backend refuses
 * (409, 422, 403, 404) becomes a conflict entry that the clerk sees; nothing is dropped.
 * Case numbers are minted here (per window and day) so that intake works offline. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yc-rest-client.h"

G_BEGIN_DECLS

#define YC_OUTBOX_ERROR (yc_outbox_error_quark ())

typedef enum
{
  YC_OUTBOX_ERROR_DATABASE,      /* the outbox file cannot be opened or written */
  YC_OUTBOX_ERROR_SEQUENCE_FULL, /* 9999 numbers used at this window today */
  YC_OUTBOX_ERROR_NOT_FOUND,     /* no such entry, or not in a state that allows it */
} YcOutboxError;

GQuark yc_outbox_error_quark (void);

typedef enum
{
  YC_OUTBOX_STATE_PENDING,       /* waiting to be sent (or being sent) */
  YC_OUTBOX_STATE_SENT,          /* the backend answered 2xx */
  YC_OUTBOX_STATE_CONFLICT,      /* the backend refused it: the clerk must look */
  YC_OUTBOX_STATE_DISCARDED,     /* the clerk gave it up after a conflict (kept for the record) */
} YcOutboxState;

const char *yc_outbox_state_to_string (YcOutboxState state);

/* One write, as queued. */
typedef struct
{
  gint64         id;             /* order of sending */
  char          *idempotency_key;
  char          *kind;           /* "create_case", "action", "attachment", "document" */
  char          *case_number;
  char          *path;           /* below /api/v1 */
  char          *content_type;
  GBytes        *body;
  GHashTable    *headers;        /* extra request headers, may be NULL */
  char          *summary;        /* what the clerk sees, e.g. "Accept 320826-C07-…" */
  YcOutboxState  state;
  guint          attempts;
  char          *last_error;     /* the last failure's message, NULL if none */
  int            error_code;     /* YcRestError of the last failure, -1 if none */
  guint          http_status;
  gint64         created_at;     /* unix µs */
  JsonNode      *response;       /* the backend's answer once sent, else NULL */
} YcOutboxEntry;

YcOutboxEntry *yc_outbox_entry_new  (const char *kind,
                                     const char *case_number,
                                     const char *path,
                                     const char *content_type,
                                     GBytes     *body,
                                     const char *summary);
/* JSON body convenience; "version": null in an action body is filled in at send time from
 * the answer to the case's previous write. */
YcOutboxEntry *yc_outbox_entry_new_json (const char *kind,
                                         const char *case_number,
                                         const char *path,
                                         JsonNode   *body,
                                         const char *summary);
void           yc_outbox_entry_set_header (YcOutboxEntry *self,
                                           const char    *name,
                                           const char    *value);
YcOutboxEntry *yc_outbox_entry_copy (const YcOutboxEntry *self);
void           yc_outbox_entry_free (YcOutboxEntry *self);
#define YC_TYPE_OUTBOX_ENTRY (yc_outbox_entry_get_type ())
GType          yc_outbox_entry_get_type (void) G_GNUC_CONST;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcOutboxEntry, yc_outbox_entry_free)

#define YC_TYPE_OUTBOX (yc_outbox_get_type ())
G_DECLARE_FINAL_TYPE (YcOutbox, yc_outbox, YC, OUTBOX, GObject)

/* @path NULL uses $XDG_DATA_HOME/yichuang/outbox.sqlite. Pending entries from an earlier run
 * are kept and sent once yc_outbox_start() is called. */
YcOutbox     *yc_outbox_new               (const char    *path,
                                           YcRestClient  *client,
                                           GError       **error);
const char   *yc_outbox_get_path          (YcOutbox      *self);
YcRestClient *yc_outbox_get_client        (YcOutbox      *self);

/* Backoff between attempts after a transient failure: base × 2^(attempts−1), at most max. */
void          yc_outbox_set_retry_delays  (YcOutbox      *self,
                                           guint          base_ms,
                                           guint          max_ms);

/* The next case number for @window on @date ("320826-C07-20261129-0042"), committed before it
 * is returned so that it is never handed out twice. */
char         *yc_outbox_mint_case_number  (YcOutbox      *self,
                                           const char    *region,
                                           const char    *window,
                                           const GDate   *date,
                                           GError       **error);
void          yc_outbox_mint_case_number_async  (YcOutbox            *self,
                                                 const char          *region,
                                                 const char          *window,
                                                 const GDate         *date,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char         *yc_outbox_mint_case_number_finish (YcOutbox      *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);

/* Commits @entries (YcOutboxEntry*) in one transaction, in order, each with a fresh
 * idempotency key unless it has one; sets their ids. Then kicks the sender. */
gboolean      yc_outbox_enqueue           (YcOutbox      *self,
                                           GPtrArray     *entries,
                                           GError       **error);
/* The same off the main thread (the commit waits for the disk). */
void          yc_outbox_enqueue_async     (YcOutbox            *self,
                                           GPtrArray           *entries,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      yc_outbox_enqueue_finish    (YcOutbox      *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Starts (or resumes) sending; also called when the network or the session comes back to
 * skip a pending backoff. */
void          yc_outbox_start             (YcOutbox      *self);
/* Stops sending after the write in flight (signing out, closing). */
void          yc_outbox_stop              (YcOutbox      *self);
gboolean      yc_outbox_is_idle           (YcOutbox      *self);

guint         yc_outbox_get_pending_count  (YcOutbox     *self);
guint         yc_outbox_get_conflict_count (YcOutbox     *self);
/* Entries in @state, oldest first (YcOutboxEntry*, owned by the array). */
GPtrArray    *yc_outbox_list              (YcOutbox      *self,
                                           YcOutboxState  state,
                                           GError       **error);
YcOutboxEntry *yc_outbox_get_entry        (YcOutbox      *self,
                                           gint64         id,
                                           GError       **error);

/* A conflict back to pending (after the clerk fixed the cause), or given up. */
gboolean      yc_outbox_retry_entry       (YcOutbox      *self,
                                           gint64         id,
                                           GError       **error);
gboolean      yc_outbox_discard_entry     (YcOutbox      *self,
                                           gint64         id,
                                           GError       **error);

G_END_DECLS
