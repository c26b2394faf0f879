"""BILL network rules (BILL-RULES §5.15, §5.15b, §7.2, §7.3).

Network ids: a local organization's network id is its organization id (what a search by its
name returns); the seeded directory (``directory.py``) adds auto-connect, manual-accept and
RPPS entries shared by every organization.

- **Search** ``GET /v3/network?name&scope``: ``BILL`` matches whole words of at least 3
  characters (400 ``BDC_1119`` otherwise), ``RPPS`` partial names (and zip prefixes; a 6-20
  digit ``accountNumber`` when given), ``ALL`` both (the default; ``networks=BILL,RPPS`` is an
  alias). Private organizations are hidden (control plane ``POST /_sandbox/network/profile``).
  At most 25 results; ``managedBy.email`` masked.
- **Send** (vendor or customer): the record must exist and be active; a vendor request needs
  an MFA-trusted session (BILL-RULES §2.3) and, on the BILL network, a complete address
  (line1, city, zip, country) and ``payeeName``. Auto-connect targets connect at once (a local
  organization with auto-connect gets the matching customer/vendor record created); others
  are PENDING until the target accepts, or drop to NOT_CONNECTED after 60 days (the
  scheduler's timer). RPPS (vendors only) needs a directory RPPS id and
  ``rppsInformation.accountNumber`` -> CONNECTED_RPPS. A new request needs the old one deleted
  or expired (400 ``BDC_1119``).
- **Email** invitation (vendors): PENDING with no ``networkId``, 60 days.
- **Accept** ``{networkId, type, id | name}`` in the invited organization: ``type`` is what the
  inviter is to the accepting organization (a vendor request is accepted as ``CUSTOMER``);
  ``id`` links an existing record, ``name`` creates one from the inviter's details. Both sides
  become CONNECTED.
- **Delete**: PENDING or CONNECTED -> NOT_CONNECTED on both sides; refused (400) while a
  payment to the vendor is scheduled or in process.
- A vendor's ``networkStatus`` follows through ``vendors.service.set_network_status``
  (CONNECTED makes it payable by WALLET).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy import func, select, update

from bill_sandbox import clock, events
from bill_sandbox.accounts.models import OrganizationRow, UserRow
from bill_sandbox.auth import require_trusted
from bill_sandbox.context import RequestContext, system_context
from bill_sandbox.errors import ApplicationError, RequestError, field_error
from bill_sandbox.events import Event
from bill_sandbox.listing import ListSpec
from bill_sandbox.resources.bills import service as bills
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.customers.schemas import CustomerCreate
from bill_sandbox.resources.network.directory import BY_ID, DIRECTORY, Entry
from bill_sandbox.resources.network.models import NetworkConnectionRow, NetworkProfileRow
from bill_sandbox.resources.network.schemas import AcceptIn, EmailInvitationIn, InvitationIn
from bill_sandbox.resources.payments.models import PaymentRow
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.resources.vendors.schemas import VendorCreate
from bill_sandbox.store import Doc, DocumentStore, valid_id

table = NetworkConnectionRow.__table__
profiles = NetworkProfileRow.__table__
orgs = OrganizationRow.__table__
users = UserRow.__table__
payments = PaymentRow.__table__
VENDOR, CUSTOMER = "VENDOR", "CUSTOMER"
PENDING, CONNECTED, RPPS_CONNECTED, NOT_CONNECTED = "PENDING", "CONNECTED", "CONNECTED_RPPS", "NOT_CONNECTED"
EXPIRY_DAYS = 60
MAX_RESULTS = 25
ADDRESS_KEYS = ("line1", "line2", "city", "stateOrProvince", "zipOrPostalCode", "country")


# ------------------------------------------------------------------------------- helpers
@contextmanager
def acting_for(ctx: RequestContext, org_id: str) -> Iterator[RequestContext]:
    """Work in another organization (its first administrator, its sandbox time) inside the
    same transaction, then come back to the caller's."""
    tx = ctx.tx
    prev_org, prev_offset, prev_now = tx.org_id, tx.clock_offset, tx.now
    try:
        yield system_context(tx, org_id, ctx.settings)
    finally:
        tx.use_org(prev_org or ctx.org_id, prev_offset)
        tx._now = prev_now  # the caller's time stays fixed for its whole transaction


def _rule(field: str, value: object, object_id: str) -> ApplicationError:
    return ApplicationError("BDC_1119", field, value, object_id=object_id)


def _record(ctx: RequestContext, kind: str, record_id: str, active: bool = True) -> Doc:
    store = vendors.store if kind == VENDOR else customers.store
    doc = store.get(ctx, record_id)
    if active and doc.get("archived"):
        raise _rule("archived", True, record_id)
    return doc


def _row(ctx: RequestContext, record_id: str) -> Any:
    if not valid_id(record_id):
        return None
    return ctx.tx.conn.execute(
        select(table).where(table.c.id == record_id, table.c.org_id == ctx.org_id)
    ).first()


def _project(doc: Doc) -> dict[str, Any]:
    """The request's bookkeeping (its kind, network type, peer and expiry) rides in the stored
    document, left out of answers (``_public``), and in the columns the peer lookups and the
    expiry timer read."""
    return {
        "kind": doc["kind"],
        "status": doc["status"],
        "network_id": doc.get("networkId", ""),
        "network_type": doc.get("networkType", "BILL"),
        "peer_org_id": doc.get("peerOrgId", ""),
        "peer_record_id": doc.get("peerRecordId", ""),
        "expires_at": doc.get("expiresAt"),
    }


# ``id`` is always the vendor's or customer's id; the prefix is never used.
store = DocumentStore(
    table, "ncn", ListSpec.build(table), _project, ("id", "status", "networkId"), archivable=False
)
_PUBLIC = ("id", "status", "networkId")


def _put(
    ctx: RequestContext,
    record_id: str,
    kind: str,
    status: str,
    network_id: str = "",
    network_type: str = "BILL",
    peer_org_id: str = "",
    peer_record_id: str = "",
) -> Doc:
    doc: Doc = {
        "id": record_id,
        "status": status,
        "networkId": network_id or None,
        "kind": kind,
        "networkType": network_type,
        "peerOrgId": peer_org_id or None,
        "peerRecordId": peer_record_id or None,
    }
    if status == PENDING:
        doc["expiresAt"] = clock.iso(ctx.now + timedelta(days=EXPIRY_DAYS))
    old = store.find(ctx, record_id)
    if old is None:
        saved = store.insert(ctx, doc, record_id)
    else:
        saved = store.save(ctx, {**doc, "createdTime": old["createdTime"]})
    if kind == VENDOR:
        vendors.set_network_status(ctx, record_id, status, network_id if status == RPPS_CONNECTED else None)
    return _public(saved)


def _public(doc: Doc) -> Doc:
    return {k: doc[k] for k in _PUBLIC if k in doc}


def _drop(ctx: RequestContext, record_id: str, kind: str) -> None:
    store.delete(ctx, record_id)
    if kind == VENDOR and vendors.store.find(ctx, record_id) is not None:
        vendors.set_network_status(ctx, record_id, NOT_CONNECTED)


def _in_flight(ctx: RequestContext, vendor_id: str) -> bool:
    return (
        ctx.tx.conn.execute(
            select(payments.c.id)
            .where(
                payments.c.org_id == ctx.org_id,
                payments.c.vendor_id == vendor_id,
                payments.c.next_transition_at.is_not(None),
                payments.c.next_transition_at != "",
            )
            .limit(1)
        ).first()
        is not None
    )


def _profile(ctx: RequestContext, org_id: str) -> tuple[str, bool]:
    row = ctx.tx.conn.execute(
        select(profiles.c.visibility, profiles.c.auto_connect).where(profiles.c.id == org_id)
    ).first()
    return (row.visibility, bool(row.auto_connect)) if row else ("PUBLIC", False)


def _local_org(ctx: RequestContext, org_id: str) -> Doc | None:
    if not valid_id(org_id):
        return None
    value = ctx.tx.conn.execute(select(orgs.c.doc).where(orgs.c.id == org_id)).scalar()
    if value is None:
        return None
    doc: Doc = orjson.loads(value)
    return doc


def _admin_of(ctx: RequestContext, org_id: str) -> Doc:
    row = ctx.tx.conn.execute(
        select(users.c.doc)
        .where(users.c.org_id == org_id, users.c.archived.is_(False))
        .order_by(users.c.role != "ADMINISTRATOR", users.c.created_time, users.c.id)
        .limit(1)
    ).scalar()
    doc: Doc = orjson.loads(row) if row else {}
    return doc


def _mask(email: str) -> tuple[str, str]:
    local, _, domain = email.partition("@")
    if not domain:
        return "", ""
    masked = f"{local[0]}***{local[-1]}" if len(local) > 1 else "*"
    return f"{masked}@{domain}", domain


def _address(doc: Doc | None) -> Doc:
    return {k: doc[k] for k in ADDRESS_KEYS if doc and doc.get(k)}


def _local_result(ctx: RequestContext, org: Doc) -> Doc:
    admin = _admin_of(ctx, org["id"])
    out: Doc = {"id": org["id"], "name": org.get("name", ""), "type": "BILL"}
    address = _address(org.get("address"))
    out["addresses"] = [address] if address else []
    name = " ".join(str(admin[k]) for k in ("firstName", "lastName") if admin.get(k))
    email, domain = _mask(str(admin.get("email", "")))
    managed = {k: v for k, v in (("name", name), ("email", email), ("emailDomain", domain)) if v}
    if managed:
        out["managedBy"] = managed
    return out


# -------------------------------------------------------------------------------- search
def _scope(scope: str | None, networks: str | None) -> str:
    if scope:
        if scope.upper() not in ("BILL", "RPPS", "ALL"):
            raise RequestError("BDC_1129", "scope", scope)
        return scope.upper()
    if networks:
        kinds = {n.strip().upper() for n in networks.split(",") if n.strip()}
        if not kinds or not kinds <= {"BILL", "RPPS"}:
            raise RequestError("BDC_1129", "networks", networks)
        return "ALL" if len(kinds) == 2 else kinds.pop()
    return "ALL"


def search(
    ctx: RequestContext,
    name: str | None,
    scope: str | None,
    zip_code: str | None,
    account_number: str | None,
    networks: str | None,
) -> Doc:
    if not name or not name.strip():
        raise RequestError("BDC_1108", "name")
    term = name.strip()
    where = _scope(scope, networks)
    results: list[Doc] = []
    if where in ("BILL", "ALL"):
        if len(term) < 3:
            if where == "BILL":
                raise RequestError("BDC_1119", "name", term)
        else:
            results.extend(_search_bill(ctx, term, zip_code))
    if where in ("RPPS", "ALL"):
        results.extend(_search_rpps(term, zip_code, account_number))
    return {"results": results[:MAX_RESULTS]}


def _search_bill(ctx: RequestContext, term: str, zip_code: str | None) -> list[Doc]:
    word = re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)
    found: list[Doc] = []
    for entry in DIRECTORY:
        if entry.type == "BILL" and word.search(entry.name):
            found.append(entry.result())
    like = "%" + term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = ctx.tx.conn.execute(
        select(orgs.c.id, orgs.c.doc)
        .where(func.lower(orgs.c.name).like(like, escape="\\"))
        .order_by(orgs.c.name, orgs.c.id)
        .limit(500)
    ).all()
    for row in rows:
        org = orjson.loads(row.doc)
        if not word.search(str(org.get("name", ""))):
            continue
        if row.id != ctx.org_id and _profile(ctx, row.id)[0] == "PRIVATE":
            continue
        found.append(_local_result(ctx, org))
    if zip_code:
        found = [
            r for r in found if any(a.get("zipOrPostalCode", "").startswith(zip_code) for a in r["addresses"])
        ]
    found.sort(key=lambda r: (str(r["name"]).lower(), r["id"]))
    return found


def _search_rpps(term: str, zip_code: str | None, account_number: str | None) -> list[Doc]:
    if account_number and not _valid_rpps_account(account_number):
        return []
    out: list[Doc] = []
    for entry in DIRECTORY:
        if entry.type != "RPPS" or term.lower() not in entry.name.lower():
            continue
        if zip_code and not entry.address["zipOrPostalCode"].startswith(zip_code):
            continue
        out.append(entry.result())
    return out


def _valid_rpps_account(value: str) -> bool:
    return value.isdigit() and 6 <= len(value) <= 20


# --------------------------------------------------------------------------- invitations
def status(ctx: RequestContext, kind: str, record_id: str) -> Doc:
    _record(ctx, kind, record_id, active=False)
    row = _row(ctx, record_id)
    if row is None:
        return {"id": record_id, "status": NOT_CONNECTED}
    return _public(orjson.loads(row.doc))


def _check_vendor_address(vendor: Doc) -> None:
    address = vendor.get("address") or {}
    missing = [k for k in ("line1", "city", "zipOrPostalCode", "country") if not address.get(k)]
    if missing:
        raise _rule(f"address.{missing[0]}", "", vendor["id"])
    if not (vendor.get("paymentInformation") or {}).get("payeeName"):
        raise _rule("paymentInformation.payeeName", "", vendor["id"])


def _free(ctx: RequestContext, record_id: str) -> None:
    row = _row(ctx, record_id)
    if row is not None and row.status != NOT_CONNECTED:
        raise _rule("status", row.status, record_id)


def send(ctx: RequestContext, kind: str, record_id: str, body: InvitationIn) -> None:
    record = _record(ctx, kind, record_id)
    if kind == VENDOR:
        require_trusted(ctx)
    _free(ctx, record_id)
    assert body.network_id
    network_id = body.network_id
    if body.network_type is None:
        raise field_error("networkType", "must not be null")
    if body.network_type == "RPPS":
        _send_rpps(ctx, kind, record_id, network_id, body)
        return
    if kind == VENDOR:
        _check_vendor_address(record)
    if network_id == ctx.org_id:
        raise RequestError("BDC_1119", "networkId", network_id)
    entry: Entry | None = BY_ID.get(network_id)
    if entry is not None and entry.type == "BILL":
        _put(ctx, record_id, kind, CONNECTED if entry.auto_connect else PENDING, network_id)
        return
    org = _local_org(ctx, network_id)
    if org is None:
        raise RequestError("BDC_1119", "networkId", network_id)
    if not _profile(ctx, network_id)[1]:
        _put(ctx, record_id, kind, PENDING, network_id, peer_org_id=network_id)
        return
    # The target connects at once: its matching record is created from our details.
    peer_kind = CUSTOMER if kind == VENDOR else VENDOR
    inviter = _local_org(ctx, ctx.org_id) or {"id": ctx.org_id, "name": ""}
    with acting_for(ctx, network_id) as other:
        peer_id = _create_record(other, peer_kind, str(inviter.get("name") or "BILL organization"), inviter)
        _put(
            other, peer_id, peer_kind, CONNECTED, ctx.org_id, peer_org_id=ctx.org_id, peer_record_id=record_id
        )
    _put(ctx, record_id, kind, CONNECTED, network_id, peer_org_id=network_id, peer_record_id=peer_id)


def _send_rpps(ctx: RequestContext, kind: str, record_id: str, network_id: str, body: InvitationIn) -> None:
    if kind != VENDOR:
        raise RequestError("BDC_1119", "networkType", "RPPS")
    entry = BY_ID.get(network_id)
    if entry is None or entry.type != "RPPS":
        raise RequestError("BDC_1119", "networkId", network_id)
    account = (body.rpps_information.account_number if body.rpps_information else None) or ""
    if not account:
        raise field_error("rppsInformation.accountNumber", "must not be blank")
    if not _valid_rpps_account(account):
        raise RequestError("BDC_1119", "rppsInformation.accountNumber", account)
    _put(ctx, record_id, kind, RPPS_CONNECTED, network_id, "RPPS")


def send_email(ctx: RequestContext, vendor_id: str, body: EmailInvitationIn) -> None:
    _record(ctx, VENDOR, vendor_id)
    _free(ctx, vendor_id)
    _put(ctx, vendor_id, VENDOR, PENDING)


def remove(ctx: RequestContext, kind: str, record_id: str) -> None:
    _record(ctx, kind, record_id, active=False)
    row = _row(ctx, record_id)
    if row is None or row.status == NOT_CONNECTED:
        raise _rule("status", NOT_CONNECTED, record_id)
    if kind == VENDOR and _in_flight(ctx, record_id):
        raise _rule("payments", "scheduled or in process", record_id)
    peer_org, peer_record = row.peer_org_id, row.peer_record_id
    _drop(ctx, record_id, kind)
    if peer_org and peer_record:
        with acting_for(ctx, peer_org) as other:
            peer = _row(other, peer_record)
            if peer is not None:
                if peer.kind == VENDOR and _in_flight(other, peer_record):
                    raise _rule("payments", "scheduled or in process", record_id)
                _drop(other, peer_record, peer.kind)


def _create_record(ctx: RequestContext, kind: str, name: str, inviter: Doc) -> str:
    """A new customer or vendor in ``ctx``'s organization, filled with the inviter's details."""
    admin = _admin_of(ctx, str(inviter.get("id", "")))
    email = str(admin.get("email") or "network@sandbox.example.com")
    address = _address(inviter.get("address"))
    if kind == CUSTOMER:
        body: dict[str, Any] = {"name": name, "email": email, "companyName": inviter.get("name")}
        if address:
            body["billingAddress"] = address
        customer = customers.create_customer(
            ctx, CustomerCreate.model_validate({k: v for k, v in body.items() if v})
        )
        return str(customer["id"])
    vbody: dict[str, Any] = {"name": name, "email": email, "paymentInformation": {"payeeName": name}}
    if address:
        vbody["address"] = address
    vendor = vendors.create_vendor(ctx, VendorCreate.model_validate(vbody))
    return str(vendor["id"])


def accept(ctx: RequestContext, body: AcceptIn) -> None:
    assert body.network_id
    if body.type is None:
        raise field_error("type", "must not be null")
    if bool(body.id) == bool(body.name and body.name.strip()):
        raise RequestError("BDC_1119", "id/name", "give exactly one of id and name")
    inviter_kind = VENDOR if body.type == CUSTOMER else CUSTOMER
    request = ctx.tx.conn.execute(
        select(table.c.id, table.c.org_id)
        .where(
            table.c.org_id == body.network_id,
            table.c.peer_org_id == ctx.org_id,
            table.c.network_id == ctx.org_id,
            table.c.kind == inviter_kind,
            table.c.status == PENDING,
        )
        .order_by(table.c.created_time, table.c.id)
        .limit(1)
    ).first()
    if request is None:
        raise RequestError("BDC_1119", "networkId", body.network_id)
    if body.id:
        _record(ctx, body.type, body.id)
        _free(ctx, body.id)
        record_id = body.id
    else:
        inviter = _local_org(ctx, body.network_id) or {"id": body.network_id}
        assert body.name
        record_id = _create_record(ctx, body.type, body.name.strip(), inviter)
    _put(
        ctx,
        record_id,
        body.type,
        CONNECTED,
        body.network_id,
        peer_org_id=body.network_id,
        peer_record_id=request.id,
    )
    with acting_for(ctx, body.network_id) as other:
        _put(
            other,
            request.id,
            inviter_kind,
            CONNECTED,
            ctx.org_id,
            peer_org_id=ctx.org_id,
            peer_record_id=record_id,
        )


# --------------------------------------------------------------------- payments arriving
# The internal event a connected local organization receives when a payment to it (its
# customer's WALLET payment to the vendor record connected to it) has cleared. Receivables
# react to it (``resources.registry`` REACTIONS) to record the receivable payment on the
# matching invoice or as unapplied cash.
PAYMENT_RECEIVED = "network.payment-received"


def forward_cleared_payment(ctx: RequestContext, event: Event) -> None:
    """Reaction to ``payment.updated``: a WALLET payment that CLEARED, to a vendor CONNECTED to
    a local organization, arrives there as ``network.payment-received`` (in that
    organization's transaction and time) with the payer, the amount and the bills' invoice
    numbers."""
    doc = event.obj
    if doc.get("singleStatus") != "CLEARED" or doc.get("disbursementType") != "WALLET":
        return
    row = _row(ctx, str(doc.get("vendorId", "")))
    if row is None or row.status != CONNECTED or not row.peer_org_id or not row.peer_record_id:
        return
    payer = _local_org(ctx, ctx.org_id) or {}
    invoices: list[Doc] = []
    for part in doc.get("billPayments") or []:
        bill = bills.store.find(ctx, str(part.get("billId", "")))
        number = ((bill or {}).get("invoice") or {}).get("invoiceNumber")
        invoices.append({k: v for k, v in (("invoiceNumber", number), ("amount", part.get("amount"))) if v})
    received = {
        "id": doc["id"],
        "amount": doc.get("amount"),
        "paymentDate": clock.iso_date(ctx.now),
        "customerId": row.peer_record_id,
        "payerOrganizationId": ctx.org_id,
        "payerName": payer.get("name", ""),
        "description": doc.get("description", ""),
        "invoices": invoices,
    }
    with acting_for(ctx, row.peer_org_id) as other:
        events.record(other, PAYMENT_RECEIVED, received)


# ------------------------------------------------------------------------------ scheduler
def apply_due(ctx: RequestContext) -> None:
    """The scheduler's timer (``resources.registry``): PENDING requests older than 60 days
    drop to NOT_CONNECTED."""
    rows = ctx.tx.conn.execute(
        select(table.c.id, table.c.kind).where(
            table.c.org_id == ctx.org_id, table.c.expires_at.is_not(None), table.c.expires_at <= ctx.now_iso
        )
    ).all()
    for row in rows:
        _drop(ctx, row.id, row.kind)


# -------------------------------------------------------------------------- control plane
def set_profile(ctx: RequestContext, visibility: str | None, auto_connect: bool | None) -> Doc:
    current_visibility, current_auto = _profile(ctx, ctx.org_id)
    values = {
        "visibility": visibility or current_visibility,
        "auto_connect": current_auto if auto_connect is None else auto_connect,
    }
    done = ctx.tx.conn.execute(update(profiles).where(profiles.c.id == ctx.org_id).values(**values)).rowcount
    if not done:
        ctx.tx.conn.execute(profiles.insert().values(id=ctx.org_id, org_id=ctx.org_id, **values))
    return {
        "organizationId": ctx.org_id,
        "networkId": ctx.org_id,
        "visibility": values["visibility"],
        "autoConnect": values["auto_connect"],
    }
