from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.resources.reports import service
from bill_sandbox.resources.reports.schemas import AuditRecord
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/reports", tags=["reports"])
Auth = Annotated[Caller, Depends(session_caller)]


@router.get(
    "/audit-trail/vendor/{vendorId}",
    summary="Get audit trail details for a vendor",
    response_model=list[AuditRecord],
)
async def vendor_audit_trail(
    caller: Auth,
    vendor_id: Annotated[str, Path(alias="vendorId")],
    include_archived: Annotated[
        str | None, Query(alias="includeArchived", description="true: also archive/restore records")
    ] = None,
    start: Annotated[str | None, Query(description="Index of the first record (default 0)")] = None,
    max_: Annotated[str | None, Query(alias="max", description="1 to 100 (default 20)")] = None,
) -> Response:
    return respond(caller.read(service.vendor_audit_trail, vendor_id, include_archived, start, max_))
