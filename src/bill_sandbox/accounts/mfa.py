"""MFA state of users: registered phones, issued tokens (setups and challenges) and
remembered devices, plus the two look-ups other modules need:

- ``is_remembered(tx, ...)``: does a ``rememberMeId`` + ``device`` still make a login trusted
  (``accounts.service.login``, ``POST /v3/mfa/step-up``)?
- ``last_code(tx, ...)``: the last token "sent" (``GET /_sandbox/mfa/last-code``).

These tables are account state, like ``sessions``: they carry ``organization_id`` rather than
``org_id`` on purpose, so that ``POST /_sandbox/reset`` (which clears every table with an
``org_id`` column) keeps a developer's phones and remembered devices, as it keeps their sessions.
The operations themselves are in ``resources/mfa``.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String, select

from bill_sandbox import ids
from bill_sandbox.db import Base, Mapped, Tx, mapped_column
from bill_sandbox.errors import BillError


class MfaPhoneRow(Base):
    """A phone registered by a validated setup."""

    __tablename__ = "mfa_phones"
    __table_args__ = (Index("ix_mfa_phones_user", "user_id", "organization_id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[str] = mapped_column(String(20), nullable=False)
    phone: Mapped[str] = mapped_column(String(20), nullable=False)
    type: Mapped[str] = mapped_column(String(10), nullable=False)  # TEXT | VOICE (how codes are sent)
    primary: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)


class MfaTokenRow(Base):
    """A 6-digit token "sent" for a setup (``setupId``) or a challenge (``challengeId``)."""

    __tablename__ = "mfa_tokens"
    __table_args__ = (
        Index("ix_mfa_tokens_token_id", "token_id", unique=True),
        Index("ix_mfa_tokens_user", "user_id", "seq"),
        Index("ix_mfa_tokens_org", "organization_id", "seq"),
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_id: Mapped[str] = mapped_column(String(40), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # SETUP | CHALLENGE
    organization_id: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[str] = mapped_column(String(20), nullable=False)
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    type: Mapped[str] = mapped_column(String(10), nullable=False, default="TEXT")
    primary: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    code: Mapped[str] = mapped_column(String(12), nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="OPEN")  # OPEN|USED|EXPIRED|LOCKED
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)


class MfaDeviceRow(Base):
    """A ``rememberMeId`` from a validated challenge; ``expires_time`` is null when the
    challenge was validated without ``rememberMe`` (the id is then never trusted again)."""

    __tablename__ = "mfa_devices"
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[str] = mapped_column(String(20), nullable=False)
    device: Mapped[str | None] = mapped_column(String(255), nullable=True)
    machine_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    expires_time: Mapped[str | None] = mapped_column(String(29), nullable=True)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)


phones = MfaPhoneRow.__table__
tokens = MfaTokenRow.__table__
devices = MfaDeviceRow.__table__


def is_remembered(
    tx: Tx, organization_id: str, user_id: str, remember_me_id: str | None, device: str | None
) -> bool:
    """True when ``remember_me_id`` was issued to this user with ``rememberMe``, has not expired
    on the sandbox clock, and ``device`` matches the device named at validation (an id
    validated without a device matches any device)."""
    if not remember_me_id or not device:
        return False
    row = tx.conn.execute(
        select(devices.c.user_id, devices.c.organization_id, devices.c.device, devices.c.expires_time).where(
            devices.c.id == remember_me_id
        )
    ).first()
    if row is None or row.user_id != user_id or row.organization_id != organization_id:
        return False
    if row.expires_time is None or row.expires_time <= tx.now_iso:
        return False
    return row.device is None or row.device == device


def register_phone(tx: Tx, organization_id: str, user_id: str, phone: str | None = None) -> str:
    """Register a primary TEXT phone for a user, as a validated setup would (a developer
    account gets one at sign-up, BILL-RULES §2.2: BILL sends challenges to a registered phone).
    Returns the number: ``phone``, or a 555-01xx number (reserved for fiction)."""
    number = phone or f"1555010{secrets.randbelow(10_000):04d}"
    tx.conn.execute(
        phones.insert().values(
            id=ids.new_token(16),
            organization_id=organization_id,
            user_id=user_id,
            phone=number,
            type="TEXT",
            primary=True,
            created_time=tx.now_iso,
        )
    )
    return number


class NoCodeError(BillError):
    http_status = 404
    category = "REQUEST"

    def __init__(self) -> None:
        super().__init__(None, message="No MFA code has been issued yet.")


def last_code(tx: Tx, organization_id: str | None = None, user_id: str | None = None) -> dict[str, Any]:
    """The last token issued (optionally for one organization and/or user)."""
    q = select(tokens).order_by(tokens.c.seq.desc()).limit(1)
    if organization_id:
        q = q.where(tokens.c.organization_id == organization_id)
    if user_id:
        q = q.where(tokens.c.user_id == user_id)
    row = tx.conn.execute(q).first()
    if row is None:
        raise NoCodeError()
    out: dict[str, Any] = {
        "code": row.code,
        "kind": row.kind,
        ("setupId" if row.kind == "SETUP" else "challengeId"): row.token_id,
        "organizationId": row.organization_id,
        "userId": row.user_id,
        "type": row.type,
        "sentTime": row.created_time,
        "state": row.state,
    }
    if row.phone:
        out["last4digits"] = row.phone[-4:]
    return out
