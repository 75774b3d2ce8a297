"""Each rule's fixture documents give exactly their expected findings; each documented example runs.

See :mod:`tests.rules.fixtures` for the layout of ``tests/fixtures/rules``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykit import check
from policykit.parsing import parse_document
from policykit.registry import Registry
from policykit.render.api import render
from policykit.render.source import load_policy
from policykit.rules import Rule

from .fixtures import FIXTURES, Fixture, all_fixtures

REGISTRY = Registry.with_builtins()
FIXTURE_LIST = all_fixtures()
# The families whose every rule must have a documented example fixture.
FAMILIES = re.compile(r"^PK[1-4]\d\d$")


def _render(fixture: Fixture, folder: Path) -> Path:
    out = folder / f"{fixture.path.stem}.docx"
    render(load_policy(fixture.path), out)
    return out


@pytest.mark.parametrize("fixture", FIXTURE_LIST, ids=lambda f: f.id)
def test_fixture_gives_exactly_its_expected_findings(fixture: Fixture, tmp_path: Path) -> None:
    report = check(_render(fixture, tmp_path), config={}, as_of=fixture.as_of)
    [document] = report.documents
    assert document.error is None
    found = tuple(sorted(f.code for f in document.findings))
    assert found == fixture.expect, [f.message for f in document.findings]


def test_every_rule_of_the_families_has_an_example_fixture() -> None:
    examples = {f.code for f in FIXTURE_LIST if f.path.stem == "example"}
    for one in REGISTRY:
        if FAMILIES.match(one.code) and one.check is not None:
            assert one.code in examples, f"no tests/fixtures/rules/{one.code}/example.yaml"
    for folder in FIXTURES.iterdir():  # no folder for a code that does not exist
        assert REGISTRY.get(folder.name) is not None, folder.name


def _example_pieces(rule: Rule) -> tuple[list[str], bool]:
    """What the documented example shows of the document itself, and whether all must be there.

    The lines of its code block (numbering, "..." and report lines left out, a
    table row split at its column gaps): all of them. With no code block, its
    `quoted` parts: one of them (the prose gives alternatives).
    """
    example = rule.doc_sections()["Example"]
    blocks = re.findall(r"```\n(.*?)```", example, re.DOTALL)
    if not blocks:
        quoted = re.findall(r"`([^`]+)`", example)
        return [p for p in quoted if not p.endswith((".docx", ".doc"))], False
    pieces: list[str] = []
    for line in "\n".join(blocks).splitlines():
        line = re.sub(r"^\s*\d+\.\s+", "", line).strip()
        if not line or line == "..." or re.search(r"\bPK\d{3}\b", line):
            continue  # a finding as reported, not the document
        line = line.replace(" ...", "")
        pieces.extend(p for p in re.split(r"\s{2,}", line) if p)
    return pieces, True


def _shown(piece: str, text: str) -> bool:
    """A piece is in the text, a "Label: value" one as its label and its value (a table row)."""
    parts = [p for p in (" ".join(x.split()).lower() for x in piece.split(": ")) if p]
    return all(p in text for p in parts)


EXAMPLES = [f for f in FIXTURE_LIST if f.path.stem == "example"]


@pytest.mark.parametrize("fixture", EXAMPLES, ids=lambda f: f.id)
def test_the_documented_example_is_the_fixture_and_gives_the_rule(
    fixture: Fixture, tmp_path: Path
) -> None:
    rule = REGISTRY.get(fixture.code)
    assert rule is not None
    assert rule.code in fixture.expect
    result = parse_document(_render(fixture, tmp_path))
    text = " ".join(" ".join(p.text for p in result.paragraphs).split()).lower()
    pieces, every = _example_pieces(rule)
    if not pieces:
        return  # an example told in words only ("A document that starts with ...")
    shown = [_shown(piece, text) for piece in pieces]
    assert all(shown) if every else any(shown), (rule.code, pieces, shown)
