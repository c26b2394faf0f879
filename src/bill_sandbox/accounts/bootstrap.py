"""The default developer account that ``serve`` creates on an empty database, and the
Postman environment file that carries its credentials."""

from __future__ import annotations

import dataclasses
import json
import uuid
from pathlib import Path
from typing import Any

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from bill_sandbox.accounts import service
from bill_sandbox.accounts.models import UserRow
from bill_sandbox.accounts.service import Credentials
from bill_sandbox.db import Database, get_state, set_state
from bill_sandbox.settings import Settings

DEFAULT_USERNAME = "developer@sandbox.example.com"
ENV_FILE = "postman_environment.json"


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
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, base_url + creds.organization_id)),
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
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(postman_environment(base_url, creds), indent=2) + "\n")
    path.chmod(0o600)


def ensure_default_account(db: Database, settings: Settings) -> Credentials:
    """Create the default account on an empty database; on later starts, find it again. Its
    credentials carry the partner account's and the second organization's Postman variables
    too (``accounts.companions``).

    The password lives only in the data dir's environment file (the database keeps an
    argon2 hash). If that file is lost, the account gets a new password and a new file."""
    from bill_sandbox.accounts.companions import ensure_companions

    env_path = settings.data_dir / ENV_FILE
    previous = read_environment(env_path)
    with db.transaction() as tx:
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
            ph = service.hasher(settings.argon2_time_cost, settings.argon2_memory_kib)
            try:
                valid = bool(password) and pw_hash is not None and ph.verify(pw_hash, password)
            except (VerificationError, InvalidHashError):
                valid = False
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
        creds = dataclasses.replace(creds, companions=ensure_companions(tx, settings, previous))
    write_environment(env_path, settings.base_url(), creds)
    return creds
