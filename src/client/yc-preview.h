/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preview of a PDF document (an official document before it is printed): Poppler opens and
 * renders pages on a worker thread, never on the caller's main loop, into cairo image surfaces
 * the UI can paint. Poppler calls are serialised across the process: Poppler is not safe to
 * use from two threads at once, even on different documents. A worker holds its own reference to the document it draws and
 * releases Poppler's objects before it is done, so closing a preview while a page is being
 * drawn is safe; yc_preview_drain() waits for the workers before the process exits. */
#pragma once

#include <gio/gio.h>
#include <cairo.h>

G_BEGIN_DECLS

#define YC_PREVIEW_ERROR (yc_preview_error_quark ())

typedef enum
{
  YC_PREVIEW_ERROR_INVALID,      /* not a PDF Poppler can read */
  YC_PREVIEW_ERROR_PAGE,         /* no such page */
  YC_PREVIEW_ERROR_RENDER,       /* the page could not be drawn */
} YcPreviewError;

GQuark yc_preview_error_quark (void);

#define YC_PREVIEW_MIN_SCALE 0.1
#define YC_PREVIEW_MAX_SCALE 8.0

#define YC_TYPE_PREVIEW (yc_preview_get_type ())
G_DECLARE_FINAL_TYPE (YcPreview, yc_preview, YC, PREVIEW, GObject)

YcPreview       *yc_preview_new                (GBytes        *pdf,
                                                GError       **error);
void             yc_preview_new_async          (GBytes              *pdf,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
YcPreview       *yc_preview_new_finish         (GAsyncResult  *result,
                                                GError       **error);

guint            yc_preview_get_n_pages        (YcPreview *self);
/* Page size in points. FALSE for a page that does not exist. */
gboolean         yc_preview_get_page_size      (YcPreview *self,
                                                guint      page,
                                                double    *width,
                                                double    *height);

/* Draws @page (0-based) on white at @scale pixels per point (1.0 = 72 dpi; zoom for a 96 dpi
 * screen is 4/3). Returns an ARGB32 image surface. */
cairo_surface_t *yc_preview_render_page        (YcPreview     *self,
                                                guint          page,
                                                double         scale,
                                                GCancellable  *cancellable,
                                                GError       **error);
void             yc_preview_render_page_async  (YcPreview           *self,
                                                guint                page,
                                                double               scale,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
cairo_surface_t *yc_preview_render_page_finish (YcPreview     *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* Cancels every open and render already started in this process and waits, at most
 * @timeout_ms, for the workers to leave Poppler. Call it when the application shuts down,
 * after its windows are gone; the process's exit does it too, as a last guard. TRUE when no
 * worker is left. Later opens and renders work as usual. */
gboolean         yc_preview_drain              (guint          timeout_ms);

G_END_DECLS
