/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Departments, townships and windows: who implements an item and where it is taken in. */
#define G_LOG_DOMAIN "yc-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-catalogue-private.h"
#include "yc-ids.h"

/* Departments */

static void
yc_department_clear (YcDepartment *self)
{
  g_free (self->code);
  g_free (self->name);
  g_free (self->short_name);
  g_free (self->seal_name);
  g_free (self->phone);
  g_free (self->complaint_phone);
  g_free (self->uscc);
}

YcDepartment *
yc_department_ref (YcDepartment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
yc_department_unref (YcDepartment *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) yc_department_clear);
}

G_DEFINE_BOXED_TYPE (YcDepartment, yc_department, yc_department_ref, yc_department_unref)

static const char * const department_fields[] = {
  "code", "name", "short_name", "seal_name", "phone", "complaint_phone", "uscc", NULL
};

static char *
department_owner (const char *code,
                  guint       index)
{
  if (code != NULL)
    return g_strdup_printf (_("Department “%s”"), code);
  return g_strdup_printf (_("Department #%u"), index);
}

YcDepartment *
yc_department_from_json_full (JsonNode *node,
                              gboolean  strict,
                              guint     index,
                              GError  **error)
{
  g_autoptr(YcDepartment) self = g_atomic_rc_box_new0 (YcDepartment);
  g_autofree char *owner = department_owner (NULL, index);
  JsonObject *object;

  if ((object = yc_json_expect_object (node, owner, error)) == NULL)
    return NULL;

  if (!yc_json_get_string (object, "code", owner, &self->code, error))
    return NULL;
  if (self->code != NULL)
    {
      g_free (owner);
      owner = department_owner (self->code, index);
    }

  if ((strict && !yc_json_check_members (object, department_fields, owner, error))
      || !yc_json_get_string (object, "name", owner, &self->name, error)
      || !yc_json_get_string (object, "short_name", owner, &self->short_name, error)
      || !yc_json_get_string (object, "seal_name", owner, &self->seal_name, error)
      || !yc_json_get_string (object, "phone", owner, &self->phone, error)
      || !yc_json_get_string (object, "complaint_phone", owner, &self->complaint_phone, error)
      || !yc_json_get_string (object, "uscc", owner, &self->uscc, error))
    return NULL;

  if (!yc_catalogue_code_is_valid (self->code))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "code",
                                    _("a code of letters, digits, “-”, “_” or “.” is required"));
      return NULL;
    }
  if (yc_str_is_blank (self->name))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "name",
                                    _("required, but missing or blank"));
      return NULL;
    }

  /* The code goes onto certificates and into their GB/T 36904 identifiers: a wrong check
   * character here would be printed on every licence, so even a mismatch is refused. */
  if (self->uscc != NULL)
    {
      g_autoptr(GError) uscc_error = NULL;

      if (yc_uscc_check (self->uscc, &uscc_error) != YC_USCC_VALID)
        {
          yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "uscc", "%s",
                                        uscc_error->message);
          return NULL;
        }
    }

  /* The seal's text is the department's full name unless the seal says otherwise. */
  if (self->seal_name == NULL)
    self->seal_name = g_strdup (self->name);

  return g_steal_pointer (&self);
}

YcDepartment *
yc_department_from_json (JsonNode *node,
                         GError  **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return yc_department_from_json_full (node, FALSE, 1, error);
}

JsonNode *
yc_department_to_json (const YcDepartment *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  yc_json_add_string (builder, "code", self->code);
  yc_json_add_string (builder, "name", self->name);
  yc_json_add_string (builder, "short_name", self->short_name);
  yc_json_add_string (builder, "seal_name", self->seal_name);
  yc_json_add_string (builder, "phone", self->phone);
  yc_json_add_string (builder, "complaint_phone", self->complaint_phone);
  yc_json_add_string (builder, "uscc", self->uscc);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Townships */

static void
yc_township_clear (YcTownship *self)
{
  g_free (self->code);
  g_free (self->name);
  g_free (self->phone);
}

YcTownship *
yc_township_ref (YcTownship *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
yc_township_unref (YcTownship *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) yc_township_clear);
}

G_DEFINE_BOXED_TYPE (YcTownship, yc_township, yc_township_ref, yc_township_unref)

static const char * const township_fields[] = { "code", "name", "phone", NULL };

YcTownship *
yc_township_from_json_full (JsonNode *node,
                            gboolean  strict,
                            guint     index,
                            GError  **error)
{
  g_autoptr(YcTownship) self = g_atomic_rc_box_new0 (YcTownship);
  g_autofree char *owner = g_strdup_printf (_("Township #%u"), index);
  JsonObject *object;

  if ((object = yc_json_expect_object (node, owner, error)) == NULL)
    return NULL;

  if (!yc_json_get_string (object, "code", owner, &self->code, error))
    return NULL;
  if (self->code != NULL)
    {
      g_free (owner);
      owner = g_strdup_printf (_("Township “%s”"), self->code);
    }

  if ((strict && !yc_json_check_members (object, township_fields, owner, error))
      || !yc_json_get_string (object, "name", owner, &self->name, error)
      || !yc_json_get_string (object, "phone", owner, &self->phone, error))
    return NULL;

  if (!yc_township_code_is_valid (self->code))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "code",
                                    _("a nine-digit township region code is required"));
      return NULL;
    }
  if (yc_str_is_blank (self->name))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "name",
                                    _("required, but missing or blank"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

YcTownship *
yc_township_from_json (JsonNode *node,
                       GError  **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return yc_township_from_json_full (node, FALSE, 1, error);
}

JsonNode *
yc_township_to_json (const YcTownship *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  yc_json_add_string (builder, "code", self->code);
  yc_json_add_string (builder, "name", self->name);
  yc_json_add_string (builder, "phone", self->phone);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Windows */

static void
yc_window_clear (YcWindow *self)
{
  g_free (self->code);
  g_free (self->name);
  g_free (self->township_code);
}

YcWindow *
yc_window_ref (YcWindow *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
yc_window_unref (YcWindow *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) yc_window_clear);
}

G_DEFINE_BOXED_TYPE (YcWindow, yc_window, yc_window_ref, yc_window_unref)

static const char * const window_fields[] = { "code", "name", "township_code", NULL };

YcWindow *
yc_window_from_json_full (JsonNode *node,
                          gboolean  strict,
                          guint     index,
                          GError  **error)
{
  g_autoptr(YcWindow) self = g_atomic_rc_box_new0 (YcWindow);
  g_autofree char *owner = g_strdup_printf (_("Window #%u"), index);
  JsonObject *object;

  if ((object = yc_json_expect_object (node, owner, error)) == NULL)
    return NULL;

  if (!yc_json_get_string (object, "code", owner, &self->code, error))
    return NULL;
  if (self->code != NULL)
    {
      g_free (owner);
      owner = g_strdup_printf (_("Window “%s”"), self->code);
    }

  if ((strict && !yc_json_check_members (object, window_fields, owner, error))
      || !yc_json_get_string (object, "name", owner, &self->name, error)
      || !yc_json_get_string (object, "township_code", owner, &self->township_code, error))
    return NULL;

  if (!yc_window_code_is_valid (self->code))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "code",
                                    _("a window code of 1 to 8 capital letters or digits "
                                      "is required"));
      return NULL;
    }
  if (yc_str_is_blank (self->name))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "name",
                                    _("required, but missing or blank"));
      return NULL;
    }
  if (self->township_code != NULL && !yc_township_code_is_valid (self->township_code))
    {
      yc_catalogue_set_field_error (error, YC_CATALOGUE_ERROR_INVALID, owner, "township_code",
                                    _("“%s” is not a nine-digit township region code"),
                                    self->township_code);
      return NULL;
    }

  return g_steal_pointer (&self);
}

YcWindow *
yc_window_from_json (JsonNode *node,
                     GError  **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return yc_window_from_json_full (node, FALSE, 1, error);
}

JsonNode *
yc_window_to_json (const YcWindow *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  yc_json_add_string (builder, "code", self->code);
  yc_json_add_string (builder, "name", self->name);
  yc_json_add_string (builder, "township_code", self->township_code);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
