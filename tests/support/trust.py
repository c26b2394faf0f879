"""Make a test session MFA-trusted without going through the MFA operations: the control plane
marks it trusted (what a validated challenge does)."""

from __future__ import annotations

from typing import Any


def trust(api: Any) -> Any:
    """Mark ``api``'s current session trusted; returns ``api``."""
    r = api.sandbox("POST", "/sessions/trust", json={"sessionId": api.session_id})
    assert r.status_code == 200 and r.json()["trusted"] is True, r.text
    return api


# An operation that needs a trusted session (BDC_1361 otherwise), and a body it accepts.
PROTECTED = "/v3/funding-accounts/banks"
BANK = {
    "nameOnAccount": "Trusted Books",
    "routingNumber": "074000010",
    "accountNumber": "123456789",
    "type": "CHECKING",
    "ownerType": "BUSINESS",
}
