from __future__ import annotations

from bill_sandbox.schemas import ResponseModel


class AuditUser(ResponseModel):
    id: str | None = None
    name: str | None = None


class AuditValue(ResponseModel):
    previous: str | None = None
    current: str | None = None


class AuditField(ResponseModel):
    name: str | None = None
    value: AuditValue | None = None


class AuditRecord(ResponseModel):
    source: str | None = None
    type: str | None = None
    created_time: str | None = None
    user: AuditUser | None = None
    field: AuditField | None = None
