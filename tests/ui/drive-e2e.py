# Drives the real Atelier window through AT-SPI (dogtail), like a person, on
# its built-in sandbox. Scenarios: "generate" (a prompt becomes an image
# inline), "services" (Core3D, Style DNA, an image3d model in the viewer),
# "history" (search, delete with undo, a job from atelier-cli, restart),
# "variants" (four images from one job as a grid, a star, Compare),
# "core3d" (a pattern put on a product and exported for print),
# "spend" (the Spend window's totals of jobs made by atelier-cli and the window),
# "batch" ("Generate with…" three services; the batch in the list),
# "gallery" (10,000 jobs: switch to the gallery, scroll it, delete two tiles
# with undo, and find the gallery again after a restart),
# "stream" (a streamed image's previews, then the final image).
# A screenshot of each step goes to $ATELIER_ARTIFACTS.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import glob
import os
import sqlite3
import subprocess
import sys
import time
import zipfile

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
VARIANTS_PROMPT = "four paper boats on a pond"
PATTERN_PROMPT = "origami cranes on indigo"
# The sandbox's products, and the rows of jobs that have no prompt.
PRODUCTS = ["Tee", "Hoodie", "Mug"]
DESIGN_ROW = "Core3D product design · pattern"
EXPORT_ROW = "Core3D print export · dtf"
BATCH_PROMPT = "an owl reading by candlelight"
BATCH_SERVICES = ("OpenAI-compatible", "Core3D", "Style DNA")
STREAM_PROMPT = "a fox forming in the mist"
# The order of the service picker: atelier_providers_get_ids, each followed by
# the clients on its account (Core3D: product design; its print export runs
# only from "Export for Print…" on a design, so the picker leaves it out).
SERVICES = ["openai", "core3d", "core3d-design", "image3d", "styledna"]

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


def dump_tree():
    """What the accessibility tree showed when a check failed, for the log."""
    path = os.path.join(ARTIFACTS, "%s-tree.txt" % SCENARIO)
    try:
        with open(path, "w") as out:
            def walk(node, depth):
                if depth > 40:
                    return
                states = "showing" if node.showing else "hidden"
                out.write("%s%s %r %s\n" % ("  " * depth, node.roleName, node.name, states))
                for child in node.children:
                    walk(child, depth + 1)
            walk(app, 0)
    except Exception as error:  # the app may be gone
        print("# no accessibility tree: %s" % error)


def fail(message):
    print("not ok %d - %s" % (checks + 1, message), flush=True)
    shot("failure")
    if app is not None:
        dump_tree()
    # A window left running would answer the next test's launch in its place.
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
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


def plain(name):
    """A name without GTK 4.8's repeat of the visible text ("Tee Tee")."""
    half = len(name) // 2
    return name[:half] if len(name) % 2 == 1 and name[half] == " " and \
        name[:half] == name[half + 1:] else name


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


def fill_styledna_form():
    """Style DNA needs more than a prompt: its anchor and its style."""
    pick_service("styledna")
    click(find(lambda n: n.roleName == "push button" and named(n, "Options")))
    for label, text in (("Anchor image", "https://example.com/anchor.png"),
                        ("Style description", "loose watercolour")):
        field = wait_for("the %s field" % label,
                         lambda: find(lambda n: n.roleName == "text" and n.name == label), 10)
        click(field)
        rawinput.typeText(text)


def scenario_services():
    """Issue 6: every other service, and a model in the 3D viewer."""
    launch()
    pick_service("core3d")
    type_prompt(CORE3D_PROMPT)
    generate(CORE3D_PROMPT, "image")
    ok("Core3D: the image shows inline")
    shot("core3d-done")

    fill_styledna_form()
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


def tile(name):
    return find(lambda n: named(n, name) and n.roleName not in ("label", "text"))


def scenario_variants():
    """Issue 13: a 4-image job shows a grid; a star on one image; Compare."""
    launch()
    type_prompt(VARIANTS_PROMPT)
    click(find(lambda n: n.roleName == "push button" and named(n, "Options")))
    images = wait_for("the Images field",
                      lambda: find(lambda n: n.roleName == "spin button" and named(n, "Images")), 10)
    click(images)
    rawinput.keyCombo("<Control>a")
    rawinput.typeText("4")
    rawinput.pressKey("Tab")
    time.sleep(0.3)
    shot("four-images-asked")
    generate(VARIANTS_PROMPT, "image")
    click(find(lambda n: n.roleName == "push button" and named(n, "Options")))
    click(row_for(VARIANTS_PROMPT))
    for i in range(1, 5):
        wait_for("tile %d of the grid" % i, lambda: tile("Image %d of 4" % i), 15)
    if tile("Image 5 of 4") is not None:
        fail("more tiles than images")
    ok("the job's four images show as a grid of four named tiles")
    time.sleep(1.0)  # the thumbnails
    shot("grid")

    # Keyboard: the second tile, Ctrl+D stars that image alone.
    click(tile("Image 2 of 4"))
    rawinput.keyCombo("<Control>d")
    wait_for("the star on image 2", lambda: tile("Image 2 of 4, starred"), 10)
    ok("Ctrl+D on a tile stars that image")
    shot("starred")

    # Enter opens it large; Escape comes back.
    rawinput.pressKey("Return")
    wait_for("image 2 opened large",
             lambda: find(lambda n: n.roleName in ("frame", "window", "dialog")
                          and n.name == "Image 2 of 4"), 10)
    time.sleep(1.0)
    ok("Enter on a tile opens that image large")
    shot("open-large")
    rawinput.pressKey("Escape")
    wait_for("the large image to close",
             lambda: find(lambda n: n.roleName in ("frame", "window", "dialog")
                          and n.name == "Image 2 of 4") is None, 10)

    # Two tiles selected (the second one with Ctrl), then Compare.
    click(tile("Image 1 of 4"))
    rawinput.holdKey("Control_L")
    click(tile("Image 3 of 4"))
    rawinput.releaseKey("Control_L")
    click(find(lambda n: n.roleName == "push button" and named(n, "Compare")))
    split = wait_for("the Compare window's split",
                     lambda: find(lambda n: n.name == "Comparison split"), 10)
    ok("Compare opens with the two selected images")
    time.sleep(1.0)  # both images load
    shot("compare")
    for _ in range(4):
        rawinput.pressKey("Left")
    rawinput.pressKey("plus")
    time.sleep(0.5)
    shot("compare-moved-and-zoomed")
    value = None
    try:
        value = split.queryValue().currentValue
    except Exception:  # no Value interface on this GTK: the screenshot shows it
        pass
    if value is not None and abs(value - 30) > 0.5:
        fail("the split is at %s, not 30 %%" % value)
    ok("Left moves the split, + zooms both images")
    rawinput.pressKey("Escape")
    wait_for("the Compare window to close",
             lambda: find(lambda n: n.name == "Comparison split") is None, 10)
    ok("Escape closes Compare")
    quit_app()


def detail_menu(label):
    """An entry of the detail pane's "More actions" menu."""
    button = wait_for("the More actions button",
                      lambda: find(lambda n: n.name == "More actions"), 10)
    click(button)
    item = wait_for("the menu entry " + label,
                    lambda: find(lambda n: n.roleName == "menu item" and named(n, label)), 10)
    if not item.sensitive:
        fail(label + " is offered but disabled")
    # A popover's positions are not the window's (GTK 4.8 reports no screen
    # coordinates): its entries are activated through their action.
    item.doActionNamed("click")


def labels_under(node):
    return [n.name for n in node.findChildren(lambda n: n.roleName == "label", recursive=True)]


def scenario_core3d():
    """Issue 12: a Core3D pattern, put on a product, exported for print."""
    launch()
    pick_service("core3d")
    # A pattern: the service's Type option, second entry (graphic, pattern, scene).
    click(find(lambda n: n.roleName == "push button" and named(n, "Options")))
    kind = wait_for("the Type option",
                    lambda: find(lambda n: n.roleName == "combo box" and n.name == "Type"), 10)
    click(kind)
    time.sleep(0.5)
    rawinput.pressKey("Down")
    rawinput.pressKey("Return")
    time.sleep(0.5)
    if not any("attern" in name for name in labels_under(kind)):
        fail("the Type option does not show Pattern: %s" % labels_under(kind))
    click(find(lambda n: n.roleName == "push button" and named(n, "Options")))
    type_prompt(PATTERN_PROMPT)
    generate(PATTERN_PROMPT, "image")
    ok("Core3D: the pattern shows inline")
    shot("pattern")

    # Put on a product: the picker lists the products with their previews.
    click(row_for(PATTERN_PROMPT))
    detail_menu("Put on a Product…")
    wait_for("the product list",
             lambda: find(lambda n: n.name == "Products" and n.roleName == "list"), 10)

    def all_previews():
        # The picker names a picture "Preview of …" once it shows (a
        # placeholder is "Loading the preview of …" or "No preview of …").
        nodes = [find(lambda n, p=p: n.name == "Preview of " + p) for p in PRODUCTS]
        return nodes if all(nodes) else None

    wait_for("a preview of every product", all_previews, 20)
    for p in PRODUCTS:
        if find(lambda n, p=p: named(n, p) and n.roleName == "list item") is None:
            fail("no list item for the product " + p)
    ok("Put on a Product…: %s with their previews" % ", ".join(PRODUCTS))
    shot("product-picker")
    click(find(lambda n: named(n, "Hoodie") and n.roleName == "list item"))
    hoodie = find(lambda n: named(n, "Hoodie") and n.roleName == "list item")
    if not hoodie.selected:
        fail("clicking Hoodie did not select it")
    shot("product-picked")
    find(lambda n: n.roleName == "push button" and named(n, "Put on Product")).doActionNamed("click")

    # The design: a row of its own, with the preview Core3D rendered.
    wait_for("the design's row", lambda: row_for(DESIGN_ROW), 10)
    wait_for("the design preview in its row",
             lambda: find(lambda n: n.name == "Generated image: " + DESIGN_ROW), 30)
    ok("the design's preview shows in the list")
    shot("design-in-list")

    # Export for print: Hoodie prints all over, it has no printable zones.
    detail_menu("Export for Print…")
    dtf = wait_for("the all-over print button",
                   lambda: find(lambda n: n.roleName == "push button"
                                and named(n, "All-over Print (DTF)")), 10)
    dtg = find(lambda n: n.roleName == "push button" and named(n, "Printable Zones (DTG)"))
    if dtg is None or dtg.sensitive or not dtf.sensitive:
        fail("Export for Print offers what the Hoodie does not support")
    ok("Export for Print… offers only what the product supports")
    shot("export-dialog")
    dtf.doActionNamed("click")

    # The export: its ZIP's files listed in the detail pane.
    wait_for("the export's row", lambda: row_for(EXPORT_ROW), 10)
    files = wait_for("the files of the export's ZIP",
                     lambda: find(lambda n: n.name == "Files in the export"), 30)
    names = wait_for("the names in the list",
                     lambda: [plain(n.name) for n in files.findChildren(
                         lambda n: n.roleName == "list item", recursive=False)] or None, 10)
    if not names or not all(name.endswith(".png") for name in names):
        fail("the ZIP's files are not listed: %s" % names)
    zips = glob.glob(os.path.join(DATA, "atelier", "library", "**", "*.zip"), recursive=True)
    if len(zips) != 1:
        fail("expected one ZIP in the library, found %s" % zips)
    with zipfile.ZipFile(zips[0]) as z:
        inside = sorted(i.filename for i in z.infolist())
    if sorted(names) != inside:
        fail("listed %s, the ZIP holds %s" % (names, inside))
    ok("Export for Print…: the ZIP's %d files are listed (%s)" % (len(names), ", ".join(names)))
    wait_for("Open Folder", lambda: find(lambda n: n.roleName == "push button"
                                         and named(n, "Open Folder")), 10)
    shot("zip-files")

    # A ZIP is no input for another image, nor artwork for a product.
    click(find(lambda n: n.name == "More actions"))
    for label in ("Use as Input", "Put on a Product…", "Export for Print…"):
        item = wait_for("the menu entry " + label,
                        lambda: find(lambda n: n.roleName == "menu item" and named(n, label)), 10)
        if item.sensitive:
            fail(label + " is enabled on a print export")
    rawinput.pressKey("Escape")
    # The menu lets go of the keyboard once it has closed: Ctrl+Q must reach the app.
    time.sleep(1.0)
    ok("on the export, Use as Input, Put on a Product… and Export for Print… are off")
    quit_app()


def open_spend():
    rawinput.pressKey("F10")
    item = wait_for("Spend in the main menu",
                    lambda: find(lambda n: n.roleName in ("menu item", "push button")
                                 and named(n, "Spend")), 10)
    item.doActionNamed(item.actions and list(item.actions)[0] or "click")
    return wait_for("the Spend window", lambda: shows("By Service"), 10)


def shows(text):
    return find(lambda n: n.roleName == "label" and n.name == text)


def spend_window():
    return [w for w in app.children if w.name == "Spend"]


def scenario_spend():
    """Issue 17: the Spend window totals what the services said the jobs cost."""
    cli = os.environ.get("ATELIER_CLI")
    if not cli or not os.path.exists(cli):
        fail("ATELIER_CLI is not built")
    # A known sequence, on the CLI's own sandbox: image3d fast (5 credits) and
    # ultra (40), a GPT image (250 tokens), a DALL·E image (no usage: unknown).
    for provider, options in (("image3d", ["quality=fast"]), ("image3d", ["quality=ultra"]),
                              ("openai", ["model=gpt-image-1"]), ("openai", ["model=dall-e-3"])):
        args = [cli, "generate", "--provider", provider, "--prompt", "spend " + provider, "--wait"]
        for o in options:
            args += ["-o", o]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60, env=dict(os.environ, ATELIER_POLL_MS="100"))
    ok("four jobs made by atelier-cli")

    launch()
    open_spend()
    wait_for("image3d's credits", lambda: shows("45 credits · 2 jobs"), 10)
    wait_for("OpenAI's tokens", lambda: shows("250 tokens · 1 job"), 10)
    wait_for("the job of unknown cost", lambda: shows("Unknown cost · 1 job"), 10)
    ok("the Spend window shows the totals by service, unknown counted apart")
    shot("spend-by-day")
    month = find(lambda n: n.roleName in ("toggle button", "push button")
                 and n.name.startswith("Totals per month"))
    if month is None:
        fail("no Month toggle")
    click(month)
    wait_for("the totals by month", lambda: shows("By Month"), 10)
    ok("the totals by month")
    shot("spend-by-month")
    rawinput.pressKey("Escape")
    wait_for("the Spend window to close", lambda: not spend_window(), 10)

    # A job made in the window counts too.
    type_prompt("spend from the window")
    generate("spend from the window", "image")
    open_spend()
    # The window streams GPT images with two previews: 250 tokens + 100 a preview.
    wait_for("the new job's tokens", lambda: shows("700 tokens · 2 jobs"), 10)
    ok("a job made in the window is added to the totals")
    shot("spend-updated")
    # The app's shortcuts work from the Spend window too.
    quit_app()


def scenario_batch():
    """Issue 17: "Generate with…" sends one prompt to three services; the
    batch appears in the list under its heading, each job with its image."""
    launch()
    # The current service's options go with it: Style DNA's anchor and style.
    fill_styledna_form()
    type_prompt(BATCH_PROMPT)
    menu = wait_for("the Generate With… button", lambda: find(
        lambda n: n.roleName in ("push button", "toggle button")
        and n.name.replace("_", "").startswith(("Generate with several services", "Generate With"))), 10)
    click(menu)
    wait_for("the services in the popover", lambda: find(
        lambda n: n.roleName == "list item" and n.name == BATCH_SERVICES[0] and n.focused), 10)
    # GTK 4.8 gives check boxes no AT-SPI action and popovers no usable
    # positions: tick them from the keyboard, as a person could, row by row.
    for _ in range(8):
        row = find(lambda n: n.roleName == "list item" and n.focused)
        if row is not None and row.name in BATCH_SERVICES:
            rawinput.pressKey("Return")
            time.sleep(0.2)
        rawinput.pressKey("Down")
        time.sleep(0.2)
    for service in BATCH_SERVICES:
        wait_for("%s ticked" % service, lambda: find(
            lambda n: n.roleName == "check box" and named(n, service) and n.checked), 5)
    shot("batch-chooser")
    go = wait_for("the popover's Generate button", lambda: find(
        lambda n: n.roleName == "push button" and named(n, "Generate with 3 Services")), 10)
    ok("Generate With… lists the services with check boxes")
    go.doActionNamed("click")
    wait_for("the batch's heading", lambda: find(lambda n: n.name == "Batch of 3 jobs"), 15)
    ok("the batch appears in the list under one heading")
    wait_for("the batch's three rows", lambda: len(app.findChildren(
        lambda n: n.name == BATCH_PROMPT and n.roleName not in ("text", "label"))) >= 3, 10)
    wait_for("an image of the batch in its row",
             lambda: find(lambda n: n.name == "Generated image: " + BATCH_PROMPT), 45)

    def batch_done():
        con = sqlite3.connect(os.path.join(DATA, "atelier", "history.db"))
        try:
            rows = con.execute("SELECT provider, status, batch FROM jobs WHERE prompt = ?",
                               (BATCH_PROMPT,)).fetchall()
        finally:
            con.close()
        return (sorted(p for p, _s, _b in rows) == ["core3d", "openai", "styledna"]
                and all(s == "done" for _p, s, _b in rows)
                and len({b for _p, _s, b in rows}) == 1 and rows[0][2])
    wait_for("the three jobs done, in one batch in the history", batch_done, 45)
    ok("each service's job is done, all in one batch")
    compare = find(lambda n: n.roleName == "push button" and n.name.startswith("Compare the batch"))
    if compare is None:
        fail("the batch offers no Compare")
    ok("the batch offers Compare")
    shot("batch-done")
    # The batch opens in Compare, its services' images side by side.
    wait_for("Compare to be enabled", lambda: compare.sensitive, 10)
    compare.doActionNamed("click")
    wait_for("the Compare window's split",
             lambda: find(lambda n: n.name == "Comparison split"), 10)
    time.sleep(1.0)  # both images load
    ok("Compare opens the batch side by side")
    shot("batch-compare")
    rawinput.pressKey("Escape")
    wait_for("the Compare window to close",
             lambda: find(lambda n: n.name == "Comparison split") is None, 10)
    quit_app()


GALLERY_JOBS = 10000
SERVICE_NAME = "OpenAI-compatible"


def gallery_tile(prompt):
    label = "Image: %s, from %s" % (prompt, SERVICE_NAME)
    return find(lambda n: n.name == label)


def find_near_top(predicate, depth=10):
    """Level by level: a toast sits near the top of a tree that is mostly
    tiles and rows (thousands of D-Bus calls deep), and leaves after a few
    seconds; a depth-first search finds it too late."""
    level = [app]
    for _ in range(depth):
        below = []
        for node in level:
            try:
                children = list(node)
            except Exception:
                continue
            for child in children:
                try:
                    if predicate(child):
                        return child
                except Exception:
                    continue
                below.append(child)
        level = below
    return None


def tile_below(number):
    """A tile of a job older than job NUMBER (the grid keeps some tiles
    above the view alive, so the newest may still be in the tree)."""
    def older(n):
        prefix = "Image: job "
        if not n.name.startswith(prefix):
            return False
        digits = n.name[len(prefix):].split(":")[0]
        return digits.isdigit() and int(digits) < number
    return find(older)


def newest(k=0):
    return "job %d: lazy cats in black and gold" % (GALLERY_JOBS - 1 - k)


def scenario_gallery():
    """Issue 17: the gallery with a 10,000-job history."""
    fill = os.environ.get("ATELIER_FILL_HISTORY")
    if not fill or not os.path.exists(fill):
        fail("ATELIER_FILL_HISTORY is not built")
    os.makedirs(os.path.join(DATA, "atelier"), exist_ok=True)
    subprocess.run([fill, os.path.join(DATA, "atelier", "history.db"), str(GALLERY_JOBS)],
                   check=True, stdout=subprocess.DEVNULL, timeout=120)
    # Settings on disk this time: the view chosen must survive a restart.
    os.environ["GSETTINGS_BACKEND"] = "keyfile"

    launch()
    wait_for("the newest job's row", lambda: row_for(newest()), 30)
    ok("10,000 jobs listed")
    rawinput.keyCombo("<Control>2")
    grid = wait_for("the gallery's grid",
                    lambda: find(lambda n: n.name == "Gallery" and "button" not in n.roleName), 15)
    wait_for("the newest job's tile", lambda: gallery_tile(newest()), 15)
    ok("Ctrl+2 shows the gallery, its tiles named for screen readers")
    shot("gallery")

    # Keyboard: into the grid, then to its far end and back.
    click(gallery_tile(newest()))
    for _ in range(8):
        rawinput.pressKey("Page_Down")
        time.sleep(0.15)
    wait_for("tiles further down", lambda: tile_below(GALLERY_JOBS - 30), 15)
    rawinput.pressKey("End")
    wait_for("the oldest job's tile", lambda: gallery_tile("the very first aardvark"), 30)
    ok("Page Down and End scroll the grid to the oldest of 10,000 jobs")
    shot("gallery-end")
    rawinput.pressKey("Home")
    wait_for("the newest tile again", lambda: gallery_tile(newest()), 30)

    # Two tiles selected with Shift+Right, deleted with Delete, back with Undo.
    click(gallery_tile(newest()))
    rawinput.keyCombo("<Shift>Right")
    time.sleep(0.5)
    rawinput.pressKey("Delete")
    # The toast first, and at once: it leaves after a few seconds, and
    # searching a tree this big is slow.
    undo = wait_for("the Undo button",
                    lambda: find_near_top(lambda n: n.roleName == "push button" and named(n, "Undo")), 10)
    if not find_near_top(lambda n: n.name == "2 jobs deleted"):
        fail("the toast does not say that 2 jobs were deleted")
    shot("gallery-deleted")
    undo.doActionNamed("click")
    wait_for("both tiles back", lambda: gallery_tile(newest()) and gallery_tile(newest(1)), 10)
    ok("two tiles deleted at once, and Undo brings both back")

    quit_app()
    launch()
    wait_for("the gallery after a restart", lambda: gallery_tile(newest()), 30)
    if grid is None:
        fail("no grid")
    ok("the gallery is still the view after a restart")
    shot("gallery-restarted")
    rawinput.keyCombo("<Control>1")
    wait_for("the list again", lambda: row_for(newest()), 15)
    ok("Ctrl+1 shows the list again")
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

    wait_for("a preview in the row and the detail pane", previews_shown, 150)
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
try:
    {"generate": scenario_generate, "services": scenario_services,
     "history": scenario_history, "variants": scenario_variants,
     "core3d": scenario_core3d, "spend": scenario_spend, "batch": scenario_batch,
     "gallery": scenario_gallery, "stream": scenario_stream}[scenario]()
except BaseException:
    import traceback
    traceback.print_exc()
    raise
print("1..%d" % checks)
