/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-document-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "yc-application.h"
#include "yc-case-page.h"
#include "yc-document-case.h"
#include "yc-document-render.h"
#include "yc-document-template.h"
#include "yc-document-view.h"
#include "yc-preview.h"
#include "yc-print-job.h"
#include "yc-rest-documents.h"

#define SUPPLY_DAYS 5            /* working days to bring what a one-time notice lists */
#define ZOOM_STEP 1.25
#define PRINT_DPI_MAX 300.0
#define COPIES_MAX 99

/* What a certificate states, shown beside its preview (the document's field names). */
static const struct { const char *field; const char *label; } certificate_facts[] = {
  { "issuing_department", N_("Issuing department") },
  { "issuer_uscc", N_("Unified social credit code") },
  { "licence_id", N_("Licence identifier") },
  { "licence_serial", N_("Serial") },
  { "holder_name", N_("Holder") },
  { "scope", N_("Scope") },
  { "validity", N_("Valid") },
};

struct _YcDocumentView
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toasts;
  GtkStack        *stack;
  GtkLabel        *status;
  GtkPicture      *picture;
  GtkLabel        *page_label;
  GtkWidget       *print_button;
  GtkWidget       *print_dialog_button;
  GtkSpinButton   *copies;
  GtkWidget       *duplex;
  GtkWidget       *facts_box;
  GtkListBox      *facts;

  YcCase          *kase;
  char            *kind;
  char            *verification_id;
  GHashTable      *fact_values;  /* field → value shown */
  gboolean         print_now;
  gboolean         kept;         /* opened from this desk's issued copy, not issued anew */
  gboolean         printed;      /* printed once: each further print is a logged reprint */
  guint            n_printed;
  int              last_job_id;
  GBytes          *pdf;
  YcPreview       *preview;
  guint            page;         /* 0-based */
  double           zoom;
  gboolean         printing;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (YcDocumentView, yc_document_view, ADW_TYPE_WINDOW)

static const struct { const char *name; const char *kind; } kind_names[] = {
  { "acceptance", "acceptance" },
  { "completion-time", "acceptance" },     /* the acceptance notice carries 办结时限告知 */
  { "missing_materials", "missing_materials" },
  { "one-time-notice", "missing_materials" },
  { "refusal", "refusal" },
  { "certificate", "certificate" },
  { "receipt", "receipt" },
};

const char *
yc_document_view_kind_for (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (kind_names[i].name, name) == 0)
      return kind_names[i].kind;
  return NULL;
}

guint
yc_document_view_get_page (YcDocumentView *self)
{
  return self->preview != NULL && gtk_picture_get_paintable (self->picture) != NULL
           ? self->page + 1 : 0;
}

GBytes *
yc_document_view_get_pdf (YcDocumentView *self)
{
  return self->pdf;
}

static void
toast (YcDocumentView *self,
       const char     *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 8);
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
fail (YcDocumentView *self,
      const char     *what,
      const GError   *error)
{
  g_autofree char *text = g_strdup_printf ("%s %s", what, error->message);

  g_warning ("%s", text);
  gtk_label_set_text (self->status, text);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

/* ---- what the document states ------------------------------------------------------------ */

static void
show_facts (YcDocumentView   *self,
            const YcDocument *doc)
{
  GtkWidget *row;

  if (doc == NULL || yc_document_get_doc_type (doc) != YC_DOCUMENT_CERTIFICATE)
    return;
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->facts))) != NULL)
    gtk_list_box_remove (self->facts, row);
  g_hash_table_remove_all (self->fact_values);
  for (guint i = 0; i < G_N_ELEMENTS (certificate_facts); i++)
    {
      const char *value = yc_document_get_field (doc, certificate_facts[i].field);

      if (value == NULL)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(certificate_facts[i].label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
      gtk_widget_add_css_class (row, "property");
      gtk_list_box_append (self->facts, row);
      g_hash_table_insert (self->fact_values, g_strdup (certificate_facts[i].field),
                           g_strdup (value));
    }
  gtk_widget_set_visible (self->facts_box, g_hash_table_size (self->fact_values) > 0);
}

const char *
yc_document_view_get_fact (YcDocumentView *self,
                           const char     *field)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_VIEW (self), NULL);

  return g_hash_table_lookup (self->fact_values, field);
}

const char *
yc_document_view_get_verification_id (YcDocumentView *self)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_VIEW (self), NULL);

  return self->verification_id;
}

guint
yc_document_view_get_n_printed (YcDocumentView *self)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_VIEW (self), 0);

  return self->n_printed;
}

int
yc_document_view_get_last_job_id (YcDocumentView *self)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_VIEW (self), 0);

  return self->last_job_id;
}

void
yc_document_view_set_copies (YcDocumentView *self,
                             guint           copies)
{
  g_return_if_fail (YC_IS_DOCUMENT_VIEW (self));

  gtk_spin_button_set_value (self->copies, copies);
}

/* ---- preview ---------------------------------------------------------------------------- */

static void
on_page_rendered (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr (YcDocumentView) self = data;
  g_autoptr (GError) error = NULL;
  cairo_surface_t *surface = yc_preview_render_page_finish (YC_PREVIEW (source), result, &error);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *label = NULL;
  int w, h, stride;

  if (surface == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, _("The document cannot be shown."), error);
      return;
    }
  cairo_surface_flush (surface);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * h);
  texture = gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes, stride);
  cairo_surface_destroy (surface);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  /* Translators: page 1 of 2 */
  label = g_strdup_printf (_("Page %u of %u"), self->page + 1,
                           yc_preview_get_n_pages (self->preview));
  gtk_label_set_text (self->page_label, label);
  gtk_stack_set_visible_child_name (self->stack, "preview");
}

static void
show_page (YcDocumentView *self)
{
  if (self->preview == NULL)
    return;
  yc_preview_render_page_async (self->preview, self->page, self->zoom, self->cancellable,
                                on_page_rendered, g_object_ref (self));
}

static void
print_one_click (YcDocumentView *self);

static void
on_preview_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr (YcDocumentView) self = data;
  g_autoptr (GError) error = NULL;

  self->preview = yc_preview_new_finish (result, &error);
  if (self->preview == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, _("The document cannot be shown."), error);
      return;
    }
  gtk_widget_set_sensitive (self->print_button, TRUE);
  gtk_widget_set_sensitive (self->print_dialog_button, TRUE);
  show_page (self);
  if (self->print_now)
    print_one_click (self);
}

/* ---- issue: reserve, render, register --------------------------------------------------- */

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  YcDocument *doc = task_data;
  g_autofree char *dir = yc_document_template_default_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) facts = NULL;
  const char *id = g_object_get_data (G_OBJECT (task), "verification-id");
  const char *number = g_object_get_data (G_OBJECT (task), "case-number");
  GBytes *pdf;

  /* The process's renderer: fonts and templates are loaded once, not for every document. */
  if ((pdf = yc_document_renderer_render_shared (dir, doc, NULL, NULL, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Kept before it is registered, so that whatever gets printed can be printed again as is. */
  facts = yc_document_to_json (doc);
  if (!yc_issued_documents_save (NULL, number, yc_document_type_to_string (
                                   yc_document_get_doc_type (doc)), id, pdf, facts, &error))
    g_warning ("The issued document %s is not kept for reprints: %s", id, error->message);
  g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

static void
on_registered (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr (YcDocumentView) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = yc_rest_client_post_finish (YC_REST_CLIENT (source), result,
                                                            NULL, &error);

  if (answer == NULL && error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, _("The document could not be registered for verification."), error);
      return;
    }
  yc_preview_new_async (self->pdf, self->cancellable, on_preview_ready, g_object_ref (self));
}

static void
on_rendered (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr (YcDocumentView) self = data;
  g_autoptr (GError) error = NULL;
  YcRestClient *client = yc_application_get_client (YC_APPLICATION_DEFAULT);
  const char *id = g_object_get_data (G_OBJECT (result), "verification-id");
  g_autofree char *sha = NULL, *path = NULL, *body = NULL, *key = NULL;
  g_autoptr (GBytes) body_bytes = NULL;
  gsize len;

  self->pdf = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->pdf == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, _("The document could not be drawn."), error);
      return;
    }
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->pdf);
  path = g_strdup_printf ("/documents/%s/sha256", id);
  body = g_strdup_printf ("{\"sha256\": \"%s\"}", sha);
  len = strlen (body);
  body_bytes = g_bytes_new_take (g_steal_pointer (&body), len);
  key = yc_rest_new_idempotency_key ();
  yc_rest_client_post_async (client, path, NULL, body_bytes, NULL, key, self->cancellable,
                             on_registered, g_object_ref (self));
}

static YcDocument *
build_document (YcDocumentView *self,
                const char     *url,
                JsonObject     *seal,
                const char     *id,
                GError        **error)
{
  YcApplication *app = YC_APPLICATION_DEFAULT;
  YcCatalogue *catalogue = yc_application_get_catalogue (app);
  const YcSession *session = yc_application_get_session (app);
  YcDocumentCaseContext ctx = { 0 };
  YcDocumentType type;
  YcItem *item;
  GDate today;
  YcDocument *doc;

  if (!yc_document_type_from_string (self->kind, &type))
    g_return_val_if_reached (NULL);
  item = catalogue != NULL ? yc_catalogue_get_item_version (catalogue, self->kase->item_code,
                                                            self->kase->item_version)
                           : NULL;
  if (item == NULL)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_MISSING_FIELD,
                   _("The catalogue entry of this case is not loaded yet."));
      return NULL;
    }
  yc_application_get_today (app, &today);
  ctx.department = yc_catalogue_get_department (catalogue, self->kase->department_code);
  ctx.window = yc_catalogue_get_window (catalogue, self->kase->window_code);
  ctx.clerk_name = session != NULL ? session->actor.display_name : NULL;
  ctx.calendar = yc_application_get_calendar (app);
  ctx.issued = &today;
  ctx.verification_url = url;
  ctx.supply_days = SUPPLY_DAYS;
  if ((doc = yc_document_new_for_case (type, self->kase, item, &ctx, error)) == NULL)
    return NULL;
  if (seal != NULL && json_object_get_boolean_member_with_default (seal, "authorised", FALSE))
    {
      g_autoptr (YcSealAuthorisation) auth =
        yc_seal_authorisation_new (yc_document_type_seal_kind (type), id,
                                   json_object_get_string_member_with_default (
                                     seal, "authorised_by", ""));

      yc_document_set_seal_authorisation (doc, auth);
    }
  return doc;
}

static void
on_reserved (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr (YcDocumentView) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = yc_rest_client_post_finish (YC_REST_CLIENT (source), result,
                                                            NULL, &error);
  g_autoptr (GTask) task = NULL;
  JsonObject *o;
  const char *id, *url;
  YcDocument *doc;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Empty answer."));
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, _("The backend did not issue the document."), error);
      return;
    }
  o = json_node_get_object (answer);
  id = json_object_get_string_member_with_default (o, "verification_id", NULL);
  url = json_object_get_string_member_with_default (o, "verification_url", NULL);
  if (id == NULL || url == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("No verification code."));
      fail (self, _("The backend did not issue the document."), error);
      return;
    }
  doc = build_document (self, url,
                        json_object_has_member (o, "seal")
                          ? json_object_get_object_member (o, "seal") : NULL, id, &error);
  if (doc == NULL)
    {
      fail (self, _("The document could not be drawn."), error);
      return;
    }
  show_facts (self, doc);
  g_free (self->verification_id);
  self->verification_id = g_strdup (id);
  task = g_task_new (NULL, self->cancellable, on_rendered, g_object_ref (self));
  g_task_set_task_data (task, doc, (GDestroyNotify) yc_document_unref);
  g_object_set_data_full (G_OBJECT (task), "verification-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (task), "case-number", g_strdup (self->kase->number),
                          g_free);
  g_task_run_in_thread (task, render_thread);
}

static void
issue (YcDocumentView *self)
{
  YcRestClient *client = yc_application_get_client (YC_APPLICATION_DEFAULT);
  g_autofree char *path = yc_rest_path_documents (self->kase->number);
  g_autofree char *body = g_strdup_printf ("{\"kind\": \"%s\"}", self->kind);
  g_autofree char *key = yc_rest_new_idempotency_key ();
  g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

  yc_rest_client_post_async (client, path, NULL, bytes, NULL, key, self->cancellable,
                             on_reserved, g_object_ref (self));
}

/* ---- this desk's issued copy, for a reprint --------------------------------------------- */

typedef struct
{
  char     *number;
  char     *kind;
  char     *id;
  GBytes   *pdf;
  JsonNode *facts;
} Kept;

static void
kept_free (Kept *kept)
{
  g_free (kept->number);
  g_free (kept->kind);
  g_free (kept->id);
  g_clear_pointer (&kept->pdf, g_bytes_unref);
  g_clear_pointer (&kept->facts, json_node_unref);
  g_free (kept);
}

static void
load_kept_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Kept *kept = task_data;
  GError *error = NULL;

  kept->pdf = yc_issued_documents_load (NULL, kept->number, kept->kind, &kept->id,
                                        &kept->facts, &error);
  if (kept->pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_kept_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr (YcDocumentView) self = data;
  g_autoptr (GError) error = NULL;
  Kept *kept = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, _("The issued document cannot be printed again."), error);
      return;
    }
  self->pdf = g_steal_pointer (&kept->pdf);
  self->verification_id = g_steal_pointer (&kept->id);
  if (kept->facts != NULL)
    {
      g_autoptr (YcDocument) doc = yc_document_from_json (kept->facts, NULL);

      show_facts (self, doc);
    }
  yc_preview_new_async (self->pdf, self->cancellable, on_preview_ready, g_object_ref (self));
}

static void
load_kept (YcDocumentView *self)
{
  g_autoptr (GTask) task = g_task_new (NULL, self->cancellable, on_kept_loaded,
                                       g_object_ref (self));
  Kept *kept = g_new0 (Kept, 1);

  kept->number = g_strdup (self->kase->number);
  kept->kind = g_strdup (self->kind);
  g_task_set_task_data (task, kept, (GDestroyNotify) kept_free);
  g_task_run_in_thread (task, load_kept_thread);
}

/* ---- printing ---------------------------------------------------------------------------- */

static void
on_printed (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr (YcDocumentView) self = data;
  g_autoptr (GError) error = NULL;

  self->printing = FALSE;
  gtk_widget_set_sensitive (self->print_button, TRUE);
  if (!yc_print_job_run_finish (YC_PRINT_JOB (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not printed: %s"), error->message);

      g_debug ("%s not printed: %s", self->kase->number, error->message);
      toast (self, text);
      return;
    }
  g_debug ("%s printed as job %d", self->kase->number,
           yc_print_job_get_job_id (YC_PRINT_JOB (source)));
  self->printed = TRUE;
  self->n_printed++;
  self->last_job_id = yc_print_job_get_job_id (YC_PRINT_JOB (source));
  toast (self, _("Printed."));
}

static void
submit_print_job (YcDocumentView *self)
{
  GSettings *settings = yc_application_get_settings (YC_APPLICATION_DEFAULT);
  g_autofree char *printer = g_settings_get_string (settings, "printer");
  g_autoptr (YcPrintJob) job = NULL;

  job = yc_print_job_new (printer[0] != '\0' ? printer : NULL, self->pdf, self->kase->number);
  yc_print_job_set_copies (job, (guint) gtk_spin_button_get_value_as_int (self->copies));
  yc_print_job_set_duplex (job, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->duplex)));
  yc_print_job_run_async (job, self->cancellable, on_printed, g_object_ref (self));
  toast (self, _("Printing…"));
}

static void
on_reprint_logged (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr (YcDocumentView) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = yc_rest_client_reprint_document_finish (YC_REST_CLIENT (source),
                                                                        result, &error);

  if (answer == NULL)
    {
      g_autofree char *text = NULL;

      self->printing = FALSE;
      gtk_widget_set_sensitive (self->print_button, TRUE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Not printed: %s"), error->message);
      toast (self, text);
      return;
    }
  submit_print_job (self);
}

/* The first print of a document just issued is its issue; any other is a reprint of the same
 * bytes, logged on the backend before the job goes out. */
static void
print_one_click (YcDocumentView *self)
{
  if (self->pdf == NULL || self->printing)
    return;
  self->printing = TRUE;
  gtk_widget_set_sensitive (self->print_button, FALSE);
  if (self->printed || self->kept)
    {
      YcRestClient *client = yc_application_get_client (YC_APPLICATION_DEFAULT);
      g_autofree char *key = yc_rest_new_idempotency_key ();

      yc_rest_client_reprint_document_async (client, self->verification_id, self->pdf, key,
                                             self->cancellable, on_reprint_logged,
                                             g_object_ref (self));
      return;
    }
  submit_print_job (self);
}

static void
draw_page (GtkPrintOperation *op,
           GtkPrintContext   *context,
           int                page_nr,
           gpointer           data)
{
  YcDocumentView *self = data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  /* Rasterised at the printer's resolution, at most 300 dpi (an A4 page stays near 35 MB). */
  double scale = MIN (gtk_print_context_get_dpi_x (context), PRINT_DPI_MAX) / 72.0;
  g_autoptr (GError) error = NULL;
  cairo_surface_t *surface;

  surface = yc_preview_render_page (self->preview, page_nr, scale, NULL, &error);
  if (surface == NULL)
    {
      g_warning ("Page %d not drawn for printing: %s", page_nr, error->message);
      return;
    }
  /* The operation's unit is the point: one surface pixel is 1/scale of it. */
  cairo_scale (cr, 1.0 / scale, 1.0 / scale);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_surface_destroy (surface);
}

static void
on_dialog_reprint_logged (GObject      *source,
                          GAsyncResult *result,
                          gpointer      data)
{
  g_autoptr (YcDocumentView) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = yc_rest_client_reprint_document_finish (YC_REST_CLIENT (source),
                                                                        result, &error);

  if (answer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("The reprint was not logged: %s"),
                                               error->message);

      toast (self, text);
    }
}

/* The dialog's job went to the printer: as with one click, any print after the first is a
 * reprint on the record. */
static void
on_dialog_done (GtkPrintOperation       *op,
                GtkPrintOperationResult  result,
                gpointer                 data)
{
  YcDocumentView *self = data;

  if (result != GTK_PRINT_OPERATION_RESULT_APPLY)
    return;
  if ((self->printed || self->kept) && self->verification_id != NULL)
    {
      YcRestClient *client = yc_application_get_client (YC_APPLICATION_DEFAULT);
      g_autofree char *key = yc_rest_new_idempotency_key ();

      yc_rest_client_reprint_document_async (client, self->verification_id, self->pdf, key,
                                             self->cancellable, on_dialog_reprint_logged,
                                             g_object_ref (self));
    }
  self->printed = TRUE;
}

static void
print_with_dialog (YcDocumentView *self)
{
  g_autoptr (GtkPrintOperation) op = NULL;
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr (GError) error = NULL;

  if (self->preview == NULL)
    return;
  op = gtk_print_operation_new ();
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_n_pages (op, (int) yc_preview_get_n_pages (self->preview));
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (op, self->kase->number);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page), self);
  g_signal_connect (op, "done", G_CALLBACK (on_dialog_done), self);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self),
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *text = g_strdup_printf (_("Not printed: %s"), error->message);

      toast (self, text);
    }
}

/* ---- actions ----------------------------------------------------------------------------- */

static void
doc_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  YcDocumentView *self = YC_DOCUMENT_VIEW (widget);
  guint n = self->preview != NULL ? yc_preview_get_n_pages (self->preview) : 0;

  if (g_str_equal (name, "doc.print"))
    print_one_click (self);
  else if (g_str_equal (name, "doc.print-dialog"))
    print_with_dialog (self);
  else if (g_str_equal (name, "doc.next") && self->page + 1 < n)
    self->page++;
  else if (g_str_equal (name, "doc.previous") && self->page > 0)
    self->page--;
  else if (g_str_equal (name, "doc.zoom-in"))
    self->zoom = MIN (self->zoom * ZOOM_STEP, YC_PREVIEW_MAX_SCALE);
  else if (g_str_equal (name, "doc.zoom-out"))
    self->zoom = MAX (self->zoom / ZOOM_STEP, YC_PREVIEW_MIN_SCALE);
  else
    return;
  if (!g_str_has_prefix (name, "doc.print"))
    show_page (self);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
yc_document_view_dispose (GObject *object)
{
  YcDocumentView *self = YC_DOCUMENT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->preview);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->kase, yc_case_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->verification_id, g_free);
  g_clear_pointer (&self->fact_values, g_hash_table_unref);
  G_OBJECT_CLASS (yc_document_view_parent_class)->dispose (object);
}

static void
yc_document_view_class_init (YcDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *const actions[] = { "doc.print", "doc.print-dialog", "doc.next",
                                         "doc.previous", "doc.zoom-in", "doc.zoom-out" };

  object_class->dispose = yc_document_view_dispose;
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, doc_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "doc.print",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "doc.print-dialog",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "doc.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "doc.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "doc.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "doc.zoom-out", NULL);
}

static void
yc_document_view_init (YcDocumentView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *status_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->cancellable = g_cancellable_new ();
  self->zoom = 1.0;
  gtk_window_set_default_size (GTK_WINDOW (self), 1040, 900);

  self->print_button = gtk_button_new_with_mnemonic (_("_Print"));
  gtk_widget_add_css_class (self->print_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->print_button, _("Print to the window's printer (Ctrl+P)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->print_button), "doc.print");
  self->print_dialog_button = gtk_button_new_with_mnemonic (_("Print…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->print_dialog_button),
                                  "doc.print-dialog");
  gtk_widget_set_sensitive (self->print_button, FALSE);
  gtk_widget_set_sensitive (self->print_dialog_button, FALSE);
  self->copies = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, COPIES_MAX, 1));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->copies), _("Copies"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copies), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copies"), -1);
  gtk_widget_set_valign (GTK_WIDGET (self->copies), GTK_ALIGN_CENTER);
  self->duplex = gtk_toggle_button_new_with_mnemonic (_("_Two-Sided"));
  gtk_widget_set_tooltip_text (self->duplex, _("Print on both sides when the printer can; "
                                               "remembered for this workstation"));
  /* Two-sided or not is how a window's printer is used: kept per workstation. Copies are
   * chosen per document and start at one. */
  g_settings_bind (yc_application_get_settings (YC_APPLICATION_DEFAULT), "print-duplex",
                   self->duplex, "active", G_SETTINGS_BIND_DEFAULT);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->print_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->print_dialog_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->duplex);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->copies));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             icon_button ("go-previous-symbolic", _("Previous page"),
                                          "doc.previous"));
  self->page_label = GTK_LABEL (gtk_label_new (NULL));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->page_label));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             icon_button ("go-next-symbolic", _("Next page"), "doc.next"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             icon_button ("zoom-out-symbolic", _("Zoom out"), "doc.zoom-out"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             icon_button ("zoom-in-symbolic", _("Zoom in"), "doc.zoom-in"));
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  self->status = GTK_LABEL (gtk_label_new (_("Issuing the document…")));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_valign (status_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (status_box), spinner);
  gtk_box_append (GTK_BOX (status_box), GTK_WIDGET (self->status));
  gtk_stack_add_named (self->stack, status_box, "status");
  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->picture, FALSE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->picture));
  gtk_stack_add_named (self->stack, scrolled, "preview");
  gtk_stack_set_visible_child_name (self->stack, "status");

  /* The certificate's facts beside the page, to check before printing. */
  self->fact_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->facts = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->facts, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->facts), "boxed-list");
  self->facts_box = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->facts_box), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (self->facts_box, 300, -1);
  gtk_widget_set_margin_start (GTK_WIDGET (self->facts), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->facts), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->facts), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->facts), 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->facts_box),
                                 GTK_WIDGET (self->facts));
  gtk_widget_set_visible (self->facts_box, FALSE);
  {
    GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

    gtk_widget_set_hexpand (GTK_WIDGET (self->stack), TRUE);
    gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->stack));
    gtk_box_append (GTK_BOX (content), self->facts_box);
    gtk_widget_set_vexpand (content, TRUE);
    gtk_box_append (GTK_BOX (box), content);
  }

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
}

static YcDocumentView *
document_view_new (GtkWindow    *parent,
                   const YcCase *kase,
                   const char   *kind,
                   gboolean      print_now,
                   gboolean      kept)
{
  YcDocumentView *self = g_object_new (YC_TYPE_DOCUMENT_VIEW, "transient-for", parent, NULL);
  const char *backend_kind = yc_document_view_kind_for (kind);
  g_autofree char *title = NULL;

  g_return_val_if_fail (backend_kind != NULL, NULL);
  self->kase = yc_case_copy (kase);
  self->kind = g_strdup (backend_kind);
  self->print_now = print_now;
  /* Translators: the window title, a case number */
  title = g_strdup_printf (_("Document of Case %s"), kase->number);
  gtk_window_set_title (GTK_WINDOW (self), title);
  self->kept = kept;
  if (kept)
    {
      gtk_label_set_text (self->status, _("Opening the issued document…"));
      load_kept (self);
    }
  else
    issue (self);
  return self;
}

YcDocumentView *
yc_document_view_new (GtkWindow    *parent,
                      const YcCase *kase,
                      const char   *kind,
                      gboolean      print_now)
{
  return document_view_new (parent, kase, kind, print_now, FALSE);
}

YcDocumentView *
yc_document_view_new_reprint (GtkWindow    *parent,
                              const YcCase *kase,
                              const char   *kind,
                              gboolean      print_now)
{
  return document_view_new (parent, kase, kind, print_now, TRUE);
}

gboolean
yc_document_view_can_reprint (const YcCase *kase,
                              const char   *name)
{
  const char *kind = yc_document_view_kind_for (name);

  return kind != NULL && kase != NULL && yc_issued_documents_has (NULL, kase->number, kind);
}

static void
on_document_requested (YcCasePage *page,
                       const char *number,
                       const char *name,
                       gboolean    print_now,
                       gpointer    data)
{
  const YcCase *kase = yc_case_page_get_case (page);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (page));
  YcDocumentView *view;

  if (kase == NULL || g_strcmp0 (kase->number, number) != 0 ||
      yc_document_view_kind_for (name) == NULL)
    return;
  view = yc_document_view_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, kase, name,
                               print_now);
  gtk_window_present (GTK_WINDOW (view));
}

static void
on_reprint_requested (YcCasePage *page,
                      const char *number,
                      const char *name,
                      gpointer    data)
{
  const YcCase *kase = yc_case_page_get_case (page);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (page));
  YcDocumentView *view;

  if (kase == NULL || g_strcmp0 (kase->number, number) != 0 ||
      yc_document_view_kind_for (name) == NULL)
    return;
  view = yc_document_view_new_reprint (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, kase,
                                       name, TRUE);
  gtk_window_present (GTK_WINDOW (view));
}

void
yc_document_view_follow (GtkWidget *case_page)
{
  g_signal_connect (case_page, "document-requested", G_CALLBACK (on_document_requested), NULL);
  g_signal_connect (case_page, "reprint-requested", G_CALLBACK (on_reprint_requested), NULL);
}
