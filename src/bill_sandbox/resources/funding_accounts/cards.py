"""Card accounts, their users, AP cards and card funding purposes (BILL-RULES §5.7, §7.3).

There is no create operation: every new organization gets one ``CREDIT_CARD`` card account with
its administrator ``VERIFIED`` on it and one ``ACTIVE`` AP card (``lifecycle``). A card payment
that used a ``cardFundingPurpose`` records it (``record_funding_purpose``); it becomes the
vendor's ``lastUsedPurpose``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Table, and_, select

from bill_sandbox import ids
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Base
from bill_sandbox.errors import NotFoundError, RequestError
from bill_sandbox.listing import ListParams
from bill_sandbox.query import bool_param
from bill_sandbox.resources.funding_accounts.stores import (
    ap_card_table,
    card_store,
    card_table,
    card_user_store,
    card_user_table,
    purpose_table,
)

CARD_FEE_RATE = Decimal("2.9")
CARD_BRANDS = ("VISA", "MASTERCARD", "AMEX", "DISCOVER")

# Card funding purposes (OUR DESIGN: BILL's list depends on the vendor's industry).
FUNDING_PURPOSES: tuple[dict[str, Any], ...] = (
    {"category": "GOODS", "subCategories": ["INVENTORY", "EQUIPMENT", "OFFICE_SUPPLIES"]},
    {"category": "SERVICES", "subCategories": ["PROFESSIONAL_SERVICES", "CONTRACTORS", "MARKETING"]},
    {"category": "OCCUPANCY", "subCategories": ["RENT", "UTILITIES"]},
    {"category": "OTHER", "subCategories": ["INSURANCE", "TAXES", "TRAVEL"]},
)


def _card_rates(ctx: RequestContext) -> dict[str, Any]:
    rows = ctx.tx.conn.execute(
        select(card_table.c.doc)
        .where(card_table.c.org_id == ctx.org_id, card_table.c.archived.is_(False))
        .order_by(card_table.c.created_time, card_table.c.id)
    ).scalars()
    default_id = None
    for raw in rows:
        card = orjson.loads(raw)
        if (card.get("default") or {}).get("payables"):
            default_id = card["id"]
            break
    rate = float(CARD_FEE_RATE)
    out: dict[str, Any] = {"funding": {"creditCardRate": rate, "debitCardRate": rate}}
    if default_id is not None:
        out = {"defaultCardAccountId": default_id, **out}
    return out


def list_card_accounts(ctx: RequestContext, card_user_status: str) -> dict[str, Any]:
    if card_user_status not in ("VERIFIED", "NOMINATED"):
        raise RequestError("BDC_1129", "cardUserStatus", card_user_status)
    rows = ctx.tx.conn.execute(
        select(card_table.c.doc)
        .join(
            card_user_table,
            and_(
                card_user_table.c.card_account_id == card_table.c.id,
                card_user_table.c.org_id == card_table.c.org_id,
            ),
        )
        .where(
            card_table.c.org_id == ctx.org_id,
            card_user_table.c.user_id == ctx.user_id,
            card_user_table.c.verification_status == card_user_status,
            card_user_table.c.archived.is_(False),
        )
        .order_by(card_table.c.created_time, card_table.c.id)
    ).scalars()
    return {"rates": _card_rates(ctx), "cards": [orjson.loads(raw) for raw in rows]}


def get_card_account(ctx: RequestContext, card_account_id: str) -> str:
    return card_store.get_raw(ctx, card_account_id)


def list_card_account_users(ctx: RequestContext, params: ListParams, current_user: str | None) -> bytes:
    where = [card_user_table.c.user_id == ctx.user_id] if bool_param("currentUser", current_user) else []
    return card_user_store.list(ctx, params, where)


def list_ap_cards(ctx: RequestContext) -> bytes:
    rows = ctx.tx.conn.execute(
        select(ap_card_table.c.doc)
        .where(ap_card_table.c.org_id == ctx.org_id)
        .order_by(ap_card_table.c.created_time, ap_card_table.c.id)
    ).scalars()
    return b"[" + b",".join(raw.encode() for raw in rows) + b"]"


def _vendor_exists(ctx: RequestContext, vendor_id: str) -> bool:
    """Checked against the vendors table once that resource exists; until then by id shape."""
    vendors: Table | None = Base.metadata.tables.get("vendors")
    if vendors is None:
        return ids.has_prefix(vendor_id, ids.PREFIXES["vendor"])
    found = ctx.tx.conn.execute(
        select(vendors.c.id).where(vendors.c.id == vendor_id, vendors.c.org_id == ctx.org_id)
    ).first()
    return found is not None


def card_funding_purposes(ctx: RequestContext, vendor_id: str, brand: str) -> dict[str, Any]:
    if brand.upper() not in CARD_BRANDS:
        raise RequestError("BDC_1129", "brand", brand)
    if not _vendor_exists(ctx, vendor_id):
        raise NotFoundError(vendor_id)
    last = ctx.tx.conn.execute(
        select(purpose_table.c.purpose).where(
            purpose_table.c.org_id == ctx.org_id, purpose_table.c.vendor_id == vendor_id
        )
    ).scalar()
    out: dict[str, Any] = {"results": [dict(p) for p in FUNDING_PURPOSES]}
    if last is not None:
        out = {"lastUsedPurpose": last, **out}
    return out


def is_funding_purpose(value: str) -> bool:
    return any(value == p["category"] or value in p["subCategories"] for p in FUNDING_PURPOSES)


def record_funding_purpose(ctx: RequestContext, vendor_id: str, purpose: str) -> None:
    where = and_(purpose_table.c.org_id == ctx.org_id, purpose_table.c.vendor_id == vendor_id)
    done = ctx.tx.conn.execute(
        purpose_table.update().where(where).values(purpose=purpose, updated_time=ctx.now_iso)
    )
    if not done.rowcount:
        ctx.tx.conn.execute(
            purpose_table.insert().values(
                org_id=ctx.org_id, vendor_id=vendor_id, purpose=purpose, updated_time=ctx.now_iso
            )
        )
