"""The two real policies the project started from parse as a person reads them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import policykit
from policykit.model import ListBlock, Policy

from .conftest import EXAMPLES, POLICIES, need_shared


@pytest.fixture(scope="module")
def wootton() -> Policy:
    need_shared()
    return policykit.parse(POLICIES / "wootton-park.docx")


@pytest.fixture(scope="module")
def clifford() -> Policy:
    need_shared()
    return policykit.parse(POLICIES / "john-clifford.docx")


def test_wootton_park_metadata(wootton: Policy) -> None:
    assert wootton.school == "Wootton Park"
    assert wootton.title == "Community Cohesion Policy"
    assert wootton.approved is not None
    assert (wootton.approved.start, wootton.approved.end) == (
        dt.date(2016, 9, 1),
        dt.date(2016, 9, 30),
    )
    assert wootton.approved.text == "September 2016"
    assert wootton.review_due is not None
    assert wootton.review_due.text == "September 2019"
    assert not wootton.review_due.inferred
    assert wootton.review_cycle_months == 12
    assert wootton.people["author"] == "Dan Rosser"
    assert wootton.people["link_governor"] == "Andre Gonzalez de Savage"


def test_wootton_park_sections(wootton: Policy) -> None:
    assert [s.id for s in wootton.sections] == [
        "rationale",
        "principles",
        "aims",
        "procedures",
        "review",
    ]
    assert [s.heading for s in wootton.sections] == [
        "Rationale",
        "Principles",
        "Aims",
        "Procedures",
        "Review",
    ]


def test_wootton_park_lists_keep_their_nesting(wootton: Policy) -> None:
    procedures = wootton.find("procedures")
    assert procedures is not None
    lists = [b for b in procedures.blocks if isinstance(b, ListBlock)]
    assert len(lists) == 1
    assert [len(item.items) for item in lists[0].items] == [4, 4, 10]
    assert lists[0].items[0].text == "Teaching and Learning"
    rationale = wootton.find("rationale")
    assert rationale is not None
    rationale_lists = [b for b in rationale.blocks if isinstance(b, ListBlock)]
    assert len(rationale_lists[0].items) == 5


def test_wootton_park_keeps_the_motto_before_the_first_heading(wootton: Policy) -> None:
    texts = [b.text for b in wootton.preamble if b.type == "paragraph"]
    assert any("Ipsum quod faciendum" in t for t in texts)


def test_john_clifford_review_history(clifford: Policy) -> None:
    assert [(r.date.text, r.signed_by) for r in clifford.reviews] == [
        ("Spring 2009", "Pam Holland"),
        ("Spring 2013", "Johnny Bishop"),
        ("Autumn 2017", None),
    ]
    assert clifford.reviews[2].date.start == dt.date(2017, 9, 1)


def test_john_clifford_dates_and_names(clifford: Policy) -> None:
    assert clifford.review_due is not None
    assert clifford.review_due.text == "Autumn 2021"
    assert (clifford.review_due.start, clifford.review_due.end) == (
        dt.date(2021, 9, 1),
        dt.date(2021, 12, 31),
    )
    assert clifford.title == "Community Cohesion Policy"
    assert clifford.school == "John Clifford School"
    assert clifford.created is not None and clifford.created.text == "2008"


def test_john_clifford_sections(clifford: Policy) -> None:
    ids = clifford.section_ids()
    assert {"definition", "history"} <= set(ids)
    assert "aims" not in ids and "review" not in ids
    # the run-in heading "Teaching and learning" closes a paragraph and opens a subsection
    procedures = clifford.find("procedures")
    assert procedures is not None
    assert [s.heading for s in procedures.sections] == [
        "Teaching and learning",
        "Equity and excellence",
        "Engagement and ethos",
    ]
    assert procedures.blocks[-1].type == "paragraph"
    assert procedures.blocks[-1].text.endswith("three main areas:")


def test_john_clifford_definition_list(clifford: Policy) -> None:
    definition = clifford.find("definition")
    assert definition is not None
    lists = [b for b in definition.blocks if isinstance(b, ListBlock)]
    assert len(lists) == 1 and len(lists[0].items) == 6


@pytest.mark.parametrize("name", ["wootton-park", "john-clifford"])
def test_examples_hold_the_checked_parse(name: str) -> None:
    """examples/NAME.json was checked by hand; the parser must keep producing it."""
    expected = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    got = policykit.parse(EXAMPLES / f"{name}.docx").model_dump(mode="json")
    assert got == expected


@pytest.mark.parametrize("name", ["wootton-park", "john-clifford"])
def test_examples_are_the_shared_seeds(name: str) -> None:
    need_shared()
    assert (EXAMPLES / f"{name}.docx").read_bytes() == (POLICIES / f"{name}.docx").read_bytes()


def test_parse_accepts_a_binary_file_object() -> None:
    need_shared()
    with Path(POLICIES / "wootton-park.docx").open("rb") as handle:
        policy = policykit.parse(handle)
    assert policy.school == "Wootton Park"
