"""Payment options and exchange-rate quotes (BILL-RULES §5.6; OUR DESIGN for the rates).

``GET /v3/payments/options`` lists, for a vendor and an amount, every funding account of the
organization with whether it can pay now (and why not), the process and delivery dates and the
card fee. Exchange rates: a fixed table of units per USD (``RATES``; other currencies get a
stable made-up rate); a quote is stored as an int32 ``exchangeRateBatchId`` valid for 20
minutes (``operations`` checks it when a payment uses it).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import select

from bill_sandbox import business_days, clock, money
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import (
    ApplicationError,
    RequestError,
)
from bill_sandbox.query import bool_param
from bill_sandbox.resources.funding_accounts import cards as funding_cards
from bill_sandbox.resources.funding_accounts import funding_checks
from bill_sandbox.resources.funding_accounts import stores as funding_stores
from bill_sandbox.resources.payments import operations, rails
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.store import Doc

EXCHANGE_RATE_MINUTES = 20
# Units of the currency per 1 USD (OUR DESIGN: plausible, fixed).
RATES: dict[str, Decimal] = {
    code: Decimal(rate)
    for code, rate in {
        "USD": "1",
        "EUR": "0.92",
        "GBP": "0.79",
        "CAD": "1.36",
        "AUD": "1.52",
        "NZD": "1.65",
        "MXN": "17.10",
        "JPY": "149.50",
        "CNY": "7.20",
        "INR": "83.20",
        "CHF": "0.88",
        "SEK": "10.45",
        "NOK": "10.60",
        "DKK": "6.87",
        "PLN": "3.98",
        "BRL": "4.95",
        "SGD": "1.34",
        "HKD": "7.82",
        "ZAR": "18.60",
        "PHP": "56.10",
        "ILS": "3.70",
        "KRW": "1330",
    }.items()
}
AMOUNT_TIERS = (Decimal("10000"), Decimal("100000"), Decimal("1000000"), Decimal("999999999999.99"))


def rate_for(currency: str) -> Decimal:
    if currency in RATES:
        return RATES[currency]
    digest = int(hashlib.sha256(currency.encode()).hexdigest()[:8], 16)
    return Decimal(1000 + digest % 9000) / 1000


# --------------------------------------------------------------------- options and rates
def _positive_amount(raw: str) -> Decimal:
    try:
        value = money.to_decimal(raw)
    except ValueError:
        raise RequestError("BDC_1129", "amount", raw) from None
    if value <= 0 or value > Decimal("999999999999.99"):
        raise RequestError("BDC_1129", "amount", raw)
    return value


def delivery_date(rail: str, p: date) -> date:
    """When a payment processed on ``p`` reaches the vendor: a check when DELIVERED, a
    virtual card when SENT (on P), anything else when CLEARED."""
    steps = rails.steps_for(rail, p)
    if rail == "VIRTUAL_CARD":
        return p
    wanted = "DELIVERED" if rail == "CHECK" else "CLEARED"
    return next(s.at.date() for s in steps if s.status == wanted)


def payment_options(ctx: RequestContext, vendor_id: str, amount_raw: str) -> Doc:
    amount = _positive_amount(amount_raw)
    vendor = vendors.require_vendor(ctx, vendor_id, active=False)
    rail = rails.rail_for(vendor)
    pending, _ = operations.vendor_bank_pending(ctx, vendor, rail)
    p = operations.earliest_process_date(ctx, pending)
    if rail == "INTERNATIONAL":
        p = business_days.next_business_day(ctx.now.date())
    shared: dict[str, Any] = {
        "deliveryDate": clock.iso_date(delivery_date(rail or "ACH", p)),
        "processDate": clock.iso_date(p),
    }
    vendor_reason = None
    if vendor.get("archived"):
        vendor_reason = "The vendor is archived."
    elif rail is None:
        vendor_reason = operations.UNABLE
    conditions = (
        [
            "The vendor's bank account was added less than 2 business days ago: the earliest process "
            "date is 2 business days out."
        ]
        if pending
        else []
    )

    def option(account_id: str, check: Any) -> dict[str, Any]:
        reason = vendor_reason
        try:
            check(ctx, account_id)
        except ApplicationError as err:
            reason = reason or err.message
        out: dict[str, Any] = {"available": reason is None, **shared}
        if reason:
            out["reason"] = reason
        out["conditions"] = list(conditions)
        out["id"] = account_id
        return out

    banks = []
    bt = funding_stores.bank_table
    for raw in ctx.tx.conn.execute(
        select(bt.c.doc)
        .where(bt.c.org_id == ctx.org_id, bt.c.archived.is_(False))
        .order_by(bt.c.created_time, bt.c.id)
    ).scalars():
        bank = funding_stores.bank_store.order(orjson.loads(raw))
        entry = option(bank["id"], funding_checks.funding_bank_account)
        entry["name"] = (
            f"{bank.get('bankName') or 'Bank account'} ...{str(bank.get('accountNumber', ''))[-4:]}"
        )
        entry["fee"] = 0
        banks.append(entry)
    cards = []
    ct = funding_stores.card_table
    rate = funding_cards.CARD_FEE_RATE
    for raw in ctx.tx.conn.execute(
        select(ct.c.doc)
        .where(ct.c.org_id == ctx.org_id, ct.c.archived.is_(False))
        .order_by(ct.c.created_time, ct.c.id)
    ).scalars():
        card = orjson.loads(raw)
        entry = option(card["id"], funding_checks.funding_card_account)
        entry["name"] = f"{card.get('brand', 'Card')} ...{card.get('last4', '')}"
        entry["brand"] = card.get("brand")
        entry["feeInfo"] = {
            "amount": money.to_json(money.to_decimal(amount * rate / 100)),
            "rate": float(rate),
        }
        cards.append(entry)
    return {
        "amount": money.to_json(amount),
        "vendorId": vendor["id"],
        "fundingOptions": {"banks": banks, "cards": cards},
    }


def exchange_rate(ctx: RequestContext, vendor_id: str, amount_raw: str, base_currency: str | None) -> Doc:
    """A quote for paying ``vendor_id`` in its currency; ``baseCurrency=true`` means ``amount``
    is in USD (else in the vendor's currency). ``amountRange`` is the band of amounts (in the
    amount's currency) the rate holds for."""
    amount = _positive_amount(amount_raw)
    in_base = bool_param("baseCurrency", base_currency)
    vendor = vendors.require_vendor(ctx, vendor_id, active=False)
    currency = operations.payment_currency(vendor)
    rate = rate_for(currency)
    usd = amount if in_base else amount / rate
    low = Decimal("0.01")
    high = AMOUNT_TIERS[-1]
    for tier in AMOUNT_TIERS:
        if usd <= tier:
            high = tier
            break
        low = tier + Decimal("0.01")
    factor = Decimal(1) if in_base else rate
    expires = ctx.now + timedelta(minutes=EXCHANGE_RATE_MINUTES)
    result = ctx.tx.conn.execute(
        operations.rate_batch_table.insert().values(
            org_id=ctx.org_id,
            vendor_id=vendor["id"],
            payment_currency=currency,
            rate=str(rate),
            created_time=ctx.now_iso,
            expires_time=clock.iso(expires),
        )
    )
    batch_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    return {
        "paymentCurrency": currency,
        "baseCurrency": "USD",
        "exchangeRate": money.to_json(rate) if rate == rate.quantize(money.CENT) else float(rate),
        "amountRange": {
            "from": money.to_json(money.to_decimal(low * factor)),
            "to": money.to_json(money.to_decimal(high * factor)),
        },
        "expirationTime": clock.iso(expires),
        "exchangeRateBatchId": batch_id,
    }
