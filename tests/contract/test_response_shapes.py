"""Every operation we serve answers with the field names (recursively) of BILL's example."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.routing import Mount

from contract.shapes import ALLOWED_EXTRA, ALLOWED_MISSING, CHANGELOG_FIELDS, DOCS_ONLY, SCENARIOS
from support.api import Api
from support.reference import field_tree_diff, operation

for _module in sorted(Path(__file__).parent.glob("scenarios_*.py")):
    importlib.import_module(f"contract.{_module.stem}")

API_MOUNTS = {"/connect": "connect", "/connect-events": "connect-events"}


def nulls(value: object, path: str = "$") -> list[str]:
    """Where ``value`` holds a JSON null, at any depth (BILL omits fields without a value)."""
    if value is None:
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in nulls(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in nulls(v, f"{path}[{i}]")]
    return []


def served_operations(app: FastAPI) -> set[tuple[str, str, str]]:
    """(api, METHOD, path) of every BILL operation the app serves."""
    out: set[tuple[str, str, str]] = set()
    for mount in app.routes:
        if isinstance(mount, Mount) and mount.path in API_MOUNTS:
            assert isinstance(mount.app, FastAPI)
            for path, item in mount.app.openapi().get("paths", {}).items():
                for method in item:
                    if method in ("get", "post", "put", "patch", "delete"):
                        out.add((API_MOUNTS[mount.path], method.upper(), path))
    return out


@pytest.mark.inprocess  # walks the app's mounted routers
def test_every_served_operation_is_bills_and_has_a_scenario(client: object) -> None:
    app = client.bill_app  # type: ignore[attr-defined]
    served = served_operations(app)
    assert served, "no operations found"
    served -= DOCS_ONLY
    unknown = sorted(op for op in served if operation(op[1], op[2]) is None)
    assert not unknown, f"served operations that BILL does not have: {unknown}"
    uncovered = sorted(op for op in served if (op[1], op[2]) not in SCENARIOS)
    assert not uncovered, f"operations without a contract scenario: {uncovered}"


@pytest.mark.parametrize("key", sorted(SCENARIOS), ids=lambda k: f"{k[0]} {k[1]}")
def test_response_fields_match_bills_example(api: Api, key: tuple[str, str]) -> None:
    ref = operation(*key)
    assert ref is not None, f"{key} is not a BILL operation"
    response = SCENARIOS[key](api)
    expected_status = ref["status"] or 200
    assert response.status_code == expected_status, response.text
    if response.content:
        found = nulls(response.json())
        assert not found, f"null on the wire at {found}"
    if ref["fields"] is None:
        assert response.content in (b"", b"{}", b"null") or response.status_code == 204, response.text
        return
    missing, extra = field_tree_diff(ref["fields"], response.json())
    missing = [m for m in missing if m not in ALLOWED_MISSING.get(key, set())]
    extra = [e for e in extra if e not in ALLOWED_EXTRA.get(key, set())]
    extra = [e for e in extra if e.rsplit(".", 1)[-1].removesuffix("[]") not in CHANGELOG_FIELDS]
    assert not missing, f"fields of BILL's example missing from our response: {missing}"
    assert not extra, f"fields we send that BILL's example does not have: {extra}"
