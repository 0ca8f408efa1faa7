#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Cross-checks of the desktop integration files that no stock validator does.

  check-data.py schema SCHEMA_XML COMPILED_DIR
  check-data.py thumbnailer THUMBNAILER DESKTOP
  check-data.py mime MIME_XML
  check-data.py metainfo METAINFO DESKTOP APP_ID [SCREENSHOT_DIR]
  check-data.py icons APP_SVG DEVEL_SVG SYMBOLIC_SVG

Exit status: 0 pass, 1 fail, 77 skip (a needed tool is missing).
"""

import configparser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77
SCHEMA_ID = "io.github.atelierapp.Atelier"
SCHEMA_PATH = "/io/github/atelierapp/Atelier/"

# key: (type, default as written in the schema, GVariant text gsettings prints)
EXPECTED_KEYS = {
    "default-provider": ("s", "'openai'"),
    "library-folder": ("s", "''"),
    "offline-mode": ("s", "'auto'"),
    "openai-base-url": ("s", "''"),
    "core3d-base-url": ("s", "''"),
    "image3d-base-url": ("s", "''"),
    "styledna-base-url": ("s", "''"),
    "max-concurrent": ("a{su}", None),
    # GPT images stream two previews in the window unless changed (issue 13).
    "default-options": ("a{sa{ss}}", "{'openai': {'stream': 'auto', 'partial_images': '2'}}"),
    "window-width": ("i", "1100"),
    "window-height": ("i", "760"),
    "window-maximized": ("b", "false"),
    "viewer-mode": ("s", "'shaded'"),
    "viewer-auto-rotate": ("b", "false"),
    "viewer-projection": ("s", "'perspective'"),
    "notify-on-finish": ("b", "true"),
}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def desktop_entry(path, group):
    cp = configparser.ConfigParser(interpolation=None, strict=True)
    cp.optionxform = str
    cp.read(path, encoding="utf-8")
    if group not in cp:
        fail(f"{path}: no [{group}] group")
        return {}
    return dict(cp[group])


def split_list(value):
    return {item for item in (value or "").split(";") if item}


def check_schema(schema_xml, compiled_dir):
    root = ET.parse(schema_xml).getroot()
    schemas = {s.get("id"): s for s in root.iter("schema")}
    schema = schemas.get(SCHEMA_ID)
    if schema is None:
        fail(f"schema {SCHEMA_ID} missing")
        return
    if schema.get("path") != SCHEMA_PATH:
        fail(f"schema path is {schema.get('path')}, expected {SCHEMA_PATH}")
    keys = {k.get("name"): k for k in schema.iter("key")}
    for name, (vtype, default) in EXPECTED_KEYS.items():
        key = keys.get(name)
        if key is None:
            fail(f"key {name} missing")
            continue
        if key.get("type") != vtype:
            fail(f"key {name} has type {key.get('type')}, expected {vtype}")
        text = (key.findtext("default") or "").strip()
        if default is not None and text != default:
            fail(f"key {name} defaults to {text}, expected {default}")
        for tag in ("summary", "description"):
            if not (key.findtext(tag) or "").strip():
                fail(f"key {name} has no {tag}")
    choices = [c.get("value") for c in keys["offline-mode"].iter("choice")] if "offline-mode" in keys else []
    if sorted(choices) != ["always", "auto", "never"]:
        fail(f"offline-mode choices are {choices}")
    for name, key in keys.items():
        if "token" in name or "secret" in name or "password" in name:
            fail(f"key {name} looks like a secret; secrets belong in libsecret")

    # The compiled schema is what tests and an uninstalled build load.
    if not os.path.exists(os.path.join(compiled_dir, "gschemas.compiled")):
        fail(f"{compiled_dir}/gschemas.compiled was not built")
        return
    gsettings = shutil.which("gsettings")
    if gsettings is None:
        print("gsettings not installed; compiled schema not read back")
        return
    env = dict(os.environ, GSETTINGS_SCHEMA_DIR=compiled_dir, GSETTINGS_BACKEND="memory")
    out = subprocess.run([gsettings, "list-recursively", SCHEMA_ID], env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"gsettings cannot read the compiled schema: {out.stderr.strip()}")
        return
    values = {}
    for line in out.stdout.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[0] == SCHEMA_ID:
            values[parts[1]] = parts[2]
    missing = set(EXPECTED_KEYS) - set(values)
    if missing:
        fail(f"compiled schema lacks {sorted(missing)}")
    mc = values.get("max-concurrent", "")
    for provider, limit in (("openai", 4), ("core3d", 4), ("image3d", 5), ("styledna", 4)):
        # GVariant text annotates only the first value's type: {'openai': uint32 4, ...}
        if not re.search(rf"'{provider}': (uint32 )?{limit}\b", mc):
            fail(f"max-concurrent default {mc} lacks {provider}={limit}")
    if values.get("window-width") != "1100" or values.get("offline-mode") != "'auto'":
        fail("compiled defaults differ from the schema")


def check_thumbnailer(thumbnailer, desktop):
    entry = desktop_entry(thumbnailer, "Thumbnailer Entry")
    if entry.get("TryExec") != "atelier-thumbnailer":
        fail(f"TryExec is {entry.get('TryExec')}")
    exec_ = entry.get("Exec", "").split()
    if not exec_ or exec_[0] != "atelier-thumbnailer":
        fail(f"Exec does not run atelier-thumbnailer: {exec_}")
    for code in ("%s", "%i", "%o"):
        if code not in exec_:
            fail(f"Exec lacks {code}")
    mimes = split_list(entry.get("MimeType"))
    if mimes != {"model/gltf-binary", "model/gltf+json"}:
        fail(f"thumbnailer MimeType is {sorted(mimes)}")
    app_mimes = split_list(desktop_entry(desktop, "Desktop Entry").get("MimeType"))
    if mimes != app_mimes:
        fail(f"thumbnailer and desktop file disagree: {sorted(mimes)} vs {sorted(app_mimes)}")


def check_mime(mime_xml):
    tool = shutil.which("update-mime-database")
    if tool is None:
        print("update-mime-database not installed; skipping")
        sys.exit(SKIP)
    with tempfile.TemporaryDirectory(prefix="atelier-mime-") as tmp:
        os.makedirs(os.path.join(tmp, "packages"))
        shutil.copy(mime_xml, os.path.join(tmp, "packages", "io.github.atelierapp.Atelier.xml"))
        out = subprocess.run([tool, "-V", tmp], capture_output=True, text=True)
        # update-mime-database reports invalid XML on stderr but still exits 0.
        if out.returncode != 0 or "rror" in out.stderr or "arning" in out.stderr:
            fail(f"update-mime-database: {out.stderr.strip()}")
        with open(os.path.join(tmp, "globs2"), encoding="utf-8") as f:
            globs = {}
            for line in f:
                if line.startswith("#"):
                    continue
                parts = line.strip().split(":")
                if len(parts) >= 3:
                    globs[parts[2]] = parts[1]
        for pattern, mime in (("*.glb", "model/gltf-binary"), ("*.gltf", "model/gltf+json")):
            if globs.get(pattern) != mime:
                fail(f"{pattern} maps to {globs.get(pattern)}, expected {mime}")
        with open(os.path.join(tmp, "magic"), "rb") as f:
            if b"model/gltf-binary" not in f.read():
                fail("no magic rule for model/gltf-binary")
        with open(os.path.join(tmp, "subclasses"), encoding="utf-8") as f:
            if "model/gltf+json application/json" not in f.read():
                fail("model/gltf+json is not a subclass of application/json")


def check_metainfo(metainfo, desktop, app_id, screenshot_dir=None):
    root = ET.parse(metainfo).getroot()
    if root.findtext("id") != app_id:
        fail(f"metainfo id is {root.findtext('id')}, expected {app_id}")
    launch = root.find("launchable")
    if launch is None or launch.text != os.path.basename(desktop):
        fail(f"launchable does not name {os.path.basename(desktop)}")
    if root.findtext("project_license") != "GPL-3.0-or-later":
        fail("project_license is not GPL-3.0-or-later")
    if root.findtext("metadata_license") != "CC0-1.0":
        fail("metadata_license is not CC0-1.0")
    provides = root.find("provides")
    binaries = {b.text for b in provides.iter("binary")} if provides is not None else set()
    mediatypes = {m.text for m in provides.iter("mediatype")} if provides is not None else set()
    for binary in ("atelier", "atelier-cli"):
        if binary not in binaries:
            fail(f"provides lacks binary {binary}")
    app_mimes = split_list(desktop_entry(desktop, "Desktop Entry").get("MimeType"))
    if mediatypes != app_mimes:
        fail(f"provided mediatypes {sorted(mediatypes)} differ from the desktop file's {sorted(app_mimes)}")
    shots = [i.text for i in root.iter("image")]
    if not shots:
        fail("no screenshots")
    for url in shots:
        if not url.startswith("https://raw.githubusercontent.com/atelierapp/atelier/main/data/screenshots/"):
            fail(f"screenshot URL {url} is not under the project's data/screenshots")
        elif screenshot_dir and not os.path.isfile(os.path.join(screenshot_dir, url.rsplit("/", 1)[1])):
            fail(f"screenshot {url} has no file in {screenshot_dir}")
    if root.find("content_rating[@type='oars-1.1']") is None:
        fail("no OARS 1.1 content rating")
    versions = [r.get("version") for r in root.iter("release")]
    if not versions or versions[0] != "0.1.0":
        fail(f"releases are {versions}, expected 0.1.0 first")
    for kind in ("homepage", "bugtracker"):
        if root.find(f"url[@type='{kind}']") is None:
            fail(f"no {kind} URL")
    if root.find("branding/color") is None:
        fail("no branding colors")
    desktop_icon = desktop_entry(desktop, "Desktop Entry").get("Icon")
    if desktop_icon != app_id:
        fail(f"desktop Icon is {desktop_icon}, expected {app_id}")


def check_icons(app_svg, devel_svg, symbolic_svg):
    svg_ns = "{http://www.w3.org/2000/svg}"
    for path, box in ((app_svg, "0 0 128 128"), (devel_svg, "0 0 128 128"),
                      (symbolic_svg, "0 0 16 16")):
        root = ET.parse(path).getroot()
        if root.tag != svg_ns + "svg" or root.get("viewBox") != box:
            fail(f"{path}: expected an SVG with viewBox {box}")
        # Icon themes load SVGs through librsvg: prove it can draw them.
        thumbnailer = shutil.which("gdk-pixbuf-thumbnailer")
        if thumbnailer:
            with tempfile.TemporaryDirectory(prefix="atelier-icon-") as tmp:
                out = os.path.join(tmp, "icon.png")
                run = subprocess.run([thumbnailer, "-s", "64", path, out], capture_output=True)
                if run.returncode != 0 or not os.path.exists(out):
                    fail(f"{path}: librsvg cannot render it")
    # Symbolic icons are recoloured by GTK: one colour only, no strokes or gradients.
    for el in ET.parse(symbolic_svg).getroot().iter():
        for attr in ("fill", "stroke"):
            value = el.get(attr)
            if value not in (None, "none", "#2e3436"):
                fail(f"{symbolic_svg}: {attr}={value}; symbolic icons use #2e3436 only")
        if el.tag.endswith("Gradient"):
            fail(f"{symbolic_svg}: gradients do not recolour")


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    what, args = argv[1], argv[2:]
    {"schema": check_schema, "thumbnailer": check_thumbnailer,
     "mime": check_mime, "metainfo": check_metainfo, "icons": check_icons}[what](*args)
    if failures:
        print(f"{len(failures)} problem(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
