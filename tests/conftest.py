"""Shared fixtures.

Every API test runs once per storage engine: SQLite always, PostgreSQL when
BILL_SANDBOX_TEST_DATABASE_URL points at a server (tests create and drop their own database
there). One app per engine serves the whole run; each test signs up its own organization, so
tenancy keeps tests apart.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bill_sandbox.app import create_app
from bill_sandbox.settings import Settings

pytest_plugins = ["pytester"]  # tests/e2e/test_pytest_plugin.py runs a user's suite

PG_URL = os.environ.get("BILL_SANDBOX_TEST_DATABASE_URL")
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


def _pg_admin_url(url: str) -> str:
    return (
        url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
    )


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped at the end."""
    if not PG_URL:
        pytest.skip("BILL_SANDBOX_TEST_DATABASE_URL is not set")
    name = f"bill_sandbox_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(_pg_admin_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(_pg_admin_url(PG_URL)).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def make_settings(engine: str, tmp: Path, request: pytest.FixtureRequest, **extra: Any) -> Settings:
    if engine == "postgresql":
        url = request.getfixturevalue("pg_database")
        return Settings(data_dir=tmp, database_url=url, argon2_time_cost=1, argon2_memory_kib=1024, **extra)
    return Settings(data_dir=tmp, argon2_time_cost=1, argon2_memory_kib=1024, **extra)


@pytest.fixture(scope="session", params=ENGINES)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One in-process app per storage engine, shared by the run."""
    settings = make_settings(request.param, tmp_path_factory.mktemp(f"data-{request.param}"), request)
    app = create_app(settings)
    with TestClient(app) as c:
        c.bill_app = app  # type: ignore[attr-defined]
        yield c


class Api:
    """An HTTP client logged in to one fresh organization. Paths are relative to /connect."""

    def __init__(self, client: httpx.Client, creds: dict[str, str]) -> None:
        self.client = client
        self.creds = creds
        self.org_id = creds["organizationId"]
        self.user_id = creds["userId"]
        self.session_id = ""
        self.login()

    def login(self) -> httpx.Response:
        r = self.client.post("/connect/v3/login", json=self.login_body())
        assert r.status_code == 200, r.text
        self.session_id = r.json()["sessionId"]
        return r

    def login_body(self, **changes: str) -> dict[str, str]:
        body = {
            "username": self.creds["username"],
            "password": self.creds["password"],
            "organizationId": self.org_id,
            "devKey": self.creds["devKey"],
        }
        body.update(changes)
        return body

    @property
    def headers(self) -> dict[str, str]:
        return {"devKey": self.creds["devKey"], "sessionId": self.session_id}

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.request(method, "/connect" + path, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def sandbox(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.request(method, "/_sandbox" + path, **kwargs)

    def advance(self, **delta: float) -> dict[str, Any]:
        """Move this organization's sandbox time (others keep theirs)."""
        r = self.sandbox("POST", "/clock/advance", json={**delta, "organizationId": self.org_id})
        assert r.status_code == 200, r.text
        out: dict[str, Any] = r.json()
        return out

    def clock(self) -> dict[str, Any]:
        """This organization's sandbox clock."""
        r = self.sandbox("GET", "/clock", params={"organizationId": self.org_id})
        assert r.status_code == 200, r.text
        out: dict[str, Any] = r.json()
        return out

    def mfa_code(self) -> str:
        """The last MFA code the sandbox "sent" to this user (control plane)."""
        r = self.sandbox("GET", "/mfa/last-code", params={"userId": self.user_id})
        assert r.status_code == 200, r.text
        code: str = r.json()["code"]
        return code

    def trust(self, device: str = "pytest", remember_me: bool = True) -> str:
        """Make this session MFA-trusted through the real flow (challenge, then validate with
        the code the sandbox sent). Returns the rememberMeId (valid for logins with ``device``)."""
        r = self.post("/v3/mfa/challenge", json={"useBackup": False})
        assert r.status_code == 200, r.text
        r = self.post(
            "/v3/mfa/challenge/validate",
            json={
                "challengeId": r.json()["challengeId"],
                "token": self.mfa_code(),
                "device": device,
                "machineName": "pytest-runner",
                "rememberMe": remember_me,
            },
        )
        assert r.status_code == 200, r.text
        remember_me_id: str = r.json()["rememberMeId"]
        return remember_me_id


def signup(client: httpx.Client) -> dict[str, str]:
    r = client.post("/_sandbox/signup")
    assert r.status_code == 201, r.text
    creds: dict[str, str] = r.json()
    return creds


@pytest.fixture
def new_api(client: TestClient) -> Callable[[], Api]:
    """Factory: another logged-in organization (for tenancy tests)."""
    return lambda: Api(client, signup(client))


@pytest.fixture
def api(new_api: Callable[[], Api]) -> Api:
    return new_api()


def assert_error(
    response: httpx.Response, status: int, code: str | None = None, message: str | None = None
) -> list[dict[str, Any]]:
    """A BILL error array with this status (and code / message substring, when given)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body, list) and body, body
    for item in body:
        assert {"timestamp", "severity", "category", "message"} <= item.keys(), item
    if code is not None:
        assert body[0].get("code") == code, body
    if message is not None:
        assert any(message in item["message"] for item in body), body
    return body
