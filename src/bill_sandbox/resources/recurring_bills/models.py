from __future__ import annotations

from sqlalchemy import Index, Integer, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class RecurringBillRow(DocumentMixin, Base):
    """Recurring bills (``btp…``). Besides the ``vendor_id`` projection, three columns hold the
    schedule's state, which the wire document does not show:

    - ``anchor_date``/``occurrences``: the next due date is ``anchor_date`` + ``occurrences`` ×
      ``frequency`` periods (computed from the anchor so that a schedule on the 31st comes back
      to the 31st after a short month);
    - ``generate_on``: the day the next bill is generated (nextDueDate − daysInAdvance), "" when
      the schedule is over. The clock hook finds due recurring bills of every organization
      through its index."""

    __tablename__ = "recurring_bills"
    __table_args__ = (
        *doc_indexes("recurring_bills", "vendor_id"),
        Index("ix_recurring_bills_generate_on", "generate_on"),
    )
    vendor_id: Mapped[str] = mapped_column(String(40), nullable=False)
    anchor_date: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    occurrences: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    generate_on: Mapped[str] = mapped_column(String(10), nullable=False, default="")
