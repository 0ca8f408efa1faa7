/* bench-gltf-common.h: timing and peak-memory probes shared by the benchmark children
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>
#include <string.h>
#include <time.h>

static inline double
bench_now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A field of /proc/self/status in kB (VmHWM: peak resident set, VmRSS: now). */
static inline long
bench_status_kb (const char *field)
{
  FILE *f = fopen ("/proc/self/status", "r");
  char line[256];
  long value = -1;
  size_t n = strlen (field);

  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, field, n) == 0 && line[n] == ':')
      {
        value = strtol (line + n + 1, NULL, 10);
        break;
      }
  fclose (f);
  return value;
}
