"""Fidelity to BILL's documentation (issue 14): funding failures, no null on the wire, list
filters and sorts, sessions and MFA, mass payments. Both engines (the ``api`` fixture)."""

from __future__ import annotations

import pytest

from api.ap_helpers import post_ok
from api.payment_helpers import (
    ach_vendor,
    advance_to_day,
    bd,
    bill_and_payment,
    payer,
    pdate,
)
from api.test_events import recorded
from conftest import Api


@pytest.fixture
def papi(api: Api) -> Api:
    return payer(api)


def _bank(api: Api, number: str) -> str:
    bank = post_ok(
        api,
        "/v3/funding-accounts/banks",
        {
            "routingNumber": "074000010",
            "accountNumber": number,
            "nameOnAccount": "Magic",
            "type": "CHECKING",
            "ownerType": "BUSINESS",
        },
    )
    r = api.post(f"/v3/funding-accounts/banks/{bank['id']}/verify", json={"depositAmount": 0.5})
    assert r.status_code == 200 and r.json()["verified"] is True, r.text
    return str(bank["id"])


@pytest.mark.parametrize(
    ("number", "status", "offset"),
    [("000000000021", "FUNDING_FAILED_ACTION_NEEDED", 1), ("000000000047", "FUNDING_FAILED_VOIDED", 0)],
)
def test_funding_failures_announce_payment_failed(papi: Api, number: str, status: str, offset: int) -> None:
    account = _bank(papi, number)
    _, payment = bill_and_payment(
        papi, ach_vendor(papi), 30, fundingAccount={"type": "BANK_ACCOUNT", "id": account}
    )
    advance_to_day(papi, bd(pdate(payment), offset))
    types = [(e["type"], e["obj"]["singleStatus"]) for e in recorded(papi, payment["id"])]
    assert ("payment.failed", status) in types
    assert ("payment.updated", status) in types
