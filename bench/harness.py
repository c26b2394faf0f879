"""The pieces every benchmark shares: processes on loopback, HTTP pokes, wrk runs.

``start_sandbox`` spawns ``bill-sandbox serve`` and times its cold start (spawn to the first 200
from ``GET /connect/v3/health``); ``measure`` runs wrk (bench/wrk.lua) against a port and reads
the server's CPU time per request from /proc. bench/run.py and the per-resource benchmarks
(bills.py, invoices.py) import from here.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
WRK_LUA = HERE / "wrk.lua"


# ------------------------------------------------------------------------------ processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env() -> dict[str, str]:
    """The caller's environment without BILL_SANDBOX_* (a stray database URL would be used) and
    without PYTHONDONTWRITEBYTECODE: an installed package has its bytecode compiled, so a server
    that compiled all its sources on every start (~0.3 s here) would not measure a real start."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("BILL_SANDBOX_") and k != "PYTHONDONTWRITEBYTECODE"
    }


def http_get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def http_post(port: int, path: str, body: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        r = conn.getresponse()
        data = r.read()
        return r.status, json.loads(data) if data else None
    finally:
        conn.close()


def wait_ready(
    proc: subprocess.Popen[bytes], port: int, path: str, started: float, limit: float = 60
) -> float:
    """Poll ``path`` until it answers 200; return seconds since ``started``."""
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering {path}")
        try:
            status, _ = http_get(port, path)
            if status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        if time.perf_counter() - started > limit:
            raise RuntimeError(f"no 200 from {path} after {limit} s")
        time.sleep(0.005)


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM: the process's peak resident set, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    cold_start: float
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid


def start_sandbox(data_dir: Path, logs: Path) -> Server:
    port = free_port()
    log = logs / f"serve-{port}.log"
    cmd = [
        str(VENV_BIN / "bill-sandbox"),
        "serve",
        "--data-dir",
        str(data_dir),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=clean_env())
    try:
        elapsed = wait_ready(proc, port, "/connect/v3/health", started)
    except Exception:
        stop(proc)
        sys.stderr.write(log.read_text())
        raise
    return Server(proc, port, elapsed, log)


def environment(data_dir: Path) -> dict[str, str]:
    data = json.loads((data_dir / "postman_environment.json").read_text())
    return {v["key"]: v["value"] for v in data["values"]}


# ------------------------------------------------------------------------------------ wrk


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    raw: dict[str, Any] = field(repr=False)
    cpu_us: float | None = None  # server CPU time per request

    def as_json(self) -> dict[str, Any]:
        return {
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
            "requests": self.requests,
            "errors": self.errors,
            "server_cpu_us_per_request": round(self.cpu_us, 1) if self.cpu_us is not None else None,
            "wrk": self.raw,
        }


def run_wrk(port: int, duration: float, env: dict[str, str], threads: int = 2, conns: int = 10) -> Load:
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{conns}",
        f"-d{max(1, round(duration))}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(WRK_LUA),
        f"http://127.0.0.1:{port}",
    ]
    out = subprocess.run(cmd, env={**os.environ, **env}, capture_output=True, text=True, check=True).stdout
    line = next((x for x in out.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    errors = sum(v for k, v in data.items() if k.startswith("errors_"))
    return Load(
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        requests=data["requests"],
        errors=errors,
        raw=data,
    )


def measure(port: int, duration: float, warmup: float, env: dict[str, str], pid: int | None = None) -> Load:
    """A warm-up run, then the measured one (with the server's CPU time per request)."""
    if warmup > 0:
        run_wrk(port, warmup, env)
    before = cpu_seconds(pid) if pid else None
    load = run_wrk(port, duration, env)
    after = cpu_seconds(pid) if pid else None
    if before is not None and after is not None and load.requests:
        load.cpu_us = (after - before) / load.requests * 1e6
    return load


@contextlib.contextmanager
def running(
    cmd: list[str], port: int, ready_path: str, log: Path, cwd: Path | None = None
) -> Iterator[Server]:
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=clean_env(), cwd=cwd)
    try:
        elapsed = wait_ready(proc, port, ready_path, started)
        yield Server(proc, port, elapsed, log)
    finally:
        stop(proc)
