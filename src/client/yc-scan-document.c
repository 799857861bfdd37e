/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scan-document"

#include "config.h"

#include "yc-scan-document-private.h"
#include "yc-scan-page-private.h"
#include "yc-scan-pdf.h"

struct _YcScanDocument
{
  GObject    parent_instance;

  YcSpool   *spool;
  GPtrArray *pages;
};

static void yc_scan_document_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YcScanDocument, yc_scan_document, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      yc_scan_document_list_model_init))

G_DEFINE_QUARK (yc-scan-document-error-quark, yc_scan_document_error)

enum {
  PROP_0,
  PROP_N_PAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
yc_scan_document_get_item_type (GListModel *model)
{
  return YC_TYPE_SCAN_PAGE;
}

static guint
yc_scan_document_get_n_items (GListModel *model)
{
  return YC_SCAN_DOCUMENT (model)->pages->len;
}

static gpointer
yc_scan_document_get_item (GListModel *model,
                           guint       position)
{
  YcScanDocument *self = YC_SCAN_DOCUMENT (model);

  if (position >= self->pages->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->pages, position));
}

static void
yc_scan_document_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = yc_scan_document_get_item_type;
  iface->get_n_items = yc_scan_document_get_n_items;
  iface->get_item = yc_scan_document_get_item;
}

static void
yc_scan_document_finalize (GObject *object)
{
  YcScanDocument *self = YC_SCAN_DOCUMENT (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->spool, yc_spool_unref);

  G_OBJECT_CLASS (yc_scan_document_parent_class)->finalize (object);
}

static void
yc_scan_document_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YcScanDocument *self = YC_SCAN_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_N_PAGES:
      g_value_set_uint (value, self->pages->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_scan_document_class_init (YcScanDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_scan_document_finalize;
  object_class->get_property = yc_scan_document_get_property;

  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_scan_document_init (YcScanDocument *self)
{
  self->pages = g_ptr_array_new_with_free_func (g_object_unref);
}

YcScanDocument *
yc_scan_document_new (const char  *spool_parent,
                      GError     **error)
{
  g_autoptr(YcSpool) spool = NULL;
  YcScanDocument *self;

  spool = yc_spool_new (spool_parent, error);
  if (spool == NULL)
    return NULL;

  self = g_object_new (YC_TYPE_SCAN_DOCUMENT, NULL);
  self->spool = g_steal_pointer (&spool);
  return self;
}

YcSpool *
yc_scan_document_get_spool (YcScanDocument *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DOCUMENT (self), NULL);
  return self->spool;
}

const char *
yc_scan_document_get_spool_dir (YcScanDocument *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DOCUMENT (self), NULL);
  return yc_spool_get_dir (self->spool);
}

guint
yc_scan_document_get_n_pages (YcScanDocument *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DOCUMENT (self), 0);
  return self->pages->len;
}

YcScanPage *
yc_scan_document_get_page (YcScanDocument *self,
                           guint           position)
{
  g_return_val_if_fail (YC_IS_SCAN_DOCUMENT (self), NULL);
  g_return_val_if_fail (position < self->pages->len, NULL);
  return g_ptr_array_index (self->pages, position);
}

static void
pages_changed (YcScanDocument *self,
               guint           position,
               guint           removed,
               guint           added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
}

void
yc_scan_document_append_page (YcScanDocument *self,
                              YcScanPage     *page)
{
  g_return_if_fail (YC_IS_SCAN_DOCUMENT (self));
  g_return_if_fail (YC_IS_SCAN_PAGE (page));

  g_ptr_array_add (self->pages, g_object_ref (page));
  pages_changed (self, self->pages->len - 1, 0, 1);
}

void
yc_scan_document_rotate_page (YcScanDocument *self,
                              guint           position,
                              int             quarter_turns)
{
  YcScanPage *page;
  int turns;

  g_return_if_fail (YC_IS_SCAN_DOCUMENT (self));
  g_return_if_fail (position < self->pages->len);

  page = g_ptr_array_index (self->pages, position);
  turns = (int) (yc_scan_page_get_rotation (page) / 90) + quarter_turns % 4;
  yc_scan_page_set_rotation (page, (guint) ((turns % 4 + 4) % 4) * 90);
  /* A thumbnail changes shape: views rebind the item. */
  pages_changed (self, position, 1, 1);
}

void
yc_scan_document_move_page (YcScanDocument *self,
                            guint           from,
                            guint           to)
{
  YcScanPage *page;

  g_return_if_fail (YC_IS_SCAN_DOCUMENT (self));
  g_return_if_fail (from < self->pages->len && to < self->pages->len);

  if (from == to)
    return;

  page = g_ptr_array_steal_index (self->pages, from);
  g_ptr_array_insert (self->pages, to, page);
  pages_changed (self, MIN (from, to), MAX (from, to) - MIN (from, to) + 1,
                 MAX (from, to) - MIN (from, to) + 1);
}

void
yc_scan_document_remove_page (YcScanDocument *self,
                              guint           position)
{
  g_return_if_fail (YC_IS_SCAN_DOCUMENT (self));
  g_return_if_fail (position < self->pages->len);

  g_ptr_array_remove_index (self->pages, position);
  pages_changed (self, position, 1, 0);
}

void
yc_scan_document_remove_all (YcScanDocument *self)
{
  guint n;

  g_return_if_fail (YC_IS_SCAN_DOCUMENT (self));

  n = self->pages->len;
  if (n == 0)
    return;
  g_ptr_array_set_size (self->pages, 0);
  pages_changed (self, 0, n, 0);
}

gboolean
yc_scan_document_export_pdf_run (YcScanDocument  *self,
                                 const char      *path,
                                 char           **sha256,
                                 GCancellable    *cancellable,
                                 GError         **error)
{
  g_autoptr(GPtrArray) snapshot = NULL;

  g_return_val_if_fail (YC_IS_SCAN_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  snapshot = yc_scan_pdf_snapshot (G_LIST_MODEL (self));
  return yc_scan_pdf_write (snapshot, path, sha256, cancellable, error);
}

typedef struct
{
  GPtrArray *snapshot;
  char      *path;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  g_ptr_array_unref (export->snapshot);
  g_free (export->path);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *export = task_data;
  GError *error = NULL;
  char *sha256 = NULL;

  if (yc_scan_pdf_write (export->snapshot, export->path, &sha256, cancellable, &error))
    g_task_return_pointer (task, sha256, g_free);
  else
    g_task_return_error (task, error);
}

void
yc_scan_document_export_pdf_async (YcScanDocument      *self,
                                   const char          *path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *export;

  g_return_if_fail (YC_IS_SCAN_DOCUMENT (self));
  g_return_if_fail (path != NULL);

  /* The snapshot is taken now, on the caller's thread: later edits don't change this PDF. */
  export = g_new0 (ExportData, 1);
  export->snapshot = yc_scan_pdf_snapshot (G_LIST_MODEL (self));
  export->path = g_strdup (path);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_scan_document_export_pdf_async);
  g_task_set_task_data (task, export, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
yc_scan_document_export_pdf_finish (YcScanDocument  *self,
                                    GAsyncResult    *result,
                                    char           **sha256,
                                    GError         **error)
{
  char *digest;

  g_return_val_if_fail (YC_IS_SCAN_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == yc_scan_document_export_pdf_async, FALSE);

  digest = g_task_propagate_pointer (G_TASK (result), error);
  if (digest == NULL)
    return FALSE;
  if (sha256 != NULL)
    *sha256 = digest;
  else
    g_free (digest);
  return TRUE;
}
