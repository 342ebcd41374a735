"""The indented JSON writer gives exactly the text of json.dumps(..., ensure_ascii=False, indent=2)."""
from __future__ import annotations

import enum
import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from minestd.io.jsontext import dumps_indented

# strings that could confuse a writer that edits the compact text: braces, the separators it uses internally
# (NUL, SOH), quotes, backslashes, line breaks, non-BMP characters
TEXT = st.text(alphabet=st.sampled_from(list('ab煤矿{}[]",:\\\n\x00\x01 \u3000\U00020000')), max_size=8)
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-10**20, max_value=10**20)
           | st.floats(allow_nan=True, allow_infinity=True) | TEXT)
JSONISH = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4)
                       | st.lists(st.dictionaries(TEXT, SCALARS, min_size=1, max_size=3), min_size=1, max_size=4),
                       max_leaves=20)


def stdlib(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@settings(max_examples=400, deadline=None)
@given(JSONISH)
def test_same_text_as_json_dumps(data):
    assert dumps_indented(data) == stdlib(data)


def test_lists_of_flat_objects_and_the_findings_shape():
    findings = [{"rule": "MS101", "severity": "error", "row": i, "field": "designation", "value": "}\x00{",
                 "message": "标准编号 \"x}\"", "fix": None, "ok": i % 2 == 0, "score": 0.25 * i} for i in range(50)]
    data = {"entries": 50, "findings": findings, "empty": [], "none": {}, "mixed": [{"a": 1}, {}, [1, {"b": [2]}]],
            "tuple": (1, "x"), "nan": [math.nan, -math.inf]}
    assert dumps_indented(data) == stdlib(data)
    assert dumps_indented([]) == "[]" and dumps_indented({}) == "{}" and dumps_indented("煤") == '"煤"'


def test_what_it_does_not_know_goes_to_json_dumps():
    class Level(str, enum.Enum):
        high = "high"

    for data in ({1: "int key"}, {"a": Level.high}, [{"a": Level.high}], {"a": {True: 1}}, [{None: 1}]):
        assert dumps_indented(data) == stdlib(data)
    for bad in ({"a": {1, 2}}, [object()]):
        try:
            stdlib(bad)
        except TypeError as expected:
            try:
                dumps_indented(bad)
            except TypeError as got:
                assert str(got) == str(expected)
            else:
                raise AssertionError("no TypeError")
