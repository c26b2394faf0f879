"""End-to-end fixtures: real ``bill-sandbox serve`` processes and the Node tools that drive them.

``live_server`` is a factory: ``server = live_server()`` starts ``bill-sandbox serve`` on a free
loopback port with a fresh data dir (or the one given), waits for ``GET /connect/v3/health``
and returns a ``bill_sandbox.testing.LiveServer``. Every server is stopped at teardown.

``node_tools`` / ``chromium`` skip the test when Node or Chromium are not on this machine (and
fail instead under CI, where ``make e2e-deps`` must have installed them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bill_sandbox.testing import LiveServer

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("BILL_SANDBOX_CHROMIUM", "/usr/bin/chromium")
START_TIMEOUT = 60.0

# Fast password hashing: these servers are throwaway.
SERVER_ENV = {"BILL_SANDBOX_ARGON2_TIME_COST": "1", "BILL_SANDBOX_ARGON2_MEMORY_KIB": "1024"}


def unavailable(reason: str) -> None:
    """Skip, except under CI, where the bootstrap must have installed everything."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI runs `make e2e-deps` first: the bootstrap did not work)")
    pytest.skip(f"{reason}; run `make e2e-deps` to install it")


@pytest.fixture
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., LiveServer]]:
    """Factory: ``live_server(data_dir=None, database_url=None, args=(), env=None)`` -> a started
    ``bill_sandbox.testing.LiveServer`` (``base_url`` = .../connect, ``origin``, ``data_dir``,
    ``credentials``, ``login_body()``, ``restart()``, ``stop()``, ``log()``); all stopped at teardown."""
    servers: list[LiveServer] = []

    def start(
        data_dir: Path | None = None,
        database_url: str | None = None,
        args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
    ) -> LiveServer:
        server = LiveServer(
            data_dir=data_dir or tmp_path_factory.mktemp("live"),
            database_url=database_url,
            extra_args=list(args),
            env={**SERVER_ENV, **(env or {})},
            startup_timeout=START_TIMEOUT,
        )
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@dataclass(frozen=True)
class NodeTools:
    node: str
    node_modules: Path

    def bin(self, package: str, script: str) -> list[str]:
        return [self.node, str(self.node_modules / package / script)]

    def run(
        self,
        args: list[str],
        timeout: float = 300,
        cwd: Path | None = None,
        env_extra: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NODE_PATH": str(self.node_modules), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
        env.update(env_extra or {})
        return subprocess.run(
            args, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd, check=False
        )


@pytest.fixture(scope="session")
def node_tools() -> NodeTools:
    node = shutil.which("node")
    if node is None:
        unavailable("node is not installed")
    assert node is not None
    for package in ("newman", "openapi-to-postmanv2", "playwright-core"):
        if not (NODE_MODULES / package / "package.json").is_file():
            unavailable(f"npm package {package} is not in {NODE_MODULES}")
    return NodeTools(node, NODE_MODULES)


@pytest.fixture(scope="session")
def chromium() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"Chromium is not installed at {CHROMIUM}")
    return CHROMIUM


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
