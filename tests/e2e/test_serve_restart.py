"""A real `bill-sandbox serve` process: credentials it wrote work, data survives a restart."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from bill_sandbox.testing import LiveServer

pytestmark = pytest.mark.e2e


def test_login_create_restart_and_find_again(tmp_path: Path) -> None:
    with LiveServer(data_dir=tmp_path) as server:
        first_creds = server.credentials
        assert first_creds["baseUrl"] == server.base_url
        login = httpx.post(server.base_url + "/v3/login", json=server.login_body())
        assert login.status_code == 200, login.text
        headers = {"devKey": first_creds["devKey"], "sessionId": login.json()["sessionId"]}
        created = httpx.post(
            server.base_url + "/v3/customers",
            headers=headers,
            json={"name": "Survivor", "email": "survivor@example.com"},
        )
        assert created.status_code == 201, created.text
        customer = created.json()

        server.restart()

        assert server.credentials == first_creds  # same account, same password
        again = httpx.get(f"{server.base_url}/v3/customers/{customer['id']}", headers=headers)
        assert again.status_code == 200, again.text  # the session survives too (it is in the DB)
        assert again.json() == customer
        relogin = httpx.post(server.base_url + "/v3/login", json=server.login_body())
        assert relogin.status_code == 200


def test_lost_environment_file_gets_a_new_password(tmp_path: Path) -> None:
    with LiveServer(data_dir=tmp_path) as server:
        old = server.credentials
        server.stop()
        (tmp_path / "postman_environment.json").unlink()
        server.start()
        new = server.credentials
        assert new["orgId"] == old["orgId"] and new["devKey"] == old["devKey"]
        assert new["password"] != old["password"]
        assert httpx.post(server.base_url + "/v3/login", json=server.login_body()).status_code == 200


@pytest.mark.skipif(not os.environ.get("BILL_SANDBOX_TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_serve_on_postgresql_with_two_workers(tmp_path: Path, pg_database: str) -> None:
    with LiveServer(data_dir=tmp_path, database_url=pg_database, extra_args=["--workers", "2"]) as server:
        c = server.credentials
        session = httpx.post(server.base_url + "/v3/login", json=server.login_body()).json()["sessionId"]
        headers = {"devKey": c["devKey"], "sessionId": session}
        ids = []
        with httpx.Client(headers=headers) as client:  # requests spread over both workers
            for i in range(20):
                r = client.post(
                    server.base_url + "/v3/customers", json={"name": f"W{i}", "email": "w@ex.com"}
                )
                assert r.status_code == 201, r.text
                ids.append(r.json()["id"])
            listed = client.get(server.base_url + "/v3/customers", params={"max": 100}).json()["results"]
        assert sorted(x["id"] for x in listed) == sorted(ids)


def test_a_second_serve_on_a_taken_port_says_so_and_writes_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys

    with LiveServer(data_dir=tmp_path) as server:
        env_file = tmp_path / "postman_environment.json"
        before = env_file.read_bytes()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "bill_sandbox.cli",
                "serve",
                "--port",
                str(server.port),
                "--data-dir",
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={k: v for k, v in os.environ.items() if not k.startswith("BILL_SANDBOX_")},
        )
        assert result.returncode != 0
        assert f"Port {server.port}" in result.stderr and "--port" in result.stderr
        assert "devKey" not in result.stdout  # no credentials printed
        assert env_file.read_bytes() == before
