#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`atelier-cli styles` and `atelier-cli balance` against a standalone
`atelier-cli sandbox`: output, --json, exit codes, and readable failures."""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sandbox"))
import sandbox_helper  # noqa: E402

CLI = sys.argv[1]
TOKEN = "sandbox-token"
count = 0
failures = 0


def check(name, cond, detail=""):
    global count, failures
    count += 1
    print(f"{'ok' if cond else 'not ok'} {count} - {name}")
    if not cond:
        failures += 1
        for line in str(detail).splitlines()[-20:]:
            print(f"# {line}")


def run(args, env):
    return subprocess.run([CLI] + args, env=env, capture_output=True, text=True, timeout=60)


def add_fault(urls, match, status):
    sandbox_helper.add_fault(urls, {"match": match, "kind": "status", "status": status})


def main():
    tmp = tempfile.mkdtemp(prefix="atelier-cli-services-")
    env = dict(os.environ)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = os.path.join(tmp, var)
    env["ATELIER_NO_KEYRING"] = "1"
    for key in list(env):
        if key.startswith("ATELIER_") and key.endswith(("_URL", "_TOKEN")):
            del env[key]

    # Offline: the embedded sandbox answers.
    r = run(["styles", "--offline"], env)
    check("styles --offline exits 0", r.returncode == 0, r.stderr)
    check("styles lists vector-art with its types",
          any(l.startswith("vector-art") and "graphic" in l and "pattern" in l
              for l in r.stdout.splitlines()), r.stdout)
    check("styles marks where transparency is offered", "(transparency)" in r.stdout, r.stdout)

    r = run(["balance", "--offline"], env)
    check("balance --offline exits 0", r.returncode == 0, r.stderr)
    check("balance prints credits", r.stdout.strip().endswith("credits"), r.stdout)

    r = run(["styles", "--no-such-option"], env)
    check("unknown option is a usage error (2)", r.returncode == 2, r.stderr)

    # A standalone sandbox, reached as a configured service would be.
    proc, urls = sandbox_helper.start(CLI, env)
    try:
        check("sandbox prints its environment", len(sandbox_helper.services(urls)) == 8, urls)
        online = dict(env)
        online.update(sandbox_helper.services(urls))

        r = run(["styles", "--json"], online)
        check("styles --json exits 0", r.returncode == 0, r.stderr)
        styles = json.loads(r.stdout) if r.returncode == 0 else []
        by_id = {s["id"]: s for s in styles}
        check("styles --json has ids, names, uris and previews",
              "vector-art" in by_id and by_id["vector-art"]["name"] == "Vector Art"
              and by_id["vector-art"]["uri"].startswith("core3d:")
              and by_id["vector-art"]["preview"].startswith("http"), r.stdout)
        check("styles --json says which type supports transparency",
              by_id.get("vector-art", {}).get("types", {}).get("graphic", {}).get("transparency") is True
              and by_id.get("vector-art", {}).get("types", {}).get("pattern", {}).get("transparency") is False,
              r.stdout)

        r = run(["balance", "--json"], online)
        check("balance --json exits 0", r.returncode == 0, r.stderr)
        balance = json.loads(r.stdout) if r.returncode == 0 else {}
        check("balance --json has balance, unit and the purchase page",
              isinstance(balance.get("balance"), int) and balance.get("unit") == "credits"
              and balance.get("pricing_url", "").startswith("https://"), r.stdout)

        add_fault(urls, "GET /api/balance", 401)
        r = run(["balance"], online)
        check("an expired sign-in fails with exit 1", r.returncode == 1, r.stdout + r.stderr)
        check("and says to sign in again", "Sign in again" in r.stderr, r.stderr)

        add_fault(urls, "GET /v1/generation-styles", 403)
        r = run(["styles"], online)
        check("a refused style listing fails with exit 1 and HTTP 403",
              r.returncode == 1 and "403" in r.stderr, r.stdout + r.stderr)

        bad = dict(online)
        bad["ATELIER_IMAGE3D_TOKEN"] = "wrong-token"
        r = run(["balance"], bad)
        check("a wrong token fails readably", r.returncode == 1 and "image3d" in r.stderr,
              r.stderr)
        check("no token in any output", "wrong-token" not in r.stdout + r.stderr
              and TOKEN not in r.stdout + r.stderr)
        # Buying credits: the page URL at once, then the risen balance.
        r = run(["balance", "--json"], online)
        before = json.loads(r.stdout)["balance"] if r.returncode == 0 else None
        buyer = subprocess.Popen([CLI, "balance", "--buy", "starter", "--generations", "3",
                                  "--wait"], env=dict(online, ATELIER_POLL_MS="100"),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        url = buyer.stdout.readline().strip()
        check("balance --buy prints the checkout URL on its own line at once",
              url.startswith("http://127.0.0.1:"), url)
        if url.startswith("http"):
            urllib.request.urlopen(url).read()  # the person pays in the browser
        try:
            out, err = buyer.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            buyer.kill()
            out, err = buyer.communicate()
        check("balance --buy --wait exits 0 once the balance rose", buyer.returncode == 0, err)
        check("and prints the new balance", before is not None
              and out.strip() == f"{before + 30} credits", out + err)

        r = subprocess.run([CLI, "balance", "--buy", "starter", "--wait"],
                           env=dict(online, ATELIER_POLL_MS="100", ATELIER_BUY_WAIT_S="1"),
                           capture_output=True, text=True, timeout=60)
        check("balance --buy --wait gives up with exit 1 when nothing was bought",
              r.returncode == 1 and r.stdout.strip().startswith("http"), r.stdout + r.stderr)
        r = run(["balance", "--wait"], online)
        check("--wait without --buy is a usage error", r.returncode == 2, r.stderr)

        # Texture later: a mesh-only model, then a textured child of it.
        r = run(["generate", "--provider", "image3d", "--prompt", "a teapot", "-o", "quality=fast",
                 "-o", "mesh_only=true", "--wait", "--json"], dict(online, ATELIER_POLL_MS="50"))
        check("a mesh-only model is made", r.returncode == 0, r.stderr)
        mesh = json.loads(r.stdout) if r.returncode == 0 else {}
        r = run(["texture", mesh.get("id", "none"), "--wait", "--json"],
                dict(online, ATELIER_POLL_MS="50"))
        check("texture JOB_ID --wait exits 0", r.returncode == 0, r.stdout + r.stderr)
        child = json.loads(r.stdout) if r.returncode == 0 else {}
        check("the textured model is a new job linked to the mesh",
              child.get("parent_id") == mesh.get("id") and child.get("id") != mesh.get("id")
              and child.get("status") == "done", r.stdout)
        outputs = child.get("outputs", []) + mesh.get("outputs", [])
        check("both models stay, each its own GLB",
              len(outputs) == 2 and outputs[0] != outputs[1]
              and all(os.path.exists(o) for o in outputs), outputs)
        r = run(["texture", child.get("id", "none")], online)
        check("a textured model cannot be textured again", r.returncode == 1
              and "mesh-only" in r.stderr, r.stderr)

        # Style DNA edit, through the registry, on the Style DNA account.
        fast = dict(online, ATELIER_POLL_MS="50")
        r = run(["generate", "--provider", "styledna", "--prompt", "a lighthouse at dusk",
                 "-o", "anchorImageUrl=https://example.com/a.png", "-o", "description=ink",
                 "--wait", "--json"], fast)
        check("a Style DNA image is made", r.returncode == 0, r.stderr)
        source = json.loads(r.stdout) if r.returncode == 0 else {}
        r = run(["generate", "--provider", "styledna-edit", "--from-job", source.get("id", "none"),
                 "--prompt", "add a red boat", "-o", "imageGuidance=1", "-o", "aspectRatio=16:9",
                 "--wait", "--json"], fast)
        check("generate --provider styledna-edit --from-job edits its result",
              r.returncode == 0, r.stdout + r.stderr)
        edited = json.loads(r.stdout) if r.returncode == 0 else {}
        check("the edit is its own job with its own image",
              edited.get("provider") == "styledna-edit" and edited.get("status") == "done"
              and len(edited.get("outputs", [])) == 1, r.stdout)
        r = run(["generate", "--provider", "styledna-edit", "--prompt", "x",
                 "-o", "imageUrl=https://example.com/a.png", "-o", "aspectRatio=1:1"], fast)
        check("an aspect ratio without low guidance is refused before any request",
              r.returncode == 1 and "imageGuidance 1" in r.stderr, r.stderr)
        add_fault(urls, "POST /v2/style-dna/edit", 403)
        r = run(["generate", "--provider", "styledna-edit", "--prompt", "x",
                 "-o", "imageUrl=https://example.com/a.png", "--wait"], fast)
        check("a 403 says the key lacks the style-dna domain",
              r.returncode == 1 and "lacks the style-dna domain" in r.stderr, r.stderr)

        # Issue 13: a streamed image lists its previews, oldest first, and the final output.
        r = run(["generate", "--provider", "openai", "--prompt", "a fox forming",
                 "-o", "stream=on", "-o", "partial_images=3", "--wait", "--json"], fast)
        streamed = json.loads(r.stdout) if r.returncode == 0 else {}
        previews = streamed.get("previews", [])
        check("generate --json lists a streamed image's previews and its output",
              streamed.get("status") == "done" and len(streamed.get("outputs", [])) == 1
              and [os.path.basename(p) for p in previews]
              == ["preview-1.png", "preview-2.png", "preview-3.png"]
              and all(os.path.exists(p) for p in previews)
              and all(p.startswith(env["XDG_CACHE_HOME"]) for p in previews),
              r.stdout + r.stderr)
        r = run(["generate", "--provider", "openai", "--prompt", "x", "-o", "model=dall-e-3",
                 "-o", "stream=on"], fast)
        check("stream=on with dall-e-3 is refused naming the rule",
              r.returncode == 1 and "stream is only supported by GPT image models" in r.stderr,
              r.stderr)

    finally:
        proc.terminate()
        proc.wait(timeout=10)

    print(f"1..{count}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
