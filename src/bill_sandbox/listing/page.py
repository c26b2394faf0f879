"""``list_page``: one page of a list, from the request's parameters to the response body."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement

from bill_sandbox.db import Tx
from bill_sandbox.listing import plans
from bill_sandbox.listing.cursors import decode_cursor, encode_cursor, scope
from bill_sandbox.listing.parsing import parse_max
from bill_sandbox.listing.spec import ListParams, ListSpec
from bill_sandbox.listing.sql import literal_binds, page_query, page_values


def list_page(
    tx: Tx, spec: ListSpec, org_id: str, params: ListParams, where: Iterable[ColumnElement[bool]] = ()
) -> bytes:
    """Run one page of a list and return the response body (documents are not re-parsed)."""
    limit = parse_max(params.max)
    p = plans.plan(spec, params.filters, params.sort)
    conds = list(where)
    sig = p.sig if not conds else p.sort_sig + "|" + scope(spec, params.filters, conds)
    direction, key = "n", None
    if params.page:
        direction, key = decode_cursor(tx.secret, params.page, sig, len(p.cols))
    values = page_values(org_id, p.filters, key, limit)
    rows: list[Any]
    if p.prepared and not conds:
        rows = plans.fetch(tx, p, direction, key is not None, values)
    else:
        keyed = key is not None
        stmt = page_query(spec, p.filters, p.cols, p.descs, direction, keyed, conds, literal_binds(values))
        rows = list(tx.conn.execute(stmt).all())
    more = len(rows) > limit
    if more:
        del rows[limit:]
    if direction == "p":
        rows.reverse()
    next_page = prev_page = None
    if rows:
        width = len(p.cols)
        first, last = list(rows[0][:width]), list(rows[-1][:width])
        for i in p.booleans:  # the DBAPI may answer 0/1; cursors carry booleans
            first[i], last[i] = bool(first[i]), bool(last[i])
        if direction == "n":
            next_page = encode_cursor(tx.secret, "n", sig, last) if more else None
            prev_page = encode_cursor(tx.secret, "p", sig, first) if key is not None else None
        else:
            prev_page = encode_cursor(tx.secret, "p", sig, first) if more else None
            next_page = encode_cursor(tx.secret, "n", sig, last)
    elif key is not None:
        if direction == "n":
            prev_page = encode_cursor(tx.secret, "p", sig, key)
        else:
            next_page = encode_cursor(tx.secret, "n", sig, key)
    head = "{"
    if next_page:
        head += f'"nextPage":"{next_page}",'
    if prev_page:
        head += f'"prevPage":"{prev_page}",'
    return f'{head}"results":[{",".join([r[-1] for r in rows])}]}}'.encode()
