"""The same-run baselines of ``make bench``: a bare ASGI app under the same uvicorn settings
(the ceiling) and Prism mocking BILL's webhooks spec (a stateless mock to beat).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from harness import HERE, VENV_BIN, free_port, http_get, measure, peak_rss_mb, running

ROOT = HERE.parent
SPEC = ROOT.parent / "shared" / "bill-v3" / "connect-events-openapi.json"
PRISM_VERSION = "5.16.0"
PRISM_DIR = HERE / ".prism"


def bench_bare(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    port = free_port()
    cmd = [
        str(VENV_BIN / "python"),
        "-m",
        "uvicorn",
        "bare_asgi:app",
        "--app-dir",
        str(HERE),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    with running(cmd, port, "/", work / "bare.log") as srv:
        env = {
            "BENCH_PATH": "/connect/v3/customers/0cu02BU42CHBD5H1mjhe",
            "BENCH_DEVKEY": "k",
            "BENCH_SESSION": "s",
        }
        load = measure(port, args.duration, args.warmup, env, srv.pid)
        rss = peak_rss_mb(srv.pid)
    return {"cold_start_s": srv.cold_start, "peak_rss_mb": rss, "get": load.as_json()}


def prism_bin(say: Any) -> Path | None:
    """Prism, pinned, installed into bench/.prism (gitignored) on first use."""
    exe = PRISM_DIR / "node_modules" / ".bin" / "prism"
    pkg = PRISM_DIR / "node_modules" / "@stoplight" / "prism-cli" / "package.json"
    if exe.exists() and pkg.exists() and json.loads(pkg.read_text()).get("version") == PRISM_VERSION:
        return exe
    if not SPEC.exists():
        say(f"[yellow]Prism skipped: {SPEC} not found[/yellow]")
        return None
    npx, npm = shutil.which("npx"), shutil.which("npm")
    if not npx or not npm:
        say("[yellow]Prism skipped: npx/npm not found[/yellow]")
        return None
    try:
        subprocess.run([npx, "--version"], capture_output=True, check=True, timeout=60)
        say(f"installing @stoplight/prism-cli@{PRISM_VERSION} into {PRISM_DIR} ...")
        PRISM_DIR.mkdir(exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(PRISM_DIR),
                "--save-exact",
                "--no-audit",
                "--no-fund",
                f"@stoplight/prism-cli@{PRISM_VERSION}",
            ],
            capture_output=True,
            check=True,
            timeout=600,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        say(f"[yellow]Prism skipped: install failed ({exc})[/yellow]")
        return None
    return exe if exe.exists() else None


def bench_prism(work: Path, args: argparse.Namespace, say: Any) -> dict[str, Any] | None:
    if not SPEC.exists():
        say(f"[yellow]Prism skipped: {SPEC} not found[/yellow]")
        return None
    exe = prism_bin(say)
    if exe is None:
        return None
    port = free_port()
    cmd = [str(exe), "mock", "-h", "127.0.0.1", "-p", str(port), str(SPEC)]
    path = "/v3/subscriptions/sub01"
    try:
        with running(cmd, port, "/v3/health", work / "prism.log") as srv:
            env = {"BENCH_PATH": path, "BENCH_DEVKEY": "k", "BENCH_SESSION": "s"}
            status, _ = http_get(port, path, {"devKey": "k", "sessionId": "s"})
            if status != 200:
                say(f"[yellow]Prism answered {status} on GET {path}[/yellow]")
            load = measure(port, args.duration, args.warmup, env, srv.pid)
            rss = peak_rss_mb(srv.pid)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        say(f"[yellow]Prism skipped: {exc}[/yellow]")
        return None
    return {
        "version": PRISM_VERSION,
        "operation": f"GET {path}",
        "cold_start_s": srv.cold_start,
        "peak_rss_mb": rss,
        "get": load.as_json(),
    }
