/* atelier-profile.c
 *
 * Timestamps rather than a profiler: they cost nothing when off, work the
 * same on any machine, and say which step of start-up a change moved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-profile"

#include "config.h"

#include <stdio.h>
#include <time.h>

#include "atelier-profile.h"

static gint64 first_mark;
static gint64 last_mark;
static gint64 first_cpu;
static gint64 last_cpu;

/* The calling thread's CPU time: steadier than the clock on a busy
 * machine, where waiting for a core inflates every step. */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

gboolean
atelier_profile_enabled (void)
{
  static gsize enabled = 0;

  if (g_once_init_enter (&enabled))
    {
      const char *value = g_getenv ("ATELIER_PROFILE_STARTUP");

      g_once_init_leave (&enabled, value != NULL && *value != '\0' && !g_str_equal (value, "0")
                                   ? 2 : 1);
    }
  return enabled == 2;
}

void
atelier_profile_mark (const char *format,
                      ...)
{
  g_autofree char *what = NULL;
  gint64 now, cpu;
  va_list args;

  if (!atelier_profile_enabled ())
    return;

  now = g_get_monotonic_time ();
  cpu = thread_cpu_time ();
  if (first_mark == 0)
    {
      first_mark = last_mark = now;
      first_cpu = last_cpu = cpu;
    }

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* Main thread only: one line at a time, straight out. */
  fprintf (stderr, "atelier-startup: %8.1f ms (+%6.1f), main thread CPU %7.1f ms (+%6.1f)  %s\n",
           (now - first_mark) / 1000.0, (now - last_mark) / 1000.0,
           (cpu - first_cpu) / 1000.0, (cpu - last_cpu) / 1000.0, what);
  fflush (stderr);
  last_mark = now;
  last_cpu = cpu;
}

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint, user_data);
  atelier_profile_mark ("first frame painted");
}

static void
on_realize (GtkWidget *window)
{
  g_signal_handlers_disconnect_by_func (window, on_realize, NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint), NULL);
}

void
atelier_profile_watch_first_frame (GtkWidget *window)
{
  g_return_if_fail (GTK_IS_WIDGET (window));

  if (!atelier_profile_enabled ())
    return;
  if (gtk_widget_get_realized (window))
    on_realize (window);
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
}
