#!/usr/bin/env python3
"""Generate the compact BILL v3 reference fixture used by the tests.

Reads ``operations.tsv`` and ``postman-collection.json`` (and, for the webhooks API,
``connect-events-openapi.json``) from the shared reference directory (read-only, never copied into the
project) and writes ``tests/fixtures/bill_reference.json``: one entry per tsv line
with the method, path template, API (connect / connect-events), the documented success status and the
*names and nesting* of the success response fields (no values, no descriptions).

Usage::

    python scripts/gen_reference.py [--shared DIR] [--out FILE] [--check]

``--check`` exits 1 when the file on disk differs from what would be generated.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeAlias

FieldTree: TypeAlias = dict[str, "FieldTree | None"]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO_ROOT.parent / "shared" / "bill-v3"
DEFAULT_OUT = REPO_ROOT / "tests" / "fixtures" / "bill_reference.json"

ARRAY_KEY = "[]"
_COLON_PARAM = re.compile(r":([A-Za-z_][A-Za-z0-9_]*)")
_TEMPLATE_HOST = re.compile(r"^\{\{[^}]*\}\}")


# --------------------------------------------------------------------------- field trees


def merge_trees(a: FieldTree | None, b: FieldTree | None) -> FieldTree | None:
    """Union of two field trees (``None`` = scalar, absorbed by any structured tree)."""
    if a is None:
        return b
    if b is None:
        return a
    merged: FieldTree = dict(a)
    for key, sub in b.items():
        merged[key] = merge_trees(merged[key], sub) if key in merged else sub
    return merged


def field_tree(value: Any) -> FieldTree | None:
    """Names and nesting of a JSON value: scalar -> None, object -> {k: tree}, array -> {"[]": merged}."""
    if isinstance(value, dict):
        return {str(k): field_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        element: FieldTree | None = None
        for item in value:
            element = merge_trees(element, field_tree(item))
        return {ARRAY_KEY: element}
    return None


# --------------------------------------------------------------------------- inputs


def colon_to_brace(path: str) -> str:
    return _COLON_PARAM.sub(r"{\1}", path)


def _item_path(url: Any) -> str:
    """Normalized ``/v3/...`` path (``:param`` placeholders, no query) of a Postman request url."""
    if isinstance(url, dict) and isinstance(url.get("path"), list):
        segments = [str(s) for s in url["path"] if str(s) != ""]
        path = "/" + "/".join(segments)
    else:
        raw = url.get("raw", "") if isinstance(url, dict) else str(url)
        path = _TEMPLATE_HOST.sub("", raw)
        if "://" in path:
            path = "/" + path.split("://", 1)[1].split("/", 1)[-1]
    path = path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        path = "/" + path
    return path.rstrip("/") or "/"


def _walk_items(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for child in node.get("item", []) or []:
        if "request" in child:
            yield child
        if "item" in child:
            yield from _walk_items(child)


def _read_operations(tsv_path: Path) -> list[dict[str, str]]:
    with tsv_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        return [dict(row) for row in reader if any((v or "").strip() for v in row.values())]


def _success_info(item: dict[str, Any]) -> tuple[int | None, FieldTree | None]:
    status: int | None = None
    fields: FieldTree | None = None
    have_fields = False
    for example in item.get("response", []) or []:
        try:
            code = int(example.get("code"))
        except (TypeError, ValueError):
            continue
        if not 200 <= code < 300:
            continue
        status = code if status is None else min(status, code)
        if have_fields:
            continue
        body = example.get("body")
        if not isinstance(body, str) or not body.strip():
            continue
        try:
            parsed = json.loads(body)
        except ValueError:
            continue
        fields = field_tree(parsed)
        have_fields = True
    return status, fields


def schema_tree(schema: Any, components: dict[str, Any], depth: int = 0) -> FieldTree | None:
    """Field tree of an OpenAPI schema ($ref, allOf, objects, arrays; scalars -> None)."""
    if not isinstance(schema, dict) or depth > 12:
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return schema_tree(components.get(ref.rsplit("/", 1)[-1]), components, depth + 1)
    tree: FieldTree | None = None
    for part in schema.get("allOf", []) or []:
        tree = merge_trees(tree, schema_tree(part, components, depth + 1))
    if schema.get("type") == "array" or "items" in schema:
        return {ARRAY_KEY: schema_tree(schema.get("items"), components, depth + 1)}
    props = schema.get("properties")
    if isinstance(props, dict):
        tree = merge_trees(tree, {str(k): schema_tree(v, components, depth + 1) for k, v in props.items()})
    return tree


def _spec_fields(spec: dict[str, Any], method: str, path: str) -> tuple[bool, FieldTree | None]:
    """(found, fields) of the documented 200 response of ``method path`` in an OpenAPI spec."""
    op = (spec.get("paths", {}).get(path) or {}).get(method.lower())
    if not isinstance(op, dict):
        return False, None
    response = (op.get("responses") or {}).get("200") or {}
    content = (response.get("content") or {}).get("application/json") or (response.get("content") or {}).get(
        "*/*"
    )
    if not content or "schema" not in content:
        return True, None
    return True, schema_tree(content["schema"], spec.get("components", {}).get("schemas", {}))


# --------------------------------------------------------------------------- generation


def build(shared: Path, warn: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Build the reference document. ``warn`` receives human-readable problems (default: stderr)."""

    def _warn(msg: str) -> None:
        if warn is None:
            print(msg, file=sys.stderr)
        else:
            warn(msg)

    operations = _read_operations(shared / "operations.tsv")
    with (shared / "postman-collection.json").open(encoding="utf-8") as fh:
        collection = json.load(fh)

    # Postman's examples for the webhooks API are placeholders ("reference ... not found in the
    # OpenAPI spec", empty lists): its operations take their fields from the API's own spec.
    events_spec_path = shared / "connect-events-openapi.json"
    events_spec: dict[str, Any] = {}
    if events_spec_path.exists():
        with events_spec_path.open(encoding="utf-8") as fh:
            events_spec = json.load(fh)

    index: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in _walk_items(collection):
        request = item.get("request") or {}
        key = (str(request.get("method", "GET")).upper(), _item_path(request.get("url", {})))
        index.setdefault(key, []).append(item)

    out: list[dict[str, Any]] = []
    for row in operations:
        method = row["method"].strip().upper()
        tsv_path = row["path"].strip()
        summary = row["summary"].strip()
        candidates = index.get((method, _item_path({"raw": tsv_path})), [])
        if len(candidates) > 1:
            by_summary = [c for c in candidates if str(c.get("name", "")).strip() == summary]
            if by_summary:
                candidates = by_summary
            if len(candidates) > 1:
                _warn(f"ambiguous: {method} {tsv_path} ({summary!r}) -> {len(candidates)} items; using first")
        status: int | None = None
        fields: FieldTree | None = None
        if candidates:
            status, fields = _success_info(candidates[0])
        else:
            _warn(f"unmatched: {method} {tsv_path} ({summary!r})")
        api = "connect-events" if row["webhook_base"].strip().lower() == "true" else "connect"
        if api == "connect-events" and events_spec:
            found, spec_fields = _spec_fields(events_spec, method, colon_to_brace(tsv_path))
            if found:
                fields = spec_fields
        out.append(
            {
                "group": row["group"].strip(),
                "summary": summary,
                "method": method,
                "path": colon_to_brace(tsv_path),
                "api": api,
                "status": status,
                "fields": fields,
            }
        )
    return {"operations": out}


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def generate(shared: Path = DEFAULT_SHARED, warn: Callable[[str], None] | None = None) -> str:
    """The exact text of the fixture file for the given shared directory."""
    return render(build(shared, warn))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="dir with operations.tsv etc.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fixture file to write / check")
    parser.add_argument("--check", action="store_true", help="exit 1 if --out is not up to date")
    args = parser.parse_args(argv)

    text = generate(args.shared)
    out: Path = args.out
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current == text:
            print(f"{out} is up to date")
            return 0
        diff = list(
            difflib.unified_diff(
                current.splitlines(), text.splitlines(), "on disk", "generated", n=1, lineterm=""
            )
        )
        print(f"{out} is out of date ({len(diff)} diff lines); first lines:", file=sys.stderr)
        for line in diff[:20]:
            print("  " + line, file=sys.stderr)
        print("regenerate with: python scripts/gen_reference.py", file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    ops = json.loads(text)["operations"]
    with_fields = sum(1 for op in ops if op["fields"] is not None)
    print(
        f"wrote {out} ({len(text.encode('utf-8'))} bytes, {len(ops)} operations, {with_fields} with fields)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
