"""Customer rules: required name and email, codes validated, addresses get countryName,
PATCH merges, archive/restore flip ``archived``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bill_sandbox import money
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, field_error
from bill_sandbox.listing import EQ, ListParams, ListSpec, doc_field, list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.customers.models import CustomerRow
from bill_sandbox.resources.customers.schemas import CustomerCreate, CustomerUpdate
from bill_sandbox.schemas import address_doc
from bill_sandbox.store import Doc, DocumentStore, merge_patch

table = CustomerRow.__table__
ACCOUNT_TYPES = ("BUSINESS", "PERSON", "NONE")

SPEC = ListSpec.build(
    table,
    # Filter operators as BILL documents them for customers.
    list_field("name", table.c.name, ops="eq,ne,sw,in,nin", fold=True),
    list_field("accountType", table.c.account_type, "enum", ops=EQ, enum=ACCOUNT_TYPES),
    list_field("invoiceCurrency", table.c.invoice_currency, ops=EQ),
    list_field("billingAddress.country", table.c.country, ops="eq,ne", sortable=False),
    list_field("companyName", table.c.company_name),
    list_field("email", table.c.email),
    # BILL-RULES §4's other customer fields, read from the document (no projection column).
    list_field("paymentStatus", doc_field(table, "paymentStatus"), ops=EQ),
    list_field("phone", doc_field(table, "phone")),
    list_field("fax", doc_field(table, "fax")),
    list_field("description", doc_field(table, "description")),
    aliases={"address.country": "billingAddress.country"},
)

KEY_ORDER = (
    "email",
    "name",
    "id",
    "archived",
    "companyName",
    "contact",
    "phone",
    "fax",
    "description",
    "invoiceCurrency",
    "accountType",
    "paymentTermId",
    "accountNumber",
    "billingAddress",
    "shippingAddress",
    "balance",
    "authorizedToCharge",
    "createdTime",
    "updatedTime",
)


def _project(doc: Doc) -> dict[str, Any]:
    return {
        "name": doc["name"],
        "email": doc.get("email", ""),
        "account_type": doc.get("accountType", "NONE"),
        "invoice_currency": doc.get("invoiceCurrency", "USD"),
        "country": (doc.get("billingAddress") or {}).get("country", ""),
        "company_name": doc.get("companyName", ""),
    }


store = DocumentStore(table, "0cu", SPEC, _project, KEY_ORDER)


def _finish(doc: Doc) -> Doc:
    doc["billingAddress"] = address_doc(doc.get("billingAddress"))
    doc["shippingAddress"] = address_doc(doc.get("shippingAddress"))
    doc["accountType"] = doc.get("accountType") or "NONE"
    doc["invoiceCurrency"] = doc.get("invoiceCurrency") or "USD"
    doc["balance"] = doc.get("balance") or {"amount": 0}
    return doc


def list_customers(ctx: RequestContext, params: ListParams) -> bytes:
    return store.list(ctx, params)


def create_customer(ctx: RequestContext, body: CustomerCreate) -> Doc:
    doc = _finish(body.to_camel_dict())
    return store.insert(ctx, doc)


def get_customer(ctx: RequestContext, customer_id: str) -> str:
    return store.get_raw(ctx, customer_id)


def update_customer(ctx: RequestContext, customer_id: str, body: CustomerUpdate) -> Doc:
    doc = store.get(ctx, customer_id, for_update=True)
    patch = body.to_camel_dict(exclude_unset=True)
    for required in ("name", "email"):
        if required in patch and not patch[required]:
            raise field_error(required, "must not be blank")
    return store.save(ctx, _finish(merge_patch(doc, patch)))


def archive_customer(ctx: RequestContext, customer_id: str) -> Doc:
    return store.set_archived(ctx, customer_id, True)


def restore_customer(ctx: RequestContext, customer_id: str) -> Doc:
    return store.set_archived(ctx, customer_id, False)


# --------------------------------------------------------------- for accounts receivable
def require_customer(
    ctx: RequestContext, customer_id: str, field: str = "customerId", active: bool = True
) -> Doc:
    """The customer document; an unknown (or another org's) id is a 404 ``BDC_1205``, an
    archived customer (when ``active``) a 400 ``BDC_1119`` on ``field``."""
    doc = store.get(ctx, customer_id)
    if active and doc.get("archived"):
        raise ApplicationError("BDC_1119", field, customer_id, object_id=customer_id)
    return doc


def customer_doc(ctx: RequestContext, customer_id: str) -> Doc:
    """The customer document (404 ``BDC_1205`` when unknown), archived or not."""
    return store.get(ctx, customer_id)


def create_inline(ctx: RequestContext, name: str, email: str) -> Doc:
    """A customer created from an invoice's ``customer{name, email}``."""
    return create_customer(ctx, CustomerCreate.model_validate({"name": name, "email": email}))


def adjust_balance(ctx: RequestContext, customer_id: str, delta: Decimal) -> None:
    """Add ``delta`` to ``balance.amount`` (Σ dueAmount of unarchived invoices − unapplied
    payments, BILL-RULES §6 #35). Bookkeeping: not announced, ``updatedTime`` unchanged."""
    if not delta:
        return
    doc = store.get(ctx, customer_id, for_update=True)
    amount = from_json((doc.get("balance") or {}).get("amount")) + delta
    doc["balance"] = {"amount": money.to_json(amount)}
    store.save(ctx, doc, touch=False, announce=False)


def set_charge_authorization(ctx: RequestContext, customer_id: str, authorized: bool) -> Doc:
    """``POST /v3/customers/{id}/charge-authorization``: the customer with ``authorizedToCharge``."""
    doc = store.get(ctx, customer_id, for_update=True)
    if doc.get("authorizedToCharge") is authorized:
        return doc
    return store.save(ctx, {**doc, "authorizedToCharge": authorized})


def authorized_to_charge(doc: Doc) -> bool:
    return bool(doc.get("authorizedToCharge"))
