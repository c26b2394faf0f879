"""A real local webhook receiver for tests: stdlib ``http.server`` in a thread on 127.0.0.1.

It records every request (headers, raw body), answers 200, or an error status for the next
``fail`` requests, or (``hang``) waits before answering; ``wait_for`` polls with a timeout."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def event_id(self) -> str:
        return str(self.json["metadata"]["eventId"])

    def signed_with(self, key: str) -> bool:
        expected = base64.b64encode(hmac.new(key.encode(), self.body, hashlib.sha256).digest()).decode()
        return hmac.compare_digest(expected, self.headers.get("x-bill-sha-signature", ""))


class Receiver:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.fail = 0  # answer fail_status to this many next requests
        self.fail_status = 500
        self.always_fail = False
        self.hang = 0.0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if receiver.hang:
                    time.sleep(receiver.hang)
                with receiver._lock:
                    status = 200
                    if receiver.always_fail or receiver.fail > 0:
                        receiver.fail = max(receiver.fail - 1, 0)
                        status = receiver.fail_status
                    receiver.requests.append(
                        Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body, status)
                    )
                try:
                    self.send_response(status)
                    self.send_header("content-type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"ok" if status == 200 else b"nope")
                except OSError:
                    pass  # the sender gave up (timeout, killed process)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def received(self, pred: Callable[[Received], bool] = lambda r: True) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if pred(r)]

    def wait_for(
        self, pred: Callable[[list[Received]], bool], timeout: float = 10.0, what: str = "deliveries"
    ) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.received()
            if pred(got):
                return got
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}: got {len(self.received())} requests")


# Retries after 0.02, 0.04, 0.08, 0.16 s instead of 2, 4, 8, 16 s: an in-process app gets this
# divisor for the duration of ``fast_retries``; a live test server is started with it.
FAST_RETRY_DIVISOR = 100.0


@contextmanager
def fast_retries(client: Any) -> Iterator[None]:
    """Fast webhook retries on ``client``'s app while the block runs (a live server already
    has them)."""
    app = getattr(client, "bill_app", None)
    if app is None:
        yield
        return
    settings = app.state.settings
    divisor = settings.webhook_retry_divisor
    settings.webhook_retry_divisor = FAST_RETRY_DIVISOR
    try:
        yield
    finally:
        settings.webhook_retry_divisor = divisor


def record_event(client: Any, org_id: str, type_: str, obj: dict[str, Any]) -> str:
    """An outbox event recorded through the control plane (delivered like any other); its id."""
    r = client.post("/_sandbox/events", json={"organizationId": org_id, "type": type_, "object": obj})
    assert r.status_code == 201, r.text
    event_id: str = r.json()["id"]
    return event_id
