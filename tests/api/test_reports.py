"""The vendor audit trail, built from the event outbox (BILL-RULES §5.16b)."""

from __future__ import annotations

from typing import Any

from support.ap import US_ADDRESS, make_vendor
from support.api import Api, assert_error


def trail(api: Api, vendor_id: str, **params: Any) -> list[dict[str, Any]]:
    r = api.get(f"/v3/reports/audit-trail/vendor/{vendor_id}", params=params)
    assert r.status_code == 200, r.text
    out: list[dict[str, Any]] = r.json()
    return out


def test_create_then_edits_newest_first(api: Api) -> None:
    vendor = make_vendor(api, name="Acme Strings")
    got = trail(api, vendor["id"])
    assert len(got) == 1
    created = got[0]
    assert created["source"] == "API" and created["type"] == "CREATE" and created["field"] == {}
    assert created["createdTime"] == vendor["createdTime"]
    assert created["user"] == {"id": api.user_id, "name": "Sandbox Developer"}
    api.patch(
        f"/v3/vendors/{vendor['id']}", json={"name": "Acme Strings LLC", "email": "ap@acme.example.com"}
    )
    api.patch(
        f"/v3/vendors/{vendor['id']}",
        json={"address": US_ADDRESS, "paymentInformation": {"payeeName": "Acme Strings LLC"}},
    )
    got = trail(api, vendor["id"])
    assert got[-1]["type"] == "CREATE"
    edits = {r["field"]["name"]: r["field"]["value"] for r in got if r["type"] == "EDIT"}
    assert edits["Vendor Name"] == {"previous": "Acme Strings", "current": "Acme Strings LLC"}
    assert edits["Email"] == {"previous": "", "current": "ap@acme.example.com"}
    assert edits["City"] == {"previous": "", "current": "San Jose"}
    assert edits["Pay by"] == {"previous": "Offline", "current": "Check"}  # derived, as the web app shows it
    assert all(r["type"] == "EDIT" for r in got[:-1])
    times = [r["createdTime"] for r in got]
    assert times == sorted(times, reverse=True)


def test_archive_records_need_include_archived_and_paging(api: Api) -> None:
    vendor = make_vendor(api)
    api.post(f"/v3/vendors/{vendor['id']}/archive")
    api.post(f"/v3/vendors/{vendor['id']}/restore")
    assert [r["type"] for r in trail(api, vendor["id"])] == ["CREATE"]
    got = trail(api, vendor["id"], includeArchived="true")
    assert [r["field"].get("value") for r in got] == [
        {"previous": "Inactive", "current": "Active"},
        {"previous": "Active", "current": "Inactive"},
        None,
    ]
    assert trail(api, vendor["id"], includeArchived="true", start=1, max=1) == [got[1]]
    assert trail(api, vendor["id"], start=5) == []


def test_errors(api: Api, new_api: Any) -> None:
    other = new_api()
    theirs = make_vendor(other)
    assert_error(api.get(f"/v3/reports/audit-trail/vendor/{theirs['id']}"), 404, "BDC_1205")
    assert_error(api.get("/v3/reports/audit-trail/vendor/00902NOSUCHVENDORxxx"), 404, "BDC_1205")
    vendor = make_vendor(api)
    url = f"/v3/reports/audit-trail/vendor/{vendor['id']}"
    assert_error(api.get(url, params={"max": 0}), 400, "BDC_1129")
    assert_error(api.get(url, params={"start": "-1"}), 400, "BDC_1129")
    assert_error(api.get(url, params={"includeArchived": "maybe"}), 400, "BDC_1129")
