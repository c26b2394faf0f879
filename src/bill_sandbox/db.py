"""Storage: engine, declarative base, one transaction per request.

Design (see docs/ARCHITECTURE.md): each worker process holds ONE database connection and runs
every request's transaction on it synchronously inside ``async def`` handlers. Handlers never
await while a transaction is open, so a worker's transactions are serialized without locks,
there is no threadpool hop and no per-request ORM session. SQLite runs in WAL mode and write
transactions start with ``BEGIN IMMEDIATE`` so several processes queue instead of colliding.

Resource rows are "documents with projections": the wire JSON of the object is stored in
``doc`` (what GET returns, byte for byte) and the fields BILL lets clients filter and sort on
are copied into indexed columns. Writers keep both in step through ``DocumentStore``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    select,
    text,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement

from bill_sandbox import clock

log = logging.getLogger("bill_sandbox")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


_T = TypeVar("_T")

if TYPE_CHECKING:
    from sqlalchemy.orm import Mapped as Mapped
else:

    class Mapped(Generic[_T]):
        """The annotation of a table class's column (``name: Mapped[str] = mapped_column(...)``),
        for readers and type checkers; at run time ``Base`` reads the ``mapped_column``."""


class _Declared:
    """What ``mapped_column`` returns: the column, and whether ``nullable`` was given."""

    __slots__ = ("column", "nullable_given")

    def __init__(self, column: Column[Any], nullable_given: bool) -> None:
        self.column = column
        self.nullable_given = nullable_given


def mapped_column(*args: Any, **kwargs: Any) -> Any:
    """A column of a table class (``Base``): SQLAlchemy ``Column`` arguments, name from the
    attribute. Named and used as SQLAlchemy's, without importing its ORM."""
    return _Declared(Column(*args, **kwargs), "nullable" in kwargs)


class Base:
    """A table declared as a class (``__tablename__``, ``Mapped`` columns, ``__table_args__``,
    mixins), built as a plain Core ``Table`` in ``Base.metadata``: ``Model.__table__``.

    Not SQLAlchemy's ``DeclarativeBase``: nothing here uses the ORM (no sessions, no mapped
    instances), and importing it and mapping each class cost about a fifth of the start-up
    time for 60 tables (``Mapped`` and ``mapped_column`` above are ours, named as
    SQLAlchemy's). The columns come out as the declarative mapping made them: the class's own
    first, then its mixins' (copied per table); nullability from the annotation unless given
    (``Mapped[str]`` is NOT NULL, ``Mapped[str | None]`` nullable).
    ``tests/unit/test_migrations.py`` checks the tables against the migrations."""

    metadata: ClassVar[MetaData] = MetaData(naming_convention=NAMING)
    __table__: ClassVar[Table]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("__tablename__")
        if name is None:
            return
        columns: list[Column[Any]] = []
        seen: set[str] = set()
        for owner in cls.__mro__:
            for attr, value in vars(owner).items():
                if isinstance(value, _Declared) and attr not in seen:
                    seen.add(attr)
                    columns.append(_column(attr, value, owner.__annotations__.get(attr, "")))
        cls.__table__ = Table(name, cls.metadata, *columns, *cls.__dict__.get("__table_args__", ()))


def _column(attr: str, declared: _Declared, annotation: Any) -> Column[Any]:
    column = declared.column._copy()
    column.name = column.name or attr
    column.key = attr
    if not declared.nullable_given and not column.primary_key:
        column.nullable = "None" in str(annotation) or "Optional" in str(annotation)
    return column


def doc_indexes(table: str, *columns: str) -> tuple[Index, ...]:
    """(org_id, column, id) indexes: what filters and keyset-paged sorts use."""
    cols = ("created_time", "updated_time", *columns)
    return tuple(Index(f"ix_{table}_org_{c}", "org_id", c, "id") for c in cols)


class TenantMixin:
    """Every business row belongs to one organization."""

    org_id: Mapped[str] = mapped_column(String(20), nullable=False)


class DocumentMixin(TenantMixin):
    """id, tenancy, archive flag, timestamps and the stored wire document."""

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    updated_time: Mapped[str] = mapped_column(String(29), nullable=False)
    doc: Mapped[str] = mapped_column(Text, nullable=False)


class SandboxStateRow(Base):
    """Process-independent sandbox settings: clock offset, secrets."""

    __tablename__ = "sandbox_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class Prepared:
    """A hot statement, compiled once per dialect and run on the DBAPI cursor (``Tx.fetch``).

    Why: on the 2-core bench machine ``tx.conn.execute(select(...).where(col == value))`` costs
    about 150 µs (the statement is rebuilt, its cache key generated, the compiled cache consulted,
    the result wrapped); a prebuilt statement with ``bindparam``s still ~45 µs; the same SQL on
    the DBAPI cursor ~5 µs. A GET by id ran two such statements: half of its server time.

    For fixed statements with named ``bindparam``s whose values need no type processing
    (str, int, bool); rows come back as plain DBAPI tuples (SQLite answers booleans as 0/1).
    Everything else keeps using ``tx.conn.execute``: both share one connection and transaction.
    """

    __slots__ = ("_sql", "stmt")

    def __init__(self, stmt: ClauseElement) -> None:
        self.stmt = stmt
        self._sql: dict[str, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}

    def sql(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
        """(SQL text, bind names in order for positional paramstyles or None, the values of
        binds the statement fixes itself, such as literals in ``col == "x"``)."""
        hit = self._sql.get(dialect.name)
        if hit is None:
            compiled = self.stmt.compile(dialect=dialect)
            assert isinstance(compiled, SQLCompiler)
            names = tuple(compiled.positiontup or ()) if compiled.positional else None
            fixed = {k: b.effective_value for k, b in compiled.binds.items() if not b.required}
            hit = self._sql[dialect.name] = (compiled.string, names, fixed)
        return hit


_state = SandboxStateRow.__table__
# Each organization has its own sandbox time: wall clock + ``organizations.clock_offset``.
_ORG_OFFSET_Q = Prepared(text("SELECT clock_offset FROM organizations WHERE id = :org"))


class Tx:
    """One request's transaction: the connection, the organization's sandbox time, after-commit
    hooks, and how many outbox events it recorded (the webhook worker is woken after commit)."""

    __slots__ = ("_now", "_offset", "after_commit", "conn", "events_recorded", "org_id", "secret")

    def __init__(self, conn: Connection, secret: bytes = b"") -> None:
        self.conn = conn
        self.secret = secret  # signs list cursors
        self.org_id: str | None = None
        self._offset: float | None = None
        self._now: datetime | None = None
        self.after_commit: list[Callable[[], None]] = []
        self.events_recorded = 0

    def _execute(self, q: Prepared, params: Mapping[str, Any]) -> Any:
        conn = self.conn
        sql, names, fixed = q.sql(conn.dialect)
        if fixed:
            params = {**fixed, **params}
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cur = raw.cursor()
        args = tuple([params[n] for n in names]) if names is not None else params
        try:
            cur.execute(sql, args)
        except Exception as err:
            # As SQLAlchemy would: its exception classes (IntegrityError, ...), and a lost
            # connection invalidated so that the next transaction reconnects.
            dialect = conn.dialect
            dbapi_error = dialect.loaded_dbapi.Error
            if not isinstance(err, dbapi_error):
                raise
            invalidated = dialect.is_disconnect(err, raw, cur)
            if invalidated:
                conn.invalidate(err)
            raise sa_exc.DBAPIError.instance(
                sql, args, err, dbapi_error, connection_invalidated=invalidated, dialect=dialect
            ) from err
        return cur

    def fetch(self, q: Prepared, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Every row of a ``Prepared`` query as DBAPI tuples, fetched at once."""
        cur = self._execute(q, params)
        try:
            rows: list[tuple[Any, ...]] = cur.fetchall()
        finally:
            cur.close()
        return rows

    def fetch_value(self, q: Prepared, params: Mapping[str, Any]) -> Any:
        """The first column of the first row, or None."""
        rows = self.fetch(q, params)
        return rows[0][0] if rows else None

    def execute_dml(self, q: Prepared, params: Mapping[str, Any]) -> int:
        """Run a ``Prepared`` INSERT/UPDATE/DELETE; return its row count."""
        cur = self._execute(q, params)
        try:
            return int(cur.rowcount)
        finally:
            cur.close()

    def use_org(self, org_id: str, offset: float | None = None) -> None:
        """Work on behalf of ``org_id``: ``now`` becomes that organization's sandbox time
        (``offset`` when the caller already read it, e.g. with the session)."""
        self.org_id = org_id
        if offset is None:
            value = self.fetch_value(_ORG_OFFSET_Q, {"org": org_id})
            offset = float(value) if value is not None else 0.0
        self._offset = offset
        self._now = None

    @property
    def clock_offset(self) -> float:
        """The organization's offset from the wall clock (0 before ``use_org``: wall time)."""
        return self._offset or 0.0

    @property
    def now(self) -> datetime:
        """Sandbox time, fixed for the whole transaction."""
        if self._now is None:
            self._now = clock.sandbox_now(self.clock_offset)
        return self._now

    @property
    def now_iso(self) -> str:
        return clock.iso(self.now)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str) -> Engine:
    if is_sqlite(url):
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _rec: Any) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
            cur = dbapi_conn.cursor()
            for pragma in (
                "journal_mode=WAL",
                "synchronous=NORMAL",
                "busy_timeout=30000",
                "foreign_keys=ON",
                # 8 MB per connection: with 32 MB, 1M customers filled it and the worker peaked
                # at 147 MB (goal: 120); B-tree interior pages fit in 8 MB, leaves come from the
                # OS page cache, and get/list/create at 1M measured the same.
                "cache_size=-8000",
                "temp_store=MEMORY",
            ):
                cur.execute(f"PRAGMA {pragma}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            if conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
                return  # begun by Database.transaction on the DBAPI connection
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


class Database:
    """One engine and one held connection per worker process (per thread, strictly: the event
    loop's thread serves requests, the scheduler and webhook delivery on one connection; a test
    that reaches into the database from its own thread gets its own)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite = is_sqlite(url)
        self.engine = make_engine(url)
        self._local = threading.local()
        self._all: list[Connection] = []
        self._lock = threading.Lock()
        self.secret = b""
        # Called after a commit that recorded outbox events (the webhook worker's wake-up).
        self.event_listeners: list[Callable[[], None]] = []

    def load_secret(self) -> None:
        """The key that signs list cursors, created once per database."""
        import secrets

        with self.transaction() as tx:
            # Several workers may start at once on a fresh database: the first insert wins and
            # every worker reads that one (each keeping its own would break cursors across them).
            add_state_if_absent(tx, "cursor_secret", secrets.token_hex(32))
            value = get_state(tx, "cursor_secret")
            assert value is not None
        self.secret = bytes.fromhex(value)

    def connection(self) -> Connection:
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.invalidated:
            if conn is not None:
                conn.close()
            conn = self._local.conn = self.engine.connect()
            with self._lock:
                self._all = [c for c in self._all if not c.closed]
                self._all.append(conn)
        return conn

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Tx]:
        """Run a block in one transaction; commit on success, roll back on any exception.
        Callbacks in ``tx.after_commit`` run after a successful commit."""
        conn = self.connection()
        tx = Tx(conn, self.secret)
        if self.sqlite:
            with _sqlite_transaction(conn, write):
                yield tx
        else:
            with conn.begin():
                yield tx
        for callback in tx.after_commit:
            try:
                callback()
            except Exception:  # an after-commit hook must never undo a committed request
                log.exception("after-commit hook failed")
        if tx.events_recorded:
            for listener in self.event_listeners:
                listener()

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                if not conn.closed:
                    conn.close()
            self._all = []
        self._local = threading.local()
        self.engine.dispose()

    def migrate(self) -> None:
        from bill_sandbox import migrate

        migrate.upgrade(self)


@contextmanager
def _sqlite_transaction(conn: Connection, write: bool) -> Iterator[None]:
    """BEGIN/COMMIT on the DBAPI connection: ~2 µs instead of ~20 µs for SQLAlchemy's
    ``conn.begin()`` (a RootTransaction, event dispatch and ``exec_driver_sql("BEGIN")``), per
    request. A statement run through ``tx.conn.execute`` makes SQLAlchemy autobegin; the
    ``begin`` listener sees the open transaction and emits nothing, and SQLAlchemy's own
    commit/rollback below then ends the one transaction."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.execute("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED")
    try:
        yield
    except BaseException:
        if conn.in_transaction():
            conn.rollback()
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        raise
    try:
        if conn.in_transaction():
            conn.commit()
        if raw.in_transaction:
            raw.execute("COMMIT")
    except BaseException:
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        raise


def set_state(tx: Tx, key: str, value: str) -> None:
    """Upsert: several workers starting at once on a fresh database must not race."""
    if tx.conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(_state).values(key=key, value=value)
        tx.conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))
        return
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    stmt_l = sqlite_insert(_state).values(key=key, value=value)
    tx.conn.execute(stmt_l.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def add_state_if_absent(tx: Tx, key: str, value: str) -> None:
    """Insert unless the key exists (concurrent callers: exactly one insert takes effect)."""
    if tx.conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        tx.conn.execute(pg_insert(_state).values(key=key, value=value).on_conflict_do_nothing())
        return
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    tx.conn.execute(sqlite_insert(_state).values(key=key, value=value).on_conflict_do_nothing())


def get_state(tx: Tx, key: str) -> str | None:
    return tx.conn.execute(select(_state.c.value).where(_state.c.key == key)).scalar()
