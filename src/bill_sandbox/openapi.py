"""The OpenAPI documents we serve: FastAPI's, post-processed for Postman and for the docs page.

``install(api)`` serves ``<mount>/openapi.json`` for one sub-app (Connect API, Connect Events
API, control plane). Every request gets ``servers[0].url`` = the URL the client reached plus
the mount path (Host / X-Forwarded-* honoured, ``public_url`` wins, see ``urls.py``).

Post-processing is generic, so resources added later need no per-route work:

- Header parameters named in ``HEADER_VARIABLES`` (``devKey``, ``sessionId``) become plain
  string parameters whose schema default is a Postman variable (``{{devKey}}``). Postman's
  converter fills requests from schema defaults, so an imported collection sends
  ``devKey: {{devKey}}`` and ``sessionId: {{sessionId}}`` like BILL's guide. They stay
  parameters, never security schemes, and the server still treats a missing header as
  missing: the defaults are documentation only.
  A family that signs in with its own session gets its own variables
  (``FAMILY_HEADER_VARIABLES``: partner calls send ``appKey: {{partnerAppKey}}``,
  ``sessionId: {{partnerSessionId}}`` and ``organizationId: {{partnerOrganizationId}}``).
- Request bodies listed in ``BODY_VARIABLES`` (API login, partner login) get the same
  treatment per property.
- Other parameters lose the ``anyOf [X, null]`` FastAPI writes for optional values (an HTTP
  parameter is never JSON null), which converters otherwise turn into odd sample values.
- Operation- and path-level ``servers`` are dropped: one base URL for the whole API.

``docs_variant(doc, login_values)`` is the copy the Swagger UI page loads: OpenAPI 3.0 (the
bundled Swagger UI predates 3.1), no ``{{...}}`` placeholders, the login body pre-filled with
real credentials when we have them.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from typing import Any

from fastapi import FastAPI, Request
from starlette.responses import Response

from bill_sandbox import examples
from bill_sandbox.jsonio import respond
from bill_sandbox.settings import Settings
from bill_sandbox.urls import origin

Doc = dict[str, Any]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Header parameter name -> Postman environment variable (BILL's guide names).
HEADER_VARIABLES: dict[str, str] = {"devKey": "devKey", "sessionId": "sessionId", "apiToken": "api_token"}

# Path prefix -> header parameter name -> variable, for the operations of a family that signs
# in with its own session (partner calls: the partner's appKey and session, and the child
# organization the partner created).
FAMILY_HEADER_VARIABLES: dict[str, dict[str, str]] = {
    "/v3/partner/": {
        "appKey": "partnerAppKey",
        "sessionId": "partnerSessionId",
        "organizationId": "partnerOrganizationId",
    },
}

# (method, path) -> request body property -> Postman environment variable.
BODY_VARIABLES: dict[tuple[str, str], dict[str, str]] = {
    ("post", "/v3/login"): {
        "username": "username",
        "password": "password",
        "organizationId": "orgId",
        "devKey": "devKey",
    },
    ("post", "/v3/partner/login"): {
        "username": "partnerUsername",
        "password": "partnerPassword",
        "appKey": "partnerAppKey",
    },
}


def header_variable(path: str, name: str) -> str | None:
    """The Postman variable a header parameter of ``path`` is filled from, if any."""
    for prefix, names in FAMILY_HEADER_VARIABLES.items():
        if path.startswith(prefix) and name in names:
            return names[name]
    return HEADER_VARIABLES.get(name)


# BILL's error array, documented instead of FastAPI's 422 (which this server never sends).
ERROR_SCHEMAS: dict[str, Doc] = {
    "BillError": {
        "type": "object",
        "title": "BillError",
        "properties": {
            "timestamp": {"type": "string"},
            "code": {"type": "string"},
            "severity": {"type": "string"},
            "category": {"type": "string"},
            "message": {"type": "string"},
            "params": {"type": "object"},
        },
        "required": ["timestamp", "severity", "category", "message"],
    },
    "BillErrors": {
        "type": "array",
        "title": "BillErrors",
        "items": {"$ref": "#/components/schemas/BillError"},
    },
}
_FASTAPI_422 = "#/components/schemas/HTTPValidationError"
_ERROR_RESPONSE: Doc = {
    "description": "Error (BILL's error array)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BillErrors"}}},
}

# What the docs page says about the headers it fills itself.
_DOCS_HEADER_NOTE = " Filled in by this page from your last API login when left empty."


def postman_variable(name: str) -> str:
    return "{{" + name + "}}"


# ------------------------------------------------------------------------------ walking


def operations(doc: Doc) -> Iterator[tuple[str, str, Doc]]:
    """``(method, path, operation)`` for every operation of ``doc``."""
    for path, item in (doc.get("paths") or {}).items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield method, path, op


def _resolve(doc: Doc, schema: Doc) -> Doc:
    """Follow local ``$ref``s (``#/components/schemas/X``) to the schema object itself."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 32:
        ref = str(schema["$ref"])
        if not ref.startswith("#/"):
            break
        target: Any = doc
        for part in ref[2:].split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~"), {})
        schema = target
        seen += 1
    return schema


def _body_schema(doc: Doc, op: Doc) -> Doc | None:
    content = (op.get("requestBody") or {}).get("content") or {}
    media = content.get("application/json")
    if not isinstance(media, dict) or not isinstance(media.get("schema"), dict):
        return None
    schema = _resolve(doc, media["schema"])
    return schema if isinstance(schema, dict) else None


def _strip_null(schema: Doc) -> Doc:
    """``anyOf/oneOf [X, {type: null}]`` -> ``X`` (keeping the outer description/default)."""
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if not isinstance(options, list):
            continue
        rest = [s for s in options if not (isinstance(s, dict) and s.get("type") == "null")]
        if len(rest) == len(options):
            continue
        outer = {k: v for k, v in schema.items() if k != key}
        if len(rest) == 1 and isinstance(rest[0], dict):
            return {**rest[0], **outer}
        return {**outer, key: rest}
    return schema


# ------------------------------------------------------------------------------ Postman spec


def postprocess(doc: Doc) -> Doc:
    """The served spec (see the module docstring). Mutates and returns ``doc``."""
    doc.pop("servers", None)
    tags: list[str] = []
    for method, path, op in operations(doc):
        op.pop("servers", None)
        for tag in op.get("tags") or []:
            if tag not in tags:
                tags.append(tag)
        for param in op.get("parameters") or []:
            if not isinstance(param, dict) or not isinstance(param.get("schema"), dict):
                continue
            param["schema"] = _strip_null(param["schema"])
            variable = header_variable(path, param.get("name", "")) if param.get("in") == "header" else None
            if variable:
                header_schema = {"type": "string", "default": postman_variable(variable)}
                if param.get("description"):
                    header_schema["description"] = param["description"]
                param["schema"] = header_schema
                param["required"] = True  # the call fails without it (BDC_1108 / BDC_1109)
        body_variables = BODY_VARIABLES.get((method, path))
        schema = _body_schema(doc, op) if body_variables else None
        if body_variables and schema is not None:
            properties = schema.get("properties") or {}
            example: dict[str, str] = {}
            for prop, variable in body_variables.items():
                if isinstance(properties.get(prop), dict):
                    properties[prop] = _strip_null(properties[prop])
                    properties[prop]["default"] = postman_variable(variable)
                    example[prop] = postman_variable(variable)
            # The body Postman builds in "Example" mode: just these fields.
            schema["example"] = example
    for item in (doc.get("paths") or {}).values():
        item.pop("servers", None)
    _bill_errors(doc)
    examples.add_examples(doc)
    if tags:
        known = {t.get("name") for t in doc.get("tags") or [] if isinstance(t, dict)}
        doc["tags"] = list(doc.get("tags") or []) + [{"name": t} for t in tags if t not in known]
    return doc


def _bill_errors(doc: Doc) -> None:
    """FastAPI's 422 ``HTTPValidationError`` responses -> 400 with BILL's error array."""
    replaced = False
    for _, _, op in operations(doc):
        responses = op.get("responses") or {}
        fastapi_422 = responses.get("422")
        schema = ((fastapi_422 or {}).get("content") or {}).get("application/json", {}).get("schema", {})
        if schema.get("$ref") == _FASTAPI_422:
            del responses["422"]
            responses.setdefault("400", copy.deepcopy(_ERROR_RESPONSE))
            replaced = True
    if not replaced:
        return
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in ERROR_SCHEMAS.items():
        schemas.setdefault(name, copy.deepcopy(schema))
    for name in ("HTTPValidationError", "ValidationError"):  # the second is used by the first only
        if name in schemas and f'"#/components/schemas/{name}"' not in json.dumps(doc):
            del schemas[name]


def build(api: FastAPI) -> Doc:
    """FastAPI's document for ``api``, post-processed (no servers: those depend on the request)."""
    return postprocess(copy.deepcopy(FastAPI.openapi(api)))


def cached(api: FastAPI) -> Doc:
    """The post-processed document of ``api``, built once (routes do not change after start)."""
    doc: Doc | None = getattr(api.state, "openapi_doc", None)
    if doc is None:
        doc = build(api)
        api.state.openapi_doc = doc
    return doc


def with_server(doc: Doc, server_url: str) -> Doc:
    """A shallow copy of ``doc`` with ``servers`` = ``[server_url]`` right after ``info``."""
    out: Doc = {}
    for key, value in doc.items():
        out[key] = value
        if key == "info":
            out["servers"] = [{"url": server_url}]
    out.setdefault("servers", [{"url": server_url}])
    return out


def mount_path(request: Request) -> str:
    """The path the sub-app is mounted at (``/connect``), from the ASGI scope."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def server_url(request: Request, settings: Settings) -> str:
    """What the client reached: origin (Host / X-Forwarded-* / public_url) + mount path."""
    return origin(request, settings) + mount_path(request)


def install(api: FastAPI) -> None:
    """Serve ``/openapi.json`` on ``api`` (build it with FastAPI's ``openapi_url=None``)."""
    api.openapi = lambda: cached(api)  # type: ignore[method-assign]

    async def openapi_json(request: Request) -> Response:
        settings: Settings = request.app.state.settings
        return respond(with_server(cached(api), server_url(request, settings)))

    api.add_api_route("/openapi.json", openapi_json, methods=["GET"], include_in_schema=False)


# ------------------------------------------------------------------------------ docs page spec


def docs_variant(
    doc: Doc,
    server: str,
    login_values: Mapping[str, str] | None = None,
    variables: Mapping[str, str] | None = None,
) -> Doc:
    """The copy of ``doc`` the docs page loads: OpenAPI 3.0, no ``{{...}}`` but ids.

    ``login_values`` maps Postman variable names (``username``, ``orgId``...) to real values; the
    login body is pre-filled with them when all are known, and left empty otherwise.
    ``variables`` (``examples.variable_values()``: dates, MFA code) are filled into the request
    examples; id variables (``{{vendorId}}``) stay, and the page's script replaces them with the
    ids of the objects created from the page before it sends a request."""
    out = copy.deepcopy(with_server(doc, server))
    values = dict(login_values or {})
    filled = {**(variables or {}), **values}
    for method, path, op in operations(out):
        media = ((op.get("requestBody") or {}).get("content") or {}).get("application/json")
        if isinstance(media, dict) and "example" in media:
            media["example"] = examples.concrete(media["example"], filled)
            if (method, path) in BODY_VARIABLES and examples.variables_in(media["example"]):
                del media["example"]  # the login body: real values or nothing
        for param in op.get("parameters") or []:
            if "example" in param:
                param["example"] = examples.concrete(param["example"], filled)
        for param in op.get("parameters") or []:
            name = str(param.get("name", ""))
            if param.get("in") != "header" or not header_variable(path, name):
                continue
            param.get("schema", {}).pop("default", None)  # no {{...}} on this page
            if name in HEADER_VARIABLES:
                param["required"] = False  # else Swagger UI refuses to send what this page fills in
                param["description"] = (param.get("description") or "").rstrip(".") + "." + _DOCS_HEADER_NOTE
        body_variables = BODY_VARIABLES.get((method, path))
        schema = _body_schema(out, op) if body_variables else None
        if body_variables and schema is not None:
            properties = schema.get("properties") or {}
            example: dict[str, str] = {}
            for prop, variable in body_variables.items():
                if isinstance(properties.get(prop), dict):
                    properties[prop].pop("default", None)
                    if variable in values:
                        example[prop] = values[variable]
            if len(example) == len(body_variables):
                schema["example"] = example
            else:
                schema.pop("example", None)
    return downgrade(out)


# ------------------------------------------------------------------------------ 3.1 -> 3.0

# JSON Schema keywords OpenAPI 3.0's schema object does not have.
_NOT_IN_30 = frozenset(
    {
        "$schema",
        "$id",
        "$anchor",
        "$defs",
        "$comment",
        "const",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "contains",
        "dependentRequired",
        "dependentSchemas",
        "else",
        "if",
        "then",
        "maxContains",
        "minContains",
        "patternProperties",
        "prefixItems",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "examples",
    }
)
_SCHEMA_MAPS = ("properties",)
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_ONE = ("items", "not", "additionalProperties")


def _schema_30(schema: Any) -> Any:
    """One JSON Schema 2020-12 (OpenAPI 3.1) schema as an OpenAPI 3.0 schema object."""
    if not isinstance(schema, dict):
        return schema
    s = dict(schema)
    nullable = False
    # type: [X, "null"] / type: "null"
    if isinstance(s.get("type"), list):
        types = [t for t in s["type"] if t != "null"]
        nullable = len(types) != len(s["type"])
        if len(types) == 1:
            s["type"] = types[0]
        else:
            s.pop("type")
            if types:
                s["anyOf"] = [{"type": t} for t in types]
    if s.get("type") == "null":
        s.pop("type")
        nullable = True
    for key in ("anyOf", "oneOf"):
        options = s.get(key)
        if isinstance(options, list):
            rest = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
            if len(rest) != len(options):
                nullable = True
                if len(rest) == 1:
                    s.pop(key)
                    only = rest[0]
                    if isinstance(only, dict) and "$ref" in only:
                        s["allOf"] = [only]
                    elif isinstance(only, dict):
                        s = {**only, **s}
                elif rest:
                    s[key] = rest
                else:
                    s.pop(key)
    if "const" in s:
        s["enum"] = [s["const"]]
    if isinstance(s.get("examples"), list) and s["examples"] and "example" not in s:
        s["example"] = s["examples"][0]
    for key, flag in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(s.get(key), int | float) and not isinstance(s.get(key), bool):
            s[flag] = s[key]
            s[key] = True
    for key in _NOT_IN_30:
        s.pop(key, None)
    if "$ref" in s:  # siblings of $ref are ignored in 3.0: wrap when there are any
        extra = {k: v for k, v in s.items() if k != "$ref"}
        if extra:
            s = {**extra, "allOf": [{"$ref": s["$ref"]}]}
    for key in _SCHEMA_MAPS:
        if isinstance(s.get(key), dict):
            s[key] = {k: _schema_30(v) for k, v in s[key].items()}
    for key in _SCHEMA_LISTS:
        if isinstance(s.get(key), list):
            s[key] = [_schema_30(v) for v in s[key]]
    for key in _SCHEMA_ONE:
        if isinstance(s.get(key), dict):
            s[key] = _schema_30(s[key])
    if nullable:
        s["nullable"] = True
        if "type" not in s and not any(k in s for k in ("allOf", "anyOf", "oneOf")):
            s["type"] = "string"  # bare null: 3.0 needs a type for nullable
    return s


def _media_30(content: Any) -> None:
    if isinstance(content, dict):
        for media in content.values():
            if isinstance(media, dict) and "schema" in media:
                media["schema"] = _schema_30(media["schema"])


def _params_30(params: Any) -> None:
    for param in params or []:
        if isinstance(param, dict):
            if "schema" in param:
                param["schema"] = _schema_30(param["schema"])
            _media_30(param.get("content"))


def _responses_30(responses: Any) -> None:
    for response in (responses or {}).values():
        if isinstance(response, dict):
            _media_30(response.get("content"))
            for header in (response.get("headers") or {}).values():
                if isinstance(header, dict) and "schema" in header:
                    header["schema"] = _schema_30(header["schema"])


def downgrade(doc: Doc) -> Doc:
    """An OpenAPI 3.1 document (as FastAPI writes them) as OpenAPI 3.0.3. Mutates ``doc``."""
    if not str(doc.get("openapi", "")).startswith("3.1"):
        return doc
    doc["openapi"] = "3.0.3"
    for key in ("webhooks", "jsonSchemaDialect"):
        doc.pop(key, None)
    info = doc.get("info") or {}
    info.pop("summary", None)
    if isinstance(info.get("license"), dict):
        info["license"].pop("identifier", None)
    doc.setdefault("paths", {})
    for item in doc["paths"].values():
        _params_30(item.get("parameters"))
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                _params_30(op.get("parameters"))
                _media_30((op.get("requestBody") or {}).get("content"))
                _responses_30(op.get("responses"))
    components = doc.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        components["schemas"][name] = _schema_30(schema)
    for param in (components.get("parameters") or {}).values():
        _params_30([param])
    _responses_30(components.get("responses"))
    for body in (components.get("requestBodies") or {}).values():
        if isinstance(body, dict):
            _media_30(body.get("content"))
    return doc
