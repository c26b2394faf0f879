"""Invoices benchmarks (``make bench`` runs them after the bills ones; or on their own:
``.venv/bin/python bench/invoices.py [--quick] [--data-dir DIR] [--json PATH]``).

As ``bench/bills.py`` does for bills: two organizations in their own SQLite databases, one of
10,000 invoices and one of 1,000,000, 1,000 invoices per customer in both, against one
``bill-sandbox serve`` worker under ``wrk -t2 -c10 --latency`` on loopback:

- **list one customer's open invoices**: ``GET /v3/invoices?filters=customerId:eq:<id>,
  status:eq:OPEN&max=20`` (one range of the (org_id, customer_id, created_time, id) index);
- **create an invoice with 10 lines**: ``POST /v3/invoices`` for an existing customer.

Seeding clones one invoice made by ``invoices.service.create_invoice`` (new ids, customer,
number, dates, line amounts and the amounts the service derives), encoded and projected by
the invoices ``DocumentStore``; customer balances are then adjusted through the customers
service, as the invoices service does per invoice. Timing is never pass/fail.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from bills import DATES, SERVER_ENV, SETTINGS, _ratio, login  # noqa: E402
from seeding import new_id  # noqa: E402

from bill_sandbox import clock, money  # noqa: E402
from bill_sandbox.accounts import service as accounts  # noqa: E402
from bill_sandbox.context import RequestContext  # noqa: E402
from bill_sandbox.db import Database  # noqa: E402
from bill_sandbox.resources import registry  # noqa: E402

registry.install()  # reactions, rules and timers, as create_app wires them
from bill_sandbox.resources.customers import service as customers  # noqa: E402
from bill_sandbox.resources.customers.schemas import CustomerCreate  # noqa: E402
from bill_sandbox.resources.invoices import service as invoices  # noqa: E402
from bill_sandbox.resources.invoices.schemas import InvoiceCreate  # noqa: E402
from bill_sandbox.store import Doc  # noqa: E402
from bill_sandbox.testing import LiveServer  # noqa: E402

SIZES = (10_000, 1_000_000)
PER_CUSTOMER = 1_000
CREATE_LINES = 10
SEED_FILE = "invoices-seed.json"
OPS = ("list", "create")
OP_TITLES = {
    "list": "list    GET /v3/invoices?filters=customerId,status:OPEN",
    "create": f"create  POST /v3/invoices ({CREATE_LINES} lines)",
}


def invoice_body(customer_id: str, number: str, lines: int) -> dict[str, Any]:
    invoice_date, due_date = DATES[0]
    return {
        "customer": {"id": customer_id},
        "invoiceNumber": number,
        "invoiceDate": invoice_date,
        "dueDate": due_date,
        "invoiceLineItems": [
            {"description": f"Item {n}", "quantity": 1 + n % 3, "price": 10 + n} for n in range(lines)
        ],
    }


def clone(template: Doc, rnd: random.Random, i: int, customer_id: str, created: str) -> Doc:
    """A new OPEN invoice like ``template``: ids, customer, number, dates, line amounts and the
    derived amounts."""
    doc = dict(template)
    doc["id"] = new_id(rnd, invoices.PREFIX)
    doc["customerId"] = customer_id
    doc["invoiceNumber"] = f"B-{i:07d}"
    doc["invoiceDate"], doc["dueDate"] = DATES[i % len(DATES)]
    total = 0
    lines = []
    for line in template["invoiceLineItems"]:
        cents = rnd.randrange(1_00, 2_000_00)
        total += cents
        price = money.to_json(money.from_cents(cents))
        lines.append(
            {**line, "id": new_id(rnd, invoices.LINE_PREFIX), "quantity": 1, "price": price, "amount": price}
        )
    doc["invoiceLineItems"] = lines
    zero = money.from_cents(0)
    invoices.write_amounts(doc, invoices.Amounts(money.from_cents(total), zero, zero, zero))
    doc["createdTime"] = doc["updatedTime"] = created
    return doc


def seed(url: str, org_id: str, user_id: str, count: int, say: Callable[[str], None]) -> list[str]:
    """Customers (one per 1,000 invoices) and ``count`` invoices round-robin, one transaction."""
    n_customers = max(1, count // PER_CUSTOMER)
    db = Database(url)
    try:
        if db.sqlite:
            conn = db.connection()
            conn.exec_driver_sql("PRAGMA cache_size=-1000000")
            conn.commit()
        store = invoices.store
        with db.transaction() as tx:
            tx.use_org(org_id)
            ctx = RequestContext(tx, org_id, user_id, "", True, SETTINGS)
            ids = [
                str(
                    customers.create_customer(
                        ctx,
                        CustomerCreate.model_validate(
                            {"name": f"Customer {c}", "email": f"c{c}@bench.example"}
                        ),
                    )["id"]
                )
                for c in range(n_customers)
            ]
            made = invoices.create_invoice(
                ctx, InvoiceCreate.model_validate(invoice_body(ids[0], "B-0000000", 3))
            )
            template = store.get(ctx, made["id"])
            rnd = random.Random(1)
            end = ctx.now
            due = [0] * n_customers
            batch: list[dict[str, Any]] = []
            for i in range(1, count):
                c = i % n_customers
                doc = clone(template, rnd, i, ids[c], clock.iso(end - timedelta(milliseconds=count - i)))
                row = {"id": doc["id"], "org_id": org_id, "doc": store.encode(doc), **store._columns(doc)}
                due[c] += row["due_cents"]
                batch.append(row)
                if len(batch) >= 5000:
                    tx.conn.execute(store.table.insert(), batch)
                    batch = []
                    if i % 250_000 < 5000:
                        say(f"invoices:   {i:>9,} rows")
            if batch:
                tx.conn.execute(store.table.insert(), batch)
            for c, cents in enumerate(due):
                customers.adjust_balance(ctx, ids[c], money.from_cents(cents))
        return ids
    finally:
        db.close()


def prepare(data_dir: Path, size: int, say: Callable[[str], None]) -> dict[str, Any]:
    url = f"sqlite:///{(data_dir / 'sandbox.db').resolve()}"
    marker = data_dir / SEED_FILE
    if marker.exists():
        info: dict[str, Any] = json.loads(marker.read_text())
        return {**info, "url": url, "reused": True}
    data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(url)
    try:
        db.migrate()
        with db.transaction() as tx:
            creds = accounts.signup(tx, SETTINGS, org_name=f"Invoices Bench {size}")
    finally:
        db.close()
    say(f"invoices: seeding {size:,} invoices over {max(1, size // PER_CUSTOMER):,} customers ...")
    t0 = time.perf_counter()
    customer_ids = seed(url, creds.organization_id, creds.user_id, size, say)
    info = {
        "invoices": size,
        "customer_ids": customer_ids,
        "seed_s": round(time.perf_counter() - t0, 1),
        "creds": {
            "username": creds.username,
            "password": creds.password,
            "devKey": creds.dev_key,
            "organizationId": creds.organization_id,
        },
    }
    marker.write_text(json.dumps(info))
    say(f"invoices:   seeded in {info['seed_s']} s")
    return {**info, "url": url, "reused": False}


def list_path(customer_id: str) -> str:
    return f"/connect/v3/invoices?filters=customerId:eq:{customer_id},status:eq:OPEN&max=20"


def bench_size(data_dir: Path, size: int, duration: float, say: Callable[[str], None]) -> dict[str, Any]:
    from harness import measure, peak_rss_mb  # bench/harness.py: the wrk runner

    info = prepare(data_dir, size, say)
    customer_ids = info["customer_ids"]
    listed, creator = customer_ids[len(customer_ids) // 2], customer_ids[-1]
    server = LiveServer(data_dir=data_dir, extra_args=["--workers", "1"], env=SERVER_ENV, startup_timeout=120)
    server.start()
    try:
        assert server.process is not None
        pid = server.process.pid
        auth = login(server.port, info["creds"])
        import httpx

        headers = {"devKey": auth["BENCH_DEVKEY"], "sessionId": auth["BENCH_SESSION"]}
        page = httpx.get(server.origin + list_path(listed), headers=headers, timeout=30).json()
        if len(page.get("results", [])) != 20 or {i["customerId"] for i in page["results"]} != {listed}:
            raise RuntimeError(f"GET {list_path(listed)}: {str(page)[:300]}")
        plans = {
            "list": {**auth, "BENCH_PATH": list_path(listed)},
            "create": {
                **auth,
                "BENCH_METHOD": "POST",
                "BENCH_PATH": "/connect/v3/invoices",
                "BENCH_BODY": json.dumps(invoice_body(creator, "WRK-{n}", CREATE_LINES)),
            },
        }
        ops: dict[str, Any] = {}
        for op in OPS:  # create last: it adds invoices
            say(f"invoices: {size:>9,}  {op:7}  wrk {duration:g} s ...")
            ops[op] = measure(server.port, duration, 1.0, plans[op], pid).as_json()
        rss = peak_rss_mb(pid)
    finally:
        server.stop()
    return {
        "size": size,
        "seed_s": info["seed_s"],
        "seed_reused": info["reused"],
        "peak_rss_mb": rss,
        "ops": ops,
    }


def bench_invoices(
    say: Callable[[str], None] = print, quick: bool = False, data_dir: Path | None = None
) -> dict[str, Any]:
    sizes = SIZES[:1] if quick else SIZES
    duration = 3.0 if quick else 10.0
    with tempfile.TemporaryDirectory(prefix="bill-bench-invoices-") as tmp:
        root = (data_dir or Path(tmp)).resolve()
        results = [bench_size(root / f"invoices-{n}", n, duration, say) for n in sizes]
    for op in OPS:
        for r in results:
            x = r["ops"][op]
            say(
                f"{OP_TITLES[op]:<50} {r['size']:>10,} {x['rps']:>8,.0f} req/s  p50 {x['p50_ms']:.2f} ms"
                f"  p99 {x['p99_ms']:.2f} ms  errors {x['errors'] or 0}"
            )
        if len(results) > 1:
            lo, hi = results[0]["ops"][op], results[-1]["ops"][op]
            say(f"{OP_TITLES[op]:<50} 100× invoices: req/s ×{_ratio(hi['rps'], lo['rps'])} (flat: ×1)")
    return {"duration": duration, "sizes": results}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="10k invoices only, short runs")
    p.add_argument("--data-dir", type=Path, help="keep the seeded databases here and reuse them next time")
    p.add_argument("--json", type=Path, help="also write the results here")
    args = p.parse_args(argv)
    result = bench_invoices(print, args.quick, args.data_dir)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
