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
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from baselines import bench_bare, bench_prism  # noqa: E402
from harness import Load, Server, environment, http_post, measure, peak_rss_mb, start_sandbox, stop  # noqa: E402
from report import OPS, report  # noqa: E402
from seeding import count_customers, delete_bench_rows, sample_ids, seed_customers  # noqa: E402

RESULTS = HERE / "results"
LIST_QUERY = "filters=accountType:eq:BUSINESS&sort=name:asc&max=20"
# Bodies of the POSTs; "{n}" is unique per request (see wrk.lua). The e-mail prefix lets the
# runner delete these rows again, so each size is measured on exactly its seeded rows.
CREATE_BODY = '{"name":"Bench Customer {n}","email":"wrk-{n}@example.com","accountType":"BUSINESS"}'


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
