from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from bill_sandbox import clock, hooks
from bill_sandbox.accounts.models import OrganizationRow
from bill_sandbox.db import Base, Tx, set_state
from bill_sandbox.errors import NotFoundError, field_error

# Tables that hold accounts rather than data; a reset keeps them.
ACCOUNT_TABLES = {"organizations", "users", "dev_keys", "sessions", "login_locks", "sandbox_state"}


def data_tables() -> list[Any]:
    return [t for name, t in Base.metadata.tables.items() if name not in ACCOUNT_TABLES and "org_id" in t.c]


def reset(tx: Tx, organization_id: str | None = None) -> dict[str, Any]:
    """Clear every organization's data (or one's), then seed it again like a new organization."""
    orgs = OrganizationRow.__table__
    if organization_id is not None:
        if tx.conn.execute(select(orgs.c.id).where(orgs.c.id == organization_id)).first() is None:
            raise NotFoundError(organization_id)
        org_ids = [organization_id]
    else:
        org_ids = list(tx.conn.execute(select(orgs.c.id)).scalars())
    deleted = 0
    for table in reversed(Base.metadata.sorted_tables):
        if table not in data_tables():
            continue
        stmt = delete(table)
        if organization_id is not None:
            stmt = stmt.where(table.c.org_id == organization_id)
        deleted += tx.conn.execute(stmt).rowcount or 0
    for org_id in org_ids:
        for seed in hooks.org_created:
            seed(tx, org_id)
    return {"organizations": org_ids, "deletedRows": deleted}


def clock_state(tx: Tx) -> dict[str, Any]:
    return {"now": tx.now_iso, "offsetSeconds": tx.clock_offset}


def advance(tx: Tx, seconds: float) -> dict[str, Any]:
    """Move the sandbox clock forward and run every time-driven transition on the way."""
    if seconds < 0:
        raise field_error("seconds", "the sandbox clock only moves forward")
    old = tx.now
    new_offset = tx.clock_offset + seconds
    set_state(tx, "clock_offset", repr(new_offset))
    tx._offset = new_offset
    tx._now = clock.sandbox_now(new_offset)
    new = tx.now
    for hook in hooks.clock_moved:
        hook(tx, old, new)
    return {
        "previous": clock.iso(old),
        "now": clock.iso(new),
        "offsetSeconds": new_offset,
        "advancedSeconds": (new - old) / timedelta(seconds=1),
    }
