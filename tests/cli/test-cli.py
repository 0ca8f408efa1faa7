#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""atelier-cli end to end: a standalone `atelier-cli sandbox`, then generate,
exit codes, injected faults, no token in output or history, and a SIGKILL in
the middle of a job that the next run resumes and finishes."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sandbox"))
import sandbox_helper  # noqa: E402

CLI = sys.argv[1]
TOKEN = "sandbox-token"
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


def start_sandbox(env):
    proc, printed = sandbox_helper.start(CLI, env, "--job-duration", "1500")
    return proc, printed


def run(args, env, timeout=60):
    return subprocess.run([CLI] + args, env=env, capture_output=True, text=True,
                          timeout=timeout)


def add_fault(urls, fault):
    sandbox_helper.add_fault(urls, fault)


def main():
    tmp = tempfile.mkdtemp(prefix="atelier-cli-test-")
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

    sandbox, urls = start_sandbox(env)
    check("sandbox prints its URLs", "ATELIER_OPENAI_URL" in urls, urls)
    check("sandbox prints its control key", len(urls.get("ATELIER_SANDBOX_KEY", "")) == 32, urls)
    env.update(sandbox_helper.services(urls))
    db = os.path.join(tmp, "data", "atelier", "history.db")

    try:
        r = run(["generate", "--provider", "openai", "--prompt", "a red fox", "--wait"], env)
        check("generate --wait exits 0", r.returncode == 0, r.stderr)
        paths = [l.strip() for l in r.stdout.splitlines() if l.startswith("    /")]
        check("generate prints an output path", len(paths) == 1 and os.path.exists(paths[0]), r.stdout)
        if paths:
            with open(paths[0], "rb") as f:
                check("the output is a PNG", f.read(8) == b"\x89PNG\r\n\x1a\n")
            check("outputs live in the data dir", paths[0].startswith(env["XDG_DATA_HOME"]), paths[0])

        r = run(["generate", "-p", "openai", "--prompt", "two foxes", "-o", "model=dall-e-2",
                 "-o", "n=2", "-o", "size=256x256", "--wait", "--json"], env)
        job = json.loads(r.stdout) if r.returncode == 0 else {}
        check("--json prints the job", job.get("status") == "done" and len(job.get("outputs", [])) == 2,
              r.stdout + r.stderr)

        r = run(["generate", "--prompt", "no provider"], env)
        check("missing --provider is a usage error (2)", r.returncode == 2, r.stderr)
        r = run(["frobnicate"], env)
        check("unknown command is a usage error (2)", r.returncode == 2)
        r = run(["generate", "-p", "openai", "--prompt", "x", "-o", "n=11", "--wait"], env)
        check("invalid option exits 1 naming the rule",
              r.returncode == 1 and "n must be between 1 and 10" in r.stderr, r.stderr)
        r = run(["generate", "-p", "openai", "--prompt", "x", "-o", "model=dall-e-3", "-o", "n=2"], env)
        check("invalid combination exits 1", r.returncode == 1 and "dall-e-3" in r.stderr, r.stderr)

        add_fault(urls, {"match": "POST /v1/images/generations", "kind": "status", "status": 500,
                         "times": 1})
        dbg = dict(env, G_MESSAGES_DEBUG="all")
        r = run(["generate", "-p", "openai", "--prompt", "server error", "--wait"], dbg)
        check("a 500 on submit fails with a readable message",
              r.returncode == 1 and "HTTP 500" in r.stderr, r.stderr)
        check("no token in output, even with G_MESSAGES_DEBUG=all",
              TOKEN not in r.stdout and TOKEN not in r.stderr)

        # SIGKILL mid-job: the remote id is in the history, the next run resumes.
        proc = subprocess.Popen([CLI, "generate", "-p", "image3d", "--prompt", "a small chair",
                                 "-o", "quality=fast", "--wait"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        remote = None
        deadline = time.time() + 20
        while time.time() < deadline and remote is None:
            time.sleep(0.05)
            try:
                con = sqlite3.connect(db)
                for (data,) in con.execute("SELECT data FROM jobs WHERE provider = 'image3d'"):
                    j = json.loads(data)
                    if j.get("remote_id") and j["status"] not in ("done", "failed"):
                        remote = j
                con.close()
            except sqlite3.Error:
                pass
        check("the remote id is saved right after submission", remote is not None)
        proc.send_signal(signal.SIGKILL)
        proc.wait()

        r = run(["jobs", "--resume", "--json", "-n", "0"], env)
        jobs = json.loads(r.stdout) if r.returncode == 0 else []
        resumed = [j for j in jobs if remote and j["id"] == remote["id"]]
        check("jobs --resume finishes the killed job",
              len(resumed) == 1 and resumed[0]["status"] == "done", r.stdout + r.stderr)
        if resumed and resumed[0]["outputs"]:
            with open(resumed[0]["outputs"][0], "rb") as f:
                check("the resumed job's output is a GLB", f.read(4) == b"glTF")
        check("the history kept every job (refused ones were never created)", len(jobs) == 4, len(jobs))

        with open(db, "rb") as f:
            raw = f.read()
        for suffix in ("-wal",):
            if os.path.exists(db + suffix):
                with open(db + suffix, "rb") as f:
                    raw += f.read()
        check("no token in the history", TOKEN.encode() not in raw)

        # Every file any run wrote is under the data dir, and no .part is left.
        outside, parts = [], []
        for root, _dirs, files in os.walk(tmp):
            for name in files:
                path = os.path.join(root, name)
                # dconf caches the desktop's proxy settings that libsoup reads: not ours.
                if os.sep + "dconf" + os.sep in path:
                    continue
                if not path.startswith(env["XDG_DATA_HOME"] + os.sep):
                    outside.append(path)
                if name.endswith(".part"):
                    parts.append(path)
        check("nothing is written outside the data dir", not outside, outside)
        check("no partial download is left behind", not parts, parts)
    finally:
        sandbox.send_signal(signal.SIGTERM)
        try:
            sandbox.wait(timeout=5)
        except subprocess.TimeoutExpired:
            sandbox.kill()

    print(f"1..{count}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
