"""/connect/docs in headless Chromium (Debian's, driven by playwright-core): log in and create a
customer through "Try it out", then find that customer through the API.

Screenshots land in test-artifacts/ (docs-try-it-out.png: the Create a customer operation with
its response; docs-try-it-out-top.png: the top of the page).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from bill_sandbox.testing import LiveServer

from .conftest import NodeTools

pytestmark = pytest.mark.e2e

SCRIPT = Path(__file__).resolve().parent / "docs_browser.js"


def test_try_it_out_login_then_create_customer(
    live_server: Callable[..., LiveServer],
    node_tools: NodeTools,
    chromium: str,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    server = live_server()
    name = f"Docs Page Customer {uuid.uuid4().hex[:8]}"
    screenshot = artifacts / "docs-try-it-out.png"
    env = {
        "DOCS_URL": server.base_url + "/docs",
        "CHROMIUM": chromium,
        "USER_DATA_DIR": str(tmp_path / "chromium-profile"),
        "SCREENSHOT": str(screenshot),
        "CUSTOMER_NAME": name,
    }
    proc = node_tools.run([node_tools.node, str(SCRIPT)], timeout=240, cwd=tmp_path, env_extra=env)
    assert proc.returncode == 0, proc.stderr + proc.stdout + server.log()
    page = json.loads(proc.stdout.strip().splitlines()[-1])

    # Offline: every request the page made went to our server.
    assert page["requests"], page
    assert all(url.startswith(server.origin + "/") for url in page["requests"]), page["requests"]
    assert page["consoleErrors"] == []
    assert {"authentication", "customers"} <= set(page["tags"])

    # Login: the body came pre-filled with the data dir's account, no Postman placeholders.
    creds = server.credentials
    login = page["login"]
    assert "{{" not in login["prefilledBody"]
    assert json.loads(login["prefilledBody"]) == {
        "username": creds["username"],
        "password": creds["password"],
        "organizationId": creds["orgId"],
        "devKey": creds["devKey"],
    }
    assert login["status"] == 200, login
    session_id = login["body"]["sessionId"]
    assert session_id in page["bannerAfter"]

    # Create a customer: header fields left empty, the page sent the session itself.
    create = page["create"]
    assert all("{{" not in value for value in create["headerFields"])
    assert "{{" not in create["prefilledBody"]
    assert create["status"] == 201, create
    assert f"sessionId: {session_id}" in page["curl"]
    customer = create["body"]
    assert customer["name"] == name
    assert screenshot.is_file()

    # Examples as they are: real dates, and the id of the vendor created on the page.
    vendor, bill = page["vendor"], page["bill"]
    assert vendor["status"] == 201, vendor
    assert "{{vendorId}}" in bill["prefilledBody"] and "{{nextBusinessDay}}" not in bill["prefilledBody"]
    assert bill["status"] == 201, bill
    assert bill["body"]["vendorId"] == vendor["body"]["id"]

    # The API sees the customer the page created.
    r = httpx.post(
        server.base_url + "/v3/login",
        json={
            "username": creds["username"],
            "password": creds["password"],
            "organizationId": creds["orgId"],
            "devKey": creds["devKey"],
        },
        timeout=10,
    )
    assert r.status_code == 200, r.text
    headers = {"devKey": creds["devKey"], "sessionId": r.json()["sessionId"]}
    r = httpx.get(f"{server.base_url}/v3/customers/{customer['id']}", headers=headers, timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == name
