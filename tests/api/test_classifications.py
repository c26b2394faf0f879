"""Classifications: the ten operations of the seven kinds, their rules and the seeded accounts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bill_sandbox.resources.classifications.kinds import BY_SEGMENT, KINDS, Kind
from contract.scenarios_classifications import full_body, make, make_full, seeded_account, small_patch
from support.api import Api, assert_error
from support.reference import load_reference

KIND_IDS = [k.segment for k in KINDS]
kinds = pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
COA = BY_SEGMENT["chart-of-accounts"]
ITEMS = BY_SEGMENT["items"]
DEPARTMENTS = BY_SEGMENT["departments"]


def minimal(kind: Kind) -> dict[str, Any]:
    """The smallest valid create body."""
    return {
        "chart-of-accounts": {"name": "Travel"},
        "departments": {"name": "Sales"},
        "employees": {"firstName": "Ada"},
        "items": {"type": "SERVICE", "name": "Hour"},
    }.get(kind.segment, {"name": "Thing"})


# ------------------------------------------------------------------------ declarations
def test_titles_and_paths_are_bills() -> None:
    bills = {
        (op["method"], op["path"].replace(":id", "{id}")): op["summary"]
        for op in load_reference()
        if op["group"].endswith("classifications")
    }
    ours = {}
    for kind in KINDS:
        t, p = kind.titles, kind.path
        ours.update(
            {
                ("GET", p): t.list,
                ("POST", p): t.create,
                ("POST", p + "/bulk"): t.bulk_create,
                ("PATCH", p + "/bulk"): t.bulk_update,
                ("POST", p + "/bulk/archive"): t.bulk_archive,
                ("POST", p + "/bulk/restore"): t.bulk_restore,
                ("GET", p + "/{id}"): t.get,
                ("PATCH", p + "/{id}"): t.update,
                ("POST", p + "/{id}/archive"): t.archive,
                ("POST", p + "/{id}/restore"): t.restore,
            }
        )
    assert ours == bills


def test_served_summaries_are_the_declared_titles(api: Api) -> None:
    spec = api.client.get("/connect/openapi.json").json()
    for kind in KINDS:
        assert spec["paths"][kind.path]["get"]["summary"] == kind.titles.list
        assert spec["paths"][kind.path + "/{id}/restore"]["post"]["summary"] == kind.titles.restore


# ---------------------------------------------------------------------------- lifecycle
@kinds
def test_create_get_update_archive_restore(api: Api, kind: Kind) -> None:
    obj = make_full(api, kind)
    assert obj["id"].startswith(kind.prefix) and len(obj["id"]) == 20
    assert obj["archived"] is False
    assert obj["createdTime"].endswith("+00:00")
    assert list(obj) == [k for k in kind.key_order if k in obj]  # BILL's key order
    body = full_body(api, kind, obj["parentId"])
    for key, value in body.items():
        assert obj[key] == value, key

    got = api.get(f"{kind.path}/{obj['id']}")
    assert got.status_code == 200 and got.json() == obj

    patch = small_patch(kind)
    r = api.patch(f"{kind.path}/{obj['id']}", json=patch)
    assert r.status_code == 200, r.text
    updated = r.json()
    assert {k: updated[k] for k in patch} == patch
    assert updated["updatedTime"] >= obj["updatedTime"]
    assert updated["parentId"] == obj["parentId"]  # PATCH merges

    for action, flag in (("archive", True), ("archive", True), ("restore", False), ("restore", False)):
        r = api.post(f"{kind.path}/{obj['id']}/{action}")
        assert r.status_code == 200 and r.json()["archived"] is flag, r.text
    assert api.get(f"{kind.path}/{obj['id']}").json()["archived"] is False


@kinds
def test_patch_null_removes_a_field(api: Api, kind: Kind) -> None:
    obj = make_full(api, kind)
    r = api.patch(f"{kind.path}/{obj['id']}", json={"parentId": None})
    assert r.status_code == 200, r.text
    assert "parentId" not in r.json()


@kinds
def test_minimal_create_omits_empty_fields(api: Api, kind: Kind) -> None:
    obj = make(api, kind, minimal(kind))
    assert set(obj) == {"id", "archived", "createdTime", "updatedTime", *minimal(kind)}


@kinds
def test_unknown_wrong_kind_and_foreign_ids_are_404(api: Api, new_api: Callable[[], Api], kind: Kind) -> None:
    other_kind = next(k for k in KINDS if k is not kind)
    wrong = make(api, other_kind, minimal(other_kind))["id"]
    foreign = make(new_api(), kind, minimal(kind))["id"]
    for id_ in (kind.prefix + "02AAAAAAAAAAAaaaa", wrong, foreign):
        assert_error(api.get(f"{kind.path}/{id_}"), 404, "BDC_1205")
        assert_error(api.patch(f"{kind.path}/{id_}", json=small_patch(kind)), 404, "BDC_1205")
        assert_error(api.post(f"{kind.path}/{id_}/archive"), 404, "BDC_1205")
        assert_error(api.post(f"{kind.path}/{id_}/restore"), 404, "BDC_1205")


# -------------------------------------------------------------------------------- lists
@kinds
def test_list_is_per_kind_and_filters(api: Api, kind: Kind) -> None:
    parent = make(api, kind, minimal(kind))
    children = [make(api, kind, full_body(api, kind, parent["id"])) for _ in range(3)]
    for other in KINDS:
        if other is not kind:
            make(api, other, minimal(other))
    r = api.get(kind.path, params={"max": 100})
    assert r.status_code == 200, r.text
    listed = [o["id"] for o in r.json()["results"]]
    assert all(i.startswith(kind.prefix) for i in listed)
    assert {parent["id"], *(c["id"] for c in children)} <= set(listed)

    r = api.get(kind.path, params={"filters": f"parentId:eq:{parent['id']}", "max": 2})
    page = r.json()
    assert [o["id"] for o in page["results"]] == [c["id"] for c in children[:2]]
    nxt = api.get(
        kind.path, params={"filters": f"parentId:eq:{parent['id']}", "max": 2, "page": page["nextPage"]}
    ).json()
    assert [o["id"] for o in nxt["results"]] == [children[2]["id"]]
    assert "nextPage" not in nxt

    api.post(f"{kind.path}/{children[0]['id']}/archive")
    r = api.get(kind.path, params={"filters": f"parentId:eq:{parent['id']},archived:eq:false"})
    assert [o["id"] for o in r.json()["results"]] == [c["id"] for c in children[1:]]
    r = api.get(kind.path, params={"filters": f"id:eq:{children[1]['id']}"})
    assert [o["id"] for o in r.json()["results"]] == [children[1]["id"]]


def test_name_short_name_and_account_type_filters(api: Api) -> None:
    make(api, DEPARTMENTS, {"name": "Zeta Ops", "shortName": "ZOPS"})
    make(api, DEPARTMENTS, {"name": "Zeta Sales", "shortName": "ZSAL"})
    make(api, DEPARTMENTS, {"name": "Alpha"})
    names = lambda r: [o["name"] for o in r.json()["results"]]  # noqa: E731
    assert names(api.get(DEPARTMENTS.path, params={"filters": 'name:sw:"Zeta"'})) == [
        "Zeta Ops",
        "Zeta Sales",
    ]
    assert names(api.get(DEPARTMENTS.path, params={"filters": "shortName:eq:ZSAL"})) == ["Zeta Sales"]
    assert names(api.get(DEPARTMENTS.path, params={"filters": "name:sw:Zeta", "sort": "name:desc"})) == [
        "Zeta Sales",
        "Zeta Ops",
    ]
    r = api.get(COA.path, params={"filters": 'account.type:in:"INCOME,EXPENSE"'})
    assert sorted(o["account"]["type"] for o in r.json()["results"]) == ["EXPENSE", "INCOME"]
    assert_error(api.get(COA.path, params={"filters": "account.type:eq:NOPE"}), 400, "BDC_1129")
    assert_error(api.get(COA.path, params={"filters": "shortName:eq:X"}), 400, "BDC_1130")
    assert_error(api.get(COA.path, params={"filters": "name:gt:A"}), 400, "BDC_1131")


# ------------------------------------------------------------------------ field rules
@pytest.mark.parametrize(
    ("segment", "body", "field"),
    [
        ("chart-of-accounts", {"description": "no name"}, "name"),
        ("chart-of-accounts", {"name": "  "}, "name"),
        ("departments", {}, "name"),
        ("items", {"type": "SERVICE"}, "name"),
        ("items", {"name": "Widget"}, "type"),
    ],
)
def test_required_fields(api: Api, segment: str, body: dict[str, Any], field: str) -> None:
    errors = assert_error(api.post(BY_SEGMENT[segment].path, json=body), 400)
    assert errors[0]["message"].startswith(f"{field}: must not be")
    assert "code" not in errors[0]


@pytest.mark.parametrize(
    ("segment", "field"),
    [("chart-of-accounts", "name"), ("departments", "name"), ("items", "name"), ("items", "type")],
)
def test_patch_cannot_blank_a_required_field(api: Api, segment: str, field: str) -> None:
    kind = BY_SEGMENT[segment]
    obj = make(api, kind, minimal(kind))
    assert_error(api.patch(f"{kind.path}/{obj['id']}", json={field: None}), 400, message=f"{field}: must not")


@pytest.mark.parametrize(
    ("segment", "field"),
    [
        ("chart-of-accounts", "shortName"),
        ("employees", "name"),
        ("employees", "description"),
        ("jobs", "price"),
    ],
)
def test_fields_of_other_kinds_are_refused(api: Api, segment: str, field: str) -> None:
    kind = BY_SEGMENT[segment]
    assert_error(api.post(kind.path, json={**minimal(kind), field: "x"}), 400, "BDC_1002")


def test_enums_and_numbers_are_checked(api: Api) -> None:
    assert_error(api.post(COA.path, json={"name": "X", "account": {"type": "SAVINGS"}}), 400, "BDC_1129")
    assert_error(api.post(ITEMS.path, json={"name": "X", "type": "WIDGET"}), 400, "BDC_1129")
    assert_error(api.post(ITEMS.path, json={"name": "X", "type": "SERVICE", "price": "lots"}), 400)
    item = make(api, ITEMS, {"name": "Tax", "type": "SALES_TAX", "percentage": "8.875", "taxable": "true"})
    assert item["percentage"] == 8.875 and item["taxable"] is True


# ----------------------------------------------------------------------------- parents
@kinds
def test_parent_must_be_an_active_object_of_the_same_kind(
    api: Api, new_api: Callable[[], Api], kind: Kind
) -> None:
    other_kind = next(k for k in KINDS if k is not kind)
    wrong_kind = make(api, other_kind, minimal(other_kind))["id"]
    foreign = make(new_api(), kind, minimal(kind))["id"]
    archived = make(api, kind, minimal(kind))["id"]
    api.post(f"{kind.path}/{archived}/archive")
    for bad in (wrong_kind, foreign, archived, kind.prefix + "02AAAAAAAAAAAaaaa"):
        errors = assert_error(api.post(kind.path, json={**minimal(kind), "parentId": bad}), 400, "BDC_1119")
        assert errors[0]["message"] == f"Invalid field,value: parentId, {bad}."
    ok = make(api, kind, minimal(kind))
    child = make(api, kind, {**minimal(kind), "parentId": ok["id"]})
    assert child["parentId"] == ok["id"]


def test_parent_cycles_are_refused(api: Api) -> None:
    a = make(api, DEPARTMENTS, {"name": "A"})
    b = make(api, DEPARTMENTS, {"name": "B", "parentId": a["id"]})
    c = make(api, DEPARTMENTS, {"name": "C", "parentId": b["id"]})
    assert_error(api.patch(f"{DEPARTMENTS.path}/{a['id']}", json={"parentId": a["id"]}), 400, "BDC_1119")
    assert_error(api.patch(f"{DEPARTMENTS.path}/{a['id']}", json={"parentId": c["id"]}), 400, "BDC_1119")
    r = api.patch(f"{DEPARTMENTS.path}/{c['id']}", json={"parentId": a["id"]})
    assert r.status_code == 200 and r.json()["parentId"] == a["id"]


# ------------------------------------------------------------------- item references
@pytest.mark.parametrize("field", ["chartOfAccountId", "expenseChartOfAccountId"])
def test_items_reference_active_chart_of_accounts(api: Api, new_api: Callable[[], Api], field: str) -> None:
    base = {"type": "SERVICE", "name": "Hour"}
    account = seeded_account(api, "INCOME")
    assert make(api, ITEMS, {**base, field: account})[field] == account
    department = make(api, DEPARTMENTS, {"name": "D"})["id"]
    foreign = seeded_account(new_api(), "INCOME")
    archived = make(api, COA, {"name": "Old"})["id"]
    api.post(f"{COA.path}/{archived}/archive")
    for bad in (department, foreign, archived, "0ca02AAAAAAAAAAAaaaa"):
        errors = assert_error(api.post(ITEMS.path, json={**base, field: bad}), 400, "BDC_1119")
        assert errors[0]["message"] == f"Invalid field,value: {field}, {bad}."
    item = make(api, ITEMS, base)
    assert_error(api.patch(f"{ITEMS.path}/{item['id']}", json={field: department}), 400, "BDC_1119")


# ---------------------------------------------------------------------------------- bulk
@kinds
def test_bulk_create_update_archive_restore(api: Api, kind: Kind) -> None:
    r = api.post(kind.path + "/bulk", json=[minimal(kind), full_body(api, kind)])
    assert r.status_code == 201, r.text
    created = r.json()[kind.bulk_key]
    assert len(created) == 2 and all(o["id"].startswith(kind.prefix) for o in created)
    ids = [o["id"] for o in created]

    patch = small_patch(kind)
    r = api.patch(kind.path + "/bulk", json=[{"id": i, **patch} for i in ids])
    assert r.status_code == 200, r.text
    assert [o["id"] for o in r.json()[kind.bulk_key]] == ids
    assert all(api.get(f"{kind.path}/{i}").json()[k] == v for i in ids for k, v in patch.items())

    r = api.post(kind.path + "/bulk/archive", params={"ids": ",".join(ids)})
    assert r.status_code == 200, r.text
    assert [o["archived"] for o in r.json()[kind.bulk_key]] == [True, True]
    r = api.post(kind.path + "/bulk/restore", params={"ids": f"{ids[0]}, {ids[1]},{ids[0]}"})
    assert r.status_code == 200, r.text
    assert [(o["id"], o["archived"]) for o in r.json()[kind.bulk_key]] == [(ids[0], False), (ids[1], False)]


@kinds
def test_bulk_is_all_or_nothing(api: Api, kind: Kind) -> None:
    before = len(api.get(kind.path, params={"max": 100}).json()["results"])
    bad = {**minimal(kind), "parentId": kind.prefix + "02AAAAAAAAAAAaaaa"}
    assert_error(api.post(kind.path + "/bulk", json=[minimal(kind), bad]), 400, "BDC_1119")
    assert len(api.get(kind.path, params={"max": 100}).json()["results"]) == before

    obj = make(api, kind, minimal(kind))
    unknown = kind.prefix + "02AAAAAAAAAAAaaaa"
    assert_error(
        api.patch(
            kind.path + "/bulk",
            json=[{"id": obj["id"], **small_patch(kind)}, {"id": unknown, **small_patch(kind)}],
        ),
        404,
        "BDC_1205",
    )
    assert api.get(f"{kind.path}/{obj['id']}").json() == obj
    assert_error(api.post(kind.path + "/bulk/archive", params={"ids": f"{obj['id']},{unknown}"}), 404)
    assert api.get(f"{kind.path}/{obj['id']}").json()["archived"] is False


def test_bulk_limits(api: Api) -> None:
    path = DEPARTMENTS.path + "/bulk"
    r = api.post(path, json=[{"name": f"D{i}"} for i in range(50)])
    assert r.status_code == 201 and len(r.json()["departments"]) == 50
    assert_error(
        api.post(path, json=[{"name": f"D{i}"} for i in range(51)]),
        400,
        message="size must be between 1 and 50",
    )
    assert_error(api.post(path, json=[]), 400, message="size must be between 1 and 50")
    assert_error(api.post(path, json={"name": "not a list"}), 400)
    errors = assert_error(api.post(path, json=[{"name": "ok"}, {"description": "no name"}]), 400)
    assert errors[0]["message"] == "[1].name: must not be blank"
    assert_error(api.patch(path, json=[{"name": "no id"}]), 400, message="id: must not be blank")
    ids = ",".join(f"0de02AAAAAAAAAA{i:02d}aa" for i in range(51))
    assert_error(api.post(path + "/archive", params={"ids": ids}), 400)


@kinds
def test_bulk_archive_and_restore_need_ids(api: Api, kind: Kind) -> None:
    for action in ("archive", "restore"):
        assert_error(api.post(f"{kind.path}/bulk/{action}"), 400, "BDC_1108", "ids")
        assert_error(api.post(f"{kind.path}/bulk/{action}", params={"ids": " , "}), 400, "BDC_1108")


# ---------------------------------------------------------------------- seeded accounts
def test_new_organization_has_a_chart_of_accounts(api: Api) -> None:
    r = api.get(COA.path)
    assert r.status_code == 200, r.text
    accounts = r.json()["results"]
    assert len(accounts) == 5
    types = [a["account"]["type"] for a in accounts]
    assert {"INCOME", "EXPENSE", "BANK", "ACCOUNTS_PAYABLE", "ACCOUNTS_RECEIVABLE"} == set(types)
    assert accounts[0]["name"] == "Checking"  # listed in seed order
    assert all(a["archived"] is False and a["id"].startswith("0ca") for a in accounts)
    for other in KINDS:
        if other is not COA:
            assert api.get(other.path).json()["results"] == []


def test_reset_seeds_the_chart_of_accounts_again(api: Api) -> None:
    make(api, COA, {"name": "Extra"})
    make(api, DEPARTMENTS, {"name": "Gone"})
    r = api.sandbox("POST", "/reset", json={"organizationId": api.org_id})
    assert r.status_code == 200, r.text
    api.login()
    assert len(api.get(COA.path).json()["results"]) == 5
    assert api.get(DEPARTMENTS.path).json()["results"] == []


def test_classifications_need_a_session(api: Api) -> None:
    r = api.client.get("/connect" + COA.path, headers={"devKey": api.creds["devKey"]})
    assert_error(r, 401, "BDC_1109")
