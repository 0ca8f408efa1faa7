#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest without building it (no network, no runtime).

  test-flatpak-manifest.py MANIFEST SOURCE_ROOT [BUILD_ROOT]

flatpak-builder --show-manifest must parse it; then every dependency the
meson build asks for must either ship in the GNOME runtime or be built by a
module of the manifest, every module source must be pinned, and the sandbox
must stay narrow. Exit status: 0 pass, 1 fail, 77 skip (flatpak-builder missing).
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
APP_ID = "io.github.atelierapp.Atelier"
MIN_GNOME = 47

# pkg-config / find_library names that org.gnome.Platform (and the
# freedesktop runtime under it) already ship.
IN_RUNTIME = {
    "glib-2.0", "gio-2.0", "gio-unix-2.0", "gobject-2.0", "gmodule-2.0", "gthread-2.0",
    "json-glib-1.0", "libsoup-3.0", "sqlite3", "libsecret-1", "gdk-pixbuf-2.0",
    "gtk4", "libadwaita-1", "epoxy", "cairo", "pango", "pangocairo", "graphene-1.0",
    "libwebp", "libwebpdemux", "libwebpmux", "libpng", "libjpeg", "zlib", "libzstd",
    "gl", "egl", "glesv2", "opengl", "x11", "wayland-client", "wayland-egl",
    "m", "dl", "rt", "threads", "pthread", "stdc++", "libcurl", "openssl",
    "gsettings-desktop-schemas", "libportal", "libportal-gtk4",
    # In the freedesktop runtime since 25.08 (GNOME 49): Core3D print exports are ZIPs.
    "libarchive",
}
# Needed only by benchmarks, fuzzers and comparison tools, never by the app.
NOT_SHIPPED = {"tinygltf", "f3d", "libf3d", "hyperfine", "fuzzer"}
# meson dependency name -> manifest module that provides it.
MODULE_FOR = {"cglm": "cglm", "draco": "draco", "meshoptimizer": "meshoptimizer",
              "libmeshoptimizer": "meshoptimizer"}
# Not a meson dependency but needed at run time: webp results shown through gdk-pixbuf.
RUNTIME_MODULES = {"webp-pixbuf-loader"}

FORBIDDEN_ARGS = ("--filesystem", "--socket=x11", "--socket=session-bus", "--socket=system-bus",
                  "--device=all", "--talk-name=org.freedesktop.Flatpak",
                  "--talk-name=org.freedesktop.secrets", "--own-name=org.freedesktop")
REQUIRED_ARGS = {"--share=network", "--share=ipc", "--socket=wayland",
                 "--socket=fallback-x11", "--device=dri"}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def flatten(modules):
    for module in modules:
        if isinstance(module, str):
            fail(f"module {module} is an external file; keep modules inline")
            continue
        yield module
        yield from flatten(module.get("modules", []))


def meson_dependencies(source_root, build_root):
    """Names of everything src/ and the top-level meson.build look up."""
    names = set()
    files = [os.path.join(source_root, "meson.build")]
    files += glob.glob(os.path.join(source_root, "src", "**", "meson.build"), recursive=True)
    files += glob.glob(os.path.join(source_root, "data", "**", "meson.build"), recursive=True)
    pattern = re.compile(r"\b(?:dependency|find_library)\s*\(\s*'([^']+)'")
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = re.sub(r"#.*", "", f.read())
        names.update(pattern.findall(text))
    # What meson actually resolved, in case a name is built up in a variable.
    if build_root and os.path.isfile(os.path.join(build_root, "build.ninja")):
        meson = shutil.which("meson")
        if meson:
            out = subprocess.run([meson, "introspect", "--dependencies", build_root],
                                 capture_output=True, text=True)
            if out.returncode == 0:
                names.update(d["name"] for d in json.loads(out.stdout)
                             if not d["name"].startswith(("internal", "dep")))
    return names


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    manifest_path, source_root = argv[1], argv[2]
    build_root = argv[3] if len(argv) > 3 else os.environ.get("ATELIER_BUILD_ROOT")
    builder = shutil.which("flatpak-builder")
    if builder is None:
        print("flatpak-builder is not installed; skipping")
        return SKIP

    # flatpak-builder leaves a .flatpak-builder state dir in its cwd: keep it out of the tree.
    with tempfile.TemporaryDirectory(prefix="atelier-flatpak-") as state:
        out = subprocess.run([builder, "--show-manifest", os.path.abspath(manifest_path)],
                             capture_output=True, text=True, cwd=state)
    if out.returncode != 0:
        print(out.stderr)
        fail("flatpak-builder --show-manifest rejects the manifest")
        return 1
    manifest = json.loads(out.stdout)

    app_id = manifest.get("id") or manifest.get("app-id")
    if app_id != APP_ID:
        fail(f"id is {app_id}, expected {APP_ID}")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        fail("runtime/sdk must be org.gnome.Platform/org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    if not (version == "master" or (version.isdigit() and int(version) >= MIN_GNOME)):
        fail(f"runtime-version {version} is older than GNOME {MIN_GNOME}")
    if manifest.get("command") != "atelier":
        fail(f"command is {manifest.get('command')}, expected atelier")

    args = manifest.get("finish-args", [])
    missing = REQUIRED_ARGS - set(args)
    if missing:
        fail(f"finish-args lack {sorted(missing)}")
    for arg in args:
        if arg.startswith(FORBIDDEN_ARGS):
            fail(f"finish-arg {arg} widens the sandbox; use portals instead")

    modules = list(flatten(manifest.get("modules", [])))
    by_name = {m.get("name"): m for m in modules}
    if not modules or modules[-1].get("name") != "atelier":
        fail("the last module must be atelier itself")
    app = by_name.get("atelier", {})
    if app.get("buildsystem") != "meson" or not app.get("builddir"):
        fail("atelier must build with meson and builddir: true")
    if "-Ddevelopment=false" not in app.get("config-opts", []):
        fail("atelier must be configured with -Ddevelopment=false")
    # A renamed meson option would only break the Flatpak build: catch it here.
    options_file = os.path.join(source_root, "meson_options.txt")
    if os.path.isfile(options_file):
        with open(options_file, encoding="utf-8") as f:
            declared = set(re.findall(r"option\s*\(\s*'([^']+)'", f.read()))
        for opt in app.get("config-opts", []):
            m = re.match(r"-D([\w-]+)=", opt)
            if m and ":" not in m.group(1) and m.group(1) not in declared | {"buildtype", "b_lto"}:
                fail(f"atelier config-opt {opt} names no option in meson_options.txt")
    app_sources = app.get("sources", [])
    if not any(s.get("type") == "dir" and
               os.path.realpath(os.path.join(os.path.dirname(manifest_path), s.get("path", "")))
               == os.path.realpath(source_root) for s in app_sources):
        fail("atelier's source must be the dir holding the top-level meson.build")

    # Every dependency meson needs: in the runtime, or built here.
    needed = meson_dependencies(source_root, build_root)
    print("meson dependencies:", ", ".join(sorted(needed)))
    for name in sorted(needed):
        if name in IN_RUNTIME or name in NOT_SHIPPED:
            continue
        module = MODULE_FOR.get(name)
        if module is None:
            fail(f"dependency '{name}' is neither known to be in the GNOME runtime nor mapped "
                 "to a manifest module; add a module (and list it in MODULE_FOR) or add it to "
                 "IN_RUNTIME in this test")
        elif module not in by_name:
            fail(f"dependency '{name}' needs the module '{module}', which the manifest lacks")
    for module in sorted(set(MODULE_FOR.values()) | RUNTIME_MODULES):
        if module not in by_name:
            fail(f"module {module} is missing")

    # Third-party modules: pinned, tests and docs off, dev files cleaned.
    cleanup = set(manifest.get("cleanup", []))
    for pattern in ("/include", "/lib/pkgconfig", "*.a"):
        if pattern not in cleanup:
            fail(f"top-level cleanup lacks {pattern}")
    for module in modules:
        name = module.get("name")
        if name == "atelier":
            continue
        for source in module.get("sources", []):
            kind = source.get("type")
            if kind == "git" and not (source.get("commit") or source.get("tag")):
                fail(f"{name}: git source pinned by neither tag nor commit")
            elif kind in ("archive", "file") and not source.get("sha256"):
                fail(f"{name}: {kind} source without sha256")
            elif kind == "dir":
                fail(f"{name}: unpinned dir source")
        opts = " ".join(module.get("config-opts", []))
        if module.get("buildsystem") in ("meson", "cmake", "cmake-ninja") and not opts:
            fail(f"{name}: no config-opts (tests and docs must be turned off)")
        if re.search(r"-D\w*(TESTS?|DOCS?)\w*=(ON|true)\b", opts, re.I):
            fail(f"{name}: builds tests or docs ({opts})")
    for name, flag in (("cglm", "-Dbuild_tests=false"), ("draco", "-DDRACO_TESTS=OFF")):
        if name in by_name and flag not in by_name[name].get("config-opts", []):
            fail(f"{name}: config-opts lack {flag}")

    if failures:
        print(f"{len(failures)} problem(s)")
        return 1
    print(f"manifest ok: {len(modules)} modules, finish-args {' '.join(args)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
