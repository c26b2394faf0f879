"""Request and response models of the payments API (field names and nesting: BILL's
examples in the ``AP & AR/payments`` group)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from bill_sandbox.resources.bills.schemas import PaymentOut
from bill_sandbox.resources.vendors.schemas import PaymentPurpose
from bill_sandbox.schemas import Amount, Bool, Date, NotBlank, NotNull, RequestModel, ResponseModel, not_empty

Id = Annotated[str | None, Field(max_length=40)]
FundingType = Literal["BANK_ACCOUNT", "CARD_ACCOUNT", "WALLET", "AP_CARD"]
DeliveryType = Literal["STANDARD", "UPS_1DAY", "UPS_2DAY", "RTP_DELIVERY"]
VoidType = Literal["VOID_ONLY", "VOID_AND_CREDIT", "VOID_AND_REISSUE", "VOID_AND_REISSUE_VCARD"]


class FundingAccountIn(RequestModel):
    """``type`` BANK_ACCOUNT (``bac…``), CARD_ACCOUNT (``cca…``), AP_CARD (``apc…``) or WALLET
    (the BILL balance, no ``id``)."""

    type: Annotated[FundingType | None, Field(default=None, validate_default=True), NotNull] = None
    id: Id = None


class ProcessingOptionsIn(RequestModel):
    request_pay_faster: Bool = None
    create_bill: Bool = None
    request_check_delivery_type: DeliveryType | None = None


Required = Field(default=None, validate_default=True)


class PaymentFields(RequestModel):
    vendor_id: Id = None
    description: str | None = Field(None, max_length=70)
    process_date: Date = None
    exchange_rate_batch_id: int | None = Field(None, ge=-(2**31), lt=2**31)
    funding_account: Annotated[FundingAccountIn | None, Required, NotNull] = None
    card_funding_purpose: str | None = Field(None, max_length=100)
    payment_purpose: PaymentPurpose | None = None


class PaymentCreate(PaymentFields):
    """POST /v3/payments: ``amount``, ``fundingAccount`` and ``processingOptions`` are required;
    ``billId``, or ``processingOptions.createBill`` with ``vendorId``."""

    bill_id: Id = None
    amount: Annotated[Amount, Required, NotNull] = None
    processing_options: Annotated[ProcessingOptionsIn | None, Required, NotNull] = None
    transaction_number: str | None = Field(None, max_length=50)


class BulkItem(RequestModel):
    bill_id: NotBlank = Field(None, max_length=40)
    amount: Annotated[Amount, Required, NotNull] = None


class PaymentBulk(PaymentFields):
    """POST /v3/payments/bulk: up to 50 existing bills, all or nothing."""

    processing_options: ProcessingOptionsIn | None = None
    payments: Annotated[
        list[BulkItem] | None,
        Field(default=None, validate_default=True, max_length=50),
        AfterValidator(not_empty),
    ] = None


class VoidRequest(RequestModel):
    type: Annotated[VoidType | None, Required, NotNull] = None
    reason: NotBlank = Field(None, max_length=4000)


# ------------------------------------------------------------------------------ responses


class FundingAccountOut(ResponseModel):
    type: str | None = None
    id: str | None = None


class ProcessingOptionsOut(ResponseModel):
    request_pay_faster: bool | None = None
    create_bill: bool | None = None
    request_check_delivery_type: str | None = None


class VoidInfoOut(ResponseModel):
    id: str | None = None
    requested_by: str | None = None
    type: str | None = None
    status: str | None = None
    reason: str | None = None
    created_time: str | None = None
    updated_time: str | None = None


class CheckDisbursement(ResponseModel):
    sent_date: str | None = None
    arrives_by_date: str | None = None
    check_number: int | None = None


class AchDisbursement(ResponseModel):
    sent_date: str | None = None
    arrives_by_date: str | None = None


class RppsDisbursement(ResponseModel):
    sent_date: str | None = None
    arrives_by_date: str | None = None
    trace_number: int | None = None
    batch_number: int | None = None


class InternationalDisbursement(ResponseModel):
    sent_date: str | None = None
    arrives_by_date: str | None = None
    amount: float | None = None
    disbursement_sub_type: str | None = None


class VcardDisbursement(ResponseModel):
    arrives_by_date: str | None = None
    valid_until: str | None = None
    last4_card_number: str | None = None


class WalletDisbursement(ResponseModel):
    arrives_by_date: str | None = None


class DisbursementInfo(ResponseModel):
    is_voidable: bool | None = None
    check_disbursement: CheckDisbursement | None = None
    ach_disbursement: AchDisbursement | None = None
    rpps_disbursement: RppsDisbursement | None = None
    international_disbursement: InternationalDisbursement | None = None
    vcard_disbursement: VcardDisbursement | None = None
    wallet_disbursement: WalletDisbursement | None = None


class Payment(PaymentOut):
    vendor_name: str | None = None
    funding_account: FundingAccountOut | None = None
    processing_options: ProcessingOptionsOut | None = None
    void_info: list[VoidInfoOut] = []
    disbursement_info: DisbursementInfo | None = None
    payment_purpose: PaymentPurpose | None = None
    card_funding_purpose: str | None = None


class PaymentList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Payment] = []


class PaymentBulkOut(ResponseModel):
    payments: list[Payment] = []


class FeeInfo(ResponseModel):
    amount: float | None = None
    rate: float | None = None


class FundingOption(ResponseModel):
    available: bool | None = None
    delivery_date: str | None = None
    process_date: str | None = None
    reason: str | None = None
    conditions: list[str] = []
    id: str | None = None
    name: str | None = None


class BankOption(FundingOption):
    fee: float | None = None


class CardOption(FundingOption):
    brand: str | None = None
    fee_info: FeeInfo | None = None


class FundingOptions(ResponseModel):
    banks: list[BankOption] = []
    cards: list[CardOption] = []


class PaymentOptions(ResponseModel):
    amount: float | None = None
    vendor_id: str | None = None
    funding_options: FundingOptions | None = None


class CheckImage(ResponseModel):
    download_link: str | None = None


class CheckImages(ResponseModel):
    results: list[CheckImage] = []


class AmountRange(ResponseModel):
    from_: float | None = Field(None, alias="from")
    to: float | None = None


class ExchangeRate(ResponseModel):
    payment_currency: str | None = None
    base_currency: str | None = None
    exchange_rate: float | None = None
    amount_range: AmountRange | None = None
    expiration_time: str | None = None
    exchange_rate_batch_id: int | None = None
