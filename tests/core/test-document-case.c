/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From real cases of the demo catalogue, taken through the state machine, to documents: the
 * fields each document needs, the committed completion date from the working-day calendar,
 * the GB/T 36904 identifier of a certificate, and a refusal for a case at the wrong point. */
#include "config.h"

#include <string.h>
#include <poppler.h>

#include "yc-case-machine.h"
#include "yc-document-case.h"
#include "yc-document-render.h"
#include "yc-ids.h"

#define ITEM "320826-SCJG-XK-004"    /* 食品经营许可, five materials, 容缺 allowed */
#define ISSUER_USCC "113208260140000015"

static YcCatalogue *catalogue;
static YcCalendar *calendar;
static YcDocumentRenderer *renderer;

typedef PopplerDocument TestPdf;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestPdf, g_object_unref)

static YcActor clerk = { (char *) "clerk-c07", (char *) "张敏", YC_ROLE_CLERK, NULL, NULL,
                         (char *) "C07" };
static YcActor chief = { (char *) "chief-scjg", (char *) "王科长", YC_ROLE_CHIEF,
                         (char *) "320826-SCJG", NULL, NULL };

static GDateTime *
at (const char *iso)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");

  return g_date_time_new_from_iso8601 (iso, tz);
}

static GPtrArray *
marked (const char * const *spec)
{
  GPtrArray *materials = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; spec[i] != NULL; i += 3)
    {
      YcCaseMaterial *m = g_new0 (YcCaseMaterial, 1);

      m->code = (char *) spec[i];
      g_assert_true (yc_material_status_from_string (spec[i + 1], &m->status));
      m->reason = (char *) spec[i + 2];
      m->original_checked = m->status == YC_MATERIAL_STATUS_ORIGINAL_SEEN;
      g_ptr_array_add (materials, m);
    }
  return materials;
}

static const char * const all_seen[] = {
  "M01", "original_seen", NULL, "M02", "original_seen", NULL, "M03", "original_seen", NULL,
  "M04", "original_seen", NULL, "M05", "original_seen", NULL, NULL,
};
static const char * const two_missing[] = {
  "M02", "deficient", "复印件未加盖单位公章", "M04", "missing", NULL, NULL,
};

static void
apply (YcCase       *kase,
       const YcItem *item,
       YcActor      *actor,
       YcCaseAction  action,
       YcActionArgs *args,
       const char   *when)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at (when);
  YcActionArgs none = { 0 };

  if (!yc_case_apply (kase, item, actor, action, args != NULL ? args : &none, now, &error))
    g_error ("%s: %s", yc_case_action_to_string (action), error->message);
}

/* A case of the demo item taken to @stage on Thursday 2026-03-05. */
static YcCase *
case_at (const char *stage)
{
  YcItem *item = yc_catalogue_get_item (catalogue, ITEM);
  YcCase *kase = yc_case_new ("320826-C07-20260305-0042", item, "C07", NULL);
  g_autoptr(GPtrArray) seen = marked (all_seen);
  g_autoptr(GPtrArray) missing = marked (two_missing);
  YcActionArgs accept = { .materials = seen };
  YcActionArgs request = { .materials = missing };
  YcActionArgs refuse = { .reason = "申请事项依法不需要取得行政许可",
                          .legal_basis = "《中华人民共和国行政许可法》第三十二条第一款第（一）项" };

  g_free (kase->applicant.name);
  kase->applicant.name = g_strdup ("涟水县清风食品有限公司");
  kase->applicant.kind = YC_APPLICANT_ORGANISATION;
  kase->applicant.id_number = g_strdup ("91350100M000100Y43");
  apply (kase, item, &clerk, YC_ACTION_RECEIVE, NULL, "2026-03-05T09:00:00");
  if (g_str_equal (stage, "received"))
    return kase;
  if (g_str_equal (stage, "awaiting_materials"))
    {
      apply (kase, item, &clerk, YC_ACTION_REQUEST_MATERIALS, &request, "2026-03-05T09:10:00");
      return kase;
    }
  if (g_str_equal (stage, "refused"))
    {
      apply (kase, item, &clerk, YC_ACTION_REFUSE, &refuse, "2026-03-05T09:10:00");
      return kase;
    }
  apply (kase, item, &clerk, YC_ACTION_ACCEPT, &accept, "2026-03-05T09:20:00");
  if (g_str_equal (stage, "accepted"))
    return kase;
  apply (kase, item, &clerk, YC_ACTION_START_REVIEW, NULL, "2026-03-05T10:00:00");
  apply (kase, item, &clerk, YC_ACTION_SUBMIT_SIGNOFF, NULL, "2026-03-05T11:00:00");
  apply (kase, item, &chief, YC_ACTION_APPROVE, NULL, "2026-03-06T09:00:00");
  g_assert_true (g_str_equal (stage, "approved"));
  return kase;
}

static void
context_init (YcDocumentCaseContext *ctx,
              GDate                 *issued)
{
  memset (ctx, 0, sizeof *ctx);
  g_date_clear (issued, 1);
  g_date_set_dmy (issued, 5, G_DATE_MARCH, 2026);
  ctx->department = yc_catalogue_get_department (catalogue, "320826-SCJG");
  ctx->window = yc_catalogue_get_window (catalogue, "C07");
  ctx->clerk_name = "张敏";
  ctx->calendar = calendar;
  ctx->issued = issued;
  ctx->verification_url = "https://zwfw.lianshui.gov.cn/v/Hq2mX8vK4pT7";
  ctx->supply_days = 5;
  ctx->issuer_uscc = ISSUER_USCC;
  ctx->licence_serial = "JY13208260042";
  ctx->licence_version = 1;
  ctx->scope = "预包装食品销售（含冷藏冷冻食品）";
}

static char *
date_text (int day)
{
  g_autoptr(GDate) date = g_date_new_dmy (day, G_DATE_MARCH, 2026);

  return yc_document_format_date (date);
}

/* Renders and returns the text of every page, whitespace removed. */
static char *
rendered_text (YcDocument *doc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = yc_document_renderer_render (renderer, doc, NULL, NULL, &error);
  g_autoptr(TestPdf) pdf = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (pdf); i++)
    {
      PopplerPage *page = poppler_document_get_page (pdf, i);
      g_autofree char *text = poppler_page_get_text (page);

      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          if (!g_unichar_isspace (g_utf8_get_char (p)))
            g_string_append_unichar (out, g_utf8_get_char (p));
        }
      g_object_unref (page);
    }
  return g_string_free (out, FALSE);
}

static void
test_acceptance (void)
{
  g_autoptr(YcCase) kase = case_at ("accepted");
  YcItem *item = yc_catalogue_get_item (catalogue, ITEM);
  YcDocumentCaseContext ctx;
  GDate issued, due;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocument) doc = NULL;
  g_autofree char *text = NULL, *due_text = NULL;

  context_init (&ctx, &issued);
  doc = yc_document_new_for_case (YC_DOCUMENT_ACCEPTANCE, kase, item, &ctx, &error);
  g_assert_no_error (error);
  /* accepted Thursday 5 March; two working days on is Monday 9 March */
  yc_calendar_add_working_days (calendar, &issued, item->committed_limit, &due, NULL);
  due_text = yc_document_format_date (&due);
  g_assert_cmpstr (due_text, ==, "2026年3月9日");
  g_assert_cmpstr (yc_document_get_field (doc, "completion_date"), ==, due_text);
  g_assert_cmpstr (yc_document_get_field (doc, "committed_limit"), ==, "2");
  g_assert_cmpstr (yc_document_get_field (doc, "legal_limit"), ==, "10");
  g_assert_cmpstr (yc_document_get_field (doc, "issuing_department"), ==, "涟水县市场监督管理局");
  g_assert_cmpstr (yc_document_get_field (doc, "contact_phone"), ==, "0517-82361201");
  g_assert_cmpstr (yc_document_get_field (doc, "complaint_phone"), ==, "0517-82312345");
  g_assert_cmpuint (yc_document_get_n_rows (doc, "pending_materials"), ==, 0);
  text = rendered_text (doc);
  g_assert_nonnull (strstr (text, "320826-C07-20260305-0042"));
  g_assert_nonnull (strstr (text, due_text));
  g_assert_nonnull (strstr (text, "综合受理7号窗口"));
}

static void
test_missing_materials (void)
{
  g_autoptr(YcCase) kase = case_at ("awaiting_materials");
  YcItem *item = yc_catalogue_get_item (catalogue, ITEM);
  YcDocumentCaseContext ctx;
  GDate issued;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocument) doc = NULL;
  g_autofree char *text = NULL, *deadline = date_text (12);

  context_init (&ctx, &issued);
  doc = yc_document_new_for_case (YC_DOCUMENT_MISSING_MATERIALS, kase, item, &ctx, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_document_get_n_rows (doc, "materials"), ==, 2);
  g_assert_cmpstr (yc_document_get_row_field (doc, "materials", 0, "name"), ==,
                   "营业执照或其他主体资格证明文件");
  g_assert_cmpstr (yc_document_get_row_field (doc, "materials", 0, "problem"), ==,
                   "复印件未加盖单位公章");
  g_assert_cmpstr (yc_document_get_row_field (doc, "materials", 0, "requirement"), ==,
                   "原件及复印件1份，A4；在有效期内，复印件加盖单位公章");
  g_assert_cmpstr (yc_document_get_row_field (doc, "materials", 1, "problem"), ==, "未提交");
  /* five working days after Thursday 5 March */
  g_assert_cmpstr (yc_document_get_field (doc, "supply_deadline"), ==, deadline);
  text = rendered_text (doc);
  g_assert_nonnull (strstr (text, "复印件未加盖单位公章"));
  g_assert_nonnull (strstr (text, "进货查验记录等食品安全管理制度"));
  g_assert_nonnull (strstr (text, deadline));
}

static void
test_refusal (void)
{
  g_autoptr(YcCase) kase = case_at ("refused");
  YcItem *item = yc_catalogue_get_item (catalogue, ITEM);
  YcDocumentCaseContext ctx;
  GDate issued;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocument) doc = NULL;
  g_autofree char *text = NULL;

  context_init (&ctx, &issued);
  doc = yc_document_new_for_case (YC_DOCUMENT_REFUSAL, kase, item, &ctx, &error);
  g_assert_no_error (error);
  text = rendered_text (doc);
  g_assert_nonnull (strstr (text, "申请事项依法不需要取得行政许可"));
  g_assert_nonnull (strstr (text, "第三十二条第一款第（一）项"));
  g_assert_nonnull (strstr (text, "六十日内"));
  g_assert_nonnull (strstr (text, "六个月内"));
}

static void
test_certificate (void)
{
  g_autoptr(YcCase) kase = case_at ("approved");
  YcItem *item = yc_catalogue_get_item (catalogue, ITEM);
  YcDocumentCaseContext ctx;
  GDate issued;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocument) doc = NULL;
  g_autofree char *text = NULL;
  const char *id;

  context_init (&ctx, &issued);
  doc = yc_document_new_for_case (YC_DOCUMENT_CERTIFICATE, kase, item, &ctx, &error);
  g_assert_no_error (error);
  id = yc_document_get_field (doc, "licence_id");
  g_assert_true (g_str_has_prefix (id, "1.2.156.3005.2.11100000000013127D004." ISSUER_USCC
                                   ".JY13208260042.001."));
  g_assert_true (yc_elicence_id_check (id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (yc_document_get_field (doc, "licence_name"), ==, "食品经营许可证");
  g_assert_cmpstr (yc_document_get_field (doc, "validity"), ==, "长期");
  text = rendered_text (doc);
  g_assert_nonnull (strstr (text, id));
  g_assert_nonnull (strstr (text, "涟水县清风食品有限公司"));
}

/* Without an issuer code or serial from the caller, the certificate takes the department's
 * credit code from the catalogue and the serial from the case number, and prints the issuing
 * organ with its code, the identifier, the holder, the scope and the validity. */
static void
test_certificate_from_catalogue (void)
{
  g_autoptr(YcCase) kase = case_at ("approved");
  YcItem *item = yc_catalogue_get_item (catalogue, ITEM);
  YcDocumentCaseContext ctx;
  GDate issued;
  g_autoptr(GDate) until = g_date_new_dmy (4, G_DATE_MARCH, 2031);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocument) doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *serial = yc_document_licence_serial (kase->number);
  g_autofree char *prefix = NULL;
  const char *uscc;
  const char *id;

  context_init (&ctx, &issued);
  ctx.issuer_uscc = NULL;
  ctx.licence_serial = NULL;
  ctx.valid_until = until;
  uscc = ctx.department->uscc;
  g_assert_nonnull (uscc);
  g_assert_cmpint (yc_uscc_check (uscc, NULL), ==, YC_USCC_VALID);
  g_assert_nonnull (serial);
  g_assert_null (strchr (serial, '-'));
  g_assert_true (g_str_has_prefix (serial, "320826"));

  doc = yc_document_new_for_case (YC_DOCUMENT_CERTIFICATE, kase, item, &ctx, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_document_get_field (doc, "issuer_uscc"), ==, uscc);
  g_assert_cmpstr (yc_document_get_field (doc, "licence_serial"), ==, serial);
  id = yc_document_get_field (doc, "licence_id");
  prefix = g_strdup_printf ("1.2.156.3005.2.%s.%s.%s.001.", item->licence_type, uscc, serial);
  g_assert_true (g_str_has_prefix (id, prefix));
  g_assert_true (yc_elicence_id_check (id, &error));
  g_assert_no_error (error);

  text = rendered_text (doc);
  for (const char *const *want = (const char *const[]) {
         id, uscc, "统一社会信用代码", ctx.department->name, "涟水县清风食品有限公司",
         "预包装食品销售（含冷藏冷冻食品）", "2026年3月5日至2031年3月4日", NULL };
       *want != NULL; want++)
    if (strstr (text, *want) == NULL)
      g_error ("the certificate does not show “%s”", *want);
}

/* A department the catalogue gives no credit code issues no certificate: nothing to build the
 * identifier from. */
static void
test_certificate_without_uscc (void)
{
  g_autoptr(YcCase) kase = case_at ("approved");
  YcItem *item = yc_catalogue_get_item (catalogue, ITEM);
  YcDocumentCaseContext ctx;
  YcDepartment department;
  GDate issued;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocument) doc = NULL;

  context_init (&ctx, &issued);
  department = *ctx.department;
  department.uscc = NULL;
  ctx.department = &department;
  ctx.issuer_uscc = NULL;
  doc = yc_document_new_for_case (YC_DOCUMENT_CERTIFICATE, kase, item, &ctx, &error);
  g_assert_null (doc);
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_MISSING_FIELD);
  g_assert_nonnull (strstr (error->message, "credit code"));
}

static void
test_licence_serial (void)
{
  static const struct { const char *number; const char *serial; } cases[] = {
    { "320826-C01-20260213-0001", "320826C01202602130001" },
    { "320826-T01W1-20260213-0012", "320826T01W1202602130012" },
    { "320826-c01-2026", "320826C012026" },
    { "---", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *serial = yc_document_licence_serial (cases[i].number);

      g_assert_cmpstr (serial, ==, cases[i].serial);
    }
  g_assert_null (yc_document_licence_serial (NULL));
}

static void
test_receipt (void)
{
  g_autoptr(YcCase) kase = case_at ("accepted");
  YcItem *item = yc_catalogue_get_item (catalogue, ITEM);
  YcDocumentCaseContext ctx;
  GDate issued;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocument) doc = NULL;

  context_init (&ctx, &issued);
  doc = yc_document_new_for_case (YC_DOCUMENT_RECEIPT, kase, item, &ctx, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_document_get_n_rows (doc, "materials"), ==, 5);
  /* the application form is kept; the licence is checked and handed back, a copy kept */
  g_assert_cmpstr (yc_document_get_row_field (doc, "materials", 0, "kept"), ==, "原件1份");
  g_assert_cmpstr (yc_document_get_row_field (doc, "materials", 0, "original"), ==, "已验核");
  g_assert_cmpstr (yc_document_get_row_field (doc, "materials", 1, "kept"), ==, "复印件1份");
  g_assert_cmpstr (yc_document_get_row_field (doc, "materials", 1, "original"), ==,
                   "已验核，原件退回");
}

/* A document asked for at the wrong point of the case, or without what it needs. */
typedef struct
{
  const char     *name;
  const char     *stage;
  YcDocumentType  type;
  gboolean        drop_url;
  int             code;
} WrongCase;

static const WrongCase wrong_cases[] = {
  { "certificate-before-approval", "accepted", YC_DOCUMENT_CERTIFICATE, FALSE,
    YC_DOCUMENT_ERROR_CASE_STATE },
  { "notice-without-missing-material", "accepted", YC_DOCUMENT_MISSING_MATERIALS, FALSE,
    YC_DOCUMENT_ERROR_CASE_STATE },
  { "refusal-of-accepted-case", "accepted", YC_DOCUMENT_REFUSAL, FALSE,
    YC_DOCUMENT_ERROR_CASE_STATE },
  { "acceptance-before-accepting", "received", YC_DOCUMENT_ACCEPTANCE, FALSE,
    YC_DOCUMENT_ERROR_CASE_STATE },
  { "no-verification-url", "accepted", YC_DOCUMENT_ACCEPTANCE, TRUE,
    YC_DOCUMENT_ERROR_MISSING_FIELD },
};

static void
test_wrong (gconstpointer data)
{
  const WrongCase *c = data;
  g_autoptr(YcCase) kase = case_at (c->stage);
  YcItem *item = yc_catalogue_get_item (catalogue, ITEM);
  YcDocumentCaseContext ctx;
  GDate issued;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocument) doc = NULL;

  context_init (&ctx, &issued);
  if (c->drop_url)
    ctx.verification_url = NULL;
  doc = yc_document_new_for_case (c->type, kase, item, &ctx, &error);
  g_assert_null (doc);
  g_assert_error (error, YC_DOCUMENT_ERROR, c->code);
}

/* The department's configured seal text: the arc without the purpose it already names, so
 * the seal looks exactly like one drawn from the plain name, and unlike one that repeats it. */
static cairo_surface_t *
draw_seal (YcSeal *seal)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 130, 130);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  yc_seal_draw (seal, cr, NULL, 65, 65);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
  return memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 cairo_image_surface_get_stride (a) * cairo_image_surface_get_height (a)) == 0;
}

static void
test_department_seal (void)
{
  const YcDepartment *dept = yc_catalogue_get_department (catalogue, "320826-SCJG");
  g_autoptr(YcSeal) seal = yc_seal_new_for_department (dept);
  g_autoptr(YcSeal) plain = yc_seal_new_drawn ("涟水县市场监督管理局", NULL, 0);
  g_autoptr(YcSeal) repeated = yc_seal_new_drawn (dept->seal_name, NULL, 0);
  cairo_surface_t *a = draw_seal (seal), *b = draw_seal (plain), *c = draw_seal (repeated);

  g_assert_true (g_str_has_suffix (dept->seal_name, "行政许可专用章"));
  g_assert_true (same_pixels (a, b));
  g_assert_false (same_pixels (a, c));
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  cairo_surface_destroy (c);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *catalogue_path = NULL, *calendar_dir = NULL, *templates = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("YC_BUILDDIR") != NULL)
    {
      g_autofree char *fonts = g_build_filename (g_getenv ("YC_BUILDDIR"), "font-cache", NULL);

      g_setenv ("YC_FONT_CACHE_DIR", fonts, TRUE);
    }
  catalogue = yc_catalogue_new ();
  catalogue_path = g_build_filename (g_getenv ("YC_DATADIR"), "demo", "catalogue.json", NULL);
  g_assert_true (yc_catalogue_load_file (catalogue, catalogue_path, &error));
  g_assert_no_error (error);
  calendar = yc_calendar_new ();
  calendar_dir = g_build_filename (g_getenv ("YC_DATADIR"), "calendar", NULL);
  g_assert_true (yc_calendar_load_dir (calendar, calendar_dir, &error));
  g_assert_no_error (error);
  renderer = yc_document_renderer_new ();
  templates = yc_document_template_default_dir ();
  g_assert_true (yc_document_renderer_load_templates (renderer, templates, &error));
  g_assert_no_error (error);

  g_test_add_func ("/document-case/acceptance", test_acceptance);
  g_test_add_func ("/document-case/missing-materials", test_missing_materials);
  g_test_add_func ("/document-case/refusal", test_refusal);
  g_test_add_func ("/document-case/certificate", test_certificate);
  g_test_add_func ("/document-case/certificate-from-catalogue",
                   test_certificate_from_catalogue);
  g_test_add_func ("/document-case/certificate-without-uscc", test_certificate_without_uscc);
  g_test_add_func ("/document-case/licence-serial", test_licence_serial);
  g_test_add_func ("/document-case/receipt", test_receipt);
  g_test_add_func ("/document-case/department-seal", test_department_seal);
  for (guint i = 0; i < G_N_ELEMENTS (wrong_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/document-case/wrong/", wrong_cases[i].name, NULL);

      g_test_add_data_func (path, &wrong_cases[i], test_wrong);
    }
  status = g_test_run ();
  g_object_unref (renderer);
  g_object_unref (calendar);
  g_object_unref (catalogue);
  return status;
}
