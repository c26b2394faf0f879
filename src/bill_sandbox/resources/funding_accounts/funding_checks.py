"""The funding checks of the payments API (BILL-RULES §5.6 step 2; all raise BILL errors).

- ``funding_bank_account(ctx, bank_account_id) -> FundingBankAccount``: the account to debit.
  404 ``BDC_1205`` for an unknown id (or another org's); 400 ``BDC_1150`` when the user's role
  cannot pay; 400 ``BDC_1151`` when the account is archived or not ``VERIFIED``; 400
  ``BDC_1150`` when the caller is not ``VERIFIED`` on the account (nominated users wait one
  business day). ``fundingFails`` is true for account number ``000000000021`` (§7.4: the
  payment fails at its process date).
- ``funding_card_account(ctx, card_account_id) -> FundingCardAccount``: same rules for card
  accounts (card users), plus the fee rate (``CARD_FEE_RATE``, a percentage).
- ``funding_ap_card(ctx, ap_card_id) -> Doc``: 404, or ``BDC_1151`` unless ``ACTIVE``.
- ``permissions.user_can_pay(ctx) -> bool``: the role may pay and the user is ``VERIFIED`` on a
  usable bank account (``user.payOnline`` of the permissions).
- ``cards.is_funding_purpose(value)`` and ``cards.record_funding_purpose(ctx, vendor_id,
  purpose)`` for card payments.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from sqlalchemy import select

from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError
from bill_sandbox.resources.funding_accounts.bank_accounts import FUNDING_FAILS
from bill_sandbox.resources.funding_accounts.cards import CARD_FEE_RATE
from bill_sandbox.resources.funding_accounts.permissions import PAY_ROLES, role
from bill_sandbox.resources.funding_accounts.stores import (
    ap_store,
    bank_store,
    card_store,
    card_user_table,
    find_user_link,
)
from bill_sandbox.store import Doc

MSG_1150 = "User cannot make online payments with this funding account."
MSG_1151 = "Funding account cannot be used for online payments."


class FundingBankAccount(TypedDict):
    id: str
    status: str
    userVerificationStatus: str
    fundingFails: bool
    account: Doc


class FundingCardAccount(TypedDict):
    id: str
    status: str
    brand: str
    type: str
    userVerificationStatus: str
    feeRate: Decimal
    account: Doc


def _can_pay_error(object_id: str) -> ApplicationError:
    return ApplicationError("BDC_1150", message=MSG_1150, object_id=object_id)


def _unusable_error(object_id: str) -> ApplicationError:
    return ApplicationError("BDC_1151", message=MSG_1151, object_id=object_id)


def funding_bank_account(ctx: RequestContext, bank_account_id: str) -> FundingBankAccount:
    """The org bank account a payment debits, checked as BILL-RULES §5.6 step 2 (see module doc)."""
    if role(ctx) not in PAY_ROLES:
        raise _can_pay_error(bank_account_id)
    doc = bank_store.get(ctx, bank_account_id)
    if doc.get("archived") or doc["status"] != "VERIFIED":
        raise _unusable_error(bank_account_id)
    mine = find_user_link(ctx, bank_account_id, ctx.user_id)
    status = mine["verificationStatus"] if mine else "UNVERIFIED"
    if status != "VERIFIED":
        raise _can_pay_error(bank_account_id)
    return {
        "id": doc["id"],
        "status": doc["status"],
        "userVerificationStatus": status,
        "fundingFails": doc["accountNumber"] == FUNDING_FAILS,
        "account": doc,
    }


def funding_card_account(ctx: RequestContext, card_account_id: str) -> FundingCardAccount:
    """The card account a payment charges: same checks as ``funding_bank_account``."""
    if role(ctx) not in PAY_ROLES:
        raise _can_pay_error(card_account_id)
    doc = card_store.get(ctx, card_account_id)
    if doc.get("archived") or doc["status"] != "VERIFIED":
        raise _unusable_error(card_account_id)
    status = (
        ctx.tx.conn.execute(
            select(card_user_table.c.verification_status)
            .where(
                card_user_table.c.org_id == ctx.org_id,
                card_user_table.c.card_account_id == card_account_id,
                card_user_table.c.user_id == ctx.user_id,
                card_user_table.c.archived.is_(False),
            )
            .limit(1)
        ).scalar()
        or "UNVERIFIED"
    )
    if status != "VERIFIED":
        raise _can_pay_error(card_account_id)
    return {
        "id": doc["id"],
        "status": doc["status"],
        "brand": doc["brand"],
        "type": doc["type"],
        "userVerificationStatus": status,
        "feeRate": CARD_FEE_RATE,
        "account": doc,
    }


def funding_ap_card(ctx: RequestContext, ap_card_id: str) -> Doc:
    doc = ap_store.get(ctx, ap_card_id)
    if doc.get("archived") or doc["status"] != "ACTIVE":
        raise _unusable_error(ap_card_id)
    return doc
