"""The specs we serve: valid OpenAPI 3, BILL's titles and grouping, Postman-ready defaults,
servers from the request, and the offline docs page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from openapi_spec_validator import OpenAPIV30SpecValidator, validate
from starlette.responses import Response

from bill_sandbox import openapi
from bill_sandbox.accounts.bootstrap import ensure_default_account
from bill_sandbox.app import create_app
from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.resources.customers.schemas import CustomerCreate
from bill_sandbox.settings import Settings
from contract.shapes import DOCS_ONLY
from support.api import Api, assert_error
from support.reference import operation

pytestmark = pytest.mark.inprocess  # builds its own apps to read their specs and docs pages

SPECS = {"/connect": "Connect API", "/connect-events": "Connect Events API"}
LOGIN_VARIABLES = {
    "username": "{{username}}",
    "password": "{{password}}",
    "organizationId": "{{orgId}}",
    "devKey": "{{devKey}}",
}


def _settings(tmp: Path, **extra: Any) -> Settings:
    return Settings(data_dir=tmp, argon2_time_cost=1, argon2_memory_kib=1024, **extra)


@pytest.fixture(scope="module")
def app_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = _settings(tmp_path_factory.mktemp("openapi"))
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def spec(app_client: TestClient) -> dict[str, Any]:
    r = app_client.get("/connect/openapi.json")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def header_params(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in op.get("parameters", []) if p.get("in") == "header"}


# ---------------------------------------------------------------- validity


@pytest.mark.parametrize("mount", sorted(SPECS))
def test_specs_are_valid_openapi(app_client: TestClient, mount: str) -> None:
    doc = app_client.get(mount + "/openapi.json").json()
    validate(doc)
    assert doc["info"]["title"] == SPECS[mount]
    assert doc["servers"] == [{"url": f"http://testserver{mount}"}]
    for _, _, op in openapi.operations(doc):
        assert "servers" not in op
    for item in doc["paths"].values():
        assert "servers" not in item


def test_control_plane_spec_is_separate(app_client: TestClient, spec: dict[str, Any]) -> None:
    control = app_client.get("/_sandbox/openapi.json").json()
    validate(control)
    assert control["servers"] == [{"url": "http://testserver/_sandbox"}]
    assert not any(p.startswith("/v3/") for p in control["paths"])
    events = app_client.get("/connect-events/openapi.json").json()
    for path in (*spec["paths"], *events["paths"]):
        assert path.startswith("/v3/"), path


# ---------------------------------------------------------------- servers


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Host": "sandbox.local:9000"}, "http://sandbox.local:9000/connect"),
        (
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-Host": "bill.example.com",
                "X-Forwarded-Prefix": "/sbx",
            },
            "https://bill.example.com/sbx/connect",
        ),
    ],
)
def test_servers_is_what_the_client_reached(
    app_client: TestClient, headers: dict[str, str], expected: str
) -> None:
    doc = app_client.get("/connect/openapi.json", headers=headers).json()
    assert doc["servers"] == [{"url": expected}]
    events = app_client.get("/connect-events/openapi.json", headers=headers).json()
    assert events["servers"] == [{"url": expected + "-events"}]


def test_public_url_overrides_servers(tmp_path: Path) -> None:
    settings = _settings(tmp_path, public_url="https://tunnel.example.com/connect")
    with TestClient(create_app(settings)) as client:
        doc = client.get("/connect/openapi.json", headers={"X-Forwarded-Host": "other"}).json()
        assert doc["servers"] == [{"url": "https://tunnel.example.com/connect"}]
        events = client.get("/connect-events/openapi.json").json()
        assert events["servers"] == [{"url": "https://tunnel.example.com/connect-events"}]


# ---------------------------------------------------------------- BILL's reference


def test_every_operation_has_bills_title_tag_and_path(spec: dict[str, Any]) -> None:
    problems = []
    count = 0
    for method, path, op in openapi.operations(spec):
        count += 1
        ref = operation(method, path)
        if ref is None and ("connect", method.upper(), path) in DOCS_ONLY:
            continue  # documented by BILL, absent from its collection (contract.shapes)
        if ref is None:
            problems.append(f"{method.upper()} {path}: not in BILL's reference")
            continue
        tag = ref["group"].rsplit("/", 1)[-1]
        if op.get("summary") != ref["summary"]:
            problems.append(f"{method.upper()} {path}: summary {op.get('summary')!r} != {ref['summary']!r}")
        if op.get("tags") != [tag]:
            problems.append(f"{method.upper()} {path}: tags {op.get('tags')} != [{tag!r}]")
        if ref["api"] != "connect":
            problems.append(f"{method.upper()} {path}: BILL serves it on {ref['api']}")
    assert count > 0
    assert problems == []


def test_tags_are_listed_in_order(spec: dict[str, Any]) -> None:
    used = {t for _, _, op in openapi.operations(spec) for t in op.get("tags", [])}
    assert {t["name"] for t in spec["tags"]} == used
    assert spec["tags"][0]["name"] == "authentication"


# ---------------------------------------------------------------- Postman defaults


def test_session_headers_are_parameters_with_postman_defaults(spec: dict[str, Any]) -> None:
    assert "securitySchemes" not in spec.get("components", {})
    with_headers = 0
    for method, path, op in openapi.operations(spec):
        assert "security" not in op
        headers = header_params(op)
        for name in ("devKey", "sessionId"):
            if name in headers:
                with_headers += 1
                param = headers[name]
                variable = openapi.header_variable(path, name)
                assert variable == (f"partner{name[0].upper()}{name[1:]}" if "/partner/" in path else name)
                assert param["schema"]["default"] == "{{" + variable + "}}", (method, path, param)
                assert param["schema"]["type"] == "string"
                assert param["required"] is True
    assert with_headers >= 2 * 6  # every customers and session operation, at least
    create = spec["paths"]["/v3/customers"]["post"]
    assert set(header_params(create)) >= {"devKey", "sessionId"}
    assert "devKey" not in header_params(spec["paths"]["/v3/login"]["post"])
    # Partner calls send the partner's own appKey, session and child organization.
    partner_users = header_params(spec["paths"]["/v3/partner/users"]["post"])
    assert {k: partner_users[k]["schema"]["default"] for k in ("appKey", "sessionId", "organizationId")} == {
        "appKey": "{{partnerAppKey}}",
        "sessionId": "{{partnerSessionId}}",
        "organizationId": "{{partnerOrganizationId}}",
    }


def test_login_body_has_postman_defaults(spec: dict[str, Any]) -> None:
    ref = spec["paths"]["/v3/login"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    schema = openapi._resolve(spec, ref)
    for prop, variable in LOGIN_VARIABLES.items():
        assert schema["properties"][prop]["default"] == variable
    assert schema["example"] == LOGIN_VARIABLES


def test_errors_are_documented_as_bill_arrays(spec: dict[str, Any]) -> None:
    for _, _, op in openapi.operations(spec):
        assert "422" not in op["responses"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    create = spec["paths"]["/v3/customers"]["post"]["responses"]
    assert create["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BillErrors"
    }


def test_defaults_apply_to_any_router() -> None:
    """Routers added later (webhooks, new resources) get the defaults with no per-route work."""
    router = APIRouter(prefix="/v3", tags=["subscriptions"])

    @router.get("/subscriptions", summary="Get list of subscriptions")
    async def subscriptions(caller: Caller = Depends(session_caller)) -> Response:
        return Response()

    api = FastAPI(title="Connect Events API", openapi_url=None)
    api.include_router(router)
    doc = openapi.build(api)
    headers = header_params(doc["paths"]["/v3/subscriptions"]["get"])
    assert headers["devKey"]["schema"]["default"] == "{{devKey}}"
    assert headers["sessionId"]["schema"]["default"] == "{{sessionId}}"
    validate(openapi.with_server(doc, "http://127.0.0.1/connect-events"))


def test_customer_create_example_is_valid(spec: dict[str, Any]) -> None:
    example = spec["components"]["schemas"]["CustomerCreate"]["example"]
    assert {"name", "email"} <= example.keys()
    CustomerCreate.model_validate(example)


# ---------------------------------------------------------------- defaults are docs only


def test_literal_placeholder_session_is_an_invalid_session(api: Api) -> None:
    r = api.get("/v3/customers", headers={"sessionId": "{{sessionId}}"})
    assert_error(r, 401, "BDC_1109")
    r = api.client.get("/connect/v3/customers", headers={"devKey": api.creds["devKey"]})
    assert_error(r, 401, "BDC_1109")
    r = api.client.get("/connect/v3/customers", headers={"sessionId": api.session_id})
    assert_error(r, 400, "BDC_1108")
    r = api.get("/v3/customers", headers={"devKey": "{{devKey}}"})
    assert r.status_code == 401, r.text


# ---------------------------------------------------------------- docs page


@pytest.mark.parametrize("mount", sorted(SPECS))
def test_docs_page_is_served_offline(app_client: TestClient, mount: str) -> None:
    r = app_client.get(mount + "/docs")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    assert f'src="{mount}/docs/static/swagger-ui-bundle.js"' in page
    assert f'href="{mount}/docs/static/swagger-ui.css"' in page
    assert "://" not in page  # every asset is ours, path-absolute: no CDN, works offline
    for asset in ("static/swagger-ui-bundle.js", "static/swagger-ui.css", "sandbox/docs.js"):
        assert app_client.get(f"{mount}/docs/{asset}").status_code == 200, asset


def test_docs_page_honours_forwarded_prefix(app_client: TestClient) -> None:
    r = app_client.get("/connect/docs", headers={"X-Forwarded-Prefix": "/sbx"})
    assert 'src="/sbx/connect/docs/static/swagger-ui-bundle.js"' in r.text
    doc = app_client.get("/connect/docs/openapi.json", headers={"X-Forwarded-Prefix": "/sbx"}).json()
    assert doc["servers"] == [{"url": "/sbx/connect"}]


@pytest.mark.parametrize("mount", sorted(SPECS))
def test_docs_spec_is_openapi_30_without_placeholders(app_client: TestClient, mount: str) -> None:
    doc = app_client.get(mount + "/docs/openapi.json").json()
    OpenAPIV30SpecValidator(doc).validate()
    assert doc["openapi"] == "3.0.3"
    assert doc["servers"] == [{"url": mount}]
    # Only id variables ({{vendorId}}: the page's script fills them from the objects created
    # on the page) are left; dates, MFA codes and credentials are concrete.
    leftover = set(re.findall(r"\{\{([^}]*)\}\}", json.dumps(doc)))
    assert all(re.fullmatch(r"[a-z][A-Za-z]*Id", name) for name in leftover), leftover
    for _, _, op in openapi.operations(doc):
        for name, param in header_params(op).items():
            if name in openapi.HEADER_VARIABLES:
                assert param["required"] is False  # the page fills them in


def test_docs_spec_prefills_login_with_the_default_account(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    app = create_app(settings)
    with TestClient(app) as client:
        doc = client.get("/connect/docs/openapi.json").json()
        schema = doc["components"]["schemas"]["LoginRequest"]
        assert "example" not in schema  # no environment file yet: nothing to pre-fill
        creds = ensure_default_account(app.state.db, settings)
        doc = client.get("/connect/docs/openapi.json").json()
        page = client.get("/connect/docs").text
    example = doc["components"]["schemas"]["LoginRequest"]["example"]
    assert example == {
        "username": creds.username,
        "password": creds.password,
        "organizationId": creds.organization_id,
        "devKey": creds.dev_key,
    }
    assert json.dumps(creds.dev_key) in page


def test_downgrade_handles_31_constructs() -> None:
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1", "summary": "s"},
        "paths": {},
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {
                        "n": {"type": ["integer", "null"], "exclusiveMinimum": 0},
                        "c": {"const": "X"},
                        "r": {"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]},
                        "e": {"type": "string", "examples": ["a", "b"]},
                        "l": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                    },
                },
                "B": {"type": "string"},
            }
        },
    }
    out = openapi.downgrade(doc)
    OpenAPIV30SpecValidator(out).validate()
    props = out["components"]["schemas"]["A"]["properties"]
    assert props["n"] == {"type": "integer", "minimum": 0, "exclusiveMinimum": True, "nullable": True}
    assert props["c"] == {"enum": ["X"]}
    assert props["r"] == {"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": True}
    assert props["e"] == {"type": "string", "example": "a"}
