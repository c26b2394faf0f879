"""``bill-sandbox postman``: a Postman collection that runs whole, and its environment.

The collection is what Postman itself makes of our spec on File > Import: Postman's own
converter (npm ``openapi-to-postmanv2``) on ``/connect/openapi.json``, folders by path
(``v3 > login > API login``), bodies from the spec's examples (``bill_sandbox.examples``).
``make postman-collection`` runs it and commits the output as package data
(``collection.json`` here), so users without Node get the same collection: ``export`` uses the
converter when it is installed and the packaged file otherwise; a test fails when the packaged
file drifts from the live spec.

``finish`` then makes the collection run end to end, in order ("Run collection", or newman
without ``--folder``), and adds what BILL's guide has you add by hand:

- order: ``login`` first, MFA next (the run's session becomes trusted: payments need it),
  then the resources in the order their data is needed (``TOP_ORDER``; a resource added later
  goes before attachments and payments), requests that destroy what later requests use
  (DELETE, archive without restore, final approvals) in a last folder (children before their
  parent), and ``logout`` at the very end; inside a folder: POST, GET, PUT, PATCH, then
  ``{id}`` sub-folders, then the others, DELETE last;
- API login saves ``sessionId`` (partner login ``partnerSessionId``); each create (a POST
  beside a ``{fooId}`` folder) saves the new ``id`` as ``fooId`` (``examples.id_variable``:
  ``spendUserId``, ``partnerUserId`` for the families), and ``:fooId`` path variables and
  ``ids`` query parameters use it; any 2xx POST saves the top-level ``…Id`` fields it returns
  (``setupId``, ``challengeId``, ``rememberMeId``...);
- the partner and network requests use the environment's partner account and second
  organization (``accounts.companions``); "Sandbox setup" requests (``postman.setup``) call
  the control plane for what no Connect API request makes (a connection request to accept,
  S&E card activity);
- a collection-level pre-request script computes ``{{today}}``, ``{{nextBusinessDay}}`` and
  ``{{businessDayAfterNext}}``
  (UTC, Federal Reserve holidays skipped) and, for requests that send ``{{mfaCode}}``, reads
  the code the sandbox sent from ``GET /_sandbox/mfa/last-code`` (111111 by default).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bill_sandbox import examples, openapi
from bill_sandbox.postman import setup
from bill_sandbox.postman.scripts import (
    LOGIN_SCRIPT,
    POLL_SCRIPT,
    PRE_REQUEST_SCRIPT,
    SAVE_FIRST_ID_SCRIPT,
    SAVE_ID_SCRIPT,
    SAVE_IDS_SCRIPT,
)
from bill_sandbox.settings import Settings

if TYPE_CHECKING:
    from bill_sandbox.accounts.service import Credentials

CONVERTER = Path("openapi-to-postmanv2") / "bin" / "openapi2postmanv2.js"
COLLECTION_FILE = "bill-sandbox.postman_collection.json"
ENVIRONMENT_FILE = "bill-sandbox.postman_environment.json"
PACKAGED = Path(__file__).resolve().parent / "collection.json"
# The base URL the packaged collection is generated for (``finish`` sets the real one).
PACKAGED_BASE_URL = "http://127.0.0.1:7431/connect"
HOLIDAY_YEARS = (2024, 2040)

# Converter options: Postman's import defaults (folders by path, names from summaries), except
# that bodies come from the spec's examples and optional query parameters start disabled.
CONVERTER_OPTIONS: dict[str, Any] = {
    "folderStrategy": "Paths",
    "requestNameSource": "Fallback",
    "parametersResolution": "Example",
    "enableOptionalParameters": False,
}

# Top-level folders (under v3) in run order; others go right before "attachments".
TOP_ORDER = (
    "login",
    "mfa",
    "health",
    "organizations",
    "roles",  # lists the seeded roles: users are created with one of them
    "users",
    "customers",
    "classifications",
    "vendors",
    "funding-accounts",
    "bills",
    "vendor-credits",
    "recurringbills",
    "*",
    "attachments",
    "documents",
    "payments",
    # A policy without rules sends every later bill for approval: after the payments.
    "bill-approvals",
)
LAST_FOLDER = "Run last: deletes, archives without restore and final approvals"
# Actions after which an object no longer changes (requests that change it run before).
FINAL_ACTIONS = frozenset({"/v3/spend/reimbursements/{reimbursementId}/action"})
# Deletes that only undo a link (a network connection), not an object: they run in their folder,
# before the payments that would block them (a connection to a vendor being paid stays).
UNLINKS = frozenset(
    {"/v3/network/invitation/customer/{customerId}", "/v3/network/invitation/vendor/{vendorId}"}
)
# Query parameters a run sends: (method, path) -> name -> value. The network search looks for
# the second organization; a partner's new user gets a role that can be archived (the
# organization's only administrator cannot).
QUERY_VALUES: dict[tuple[str, str], dict[str, str]] = {
    ("GET", "/v3/network"): {"name": "{{networkName}}"},
    ("GET", "/v3/partner/roles"): {"filters": "type:eq:ACCOUNTANT"},
}
METHOD_ORDER = {"POST": 0, "GET": 1, "PUT": 2, "PATCH": 3}
# Action folders that run before their object's PUT/PATCH (an update needs a verified account).
PREPARE_ACTIONS = frozenset({"verify"})
# Creates that are not a POST on their collection: path -> the id variable they save.
CREATES = {"/v3/funding-accounts/banks/users/nominate": "bankAccountUserId"}
# What an upload (a POST of raw bytes) sends as its required ``name`` query parameter.
UPLOAD_NAME = "sample.pdf"

# Logins: path -> the variable their session goes to (the partner's calls send their own).
LOGINS = {"/v3/login": "sessionId", "/v3/partner/login": "partnerSessionId"}
# Status polls: path -> the variable the finished object's id goes to. An upload completes at
# its second poll (or 5 s later): the request repeats itself until it has (at most 5 times).
STATUS_POLLS = {"/v3/documents/upload-status": "documentId"}


class ToolsMissing(RuntimeError):
    """Node or the converter is not installed."""


def node_modules_candidates() -> Iterator[Path]:
    env = os.environ.get("BILL_SANDBOX_NODE_MODULES")
    if env:
        yield Path(env)
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        yield folder / "node_modules"
    # A checkout (editable install): <repo>/src/bill_sandbox/postman/__init__.py
    yield Path(__file__).resolve().parents[3] / "node_modules"


def find_converter() -> tuple[str, Path]:
    """``(node, openapi2postmanv2.js)`` or ``ToolsMissing`` with what to do about it."""
    node = shutil.which("node")
    if node is None:
        raise ToolsMissing(
            "node is not installed. Postman's converter (npm openapi-to-postmanv2) needs Node.js 20+;"
            " install it, then run `make e2e-deps` in the bill-sandbox checkout."
        )
    for folder in node_modules_candidates():
        script = folder / CONVERTER
        if script.is_file():
            return node, script
    raise ToolsMissing(
        "Postman's converter (npm openapi-to-postmanv2) is not installed. Run `make e2e-deps`"
        " (or `npm ci`) in the bill-sandbox checkout, or point BILL_SANDBOX_NODE_MODULES at a"
        " node_modules folder that has it."
    )


def convert(spec: dict[str, Any], options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run Postman's converter on ``spec``; the collection it writes (v2.1 format)."""
    node, script = find_converter()
    with tempfile.TemporaryDirectory(prefix="bill-sandbox-postman-") as tmp:
        spec_path = Path(tmp) / "openapi.json"
        options_path = Path(tmp) / "options.json"
        out_path = Path(tmp) / "collection.json"
        spec_path.write_text(json.dumps(spec))
        options_path.write_text(json.dumps(CONVERTER_OPTIONS if options is None else options))
        proc = subprocess.run(
            [node, str(script), "-s", str(spec_path), "-o", str(out_path), "-c", str(options_path)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if proc.returncode != 0 or not out_path.is_file():
            raise RuntimeError(f"openapi2postmanv2 failed ({proc.returncode}): {proc.stdout}{proc.stderr}")
        collection: dict[str, Any] = json.loads(out_path.read_text())
        return collection


def connect_spec(settings: Settings, base_url: str) -> dict[str, Any]:
    """``/connect/openapi.json`` as a server at ``base_url`` would serve it, built in-process."""
    from starlette.routing import Mount

    from bill_sandbox.app import create_app

    app = create_app(settings)
    try:
        for route in app.routes:
            if isinstance(route, Mount) and route.path == "/connect":
                return openapi.with_server(openapi.cached(route.app), base_url)  # type: ignore[arg-type]
    finally:
        app.state.db.close()
    raise RuntimeError("create_app() mounts no /connect app")


# ------------------------------------------------------------------------------ packaged


def normalize(collection: dict[str, Any]) -> dict[str, Any]:
    """The converter's output without what changes on every run or only bloats the file:
    generated ids and example responses (a copy)."""
    out = copy.deepcopy(collection)

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            node.pop("id", None)
            node.pop("_postman_id", None)
            if "request" in node:
                node.pop("response", None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)
        return node

    strip(out)
    return out


def generate(settings: Settings) -> dict[str, Any]:
    """What ``make postman-collection`` writes: the normalized converter output (needs Node)."""
    return normalize(convert(connect_spec(settings, PACKAGED_BASE_URL)))


def packaged() -> dict[str, Any]:
    """The collection generated by ``make postman-collection`` and shipped with the package."""
    data: dict[str, Any] = json.loads(PACKAGED.read_text())
    return data


def collection_for(settings: Settings) -> tuple[dict[str, Any], str]:
    """The converter's collection for our spec and where it came from (``converter`` when Node
    and the converter are installed, ``packaged`` otherwise)."""
    try:
        find_converter()
    except ToolsMissing:
        return packaged(), "packaged"
    return generate(settings), "converter"


# ------------------------------------------------------------------------------ finishing


def _event(listen: str, script: str) -> dict[str, Any]:
    return {"listen": listen, "script": {"type": "text/javascript", "exec": script.splitlines()}}


def _add_event(item: dict[str, Any], script: str) -> None:
    item.setdefault("event", []).append(_event("test", script))


def _path(request: dict[str, Any]) -> list[str]:
    url = request.get("url") or {}
    return [str(p) for p in url.get("path") or []] if isinstance(url, dict) else []


def spec_path(segments: list[str]) -> str:
    """``["v3", "bills", ":billId"]`` -> ``/v3/bills/{billId}``."""
    return "/" + "/".join("{" + s[1:] + "}" if s.startswith(":") else s for s in segments)


def requests(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every request item, depth first, in collection order."""
    for item in items:
        if "item" in item:
            yield from requests(item["item"])
        else:
            yield item


def _sort_key(item: dict[str, Any]) -> tuple[int, float]:
    if "item" not in item:
        method = str((item.get("request") or {}).get("method", "")).upper()
        return (0, METHOD_ORDER.get(method, 9 if method == "DELETE" else 5) + (0.5 if method == "GET" else 0))
    name = str(item.get("name", ""))
    if name in PREPARE_ACTIONS:
        return (0, 1)  # after the GETs, before PUT and PATCH
    return (1, 0) if name.startswith("{") else (2, 0)


def _creates(item: dict[str, Any]) -> bool:
    """A folder with a POST anywhere inside it."""
    return any(str((r.get("request") or {}).get("method", "")).upper() == "POST" for r in requests([item]))


def _order(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for item in items:
        if "item" in item:
            item["item"] = _order(item["item"])
    if any("item" not in i for i in items):
        return sorted(items, key=_sort_key)  # stable: the converter's order otherwise

    # Only folders here (/v3/attachments): the objects come from sub-folders (uploads), so the
    # folders that POST run first and the {id} folders last.
    def key(item: dict[str, Any]) -> tuple[int, float]:
        if "item" not in item:
            return _sort_key(item)
        if str(item.get("name", "")).startswith("{"):
            return (3, 0)
        return (1, 0) if _creates(item) else (2, 0)

    return sorted(items, key=key)


# Inside a resource folder whose sub-folders depend on each other (the rest keep their order).
SUB_ORDER: dict[str, tuple[str, ...]] = {
    # Spend & Expense: users, then budgets before the cards and reimbursements that name one.
    "spend": ("users", "budgets", "cards", "custom-fields", "transactions", "reimbursements"),
    # A reimbursement's receipts change before it is approved (``FINAL_ACTIONS``).
    "{reimbursementId}": ("receipts", "action"),
    # Every account has an MFA phone from sign-up: the challenge trusts the run's session, and
    # adding another phone (setup) needs a trusted session.
    "mfa": ("challenge", "setup", "step-up", "phones"),
    # An invoice is emailed and gets its payment link before it is archived (and restored).
    "{invoiceId}": ("email", "payment-link", "archive", "restore"),
    # Partner: log in, create an organization (its users' calls name it), read its roles (a
    # new user gets one), then act as one of its users.
    "partner": ("login", "organizations", "roles", "users", "risk-verifications", "login-as-user"),
}

# Folder name -> its sub-folders that run before its own requests (initiating a risk
# verification needs the organization's phone).
RUN_FIRST: dict[str, tuple[str, ...]] = {"risk-verifications": ("phone",)}


def _sub_order(items: list[dict[str, Any]]) -> None:
    """Apply ``SUB_ORDER`` to the folders it names, at any depth (a stable sort)."""
    for folder in items:
        if "item" not in folder:
            continue
        order = SUB_ORDER.get(str(folder.get("name", "")))
        if order:
            folder["item"].sort(key=lambda i, o=order: o.index(i["name"]) if i.get("name") in o else len(o))
        first = RUN_FIRST.get(str(folder.get("name", "")), ())
        folder["item"].sort(key=lambda i, f=first: 0 if "item" in i and i.get("name") in f else 1)
        _sub_order(folder["item"])


def _top_rank(name: str) -> int:
    return TOP_ORDER.index(name) if name in TOP_ORDER else TOP_ORDER.index("*")


def _is_terminal(method: str, path: str, all_paths: set[str]) -> bool:
    """A request that destroys what later requests use: DELETE, or archive with no restore."""
    if method == "DELETE" and path in UNLINKS:
        return False
    if method == "DELETE" or (method == "POST" and path in FINAL_ACTIONS):
        return True
    restore = path[: -len("archive")] + "restore"
    return method == "POST" and path.endswith("/archive") and restore not in all_paths


def _take(items: list[dict[str, Any]], pick: Any) -> list[dict[str, Any]]:
    """Remove the request items ``pick(item)`` selects (depth first) and return them."""
    taken: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []
    for item in items:
        if "item" in item:
            taken += _take(item["item"], pick)
            if item["item"]:
                kept.append(item)
        elif pick(item):
            taken.append(item)
        else:
            kept.append(item)
    items[:] = kept
    return taken


def _children_first(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``items`` in their order, except that a request on a sub-path of another's (a budget's
    member, a reimbursement's receipt) goes before it."""
    out: list[dict[str, Any]] = []
    for item in items:
        path = spec_path(_path(item.get("request") or {}))
        parents = [
            i for i, o in enumerate(out) if path.startswith(spec_path(_path(o.get("request") or {})) + "/")
        ]
        out.insert(parents[0] if parents else len(out), item)
    return out


def finish(collection: dict[str, Any], base_url: str) -> dict[str, Any]:
    """Make the converter's collection run whole, in order (see the module docstring)."""
    collection = copy.deepcopy(collection)
    collection["variable"] = [v for v in collection.get("variable") or [] if v.get("key") != "baseUrl"]
    collection["variable"].insert(0, {"key": "baseUrl", "value": base_url})
    holidays = json.dumps(examples.holidays_between(*HOLIDAY_YEARS))
    collection["event"] = [
        _event("prerequest", PRE_REQUEST_SCRIPT % {"holidays": holidays}),
        _event("test", SAVE_IDS_SCRIPT % {"families": "|".join(examples.FAMILIES)}),
    ]
    items: list[dict[str, Any]] = collection.get("item") or []
    all_items = list(requests(items))
    all_paths = {spec_path(_path(i.get("request") or {})) for i in all_items}
    paths_doc: dict[str, Any] = {"paths": {p: {} for p in all_paths}}
    ids = examples.collection_ids(paths_doc)
    path_variables = examples.path_variables(paths_doc)
    methods = {
        (str((i.get("request") or {}).get("method", "")).upper(), spec_path(_path(i.get("request") or {})))
        for i in all_items
    }

    for item in all_items:
        request = item.get("request") or {}
        segments = _path(request)
        path = spec_path(segments)
        method = str(request.get("method", "")).upper()
        url = request.get("url") or {}
        for var in url.get("variable") or []:
            segment = ":" + var["key"]
            prefix = spec_path(segments[: segments.index(segment)]) if segment in segments else ""
            name = path_variables.get((prefix, var["key"])) or examples.id_variable(prefix, var["key"])
            var["value"] = openapi.postman_variable(name)
        resource_var = examples.resource_id_variable(paths_doc, path)
        for param in url.get("query") or []:
            value = QUERY_VALUES.get((method, path), {}).get(str(param.get("key", "")))
            if value is not None:
                param.update(value=value, disabled=False)
            if param.get("disabled"):
                continue
            if param.get("key") == "ids" and resource_var:
                param["value"] = openapi.postman_variable(resource_var)
            elif str(param.get("key", "")).endswith("Id") and param.get("value") == "string":
                param["value"] = openapi.postman_variable(str(param["key"]))
        upload = any(
            h.get("key") == "Content-Type" and h.get("value") == "application/octet-stream"
            for h in request.get("header") or []
        )
        if upload:
            for param in url.get("query") or []:
                if param.get("key") == "name":
                    param["disabled"] = False
                    param["value"] = UPLOAD_NAME
        if method == "POST" and path in LOGINS:
            _add_event(item, LOGIN_SCRIPT % {"name": item.get("name", "Login"), "var": LOGINS[path]})
        elif method == "POST" and path in ids:
            _add_event(item, SAVE_ID_SCRIPT % {"var": ids[path]})
        elif method == "POST" and upload:
            # An upload under another collection (/v3/attachments/vendors/{vendorId}) creates
            # an object of the longest collection its path starts with (/v3/attachments).
            owners = [c for c in ids if path.startswith(c + "/")]
            if owners:
                _add_event(item, SAVE_ID_SCRIPT % {"var": ids[min(owners, key=len)]})
        elif method == "POST" and path in CREATES:
            _add_event(item, SAVE_ID_SCRIPT % {"var": CREATES[path]})
        elif method == "GET" and path in STATUS_POLLS:
            _add_event(item, POLL_SCRIPT % {"var": STATUS_POLLS[path]})
        elif method == "GET" and path in ids:
            # No create call: the list's first object, always (a previous run's may be gone).
            # With one: only when the create saved none.
            creates = ("POST", path) in methods
            why = "When the create saved none" if creates else "No create call for these"
            when = f'!pm.environment.get("{ids[path]}")' if creates else "true"
            _add_event(item, SAVE_FIRST_ID_SCRIPT % {"var": ids[path], "why": why, "when": when})

    # Folder order, then the requests that must run last, then logout.
    items[:] = _order(items)
    for top in items:
        if "item" in top:
            top["item"].sort(key=lambda i: _top_rank(str(i.get("name", ""))) if "item" in i else -1)
    _sub_order(items)

    def terminal(item: dict[str, Any]) -> bool:
        request = item.get("request") or {}
        return _is_terminal(str(request.get("method", "")).upper(), spec_path(_path(request)), all_paths)

    def logout(item: dict[str, Any]) -> bool:
        request = item.get("request") or {}
        return _path(request)[-2:] == ["v3", "logout"]

    logouts = _take(items, logout)
    last = _take(items, terminal)
    if last:
        items.append({"name": LAST_FOLDER, "item": _children_first(last)})
    setup.add_setup(items)
    if logouts:
        items.append({"name": "logout", "item": logouts})
    return collection


def run_order(collection: dict[str, Any]) -> list[tuple[str, str]]:
    """``(method, spec path)`` of every request, in the order a run sends them."""
    return [
        (str((i.get("request") or {}).get("method", "")).upper(), spec_path(_path(i.get("request") or {})))
        for i in requests(collection.get("item") or [])
    ]


def export(settings: Settings, out_dir: Path, base_url: str, creds: Credentials) -> tuple[Path, Path, str]:
    """Write the collection (for a server at ``base_url``) and ``creds``' environment into
    ``out_dir``; the third value says where the collection came from."""
    from bill_sandbox.accounts.bootstrap import postman_environment

    base_url = base_url.rstrip("/")
    converted, source = collection_for(settings)
    collection = finish(converted, base_url)
    out_dir.mkdir(parents=True, exist_ok=True)
    collection_path = out_dir / COLLECTION_FILE
    environment_path = out_dir / ENVIRONMENT_FILE
    collection_path.write_text(json.dumps(collection, indent=2) + "\n")
    environment_path.write_text(json.dumps(postman_environment(base_url, creds), indent=2) + "\n")
    environment_path.chmod(0o600)
    return collection_path, environment_path, source
