/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "yc-chart.h"

#define ROW_HEIGHT 44
#define LABEL_WIDTH 220
#define PERCENT_WIDTH 70
#define LEGEND_HEIGHT 28
#define PAD 8

typedef struct
{
  char  *name;
  double on_time_pct;            /* NAN: nothing decided */
  double days;
  double committed;
  double legal;
} Row;

struct _YcChart
{
  GtkWidget  parent_instance;
  GArray    *rows;               /* Row */
};

G_DEFINE_FINAL_TYPE (YcChart, yc_chart, GTK_TYPE_WIDGET)

/* Actual, committed, legal: blue, green, grey (GNOME palette; told apart by lightness too). */
static const double bar_colours[3][3] = {
  { 0.21, 0.52, 0.89 },
  { 0.18, 0.76, 0.49 },
  { 0.75, 0.75, 0.74 },
};

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->name);
}

static double
number_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NAN;
  return json_node_get_double (node);
}

void
yc_chart_set_rows (YcChart   *self,
                   JsonArray *rows)
{
  g_return_if_fail (YC_IS_CHART (self));

  g_array_set_size (self->rows, 0);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      Row row = { 0 };

      if (o == NULL)
        continue;
      row.name = g_strdup (json_object_get_string_member_with_default (o, "name", ""));
      row.on_time_pct = number_member (o, "on_time_pct");
      row.days = number_member (o, "avg_working_days");
      row.committed = number_member (o, "avg_committed_limit");
      row.legal = number_member (o, "avg_legal_limit");
      g_array_append_val (self->rows, row);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
yc_chart_get_n_rows (YcChart *self)
{
  g_return_val_if_fail (YC_IS_CHART (self), 0);
  return self->rows->len;
}

static void
set_text_colour (GtkWidget *widget,
                 cairo_t   *cr)
{
  GdkRGBA colour;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &colour);
  gdk_cairo_set_source_rgba (cr, &colour);
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           int          width,
           gboolean     right)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_legend (YcChart     *self,
             cairo_t     *cr,
             PangoLayout *layout)
{
  const char *labels[3] = {
    _("Average working days used"), _("Committed limit"), _("Legal limit"),
  };
  double x = PAD;

  for (guint i = 0; i < 3; i++)
    {
      int w, h;

      cairo_set_source_rgb (cr, bar_colours[i][0], bar_colours[i][1], bar_colours[i][2]);
      cairo_rectangle (cr, x, PAD + 4, 14, 10);
      cairo_fill (cr);
      set_text_colour (GTK_WIDGET (self), cr);
      pango_layout_set_width (layout, -1);
      pango_layout_set_text (layout, labels[i], -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_move_to (cr, x + 20, PAD);
      pango_cairo_show_layout (cr, layout);
      x += 20 + w + 24;
    }
  set_text_colour (GTK_WIDGET (self), cr);
  draw_text (cr, layout, _("On time"), gtk_widget_get_width (GTK_WIDGET (self)) - PERCENT_WIDTH
             - PAD, PAD, PERCENT_WIDTH, TRUE);
}

static void
yc_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  YcChart *self = YC_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int bars_width = width - LABEL_WIDTH - PERCENT_WIDTH - 4 * PAD;
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  double scale_max = 1;
  cairo_t *cr;

  if (self->rows->len == 0 || bars_width < 40)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      if (!isnan (row->legal))
        scale_max = MAX (scale_max, row->legal);
      if (!isnan (row->days))
        scale_max = MAX (scale_max, row->days);
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_legend (self, cr, layout);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      double y = LEGEND_HEIGHT + PAD + i * ROW_HEIGHT;
      double values[3] = { row->days, row->committed, row->legal };
      double x0 = LABEL_WIDTH + 2 * PAD;
      g_autofree char *percent = NULL;

      set_text_colour (widget, cr);
      draw_text (cr, layout, row->name, PAD, y + 8, LABEL_WIDTH, FALSE);
      for (guint b = 0; b < 3; b++)
        {
          double length = isnan (values[b]) ? 0 : values[b] / scale_max * bars_width;

          cairo_set_source_rgb (cr, bar_colours[b][0], bar_colours[b][1], bar_colours[b][2]);
          cairo_rectangle (cr, x0, y + 4 + b * 12, MAX (length, 1), 10);
          cairo_fill (cr);
        }
      /* The share decided on time, coloured as the queue colours deadlines. */
      if (isnan (row->on_time_pct))
        percent = g_strdup ("—");
      else
        percent = g_strdup_printf ("%.1f%%", row->on_time_pct);
      if (isnan (row->on_time_pct))
        set_text_colour (widget, cr);
      else if (row->on_time_pct >= 95)
        cairo_set_source_rgb (cr, 0.15, 0.64, 0.41);
      else if (row->on_time_pct >= 80)
        cairo_set_source_rgb (cr, 0.80, 0.50, 0.00);
      else
        cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
      draw_text (cr, layout, percent, width - PERCENT_WIDTH - PAD, y + 8, PERCENT_WIDTH, TRUE);
    }
  cairo_destroy (cr);
}

static void
yc_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  YcChart *self = YC_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = LABEL_WIDTH + PERCENT_WIDTH + 200;
      *natural = *minimum + 300;
    }
  else
    *minimum = *natural = LEGEND_HEIGHT + 2 * PAD + (int) self->rows->len * ROW_HEIGHT;
}

static void
yc_chart_finalize (GObject *object)
{
  YcChart *self = YC_CHART (object);

  g_array_unref (self->rows);
  G_OBJECT_CLASS (yc_chart_parent_class)->finalize (object);
}

static void
yc_chart_class_init (YcChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = yc_chart_finalize;
  widget_class->snapshot = yc_chart_snapshot;
  widget_class->measure = yc_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "yc-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
yc_chart_init (YcChart *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);
}

GtkWidget *
yc_chart_new (void)
{
  return g_object_new (YC_TYPE_CHART, NULL);
}
