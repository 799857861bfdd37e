/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a case's certificate will say once it is approved, for the chief to read beside the
 * scans before signing: rendered by libyc-documents on a worker thread, with the conditions
 * typed so far, without a seal and without a real licence number — a draft, never issued. */
#pragma once

#include <gio/gio.h>

#include "yc-core.h"

G_BEGIN_DECLS

/* Copies what it needs; @conditions may be NULL. The result is PDF bytes. */
void    yc_draft_certificate_render_async  (const YcCase        *kase,
                                            YcItem              *item,
                                            YcCatalogue         *catalogue,
                                            YcCalendar          *calendar,
                                            const char          *conditions,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GBytes *yc_draft_certificate_render_finish (GAsyncResult  *result,
                                            GError       **error);

G_END_DECLS
