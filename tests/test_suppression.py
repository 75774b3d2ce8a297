"""Suppressions in the document: a Word comment ``policykit: ignore CODE ...``.

It silences exactly its codes on the paragraph it is anchored on (on the
title: in the whole document); one that silences nothing is reported as PK901.
The documents are written by python-docx (its own comments support), so the
comments are anchored as another program anchors them.
"""

from __future__ import annotations

from pathlib import Path

from policykit import check
from policykit.records import Finding
from policykit.suppression import parse_suppression
from tests.edit_helpers import make_policy, standard_paragraphs

AS_OF = "2026-11-22"


def found(path: Path, **options: object) -> list[Finding]:
    report = check([path], as_of=AS_OF, **options)  # type: ignore[arg-type]
    document = report.documents[0]
    assert document.error is None
    return document.findings


def codes_at(findings: list[Finding]) -> set[tuple[str, int | None]]:
    return {(f.code, f.paragraph) for f in findings}


def test_parsing_the_comment_text() -> None:
    assert parse_suppression("policykit: ignore PK401") == (("PK401",), "")
    assert parse_suppression("Policykit:ignore pk401, PK206 governors agreed 2025") == (
        ("PK401", "PK206"),
        "governors agreed 2025",
    )
    assert parse_suppression("policykit: ignore PK4 - all wording") == (("PK4",), "- all wording")
    assert parse_suppression("please ignore PK401") is None
    assert parse_suppression("policykit: fixed") is None
    assert parse_suppression("policykit: ignore because we said so") == ((), "because we said so")


def test_a_suppression_silences_its_code_on_its_paragraph_only(tmp_path: Path) -> None:
    plain = make_policy(tmp_path / "plain.docx", standard_paragraphs())
    before = found(plain)
    sef = [f for f in before if f.code == "PK401" and f.paragraph is not None]
    assert len(sef) == 1, before  # "the SEF" in the rationale
    paragraphs = standard_paragraphs()
    paragraphs[5].comments.append("policykit: ignore PK401 the governors keep this wording")
    suppressed = make_policy(tmp_path / "suppressed.docx", paragraphs)
    after = found(suppressed)
    assert codes_at(after) == codes_at(before) - {("PK401", sef[0].paragraph)}


def test_a_suppression_on_another_paragraph_silences_nothing_and_is_reported(
    tmp_path: Path,
) -> None:
    paragraphs = standard_paragraphs()
    paragraphs[7].comments.append("policykit: ignore PK401")  # the aims: no PK401 there
    path = make_policy(tmp_path / "p.docx", paragraphs)
    after = found(path)
    plain = found(make_policy(tmp_path / "plain.docx", standard_paragraphs()))
    unused = [f for f in after if f.code == "PK901"]
    assert len(unused) == 1
    assert unused[0].severity == "info" and unused[0].name == "unused-suppression"
    assert "PK401" in unused[0].message
    assert codes_at([f for f in after if f.code != "PK901"]) == codes_at(plain)
    aims = next(f for f in after if f.code == "PK901").paragraph
    assert aims is not None


def test_on_the_title_it_covers_the_whole_document(tmp_path: Path) -> None:
    paragraphs = [p for p in standard_paragraphs() if p.text != "Aims"]
    plain = make_policy(tmp_path / "plain.docx", paragraphs)
    assert any(f.code == "PK101" for f in found(plain))
    paragraphs[0].comments.append("policykit: ignore PK101, PK401 accepted by the trust")
    path = make_policy(tmp_path / "p.docx", paragraphs)
    after = found(path)
    assert not [f for f in after if f.code in ("PK101", "PK401", "PK901")]
    assert codes_at(after) == {c for c in codes_at(found(plain)) if c[0] not in ("PK101", "PK401")}


def test_codes_that_did_not_run_are_not_called_unused(tmp_path: Path) -> None:
    paragraphs = standard_paragraphs()
    paragraphs[7].comments.append("policykit: ignore PK401")
    path = make_policy(tmp_path / "p.docx", paragraphs)
    assert not [f for f in found(path, ignore=["PK401"]) if f.code == "PK901"]
    assert not [f for f in found(path, ignore=["PK901"]) if f.code == "PK901"]


def test_ordinary_comments_change_nothing(tmp_path: Path) -> None:
    paragraphs = standard_paragraphs()
    paragraphs[5].comments.append("Can we say more about the SEF here?")
    paragraphs[0].comments.append("policykit says this is fine")
    path = make_policy(tmp_path / "p.docx", paragraphs)
    plain = make_policy(tmp_path / "plain.docx", standard_paragraphs())
    assert codes_at(found(path)) == codes_at(found(plain))


def test_a_suppression_without_codes_is_reported(tmp_path: Path) -> None:
    paragraphs = standard_paragraphs()
    paragraphs[5].comments.append("policykit: ignore this please")
    after = found(make_policy(tmp_path / "p.docx", paragraphs))
    unused = [f for f in after if f.code == "PK901"]
    assert len(unused) == 1 and "names no rule code" in unused[0].message
    assert any(f.code == "PK401" for f in after)
