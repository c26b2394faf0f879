"""The URL a client reached us at (Host / X-Forwarded-* honoured; --public-url wins)."""

from __future__ import annotations

from starlette.requests import Request

from bill_sandbox.settings import Settings


def origin(request: Request, settings: Settings) -> str:
    if settings.public_url:
        base = settings.public_url.rstrip("/")
        return base.removesuffix("/connect")
    headers = request.headers
    proto = headers.get("x-forwarded-proto", request.url.scheme).split(",")[0].strip()
    host = headers.get("x-forwarded-host") or headers.get("host") or request.url.netloc
    host = host.split(",")[0].strip()
    prefix = headers.get("x-forwarded-prefix", "").rstrip("/")
    return f"{proto}://{host}{prefix}"


def connect_base(request: Request, settings: Settings) -> str:
    return origin(request, settings) + "/connect"
