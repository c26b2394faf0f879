"""The outbox: every change BILL announces is recorded in the writer's transaction, with the
object as the API returns it; failed requests record nothing; reactions run in the same
transaction; clock-driven payment steps are recorded by the scheduler without any read."""

from __future__ import annotations

from typing import Any

import pytest

from bill_sandbox import events
from support.ap import make_bill, make_vendor
from support.api import Api, recorded_events
from support.payments import at, bd, bill_and_payment, check_vendor, now, payer, pdate


def recorded(api: Api, entity_id: str | None = None) -> list[dict[str, Any]]:
    return [
        {"id": e["id"], "type": e["type"], "entity": e["entityId"], "obj": e["payload"]}
        for e in recorded_events(api, entity_id)
    ]


def test_vendor_lifecycle_is_recorded(api: Api) -> None:
    vendor = make_vendor(api)
    api.patch(f"/v3/vendors/{vendor['id']}", json={"name": "Renamed Strings"})
    api.post(f"/v3/vendors/{vendor['id']}/archive")
    api.post(f"/v3/vendors/{vendor['id']}/restore")
    got = recorded(api, vendor["id"])
    assert [e["type"] for e in got] == [
        "vendor.created",
        "vendor.updated",
        "vendor.archived",
        "vendor.restored",
    ]
    assert got[1]["obj"]["name"] == "Renamed Strings"
    assert got[0]["obj"] == {**vendor, "archived": False} or got[0]["obj"]["id"] == vendor["id"]
    stored = api.get(f"/v3/vendors/{vendor['id']}").json()
    assert got[-1]["obj"] == stored  # the payload is the object as the API answers it


def test_a_refused_request_records_nothing(api: Api) -> None:
    before = len(recorded(api))
    r = api.post("/v3/vendors", json={"name": ""})
    assert r.status_code == 400
    assert len(recorded(api)) == before


def test_bill_events_and_the_rename_reaction(api: Api) -> None:
    vendor = make_vendor(api)
    bill = make_bill(api, vendor["id"], 10)
    api.patch(f"/v3/vendors/{vendor['id']}", json={"name": "New Name"})
    assert api.get(f"/v3/bills/{bill['id']}").json()["vendorName"] == "New Name"
    api.post(f"/v3/bills/{bill['id']}/archive")
    types = [e["type"] for e in recorded(api, bill["id"])]
    assert types == ["bill.created", "bill.archived"]


def test_signup_records_seeded_funding_accounts(api: Api) -> None:
    types = {e["type"] for e in recorded(api)}
    assert {"bank-account.created", "card-account.created"} <= types
    # internal events (the organization's creation) are not in the outbox
    assert all(e["type"] in events.CATALOG for e in recorded(api))


def test_every_catalog_type_is_a_bill_type() -> None:
    assert "payment.updated" in events.CATALOG and "invoice.created" in events.CATALOG
    assert all(item["versions"] == ["1"] for item in events.catalog())


def test_organizations_never_see_each_others_events(api: Api, new_api: Any) -> None:
    other = new_api()
    make_vendor(other)
    mine = {e["id"] for e in recorded(api)}
    theirs = {e["id"] for e in recorded(other)}
    assert not mine & theirs


@pytest.fixture
def papi(api: Api) -> Api:
    return payer(api)


def test_clock_driven_payment_steps_are_recorded_without_reads(papi: Api) -> None:
    _, payment = bill_and_payment(papi, check_vendor(papi), 40)
    created = recorded(papi, payment["id"])
    assert [(e["type"], e["obj"]["singleStatus"]) for e in created] == [("payment.updated", "SCHEDULED")]
    target = at(bd(pdate(payment), 1), 13)  # past PROCESSED and the 12:00 check mailing
    papi.advance(seconds=(target - now(papi)).total_seconds())
    steps = [
        e["obj"]["singleStatus"] for e in recorded(papi, payment["id"]) if e["type"] == "payment.updated"
    ]
    assert steps == ["SCHEDULED", "FUNDING_STARTED", "PROCESSED", "SENT"]


def test_failed_payments_announce_payment_failed(papi: Api) -> None:
    _, payment = bill_and_payment(papi, check_vendor(papi), 999.02)
    papi.advance(seconds=(at(bd(pdate(payment), 3), 1) - now(papi)).total_seconds())
    types = [(e["type"], e["obj"]["singleStatus"]) for e in recorded(papi, payment["id"])]
    assert ("payment.failed", "DISBURSEMENT_FAILED_ACTION_NEEDED") in types
    assert ("payment.updated", "DISBURSEMENT_FAILED_ACTION_NEEDED") in types
