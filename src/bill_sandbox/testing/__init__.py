"""Helpers for test suites (yours and ours): a real bill-sandbox server on a free port.

from bill_sandbox.testing import LiveServer

with LiveServer() as server:
    creds = server.credentials        # baseUrl, username, password, devKey, orgId
    httpx.post(server.base_url + "/v3/login", json=server.login_body())
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

__all__ = ["LiveServer", "free_port"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LiveServer:
    """``bill-sandbox serve`` in a subprocess on 127.0.0.1 and a free port."""

    def __init__(
        self,
        data_dir: Path | str | None = None,
        port: int | None = None,
        database_url: str | None = None,
        extra_args: list[str] | None = None,
        env: dict[str, str] | None = None,
        startup_timeout: float = 20.0,
    ) -> None:
        self._tmp = None if data_dir else tempfile.TemporaryDirectory(prefix="bill-sandbox-")
        self.data_dir = Path(data_dir) if data_dir else Path(self._tmp.name)  # type: ignore[union-attr]
        self.port = port or free_port()
        self.database_url = database_url
        self.extra_args = extra_args or []
        self.env = env or {}
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Any = None
        self.startup_seconds = 0.0

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return self.origin + "/connect"

    def command(self) -> list[str]:
        cmd = [
            sys.executable,
            "-m",
            "bill_sandbox.cli",
            "serve",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
        ]
        if self.database_url:
            cmd += ["--database-url", self.database_url]
        return cmd + self.extra_args

    def start(self) -> LiveServer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BILL_SANDBOX_")}
        env.update(self.env)
        self._log = open(self.data_dir / "server.log", "ab")  # noqa: SIM115  (closed in stop())
        began = time.perf_counter()
        self.process = subprocess.Popen(self.command(), stdout=self._log, stderr=subprocess.STDOUT, env=env)
        deadline = began + self.startup_timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"bill-sandbox exited with {self.process.returncode}: {self.log()}")
            try:
                if httpx.get(self.base_url + "/v3/health", timeout=0.5).status_code == 200:
                    self.startup_seconds = time.perf_counter() - began
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"bill-sandbox did not become healthy: {self.log()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def restart(self) -> LiveServer:
        self.stop()
        return self.start()

    def log(self) -> str:
        path = self.data_dir / "server.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    @property
    def credentials(self) -> dict[str, str]:
        """The Postman environment the server wrote: baseUrl, username, password, devKey, orgId."""
        data = json.loads((self.data_dir / "postman_environment.json").read_text())
        return {v["key"]: v["value"] for v in data["values"]}

    def login_body(self) -> dict[str, Any]:
        c = self.credentials
        return {
            "username": c["username"],
            "password": c["password"],
            "organizationId": c["orgId"],
            "devKey": c["devKey"],
        }

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
