"""Request-body examples for every operation of the served specs, derived from the schemas.

Postman ("Parameter generation: Example"), newman and the docs page's "Try it out" send a
request's example as it is, so every operation with a JSON body gets one that the sandbox
accepts. Examples are derived GENERICALLY from the request model's JSON schema, so a resource
added later gets one with no work:

- objects: the ``required`` properties, plus the well-known optional ones (``WELL_KNOWN``);
- ``enum`` -> its first value, ``const`` -> it, a schema ``example``/``default`` -> it;
- strings by name: ``id`` -> the id variable of the operation's resource (``{{vendorCreditId}}``
  for ``/v3/vendor-credits/bulk``), ``fooId`` -> ``{{fooId}}`` (a Postman variable the
  exported collection saves from the create call), dates -> ``{{nextBusinessDay}}``, e-mails,
  phones, currencies, countries, MFA tokens (``{{mfaCode}}``)...;
- numbers: ``minimum`` or 1 (money: 100.00); arrays: one item (``minItems`` honoured).

What cannot be derived goes in ``OVERRIDES`` (per operation, deep-merged over the derived
example; ``OMIT`` drops a key). The variables (``VARIABLES``) are computed by the exported
collection's pre-request script (Postman) and by ``concrete`` (the docs page).
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from bill_sandbox import business_days

Doc = dict[str, Any]

OMIT = object()

# Date-valued variables: name -> how to compute it from today's (UTC) date.
DATE_VARIABLES: dict[str, Callable[[date], date]] = {
    "today": lambda d: d,
    "nextBusinessDay": business_days.next_business_day,
    # Payments: "a payment processing date two business days out from today".
    "businessDayAfterNext": lambda d: business_days.add_business_days(d, 2),
}
MFA_CODE_VARIABLE = "mfaCode"
DEFAULT_MFA_CODE = "111111"
# Different on every request (milliseconds since the epoch): for values that must be unique, so
# the collection runs again with the same environment (an organization user's e-mail).
UNIQUE_VARIABLE = "uniqueId"

# Optional properties an example carries even though they are not required: these names, and
# names ending with these suffixes (dates and line items are needed by most documents).
WELL_KNOWN = frozenset({"name", "email", "amount"})
WELL_KNOWN_SUFFIXES = ("Date", "LineItems")

_VARIABLE = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}")

# An image anywhere on the web: what a receipt may name instead of an upload URL.
RECEIPT_URL = "https://example.com/receipts/lunch.jpg"

# (method, path) -> a partial example deep-merged over the derived one.
OVERRIDES: dict[tuple[str, str], Any] = {
    # A complete address and a payee name: what a BILL network connection request needs.
    ("post", "/v3/vendors"): {
        "address": {
            "line1": "100 Main Street",
            "city": "San Jose",
            "stateOrProvince": "CA",
            "zipOrPostalCode": "95002",
            "country": "US",
        },
        "paymentInformation": {"payeeName": "Happy Music Supplies"},
    },
    ("post", "/v3/funding-accounts/banks"): {
        "routingNumber": "074000010",
        "accountNumber": "123456789012",
    },
    # The sandbox deposits 0.50 into every new bank account (README, "Magic values").
    ("post", "/v3/funding-accounts/banks/{bankAccountId}/verify"): {"depositAmount": 0.50},
    ("post", "/v3/funding-accounts/banks/users/nominate"): {"userId": "{{userId}}"},
    ("patch", "/v3/funding-accounts/banks/{bankAccountId}"): {"nameOnAccount": "Operating account"},
    ("post", "/v3/mfa/challenge/validate"): {"rememberMe": True, "device": "Postman"},
    ("post", "/v3/mfa/step-up"): {"device": "Postman"},
    ("post", "/v3/payments"): {
        "billId": "{{billId}}",
        "amount": 10.00,
        "processDate": "{{businessDayAfterNext}}",
        "fundingAccount": {"type": "BANK_ACCOUNT", "id": "{{bankAccountId}}"},
        "processingOptions": {"requestPayFaster": False},
    },
    ("post", "/v3/payments/bulk"): {
        "processDate": "{{businessDayAfterNext}}",
        "fundingAccount": {"type": "BANK_ACCOUNT", "id": "{{bankAccountId}}"},
        "payments": [{"billId": "{{billId}}", "amount": 10.00}],
    },
    ("post", "/v3/payments/{paymentId}/void"): {"type": "VOID_ONLY"},
    # The model's own example has fixed dates: start the schedule on the next business day.
    ("post", "/v3/recurringbills"): {"schedule": {"nextDueDate": "{{nextBusinessDay}}", "endDate": OMIT}},
    ("put", "/v3/recurringbills/{recurringBillId}"): {
        "schedule": {"nextDueDate": "{{nextBusinessDay}}", "endDate": OMIT}
    },
    ("post", "/v3/bills/record-payment"): {
        "processDate": "{{today}}",
        "payments": [{"billId": "{{billId}}", "amount": 10.00}],
    },
    # Users' e-mail addresses are unique in an organization.
    ("post", "/v3/users"): {"email": "clark+{{uniqueId}}@happymusicsupplies.example.com"},
    ("post", "/v3/bill-approvals/policies"): {"approvers": ["{{userId}}"]},
    ("put", "/v3/bill-approvals/policies/{policyId}"): {"approvers": ["{{userId}}"]},
    # Partner users have a username too (not an email address, at most 40 characters).
    ("post", "/v3/partner/users"): {"username": "clark.partner"},
    ("post", "/v3/partner/organizations"): {"taxId": "123456789"},
    ("post", "/v3/invoices"): {"customer": {"id": "{{customerId}}"}},
    ("put", "/v3/invoices/{invoiceId}"): {"customer": {"id": "{{customerId}}"}},
    ("post", "/v3/invoices/record-payment"): {
        "customerId": "{{customerId}}",
        "paymentDate": "{{today}}",
        "paymentType": "CHECK",
        "amount": 10.00,
        "invoices": [{"id": "{{invoiceId}}", "amount": 10.00}],
    },
    ("post", "/v3/spend/cards"): {"budgetId": "{{spendBudgetId}}"},
    # Spend & Expense: the run's S&E user owns the budget; receipts may name any image URL.
    ("post", "/v3/spend/budgets"): {"owners": ["{{spendUserId}}"]},
    ("post", "/v3/spend/custom-fields/{customFieldId}/values"): {"values": ["Lodging"]},
    ("delete", "/v3/spend/custom-fields/{customFieldId}/values"): {
        "customFieldValueIds": ["{{spendCustomFieldValueId}}"]
    },
    ("put", "/v3/spend/budgets/{budgetId}/members/bulk"): {
        "members": [{"userId": "{{spendUserId}}", "limit": 100.0}]
    },
    ("post", "/v3/spend/transactions/{acsTransactionId}/3ds-challenge"): {"action": "ACCEPT"},
    ("put", "/v3/spend/transactions/{transactionId}"): {"budgetId": "{{spendBudgetId}}"},
    ("put", "/v3/spend/transactions/{transactionId}/custom-fields"): {
        "customFields": [
            {"customFieldId": "{{spendCustomFieldId}}", "selectedValues": ["{{spendCustomFieldValueId}}"]}
        ]
    },
    ("post", "/v3/spend/transactions/{transactionId}/receipts"): {
        "url": RECEIPT_URL,
        "filename": "lunch.jpg",
    },
    ("post", "/v3/spend/reimbursements"): {
        "occurredDate": "{{today}}",
        "receipts": [{"url": RECEIPT_URL, "filename": "lunch.jpg"}],
    },
    ("post", "/v3/spend/reimbursements/{reimbursementId}/receipts"): {
        "url": RECEIPT_URL,
        "filename": "lunch.jpg",
    },
    ("post", "/v3/spend/reimbursements/{reimbursementId}/action"): {"action": "APPROVE"},
    # The request the second organization sent (``bill-sandbox serve`` makes it, its network id
    # is {{networkId}}): it asked this one to be its customer, so it is accepted as a vendor.
    ("post", "/v3/network/invitation/accept"): {"type": "VENDOR"},
    ("post", "/v3/invoices/{invoiceId}/email"): {"recipient": {"to": ["ap@example.com"]}},
    ("post", "/v3/payments/mass"): {
        "processDate": "{{businessDayAfterNext}}",
        "fundingAccount": {"type": "BANK_ACCOUNT", "id": "{{bankAccountId}}"},
        "payments": [{"billId": "{{billId}}", "amount": 10.00}],
    },
}


# ------------------------------------------------------------------------------ derivation


def resolve(doc: Doc, schema: Any) -> Any:
    """Follow local ``$ref``s and drop ``anyOf [X, null]`` to ``X``."""
    for _ in range(32):
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema and str(schema["$ref"]).startswith("#/"):
            target: Any = doc
            for part in str(schema["$ref"])[2:].split("/"):
                target = target.get(part, {})
            extra = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **extra}
            continue
        for key in ("anyOf", "oneOf"):
            options = schema.get(key)
            if isinstance(options, list):
                rest = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
                if rest:
                    outer = {k: v for k, v in schema.items() if k != key}
                    schema = {**outer, **rest[0]} if isinstance(rest[0], dict) else rest[0]
                    break
        else:
            if isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
                outer = {k: v for k, v in schema.items() if k != "allOf"}
                schema = {**outer, **schema["allOf"][0]}
                continue
            return schema
    return schema


def variable(name: str) -> str:
    return "{{" + name + "}}"


def singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def camel(words: list[str]) -> str:
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


FAMILIES = ("spend", "partner")


def id_variable(collection_path: str, param: str) -> str:
    """The Postman variable holding the id of ``collection_path``'s latest object: the path
    parameter's name, or, when it is the bare ``id``, one made from the last segment
    (``/v3/classifications/chart-of-accounts`` + ``id`` -> ``chartOfAccountId``)."""
    if param != "id":
        name = param
    else:
        words = collection_path.rstrip("/").rsplit("/", 1)[-1].split("-")
        words[-1] = singular(words[-1])
        name = camel(words) + "Id"
    # Spend & Expense and partner objects live beside the organization's own (users, roles...):
    # their variables get the family's prefix (``spendUserId``, ``partnerUserId``).
    family = next((f for f in FAMILIES if collection_path.startswith(f"/v3/{f}/")), None)
    return family + name[0].upper() + name[1:] if family else name


def path_variables(doc: Doc) -> dict[tuple[str, str], str]:
    """``(collection path, parameter)`` -> its id variable, for every ``<collection>/{param}``
    of ``doc``. Sub-collections of different parents whose parameters would share a variable
    hold different objects: each gets its parent's name too (a transaction's receipts
    ``spendTransactionReceiptId``, a reimbursement's ``spendReimbursementReceiptId``)."""
    out: dict[tuple[str, str], str] = {}
    # Shortest paths first, so that ``<collection>/{id}`` names the collection's id rather than
    # a longer path that reuses the collection with another parameter
    # (``/v3/spend/transactions/{acsTransactionId}/3ds-challenge``); sorted: the same answer
    # whatever order the caller's paths come in.
    for path in sorted(doc.get("paths") or {}, key=lambda p: (p.count("/"), p)):
        # Nested collections too: /v3/organizations/{organizationId}/billing-statements.
        for m in re.finditer(r"/\{([A-Za-z0-9_]+)\}", path):
            collection = path[: m.start()]
            out.setdefault((collection, m.group(1)), id_variable(collection, m.group(1)))
    holders: dict[str, list[tuple[str, str]]] = {}
    for key, name in out.items():
        holders.setdefault(name, []).append(key)
    for keys in holders.values():
        if len(keys) > 1 and all("{" in collection for collection, _ in keys):
            for collection, param in keys:
                parent = re.sub(r"/\{[^}]+\}$", "", collection.rsplit("/", 1)[0])
                words = parent.rsplit("/", 1)[-1].split("-")
                words[-1] = singular(words[-1])
                out[(collection, param)] = id_variable(collection, camel([*words, param]))
    return out


def collection_ids(doc: Doc) -> dict[str, str]:
    """Collection path -> its id variable, for every ``<collection>/{param}`` path of ``doc``."""
    out: dict[str, str] = {}
    for (collection, _), name in path_variables(doc).items():
        out.setdefault(collection, name)
    return out


def resource_id_variable(doc: Doc, path: str) -> str | None:
    """The id variable of the resource ``path`` belongs to (``/v3/vendor-credits/bulk`` ->
    ``vendorCreditId``; ``/v3/bills/{billId}`` -> ``billId``)."""
    ids = collection_ids(doc)
    m = re.match(r"(.*?)/\{([A-Za-z0-9_]+)\}", path)
    if m:
        return id_variable(m.group(1), m.group(2))
    current = path
    while current.count("/") > 1:
        if current in ids:
            return ids[current]
        current = current.rsplit("/", 1)[0]
    return ids.get(current)


def _string(name: str, schema: Doc, id_var: str | None) -> Any:
    lname = name.lower()
    fmt = schema.get("format")
    value: str
    if name == "id" and id_var:
        return variable(id_var)
    if name.endswith("Id") and len(name) > 2:
        return variable(name)
    if fmt == "date" or lname.endswith("date"):
        return variable("nextBusinessDay")
    if fmt == "date-time" or lname.endswith("time"):
        return variable("today") + "T12:00:00.000+00:00"
    described = _from_description(str(schema.get("description") or ""))
    if described:
        value = described
    elif fmt == "email" or "email" in lname:
        value = "ap@example.com"
    elif lname == "token":
        return variable(MFA_CODE_VARIABLE)
    elif "phone" in lname:
        value = "+1 650 555 0134"
    elif "currency" in lname:
        value = "USD"
    elif lname == "country":
        value = "US"
    elif "routingnumber" in lname:
        value = "074000010"
    elif "accountnumber" in lname:
        value = "123456789012"
    elif lname == "amount":
        value = "100.00"
    elif lname == "reason":
        value = "Sent by mistake"
    else:
        words = re.sub(r"([A-Z])", r" \1", name).strip().lower() or "value"
        value = f"Sample {words}"
    limit = schema.get("maxLength")
    return value[:limit] if isinstance(limit, int) else value


_EG = re.compile(r"\be\.g\.\s*([A-Za-z0-9_.:-]+)")
_ENUM_WORDS = re.compile(r"^([A-Z][A-Z0-9_]+)(?:,| or )")


def _from_description(text: str) -> str | None:
    """A value a parameter's description names: ``e.g. visa`` -> ``visa``, ``VERIFIED or
    NOMINATED: ...`` / ``BUSINESS, PERSON or NONE`` -> the first one."""
    m = _EG.search(text) or _ENUM_WORDS.match(text.strip())
    return m.group(1).rstrip(".,") if m else None


def parameter_example(doc: Doc, param: Doc) -> Any:
    """An example for a required query parameter (``None`` when nothing sensible is known)."""
    schema = resolve(doc, param.get("schema") or {})
    if isinstance(schema, dict) and param.get("description") and not schema.get("description"):
        schema = {**schema, "description": param["description"]}
    name = str(param.get("name", ""))
    if name == "ids":
        return None
    return derive(doc, schema, name)


def derive(doc: Doc, schema: Any, name: str = "", id_var: str | None = None, depth: int = 0) -> Any:
    """An example value for ``schema`` (see the module docstring)."""
    schema = resolve(doc, schema)
    if not isinstance(schema, dict) or depth > 8:
        return None
    if "example" in schema:
        return copy.deepcopy(schema["example"])
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    if schema.get("default") is not None:
        return copy.deepcopy(schema["default"])
    kind = schema.get("type")
    if kind is None and "amount" in name.lower() and "properties" not in schema:
        return 100.0  # money: a JSON number (models take any type and check it themselves)
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        out: dict[str, Any] = {}
        for prop, sub in properties.items():
            if prop in required or prop in WELL_KNOWN or prop.endswith(WELL_KNOWN_SUFFIXES):
                value = derive(doc, sub, prop, id_var, depth + 1)
                if value is not None:
                    out[prop] = value
        return out
    if kind == "array":
        count = max(1, int(schema.get("minItems") or 1))
        item = derive(doc, schema.get("items") or {}, singular(name), id_var, depth + 1)
        return [copy.deepcopy(item) for _ in range(count)] if item is not None else []
    if kind == "boolean":
        return False
    if kind in ("number", "integer"):
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        if "amount" in name.lower() or kind == "number":
            value = 100.0 if low is None else max(float(low), 100.0)
            high = schema.get("maximum")
            return min(value, float(high)) if isinstance(high, int | float) else value
        return int(low) + (1 if "exclusiveMinimum" in schema else 0) if low is not None else 1
    if kind == "string" or kind is None:
        return _string(name, schema, id_var)
    return None


def with_id_variables(value: Any) -> Any:
    """``value`` with every concrete ``fooId`` string (from a model's own example) -> ``{{fooId}}``."""
    if isinstance(value, list):
        return [with_id_variables(v) for v in value]
    if isinstance(value, dict):
        return {
            k: variable(k)
            if isinstance(v, str) and k.endswith("Id") and len(k) > 2 and not _VARIABLE.search(v)
            else with_id_variables(v)
            for k, v in value.items()
        }
    return value


def merge(base: Any, override: Any) -> Any:
    """``override`` deep-merged over ``base`` (dicts merge, anything else replaces; ``OMIT`` drops)."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            if value is OMIT:
                out.pop(key, None)
            else:
                out[key] = merge(out.get(key), value)
        return out
    return copy.deepcopy(override)


def in_family(doc: Doc, path: str, value: Any) -> Any:
    """``value`` with the id variables of a family's operation (``/v3/spend/...``) renamed to the
    family's own when it has one: a Spend & Expense card's ``{{userId}}`` is the S&E user's
    (``{{spendUserId}}``), a partner user's ``{{roleId}}`` the partner role's."""
    family = next((f for f in FAMILIES if path.startswith(f"/v3/{f}/")), None)
    if family is None:
        return value
    known = set(collection_ids(doc).values())

    def rename(m: re.Match[str]) -> str:
        name = m.group(1)
        own = family + name[:1].upper() + name[1:]
        return variable(own) if name.endswith("Id") and own in known else m.group(0)

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return _VARIABLE.sub(rename, node)
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        return node

    return walk(value)


def example_for(doc: Doc, method: str, path: str, schema: Doc) -> Any:
    """The example of ``method path`` whose JSON body has ``schema``."""
    derived = in_family(
        doc, path, with_id_variables(derive(doc, schema, "", resource_id_variable(doc, path)))
    )
    override = OVERRIDES.get((method, path))
    return merge(derived, override) if override is not None else derived


def add_examples(doc: Doc) -> Doc:
    """Give every operation of ``doc`` with a JSON body an ``example`` (media type level),
    unless it has one already. Mutates and returns ``doc``."""
    for path, item in (doc.get("paths") or {}).items():
        for method, op in item.items():
            if not isinstance(op, dict):
                continue
            media = ((op.get("requestBody") or {}).get("content") or {}).get("application/json")
            if not isinstance(media, dict) or "example" in media or "examples" in media:
                continue
            schema = media.get("schema")
            if isinstance(schema, dict):
                media["example"] = example_for(doc, method, path, schema)
    for _, item in (doc.get("paths") or {}).items():
        for op in item.values():
            for param in op.get("parameters") or [] if isinstance(op, dict) else []:
                if param.get("in") != "query" or "example" in param:
                    continue
                if param.get("required"):
                    value = parameter_example(doc, param)
                    if value is not None:
                        param["example"] = value
                elif resolve(doc, param.get("schema") or {}).get("type") == "boolean":
                    # An optional flag: what enabling it in Postman means (and the converter
                    # would otherwise pick true or false at random).
                    param["example"] = True
    return doc


# ------------------------------------------------------------------------------ values


def variable_values(today: date | None = None, mfa_code: str = DEFAULT_MFA_CODE) -> dict[str, str]:
    """Concrete values of the computed variables (dates from today's UTC date, ``uniqueId``
    from the time now)."""
    day = today or datetime.now(UTC).date()
    values = {name: fn(day).isoformat() for name, fn in DATE_VARIABLES.items()}
    values[MFA_CODE_VARIABLE] = mfa_code
    values[UNIQUE_VARIABLE] = str(time.time_ns() // 1_000_000)
    return values


def concrete(value: Any, values: Mapping[str, str]) -> Any:
    """``value`` with every known ``{{variable}}`` replaced (others are left as they are)."""
    if isinstance(value, str):
        return _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [concrete(v, values) for v in value]
    if isinstance(value, dict):
        return {k: concrete(v, values) for k, v in value.items()}
    return value


def variables_in(value: Any) -> set[str]:
    """The ``{{variables}}`` used anywhere in ``value``."""
    if isinstance(value, str):
        return set(_VARIABLE.findall(value))
    if isinstance(value, list):
        return set().union(*(variables_in(v) for v in value)) if value else set()
    if isinstance(value, dict):
        return set().union(*(variables_in(v) for v in value.values())) if value else set()
    return set()


def holidays_between(first_year: int, last_year: int) -> list[str]:
    """Federal Reserve holidays (ISO dates) of the years given, for the collection's script."""
    return [d.isoformat() for y in range(first_year, last_year + 1) for d in business_days.holidays(y)]
