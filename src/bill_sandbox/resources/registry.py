"""The router registry: a new resource is one package plus one line here."""

from __future__ import annotations

from fastapi import APIRouter

from bill_sandbox import events, scheduler
from bill_sandbox.events import Reaction, Rule
from bill_sandbox.resources.attachments.routes import router as attachments
from bill_sandbox.resources.authentication.routes import router as authentication
from bill_sandbox.resources.bill_approvals import service as bill_approval_rules
from bill_sandbox.resources.bill_approvals.routes import router as bill_approvals
from bill_sandbox.resources.bills import service as bill_service
from bill_sandbox.resources.bills.routes import router as bills
from bill_sandbox.resources.classifications import service as classification_service
from bill_sandbox.resources.classifications.routes import router as classifications
from bill_sandbox.resources.credit_memos.routes import router as credit_memos
from bill_sandbox.resources.customer_bank_accounts import service as customer_bank_account_service
from bill_sandbox.resources.customer_bank_accounts.routes import router as customer_bank_accounts
from bill_sandbox.resources.customers.routes import router as customers
from bill_sandbox.resources.documents.routes import router as documents
from bill_sandbox.resources.funding_accounts import lifecycle as funding_lifecycle
from bill_sandbox.resources.funding_accounts import stores as funding_stores
from bill_sandbox.resources.funding_accounts.routes import router as funding_accounts
from bill_sandbox.resources.health.routes import router as health
from bill_sandbox.resources.invoices.routes import router as invoices
from bill_sandbox.resources.mfa.routes import router as mfa
from bill_sandbox.resources.network import service as network_service
from bill_sandbox.resources.network.routes import router as network
from bill_sandbox.resources.organizations.routes import router as organizations
from bill_sandbox.resources.partner.routes import router as partner
from bill_sandbox.resources.payments import autopay
from bill_sandbox.resources.payments import lifecycle as payment_lifecycle
from bill_sandbox.resources.payments import storage as payment_storage
from bill_sandbox.resources.payments.routes import router as payments
from bill_sandbox.resources.receivable_payments import service as receivable_payment_service
from bill_sandbox.resources.receivable_payments.routes import router as receivable_payments
from bill_sandbox.resources.recurring_bills import service as recurring_bill_service
from bill_sandbox.resources.recurring_bills.routes import router as recurring_bills
from bill_sandbox.resources.recurring_invoices import service as recurring_invoice_service
from bill_sandbox.resources.recurring_invoices.routes import router as recurring_invoices
from bill_sandbox.resources.reports.routes import router as reports
from bill_sandbox.resources.risk_verifications import service as risk_service
from bill_sandbox.resources.risk_verifications.routes import router as risk_verifications
from bill_sandbox.resources.spend import wiring as spend
from bill_sandbox.resources.users import service as user_service
from bill_sandbox.resources.users.routes import roles_router, users_router
from bill_sandbox.resources.vendor_credits.routes import router as vendor_credits
from bill_sandbox.resources.vendors.routes import router as vendors
from bill_sandbox.scheduler import Timer
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
    organizations,
    users_router,
    roles_router,
    partner,
    risk_verifications,
    reports,
    network,
    *spend.ROUTERS,
    invoices,
    receivable_payments,
    credit_memos,
    customer_bank_accounts,
    recurring_invoices,
]

# Routers of the webhooks API (/connect-events).
EVENTS_ROUTERS: list[APIRouter] = [health, webhook_events, webhook_subscriptions]


# ------------------------------------------------------------------------ cross-resource wiring
# Who reacts to which domain event (in the writer's transaction), which rules decide parts of a
# document before it is written, and which columns hold time-driven work for the scheduler.
# Read this to know what a change sets off; nothing registers itself on import.
REACTIONS: dict[str, list[Reaction]] = {
    "organization.created": [
        classification_service.seed_chart_of_accounts,
        funding_lifecycle.seed_funding_accounts,
        user_service.seed_roles,
        *spend.SEEDS,
    ],
    "vendor.updated": [bill_service.follow_vendor_rename, payment_storage.follow_vendor_rename],
    "bill.created": [autopay.queue],
    "payment.updated": [network_service.forward_cleared_payment],
    # The payee organization records the receivable payment of a network payment that cleared.
    network_service.PAYMENT_RECEIVED: [receivable_payment_service.receive_network_payment],
    **spend.REACTIONS,
}
RULES: dict[str, list[Rule]] = {
    bill_service.APPROVAL_RULE: [bill_approval_rules.apply_policies],
}
TIMERS: list[Timer] = [
    Timer("payments", [payment_storage.table.c.next_transition_at], payment_lifecycle.apply_due),
    Timer("autopay", [autopay.table.c.due_at], autopay.apply_due),
    Timer(
        "funding-accounts",
        [funding_stores.bank_table.c.expires_time, funding_stores.bank_user_table.c.verify_time],
        funding_lifecycle.apply_due,
    ),
    Timer(
        "recurring-bills",
        [recurring_bill_service.table.c.generate_on],
        recurring_bill_service.apply_due,
        where=[recurring_bill_service.table.c.archived.is_(False)],
    ),
    Timer("risk-verifications", [risk_service.table.c.decide_at], risk_service.apply_due),
    Timer("network", [network_service.table.c.expires_at], network_service.apply_due),
    *spend.TIMERS,
    Timer(
        "receivable-charges",
        [receivable_payment_service.table.c.next_transition_at],
        receivable_payment_service.apply_due,
    ),
    Timer(
        "customer-bank-accounts",
        [customer_bank_account_service.table.c.verify_on],
        customer_bank_account_service.apply_due,
    ),
    Timer(
        "recurring-invoices",
        [recurring_invoice_service.table.c.generate_on],
        recurring_invoice_service.apply_due,
        where=[recurring_invoice_service.table.c.archived.is_(False)],
    ),
]


def install() -> None:
    """Wire the reactions, rules and timers above (``create_app`` calls it; idempotent)."""
    events.install(REACTIONS, RULES)
    scheduler.install(TIMERS)


from bill_sandbox import limits  # noqa: E402, F401  (the request counters' table)
from bill_sandbox.resources.mass_payments import service as mass_payment_service  # noqa: E402
from bill_sandbox.resources.mass_payments.routes import router as mass_payments  # noqa: E402

CONNECT_ROUTERS.append(mass_payments)
TIMERS.append(Timer("mass-payments", [mass_payment_service.table.c.due_time], mass_payment_service.apply_due))
