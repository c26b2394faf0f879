"""The Spend & Expense routers, timers and reactions (``resources.registry`` lists these)."""

from __future__ import annotations

from fastapi import APIRouter

from bill_sandbox.events import Reaction
from bill_sandbox.resources.spend import company
from bill_sandbox.resources.spend.budgets import members
from bill_sandbox.resources.spend.budgets import service as budgets
from bill_sandbox.resources.spend.budgets import store as budget_rows
from bill_sandbox.resources.spend.budgets.routes import router as budgets_router
from bill_sandbox.resources.spend.cards import service as cards
from bill_sandbox.resources.spend.cards.routes import router as cards_router
from bill_sandbox.resources.spend.custom_fields.routes import router as custom_fields_router
from bill_sandbox.resources.spend.reimbursements import service as reimbursements
from bill_sandbox.resources.spend.reimbursements.routes import router as reimbursements_router
from bill_sandbox.resources.spend.transactions.routes import router as transactions_router
from bill_sandbox.resources.spend.uploads.routes import router as uploads_router
from bill_sandbox.resources.spend.users import service as users
from bill_sandbox.resources.spend.users.routes import router as users_router
from bill_sandbox.scheduler import Timer

# The upload-URL routes come before the families' ``/{id}`` routes.
ROUTERS: list[APIRouter] = [
    uploads_router,
    users_router,
    budgets_router,
    cards_router,
    custom_fields_router,
    transactions_router,
    reimbursements_router,
]

TIMERS: list[Timer] = [
    Timer("spend-budget-periods", [budget_rows.table.c.period_end], budgets.apply_due_periods),
    Timer("spend-budget-members", [budget_rows.jt.c.due_time], members.apply_due_member_jobs),
    Timer("spend-reimbursements", [reimbursements.table.c.next_step_at], reimbursements.apply_due),
]

# Reactions to ``organization.created``: the S&E company and its first ADMIN.
SEEDS: list[Reaction] = [company.seed_company]

# Reactions to S&E's own (internal) events.
REACTIONS: dict[str, list[Reaction]] = {
    budgets.PERIOD_STARTED: [cards.reset_period],
    users.USER_CREATED: [members.auto_add_user],
}
