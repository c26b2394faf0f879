"""Attachment routes. Upload and list routes are built per parent kind by one factory; this
module does not use ``from __future__ import annotations`` because the factory's path-parameter
types are made at run time and FastAPI reads them from the annotations."""

from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.attachments import service
from bill_sandbox.resources.attachments.schemas import Attachment, AttachmentList, DeleteStatus
from bill_sandbox.resources.files import service as files
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/attachments", tags=["attachments"])
Auth = Annotated[Caller, Depends(session_caller)]
Params = Annotated[ListParams, Depends(list_params)]
Name = Annotated[str | None, Query(description="File name, with its extension (required)")]
AttachmentId = Annotated[str, Path(alias="attachmentId")]

RAW_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The file's raw bytes (at most 6 MB)",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}

# parent kind -> (path parameter, noun in BILL's titles)
PARENTS = {
    "customers": ("customerId", "customer"),
    "invoices": ("invoiceId", "invoice"),
    "vendors": ("vendorId", "vendor"),
}


def _add_parent_routes(parent_type: str, param: str, noun: str) -> None:
    ParentId = Annotated[str, Path(alias=param)]

    @router.get(
        f"/{parent_type}/{{{param}}}",
        summary=f"Get list of {noun} attachments",
        response_model=AttachmentList,
    )
    async def list_attachments(
        request: Request, caller: Auth, parent_id: ParentId, params: Params
    ) -> Response:
        return files.respond_linked(
            request, caller.read(service.list_attachments, parent_type, parent_id, params)
        )

    if parent_type == "invoices":

        @router.post(
            f"/{parent_type}/{{{param}}}",
            summary=f"Upload {noun} attachment",
            response_model=Attachment,
            openapi_extra=RAW_BODY,
        )
        async def upload_invoice(
            request: Request,
            caller: Auth,
            parent_id: ParentId,
            name: Name = None,
            replace_invoice_pdf: Annotated[
                bool, Query(alias="replaceInvoicePdf", description="Make this PDF the invoice PDF")
            ] = False,
        ) -> Response:
            content = await request.body()
            doc = caller.write(service.upload, parent_type, parent_id, name, content, replace_invoice_pdf)
            return files.respond_linked(request, doc)

    else:

        @router.post(
            f"/{parent_type}/{{{param}}}",
            summary=f"Upload {noun} attachment",
            response_model=Attachment,
            openapi_extra=RAW_BODY,
        )
        async def upload(request: Request, caller: Auth, parent_id: ParentId, name: Name = None) -> Response:
            content = await request.body()
            doc = caller.write(service.upload, parent_type, parent_id, name, content)
            return files.respond_linked(request, doc)


for _kind, (_param, _noun) in PARENTS.items():
    _add_parent_routes(_kind, _param, _noun)


@router.get("/{attachmentId}", summary="Get attachment details", response_model=Attachment)
async def get_attachment(request: Request, caller: Auth, attachment_id: AttachmentId) -> Response:
    return files.respond_linked(request, caller.read(service.get_attachment, attachment_id))


@router.delete("/{attachmentId}", summary="Delete an attachment", response_model=DeleteStatus)
async def delete_attachment(caller: Auth, attachment_id: AttachmentId) -> Response:
    return respond(caller.write(service.delete_attachment, attachment_id))


@router.get("/{attachmentId}/download", include_in_schema=False)
async def download_attachment(
    attachment_id: AttachmentId, caller: Annotated[files.LinkCaller, Depends(files.link_caller)]
) -> Response:
    """The target of ``downloadLink`` (not in BILL's spec): the file's bytes."""
    return files.download_response(*caller.read(service.download, attachment_id))
