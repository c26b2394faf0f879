"""Spend & Expense against a real `bill-sandbox serve`: the apiToken it printed and wrote into the
Postman environment works (and survives a restart); the two stories of the README."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from bill_sandbox.testing import LiveServer

pytestmark = pytest.mark.e2e


class Client:
    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.token = server.credentials["api_token"]

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        r = httpx.request(
            method, self.server.base_url + "/v3/spend" + path, headers={"apiToken": self.token}, **kwargs
        )
        assert r.status_code == 200, r.text
        return r.json() if r.content else None

    def control(self, path: str, body: dict[str, Any]) -> Any:
        r = httpx.post(self.server.origin + "/_sandbox" + path, json=body)
        assert r.status_code == 200, r.text
        return r.json()


def test_card_story_and_the_token_survives_a_restart(tmp_path: Path) -> None:
    with LiveServer(data_dir=tmp_path) as server:
        c = Client(server)
        me = c.call("GET", "/users/current")
        assert me["role"] == "ADMIN"
        budget = c.call(
            "POST",
            "/budgets",
            json={"name": "Team", "owners": [me["uuid"]], "recurringInterval": "MONTHLY", "limit": 100},
        )
        card = c.call(
            "POST", "/cards", json={"name": "Vendor card", "userId": me["uuid"], "budgetId": budget["uuid"]}
        )
        swipe = {"cardId": card["uuid"], "merchantName": "Guitar Center"}
        auth = c.control("/spend/transactions", {**swipe, "amount": 30, "action": "AUTHORIZE"})
        assert auth["transactionType"] == "AUTHORIZATION"
        clear = c.control("/spend/transactions", {**swipe, "action": "CLEAR", "transactionId": auth["uuid"]})
        assert clear["originalAuthTransactionUuid"] == auth["uuid"]
        decline = c.control("/spend/transactions", {**swipe, "amount": 90, "action": "AUTHORIZE"})
        assert decline["transactionType"] == "DECLINE" and decline["declineReason"]
        challenge = c.control("/spend/transactions", {**swipe, "amount": 20, "action": "THREE_DS"})
        answer = c.call(
            "POST", f"/transactions/{challenge['acsTransactionId']}/3ds-challenge", json={"action": "ACCEPT"}
        )
        assert answer["status"] == "ACCEPTED"
        spent = c.call("GET", f"/budgets/{budget['uuid']}")["currentPeriod"]["spent"]
        assert spent == {"cleared": 30, "pending": 20, "total": 50}

        server.restart()

        assert Client(server).token == c.token
        assert c.call("GET", f"/budgets/{budget['id']}")["currentPeriod"]["spent"] == spent


def test_reimbursement_story(tmp_path: Path) -> None:
    with LiveServer(data_dir=tmp_path) as server:
        c = Client(server)
        me = c.call("GET", "/users/current")
        budget = c.call(
            "POST",
            "/budgets",
            json={"name": "Team", "owners": [me["uuid"]], "recurringInterval": "MONTHLY", "limit": 500},
        )
        url = c.call("POST", "/reimbursements/image-upload-url")["url"]
        put = httpx.put(url, content=b"\xff\xd8\xffjpeg", headers={"Content-Type": "image/jpeg"})
        assert put.status_code == 200, put.text
        body = {
            "budgetId": budget["uuid"],
            "userId": me["uuid"],
            "occurredDate": "2025-12-25",
            "note": "Team lunch",
            "merchantName": "Jasmine Thai",
            "amount": 50,
            "receipts": [{"url": url, "filename": "lunch.jpg"}],
        }
        r = c.call("POST", "/reimbursements", json=body)
        assert (
            c.call("POST", f"/reimbursements/{r['uuid']}/action", json={"action": "APPROVE"})["status"]
            == "READY_TO_PAY"
        )
        advanced = httpx.post(server.origin + "/_sandbox/clock/advance", json={"days": 7})
        assert advanced.status_code == 200, advanced.text
        paid = c.call("GET", f"/reimbursements/{r['uuid']}")
        assert paid["status"] == "PAID" and paid["batchId"]
        assert httpx.get(url).content == b"\xff\xd8\xffjpeg"
