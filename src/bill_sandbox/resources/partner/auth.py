"""Partner sessions: ``sessionId`` + ``appKey`` headers (and ``organizationId`` for the calls on
a child organization). An org session is not a partner session: 401 ``BDC_1109`` (BILL-RULES §5.16b
DEFAULT), and a partner session is refused by org-level calls the same way (``auth`` finds no
such org session).

Errors (BILL-RULES §6 #7, same treatment as devKey): missing ``sessionId`` 401 ``BDC_1109``; missing
``appKey`` 400 ``BDC_1108``; unknown ``appKey`` 401 ``BDC_1102``; a session used with another
partner's key 401 ``BDC_1109``; missing ``organizationId`` 400 ``BDC_1108``; an organization this
partner did not create 401 ``BDC_1123``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Concatenate, ParamSpec, TypeVar

from fastapi import Header, Request
from sqlalchemy import select, update

from bill_sandbox import scheduler
from bill_sandbox.context import RequestContext, system_context
from bill_sandbox.db import Database, Tx
from bill_sandbox.errors import RequestError, UnauthorizedError
from bill_sandbox.resources.partner.models import PartnerOrganizationRow, PartnerRow, PartnerSessionRow
from bill_sandbox.settings import Settings

P = ParamSpec("P")
T = TypeVar("T")

partners = PartnerRow.__table__
psessions = PartnerSessionRow.__table__
porgs = PartnerOrganizationRow.__table__


@dataclass(slots=True)
class PartnerContext:
    tx: Tx
    partner_id: str
    partner_name: str
    session_id: str
    settings: Settings
    organization_id: str | None = None

    def org(self) -> RequestContext:
        """The child organization named by the ``organizationId`` header, as its first
        administrator would act (partners act with full rights on their organizations)."""
        if not self.organization_id:
            raise RequestError("BDC_1108", "organizationId")
        return org_context(self, self.organization_id)


def owns(ctx: PartnerContext, org_id: str) -> bool:
    return (
        ctx.tx.conn.execute(
            select(porgs.c.id).where(porgs.c.id == org_id, porgs.c.org_id == ctx.partner_id)
        ).first()
        is not None
    )


def org_context(ctx: PartnerContext, org_id: str) -> RequestContext:
    if not owns(ctx, org_id):
        err = UnauthorizedError("BDC_1123")
        raise err
    return system_context(ctx.tx, org_id, ctx.settings)


class PartnerCaller:
    __slots__ = ("app_key", "db", "organization_id", "session_id", "settings")

    def __init__(
        self,
        db: Database,
        settings: Settings,
        app_key: str | None,
        session_id: str | None,
        organization_id: str | None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.app_key = app_key
        self.session_id = session_id
        self.organization_id = organization_id

    def _authenticate(self, tx: Tx, write: bool) -> PartnerContext:
        if not self.app_key:
            raise RequestError("BDC_1108", "appKey")
        if not self.session_id:
            raise UnauthorizedError("BDC_1109")
        row = tx.conn.execute(
            select(psessions.c.partner_id, psessions.c.app_key, psessions.c.last_seen, partners.c.name)
            .join_from(psessions, partners, partners.c.id == psessions.c.partner_id)
            .where(psessions.c.id == self.session_id)
        ).first()
        if row is None:
            raise UnauthorizedError("BDC_1109")
        # A partner is not an organization: its sessions live on the shared sandbox time.
        tx.use_org(row.partner_id, scheduler.global_offset(tx))
        if row.app_key != self.app_key:
            known = tx.conn.execute(select(partners.c.id).where(partners.c.app_key == self.app_key)).first()
            raise UnauthorizedError("BDC_1109" if known else "BDC_1102")
        now = tx.now
        seen = datetime.fromisoformat(row.last_seen)
        if seen < now - timedelta(minutes=self.settings.session_idle_minutes):
            raise UnauthorizedError("BDC_1109")
        if write and seen < now - timedelta(seconds=self.settings.session_touch_seconds):
            tx.conn.execute(
                update(psessions).where(psessions.c.id == self.session_id).values(last_seen=tx.now_iso)
            )
        return PartnerContext(
            tx, row.partner_id, row.name, self.session_id, self.settings, self.organization_id
        )

    def run(
        self, write: bool, fn: Callable[Concatenate[PartnerContext, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        with self.db.transaction(write=write) as tx:
            ctx = self._authenticate(tx, write)
            result = fn(ctx, *args, **kwargs)
            if write and tx.org_id and tx.org_id != ctx.partner_id:
                scheduler.reschedule(tx, tx.org_id)
            return result

    def read(self, fn: Callable[Concatenate[PartnerContext, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        return self.run(False, fn, *args, **kwargs)

    def write(self, fn: Callable[Concatenate[PartnerContext, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        return self.run(True, fn, *args, **kwargs)


async def partner_caller(
    request: Request,
    app_key: str = Header(None, alias="appKey", description="The partner's application key"),
    session_id: str = Header(None, alias="sessionId", description="The sessionId returned by partner login"),
) -> PartnerCaller:
    state: Any = request.app.state
    return PartnerCaller(state.db, state.settings, app_key, session_id, None)


async def partner_org_caller(
    request: Request,
    app_key: str = Header(None, alias="appKey", description="The partner's application key"),
    session_id: str = Header(None, alias="sessionId", description="The sessionId returned by partner login"),
    organization_id: str = Header(None, alias="organizationId", description="The child organization"),
) -> PartnerCaller:
    state: Any = request.app.state
    return PartnerCaller(state.db, state.settings, app_key, session_id, organization_id)
