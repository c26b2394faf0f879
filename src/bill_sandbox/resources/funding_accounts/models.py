"""Org bank accounts, bank-account users, card accounts, card-account users, AP cards and the
last card funding purpose used per vendor."""

from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class BankAccountRow(DocumentMixin, Base):
    __tablename__ = "bank_accounts"
    __table_args__ = (
        *doc_indexes("bank_accounts", "status", "type", "owner_type", "access_to_admins"),
        Index("ix_bank_accounts_expires_time", "expires_time"),
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    owner_type: Mapped[str] = mapped_column(String(20), nullable=False)
    access_to_admins: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    default_payables: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    default_receivables: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # When a PENDING account turns INVALID unless verified first (null otherwise).
    expires_time: Mapped[str | None] = mapped_column(String(29), nullable=True)
    # Wrong micro-deposit amounts so far (not part of the wire document).
    verify_failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class BankAccountUserRow(DocumentMixin, Base):
    __tablename__ = "bank_account_users"
    __table_args__ = (
        *doc_indexes("bank_account_users", "bank_account_id", "user_id", "verification_status"),
        Index("ix_bank_account_users_verify_time", "verify_time"),
    )
    bank_account_id: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[str] = mapped_column(String(20), nullable=False)
    verification_status: Mapped[str] = mapped_column(String(20), nullable=False)
    # When a NOMINATED user becomes VERIFIED (null otherwise).
    verify_time: Mapped[str | None] = mapped_column(String(29), nullable=True)


class CardAccountRow(DocumentMixin, Base):
    __tablename__ = "card_accounts"
    __table_args__ = doc_indexes("card_accounts")
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)


class CardAccountUserRow(DocumentMixin, Base):
    """The wire document has no id or times (BILL's card-account user shows none); the row
    still has them for paging."""

    __tablename__ = "card_account_users"
    __table_args__ = doc_indexes("card_account_users", "card_account_id", "user_id", "verification_status")
    card_account_id: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[str] = mapped_column(String(20), nullable=False)
    verification_status: Mapped[str] = mapped_column(String(20), nullable=False)


class ApCardRow(DocumentMixin, Base):
    __tablename__ = "ap_cards"
    __table_args__ = doc_indexes("ap_cards")
    status: Mapped[str] = mapped_column(String(20), nullable=False)


class CardFundingPurposeRow(Base):
    """The ``cardFundingPurpose`` last used to pay a vendor by card (``lastUsedPurpose``)."""

    __tablename__ = "card_funding_purposes"
    vendor_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(100), nullable=False)
    updated_time: Mapped[str] = mapped_column(String(29), nullable=False)
