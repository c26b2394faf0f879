"""schemas.ResponseModel shapes: plain classes until a route needs their pydantic model."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from bill_sandbox.schemas import ResponseModel, response_shape, response_type


class Money(ResponseModel):
    """An amount."""

    amount: float | None = None


class Line(ResponseModel):
    description: str | None = Field(None, description="What was bought")
    price: Money | None = None


class Order(ResponseModel):
    """An order."""

    lines: list[Line] = []
    total: Annotated[Money | None, Field(description="Sum of the lines")] = None


class BigOrder(Order):
    rush: bool = False


def test_a_shape_is_plain_until_its_model_is_asked_for() -> None:
    assert not issubclass(Order, BaseModel)
    model = response_type(Order)
    assert issubclass(model, BaseModel) and response_type(Order) is model
    assert (model.__name__, model.__module__, model.__doc__) == ("Order", __name__, "An order.")


def test_nested_shapes_and_subclasses_become_models_too() -> None:
    big = response_type(BigOrder)
    assert issubclass(big, response_type(Order))
    assert list(big.model_fields) == ["lines", "total", "rush"]
    schema = big.model_json_schema(by_alias=True)
    assert schema["properties"]["lines"]["items"] == {"$ref": "#/$defs/Line"}
    assert schema["properties"]["total"]["description"] == "Sum of the lines"
    assert schema["$defs"]["Line"]["properties"]["description"]["description"] == "What was bought"
    assert "required" not in schema  # nothing required, unknown fields allowed
    parsed = big.model_validate({"lines": [{"price": {"amount": 2}}], "extra": 1, "rush": True})
    assert parsed.lines[0].price.amount == 2


def test_type_expressions_and_run_time_shapes() -> None:
    assert response_type(list[Order]) == list[response_type(Order)]  # type: ignore[misc]
    assert response_type(str | None) == str | None
    made = response_shape("OrderList", __name__, results=(list[Order], []), next_page=(str | None, None))
    model = response_type(made)
    assert model.__name__ == "OrderList" and list(model.model_fields) == ["results", "next_page"]
    assert model.model_fields["results"].annotation == list[response_type(Order)]  # type: ignore[misc]
