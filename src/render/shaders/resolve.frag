/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Averages the samples of each pixel, as glBlitFramebuffer resolves (GLSL
 * 3.30 only: GLES 3.0 has no multisample textures). SAMPLES is defined by
 * the caller. */
uniform sampler2DMS u_color;

out vec4 o_color;

void
main ()
{
  ivec2 texel = ivec2 (gl_FragCoord.xy);
  vec4 sum = vec4 (0.0);

  for (int i = 0; i < SAMPLES; i++)
    sum += texelFetch (u_color, texel, i);
  o_color = sum / float (SAMPLES);
}
