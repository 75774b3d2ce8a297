"""PK104 missing-content and PK208 review-cycle-too-long: the kind's law, as data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policykit import kinds
from policykit.kinds import get_kind, register_kind_file
from policykit.model import Review

from .helpers import date, hits, make, section

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def own_kinds() -> Iterator[None]:
    """Kinds registered by a test are forgotten after it."""
    before = dict(kinds._registered)
    yield
    kinds._registered.clear()
    kinds._registered.update(before)
    kinds.get_kind.cache_clear()


def _charging(*sections_: tuple[str, str]) -> list[str]:
    result = make(
        kind="charging-remissions",
        title="Charging and Remissions Policy",
        sections=[section(None, h, t) for h, t in sections_],
    )
    return [h.message for h in hits("PK104", result)]


def test_pk104_names_the_missing_item_and_its_source() -> None:
    messages = _charging(
        ("Charges", "We charge for music tuition requested by parents."),
        ("Voluntary Contributions", "Parents may give voluntary contributions."),
    )
    [message] = messages
    assert "remissions" in message and "Education Act 1996 s.457" in message
    assert "'Remissions'" in message  # a heading that would name it


def test_pk104_finds_an_item_said_in_a_sentence_under_another_heading() -> None:
    assert (
        _charging(
            (
                "Charges",
                "We charge for music tuition. Charges are waived for pupils on free meals.",
            ),
            ("Voluntary Contributions", "Parents may give voluntary contributions."),
        )
        == []
    )


def test_pk104_the_title_naming_an_item_does_not_count_as_the_item() -> None:
    # "Charging and Remissions Policy" is the title, not a remissions part
    assert len(_charging(("Charges", "We charge for music tuition."))) == 2


def test_pk104_an_unverified_item_is_information_only() -> None:
    kind = get_kind("health-and-safety")
    unverified = [c for c in kind.contents if not c.verified]
    assert unverified  # the catalogue could not source these
    result = make(
        kind="health-and-safety",
        title="Health and Safety Policy",
        sections=[
            section("intent", "Statement of Intent", "We keep everyone safe."),
            section("organisation", "Organisation", "The head is responsible."),
            section("arrangements", "Arrangements", "Staff follow the procedures."),
        ],
    )
    found = hits("PK104", result)
    assert len(found) == len(unverified)
    assert all(h.severity == "info" for h in found)
    assert all("no source" in h.message for h in found)


def test_pk104_is_quiet_for_the_generic_kind_and_an_unknown_kind() -> None:
    assert hits("PK104", make(kind="generic", sections=[])) == []
    assert hits("PK104", make(kind="no-such-kind", sections=[])) == []


@pytest.mark.usefixtures("own_kinds")
def test_pk104_leaves_a_missing_required_section_of_the_same_id_to_pk101(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lettings.yaml"
    path.write_text(
        "id: lettings\nname: Lettings Policy\ndefault_title: Lettings Policy\n"
        "sections:\n  - {id: charges, required: true, title: Charges, headings: [Charges]}\n"
        "contents:\n  - {id: charges, name: the charges, source: the trust, verified: true,"
        " headings: [Charges]}\n",
        encoding="utf-8",
    )
    register_kind_file(path)
    result = make(kind="lettings", title="Lettings Policy", sections=[section(None, "Hire", "x")])
    assert [h.section for h in hits("PK101", result)] == ["charges"]
    assert hits("PK104", result) == []


# --------------------------------------------------------------------------- PK208


def _cp(**policy: Any) -> list[str]:
    policy.setdefault("kind", "child-protection")
    policy.setdefault("title", "Child Protection Policy")
    return [h.message for h in hits("PK208", make(**policy), AS_OF)]


@pytest.mark.parametrize(
    ("cycle", "expected"),
    [(12, 0), (6, 0), (24, 1), (36, 1), (None, 0)],
)
def test_pk208_a_stated_cycle_longer_than_the_kinds_maximum(
    cycle: int | None, expected: int
) -> None:
    found = _cp(review_cycle_months=cycle)
    assert len(found) == expected
    if expected:
        assert f"({cycle} months)" in found[0] and "12 months" in found[0]


def test_pk208_the_dates_imply_the_cycle_when_none_is_stated() -> None:
    found = _cp(approved=date("September 2024"), review_due=date("September 2026"))
    assert len(found) == 1 and "approval in September 2024" in found[0]
    # a year and a month later is within the two months' grace
    assert _cp(approved=date("15/09/2025"), review_due=date("October 2026")) == []


def test_pk208_counts_from_the_last_review_before_the_review_date() -> None:
    reviews = [Review(date=date("September 2025"))]
    assert (
        _cp(approved=date("September 2022"), reviews=reviews, review_due=date("September 2026"))
        == []
    )


def test_pk208_never_for_a_kind_with_no_required_maximum() -> None:
    result = make(kind="behaviour", title="Behaviour Policy", review_cycle_months=36, sections=[])
    assert hits("PK208", result) == []


@pytest.mark.usefixtures("own_kinds")
def test_pk208_an_unverified_maximum_is_information_only(tmp_path: Path) -> None:
    path = tmp_path / "trips.yaml"
    path.write_text(
        "id: trips\nname: Educational Visits Policy\ndefault_title: Educational Visits Policy\n"
        "review_cycle: {max_months: 12, verified: false}\n",
        encoding="utf-8",
    )
    register_kind_file(path)
    [hit] = hits("PK208", make(kind="trips", review_cycle_months=24, sections=[]))
    assert hit.severity == "info"
