from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query
from starlette.responses import Response

from bill_sandbox.jsonio import empty, respond
from bill_sandbox.resources.spend.auth import SpendCaller, spend_caller
from bill_sandbox.resources.spend.listing import SpendListParams, spend_list_params
from bill_sandbox.resources.spend.transactions import activity, service
from bill_sandbox.resources.spend.transactions.schemas import (
    ChallengeAnswer,
    ChallengeResult,
    CustomFieldsUpdate,
    Receipt,
    ReceiptAdd,
    Status,
    Transaction,
    TransactionCustomFieldList,
    TransactionList,
    TransactionMove,
    ValueList,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/spend/transactions", tags=["transactions"])
Auth = Annotated[SpendCaller, Depends(spend_caller)]
TransactionId = Annotated[str, Path(alias="transactionId", description="Transaction id or uuid")]
Params = Annotated[SpendListParams, Depends(spend_list_params)]
ShowFields = Annotated[
    str | None, Query(alias="showCustomFieldIds", description="Comma list: only these custom fields")
]


@router.get("", summary="Get list of transactions", response_model=TransactionList)
async def list_transactions(
    caller: Auth,
    params: Params,
    include_receipts: Annotated[str | None, Query(alias="includeReceipts")] = None,
    show: ShowFields = None,
) -> Response:
    return respond(caller.read(service.list_transactions, params, include_receipts, show))


@router.post(
    "/{acsTransactionId}/3ds-challenge",
    summary="Accept or reject a transaction",
    response_model=ChallengeResult,
)
async def answer_challenge(
    caller: Auth, acs_id: Annotated[str, Path(alias="acsTransactionId")], body: ChallengeAnswer
) -> Response:
    return respond(caller.write(activity.answer_challenge, acs_id, body))


@router.get("/{transactionId}", summary="Get transaction details", response_model=Transaction)
async def get_transaction(caller: Auth, transaction_id: TransactionId, show: ShowFields = None) -> Response:
    return respond(caller.read(service.get_transaction, transaction_id, show))


@router.put("/{transactionId}", summary="Update a transaction", response_model=Transaction)
async def move_transaction(caller: Auth, transaction_id: TransactionId, body: TransactionMove) -> Response:
    return respond(caller.write(service.move_transaction, transaction_id, body))


@router.get(
    "/{transactionId}/custom-fields",
    summary="Get list of transaction custom fields",
    response_model=TransactionCustomFieldList,
)
async def list_custom_fields(
    caller: Auth,
    transaction_id: TransactionId,
    filters: Annotated[str | None, Query(description="customFieldIds:eq:<id>")] = None,
) -> Response:
    return respond(caller.read(service.list_custom_fields, transaction_id, filters))


@router.put(
    "/{transactionId}/custom-fields", summary="Update transaction custom fields", response_model=Status
)
async def update_custom_fields(
    caller: Auth, transaction_id: TransactionId, body: CustomFieldsUpdate
) -> Response:
    return respond(caller.write(service.update_custom_fields, transaction_id, body))


@router.get(
    "/{transactionId}/custom-fields/{customFieldId}/values",
    summary="Get list of transaction custom field values",
    response_model=ValueList,
)
async def list_custom_field_values(
    caller: Auth,
    transaction_id: TransactionId,
    field_id: Annotated[str, Path(alias="customFieldId")],
    params: Params,
) -> Response:
    return respond(caller.read(service.list_custom_field_values, transaction_id, field_id, params))


@router.post("/{transactionId}/receipts", summary="Add a transaction receipt", response_model=Receipt)
async def add_receipt(caller: Auth, transaction_id: TransactionId, body: ReceiptAdd) -> Response:
    return respond(caller.write(service.add_receipt, transaction_id, body))


@router.delete("/{transactionId}/receipts/{receiptId}", summary="Delete a transaction receipt")
async def delete_receipt(
    caller: Auth, transaction_id: TransactionId, receipt_id: Annotated[str, Path(alias="receiptId")]
) -> Response:
    caller.write(service.delete_receipt, transaction_id, receipt_id)
    return empty()
