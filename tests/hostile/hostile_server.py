# SPDX-License-Identifier: GPL-3.0-or-later
"""A server that answers the way a hostile or broken service would (issue 10).

It speaks just enough of the OpenAI-compatible and image3d dialects for
atelier-cli to submit, poll and download, and answers each request as the
current scenario says: JSON nested 200,000 levels deep, thousands of results,
hundreds of megabytes of base64, the token echoed back in a reason phrase, an
error message or a failed status, downloads that trickle, ids of "..",
file:// results. Big answers are streamed, so the server itself stays small.
"""

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A 1×1 PNG: what a well-behaved service would send.
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
# The first 33 bytes of a PNG (signature and IHDR), a multiple of 3: base64
# of it, then of zeros, is a valid stream of any length.
PNG_HEAD_B64 = base64.b64encode(PNG_1X1[:33]).decode()


class Scenario:
    """What each endpoint answers next; the test sets it between runs."""

    def __init__(self, token):
        self.token = token
        self.openai = "ok"
        self.image3d_submit = "ok"
        self.image3d_status = "processing"
        self.polls = 0
        self.paths = []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def log(self, method, path):
        with self.lock:
            self.paths.append((method, path))

    def seen(self, prefix):
        with self.lock:
            return [p for (_m, p) in self.paths if p.startswith(prefix)]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hostile/1"

    def log_message(self, *args):
        pass

    @property
    def sc(self):
        return self.server.scenario

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    # -- answering --------------------------------------------------------

    def send(self, status, body, ctype="application/json", reason=None, headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status, reason)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, obj, status=200):
        self.send(status, json.dumps(obj))

    def stream(self, parts, total, ctype="application/json"):
        """Sends the byte strings @parts yields, announced as @total bytes."""
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(total))
        self.end_headers()
        try:
            for part in parts:
                self.wfile.write(part)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def trickle(self, head, total, ctype, every=0.3):
        """@head at once, then a byte every @every seconds until the client leaves."""
        def parts():
            yield head
            sent = len(head)
            while sent < total and not self.sc.stop.is_set():
                time.sleep(every)
                yield b" " if ctype == "application/json" else b"\0"
                self.wfile.flush()
                sent += 1
        self.stream(parts(), total, ctype)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    # -- dialects -----------------------------------------------------------

    def do_GET(self):
        self.sc.log("GET", self.path)
        if self.path.startswith("/image3d/api/status/"):
            return self.image3d_status()
        if self.path == "/files/ok.png":
            return self.send(200, PNG_1X1, "image/png")
        if self.path == "/files/trickle.png":
            return self.trickle(PNG_1X1[:33], 100_000, "image/png")
        if self.path == "/files/redirect.png":
            return self.send(302, b"", "text/plain", headers=[("Location", "file:///etc/passwd")])
        return self.send(404, json.dumps({"error": {"message": "no such thing"}}))

    def do_POST(self):
        self.sc.log("POST", self.path)
        self.read_body()
        if self.path == "/openai/v1/images/generations":
            return self.openai()
        if self.path == "/image3d/api/generate":
            return self.image3d_submit()
        return self.send(404, json.dumps({"error": {"message": "no such thing"}}))

    def nested(self, depth=200_000):
        self.send(200, "[" * depth)

    def openai(self):
        mode = self.sc.openai
        token = self.sc.token
        if mode == "ok":
            return self.send_json({"created": 1, "data": [{"b64_json": base64.b64encode(PNG_1X1).decode()}]})
        if mode == "nested":
            return self.nested()
        if mode == "urls-5000":
            return self.send_json({"created": 1, "data": [{"url": self.url(f"/files/ok.png?n={i}")}
                                                         for i in range(5000)]})
        if mode == "b64-5000":
            one = base64.b64encode(PNG_1X1).decode()
            return self.send_json({"created": 1, "data": [{"b64_json": one} for _ in range(5000)]})
        if mode == "b64-200mb":
            return self.big_b64(200 * 1000 * 1000)
        if mode == "reason-token":
            # The echoed Authorization header, as the reason phrase.
            return self.send(400, b"<html>no</html>", "text/html",
                             reason=f"Bad Request (Authorization: Bearer {token})")
        if mode == "error-token":
            return self.send_json({"error": {"message": f"Incorrect API key provided: {token}.",
                                              "type": "invalid_request_error"}}, status=401)
        if mode == "trickle-answer":
            return self.trickle(b'{"created": 1, "data": [', 100_000, "application/json")
        if mode == "trickle-download":
            return self.send_json({"created": 1, "data": [{"url": self.url("/files/trickle.png")}]})
        if mode == "file-url":
            return self.send_json({"created": 1, "data": [{"url": "file:///etc/passwd"}]})
        if mode == "redirect-file":
            return self.send_json({"created": 1, "data": [{"url": self.url("/files/redirect.png")}]})
        if mode == "token-url":
            return self.send_json({"created": 1, "data": [{"url": self.url(f"/files/ok.png?t={token}")}]})
        return self.send(500, "{}")

    def big_b64(self, size):
        head = b'{"created": 1, "data": [{"b64_json": "' + PNG_HEAD_B64.encode()
        tail = b'"}]}'
        block = b"AAAA" * 16384
        n_blocks = size // len(block)

        def parts():
            yield head
            for _ in range(n_blocks):
                if self.sc.stop.is_set():
                    return
                yield block
            yield tail
        self.stream(parts(), len(head) + n_blocks * len(block) + len(tail))

    def image3d_submit(self):
        mode = self.sc.image3d_submit
        if mode == "nested":
            return self.nested()
        if mode == "dotdot":
            return self.send_json({"task_id": "..", "status": "queued"})
        if mode == "slash":
            return self.send_json({"task_id": "../../openai/v1/images/generations", "status": "queued"})
        return self.send_json({"task_id": f"task-{len(self.sc.paths)}", "status": "queued"})

    def image3d_status(self):
        mode = self.sc.image3d_status
        token = self.sc.token
        if mode == "nested":
            return self.nested()
        if mode == "failed-token":
            return self.send_json({"status": "failed",
                                   "error": f"token {token} is not allowed to use this model"})
        if mode == "huge-number":
            # Numbers no conversion may take as they are; then an end.
            self.sc.polls += 1
            if self.sc.polls > 3:
                return self.send_json({"status": "failed", "error": "enough of that"})
            return self.send(200, '{"status": "processing", "progress": 1e308, "credits": -1e400}')
        if mode == "file-url":
            return self.send_json({"status": "success", "model_url": "file:///etc/passwd"})
        if mode == "gone":
            return self.send_json({"error": "not found"}, status=404)
        return self.send_json({"status": "processing", "progress": 10})


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client that gives up mid-answer is what the tests provoke.
        pass

    def __init__(self, token):
        super().__init__(("127.0.0.1", 0), Handler)
        self.scenario = Scenario(token)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.scenario.stop.set()
        self.shutdown()
        self.server_close()

    def base(self, service):
        return {
            "openai": f"http://127.0.0.1:{self.server_port}/openai/v1",
            "image3d": f"http://127.0.0.1:{self.server_port}/image3d",
        }[service]
