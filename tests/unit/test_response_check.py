"""The response check every ``Api`` request goes through (tests/support/responses.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from support import responses

DOC: dict[str, Any] = {
    "paths": {
        "/v3/things/{thingId}": {
            "get": {
                "responses": {
                    "200": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
                    }
                }
            }
        },
        "/v3/things/bulk": {
            "get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "array"}}}}}}
        },
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "count": {"type": "integer"}},
            }
        }
    },
}


def answer(path: str, status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, json=body, request=httpx.Request("GET", "http://testserver/connect" + path))


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> httpx.Client:
    c = httpx.Client(base_url="http://testserver")
    monkeypatch.setitem(responses._specs, (id(c), "/connect"), responses.Spec("/connect", DOC))
    return c


def test_matching_bodies_pass(client: httpx.Client) -> None:
    responses.check(client, "/connect", answer("/v3/things/t1", 200, {"id": "t1", "count": 2, "extra": 1}))
    responses.check(client, "/connect", answer("/v3/things/bulk", 200, []))  # literal path wins
    responses.check(client, "/connect", answer("/v3/nowhere", 200, {"anything": True}))  # undeclared


def test_mismatches_fail(client: httpx.Client) -> None:
    with pytest.raises(AssertionError, match="count"):
        responses.check(client, "/connect", answer("/v3/things/t1", 200, {"id": "t1", "count": "two"}))
    with pytest.raises(AssertionError, match="'id' is a required property"):
        responses.check(client, "/connect", answer("/v3/things/t1", 200, {}))


def test_errors_must_be_bill_arrays(client: httpx.Client) -> None:
    item = {"timestamp": "t", "severity": "ERROR", "category": "REQUEST", "message": "m"}
    responses.check(client, "/connect", answer("/v3/things/t1", 404, [item]))
    with pytest.raises(AssertionError, match="not a BILL error array"):
        responses.check(client, "/connect", answer("/v3/things/t1", 422, {"detail": "nope"}))
    with pytest.raises(AssertionError, match="not a BILL error"):
        responses.check(client, "/connect", answer("/v3/things/t1", 400, [{"message": "m"}]))
