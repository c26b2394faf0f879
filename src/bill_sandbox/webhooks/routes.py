"""Connect Events API routes (``/connect-events/v3/...``): thin; rules are in ``service``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Body, Depends, Header, Path, Query
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import empty, respond
from bill_sandbox.routing import APIRouter
from bill_sandbox.webhooks import service
from bill_sandbox.webhooks.schemas import (
    Event,
    EventCatalogEntry,
    EventList,
    SecurityKey,
    Subscription,
    SubscriptionCreate,
    SubscriptionList,
    SubscriptionUpdate,
    SubscriptionWithKey,
    TestEventRequest,
)

Auth = Annotated[Caller, Depends(session_caller)]
SubscriptionId = Annotated[str, Path(alias="subscriptionId", max_length=40)]
EventId = Annotated[str, Path(alias="eventId", max_length=40)]
IdempotentKey = Annotated[
    str,
    Header(
        alias="X-Idempotent-Key",
        description="Required. A repeated key within 24 hours replays the first response.",
    ),
]

events_router = APIRouter(prefix="/v3/events", tags=["events"])
subscriptions_router = APIRouter(prefix="/v3/subscriptions", tags=["subscriptions"])

LOCAL_NOTE = (
    " The notification URL must be HTTPS; the sandbox also accepts http://localhost, "
    "http://127.0.0.1 and http://[::1] on any port, so a receiver on your machine works."
)


@events_router.get("/catalog", summary="Get events catalog", response_model=list[EventCatalogEntry])
async def get_catalog(caller: Auth) -> Response:
    return respond(caller.read(service.catalog))


@events_router.get(
    "/subscription/{subscriptionId}",
    summary="Get list of event notifications",
    response_model=EventList,
    description="Events sent to the subscription, newest first (``ascending=true``: oldest first).",
)
async def list_events(
    caller: Auth,
    subscription_id: SubscriptionId,
    entity_id: str = Query(None, alias="entityId", max_length=40),
    max_: str = Query(None, alias="max"),
    created_from: str = Query(None, alias="createdTimeFrom"),
    created_to: str = Query(None, alias="createdTimeTo"),
    ascending: str = Query(None),
    page: str = Query(None),
) -> Response:
    return respond(
        caller.read(
            service.list_events, subscription_id, entity_id, created_from, created_to, ascending, max_, page
        )
    )


@events_router.post(
    "/subscription/{subscriptionId}/event/{eventId}",
    summary="Resend an event",
    response_model=Event,
    description="Sends the event again now; a failed send is retried like any delivery.",
)
async def resend_event(caller: Auth, subscription_id: SubscriptionId, event_id: EventId) -> Response:
    return respond(await service.send_and_report(caller, service.prepare_resend, subscription_id, event_id))


@subscriptions_router.post(
    "", summary="Create a subscription", response_model=SubscriptionWithKey, description=LOCAL_NOTE.strip()
)
async def create_subscription(caller: Auth, key: IdempotentKey, body: SubscriptionCreate) -> Response:
    return respond(caller.write(service.create_subscription, key, body))


@subscriptions_router.get("", summary="Get list of subscriptions", response_model=SubscriptionList)
async def list_subscriptions(
    caller: Auth,
    max_: str = Query(None, alias="max"),
    page: str = Query(None),
) -> Response:
    return respond(caller.read(service.list_subscriptions, max_, page))


@subscriptions_router.get(
    "/{subscriptionId}", summary="Get subscription details", response_model=Subscription
)
async def get_subscription(caller: Auth, subscription_id: SubscriptionId) -> Response:
    return respond(caller.read(service.get_subscription, subscription_id))


@subscriptions_router.put(
    "/{subscriptionId}",
    summary="Replace a subscription",
    response_model=Subscription,
    description=LOCAL_NOTE.strip(),
)
async def replace_subscription(
    caller: Auth, subscription_id: SubscriptionId, body: SubscriptionCreate
) -> Response:
    return respond(caller.write(service.replace_subscription, subscription_id, body))


@subscriptions_router.patch(
    "/{subscriptionId}",
    summary="Update a subscription",
    response_model=Subscription,
    description=LOCAL_NOTE.strip(),
)
async def update_subscription(
    caller: Auth, subscription_id: SubscriptionId, body: SubscriptionUpdate
) -> Response:
    return respond(caller.write(service.update_subscription, subscription_id, body))


@subscriptions_router.delete("/{subscriptionId}", summary="Delete a subscription")
async def delete_subscription(caller: Auth, subscription_id: SubscriptionId) -> Response:
    caller.write(service.delete_subscription, subscription_id)
    return empty(200)


@subscriptions_router.post(
    "/{subscriptionId}/security_key",
    summary="Create a security key",
    response_model=SecurityKey,
    description="Replaces the key at once: the old key no longer signs anything.",
)
async def create_security_key(caller: Auth, key: IdempotentKey, subscription_id: SubscriptionId) -> Response:
    return respond(caller.write(service.rotate_key, key, subscription_id))


@subscriptions_router.post(
    "/{subscriptionId}/test",
    summary="Generate a test event notification",
    response_model=Event,
    description=(
        "Sends a test event to the subscription now and answers with the receiver's status code. "
        "Every field is optional: the type defaults to the subscription's first event type, the "
        "object to test values."
    ),
)
async def send_test_event(
    caller: Auth, subscription_id: SubscriptionId, body: Annotated[TestEventRequest | None, Body()] = None
) -> Response:
    return respond(
        await service.send_and_report(
            caller, service.prepare_test, subscription_id, body or TestEventRequest()
        )
    )
