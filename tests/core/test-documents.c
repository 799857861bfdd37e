/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Official documents rendered for demo-like cases and read back the way a reviewer would:
 * Poppler and pdftotext for the text, pdfinfo for the paper, pdffonts for embedding, pixels
 * for the seal, zbarimg for the QR code. PNGs of each document stay in the build directory. */
#include "config.h"

#include <math.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <poppler.h>

#include "yc-document.h"
#include "yc-document-fonts.h"
#include "yc-document-render.h"
#include "yc-document-template.h"
#include "yc-seal.h"

#define MM (72.0 / 25.4)
#define URL "https://zwfw.lianshui.gov.cn/v/7Qx2Km9PvR4tW8yZ3nLb"

static char *tmp_dir;

/* Local names: Poppler 22.12 has no autoptr support of its own. */
typedef PopplerDocument TestPdf;
typedef PopplerPage TestPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestPdf, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestPage, g_object_unref)

/* Font subsets go to the build directory, shared by the test programs, not to $HOME. */
static void
set_font_cache (void)
{
  const char *builddir = g_getenv ("YC_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir != NULL ? builddir : tmp_dir, "font-cache",
                                           NULL);

  g_mkdir_with_parents (dir, 0700);
  g_setenv ("YC_FONT_CACHE_DIR", dir, TRUE);
}

static YcDocumentRenderer *
renderer_new (void)
{
  g_autoptr(YcDocumentRenderer) renderer = yc_document_renderer_new ();
  g_autofree char *dir = yc_document_template_default_dir ();
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_document_renderer_load_templates (renderer, dir, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&renderer);
}

/* ---- demo documents ---------------------------------------------------------------------- */

static const char * const materials[][3] = {
  { "食品经营许可申请书", "未提交", "原件1份，A4；申请人签字并加盖公章" },
  { "营业执照", "复印件模糊，统一社会信用代码无法辨认", "复印件1份，A4；须清晰完整" },
  { "法定代表人身份证明", "未提交", "原件及复印件1份，A4" },
  { "经营场所使用证明", "租赁合同已过期", "复印件1份，A4；在有效期内" },
  { "食品安全管理制度", "缺少进货查验记录制度", "原件1份，A4" },
  { "经营设施布局和操作流程图", "未标注冷藏区域", "原件1份，A4；比例清楚" },
  { "食品安全管理人员健康证明", "已过有效期", "复印件1份，A4" },
  { "从业人员培训记录", "未提交", "复印件1份" },
  { "主要设备设施清单", "缺少消毒设备", "原件1份" },
  { "委托代理人授权委托书", "未载明委托权限", "原件1份；须委托人签字" },
  { "代理人身份证", "未提交", "原件及复印件1份" },
  { "冷链运输协议", "未加盖对方公章", "复印件1份" },
  { "排污许可证明", "未提交", "复印件1份" },
  { "消防安全检查合格证明", "名称与营业执照不一致", "复印件1份" },
};

static void
set_common (YcDocument *doc)
{
  yc_document_set_field (doc, "case_number", "320826-C07-20260305-0042");
  yc_document_set_field (doc, "applicant_name", "涟水县清风食品有限公司");
  yc_document_set_field (doc, "applicant_id", "91350100M000100Y43");
  yc_document_set_field (doc, "item_name", "食品经营许可（新办）");
  yc_document_set_field (doc, "issuing_department", "涟水县市场监督管理局");
  yc_document_set_field (doc, "window_name", "综合受理7号窗口");
  yc_document_set_field (doc, "clerk_name", "张敏");
  yc_document_set_field (doc, "contact_phone", "0517-82345678");
  yc_document_set_field (doc, "complaint_phone", "0517-12345");
  yc_document_set_field (doc, "received_date", "2026年3月5日");
  yc_document_set_field (doc, "issue_date", "2026年3月5日");
  yc_document_set_field (doc, "place", "涟水县政务服务中心二楼C区");
  yc_document_set_verification_url (doc, URL);
}

static YcDocument *
demo_document (YcDocumentType type,
               guint          rows)
{
  YcDocument *doc = yc_document_new (type);

  set_common (doc);
  switch (type)
    {
    case YC_DOCUMENT_ACCEPTANCE:
      yc_document_set_field (doc, "legal_limit", "20");
      yc_document_set_field (doc, "committed_limit", "3");
      yc_document_set_field (doc, "completion_date", "2026年3月10日");
      for (guint i = 0; i < rows; i++)
        yc_document_add_row (doc, "pending_materials", "name", materials[i][0],
                             "requirement", materials[i][2], NULL);
      break;
    case YC_DOCUMENT_MISSING_MATERIALS:
      yc_document_set_field (doc, "supply_deadline", "2026年3月12日");
      for (guint i = 0; i < rows; i++)
        yc_document_add_row (doc, "materials", "name", materials[i][0],
                             "problem", materials[i][1], "requirement", materials[i][2], NULL);
      break;
    case YC_DOCUMENT_REFUSAL:
      yc_document_set_field (doc, "refusal_reason", "申请事项依法不属于本机关职权范围，应向淮安市生态环境局申请");
      yc_document_set_field (doc, "refusal_basis", "《中华人民共和国行政许可法》第三十二条第一款第（二）项");
      break;
    case YC_DOCUMENT_CERTIFICATE:
      yc_document_set_field (doc, "licence_name", "食品经营许可证");
      yc_document_set_field (doc, "licence_id",
                             "1.2.156.3005.2.JYXKZ.91110000600037341L.JY13208260001.001.4");
      yc_document_set_field (doc, "issuer_uscc", "91110000600037341L");
      yc_document_set_field (doc, "holder_name", "涟水县清风食品有限公司");
      yc_document_set_field (doc, "holder_id", "91350100M000100Y43");
      yc_document_set_field (doc, "scope", "预包装食品销售（含冷藏冷冻食品），散装食品销售（不含散装熟食）");
      yc_document_set_field (doc, "validity", "2026年3月5日至2031年3月4日");
      break;
    case YC_DOCUMENT_RECEIPT:
      for (guint i = 0; i < rows; i++)
        yc_document_add_row (doc, "materials", "name", materials[i][0],
                             "original", i % 2 == 0 ? "已验核，原件退回" : "—",
                             "kept", "复印件1份", NULL);
      break;
    case YC_DOCUMENT_N_TYPES:
    default:
      g_assert_not_reached ();
    }
  return doc;
}

static YcSealAuthorisation *
authorisation_for (YcDocumentType type)
{
  return yc_seal_authorisation_new (yc_document_type_seal_kind (type), "seal-use-000731",
                                    type == YC_DOCUMENT_CERTIFICATE ? "chief.wang" : "clerk.zhang");
}

/* Fields a reader must find in the text of each type, besides the common ones. */
static const char * const required_common[] = {
  "case_number", "applicant_name", "item_name", "issuing_department", "window_name",
  "clerk_name", "contact_phone", "complaint_phone", "issue_date", NULL,
};
static const char * const required_acceptance[] = {
  "received_date", "legal_limit", "committed_limit", "completion_date", "place", NULL,
};
static const char * const required_missing[] = {
  "received_date", "supply_deadline", "place", NULL,
};
static const char * const required_refusal[] = {
  "received_date", "refusal_reason", "refusal_basis", NULL,
};
static const char * const required_certificate[] = {
  "licence_name", "licence_id", "issuer_uscc", "holder_name", "holder_id", "scope", "validity",
  NULL,
};
static const char * const required_receipt[] = {
  "received_date", NULL,
};

/* ---- reading a PDF back ------------------------------------------------------------------ */

static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
run (const char * const *argv,
     int                *status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH
                               | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                               &wait_status, &error));
  g_assert_no_error (error);
  *status = g_spawn_check_wait_status (wait_status, NULL) ? 0 : 1;
  return out;
}

static PopplerDocument *
open_pdf (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *pdf = poppler_document_new_from_file (uri, NULL, &error);

  g_assert_no_error (error);
  return pdf;
}

static char *
page_text (PopplerDocument *pdf,
           int              page)
{
  g_autoptr(TestPage) p = poppler_document_get_page (pdf, page);
  g_autofree char *text = poppler_page_get_text (p);

  return squeeze (text);
}

static cairo_surface_t *
rasterise (PopplerDocument *pdf,
           int              page,
           double           dpi)
{
  g_autoptr(TestPage) p = poppler_document_get_page (pdf, page);
  double w, h, scale = dpi / 72.0;
  cairo_surface_t *surface;
  cairo_t *cr;

  poppler_page_get_size (p, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (w * scale),
                                        (int) ceil (h * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (p, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

typedef struct
{
  guint  count;
  double x0, y0, x1, y1;         /* points */
} RedPixels;

/* Seal ink: strongly red, little green or blue. */
static RedPixels
find_red (cairo_surface_t *surface,
          double           dpi)
{
  RedPixels red = { 0, G_MAXDOUBLE, G_MAXDOUBLE, 0, 0 };
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);

  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (data + y * stride);

      for (int x = 0; x < w; x++)
        {
          guint r = (row[x] >> 16) & 0xff, g = (row[x] >> 8) & 0xff, b = row[x] & 0xff;

          if (r > 170 && g < 110 && b < 110)
            {
              red.count++;
              red.x0 = MIN (red.x0, x * 72.0 / dpi);
              red.y0 = MIN (red.y0, y * 72.0 / dpi);
              red.x1 = MAX (red.x1, (x + 1) * 72.0 / dpi);
              red.y1 = MAX (red.y1, (y + 1) * 72.0 / dpi);
            }
        }
    }
  return red;
}

static char *
decode_qr (PopplerDocument *pdf,
           int              page)
{
  cairo_surface_t *surface = rasterise (pdf, page, 200);
  g_autofree char *png = g_build_filename (tmp_dir, "qr.png", NULL);
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };
  char *out;
  int status;

  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  out = run (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_strchomp (out);
  return out;
}

static void
keep_png (PopplerDocument *pdf,
          int              page,
          const char      *name)
{
  cairo_surface_t *surface = rasterise (pdf, page, 100);
  const char *builddir = g_getenv ("YC_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir != NULL ? builddir : tmp_dir, "tests", NULL);
  g_autofree char *file = g_strdup_printf ("documents-%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  g_mkdir_with_parents (dir, 0755);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
check_pdfinfo (const char *path,
               guint       pages)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *expected_pages = g_strdup_printf ("%u", pages);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint checked = 0;
  int status;

  out = run (argv, &status);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *value = NULL;
      char *colon = strchr (lines[i], ':');

      if (colon == NULL)
        continue;
      value = g_strstrip (g_strdup (colon + 1));
      if (g_str_has_prefix (lines[i], "Page size:"))
        {
          g_assert_cmpstr (value, ==, "595.276 x 841.89 pts (A4)");
          checked++;
        }
      else if (g_str_has_prefix (lines[i], "Pages:"))
        {
          g_assert_cmpstr (value, ==, expected_pages);
          checked++;
        }
    }
  g_assert_cmpuint (checked, ==, 2);
}

static guint
check_fonts_embedded (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *emb;
  guint fonts = 0, cjk = 0;
  int status;

  out = run (argv, &status);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_nonnull (lines[0]);
  emb = strstr (lines[0], "emb");
  g_assert_nonnull (emb);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      {
      g_autofree char *column = g_strndup (lines[i] + (emb - lines[0]), 3);

      fonts++;
      g_assert_cmpstr (column, ==, "yes");
      cjk += strstr (lines[i], "NotoSerifCJK") != NULL;
      }
    }
  g_assert_cmpuint (fonts, >, 0);
  g_assert_cmpuint (cjk, >, 0);
  return fonts;
}

/* The GB/T 9704 seal rule, from the geometry recorded at render time. */
static void
check_seal_rule (const YcDocumentGeometry *g)
{
  const YcDocumentBox *b = &g->text_block;
  double pitch = b->height / 22;
  double cx = g->seal.x + g->seal.width / 2, cy = g->seal.y + g->seal.height / 2;

  g_assert_cmpfloat_with_epsilon (g->seal.width, 42 * MM, 0.01);
  /* inside the text block */
  g_assert_cmpfloat (g->seal.x, >=, b->x - 0.01);
  g_assert_cmpfloat (g->seal.y, >=, b->y - 0.01);
  g_assert_cmpfloat (g->seal.x + g->seal.width, <=, b->x + b->width + 0.01);
  g_assert_cmpfloat (g->seal.y + g->seal.height, <=, b->y + b->height + 0.01);
  /* on the page with the organ, the date and text above them */
  g_assert_cmpuint (g->seal.page, ==, g->date.page);
  g_assert_cmpuint (g->seal.page, ==, g->organ.page);
  g_assert_cmpuint (g->seal.page, ==, g->last_text.page);
  /* top within one line of the text, not over it */
  g_assert_cmpfloat (g->seal.y, >=, g->last_text.y + g->last_text.height - 0.01);
  g_assert_cmpfloat (g->seal.y - (g->last_text.y + g->last_text.height), <=, pitch);
  /* centred on the organ and the date, which sit just below the centre, inside the seal */
  g_assert_cmpfloat_with_epsilon (g->organ.x + g->organ.width / 2, cx, 0.5);
  g_assert_cmpfloat_with_epsilon (g->date.x + g->date.width / 2, cx, 0.5);
  g_assert_cmpfloat (g->organ.y, >, cy);
  g_assert_cmpfloat (g->organ.y - cy, <, pitch / 2);
  g_assert_cmpfloat (g->date.y, >, g->organ.y);
  g_assert_cmpfloat (g->date.y + g->date.height, <, cy + g->seal.height / 2);
  /* the date ends four characters in from the right (or further for a long organ name) */
  g_assert_cmpfloat (g->date.x + g->date.width, <=, b->x + b->width - 4 * b->width / 28 + 0.5);
}

/* The rule again, independently: red ink as Poppler draws it against the date as Poppler
 * finds it in the text. */
static void
check_seal_pixels (PopplerDocument          *pdf,
                   const YcDocumentGeometry *g,
                   const char               *date)
{
  for (int page = 0; page < poppler_document_get_n_pages (pdf); page++)
    {
      cairo_surface_t *surface = rasterise (pdf, page, 100);
      RedPixels red = find_red (surface, 100);

      cairo_surface_destroy (surface);
      if (!g->sealed || (guint) page != g->seal.page)
        {
          g_assert_cmpuint (red.count, ==, 0);
          continue;
        }
      {
        g_autoptr(TestPage) p = poppler_document_get_page (pdf, page);
        GList *found = poppler_page_find_text (p, date);
        PopplerRectangle *r = NULL;
        double page_h, page_w, top, bottom, centre;

        g_assert_cmpuint (red.count, >, 2000);
        g_assert_cmpfloat_with_epsilon (red.x0, g->seal.x, 2.0);
        g_assert_cmpfloat_with_epsilon (red.y0, g->seal.y, 2.0);
        g_assert_cmpfloat_with_epsilon (red.x1, g->seal.x + g->seal.width, 2.0);
        g_assert_cmpfloat_with_epsilon (red.y1, g->seal.y + g->seal.height, 2.0);
        g_assert_nonnull (found);
        poppler_page_get_size (p, &page_w, &page_h);
        /* the lowest occurrence: the date line under the text (others are in the body) */
        for (GList *l = found; l != NULL; l = l->next)
          {
            PopplerRectangle *candidate = l->data;

            if (r == NULL || candidate->y1 < r->y1)
              r = candidate;
          }
        top = page_h - r->y2;
        bottom = page_h - r->y1;
        centre = (r->x1 + r->x2) / 2;
        g_assert_cmpfloat_with_epsilon (centre, (red.x0 + red.x1) / 2, 2.0);
        g_assert_cmpfloat (top, >, (red.y0 + red.y1) / 2);
        g_assert_cmpfloat (bottom, <, red.y1);
        g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
      }
    }
}

typedef struct
{
  const char     *name;
  YcDocumentType  type;
  guint           rows;
  gboolean        sealed;
  guint           pages;
} RenderCase;

static const RenderCase render_cases[] = {
  { "acceptance", YC_DOCUMENT_ACCEPTANCE, 0, TRUE, 1 },
  { "acceptance-pending", YC_DOCUMENT_ACCEPTANCE, 2, TRUE, 1 },
  { "missing-materials", YC_DOCUMENT_MISSING_MATERIALS, 2, TRUE, 1 },
  { "missing-materials-long", YC_DOCUMENT_MISSING_MATERIALS, 14, TRUE, 2 },
  { "refusal", YC_DOCUMENT_REFUSAL, 0, TRUE, 1 },
  { "certificate", YC_DOCUMENT_CERTIFICATE, 0, TRUE, 1 },
  { "receipt", YC_DOCUMENT_RECEIPT, 6, TRUE, 1 },
  { "receipt-unsealed", YC_DOCUMENT_RECEIPT, 6, FALSE, 1 },
  { "certificate-unsealed", YC_DOCUMENT_CERTIFICATE, 0, FALSE, 1 },
};

static void
test_render (gconstpointer data)
{
  const RenderCase *c = data;
  g_autoptr(YcDocumentRenderer) renderer = renderer_new ();
  g_autoptr(YcDocument) doc = demo_document (c->type, c->rows);
  g_autoptr(YcSealAuthorisation) auth = authorisation_for (c->type);
  g_autofree char *file = g_strconcat (c->name, ".pdf", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, file, NULL);
  const char * const *extra[] = {
    [YC_DOCUMENT_ACCEPTANCE] = required_acceptance,
    [YC_DOCUMENT_MISSING_MATERIALS] = required_missing,
    [YC_DOCUMENT_REFUSAL] = required_refusal,
    [YC_DOCUMENT_CERTIFICATE] = required_certificate,
    [YC_DOCUMENT_RECEIPT] = required_receipt,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TestPdf) pdf = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *pdftotext = NULL, *squeezed = NULL, *qr = NULL, *issue_date = NULL;
  YcDocumentGeometry g = { 0 };
  int status;

  if (c->sealed)
    yc_document_set_seal_authorisation (doc, auth);
  g_assert_true (yc_document_renderer_render_to_file (renderer, doc, NULL, path, &g, &error));
  g_assert_no_error (error);

  /* for review, before anything can fail */
  pdf = open_pdf (path);
  for (int page = 0; page < poppler_document_get_n_pages (pdf); page++)
    {
      g_autofree char *name = poppler_document_get_n_pages (pdf) == 1 ? g_strdup (c->name)
                              : g_strdup_printf ("%s-page%d", c->name, page + 1);

      keep_png (pdf, page, name);
    }

  g_assert_cmpuint (g.n_pages, ==, c->pages);
  g_assert_cmpint (g.sealed, ==, c->sealed);

  check_pdfinfo (path, c->pages);
  check_fonts_embedded (path);

  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, c->pages);
  for (guint page = 0; page < c->pages; page++)
    {
      g_autofree char *text = page_text (pdf, page);
      g_autofree char *footer = g_strdup_printf ("第%u页共%u页", page + 1, c->pages);

      g_assert_nonnull (strstr (text, footer));
      /* every page carries the case facts and the verification code */
      g_assert_nonnull (strstr (text, "320826-C07-20260305-0042"));
      g_assert_nonnull (strstr (text, "综合受理7号窗口"));
      g_assert_nonnull (strstr (text, "张敏"));
      g_assert_nonnull (strstr (text, "0517-82345678"));
      g_assert_nonnull (strstr (text, "0517-12345"));
      qr = (g_free (qr), decode_qr (pdf, page));
      g_assert_cmpstr (qr, ==, URL);
      g_string_append (all, text);
    }

  /* pdftotext reads the same words */
  {
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

    pdftotext = run (argv, &status);
    g_assert_cmpint (status, ==, 0);
    squeezed = squeeze (pdftotext);
  }

  for (const char * const *f = required_common; *f != NULL; f++)
    {
      g_autofree char *value = squeeze (yc_document_get_field (doc, *f));

      g_assert_nonnull (strstr (all->str, value));
      g_assert_nonnull (strstr (squeezed, value));
    }
  for (const char * const *f = extra[c->type]; *f != NULL; f++)
    {
      g_autofree char *value = squeeze (yc_document_get_field (doc, *f));

      g_assert_nonnull (strstr (all->str, value));
      g_assert_nonnull (strstr (squeezed, value));
    }
  /* every listed material, with its problem and requirement */
  for (guint r = 0; r < c->rows; r++)
    {
      for (guint k = 0; k < 3; k++)
        {
          g_autofree char *value = NULL;

          if (c->type == YC_DOCUMENT_ACCEPTANCE && k == 1)
            continue;
          if (c->type == YC_DOCUMENT_RECEIPT && k > 0)
            continue;
          value = squeeze (materials[r][k]);
          g_assert_nonnull (strstr (all->str, value));
        }
    }
  /* refusal: both remedies with their time limits */
  if (c->type == YC_DOCUMENT_REFUSAL)
    {
      g_assert_nonnull (strstr (all->str, "六十日内向涟水县人民政府申请行政复议"));
      g_assert_nonnull (strstr (all->str, "六个月内依法向涟水县人民法院提起行政诉讼"));
    }
  /* the seal's lettering is drawn, not text */
  g_assert_null (strstr (all->str, "专用章"));

  check_seal_rule (&g);
  issue_date = g_strdup (yc_document_get_field (doc, "issue_date"));
  check_seal_pixels (pdf, &g, issue_date);

}

/* A long list repeats the table header on the page it flows onto. */
static void
test_long_list_header (void)
{
  g_autoptr(YcDocumentRenderer) renderer = renderer_new ();
  g_autoptr(YcDocument) doc = demo_document (YC_DOCUMENT_MISSING_MATERIALS, 14);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = yc_document_renderer_render (renderer, doc, NULL, NULL, &error);
  g_autoptr(TestPdf) pdf = NULL;
  g_autofree char *page2 = NULL;

  g_assert_no_error (error);
  pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, 2);
  page2 = page_text (pdf, 1);
  g_assert_nonnull (strstr (page2, "材料名称"));
  g_assert_nonnull (strstr (page2, "补正要求"));
}

/* Whatever the length of the text, the seal sits by the rule and never on a page of its own:
 * a refusal reason that grows by 24 characters at a time walks the signature down page 1 and
 * over onto page 2, through the case where the last lines must be carried over with it. */
static void
test_seal_follows_text (void)
{
  g_autoptr(YcDocumentRenderer) renderer = renderer_new ();
  g_autoptr(YcSealAuthorisation) auth = authorisation_for (YC_DOCUMENT_REFUSAL);
  guint carried = 0, two_pages = 0;

  for (guint n = 0; n < 40; n++)
    {
      g_autoptr(YcDocument) doc = demo_document (YC_DOCUMENT_REFUSAL, 0);
      g_autoptr(GString) reason = g_string_new ("经审查");
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      YcDocumentGeometry g = { 0 };

      for (guint i = 0; i < n * 2; i++)
        g_string_append (reason, "，申请材料所载事项与申请事项不符");
      yc_document_set_field (doc, "refusal_reason", reason->str);
      yc_document_set_seal_authorisation (doc, auth);
      bytes = yc_document_renderer_render (renderer, doc, NULL, &g, &error);
      g_assert_no_error (error);
      check_seal_rule (&g);
      two_pages += g.n_pages == 2;
      /* carried over: the page with the seal starts with the lines moved to it */
      carried += g.seal.page == 1 && g.last_text.y < g.text_block.y + 3 * g.text_block.height / 22;
      if (n % 8 == 0 || carried == 1)
        {
          g_autoptr(TestPdf) pdf = poppler_document_new_from_bytes (bytes, NULL, &error);

          g_assert_no_error (error);
          check_seal_pixels (pdf, &g, "2026年3月5日");
        }
    }
  g_assert_cmpuint (two_pages, >, 0);
  g_assert_cmpuint (carried, >, 0);
}

/* ---- rejections: an exact error and no file ---------------------------------------------- */

typedef enum
{
  BREAK_DROP_CLERK,
  BREAK_NO_MATERIALS,
  BREAK_NO_URL,
  BREAK_CERTIFICATE_KIND_ON_NOTICE,
  BREAK_NOTICE_KIND_ON_CERTIFICATE,
  BREAK_AUTH_WITHOUT_USER,
  BREAK_ROW_WITHOUT_PROBLEM,
  BREAK_NO_REFUSAL_BASIS,
} Breakage;

typedef struct
{
  const char     *name;
  YcDocumentType  type;
  Breakage        breakage;
  int             code;
} RejectCase;

static const RejectCase reject_cases[] = {
  { "missing-clerk", YC_DOCUMENT_ACCEPTANCE, BREAK_DROP_CLERK, YC_DOCUMENT_ERROR_MISSING_FIELD },
  { "empty-list", YC_DOCUMENT_MISSING_MATERIALS, BREAK_NO_MATERIALS,
    YC_DOCUMENT_ERROR_MISSING_FIELD },
  { "no-url", YC_DOCUMENT_RECEIPT, BREAK_NO_URL, YC_DOCUMENT_ERROR_MISSING_FIELD },
  { "certificate-kind-on-notice", YC_DOCUMENT_REFUSAL, BREAK_CERTIFICATE_KIND_ON_NOTICE,
    YC_DOCUMENT_ERROR_SEAL },
  { "notice-kind-on-certificate", YC_DOCUMENT_CERTIFICATE, BREAK_NOTICE_KIND_ON_CERTIFICATE,
    YC_DOCUMENT_ERROR_SEAL },
  { "authorisation-without-user", YC_DOCUMENT_ACCEPTANCE, BREAK_AUTH_WITHOUT_USER,
    YC_DOCUMENT_ERROR_SEAL },
  { "row-without-problem", YC_DOCUMENT_MISSING_MATERIALS, BREAK_ROW_WITHOUT_PROBLEM,
    YC_DOCUMENT_ERROR_MISSING_FIELD },
  { "no-refusal-basis", YC_DOCUMENT_REFUSAL, BREAK_NO_REFUSAL_BASIS,
    YC_DOCUMENT_ERROR_MISSING_FIELD },
};

static void
test_reject (gconstpointer data)
{
  const RejectCase *c = data;
  g_autoptr(YcDocumentRenderer) renderer = renderer_new ();
  g_autoptr(YcDocument) doc = demo_document (c->type, c->breakage == BREAK_NO_MATERIALS ? 0 : 3);
  g_autoptr(YcSealAuthorisation) auth = authorisation_for (c->type);
  g_autofree char *file = g_strconcat ("reject-", c->name, ".pdf", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, file, NULL);
  g_autoptr(GError) error = NULL;
  YcDocumentGeometry g = { 0 };

  yc_document_set_seal_authorisation (doc, auth);
  switch (c->breakage)
    {
    case BREAK_DROP_CLERK:
      yc_document_set_field (doc, "clerk_name", NULL);
      break;
    case BREAK_NO_MATERIALS:
      break;
    case BREAK_NO_URL:
      yc_document_set_verification_url (doc, NULL);
      break;
    case BREAK_CERTIFICATE_KIND_ON_NOTICE:
    case BREAK_NOTICE_KIND_ON_CERTIFICATE:
      auth->kind = auth->kind == YC_SEAL_KIND_NOTICE ? YC_SEAL_KIND_CERTIFICATE
                   : YC_SEAL_KIND_NOTICE;
      yc_document_set_seal_authorisation (doc, auth);
      break;
    case BREAK_AUTH_WITHOUT_USER:
      g_clear_pointer (&auth->user, g_free);
      yc_document_set_seal_authorisation (doc, auth);
      break;
    case BREAK_ROW_WITHOUT_PROBLEM:
      yc_document_add_row (doc, "materials", "name", "补充说明", "requirement", "原件1份", NULL);
      break;
    case BREAK_NO_REFUSAL_BASIS:
      yc_document_set_field (doc, "refusal_basis", "");
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_false (yc_document_renderer_render_to_file (renderer, doc, NULL, path, &g, &error));
  g_assert_error (error, YC_DOCUMENT_ERROR, c->code);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g.n_pages, ==, 0);
}

/* A county's edit that breaks a template is refused with the part named. */
typedef struct
{
  const char *name;
  const char *json;
  const char *mentions;
} TemplateCase;

#define FOOTER "\"footer\": [\"${case_number}${window_name}${clerk_name}${contact_phone}" \
               "${complaint_phone}\"]"
#define SIG "{\"type\": \"signature\", \"organ\": \"${issuing_department}\", " \
            "\"date\": \"${issue_date}\"}"

static const TemplateCase template_cases[] = {
  { "not-json", "{\"type\": ", "JSON" },
  { "unknown-type", "{\"type\": \"permit\", \"title\": \"x\", \"blocks\": [" SIG "], " FOOTER "}",
    "type" },
  { "no-title", "{\"type\": \"refusal\", \"blocks\": [" SIG "], " FOOTER "}", "title" },
  { "no-signature", "{\"type\": \"refusal\", \"title\": \"x\", \"blocks\": [{\"type\": "
    "\"title\"}], " FOOTER "}", "signature" },
  { "two-signatures", "{\"type\": \"refusal\", \"title\": \"x\", \"blocks\": [" SIG ", " SIG
    "], " FOOTER "}", "signature" },
  { "footer-without-complaint-phone", "{\"type\": \"refusal\", \"title\": \"x\", \"blocks\": ["
    SIG "], \"footer\": [\"${case_number}${window_name}${clerk_name}${contact_phone}\"]}",
    "complaint_phone" },
  { "unterminated-placeholder", "{\"type\": \"refusal\", \"title\": \"x\", \"blocks\": [{\"type\": "
    "\"paragraph\", \"text\": \"${applicant_name\"}, " SIG "], " FOOTER "}", "${" },
  { "bad-placeholder", "{\"type\": \"refusal\", \"title\": \"x\", \"blocks\": [{\"type\": "
    "\"paragraph\", \"text\": \"${Applicant}\"}, " SIG "], " FOOTER "}", "Applicant" },
  { "unknown-block", "{\"type\": \"refusal\", \"title\": \"x\", \"blocks\": [{\"type\": "
    "\"image\"}, " SIG "], " FOOTER "}", "image" },
  { "table-without-columns", "{\"type\": \"refusal\", \"title\": \"x\", \"blocks\": [{\"type\": "
    "\"table\", \"rows\": \"materials\", \"columns\": []}, " SIG "], " FOOTER "}", "column" },
  { "page-number-without-total", "{\"type\": \"refusal\", \"title\": \"x\", \"page_number\": "
    "\"${page}\", \"blocks\": [" SIG "], " FOOTER "}", "${pages}" },
  { "conditional-signature", "{\"type\": \"refusal\", \"title\": \"x\", \"blocks\": [{\"type\": "
    "\"signature\", \"if\": \"x\", \"organ\": \"a\", \"date\": \"b\"}], " FOOTER "}",
    "conditional" },
};

static void
test_template_rejected (gconstpointer data)
{
  const TemplateCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocumentTemplate) tmpl = yc_document_template_new_from_data (c->json, -1, &error);

  g_assert_null (tmpl);
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_TEMPLATE);
  g_assert_nonnull (strstr (error->message, c->mentions));
}

/* Loading a directory that lacks one template replaces none. */
static void
test_template_dir_incomplete (void)
{
  g_autoptr(YcDocumentRenderer) renderer = renderer_new ();
  YcDocumentTemplate *before = yc_document_renderer_get_template (renderer,
                                                                  YC_DOCUMENT_REFUSAL);
  g_autofree char *src = yc_document_template_default_dir ();
  g_autofree char *dir = g_build_filename (tmp_dir, "partial-templates", NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  for (guint i = 0; i < YC_DOCUMENT_N_TYPES; i++)
    {
      g_autofree char *name = g_strconcat (yc_document_type_to_string (i), ".json", NULL);
      g_autofree char *from = g_build_filename (src, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (i == YC_DOCUMENT_RECEIPT)
        continue;
      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }
  g_assert_false (yc_document_renderer_load_templates (renderer, dir, &error));
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_TEMPLATE);
  g_assert_true (yc_document_renderer_get_template (renderer, YC_DOCUMENT_REFUSAL) == before);
}

/* The text of the first page of @doc, rendered by the process's shared renderer. */
static char *
shared_text (const char  *dir,
             YcDocument  *doc,
             GError     **error)
{
  g_autoptr(GBytes) bytes = yc_document_renderer_render_shared (dir, doc, NULL, NULL, error);
  g_autoptr(TestPdf) pdf = NULL;

  if (bytes == NULL)
    return NULL;
  pdf = poppler_document_new_from_bytes (bytes, NULL, NULL);
  g_assert_nonnull (pdf);
  return page_text (pdf, 0);
}

/* The shared renderer keeps its templates until a file changes, then loads them again; a
 * broken edit is an error, and the repaired file renders again. */
static void
test_shared_renderer (void)
{
  g_autofree char *src = yc_document_template_default_dir ();
  g_autofree char *dir = g_build_filename (tmp_dir, "shared-templates", NULL);
  g_autofree char *acceptance = g_build_filename (dir, "acceptance.json", NULL);
  g_autofree char *original = NULL, *edited = NULL, *text = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(YcDocument) doc = demo_document (YC_DOCUMENT_ACCEPTANCE, 0);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  for (guint i = 0; i < YC_DOCUMENT_N_TYPES; i++)
    {
      g_autofree char *name = g_strconcat (yc_document_type_to_string (i), ".json", NULL);
      g_autofree char *from = g_build_filename (src, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }
  g_assert_true (g_file_get_contents (acceptance, &original, NULL, NULL));

  text = shared_text (dir, doc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "受理通知书"));
  g_assert_null (strstr (text, "受理通知书（存根）"));

  parts = g_strsplit (original, "\"title\": \"受理通知书\"", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  edited = g_strjoinv ("\"title\": \"受理通知书（存根）\"", parts);
  g_assert_true (g_file_set_contents (acceptance, edited, -1, NULL));
  g_free (text);
  text = shared_text (dir, doc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "受理通知书（存根）"));

  g_assert_true (g_file_set_contents (acceptance, "{\"type\": \"acceptance\"", -1, NULL));
  g_free (text);
  text = shared_text (dir, doc, &error);
  g_assert_null (text);
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_TEMPLATE);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (acceptance, original, -1, NULL));
  text = shared_text (dir, doc, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "（存根）"));
}

/* ---- the seal from an official image ----------------------------------------------------- */

static char *
write_seal_png (int width,
                int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *name = g_strdup_printf ("seal-%dx%d.png", width, height);
  char *path = g_build_filename (tmp_dir, name, NULL);

  cairo_set_source_rgb (cr, 0.85, 0.05, 0.05);
  cairo_set_line_width (cr, width * 0.05);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) * 0.45, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) * 0.15, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static void
test_seal_image (void)
{
  g_autoptr(YcDocumentRenderer) renderer = renderer_new ();
  g_autoptr(YcDocument) doc = demo_document (YC_DOCUMENT_ACCEPTANCE, 0);
  g_autoptr(YcSealAuthorisation) auth = authorisation_for (YC_DOCUMENT_ACCEPTANCE);
  g_autofree char *png = write_seal_png (400, 400);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcSeal) seal = yc_seal_new_from_png (png, 40, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TestPdf) pdf = NULL;
  YcDocumentGeometry g = { 0 };
  cairo_surface_t *surface;
  RedPixels red;

  g_assert_no_error (error);
  yc_document_set_seal_authorisation (doc, auth);
  bytes = yc_document_renderer_render (renderer, doc, seal, &g, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (g.seal.width, 40 * MM, 0.01);
  pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  surface = rasterise (pdf, 0, 100);
  red = find_red (surface, 100);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (red.count, >, 1000);
  g_assert_cmpfloat_with_epsilon ((red.x0 + red.x1) / 2, g.seal.x + g.seal.width / 2, 2.0);
  g_assert_cmpfloat_with_epsilon ((red.y0 + red.y1) / 2, g.seal.y + g.seal.height / 2, 2.0);
}

static gboolean
pdf_contains (GBytes     *bytes,
              const char *needle)
{
  gsize size, length = strlen (needle);
  const char *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i + length <= size; i++)
    {
      if (memcmp (data + i, needle, length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* In a PDF the drawn seal is a 1-bit mask carried as CCITT G4, not outlines, and an official
 * image comes without a transparency mask; both still put the ink where the rule says. */
static void
test_seal_pdf_form (void)
{
  g_autoptr(YcDocumentRenderer) renderer = renderer_new ();
  g_autoptr(YcDocument) doc = demo_document (YC_DOCUMENT_ACCEPTANCE, 0);
  g_autoptr(YcSealAuthorisation) auth = authorisation_for (YC_DOCUMENT_ACCEPTANCE);
  g_autofree char *png = write_seal_png (400, 400);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcSeal) image = yc_seal_new_from_png (png, 42, &error);
  g_autoptr(GBytes) drawn = NULL, official = NULL;
  g_autoptr(TestPdf) pdf = NULL;
  YcDocumentGeometry g = { 0 };

  g_assert_no_error (error);
  yc_document_set_seal_authorisation (doc, auth);
  drawn = yc_document_renderer_render (renderer, doc, NULL, &g, &error);
  g_assert_no_error (error);
  g_assert_true (pdf_contains (drawn, "/CCITTFaxDecode"));
  pdf = poppler_document_new_from_bytes (drawn, NULL, &error);
  g_assert_no_error (error);
  check_seal_pixels (pdf, &g, yc_document_get_field (doc, "issue_date"));

  official = yc_document_renderer_render (renderer, doc, image, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (pdf_contains (official, "/SMask"));
  g_assert_false (pdf_contains (official, "/CCITTFaxDecode"));
}

static void
test_seal_image_rejected (void)
{
  g_autofree char *oblong = write_seal_png (400, 200);
  g_autofree char *not_png = g_build_filename (tmp_dir, "seal.txt", NULL);
  g_autoptr(GError) error = NULL;
  YcSeal *seal;

  g_assert_true (g_file_set_contents (not_png, "not an image", -1, NULL));
  seal = yc_seal_new_from_png (not_png, 42, &error);
  g_assert_null (seal);
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_SEAL);
  g_clear_error (&error);
  seal = yc_seal_new_from_png (oblong, 42, &error);
  g_assert_null (seal);
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_SEAL);
}

/* ---- the document as JSON ---------------------------------------------------------------- */

static void
test_json_round_trip (void)
{
  g_autoptr(YcDocument) doc = demo_document (YC_DOCUMENT_MISSING_MATERIALS, 3);
  g_autoptr(YcSealAuthorisation) auth = authorisation_for (YC_DOCUMENT_MISSING_MATERIALS);
  g_autoptr(JsonNode) node = NULL, again = NULL;
  g_autoptr(YcDocument) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fields = NULL;

  yc_document_set_seal_authorisation (doc, auth);
  node = yc_document_to_json (doc);
  copy = yc_document_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yc_document_get_doc_type (copy), ==, YC_DOCUMENT_MISSING_MATERIALS);
  fields = yc_document_list_fields (doc);
  for (guint i = 0; fields[i] != NULL; i++)
    g_assert_cmpstr (yc_document_get_field (copy, fields[i]), ==,
                     yc_document_get_field (doc, fields[i]));
  g_assert_cmpuint (yc_document_get_n_rows (copy, "materials"), ==, 3);
  g_assert_cmpstr (yc_document_get_row_field (copy, "materials", 2, "problem"), ==,
                   materials[2][1]);
  g_assert_cmpstr (yc_document_get_verification_url (copy), ==, URL);
  g_assert_cmpstr (yc_document_get_seal_authorisation (copy)->user, ==, "clerk.zhang");
  again = yc_document_to_json (copy);
  g_assert_true (json_node_equal (node, again));
}

typedef struct
{
  const char *name;
  const char *json;
} BadJson;

static const BadJson bad_json[] = {
  { "not-object", "[]" },
  { "unknown-type", "{\"type\": \"memo\"}" },
  { "field-not-text", "{\"type\": \"refusal\", \"fields\": {\"case_number\": 7}}" },
  { "bad-field-name", "{\"type\": \"refusal\", \"fields\": {\"Case\": \"x\"}}" },
  { "rows-not-array", "{\"type\": \"refusal\", \"lists\": {\"materials\": {}}}" },
  { "seal-without-user", "{\"type\": \"refusal\", \"seal_authorisation\": {\"kind\": "
    "\"notice\", \"id\": \"s1\"}}" },
  { "seal-unknown-kind", "{\"type\": \"refusal\", \"seal_authorisation\": {\"kind\": "
    "\"stamp\", \"id\": \"s1\", \"user\": \"u\"}}" },
};

static void
test_json_rejected (gconstpointer data)
{
  const BadJson *c = data;
  g_autoptr(JsonNode) node = json_from_string (c->json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocument) doc = yc_document_from_json (node, &error);

  g_assert_null (doc);
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_PARSE);
}

/* Glyphs in the face Pango picks for the first character of @text. */
static guint
face_glyphs (PangoFontMap *map,
             const char   *font,
             const char   *text)
{
  PangoContext *context = pango_font_map_create_context (map);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  PangoLanguage *zh = pango_language_from_string ("zh-cn");
  PangoFontset *fontset;
  PangoFont *face;
  guint glyphs;

  pango_context_set_language (context, zh);
  fontset = pango_context_load_fontset (context, desc, zh);
  face = pango_fontset_get_font (fontset, g_utf8_get_char (text));
  glyphs = hb_face_get_glyph_count (hb_font_get_face (pango_font_get_hb_font (face)));
  g_object_unref (face);
  g_object_unref (fontset);
  pango_font_description_free (desc);
  g_object_unref (context);
  return glyphs;
}

/* A face that sets only the templates' own words gets a subset of just those in front, with
 * the GB 2312 subset behind it for anything else; once it sets document text too, the front
 * subset goes. */
static void
test_fonts_template_words (void)
{
  const char *bold = "Noto Serif CJK SC Bold 22";
  PangoFontMap *map = pango_cairo_font_map_new ();
  g_autoptr(YcDocumentFonts) fonts = yc_document_fonts_new ();

  yc_document_fonts_prepare (fonts, bold, FALSE, "受理通知书");
  yc_document_fonts_install (fonts, map);
  g_assert_cmpuint (face_glyphs (map, bold, "受"), <, 1000);
  g_assert_cmpuint (face_glyphs (map, bold, "涟"), >, 6000);

  yc_document_fonts_prepare (fonts, bold, TRUE, NULL);
  yc_document_fonts_install (fonts, map);
  g_assert_cmpuint (face_glyphs (map, bold, "受"), >, 6000);
  g_object_unref (map);
}

/* The renderer embeds a GB 2312 subset of the large CJK faces; a name outside GB 2312 (喆,
 * 堃) still prints, from the full face behind it. */
static void
test_fonts_subset_and_fallback (void)
{
  g_autoptr(YcDocumentRenderer) renderer = renderer_new ();
  g_autoptr(YcDocument) doc = demo_document (YC_DOCUMENT_RECEIPT, 1);
  g_autofree char *path = g_build_filename (tmp_dir, "rare.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TestPdf) pdf = NULL;
  g_autoptr(GDir) cache = NULL;
  g_autofree char *text = NULL;
  guint cached = 0;

  yc_document_set_field (doc, "applicant_name", "王喆堃");
  g_assert_true (yc_document_renderer_render_to_file (renderer, doc, NULL, path, NULL, &error));
  g_assert_no_error (error);
  pdf = open_pdf (path);
  text = page_text (pdf, 0);
  g_assert_nonnull (strstr (text, "王喆堃"));
  /* the title's bold subset, the body's regular subset and, for 喆堃, the full regular face */
  g_assert_cmpuint (check_fonts_embedded (path), ==, 3);

  cache = g_dir_open (g_getenv ("YC_FONT_CACHE_DIR"), 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (cache) != NULL)
    cached++;
  g_assert_cmpuint (cached, >=, 1);
}

static void
test_format_date (void)
{
  g_autoptr(GDate) date = g_date_new_dmy (5, G_DATE_MARCH, 2026);
  g_autofree char *text = yc_document_format_date (date);

  g_assert_cmpstr (text, ==, "2026年3月5日");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("yc-documents-XXXXXX", &error);
  g_assert_no_error (error);
  set_font_cache ();

  for (guint i = 0; i < G_N_ELEMENTS (render_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/documents/render/", render_cases[i].name, NULL);
      g_test_add_data_func (path, &render_cases[i], test_render);
    }
  g_test_add_func ("/documents/long-list-header", test_long_list_header);
  g_test_add_func ("/documents/seal-follows-text", test_seal_follows_text);
  for (guint i = 0; i < G_N_ELEMENTS (reject_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/documents/reject/", reject_cases[i].name, NULL);
      g_test_add_data_func (path, &reject_cases[i], test_reject);
    }
  for (guint i = 0; i < G_N_ELEMENTS (template_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/documents/template/", template_cases[i].name, NULL);
      g_test_add_data_func (path, &template_cases[i], test_template_rejected);
    }
  g_test_add_func ("/documents/template/dir-incomplete", test_template_dir_incomplete);
  g_test_add_func ("/documents/shared-renderer", test_shared_renderer);
  g_test_add_func ("/documents/seal/image", test_seal_image);
  g_test_add_func ("/documents/seal/image-rejected", test_seal_image_rejected);
  g_test_add_func ("/documents/seal/pdf-form", test_seal_pdf_form);
  g_test_add_func ("/documents/json/round-trip", test_json_round_trip);
  for (guint i = 0; i < G_N_ELEMENTS (bad_json); i++)
    {
      g_autofree char *path = g_strconcat ("/documents/json/rejected/", bad_json[i].name, NULL);
      g_test_add_data_func (path, &bad_json[i], test_json_rejected);
    }
  g_test_add_func ("/documents/format-date", test_format_date);
  g_test_add_func ("/documents/fonts/subset-and-fallback", test_fonts_subset_and_fallback);
  g_test_add_func ("/documents/fonts/template-words", test_fonts_template_words);

  status = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmp_dir, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  NULL, NULL);
  }
  g_free (tmp_dir);
  return status;
}
