"""Payments benchmarks (``make bench`` runs them last; or ``.venv/bin/python bench/payments.py``).

- **create-payment throughput**: ``POST /v3/payments`` from 4 keep-alive clients, each payment
  for a distinct bill (so no request waits on another's bill lock), against one worker; req/s,
  p50 and p99.
- **advance the clock over 10k scheduled payments**: 10,000 ACH payments (one bill each) are
  seeded straight into the database through the payments service itself
  (``operations.create_payment`` in one transaction: the rows are exactly what the API writes),
  then ``POST /_sandbox/clock/advance`` is timed: once by one second (nothing due: the indexed
  range query finds nothing), once far enough that every payment goes FUNDING_STARTED →
  PROCESSED → CLEARED and every bill is paid (one range query, the steps in memory, one batched
  UPDATE of the payments, one write per bill).

Timing is never pass/fail: this prints numbers.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bill_sandbox import scheduler
from bill_sandbox.accounts import service as accounts
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Database
from bill_sandbox.resources import registry
from bill_sandbox.resources.bills import service as bills
from bill_sandbox.resources.bills.schemas import BillCreate
from bill_sandbox.resources.funding_accounts import stores as funding_stores
from bill_sandbox.resources.payments import operations
from bill_sandbox.resources.payments.models import PaymentRow
from bill_sandbox.resources.payments.schemas import PaymentCreate
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.resources.vendors.schemas import VendorCreate
from bill_sandbox.settings import Settings
from bill_sandbox.testing import LiveServer

registry.install()  # reactions, rules and timers, as create_app wires them

SCHEDULED = 10_000
CREATE_CLIENTS = 4
SERVER_ENV = {"BILL_SANDBOX_ARGON2_TIME_COST": "1", "BILL_SANDBOX_ARGON2_MEMORY_KIB": "1024"}


# --------------------------------------------------------------------------------- seeding
def _bill_body(vendor_id: str, i: int) -> BillCreate:
    return BillCreate.model_validate(
        {
            "vendorId": vendor_id,
            "dueDate": "2027-01-31",
            "invoice": {"invoiceNumber": f"B-{i}", "invoiceDate": "2026-11-01"},
            "billLineItems": [{"amount": 100 + i % 50}],
        }
    )


def seed(database_url: str, payments: int, spare_bills: int) -> dict[str, Any]:
    """A new organization with ``payments`` SCHEDULED ACH payments (one bill each) and
    ``spare_bills`` unpaid bills, all through the services, in one transaction."""
    db = Database(database_url)
    settings = Settings.model_construct(argon2_time_cost=1, argon2_memory_kib=1024)
    try:
        with db.transaction() as tx:
            creds = accounts.signup(tx, settings, org_name="Payments Bench")
            ctx = RequestContext(tx, creds.organization_id, creds.user_id, "", True, settings)
            vendor = vendors.create_vendor(
                ctx,
                VendorCreate.model_validate(
                    {
                        "name": "Bench Vendor",
                        "email": "ap@bench.example.com",
                        "paymentInformation": {
                            "payeeName": "Bench Vendor",
                            "bankAccount": {"accountNumber": "123456789", "routingNumber": "074000010"},
                        },
                    }
                ),
            )
            bt = funding_stores.bank_table
            bank_id = str(tx.conn.execute(select(bt.c.id).where(bt.c.org_id == ctx.org_id).limit(1)).scalar())
            for i in range(payments):
                bill = bills.create_bill(ctx, _bill_body(vendor["id"], i))
                operations.create_payment(
                    ctx,
                    PaymentCreate.model_validate(
                        {
                            "billId": bill["id"],
                            "amount": Decimal(bill["amount"]),
                            "fundingAccount": {"type": "BANK_ACCOUNT", "id": bank_id},
                            "processingOptions": {},
                        }
                    ),
                )
            spare = [bills.create_bill(ctx, _bill_body(vendor["id"], i))["id"] for i in range(spare_bills)]
            scheduler.reschedule(tx, ctx.org_id)  # what every API write does: the scheduler's due time
        return {"creds": creds, "bank_id": bank_id, "spare_bills": spare, "vendor_id": vendor["id"]}
    finally:
        db.close()


def count_by_status(database_url: str, org_id: str) -> dict[str, int]:
    db = Database(database_url)
    t = PaymentRow.__table__
    try:
        with db.transaction(write=False) as tx:
            rows = tx.conn.execute(
                select(t.c.single_status, func.count())
                .where(t.c.org_id == org_id)
                .group_by(t.c.single_status)
            ).all()
            return {str(s): int(n) for s, n in rows}
    finally:
        db.close()


# ------------------------------------------------------------------------------------ http
class Client:
    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.headers = {"Content-Type": "application/json", **(headers or {})}

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        self.conn.request(
            method, path, body=json.dumps(body) if body is not None else None, headers=self.headers
        )
        r = self.conn.getresponse()
        data = r.read()
        return r.status, json.loads(data) if data else None

    def close(self) -> None:
        self.conn.close()


def trusted_headers(port: int, creds: Any) -> dict[str, str]:
    c = Client(port)
    try:
        status, login = c.call(
            "POST",
            "/connect/v3/login",
            {
                "username": creds.username,
                "password": creds.password,
                "organizationId": creds.organization_id,
                "devKey": creds.dev_key,
            },
        )
        assert status == 200, login
        headers = {"devKey": creds.dev_key, "sessionId": login["sessionId"]}
        c.headers.update(headers)
        _, challenge = c.call("POST", "/connect/v3/mfa/challenge", {"useBackup": False})
        _, code = c.call("GET", f"/_sandbox/mfa/last-code?userId={creds.user_id}")
        status, body = c.call(
            "POST",
            "/connect/v3/mfa/challenge/validate",
            {"challengeId": challenge["challengeId"], "token": code["code"], "device": "bench"},
        )
        assert status == 200, body
        return headers
    finally:
        c.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ---------------------------------------------------------------------------- measurements
def measure_create(port: int, headers: dict[str, str], bank_id: str, bill_ids: list[str]) -> dict[str, Any]:
    """POST /v3/payments for every bill of ``bill_ids`` from ``CREATE_CLIENTS`` keep-alive
    clients; each payment pays a distinct bill."""
    chunks = [bill_ids[i::CREATE_CLIENTS] for i in range(CREATE_CLIENTS)]
    latencies: list[float] = []
    errors: list[Any] = []
    lock = threading.Lock()

    def run(chunk: list[str]) -> None:
        c = Client(port, headers)
        mine: list[float] = []
        try:
            for bill_id in chunk:
                body = {
                    "billId": bill_id,
                    "amount": 10,
                    "fundingAccount": {"type": "BANK_ACCOUNT", "id": bank_id},
                    "processingOptions": {"requestPayFaster": False},
                }
                t0 = time.perf_counter()
                status, out = c.call("POST", "/connect/v3/payments", body)
                mine.append(time.perf_counter() - t0)
                if status != 201:
                    with lock:
                        errors.append(out)
        finally:
            c.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
        "clients": CREATE_CLIENTS,
    }


def advance(port: int, body: dict[str, float]) -> float:
    c = Client(port)
    try:
        t0 = time.perf_counter()
        status, out = c.call("POST", "/_sandbox/clock/advance", body)
        elapsed = time.perf_counter() - t0
        assert status == 200, out
        return elapsed
    finally:
        c.close()


def bench_payments(say: Callable[[str], None] = print, quick: bool = False) -> dict[str, Any]:
    """Both measurements on a fresh SQLite database and one ``bill-sandbox serve`` worker."""
    scheduled = 2_000 if quick else SCHEDULED
    creates = 500 if quick else 2_000
    work = Path(tempfile.mkdtemp(prefix="bill-bench-payments-"))
    url = f"sqlite:///{(work / 'sandbox.db').resolve()}"
    server = LiveServer(data_dir=work, extra_args=["--workers", "1"], env=SERVER_ENV, startup_timeout=60)
    server.start()  # migrates the database
    try:
        say(f"payments: seeding {scheduled} scheduled payments and {creates} bills ...")
        t0 = time.perf_counter()
        seeded = seed(url, scheduled, creates)
        seed_s = time.perf_counter() - t0
        org = seeded["creds"].organization_id
        headers = trusted_headers(server.port, seeded["creds"])
        create = measure_create(server.port, headers, seeded["bank_id"], seeded["spare_bills"])
        say(
            f"payments: create-payment POST /v3/payments: {create['rps']} req/s, p50 {create['p50_ms']} ms, "
            f"p99 {create['p99_ms']} ms ({create['requests']} requests, {create['clients']} clients, "
            f"{create['errors']} errors)"
        )
        noop_s = advance(server.port, {"seconds": 1})
        # 8 days: every payment (process date 2 business days out) passes P, +1 and +2.
        full_s = advance(server.port, {"days": 8})
        counts = count_by_status(url, org)
        say(
            f"payments: clock advance over {scheduled + create['requests']} scheduled payments: "
            f"{full_s:.2f} s to clear them all (statuses after: {counts}); "
            f"{noop_s * 1000:.1f} ms when nothing is due"
        )
        return {
            "seed_s": round(seed_s, 1),
            "create_payment": create,
            "advance": {
                "scheduled_payments": scheduled + create["requests"],
                "clear_all_s": round(full_s, 3),
                "nothing_due_ms": round(noop_s * 1000, 2),
                "statuses_after": counts,
            },
        }
    finally:
        server.stop()


if __name__ == "__main__":
    print(json.dumps(bench_payments(quick="--quick" in sys.argv), indent=2))
