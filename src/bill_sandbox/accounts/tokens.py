"""Token logins (BILL-RULES §2.1): ``consoleApiToken`` instead of ``password`` (Accountant Console)
and token sign-in (``username`` = the token's name, ``password`` = its value).

A token session lasts **48 hours idle** (``auth.TOKEN_IDLE``) and can neither pay nor do MFA:
it is never MFA-trusted (``auth.require_trusted`` refuses it with 403 ``BDC_1361``) and the
MFA operations answer 403. Its id starts with ``auth.TOKEN_SESSION_PREFIX``, which is how every
request knows it without another query.

Tokens are made through the control plane (``POST /_sandbox/api-tokens``, OUR DESIGN: BILL
issues them in its web app). Like phones and sessions they are account state: the table carries
``organization_id``, not ``org_id``, so that a data reset keeps them.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Index, String, select

from bill_sandbox import ids
from bill_sandbox.accounts.models import DevKeyRow, SessionRow, UserRow
from bill_sandbox.auth import TOKEN_SESSION_PREFIX
from bill_sandbox.db import Base, Mapped, Tx, mapped_column
from bill_sandbox.errors import ForbiddenError, NotFoundError, RequestError

CONSOLE, SIGN_IN = "CONSOLE", "SIGN_IN"
NAME_PREFIX = "sbx-token-"
NO_PERMISSION = "Current user or organization does not have valid permissions."


class ApiTokenRow(Base):
    """A sign-in token (``kind`` SIGN_IN: ``name`` + ``value``) or a console API token
    (``kind`` CONSOLE: ``value``) of one user of one organization."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_value", "value", unique=True),)
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(String(80), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    organization_id: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[str] = mapped_column(String(20), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)


tokens = ApiTokenRow.__table__
users = UserRow.__table__
sessions = SessionRow.__table__
dev_keys = DevKeyRow.__table__


def create(tx: Tx, organization_id: str, user_id: str | None, console: bool) -> dict[str, Any]:
    """Control plane: a new token for ``user_id`` (default: the organization's first
    administrator)."""
    q = select(users.c.id).where(users.c.org_id == organization_id)
    if user_id:
        q = q.where(users.c.id == user_id)
    user = tx.conn.execute(q.order_by(users.c.role != "ADMINISTRATOR", users.c.created_time)).first()
    if user is None:
        raise NotFoundError(user_id or organization_id)
    tx.use_org(organization_id)
    name = NAME_PREFIX + secrets.token_hex(6)
    value = ids.new_token(30)
    tx.conn.execute(
        tokens.insert().values(
            name=name,
            value=value,
            kind=CONSOLE if console else SIGN_IN,
            organization_id=organization_id,
            user_id=user.id,
            created_time=tx.now_iso,
        )
    )
    if console:
        return {"consoleApiToken": value, "organizationId": organization_id, "userId": user.id}
    return {"tokenName": name, "tokenValue": value, "organizationId": organization_id, "userId": user.id}


def login(
    tx: Tx,
    organization_id: str,
    dev_key: str,
    username: str | None,
    password: str | None,
    console_api_token: str | None,
) -> dict[str, Any] | None:
    """A token login, or None when the credentials are not a token (a password login)."""
    row: Any
    if console_api_token:
        row = tx.conn.execute(
            select(tokens.c.user_id, tokens.c.organization_id, tokens.c.value).where(
                tokens.c.value == console_api_token, tokens.c.kind == CONSOLE
            )
        ).first()
        if row is None:
            raise RequestError("BDC_1101")
    else:
        if not username or not password:
            return None
        row = tx.conn.execute(
            select(tokens.c.user_id, tokens.c.organization_id, tokens.c.value).where(
                tokens.c.name == username.strip(), tokens.c.kind == SIGN_IN
            )
        ).first()
        if row is None:
            return None
        if not secrets.compare_digest(row.value, password):
            raise RequestError("BDC_1101")
    if tx.conn.execute(select(dev_keys.c.key).where(dev_keys.c.key == dev_key)).first() is None:
        raise RequestError("BDC_1102")
    if row.organization_id != organization_id:
        raise RequestError("BDC_1123")
    tx.use_org(organization_id)
    session_id = TOKEN_SESSION_PREFIX + ids.new_token(30)
    now = tx.now_iso
    tx.conn.execute(
        sessions.insert().values(
            id=session_id,
            org_id=organization_id,
            user_id=row.user_id,
            dev_key=dev_key,
            trusted=False,
            created_time=now,
            last_seen=now,
        )
    )
    return {
        "sessionId": session_id,
        "organizationId": organization_id,
        "userId": row.user_id,
        "trusted": False,
    }


def is_token_name(username: str | None) -> bool:
    """Could ``username`` be a sign-in token's name (the fast path of every password login)?"""
    return bool(username) and str(username).strip().startswith(NAME_PREFIX)


def refuse_mfa(session_id: str) -> None:
    """A token session can't do MFA (BILL-RULES §2.1)."""
    if session_id.startswith(TOKEN_SESSION_PREFIX):
        raise ForbiddenError(None, message=NO_PERMISSION)
