"""Stand-ins for the services `luoshi notify` talks to, on 127.0.0.1 only.

`HookServer`: an HTTP server in a thread, at 127.0.0.1 on a free port. It records every POST
(path, query, JSON body) and answers as the test scripts it: `answers[path]` is a list of
(status, body, delay seconds) taken one per request (the last one repeats); by default 200
with `{"errcode": 0, "errmsg": "ok", "code": 0}`, what DingTalk, WeCom and Feishu answer on
success. It checks DingTalk's and Feishu's signatures with the secrets it is given and
answers a bad one as the services do (errcode 310000 / code 19021).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

OK = b'{"errcode": 0, "errmsg": "ok", "code": 0, "msg": "success"}'


@dataclass
class Received:
    path: str
    query: dict
    body: dict
    signed: bool | None = None  # a signature was checked: True when it matched


@dataclass
class HookServer:
    secrets: dict = field(default_factory=dict)  # path prefix → (kind, secret)
    answers: dict = field(default_factory=dict)  # path → [(status, body, delay)]
    received: list = field(default_factory=list)

    def start(self) -> "HookServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                parts = urlsplit(self.path)
                got = Received(parts.path, parse_qs(parts.query), json.loads(raw.decode("utf-8")))
                status, body, delay = server._answer(parts.path)
                signed = server._check(got)
                got.signed = signed
                if signed is False:
                    status, body = 200, (b'{"errcode": 310000, "errmsg": "sign not match"}'
                                         if server.secrets[parts.path][0] == "dingtalk"
                                         else b'{"code": 19021, "msg": "sign match fail"}')
                if delay:
                    time.sleep(delay)
                with server.lock:
                    server.received.append(got)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args):
                pass

        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _answer(self, path: str):
        with self.lock:
            queue = self.answers.get(path)
            if not queue:
                return 200, OK, 0
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def _check(self, got: Received) -> bool | None:
        if got.path not in self.secrets:
            return None
        kind, secret = self.secrets[got.path]
        if kind == "dingtalk":  # timestamp (ms) and sign in the query
            stamp, sign = got.query["timestamp"][0], got.query["sign"][0]
            want = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
            fresh = abs(int(stamp) / 1000 - time.time()) < 3600
        else:  # feishu: timestamp (s) and sign in the body; the key is "timestamp\nsecret"
            stamp, sign = got.body["timestamp"], got.body["sign"]
            want = hmac.new(f"{stamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
            fresh = abs(int(stamp) - time.time()) < 3600
        return fresh and base64.b64encode(want).decode() == sign

    def posts(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path == path]
