/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the catalogue's files: JSON member readers that name the offending field, the
 * code patterns, and the strict ("reject unknown members") variants the loader uses. */
#pragma once

#include "yc-catalogue.h"

G_BEGIN_DECLS

/* Sets @error to "<owner>, field “<field>”: <detail>". */
void      yc_catalogue_set_field_error (GError    **error,
                                        int         code,
                                        const char *owner,
                                        const char *field,
                                        const char *format,
                                        ...) G_GNUC_PRINTF (5, 6);

gboolean  yc_json_check_members (JsonObject         *object,
                                 const char * const *known,
                                 const char         *owner,
                                 GError            **error);
gboolean  yc_json_get_string    (JsonObject  *object,
                                 const char  *field,
                                 const char  *owner,
                                 char       **out,
                                 GError     **error);
gboolean  yc_json_get_uint      (JsonObject  *object,
                                 const char  *field,
                                 guint        default_value,
                                 const char  *owner,
                                 guint       *out,
                                 GError     **error);
gboolean  yc_json_get_bool      (JsonObject  *object,
                                 const char  *field,
                                 gboolean     default_value,
                                 const char  *owner,
                                 gboolean    *out,
                                 GError     **error);
gboolean  yc_json_get_strv      (JsonObject  *object,
                                 const char  *field,
                                 const char  *owner,
                                 GStrv       *out,
                                 GError     **error);
JsonObject *yc_json_expect_object (JsonNode   *node,
                                   const char *owner,
                                   GError    **error);
/* Adds "field": value unless value is NULL or empty. */
void      yc_json_add_string    (JsonBuilder *builder,
                                 const char  *field,
                                 const char  *value);
void      yc_json_add_strv      (JsonBuilder        *builder,
                                 const char         *field,
                                 const char * const *values);

gboolean  yc_str_is_blank              (const char *str);
/* Item, department and material codes: [A-Za-z0-9._-]{1,64}. */
gboolean  yc_catalogue_code_is_valid   (const char *code);
/* A township region code: nine digits. */
gboolean  yc_township_code_is_valid    (const char *code);
/* A window code as used in case numbers: [A-Z0-9]{1,8}. */
gboolean  yc_window_code_is_valid      (const char *code);

/* Strict variants (unknown members rejected); @index numbers entries without a code. */
YcDepartment *yc_department_from_json_full (JsonNode *node, gboolean strict, guint index,
                                            GError **error);
YcTownship   *yc_township_from_json_full   (JsonNode *node, gboolean strict, guint index,
                                            GError **error);
YcWindow     *yc_window_from_json_full     (JsonNode *node, gboolean strict, guint index,
                                            GError **error);
YcItem       *yc_item_from_json_full       (JsonNode *node, gboolean strict, guint index,
                                            GError **error);
/* The translated owner label of an item ("Item “CODE” version N"). */
char         *yc_item_owner_label          (const YcItem *self);

G_END_DECLS
