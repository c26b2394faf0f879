"""BILL list semantics, written once for every list endpoint.

``GET /v3/<resource>?max=&page=&filters=&sort=`` returns ``{nextPage, prevPage, results}``:

- ``max`` 1-100 (default 20); anything else is a 400.
- ``filters=field:op:value[,field:op:value]`` (comma = AND) with ops
  ``eq ne gt gte lt lte in nin sw``; values may be double-quoted; ``in``/``nin`` take one quoted
  comma list. Unknown field -> BDC_1130, operator not allowed for the field -> BDC_1131.
- ``sort=field[:asc|desc][,...]`` applied in order; the id breaks ties.
- ``page`` is an opaque, signed keyset cursor: page 1000 costs what page 1 costs, and a
  tampered cursor is a clean 400. ``nextPage``/``prevPage`` are left out when there is nothing
  in that direction.

A resource declares a ``ListSpec`` (its table and the wire fields clients may filter and sort
on, each mapped to an indexed column) and calls ``list_page``. The pieces:

- ``spec``: the declarations (``ListSpec``, ``Field``/``list_field``, ``doc_field``) and ``ListParams``;
- ``parsing``: ``max``, ``filters`` and ``sort`` parsed against a spec;
- ``sql``: filter clauses, the keyset condition and the page's ``select``;
- ``cursors``: signed page cursors;
- ``plans``: the fast path (parsed queries and compiled statements, cached);
- ``page``: ``list_page``, from parameters to the response body.
"""

from bill_sandbox.listing.cursors import decode_cursor, encode_cursor
from bill_sandbox.listing.page import list_page
from bill_sandbox.listing.parsing import (
    Filter,
    parse_filters,
    parse_max,
    parse_sort,
    split_outside_quotes,
    unquote,
)
from bill_sandbox.listing.spec import (
    ALL_OPS,
    EQ,
    MAX_DEFAULT,
    MAX_LIMIT,
    RANGE,
    DocPath,
    Field,
    Folded,
    ListParams,
    ListSpec,
    doc_field,
    list_field,
    list_params,
)
from bill_sandbox.listing.sql import filter_clause

__all__ = [
    "ALL_OPS",
    "EQ",
    "MAX_DEFAULT",
    "MAX_LIMIT",
    "RANGE",
    "DocPath",
    "Field",
    "Filter",
    "Folded",
    "ListParams",
    "ListSpec",
    "decode_cursor",
    "doc_field",
    "encode_cursor",
    "filter_clause",
    "list_field",
    "list_page",
    "list_params",
    "parse_filters",
    "parse_max",
    "parse_sort",
    "split_outside_quotes",
    "unquote",
]
