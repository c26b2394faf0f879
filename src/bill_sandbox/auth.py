"""Headers -> session -> RequestContext, inside the request's one transaction.

Routes take ``caller: Caller = Depends(session_caller)`` and run their service through
``caller.read(fn, ...)`` (GET) or ``caller.write(fn, ...)``. Both open the transaction, check
the session there (devKey binding, idle expiry on the sandbox clock, sliding renewal) and pass
a ``RequestContext`` to the service.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Concatenate, ParamSpec, TypeVar

from fastapi import Header, Request
from sqlalchemy import bindparam, select

from bill_sandbox import scheduler
from bill_sandbox.accounts.models import DevKeyRow, OrganizationRow, SessionRow, UserRow
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Database, Prepared, Tx
from bill_sandbox.errors import BillError, ForbiddenError, RequestError, UnauthorizedError
from bill_sandbox.settings import Settings

# Sessions opened by a token (``accounts.tokens``): 48 hours idle, never MFA-trusted.
TOKEN_SESSION_PREFIX = "tks-"
TOKEN_IDLE = timedelta(hours=48)

P = ParamSpec("P")
T = TypeVar("T")

_s = SessionRow.__table__
_k = DevKeyRow.__table__
_o = OrganizationRow.__table__
_u = UserRow.__table__
# The session and its organization's clock offset (each organization has its own time).
# Still one statement: the join on users makes the session of an archived user invalid (401
# BDC_1109) from that user's next call on (resources.users archives users; restoring them lets
# their unexpired sessions work again).
_SESSION_Q = (
    select(_s.c.org_id, _s.c.user_id, _s.c.dev_key, _s.c.trusted, _s.c.last_seen, _o.c.clock_offset)
    .join_from(_s, _o, _o.c.id == _s.c.org_id)
    .join(_u, _u.c.id == _s.c.user_id)
    .where(_u.c.archived.is_(False))
)
# A partner's login-as-user session is bound to no devKey (BILL-RULES §5.16b DEFAULT: any devKey the
# sandbox knows is accepted on it); resources.partner opens such sessions with this marker.
ANY_DEV_KEY = "*"
# Every authenticated request runs these; as Prepared statements on the DBAPI cursor they cost
# ~5 µs instead of ~150 µs each through SQLAlchemy's execute (see db.Prepared).
_SESSION = Prepared(_SESSION_Q.where(_s.c.id == bindparam("sid")))
_DEV_KEY = Prepared(select(_k.c.key).where(_k.c.key == bindparam("key")))
_TOUCH = Prepared(_s.update().where(_s.c.id == bindparam("sid")).values(last_seen=bindparam("now")))


class Caller:
    """The unauthenticated request: headers plus the app's database and settings."""

    __slots__ = ("db", "dev_key", "session_id", "settings")

    def __init__(self, db: Database, settings: Settings, dev_key: str | None, session_id: str | None) -> None:
        self.db = db
        self.settings = settings
        self.dev_key = dev_key
        self.session_id = session_id

    def _authenticate(self, tx: Tx, write: bool = True) -> RequestContext:
        if not self.dev_key:
            raise RequestError("BDC_1108", "devKey")
        if not self.session_id:
            raise UnauthorizedError("BDC_1109")
        rows = tx.fetch(_SESSION, {"sid": self.session_id})
        if not rows:
            raise UnauthorizedError("BDC_1109")
        org_id, user_id, dev_key, trusted, last_seen, offset = rows[0]
        tx.use_org(org_id, float(offset or 0.0))
        if dev_key != self.dev_key:
            known = tx.fetch(_DEV_KEY, {"key": self.dev_key})
            if not (known and dev_key == ANY_DEV_KEY):
                raise UnauthorizedError("BDC_1109" if known else "BDC_1102")
        # Compared as datetimes: parsing the stored ISO string is ~0.3 µs, formatting the two
        # cutoffs with clock.iso was ~7 µs per request.
        now = tx.now
        seen = datetime.fromisoformat(last_seen)
        idle = (
            TOKEN_IDLE
            if self.session_id.startswith(TOKEN_SESSION_PREFIX)
            else timedelta(minutes=self.settings.session_idle_minutes)
        )
        if seen < now - idle:
            raise UnauthorizedError("BDC_1109")
        if seen < now - timedelta(seconds=self.settings.session_touch_seconds):
            touch = {"sid": self.session_id, "now": tx.now_iso}
            if write:
                tx.execute_dml(_TOUCH, touch)
            else:
                # A read never writes inside its own transaction (on SQLite, upgrading a read
                # lock to a write lock fails at once under contention: "database is locked");
                # the touch is its own short write transaction once the read has committed.
                tx.after_commit.append(lambda: self._touch(touch))
        return RequestContext(tx, org_id, user_id, self.session_id, bool(trusted), self.settings)

    def _touch(self, params: dict[str, Any]) -> None:
        with self.db.transaction() as tx:
            tx.execute_dml(_TOUCH, params)

    def run(
        self, write: bool, fn: Callable[Concatenate[RequestContext, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        with self.db.transaction(write=write) as tx:
            try:
                ctx = self._authenticate(tx, write)
                result = fn(ctx, *args, **kwargs)
            except BillError as err:
                if tx.org_id and err.timestamp is None:
                    err.timestamp = tx.now_iso  # errors carry the organization's sandbox time
                raise
            if write:
                scheduler.reschedule(tx, ctx.org_id)
            return result

    def read(self, fn: Callable[Concatenate[RequestContext, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        return self.run(False, fn, *args, **kwargs)

    def write(self, fn: Callable[Concatenate[RequestContext, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        return self.run(True, fn, *args, **kwargs)


def require_trusted(ctx: RequestContext) -> None:
    """For the operations BILL protects with MFA (payments, bank accounts, autopay)."""
    if not ctx.trusted or ctx.session_id.startswith(TOKEN_SESSION_PREFIX):
        raise ForbiddenError("BDC_1361")


async def session_caller(
    request: Request,
    # ``str`` with a None default rather than ``str | None``: FastAPI inspects each parameter's
    # annotation again on every request, and a union costs ~4 µs more per header (GET by id:
    # 147 -> 139 µs in-process). The served spec is the same (bill_sandbox.openapi rewrites
    # these two headers' schemas).
    dev_key: str = Header(None, alias="devKey", description="Your developer key"),
    session_id: str = Header(None, alias="sessionId", description="The sessionId returned by API login"),
) -> Caller:
    state: Any = request.app.state
    return Caller(state.db, state.settings, dev_key, session_id)


def app_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings
