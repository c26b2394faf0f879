"""Control plane: make another organization send this one a BILL network connection request.

``POST /v3/network/invitation/accept`` accepts a request that another organization sent; in the
sandbox nobody else signs in, so ``POST /_sandbox/network/invitations {organizationId,
networkId}`` has organization ``organizationId`` add a customer for the organization whose
network id is ``networkId`` and send it a connection request (PENDING, as through
``POST /v3/network/invitation/customer/{customerId}``). The invited organization then accepts it
with ``type`` VENDOR: the inviter is its vendor. The exported Postman collection runs it before
its "Accept connection request" (``bill_sandbox.postman``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from pydantic import ConfigDict, Field
from starlette.responses import Response

from bill_sandbox.auth import app_db, app_settings
from bill_sandbox.db import Database
from bill_sandbox.jsonio import respond
from bill_sandbox.routing import APIRouter
from bill_sandbox.sandbox import states
from bill_sandbox.schemas import PlainModel
from bill_sandbox.settings import Settings

router = APIRouter(tags=["network"])


class InvitationRequest(PlainModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str = Field(..., max_length=20, description="The organization that sends the request")
    networkId: str = Field(..., max_length=20, description="The network id of the organization invited")


class InvitationOut(PlainModel):
    organizationId: str
    customerId: str
    networkId: str
    status: str


@router.post(
    "/network/invitations",
    summary="Have another organization send this one a network connection request",
    response_model=InvitationOut,
    status_code=201,
)
async def invite(
    db: Annotated[Database, Depends(app_db)],
    settings: Annotated[Settings, Depends(app_settings)],
    body: InvitationRequest,
) -> Response:
    with db.transaction() as tx:
        return respond(states.send_connection_request(tx, settings, body.organizationId, body.networkId), 201)
