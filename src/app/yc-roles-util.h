/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small things the chief's, the township's and the statistics pages share. */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The first page of a PDF, or a PNG or JPEG image, as a texture; rendered off the main
 * thread (Poppler for PDF). */
void        yc_roles_picture_load_async  (GBytes              *bytes,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GdkTexture *yc_roles_picture_load_finish (GAsyncResult  *result,
                                          GError       **error);

/* A toast in the desk window that holds @widget (nothing when it is in none). */
void        yc_roles_show_toast          (GtkWidget  *widget,
                                          const char *message);

/* "2 working days left", "due today", "3 working days overdue" for a case summary's
 * days_left; NULL when it has none. @css_class gets "success", "warning" or "error". */
char       *yc_roles_days_left_text      (JsonObject  *summary,
                                          const char **css_class);

G_END_DECLS
