# Drives the real Atelier window through AT-SPI (dogtail), like a person.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import glob
import os
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

ARTIFACTS = os.environ["ATELIER_ARTIFACTS"]
DATA = os.environ["ATELIER_E2E_DATA"]
PROMPT = "lazy cats in black and gold"
step = 0


def shot(name):
    global step
    step += 1
    path = os.path.join(ARTIFACTS, "%02d-%s.png" % (step, name))
    subprocess.run(["import", "-window", "root", path], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print("# screenshot", path)


def fail(message):
    print("not ok:", message)
    shot("failure")
    sys.exit(1)


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
    fail("timed out waiting for " + what)


def find_app():
    for app in tree.root.applications():
        if app.name in ("atelier", "Atelier"):
            return app
    return None


def named(node, label):
    # GTK 4.8 repeats a button's visible text after its accessible name
    # ("Generate Generate", "_Retry Retry").
    name = node.name.replace("_", "")
    return name == label or name == label + " " + label


def find(node, predicate):
    return node.findChild(predicate, retry=False, requireResult=False)


app = wait_for("the Atelier window on the accessibility bus", find_app, 20)
prompt = wait_for("the prompt box",
                  lambda: find(app, lambda n: n.name == "Prompt" and n.roleName in ("text", "entry")))
generate = wait_for("the Generate button",
                    lambda: find(app, lambda n: n.roleName == "push button" and named(n, "Generate")))
print("ok 1 - window, prompt box and Generate button are there")
shot("start")

# Type like a person: click into the prompt, then key presses.
x, y = prompt.position
w, h = prompt.size
rawinput.click(x + w // 2, y + h // 2)
time.sleep(0.3)
rawinput.typeText(PROMPT)
time.sleep(0.3)
shot("typed")

generate.doActionNamed("click")

# A row appears at once, named after the prompt.
row = wait_for("a job row", lambda: find(app, lambda n: n.name == PROMPT and n.roleName != "text"), 10)
print("ok 2 - a job row appeared for the prompt")
shot("row")

# Then it finishes and its image shows inline.
image = wait_for("the generated image in the row",
                 lambda: find(app, lambda n: n.name.startswith("Generated image") and PROMPT in n.name),
                 30)
done = find(app, lambda n: n.roleName == "label" and n.name == "Done")
if done is None:
    fail("no 'Done' status label")
print("ok 3 - the row shows Done and the image")

pngs = glob.glob(os.path.join(DATA, "atelier", "library", "**", "*.png"), recursive=True)
if not pngs:
    fail("no PNG under $XDG_DATA_HOME/atelier/library")
with open(pngs[0], "rb") as f:
    if f.read(8) != b"\x89PNG\r\n\x1a\n":
        fail(pngs[0] + " is not a PNG")
print("ok 4 - the PNG is in the library:", pngs[0])
time.sleep(0.5)
shot("done")
print("1..4")
