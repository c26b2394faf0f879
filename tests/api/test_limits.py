"""``limits = "bill"``: BILL's request limits with BILL's errors (BILL-RULES §5.19, §5.19b), checked
with a real HTTP server (uvicorn in a thread) and a real concurrent client, on both engines.
The limits are lowered (settings) so that a test reaches them quickly; the counters are per
devKey, and every test signs up its own developer account."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from bill_sandbox.app import create_app
from support.engines import ENGINES, make_settings

pytestmark = pytest.mark.inprocess  # each test builds its own app with lowered limits

LIMITS = {
    "limits": "bill",
    "limit_requests_per_hour": 30,
    "limit_logins_per_hour": 3,
    "limit_messages_per_minute": 5,
    "limit_concurrent": 3,
    "limit_spend_per_minute": 4,
    "background": False,
}


class Live:
    def __init__(self, base: str) -> None:
        self.base = base
        self.client = httpx.Client(base_url=base, timeout=30)

    def account(self) -> dict[str, str]:
        r = self.client.post("/_sandbox/signup")
        assert r.status_code == 201, r.text
        creds: dict[str, str] = r.json()
        return creds

    def login(self, creds: dict[str, str]) -> httpx.Response:
        body = {k: creds[k] for k in ("username", "password", "organizationId", "devKey")}
        return self.client.post("/connect/v3/login", json=body)

    def headers(self, creds: dict[str, str]) -> dict[str, str]:
        r = self.login(creds)
        assert r.status_code == 200, r.text
        return {"devKey": creds["devKey"], "sessionId": r.json()["sessionId"]}


@pytest.fixture(scope="module", params=ENGINES)
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp: Path = tmp_path_factory.mktemp(f"limits-{request.param}")
    settings = make_settings(request.param, tmp, request, **LIMITS)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="on"))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    port = sock.getsockname()[1]
    out = Live(f"http://127.0.0.1:{port}")
    yield out
    out.client.close()
    server.should_exit = True
    thread.join(timeout=10)


def limit_error(r: httpx.Response, code: str, message: str) -> None:
    assert r.status_code == 422, r.text
    (item,) = r.json()
    assert item["code"] == code and item["message"] == message, item
    assert item["category"] == "DOWNSTREAM" and "params" not in item


def test_requests_per_hour(live: Live) -> None:
    creds = live.account()
    headers = live.headers(creds)  # the login is request 1
    for _ in range(29):
        assert live.client.get("/connect/v3/vendors", headers=headers).status_code == 200
    r = live.client.get("/connect/v3/vendors", headers=headers)
    limit_error(r, "BDC_1144", "Max number of allowed requests per hour reached: 30.")
    # refusals are not counted; another devKey is not affected
    other = live.account()
    assert live.client.get("/connect/v3/vendors", headers=live.headers(other)).status_code == 200


def test_logins_per_hour(live: Live) -> None:
    creds = live.account()
    for _ in range(3):
        assert live.login(creds).status_code == 200
    limit_error(live.login(creds), "BDC_1144", "Max number of allowed requests per hour reached: 3.")


def _fresh_minute() -> None:
    """Start a message test early in a calendar minute (the window is per minute)."""
    while time.gmtime().tm_sec > 45:
        time.sleep(0.5)


def test_message_sending_calls_per_minute(live: Live) -> None:
    _fresh_minute()
    creds = live.account()
    headers = live.headers(creds)  # a login sends a message too: 1
    codes = [live.client.post("/connect/v3/mfa/challenge", json={}, headers=headers) for _ in range(5)]
    assert [r.status_code for r in codes[:4]] == [200] * 4
    limit_error(codes[4], "BDC_1144", "Max number of allowed requests per minute reached: 5.")
    assert live.client.get("/connect/v3/mfa/phones", headers=headers).status_code == 200


def test_concurrent_requests_per_organization(live: Live) -> None:
    creds = live.account()
    headers = live.headers(creds)
    release = threading.Event()

    def slow_body() -> Iterator[bytes]:
        yield b'{"name": '
        release.wait(20)
        yield b'"Slow Vendor"}'

    def slow_create(_: int) -> httpx.Response:
        with httpx.Client(base_url=live.base, timeout=30) as client:
            return client.post(
                "/connect/v3/vendors",
                content=slow_body(),
                headers={**headers, "content-type": "application/json"},
            )

    with ThreadPoolExecutor(3) as pool:
        slow = [pool.submit(slow_create, i) for i in range(3)]
        refused: httpx.Response | None = None
        deadline = time.monotonic() + 20
        while refused is None and time.monotonic() < deadline:
            r = live.client.get("/connect/v3/vendors", headers=headers)
            if r.status_code == 422:
                refused = r
            else:
                time.sleep(0.05)
        release.set()
        results = [f.result() for f in slow]
    assert refused is not None, "three slow requests in flight never made a fourth one wait"
    limit_error(refused, "BDC_1322", "Max number of concurrent requests per organization reached.")
    assert [r.status_code for r in results] == [201, 201, 201]
    assert live.client.get("/connect/v3/vendors", headers=headers).status_code == 200


def test_spend_and_expense_calls_per_minute_per_token(live: Live) -> None:
    """Keyed by apiToken (the S&E routes need not exist: the gateway counts first)."""
    _fresh_minute()
    token = {"apiToken": "tok-" + live.account()["devKey"]}
    answers = [live.client.get("/connect/v3/spend/budgets", headers=token) for _ in range(5)]
    assert all(r.status_code != 429 for r in answers[:4])
    assert (answers[4].status_code, answers[4].json()) == (429, {"message": "Too Many Requests"})
    other = {"apiToken": "tok-other-" + live.account()["devKey"]}
    assert live.client.get("/connect/v3/spend/budgets", headers=other).status_code != 429


def test_limits_are_off_by_default(client: Any) -> None:
    app: Any = client.bill_app
    assert app.state.settings.limits == "off"
