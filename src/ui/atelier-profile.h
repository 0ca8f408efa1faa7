/* atelier-profile.h: where start-up time goes, behind ATELIER_PROFILE_STARTUP=1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether ATELIER_PROFILE_STARTUP is set (looked up once). */
gboolean atelier_profile_enabled           (void);
/* Prints to stderr the time and the main thread's CPU time since the
 * first mark and since the previous one, then @format; nothing when
 * profiling is off. */
void     atelier_profile_mark              (const char *format,
                                            ...) G_GNUC_PRINTF (1, 2);
/* Marks @window's first frame (its frame clock's first "after-paint"). */
void     atelier_profile_watch_first_frame (GtkWidget  *window);

G_END_DECLS
