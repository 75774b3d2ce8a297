"""The reader over the shared corpus and the two seed policies.

Split from the former tests/test_reader.py; documents come from :mod:`tests.readerdocs`.
"""

from __future__ import annotations

from policykit.docx.blocks import DocxDocument
from policykit.docx.reader import read_docx
from policykit.errors import DocumentError

from .conftest import need_shared as need_corpus
from .readerdocs import (
    by_text,
)

# -- the shared corpus -------------------------------------------------------------------


def test_every_corpus_document_reads_or_raises_a_document_error() -> None:
    corpus = need_corpus()
    files = sorted(corpus.rglob("*.docx"))
    assert len(files) > 200
    read_ok = 0
    lost: dict[str, int] = {}
    for path in files:
        before = path.stat().st_mtime_ns, path.stat().st_size
        try:
            doc = read_docx(path)
        except DocumentError as exc:
            assert exc.code in {"PK001", "PK002", "PK003", "PK004"}
            assert str(path) in str(exc)
            continue
        finally:
            assert (path.stat().st_mtime_ns, path.stat().st_size) == before
        read_ok += 1
        if doc.stats.lost:
            lost[path.name] = doc.stats.lost
    assert lost == {}
    assert read_ok >= len(files) - 5


def _policy(name: str) -> DocxDocument:
    path = need_corpus() / "policies" / name
    doc = read_docx(path)
    assert doc.stats.lost == 0
    return doc


def test_wootton_park_policy() -> None:
    doc = _policy("wootton-park.docx")
    rationale = by_text(doc, "Rationale")
    assert rationale.bold and len(rationale.runs) == 1
    bullets = [p for p in doc.paragraphs() if p.style_name == "List Bullet"]
    nested = [p for p in doc.paragraphs() if p.style_name == "List Bullet 2"]
    assert bullets and nested
    assert {p.list_level for p in bullets} == {0}
    assert {p.list_level for p in nested} == {1}
    teaching = by_text(
        doc,
        "Helping young people understand others, to value the diversity, "
        "respect human rights and to develop the skills of participation and "
        "responsible action.",
    )
    assert teaching.list_level == 1
    assert by_text(doc, "Review Date").in_table


def test_john_clifford_policy() -> None:
    doc = _policy("john-clifford.docx")
    assert by_text(doc, "Document History").heading_level == 2
    numbered = [p for p in doc.paragraphs() if p.text.startswith("there is a clearly defined")]
    assert numbered and all(p.list_level == 0 for p in numbered)
    assert sum(1 for p in doc.paragraphs() if p.list_level is not None) >= 10
    run_in = by_text(
        doc,
        "Our contribution to community cohesion can be considered in three main areas: "
        "Teaching and learning",
    )
    assert run_in.runs[-1].text == "Teaching and learning" and run_in.runs[-1].bold
    assert not run_in.bold
