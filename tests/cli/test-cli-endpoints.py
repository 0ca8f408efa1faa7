#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""atelier-cli endpoints and models against two standalone sandboxes: a
token read from standard input is stored for its endpoint only (never in
argv, the endpoints file, the output or the history), `models` lists the
server's image ids, each server sees only its own endpoint's token, jobs
remember their endpoint, and the environment variables still set up the
default endpoint."""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sandbox"))
import sandbox_helper  # noqa: E402

CLI = sys.argv[1]
TOKEN_ONE = "sandbox-token"
TOKEN_TWO = "token-two-for-the-second-server-only"
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


def run(args, env, stdin=None, timeout=60):
    return subprocess.run([CLI] + args, env=env, capture_output=True, text=True,
                          input=stdin if stdin is not None else "", timeout=timeout)


def requests(urls):
    status, answer = sandbox_helper.control(urls, "GET", "/_sandbox/requests")
    return answer if status == 200 else []


def clear_requests(urls):
    sandbox_helper.control(urls, "DELETE", "/_sandbox/requests")


def main():
    tmp = tempfile.mkdtemp(prefix="atelier-cli-endpoints-")
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("ATELIER_") and (k.endswith("_URL") or k.endswith("_TOKEN")):
            del env[k]
    env.update({
        "XDG_DATA_HOME": os.path.join(tmp, "data"),
        "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
        "ATELIER_NO_KEYRING": "1",
        # The keyring's stand-in, kept in a file so one run's token reaches the next.
        "ATELIER_KEYRING_STAND_IN_FILE": os.path.join(tmp, "keyring"),
        "ATELIER_POLL_MS": "100",
        "ATELIER_BACKOFF_MS": "20",
    })
    ini = os.path.join(tmp, "config", "atelier", "endpoints.ini")
    db = os.path.join(tmp, "data", "atelier", "history.db")

    one, urls_one = sandbox_helper.start(CLI, env, "--job-duration", "400")
    two, urls_two = sandbox_helper.start(CLI, env, "--job-duration", "400")
    url_one, url_two = urls_one["ATELIER_OPENAI_URL"], urls_two["ATELIER_OPENAI_URL"]
    try:
        r = run(["endpoints", "add", "One", "--base-url", url_one, TOKEN_ONE], env)
        check("a token as an argument is refused (usage error)", r.returncode == 2, r.stderr)
        check("...and nothing was stored", not os.path.exists(ini))

        r = run(["endpoints", "add", "One", "--base-url", url_one], env, TOKEN_ONE + "\n")
        check("endpoints add reads the token from stdin", r.returncode == 0, r.stderr)
        r = run(["endpoints", "add", "Two", "--base-url", url_two], env, TOKEN_TWO + "\n")
        check("a second endpoint", r.returncode == 0, r.stderr)
        r = run(["endpoints", "add", "bad name", "--base-url", url_two], env, "x\n")
        check("an invalid name is refused", r.returncode == 1 and "name" in r.stderr, r.stderr)
        r = run(["endpoints", "add", "Three", "--base-url", "http://user:pw@example.com/v1"], env, "x\n")
        check("an address with user info is refused", r.returncode == 1, r.stderr)

        with open(ini) as f:
            text = f.read()
        check("the endpoints file has the addresses", url_one in text and url_two in text, text)
        check("the endpoints file has no token", TOKEN_ONE not in text and TOKEN_TWO not in text, text)
        with open(env["ATELIER_KEYRING_STAND_IN_FILE"]) as f:
            keys = f.read()
        check("each token is stored under its endpoint",
              f"openai:One={TOKEN_ONE}" in keys and f"openai:Two={TOKEN_TWO}" in keys, keys)

        r = run(["endpoints", "list", "--json"], env)
        listed = json.loads(r.stdout) if r.returncode == 0 else []
        check("endpoints list --json", [e["name"] for e in listed] == ["One", "Two"] and
              listed[0]["provider"] == "openai:One" and listed[1]["base_url"] == url_two and
              all(e["has_token"] for e in listed), r.stdout + r.stderr)
        r2 = run(["endpoints", "list"], env)
        check("endpoints list never prints a token",
              all(t not in r.stdout + r2.stdout for t in (TOKEN_ONE, TOKEN_TWO)) and "One" in r2.stdout,
              r2.stdout)

        clear_requests(urls_one)
        clear_requests(urls_two)
        r = run(["models", "--endpoint", "One", "--json"], env)
        ids = json.loads(r.stdout) if r.returncode == 0 else []
        check("models lists the server's image ids", "gpt-image-1" in ids and "dall-e-3" in ids and
              "gpt-image-2-2026-04-21" in ids, r.stdout + r.stderr)
        check("models leaves the chat model out", "gpt-4o-mini" not in ids, ids)
        r = run(["models", "--endpoint", "One"], env)
        check("models prints one id a line", r.returncode == 0 and r.stdout.split() == ids, r.stdout)

        r = run(["models", "--endpoint", "Two"], env)
        check("the second server refuses its token (exit 1)", r.returncode == 1 and "401" in r.stderr,
              r.stderr)
        check("no token in the message", TOKEN_TWO not in r.stderr + r.stdout, r.stderr)

        r = run(["generate", "--endpoint", "One", "--prompt", "a red fox", "--wait", "--json"], env)
        job = json.loads(r.stdout) if r.returncode == 0 else {}
        check("generate --endpoint runs there", job.get("status") == "done", r.stdout + r.stderr)
        check("the job remembers its endpoint", job.get("provider") == "openai:One", job)

        seen_one = {q.get("authorization") for q in requests(urls_one) if not q.get("cdn")}
        seen_two = {q.get("authorization") for q in requests(urls_two) if not q.get("cdn")}
        check("the first server saw only its own token", seen_one == {"Bearer " + TOKEN_ONE}, seen_one)
        check("the second server saw only its own token", seen_two == {"Bearer " + TOKEN_TWO}, seen_two)

        con = sqlite3.connect(db)
        dump = "\n".join(con.iterdump())
        con.close()
        check("no token in the history", TOKEN_ONE not in dump and TOKEN_TWO not in dump)

        sandbox_helper.add_fault(urls_one, {"match": "GET /v1/models", "kind": "status",
                                            "status": 403, "times": 5})
        r = run(["models", "--endpoint", "One"], env)
        check("a refused model list exits 1 with the status", r.returncode == 1 and "403" in r.stderr,
              r.stderr)
        sandbox_helper.control(urls_one, "DELETE", "/_sandbox/faults")

        r = run(["models", "--endpoint", "Nope"], env)
        check("an unknown endpoint is a usage error", r.returncode == 2 and "Nope" in r.stderr, r.stderr)
        r = run(["generate", "-p", "core3d", "--endpoint", "One", "--prompt", "x"], env)
        check("--endpoint is for openai only", r.returncode == 2, r.stderr)

        # The environment variables keep setting up the default endpoint.
        default_env = dict(env, ATELIER_OPENAI_URL=url_two, ATELIER_OPENAI_TOKEN=TOKEN_ONE)
        clear_requests(urls_two)
        r = run(["models", "--json"], default_env)
        check("models on the default endpoint from the environment",
              r.returncode == 0 and "gpt-image-1" in json.loads(r.stdout), r.stdout + r.stderr)
        seen = {q.get("authorization") for q in requests(urls_two) if not q.get("cdn")}
        check("...with the environment's token", seen == {"Bearer " + TOKEN_ONE}, seen)

        r = run(["endpoints", "add", "Two", "--base-url", url_two + "/"], env, "")
        check("changing an address without a token", r.returncode == 0, r.stderr)
        with open(env["ATELIER_KEYRING_STAND_IN_FILE"]) as f:
            keys = f.read()
        check("...keeps the endpoint's token", f"openai:Two={TOKEN_TWO}" in keys, keys)

        r = run(["endpoints", "remove", "Two"], env)
        check("endpoints remove", r.returncode == 0, r.stderr)
        r = run(["endpoints", "list", "--json"], env)
        check("...leaves the other", [e["name"] for e in json.loads(r.stdout)] == ["One"], r.stdout)
        with open(env["ATELIER_KEYRING_STAND_IN_FILE"]) as f:
            keys = f.read()
        check("...and takes its token away", TOKEN_TWO not in keys and TOKEN_ONE in keys, keys)
        r = run(["endpoints", "remove", "Two"], env)
        check("removing it again fails", r.returncode == 1, r.stderr)
    finally:
        for proc in (one, two):
            proc.terminate()
            proc.wait(timeout=10)

    print(f"1..{count}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
