"""Vendors: CRUD, derived fields, autopay trust, bulk, lists, bank account, configuration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from support.ap import BANK, US_ADDRESS, full_vendor, make_bill, make_vendor, org_bank_account, post_ok
from support.api import Api, assert_error
from support.trust import trust


def vendor_count(api: Api) -> int:
    return len(api.get("/v3/vendors", params={"max": 100}).json()["results"])


# ---------------------------------------------------------------------------------- create
def test_create_minimal_vendor_has_bills_defaults(api: Api) -> None:
    r = api.post("/v3/vendors", json={"name": "Acme Strings"})
    assert r.status_code == 201, r.text
    v = r.json()
    assert v["id"].startswith("00902") and len(v["id"]) == 20
    assert v["archived"] is False and v["accountType"] == "NONE" and v["billCurrency"] == "USD"
    assert v["paymentInformation"] == {"payByType": "OFFLINE", "payBySubType": "NONE"}
    assert v["bankAccountStatus"] == "NO_ACCOUNT" and v["networkStatus"] == "NOT_CONNECTED"
    assert v["balance"]["amount"] == 0 and v["balance"]["lastUpdatedDate"] == v["createdTime"]
    assert v["recurringPayments"] is False and v["autoPay"] == {"enabled": False}
    assert "email" not in v and "address" not in v  # no value -> no field
    assert api.get(f"/v3/vendors/{v['id']}").json() == v


def test_create_vendor_with_bank_account_pays_by_ach(api: Api) -> None:
    v = make_vendor(
        api,
        address=US_ADDRESS,
        paymentInformation={
            "payeeName": "Acme",
            "bankAccount": {"accountNumber": "111222333", "routingNumber": "074000010"},
        },
    )
    info = v["paymentInformation"]
    assert info["payByType"] == "ACH" and info["payBySubType"] == "ACH"
    assert info["bankAccount"] == {
        "nameOnAccount": "Acme",
        "accountNumber": "111222333",
        "routingNumber": "074000010",
        "type": "CHECKING",
        "ownerType": "BUSINESS",
        "paymentCurrency": "USD",
    }
    assert v["bankAccountStatus"] == "NO_NET_LINKED_ACCOUNT"
    assert v["address"]["countryName"] == "United States"
    bank = api.get(f"/v3/vendors/{v['id']}/bank-account").json()
    assert bank["status"] == "PENDING" and bank["accountNumber"] == "111222333"


def test_pay_by_check_needs_a_complete_address_and_payee(api: Api) -> None:
    v = make_vendor(api, address=US_ADDRESS, paymentInformation={"payeeName": "Acme"})
    assert v["paymentInformation"]["payByType"] == "CHECK"
    partial = {k: v for k, v in US_ADDRESS.items() if k != "city"}
    v = make_vendor(api, address=partial, paymentInformation={"payeeName": "Acme"})
    assert v["paymentInformation"]["payByType"] == "OFFLINE"


def test_create_validation_errors(api: Api) -> None:
    body = assert_error(api.post("/v3/vendors", json={}), 400)
    assert body[0]["message"] == "name: must not be blank" and "code" not in body[0]
    assert_error(
        api.post("/v3/vendors", json={"name": "A", "email": "nope"}),
        400,
        message="email: must be a well-formed email address",
    )
    assert_error(api.post("/v3/vendors", json={"name": "A", "accountType": "ROBOT"}), 400, "BDC_1129")
    assert_error(
        api.post("/v3/vendors", json={"name": "A", "billCurrency": "XYZ"}),
        400,
        message="billCurrency: must be an ISO 4217 currency code",
    )
    assert_error(api.post("/v3/vendors", json={"name": "A", "nickname": "x"}), 400, "BDC_1002")
    bad_routing = {
        "payeeName": "A",
        "bankAccount": {"accountNumber": "111222333", "routingNumber": "000000000"},
    }
    assert_error(
        api.post("/v3/vendors", json={"name": "A", "paymentInformation": bad_routing}),
        400,
        message="routingNumber: invalid routing number",
    )
    both = {"paymentPurpose": {"text": "x", "code": {"name": "Goods", "value": "GDS"}}}
    assert_error(
        api.post("/v3/vendors", json={"name": "A", "paymentInformation": both}),
        400,
        message="paymentInformation.paymentPurpose: set either text or code, not both",
    )
    assert vendor_count(api) == 0


def test_enabling_autopay_needs_a_trusted_session(api: Api) -> None:
    body = full_vendor(api)
    assert_error(api.post("/v3/vendors", json=body), 403, "BDC_1361")
    trust(api)
    v = post_ok(api, "/v3/vendors", body)
    assert v["autoPay"] == {
        "enabled": True,
        "bankAccountId": org_bank_account(api),
        "createdBy": api.user_id,
        "maxAmount": 5000,
        "daysBeforeDueDate": 2,
    }
    missing = {**body, "autoPay": {"enabled": True}}
    assert_error(
        api.post("/v3/vendors", json=missing), 400, message="autoPay.bankAccountId: must not be blank"
    )
    unknown = {**body, "autoPay": {"enabled": True, "bankAccountId": "bac02ABCDEFGHIJKabcd"}}
    assert_error(api.post("/v3/vendors", json=unknown), 400, "BDC_1119")


def test_autopay_on_patch_needs_trust_too(api: Api) -> None:
    v = make_vendor(api)
    patch = {"autoPay": {"enabled": True, "bankAccountId": org_bank_account(api)}}
    assert_error(api.patch(f"/v3/vendors/{v['id']}", json=patch), 403, "BDC_1361")
    trust(api)
    r = api.patch(f"/v3/vendors/{v['id']}", json=patch)
    assert r.status_code == 200 and r.json()["autoPay"]["createdBy"] == api.user_id


# ----------------------------------------------------------------------------------- patch
def test_update_merges_and_recomputes(api: Api) -> None:
    v = make_vendor(api, email="a@example.com", address=US_ADDRESS)
    r = api.patch(
        f"/v3/vendors/{v['id']}",
        json={
            "name": "Acme Strings (Updated)",
            "accountType": "PERSON",
            "paymentInformation": {"payeeName": "Acme"},
        },
    )
    assert r.status_code == 200, r.text
    u = r.json()
    assert (
        u["name"] == "Acme Strings (Updated)"
        and u["accountType"] == "PERSON"
        and u["email"] == "a@example.com"
    )
    assert u["paymentInformation"]["payByType"] == "CHECK"
    assert u["updatedTime"] >= v["updatedTime"] and u["createdTime"] == v["createdTime"]
    assert_error(
        api.patch(f"/v3/vendors/{v['id']}", json={"name": ""}), 400, message="name: must not be blank"
    )
    r = api.patch(f"/v3/vendors/{v['id']}", json={"email": None})
    assert "email" not in r.json()


def test_patch_cannot_change_the_bank_account(api: Api) -> None:
    v = make_vendor(api, paymentInformation={"bankAccount": BANK})
    r = api.patch(f"/v3/vendors/{v['id']}", json={"paymentInformation": {"bankAccount": BANK}})
    assert_error(r, 400, "BDC_1002", message="paymentInformation.bankAccount")
    r = api.patch(f"/v3/vendors/{v['id']}", json={"paymentInformation": None})
    assert (
        r.status_code == 200 and r.json()["paymentInformation"]["bankAccount"]["accountNumber"] == "111222333"
    )


def test_archive_and_restore_are_idempotent(api: Api) -> None:
    v = make_vendor(api)
    for _ in range(2):
        r = api.post(f"/v3/vendors/{v['id']}/archive")
        assert r.status_code == 200 and r.json()["archived"] is True
    assert api.get(f"/v3/vendors/{v['id']}").json()["archived"] is True
    for _ in range(2):
        r = api.post(f"/v3/vendors/{v['id']}/restore")
        assert r.status_code == 200 and r.json()["archived"] is False


def test_unknown_and_foreign_vendors_are_404(api: Api, new_api: Callable[[], Api]) -> None:
    other = new_api()
    theirs = make_vendor(other)
    for vid in (theirs["id"], "00902ABCDEFGHIJKabcd"):
        assert_error(api.get(f"/v3/vendors/{vid}"), 404, "BDC_1205")
        assert_error(api.patch(f"/v3/vendors/{vid}", json={"name": "x"}), 404, "BDC_1205")
        assert_error(api.post(f"/v3/vendors/{vid}/archive"), 404, "BDC_1205")
        assert_error(api.get(f"/v3/vendors/{vid}/bank-account"), 404, "BDC_1205")
        assert_error(api.get(f"/v3/vendors/{vid}/configuration"), 404, "BDC_1205")
    assert other.get(f"/v3/vendors/{theirs['id']}").status_code == 200


# ------------------------------------------------------------------------------------ bulk
def test_bulk_create(api: Api) -> None:
    r = api.post("/v3/vendors/bulk", json=[{"name": f"V{i}"} for i in range(3)])
    assert r.status_code == 201, r.text
    vendors = r.json()["vendors"]
    assert [v["name"] for v in vendors] == ["V0", "V1", "V2"] and len({v["id"] for v in vendors}) == 3


def test_bulk_create_is_all_or_nothing(api: Api) -> None:
    bad = {
        "name": "Bad",
        "paymentInformation": {"bankAccount": {"accountNumber": "12", "routingNumber": "1"}},
    }
    body = assert_error(api.post("/v3/vendors/bulk", json=[{"name": "Good"}, bad]), 400, "BDC_1246")
    assert any(item["message"].startswith("[1] ") for item in body)
    assert_error(
        api.post("/v3/vendors/bulk", json=[{"name": "Good"}, {}]), 400, message="name: must not be blank"
    )
    assert_error(api.post("/v3/vendors/bulk", json=[{"name": f"V{i}"} for i in range(21)]), 400)
    assert_error(api.post("/v3/vendors/bulk", json=[]), 400)
    assert vendor_count(api) == 0


# ----------------------------------------------------------------------------------- lists
def test_list_filters_and_sorts(api: Api) -> None:
    make_vendor(api, name="Happy Music", accountType="BUSINESS", address={"country": "US"})
    make_vendor(api, name="Harp House", accountType="PERSON", billCurrency="EUR", address={"country": "FR"})
    archived = make_vendor(api, name="Zither Co")
    api.post(f"/v3/vendors/{archived['id']}/archive")

    def names(**params: Any) -> list[str]:
        r = api.get("/v3/vendors", params=params)
        assert r.status_code == 200, r.text
        return [v["name"] for v in r.json()["results"]]

    assert names() == ["Happy Music", "Harp House", "Zither Co"]
    assert names(filters='name:sw:"Ha"') == ["Happy Music", "Harp House"]
    assert names(filters='accountType:in:"PERSON,NONE"') == ["Harp House", "Zither Co"]
    assert names(filters="billCurrency:eq:EUR") == ["Harp House"]
    assert names(filters="address.country:eq:FR") == ["Harp House"]
    assert names(filters="archived:eq:false", sort="name:desc") == ["Harp House", "Happy Music"]
    assert names(sort="createdTime:desc") == ["Zither Co", "Harp House", "Happy Music"]
    assert_error(api.get("/v3/vendors", params={"filters": "color:eq:red"}), 400, "BDC_1130")
    assert_error(api.get("/v3/vendors", params={"filters": "name:gt:x"}), 400, "BDC_1131")


# ---------------------------------------------------------------------------- bank account
def test_bank_account_lifecycle(api: Api) -> None:
    v = make_vendor(api, address=US_ADDRESS, paymentInformation={"payeeName": "Acme"})
    path = f"/v3/vendors/{v['id']}/bank-account"
    assert_error(api.get(path), 404, "BDC_1205")
    # No MFA-trusted session needed (BILL's list of trusted operations does not include it).
    assert_error(
        api.post(path, json={**BANK, "routingNumber": "123456789"}),
        400,
        message="routingNumber: invalid routing number",
    )
    r = api.post(path, json=BANK)
    assert r.status_code == 200, r.text
    assert r.json() == {**BANK, "status": "PENDING"}
    assert api.get(path).json() == {**BANK, "status": "PENDING"}
    assert_error(api.post(path, json=BANK), 400, "BDC_1119")
    vendor = api.get(f"/v3/vendors/{v['id']}").json()
    assert vendor["paymentInformation"]["bankAccount"] == BANK
    assert (
        vendor["paymentInformation"]["payByType"] == "ACH"
        and vendor["bankAccountStatus"] == "NO_NET_LINKED_ACCOUNT"
    )

    api.advance(days=5)  # at least 2 business days, whatever the weekday
    api.login()
    assert api.get(path).json()["status"] == "VERIFIED"

    r = api.delete(path)
    assert r.status_code == 204 and r.content == b""
    assert_error(api.get(path), 404, "BDC_1205")
    assert_error(api.delete(path), 404, "BDC_1205")
    vendor = api.get(f"/v3/vendors/{v['id']}").json()
    assert "bankAccount" not in vendor["paymentInformation"] and vendor["bankAccountStatus"] == "NO_ACCOUNT"
    assert vendor["paymentInformation"]["payByType"] == "CHECK"
    trust(api)
    assert api.post(path, json={"accountNumber": "987654321"}).json()["status"] == "PENDING"


# --------------------------------------------------------------------------- configuration
def test_international_payments_configuration(api: Api) -> None:
    path = "/v3/vendors/configuration/international-payments"
    r = api.get(path, params={"country": "IN", "billCurrency": "INR", "accountType": "PERSON"})
    assert r.status_code == 200, r.text
    cfg = r.json()
    assert cfg["paymentPurpose"]["required"] is True and cfg["paymentPurpose"]["type"] == "CODE"
    assert cfg["paymentPurpose"]["codes"] and {"name", "value"} == set(cfg["paymentPurpose"]["codes"][0])
    names = [f["name"] for f in cfg["validations"]["fields"]]
    assert "ifscCode" in names and "beneficiaryPan" in names
    de = api.get(path, params={"country": "DE", "billCurrency": "EUR", "accountType": "BUSINESS"}).json()
    assert de["paymentPurpose"]["required"] is False and de["paymentPurpose"]["codes"] == []
    assert [f["name"] for f in de["validations"]["fields"]][:2] == ["accountNumber", "swiftCode"]
    us = api.get(path, params={"country": "US", "billCurrency": "USD", "accountType": "NONE"}).json()
    assert us["validations"]["fields"] == []
    assert_error(api.get(path, params={"country": "DE", "billCurrency": "EUR"}), 400, "BDC_1108")
    assert_error(
        api.get(path, params={"country": "XX", "billCurrency": "EUR", "accountType": "NONE"}), 400, "BDC_1129"
    )
    assert_error(
        api.get(path, params={"country": "DE", "billCurrency": "EUR", "accountType": "X"}), 400, "BDC_1129"
    )


def test_vendor_configuration_follows_the_vendor(api: Api) -> None:
    v = make_vendor(api, address={"country": "IN"}, billCurrency="INR", accountType="BUSINESS")
    cfg = api.get(f"/v3/vendors/{v['id']}/configuration").json()["internationalPayments"]
    assert cfg["paymentPurpose"]["required"] is True and cfg["validations"]["fields"]
    domestic = make_vendor(api)
    cfg = api.get(f"/v3/vendors/{domestic['id']}/configuration").json()["internationalPayments"]
    assert cfg["validations"]["fields"] == [] and cfg["paymentPurpose"]["required"] is False


# ------------------------------------------------------------------------------- balance
def test_balance_is_the_due_of_unarchived_bills(api: Api) -> None:
    v = make_vendor(api)
    b1 = make_bill(api, v["id"], 100, 20.5)
    make_bill(api, v["id"], 30)
    assert api.get(f"/v3/vendors/{v['id']}").json()["balance"]["amount"] == 150.5
    api.post(f"/v3/bills/{b1['id']}/archive")
    assert api.get(f"/v3/vendors/{v['id']}").json()["balance"]["amount"] == 30
    api.post(f"/v3/bills/{b1['id']}/restore")
    balance = api.get(f"/v3/vendors/{v['id']}").json()["balance"]
    assert balance["amount"] == 150.5 and balance["lastUpdatedDate"] >= v["createdTime"]
