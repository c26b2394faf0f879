"""The default developer account that ``serve`` creates on an empty database, and the
Postman environment file that carries its credentials."""

from __future__ import annotations

import dataclasses
import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bill_sandbox.accounts import service
from bill_sandbox.accounts.models import UserRow
from bill_sandbox.accounts.service import Credentials
from bill_sandbox.db import Database, Tx, get_state, set_state
from bill_sandbox.settings import Settings

DEFAULT_USERNAME = "developer@sandbox.example.com"
ENV_FILE = "postman_environment.json"
ENV_FILE_STATE = "environment_file"


def postman_environment(base_url: str, creds: Credentials) -> dict[str, Any]:
    """Postman's environment format with the variables of BILL's guide."""
    values = [
        ("baseUrl", base_url, "default"),
        ("username", creds.username, "default"),
        ("password", creds.password, "secret"),
        ("devKey", creds.dev_key, "secret"),
        ("orgId", creds.organization_id, "default"),
    ]
    if creds.api_token:
        values.append(("api_token", creds.api_token, "secret"))
    from bill_sandbox.accounts.companions import VARIABLES

    values += [(k, v, VARIABLES.get(k, "default")) for k, v in creds.companions.items()]
    return _environment(base_url + creds.organization_id, values)


def partner_environment(base_url: str, partner: dict[str, str]) -> dict[str, Any]:
    """A partner account (``partners.signup``) under the variable names the collection's partner
    requests use."""
    values = [
        ("baseUrl", base_url, "default"),
        ("partnerUsername", partner["username"], "default"),
        ("partnerPassword", partner["password"], "secret"),
        ("partnerAppKey", partner["appKey"], "secret"),
    ]
    return _environment(base_url + partner["partnerId"], values)


def _environment(seed: str, values: list[tuple[str, str, str]]) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, seed)),
        "name": "bill-sandbox",
        "values": [{"key": k, "value": v, "type": t, "enabled": True} for k, v, t in values],
        "_postman_variable_scope": "environment",
    }


def read_environment(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text())
        return {v["key"]: v["value"] for v in data["values"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_environment(path: Path, base_url: str, creds: Credentials) -> None:
    write_environment_file(path, postman_environment(base_url, creds))


def write_environment_file(path: Path, environment: dict[str, Any]) -> None:
    """Write the file (owner-only: it holds passwords), unless it holds exactly this already
    (its time stamp then stays, which lets the next start trust it: ``FileTrust``)."""
    text = json.dumps(environment, indent=2) + "\n"
    try:
        if path.read_text() == text:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o600)


def _file_stamp(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return ""
    return f"{stat.st_mtime_ns}:{stat.st_size}"


class FileTrust:
    """Whether a password of the environment file still matches its account, without argon2.

    Checking both passwords of the file (the developer's, the partner's) with argon2 took
    about 50 ms of every start. After a start, the file's time stamp and size and the hashes
    it matched are recorded (``ENV_FILE_STATE``); on the next start, a file that was not
    touched since, and an account whose hash did not change, need no check. The record holds
    no password-derived data beyond the argon2 hashes the database keeps anyway."""

    def __init__(self, tx: Tx, path: Path) -> None:
        self.path = path
        recorded = json.loads(get_state(tx, ENV_FILE_STATE) or "{}")
        untouched = bool(recorded) and recorded.get("file") == _file_stamp(path)
        self._hashes: set[str] = set(recorded.get("hashes", [])) if untouched else set()

    def trusts(self, password_hash: str | None) -> bool:
        return password_hash is not None and password_hash in self._hashes

    def record(self, tx: Tx, hashes: list[str | None]) -> None:
        """After the file is written: what the next start may trust."""
        stamp = {"file": _file_stamp(self.path), "hashes": sorted(h for h in hashes if h)}
        set_state(tx, ENV_FILE_STATE, json.dumps(stamp))


def ensure_default_account(db: Database, settings: Settings) -> Credentials:
    """Create the default account on an empty database; on later starts, find it again. Its
    credentials carry the partner account's and the second organization's Postman variables
    too (``accounts.companions``).

    The password lives only in the data dir's environment file (the database keeps an
    argon2 hash). If that file is lost, the account gets a new password and a new file."""
    from bill_sandbox.accounts.companions import ensure_companions, partner_password_hash

    env_path = settings.data_dir / ENV_FILE
    previous = read_environment(env_path)
    with db.transaction() as tx:
        trust = FileTrust(tx, env_path)
        raw = get_state(tx, "default_account")
        if raw is None:
            creds = service.signup(tx, settings, DEFAULT_USERNAME, org_name="Sandbox Organization")
            set_state(
                tx,
                "default_account",
                json.dumps(
                    {
                        "username": creds.username,
                        "devKey": creds.dev_key,
                        "organizationId": creds.organization_id,
                        "userId": creds.user_id,
                    }
                ),
            )
        else:
            known = json.loads(raw)
            password = previous.get("password", "")
            users = UserRow.__table__
            pw_hash = tx.conn.execute(
                select(users.c.password_hash).where(users.c.id == known["userId"])
            ).scalar()
            valid = (
                bool(password)
                and pw_hash is not None
                and (trust.trusts(pw_hash) or service.password_matches(settings, pw_hash, password))
            )
            if not valid:
                import secrets

                password = secrets.token_urlsafe(12)
                service.set_password(tx, settings, known["userId"], password)
            from bill_sandbox.resources.spend.company import admin_token

            creds = Credentials(
                known["username"],
                password,
                known["devKey"],
                known["organizationId"],
                known["userId"],
                admin_token(tx, settings, known["organizationId"]),
            )
    with db.transaction() as tx:
        creds = dataclasses.replace(creds, companions=ensure_companions(tx, settings, previous, trust.trusts))
    write_environment(env_path, settings.base_url(), creds)
    with db.transaction() as tx:
        users = UserRow.__table__
        user_hash = tx.conn.execute(select(users.c.password_hash).where(users.c.id == creds.user_id)).scalar()
        trust.record(tx, [user_hash, partner_password_hash(tx)])
    return creds
