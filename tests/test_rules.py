"""The rules, one by one, on hand-made documents (no Word files needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from policykit.dates import parse_date
from policykit.errors import ConfigError
from policykit.model import Paragraph, Policy, PolicyDate, Review, Section
from policykit.recognise.result import FieldValue, Notice, ParseResult, SourceParagraph
from policykit.registry import Registry
from policykit.rules import Hit, Rule, RuleContext, RuleOptions, rule
from policykit.rules.base import DOC_SECTIONS
from policykit.rules.catalogue import catalogue_markdown, rule_text

AS_OF = dt.date(2026, 11, 22)
ROOT = Path(__file__).resolve().parents[1]

CONTRACT_RULES = {
    "PK000": "internal-error",
    "PK001": "unreadable",
    "PK002": "legacy-doc",
    "PK003": "encrypted",
    "PK004": "too-large",
    "PK101": "missing-section",
    "PK102": "empty-section",
    "PK103": "duplicate-section",
    "PK201": "review-lapsed",
    "PK202": "review-due-soon",
    "PK203": "no-review-date",
    "PK204": "no-approval-date",
    "PK205": "review-before-approval",
    "PK206": "review-cycle-mismatch",
    "PK207": "unparseable-date",
    "PK301": "unsigned-review",
    "PK302": "missing-title",
    "PK303": "missing-school",
    "PK401": "outdated-reference",
    "PK402": "placeholder-text",
    "PK501": "missing-policy",
    "PK502": "duplicate-policy",
}

REGISTRY = Registry.with_builtins()


def date(text: str) -> PolicyDate:
    found = parse_date(text)
    assert found is not None, text
    return found


def section(
    section_id: str | None, heading: str, *texts: str, children: Sequence[Section] = ()
) -> Section:
    return Section(
        id=section_id,
        heading=heading,
        level=1,
        blocks=[Paragraph(text=t) for t in texts],
        sections=list(children),
    )


def complete_sections() -> list[Section]:
    return [
        section("rationale", "Rationale", "Why we do this."),
        section("aims", "Aims", "What we aim for."),
        section("procedures", "Procedures", "How we do it."),
        section("review", "Review", "This policy will be reviewed annually."),
    ]


def make(
    *,
    paragraphs: Sequence[tuple[int, str, str | None]] = (),
    fields: Sequence[FieldValue] = (),
    notices: Sequence[Notice] = (),
    **policy: Any,
) -> ParseResult:
    policy.setdefault("kind", "community-cohesion")
    policy.setdefault("title", "Community Cohesion Policy")
    policy.setdefault("school", "Oakfield Primary School")
    policy.setdefault("sections", complete_sections())
    return ParseResult(
        policy=Policy(**policy),
        paragraphs=[SourceParagraph(i, text, sec) for i, text, sec in paragraphs],
        fields=list(fields),
        notices=list(notices),
    )


def hits(
    code: str, result: ParseResult, as_of: dt.date = AS_OF, due_soon_days: int = 60
) -> list[Hit]:
    found = REGISTRY.get(code)
    assert found is not None and found.check is not None
    ctx = RuleContext(result, RuleOptions(as_of=as_of, due_soon_days=due_soon_days))
    return list(found.check(ctx))


# --------------------------------------------------------------------------- the registry


def test_every_contract_rule_is_registered_with_its_name() -> None:
    assert {r.code: r.name for r in REGISTRY} == CONTRACT_RULES


@pytest.mark.parametrize("code", sorted(CONTRACT_RULES))
def test_every_rule_is_documented(code: str) -> None:
    found = REGISTRY.get(code)
    assert found is not None
    sections = found.doc_sections()
    for heading in DOC_SECTIONS:
        assert sections.get(heading), f"{code} has no '## {heading}' section"
    text = rule_text(found)
    assert text.startswith(f"# {found.name} ({code})")
    assert f"Default severity: {found.severity}" in text


def test_rules_are_found_by_code_or_name_in_any_case() -> None:
    assert REGISTRY.get("pk201") is REGISTRY.get("review-lapsed") is REGISTRY.get("PK201")
    assert REGISTRY.get("PK999") is None


def test_select_and_ignore_most_specific_wins() -> None:
    assert REGISTRY.enabled(None) == frozenset(CONTRACT_RULES)
    assert REGISTRY.enabled(["PK2"]) == {c for c in CONTRACT_RULES if c.startswith("PK2")}
    enabled = REGISTRY.enabled(["PK2"], ["PK201"])
    assert "PK201" not in enabled and "PK202" in enabled
    assert REGISTRY.enabled(["PK201"], ["PK2"]) == {"PK201"}
    assert REGISTRY.enabled(["review-lapsed", "PK4"]) == {"PK201", "PK401", "PK402"}
    assert "PK303" not in REGISTRY.enabled(None, ["missing-school"])


@pytest.mark.parametrize("selector", ["PK9", "XYZ", "no-such-rule", ""])
def test_unknown_selectors_are_errors(selector: str) -> None:
    with pytest.raises(ConfigError, match="unknown rule"):
        REGISTRY.enabled([selector])


def test_a_rule_code_or_name_cannot_be_registered_twice() -> None:
    registry = Registry.with_builtins()
    with pytest.raises(ValueError, match="already registered"):
        registry.add_rule(REGISTRY.get("PK201"))  # type: ignore[arg-type]

    @rule("TR201", "review-lapsed", "warning", "a clash")
    def clash(ctx: RuleContext) -> list[Hit]:
        return []

    with pytest.raises(ValueError, match="already used by PK201"):
        registry.add_rule(clash)


def test_rule_codes_and_names_are_validated() -> None:
    with pytest.raises(ValueError, match="code"):
        Rule("pk1", "x", "warning", "s", "d")
    with pytest.raises(ValueError, match="kebab-case"):
        Rule("TR101", "Not Kebab", "warning", "s", "d")
    with pytest.raises(ValueError, match="severity"):
        Rule("TR101", "ok-name", "fatal", "s", "d")  # type: ignore[arg-type]


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    expected = catalogue_markdown(Registry.with_builtins())
    path = ROOT / "docs" / "rules.md"
    assert path.is_file(), "docs/rules.md is missing: run `python -m policykit.rules.catalogue`"
    assert path.read_text(encoding="utf-8") == expected, (
        "docs/rules.md is stale: run `python -m policykit.rules.catalogue docs/rules.md`"
    )


def test_catalogue_lists_every_rule_with_an_anchor() -> None:
    text = catalogue_markdown(REGISTRY)
    for code, name in CONTRACT_RULES.items():
        assert f"### {code} {name}" in text
        assert f"(#{code.lower()}-{name})" in text


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


# --------------------------------------------------------------------------- PK201-PK207


def test_pk201_wootton_park_lapsed_september_2019() -> None:
    result = make(
        approved=date("September 2016"),
        review_due=date("September 2019"),
        paragraphs=[(2, "Title", None), (12, "Review Date", None), (13, "September 2019", None)],
        fields=[FieldValue("review_due", "September 2019", "table", 2)],
    )
    (hit,) = hits("PK201", result)
    assert "September 2019" in hit.message
    assert hit.paragraph == 13  # the cell holding the date, not the table's first cell


@pytest.mark.parametrize(
    ("due", "as_of", "lapsed"),
    [
        ("September 2019", dt.date(2019, 9, 30), False),  # the last day of the period
        ("September 2019", dt.date(2019, 10, 1), True),
        ("Autumn 2021", dt.date(2021, 12, 31), False),
        ("Autumn 2021", dt.date(2022, 1, 1), True),
        ("2018/19", dt.date(2019, 8, 31), False),
        ("2018/19", dt.date(2019, 9, 1), True),
        ("12/09/2016", dt.date(2016, 9, 13), True),  # day-first: 12 September
    ],
)
def test_pk201_lapses_only_after_the_whole_period(due: str, as_of: dt.date, lapsed: bool) -> None:
    assert bool(hits("PK201", make(review_due=date(due)), as_of=as_of)) is lapsed


def test_pk201_says_when_the_date_was_inferred() -> None:
    due = date("Autumn 2021").model_copy(update={"inferred": True})
    result = make(
        review_due=due,
        review_cycle_months=48,
        reviews=[Review(date=date("Autumn 2017"), signed_by="A")],
        paragraphs=[(4, "Autumn 2017", None)],
    )
    (hit,) = hits("PK201", result)
    assert "inferred" in hit.message and hit.paragraph == 4


@pytest.mark.parametrize(
    ("due", "as_of", "days", "soon"),
    [
        ("January 2027", dt.date(2026, 11, 22), 60, True),  # starts in 40 days
        ("February 2027", dt.date(2026, 11, 22), 60, False),  # 71 days
        ("February 2027", dt.date(2026, 11, 22), 90, True),
        ("Autumn 2026", dt.date(2026, 11, 22), 60, True),  # begun, not over: due now
        ("September 2026", dt.date(2026, 11, 22), 60, False),  # lapsed: PK201's
    ],
)
def test_pk202_due_soon(due: str, as_of: dt.date, days: int, soon: bool) -> None:
    found = hits("PK202", make(review_due=date(due)), as_of=as_of, due_soon_days=days)
    assert bool(found) is soon


def test_pk203_and_pk204_when_dates_are_absent() -> None:
    result = make()
    assert len(hits("PK203", result)) == 1
    assert len(hits("PK204", result)) == 1
    dated = make(approved=date("May 2024"), review_due=date("May 2027"))
    assert hits("PK203", dated) == [] and hits("PK204", dated) == []


def test_pk203_pk204_leave_unreadable_dates_to_pk207() -> None:
    result = make(
        fields=[
            FieldValue("review_due", "TBC", "line", 3),
            FieldValue("approved", "Sprig 2019", "line", 2),
        ],
        notices=[
            Notice("date-not-a-date", "review_due: 'TBC' is not a date", "review_due", 3),
            Notice(
                "date-unparseable", "approved: cannot read 'Sprig 2019' as a date", "approved", 2
            ),
        ],
        paragraphs=[(2, "Approved: Sprig 2019", None), (3, "Review date: TBC", None)],
    )
    assert hits("PK203", result) == [] and hits("PK204", result) == []
    found = hits("PK207", result)
    assert [(h.paragraph, h.message) for h in found] == [
        (3, "the review date 'TBC' is not a date"),
        (2, "the approval date 'Sprig 2019' is not a date"),
    ]


def test_pk205_review_before_approval() -> None:
    (hit,) = hits("PK205", make(approved=date("March 2024"), review_due=date("March 2023")))
    assert "March 2023" in hit.message and "March 2024" in hit.message
    assert hits("PK205", make(approved=date("March 2024"), review_due=date("March 2024"))) == []


@pytest.mark.parametrize(
    ("approved", "due", "cycle", "mismatch"),
    [
        ("September 2016", "September 2019", 12, True),  # Wootton Park
        ("September 2016", "September 2017", 12, False),
        ("September 2016", "November 2017", 12, False),  # within two months
        ("September 2016", "March 2018", 12, True),
        ("September 2016", "September 2019", 36, False),
        ("September 2016", "September 2017", 36, True),  # reviewed sooner than stated
        ("2016", "2017", 12, False),  # year precision: anything from 0 to 24 months
        ("Summer 2016", "Summer 2017", 12, False),
        ("Autumn 2017", "Autumn 2021", 48, False),
        ("01/09/2016", "01/09/2018", 24, False),
    ],
)
def test_pk206_cycle_against_gap(approved: str, due: str, cycle: int, mismatch: bool) -> None:
    result = make(approved=date(approved), review_due=date(due), review_cycle_months=cycle)
    assert bool(hits("PK206", result)) is mismatch


def test_pk206_wootton_park_message_and_location() -> None:
    result = make(
        approved=date("September 2016"),
        review_due=date("September 2019"),
        review_cycle_months=12,
        paragraphs=[(62, "This policy will be reviewed annually.", "review")],
    )
    (hit,) = hits("PK206", result)
    assert "annually" in hit.message and "36 months" in hit.message
    assert (hit.section, hit.paragraph) == ("review", 62)


def test_pk206_skips_an_inferred_review_date_and_counts_from_a_later_review() -> None:
    inferred = date("September 2017").model_copy(update={"inferred": True})
    assert (
        hits(
            "PK206",
            make(approved=date("September 2016"), review_due=inferred, review_cycle_months=12),
        )
        == []
    )
    reviewed = make(
        approved=date("September 2016"),
        review_due=date("September 2019"),
        review_cycle_months=12,
        reviews=[Review(date=date("September 2018"), signed_by="J. Bishop")],
    )
    assert hits("PK206", reviewed) == []


# --------------------------------------------------------------------------- PK301-PK303


def test_pk301_each_unsigned_review() -> None:
    result = make(
        reviews=[
            Review(date=date("Spring 2009"), signed_by="Pam Holland"),
            Review(date=date("Spring 2013"), signed_by=" "),
            Review(date=date("Autumn 2017"), signed_by=None),
        ],
        paragraphs=[(2, "Spring 2009", None), (3, "Spring 2013", None), (4, "Autumn 2017", None)],
    )
    found = hits("PK301", result)
    assert [(h.paragraph, h.message) for h in found] == [
        (3, "the review of Spring 2013 is not signed"),
        (4, "the review of Autumn 2017 is not signed"),
    ]


def test_pk302_pk303_missing_title_and_school() -> None:
    result = make(title=None, school="  ")
    assert len(hits("PK302", result)) == 1 and len(hits("PK303", result)) == 1
    assert hits("PK302", make()) == [] and hits("PK303", make()) == []


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


# --------------------------------------------------------------------------- hand-made policies


def test_rules_read_a_policy_built_by_hand_without_located_paragraphs() -> None:
    sections = [
        *complete_sections(),
        section("roles", "Roles", "Ask the School Improvement Partner."),
    ]
    found = hits("PK401", make(sections=sections))
    assert [h.section for h in found] == ["roles"]
    assert found[0].paragraph is None
