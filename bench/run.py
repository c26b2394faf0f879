"""``make bench``: benchmark a live ``bill-sandbox serve`` process on loopback.

For each data size (customers in one organization) it reports, per worker:

- cold start: spawn to the first 200 from ``GET /connect/v3/health`` (median of 3 starts on an
  existing database; the first start on an empty database separately);
- req/s, p50 and p99 under ``wrk -t2 -c10 --latency`` for login, create customer, get customer
  by id and a filtered, sorted list page (max=20);
- peak memory (VmHWM) of the server process after the runs.

In the same run it measures a bare ASGI app under the same uvicorn settings (the ceiling) and,
when ``npx`` works, Prism mocking BILL's webhooks spec, and prints our ratios to both, so that
numbers from a noisy machine still mean something. Results go to bench/results/*.json.

    .venv/bin/python bench/run.py [--quick] [--duration S] [--sizes 10000,1000000] [--json PATH]

Timing is never pass/fail: this prints numbers, it does not judge them.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from seeding import count_customers, delete_bench_rows, sample_ids, seed_customers  # noqa: E402

VENV_BIN = Path(sys.executable).parent
SPEC = ROOT.parent / "shared" / "bill-v3" / "connect-events-openapi.json"
PRISM_VERSION = "5.16.0"
PRISM_DIR = HERE / ".prism"
RESULTS = HERE / "results"
WRK_LUA = HERE / "wrk.lua"
LIST_QUERY = "filters=accountType:eq:BUSINESS&sort=name:asc&max=20"
# Bodies of the POSTs; "{n}" is unique per request (see wrk.lua). The e-mail prefix lets the
# runner delete these rows again, so each size is measured on exactly its seeded rows.
CREATE_BODY = '{"name":"Bench Customer {n}","email":"wrk-{n}@example.com","accountType":"BUSINESS"}'
OPS = ("login", "create", "get", "list")
OP_TITLES = {
    "login": "login   POST /v3/login",
    "create": "create  POST /v3/customers",
    "get": "get     GET /v3/customers/{id}",
    "list": "list    GET /v3/customers?filters&sort",
}


# ------------------------------------------------------------------------------ processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env() -> dict[str, str]:
    """The caller's environment without BILL_SANDBOX_* (a stray database URL would be used)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("BILL_SANDBOX_")}


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


# ------------------------------------------------------------------------------ sandbox


def login(port: int, creds: dict[str, str]) -> str:
    status, body = http_post(port, "/connect/v3/login", login_body(creds))
    if status != 200:
        raise RuntimeError(f"login failed: {status} {body}")
    return str(body["sessionId"])


def login_body(creds: dict[str, str]) -> dict[str, str]:
    return {
        "username": creds["username"],
        "password": creds["password"],
        "organizationId": creds["orgId"],
        "devKey": creds["devKey"],
    }


def bench_size(work: Path, data_dir: Path, size: int, args: argparse.Namespace, say: Any) -> dict[str, Any]:
    url = f"sqlite:///{(data_dir / 'sandbox.db').resolve()}"
    creds = environment(data_dir)
    org = creds["orgId"]
    deleted = delete_bench_rows(url, org)
    have = count_customers_url(url, org)
    if have < size:
        say(f"seeding {size - have:,} customers (have {have:,}) ...")
        t0 = time.perf_counter()
        seed_customers(url, org, size - have, start=have)
        say(f"  seeded in {time.perf_counter() - t0:.1f} s")
    elif have > size:
        raise SystemExit(f"{data_dir} holds {have:,} customers (> {size:,}); remove it")
    ids = sample_ids(url, org, 1000)
    ids_file = work / f"ids-{size}.txt"
    ids_file.write_text("".join(f"/connect/v3/customers/{i}\n" for i in ids))

    starts: list[float] = []
    server: Server | None = None
    try:
        for n in range(3):
            server = start_sandbox(data_dir, work)
            starts.append(server.cold_start)
            if n < 2:
                stop(server.proc)
        assert server is not None
        session = login(server.port, creds)
        auth = {"BENCH_DEVKEY": creds["devKey"], "BENCH_SESSION": session}
        plan: dict[str, dict[str, str]] = {
            "get": {**auth, "BENCH_PATHS": str(ids_file)},
            "list": {**auth, "BENCH_PATH": f"/connect/v3/customers?{LIST_QUERY}"},
            "create": {
                **auth,
                "BENCH_METHOD": "POST",
                "BENCH_PATH": "/connect/v3/customers",
                "BENCH_BODY": CREATE_BODY,
            },
            "login": {
                "BENCH_METHOD": "POST",
                "BENCH_PATH": "/connect/v3/login",
                "BENCH_BODY": json.dumps(login_body(creds)),
            },
        }
        loads: dict[str, Load] = {}
        rss_after: dict[str, float | None] = {"start": peak_rss_mb(server.pid)}
        for op in ("get", "list", "create", "login"):  # create last but one: it adds rows
            say(f"  {size:>9,}  {op:6}  wrk {args.duration:g} s ...")
            loads[op] = measure(server.port, args.duration, args.warmup, plan[op], server.pid)
            rss_after[op] = peak_rss_mb(server.pid)
            if loads[op].errors:
                say(f"  [red]{op}: {loads[op].errors} errors[/red] {loads[op].raw}")
        rss = peak_rss_mb(server.pid)
    finally:
        if server is not None:
            stop(server.proc)
    return {
        "size": size,
        "removed_bench_rows_before": deleted,
        "cold_start_s": {"median": statistics.median(starts), "runs": starts},
        "peak_rss_mb": rss,
        "peak_rss_mb_after": rss_after,
        "ops": {op: loads[op].as_json() for op in OPS},
    }


def count_customers_url(url: str, org: str) -> int:
    from bill_sandbox.db import Database

    db = Database(url)
    try:
        return count_customers(db, org)
    finally:
        db.close()


# ---------------------------------------------------------------------------- baselines


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


def bench_extra_payments(args: argparse.Namespace, say: Any) -> dict[str, Any] | None:
    """bench/payments.py (create-payment throughput, clock advance over scheduled payments),
    owned by the payments resource; it prints its own lines. Skipped if it cannot run."""
    try:
        import payments
    except Exception as exc:  # a resource in progress must not sink the whole report
        say(f"[yellow]payments benchmarks skipped: {exc}[/yellow]")
        return None
    try:
        result: dict[str, Any] = payments.bench_payments(say=say, quick=args.quick)
    except Exception as exc:
        say(f"[yellow]payments benchmarks failed: {exc!r}[/yellow]")
        return None
    return result


# -------------------------------------------------------------------------------- report


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def fmt_ratio(x: float | None, digits: int = 2) -> str:
    return f"{x:.{digits}f}×" if x is not None else "—"


def cpu(r: dict[str, Any]) -> str:
    v = r.get("server_cpu_us_per_request")
    return f"{v:,.0f}" if v is not None else "?"


def report(results: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    sizes = results["sizes"]
    bare = results.get("bare")
    prism = results.get("prism")
    bare_rps = bare["get"]["rps"] if bare else None
    prism_rps = prism["get"]["rps"] if prism else None

    t = Table(title=f"bill-sandbox, one worker, wrk -t2 -c10 -d{results['args']['duration']:g}s (loopback)")
    t.add_column("operation")
    t.add_column("customers", justify="right")
    t.add_column("req/s", justify="right")
    t.add_column("p50 ms", justify="right")
    t.add_column("p99 ms", justify="right")
    t.add_column("CPU µs/req", justify="right")
    t.add_column("errors", justify="right")
    t.add_column("÷ bare ASGI", justify="right")
    t.add_column("÷ Prism", justify="right")
    for op in OPS:
        for s in sizes:
            r = s["ops"][op]
            t.add_row(
                OP_TITLES[op],
                f"{s['size']:,}",
                f"{r['rps']:,.0f}",
                f"{r['p50_ms']:.2f}",
                f"{r['p99_ms']:.2f}",
                cpu(r),
                str(r["errors"]) if r["errors"] else "",
                fmt_ratio(ratio(r["rps"], bare_rps), 3),
                fmt_ratio(ratio(r["rps"], prism_rps)),
            )
        t.add_section()
    for name, b in (("bare ASGI (constant JSON)", bare), (f"Prism {PRISM_VERSION} mock", prism)):
        if b:
            r = b["get"]
            t.add_row(
                name,
                "",
                f"{r['rps']:,.0f}",
                f"{r['p50_ms']:.2f}",
                f"{r['p99_ms']:.2f}",
                cpu(r),
                str(r["errors"]) if r["errors"] else "",
                "",
                "",
            )
    console.print(t)

    t2 = Table(title="start-up and memory (per worker)")
    t2.add_column("process")
    t2.add_column("cold start s", justify="right")
    t2.add_column("peak RSS MB (VmHWM)", justify="right")
    t2.add_row("sandbox, first start, empty database", f"{results['empty_start_s']:.3f}", "")
    for s in sizes:
        cs = s["cold_start_s"]
        runs = ", ".join(f"{x:.3f}" for x in cs["runs"])
        rss = f"{s['peak_rss_mb']:.0f}" if s["peak_rss_mb"] else "?"
        t2.add_row(f"sandbox, {s['size']:,} customers (median of {runs})", f"{cs['median']:.3f}", rss)
    for name, b in (("bare ASGI", bare), ("Prism", prism)):
        if b:
            rss = f"{b['peak_rss_mb']:.0f}" if b["peak_rss_mb"] else "?"
            t2.add_row(name, f"{b['cold_start_s']:.3f}", rss)
    console.print(t2)

    pay = results.get("payments")
    if pay:
        cp, adv = pay.get("create_payment", {}), pay.get("advance", {})
        console.print(
            f"payments (bench/payments.py): POST /v3/payments {cp.get('rps')} req/s, "
            f"p50 {cp.get('p50_ms')} ms, p99 {cp.get('p99_ms')} ms; "
            f"clock advance clears {adv.get('scheduled_payments')} payments in "
            f"{adv.get('clear_all_s')} s ({adv.get('nothing_due_ms')} ms when nothing is due)"
        )

    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        t3 = Table(title=f"cost versus data size: {hi['size']:,} ÷ {lo['size']:,} customers")
        t3.add_column("operation")
        t3.add_column("req/s ratio", justify="right")
        t3.add_column("p50 ratio", justify="right")
        for op in OPS:
            a, b = lo["ops"][op], hi["ops"][op]
            t3.add_row(op, fmt_ratio(ratio(b["rps"], a["rps"])), fmt_ratio(ratio(b["p50_ms"], a["p50_ms"])))
        console.print(t3)


def git_rev() -> str | None:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def main(argv: list[str] | None = None) -> int:
    from rich.console import Console

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="10k customers only, short runs (a smoke run)")
    p.add_argument("--duration", type=float, help="seconds per wrk run (default 10; 3 with --quick)")
    p.add_argument("--warmup", type=float, help="seconds of wrk warm-up before each run (default 1)")
    p.add_argument("--sizes", help="customer counts, comma-separated (default 10000,1000000)")
    p.add_argument("--json", type=Path, help="write the results here (default bench/results/<time>.json)")
    p.add_argument(
        "--data-dir", type=Path, help="keep the seeded databases here (one per size) and reuse them next time"
    )
    p.add_argument("--no-baselines", action="store_true", help="skip the bare ASGI and Prism runs")
    p.add_argument(
        "--no-payments", action="store_true", help="skip the payments benchmarks (bench/payments.py)"
    )
    args = p.parse_args(argv)
    args.duration = args.duration or (3.0 if args.quick else 10.0)
    args.warmup = 1.0 if args.warmup is None else args.warmup
    sizes = sorted(int(x) for x in (args.sizes or ("10000" if args.quick else "10000,1000000")).split(","))

    console = Console(width=None if sys.stdout.isatty() else 120)
    say = console.print
    if not shutil.which("wrk"):
        say("[red]wrk not found[/red]: apt-get install -y wrk (make bench installs it)")
        return 2
    t_start = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bill-bench-"))
    data_root = (args.data_dir or work).resolve()
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "git": git_rev(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "args": {
            "duration": args.duration,
            "warmup": args.warmup,
            "sizes": sizes,
            "threads": 2,
            "connections": 10,
        },
    }
    try:
        server = start_sandbox(work / "empty", work)  # migrates, creates the default account
        stop(server.proc)
        results["empty_start_s"] = server.cold_start
        say(f"first start on an empty database: {server.cold_start:.3f} s")
        results["sizes"] = []
        for size in sizes:
            size_dir = data_root / f"customers-{size}"
            if not (size_dir / "postman_environment.json").exists():
                size_dir.mkdir(parents=True, exist_ok=True)
                stop(start_sandbox(size_dir, work).proc)
            results["sizes"].append(bench_size(work, size_dir, size, args, say))
        if not args.no_baselines:
            say("baseline: bare ASGI ...")
            results["bare"] = bench_bare(work, args)
            say("baseline: Prism ...")
            results["prism"] = bench_prism(work, args, say)
        if not args.no_payments:
            results["payments"] = bench_extra_payments(args, say)
        try:  # bench/bills.py prints its own table; as for payments, a failure must not sink the report
            results["bills"] = __import__("bills").bench_bills(say, quick=args.quick)
        except Exception as exc:
            say(f"[yellow]bills benchmarks failed: {exc!r}[/yellow]")
        try:  # bench/invoices.py: create an invoice with 10 lines, one customer's open invoices
            results["invoices"] = __import__("invoices").bench_invoices(say, quick=args.quick)
        except Exception as exc:
            say(f"[yellow]invoices benchmarks failed: {exc!r}[/yellow]")
        try:  # bench/events.py: webhook deliveries per second, commit -> delivery delay
            results["events"] = __import__("events").bench_events(say, quick=args.quick)
        except Exception as exc:
            say(f"[yellow]events benchmarks failed: {exc!r}[/yellow]")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["elapsed_s"] = round(time.perf_counter() - t_start, 1)

    report(results, console)
    RESULTS.mkdir(exist_ok=True)
    out = args.json or RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    say(f"results: {out}  (whole run {results['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
