from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from bill_sandbox.schemas import Bool, Money, RequestModel, ResponseModel

Interval = Literal["NONE", "DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "YEARLY"]
MemberRole = Literal["MEMBER", "OWNER", "OBSERVER"]
ShareFunds = Literal["SHARE_WITH_ALL_MEMBERS", "SHARE_MANUALLY", "SHARE_ALL_OWNERS_BUT_MEMBERS_MANUALLY"]


class BudgetFields(RequestModel):
    name: str | None = Field(None, max_length=255)
    description: str | None = Field(None, max_length=4000)
    owners: list[str] | None = None
    members: list[str] | None = None
    observers: list[str] | None = None
    expiration_date: date | None = None
    recurring_interval: Interval | None = None
    recur_month: int | None = Field(None, ge=1, le=12)
    timezone: str | None = Field(None, max_length=64)
    auto_add_users: Bool = None
    receipt_required: Bool = None
    max_tx_size: Money = None
    carry_over: Bool = None
    limitless_overspend: Bool = None
    limit: Money = None
    recurring_limit: Money = None
    overspend_buffer: Money = None
    parent_budget_id: str | None = Field(None, max_length=40)
    share_funds: ShareFunds | None = None


class BudgetCreate(BudgetFields):
    model_config = BudgetFields.model_config | {
        "json_schema_extra": {
            "example": {
                "name": "Happy Music Supplies monthly spending budget",
                "owners": ["usr_..."],
                "recurringInterval": "MONTHLY",
                "limit": 200,
                "recurringLimit": 200,
            }
        }
    }


class BudgetUpdate(BudgetFields):
    pass


class MemberUpsert(RequestModel):
    limit: Money = None
    recurring_limit: Money = None
    role: MemberRole | None = None
    share_budget_funds: Bool = None


class BulkMember(MemberUpsert):
    user_id: str | None = Field(None, max_length=40)


class BulkMembers(RequestModel):
    members: list[BulkMember] | None = None


class Spent(ResponseModel):
    cleared: float | None = None
    pending: float | None = None
    total: float | None = None


class Period(ResponseModel):
    start_date: str | None = None
    end_date: str | None = None
    limit: float | None = None
    overspend_buffer: float | None = None
    assigned: float | None = None
    spent: Spent | None = None


class Budget(ResponseModel):
    id: str | None = None
    uuid: str | None = None
    name: str | None = None
    description: str | None = None
    retired: bool | None = None
    start_date: str | None = None
    expiration_date: str | None = None
    recurring_interval: str | None = None
    timezone: str | None = None
    auto_add_users: bool | None = None
    receipt_required: bool | None = None
    max_tx_size: float | None = None
    carry_over: bool | None = None
    default: bool | None = None
    parent_budget_id: str | None = None
    parent_budget_uuid: str | None = None
    budget_group: bool | None = None
    share_funds: str | None = None
    recurring_limit: float | None = None
    limitless_overspend: bool | None = None
    limitless_goal: float | None = None
    current_period: Period | None = None


class BudgetList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Budget] = []


class Member(ResponseModel):
    user_id: str | None = None
    user_uuid: str | None = None
    spent: float | None = None
    limit: float | None = None
    recurring_limit: float | None = None
    recurring: bool | None = None
    budget_role: str | None = None
    name: str | None = None
    retired: bool | None = None
    share_budget_funds: bool | None = None


class MemberList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Member] = []


class Status(ResponseModel):
    status: str | None = None
