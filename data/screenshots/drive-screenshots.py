# SPDX-License-Identifier: GPL-3.0-or-later
# Drives Atelier through AT-SPI (dogtail) to stage the AppStream screenshots.
# Run by take-screenshots.sh with Debian's /usr/bin/python3:
#   drive-screenshots.py jobs     # a few finished jobs, one selected; then preferences
#   drive-screenshots.py viewer   # the model given on atelier's command line
import os
import re
import subprocess
import sys
import time

import dogtail.config

dogtail.config.config.checkForA11y = False  # no GNOME session here
dogtail.config.config.searchCutoffCount = 3
dogtail.config.config.defaultDelay = 0.2
dogtail.config.config.logDebugToStdOut = False
dogtail.config.config.logDebugToFile = False
from dogtail import rawinput, tree  # noqa: E402

OUT = os.environ["ATELIER_SCREENSHOT_DIR"]
PROMPTS = [
    "a watercolor fox asleep in a misty birch forest",
    "seamless art deco tile pattern in brass and teal",
    "a cozy reading nook lit by a paper lantern",
]


def wait_for(what, predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = predicate()
        except Exception:  # the tree changes under us while rows update
            found = None
        if found:
            return found
        time.sleep(0.25)
    sys.exit("timed out waiting for " + what)


def find_app():
    for app in tree.root.applications():
        if app.name in ("atelier", "Atelier"):
            return app
    return None


def find(node, predicate):
    return node.findChild(predicate, retry=False, requireResult=False)


def named(node, label):
    # GTK 4.8 repeats a button's text after its accessible name ("Generate Generate").
    name = node.name.replace("_", "")
    return name == label or name == label + " " + label


def windows():
    """Top-level X windows of the app as (id, title, width, height)."""
    out = subprocess.run(["xwininfo", "-root", "-children"], capture_output=True, text=True).stdout
    found = []
    for m in re.finditer(r'(0x[0-9a-f]+) "([^"]*)": \("atelier"[^)]*\)\s+(\d+)x(\d+)\+', out):
        wid, title, w, h = m.group(1), m.group(2), int(m.group(3)), int(m.group(4))
        if w > 1 and h > 1:
            found.append((wid, title, w, h))
    return found


def shot(name, title=None):
    time.sleep(1.0)  # let animations and texture uploads settle
    candidates = [w for w in windows() if title is None or w[1] == title]
    if not candidates:
        sys.exit(f"no window {title or ''} to capture")
    wid = max(candidates, key=lambda w: w[2] * w[3])[0]
    path = os.path.join(OUT, name + ".png")
    subprocess.run(["import", "-window", wid, path], check=True)
    print("wrote", path)


def jobs():
    app = wait_for("the Atelier window", find_app, 20)
    prompt = wait_for("the prompt box",
                      lambda: find(app, lambda n: n.name == "Prompt" and n.roleName in ("text", "entry")))
    generate = wait_for("the Generate button",
                        lambda: find(app, lambda n: n.roleName == "push button" and named(n, "Generate")))
    for text in PROMPTS:
        x, y = prompt.position
        w, h = prompt.size
        rawinput.click(x + w // 2, y + h // 2)
        rawinput.keyCombo("<Control>a")
        rawinput.typeText(text)
        time.sleep(0.3)
        generate.doActionNamed("click")
        wait_for("the image of " + text,
                 lambda: find(app, lambda n: n.name.startswith("Generated image") and text in n.name),
                 60)
    # Select the first job so its result fills the right-hand pane.
    row = wait_for("the first job row",
                   lambda: find(app, lambda n: n.name == PROMPTS[0] and n.roleName != "text"))
    x, y = row.position
    w, h = row.size
    rawinput.click(x + w // 2, y + min(h // 2, 20))
    shot("jobs", "Atelier")

    prefs = find(app, lambda n: n.roleName == "push button" and named(n, "Preferences"))
    if prefs is None:
        print("no Preferences button; preferences.png not updated")
        return
    prefs.doActionNamed("click")
    wait_for("the preferences window", lambda: [w for w in windows() if w[1] == "Preferences"], 10)
    # The Services page shows the providers; General would show a temporary path.
    services = wait_for("the Services page switch",
                        lambda: find(app, lambda n: n.roleName in ("push button", "toggle button",
                                                                   "page tab", "radio button")
                                     and named(n, "Services")), 10)
    try:
        services.doActionNamed("click")
    except Exception:
        x, y = services.position
        w, h = services.size
        rawinput.click(x + w // 2, y + h // 2)
    shot("preferences", "Preferences")


def viewer():
    app = wait_for("the Atelier window", find_app, 20)
    if find(app, lambda n: "has no 3D viewer" in (n.name or "")):
        print("this build has no 3D viewer; viewer.png not updated")
        return
    time.sleep(4.0)  # loading and first frames on llvmpipe
    shot("viewer", None)


{"jobs": jobs, "viewer": viewer}[sys.argv[1]]()
