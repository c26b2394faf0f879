"""What a service sees of a request: the transaction and who is calling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bill_sandbox.db import Tx
from bill_sandbox.settings import Settings


@dataclass(slots=True)
class RequestContext:
    tx: Tx
    org_id: str
    user_id: str
    session_id: str
    trusted: bool
    settings: Settings

    @property
    def now(self) -> datetime:
        return self.tx.now

    @property
    def now_iso(self) -> str:
        return self.tx.now_iso
