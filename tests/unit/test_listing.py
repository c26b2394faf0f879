"""The shared list parser and cursors."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table

from bill_sandbox.errors import RequestError
from bill_sandbox.listing import (
    EQ,
    ListSpec,
    decode_cursor,
    encode_cursor,
    list_field,
    parse_filters,
    parse_max,
    parse_sort,
    split_outside_quotes,
)

md = MetaData()
t = Table(
    "things",
    md,
    Column("id", String, primary_key=True),
    Column("org_id", String),
    Column("archived", Boolean),
    Column("created_time", String),
    Column("updated_time", String),
    Column("doc", String),
    Column("name", String),
    Column("account_type", String),
    Column("amount", Integer),
    Column("due_date", String),
)
SPEC = ListSpec.build(
    t,
    list_field("name", t.c.name),
    list_field("accountType", t.c.account_type, "enum", ops=EQ, enum=("BUSINESS", "PERSON", "NONE")),
    list_field("amount", t.c.amount, "money"),
    list_field("dueDate", t.c.due_date, "date"),
    aliases={"nick": "name"},
)


def code_of(exc: pytest.ExceptionInfo[RequestError]) -> str | None:
    return exc.value.code


@pytest.mark.parametrize(("raw", "expected"), [(None, 20), ("", 20), ("1", 1), ("100", 100)])
def test_max_accepts_1_to_100(raw: str | None, expected: int) -> None:
    assert parse_max(raw) == expected


@pytest.mark.parametrize("raw", ["0", "101", "-1", "ten", "1.5"])
def test_max_out_of_range_is_a_400(raw: str) -> None:
    with pytest.raises(RequestError) as exc:
        parse_max(raw)
    assert exc.value.http_status == 400 and code_of(exc) == "BDC_1129"


def test_filters_simple_and_compound() -> None:
    out = parse_filters("name:eq:Acme,archived:eq:false", SPEC)
    assert [(f.field.name, f.op, f.values) for f in out] == [
        ("name", "eq", ("Acme",)),
        ("archived", "eq", (False,)),
    ]


def test_quoted_values_keep_commas_and_colons() -> None:
    (f,) = parse_filters('name:sw:"Hap, Inc: the best"', SPEC)
    assert f.op == "sw" and f.values == ("Hap, Inc: the best",)


def test_in_takes_a_quoted_list_and_an_unquoted_one() -> None:
    (quoted,) = parse_filters('accountType:nin:"NONE,PERSON"', SPEC)
    assert quoted.op == "nin" and quoted.values == ("NONE", "PERSON")
    (bare,) = parse_filters("accountType:in:BUSINESS,PERSON", SPEC)
    assert bare.values == ("BUSINESS", "PERSON")


def test_value_conversion_by_kind() -> None:
    amount, due, created = parse_filters(
        "amount:gte:10.5,dueDate:lt:2025-01-31,createdTime:gt:2024-10-16T13:36", SPEC
    )
    assert amount.values == (1050,)
    assert due.values == ("2025-01-31",)
    assert created.values == ("2024-10-16T13:36:00.000+00:00",)


@pytest.mark.parametrize(
    "stamp",
    [
        "2024-10-16T13:36:31.000Z",
        "2024-10-16T13:36:31.000",
        "2024-10-16T13:36:31",
        "2024-10-16T13:36",
        "2024-10-16",
        "2024-10-16T15:36:31.000+02:00",
    ],
)
def test_bills_time_formats(stamp: str) -> None:
    (f,) = parse_filters(f"updatedTime:gte:{stamp}", SPEC)
    assert f.values[0].startswith("2024-10-16T")


def test_alias_resolves_to_field() -> None:
    (f,) = parse_filters("nick:eq:x", SPEC)
    assert f.field.name == "name"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("color:eq:red", "BDC_1130"),
        ("name:like:x", "BDC_1131"),
        ("archived:gt:true", "BDC_1131"),
        ("accountType:eq:ALIEN", "BDC_1129"),
        ("archived:eq:maybe", "BDC_1129"),
        ("amount:eq:lots", "BDC_1129"),
        ("createdTime:gt:yesterday", "BDC_1129"),
        ('name:eq:"unterminated', "BDC_1129"),
        ("justaword", "BDC_1130"),
    ],
)
def test_bad_filters_are_bill_errors(text: str, code: str) -> None:
    with pytest.raises(RequestError) as exc:
        parse_filters(text, SPEC)
    assert code_of(exc) == code


def test_sort_compound_and_bare() -> None:
    order = parse_sort("name:desc,createdTime", SPEC)
    assert [(f.name, d) for f, d in order] == [("name", True), ("createdTime", False)]
    assert [(f.name, d) for f, d in parse_sort(None, SPEC)] == [("createdTime", False)]


@pytest.mark.parametrize("text", ["color:asc", "name:sideways"])
def test_bad_sort(text: str) -> None:
    with pytest.raises(RequestError):
        parse_sort(text, SPEC)


def test_cursor_round_trip() -> None:
    token = encode_cursor(b"k" * 32, "n", "name:asc", ["Acme", "0cu01"])
    assert decode_cursor(b"k" * 32, token, "name:asc", 2) == ("n", ["Acme", "0cu01"])


@pytest.mark.parametrize(
    "mutate",
    [
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # flipped character
        lambda s: s[:10],  # truncated
        lambda s: "x" + s,  # garbage prefix
        lambda s: "%%%",  # not base64
    ],
)
def test_tampered_cursor_is_a_clean_400(mutate: object) -> None:
    token = encode_cursor(b"k" * 32, "n", "name:asc", ["Acme", "0cu01"])
    with pytest.raises(RequestError) as exc:
        decode_cursor(b"k" * 32, mutate(token), "name:asc", 2)  # type: ignore[operator]
    assert exc.value.http_status == 400


def test_cursor_for_another_sort_or_key_is_refused() -> None:
    token = encode_cursor(b"k" * 32, "n", "name:asc", ["Acme", "0cu01"])
    with pytest.raises(RequestError):
        decode_cursor(b"k" * 32, token, "name:desc", 2)
    with pytest.raises(RequestError):
        decode_cursor(b"other-secret", token, "name:asc", 2)


@given(st.text(max_size=60))
def test_parser_never_crashes(text: str) -> None:
    """Any filter text is either parsed or refused with a BILL error."""
    with contextlib.suppress(RequestError):
        parse_filters(text, SPEC)


@given(st.lists(st.text(alphabet="ab,:", max_size=5), max_size=5))
def test_split_outside_quotes_without_quotes_is_plain_split(parts: list[str]) -> None:
    text = ",".join(parts)
    assert split_outside_quotes(text) == text.split(",")
