"""MFA operations (BILL-RULES §2.2, §7.4).

The sandbox "sends" a 6-digit token for every setup and challenge: the token is the
``mfa_code`` setting (``BILL_SANDBOX_MFA_CODE``, default ``111111``; the value ``random`` gives a
fresh random code each time). ``GET /_sandbox/mfa/last-code`` shows the last one issued.

Validation of a setup or challenge token:
- the issued code: success (a challenge makes the calling session trusted and returns a
  ``rememberMeId``, valid for ``remember_days`` on the sandbox clock when ``rememberMe`` is true);
- ``000000``, or a token that was already used: 400 ``BDC_1356`` (expired); ask for a new one;
- anything else: 400 ``BDC_1119``; the 3rd wrong token locks the setup/challenge: ``BDC_1358``.
Wrong attempts are counted in the request's own transaction, so validators return the error
as a value (``Rejected``) and the route raises it after the commit.

A challenge needs no registered phone: without one, the code goes to the sandbox's virtual
phone (it is still visible through the control plane). Setting up a phone when one is already
registered is "resetting MFA" and needs a trusted session (BILL-RULES §2.3).
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bill_sandbox import clock, ids
from bill_sandbox.accounts import tokens as api_tokens
from bill_sandbox.accounts.mfa import devices, is_remembered, phones, tokens
from bill_sandbox.accounts.models import SessionRow
from bill_sandbox.auth import require_trusted
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, BillError, NotFoundError, RequestError, field_error
from bill_sandbox.resources.mfa.schemas import (
    ChallengeRequest,
    ChallengeValidateRequest,
    SetupRequest,
    SetupValidateRequest,
    StepUpRequest,
)

sessions = SessionRow.__table__

EXPIRED_TOKEN = "000000"
MAX_ATTEMPTS = 3
# GET /v3/mfa/phones reports the kind of phone; the setup only says how codes are delivered.
PHONE_KIND = {"TEXT": "MOBILE", "VOICE": "WORK"}
_DIGITS = re.compile(r"\D")

MSG_EXPIRED = "2-Step Verification token has expired. Please request a new one."
MSG_TOO_MANY = "2-Step Verification too many token response attempts."


class Rejected:
    """A refused token: the attempt is committed, then ``error`` is raised by the route."""

    __slots__ = ("error",)

    def __init__(self, error: BillError) -> None:
        self.error = error


def _new_code(ctx: RequestContext) -> str:
    configured = ctx.settings.mfa_code.strip()
    if configured.lower() != "random":
        return configured
    code = EXPIRED_TOKEN
    while code == EXPIRED_TOKEN:
        code = f"{secrets.randbelow(1_000_000):06d}"
    return code


def _issue(ctx: RequestContext, kind: str, phone: str, type_: str, primary: bool = False) -> str:
    token_id = ids.new_token(18)
    ctx.tx.conn.execute(
        tokens.insert().values(
            token_id=token_id,
            kind=kind,
            organization_id=ctx.org_id,
            user_id=ctx.user_id,
            phone=phone,
            type=type_,
            primary=primary,
            code=_new_code(ctx),
            attempts=0,
            state="OPEN",
            created_time=ctx.now_iso,
        )
    )
    return token_id


def _check(ctx: RequestContext, kind: str, token_id: str, token: str) -> Any:
    """The token row when ``token`` is right; a ``Rejected`` otherwise (state already updated)."""
    t = tokens.c
    row = ctx.tx.conn.execute(
        select(tokens)
        .where(
            t.token_id == token_id,
            t.kind == kind,
            t.user_id == ctx.user_id,
            t.organization_id == ctx.org_id,
        )
        .with_for_update()
    ).first()
    if row is None:
        raise NotFoundError(token_id)
    if row.state == "LOCKED":
        return Rejected(RequestError("BDC_1358", message=MSG_TOO_MANY))
    if row.state != "OPEN":
        return Rejected(RequestError("BDC_1356", message=MSG_EXPIRED))
    where = t.seq == row.seq
    if token == EXPIRED_TOKEN:
        ctx.tx.conn.execute(tokens.update().where(where).values(state="EXPIRED"))
        return Rejected(RequestError("BDC_1356", message=MSG_EXPIRED))
    if secrets.compare_digest(token, row.code):
        ctx.tx.conn.execute(tokens.update().where(where).values(state="USED"))
        return row
    attempts = row.attempts + 1
    locked = attempts >= MAX_ATTEMPTS
    ctx.tx.conn.execute(
        tokens.update().where(where).values(attempts=attempts, state="LOCKED" if locked else "OPEN")
    )
    if locked:
        return Rejected(RequestError("BDC_1358", message=MSG_TOO_MANY))
    return Rejected(RequestError("BDC_1119", "token", token))


def _user_phones(ctx: RequestContext) -> list[Any]:
    p = phones.c
    return list(
        ctx.tx.conn.execute(
            select(phones)
            .where(p.user_id == ctx.user_id, p.organization_id == ctx.org_id)
            .order_by(p.primary.desc(), p.created_time, p.id)
        ).all()
    )


def _trust_session(ctx: RequestContext) -> None:
    ctx.tx.conn.execute(sessions.update().where(sessions.c.id == ctx.session_id).values(trusted=True))
    ctx.trusted = True


# ----------------------------------------------------------------------------- operations
def setup(ctx: RequestContext, body: SetupRequest) -> dict[str, Any]:
    api_tokens.refuse_mfa(ctx.session_id)
    assert body.phone is not None and body.type is not None
    digits = _DIGITS.sub("", body.phone)
    if not 10 <= len(digits) <= 15:
        raise field_error("phone", "invalid phone number")
    registered = _user_phones(ctx)
    if registered:
        require_trusted(ctx)  # resetting MFA
    primary = body.primary if body.primary is not None else not any(r.primary for r in registered)
    return {"setupId": _issue(ctx, "SETUP", digits, body.type, bool(primary))}


def validate_setup(ctx: RequestContext, body: SetupValidateRequest) -> dict[str, Any] | Rejected:
    api_tokens.refuse_mfa(ctx.session_id)
    assert body.setup_id is not None and body.token is not None
    row = _check(ctx, "SETUP", body.setup_id, body.token)
    if isinstance(row, Rejected):
        return row
    p = phones.c
    registered = _user_phones(ctx)
    same = next((r for r in registered if r.phone == row.phone), None)
    primary = bool(row.primary) or not any(r.primary and r.phone != row.phone for r in registered)
    if primary:
        ctx.tx.conn.execute(
            phones.update()
            .where(p.user_id == ctx.user_id, p.organization_id == ctx.org_id, p.phone != row.phone)
            .values(primary=False)
        )
    values = {"type": row.type, "primary": primary}
    if same is None:
        ctx.tx.conn.execute(
            phones.insert().values(
                id=ids.new_token(12),
                organization_id=ctx.org_id,
                user_id=ctx.user_id,
                phone=row.phone,
                created_time=ctx.now_iso,
                **values,
            )
        )
    else:
        ctx.tx.conn.execute(phones.update().where(p.id == same.id).values(**values))
    return {"status": "SUCCESS"}


NO_PHONE = (
    "No phone is registered for 2-Step Verification. Add one with POST /v3/mfa/setup and validate it first."
)


def challenge(ctx: RequestContext, body: ChallengeRequest | None) -> dict[str, Any]:
    api_tokens.refuse_mfa(ctx.session_id)
    registered = _user_phones(ctx)
    if not registered:  # BILL sends the code to a registered phone; none: nothing to send to
        raise ApplicationError("BDC_1119", message=NO_PHONE)
    use_backup = bool(body and body.use_backup)
    chosen = None
    if registered:
        backups = [r for r in registered if not r.primary]
        chosen = backups[0] if use_backup and backups else registered[0]
    phone, type_ = (chosen.phone, chosen.type) if chosen is not None else ("", "TEXT")
    return {"challengeId": _issue(ctx, "CHALLENGE", phone, type_)}


def validate_challenge(ctx: RequestContext, body: ChallengeValidateRequest) -> dict[str, Any] | Rejected:
    api_tokens.refuse_mfa(ctx.session_id)
    assert body.challenge_id is not None and body.token is not None
    row = _check(ctx, "CHALLENGE", body.challenge_id, body.token)
    if isinstance(row, Rejected):
        return row
    _trust_session(ctx)
    remember_me_id = ids.new_token(24)
    expires = None
    if body.remember_me:
        expires = clock.iso(ctx.now + timedelta(days=ctx.settings.remember_days))
    ctx.tx.conn.execute(
        devices.insert().values(
            id=remember_me_id,
            organization_id=ctx.org_id,
            user_id=ctx.user_id,
            device=body.device or None,
            machine_name=body.machine_name or None,
            expires_time=expires,
            created_time=ctx.now_iso,
        )
    )
    return {"rememberMeId": remember_me_id}


def step_up(ctx: RequestContext, body: StepUpRequest) -> dict[str, Any]:
    """Trust the session when the remembered device is valid; answers whether it is trusted."""
    api_tokens.refuse_mfa(ctx.session_id)
    if not ctx.trusted and is_remembered(ctx.tx, ctx.org_id, ctx.user_id, body.remember_me_id, body.device):
        _trust_session(ctx)
    return {"trusted": ctx.trusted}


def list_phones(ctx: RequestContext) -> dict[str, Any]:
    return {
        "results": [
            {
                "type": PHONE_KIND.get(r.type, "MOBILE"),
                "last4digits": r.phone[-4:],
                "primary": bool(r.primary),
            }
            for r in _user_phones(ctx)
        ]
    }
