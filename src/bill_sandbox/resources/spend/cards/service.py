"""Vendor cards: create (VIRTUAL, ``ACTIVATED``), get, list, PATCH, freeze/unfreeze, DELETE
with a reason, and the PAN JWT.

DEFAULT state machine (BILL-RULES §5.18b "Cards"): ``ACTIVATED`` <-> ``FROZEN``; DELETE keeps the
card readable with ``retired``-style hiding (it leaves the list), ``status: "CLOSED"`` and
``deletedReason``. A card past its ``expirationDate`` cannot pay (card activity declines it).
The card number and CVV never appear in a document: ``GET .../pan-jwt`` signs them into a JWT
that lives 5 minutes of sandbox time, read back by the local ``POST /_sandbox/spend/pan``.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any

import jwt
from sqlalchemy import select

from bill_sandbox import clock
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, NotFoundError, RequestError, ValidationFailed
from bill_sandbox.events import Event
from bill_sandbox.listing import list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.spend.auth import SpendContext, require_manager
from bill_sandbox.resources.spend.budgets import members
from bill_sandbox.resources.spend.budgets import service as budgets
from bill_sandbox.resources.spend.cards.models import SpendCardRow
from bill_sandbox.resources.spend.cards.schemas import CardCreate, CardUpdate
from bill_sandbox.resources.spend.common import Doc, SpendStore, amount
from bill_sandbox.resources.spend.listing import SpendListParams, SpendSpec, page
from bill_sandbox.resources.spend.users import service as users

table = SpendCardRow.__table__
PAN_SECONDS = 300
DELETE_REASONS = ("CANCELLED", "LOST", "STOLEN", "MISPLACED")
KEY_ORDER = (
    "name",
    "userId",
    "userUuid",
    "budgetId",
    "budgetUuid",
    "lastFour",
    "validThru",
    "expirationDate",
    "status",
    "deletedReason",
    "type",
    "shareBudgetFunds",
    "recurring",
    "recurringLimit",
    "currentPeriod",
    "createdTime",
    "updatedTime",
)


def _project(doc: Doc) -> dict[str, Any]:
    return {
        "name": doc.get("name", ""),
        "status": doc.get("status", ""),
        "user_uuid": doc.get("userUuid", ""),
        "budget_uuid": doc.get("budgetUuid", ""),
    }


class CardStore(SpendStore):
    """A card has no ``retired`` field: a deleted card is ``CLOSED`` (and leaves the list)."""

    def _values(self, doc: Doc) -> dict[str, Any]:
        doc.pop("retired", None)
        values = super()._values(doc)
        values["retired"] = doc.get("status") == "CLOSED"
        return values

    def save(self, ctx: RequestContext, doc: Doc) -> Doc:
        doc["updatedTime"] = ctx.now_iso
        return super().save(ctx, doc)


store = CardStore(table, "crd", "Card", _project, KEY_ORDER)
SPEC = SpendSpec(
    table,
    {
        "cardIds": list_field("cardIds", table.c.id, ops="eq,in"),
        "retired": list_field("retired", table.c.retired, "bool", ops="eq"),
        "budgetId": list_field("budgetId", table.c.budget_uuid, ops="eq"),
        "userId": list_field("userId", table.c.user_uuid, ops="eq"),
        "status": list_field("status", table.c.status, ops="eq,ne,in"),
    },
    {"status": table.c.status, "name": table.c.name, "createdTime": table.c.created_time},
    refs={
        "cardIds": lambda ctx, v: store.row_id(ctx, v),
        "budgetId": lambda ctx, v: budgets.store.row_id(ctx, v),
        "userId": lambda ctx, v: users.store.row_id(ctx, v),
    },
)


def _luhn_pan() -> str:
    digits = [4] + [secrets.randbelow(10) for _ in range(14)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def _ensure_member(ctx: RequestContext, budget: Doc, user: Doc) -> None:
    """The cardholder spends from the budget: a non-member joins it as a MEMBER sharing funds."""
    member = members.find_member(ctx, budget["uuid"], user["uuid"])
    if member is None or member.get("retired"):
        members.put_member(ctx, budget, user, "MEMBER", None, None, True)


def list_cards(ctx: SpendContext, params: SpendListParams) -> dict[str, Any]:
    return page(ctx, SPEC, params)


def create_card(ctx: SpendContext, body: CardCreate) -> Doc:
    require_manager(ctx)
    user_ref = body.user_id or body.user_uuid
    budget_ref = body.budget_id or body.budget_uuid
    problems = [
        f"{name}: must not be null"
        for name, value in (
            ("name", (body.name or "").strip()),
            ("userId", user_ref),
            ("budgetId", budget_ref),
        )
        if not value
    ]
    if problems:
        raise ValidationFailed(problems)
    assert user_ref and budget_ref and body.name
    user = users.store.get_live(ctx, user_ref, "userId")
    budget = budgets.store.get_live(ctx, budget_ref, "budgetId")
    for name, value in (("limit", body.limit), ("recurringLimit", body.recurring_limit)):
        if value is not None and value < 0:
            raise ValidationFailed([f"{name}: must be greater than or equal to 0"])
    _ensure_member(ctx, budget, user)
    share = body.share_budget_funds if body.share_budget_funds is not None else body.limit is None
    expires = ctx.now + timedelta(days=3 * 365)
    pan = _luhn_pan()
    doc: Doc = {
        "name": body.name,
        "userId": user["id"],
        "userUuid": user["uuid"],
        "budgetId": budget["id"],
        "budgetUuid": budget["uuid"],
        "lastFour": pan[-4:],
        "validThru": f"{expires:%m/%y}",
        "expirationDate": clock.iso_date(body.expiration_date) if body.expiration_date else None,
        "status": "ACTIVATED",
        "type": "VIRTUAL",
        "shareBudgetFunds": share,
        "recurring": body.recurring_limit is not None,
        "recurringLimit": None if body.recurring_limit is None else amount(body.recurring_limit),
        "currentPeriod": {"limit": amount(body.limit or 0), "spent": 0},
        "createdTime": ctx.now_iso,
        "updatedTime": ctx.now_iso,
    }
    doc = store.insert(ctx, doc)
    ctx.tx.conn.execute(
        table.update()
        .where(table.c.org_id == ctx.org_id, table.c.id == doc["uuid"])
        .values(pan=pan, cvv=f"{secrets.randbelow(1000):03d}")
    )
    return doc


def get_card(ctx: SpendContext, card_id: str) -> Doc:
    return store.get(ctx, card_id)


def _live(ctx: SpendContext, card_id: str) -> Doc:
    doc = store.get(ctx, card_id, for_update=True)
    if doc.get("status") == "CLOSED":
        raise ApplicationError("BDC_1119", "cardId", card_id[:40], object_id=doc["uuid"])
    return doc


def update_card(ctx: SpendContext, card_id: str, body: CardUpdate) -> Doc:
    require_manager(ctx)
    doc = _live(ctx, card_id)
    patch = body.model_dump(exclude_unset=True)
    if "name" in patch:
        if not (patch["name"] or "").strip():
            raise ValidationFailed(["name: must not be blank"])
        doc["name"] = patch["name"]
    budget_ref = patch.get("budget_id") or patch.get("budget_uuid")
    if budget_ref:
        budget = budgets.store.get_live(ctx, budget_ref, "budgetId")
        _ensure_member(ctx, budget, users.store.get(ctx, doc["userUuid"]))
        doc["budgetId"], doc["budgetUuid"] = budget["id"], budget["uuid"]
    period = doc.setdefault("currentPeriod", {"limit": 0, "spent": 0})
    for name, wire_name in (("limit", "limit"), ("recurring_limit", "recurringLimit")):
        if patch.get(name) is not None and patch[name] < 0:
            raise ValidationFailed([f"{wire_name}: must be greater than or equal to 0"])
    if patch.get("limit") is not None:
        period["limit"] = amount(patch["limit"])
    if patch.get("recurring_limit") is not None:
        doc["recurringLimit"] = amount(patch["recurring_limit"])
        doc["recurring"] = True
    if "expiration_date" in patch:
        value = patch["expiration_date"]
        doc["expirationDate"] = clock.iso_date(value) if value else None
    if patch.get("share_budget_funds") is not None:
        doc["shareBudgetFunds"] = patch["share_budget_funds"]
    if patch.get("recurring") is not None:
        doc["recurring"] = patch["recurring"]
    return store.save(ctx, doc)


def freeze_card(ctx: SpendContext, card_id: str) -> Doc:
    require_manager(ctx)
    doc = _live(ctx, card_id)
    if doc["status"] == "FROZEN":
        return doc
    return store.save(ctx, {**doc, "status": "FROZEN"})


def unfreeze_card(ctx: SpendContext, card_id: str) -> Doc:
    require_manager(ctx)
    doc = _live(ctx, card_id)
    if doc["status"] == "ACTIVATED":
        return doc
    return store.save(ctx, {**doc, "status": "ACTIVATED"})


def delete_card(ctx: SpendContext, card_id: str, reason: str | None) -> None:
    require_manager(ctx)
    if not reason:
        raise RequestError("BDC_1108", "reason")
    if reason not in DELETE_REASONS:
        raise RequestError("BDC_1129", "reason", reason[:40])
    doc = store.get(ctx, card_id, for_update=True)
    if doc.get("status") == "CLOSED":
        raise NotFoundError(card_id[:40])
    store.save(ctx, {**doc, "status": "CLOSED", "deletedReason": reason})


# ------------------------------------------------------------------------------ PAN JWT
def _key(secret: bytes) -> bytes:
    return b"spend-pan-jwt:" + (secret or b"bill-sandbox-without-a-secret-yet")


def pan_jwt(ctx: SpendContext, card_id: str) -> Doc:
    doc = store.get(ctx, card_id)
    if doc.get("status") == "CLOSED":
        raise ApplicationError("BDC_1119", "cardId", card_id[:40], object_id=doc["uuid"])
    row = ctx.tx.conn.execute(
        select(table.c.pan, table.c.cvv).where(table.c.org_id == ctx.org_id, table.c.id == doc["uuid"])
    ).first()
    assert row is not None
    now = int(ctx.now.timestamp())
    claims = {
        "sub": doc["uuid"],
        "org": ctx.org_id,
        "pan": row.pan,
        "cvv": row.cvv,
        "exp": now + PAN_SECONDS,  # sandbox time: checked by read_pan, not by PyJWT
        "validThru": doc.get("validThru"),
    }
    return {"token": jwt.encode(claims, _key(ctx.tx.secret), algorithm="HS256")}


def read_pan(tx: Any, token: str) -> Doc:
    """``POST /_sandbox/spend/pan``: the card details in a PAN JWT, while it lives (5 minutes
    of the organization's sandbox time)."""
    from bill_sandbox.errors import UnauthorizedError

    try:
        claims = jwt.decode(
            token,
            _key(tx.secret),
            algorithms=["HS256"],
            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
        )
    except jwt.PyJWTError:
        raise UnauthorizedError(None, message="Invalid token") from None
    tx.use_org(str(claims.get("org", "")))
    if int(claims.get("exp", 0)) < tx.now.timestamp():
        raise UnauthorizedError(None, message="Token expired")
    return {
        "cardUuid": claims["sub"],
        "pan": claims["pan"],
        "cvv": claims["cvv"],
        "validThru": claims.get("validThru"),
    }


# ---------------------------------------------------------------------------- spending
def record_spend(ctx: RequestContext, card_uuid: str, delta: Decimal) -> None:
    card = store.find(ctx, card_uuid, for_update=True)
    if card is None:
        return
    period = card.setdefault("currentPeriod", {"limit": 0, "spent": 0})
    period["spent"] = amount(from_json(period.get("spent")) + delta)
    store.save(ctx, card)


def reset_period(ctx: RequestContext, event: Event) -> None:
    """Reaction to ``spend.budget.period-started``: the budget's recurring cards start over."""
    for card in store.all(ctx, table.c.budget_uuid == event.obj["uuid"]):
        period = card.setdefault("currentPeriod", {"limit": 0, "spent": 0})
        period["spent"] = 0
        if card.get("recurring") and card.get("recurringLimit") is not None:
            period["limit"] = card["recurringLimit"]
        store.save(ctx, card)
