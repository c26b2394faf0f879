"""Webhook delivery: fan-out of the outbox and leased, crash-safe sending.

One ``Worker`` runs per serve process (an asyncio task started by the app's lifespan when
``settings.background`` is true). Each round:

1. **Fan-out.** Committed outbox rows (``events.dispatched = false``) become one delivery per
   enabled subscription of the same organization that lists the type; then the row is marked
   dispatched, in the same transaction. The unique (event, subscription) pair makes a repeated
   fan-out (another process, a crash between the two steps) harmless.
2. **Claim.** Due deliveries are claimed one by one with
   ``UPDATE ... SET locked_until = now + lease WHERE id = ? AND locked_until < now``; only the
   process whose update changed the row sends it, so several processes never send the same
   delivery within a lease. The claim commits BEFORE anything is sent.
3. **Send** (no transaction open): POST the stored body bytes with ``x-bill-sha-signature``,
   10 s timeout. Success is HTTP 200.
4. **Record** in a new transaction, only while the lease is still ours: the attempt, then
   delivered, or the next retry (2, 4, 8, 16 s divided by ``webhook_retry_divisor``), or after
   the 4th retry the subscription is disabled (``actor: SYSTEM``) and its other pending
   deliveries are cancelled.

A process killed mid-send leaves a lease that expires; the delivery is then claimed again
(by this process after a restart, or by another one): at-least-once delivery. Idle cost: one
indexed query for undispatched events and one for due deliveries per wake-up; the worker wakes
on ``Database.event_listeners`` (a commit that recorded events), when a retry falls due and
every ``POLL_SECONDS`` otherwise (other processes' events). The worker shares the event loop
thread's database connection with requests and the scheduler; none of them awaits inside a
transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import orjson
from sqlalchemy import and_, func, insert, select, update

from bill_sandbox.db import Database, Tx
from bill_sandbox.events import VERSION, EventRow
from bill_sandbox.settings import Settings
from bill_sandbox.webhooks import payloads, signer
from bill_sandbox.webhooks.models import AttemptRow, DeliveryRow, SubscriptionRow

if TYPE_CHECKING:  # httpx is imported where a delivery is sent (~2 % of a start)
    import httpx

log = logging.getLogger("bill_sandbox.webhooks")

RETRY_DELAYS = (2.0, 4.0, 8.0, 16.0)
TIMEOUT_SECONDS = 10.0
POLL_SECONDS = 0.5
FANOUT_BATCH = 200
CLAIM_BATCH = 20
MAX_IN_FLIGHT = 50
FAIL_HOST = "fail.invalid"  # BILL-RULES §7.4: every delivery to this host fails

ev = EventRow.__table__
dl = DeliveryRow.__table__
sb = SubscriptionRow.__table__
at = AttemptRow.__table__


def lease_seconds(settings: Settings) -> float:
    return max(settings.webhook_lease_seconds, TIMEOUT_SECONDS + 1.0)


def retry_delay(failures: int, settings: Settings) -> float:
    """Wall seconds before the retry that follows the ``failures``-th failed attempt."""
    return RETRY_DELAYS[failures - 1] / max(settings.webhook_retry_divisor, 1e-9)


# ------------------------------------------------------------------------------- fan-out


def event_key(events: list[dict[str, str]]) -> str:
    """The stored form of a subscription's event set (order and repeats do not matter)."""
    return "," + ",".join(sorted({f"{e['type']}:{e['version']}" for e in events})) + ","


def new_delivery(
    tx: Tx, org_id: str, sub_id: str, event_id: str, event_type: str, entity_id: str, at_iso: str, body: bytes
) -> str:
    delivery_id = str(uuid.uuid4())
    tx.conn.execute(
        insert(dl).values(
            id=delivery_id,
            org_id=org_id,
            subscription_id=sub_id,
            event_id=event_id,
            event_type=event_type,
            entity_id=entity_id,
            created_time=at_iso,
            body=body.decode(),
            state="pending",
            attempts=0,
            status_code=None,
            next_attempt_at=time.time(),
            locked_until=0.0,
        )
    )
    return delivery_id


def fan_out(db: Database) -> int:
    """Turn committed outbox rows into deliveries; returns how many events were dispatched."""
    with db.transaction(write=False) as tx:
        if tx.conn.execute(select(ev.c.seq).where(ev.c.dispatched.is_(False)).limit(1)).first() is None:
            return 0
    with db.transaction() as tx:
        stmt = (
            select(ev.c.seq, ev.c.id, ev.c.org_id, ev.c.type, ev.c.entity_id, ev.c.created_time, ev.c.payload)
            .where(ev.c.dispatched.is_(False))
            .order_by(ev.c.seq)
            .limit(FANOUT_BATCH)
        )
        if not db.sqlite:
            stmt = stmt.with_for_update(skip_locked=True)
        rows = tx.conn.execute(stmt).all()
        if not rows:
            return 0
        orgs = sorted({r.org_id for r in rows})
        subs: dict[str, list[Any]] = {}
        for s in tx.conn.execute(
            select(sb.c.id, sb.c.org_id, sb.c.event_key).where(sb.c.org_id.in_(orgs), sb.c.enabled.is_(True))
        ):
            subs.setdefault(s.org_id, []).append(s)
        existing = {
            (r.event_id, r.subscription_id)
            for r in tx.conn.execute(
                select(dl.c.event_id, dl.c.subscription_id).where(dl.c.event_id.in_([r.id for r in rows]))
            )
        }
        for row in rows:
            wanted = f",{row.type}:{VERSION},"
            doc: dict[str, Any] | None = None
            for sub in subs.get(row.org_id, ()):
                if wanted not in sub.event_key or (row.id, sub.id) in existing:
                    continue
                if doc is None:
                    doc = orjson.loads(row.payload)
                body = payloads.body(row.type, row.id, sub.id, row.org_id, doc)
                new_delivery(tx, row.org_id, sub.id, row.id, row.type, row.entity_id, row.created_time, body)
        tx.conn.execute(update(ev).where(ev.c.seq.in_([r.seq for r in rows])).values(dispatched=True))
        return len(rows)


# --------------------------------------------------------------------------------- claims


@dataclass(frozen=True, slots=True)
class Claim:
    delivery_id: str
    org_id: str
    subscription_id: str
    event_id: str
    event_type: str
    body: bytes
    url: str
    key: str
    lease: float


def _due(now: float) -> Any:
    return and_(dl.c.state == "pending", dl.c.next_attempt_at <= now, dl.c.locked_until < now)


def claim(db: Database, settings: Settings, limit: int, delivery_id: str | None = None) -> list[Claim]:
    """Lease up to ``limit`` due deliveries of enabled subscriptions (or exactly
    ``delivery_id``, due or not, for an immediate send) and commit the leases."""
    now = time.time()
    if delivery_id is None:
        with db.transaction(write=False) as tx:
            ids = list(
                tx.conn.execute(
                    select(dl.c.id)
                    .join(sb, sb.c.id == dl.c.subscription_id)
                    .where(_due(now), sb.c.enabled.is_(True))
                    .order_by(dl.c.next_attempt_at)
                    .limit(limit)
                ).scalars()
            )
        if not ids:
            return []
    else:
        ids = [delivery_id]
    lease = now + lease_seconds(settings)
    claims: list[Claim] = []
    with db.transaction() as tx:
        for did in ids:
            cond = [dl.c.id == did, dl.c.locked_until < now, dl.c.state == "pending"]
            if delivery_id is None:
                cond.append(dl.c.next_attempt_at <= now)
            taken = tx.conn.execute(update(dl).where(*cond).values(locked_until=lease)).rowcount
            if taken != 1:
                continue  # another process has it
            row = tx.conn.execute(
                select(
                    dl.c.org_id,
                    dl.c.subscription_id,
                    dl.c.event_id,
                    dl.c.event_type,
                    dl.c.body,
                    sb.c.notification_url,
                    sb.c.security_key,
                )
                .join(sb, sb.c.id == dl.c.subscription_id)
                .where(dl.c.id == did)
            ).first()
            if row is None:
                continue
            claims.append(
                Claim(
                    did,
                    row.org_id,
                    row.subscription_id,
                    row.event_id,
                    row.event_type,
                    row.body.encode(),
                    row.notification_url,
                    row.security_key,
                    lease,
                )
            )
    return claims


def next_due(db: Database) -> float | None:
    """Wall time of the earliest pending delivery the worker could claim (or None); leased
    ones wake the worker when their send ends (or are found by the poll after a crash)."""
    now = time.time()
    with db.transaction(write=False) as tx:
        value = tx.conn.execute(
            select(func.min(dl.c.next_attempt_at))
            .join(sb, sb.c.id == dl.c.subscription_id)
            .where(dl.c.state == "pending", dl.c.locked_until < now, sb.c.enabled.is_(True))
        ).scalar()
    return float(value) if value is not None else None


# ---------------------------------------------------------------------------------- send


@dataclass(frozen=True, slots=True)
class Result:
    status_code: int  # 0 = no HTTP answer (connection error, timeout)
    latency_ms: int
    body: str


async def send(client: httpx.AsyncClient, c: Claim) -> Result:
    import httpx

    began = time.perf_counter()
    if (urlsplit(c.url).hostname or "").lower() == FAIL_HOST:
        return Result(0, 0, f"{FAIL_HOST}: the sandbox fails every delivery to this host")
    headers = {"content-type": "application/json", signer.HEADER: signer.sign(c.key, c.body)}
    try:
        response = await client.post(c.url, content=c.body, headers=headers, timeout=TIMEOUT_SECONDS)
        text = response.content[:400].decode("utf-8", "replace")[:200]
        status = response.status_code
    except httpx.HTTPError as err:
        status, text = 0, f"{type(err).__name__}: {err}"[:200]
    except Exception as err:  # a malformed URL etc.: a failed attempt, never a crashed worker
        status, text = 0, f"{type(err).__name__}: {err}"[:200]
    return Result(status, int((time.perf_counter() - began) * 1000), text)


def record(db: Database, settings: Settings, c: Claim, r: Result) -> int | None:
    """Store the attempt and the delivery's next state; returns the attempt number, or None
    when the lease was lost (reset, deleted subscription, lease expired)."""
    with db.transaction() as tx:
        return record_in(tx, settings, c, r)


def record_many(db: Database, settings: Settings, done: list[tuple[Claim, Result]]) -> None:
    """Several results in one transaction (the worker's sends of one batch)."""
    with db.transaction() as tx:
        for c, r in done:
            record_in(tx, settings, c, r)


def record_in(tx: Tx, settings: Settings, c: Claim, r: Result) -> int | None:
    """``record`` inside the caller's transaction."""
    from bill_sandbox.webhooks import service

    row = tx.conn.execute(select(dl.c.attempts, dl.c.locked_until).where(dl.c.id == c.delivery_id)).first()
    if row is None or row.locked_until != c.lease:
        return None
    tx.use_org(c.org_id)
    number = (
        tx.conn.execute(select(func.max(at.c.attempt)).where(at.c.delivery_id == c.delivery_id)).scalar() or 0
    ) + 1
    tx.conn.execute(
        insert(at).values(
            org_id=c.org_id,
            delivery_id=c.delivery_id,
            subscription_id=c.subscription_id,
            event_id=c.event_id,
            event_type=c.event_type,
            attempt=number,
            status_code=r.status_code,
            latency_ms=r.latency_ms,
            response_body=r.body,
            created_time=tx.now_iso,
        )
    )
    values: dict[str, Any] = {"status_code": r.status_code, "locked_until": 0.0}
    if r.status_code == 200:
        values.update(state="delivered", attempts=0)
    else:
        failures = int(row.attempts) + 1
        values["attempts"] = failures
        if failures > len(RETRY_DELAYS):
            values["state"] = "failed"
            reason = (
                f"Disabled after {len(RETRY_DELAYS)} failed retries: the notification URL "
                f"answered {r.status_code or 'nothing'} for event {c.event_id}."
            )
            service.disable_by_system(tx, c.org_id, c.subscription_id, reason)
        else:
            values["next_attempt_at"] = time.time() + retry_delay(failures, settings)
    tx.conn.execute(update(dl).where(dl.c.id == c.delivery_id).values(**values))
    return number


async def deliver_now(db: Database, settings: Settings, delivery_id: str) -> Result | None:
    """Send one delivery at once (test event, resend) and record it; None if another process
    is sending it right now."""
    claims = claim(db, settings, 1, delivery_id)
    if not claims:
        return None
    import httpx

    async with httpx.AsyncClient(follow_redirects=False) as client:
        result = await send(client, claims[0])
    record(db, settings, claims[0], result)
    return result


# -------------------------------------------------------------------------------- worker


class Worker:
    """The delivery loop of one process."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.app_db = db
        # The app's database: its connection is per thread, so the worker shares the event
        # loop thread's connection with the requests and the scheduler (none of them awaits
        # inside a transaction), and code on another thread (in-process tests) has its own.
        self.db = db
        self.settings = settings
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._in_flight: set[asyncio.Task[None]] = set()
        self._done: list[tuple[Claim, Result]] = []
        self._client: httpx.AsyncClient | None = None
        self._stopping = False

    def wake(self) -> None:
        """Thread-safe: a commit recorded events (``Database.event_listeners``)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._wake.set)

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.app_db.event_listeners.append(self.wake)
        self._task = asyncio.create_task(self._run(), name="webhook-worker")

    async def stop(self) -> None:
        self._stopping = True
        if self.wake in self.app_db.event_listeners:
            self.app_db.event_listeners.remove(self.wake)
        tasks = [t for t in (self._task, *self._in_flight) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._done:  # sends that ended but were not recorded yet (else: sent again later)
            with contextlib.suppress(Exception):
                record_many(self.db, self.settings, self._done)
            self._done = []
        if self._client is not None:
            await self._client.aclose()
        if self.db is not self.app_db:
            self.db.close()

    async def _run(self) -> None:
        while not self._stopping:
            timeout = POLL_SECONDS
            try:
                timeout = self.round()
            except Exception:
                log.exception("webhook worker round failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def round(self) -> float:
        """One pass (synchronous database work only); returns how long to sleep."""
        if self._done:
            done, self._done = self._done, []
            try:
                record_many(self.db, self.settings, done)
            except Exception:
                log.exception("recording webhook deliveries failed")
        while fan_out(self.db) >= FANOUT_BATCH:
            pass
        room = MAX_IN_FLIGHT - len(self._in_flight)
        if room > 0:
            for c in claim(self.db, self.settings, min(room, CLAIM_BATCH)):
                task = asyncio.create_task(self._deliver(c))
                self._in_flight.add(task)
                task.add_done_callback(self._in_flight.discard)
        due = next_due(self.db)
        if due is None:
            return POLL_SECONDS
        return min(POLL_SECONDS, max(due - time.time(), 0.01))

    async def _deliver(self, c: Claim) -> None:
        if self._client is None:  # made for the first delivery: its TLS context costs ~50 ms
            import httpx

            self._client = httpx.AsyncClient(follow_redirects=False)
        result = await send(self._client, c)
        # Results are recorded together by the next round (one transaction for a batch), and the
        # last send of a batch wakes the loop (waking it after every send cost a full round of
        # queries per delivery).
        self._done.append((c, result))
        if len(self._in_flight) <= 1:
            self._wake.set()
