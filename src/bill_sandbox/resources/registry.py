"""The router registry: a new resource is one package plus one line here."""

from __future__ import annotations

from fastapi import APIRouter

from bill_sandbox.resources.attachments.routes import router as attachments
from bill_sandbox.resources.authentication.routes import router as authentication
from bill_sandbox.resources.bill_approvals.routes import router as bill_approvals
from bill_sandbox.resources.bills.routes import router as bills
from bill_sandbox.resources.classifications.routes import router as classifications
from bill_sandbox.resources.customers.routes import router as customers
from bill_sandbox.resources.documents.routes import router as documents
from bill_sandbox.resources.funding_accounts.routes import router as funding_accounts
from bill_sandbox.resources.health.routes import router as health
from bill_sandbox.resources.mfa.routes import router as mfa
from bill_sandbox.resources.payments.routes import router as payments
from bill_sandbox.resources.recurring_bills.routes import router as recurring_bills
from bill_sandbox.resources.vendor_credits.routes import router as vendor_credits
from bill_sandbox.resources.vendors.routes import router as vendors
from bill_sandbox.webhooks.routes import events_router as webhook_events
from bill_sandbox.webhooks.routes import subscriptions_router as webhook_subscriptions

CONNECT_ROUTERS: list[APIRouter] = [
    authentication,
    health,
    customers,
    classifications,
    attachments,
    documents,
    mfa,
    funding_accounts,
    vendors,
    bills,
    vendor_credits,
    bill_approvals,
    recurring_bills,
    payments,
]

# Routers of the webhooks API (/connect-events).
EVENTS_ROUTERS: list[APIRouter] = [health, webhook_events, webhook_subscriptions]
