"""Revision 0020 gives organizations created before it their roles, and their users'
documents an embedded role (new organizations get both when they are created)."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import text

from bill_sandbox import migrate
from bill_sandbox.db import Database
from bill_sandbox.resources import registry  # noqa: F401  (every model)

NOW = "2026-01-02T03:04:05.000+00:00"


def test_existing_organizations_get_roles_and_users_embed_them(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = migrate.alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
        conn.execute(
            text(
                "INSERT INTO organizations (id, org_id, name, mfa_bypass, clock_offset, archived,"
                " created_time, updated_time, doc) VALUES ('00802OLDORGXXXXXabcd', '00802OLDORGXXXXXabcd',"
                " 'Old', false, 0, false, :now, :now, '{}')"
            ),
            {"now": NOW},
        )
        user = {"id": "00602OLDUSERXXXXabcd", "firstName": "Old", "lastName": "Timer", "roleId": "CLERK"}
        conn.execute(
            text(
                "INSERT INTO users (id, org_id, username, password_hash, role, archived, created_time,"
                " updated_time, doc) VALUES ('00602OLDUSERXXXXabcd', '00802OLDORGXXXXXabcd', 'old@x.org',"
                " 'h', 'CLERK', false, :now, :now, :doc)"
            ),
            {"now": NOW, "doc": json.dumps(user)},
        )
    db.migrate()
    with db.engine.connect() as conn:
        roles = conn.execute(text("SELECT type, id FROM roles WHERE org_id = '00802OLDORGXXXXXabcd'")).all()
        row = conn.execute(text("SELECT doc, first_name FROM users")).one()
    by_type = {r.type: r.id for r in roles}
    assert set(by_type) == {"ADMINISTRATOR", "ACCOUNTANT", "APPROVER", "PAYER", "CLERK", "AUDITOR", "MEMBER"}
    doc = json.loads(row.doc)
    assert doc["role"] == {"id": by_type["CLERK"], "type": "CLERK", "description": "Clerk"}
    assert "roleId" not in doc and row.first_name == "Old"
    db.close()
