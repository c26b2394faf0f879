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
from e2e.test_payment_concurrency import trusted_login

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


def test_live_scheduler_applies_a_step_as_wall_time_passes(live_server: Callable[..., LiveServer]) -> None:
    """Under ``serve --workers 2`` one process leads the scheduler: a payment step due two
    seconds from now (sandbox time) is applied with no request at all in between."""
    from datetime import datetime, timedelta

    from bill_sandbox import clock

    server = live_server(args=("--workers", "2"))
    creds = httpx.post(server.origin + "/_sandbox/signup", json={}, timeout=30).json()
    org_id, headers = creds["organizationId"], trusted_login(server, creds)
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as http:
        vendor = http.post(
            "/v3/vendors",
            json={
                "name": "Timely Supplies",
                "address": {
                    "line1": "1 Main St",
                    "city": "San Jose",
                    "zipOrPostalCode": "95002",
                    "country": "US",
                },
                "paymentInformation": {"payeeName": "Timely Supplies"},
            },
        ).json()
        bill = http.post(
            "/v3/bills",
            json={
                "vendorId": vendor["id"],
                "dueDate": "2027-12-31",
                "invoice": {"invoiceNumber": "T-1", "invoiceDate": "2026-11-01"},
                "billLineItems": [{"amount": 12.5}],
            },
        ).json()
        bank_id = http.get("/v3/funding-accounts/banks").json()["results"][0]["id"]
        payment = http.post(
            "/v3/payments",
            json={
                "billId": bill["id"],
                "amount": 12.5,
                "fundingAccount": {"type": "BANK_ACCOUNT", "id": bank_id},
                "processingOptions": {"requestPayFaster": False, "createBill": False},
            },
        )
        assert payment.status_code == 201, payment.text
        process_date = payment.json()["processDate"]
    now = clock.parse_timestamp(
        httpx.get(server.origin + "/_sandbox/clock", params={"organizationId": org_id}).json()["now"]
    )
    assert now is not None
    due = datetime.fromisoformat(process_date + "T00:00:00+00:00")
    seconds = (due - now - timedelta(seconds=2)).total_seconds()
    r = httpx.post(
        server.origin + "/_sandbox/clock/advance", json={"seconds": seconds, "organizationId": org_id}
    )
    assert r.status_code == 200, r.text
    creds_headers = headers.copy()
    deadline = time.monotonic() + 15
    status = ""
    while time.monotonic() < deadline and status != "FUNDING_STARTED":
        time.sleep(0.5)
        got = httpx.get(server.base_url + f"/v3/payments/{payment.json()['id']}", headers=creds_headers)
        if got.status_code == 401:  # the jump idled the session out: a read never applies steps
            creds_headers = _session(server, creds)
            continue
        assert got.status_code == 200, got.text
        status = got.json()["singleStatus"]
    assert status == "FUNDING_STARTED"
