"""The building blocks every resource's request and response models share.

What goes here (and only this): the base models (``RequestModel`` for request bodies,
``ResponseModel`` for the documented response shapes), annotated field types that carry BILL's
validation messages (``NotBlank``, ``Email``, ``Date``, ``Amount``, ``Number``, ``Country``, …),
and turning a validated request model into a document (``to_document``, ``jsonable``). A type
used by one resource only stays in that resource's ``schemas.py``; money arithmetic and parsing
live in ``money``.
"""

from __future__ import annotations

import inspect
import re
import threading
import types
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, GetJsonSchemaHandler
from pydantic.alias_generators import to_camel
from pydantic.json_schema import JsonSchemaValue

from bill_sandbox import clock, money


class RequestModel(BaseModel):
    """Request bodies: camelCase on the wire, unknown fields refused.

    Models build their validators when first used (``defer_build``), not at import: with the
    response models (now plain shapes, ``ResponseModel``) there were some 400 of them, and
    building them all took a third of the start-up time. A route builds its models with itself
    (``routing.LazyRoute``)."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
        defer_build=True,
    )

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """``NotBlank`` fields (and ``NotNull`` ones validated when absent) default to None (so
        that a missing one gets BILL's "must not be blank/null" message) yet are required: say so
        in the JSON schema, for docs, Postman and the derived request examples."""
        schema = handler.resolve_ref_schema(handler(core_schema))
        required = [
            field.alias or name
            for name, field in cls.model_fields.items()
            if any(isinstance(m, AfterValidator) and m.func is _not_blank for m in field.metadata)
            or (
                field.validate_default
                and any(isinstance(m, AfterValidator) and m.func is _not_null for m in field.metadata)
            )
        ]
        if required:
            schema["required"] = sorted(set(schema.get("required", [])) | set(required))
        return schema

    def to_camel_dict(self, exclude_unset: bool = False) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_unset=exclude_unset, mode="json")


class PlainModel(BaseModel):
    """Models that keep their Python field names on the wire (the control plane's bodies and
    answers, the health check): built when first used, as ``RequestModel``."""

    model_config = ConfigDict(defer_build=True)


class ResponseModel:
    """Response shapes, for the OpenAPI spec only (responses are built as documents): unknown
    fields allowed, nothing required.

    Declared as pydantic models are (annotations, ``Field`` defaults, subclasses of other
    shapes) but kept plain classes: there are some 220 of them, and even deferred, creating
    them as pydantic models took a seventh of the start-up time. ``response_type`` builds the
    pydantic model of a shape (once, with the shape's name, module and docstring, so the spec
    is the same) when a route that answers it is built (``routing.LazyRoute``)."""


def response_shape(name: str, module: str, **fields: tuple[Any, Any]) -> type[ResponseModel]:
    """A shape made at run time, as pydantic's ``create_model`` makes a model: each field is
    (type, default)."""
    namespace: dict[str, Any] = {
        "__module__": module,
        "__qualname__": name,
        "__annotations__": {field: tp for field, (tp, _) in fields.items()},
    }
    namespace.update({field: default for field, (_, default) in fields.items()})
    return type(name, (ResponseModel,), namespace)


class _ResponseBase(RequestModel):
    model_config = RequestModel.model_config | {"extra": "allow"}


_response_models: dict[type, type[BaseModel]] = {}
_building = threading.RLock()


def response_type(tp: Any) -> Any:
    """``tp`` with every ``ResponseModel`` shape in it (``Shape``, ``list[Shape]``,
    ``Shape | None``, ``Annotated[Shape, ...]``) replaced by its pydantic model."""
    if isinstance(tp, type) and issubclass(tp, ResponseModel):
        return _response_model(tp)
    args = get_args(tp)
    origin = get_origin(tp)
    if not args or origin is Literal:
        return tp
    if origin is Annotated:
        return Annotated[(response_type(args[0]), *tp.__metadata__)]
    new = tuple(response_type(a) for a in args)
    if new == args:
        return tp
    if origin in (Union, types.UnionType):
        return Union[new]  # noqa: UP007  (a union built from a tuple)
    return origin[new]


def _response_model(shape: type) -> type[BaseModel]:
    with _building:
        built = _response_models.get(shape)
        if built is not None:
            return built
        parent = next(b for b in shape.__bases__ if issubclass(b, ResponseModel))
        base = _ResponseBase if parent is ResponseModel else _response_model(parent)
        hints = get_type_hints(shape, include_extras=True)
        own = inspect.get_annotations(shape)
        namespace: dict[str, Any] = {
            "__module__": shape.__module__,
            "__qualname__": shape.__qualname__,
            "__doc__": shape.__doc__,
            "__annotations__": {name: response_type(hints[name]) for name in own},
        }
        namespace.update({name: shape.__dict__[name] for name in own if name in shape.__dict__})
        built = type(shape.__name__, (base,), namespace)
        _response_models[shape] = built
        return built


def _required(message: str) -> Callable[[Any], Any]:
    """The one "required" check: absent (None) or blank answers "<field>: <message>" (BILL says
    "must not be blank" for strings, "must not be null" for dates)."""

    def check(value: Any) -> Any:
        if value is None or not str(value).strip():
            raise ValueError(message)
        return value

    return check


_not_blank = _required("must not be blank")


def _not_null(value: Any) -> Any:
    if value is None:
        raise ValueError("must not be null")
    return value


# A required string: absent, null and "" all answer "<field>: must not be blank".
NotBlank = Annotated[str | None, Field(default=None, validate_default=True), AfterValidator(_not_blank)]
NotNull = AfterValidator(_not_null)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise ValueError("must not be blank")
    if value is not None and not _EMAIL.match(value):
        raise ValueError("must be a well-formed email address")
    return value


Email = Annotated[str | None, AfterValidator(_email)]
RequiredEmail = Annotated[
    str | None, Field(default=None, validate_default=True), AfterValidator(_not_blank), AfterValidator(_email)
]


@lru_cache(maxsize=512)
def country_name(code: str) -> str | None:
    c = pycountry.countries.get(alpha_2=code.upper())
    return str(c.name) if c is not None else None


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    if country_name(value) is None:
        raise ValueError("must be an ISO 3166-1 alpha-2 country code")
    return value.upper()


@lru_cache(maxsize=512)
def is_currency(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=code.upper()) is not None


def _currency(value: str | None) -> str | None:
    if value is None:
        return None
    if not is_currency(value):
        raise ValueError("must be an ISO 4217 currency code")
    return value.upper()


Country = Annotated[str | None, AfterValidator(_country)]
Currency = Annotated[str | None, AfterValidator(_currency)]


# The largest magnitude of an amount, a quantity or a price (cents must fit a BIGINT column).
MAX_AMOUNT = Decimal("999999999999.99")


def _number(exact: bool, bounded: bool) -> Callable[[Any], Any]:
    """A number field parsed by ``money.to_decimal`` ("<field>: must be a number" otherwise):
    rounded to cents unless ``exact``, within ±``MAX_AMOUNT`` when ``bounded``."""

    def parse(value: Any) -> Any:
        if value is None:
            return None
        try:
            d = money.to_decimal(value, exact=exact)
        except ValueError:
            raise ValueError("must be a number") from None
        if bounded and abs(d) > MAX_AMOUNT:
            raise ValueError(f"must be between -{MAX_AMOUNT} and {MAX_AMOUNT}")
        return d

    return parse


# Money in dollars, rounded to cents.
Money = Annotated[Any, BeforeValidator(_number(exact=False, bounded=False))]
# Money in dollars, rounded to cents, bounded by MAX_AMOUNT.
Amount = Annotated[Any, BeforeValidator(_number(exact=False, bounded=True))]
# An exact number that is not rounded to cents (quantities, unit prices), bounded by MAX_AMOUNT.
Number = Annotated[Any, BeforeValidator(_number(exact=True, bounded=True))]


def _bool(value: Any) -> Any:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


Bool = Annotated[bool | None, BeforeValidator(_bool)]


class Address(RequestModel):
    line1: str | None = Field(None, max_length=200)
    line2: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    state_or_province: str | None = Field(None, max_length=100)
    zip_or_postal_code: str | None = Field(None, max_length=20)
    country: Country = None


def address_doc(addr: dict[str, Any] | None) -> dict[str, Any] | None:
    """RequestModel address with BILL's derived ``countryName``."""
    if not addr:
        return None
    out = {k: v for k, v in addr.items() if v is not None and k != "countryName"}
    if out.get("country"):
        out["countryName"] = country_name(out["country"])
    return out


# ---------------------------------------------------------------------- dates, numbers, documents
def _date(value: str | None) -> str | None:
    if value is None:
        return None
    parsed = clock.parse_date(value)
    if parsed is None:
        raise ValueError("must be a date in yyyy-MM-dd format")
    return clock.iso_date(parsed)


# yyyy-MM-dd; RequiredDate answers "<field>: must not be null" when absent.
Date = Annotated[str | None, AfterValidator(_date)]
RequiredDate = Annotated[
    str | None,
    Field(default=None, validate_default=True),
    AfterValidator(_required("must not be null")),
    AfterValidator(_date),
]


def jsonable(value: Any) -> Any:
    """Decimals (money, quantities) become JSON numbers; containers are copied."""
    if isinstance(value, Decimal):
        return money.to_json(value) if value == value.quantize(money.CENT) else float(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def to_document(model: BaseModel, exclude_unset: bool = False) -> dict[str, Any]:
    """A request model as a document (camelCase keys) with Decimals as JSON numbers, as stored;
    ``RequestModel.to_camel_dict`` would write them as strings."""
    out: dict[str, Any] = jsonable(model.model_dump(by_alias=True, exclude_unset=exclude_unset))
    return out


def not_empty(value: list[Any] | None) -> list[Any]:
    """A required list with at least one element ("<field>: must not be empty")."""
    if not value:
        raise ValueError("must not be empty")
    return value
