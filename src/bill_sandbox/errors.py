"""BILL's error array: the exception tree and the one set of handlers that renders it.

BILL answers every error with a real HTTP status and a JSON array of
``{timestamp, code, severity, category, message, params}``. Field validation
errors are one element per field and carry no ``code``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic.alias_generators import to_camel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from bill_sandbox import clock

log = logging.getLogger("bill_sandbox")

MESSAGES: dict[str, str] = {
    "BDC_1001": "System error occurred.",
    "BDC_1002": "Unknown error occurred.",
    "BDC_1101": "User name and/or password do not match our records.",
    "BDC_1102": "Developer key is invalid.",
    "BDC_1107": "Organization is locked out.",
    "BDC_1108": "Missing parameter value for parameter: {0}.",
    "BDC_1109": "Session is invalid.  Please log in.",
    "BDC_1110": "Login is locked.",
    "BDC_1119": "Invalid field,value: {0}, {1}.",
    "BDC_1120": "No data found.",
    "BDC_1121": "API not supported.",
    "BDC_1122": "Error Parsing Json Object. Please check your request.",
    "BDC_1123": "Invalid organization id.",
    "BDC_1129": "Invalid parameter value for parameter,value: {0}, {1}.",
    "BDC_1130": "Invalid list filter field: {0}.",
    "BDC_1131": "Invalid list filter operator: {0}.",
    "BDC_1205": "Object not found for the given id: {0}.",
    "BDC_1361": "Untrusted session.",
}


class ErrorItem:
    __slots__ = ("category", "code", "message", "severity")

    def __init__(
        self, message: str, code: str | None = None, category: str = "REQUEST", severity: str = "ERROR"
    ) -> None:
        self.message = message
        self.code = code
        self.category = category
        self.severity = severity

    def render(self, timestamp: str) -> dict[str, Any]:
        out: dict[str, Any] = {"timestamp": timestamp}
        if self.code:
            out["code"] = self.code
        out.update(severity=self.severity, category=self.category, message=self.message, params={})
        return out


class BillError(Exception):
    """A client-visible error. Subclasses fix the HTTP status and category."""

    http_status = 400
    category = "REQUEST"

    def __init__(
        self,
        code: str | None,
        *params: object,
        message: str | None = None,
        items: Sequence[ErrorItem] | None = None,
        object_id: str | None = None,
    ) -> None:
        if message is None:
            message = MESSAGES.get(code or "", "Unknown error occurred.").format(*params)
        self.code = code
        self.message = message
        if items is None:
            items = [ErrorItem(message, code, self.category)]
            if object_id:
                # BILL repeats business errors about one object, prefixed with its id.
                items.append(ErrorItem(f"{object_id} : {message}", code, self.category))
        self.items = list(items)
        # The organization's sandbox time when the error happened in a request that knows it
        # (``auth.Caller``); wall-clock UTC otherwise.
        self.timestamp: str | None = None
        super().__init__(message)

    def body(self) -> list[dict[str, Any]]:
        ts = self.timestamp or clock.iso(clock.wall_now())
        return [item.render(ts) for item in self.items]


class RequestError(BillError):
    http_status = 400
    category = "REQUEST"


class ApplicationError(BillError):
    """Business-rule violation (400, category APPLICATION)."""

    http_status = 400
    category = "APPLICATION"


class UnprocessableError(BillError):
    http_status = 422
    category = "DOWNSTREAM"


class NotFoundError(BillError):
    http_status = 404
    category = "DOWNSTREAM"

    def __init__(self, object_id: str) -> None:
        super().__init__("BDC_1205", object_id)


class UnknownApiError(BillError):
    http_status = 404
    category = "REQUEST"

    def __init__(self) -> None:
        super().__init__("BDC_1121")


class MethodNotAllowedError(BillError):
    http_status = 405
    category = "REQUEST"

    def __init__(self) -> None:
        super().__init__("BDC_1121")


class UnauthorizedError(BillError):
    http_status = 401
    category = "DOWNSTREAM"


class ForbiddenError(BillError):
    http_status = 403
    category = "DOWNSTREAM"


class ValidationFailed(BillError):
    """One element per field, ``<field>: must not be blank`` style, without a code."""

    http_status = 400
    category = "REQUEST"

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__(
            None, message="; ".join(messages), items=[ErrorItem(m, None, "REQUEST") for m in messages]
        )


class BodyTooLargeError(BillError):
    http_status = 413
    category = "REQUEST"

    def __init__(self, limit: int) -> None:
        super().__init__("BDC_1119", "body", f"larger than {limit} bytes")


def field_error(field: str, problem: str) -> ValidationFailed:
    return ValidationFailed([f"{field}: {problem}"])


def render(err: BillError) -> Response:
    return Response(orjson.dumps(err.body()), status_code=err.http_status, media_type="application/json")


# ---------------------------------------------------------------- pydantic -> BILL messages


def _loc_name(loc: Sequence[int | str]) -> str:
    parts = [
        str(p) if isinstance(p, int) or "_" not in str(p) else to_camel(str(p))
        for p in loc
        if p not in ("body", "query", "path", "header")
    ]
    out = ""
    for p in parts:
        if p.isdigit():
            out += f"[{p}]"
        else:
            out += ("." if out else "") + p
    return out or "body"


def from_validation_errors(errors: Sequence[Any]) -> BillError:
    """Map pydantic/FastAPI validation errors to BILL's error array."""
    messages: list[str] = []
    for e in errors:
        etype = e.get("type", "")
        loc = e.get("loc", ())
        field = _loc_name(loc)
        if etype == "json_invalid" or (etype == "model_attributes_type" and field == "body"):
            return RequestError("BDC_1122")
        if etype == "missing":
            if loc and loc[0] == "header":
                return RequestError("BDC_1108", field)
            if loc and loc[0] == "query":
                return RequestError("BDC_1108", field)
            messages.append(f"{field}: must not be {'blank' if e.get('blank') else 'null'}")
        elif etype == "extra_forbidden":
            return RequestError("BDC_1002", message=f"Unrecognized field: {field}")
        elif etype in ("enum", "literal_error"):
            return RequestError("BDC_1129", field, _short(e.get("input")))
        elif etype in ("string_too_long", "too_long"):
            limit = (e.get("ctx") or {}).get("max_length")
            messages.append(f"{field}: size must be between 0 and {limit}")
        elif etype == "value_error":
            msg = str((e.get("ctx") or {}).get("error") or e.get("msg", "invalid value"))
            messages.append(f"{field}: {msg}")
        elif etype in ("model_type", "dict_type") and field == "body":
            return RequestError("BDC_1122")
        else:
            return RequestError("BDC_1129", field, _short(e.get("input")))
    return ValidationFailed(messages or ["body: invalid"])


def _short(value: object) -> str:
    text = value if isinstance(value, str) else orjson.dumps(value, default=str).decode()
    return text if len(text) <= 80 else text[:77] + "..."


_NEEDS_SESSION: dict[int, bool] = {}


def _needs_session(route: Any) -> bool:
    """Does ``route`` authenticate its caller (a ``session_caller`` dependency, at any depth)?"""
    key = id(route)
    if key not in _NEEDS_SESSION:
        from bill_sandbox.auth import session_caller

        stack = [getattr(route, "dependant", None)]
        found = False
        while stack and not found:
            dep = stack.pop()
            if dep is None:
                continue
            found = dep.call is session_caller
            stack.extend(dep.dependencies)
        _NEEDS_SESSION[key] = found
    return _NEEDS_SESSION[key]


def session_first(request: Request) -> tuple[BillError | None, str | None]:
    """Authentication comes before the body and the query (issue 14): when a request to an
    authenticated route fails validation, a missing or bad session answers first (401
    ``BDC_1109``, or the devKey errors): (that error, None). With a good session: (None, the
    organization's sandbox time, for the validation error's timestamp)."""
    route = request.scope.get("route")
    if route is None or not _needs_session(route):
        return None, None
    from bill_sandbox.auth import Caller

    state: Any = request.app.state
    caller = Caller(state.db, state.settings, request.headers.get("devKey"), request.headers.get("sessionId"))
    try:
        return None, caller.read(_now_iso)
    except BillError as err:
        return err, None


def _now_iso(ctx: Any) -> str:
    return str(ctx.now_iso)


def install_handlers(app: FastAPI) -> None:
    """Every error leaving ``app`` is a BILL error array."""

    async def bill_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, BillError)
        return render(exc)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        err = from_validation_errors(exc.errors())
        refused, now = session_first(request)
        if refused is not None:
            return render(refused)
        err.timestamp = now
        return render(err)

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404:
            return render(UnknownApiError())
        if exc.status_code == 405:
            return render(MethodNotAllowedError())
        err = RequestError("BDC_1002", message=str(exc.detail))
        err.http_status = exc.status_code
        return render(err)

    async def data_error(_: Request, exc: Exception) -> Response:
        # The database refused a value the client sent (e.g. a NUL byte on PostgreSQL).
        return render(RequestError("BDC_1119", "request", "a value the database cannot store"))

    async def unexpected(_: Request, exc: Exception) -> Response:
        log.exception("unexpected error", exc_info=exc)
        err = BillError("BDC_1001")
        err.http_status = 500
        for item in err.items:
            item.category = "SERVER"
        return render(err)

    app.add_exception_handler(BillError, bill_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(DataError, data_error)
    app.add_exception_handler(Exception, unexpected)
