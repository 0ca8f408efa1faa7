/* atelier-render-studio.h: the built-in studio environment, computed
 *
 * A procedural neutral studio (grey cyclorama, four soft boxes) evaluated
 * into a cubemap, prefiltered for GGX (one roughness per mip level) and for
 * Lambert (a small irradiance cube), plus the split-sum BRDF table.
 *
 * The result never changes, so the build computes it once
 * (atelier-render-studio-gen) into the render GResource, and
 * atelier-render-environment.c only uploads it: doing it at every start cost
 * 15 ms of the 0.25 s of `atelier-cli render`.
 *
 * The blob: ATELIER_STUDIO_MAGIC (8 bytes), then IEEE half floats, little
 * endian: the specular cube's levels 0 to SPECULAR_LEVELS - 1, each 6 faces
 * (GL's order) of (SPECULAR_SIZE >> level)² grey values, rows top first;
 * the irradiance cube, 6 faces of IRRADIANCE_SIZE² grey values; the BRDF
 * table, LUT_SIZE² (scale, bias) pairs, rows by roughness.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ATELIER_STUDIO_MAGIC           "ATSTUDI1"
#define ATELIER_STUDIO_SPECULAR_SIZE   32
#define ATELIER_STUDIO_SPECULAR_LEVELS 5   /* roughness 0, .25, .5, .75, 1 */
#define ATELIER_STUDIO_IRRADIANCE_SIZE 8
#define ATELIER_STUDIO_LUT_SIZE        32

/* Half floats in the specular levels: 6 × (32² + 16² + 8² + 4² + 2²). */
#define ATELIER_STUDIO_SPECULAR_HALVES (6 * (1024 + 256 + 64 + 16 + 4))
#define ATELIER_STUDIO_BYTES \
  (8 + 2 * (ATELIER_STUDIO_SPECULAR_HALVES + \
            6 * ATELIER_STUDIO_IRRADIANCE_SIZE * ATELIER_STUDIO_IRRADIANCE_SIZE + \
            2 * ATELIER_STUDIO_LUT_SIZE * ATELIER_STUDIO_LUT_SIZE))

/* The blob described above. */
GBytes *atelier_render_studio_compute (void);

G_END_DECLS
