"""Request examples (``bill_sandbox.examples``) and the packaged Postman collection.

- every operation with a JSON body in /connect and /connect-events has an example, and every
  example validates against its own request schema (variables filled in);
- the docs page's copy has concrete dates and MFA code;
- the collection shipped in the package covers the live spec's operations with the spec's
  examples (no Node needed: tests/e2e/test_postman.py compares it byte for byte with the
  converter's output when Node is there), and ``finish`` orders it so that a run works.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from bill_sandbox import examples, openapi, postman
from bill_sandbox.accounts import companions
from bill_sandbox.app import create_app
from bill_sandbox.settings import Settings

pytestmark = pytest.mark.inprocess  # builds its own app to read its specs

MOUNTS = ("/connect", "/connect-events")
ENVIRONMENT = {"baseUrl", "username", "password", "devKey", "orgId", "api_token", *companions.VARIABLES}
COMPUTED = {*examples.DATE_VARIABLES, examples.MFA_CODE_VARIABLE, examples.UNIQUE_VARIABLE, "sandboxUrl"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("examples"), argon2_time_cost=1, argon2_memory_kib=1024
    )
    with TestClient(create_app(settings)) as c:
        yield c


def json_bodies(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for method, path, op in openapi.operations(doc):
        media = ((op.get("requestBody") or {}).get("content") or {}).get("application/json")
        if isinstance(media, dict):
            yield method, path, media


def filled(value: Any) -> Any:
    """``value`` as a request would send it: computed variables, and some id for each id."""
    value = examples.concrete(value, examples.variable_values())
    ids = {name: f"x{name[:10]}" for name in examples.variables_in(value)}
    return examples.concrete(value, ids)


@pytest.mark.parametrize("mount", MOUNTS)
def test_every_json_body_has_an_example_that_validates(client: TestClient, mount: str) -> None:
    doc = client.get(mount + "/openapi.json").json()
    checked = 0
    for method, path, media in json_bodies(doc):
        assert "example" in media, f"{method.upper()} {path} has no example"
        schema = {**media["schema"], "components": doc.get("components", {})}
        errors = [e.message for e in Draft202012Validator(schema).iter_errors(filled(media["example"]))]
        assert not errors, f"{method.upper()} {path}: {errors}"
        checked += 1
    if mount == "/connect":
        assert checked >= 60


def test_required_query_parameters_have_examples(client: TestClient) -> None:
    doc = client.get("/connect/openapi.json").json()
    for method, path, op in openapi.operations(doc):
        for param in op.get("parameters") or []:
            if param.get("in") == "query" and param.get("required") and param["name"] != "ids":
                assert "example" in param, f"{method.upper()} {path} ?{param['name']}"


def test_derivation_rules() -> None:
    doc: dict[str, Any] = {
        "paths": {"/v3/widgets/{widgetId}": {}, "/v3/things/{id}": {}},
        "components": {"schemas": {"Kind": {"enum": ["SMALL", "LARGE"]}}},
    }
    schema = {
        "type": "object",
        "required": ["vendorId", "kind", "contactEmail", "lines"],
        "properties": {
            "vendorId": {"type": "string"},
            "kind": {"$ref": "#/components/schemas/Kind"},
            "contactEmail": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "lines": {"type": "array", "items": {"type": "object", "properties": {"amount": {}}}},
            "dueDate": {"type": "string"},
            "note": {"type": "string"},
            "id": {"type": "string"},
        },
    }
    example = examples.example_for(doc, "patch", "/v3/widgets/bulk", schema)
    assert example == {
        "vendorId": "{{vendorId}}",
        "kind": "SMALL",
        "contactEmail": "ap@example.com",
        "lines": [{"amount": 100.0}],
        "dueDate": "{{nextBusinessDay}}",
    }
    assert examples.resource_id_variable(doc, "/v3/widgets/bulk") == "widgetId"
    assert examples.id_variable("/v3/classifications/accounting-classes", "id") == "accountingClassId"
    assert examples.id_variable("/v3/classifications/chart-of-accounts", "id") == "chartOfAccountId"
    assert examples.merge({"a": 1, "b": {"c": 2}}, {"b": {"c": examples.OMIT, "d": 3}}) == {
        "a": 1,
        "b": {"d": 3},
    }


def test_docs_copy_has_concrete_dates_and_code(client: TestClient) -> None:
    doc = client.get("/connect/docs/openapi.json").json()
    values = examples.variable_values()
    media = doc["paths"]["/v3/payments"]["post"]["requestBody"]["content"]["application/json"]
    assert media["example"]["processDate"] == values["businessDayAfterNext"]
    assert media["example"]["billId"] == "{{billId}}"  # docs.js fills ids created on the page
    validate = doc["paths"]["/v3/mfa/challenge/validate"]["post"]["requestBody"]["content"]
    assert validate["application/json"]["example"]["token"] == "111111"


def request_body(item: dict[str, Any]) -> Any:
    raw = ((item.get("request") or {}).get("body") or {}).get("raw")
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def test_packaged_collection_matches_the_live_spec(client: TestClient) -> None:
    """Without Node: same operations, same bodies as the spec's examples. When this fails, run
    `make postman-collection` and commit src/bill_sandbox/postman/collection.json."""
    doc = client.get("/connect/openapi.json").json()
    collection = postman.packaged()
    items = list(postman.requests(collection["item"]))
    served = {(m.upper(), p) for m, p, _ in openapi.operations(doc)}
    packaged = {(str(i["request"]["method"]), postman.spec_path(i["request"]["url"]["path"])) for i in items}
    assert packaged == served, "stale packaged collection: run `make postman-collection`"
    for item in items:
        method, path = (
            str(item["request"]["method"]).lower(),
            postman.spec_path(item["request"]["url"]["path"]),
        )
        media = ((doc["paths"][path][method].get("requestBody") or {}).get("content") or {}).get(
            "application/json"
        )
        if media:
            assert request_body(item) == media["example"], f"{method} {path}: run `make postman-collection`"


def saved_variables(item: dict[str, Any]) -> set[str]:
    text = "\n".join("\n".join(e["script"]["exec"]) for e in item.get("event") or [] if e["listen"] == "test")
    return set(re.findall(r'pm\.environment\.set\("([A-Za-z0-9_]+)"', text))


def response_ids(doc: dict[str, Any], method: str, path: str) -> set[str]:
    """The top-level ``...Id`` fields of an operation's 2xx response (what the collection's
    generic script saves after a POST: a family's under its own name, ``spendUserId``)."""
    if path not in doc["paths"]:
        return set()  # a "Sandbox setup" request (the control plane): its script saves
    family = next((f for f in examples.FAMILIES if path.startswith(f"/v3/{f}/")), "")
    op = doc["paths"][path][method.lower()]
    out: set[str] = set()
    for code, response in (op.get("responses") or {}).items():
        media = ((response or {}).get("content") or {}).get("application/json") or {}
        schema = examples.resolve(doc, media.get("schema") or {})
        if str(code).startswith("2") and isinstance(schema, dict):
            out |= {p for p in schema.get("properties") or {} if p.endswith("Id") and p != "sessionId"}
    return {family + p[0].upper() + p[1:] if family else p for p in out}


def test_finished_collection_runs_in_an_order_that_works(client: TestClient) -> None:
    doc = client.get("/connect/openapi.json").json()
    collection = postman.finish(postman.packaged(), "http://127.0.0.1:9/connect")
    items = list(postman.requests(collection["item"]))
    assert items[0]["name"] == "API login" and items[-1]["name"] == "API logout"
    known = ENVIRONMENT | COMPUTED
    for item in items:
        used = examples.variables_in(item["request"]) - {"baseUrl"}
        missing = used - known
        assert not missing, f"{item['name']} uses {missing} before any request saves it"
        known |= saved_variables(item)
        method, path = str(item["request"]["method"]), postman.spec_path(item["request"]["url"]["path"])
        if method == "POST":
            known |= response_ids(doc, method, path)
    order = postman.run_order(collection)
    # Data exists before it is needed: vendors before bills before payments; MFA before banks.
    first = {path: order.index(("POST", path)) for path in ("/v3/vendors", "/v3/bills", "/v3/payments")}
    assert first["/v3/vendors"] < first["/v3/bills"] < first["/v3/payments"]
    assert order.index(("POST", "/v3/mfa/challenge/validate")) < order.index(
        ("POST", "/v3/funding-accounts/banks")
    )
    # Destroying requests run at the end (a connection's delete only undoes a link), children
    # before their parent; the phone a risk verification needs comes first.
    deletes = [i for i, (m, p) in enumerate(order) if m == "DELETE" and p not in postman.UNLINKS]
    assert deletes and min(deletes) > order.index(("POST", "/v3/payments"))
    member = order.index(("DELETE", "/v3/spend/budgets/{budgetId}/members/{userId}"))
    assert member < order.index(("DELETE", "/v3/spend/budgets/{budgetId}"))
    assert order.index(("POST", "/v3/risk-verifications/phone")) < order.index(
        ("POST", "/v3/risk-verifications")
    )
