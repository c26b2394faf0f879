"""Storage engines the tests run on: SQLite always, PostgreSQL when
BILL_SANDBOX_TEST_DATABASE_URL points at a server (a fresh database per run, dropped at the end)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bill_sandbox.settings import Settings

PG_URL = os.environ.get("BILL_SANDBOX_TEST_DATABASE_URL")
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


def _pg_admin_url(url: str) -> str:
    return (
        url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
    )


@contextmanager
def fresh_pg_database(server_url: str) -> Iterator[str]:
    """A fresh database on the PostgreSQL server at ``server_url`` (its URL), dropped at the end."""
    name = f"bill_sandbox_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(_pg_admin_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(_pg_admin_url(server_url)).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def make_settings(engine: str, tmp: Path, request: pytest.FixtureRequest, **extra: Any) -> Settings:
    if engine == "postgresql":
        url = request.getfixturevalue("pg_database")
        return Settings(data_dir=tmp, database_url=url, argon2_time_cost=1, argon2_memory_kib=1024, **extra)
    return Settings(data_dir=tmp, argon2_time_cost=1, argon2_memory_kib=1024, **extra)
