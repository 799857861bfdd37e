/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Problem details in the language the client asks for: the same bad requests with different
 * Accept-Language headers, answered on the request threads, on the writer thread (through the
 * core's state machine) and on the main thread; a server configured for Chinese still
 * answering English to a client that asks for it; and a language it has no catalogue for
 * refused. */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "yc-test-server.h"

static SoupSession *session;

typedef enum
{
  EXPECT_ENGLISH,
  EXPECT_CHINESE,
} Expect;

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4E00 && c <= 0x9FFF)
        return TRUE;
    }
  return FALSE;
}

/* The bad requests: each answers with a problem whose detail is translated. */
typedef struct
{
  const char *name;
  guint       status;
  const char *code;
} BadRequest;

static const BadRequest bad_requests[] = {
  { "unknown-case", 404, "no-such-case" },               /* a request thread */
  { "number-taken", 409, "case-number-taken" },          /* the writer thread */
  { "illegal-action", 409, "illegal-transition" },       /* the core's state machine */
  { "outside-api", 404, "no-such-resource" },            /* the main thread */
};

static YcTestResponse *
send_bad (YcTestServer     *server,
          const BadRequest *bad,
          const char       *token,
          const char       *number,
          const char       *accept_language)
{
  const char *headers[] = { "Accept-Language", accept_language, NULL };
  const char *const *h = accept_language != NULL ? headers : NULL;
  g_autofree char *url = NULL;
  g_autofree char *outside = NULL;

  if (g_str_equal (bad->name, "unknown-case"))
    {
      g_autofree char *unknown = yc_test_case_number ("C01", 999);

      url = g_strconcat (server->base, "/cases/", unknown, NULL);
      return yc_test_request (session, "GET", url, token, NULL, NULL, 0, h);
    }
  if (g_str_equal (bad->name, "number-taken"))
    {
      /* The same number for another applicant. */
      g_autofree char *body = yc_test_case_body_for (number, YC_TEST_HALL_ITEM, "C01", NULL,
                                                     NULL, "李四", "320826198001010015");

      url = g_strconcat (server->base, "/cases", NULL);
      return yc_test_request (session, "POST", url, token, "application/json", body, -1, h);
    }
  if (g_str_equal (bad->name, "illegal-action"))
    {
      /* Approving is for a section chief, and only once the case awaits sign-off. */
      const char *body = "{\"version\": 1}";

      url = g_strconcat (server->base, "/cases/", number, "/actions/approve", NULL);
      return yc_test_request (session, "POST", url, token, "application/json", body, -1, h);
    }
  /* "http://127.0.0.1:PORT/api/v1" → "http://127.0.0.1:PORT/not-the-api" */
  url = g_strndup (server->base, strlen (server->base) - strlen ("/api/v1"));
  outside = g_strconcat (url, "/not-the-api", NULL);
  return yc_test_request (session, "GET", outside, NULL, NULL, NULL, 0, h);
}

static const char *
problem_detail (YcTestResponse *r)
{
  JsonObject *o = yc_test_object (r);

  g_assert_nonnull (o);
  g_assert_true (json_object_has_member (o, "detail"));
  return json_object_get_string_member (o, "detail");
}

typedef struct
{
  const char *accept_language;   /* NULL: no header */
  Expect      expect;
  const char *content_language;
} LanguageCase;

static void
check_server (YcTestServer       *server,
              const LanguageCase *cases,
              guint               n_cases)
{
  g_autofree char *token = yc_test_login (session, server, "clerk1");
  g_autofree char *number = yc_test_case_number ("C01", 1);
  g_autofree char *body = yc_test_case_body (number, YC_TEST_HALL_ITEM, "C01", NULL, NULL);
  g_autofree char *cases_url = g_strconcat (server->base, "/cases", NULL);
  g_autoptr (YcTestResponse) created = yc_test_post_json (session, cases_url, token, body, NULL);

  g_assert_cmpuint (created->status, ==, 201);
  for (guint b = 0; b < G_N_ELEMENTS (bad_requests); b++)
    {
      const BadRequest *bad = &bad_requests[b];
      g_autoptr (YcTestResponse) english = send_bad (server, bad, token, number, "en");
      const char *english_detail;

      g_assert_cmpuint (english->status, ==, bad->status);
      g_assert_cmpstr (yc_test_problem_code (english), ==, bad->code);
      english_detail = problem_detail (english);
      g_assert_false (has_han (english_detail));

      for (guint i = 0; i < n_cases; i++)
        {
          const LanguageCase *c = &cases[i];
          g_autoptr (YcTestResponse) r = send_bad (server, bad, token, number,
                                                   c->accept_language);
          const char *detail;

          g_test_message ("%s, Accept-Language: %s", bad->name,
                          c->accept_language != NULL ? c->accept_language : "(none)");
          /* The language changes the words, never the answer. */
          g_assert_cmpuint (r->status, ==, bad->status);
          g_assert_cmpstr (yc_test_problem_code (r), ==, bad->code);
          g_assert_cmpstr (yc_test_header (r, "Content-Language"), ==, c->content_language);
          detail = problem_detail (r);
          if (c->expect == EXPECT_CHINESE)
            {
              g_assert_true (has_han (detail));
              g_assert_cmpstr (detail, !=, english_detail);
            }
          else
            g_assert_cmpstr (detail, ==, english_detail);
        }
    }
}

static void
test_english_server (void)
{
  static const LanguageCase cases[] = {
    { "zh-CN", EXPECT_CHINESE, "zh-CN" },
    { "zh-CN,zh;q=0.9,en;q=0.8", EXPECT_CHINESE, "zh-CN" },
    { "zh", EXPECT_CHINESE, "zh-CN" },
    { "fr-FR, zh;q=0.5", EXPECT_CHINESE, "zh-CN" },
    { "en", EXPECT_ENGLISH, "en" },
    { "en-US,zh-CN;q=0.5", EXPECT_ENGLISH, "en" },
    { "zh-CN;q=0, en;q=0.1", EXPECT_ENGLISH, "en" },
    { "zh-TW", EXPECT_ENGLISH, "en" },       /* no Traditional catalogue: the default */
    { "*", EXPECT_ENGLISH, "en" },
    { NULL, EXPECT_ENGLISH, "en" },
  };
  g_autoptr (YcTestServer) server = yc_test_server_start (NULL);

  check_server (server, cases, G_N_ELEMENTS (cases));
  yc_test_server_stop (server);
}

/* The sample configuration's "language=zh-CN": Chinese unless the client asks for English. */
static void
test_chinese_server (void)
{
  static const LanguageCase cases[] = {
    { NULL, EXPECT_CHINESE, "zh-CN" },
    { "fr", EXPECT_CHINESE, "zh-CN" },
    { "zh-CN", EXPECT_CHINESE, "zh-CN" },
    { "en", EXPECT_ENGLISH, "en" },
    { "en-GB,en;q=0.9", EXPECT_ENGLISH, "en" },
  };
  g_autoptr (YcTestServer) server = yc_test_server_start ("[server]\nlanguage=zh-CN\n");

  check_server (server, cases, G_N_ELEMENTS (cases));
  yc_test_server_stop (server);
}

/* A language the server has no catalogue for is refused at start, naming the key. */
static void
test_bad_language (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yc-language-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "yichuangd.conf", NULL);
  g_autofree char *binary = g_build_filename (g_getenv ("YC_BUILDDIR"), "src", "server",
                                              "yichuangd", NULL);
  const char *argv[] = { binary, "--config", config, "verify-audit", NULL };
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  g_assert_nonnull (dir);
  g_assert_true (g_file_set_contents (config, "[server]\nlanguage=fr\n", -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                               NULL, NULL, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 2);
  g_assert_nonnull (strstr (err, "language must be zh-CN or en"));
  /* Nothing was created beside the configuration. */
  g_assert_cmpint (g_remove (config), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  const char *builddir = g_getenv ("YC_BUILDDIR");
  g_autofree char *localedir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* The daemon reads the catalogue built in this tree. */
  g_assert_nonnull (builddir);
  localedir = g_build_filename (builddir, "po", NULL);
  g_assert_true (g_file_test (localedir, G_FILE_TEST_IS_DIR));
  g_setenv ("YC_LOCALEDIR", localedir, TRUE);
  session = soup_session_new ();

  g_test_add_func ("/server/language/english-server", test_english_server);
  g_test_add_func ("/server/language/chinese-server", test_chinese_server);
  g_test_add_func ("/server/language/bad-language", test_bad_language);
  status = g_test_run ();
  g_object_unref (session);
  return status;
}
