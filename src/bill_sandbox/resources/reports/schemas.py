from __future__ import annotations

from bill_sandbox.schemas import Out


class AuditUser(Out):
    id: str | None = None
    name: str | None = None


class AuditValue(Out):
    previous: str | None = None
    current: str | None = None


class AuditField(Out):
    name: str | None = None
    value: AuditValue | None = None


class AuditRecord(Out):
    source: str | None = None
    type: str | None = None
    created_time: str | None = None
    user: AuditUser | None = None
    field: AuditField | None = None
