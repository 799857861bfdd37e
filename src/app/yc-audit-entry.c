/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-audit-entry"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "yc-audit-entry.h"

/* Every action yichuangd writes besides "case.<action>", which the state machine names. */
static const struct
{
  const char *action;
  const char *label;
} action_labels[] = {
  { "case.read", N_("Case opened") },
  { "case.search", N_("Cases searched") },
  { "attachment.add", N_("Scan attached") },
  { "attachment.read", N_("Scan viewed") },
  { "document.issue", N_("Document issued") },
  { "document.issue_sealed", N_("Document issued and sealed") },
  { "document.register", N_("Document file registered") },
  { "document.reprint", N_("Document reprinted") },
  { "session.login", N_("Signed in") },
  { "session.login_failed", N_("Sign-in failed") },
  { "session.logout", N_("Signed out") },
  { "admin.add_user", N_("User added") },
  { "admin.import_catalogue", N_("Catalogue imported") },
  { "admin.import_calendar", N_("Working-day calendar imported") },
  { "signoff.queue", N_("Sign-off queue viewed") },
  { "statistics.overdue", N_("Overdue cases viewed") },
  { "township.forwarded", N_("Forwarded township cases viewed") },
};

/* The backend's document kinds (yc_document_type_to_string ()). */
static const struct
{
  const char *kind;
  const char *title;
} document_titles[] = {
  { "receipt", N_("Receipt of Application") },
  { "missing_materials", N_("One-Time Notice of Missing Materials") },
  { "refusal", N_("Notice of Refusal") },
  { "acceptance", N_("Notice of Acceptance") },
  { "certificate", N_("Certificate") },
};

static const char *
known_label (const char *action)
{
  YcCaseAction case_action;

  if (action == NULL)
    return NULL;
  /* "case.receive" is the state machine's RECEIVE too. */
  if (g_str_has_prefix (action, "case.") &&
      yc_case_action_from_string (action + strlen ("case."), &case_action))
    return yc_case_action_get_label (case_action);
  for (guint i = 0; i < G_N_ELEMENTS (action_labels); i++)
    if (g_str_equal (action_labels[i].action, action))
      return _(action_labels[i].label);
  return NULL;
}

gboolean
yc_audit_entry_is_known (const char *action)
{
  return known_label (action) != NULL;
}

char *
yc_audit_entry_dup_title (const char *action)
{
  const char *label = known_label (action);

  if (label != NULL)
    return g_strdup (label);
  /* Translators: an audit trail entry this desk has no name for; %s is its id */
  return g_strdup_printf (_("Other action (%s)"), action != NULL ? action : "");
}

static const char *
state_label (const char *state)
{
  YcCaseState s;

  return yc_case_state_from_string (state, &s) ? yc_case_state_get_label (s) : state;
}

static const char *
member (JsonObject *detail,
        const char *name)
{
  JsonNode *node = json_object_get_member (detail, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

char *
yc_audit_entry_dup_facts (JsonObject   *detail,
                          const YcItem *item)
{
  g_autoptr (GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  const char *from, *to, *state, *kind, *code, *text;

  if (detail == NULL)
    return g_strdup ("");
  from = member (detail, "from");
  to = member (detail, "to");
  state = member (detail, "state");
  if (from != NULL && to != NULL)
    /* Translators: a case's state before and after an action */
    g_ptr_array_add (facts, g_strdup_printf (_("%s → %s"), state_label (from), state_label (to)));
  else if (state != NULL)
    g_ptr_array_add (facts, g_strdup_printf (_("State: %s"), state_label (state)));
  if (g_strcmp0 (member (detail, "batch"), "true") == 0)
    g_ptr_array_add (facts, g_strdup (_("in a batch sign-off")));
  if ((kind = member (detail, "kind")) != NULL)
    {
      const char *title = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (document_titles); i++)
        if (g_str_equal (document_titles[i].kind, kind))
          title = _(document_titles[i].title);
      g_ptr_array_add (facts, g_strdup (title != NULL ? title : kind));
    }
  if ((text = member (detail, "verification_id")) != NULL)
    g_ptr_array_add (facts, g_strdup_printf (_("verification code %s"), text));
  if (member (detail, "seal") != NULL)
    g_ptr_array_add (facts, g_strdup (_("sealed")));
  if ((code = member (detail, "material_code")) != NULL)
    {
      const YcMaterial *m = item != NULL ? yc_item_find_material (item, code) : NULL;

      g_ptr_array_add (facts, g_strdup_printf (_("Material: %s"), m != NULL ? m->name : code));
    }
  if ((text = member (detail, "attachment")) != NULL)
    g_ptr_array_add (facts, g_strdup_printf (_("scan no. %s"), text));
  if ((text = member (detail, "reason")) != NULL)
    g_ptr_array_add (facts, g_strdup_printf (_("Reason: %s"), text));
  if ((text = member (detail, "user")) != NULL)
    g_ptr_array_add (facts, g_strdup_printf (_("User: %s"), text));
  g_ptr_array_add (facts, NULL);
  return g_strjoinv (" · ", (char **) facts->pdata);
}

char *
yc_audit_entry_dup_time (const char *iso8601)
{
  g_autoptr (GDateTime) at = NULL;
  g_autoptr (GDateTime) local = NULL;

  if (iso8601 == NULL)
    return g_strdup ("");
  at = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (at == NULL)
    return g_strdup (iso8601);
  local = g_date_time_to_local (at);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}
