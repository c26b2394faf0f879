"""Shared fixtures (helpers live in tests/support).

Every API test runs once per storage engine: SQLite always, PostgreSQL when
BILL_SANDBOX_TEST_DATABASE_URL points at a server (tests create and drop their own database
there). One app per engine serves the whole run; each test signs up its own organization, so
tenancy keeps tests apart.

Two modes: by default the app runs in this process (Starlette's TestClient); with
BILL_SANDBOX_TEST_LIVE=1 the ``client`` is an ``httpx.Client`` of a real ``bill-sandbox serve``
process per engine (free loopback port, throwaway data directory), and tests marked
``inprocess`` skip.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from bill_sandbox.app import create_app
from bill_sandbox.testing import LiveServer
from support.api import Api, signup
from support.engines import ENGINES, PG_URL, fresh_pg_database, make_settings
from support.webhook_receiver import FAST_RETRY_DIVISOR

LIVE = os.environ.get("BILL_SANDBOX_TEST_LIVE") == "1"
LIVE_ENV = {
    "BILL_SANDBOX_ARGON2_TIME_COST": "1",
    "BILL_SANDBOX_ARGON2_MEMORY_KIB": "1024",
    "BILL_SANDBOX_WEBHOOK_RETRY_DIVISOR": str(FAST_RETRY_DIVISOR),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not LIVE:
        return
    skip = pytest.mark.skip(reason="in-process only (BILL_SANDBOX_TEST_LIVE=1 runs against a served app)")
    for item in items:
        if item.get_closest_marker("inprocess") or item.get_closest_marker("e2e"):
            item.add_marker(skip)


pytest_plugins = ["pytester"]  # tests/e2e/test_pytest_plugin.py runs a user's suite


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped at the end."""
    if not PG_URL:
        pytest.skip("BILL_SANDBOX_TEST_DATABASE_URL is not set")
    with fresh_pg_database(PG_URL) as url:
        yield url


@pytest.fixture(scope="session", params=ENGINES)
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[httpx.Client]:
    """One app per storage engine, shared by the run: in this process, or (live mode) a served
    one."""
    tmp = tmp_path_factory.mktemp(f"data-{request.param}")
    if LIVE:
        url = request.getfixturevalue("pg_database") if request.param == "postgresql" else None
        with (
            LiveServer(data_dir=tmp, database_url=url, env=LIVE_ENV, startup_timeout=60) as server,
            httpx.Client(base_url=server.origin, timeout=60) as c,
        ):
            yield c
        return
    settings = make_settings(request.param, tmp, request)
    app = create_app(settings)
    with TestClient(app) as c:
        c.bill_app = app  # type: ignore[attr-defined]
        yield c


@pytest.fixture
def new_api(client: httpx.Client) -> Callable[[], Api]:
    """Factory: another logged-in organization (for tenancy tests)."""
    return lambda: Api(client, signup(client))


@pytest.fixture
def api(new_api: Callable[[], Api]) -> Api:
    return new_api()
