#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""atelier-cli against a hostile server (issue 10, "Done when").

Each case runs `atelier-cli generate --wait` (or `jobs --resume`) against one
hostile answer and checks that it ends in a readable job failure or a bounded
result: no crash, peak memory bounded (the CLI's own VmHWM, read from /proc
every 5 ms while it runs: the peaks last far longer than that),
the token nowhere in its output. Afterwards the token is nowhere in the data
folder or history.db, no base64 was kept, and `jobs --resume` still works.
The figures (peak RSS, time to give up) are printed as TAP comments.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_server import HostileServer  # noqa: E402

CLI = sys.argv[1]
TOKEN = "hostile-secret-9f8e7d6c5b4a3921"
# Far above what a bounded run needs (a normal generate: ~25 MB), far below
# what the unbounded code reached (4 GB for 500 MB of base64, 10 GB for
# 5,000 results).
RSS_LIMIT_KB = 160 * 1024
# AddressSanitizer keeps freed memory in quarantine (256 MB by default).
if "ASAN_OPTIONS" in os.environ:
    RSS_LIMIT_KB += 512 * 1024
failures = 0
count = 0


def check(name, cond, detail=""):
    global failures, count
    count += 1
    print(f"{'ok' if cond else 'not ok'} {count} - {name}")
    if not cond:
        failures += 1
        for line in str(detail).splitlines()[-20:]:
            print(f"# {line}")


def note(text):
    print(f"# {text}")


def vm_hwm_kb(pid):
    """The process's own peak RSS so far. (wait4's ru_maxrss would count the
    Python process the child was forked from, before its exec.)"""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Run:
    def __init__(self, args, env, timeout):
        self.started = time.monotonic()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            proc = subprocess.Popen([CLI] + args, env=env, stdout=out, stderr=err)
            self.timed_out = False
            self.peak_kb = 0
            deadline = self.started + timeout
            while True:
                # Read before reaping: a zombie has no memory to report.
                self.peak_kb = max(self.peak_kb, vm_hwm_kb(proc.pid))
                pid, status = os.waitpid(proc.pid, os.WNOHANG)
                if pid != 0:
                    break
                if time.monotonic() > deadline:
                    self.timed_out = True
                    proc.kill()
                    pid, status = os.waitpid(proc.pid, 0)
                    break
                time.sleep(0.005)
            proc.returncode = os.waitstatus_to_exitcode(status)
            self.seconds = time.monotonic() - self.started
            self.code = proc.returncode
            out.seek(0)
            err.seek(0)
            self.stdout = out.read().decode(errors="replace")
            self.stderr = err.read().decode(errors="replace")

    def detail(self):
        return f"exit {self.code}, {self.seconds:.1f} s\n{self.stdout}\n{self.stderr}"


def run(args, env, timeout=60):
    return Run(args, env, timeout)


def expect(name, r, code, fragment):
    """The run ended by itself, as @code, saying @fragment, within bounds."""
    check(f"{name}: ends (no crash, no endless wait)", not r.timed_out and r.code >= 0, r.detail())
    check(f"{name}: exit {code}", r.code == code, r.detail())
    if fragment is not None:
        check(f"{name}: says “{fragment}”", fragment in r.stderr + r.stdout, r.detail())
    check(f"{name}: nothing alarming on stderr",
          "CRITICAL" not in r.stderr and "assertion" not in r.stderr, r.stderr)
    check(f"{name}: no token in output", TOKEN not in r.stdout + r.stderr, r.detail())
    check(f"{name}: peak RSS bounded", r.peak_kb < RSS_LIMIT_KB, f"{r.peak_kb} KB")
    note(f"{name}: peak RSS {r.peak_kb / 1024:.1f} MB, {r.seconds:.2f} s")


def history_jobs(db):
    con = sqlite3.connect(db)
    try:
        return [json.loads(d) for (d,) in con.execute("SELECT data FROM jobs")]
    finally:
        con.close()


def wait_for_remote_id(db, provider, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        time.sleep(0.05)
        try:
            for j in history_jobs(db):
                if j["provider"] == provider and j.get("remote_id") and \
                        j["status"] not in ("done", "failed", "cancelled"):
                    return j
        except sqlite3.Error:
            pass
    return None


def main():
    tmp = tempfile.mkdtemp(prefix="atelier-hostile-")
    data = os.path.join(tmp, "data")
    db = os.path.join(data, "atelier", "history.db")

    with HostileServer(TOKEN) as server:
        sc = server.scenario
        env = {k: v for k, v in os.environ.items()
               if not (k.startswith("ATELIER_") and (k.endswith("_URL") or k.endswith("_TOKEN")))}
        env.update({
            "XDG_DATA_HOME": data,
            "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
            "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
            "ATELIER_NO_KEYRING": "1",
            "ATELIER_POLL_MS": "50",
            "ATELIER_BACKOFF_MS": "20",
            # The trickle gives up after 1 s instead of 30 (same code).
            "ATELIER_HTTP_MIN_RATE_WINDOW": "1",
            "G_MESSAGES_DEBUG": "all",
        })
        for service in ("openai", "image3d"):
            env[f"ATELIER_{service.upper()}_URL"] = server.base(service)
            env[f"ATELIER_{service.upper()}_TOKEN"] = TOKEN
        # Debug messages go to stdout: not where --json is read.
        quiet = {k: v for k, v in env.items() if k != "G_MESSAGES_DEBUG"}
        gen_openai = ["generate", "-p", "openai", "--prompt", "a red fox", "--wait"]
        gen_image3d = ["generate", "-p", "image3d", "--prompt", "a chair", "-o", "quality=fast",
                       "--wait"]

        sc.openai = "ok"
        r = run(gen_openai, env)
        expect("a well-behaved answer (baseline)", r, 0, None)
        baseline_kb = r.peak_kb

        # Nesting: json-glib recursed until the stack overflowed.
        sc.openai = "nested"
        expect("nested JSON in a submission answer", run(gen_openai, env), 1, "nested deeper")
        sc.image3d_submit, sc.image3d_status = "ok", "nested"
        before = len(sc.seen("/image3d/api/status/"))
        expect("nested JSON in a status answer", run(gen_image3d, env), 1, "nested deeper")
        polls = len(sc.seen("/image3d/api/status/")) - before
        check("…counted as failed polls, retried, then given up on", polls == 9, polls)
        note(f"nested status answer: {polls} requests (3 polls × 3 attempts) before the job failed")

        # Results: at most 16 per job, base64 never held whole.
        sc.openai = "urls-5000"
        expect("5,000 result URLs", run(gen_openai, env), 1, "at most 16")
        sc.openai = "b64-5000"
        expect("5,000 base64 results", run(gen_openai, env), 1, "more than 16 images")
        sc.openai = "b64-200mb"
        r = run(gen_openai + ["--json"], quiet, timeout=120)
        expect("a 200 MB b64_json", r, 0, None)
        job = json.loads(r.stdout) if r.code == 0 else {}
        outputs = job.get("outputs", [])
        check("the 200 MB b64_json went straight to one file",
              len(outputs) == 1 and os.path.getsize(outputs[0]) > 140_000_000, r.stdout)
        note(f"a 200 MB b64_json: peak RSS {r.peak_kb / 1024:.1f} MB against "
             f"{baseline_kb / 1024:.1f} MB for a 1×1 image")
        for path in outputs:
            os.unlink(path)

        # The token echoed back.
        sc.openai = "reason-token"
        expect("the token in the reason phrase", run(gen_openai, env), 1, "HTTP 400")
        sc.openai = "error-token"
        expect("the token in the JSON error", run(gen_openai, env), 1, "Incorrect API key")
        sc.image3d_submit, sc.image3d_status = "ok", "failed-token"
        expect("the token in a failed status", run(gen_image3d, env), 1, "not allowed")
        sc.openai = "token-url"
        expect("the token in a result URL", run(gen_openai, env), 1, "token into a result")

        # No endless wait.
        sc.openai = "trickle-download"
        r = run(gen_openai, env)
        expect("a trickling download", r, 1, "slower than")
        note(f"trickling download (1 byte / 0.3 s, window 1 s, 3 attempts): given up after "
             f"{r.seconds:.1f} s")
        sc.openai = "trickle-answer"
        r = run(gen_openai, env)
        expect("a trickling answer", r, 1, "slower than")
        note(f"trickling submission answer: given up after {r.seconds:.1f} s (a paid POST is "
             f"not resent)")

        # Ids and addresses.
        sc.image3d_submit = "dotdot"
        expect("a remote id of ..", run(gen_image3d, env), 1, "job id Atelier cannot use")
        sc.image3d_submit, sc.image3d_status = "slash", "gone"
        expect("a remote id with slashes", run(gen_image3d, env), 1, "HTTP 404")
        check("…polled as one escaped segment",
              any(p.startswith("/image3d/api/status/..%2F..%2Fopenai") for p in sc.seen("/image3d/")),
              sc.seen("/image3d/"))
        sc.openai = "file-url"
        expect("a file:// result URL", run(gen_openai, env), 1, "not an http or https link")
        sc.image3d_submit, sc.image3d_status = "ok", "file-url"
        expect("a file:// model URL", run(gen_image3d, env), 1, "model_url")
        sc.openai = "redirect-file"
        expect("a redirect to file://", run(gen_openai, env), 1, "only http and https")
        sc.image3d_submit, sc.image3d_status = "ok", "huge-number"
        expect("numbers out of any range (1e308, -1e400)", run(gen_image3d, env), 1, "enough of that")

        # A crash-looping status: killed while polling, the answer turns
        # hostile, and the next start must fail the job, not crash.
        sc.image3d_submit, sc.image3d_status = "ok", "processing"
        proc = subprocess.Popen([CLI] + gen_image3d, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        remote = wait_for_remote_id(db, "image3d")
        check("the remote id is saved while polling", remote is not None)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        sc.image3d_status = "nested"
        r = run(["jobs", "--resume", "--json", "-n", "0"], quiet)
        expect("jobs --resume with a nested status answer", r, 0, None)
        jobs = json.loads(r.stdout) if r.stdout.strip().startswith("[") else []
        resumed = [j for j in jobs if remote and j["id"] == remote["id"]]
        check("…the resumed job failed with a message",
              len(resumed) == 1 and resumed[0]["status"] == "failed" and
              "nested deeper" in resumed[0].get("error", ""), r.stdout + r.stderr)

        # A remote id of ".." written by an older version: polled escaped.
        con = sqlite3.connect(db)
        row = con.execute("SELECT data FROM jobs WHERE provider = 'image3d' LIMIT 1").fetchone()
        old = json.loads(row[0])
        old.update({"id": "0000-dotdot", "remote_id": "..", "status": "running", "outputs": [],
                    "pending_outputs": [], "error": None})
        now = int(time.time() * 1e6)
        old.update({"created": now, "updated": now})
        con.execute("INSERT INTO jobs (id, created, updated, status, provider, prompt, data) "
                    "VALUES (?, ?, ?, 'running', 'image3d', 'old', ?)",
                    ("0000-dotdot", now, now, json.dumps(old)))
        con.commit()
        con.close()
        before = len(sc.seen("/image3d/"))
        sc.image3d_status = "gone"
        r = run(["jobs", "--resume", "--json", "-n", "0"], quiet)
        expect("jobs --resume with a stored id of ..", r, 0, None)
        polled = sc.seen("/image3d/")[before:]
        jobs = json.loads(r.stdout) if r.code == 0 else []
        stored = [j for j in jobs if j["id"] == "0000-dotdot"]
        check("…the job fails saying so, and nothing above /api/status/ is asked",
              len(stored) == 1 and "cannot use" in stored[0].get("error", "") and
              all(p.startswith("/image3d/api/status/") for p in polled), (polled, stored))

        # Afterwards: a plain resume works and nothing is left running.
        sc.image3d_status = "gone"
        r = run(["jobs", "--resume", "--json", "-n", "0"], quiet)
        expect("jobs --resume afterwards", r, 0, None)
        jobs = json.loads(r.stdout) if r.code == 0 else []
        check("…every job finished",
              jobs and all(j["status"] in ("done", "failed", "cancelled") for j in jobs), r.stdout)

    # The token nowhere on disk; no base64 in the history.
    leaked, sizes = [], {}
    for root, _dirs, files in os.walk(tmp):
        for name in files:
            path = os.path.join(root, name)
            try:
                with open(path, "rb") as f:
                    raw = f.read()
            except OSError:
                continue
            sizes[path] = len(raw)
            if TOKEN.encode() in raw:
                leaked.append(path)
    check("no token in any file (history.db, its WAL, results)", not leaked, leaked)
    hist = sum(v for k, v in sizes.items() if "history.db" in k)
    check("history.db holds no results (under 1 MB)", hist < 1 << 20, f"{hist} bytes")
    note(f"history.db and WAL: {hist / 1024:.0f} KB")
    raw = b"".join(open(k, "rb").read() for k in sizes if "history.db" in k)
    check("no data: URI or base64 block in the history", b"data:" not in raw and b"AAAAAAAA" not in raw)

    print(f"1..{count}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
