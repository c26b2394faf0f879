"""The ``apiToken`` header: one S&E user in one company (BILL-RULES §5.18b "Authentication").

A token belongs to one organization's S&E user; its role decides what it may do. A missing
or unknown token is a 401 with the gateway's ``{"message":"Unauthorized"}`` (DEFAULT;
``BILL_SANDBOX_SPEND_AUTH_ERRORS=bdc`` answers BILL's error array instead); a role that may
not do something is a 403 (§6 #16). Tokens live in ``spend_tokens``, which a reset keeps:
the seeded ADMIN user has the same uuid after a reset, so the printed token keeps working.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

import orjson
from fastapi import Header, Request
from sqlalchemy import String, select

from bill_sandbox import scheduler
from bill_sandbox.accounts.models import OrganizationRow
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Base, Database, Mapped, mapped_column
from bill_sandbox.errors import BillError, ForbiddenError
from bill_sandbox.resources.spend.users.models import SpendUserRow
from bill_sandbox.settings import Settings

P = ParamSpec("P")
T = TypeVar("T")

ROLES = ("ADMIN", "AUDITOR", "BOOKKEEPER", "MEMBER")
NO_PERMISSION = "Current user or organization does not have valid permissions."


class SpendTokenRow(Base):
    __tablename__ = "spend_tokens"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    user_uuid: Mapped[str] = mapped_column(String(40), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)


tokens = SpendTokenRow.__table__
users = SpendUserRow.__table__
orgs = OrganizationRow.__table__


class SpendUnauthorized(BillError):
    """401. The gateway style body is a single object, not BILL's array."""

    http_status = 401
    category = "REQUEST"

    def __init__(self, gateway: bool) -> None:
        super().__init__("BDC_1109", message="Unauthorized")
        self.gateway = gateway

    def body(self) -> Any:
        if self.gateway:
            return {"message": "Unauthorized"}
        return super().body()


class SpendRateLimited(BillError):
    """429 with the gateway's body (BILL-RULES §5.19b: DEFAULT, BILL documents no error)."""

    http_status = 429
    category = "REQUEST"

    def __init__(self) -> None:
        super().__init__(None, message="Too Many Requests")

    def body(self) -> Any:
        return {"message": "Too Many Requests"}


class RateWindow:
    """Calls per token in the last 60 wall-clock seconds (one serve process)."""

    def __init__(self) -> None:
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, token: str, limit: int) -> bool:
        """Count a call; False when it is over the limit (not counted then)."""
        now = time.monotonic()
        with self._lock:
            calls = self._calls.setdefault(token, deque())
            while calls and calls[0] <= now - 60:
                calls.popleft()
            if len(calls) >= limit:
                return False
            calls.append(now)
            if len(self._calls) > 10_000:  # forget idle tokens
                for key in [k for k, v in self._calls.items() if not v or v[-1] <= now - 60]:
                    del self._calls[key]
            return True


RATE = RateWindow()


@dataclass(slots=True)
class SpendContext(RequestContext):
    user: dict[str, Any]

    @property
    def role(self) -> str:
        return str(self.user.get("role", "MEMBER"))

    @property
    def user_uuid(self) -> str:
        return str(self.user["uuid"])


def require_admin(ctx: SpendContext) -> None:
    if ctx.role != "ADMIN":
        raise ForbiddenError(None, message=NO_PERMISSION)


def require_manager(ctx: SpendContext) -> None:
    """Budgets, cards and custom fields are managed by ADMINs and BOOKKEEPERs (who help them)."""
    if ctx.role not in ("ADMIN", "BOOKKEEPER"):
        raise ForbiddenError(None, message=NO_PERMISSION)


def require_writer(ctx: SpendContext) -> None:
    """Auditors only view and export (BILL-RULES §5.18b "Users")."""
    if ctx.role == "AUDITOR":
        raise ForbiddenError(None, message=NO_PERMISSION)


def new_token() -> str:
    return "sbx-se-" + secrets.token_urlsafe(30)


def mint(tx: Any, org_id: str, user_uuid: str) -> str:
    token = new_token()
    tx.conn.execute(
        tokens.insert().values(token=token, org_id=org_id, user_uuid=user_uuid, created_time=tx.now_iso)
    )
    return token


def resolve_token(tx: Any, token: str | None) -> tuple[str, str] | None:
    """(organization id, S&E user uuid) of an apiToken, or None: for other APIs that accept the
    token (the webhooks API scopes S&E subscriptions by it)."""
    if not token or len(token) > 64:
        return None
    row = tx.conn.execute(select(tokens.c.org_id, tokens.c.user_uuid).where(tokens.c.token == token)).first()
    return None if row is None else (str(row.org_id), str(row.user_uuid))


class SpendCaller:
    __slots__ = ("db", "settings", "token")

    def __init__(self, db: Database, settings: Settings, token: str | None) -> None:
        self.db = db
        self.settings = settings
        self.token = token

    def _unauthorized(self) -> SpendUnauthorized:
        return SpendUnauthorized(self.settings.spend_auth_errors != "bdc")

    def run(
        self, write: bool, fn: Callable[Concatenate[SpendContext, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        if not self.token or len(self.token) > 64:
            raise self._unauthorized()
        with self.db.transaction(write=write) as tx:
            row = tx.conn.execute(
                select(tokens.c.org_id, tokens.c.user_uuid, orgs.c.clock_offset)
                .join_from(tokens, orgs, orgs.c.id == tokens.c.org_id)
                .where(tokens.c.token == self.token)
            ).first()
            if row is None:
                raise self._unauthorized()
            tx.use_org(row.org_id, float(row.clock_offset or 0.0))
            user = tx.conn.execute(
                select(users.c.doc).where(users.c.org_id == row.org_id, users.c.id == row.user_uuid)
            ).scalar()
            if user is None:
                raise self._unauthorized()
            doc = orjson.loads(user)
            if doc.get("retired"):
                raise self._unauthorized()
            limit = self.settings.spend_rate_limit_per_minute
            if limit > 0 and not RATE.hit(self.token, limit):
                raise SpendRateLimited()
            ctx = SpendContext(tx, row.org_id, row.user_uuid, "", True, self.settings, doc)
            result = fn(ctx, *args, **kwargs)
            if write:
                scheduler.reschedule(tx, ctx.org_id)
            return result

    def read(self, fn: Callable[Concatenate[SpendContext, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        return self.run(False, fn, *args, **kwargs)

    def write(self, fn: Callable[Concatenate[SpendContext, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        return self.run(True, fn, *args, **kwargs)


async def spend_caller(
    request: Request,
    api_token: str = Header(None, alias="apiToken", description="Your Spend & Expense API token"),
) -> SpendCaller:
    state: Any = request.app.state
    return SpendCaller(state.db, state.settings, api_token)
