"""What funding accounts store: their tables and document stores, with the list filters and
the columns the scheduler watches (a PENDING bank account's ``expires_time``, a NOMINATED
user's ``verify_time``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import select

from bill_sandbox import business_days, clock, ids
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Tx
from bill_sandbox.listing import EQ, ListSpec, doc_field, list_field
from bill_sandbox.resources.funding_accounts.models import (
    ApCardRow,
    BankAccountRow,
    BankAccountUserRow,
    CardAccountRow,
    CardAccountUserRow,
    CardFundingPurposeRow,
)
from bill_sandbox.store import Doc, DocumentStore

bank_table = BankAccountRow.__table__
bank_user_table = BankAccountUserRow.__table__
card_table = CardAccountRow.__table__
card_user_table = CardAccountUserRow.__table__
ap_card_table = ApCardRow.__table__
purpose_table = CardFundingPurposeRow.__table__

BANK_STATUSES = ("PENDING", "NOT_VERIFIED", "VERIFIED", "INVALID")
USER_STATUSES = ("NOMINATED", "VERIFIED", "UNVERIFIED")
ACCOUNT_TYPES = ("CHECKING", "SAVINGS")
OWNER_TYPES = ("BUSINESS", "PERSONAL")
PENDING_DAYS = 14
NOMINATION_BUSINESS_DAYS = 1


def _pending_expiry(doc: Doc) -> str | None:
    if doc.get("status") != "PENDING":
        return None
    created = clock.parse_timestamp(doc["createdTime"])
    assert created is not None
    return clock.iso(created + timedelta(days=PENDING_DAYS))


def _project_bank(doc: Doc) -> dict[str, Any]:
    default = doc.get("default") or {}
    return {
        "status": doc["status"],
        "type": doc["type"],
        "owner_type": doc["ownerType"],
        "access_to_admins": bool(doc.get("accessToAdmins", False)),
        "default_payables": bool(default.get("payables", False)),
        "default_receivables": bool(default.get("receivables", False)),
        "expires_time": _pending_expiry(doc),
    }


def verification_due(nominated_at: datetime) -> datetime:
    """A user nominated at ``nominated_at`` is VERIFIED this many business days later, at the
    same time of day."""
    day = business_days.add_business_days(nominated_at.date(), NOMINATION_BUSINESS_DAYS)
    return datetime.combine(day, nominated_at.timetz())


def _project_user(doc: Doc) -> dict[str, Any]:
    due = None
    if doc["verificationStatus"] == "NOMINATED":
        nominated = clock.parse_timestamp(doc["updatedTime"])
        assert nominated is not None
        due = clock.iso(verification_due(nominated))
    return {
        "bank_account_id": doc["bankAccountId"],
        "user_id": doc["userId"],
        "verification_status": doc["verificationStatus"],
        "verify_time": due,
    }


BANK_SPEC = ListSpec.build(
    bank_table,
    list_field("status", bank_table.c.status, "enum", ops=EQ, enum=BANK_STATUSES),
    list_field("type", bank_table.c.type, "enum", ops=EQ, enum=ACCOUNT_TYPES),
    list_field("ownerType", bank_table.c.owner_type, "enum", ops=EQ, enum=OWNER_TYPES),
    list_field("accessToAdmins", bank_table.c.access_to_admins, "bool"),
    list_field("nameOnAccount", doc_field(bank_table, "nameOnAccount")),
    list_field("bankName", doc_field(bank_table, "bankName")),
    aliases={"bankAccountId": "id"},
)
BANK_KEYS = (
    "archived",
    "id",
    "status",
    "createdBy",
    "routingNumber",
    "accountNumber",
    "nameOnAccount",
    "type",
    "ownerType",
    "bankName",
    "accessToAdmins",
    "default",
    "createdTime",
    "updatedTime",
    "chartOfAccountId",
)
bank_store = DocumentStore(
    bank_table, ids.PREFIXES["bank_account"], BANK_SPEC, _project_bank, BANK_KEYS, entity="bank-account"
)

USER_SPEC = ListSpec.build(
    bank_user_table,
    list_field("bankAccountId", bank_user_table.c.bank_account_id, ops=EQ),
    list_field("userId", bank_user_table.c.user_id, ops=EQ),
    list_field(
        "verificationStatus", bank_user_table.c.verification_status, "enum", ops=EQ, enum=USER_STATUSES
    ),
)
USER_KEYS = ("id", "bankAccountId", "userId", "archived", "verificationStatus", "createdTime", "updatedTime")
user_store = DocumentStore(
    bank_user_table, ids.PREFIXES["bank_account_user"], USER_SPEC, _project_user, USER_KEYS
)

CARD_SPEC = ListSpec.build(
    card_table,
    list_field("type", card_table.c.type, ops=EQ),
    list_field("status", card_table.c.status, ops=EQ),
)
CARD_KEYS = (
    "archived",
    "id",
    "createdTime",
    "updatedTime",
    "createdBy",
    "issuingBankName",
    "nameOnAccount",
    "brand",
    "type",
    "status",
    "last4",
    "expiration",
    "default",
)
card_store = DocumentStore(
    card_table,
    ids.PREFIXES["card_account"],
    CARD_SPEC,
    lambda doc: {"type": doc["type"], "status": doc["status"]},
    CARD_KEYS,
    entity="card-account",
)

CARD_USER_SPEC = ListSpec.build(
    card_user_table,
    list_field("cardAccountId", card_user_table.c.card_account_id, ops=EQ),
    list_field("userId", card_user_table.c.user_id, ops=EQ),
    list_field(
        "verificationStatus", card_user_table.c.verification_status, "enum", ops=EQ, enum=USER_STATUSES
    ),
)
card_user_store = DocumentStore(card_user_table, ids.PREFIXES["card_account_user"], CARD_USER_SPEC)

AP_KEYS = ("id", "status", "nameOnAccount", "createdTime", "updatedTime", "balance", "limit")
ap_store = DocumentStore(
    ap_card_table,
    ids.PREFIXES["ap_card"],
    ListSpec.build(ap_card_table),
    lambda doc: {"status": doc["status"]},
    AP_KEYS,
    archivable=False,  # BILL's AP card has no archived flag
)


def insert_card_user(tx: Tx, org_id: str, card_account_id: str, user_id: str, status: str) -> None:
    doc = {
        "cardAccountId": card_account_id,
        "userId": user_id,
        "archived": False,
        "verificationStatus": status,
    }
    now = tx.now_iso
    tx.conn.execute(
        card_user_table.insert().values(
            id=card_user_store.new_id(),
            org_id=org_id,
            archived=False,
            created_time=now,
            updated_time=now,
            card_account_id=card_account_id,
            user_id=user_id,
            verification_status=status,
            doc=orjson.dumps(doc).decode(),
        )
    )


def find_user_link(ctx: RequestContext, bank_account_id: str, user_id: str) -> Doc | None:
    value = ctx.tx.conn.execute(
        select(bank_user_table.c.doc)
        .where(
            bank_user_table.c.org_id == ctx.org_id,
            bank_user_table.c.bank_account_id == bank_account_id,
            bank_user_table.c.user_id == user_id,
            bank_user_table.c.archived.is_(False),
        )
        .order_by(bank_user_table.c.created_time.desc(), bank_user_table.c.id)
        .limit(1)
    ).scalar()
    return orjson.loads(value) if value is not None else None
