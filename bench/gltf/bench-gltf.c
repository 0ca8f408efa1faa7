/* bench-gltf.c: load a 1,000,000-face GLB and compare with the floor and tinygltf
 *
 * Generates the model the way real services send it (uint32 indices, no
 * normals, one 2048² texture), then runs, each in a fresh process so peak
 * memory is its own: our loader to upload-ready arrays, one plain read of the
 * file (the floor), and Debian's tinygltf doing the same work. Prints the
 * medians side by side.
 *
 *   bench-gltf [--tinygltf PATH] [--faces N] [--texture png|jpeg] [--runs N] [--keep FILE]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-bench"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "atelier-gltf.h"
#include "atelier-procedural.h"
#include "bench-gltf-common.h"

typedef struct
{
  double ms;
  long   peak_kb;
  long   base_kb;
  gsize  decoded;
  double cpu_ms;  /* user + system, all threads */
  double best_ms;
} Sample;

static gsize
decoded_size (const AtelierGltfScene *scene)
{
  gsize total = 0;

  for (guint i = 0; i < scene->n_meshes; i++)
    for (guint j = 0; j < scene->meshes[i].n_primitives; j++)
      {
        const AtelierGltfPrimitive *p = &scene->meshes[i].primitives[j];
        gsize v = p->vertex_count;

        total += v * 3 * 4;
        total += p->normals ? v * 3 * 4 : 0;
        total += p->tangents ? v * 4 * 4 : 0;
        total += p->texcoords0 ? v * 2 * 4 : 0;
        total += p->texcoords1 ? v * 2 * 4 : 0;
        total += p->colors ? v * 4 * 4 : 0;
        total += p->indices ? (gsize) p->index_count * 4 : 0;
      }
  for (guint i = 0; i < scene->n_images; i++)
    if (scene->images[i].pixels != NULL)
      total += (gsize) scene->images[i].width * scene->images[i].height * 4;
  return total;
}

static int
child_load (const char *path)
{
  long base_kb = bench_status_kb ("VmRSS");
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;
  double start = bench_now_ms (), elapsed;

  scene = atelier_gltf_load_file (path, NULL, &error);
  elapsed = bench_now_ms () - start;
  if (scene == NULL)
    {
      fprintf (stderr, "load failed: %s\n", error->message);
      return 1;
    }
  printf ("%.3f %ld %ld %zu\n", elapsed, bench_status_kb ("VmHWM"), base_kb,
          decoded_size (scene));
  return 0;
}

/* The floor: one read of the whole file into memory. */
static int
child_read (const char *path)
{
  long base_kb = bench_status_kb ("VmRSS");
  double start = bench_now_ms (), elapsed;
  int fd = open (path, O_RDONLY);
  off_t size = lseek (fd, 0, SEEK_END);
  char *buffer = malloc (size);
  gsize done = 0;

  lseek (fd, 0, SEEK_SET);
  while (done < (gsize) size)
    {
      ssize_t n = read (fd, buffer + done, size - done);
      if (n <= 0)
        return 1;
      done += n;
    }
  close (fd);
  elapsed = bench_now_ms () - start;
  printf ("%.3f %ld %ld %zu\n", elapsed, bench_status_kb ("VmHWM"), base_kb, (gsize) buffer[size / 2] * 0);
  free (buffer);
  return 0;
}

static gboolean
run_child (const char * const *argv,
           Sample             *sample)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  struct rusage before, after;

  getrusage (RUSAGE_CHILDREN, &before);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      fprintf (stderr, "%s failed: %s%s\n", argv[0], error ? error->message : "", err ? err : "");
      return FALSE;
    }
  getrusage (RUSAGE_CHILDREN, &after);
  /* Includes the process start-up: a rough figure, shown for context. */
  sample->cpu_ms = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) * 1e3 +
                   (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e3 +
                   (after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1e3 +
                   (after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e3;
  return sscanf (out, "%lf %ld %ld %zu", &sample->ms, &sample->peak_kb, &sample->base_kb,
                 &sample->decoded) == 4;
}

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  double x = ((const Sample *) a)->ms, y = ((const Sample *) b)->ms;
  return x < y ? -1 : x > y;
}

/* Median time; the largest peak seen. */
static Sample
summarise (GArray *samples)
{
  Sample s;

  g_array_sort (samples, compare_samples);
  s = g_array_index (samples, Sample, samples->len / 2);
  s.best_ms = g_array_index (samples, Sample, 0).ms;
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *x = &g_array_index (samples, Sample, i);
      if (x->peak_kb - x->base_kb > s.peak_kb - s.base_kb)
        {
          s.peak_kb = x->peak_kb;
          s.base_kb = x->base_kb;
        }
    }
  return s;
}

static int
bench_format (const char *format,
              int         faces,
              int         runs,
              const char *tinygltf,
              const char *keep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = NULL;
  g_autofree char *path = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  AtelierProceduralModel model = { 0 };
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (Sample));
  g_autoptr(GArray) floor_ = g_array_new (FALSE, FALSE, sizeof (Sample));
  g_autoptr(GArray) base = g_array_new (FALSE, FALSE, sizeof (Sample));
  Sample o, f, t = { 0 };
  double start;
  gsize file_size;

  model.prompt = "a weathered bronze statue";
  model.faces = faces;
  model.with_normals = FALSE;
  model.texture_size = 2048;
  model.texture_format = format;

  start = bench_now_ms ();
  glb = atelier_procedural_glb (&model, &error);
  if (glb == NULL)
    {
      fprintf (stderr, "generating the model failed: %s\n", error->message);
      return 1;
    }
  file_size = g_bytes_get_size (glb);
  if (keep != NULL)
    path = g_strdup_printf ("%s.%s.glb", keep, format);
  else
    {
      int fd = g_file_open_tmp ("atelier-bench-XXXXXX.glb", &path, &error);
      if (fd < 0)
        return 1;
      close (fd);
    }
  if (!g_file_set_contents (path, g_bytes_get_data (glb, NULL), file_size, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  g_clear_pointer (&glb, g_bytes_unref);

  printf ("== %d faces, uint32 indices, no normals, one 2048² %s texture: %.1f MB "
          "(generated in %.0f ms)\n", faces, format, file_size / 1e6, bench_now_ms () - start);

  /* Interleaved so drift (other load) hits every contender alike; the first
   * round warms the page cache and is not counted. */
  for (int r = 0; r <= runs; r++)
    {
      Sample s;
      const char *load_argv[] = { self, "--child-load", path, NULL };
      const char *read_argv[] = { self, "--child-read", path, NULL };
      const char *tiny_argv[] = { tinygltf, path, NULL };

      if (!run_child (read_argv, &s))
        return 1;
      if (r > 0)
        g_array_append_val (floor_, s);
      if (!run_child (load_argv, &s))
        return 1;
      if (r > 0)
        g_array_append_val (ours, s);
      if (tinygltf != NULL && run_child (tiny_argv, &s) && r > 0)
        g_array_append_val (base, s);
    }

  o = summarise (ours);
  f = summarise (floor_);
  if (base->len > 0)
    t = summarise (base);

  printf ("%-32s %10s %9s %10s %12s %14s\n", "", "wall (ms)", "best", "cpu (ms)*", "peak RSS",
          "peak − start");
  printf ("%-32s %10.1f %9.1f %10.1f %9.1f MB %11.1f MB\n", "read the file once (floor)", f.ms,
          f.best_ms, f.cpu_ms, f.peak_kb / 1024.0, (f.peak_kb - f.base_kb) / 1024.0);
  printf ("%-32s %10.1f %9.1f %10.1f %9.1f MB %11.1f MB\n", "atelier loader (upload-ready)",
          o.ms, o.best_ms, o.cpu_ms, o.peak_kb / 1024.0, (o.peak_kb - o.base_kb) / 1024.0);
  if (base->len > 0)
    printf ("%-32s %10.1f %9.1f %10.1f %9.1f MB %11.1f MB\n", "tinygltf (same work)", t.ms,
            t.best_ms, t.cpu_ms, t.peak_kb / 1024.0, (t.peak_kb - t.base_kb) / 1024.0);
  else
    printf ("%-32s %10s\n", "tinygltf (same work)", "not built");

  printf ("file %.1f MB, decoded %.1f MB (geometry + RGBA pixels); median and best of %d runs; "
          "* median, includes process start-up\n", file_size / 1e6, o.decoded / 1e6, runs);
  printf ("  load / read-once floor:       %5.2f×  (target ≤ 2; best runs: %.2f×)\n", o.ms / f.ms,
          o.best_ms / f.best_ms);
  if (base->len > 0)
    printf ("  tinygltf / load:              %5.2f×  (target ≥ 3; best runs: %.2f×)\n", t.ms / o.ms,
            t.best_ms / o.best_ms);
  printf ("  peak memory / decoded data:   %5.2f×  (target ≤ 1.5; growth over process start)\n",
          (o.peak_kb - o.base_kb) * 1024.0 / o.decoded);
  printf ("  peak memory / file size:      %5.2f×\n",
          (o.peak_kb - o.base_kb) * 1024.0 / file_size);
  if (base->len > 0)
    printf ("  tinygltf peak / decoded data: %5.2f×\n",
            (t.peak_kb - t.base_kb) * 1024.0 / o.decoded);
  printf ("\n");

  if (keep == NULL)
    g_unlink (path);
  return 0;
}

int
main (int argc, char **argv)
{
  g_autofree char *tinygltf = NULL;
  g_autofree char *textures = g_strdup ("jpeg,png");
  g_autofree char *keep = NULL;
  g_auto(GStrv) formats = NULL;
  int faces = 1000000, runs = 5;
  GOptionEntry entries[] = {
    { "tinygltf", 0, 0, G_OPTION_ARG_FILENAME, &tinygltf, "The baseline program", "PATH" },
    { "faces", 0, 0, G_OPTION_ARG_INT, &faces, "Triangles in the model", "N" },
    { "texture", 0, 0, G_OPTION_ARG_STRING, &textures, "Texture formats (jpeg,png)", "LIST" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each measurement", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the models as PREFIX.FORMAT.glb",
      "PREFIX" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  if (argc == 3 && g_str_equal (argv[1], "--child-load"))
    return child_load (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--child-read"))
    return child_read (argv[2]);

  context = g_option_context_new ("— glTF loader benchmark");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }

  printf ("glTF loader benchmark (%u CPUs)\n\n", g_get_num_processors ());
  formats = g_strsplit (textures, ",", -1);
  for (guint i = 0; formats[i] != NULL; i++)
    if (bench_format (formats[i], faces, runs, tinygltf, keep) != 0)
      return 1;
  return 0;
}
