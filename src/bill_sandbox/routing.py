"""Routes built on first use: what lets ``bill-sandbox serve`` answer within a second.

FastAPI builds an operation when its decorator runs: the dependency tree, a pydantic field for
each parameter, the request body and the response model (each a compiled validator). For 300
operations that was about a quarter of the start-up time, spent before the first request, on
operations most runs never call. A ``LazyRoute`` keeps the decorator's arguments and sets only
what matching a request needs (path, pattern, methods, name, endpoint); the first access to
anything else (the router handling a request, the OpenAPI document, ``fastpath``) builds the
whole ``APIRoute`` with those arguments, exactly as FastAPI would have at import.

Resources declare their routers with this module's ``APIRouter`` (FastAPI's, whose routes are
``LazyRoute``\\ s).

The request and response models defer their own validators too (``schemas.RequestModel`` sets
pydantic's ``defer_build``): a model is built when a route that uses it is, or when code first
validates with it. FastAPI wraps each parameter's model in a ``TypeAdapter`` that, for a deferred
model, would build on the first request and warn then (pydantic's
``UnsupportedFieldAttributeWarning``, which FastAPI silences only while it builds the adapter
itself); ``LazyRoute`` builds those adapters with the route, under the same silence.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import fastapi
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic.warnings import UnsupportedFieldAttributeWarning
from starlette.routing import compile_path, get_name

from bill_sandbox.schemas import response_type


class LazyRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        # As FastAPI's APIRoute sets them (fastapi.routing._populate_api_route_state).
        self.__dict__["_pending"] = (path, endpoint, kwargs)
        self.path = path
        self.endpoint = endpoint
        name = kwargs.get("name")
        self.name = get_name(endpoint) if name is None else name
        self.path_regex, self.path_format, self.param_convertors = compile_path(path)
        methods = kwargs.get("methods")
        if methods is None:
            methods = ["GET"]
        self.methods = {method.upper() for method in methods}

    def __getattr__(self, name: str) -> Any:
        """Called only for attributes not set yet: build the route, then answer."""
        pending = self.__dict__.pop("_pending", None)
        if pending is None:
            raise AttributeError(name)
        path, endpoint, kwargs = pending
        if "response_model" in kwargs:
            kwargs["response_model"] = response_type(kwargs["response_model"])
        if kwargs.get("responses"):
            kwargs["responses"] = {
                code: {**spec, "model": response_type(spec["model"])} if "model" in spec else spec
                for code, spec in kwargs["responses"].items()
            }
        APIRoute.__init__(self, path, endpoint, **kwargs)
        _build_adapters(
            [self.body_field, self.response_field, *self.response_fields.values(), *_fields(self.dependant)]
        )
        return getattr(self, name)


def _fields(dependant: Dependant) -> list[Any]:
    """Every parameter field of an operation, its dependencies' included."""
    out: list[Any] = [
        *dependant.path_params,
        *dependant.query_params,
        *dependant.header_params,
        *dependant.cookie_params,
        *dependant.body_params,
    ]
    for sub in dependant.dependencies:
        out.extend(_fields(sub))
    return out


def _build_adapters(fields: list[Any]) -> None:
    """Build the ``TypeAdapter`` FastAPI keeps for each field now (see the module's docstring)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnsupportedFieldAttributeWarning)
        for field in fields:
            adapter = getattr(field, "_type_adapter", None)
            if adapter is not None:
                adapter.rebuild(raise_errors=False)


class APIRouter(fastapi.APIRouter):
    """FastAPI's router, with ``LazyRoute`` as its route class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("route_class", LazyRoute)
        super().__init__(*args, **kwargs)


def include(parent: fastapi.APIRouter, child: fastapi.APIRouter) -> None:
    """``parent.include_router(child)`` for a child whose routes carry their prefix, tags and
    dependencies already (an include without arguments): the child's routes, as they are, in
    its place. FastAPI's ``include_router`` makes an effective copy of each operation, built on
    first request to the parent (every route at once, ~1.5 s for the Connect API) and again
    different from the child's own route."""
    parent.routes.extend(child.routes)
