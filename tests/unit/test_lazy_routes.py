"""bill_sandbox.routing.LazyRoute: matched without being built, built as FastAPI builds it."""

from __future__ import annotations

import subprocess
import sys

from fastapi import Header
from fastapi.routing import APIRoute
from starlette.responses import Response
from starlette.routing import Match

from bill_sandbox.routing import APIRouter, LazyRoute


async def get_thing(thing_id: str, dev_key: str = Header(None, alias="devKey")) -> Response:
    return Response(thing_id)


def _routes() -> tuple[APIRoute, APIRoute]:
    lazy, eager = APIRouter(prefix="/v3/things"), APIRouter(prefix="/v3/things", route_class=APIRoute)
    for router in (lazy, eager):
        router.get("/{thing_id}", summary="Get a thing", status_code=200)(get_thing)
    return lazy.routes[0], eager.routes[0]  # type: ignore[return-value]


def test_a_lazy_route_matches_before_it_is_built() -> None:
    lazy, eager = _routes()
    assert isinstance(lazy, LazyRoute) and "_pending" in lazy.__dict__
    scope = {"type": "http", "method": "GET", "path": "/v3/things/t1", "root_path": "", "path_params": {}}
    assert lazy.matches(scope)[0] == eager.matches(scope)[0] == Match.FULL
    assert "_pending" in lazy.__dict__  # matching built nothing
    for name in ("path", "path_format", "name", "methods", "endpoint", "param_convertors"):
        assert getattr(lazy, name) == getattr(eager, name), name


def test_a_lazy_route_is_built_on_first_use_as_fastapi_builds_it() -> None:
    lazy, eager = _routes()
    assert lazy.summary == "Get a thing"  # any other attribute builds it
    assert "_pending" not in lazy.__dict__
    assert [f.alias for f in lazy.dependant.header_params] == ["devKey"]
    for name in ("unique_id", "status_code", "tags", "response_class", "include_in_schema"):
        assert getattr(lazy, name) == getattr(eager, name), name


def test_starting_imports_and_builds_little() -> None:
    """What start-up leaves for later: heavy libraries imported at first use (the package's
    imports load none of them), routes built at first request (the health check builds its own
    route only; every route of the three APIs is lazy), request models built when first used
    (pydantic's ``defer_build``), response shapes made pydantic models with their routes."""
    code = (
        "import sys, tempfile\n"
        "from pathlib import Path\n"
        "import bill_sandbox.cli\n"
        "from bill_sandbox.app import create_app\n"
        "from bill_sandbox.routing import LazyRoute\n"
        "from bill_sandbox.settings import Settings\n"
        "heavy = ('fpdf', 'jinja2', 'httpx', 'sqlalchemy.dialects.postgresql', 'sqlalchemy.orm',\n"
        "         'rich', 'alembic')\n"
        "print([m for m in heavy if m in sys.modules])\n"
        "from fastapi.testclient import TestClient\n"
        "app = create_app(Settings(data_dir=Path(tempfile.mkdtemp()), background=False))\n"
        "with TestClient(app) as c:\n"
        "    assert c.get('/connect/v3/health').status_code == 200\n"
        "import gc\n"
        "lazy = [o for o in gc.get_objects() if isinstance(o, LazyRoute)]\n"
        "print(len(lazy), sum('_pending' not in o.__dict__ for o in lazy))\n"
        "apis = [r.app for r in app.routes if hasattr(getattr(r, 'app', None), 'router')]\n"
        "print([r.path for a in apis for r in a.router.routes if not isinstance(r, LazyRoute)\n"
        "       and getattr(r, 'endpoint', None) is not None\n"
        "       and r.endpoint.__module__ not in ('bill_sandbox.openapi', 'bill_sandbox.docs')])\n"
        "from bill_sandbox import schemas\n"
        "def subclasses(c):\n"
        "    return [c] + [s for d in c.__subclasses__() for s in subclasses(d)]\n"
        "models = subclasses(schemas.RequestModel)[1:]\n"
        "print(len(models), sum(bool(m.__pydantic_complete__) for m in models),\n"
        "      len(subclasses(schemas.ResponseModel)), len(schemas._response_models))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    imported, counts, eager, model_counts = out.splitlines()[-4:]
    assert imported == "[]"
    routes, built = map(int, counts.split())
    assert routes > 250 and built <= 2
    assert eager == "[]"  # every resource's router is bill_sandbox.routing.APIRouter
    models, complete, shapes, shapes_built = map(int, model_counts.split())
    assert models > 150 and complete <= 10, model_counts
    assert shapes > 200 and shapes_built <= 2, model_counts  # response shapes: built with their routes
