"""One router factory builds the ten operations of each classification kind.

This module deliberately does not use ``from __future__ import annotations``: the request body
types are the declaration's models, chosen at run time, and FastAPI reads them from the
endpoint functions' annotations.
"""

from typing import Annotated, Any

from fastapi import Body, Depends, Path, Query
from pydantic import BaseModel, Field, create_model
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.classifications import service
from bill_sandbox.resources.classifications.kinds import KINDS, Kind
from bill_sandbox.routing import APIRouter, include
from bill_sandbox.schemas import NotBlank, ResponseModel, response_shape

Auth = Annotated[Caller, Depends(session_caller)]
Params = Annotated[ListParams, Depends(list_params)]
Id = Annotated[str, Path(alias="id")]
Ids = Annotated[str, Query(description="Comma-separated ids (required)")]


def _models(kind: Kind) -> tuple[type[BaseModel], type[ResponseModel], type[ResponseModel]]:
    """(bulk update item, list response, bulk response) models of a kind."""
    stem = kind.out_model.__name__.removesuffix("ResponseModel") + kind.segment.title().replace("-", "")
    bulk_update: type[BaseModel] = create_model(
        f"{stem}BulkUpdate", __base__=kind.update_model, id=(NotBlank, Field(None, max_length=40))
    )
    listing = response_shape(
        f"{stem}List",
        __name__,
        next_page=(str | None, None),
        prev_page=(str | None, None),
        results=(list[kind.out_model], []),  # type: ignore[name-defined]
    )
    bulk = response_shape(f"{stem}Bulk", __name__, **{kind.bulk_key: (list[kind.out_model], [])})  # type: ignore[name-defined]
    return bulk_update, listing, bulk


def make_router(kind: Kind) -> APIRouter:
    """The ten routes of one kind, titled as in BILL's operation list."""
    router = APIRouter(prefix=kind.path, tags=[kind.tag])
    titles = kind.titles
    Create: Any = kind.create_model
    Update: Any = kind.update_model
    BulkUpdate, Listing, Bulk = _models(kind)
    One = kind.out_model

    @router.get("", summary=titles.list, response_model=Listing)
    async def list_objects(caller: Auth, params: Params) -> Response:
        return respond(caller.read(service.list_objects, kind, params))

    @router.post("", summary=titles.create, status_code=201, response_model=One)
    async def create(caller: Auth, body: Create) -> Response:
        return respond(caller.write(service.create, kind, body), 201)

    @router.post("/bulk", summary=titles.bulk_create, status_code=201, response_model=Bulk)
    async def bulk_create(caller: Auth, body: Annotated[list[Create], Body()]) -> Response:
        return respond(caller.write(service.bulk_create, kind, body), 201)

    @router.patch("/bulk", summary=titles.bulk_update, response_model=Bulk)
    async def bulk_update(caller: Auth, body: Annotated[list[BulkUpdate], Body()]) -> Response:  # type: ignore[valid-type]
        return respond(caller.write(service.bulk_update, kind, body))

    @router.post("/bulk/archive", summary=titles.bulk_archive, response_model=Bulk)
    async def bulk_archive(caller: Auth, ids: Ids) -> Response:
        return respond(caller.write(service.bulk_set_archived, kind, ids, True))

    @router.post("/bulk/restore", summary=titles.bulk_restore, response_model=Bulk)
    async def bulk_restore(caller: Auth, ids: Ids) -> Response:
        return respond(caller.write(service.bulk_set_archived, kind, ids, False))

    @router.get("/{id}", summary=titles.get, response_model=One)
    async def get(caller: Auth, id_: Id) -> Response:
        return respond(caller.read(service.get, kind, id_))

    @router.patch("/{id}", summary=titles.update, response_model=One)
    async def update(caller: Auth, id_: Id, body: Update) -> Response:
        return respond(caller.write(service.update, kind, id_, body))

    @router.post("/{id}/archive", summary=titles.archive, response_model=One)
    async def archive(caller: Auth, id_: Id) -> Response:
        return respond(caller.write(service.set_archived, kind, id_, True))

    @router.post("/{id}/restore", summary=titles.restore, response_model=One)
    async def restore(caller: Auth, id_: Id) -> Response:
        return respond(caller.write(service.set_archived, kind, id_, False))

    return router


ROUTERS: list[APIRouter] = [make_router(kind) for kind in KINDS]

# One router for the registry.
router = APIRouter()
for _r in ROUTERS:
    include(router, _r)
