"""The pytest plugin (registered through the ``pytest11`` entry point: installing
bill-sandbox is enough).

Fixtures:

- ``bill_sandbox`` (session): a running ``bill-sandbox serve`` on a free loopback port with a
  throwaway data directory, as a ``SandboxServer``: ``.base_url`` (``…/connect``),
  ``.origin``, ``.signup()`` (a new developer account and organization: its credentials),
  ``.login(credentials)`` (a ``sessionId``), ``.advance(organization_id, days=…)`` (move that
  organization's sandbox clock) and ``.clock(organization_id)``.
- ``bill_client`` (function): an ``httpx.Client`` whose base URL is the server's
  ``/connect`` and whose headers carry the ``devKey`` and ``sessionId`` of a FRESH
  organization (sign-up takes ~30 ms), with ``.organization_id`` and ``.credentials``. Tests
  never share data.

Under pytest-xdist every worker process starts its own server (the fixture is session-scoped
per process), so parallel tests never contend. Options: ``--bill-sandbox-url URL`` uses a
server you started yourself instead (e.g. ``http://127.0.0.1:7431``);
``--bill-sandbox-database-url URL`` runs the started server on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bill_sandbox.testing import LiveServer

FAST_HASHING = {"BILL_SANDBOX_ARGON2_TIME_COST": "1", "BILL_SANDBOX_ARGON2_MEMORY_KIB": "1024"}


class SandboxServer:
    """A running sandbox, started by the plugin or given by ``--bill-sandbox-url``."""

    def __init__(self, origin: str, live: LiveServer | None = None) -> None:
        self.origin = origin.rstrip("/")
        self.live = live
        self.http = httpx.Client(base_url=self.origin, timeout=30)

    @property
    def base_url(self) -> str:
        return self.origin + "/connect"

    def _ok(self, response: httpx.Response) -> Any:
        if response.status_code >= 300:
            raise RuntimeError(f"{response.request.method} {response.request.url}: {response.text}")
        return response.json()

    def signup(self, **body: Any) -> dict[str, str]:
        """A new developer account and organization: ``{baseUrl, username, password, devKey,
        organizationId, userId}``."""
        creds: dict[str, str] = self._ok(self.http.post("/_sandbox/signup", json=body))
        return creds

    def login(self, credentials: dict[str, str]) -> str:
        body = {k: credentials[k] for k in ("username", "password", "organizationId", "devKey")}
        session: dict[str, Any] = self._ok(self.http.post("/connect/v3/login", json=body))
        return str(session["sessionId"])

    def advance(self, organization_id: str, **delta: float) -> dict[str, Any]:
        """Move one organization's sandbox clock (``days=``, ``hours=``, ``minutes=``,
        ``seconds=``); returns once every transition due by then has been applied."""
        moved: dict[str, Any] = self._ok(
            self.http.post("/_sandbox/clock/advance", json={**delta, "organizationId": organization_id})
        )
        return moved

    def clock(self, organization_id: str) -> dict[str, Any]:
        now: dict[str, Any] = self._ok(
            self.http.get("/_sandbox/clock", params={"organizationId": organization_id})
        )
        return now

    def close(self) -> None:
        self.http.close()


class BillClient(httpx.Client):
    """An ``httpx.Client`` logged in to one fresh organization (paths relative to /connect)."""

    organization_id: str
    credentials: dict[str, str]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("bill-sandbox")
    group.addoption("--bill-sandbox-url", default=None, help="use this running bill-sandbox (origin URL)")
    group.addoption(
        "--bill-sandbox-database-url", default=None, help="database URL for the server the plugin starts"
    )


@pytest.fixture(scope="session")
def bill_sandbox(request: pytest.FixtureRequest) -> Iterator[SandboxServer]:
    """The running sandbox (one per test session, per xdist worker)."""
    url = request.config.getoption("--bill-sandbox-url")
    if url:
        server = SandboxServer(url)
        yield server
        server.close()
        return
    live = LiveServer(
        database_url=request.config.getoption("--bill-sandbox-database-url"),
        env=FAST_HASHING,
        startup_timeout=60,
    )
    with live:
        server = SandboxServer(live.origin, live)
        yield server
        server.close()


@pytest.fixture
def bill_client(bill_sandbox: SandboxServer) -> Iterator[BillClient]:
    """A client of a fresh organization, logged in: call BILL's paths (``/v3/customers``)."""
    creds = bill_sandbox.signup()
    session_id = bill_sandbox.login(creds)
    client = BillClient(
        base_url=bill_sandbox.base_url,
        headers={"devKey": creds["devKey"], "sessionId": session_id},
        timeout=30,
    )
    client.organization_id = creds["organizationId"]
    client.credentials = creds
    with client:
        yield client
