"""The console at ``/``: a small server-rendered page for a person at the sandbox.

Links to the docs pages and specs; the organizations with their credentials (only when the
server is bound to loopback: it is a local sandbox, but a server on a shared interface should
not print keys to whoever browses it); each organization's sandbox clock with buttons that
advance it (``POST /console/advance``, then back to the page); and live lists of recent events,
webhook deliveries and sent emails, which a few lines of script refresh from the control
plane's JSON (``/_sandbox/events``, ``/_sandbox/deliveries``, ``/_sandbox/emails`` when it
exists). No CDN, no framework: Jinja2 on the server, ``fetch`` in the browser.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import FastAPI, Request
from sqlalchemy import select
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bill_sandbox import __version__, clock, openapi
from bill_sandbox.accounts.bootstrap import ENV_FILE, read_environment
from bill_sandbox.accounts.models import DevKeyRow, OrganizationRow, UserRow
from bill_sandbox.db import Database
from bill_sandbox.errors import BillError
from bill_sandbox.sandbox import service as sandbox_service
from bill_sandbox.settings import Settings


@functools.cache
def templates() -> Any:
    """The page's Jinja environment, made on first use (jinja2 is not needed to start)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(
        loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
        autoescape=select_autoescape(["html"]),
    )


LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_ORGS = 50
STEPS = {"1 hour": 3600.0, "1 day": 86400.0, "7 days": 7 * 86400.0, "30 days": 30 * 86400.0}

FEEDS = ("events", "deliveries", "emails")  # live lists, each shown when the control plane has it

orgs = OrganizationRow.__table__
users = UserRow.__table__
keys = DevKeyRow.__table__


def overview(db: Database, settings: Settings) -> dict[str, Any]:
    """What the page shows: the newest organizations with their time and credentials."""
    show_secrets = settings.host in LOOPBACK
    default = read_environment(settings.data_dir / ENV_FILE)
    with db.transaction(write=False) as tx:
        rows = tx.conn.execute(
            select(orgs.c.id, orgs.c.name, orgs.c.clock_offset, orgs.c.created_time)
            .order_by(orgs.c.created_time.desc(), orgs.c.id)
            .limit(MAX_ORGS)
        ).all()
        ids = [r.id for r in rows]
        usernames: dict[str, list[str]] = {}
        for u in tx.conn.execute(select(users.c.org_id, users.c.username).where(users.c.org_id.in_(ids))):
            usernames.setdefault(u.org_id, []).append(u.username)
        dev_keys: dict[str, list[str]] = {}
        for k in tx.conn.execute(select(keys.c.org_id, keys.c.key).where(keys.c.org_id.in_(ids))):
            dev_keys.setdefault(k.org_id, []).append(k.key)
        total = len(tx.conn.execute(select(orgs.c.id)).all())
    organizations = []
    for r in rows:
        offset = float(r.clock_offset or 0.0)
        entry: dict[str, Any] = {
            "id": r.id,
            "name": r.name,
            "now": clock.iso(clock.sandbox_now(offset)),
            "offsetDays": round(offset / 86400, 2),
            "usernames": usernames.get(r.id, []),
        }
        if show_secrets:
            entry["devKeys"] = dev_keys.get(r.id, [])
            if default.get("orgId") == r.id:
                entry["password"] = default.get("password")
        organizations.append(entry)
    return {"organizations": organizations, "total": total, "showSecrets": show_secrets}


def control_paths(root: FastAPI) -> set[str]:
    """The paths of the control plane mounted at ``/_sandbox``."""
    for route in root.routes:
        app = getattr(route, "app", None)
        if getattr(route, "path", None) == "/_sandbox" and isinstance(app, FastAPI):
            return set(openapi.cached(app).get("paths", {}))
    return set()


def install(root: FastAPI, db: Database, settings: Settings) -> None:
    """Serve ``/`` and ``POST /console/advance`` on the root app."""

    async def page(request: Request) -> Response:
        data = overview(db, settings)
        notice = request.query_params.get("notice", "")
        html = (
            templates()
            .get_template("console.html")
            .render(
                version=__version__,
                base_url=settings.base_url(),
                steps=list(STEPS),
                notice=notice,
                feeds=[name for name in FEEDS if f"/{name}" in control_paths(root)],
                **data,
            )
        )
        return HTMLResponse(html)

    async def favicon(_: Request) -> Response:
        return Response(status_code=204)

    async def advance(request: Request) -> Response:
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        organization_id = (form.get("organizationId") or [""])[0]
        step = (form.get("step") or [""])[0]
        seconds = STEPS.get(step)
        if seconds is None:
            return RedirectResponse("/?" + urlencode({"notice": f"Unknown step {step!r}"}), status_code=303)
        try:
            sandbox_service.advance(db, settings, seconds, organization_id)
        except BillError as exc:
            return RedirectResponse("/?" + urlencode({"notice": exc.message}), status_code=303)
        notice = urlencode({"notice": f"Moved {organization_id} by {step}"})
        return RedirectResponse(f"/?{notice}#{organization_id}", status_code=303)

    root.add_api_route("/", page, methods=["GET"], include_in_schema=False)
    root.add_api_route("/favicon.ico", favicon, methods=["GET"], include_in_schema=False)
    root.add_api_route("/console/advance", advance, methods=["POST"], include_in_schema=False)
