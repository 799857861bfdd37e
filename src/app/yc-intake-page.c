/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-intake-page"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-application.h"
#include "yc-intake-page.h"
#include "yc-scan-dialog.h"
#include "yc-scan-material-row.h"

typedef struct
{
  char             *code;
  const YcMaterial *material;      /* owned by the item */
  AdwActionRow     *row;
  GtkDropDown      *status;
  GtkEntry         *reason;
} MaterialRow;

struct _YcIntakePage
{
  AdwBin               parent_instance;

  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  AdwPreferencesGroup *applicant_group;
  GtkToggleButton     *person_button;
  GtkToggleButton     *organisation_button;
  AdwEntryRow         *name_row;
  AdwEntryRow         *id_row;
  GtkLabel            *id_info_label;
  AdwEntryRow         *override_row;
  AdwEntryRow         *phone_row;
  AdwEntryRow         *address_row;
  AdwPreferencesGroup *agent_group;
  AdwExpanderRow      *agent_expander;
  AdwEntryRow         *agent_name_row;
  AdwEntryRow         *agent_id_row;
  AdwEntryRow         *agent_phone_row;
  AdwPreferencesGroup *materials_group;
  GtkLabel            *due_label;
  GtkLabel            *hint_label;
  GtkButton           *accept_button;
  GtkButton           *pending_button;
  GtkButton           *notice_button;
  GtkButton           *refuse_button;

  YcItem              *item;
  YcCase              *supply_case;  /* set in a supply round */
  GPtrArray           *rows;         /* MaterialRow* */
  YcScanStore         *scans;        /* the scanned originals, until the intake is queued */
  char                *problem;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (YcIntakePage, yc_intake_page, ADW_TYPE_BIN)

enum {
  SUBMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void recompute (YcIntakePage *self);

static void
material_row_free (gpointer data)
{
  MaterialRow *mr = data;

  g_free (mr->code);
  g_free (mr);
}

static MaterialRow *
find_row (YcIntakePage *self,
          const char   *code)
{
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      MaterialRow *mr = g_ptr_array_index (self->rows, i);

      if (g_str_equal (mr->code, code))
        return mr;
    }
  return NULL;
}

GtkDropDown *
yc_intake_page_get_material_status (YcIntakePage *self,
                                    const char   *code)
{
  MaterialRow *mr = find_row (self, code);

  return mr != NULL ? mr->status : NULL;
}

GtkEditable *
yc_intake_page_get_material_reason (YcIntakePage *self,
                                    const char   *code)
{
  MaterialRow *mr = find_row (self, code);

  return mr != NULL ? GTK_EDITABLE (mr->reason) : NULL;
}

const char *
yc_intake_page_get_problem (YcIntakePage *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_PAGE (self), NULL);
  return self->problem;
}

static YcMaterialStatus
row_status (MaterialRow *mr)
{
  return (YcMaterialStatus) gtk_drop_down_get_selected (mr->status);
}

static const char *
text_of (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static char *
dup_or_null (gpointer editable)
{
  g_autofree char *text = g_strstrip (g_strdup (text_of (editable)));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* ---- the applicant -------------------------------------------------------------------- */

static gboolean
is_person (YcIntakePage *self)
{
  return gtk_toggle_button_get_active (self->person_button);
}

static void
fill_applicant (YcIntakePage *self,
                YcApplicant  *applicant)
{
  applicant->kind = is_person (self) ? YC_APPLICANT_PERSON : YC_APPLICANT_ORGANISATION;
  applicant->name = dup_or_null (self->name_row);
  applicant->id_number = dup_or_null (self->id_row);
  if (applicant->id_number != NULL)
    {
      char *upper = g_ascii_strup (applicant->id_number, -1);

      g_free (applicant->id_number);
      applicant->id_number = upper;
    }
  applicant->uscc_override_reason = gtk_widget_get_visible (GTK_WIDGET (self->override_row))
                                      ? dup_or_null (self->override_row) : NULL;
  applicant->phone = dup_or_null (self->phone_row);
  applicant->address = dup_or_null (self->address_row);
  if (adw_expander_row_get_enable_expansion (self->agent_expander))
    {
      applicant->agent_name = dup_or_null (self->agent_name_row);
      applicant->agent_id_number = dup_or_null (self->agent_id_row);
      applicant->agent_phone = dup_or_null (self->agent_phone_row);
    }
}

static void
set_row_error (gpointer widget,
               gboolean error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (widget), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), "error");
}

/* Checks the ID as typed and says what it reads from it. Returns FALSE on a problem. */
static gboolean
check_id (YcIntakePage  *self,
          char         **problem)
{
  const char *id = text_of (self->id_row);
  g_autoptr(GError) error = NULL;
  GDate today;

  yc_application_get_today (YC_APPLICATION_DEFAULT, &today);
  gtk_widget_set_visible (GTK_WIDGET (self->override_row), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->id_info_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->id_info_label), "warning");

  if (*id == '\0')
    {
      gtk_label_set_text (self->id_info_label, "");
      set_row_error (self->id_row, FALSE);
      *problem = g_strdup (is_person (self) ? _("Enter the applicant’s citizen ID.")
                                            : _("Enter the unified social credit code."));
      return FALSE;
    }

  if (is_person (self))
    {
      YcCitizenIdInfo info;

      if (!yc_citizen_id_check (id, &today, &info, &error))
        {
          gtk_label_set_text (self->id_info_label, error->message);
          gtk_widget_add_css_class (GTK_WIDGET (self->id_info_label), "error");
          set_row_error (self->id_row, TRUE);
          *problem = g_strdup (error->message);
          return FALSE;
        }
      else
        {
          g_autofree char *text = NULL;

          /* Translators: what the citizen ID says: birth date and sex */
          text = g_strdup_printf (_("Born %04u-%02u-%02u · %s"), info.year, info.month, info.day,
                                  info.sex == YC_SEX_MALE ? _("male") : _("female"));
          gtk_label_set_text (self->id_info_label, text);
          set_row_error (self->id_row, FALSE);
          return TRUE;
        }
    }

  switch (yc_uscc_check (id, &error))
    {
    case YC_USCC_VALID:
      gtk_label_set_text (self->id_info_label, _("Credit code is valid."));
      set_row_error (self->id_row, FALSE);
      return TRUE;
    case YC_USCC_CHECKSUM_MISMATCH:
      {
        g_autofree char *text = g_strdup_printf (_("%s Some real codes fail this check: if "
                                                   "the licence shows exactly this code, "
                                                   "record why you accept it."),
                                                 error->message);

        gtk_label_set_text (self->id_info_label, text);
        gtk_widget_add_css_class (GTK_WIDGET (self->id_info_label), "warning");
        gtk_widget_set_visible (GTK_WIDGET (self->override_row), TRUE);
        set_row_error (self->id_row, FALSE);
        if (*text_of (self->override_row) == '\0')
          {
            *problem = g_strdup (_("Record why you accept a credit code that fails the check."));
            return FALSE;
          }
        return TRUE;
      }
    case YC_USCC_INVALID:
    default:
      gtk_label_set_text (self->id_info_label, error != NULL ? error->message : "");
      gtk_widget_add_css_class (GTK_WIDGET (self->id_info_label), "error");
      set_row_error (self->id_row, TRUE);
      *problem = g_strdup (error != NULL ? error->message : _("The credit code is not valid."));
      return FALSE;
    }
}

/* ---- the checklist -------------------------------------------------------------------- */

typedef struct
{
  gboolean unchecked;        /* a required material not yet looked at */
  gboolean missing_required; /* required and missing */
  gboolean missing_essential;
  gboolean deficient;
  gboolean reason_missing;   /* missing/deficient without the reason */
  guint    problems;         /* missing or deficient, any material */
  guint    supplied;         /* supply round: handed in now */
} Checklist;

static void
read_checklist (YcIntakePage *self,
                Checklist    *out)
{
  *out = (Checklist) { 0 };

  for (guint i = 0; i < self->rows->len; i++)
    {
      MaterialRow *mr = g_ptr_array_index (self->rows, i);
      YcMaterialStatus status = row_status (mr);
      gboolean needs_reason = status == YC_MATERIAL_STATUS_MISSING
                              || status == YC_MATERIAL_STATUS_DEFICIENT;

      gtk_widget_set_visible (GTK_WIDGET (mr->reason), needs_reason);
      if (status == YC_MATERIAL_STATUS_ORIGINAL_SEEN
          || status == YC_MATERIAL_STATUS_COPY_RECEIVED)
        out->supplied++;
      if (status == YC_MATERIAL_STATUS_PENDING && mr->material->required)
        out->unchecked = TRUE;
      if (status == YC_MATERIAL_STATUS_MISSING && mr->material->required)
        {
          out->missing_required = TRUE;
          if (mr->material->essential)
            out->missing_essential = TRUE;
        }
      if (status == YC_MATERIAL_STATUS_DEFICIENT)
        out->deficient = TRUE;
      if (needs_reason)
        {
          out->problems++;
          if (status == YC_MATERIAL_STATUS_DEFICIENT && *text_of (mr->reason) == '\0')
            out->reason_missing = TRUE;
        }
    }
}

static void
show_due_date (YcIntakePage *self)
{
  YcCalendar *calendar = yc_application_get_calendar (YC_APPLICATION_DEFAULT);
  g_autofree char *text = NULL;
  GDate today, due;
  gboolean estimated = FALSE;

  if (self->item == NULL || calendar == NULL)
    {
      gtk_label_set_text (self->due_label, "");
      return;
    }
  yc_application_get_today (YC_APPLICATION_DEFAULT, &today);
  yc_calendar_add_working_days (calendar, &today, self->item->committed_limit, &due,
                                &estimated);
  text = g_strdup_printf (ngettext ("Accepted today, due %04u-%02u-%02u (%u working day "
                                    "committed)%s",
                                    "Accepted today, due %04u-%02u-%02u (%u working days "
                                    "committed)%s",
                                    self->item->committed_limit),
                          g_date_get_year (&due), g_date_get_month (&due), g_date_get_day (&due),
                          self->item->committed_limit,
                          estimated ? _(" — estimate: no holiday data for that year") : "");
  gtk_label_set_text (self->due_label, text);
}

static void
recompute (YcIntakePage *self)
{
  g_autofree char *problem = NULL;
  Checklist list;
  gboolean applicant_ok = TRUE;
  gboolean can_accept, can_pending, can_notice, can_refuse;
  const char *hint = NULL;

  if (self->item == NULL || self->rows == NULL)
    return;

  read_checklist (self, &list);

  if (self->supply_case != NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.accept",
                                     !self->busy && list.supplied > 0);
      gtk_label_set_text (self->hint_label, list.supplied > 0 ? ""
                          : _("Mark the materials handed in now."));
      return;
    }

  if (!check_id (self, &problem))
    applicant_ok = FALSE;
  if (*text_of (self->name_row) == '\0')
    {
      applicant_ok = FALSE;
      g_free (problem);
      problem = g_strdup (is_person (self) ? _("Enter the applicant’s name.")
                                           : _("Enter the organisation’s name."));
    }
  if (applicant_ok && adw_expander_row_get_enable_expansion (self->agent_expander))
    {
      g_autoptr(GError) error = NULL;
      GDate today;

      yc_application_get_today (YC_APPLICATION_DEFAULT, &today);
      if (*text_of (self->agent_name_row) == '\0')
        {
          applicant_ok = FALSE;
          problem = g_strdup (_("Enter the agent’s name, or switch the agent off."));
        }
      else if (!yc_citizen_id_check (text_of (self->agent_id_row), &today, NULL, &error))
        {
          applicant_ok = FALSE;
          set_row_error (self->agent_id_row, TRUE);
          problem = g_strdup_printf (_("Agent’s ID: %s"), error->message);
        }
      else
        set_row_error (self->agent_id_row, FALSE);
    }

  g_free (self->problem);
  self->problem = g_steal_pointer (&problem);

  can_accept = applicant_ok && !list.unchecked && !list.missing_required && !list.deficient;
  can_pending = applicant_ok && !list.unchecked && self->item->allows_missing
                && list.missing_required && !list.missing_essential && !list.deficient;
  can_notice = applicant_ok && list.problems > 0 && !list.reason_missing;
  can_refuse = applicant_ok;

  if (!applicant_ok)
    hint = self->problem;
  else if (list.unchecked)
    hint = _("Check every required material: original seen, copy received, missing or "
             "deficient.");
  else if (list.reason_missing)
    hint = _("Say what is wrong with each deficient material.");
  else if (list.missing_essential)
    hint = _("An essential material is missing: give the one-time notice.");
  else if (list.problems > 0)
    hint = _("Give the one-time notice for exactly the marked materials.");

  gtk_label_set_text (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pending_button), self->item->allows_missing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.accept", !self->busy && can_accept);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.accept-pending",
                                 !self->busy && can_pending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.notice", !self->busy && can_notice);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.refuse", !self->busy && can_refuse);
}

/* ---- building the rows ---------------------------------------------------------------- */

static void
on_status_changed (MaterialRow  *mr,
                   GParamSpec   *pspec,
                   YcIntakePage *self)
{
  recompute (self);
  if (gtk_widget_get_visible (GTK_WIDGET (mr->reason)))
    gtk_widget_grab_focus (GTK_WIDGET (mr->reason));
}

static void
on_status_notify (GtkDropDown *dropdown,
                  GParamSpec  *pspec,
                  gpointer     user_data)
{
  YcIntakePage *self = user_data;

  for (guint i = 0; i < self->rows->len; i++)
    {
      MaterialRow *mr = g_ptr_array_index (self->rows, i);

      if (mr->status == dropdown)
        on_status_changed (mr, pspec, self);
    }
}

static void
clear_rows (YcIntakePage *self)
{
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      MaterialRow *mr = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (self->materials_group, GTK_WIDGET (mr->row));
    }
  g_clear_pointer (&self->rows, g_ptr_array_unref);
}

static void
add_row (YcIntakePage     *self,
         const YcMaterial *material)
{
  MaterialRow *mr = g_new0 (MaterialRow, 1);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *subtitle = NULL;
  GtkWidget *scan;

  for (YcMaterialStatus s = YC_MATERIAL_STATUS_PENDING; s <= YC_MATERIAL_STATUS_DEFICIENT; s++)
    gtk_string_list_append (labels, yc_material_status_get_label (s));

  mr->code = g_strdup (material->code);
  mr->material = material;
  mr->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (mr->row), material->name);
  subtitle = g_strdup_printf ("%s · %s · %u ×%s%s",
                              material->required ? (material->essential ? _("required")
                                                                        : _("required, may follow"))
                                                 : _("optional"),
                              yc_material_format_get_label (material->format), material->copies,
                              material->standard != NULL ? " · " : "",
                              material->standard != NULL ? material->standard : "");
  adw_action_row_set_subtitle (mr->row, subtitle);
  adw_action_row_set_subtitle_lines (mr->row, 2);

  mr->reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (mr->reason, _("What is missing or wrong"));
  gtk_widget_set_valign (GTK_WIDGET (mr->reason), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (mr->reason), FALSE);
  g_signal_connect_swapped (mr->reason, "changed", G_CALLBACK (recompute), self);
  adw_action_row_add_suffix (mr->row, GTK_WIDGET (mr->reason));

  mr->status = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL));
  gtk_widget_set_valign (GTK_WIDGET (mr->status), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (mr->status), _("Checklist status"));
  g_signal_connect (mr->status, "notify::selected", G_CALLBACK (on_status_notify), self);
  adw_action_row_add_suffix (mr->row, GTK_WIDGET (mr->status));

  /* Where scans attach (scanning module): the row says which material it is for. */
  scan = gtk_button_new_from_icon_name ("scanner-symbolic");
  gtk_widget_set_valign (scan, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (scan, "flat");
  gtk_widget_set_tooltip_text (scan, _("Scan this material"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (scan), "intake.attach-scan");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (scan), "s", material->code);
  adw_action_row_add_suffix (mr->row, scan);
  adw_action_row_add_suffix (mr->row, yc_scan_material_row_new (self->scans, material->code));

  adw_action_row_set_activatable_widget (mr->row, GTK_WIDGET (mr->status));
  adw_preferences_group_add (self->materials_group, GTK_WIDGET (mr->row));
  g_ptr_array_add (self->rows, mr);
}

static void
reset_fields (YcIntakePage *self)
{
  gpointer editables[] = {
    self->name_row, self->id_row, self->override_row, self->phone_row, self->address_row,
    self->agent_name_row, self->agent_id_row, self->agent_phone_row,
  };

  for (guint i = 0; i < G_N_ELEMENTS (editables); i++)
    gtk_editable_set_text (GTK_EDITABLE (editables[i]), "");
  adw_expander_row_set_enable_expansion (self->agent_expander, FALSE);
  gtk_toggle_button_set_active (self->person_button, TRUE);
  gtk_label_set_text (self->id_info_label, "");
}

void
yc_intake_page_start (YcIntakePage *self,
                      YcItem       *item)
{
  YcCatalogue *catalogue = yc_application_get_catalogue (YC_APPLICATION_DEFAULT);
  YcDepartment *dept;

  g_return_if_fail (YC_IS_INTAKE_PAGE (self));
  g_return_if_fail (item != NULL);

  clear_rows (self);
  yc_scan_store_clear (self->scans);
  g_clear_pointer (&self->item, yc_item_unref);
  g_clear_pointer (&self->supply_case, yc_case_free);
  self->item = yc_item_ref (item);
  self->busy = FALSE;
  reset_fields (self);

  dept = catalogue != NULL ? yc_catalogue_get_department (catalogue, item->department_code)
                           : NULL;
  gtk_label_set_text (self->title_label, item->name);
  gtk_label_set_text (self->subtitle_label, dept != NULL ? dept->name : item->department_code);
  gtk_widget_set_visible (GTK_WIDGET (self->applicant_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->agent_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->id_info_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->refuse_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_button), TRUE);
  gtk_button_set_label (self->accept_button, _("_Accept"));
  adw_preferences_group_set_title (self->materials_group, _("Materials"));

  self->rows = g_ptr_array_new_with_free_func (material_row_free);
  for (guint i = 0; i < item->materials->len; i++)
    add_row (self, g_ptr_array_index (item->materials, i));

  show_due_date (self);
  recompute (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

void
yc_intake_page_start_supply (YcIntakePage *self,
                             YcItem       *item,
                             const YcCase *c)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (YC_IS_INTAKE_PAGE (self));
  g_return_if_fail (item != NULL && c != NULL);

  clear_rows (self);
  yc_scan_store_clear (self->scans);
  g_clear_pointer (&self->item, yc_item_unref);
  g_clear_pointer (&self->supply_case, yc_case_free);
  self->item = yc_item_ref (item);
  self->supply_case = yc_case_copy (c);
  self->busy = FALSE;

  subtitle = g_strdup_printf (_("Supply round for %s · %s"), c->number,
                              c->applicant.name != NULL ? c->applicant.name : "");
  gtk_label_set_text (self->title_label, item->name);
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->applicant_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->agent_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->id_info_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->refuse_button), FALSE);
  gtk_button_set_label (self->accept_button, _("_Record Supply"));
  adw_preferences_group_set_title (self->materials_group, _("Materials Named in the Notice"));
  gtk_label_set_text (self->due_label, "");

  /* Only what the one-time notice named: a later round may ask for nothing new. */
  self->rows = g_ptr_array_new_with_free_func (material_row_free);
  for (guint i = 0; i < c->materials->len; i++)
    {
      const YcCaseMaterial *cm = g_ptr_array_index (c->materials, i);
      const YcMaterial *m = cm->noticed ? yc_item_find_material (item, cm->code) : NULL;

      if (m != NULL)
        add_row (self, m);
    }
  recompute (self);
}

/* ---- submitting ----------------------------------------------------------------------- */

typedef struct
{
  YcIntakePage *self;
  YcCaseAction  action;
  char         *reason;
  char         *legal_basis;
  char         *number;
  GPtrArray    *entries;
  char         *due;
} Submit;

static void
submit_free (Submit *submit)
{
  g_object_unref (submit->self);
  g_free (submit->reason);
  g_free (submit->legal_basis);
  g_free (submit->number);
  g_clear_pointer (&submit->entries, g_ptr_array_unref);
  g_free (submit->due);
  g_free (submit);
}

static JsonNode *
material_json (const char       *code,
               YcMaterialStatus  status,
               const char       *reason,
               gboolean          original_checked)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, yc_material_status_to_string (status));
  if (reason != NULL)
    {
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, reason);
    }
  json_builder_set_member_name (b, "original_checked");
  json_builder_add_boolean_value (b, original_checked);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The checklist as case materials; @only_problems keeps the missing and deficient ones (the
 * one-time notice), @only_supplied the ones handed in (supply round). */
static GPtrArray *
checklist (YcIntakePage *self,
           gboolean      only_problems,
           gboolean      only_supplied)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);

  for (guint i = 0; i < self->rows->len; i++)
    {
      MaterialRow *mr = g_ptr_array_index (self->rows, i);
      YcMaterialStatus status = row_status (mr);
      gboolean problem = status == YC_MATERIAL_STATUS_MISSING
                         || status == YC_MATERIAL_STATUS_DEFICIENT;
      gboolean supplied = status == YC_MATERIAL_STATUS_ORIGINAL_SEEN
                          || status == YC_MATERIAL_STATUS_COPY_RECEIVED;
      g_autofree char *reason = problem ? dup_or_null (mr->reason) : NULL;
      YcCaseMaterial *cm;

      if ((only_problems && !problem) || (only_supplied && !supplied))
        continue;
      cm = yc_case_material_new (mr->code, status, reason);
      cm->original_checked = status == YC_MATERIAL_STATUS_ORIGINAL_SEEN
                             || yc_scan_store_get_original_checked (self->scans, mr->code);
      g_ptr_array_add (list, cm);
    }
  return list;
}

static JsonNode *
create_body (YcIntakePage *self,
             const char   *number)
{
  YcApplication *app = YC_APPLICATION_DEFAULT;
  YcCatalogue *catalogue = yc_application_get_catalogue (app);
  const char *window_code = yc_application_get_window_code (app);
  YcWindow *window = window_code != NULL && catalogue != NULL
                       ? yc_catalogue_get_window (catalogue, window_code) : NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) materials = checklist (self, FALSE, FALSE);
  YcApplicant applicant = { 0 };

  fill_applicant (self, &applicant);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "number");
  json_builder_add_string_value (b, number);
  json_builder_set_member_name (b, "item_code");
  json_builder_add_string_value (b, self->item->code);
  json_builder_set_member_name (b, "item_version");
  json_builder_add_int_value (b, self->item->version);
  json_builder_set_member_name (b, "window_code");
  json_builder_add_string_value (b, window_code != NULL ? window_code : "");
  if (window != NULL && window->township_code != NULL)
    {
      json_builder_set_member_name (b, "township_code");
      json_builder_add_string_value (b, window->township_code);
    }
  json_builder_set_member_name (b, "applicant");
  json_builder_add_value (b, yc_applicant_to_json (&applicant));
  json_builder_set_member_name (b, "materials");
  json_builder_begin_array (b);
  for (guint i = 0; i < materials->len; i++)
    {
      const YcCaseMaterial *cm = g_ptr_array_index (materials, i);

      json_builder_add_value (b, material_json (cm->code, cm->status, cm->reason,
                                                cm->original_checked));
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  yc_applicant_clear (&applicant);
  return json_builder_get_root (b);
}

static char *
outcome_message (Submit *submit)
{
  switch (submit->action)
    {
    case YC_ACTION_ACCEPT:
      return g_strdup_printf (_("%s accepted, due %s"), submit->number, submit->due);
    case YC_ACTION_ACCEPT_PENDING:
      return g_strdup_printf (_("%s accepted with materials to follow, due %s"),
                              submit->number, submit->due);
    case YC_ACTION_REQUEST_MATERIALS:
      return g_strdup_printf (_("%s: one-time notice given, awaiting materials"),
                              submit->number);
    case YC_ACTION_REFUSE:
      return g_strdup_printf (_("%s refused"), submit->number);
    case YC_ACTION_SUPPLY:
      return g_strdup_printf (_("%s: supplied materials recorded"), submit->number);
    case YC_ACTION_RECEIVE:
    case YC_ACTION_START_REVIEW:
    case YC_ACTION_SUSPEND:
    case YC_ACTION_RESUME:
    case YC_ACTION_FORWARD_TO_COUNTY:
    case YC_ACTION_RETURN_TO_TOWNSHIP:
    case YC_ACTION_SUBMIT_SIGNOFF:
    case YC_ACTION_APPROVE:
    case YC_ACTION_DENY:
    case YC_ACTION_CERTIFY:
    case YC_ACTION_DELIVER:
    case YC_ACTION_CLOSE:
    case YC_N_ACTIONS:
    default:
      return g_strdup (submit->number);
    }
}

static void
finish (Submit       *submit,
        const GError *error)
{
  YcIntakePage *self = submit->self;
  g_autofree char *message = NULL;

  self->busy = FALSE;
  if (error != NULL)
    {
      message = g_strdup (error->message);
      g_signal_emit (self, signals[SUBMITTED], 0, NULL, message);
      recompute (self);
      return;
    }

  message = outcome_message (submit);
  yc_application_remember_item (YC_APPLICATION_DEFAULT, self->item->code);
  g_signal_emit (self, signals[SUBMITTED], 0, submit->number, message);
}

static void
enqueued (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Submit *submit = user_data;
  g_autoptr(GError) error = NULL;

  yc_outbox_enqueue_finish (YC_OUTBOX (source), result, &error);
  finish (submit, error);
  submit_free (submit);
}

static void
queue_entries (Submit *submit)
{
  YcIntakePage *self = submit->self;
  YcOutbox *outbox = yc_application_get_outbox (YC_APPLICATION_DEFAULT);
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(JsonNode) action_body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *summary = NULL;
  YcActionArgs args = { 0 };
  gint64 version = -1;

  submit->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_entry_free);
  if (self->supply_case == NULL)
    {
      g_autoptr(JsonNode) body = create_body (self, submit->number);
      g_autofree char *cases = yc_rest_path_cases ();
      g_autofree char *create_summary = g_strdup_printf (_("Intake %s: %s"), submit->number,
                                                         self->item->name);

      g_ptr_array_add (submit->entries, yc_outbox_entry_new_json ("create_case", submit->number,
                                                                  cases, body, create_summary));
    }
  else
    version = self->supply_case->version;
  /* The scanned originals go with the case, in the same transaction. */
  yc_scan_store_add_entries (self->scans, submit->number, submit->entries);

  materials = checklist (self, submit->action == YC_ACTION_REQUEST_MATERIALS,
                         submit->action == YC_ACTION_SUPPLY);
  args.materials = materials;
  args.reason = submit->reason;
  args.legal_basis = submit->legal_basis;
  action_body = yc_rest_action_body (&args, version);
  path = yc_rest_path_case_action (submit->number, yc_case_action_to_string (submit->action));
  summary = g_strdup_printf ("%s %s", yc_case_action_get_label (submit->action),
                             submit->number);
  g_ptr_array_add (submit->entries, yc_outbox_entry_new_json ("action", submit->number, path,
                                                              action_body, summary));
  yc_outbox_enqueue_async (outbox, submit->entries, NULL, enqueued, submit);
}

static void
minted (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Submit *submit = user_data;
  g_autoptr(GError) error = NULL;

  submit->number = yc_outbox_mint_case_number_finish (YC_OUTBOX (source), result, &error);
  if (submit->number == NULL)
    {
      finish (submit, error);
      submit_free (submit);
      return;
    }
  queue_entries (submit);
}

static void
submit (YcIntakePage *self,
        YcCaseAction  action,
        const char   *reason,
        const char   *legal_basis)
{
  YcApplication *app = YC_APPLICATION_DEFAULT;
  YcOutbox *outbox = yc_application_get_outbox (app);
  YcCalendar *calendar = yc_application_get_calendar (app);
  const char *window_code = yc_application_get_window_code (app);
  g_autofree char *region = NULL;
  Submit *s;
  GDate today, due;

  if (self->busy || self->item == NULL)
    return;
  if (outbox == NULL)
    {
      g_signal_emit (self, signals[SUBMITTED], 0, NULL,
                     yc_application_get_outbox_error (app)->message);
      return;
    }
  if (window_code == NULL && self->supply_case == NULL)
    {
      g_signal_emit (self, signals[SUBMITTED], 0, NULL,
                     _("This workstation has no window code. Set it in Preferences."));
      return;
    }

  s = g_new0 (Submit, 1);
  s->self = g_object_ref (self);
  s->action = action;
  s->reason = g_strdup (reason);
  s->legal_basis = g_strdup (legal_basis);
  yc_application_get_today (app, &today);
  due = today;
  if (calendar != NULL)
    yc_calendar_add_working_days (calendar, &today, self->item->committed_limit, &due, NULL);
  s->due = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&due), g_date_get_month (&due),
                            g_date_get_day (&due));

  self->busy = TRUE;
  recompute (self);

  if (self->supply_case != NULL)
    {
      s->number = g_strdup (self->supply_case->number);
      queue_entries (s);
      return;
    }
  region = yc_application_get_region (app);
  yc_outbox_mint_case_number_async (outbox, region, window_code, &today, NULL, minted, s);
}

static void
accept_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);

  submit (self, self->supply_case != NULL ? YC_ACTION_SUPPLY : YC_ACTION_ACCEPT, NULL, NULL);
}

static void
accept_pending_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  submit (YC_INTAKE_PAGE (widget), YC_ACTION_ACCEPT_PENDING, NULL, NULL);
}

static void
notice_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  submit (YC_INTAKE_PAGE (widget), YC_ACTION_REQUEST_MATERIALS, NULL, NULL);
}

static void
on_refuse_response (AdwMessageDialog *dialog,
                    const char       *response,
                    YcIntakePage     *self)
{
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  GtkEditable *basis = g_object_get_data (G_OBJECT (dialog), "basis");

  if (g_str_equal (response, "refuse"))
    submit (self, YC_ACTION_REFUSE, gtk_editable_get_text (reason),
            gtk_editable_get_text (basis));
}

static void
on_refuse_reason_changed (GtkEditable      *reason,
                          AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "refuse",
                                           *gtk_editable_get_text (reason) != '\0');
}

static void
refuse_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *reason = gtk_entry_new ();
  GtkWidget *basis = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reasons for refusal"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (basis), _("Legal basis"));
  gtk_editable_set_text (GTK_EDITABLE (basis), self->item->refusal_basis != NULL
                                                 ? self->item->refusal_basis : "");
  gtk_box_append (GTK_BOX (box), reason);
  gtk_box_append (GTK_BOX (box), basis);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Refuse the Application?"),
                                   _("The refusal notice states the reasons, the legal basis "
                                     "and the applicant’s right to reconsideration within 60 "
                                     "days or a lawsuit within 6 months."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "refuse", _("_Refuse"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "refuse",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "refuse", FALSE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  g_object_set_data (G_OBJECT (dialog), "basis", basis);
  g_signal_connect (reason, "changed", G_CALLBACK (on_refuse_reason_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_refuse_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
all_present_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);

  /* The routine case in one keystroke: every unchecked material handed in as its format
   * asks (an original is checked, a copy kept). */
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      MaterialRow *mr = g_ptr_array_index (self->rows, i);

      if (row_status (mr) != YC_MATERIAL_STATUS_PENDING || !mr->material->required)
        continue;
      gtk_drop_down_set_selected (mr->status,
                                  mr->material->format == YC_MATERIAL_FORMAT_COPY
                                    ? YC_MATERIAL_STATUS_COPY_RECEIVED
                                    : YC_MATERIAL_STATUS_ORIGINAL_SEEN);
    }
}

static void
attach_scan_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);
  MaterialRow *mr = find_row (self, g_variant_get_string (param, NULL));
  GtkRoot *root = gtk_widget_get_root (widget);

  if (mr == NULL)
    return;
  gtk_window_present (GTK_WINDOW (yc_scan_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                           : NULL,
                                                      mr->material, self->scans)));
}

static void
on_kind_toggled (YcIntakePage *self)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row),
                                 is_person (self) ? _("Name") : _("Organisation Name"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->id_row),
                                 is_person (self) ? _("Citizen ID")
                                                  : _("Unified Social Credit Code"));
  recompute (self);
}

static void
yc_intake_page_dispose (GObject *object)
{
  YcIntakePage *self = YC_INTAKE_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->item, yc_item_unref);
  g_clear_pointer (&self->supply_case, yc_case_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_object (&self->scans);
  G_OBJECT_CLASS (yc_intake_page_parent_class)->dispose (object);
}

static void
yc_intake_page_class_init (YcIntakePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_intake_page_dispose;

  /* (number or NULL on failure, message for the clerk) */
  signals[SUBMITTED] =
    g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yichuang/Yichuang/yc-intake-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, applicant_group);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, person_button);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, organisation_button);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, id_row);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, id_info_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, override_row);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, address_row);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, agent_group);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, agent_expander);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, agent_name_row);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, agent_id_row);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, agent_phone_row);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, materials_group);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, due_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, accept_button);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, pending_button);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, notice_button);
  gtk_widget_class_bind_template_child (widget_class, YcIntakePage, refuse_button);
  gtk_widget_class_bind_template_callback (widget_class, recompute);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_toggled);

  gtk_widget_class_install_action (widget_class, "intake.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "intake.accept-pending", NULL,
                                   accept_pending_action);
  gtk_widget_class_install_action (widget_class, "intake.notice", NULL, notice_action);
  gtk_widget_class_install_action (widget_class, "intake.refuse", NULL, refuse_action);
  gtk_widget_class_install_action (widget_class, "intake.all-present", NULL,
                                   all_present_action);
  gtk_widget_class_install_action (widget_class, "intake.attach-scan", "s", attach_scan_action);
}

static void
yc_intake_page_init (YcIntakePage *self)
{
  self->scans = yc_scan_store_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

YcScanStore *
yc_intake_page_get_scan_store (YcIntakePage *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_PAGE (self), NULL);
  return self->scans;
}
