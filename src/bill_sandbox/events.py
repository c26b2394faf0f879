"""Domain events: the outbox, the catalog BILL announces, rules and reactions.

A resource that changes records what happened in the same transaction as the change:

    events.record(ctx, "vendor.updated", vendor_doc, previous=old_doc)

``record`` does two things, in this order, inside the caller's transaction:

1. When the type is in BILL's catalog (``CATALOG``), it appends a row to the outbox table
   (``events``): id, organization, type, the entity id, the sandbox time and the object as it
   is now (the wire document). The webhook worker (``bill_sandbox.webhooks``) fans committed
   rows out to subscriptions after commit; nothing is announced for a rolled-back change.
2. It runs the in-process **reactions** registered for that type (vendor renamed -> its bills
   and payments follow). They run in the same transaction, so a failure undoes everything.

**Rules** are the other kind of cross-resource code: a resource asks the others to decide
something about a document *before* it is written (``events.apply_rules(ctx, "bill.approval",
doc)``: approval policies set ``approvalStatus``). Rules and reactions are registered
explicitly by ``resources.registry.install`` (never as an import side effect), so reading the
registry tells who reacts to what.

Adding an event type that BILL announces is one line in ``CATALOG`` (type -> payload key).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Boolean, Index, Integer, String, Text, bindparam

from bill_sandbox.context import RequestContext
from bill_sandbox.db import Base, Mapped, Prepared, mapped_column

Doc = dict[str, Any]

# Every event type BILL announces (BILL-RULES §5.17), with the key of the object in the delivered
# body. Version "1" for all. A type is recorded in the outbox only once a resource emits it.
CATALOG: dict[str, str] = {
    "vendor.created": "vendor",
    "vendor.updated": "vendor",
    "vendor.archived": "vendor",
    "vendor.restored": "vendor",
    "autopay.failed": "vendor",
    "bill.created": "bill",
    "bill.updated": "bill",
    "bill.archived": "bill",
    "bill.restored": "bill",
    "payment.updated": "payment",
    "payment.failed": "payment",
    "mass-payment.updated": "payment",
    "bank-account.created": "bank-account",
    "bank-account.updated": "bank-account",
    "card-account.created": "card-account",
    "card-account.updated": "card-account",
    "invoice.created": "invoice",
    "invoice.updated": "invoice",
    "invoice.archived": "invoice",
    "invoice.restored": "invoice",
    "risk-verification.updated": "risk-verification",
    "spend.transaction.updated": "transaction",
    "spend.reimbursement.created": "reimbursement",
    "spend.reimbursement.updated": "reimbursement",
    "spend.reimbursement.deleted": "reimbursement",
    "spend.three-ds-challenge.created": "threeDsChallenge",
}
VERSION = "1"


class EventRow(Base):
    """The outbox: one row per announced event, written in the transaction of the change.

    ``seq`` orders events as they were committed per database; ``dispatched`` is set by the
    webhook worker once it has created the deliveries of the event (fan-out is idempotent,
    so a crash between the two is harmless)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_org_seq", "org_id", "seq"),
        Index("ix_events_org_entity", "org_id", "entity_id", "seq"),
        Index("ix_events_dispatched_seq", "dispatched", "seq"),
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    org_id: Mapped[str] = mapped_column(String(20), nullable=False)
    type: Mapped[str] = mapped_column(String(64), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    dispatched: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


table = EventRow.__table__
_INSERT = Prepared(
    table.insert().values(
        id=bindparam("id"),
        org_id=bindparam("org"),
        type=bindparam("type"),
        entity_id=bindparam("entity"),
        created_time=bindparam("at"),
        payload=bindparam("payload"),
        dispatched=bindparam("dispatched"),
    )
)


@dataclass(frozen=True, slots=True)
class Event:
    """What reactions receive: the type, the object now and (for updates) before."""

    type: str
    org_id: str
    obj: Doc
    previous: Doc | None = None
    id: str = ""

    def changed(self, key: str) -> bool:
        return self.previous is not None and self.previous.get(key) != self.obj.get(key)


Reaction = Callable[[RequestContext, Event], None]
Rule = Callable[[RequestContext, Doc], None]

_reactions: dict[str, list[Reaction]] = {}
_rules: dict[str, list[Rule]] = {}


def install(reactions: Mapping[str, list[Reaction]], rules: Mapping[str, list[Rule]]) -> None:
    """Set the reactions and rules (``resources.registry`` calls this; idempotent)."""
    unknown = [name for name in reactions if name not in CATALOG and "." not in name]
    if unknown:
        raise ValueError(f"reactions to unnamed events: {unknown}")
    _reactions.clear()
    _reactions.update({k: list(v) for k, v in reactions.items()})
    _rules.clear()
    _rules.update({k: list(v) for k, v in rules.items()})


def apply_rules(ctx: RequestContext, name: str, doc: Doc) -> None:
    """Let the resources that registered for ``name`` decide parts of ``doc`` before it is
    written (they may change it in place)."""
    for rule in _rules.get(name, ()):
        rule(ctx, doc)


def record(
    ctx: RequestContext, type_: str, obj: Doc, previous: Doc | None = None, at: str | None = None
) -> str:
    """Record a domain event in the caller's transaction; returns the event id ("" when the
    type is internal, i.e. not announced by BILL). Reactions run before this returns. ``at``:
    when it happened, if not now (a step the scheduler applies at its own due time)."""
    event_id = ""
    if type_ in CATALOG:
        event_id = str(uuid.uuid4())
        ctx.tx.execute_dml(
            _INSERT,
            {
                "id": event_id,
                "org": ctx.org_id,
                "type": type_,
                "entity": str(obj.get("id") or obj.get("uuid") or ""),
                "at": at or ctx.now_iso,
                "payload": orjson.dumps(obj).decode(),
                "dispatched": False,
            },
        )
        ctx.tx.events_recorded += 1
    reactions = _reactions.get(type_)
    if reactions:
        event = Event(type_, ctx.org_id, obj, previous, event_id)
        for reaction in reactions:
            reaction(ctx, event)
    return event_id


def catalog() -> list[dict[str, Any]]:
    """``GET /v3/events/catalog``: every type with its versions."""
    return [{"type": name, "versions": [VERSION]} for name in CATALOG]
