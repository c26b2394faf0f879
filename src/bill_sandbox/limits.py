"""BILL's request limits, on demand (``--limits bill``; BILL-RULES §5.19, §5.19b, §6 #14).

Off by default. With ``limits = "bill"`` every request to ``/connect`` is counted in the
database (``request_counters``), so that every worker of one sandbox shares the counts.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from sqlalchemy import Integer, String, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bill_sandbox import clock
from bill_sandbox.db import Base, Database, Mapped, mapped_column
from bill_sandbox.settings import Settings


class RequestCounterRow(Base):
    """One counter: ``name`` says what is counted (``hour:<devKey>``, ``inflight:<devKey>:<org>``
    ...), ``bucket`` the time window it counts in (the hour, the minute; "" for in-flight)."""

    __tablename__ = "request_counters"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    bucket: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False)


# ------------------------------------------------------------------------------ enforcement
MESSAGE_PATHS = re.compile(
    r"^/v3/(login|mfa/challenge|invoices/[^/]+/email|network/invitation/(customer|vendor)/[^/]+)$"
)
LOGIN_PATHS = ("/v3/login",)


def _bucket(unit: str) -> str:
    now = clock.wall_now()
    return now.strftime("%Y-%m-%dT%H") if unit == "hour" else now.strftime("%Y-%m-%dT%H:%M")


def bump(db: Database, name: str, bucket: str, delta: int = 1) -> int:
    """Add ``delta`` to a counter (created at 0) in its own short transaction; the new count."""
    table = RequestCounterRow.__table__
    # The dialects' modules are imported here: PostgreSQL's is ~5 % of a start on SQLite.
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        upsert: Any = pg_insert(table)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        upsert = sqlite_insert(table)
    stmt = (
        upsert.values(name=name, bucket=bucket, count=delta)
        .on_conflict_do_update(index_elements=["name", "bucket"], set_={"count": table.c.count + delta})
        .returning(table.c.count)
    )
    with db.transaction() as tx:
        return int(tx.conn.execute(stmt).scalar_one())


def reset_in_flight(db: Database) -> None:
    """At start: forget in-flight counts a stopped process may have left behind (its requests
    are gone), so that no organization stays blocked by requests that will never finish."""
    table = RequestCounterRow.__table__
    with db.transaction() as tx:
        tx.conn.execute(table.delete().where(table.c.name.startswith("inflight:")))


def _error(code: str, message: str) -> list[dict[str, Any]]:
    # BILL's bodies for these errors carry no ``params`` (BILL-RULES §5.19b).
    ts = clock.iso(clock.wall_now())
    return [
        {"timestamp": ts, "code": code, "severity": "ERROR", "category": "DOWNSTREAM", "message": message}
    ]


class BillLimits:
    """ASGI middleware of the ``/connect`` API when ``limits = "bill"``:

    - every request counts toward ``limit_requests_per_hour`` per devKey (``BDC_1144``
      "Max number of allowed requests per hour reached: 20000."), until the top of the hour;
    - ``POST /v3/login`` also toward ``limit_logins_per_hour`` per devKey (``BDC_1144``, §5.19b);
    - calls that send a text message or an email (login, ``mfa/challenge``, invoice email,
      network invitations) toward ``limit_messages_per_minute`` per devKey (``BDC_1144``-shaped,
      per calendar minute);
    - at most ``limit_concurrent`` requests of one devKey and organization are in flight
      (``BDC_1322`` "Max number of concurrent requests per organization reached."): counted from
      the moment the request arrives (its body may still be on its way) until its response is sent;
    - ``/v3/spend/*``: ``limit_spend_per_minute`` per ``apiToken`` (429 ``{"message": "Too Many
      Requests"}``, gateway style, §5.19b).

    Refusals answer ``limit_status`` (422, §6 #14) and are not counted as requests.
    """

    def __init__(self, app: ASGIApp, db: Database, settings: Settings) -> None:
        self.app = app
        self.db = db
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        if root and path.startswith(root):  # the mount's prefix (/connect) stays in the path
            path = path[len(root) :]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        s = self.settings
        if path.startswith("/v3/spend/"):
            token = headers.get("apitoken", "")
            if bump(self.db, f"spend:{token}", _bucket("minute")) > s.limit_spend_per_minute:
                await _send_json(send, 429, {"message": "Too Many Requests"})
                return
            await self.app(scope, receive, send)
            return
        dev_key = headers.get("devkey", "")
        org = ""
        if path in LOGIN_PATHS and scope["method"] == "POST":
            body, receive = await _buffer(receive)
            try:
                data = orjson.loads(body or b"{}")
            except orjson.JSONDecodeError:
                data = {}
            if isinstance(data, dict):
                dev_key = str(data.get("devKey") or "")
                org = str(data.get("organizationId") or "")
        else:
            org = self._org_of(headers.get("sessionid", ""))
        refused = self._refusal(path, scope["method"], dev_key)
        if refused is not None:
            await _send_json(send, s.limit_status, refused)
            return
        key = f"inflight:{dev_key}:{org}"
        if bump(self.db, key, "") > s.limit_concurrent:
            bump(self.db, key, "", -1)
            body_ = _error("BDC_1322", "Max number of concurrent requests per organization reached.")
            await _send_json(send, s.limit_status, body_)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            bump(self.db, key, "", -1)

    def _refusal(self, path: str, method: str, dev_key: str) -> list[dict[str, Any]] | None:
        s = self.settings
        hour = _bucket("hour")
        if bump(self.db, f"hour:{dev_key}", hour) > s.limit_requests_per_hour:
            bump(self.db, f"hour:{dev_key}", hour, -1)
            msg = f"Max number of allowed requests per hour reached: {s.limit_requests_per_hour}."
            return _error("BDC_1144", msg)
        login = method == "POST" and path in LOGIN_PATHS
        if login and bump(self.db, f"login:{dev_key}", hour) > s.limit_logins_per_hour:
            msg = f"Max number of allowed requests per hour reached: {s.limit_logins_per_hour}."
            return _error("BDC_1144", msg)
        sends = method == "POST" and MESSAGE_PATHS.match(path) is not None
        if sends and bump(self.db, f"messages:{dev_key}", _bucket("minute")) > s.limit_messages_per_minute:
            msg = f"Max number of allowed requests per minute reached: {s.limit_messages_per_minute}."
            return _error("BDC_1144", msg)
        return None

    def _org_of(self, session_id: str) -> str:
        if not session_id:
            return ""
        from bill_sandbox.accounts.models import SessionRow

        sessions = SessionRow.__table__
        with self.db.transaction(write=False) as tx:
            org = tx.conn.execute(select(sessions.c.org_id).where(sessions.c.id == session_id)).scalar()
        return str(org or "")


async def _buffer(receive: Receive) -> tuple[bytes, Receive]:
    """Read the whole body, and a ``receive`` that replays it."""
    chunks: list[bytes] = []
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = bool(message.get("more_body"))
    body = b"".join(chunks)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


async def _send_json(send: Send, status: int, body: Any) -> None:
    raw = orjson.dumps(body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": raw})
