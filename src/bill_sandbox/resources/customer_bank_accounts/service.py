"""Customer bank accounts and charge authorization (BILL-RULES §5.9, §6 #24, #25, §7.2, §7.4).

- ``POST /v3/customers/{customerId}/bank-accounts``: the customer (unknown → 404) needs a
  ``billingAddress`` (400 otherwise); ``nameOnAccount``, ``routingNumber`` (9 digits, ABA
  checksum; the magic ``000000000`` → 400 ``routingNumber: invalid routing number``),
  ``accountNumber``, ``type`` and ``ownerType`` are required. Accounts start PENDING and turn
  VERIFIED 2 business days after creation on the sandbox clock (timer ``apply_due``).
- PATCH changes ``nameOnAccount``/``bankName`` of a VERIFIED account (400 while PENDING);
  archive is one-way (restore does not exist). Account numbers are shown unmasked.
- ``POST /v3/customers/{customerId}/charge-authorization {authorizedToCharge}`` answers the
  customer with ``authorizedToCharge``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bill_sandbox import business_days, clock, ids
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, NotFoundError, RequestError, ValidationFailed
from bill_sandbox.listing import EQ, ListParams, ListSpec, list_field
from bill_sandbox.resources.customer_bank_accounts.models import CustomerBankAccountRow
from bill_sandbox.resources.customer_bank_accounts.schemas import (
    ChargeAuthorization,
    CustomerBankAccountCreate,
    CustomerBankAccountUpdate,
)
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.funding_accounts.bank_accounts import INVALID_ROUTING, aba_checksum_ok
from bill_sandbox.store import Doc, DocumentStore

table = CustomerBankAccountRow.__table__
STATUSES = ("PENDING", "VERIFIED")
VERIFY_BUSINESS_DAYS = 2

SPEC = ListSpec.build(
    table,
    list_field("customerId", table.c.customer_id, ops="eq,in"),
    list_field("status", table.c.status, "enum", ops=EQ, enum=STATUSES),
)
KEY_ORDER = (
    "id",
    "customerId",
    "archived",
    "nameOnAccount",
    "routingNumber",
    "accountNumber",
    "type",
    "ownerType",
    "bankName",
    "status",
    "createdTime",
    "updatedTime",
)


def _project(doc: Doc) -> dict[str, Any]:
    return {"customer_id": doc["customerId"], "status": doc["status"], "verify_on": doc.get("_verifyOn", "")}


class _Store(DocumentStore):
    def encode(self, doc: Doc) -> str:
        return super().encode({k: v for k, v in doc.items() if not k.startswith("_")})


store = _Store(table, ids.PREFIXES["customer_bank_account"], SPEC, _project, KEY_ORDER)


def _own(ctx: RequestContext, customer_id: str, bank_account_id: str, for_update: bool = False) -> Doc:
    customers.customer_doc(ctx, customer_id)
    doc = store.get(ctx, bank_account_id, for_update=for_update)
    if doc["customerId"] != customer_id:
        raise NotFoundError(bank_account_id)
    return doc


def list_bank_accounts(ctx: RequestContext, customer_id: str, params: ListParams) -> bytes:
    customers.customer_doc(ctx, customer_id)
    return store.list(ctx, params, [table.c.customer_id == customer_id])


def create_bank_account(ctx: RequestContext, customer_id: str, body: CustomerBankAccountCreate) -> Doc:
    customer = customers.require_customer(ctx, customer_id)
    if not customer.get("billingAddress"):
        raise ValidationFailed(["billingAddress: must not be null"])
    raw = body.to_camel_dict()
    routing = raw["routingNumber"]
    if routing == INVALID_ROUTING or not aba_checksum_ok(routing):
        raise ValidationFailed(["routingNumber: invalid routing number"])
    if not raw["accountNumber"].isdigit():
        raise RequestError("BDC_1119", "accountNumber", raw["accountNumber"])
    verify_on = clock.iso_date(business_days.add_business_days(ctx.now.date(), VERIFY_BUSINESS_DAYS))
    doc = {**raw, "customerId": customer_id, "status": "PENDING", "_verifyOn": verify_on}
    saved = store.insert(ctx, doc)
    return {k: v for k, v in saved.items() if not k.startswith("_")}


def get_bank_account(ctx: RequestContext, customer_id: str, bank_account_id: str) -> Doc:
    return _own(ctx, customer_id, bank_account_id)


def update_bank_account(
    ctx: RequestContext, customer_id: str, bank_account_id: str, body: CustomerBankAccountUpdate
) -> Doc:
    doc = _own(ctx, customer_id, bank_account_id, for_update=True)
    if doc["status"] != "VERIFIED":
        raise ApplicationError(
            "BDC_1119",
            "status",
            doc["status"],
            object_id=bank_account_id,
            message="A bank account can't be changed before it is verified.",
        )
    if doc.get("archived"):
        raise ApplicationError("BDC_1119", "archived", "true", object_id=bank_account_id)
    patch = body.to_camel_dict(exclude_unset=True)
    if "nameOnAccount" in patch and not patch["nameOnAccount"]:
        raise ValidationFailed(["nameOnAccount: must not be blank"])
    merged = {**doc, **patch}
    return store.save(ctx, {k: v for k, v in merged.items() if v is not None}, previous=doc)


def archive_bank_account(ctx: RequestContext, customer_id: str, bank_account_id: str) -> Doc:
    _own(ctx, customer_id, bank_account_id)
    return store.set_archived(ctx, bank_account_id, True)


def chargeable(ctx: RequestContext, customer_id: str, bank_account_id: str, field: str) -> Doc:
    """A VERIFIED, unarchived bank account of the customer (400 otherwise)."""
    doc = store.find(ctx, bank_account_id)
    if doc is None or doc["customerId"] != customer_id:
        raise RequestError("BDC_1119", field, bank_account_id)
    if doc.get("archived") or doc["status"] != "VERIFIED":
        raise ApplicationError(
            "BDC_1119",
            field,
            bank_account_id,
            object_id=bank_account_id,
            message="The customer's bank account must be verified before it can be charged.",
        )
    return doc


def apply_due(ctx: RequestContext) -> None:
    """Timer: PENDING accounts whose verification day has come turn VERIFIED."""
    today = clock.iso_date(ctx.now)
    due = ctx.tx.conn.execute(
        select(table.c.id)
        .where(table.c.org_id == ctx.org_id, table.c.verify_on != "", table.c.verify_on <= today)
        .order_by(table.c.verify_on, table.c.id)
    ).scalars()
    for account_id in list(due):
        doc = store.get(ctx, str(account_id), for_update=True)
        store.save(ctx, {**doc, "status": "VERIFIED"}, previous=doc)


# -------------------------------------------------------------------- charge authorization
def set_charge_authorization(ctx: RequestContext, customer_id: str, body: ChargeAuthorization) -> Doc:
    return customers.set_charge_authorization(ctx, customer_id, bool(body.authorized_to_charge))
