"""`policykit new KIND` for every kind: a skeleton with the kind's sections and contents.

A new policy of an in-depth kind has every required section and content item
as a heading, guidance notes the school replaces (reported as placeholders
until then) and the kind's review cycle; once the notes are replaced by the
school's own text, nothing required is missing. `generate` works for every kind.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from policykit import check, parse
from policykit.cli import main
from policykit.kinds import available_kinds, get_kind
from policykit.model import Block, Paragraph, Policy, Section
from policykit.render.api import render
from policykit.render.templates import fill_template, load_template

from .test_kind_catalogue import IN_DEPTH

AS_OF = "2026-11-22"
VALUES = {"school": "Larkspur Primary School", "approved": "2026-09-14"}
KIND_RULES = {"PK101", "PK103", "PK104"}


def _new(kind_id: str) -> Policy:
    return fill_template(load_template(kind_id), VALUES).policy


def _codes(policy: Policy, folder: Path) -> list[str]:
    out = folder / "policy.docx"
    render(policy, out)
    [document] = check(out, config={}, as_of=AS_OF).documents
    assert document.error is None
    return [f.code for f in document.findings]


def _own_words(block: Block) -> Block:
    """The school's own text in place of a guidance note."""
    if isinstance(block, Paragraph) and block.text.startswith("[Insert here"):
        return Paragraph(text="Our staff follow this part of the policy and record what they do.")
    return block


def _filled(section: Section) -> Section:
    return section.model_copy(
        update={
            "blocks": [_own_words(b) for b in section.blocks],
            "sections": [_filled(s) for s in section.sections],
        }
    )


@pytest.mark.parametrize("kind_id", [*IN_DEPTH, "generic"])
def test_a_new_policy_has_every_required_part_and_asks_for_the_schools_text(
    kind_id: str, tmp_path: Path
) -> None:
    kind = get_kind(kind_id)
    policy = _new(kind_id)
    cycle = kind.review_cycle.max_months or kind.review_cycle.recommended_months or 12
    assert policy.kind == kind_id and policy.review_cycle_months == cycle
    assert policy.school == VALUES["school"]
    headings = [s.heading for s in policy.walk()]
    for section_id in kind.required:
        spec = kind.section(section_id)
        assert spec is not None and any(h in spec.headings or h == spec.title for h in headings)
    codes = _codes(policy, tmp_path)
    assert "PK402" in codes  # the guidance notes are placeholders until replaced
    assert not KIND_RULES & set(codes), codes
    filled = policy.model_copy(update={"sections": [_filled(s) for s in policy.sections]})
    codes = _codes(filled, tmp_path)
    assert not ({"PK402"} | KIND_RULES) & set(codes), codes


@pytest.mark.parametrize(
    ("kind_id", "months", "words"),
    [
        ("child-protection", 12, "annually"),
        ("accessibility-plan", 36, "every three years"),
        ("equality-objectives", 48, "every four years"),
    ],
)
def test_the_new_policy_states_the_kinds_cycle(
    kind_id: str, months: int, words: str, tmp_path: Path
) -> None:
    out = tmp_path / "new.docx"
    result = CliRunner().invoke(
        main,
        [
            "new",
            kind_id,
            "--set",
            "school=Oak Academy",
            "--set",
            "approved=2026-09-01",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    policy = parse(out)
    assert policy.review_cycle_months == months
    assert policy.review_due is not None and policy.review_due.start.year == 2026 + months // 12
    review = next(s for s in policy.sections if s.id == "review")
    text = " ".join(b.text for b in review.blocks if isinstance(b, Paragraph)).lower()
    assert words in text


def test_generate_makes_a_policy_of_every_kind(tmp_path: Path) -> None:
    data = tmp_path / "schools.csv"
    data.write_text("school,approved\nOak Academy,2026-09-01\n", encoding="utf-8")
    for kind_id in available_kinds():
        out = tmp_path / kind_id
        result = CliRunner().invoke(
            main, ["generate", kind_id, "--data", str(data), "--out-dir", str(out)]
        )
        assert result.exit_code == 0, (kind_id, result.output)
        [made] = list(out.glob("*.docx"))
        policy = parse(made)
        assert policy.kind == kind_id, (kind_id, policy.title)
        assert policy.school == "Oak Academy"


def test_an_unknown_kind_is_a_usage_error_listing_the_kinds(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", "lettings", "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2
    assert "child-protection" in result.output and not (tmp_path / "x.docx").exists()
