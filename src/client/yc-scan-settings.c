/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scan-settings"

#include "config.h"

#include "yc-scan-settings.h"

G_DEFINE_ENUM_TYPE (YcScanSource, yc_scan_source,
  G_DEFINE_ENUM_VALUE (YC_SCAN_SOURCE_FLATBED, "flatbed"),
  G_DEFINE_ENUM_VALUE (YC_SCAN_SOURCE_FEEDER, "feeder"),
  G_DEFINE_ENUM_VALUE (YC_SCAN_SOURCE_FEEDER_DUPLEX, "feeder-duplex"))

G_DEFINE_ENUM_TYPE (YcScanMode, yc_scan_mode,
  G_DEFINE_ENUM_VALUE (YC_SCAN_MODE_COLOR, "color"),
  G_DEFINE_ENUM_VALUE (YC_SCAN_MODE_GRAY, "gray"),
  G_DEFINE_ENUM_VALUE (YC_SCAN_MODE_BLACK_WHITE, "black-white"))

G_DEFINE_ENUM_TYPE (YcScanPurpose, yc_scan_purpose,
  G_DEFINE_ENUM_VALUE (YC_SCAN_PURPOSE_DOCUMENT, "document"),
  G_DEFINE_ENUM_VALUE (YC_SCAN_PURPOSE_PHOTO, "photo"),
  G_DEFINE_ENUM_VALUE (YC_SCAN_PURPOSE_ID_CARD, "id-card"))

struct _YcScanSettings
{
  GObject       parent_instance;

  char         *device;
  YcScanSource  source;
  YcScanMode    mode;
  double        resolution;
  double        width_mm;
  double        height_mm;
  guint         jpeg_quality;
  GHashTable   *device_options;
};

G_DEFINE_FINAL_TYPE (YcScanSettings, yc_scan_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEVICE,
  PROP_SOURCE,
  PROP_MODE,
  PROP_RESOLUTION,
  PROP_WIDTH_MM,
  PROP_HEIGHT_MM,
  PROP_JPEG_QUALITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yc_scan_settings_finalize (GObject *object)
{
  YcScanSettings *self = YC_SCAN_SETTINGS (object);

  g_clear_pointer (&self->device, g_free);
  g_clear_pointer (&self->device_options, g_hash_table_unref);

  G_OBJECT_CLASS (yc_scan_settings_parent_class)->finalize (object);
}

static void
yc_scan_settings_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YcScanSettings *self = YC_SCAN_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_string (value, self->device);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_RESOLUTION:
      g_value_set_double (value, self->resolution);
      break;
    case PROP_WIDTH_MM:
      g_value_set_double (value, self->width_mm);
      break;
    case PROP_HEIGHT_MM:
      g_value_set_double (value, self->height_mm);
      break;
    case PROP_JPEG_QUALITY:
      g_value_set_uint (value, self->jpeg_quality);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_scan_settings_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  YcScanSettings *self = YC_SCAN_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      yc_scan_settings_set_device (self, g_value_get_string (value));
      break;
    case PROP_SOURCE:
      yc_scan_settings_set_source (self, g_value_get_enum (value));
      break;
    case PROP_MODE:
      yc_scan_settings_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_RESOLUTION:
      yc_scan_settings_set_resolution (self, g_value_get_double (value));
      break;
    case PROP_WIDTH_MM:
      yc_scan_settings_set_width_mm (self, g_value_get_double (value));
      break;
    case PROP_HEIGHT_MM:
      yc_scan_settings_set_height_mm (self, g_value_get_double (value));
      break;
    case PROP_JPEG_QUALITY:
      yc_scan_settings_set_jpeg_quality (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_scan_settings_class_init (YcScanSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yc_scan_settings_finalize;
  object_class->get_property = yc_scan_settings_get_property;
  object_class->set_property = yc_scan_settings_set_property;

  properties[PROP_DEVICE] =
    g_param_spec_string ("device", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL,
                       YC_TYPE_SCAN_SOURCE, YC_SCAN_SOURCE_FLATBED, flags);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       YC_TYPE_SCAN_MODE, YC_SCAN_MODE_GRAY, flags);
  properties[PROP_RESOLUTION] =
    g_param_spec_double ("resolution", NULL, NULL, 1.0, 4800.0, 300.0, flags);
  properties[PROP_WIDTH_MM] =
    g_param_spec_double ("width-mm", NULL, NULL, 0.0, 10000.0, 0.0, flags);
  properties[PROP_HEIGHT_MM] =
    g_param_spec_double ("height-mm", NULL, NULL, 0.0, 10000.0, 0.0, flags);
  properties[PROP_JPEG_QUALITY] =
    g_param_spec_uint ("jpeg-quality", NULL, NULL, 1, 100, 85, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_scan_settings_init (YcScanSettings *self)
{
  self->source = YC_SCAN_SOURCE_FLATBED;
  self->mode = YC_SCAN_MODE_GRAY;
  self->resolution = 300.0;
  self->jpeg_quality = 85;
  self->device_options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

YcScanSettings *
yc_scan_settings_new (void)
{
  return g_object_new (YC_TYPE_SCAN_SETTINGS, NULL);
}

YcScanSettings *
yc_scan_settings_new_for_purpose (YcScanPurpose purpose)
{
  YcScanSettings *self = yc_scan_settings_new ();

  switch (purpose)
    {
    case YC_SCAN_PURPOSE_DOCUMENT:
      self->mode = YC_SCAN_MODE_GRAY;
      self->width_mm = 210.0;
      self->height_mm = 297.0;
      break;
    case YC_SCAN_PURPOSE_PHOTO:
      self->mode = YC_SCAN_MODE_COLOR;
      self->width_mm = 210.0;
      self->height_mm = 297.0;
      break;
    case YC_SCAN_PURPOSE_ID_CARD:
      /* An ID card is 85.6 × 54 mm; leave room for placing it by hand. */
      self->mode = YC_SCAN_MODE_COLOR;
      self->width_mm = 100.0;
      self->height_mm = 70.0;
      break;
    default:
      g_return_val_if_reached (self);
    }
  self->resolution = 300.0;

  return self;
}

YcScanSettings *
yc_scan_settings_copy (YcScanSettings *self)
{
  YcScanSettings *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (YC_IS_SCAN_SETTINGS (self), NULL);

  copy = yc_scan_settings_new ();
  copy->device = g_strdup (self->device);
  copy->source = self->source;
  copy->mode = self->mode;
  copy->resolution = self->resolution;
  copy->width_mm = self->width_mm;
  copy->height_mm = self->height_mm;
  copy->jpeg_quality = self->jpeg_quality;
  g_hash_table_iter_init (&iter, self->device_options);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->device_options, g_strdup (key), g_strdup (value));

  return copy;
}

const char *
yc_scan_settings_get_device (YcScanSettings *self)
{
  g_return_val_if_fail (YC_IS_SCAN_SETTINGS (self), NULL);
  return self->device;
}

void
yc_scan_settings_set_device (YcScanSettings *self,
                             const char     *device)
{
  g_return_if_fail (YC_IS_SCAN_SETTINGS (self));

  if (device != NULL && *device == '\0')
    device = NULL;
  if (g_strcmp0 (self->device, device) == 0)
    return;
  g_free (self->device);
  self->device = g_strdup (device);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
}

YcScanSource
yc_scan_settings_get_source (YcScanSettings *self)
{
  g_return_val_if_fail (YC_IS_SCAN_SETTINGS (self), YC_SCAN_SOURCE_FLATBED);
  return self->source;
}

void
yc_scan_settings_set_source (YcScanSettings *self,
                             YcScanSource    source)
{
  g_return_if_fail (YC_IS_SCAN_SETTINGS (self));
  g_return_if_fail (source <= YC_SCAN_SOURCE_FEEDER_DUPLEX);

  if (self->source == source)
    return;
  self->source = source;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

YcScanMode
yc_scan_settings_get_mode (YcScanSettings *self)
{
  g_return_val_if_fail (YC_IS_SCAN_SETTINGS (self), YC_SCAN_MODE_GRAY);
  return self->mode;
}

void
yc_scan_settings_set_mode (YcScanSettings *self,
                           YcScanMode      mode)
{
  g_return_if_fail (YC_IS_SCAN_SETTINGS (self));
  g_return_if_fail (mode <= YC_SCAN_MODE_BLACK_WHITE);

  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

double
yc_scan_settings_get_resolution (YcScanSettings *self)
{
  g_return_val_if_fail (YC_IS_SCAN_SETTINGS (self), 0.0);
  return self->resolution;
}

void
yc_scan_settings_set_resolution (YcScanSettings *self,
                                 double          dpi)
{
  g_return_if_fail (YC_IS_SCAN_SETTINGS (self));
  g_return_if_fail (dpi >= 1.0 && dpi <= 4800.0);

  if (self->resolution == dpi)
    return;
  self->resolution = dpi;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOLUTION]);
}

double
yc_scan_settings_get_width_mm (YcScanSettings *self)
{
  g_return_val_if_fail (YC_IS_SCAN_SETTINGS (self), 0.0);
  return self->width_mm;
}

void
yc_scan_settings_set_width_mm (YcScanSettings *self,
                               double          mm)
{
  g_return_if_fail (YC_IS_SCAN_SETTINGS (self));
  g_return_if_fail (mm >= 0.0 && mm <= 10000.0);

  if (self->width_mm == mm)
    return;
  self->width_mm = mm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH_MM]);
}

double
yc_scan_settings_get_height_mm (YcScanSettings *self)
{
  g_return_val_if_fail (YC_IS_SCAN_SETTINGS (self), 0.0);
  return self->height_mm;
}

void
yc_scan_settings_set_height_mm (YcScanSettings *self,
                                double          mm)
{
  g_return_if_fail (YC_IS_SCAN_SETTINGS (self));
  g_return_if_fail (mm >= 0.0 && mm <= 10000.0);

  if (self->height_mm == mm)
    return;
  self->height_mm = mm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT_MM]);
}

guint
yc_scan_settings_get_jpeg_quality (YcScanSettings *self)
{
  g_return_val_if_fail (YC_IS_SCAN_SETTINGS (self), 85);
  return self->jpeg_quality;
}

void
yc_scan_settings_set_jpeg_quality (YcScanSettings *self,
                                   guint           quality)
{
  g_return_if_fail (YC_IS_SCAN_SETTINGS (self));
  g_return_if_fail (quality >= 1 && quality <= 100);

  if (self->jpeg_quality == quality)
    return;
  self->jpeg_quality = quality;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JPEG_QUALITY]);
}

void
yc_scan_settings_set_device_option (YcScanSettings *self,
                                    const char     *name,
                                    const char     *value)
{
  g_return_if_fail (YC_IS_SCAN_SETTINGS (self));
  g_return_if_fail (name != NULL && *name != '\0');

  if (value == NULL)
    g_hash_table_remove (self->device_options, name);
  else
    g_hash_table_insert (self->device_options, g_strdup (name), g_strdup (value));
}

GHashTable *
yc_scan_settings_get_device_options (YcScanSettings *self)
{
  g_return_val_if_fail (YC_IS_SCAN_SETTINGS (self), NULL);
  return self->device_options;
}
