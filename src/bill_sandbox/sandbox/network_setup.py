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
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from starlette.responses import Response

from bill_sandbox import scheduler
from bill_sandbox.accounts.service import orgs
from bill_sandbox.auth import app_db, app_settings
from bill_sandbox.context import system_context
from bill_sandbox.db import Database
from bill_sandbox.errors import RequestError
from bill_sandbox.jsonio import respond
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.customers.schemas import CustomerCreate
from bill_sandbox.resources.network import service as network
from bill_sandbox.resources.network.schemas import InvitationIn
from bill_sandbox.routing import APIRouter
from bill_sandbox.sandbox.service import require_org
from bill_sandbox.settings import Settings

router = APIRouter(tags=["network"])


class InvitationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str = Field(..., max_length=20, description="The organization that sends the request")
    networkId: str = Field(..., max_length=20, description="The network id of the organization invited")


class InvitationOut(BaseModel):
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
        require_org(tx, body.networkId)
        require_org(tx, body.organizationId)
        if body.networkId == body.organizationId:
            raise RequestError("BDC_1119", "networkId", body.networkId)
        invited = tx.conn.execute(select(orgs.c.name).where(orgs.c.id == body.networkId)).scalar()
        ctx = system_context(tx, body.organizationId, settings)
        customer = customers.create_customer(
            ctx,
            CustomerCreate.model_validate(
                {"name": invited or "BILL organization", "email": "network@sandbox.example.com"}
            ),
        )
        network.send(
            ctx,
            network.CUSTOMER,
            str(customer["id"]),
            InvitationIn.model_validate({"networkId": body.networkId, "networkType": "BILL"}),
        )
        doc = network.status(ctx, network.CUSTOMER, str(customer["id"]))
        scheduler.reschedule(tx, body.organizationId)
    return respond(
        {
            "organizationId": body.organizationId,
            "customerId": customer["id"],
            "networkId": body.networkId,
            "status": doc["status"],
        },
        201,
    )
