#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`atelier-cli batch` against a standalone `atelier-cli sandbox`: one prompt
to openai, core3d and styledna, the jobs sharing the batch id and reaching
done; an invalid option of one service refusing the whole batch before the
sandbox sees any request; the input image only where a service takes one;
usage errors."""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sandbox"))
import sandbox_helper  # noqa: E402

CLI = sys.argv[1]
SERVICES = "openai,core3d,styledna"
STYLEDNA = ["-o", "styledna.anchorImageUrl=https://example.com/anchor.png",
            "-o", "styledna.description=ink and watercolour"]
failures = 0
count = 0


def check(name, cond, detail=""):
    global failures, count
    count += 1
    if cond:
        print(f"ok {count} - {name}")
    else:
        failures += 1
        print(f"not ok {count} - {name}")
        for line in str(detail).splitlines()[-20:]:
            print(f"# {line}")


def run(args, env, timeout=90):
    return subprocess.run([CLI] + args, env=env, capture_output=True, text=True,
                          timeout=timeout)


def requests(urls):
    """What the sandbox was asked since the last clear, control calls aside."""
    status, answer = sandbox_helper.control(urls, "GET", "/_sandbox/requests")
    if status != 200:
        raise RuntimeError(f"listing the requests answered {status}")
    return [r for r in answer if not r["path"].startswith("/_sandbox/")]


def clear_requests(urls):
    sandbox_helper.control(urls, "DELETE", "/_sandbox/requests")


def count_jobs(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM jobs").fetchone()[0]
    finally:
        con.close()


def refused(name, args, env, urls, db, service, rule):
    """The batch exits 1 naming the service and the rule; nothing was sent
    and no job was made."""
    before = count_jobs(db)
    clear_requests(urls)
    r = run(["batch", "-p", SERVICES, "--prompt", "a lighthouse at dusk", "--wait"] + args, env)
    check(f"{name}: exits 1", r.returncode == 1, r.stdout + r.stderr)
    check(f"{name}: the message names the service and the rule",
          service in r.stderr and rule in r.stderr, r.stderr)
    sent = requests(urls)
    check(f"{name}: the sandbox saw no request", not sent, sent)
    check(f"{name}: no job was made", count_jobs(db) == before, count_jobs(db))


def main():
    tmp = tempfile.mkdtemp(prefix="atelier-cli-batch-")
    env = dict(os.environ)
    env.update({
        "XDG_DATA_HOME": os.path.join(tmp, "data"),
        "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
        "ATELIER_NO_KEYRING": "1",
        "ATELIER_POLL_MS": "100",
        "ATELIER_BACKOFF_MS": "20",
    })
    for k in list(env):
        if k.startswith("ATELIER_") and (k.endswith("_URL") or k.endswith("_TOKEN")):
            del env[k]

    sandbox, urls = sandbox_helper.start(CLI, env, "--job-duration", "300")
    env.update(sandbox_helper.services(urls))
    db = os.path.join(tmp, "data", "atelier", "history.db")

    try:
        # Three services, one prompt.
        clear_requests(urls)
        r = run(["batch", "-p", SERVICES, "--prompt", "a lighthouse at dusk", "--wait", "--json"]
                + STYLEDNA, env)
        check("batch --wait --json exits 0", r.returncode == 0, r.stdout + r.stderr)
        out = json.loads(r.stdout) if r.returncode == 0 else {}
        jobs = out.get("jobs", [])
        batch_id = out.get("batch")
        check("the JSON has the batch id and three jobs", batch_id and len(jobs) == 3, r.stdout)
        check("the jobs are the services, in the order given",
              [j.get("provider") for j in jobs] == SERVICES.split(","), r.stdout)
        check("every job has the batch id", all(j.get("batch_id") == batch_id for j in jobs),
              r.stdout)
        check("every job is done with a file",
              all(j.get("status") == "done" and j.get("outputs")
                  and os.path.exists(j["outputs"][0]) for j in jobs), r.stdout)
        check("every job was asked the prompt",
              all("a lighthouse at dusk" == j.get("prompt") for j in jobs), r.stdout)
        check("a batch without an image has no notes", out.get("notes") == [], r.stdout)
        sent = {r["path"] for r in requests(urls) if r["method"] == "POST"}
        check("each service was sent its job",
              {"/v1/images/generations", "/v1/generations", "/v2/style-dna/generate"} <= sent,
              sent)

        con = sqlite3.connect(db)
        rows = con.execute("SELECT provider FROM jobs WHERE batch = ? ORDER BY created",
                           (batch_id,)).fetchall()
        con.close()
        check("the history lists the batch's jobs by its column",
              [p for (p,) in rows] == SERVICES.split(","), rows)
        r = run(["jobs", "--batch", batch_id or "", "--json"], env)
        listed = json.loads(r.stdout) if r.returncode == 0 else []
        check("jobs --batch lists the batch's jobs in their order",
              [j["id"] for j in listed] == [j["id"] for j in jobs], r.stdout + r.stderr)
        r = run(["jobs", "--batch", "no-such-batch"], env)
        check("jobs --batch with an unknown id exits 1", r.returncode == 1, r.stderr)

        # Plain text: the batch id, then each job.
        r = run(["batch", "-p", "openai,core3d", "--prompt", "a small boat"], env)
        lines = r.stdout.splitlines()
        check("batch without --json prints the batch id first",
              r.returncode == 0 and lines and lines[0].startswith("batch "), r.stdout + r.stderr)
        check("and a line per job",
              sum(1 for l in lines if "openai" in l or "core3d" in l) == 2, r.stdout)

        # One invalid service refuses the whole batch, before any request.
        refused("styledna without its anchor", [], env, urls, db, "styledna",
                "anchorImageUrl is required")
        refused("openai n out of range", STYLEDNA + ["-o", "openai.n=11"], env, urls, db,
                "openai", "n must be between 1 and 10")
        refused("an unknown core3d option", STYLEDNA + ["-o", "core3d.bogus=1"], env, urls, db,
                "core3d", "bogus")

        # The input image goes where a service takes one; the others say so.
        image = jobs[0]["outputs"][0] if jobs else ""
        r = run(["batch", "-p", "openai,core3d", "--prompt", "the same, at night",
                 "--image", image, "--wait", "--json"], env)
        out = json.loads(r.stdout) if r.returncode == 0 else {}
        by_service = {j["provider"]: j for j in out.get("jobs", [])}
        check("batch --image exits 0", r.returncode == 0, r.stdout + r.stderr)
        check("openai is sent the image",
              by_service.get("openai", {}).get("params", {}).get("image") == image, r.stdout)
        check("core3d is sent the prompt alone",
              "image" not in by_service.get("core3d", {}).get("params", {"image": 1}), r.stdout)
        check("the result says core3d took no image",
              any("Core3D" in n and "image" in n for n in out.get("notes", [])), r.stdout)
        check("and so does stderr", "Core3D" in r.stderr, r.stderr)

        # Usage errors: exit 2.
        for name, args in (
                ("no --provider", ["--prompt", "x"]),
                ("no --prompt", ["-p", "openai,core3d"]),
                ("an unknown provider", ["-p", "openai,nosuch", "--prompt", "x"]),
                ("an option without its service", ["-p", "openai", "--prompt", "x", "-o", "n=2"]),
                ("an option without its value", ["-p", "openai", "--prompt", "x", "-o", "openai.n"]),
                ("an option for a service not in --provider",
                 ["-p", "openai", "--prompt", "x", "-o", "core3d.count=2"]),
                ("an unknown flag", ["-p", "openai", "--prompt", "x", "--frobnicate"])):
            r = run(["batch"] + args, env)
            check(f"{name} is a usage error (2)", r.returncode == 2, r.stderr)

        r = run(["--help"], env)
        check("the command list has batch", "batch" in r.stdout, r.stdout)
    finally:
        sandbox.terminate()
        try:
            sandbox.wait(timeout=5)
        except subprocess.TimeoutExpired:
            sandbox.kill()

    print(f"1..{count}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
