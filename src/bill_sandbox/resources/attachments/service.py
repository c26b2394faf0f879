"""Attachments (BILL-RULES §5.8): raw-byte uploads for vendors, customers and invoices.

- The parent must exist in the caller's organization (404 ``BDC_1205`` otherwise). Parents are
  looked up through ``PARENTS`` (kind -> the module and ``DocumentStore`` of that resource), so
  a resource that does not exist yet simply has no objects.
- BILL's attachment object has no status field, so an upload is complete at once (the
  "few minutes" BILL mentions are not simulated).
- ``replaceInvoicePdf=true`` (invoices, PDF only) makes the upload the invoice PDF: the
  invoice's ``invoicePdfId`` names it.
- Delete is permanent: the row and its bytes go, and the attachment leaves the lists.
"""

from __future__ import annotations

import orjson
from sqlalchemy import delete, select

from bill_sandbox import ids
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import NotFoundError, field_error
from bill_sandbox.listing import ListParams, ListSpec, list_field, list_page
from bill_sandbox.resources.attachments.models import AttachmentRow
from bill_sandbox.resources.files import service as files
from bill_sandbox.store import Doc

table = AttachmentRow.__table__
PREFIX = ids.PREFIXES["attachment"]

SPEC = ListSpec(
    table,
    {
        f.name: f
        for f in (
            list_field("id", table.c.id, ops="eq,ne,in,nin"),
            list_field("name", table.c.name, ops="eq,ne,in,nin,sw"),
            list_field("createdTime", table.c.created_time, "time"),
        )
    },
)

# Parent kind (URL segment) -> the module whose ``store`` (a DocumentStore) holds the parents.
PARENTS: dict[str, str] = {
    "vendors": "bill_sandbox.resources.vendors.service",
    "customers": "bill_sandbox.resources.customers.service",
    "invoices": "bill_sandbox.resources.invoices.service",
}

_GET_Q = select(table.c.doc)


def require_parent(ctx: RequestContext, parent_type: str, parent_id: str) -> None:
    files.require_object(ctx, PARENTS[parent_type], parent_id)


def upload(
    ctx: RequestContext,
    parent_type: str,
    parent_id: str,
    name: str | None,
    content: bytes,
    replace_invoice_pdf: bool = False,
) -> Doc:
    name = files.check_upload(name, content)
    require_parent(ctx, parent_type, parent_id)
    if replace_invoice_pdf and not name.lower().endswith(".pdf"):
        raise field_error("name", "replaceInvoicePdf needs a PDF file")
    id_ = ids.new_id(PREFIX)
    now = ctx.now_iso
    doc = {"id": id_, "name": name, "createdTime": now, "downloadLink": f"/v3/attachments/{id_}/download"}
    ctx.tx.conn.execute(
        table.insert().values(
            id=id_,
            org_id=ctx.org_id,
            parent_type=parent_type,
            parent_id=parent_id,
            name=name,
            created_time=now,
            doc=orjson.dumps(doc).decode(),
        )
    )
    files.put(ctx, id_, name, content)
    if replace_invoice_pdf and parent_type == "invoices":
        from bill_sandbox.resources.invoices import service as invoices

        invoices.set_pdf(ctx, parent_id, id_)
    return doc


def list_attachments(ctx: RequestContext, parent_type: str, parent_id: str, params: ListParams) -> bytes:
    require_parent(ctx, parent_type, parent_id)
    where = [table.c.parent_type == parent_type, table.c.parent_id == parent_id]
    return list_page(ctx.tx, SPEC, ctx.org_id, params, where)


def get_attachment(ctx: RequestContext, attachment_id: str) -> str:
    value = ctx.tx.conn.execute(
        _GET_Q.where(table.c.id == attachment_id, table.c.org_id == ctx.org_id)
    ).scalar()
    if value is None:
        raise NotFoundError(attachment_id)
    return str(value)


def delete_attachment(ctx: RequestContext, attachment_id: str) -> dict[str, str]:
    gone = ctx.tx.conn.execute(
        delete(table).where(table.c.id == attachment_id, table.c.org_id == ctx.org_id)
    ).rowcount
    if not gone:
        raise NotFoundError(attachment_id)
    files.drop(ctx, attachment_id)
    return {"status": "SUCCESS"}


def download(ctx: RequestContext, attachment_id: str) -> tuple[str, bytes]:
    if not attachment_id.startswith(PREFIX):
        raise NotFoundError(attachment_id)
    return files.get(ctx, attachment_id)
