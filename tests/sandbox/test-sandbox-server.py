#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`atelier-cli sandbox` as a server under hostile clients (issue 10): 300 MB
POSTs (with a length and chunked) and 2 MB of nesting on every endpoint leave
the process alive with its peak memory (VmHWM) bounded, and the control
endpoints refuse requests without the key it printed. TAP; the figures go to
the log as comments."""

import http.client
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sandbox_helper  # noqa: E402

CLI = sys.argv[1]
BIG = 300 << 20
# What a 300 MB POST may add to the sandbox's peak memory: one image
# endpoint's cap (64 MiB, buffered before the chunk that crosses it) and
# some slack; it cost 3 GB per 1.5 GB before the caps.
PEAK_GROWTH_LIMIT = 100 << 20
count = 0
failures = 0


def check(name, cond, detail=""):
    global count, failures
    count += 1
    print(f"{'ok' if cond else 'not ok'} {count} - {name}", flush=True)
    if not cond:
        failures += 1
        for line in str(detail).splitlines()[-20:]:
            print(f"# {line}")


def vm_hwm(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def zeros(total, piece=64 << 10):
    block = bytes(piece)
    sent = 0
    while sent < total:
        n = min(piece, total - sent)
        yield block if n == piece else block[:n]
        sent += n


def post(port, method, path, body, headers, chunked=False):
    """Returns (status, body), or (None, error) when the connection failed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers, encode_chunked=chunked)
        reply = conn.getresponse()
        return reply.status, reply.read()
    except (OSError, http.client.HTTPException) as error:
        return None, error
    finally:
        conn.close()


def main():
    env = dict(os.environ)
    for key in list(env):
        if key.startswith("ATELIER_") and key.endswith(("_URL", "_TOKEN")):
            del env[key]
    proc, printed = sandbox_helper.start(CLI, env)
    try:
        check("the sandbox prints its key", len(printed.get("ATELIER_SANDBOX_KEY", "")) == 32,
              printed)
        port = int(printed["ATELIER_IMAGE3D_URL"].rsplit(":", 1)[1])
        auth = {"Authorization": "Bearer " + printed["ATELIER_IMAGE3D_TOKEN"],
                "Content-Type": "application/json"}
        start = vm_hwm(proc.pid)
        print(f"# sandbox peak RSS at start: {start / 2**20:.1f} MiB")

        # The control endpoints: the key printed, nothing else.
        for method, path in (("GET", "/_sandbox/requests"), ("DELETE", "/_sandbox/faults"),
                             ("POST", "/_sandbox/config")):
            body = {} if method == "POST" else None
            without = sandbox_helper.control(printed, method, path, body, key=False)[0]
            wrong = sandbox_helper.control(printed, method, path, body, key="0" * 32)[0]
            token = sandbox_helper.control(printed, method, path, body,
                                           key=printed["ATELIER_IMAGE3D_TOKEN"])[0]
            right = sandbox_helper.control(printed, method, path, body)[0]
            check(f"{method} {path}: 401 without the key, 403 with a wrong one, 200 with it",
                  (without, wrong, token, right) == (401, 403, 403, 200),
                  (without, wrong, token, right))

        # 300 MB with Content-Length, to a small-cap and an image endpoint.
        for path in ("/v1/images/generations", "/v1/images/edits", "/_sandbox/config"):
            headers = dict(auth, **{"Content-Length": str(BIG)})
            status, answer = post(port, "POST", path, zeros(BIG), headers)
            expected = 401 if path.startswith("/_sandbox/") else 413
            check(f"300 MB to {path} (Content-Length) is answered {expected}",
                  status == expected, f"{status} {answer!r:.300}")
        after_length = vm_hwm(proc.pid)
        print(f"# peak RSS after 300 MB POSTs with a Content-Length: "
              f"{after_length / 2**20:.1f} MiB")

        # 300 MB chunked: refused at the chunk that crosses the cap.
        for path in ("/v1/images/generations", "/v1/images/edits", "/api/generate"):
            status, answer = post(port, "POST", path, zeros(BIG), auth, chunked=True)
            check(f"300 MB to {path} (chunked) is answered 413", status == 413,
                  f"{status} {answer!r:.300}")
        after_chunked = vm_hwm(proc.pid)
        print(f"# peak RSS after 300 MB chunked POSTs: {after_chunked / 2**20:.1f} MiB")
        check("300 MB POSTs raise the sandbox's peak RSS by less than 100 MiB",
              after_chunked - start < PEAK_GROWTH_LIMIT,
              f"{start} → {after_chunked} bytes")

        # 2 MB of nesting, and 1 MB less a little (under the small cap, so the
        # JSON reader sees it), on every endpoint.
        two_mb = b"[" * (2 << 20)
        under_cap = b"[" * ((1 << 20) - 16)
        key = {sandbox_helper.KEY_HEADER: printed["ATELIER_SANDBOX_KEY"]}
        bad = []
        for method, path in (("POST", "/v1/images/generations"), ("POST", "/v1/images/edits"),
                             ("POST", "/v1/generations"), ("POST", "/v1/generations/x/cancel"),
                             ("POST", "/api/generate"), ("POST", "/api/create-checkout-session"),
                             ("POST", "/v2/style-dna/generate-anchor"),
                             ("POST", "/v2/style-dna/generate"), ("POST", "/_sandbox/faults"),
                             ("POST", "/_sandbox/config"), ("GET", "/api/balance"),
                             ("GET", "/v1/generation-styles"), ("GET", "/_sandbox/requests")):
            for body in (two_mb, under_cap):
                status, answer = post(port, method, path, body, dict(auth, **key))
                if status is None or status >= 500 or (method == "POST" and status < 400):
                    bad.append((method, path, len(body), status, answer))
        check("2 MB of nesting on every endpoint: refused, no 5xx, no crash", not bad, bad)
        status, answer = post(port, "GET", "/api/balance", None, auth)
        check("the sandbox still answers afterwards", status == 200 and proc.poll() is None,
              f"{status} {answer!r:.200}")
        end = vm_hwm(proc.pid)
        print(f"# sandbox peak RSS at the end: {end / 2**20:.1f} MiB "
              f"(+{(end - start) / 2**20:.1f} MiB)")
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    print(f"1..{count}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
