#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`atelier-cli products`, `generate --provider core3d-design` and `export`
against a standalone `atelier-cli sandbox`: image → design → ZIP, the
lineage in the job JSON, refusals and exit codes."""

import json
import os
import subprocess
import sys
import tempfile
import zipfile

CLI = sys.argv[1]
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


def main():
    tmp = tempfile.mkdtemp(prefix="atelier-cli-core3d-")
    env = dict(os.environ)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = os.path.join(tmp, var)
    env["ATELIER_NO_KEYRING"] = "1"
    env["ATELIER_POLL_MS"] = "50"
    for key in list(env):
        if key.startswith("ATELIER_") and key.endswith(("_URL", "_TOKEN")):
            del env[key]

    proc = subprocess.Popen([CLI, "sandbox", "--job-duration", "200"], env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        urls = {}
        while len(urls) < 8:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("ATELIER_") and "=" in line:
                k, v = line.strip().split("=", 1)
                urls[k] = v
        env.update(urls)

        r = run(["products", "--json"], env)
        check("products --json exits 0", r.returncode == 0, r.stderr)
        products = json.loads(r.stdout or "[]")
        names = {p["name"]: p for p in products}
        check("products lists uri, name and capabilities",
              all(p["uri"].startswith("core3d:model:") and "capabilities" in p for p in products)
              and {"Tee", "Hoodie", "Mug"} <= set(names), r.stdout)
        r = run(["products"], env)
        check("products prints a table", "Tee" in r.stdout and "dtf" in r.stdout, r.stdout)

        r = run(["generate", "--provider", "core3d", "--prompt", "lazy cats", "-o", "type=pattern",
                 "--wait", "--json"], env)
        image = json.loads(r.stdout)
        check("a Core3D pattern is made", r.returncode == 0 and image["status"] == "done",
              r.stderr)

        r = run(["generate", "--provider", "core3d-design", "--from", image["id"],
                 "-o", "model=Tee", "-o", "type=pattern", "-o", "colors=black",
                 "-o", "details=gold", "--wait", "--json"], env)
        design = json.loads(r.stdout or "{}")
        check("a design from the image job", r.returncode == 0 and design.get("status") == "done",
              r.stderr)
        check("the design JSON names the design URI and its preview",
              design.get("results", {}).get("design", "").startswith("core3d:design:")
              and design["outputs"][0].endswith(".png"), r.stdout)
        check("the design remembers its image job", design.get("parent_id") == image["id"],
              r.stdout)

        png = os.path.join(tmp, "logo.png")
        with open(image["outputs"][0], "rb") as src, open(png, "wb") as dst:
            dst.write(src.read())
        r = run(["generate", "--provider", "core3d-design", "--image", png,
                 "-o", "model=Mug", "-o", "type=graphic", "--wait", "--json"], env)
        check("a design from a local PNG", r.returncode == 0
              and json.loads(r.stdout)["results"]["upload"].startswith("core3d:upload:"), r.stderr)

        r = run(["generate", "--provider", "core3d-design", "--option",
                 "upload=" + image["results"]["uploads"], "-o", "model=Hoodie",
                 "-o", "type=graphic", "--wait"], env)
        check("a design from an upload URI", r.returncode == 0, r.stderr)

        r = run(["generate", "--provider", "core3d-design", "--from", image["id"],
                 "-o", "model=Mug", "-o", "type=pattern", "--json"], env)
        check("a pattern on a mug is refused (1) naming the type",
              r.returncode == 1 and "type:" in r.stderr and r.stdout == "", r.stderr)

        for kind, expected in (("dtf", "front.png"), ("dtg", "front-zone.png")):
            r = run(["export", design["id"], "--type", kind, "--wait", "--json"], env)
            job = json.loads(r.stdout or "{}")
            ok = r.returncode == 0 and job.get("outputs", [""])[0].endswith(".zip")
            check(f"export --type {kind} saves a ZIP", ok, r.stderr)
            if ok:
                with zipfile.ZipFile(job["outputs"][0]) as z:
                    check(f"the {kind} ZIP holds PNG pieces",
                          expected in z.namelist()
                          and all(z.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in z.namelist()),
                          z.namelist())
                check(f"the {kind} export remembers its design",
                      job.get("parent_id") == design["id"], r.stdout)

        r = run(["export", design["results"]["design"], "--type", "dtg", "--wait"], env)
        check("export by design URI", r.returncode == 0 and ".zip" in r.stdout, r.stderr)

        r = run(["export", design["id"]], env)
        check("export without --type is a usage error (2)", r.returncode == 2, r.stderr)
        r = run(["export", image["id"], "--type", "dtf"], env)
        check("export of a job without a design fails (1)",
              r.returncode == 1 and "design:" in r.stderr, r.stderr)

        r = run(["generate", "--provider", "core3d-design", "-o", "model=Tee", "-o",
                 "details=sandbox-export-fail", "-o", "upload=" + image["results"]["uploads"],
                 "--wait", "--json"], env)
        failing = json.loads(r.stdout)
        r = run(["export", failing["id"], "--type", "dtf", "--wait"], env)
        check("a failed export exits 1 with a message",
              r.returncode == 1 and "could not export" in r.stderr, r.stderr)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    print(f"1..{count}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
