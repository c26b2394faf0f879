"""``bill-sandbox signup --env-file``: the new account's credentials as a Postman environment
that logs in, a developer's under BILL's guide's names, a partner's under the collection's."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bill_sandbox import cli
from bill_sandbox.accounts.bootstrap import read_environment
from bill_sandbox.app import create_app
from bill_sandbox.settings import Settings

pytestmark = pytest.mark.inprocess


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILL_SANDBOX_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("BILL_SANDBOX_ARGON2_MEMORY_KIB", "1024")


def _signup(tmp_path: Path, *args: str) -> tuple[dict[str, str], dict[str, str]]:
    out = tmp_path / f"env{len(list(tmp_path.glob('env*')))}.json"
    result = CliRunner().invoke(
        cli.app, ["signup", "--json", "--env-file", str(out), "--data-dir", str(tmp_path / "data"), *args]
    )
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # it holds a password
    return json.loads(result.output), read_environment(out)


def test_signup_writes_an_environment_file_that_logs_in(tmp_path: Path) -> None:
    printed, env = _signup(tmp_path, "--username", "env-file@example.com")
    assert {k: env[k] for k in ("username", "password", "devKey", "orgId")} == {
        "username": printed["username"],
        "password": printed["password"],
        "devKey": printed["devKey"],
        "orgId": printed["organizationId"],
    }
    partner, partner_env = _signup(tmp_path, "--partner")
    assert partner_env == {
        "baseUrl": partner["baseUrl"],
        "partnerUsername": partner["username"],
        "partnerPassword": partner["password"],
        "partnerAppKey": partner["appKey"],
    }
    settings = Settings(data_dir=tmp_path / "data", background=False)
    with TestClient(create_app(settings)) as client:
        login = {"username": env["username"], "password": env["password"], "organizationId": env["orgId"]}
        r = client.post("/connect/v3/login", json={**login, "devKey": env["devKey"]})
        assert r.status_code == 200, r.text
        body = {
            "username": partner_env["partnerUsername"],
            "password": partner_env["partnerPassword"],
            "appKey": partner_env["partnerAppKey"],
        }
        r = client.post("/connect/v3/partner/login", json=body)
        assert r.status_code == 200, r.text


def test_an_env_file_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli.app, ["signup", "--env-file", str(tmp_path), "--data-dir", str(tmp_path / "data")]
    )
    assert result.exit_code == 1
    assert f"Cannot write {tmp_path}" in result.output and "the account was created" in result.output
