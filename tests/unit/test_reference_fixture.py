"""The committed BILL v3 reference fixture and its helpers (tests/support/reference.py)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from support.reference import (
    FIXTURE_PATH,
    field_tree,
    field_tree_diff,
    load_reference,
    operation,
)

TESTS_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = TESTS_DIR.parent
SHARED_DIR = REPO_ROOT.parent / "shared" / "bill-v3"

# --------------------------------------------------------------------------- fixture contents


def test_fixture_has_all_operations_with_unique_method_path() -> None:
    ops = load_reference()
    assert len(ops) == 302
    # operations.tsv lists every (method, path) exactly once, so the fixture must too.
    counts = Counter((op["method"], op["path"]) for op in ops)
    assert [key for key, n in counts.items() if n > 1] == []
    assert {op["api"] for op in ops} == {"connect", "connect-events"}
    for op in ops:
        assert set(op) == {"group", "summary", "method", "path", "api", "status", "fields"}
        assert ":" not in op["path"]
        assert op["status"] is None or 200 <= op["status"] < 300


def test_fixture_is_canonical_json() -> None:
    text = FIXTURE_PATH.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def test_login_and_create_customer() -> None:
    login = operation("POST", "/v3/login")
    assert login is not None
    assert login["status"] == 200
    assert login["api"] == "connect"
    assert login["fields"] is not None
    assert "sessionId" in login["fields"]

    create_customer = operation("post", "/v3/customers")
    assert create_customer is not None
    assert create_customer["status"] == 201


def test_operation_lookup_variants() -> None:
    by_brace = operation("GET", "/v3/customers/{customerId}")
    assert by_brace is not None
    assert operation("GET", "/v3/customers/:customerId") is by_brace
    assert operation("GET", "/v3/customers/{id}/") is by_brace
    assert operation("GET", "/v3/customers/{customerId}?max=10") is by_brace
    assert operation("GET", "/v3/no-such-thing") is None
    webhook = operation("GET", "/v3/subscriptions")
    assert webhook is not None
    assert webhook["api"] == "connect-events"


# --------------------------------------------------------------------------- regeneration


@pytest.mark.skipif(
    not (SHARED_DIR / "operations.tsv").is_file() or not (SHARED_DIR / "postman-collection.json").is_file(),
    reason=f"reference inputs not available at {SHARED_DIR} (the fixture is checked in; nothing to compare)",
)
def test_fixture_matches_regeneration() -> None:
    import gen_reference as gen

    warnings: list[str] = []
    text: str = gen.generate(SHARED_DIR, warnings.append)
    assert warnings == []
    assert text == FIXTURE_PATH.read_text(encoding="utf-8"), (
        "tests/fixtures/bill_reference.json is stale: run python scripts/gen_reference.py"
    )


def test_field_tree_records_names_and_nesting() -> None:
    sample: Any = {"a": [{"x": 1}, {"y": [2, {"z": None}]}, 3], "b": [], "c": {"d": "e"}, "f": None}
    assert field_tree(sample) == {
        "a": {"[]": {"x": None, "y": {"[]": {"z": None}}}},
        "b": {"[]": None},
        "c": {"d": None},
        "f": None,
    }


# --------------------------------------------------------------------------- field_tree_diff

EXPECTED: Any = {
    "id": None,
    "name": None,
    "billingAddress": {"line1": None, "countryName": None},
    "results": {"[]": {"id": None, "billingAddress": {"countryName": None}, "tags": {"[]": None}}},
}


def test_diff_identical_is_empty() -> None:
    actual = {
        "id": "c1",
        "name": "Acme",
        "billingAddress": {"line1": "1 Main", "countryName": "US"},
        "results": [{"id": "x", "billingAddress": {"countryName": "US"}, "tags": ["a"]}],
    }
    assert field_tree_diff(EXPECTED, actual) == ([], [])


def test_diff_missing_fields() -> None:
    actual = {"id": "c1", "billingAddress": {"line1": "1 Main"}, "results": []}
    missing, extra = field_tree_diff(EXPECTED, actual)
    assert missing == ["billingAddress.countryName", "name"]
    assert extra == []


def test_diff_missing_subtree_reports_topmost_only() -> None:
    actual = {"id": "c1", "name": "n", "results": []}
    assert field_tree_diff(EXPECTED, actual) == (["billingAddress"], [])


def test_diff_extra_fields() -> None:
    actual = {
        "id": "c1",
        "name": "Acme",
        "nickname": "A",
        "billingAddress": {"line1": "1", "countryName": "US", "zip": "94000"},
        "results": [],
    }
    assert field_tree_diff(EXPECTED, actual) == ([], ["billingAddress.zip", "nickname"])


def test_diff_nested_arrays() -> None:
    actual = {
        "id": "c1",
        "name": "Acme",
        "billingAddress": {"line1": "1", "countryName": "US"},
        "results": [
            {"id": "a", "billingAddress": {"country": "US"}, "tags": []},
            {"id": "b", "billingAddress": {}, "tags": ["t"], "extraField": 1},
        ],
    }
    missing, extra = field_tree_diff(EXPECTED, actual)
    assert missing == ["results[].billingAddress.countryName"]
    assert extra == ["results[].billingAddress.country", "results[].extraField"]


def test_diff_array_elements_union() -> None:
    # A field present in any element counts as present.
    expected: Any = {"results": {"[]": {"a": None, "b": None}}}
    assert field_tree_diff(expected, {"results": [{"a": 1}, {"b": 2}]}) == ([], [])
    assert field_tree_diff(expected, {"results": [{"a": 1}, {"a": 2}]}) == (["results[].b"], [])


def test_diff_empty_actual_array_reports_no_missing_elements() -> None:
    expected: Any = {"results": {"[]": {"id": None, "deep": {"[]": {"x": None}}}}}
    assert field_tree_diff(expected, {"results": []}) == ([], [])
    assert field_tree_diff(expected, {"results": [{"id": 1, "deep": []}]}) == ([], [])
    # but the array key itself must exist
    assert field_tree_diff(expected, {}) == (["results"], [])


def test_diff_top_level_array() -> None:
    expected: Any = {"[]": {"type": None, "versions": {"[]": None}}}
    assert field_tree_diff(expected, [{"type": "t", "versions": ["1"]}]) == ([], [])
    assert field_tree_diff(expected, [{"type": "t", "other": 1}]) == (["[].versions"], ["[].other"])
    assert field_tree_diff(expected, []) == ([], [])


def test_diff_scalar_expected_ignores_children() -> None:
    expected: Any = {"payload": None, "tags": {"[]": None}}
    actual = {"payload": {"anything": {"goes": 1}}, "tags": [{"k": "v"}]}
    assert field_tree_diff(expected, actual) == ([], [])
    assert field_tree_diff(None, {"a": 1}) == ([], [])


def test_diff_null_and_type_mismatch() -> None:
    expected: Any = {"address": {"line1": None}, "items": {"[]": {"id": None}}}
    # nested null where an object/array is documented: accepted
    assert field_tree_diff(expected, {"address": None, "items": None}) == ([], [])
    # object where an array is documented (and vice versa) shows up on both sides
    assert field_tree_diff(expected, {"address": [], "items": {"id": 1}}) == (
        ["address.line1", "items[]"],
        ["address[]", "items.id"],
    )
    # a scalar body where an object is documented: every top-level field is missing
    assert field_tree_diff(expected, None) == (["address", "items"], [])


def test_diff_against_fixture_login() -> None:
    login = operation("POST", "/v3/login")
    assert login is not None
    body = {"sessionId": "s", "organizationId": "o", "userId": "u", "trusted": False}
    assert field_tree_diff(login["fields"], body) == ([], [])
    missing, extra = field_tree_diff(login["fields"], {"sessionId": "s", "foo": 1})
    assert "sessionId" not in missing
    assert "organizationId" in missing
    assert extra == ["foo"]
