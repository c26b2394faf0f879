"""Headers -> session -> RequestContext, inside the request's one transaction.

Routes take ``caller: Caller = Depends(session_caller)`` and run their service through
``caller.read(fn, ...)`` (GET) or ``caller.write(fn, ...)``. Both open the transaction, check
the session there (devKey binding, idle expiry on the sandbox clock, sliding renewal) and pass
a ``RequestContext`` to the service.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, Any, Concatenate, ParamSpec, TypeVar

from fastapi import Header, Request
from sqlalchemy import select

from bill_sandbox import clock
from bill_sandbox.accounts.models import DevKeyRow, SessionRow
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Database, SandboxStateRow, Tx
from bill_sandbox.errors import ForbiddenError, RequestError, UnauthorizedError
from bill_sandbox.settings import Settings

P = ParamSpec("P")
T = TypeVar("T")

_s = SessionRow.__table__
_k = DevKeyRow.__table__
_state = SandboxStateRow.__table__
_offset = select(_state.c.value).where(_state.c.key == "clock_offset").scalar_subquery()
_SESSION_Q = select(
    _s.c.org_id, _s.c.user_id, _s.c.dev_key, _s.c.trusted, _s.c.last_seen, _offset.label("offset")
)


class Caller:
    """The unauthenticated request: headers plus the app's database and settings."""

    __slots__ = ("db", "dev_key", "session_id", "settings")

    def __init__(self, db: Database, settings: Settings, dev_key: str | None, session_id: str | None) -> None:
        self.db = db
        self.settings = settings
        self.dev_key = dev_key
        self.session_id = session_id

    def _authenticate(self, tx: Tx) -> RequestContext:
        if not self.dev_key:
            raise RequestError("BDC_1108", "devKey")
        if not self.session_id:
            raise UnauthorizedError("BDC_1109")
        row = tx.conn.execute(_SESSION_Q.where(_s.c.id == self.session_id)).first()
        if row is None:
            raise UnauthorizedError("BDC_1109")
        tx._offset = float(row.offset) if row.offset is not None else 0.0
        if row.dev_key != self.dev_key:
            known = tx.conn.execute(select(_k.c.key).where(_k.c.key == self.dev_key)).first()
            raise UnauthorizedError("BDC_1109" if known else "BDC_1102")
        now = tx.now
        idle = timedelta(minutes=self.settings.session_idle_minutes)
        if row.last_seen < clock.iso(now - idle):
            raise UnauthorizedError("BDC_1109")
        if row.last_seen < clock.iso(now - timedelta(seconds=self.settings.session_touch_seconds)):
            tx.conn.execute(_s.update().where(_s.c.id == self.session_id).values(last_seen=tx.now_iso))
        return RequestContext(tx, row.org_id, row.user_id, self.session_id, bool(row.trusted), self.settings)

    def run(
        self, write: bool, fn: Callable[Concatenate[RequestContext, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        with self.db.transaction(write=write) as tx:
            return fn(self._authenticate(tx), *args, **kwargs)

    def read(self, fn: Callable[Concatenate[RequestContext, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        return self.run(False, fn, *args, **kwargs)

    def write(self, fn: Callable[Concatenate[RequestContext, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        return self.run(True, fn, *args, **kwargs)


def require_trusted(ctx: RequestContext) -> None:
    """For the operations BILL protects with MFA (payments, bank accounts, autopay)."""
    if not ctx.trusted:
        raise ForbiddenError("BDC_1361")


async def session_caller(
    request: Request,
    dev_key: Annotated[str | None, Header(alias="devKey", description="Your developer key")] = None,
    session_id: Annotated[
        str | None, Header(alias="sessionId", description="The sessionId returned by API login")
    ] = None,
) -> Caller:
    state: Any = request.app.state
    return Caller(state.db, state.settings, dev_key, session_id)


def app_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings
