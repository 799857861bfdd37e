/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's reports for section chiefs, townships and supervision (issue #7): thin dispatch
 * to the implementation, like yc-store.c. */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-store.h"

#define IFACE(self) (YC_STORE_GET_IFACE (self))

GPtrArray *
yc_store_statistics (YcStore                 *self,
                     const YcStatisticsQuery *query,
                     GError                 **error)
{
  return IFACE (self)->statistics (self, query, error);
}

GPtrArray *
yc_store_signoff_queue (YcStore              *self,
                        const YcSignoffQuery *query,
                        guint                 total_cap,
                        guint                *total,
                        gboolean             *capped,
                        GError              **error)
{
  return IFACE (self)->signoff_queue (self, query, total_cap, total, capped, error);
}

GPtrArray *
yc_store_forwarded_cases (YcStore                *self,
                          const YcForwardedQuery *query,
                          guint                   total_cap,
                          guint                  *total,
                          gboolean               *capped,
                          gint64                 *sync_token,
                          GError                **error)
{
  return IFACE (self)->forwarded_cases (self, query, total_cap, total, capped, sync_token, error);
}

GPtrArray *
yc_store_overdue_cases (YcStore              *self,
                        const YcOverdueQuery *query,
                        guint                 total_cap,
                        guint                *total,
                        gboolean             *capped,
                        GError              **error)
{
  return IFACE (self)->overdue_cases (self, query, total_cap, total, capped, error);
}
