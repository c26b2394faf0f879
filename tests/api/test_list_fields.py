"""Every filter field and operator and every sort field of BILL-RULES §4's table is accepted on its
resource (for the resources served); names compare the same way under ``eq`` and ``sw``; a
cursor is bound to the list it came from; repeated query parameters act on every value."""

from __future__ import annotations

from typing import Any

import pytest

from support.ap import make_bill, make_classifications, make_vendor, post_ok, record_payment
from support.api import Api, assert_error
from support.payments import payer

TIMES = "createdTime:gt..lte,updatedTime:gt..lte"
RANGE_OPS = ("gt", "gte", "lt", "lte")

# resource path -> (filters "field:ops" (ops joined by "|", "gt..lte" = gt|gte|lt|lte), sorts)
CLASS_SORTS = ("archived", "name", "description")
CLASS_FILTERS = ("id:eq|ne|in", "archived:eq|ne", TIMES)
TABLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "/v3/vendors": (
        (
            "id:eq|ne|in",
            "archived:eq|ne",
            "name:eq|sw",
            "accountType:eq|ne|in|nin",
            "address.country:eq|ne",
            "billCurrency:eq|ne|in|nin",
            "paymentStatus:eq|ne|in|nin",
            TIMES,
        ),
        ("archived", "name", "shortName", "email", "phone", "billCurrency", "createdTime", "updatedTime"),
    ),
    "/v3/customers": (
        (
            "id:eq|ne|in",
            "archived:eq|ne",
            "name:eq|sw",
            "accountType:eq|ne|in|nin",
            "address.country:eq|ne",
            "invoiceCurrency:eq|ne|in|nin",
            "paymentStatus:eq|ne|in|nin",
            TIMES,
        ),
        (
            "archived",
            "name",
            "companyName",
            "email",
            "phone",
            "fax",
            "description",
            "invoiceCurrency",
            "createdTime",
            "updatedTime",
        ),
    ),
    "/v3/bills": (
        (
            "id:eq|ne|in",
            "archived:eq|ne",
            "vendorId:eq|in",
            "dueDate:gt..lte",
            "paymentStatus:eq|ne|in",
            TIMES,
            "payFromChartOfAccountId:eq|ne|in",
            "classifications.chartOfAccountId:eq|ne|in",
            "classifications.accountingClassId:eq|ne|in",
            "classifications.departmentId:eq|ne|in",
            "classifications.locationId:eq|ne|in",
            "classifications.itemId:eq|ne|in",
        ),
        ("archived", "fundingAmount", "exchangeRate", "description", "dueDate", "createdTime", "updatedTime"),
    ),
    "/v3/recurringbills": (("id:eq|ne|in", "archived:eq|ne", "vendorId:eq|in"), ("archived", "description")),
    "/v3/vendor-credits": (
        ("id:eq|ne|in", "archived:eq|ne", TIMES),  # not listed: BILL-RULES §4's DEFAULT set
        ("archived", "creditDate", "amount", "appliedAmount", "createdTime", "updatedTime"),
    ),
    "/v3/payments": (
        (
            "id:eq|ne|in",
            "vendorId:eq|ne|in",
            "transactionNumber:eq|in",
            "processDate:gt..lte",
            "billId:eq|ne|in",
            "singleStatus:eq|ne|in",
            "status:eq|ne|in",
        ),
        (
            "description",
            "processDate",
            "amount",
            "confirmationNumber",
            "onlinePayment",
            "disbursementStatus",
            "createdTime",
            "updatedTime",
        ),
    ),
    "/v3/funding-accounts/banks": (
        (
            "id:eq|ne|in",
            "bankAccountId:eq",
            "archived:eq|ne",
            "status:eq|ne|in|nin",
            "type:eq|ne",
            "ownerType:eq|ne",
            "accessToAdmins:eq|ne",
            TIMES,
        ),
        (
            "archived",
            "nameOnAccount",
            "bankName",
            "accessToAdmins",
            "createdTime",
            "updatedTime",
            "type",
            "ownerType",
        ),
    ),
    "/v3/funding-accounts/banks/users": (("id:eq",), ("archived",)),
    "/v3/funding-accounts/cards/users": (("id:eq",), ("archived",)),
    **{
        f"/v3/classifications/{kind}": (CLASS_FILTERS, CLASS_SORTS)
        for kind in ("chart-of-accounts", "accounting-classes", "departments", "items", "jobs", "locations")
    },
    "/v3/classifications/employees": (CLASS_FILTERS, (*CLASS_SORTS, "firstName", "lastName")),
}

SAMPLES: dict[str, tuple[str, str]] = {  # field -> (one value, two values for in/nin)
    "archived": ("false", "false"),
    "accessToAdmins": ("true", "true"),
    "accountType": ("BUSINESS", '"BUSINESS,PERSON"'),
    "paymentStatus": ("UNPAID", '"UNPAID,PAID"'),
    "singleStatus": ("SCHEDULED", '"SCHEDULED,CLEARED"'),
    "status": ("VERIFIED", '"VERIFIED,PENDING"'),
    "type": ("CHECKING", "CHECKING"),
    "ownerType": ("BUSINESS", "BUSINESS"),
    "dueDate": ("2026-01-01", ""),
    "processDate": ("2026-01-01", ""),
    "createdTime": ("2026-01-01T00:00:00.000+00:00", ""),
    "updatedTime": ("2026-01-01", ""),
    "billCurrency": ("USD", '"USD,EUR"'),
    "invoiceCurrency": ("USD", '"USD,EUR"'),
    "address.country": ("US", ""),
}
PAYMENT_STATUS = {"/v3/payments": ("PAID", '"PAID,SCHEDULED"')}


def cases() -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for path, (filters, sorts) in TABLE.items():
        for entry in filters:
            for spec in entry.split(","):
                name, ops = spec.split(":")
                for op in RANGE_OPS if ops == "gt..lte" else ops.split("|"):
                    out.append((path, "filter", f"{name}:{op}"))
        out += [(path, "sort", name) for name in sorts]
    return out


@pytest.mark.parametrize("path", sorted(TABLE))
def test_every_documented_field_is_accepted(api: Api, path: str) -> None:
    papi = payer(api) if path.startswith("/v3/funding-accounts") or path == "/v3/payments" else api
    checked = 0
    for row_path, what, item in cases():
        if row_path != path:
            continue
        if what == "sort":
            for direction in ("asc", "desc"):
                r = papi.get(path, params={"sort": f"{item}:{direction}"})
                assert r.status_code == 200, (item, direction, r.text)
        else:
            name, op = item.split(":")
            one, two = SAMPLES.get(name, ("x1", '"x1,x2"'))
            if name == "status" and path == "/v3/payments":
                one, two = PAYMENT_STATUS[path]
            value = two if op in ("in", "nin") else one
            r = papi.get(path, params={"filters": f"{name}:{op}:{value or one}"})
            assert r.status_code == 200, (item, r.text)
        checked += 1
    assert checked >= 2


# --------------------------------------------------------------------------- semantics
def _names(api: Api, path: str, **params: Any) -> list[str]:
    r = api.get(path, params=params)
    assert r.status_code == 200, r.text
    return [x.get("name") or x.get("id") for x in r.json()["results"]]


def test_sorting_by_document_fields(api: Api) -> None:
    for name, email in (("Bravo", "c@example.com"), ("Alpha", "b@example.com"), ("Charlie", "a@example.com")):
        make_vendor(api, name=name, email=email)
    make_vendor(api, name="Delta")  # no email: sorts first, like an empty value
    assert _names(api, "/v3/vendors", sort="email:asc") == ["Delta", "Charlie", "Alpha", "Bravo"]
    assert _names(api, "/v3/vendors", sort="email:desc") == ["Bravo", "Alpha", "Charlie", "Delta"]
    page = api.get("/v3/vendors", params={"sort": "email:desc", "max": 3}).json()
    rest = api.get("/v3/vendors", params={"sort": "email:desc", "max": 3, "page": page["nextPage"]}).json()
    assert [x["name"] for x in rest["results"]] == ["Delta"]


def test_payments_sort_by_amount_and_filter_by_status(api: Api) -> None:
    vendor = make_vendor(api)
    ids = {}
    for amount in (30, 10, 20):
        bill = make_bill(api, vendor["id"], amount)
        ids[amount] = record_payment(api, vendor["id"], {"billId": bill["id"], "amount": amount})["id"]
    got = [p["amount"] for p in api.get("/v3/payments", params={"sort": "amount:desc"}).json()["results"]]
    assert got == [30, 20, 10]
    paid = api.get("/v3/payments", params={"filters": "status:eq:PAID,amount:lt:25"}).json()["results"]
    assert sorted(p["id"] for p in paid) == sorted([ids[10], ids[20]])
    number = api.get(f"/v3/payments/{ids[30]}").json()["transactionNumber"]
    by_number = api.get("/v3/payments", params={"filters": f"transactionNumber:eq:{number}"}).json()
    assert [p["id"] for p in by_number["results"]] == [ids[30]]


def test_bills_filter_by_line_item(api: Api) -> None:
    refs = make_classifications(api)
    vendor = make_vendor(api)
    tagged = make_bill(api, vendor["id"], 5, classifications={"itemId": refs["itemId"]})
    make_bill(api, vendor["id"], 6)
    got = api.get("/v3/bills", params={"filters": f"classifications.itemId:eq:{refs['itemId']}"})
    assert [b["id"] for b in got.json()["results"]] == [tagged["id"]]


def test_name_eq_and_sw_compare_alike(api: Api) -> None:
    for name in ("Happy Co", "hapless", "Sad Inc"):
        make_vendor(api, name=name)
    assert _names(api, "/v3/vendors", filters="name:eq:HAPPY CO") == ["Happy Co"]
    assert _names(api, "/v3/vendors", filters='name:sw:"HAP"') == ["Happy Co", "hapless"]
    assert _names(api, "/v3/vendors", filters='name:sw:"hap"') == ["Happy Co", "hapless"]
    assert _names(api, "/v3/vendors", filters='name:sw:"Happy C"') == ["Happy Co"]
    assert _names(api, "/v3/vendors", filters='name:sw:"50%"') == []
    assert _names(api, "/v3/customers", filters="name:eq:nobody") == []


@pytest.mark.inprocess  # reads the query plan
def test_name_sw_uses_the_index(api: Api) -> None:
    from sqlalchemy import select

    from bill_sandbox.listing import ListSpec, filter_clause, list_field, parse_filters
    from bill_sandbox.resources.vendors.models import VendorRow

    t = VendorRow.__table__
    spec = ListSpec.build(t, list_field("name", t.c.name, fold=True))
    (flt,) = parse_filters('name:sw:"hap"', spec)
    app: Any = api.client.bill_app  # type: ignore[attr-defined]
    engine = app.state.db.engine
    stmt = select(t.c.id).where(t.c.org_id == api.org_id, filter_clause(flt))
    sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert "ix_vendors_org_lower_name" in plan, plan
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = " ".join(str(r[0]) for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))
            assert "ix_vendors_org_lower_name" in plan, plan


def test_a_cursor_is_bound_to_its_list(api: Api) -> None:
    for name in ("A1", "A2", "A3"):
        make_vendor(api, name=name)
        post_ok(api, "/v3/customers", {"name": name, "email": f"{name}@example.com"})
    page = api.get("/v3/vendors", params={"max": 1}).json()
    cursor = page["nextPage"]
    assert api.get("/v3/vendors", params={"max": 1, "page": cursor}).status_code == 200
    assert_error(api.get("/v3/customers", params={"max": 1, "page": cursor}), 400, "BDC_1129")
    assert_error(
        api.get("/v3/vendors", params={"max": 1, "page": cursor, "filters": "archived:eq:false"}),
        400,
        "BDC_1129",
    )
    coa = api.get("/v3/classifications/chart-of-accounts", params={"max": 1}).json()["nextPage"]
    assert_error(api.get("/v3/classifications/departments", params={"page": coa}), 400, "BDC_1129")


def test_repeated_query_parameters_act_on_every_value(api: Api) -> None:
    a = make_vendor(api, name="Rep A")
    b = make_vendor(api, name="Rep B")
    make_vendor(api, name="Rep C")
    r = api.get("/v3/vendors", params=[("filters", f'id:in:"{a["id"]},{b["id"]}"'), ("sort", "name:desc")])
    assert [x["name"] for x in r.json()["results"]] == ["Rep B", "Rep A"]
    both = api.get("/v3/vendors", params=[("filters", "name:sw:Rep"), ("filters", "name:ne:Rep C")])
    assert [x["name"] for x in both.json()["results"]] == ["Rep A", "Rep B"]
    depts = [
        post_ok(api, "/v3/classifications/departments", {"name": n})["id"] for n in ("Ops", "Sales", "HR")
    ]
    r = api.post(
        "/v3/classifications/departments/bulk/archive", params=[("ids", depts[0]), ("ids", depts[1])]
    )
    assert r.status_code == 200, r.text
    archived = api.get("/v3/classifications/departments", params={"filters": "archived:eq:true"}).json()
    assert sorted(x["id"] for x in archived["results"]) == sorted(depts[:2])
