/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-log"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "yc-log.h"

static int
syslog_priority (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR)
    return 3;
  if (level & G_LOG_LEVEL_CRITICAL)
    return 2;
  if (level & G_LOG_LEVEL_WARNING)
    return 4;
  if (level & G_LOG_LEVEL_MESSAGE)
    return 5;
  if (level & G_LOG_LEVEL_INFO)
    return 6;
  return 7;
}

static gboolean
is_internal_field (const char *key)
{
  static const char *const internal[] = {
    "MESSAGE", "PRIORITY", "GLIB_DOMAIN", "GLIB_OLD_LOG_API", "CODE_FILE", "CODE_LINE",
    "CODE_FUNC", NULL,
  };

  return g_strv_contains (internal, key);
}

static void
append_value (GString    *line,
              const char *value,
              gssize      length)
{
  gsize len = length < 0 ? strlen (value) : (gsize) length;
  gboolean quote = len == 0;

  for (gsize i = 0; i < len && !quote; i++)
    quote = value[i] == ' ' || value[i] == '"' || value[i] == '=';
  if (quote)
    g_string_append_c (line, '"');
  for (gsize i = 0; i < len; i++)
    {
      char c = value[i];

      if (c == '"' || c == '\\')
        g_string_append_c (line, '\\');
      if (c == '\n')
        g_string_append (line, "\\n");
      else
        g_string_append_c (line, c);
    }
  if (quote)
    g_string_append_c (line, '"');
}

static GLogWriterOutput
writer (GLogLevelFlags   level,
        const GLogField *fields,
        gsize            n_fields,
        gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;
  g_autoptr (GString) line = NULL;
  gssize message_length = -1;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        {
          message = fields[i].value;
          message_length = fields[i].length;
        }
    }

  /* Debug output only when asked for with G_MESSAGES_DEBUG, as GLib does; info is the access
   * log and always goes out. */
  if ((level & G_LOG_LEVEL_DEBUG) && g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;

  if (g_log_writer_is_journald (STDERR_FILENO) &&
      g_log_writer_journald (level, fields, n_fields, user_data) == G_LOG_WRITER_HANDLED)
    return G_LOG_WRITER_HANDLED;

  line = g_string_sized_new (256);
  g_string_append_printf (line, "<%d>%s: ", syslog_priority (level),
                          domain != NULL ? domain : "yichuangd");
  if (message != NULL)
    {
      if (message_length < 0)
        g_string_append (line, message);
      else
        g_string_append_len (line, message, message_length);
    }
  for (gsize i = 0; i < n_fields; i++)
    {
      if (is_internal_field (fields[i].key) || fields[i].length == 0)
        continue;
      if (fields[i].length > 0 && memchr (fields[i].value, '\0', fields[i].length) != NULL)
        continue;              /* binary field: not for a text log */
      g_string_append_printf (line, " %s=", fields[i].key);
      append_value (line, fields[i].value, fields[i].length);
    }
  g_string_append_c (line, '\n');
  /* One write per line, so lines from different threads never interleave. */
  if (write (STDERR_FILENO, line->str, line->len) < 0)
    return G_LOG_WRITER_UNHANDLED;
  return G_LOG_WRITER_HANDLED;
}

void
yc_log_init (void)
{
  g_log_set_writer_func (writer, NULL, NULL);
}
