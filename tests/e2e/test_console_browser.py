"""The console at / in headless Chromium: organizations with their credentials and clocks, a
button that moves one organization's clock, live events. Screenshot: test-artifacts/console.png."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from bill_sandbox import clock
from bill_sandbox.testing import LiveServer

from .conftest import NodeTools

pytestmark = pytest.mark.e2e

SCRIPT = Path(__file__).resolve().parent / "console_browser.js"


def test_console_moves_a_clock_and_shows_live_events(
    live_server: Callable[..., LiveServer],
    node_tools: NodeTools,
    chromium: str,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    server = live_server()
    creds = httpx.post(server.origin + "/_sandbox/signup", json={"organizationName": "Console Co"}).json()
    login = httpx.post(
        server.base_url + "/v3/login",
        json={k: creds[k] for k in ("username", "password", "organizationId", "devKey")},
    ).json()
    headers = {"devKey": creds["devKey"], "sessionId": login["sessionId"]}
    assert (
        httpx.post(server.base_url + "/v3/vendors", headers=headers, json={"name": "Seen Live"}).status_code
        == 201
    )
    env = {
        "CONSOLE_URL": server.origin + "/",
        "CHROMIUM": chromium,
        "USER_DATA_DIR": str(tmp_path / "chromium-profile"),
        "SCREENSHOT": str(artifacts / "console.png"),
        "ORG_ID": creds["organizationId"],
    }
    proc = node_tools.run([node_tools.node, str(SCRIPT)], timeout=180, cwd=tmp_path, env_extra=env)
    assert proc.returncode == 0, proc.stderr + proc.stdout + server.log()
    page = json.loads(proc.stdout.strip().splitlines()[-1])

    assert page["title"] == "bill-sandbox console"
    assert {"/connect/docs", "/connect-events/docs", "/_sandbox/docs"} <= set(page["links"])
    assert all(url.startswith(server.origin + "/") for url in page["requests"]), page["requests"]
    assert page["consoleErrors"] == []
    assert creds["username"] in page["signIn"] and creds["devKey"] in page["signIn"]  # loopback
    before, after = clock.parse_timestamp(page["before"]), clock.parse_timestamp(page["after"])
    assert before is not None and after is not None
    assert timedelta(hours=23) < after - before < timedelta(hours=25)
    assert "Moved" in page["notice"]
    shown = httpx.get(server.origin + "/_sandbox/clock", params={"organizationId": creds["organizationId"]})
    assert clock.parse_timestamp(shown.json()["now"]) - after < timedelta(minutes=5)  # type: ignore[operator]
    assert any("vendor.created" in row for row in page["events"])


def test_control_plane_docs_page(live_server: Callable[..., LiveServer]) -> None:
    server = live_server()
    page = httpx.get(server.origin + "/_sandbox/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    spec = httpx.get(server.origin + "/_sandbox/docs/openapi.json").json()
    assert "/clock/advance" in spec["paths"]
