"""Response shapes, for the OpenAPI spec (responses are built as documents)."""

from __future__ import annotations

from bill_sandbox.schemas import ResponseModel


class Attachment(ResponseModel):
    id: str | None = None
    name: str | None = None
    created_time: str | None = None
    download_link: str | None = None


class AttachmentList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Attachment] = []


class DeleteStatus(ResponseModel):
    status: str | None = None
