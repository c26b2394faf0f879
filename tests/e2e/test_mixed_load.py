"""Readers and writers in parallel against ``serve --workers 2``: not one response >= 500 and
no dropped connection. Three clients create customers while four read customers, bank
accounts and payments, each on its own session, for ``BILL_SANDBOX_LOAD_SECONDS`` (20 s by
default), on SQLite and on PostgreSQL. Before the scheduler existed, reads that applied
time-driven changes (and refreshed the session's idle timer) inside their read transaction
made SQLite answer "database is locked" (500, BDC_1001) under exactly this load."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from bill_sandbox.testing import LiveServer

pytestmark = pytest.mark.e2e

SECONDS = float(os.environ.get("BILL_SANDBOX_LOAD_SECONDS", "20"))
WRITERS = 3
READERS = 4
READ_PATHS = ("/v3/customers", "/v3/funding-accounts/banks", "/v3/payments")


def _session(server: LiveServer, creds: dict[str, str]) -> dict[str, str]:
    login = httpx.post(
        server.base_url + "/v3/login",
        json={k: creds[k] for k in ("username", "password", "organizationId", "devKey")},
        timeout=30,
    )
    assert login.status_code == 200, login.text
    return {"devKey": creds["devKey"], "sessionId": login.json()["sessionId"]}


def _load(server: LiveServer) -> None:
    creds = httpx.post(server.origin + "/_sandbox/signup", json={}, timeout=30).json()
    stop = time.monotonic() + SECONDS
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    lock = threading.Lock()

    def client(role: str, n: int) -> None:
        headers = _session(server, creds)
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as http:
            i = 0
            while time.monotonic() < stop:
                i += 1
                try:
                    if role == "writer":
                        r = http.post(
                            "/v3/customers",
                            json={"name": f"Load {n}-{i}", "email": f"load{n}.{i}@example.com"},
                        )
                    else:
                        r = http.get(READ_PATHS[i % len(READ_PATHS)], params={"max": 20})
                except httpx.HTTPError as exc:  # a dropped keep-alive connection, a timeout
                    with lock:
                        failures.append(f"{role} {n}: {exc!r}")
                    continue
                with lock:
                    statuses[r.status_code] += 1
                    if r.status_code >= 500:
                        failures.append(f"{role} {n}: {r.status_code} {r.text[:200]}")

    jobs: list[Any] = [("writer", n) for n in range(WRITERS)] + [("reader", n) for n in range(READERS)]
    with ThreadPoolExecutor(len(jobs)) as pool:
        for future in [pool.submit(client, role, n) for role, n in jobs]:
            future.result()
    assert not failures, (failures[:10], statuses)
    assert set(statuses) <= {200, 201}, statuses
    assert statuses[201] > 0 and statuses[200] > 0, statuses


def test_readers_and_writers_sqlite(live_server: Callable[..., LiveServer]) -> None:
    _load(live_server(args=("--workers", "2")))


def test_readers_and_writers_postgresql(live_server: Callable[..., LiveServer], request: Any) -> None:
    url = request.getfixturevalue("pg_database")
    _load(live_server(database_url=url, args=("--workers", "2")))
