"""What ``serve`` creates beside the default developer account so that the whole Postman
collection runs: a partner account (the partner requests log in with its ``appKey``) and a
second organization (the network requests search for it by name and connect to it).

Their Postman variables go into the same environment file as the developer account's:
``partnerUsername``, ``partnerPassword``, ``partnerAppKey``, ``networkId`` (the second
organization's network id: its organization id) and ``networkName``. The partner's password,
like the developer's, lives only in that file (the database keeps an argon2 hash): when the
file is lost, the partner gets a new password.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable

from sqlalchemy import select

from bill_sandbox.accounts import service
from bill_sandbox.db import Tx, get_state, set_state
from bill_sandbox.resources.partner import service as partners
from bill_sandbox.resources.partner.models import PartnerRow
from bill_sandbox.settings import Settings

PARTNER_STATE = "default_partner"
NEIGHBOR_STATE = "network_neighbor"
PARTNER_NAME = "Sandbox Partner"
# Whole words of at least 3 characters: what a BILL network search by name matches.
NEIGHBOR_NAME = "Sandbox Neighbor Supply"

# Environment variable -> Postman's variable type.
VARIABLES = {
    "partnerUsername": "default",
    "partnerPassword": "secret",
    "partnerAppKey": "secret",
    "networkId": "default",
    "networkName": "default",
}


def partner_password_hash(tx: Tx) -> str | None:
    raw = get_state(tx, PARTNER_STATE)
    if raw is None:
        return None
    table = PartnerRow.__table__
    partner_id = json.loads(raw)["partnerId"]
    value = tx.conn.execute(select(table.c.password_hash).where(table.c.id == partner_id)).scalar()
    return None if value is None else str(value)


def _partner(
    tx: Tx, settings: Settings, known_password: str, trusted: Callable[[str | None], bool]
) -> dict[str, str]:
    raw = get_state(tx, PARTNER_STATE)
    if raw is None:
        created = partners.signup(tx, settings, name=PARTNER_NAME)
        known = {k: created[k] for k in ("username", "appKey", "partnerId")}
        set_state(tx, PARTNER_STATE, json.dumps(known))
        password = created["password"]
    else:
        known = json.loads(raw)
        table = PartnerRow.__table__
        pw_hash = tx.conn.execute(
            select(table.c.password_hash).where(table.c.id == known["partnerId"])
        ).scalar()
        password = known_password
        if not (
            password
            and pw_hash
            and (trusted(pw_hash) or service.password_matches(settings, pw_hash, password))
        ):
            password = secrets.token_urlsafe(12)
            new_hash = service.hasher(settings.argon2_time_cost, settings.argon2_memory_kib).hash(password)
            tx.conn.execute(
                table.update().where(table.c.id == known["partnerId"]).values(password_hash=new_hash)
            )
    return {
        "partnerUsername": known["username"],
        "partnerPassword": password,
        "partnerAppKey": known["appKey"],
    }


def _neighbor(tx: Tx, settings: Settings) -> dict[str, str]:
    raw = get_state(tx, NEIGHBOR_STATE)
    if raw is None:
        creds = service.signup(tx, settings, org_name=NEIGHBOR_NAME)
        known = {"organizationId": creds.organization_id, "name": NEIGHBOR_NAME}
        set_state(tx, NEIGHBOR_STATE, json.dumps(known))
    else:
        known = json.loads(raw)
    return {"networkId": known["organizationId"], "networkName": known["name"]}


def ensure_companions(
    tx: Tx,
    settings: Settings,
    previous: dict[str, str],
    trusted: Callable[[str | None], bool] = lambda _: False,
) -> dict[str, str]:
    """The partner account and the second organization (created on the first start), as the
    environment variables above; ``previous`` is the environment file as it was, ``trusted``
    tells a password hash that file is known to match (``bootstrap.FileTrust``)."""
    return {
        **_partner(tx, settings, previous.get("partnerPassword", ""), trusted),
        **_neighbor(tx, settings),
    }
