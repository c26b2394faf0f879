"""Spend & Expense through HTTP: apiToken auth, the list dialect, users, budgets (limits that
really hold, periods on the sandbox clock), cards, card activity, 3DS, custom fields,
receipts on local upload targets, reimbursements through payment, and their events."""

from __future__ import annotations

from typing import Any

import pytest

from bill_sandbox.events import EventRow
from support.api import Api, assert_error, local_path, recorded_events
from support.spend import Spend

ev = EventRow.__table__


def recorded(api: Api, prefix: str = "spend.") -> list[dict[str, Any]]:
    return [{"type": e["type"], "obj": e["payload"]} for e in recorded_events(api, prefix=prefix)]


def upload(s: Spend, path: str, data: bytes = b"\x89PNG\r\n\x1a\nreceipt", kind: str = "image/png") -> str:
    url: str = s.ok("POST", path)["url"]
    r = s.api.client.put(local_path(url), content=data, headers={"Content-Type": kind})
    assert r.status_code == 200, r.text
    return url


# ------------------------------------------------------------------------------------ auth
def test_signup_returns_an_admin_token_that_reads_the_current_user(api: Api) -> None:
    me = Spend(api).me()
    assert me["role"] == "ADMIN"
    assert me["uuid"].startswith("usr_") and me["id"]
    assert Spend(api).ok("GET", f"/users/{me['id']}") == me  # id or uuid


def test_missing_or_unknown_token_is_the_gateway_401(api: Api) -> None:
    r = api.client.get("/connect/v3/spend/users/current")
    assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}
    r = api.client.get("/connect/v3/spend/users/current", headers={"apiToken": "nope"})
    assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}
    # A session is not a token.
    r = api.client.get("/connect/v3/spend/users/current", headers=api.headers)
    assert r.status_code == 401


def test_tokens_of_other_orgs_see_only_their_company(api: Api, new_api: Any) -> None:
    other = Spend(new_api())
    budget = Spend(api).budget()
    assert_error(other.get(f"/budgets/{budget['uuid']}"), 404, "BDC_1205")


def test_roles_limit_what_a_token_may_do(api: Api) -> None:
    s = Spend(api)
    auditor = s.as_role("AUDITOR")
    member = s.as_role("MEMBER")
    assert auditor.me()["role"] == "AUDITOR"
    assert auditor.get("/budgets").status_code == 200
    assert_error(auditor.post("/budgets", json={"name": "x"}), 403, message="valid permissions")
    body = {"firstName": "A", "lastName": "B", "email": "a@example.com", "role": "MEMBER"}
    assert_error(member.post("/users", json=body), 403)
    # Budgets, cards and custom fields are managed by ADMINs and BOOKKEEPERs.
    budget = {"name": "B", "owners": [member.me()["uuid"]], "recurringInterval": "NONE"}
    assert_error(member.post("/budgets", json=budget), 403)
    assert s.as_role("BOOKKEEPER").post("/budgets", json=budget).status_code == 200
    # A member codes only their own transactions.
    card = s.card(s.budget())
    txn = s.swipe(card, 5)
    assert_error(member.put(f"/transactions/{txn['uuid']}", json={"budgetId": txn["budgetUuid"]}), 403)
    # A token for an existing user.
    r = api.sandbox("POST", "/spend/tokens", json={"organizationId": api.org_id, "userId": member.me()["id"]})
    assert r.status_code == 200 and r.json()["role"] == "MEMBER"
    assert Spend(api, r.json()["apiToken"]).me()["uuid"] == member.me()["uuid"]
    # A deleted user's token stops working.
    s.ok("DELETE", f"/users/{member.me()['uuid']}")
    assert member.get("/users/current").status_code == 401


@pytest.mark.inprocess  # monkeypatches a setting
def test_sixty_calls_a_minute_per_token(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-process cap (``spend_rate_limit_per_minute``; BILL's shared limit is tested with
    ``--limits bill`` in test_limits.py)."""
    settings = api.client.bill_app.state.settings  # type: ignore[attr-defined]
    monkeypatch.setattr(settings, "spend_rate_limit_per_minute", 60)
    s = Spend(api)
    other = s.as_role("ADMIN")
    codes = [s.get("/users/current").status_code for _ in range(61)]
    assert codes[:60] == [200] * 60
    r = s.get("/users/current")
    assert r.status_code == 429 and r.json() == {"message": "Too Many Requests"}
    assert other.get("/users/current").status_code == 200  # counted per token


def test_reset_keeps_the_printed_admin_token(api: Api) -> None:
    s = Spend(api)
    s.budget()
    r = api.sandbox("POST", "/reset", json={"organizationId": api.org_id})
    assert r.status_code == 200, r.text
    assert s.me()["role"] == "ADMIN"
    assert s.ok("GET", "/budgets")["results"] == []


# ----------------------------------------------------------------------------------- users
def test_users_create_update_delete(api: Api) -> None:
    s = Spend(api)
    user = s.user(role="BOOKKEEPER", dateOfBirth="1990-01-02")
    assert user["hasDateOfBirth"] is True and user["receiptEmail"] == user["email"]
    updated = s.ok("PATCH", f"/users/{user['id']}", json={"role": "ADMIN", "lastName": "Renamed"})
    assert updated["role"] == "ADMIN" and updated["lastName"] == "Renamed"
    assert s.delete(f"/users/{user['uuid']}").content == b""
    assert s.ok("GET", f"/users/{user['uuid']}")["retired"] is True
    live = {u["uuid"] for u in s.ok("GET", "/users")["results"]}
    gone = {u["uuid"] for u in s.ok("GET", "/users", params={"filters": "retired:eq:true"})["results"]}
    assert user["uuid"] not in live and user["uuid"] in gone


def test_user_errors(api: Api) -> None:
    s = Spend(api)
    r = s.post("/users", json={"firstName": "", "email": "x@example.com", "role": "MEMBER"})
    body = assert_error(r, 400)
    assert {e["message"] for e in body} >= {"firstName: must not be blank", "lastName: must not be blank"}
    assert_error(
        s.post("/users", json={"firstName": "A", "lastName": "B", "email": "a@example.com"}),
        400,
        message="role",
    )
    assert_error(
        s.post("/users", json={"firstName": "A", "lastName": "B", "email": "a@e.com", "role": "BOSS"}),
        400,
        "BDC_1129",
    )
    s.user(email="dup@example.com")
    assert_error(
        s.post(
            "/users", json={"firstName": "A", "lastName": "B", "email": "DUP@example.com", "role": "MEMBER"}
        ),
        400,
        "BDC_1119",
    )
    assert_error(s.delete(f"/users/{s.me()['uuid']}"), 400)
    assert_error(s.get("/users/usr_doesnotexist000000"), 404, "BDC_1205")


# ----------------------------------------------------------------------------------- lists
def test_list_dialect(api: Api) -> None:
    s = Spend(api)
    for _ in range(4):
        s.user()
    first = s.ok("GET", "/users", params={"max": 2})
    assert first["nextPage"] == "YXJyYXljb25uZWN0aW9uOjE=" and "prevPage" not in first
    second = s.ok("GET", "/users", params={"max": 2, "nextPage": first["nextPage"]})
    assert second["prevPage"] and second["nextPage"]
    back = s.ok("GET", "/users", params={"max": 2, "prevPage": second["prevPage"]})
    assert back["results"] == first["results"]
    third = s.ok("GET", "/users", params={"max": 2, "nextPage": second["nextPage"]})
    assert len(third["results"]) == 1 and "nextPage" not in third
    past = s.ok("GET", "/users", params={"nextPage": "YXJyYXljb25uZWN0aW9uOjk5"})
    assert past["results"] == []
    # Unknown parameters are ignored; page does not page.
    assert s.ok("GET", "/users", params={"max": 2, "page": first["nextPage"], "limit": 1}) == first
    # Repeated filters, or terms joined with ';', are ignored.
    assert (
        len(
            s.ok("GET", "/users", params=[("filters", "retired:eq:true"), ("filters", "retired:eq:true")])[
                "results"
            ]
        )
        == 5
    )
    assert_error(s.get("/users", params={"max": 101}), 400, message="max: must be less than or equal to 100")
    assert_error(s.get("/users", params={"max": 0}), 400, message="max: must be greater than or equal to 1")
    assert_error(
        s.get("/transactions", params={"max": 51}), 400, message="max: must be less than or equal to 50"
    )
    assert_error(s.get("/users", params={"sort": "lastName:asc,email:desc"}), 400, "BDC_1129")
    assert_error(s.get("/users", params={"filters": "color:eq:red"}), 400, "BDC_1130")
    assert_error(s.get("/transactions", params={"filters": "status:eq:APPROVED"}), 400, "BDC_1130")
    assert_error(s.get("/transactions", params={"filters": "occurredTime:eq:2026-01-01"}), 400, "BDC_1131")
    assert_error(s.get("/budgets", params={"filters": "budgetId:eq:x"}), 400, "BDC_1130")
    ordered = s.ok("GET", "/users", params={"sort": "lastName:desc"})["results"]
    names = [u["lastName"] for u in ordered]
    assert names == sorted(names, reverse=True)


# --------------------------------------------------------------------------------- budgets
def test_budget_create_update_delete_and_validation(api: Api) -> None:
    s = Spend(api)
    member = s.user()
    budget = s.budget(members=[member["id"]], limit=300, recurringLimit=250, timezone="US/Eastern")
    assert budget["uuid"].startswith("bgt_")
    assert budget["currentPeriod"]["limit"] == 300 and budget["recurringLimit"] == 250
    assert budget["currentPeriod"]["startDate"].endswith("-01")
    roles = {
        m["userUuid"]: m["budgetRole"] for m in s.ok("GET", f"/budgets/{budget['id']}/members")["results"]
    }
    assert roles == {s.me()["uuid"]: "OWNER", member["uuid"]: "MEMBER"}
    patched = s.ok("PATCH", f"/budgets/{budget['id']}", json={"limit": 400, "name": "Renamed"})
    assert patched["currentPeriod"]["limit"] == 400 and patched["name"] == "Renamed"
    found = s.ok("GET", "/budgets", params={"filters": f"budgetIds:eq:{budget['id']}"})["results"]
    assert [b["uuid"] for b in found] == [budget["uuid"]]
    s.ok("DELETE", f"/budgets/{budget['uuid']}")
    assert s.ok("GET", "/budgets", params={"filters": f"budgetIds:eq:{budget['uuid']}"})["results"] == []
    assert s.ok("GET", f"/budgets/{budget['uuid']}")["retired"] is True
    errors = assert_error(s.post("/budgets", json={"name": "", "owners": []}), 400)
    assert {e["message"] for e in errors} == {
        "name: must not be blank",
        "owners: must not be empty",
        "recurringInterval: must not be null",
    }
    body = {
        "name": "Daily",
        "owners": [s.me()["uuid"]],
        "recurringInterval": "DAILY",
        "limitlessOverspend": True,
    }
    assert_error(s.post("/budgets", json=body), 400, "BDC_1119")
    body = {"name": "x", "owners": ["usr_nobody00000000000000"], "recurringInterval": "NONE"}
    assert_error(s.post("/budgets", json=body), 400, "BDC_1119")
    body = {"name": "x", "owners": [s.me()["uuid"]], "recurringInterval": "MONTHLY", "timezone": "Mars/Base"}
    assert_error(s.post("/budgets", json=body), 400, "BDC_1129")


def test_quarterly_and_yearly_periods_start_at_recur_month(api: Api) -> None:
    s = Spend(api)
    month = int(api.clock()["now"][5:7])
    yearly = s.budget(recurringInterval="YEARLY", timezone="UTC")  # recurMonth: this month
    assert yearly["currentPeriod"]["startDate"][5:] == f"{month:02d}-01"
    quarterly = s.budget(recurringInterval="QUARTERLY", recurMonth=month, timezone="UTC")
    assert quarterly["currentPeriod"]["startDate"][5:] == f"{month:02d}-01"
    assert "recurMonth" not in quarterly
    assert_error(
        s.post(
            "/budgets",
            json={"name": "x", "owners": [s.me()["uuid"]], "recurringInterval": "MONTHLY", "recurMonth": 2},
        ),
        400,
    )


def test_new_users_join_budgets_that_auto_add_users(api: Api) -> None:
    s = Spend(api)
    open_budget = s.budget(autoAddUsers=True)
    closed = s.budget()
    user = s.user()
    assert s.ok("GET", f"/budgets/{open_budget['uuid']}/members/{user['uuid']}")["budgetRole"] == "MEMBER"
    assert_error(s.get(f"/budgets/{closed['uuid']}/members/{user['uuid']}"), 404)


def test_budget_members_rules_and_bulk(api: Api) -> None:
    s = Spend(api)
    budget = s.budget()
    user = s.user()
    path = f"/budgets/{budget['uuid']}/members/{user['uuid']}"
    member = s.ok("PUT", path, json={"limit": "50", "recurringLimit": "100"})
    assert member["shareBudgetFunds"] is False and member["recurring"] is True and member["limit"] == 50
    assert s.ok("GET", f"/budgets/{budget['uuid']}")["currentPeriod"]["assigned"] == 50
    assert_error(s.put(path, json={"limit": 5, "shareBudgetFunds": True}), 400, "BDC_1119")
    assert s.ok("PUT", path, json={"limit": 5})["recurringLimit"] == 100  # an existing member keeps the other
    other = s.user()
    assert_error(
        s.put(f"/budgets/{budget['uuid']}/members/{other['uuid']}", json={"shareBudgetFunds": False}), 400
    )
    s.ok("DELETE", path)
    assert_error(s.get(f"/budgets/{budget['uuid']}/members/{s.user()['uuid']}"), 404)
    assert [m["userUuid"] for m in s.ok("GET", f"/budgets/{budget['uuid']}/members")["results"]] == [
        s.me()["uuid"]
    ]
    # Up to 5 members: at once. More: asynchronously, applied a moment later.
    few = [{"userId": s.user()["uuid"], "role": "MEMBER"} for _ in range(2)]
    assert s.ok("PUT", f"/budgets/{budget['uuid']}/members/bulk", json={"members": few}) == {
        "status": "SUCCESS"
    }
    many = [{"userId": s.user()["uuid"], "limit": 10, "recurringLimit": 10} for _ in range(6)]
    assert s.ok("PUT", f"/budgets/{budget['uuid']}/members/bulk", json={"members": many}) == {
        "status": "IN_PROGRESS"
    }
    api.advance(seconds=15)
    assert len(s.ok("GET", f"/budgets/{budget['uuid']}/members", params={"max": 100})["results"]) == 9
    assert_error(s.put(f"/budgets/{budget['uuid']}/members/bulk", json={"members": []}), 400)
    assert_error(s.put(f"/budgets/{budget['uuid']}/members/bulk", json={"members": [{"limit": 1}]}), 400)


def test_daily_budget_period_resets_on_the_clock(api: Api) -> None:
    s = Spend(api)
    budget = s.budget(recurringInterval="DAILY", limit=100, recurringLimit=60, timezone="UTC")
    card = s.card(budget, limit=80, recurringLimit=70)
    auth = s.swipe(card, 30)
    s.swipe(card, None, action="CLEAR", transactionId=auth["uuid"])
    period = s.ok("GET", f"/budgets/{budget['uuid']}")["currentPeriod"]
    assert period["spent"] == {"cleared": 30, "pending": 0, "total": 30}
    api.advance(days=1)
    after = s.ok("GET", f"/budgets/{budget['uuid']}")["currentPeriod"]
    assert after["spent"]["total"] == 0 and after["limit"] == 60
    assert after["startDate"] > period["startDate"]
    assert s.ok("GET", f"/cards/{card['uuid']}")["currentPeriod"] == {"limit": 70, "spent": 0}


# ----------------------------------------------------------------------------------- cards
def test_card_lifecycle(api: Api) -> None:
    s = Spend(api)
    budget = s.budget()
    holder = s.user()
    card = s.card(budget, userId=holder["id"], limit=100)
    assert card["status"] == "ACTIVATED" and card["type"] == "VIRTUAL" and len(card["lastFour"]) == 4
    assert card["shareBudgetFunds"] is False and "retired" not in card
    # The cardholder joined the budget.
    assert s.ok("GET", f"/budgets/{budget['uuid']}/members/{holder['uuid']}")["budgetRole"] == "MEMBER"
    assert s.ok("POST", f"/cards/{card['id']}/freeze")["status"] == "FROZEN"
    assert s.ok("POST", f"/cards/{card['id']}/unfreeze")["status"] == "ACTIVATED"
    patched = s.ok("PATCH", f"/cards/{card['uuid']}", json={"limit": "120", "name": "Renamed"})
    assert patched["currentPeriod"]["limit"] == 120 and patched["name"] == "Renamed"
    assert_error(s.delete(f"/cards/{card['uuid']}"), 400, "BDC_1108")
    assert_error(s.delete(f"/cards/{card['uuid']}", params={"reason": "BORED"}), 400, "BDC_1129")
    s.ok("DELETE", f"/cards/{card['uuid']}", params={"reason": "STOLEN"})
    gone = s.ok("GET", f"/cards/{card['uuid']}")
    assert gone["status"] == "CLOSED" and gone["deletedReason"] == "STOLEN"
    assert s.ok("GET", "/cards", params={"filters": f"cardIds:eq:{card['uuid']}"})["results"] == []
    assert_error(s.post(f"/cards/{card['uuid']}/freeze"), 400, "BDC_1119")
    assert s.swipe(gone, 1)["declineInternalReasonCode"] == "CARD_CLOSED"
    errors = assert_error(s.post("/cards", json={}), 400)
    assert {e["message"] for e in errors} == {
        "name: must not be null",
        "userId: must not be null",
        "budgetId: must not be null",
    }


def test_pan_jwt_reads_for_five_minutes_of_sandbox_time(api: Api) -> None:
    s = Spend(api)
    card = s.card(s.budget())
    api.advance(days=1)  # sandbox time ahead of the wall clock
    token = s.ok("GET", f"/cards/{card['uuid']}/pan-jwt")["token"]
    r = api.sandbox("POST", "/spend/pan", json={"token": token})
    assert r.status_code == 200, r.text
    pan = r.json()
    assert pan["pan"].endswith(card["lastFour"]) and len(pan["pan"]) == 16 and len(pan["cvv"]) == 3
    assert "pan" not in str(s.ok("GET", f"/cards/{card['uuid']}"))
    api.advance(minutes=6)
    assert api.sandbox("POST", "/spend/pan", json={"token": token}).status_code == 401
    assert api.sandbox("POST", "/spend/pan", json={"token": "not.a.jwt"}).status_code == 401


# ---------------------------------------------------------------------------- transactions
def test_story_budget_card_authorize_clear_decline_and_3ds(api: Api) -> None:
    s = Spend(api)
    budget = s.budget(limit=100)
    card = s.card(budget)
    auth = s.swipe(card, 30, merchantName="Guitar Center")
    assert auth["transactionType"] == "AUTHORIZATION" and auth["complete"] is False
    period = s.ok("GET", f"/budgets/{budget['uuid']}")["currentPeriod"]["spent"]
    assert period == {"cleared": 0, "pending": 30, "total": 30}
    clear = s.swipe(card, 32, action="CLEAR", transactionId=auth["uuid"])
    assert clear["transactionType"] == "CLEAR" and clear["originalAuthTransactionUuid"] == auth["uuid"]
    matched = s.ok("GET", f"/transactions/{auth['id']}")
    assert matched["matchedClearTransactionUuid"] == clear["uuid"] and matched["complete"] is True
    decline = s.swipe(card, 80)
    assert decline["transactionType"] == "DECLINE"
    assert decline["declineInternalReasonCode"] == "INSUFFICIENT_BUDGET_FUNDS" and decline["declineReason"]
    challenge = s.swipe(card, 20, action="THREE_DS", merchantName="Online Store")
    assert challenge["status"] == "PENDING" and challenge["acsTransactionId"]
    answer = s.ok(
        "POST", f"/transactions/{challenge['acsTransactionId']}/3ds-challenge", json={"action": "ACCEPT"}
    )
    assert answer == {"id": challenge["acsTransactionId"], "status": "ACCEPTED"}
    again = s.post(f"/transactions/{challenge['acsTransactionId']}/3ds-challenge", json={"action": "REJECT"})
    assert_error(again, 400, "BDC_1119")
    spent = s.ok("GET", f"/budgets/{budget['uuid']}")["currentPeriod"]["spent"]
    assert spent == {"cleared": 32, "pending": 20, "total": 52}
    listed = s.ok("GET", "/transactions", params={"filters": f"budgetId:eq:{budget['id']}"})["results"]
    assert {t["transactionType"] for t in listed} == {"AUTHORIZATION", "CLEAR", "DECLINE"}
    assert len(listed) == 4
    types = [e["type"] for e in recorded(api)]
    assert "spend.three-ds-challenge.created" in types and types.count("spend.transaction.updated") >= 5
    payload = next(e["obj"] for e in recorded(api) if e["type"] == "spend.transaction.updated")
    assert payload["uuid"] == auth["uuid"] and payload["cardUuid"] == card["uuid"]
    assert payload["companyUuid"].startswith("cmp_") and "id" not in payload
    three_ds = next(e["obj"] for e in recorded(api) if e["type"] == "spend.three-ds-challenge.created")
    assert set(three_ds) == {
        "merchantName",
        "merchantCategoryCode",
        "acsTransactionId",
        "userUuid",
        "occurredTime",
        "amount",
        "cardUuid",
        "companyUuid",
        "currencyCode",
    }


def test_declines_for_frozen_expired_max_size_and_limits(api: Api) -> None:
    s = Spend(api)
    budget = s.budget(limit=1000, maxTxSize=200)
    card = s.card(budget, limit=100)
    assert s.swipe(card, 250)["declineInternalReasonCode"] == "EXCEEDS_MAX_TRANSACTION_SIZE"
    assert s.swipe(card, 150)["declineInternalReasonCode"] == "CARD_LIMIT_EXCEEDED"
    s.ok("POST", f"/cards/{card['uuid']}/freeze")
    assert s.swipe(card, 10)["declineInternalReasonCode"] == "CARD_FROZEN"
    s.ok("POST", f"/cards/{card['uuid']}/unfreeze")
    s.ok("PATCH", f"/cards/{card['uuid']}", json={"expirationDate": "2020-01-01"})
    assert s.swipe(card, 10)["declineInternalReasonCode"] == "CARD_EXPIRED"
    holder = s.user()
    s.ok(
        "PUT", f"/budgets/{budget['uuid']}/members/{holder['uuid']}", json={"limit": 20, "recurringLimit": 20}
    )
    shared = s.card(budget, userId=holder["uuid"], shareBudgetFunds=True)
    assert s.swipe(shared, 15)["transactionType"] == "AUTHORIZATION"
    assert s.swipe(shared, 15)["declineInternalReasonCode"] == "USER_LIMIT_EXCEEDED"
    # Declines spend nothing.
    assert s.ok("GET", f"/budgets/{budget['uuid']}")["currentPeriod"]["spent"]["total"] == 15


def test_reverse_and_refund_give_back(api: Api) -> None:
    s = Spend(api)
    budget = s.budget(limit=100)
    card = s.card(budget)
    auth = s.swipe(card, 40)
    reversal = s.swipe(card, None, action="REVERSE", transactionId=auth["uuid"])
    assert reversal["transactionType"] == "AUTHORIZATION" and reversal["amount"] == -40
    clear = s.swipe(card, 25, action="CLEAR")
    assert "originalAuthTransactionId" not in clear
    refund = s.swipe(card, 10, action="REFUND", transactionId=clear["uuid"])
    assert refund["transactionType"] == "CLEAR" and refund["amount"] == -10 and refund["isCredit"] is True
    spent = s.ok("GET", f"/budgets/{budget['uuid']}")["currentPeriod"]["spent"]
    assert spent == {"cleared": 15, "pending": 0, "total": 15}
    r = api.sandbox(
        "POST",
        "/spend/transactions",
        json={"cardId": card["uuid"], "action": "CLEAR", "transactionId": auth["uuid"]},
    )
    assert_error(r, 400, "BDC_1119")
    r = api.sandbox("POST", "/spend/card-activity", json={"cardId": "crd_unknown0000000000000", "amount": 1})
    assert_error(r, 404, "BDC_1205")


def test_move_custom_fields_receipts_and_locks(api: Api) -> None:
    s = Spend(api)
    budget = s.budget(limit=100)
    other = s.budget(name="Other", limit=100)
    card = s.card(budget)
    auth = s.swipe(card, 30)
    moved = s.ok("PUT", f"/transactions/{auth['uuid']}", json={"budgetId": other["id"]})
    assert moved["budgetUuid"] == other["uuid"] and moved["budgetName"] == "Other"
    assert s.ok("GET", f"/budgets/{budget['uuid']}")["currentPeriod"]["spent"]["pending"] == 0
    assert s.ok("GET", f"/budgets/{other['uuid']}")["currentPeriod"]["spent"]["pending"] == 30
    field = s.ok(
        "POST",
        "/custom-fields",
        json={"name": "Project", "allowCustomValues": False, "global": True, "values": ["A", "B"]},
    )
    note = s.ok(
        "POST",
        "/custom-fields",
        json={"name": "Why", "allowCustomValues": False, "selectedBudgetIds": [other["uuid"]]},
    )
    assert note["type"] == "NOTE" and field["type"] == "CUSTOM_SELECTOR"
    values = sorted(
        s.ok("GET", f"/custom-fields/{field['uuid']}/values")["results"], key=lambda v: v["value"]
    )
    path = f"/transactions/{auth['uuid']}/custom-fields"
    body = {
        "customFields": [
            {"customFieldId": field["id"], "selectedValues": [values[0]["id"]]},
            {"customFieldId": note["uuid"], "note": "Tour"},
        ]
    }
    assert s.ok("PUT", path, json=body) == {"status": "SUCCESS"}
    got = {cf["name"]: cf for cf in s.ok("GET", path)["results"]}
    assert got["Project"]["selectedValues"][0]["value"] == "A" and got["Why"]["note"] == "Tour"
    only = s.ok("GET", path, params={"filters": f"customFieldIds:eq:{note['uuid']}"})["results"]
    assert [cf["name"] for cf in only] == ["Why"]
    shown = s.ok("GET", f"/transactions/{auth['uuid']}", params={"showCustomFieldIds": field["uuid"]})
    assert [cf["uuid"] for cf in shown["customFields"]] == [field["uuid"]]
    two = {"customFields": [{"customFieldId": field["id"], "selectedValues": [v["uuid"] for v in values]}]}
    assert_error(s.put(path, json=two), 400, "BDC_1119")
    assert_error(
        s.put(path, json={"customFields": [{"customFieldId": field["id"], "note": "x"}]}), 400, "BDC_1119"
    )
    s.request(
        "DELETE", f"/custom-fields/{field['uuid']}/values", json={"customFieldValueIds": [values[1]["uuid"]]}
    )
    deleted = {"customFields": [{"customFieldId": field["id"], "selectedValues": [values[1]["uuid"]]}]}
    assert_error(s.put(path, json=deleted), 400, "BDC_1119")
    assert s.ok("GET", f"/custom-fields/{field['uuid']}/values/{values[1]['uuid']}")["deleted"] is True
    # Receipts: the bytes really land on the upload target.
    url = upload(s, "/transactions/receipt-upload-url", b"\xff\xd8\xffjpeg-bytes", "image/jpeg")
    assert api.client.get(local_path(url)).content == b"\xff\xd8\xffjpeg-bytes"
    receipt = s.ok("POST", f"/transactions/{auth['uuid']}/receipts", json={"url": url})
    assert receipt["uuid"].startswith("rcp_") and receipt["filename"].endswith(".jpg")
    assert s.ok("GET", f"/transactions/{auth['uuid']}")["receiptStatus"] == "ATTACHED"
    listed = s.ok("GET", "/transactions")["results"]
    assert all("receipts" not in t for t in listed)
    assert any(
        t.get("receipts") for t in s.ok("GET", "/transactions", params={"includeReceipts": "true"})["results"]
    )
    big = upload(s, "/transactions/receipt-upload-url", b"\xff\xd8" + b"x" * 2_000_000, "image/jpeg")
    assert len(api.client.get(local_path(big)).content) == 2_000_002  # above the 1 MB JSON limit
    not_uploaded = s.ok("POST", "/transactions/receipt-upload-url")["url"]
    assert_error(
        s.post(f"/transactions/{auth['uuid']}/receipts", json={"url": not_uploaded}), 400, "BDC_1119"
    )
    bad = api.client.put(
        local_path(not_uploaded), content=b"%PDF", headers={"Content-Type": "application/pdf"}
    )
    assert_error(bad, 400, "BDC_1119")
    s.ok("DELETE", f"/transactions/{auth['uuid']}/receipts/{receipt['uuid']}")
    assert s.ok("GET", f"/transactions/{auth['uuid']}")["receiptStatus"] == "NOT_ATTACHED"
    assert_error(s.delete(f"/transactions/{auth['uuid']}/receipts/{receipt['uuid']}"), 404)
    # Locked: no edits.
    r = api.sandbox("POST", f"/spend/transactions/{auth['uuid']}/lock", json={"locked": True})
    assert r.status_code == 200 and r.json()["isLocked"] is True
    assert_error(s.put(path, json=body), 400, "BDC_1119")
    assert_error(s.put(f"/transactions/{auth['uuid']}", json={"budgetId": budget["uuid"]}), 400, "BDC_1119")
    assert_error(
        s.post(f"/transactions/{auth['uuid']}/receipts", json={"url": url}), 500, message="Please retry"
    )


def test_transaction_filters_and_sort(api: Api) -> None:
    s = Spend(api)
    card = s.card(s.budget(limit=1000))
    for value in (5, 50, 500):
        s.swipe(card, value)
    big = s.ok("GET", "/transactions", params={"filters": "amount:gte:50", "sort": "amount:asc"})["results"]
    assert [t["amount"] for t in big] == [50, 500]
    assert len(s.ok("GET", "/transactions", params={"filters": f"cardId:eq:{card['id']}"})["results"]) == 3
    today = api.clock()["now"][:10]
    assert s.ok("GET", "/transactions", params={"filters": f"occurredTime:lte:{today}"})["results"] == []
    assert len(s.ok("GET", "/transactions", params={"filters": f"occurredTime:gte:{today}"})["results"]) == 3
    assert len(s.ok("GET", "/transactions", params={"filters": "syncStatus:eq:NOT_SYNCED"})["results"]) == 3


def test_3ds_reject_declines_and_needs_an_admin(api: Api) -> None:
    s = Spend(api)
    card = s.card(s.budget())
    challenge = s.swipe(card, 20, action="THREE_DS")
    member = s.as_role("MEMBER")
    assert_error(
        member.post(
            f"/transactions/{challenge['acsTransactionId']}/3ds-challenge", json={"action": "ACCEPT"}
        ),
        403,
    )
    assert (
        s.ok(
            "POST", f"/transactions/{challenge['acsTransactionId']}/3ds-challenge", json={"action": "REJECT"}
        )["status"]
        == "REJECTED"
    )
    declined = s.ok("GET", "/transactions")["results"][0]
    assert (
        declined["transactionType"] == "DECLINE"
        and declined["declineInternalReasonCode"] == "THREE_DS_REJECTED"
    )
    assert_error(s.post("/transactions/acs_unknown/3ds-challenge", json={"action": "ACCEPT"}), 404)


# -------------------------------------------------------------------------- reimbursements
def _reimbursement(s: Spend, budget: dict[str, Any], amount: float = 50) -> dict[str, Any]:
    url = upload(s, "/reimbursements/image-upload-url")
    out: dict[str, Any] = s.ok(
        "POST",
        "/reimbursements",
        json={
            "budgetId": budget["uuid"],
            "userId": s.me()["uuid"],
            "occurredDate": "2025-12-25",
            "note": "Team lunch",
            "merchantName": "Jasmine Thai",
            "amount": amount,
            "receipts": [{"url": url, "filename": "lunch.png"}],
        },
    )
    return out


def test_story_reimbursement_with_a_receipt_is_approved_and_paid(api: Api) -> None:
    s = Spend(api)
    budget = s.budget(limit=500)
    r = _reimbursement(s, budget)
    assert r["status"] == "AWAITING_APPROVAL"
    assert [h["status"] for h in r["statusHistory"]] == ["CREATED", "AWAITING_APPROVAL"]
    assert r["receipts"][0]["filename"] == "lunch.png"
    approved = s.ok("POST", f"/reimbursements/{r['id']}/action", json={"action": "APPROVE", "note": "ok"})
    assert approved["status"] == "READY_TO_PAY"
    assert_error(s.patch(f"/reimbursements/{r['uuid']}", json={"note": "late"}), 400, "BDC_1119")
    assert_error(s.post(f"/reimbursements/{r['uuid']}/action", json={"action": "DENY"}), 400, "BDC_1119")
    api.advance(days=7)
    paid = s.ok("GET", f"/reimbursements/{r['uuid']}")
    assert paid["status"] == "PAID" and paid["batchId"] and paid["batchAmount"] == 50
    statuses = [h["status"] for h in paid["statusHistory"]]
    assert statuses == ["CREATED", "AWAITING_APPROVAL", "APPROVED", "READY_TO_PAY", "PAYMENT_PENDING", "PAID"]
    assert s.ok("GET", f"/budgets/{budget['uuid']}")["currentPeriod"]["spent"]["cleared"] == 50
    assert_error(s.delete(f"/reimbursements/{r['uuid']}"), 400, "BDC_1119")
    events = [e for e in recorded(api) if e["type"].startswith("spend.reimbursement.")]
    assert events[0]["type"] == "spend.reimbursement.created"
    assert [e["obj"]["status"] for e in events][-1] == "PAID"
    assert (
        events[0]["obj"]["occurredTime"].startswith("2025-12-25T") and "occurredDate" not in events[0]["obj"]
    )


def test_reimbursement_deny_delete_update_and_failures(api: Api) -> None:
    s = Spend(api)
    budget = s.budget()
    r = _reimbursement(s, budget)
    updated = s.ok("PATCH", f"/reimbursements/{r['uuid']}", json={"occurredDate": "2025-12-26", "amount": 60})
    assert updated["occurredDate"] == "2025-12-26" and updated["amount"] == 60
    extra = s.ok(
        "POST",
        f"/reimbursements/{r['uuid']}/receipts",
        json={"url": upload(s, "/reimbursements/image-upload-url"), "filename": "b.png"},
    )
    assert extra["filename"] == "b.png"
    s.ok("DELETE", f"/reimbursements/{r['uuid']}/receipts/{extra['uuid']}")
    member = s.as_role("MEMBER")
    assert_error(member.post(f"/reimbursements/{r['uuid']}/action", json={"action": "APPROVE"}), 403)
    denied = s.ok("POST", f"/reimbursements/{r['uuid']}/action", json={"action": "DENY", "note": "no"})
    assert denied["status"] == "DENIED" and denied["statusHistory"][-1]["note"] == "no"
    other = _reimbursement(s, budget)
    s.ok("DELETE", f"/reimbursements/{other['uuid']}")
    gone = s.ok("GET", f"/reimbursements/{other['uuid']}")
    assert gone["status"] == "DELETED" and gone["retired"] is True
    assert other["uuid"] not in {x["uuid"] for x in s.ok("GET", "/reimbursements")["results"]}
    assert [e["type"] for e in recorded(api)][-1] == "spend.reimbursement.deleted"
    failing = _reimbursement(s, budget, amount=999.07)
    s.ok("POST", f"/reimbursements/{failing['uuid']}/action", json={"action": "APPROVE"})
    api.advance(days=7)
    assert s.ok("GET", f"/reimbursements/{failing['uuid']}")["status"] == "PAYMENT_FAILED"
    errors = assert_error(s.post("/reimbursements", json={"amount": 5}), 400)
    assert "receipts: must not be null" in {e["message"] for e in errors}
    body = {
        "budgetId": budget["uuid"],
        "userId": s.me()["uuid"],
        "occurredDate": "2025-12-25",
        "note": "n",
        "merchantName": "m",
        "amount": 5,
    }
    not_uploaded = s.ok("POST", "/reimbursements/image-upload-url")["url"]
    assert_error(
        s.post("/reimbursements", json={**body, "receipts": [{"url": not_uploaded}]}), 400, "BDC_1119"
    )
    # A member files reimbursements for themselves only.
    assert_error(
        member.post(
            "/reimbursements",
            json={**body, "receipts": [{"url": upload(s, "/reimbursements/image-upload-url")}]},
        ),
        403,
    )
