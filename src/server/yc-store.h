/* SPDX-License-Identifier: GPL-3.0-or-later */
/* YcStore: everything yichuangd keeps, behind one interface so that a second implementation
 * (PostgreSQL for a province-wide deployment) slots in without touching the routes.
 * One YcStore is one connection: not shared between threads. Records are plain structs with
 * owned strings; the store never interprets a case body, it keeps the columns it is given. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define YC_STORE_ERROR (yc_store_error_quark ())

typedef enum
{
  YC_STORE_ERROR_NOT_FOUND,
  YC_STORE_ERROR_CONFLICT,       /* a unique key already taken, or a version moved on */
  YC_STORE_ERROR_BUSY,           /* locked longer than the busy timeout */
  YC_STORE_ERROR_IO,             /* disk full, I/O error: the write did not happen */
  YC_STORE_ERROR_NOT_DURABLE,    /* committed, but the flush to disk failed: it may not survive
                                  * a crash, and nothing is written until a restart */
  YC_STORE_ERROR_CORRUPT,
  YC_STORE_ERROR_SCHEMA,         /* a migration failed or the database is newer than us */
  YC_STORE_ERROR_FAILED,
} YcStoreError;

GQuark yc_store_error_quark (void);

typedef struct
{
  char    *name;
  char    *display_name;
  char    *role;                 /* yc_role_to_string () */
  char    *department_code;      /* nullable */
  char    *township_code;        /* nullable */
  char    *window_code;          /* nullable */
  char    *password_hash;        /* argon2id encoded string */
  gboolean disabled;
  gint64   created_at;           /* unix seconds */
} YcUserRecord;

/* One row per case: the body is yc_case_to_json () text; the other columns are derived from it
 * by the caller so that search, lists and statistics never parse bodies. */
typedef struct
{
  char    *number;
  char    *item_code;
  guint    item_version;
  char    *department_code;
  char    *window_code;
  char    *township_code;        /* nullable */
  char    *state;
  char    *applicant_name;
  char    *applicant_id_number;
  gint64   received_at;          /* unix seconds */
  char    *received_on;          /* YYYY-MM-DD, local */
  char    *accepted_on;          /* nullable */
  char    *committed_due;        /* nullable */
  char    *legal_due;            /* nullable */
  char    *deadline_status;
  gboolean accepted;
  gboolean refused;
  gboolean decided;              /* the deadline clock is done */
  gboolean on_time;              /* when decided */
  int      days_used;
  guint    committed_limit;
  guint    legal_limit;
  gint64   version;
  gint64   change_seq;           /* assigned by the store on every write */
  gint64   updated_at;           /* unix seconds */
  char    *received_by;
  char    *create_hash;          /* SHA-256 of the creating request, to tell a retry from a clash */
  char    *body;                 /* nullable in search results */
} YcCaseRecord;

typedef struct
{
  const char *number;
  const char *q;                 /* applicant name prefix or exact ID number */
  const char *id_number;
  const char *state;
  const char *window;
  const char *department;
  const char *township;
  const char *due_before;        /* YYYY-MM-DD: committed due strictly before */
  gboolean    has_since;
  gint64      since;             /* change_seq > since, ordered by change_seq */
  guint       page;              /* 1-based */
  guint       page_size;
  /* The caller's reach: set by the server from the actor, never from the request. */
  const char *scope_department;
  const char *scope_township;
} YcCaseQuery;

typedef struct
{
  gint64 id;
  char  *case_number;
  char  *material_code;
  char  *sha256;
  gint64 size;
  char  *content_type;
  char  *uploaded_by;
  gint64 uploaded_at;
} YcAttachmentRecord;

typedef struct
{
  char    *verification_id;
  char    *case_number;
  char    *kind;
  char    *sha256;
  char    *department_code;
  gboolean seal_authorised;
  char    *authorised_by;        /* nullable */
  char    *holder;
  char    *issued_by;
  gint64   issued_at;
} YcDocumentRecord;

typedef struct
{
  gint64 id;
  gint64 at;                     /* unix microseconds */
  char  *actor;                  /* user name, or "-" for the public */
  char  *address;
  char  *action;
  char  *case_number;            /* nullable */
  char  *detail;                 /* JSON object text */
  char  *prev_hash;
  char  *hash;
} YcAuditRecord;

typedef struct
{
  char  *request_hash;
  guint  status;
  char  *content_type;
  char  *etag;                   /* nullable */
  char  *location;               /* nullable */
  GBytes *body;
} YcStoredResponse;

/* Statistics, counted by the day a case was received. "decided" and the sums are over the
 * cases accepted and then approved or denied; refusals at the window count in "refused". */
typedef struct
{
  char  *key;
  gint64 received;
  gint64 accepted;
  gint64 refused;
  gint64 decided;
  gint64 on_time;
  gint64 sum_days_used;
  gint64 sum_committed_limit;
  gint64 sum_legal_limit;
  gint64 overdue;                /* open now and past the committed due date */
} YcStatisticsRow;

typedef enum
{
  YC_STATISTICS_BY_WINDOW,
  YC_STATISTICS_BY_DEPARTMENT,
  YC_STATISTICS_BY_DAY,
  YC_STATISTICS_BY_ITEM,
  YC_STATISTICS_BY_TOWNSHIP,     /* key "" for the county hall */
} YcStatisticsGroup;

typedef struct
{
  YcStatisticsGroup group;
  const char *from;              /* YYYY-MM-DD, received on or after; nullable */
  const char *to;                /* received on or before; nullable */
  const char *today;             /* YYYY-MM-DD, for "overdue" */
  const char *scope_department;  /* set by the server from the actor */
  const char *scope_township;
} YcStatisticsQuery;

/* Reports for section chiefs, townships and supervision (issue #7) ------------------------- */

/* The sign-off queue: cases in awaiting_signoff, nearest committed due date first (then by
 * number), in two parts merged in that order.
 *   part one  cases of @department (if set) and of @township (if set), except those of
 *             @parallel_items; a township case whose "code/version@township" is in
 *             @delegations is kept only when @delegated, any other only when not @delegated
 *             (hall cases count as not delegated);
 *   part two  (when @branch_department is set) parallel cases with an open branch of
 *             @branch_department.
 * @item narrows both parts to one item code. */
typedef struct
{
  const char        *department;
  const char        *township;
  const char *const *delegations;
  gboolean           delegated;
  const char *const *parallel_items;
  const char        *branch_department;
  const char        *item;
  guint              page;       /* 1-based */
  guint              page_size;
} YcSignoffQuery;

/* A township's cases that went to the county: accepted, not refused, not delegated (see
 * YcSignoffQuery.delegations) and in a state only forwarding leads to. Newest intake first;
 * with @has_since, those changed after @since in change order (closed ones included). */
typedef struct
{
  const char        *township;
  const char *const *delegations;
  gboolean           open_only;  /* leave out closed cases (ignored with since) */
  gboolean           has_since;
  gint64             since;
  guint              page;
  guint              page_size;
} YcForwardedQuery;

/* Accepted cases not yet decided nor suspended whose committed due date is before @today,
 * the longest overdue first. */
typedef struct
{
  const char *today;
  const char *department;
  const char *window;
  const char *item;
  const char *township;
  const char *from;              /* received_on range, nullable */
  const char *to;
  const char *scope_department;  /* set by the server from the actor */
  const char *scope_township;
  guint       page;
  guint       page_size;
} YcOverdueQuery;

typedef struct
{
  char  *kind;                   /* "department" | "township" | "window" | "item" */
  char  *code;
  guint  version;                /* items only */
  char  *json;
} YcCatalogueRecord;

void yc_user_record_free        (YcUserRecord *self);
void yc_case_record_free        (YcCaseRecord *self);
void yc_attachment_record_free  (YcAttachmentRecord *self);
void yc_document_record_free    (YcDocumentRecord *self);
void yc_audit_record_free       (YcAuditRecord *self);
void yc_stored_response_free    (YcStoredResponse *self);
void yc_statistics_row_free     (YcStatisticsRow *self);
void yc_catalogue_record_free   (YcCatalogueRecord *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcUserRecord, yc_user_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCaseRecord, yc_case_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcAttachmentRecord, yc_attachment_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDocumentRecord, yc_document_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcAuditRecord, yc_audit_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcStoredResponse, yc_stored_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcStatisticsRow, yc_statistics_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCatalogueRecord, yc_catalogue_record_free)

/* Called for each audit entry in id order; return FALSE to stop. */
typedef gboolean (*YcAuditFunc) (const YcAuditRecord *record,
                                 gpointer             user_data);

#define YC_TYPE_STORE (yc_store_get_type ())
G_DECLARE_INTERFACE (YcStore, yc_store, YC, STORE, GObject)

typedef enum
{
  /* Copy what can be copied now, waiting for nobody. */
  YC_CHECKPOINT_PASSIVE,
  /* The same, then flush the main file: what a restart must flush while writers wait is then
   * only what was copied after this. */
  YC_CHECKPOINT_FLUSH,
  /* Copy everything and start the log again from its beginning, so that it stops growing:
   * waits briefly for readers of the old log (if they take longer the log goes on as it was,
   * which is not an error). The caller keeps every writer out meanwhile. */
  YC_CHECKPOINT_RESTART,
} YcCheckpointMode;

struct _YcStoreInterface
{
  GTypeInterface parent_iface;

  /* Another connection to the same database, for another thread. */
  YcStore   *(*open_another)        (YcStore *self, GError **error);

  /* Folds committed writes from a log into the main file, where the backend has such a step
   * (SQLite's WAL): run off the write path so that commits stay short. @log_pages, if not
   * NULL, gets the pages the log still holds (0 after a restart, or without a log). */
  gboolean   (*checkpoint)          (YcStore *self, YcCheckpointMode mode, guint *log_pages,
                                     GError **error);

  /* Durability in two steps, for a writer that overlaps the flush of one transaction with the
   * next (optional: NULL where every commit is durable by itself). After defer_durability,
   * commit hands the transaction to the operating system; sync_log then makes every commit
   * that returned before it began durable. sync_log is the one call that may run on another
   * thread than the connection's, concurrently with it. */
  gboolean   (*defer_durability)    (YcStore *self, GError **error);
  gboolean   (*sync_log)            (YcStore *self, GError **error);

  gboolean   (*begin_read)          (YcStore *self, GError **error);
  gboolean   (*begin_write)         (YcStore *self, GError **error);
  gboolean   (*commit)              (YcStore *self, GError **error);
  void       (*rollback)            (YcStore *self);
  gboolean   (*savepoint)           (YcStore *self, GError **error);
  gboolean   (*release)             (YcStore *self, GError **error);
  void       (*rollback_to)         (YcStore *self);

  gboolean   (*user_insert)         (YcStore *self, const YcUserRecord *user, GError **error);
  YcUserRecord *(*user_lookup)      (YcStore *self, const char *name, GError **error);
  gboolean   (*user_update)         (YcStore *self, const YcUserRecord *user, GError **error);
  GPtrArray *(*user_list)           (YcStore *self, GError **error);

  gboolean   (*session_insert)      (YcStore *self, const char *token_hash, const char *user,
                                     gint64 created_at, gint64 expires_at, GError **error);
  /* The user of a live session of an enabled account, or NOT_FOUND. */
  YcUserRecord *(*session_lookup)   (YcStore *self, const char *token_hash, gint64 now,
                                     gint64 *expires_at, GError **error);
  gboolean   (*session_delete)      (YcStore *self, const char *token_hash, GError **error);
  gboolean   (*sessions_delete_user)(YcStore *self, const char *user, GError **error);
  gboolean   (*sessions_purge)      (YcStore *self, gint64 now, GError **error);

  gboolean   (*login_failure_add)   (YcStore *self, const char *user, const char *address,
                                     gint64 at, GError **error);
  gboolean   (*login_failure_count) (YcStore *self, const char *user, const char *address,
                                     gint64 since, guint *by_user, guint *by_address,
                                     GError **error);
  gboolean   (*login_failure_clear) (YcStore *self, const char *user, GError **error);

  YcStoredResponse *(*idempotency_lookup) (YcStore *self, const char *user, const char *key,
                                           GError **error);
  gboolean   (*idempotency_insert)  (YcStore *self, const char *user, const char *key,
                                     const YcStoredResponse *response, gint64 at,
                                     GError **error);
  gboolean   (*idempotency_purge)   (YcStore *self, gint64 before, GError **error);

  gboolean   (*catalogue_put)       (YcStore *self, const YcCatalogueRecord *record,
                                     GError **error);
  YcCatalogueRecord *(*catalogue_get) (YcStore *self, const char *kind, const char *code,
                                       guint version, GError **error);
  GPtrArray *(*catalogue_list)      (YcStore *self, GError **error);
  gboolean   (*calendar_put)        (YcStore *self, int year, const char *json, GError **error);
  /* (year, json) pairs as a GPtrArray of char*: "YYYY" at even, JSON at odd indices. */
  GPtrArray *(*calendar_list)       (YcStore *self, GError **error);

  /* Assigns record->change_seq. CONFLICT when the number is taken. */
  gboolean   (*case_insert)         (YcStore *self, YcCaseRecord *record, GError **error);
  YcCaseRecord *(*case_get)         (YcStore *self, const char *number, GError **error);
  /* CONFLICT unless the stored version is @expected_version. Assigns change_seq. */
  gboolean   (*case_update)         (YcStore *self, YcCaseRecord *record,
                                     gint64 expected_version, GError **error);
  /* Rows without bodies. @total is capped at @total_cap (then *capped is TRUE). */
  GPtrArray *(*case_search)         (YcStore *self, const YcCaseQuery *query, guint total_cap,
                                     guint *total, gboolean *capped, gint64 *sync_token,
                                     GError **error);

  gboolean   (*blob_put)            (YcStore *self, const char *sha256, GBytes *data,
                                     GError **error);
  GBytes    *(*blob_get)            (YcStore *self, const char *sha256, GError **error);
  gboolean   (*attachment_insert)   (YcStore *self, YcAttachmentRecord *record, GError **error);
  YcAttachmentRecord *(*attachment_get) (YcStore *self, gint64 id, GError **error);
  GPtrArray *(*attachment_list)     (YcStore *self, const char *case_number, GError **error);

  gboolean   (*document_insert)     (YcStore *self, const YcDocumentRecord *record,
                                     GError **error);
  YcDocumentRecord *(*document_get) (YcStore *self, const char *verification_id, GError **error);
  GPtrArray *(*document_list)       (YcStore *self, const char *case_number, GError **error);
  gboolean   (*document_set_sha256) (YcStore *self, const char *verification_id,
                                     const char *sha256, GError **error);
  gboolean   (*seal_use_insert)     (YcStore *self, const YcDocumentRecord *document,
                                     const char *used_by, gint64 at, GError **error);
  gboolean   (*verify_log_insert)   (YcStore *self, const char *verification_id, gboolean found,
                                     const char *address, gint64 at, GError **error);

  /* The head of the chain: id 0 and NULL hash when empty. */
  gboolean   (*audit_head)          (YcStore *self, gint64 *id, char **hash, GError **error);
  gboolean   (*audit_insert)        (YcStore *self, const YcAuditRecord *record, GError **error);
  GPtrArray *(*audit_list_case)     (YcStore *self, const char *case_number, GError **error);
  gboolean   (*audit_foreach)       (YcStore *self, YcAuditFunc func, gpointer user_data,
                                     GError **error);

  GPtrArray *(*statistics)          (YcStore *self, const YcStatisticsQuery *query,
                                     GError **error);

  /* Reports (issue #7). Rows are YcCaseRecord; the sign-off queue's carry their bodies. Totals
   * are counted up to @total_cap (then *capped is TRUE). */
  GPtrArray *(*signoff_queue)       (YcStore *self, const YcSignoffQuery *query, guint total_cap,
                                     guint *total, gboolean *capped, GError **error);
  GPtrArray *(*forwarded_cases)     (YcStore *self, const YcForwardedQuery *query,
                                     guint total_cap, guint *total, gboolean *capped,
                                     gint64 *sync_token, GError **error);
  GPtrArray *(*overdue_cases)       (YcStore *self, const YcOverdueQuery *query, guint total_cap,
                                     guint *total, gboolean *capped, GError **error);
};

YcStore   *yc_store_open_another        (YcStore *self, GError **error);
gboolean   yc_store_checkpoint          (YcStore *self, YcCheckpointMode mode,
                                         guint *log_pages, GError **error);
gboolean   yc_store_can_defer_durability (YcStore *self);
gboolean   yc_store_defer_durability    (YcStore *self, GError **error);
gboolean   yc_store_sync_log            (YcStore *self, GError **error);

gboolean   yc_store_begin_read          (YcStore *self, GError **error);
gboolean   yc_store_begin_write         (YcStore *self, GError **error);
gboolean   yc_store_commit              (YcStore *self, GError **error);
void       yc_store_rollback            (YcStore *self);
gboolean   yc_store_savepoint           (YcStore *self, GError **error);
gboolean   yc_store_release             (YcStore *self, GError **error);
void       yc_store_rollback_to         (YcStore *self);

gboolean      yc_store_user_insert      (YcStore *self, const YcUserRecord *user, GError **error);
YcUserRecord *yc_store_user_lookup      (YcStore *self, const char *name, GError **error);
gboolean      yc_store_user_update      (YcStore *self, const YcUserRecord *user, GError **error);
GPtrArray    *yc_store_user_list        (YcStore *self, GError **error);

gboolean      yc_store_session_insert   (YcStore    *self,
                                         const char *token_hash,
                                         const char *user,
                                         gint64      created_at,
                                         gint64      expires_at,
                                         GError    **error);
YcUserRecord *yc_store_session_lookup   (YcStore    *self,
                                         const char *token_hash,
                                         gint64      now,
                                         gint64     *expires_at,
                                         GError    **error);
gboolean      yc_store_session_delete   (YcStore *self, const char *token_hash, GError **error);
gboolean      yc_store_sessions_delete_user (YcStore *self, const char *user, GError **error);
gboolean      yc_store_sessions_purge   (YcStore *self, gint64 now, GError **error);

gboolean      yc_store_login_failure_add   (YcStore    *self,
                                            const char *user,
                                            const char *address,
                                            gint64      at,
                                            GError    **error);
gboolean      yc_store_login_failure_count (YcStore    *self,
                                            const char *user,
                                            const char *address,
                                            gint64      since,
                                            guint      *by_user,
                                            guint      *by_address,
                                            GError    **error);
gboolean      yc_store_login_failure_clear (YcStore *self, const char *user, GError **error);

YcStoredResponse *yc_store_idempotency_lookup (YcStore    *self,
                                               const char *user,
                                               const char *key,
                                               GError    **error);
gboolean          yc_store_idempotency_insert (YcStore                *self,
                                               const char             *user,
                                               const char             *key,
                                               const YcStoredResponse *response,
                                               gint64                  at,
                                               GError                **error);
gboolean          yc_store_idempotency_purge  (YcStore *self, gint64 before, GError **error);

gboolean           yc_store_catalogue_put  (YcStore                 *self,
                                            const YcCatalogueRecord *record,
                                            GError                 **error);
YcCatalogueRecord *yc_store_catalogue_get  (YcStore    *self,
                                            const char *kind,
                                            const char *code,
                                            guint       version,
                                            GError    **error);
GPtrArray         *yc_store_catalogue_list (YcStore *self, GError **error);
gboolean           yc_store_calendar_put   (YcStore    *self,
                                            int         year,
                                            const char *json,
                                            GError    **error);
GPtrArray         *yc_store_calendar_list  (YcStore *self, GError **error);

gboolean      yc_store_case_insert      (YcStore *self, YcCaseRecord *record, GError **error);
YcCaseRecord *yc_store_case_get         (YcStore *self, const char *number, GError **error);
gboolean      yc_store_case_update      (YcStore      *self,
                                         YcCaseRecord *record,
                                         gint64        expected_version,
                                         GError      **error);
GPtrArray    *yc_store_case_search      (YcStore           *self,
                                         const YcCaseQuery *query,
                                         guint              total_cap,
                                         guint             *total,
                                         gboolean          *capped,
                                         gint64            *sync_token,
                                         GError           **error);

gboolean            yc_store_blob_put          (YcStore    *self,
                                                const char *sha256,
                                                GBytes     *data,
                                                GError    **error);
GBytes             *yc_store_blob_get          (YcStore *self, const char *sha256, GError **error);
gboolean            yc_store_attachment_insert (YcStore            *self,
                                                YcAttachmentRecord *record,
                                                GError            **error);
YcAttachmentRecord *yc_store_attachment_get    (YcStore *self, gint64 id, GError **error);
GPtrArray          *yc_store_attachment_list   (YcStore    *self,
                                                const char *case_number,
                                                GError    **error);

gboolean          yc_store_document_insert   (YcStore                *self,
                                              const YcDocumentRecord *record,
                                              GError                **error);
YcDocumentRecord *yc_store_document_get      (YcStore    *self,
                                              const char *verification_id,
                                              GError    **error);
GPtrArray        *yc_store_document_list     (YcStore    *self,
                                              const char *case_number,
                                              GError    **error);
/* Registers the hash of a reserved document (sha256 ""); YC_STORE_ERROR_NOT_FOUND when there
 * is no such reservation (unknown id, or a hash already registered). */
gboolean          yc_store_document_set_sha256 (YcStore    *self,
                                                const char *verification_id,
                                                const char *sha256,
                                                GError    **error);
gboolean          yc_store_seal_use_insert   (YcStore                *self,
                                              const YcDocumentRecord *document,
                                              const char             *used_by,
                                              gint64                  at,
                                              GError                **error);
gboolean          yc_store_verify_log_insert (YcStore    *self,
                                              const char *verification_id,
                                              gboolean    found,
                                              const char *address,
                                              gint64      at,
                                              GError    **error);

gboolean   yc_store_audit_head       (YcStore *self, gint64 *id, char **hash, GError **error);
gboolean   yc_store_audit_insert     (YcStore *self, const YcAuditRecord *record, GError **error);
GPtrArray *yc_store_audit_list_case  (YcStore *self, const char *case_number, GError **error);
gboolean   yc_store_audit_foreach    (YcStore     *self,
                                      YcAuditFunc  func,
                                      gpointer     user_data,
                                      GError     **error);

GPtrArray *yc_store_statistics       (YcStore                 *self,
                                      const YcStatisticsQuery *query,
                                      GError                 **error);

/* Reports (issue #7; yc-store-reports.c) */
GPtrArray *yc_store_signoff_queue    (YcStore              *self,
                                      const YcSignoffQuery *query,
                                      guint                 total_cap,
                                      guint                *total,
                                      gboolean             *capped,
                                      GError              **error);
GPtrArray *yc_store_forwarded_cases  (YcStore                *self,
                                      const YcForwardedQuery *query,
                                      guint                   total_cap,
                                      guint                  *total,
                                      gboolean               *capped,
                                      gint64                 *sync_token,
                                      GError                **error);
GPtrArray *yc_store_overdue_cases    (YcStore              *self,
                                      const YcOverdueQuery *query,
                                      guint                 total_cap,
                                      guint                *total,
                                      gboolean             *capped,
                                      GError              **error);

G_END_DECLS
