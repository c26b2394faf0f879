"""Two worker processes, eight simultaneous payments of one bill, each for its whole due
amount: exactly one is scheduled, the others are refused (BDC_1159), and the bill is never
overpaid. Once on SQLite (write transactions serialize: BEGIN IMMEDIATE) and once on
PostgreSQL (the bill row is locked: SELECT ... FOR UPDATE)."""

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
ROUNDS = 5  # bills raced, one after the other
AMOUNT = 250.75


def _trusted_session(server: LiveServer) -> tuple[str, dict[str, str]]:
    """A new organization on the server and an MFA-trusted session of its administrator."""
    creds = httpx.post(server.origin + "/_sandbox/signup", json={}).json()
    return creds["organizationId"], trusted_login(server, creds)


def trusted_login(server: LiveServer, creds: dict[str, str]) -> dict[str, str]:
    """Log in as ``creds`` and trust the session through the MFA challenge."""
    login = httpx.post(
        server.base_url + "/v3/login",
        json={k: creds[k] for k in ("username", "password", "organizationId", "devKey")},
    )
    assert login.status_code == 200, login.text
    headers = {"devKey": creds["devKey"], "sessionId": login.json()["sessionId"]}
    challenge = httpx.post(server.base_url + "/v3/mfa/challenge", headers=headers, json={"useBackup": False})
    code = httpx.get(server.origin + "/_sandbox/mfa/last-code", params={"userId": creds["userId"]}).json()[
        "code"
    ]
    valid = httpx.post(
        server.base_url + "/v3/mfa/challenge/validate",
        headers=headers,
        json={"challengeId": challenge.json()["challengeId"], "token": code, "device": "e2e"},
    )
    assert valid.status_code == 200, valid.text
    return headers


def _race(server: LiveServer) -> None:
    _, headers = _trusted_session(server)
    for _ in range(ROUNDS):
        _one_bill(server, headers)


def _one_bill(server: LiveServer, headers: dict[str, str]) -> None:
    base = server.base_url
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        vendor = client.post(
            "/v3/vendors",
            json={
                "name": "Race Supplies",
                "address": {
                    "line1": "1 Main St",
                    "city": "San Jose",
                    "zipOrPostalCode": "95002",
                    "country": "US",
                },
                "paymentInformation": {"payeeName": "Race Supplies"},
            },
        ).json()
        bill = client.post(
            "/v3/bills",
            json={
                "vendorId": vendor["id"],
                "dueDate": "2026-12-31",
                "invoice": {"invoiceNumber": "RACE-1", "invoiceDate": "2026-11-01"},
                "billLineItems": [{"amount": AMOUNT}],
            },
        ).json()
        bank_id = client.get("/v3/funding-accounts/banks").json()["results"][0]["id"]
    body = {
        "billId": bill["id"],
        "amount": AMOUNT,
        "fundingAccount": {"type": "BANK_ACCOUNT", "id": bank_id},
        "processingOptions": {"requestPayFaster": False, "createBill": False},
    }
    start = Barrier(PARALLEL)

    def attempt(_: int) -> httpx.Response:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as own:
            start.wait()  # all threads fire together
            return own.post("/v3/payments", json=body)

    with ThreadPoolExecutor(PARALLEL) as pool:
        responses = list(pool.map(attempt, range(PARALLEL)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [400] * (PARALLEL - 1), [r.text for r in responses]
    refused = [r.json() for r in responses if r.status_code == 400]
    assert all(body[0]["code"] == "BDC_1159" for body in refused), refused
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        got = client.get(f"/v3/bills/{bill['id']}").json()
        assert (got["scheduledAmount"], got["dueAmount"], got["paymentStatus"]) == (AMOUNT, 0, "SCHEDULED")
        listed = client.get("/v3/payments", params={"filters": f"billId:eq:{bill['id']}"}).json()["results"]
        assert len(listed) == 1


def test_parallel_payments_of_one_bill_sqlite(live_server: Callable[..., LiveServer]) -> None:
    _race(live_server(args=("--workers", "2")))


def test_parallel_payments_of_one_bill_postgresql(
    live_server: Callable[..., LiveServer], request: Any
) -> None:
    url = request.getfixturevalue("pg_database")
    _race(live_server(database_url=url, args=("--workers", "2")))
