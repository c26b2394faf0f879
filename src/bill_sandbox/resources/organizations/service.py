"""Organization rules (BILL-RULES §5.16, §5.16b).

- ``GET``/``PATCH /v3/organizations/{id}`` and the price plan are ADMINISTRATOR-only (403 for
  other roles); another organization's id (or an unknown one) is 404 ``BDC_1205``.
- PATCH merges; ``processingOptions.mailingAddressSameAsPhysical:true`` makes
  ``mailingAddress`` a copy of ``address``; addresses get ``countryName``.
- The organization's document lives in ``organizations.doc``; a partner's copy
  (``partner_organizations``) follows every change.
- Billing statements are derived from the sandbox clock (nothing stored): one per calendar
  month since the organization was created, issued on the 1st of the next month, PAID 3 days
  later; the amount is the price plan's monthly price. Ids start ``0S0`` and never change.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date, timedelta
from typing import Any

import orjson
from sqlalchemy import select

from bill_sandbox import clock, money
from bill_sandbox.accounts.models import OrganizationRow
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import NotFoundError, RequestError, field_error
from bill_sandbox.listing import parse_max
from bill_sandbox.resources.organizations.schemas import OrganizationCreate, OrganizationUpdate
from bill_sandbox.resources.partner.models import PartnerOrganizationRow
from bill_sandbox.resources.users.service import require_admin
from bill_sandbox.schemas import address_doc
from bill_sandbox.store import Doc, merge_patch

orgs = OrganizationRow.__table__
porgs = PartnerOrganizationRow.__table__

KEY_ORDER = (
    "id",
    "archived",
    "name",
    "address",
    "mailingAddress",
    "phone",
    "companyOwner",
    "taxId",
    "taxIdType",
    "industry",
    "businessCategory",
    "accountType",
    "processingOptions",
    "partnerName",
    "createdTime",
    "updatedTime",
)
REQUIRED_ADDRESS = ("line1", "city", "zipOrPostalCode", "country")
DEFAULT_PLAN = "PricePlan1"

INDUSTRIES = (
    "Accounting or Bookkeeping",
    "Advertising or Marketing",
    "Agriculture",
    "Architecture or Engineering",
    "Automotive",
    "Construction or Contracting",
    "Consulting",
    "Education",
    "Entertainment or Recreation",
    "Financial Services",
    "Health Care",
    "Hospitality or Travel",
    "Insurance",
    "Legal Services",
    "Manufacturing",
    "Non-Profit",
    "Property Management or Real Estate",
    "Restaurant Caterer or Bar",
    "Retail",
    "Software or Technology",
    "Transportation or Logistics",
    "Wholesale or Distribution",
    "Other",
)


def _term(type_: str, name: str, tier: int, quantity: int, price: str) -> Doc:
    return {
        "type": type_,
        "name": name,
        "tier": tier,
        "quantity": quantity,
        "price": money.to_json(money.to_decimal(price)),
    }


# The five plans partners choose from (``PricePlan1``..``PricePlan5``); tier n prices the units
# after the previous tiers' quantities (BILL-RULES §5.16b).
PRICE_PLANS: dict[str, Doc] = {
    "PricePlan1": {
        "id": "PricePlan1",
        "name": "Essentials",
        "monthlyPrice": 45,
        "allowTrial": True,
        "priceVariesPerUser": True,
        "planTerms": [
            _term("TIERED", "suaProcessedCount", 1, 5, "0"),
            _term("TIERED", "suaProcessedCount", 2, 100, "0.49"),
            _term("FLAT", "discount", 1, 1, "0"),
        ],
    },
    "PricePlan2": {
        "id": "PricePlan2",
        "name": "Team",
        "monthlyPrice": 55,
        "allowTrial": True,
        "priceVariesPerUser": True,
        "planTerms": [
            _term("TIERED", "suaProcessedCount", 1, 10, "0"),
            _term("TIERED", "suaProcessedCount", 2, 100, "0.49"),
            _term("FLAT", "discount", 1, 1, "0"),
        ],
    },
    "PricePlan3": {
        "id": "PricePlan3",
        "name": "Corporate",
        "monthlyPrice": 79,
        "allowTrial": True,
        "priceVariesPerUser": True,
        "planTerms": [
            _term("TIERED", "suaProcessedCount", 1, 25, "0"),
            _term("TIERED", "suaProcessedCount", 2, 500, "0.39"),
            _term("FLAT", "discount", 1, 1, "5"),
        ],
    },
    "PricePlan4": {
        "id": "PricePlan4",
        "name": "Enterprise",
        "monthlyPrice": 99,
        "allowTrial": False,
        "priceVariesPerUser": False,
        "planTerms": [
            _term("TIERED", "suaProcessedCount", 1, 100, "0"),
            _term("TIERED", "suaProcessedCount", 2, 1000, "0.29"),
            _term("FLAT", "discount", 1, 1, "10"),
        ],
    },
    "PricePlan5": {
        "id": "PricePlan5",
        "name": "Partner Wholesale",
        "monthlyPrice": 35,
        "allowTrial": False,
        "priceVariesPerUser": False,
        "planTerms": [
            _term("TIERED", "suaProcessedCount", 1, 0, "0.25"),
            _term("FLAT", "discount", 1, 1, "0"),
        ],
    },
}


# ------------------------------------------------------------------------------ documents
def order(doc: Doc) -> Doc:
    out = {k: doc[k] for k in KEY_ORDER if k in doc}
    out.update((k, v) for k, v in doc.items() if k not in out)
    return out


def finish(doc: Doc) -> Doc:
    """Derived parts: countryName, the mailing address copy, no nulls; BILL's key order."""
    doc["address"] = address_doc(doc.get("address"))
    options = doc.get("processingOptions") or {}
    if options.get("mailingAddressSameAsPhysical") and doc.get("address"):
        doc["mailingAddress"] = dict(doc["address"])
    doc["mailingAddress"] = address_doc(doc.get("mailingAddress"))
    return order({k: v for k, v in doc.items() if v is not None and v != {}})


def load(ctx: RequestContext, org_id: str, for_update: bool = False) -> Doc:
    q = select(orgs.c.doc).where(orgs.c.id == org_id)
    value = ctx.tx.conn.execute(q.with_for_update() if for_update else q).scalar()
    if value is None:
        raise NotFoundError(org_id)
    doc: Doc = orjson.loads(value)
    return doc


def write(ctx: RequestContext, doc: Doc) -> Doc:
    """Store an organization's document (and the partner's copy of it)."""
    doc = finish(doc)
    body = orjson.dumps(doc).decode()
    ctx.tx.conn.execute(
        orgs.update()
        .where(orgs.c.id == doc["id"])
        .values(doc=body, name=doc.get("name", ""), updated_time=doc["updatedTime"])
    )
    ctx.tx.conn.execute(
        porgs.update()
        .where(porgs.c.id == doc["id"])
        .values(doc=body, name=doc.get("name", ""), updated_time=doc["updatedTime"])
    )
    return doc


def check_address(doc: Doc) -> None:
    address = doc.get("address") or {}
    missing = [f"address.{k}: must not be blank" for k in REQUIRED_ADDRESS if not address.get(k)]
    if missing:
        from bill_sandbox.errors import ValidationFailed

        raise ValidationFailed(missing)


def new_document(body: OrganizationCreate, org_id: str, now: str, partner_name: str | None) -> Doc:
    doc = body.to_camel_dict()
    check_address(doc)
    doc.update(id=org_id, archived=False, partnerName=partner_name, createdTime=now, updatedTime=now)
    return finish(doc)


def _own(ctx: RequestContext, organization_id: str) -> None:
    if organization_id != ctx.org_id:
        raise NotFoundError(organization_id)
    require_admin(ctx)


# ----------------------------------------------------------------------------- operations
def get_organization(ctx: RequestContext, organization_id: str) -> Doc:
    _own(ctx, organization_id)
    return order(load(ctx, organization_id))


def update_organization(ctx: RequestContext, organization_id: str, body: OrganizationUpdate) -> Doc:
    _own(ctx, organization_id)
    doc = load(ctx, organization_id, for_update=True)
    patch = body.to_camel_dict(exclude_unset=True)
    if "name" in patch and not (patch["name"] or "").strip():
        raise field_error("name", "must not be blank")
    new = merge_patch(doc, patch)
    new["updatedTime"] = ctx.now_iso
    return write(ctx, new)


def industries(ctx: RequestContext) -> Doc:
    return {"results": list(INDUSTRIES)}


def plan_of(ctx: RequestContext, org_id: str) -> str:
    value = ctx.tx.conn.execute(select(porgs.c.price_plan).where(porgs.c.id == org_id)).scalar()
    return str(value) if value else DEFAULT_PLAN


def price_plan(ctx: RequestContext, organization_id: str) -> Doc:
    _own(ctx, organization_id)
    return PRICE_PLANS[plan_of(ctx, organization_id)]


# --------------------------------------------------------------------- billing statements
def _statement_id(org_id: str, period: str) -> str:
    digest = hashlib.sha256(f"{org_id}:{period}".encode()).digest()
    upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    lower = "abcdefghijklmnopqrstuvwxyz0123456789"
    head = "".join(upper[b % len(upper)] for b in digest[:11])
    tail = "".join(lower[b % len(lower)] for b in digest[11:15])
    return f"0S002{head}{tail}"


def _statements(ctx: RequestContext, org_id: str) -> list[Doc]:
    doc = load(ctx, org_id)
    created = clock.parse_timestamp(doc["createdTime"])
    today = ctx.now.date()
    start = created.date() if created is not None else today
    plan = PRICE_PLANS[plan_of(ctx, org_id)]
    amount = money.to_json(money.to_decimal(plan["monthlyPrice"]))
    out: list[Doc] = []
    while True:
        nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        if nxt > today:
            break
        period = start.strftime("%Y-%m")
        paid_on = nxt + timedelta(days=3)
        statement: Doc = {
            "amount": amount,
            "billingPeriod": {
                "startDate": start.isoformat(),
                "endDate": (nxt - timedelta(days=1)).isoformat(),
            },
            "description": f"BILL subscription, {plan['name']} plan, {start.strftime('%B %Y')}",
            "id": _statement_id(org_id, period),
            "invoiceDate": nxt.isoformat(),
            "invoiceNumber": f"INV-{start.strftime('%Y%m')}-{org_id[-4:].upper()}",
            "paymentStatus": "PAID" if paid_on <= today else "UNPAID",
        }
        if paid_on <= today:
            statement["paymentDate"] = paid_on.isoformat()
        statement["_plan"] = plan
        out.append(statement)
        start = nxt
    return out


def _public(statement: Doc) -> Doc:
    return {k: v for k, v in statement.items() if not k.startswith("_")}


def _date(name: str, value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RequestError("BDC_1129", name, value) from None


def _offset(page: str | None) -> int:
    if not page:
        return 0
    try:
        value = int(base64.urlsafe_b64decode(page.encode() + b"==").decode().removeprefix("bs:"))
    except (ValueError, UnicodeDecodeError):
        raise RequestError("BDC_1129", "page", page) from None
    if value < 0:
        raise RequestError("BDC_1129", "page", page)
    return value


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"bs:{offset}".encode()).decode().rstrip("=")


def list_billing_statements(
    ctx: RequestContext,
    organization_id: str,
    date_from: str | None,
    date_to: str | None,
    max_: str | None,
    page: str | None,
) -> Any:
    """With ``invoiceDateFrom``/``invoiceDateTo``: a bare array of the statements issued in
    that range; otherwise a page ``{nextPage, prevPage, results}``. Mixing the two is 400."""
    if organization_id != ctx.org_id:
        raise NotFoundError(organization_id)
    start, end = _date("invoiceDateFrom", date_from), _date("invoiceDateTo", date_to)
    statements = _statements(ctx, organization_id)
    if start is not None or end is not None:
        if max_ or page:
            raise RequestError("BDC_1119", "max/page", "not allowed with invoiceDateFrom/invoiceDateTo")
        return [
            _public(s)
            for s in statements
            if (start is None or s["invoiceDate"] >= start.isoformat())
            and (end is None or s["invoiceDate"] <= end.isoformat())
        ]
    limit = parse_max(max_)
    offset = _offset(page)
    rows = [_public(s) for s in statements[offset : offset + limit]]
    out: Doc = {}
    if offset + limit < len(statements):
        out["nextPage"] = _cursor(offset + limit)
    if offset > 0:
        out["prevPage"] = _cursor(max(0, offset - limit))
    out["results"] = rows
    return out


def get_billing_statement(ctx: RequestContext, organization_id: str, statement_id: str, base_url: str) -> Doc:
    if organization_id != ctx.org_id:
        raise NotFoundError(organization_id)
    for statement in _statements(ctx, organization_id):
        if statement["id"] == statement_id:
            plan = statement["_plan"]
            out = _public(statement)
            link = f"{base_url}/v3/organizations/{organization_id}/billing-statements/{statement_id}"
            # The link targets are served (not in BILL's spec): routes.download_statement.
            details = [
                {
                    "quantity": 1,
                    "description": f"{plan['name']} plan subscription",
                    "type": "SUBSCRIPTION",
                    "amount": statement["amount"],
                },
            ]
            return {
                **{k: out[k] for k in ("amount", "billingPeriod", "description") if k in out},
                "downloadLink": {"csv": f"{link}/csv", "pdf": f"{link}/pdf"},
                **{k: v for k, v in out.items() if k not in ("amount", "billingPeriod", "description")},
                "statementDetails": details,
            }
    raise NotFoundError(statement_id)


def statement_file(
    ctx: RequestContext, organization_id: str, statement_id: str, kind: str
) -> tuple[str, bytes]:
    """The target of a statement's ``downloadLink`` (``kind`` csv or pdf)."""
    from bill_sandbox.resources.organizations import statement_files

    doc = get_billing_statement(ctx, organization_id, statement_id, "")
    name = f"{doc.get('invoiceNumber', statement_id)}.{kind}"
    return name, statement_files.to_csv(doc) if kind == "csv" else statement_files.to_pdf(doc)
