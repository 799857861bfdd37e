/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The service catalogue (政务服务事项目录): departments, townships, windows and versioned
 * service items with their materials lists. Plain reference-counted structs with public,
 * read-only fields: a published item version is immutable, so sharing is safe.
 * JSON shape: data/demo/README.md. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "yc-types.h"

G_BEGIN_DECLS

#define YC_CATALOGUE_ERROR (yc_catalogue_error_quark ())

typedef enum
{
  YC_CATALOGUE_ERROR_PARSE,      /* not JSON or not the documented shape */
  YC_CATALOGUE_ERROR_INVALID,    /* a field with a value that breaks a rule (named in the message) */
  YC_CATALOGUE_ERROR_DUPLICATE,  /* the same code twice */
  YC_CATALOGUE_ERROR_REFERENCE,  /* names a department, township or item that is not there */
  YC_CATALOGUE_ERROR_NOT_FOUND,
} YcCatalogueError;

GQuark yc_catalogue_error_quark (void);

typedef enum
{
  YC_ITEM_TYPE_LICENSING = 1,    /* 01 行政许可 */
  YC_ITEM_TYPE_PAYMENT = 5,      /* 05 行政给付 */
  YC_ITEM_TYPE_CONFIRMATION = 7, /* 07 行政确认 */
  YC_ITEM_TYPE_PUBLIC_SERVICE = 20, /* 20 公共服务 */
  YC_ITEM_TYPE_OTHER = 99,
} YcItemType;

typedef enum
{
  YC_MATERIAL_FORMAT_ORIGINAL,   /* 原件 */
  YC_MATERIAL_FORMAT_COPY,       /* 复印件 */
  YC_MATERIAL_FORMAT_ORIGINAL_AND_COPY, /* 原件及复印件 (original checked, copy kept) */
  YC_MATERIAL_FORMAT_ELECTRONIC, /* 电子件 */
} YcMaterialFormat;

struct _YcDepartment
{
  char *code;                    /* e.g. "320826-SCJG" */
  char *name;                    /* 涟水县市场监督管理局 */
  char *short_name;              /* 市场监管局 */
  char *seal_name;               /* text on the seal's upper arc; defaults to name */
  char *phone;                   /* enquiries */
  char *complaint_phone;
  char *uscc;                    /* unified social credit code (GB 32100) of the issuing organ;
                                  * NULL when the catalogue has none: no certificate then */
};

struct _YcTownship
{
  char *code;                    /* 9-digit township region code, e.g. "320826100" */
  char *name;                    /* 涟城街道 */
  char *phone;
};

struct _YcWindow
{
  char *code;                    /* window code as used in case numbers, [A-Z0-9]{1,8}, e.g. "C07" */
  char *name;                    /* 综合受理7号窗口 */
  char *township_code;           /* NULL for a county-hall window */
};

struct _YcMaterial
{
  char            *code;         /* unique within the item, e.g. "M01" */
  char            *name;
  gboolean         required;     /* 必要 */
  gboolean         essential;    /* FALSE: may be missing under 容缺受理 when the item allows it */
  YcMaterialFormat format;
  guint            copies;
  char            *size;         /* "A4", may be NULL */
  char            *source;       /* 申请人自备 / 政府部门核发 …, may be NULL */
  char            *standard;     /* acceptance standard, may be NULL */
  char            *kind;         /* "document" | "photo" | "id-card" | "form": scan defaults */
};

struct _YcItem
{
  char        *code;             /* implementation code (实施编码), unique per item */
  char        *basic_code;       /* 12-character basic code (基本编码) */
  guint        version;          /* 1, 2, …: a published version never changes */
  char        *name;
  char        *initials;         /* pinyin initials of the name, lower case ("gtgshsldj") */
  YcItemType   type;
  char        *department_code;  /* implementing department */
  char        *entrusted_department_code; /* may be NULL */
  char        *legal_basis;      /* 设定依据 */
  char        *conditions;       /* 受理条件 */
  char        *procedure;        /* 办理流程 */
  guint        legal_limit;      /* working days */
  guint        committed_limit;  /* working days, ≤ legal_limit */
  char        *limit_note;
  gboolean     charged;
  char        *fee_basis;
  char        *fee_description;  /* fee names and standards, free text */
  char        *place;            /* 办理地点 */
  char        *hours;            /* 办理时间 */
  char        *phone;
  char        *complaint_phone;
  guint        visits;           /* times the applicant must come */
  char        *licence_type;     /* GB/T 36904 licence type code for certificates, may be NULL */
  char        *refusal_basis;    /* default legal basis for a refusal, may be NULL */
  gboolean     allows_missing;   /* 缺件审批 / 容缺受理 allowed */
  GPtrArray   *materials;        /* YcMaterial*, owned */
  GStrv        townships;        /* township codes the item is delegated to; may be empty */
  GStrv        parallel_departments; /* department codes for 并联审批 sub-cases; may be empty */
};

GType         yc_department_get_type (void) G_GNUC_CONST;
GType         yc_township_get_type   (void) G_GNUC_CONST;
GType         yc_window_get_type     (void) G_GNUC_CONST;
GType         yc_item_get_type       (void) G_GNUC_CONST;

YcDepartment *yc_department_ref   (YcDepartment *self);
void          yc_department_unref (YcDepartment *self);
YcTownship   *yc_township_ref     (YcTownship *self);
void          yc_township_unref   (YcTownship *self);
YcWindow     *yc_window_ref       (YcWindow *self);
void          yc_window_unref     (YcWindow *self);
YcItem       *yc_item_ref         (YcItem *self);
void          yc_item_unref       (YcItem *self);

const YcMaterial *yc_item_find_material          (const YcItem *self,
                                                  const char   *material_code);
gboolean          yc_item_is_delegated_to        (const YcItem *self,
                                                  const char   *township_code);

/* Stable lower_snake names used in JSON ("licensing", "original_and_copy") and translated
 * labels for the UI (行政许可, 原件及复印件). */
const char *yc_item_type_to_string           (YcItemType        type);
gboolean    yc_item_type_from_string         (const char       *str,
                                              YcItemType       *type);
const char *yc_item_type_get_label           (YcItemType        type);
const char *yc_material_format_to_string     (YcMaterialFormat  format);
gboolean    yc_material_format_from_string   (const char       *str,
                                              YcMaterialFormat *format);
const char *yc_material_format_get_label     (YcMaterialFormat  format);

/* For builders and tests: an empty item (version 1, one visit, empty lists; materials owned
 * with yc_material_free). Fill it, then yc_catalogue_add_item() validates it. */
YcItem     *yc_item_new                      (void);
YcMaterial *yc_material_new                  (void);
void        yc_material_free                 (YcMaterial *self);
/* The field rules of one item on its own (no cross-references); the error names the field. */
gboolean    yc_item_validate                 (const YcItem *self,
                                              GError      **error);

/* Each JSON codec round-trips: from_json (to_json (x)) equals x. */
JsonNode     *yc_item_to_json       (const YcItem *self);
YcItem       *yc_item_from_json     (JsonNode     *node,
                                     GError      **error);
JsonNode     *yc_department_to_json (const YcDepartment *self);
JsonNode     *yc_township_to_json   (const YcTownship   *self);
JsonNode     *yc_window_to_json     (const YcWindow     *self);
/* The codecs ignore members they do not know (client and server may differ in version);
 * yc_catalogue_load_data() rejects them, to catch typos in a hand-kept file. */
YcDepartment *yc_department_from_json (JsonNode *node,
                                       GError  **error);
YcTownship   *yc_township_from_json   (JsonNode *node,
                                       GError  **error);
YcWindow     *yc_window_from_json     (JsonNode *node,
                                       GError  **error);

/* Reads (get, list, find, to_json) may run in several threads at once; loading and adding
 * must not overlap with anything else. */
#define YC_TYPE_CATALOGUE (yc_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (YcCatalogue, yc_catalogue, YC, CATALOGUE, GObject)

YcCatalogue  *yc_catalogue_new            (void);
/* Loads a whole catalogue document {departments, townships, windows, items} and checks
 * every cross-reference; on error nothing is added. */
gboolean      yc_catalogue_load_data      (YcCatalogue *self,
                                           const char  *json,
                                           gssize       length,
                                           GError     **error);
gboolean      yc_catalogue_load_file      (YcCatalogue *self,
                                           const char  *path,
                                           GError     **error);
JsonNode     *yc_catalogue_to_json        (YcCatalogue *self);
/* Adds a new version of an item; its version must be greater than any already held. */
gboolean      yc_catalogue_add_item       (YcCatalogue *self,
                                           YcItem      *item,
                                           GError     **error);

YcDepartment *yc_catalogue_get_department (YcCatalogue *self, const char *code);
YcTownship   *yc_catalogue_get_township   (YcCatalogue *self, const char *code);
YcWindow     *yc_catalogue_get_window     (YcCatalogue *self, const char *code);
/* The newest version of the item. Transfer none. */
YcItem       *yc_catalogue_get_item       (YcCatalogue *self, const char *code);
YcItem       *yc_catalogue_get_item_version (YcCatalogue *self, const char *code, guint version);

/* Transfer container (elements owned by the catalogue). Sorted by code. */
GPtrArray    *yc_catalogue_list_departments (YcCatalogue *self);
GPtrArray    *yc_catalogue_list_townships   (YcCatalogue *self);
GPtrArray    *yc_catalogue_list_windows     (YcCatalogue *self);
/* Newest version of each item, sorted by code. */
GPtrArray    *yc_catalogue_list_items       (YcCatalogue *self);
/* Every version of one item, oldest first; NULL when the code is unknown. */
GPtrArray    *yc_catalogue_list_item_versions (YcCatalogue *self,
                                               const char  *code);
/* Newest versions delegated to @township_code (县乡通办), sorted by code. */
GPtrArray    *yc_catalogue_list_township_items (YcCatalogue *self,
                                                const char  *township_code);
/* Newest versions implemented by @department_code, sorted by code. */
GPtrArray    *yc_catalogue_list_department_items (YcCatalogue *self,
                                                  const char  *department_code);
/* Windows of one township, or of the county hall when @township_code is NULL; by code. */
GPtrArray    *yc_catalogue_list_township_windows (YcCatalogue *self,
                                                  const char  *township_code);
/* The item picker: newest versions whose pinyin initials or code start with @query
 * (ASCII, any case: "gtgsh"), or whose name contains it (Chinese: "工商"); by code.
 * A blank query matches nothing. */
GPtrArray    *yc_catalogue_find_items       (YcCatalogue *self,
                                             const char  *query);
guint         yc_catalogue_get_n_items      (YcCatalogue *self);

/* Pinyin initials for a Chinese name (lower case; ASCII letters and digits kept, other
 * characters without a known reading dropped). Used at import when "initials" is absent. */
char         *yc_pinyin_initials          (const char *utf8);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcItem, yc_item_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcMaterial, yc_material_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDepartment, yc_department_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcTownship, yc_township_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcWindow, yc_window_unref)

G_END_DECLS
