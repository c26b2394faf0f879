"""Connect Events API: subscriptions, signed deliveries to a real local receiver, retries,
disable, history, test event, resend, tenancy, idempotency, limits."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from bill_sandbox import events
from bill_sandbox.webhooks import payloads
from support.api import Api, assert_error
from support.webhook_receiver import Receiver, fast_retries, record_event

EV = "/connect-events"


@pytest.fixture(autouse=True)
def quick_retries(client: httpx.Client) -> Iterator[None]:
    """Retries after 0.02, 0.04, 0.08, 0.16 s instead of 2, 4, 8, 16 s."""
    with fast_retries(client):
        yield


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def ev(api: Api, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return api.connect_events(method, path, **kwargs)


_keys = iter(range(10**9))


def subscribe(
    api: Api, url: str, types: tuple[str, ...] = ("vendor.created", "vendor.updated"), **extra: Any
) -> dict[str, Any]:
    body = {
        "name": "hooks",
        "status": {"enabled": True},
        "events": [{"type": t, "version": "1"} for t in types],
        "notificationUrl": url,
        **extra,
    }
    r = ev(api, "POST", "/v3/subscriptions", json=body, headers={"X-Idempotent-Key": f"k-{next(_keys)}"})
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def record(client: httpx.Client, org_id: str, type_: str, doc: dict[str, Any]) -> str:
    """An outbox event, recorded like a resource would (control plane)."""
    return record_event(client, org_id, type_, doc)


def vendor_doc(n: int = 1) -> dict[str, Any]:
    return {
        "id": f"00901VENDOR{n:09d}",
        "name": f"Vendor {n}",
        "archived": False,
        "accountNumber": "9876543210",
        "accountType": "BUSINESS",  # not in VendorPayloadV1: left out
        "address": {"line1": "1 Main", "city": "SJ", "country": "US", "countryName": "United States"},
        "createdTime": "2024-01-01T00:00:00.000+00:00",
        "updatedTime": "2024-01-01T00:00:00.000+00:00",
    }


def get_sub(api: Api, sub_id: str) -> dict[str, Any]:
    r = ev(api, "GET", f"/v3/subscriptions/{sub_id}")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def wait_until(pred: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


# ----------------------------------------------------------------------------- catalog


def test_catalog_lists_every_type_with_version_1(api: Api) -> None:
    r = ev(api, "GET", "/v3/events/catalog")
    assert r.status_code == 200
    assert r.json() == events.catalog()
    assert {"type": "vendor.created", "versions": ["1"]} in r.json()


def test_requires_a_session(api: Api) -> None:
    r = api.client.get(EV + "/v3/events/catalog", headers={"devKey": api.creds["devKey"]})
    assert_error(r, 401, "BDC_1109")


# ------------------------------------------------------------------------ subscriptions


def test_create_answers_the_key_once_and_get_never(api: Api, receiver: Receiver) -> None:
    sub = subscribe(api, receiver.url)
    assert len(sub["id"]) == 36 and sub["securityKey"]
    assert sub["organizationId"] == api.org_id
    assert sub["status"] == {"enabled": True, "actor": "CLIENT"}
    assert sub["events"] == [
        {"type": "vendor.created", "version": "1"},
        {"type": "vendor.updated", "version": "1"},
    ]
    assert sub["createdTime"] == sub["updatedTime"]
    got = get_sub(api, sub["id"])
    assert "securityKey" not in got
    assert got == {k: v for k, v in sub.items() if k != "securityKey"}


def test_idempotent_key_is_required_and_replays_the_first_response(api: Api, receiver: Receiver) -> None:
    body = {
        "name": "once",
        "status": {"enabled": True},
        "events": [{"type": "bill.created", "version": "1"}],
        "notificationUrl": receiver.url,
    }
    assert_error(ev(api, "POST", "/v3/subscriptions", json=body), 400, "BDC_1108", "X-Idempotent-Key")
    first = ev(api, "POST", "/v3/subscriptions", json=body, headers={"X-Idempotent-Key": "same"})
    again = ev(api, "POST", "/v3/subscriptions", json=body, headers={"X-Idempotent-Key": "same"})
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert len(ev(api, "GET", "/v3/subscriptions").json()["results"]) == 1
    # another key with the same body is a duplicate
    assert_error(
        ev(api, "POST", "/v3/subscriptions", json=body, headers={"X-Idempotent-Key": "other"}),
        400,
        "BDC_1119",
        "already exists",
    )


def test_idempotency_is_per_organization(new_api: Callable[[], Api], receiver: Receiver) -> None:
    a, b = new_api(), new_api()
    body = {
        "name": "x",
        "status": {"enabled": True},
        "events": [{"type": "bill.created", "version": "1"}],
        "notificationUrl": receiver.url,
    }
    ra = ev(a, "POST", "/v3/subscriptions", json=body, headers={"X-Idempotent-Key": "shared"})
    rb = ev(b, "POST", "/v3/subscriptions", json=body, headers={"X-Idempotent-Key": "shared"})
    assert ra.json()["id"] != rb.json()["id"]
    assert rb.json()["organizationId"] == b.org_id


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/hooks", True),
        ("http://localhost:9000/x", True),
        ("http://127.0.0.1/x", True),
        ("http://[::1]:8080/x", True),
        ("http://example.com/hooks", False),
        ("ftp://localhost/x", False),
        ("not a url", False),
        ("https://", False),
        ("http://localhost:99999/x", False),
    ],
)
def test_notification_url_must_be_https_except_loopback(api: Api, url: str, ok: bool) -> None:
    body = {"name": "u", "status": {"enabled": True}, "events": [{"type": "bill.created", "version": "1"}]}
    r = ev(
        api,
        "POST",
        "/v3/subscriptions",
        json={**body, "notificationUrl": url},
        headers={"X-Idempotent-Key": url},
    )
    if ok:
        assert r.status_code == 200, r.text
    else:
        assert_error(r, 400, None, "notificationUrl")


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"events": [{"type": "customer.created", "version": "1"}]}, "BDC_1129", "events[0].type"),
        ({"events": [{"type": "bill.created", "version": "2"}]}, "BDC_1129", "events[0].version"),
        ({"events": []}, None, "events"),
        ({"name": ""}, None, "name"),
        ({"status": None}, None, "status"),
        ({"colour": "red"}, "BDC_1002", "colour"),
    ],
)
def test_create_validation(api: Api, change: dict[str, Any], code: str | None, message: str) -> None:
    body: dict[str, Any] = {
        "name": "v",
        "status": {"enabled": True},
        "events": [{"type": "bill.created", "version": "1"}],
        "notificationUrl": "https://example.com/h",
        **change,
    }
    body = {k: v for k, v in body.items() if v is not None}
    assert_error(
        ev(api, "POST", "/v3/subscriptions", json=body, headers={"X-Idempotent-Key": "v"}), 400, code, message
    )


def test_at_most_10_per_organization(api: Api) -> None:
    for i in range(10):
        subscribe(api, f"https://example.com/hook/{i}")
    r = ev(
        api,
        "POST",
        "/v3/subscriptions",
        json={
            "name": "eleventh",
            "status": {"enabled": True},
            "events": [{"type": "bill.created", "version": "1"}],
            "notificationUrl": "https://example.com/hook/10",
        },
        headers={"X-Idempotent-Key": "eleven"},
    )
    assert_error(r, 400, "BDC_1119", "at most 10")


def test_duplicates_are_refused_whatever_the_order(api: Api) -> None:
    sub = subscribe(api, "https://example.com/a", ("bill.created", "bill.updated"))
    r = ev(
        api,
        "POST",
        "/v3/subscriptions",
        json={
            "name": "again",
            "status": {"enabled": False},
            "events": [{"type": "bill.updated", "version": "1"}, {"type": "bill.created", "version": "1"}],
            "notificationUrl": "https://example.com/a",
        },
        headers={"X-Idempotent-Key": "dup"},
    )
    assert_error(r, 400, "BDC_1119", sub["id"])
    other = subscribe(api, "https://example.com/b", ("bill.created", "bill.updated"))
    r = ev(
        api, "PATCH", f"/v3/subscriptions/{other['id']}", json={"notificationUrl": "https://example.com/a"}
    )
    assert_error(r, 400, "BDC_1119", "already exists")


def test_list_pages_forward(api: Api) -> None:
    ids = [subscribe(api, f"https://example.com/{i}")["id"] for i in range(3)]
    first = ev(api, "GET", "/v3/subscriptions", params={"max": 2}).json()
    assert [s["id"] for s in first["results"]] == ids[:2]
    second = ev(api, "GET", "/v3/subscriptions", params={"max": 2, "page": first["nextPage"]}).json()
    assert [s["id"] for s in second["results"]] == ids[2:]
    assert "nextPage" not in second and "prevPage" not in second
    assert len(ev(api, "GET", "/v3/subscriptions").json()["results"]) == 3
    assert_error(ev(api, "GET", "/v3/subscriptions", params={"max": 0}), 400, "BDC_1129")
    assert_error(ev(api, "GET", "/v3/subscriptions", params={"max": 101}), 400, "BDC_1129")
    assert_error(ev(api, "GET", "/v3/subscriptions", params={"page": "garbage"}), 400, "BDC_1129")


def test_put_patch_delete(api: Api) -> None:
    sub = subscribe(api, "https://example.com/p")
    r = ev(api, "PATCH", f"/v3/subscriptions/{sub['id']}", json={"name": "Manage bills"})
    assert r.status_code == 200 and r.json()["name"] == "Manage bills"
    assert r.json()["events"] == sub["events"]
    r = ev(
        api, "PATCH", f"/v3/subscriptions/{sub['id']}", json={"status": {"enabled": False, "reason": "pause"}}
    )
    assert r.json()["status"] == {"enabled": False, "reason": "pause", "actor": "CLIENT"}
    r = ev(
        api,
        "PUT",
        f"/v3/subscriptions/{sub['id']}",
        json={
            "name": "replaced",
            "status": {"enabled": True},
            "events": [{"type": "payment.updated", "version": "1"}],
            "notificationUrl": "https://example.com/q",
        },
    )
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["events"] == [{"type": "payment.updated", "version": "1"}]
    assert out["status"] == {"enabled": True, "actor": "CLIENT"} and out["createdTime"] == sub["createdTime"]
    assert_error(ev(api, "PUT", f"/v3/subscriptions/{sub['id']}", json={"name": "partial"}), 400)
    r = ev(api, "DELETE", f"/v3/subscriptions/{sub['id']}")
    assert r.status_code == 200 and r.content == b""
    assert_error(ev(api, "GET", f"/v3/subscriptions/{sub['id']}"), 404, "BDC_1205")


def test_another_organizations_subscription_is_not_found(new_api: Callable[[], Api]) -> None:
    owner, other = new_api(), new_api()
    sub = subscribe(owner, "https://example.com/mine")
    sid = sub["id"]
    for method, path, kwargs in (
        ("GET", f"/v3/subscriptions/{sid}", {}),
        ("PATCH", f"/v3/subscriptions/{sid}", {"json": {"name": "x"}}),
        ("DELETE", f"/v3/subscriptions/{sid}", {}),
        ("POST", f"/v3/subscriptions/{sid}/test", {}),
        ("POST", f"/v3/subscriptions/{sid}/security_key", {"headers": {"X-Idempotent-Key": "r"}}),
        ("GET", f"/v3/events/subscription/{sid}", {}),
        ("POST", f"/v3/events/subscription/{sid}/event/{sid}", {}),
    ):
        assert_error(ev(other, method, path, **kwargs), 404, "BDC_1205")
    assert ev(other, "GET", "/v3/subscriptions").json()["results"] == []
    assert get_sub(owner, sid)["name"] == "hooks"


# ------------------------------------------------------------------------------ delivery


def test_events_are_delivered_signed_and_shaped(client: httpx.Client, api: Api, receiver: Receiver) -> None:
    sub = subscribe(api, receiver.url)
    event_id = record(client, api.org_id, "vendor.created", vendor_doc())
    record(client, api.org_id, "bill.created", {"id": "00n01BILL"})  # not subscribed
    got = receiver.wait_for(lambda rs: len(rs) >= 1)
    time.sleep(0.2)
    assert len(receiver.received()) == 1
    msg = got[0]
    assert msg.signed_with(sub["securityKey"])
    assert msg.headers["content-type"] == "application/json"
    body = msg.json
    assert body["metadata"] == {
        "eventId": event_id,
        "subscriptionId": sub["id"],
        "organizationId": api.org_id,
        "eventType": "vendor.created",
        "version": "1",
    }
    vendor = body["vendor"]
    assert vendor["accountNumber"] == "************3210"
    assert "accountType" not in vendor and "countryName" not in vendor["address"]
    assert vendor["name"] == "Vendor 1"
    history = ev(api, "GET", f"/v3/events/subscription/{sub['id']}").json()["results"]
    wait_until(
        lambda: (
            ev(api, "GET", f"/v3/events/subscription/{sub['id']}").json()["results"][0].get("statusCode")
            == 200
        )
    )
    history = ev(api, "GET", f"/v3/events/subscription/{sub['id']}").json()["results"]
    assert history[0]["id"] == event_id and history[0]["payload"] == msg.body.decode()
    assert history[0]["retries"] == [] and history[0]["version"] == "1"


def test_failures_are_retried_until_the_receiver_recovers(
    client: httpx.Client, api: Api, receiver: Receiver
) -> None:
    sub = subscribe(api, receiver.url)
    receiver.fail = 2
    event_id = record(client, api.org_id, "vendor.updated", vendor_doc(2))
    receiver.wait_for(lambda rs: any(r.answered == 200 for r in rs), what="a successful delivery")
    got = receiver.received()
    assert [r.answered for r in got] == [500, 500, 200]
    assert {r.event_id for r in got} == {event_id}
    assert all(r.signed_with(sub["securityKey"]) for r in got)
    assert len({r.body for r in got}) == 1  # the same bytes every time
    wait_until(
        lambda: (
            ev(api, "GET", f"/v3/events/subscription/{sub['id']}").json()["results"][0].get("statusCode")
            == 200
        )
    )
    item = ev(api, "GET", f"/v3/events/subscription/{sub['id']}").json()["results"][0]
    assert [(x["attemptNumber"], x["statusCode"]) for x in item["retries"]] == [(1, 500), (2, 200)]
    assert get_sub(api, sub["id"])["status"]["enabled"] is True


def test_subscription_is_disabled_after_the_last_retry(
    client: httpx.Client, api: Api, receiver: Receiver
) -> None:
    sub = subscribe(api, receiver.url)
    receiver.always_fail = True
    receiver.fail_status = 503
    event_id = record(client, api.org_id, "vendor.created", vendor_doc(3))
    receiver.wait_for(lambda rs: len(rs) >= 5, what="5 attempts")
    wait_until(lambda: get_sub(api, sub["id"])["status"]["enabled"] is False)
    status = get_sub(api, sub["id"])["status"]
    assert status["actor"] == "SYSTEM" and "503" in status["reason"]
    # no more deliveries while disabled
    record(client, api.org_id, "vendor.created", vendor_doc(4))
    time.sleep(0.3)
    assert len(receiver.received()) == 5
    attempts = api.sandbox("GET", "/deliveries", params={"subscriptionId": sub["id"]}).json()
    assert [a["attempt"] for a in attempts] == [5, 4, 3, 2, 1]
    assert {a["eventId"] for a in attempts} == {event_id}
    assert all(a["statusCode"] == 503 and a["responseBody"] == "nope" for a in attempts)
    assert all(a["latencyMs"] >= 0 and a["type"] == "vendor.created" for a in attempts)
    # the client re-enables it: actor CLIENT again, deliveries resume
    receiver.always_fail = False
    r = ev(api, "PATCH", f"/v3/subscriptions/{sub['id']}", json={"status": {"enabled": True}})
    assert r.json()["status"] == {"enabled": True, "actor": "CLIENT"}
    later = record(client, api.org_id, "vendor.created", vendor_doc(5))
    receiver.wait_for(lambda rs: any(x.event_id == later for x in rs), what="delivery after re-enabling")


def test_fail_invalid_host_fails_every_delivery(client: httpx.Client, api: Api) -> None:
    sub = subscribe(api, "https://fail.invalid/hooks")
    record(client, api.org_id, "vendor.created", vendor_doc(6))
    wait_until(lambda: get_sub(api, sub["id"])["status"]["enabled"] is False)
    item = ev(api, "GET", f"/v3/events/subscription/{sub['id']}").json()["results"][0]
    assert item["statusCode"] == 0 and len(item["retries"]) == 4


def test_test_event_and_resend_arrive(api: Api, receiver: Receiver) -> None:
    sub = subscribe(api, receiver.url, ("bill.created",))
    r = ev(api, "POST", f"/v3/subscriptions/{sub['id']}/test")
    assert r.status_code == 200, r.text
    dto = r.json()
    assert dto["type"] == "bill.created" and dto["statusCode"] == 200 and dto["subscriptionId"] == sub["id"]
    got = receiver.wait_for(lambda rs: len(rs) >= 1)
    assert got[0].body.decode() == dto["payload"] and got[0].signed_with(sub["securityKey"])
    assert got[0].json["bill"]["id"].startswith("00n")
    # an explicit type and object (account number masked)
    r = ev(
        api,
        "POST",
        f"/v3/subscriptions/{sub['id']}/test",
        json={
            "eventType": "bank-account.created",
            "version": "1",
            "bank-account": {"id": "bac1", "accountNumber": "111122223333"},
        },
    )
    assert r.status_code == 200, r.text
    sent = receiver.wait_for(lambda rs: len(rs) >= 2)[1].json
    assert sent["bank-account"] == {"id": "bac1", "accountNumber": "************3333"}
    assert_error(
        ev(api, "POST", f"/v3/subscriptions/{sub['id']}/test", json={"eventType": "nope"}), 400, "BDC_1129"
    )
    # resend: the same event id, sent again
    r = ev(api, "POST", f"/v3/events/subscription/{sub['id']}/event/{dto['id']}")
    assert r.status_code == 200, r.text
    assert r.json()["id"] == dto["id"] and r.json()["statusCode"] == 200
    again = receiver.wait_for(lambda rs: len(rs) >= 3)[2]
    assert again.event_id == dto["id"] and again.body == got[0].body
    assert_error(ev(api, "POST", f"/v3/events/subscription/{sub['id']}/event/no-such-event"), 404, "BDC_1205")


def test_test_event_to_a_dead_receiver_reports_the_failure(api: Api) -> None:
    sub = subscribe(api, "http://127.0.0.1:9/nothing-listens", ("bill.created",))
    r = ev(api, "POST", f"/v3/subscriptions/{sub['id']}/test")
    assert r.status_code == 200 and r.json()["statusCode"] == 0


def test_rotating_the_key_invalidates_the_old_one(api: Api, receiver: Receiver) -> None:
    sub = subscribe(api, receiver.url, ("bill.created",))
    r = ev(api, "POST", f"/v3/subscriptions/{sub['id']}/security_key", headers={"X-Idempotent-Key": "rot-1"})
    assert r.status_code == 200 and set(r.json()) == {"securityKey"}
    new_key = r.json()["securityKey"]
    assert new_key != sub["securityKey"]
    replay = ev(
        api, "POST", f"/v3/subscriptions/{sub['id']}/security_key", headers={"X-Idempotent-Key": "rot-1"}
    )
    assert replay.content == r.content
    assert_error(ev(api, "POST", f"/v3/subscriptions/{sub['id']}/security_key"), 400, "BDC_1108")
    ev(api, "POST", f"/v3/subscriptions/{sub['id']}/test")
    msg = receiver.wait_for(lambda rs: len(rs) >= 1)[0]
    assert msg.signed_with(new_key) and not msg.signed_with(sub["securityKey"])


def test_one_org_never_receives_another_orgs_events(
    client: httpx.Client, new_api: Callable[[], Api], receiver: Receiver
) -> None:
    a, b = new_api(), new_api()
    other = Receiver()
    try:
        sub_a = subscribe(a, receiver.url)
        sub_b = subscribe(b, other.url)
        ea = record(client, a.org_id, "vendor.created", vendor_doc(7))
        eb = record(client, b.org_id, "vendor.created", vendor_doc(8))
        receiver.wait_for(lambda rs: len(rs) >= 1)
        other.wait_for(lambda rs: len(rs) >= 1)
        time.sleep(0.2)
        assert [r.event_id for r in receiver.received()] == [ea]
        assert [r.event_id for r in other.received()] == [eb]
        assert receiver.received()[0].json["metadata"]["subscriptionId"] == sub_a["id"]
        assert other.received()[0].json["metadata"]["organizationId"] == b.org_id
        assert other.received()[0].signed_with(sub_b["securityKey"])
    finally:
        other.close()


def test_event_history_filters_and_pages(client: httpx.Client, api: Api, receiver: Receiver) -> None:
    sub = subscribe(api, receiver.url)
    ids = [record(client, api.org_id, "vendor.updated", vendor_doc(10 + i)) for i in range(3)]
    receiver.wait_for(lambda rs: len(rs) >= 3)
    path = f"/v3/events/subscription/{sub['id']}"
    newest_first = [e["id"] for e in ev(api, "GET", path).json()["results"]]
    assert set(newest_first) == set(ids)
    oldest = ev(api, "GET", path, params={"ascending": "true", "max": 2}).json()
    assert len(oldest["results"]) == 2 and "nextPage" in oldest
    rest = ev(api, "GET", path, params={"ascending": "true", "max": 2, "page": oldest["nextPage"]}).json()
    assert [e["id"] for e in oldest["results"] + rest["results"]] == list(reversed(newest_first))
    only = ev(api, "GET", path, params={"entityId": vendor_doc(11)["id"]}).json()["results"]
    assert [e["id"] for e in only] == [ids[1]]
    assert ev(api, "GET", path, params={"createdTimeFrom": "2999-01-01"}).json()["results"] == []
    assert_error(ev(api, "GET", path, params={"createdTimeTo": "yesterday"}), 400, "BDC_1129")
    assert_error(ev(api, "GET", path, params={"ascending": "maybe"}), 400, "BDC_1129")


def test_control_plane_lists_events_and_deliveries(
    client: httpx.Client, api: Api, receiver: Receiver
) -> None:
    sub = subscribe(api, receiver.url)
    event_id = record(client, api.org_id, "vendor.created", vendor_doc(20))
    receiver.wait_for(lambda rs: len(rs) >= 1)
    got = api.sandbox(
        "GET", "/events", params={"organizationId": api.org_id, "type": "vendor.created"}
    ).json()
    assert got[0]["id"] == event_id and got[0]["organizationId"] == api.org_id
    wait_until(lambda: bool(api.sandbox("GET", "/deliveries", params={"organizationId": api.org_id}).json()))
    attempts = api.sandbox("GET", "/deliveries", params={"organizationId": api.org_id, "limit": 5}).json()
    assert attempts[0]["subscriptionId"] == sub["id"] and attempts[0]["statusCode"] == 200
    assert attempts[0]["responseBody"] == "ok" and attempts[0]["attempt"] == 1
    assert api.sandbox("GET", "/events", params={"limit": 0}).status_code == 400


def test_reset_clears_webhook_data(client: httpx.Client, api: Api, receiver: Receiver) -> None:
    sub = subscribe(api, receiver.url)
    record(client, api.org_id, "vendor.created", vendor_doc(30))
    receiver.wait_for(lambda rs: len(rs) >= 1)
    assert api.sandbox("POST", "/reset", json={"organizationId": api.org_id}).status_code == 200
    assert_error(ev(api, "GET", f"/v3/subscriptions/{sub['id']}"), 404, "BDC_1205")
    assert api.sandbox("GET", "/deliveries", params={"organizationId": api.org_id}).json() == []


def test_creating_a_vendor_through_the_api_is_announced(api: Api, receiver: Receiver) -> None:
    sub = subscribe(api, receiver.url)
    r = api.post("/v3/vendors", json={"name": "Announced Vendor", "accountType": "BUSINESS"})
    assert r.status_code == 201, r.text
    msg = receiver.wait_for(lambda rs: len(rs) >= 1, timeout=3)[0]
    assert msg.json["vendor"]["id"] == r.json()["id"] and msg.signed_with(sub["securityKey"])


# ------------------------------------------------------------------------------ payloads


def test_payment_payload_groups_the_rest_fields() -> None:
    doc = {
        "id": "stp1",
        "vendorId": "009v",
        "vendorName": "V",
        "billPayments": [{"billId": "00n1", "amount": 5}, {"billId": "00n2", "amount": 6}],
        "amount": 11,
        "fundingAccount": {"type": "BANK_ACCOUNT", "id": "bac1", "accountNumber": "123456789"},
        "disbursementType": "ACH",
        "status": "SCHEDULED",
        "processDate": "2024-01-02",
        "description": "left out",
    }
    out = payloads.payload("payment", doc)
    assert out["billIds"] == ["00n1", "00n2"]
    assert out["vendor"] == {"id": "009v", "name": "V"}
    assert out["funding"] == {
        "amount": 11,
        "currency": "USD",
        "fundingAccount": {
            "id": "bac1",
            "type": "BANK_ACCOUNT",
            "accountNumber": "************6789",
            "last4": "6789",
        },
    }
    assert out["disbursement"] == {"amount": 11, "currency": "USD", "disbursementAccount": {"type": "ACH"}}
    assert "description" not in out


def test_passthrough_payloads_are_masked_everywhere() -> None:
    out = payloads.payload("invoice", {"id": "i", "nested": [{"accountNumber": "12345678"}]})
    assert out == {"id": "i", "nested": [{"accountNumber": "************5678"}]}


def test_clock_driven_payment_steps_arrive_without_any_read(api: Api, receiver: Receiver) -> None:
    """The scheduler applies each step as the organization's time passes it and each one is
    delivered: no GET in between (the clock is moved through the control plane only)."""
    from support.payments import at, bd, bill_and_payment, check_vendor, now, payer, pdate

    papi = payer(api)
    sub = subscribe(papi, receiver.url, ("payment.updated",))
    _, payment = bill_and_payment(papi, check_vendor(papi), 33)
    target = at(bd(pdate(payment), 1), 13)  # FUNDING_STARTED, PROCESSED, then the check is mailed
    papi.advance(seconds=(target - now(papi)).total_seconds())
    msgs = receiver.wait_for(lambda rs: len(rs) >= 4, timeout=10)
    steps = [m.json["payment"]["status"] for m in msgs if m.json["payment"]["id"] == payment["id"]]
    assert len(steps) == 4, steps
    assert all(m.signed_with(sub["securityKey"]) for m in msgs)
    assert {m.json["metadata"]["eventType"] for m in msgs} == {"payment.updated"}
