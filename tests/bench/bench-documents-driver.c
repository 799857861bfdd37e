/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The C half of bench-documents: renders demo notices and certificates with libyc-documents
 * and reports time to the first page and documents per second; with --odt it writes the same
 * documents as OpenDocument parts (from the same templates and fields) for LibreOffice. */
#include "config.h"

#include <time.h>
#include <glib/gstdio.h>
#include <qrencode.h>

#include "yc-document-render.h"
#include "yc-document-template-private.h"

#define URL "https://zwfw.lianshui.gov.cn/v/7Qx2Km9PvR4tW8yZ3nLb"

static YcDocument *
demo (YcDocumentType type)
{
  YcDocument *doc = yc_document_new (type);
  g_autoptr(YcSealAuthorisation) auth = NULL;
  const char *common[][2] = {
    { "case_number", "320826-C07-20260305-0042" }, { "applicant_name", "涟水县清风食品有限公司" },
    { "item_name", "食品经营许可（新办）" }, { "issuing_department", "涟水县市场监督管理局" },
    { "window_name", "综合受理7号窗口" }, { "clerk_name", "张敏" },
    { "contact_phone", "0517-82345678" }, { "complaint_phone", "0517-12345" },
    { "received_date", "2026年3月5日" }, { "issue_date", "2026年3月5日" },
    { "place", "涟水县政务服务中心二楼C区" }, { "legal_limit", "20" },
    { "committed_limit", "3" }, { "completion_date", "2026年3月10日" },
    { "licence_name", "食品经营许可证" },
    { "licence_id", "1.2.156.3005.2.JYXKZ.91110000600037341L.JY13208260001.001.4" },
    { "issuer_uscc", "91110000600037341L" },
    { "holder_name", "涟水县清风食品有限公司" }, { "holder_id", "91350100M000100Y43" },
    { "scope", "预包装食品销售（含冷藏冷冻食品），散装食品销售（不含散装熟食）" },
    { "validity", "2026年3月5日至2031年3月4日" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    yc_document_set_field (doc, common[i][0], common[i][1]);
  yc_document_set_verification_url (doc, URL);
  auth = yc_seal_authorisation_new (yc_document_type_seal_kind (type), "seal-use-1", "chief.wang");
  yc_document_set_seal_authorisation (doc, auth);
  return doc;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Processor time of this process in ms: what a document costs, whatever else runs. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* ---- the same documents as OpenDocument parts -------------------------------------------- */

static void
xml_text (GString    *out,
          const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

static gboolean
write_odt (YcDocumentRenderer *renderer,
           YcDocument         *doc,
           const char         *dir,
           GError            **error)
{
  YcDocumentTemplate *tmpl = yc_document_renderer_get_template (renderer,
                                                                yc_document_get_doc_type (doc));
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) footer = g_string_new (NULL);
  g_autofree char *meta_dir = g_build_filename (dir, "META-INF", NULL);
  g_autofree char *pictures = g_build_filename (dir, "Pictures", NULL);
  g_autofree char *seal_png = g_build_filename (pictures, "seal.png", NULL);
  g_autofree char *qr_png = g_build_filename (pictures, "qr.png", NULL);
  g_autofree char *title = NULL, *content = NULL, *styles = NULL, *path = NULL;
  g_autoptr(YcSeal) seal = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_mkdir_with_parents (meta_dir, 0755);
  g_mkdir_with_parents (pictures, 0755);

  /* The seal and the QR code as images, drawn by the same code. */
  seal = yc_seal_new_drawn (yc_document_get_field (doc, "issuing_department"), NULL, 0);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 496, 496);
  cr = cairo_create (surface);
  cairo_scale (cr, 496 / yc_seal_get_diameter (seal), 496 / yc_seal_get_diameter (seal));
  yc_seal_draw (seal, cr, NULL, yc_seal_get_diameter (seal) / 2, yc_seal_get_diameter (seal) / 2);
  cairo_destroy (cr);
  cairo_surface_write_to_png (surface, seal_png);
  cairo_surface_destroy (surface);
  {
    QRcode *qr = QRcode_encodeString (yc_document_get_verification_url (doc), 0, QR_ECLEVEL_M,
                                      QR_MODE_8, 1);

    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, qr->width * 8, qr->width * 8);
    cr = cairo_create (surface);
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    cairo_set_source_rgb (cr, 0, 0, 0);
    for (int i = 0; i < qr->width * qr->width; i++)
      {
        if (qr->data[i] & 1)
          cairo_rectangle (cr, (i % qr->width) * 8, (i / qr->width) * 8, 8, 8);
      }
    cairo_fill (cr);
    cairo_destroy (cr);
    cairo_surface_write_to_png (surface, qr_png);
    cairo_surface_destroy (surface);
    QRcode_free (qr);
  }

  title = yc_document_template_expand (tmpl, doc, NULL, 0, tmpl->title, error);
  if (title == NULL)
    return FALSE;
  for (guint i = 0; i < tmpl->blocks->len; i++)
    {
      const YcTemplateBlock *block = g_ptr_array_index (tmpl->blocks, i);

      if (!yc_template_block_applies (tmpl, block, doc))
        continue;
      switch (block->kind)
        {
        case YC_BLOCK_TITLE:
          g_string_append (body, "<text:p text:style-name=\"Title\">");
          xml_text (body, title);
          g_string_append (body, "</text:p>");
          break;
        case YC_BLOCK_SPACE:
          g_string_append (body, "<text:p text:style-name=\"Body\"/>");
          break;
        case YC_BLOCK_PARAGRAPH:
        case YC_BLOCK_LIST:
          {
            guint n = block->kind == YC_BLOCK_LIST ? yc_document_get_n_rows (doc, block->rows) : 1;

            for (guint r = 0; r < n; r++)
              {
                g_autofree char *text = yc_document_template_expand (
                  tmpl, doc, block->kind == YC_BLOCK_LIST ? block->rows : NULL, r, block->text,
                  error);
                if (text == NULL)
                  return FALSE;
                g_string_append_printf (body, "<text:p text:style-name=\"%s\">",
                                        block->indent > 0 ? "Body" : "Plain");
                xml_text (body, text);
                g_string_append (body, "</text:p>");
              }
          }
          break;
        case YC_BLOCK_TABLE:
          {
            guint n = block->cells != NULL ? block->cells->len
                      : yc_document_get_n_rows (doc, block->rows);

            g_string_append_printf (body, "<table:table table:name=\"T%u\">"
                                    "<table:table-column table:number-columns-repeated=\"%u\"/>",
                                    i, block->columns->len);
            for (guint r = 0; r < n + (block->header ? 1 : 0); r++)
              {
                g_string_append (body, "<table:table-row>");
                for (guint c = 0; c < block->columns->len; c++)
                  {
                    YcTemplateColumn *column = g_ptr_array_index (block->columns, c);
                    guint row = r - (block->header ? 1 : 0);
                    g_autofree char *text = NULL;

                    if (block->header && r == 0)
                      text = g_strdup (column->title);
                    else if (block->cells != NULL)
                      text = yc_document_template_expand (
                        tmpl, doc, NULL, 0, ((GStrv) g_ptr_array_index (block->cells, row))[c],
                        error);
                    else
                      text = yc_document_template_expand (tmpl, doc, block->rows, row,
                                                          column->cell, error);
                    if (text == NULL)
                      return FALSE;
                    g_string_append (body, "<table:table-cell table:style-name=\"Cell\" "
                                     "office:value-type=\"string\"><text:p "
                                     "text:style-name=\"Table\">");
                    xml_text (body, text);
                    g_string_append (body, "</text:p></table:table-cell>");
                  }
                g_string_append (body, "</table:table-row>");
              }
            g_string_append (body, "</table:table>");
          }
          break;
        case YC_BLOCK_SIGNATURE:
          {
            g_autofree char *organ = yc_document_template_expand (tmpl, doc, NULL, 0,
                                                                  block->text, error);
            g_autofree char *date = organ != NULL
                                    ? yc_document_template_expand (tmpl, doc, NULL, 0,
                                                                   block->date, error) : NULL;
            if (date == NULL)
              return FALSE;
            g_string_append (body, "<text:p text:style-name=\"Signature\">"
                             "<draw:frame draw:name=\"seal\" text:anchor-type=\"paragraph\" "
                             "svg:x=\"88mm\" svg:y=\"-18mm\" "
                             "svg:width=\"42mm\" svg:height=\"42mm\" "
                             "draw:z-index=\"1\"><draw:image xlink:href=\"Pictures/seal.png\" "
                             "xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"/>"
                             "</draw:frame>");
            xml_text (body, organ);
            g_string_append (body, "</text:p><text:p text:style-name=\"Signature\">");
            xml_text (body, date);
            g_string_append (body, "</text:p>");
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  for (guint i = 0; tmpl->footer[i] != NULL; i++)
    {
      g_autofree char *line = yc_document_template_expand (tmpl, doc, NULL, 0, tmpl->footer[i],
                                                           error);
      if (line == NULL)
        return FALSE;
      g_string_append (footer, "<text:p text:style-name=\"Footer\">");
      if (i == 0)
        g_string_append (footer, "<draw:frame draw:name=\"qr\" text:anchor-type=\"paragraph\" "
                         "svg:x=\"134mm\" svg:y=\"0mm\" svg:width=\"22mm\" svg:height=\"22mm\">"
                         "<draw:image xlink:href=\"Pictures/qr.png\" xlink:type=\"simple\" "
                         "xlink:show=\"embed\" xlink:actuate=\"onLoad\"/></draw:frame>");
      xml_text (footer, line);
      g_string_append (footer, "</text:p>");
    }
  g_string_append (footer, "<text:p text:style-name=\"Footer\">第 <text:page-number "
                   "text:select-page=\"current\"/> 页 共 <text:page-count/> 页</text:p>");

#define NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
  "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " \
  "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" " \
  "xmlns:xlink=\"http://www.w3.org/1999/xlink\" " \
  "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" office:version=\"1.2\""

  content = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                             "<office:document-content " NS "><office:automatic-styles>"
                             "<style:style style:name=\"Cell\" style:family=\"table-cell\">"
                             "<style:table-cell-properties fo:border=\"0.26pt solid #000000\" "
                             "fo:padding=\"1.5mm\"/></style:style></office:automatic-styles>"
                             "<office:body><office:text>%s</office:text></office:body>"
                             "</office:document-content>", body->str);
  styles = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<office:document-styles " NS "><office:font-face-decls>"
    "<style:font-face style:name=\"Noto Serif CJK SC\" svg:font-family=\"'Noto Serif CJK SC'\"/>"
    "</office:font-face-decls><office:styles>"
    "<style:style style:name=\"Plain\" style:family=\"paragraph\"><style:paragraph-properties "
    "fo:line-height=\"28.98pt\"/><style:text-properties "
    "style:font-name-asian=\"Noto Serif CJK SC\" "
    "style:font-name=\"Noto Serif CJK SC\" fo:font-size=\"16pt\" style:font-size-asian=\"16pt\"/>"
    "</style:style>"
    "<style:style style:name=\"Body\" style:family=\"paragraph\" style:parent-style-name=\"Plain\">"
    "<style:paragraph-properties fo:text-indent=\"11.14mm\"/></style:style>"
    "<style:style style:name=\"Title\" style:family=\"paragraph\"><style:paragraph-properties "
    "fo:text-align=\"center\"/><style:text-properties style:font-name=\"Noto Serif CJK SC\" "
    "style:font-name-asian=\"Noto Serif CJK SC\" "
    "fo:font-size=\"22pt\" style:font-size-asian=\"22pt\" "
    "fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/></style:style>"
    "<style:style style:name=\"Signature\" "
    "style:family=\"paragraph\" style:parent-style-name=\"Plain\">"
    "<style:paragraph-properties fo:text-align=\"end\" fo:margin-right=\"22.3mm\"/></style:style>"
    "<style:style style:name=\"Table\" style:family=\"paragraph\"><style:text-properties "
    "style:font-name=\"Noto Serif CJK SC\" style:font-name-asian=\"Noto Serif CJK SC\" "
    "fo:font-size=\"12pt\" style:font-size-asian=\"12pt\"/></style:style>"
    "<style:style style:name=\"Footer\" style:family=\"paragraph\"><style:text-properties "
    "style:font-name=\"Noto Serif CJK SC\" style:font-name-asian=\"Noto Serif CJK SC\" "
    "fo:font-size=\"9pt\" style:font-size-asian=\"9pt\"/></style:style>"
    "</office:styles><office:automatic-styles><style:page-layout style:name=\"A4\">"
    "<style:page-layout-properties fo:page-width=\"210mm\" fo:page-height=\"297mm\" "
    "fo:margin-top=\"37mm\" fo:margin-bottom=\"8mm\" fo:margin-left=\"28mm\" "
    "fo:margin-right=\"26mm\"/><style:footer-style><style:header-footer-properties "
    "fo:min-height=\"27mm\"/></style:footer-style></style:page-layout>"
    "</office:automatic-styles><office:master-styles><style:master-page "
    "style:name=\"Standard\" style:page-layout-name=\"A4\"><style:footer>%s</style:footer>"
    "</style:master-page></office:master-styles></office:document-styles>", footer->str);

  path = g_build_filename (dir, "mimetype", NULL);
  if (!g_file_set_contents (path, "application/vnd.oasis.opendocument.text", -1, error))
    return FALSE;
  g_free (path);
  path = g_build_filename (dir, "content.xml", NULL);
  if (!g_file_set_contents (path, content, -1, error))
    return FALSE;
  g_free (path);
  path = g_build_filename (dir, "styles.xml", NULL);
  if (!g_file_set_contents (path, styles, -1, error))
    return FALSE;
  g_free (path);
  path = g_build_filename (meta_dir, "manifest.xml", NULL);
  return g_file_set_contents (path, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
    "manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" "
    "manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
    "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry "
    "manifest:full-path=\"Pictures/seal.png\" manifest:media-type=\"image/png\"/>"
    "<manifest:file-entry "
    "manifest:full-path=\"Pictures/qr.png\" manifest:media-type=\"image/png\"/>"
    "</manifest:manifest>", -1, error);
}

int
main (int   argc,
      char *argv[])
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *templates = NULL, *odt = NULL, *pdf_dir = NULL;
  int count = 200;
  GOptionEntry entries[] = {
    { "templates", 0, 0, G_OPTION_ARG_FILENAME, &templates, "Template directory", "DIR" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Documents of each type to render", "N" },
    { "odt", 0, 0, G_OPTION_ARG_FILENAME, &odt, "Write OpenDocument parts here and stop", "DIR" },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_dir, "Keep one PDF of each type here", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- document rendering benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocumentRenderer) renderer = NULL;
  g_autoptr(YcDocument) notice = demo (YC_DOCUMENT_ACCEPTANCE);
  g_autoptr(YcDocument) certificate = demo (YC_DOCUMENT_CERTIFICATE);
  g_autoptr(GBytes) first = NULL;
  double cold, cold_cpu, warm = G_MAXDOUBLE, warm_cpu = G_MAXDOUBLE, notices, certificates;
  double c0, notices_cpu, certs_cpu;
  YcDocumentGeometry g;
  gint64 t;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (templates == NULL)
    templates = yc_document_template_default_dir ();

  /* Cold: from process start (font configuration and font loading included) to the bytes of
   * a finished one-page notice. */
  renderer = yc_document_renderer_new ();
  if (!yc_document_renderer_load_templates (renderer, templates, &error)
      || (first = yc_document_renderer_render (renderer, notice, NULL, &g, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  cold = ms_since (start);
  cold_cpu = cpu_ms ();
  if (g.n_pages != 1)
    {
      g_printerr ("the demo notice should fit one page, not %u\n", g.n_pages);
      return 1;
    }

  if (odt != NULL)
    {
      g_autofree char *n = g_build_filename (odt, "notice", NULL);
      g_autofree char *c = g_build_filename (odt, "certificate", NULL);

      if (!write_odt (renderer, notice, n, &error) || !write_odt (renderer, certificate, c, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      return 0;
    }
  if (pdf_dir != NULL)
    {
      g_autofree char *n = g_build_filename (pdf_dir, "notice.pdf", NULL);
      g_autofree char *c = g_build_filename (pdf_dir, "certificate.pdf", NULL);

      if (!yc_document_renderer_render_to_file (renderer, notice, NULL, n, NULL, &error)
          || !yc_document_renderer_render_to_file (renderer, certificate, NULL, c, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }

  /* Warm: the best of a few single one-page notices, as a window prints them. */
  for (int i = 0; i < 10; i++)
    {
      g_autoptr(GBytes) bytes = NULL;

      t = g_get_monotonic_time ();
      c0 = cpu_ms ();
      bytes = yc_document_renderer_render (renderer, notice, NULL, NULL, NULL);
      warm = MIN (warm, ms_since (t));
      warm_cpu = MIN (warm_cpu, cpu_ms () - c0);
    }

  t = g_get_monotonic_time ();
  c0 = cpu_ms ();
  for (int i = 0; i < count; i++)
    g_bytes_unref (yc_document_renderer_render (renderer, notice, NULL, NULL, NULL));
  notices = count / (ms_since (t) / 1000.0);
  notices_cpu = count / ((cpu_ms () - c0) / 1000.0);
  t = g_get_monotonic_time ();
  c0 = cpu_ms ();
  for (int i = 0; i < count; i++)
    g_bytes_unref (yc_document_renderer_render (renderer, certificate, NULL, NULL, NULL));
  certificates = count / (ms_since (t) / 1000.0);
  certs_cpu = count / ((cpu_ms () - c0) / 1000.0);

  /* Machine-readable for the script. */
  g_print ("cold_first_page_ms %.1f\ncold_first_page_cpu_ms %.1f\nwarm_notice_ms %.1f\n"
           "warm_notice_cpu_ms %.1f\n"
           "notices_per_s %.1f\nnotices_per_cpu_s %.1f\ncertificates_per_s %.1f\n"
           "certificates_per_cpu_s %.1f\npdf_bytes %" G_GSIZE_FORMAT "\n",
           cold, cold_cpu, warm, warm_cpu, notices, notices_cpu, certificates, certs_cpu,
           g_bytes_get_size (first));
  return 0;
}
