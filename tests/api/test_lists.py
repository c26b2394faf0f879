"""BILL list semantics through a real endpoint (customers)."""

from __future__ import annotations

from typing import Any

import pytest

from support.api import Api, assert_error

NAMES = ["Acme", "Bolt", "Cobalt", "Delta", "Echo", "Hapless", "Happy Co", "Zed"]


@pytest.fixture
def populated(api: Api) -> Api:
    for i, name in enumerate(NAMES):
        body = {
            "name": name,
            "email": f"{i}@ex.com",
            "accountType": ["BUSINESS", "PERSON", "NONE"][i % 3],
            "billingAddress": {"country": "US" if i % 2 else "CA"},
        }
        assert api.post("/v3/customers", json=body).status_code == 201
    return api


def names(api: Api, **params: Any) -> list[str]:
    r = api.get("/v3/customers", params=params)
    assert r.status_code == 200, r.text
    return [c["name"] for c in r.json()["results"]]


def walk(api: Api, direction: str = "nextPage", **params: Any) -> list[list[str]]:
    pages: list[list[str]] = []
    r = api.get("/v3/customers", params=params).json()
    pages.append([c["name"] for c in r["results"]])
    while direction in r:
        r = api.get("/v3/customers", params={**params, "page": r[direction]}).json()
        pages.append([c["name"] for c in r["results"]])
    return pages


def test_default_order_is_creation_and_default_max_is_20(populated: Api) -> None:
    assert names(populated) == NAMES
    for i in range(15):
        populated.post("/v3/customers", json={"name": f"N{i:02}", "email": "n@ex.com"})
    assert len(names(populated)) == 20
    assert len(names(populated, max=100)) == 23


def test_paging_forward_and_back_with_cursors(populated: Api) -> None:
    pages = walk(populated, max=3, sort="name:asc")
    assert pages == [NAMES[0:3], NAMES[3:6], NAMES[6:8]]
    first = populated.get("/v3/customers", params={"max": 3, "sort": "name:asc"}).json()
    assert "prevPage" not in first
    second = populated.get(
        "/v3/customers", params={"max": 3, "sort": "name:asc", "page": first["nextPage"]}
    ).json()
    third = populated.get(
        "/v3/customers", params={"max": 3, "sort": "name:asc", "page": second["nextPage"]}
    ).json()
    assert "nextPage" not in third and "prevPage" in third
    back = populated.get(
        "/v3/customers", params={"max": 3, "sort": "name:asc", "page": third["prevPage"]}
    ).json()
    assert [c["name"] for c in back["results"]] == NAMES[3:6]
    again = populated.get(
        "/v3/customers", params={"max": 3, "sort": "name:asc", "page": back["prevPage"]}
    ).json()
    assert [c["name"] for c in again["results"]] == NAMES[0:3] and "prevPage" not in again


def test_sort_desc_and_compound(populated: Api) -> None:
    assert names(populated, sort="name:desc") == sorted(NAMES, reverse=True)
    by_type = names(populated, sort="accountType:asc,name:desc")
    assert by_type == ["Happy Co", "Delta", "Acme", "Hapless", "Cobalt", "Zed", "Echo", "Bolt"]
    assert walk(populated, max=3, sort="accountType:asc,name:desc") == [
        by_type[0:3],
        by_type[3:6],
        by_type[6:],
    ]


def test_filters(populated: Api) -> None:
    assert names(populated, filters='name:sw:"Hap"') == ["Hapless", "Happy Co"]
    assert names(populated, filters="name:sw:hap") == ["Hapless", "Happy Co"]
    assert names(populated, filters="accountType:eq:PERSON") == ["Bolt", "Echo", "Zed"]
    assert names(populated, filters='accountType:nin:"NONE,PERSON"') == ["Acme", "Delta", "Happy Co"]
    assert names(populated, filters='accountType:in:"NONE"') == ["Cobalt", "Hapless"]
    assert names(populated, filters="accountType:eq:BUSINESS,billingAddress.country:eq:US") == ["Delta"]
    assert names(populated, filters="address.country:ne:US") == ["Acme", "Cobalt", "Echo", "Happy Co"]
    assert names(populated, filters="name:eq:Zed") == ["Zed"]
    everything = populated.get("/v3/customers").json()["results"]
    first_id = everything[0]["id"]
    assert names(populated, filters=f"id:eq:{first_id}") == ["Acme"]
    assert names(populated, filters=f"id:in:{first_id},{everything[1]['id']}") == ["Acme", "Bolt"]


def test_archived_and_time_filters(populated: Api) -> None:
    zed = populated.get("/v3/customers", params={"filters": "name:eq:Zed"}).json()["results"][0]
    populated.post(f"/v3/customers/{zed['id']}/archive")
    assert "Zed" in names(populated)  # archived rows are listed unless filtered
    assert "Zed" not in names(populated, filters="archived:eq:false")
    assert names(populated, filters="archived:eq:true") == ["Zed"]
    populated.advance(seconds=5)
    populated.post("/v3/customers", json={"name": "Later", "email": "l@ex.com"})
    now = populated.clock()["now"]
    assert names(populated, filters=f"createdTime:gt:{now}") == []
    assert "Later" in names(populated, filters=f"createdTime:gt:{zed['createdTime']}")
    assert (
        names(populated, filters=f"updatedTime:gt:{zed['createdTime']}", sort="updatedTime:desc")[0]
        == "Later"
    )


def test_results_empty_with_no_cursor_when_nothing_matches(populated: Api) -> None:
    r = populated.get("/v3/customers", params={"filters": "name:eq:nobody"}).json()
    assert r == {"results": []}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"max": "0"}, "BDC_1129"),
        ({"max": "101"}, "BDC_1129"),
        ({"max": "many"}, "BDC_1129"),
        ({"filters": "shoeSize:eq:9"}, "BDC_1130"),
        ({"filters": "name:like:x"}, "BDC_1131"),
        ({"filters": "accountType:sw:B"}, "BDC_1131"),
        ({"filters": "name:gte:H"}, "BDC_1131"),
        ({"sort": "shoeSize:asc"}, "BDC_1129"),
        ({"sort": "name:up"}, "BDC_1129"),
        ({"page": "garbage"}, "BDC_1129"),
    ],
)
def test_bad_list_parameters(populated: Api, params: dict[str, str], code: str) -> None:
    assert_error(populated.get("/v3/customers", params=params), 400, code)


def test_cursor_is_bound_to_its_sort(populated: Api) -> None:
    token = populated.get("/v3/customers", params={"max": 2, "sort": "name:asc"}).json()["nextPage"]
    assert_error(populated.get("/v3/customers", params={"max": 2, "sort": "name:desc", "page": token}), 400)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert_error(
        populated.get("/v3/customers", params={"max": 2, "sort": "name:asc", "page": tampered}),
        400,
        "BDC_1129",
    )
