"""Raw-byte uploads (BILL-RULES §5.8): checks, storage, download links, downloads.

- The body is the file itself (no multipart, no base64); routes read it with
  ``await request.body()`` before the transaction opens.
- ``name`` is required (400 ``BDC_1108``); files over 6 MB are a 400.
- Bytes live in ``file_blobs`` (one row per attachment/document, same id, org-scoped), so
  every worker and both engines see them.
- ``downloadLink`` is stored relative (``/v3/...``) and made absolute with the URL the client
  reached us at when a response is sent, so links stay right behind proxies and port maps.
- Download links, like BILL's, need only the ``sessionId`` header.
"""

from __future__ import annotations

import importlib
import mimetypes
from functools import cache
from typing import Any
from urllib.parse import quote

import orjson
from fastapi import Request
from sqlalchemy import delete, select
from starlette.responses import Response

from bill_sandbox import urls
from bill_sandbox.accounts.models import SessionRow
from bill_sandbox.auth import Caller
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Tx
from bill_sandbox.errors import NotFoundError, RequestError, UnauthorizedError, field_error
from bill_sandbox.jsonio import JSONBytes
from bill_sandbox.resources.files.models import FileBlobRow

MAX_BYTES = 6 * 1024 * 1024
MAX_NAME = 255

blob_table = FileBlobRow.__table__
_sessions = SessionRow.__table__
_BLOB_Q = select(blob_table.c.name, blob_table.c.content)
_LINK = b'"downloadLink":"/'


def check_upload(name: str | None, content: bytes) -> str:
    """The file name to store, or the 400 BILL answers for a bad upload."""
    if name is None or not name.strip():
        raise RequestError("BDC_1108", "name")
    name = name.strip()
    if len(name) > MAX_NAME:
        raise field_error("name", f"size must be between 1 and {MAX_NAME}")
    if not content:
        raise RequestError("BDC_1108", "file")
    if len(content) > MAX_BYTES:
        raise RequestError(
            "BDC_1119", message=f"File size {len(content)} bytes exceeds the maximum allowed size of 6 MB."
        )
    return name


def put(ctx: RequestContext, id_: str, name: str, content: bytes) -> None:
    ctx.tx.conn.execute(
        blob_table.insert().values(id=id_, org_id=ctx.org_id, name=name, size=len(content), content=content)
    )


def drop(ctx: RequestContext, id_: str) -> None:
    ctx.tx.conn.execute(delete(blob_table).where(blob_table.c.id == id_, blob_table.c.org_id == ctx.org_id))


def get(ctx: RequestContext, id_: str) -> tuple[str, bytes]:
    row = ctx.tx.conn.execute(
        _BLOB_Q.where(blob_table.c.id == id_, blob_table.c.org_id == ctx.org_id)
    ).first()
    if row is None:
        raise NotFoundError(id_)
    return str(row.name), bytes(row.content)


@cache
def optional_store(module_name: str, attr: str = "store") -> Any:
    """Another resource's ``DocumentStore``, or None while that resource does not exist yet
    (its objects are then all unknown: 404)."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    return getattr(module, attr, None)


def require_object(ctx: RequestContext, module_name: str, id_: str) -> None:
    """404 ``BDC_1205`` unless ``id_`` is an object of that resource in the caller's org."""
    store = optional_store(module_name)
    if store is None:
        raise NotFoundError(id_)
    store.get(ctx, id_)


# ------------------------------------------------------------------------------ responses
def respond_linked(request: Request, body: Any, status: int = 200) -> Response:
    """A JSON response whose relative ``downloadLink`` values become absolute URLs."""
    if isinstance(body, str):
        raw = body.encode()
    elif isinstance(body, bytes):
        raw = body
    else:
        raw = orjson.dumps(body)
    base = urls.connect_base(request, request.app.state.settings)
    return JSONBytes(raw.replace(_LINK, b'"downloadLink":"' + base.encode() + b"/"), status_code=status)


def download_response(name: str, content: bytes) -> Response:
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


class LinkCaller(Caller):
    """A download link is fetched with the ``sessionId`` header alone (BILL-RULES §5.8); a devKey,
    when sent, is checked as usual."""

    def _authenticate(self, tx: Tx, write: bool = True) -> RequestContext:
        if not self.dev_key and self.session_id:
            key = tx.conn.execute(
                select(_sessions.c.dev_key).where(_sessions.c.id == self.session_id)
            ).scalar()
            if key is None:
                raise UnauthorizedError("BDC_1109")
            self.dev_key = str(key)
        if not self.session_id:
            raise UnauthorizedError("BDC_1109")
        return super()._authenticate(tx, write)


def link_caller(request: Request) -> LinkCaller:
    state: Any = request.app.state
    return LinkCaller(
        state.db, state.settings, request.headers.get("devKey"), request.headers.get("sessionId")
    )
