"""The ceiling: a bare ASGI callable answering constant JSON, run under the same uvicorn
settings as the sandbox (one worker, uvloop, httptools, no access log)."""

from __future__ import annotations

from typing import Any

BODY = b'{"id":"0cu02BU42CHBD5H1mjhe","name":"Bare ASGI","archived":false}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
