from __future__ import annotations

from typing import Literal

from pydantic import Field

from bill_sandbox.schemas import Address, Bool, NotBlank, RequestModel, ResponseModel

TaxIdType = Literal["EIN", "SSN"]
BusinessCategory = Literal[
    "LLC", "INDIVIDUAL", "UNKNOWN", "CORPORATION", "PARTNERSHIP", "SOLE_PROPRIETORSHIP", "NON_PROFIT"
]
OrgAccountType = Literal["BUSINESS", "EMPLOYEE_OR_INDIVIDUAL"]
PricePlanType = Literal["PricePlan1", "PricePlan2", "PricePlan3", "PricePlan4", "PricePlan5"]


class CompanyOwner(RequestModel):
    name: str | None = Field(None, max_length=100)
    date_of_birth: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class ProcessingOptions(RequestModel):
    mailing_address_same_as_physical: Bool = None
    individual_transfer_out: Bool = None
    individual_transfer_in: Bool = None


class OrganizationFields(RequestModel):
    address: Address | None = None
    mailing_address: Address | None = None
    phone: str | None = Field(None, max_length=40)
    company_owner: CompanyOwner | None = None
    tax_id: str | None = Field(None, max_length=40)
    tax_id_type: TaxIdType | None = None
    industry: str | None = Field(None, max_length=500)
    business_category: BusinessCategory | None = None
    account_type: OrgAccountType | None = None
    processing_options: ProcessingOptions | None = None


class OrganizationUpdate(OrganizationFields):
    model_config = OrganizationFields.model_config | {
        "json_schema_extra": {"example": {"address": {"zipOrPostalCode": "95002"}}}
    }

    name: str | None = Field(None, max_length=100)


class OrganizationCreate(OrganizationFields):
    """``POST /v3/partner/organizations``: ``name`` and ``address{line1, city,
    zipOrPostalCode, country}`` are required."""

    model_config = OrganizationFields.model_config | {
        "json_schema_extra": {
            "example": {
                "name": "Rice Cakes Inc",
                "address": {
                    "line1": "987 Home St",
                    "city": "San Jose",
                    "stateOrProvince": "CA",
                    "zipOrPostalCode": "95002",
                    "country": "US",
                },
                "taxId": "999888777",
                "taxIdType": "EIN",
                "companyOwner": {"name": "Noodle Soupsmith", "dateOfBirth": "1985-01-01"},
                "industry": "Restaurant Caterer or Bar",
                "businessCategory": "LLC",
                "accountType": "BUSINESS",
                "processingOptions": {"mailingAddressSameAsPhysical": True},
            }
        }
    }

    name: NotBlank = Field(None, max_length=100)


class PricePlanUpdate(RequestModel):
    price_plan_type: PricePlanType


# ------------------------------------------------------------------------------ responses


class AddressOut(ResponseModel):
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state_or_province: str | None = None
    zip_or_postal_code: str | None = None
    country: str | None = None
    country_name: str | None = None


class Organization(ResponseModel):
    id: str | None = None
    archived: bool | None = None
    name: str | None = None
    address: AddressOut | None = None
    mailing_address: AddressOut | None = None
    phone: str | None = None
    company_owner: CompanyOwner | None = None
    tax_id: str | None = None
    tax_id_type: str | None = None
    industry: str | None = None
    business_category: str | None = None
    account_type: str | None = None
    processing_options: ProcessingOptions | None = None
    partner_name: str | None = None
    created_time: str | None = None
    updated_time: str | None = None


class OrganizationList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Organization] = []


class Industries(ResponseModel):
    results: list[str] = []


class BillingPeriod(ResponseModel):
    start_date: str | None = None
    end_date: str | None = None


class BillingStatement(ResponseModel):
    id: str | None = None
    invoice_number: str | None = None
    invoice_date: str | None = None
    description: str | None = None
    billing_period: BillingPeriod | None = None
    payment_status: str | None = None
    payment_date: str | None = None
    amount: float | None = None


class StatementDetail(ResponseModel):
    quantity: int | None = None
    description: str | None = None
    type: str | None = None
    amount: float | None = None


class DownloadLink(ResponseModel):
    csv: str | None = None
    pdf: str | None = None


class BillingStatementDetails(BillingStatement):
    download_link: DownloadLink | None = None
    statement_details: list[StatementDetail] = []


class BillingStatementList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[BillingStatement] = []


class PlanTerm(ResponseModel):
    type: str | None = None
    name: str | None = None
    tier: float | None = None
    quantity: float | None = None
    price: float | None = None


class PricePlan(ResponseModel):
    id: str | None = None
    name: str | None = None
    monthly_price: float | None = None
    allow_trial: bool | None = None
    price_varies_per_user: bool | None = None
    plan_terms: list[PlanTerm] = []


class StatusOut(ResponseModel):
    status: str | None = None
