"""Bills: create/replace/update rules, amounts and paymentStatus through record-payment, bulk,
lists, tenancy, and the service API the payments issue will use."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest

from bill_sandbox import events
from bill_sandbox.auth import Caller
from bill_sandbox.context import RequestContext
from bill_sandbox.resources import registry
from bill_sandbox.resources.bills import service as bills
from support.ap import (
    bill_body,
    full_bill,
    make_bill,
    make_classifications,
    make_vendor,
    post_ok,
    record_payment,
)
from support.api import Api, assert_error


def bill_count(api: Api) -> int:
    return len(api.get("/v3/bills", params={"max": 100}).json()["results"])


def service_call(api: Api, fn: Callable[..., Any], *args: Any) -> Any:
    """Run a bills service function inside a request transaction, as the payments issue will."""
    app = api.client.bill_app  # type: ignore[attr-defined]
    return Caller(app.state.db, app.state.settings, api.creds["devKey"], api.session_id).write(fn, *args)


def amounts(bill: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("amount", "paidAmount", "dueAmount", "scheduledAmount", "creditAmount", "paymentStatus")
    return tuple(bill[k] for k in keys)


@pytest.fixture
def vendor(api: Api) -> dict[str, Any]:
    return make_vendor(api, name="Happy Music Supplies", email="info@happy.example")


# ---------------------------------------------------------------------------------- create
def test_create_computes_amounts_from_lines(api: Api, vendor: dict[str, Any]) -> None:
    body = bill_body(vendor["id"])
    body["billLineItems"] = [
        {"amount": 149, "description": "USB audio interface"},
        {"quantity": 2, "price": 79.99, "description": "Drum foot pedal"},
        {"amount": 10, "quantity": 3, "price": 5},  # amount wins
    ]
    r = api.post("/v3/bills", json=body)
    assert r.status_code == 201, r.text
    b = r.json()
    assert b["id"].startswith("00n02") and len(b["id"]) == 20
    assert [line["amount"] for line in b["billLineItems"]] == [149, 159.98, 10]
    assert all(line["id"].startswith("bli") for line in b["billLineItems"])
    assert amounts(b) == (318.98, 0, 318.98, 0, 0, "UNPAID")
    assert b["fundingAmount"] == 318.98 and b["exchangeRate"] == 1
    assert b["approvalStatus"] == "UNASSIGNED" and b["archived"] is False
    assert "vendorName" not in b  # BILL's create example has none
    got = api.get(f"/v3/bills/{b['id']}").json()
    assert got["vendorName"] == "Happy Music Supplies"
    assert {k: v for k, v in got.items() if k != "vendorName"} == b


def test_create_requires_bills_fields(api: Api, vendor: dict[str, Any]) -> None:
    body = assert_error(api.post("/v3/bills", json={}), 400)
    assert {e["message"] for e in body} == {
        "vendorId: must not be blank",
        "dueDate: must not be null",
        "invoice: must not be null",
        "billLineItems: must not be empty",
    }
    r = api.post("/v3/bills", json=bill_body(vendor["id"], invoice={"invoiceNumber": ""}))
    messages = {e["message"] for e in assert_error(r, 400)}
    assert messages == {"invoice.invoiceNumber: must not be blank", "invoice.invoiceDate: must not be null"}
    r = api.post("/v3/bills", json=bill_body(vendor["id"], billLineItems=[{"description": "no amount"}]))
    assert_error(r, 400, message="billLineItems[0].amount: must not be null")
    assert_error(
        api.post("/v3/bills", json=bill_body(vendor["id"], -5)), 400, message="amount: must be greater"
    )
    assert_error(
        api.post("/v3/bills", json=bill_body(vendor["id"], dueDate="31/12/2025")),
        400,
        message="dueDate: must be a date in yyyy-MM-dd format",
    )
    assert_error(api.post("/v3/bills", json=bill_body(vendor["id"], 1e15)), 400)
    assert bill_count(api) == 0


def test_vendor_must_exist_in_the_org_and_be_active(api: Api, new_api: Callable[[], Api]) -> None:
    other = new_api()
    theirs = make_vendor(other)
    assert_error(api.post("/v3/bills", json=bill_body(theirs["id"])), 404, "BDC_1205")
    assert_error(api.post("/v3/bills", json=bill_body("00902ABCDEFGHIJKabcd")), 404, "BDC_1205")
    mine = make_vendor(api)
    api.post(f"/v3/vendors/{mine['id']}/archive")
    body = assert_error(api.post("/v3/bills", json=bill_body(mine["id"])), 400, "BDC_1119")
    assert body[0]["category"] == "APPLICATION" and body[1]["message"].startswith(f"{mine['id']} : ")
    assert bill_count(api) == 0


def test_classifications_are_checked(api: Api, vendor: dict[str, Any], new_api: Callable[[], Api]) -> None:
    refs = make_classifications(api)
    r = api.post("/v3/bills", json=full_bill(vendor["id"], refs))
    assert r.status_code == 201, r.text
    b = r.json()
    assert b["billLineItems"][0]["classifications"] == refs
    assert b["classifications"]["departmentId"] == refs["departmentId"]
    assert b["payFromChartOfAccountId"] == refs["chartOfAccountId"]

    foreign = make_classifications(new_api())
    for key in refs:
        line_refs = {**refs, key: foreign[key]}
        body = full_bill(vendor["id"], refs)
        body["billLineItems"][0]["classifications"] = line_refs
        assert_error(api.post("/v3/bills", json=body), 400, "BDC_1119", message=key)
    api.post(f"/v3/classifications/departments/{refs['departmentId']}/archive")
    assert_error(api.post("/v3/bills", json=full_bill(vendor["id"], refs)), 400, "BDC_1119")
    body = bill_body(vendor["id"], payFromChartOfAccountId=refs["departmentId"])
    assert_error(api.post("/v3/bills", json=body), 400, "BDC_1119", message="payFromChartOfAccountId")
    assert bill_count(api) == 1


# ---------------------------------------------------------------------------- PUT / PATCH
def test_put_replaces_lines(api: Api, vendor: dict[str, Any]) -> None:
    b = make_bill(api, vendor["id"], 149, 79.99)
    first, second = b["billLineItems"]
    body = bill_body(vendor["id"], description="replaced")
    body["billLineItems"] = [{"amount": 29.99, "description": "gloves"}, {**first, "amount": 150}]
    r = api.put(f"/v3/bills/{b['id']}", json=body)
    assert r.status_code == 200, r.text
    u = r.json()
    assert [line["amount"] for line in u["billLineItems"]] == [29.99, 150]
    assert u["billLineItems"][1]["id"] == first["id"] and second["id"] not in {
        x["id"] for x in u["billLineItems"]
    }
    assert u["amount"] == 179.99 and u["dueAmount"] == 179.99 and u["description"] == "replaced"
    assert u["createdTime"] == b["createdTime"]
    body["billLineItems"] = [{"id": second["id"], "amount": 1}]
    assert_error(api.put(f"/v3/bills/{b['id']}", json=body), 400, "BDC_1119")
    assert_error(api.put(f"/v3/bills/{b['id']}", json={"vendorId": vendor["id"]}), 400)


def test_patch_merges_lines_by_id(api: Api, vendor: dict[str, Any]) -> None:
    b = make_bill(api, vendor["id"], 149, 79.99, description="keep me")
    first, second = b["billLineItems"]
    r = api.patch(f"/v3/bills/{b['id']}", json={"billLineItems": [{"id": first["id"], "amount": 179}]})
    assert r.status_code == 200, r.text
    u = r.json()
    assert [(x["id"], x["amount"]) for x in u["billLineItems"]] == [(first["id"], 179), (second["id"], 79.99)]
    assert u["billLineItems"][0]["description"] == "line 0" and u["description"] == "keep me"
    assert u["amount"] == 258.99
    r = api.patch(
        f"/v3/bills/{b['id']}",
        json={
            "billLineItems": [
                {"id": second["id"], "quantity": 3, "price": 10},
                {"amount": 1, "description": "new"},
            ],
            "invoice": {"invoiceNumber": "INV-2"},
        },
    )
    u = r.json()
    assert [x["amount"] for x in u["billLineItems"]] == [179, 30, 1] and u["amount"] == 210
    assert u["invoice"] == {"invoiceDate": "2025-12-01", "invoiceNumber": "INV-2"}
    assert_error(
        api.patch(f"/v3/bills/{b['id']}", json={"dueDate": None}), 400, message="dueDate: must not be null"
    )
    assert_error(
        api.patch(f"/v3/bills/{b['id']}", json={"billLineItems": [{"id": "bli02NOPE"}]}), 400, "BDC_1119"
    )
    assert_error(api.patch("/v3/bills/00n02ABCDEFGHIJKabcd", json={}), 404, "BDC_1205")


def test_moving_a_bill_to_another_vendor(api: Api, vendor: dict[str, Any]) -> None:
    other = make_vendor(api, name="Other")
    b = make_bill(api, vendor["id"], 100)
    r = api.patch(f"/v3/bills/{b['id']}", json={"vendorId": other["id"]})
    assert r.status_code == 200 and r.json()["vendorId"] == other["id"]
    assert api.get(f"/v3/vendors/{vendor['id']}").json()["balance"]["amount"] == 0
    assert api.get(f"/v3/vendors/{other['id']}").json()["balance"]["amount"] == 100
    assert api.get(f"/v3/bills/{b['id']}").json()["vendorName"] == "Other"
    record_payment(api, other["id"], {"billId": b["id"], "amount": 10})
    assert_error(api.patch(f"/v3/bills/{b['id']}", json={"vendorId": vendor["id"]}), 400, "BDC_1119")


def test_amount_cannot_drop_below_what_is_paid(api: Api, vendor: dict[str, Any]) -> None:
    b = make_bill(api, vendor["id"], 100)
    record_payment(api, vendor["id"], {"billId": b["id"], "amount": 60})
    line = b["billLineItems"][0]
    body = assert_error(
        api.patch(f"/v3/bills/{b['id']}", json={"billLineItems": [{**line, "amount": 50}]}), 400, "BDC_1119"
    )
    assert body[0]["category"] == "APPLICATION"
    r = api.patch(f"/v3/bills/{b['id']}", json={"billLineItems": [{**line, "amount": 60}]})
    assert amounts(r.json()) == (60, 60, 0, 0, 0, "PAID")


def test_vendor_rename_reaches_its_bills(api: Api, vendor: dict[str, Any]) -> None:
    b = make_bill(api, vendor["id"])
    api.patch(f"/v3/vendors/{vendor['id']}", json={"name": "Renamed Music"})
    got = api.get(f"/v3/bills/{b['id']}").json()
    assert got["vendorName"] == "Renamed Music" and got["updatedTime"] == b["updatedTime"]
    assert api.get("/v3/bills").json()["results"][0]["vendorName"] == "Renamed Music"


# ------------------------------------------------------------------------ archive/restore
def test_archive_and_restore(api: Api, vendor: dict[str, Any]) -> None:
    b = make_bill(api, vendor["id"], 100)
    for _ in range(2):
        r = api.post(f"/v3/bills/{b['id']}/archive")
        assert r.status_code == 200 and r.json()["archived"] is True
    record = record_payment(api, vendor["id"], {"billId": b["id"], "amount": 10}, status=400)
    assert record[0]["category"] == "APPLICATION" and record[1]["message"].startswith(f"{b['id']} : ")
    for _ in range(2):
        r = api.post(f"/v3/bills/{b['id']}/restore")
        assert r.status_code == 200 and r.json()["archived"] is False
    assert_error(api.post("/v3/bills/00n02ABCDEFGHIJKabcd/archive"), 404, "BDC_1205")


@pytest.mark.inprocess  # calls bills service functions inside a request
def test_bill_with_a_scheduled_payment_cannot_be_archived(api: Api, vendor: dict[str, Any]) -> None:
    b = make_bill(api, vendor["id"], 100)

    def schedule(ctx: RequestContext) -> dict[str, Any]:
        bill = bills.get_bill_for_update(ctx, b["id"])
        out: dict[str, Any] = bills.apply_payment(ctx, bill, Decimal(40), "schedule")
        return out

    service_call(api, schedule)
    assert_error(api.post(f"/v3/bills/{b['id']}/archive"), 400, "BDC_1119")


# ------------------------------------------------------------------------------------ bulk
def test_bulk_create_returns_a_bare_array(api: Api, vendor: dict[str, Any]) -> None:
    other = make_vendor(api, name="Other")
    r = api.post("/v3/bills/bulk", json=[bill_body(vendor["id"], 10), bill_body(other["id"], 20, 5)])
    assert r.status_code == 201, r.text
    created = r.json()
    assert isinstance(created, list) and [b["amount"] for b in created] == [10, 25]
    assert [b["vendorId"] for b in created] == [vendor["id"], other["id"]]
    assert api.get(f"/v3/vendors/{other['id']}").json()["balance"]["amount"] == 25


def test_bulk_create_is_all_or_nothing(api: Api, vendor: dict[str, Any]) -> None:
    good = bill_body(vendor["id"], 10)
    bad = bill_body("00902ABCDEFGHIJKabcd", 10)
    body = assert_error(api.post("/v3/bills/bulk", json=[good, bad, good]), 400, "BDC_1246")
    assert body[1]["code"] == "BDC_1205" and body[1]["message"].startswith("[1] ")
    assert_error(api.post("/v3/bills/bulk", json=[good] * 101), 400)
    assert_error(api.post("/v3/bills/bulk", json={"bills": [good]}), 400)
    assert bill_count(api) == 0
    assert api.get(f"/v3/vendors/{vendor['id']}").json()["balance"]["amount"] == 0


# ---------------------------------------------------------------------------- record payment
def test_record_payment_walks_the_payment_status(api: Api, vendor: dict[str, Any]) -> None:
    b = make_bill(api, vendor["id"], 100, 20)
    p = record_payment(
        api, vendor["id"], {"billId": b["id"], "amount": 70}, description="check 1001", toPrintCheck=False
    )
    assert p["id"].startswith("stp") and p["billId"] == b["id"] and p["amount"] == 70
    assert (p["onlinePayment"], p["disbursementType"], p["status"], p["singleStatus"]) == (
        False,
        "OFFLINE",
        "PAID",
        "CLEARED",
    )
    assert p["billPayments"][0]["billId"] == b["id"] and p["billPayments"][0]["id"].startswith("blp")
    assert p["processDate"] == "2025-12-20" and p["createdBy"] == api.user_id
    assert p["remittanceEmail"] == "info@happy.example" and len(p["transactionNumber"]) == 20
    assert amounts(api.get(f"/v3/bills/{b['id']}").json()) == (120, 70, 50, 0, 0, "PARTIALLY_PAID")
    v = api.get(f"/v3/vendors/{vendor['id']}").json()
    assert v["balance"]["amount"] == 50
    assert v["paymentInformation"]["lastPaymentDate"].startswith("2025-12-20T")

    body = record_payment(api, vendor["id"], {"billId": b["id"], "amount": 50.01}, status=400)
    assert body[0]["code"] == "BDC_1159" and body[0]["category"] == "APPLICATION"
    assert body[1]["message"] == f"{b['id']} : {body[0]['message']}"
    record_payment(api, vendor["id"], {"billId": b["id"], "amount": 50})
    assert amounts(api.get(f"/v3/bills/{b['id']}").json()) == (120, 120, 0, 0, 0, "PAID")
    assert api.get(f"/v3/vendors/{vendor['id']}").json()["balance"]["amount"] == 0
    record_payment(api, vendor["id"], {"billId": b["id"], "amount": 0.01}, status=400)


def test_record_payment_over_several_bills_is_atomic(api: Api, vendor: dict[str, Any]) -> None:
    b1, b2 = make_bill(api, vendor["id"], 100), make_bill(api, vendor["id"], 50)
    p = record_payment(
        api, vendor["id"], {"billId": b1["id"], "amount": 100}, {"billId": b2["id"], "amount": 20}
    )
    assert "billId" not in p and p["amount"] == 120
    assert [bp["billId"] for bp in p["billPayments"]] == [b1["id"], b2["id"]]
    b3 = make_bill(api, vendor["id"], 10)
    record_payment(
        api, vendor["id"], {"billId": b3["id"], "amount": 5}, {"billId": b2["id"], "amount": 31}, status=400
    )
    assert api.get(f"/v3/bills/{b3['id']}").json()["paidAmount"] == 0  # nothing half-written


def test_record_payment_errors(api: Api, vendor: dict[str, Any], new_api: Callable[[], Api]) -> None:
    b = make_bill(api, vendor["id"], 100)
    other = make_vendor(api, name="Other")
    body = record_payment(api, other["id"], {"billId": b["id"], "amount": 10}, status=400)
    assert body[0]["code"] == "BDC_1119"
    r = api.post(
        "/v3/bills/record-payment",
        json={"vendorId": vendor["id"], "payments": [{"billId": "00n02ABCDEFGHIJKabcd", "amount": 1}]},
    )
    assert_error(r, 404, "BDC_1205")
    r = api.post(
        "/v3/bills/record-payment",
        json={
            "vendorId": vendor["id"],
            "payments": [{"billId": b["id"], "amount": 1}, {"billId": b["id"], "amount": 1}],
        },
    )
    assert_error(r, 400, "BDC_1119")
    r = api.post("/v3/bills/record-payment", json={"vendorId": vendor["id"]})
    assert_error(r, 400, message="payments: must not be empty")
    r = api.post(
        "/v3/bills/record-payment", json={"vendorId": vendor["id"], "payments": [{"billId": b["id"]}]}
    )
    assert_error(r, 400, message="payments[0].amount: must not be null")
    r = api.post(
        "/v3/bills/record-payment",
        json={"vendorId": vendor["id"], "payments": [{"billId": b["id"], "amount": 0}]},
    )
    assert_error(r, 400, message="payments[0].amount: must be greater than 0")
    foreign = new_api()
    fv = make_vendor(foreign)
    record_payment(api, fv["id"], {"billId": b["id"], "amount": 1}, status=404)
    assert api.get(f"/v3/bills/{b['id']}").json()["paidAmount"] == 0


@pytest.fixture
def assigning_policy() -> Iterator[None]:
    def assign(_ctx: RequestContext, bill: dict[str, Any]) -> None:
        if bill.get("description") == "needs approval":
            bill["approvalStatus"] = "ASSIGNED"

    rules = {**registry.RULES, bills.APPROVAL_RULE: [*registry.RULES[bills.APPROVAL_RULE], assign]}
    events.install(registry.REACTIONS, rules)
    yield
    registry.install()


@pytest.mark.inprocess  # installs an approval rule in the app
def test_unapproved_bills_cannot_be_paid(api: Api, vendor: dict[str, Any], assigning_policy: None) -> None:
    b = make_bill(api, vendor["id"], 100, description="needs approval")
    assert b["approvalStatus"] == "ASSIGNED"
    body = record_payment(api, vendor["id"], {"billId": b["id"], "amount": 10}, status=400)
    assert body[0]["category"] == "APPLICATION" and "ASSIGNED" in body[0]["message"]
    ok = make_bill(api, vendor["id"], 100)
    record_payment(api, vendor["id"], {"billId": ok["id"], "amount": 10})


# ------------------------------------------------------------------ the payments service API
@pytest.mark.inprocess  # calls bills service functions inside a request
def test_payment_transitions_keep_the_amounts_right(api: Api, vendor: dict[str, Any]) -> None:
    b = make_bill(api, vendor["id"], 100)

    def move(amount: str, transition: bills.Transition) -> Callable[[RequestContext], Any]:
        def run(ctx: RequestContext) -> Any:
            return bills.apply_payment(
                ctx, bills.get_bill_for_update(ctx, b["id"]), Decimal(amount), transition
            )

        return run

    assert amounts(service_call(api, move("100", "schedule"))) == (100, 0, 0, 100, 0, "SCHEDULED")
    assert api.get(f"/v3/vendors/{vendor['id']}").json()["balance"]["amount"] == 0
    assert amounts(service_call(api, move("40", "cancel"))) == (100, 0, 40, 60, 0, "PARTIALLY_PAID")
    assert amounts(service_call(api, move("60", "clear"))) == (100, 60, 40, 0, 0, "PARTIALLY_PAID")
    assert amounts(service_call(api, move("40", "pay"))) == (100, 100, 0, 0, 0, "PAID")
    assert amounts(service_call(api, move("30", "void"))) == (100, 70, 30, 0, 0, "PARTIALLY_PAID")
    with pytest.raises(Exception) as info:
        service_call(api, move("31", "schedule"))
    assert getattr(info.value, "code", None) == "BDC_1159"
    assert api.get(f"/v3/vendors/{vendor['id']}").json()["balance"]["amount"] == 30


# ----------------------------------------------------------------------------------- lists
def test_list_filters(api: Api, vendor: dict[str, Any]) -> None:
    refs = make_classifications(api)
    other = make_vendor(api, name="Other")
    b1 = make_bill(api, vendor["id"], 10, dueDate="2025-01-10")
    b2 = post_ok(api, "/v3/bills", full_bill(vendor["id"], refs, dueDate="2025-02-10"))
    b3 = make_bill(api, other["id"], 30, dueDate="2025-03-10")
    record_payment(api, other["id"], {"billId": b3["id"], "amount": 30})
    api.post(f"/v3/bills/{b1['id']}/archive")

    def ids(**params: Any) -> list[str]:
        r = api.get("/v3/bills", params=params)
        assert r.status_code == 200, r.text
        return [b["id"] for b in r.json()["results"]]

    assert ids() == [b1["id"], b2["id"], b3["id"]]
    assert ids(filters=f"vendorId:eq:{vendor['id']}") == [b1["id"], b2["id"]]
    assert ids(filters=f'vendorId:in:"{vendor["id"]},{other["id"]}"', sort="dueDate:desc") == [
        b3["id"],
        b2["id"],
        b1["id"],
    ]
    assert ids(filters="dueDate:gte:2025-02-01,dueDate:lt:2025-03-01") == [b2["id"]]
    assert ids(filters="paymentStatus:eq:PAID") == [b3["id"]]
    assert ids(filters='paymentStatus:in:"UNPAID,PARTIALLY_PAID"') == [b1["id"], b2["id"]]
    assert ids(filters="archived:eq:false") == [b2["id"], b3["id"]]
    assert ids(filters=f"payFromChartOfAccountId:eq:{refs['chartOfAccountId']}") == [b2["id"]]
    for key in ("chartOfAccountId", "accountingClassId", "departmentId", "locationId"):
        assert ids(filters=f"classifications.{key}:eq:{refs[key]}") == [b2["id"]]
    assert ids(filters=f"id:eq:{b2['id']}") == [b2["id"]]
    assert ids(max=1, filters=f"vendorId:eq:{vendor['id']}", sort="createdTime:desc") == [b2["id"]]
    assert_error(api.get("/v3/bills", params={"filters": "vendorId:ne:x"}), 400, "BDC_1131")
    assert_error(api.get("/v3/bills", params={"filters": "paymentStatus:eq:LATE"}), 400, "BDC_1129")
    assert_error(api.get("/v3/bills", params={"filters": "amount:gt:1"}), 400, "BDC_1130")


@pytest.mark.inprocess  # reads the query plan
def test_list_of_one_vendors_bills_uses_the_vendor_index(api: Api) -> None:
    """The 1M-bill benchmark case: ``filters=vendorId:eq:X`` in the default order (createdTime,
    then id, keyset-paged) is one index range scan with no sort step (SQLite's plan)."""
    db = api.client.bill_app.state.db  # type: ignore[attr-defined]
    if not db.sqlite:
        pytest.skip("plan checked on SQLite")
    shapes = [
        "SELECT created_time, id, doc FROM bills WHERE org_id = ? AND vendor_id = ? "
        "ORDER BY created_time, id LIMIT 21",
        "SELECT created_time, id, doc FROM bills WHERE org_id = ? AND vendor_id = ? "
        "AND (created_time, id) > ('2025-01-01T00:00:00.000+00:00', 'x') ORDER BY created_time, id LIMIT 21",
    ]
    with db.transaction(write=False) as tx:
        for sql in shapes:
            plan = tx.conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + sql, (api.org_id, "00902ABCDEFGHIJKabcd")
            ).all()
            detail = " ".join(str(row[-1]) for row in plan)
            assert "ix_bills_org_vendor_created_time" in detail and "TEMP B-TREE" not in detail, detail


# -------------------------------------------------------------------------------- tenancy
def test_another_orgs_bill_is_404(api: Api, new_api: Callable[[], Api]) -> None:
    other = new_api()
    theirs = make_bill(other, make_vendor(other)["id"])
    assert_error(api.get(f"/v3/bills/{theirs['id']}"), 404, "BDC_1205")
    assert_error(
        api.put(f"/v3/bills/{theirs['id']}", json=bill_body(make_vendor(api)["id"])), 404, "BDC_1205"
    )
    assert_error(api.post(f"/v3/bills/{theirs['id']}/archive"), 404, "BDC_1205")
    assert api.get("/v3/bills").json()["results"] == []
