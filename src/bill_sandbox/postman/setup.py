"""The exported collection's "Sandbox setup" requests: calls to the control plane (``/_sandbox``,
``{{sandboxUrl}}``) that make what some Connect API requests need and no Connect API request
creates, placed first in the folder of the requests that need it.

- a connection request from the second organization (``{{networkId}}``, written to the
  environment by ``bill-sandbox serve``) to this one, for "Accept connection request";
- card activity on the run's Spend & Expense card: an authorization (its id is
  ``{{spendTransactionId}}``, for the transaction requests) and a 3DS challenge (its
  ``acsTransactionId`` is ``{{spendAcsTransactionId}}``, for "Accept or reject a transaction").

BILL has no such calls: in production the other organization, and the card network, do this.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

PREFIX = "Sandbox setup: "


@dataclass(frozen=True)
class Setup:
    folder: tuple[str, ...]  # where it runs first (folder names from the top)
    name: str
    path: str  # under /_sandbox
    body: dict[str, Any]
    saves: dict[str, str] = field(default_factory=dict)  # variable -> response field
    description: str = ""


CARD_ACTIVITY = {"cardId": "{{spendCardId}}", "amount": 10.00, "merchantName": "Jasmine Thai"}

SETUPS = (
    Setup(
        ("v3", "network", "invitation", "accept"),
        "the second organization sends this one a connection request",
        "/network/invitations",
        {"organizationId": "{{networkId}}", "networkId": "{{orgId}}"},
        description="The organization {{networkName}} adds this one as a customer and asks it to "
        "connect: the request that Accept connection request accepts.",
    ),
    Setup(
        ("v3", "spend", "transactions"),
        "a card transaction",
        "/spend/transactions",
        {**CARD_ACTIVITY, "action": "AUTHORIZE"},
        {"spendTransactionId": "id"},
        "An authorization on the run's vendor card: BILL's card network makes transactions.",
    ),
    Setup(
        ("v3", "spend", "transactions"),
        "a 3DS challenge",
        "/spend/transactions",
        {**CARD_ACTIVITY, "action": "THREE_DS"},
        {"spendAcsTransactionId": "acsTransactionId"},
        "A purchase on the run's vendor card that asks for a 3DS challenge.",
    ),
)

SAVE_SCRIPT = """\
pm.test("%(name)s", function () {
    pm.expect(pm.response.code).to.be.within(200, 299);
});
const body = pm.response.json();
%(saves)s"""


def request_item(setup: Setup) -> dict[str, Any]:
    saves = "".join(
        f'if (body && typeof body.{key} === "string") {{\n    pm.environment.set("{var}", body.{key});\n}}\n'
        for var, key in setup.saves.items()
    )
    segments = [s for s in setup.path.split("/") if s]
    return {
        "name": PREFIX + setup.name,
        "request": {
            "method": "POST",
            "header": [
                {"key": "Content-Type", "value": "application/json"},
                {"key": "Accept", "value": "application/json"},
            ],
            "body": {
                "mode": "raw",
                "raw": json.dumps(setup.body, indent=2),
                "options": {"raw": {"language": "json"}},
            },
            "url": {
                "raw": "{{sandboxUrl}}" + setup.path,
                "host": ["{{sandboxUrl}}"],
                "path": segments,
            },
            "description": setup.description + " (bill-sandbox's control plane: BILL has no such call.)",
        },
        "event": [
            {
                "listen": "test",
                "script": {
                    "type": "text/javascript",
                    "exec": (SAVE_SCRIPT % {"name": PREFIX + setup.name, "saves": saves}).splitlines(),
                },
            }
        ],
    }


def _folder(items: list[dict[str, Any]], names: tuple[str, ...]) -> list[dict[str, Any]] | None:
    current = items
    for name in names:
        found = [i for i in current if "item" in i and i.get("name") == name]
        if not found:
            return None
        current = found[0]["item"]
    return current


def add_setup(items: list[dict[str, Any]]) -> None:
    """Put each setup request first in its folder (a folder the spec lacks gets none)."""
    for setup in reversed(SETUPS):
        folder = _folder(items, setup.folder)
        if folder is not None:
            folder.insert(0, request_item(setup))
