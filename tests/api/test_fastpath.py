"""bill_sandbox.fastpath answers plain GETs without FastAPI's router: it must answer exactly
what FastAPI answers, for every GET operation, with good, missing and wrong credentials."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from bill_sandbox import fastpath
from bill_sandbox.app import create_app
from bill_sandbox.settings import Settings


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Any:
    data = tmp_path_factory.mktemp("fastpath")
    settings = Settings(data_dir=Path(data), argon2_time_cost=1, argon2_memory_kib=1024, background=False)
    app = create_app(settings)
    with TestClient(app) as client:
        creds = client.post("/_sandbox/signup").json()
        body = {k: creds[k] for k in ("username", "password", "organizationId", "devKey")}
        session = client.post("/connect/v3/login", json=body).json()["sessionId"]
        headers = {"devKey": creds["devKey"], "sessionId": session}
        customer = client.post(
            "/connect/v3/customers", json={"name": "Fast", "email": "fast@example.com"}, headers=headers
        ).json()
        yield app, client, headers, customer["id"]


def _mount(app: Any, prefix: str) -> Any:
    return next(r.app for r in app.routes if getattr(r, "path", None) == prefix)


def _normal(response: Any) -> tuple[int, str | None, Any]:
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    return response.status_code, response.headers.get("content-type"), _untimed(body)


def _untimed(body: Any) -> Any:
    """Errors carry the time they were raised: leave it out of the comparison."""
    if isinstance(body, list):
        return [_untimed(x) for x in body]
    if isinstance(body, dict):
        return {k: _untimed(v) for k, v in body.items() if k != "timestamp"}
    return body


QUERIES = (
    "",
    "?max=2&sort=createdTime:desc",
    "?max=1&max=3",  # repeated: the last value, as FastAPI reads it
    "?max=abc",
    "?max=",
    "?filters=archived:eq:false&sort=id:asc&extra=1",
    "?filters=nope:eq:1",
    "?page=garbage",
)


def _get_paths(api: Any, prefix: str, any_id: str) -> list[str]:
    """Every GET: with an id in its path parameters, or (no parameters) with each of QUERIES."""
    out = []
    for ctx in iter_route_contexts(api.router.routes):
        methods = getattr(ctx, "methods", None) or set()
        path = getattr(ctx, "path_format", None)
        if "GET" in methods and path and "{" in path:
            out.append(prefix + re.sub(r"{[^}]+}", any_id, path))
        elif "GET" in methods and path and path.startswith("/v3/"):
            out += [prefix + path + query for query in QUERIES]
    return out


def test_plain_get_routes_take_the_fast_path(sandbox: Any) -> None:
    app, client, _headers, customer_id = sandbox
    connect = _mount(app, "/connect")
    client.get("/connect/v3/health")  # builds the middleware stack
    fast = fastpath.FastGets  # the layer sits where the router was
    node: Any = connect.middleware_stack
    while node is not None and not isinstance(node, fast):
        node = getattr(node, "app", None)
    assert node is not None
    found = node._find("/v3/customers/" + customer_id)
    assert found is not None and found[0].call.__name__ == "get_customer"
    listed = node._find("/v3/customers")  # a list's query string is read by listing.list_params
    assert listed is not None and listed[0].call.__name__ == "list_customers"
    plain = {id(r.ctx) for routes in (node._index or {}).values() for r in routes if r.endpoint()}
    assert len(plain) >= 40


@pytest.mark.parametrize("who", ["caller", "no-dev-key", "bad-session", "other-dev-key"])
def test_every_get_answers_as_fastapi_does(sandbox: Any, who: str) -> None:
    app, client, headers, customer_id = sandbox
    sent: dict[str, str] = {
        "caller": headers,
        "no-dev-key": {"sessionId": headers["sessionId"]},
        "bad-session": {"devKey": headers["devKey"], "sessionId": "nope"},
        "other-dev-key": {"devKey": "unknown", "sessionId": headers["sessionId"]},
    }[who]
    paths = []
    for prefix in ("/connect", "/connect-events", "/_sandbox"):
        paths += _get_paths(_mount(app, prefix), prefix, customer_id)
    paths += ["/connect/v3/customers/" + customer_id, "/connect/v3/customers/x%20y", "/connect/v3/nothing/1"]
    assert len(paths) > 60
    for path in paths:
        fast = _normal(client.get(path, headers=sent))
        for prefix in ("/connect", "/connect-events", "/_sandbox"):
            _mount(app, prefix).dependency_overrides[_normal] = _normal  # any override: FastAPI's way
        try:
            slow = _normal(client.get(path, headers=sent))
        finally:
            for prefix in ("/connect", "/connect-events", "/_sandbox"):
                _mount(app, prefix).dependency_overrides.clear()
        assert fast == slow, path


def test_repeated_headers_use_the_first_value_as_fastapi_does(sandbox: Any) -> None:
    _app, client, headers, customer_id = sandbox
    raw = [("devKey", headers["devKey"]), ("sessionId", headers["sessionId"]), ("sessionId", "nope")]
    ok = client.get("/connect/v3/customers/" + customer_id, headers=raw)
    assert ok.status_code == 200 and ok.json()["id"] == customer_id
    raw.reverse()
    assert client.get("/connect/v3/customers/" + customer_id, headers=raw).status_code == 401
