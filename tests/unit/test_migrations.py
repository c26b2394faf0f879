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


def test_a_table_class_builds_the_table_declarative_mapping_would() -> None:
    """``db.Base`` without the ORM: own columns first, then the mixins' (a copy per table),
    NOT NULL unless the annotation admits None or ``nullable`` says otherwise."""
    from sqlalchemy import Integer, MetaData, String

    from bill_sandbox.db import DocumentMixin, Mapped, mapped_column

    class Scratch(Base):
        metadata = MetaData()

    class Thing(DocumentMixin, Scratch):
        __tablename__ = "things"
        name: Mapped[str] = mapped_column(String(10))
        note: Mapped[str | None] = mapped_column(String(10))
        size: Mapped[int] = mapped_column(Integer, nullable=True, default=3)

    class Other(DocumentMixin, Scratch):
        __tablename__ = "others"

    table = Thing.__table__
    assert [c.name for c in table.c] == [
        "name",
        "note",
        "size",
        "id",
        "archived",
        "created_time",
        "updated_time",
        "doc",
        "org_id",
    ]
    assert (table.c.name.nullable, table.c.note.nullable, table.c.size.nullable) == (False, True, True)
    assert table.c.size.default is not None and table.c.size.default.arg == 3
    assert table.c.id.primary_key and not table.c.id.nullable
    assert Other.__table__.c.id is not table.c.id  # mixin columns are copied per table
    assert set(Scratch.metadata.tables) == {"things", "others"}
