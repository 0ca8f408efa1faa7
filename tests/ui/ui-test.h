/* ui-test.h: what the widget tests share: a sandbox behind a real engine,
 * waiting on the main loop, and finding widgets in a tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"
#include "atelier-sandbox.h"

G_BEGIN_DECLS

typedef struct
{
  AtelierSandbox *sandbox;
  AtelierHttp    *http;
  AtelierEngine  *engine;
  char           *tmpdir;
} UiSandbox;

/* An engine with every provider, on an in-process sandbox whose jobs take
 * @job_ms; results go to a temporary library. */
void        ui_sandbox_start      (UiSandbox  *sandbox,
                                   guint       job_ms);
/* The same, with the jobs kept in a history at @history_path (NULL: none). */
void        ui_sandbox_start_with_history (UiSandbox  *sandbox,
                                           guint       job_ms,
                                           const char *history_path);
void        ui_sandbox_stop       (UiSandbox  *sandbox);
/* Makes a job through the engine and returns it (owned by the engine). */
AtelierJob *ui_sandbox_create_job (UiSandbox  *sandbox,
                                   const char *provider_id,
                                   const char *first_name,
                                   ...) G_GNUC_NULL_TERMINATED;

typedef gboolean (*UiCondition) (gpointer data);

/* Runs the main loop until @condition holds; FALSE after @timeout_ms (a
 * safety net for a hung test, not a measurement). */
gboolean    ui_wait_for           (UiCondition condition,
                                   gpointer    data,
                                   guint       timeout_ms);
gboolean    ui_wait_for_job       (AtelierJob *job,
                                   guint       timeout_ms);

typedef gboolean (*UiMatch) (GtkWidget    *widget,
                             gconstpointer data);

/* The first widget in @widget's tree (itself included) that @match takes. */
GtkWidget  *ui_find               (GtkWidget    *widget,
                                   UiMatch       match,
                                   gconstpointer data);
GtkWidget  *ui_find_descendant    (GtkWidget  *widget,
                                   GType       type);
/* The GtkStack that has a page called @page_name. */
GtkStack   *ui_find_stack         (GtkWidget  *widget,
                                   const char *page_name);
/* A button with that label (mnemonics included: "_Retry"). */
GtkWidget  *ui_find_button        (GtkWidget  *widget,
                                   const char *label);
/* A label showing exactly @text. */
GtkWidget  *ui_find_label         (GtkWidget  *widget,
                                   const char *text);
/* A widget of @type whose accessible name (as set with <accessibility>)
 * is @name. */
GtkWidget  *ui_find_named         (GtkWidget  *widget,
                                   GType       type,
                                   const char *name);
/* What pressing @keyval with @modifiers on @widget does through the key
 * bindings of it and its ancestors (bubbling, as a key press would), without
 * a real event; TRUE if one of them took it. */
gboolean    ui_press_key          (GtkWidget       *widget,
                                   guint            keyval,
                                   GdkModifierType  modifiers);
/* Drops the caller's reference once pending callbacks have let go of
 * @object, and asserts that this finalizes it. */
void        ui_assert_finalize    (gpointer    object);

/* gtk_test_init() in a private XDG home with in-memory settings. Returns
 * that home (remove it with ui_remove_tree() after g_test_run()), or NULL
 * without a display, after printing a TAP plan that skips everything. */
char       *ui_test_init          (int        *argc,
                                   char     ***argv);
void        ui_remove_tree        (const char *path);
/* The app's settings (memory backend), or NULL when the schema is not
 * compiled. */
GSettings  *ui_settings_new       (void);

G_END_DECLS
