# Drives the real Atelier window through AT-SPI (dogtail), like a person, on
# its built-in sandbox. Scenarios: "generate" (a prompt becomes an image
# inline), "services" (Core3D, Style DNA, an image3d model in the viewer),
# "history" (search, delete with undo, a job from atelier-cli, restart),
# "stream" (a streamed image's previews, then the final image).
# A screenshot of each step goes to $ATELIER_ARTIFACTS.
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
dogtail.config.config.defaultDelay = 0.1
dogtail.config.config.typingDelay = 0.01
dogtail.config.config.actionDelay = 0.2
dogtail.config.config.logDebugToStdOut = False
dogtail.config.config.logDebugToFile = False
from dogtail import rawinput, tree  # noqa: E402

BIN = os.environ["ATELIER_BIN"]
ARTIFACTS = os.environ["ATELIER_ARTIFACTS"]
DATA = os.environ["ATELIER_E2E_DATA"]
PROMPT = "lazy cats in black and gold"
MODEL_PROMPT = "a small ceramic teapot"
CORE3D_PROMPT = "a paper crane pattern"
CLI_PROMPT = "a fox made on the command line"
STYLEDNA_PROMPT = "a lighthouse at dusk"
STREAM_PROMPT = "a fox forming in the mist"
# The order of the service picker: atelier_providers_get_ids, each followed by
# the clients on its account (Core3D: product design, print export).
SERVICES = ["openai", "core3d", "core3d-design", "core3d-export", "image3d", "styledna"]

SCENARIO = sys.argv[1] if len(sys.argv) > 1 else "generate"
START = time.monotonic()
step = 0
checks = 0
proc = None
app = None


def shot(name):
    global step
    step += 1
    path = os.path.join(ARTIFACTS, "%s-%02d-%s.png" % (SCENARIO, step, name))
    subprocess.run(["import", "-window", "root", path], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def ok(message):
    global checks
    checks += 1
    print("ok %d - %s (%.1f s)" % (checks, message, time.monotonic() - START), flush=True)


def fail(message):
    print("not ok %d - %s" % (checks + 1, message), flush=True)
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


def named(node, label):
    # GTK 4.8 repeats a button's visible text after its accessible name
    # ("Generate Generate", "_Retry Retry").
    name = node.name.replace("_", "")
    return name == label or name == label + " " + label


def find(predicate):
    return app.findChild(predicate, retry=False, requireResult=False)


def click(node):
    x, y = node.position
    w, h = node.size
    rawinput.click(x + w // 2, y + h // 2)
    time.sleep(0.3)


def launch():
    global proc, app
    log = open(os.path.join(ARTIFACTS, "atelier-%s.log" % SCENARIO), "a")
    proc = subprocess.Popen([BIN], stdout=log, stderr=subprocess.STDOUT)

    def registered():
        if proc.poll() is not None:
            fail("atelier exited with %s" % proc.returncode)
        for candidate in tree.root.applications():
            if candidate.name in ("atelier", "Atelier"):
                return candidate
        return None

    app = wait_for("the Atelier window on the accessibility bus", registered, 20)
    wait_for("the prompt box", prompt_box)


def quit_app():
    rawinput.keyCombo("<Control>q")
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail("Ctrl+Q did not quit")


def prompt_box():
    return find(lambda n: n.name == "Prompt" and n.roleName in ("text", "entry"))


def type_prompt(text):
    click(prompt_box())
    rawinput.keyCombo("<Control>a")
    rawinput.typeText(text)
    time.sleep(0.2)


current_service = 0


def pick_service(service_id):
    global current_service
    target = SERVICES.index(service_id)
    combo = find(lambda n: n.roleName == "combo box" and n.name.startswith("Service"))
    click(combo)
    time.sleep(0.5)
    key = "Down" if target > current_service else "Up"
    for _ in range(abs(target - current_service)):
        rawinput.pressKey(key)
    rawinput.pressKey("Return")
    time.sleep(0.5)
    current_service = target


def row_for(prompt):
    return find(lambda n: n.name == prompt and n.roleName not in ("text", "label"))


def generate(prompt, kind, timeout=30, on_row=None):
    generate = find(lambda n: n.roleName == "push button" and named(n, "Generate"))
    generate.doActionNamed("click")
    wait_for("a job row for " + prompt, lambda: row_for(prompt), 10)
    if on_row is not None:
        on_row()
    return wait_for("the " + kind + " of " + prompt + " in its row",
                    lambda: find(lambda n: n.name == "Generated %s: %s" % (kind, prompt)),
                    timeout)


def scenario_generate():
    """Issue 2: a prompt becomes an image inline, offline."""
    launch()
    ok("window, prompt box and Generate button are there")
    shot("start")
    type_prompt(PROMPT)
    shot("typed")
    # The row shows at once, before the job is done.
    generate(PROMPT, "image", on_row=lambda: (ok("a job row appeared at once"), shot("row")))
    if find(lambda n: n.roleName == "label" and n.name == "Done") is None:
        fail("no 'Done' status label")
    ok("the row shows Done and the image inline")
    pngs = glob.glob(os.path.join(DATA, "atelier", "library", "**", "*.png"), recursive=True)
    if not pngs:
        fail("no PNG under $XDG_DATA_HOME/atelier/library")
    with open(pngs[0], "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n":
            fail(pngs[0] + " is not a PNG")
    ok("the PNG is in the library")
    shot("done")
    quit_app()


def scenario_services():
    """Issue 6: every other service, and a model in the 3D viewer."""
    launch()
    pick_service("core3d")
    type_prompt(CORE3D_PROMPT)
    generate(CORE3D_PROMPT, "image")
    ok("Core3D: the image shows inline")
    shot("core3d-done")

    # Style DNA needs more than a prompt: fill its form.
    pick_service("styledna")
    click(find(lambda n: n.roleName == "push button" and named(n, "Options")))
    for label, text in (("Anchor image", "https://example.com/anchor.png"),
                        ("Style description", "loose watercolour")):
        field = wait_for("the %s field" % label,
                         lambda: find(lambda n: n.roleName == "text" and n.name == label), 10)
        click(field)
        rawinput.typeText(text)
    type_prompt(STYLEDNA_PROMPT)
    shot("styledna-form")
    generate(STYLEDNA_PROMPT, "image")
    ok("Style DNA: the form takes the anchor and the image shows inline")
    click(find(lambda n: n.roleName == "push button" and named(n, "Options")))

    pick_service("image3d")
    type_prompt(MODEL_PROMPT)
    generate(MODEL_PROMPT, "model", 45)
    click(row_for(MODEL_PROMPT))
    wait_for("the 3D viewer", lambda: find(lambda n: n.name == "3D model"), 10)
    ok("image3d: the model's preview shows inline and the viewer opens")
    time.sleep(1.0)
    shot("model-viewer")
    export_model()
    quit_app()


def export_model():
    """Issue 15: Export… on the model, half the faces, through the file chooser."""
    rawinput.keyCombo("<Control>e")
    slider = wait_for("the Export dialog's faces slider",
                      lambda: find(lambda n: n.roleName == "slider" and n.name == "Faces"), 10)
    wait_for("the preview's figures",
             lambda: find(lambda n: n.roleName == "label" and " → " in n.name
                          and "…" not in n.name), 30)
    click(slider)
    for _ in range(5):
        rawinput.pressKey("Page_Down")
    wait_for("figures for fewer faces",
             lambda: find(lambda n: n.roleName == "label" and " → " in n.name
                          and "…" not in n.name and len(set(n.name.split(" → "))) == 2), 30)
    ok("Export…: the faces slider and the preview's figures")
    shot("export-dialog")
    # Without a portal the chooser is GTK's own: type a path and save.
    out = os.path.join(DATA, "exported-teapot.glb")
    rawinput.keyCombo("<Control>e")
    time.sleep(1.5)
    rawinput.keyCombo("<Control>a")
    rawinput.typeText(out)
    rawinput.pressKey("Return")
    wait_for("the exported file", lambda: os.path.exists(out), 30)
    with open(out, "rb") as f:
        if f.read(4) != b"glTF":
            fail(out + " is not a GLB")
    wait_for("the Show button of the export's toast",
             lambda: find(lambda n: n.roleName == "push button" and named(n, "Show")), 10)
    ok("the export is written and recorded in the history")
    shot("exported")


def scenario_history():
    """Issue 6: search, delete with undo, jobs from atelier-cli, restart."""
    launch()
    for prompt in (PROMPT, CORE3D_PROMPT):
        type_prompt(prompt)
        generate(prompt, "image")
    ok("two images generated")

    rawinput.keyCombo("<Control>f")
    time.sleep(0.5)
    rawinput.typeText("crane")
    wait_for("only the matching job",
             lambda: row_for(CORE3D_PROMPT) and not row_for(PROMPT), 10)
    ok("search shows only the matching job")
    shot("search")
    rawinput.pressKey("Escape")
    time.sleep(0.5)
    wait_for("every job after the search closes", lambda: row_for(PROMPT), 10)

    click(row_for(CORE3D_PROMPT))
    rawinput.pressKey("Delete")
    wait_for("the row to go", lambda: not row_for(CORE3D_PROMPT), 10)
    shot("deleted")
    undo = wait_for("the Undo button",
                    lambda: find(lambda n: n.roleName == "push button" and named(n, "Undo")), 10)
    undo.doActionNamed("click")
    wait_for("the row to come back", lambda: row_for(CORE3D_PROMPT), 10)
    ok("delete hides the job and Undo brings it back")
    shot("undone")

    cli = os.environ.get("ATELIER_CLI")
    if cli and os.path.exists(cli):
        subprocess.run([cli, "generate", "--provider", "openai", "--prompt", CLI_PROMPT, "--wait"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
        wait_for("the job atelier-cli made", lambda: row_for(CLI_PROMPT), 10)
        ok("a job made by atelier-cli appears in the open window")
        shot("from-cli")

    quit_app()
    launch()
    for prompt in (PROMPT, CORE3D_PROMPT):
        wait_for("%s after a restart" % prompt, lambda: row_for(prompt), 10)
    wait_for("the image after a restart",
             lambda: find(lambda n: n.name == "Generated image: " + CORE3D_PROMPT), 15)
    ok("after a restart the history and its images are intact")
    shot("restarted")
    quit_app()


def showing_label(text):
    # GTK leaves hidden widgets out of the accessibility tree.
    return find(lambda n: n.roleName == "label" and n.name == text)


def scenario_stream():
    """Issue 13: a streamed image shows its previews in place, then the final image."""
    # Paced so a person (and this driver, whose searches of the tree take
    # many seconds on a loaded machine) can see each preview; the window's
    # sandbox process inherits it.
    os.environ["ATELIER_SANDBOX_STREAM_INTERVAL_MS"] = "60000"
    launch()
    type_prompt(STREAM_PROMPT)
    # GPT image models stream two previews by default in the window.
    find(lambda n: n.roleName == "push button" and named(n, "Generate")).doActionNamed("click")
    clicked = time.monotonic()
    preview_name = "Preview of the image forming: " + STREAM_PROMPT

    def previews_shown():
        # One walk of the tree for both: each takes seconds on a loaded machine.
        found = app.findChildren(lambda n: n.name == preview_name or
                                 (n.roleName == "label" and n.name == "Preview"))
        names = [n.name for n in found]
        # The row's thumbnail and badge, and the detail pane's badge (a new
        # job is selected, so the pane shows it).
        return preview_name in names and names.count("Preview") >= 2

    wait_for("a preview in the row and the detail pane", previews_shown, 100)
    shot("preview")
    # The thumbnail is named so only while the image forms: this was before the final.
    ok("the row and the detail pane show a preview, with badges, before the final image "
       "(%.1f s after Generate)" % (time.monotonic() - clicked))

    wait_for("the final image in the row",
             lambda: find(lambda n: n.name == "Generated image: " + STREAM_PROMPT), 200)
    wait_for("the badges to go", lambda: showing_label("Preview") is None, 30)
    if find(lambda n: n.roleName == "label" and n.name == "Done") is None:
        fail("no 'Done' status label")
    ok("then the final image replaces it, without a badge")
    shot("final")
    previews = glob.glob(os.path.join(os.environ["XDG_CACHE_HOME"], "atelier", "previews", "*",
                                      "preview-*.png"))
    if len(previews) != 2:
        fail("expected 2 preview files, found %d" % len(previews))
    ok("both previews are kept in the job's cache folder")
    quit_app()


scenario = sys.argv[1] if len(sys.argv) > 1 else "generate"
{"generate": scenario_generate, "services": scenario_services,
 "history": scenario_history, "stream": scenario_stream}[scenario]()
print("1..%d" % checks)
