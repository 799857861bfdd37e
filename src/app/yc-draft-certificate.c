/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-draft-certificate"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "yc-document-case.h"
#include "yc-document-render.h"
#include "yc-draft-certificate.h"

typedef struct
{
  YcCase       *kase;
  YcItem       *item;
  YcDepartment *department;
  YcWindow     *window;
  YcCalendar   *calendar;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  yc_case_free (job->kase);
  yc_item_unref (job->item);
  g_clear_pointer (&job->department, yc_department_unref);
  g_clear_pointer (&job->window, yc_window_unref);
  g_clear_object (&job->calendar);
  g_free (job);
}

/* A well-formed placeholder issuer code (registration authority 1, a state organ of county
 * 320826, organisation code all zeros) so that the draft can be laid out; a certificate the
 * window issues carries the department's real code. */
static char *
placeholder_issuer (void)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const int weights[] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
  const char *body = "11320826000000000";
  int sum = 0;

  for (int i = 0; i < 17; i++)
    sum += (int) (strchr (alphabet, body[i]) - alphabet) * weights[i];
  return g_strdup_printf ("%s%c", body, alphabet[(31 - sum % 31) % 31]);
}

static const char *
templates_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      g_autofree char *installed = g_build_filename (PKGDATADIR, "templates", NULL);

      dir = g_file_test (installed, G_FILE_TEST_IS_DIR)
              ? g_steal_pointer (&installed)
              : g_build_filename (SOURCE_DATADIR, "templates", NULL);
    }
  return dir;
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(YcDocument) doc = NULL;
  g_autofree char *issuer = placeholder_issuer ();
  g_autofree char *serial = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  YcDocumentCaseContext context = { 0 };
  GError *error = NULL;
  GBytes *pdf;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  /* The serial of a draft: the case number's digits, so each draft is told apart. */
  serial = g_strdelimit (g_strdup (job->kase->number), "-", '0');
  context.department = job->department;
  context.window = job->window;
  context.clerk_name = job->kase->received_by;
  context.calendar = job->calendar;
  context.issued = &today;
  context.verification_url = _("DRAFT — not issued");
  context.issuer_uscc = issuer;
  context.licence_serial = serial;
  context.licence_version = 1;

  /* The process's renderer: fonts and templates are loaded once, not for every draft. */
  if ((doc = yc_document_new_for_case (YC_DOCUMENT_CERTIFICATE, job->kase, job->item, &context,
                                       &error)) == NULL ||
      (pdf = yc_document_renderer_render_shared (templates_dir (), doc, NULL, NULL,
                                                 &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

void
yc_draft_certificate_render_async (const YcCase        *kase,
                                   YcItem              *item,
                                   YcCatalogue         *catalogue,
                                   YcCalendar          *calendar,
                                   const char          *conditions,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);
  YcDepartment *department = yc_catalogue_get_department (catalogue, kase->department_code);
  YcWindow *window = yc_catalogue_get_window (catalogue, kase->window_code);

  g_task_set_source_tag (task, yc_draft_certificate_render_async);
  /* As it will read once approved with these conditions. */
  job->kase = yc_case_copy (kase);
  job->kase->decision = YC_CASE_STATE_APPROVED;
  g_free (job->kase->decision_reason);
  job->kase->decision_reason = conditions != NULL && *conditions != '\0' ? g_strdup (conditions)
                                                                         : NULL;
  job->item = yc_item_ref (item);
  job->department = department != NULL ? yc_department_ref (department) : NULL;
  job->window = window != NULL ? yc_window_ref (window) : NULL;
  job->calendar = calendar != NULL ? g_object_ref (calendar) : NULL;
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, render_thread);
}

GBytes *
yc_draft_certificate_render_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
