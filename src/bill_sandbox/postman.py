"""``bill-sandbox postman``: a ready Postman collection and environment, like BILL's guide.

The collection is what Postman itself makes of our spec on File > Import: we run Postman's own
converter (npm ``openapi-to-postmanv2``, installed by ``make e2e-deps``) on
``/connect/openapi.json``, with folders by path (``v3 > login > API login``) and request bodies
from the spec's examples. Then we add what BILL's guide has you add by hand:

- a post-response script on API login that saves ``sessionId`` into the environment;
- on each create call (a POST beside a ``{fooId}`` folder) a script saving the new ``id`` as
  ``fooId``, and ``{{fooId}}`` as the value of every ``:fooId`` path variable, so "Get customer
  details" runs right after "Create a customer".
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bill_sandbox import openapi
from bill_sandbox.settings import Settings

if TYPE_CHECKING:
    from bill_sandbox.accounts.service import Credentials

CONVERTER = Path("openapi-to-postmanv2") / "bin" / "openapi2postmanv2.js"
COLLECTION_FILE = "bill-sandbox.postman_collection.json"
ENVIRONMENT_FILE = "bill-sandbox.postman_environment.json"

# Converter options: Postman's import defaults (folders by path, names from summaries), except
# that bodies come from the spec's examples and optional query parameters start disabled.
CONVERTER_OPTIONS: dict[str, Any] = {
    "folderStrategy": "Paths",
    "requestNameSource": "Fallback",
    "parametersResolution": "Example",
    "enableOptionalParameters": False,
}

LOGIN_SCRIPT = """\
pm.test("API login returns a session", function () {
    pm.response.to.have.status(200);
});
// Save the session: every other request sends the header sessionId: {{sessionId}}.
const body = pm.response.json();
if (body.sessionId) {
    pm.environment.set("sessionId", body.sessionId);
}
"""

SAVE_ID_SCRIPT = """\
// Save the new object's id for the requests under {%(var)s}.
if (pm.response.code === 201) {
    pm.environment.set("%(var)s", pm.response.json().id);
}
"""


class ToolsMissing(RuntimeError):
    """Node or the converter is not installed."""


def node_modules_candidates() -> Iterator[Path]:
    env = os.environ.get("BILL_SANDBOX_NODE_MODULES")
    if env:
        yield Path(env)
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        yield folder / "node_modules"
    # A checkout (editable install): <repo>/src/bill_sandbox/postman.py
    yield Path(__file__).resolve().parents[2] / "node_modules"


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


def _event(script: str) -> dict[str, Any]:
    return {"listen": "test", "script": {"type": "text/javascript", "exec": script.splitlines()}}


def _add_event(item: dict[str, Any], script: str) -> None:
    item.setdefault("event", []).append(_event(script))


def _path(request: dict[str, Any]) -> list[str]:
    url = request.get("url") or {}
    return [str(p) for p in url.get("path") or []] if isinstance(url, dict) else []


def finish(collection: dict[str, Any], base_url: str) -> dict[str, Any]:
    """Add the guide's scripts and variables to a converted collection (see the module doc)."""
    collection["variable"] = [v for v in collection.get("variable") or [] if v.get("key") != "baseUrl"]
    collection["variable"].insert(0, {"key": "baseUrl", "value": base_url})

    def walk(items: list[dict[str, Any]]) -> None:
        id_folders = [
            i["name"][1:-1]
            for i in items
            if "item" in i and i["name"].startswith("{") and i["name"].endswith("}")
        ]
        for item in items:
            if "item" in item:
                walk(item["item"])
                continue
            request = item.get("request") or {}
            path = _path(request)
            for variable in (request.get("url") or {}).get("variable") or []:
                variable["value"] = openapi.postman_variable(variable["key"])
            method = str(request.get("method", "")).upper()
            if method == "POST" and path[-2:] == ["v3", "login"]:
                _add_event(item, LOGIN_SCRIPT)
            elif method == "POST" and len(id_folders) == 1 and not any(p.startswith(":") for p in path):
                _add_event(item, SAVE_ID_SCRIPT % {"var": id_folders[0]})

    walk(collection.get("item") or [])
    return collection


def export(settings: Settings, out_dir: Path, base_url: str, creds: Credentials) -> tuple[Path, Path]:
    """Write the collection (for a server at ``base_url``) and ``creds``' environment into ``out_dir``."""
    from bill_sandbox.accounts.bootstrap import postman_environment

    base_url = base_url.rstrip("/")
    collection = finish(convert(connect_spec(settings, base_url)), base_url)
    out_dir.mkdir(parents=True, exist_ok=True)
    collection_path = out_dir / COLLECTION_FILE
    environment_path = out_dir / ENVIRONMENT_FILE
    collection_path.write_text(json.dumps(collection, indent=2) + "\n")
    environment_path.write_text(json.dumps(postman_environment(base_url, creds), indent=2) + "\n")
    environment_path.chmod(0o600)
    return collection_path, environment_path
