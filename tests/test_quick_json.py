"""quick_json gives what json gives: the same text from dumps, the same values (and the same
errors) from loads."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liuliqiao_cli import quick_json

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=25,
)


def _same(a: object, b: object) -> bool:
    """Equal, with NaN equal to itself."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@settings(max_examples=150, deadline=None)
@given(VALUES, st.booleans(), st.booleans())
def test_dumps_is_json_dumps(value, ensure_ascii, sort_keys) -> None:
    expected = json.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys)
    assert quick_json.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys) == expected


@settings(max_examples=150, deadline=None)
@given(VALUES, st.booleans(), st.sampled_from(["", " ", "\n", "\t "]))
def test_loads_is_json_loads(value, ensure_ascii, padding) -> None:
    text = padding + json.dumps(value, ensure_ascii=ensure_ascii) + padding
    assert _same(quick_json.loads(text), json.loads(text))


@pytest.mark.parametrize(
    "text", ["", " ", "[1,", '{"a" 1}', "[1] x", "\ufeff[]", "nul", '"\\x"', "[1]]", "01"]
)
def test_bad_json_is_refused_as_json_refuses_it(text: str) -> None:
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as got:
        quick_json.loads(text)
    assert str(got.value) == str(expected.value)


def test_what_json_cannot_write_is_refused_the_same_way() -> None:
    circular: list[object] = []
    circular.append(circular)
    for value in ({"a": {1, 2}}, circular, {(1, 2): 3}):
        with pytest.raises((TypeError, ValueError)) as expected:
            json.dumps(value)
        with pytest.raises(type(expected.value)) as got:
            quick_json.dumps(value)
        assert str(got.value) == str(expected.value)
