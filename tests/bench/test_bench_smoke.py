"""The benchmark's seeding writes exactly what the API writes, and the API serves it.

No timing here: ``make bench`` measures, tests only check that its pieces work.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import seeding
from fastapi.testclient import TestClient

from bill_sandbox.app import create_app
from bill_sandbox.db import Database
from bill_sandbox.settings import Settings

VOLATILE = {"id", "createdTime", "updatedTime"}


@pytest.fixture
def sandbox(tmp_path: Path) -> Any:
    settings = Settings(data_dir=tmp_path, argon2_time_cost=1, argon2_memory_kib=1024)
    with TestClient(create_app(settings)) as client:
        creds = client.post("/_sandbox/signup").json()
        yield client, creds, settings.resolved_database_url()


def login(client: TestClient, creds: dict[str, str]) -> dict[str, str]:
    body = {
        "username": creds["username"],
        "password": creds["password"],
        "organizationId": creds["organizationId"],
        "devKey": creds["devKey"],
    }
    r = client.post("/connect/v3/login", json=body)
    assert r.status_code == 200, r.text
    return {"devKey": creds["devKey"], "sessionId": r.json()["sessionId"]}


def test_seeded_customers_are_listed_and_served(sandbox: Any) -> None:
    client, creds, url = sandbox
    org = creds["organizationId"]
    seeding.seed_customers(url, org, 100, chunk=30)
    headers = login(client, creds)

    r = client.get("/connect/v3/customers", params={"max": "100"}, headers=headers)
    assert r.status_code == 200, r.text
    page = r.json()
    assert len(page["results"]) == 100 and "nextPage" not in page

    r = client.get(
        "/connect/v3/customers",
        params={"filters": "accountType:eq:BUSINESS", "sort": "name:asc", "max": "100"},
        headers=headers,
    )
    names = [c["name"] for c in r.json()["results"]]
    assert len(names) == 34 and names == sorted(names)

    one = page["results"][0]
    assert client.get(f"/connect/v3/customers/{one['id']}", headers=headers).json() == one
    db = Database(url)
    try:
        assert seeding.count_customers(db, org) == 100
    finally:
        db.close()
    assert len(seeding.sample_ids(url, org, 10)) == 10


def test_a_seeded_customer_is_what_the_api_creates(sandbox: Any) -> None:
    client, creds, url = sandbox
    org = creds["organizationId"]
    headers = login(client, creds)
    body = seeding.customer_body(7, random.Random(1 + 7))  # what seed_customers(seed=1, start=7) sends
    created = client.post("/connect/v3/customers", json=body, headers=headers)
    assert created.status_code == 201, created.text
    seeding.seed_customers(url, org, 1, start=7)

    listed = client.get("/connect/v3/customers", params={"max": "10"}, headers=headers).json()["results"]
    seeded = next(c for c in listed if c["id"] != created.json()["id"])
    api = created.json()
    assert list(seeded) == list(api)  # same keys, in BILL's order
    assert {k: v for k, v in seeded.items() if k not in VOLATILE} == {
        k: v for k, v in api.items() if k not in VOLATILE
    }


def test_bench_rows_are_removed_by_email_prefix(sandbox: Any) -> None:
    client, creds, url = sandbox
    headers = login(client, creds)
    for n in range(3):
        body = {"name": f"Bench {n}", "email": f"wrk-{n}@example.com"}
        assert client.post("/connect/v3/customers", json=body, headers=headers).status_code == 201
    seeding.seed_customers(url, creds["organizationId"], 5)
    assert seeding.delete_bench_rows(url, creds["organizationId"]) == 3
    r = client.get("/connect/v3/customers", headers=headers)
    assert len(r.json()["results"]) == 5
