/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One entry of a case's audit trail as a clerk reads it: the action the backend logged
 * ("case.accept", "document.reprint") as a translated name, and its JSON detail as translated
 * facts (states, the document, the material) instead of ids and keys. */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-core.h"

G_BEGIN_DECLS

/* The translated name of a logged action; for an action this desk does not know, a
 * translated "Other action" with the id, so that nothing logged is hidden. */
char *yc_audit_entry_dup_title   (const char *action);
/* TRUE when @action has a name of its own (not the generic one). */
gboolean yc_audit_entry_is_known (const char *action);
/* The facts of @detail (nullable) as one translated line, "" when there are none. @item
 * (nullable) names materials. */
char *yc_audit_entry_dup_facts   (JsonObject   *detail,
                                  const YcItem *item);
/* "2026-11-29 14:20" in local time from the backend's ISO 8601 stamp; the stamp as given
 * when it does not parse. */
char *yc_audit_entry_dup_time    (const char *iso8601);

G_END_DECLS
