"""What a service sees of a request: the transaction and who is calling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bill_sandbox.db import Tx
from bill_sandbox.settings import Settings


@dataclass(slots=True)
class RequestContext:
    tx: Tx
    org_id: str
    user_id: str
    session_id: str
    trusted: bool
    settings: Settings

    @property
    def now(self) -> datetime:
        return self.tx.now

    @property
    def now_iso(self) -> str:
        return self.tx.now_iso


def system_context(tx: Tx, org_id: str, settings: Settings, user_id: str | None = None) -> RequestContext:
    """A context for work the sandbox does on an organization's behalf (the scheduler, the
    control plane): its first administrator, or ``user_id``; trusted like a device BILL knows.
    ``tx`` must already work for ``org_id`` (``tx.use_org``), so that ``now`` is its time."""
    if tx.org_id != org_id:
        tx.use_org(org_id)
    if user_id is None:
        from sqlalchemy import select

        from bill_sandbox.accounts.models import UserRow

        users = UserRow.__table__
        user_id = tx.conn.execute(
            select(users.c.id)
            .where(users.c.org_id == org_id)
            .order_by((users.c.role != "ADMINISTRATOR"), users.c.created_time, users.c.id)
            .limit(1)
        ).scalar()
    return RequestContext(tx, org_id, user_id or "", "", True, settings)
