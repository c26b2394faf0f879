"""Every answer a test gets through ``Api`` is checked against what the app declares: a 2xx
JSON body against the operation's response schema in the app's own OpenAPI document (fetched
once per server and mount), an error against BILL's error-array shape. A mismatch fails the
test that made the request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

ERROR_KEYS = {"timestamp", "severity", "category", "message"}
# Answers that are not BILL's: Spend & Expense has its own error shape ({"message": ...}).
OWN_ERROR_SHAPES = ("/connect/v3/spend/",)


@dataclass
class Operation:
    method: str
    template: str
    pattern: re.Pattern[str]
    responses: dict[str, Any]


class Spec:
    """One mount's OpenAPI document: operations by method and path, and their validators."""

    def __init__(self, mount: str, doc: dict[str, Any]) -> None:
        self.mount = mount
        self.components = doc.get("components", {})
        self.operations: list[Operation] = []
        for template, item in doc.get("paths", {}).items():
            regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(mount + template)) + "$"
            for method, op in item.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    entry = Operation(method.upper(), template, re.compile(regex), op.get("responses", {}))
                    self.operations.append(entry)
        # Literal segments win over parameters (/v3/bills/bulk before /v3/bills/{billId}).
        self.operations.sort(key=lambda o: o.template.count("{"))
        self._validators: dict[tuple[str, str, str], Draft202012Validator | None] = {}

    def operation(self, method: str, path: str) -> Operation | None:
        return next((o for o in self.operations if o.method == method and o.pattern.match(path)), None)

    def validator(self, op: Operation, status: int) -> Draft202012Validator | None:
        key = (op.method, op.template, str(status))
        if key not in self._validators:
            declared = op.responses.get(str(status)) or op.responses.get(f"{str(status)[0]}XX")
            schema = ((declared or {}).get("content", {}).get("application/json") or {}).get("schema")
            self._validators[key] = (
                Draft202012Validator({**schema, "components": self.components}) if schema else None
            )
        return self._validators[key]


_specs: dict[tuple[int, str], Spec] = {}


def spec_for(client: httpx.Client, mount: str) -> Spec:
    key = (id(client), mount)
    if key not in _specs:
        r = client.get(mount + "/openapi.json")
        assert r.status_code == 200, r.text
        _specs[key] = Spec(mount, r.json())
    return _specs[key]


def check(client: httpx.Client, mount: str, response: httpx.Response) -> None:
    """Fail (AssertionError) when ``response`` is not what the app declares for its operation."""
    if "application/json" not in response.headers.get("content-type", "") or not response.content:
        return
    path = response.request.url.path
    body = response.json()
    if response.status_code >= 400:
        if path.startswith(OWN_ERROR_SHAPES):
            return
        assert isinstance(body, list) and body, f"not a BILL error array: {response.text}"
        for item in body:
            assert isinstance(item, dict) and item.keys() >= ERROR_KEYS, f"not a BILL error: {item}"
        return
    spec = spec_for(client, mount)
    op = spec.operation(response.request.method, path)
    if op is None or not 200 <= response.status_code < 300:
        return
    validator = spec.validator(op, response.status_code)
    if validator is None:
        return
    error = best_match(validator.iter_errors(body))
    assert error is None, (
        f"{op.method} {op.template} {response.status_code}: the body does not match the declared "
        f"response schema at {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
    )
