"""Query parameters: repeated ones act on every value (issue 14); ``bool_param`` reads a flag.

BILL's Spring services bind a parameter given several times (``ids=a&ids=b``) to all of its
values, joined with commas when the parameter is one string. FastAPI would keep only the last
one, so this middleware joins repeated parameters before routing: ``ids=a&ids=b`` becomes
``ids=a,b``, ``filters=x&filters=y`` becomes ``filters=x,y`` (both filters apply), and so on.
A query without a repeated name passes untouched (one ``b"&" in`` test per request).
Spend & Expense (``/v3/spend/...``) is another service with its own dialect, in which a repeated
``filters`` is ignored (BILL-RULES §5.18b, seen live): its queries pass untouched too.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from bill_sandbox.errors import RequestError


def merge_repeated(query: bytes) -> bytes:
    """``query`` with every repeated parameter joined into one comma-separated value (in the
    order given), or ``query`` itself when no name repeats."""
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    if len(values) == len(pairs):
        return query
    joined = [(name, ",".join(v for v in vals if v != "") or "") for name, vals in values.items()]
    return urlencode(joined, encoding="latin-1").encode("latin-1")


class RepeatedQuery:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "/v3/spend/" not in scope.get("path", ""):
            query: bytes = scope.get("query_string", b"")
            if b"&" in query:
                merged = merge_repeated(query)
                if merged is not query:
                    scope = {**scope, "query_string": merged}
        await self.app(scope, receive, send)


def bool_param(name: str, raw: str | None) -> bool:
    """A ``true``/``false`` query parameter (any case; absent or empty is false); anything else
    is BILL's 400 ``BDC_1129`` about ``name``."""
    if raw is None or raw == "":
        return False
    if raw.lower() not in ("true", "false"):
        raise RequestError("BDC_1129", name, raw)
    return raw.lower() == "true"
