"""Builders for the payments tests and contract scenarios: payers (MFA-trusted sessions that
survive clock jumps), vendors of every payment rail, payments, and moving the sandbox clock to
a given business day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from time import monotonic, sleep
from typing import Any, TypeVar

from bill_sandbox import business_days, clock
from support.ap import US_ADDRESS, make_bill, org_bank_account, post_ok
from support.api import Api

T = TypeVar("T")
DEVICE = "pytest-payments"
VENDOR_BANK = {"accountNumber": "123456789", "routingNumber": "074000010"}


def payer(api: Api) -> Api:
    """Trust ``api``'s session through the MFA flow and remember the device, so that
    ``relogin`` gets a trusted session again after the clock has jumped past the idle expiry."""
    api.remember_me_id = api.trust(device=DEVICE)  # type: ignore[attr-defined]
    return api


def relogin(api: Api) -> Api:
    body = api.login_body()
    remember = getattr(api, "remember_me_id", None)
    if remember:
        body.update(rememberMeId=remember, device=DEVICE)
    r = api.client.post("/connect/v3/login", json=body)
    assert r.status_code == 200, r.text
    api.session_id = r.json()["sessionId"]
    return api


def now(api: Api) -> datetime:
    parsed = clock.parse_timestamp(api.clock()["now"])
    assert parsed is not None
    return parsed


def today(api: Api) -> date:
    return now(api).date()


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC)


def advance_to(api: Api, when: datetime) -> None:
    """Move the sandbox clock to ``when`` (if it is not there yet), then log in again."""
    delta = (when - now(api)).total_seconds()
    if delta > 0:
        api.advance(seconds=delta)
    relogin(api)


def pass_wall_time(api: Api, seconds: float) -> None:
    """As if ``seconds`` of real time had passed for ``api``'s organization: its sandbox time
    and the scheduler's due time move, and nothing else happens (nothing is applied
    synchronously: the background scheduler must notice on its own)."""
    body = {"organizationId": api.org_id, "seconds": seconds, "apply": False}
    r = api.sandbox("POST", "/clock/advance", json=body)
    assert r.status_code == 200 and r.json()["applied"] is False, r.text


def wait_for(check: Callable[[], T], timeout: float = 10.0) -> T:
    """Poll ``check`` until it returns something truthy (the scheduler works in the background)."""
    deadline = monotonic() + timeout
    while True:
        value = check()
        if value or monotonic() > deadline:
            assert value, "timed out waiting for the background scheduler"
            return value
        sleep(0.05)


def advance_to_day(api: Api, day: date, hour: int = 1) -> None:
    advance_to(api, at(day, hour))


def bd(day: date, n: int) -> date:
    return business_days.add_business_days(day, n)


def iso(day: date) -> str:
    return clock.iso_date(day)


def pdate(payment: dict[str, Any]) -> date:
    return date.fromisoformat(payment["processDate"])


# ------------------------------------------------------------------------------ vendors
def ach_vendor(api: Api, account: str = "123456789", **body: Any) -> dict[str, Any]:
    """A vendor paid by ACH (its bank account is PENDING for 2 business days)."""
    body.setdefault("name", "Acme Strings")
    body.setdefault("email", "ap@acme.example.com")
    info = body.pop("paymentInformation", {})
    body["paymentInformation"] = {
        "payeeName": body["name"],
        "bankAccount": {**VENDOR_BANK, "accountNumber": account},
        **info,
    }
    return dict(post_ok(api, "/v3/vendors", body))


def check_vendor(api: Api, **body: Any) -> dict[str, Any]:
    """A vendor paid by check: a complete address and a payee name, no bank account."""
    body.setdefault("name", "Paper Mill")
    body.setdefault("email", "ap@papermill.example.com")
    body.setdefault("address", dict(US_ADDRESS))
    body.setdefault("paymentInformation", {"payeeName": body["name"]})
    return dict(post_ok(api, "/v3/vendors", body))


def offline_vendor(api: Api) -> dict[str, Any]:
    return dict(post_ok(api, "/v3/vendors", {"name": "Cash Only"}))


def set_network(api: Api, vendor_id: str, status: str, rpps_id: str | None = None) -> None:
    """Connect a vendor through the BILL network (control plane)."""
    body = {"organizationId": api.org_id, "status": status, "rppsId": rpps_id}
    r = api.sandbox("POST", f"/vendors/{vendor_id}/network", json=body)
    assert r.status_code == 200 and r.json()["networkStatus"] == status, r.text


def enroll_virtual_card(api: Api, vendor_id: str) -> None:
    """Enroll a vendor for virtual cards (BILL enrolls vendors; control plane)."""
    body = {"organizationId": api.org_id, "status": "ENROLLED", "remitEmail": "cards@example.com"}
    r = api.sandbox("POST", f"/vendors/{vendor_id}/virtual-card", json=body)
    assert r.status_code == 200, r.text


# ------------------------------------------------------------------------------ payments
def funding(api: Api) -> dict[str, str]:
    return {"type": "BANK_ACCOUNT", "id": org_bank_account(api)}


def pay_body(api: Api, bill_id: str, amount: float, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "billId": bill_id,
        "amount": amount,
        "fundingAccount": funding(api),
        "processingOptions": {"requestPayFaster": False, "createBill": False},
    }
    body.update(extra)
    return body


def pay(api: Api, bill_id: str, amount: float, status: int = 201, **extra: Any) -> Any:
    r = api.post("/v3/payments", json=pay_body(api, bill_id, amount, **extra))
    assert r.status_code == status, r.text
    return r.json()


def pay_by_card(api: Api, vendor_id: str, purpose: str, amount: float = 10) -> Any:
    """A bill of ``vendor_id`` paid with the organization's verified card account for
    ``purpose`` (the session must be trusted); the vendor's ``lastUsedPurpose`` becomes it."""
    r = api.get("/v3/funding-accounts/cards", params={"cardUserStatus": "VERIFIED"})
    assert r.status_code == 200, r.text
    card = {"type": "CARD_ACCOUNT", "id": r.json()["cards"][0]["id"]}
    bill = make_bill(api, vendor_id, amount)
    return pay(api, bill["id"], amount, fundingAccount=card, cardFundingPurpose=purpose)


def bill_and_payment(
    api: Api, vendor: dict[str, Any], amount: float = 100, bill_amount: float | None = None, **extra: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    bill = make_bill(api, vendor["id"], bill_amount if bill_amount is not None else amount)
    return bill, pay(api, bill["id"], amount, **extra)


def get_payment(api: Api, payment_id: str) -> dict[str, Any]:
    r = api.get(f"/v3/payments/{payment_id}")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def get_bill(api: Api, bill_id: str) -> dict[str, Any]:
    r = api.get(f"/v3/bills/{bill_id}")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def days_later(day: date, n: int) -> date:
    return day + timedelta(days=n)
