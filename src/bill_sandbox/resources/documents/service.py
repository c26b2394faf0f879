"""Bill documents (BILL-RULES §5.8, 7.2).

- ``POST /v3/documents/bills/{billId}?name=`` stores the bytes and answers ``{"id": "0du..."}``,
  the upload id: like BILL, ``name``, ``createdTime`` and ``downloadLink`` come only once the
  upload is complete.
- The upload completes 5 s of sandbox time after it was made, or on the second
  ``upload-status`` poll, whichever comes first; the document then has its ``00h`` id and
  appears in the bill's list and under ``GET /v3/documents/{documentId}``. Completion by time
  is evaluated on read (no background work, nothing to do when the clock jumps).
- Bill documents cannot be deleted. The bill must exist in the caller's organization.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy import ColumnElement, or_, select

from bill_sandbox import clock, ids
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import NotFoundError, RequestError
from bill_sandbox.listing import ListParams, ListSpec, list_field, list_page
from bill_sandbox.resources.documents.models import BillDocumentRow
from bill_sandbox.resources.files import service as files

table = BillDocumentRow.__table__
PREFIX = ids.PREFIXES["document"]
UPLOAD_PREFIX = ids.PREFIXES["document_upload"]
BILLS = "bill_sandbox.resources.bills.service"
READY_AFTER = timedelta(seconds=5)
POLLS_TO_FINISH = 2
STATUS_LIMIT = 100

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

_GET_Q = select(table.c.doc)
_STATUS_Q = select(table.c.id, table.c.upload_id, table.c.ready_time, table.c.polls, table.c.uploaded)


def _done(ctx: RequestContext) -> ColumnElement[bool]:
    return or_(table.c.uploaded.is_(True), table.c.ready_time <= ctx.now_iso)


_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
EICAR = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


def scan_status(content: bytes) -> str:
    """BILL's changelog ``scanStatus`` (BILL-RULES §5.8): CLEAN, or INFECTED for a file carrying
    the EICAR test signature (OUR DESIGN: a way to see the other value)."""
    return "INFECTED" if EICAR in content else "CLEAN"


def page_count(content: bytes) -> int:
    """``numOfPages``: the page objects of a PDF; any other file is one page."""
    if content.startswith(b"%PDF"):
        return max(1, len(_PDF_PAGE.findall(content)))
    return 1


def upload(ctx: RequestContext, bill_id: str, name: str | None, content: bytes) -> dict[str, Any]:
    name = files.check_upload(name, content)
    files.require_object(ctx, BILLS, bill_id)
    document_id, upload_id = ids.new_id(PREFIX), ids.new_id(UPLOAD_PREFIX)
    now = ctx.now_iso
    doc = {
        "id": document_id,
        "name": name,
        "createdTime": now,
        "downloadLink": f"/v3/documents/{document_id}/download",
        "scanStatus": scan_status(content),
        "numOfPages": page_count(content),
    }
    ctx.tx.conn.execute(
        table.insert().values(
            id=document_id,
            upload_id=upload_id,
            org_id=ctx.org_id,
            bill_id=bill_id,
            name=name,
            created_time=now,
            ready_time=clock.iso(ctx.now + READY_AFTER),
            polls=0,
            uploaded=False,
            doc=orjson.dumps(doc).decode(),
        )
    )
    files.put(ctx, document_id, name, content)
    return {"id": upload_id}


def upload_status(ctx: RequestContext, id_list: str) -> list[dict[str, str]]:
    """``[{documentId, uploadId, status}]`` in the order asked; each call counts as a poll.
    Upload ids (``0du``) and document ids (``00h``) are both accepted."""
    wanted = list(dict.fromkeys(x.strip() for x in id_list.split(",") if x.strip()))
    if not wanted:
        raise RequestError("BDC_1108", "ids")
    if len(wanted) > STATUS_LIMIT:
        raise RequestError("BDC_1129", "ids", f"{len(wanted)} ids (at most {STATUS_LIMIT})")
    rows = ctx.tx.conn.execute(
        _STATUS_Q.where(
            table.c.org_id == ctx.org_id, or_(table.c.upload_id.in_(wanted), table.c.id.in_(wanted))
        )
    ).all()
    by_id = {r.upload_id: r for r in rows} | {r.id: r for r in rows}
    now = ctx.now_iso
    status: dict[str, bool] = {}
    for row in rows:
        polls = row.polls + 1
        done = bool(row.uploaded) or row.ready_time <= now or polls >= POLLS_TO_FINISH
        status[row.id] = done
        ctx.tx.conn.execute(table.update().where(table.c.id == row.id).values(polls=polls, uploaded=done))
    out: list[dict[str, str]] = []
    for id_ in wanted:
        found = by_id.get(id_)
        if found is None:
            raise NotFoundError(id_)
        if status[found.id]:
            out.append({"documentId": found.id, "uploadId": found.upload_id, "status": "UPLOADED"})
        else:
            out.append({"uploadId": found.upload_id, "status": "IN_PROGRESS"})
    return out


def list_documents(ctx: RequestContext, bill_id: str, params: ListParams) -> bytes:
    files.require_object(ctx, BILLS, bill_id)
    return list_page(ctx.tx, SPEC, ctx.org_id, params, [table.c.bill_id == bill_id, _done(ctx)])


def get_document(ctx: RequestContext, document_id: str) -> str:
    value = ctx.tx.conn.execute(
        _GET_Q.where(table.c.id == document_id, table.c.org_id == ctx.org_id, _done(ctx))
    ).scalar()
    if value is None:
        raise NotFoundError(document_id)
    return str(value)


def download(ctx: RequestContext, document_id: str) -> tuple[str, bytes]:
    get_document(ctx, document_id)
    return files.get(ctx, document_id)
