"""``x-bill-sha-signature``: Base64(HMAC-SHA256(key = securityKey, message = body bytes))."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

HEADER = "x-bill-sha-signature"


def new_key() -> str:
    """A fresh security key (what BILL returns once, on create and rotation)."""
    return secrets.token_urlsafe(32)


def sign(key: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


def verify(key: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(key, body), signature)
