"""PK401 outdated-reference: the phrase table, its guards, and the current-duties check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policykit.dates import parse_date
from policykit.model import Policy
from policykit.recognise.result import ParseResult, SourceParagraph
from policykit.registry import Registry
from policykit.rules import Hit, RuleContext, RuleOptions
from policykit.rules.outdated import DATA_FILE, load_table, outdated_table

from .helpers import complete_sections, hits, make, section

AS_OF = dt.date(2026, 11, 22)
PK401 = Registry.with_builtins().get("PK401")


def run(texts: list[str], as_of: dt.date = AS_OF, approved: str | None = None) -> list[Hit]:
    assert PK401 is not None and PK401.check is not None
    policy = Policy(kind="community-cohesion", approved=parse_date(approved) if approved else None)
    result = ParseResult(policy, [SourceParagraph(i, t, "rationale") for i, t in enumerate(texts)])
    return list(PK401.check(RuleContext(result, RuleOptions(as_of=as_of))))


def ids(texts: list[str], as_of: dt.date = AS_OF) -> list[str]:
    return [h.key.split(":")[0] for h in run(texts, as_of) if h.key]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It is reflected in the school SEF and SIP.", "sef"),
        ("Governors complete the self-evaluation form each year.", "sef"),
        (
            "Ofsted, who will be looking at community cohesion in every school",
            "ofsted-community-cohesion",
        ),
        (
            "Ofsted inspectors will report on our contribution to community cohesion.",
            "ofsted-community-cohesion",
        ),
        (
            "Community cohesion is judged by Ofsted as part of leadership.",
            "ofsted-community-cohesion",
        ),
        ("Schools will have to show this from September 2008.", "from-september-2008"),
        (
            "From September 2007, all schools had a new duty to promote community cohesion.",
            "a-new-duty",
        ),
        ("Our School Improvement Partner visits each term.", "school-improvement-partner"),
        ("Guidance from the DCSF (2007) sets out the duty.", "dcsf"),
        ("See the Department for Children, Schools and Families guidance.", "dcsf"),
        ("DfES guidance on inclusion applies.", "dfes"),
        ("The five outcomes of Every Child Matters guide our work.", "every-child-matters"),
        ("Our ECM outcomes are reviewed annually.", "every-child-matters"),
        ("We meet our duties under the Race Relations (Amendment) Act 2000.", "race-relations-act"),
        (
            "The Disability Discrimination Act 2005 requires a scheme.",
            "disability-discrimination-act",
        ),
        ("The Sex Discrimination Act 1975 applies.", "sex-discrimination-act"),
        ("Our Race Equality Scheme is published on the website.", "equality-schemes"),
        ("The gender equality duty came into force in 2007.", "equality-schemes"),
        ("The Equality Bill will bring these duties together.", "equality-bill"),
        ("See Statutory policies for schools (DfE).", "statutory-policies-for-schools"),
    ],
)
def test_outdated_wording_is_found(text: str, expected: str) -> None:
    assert expected in ids([text])


@pytest.mark.parametrize(
    "text",
    [
        # "SIP" alone is the School Improvement Plan: current.
        "Priorities are set out in the SIP.",
        "The School Improvement Plan sets our priorities.",
        # The motto, not the programme.
        "Our school is a place where every child matters.",
        "Welcome to Oakfield, Where Every Child Matters.",
        "We believe every child matters.",
        # History, not an error.
        "The Equality Act 2010 replaced the Race Relations Act and the Disability "
        "Discrimination Act.",
        "Ofsted no longer reports on community cohesion, but the duty remains.",
        "The SEF was withdrawn in 2011.",
        # Past tense about 2008 is not a promise.
        "Ofsted began reporting on this from September 2008 until 2011.",
        # "a new duty" unrelated to the 2007 duty
        "The trust has taken on a new duty of care for its minibus.",
        # Current law and bodies.
        "We follow the Equality Act 2010 and guidance from the DfE.",
        "Self-evaluation is part of our improvement planning.",
    ],
)
def test_guards_prevent_false_alarms(text: str) -> None:
    assert ids([text]) == []


def test_john_clifford_paragraph_gives_sef_and_ofsted() -> None:
    texts = [
        "From September 2007, all schools had a new duty to promote 'community cohesion'. "
        "This role is now being highlighted further by Ofsted, who will be looking at community "
        "cohesion in every school in inspections from September 2008.",
        "We need to review our approach and ensure it is reflected in the school SEF and SIP.",
    ]
    found = ids(texts)
    assert {"sef", "ofsted-community-cohesion", "from-september-2008", "a-new-duty"} <= set(found)
    assert "school-improvement-partner" not in found


def test_wording_is_outdated_only_once_its_date_has_passed() -> None:
    text = ["Ofsted inspectors will report on our contribution to community cohesion."]
    assert ids(text, as_of=dt.date(2010, 1, 1)) == []
    assert ids(text, as_of=dt.date(2012, 1, 1)) == ["ofsted-community-cohesion"]


def test_one_finding_per_phrase_per_paragraph_with_its_location() -> None:
    found = run(["The SEF, the SEF and again the SEF.", "Nothing here.", "SEF"])
    assert [h.paragraph for h in found] == [0, 2]
    assert all(h.section == "rationale" for h in found)
    assert "2011" in found[0].message


def test_current_duties_info_for_a_policy_approved_after_july_2015() -> None:
    found = run(["We celebrate diversity."], approved="September 2016")
    assert [(h.key, h.severity) for h in found] == [("current-duties", "info")]
    assert "British values" in found[0].message
    for mention in (
        "We promote fundamental British values.",
        "We meet the Prevent duty.",
        "We comply with the Equality Act 2010.",
    ):
        assert run([mention], approved="September 2016") == []
    assert run(["We celebrate diversity."], approved="June 2015") == []
    assert run(["We celebrate diversity."]) == []  # no approval date: nothing to compare


def test_the_data_file_is_complete() -> None:
    table = outdated_table()
    assert len(table.references) >= 14
    for ref in table.references:
        assert ref.why and ref.since.year >= 2000, ref.id
    assert table.current_duties is not None


def test_a_bad_data_file_names_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "outdated.yaml"
    bad.write_text(
        "references:\n  - id: x\n    triggers: [x]\n    pattern: '(unclosed'\n"
        "    since: 2011-01-01\n    why: w\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"references\.0\.pattern"):
        load_table(bad)
    bad.write_text(
        "references:\n  - id: x\n    triggers: [a]\n    pattern: a\n    why: w\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"references\.0\.since"):
        load_table(bad)


@pytest.mark.parametrize(
    ("guard", "error"),
    [
        # each compiles alone, but they are tried as one alternation: say so, by key
        ("unless: ['(?P<g>a)', '(?P<g>b)']", r"references\.0\.unless.*do not compile together"),
        ("requires: [ok, 'bad(']", r"references\.0\.requires.*'bad\('"),
    ],
)
def test_guards_that_cannot_be_one_pattern_are_named(
    tmp_path: Path, guard: str, error: str
) -> None:
    bad = tmp_path / "outdated.yaml"
    bad.write_text(
        "references:\n  - id: x\n    triggers: [x]\n    pattern: x\n"
        f"    since: 2011-01-01\n    why: w\n    {guard}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=error):
        load_table(bad)


def test_a_table_loaded_without_compiling_is_still_checked(tmp_path: Path) -> None:
    # compile_now=False (the built-in table at run time) leaves only the patterns for later
    bad = tmp_path / "outdated.yaml"
    bad.write_text(
        "references:\n  - id: x\n    triggers: [x]\n    pattern: 'x (?P<edition>[0-9]{4})'\n"
        "    since: 2011-01-01\n    why: w\n    editions:\n"
        "      - {edition: 2024, in_force: 2024-09-01}\n"
        "      - {edition: 2023, in_force: 2023-09-01}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="oldest first"):
        load_table(bad, compile_now=False)


def test_every_pattern_of_the_built_in_table_compiles() -> None:
    # A run compiles each pattern when it is first needed; this load compiles them all,
    # so a bad pattern in the shipped table is found here, not in a user's run.
    table = load_table(DATA_FILE)
    patterns = [
        regex
        for ref in table.references
        for regex in (ref.pattern, ref.unless, ref.requires, ref.not_after)
        if regex is not None
    ]
    # (each property compiles its pattern: a pattern that does not compile raises here)
    assert len(patterns) > len(table.references)
    assert table.current_duties is not None
    assert table.current_duties.pattern.search("the Prevent duty")
    assert [ref.id for ref in outdated_table().references] == [r.id for r in table.references]


def test_the_data_file_ships_inside_the_package() -> None:
    assert DATA_FILE.is_file()
    assert "policykit" in DATA_FILE.parts[-3]


# --------------------------------------------------------------------------- hand-made policies


def test_rules_read_a_policy_built_by_hand_without_located_paragraphs() -> None:
    sections = [
        *complete_sections(),
        section("roles", "Roles", "Ask the School Improvement Partner."),
    ]
    found = hits("PK401", make(sections=sections))
    assert [h.section for h in found] == ["roles"]
    assert found[0].paragraph is None
