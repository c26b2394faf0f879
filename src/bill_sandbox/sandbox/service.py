"""Control-plane rules: reset, and each organization's sandbox clock."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from bill_sandbox import clock, scheduler
from bill_sandbox.accounts import service as accounts
from bill_sandbox.accounts.models import OrganizationRow
from bill_sandbox.db import Base, Database, Tx, set_state
from bill_sandbox.errors import NotFoundError
from bill_sandbox.settings import Settings

# Tables that hold accounts rather than data; a reset keeps them.
ACCOUNT_TABLES = {"organizations", "users", "dev_keys", "sessions", "login_locks", "sandbox_state"}
# Partner accounts outlive resets like organizations do (resources.partner).
ACCOUNT_TABLES |= {"partners", "partner_sessions", "partner_organizations"}
ACCOUNT_TABLES.add("spend_tokens")  # Spend & Expense apiTokens (the seeded ADMIN keeps its uuid)
orgs = OrganizationRow.__table__


def data_tables() -> list[Any]:
    return [t for name, t in Base.metadata.tables.items() if name not in ACCOUNT_TABLES and "org_id" in t.c]


def require_org(tx: Tx, organization_id: str) -> None:
    if tx.conn.execute(select(orgs.c.id).where(orgs.c.id == organization_id)).first() is None:
        raise NotFoundError(organization_id)


def reset(tx: Tx, settings: Settings, organization_id: str | None = None) -> dict[str, Any]:
    """Clear every organization's data (or one's), rewind its sandbox time to now, then seed it
    again like a new organization."""
    if organization_id is not None:
        require_org(tx, organization_id)
        org_ids = [organization_id]
    else:
        org_ids = list(tx.conn.execute(select(orgs.c.id)).scalars())
        set_state(tx, "clock_offset", "0.0")
    deleted = 0
    for table in reversed(Base.metadata.sorted_tables):
        if table not in data_tables():
            continue
        stmt = delete(table)
        if organization_id is not None:
            stmt = stmt.where(table.c.org_id == organization_id)
        deleted += tx.conn.execute(stmt).rowcount or 0
    for org_id in org_ids:
        scheduler.rewind(tx, org_id)
        tx.use_org(org_id, 0.0)
        accounts.seed_organization(tx, settings, org_id)
    return {"organizations": org_ids, "deletedRows": deleted}


def clock_state(tx: Tx, organization_id: str | None) -> dict[str, Any]:
    """An organization's sandbox time; without one, the shared time new organizations start
    at (moved by advancing every organization)."""
    if organization_id is None:
        offset = scheduler.global_offset(tx)
        return {"now": clock.iso(clock.sandbox_now(offset)), "offsetSeconds": offset}
    require_org(tx, organization_id)
    tx.use_org(organization_id)
    return {"organizationId": organization_id, "now": tx.now_iso, "offsetSeconds": tx.clock_offset}


def advance(db: Database, settings: Settings, seconds: float, organization_id: str | None) -> dict[str, Any]:
    """Move one organization's time (or every organization's) forward; returns once every
    transition due by the new time has been applied (and its events recorded)."""
    with db.transaction(write=False) as tx:
        before = clock_state(tx, organization_id)
    scheduler.advance(db, settings, seconds, organization_id)
    with db.transaction(write=False) as tx:
        after = clock_state(tx, organization_id)
    return advanced(organization_id, before, after, seconds)


def advanced(
    organization_id: str | None, before: dict[str, Any], after: dict[str, Any], seconds: float
) -> dict[str, Any]:
    """The answer of a clock advance: the clock before and after (``clock_state``)."""
    return {
        **({"organizationId": organization_id} if organization_id else {}),
        "previous": before["now"],
        "now": after["now"],
        "offsetSeconds": after["offsetSeconds"],
        "advancedSeconds": seconds,
    }
