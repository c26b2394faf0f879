"""Connect Events API shapes: request bodies (``RequestModel``) and responses (``ResponseModel``,
spec only)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from bill_sandbox.schemas import RequestModel, ResponseModel

ObjectDoc = dict[str, Any]


class SubscriptionEvent(RequestModel):
    type: str = Field(min_length=1, max_length=64, description="Event type")
    version: str = Field(min_length=1, max_length=10, description="Event type version")


class SubscriptionStatus(RequestModel):
    enabled: bool | None = Field(None, description="Whether BILL sends notifications (default true)")
    reason: str | None = Field(None, max_length=500, description="Why the status changed")


URL_HELP = (
    "Event notification URL. Must be HTTPS; the sandbox also accepts http://localhost, "
    "http://127.0.0.1 and http://[::1] on any port, so a receiver on your machine works."
)


class SubscriptionCreate(RequestModel):
    model_config = RequestModel.model_config | {
        "json_schema_extra": {
            "example": {
                "name": "Bill management",
                "status": {"enabled": True},
                "events": [
                    {"type": "bill.created", "version": "1"},
                    {"type": "bill.updated", "version": "1"},
                ],
                "notificationUrl": "http://localhost:8000/webhooks",
            }
        }
    }
    name: str = Field(min_length=1, max_length=255, description="Subscription name")
    status: SubscriptionStatus
    events: list[SubscriptionEvent] = Field(min_length=1, max_length=100)
    notification_url: str = Field(min_length=1, max_length=2000, description=URL_HELP)


class SubscriptionUpdate(RequestModel):
    model_config = RequestModel.model_config | {"json_schema_extra": {"example": {"name": "Manage bills"}}}
    name: str | None = Field(None, min_length=1, max_length=255)
    status: SubscriptionStatus | None = None
    events: list[SubscriptionEvent] | None = Field(None, min_length=1, max_length=100)
    notification_url: str | None = Field(None, min_length=1, max_length=2000, description=URL_HELP)


class TestEventRequest(RequestModel):
    """Everything optional: the type defaults to the subscription's first event, the object to
    test values."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid", str_strip_whitespace=True)
    eventType: str | None = Field(None, max_length=64)
    version: str | None = Field(None, max_length=10)
    vendor: ObjectDoc | None = None
    bill: ObjectDoc | None = None
    bank_account: ObjectDoc | None = Field(None, alias="bank-account")
    card_account: ObjectDoc | None = Field(None, alias="card-account")
    payment: ObjectDoc | None = None
    risk_verification: ObjectDoc | None = Field(None, alias="risk-verification")
    invoice: ObjectDoc | None = None
    transaction: ObjectDoc | None = None
    threeDsChallenge: ObjectDoc | None = None
    reimbursement: ObjectDoc | None = None


# ------------------------------------------------------------------------------ responses


class EventCatalogEntry(ResponseModel):
    type: str
    versions: list[str]


class SubscriptionStatusOut(ResponseModel):
    enabled: bool | None = None
    reason: str | None = None
    actor: Literal["CLIENT", "SYSTEM"] | None = None


class Subscription(ResponseModel):
    id: str | None = None
    name: str | None = None
    organization_id: str | None = None
    status: SubscriptionStatusOut | None = None
    events: list[SubscriptionEvent] | None = None
    notification_url: str | None = None
    created_time: str | None = None
    updated_time: str | None = None


class SubscriptionWithKey(Subscription):
    security_key: str | None = None


class SubscriptionList(ResponseModel):
    next_page: str | None = None
    results: list[Subscription] = []


class SecurityKey(ResponseModel):
    security_key: str | None = None


class Event(ResponseModel):
    id: str | None = None
    type: str | None = None
    version: str | None = None
    subscription_id: str | None = None
    payload: str | None = Field(None, description="The delivered JSON, as a string")
    created_time: str | None = None
    status_code: int | None = None


class EventRetry(ResponseModel):
    attempt_number: int | None = None
    created_time: str | None = None
    status_code: int | None = None


class EventWithRetries(Event):
    retries: list[EventRetry] = []


class EventList(ResponseModel):
    next_page: str | None = None
    results: list[EventWithRetries] = []
