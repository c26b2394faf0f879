"""Connect Events API rules.

Subscriptions: at most 10 per organization, no two with the same events and URL, known event
types and versions only, an HTTPS ``notificationUrl`` (the sandbox also accepts plain http to
localhost, 127.0.0.1 and [::1]). Create answers with the ``securityKey`` once; a repeated
``X-Idempotent-Key`` within 24 hours replays the first answer byte for byte. Another
organization's ids answer like unknown ids (404 ``BDC_1205``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import orjson
from sqlalchemy import and_, delete, func, insert, select, update

from bill_sandbox import clock, events
from bill_sandbox.auth import Caller
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Tx
from bill_sandbox.errors import ApplicationError, NotFoundError, RequestError, field_error
from bill_sandbox.listing import decode_cursor, encode_cursor, parse_max
from bill_sandbox.webhooks import payloads, signer, worker
from bill_sandbox.webhooks.models import AttemptRow, DeliveryRow, IdempotencyRow, SubscriptionRow
from bill_sandbox.webhooks.schemas import SubscriptionCreate, SubscriptionUpdate, TestEventRequest

Doc = dict[str, Any]

MAX_SUBSCRIPTIONS = 10
IDEMPOTENCY_HOURS = 24
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
KEY_ORDER = (
    "id",
    "name",
    "organizationId",
    "status",
    "events",
    "notificationUrl",
    "createdTime",
    "updatedTime",
)

sb = SubscriptionRow.__table__
dl = DeliveryRow.__table__
at = AttemptRow.__table__
idem = IdempotencyRow.__table__
ev = events.EventRow.__table__


# -------------------------------------------------------------------------------- catalog


def catalog(ctx: RequestContext) -> list[dict[str, Any]]:
    return events.catalog()


# ---------------------------------------------------------------------------- validation


def check_url(url: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        _ = parts.port  # raises on a malformed port
    except ValueError:
        raise field_error("notificationUrl", "must be a valid URL") from None
    if parts.scheme == "https" and host:
        return url
    if parts.scheme == "http" and host in LOCAL_HOSTS:
        return url
    raise field_error(
        "notificationUrl",
        "must be an HTTPS URL (the sandbox also accepts http://localhost, http://127.0.0.1 and http://[::1])",
    )


def check_events(items: list[Any]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(items):
        if item.type not in events.CATALOG:
            raise RequestError("BDC_1129", f"events[{i}].type", item.type)
        if item.version != events.VERSION:
            raise RequestError("BDC_1129", f"events[{i}].version", item.version)
        if (item.type, item.version) not in seen:
            seen.add((item.type, item.version))
            out.append({"type": item.type, "version": item.version})
    return out


def _refuse_duplicate(ctx: RequestContext, key: str, url: str, exclude: str | None = None) -> None:
    conds = [sb.c.org_id == ctx.org_id, sb.c.event_key == key, sb.c.notification_url == url]
    if exclude:
        conds.append(sb.c.id != exclude)
    other = ctx.tx.conn.execute(select(sb.c.id).where(*conds).limit(1)).scalar()
    if other:
        raise ApplicationError(
            "BDC_1119",
            message=f"A subscription with the same events and notificationUrl already exists: {other}.",
        )


# ------------------------------------------------------------------------- subscriptions


def _ordered(doc: Doc) -> Doc:
    return {k: doc[k] for k in KEY_ORDER if doc.get(k) is not None}


def _load(ctx: RequestContext, sub_id: str) -> Doc:
    raw = ctx.tx.conn.execute(select(sb.c.doc).where(sb.c.id == sub_id, sb.c.org_id == ctx.org_id)).scalar()
    if raw is None:
        raise NotFoundError(sub_id)
    doc: Doc = orjson.loads(raw)
    return doc


def _save(ctx: RequestContext, doc: Doc, **extra: Any) -> Doc:
    doc = _ordered(doc)
    values = {
        "enabled": bool(doc["status"]["enabled"]),
        "event_key": worker.event_key(doc["events"]),
        "notification_url": doc["notificationUrl"],
        "updated_time": doc["updatedTime"],
        "doc": orjson.dumps(doc).decode(),
        **extra,
    }
    ctx.tx.conn.execute(update(sb).where(sb.c.id == doc["id"], sb.c.org_id == ctx.org_id).values(**values))
    return doc


def _status(enabled: bool, reason: str | None, actor: str) -> Doc:
    out: Doc = {"enabled": enabled}
    if reason:
        out["reason"] = reason
    out["actor"] = actor
    return out


def idempotent(ctx: RequestContext, key: str, operation: str, make: Callable[[], Doc]) -> bytes:
    """The first answer to (organization, operation, key) within 24 hours, byte for byte."""
    key = key.strip()
    if not key:
        raise RequestError("BDC_1108", "X-Idempotent-Key")
    if len(key) > 200:
        raise RequestError("BDC_1129", "X-Idempotent-Key", key)
    where = and_(idem.c.org_id == ctx.org_id, idem.c.operation == operation, idem.c.key == key)
    row = ctx.tx.conn.execute(select(idem.c.body, idem.c.created_time).where(where)).first()
    cutoff = clock.iso(ctx.now - timedelta(hours=IDEMPOTENCY_HOURS))
    if row is not None and row.created_time > cutoff:
        body: bytes = row.body.encode()
        return body
    if row is not None:
        ctx.tx.conn.execute(delete(idem).where(where))
    body = orjson.dumps(make())
    ctx.tx.conn.execute(
        insert(idem).values(
            org_id=ctx.org_id,
            operation=operation,
            key=key,
            status=200,
            body=body.decode(),
            created_time=ctx.now_iso,
        )
    )
    return body


def create_subscription(ctx: RequestContext, key: str, body: SubscriptionCreate) -> bytes:
    return idempotent(ctx, key, "subscriptions.create", lambda: _create(ctx, body))


def _create(ctx: RequestContext, body: SubscriptionCreate) -> Doc:
    count = ctx.tx.conn.execute(
        select(func.count()).select_from(sb).where(sb.c.org_id == ctx.org_id)
    ).scalar()
    if (count or 0) >= MAX_SUBSCRIPTIONS:
        raise ApplicationError(
            "BDC_1119",
            message=f"An organization can have at most {MAX_SUBSCRIPTIONS} subscriptions.",
        )
    url = check_url(body.notification_url)
    subscribed = check_events(body.events)
    event_key = worker.event_key(subscribed)
    _refuse_duplicate(ctx, event_key, url)
    import uuid

    now = ctx.now_iso
    enabled = body.status.enabled is not False
    doc = _ordered(
        {
            "id": str(uuid.uuid4()),
            "name": body.name,
            "organizationId": ctx.org_id,
            "status": _status(enabled, body.status.reason, "CLIENT"),
            "events": subscribed,
            "notificationUrl": url,
            "createdTime": now,
            "updatedTime": now,
        }
    )
    security_key = signer.new_key()
    ctx.tx.conn.execute(
        insert(sb).values(
            id=doc["id"],
            org_id=ctx.org_id,
            enabled=enabled,
            event_key=event_key,
            notification_url=url,
            security_key=security_key,
            created_time=now,
            updated_time=now,
            doc=orjson.dumps(doc).decode(),
        )
    )
    return {**doc, "securityKey": security_key}


def list_subscriptions(ctx: RequestContext, max_: str | None, page: str | None) -> Doc:
    limit = parse_max(max_)
    stmt = select(sb.c.created_time, sb.c.id, sb.c.doc).where(sb.c.org_id == ctx.org_id)
    if page:
        _, key = decode_cursor(ctx.tx.secret, page, "subscriptions", 2)
        stmt = stmt.where((sb.c.created_time > key[0]) | and_(sb.c.created_time == key[0], sb.c.id > key[1]))
    rows = ctx.tx.conn.execute(stmt.order_by(sb.c.created_time, sb.c.id).limit(limit + 1)).all()
    out: Doc = {}
    if len(rows) > limit:
        last = rows[limit - 1]
        out["nextPage"] = encode_cursor(ctx.tx.secret, "n", "subscriptions", [last.created_time, last.id])
    out["results"] = [orjson.loads(r.doc) for r in rows[:limit]]
    return out


def get_subscription(ctx: RequestContext, sub_id: str) -> Doc:
    return _load(ctx, sub_id)


def _apply(ctx: RequestContext, doc: Doc, name: str | None, status: Any, items: Any, url: str | None) -> Doc:
    if name is not None:
        doc["name"] = name
    if url is not None:
        doc["notificationUrl"] = check_url(url)
    if items is not None:
        doc["events"] = check_events(items)
    if status is not None:
        enabled = doc["status"]["enabled"] if status.enabled is None else status.enabled
        doc["status"] = _status(bool(enabled), status.reason, "CLIENT")
    _refuse_duplicate(ctx, worker.event_key(doc["events"]), doc["notificationUrl"], exclude=doc["id"])
    doc["updatedTime"] = ctx.now_iso
    return _save(ctx, doc)


def replace_subscription(ctx: RequestContext, sub_id: str, body: SubscriptionCreate) -> Doc:
    doc = _load(ctx, sub_id)
    status = body.status
    if status.enabled is None:
        status = status.model_copy(update={"enabled": True})
    return _apply(ctx, doc, body.name, status, body.events, body.notification_url)


def update_subscription(ctx: RequestContext, sub_id: str, body: SubscriptionUpdate) -> Doc:
    doc = _load(ctx, sub_id)
    return _apply(ctx, doc, body.name, body.status, body.events, body.notification_url)


def delete_subscription(ctx: RequestContext, sub_id: str) -> None:
    _load(ctx, sub_id)
    ctx.tx.conn.execute(delete(dl).where(dl.c.subscription_id == sub_id, dl.c.org_id == ctx.org_id))
    ctx.tx.conn.execute(delete(sb).where(sb.c.id == sub_id, sb.c.org_id == ctx.org_id))


def rotate_key(ctx: RequestContext, key: str, sub_id: str) -> bytes:
    def make() -> Doc:
        doc = _load(ctx, sub_id)
        new = signer.new_key()
        doc["updatedTime"] = ctx.now_iso
        _save(ctx, doc, security_key=new)
        return {"securityKey": new}

    return idempotent(ctx, key, f"subscriptions.security_key.{sub_id}", make)


def disable_by_system(tx: Tx, org_id: str, sub_id: str, reason: str) -> None:
    """Retries ran out: ``enabled:false`` with the reason, ``actor:SYSTEM``; the
    subscription's other pending deliveries are cancelled (the client can resend them)."""
    raw = tx.conn.execute(select(sb.c.doc).where(sb.c.id == sub_id, sb.c.org_id == org_id)).scalar()
    if raw is None:
        return
    doc = orjson.loads(raw)
    doc["status"] = _status(False, reason, "SYSTEM")
    doc["updatedTime"] = tx.now_iso
    tx.conn.execute(
        update(sb)
        .where(sb.c.id == sub_id)
        .values(enabled=False, doc=orjson.dumps(_ordered(doc)).decode(), updated_time=doc["updatedTime"])
    )
    tx.conn.execute(
        update(dl)
        .where(dl.c.subscription_id == sub_id, dl.c.state == "pending", dl.c.locked_until < 1.0)
        .values(state="cancelled")
    )


# ------------------------------------------------------------------- test event and resend


def _event_dto(row: Any, status_code: int | None) -> Doc:
    out: Doc = {
        "id": row.event_id,
        "type": row.event_type,
        "version": events.VERSION,
        "subscriptionId": row.subscription_id,
        "payload": row.body,
        "createdTime": row.created_time,
    }
    if status_code is not None:
        out["statusCode"] = status_code
    return out


def _delivery_row(ctx: RequestContext, delivery_id: str) -> Any:
    return ctx.tx.conn.execute(
        select(
            dl.c.event_id,
            dl.c.event_type,
            dl.c.subscription_id,
            dl.c.body,
            dl.c.created_time,
            dl.c.status_code,
        ).where(dl.c.id == delivery_id, dl.c.org_id == ctx.org_id)
    ).first()


def prepare_test(ctx: RequestContext, sub_id: str, body: TestEventRequest) -> str:
    """A test event for one subscription (not in the outbox: no one else receives it)."""
    import uuid

    doc = _load(ctx, sub_id)
    event_type = body.eventType or doc["events"][0]["type"]
    if event_type not in events.CATALOG:
        raise RequestError("BDC_1129", "eventType", event_type)
    version = body.version or events.VERSION
    if version != events.VERSION:
        raise RequestError("BDC_1129", "version", version)
    key = events.CATALOG[event_type]
    given = body.model_dump(by_alias=True).get(key)
    obj = given if given else payloads.SAMPLES.get(key, {})
    event_id = str(uuid.uuid4())
    raw = payloads.body(event_type, event_id, sub_id, ctx.org_id, obj)
    entity = str(obj.get("id") or obj.get("uuid") or "")[:40]
    return worker.new_delivery(ctx.tx, ctx.org_id, sub_id, event_id, event_type, entity, ctx.now_iso, raw)


def prepare_resend(ctx: RequestContext, sub_id: str, event_id: str) -> str:
    _load(ctx, sub_id)
    row = ctx.tx.conn.execute(
        select(dl.c.id).where(
            dl.c.subscription_id == sub_id, dl.c.event_id == event_id, dl.c.org_id == ctx.org_id
        )
    ).first()
    if row is None:
        raise NotFoundError(event_id)
    # A new delivery cycle: pending again, due now, retries counted from zero.
    ctx.tx.conn.execute(
        update(dl)
        .where(dl.c.id == row.id, dl.c.locked_until < clock.wall_now().timestamp())
        .values(state="pending", attempts=0, next_attempt_at=clock.wall_now().timestamp())
    )
    return str(row.id)


def event_dto(ctx: RequestContext, delivery_id: str) -> Doc:
    row = _delivery_row(ctx, delivery_id)
    if row is None:
        raise NotFoundError(delivery_id)
    return _event_dto(row, row.status_code)


async def send_and_report(caller: Caller, prepare: Callable[..., str], *args: Any) -> Doc:
    """Create (or re-arm) the delivery, send it now (no transaction open while waiting for the
    receiver), record the attempt and answer with the event as BILL's ``EventDto``. A failed
    send keeps its retries like any other delivery."""
    delivery_id = caller.write(prepare, *args)
    await worker.deliver_now(caller.db, caller.settings, delivery_id)
    return caller.read(event_dto, delivery_id)


# ----------------------------------------------------------------------------- history


def list_events(
    ctx: RequestContext,
    sub_id: str,
    entity_id: str | None,
    created_from: str | None,
    created_to: str | None,
    ascending: str | None,
    max_: str | None,
    page: str | None,
) -> Doc:
    _load(ctx, sub_id)
    limit = parse_max(max_)
    asc = False
    if ascending not in (None, ""):
        low = str(ascending).lower()
        if low not in ("true", "false"):
            raise RequestError("BDC_1129", "ascending", ascending)
        asc = low == "true"
    conds = [dl.c.org_id == ctx.org_id, dl.c.subscription_id == sub_id]
    if entity_id:
        conds.append(dl.c.entity_id == entity_id)
    for name, value, op in (("createdTimeFrom", created_from, ">="), ("createdTimeTo", created_to, "<=")):
        if value:
            ts = clock.parse_timestamp(value)
            if ts is None:
                raise RequestError("BDC_1129", name, value)
            conds.append(
                dl.c.created_time >= clock.iso(ts) if op == ">=" else dl.c.created_time <= clock.iso(ts)
            )
    sig = f"events:{sub_id}:{'asc' if asc else 'desc'}"
    if page:
        _, key = decode_cursor(ctx.tx.secret, page, sig, 2)
        if asc:
            conds.append((dl.c.created_time > key[0]) | and_(dl.c.created_time == key[0], dl.c.id > key[1]))
        else:
            conds.append((dl.c.created_time < key[0]) | and_(dl.c.created_time == key[0], dl.c.id < key[1]))
    order = [dl.c.created_time.asc(), dl.c.id.asc()] if asc else [dl.c.created_time.desc(), dl.c.id.desc()]
    rows = ctx.tx.conn.execute(
        select(
            dl.c.id,
            dl.c.event_id,
            dl.c.event_type,
            dl.c.subscription_id,
            dl.c.body,
            dl.c.created_time,
            dl.c.status_code,
        )
        .where(*conds)
        .order_by(*order)
        .limit(limit + 1)
    ).all()
    out: Doc = {}
    if len(rows) > limit:
        last = rows[limit - 1]
        out["nextPage"] = encode_cursor(ctx.tx.secret, "n", sig, [last.created_time, last.id])
    rows = rows[:limit]
    retries: dict[str, list[Doc]] = {}
    if rows:
        for a in ctx.tx.conn.execute(
            select(at.c.delivery_id, at.c.attempt, at.c.created_time, at.c.status_code)
            .where(at.c.delivery_id.in_([r.id for r in rows]), at.c.attempt > 1)
            .order_by(at.c.delivery_id, at.c.attempt)
        ):
            retries.setdefault(a.delivery_id, []).append(
                {"attemptNumber": a.attempt - 1, "createdTime": a.created_time, "statusCode": a.status_code}
            )
    out["results"] = [{**_event_dto(r, r.status_code), "retries": retries.get(r.id, [])} for r in rows]
    return out


# ------------------------------------------------------------------------- control plane


def recent_events(
    tx: Tx,
    org_id: str | None,
    type_: str | None,
    limit: int,
    entity_id: str | None = None,
    payload: bool = False,
) -> list[Doc]:
    """``GET /_sandbox/events``: the outbox, newest first (with each event's object when
    ``payload``)."""
    cols = [ev.c.seq, ev.c.id, ev.c.org_id, ev.c.type, ev.c.entity_id, ev.c.created_time, ev.c.dispatched]
    stmt = select(*cols, ev.c.payload) if payload else select(*cols)
    if org_id:
        stmt = stmt.where(ev.c.org_id == org_id)
    if type_:
        stmt = stmt.where(ev.c.type == type_)
    if entity_id:
        stmt = stmt.where(ev.c.entity_id == entity_id)
    rows = tx.conn.execute(stmt.order_by(ev.c.seq.desc()).limit(limit)).all()
    return [
        {
            "seq": r.seq,
            "id": r.id,
            "organizationId": r.org_id,
            "type": r.type,
            "entityId": r.entity_id,
            "createdTime": r.created_time,
            "dispatched": bool(r.dispatched),
            **({"payload": orjson.loads(r.payload)} if payload else {}),
        }
        for r in rows
    ]


def recent_attempts(tx: Tx, org_id: str | None, sub_id: str | None, limit: int) -> list[Doc]:
    """``GET /_sandbox/deliveries``: every delivery attempt, newest first."""
    stmt = select(at)
    if org_id:
        stmt = stmt.where(at.c.org_id == org_id)
    if sub_id:
        stmt = stmt.where(at.c.subscription_id == sub_id)
    rows = tx.conn.execute(stmt.order_by(at.c.seq.desc()).limit(limit)).all()
    return [
        {
            "seq": r.seq,
            "organizationId": r.org_id,
            "subscriptionId": r.subscription_id,
            "eventId": r.event_id,
            "type": r.event_type,
            "attempt": r.attempt,
            "statusCode": r.status_code,
            "latencyMs": r.latency_ms,
            "responseBody": r.response_body,
            "createdTime": r.created_time,
        }
        for r in rows
    ]
