/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The verification flow end to end: a real case on a real yichuangd, an acceptance notice
 * reserved there, rendered by libyc-documents with the reserved URL in its QR code, its
 * SHA-256 registered; then the QR code read back with zbarimg, as a phone would, and the
 * server asked: genuine for that URL, unknown for an altered id and before registration. */
#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>
#include <string.h>

#include "yc-document-case.h"
#include "yc-document-render.h"
#include "yc-document-template.h"
#include "yc-test-server.h"

typedef PopplerDocument TestPdf;
typedef PopplerPage TestPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestPdf, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestPage, g_object_unref)

static YcTestServer *server;
static SoupSession *session;

static char *
case_url (const char *number,
          const char *rest)
{
  return g_strdup_printf ("%s/cases/%s%s", server->base, number, rest);
}

static YcCase *
fetch_case (const char *number,
            const char *token,
            gint64     *version)
{
  g_autofree char *u = case_url (number, "");
  g_autoptr (YcTestResponse) r = yc_test_get (session, u, token);
  g_autoptr (GError) error = NULL;
  JsonNode *node;
  YcCase *c;

  g_assert_cmpuint (r->status, ==, 200);
  node = json_object_get_member (yc_test_object (r), "case");
  *version = json_object_get_int_member (json_node_get_object (node), "version");
  c = yc_case_from_json (node, &error);
  g_assert_no_error (error);
  return c;
}

/* The QR code as zbarimg reads it off page 1 at 200 dpi. */
static char *
decode_qr (GBytes     *pdf_bytes,
           const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TestPdf) pdf = poppler_document_new_from_bytes (pdf_bytes, NULL, &error);
  g_autoptr (TestPage) page = NULL;
  g_autofree char *png = g_build_filename (dir, "page1.png", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };
  double w, h, scale = 200.0 / 72.0;
  cairo_surface_t *surface;
  cairo_t *cr;
  int status;

  g_assert_no_error (error);
  page = poppler_document_get_page (pdf, 0);
  poppler_page_get_size (page, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (w * scale),
                                        (int) (h * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_remove (png);
  return g_strdup (g_strchomp (out));
}

static void
test_qr_verifies (void)
{
  g_autofree char *token = yc_test_login (session, server, "clerk1");
  g_autofree char *number = yc_test_case_number ("C01", 1);
  g_autofree char *body = yc_test_case_body (number, YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *cases = g_strconcat (server->base, "/cases", NULL);
  g_autofree char *id = NULL, *url = NULL, *qr = NULL, *sha = NULL;
  g_autofree char *altered = NULL, *templates = NULL, *calendar_dir = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-verify-XXXXXX", NULL);
  g_autoptr (YcCase) c = NULL;
  g_autoptr (YcCalendar) calendar = yc_calendar_new ();
  g_autoptr (YcDocumentRenderer) renderer = yc_document_renderer_new ();
  g_autoptr (YcDocument) doc = NULL;
  g_autoptr (YcSealAuthorisation) auth = NULL;
  g_autoptr (GBytes) pdf = NULL;
  g_autoptr (GError) error = NULL;
  YcCatalogue *catalogue = yc_test_catalogue ();
  YcItem *item;
  YcDocumentCaseContext ctx = { 0 };
  GDate today;
  gint64 version;

  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token, body, NULL);

    g_assert_cmpuint (r->status, ==, 201);
  }
  g_clear_pointer (&c, yc_case_free);
  c = fetch_case (number, token, &version);
  {
    g_autofree char *u = case_url (number, "/actions/accept");
    g_autofree char *b = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}", version);
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token, b, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
  g_clear_pointer (&c, yc_case_free);
  c = fetch_case (number, token, &version);

  /* Step one: the id and the seal, before there is a PDF. */
  {
    g_autofree char *u = case_url (number, "/documents");
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token,
                                                      "{\"kind\": \"acceptance\"}", NULL);
    JsonObject *o, *seal;

    g_assert_cmpuint (r->status, ==, 201);
    o = yc_test_object (r);
    id = g_strdup (json_object_get_string_member (o, "verification_id"));
    url = g_strdup (json_object_get_string_member (o, "verification_url"));
    seal = json_object_get_object_member (o, "seal");
    g_assert_true (json_object_get_boolean_member (seal, "authorised"));
    auth = yc_seal_authorisation_new (YC_SEAL_KIND_NOTICE, id,
                                      json_object_get_string_member (seal, "authorised_by"));
  }

  /* The notice, rendered with that URL and sealed under that authorisation. */
  item = yc_catalogue_get_item_version (catalogue, c->item_code, c->item_version);
  g_assert_nonnull (item);
  calendar_dir = g_build_filename (server->data_dir, "calendar", NULL);
  g_assert_true (yc_calendar_load_dir (calendar, calendar_dir, &error));
  g_assert_no_error (error);
  templates = yc_document_template_default_dir ();
  g_assert_true (yc_document_renderer_load_templates (renderer, templates, &error));
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  ctx.department = yc_catalogue_get_department (catalogue, c->department_code);
  ctx.window = yc_catalogue_get_window (catalogue, "C01");
  ctx.clerk_name = "clerk1";
  ctx.calendar = calendar;
  ctx.issued = &today;
  ctx.verification_url = url;
  doc = yc_document_new_for_case (YC_DOCUMENT_ACCEPTANCE, c, item, &ctx, &error);
  g_assert_no_error (error);
  yc_document_set_seal_authorisation (doc, auth);
  pdf = yc_document_renderer_render (renderer, doc, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Not genuine until the hash is there: nothing vouches for the paper yet. */
  qr = decode_qr (pdf, dir);
  g_assert_cmpstr (qr, ==, url);
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, qr, NULL);

    g_assert_cmpuint (r->status, ==, 404);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "unknown-document");
  }

  /* Step two: the hash of exactly these bytes. */
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  {
    g_autofree char *u = g_strdup_printf ("%s/documents/%s/sha256", server->base, id);
    g_autofree char *b = g_strdup_printf ("{\"sha256\": \"%s\"}", sha);
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token, b, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }

  /* The phone's view: the URL off the paper. */
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, qr, NULL);
    JsonObject *o;

    g_assert_cmpuint (r->status, ==, 200);
    o = yc_test_object (r);
    g_assert_true (json_object_get_boolean_member (o, "genuine"));
    g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "acceptance");
    g_assert_cmpstr (json_object_get_string_member (o, "case_number"), ==, number);
    g_assert_cmpstr (json_object_get_string_member (o, "holder"), ==, c->applicant.name);
    g_assert_cmpstr (json_object_get_string_member (o, "department"), ==,
                     ctx.department->name);
    g_assert_nonnull (ctx.department->uscc);
    g_assert_cmpstr (json_object_get_string_member (o, "department_uscc"), ==,
                     ctx.department->uscc);
    g_assert_cmpstr (json_object_get_string_member (o, "sha256"), ==, sha);
  }
  /* One character of the id changed: unknown. */
  altered = g_strdup (qr);
  {
    char *last = altered + strlen (altered) - 1;

    *last = *last == 'A' ? 'B' : 'A';
  }
  {
    g_autoptr (YcTestResponse) r = yc_test_get (session, altered, NULL);

    g_assert_cmpuint (r->status, ==, 404);
    g_assert_cmpstr (yc_test_problem_code (r), ==, "unknown-document");
    g_assert_false (json_object_get_boolean_member (yc_test_object (r), "genuine"));
  }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The case's audit entries of @action naming @id, and the documents issued for it. */
static guint
count_audit (const char *number,
             const char *token,
             const char *action,
             const char *id,
             const char *sha)
{
  g_autofree char *u = case_url (number, "/audit");
  g_autoptr (YcTestResponse) r = yc_test_get (session, u, token);
  JsonArray *entries;
  guint n = 0;

  g_assert_cmpuint (r->status, ==, 200);
  entries = json_node_get_array (r->json);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);
      JsonObject *detail = json_object_get_object_member (e, "detail");

      if (g_str_equal (json_object_get_string_member (e, "action"), action) &&
          g_strcmp0 (json_object_get_string_member_with_default (detail, "verification_id",
                                                                 NULL), id) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (detail, "sha256"), ==, sha);
          n++;
        }
    }
  return n;
}

static guint
count_documents (const char *number,
                 const char *token)
{
  g_autofree char *u = case_url (number, "/documents");
  g_autoptr (YcTestResponse) r = yc_test_get (session, u, token);

  g_assert_cmpuint (r->status, ==, 200);
  return json_array_get_length (json_node_get_array (r->json));
}

/* Printing an issued document again: one audit entry per reprint (a retry with the same key
 * adds none), the same verification id and hash, no new document; each refusal answers its
 * code and logs nothing. */
static void
test_reprint (void)
{
  g_autofree char *token = yc_test_login (session, server, "clerk1");
  g_autofree char *chief = yc_test_login (session, server, "chief_scjg");
  g_autofree char *township = yc_test_login (session, server, "town1");
  g_autofree char *number = yc_test_case_number ("C01", 2);
  g_autofree char *body = yc_test_case_body (number, YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *cases = g_strconcat (server->base, "/cases", NULL);
  g_autofree char *id = NULL, *pending = NULL, *reprint = NULL, *pending_reprint = NULL;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "the issued PDF", -1);
  g_autofree char *other = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "a forgery", -1);
  g_autofree char *good = g_strdup_printf ("{\"sha256\": \"%s\"}", sha);
  g_autofree char *bad = g_strdup_printf ("{\"sha256\": \"%s\"}", other);
  g_autoptr (YcCase) c = NULL;
  gint64 version;

  {
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, cases, token, body, NULL);

    g_assert_cmpuint (r->status, ==, 201);
  }
  c = fetch_case (number, token, &version);
  {
    g_autofree char *u = case_url (number, "/actions/accept");
    g_autofree char *b = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}", version);
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token, b, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *u = case_url (number, "/documents");
      g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token,
                                                        "{\"kind\": \"acceptance\"}", NULL);

      g_assert_cmpuint (r->status, ==, 201);
      *(i == 0 ? &id : &pending) =
        g_strdup (json_object_get_string_member (yc_test_object (r), "verification_id"));
    }
  {
    g_autofree char *u = g_strdup_printf ("%s/documents/%s/sha256", server->base, id);
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, u, token, good, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
  g_assert_cmpuint (count_documents (number, token), ==, 2);
  reprint = g_strdup_printf ("%s/documents/%s/reprint", server->base, id);
  pending_reprint = g_strdup_printf ("%s/documents/%s/reprint", server->base, pending);

  /* Twice, each with its own key: two entries. The same key again: still two. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *key = g_strdup_printf ("reprint-%s-%u", number, MIN (i, 1));
      g_autoptr (YcTestResponse) r = yc_test_post_json (session, reprint, token, good, key);
      JsonObject *o;

      g_assert_cmpuint (r->status, ==, 200);
      o = yc_test_object (r);
      g_assert_cmpstr (json_object_get_string_member (o, "verification_id"), ==, id);
      g_assert_cmpstr (json_object_get_string_member (o, "sha256"), ==, sha);
      g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "acceptance");
      g_assert_cmpuint (count_audit (number, token, "document.reprint", id, sha), ==,
                        MIN (i + 1, 2));
    }
  /* An upper-case hash is the same hash. */
  {
    g_autofree char *upper = g_ascii_strup (sha, -1);
    g_autofree char *b = g_strdup_printf ("{\"sha256\": \"%s\"}", upper);
    g_autoptr (YcTestResponse) r = yc_test_post_json (session, reprint, token, b, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (count_audit (number, token, "document.reprint", id, sha), ==, 3);
  }

  /* Refusals: each its code, nothing logged, no document added. */
  {
    struct
    {
      const char *url;
      const char *token;
      const char *body;
      guint       status;
      const char *code;
    } refusals[] = {
      { reprint, token, bad, 409, "document-differs" },
      { pending_reprint, token, good, 409, "document-not-registered" },
      { reprint, chief, good, 403, "forbidden" },
      { reprint, township, good, 403, "forbidden" },    /* a hall case: not the township's */
      { reprint, token, "{\"sha256\": \"xyz\"}", 422, "invalid-params" },
      { reprint, token, "{}", 422, "invalid-params" },
      { reprint, token, "{\"sha256\": \"0\", \"copies\": 2}", 422, "invalid-params" },
      { reprint, NULL, good, 401, NULL },
    };
    g_autofree char *unknown = g_strdup_printf ("%s/documents/%s/reprint", server->base,
                                                "AAAAAAAAAAAAAAAAAAAAAAAAAA");
    g_autofree char *malformed = g_strdup_printf ("%s/documents/%s/reprint", server->base,
                                                  "not-an-id");

    for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
      {
        g_autoptr (YcTestResponse) r = yc_test_post_json (session, refusals[i].url,
                                                          refusals[i].token, refusals[i].body,
                                                          NULL);

        g_test_message ("refusal %u", i);
        g_assert_cmpuint (r->status, ==, refusals[i].status);
        if (refusals[i].code != NULL)
          g_assert_cmpstr (yc_test_problem_code (r), ==, refusals[i].code);
      }
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr (YcTestResponse) r = yc_test_post_json (session, i == 0 ? unknown : malformed,
                                                          token, good, NULL);

        g_assert_cmpuint (r->status, ==, 404);
        g_assert_cmpstr (yc_test_problem_code (r), ==, "no-such-document");
      }
  }
  g_assert_cmpuint (count_audit (number, token, "document.reprint", id, sha), ==, 3);
  g_assert_cmpuint (count_audit (number, token, "document.reprint", pending, sha), ==, 0);
  g_assert_cmpuint (count_documents (number, token), ==, 2);
  /* Still the one genuine document. */
  {
    g_autofree char *u = g_strdup_printf ("%s/verify/%s", server->base, id);
    g_autoptr (YcTestResponse) r = yc_test_get (session, u, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (yc_test_object (r), "sha256"), ==, sha);
  }
}

int
main (int    argc,
      char **argv)
{
  const char *builddir = g_getenv ("YC_BUILDDIR");
  g_autofree char *font_cache = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Font subsets go to the build directory, shared by the test programs, not to $HOME. */
  font_cache = g_build_filename (builddir != NULL ? builddir : g_get_tmp_dir (), "font-cache",
                                 NULL);
  g_mkdir_with_parents (font_cache, 0700);
  g_setenv ("YC_FONT_CACHE_DIR", font_cache, TRUE);

  server = yc_test_server_start (NULL);
  session = soup_session_new ();
  g_test_add_func ("/server/documents/qr-verifies", test_qr_verifies);
  g_test_add_func ("/server/documents/reprint", test_reprint);
  status = g_test_run ();
  g_object_unref (session);
  yc_test_server_stop (server);
  yc_test_server_free (server);
  return status;
}
