#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`atelier-cli optimize`: budgets, texture options, compression, conversion
by extension, --json figures that match the files, an input left alone, and
exit statuses (1: a bad input file, 2: usage).

Usage: test-asset-cli.py ATELIER_CLI ASSET_MAKE_MODEL"""

import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

CLI, MAKE_MODEL = sys.argv[1], sys.argv[2]
count = 0
failures = 0


def check(name, cond, detail=""):
    global count, failures
    count += 1
    if cond:
        print(f"ok {count} - {name}")
    else:
        failures += 1
        print(f"not ok {count} - {name}")
        for line in str(detail).splitlines()[-20:]:
            print(f"# {line}")


def run(*args):
    return subprocess.run([CLI, "optimize", *args], capture_output=True, text=True, timeout=300)


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def glb_json(path):
    with open(path, "rb") as f:
        data = f.read()
    length = struct.unpack_from("<I", data, 12)[0]
    return json.loads(data[20:20 + length])


def riff_animation(path):
    """(frames, loop count, canvas width, height) from a WebP's chunks."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    pos, frames, loop, width, height = 12, 0, None, 0, 0
    while pos + 8 <= len(data):
        tag, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        body = data[pos + 8:pos + 8 + size]
        if tag == b"VP8X":
            width = 1 + int.from_bytes(body[4:7], "little")
            height = 1 + int.from_bytes(body[7:10], "little")
        elif tag == b"ANIM":
            loop = struct.unpack_from("<H", body, 4)[0]
        elif tag == b"ANMF":
            frames += 1
        pos += 8 + size + (size & 1)
    return frames, loop, width, height


def main():
    tmp = tempfile.mkdtemp(prefix="atelier-asset-cli-")
    try:
        model = os.path.join(tmp, "statue.glb")
        subprocess.run([MAKE_MODEL, model, "60000", "--texture", "512", "jpeg"], check=True)
        before = sha(model)

        out = os.path.join(tmp, "small.glb")
        r = run(model, out, "--faces", "6000", "--json")
        if r.returncode == 1 and "libmeshoptimizer" in r.stderr:
            print("1..0 # SKIP built without libmeshoptimizer")
            return 0
        check("optimize --faces --json exits 0", r.returncode == 0, r.stderr)
        report = json.loads(r.stdout) if r.returncode == 0 else {}
        after = report.get("after", {})
        check("faces within 10 % of the target", 5400 <= after.get("faces", 0) <= 6600, r.stdout)
        check("faces and vertices before", report.get("before", {}).get("faces", 0) >= 59000 and
              report["before"]["vertices"] > after.get("vertices", 0), r.stdout)
        check("bytes after are the file's", after.get("bytes") == os.path.getsize(out), r.stdout)
        check("bytes before are the input's",
              report.get("before", {}).get("bytes") == os.path.getsize(model), r.stdout)
        check("textures listed before and after",
              report["before"]["textures"] == report["after"]["textures"] and
              report["after"]["textures"][0]["width"] == 512, r.stdout)
        check("the input is unchanged", sha(model) == before)
        doc = glb_json(out)
        check("no normals written for a model that had none",
              "NORMAL" not in doc["meshes"][0]["primitives"][0]["attributes"], doc)

        out = os.path.join(tmp, "web.glb")
        r = run(model, out, "--ratio", "0.05", "--texture-size", "128", "--texture-format", "webp",
                "--compress", "meshopt", "--json")
        check("webp + meshopt exits 0", r.returncode == 0, r.stderr)
        report = json.loads(r.stdout) if r.returncode == 0 else {}
        tex = report.get("after", {}).get("textures", [{}])[0]
        check("texture resized and WebP", tex.get("width") == 128 and
              tex.get("mime_type") == "image/webp", r.stdout)
        doc = glb_json(out)
        check("EXT_texture_webp and EXT_meshopt_compression required",
              {"EXT_texture_webp", "EXT_meshopt_compression", "KHR_mesh_quantization"} <=
              set(doc.get("extensionsRequired", [])), doc.get("extensionsRequired"))
        check("the WebP texture is referenced through the extension",
              doc["textures"][0]["extensions"]["EXT_texture_webp"]["source"] == 0 and
              "source" not in doc["textures"][0], doc["textures"])
        info = subprocess.run([CLI, "info", out, "--json"], capture_output=True, text=True)
        check("atelier-cli info reads the result", info.returncode == 0, info.stderr)

        out = os.path.join(tmp, "draco.glb")
        r = run(model, out, "--faces", "3000", "--compress", "draco")
        check("draco exits 0 (or 1 when unavailable)",
              r.returncode == 0 or "not available" in r.stderr, r.stderr)
        if r.returncode == 0:
            doc = glb_json(out)
            check("KHR_draco_mesh_compression required",
                  "KHR_draco_mesh_compression" in doc.get("extensionsRequired", []), doc)

        out = os.path.join(tmp, "print.stl")
        r = run(model, out, "--faces", "2000", "--json")
        check("stl exits 0", r.returncode == 0, r.stderr)
        with open(out, "rb") as f:
            data = f.read()
        n = struct.unpack_from("<I", data, 80)[0]
        check("STL header count matches its size", len(data) == 84 + 50 * n and
              1800 <= n <= 2200, (len(data), n))
        check("STL header states units", b"mm" in data[:80] and not data.startswith(b"solid"))

        out = os.path.join(tmp, "mesh.obj")
        r = run(model, out, "--faces", "2000", "--texture-size", "64")
        check("obj exits 0", r.returncode == 0, r.stderr)
        mtl = os.path.join(tmp, "mesh.mtl")
        check("obj has its .mtl and texture", os.path.exists(mtl) and
              os.path.exists(os.path.join(tmp, "mesh_0.jpg")), os.listdir(tmp))

        out = os.path.join(tmp, "split.gltf")
        r = run(model, out, "--faces", "2000")
        check(".gltf writes .bin and image beside it", r.returncode == 0 and
              os.path.exists(os.path.join(tmp, "split.bin")) and
              os.path.exists(os.path.join(tmp, "split_0.jpg")), r.stderr)

        # Exit statuses.
        bad = os.path.join(tmp, "bad.glb")
        with open(bad, "wb") as f:
            f.write(b"glTF\x02\x00\x00\x00garbage!")
        for name, args, status in [
            ("garbage input exits 1", [bad, os.path.join(tmp, "x.glb")], 1),
            ("missing input exits 1", [os.path.join(tmp, "none.glb"), os.path.join(tmp, "x.glb")], 1),
            ("no arguments exits 2", [], 2),
            ("one argument exits 2", [model], 2),
            ("--faces and --ratio exits 2", [model, os.path.join(tmp, "x.glb"), "--faces", "10",
                                             "--ratio", "0.5"], 2),
            ("--ratio 2 exits 2", [model, os.path.join(tmp, "x.glb"), "--ratio", "2"], 2),
            ("unknown texture format exits 2", [model, os.path.join(tmp, "x.glb"),
                                                "--texture-format", "gif"], 2),
            ("unknown compression exits 2", [model, os.path.join(tmp, "x.glb"), "--compress",
                                             "zip"], 2),
            ("unknown extension exits 2", [model, os.path.join(tmp, "x.fbx")], 2),
            ("OUT = IN exits 2", [model, model], 2),
            ("unknown option exits 2", [model, os.path.join(tmp, "x.glb"), "--bogus"], 2),
        ]:
            r = run(*args)
            check(name, r.returncode == status and r.stderr.strip() != "",
                  (r.returncode, r.stderr))
        check("nothing written on failure", not os.path.exists(os.path.join(tmp, "x.glb")) and
              not os.path.exists(os.path.join(tmp, "x.fbx")))
        check("the input survived OUT = IN", sha(model) == before)

        # Turntable: an animated WebP whose chunks say 36 frames, looping forever.
        out = os.path.join(tmp, "turn.webp")
        r = subprocess.run([CLI, "turntable", model, out, "--size", "96x64", "--mode", "clay"],
                           capture_output=True, text=True, timeout=300)
        check("turntable exits 0", r.returncode == 0, r.stderr)
        if r.returncode == 0:
            frames, loop, width, height = riff_animation(out)
            check("turntable: 36 frames of 96x64, looping", (frames, loop, width, height) ==
                  (36, 0, 96, 64), (frames, loop, width, height))
        for name, args, status in [
            ("turntable without OUT exits 2", [model], 2),
            ("turntable bad size exits 2", [model, out, "--size", "big"], 2),
            ("turntable bad mode exits 2", [model, out, "--mode", "cartoon"], 2),
            ("turntable .gif exits 2", [model, os.path.join(tmp, "turn.gif")], 2),
            ("turntable --frames 0 exits 2", [model, out, "--frames", "0"], 2),
            ("turntable missing model exits 1", [os.path.join(tmp, "none.glb"), out], 1),
        ]:
            r = subprocess.run([CLI, "turntable", *args], capture_output=True, text=True)
            check(name, r.returncode == status and r.stderr.strip() != "",
                  (r.returncode, r.stderr))

        r = subprocess.run([CLI, "optimize", "--help"], capture_output=True, text=True)
        check("--help exits 0 and names the options", r.returncode == 0 and
              "--texture-format" in r.stdout and "--compress" in r.stdout, r.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"1..{count}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
