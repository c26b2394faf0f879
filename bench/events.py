"""Webhook delivery benchmark (``make bench`` runs it; or ``.venv/bin/python bench/events.py``).

A live ``bill-sandbox serve`` (one worker, SQLite) and a local receiver (stdlib
``ThreadingHTTPServer`` on loopback that answers 200 and notes when each event arrived). One
subscription to ``vendor.created`` points at the receiver; 4 keep-alive clients create vendors
as fast as they can. Reported:

- **events delivered per second**: deliveries received / (last arrival - first request sent);
- **commit -> delivery delay**, p50 and p99: arrival time at the receiver minus the time the
  client received the 201 of the create (the transaction had committed before that answer, so
  this slightly over-states the delay, never under-states it). Measured twice: under the
  saturating load above (the delay is then mostly the backlog), and at a steady 50 creates/s
  from one client (what a test suite or an integration sees).

Timing is never pass/fail: this prints numbers.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bill_sandbox.testing import LiveServer

SERVER_ENV = {"BILL_SANDBOX_ARGON2_TIME_COST": "1", "BILL_SANDBOX_ARGON2_MEMORY_KIB": "1024"}
CLIENTS = 4


class Receiver:
    """Answers 200 to every POST and records (vendor id -> arrival time)."""

    def __init__(self) -> None:
        self.arrivals: dict[str, float] = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                arrived = time.perf_counter()
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()
                vendor_id = (json.loads(body).get("vendor") or {}).get("id")
                if vendor_id:
                    with receiver.lock:
                        receiver.arrivals.setdefault(vendor_id, arrived)

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def call(
    conn: http.client.HTTPConnection, method: str, path: str, body: Any, headers: dict[str, str]
) -> tuple[int, Any]:
    conn.request(method, path, body=json.dumps(body), headers={"Content-Type": "application/json", **headers})
    r = conn.getresponse()
    data = r.read()
    return r.status, json.loads(data) if data else None


def bench_events(say: Any = print, quick: bool = False) -> dict[str, Any]:
    total = 300 if quick else 2000
    receiver = Receiver()
    with tempfile.TemporaryDirectory(prefix="bill-bench-events-") as tmp:
        server = LiveServer(data_dir=Path(tmp), env=SERVER_ENV, startup_timeout=60).start()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            _, creds = call(conn, "POST", "/_sandbox/signup", {}, {})
            login = {k: creds[k] for k in ("username", "password", "organizationId", "devKey")}
            _, session = call(conn, "POST", "/connect/v3/login", login, {})
            headers = {"devKey": creds["devKey"], "sessionId": session["sessionId"]}
            status, sub = call(
                conn,
                "POST",
                "/connect-events/v3/subscriptions",
                {
                    "name": "bench",
                    "status": {"enabled": True},
                    "events": [{"type": "vendor.created", "version": "1"}],
                    "notificationUrl": f"http://127.0.0.1:{receiver.port}/hook",
                },
                {**headers, "X-Idempotent-Key": str(uuid.uuid4())},
            )
            assert status in (200, 201), sub
            sent: dict[str, float] = {}
            lock = threading.Lock()
            per_client = total // CLIENTS
            t0 = time.perf_counter()

            def client(n: int) -> None:
                own = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                for i in range(per_client):
                    status, vendor = call(own, "POST", "/connect/v3/vendors", {"name": f"V{n}-{i}"}, headers)
                    done = time.perf_counter()
                    if status == 201 or status == 200:
                        with lock:
                            sent[vendor["id"]] = done

            threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            created_s = time.perf_counter() - t0
            deadline = time.perf_counter() + 60
            while len(receiver.arrivals) < len(sent) and time.perf_counter() < deadline:
                time.sleep(0.05)
            got = {k: v for k, v in receiver.arrivals.items() if k in sent}
            paced: dict[str, float] = {}
            own = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            for i in range(total // 4):
                began = time.perf_counter()
                status, vendor = call(own, "POST", "/connect/v3/vendors", {"name": f"P-{i}"}, headers)
                if status in (200, 201):
                    paced[vendor["id"]] = time.perf_counter()
                time.sleep(max(0.0, 0.02 - (time.perf_counter() - began)))
            deadline = time.perf_counter() + 30
            while not set(paced) <= set(receiver.arrivals) and time.perf_counter() < deadline:
                time.sleep(0.05)
            steady = sorted(
                (receiver.arrivals[k] - v) * 1000 for k, v in paced.items() if k in receiver.arrivals
            )
            delays = sorted((got[k] - sent[k]) * 1000 for k in got)
            last = max(got.values()) if got else t0
            result = {
                "events": len(sent),
                "delivered": len(got),
                "created_per_s": round(len(sent) / created_s, 1),
                "delivered_per_s": round(len(got) / (last - t0), 1) if got else 0.0,
                "delay_ms_p50": round(statistics.median(delays), 1) if delays else None,
                "delay_ms_p99": round(delays[int(len(delays) * 0.99) - 1], 1) if delays else None,
                "steady_delay_ms_p50": round(statistics.median(steady), 1) if steady else None,
                "steady_delay_ms_p99": round(steady[int(len(steady) * 0.99) - 1], 1) if steady else None,
            }
            say(
                f"webhooks: {result['delivered']}/{result['events']} events delivered "
                f"(created at {result['created_per_s']}/s), "
                f"{result['delivered_per_s']} events/s; commit->delivery p50 {result['delay_ms_p50']} ms, "
                f"p99 {result['delay_ms_p99']} ms ({CLIENTS} clients creating vendors, one worker, SQLite); "
                f"at 50 creates/s: p50 {result['steady_delay_ms_p50']} ms, "
                f"p99 {result['steady_delay_ms_p99']} ms"
            )
            return result
        finally:
            server.stop()
            receiver.close()


if __name__ == "__main__":
    print(json.dumps(bench_events(quick="--quick" in sys.argv), indent=2))
