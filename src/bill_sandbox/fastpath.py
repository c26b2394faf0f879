"""Direct dispatch of plain GETs: the route FastAPI would pick, called without its machinery.

Profiled in-process, a GET by id spent about two thirds of its time in FastAPI's router (a
linear scan through the included routers, each match saving and restoring scope keys) and its
dependency solver (per request: field lookups, alias resolution, validating ``str`` as
``str``), and a third in the sandbox (session check, store lookup, response). Most GETs need
none of that machinery: an ``async def`` endpoint taking ``str`` path parameters and
``Depends`` on ``async def`` functions of the request and optional ``str`` headers
(``auth.session_caller``), returning a ``Response``.

``FastGets`` is the innermost layer of a sub-API (inside its middleware and exception
handlers, where FastAPI's router sits). For a GET it finds the route the router would pick
(the first, in the router's order, whose path matches and which allows GET), and when that
route's endpoint is of the plain kind above it calls the dependencies and the endpoint itself,
with the values FastAPI would pass; anything else (other methods, other endpoints, no match,
dependency overrides) goes to FastAPI's router unchanged. A dependency that reads only the
query string (``listing.list_params``) is plain too when it registers, with
``reads_query``, the function that builds its value from the query parameters as FastAPI
would (the last value of a repeated parameter, ``None`` when absent). Exceptions propagate to the same
exception handlers. Routes are indexed by their number of segments and first two segments so
that finding one costs a few regex matches, not one per operation.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, params
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette._utils import get_route_path
from starlette.convertors import StringConvertor
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

_Key = tuple[int, str, str]
QueryReader = Callable[[QueryParams], Any]
_Headers = tuple[tuple[str, bytes], ...]  # (argument name, header name)
_Dep = tuple[str, Callable[..., Awaitable[Any]], str | None, _Headers, QueryReader | None]
_QUERY_READERS: dict[Callable[..., Any], QueryReader] = {}


def reads_query(reader: QueryReader) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register, for a dependency whose parameters are all optional ``str`` query parameters,
    the function that builds its value straight from the query parameters."""

    def register(dependency: Callable[..., Any]) -> Callable[..., Any]:
        _QUERY_READERS[dependency] = reader
        return dependency

    return register


class _Endpoint:
    """A plain GET endpoint: its path parameters, header dependencies and the call."""

    __slots__ = ("call", "deps", "path_params", "route")

    def __init__(
        self,
        route: APIRoute,
        call: Callable[..., Awaitable[Response]],
        path_params: tuple[tuple[str, str], ...],
        deps: tuple[_Dep, ...],
    ) -> None:
        self.route = route
        self.call = call
        self.path_params = path_params  # (argument name, path parameter name)
        # (argument name, call, request argument name, ((argument, header), ...), query reader)
        self.deps = deps


class _Route:
    __slots__ = ("_endpoint", "ctx", "get", "regex")

    def __init__(self, regex: re.Pattern[str] | None, get: bool, ctx: Any) -> None:
        self.regex = regex  # None: a route this module cannot match (a mount): never bypassed
        self.get = get
        self.ctx = ctx
        self._endpoint: _Endpoint | bool | None = False  # False: not looked at yet

    def endpoint(self) -> _Endpoint | None:
        """The plain endpoint of a GET route, or None; worked out when first requested (which
        builds a ``routing.LazyRoute``)."""
        if self._endpoint is False:
            self._endpoint = _plain_endpoint(self.ctx) if self.get and self.ctx is not None else None
        assert not isinstance(self._endpoint, bool)
        return self._endpoint


def _plain_str(field: Any) -> bool:
    info = field.field_info
    return info.annotation is str and not info.metadata and field.name.isidentifier()


def _no_extras(dep: Dependant) -> bool:
    return not (
        dep.query_params
        or dep.cookie_params
        or dep.body_params
        or dep.websocket_param_name
        or dep.http_connection_param_name
        or dep.response_param_name
        or dep.background_tasks_param_name
        or dep.security_scopes_param_name
    )


def _query_dependency(dep: Dependant) -> _Dep | None:
    """A registered dependency of optional ``str`` query parameters only (``reads_query``)."""
    call = dep.call
    reader = _QUERY_READERS.get(call) if call is not None else None
    if reader is None or call is None or dep.name is None or not inspect.iscoroutinefunction(call):
        return None
    if dep.dependencies or dep.path_params or dep.header_params or dep.request_param_name:
        return None
    for field in dep.query_params:
        info = field.field_info
        if not (_plain_str(field) and isinstance(info, params.Query) and info.default is None):
            return None
        if field.alias != field.name or info.validation_alias not in (None, field.alias):
            return None
    return dep.name, call, None, (), reader


def _header_dependency(dep: Dependant) -> _Dep | None:
    """An ``async def`` dependency of the request and optional ``str`` headers, or None."""
    call = dep.call
    if (
        call is None
        or dep.name is None
        or not inspect.iscoroutinefunction(call)
        or dep.dependencies
        or dep.path_params
        or not _no_extras(dep)
    ):
        return None
    headers: list[tuple[str, bytes]] = []
    for field in dep.header_params:
        info = field.field_info
        if not (_plain_str(field) and isinstance(info, params.Header) and info.default is None):
            return None
        if info.convert_underscores and field.alias == field.name:
            return None  # the header name FastAPI derives: leave those to FastAPI
        if info.validation_alias not in (None, field.alias):
            return None
        headers.append((field.name, field.alias.lower().encode("latin-1")))
    return dep.name, call, dep.request_param_name, tuple(headers), None


def _plain_endpoint(route: Any) -> _Endpoint | None:
    dependant: Dependant | None = getattr(route, "dependant", None)
    original = getattr(route, "original_route", route)
    if dependant is None or not isinstance(original, APIRoute):
        return None
    call = dependant.call
    if call is None or not inspect.iscoroutinefunction(call):
        return None
    if dependant.header_params or dependant.request_param_name or not _no_extras(dependant):
        return None
    try:
        returns = inspect.signature(call, eval_str=True).return_annotation
    except (NameError, TypeError, ValueError):
        return None
    if not (isinstance(returns, type) and issubclass(returns, Response)):
        return None
    convertors = route.param_convertors
    path: list[tuple[str, str]] = []
    for field in dependant.path_params:
        if not _plain_str(field) or field.field_info.validation_alias not in (None, field.alias):
            return None
        if not isinstance(convertors.get(field.alias), StringConvertor):
            return None
        path.append((field.name, field.alias))
    if len(path) != len(convertors):
        return None
    deps = []
    for sub in dependant.dependencies:
        plain_dep = _header_dependency(sub) or _query_dependency(sub)
        if plain_dep is None:
            return None
        deps.append(plain_dep)
    return _Endpoint(original, call, tuple(path), tuple(deps))


def _key(path: str) -> _Key | None:
    """(segment count, first, second segment) of a route path; None when the path could match
    requests of other lengths (a ``path`` parameter) or begins with a parameter."""
    segments = path.split("/")
    if ":path}" in path or len(segments) < 3 or "{" in segments[1] or "{" in segments[2]:
        return None
    return len(segments), segments[1], segments[2]


class FastGets:
    """The sub-API's innermost layer: plain GETs are answered here, the rest by ``router``."""

    def __init__(self, api: FastAPI, router: ASGIApp) -> None:
        self.api = api
        self.router = router
        self._index: dict[_Key, tuple[_Route, ...]] | None = None
        self._anywhere: tuple[_Route, ...] = ()

    def _build(self) -> dict[_Key, tuple[_Route, ...]]:
        keyed: list[tuple[int, _Key | None, _Route]] = []
        for n, ctx in enumerate(iter_route_contexts(self.api.router.routes)):
            regex = getattr(ctx, "path_regex", None)
            path = getattr(ctx, "path_format", None)
            methods = getattr(ctx, "methods", None)
            if regex is None or path is None or not isinstance(methods, set):
                keyed.append((n, None, _Route(None, True, None)))
                continue
            keyed.append((n, _key(path), _Route(regex, "GET" in methods, ctx)))
        anywhere = [(n, r) for n, key, r in keyed if key is None]
        index: dict[_Key, list[tuple[int, _Route]]] = {}
        for n, key, r in keyed:
            if key is not None:
                index.setdefault(key, []).append((n, r))
        self._anywhere = tuple(r for _, r in anywhere)
        self._index = {
            k: tuple(r for _, r in sorted(v + anywhere, key=lambda x: x[0])) for k, v in index.items()
        }
        return self._index

    def _find(self, path: str) -> tuple[_Endpoint, dict[str, str]] | None:
        index = self._index if self._index is not None else self._build()
        segments = path.split("/", 3)
        key = (path.count("/") + 1, segments[1], segments[2]) if len(segments) > 2 else None
        for route in index.get(key, self._anywhere) if key else self._anywhere:
            if route.regex is None:
                return None
            match = route.regex.match(path)
            if match is not None and route.get:
                endpoint = route.endpoint()
                return None if endpoint is None else (endpoint, match.groupdict())
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.api.dependency_overrides:
            await self.router(scope, receive, send)
            return
        found = self._find(get_route_path(scope))
        if found is None:
            await self.router(scope, receive, send)
            return
        endpoint, values = found
        scope["endpoint"] = endpoint.call
        scope["route"] = endpoint.route
        scope["path_params"] = {**scope.get("path_params", {}), **values}
        kwargs: dict[str, Any] = {arg: values[name] for arg, name in endpoint.path_params}
        if endpoint.deps:
            headers = _headers(scope)
            request: Request | None = None
            for arg, call, request_arg, wanted, reader in endpoint.deps:
                if reader is not None:
                    kwargs[arg] = reader(QueryParams(scope["query_string"]))
                    continue
                dep_kwargs: dict[str, Any] = {name: headers.get(header) for name, header in wanted}
                if request_arg is not None:
                    request = request or Request(scope, receive, send)
                    dep_kwargs[request_arg] = request
                kwargs[arg] = await call(**dep_kwargs)
        response = await endpoint.call(**kwargs)
        await response(scope, receive, send)


def _headers(scope: Scope) -> dict[bytes, str]:
    """Header name -> its first value (as Starlette's ``Headers.get``)."""
    out: dict[bytes, str] = {}
    for name, value in scope["headers"]:
        if name not in out:
            out[name] = value.decode("latin-1")
    return out


def install(api: FastAPI, stack: ASGIApp) -> ASGIApp:
    """Put ``FastGets`` where ``api.router`` sits in its built middleware ``stack``."""
    node: Any = stack
    while node is not None and getattr(node, "app", None) is not api.router:
        node = getattr(node, "app", None)
    if node is not None:
        node.app = FastGets(api, api.router)
    return stack
