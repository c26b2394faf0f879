"""Funding accounts without a request: what a new organization starts with
(``seed_funding_accounts``) and the transitions on the sandbox clock (``apply_due``).

Time-driven transitions run when the scheduler sees them due (``resources.registry``), whether
the wall clock or the control plane moved the sandbox clock.
"""

from __future__ import annotations

from sqlalchemy import select

from bill_sandbox.accounts.models import OrganizationRow, UserRow
from bill_sandbox.context import RequestContext
from bill_sandbox.events import Event
from bill_sandbox.resources.funding_accounts.bank_account_users import verify_nominated
from bill_sandbox.resources.funding_accounts.bank_accounts import SEED_ROUTING, expire_pending
from bill_sandbox.resources.funding_accounts.stores import (
    ap_store,
    bank_store,
    card_store,
    insert_card_user,
    user_store,
)

users = UserRow.__table__
orgs = OrganizationRow.__table__


def seed_funding_accounts(ctx: RequestContext, _event: Event) -> None:
    """Reaction to ``organization.created``: one VERIFIED bank account and one CREDIT_CARD card
    account, the organization's first administrator VERIFIED on both, and one ACTIVE AP card
    (BILL-RULES §7.3)."""
    tx, org_id = ctx.tx, ctx.org_id
    admin = tx.conn.execute(
        select(users.c.id)
        .where(users.c.org_id == org_id, users.c.role == "ADMINISTRATOR", users.c.archived.is_(False))
        .order_by(users.c.created_time, users.c.id)
        .limit(1)
    ).scalar()
    name = tx.conn.execute(select(orgs.c.name).where(orgs.c.id == org_id)).scalar() or "Sandbox Organization"
    bank = bank_store.insert(
        ctx,
        {
            "status": "VERIFIED",
            "createdBy": admin,
            "routingNumber": SEED_ROUTING,
            "accountNumber": "4001002003",
            "nameOnAccount": name,
            "type": "CHECKING",
            "ownerType": "BUSINESS",
            "bankName": "Sandbox Bank",
            "accessToAdmins": True,
            "default": {"payables": True, "receivables": True},
        },
    )
    card = card_store.insert(
        ctx,
        {
            "createdBy": admin,
            "issuingBankName": "Sandbox Bank",
            "nameOnAccount": name,
            "brand": "VISA",
            "type": "CREDIT_CARD",
            "status": "VERIFIED",
            "last4": "1111",
            "expiration": {"year": str(tx.now.year + 3), "month": "12"},
            "default": {"payables": True, "receivables": False, "funding": True, "disbursement": False},
        },
    )
    ap_store.insert(ctx, {"status": "ACTIVE", "nameOnAccount": name, "balance": 0, "limit": 25000})
    if admin is not None:
        user_store.insert(
            ctx,
            {"bankAccountId": bank["id"], "userId": admin, "verificationStatus": "VERIFIED"},
        )
        insert_card_user(tx, org_id, card["id"], admin, "VERIFIED")


def apply_due(ctx: RequestContext) -> None:
    """The scheduler's timer (``resources.registry``): PENDING bank accounts past 14 days turn
    INVALID; NOMINATED bank-account users past one business day turn VERIFIED. Each change is
    stamped with the moment it was due."""
    expire_pending(ctx)
    verify_nominated(ctx)
