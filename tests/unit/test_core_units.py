"""ids, clock, money, errors."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from fastapi.exceptions import RequestValidationError

from bill_sandbox import clock, ids, money
from bill_sandbox.errors import ApplicationError, NotFoundError, ValidationFailed, from_validation_errors

ID_RE = re.compile(r"^[0-9a-z]{3}\d{2}[A-Z0-9]+[a-z0-9]+$")


def test_ids_are_bill_shaped_and_unique() -> None:
    made = {ids.new_id("0cu") for _ in range(2000)}
    assert len(made) == 2000
    for value in list(made)[:50]:
        assert len(value) == 20 and value.startswith("0cu02") and ID_RE.match(value), value
    with pytest.raises(ValueError):
        ids.new_id("toolong")


def test_timestamp_format_is_bills() -> None:
    dt = datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    assert clock.iso(dt) == "2025-01-02T03:04:05.678+00:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-10-16T13:36:31.000+00:00", "2024-10-16T13:36:31.000+00:00"),
        ("2024-10-16T13:36:31.5Z", "2024-10-16T13:36:31.500+00:00"),
        ("2024-10-16T15:36:31+0200", "2024-10-16T13:36:31.000+00:00"),
        ("2024-10-16", "2024-10-16T00:00:00.000+00:00"),
    ],
)
def test_parse_timestamp(text: str, expected: str) -> None:
    parsed = clock.parse_timestamp(text)
    assert parsed is not None and clock.iso(parsed) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "2024-13-01", "2024-02-30T00:00"])
def test_parse_timestamp_rejects(text: str) -> None:
    assert clock.parse_timestamp(text) is None


def test_money_round_trips_through_cents() -> None:
    assert money.to_decimal("100") == Decimal("100.00")
    assert money.to_decimal(159.98) == Decimal("159.98")
    assert money.to_cents(Decimal("79.99") * 2) == 15998
    assert money.from_cents(15998) == Decimal("159.98")
    assert money.to_json(Decimal("12.00")) == 12 and money.to_json(Decimal("12.50")) == 12.5
    for bad in ("abc", "NaN", "Infinity", True):
        with pytest.raises(ValueError):
            money.to_decimal(bad)


def test_business_errors_repeat_with_the_object_id() -> None:
    err = ApplicationError("BDC_1119", "amount", "10", object_id="00n02ABCDEFGHIJKabcd")
    body = err.body()
    assert [e["message"] for e in body] == [
        "Invalid field,value: amount, 10.",
        "00n02ABCDEFGHIJKabcd : Invalid field,value: amount, 10.",
    ]
    assert all(e["code"] == "BDC_1119" and e["category"] == "APPLICATION" for e in body)


def test_not_found_shape() -> None:
    err = NotFoundError("0cu02ABCDEFGHIJKabcd")
    assert err.http_status == 404 and err.body()[0]["code"] == "BDC_1205"
    assert err.body()[0]["timestamp"].endswith("+00:00")


def test_validation_errors_map_to_bill_messages() -> None:
    errors = RequestValidationError(
        [
            {"type": "missing", "loc": ("body", "vendorId"), "msg": "Field required"},
            {"type": "string_too_long", "loc": ("body", "name"), "msg": "", "ctx": {"max_length": 5}},
            {
                "type": "value_error",
                "loc": ("body", "billingAddress", "country"),
                "msg": "",
                "ctx": {"error": ValueError("must be an ISO 3166-1 alpha-2 country code")},
            },
        ]
    ).errors()
    err = from_validation_errors(errors)
    assert isinstance(err, ValidationFailed)
    assert [e["message"] for e in err.body()] == [
        "vendorId: must not be null",
        "name: size must be between 0 and 5",
        "billingAddress.country: must be an ISO 3166-1 alpha-2 country code",
    ]
    assert all("code" not in e for e in err.body())


@pytest.mark.parametrize(
    ("error", "code"),
    [
        ({"type": "json_invalid", "loc": ("body", 1), "msg": ""}, "BDC_1122"),
        ({"type": "extra_forbidden", "loc": ("body", "colour"), "msg": ""}, "BDC_1002"),
        ({"type": "literal_error", "loc": ("body", "accountType"), "msg": "", "input": "X"}, "BDC_1129"),
        ({"type": "missing", "loc": ("header", "devKey"), "msg": ""}, "BDC_1108"),
        ({"type": "int_parsing", "loc": ("body", "qty"), "msg": "", "input": "x"}, "BDC_1129"),
    ],
)
def test_other_validation_errors_get_codes(error: dict[str, object], code: str) -> None:
    assert from_validation_errors([error]).code == code
