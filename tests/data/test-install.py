#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs the build tree into a temporary DESTDIR and checks what lands where.

  test-install.py APP_ID

The build root comes from ATELIER_BUILD_ROOT (set in tests/meson.build).
Exit status: 0 pass, 1 fail, 77 skip (meson missing).
"""

import configparser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77
SCHEMA_ID = "io.github.atelierapp.Atelier"


def meson_cmd():
    meson = os.environ.get("MESONINTROSPECT", "").split()
    # MESONINTROSPECT is "<python> <meson.py> introspect": reuse the running meson.
    if len(meson) >= 2 and meson[-1] == "introspect":
        return meson[:-1]
    path = shutil.which("meson")
    return [path] if path else None


def introspect(meson, build_root, what):
    out = subprocess.run(meson + ["introspect", what, build_root],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main(argv):
    app_id = argv[1] if len(argv) > 1 else "io.github.atelierapp.Atelier"
    build_root = os.environ.get("ATELIER_BUILD_ROOT")
    if not build_root or not os.path.isdir(build_root):
        print("ATELIER_BUILD_ROOT is not set; skipping")
        return SKIP
    meson = meson_cmd()
    if meson is None:
        print("meson not found; skipping")
        return SKIP

    options = {o["name"]: o["value"] for o in introspect(meson, build_root, "--buildoptions")}
    prefix = options["prefix"]
    bindir = os.path.join(prefix, options["bindir"])
    datadir = os.path.join(prefix, options["datadir"])
    installed_targets = {t["name"] for t in introspect(meson, build_root, "--targets")
                         if t.get("installed")}

    failures = []

    def fail(msg):
        failures.append(msg)
        print("FAIL:", msg)

    with tempfile.TemporaryDirectory(prefix="atelier-destdir-") as destdir:
        run = subprocess.run(meson + ["install", "-C", build_root, "--no-rebuild",
                                      "--quiet", "--destdir", destdir],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr)
            fail(f"meson install failed with status {run.returncode}")
            return 1

        def at(*parts):
            return os.path.join(destdir + os.path.join(*parts))

        def expect(path, executable=False):
            full = at(path)
            if not os.path.isfile(full):
                fail(f"{path} not installed")
            elif executable and not os.access(full, os.X_OK):
                fail(f"{path} is not executable")
            else:
                print("ok", path)
            return full

        desktop = expect(os.path.join(datadir, "applications", app_id + ".desktop"))
        metainfo = expect(os.path.join(datadir, "metainfo", app_id + ".metainfo.xml"))
        icon = expect(os.path.join(datadir, "icons", "hicolor", "scalable", "apps",
                                   app_id + ".svg"))
        if os.path.isfile(icon):
            with open(icon, encoding="utf-8") as f:
                striped = 'id="stripes"' in f.read()
            if striped != app_id.endswith(".Devel"):
                fail("the app icon must be the striped one exactly in the .Devel build")
        expect(os.path.join(datadir, "icons", "hicolor", "symbolic", "apps",
                            app_id + "-symbolic.svg"))
        schemas_dir = os.path.join(datadir, "glib-2.0", "schemas")
        expect(os.path.join(schemas_dir, SCHEMA_ID + ".gschema.xml"))
        thumbnailer = expect(os.path.join(datadir, "thumbnailers",
                                          "io.github.atelierapp.Atelier.thumbnailer"))
        expect(os.path.join(datadir, "mime", "packages", app_id + ".xml"))

        expect(os.path.join(bindir, "atelier-cli"), executable=True)
        for binary in ("atelier", "atelier-thumbnailer"):
            if binary in installed_targets:
                expect(os.path.join(bindir, binary), executable=True)
            else:
                print(f"note: {binary} is not built in this configuration")

        # Everything goes under the prefix: nothing may escape to /etc or $HOME.
        for root, _dirs, files in os.walk(destdir):
            for name in files:
                rel = os.path.join(root, name)[len(destdir):]
                if not rel.startswith(prefix.rstrip("/") + "/"):
                    fail(f"{rel} is installed outside the prefix {prefix}")

        # The pieces must point at each other.
        if os.path.isfile(desktop):
            cp = configparser.ConfigParser(interpolation=None)
            cp.optionxform = str
            cp.read(desktop, encoding="utf-8")
            entry = cp["Desktop Entry"]
            if entry.get("Icon") != app_id:
                fail(f"desktop Icon={entry.get('Icon')} does not name the installed icon")
            exec_bin = entry.get("Exec", "").split()[0]
            if "atelier" in installed_targets and not os.path.isfile(at(bindir, exec_bin)):
                fail(f"desktop Exec={exec_bin} is not in {bindir}")
        if os.path.isfile(metainfo):
            launch = ET.parse(metainfo).getroot().findtext("launchable")
            if launch != app_id + ".desktop":
                fail(f"metainfo launchable {launch} does not name the desktop file")
        if os.path.isfile(thumbnailer) and "atelier-thumbnailer" in installed_targets:
            cp = configparser.ConfigParser(interpolation=None)
            cp.optionxform = str
            cp.read(thumbnailer, encoding="utf-8")
            tryexec = cp["Thumbnailer Entry"].get("TryExec")
            if not os.path.isfile(at(bindir, tryexec)):
                fail(f"thumbnailer TryExec={tryexec} is not in {bindir}")

        # post_install skips compiling schemas under DESTDIR: compile them here,
        # strictly, to prove the installed set is usable.
        gcs = shutil.which("glib-compile-schemas")
        if gcs and os.path.isdir(at(schemas_dir)):
            run = subprocess.run([gcs, "--strict", "--targetdir", destdir, at(schemas_dir)],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                fail(f"installed schemas do not compile: {run.stderr.strip()}")

    if failures:
        print(f"{len(failures)} problem(s)")
        return 1
    print("install tree ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
