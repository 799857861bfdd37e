/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-preview"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <poppler.h>

#include "yc-preview.h"

/* Refuse pages whose image would not fit in memory sensibly (about 200 megapixels). */
#define MAX_PIXELS (200.0 * 1000 * 1000)

struct _YcPreview
{
  GObject          parent_instance;
  PopplerDocument *document;
  GBytes          *pdf;
  guint            n_pages;
  GMutex           lock;         /* Poppler calls, one at a time */
};

G_DEFINE_FINAL_TYPE (YcPreview, yc_preview, G_TYPE_OBJECT)
G_DEFINE_QUARK (yc-preview-error-quark, yc_preview_error)

YcPreview *
yc_preview_new (GBytes  *pdf,
                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document;
  YcPreview *self;

  g_return_val_if_fail (pdf != NULL, NULL);

  document = poppler_document_new_from_bytes (pdf, NULL, &local_error);
  if (document == NULL)
    {
      g_set_error (error, YC_PREVIEW_ERROR, YC_PREVIEW_ERROR_INVALID,
                   _("The document cannot be previewed: %s"), local_error->message);
      return NULL;
    }
  self = g_object_new (YC_TYPE_PREVIEW, NULL);
  self->document = document;
  self->pdf = g_bytes_ref (pdf);
  self->n_pages = poppler_document_get_n_pages (document);
  return self;
}

static void
new_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  YcPreview *self = yc_preview_new (data, &error);

  if (self != NULL)
    g_task_return_pointer (task, self, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
yc_preview_new_async (GBytes              *pdf,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (pdf != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_preview_new_async);
  g_task_set_task_data (task, g_bytes_ref (pdf), (GDestroyNotify) g_bytes_unref);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, new_thread);
}

YcPreview *
yc_preview_new_finish (GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
yc_preview_get_n_pages (YcPreview *self)
{
  g_return_val_if_fail (YC_IS_PREVIEW (self), 0);
  return self->n_pages;
}

gboolean
yc_preview_get_page_size (YcPreview *self,
                          guint      page,
                          double    *width,
                          double    *height)
{
  PopplerPage *p;

  g_return_val_if_fail (YC_IS_PREVIEW (self), FALSE);

  if (page >= self->n_pages)
    return FALSE;
  g_mutex_lock (&self->lock);
  p = poppler_document_get_page (self->document, page);
  poppler_page_get_size (p, width, height);
  g_object_unref (p);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

cairo_surface_t *
yc_preview_render_page (YcPreview     *self,
                        guint          page,
                        double         scale,
                        GCancellable  *cancellable,
                        GError       **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  PopplerPage *p;
  double width, height;
  int w, h;
  cairo_t *cr;

  g_return_val_if_fail (YC_IS_PREVIEW (self), NULL);

  if (page >= self->n_pages)
    {
      g_set_error (error, YC_PREVIEW_ERROR, YC_PREVIEW_ERROR_PAGE,
                   _("Page %u does not exist; the document has %u pages"), page + 1,
                   self->n_pages);
      return NULL;
    }
  scale = CLAMP (scale, YC_PREVIEW_MIN_SCALE, YC_PREVIEW_MAX_SCALE);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  g_mutex_lock (&self->lock);
  p = poppler_document_get_page (self->document, page);
  poppler_page_get_size (p, &width, &height);
  w = (int) ceil (width * scale);
  h = (int) ceil (height * scale);
  if (w <= 0 || h <= 0 || (double) w * h > MAX_PIXELS)
    {
      g_object_unref (p);
      g_mutex_unlock (&self->lock);
      g_set_error (error, YC_PREVIEW_ERROR, YC_PREVIEW_ERROR_RENDER,
                   _("Page %u is too large to preview at this zoom"), page + 1);
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (p, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  g_object_unref (p);
  g_mutex_unlock (&self->lock);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, YC_PREVIEW_ERROR, YC_PREVIEW_ERROR_RENDER,
                   _("Page %u could not be drawn: %s"), page + 1, cairo_status_to_string (status));
      return NULL;
    }
  cairo_surface_flush (surface);
  return surface;
}

typedef struct
{
  guint  page;
  double scale;
} RenderData;

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  RenderData *render = data;
  GError *error = NULL;
  cairo_surface_t *surface = yc_preview_render_page (source, render->page, render->scale,
                                                     cancellable, &error);

  if (surface != NULL)
    g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
  else
    g_task_return_error (task, error);
}

void
yc_preview_render_page_async (YcPreview           *self,
                              guint                page,
                              double               scale,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *render;

  g_return_if_fail (YC_IS_PREVIEW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_preview_render_page_async);
  render = g_new0 (RenderData, 1);
  render->page = page;
  render->scale = scale;
  g_task_set_task_data (task, render, g_free);
  g_task_run_in_thread (task, render_thread);
}

cairo_surface_t *
yc_preview_render_page_finish (YcPreview     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_preview_render_page_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
yc_preview_finalize (GObject *object)
{
  YcPreview *self = YC_PREVIEW (object);

  g_clear_object (&self->document);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (yc_preview_parent_class)->finalize (object);
}

static void
yc_preview_class_init (YcPreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_preview_finalize;
}

static void
yc_preview_init (YcPreview *self)
{
  g_mutex_init (&self->lock);
}
