"""International payments configuration (BILL-RULES §5.1): what a vendor outside the US needs for
electronic payments, derived from its country, bill currency and account type.

BILL's own answer comes from its payment partner; the sandbox answers from a small static
table that follows the real banking formats (IBAN/BIC, sort codes, IFSC, CLABE, ...) so clients
can exercise their forms. ``paymentPurpose`` is required where local rules ask for a coded
purpose (e.g. INR, CNY) and only when the bill currency is not USD.
"""

from __future__ import annotations

from typing import Any

Field = tuple[str, str, str, bool]  # name, description, regular expression, required

_IBAN = ("accountNumber", "IBAN of the beneficiary account", r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$", True)
_SWIFT = ("swiftCode", "SWIFT/BIC of the beneficiary bank", r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$", True)
_ACCOUNT = ("accountNumber", "Beneficiary account number", r"^[A-Z0-9]{4,34}$", True)

_IBAN_TEXT = (
    "AD AE AT BE BG BH CH CY CZ DE DK EE ES FI FO FR GB GI GL GR HR HU IE IL IS IT JO KW LB LI LT LU LV "
)
IBAN_COUNTRIES = frozenset((_IBAN_TEXT + "MC MT NL NO PL PT QA RO SA SE SI SK SM TR").split())

# Country -> fields that replace the generic account number + SWIFT pair.
LOCAL_FIELDS: dict[str, list[Field]] = {
    "GB": [
        ("sortCode", "UK bank sort code", r"^[0-9]{6}$", True),
        ("accountNumber", "UK account number", r"^[0-9]{8}$", True),
    ],
    "CA": [
        ("institutionNumber", "Canadian financial institution number", r"^[0-9]{3}$", True),
        ("transitNumber", "Canadian branch transit number", r"^[0-9]{5}$", True),
        ("accountNumber", "Beneficiary account number", r"^[0-9]{7,12}$", True),
    ],
    "AU": [
        ("bsbCode", "Australian BSB code", r"^[0-9]{6}$", True),
        ("accountNumber", "Beneficiary account number", r"^[0-9]{6,10}$", True),
    ],
    "IN": [
        ("ifscCode", "Indian Financial System Code of the branch", r"^[A-Z]{4}0[A-Z0-9]{6}$", True),
        ("accountNumber", "Beneficiary account number", r"^[0-9]{9,18}$", True),
    ],
    "MX": [("clabe", "CLABE interbank account number", r"^[0-9]{18}$", True)],
    "CN": [
        ("cnapsCode", "China National Advanced Payment System code", r"^[0-9]{12}$", True),
        ("accountNumber", "Beneficiary account number", r"^[0-9]{8,30}$", True),
    ],
    "JP": [
        ("bankCode", "Japanese bank code", r"^[0-9]{4}$", True),
        ("branchCode", "Japanese branch code", r"^[0-9]{3}$", True),
        ("accountNumber", "Beneficiary account number", r"^[0-9]{7}$", True),
    ],
}

# Currency -> coded payment purposes (a purpose code is mandatory for these currencies).
PURPOSE_CODES: dict[str, list[tuple[str, str]]] = {
    "INR": [
        ("Software consultancy/implementation", "P0802"),
        ("Advertising and trade fair services", "P1007"),
        ("Business and management consultancy", "P1006"),
        ("Architectural, engineering and technical services", "P1008"),
        ("Freight charges", "P0205"),
    ],
    "CNY": [
        ("Trade in goods", "GOODS"),
        ("Trade in services", "SERVICES"),
        ("Current account transfer", "CURRENT_TRANSFER"),
    ],
    "AED": [
        ("Goods bought or sold", "GDS"),
        ("Professional services", "PRS"),
        ("Information technology services", "ITS"),
    ],
    "MYR": [("Payment for goods", "16110"), ("Payment for services", "17100")],
    "PHP": [("Payment for goods", "GOODS"), ("Payment for services", "SERVICES")],
}

# Individuals in these countries must also give an identity number.
PERSON_ID: dict[str, Field] = {
    "CN": ("beneficiaryIdNumber", "National ID number of the beneficiary", r"^[0-9]{17}[0-9X]$", True),
    "IN": ("beneficiaryPan", "PAN of the beneficiary", r"^[A-Z]{5}[0-9]{4}[A-Z]$", True),
    "BR": ("beneficiaryCpf", "CPF of the beneficiary", r"^[0-9]{11}$", True),
}


def _field(f: Field) -> dict[str, Any]:
    name, description, regex, required = f
    return {"name": name, "description": description, "regularExpression": regex, "required": required}


def international_payments(country: str, currency: str, account_type: str) -> dict[str, Any]:
    """``{paymentPurpose{required, type, codes[]}, validations{fields[]}}`` for one combination."""
    country, currency = country.upper(), currency.upper()
    domestic = country == "US" and currency == "USD"
    if domestic:
        fields: list[Field] = []
    elif country in LOCAL_FIELDS:
        fields = list(LOCAL_FIELDS[country])
        if country != "GB":
            fields.append((*_SWIFT[:3], False))
    elif country in IBAN_COUNTRIES:
        fields = [_IBAN, _SWIFT]
    else:
        fields = [_ACCOUNT, _SWIFT]
    if not domestic:
        fields.append(("beneficiaryAddress", "Street address of the beneficiary", r"^.{1,140}$", True))
        if account_type == "PERSON" and country in PERSON_ID:
            fields.append(PERSON_ID[country])
        if account_type == "BUSINESS":
            fields.append(
                ("beneficiaryRegistrationNumber", "Company registration number", r"^.{1,50}$", False)
            )
    codes = PURPOSE_CODES.get(currency, [])
    purpose: dict[str, Any] = {
        "required": bool(codes) or (currency != "USD" and not domestic and country in PERSON_ID),
        "type": "CODE" if codes else "TEXT",
        "codes": [{"name": name, "value": value} for name, value in codes],
    }
    return {"paymentPurpose": purpose, "validations": {"fields": [_field(f) for f in fields]}}
