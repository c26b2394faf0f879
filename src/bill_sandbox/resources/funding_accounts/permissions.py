"""Who may do what with funding accounts: the ADMINISTRATOR-only writes and the paying roles
(``GET /v3/funding-accounts/permissions``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select

from bill_sandbox.accounts.models import UserRow
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ForbiddenError
from bill_sandbox.resources.funding_accounts.stores import bank_table, bank_user_table, card_table

users = UserRow.__table__

PAY_ROLES = frozenset({"ADMINISTRATOR", "PAYER"})
NO_PERMISSION = "Current user or organization does not have valid permissions."


def role(ctx: RequestContext) -> str | None:
    """The caller's role in its organization."""
    found: str | None = ctx.tx.conn.execute(
        select(users.c.role).where(users.c.id == ctx.user_id, users.c.org_id == ctx.org_id)
    ).scalar()
    return found


def require_admin(ctx: RequestContext) -> None:
    if role(ctx) != "ADMINISTRATOR":
        raise ForbiddenError(None, message=NO_PERMISSION)


def user_can_pay(ctx: RequestContext) -> bool:
    if role(ctx) not in PAY_ROLES:
        return False
    found = ctx.tx.conn.execute(
        select(bank_user_table.c.id)
        .join(
            bank_table,
            and_(
                bank_table.c.id == bank_user_table.c.bank_account_id,
                bank_table.c.org_id == bank_user_table.c.org_id,
            ),
        )
        .where(
            bank_user_table.c.org_id == ctx.org_id,
            bank_user_table.c.user_id == ctx.user_id,
            bank_user_table.c.verification_status == "VERIFIED",
            bank_user_table.c.archived.is_(False),
            bank_table.c.status == "VERIFIED",
            bank_table.c.archived.is_(False),
        )
        .limit(1)
    ).first()
    return found is not None


def permissions(ctx: RequestContext) -> dict[str, Any]:
    cards = ctx.tx.conn.execute(
        select(card_table.c.id)
        .where(
            card_table.c.org_id == ctx.org_id,
            card_table.c.archived.is_(False),
            card_table.c.status == "VERIFIED",
        )
        .limit(1)
    ).first()
    has_card = cards is not None
    return {
        "organization": {
            "card": {"payByCard": has_card, "fundingEnabled": has_card, "amexAllowed": False},
            # The payments API accepts WALLET funding (the BILL balance), so say so.
            "wallet": {"fundingEnabled": True},
        },
        "user": {"payOnline": user_can_pay(ctx)},
    }
