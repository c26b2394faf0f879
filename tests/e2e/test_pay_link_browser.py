"""An invoice's payment link in headless Chromium (Debian's, driven by playwright-core): a
person opens the page, sees the invoice, pays part of it with a test bank account; the API then
shows the receivable payment and the invoice's new amounts.

Screenshot: test-artifacts/pay-link.png (the page after paying).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from bill_sandbox.testing import LiveServer

from .conftest import NodeTools

pytestmark = pytest.mark.e2e

SCRIPT = Path(__file__).resolve().parent / "pay_link_browser.js"


def test_pay_an_invoice_from_its_payment_link(
    live_server: Callable[..., LiveServer],
    node_tools: NodeTools,
    chromium: str,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    server = live_server()
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        login = http.post("/v3/login", json=server.login_body())
        assert login.status_code == 200, login.text
        headers = {"devKey": server.credentials["devKey"], "sessionId": login.json()["sessionId"]}
        customer = http.post(
            "/v3/customers", headers=headers, json={"name": "Browser Pets", "email": "pay@example.com"}
        ).json()
        invoice = http.post(
            "/v3/invoices",
            headers=headers,
            json={
                "customer": {"id": customer["id"]},
                "invoiceNumber": "WEB-1",
                "invoiceLineItems": [{"description": "Kibble", "quantity": 2, "price": 60}],
            },
        ).json()
        r = http.post(
            f"/v3/invoices/{invoice['id']}/payment-link",
            headers=headers,
            json={"customerId": customer["id"], "email": "pay@example.com"},
        )
        assert r.status_code == 200, r.text
        pay_url = r.json()["paymentLink"]

        screenshot = artifacts / "pay-link.png"
        env = {
            "PAY_URL": pay_url,
            "CHROMIUM": chromium,
            "USER_DATA_DIR": str(tmp_path / "chromium-profile"),
            "SCREENSHOT": str(screenshot),
            "AMOUNT": "45.50",
        }
        proc = node_tools.run([node_tools.node, str(SCRIPT)], timeout=180, cwd=tmp_path, env_extra=env)
        assert proc.returncode == 0, proc.stderr + proc.stdout + server.log()
        seen = json.loads(proc.stdout.strip().splitlines()[-1])

        assert seen["title"] == "Invoice WEB-1"
        assert seen["dueBefore"] == "120" and seen["prefilledRouting"] == "074000010"
        assert "Payment received: 45.5 USD" in seen["confirmation"]
        assert seen["dueAfter"] == "74.5" and seen["status"] == "PARTIAL_PAYMENT"
        assert seen["consoleErrors"] == []
        assert all(url.startswith(server.origin + "/") for url in seen["requests"]), seen["requests"]
        assert screenshot.stat().st_size > 0

        doc = http.get(f"/v3/invoices/{invoice['id']}", headers=headers).json()
        assert (doc["dueAmount"], doc["status"]) == (74.5, "PARTIAL_PAYMENT")
        payments = http.get("/v3/receivable-payments", headers=headers).json()["results"]
        assert [(p["amount"], p["onlinePayment"], p["status"]) for p in payments] == [(45.5, True, "PAID")]
