"""Recurring bills: CRUD, validation and lists; autopay needs a trusted session; bills are
generated as the sandbox clock passes each occurrence (catch-up, endDate, archive pauses)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from bill_sandbox.series import State, next_due, occurrence
from support.ap import make_classifications, make_vendor, org_bank_account, post_ok
from support.api import Api, assert_error
from support.approvals import amount_rule, make_policy
from support.trust import trust

RECURRING = "/v3/recurringbills"


@pytest.fixture
def vendor(api: Api) -> dict[str, Any]:
    return make_vendor(api, name="Monthly Tea Co")


def today(api: Api) -> date:
    return date.fromisoformat(api.clock()["now"][:10])


def body(vendor_id: str, next_due_date: date | str, **changes: Any) -> dict[str, Any]:
    schedule: dict[str, Any] = {
        "period": "MONTHLY",
        "frequency": 1,
        "nextDueDate": str(next_due_date),
        "daysInAdvance": 0,
    }
    if isinstance(next_due_date, date):
        # Bounded, so that later clock moves (other tests) don't keep generating its bills.
        schedule["endDate"] = str(next_due_date + timedelta(days=62))
    schedule.update(changes.pop("schedule", {}))
    out: dict[str, Any] = {
        "vendorId": vendor_id,
        "schedule": schedule,
        "recurringBillLineItems": [{"amount": 19.99, "description": "Monthly subscription"}],
    }
    out.update(changes)
    return out


def create(api: Api, payload: dict[str, Any]) -> dict[str, Any]:
    return dict(post_ok(api, RECURRING, payload))


def get(api: Api, recurring_id: str) -> dict[str, Any]:
    r = api.get(f"{RECURRING}/{recurring_id}")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def vendor_bills(api: Api, vendor_id: str) -> list[dict[str, Any]]:
    r = api.get("/v3/bills", params={"filters": f"vendorId:eq:{vendor_id}", "sort": "dueDate", "max": 100})
    assert r.status_code == 200, r.text
    results: list[dict[str, Any]] = r.json()["results"]
    return results


def advance_days(api: Api, days: float) -> None:
    api.advance(days=days)
    api.login()  # the jump outlasts the session's idle time


# ------------------------------------------------------------------------------------ CRUD
def test_create_get_and_defaults(api: Api, vendor: dict[str, Any]) -> None:
    refs = make_classifications(api)
    line_refs = {k: v for k, v in refs.items() if k != "customerId"}
    start = today(api) + timedelta(days=30)
    payload = body(
        vendor["id"],
        start,
        description="Tea subscription",
        schedule={"endDate": str(start + timedelta(days=365)), "daysInAdvance": 5},
        recurringBillLineItems=[
            {"amount": 19.99, "description": "Monthly subscription", "classifications": line_refs},
            {"quantity": 3, "price": 1.5, "description": "Decaf black tea (10 bags)"},
        ],
    )
    r = api.post(RECURRING, json=payload)
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["id"].startswith("btp") and len(doc["id"]) == 20 and doc["archived"] is False
    assert list(doc) == [
        "archived",
        "id",
        "recurringBillLineItems",
        "schedule",
        "vendorId",
        "description",
        "processingOptions",
        "createdTime",
        "updatedTime",
    ]
    assert doc["schedule"] == {
        "period": "MONTHLY",
        "frequency": 1,
        "nextDueDate": str(start),
        "endDate": str(start + timedelta(days=365)),
        "daysInAdvance": 5,
    }
    lines = doc["recurringBillLineItems"]
    assert [line["amount"] for line in lines] == [19.99, 4.5]
    assert all(line["id"].startswith("rbl") for line in lines)
    assert "quantity" not in lines[1] and "price" not in lines[1]
    assert lines[0]["classifications"] == line_refs
    assert doc["processingOptions"] == {"autoPayment": False} and "paymentInformation" not in doc
    assert get(api, doc["id"]) == doc
    assert vendor_bills(api, vendor["id"]) == []  # not due yet

    minimal = create(
        api, {**body(vendor["id"], start), "schedule": {"period": "WEEKLY", "nextDueDate": str(start)}}
    )
    assert minimal["schedule"] == {
        "period": "WEEKLY",
        "frequency": 1,
        "nextDueDate": str(start),
        "daysInAdvance": 0,
    }
    api.post(f"{RECURRING}/{minimal['id']}/archive")  # endless: keep later clock moves cheap


def test_validation(api: Api, vendor: dict[str, Any], new_api: Any) -> None:
    start = today(api) + timedelta(days=30)
    good = body(vendor["id"], start)
    assert_error(api.post(RECURRING, json={**good, "vendorId": ""}), 400, None, "vendorId: must not be blank")
    no_schedule = {k: v for k, v in good.items() if k != "schedule"}
    assert_error(api.post(RECURRING, json=no_schedule), 400, None, "schedule: must not be null")
    assert_error(
        api.post(RECURRING, json={**good, "recurringBillLineItems": []}),
        400,
        None,
        "recurringBillLineItems: must not be empty",
    )
    assert_error(
        api.post(RECURRING, json={**good, "schedule": {"nextDueDate": str(start)}}),
        400,
        None,
        "schedule.period: must not be null",
    )
    assert_error(
        api.post(RECURRING, json={**good, "schedule": {"period": "MONTHLY"}}),
        400,
        None,
        "schedule.nextDueDate: must not be null",
    )
    bad_period = {**good, "schedule": {"period": "HOURLY", "nextDueDate": str(start)}}
    assert_error(api.post(RECURRING, json=bad_period), 400, "BDC_1129")
    for field, value in (("frequency", 0), ("daysInAdvance", -1), ("nextDueDate", "31/12/2026")):
        payload = {**good, "schedule": {**good["schedule"], field: value}}
        assert_error(api.post(RECURRING, json=payload), 400)
    assert_error(api.post(RECURRING, json={**good, "vendorId": "00902NOSUCHVENDORabc"}), 404, "BDC_1205")
    other = make_vendor(new_api())
    assert_error(api.post(RECURRING, json={**good, "vendorId": other["id"]}), 404, "BDC_1205")
    archived = make_vendor(api, name="Gone")
    api.post(f"/v3/vendors/{archived['id']}/archive")
    assert_error(api.post(RECURRING, json={**good, "vendorId": archived["id"]}), 400, "BDC_1119")
    bad_ref = [{"amount": 5, "classifications": {"jobId": "job02NOSUCHJOBabcdef"}}]
    assert_error(api.post(RECURRING, json={**good, "recurringBillLineItems": bad_ref}), 400, "BDC_1119")
    customer = [{"amount": 5, "classifications": {"customerId": "0cu02NOSUCHabcdefghi"}}]
    assert_error(api.post(RECURRING, json={**good, "recurringBillLineItems": customer}), 400, "BDC_1002")
    zero = [{"amount": 0}]
    assert_error(
        api.post(RECURRING, json={**good, "recurringBillLineItems": zero}), 400, None, "greater than 0"
    )
    no_amount = [{"description": "?"}]
    assert_error(api.post(RECURRING, json={**good, "recurringBillLineItems": no_amount}), 400, None, "amount")
    with_id = [{"id": "rbl02NOSUCHLINEabcde", "amount": 5}]
    assert_error(api.post(RECURRING, json={**good, "recurringBillLineItems": with_id}), 400, "BDC_1119")
    assert_error(api.post(RECURRING, json={**good, "colour": "red"}), 400, "BDC_1002")
    assert api.get(RECURRING).json()["results"] == []
    assert_error(api.get(f"{RECURRING}/btp02NOSUCHRECURRabc"), 404, "BDC_1205")


def test_list_filters_and_tenancy(api: Api, vendor: dict[str, Any], new_api: Any) -> None:
    start = today(api) + timedelta(days=30)
    other_vendor = make_vendor(api, name="Other")
    a = create(api, body(vendor["id"], start))
    b = create(api, body(other_vendor["id"], start))
    api.post(f"{RECURRING}/{b['id']}/archive")

    def ids(**params: str) -> list[str]:
        r = api.get(RECURRING, params=params)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["results"]]

    assert ids() == [a["id"], b["id"]]
    assert ids(filters=f"vendorId:eq:{vendor['id']}") == [a["id"]]
    assert ids(filters=f'vendorId:in:"{vendor["id"]},{other_vendor["id"]}"') == [a["id"], b["id"]]
    assert ids(filters="archived:eq:true") == [b["id"]]
    assert ids(filters=f"id:eq:{a['id']}") == [a["id"]]
    assert ids(sort="createdTime:desc") == [b["id"], a["id"]]
    assert ids(max="1") == [a["id"]]
    assert_error(api.get(RECURRING, params={"filters": f"vendorId:ne:{vendor['id']}"}), 400, "BDC_1131")
    assert_error(api.get(RECURRING, params={"filters": "amount:eq:1"}), 400, "BDC_1130")
    other = new_api()
    assert other.get(RECURRING).json()["results"] == []
    assert_error(other.get(f"{RECURRING}/{a['id']}"), 404, "BDC_1205")
    assert_error(other.patch(f"{RECURRING}/{a['id']}", json={"description": "x"}), 404, "BDC_1205")


def test_put_replaces_and_patch_merges_lines(api: Api, vendor: dict[str, Any]) -> None:
    start = today(api) + timedelta(days=30)
    payload = body(vendor["id"], start, description="Tea")
    payload["recurringBillLineItems"] = [{"amount": 19.99, "description": "Subscription"}, {"amount": 5}]
    doc = create(api, payload)
    first, second = doc["recurringBillLineItems"]

    replaced_body = body(vendor["id"], start)
    replaced_body["recurringBillLineItems"] = [
        {"id": first["id"], "amount": 21, "description": "Subscription+"},
        {"amount": 4.99, "description": "Decaf black tea (10 bags)"},
    ]
    r = api.put(f"{RECURRING}/{doc['id']}", json=replaced_body)
    assert r.status_code == 200, r.text
    replaced = r.json()
    lines = replaced["recurringBillLineItems"]
    assert [line["amount"] for line in lines] == [21, 4.99]
    assert lines[0]["id"] == first["id"] and second["id"] not in {line["id"] for line in lines}
    assert "description" not in replaced  # PUT replaces: left out means removed
    assert replaced["updatedTime"] >= doc["updatedTime"] and replaced["createdTime"] == doc["createdTime"]

    patch = {
        "description": "Tea, monthly",
        "schedule": {"daysInAdvance": 3},
        "recurringBillLineItems": [
            {
                "id": first["id"],
                "amount": 22.99,
                "description": "Monthly subscription (amount updated)",
                "quantity": 1,
            },
            {"amount": 1},
        ],
    }
    r = api.patch(f"{RECURRING}/{doc['id']}", json=patch)
    assert r.status_code == 200, r.text
    patched = r.json()
    assert patched["description"] == "Tea, monthly"
    assert patched["schedule"]["daysInAdvance"] == 3 and patched["schedule"]["nextDueDate"] == str(start)
    assert [line["amount"] for line in patched["recurringBillLineItems"]] == [22.99, 4.99, 1]
    assert patched["recurringBillLineItems"][0]["id"] == first["id"]
    assert get(api, doc["id"]) == patched

    assert_error(api.patch(f"{RECURRING}/{doc['id']}", json={"vendorId": None}), 400, None, "vendorId")
    assert_error(
        api.patch(f"{RECURRING}/{doc['id']}", json={"schedule": {"period": None}}), 400, None, "period"
    )
    assert_error(api.patch(f"{RECURRING}/{doc['id']}", json={"recurringBillLineItems": []}), 400)
    unknown_line = {"recurringBillLineItems": [{"id": second["id"], "amount": 3}]}
    assert_error(api.patch(f"{RECURRING}/{doc['id']}", json=unknown_line), 400, "BDC_1119")
    assert_error(api.put(f"{RECURRING}/btp02NOSUCHRECURRabc", json=replaced_body), 404, "BDC_1205")


def test_archive_and_restore(api: Api, vendor: dict[str, Any]) -> None:
    doc = create(api, body(vendor["id"], today(api) + timedelta(days=30)))
    for _ in range(2):
        r = api.post(f"{RECURRING}/{doc['id']}/archive")
        assert r.status_code == 200 and r.json()["archived"] is True
    for _ in range(2):
        r = api.post(f"{RECURRING}/{doc['id']}/restore")
        assert r.status_code == 200 and r.json()["archived"] is False
    assert_error(api.post(f"{RECURRING}/btp02NOSUCHRECURRabc/archive"), 404, "BDC_1205")


# --------------------------------------------------------------------------------- autopay
def test_autopay_needs_a_trusted_session_and_a_bank_account(api: Api, vendor: dict[str, Any]) -> None:
    start = today(api) + timedelta(days=30)
    bank = org_bank_account(api)
    payload = body(
        vendor["id"],
        start,
        processingOptions={"autoPayment": True},
        paymentInformation={"bankAccountId": bank},
    )
    assert_error(api.post(RECURRING, json=payload), 403, "BDC_1361")
    trust(api)
    no_bank = {**payload, "paymentInformation": None}
    assert_error(api.post(RECURRING, json=no_bank), 400, None, "paymentInformation.bankAccountId")
    wrong = {**payload, "paymentInformation": {"bankAccountId": "bac02NOSUCHBANKabcde"}}
    assert_error(api.post(RECURRING, json=wrong), 400, "BDC_1119")
    doc = create(api, payload)
    assert doc["processingOptions"] == {"autoPayment": True}
    assert doc["paymentInformation"] == {"bankAccountId": bank}

    api.login()  # a fresh, untrusted session may edit a recurring bill whose autopay stays on
    r = api.patch(f"{RECURRING}/{doc['id']}", json={"description": "still autopaid"})
    assert r.status_code == 200 and r.json()["processingOptions"] == {"autoPayment": True}
    off = api.patch(f"{RECURRING}/{doc['id']}", json={"processingOptions": {"autoPayment": False}}).json()
    assert off["processingOptions"] == {"autoPayment": False}
    assert off["paymentInformation"] == {"bankAccountId": bank}
    on_again = {"processingOptions": {"autoPayment": True}}
    assert_error(api.patch(f"{RECURRING}/{doc['id']}", json=on_again), 403, "BDC_1361")
    plain = create(api, body(vendor["id"], start, paymentInformation={"bankAccountId": bank}))
    assert plain["processingOptions"] == {"autoPayment": False}


# ------------------------------------------------------------------------------ generation
def test_clock_generates_bills_catches_up_and_stops_after_end_date(api: Api, vendor: dict[str, Any]) -> None:
    start = today(api) + timedelta(days=10)
    end = occurrence(start, "MONTHLY", 2)
    assert end is not None
    doc = create(
        api,
        body(
            vendor["id"],
            start,
            description="Tea subscription",
            schedule={"daysInAdvance": 5, "endDate": str(end)},
        ),
    )
    advance_days(api, 4)
    assert vendor_bills(api, vendor["id"]) == []
    advance_days(api, 1.01)  # the day nextDueDate − daysInAdvance is reached
    bills = vendor_bills(api, vendor["id"])
    assert len(bills) == 1
    first = bills[0]
    assert first["dueDate"] == str(start)
    assert first["invoice"] == {"invoiceDate": str(start - timedelta(days=5)), "invoiceNumber": str(start)}
    assert first["amount"] == 19.99 and first["description"] == "Tea subscription"
    assert [line["amount"] for line in first["billLineItems"]] == [19.99]
    assert first["billLineItems"][0]["description"] == "Monthly subscription"
    second_due = occurrence(start, "MONTHLY", 1)
    assert get(api, doc["id"])["schedule"]["nextDueDate"] == str(second_due)

    advance_days(api, 120)  # two more occurrences were due: both are created, then nothing
    bills = vendor_bills(api, vendor["id"])
    assert [b["dueDate"] for b in bills] == [str(start), str(second_due), str(end)]
    assert [b["invoice"]["invoiceNumber"] for b in bills] == [b["dueDate"] for b in bills]
    after = get(api, doc["id"])
    assert after["schedule"]["nextDueDate"] == str(occurrence(start, "MONTHLY", 3))
    assert after["schedule"]["endDate"] == str(end)
    advance_days(api, 60)
    assert len(vendor_bills(api, vendor["id"])) == 3


def test_overdue_occurrences_are_created_at_once(api: Api, vendor: dict[str, Any]) -> None:
    now = today(api)
    doc = create(
        api,
        body(
            vendor["id"],
            now - timedelta(days=20),
            schedule={"period": "WEEKLY", "endDate": str(now + timedelta(days=30))},
        ),
    )
    dues = [str(now - timedelta(days=d)) for d in (20, 13, 6)]
    assert [b["dueDate"] for b in vendor_bills(api, vendor["id"])] == dues
    assert doc["schedule"]["nextDueDate"] == str(now + timedelta(days=1))
    # Every other week from the next one on, for at most two more bills.
    r = api.patch(f"{RECURRING}/{doc['id']}", json={"schedule": {"frequency": 2}})
    assert r.status_code == 200 and r.json()["schedule"]["nextDueDate"] == str(now + timedelta(days=1))
    advance_days(api, 40)
    later = [b["dueDate"] for b in vendor_bills(api, vendor["id"])][3:]
    assert later == [
        str(now + timedelta(days=1)),
        str(now + timedelta(days=15)),
        str(now + timedelta(days=29)),
    ]


def test_month_ends_and_one_time_schedules(api: Api, vendor: dict[str, Any]) -> None:
    create(api, body(vendor["id"], "2025-01-31", schedule={"endDate": "2025-04-30"}))
    assert [b["dueDate"] for b in vendor_bills(api, vendor["id"])] == [
        "2025-01-31",
        "2025-02-28",
        "2025-03-31",
        "2025-04-30",
    ]
    other = make_vendor(api, name="Once")
    once = create(api, body(other["id"], "2025-06-15", schedule={"period": "NONE"}))
    yearly = make_vendor(api, name="Yearly")
    create(api, body(yearly["id"], "2024-02-29", schedule={"period": "YEARLY", "endDate": "2025-12-31"}))
    advance_days(api, 1)
    assert [b["dueDate"] for b in vendor_bills(api, other["id"])] == ["2025-06-15"]
    assert get(api, once["id"])["schedule"]["nextDueDate"] == "2025-06-15"
    assert [b["dueDate"] for b in vendor_bills(api, yearly["id"])] == ["2024-02-29", "2025-02-28"]


def test_schedule_arithmetic() -> None:
    anchor = date(2024, 1, 31)
    assert [occurrence(anchor, "MONTHLY", n) for n in range(4)] == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]
    assert occurrence(anchor, "YEARLY", 2) == date(2026, 1, 31)
    assert occurrence(anchor, "WEEKLY", 2) == date(2024, 2, 14)
    assert occurrence(date(9999, 12, 1), "MONTHLY", 1) is None
    assert next_due(State("2024-01-31", 2), {"period": "MONTHLY", "frequency": 3}) == date(2024, 7, 31)
    assert next_due(State("2024-01-31", 1), {"period": "NONE", "frequency": 1}) is None


def test_archived_recurring_bills_do_not_generate(api: Api, vendor: dict[str, Any]) -> None:
    start = today(api) + timedelta(days=3)
    doc = create(
        api,
        body(vendor["id"], start, schedule={"period": "WEEKLY", "endDate": str(start + timedelta(days=60))}),
    )
    api.post(f"{RECURRING}/{doc['id']}/archive")
    advance_days(api, 18)  # the weeks of start, start+7 and start+14 pass while archived
    assert vendor_bills(api, vendor["id"]) == []
    restored = api.post(f"{RECURRING}/{doc['id']}/restore").json()
    # Archive paused the series: the missed weeks are skipped, the next one is ahead.
    assert restored["schedule"]["nextDueDate"] == str(start + timedelta(days=21))
    assert vendor_bills(api, vendor["id"]) == []
    advance_days(api, 6)
    assert [b["dueDate"] for b in vendor_bills(api, vendor["id"])] == [str(start + timedelta(days=21))]


def test_generation_waits_for_an_archived_vendor(api: Api, vendor: dict[str, Any]) -> None:
    start = today(api) + timedelta(days=2)
    create(
        api,
        body(vendor["id"], start, schedule={"period": "DAILY", "endDate": str(start + timedelta(days=1))}),
    )
    api.post(f"/v3/vendors/{vendor['id']}/archive")
    advance_days(api, 5)
    assert vendor_bills(api, vendor["id"]) == []
    api.post(f"/v3/vendors/{vendor['id']}/restore")
    advance_days(api, 0.01)
    assert [b["dueDate"] for b in vendor_bills(api, vendor["id"])] == [
        str(start),
        str(start + timedelta(days=1)),
    ]


def test_generated_bills_go_through_approval_policies(api: Api, vendor: dict[str, Any]) -> None:
    make_policy(
        api,
        [api.user_id],
        {"key": "VENDOR_ID", "op": "gte", "values": [vendor["id"]]},
        amount_rule("gte", "100"),
    )
    now = today(api)
    payload = body(vendor["id"], now, schedule={"period": "DAILY", "endDate": str(now)})
    payload["recurringBillLineItems"] = [{"amount": 150, "description": "Rent share"}]
    create(api, payload)
    (generated,) = vendor_bills(api, vendor["id"])
    assert generated["approvalStatus"] == "ASSIGNED"
    assert [a["userId"] for a in generated["approvers"]] == [api.user_id]
