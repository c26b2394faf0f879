"""Property-based: schemathesis generates requests from our own OpenAPI specs (``/connect`` and
``/connect-events``) for every operation; no input may produce a 500 or a FastAPI
``{"detail": ...}`` body.

(Schemathesis' pytest plugin does not run under this pytest version, so the test drives its
Hypothesis strategies directly, one operation at a time.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from starlette.routing import Mount

from bill_sandbox.app import create_app
from bill_sandbox.settings import Settings

pytestmark = pytest.mark.filterwarnings("ignore")
EXAMPLES = 20
MOUNTS = ("/connect", "/connect-events")


@pytest.fixture(scope="module")
def connect() -> Iterator[tuple[Any, dict[str, str]]]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            Settings(
                data_dir=Path(tmp), argon2_time_cost=1, argon2_memory_kib=1024, spend_rate_limit_per_minute=0
            )
        )
        with TestClient(app) as client:
            creds = client.post("/_sandbox/signup").json()
            body = {
                "username": creds["username"],
                "password": creds["password"],
                "organizationId": creds["organizationId"],
                "devKey": creds["devKey"],
            }
            session = client.post("/connect/v3/login", json=body).json()["sessionId"]
            subs = {r.path: r.app for r in app.routes if isinstance(r, Mount) and r.path in MOUNTS}
            yield subs, {"devKey": creds["devKey"], "sessionId": session, "apiToken": creds["apiToken"]}


def operations() -> list[str]:
    app = create_app(Settings(data_dir=Path("/nonexistent-unused")))
    out: list[str] = []
    for mount in app.routes:
        if isinstance(mount, Mount) and mount.path in MOUNTS:
            spec = mount.app.openapi()  # type: ignore[attr-defined]
            out.extend(
                f"{mount.path} {m.upper()} {p}"
                for p, item in spec["paths"].items()
                for m in item
                if m in ("get", "post", "put", "patch", "delete")
            )
    return sorted(out)


@pytest.mark.parametrize("label", operations())
def test_no_server_errors_and_only_bill_errors(
    connect: tuple[dict[str, Any], dict[str, str]], label: str
) -> None:
    subs, auth = connect
    mount, method, path = label.split(" ", 2)
    sub = subs[mount]
    schema = schemathesis.openapi.from_asgi("/openapi.json", sub)
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: Any) -> None:
        headers = dict(case.headers or {})
        if path.startswith("/v3/spend"):  # Spend & Expense: the apiToken header only
            if headers.get("apiToken") != "x":  # keep some unauthenticated cases
                headers["apiToken"] = auth["apiToken"]
        elif headers.get("sessionId") != "x":  # keep some unauthenticated cases
            headers.update({k: v for k, v in auth.items() if k != "apiToken"})
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{label}: {response.status_code} {response.text}"
        if response.status_code >= 400:
            body = response.json()
            if response.status_code == 401 and path.startswith("/v3/spend"):
                assert body == {"message": "Unauthorized"}, response.text  # the gateway's answer
                return
            assert isinstance(body, list) and body and "message" in body[0], response.text

    run()
