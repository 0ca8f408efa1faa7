# SPDX-License-Identifier: GPL-3.0-or-later
"""What the Python tests share about a standalone `atelier-cli sandbox`:
starting it and reading what it prints, and its control endpoints, which
want the key it prints (ATELIER_SANDBOX_KEY, sent as Atelier-Sandbox-Key).

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "sandbox"))
    import sandbox_helper
    proc, env = sandbox_helper.start(cli, os.environ, "--job-duration", "1500")
    sandbox_helper.control(env, "POST", "/_sandbox/faults", {"match": …})
"""

import json
import subprocess
import urllib.request

KEY_HEADER = "Atelier-Sandbox-Key"
KEY_VAR = "ATELIER_SANDBOX_KEY"


def start(cli, env, *args):
    """Starts `atelier-cli sandbox ARGS`; returns (process, {VAR: value}) with
    the ATELIER_*_URL/TOKEN lines, ATELIER_SANDBOX_CDN_URL and the key."""
    proc = subprocess.Popen([cli, "sandbox", *args], env=env, stdout=subprocess.PIPE, text=True)
    printed = {}
    while KEY_VAR not in printed:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("ATELIER_") and "=" in line:
            k, v = line.strip().split("=", 1)
            printed[k] = v
    return proc, printed


def services(printed):
    """Only the ATELIER_<SERVICE>_URL/TOKEN variables a client needs."""
    return {k: v for k, v in printed.items()
            if k.endswith(("_URL", "_TOKEN")) and not k.startswith("ATELIER_SANDBOX_")}


def control(printed, method, path, body=None, key=True):
    """Calls a control endpoint (e.g. "/_sandbox/faults"); returns (status,
    decoded JSON). key=False leaves the key out, a string sends that one."""
    base = printed["ATELIER_IMAGE3D_URL"]
    headers = {"Content-Type": "application/json"}
    if key is True:
        headers[KEY_HEADER] = printed[KEY_VAR]
    elif key:
        headers[KEY_HEADER] = key
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req) as reply:
            return reply.status, json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def add_fault(printed, fault):
    status, answer = control(printed, "POST", "/_sandbox/faults", fault)
    if status != 200:
        raise RuntimeError(f"adding a fault answered {status}: {answer}")
