from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from bill_sandbox.schemas import NotBlank, NotNull, RequestModel, ResponseModel, not_empty

RuleKey = Literal["BILL_AMOUNT", "VENDOR_ID", "CHART_OF_ACCOUNT_ID", "JOB_ID", "LOCATION_ID"]
# BILL documents gte and lt; eq/in (one of the values) and gt/lte complete the set.
RuleOp = Literal["gte", "gt", "lt", "lte", "eq", "in"]
Action = Literal["APPROVE", "DENY"]
MAX_APPROVERS = 20
MAX_RULES = 20
MAX_VALUES = 100


def _text(value: Any) -> Any:
    """Rule values are strings on the wire; a JSON number (``1000``) is taken as its text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


RuleValue = Annotated[str, BeforeValidator(_text), Field(max_length=100)]
UserId = Annotated[str, Field(max_length=40)]


class RuleIn(RequestModel):
    key: Annotated[RuleKey | None, Field(default=None, validate_default=True), NotNull] = None
    op: Annotated[RuleOp | None, Field(default=None, validate_default=True), NotNull] = None
    values: Annotated[
        list[RuleValue] | None,
        Field(default=None, validate_default=True, max_length=MAX_VALUES),
        AfterValidator(not_empty),
    ] = None


class PolicyIn(RequestModel):
    """POST and PUT: ``policyName``, ``rules`` (ANDed; none = every bill) and ``approvers``
    (user ids, in approval order)."""

    policy_name: NotBlank = Field(None, max_length=255)
    rules: list[RuleIn] | None = Field(None, max_length=MAX_RULES)
    approvers: Annotated[
        list[UserId] | None,
        Field(default=None, validate_default=True, max_length=MAX_APPROVERS),
        AfterValidator(not_empty),
    ] = None


class ActionIn(RequestModel):
    bill_id: NotBlank = Field(None, max_length=40)
    action: Annotated[Action | None, Field(default=None, validate_default=True), NotNull] = None
    comment: str | None = Field(None, max_length=1000)


# ------------------------------------------------------------------------------ responses


class RuleValueOut(ResponseModel):
    value: str | None = None
    display_name: str | None = None


class RuleOut(ResponseModel):
    key: str | None = None
    op: str | None = None
    values: list[RuleValueOut] = []


class ApproverUser(ResponseModel):
    user_id: str | None = None
    full_name: str | None = None


class GroupUser(ResponseModel):
    id: str | None = None
    full_name: str | None = None


class ApproverGroup(ResponseModel):
    group_name: str | None = None
    group_id: str | None = None
    users: list[GroupUser] = []


class Approvers(ResponseModel):
    users: list[ApproverUser] = []
    groups: list[ApproverGroup] = []


class Policy(ResponseModel):
    id: str | None = None
    policy_name: str | None = None
    status: str | None = None
    rules: list[RuleOut] = []
    approvers: Approvers | None = None


class Status(ResponseModel):
    status: str | None = None


class PendingBill(ResponseModel):
    bill_id: str | None = None
    vendor_id: str | None = None
    amount: float | None = None
    due_date: str | None = None


class PendingList(ResponseModel):
    bills: list[PendingBill] = []
