/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-desk-window"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-desk-roles.h"
#include "yc-signoff-page.h"
#include "yc-statistics-page.h"
#include "yc-township-page.h"

/* Which view-stack pages each role sees; the first is where it lands. */
static const char *const clerk_pages[] = { "catalogue", "queue", NULL };
static const char *const township_pages[] = { "catalogue", "queue", "forwarded", NULL };
static const char *const chief_pages[] = { "signoff", "statistics", NULL };
static const char *const admin_pages[] = { "statistics", "queue", NULL };

void
yc_desk_roles_add_pages (YcDeskWindow *window,
                         AdwViewStack *stack,
                         GCallback     open_case)
{
  GtkWidget *signoff = g_object_new (YC_TYPE_SIGNOFF_PAGE, NULL);
  GtkWidget *forwarded = g_object_new (YC_TYPE_TOWNSHIP_PAGE, NULL);
  GtkWidget *statistics = g_object_new (YC_TYPE_STATISTICS_PAGE, NULL);

  adw_view_stack_add_titled_with_icon (stack, signoff, "signoff", _("Sign-off"),
                                       "document-edit-symbolic");
  adw_view_stack_add_titled_with_icon (stack, forwarded, "forwarded", _("At the County"),
                                       "mail-send-symbolic");
  adw_view_stack_add_titled_with_icon (stack, statistics, "statistics", _("Statistics"),
                                       "x-office-spreadsheet-symbolic");
  g_signal_connect_swapped (forwarded, "open-case", open_case, window);
  /* Nobody is signed in yet. */
  yc_desk_roles_apply (stack, NULL);
}

const char *
yc_desk_roles_apply (AdwViewStack  *stack,
                     const YcActor *actor)
{
  const char *const *pages = clerk_pages;
  const char *const all[] = { "catalogue", "queue", "signoff", "forwarded", "statistics" };

  if (actor != NULL)
    switch (actor->role)
      {
      case YC_ROLE_TOWNSHIP:
        pages = township_pages;
        break;
      case YC_ROLE_CHIEF:
        pages = chief_pages;
        break;
      case YC_ROLE_ADMIN:
        pages = admin_pages;
        break;
      case YC_ROLE_CLERK:
      default:
        pages = clerk_pages;
        break;
      }
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, all[i]);

      if (child != NULL)
        adw_view_stack_page_set_visible (adw_view_stack_get_page (stack, child),
                                         actor != NULL && g_strv_contains (pages, all[i]));
    }
  return pages[0];
}

void
yc_desk_roles_refresh (AdwViewStack *stack,
                       const char   *screen)
{
  GtkWidget *page = adw_view_stack_get_child_by_name (stack, screen);

  if (YC_IS_SIGNOFF_PAGE (page))
    yc_signoff_page_refresh (YC_SIGNOFF_PAGE (page));
  else if (YC_IS_TOWNSHIP_PAGE (page))
    yc_township_page_refresh (YC_TOWNSHIP_PAGE (page), FALSE);
  else if (YC_IS_STATISTICS_PAGE (page))
    yc_statistics_page_refresh (YC_STATISTICS_PAGE (page));
}
