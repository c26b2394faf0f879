"""Make a test session MFA-trusted without going through the MFA operations: the sessions
table is updated directly in the app's database (what a successful challenge does)."""

from __future__ import annotations

from typing import Any

from bill_sandbox.accounts.models import SessionRow


def trust(api: Any) -> Any:
    """Mark ``api``'s current session trusted; returns ``api``."""
    db = api.client.bill_app.state.db
    sessions = SessionRow.__table__
    with db.transaction() as tx:
        tx.conn.execute(sessions.update().where(sessions.c.id == api.session_id).values(trusted=True))
    return api
