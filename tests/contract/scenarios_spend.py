"""Contract scenarios: Spend & Expense (``/v3/spend/...``, apiToken auth)."""

from __future__ import annotations

from typing import Any

import httpx

from contract.shapes import scenario
from support.api import local_path
from support.spend import Spend

# Never set by the sandbox: no splits, no accounting integration, no disputes.
TXN_NEVER = {"parentTransactionId", "accountingIntegrationTransactions", "disputeStatus"}
# Only on one kind of transaction: a clear points to its authorization, an authorization to
# its clear, a decline has its reasons.
TXN_KIND = {
    "originalAuthTransactionId",
    "originalAuthTransactionUuid",
    "matchedClearTransactionId",
    "matchedClearTransactionUuid",
    "declineReason",
    "declineInternalReasonCode",
}
# Set once the reimbursement is in a payment batch; a history note only where one was given.
RMB_LATER = {"batchId", "batchAmount", "statusHistory[].note"}


def _results(names: set[str]) -> set[str]:
    return {f"results[].{n}" for n in names}


def middle(s: Spend, path: str, **params: Any) -> httpx.Response:
    """The second page of one-row pages (it has both cursors, as BILL's examples do)."""
    first = s.ok("GET", path, params={**params, "max": 1})
    return s.get(path, params={**params, "max": 1, "nextPage": first["nextPage"]})


def full_budget(s: Spend, **extra: Any) -> dict[str, Any]:
    parent = s.budget(name="Parent budget")
    return s.budget(
        name="Happy Music Supplies monthly spending budget",
        description="Instruments and sheet music",
        expirationDate="2030-12-31",
        recurringInterval="MONTHLY",
        timezone="US/Pacific",
        autoAddUsers=False,
        receiptRequired=True,
        maxTxSize=400,
        carryOver=True,
        limitlessOverspend=True,
        limit=1000,
        recurringLimit=1000,
        parentBudgetId=parent["uuid"],
        **extra,
    )


def full_card(s: Spend, budget: dict[str, Any]) -> dict[str, Any]:
    return s.card(budget, limit=300, recurringLimit=300, expirationDate="2030-12-31", shareBudgetFunds=False)


def upload(s: Spend, path: str) -> str:
    url: str = s.ok("POST", path)["url"]
    r = s.api.client.put(local_path(url), content=b"\xff\xd8receipt", headers={"Content-Type": "image/jpeg"})
    assert r.status_code == 200, r.text
    return url


def fields_for(s: Spend, budget: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(a selector field, one of its values, a NOTE field), both on ``budget``."""
    selector = s.ok(
        "POST",
        "/custom-fields",
        json={
            "name": "Project",
            "allowCustomValues": False,
            "values": ["Tour", "Studio"],
            "selectedBudgetIds": [budget["uuid"]],
        },
    )
    value = s.ok("GET", f"/custom-fields/{selector['uuid']}/values")["results"][0]
    note = s.ok(
        "POST", "/custom-fields", json={"name": "Purpose", "allowCustomValues": False, "global": True}
    )
    return selector, value, note


def choices(selector: dict[str, Any], value: dict[str, Any], note: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"customFieldId": selector["uuid"], "selectedValues": [value["uuid"]]},
        {"customFieldId": note["uuid"], "note": "Band rehearsal"},
    ]


def activity(s: Spend) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """A budget, a card and an authorization, a clear of it, and a decline."""
    budget = s.budget(limit=1000, maxTxSize=500)
    card = full_card(s, budget)
    auth = s.swipe(card, 40, city="Austin", state="TX", postalCode="78701", country="US")
    clear = s.swipe(
        card,
        45,
        action="CLEAR",
        transactionId=auth["uuid"],
        city="Austin",
        state="TX",
        postalCode="78701",
        country="US",
    )
    decline = s.swipe(card, 600, city="Austin", state="TX", postalCode="78701", country="US")
    assert decline["transactionType"] == "DECLINE"
    selector, value, note = fields_for(s, budget)
    s.ok(
        "PUT",
        f"/transactions/{auth['uuid']}/custom-fields",
        json={"customFields": choices(selector, value, note)},
    )
    s.ok(
        "POST",
        f"/transactions/{auth['uuid']}/receipts",
        json={"url": upload(s, "/transactions/receipt-upload-url")},
    )
    return budget, card, [auth, clear, decline]


def reimbursement(s: Spend, budget: dict[str, Any] | None = None) -> dict[str, Any]:
    budget = budget or s.budget()
    selector, value, note = fields_for(s, budget)
    out: dict[str, Any] = s.ok(
        "POST",
        "/reimbursements",
        json={
            "budgetId": budget["uuid"],
            "userId": s.me()["uuid"],
            "occurredDate": "2025-12-25",
            "note": "Team lunch",
            "merchantName": "Jasmine Thai",
            "amount": 50,
            "receipts": [{"url": upload(s, "/reimbursements/image-upload-url"), "filename": "lunch.jpg"}],
            "customFields": choices(selector, value, note),
        },
    )
    return out


def paid_reimbursement(s: Spend) -> dict[str, Any]:
    r = reimbursement(s)
    s.ok("POST", f"/reimbursements/{r['uuid']}/action", json={"action": "APPROVE", "note": "Approved"})
    s.api.advance(days=7)
    out: dict[str, Any] = s.ok("GET", f"/reimbursements/{r['uuid']}")
    assert out["status"] == "PAID", out
    return out


# ----------------------------------------------------------------------------------- users
@scenario("GET", "/v3/spend/users")
def list_users(api: Any) -> httpx.Response:
    s = Spend(api)
    s.user()
    s.user()
    first = s.ok("GET", "/users", params={"max": 1})
    return s.get("/users", params={"max": 1, "nextPage": first["nextPage"]})


@scenario("POST", "/v3/spend/users")
def create_user(api: Any) -> httpx.Response:
    return Spend(api).post(
        "/users",
        json={
            "email": "clark@example.com",
            "firstName": "Clark",
            "lastName": "Spenderson",
            "role": "MEMBER",
            "dateOfBirth": "1990-04-20",
            "phone": "5125550100",
        },
    )


@scenario("GET", "/v3/spend/users/current")
def current_user(api: Any) -> httpx.Response:
    return Spend(api).get("/users/current")


@scenario("GET", "/v3/spend/users/{userId}")
def get_user(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.get(f"/users/{s.user()['id']}")


@scenario("PATCH", "/v3/spend/users/{userId}")
def update_user(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.patch(f"/users/{s.user()['uuid']}", json={"role": "ADMIN"})


@scenario("DELETE", "/v3/spend/users/{userId}")
def delete_user(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.delete(f"/users/{s.user()['uuid']}")


# --------------------------------------------------------------------------------- budgets
@scenario("GET", "/v3/spend/budgets")
def list_budgets(api: Any) -> httpx.Response:
    s = Spend(api)
    full_budget(s)
    full_budget(s)
    return middle(s, "/budgets", sort="name:asc", filters="retired:eq:false")


@scenario("POST", "/v3/spend/budgets")
def create_budget(api: Any) -> httpx.Response:
    s = Spend(api)
    parent = s.budget(name="Parent")
    return s.post(
        "/budgets",
        json={
            "name": "Happy Music Supplies monthly spending budget",
            "description": "Instruments",
            "owners": [s.me()["uuid"]],
            "members": [s.user()["uuid"]],
            "observers": [s.user()["id"]],
            "expirationDate": "2030-12-31",
            "recurringInterval": "QUARTERLY",
            "recurMonth": 1,
            "timezone": "US/Eastern",
            "autoAddUsers": True,
            "receiptRequired": True,
            "maxTxSize": 400,
            "carryOver": True,
            "limitlessOverspend": True,
            "limit": 200,
            "recurringLimit": 200,
            "parentBudgetId": parent["uuid"],
        },
    )


@scenario("GET", "/v3/spend/budgets/{budgetId}")
def get_budget(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.get(f"/budgets/{full_budget(s)['id']}")


@scenario("PATCH", "/v3/spend/budgets/{budgetId}")
def update_budget(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.patch(f"/budgets/{full_budget(s)['uuid']}", json={"limit": 300})


@scenario("DELETE", "/v3/spend/budgets/{budgetId}")
def delete_budget(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.delete(f"/budgets/{s.budget()['uuid']}")


@scenario("GET", "/v3/spend/budgets/{budgetId}/members")
def list_members(api: Any) -> httpx.Response:
    s = Spend(api)
    budget = s.budget()
    for _ in range(2):
        s.ok(
            "PUT",
            f"/budgets/{budget['uuid']}/members/{s.user()['uuid']}",
            json={"limit": 50, "recurringLimit": 100},
        )
    first = s.ok("GET", f"/budgets/{budget['uuid']}/members", params={"max": 1, "sort": "name:asc"})
    return s.get(
        f"/budgets/{budget['uuid']}/members",
        params={"max": 1, "sort": "name:asc", "nextPage": first["nextPage"]},
    )


@scenario("PUT", "/v3/spend/budgets/{budgetId}/members/bulk")
def bulk_members(api: Any) -> httpx.Response:
    s = Spend(api)
    budget = s.budget()
    members = [{"userId": s.user()["uuid"], "limit": 200, "recurringLimit": 200, "role": "OWNER"}]
    return s.put(f"/budgets/{budget['uuid']}/members/bulk", json={"members": members})


@scenario("GET", "/v3/spend/budgets/{budgetId}/members/{userId}")
def get_member(api: Any) -> httpx.Response:
    s = Spend(api)
    budget = s.budget()
    user = s.user()
    s.ok(
        "PUT",
        f"/budgets/{budget['uuid']}/members/{user['uuid']}",
        json={"limit": "50", "recurringLimit": "100"},
    )
    return s.get(f"/budgets/{budget['id']}/members/{user['id']}")


@scenario("PUT", "/v3/spend/budgets/{budgetId}/members/{userId}")
def upsert_member(api: Any) -> httpx.Response:
    s = Spend(api)
    budget = s.budget()
    return s.put(
        f"/budgets/{budget['uuid']}/members/{s.user()['uuid']}",
        json={"limit": "50", "recurringLimit": "100", "role": "MEMBER", "shareBudgetFunds": False},
    )


@scenario("DELETE", "/v3/spend/budgets/{budgetId}/members/{userId}")
def delete_member(api: Any) -> httpx.Response:
    s = Spend(api)
    budget = s.budget(members=[s.user()["uuid"]])
    member = s.ok("GET", f"/budgets/{budget['uuid']}/members", params={"sort": "name:desc"})["results"][0]
    return s.delete(f"/budgets/{budget['uuid']}/members/{member['userUuid']}")


# ----------------------------------------------------------------------------------- cards
CARD_DELETED_ONLY = {"deletedReason"}


@scenario("GET", "/v3/spend/cards")
def list_cards(api: Any) -> httpx.Response:
    s = Spend(api)
    budget = s.budget()
    for _ in range(3):
        gone = full_card(s, budget)
        s.ok("DELETE", f"/cards/{gone['uuid']}", params={"reason": "STOLEN"})
    return middle(s, "/cards", filters="retired:eq:true", sort="status")


@scenario("POST", "/v3/spend/cards", missing=CARD_DELETED_ONLY)
def create_card(api: Any) -> httpx.Response:
    s = Spend(api)
    budget = s.budget()
    return s.post(
        "/cards",
        json={
            "budgetId": budget["uuid"],
            "limit": "100",
            "recurringLimit": "100",
            "expirationDate": "2030-12-31",
            "shareBudgetFunds": False,
            "name": "Happy Music Supplies card for Clark Spenderson",
            "userId": s.user()["uuid"],
        },
    )


@scenario("GET", "/v3/spend/cards/{cardId}")
def get_card(api: Any) -> httpx.Response:
    s = Spend(api)
    card = full_card(s, s.budget())
    s.ok("DELETE", f"/cards/{card['uuid']}", params={"reason": "LOST"})
    return s.get(f"/cards/{card['id']}")


@scenario("PATCH", "/v3/spend/cards/{cardId}", missing=CARD_DELETED_ONLY)
def update_card(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.patch(f"/cards/{full_card(s, s.budget())['uuid']}", json={"limit": "120"})


@scenario("DELETE", "/v3/spend/cards/{cardId}")
def delete_card(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.delete(f"/cards/{full_card(s, s.budget())['uuid']}", params={"reason": "CANCELLED"})


@scenario("POST", "/v3/spend/cards/{cardId}/freeze", missing=CARD_DELETED_ONLY)
def freeze_card(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.post(f"/cards/{full_card(s, s.budget())['uuid']}/freeze")


@scenario("POST", "/v3/spend/cards/{cardId}/unfreeze", missing=CARD_DELETED_ONLY)
def unfreeze_card(api: Any) -> httpx.Response:
    s = Spend(api)
    card = full_card(s, s.budget())
    s.ok("POST", f"/cards/{card['uuid']}/freeze")
    return s.post(f"/cards/{card['uuid']}/unfreeze")


@scenario("GET", "/v3/spend/cards/{cardId}/pan-jwt")
def pan_jwt(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.get(f"/cards/{full_card(s, s.budget())['uuid']}/pan-jwt")


# --------------------------------------------------------------------------- custom fields
def full_custom_field(s: Spend) -> dict[str, Any]:
    budget = s.budget()
    out: dict[str, Any] = s.ok(
        "POST",
        "/custom-fields",
        json={
            "name": "Team offsite",
            "description": "Which offsite",
            "multiSelect": True,
            "allowCustomValues": False,
            "minimumAmountForRequirement": 25,
            "required": False,
            "global": False,
            "values": ["Travel", "Food"],
            "selectedBudgetIds": [budget["uuid"]],
            "requiredBudgetIds": [budget["id"]],
        },
    )
    return out


@scenario("GET", "/v3/spend/custom-fields")
def list_custom_fields(api: Any) -> httpx.Response:
    s = Spend(api)
    for _ in range(3):
        full_custom_field(s)
    return middle(s, "/custom-fields", sort="createdTime:desc", filters="retired:eq:false")


@scenario("POST", "/v3/spend/custom-fields")
def create_custom_field(api: Any) -> httpx.Response:
    s = Spend(api)
    budget = s.budget()
    return s.post(
        "/custom-fields",
        json={
            "name": "Team offsite",
            "description": "Which offsite",
            "multiSelect": False,
            "allowCustomValues": False,
            "minimumAmountForRequirement": 10,
            "required": True,
            "global": False,
            "values": ["Travel", "Food"],
            "selectedBudgetIds": [budget["uuid"]],
            "requiredBudgetIds": [budget["uuid"]],
        },
    )


@scenario("GET", "/v3/spend/custom-fields/{customFieldId}")
def get_custom_field(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.get(f"/custom-fields/{full_custom_field(s)['id']}")


@scenario("PATCH", "/v3/spend/custom-fields/{customFieldId}")
def update_custom_field(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.patch(
        f"/custom-fields/{full_custom_field(s)['uuid']}",
        json={"description": "Engineering team offsite 2026"},
    )


@scenario("DELETE", "/v3/spend/custom-fields/{customFieldId}")
def delete_custom_field(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.delete(f"/custom-fields/{full_custom_field(s)['uuid']}")


@scenario("GET", "/v3/spend/custom-fields/{customFieldId}/values")
def list_values(api: Any) -> httpx.Response:
    s = Spend(api)
    field = full_custom_field(s)
    s.ok("POST", f"/custom-fields/{field['uuid']}/values", json={"values": ["Lodging"]})
    return middle(s, f"/custom-fields/{field['uuid']}/values")


@scenario("POST", "/v3/spend/custom-fields/{customFieldId}/values")
def create_values(api: Any) -> httpx.Response:
    s = Spend(api)
    field = full_custom_field(s)
    return s.post(f"/custom-fields/{field['uuid']}/values", json={"values": ["Entertainment", "Lodging"]})


@scenario("DELETE", "/v3/spend/custom-fields/{customFieldId}/values")
def delete_values(api: Any) -> httpx.Response:
    s = Spend(api)
    field = full_custom_field(s)
    value = s.ok("GET", f"/custom-fields/{field['uuid']}/values")["results"][0]
    return s.request(
        "DELETE", f"/custom-fields/{field['uuid']}/values", json={"customFieldValueIds": [value["uuid"]]}
    )


@scenario("GET", "/v3/spend/custom-fields/{customFieldId}/values/{customFieldValueId}")
def get_value(api: Any) -> httpx.Response:
    s = Spend(api)
    field = full_custom_field(s)
    value = s.ok("GET", f"/custom-fields/{field['uuid']}/values")["results"][0]
    return s.get(f"/custom-fields/{field['id']}/values/{value['id']}")


# ---------------------------------------------------------------------------- transactions
@scenario(
    "GET",
    "/v3/spend/transactions",
    missing=_results(TXN_NEVER | {"declineReason", "declineInternalReasonCode"}),
)
def list_transactions(api: Any) -> httpx.Response:
    s = Spend(api)
    _, card, _ = activity(s)
    s.swipe(card, 1)
    s.swipe(card, 2)
    s.swipe(card, 700)
    # amount ascending, 2 a page: [1, 2], [40 authorization, 45 its clear], [600, 700 declines]
    first = s.ok("GET", "/transactions", params={"max": 2, "sort": "amount:asc"})
    return s.get(
        "/transactions",
        params={"max": 2, "sort": "amount:asc", "includeReceipts": "true", "nextPage": first["nextPage"]},
    )


@scenario("POST", "/v3/spend/transactions/receipt-upload-url")
def transaction_upload_url(api: Any) -> httpx.Response:
    return Spend(api).post("/transactions/receipt-upload-url")


@scenario("POST", "/v3/spend/transactions/{acsTransactionId}/3ds-challenge")
def answer_challenge(api: Any) -> httpx.Response:
    s = Spend(api)
    card = full_card(s, s.budget())
    challenge = s.swipe(card, 25, action="THREE_DS")
    return s.post(f"/transactions/{challenge['acsTransactionId']}/3ds-challenge", json={"action": "ACCEPT"})


@scenario(
    "GET",
    "/v3/spend/transactions/{transactionId}",
    missing=TXN_NEVER | TXN_KIND - {"matchedClearTransactionId", "matchedClearTransactionUuid"},
)
def get_transaction(api: Any) -> httpx.Response:
    s = Spend(api)
    _, _, (auth, _, _) = activity(s)
    return s.get(f"/transactions/{auth['id']}")


@scenario(
    "PUT",
    "/v3/spend/transactions/{transactionId}",
    missing=TXN_NEVER | TXN_KIND - {"matchedClearTransactionId", "matchedClearTransactionUuid"},
)
def move_transaction(api: Any) -> httpx.Response:
    s = Spend(api)
    _, _, (auth, _, _) = activity(s)
    other = s.budget(name="Other budget")
    return s.put(f"/transactions/{auth['uuid']}", json={"budgetId": other["uuid"]})


@scenario("GET", "/v3/spend/transactions/{transactionId}/custom-fields")
def transaction_custom_fields(api: Any) -> httpx.Response:
    s = Spend(api)
    _, _, (auth, _, _) = activity(s)
    return s.get(f"/transactions/{auth['uuid']}/custom-fields")


@scenario("PUT", "/v3/spend/transactions/{transactionId}/custom-fields")
def update_transaction_custom_fields(api: Any) -> httpx.Response:
    s = Spend(api)
    budget, card, _ = activity(s)
    txn = s.swipe(card, 10)
    selector, value, note = fields_for(s, budget)
    return s.put(
        f"/transactions/{txn['uuid']}/custom-fields", json={"customFields": choices(selector, value, note)}
    )


@scenario("GET", "/v3/spend/transactions/{transactionId}/custom-fields/{customFieldId}/values")
def transaction_custom_field_values(api: Any) -> httpx.Response:
    s = Spend(api)
    budget, _card, (auth, _, _) = activity(s)
    selector, _, _ = fields_for(s, budget)
    s.ok("POST", f"/custom-fields/{selector['uuid']}/values", json={"values": ["Merch"]})
    return middle(s, f"/transactions/{auth['uuid']}/custom-fields/{selector['uuid']}/values")


@scenario("POST", "/v3/spend/transactions/{transactionId}/receipts")
def add_transaction_receipt(api: Any) -> httpx.Response:
    s = Spend(api)
    _, _, (auth, _, _) = activity(s)
    return s.post(
        f"/transactions/{auth['uuid']}/receipts", json={"url": upload(s, "/transactions/receipt-upload-url")}
    )


@scenario("DELETE", "/v3/spend/transactions/{transactionId}/receipts/{receiptId}")
def delete_transaction_receipt(api: Any) -> httpx.Response:
    s = Spend(api)
    _, _, (auth, _, _) = activity(s)
    receipt = s.ok(
        "POST",
        f"/transactions/{auth['uuid']}/receipts",
        json={"url": upload(s, "/transactions/receipt-upload-url")},
    )
    return s.delete(f"/transactions/{auth['uuid']}/receipts/{receipt['uuid']}")


# -------------------------------------------------------------------------- reimbursements
@scenario("GET", "/v3/spend/reimbursements")
def list_reimbursements(api: Any) -> httpx.Response:
    s = Spend(api)
    reimbursement(s)
    paid = paid_reimbursement(s)  # submitted second: on the middle page
    reimbursement(s)
    page = middle(s, "/reimbursements", sort="submittedTime:asc")
    assert page.json()["results"][0]["uuid"] == paid["uuid"], page.text
    return page


@scenario("POST", "/v3/spend/reimbursements", missing=RMB_LATER)
def create_reimbursement(api: Any) -> httpx.Response:
    s = Spend(api)
    budget = s.budget()
    selector, value, note = fields_for(s, budget)
    return s.post(
        "/reimbursements",
        json={
            "budgetId": budget["uuid"],
            "userId": s.me()["uuid"],
            "occurredDate": "2025-12-25",
            "note": "Team lunch",
            "merchantName": "Jasmine Thai",
            "amount": 50,
            "receipts": [{"url": upload(s, "/reimbursements/image-upload-url"), "filename": "lunch.jpg"}],
            "customFields": choices(selector, value, note),
        },
    )


@scenario("POST", "/v3/spend/reimbursements/image-upload-url")
def reimbursement_upload_url(api: Any) -> httpx.Response:
    return Spend(api).post("/reimbursements/image-upload-url")


@scenario("GET", "/v3/spend/reimbursements/{reimbursementId}")
def get_reimbursement(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.get(f"/reimbursements/{paid_reimbursement(s)['id']}")


@scenario("PATCH", "/v3/spend/reimbursements/{reimbursementId}", missing=RMB_LATER)
def update_reimbursement(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.patch(f"/reimbursements/{reimbursement(s)['uuid']}", json={"occurredDate": "2025-12-26"})


@scenario("DELETE", "/v3/spend/reimbursements/{reimbursementId}")
def delete_reimbursement(api: Any) -> httpx.Response:
    s = Spend(api)
    return s.delete(f"/reimbursements/{reimbursement(s)['uuid']}")


@scenario("POST", "/v3/spend/reimbursements/{reimbursementId}/action", missing={"batchId", "batchAmount"})
def act_on_reimbursement(api: Any) -> httpx.Response:
    s = Spend(api)
    r = reimbursement(s)
    return s.post(
        f"/reimbursements/{r['uuid']}/action",
        json={"action": "APPROVE", "note": "Team lunch expense approved"},
    )


@scenario("POST", "/v3/spend/reimbursements/{reimbursementId}/receipts")
def add_reimbursement_receipt(api: Any) -> httpx.Response:
    s = Spend(api)
    r = reimbursement(s)
    return s.post(
        f"/reimbursements/{r['uuid']}/receipts",
        json={"url": upload(s, "/reimbursements/image-upload-url"), "filename": "taxi.png"},
    )


@scenario("DELETE", "/v3/spend/reimbursements/{reimbursementId}/receipts/{receiptId}")
def delete_reimbursement_receipt(api: Any) -> httpx.Response:
    s = Spend(api)
    r = reimbursement(s)
    return s.delete(f"/reimbursements/{r['uuid']}/receipts/{r['receipts'][0]['uuid']}")
