#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs atelier-thumbnailer exactly as a file manager would, from the Exec
line of the installed .thumbnailer entry, on a .glb and a .gltf it builds.

  test-thumbnailer-entry-run.py THUMBNAILER_ENTRY BINARY_DIR

Exit status: 0 pass, 1 fail, 77 skip (not built, or no headless GL here).
"""

import base64
import configparser
import json
import os
import shlex
import struct
import subprocess
import sys
import tempfile

SKIP = 77
SIZE = 128
# What atelier-headless says when the machine has no EGL or no GL 3.3 / GLES 3.
NO_GL = ("No EGL display", "Could not create a GL")


def triangle_gltf(buffer_uri=None):
    positions = struct.pack("<9f", -1, -1, 0, 1, -1, 0, 0, 1, 0)
    buffer = {"byteLength": len(positions)}
    if buffer_uri is not None:
        buffer["uri"] = buffer_uri + base64.b64encode(positions).decode()
    doc = {
        "asset": {"version": "2.0", "generator": "atelier tests/data"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}],
        "accessors": [{"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3",
                       "min": [-1, -1, 0], "max": [1, 1, 0]}],
        "bufferViews": [{"buffer": 0, "byteLength": len(positions)}],
        "buffers": [buffer],
    }
    return doc, positions


def glb_bytes():
    doc, positions = triangle_gltf()
    text = json.dumps(doc).encode()
    text += b" " * (-len(text) % 4)
    binary = positions + b"\0" * (-len(positions) % 4)
    total = 12 + 8 + len(text) + 8 + len(binary)
    return (struct.pack("<4sII", b"glTF", 2, total)
            + struct.pack("<I4s", len(text), b"JSON") + text
            + struct.pack("<I4s", len(binary), b"BIN\0") + binary)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def main(argv):
    entry_path, bindir = argv[1], argv[2]
    cp = configparser.ConfigParser(interpolation=None)
    cp.optionxform = str
    cp.read(entry_path, encoding="utf-8")
    entry = cp["Thumbnailer Entry"]
    binary = os.path.join(bindir, entry["TryExec"])
    if not os.access(binary, os.X_OK):
        print(f"{binary} is not built; skipping")
        return SKIP

    failures = 0
    with tempfile.TemporaryDirectory(prefix="atelier-thumb-") as tmp:
        inputs = {}
        inputs["triangle.glb"] = glb_bytes()
        doc, _ = triangle_gltf("data:application/octet-stream;base64,")
        inputs["triangle.gltf"] = json.dumps(doc).encode()
        for name, data in inputs.items():
            src = os.path.join(tmp, name)
            out = os.path.join(tmp, name + ".png")
            with open(src, "wb") as f:
                f.write(data)
            # Expand the field codes the way the thumbnail spec describes.
            args = []
            for word in shlex.split(entry["Exec"]):
                word = {"%s": str(SIZE), "%i": src, "%o": out,
                        "%u": "file://" + src}.get(word, word)
                args.append(word)
            args[0] = binary
            env = dict(os.environ, XDG_CACHE_HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp)
            run = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env)
            size = png_size(out) if os.path.exists(out) else None
            if run.returncode != 0 and any(m in run.stderr for m in NO_GL):
                print(f"no headless GL here; skipping\n{run.stderr}")
                return SKIP
            if run.returncode != 0 or size is None:
                print(f"FAIL {name}: status {run.returncode}, output {size}\n{run.stderr}")
                failures += 1
            elif max(size) > SIZE or max(size) == 0:
                print(f"FAIL {name}: thumbnail is {size[0]}x{size[1]}, asked for {SIZE}")
                failures += 1
            else:
                print(f"ok {name}: {size[0]}x{size[1]} PNG")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
