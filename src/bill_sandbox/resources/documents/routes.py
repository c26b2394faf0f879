from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.attachments.routes import RAW_BODY
from bill_sandbox.resources.documents import service
from bill_sandbox.resources.documents.schemas import Document, DocumentList, UploadStatus
from bill_sandbox.resources.files import service as files
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/documents", tags=["documents"])
Auth = Annotated[Caller, Depends(session_caller)]
BillId = Annotated[str, Path(alias="billId")]
DocumentId = Annotated[str, Path(alias="documentId")]


@router.get("/upload-status", summary="Get document upload status", response_model=list[UploadStatus])
async def upload_status(
    caller: Auth, ids: Annotated[str, Query(description="Comma-separated upload ids (0du...)")]
) -> Response:
    # A write: every status call counts as a poll (the second one completes the upload).
    return respond(caller.write(service.upload_status, ids))


@router.get("/bills/{billId}", summary="Get list of documents", response_model=DocumentList)
async def list_documents(
    request: Request, caller: Auth, bill_id: BillId, params: Annotated[ListParams, Depends(list_params)]
) -> Response:
    return files.respond_linked(request, caller.read(service.list_documents, bill_id, params))


@router.post(
    "/bills/{billId}", summary="Upload bill document", response_model=Document, openapi_extra=RAW_BODY
)
async def upload(
    request: Request,
    caller: Auth,
    bill_id: BillId,
    name: Annotated[str | None, Query(description="File name, with its extension (required)")] = None,
) -> Response:
    content = await request.body()
    return respond(caller.write(service.upload, bill_id, name, content))


@router.get("/{documentId}", summary="Get document details", response_model=Document)
async def get_document(request: Request, caller: Auth, document_id: DocumentId) -> Response:
    return files.respond_linked(request, caller.read(service.get_document, document_id))


@router.get("/{documentId}/download", include_in_schema=False)
async def download_document(
    document_id: DocumentId, caller: Annotated[files.LinkCaller, Depends(files.link_caller)]
) -> Response:
    """The target of ``downloadLink`` (not in BILL's spec): the file's bytes."""
    return files.download_response(*caller.read(service.download, document_id))
