"""Shared fixtures (helpers live in tests/support).

Every API test runs once per storage engine: SQLite always, PostgreSQL when
BILL_SANDBOX_TEST_DATABASE_URL points at a server (tests create and drop their own database
there). One app per engine serves the whole run; each test signs up its own organization, so
tenancy keeps tests apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from bill_sandbox.app import create_app
from support.api import Api, signup
from support.engines import ENGINES, PG_URL, fresh_pg_database, make_settings

pytest_plugins = ["pytester"]  # tests/e2e/test_pytest_plugin.py runs a user's suite


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped at the end."""
    if not PG_URL:
        pytest.skip("BILL_SANDBOX_TEST_DATABASE_URL is not set")
    with fresh_pg_database(PG_URL) as url:
        yield url


@pytest.fixture(scope="session", params=ENGINES)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One in-process app per storage engine, shared by the run."""
    settings = make_settings(request.param, tmp_path_factory.mktemp(f"data-{request.param}"), request)
    app = create_app(settings)
    with TestClient(app) as c:
        c.bill_app = app  # type: ignore[attr-defined]
        yield c


@pytest.fixture
def new_api(client: TestClient) -> Callable[[], Api]:
    """Factory: another logged-in organization (for tenancy tests)."""
    return lambda: Api(client, signup(client))


@pytest.fixture
def api(new_api: Callable[[], Api]) -> Api:
    return new_api()
