from __future__ import annotations

from starlette.responses import Response

from bill_sandbox import __version__
from bill_sandbox.jsonio import respond
from bill_sandbox.routing import APIRouter
from bill_sandbox.schemas import PlainModel

router = APIRouter(prefix="/v3", tags=["health"])

_BODY = {"appId": "bill-sandbox", "appEnv": "sandbox", "appVersion": __version__, "bdcRegion": "local"}


class Health(PlainModel):
    appId: str
    appEnv: str
    appVersion: str
    bdcRegion: str


@router.get("/health", summary="Check app health", response_model=Health)
async def health() -> Response:
    return respond(_BODY)
