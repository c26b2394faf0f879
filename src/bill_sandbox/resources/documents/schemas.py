"""Response shapes, for the OpenAPI spec (responses are built as documents)."""

from __future__ import annotations

from bill_sandbox.schemas import ResponseModel


class Document(ResponseModel):
    id: str | None = None
    name: str | None = None
    created_time: str | None = None
    download_link: str | None = None


class DocumentList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Document] = []


class UploadStatus(ResponseModel):
    document_id: str | None = None
    upload_id: str | None = None
    status: str | None = None
