"""The shortcuts recognition takes for speed: they give the answers of the long way,
and what they remember stays bounded."""

from __future__ import annotations

import random
import re
import string

import pytest

from policykit import dates
from policykit.docx.blocks import DocParagraph, Run
from policykit.kinds import get_kind
from policykit.recognise import headings as hd
from policykit.recognise import metadata as md
from policykit.recognise.names import ends_with_school_word, is_shouting
from policykit.recognise.reading import dates_in_sentences as _dates_in_sentences

DATE_TEXTS = [
    "12th September 2016",
    "Sept 2016",
    "Sep-16",
    "Autumn 2017",
    "Spring Term 1 2019",
    "2018/19",
    "Academic year 2018-2019",
    "01/09/2016",
    "2016-09-12",
    "12 September 2016 10:30",
    "Monday 12th September 2016",
    "2008",
    "  (May 2020).  ",
    "31/02/2016",
    "1.2.10",
    "Section 1 and 2",
    "TBC",
    "",
    "Education Act 2002",
    "approved on 13 July 2009 by governors",
]


@pytest.mark.parametrize("text", DATE_TEXTS)
def test_is_date_and_date_spans_agree_with_the_long_way(text: str) -> None:
    assert dates.is_date(text) == (dates.parse_date(text) is not None)
    assert dates.date_spans(text) == [(s, e) for s, e, _ in dates.find_dates(text)]
    if not dates.may_contain_date(text):
        assert dates.find_dates(text) == []
        assert dates.parse_date(text) is None


def test_the_two_digit_gate_is_two_digits_in_a_row() -> None:
    rng = random.Random(11)
    alphabet = "0123456789 a.-/\u0663"  # an Arabic-Indic digit is not a digit here
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert dates.may_contain_date(text) == (re.search("[0-9]{2}", text) is not None), text


def test_is_date_refuses_what_is_not_text() -> None:
    assert dates.is_date(None) is False  # type: ignore[arg-type]
    assert dates.is_date(["2016"]) is False  # type: ignore[arg-type]


def _slow_shouting(text: str) -> bool:
    cased = [c for c in text if c.lower() != c.upper()]
    letters = sum(1 for c in text if c.isalpha())
    return len(cased) >= 3 and len(cased) * 2 >= letters and all(c.isupper() for c in cased)


def test_is_shouting_fast_path_matches_the_definition() -> None:
    rng = random.Random(7)
    alphabet = string.ascii_uppercase + string.digits + " .,:;-'\t" + "ab" + "ÉÀß"
    samples = ["", "AB", "ABC", "A B C", "ÉCOLE", "OAKFIELD SCHOOL", "Oakfield"]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10))) for _ in range(3000)
    ]
    for text in samples:
        assert is_shouting(text) == _slow_shouting(text), text


def test_bold_or_underlined_is_bold_or_underline() -> None:
    cases = [
        [],
        [Run("Aims", bold=True)],
        [Run("Aims", underline=True)],
        [Run("  ", bold=False), Run("Aims", bold=True)],
        [Run("Aims", bold=True), Run("and", underline=True)],
        [Run("   ", bold=True)],
        [Run("Aims", bold=True, underline=True), Run("more", bold=True)],
    ]
    for runs in cases:
        p = DocParagraph(text="".join(r.text for r in runs), runs=runs)
        assert hd.bold_or_underlined(p) == (p.bold or p.underline)


def test_body_font_size_takes_the_first_of_the_most_common() -> None:
    long = "x" * 81
    paragraphs = [
        DocParagraph(text=long, font_size=11.0),
        DocParagraph(text=long, font_size=12.0),
        DocParagraph(text=long, font_size=12.0),
        DocParagraph(text=long, font_size=11.0),
        DocParagraph(text="short", font_size=14.0),
    ]
    assert hd.body_font_size(paragraphs) == 11.0
    assert hd.body_font_size([DocParagraph(text="short", font_size=14.0)]) is None


def test_ends_with_school_word() -> None:
    assert ends_with_school_word("Oakfield School")
    assert ends_with_school_word("ELM ACADEMY")
    assert not ends_with_school_word("John Clifford")
    assert not ends_with_school_word("Schoolhouse Lane")


def test_a_line_without_a_label_holds_no_values() -> None:
    kind = get_kind("community-cohesion")
    for text in ["Review date: September 2019", "Next review\tSummer 2019", "Approved - 2019"]:
        assert md.may_hold_values(text)
    assert not md.may_hold_values("The school is well-known in the area.")
    assert md.read_line(kind, "The school is well-known in the area.") == []
    found = md.read_line(kind, "Review date: September 2019")
    assert found == [("review_due", "Review date", "September 2019")]
    found.append(("x", "y", "z"))  # each call gets a list of its own
    assert md.read_line(kind, "Review date: September 2019") == [
        ("review_due", "Review date", "September 2019")
    ]


def test_remembered_answers_stay_bounded() -> None:
    kind = get_kind("community-cohesion")
    for i in range(5000):
        md.line_values(kind, f"Label {i}: value {i}")
        dates.is_date(f"{i} things")
        _dates_in_sentences(f"approved on {i} May 2016")
        hd._wording(kind, f"{i}. Aims")
        kind.find_review_cycle(f"reviewed every {i} years")
    assert md._remembered_values.cache_info().currsize <= 4096
    assert dates._is_date_text.cache_info().currsize <= 8192
    assert _dates_in_sentences.cache_info().currsize <= 4096
    assert hd._wording.cache_info().currsize <= 4096
    assert len(kind._cycle_found) <= 4096


def test_long_texts_are_never_remembered() -> None:
    kind = get_kind("community-cohesion")
    long = "Review date: September 2019 " + "and so on " * 200
    before = md._remembered_values.cache_info().currsize
    md.line_values(kind, long)
    assert md._remembered_values.cache_info().currsize == before
    before = dates._is_date_text.cache_info().currsize
    assert not dates.is_date(" " * 400 + "x")
    assert dates._is_date_text.cache_info().currsize == before
    assert dates.is_date(" " * 400 + "September 2016")  # stripped, it is short
    kind.find_review_cycle(long)
    assert long not in kind._cycle_found
