"""``rules``: "production" (default) applies BILL's production-only rules; "sandbox" relaxes
them as BILL's sandbox does (README, "Production and sandbox rules"). Both engines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bill_sandbox.app import create_app
from support.ap import make_bill, post_ok
from support.api import Api, assert_error, signup
from support.engines import ENGINES, make_settings
from support.payments import ach_vendor, bd, check_vendor, iso, pay_body, today

pytestmark = pytest.mark.inprocess  # each test builds its own app with a `rules` setting

BANK = {
    "routingNumber": "074000010",
    "accountNumber": "555000111",
    "nameOnAccount": "Pending Books",
    "type": "CHECKING",
    "ownerType": "BUSINESS",
}


@pytest.fixture(scope="module", params=ENGINES)
def sandbox_client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    settings = make_settings(
        request.param, tmp_path_factory.mktemp(f"rules-{request.param}"), request, rules="sandbox"
    )
    app = create_app(settings)
    with TestClient(app) as c:
        c.bill_app = app  # type: ignore[attr-defined]
        yield c


@pytest.fixture
def lenient(sandbox_client: TestClient) -> Api:
    return Api(sandbox_client, signup(sandbox_client))


def _pending_bank(api: Api) -> str:
    api.trust()  # creating an org bank account is a trusted operation in both modes
    bank_id = str(post_ok(api, "/v3/funding-accounts/banks", BANK)["id"])
    api.login()  # a fresh, untrusted session
    return bank_id


def test_production_rules_by_default(api: Api) -> None:
    assert api.client.bill_app.state.settings.rules == "production"  # type: ignore[attr-defined]
    bank_id = _pending_bank(api)
    bill = make_bill(api, check_vendor(api)["id"], 10)
    assert_error(api.post("/v3/payments", json=pay_body(api, bill["id"], 10)), 403, "BDC_1361")
    api.trust()
    body = pay_body(api, bill["id"], 10, fundingAccount={"type": "BANK_ACCOUNT", "id": bank_id})
    assert_error(api.post("/v3/payments", json=body), 400, "BDC_1151")
    new_bank = make_bill(api, ach_vendor(api)["id"], 10)
    tomorrow = iso(bd(today(api), 1))
    body = pay_body(api, new_bank["id"], 10, processDate=tomorrow)
    assert_error(api.post("/v3/payments", json=body), 400, "BDC_1402")


def test_sandbox_rules_are_lenient(lenient: Api) -> None:
    api = lenient
    bank_id = _pending_bank(api)
    # no MFA-trusted session needed to pay
    bill = make_bill(api, check_vendor(api)["id"], 10)
    r = api.post("/v3/payments", json=pay_body(api, bill["id"], 10))
    assert r.status_code == 201, r.text
    # an unverified (PENDING) funding bank account pays
    other = make_bill(api, check_vendor(api, name="Second")["id"], 10)
    body = pay_body(api, other["id"], 10, fundingAccount={"type": "BANK_ACCOUNT", "id": bank_id})
    r = api.post("/v3/payments", json=body)
    assert r.status_code == 201, r.text
    # a vendor bank account added today can be paid the next business day
    new_bank = make_bill(api, ach_vendor(api)["id"], 10)
    tomorrow = iso(bd(today(api), 1))
    r = api.post("/v3/payments", json=pay_body(api, new_bank["id"], 10, processDate=tomorrow))
    assert r.status_code == 201, r.text
    assert r.json()["processDate"] == tomorrow


def test_token_sessions_never_pay_even_under_sandbox_rules(lenient: Api) -> None:
    api = lenient
    token: Any = api.sandbox("POST", "/api-tokens", json={"organizationId": api.org_id}).json()
    r = api.client.post(
        "/connect/v3/login",
        json={
            "username": token["tokenName"],
            "password": token["tokenValue"],
            "organizationId": api.org_id,
            "devKey": api.creds["devKey"],
        },
    )
    api.session_id = r.json()["sessionId"]
    bill = make_bill(api, check_vendor(api)["id"], 10)
    assert_error(api.post("/v3/payments", json=pay_body(api, bill["id"], 10)), 403, "BDC_1361")
