/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading reference data into the store: catalogues, calendar years and users, each checked
 * by libyc-core's codecs first and written in one transaction (all or nothing). */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-store.h"
#include "yc-password.h"

G_BEGIN_DECLS

/* A whole catalogue document. Departments, townships and windows are replaced; item versions
 * are added, and a published version that differs from the stored one is refused. */
gboolean yc_import_catalogue (YcStore    *store,
                              const char *json,
                              gssize      length,
                              guint      *n_items,
                              GError    **error);
/* One calendar year file (data/calendar/cn-YYYY.json); *@year is the year it held. */
gboolean yc_import_calendar  (YcStore    *store,
                              const char *json,
                              gssize      length,
                              int        *year,
                              GError    **error);
/* Demo users: an array (or {"users": [...]}) of {user, display_name, role, department_code,
 * township_code, window_code, password}. Existing users are left as they are. @hashes
 * (nullable) holds hashes made ahead of time (data/demo/password-hashes.json, made by
 * tests/tools/yc-demo-hashes): user name → {password_sha256, password_hash}; one is taken when
 * it was made from the same password at exactly @cost. The others are hashed here, on every
 * core at once. */
gboolean yc_import_users     (YcStore              *store,
                              const char           *json,
                              gssize                length,
                              JsonObject           *hashes,
                              const YcPasswordCost *cost,
                              guint                *n_added,
                              GError              **error);
/* Loads @data_dir/demo (catalogue.json, users.json with password-hashes.json) and @data_dir/calendar/cn-*.json. */
gboolean yc_import_demo      (YcStore              *store,
                              const char           *data_dir,
                              const YcPasswordCost *cost,
                              GError              **error);

/* Name, role and the codes the role needs. */
gboolean yc_import_check_user (const YcUserRecord *user,
                               GError            **error);
/* Checks and adds one user (password hashed here). */
gboolean yc_import_add_user  (YcStore              *store,
                              const YcUserRecord   *user,
                              const char           *password,
                              const YcPasswordCost *cost,
                              GError              **error);

G_END_DECLS
