"""The JSON report's own encoder writes exactly what ``json.dumps(indent=2)`` writes."""

from __future__ import annotations

import collections
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.registry import Registry
from policykit.reports import ReportOptions
from policykit.reports import json as json_report

from .test_reports import sample

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers() | st.booleans() | st.none(), inner, max_size=2)
    ),
    max_leaves=20,
)


def standard(value: Any, level: int = 0) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)


@given(values, st.integers(0, 3))
@settings(max_examples=400)
def test_dumps_is_json_dumps(value: Any, level: int) -> None:
    assert json_report.dumps(value, level) == standard(value, level)


def test_subclasses_and_awkward_strings() -> None:
    ordered = collections.OrderedDict([("b", 1), ("a", [True, None, 2.5])])
    value: object
    for value in (ordered, {"x": 'line\nbreak "quoted" é \u2028 \x00'}, {"": []}, [{}], (1, 2)):
        assert json_report.dumps(value, 2) == standard(value, 2)


def test_a_circular_value_is_refused_as_json_refuses_it() -> None:
    looped: list[Any] = []
    looped.append(looped)
    try:
        json.dumps(looped, indent=2)
    except ValueError as expected:
        message = str(expected)
    try:
        json_report.dumps(looped)
    except ValueError as got:
        assert str(got) == message
    else:
        raise AssertionError("a circular list was encoded")


def test_the_report_and_each_document() -> None:
    report = sample()
    options = ReportOptions(Registry.with_builtins())
    assert json_report.write(report, options) == standard(report.to_dict()) + "\n"
    for document in report.documents:
        assert json_report.document_text(document, 2) == standard(document.to_dict(), 2)
