"""Seed customers straight into a sandbox database, exactly as the API would write them.

The rows are built with the package's own pieces: each body is validated by ``CustomerCreate``,
finished by the customers service (``_finish``: countryName, defaults, balance), stamped and
ordered like ``DocumentStore.insert`` does, and projected/encoded by the customers
``DocumentStore``. Everything goes in one transaction, ``executemany`` in chunks. Run it while
no server is using the database (the benchmark seeds between server runs).

Creation times are spread one millisecond apart, ending now, so the default sort
(``createdTime``) sees distinct keys as it would after real traffic.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from bill_sandbox import clock, ids
from bill_sandbox.db import Database
from bill_sandbox.jsonio import prune
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.customers.schemas import CustomerCreate
from bill_sandbox.store import Doc

ACCOUNT_TYPES = ("BUSINESS", "PERSON", "NONE")
COUNTRIES = ("US", "CA", "GB", "DE", "FR", "AU")
_WORDS = (
    *("Acme", "Apex", "Blue", "Cedar", "Delta", "Eagle", "Falcon", "Granite", "Harbor", "Iris"),
    *("Juniper", "Kestrel", "Lumen", "Maple", "Nova", "Orchid", "Pine", "Quartz", "River"),
    *("Summit", "Tidal", "Umber", "Vertex", "Willow", "Xenon", "Yarrow", "Zephyr"),
)
_KINDS = ("Labs", "Foods", "Logistics", "Studio", "Partners", "Holdings", "Goods", "Works")


def customer_body(i: int, rnd: random.Random) -> dict[str, Any]:
    """A plausible create-customer request body; names are random so that sorting by name
    walks the index in an order unrelated to insertion."""
    name = f"{rnd.choice(_WORDS)} {rnd.choice(_WORDS)} {rnd.choice(_KINDS)} {i:07d}"
    return {
        "name": name,
        "email": f"customer{i}@example.com",
        "companyName": name,
        "accountType": ACCOUNT_TYPES[i % len(ACCOUNT_TYPES)],
        "contact": {"firstName": "Pat", "lastName": f"Customer{i}"},
        "phone": "+1 415 555 0100",
        "invoiceCurrency": "USD",
        "billingAddress": {
            "line1": f"{i % 9999 + 1} Market St",
            "city": "San Francisco",
            "stateOrProvince": "CA",
            "zipOrPostalCode": "94105",
            "country": COUNTRIES[i % len(COUNTRIES)],
        },
    }


def new_id(rnd: random.Random, prefix: str) -> str:
    """``ids.new_id``'s shape from a seeded generator: ``ids.new_id`` reads the OS's random source
    once per character (~15 µs an id), a third of the seeding time for 1M rows."""
    head = "".join(rnd.choices(ids._UPPER, k=11))
    tail = "".join(rnd.choices(ids._LOWER, k=4))
    return f"{prefix}02{head}{tail}"


def build_doc(body: dict[str, Any], created: str, id_: str) -> Doc:
    """What ``create_customer`` + ``DocumentStore.insert`` make of ``body`` at time ``created``."""
    store = customers.store
    doc: Doc = prune(customers._finish(CustomerCreate.model_validate(body).to_camel_dict()))
    doc["id"] = id_
    doc.setdefault("archived", False)
    doc["createdTime"] = doc["updatedTime"] = created
    return store.order(doc)


def row_for(org_id: str, doc: Doc) -> dict[str, Any]:
    store = customers.store
    return {"id": doc["id"], "org_id": org_id, "doc": store.encode(doc), **store._columns(doc)}


def _rows(org_id: str, start: int, count: int, seed: int) -> Iterator[dict[str, Any]]:
    rnd = random.Random(seed + start)
    end = clock.wall_now()
    for i in range(start, start + count):
        created = clock.iso(end - timedelta(milliseconds=start + count - i))
        doc = build_doc(customer_body(i, rnd), created, new_id(rnd, customers.store.prefix))
        yield row_for(org_id, doc)


def count_customers(db: Database, org_id: str) -> int:
    t = customers.store.table
    with db.transaction(write=False) as tx:
        return int(tx.conn.execute(select(func.count()).where(t.c.org_id == org_id)).scalar() or 0)


def seed_customers(
    database_url: str,
    org_id: str,
    count: int,
    *,
    start: int = 0,
    chunk: int = 5000,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Insert ``count`` customers numbered from ``start`` into ``org_id``, in one transaction."""
    db = Database(database_url)
    try:
        if db.sqlite:
            # A big cache keeps the id and index B-trees in memory while 1M rows go in.
            conn = db.connection()
            conn.exec_driver_sql("PRAGMA cache_size=-1000000")
            conn.commit()
        table = customers.store.table
        with db.transaction() as tx:
            batch: list[dict[str, Any]] = []
            for row in _rows(org_id, start, count, seed):
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
    finally:
        db.close()


def sample_ids(database_url: str, org_id: str, n: int = 1000) -> list[str]:
    """``n`` customer ids spread over the whole table (by id order, which is random)."""
    db = Database(database_url)
    try:
        t = customers.store.table
        with db.transaction(write=False) as tx:
            total = int(tx.conn.execute(select(func.count()).where(t.c.org_id == org_id)).scalar() or 0)
            step = max(1, total // n)
            ids = tx.conn.execute(select(t.c.id).where(t.c.org_id == org_id).order_by(t.c.id)).scalars()
            return [v for i, v in enumerate(ids) if i % step == 0][:n]
    finally:
        db.close()


def delete_bench_rows(database_url: str, org_id: str, email_prefix: str = "wrk-") -> int:
    """Remove the customers that the benchmark's create runs added (their e-mails start with
    ``email_prefix``; a range on the (org_id, email) index finds them without a scan)."""
    db = Database(database_url)
    try:
        t = customers.store.table
        upper = email_prefix[:-1] + chr(ord(email_prefix[-1]) + 1)
        with db.transaction() as tx:
            stmt = t.delete().where(t.c.org_id == org_id, t.c.email >= email_prefix, t.c.email < upper)
            return int(tx.conn.execute(stmt).rowcount or 0)
    finally:
        db.close()
