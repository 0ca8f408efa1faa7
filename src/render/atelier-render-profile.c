/* atelier-render-profile.c: phase timings of the render path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include <epoxy/gl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "atelier-render-profile.h"

gboolean
atelier_render_profile_enabled (void)
{
  static gsize done;
  static gboolean enabled;

  if (g_once_init_enter (&done))
    {
      enabled = g_strcmp0 (g_getenv ("ATELIER_RENDER_PROFILE"), "1") == 0;
      g_once_init_leave (&done, 1);
    }
  return enabled;
}

gint64
atelier_render_profile_begin (void)
{
  return atelier_render_profile_enabled () ? g_get_monotonic_time () : 0;
}

/* Milliseconds since the process was started (exec), from the kernel's
 * start time in clock ticks since boot: only to 1/CLK_TCK (10 ms), but it
 * includes dynamic linking and everything before main(). */
static double
since_exec_ms (void)
{
  g_autofree char *stat = NULL;
  const char *p;
  struct timespec now;
  unsigned long long start_ticks = 0;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      !(p = strrchr (stat, ')')))
    return -1;
  /* Field 22 is starttime; the text after ')' starts at field 3. */
  for (int field = 2; field < 22 && p; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL || sscanf (p + 1, "%llu", &start_ticks) != 1)
    return -1;
  clock_gettime (CLOCK_BOOTTIME, &now);
  return (now.tv_sec + now.tv_nsec / 1e9 - start_ticks / (double) sysconf (_SC_CLK_TCK)) * 1e3;
}

/* Resident and peak resident memory in MB, from /proc/self/status. */
static void
memory_mb (double *rss,
           double *peak)
{
  g_autofree char *status = NULL;
  const char *p;

  *rss = *peak = -1;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  if ((p = strstr (status, "VmHWM:")))
    *peak = g_ascii_strtod (p + 6, NULL) / 1024;
  if ((p = strstr (status, "VmRSS:")))
    *rss = g_ascii_strtod (p + 6, NULL) / 1024;
}

void
atelier_render_profile_end (gint64      start,
                            const char *phase,
                            gboolean    gl_finish)
{
  if (!atelier_render_profile_enabled ())
    return;
  double rss, peak;

  if (gl_finish)
    glFinish ();
  memory_mb (&rss, &peak);
  fprintf (stderr, "render-profile: %-22s %7.1f ms  (ends at %4.0f ms since exec; RSS %3.0f MB, peak %3.0f MB)\n",
           phase, (g_get_monotonic_time () - start) / 1e3, since_exec_ms (), rss, peak);
}
