"""Bank-account users (BILL-RULES §5.7): who may pay from an org bank account.

The creator of an account is ``VERIFIED`` on it. Nominating (account must be ``VERIFIED``) makes
a user ``NOMINATED``, then ``VERIFIED`` one business day later (``stores.verification_due``) on
the sandbox clock (``verify_nominated``). Archive sets ``UNVERIFIED``.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select

from bill_sandbox.accounts.models import UserRow
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import NotFoundError
from bill_sandbox.listing import ListParams
from bill_sandbox.query import bool_param
from bill_sandbox.resources.funding_accounts.bank_accounts import rule_error
from bill_sandbox.resources.funding_accounts.permissions import require_admin
from bill_sandbox.resources.funding_accounts.schemas import NominateRequest
from bill_sandbox.resources.funding_accounts.stores import (
    bank_store,
    bank_user_table,
    find_user_link,
    user_store,
)
from bill_sandbox.store import Doc

users = UserRow.__table__


def list_bank_account_users(ctx: RequestContext, params: ListParams, current_user: str | None) -> bytes:
    where = [bank_user_table.c.user_id == ctx.user_id] if bool_param("currentUser", current_user) else []
    return user_store.list(ctx, params, where)


def nominate_bank_account_user(ctx: RequestContext, body: NominateRequest) -> dict[str, Any]:
    require_admin(ctx)
    assert body.bank_account_id is not None and body.user_id is not None
    account = bank_store.get(ctx, body.bank_account_id)
    if account.get("archived"):
        raise rule_error("archived", True, body.bank_account_id)
    if account["status"] != "VERIFIED":
        raise rule_error("status", account["status"], body.bank_account_id)
    user = ctx.tx.conn.execute(
        select(users.c.archived).where(users.c.id == body.user_id, users.c.org_id == ctx.org_id)
    ).first()
    if user is None:
        raise NotFoundError(body.user_id)
    if user.archived:
        raise rule_error("archived", True, body.user_id)
    if find_user_link(ctx, body.bank_account_id, body.user_id) is None:
        user_store.insert(
            ctx,
            {
                "bankAccountId": body.bank_account_id,
                "userId": body.user_id,
                "verificationStatus": "NOMINATED",
            },
        )
    return {"status": "SUCCESS"}


def archive_bank_account_user(ctx: RequestContext, bank_account_user_id: str) -> Doc:
    require_admin(ctx)
    doc = user_store.get(ctx, bank_account_user_id, for_update=True)
    if doc.get("archived"):
        return doc
    doc["archived"] = True
    doc["verificationStatus"] = "UNVERIFIED"
    return user_store.save(ctx, doc)


def verify_nominated(ctx: RequestContext) -> None:
    """NOMINATED users past one business day turn VERIFIED, stamped with the moment it was due."""
    rows = ctx.tx.conn.execute(
        select(bank_user_table.c.doc, bank_user_table.c.verify_time).where(
            bank_user_table.c.org_id == ctx.org_id, bank_user_table.c.verify_time <= ctx.now_iso
        )
    ).all()
    for row in rows:
        doc = orjson.loads(row.doc)
        doc["verificationStatus"] = "VERIFIED"
        doc["updatedTime"] = row.verify_time
        user_store.save(ctx, doc, touch=False)
