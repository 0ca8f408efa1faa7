#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""-Dui=disabled configures and builds on a machine without GTK's development files.

  test-build-without-gtk.py SOURCE_ROOT BUILD_DIR

pkg-config is given a private directory of links to every .pc file it knows
except gtk4, libadwaita-1 and those only they need (cairo, pango, graphene, …),
so a module that asks for GTK fails to configure or compile. SOURCE_ROOT is
configured with -Dui=disabled in BUILD_DIR, which is kept between runs (later
runs are incremental), and built; then nothing may have been compiled against
GTK, and atelier-cli and atelier-thumbnailer must exist, the application not.
Exit status: 0 pass, 1 fail, 77 skip (meson or pkg-config missing).
"""

import json
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
GTK_ROOTS = ("gtk4", "libadwaita-1")
# What the modules built without GTK ask pkg-config for (top-level meson.build).
OURS = ("glib-2.0", "gio-2.0", "gio-unix-2.0", "json-glib-1.0", "libsoup-3.0", "sqlite3",
        "libsecret-1", "gdk-pixbuf-2.0", "libwebp", "libpng", "libjpeg", "draco", "cglm",
        "epoxy")


def meson_cmd():
    meson = os.environ.get("MESONINTROSPECT", "").split()
    # MESONINTROSPECT is "<python> <meson.py> introspect": reuse the running meson.
    if len(meson) >= 2 and meson[-1] == "introspect":
        return meson[:-1]
    path = shutil.which("meson")
    return [path] if path else None


def pc_files():
    out = subprocess.run(["pkg-config", "--variable", "pc_path", "pkg-config"],
                         capture_output=True, text=True, check=True).stdout.strip()
    files = {}
    for directory in out.split(":"):
        if os.path.isdir(directory):
            for name in sorted(os.listdir(directory)):
                if name.endswith(".pc"):
                    files.setdefault(name[:-3], os.path.join(directory, name))
    return files


def closure(roots, files):
    """The packages roots need, through Requires and Requires.private."""
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in files:
            continue
        with open(files[name], encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"Requires(?:\.private)?\s*:(.*)", line)
                if m:
                    todo += [p.split()[0] for p in m.group(1).split(",") if p.split()]
    return seen


def main(argv):
    source_root, build_dir = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    meson = meson_cmd()
    if meson is None or shutil.which("pkg-config") is None:
        print("meson or pkg-config not found; skipping")
        return SKIP

    files = pc_files()
    hidden = (closure(GTK_ROOTS, files) - closure(OURS, files)) | {
        n for n in files if n.startswith(("gtk4", "libadwaita"))}
    pc_dir = os.path.join(build_dir + "-pkgconfig")
    shutil.rmtree(pc_dir, ignore_errors=True)
    os.makedirs(pc_dir)
    for name, path in files.items():
        if name not in hidden:
            os.symlink(path, os.path.join(pc_dir, name + ".pc"))
    print("hidden from pkg-config:", " ".join(sorted(hidden & set(files))))

    env = dict(os.environ, PKG_CONFIG_LIBDIR=pc_dir)
    env.pop("PKG_CONFIG_PATH", None)
    # meson test's random MALLOC_PERTURB_ would only slow the compilers down.
    env.pop("MALLOC_PERTURB_", None)
    if subprocess.run(["pkg-config", "--exists", "gtk4"], env=env).returncode == 0:
        print("FAIL: gtk4 is still visible to pkg-config")
        return 1

    if not os.path.isfile(os.path.join(build_dir, "build.ninja")):
        shutil.rmtree(build_dir, ignore_errors=True)
        setup = subprocess.run(meson + ["setup", build_dir, source_root, "-Dui=disabled",
                                        "-Dtests=true", "-Dbenchmarks=false"],
                               env=env, capture_output=True, text=True)
        if setup.returncode != 0:
            print(setup.stdout[-4000:], setup.stderr[-4000:])
            print("FAIL: meson setup -Dui=disabled failed")
            return 1
    build = subprocess.run(meson + ["compile", "-C", build_dir], env=env,
                           capture_output=True, text=True)
    if build.returncode != 0:
        print(build.stdout[-6000:], build.stderr[-4000:])
        print("FAIL: the -Dui=disabled build failed")
        return 1
    print("ok - configured and built with -Dui=disabled")

    failures = 0
    with open(os.path.join(build_dir, "compile_commands.json"), encoding="utf-8") as f:
        commands = json.load(f)
    gtk_units = [c["file"] for c in commands
                 if re.search(r"gtk-4\.0|libadwaita-1", c.get("command", ""))]
    if gtk_units:
        print("FAIL: compiled against GTK:", " ".join(gtk_units))
        failures += 1
    else:
        print(f"ok - none of {len(commands)} compile commands uses GTK")

    built = {}
    intro = subprocess.run(meson + ["introspect", "--targets", build_dir], env=env,
                           capture_output=True, text=True, check=True)
    for target in json.loads(intro.stdout):
        built[target["name"]] = target
    for name in ("atelier-cli", "atelier-thumbnailer"):
        if name in built and all(os.path.exists(p) for p in built[name]["filename"]):
            print(f"ok - {name} built")
        else:
            print(f"FAIL: {name} was not built")
            failures += 1
    for name in ("atelier", "atelier-viewer"):
        if name in built:
            print(f"FAIL: {name} is built with -Dui=disabled")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
