"""Alembic revisions and the models agree, and the fast start-up check knows the heads."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from bill_sandbox import migrate
from bill_sandbox.db import Base, Database
from bill_sandbox.resources import registry  # noqa: F401  (every model)


def test_heads_read_from_files_match_alembic(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'h.db'}")
    script = ScriptDirectory.from_config(migrate.alembic_config(db))  # type: ignore[arg-type]
    assert migrate.heads() == frozenset(script.get_heads())
    db.close()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_create_exactly_the_models(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    db.migrate()
    assert migrate.current_revisions(db) == migrate.heads()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"
    db.migrate()  # a second start is a no-op
    db.close()
