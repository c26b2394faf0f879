"""The router registry: a new resource is one package plus one line here."""

from __future__ import annotations

from fastapi import APIRouter

from bill_sandbox.resources.authentication.routes import router as authentication
from bill_sandbox.resources.customers.routes import router as customers
from bill_sandbox.resources.health.routes import router as health

CONNECT_ROUTERS: list[APIRouter] = [
    authentication,
    health,
    customers,
]

# Routers of the webhooks API (/connect-events); empty until the webhooks issue lands.
EVENTS_ROUTERS: list[APIRouter] = []
