"""PK402 placeholder-text."""

from __future__ import annotations

import pytest

from policykit.recognise.result import FieldValue

from .helpers import (
    hits,
    make,
)

# --------------------------------------------------------------------------- PK402


@pytest.mark.parametrize(
    "text",
    [
        "[School Name] is committed to community cohesion.",
        "Signed on behalf of [SCHOOL NAME]",
        "Date approved: [insert date]",
        "Headteacher: XXX",
        "Approved on XX/XX/XXXX by governors",
        "Insert the school's name here",
        "Dear <<Parent Name>>,",
        "«School_Name» Community Cohesion Policy",
        "Welcome to {{ school }}",
        "[Name of Chair of Governors]",
    ],
)
def test_pk402_finds_placeholders(text: str) -> None:
    found = hits("PK402", make(paragraphs=[(7, text, "rationale")]))
    assert len(found) == 1, found
    assert (found[0].section, found[0].paragraph) == ("rationale", 7)


@pytest.mark.parametrize(
    "text",
    [
        "Ofsted said that it [the school] must improve.",
        "See reference [1] and [2].",
        "Pupils in Year 6 [aged 10-11] take part.",
        "Visitors must enter the school through reception.",
        "We insert reminders in the newsletter.",
        "Reviewed by the SIP and the governors.",
        "The ratio is x < y and y > z.",
    ],
)
def test_pk402_leaves_ordinary_text_alone(text: str) -> None:
    assert hits("PK402", make(paragraphs=[(7, text, "rationale")])) == []


def test_pk402_tbc_in_a_date_field() -> None:
    result = make(
        fields=[
            FieldValue("review_due", "TBC", "line", 3),
            FieldValue("approved", "N/A", "line", 2),
        ],
        paragraphs=[(2, "Approved: N/A", None), (3, "Review date: TBC", None)],
    )
    (hit,) = hits("PK402", result)
    assert "TBC" in hit.message and hit.paragraph == 3
