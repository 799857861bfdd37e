/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Handing the certificate over (送达): picked up at the window by someone whose citizen ID is
 * checked as it is typed, or sent by courier with its tracking number. The hand-over cannot
 * be confirmed until what was typed is valid. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* @method: "pickup" or "courier"; @detail: the collector's citizen ID or the tracking number. */
typedef void (*YcHandoverFunc) (const char *method,
                                const char *detail,
                                gpointer    user_data);

/* Presents the dialog over @parent; @func runs once, only when the clerk confirms. */
AdwMessageDialog *yc_handover_dialog_present (GtkWindow      *parent,
                                              const char     *case_number,
                                              YcHandoverFunc  func,
                                              gpointer        user_data,
                                              GDestroyNotify  destroy);
/* Fills the dialog as a clerk would (for tests): @id_or_tracking into the field of @method. */
void              yc_handover_dialog_fill    (AdwMessageDialog *dialog,
                                              const char       *method,
                                              const char       *id_or_tracking);
/* Whether the hand-over may be confirmed now. */
gboolean          yc_handover_dialog_is_valid (AdwMessageDialog *dialog);

G_END_DECLS
