/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scan-device"

#include "config.h"

#include "yc-scan-device.h"

struct _YcScanDevice
{
  GObject  parent_instance;

  char    *name;
  char    *vendor;
  char    *model;
  char    *kind;
  char    *label;
};

G_DEFINE_FINAL_TYPE (YcScanDevice, yc_scan_device, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_VENDOR,
  PROP_MODEL,
  PROP_KIND,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yc_scan_device_finalize (GObject *object)
{
  YcScanDevice *self = YC_SCAN_DEVICE (object);

  g_free (self->name);
  g_free (self->vendor);
  g_free (self->model);
  g_free (self->kind);
  g_free (self->label);

  G_OBJECT_CLASS (yc_scan_device_parent_class)->finalize (object);
}

static void
yc_scan_device_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcScanDevice *self = YC_SCAN_DEVICE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_VENDOR:
      g_value_set_string (value, self->vendor);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_scan_device_class_init (YcScanDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yc_scan_device_finalize;
  object_class->get_property = yc_scan_device_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_VENDOR] = g_param_spec_string ("vendor", NULL, NULL, NULL, flags);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_scan_device_init (YcScanDevice *self)
{
}

YcScanDevice *
yc_scan_device_new (const char *name,
                    const char *vendor,
                    const char *model,
                    const char *kind)
{
  YcScanDevice *self;
  g_autofree char *label = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (YC_TYPE_SCAN_DEVICE, NULL);
  self->name = g_strdup (name);
  self->vendor = g_strdup (vendor != NULL ? vendor : "");
  self->model = g_strdup (model != NULL ? model : "");
  self->kind = g_strdup (kind != NULL ? kind : "");

  /* Backends write model names with underscores ("Perfection_V39"). */
  label = g_strstrip (g_strdup_printf ("%s %s", self->vendor, self->model));
  g_strdelimit (label, "_", ' ');
  self->label = *label != '\0' ? g_steal_pointer (&label) : g_strdup (name);

  return self;
}

const char *
yc_scan_device_get_name (YcScanDevice *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DEVICE (self), NULL);
  return self->name;
}

const char *
yc_scan_device_get_vendor (YcScanDevice *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DEVICE (self), NULL);
  return self->vendor;
}

const char *
yc_scan_device_get_model (YcScanDevice *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DEVICE (self), NULL);
  return self->model;
}

const char *
yc_scan_device_get_kind (YcScanDevice *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DEVICE (self), NULL);
  return self->kind;
}

const char *
yc_scan_device_get_label (YcScanDevice *self)
{
  g_return_val_if_fail (YC_IS_SCAN_DEVICE (self), NULL);
  return self->label;
}
