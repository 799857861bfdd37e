/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the desk's display tests share: a real yichuangd for them (the demo county in a
 * temporary database, on 127.0.0.1 port 0), and the plumbing to drive a window under Xvfb. */
#pragma once

#include <gtk/gtk.h>

#include "yc-application.h"
#include "yc-desk-window.h"

G_BEGIN_DECLS

/* Starts yichuangd with its database and configuration in @dir (the demo county the first
 * time, the same database on a restart); sets *@process and *@url (no trailing slash). The
 * server goes when the test process goes, even when an assertion aborts it. */
void      yc_test_server_start (const char   *dir,
                                GSubprocess **process,
                                char        **url);
/* The same on @address ("127.0.0.1:PORT"): a backend that comes back where it was. */
void      yc_test_server_start_at (const char   *dir,
                                   const char   *address,
                                   GSubprocess **process,
                                   char        **url);
/* SIGTERM and wait; nothing if not running. */
void      yc_test_server_stop  (GSubprocess **process);

/* A temporary directory from @tmpl for the desk's outbox, kept session and catalogue cache
 * (XDG_DATA_HOME, XDG_CACHE_HOME), and no session bus, so no keyring. Call before any thread
 * is started. */
char     *yc_test_desk_dirs    (const char     *tmpl);
/* GTK and libadwaita for the test, and a registered, non-unique application. */
YcApplication *yc_test_desk_app (int            *argc,
                                 char         ***argv);
/* After the tests: the window destroyed (if any), the server stopped, the application
 * released and the temporary directory removed and freed. */
void      yc_test_desk_finish  (gpointer        window,
                                GSubprocess   **server,
                                YcApplication **app,
                                char          **tmp_dir);
/* Removes @path and everything under it. */
void      yc_test_desk_remove_tree (const char   *path);

typedef gboolean (*YcTestCondition) (gpointer data);

/* Runs the main loop until @cond holds (TRUE) or a minute has passed (FALSE). */
gboolean  yc_test_wait_for     (YcTestCondition cond,
                                gpointer        data);
/* The same with another bound, for tests whose steps take longer. */
gboolean  yc_test_wait_for_seconds (YcTestCondition cond,
                                    gpointer        data,
                                    int             seconds);
/* Runs the main loop for 300 ms: the window catches up with what was done to it. */
void      yc_test_settle       (void);
/* The template child @name of @widget, which is of the template @type; asserts it exists. */
gpointer  yc_test_child        (gpointer        widget,
                                GType           type,
                                const char     *name);
void      yc_test_set_text     (gpointer        editable,
                                const char     *text);
/* Whether @window shows the screen @name ("sign-in", "catalogue", "intake", "case", …). */
gboolean  yc_test_is_screen    (YcDeskWindow   *window,
                                const char     *name);
/* Runs the main loop until @window shows @name or @seconds have passed (FALSE). */
gboolean  yc_test_wait_screen  (YcDeskWindow   *window,
                                const char     *name,
                                int             seconds);
/* Activates @action on @widget and waits (asserting) for a new toast of @window that starts
 * with a case number of window C07 (the intake and notice actions announce the case so);
 * returns that number. */
char     *yc_test_act_for_case_number (YcDeskWindow *window,
                                       gpointer      widget,
                                       const char   *action);
/* A YcTestCondition: the sign-in page @page shows an error. */
gboolean  yc_test_sign_in_error_shown (gpointer page);
/* Waits (asserting) until @window shows the catalogue and is ready: signed in. */
void      yc_test_wait_catalogue (YcDeskWindow *window);
/* Types @keys (pinyin initials) into the catalogue search one key at a time, as a clerk
 * would, and waits for a selected result; returns it (owned by the page). */
YcItem   *yc_test_find_item    (YcDeskWindow   *window,
                                const char     *keys);
/* Saves a PNG of @widget as it is drawn now in $YC_BUILDDIR/screenshots/@name. */
void      yc_test_screenshot   (GtkWidget      *widget,
                                const char     *name);

G_END_DECLS
