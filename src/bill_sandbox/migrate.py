"""Alembic migrations, run at start-up.

Resources add their tables in their own revision files. Independent resources may branch
from the same parent (Alembic then has several heads, and ``upgrade heads`` applies all of
them); a later revision can merge them. The common case, a database already at every head,
is answered by reading the revision files and one query, without importing Alembic, which
keeps cold start short.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

    from bill_sandbox.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"
_REV = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.M)


@cache
def heads() -> frozenset[str]:
    """Revisions no other revision builds on (read from the files; tested against Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text()
        rev = _REV.search(source)
        if rev is None:
            continue
        revisions.add(rev.group(1))
        down = _DOWN.search(source)
        if down:
            parents.update(re.findall(r'["\']([^"\']+)["\']', down.group(1)))
    return frozenset(revisions - parents)


def current_revisions(db: Database) -> frozenset[str]:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return frozenset()
        return frozenset(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def upgrade(db: Database) -> None:
    if current_revisions(db) == heads():
        return
    from alembic import command

    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
