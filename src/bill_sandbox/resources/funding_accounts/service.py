"""Funding accounts (BILL-RULES §5.7, §7.2, §7.3, §7.4).

Org bank accounts
    Create needs a trusted session and the ADMINISTRATOR role; the account starts ``PENDING``
    with ``default{payables:false, receivables:false}`` and the sandbox "deposits" 0.50.
    ``POST …/verify {depositAmount}``: 0.50 verifies (except account number ``000000000013``,
    which never does); other amounts fail, and the 3rd failure makes the account ``INVALID``
    (then every verify is a 400). A ``PENDING`` account turns ``INVALID`` after 14 days on the
    sandbox clock. PATCH needs a trusted session and a ``VERIFIED`` account; ``routingNumber``,
    ``accountNumber`` and ``type`` never change; setting ``default.payables`` (or
    ``receivables``) moves that default from the org's other account. Archive needs a
    ``VERIFIED`` account and the caller ``VERIFIED`` on it; there is no restore.
Bank-account users
    The creator of an account is ``VERIFIED`` on it. Nominating (account must be ``VERIFIED``)
    makes a user ``NOMINATED``, then ``VERIFIED`` one business day later (``calendar``) on the
    sandbox clock. Archive sets ``UNVERIFIED``.
Cards
    There is no create operation: every new organization gets one ``CREDIT_CARD`` card account
    with its administrator ``VERIFIED`` on it, one ``VERIFIED`` bank account (routing
    ``074000010``) with the administrator ``VERIFIED`` on it, and one ``ACTIVE`` AP card.

Time-driven transitions run when the sandbox clock moves (``hooks.on_clock_moved``) and, for
the caller's organization, lazily before the reads that show them (the wall clock moves too).

For the payments engineer (all raise BILL errors; check order as BILL-RULES §5.6 step 2):

- ``funding_bank_account(ctx, bank_account_id) -> FundingBankAccount``: the account to debit.
  404 ``BDC_1205`` for an unknown id (or another org's); 400 ``BDC_1150`` when the user's role
  cannot pay; 400 ``BDC_1151`` when the account is archived or not ``VERIFIED``; 400
  ``BDC_1150`` when the caller is not ``VERIFIED`` on the account (nominated users wait one
  business day). ``fundingFails`` is true for account number ``000000000021`` (§7.4: the
  payment fails at its process date).
- ``funding_card_account(ctx, card_account_id) -> FundingCardAccount``: same rules for card
  accounts (card users), plus the fee rate (``CARD_FEE_RATE``, a percentage).
- ``funding_ap_card(ctx, ap_card_id) -> Doc``: 404, or ``BDC_1151`` unless ``ACTIVE``.
- ``user_can_pay(ctx) -> bool``: the role may pay and the user is ``VERIFIED`` on a usable
  bank account (``user.payOnline`` of the permissions).
- ``card_funding_purposes(ctx, vendor_id, brand)``, ``is_funding_purpose(value)`` and
  ``record_funding_purpose(ctx, vendor_id, purpose)`` (call it when a card payment used a
  ``cardFundingPurpose``; it becomes ``lastUsedPurpose``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, TypedDict

import orjson
from sqlalchemy import Table, and_, select

from bill_sandbox import calendar, clock, ids
from bill_sandbox.accounts.models import OrganizationRow, UserRow
from bill_sandbox.auth import require_trusted
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Base, Tx
from bill_sandbox.errors import ApplicationError, ForbiddenError, NotFoundError, RequestError, field_error
from bill_sandbox.events import Event
from bill_sandbox.listing import EQ, F, ListParams, ListSpec, doc_field
from bill_sandbox.resources.funding_accounts.models import (
    ApCardRow,
    BankAccountRow,
    BankAccountUserRow,
    CardAccountRow,
    CardAccountUserRow,
    CardFundingPurposeRow,
)
from bill_sandbox.resources.funding_accounts.schemas import (
    BankAccountCreate,
    BankAccountUpdate,
    NominateRequest,
    VerifyRequest,
)
from bill_sandbox.store import Doc, DocumentStore, merge_patch

bt = BankAccountRow.__table__
ut = BankAccountUserRow.__table__
ct = CardAccountRow.__table__
cut = CardAccountUserRow.__table__
at = ApCardRow.__table__
pt = CardFundingPurposeRow.__table__
users = UserRow.__table__
orgs = OrganizationRow.__table__

BANK_STATUSES = ("PENDING", "NOT_VERIFIED", "VERIFIED", "INVALID")
USER_STATUSES = ("NOMINATED", "VERIFIED", "UNVERIFIED")
ACCOUNT_TYPES = ("CHECKING", "SAVINGS")
OWNER_TYPES = ("BUSINESS", "PERSONAL")
PAY_ROLES = frozenset({"ADMINISTRATOR", "PAYER"})

# Magic values (BILL-RULES §7.4)
SANDBOX_DEPOSIT = Decimal("0.50")
NEVER_VERIFIES = "000000000013"
INVALID_ROUTING = "000000000"
FUNDING_FAILS = "000000000021"
SEED_ROUTING = "074000010"

VERIFY_ATTEMPTS = 3
PENDING_DAYS = 14
NOMINATION_BUSINESS_DAYS = 1
CARD_FEE_RATE = Decimal("2.9")
CARD_BRANDS = ("VISA", "MASTERCARD", "AMEX", "DISCOVER")

NO_PERMISSION = "Current user or organization does not have valid permissions."
MSG_1150 = "User cannot make online payments with this funding account."
MSG_1151 = "Funding account cannot be used for online payments."

# Card funding purposes (OUR DESIGN: BILL's list depends on the vendor's industry).
FUNDING_PURPOSES: tuple[dict[str, Any], ...] = (
    {"category": "GOODS", "subCategories": ["INVENTORY", "EQUIPMENT", "OFFICE_SUPPLIES"]},
    {"category": "SERVICES", "subCategories": ["PROFESSIONAL_SERVICES", "CONTRACTORS", "MARKETING"]},
    {"category": "OCCUPANCY", "subCategories": ["RENT", "UTILITIES"]},
    {"category": "OTHER", "subCategories": ["INSURANCE", "TAXES", "TRAVEL"]},
)

# ---------------------------------------------------------------------------------- stores


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
    day = calendar.add_business_days(nominated_at.date(), NOMINATION_BUSINESS_DAYS)
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
    bt,
    F("status", bt.c.status, "enum", ops=EQ, enum=BANK_STATUSES),
    F("type", bt.c.type, "enum", ops=EQ, enum=ACCOUNT_TYPES),
    F("ownerType", bt.c.owner_type, "enum", ops=EQ, enum=OWNER_TYPES),
    F("accessToAdmins", bt.c.access_to_admins, "bool"),
    F("nameOnAccount", doc_field(bt, "nameOnAccount")),
    F("bankName", doc_field(bt, "bankName")),
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
    bt, ids.PREFIXES["bank_account"], BANK_SPEC, _project_bank, BANK_KEYS, entity="bank-account"
)

USER_SPEC = ListSpec.build(
    ut,
    F("bankAccountId", ut.c.bank_account_id, ops=EQ),
    F("userId", ut.c.user_id, ops=EQ),
    F("verificationStatus", ut.c.verification_status, "enum", ops=EQ, enum=USER_STATUSES),
)
USER_KEYS = ("id", "bankAccountId", "userId", "archived", "verificationStatus", "createdTime", "updatedTime")
user_store = DocumentStore(ut, ids.PREFIXES["bank_account_user"], USER_SPEC, _project_user, USER_KEYS)

CARD_SPEC = ListSpec.build(ct, F("type", ct.c.type, ops=EQ), F("status", ct.c.status, ops=EQ))
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
    ct,
    ids.PREFIXES["card_account"],
    CARD_SPEC,
    lambda doc: {"type": doc["type"], "status": doc["status"]},
    CARD_KEYS,
    entity="card-account",
)

CARD_USER_SPEC = ListSpec.build(
    cut,
    F("cardAccountId", cut.c.card_account_id, ops=EQ),
    F("userId", cut.c.user_id, ops=EQ),
    F("verificationStatus", cut.c.verification_status, "enum", ops=EQ, enum=USER_STATUSES),
)
card_user_store = DocumentStore(cut, ids.PREFIXES["card_account_user"], CARD_USER_SPEC)

AP_KEYS = ("id", "status", "nameOnAccount", "createdTime", "updatedTime", "balance", "limit")
ap_store = DocumentStore(
    at,
    ids.PREFIXES["ap_card"],
    ListSpec.build(at),
    lambda doc: {"status": doc["status"]},
    AP_KEYS,
    archivable=False,  # BILL's AP card has no archived flag
)


def _insert_card_user(tx: Tx, org_id: str, card_account_id: str, user_id: str, status: str) -> None:
    doc = {
        "cardAccountId": card_account_id,
        "userId": user_id,
        "archived": False,
        "verificationStatus": status,
    }
    now = tx.now_iso
    tx.conn.execute(
        cut.insert().values(
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


# ------------------------------------------------------------------------------- seeding


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
        _insert_card_user(tx, org_id, card["id"], admin, "VERIFIED")


# ----------------------------------------------------------------------------- transitions


def apply_due(ctx: RequestContext) -> None:
    """The scheduler's timer (``resources.registry``): PENDING bank accounts past 14 days turn
    INVALID; NOMINATED bank-account users past one business day turn VERIFIED. Each change is
    stamped with the moment it was due."""
    now_iso, org = ctx.now_iso, ctx.org_id
    rows = ctx.tx.conn.execute(
        select(bt.c.doc, bt.c.expires_time).where(bt.c.org_id == org, bt.c.expires_time <= now_iso)
    ).all()
    for row in rows:
        previous = orjson.loads(row.doc)
        doc = {**previous, "status": "INVALID", "updatedTime": row.expires_time}
        bank_store.save(ctx, doc, touch=False, previous=previous)
    rows = ctx.tx.conn.execute(
        select(ut.c.doc, ut.c.verify_time).where(ut.c.org_id == org, ut.c.verify_time <= now_iso)
    ).all()
    for row in rows:
        doc = orjson.loads(row.doc)
        doc["verificationStatus"] = "VERIFIED"
        doc["updatedTime"] = row.verify_time
        user_store.save(ctx, doc, touch=False)


# --------------------------------------------------------------------------------- helpers


def _role(ctx: RequestContext) -> str | None:
    role: str | None = ctx.tx.conn.execute(
        select(users.c.role).where(users.c.id == ctx.user_id, users.c.org_id == ctx.org_id)
    ).scalar()
    return role


def _require_admin(ctx: RequestContext) -> None:
    if _role(ctx) != "ADMINISTRATOR":
        raise ForbiddenError(None, message=NO_PERMISSION)


def _rule(field: str, value: object, object_id: str) -> ApplicationError:
    """A business-rule violation about one object (BILL-RULES §6 #12)."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return ApplicationError("BDC_1119", field, text, object_id=object_id)


def _bool_param(name: str, raw: str | None) -> bool:
    if raw is None or raw == "":
        return False
    if raw.lower() not in ("true", "false"):
        raise RequestError("BDC_1129", name, raw)
    return raw.lower() == "true"


def aba_checksum_ok(routing: str) -> bool:
    if len(routing) != 9 or not routing.isdigit():
        return False
    d = [int(ch) for ch in routing]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def _user_row(ctx: RequestContext, bank_account_id: str, user_id: str) -> Doc | None:
    value = ctx.tx.conn.execute(
        select(ut.c.doc)
        .where(
            ut.c.org_id == ctx.org_id,
            ut.c.bank_account_id == bank_account_id,
            ut.c.user_id == user_id,
            ut.c.archived.is_(False),
        )
        .order_by(ut.c.created_time.desc(), ut.c.id)
        .limit(1)
    ).scalar()
    return orjson.loads(value) if value is not None else None


# ------------------------------------------------------------------------ bank accounts


def list_bank_accounts(ctx: RequestContext, params: ListParams) -> bytes:
    return bank_store.list(ctx, params)


def get_bank_account(ctx: RequestContext, bank_account_id: str) -> str:
    return bank_store.get_raw(ctx, bank_account_id)


def create_bank_account(ctx: RequestContext, body: BankAccountCreate) -> Doc:
    require_trusted(ctx)
    _require_admin(ctx)
    assert body.routing_number is not None and body.account_number is not None
    if body.routing_number == INVALID_ROUTING or not aba_checksum_ok(body.routing_number):
        raise field_error("routingNumber", "invalid routing number")
    if not (body.account_number.isdigit() and 4 <= len(body.account_number) <= 17):
        raise field_error("accountNumber", "invalid account number")
    doc = body.wire()
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
    _require_admin(ctx)
    doc = bank_store.get(ctx, bank_account_id, for_update=True)
    if doc.get("archived"):
        raise _rule("archived", True, bank_account_id)
    if doc["status"] != "VERIFIED":
        raise _rule("status", doc["status"], bank_account_id)
    patch = body.wire(exclude_unset=True)
    for fixed in ("routingNumber", "accountNumber", "type"):
        value = patch.pop(fixed, None)
        if value is not None and value != doc.get(fixed):
            raise _rule(fixed, value, bank_account_id)
    for required in ("nameOnAccount", "ownerType", "accessToAdmins"):
        if required in patch and (patch[required] is None or patch[required] == ""):
            raise field_error(
                required, "must not be blank" if required == "nameOnAccount" else "must not be null"
            )
    if "default" in patch:
        patch["default"] = {k: v for k, v in (patch["default"] or {}).items() if v is not None}
    new = merge_patch(doc, patch)
    new["default"] = {"payables": False, "receivables": False, **(new.get("default") or {})}
    for flag, column in (("payables", bt.c.default_payables), ("receivables", bt.c.default_receivables)):
        if new["default"][flag] and not (doc.get("default") or {}).get(flag):
            others = ctx.tx.conn.execute(
                select(bt.c.doc).where(
                    bt.c.org_id == ctx.org_id, column.is_(True), bt.c.id != bank_account_id
                )
            ).scalars()
            for raw in list(others):
                other = orjson.loads(raw)
                other["default"][flag] = False
                bank_store.save(ctx, other)
    return bank_store.save(ctx, new)


def archive_bank_account(ctx: RequestContext, bank_account_id: str) -> Doc:
    _require_admin(ctx)
    doc = bank_store.get(ctx, bank_account_id, for_update=True)
    if doc.get("archived"):
        return doc
    if doc["status"] != "VERIFIED":
        raise _rule("status", doc["status"], bank_account_id)
    mine = _user_row(ctx, bank_account_id, ctx.user_id)
    status = mine["verificationStatus"] if mine else "UNVERIFIED"
    if status != "VERIFIED":
        raise _rule("verificationStatus", status, bank_account_id)
    doc["archived"] = True
    return bank_store.save(ctx, doc)


def verify_bank_account(ctx: RequestContext, bank_account_id: str, body: VerifyRequest) -> dict[str, Any]:
    amount = body.deposit_amount
    if amount is None:
        raise field_error("depositAmount", "must not be null")
    if not Decimal("0.01") <= amount <= Decimal("0.99"):
        raise field_error("depositAmount", "must be between 0.01 and 0.99")
    row = ctx.tx.conn.execute(
        select(bt.c.doc, bt.c.verify_failures)
        .where(bt.c.id == bank_account_id, bt.c.org_id == ctx.org_id)
        .with_for_update()
    ).first()
    if row is None:
        raise NotFoundError(bank_account_id)
    doc: Doc = orjson.loads(row.doc)
    if doc["status"] == "VERIFIED":
        return {"verified": True}
    if doc["status"] == "INVALID":
        raise _rule("status", "INVALID", bank_account_id)
    if amount == SANDBOX_DEPOSIT and doc["accountNumber"] != NEVER_VERIFIES:
        doc["status"] = "VERIFIED"
        bank_store.save(ctx, doc)
        return {"verified": True}
    failures = row.verify_failures + 1
    ctx.tx.conn.execute(
        bt.update()
        .where(bt.c.id == bank_account_id, bt.c.org_id == ctx.org_id)
        .values(verify_failures=failures)
    )
    if failures >= VERIFY_ATTEMPTS:
        doc["status"] = "INVALID"
        bank_store.save(ctx, doc)
    return {"verified": False}


# -------------------------------------------------------------------- bank-account users


def list_bank_account_users(ctx: RequestContext, params: ListParams, current_user: str | None) -> bytes:
    where = [ut.c.user_id == ctx.user_id] if _bool_param("currentUser", current_user) else []
    return user_store.list(ctx, params, where)


def nominate_bank_account_user(ctx: RequestContext, body: NominateRequest) -> dict[str, Any]:
    _require_admin(ctx)
    assert body.bank_account_id is not None and body.user_id is not None
    account = bank_store.get(ctx, body.bank_account_id)
    if account.get("archived"):
        raise _rule("archived", True, body.bank_account_id)
    if account["status"] != "VERIFIED":
        raise _rule("status", account["status"], body.bank_account_id)
    user = ctx.tx.conn.execute(
        select(users.c.archived).where(users.c.id == body.user_id, users.c.org_id == ctx.org_id)
    ).first()
    if user is None:
        raise NotFoundError(body.user_id)
    if user.archived:
        raise _rule("archived", True, body.user_id)
    if _user_row(ctx, body.bank_account_id, body.user_id) is None:
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
    _require_admin(ctx)
    doc = user_store.get(ctx, bank_account_user_id, for_update=True)
    if doc.get("archived"):
        return doc
    doc["archived"] = True
    doc["verificationStatus"] = "UNVERIFIED"
    return user_store.save(ctx, doc)


# ------------------------------------------------------------------------- card accounts


def _card_rates(ctx: RequestContext) -> dict[str, Any]:
    rows = ctx.tx.conn.execute(
        select(ct.c.doc)
        .where(ct.c.org_id == ctx.org_id, ct.c.archived.is_(False))
        .order_by(ct.c.created_time, ct.c.id)
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
        select(ct.c.doc)
        .join(cut, and_(cut.c.card_account_id == ct.c.id, cut.c.org_id == ct.c.org_id))
        .where(
            ct.c.org_id == ctx.org_id,
            cut.c.user_id == ctx.user_id,
            cut.c.verification_status == card_user_status,
            cut.c.archived.is_(False),
        )
        .order_by(ct.c.created_time, ct.c.id)
    ).scalars()
    return {"rates": _card_rates(ctx), "cards": [orjson.loads(raw) for raw in rows]}


def get_card_account(ctx: RequestContext, card_account_id: str) -> str:
    return card_store.get_raw(ctx, card_account_id)


def list_card_account_users(ctx: RequestContext, params: ListParams, current_user: str | None) -> bytes:
    where = [cut.c.user_id == ctx.user_id] if _bool_param("currentUser", current_user) else []
    return card_user_store.list(ctx, params, where)


def list_ap_cards(ctx: RequestContext) -> bytes:
    rows = ctx.tx.conn.execute(
        select(at.c.doc).where(at.c.org_id == ctx.org_id).order_by(at.c.created_time, at.c.id)
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
        select(pt.c.purpose).where(pt.c.org_id == ctx.org_id, pt.c.vendor_id == vendor_id)
    ).scalar()
    out: dict[str, Any] = {"results": [dict(p) for p in FUNDING_PURPOSES]}
    if last is not None:
        out = {"lastUsedPurpose": last, **out}
    return out


def is_funding_purpose(value: str) -> bool:
    return any(value == p["category"] or value in p["subCategories"] for p in FUNDING_PURPOSES)


def record_funding_purpose(ctx: RequestContext, vendor_id: str, purpose: str) -> None:
    where = and_(pt.c.org_id == ctx.org_id, pt.c.vendor_id == vendor_id)
    done = ctx.tx.conn.execute(pt.update().where(where).values(purpose=purpose, updated_time=ctx.now_iso))
    if not done.rowcount:
        ctx.tx.conn.execute(
            pt.insert().values(
                org_id=ctx.org_id, vendor_id=vendor_id, purpose=purpose, updated_time=ctx.now_iso
            )
        )


# --------------------------------------------------------------------------- permissions


def user_can_pay(ctx: RequestContext) -> bool:
    if _role(ctx) not in PAY_ROLES:
        return False
    found = ctx.tx.conn.execute(
        select(ut.c.id)
        .join(bt, and_(bt.c.id == ut.c.bank_account_id, bt.c.org_id == ut.c.org_id))
        .where(
            ut.c.org_id == ctx.org_id,
            ut.c.user_id == ctx.user_id,
            ut.c.verification_status == "VERIFIED",
            ut.c.archived.is_(False),
            bt.c.status == "VERIFIED",
            bt.c.archived.is_(False),
        )
        .limit(1)
    ).first()
    return found is not None


def permissions(ctx: RequestContext) -> dict[str, Any]:
    cards = ctx.tx.conn.execute(
        select(ct.c.id)
        .where(ct.c.org_id == ctx.org_id, ct.c.archived.is_(False), ct.c.status == "VERIFIED")
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


# ------------------------------------------------------------------- for the payments API


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
    if _role(ctx) not in PAY_ROLES:
        raise _can_pay_error(bank_account_id)
    doc = bank_store.get(ctx, bank_account_id)
    if doc.get("archived") or doc["status"] != "VERIFIED":
        raise _unusable_error(bank_account_id)
    mine = _user_row(ctx, bank_account_id, ctx.user_id)
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
    if _role(ctx) not in PAY_ROLES:
        raise _can_pay_error(card_account_id)
    doc = card_store.get(ctx, card_account_id)
    if doc.get("archived") or doc["status"] != "VERIFIED":
        raise _unusable_error(card_account_id)
    status = (
        ctx.tx.conn.execute(
            select(cut.c.verification_status)
            .where(
                cut.c.org_id == ctx.org_id,
                cut.c.card_account_id == card_account_id,
                cut.c.user_id == ctx.user_id,
                cut.c.archived.is_(False),
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
