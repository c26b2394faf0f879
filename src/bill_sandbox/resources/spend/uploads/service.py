"""Pre-signed upload targets for receipt images (BILL-RULES §5.18b "Reimbursements", "Transactions").

``POST /v3/spend/{reimbursements/image-upload-url|transactions/receipt-upload-url}`` answers
``{url}``: a local target (``/_sandbox/spend/uploads/<token>``) that stores the bytes a client
``PUT``s there (JPG or PNG, as BILL's). Attaching a receipt sends the same ``url`` back; a url
of ours whose bytes never arrived is refused. ``GET`` on the target returns the bytes.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from sqlalchemy import select

from bill_sandbox.context import RequestContext
from bill_sandbox.db import Tx
from bill_sandbox.errors import NotFoundError, RequestError
from bill_sandbox.resources.spend.common import new_uuid
from bill_sandbox.resources.spend.uploads.models import SpendUploadRow

table = SpendUploadRow.__table__
PATH = "/_sandbox/spend/uploads/"
_OURS = re.compile(r"/_sandbox/spend/uploads/(upl_[A-Za-z0-9_-]{20,60})$")
IMAGE_TYPES = {"image/jpeg": "jpg", "image/jpg": "jpg", "image/png": "png"}
MAX_BYTES = 6 * 1024 * 1024


def create_url(ctx: RequestContext, kind: str, origin: str) -> dict[str, Any]:
    token = "upl_" + secrets.token_urlsafe(24)
    ctx.tx.conn.execute(
        table.insert().values(id=token, org_id=ctx.org_id, kind=kind, created_time=ctx.now_iso)
    )
    return {"url": origin + PATH + token}


def store_bytes(tx: Tx, token: str, content_type: str, data: bytes) -> None:
    row = tx.conn.execute(select(table.c.org_id).where(table.c.id == token)).first()
    if row is None:
        raise NotFoundError(token[:40])
    kind = content_type.split(";")[0].strip().lower()
    if kind not in IMAGE_TYPES:
        raise RequestError("BDC_1119", "Content-Type", kind[:40] or "(none)")
    if not data:
        raise RequestError("BDC_1108", "body")
    if len(data) > MAX_BYTES:
        raise RequestError("BDC_1119", "body", f"larger than {MAX_BYTES} bytes")
    tx.use_org(row.org_id)
    tx.conn.execute(
        table.update()
        .where(table.c.id == token)
        .values(data=data, content_type=kind, size=len(data), uploaded_time=tx.now_iso)
    )


def read_bytes(tx: Tx, token: str) -> tuple[bytes, str]:
    row = tx.conn.execute(select(table.c.data, table.c.content_type).where(table.c.id == token)).first()
    if row is None or row.data is None:
        raise NotFoundError(token[:40])
    return bytes(row.data), str(row.content_type)


def receipt(ctx: RequestContext, url: str | None, filename: str | None, field: str = "url") -> dict[str, Any]:
    """A receipt object ``{filename, url, uuid}`` for an uploaded image (or a foreign url)."""
    if not url or not url.strip():
        raise RequestError(None, message=f"{field}: must not be blank")
    match = _OURS.search(url.split("?", 1)[0])
    ext = "jpg"
    if match:
        row = ctx.tx.conn.execute(
            select(table.c.content_type, table.c.uploaded_time).where(
                table.c.org_id == ctx.org_id, table.c.id == match.group(1)
            )
        ).first()
        if row is None:
            raise RequestError("BDC_1119", field, url[:200])
        if not row.uploaded_time:
            raise RequestError(
                "BDC_1119", field, url[:200], message=f"{field}: nothing was uploaded to this url"
            )
        ext = IMAGE_TYPES.get(row.content_type, "jpg")
    uuid = new_uuid("rcp")
    return {"filename": filename or f"receipt-{uuid[-6:]}.{ext}", "url": url, "uuid": uuid}
