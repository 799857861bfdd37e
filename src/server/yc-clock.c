/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-clock"

#include "config.h"

#include "yc-clock.h"

GTimeZone *
yc_clock_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());
  return zone;
}

GDateTime *
yc_clock_now (void)
{
  return g_date_time_new_now (yc_clock_zone ());
}

GDateTime *
yc_clock_to_local (GDateTime *at)
{
  return g_date_time_to_timezone (at, yc_clock_zone ());
}
