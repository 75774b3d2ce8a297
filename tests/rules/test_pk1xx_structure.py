"""PK101-PK103: the policy's sections against its kind's catalogue."""

from __future__ import annotations

from .helpers import (
    complete_sections,
    hits,
    make,
    section,
)

# --------------------------------------------------------------------------- PK101-PK103


def test_pk101_reports_each_missing_required_section_with_its_id() -> None:
    result = make(
        sections=[section("rationale", "Rationale", "x"), section("procedures", "Procedures", "y")]
    )
    found = hits("PK101", result)
    assert [h.section for h in found] == ["aims", "review"]
    assert all(h.paragraph is None for h in found)
    assert "'Aims'" in found[0].message


def test_pk101_is_quiet_when_every_required_section_is_there() -> None:
    assert hits("PK101", make()) == []


def test_pk101_is_quiet_for_a_kind_it_does_not_know() -> None:
    assert hits("PK101", make(kind="no-such-kind", sections=[])) == []


def test_pk101_counts_nested_sections() -> None:
    nested = [section(None, "Our policy", children=complete_sections())]
    assert hits("PK101", make(sections=nested)) == []


def test_pk102_reports_a_heading_with_nothing_under_it() -> None:
    sections = [*complete_sections(), section("roles", "Roles and Responsibilities")]
    result = make(sections=sections, paragraphs=[(40, "Roles and Responsibilities", "roles")])
    (hit,) = hits("PK102", result)
    assert (hit.section, hit.paragraph) == ("roles", 40)
    assert "Roles and Responsibilities" in hit.message


def test_pk102_a_section_whose_subsections_have_content_is_not_empty() -> None:
    sections = [
        section("aims", "Aims", children=[section(None, "Teaching", "We teach.")]),
        *complete_sections()[2:],
        complete_sections()[0],
    ]
    assert hits("PK102", make(sections=sections)) == []


def test_pk103_points_at_the_second_heading() -> None:
    sections = [*complete_sections(), section("aims", "Aims", "Again.")]
    result = make(
        sections=sections,
        paragraphs=[
            (1, "Rationale", "rationale"),
            (3, "Aims", "aims"),
            (5, "Procedures", "procedures"),
            (7, "Review", "review"),
            (9, "Aims", "aims"),
        ],
    )
    (hit,) = hits("PK103", result)
    assert (hit.section, hit.paragraph) == ("aims", 9)
