"""`web/json_response.py`: orjson's bytes, and the standard encoder where orjson refuses."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peaceledger.web.json_response import JSONResponse

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_the_bytes_decode_to_what_was_given(value: object) -> None:
    body = JSONResponse(value).body
    assert json.loads(body.decode("utf-8")) == value  # UTF-8, not ASCII escapes
    assert b"\n" not in body  # compact (a newline inside a string is escaped)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"amount": 10**20}, {"amount": 10**20}),  # beyond 64 bits: orjson refuses
        ({1: "one"}, {"1": "one"}),  # a non-string key: orjson refuses
    ],
)
def test_what_orjson_refuses_is_encoded_by_the_standard_library(
    value: object, expected: object
) -> None:
    assert json.loads(JSONResponse(value).body) == expected


def test_not_a_number_is_null_never_invalid_json() -> None:
    """JSON has no NaN: orjson writes null (the standard encoder, as Starlette used it,
    raised and the client got a 500)."""
    assert JSONResponse({"x": float("nan")}).body == b'{"x":null}'
