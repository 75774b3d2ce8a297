"""Checks of the test-document generator itself (tests/docgen)."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from .docgen import PRODUCERS, Case, generate, missing_tools, plan_all
from .docgen import fixtures as docgen_fixtures
from .docgen.bank import title_case
from .docgen.dates import Period, add_months, period_for
from .docgen.extract import docx_paragraphs, docx_text
from .docgen.plan import SCHEMES

generated_policies = docgen_fixtures.generated_policies

REQUIRE_TOOLS = os.environ.get("POLICYKIT_REQUIRE_TOOLS") == "1"


def require_tools(producers: tuple[str, ...] = PRODUCERS) -> None:
    missing = missing_tools(producers)
    if missing:
        reason = "not installed: " + ", ".join(f"{t} (for {p})" for p, t in missing.items())
        if REQUIRE_TOOLS:
            pytest.fail(reason + " and POLICYKIT_REQUIRE_TOOLS=1")
        pytest.skip(reason)


# --- an independent reading of the contract's date rules -------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_WEEKDAY = re.compile(r"^(?:" + "|".join(calendar.day_name) + r")\s+", re.IGNORECASE)


def _term(term: str, year: int) -> tuple[dt.date, dt.date]:
    if term == "autumn":
        return dt.date(year, 9, 1), dt.date(year, 12, 31)
    if term == "spring":
        return dt.date(year, 1, 1), easter(year)
    return easter(year) + dt.timedelta(days=1), dt.date(year, 8, 31)


def expected_period(text: str) -> tuple[dt.date, dt.date]:
    """The contract's reading of a UK school date (the forms the generator writes)."""
    t = _WEEKDAY.sub("", text.strip())
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", t):
        day = dt.date(int(m[3]), int(m[2]), int(m[1]))
        return day, day
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+) (\d{4})", t):
        day = dt.date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
        return day, day
    if m := re.fullmatch(r"(autumn|spring|summer)(?: term)? (\d{4})(?:/(\d{2}))?", t, re.I):
        term, year = m[1].lower(), int(m[2])
        if m[3] is not None:  # "Spring 2018/19": the term of that academic year
            assert (year + 1) % 100 == int(m[3])
            year = year if term == "autumn" else year + 1
        return _term(term, year)
    if m := re.fullmatch(r"([A-Za-z]+) (\d{4})", t):
        year, month = int(m[2]), _MONTHS[m[1].lower()]
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if m := re.fullmatch(r"(\d{4})[/-](\d{2}|\d{4})", t):
        start = int(m[1])
        assert int(m[2]) % 100 == (start + 1) % 100
        return dt.date(start, 9, 1), dt.date(start + 1, 8, 31)
    if re.fullmatch(r"\d{4}", t):
        return dt.date(int(t), 1, 1), dt.date(int(t), 12, 31)
    raise AssertionError(f"not a contract date form: {text!r}")


def _shifted(text: str, months: int) -> tuple[dt.date, dt.date]:
    """The period ``text`` names, ``months`` later (``months`` a multiple of 12)."""
    start, end = expected_period(text)
    years = months // 12
    t = _WEEKDAY.sub("", text.strip()).lower()
    if start == end:
        day = start + relativedelta(months=months)
        return day, day
    if m := re.search(r"(autumn|spring|summer)", t):
        return _term(m[1], start.year + years)
    if end == start + relativedelta(months=1, days=-1):  # a month
        first = start + relativedelta(months=months)
        return first, first + relativedelta(months=1, days=-1)
    return start + relativedelta(years=years), end + relativedelta(years=years)


def _pair(date: dict[str, str] | None) -> tuple[dt.date, dt.date] | None:
    if date is None:
        return None
    return dt.date.fromisoformat(date["start"]), dt.date.fromisoformat(date["end"])


# --- the contract's heading catalogue, for checking the truth's ids ----------------------

CATALOGUE = {  # the contract's table, plus two headings named in examples/john-clifford.json
    "rationale": [
        "Rationale",
        "Introduction",
        "Purpose",
        "Policy Statement",
        "Context",
        "Background",
        "Community cohesion: what does it mean for *",
    ],
    "definition": ["What is community cohesion?", "Definition", "Definitions"],
    "principles": ["Principles", "Values", "Our Values", "Ethos"],
    "aims": ["Aims", "Objectives", "Aims and Objectives", "Our Aims", "Goals"],
    "procedures": [
        "Procedures",
        "Implementation",
        "Strategies",
        "How we promote community cohesion",
        "Our contribution",
        "What do we need to consider in promoting community cohesion?",
    ],
    "roles": ["Roles and Responsibilities", "Responsibilities"],
    "review": [
        "Review",
        "Monitoring and Review",
        "Monitoring",
        "Evaluation and Review",
        "Policy Review",
    ],
    "history": ["Document History", "Version Control", "Review History"],
}


def normalise_heading(text: str) -> str:
    t = text.strip().lower().replace("&", "and")
    t = re.sub(r"^(section\s+\d+\s*:|\d+(\.\d+)*[.)]?)\s*", "", t)
    t = t.strip(" :.-–")
    return re.sub(r"\s+", " ", t)


CANONICAL = {normalise_heading(h): sid for sid, hs in CATALOGUE.items() for h in hs}


def canonical_id(heading: str) -> str | None:
    key = normalise_heading(heading)
    if key.startswith("community cohesion: what does it mean for "):
        return "rationale"
    return CANONICAL.get(key)


# --- the generated documents -----------------------------------------------------------


def test_files_open_and_hold_the_truth(generated_policies: list[Case]) -> None:
    assert generated_policies, "no documents generated"
    for case in generated_policies:
        document = Document(str(case.path))  # opens with python-docx
        assert len(document.paragraphs) > 5, case.path.name
        parts = docx_paragraphs(case.path)
        text = docx_text(case.path).lower()
        truth = case.truth
        if truth["school"]:
            assert truth["school"].lower() in text, (case.path.name, truth["school"])
        assert truth["title"].lower() in text, (case.path.name, truth["title"])
        at = 0  # headings are whole paragraphs, in order
        for heading in truth["section_headings"]:
            assert heading in parts["body"][at:], (case.path.name, heading, case.style)
            at = parts["body"].index(heading, at) + 1
        if "due-in-footer" in case.style:
            assert truth["review_due_text"] in "\n".join(parts["footer"]), case.path.name


def test_every_producer_yields_documents(generated_policies: list[Case]) -> None:
    require_tools()
    counts = Counter(c.producer for c in generated_policies)
    assert counts == {p: docgen_fixtures.COUNT // 3 for p in PRODUCERS}


def test_truth_json_matches_cases(generated_policies: list[Case]) -> None:
    out = generated_policies[0].path.parent
    data = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    by_file = {d["file"]: d for d in data["documents"]}
    assert len(by_file) == len(generated_policies)
    for case in generated_policies:
        entry = by_file[case.path.name]
        assert entry["truth"] == case.truth and entry["producer"] == case.producer
    leftovers = {p.suffix for p in out.iterdir()} - {".docx", ".json"}
    assert not leftovers, f"sources left in the output folder: {leftovers}"


def test_no_two_documents_alike(generated_policies: list[Case]) -> None:
    texts = [docx_text(c.path) for c in generated_policies]
    assert len(set(texts)) == len(texts)
    assert len({c.style for c in generated_policies}) >= 0.9 * len(generated_policies)
    schemes = {
        tag for c in generated_policies for tag in c.style.split() if tag.startswith("headings=")
    }
    assert len(schemes) >= 6, schemes


def test_truth_dates_follow_the_term_rules(generated_policies: list[Case]) -> None:
    for case in generated_policies:
        check_truth_dates(case.truth, case.path.name)


def test_truth_headings_match_the_catalogue(generated_policies: list[Case]) -> None:
    for case in generated_policies:
        check_truth_sections(case.truth, case.style)


def test_pandoc_documents_have_no_header_or_footer(generated_policies: list[Case]) -> None:
    for case in generated_policies:
        if case.producer == "pandoc":
            parts = docx_paragraphs(case.path)
            assert not any(parts["header"] + parts["footer"])


def check_truth_dates(truth: dict[str, Any], name: str) -> None:
    if truth["approved"] is not None:
        assert _pair(truth["approved"]) == expected_period(truth["approved_text"]), name
    assert len(truth["reviews"]) == len(truth["review_texts"])
    for review, text in zip(truth["reviews"], truth["review_texts"], strict=True):
        assert _pair(review) == expected_period(text), name
    starts = [_pair(r)[0] for r in truth["reviews"]]  # type: ignore[index]
    assert starts == sorted(starts), f"{name}: reviews not oldest first"
    due = _pair(truth["review_due"])
    if truth["review_due_inferred"]:
        cycle = truth["review_cycle_months"]
        bases = [t for t in [truth["approved_text"], *truth["review_texts"]] if t]
        assert cycle and bases, name
        base = max(bases, key=lambda t: expected_period(t)[0])
        assert due == _shifted(base, cycle), name
    elif truth["review_due_text"] is None or truth["review_due_text"] in {
        "TBC",
        "N/A",
        "To be confirmed",
    }:
        assert due is None, name
        # nothing to infer from: no cycle, or no approval or review to count from
        assert not (truth["review_cycle_months"] and truth["review_texts"]), name
        assert not (truth["review_cycle_months"] and truth["approved"]), name
    else:
        assert due == expected_period(truth["review_due_text"]), name
    for period in filter(None, [_pair(truth["approved"]), due]):
        assert period[0] <= period[1]


def check_truth_sections(truth: dict[str, Any], style: str) -> None:
    ids, headings = truth["section_ids"], truth["section_headings"]
    assert len(ids) == len(headings)
    known = [i for i in ids if i is not None]
    assert len(known) == len(set(known)), f"duplicate sections in truth: {ids}"
    for sid, heading in zip(ids, headings, strict=True):
        assert canonical_id(heading) == sid, (heading, sid)
    missing = {"rationale", "aims", "procedures", "review"} - set(known)
    assert len(missing) <= 1
    for m in missing:
        assert f"missing={m}" in style


# --- determinism -------------------------------------------------------------------------


@pytest.mark.slow
def test_same_seed_same_documents(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 6, seed=11)
    again = generate(tmp_path / "b", 6, seed=11)
    other = plan_all(6, seed=12)  # a different seed, different documents (no need to render)
    assert [c.path.name for c in first] == [c.path.name for c in again]
    assert [c.truth for c in first] == [c.truth for c in again]
    assert [c.style for c in first] == [c.style for c in again]
    assert [docx_text(c.path) for c in first] == [docx_text(c.path) for c in again]
    assert [c.truth for c in first] != [c.truth for c in other]


def test_one_producer_only(tmp_path: Path) -> None:
    cases = generate(tmp_path, 3, seed=5, producers=("python-docx",))
    assert [c.producer for c in cases] == ["python-docx"] * 3
    with pytest.raises(ValueError):
        plan_all(1, 1, producers=("word-2003",))


# --- the planner over many seeds (no files) -----------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_plans_are_consistent(seed: int) -> None:
    for plan in plan_all(6, seed):
        check_truth_dates(plan.truth, plan.name)
        check_truth_sections(plan.truth, plan.style)


def test_variants_are_all_drawn() -> None:
    plans = plan_all(900, seed=3)
    tags = Counter(tag for p in plans for tag in p.tags)
    for scheme, _ in SCHEMES:
        assert tags[f"headings={scheme.name}"], scheme.name
    wanted = [
        "meta=table",
        "meta=colon",
        "meta=tab",
        "meta=table-end",
        "title=title-style",
        "title=heading-1",
        "title=big-bold",
        "title=meta",
        "school=top-line",
        "school=meta",
        "school=header",
        "school=prefix",
        "school=subtitle",
        "school-caps",
        "title-caps",
        "due=stated",
        "due=inferred",
        "due=none",
        "due=tbc",
        "approval=sentence",
        "approval=none",
        "cycle=12",
        "cycle=24",
        "cycle=36",
        "cycle=none",
        "history=horizontal",
        "history=vertical-3",
        "history=vertical-2",
        "history-newest-first",
        "lists=numbering",
        "lists=styles",
        "lists=manual",
        "hand-numbered",
        "colons",
        "subsections",
        "nested-list",
        "body-table",
        "due-in-footer",
        "approval-in-header",
        "date-field",
        "date-picker",
        "content-control",
        "tracked-heading",
        "localised-style-ids",
        "empty-section",
        "src=fodt",
        "src=html",
        "missing=rationale",
        "missing=aims",
        "missing=procedures",
        "missing=review",
        "curly-quotes",
        "blank-lines",
    ]
    absent = [w for w in wanted if not tags[w]]
    assert not absent, absent
    texts = [p.truth["approved_text"] for p in plans if p.truth["approved_text"]]
    shapes = Counter(_shape(t) for t in texts)
    assert set(shapes) == {"day", "month", "term", "academic_year", "year"}, shapes
    assert any("/" in t and t.split()[0] in {"Autumn", "Spring", "Summer"} for t in texts)
    assert any(p.truth["school"] is None for p in plans)
    assert any(p.truth["reviews"] and p.truth["reviews"][-1]["signed_by"] is None for p in plans)


def _shape(text: str) -> str:
    start, end = expected_period(text)
    if start == end:
        return "day"
    if re.search(r"autumn|spring|summer", text, re.I):
        return "term"
    if end == start + relativedelta(months=1, days=-1):
        return "month"
    return "academic_year" if start.month == 9 else "year"


# --- the date helpers and the casing rule ----------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "form", "day", "text", "start", "end"),
    [
        ("term", "term-ay", dt.date(2019, 2, 10), "Spring 2018/19", "2019-01-01", "2019-04-21"),
        ("term", "term", dt.date(2017, 10, 2), "Autumn 2017", "2017-09-01", "2017-12-31"),
        ("term", "term-lower", dt.date(2020, 6, 1), "Summer term 2020", "2020-04-13", "2020-08-31"),
        ("month", "sept", dt.date(2016, 9, 20), "Sept 2016", "2016-09-01", "2016-09-30"),
        ("day", "dd/mm/yyyy", dt.date(2016, 9, 1), "01/09/2016", "2016-09-01", "2016-09-01"),
        ("day", "ordinal", dt.date(2016, 9, 12), "12th September 2016", "2016-09-12", "2016-09-12"),
        ("academic_year", "yyyy/yy", dt.date(2019, 3, 1), "2018/19", "2018-09-01", "2019-08-31"),
    ],
)
def test_period_for(
    precision: Any, form: str, day: dt.date, text: str, start: str, end: str
) -> None:
    period = period_for(day, precision, form)
    assert (period.text, period.start.isoformat(), period.end.isoformat()) == (text, start, end)


def test_add_months_examples() -> None:
    autumn = period_for(dt.date(2023, 10, 1), "term", "term")
    assert add_months(autumn, 24).truth() == {"start": "2025-09-01", "end": "2025-12-31"}
    day = Period("12/09/2023", dt.date(2023, 9, 12), dt.date(2023, 9, 12), "day")
    assert add_months(day, 24).truth() == {"start": "2025-09-12", "end": "2025-09-12"}
    month = period_for(dt.date(2023, 9, 5), "month", "full")
    assert add_months(month, 12).truth() == {"start": "2024-09-01", "end": "2024-09-30"}
    spring = period_for(dt.date(2023, 2, 1), "term", "term")
    assert add_months(spring, 12).truth() == {"start": "2024-01-01", "end": "2024-03-31"}


@pytest.mark.parametrize(
    "name",
    [
        "Oakfield Primary School",
        "St Mary's Catholic Primary School",
        "Hillcrest Church of England Junior School",
        "The Meadows Community School",
        "Park View C of E Primary School",
        "Kingsmead CE Academy",
        "Wootton Park",
        "Our Lady of Lourdes Catholic Primary School",
        "St Michael and All Angels CE Academy",
    ],
)
def test_title_case_of_capitals(name: str) -> None:
    assert title_case(name.upper()) == name
