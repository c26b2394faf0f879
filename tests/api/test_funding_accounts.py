"""Funding accounts: org bank accounts (create, verify, update, archive), bank-account users,
card accounts, AP cards, permissions, card funding purposes, seeds and the payments API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bill_sandbox.auth import Caller
from bill_sandbox.errors import BillError
from bill_sandbox.resources.funding_accounts import cards as funding_cards
from bill_sandbox.resources.funding_accounts import funding_checks
from bill_sandbox.resources.funding_accounts import permissions as funding_permissions
from support.api import Api, add_user, assert_error
from support.payments import check_vendor, pass_wall_time, pay_by_card, wait_for
from support.trust import trust

BANKS = "/v3/funding-accounts/banks"
USERS = "/v3/funding-accounts/banks/users"
BANK: dict[str, Any] = {
    "nameOnAccount": "Agatha Ffringe",
    "routingNumber": "074000010",
    "accountNumber": "111222333",
    "type": "CHECKING",
    "ownerType": "BUSINESS",
    "bankName": "Chase",
}


def create(api: Api, **changes: Any) -> dict[str, Any]:
    r = api.post(BANKS, json={**BANK, **changes})
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def verified(api: Api, **changes: Any) -> dict[str, Any]:
    account = create(api, **changes)
    r = api.post(f"{BANKS}/{account['id']}/verify", json={"depositAmount": 0.5})
    assert r.json() == {"verified": True}, r.text
    out: dict[str, Any] = api.get(f"{BANKS}/{account['id']}").json()
    return out


def seeded(api: Api) -> dict[str, Any]:
    """The bank account every new organization gets."""
    out: dict[str, Any] = api.get(BANKS).json()["results"][0]
    return out


def payments_view(api: Api, fn: Callable[..., Any], *args: Any) -> Any:
    """Call a service function the way the payments engineer will: inside a request context
    (in-process tests only)."""
    app = api.client.bill_app  # type: ignore[attr-defined]
    return Caller(app.state.db, app.state.settings, api.creds["devKey"], api.session_id).read(fn, *args)


@pytest.fixture
def trusted(api: Api) -> Api:
    api.trust()
    return api


# ---------------------------------------------------------------------------------- seeds


def test_new_organization_is_seeded(api: Api) -> None:
    banks = api.get(BANKS).json()
    assert "nextPage" not in banks and len(banks["results"]) == 1
    bank = banks["results"][0]
    assert bank["id"].startswith("bac") and len(bank["id"]) == 20
    assert bank["status"] == "VERIFIED" and bank["routingNumber"] == "074000010"
    assert bank["createdBy"] == api.user_id and bank["default"] == {"payables": True, "receivables": True}
    users = api.get(USERS).json()["results"]
    assert [(u["bankAccountId"], u["userId"], u["verificationStatus"]) for u in users] == [
        (bank["id"], api.user_id, "VERIFIED")
    ]
    assert users[0]["id"].startswith("bau")
    cards = api.get("/v3/funding-accounts/cards", params={"cardUserStatus": "VERIFIED"}).json()
    assert len(cards["cards"]) == 1
    card = cards["cards"][0]
    assert card["id"].startswith("cca") and card["type"] == "CREDIT_CARD" and card["createdBy"] == api.user_id
    assert cards["rates"]["defaultCardAccountId"] == card["id"]
    assert cards["rates"]["funding"] == {"creditCardRate": 2.9, "debitCardRate": 2.9}
    nominated = api.get("/v3/funding-accounts/cards", params={"cardUserStatus": "NOMINATED"}).json()
    assert nominated["cards"] == []
    ap_cards = api.get("/v3/funding-accounts/ap-cards").json()
    assert isinstance(ap_cards, list) and len(ap_cards) == 1 and ap_cards[0]["id"].startswith("apc")
    assert ap_cards[0]["status"] == "ACTIVE"
    assert api.get("/v3/funding-accounts/permissions").json() == {
        "organization": {
            "card": {"payByCard": True, "fundingEnabled": True, "amexAllowed": False},
            "wallet": {"fundingEnabled": True},
        },
        "user": {"payOnline": True},
    }


def test_reset_seeds_again(trusted: Api) -> None:
    create(trusted)
    r = trusted.sandbox("POST", "/reset", json={"organizationId": trusted.org_id})
    assert r.status_code == 200, r.text
    banks = trusted.get(BANKS).json()["results"]
    assert len(banks) == 1 and banks[0]["status"] == "VERIFIED" and banks[0]["createdBy"] == trusted.user_id
    assert trusted.get(USERS).json()["results"][0]["userId"] == trusted.user_id


# --------------------------------------------------------------------------------- create


def test_create_needs_a_trusted_session(api: Api) -> None:
    assert_error(api.post(BANKS, json=BANK), 403, "BDC_1361", "Untrusted session.")


def test_create(trusted: Api) -> None:
    account = create(trusted, accessToAdmins=True, chartOfAccountId="0ca02ABCDEFGHIJKabcd")
    assert account["status"] == "PENDING" and account["archived"] is False
    assert account["default"] == {"payables": False, "receivables": False}
    assert account["createdBy"] == trusted.user_id and account["accessToAdmins"] is True
    assert account["chartOfAccountId"] == "0ca02ABCDEFGHIJKabcd"
    assert list(account)[:4] == ["archived", "id", "status", "createdBy"]
    assert trusted.get(f"{BANKS}/{account['id']}").json() == account
    mine = trusted.get(USERS, params={"filters": f"bankAccountId:eq:{account['id']}"}).json()["results"]
    assert [(u["userId"], u["verificationStatus"]) for u in mine] == [(trusted.user_id, "VERIFIED")]


def test_create_validation(trusted: Api) -> None:
    r = trusted.post(BANKS, json={})
    body = assert_error(r, 400)
    messages = {item["message"] for item in body}
    assert {
        "nameOnAccount: must not be blank",
        "routingNumber: must not be blank",
        "accountNumber: must not be blank",
        "type: must not be null",
        "ownerType: must not be null",
    } <= messages
    for routing in ("000000000", "123456789", "07400001", "07400001x"):
        r = trusted.post(BANKS, json={**BANK, "routingNumber": routing})
        assert_error(r, 400, None, "routingNumber: invalid routing number")
    assert_error(trusted.post(BANKS, json={**BANK, "accountNumber": "12ab"}), 400, None, "accountNumber")
    assert_error(trusted.post(BANKS, json={**BANK, "type": "BROKERAGE"}), 400, "BDC_1129")
    assert_error(trusted.post(BANKS, json={**BANK, "status": "VERIFIED"}), 400, "BDC_1002")


def test_create_needs_an_administrator(trusted: Api) -> None:
    clerk = add_user(trusted, role="CLERK")
    clerk.trust()
    body = assert_error(clerk.post(BANKS, json=BANK), 403, None, "does not have valid permissions")
    assert "code" not in body[0]


# --------------------------------------------------------------------------------- verify


def test_verify_with_the_sandbox_deposit(trusted: Api) -> None:
    account = create(trusted)
    url = f"{BANKS}/{account['id']}/verify"
    r = trusted.post(url, json={"depositAmount": 0.49})
    assert r.status_code == 200 and r.json() == {"verified": False}
    assert trusted.get(f"{BANKS}/{account['id']}").json()["status"] == "PENDING"
    assert trusted.post(url, json={"depositAmount": "0.50"}).json() == {"verified": True}
    assert trusted.get(f"{BANKS}/{account['id']}").json()["status"] == "VERIFIED"
    assert trusted.post(url, json={"depositAmount": 0.11}).json() == {"verified": True}  # already verified


def test_third_failed_verify_invalidates(trusted: Api) -> None:
    account = create(trusted)
    url = f"{BANKS}/{account['id']}/verify"
    for amount in (0.1, 0.2, 0.3):
        assert trusted.post(url, json={"depositAmount": amount}).json() == {"verified": False}
    assert trusted.get(f"{BANKS}/{account['id']}").json()["status"] == "INVALID"
    body = assert_error(trusted.post(url, json={"depositAmount": 0.5}), 400, "BDC_1119", "status, INVALID")
    assert body[0]["category"] == "APPLICATION"
    assert body[1]["message"].startswith(f"{account['id']} : ")


def test_magic_account_number_never_verifies(trusted: Api) -> None:
    account = create(trusted, accountNumber="000000000013")
    url = f"{BANKS}/{account['id']}/verify"
    for _ in range(3):
        assert trusted.post(url, json={"depositAmount": 0.5}).json() == {"verified": False}
    assert trusted.get(f"{BANKS}/{account['id']}").json()["status"] == "INVALID"


def test_verify_validation(api: Api, trusted: Api) -> None:
    bank_id = seeded(api)["id"]
    url = f"{BANKS}/{bank_id}/verify"
    assert_error(api.post(url, json={}), 400, None, "depositAmount: must not be null")
    assert_error(api.post(url, json={"depositAmount": 1.5}), 400, None, "between 0.01 and 0.99")
    assert_error(api.post(url, json={"depositAmount": "abc"}), 400, None, "depositAmount")
    assert_error(
        api.post(f"{BANKS}/bac02NOSUCHACCOUNTabc/verify", json={"depositAmount": 0.5}), 404, "BDC_1205"
    )


def test_pending_account_expires_after_14_days(trusted: Api) -> None:
    account = create(trusted)
    trusted.advance(days=13)
    trusted.login()
    assert trusted.get(f"{BANKS}/{account['id']}").json()["status"] == "PENDING"
    trusted.advance(days=2)
    trusted.login()
    after = trusted.get(f"{BANKS}/{account['id']}").json()
    assert after["status"] == "INVALID" and after["updatedTime"] > account["updatedTime"]
    assert_error(
        trusted.post(f"{BANKS}/{account['id']}/verify", json={"depositAmount": 0.5}), 400, "BDC_1119"
    )


# --------------------------------------------------------------------------------- update


def test_update_needs_trust_and_verified_account(api: Api) -> None:
    bank_id = seeded(api)["id"]
    assert_error(api.patch(f"{BANKS}/{bank_id}", json={"bankName": "X"}), 403, "BDC_1361")
    api.trust()
    pending = create(api)
    r = api.patch(f"{BANKS}/{pending['id']}", json={"bankName": "X"})
    body = assert_error(r, 400, "BDC_1119", "status, PENDING")
    assert body[0]["category"] == "APPLICATION"


def test_update(trusted: Api) -> None:
    seed = seeded(trusted)
    account = verified(trusted)
    patch = {
        "nameOnAccount": "New Name",
        "ownerType": "PERSONAL",
        "bankName": "New Bank",
        "accessToAdmins": True,
        "chartOfAccountId": "0ca02ABCDEFGHIJKabcd",
        "default": {"payables": True},
        "routingNumber": account["routingNumber"],  # unchanged values are accepted
    }
    r = trusted.patch(f"{BANKS}/{account['id']}", json=patch)
    assert r.status_code == 200, r.text
    out = r.json()
    assert (
        out["nameOnAccount"] == "New Name"
        and out["ownerType"] == "PERSONAL"
        and out["bankName"] == "New Bank"
    )
    assert out["accessToAdmins"] is True and out["chartOfAccountId"] == "0ca02ABCDEFGHIJKabcd"
    assert out["default"] == {"payables": True, "receivables": False}
    assert out["updatedTime"] >= account["updatedTime"]
    # the payables default moved away from the seeded account
    assert trusted.get(f"{BANKS}/{seed['id']}").json()["default"] == {"payables": False, "receivables": True}
    filtered = trusted.get(BANKS, params={"filters": "ownerType:eq:PERSONAL"}).json()["results"]
    assert [b["id"] for b in filtered] == [account["id"]]
    r = trusted.patch(f"{BANKS}/{account['id']}", json={"bankName": None})
    assert "bankName" not in r.json()


@pytest.mark.parametrize(
    ("field", "value"), [("routingNumber", "021000021"), ("accountNumber", "999999999"), ("type", "SAVINGS")]
)
def test_update_fixed_fields(trusted: Api, field: str, value: str) -> None:
    account = verified(trusted)
    r = trusted.patch(f"{BANKS}/{account['id']}", json={field: value})
    assert_error(r, 400, "BDC_1119", field)


def test_update_validation(trusted: Api) -> None:
    account = verified(trusted)
    url = f"{BANKS}/{account['id']}"
    assert_error(
        trusted.patch(url, json={"nameOnAccount": ""}), 400, None, "nameOnAccount: must not be blank"
    )
    assert_error(trusted.patch(url, json={"ownerType": None}), 400, None, "ownerType: must not be null")
    assert_error(trusted.patch(url, json={"ownerType": "ALIEN"}), 400, "BDC_1129")
    assert_error(trusted.patch(url, json={"status": "VERIFIED"}), 400, "BDC_1002")
    assert_error(trusted.patch(f"{BANKS}/bac02NOSUCHACCOUNTabc", json={}), 404, "BDC_1205")


# -------------------------------------------------------------------------------- archive


def test_archive(trusted: Api) -> None:
    account = verified(trusted)
    r = trusted.post(f"{BANKS}/{account['id']}/archive")
    assert r.status_code == 200 and r.json()["archived"] is True
    again = trusted.post(f"{BANKS}/{account['id']}/archive")
    assert again.status_code == 200 and again.json() == r.json()
    assert_error(trusted.post(f"{BANKS}/{account['id']}/restore"), 404, "BDC_1121")
    assert_error(trusted.patch(f"{BANKS}/{account['id']}", json={"bankName": "X"}), 400, "BDC_1119")
    live = trusted.get(BANKS, params={"filters": "archived:eq:false"}).json()["results"]
    assert account["id"] not in [b["id"] for b in live]


def test_archive_needs_verified_account_and_user(trusted: Api) -> None:
    pending = create(trusted)
    assert_error(trusted.post(f"{BANKS}/{pending['id']}/archive"), 400, "BDC_1119", "status, PENDING")
    other = add_user(trusted)
    bank_id = seeded(trusted)["id"]
    assert_error(other.post(f"{BANKS}/{bank_id}/archive"), 400, "BDC_1119", "verificationStatus, UNVERIFIED")
    r = trusted.post(f"{USERS}/nominate", json={"bankAccountId": bank_id, "userId": other.user_id})
    assert r.json() == {"status": "SUCCESS"}
    assert_error(other.post(f"{BANKS}/{bank_id}/archive"), 400, "BDC_1119", "verificationStatus, NOMINATED")


# ------------------------------------------------------------------------ bank-account users


def test_nominate_then_verified_after_one_business_day(trusted: Api) -> None:
    other = add_user(trusted)
    bank_id = seeded(trusted)["id"]
    r = trusted.post(f"{USERS}/nominate", json={"bankAccountId": bank_id, "userId": other.user_id})
    assert r.status_code == 200 and r.json() == {"status": "SUCCESS"}
    rows = trusted.get(USERS, params={"filters": f"userId:eq:{other.user_id}"}).json()["results"]
    assert (
        len(rows) == 1
        and rows[0]["verificationStatus"] == "NOMINATED"
        and rows[0]["bankAccountId"] == bank_id
    )
    # nominating again changes nothing
    trusted.post(f"{USERS}/nominate", json={"bankAccountId": bank_id, "userId": other.user_id})
    assert len(trusted.get(USERS, params={"filters": f"userId:eq:{other.user_id}"}).json()["results"]) == 1
    trusted.advance(hours=1)
    trusted.login()
    assert trusted.get(USERS, params={"filters": "verificationStatus:eq:NOMINATED"}).json()["results"]
    trusted.advance(days=6)  # one business day is at most 5 calendar days away
    trusted.login()
    row = trusted.get(USERS, params={"filters": f"userId:eq:{other.user_id}"}).json()["results"][0]
    assert row["verificationStatus"] == "VERIFIED" and row["updatedTime"] > rows[0]["updatedTime"]
    other.login()
    assert other.get("/v3/funding-accounts/permissions").json()["user"]["payOnline"] is True


def test_nomination_settles_without_a_clock_move(trusted: Api) -> None:
    """Transitions due by the (wall-clock driven) sandbox time are applied by the background
    scheduler, without a control-plane call."""
    other = add_user(trusted)
    bank_id = seeded(trusted)["id"]
    trusted.post(f"{USERS}/nominate", json={"bankAccountId": bank_id, "userId": other.user_id})
    pass_wall_time(trusted, 6 * 86400)  # one business day is at most 5 calendar days away
    trusted.login()

    def verified() -> bool:
        rows = trusted.get(USERS, params={"filters": f"userId:eq:{other.user_id}"}).json()["results"]
        return bool(rows[0]["verificationStatus"] == "VERIFIED")

    assert wait_for(verified)


def test_nominate_errors(trusted: Api, new_api: Callable[[], Api]) -> None:
    other = add_user(trusted)
    pending = create(trusted)
    url = f"{USERS}/nominate"
    r = trusted.post(url, json={"bankAccountId": pending["id"], "userId": other.user_id})
    assert_error(r, 400, "BDC_1119", "status, PENDING")
    bank_id = seeded(trusted)["id"]
    assert_error(trusted.post(url, json={"bankAccountId": bank_id, "userId": "00602NOBODYXXXXXabcd"}), 404)
    assert_error(
        trusted.post(url, json={"bankAccountId": "bac02NOSUCHACCOUNTabc", "userId": other.user_id}), 404
    )
    assert_error(trusted.post(url, json={"bankAccountId": bank_id}), 400, None, "userId: must not be blank")
    stranger = new_api()
    r = trusted.post(url, json={"bankAccountId": bank_id, "userId": stranger.user_id})
    assert_error(r, 404, "BDC_1205")


def test_current_user_filter(trusted: Api) -> None:
    other = add_user(trusted)
    bank_id = seeded(trusted)["id"]
    trusted.post(f"{USERS}/nominate", json={"bankAccountId": bank_id, "userId": other.user_id})
    everyone = trusted.get(USERS, params={"currentUser": "false"}).json()["results"]
    assert {u["userId"] for u in everyone} == {trusted.user_id, other.user_id}
    mine = other.get(USERS, params={"currentUser": "true"}).json()["results"]
    assert [u["userId"] for u in mine] == [other.user_id]
    assert_error(trusted.get(USERS, params={"currentUser": "maybe"}), 400, "BDC_1129")


def test_archive_bank_account_user(trusted: Api) -> None:
    other = add_user(trusted)
    bank_id = seeded(trusted)["id"]
    trusted.post(f"{USERS}/nominate", json={"bankAccountId": bank_id, "userId": other.user_id})
    row = trusted.get(USERS, params={"filters": f"userId:eq:{other.user_id}"}).json()["results"][0]
    r = trusted.post(f"{USERS}/{row['id']}/archive")
    assert r.status_code == 200, r.text
    assert r.json()["archived"] is True and r.json()["verificationStatus"] == "UNVERIFIED"
    assert trusted.post(f"{USERS}/{row['id']}/archive").json() == r.json()
    trusted.advance(days=6)  # an archived nomination never verifies
    trusted.login()
    row = trusted.get(USERS, params={"filters": f"id:eq:{row['id']}"}).json()["results"][0]
    assert row["verificationStatus"] == "UNVERIFIED"
    # nominating again creates a new nomination
    trusted.post(f"{USERS}/nominate", json={"bankAccountId": bank_id, "userId": other.user_id})
    rows = trusted.get(USERS, params={"filters": f"userId:eq:{other.user_id}", "sort": "createdTime"}).json()
    assert [u["verificationStatus"] for u in rows["results"]] == ["UNVERIFIED", "NOMINATED"]
    assert_error(trusted.post(f"{USERS}/bau02NOSUCHUSERXXXabc/archive"), 404, "BDC_1205")


def test_non_administrators_cannot_manage_accounts(trusted: Api) -> None:
    clerk = add_user(trusted, role="CLERK")
    bank_id = seeded(trusted)["id"]
    r = clerk.post(f"{USERS}/nominate", json={"bankAccountId": bank_id, "userId": clerk.user_id})
    assert_error(r, 403, None, "does not have valid permissions")
    assert_error(clerk.post(f"{BANKS}/{bank_id}/archive"), 403)
    assert clerk.get("/v3/funding-accounts/permissions").json()["user"]["payOnline"] is False


# ---------------------------------------------------------------------------------- lists


def test_bank_account_list_filters_and_paging(trusted: Api) -> None:
    seed = seeded(trusted)
    a = create(trusted, type="SAVINGS", accessToAdmins=True)
    b = verified(trusted, ownerType="PERSONAL")

    def ids(**params: str) -> list[str]:
        r = trusted.get(BANKS, params=params)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["results"]]

    assert ids() == [seed["id"], a["id"], b["id"]]
    assert ids(sort="createdTime:desc") == [b["id"], a["id"], seed["id"]]
    assert ids(filters="status:eq:PENDING") == [a["id"]]
    assert ids(filters='status:in:"VERIFIED,INVALID"') == [seed["id"], b["id"]]
    assert ids(filters="status:nin:VERIFIED") == [a["id"]]
    assert ids(filters="type:eq:SAVINGS") == [a["id"]]
    assert ids(filters="ownerType:ne:BUSINESS") == [b["id"]]
    assert ids(filters="accessToAdmins:eq:true") == [seed["id"], a["id"]]
    assert ids(filters=f"bankAccountId:eq:{a['id']}") == [a["id"]]
    assert ids(filters=f'id:in:"{a["id"]},{b["id"]}"') == [a["id"], b["id"]]
    assert ids(filters=f"createdTime:gte:{a['createdTime']}") == [a["id"], b["id"]]
    first = trusted.get(BANKS, params={"max": 2}).json()
    assert len(first["results"]) == 2 and "prevPage" not in first
    second = trusted.get(BANKS, params={"max": 2, "page": first["nextPage"]}).json()
    assert [x["id"] for x in second["results"]] == [b["id"]] and "nextPage" not in second
    assert_error(trusted.get(BANKS, params={"filters": "routingNumber:eq:x"}), 400, "BDC_1130")
    assert_error(trusted.get(BANKS, params={"filters": "status:sw:P"}), 400, "BDC_1131")
    assert_error(trusted.get(BANKS, params={"filters": "status:eq:GONE"}), 400, "BDC_1129")
    assert_error(trusted.get(BANKS, params={"max": 101}), 400, "BDC_1129")


# ---------------------------------------------------------------------------------- cards


def test_card_accounts(api: Api) -> None:
    assert_error(api.get("/v3/funding-accounts/cards"), 400, "BDC_1108", "cardUserStatus")
    assert_error(
        api.get("/v3/funding-accounts/cards", params={"cardUserStatus": "ARCHIVED"}), 400, "BDC_1129"
    )
    card = api.get("/v3/funding-accounts/cards", params={"cardUserStatus": "VERIFIED"}).json()["cards"][0]
    assert api.get(f"/v3/funding-accounts/cards/{card['id']}").json() == card
    assert card["expiration"]["month"] == "12" and card["last4"] == "1111"
    users = api.get("/v3/funding-accounts/cards/users", params={"currentUser": "true"}).json()
    assert users == {
        "results": [
            {
                "cardAccountId": card["id"],
                "userId": api.user_id,
                "archived": False,
                "verificationStatus": "VERIFIED",
            }
        ]
    }
    other = add_user(api)
    assert (
        other.get("/v3/funding-accounts/cards/users", params={"currentUser": "true"}).json()["results"] == []
    )
    assert len(other.get("/v3/funding-accounts/cards/users").json()["results"]) == 1
    assert (
        other.get("/v3/funding-accounts/cards", params={"cardUserStatus": "VERIFIED"}).json()["cards"] == []
    )
    filtered = api.get(
        "/v3/funding-accounts/cards/users", params={"filters": f"cardAccountId:eq:{card['id']}"}
    )
    assert len(filtered.json()["results"]) == 1
    assert_error(api.get("/v3/funding-accounts/cards/cca02NOSUCHCARDXXXabc"), 404, "BDC_1205")


def _vendor_id(api: Api) -> str:
    """A vendor of api's organization that cards can pay."""
    vendor_id: str = check_vendor(api, name="Card Vendor")["id"]
    return vendor_id


def test_card_funding_purposes(api: Api) -> None:
    url = "/v3/funding-accounts/cards/funding-purposes"
    vendor_id = _vendor_id(api)
    r = api.get(url, params={"vendorId": vendor_id, "brand": "visa"})
    assert r.status_code == 200, r.text
    assert "lastUsedPurpose" not in r.json()
    purposes = r.json()["results"]
    assert purposes and all(p["category"] and p["subCategories"] for p in purposes)
    sub = purposes[0]["subCategories"][0]
    assert funding_cards.is_funding_purpose(sub) and not funding_cards.is_funding_purpose("CANDY")
    pay_by_card(trust(api), vendor_id, sub)
    assert api.get(url, params={"vendorId": vendor_id, "brand": "VISA"}).json()["lastUsedPurpose"] == sub
    pay_by_card(api, vendor_id, "RENT")
    assert api.get(url, params={"vendorId": vendor_id, "brand": "amex"}).json()["lastUsedPurpose"] == "RENT"
    assert_error(api.get(url, params={"vendorId": vendor_id}), 400, "BDC_1108", "brand")
    assert_error(api.get(url, params={"vendorId": vendor_id, "brand": "diners"}), 400, "BDC_1129")
    assert_error(api.get(url, params={"vendorId": "nope", "brand": "visa"}), 404, "BDC_1205")


# ------------------------------------------------------------------------------- tenancy


def test_another_organizations_accounts_are_404(trusted: Api, new_api: Callable[[], Api]) -> None:
    other = new_api()
    other.trust()
    bank_id = seeded(trusted)["id"]
    user_row = trusted.get(USERS).json()["results"][0]["id"]
    card_id = trusted.get("/v3/funding-accounts/cards", params={"cardUserStatus": "VERIFIED"}).json()[
        "cards"
    ][0]
    assert_error(other.get(f"{BANKS}/{bank_id}"), 404, "BDC_1205")
    assert_error(other.patch(f"{BANKS}/{bank_id}", json={"bankName": "X"}), 404, "BDC_1205")
    assert_error(other.post(f"{BANKS}/{bank_id}/verify", json={"depositAmount": 0.5}), 404, "BDC_1205")
    assert_error(other.post(f"{BANKS}/{bank_id}/archive"), 404, "BDC_1205")
    assert_error(other.post(f"{USERS}/{user_row}/archive"), 404, "BDC_1205")
    r = other.post(f"{USERS}/nominate", json={"bankAccountId": bank_id, "userId": other.user_id})
    assert_error(r, 404, "BDC_1205")
    assert_error(other.get(f"/v3/funding-accounts/cards/{card_id['id']}"), 404, "BDC_1205")
    assert bank_id not in [b["id"] for b in other.get(BANKS).json()["results"]]
    assert user_row not in [u["id"] for u in other.get(USERS).json()["results"]]


# ---------------------------------------------------------------------- for the payments API


def _error(api: Api, fn: Callable[..., Any], *args: Any) -> BillError:
    with pytest.raises(BillError) as info:
        payments_view(api, fn, *args)
    return info.value


@pytest.mark.inprocess  # calls service functions inside a request context
def test_funding_bank_account(trusted: Api) -> None:
    bank_id = seeded(trusted)["id"]
    funding = payments_view(trusted, funding_checks.funding_bank_account, bank_id)
    assert funding["id"] == bank_id and funding["status"] == "VERIFIED"
    assert funding["userVerificationStatus"] == "VERIFIED" and funding["fundingFails"] is False
    assert funding["account"]["routingNumber"] == "074000010"
    pending = create(trusted)
    err = _error(trusted, funding_checks.funding_bank_account, pending["id"])
    assert err.code == "BDC_1151" and err.http_status == 400 and len(err.items) == 2
    assert _error(trusted, funding_checks.funding_bank_account, "bac02NOSUCHACCOUNTabc").http_status == 404
    failing = verified(trusted, accountNumber="000000000021")
    assert payments_view(trusted, funding_checks.funding_bank_account, failing["id"])["fundingFails"] is True
    other = add_user(trusted)
    assert _error(other, funding_checks.funding_bank_account, bank_id).code == "BDC_1150"
    trusted.post(f"{USERS}/nominate", json={"bankAccountId": bank_id, "userId": other.user_id})
    assert _error(other, funding_checks.funding_bank_account, bank_id).code == "BDC_1150"
    clerk = add_user(trusted, role="CLERK")
    assert _error(clerk, funding_checks.funding_bank_account, bank_id).code == "BDC_1150"
    trusted.post(f"{BANKS}/{bank_id}/archive")
    assert _error(trusted, funding_checks.funding_bank_account, bank_id).code == "BDC_1151"
    assert payments_view(trusted, funding_permissions.user_can_pay) is True  # still VERIFIED on `failing`


@pytest.mark.inprocess  # calls service functions inside a request context
def test_funding_card_account_and_ap_card(api: Api) -> None:
    card_id = api.get("/v3/funding-accounts/cards", params={"cardUserStatus": "VERIFIED"}).json()["cards"][0][
        "id"
    ]
    funding = payments_view(api, funding_checks.funding_card_account, card_id)
    assert (
        funding["brand"] == "VISA" and funding["type"] == "CREDIT_CARD" and str(funding["feeRate"]) == "2.9"
    )
    assert _error(add_user(api), funding_checks.funding_card_account, card_id).code == "BDC_1150"
    assert _error(api, funding_checks.funding_card_account, "cca02NOSUCHCARDXXXabc").http_status == 404
    ap_id = api.get("/v3/funding-accounts/ap-cards").json()[0]["id"]
    assert payments_view(api, funding_checks.funding_ap_card, ap_id)["status"] == "ACTIVE"
