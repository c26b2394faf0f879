from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Path, Query, Request
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.resources.files import service as files
from bill_sandbox.resources.organizations import service
from bill_sandbox.resources.organizations.schemas import (
    BillingStatement,
    BillingStatementDetails,
    BillingStatementList,
    Industries,
    Organization,
    OrganizationUpdate,
    PricePlan,
)
from bill_sandbox.routing import APIRouter
from bill_sandbox.urls import connect_base

router = APIRouter(prefix="/v3/organizations", tags=["organizations"])
Auth = Annotated[Caller, Depends(session_caller)]
OrgId = Annotated[str, Path(alias="organizationId")]
StatementId = Annotated[str, Path(alias="billingStatementId")]

# Fixed paths come before /{organizationId}.


@router.get("/industries", summary="Get list of organization industries", response_model=Industries)
async def industries(caller: Auth) -> Response:
    return respond(caller.read(service.industries))


@router.get("/{organizationId}", summary="Get organization details", response_model=Organization)
async def get_organization(caller: Auth, organization_id: OrgId) -> Response:
    return respond(caller.read(service.get_organization, organization_id))


@router.patch("/{organizationId}", summary="Update an organization", response_model=Organization)
async def update_organization(caller: Auth, organization_id: OrgId, body: OrganizationUpdate) -> Response:
    return respond(caller.write(service.update_organization, organization_id, body))


@router.get(
    "/{organizationId}/billing-statements",
    summary="Get list of billing statements",
    response_model=BillingStatementList | list[BillingStatement],
    description="A page `{nextPage, prevPage, results}`; with `invoiceDateFrom` or `invoiceDateTo`, "
    "a bare array of the statements issued in that range.",
)
async def list_billing_statements(
    caller: Auth,
    organization_id: OrgId,
    invoice_date_from: Annotated[str | None, Query(alias="invoiceDateFrom", description="yyyy-MM-dd")] = None,
    invoice_date_to: Annotated[str | None, Query(alias="invoiceDateTo", description="yyyy-MM-dd")] = None,
    max_: Annotated[str | None, Query(alias="max", description="Page size, 1 to 100 (default 20)")] = None,
    page: Annotated[str | None, Query(description="nextPage or prevPage of a previous response")] = None,
) -> Response:
    return respond(
        caller.read(
            service.list_billing_statements, organization_id, invoice_date_from, invoice_date_to, max_, page
        )
    )


@router.get(
    "/{organizationId}/billing-statements/{billingStatementId}",
    summary="Get billing statement details",
    response_model=BillingStatementDetails,
)
async def get_billing_statement(
    request: Request, caller: Auth, organization_id: OrgId, statement_id: StatementId
) -> Response:
    base = connect_base(request, caller.settings)
    return respond(caller.read(service.get_billing_statement, organization_id, statement_id, base))


@router.get(
    "/{organizationId}/price-plan", summary="Get organization price plan details", response_model=PricePlan
)
async def price_plan(caller: Auth, organization_id: OrgId) -> Response:
    return respond(caller.read(service.price_plan, organization_id))


@router.get("/{organizationId}/billing-statements/{billingStatementId}/{kind}", include_in_schema=False)
async def download_statement(
    organization_id: OrgId,
    statement_id: StatementId,
    kind: Annotated[Literal["csv", "pdf"], Path()],
    caller: Annotated[files.LinkCaller, Depends(files.link_caller)],
) -> Response:
    """The targets of ``downloadLink{csv, pdf}`` (not in BILL's spec): fetched with the
    ``sessionId`` header."""
    return files.download_response(*caller.read(service.statement_file, organization_id, statement_id, kind))
