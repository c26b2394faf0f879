"""BILL's Postman guide end to end, with Postman's own tools against a live server.

1. ``bill-sandbox postman`` exports the collection (Postman's converter on our spec) and the
   environment; newman runs API login, Create a customer and Get customer details with it.
2. Postman's converter (``openapi2postmanv2``, what File > Import runs) on the live
   ``/connect/openapi.json`` makes "Connect API" with v3 > login > API login and
   v3 > customers > Create a customer, on ``{{baseUrl}}``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bill_sandbox.testing import LiveServer

from .conftest import NodeTools

pytestmark = pytest.mark.e2e

GUIDE_REQUESTS = ["API login", "Create a customer", "Get customer details"]


def find(items: list[dict[str, Any]], *names: str) -> dict[str, Any]:
    """The item at folder path ``names`` (``find(items, "v3", "login", "API login")``)."""
    current: dict[str, Any] = {"item": items}
    for name in names:
        matches = [i for i in current.get("item", []) if i.get("name") == name]
        assert matches, f"no {name!r} in {[i.get('name') for i in current.get('item', [])]}"
        current = matches[0]
    return current


def body_json(execution: dict[str, Any]) -> Any:
    stream = execution["response"]["stream"]
    data = bytes(stream["data"]) if isinstance(stream, dict) else str(stream).encode()
    return json.loads(data)


def export(server: LiveServer, out: Path) -> tuple[Path, Path]:
    cmd = [sys.executable, "-m", "bill_sandbox.cli", "postman", "--out", str(out)]
    cmd += ["--data-dir", str(server.data_dir)]  # --base-url defaults to the one serve wrote there
    env = {k: v for k, v in os.environ.items() if not k.startswith("BILL_SANDBOX_")}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    collection = out / "bill-sandbox.postman_collection.json"
    environment = out / "bill-sandbox.postman_environment.json"
    assert collection.is_file() and environment.is_file(), proc.stdout
    return collection, environment


def test_guide_flow_with_newman(
    live_server: Callable[..., LiveServer], node_tools: NodeTools, tmp_path: Path
) -> None:
    server = live_server()
    collection_path, environment_path = export(server, tmp_path / "postman")

    collection = json.loads(collection_path.read_text())
    assert collection["info"]["name"] == "Connect API"
    login = find(collection["item"], "v3", "login", "API login")
    scripts = ["\n".join(e["script"]["exec"]) for e in login.get("event", []) if e["listen"] == "test"]
    assert any('pm.environment.set("sessionId"' in s for s in scripts), scripts
    environment = {v["key"]: v["value"] for v in json.loads(environment_path.read_text())["values"]}
    assert environment == server.credentials
    # The partner account and the second organization serve created for the whole collection.
    assert environment["partnerAppKey"].startswith("sbx-app-") and environment["partnerPassword"]
    assert environment["networkId"].startswith("008") and environment["networkId"] != environment["orgId"]
    assert environment["baseUrl"] == server.base_url
    assert {"key": "baseUrl", "value": server.base_url} in collection["variable"]

    report = tmp_path / "newman.json"
    exported_env = tmp_path / "environment-after.json"
    args = [*node_tools.bin("newman", "bin/newman.js"), "run", str(collection_path)]
    args += ["-e", str(environment_path), "--reporters", "cli,json"]
    args += ["--reporter-json-export", str(report), "--export-environment", str(exported_env)]
    for name in GUIDE_REQUESTS:
        args += ["--folder", name]
    proc = node_tools.run(args)
    assert proc.returncode == 0, proc.stdout + proc.stderr + server.log()

    executions = json.loads(report.read_text())["run"]["executions"]
    assert [(e["item"]["name"], e["response"]["code"]) for e in executions] == [
        ("API login", 200),
        ("Create a customer", 201),
        ("Get customer details", 200),
    ]
    created = body_json(executions[1])
    assert created["id"].startswith("0cu")
    assert body_json(executions[2])["id"] == created["id"]

    # The session the login script saved works for anyone (httpx here).
    after = {v["key"]: v["value"] for v in json.loads(exported_env.read_text())["values"]}
    assert after["customerId"] == created["id"]
    headers = {"devKey": after["devKey"], "sessionId": after["sessionId"]}
    r = httpx.get(f"{server.base_url}/v3/customers/{created['id']}", headers=headers, timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == created["name"]


def test_postman_import_of_live_spec(
    live_server: Callable[..., LiveServer], node_tools: NodeTools, tmp_path: Path
) -> None:
    """What Postman's File > Import makes of /connect/openapi.json (converter defaults)."""
    server = live_server()
    spec = httpx.get(server.base_url + "/openapi.json", timeout=10).json()
    assert spec["servers"][0]["url"] == server.base_url
    spec_path = tmp_path / "openapi.json"
    spec_path.write_text(json.dumps(spec))
    out = tmp_path / "collection.json"
    proc = node_tools.run(
        [
            *node_tools.bin("openapi-to-postmanv2", "bin/openapi2postmanv2.js"),
            "-s",
            str(spec_path),
            "-o",
            str(out),
        ]
    )
    assert proc.returncode == 0 and out.is_file(), proc.stdout + proc.stderr

    collection = json.loads(out.read_text())
    assert collection["info"]["name"] == "Connect API"
    assert {"key": "baseUrl", "value": server.base_url} in collection["variable"]
    login = find(collection["item"], "v3", "login", "API login")["request"]
    create = find(collection["item"], "v3", "customers", "Create a customer")["request"]
    for request in (login, create):
        assert request["url"]["host"] == ["{{baseUrl}}"]
    assert (login["method"], login["url"]["path"]) == ("POST", ["v3", "login"])
    assert (create["method"], create["url"]["path"]) == ("POST", ["v3", "customers"])

    # Requests are filled from the spec's schema defaults, as in BILL's guide.
    login_body = json.loads(login["body"]["raw"])
    assert {k: login_body[k] for k in ("username", "password", "organizationId", "devKey")} == {
        "username": "{{username}}",
        "password": "{{password}}",
        "organizationId": "{{orgId}}",
        "devKey": "{{devKey}}",
    }
    headers = {h["key"]: h["value"] for h in create["header"] if not h.get("disabled")}
    assert headers["devKey"] == "{{devKey}}"
    assert headers["sessionId"] == "{{sessionId}}"


def test_postman_without_the_converter_uses_the_packaged_collection(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from bill_sandbox import cli, postman

    monkeypatch.setattr(postman, "node_modules_candidates", lambda: iter([tmp_path / "node_modules"]))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.app, ["postman", "--out", str(out), "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    assert "shipped with the package" in result.output
    collection = json.loads((out / postman.COLLECTION_FILE).read_text())
    base_url = collection["variable"][0]["value"]
    assert collection == postman.finish(postman.packaged(), base_url)


def test_packaged_collection_is_what_the_converter_makes_now(node_tools: NodeTools, tmp_path: Path) -> None:
    """The collection shipped in the package is the converter's output for today's spec:
    run `make postman-collection` and commit the result when this fails."""
    from bill_sandbox import postman
    from bill_sandbox.settings import Settings

    fresh = postman.generate(Settings(data_dir=tmp_path, background=False))
    assert json.dumps(fresh, sort_keys=True) == json.dumps(postman.packaged(), sort_keys=True), (
        "src/bill_sandbox/postman/collection.json is stale: run `make postman-collection`"
    )


# Requests of the whole run that answer an error, and why (a request missing here must be 2xx).
# name -> (allowed statuses, reason)
EXPECTED_ERRORS: dict[str, tuple[set[int], str]] = {
    "Get check image data": ({400}, "BDC_1120: only a check that was sent has an image"),
    "Void a payment": ({400}, "the run cancelled the payment just before (a void needs a sent payment)"),
    "Approve or deny a bill": ({400}, "the run's bills were created before any approval policy existed"),
}
EXPECTED_ERRORS.update(
    {
        "Get billing statement details": (
            {404},
            "a new organization has no billing statement before its first month has passed",
        ),
        "Replace multiple credit memos": (
            {400},
            "BDC_1119: the run's credit memo is already applied to its invoice (169.98), and the "
            "example would replace it with 100",
        ),
    }
)


def _folders(items: list[dict[str, Any]], path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The folder path of every request, in collection order."""
    out: list[tuple[str, ...]] = []
    for item in items:
        if "item" in item:
            out += _folders(item["item"], (*path, str(item["name"])))
        else:
            out.append(path)
    return out


def test_whole_collection_runs_in_order_with_newman(
    live_server: Callable[..., LiveServer], node_tools: NodeTools, tmp_path: Path
) -> None:
    """newman runs the exported collection WHOLE (no --folder): login first, logout last, every
    request 2xx except the documented errors of EXPECTED_ERRORS. Partner, network, Spend &
    Expense and risk-verification requests too: the environment has the partner account and the
    second organization, and the "Sandbox setup" requests make what no Connect API call does.
    It runs twice against the same server: the second run must pass as the first did."""
    server = live_server()
    collection_path, environment_path = export(server, tmp_path / "postman")
    # Twice, with the same environment and server: a second run must not trip over the first
    # (unique values such as a new user's e-mail carry {{uniqueId}}).
    for run in (1, 2):
        _check_whole_run(
            server, node_tools, collection_path, environment_path, tmp_path / f"newman-{run}.json"
        )


def _check_whole_run(
    server: LiveServer, node_tools: NodeTools, collection_path: Path, environment_path: Path, report: Path
) -> None:
    args = [*node_tools.bin("newman", "bin/newman.js"), "run", str(collection_path)]
    args += ["-e", str(environment_path), "--reporters", "cli,json", "--reporter-json-export", str(report)]
    proc = node_tools.run(args, timeout=600)
    assert report.is_file(), proc.stdout + proc.stderr

    executions = json.loads(report.read_text())["run"]["executions"]
    # Keyed by item id: several folders have a request of the same name ("Create a user" for
    # organization users, partner users and Spend & Expense users).
    results: dict[str, tuple[str, int, str]] = {}
    order: list[str] = []
    for e in executions:
        item_id = e["item"]["id"]
        if item_id in results:  # a pm.sendRequest of the pre-request script (the MFA code)
            continue
        response = e.get("response") or {}
        body = bytes(response["stream"]["data"]).decode() if "stream" in response else ""
        results[item_id] = (e["item"]["name"], int(response.get("code", 0)), body[:300])
        order.append(item_id)
    collection = json.loads(collection_path.read_text())
    from bill_sandbox.postman import requests as all_requests

    names = [results[i][0] for i in order]
    assert names == [i["name"] for i in all_requests(collection["item"])]  # everything ran, in order
    assert names[0] == "API login" and names[-1] == "API logout"

    # Where each request sits, and the path it calls (a request of the last folder keeps its
    # family: /v3/spend/... is Spend & Expense wherever it runs).
    folders = {
        item_id: (*path, *map(str, (item["request"].get("url") or {}).get("path") or []))
        for item_id, path, item in zip(
            order, _folders(collection["item"]), all_requests(collection["item"]), strict=True
        )
    }
    unexpected = {
        f"{name} ({'/'.join(folders[item_id])})": (code, body)
        for item_id, (name, code, body) in results.items()
        if not 200 <= code < 300 and code not in EXPECTED_ERRORS.get(name, (set(), ""))[0]
    }
    assert not unexpected, json.dumps(unexpected, indent=1) + server.log()
    by_name = {name: code for name, code, _ in results.values()}
    # Each family ran: the partner's session, the network connection, S&E card activity.
    for name in ("API partner login", "Accept connection request", "Accept or reject a transaction"):
        assert 200 <= by_name[name] < 300, name
    assert [n for n in names if n.startswith("Sandbox setup: ")], names
    # An allowed error that now succeeds is fine, one whose request no longer exists must go.
    assert set(EXPECTED_ERRORS) <= set(by_name), set(EXPECTED_ERRORS) - set(by_name)
