"""bench/bills.py's seeding writes bills the API serves, as the API writes them.

No timing here: ``make bench`` measures, tests only check that its pieces work.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import bills as bench_bills
import pytest
from fastapi.testclient import TestClient

from bill_sandbox.app import create_app
from bill_sandbox.settings import Settings

VOLATILE = {"id", "createdTime", "updatedTime"}


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


def test_seeded_bills_are_listed_by_vendor(sandbox: Any) -> None:
    client, creds, headers, url = sandbox
    org = creds["organizationId"]
    seeded = bench_bills.seed_bills(url, org, 100, vendors_count=5, user_id=creds["userId"], chunk=30)
    vendor_ids = seeded["vendor_ids"]
    assert len(vendor_ids) == 5 and bench_bills.count_bills(url, org) == 100

    vendor = vendor_ids[2]
    r = client.get(
        "/connect/v3/bills", params={"filters": f"vendorId:eq:{vendor}", "max": "20"}, headers=headers
    )
    assert r.status_code == 200, r.text
    page = r.json()
    listed = page["results"]
    assert len(listed) == 20 and "nextPage" not in page
    assert {b["vendorId"] for b in listed} == {vendor}
    assert [b["createdTime"] for b in listed] == sorted(b["createdTime"] for b in listed)

    # The vendor balance is Σ dueAmount of its bills.
    balance = client.get(f"/connect/v3/vendors/{vendor}", headers=headers).json()["balance"]["amount"]
    assert balance == pytest.approx(sum(b["dueAmount"] for b in listed))

    one = listed[-1]
    assert client.get(f"/connect/v3/bills/{one['id']}", headers=headers).json() == one
    lines = [line["id"] for b in listed for line in b["billLineItems"]]
    assert len(lines) == len(set(lines))

    r = client.get("/connect/v3/bills", params={"max": "100"}, headers=headers)
    assert Counter(b["vendorId"] for b in r.json()["results"]) == dict.fromkeys(vendor_ids, 20)

    _, plan = bench_bills.list_query_plan(url, org, vendor)
    assert bench_bills.plan_ok(plan), plan


def test_a_cloned_bill_is_shaped_like_an_api_bill(sandbox: Any) -> None:
    client, creds, headers, url = sandbox
    seeded = bench_bills.seed_bills(url, creds["organizationId"], 10, vendors_count=1)
    vendor = seeded["vendor_ids"][0]
    created = client.post("/connect/v3/bills", json=bench_bills.bill_body(vendor, "X-1", 1), headers=headers)
    assert created.status_code == 201, created.text
    r = client.get("/connect/v3/bills", params={"max": "20"}, headers=headers)
    listed = {b["id"]: b for b in r.json()["results"]}
    api = listed[created.json()["id"]]
    clone = next(b for b in listed.values() if len(b["billLineItems"]) == 1 and b["id"] != api["id"])
    assert list(clone) == list(api)  # same keys, in BILL's order
    assert [list(line) for line in clone["billLineItems"]] == [list(line) for line in api["billLineItems"]]
    same = {"archived", "vendorId", "vendorName", "paymentStatus", "approvalStatus", "description"}
    assert {k: clone[k] for k in same} == {k: api[k] for k in same}
    assert (
        clone["amount"] == clone["dueAmount"] == clone["fundingAmount"] == clone["billLineItems"][0]["amount"]
    )
    assert clone["paidAmount"] == clone["scheduledAmount"] == clone["creditAmount"] == 0
