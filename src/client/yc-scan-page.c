/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scan-page"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "yc-scan-page-private.h"

struct _YcScanPage
{
  GObject           parent_instance;

  YcSpool          *spool;
  char             *path;
  YcScanPageFormat  format;
  YcScanMode        mode;
  guint             width;
  guint             height;
  double            resolution;
  guint             rotation;
};

G_DEFINE_ENUM_TYPE (YcScanPageFormat, yc_scan_page_format,
  G_DEFINE_ENUM_VALUE (YC_SCAN_PAGE_FORMAT_JPEG, "jpeg"),
  G_DEFINE_ENUM_VALUE (YC_SCAN_PAGE_FORMAT_PNG, "png"))

G_DEFINE_FINAL_TYPE (YcScanPage, yc_scan_page, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_FORMAT,
  PROP_MODE,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_RESOLUTION,
  PROP_ROTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yc_scan_page_finalize (GObject *object)
{
  YcScanPage *self = YC_SCAN_PAGE (object);

  if (self->path != NULL && g_unlink (self->path) != 0 && errno != ENOENT)
    g_warning ("Could not remove %s: %s", self->path, g_strerror (errno));
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->spool, yc_spool_unref);

  G_OBJECT_CLASS (yc_scan_page_parent_class)->finalize (object);
}

static void
yc_scan_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  YcScanPage *self = YC_SCAN_PAGE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_RESOLUTION:
      g_value_set_double (value, self->resolution);
      break;
    case PROP_ROTATION:
      g_value_set_uint (value, self->rotation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_scan_page_class_init (YcScanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yc_scan_page_finalize;
  object_class->get_property = yc_scan_page_get_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       YC_TYPE_SCAN_PAGE_FORMAT, YC_SCAN_PAGE_FORMAT_JPEG, flags);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, YC_TYPE_SCAN_MODE, YC_SCAN_MODE_GRAY, flags);
  properties[PROP_WIDTH] = g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HEIGHT] = g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_RESOLUTION] =
    g_param_spec_double ("resolution", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, flags);
  properties[PROP_ROTATION] = g_param_spec_uint ("rotation", NULL, NULL, 0, 270, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_scan_page_init (YcScanPage *self)
{
}

YcScanPage *
yc_scan_page_new (YcSpool          *spool,
                  const char       *path,
                  YcScanPageFormat  format,
                  YcScanMode        mode,
                  guint             width,
                  guint             height,
                  double            resolution)
{
  YcScanPage *self;

  g_return_val_if_fail (spool != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && resolution > 0.0, NULL);

  self = g_object_new (YC_TYPE_SCAN_PAGE, NULL);
  self->spool = yc_spool_ref (spool);
  self->path = g_strdup (path);
  self->format = format;
  self->mode = mode;
  self->width = width;
  self->height = height;
  self->resolution = resolution;
  return self;
}

void
yc_scan_page_set_rotation (YcScanPage *self,
                           guint       rotation)
{
  g_return_if_fail (YC_IS_SCAN_PAGE (self));
  g_return_if_fail (rotation % 90 == 0);

  rotation %= 360;
  if (self->rotation == rotation)
    return;
  self->rotation = rotation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROTATION]);
}

const char *
yc_scan_page_get_path (YcScanPage *self)
{
  g_return_val_if_fail (YC_IS_SCAN_PAGE (self), NULL);
  return self->path;
}

GFile *
yc_scan_page_get_file (YcScanPage *self)
{
  g_return_val_if_fail (YC_IS_SCAN_PAGE (self), NULL);
  return g_file_new_for_path (self->path);
}

YcScanPageFormat
yc_scan_page_get_format (YcScanPage *self)
{
  g_return_val_if_fail (YC_IS_SCAN_PAGE (self), YC_SCAN_PAGE_FORMAT_JPEG);
  return self->format;
}

YcScanMode
yc_scan_page_get_mode (YcScanPage *self)
{
  g_return_val_if_fail (YC_IS_SCAN_PAGE (self), YC_SCAN_MODE_GRAY);
  return self->mode;
}

guint
yc_scan_page_get_width (YcScanPage *self)
{
  g_return_val_if_fail (YC_IS_SCAN_PAGE (self), 0);
  return self->width;
}

guint
yc_scan_page_get_height (YcScanPage *self)
{
  g_return_val_if_fail (YC_IS_SCAN_PAGE (self), 0);
  return self->height;
}

double
yc_scan_page_get_resolution (YcScanPage *self)
{
  g_return_val_if_fail (YC_IS_SCAN_PAGE (self), 0.0);
  return self->resolution;
}

guint
yc_scan_page_get_rotation (YcScanPage *self)
{
  g_return_val_if_fail (YC_IS_SCAN_PAGE (self), 0);
  return self->rotation;
}

double
yc_scan_page_get_width_points (YcScanPage *self)
{
  guint pixels;

  g_return_val_if_fail (YC_IS_SCAN_PAGE (self), 0.0);

  pixels = self->rotation % 180 == 0 ? self->width : self->height;
  return pixels * 72.0 / self->resolution;
}

double
yc_scan_page_get_height_points (YcScanPage *self)
{
  guint pixels;

  g_return_val_if_fail (YC_IS_SCAN_PAGE (self), 0.0);

  pixels = self->rotation % 180 == 0 ? self->height : self->width;
  return pixels * 72.0 / self->resolution;
}

guint64
yc_scan_page_get_file_size (YcScanPage *self)
{
  GStatBuf st;

  g_return_val_if_fail (YC_IS_SCAN_PAGE (self), 0);

  if (g_stat (self->path, &st) != 0)
    return 0;
  return st.st_size;
}
