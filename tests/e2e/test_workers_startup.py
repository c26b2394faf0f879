"""``serve --workers 4`` on an empty PostgreSQL database: every worker starts (no race on the
state rows) and they share one cursor secret, so a page cursor issued by one worker is accepted
by the others."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from bill_sandbox.testing import LiveServer

pytestmark = pytest.mark.e2e


def test_four_workers_on_an_empty_postgresql_database(
    live_server: Callable[..., LiveServer], request: Any
) -> None:
    url = request.getfixturevalue("pg_database")
    server = live_server(database_url=url, args=("--workers", "4"))
    creds = httpx.post(server.origin + "/_sandbox/signup", json={}).json()
    login = httpx.post(
        server.base_url + "/v3/login",
        json={k: creds[k] for k in ("username", "password", "organizationId", "devKey")},
    ).json()
    headers = {"devKey": creds["devKey"], "sessionId": login["sessionId"]}
    for i in range(12):
        r = httpx.post(
            server.base_url + "/v3/customers",
            headers=headers,
            json={"name": f"C{i}", "email": f"c{i}@example.com"},
        )
        assert r.status_code == 201, r.text
    for _ in range(12):  # a new connection each time: the pages land on different workers
        first = httpx.get(server.base_url + "/v3/customers", headers=headers, params={"max": 5}).json()
        cursor = first["nextPage"]
        second = httpx.get(
            server.base_url + "/v3/customers", headers=headers, params={"max": 5, "page": cursor}
        )
        assert second.status_code == 200, second.text
        assert {c["id"] for c in second.json()["results"]}.isdisjoint(c["id"] for c in first["results"])
