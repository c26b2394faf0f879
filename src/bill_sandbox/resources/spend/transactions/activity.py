"""Card activity, simulated through the control plane (transactions have no create in BILL).

``POST /_sandbox/spend/transactions`` (alias ``/_sandbox/spend/card-activity``) with
``{cardId, amount, merchantName, action}``:

- ``AUTHORIZE``: an ``AUTHORIZATION`` (pending) when the card and its budget allow it, else a
  ``DECLINE`` carrying ``declineReason`` / ``declineInternalReasonCode``. Checks, in order:
  card deleted, frozen or expired; budget deleted or expired; ``maxTxSize``; the card's own
  ``currentPeriod.limit`` (unless it shares budget funds); the cardholder's member limit; the
  budget's period limit plus ``overspendBuffer`` (unless ``limitlessOverspend``).
- ``CLEAR`` (``transactionId`` of an authorization; ``amount`` defaults to its amount): a
  ``CLEAR`` linked both ways; pending becomes cleared. Without ``transactionId``: a clear with
  no authorization (``originalAuthTransactionId`` absent).
- ``REVERSE`` (``transactionId`` of an authorization): an ``AUTHORIZATION`` with a negative
  amount; the pending amount goes back.
- ``REFUND``: a ``CLEAR`` with a negative amount; the cleared amount goes back.
- ``THREE_DS``: a 3DS challenge (``spend.three-ds-challenge.created``); answering it with
  ``POST /v3/spend/transactions/{acsTransactionId}/3ds-challenge`` ACCEPT authorizes (the same
  checks apply), REJECT declines.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any, Literal

import orjson
from pydantic import ConfigDict, Field
from sqlalchemy import or_, select

from bill_sandbox import clock, events
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, NotFoundError, field_error
from bill_sandbox.money import from_json
from bill_sandbox.resources.spend.auth import SpendContext, require_admin
from bill_sandbox.resources.spend.budgets import members
from bill_sandbox.resources.spend.budgets import service as budgets
from bill_sandbox.resources.spend.cards import service as cards
from bill_sandbox.resources.spend.common import Doc, amount, company_uuid, parse_money
from bill_sandbox.resources.spend.transactions import service as transactions
from bill_sandbox.resources.spend.transactions.models import SpendChallengeRow
from bill_sandbox.resources.spend.transactions.schemas import ChallengeAnswer
from bill_sandbox.resources.spend.users import service as users
from bill_sandbox.schemas import PlainModel

ct = SpendChallengeRow.__table__
CHALLENGE_CREATED = "spend.three-ds-challenge.created"

DECLINES = {
    "CARD_CLOSED": "Card is closed",
    "CARD_FROZEN": "Card is frozen",
    "CARD_EXPIRED": "Card is expired",
    "BUDGET_CLOSED": "Budget is deleted",
    "BUDGET_EXPIRED": "Budget is expired",
    "EXCEEDS_MAX_TRANSACTION_SIZE": "Amount exceeds the budget's maximum transaction size",
    "CARD_LIMIT_EXCEEDED": "Amount exceeds the card's available limit",
    "USER_LIMIT_EXCEEDED": "Amount exceeds the cardholder's budget limit",
    "INSUFFICIENT_BUDGET_FUNDS": "Amount exceeds the budget's available funds",
    "THREE_DS_REJECTED": "3DS challenge rejected",
}


class CardActivity(PlainModel):
    model_config = ConfigDict(extra="forbid")
    cardId: str = Field(..., max_length=40, description="Card id or uuid")
    action: Literal["AUTHORIZE", "CLEAR", "REVERSE", "REFUND", "THREE_DS"] = "AUTHORIZE"
    amount: Any = Field(None, description="Dollars; CLEAR/REVERSE default to the authorization's")
    merchantName: str | None = Field(None, max_length=255)
    merchantCategoryCode: str | None = Field(None, max_length=4)
    transactionId: str | None = Field(None, max_length=40, description="The authorization (CLEAR, REVERSE)")
    occurredTime: str | None = Field(None, description="Defaults to now (sandbox time)")
    city: str | None = None
    state: str | None = None
    postalCode: str | None = None
    country: str | None = None


def card_org(tx: Any, card_ref: str) -> str:
    """The organization that owns a card (the control plane is not signed in)."""
    c = cards.table.c
    rows = tx.conn.execute(
        select(c.org_id).where(or_(c.id == card_ref, c.legacy_id == card_ref)).limit(2)
    ).all()
    if len(rows) != 1:
        raise NotFoundError(card_ref[:40])
    return str(rows[0].org_id)


def transaction_org(tx: Any, ref: str) -> str:
    c = transactions.table.c
    rows = tx.conn.execute(select(c.org_id).where(or_(c.id == ref, c.legacy_id == ref)).limit(2)).all()
    if len(rows) != 1:
        raise NotFoundError(ref[:40])
    return str(rows[0].org_id)


def _today(ctx: RequestContext) -> str:
    return clock.iso_date(ctx.now)


def decline_reason(ctx: RequestContext, card: Doc, budget: Doc | None, value: Decimal) -> str | None:
    if card.get("retired") or card.get("status") == "CLOSED":
        return "CARD_CLOSED"
    if card.get("status") == "FROZEN":
        return "CARD_FROZEN"
    if card.get("expirationDate") and card["expirationDate"] < _today(ctx):
        return "CARD_EXPIRED"
    if budget is None or budget.get("retired"):
        return "BUDGET_CLOSED"
    if budget.get("expirationDate") and budget["expirationDate"] < _today(ctx):
        return "BUDGET_EXPIRED"
    if budget.get("maxTxSize") is not None and value > from_json(budget["maxTxSize"]):
        return "EXCEEDS_MAX_TRANSACTION_SIZE"
    period = card.get("currentPeriod") or {}
    if not card.get("shareBudgetFunds") and value > from_json(period.get("limit")) - from_json(
        period.get("spent")
    ):
        return "CARD_LIMIT_EXCEEDED"
    member = members.find_member(ctx, budget["uuid"], card["userUuid"])
    limited = member is not None and not member.get("shareBudgetFunds") and member.get("limit") is not None
    if limited and member is not None and value > from_json(member["limit"]) - from_json(member.get("spent")):
        return "USER_LIMIT_EXCEEDED"
    if not budget.get("limitlessOverspend") and value > budgets.available(budget):
        return "INSUFFICIENT_BUDGET_FUNDS"
    return None


def _base_doc(
    ctx: RequestContext, card: Doc, budget: Doc | None, body: CardActivity, kind: str, value: Decimal
) -> Doc:
    user = users.store.find(ctx, card["userUuid"]) or {}
    when = body.occurredTime or ctx.now_iso
    if clock.parse_timestamp(when) is None:
        raise field_error("occurredTime", "must be a timestamp")
    when = clock.iso(clock.parse_timestamp(when))  # type: ignore[arg-type]
    merchant = body.merchantName or "Sandbox Merchant"
    location = {
        "city": body.city,
        "state": body.state,
        "postalCode": body.postalCode,
        "country": body.country,
    }
    doc: Doc = {
        "childTransactionIds": [],
        "childTransactionUuids": [],
        "isLocked": False,
        "isReconciled": False,
        "transactionType": kind,
        "userId": user.get("id"),
        "userUuid": card["userUuid"],
        "userName": users.full_name(user) if user else None,
        "rawMerchantName": merchant.upper(),
        "merchantName": merchant,
        "budgetId": (budget or {}).get("id"),
        "budgetUuid": (budget or {}).get("uuid"),
        "budgetName": (budget or {}).get("name"),
        "parentBudgetUuid": (budget or {}).get("parentBudgetUuid"),
        "isCredit": value < 0,
        "currencyData": {
            "exchangeRate": 1,
            "exponent": 2,
            "originalCurrencyAmount": str(abs(int(value * 100))),
            "originalCurrencyCode": "USD",
            "symbol": "$",
        },
        "receiptRequired": bool((budget or {}).get("receiptRequired")),
        "reviewRequired": False,
        "occurredTime": when,
        "updatedTime": ctx.now_iso,
        "authorizedTime": when if kind in ("AUTHORIZATION", "DECLINE") else None,
        "complete": kind != "AUTHORIZATION",
        "pointsAwarded": 0,
        "customFields": [],
        "receipts": [],
        "network": "VISA",
        "isParent": False,
        "reviews": [],
        "amount": amount(value),
        "transactedAmount": amount(value),
        "fees": 0,
        "foreignExchangeFee": 0,
        "receiptStatus": "MISSING" if (budget or {}).get("receiptRequired") else "NOT_ATTACHED",
        "reviewers": [],
        "cardId": card["id"],
        "cardUuid": card["uuid"],
        "cardLastFour": card.get("lastFour"),
        "cardType": "VIRTUAL",
        "receiptSyncStatus": "NO_ATTACHMENTS",
        "merchantCategoryCode": body.merchantCategoryCode or "5943",
        "cardPresent": False,
        "merchantLocation": {k: v for k, v in location.items() if v} or None,
    }
    return doc


def _insert(ctx: RequestContext, doc: Doc) -> Doc:
    doc = transactions.store.insert(ctx, doc)
    transactions.announce(ctx, doc)
    return doc


def _authorize(
    ctx: RequestContext, card: Doc, body: CardActivity, value: Decimal, reason: str | None = None
) -> Doc:
    if value <= 0:
        raise field_error("amount", "must be greater than 0")
    budget = budgets.store.find(ctx, card.get("budgetUuid"))
    reason = reason or decline_reason(ctx, card, budget, value)
    if reason is not None:
        doc = _base_doc(ctx, card, budget, body, "DECLINE", value)
        doc["declineReason"] = DECLINES[reason]
        doc["declineInternalReasonCode"] = reason
        return _insert(ctx, doc)
    assert budget is not None
    doc = _insert(ctx, _base_doc(ctx, card, budget, body, "AUTHORIZATION", value))
    budgets.record_spend(ctx, budget["uuid"], card["userUuid"], value, Decimal(0))
    cards.record_spend(ctx, card["uuid"], value)
    return doc


def _open_auth(ctx: RequestContext, card: Doc, ref: str | None) -> Doc:
    if not ref:
        raise field_error("transactionId", "must not be null")
    auth = transactions.store.find(ctx, ref, for_update=True)
    if auth is None or auth.get("cardUuid") != card["uuid"]:
        raise NotFoundError(ref[:40])
    if (
        auth.get("transactionType") != "AUTHORIZATION"
        or from_json(auth.get("amount")) <= 0
        or auth.get("complete")
    ):
        raise ApplicationError("BDC_1119", "transactionId", ref[:40], message="Not an open authorization.")
    return auth


def simulate(ctx: RequestContext, body: CardActivity) -> Doc:
    card = cards.store.get(ctx, body.cardId, for_update=True)
    value = None if body.amount is None else parse_money("amount", body.amount)
    if body.action == "AUTHORIZE":
        if value is None:
            raise field_error("amount", "must not be null")
        return _authorize(ctx, card, body, value)
    if body.action == "THREE_DS":
        if value is None or value <= 0:
            raise field_error("amount", "must be greater than 0")
        return _challenge(ctx, card, body, value)
    if body.action in ("CLEAR", "REVERSE") and body.transactionId:
        auth = _open_auth(ctx, card, body.transactionId)
        if body.merchantName is None:  # the same merchant as the authorization
            body = body.model_copy(
                update={
                    "merchantName": auth.get("merchantName"),
                    "merchantCategoryCode": body.merchantCategoryCode or auth.get("merchantCategoryCode"),
                }
            )
        budget = budgets.store.find(ctx, auth.get("budgetUuid"))
        auth_value = from_json(auth["amount"])
        value = auth_value if value is None else value
        if value <= 0:
            raise field_error("amount", "must be greater than 0")
        kind = "CLEAR" if body.action == "CLEAR" else "AUTHORIZATION"
        signed = value if kind == "CLEAR" else -value
        doc = _base_doc(ctx, card, budget, body, kind, signed)
        doc.update(
            originalAuthTransactionId=auth["id"], originalAuthTransactionUuid=auth["uuid"], complete=True
        )
        doc["authorizedTime"] = auth.get("authorizedTime")
        doc = _insert(ctx, doc)
        auth["complete"] = True
        if kind == "CLEAR":
            auth.update(matchedClearTransactionId=doc["id"], matchedClearTransactionUuid=doc["uuid"])
        transactions.announce(ctx, transactions.store.save(ctx, auth))
        if budget is not None:
            budgets.record_spend(
                ctx, budget["uuid"], card["userUuid"], -auth_value, value if kind == "CLEAR" else Decimal(0)
            )
        cards.record_spend(ctx, card["uuid"], (value - auth_value) if kind == "CLEAR" else -auth_value)
        return doc
    if body.action == "REVERSE":
        raise field_error("transactionId", "must not be null")
    # A clear without an authorization, or a refund (a negative clear).
    if value is None or value <= 0:
        raise field_error("amount", "must be greater than 0")
    budget = budgets.store.find(ctx, card.get("budgetUuid"))
    signed = value if body.action == "CLEAR" else -value
    doc = _base_doc(ctx, card, budget, body, "CLEAR", signed)
    if body.action == "REFUND" and body.transactionId:
        original = transactions.store.find(ctx, body.transactionId)
        if original is None or original.get("cardUuid") != card["uuid"]:
            raise NotFoundError(body.transactionId[:40])
    doc = _insert(ctx, doc)
    if budget is not None:
        budgets.record_spend(ctx, budget["uuid"], card["userUuid"], Decimal(0), signed)
    cards.record_spend(ctx, card["uuid"], signed)
    return doc


# ------------------------------------------------------------------------------------ 3DS
def _challenge(ctx: RequestContext, card: Doc, body: CardActivity, value: Decimal) -> Doc:
    acs = "acs_" + secrets.token_hex(12)
    payload = {
        "merchantName": body.merchantName or "Sandbox Merchant",
        "merchantCategoryCode": body.merchantCategoryCode or "5943",
        "acsTransactionId": acs,
        "userUuid": card["userUuid"],
        "occurredTime": ctx.now_iso,
        "amount": amount(value),
        "cardUuid": card["uuid"],
        "companyUuid": company_uuid(ctx.org_id),
        "currencyCode": "USD",
    }
    request = body.model_dump(exclude_none=True)
    ctx.tx.conn.execute(
        ct.insert().values(
            id=acs,
            org_id=ctx.org_id,
            status="PENDING",
            created_time=ctx.now_iso,
            doc=orjson.dumps({"payload": payload, "request": request}).decode(),
        )
    )
    events.record(ctx, CHALLENGE_CREATED, payload)  # ThreeDsChallengePayloadV1
    return {**payload, "status": "PENDING"}


def answer_challenge(ctx: SpendContext, acs_id: str, body: ChallengeAnswer) -> Doc:
    require_admin(ctx)
    if body.action is None:
        raise field_error("action", "must not be null")
    row = ctx.tx.conn.execute(
        select(ct.c.status, ct.c.doc).where(ct.c.org_id == ctx.org_id, ct.c.id == acs_id).with_for_update()
    ).first()
    if row is None:
        raise NotFoundError(acs_id[:40])
    if row.status != "PENDING":
        raise ApplicationError(
            "BDC_1119", "acsTransactionId", acs_id, message="The challenge was already answered."
        )
    data = orjson.loads(row.doc)
    status = "ACCEPTED" if body.action == "ACCEPT" else "REJECTED"
    request = CardActivity(**{**data["request"], "action": "AUTHORIZE"})
    card = cards.store.get(ctx, request.cardId, for_update=True)
    value = parse_money("amount", request.amount)
    txn = _authorize(ctx, card, request, value, None if status == "ACCEPTED" else "THREE_DS_REJECTED")
    data["transactionUuid"] = txn["uuid"]
    ctx.tx.conn.execute(
        ct.update().where(ct.c.id == acs_id).values(status=status, doc=orjson.dumps(data).decode())
    )
    return {"id": acs_id, "status": status}
