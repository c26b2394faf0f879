from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from bill_sandbox.schemas import Bool, Money, RequestModel, ResponseModel

DeleteReason = Literal["CANCELLED", "LOST", "STOLEN", "MISPLACED"]


class CardCreate(RequestModel):
    model_config = RequestModel.model_config | {
        "json_schema_extra": {
            "example": {
                "budgetId": "bgt_...",
                "limit": "100",
                "name": "Happy Music Supplies card for Clark Spenderson",
                "userId": "usr_...",
            }
        }
    }
    name: str | None = Field(None, max_length=255)
    user_id: str | None = Field(None, max_length=40)
    user_uuid: str | None = Field(None, max_length=40)
    budget_id: str | None = Field(None, max_length=40)
    budget_uuid: str | None = Field(None, max_length=40)
    limit: Money = None
    recurring_limit: Money = None
    expiration_date: date | None = None
    share_budget_funds: Bool = None


class CardUpdate(RequestModel):
    name: str | None = Field(None, max_length=255)
    budget_id: str | None = Field(None, max_length=40)
    budget_uuid: str | None = Field(None, max_length=40)
    limit: Money = None
    recurring_limit: Money = None
    expiration_date: date | None = None
    share_budget_funds: Bool = None
    recurring: Bool = None


class CardPeriod(ResponseModel):
    limit: float | None = None
    spent: float | None = None


class Card(ResponseModel):
    id: str | None = None
    uuid: str | None = None
    name: str | None = None
    user_id: str | None = None
    user_uuid: str | None = None
    budget_id: str | None = None
    budget_uuid: str | None = None
    last_four: str | None = None
    valid_thru: str | None = None
    expiration_date: str | None = None
    status: str | None = None
    deleted_reason: str | None = None
    type: str | None = None
    share_budget_funds: bool | None = None
    recurring: bool | None = None
    recurring_limit: float | None = None
    current_period: CardPeriod | None = None
    created_time: str | None = None
    updated_time: str | None = None


class CardList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Card] = []


class PanJwt(ResponseModel):
    token: str | None = None
