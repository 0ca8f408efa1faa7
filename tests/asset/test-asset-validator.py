#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every file the writer and the optimizer produce passes the Khronos
glTF-Validator with 0 errors: sandbox models (with and without normals, PNG,
JPEG and WebP textures) and the shared corpus ($ATELIER_SHARED_DIR), each
written plain, as .gltf, quantized, meshopt- and Draco-compressed, and
optimized with re-encoded textures.

Skips when node or the npm package gltf-validator is missing (install it
with .ci/npm-deps.sh).

Usage: test-asset-validator.py ATELIER_CLI ASSET_MAKE_MODEL GLTF_VALIDATE_JS"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

CLI, MAKE_MODEL, VALIDATE = sys.argv[1], sys.argv[2], sys.argv[3]

MODELS = [
    ("no-normals-jpeg", ["20000", "--texture", "256", "jpeg"]),
    ("normals-png", ["8000", "--normals", "--texture", "128", "png", "--prompt", "a ring"]),
    ("webp", ["8000", "--texture", "128", "webp", "--prompt", "a cube"]),
    ("untextured", ["3000", "--normals", "--prompt", "a bare stone"]),
]

VARIANTS = [
    ("plain", ".glb", []),
    ("split", ".gltf", []),
    ("quantized", ".glb", ["--quantize"]),
    ("meshopt", ".glb", ["--compress", "meshopt"]),
    ("draco", ".glb", ["--compress", "draco"]),
    ("web", ".glb", ["--ratio", "0.2", "--texture-size", "64", "--texture-format", "webp",
                     "--compress", "meshopt"]),
    ("jpeg", ".gltf", ["--ratio", "0.5", "--texture-format", "jpeg", "--quantize"]),
    ("png", ".glb", ["--texture-format", "png", "--texture-size", "32"]),
]

CORPUS_VARIANTS = [
    ("plain", ".glb", []),
    ("meshopt", ".glb", ["--compress", "meshopt"]),
    ("small", ".glb", ["--ratio", "0.3", "--texture-size", "256", "--texture-format", "webp",
                       "--compress", "draco"]),
]


def skip(reason):
    print(f"1..0 # SKIP {reason}")
    sys.exit(0)


def main():
    node = shutil.which("node")
    if node is None:
        skip("node is not installed")
    probe = subprocess.run([node, VALIDATE], capture_output=True, text=True)
    if probe.returncode == 77:
        skip("npm package gltf-validator is missing (run .ci/npm-deps.sh)")

    tmp = tempfile.mkdtemp(prefix="atelier-asset-validator-")
    outputs = []
    problems = []
    try:
        sources = []
        for name, args in MODELS:
            path = os.path.join(tmp, f"{name}.glb")
            subprocess.run([MAKE_MODEL, path, *args], check=True)
            sources.append((name, path, VARIANTS))

        shared = os.environ.get("ATELIER_SHARED_DIR")
        corpus = os.path.join(shared, "gltf-corpus", "real") if shared else None
        if corpus and os.path.isdir(corpus):
            for name in sorted(os.listdir(corpus)):
                if name.endswith(".glb"):
                    sources.append((name[:-4], os.path.join(corpus, name), CORPUS_VARIANTS))
            helmet = os.path.join(corpus, "DamagedHelmet.glb")
            if os.path.exists(helmet):
                sources.append(("helmet-20k", helmet, [
                    ("webp512", ".glb", ["--faces", "20000", "--texture-size", "512",
                                         "--texture-format", "webp", "--compress", "meshopt"])]))
        else:
            print("# no shared corpus: sandbox models only")

        for name, path, variants in sources:
            for variant, ext, args in variants:
                out = os.path.join(tmp, f"{name}-{variant}{ext}")
                r = subprocess.run([CLI, "optimize", path, out, *args], capture_output=True,
                                   text=True, timeout=300)
                if r.returncode != 0:
                    # Unloadable corpus files are the loader's business.
                    if ("cannot load" in r.stderr or "not available" in r.stderr or
                            "libmeshoptimizer" in r.stderr):
                        print(f"# {name} {variant}: {r.stderr.strip()}")
                        continue
                    problems.append(f"{name} {variant}: exit {r.returncode}: {r.stderr.strip()}")
                    continue
                outputs.append(out)

        env = dict(os.environ)
        r = subprocess.run([node, VALIDATE, *outputs], capture_output=True, text=True, env=env,
                           timeout=600)
        reports = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    n = 0
    errors = warnings = 0
    for report in reports:
        n += 1
        errors += report.get("errors", 0)
        warnings += report.get("warnings", 0)
        name = os.path.basename(report["file"])
        ok = report.get("errors", 1) == 0
        print(f"{'ok' if ok else 'not ok'} {n} - {name}: {report.get('errors')} errors, "
              f"{report.get('warnings')} warnings")
        if not ok:
            for m in report.get("messages", []):
                print(f"# {m}")
    for problem in problems:
        n += 1
        print(f"not ok {n} - {problem}")
    n += 1
    complete = len(reports) == len(outputs) and len(outputs) > 0
    print(f"{'ok' if complete else 'not ok'} {n} - every output was validated "
          f"({len(reports)} of {len(outputs)})")
    version = reports[0].get("validator") if reports else "?"
    print(f"# glTF-Validator {version}: {len(reports)} files, {errors} errors, {warnings} warnings")
    print(f"1..{n}")
    return 0 if errors == 0 and not problems and complete else 1


if __name__ == "__main__":
    sys.exit(main())
