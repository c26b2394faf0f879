from __future__ import annotations

from sqlalchemy import String

from bill_sandbox.db import Base, Mapped, mapped_column
from bill_sandbox.resources.spend.common import SpendMixin, spend_indexes


class SpendCustomFieldRow(SpendMixin, Base):
    __tablename__ = "spend_custom_fields"
    __table_args__ = spend_indexes("spend_custom_fields", "name")
    name: Mapped[str] = mapped_column(String(255), nullable=False, default="")


class SpendCustomFieldValueRow(SpendMixin, Base):
    __tablename__ = "spend_custom_field_values"
    __table_args__ = spend_indexes("spend_custom_field_values", "field_uuid", "value")
    field_uuid: Mapped[str] = mapped_column(String(40), nullable=False)
    value: Mapped[str] = mapped_column(String(255), nullable=False, default="")
