"""JSON in and out: orjson responses, documents without nulls."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


def dumps(value: Any) -> bytes:
    return orjson.dumps(value)


def prune(value: Any) -> Any:
    """Drop None values recursively: like live BILL, a field without a value is left out."""
    if isinstance(value, dict):
        return {k: prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


class JSONBytes(Response):
    media_type = "application/json"


def respond(body: Any, status: int = 200) -> Response:
    """A JSON response. Stored documents (bytes, str) were pruned when they were written
    (``store``); a body built for this response is pruned here: no null ever reaches the wire."""
    if isinstance(body, bytes | str):
        return JSONBytes(body, status_code=status)
    return JSONBytes(orjson.dumps(prune(body)), status_code=status)


def empty(status: int = 200) -> Response:
    return Response(b"", status_code=status)
