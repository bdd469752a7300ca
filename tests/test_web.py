"""The page's JSON written by orjson is the text json writes (``graph.web.plain_script_json`` and
``checked_script_json``, #15)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.web import checked_script_json, plain_script_json, script_json

# Any text, lone surrogates and the characters a script block must not hold included; integers past 64 bits
PLAIN_FLOATS = st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: f == 0 or abs(f) >= 1e-4)
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | PLAIN_FLOATS
           | st.text(st.characters() | st.sampled_from("<>&\u2028\u2029\"\\\x00\x1f\x7f\ud800"), max_size=12))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner)
                      | st.dictionaries(st.text(max_size=6) | st.integers() | st.booleans() | st.none(), inner,
                                        max_size=5),
                      max_leaves=30)


@settings(max_examples=2000, deadline=None)
@given(VALUES)
def test_plain_values_are_written_as_script_json_writes_them(value):
    assert plain_script_json(value) == script_json(value)


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: f == 0 or abs(f) >= 1e-4))
def test_every_plain_float_is_written_as_json_writes_it(f):
    assert plain_script_json([f, -f]) == script_json([f, -f])


def test_what_orjson_writes_differently_is_outside_plain_values():
    """The floats a plain value may not hold are those orjson writes otherwise: the caller must know its own."""
    assert plain_script_json([1e-05]) != script_json([1e-05])
    assert plain_script_json([math.nan]) == "[null]"
    with pytest.raises(ValueError, match="Out of range"):
        script_json([math.nan])


def test_types_json_refuses_are_refused():
    """A date or a set is json's error, not a text orjson would make of it."""
    import datetime

    for value in ([datetime.date(2020, 1, 2)], [{1, 2}]):
        with pytest.raises(TypeError):
            plain_script_json(value)


# any float, the ones orjson writes otherwise (under 1e-4, NaN, infinities) included
ANY_SCALARS = SCALARS | st.floats() | st.sampled_from([1e-05, 1e-07, 9.99e-05, 5e-324, 1e-10, math.inf, math.nan])
ANY_VALUES = st.recursive(ANY_SCALARS, lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner)
                          | st.dictionaries(st.text(max_size=6) | st.integers() | st.none(), inner, max_size=5),
                          max_leaves=30)


def _outcome(write, value):
    try:
        return write(value)
    except (ValueError, TypeError) as exc:
        return type(exc)


@settings(max_examples=3000, deadline=None)
@given(ANY_VALUES)
def test_checked_values_are_written_as_script_json_writes_them(value):
    """Any value of these types: the same text, or the same error (NaN and infinities are json's ValueError)."""
    assert _outcome(checked_script_json, value) == _outcome(script_json, value)


@given(st.floats())
def test_every_float_is_checked(f):
    assert _outcome(checked_script_json, [f, -f, {"x": f}]) == _outcome(script_json, [f, -f, {"x": f}])
