"""Contract scenarios: MFA and funding accounts."""

from __future__ import annotations

from typing import Any

import httpx

from contract.shapes import scenario
from support.api import add_user
from support.payments import check_vendor, pay_by_card
from support.trust import trust

BANKS = "/v3/funding-accounts/banks"
FULL_BANK: dict[str, Any] = {
    "nameOnAccount": "Agatha Ffringe",
    "routingNumber": "074000010",
    "accountNumber": "111222333",
    "type": "CHECKING",
    "ownerType": "BUSINESS",
    "bankName": "Chase",
    "accessToAdmins": True,
    "chartOfAccountId": "0ca02ABCDEFGHIJKabcd",
}


def _setup_phone(api: Any, phone: str, type_: str = "TEXT") -> httpx.Response:
    api.trust()  # a developer account has a phone from sign-up: another setup resets MFA
    setup_id = api.post("/v3/mfa/setup", json={"phone": phone, "type": type_, "primary": True}).json()[
        "setupId"
    ]
    return api.post(
        "/v3/mfa/setup/validate", json={"setupId": setup_id, "type": type_, "token": api.mfa_code()}
    )


def _bank(api: Any, verify: bool = True) -> dict[str, Any]:
    api.trust()
    r = api.post(BANKS, json=FULL_BANK)
    assert r.status_code == 201, r.text
    account: dict[str, Any] = r.json()
    if verify:
        assert api.post(f"{BANKS}/{account['id']}/verify", json={"depositAmount": 0.5}).json()["verified"]
    return account


def _second_user(api: Any) -> str:
    return add_user(api).user_id


# ------------------------------------------------------------------------------------- MFA


@scenario("POST", "/v3/mfa/setup")
def mfa_setup(api: Any) -> httpx.Response:
    api.trust()
    return api.post("/v3/mfa/setup", json={"phone": "+1 415 555 0123", "type": "TEXT", "primary": True})


@scenario("POST", "/v3/mfa/setup/validate")
def mfa_setup_validate(api: Any) -> httpx.Response:
    return _setup_phone(api, "4155550123")


@scenario("POST", "/v3/mfa/challenge")
def mfa_challenge(api: Any) -> httpx.Response:
    return api.post("/v3/mfa/challenge", json={"useBackup": False})


@scenario("POST", "/v3/mfa/challenge/validate")
def mfa_challenge_validate(api: Any) -> httpx.Response:
    challenge_id = api.post("/v3/mfa/challenge", json={"useBackup": False}).json()["challengeId"]
    body = {
        "challengeId": challenge_id,
        "token": api.mfa_code(),
        "device": "contract-laptop",
        "machineName": "contract-runner",
        "rememberMe": True,
    }
    return api.post("/v3/mfa/challenge/validate", json=body)


@scenario("POST", "/v3/mfa/step-up")
def mfa_step_up(api: Any) -> httpx.Response:
    remember_me_id = api.trust(device="contract-laptop")
    api.login()
    return api.post("/v3/mfa/step-up", json={"rememberMeId": remember_me_id, "device": "contract-laptop"})


@scenario("GET", "/v3/mfa/phones")
def mfa_phones(api: Any) -> httpx.Response:
    _setup_phone(api, "4155550123")
    _setup_phone(api, "4155550999", "VOICE")
    return api.get("/v3/mfa/phones")


# -------------------------------------------------------------------------- bank accounts


@scenario("GET", BANKS)
def list_bank_accounts(api: Any) -> httpx.Response:
    _bank(api)
    _bank(api, verify=False)
    first = api.get(BANKS, params={"max": 1})
    return api.get(BANKS, params={"max": 1, "page": first.json()["nextPage"]})


@scenario("POST", BANKS)
def create_bank_account(api: Any) -> httpx.Response:
    api.trust()
    return api.post(BANKS, json=FULL_BANK)


@scenario("GET", BANKS + "/{bankAccountId}")
def get_bank_account(api: Any) -> httpx.Response:
    return api.get(f"{BANKS}/{_bank(api)['id']}")


@scenario("PATCH", BANKS + "/{bankAccountId}")
def update_bank_account(api: Any) -> httpx.Response:
    patch = {
        "nameOnAccount": "Agatha Ffringe II",
        "ownerType": "PERSONAL",
        "bankName": "Chase Bank",
        "accessToAdmins": False,
        "default": {"payables": True, "receivables": True},
        "chartOfAccountId": "0ca02ZYXWVUTSRQPzyxw",
    }
    return api.patch(f"{BANKS}/{_bank(api)['id']}", json=patch)


@scenario("POST", BANKS + "/{bankAccountId}/archive")
def archive_bank_account(api: Any) -> httpx.Response:
    return api.post(f"{BANKS}/{_bank(api)['id']}/archive")


@scenario("POST", BANKS + "/{bankAccountId}/verify")
def verify_bank_account(api: Any) -> httpx.Response:
    return api.post(f"{BANKS}/{_bank(api, verify=False)['id']}/verify", json={"depositAmount": 0.5})


# --------------------------------------------------------------------- bank-account users


@scenario("GET", BANKS + "/users")
def list_bank_account_users(api: Any) -> httpx.Response:
    _bank(api)
    _bank(api)
    first = api.get(BANKS + "/users", params={"max": 1, "currentUser": "false"})
    return api.get(
        BANKS + "/users", params={"max": 1, "currentUser": "false", "page": first.json()["nextPage"]}
    )


@scenario("POST", BANKS + "/users/nominate")
def nominate_bank_account_user(api: Any) -> httpx.Response:
    bank_id = api.get(BANKS).json()["results"][0]["id"]
    return api.post(BANKS + "/users/nominate", json={"bankAccountId": bank_id, "userId": _second_user(api)})


@scenario("POST", BANKS + "/users/{bankAccountUserId}/archive")
def archive_bank_account_user(api: Any) -> httpx.Response:
    row_id = api.get(BANKS + "/users").json()["results"][0]["id"]
    return api.post(f"{BANKS}/users/{row_id}/archive")


# ----------------------------------------------------------------------------------- cards

CARDS = "/v3/funding-accounts/cards"


# BILL's example shows a running promotion; the sandbox runs none, and absent objects are omitted.
@scenario("GET", CARDS, missing={"rates.activePromotion"})
def list_card_accounts(api: Any) -> httpx.Response:
    return api.get(CARDS, params={"cardUserStatus": "VERIFIED"})


@scenario("GET", CARDS + "/{cardAccountId}")
def get_card_account(api: Any) -> httpx.Response:
    card_id = api.get(CARDS, params={"cardUserStatus": "VERIFIED"}).json()["cards"][0]["id"]
    return api.get(f"{CARDS}/{card_id}")


# Card accounts have no create operation (BILL-RULES §5.7) and an organization has one seeded card
# with one user, so this list never has a second page to show the cursors.
@scenario("GET", CARDS + "/users", missing={"nextPage", "prevPage"})
def list_card_account_users(api: Any) -> httpx.Response:
    return api.get(CARDS + "/users", params={"currentUser": "false"})


@scenario("GET", CARDS + "/funding-purposes")
def card_funding_purposes(api: Any) -> httpx.Response:
    vendor_id = check_vendor(api, name="Card Vendor")["id"]
    # lastUsedPurpose appears once a card payment used a purpose
    pay_by_card(trust(api), vendor_id, "OFFICE_SUPPLIES")
    return api.get(CARDS + "/funding-purposes", params={"vendorId": vendor_id, "brand": "visa"})


@scenario("GET", "/v3/funding-accounts/ap-cards")
def list_ap_cards(api: Any) -> httpx.Response:
    return api.get("/v3/funding-accounts/ap-cards")


@scenario("GET", "/v3/funding-accounts/permissions")
def funding_permissions(api: Any) -> httpx.Response:
    return api.get("/v3/funding-accounts/permissions")
