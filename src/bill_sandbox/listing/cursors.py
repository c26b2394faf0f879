"""Page cursors: opaque, signed keyset positions (``encode_cursor`` / ``decode_cursor``) bound
to the list they came from (its sort and scope), so that page 1000 costs what page 1 costs and
a tampered or replayed cursor is a clean 400 BDC_1129."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import ColumnElement
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.visitors import traverse

from bill_sandbox.errors import RequestError
from bill_sandbox.listing.spec import Field, ListSpec

_MAC_BYTES = 12


def scope(spec: ListSpec, filters: str | None, where: Sequence[ColumnElement[bool]]) -> str:
    """What a cursor is bound to besides its sort: the resource (its table and fixed
    conditions, such as one bill's documents or one classification kind) and the filters. A
    cursor replayed on another list is a clean 400 ``BDC_1129`` (``decode_cursor``)."""
    parts = [spec.table.name, filters or ""]
    for clause in where:
        parts.append(str(clause))  # its shape; and the values it pins (``col = value``), not
        # the moving ones (a list of what is ready by now compares with the time)

        def pinned(el: Any) -> None:
            if el.operator is operators.eq and isinstance(el.right, BindParameter):
                parts.append(f"{el.left}={el.right.value}")

        traverse(clause, {}, {"binary": pinned})
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def sort_signature(order: Sequence[tuple[Field, bool]]) -> str:
    return ",".join(f"{f.name}:{'desc' if d else 'asc'}" for f, d in order)


def _mac(secret: bytes, payload: bytes) -> bytes:
    # hmac.digest: the one-shot C implementation (hmac.new(...).digest() builds two hash objects
    # in Python first).
    return hmac.digest(secret, payload, "sha256")[:_MAC_BYTES]


def encode_cursor(secret: bytes, direction: str, sig: str, key: Sequence[Any]) -> str:
    payload = orjson.dumps({"d": direction, "s": sig, "k": list(key)})
    return base64.urlsafe_b64encode(payload + _mac(secret, payload)).decode().rstrip("=")


def decode_cursor(secret: bytes, token: str, sig: str, width: int) -> tuple[str, list[Any]]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
        if not hmac.compare_digest(mac, _mac(secret, payload)):
            raise ValueError("bad signature")
        data = orjson.loads(payload)
        direction, key = data["d"], data["k"]
        if direction not in ("n", "p") or data["s"] != sig or len(key) != width:
            raise ValueError("cursor for another query")
    except (ValueError, KeyError, TypeError, orjson.JSONDecodeError):
        raise RequestError("BDC_1129", "page", token[:40]) from None
    return direction, key
