/* atelier-test-skip.h: for test programs that cannot run everywhere
 *
 * A program that cannot run here (no display, no EGL) still registers every
 * case and reports each one as a TAP SKIP with the reason, so meson shows the
 * test as SKIP, never OK, and the cases that did not run stay listed.
 * (g_test_skip() outside a case only prints an empty plan.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* tests/with-display.sh leaves DISPLAY unset when it has no usable X server. */
static inline gboolean
atelier_test_have_display (void)
{
  return g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;
}

/* g_test_add_data_func (path, reason, atelier_test_skip) */
static inline void
atelier_test_skip (gconstpointer reason)
{
  g_test_skip (reason);
}

G_END_DECLS
