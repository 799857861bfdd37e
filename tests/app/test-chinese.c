/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A Chinese-speaking clerk sees no English: the desk in Chinese (LANGUAGE=zh_CN under
 * C.UTF-8, which gettext honours without a generated locale) against a real yichuangd that
 * answers in the language the desk asks for. Each main screen — sign-in with a wrong
 * password, the catalogue, an intake form, the queue, a case page with its audit trail — is
 * walked widget by widget, and any shown text (labels, buttons, row titles and subtitles,
 * window titles) with an ASCII word of three letters or more fails, unless it is data: a
 * case number, code, user name or address (anything with a digit, or letters joined by a
 * hyphen, slash, '@' or ':') or a unit from the allow-list. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "yc-case-page.h"
#include "yc-catalogue-page.h"
#include "yc-desk-window.h"
#include "yc-intake-page.h"
#include "yc-queue-page.h"
#include "yc-sign-in-page.h"
#include "yc-test-desk.h"

static char          *tmp_dir;
static GSubprocess   *server;
static char          *server_url;
static YcApplication *app;
static YcDeskWindow  *window;

/* Words that are the same in a Chinese UI. */
static const char *const allowed_words[] = { "PDF", "USB", "SANE", "CUPS", "JPEG", "PNG", "DPI" };

/* The first English word of @text, or NULL. Runs of letters, digits and code punctuation are
 * one token; a token with a digit, or with '-', '/', '@' or ':' inside, is data. */
static char *
english_word (const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;
      gboolean data = FALSE;
      guint letters = 0, longest = 0;

      if (!g_ascii_isalnum (*p))
        {
          p++;
          continue;
        }
      start = p;
      while (*p != '\0' && (g_ascii_isalnum (*p) || strchr ("-_/@:.", *p) != NULL))
        {
          if (g_ascii_isalpha (*p))
            {
              letters++;
              longest = MAX (longest, letters);
            }
          else
            {
              letters = 0;
              /* "SCJG-XK", "a/b", "user@host", "http:" are data; "case.receive" is an id */
              if (strchr ("-/@:", *p) != NULL && p[1] != '\0' && g_ascii_isalnum (p[1]))
                data = TRUE;
            }
          if (g_ascii_isdigit (*p))
            data = TRUE;
          p++;
        }
      if (!data && longest >= 3)
        {
          g_autofree char *word = g_strndup (start, p - start);

          while (word[0] != '\0' && !g_ascii_isalnum (word[strlen (word) - 1]))
            word[strlen (word) - 1] = '\0';
          if (!g_strv_contains (allowed_words, word))
            return g_steal_pointer (&word);
        }
    }
  return NULL;
}

static void
check_text (const char *where,
            const char *text,
            GPtrArray  *found)
{
  g_autofree char *word = text != NULL ? english_word (text) : NULL;

  if (word != NULL)
    g_ptr_array_add (found, g_strdup_printf ("%s “%s” (%s)", where, text, word));
}

static void
walk (GtkWidget *widget,
      GPtrArray *found,
      guint     *n_texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      check_text (G_OBJECT_TYPE_NAME (widget), gtk_label_get_text (GTK_LABEL (widget)), found);
      (*n_texts)++;
    }
  else if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    check_text ("GtkButton", gtk_button_get_label (GTK_BUTTON (widget)), found);
  if (ADW_IS_PREFERENCES_ROW (widget))
    check_text ("row title", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                found);
  if (ADW_IS_ACTION_ROW (widget))
    check_text ("row subtitle", adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), found);
  if (ADW_IS_WINDOW_TITLE (widget))
    {
      check_text ("window title", adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), found);
      check_text ("window subtitle", adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)),
                  found);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (child, found, n_texts);
}

/* Asserts that the window as shown now has no English; @screen names it in the failure. */
static void
assert_no_english (const char *screen)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  guint n_texts = 0;

  yc_test_settle ();
  check_text ("window title", gtk_window_get_title (GTK_WINDOW (window)), found);
  walk (GTK_WIDGET (window), found, &n_texts);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("%s: English: %s", screen, (char *) g_ptr_array_index (found, i));
  g_test_message ("%s: %u texts checked", screen, n_texts);
  /* The walk saw the screen: a blank window would pass for the wrong reason. */
  g_assert_cmpuint (n_texts, >=, 5);
  g_assert_cmpuint (found->len, ==, 0);
}

/* A label under @data (a widget) with the audit trail's name for receiving a case. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
audit_shown (gpointer page)
{
  return yc_case_page_get_case (page) != NULL &&
         has_label (page, yc_case_action_get_label (YC_ACTION_RECEIVE));
}

static gboolean
queue_shows (gpointer number)
{
  YcQueuePage *page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "queue_page");
  GListModel *rows = yc_queue_page_get_rows (page);

  if (yc_queue_page_is_loading (page))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GObject) row = g_list_model_get_item (rows, i);
      g_autofree char *row_number = NULL;

      g_object_get (row, "number", &row_number, NULL);
      if (g_strcmp0 (row_number, number) == 0)
        return TRUE;
    }
  yc_queue_page_refresh (page, FALSE);
  return FALSE;
}

static void
test_chinese (void)
{
  YcSignInPage *sign_in = yc_test_child (window, YC_TYPE_DESK_WINDOW, "sign_in_page");
  YcIntakePage *intake = yc_test_child (window, YC_TYPE_DESK_WINDOW, "intake_page");
  YcQueuePage *queue = yc_test_child (window, YC_TYPE_DESK_WINDOW, "queue_page");
  YcCasePage *case_page = yc_test_child (window, YC_TYPE_DESK_WINDOW, "case_page");
  g_autofree char *number = NULL;

  /* The run is in Chinese at all: a label the desk surely translates. */
  g_assert_cmpstr (_("Accept"), !=, "Accept");

  g_assert_true (yc_test_is_screen (window, "sign-in"));
  assert_no_english ("sign-in");
  yc_test_set_text (yc_test_child (sign_in, YC_TYPE_SIGN_IN_PAGE, "backend_row"), server_url);
  yc_test_set_text (yc_test_child (sign_in, YC_TYPE_SIGN_IN_PAGE, "user_row"), "clerk07");
  yc_test_set_text (yc_test_child (sign_in, YC_TYPE_SIGN_IN_PAGE, "password_row"), "wrong-one");
  yc_sign_in_page_submit (sign_in);
  g_assert_true (yc_test_wait_for (yc_test_sign_in_error_shown, sign_in));
  assert_no_english ("sign-in, wrong password");

  yc_test_set_text (yc_test_child (sign_in, YC_TYPE_SIGN_IN_PAGE, "password_row"),
                    "yichuang-demo");
  yc_sign_in_page_submit (sign_in);
  yc_test_wait_catalogue (window);
  yc_test_find_item (window, "gtgsh");
  assert_no_english ("catalogue");

  g_assert_true (gtk_widget_activate_action (
    GTK_WIDGET (yc_test_child (window, YC_TYPE_DESK_WINDOW, "catalogue_page")),
    "catalogue.start-intake", NULL));
  g_assert_true (yc_test_is_screen (window, "intake"));
  yc_test_set_text (yc_test_child (intake, YC_TYPE_INTAKE_PAGE, "name_row"), "李建华");
  yc_test_set_text (yc_test_child (intake, YC_TYPE_INTAKE_PAGE, "id_row"), "440524188001010014");
  gtk_widget_activate_action (GTK_WIDGET (intake), "intake.all-present", NULL);
  assert_no_english ("intake");
  number = yc_test_act_for_case_number (window, intake, "intake.accept");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-queue", NULL));
  yc_queue_page_refresh (queue, TRUE);
  g_assert_true (yc_test_wait_for (queue_shows, number));
  assert_no_english ("queue");

  yc_test_set_text (yc_test_child (queue, YC_TYPE_QUEUE_PAGE, "search_entry"), number);
  g_signal_emit_by_name (yc_test_child (queue, YC_TYPE_QUEUE_PAGE, "search_entry"), "activate");
  g_assert_true (yc_test_is_screen (window, "case"));
  g_assert_true (yc_test_wait_for (audit_shown, case_page));
  assert_no_english ("case");
  yc_test_screenshot (GTK_WIDGET (window), "case-zh_CN.png");
}

/* The checker itself: it finds English and lets data through. */
static void
test_checker (void)
{
  const struct
  {
    const char *text;
    const char *word;
  } cases[] = {
    { "受理", NULL },
    { "320826-C07-20261129-0001 · clerk07 · 2026-11-29 14:20", NULL },
    { "320826-SCJG-XK-006", NULL },
    { "http://127.0.0.1:8080", NULL },
    { "扫描件 PDF · A4", NULL },
    { "ID 号码", NULL },
    { "Sign in", "Sign" },
    { "状态：received", "received" },
    { "case.receive", "case.receive" },
    { "其他操作（printer.jam）", "printer.jam" },
    { "已受理. Next", "Next" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *word = english_word (cases[i].text);

      g_assert_cmpstr (word, ==, cases[i].word);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = g_build_filename (g_getenv ("YC_BUILDDIR"), "po", NULL);
  int status;

  /* Before any thread: the desk and the yichuangd it starts read these. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("YC_LOCALEDIR", localedir, TRUE);
  tmp_dir = yc_test_desk_dirs ("yc-chinese-XXXXXX");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  app = yc_test_desk_app (&argc, &argv);

  g_test_add_func ("/chinese/checker", test_checker);
  g_test_add_func ("/chinese/no-english", test_chinese);
  yc_test_server_start (tmp_dir, &server, &server_url);
  g_settings_set_string (yc_application_get_settings (app), "backend-url", "http://127.0.0.1:1");
  g_application_activate (G_APPLICATION (app));
  window = YC_DESK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  yc_test_settle ();
  status = g_test_run ();

  yc_test_desk_finish (window, &server, &app, &tmp_dir);
  g_free (server_url);
  return status;
}
