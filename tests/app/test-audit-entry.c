/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit trail in the clerk's words: every action yichuangd's sources write has a name of
 * its own, unknown ones fall back to a named "other action" with the id, the JSON detail
 * becomes translated facts, and in Chinese no backend id or JSON key is left. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "yc-audit-entry.h"

static locale_t english;

/* The action ids written in src/server: literals passed to the audit, and "case." + every
 * state machine action (the case routes log those by name). */
static GPtrArray *
server_actions (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "src", "server",
                                           NULL);
  g_autoptr (GRegex) literal = g_regex_new (
    "\"((?:admin|attachment|case|document|session|signoff|statistics|township)\\.[a-z_]+)\"",
    0, 0, NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *actions = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr (GMatchInfo) match = NULL;

      if (!g_str_has_suffix (name, ".c") || !g_file_get_contents (path, &text, NULL, NULL))
        continue;
      g_regex_match (literal, text, 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          char *action = g_match_info_fetch (match, 1);

          /* File names and JSON members are no actions. */
          if (g_str_has_suffix (action, "_json") || g_str_has_suffix (action, ".db"))
            g_free (action);
          else
            g_ptr_array_add (actions, action);
        }
    }
  for (guint a = 0; a < YC_N_ACTIONS; a++)
    g_ptr_array_add (actions, g_strconcat ("case.", yc_case_action_to_string (a), NULL));
  return actions;
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) >= 0x4E00 && g_utf8_get_char (p) <= 0x9FFF)
      return TRUE;
  return FALSE;
}

static void
test_every_action_named (void)
{
  g_autoptr (GPtrArray) actions = server_actions ();

  /* The known writers at the time of writing: the scan must find them. */
  g_assert_cmpuint (actions->len, >=, YC_N_ACTIONS + 17);
  for (guint i = 0; i < actions->len; i++)
    {
      const char *action = g_ptr_array_index (actions, i);
      g_autofree char *title = yc_audit_entry_dup_title (action);

      g_test_message ("%s: %s", action, title);
      g_assert_true (yc_audit_entry_is_known (action));
      g_assert_null (strstr (title, action));
      /* In Chinese: the clerk's words, no id. */
      g_assert_true (has_han (title));
    }
}

static void
test_unknown_action (void)
{
  const char *unknown[] = { "case.teleport", "printer.jam", "", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_autofree char *title = yc_audit_entry_dup_title (unknown[i]);

      g_assert_false (yc_audit_entry_is_known (unknown[i]));
      g_assert_true (has_han (title));
      if (unknown[i] != NULL)
        g_assert_nonnull (strstr (title, unknown[i]));
    }
}

static const struct
{
  const char *detail;            /* the JSON the backend logs */
  const char *english;           /* the facts in English */
} facts_cases[] = {
  { "{\"from\": \"received\", \"to\": \"accepted\", \"version\": \"3\"}",
    "Received → Accepted" },
  { "{\"from\": \"awaiting_signoff\", \"to\": \"approved\", \"version\": \"7\", "
    "\"batch\": \"true\"}", "Awaiting sign-off → Approved · in a batch sign-off" },
  { "{\"item_code\": \"320826-SCJG-XK-006\", \"item_version\": \"1\", \"state\": \"received\"}",
    "State: Received" },
  { "{\"kind\": \"certificate\", \"verification_id\": \"K7Q2M9\", \"sha256\": \"ab12\", "
    "\"seal\": \"SCJG\"}", "Certificate · verification code K7Q2M9 · sealed" },
  { "{\"kind\": \"missing_materials\", \"verification_id\": \"P3\", \"sha256\": \"00\"}",
    "One-Time Notice of Missing Materials · verification code P3" },
  { "{\"attachment\": \"12\", \"material_code\": \"M99\", \"sha256\": \"ff\"}",
    "Material: M99 · scan no. 12" },
  { "{\"user\": \"clerk1\"}", "User: clerk1" },
  { "{\"reason\": \"材料不齐\"}", "Reason: 材料不齐" },
  { "{}", "" },
  { "{\"unknown_key\": \"x\", \"from\": 3}", "" },
};

static char *
facts_of (const char *json)
{
  g_autoptr (JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return yc_audit_entry_dup_facts (json_node_get_object (node), NULL);
}

/* Would a Chinese clerk see English here? A run of three ASCII letters. */
static gboolean
has_english_word (const char *text)
{
  guint run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      run = g_ascii_isalpha (*p) ? run + 1 : 0;
      if (run >= 3)
        return TRUE;
    }
  return FALSE;
}

static void
test_facts (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (facts_cases); i++)
    {
      g_autofree char *chinese = facts_of (facts_cases[i].detail);
      g_autofree char *in_english = NULL;
      locale_t previous = uselocale (english);

      in_english = facts_of (facts_cases[i].detail);
      uselocale (previous);
      g_test_message ("%s → %s / %s", facts_cases[i].detail, in_english, chinese);
      g_assert_cmpstr (in_english, ==, facts_cases[i].english);
      /* Ids the clerk may need (codes, numbers, user names) stay; no key or English word. */
      g_assert_false (has_english_word (chinese) && strstr (chinese, "clerk1") == NULL);
      g_assert_true (*chinese == '\0' || has_han (chinese));
    }
  {
    g_autofree char *none = yc_audit_entry_dup_facts (NULL, NULL);

    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_time (void)
{
  g_autofree char *at = NULL;
  g_autofree char *bad = yc_audit_entry_dup_time ("yesterday");
  g_autoptr (GDateTime) local = g_date_time_new_local (2026, 11, 29, 14, 20, 5);
  g_autofree char *stamp = g_date_time_format_iso8601 (local);

  at = yc_audit_entry_dup_time (stamp);
  g_assert_cmpstr (at, ==, "2026-11-29 14:20");
  g_assert_cmpstr (bad, ==, "yesterday");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = g_build_filename (g_getenv ("YC_BUILDDIR"), "po", NULL);

  /* The desk in Chinese as a clerk runs it: gettext reads LANGUAGE under C.UTF-8; English is
   * the "C" messages locale on this thread only. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  english = newlocale (LC_MESSAGES_MASK, "C", duplocale (LC_GLOBAL_LOCALE));
  g_assert_true (english != (locale_t) 0);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit-entry/every-action-named", test_every_action_named);
  g_test_add_func ("/audit-entry/unknown-action", test_unknown_action);
  g_test_add_func ("/audit-entry/facts", test_facts);
  g_test_add_func ("/audit-entry/time", test_time);
  return g_test_run ();
}
