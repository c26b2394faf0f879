from __future__ import annotations

from sqlalchemy import Boolean, Index, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, mapped_column


class NetworkConnectionRow(DocumentMixin, Base):
    """A vendor's or customer's connection request (``id`` is the vendor or customer id).

    ``doc`` is the wire status ``{id, status, networkId}``. ``network_id`` is the other side's
    network id (a local organization's id, a directory id, or an RPPS ``0rv`` id);
    ``peer_org_id``/``peer_record_id`` name the matching record in a local organization once
    connected (``peer_org_id`` is set as soon as the request is sent to one). ``expires_at``:
    when a PENDING request drops to NOT_CONNECTED (60 days; the scheduler's timer)."""

    __tablename__ = "network_connections"
    __table_args__ = (
        Index("ix_network_connections_peer", "peer_org_id", "network_id", "status"),
        Index("ix_network_connections_org_expires_at", "org_id", "expires_at"),
    )
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    network_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    network_type: Mapped[str] = mapped_column(String(10), nullable=False, default="BILL")
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    peer_org_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    peer_record_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    expires_at: Mapped[str | None] = mapped_column(String(29), nullable=True)


class NetworkProfileRow(Base):
    """An organization's network profile (control plane); none means public, manual accept."""

    __tablename__ = "network_profiles"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(20), nullable=False)
    visibility: Mapped[str] = mapped_column(String(10), nullable=False, default="PUBLIC")
    auto_connect: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
