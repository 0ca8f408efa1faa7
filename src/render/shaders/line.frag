/* SPDX-License-Identifier: GPL-3.0-or-later */
uniform vec4 u_color;

out vec4 o_color;

void
main ()
{
  o_color = vec4 (u_color.rgb * u_color.a, u_color.a);
}
