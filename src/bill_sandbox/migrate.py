"""Alembic migrations, run at start-up. The common case (schema already at head) is answered
with one query and without importing Alembic, which keeps cold start short."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

if TYPE_CHECKING:
    from bill_sandbox.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"

# The newest revision id. tests/unit/test_migrations.py checks it against Alembic's own head.
HEAD = "0001"


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(db: Database) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def upgrade(db: Database) -> None:
    if current_revision(db) == HEAD:
        return
    from alembic import command
    from alembic.config import Config

    cfg = alembic_config(db)
    assert isinstance(cfg, Config)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
