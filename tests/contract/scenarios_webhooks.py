"""Contract scenarios: the Connect Events API (webhooks)."""

from __future__ import annotations

import time
import uuid
from functools import cache
from typing import Any

import httpx

from contract.shapes import scenario
from support.webhook_receiver import Receiver, fast_retries, record_event


@cache
def receiver() -> Receiver:
    return Receiver()  # one per run (a daemon thread)


def call(api: Any, method: str, path: str, **kwargs: Any) -> httpx.Response:
    response: httpx.Response = api.connect_events(method, path, **kwargs)
    return response


def create_body(url: str | None = None) -> dict[str, Any]:
    return {
        "name": "Bill management",
        "status": {"enabled": True, "reason": "contract scenario"},
        "events": [{"type": "bill.created", "version": "1"}, {"type": "vendor.created", "version": "1"}],
        "notificationUrl": url or f"{receiver().url}/{uuid.uuid4().hex}",
    }


def create(api: Any, url: str | None = None) -> httpx.Response:
    return call(
        api,
        "POST",
        "/v3/subscriptions",
        json=create_body(url),
        headers={"X-Idempotent-Key": uuid.uuid4().hex},
    )


def make(api: Any) -> dict[str, Any]:
    r = create(api)
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def test_event(api: Any, sub_id: str) -> dict[str, Any]:
    r = call(
        api, "POST", f"/v3/subscriptions/{sub_id}/test", json={"eventType": "bill.created", "version": "1"}
    )
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


@scenario("GET", "/v3/events/catalog")
def catalog(api: Any) -> httpx.Response:
    return call(api, "GET", "/v3/events/catalog")


@scenario("GET", "/v3/events/subscription/{subscriptionId}")
def list_events(api: Any) -> httpx.Response:
    rcv = receiver()
    with fast_retries(api.client):
        try:
            sub = make(api)
            rcv.fail = 1  # the first attempt fails: the event gets a retry
            for n in range(2):
                record_event(
                    api.client, api.org_id, "vendor.created", {"id": f"00901CONTRACT{n:07d}", "name": "V"}
                )
            path = f"/v3/events/subscription/{sub['id']}"
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                results = call(api, "GET", path).json()["results"]
                if len(results) == 2 and all(r.get("statusCode") == 200 for r in results):
                    break
                time.sleep(0.02)
            return call(api, "GET", path, params={"max": 1, "ascending": "true"})
        finally:
            rcv.fail = 0


@scenario("POST", "/v3/events/subscription/{subscriptionId}/event/{eventId}")
def resend(api: Any) -> httpx.Response:
    sub = make(api)
    sent = test_event(api, sub["id"])
    return call(api, "POST", f"/v3/events/subscription/{sub['id']}/event/{sent['id']}")


@scenario("GET", "/v3/subscriptions")
def list_subscriptions(api: Any) -> httpx.Response:
    for _ in range(2):
        make(api)
    return call(api, "GET", "/v3/subscriptions", params={"max": 1})


@scenario("POST", "/v3/subscriptions")
def create_subscription(api: Any) -> httpx.Response:
    return create(api)


@scenario("GET", "/v3/subscriptions/{subscriptionId}")
def get_subscription(api: Any) -> httpx.Response:
    return call(api, "GET", f"/v3/subscriptions/{make(api)['id']}")


@scenario("PUT", "/v3/subscriptions/{subscriptionId}")
def replace_subscription(api: Any) -> httpx.Response:
    sub = make(api)
    return call(api, "PUT", f"/v3/subscriptions/{sub['id']}", json={**create_body(), "name": "Replaced"})


@scenario("DELETE", "/v3/subscriptions/{subscriptionId}")
def delete_subscription(api: Any) -> httpx.Response:
    return call(api, "DELETE", f"/v3/subscriptions/{make(api)['id']}")


@scenario("PATCH", "/v3/subscriptions/{subscriptionId}")
def update_subscription(api: Any) -> httpx.Response:
    sub = make(api)
    return call(
        api,
        "PATCH",
        f"/v3/subscriptions/{sub['id']}",
        json={"name": "Manage bills", "status": {"enabled": False, "reason": "paused"}},
    )


@scenario("POST", "/v3/subscriptions/{subscriptionId}/security_key")
def security_key(api: Any) -> httpx.Response:
    sub = make(api)
    return call(
        api,
        "POST",
        f"/v3/subscriptions/{sub['id']}/security_key",
        headers={"X-Idempotent-Key": uuid.uuid4().hex},
    )


@scenario("POST", "/v3/subscriptions/{subscriptionId}/test")
def send_test(api: Any) -> httpx.Response:
    sub = make(api)
    return call(
        api, "POST", f"/v3/subscriptions/{sub['id']}/test", json={"eventType": "bill.created", "version": "1"}
    )
