"""Org bank accounts (BILL-RULES §5.7, §7.4): the accounts payments are debited from.

Create needs a trusted session and the ADMINISTRATOR role; the account starts ``PENDING`` with
``default{payables:false, receivables:false}`` and the sandbox "deposits" 0.50.
``POST …/verify {depositAmount}``: 0.50 verifies (except account number ``000000000013``, which
never does); other amounts fail, and the 3rd failure makes the account ``INVALID`` (then every
verify is a 400). A ``PENDING`` account turns ``INVALID`` after 14 days on the sandbox clock
(``expire_pending``). PATCH needs a trusted session and a ``VERIFIED`` account;
``routingNumber``, ``accountNumber`` and ``type`` never change; setting ``default.payables``
(or ``receivables``) moves that default from the org's other account. Archive needs a
``VERIFIED`` account and the caller ``VERIFIED`` on it; there is no restore.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import select

from bill_sandbox.auth import require_trusted
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, NotFoundError, field_error
from bill_sandbox.listing import ListParams
from bill_sandbox.resources.funding_accounts.permissions import require_admin
from bill_sandbox.resources.funding_accounts.schemas import (
    BankAccountCreate,
    BankAccountUpdate,
    VerifyRequest,
)
from bill_sandbox.resources.funding_accounts.stores import bank_store, bank_table, find_user_link, user_store
from bill_sandbox.store import Doc, merge_patch

# Magic values (BILL-RULES §7.4)
SANDBOX_DEPOSIT = Decimal("0.50")
NEVER_VERIFIES = "000000000013"
INVALID_ROUTING = "000000000"
FUNDING_FAILS = "000000000021"
SEED_ROUTING = "074000010"

VERIFY_ATTEMPTS = 3


def rule_error(field: str, value: object, object_id: str) -> ApplicationError:
    """A business-rule violation about one object (BILL-RULES §6 #12)."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return ApplicationError("BDC_1119", field, text, object_id=object_id)


def aba_checksum_ok(routing: str) -> bool:
    if len(routing) != 9 or not routing.isdigit():
        return False
    d = [int(ch) for ch in routing]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def list_bank_accounts(ctx: RequestContext, params: ListParams) -> bytes:
    return bank_store.list(ctx, params)


def get_bank_account(ctx: RequestContext, bank_account_id: str) -> str:
    return bank_store.get_raw(ctx, bank_account_id)


def create_bank_account(ctx: RequestContext, body: BankAccountCreate) -> Doc:
    require_trusted(ctx)
    require_admin(ctx)
    assert body.routing_number is not None and body.account_number is not None
    if body.routing_number == INVALID_ROUTING or not aba_checksum_ok(body.routing_number):
        raise field_error("routingNumber", "invalid routing number")
    if not (body.account_number.isdigit() and 4 <= len(body.account_number) <= 17):
        raise field_error("accountNumber", "invalid account number")
    doc = body.to_camel_dict()
    doc.update(
        status="PENDING",
        createdBy=ctx.user_id,
        accessToAdmins=bool(body.access_to_admins),
        default={"payables": False, "receivables": False},
    )
    doc = bank_store.insert(ctx, doc)
    user_store.insert(
        ctx, {"bankAccountId": doc["id"], "userId": ctx.user_id, "verificationStatus": "VERIFIED"}
    )
    return doc


def update_bank_account(ctx: RequestContext, bank_account_id: str, body: BankAccountUpdate) -> Doc:
    require_trusted(ctx)
    require_admin(ctx)
    doc = bank_store.get(ctx, bank_account_id, for_update=True)
    if doc.get("archived"):
        raise rule_error("archived", True, bank_account_id)
    if doc["status"] != "VERIFIED":
        raise rule_error("status", doc["status"], bank_account_id)
    patch = body.to_camel_dict(exclude_unset=True)
    for fixed in ("routingNumber", "accountNumber", "type"):
        value = patch.pop(fixed, None)
        if value is not None and value != doc.get(fixed):
            raise rule_error(fixed, value, bank_account_id)
    for required in ("nameOnAccount", "ownerType", "accessToAdmins"):
        if required in patch and (patch[required] is None or patch[required] == ""):
            raise field_error(
                required, "must not be blank" if required == "nameOnAccount" else "must not be null"
            )
    if "default" in patch:
        patch["default"] = {k: v for k, v in (patch["default"] or {}).items() if v is not None}
    new = merge_patch(doc, patch)
    new["default"] = {"payables": False, "receivables": False, **(new.get("default") or {})}
    for flag, column in (
        ("payables", bank_table.c.default_payables),
        ("receivables", bank_table.c.default_receivables),
    ):
        if new["default"][flag] and not (doc.get("default") or {}).get(flag):
            others = ctx.tx.conn.execute(
                select(bank_table.c.doc).where(
                    bank_table.c.org_id == ctx.org_id, column.is_(True), bank_table.c.id != bank_account_id
                )
            ).scalars()
            for raw in list(others):
                other = orjson.loads(raw)
                other["default"][flag] = False
                bank_store.save(ctx, other)
    return bank_store.save(ctx, new)


def archive_bank_account(ctx: RequestContext, bank_account_id: str) -> Doc:
    require_admin(ctx)
    doc = bank_store.get(ctx, bank_account_id, for_update=True)
    if doc.get("archived"):
        return doc
    if doc["status"] != "VERIFIED":
        raise rule_error("status", doc["status"], bank_account_id)
    mine = find_user_link(ctx, bank_account_id, ctx.user_id)
    status = mine["verificationStatus"] if mine else "UNVERIFIED"
    if status != "VERIFIED":
        raise rule_error("verificationStatus", status, bank_account_id)
    doc["archived"] = True
    return bank_store.save(ctx, doc)


def verify_bank_account(ctx: RequestContext, bank_account_id: str, body: VerifyRequest) -> dict[str, Any]:
    amount = body.deposit_amount
    if amount is None:
        raise field_error("depositAmount", "must not be null")
    if not Decimal("0.01") <= amount <= Decimal("0.99"):
        raise field_error("depositAmount", "must be between 0.01 and 0.99")
    row = ctx.tx.conn.execute(
        select(bank_table.c.doc, bank_table.c.verify_failures)
        .where(bank_table.c.id == bank_account_id, bank_table.c.org_id == ctx.org_id)
        .with_for_update()
    ).first()
    if row is None:
        raise NotFoundError(bank_account_id)
    doc: Doc = orjson.loads(row.doc)
    if doc["status"] == "VERIFIED":
        return {"verified": True}
    if doc["status"] == "INVALID":
        raise rule_error("status", "INVALID", bank_account_id)
    if amount == SANDBOX_DEPOSIT and doc["accountNumber"] != NEVER_VERIFIES:
        doc["status"] = "VERIFIED"
        bank_store.save(ctx, doc)
        return {"verified": True}
    failures = row.verify_failures + 1
    ctx.tx.conn.execute(
        bank_table.update()
        .where(bank_table.c.id == bank_account_id, bank_table.c.org_id == ctx.org_id)
        .values(verify_failures=failures)
    )
    if failures >= VERIFY_ATTEMPTS:
        doc["status"] = "INVALID"
        bank_store.save(ctx, doc)
    return {"verified": False}


def expire_pending(ctx: RequestContext) -> None:
    """PENDING bank accounts past 14 days turn INVALID, stamped with the moment it was due."""
    rows = ctx.tx.conn.execute(
        select(bank_table.c.doc, bank_table.c.expires_time).where(
            bank_table.c.org_id == ctx.org_id, bank_table.c.expires_time <= ctx.now_iso
        )
    ).all()
    for row in rows:
        previous = orjson.loads(row.doc)
        doc = {**previous, "status": "INVALID", "updatedTime": row.expires_time}
        bank_store.save(ctx, doc, touch=False, previous=previous)
