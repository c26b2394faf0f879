"""The seven classification kinds, declared once each (BILL-RULES §5.14).

A declaration says everything that differs between kinds: URL segment, id prefix, bulk response
key, BILL's ten operation titles, request/response models, required fields, key order of BILL's
example, extra list filters and the ids that must point at other classifications. The service
(``service.py``) and the router factory (``routes.py``) do the rest generically.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bill_sandbox.ids import PREFIXES
from bill_sandbox.resources.classifications import schemas as s
from bill_sandbox.schemas import RequestModel, ResponseModel

STAMPS = ("archived", "createdTime", "updatedTime")


@dataclass(frozen=True)
class Titles:
    """BILL's operation titles (operations.tsv, group "AP & AR/classifications")."""

    list: str
    create: str
    bulk_create: str
    bulk_update: str
    bulk_archive: str
    bulk_restore: str
    get: str
    update: str
    archive: str
    restore: str

    @staticmethod
    def of(one: str, many: str) -> Titles:
        """``one`` with its article ("a department"), ``many`` the plural ("departments")."""
        noun = one.split(" ", 1)[1]
        return Titles(
            list=f"Get list of {many}",
            create=f"Create {one}",
            bulk_create=f"Create multiple {many}",
            bulk_update=f"Update multiple {many}",
            bulk_archive=f"Archive multiple {many}",
            bulk_restore=f"Restore multiple {many}",
            get=f"Get {noun} details",
            update=f"Update {one}",
            archive=f"Archive {one}",
            restore=f"Restore an archived {noun}",
        )


@dataclass(frozen=True)
class Filter:
    """A list filter beyond the shared ones: wire name, column of the table, allowed values."""

    name: str
    column: str
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Kind:
    segment: str  # URL segment under /v3/classifications/
    prefix: str  # id prefix (BILL-RULES §1.5)
    bulk_key: str  # key of the bulk responses
    titles: Titles
    create_model: type[RequestModel]
    update_model: type[RequestModel]
    out_model: type[ResponseModel]
    key_order: tuple[str, ...]  # as in BILL's example response
    required: tuple[str, ...] = ()  # fields a PATCH may not blank out
    # RequestModel fields holding ids of other classifications: field -> kind segment.
    references: Mapping[str, str] = field(default_factory=dict)
    # Filterable/sortable fields beyond id, archived, createdTime, updatedTime and parentId.
    filters: tuple[Filter, ...] = ()
    # The display name stored in the ``name`` column (employees have first/last names).
    display_name: Callable[[Mapping[str, Any]], str] = lambda doc: str(doc.get("name") or "")
    tag: str = "classifications"

    @property
    def path(self) -> str:
        return f"/v3/classifications/{self.segment}"


NAMED_ORDER = ("id", "name", "shortName", "description", "parentId", *STAMPS)
NAMED_FILTERS = (Filter("name", "name"), Filter("shortName", "short_name"))


def _named(segment: str, prefix: str, bulk_key: str, one: str, many: str, required: bool = False) -> Kind:
    return Kind(
        segment=segment,
        prefix=prefix,
        bulk_key=bulk_key,
        titles=Titles.of(one, many),
        create_model=s.NamedCreateRequired if required else s.NamedCreate,
        update_model=s.NamedUpdate,
        out_model=s.NamedOut,
        key_order=NAMED_ORDER,
        required=("name",) if required else (),
        filters=NAMED_FILTERS,
    )


CHART_OF_ACCOUNTS = Kind(
    segment="chart-of-accounts",
    prefix=PREFIXES["chart_of_accounts"],
    bulk_key="chartOfAccounts",
    titles=Titles.of("a chart of accounts", "chart of accounts"),
    create_model=s.ChartOfAccountCreate,
    update_model=s.ChartOfAccountUpdate,
    out_model=s.ChartOfAccountOut,
    key_order=("id", "archived", "name", "description", "parentId", "account", "createdTime", "updatedTime"),
    required=("name",),
    filters=(Filter("name", "name"), Filter("account.type", "type", s.ACCOUNT_TYPES)),
)
ACCOUNTING_CLASSES = _named(
    "accounting-classes",
    PREFIXES["accounting_class"],
    "accountingClasses",
    "an accounting class",
    "accounting classes",
)
DEPARTMENTS = _named(
    "departments", PREFIXES["department"], "departments", "a department", "departments", required=True
)
EMPLOYEES = Kind(
    segment="employees",
    prefix=PREFIXES["employee"],
    bulk_key="employees",
    titles=Titles.of("an employee", "employees"),
    create_model=s.EmployeeCreate,
    update_model=s.EmployeeUpdate,
    out_model=s.EmployeeOut,
    key_order=("id", "firstName", "lastName", "shortName", "parentId", *STAMPS),
    filters=(Filter("shortName", "short_name"),),
    display_name=lambda doc: " ".join(p for p in (doc.get("firstName"), doc.get("lastName")) if p),
)
ITEMS = Kind(
    segment="items",
    prefix=PREFIXES["item"],
    bulk_key="items",
    titles=Titles.of("an item", "items"),
    create_model=s.ItemCreate,
    update_model=s.ItemUpdate,
    out_model=s.ItemOut,
    key_order=(
        "id",
        "type",
        "shortName",
        "name",
        "description",
        "archived",
        "parentId",
        "price",
        "expenseChartOfAccountId",
        "purchaseDescription",
        "purchaseCost",
        "chartOfAccountId",
        "taxable",
        "percentage",
        "createdTime",
        "updatedTime",
    ),
    required=("type", "name"),
    references={"chartOfAccountId": "chart-of-accounts", "expenseChartOfAccountId": "chart-of-accounts"},
    filters=(*NAMED_FILTERS, Filter("type", "type", s.ITEM_TYPES)),
)
JOBS = _named("jobs", PREFIXES["job"], "jobs", "a job", "jobs")
LOCATIONS = _named("locations", PREFIXES["location"], "locations", "a location", "locations")

KINDS: tuple[Kind, ...] = (
    ACCOUNTING_CLASSES,
    CHART_OF_ACCOUNTS,
    DEPARTMENTS,
    EMPLOYEES,
    ITEMS,
    JOBS,
    LOCATIONS,
)
BY_SEGMENT: dict[str, Kind] = {k.segment: k for k in KINDS}
