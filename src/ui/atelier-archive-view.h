/* atelier-archive-view.h: the files inside a ZIP result (a print export)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ATELIER_TYPE_ARCHIVE_VIEW (atelier_archive_view_get_type ())
G_DECLARE_FINAL_TYPE (AtelierArchiveView, atelier_archive_view, ATELIER, ARCHIVE_VIEW, GtkWidget)

GtkWidget  *atelier_archive_view_new      (void);
/* Lists the files in the ZIP at @path (NULL: nothing). */
void        atelier_archive_view_set_path (AtelierArchiveView *self,
                                           const char         *path);
/* What was listed, for tests: the names, in archive order (borrowed). */
GPtrArray  *atelier_archive_view_get_names (AtelierArchiveView *self);

/* The names of the files in the ZIP at @path, or NULL with @error. */
GPtrArray  *atelier_archive_list          (const char         *path,
                                           GError            **error);

G_END_DECLS
