"""Sign-up, login, logout and session details."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any

import orjson
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from bill_sandbox import clock, events, ids, scheduler
from bill_sandbox.accounts import mfa
from bill_sandbox.accounts.models import DevKeyRow, LoginLockRow, OrganizationRow, SessionRow, UserRow
from bill_sandbox.context import system_context
from bill_sandbox.db import Tx
from bill_sandbox.errors import RequestError, field_error
from bill_sandbox.settings import Settings

orgs = OrganizationRow.__table__
users = UserRow.__table__
dev_keys = DevKeyRow.__table__
sessions = SessionRow.__table__
locks = LoginLockRow.__table__


@lru_cache(maxsize=4)
def hasher(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    dev_key: str
    organization_id: str
    user_id: str
    api_token: str = ""  # the Spend & Expense ADMIN apiToken
    # More Postman variables for the collection's partner and network requests
    # (``accounts.companions``): only the default account ``serve`` writes has them.
    companions: dict[str, str] = field(default_factory=dict, compare=False)

    def as_json(self, base_url: str) -> dict[str, str]:
        out = {
            "baseUrl": base_url,
            "username": self.username,
            "password": self.password,
            "devKey": self.dev_key,
            "organizationId": self.organization_id,
            "userId": self.user_id,
        }
        if self.api_token:
            out["apiToken"] = self.api_token
        return out


def create_organization(tx: Tx, settings: Settings, name: str, seed: bool = True) -> str:
    """A new organization; ``seed=False`` leaves the seeding to the caller (``seed_organization``
    once the organization's first user exists, so seeds can name their creator)."""
    org_id = ids.new_id("008")
    offset = scheduler.global_offset(tx)  # a new organization starts at the shared sandbox time
    tx.use_org(org_id, offset)
    now = tx.now_iso
    doc = {"id": org_id, "name": name, "archived": False, "createdTime": now, "updatedTime": now}
    tx.conn.execute(
        orgs.insert().values(
            id=org_id,
            org_id=org_id,
            name=name,
            archived=False,
            created_time=now,
            updated_time=now,
            clock_offset=offset,
            doc=orjson.dumps(doc).decode(),
        )
    )
    if seed:
        seed_organization(tx, settings, org_id)
    return org_id


def seed_organization(tx: Tx, settings: Settings, org_id: str) -> None:
    """Record ``organization.created``: the resources that seed a new organization react."""
    ctx = system_context(tx, org_id, settings)
    events.record(ctx, "organization.created", {"id": org_id})


def create_user(
    tx: Tx,
    settings: Settings,
    org_id: str,
    username: str,
    password: str,
    first_name: str = "Sandbox",
    last_name: str = "Developer",
    role: str = "ADMINISTRATOR",
) -> str:
    user_id = ids.new_id("006")
    now = tx.now_iso
    doc = {
        "id": user_id,
        "archived": False,
        "firstName": first_name,
        "lastName": last_name,
        "email": username,
        "roleId": role,
        "createdTime": now,
        "updatedTime": now,
    }
    pw_hash = hasher(settings.argon2_time_cost, settings.argon2_memory_kib).hash(password)
    tx.conn.execute(
        users.insert().values(
            id=user_id,
            org_id=org_id,
            username=username.lower(),
            password_hash=pw_hash,
            role=role,
            archived=False,
            created_time=now,
            updated_time=now,
            doc=orjson.dumps(doc).decode(),
        )
    )
    return user_id


def signup(
    tx: Tx,
    settings: Settings,
    username: str | None = None,
    password: str | None = None,
    org_name: str | None = None,
    mfa_phone: bool = True,
) -> Credentials:
    """A new developer account: organization, administrator user (with a registered MFA phone
    unless ``mfa_phone`` is False) and devKey. A username that already has an account is
    refused (BILL usernames are unique)."""
    suffix = secrets.token_hex(4)
    username = username or f"developer-{suffix}@sandbox.example.com"
    taken = tx.conn.execute(select(users.c.id).where(users.c.username == username.strip().lower())).first()
    if taken is not None:
        raise field_error("username", f"{username} already has an account; log in with it or choose another")
    password = password or secrets.token_urlsafe(12)
    org_id = create_organization(tx, settings, org_name or f"Sandbox Org {suffix}", seed=False)
    user_id = create_user(tx, settings, org_id, username, password)
    seed_organization(tx, settings, org_id)  # after the administrator exists: seeds name their creator
    if mfa_phone:
        from bill_sandbox.accounts.mfa import register_phone

        register_phone(tx, org_id, user_id)
    dev_key = "sbx-" + secrets.token_hex(18)
    tx.conn.execute(
        dev_keys.insert().values(
            key=dev_key, org_id=org_id, username=username.lower(), created_time=tx.now_iso
        )
    )
    from bill_sandbox.resources.spend.company import admin_token  # the S&E company, seeded above

    return Credentials(username, password, dev_key, org_id, user_id, admin_token(tx, settings, org_id))


def set_password(tx: Tx, settings: Settings, user_id: str, password: str) -> None:
    pw_hash = hasher(settings.argon2_time_cost, settings.argon2_memory_kib).hash(password)
    tx.conn.execute(users.update().where(users.c.id == user_id).values(password_hash=pw_hash))


# ------------------------------------------------------------------------------------ login


def _check_lock(tx: Tx, username: str) -> None:
    row = tx.conn.execute(select(locks.c.locked_until).where(locks.c.username == username)).first()
    if row and row.locked_until and row.locked_until > tx.now_iso:
        raise RequestError("BDC_1110")


def _record_failure(tx: Tx, settings: Settings, username: str) -> None:
    now = tx.now
    window_start = clock.iso(now - timedelta(minutes=settings.login_failure_window_minutes))
    row = tx.conn.execute(select(locks).where(locks.c.username == username)).first()
    if row is None:
        tx.conn.execute(locks.insert().values(username=username, failures=1, window_start=tx.now_iso))
        failures = 1
    else:
        failures = row.failures + 1 if row.window_start >= window_start else 1
        values: dict[str, Any] = {"failures": failures}
        if failures == 1:
            values["window_start"] = tx.now_iso
        tx.conn.execute(locks.update().where(locks.c.username == username).values(**values))
    if failures >= settings.login_max_failures:
        until = clock.iso(now + timedelta(minutes=settings.login_lock_minutes))
        tx.conn.execute(
            locks.update().where(locks.c.username == username).values(locked_until=until, failures=0)
        )


class BadCredentials(RequestError):
    """BDC_1101. The caller records the failure in its own transaction (the login's
    transaction is rolled back) and then answers with this error."""

    def __init__(self, username: str) -> None:
        super().__init__("BDC_1101")
        self.username = username


def record_failure(tx: Tx, settings: Settings, username: str, organization_id: str) -> None:
    tx.use_org(organization_id)
    _record_failure(tx, settings, username)


@dataclass(frozen=True)
class LoginUser:
    username: str
    user_id: str
    password_hash: str
    archived: bool


def find_login_user(tx: Tx, username: str, organization_id: str, dev_key: str) -> LoginUser:
    """Login, step 1 (a read): devKey, lockout, user and organization (on the sandbox time of
    the organization named, like every rule that depends on time)."""
    tx.use_org(organization_id)
    uname = username.strip().lower()
    if uname.endswith("+locked@example.com"):
        raise RequestError("BDC_1110")
    if tx.conn.execute(select(dev_keys.c.key).where(dev_keys.c.key == dev_key)).first() is None:
        raise RequestError("BDC_1102")
    _check_lock(tx, uname)
    rows = tx.conn.execute(
        select(users.c.id, users.c.org_id, users.c.password_hash, users.c.archived).where(
            users.c.username == uname
        )
    ).all()
    if not rows:
        raise BadCredentials(uname)
    user = next((r for r in rows if r.org_id == organization_id), None)
    if user is None:
        raise RequestError("BDC_1123")
    return LoginUser(uname, user.id, user.password_hash, bool(user.archived))


def password_matches(settings: Settings, password_hash: str, password: str) -> bool:
    """Login, step 2: argon2 verification (CPU-bound, ~20 ms; the route runs it off the event
    loop so a login does not stall every other request)."""
    try:
        ok: bool = hasher(settings.argon2_time_cost, settings.argon2_memory_kib).verify(
            password_hash, password
        )
    except (VerificationError, InvalidHashError):
        ok = False
    return ok


def open_session(
    tx: Tx,
    user: LoginUser,
    organization_id: str,
    dev_key: str,
    remember_me_id: str | None = None,
    device: str | None = None,
) -> dict[str, Any]:
    """Login, step 3 (a write): clear failures and open a session. The session is MFA-trusted
    when ``rememberMeId`` + ``device`` name a remembered device of this user that has not
    expired (BILL-RULES §2.2 step 5), or when the organization bypasses MFA (§6 #15)."""
    tx.conn.execute(delete(locks).where(locks.c.username == user.username))
    tx.use_org(organization_id)  # the session lives on its organization's sandbox time
    session_id = ids.new_token(30)
    now = tx.now_iso
    trusted = mfa.is_remembered(tx, organization_id, user.user_id, remember_me_id, device) or bool(
        tx.conn.execute(select(orgs.c.mfa_bypass).where(orgs.c.id == organization_id)).scalar()
    )
    tx.conn.execute(
        sessions.insert().values(
            id=session_id,
            org_id=organization_id,
            user_id=user.user_id,
            dev_key=dev_key,
            trusted=trusted,
            created_time=now,
            last_seen=now,
        )
    )
    return {
        "sessionId": session_id,
        "organizationId": organization_id,
        "userId": user.user_id,
        "trusted": trusted,
    }


def logout(tx: Tx, session_id: str) -> None:
    tx.conn.execute(delete(sessions).where(sessions.c.id == session_id))


def session_details(tx: Tx, org_id: str, user_id: str) -> dict[str, Any]:
    bypass = tx.conn.execute(select(orgs.c.mfa_bypass).where(orgs.c.id == org_id)).scalar()
    return {
        "organizationId": org_id,
        "userId": user_id,
        "mfaStatus": "DISABLED" if bypass else "ENABLED",
        "mfaBypass": bool(bypass),
    }
