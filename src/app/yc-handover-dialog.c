/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-handover-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "yc-core.h"
#include "yc-handover-dialog.h"

typedef struct
{
  GtkToggleButton *pickup;
  GtkToggleButton *courier;
  GtkEntry        *entry;
  GtkLabel        *hint;
  YcHandoverFunc   func;
  gpointer         user_data;
  GDestroyNotify   destroy;
} Handover;

static void
handover_free (gpointer data)
{
  Handover *h = data;

  if (h->destroy != NULL)
    h->destroy (h->user_data);
  g_free (h);
}

static Handover *
handover_of (AdwMessageDialog *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "handover");
}

/* Checks what is typed; TRUE when the hand-over may go ahead. */
static gboolean
check (AdwMessageDialog *dialog)
{
  Handover *h = handover_of (dialog);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (h->entry))));
  gboolean pickup = gtk_toggle_button_get_active (h->pickup);
  g_autoptr(GError) error = NULL;
  gboolean valid = FALSE;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  gtk_entry_set_placeholder_text (h->entry, pickup ? _("Collector’s citizen ID number")
                                                   : _("Courier tracking number"));
  if (*text == '\0')
    gtk_label_set_label (h->hint, pickup ? _("Check the collector’s ID card and type its "
                                             "number.")
                                         : _("Type the tracking number from the waybill."));
  else if (pickup)
    {
      valid = yc_citizen_id_check (text, &today, NULL, &error);
      gtk_label_set_label (h->hint, valid ? _("ID number checked.") : error->message);
    }
  else
    {
      gsize length = strlen (text);

      valid = length >= 6 && length <= 40;
      for (const char *p = text; valid && *p != '\0'; p++)
        valid = g_ascii_isalnum (*p) || *p == '-';
      gtk_label_set_label (h->hint, valid ? _("Tracking number looks right.")
                                          : _("Use 6 to 40 letters, digits or hyphens."));
    }
  if (valid || *text == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (h->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (h->entry), "error");
  adw_message_dialog_set_response_enabled (dialog, "hand-over", valid);
  return valid;
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response)
{
  Handover *h = handover_of (dialog);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (h->entry))));

  if (g_str_equal (response, "hand-over") && check (dialog))
    h->func (gtk_toggle_button_get_active (h->pickup) ? "pickup" : "courier", text,
             h->user_data);
}

AdwMessageDialog *
yc_handover_dialog_present (GtkWindow      *parent,
                            const char     *case_number,
                            YcHandoverFunc  func,
                            gpointer        user_data,
                            GDestroyNotify  destroy)
{
  g_autofree char *heading = g_strdup_printf (_("Hand Over %s"), case_number);
  GtkWidget *dialog = adw_message_dialog_new (parent, heading,
                                              _("To the applicant or the person they sent, at "
                                                "the window; or by courier."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *switcher = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  Handover *h = g_new0 (Handover, 1);

  h->func = func;
  h->user_data = user_data;
  h->destroy = destroy;
  h->pickup = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("_Pickup")));
  h->courier = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("C_ourier")));
  gtk_toggle_button_set_group (h->courier, h->pickup);
  gtk_toggle_button_set_active (h->pickup, TRUE);
  gtk_widget_add_css_class (switcher, "linked");
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (switcher), GTK_WIDGET (h->pickup));
  gtk_box_append (GTK_BOX (switcher), GTK_WIDGET (h->courier));
  h->entry = GTK_ENTRY (gtk_entry_new ());
  h->hint = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (h->hint, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (h->hint), "dim-label");
  gtk_box_append (GTK_BOX (box), switcher);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (h->entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (h->hint));

  g_object_set_data_full (G_OBJECT (dialog), "handover", h, handover_free);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "hand-over", _("_Hand Over"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "hand-over",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "hand-over");
  g_signal_connect_swapped (h->entry, "changed", G_CALLBACK (check), dialog);
  g_signal_connect_swapped (h->pickup, "toggled", G_CALLBACK (check), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), NULL);
  check (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (h->entry));
  return ADW_MESSAGE_DIALOG (dialog);
}

void
yc_handover_dialog_fill (AdwMessageDialog *dialog,
                         const char       *method,
                         const char       *id_or_tracking)
{
  Handover *h = handover_of (dialog);

  gtk_toggle_button_set_active (g_str_equal (method, "courier") ? h->courier : h->pickup, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (h->entry), id_or_tracking);
}

gboolean
yc_handover_dialog_is_valid (AdwMessageDialog *dialog)
{
  return check (dialog);
}
