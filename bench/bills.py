"""Bills benchmarks (``make bench`` runs them after the payments ones; or on their own:
``.venv/bin/python bench/bills.py [--quick] [-v] [--data-dir DIR] [--json PATH]``).

Two organizations, each in its own SQLite database: one of 10,000 bills and one of 1,000,000
bills, 1,000 bills per vendor in both (10 and 1,000 vendors), so that a vendor's first page is
the same work in both and only the size of the organization changes. Against one
``bill-sandbox serve`` worker, under ``wrk -t2 -c10 --latency`` on loopback (bench/harness.py's
``measure``: a warm-up run, then the measured one), each prints req/s, p50 and p99:

- **list one vendor's bills**: ``GET /v3/bills?filters=vendorId:eq:<id>&max=20`` (default sort,
  createdTime), always the same vendor; then the same list for a random vendor of the
  organization on each request (the index pages are not all hot). The 1M ÷ 10k ratios must stay
  flat: the page is one range of the (org_id, vendor_id, created_time, id) index, which
  ``EXPLAIN QUERY PLAN`` of the SELECT the list code runs confirms (printed with ``-v``);
- **create a bill with 10 line items**: ``POST /v3/bills`` for an existing vendor (invoice numbers
  differ per request, although the sandbox does not require it).

Seeding: going through the bills service costs ~1.5 ms a bill (25 minutes for 1M). So, in one
transaction, the vendors are created through the vendors service and one bill per template
(1, 2 and 3 lines) through ``bills.service.create_bill``; every other bill is a clone of a
template's stored document (new bill and line ids, vendor, invoice, dates, line amounts, the
amounts the service derives from them, times), encoded and projected by the bills
``DocumentStore`` and inserted with ``executemany`` in chunks. The vendor balances (Σ dueAmount)
are then adjusted through ``vendors.service.adjust_balance``, as the service does per bill.

Timing is never pass/fail: this prints numbers.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from seeding import new_id  # noqa: E402

from bill_sandbox import clock, money  # noqa: E402
from bill_sandbox.accounts import service as accounts  # noqa: E402
from bill_sandbox.context import RequestContext  # noqa: E402
from bill_sandbox.db import Database  # noqa: E402
from bill_sandbox.listing import ListParams  # noqa: E402
from bill_sandbox.resources import registry  # noqa: E402

registry.install()  # reactions, rules and timers, as create_app wires them
from bill_sandbox.resources.bills import service as bills  # noqa: E402
from bill_sandbox.resources.bills.schemas import BillCreate  # noqa: E402
from bill_sandbox.resources.vendors import service as vendors  # noqa: E402
from bill_sandbox.resources.vendors.schemas import VendorCreate  # noqa: E402
from bill_sandbox.settings import Settings  # noqa: E402
from bill_sandbox.store import Doc  # noqa: E402
from bill_sandbox.testing import LiveServer  # noqa: E402

SIZES = (10_000, 1_000_000)
BILLS_PER_VENDOR = 1_000
TEMPLATE_LINES = (1, 2, 3)  # seeded bills have 1, 2 or 3 lines (one template each)
CREATE_LINES = 10
INDEX = "ix_bills_org_vendor_created_time"
SERVER_ENV = {"BILL_SANDBOX_ARGON2_TIME_COST": "1", "BILL_SANDBOX_ARGON2_MEMORY_KIB": "1024"}
SETTINGS = Settings.model_construct(argon2_time_cost=1, argon2_memory_kib=1024)
SEED_FILE = "bills-seed.json"
OPS = ("list", "list_random", "create")
OP_TITLES = {
    "list": "list    GET /v3/bills?filters=vendorId (one vendor)",
    "list_random": "list    GET /v3/bills?filters=vendorId (random vendor)",
    "create": f"create  POST /v3/bills ({CREATE_LINES} line items)",
}
ZERO = Decimal(0)
TITLE = max(len(t) for t in OP_TITLES.values())
RATIO_KEYS = (("req/s", "rps"), ("p50", "p50"), ("p99", "p99"))
WIDTHS = (10, 8, 8, 8, 10, 6)  # the report's numeric columns
# Invoice dates over 2026, due 30 days later: (invoiceDate, dueDate).
DATES = [
    (d.isoformat(), (d + timedelta(days=30)).isoformat())
    for d in (date(2026, 1, 1) + timedelta(days=n) for n in range(365))
]


# ------------------------------------------------------------------------------- bodies
def vendor_body(i: int) -> VendorCreate:
    return VendorCreate.model_validate(
        {
            "name": f"Bench Vendor {i:04d}",
            "email": f"ap{i}@vendor{i}.example.com",
            "accountType": "BUSINESS",
            "address": {
                "line1": f"{i + 1} Market St",
                "city": "San Francisco",
                "stateOrProvince": "CA",
                "zipOrPostalCode": "94105",
                "country": "US",
            },
            "paymentInformation": {"payeeName": f"Bench Vendor {i:04d}"},
        }
    )


def bill_body(vendor_id: str, invoice_number: str, lines: int) -> dict[str, Any]:
    """A create-bill request body with ``lines`` line items; half of them priced by
    quantity × price, the others by amount."""
    items: list[dict[str, Any]] = []
    for k in range(lines):
        if k % 2:
            items.append({"quantity": k + 1, "price": 12.5, "description": f"Item {k + 1}"})
        else:
            items.append({"amount": 100 + 7 * k + 0.25, "description": f"Service {k + 1}"})
    return {
        "vendorId": vendor_id,
        "dueDate": "2026-12-31",
        "invoice": {"invoiceNumber": invoice_number, "invoiceDate": "2026-12-01"},
        "description": "Bench bill",
        "billLineItems": items,
    }


# ------------------------------------------------------------------------------ seeding
def clone_bill(
    template: Doc, rnd: random.Random, i: int, vendor_id: str, vendor_name: str, created: str
) -> Doc:
    """A new bill like ``template`` (a stored document): new ids, vendor, invoice, dates and line
    amounts, and the amounts the service derives from them. Keys keep the template's order."""
    doc = dict(template)
    doc["id"] = new_id(rnd, bills.store.prefix)
    doc["vendorId"] = vendor_id
    doc["vendorName"] = vendor_name
    invoice_date, due_date = DATES[i % len(DATES)]
    doc["dueDate"] = due_date
    doc["invoice"] = {"invoiceDate": invoice_date, "invoiceNumber": f"INV-{i:07d}"}
    total = 0
    lines = []
    for line in template["billLineItems"]:
        cents = rnd.randrange(1_00, 5_000_00)
        total += cents
        new = {**line, "amount": money.to_json(money.from_cents(cents)), "id": new_id(rnd, bills.LINE_PREFIX)}
        new.pop("quantity", None)  # the amount is no longer quantity × price
        new.pop("price", None)
        lines.append(new)
    doc["billLineItems"] = lines
    bills._write_amounts(doc, bills.Amounts(money.from_cents(total), ZERO, ZERO, ZERO))
    doc["createdTime"] = doc["updatedTime"] = created
    return doc


def seed_bills(
    database_url: str,
    org_id: str,
    count: int,
    *,
    vendors_count: int | None = None,
    user_id: str = "",
    chunk: int = 5000,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Create ``vendors_count`` vendors (default: one per 1,000 bills) and ``count`` bills spread
    over them round-robin in ``org_id``, in one transaction. Returns the vendor ids."""
    n_vendors = vendors_count or max(1, count // BILLS_PER_VENDOR)
    db = Database(database_url)
    try:
        if db.sqlite:
            # A big cache keeps the id and index B-trees in memory while 1M rows go in.
            conn = db.connection()
            conn.exec_driver_sql("PRAGMA cache_size=-1000000")
            conn.commit()
        store, table = bills.store, bills.store.table
        with db.transaction() as tx:
            ctx = RequestContext(tx, org_id, user_id, "", True, SETTINGS)
            vendor_docs = [vendors.create_vendor(ctx, vendor_body(v)) for v in range(n_vendors)]
            vendor_ids = [str(v["id"]) for v in vendor_docs]
            names = [str(v["name"]) for v in vendor_docs]
            templates: list[Doc] = []
            for i, lines in enumerate(TEMPLATE_LINES[:count]):
                body = bill_body(vendor_ids[i % n_vendors], f"INV-{i:07d}", lines)
                created = bills.create_bill(ctx, BillCreate.model_validate(body))
                templates.append(store.get(ctx, created["id"]))  # as stored: with vendorName
            rnd = random.Random(seed)
            end = ctx.now
            due_cents = [0] * n_vendors
            batch: list[dict[str, Any]] = []
            for i in range(len(templates), count):
                v = i % n_vendors
                created_time = clock.iso(end - timedelta(milliseconds=count - i))
                doc = clone_bill(templates[i % len(templates)], rnd, i, vendor_ids[v], names[v], created_time)
                row = {"id": doc["id"], "org_id": org_id, "doc": store.encode(doc), **store._columns(doc)}
                due_cents[v] += row["due_cents"]
                batch.append(row)
                if len(batch) >= chunk:
                    tx.conn.execute(table.insert(), batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                tx.conn.execute(table.insert(), batch)
                if progress:
                    progress(len(batch))
            for v, cents in enumerate(due_cents):
                vendors.adjust_balance(ctx, vendor_ids[v], money.from_cents(cents))
        return {"org_id": org_id, "vendor_ids": vendor_ids, "bills": count}
    finally:
        db.close()


def count_bills(database_url: str, org_id: str, vendor_id: str | None = None) -> int:
    from sqlalchemy import func, select

    t = bills.store.table
    db = Database(database_url)
    try:
        q = select(func.count()).select_from(t).where(t.c.org_id == org_id)
        if vendor_id is not None:
            q = q.where(t.c.vendor_id == vendor_id)
        with db.transaction(write=False) as tx:
            return int(tx.conn.execute(q).scalar() or 0)
    finally:
        db.close()


def list_query_plan(database_url: str, org_id: str, vendor_id: str) -> tuple[str, list[str]]:
    """The SELECT that ``GET /v3/bills?filters=vendorId:eq:<id>&max=20`` runs (captured from the
    list code itself, values inlined by SQLite's trace) and its ``EXPLAIN QUERY PLAN``."""
    db = Database(database_url)
    try:
        with db.transaction(write=False) as tx:
            raw = tx.conn.connection.dbapi_connection
            assert raw is not None
            seen: list[str] = []
            raw.set_trace_callback(seen.append)
            try:
                ctx = RequestContext(tx, org_id, "", "", False, SETTINGS)
                bills.list_bills(ctx, ListParams(max="20", filters=f"vendorId:eq:{vendor_id}"))
            finally:
                raw.set_trace_callback(None)
            sql = next(s for s in seen if s.lstrip().upper().startswith("SELECT") and "FROM bills" in s)
            plan = [str(r[3]) for r in tx.conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
        return sql, plan
    finally:
        db.close()


def plan_ok(plan: list[str]) -> bool:
    """One range of the vendor index, no sort step."""
    return any(INDEX in step for step in plan) and not any("TEMP B-TREE" in step for step in plan)


# -------------------------------------------------------------------------- measurement
def prepare(data_dir: Path, size: int, say: Callable[[str], None]) -> dict[str, Any]:
    """A database in ``data_dir`` with an organization of ``size`` bills (reused if
    ``data_dir`` already holds one)."""
    url = f"sqlite:///{(data_dir / 'sandbox.db').resolve()}"
    marker = data_dir / SEED_FILE
    if marker.exists():
        info: dict[str, Any] = json.loads(marker.read_text())
        say(f"bills: reusing {info['bills']:,} seeded bills in {data_dir}")
        return {**info, "url": url, "seed_s": info.get("seed_s"), "reused": True}
    data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(url)
    try:
        db.migrate()
        with db.transaction() as tx:
            creds = accounts.signup(tx, SETTINGS, org_name=f"Bills Bench {size}")
    finally:
        db.close()
    say(f"bills: seeding {size:,} bills over {max(1, size // BILLS_PER_VENDOR):,} vendors ...")
    done = [0]
    t0 = time.perf_counter()

    def progress(n: int) -> None:
        before, done[0] = done[0], done[0] + n
        if before // 250_000 != done[0] // 250_000:
            say(f"bills:   {done[0]:>9,} rows ({time.perf_counter() - t0:.0f} s)")

    seeded = seed_bills(url, creds.organization_id, size, user_id=creds.user_id, progress=progress)
    seed_s = time.perf_counter() - t0
    say(f"bills:   seeded {size:,} bills in {seed_s:.1f} s ({size / seed_s:,.0f} bills/s)")
    info = {
        "bills": size,
        "vendor_ids": seeded["vendor_ids"],
        "seed_s": round(seed_s, 1),
        "creds": {
            "username": creds.username,
            "password": creds.password,
            "devKey": creds.dev_key,
            "organizationId": creds.organization_id,
            "userId": creds.user_id,
        },
    }
    marker.write_text(json.dumps(info))
    return {**info, "url": url, "reused": False}


def login(port: int, creds: dict[str, str]) -> dict[str, str]:
    body = {k: creds[k] for k in ("username", "password", "organizationId", "devKey")}
    r = httpx.post(f"http://127.0.0.1:{port}/connect/v3/login", json=body, timeout=30)
    r.raise_for_status()
    return {"BENCH_DEVKEY": creds["devKey"], "BENCH_SESSION": str(r.json()["sessionId"])}


def list_path(vendor_id: str) -> str:
    return f"/connect/v3/bills?filters=vendorId:eq:{vendor_id}&max=20"


def bench_size(
    data_dir: Path, size: int, duration: float, warmup: float, say: Callable[[str], None], verbose: bool
) -> dict[str, Any]:
    from harness import measure, peak_rss_mb  # bench/harness.py: the wrk runner

    info = prepare(data_dir, size, say)
    url, creds, vendor_ids = info["url"], info["creds"], info["vendor_ids"]
    org = creds["organizationId"]
    listed, creator = vendor_ids[len(vendor_ids) // 2], vendor_ids[-1]
    have, per_vendor = count_bills(url, org), count_bills(url, org, listed)
    sql, plan = list_query_plan(url, org, listed)
    say(
        f"bills: {have:,} bills; query plan: {' / '.join(plan)}"
        + ("" if plan_ok(plan) else "  (NOT the index)")
    )
    if verbose:
        say(f"bills:   {' '.join(sql.split())}")

    paths = data_dir / "vendor-lists.txt"
    paths.write_text("".join(list_path(v) + "\n" for v in vendor_ids))
    create_body = json.dumps(bill_body(creator, "WRK-{n}", CREATE_LINES))
    server = LiveServer(data_dir=data_dir, extra_args=["--workers", "1"], env=SERVER_ENV, startup_timeout=120)
    server.start()
    try:
        assert server.process is not None
        pid = server.process.pid
        auth = login(server.port, creds)
        headers = {"devKey": auth["BENCH_DEVKEY"], "sessionId": auth["BENCH_SESSION"]}
        r = httpx.get(server.origin + list_path(listed), headers=headers, timeout=30)
        page = r.json().get("results", [])
        if r.status_code != 200 or len(page) != 20 or {b["vendorId"] for b in page} != {listed}:
            raise RuntimeError(f"GET {list_path(listed)} answered {r.status_code}: {r.text[:300]}")
        plans: dict[str, dict[str, str]] = {
            "list": {**auth, "BENCH_PATH": list_path(listed)},
            "list_random": {**auth, "BENCH_PATHS": str(paths)},
            "create": {
                **auth,
                "BENCH_METHOD": "POST",
                "BENCH_PATH": "/connect/v3/bills",
                "BENCH_BODY": create_body,
            },
        }
        ops: dict[str, Any] = {}
        for op in OPS:  # create last: it adds bills
            say(f"bills: {size:>9,}  {op:11}  wrk {duration:g} s ...")
            load = measure(server.port, duration, warmup, plans[op], pid)
            ops[op] = load.as_json()
            if load.errors:
                say(f"bills:   {op}: {load.errors} errors {load.raw}")
        rss = peak_rss_mb(pid)
    finally:
        server.stop()
    return {
        "size": size,
        "bills_in_org_before_runs": have,
        "vendors": len(vendor_ids),
        "bills_of_listed_vendor": per_vendor,
        "seed_s": info["seed_s"],
        "seed_reused": info["reused"],
        "list_sql": sql,
        "query_plan": plan,
        "plan_uses_vendor_index": plan_ok(plan),
        "peak_rss_mb": rss,
        "ops": ops,
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def report(result: dict[str, Any], say: Callable[[str], None]) -> None:
    """A plain-text table (``say`` may be rich's console.print or print: no markup)."""
    sizes = result["sizes"]
    say(f"bills (bench/bills.py), one worker, wrk -t2 -c10 -d{result['duration']:g}s --latency (loopback)")
    head = ("bills", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "errors")
    say(f"{'operation':<{TITLE}} " + " ".join(f"{h:>{w}}" for h, w in zip(head, WIDTHS, strict=True)))
    for op in OPS:
        for s in sizes:
            r = s["ops"][op]
            cpu = r.get("server_cpu_us_per_request")
            say(
                f"{OP_TITLES[op]:<{TITLE}} {s['size']:>10,} {r['rps']:>8,.0f} {r['p50_ms']:>8.2f} "
                f"{r['p99_ms']:>8.2f} {(f'{cpu:,.0f}' if cpu is not None else '?'):>10} "
                f"{(r['errors'] or ''):>6}"
            )
    for op, x in result.get("ratios", {}).items():
        say(
            f"{OP_TITLES[op]:<{TITLE}} {x['of']:>10} "
            + ", ".join(f"{k} ×{x[v]:.2f}" if x[v] else f"{k} ?" for k, v in RATIO_KEYS)
            + " (flat: ×1)"
        )
    for s in sizes:
        seeded = f"seeded in {s['seed_s']} s" + (" (reused)" if s["seed_reused"] else "")
        say(
            f"{s['size']:>10,} bills over {s['vendors']:,} vendors ({s['bills_of_listed_vendor']:,} of the "
            f"listed vendor), {seeded}; query plan:"
        )
        for step in s["query_plan"]:
            say(f"{'':>12}{step}")


def bench_bills(
    say: Callable[[str], None] = print,
    quick: bool = False,
    *,
    verbose: bool = False,
    data_dir: Path | None = None,
) -> dict[str, Any]:
    """Every measurement for each size (10k only with ``quick``), then the table through ``say``.
    ``data_dir`` keeps the seeded databases (one per size) and reuses them next time."""
    sizes = SIZES[:1] if quick else SIZES
    duration, warmup = (3.0, 1.0) if quick else (10.0, 1.0)
    with tempfile.TemporaryDirectory(prefix="bill-bench-bills-") as tmp:
        root = (data_dir or Path(tmp)).resolve()
        results = [bench_size(root / f"bills-{n}", n, duration, warmup, say, verbose) for n in sizes]
    out: dict[str, Any] = {"duration": duration, "warmup": warmup, "sizes": results}
    if len(results) > 1:
        lo, hi = results[0], results[-1]
        out["ratios"] = {
            op: {
                "of": f"{hi['size'] // lo['size']:,}× bills",
                "rps": _ratio(hi["ops"][op]["rps"], lo["ops"][op]["rps"]),
                "p50": _ratio(hi["ops"][op]["p50_ms"], lo["ops"][op]["p50_ms"]),
                "p99": _ratio(hi["ops"][op]["p99_ms"], lo["ops"][op]["p99_ms"]),
            }
            for op in OPS
        }
    report(out, say)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="10k bills only, short runs")
    p.add_argument("-v", "--verbose", action="store_true", help="print the list's SQL too")
    p.add_argument("--data-dir", type=Path, help="keep the seeded databases here and reuse them next time")
    p.add_argument("--json", type=Path, help="also write the results here")
    args = p.parse_args(argv)
    result = bench_bills(print, args.quick, verbose=args.verbose, data_dir=args.data_dir)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
