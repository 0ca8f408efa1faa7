/* bench-gltf-tinygltf.cc: the baseline, Debian's tinygltf doing the same work
 *
 * LoadBinaryFromFile (JSON, buffers, stb_image decoding to RGBA), then the
 * same conversion to upload-ready arrays as our loader: float positions and
 * texcoords, uint32 indices, smooth normals when missing.
 * Prints: "<ms> <peak kB> <baseline kB>".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#define TINYGLTF_NO_INCLUDE_JSON
#define TINYGLTF_NO_INCLUDE_STB_IMAGE
#define TINYGLTF_NO_INCLUDE_STB_IMAGE_WRITE
#include <tiny_gltf.h>

#include "bench-gltf-common.h"

static const unsigned char *
accessor_data (const tinygltf::Model &model,
               const tinygltf::Accessor &acc,
               size_t *stride)
{
  const tinygltf::BufferView &view = model.bufferViews[acc.bufferView];
  *stride = acc.ByteStride (view);
  return model.buffers[view.buffer].data.data () + view.byteOffset + acc.byteOffset;
}

int
main (int argc, char **argv)
{
  tinygltf::Model model;
  tinygltf::TinyGLTF loader;
  std::string err, warn;
  long base_kb = bench_status_kb ("VmRSS");
  size_t checksum = 0;

  if (argc != 2)
    return 2;

  double start = bench_now_ms ();
  if (!loader.LoadBinaryFromFile (&model, &err, &warn, argv[1]))
    {
      fprintf (stderr, "tinygltf: %s\n", err.c_str ());
      return 1;
    }

  for (const auto &mesh : model.meshes)
    for (const auto &prim : mesh.primitives)
      {
        const tinygltf::Accessor &pa = model.accessors[prim.attributes.at ("POSITION")];
        size_t n = pa.count, stride;
        const unsigned char *src = accessor_data (model, pa, &stride);
        std::vector<float> pos (n * 3), nrm (n * 3, 0.0f), uv;
        std::vector<uint32_t> idx;

        for (size_t i = 0; i < n; i++)
          memcpy (&pos[i * 3], src + i * stride, 12);

        auto tc = prim.attributes.find ("TEXCOORD_0");
        if (tc != prim.attributes.end ())
          {
            const tinygltf::Accessor &ta = model.accessors[tc->second];
            const unsigned char *t = accessor_data (model, ta, &stride);
            uv.resize (ta.count * 2);
            for (size_t i = 0; i < ta.count; i++)
              memcpy (&uv[i * 2], t + i * stride, 8);
          }

        if (prim.indices >= 0)
          {
            const tinygltf::Accessor &ia = model.accessors[prim.indices];
            const unsigned char *s = accessor_data (model, ia, &stride);
            idx.resize (ia.count);
            for (size_t i = 0; i < ia.count; i++)
              {
                if (ia.componentType == TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT)
                  memcpy (&idx[i], s + i * stride, 4);
                else if (ia.componentType == TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT)
                  {
                    uint16_t v;
                    memcpy (&v, s + i * stride, 2);
                    idx[i] = v;
                  }
                else
                  idx[i] = s[i * stride];
              }
          }

        for (size_t t = 0; t + 2 < idx.size (); t += 3)
          {
            const float *p0 = &pos[idx[t] * 3], *p1 = &pos[idx[t + 1] * 3], *p2 = &pos[idx[t + 2] * 3];
            float e1[3] = { p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2] };
            float e2[3] = { p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2] };
            float f[3] = { e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2],
                           e1[0] * e2[1] - e1[1] * e2[0] };
            for (int k = 0; k < 3; k++)
              for (int c = 0; c < 3; c++)
                nrm[idx[t + k] * 3 + c] += f[c];
          }
        for (size_t i = 0; i < n; i++)
          {
            float *v = &nrm[i * 3];
            float len = std::sqrt (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            if (len > 0)
              v[0] /= len, v[1] /= len, v[2] /= len;
          }
        checksum += pos.size () + nrm.size () + uv.size () + idx.size ();
      }

  for (const auto &image : model.images)
    checksum += image.image.size ();

  double elapsed = bench_now_ms () - start;
  printf ("%.3f %ld %ld %zu\n", elapsed, bench_status_kb ("VmHWM"), base_kb, checksum);
  return 0;
}
