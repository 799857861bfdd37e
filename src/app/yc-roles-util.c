/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-roles"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "yc-desk-window.h"
#include "yc-preview.h"
#include "yc-roles-util.h"

/* One PDF page at 1.5 × 72 dpi: sharp enough to read a scan beside another page. */
#define PDF_SCALE 1.5

static GdkTexture *
texture_for_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int width, height, stride;

  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  /* cairo's ARGB32 is premultiplied BGRA in memory, GDK's default format. */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
picture_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  GError *error = NULL;

  if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    {
      g_autoptr(YcPreview) preview = yc_preview_new (bytes, &error);
      cairo_surface_t *surface = NULL;

      if (preview != NULL)
        surface = yc_preview_render_page (preview, 0, PDF_SCALE, cancellable, &error);
      if (surface == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_task_return_pointer (task, texture_for_surface (surface), g_object_unref);
      cairo_surface_destroy (surface);
      return;
    }
  {
    GdkTexture *texture = gdk_texture_new_from_bytes (bytes, &error);

    if (texture == NULL)
      g_task_return_error (task, error);
    else
      g_task_return_pointer (task, texture, g_object_unref);
  }
}

void
yc_roles_picture_load_async (GBytes              *bytes,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, yc_roles_picture_load_async);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, picture_thread);
}

GdkTexture *
yc_roles_picture_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
yc_roles_show_toast (GtkWidget  *widget,
                     const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (root != NULL && YC_IS_DESK_WINDOW (root))
    yc_desk_window_show_toast (YC_DESK_WINDOW (root), message);
}

char *
yc_roles_days_left_text (JsonObject  *summary,
                         const char **css_class)
{
  JsonNode *node = json_object_get_member (summary, "days_left");
  gint64 days;

  *css_class = "success";
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  days = json_node_get_int (node);
  if (days < 0)
    {
      *css_class = "error";
      return g_strdup_printf (ngettext ("%d working day overdue", "%d working days overdue",
                                        (gulong) -days), (int) -days);
    }
  if (days <= 1)
    *css_class = "warning";
  if (days == 0)
    return g_strdup (_("Due today"));
  return g_strdup_printf (ngettext ("%d working day left", "%d working days left",
                                    (gulong) days), (int) days);
}
