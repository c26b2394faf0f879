"""Two worker processes racing on one organization's receivables: eight simultaneous record-
payments of one invoice's whole due amount (exactly one wins; the invoice is never overpaid),
invoices created at once get distinct numbers, and payments racing credit memos (which lock
invoices in another order) never deadlock or answer 5xx. On SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import httpx
import pytest

from bill_sandbox.testing import LiveServer

pytestmark = pytest.mark.e2e

PARALLEL = 8


def _session(server: LiveServer) -> dict[str, str]:
    creds = httpx.post(server.origin + "/_sandbox/signup", json={}).json()
    login = httpx.post(
        server.base_url + "/v3/login",
        json={k: creds[k] for k in ("username", "password", "organizationId", "devKey")},
    )
    assert login.status_code == 200, login.text
    return {"devKey": creds["devKey"], "sessionId": login.json()["sessionId"]}


def _together(server: LiveServer, headers: dict[str, str], calls: list[tuple[str, str, Any]]) -> list[Any]:
    start = Barrier(len(calls))

    def run(call: tuple[str, str, Any]) -> httpx.Response:
        method, path, body = call
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=60) as own:
            start.wait()
            return own.request(method, path, json=body)

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _race(server: LiveServer) -> None:
    headers = _session(server)
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=60) as client:
        customer = client.post("/v3/customers", json={"name": "Race Pets", "email": "r@example.com"}).json()
        cid = customer["id"]

        def invoice(amount: float, day: str = "2026-01-01") -> dict[str, Any]:
            body = {"customer": {"id": cid}, "invoiceDate": day, "invoiceLineItems": [{"price": amount}]}
            r = client.post("/v3/invoices", json=body)
            assert r.status_code == 201, r.text
            out: dict[str, Any] = r.json()
            return out

        # 1. Eight payments of the whole due amount: one wins.
        inv = invoice(120.5)
        pay = {
            "customerId": cid,
            "amount": 120.5,
            "paymentDate": "2026-01-02",
            "paymentType": "CHECK",
            "invoices": [{"id": inv["id"], "amount": 120.5}],
        }
        responses = _together(server, headers, [("POST", "/v3/invoices/record-payment", pay)] * PARALLEL)
        assert sorted(r.status_code for r in responses) == [200] + [400] * (PARALLEL - 1), [
            r.text for r in responses
        ]
        got = client.get(f"/v3/invoices/{inv['id']}").json()
        assert (got["dueAmount"], got["status"], len(got["payments"])) == (0, "PAID_IN_FULL", 1)

        # 2. Invoices created at once: distinct numbers.
        body = {"customer": {"id": cid}, "invoiceLineItems": [{"price": 1}]}
        created = _together(server, headers, [("POST", "/v3/invoices", body)] * PARALLEL)
        assert all(r.status_code == 201 for r in created), [r.text for r in created]
        numbers = {r.json()["invoiceNumber"] for r in created}
        assert len(numbers) == PARALLEL

        # 3. Payments (invoices by id) racing credit memos (invoices oldest first).
        a, b = invoice(50, "2026-01-03"), invoice(50, "2026-01-02")
        pair = sorted([a["id"], b["id"]])
        payment = {**pay, "amount": 2, "invoices": [{"id": i, "amount": 1} for i in pair]}
        memo = {
            "customerId": cid,
            "referenceNumber": "RACE",
            "creditDate": "2026-01-01",
            "creditMemoLineItems": [{"price": 1}],
        }
        calls = [("POST", "/v3/invoices/record-payment", payment), ("POST", "/v3/credit-memos", memo)] * (
            PARALLEL // 2
        )
        mixed = _together(server, headers, calls)
        assert all(r.status_code < 500 for r in mixed), [r.text for r in mixed]
        balance = client.get(f"/v3/customers/{cid}").json()["balance"]["amount"]
        due = sum(i["dueAmount"] for i in client.get("/v3/invoices", params={"max": 100}).json()["results"])
        assert balance == pytest.approx(due)


def test_receivables_race_sqlite(live_server: Callable[..., LiveServer]) -> None:
    _race(live_server(args=("--workers", "2")))


def test_receivables_race_postgresql(live_server: Callable[..., LiveServer], request: Any) -> None:
    url = request.getfixturevalue("pg_database")
    _race(live_server(database_url=url, args=("--workers", "2")))
