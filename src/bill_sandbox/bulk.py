"""All-or-nothing bulk operations (BILL-RULES §1.6, §5.1, §5.2).

``run_all`` applies one function to every item inside the request's single transaction. If any
item fails, the whole request fails with a 400 whose first element is ``BDC_1246`` (a bulk
rollback) followed by every failing item's errors, each prefixed with ``[index]``; raising rolls
the transaction back, so nothing is written. Authentication-type failures (401/403) are
re-raised unchanged, since they concern the request rather than one item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from bill_sandbox.errors import BillError, ErrorItem, RequestError

T = TypeVar("T")
R = TypeVar("R")

BULK_MESSAGE = "Bulk operation failed: nothing was saved because at least one item was invalid."


class BulkError(BillError):
    http_status = 400
    category = "APPLICATION"

    def __init__(self, failures: Sequence[tuple[int, BillError]]) -> None:
        items = [ErrorItem(BULK_MESSAGE, "BDC_1246", self.category)]
        for index, err in failures:
            items.extend(
                ErrorItem(f"[{index}] {item.message}", item.code, item.category, item.severity)
                for item in err.items
            )
        super().__init__("BDC_1246", message=BULK_MESSAGE, items=items)


def run_all(items: Sequence[T], fn: Callable[[int, T], R]) -> list[R]:
    out: list[R] = []
    failures: list[tuple[int, BillError]] = []
    for index, item in enumerate(items):
        try:
            out.append(fn(index, item))
        except BillError as err:
            if err.http_status in (401, 403):
                raise
            failures.append((index, err))
    if failures:
        raise BulkError(failures)
    return out


def parse_ids(ids: str, limit: int) -> list[str]:
    """The ``ids`` query parameter of a bulk archive/restore: comma-separated, at most
    ``limit``. Services call it (after authentication: no session answers 401 whatever the ids)."""
    id_list = [part.strip() for part in ids.split(",") if part.strip()]
    if not id_list:
        raise RequestError("BDC_1108", "ids")
    if len(id_list) > limit:
        raise RequestError("BDC_1129", "ids", f"more than {limit} ids")
    return id_list
