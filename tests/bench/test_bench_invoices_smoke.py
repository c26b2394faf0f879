"""bench/invoices.py's seeding writes invoices the API serves, as the API writes them.

No timing here: ``make bench`` measures, tests only check that its pieces work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import invoices as bench_invoices
import pytest
from fastapi.testclient import TestClient

from bill_sandbox.app import create_app
from bill_sandbox.settings import Settings


@pytest.fixture
def sandbox(tmp_path: Path) -> Any:
    settings = Settings(data_dir=tmp_path, argon2_time_cost=1, argon2_memory_kib=1024)
    with TestClient(create_app(settings)) as client:
        creds = client.post("/_sandbox/signup").json()
        r = client.post(
            "/connect/v3/login",
            json={k: creds[k] for k in ("username", "password", "organizationId", "devKey")},
        )
        assert r.status_code == 200, r.text
        headers = {"devKey": creds["devKey"], "sessionId": r.json()["sessionId"]}
        yield client, creds, headers, settings.resolved_database_url()


def test_seeded_invoices_are_listed_by_customer_and_shaped_like_api_ones(sandbox: Any) -> None:
    client, creds, headers, url = sandbox
    ids = bench_invoices.seed(url, creds["organizationId"], creds["userId"], 60, lambda _: None)
    assert len(ids) == 1
    r = client.get("/connect" + bench_invoices.list_path(ids[0]).removeprefix("/connect"), headers=headers)
    assert r.status_code == 200, r.text
    listed = r.json()["results"]
    assert len(listed) == 20 and {i["customerId"] for i in listed} == {ids[0]}
    assert {i["status"] for i in listed} == {"OPEN"}
    created = client.post(
        "/connect/v3/invoices", json=bench_invoices.invoice_body(ids[0], "X-1", 3), headers=headers
    )
    assert created.status_code == 201, created.text
    api = client.get(f"/connect/v3/invoices/{created.json()['id']}", headers=headers).json()
    clone = listed[-1]
    assert list(clone) == list(api)  # same keys, in BILL's order
    lines_total = sum(line["amount"] for line in clone["invoiceLineItems"])
    assert clone["totalAmount"] == clone["dueAmount"] == pytest.approx(lines_total)
    assert client.get(f"/connect/v3/invoices/{clone['id']}", headers=headers).json() == clone
    balance = client.get(f"/connect/v3/customers/{ids[0]}", headers=headers).json()["balance"]["amount"]
    everything = client.get(
        "/connect/v3/invoices", params={"max": "100", "filters": f"customerId:eq:{ids[0]}"}, headers=headers
    ).json()["results"]
    assert balance == pytest.approx(sum(i["dueAmount"] for i in everything))
